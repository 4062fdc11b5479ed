/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_ROOT_H
#define VFIO_READY_PROBE_ROOT_H

/*
 * The one root handle.  Every file the tool reads about a machine is read
 * through a struct root: the live machine is the root "/", a snapshot is a
 * directory (or an unpacked .tar.gz).  Paths are always relative to the root
 * ("proc/cmdline", "sys/kernel/iommu_groups").
 *
 * Resolution is done component by component in user space: symbolic links,
 * absolute or relative, are followed *inside* the root ("/sys/x" in a
 * snapshot means SNAP/sys/x) and ".." never climbs above it, so a hostile
 * snapshot cannot make us read a file of the host.  At most ROOT_MAX_LINKS
 * links are followed per lookup (the kernel's MAXSYMLINKS).
 *
 * Every read takes a byte cap; what lies past it is not read and the blob
 * says so (truncated).  Nothing here writes anything.
 *
 * A root can record what it was asked for (root_record_start()): the
 * physical files and directories read and every symlink crossed on the way.
 * `vfio-ready capture` replays that record into a snapshot, so a snapshot
 * holds exactly what the checks read, through the same code paths.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#define ROOT_MAX_LINKS 40
#define ROOT_PATH_MAX 1024

/* Common caps for root_read(). */
#define CAP_ATTR   ((size_t)64 * 1024)          /* a sysfs/procfs attribute */
#define CAP_TEXT   ((size_t)4 * 1024 * 1024)    /* cpuinfo, config, os files */
#define CAP_TABLE  ((size_t)4 * 1024 * 1024)    /* one ACPI table */
#define CAP_KLOG   ((size_t)16 * 1024 * 1024)   /* the kernel log */

struct root;

/* A buffer read from a root; data is always NUL-terminated (data[len]==0). */
struct blob {
	char *data;
	size_t len;
	bool truncated;   /* the file is larger than the cap */
};

void blob_release(struct blob *b);

/*
 * Open DIR as a root.  "/" (after realpath) is the live machine.
 * Returns 0 or -errno; on error *out is NULL.
 */
int root_open(const char *dir, struct root **out);
void root_free(struct root *r);
/*
 * A second handle on R's root for another thread: the same directory, a
 * lookup cache of its own (a handle's cache is not shared), no recorder.
 * -EBUSY while R records: a capture reads through its one recorder.
 * Free with root_free().
 */
int root_clone(const struct root *r, struct root **out);

bool root_is_live(const struct root *r);
/* The host directory the root stands for (realpath), e.g. "/" or "/tmp/snap". */
const char *root_dir(const struct root *r);

/*
 * Read PATH (relative to the root) into *out, at most CAP bytes.
 * Returns 0, or -ENOENT, -EACCES, -EISDIR, -ELOOP, -ENOMEM, -EIO ...
 * On error *out is left empty ({NULL,0,false}).
 */
int root_read(const struct root *r, const char *path, size_t cap,
	      struct blob *out);

/*
 * The first line of the attribute PATH (read with CAP_ATTR), trailing blanks
 * removed, into BUF (cut to LEN-1 bytes).  Returns 0 or -errno; BUF is ""
 * on error.
 */
int root_read_line(const struct root *r, const char *path, char *buf,
		   size_t len);

/* lstat-like status of PATH after resolving every link but the last. */
int root_lstat(const struct root *r, const char *path, struct stat *st);
/* stat of PATH with every link resolved inside the root. */
int root_stat(const struct root *r, const char *path, struct stat *st);
bool root_exists(const struct root *r, const char *path);

/*
 * The target of the symlink PATH, as stored (not resolved).  Returns the
 * length or -errno; BUF is NUL-terminated.
 */
int root_readlink(const struct root *r, const char *path, char *buf,
		  size_t len);
/* The last component of the link target of PATH ("vfio-pci" for .../driver). */
int root_link_basename(const struct root *r, const char *path, char *buf,
		       size_t len);

/*
 * The entries of directory PATH, without "." and "..", sorted with
 * strverscmp() so "10" follows "9".  *names is a NULL-terminated array the
 * caller frees with root_names_free().  At most MAX entries are returned
 * (-E2BIG past that, with nothing allocated).
 */
int root_list(const struct root *r, const char *path, size_t max,
	      char ***names, size_t *count);
void root_names_free(char **names);

/*
 * Open PATH for reading and return a plain fd (O_RDONLY|O_CLOEXEC), for
 * libraries that want a file name: pass "/proc/self/fd/N".  Caller closes.
 */
int root_open_fd(const struct root *r, const char *path);

/* Recording, for capture. */
enum root_rec_kind {
	ROOT_REC_FILE,     /* physical file read: path */
	ROOT_REC_DIR,      /* physical directory stat'ed: path */
	ROOT_REC_LIST,     /* physical directory whose entries were listed */
	ROOT_REC_LINK,     /* symlink crossed or read: path -> target */
	ROOT_REC_NODE,     /* stat() of a non-regular, non-dir object (dev/kvm) */
};

struct root_rec {
	enum root_rec_kind kind;
	char *path;        /* physical path relative to the root, no leading / */
	char *target;      /* ROOT_REC_LINK only */
	size_t cap;        /* ROOT_REC_FILE: the cap it was read with */
	mode_t mode;       /* ROOT_REC_NODE/FILE: st_mode */
};

void root_record_start(struct root *r);
/* Is R recording (so a reader whose library bypasses the root handle should
 * also read its files through it, for capture)? */
bool root_recording(const struct root *r);
/* The records so far, in first-seen order, without duplicates. */
const struct root_rec *root_records(const struct root *r, size_t *count);

#endif
