/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshots: the SNAPSHOT manifest, and opening a snapshot directory or a
 * capture archive.  Archives come from strangers (bug reports), so the
 * unpacker trusts nothing in them: every member is checked before anything
 * is written, sizes are bounded, and a refused archive leaves nothing behind.
 */
#include "snapshot.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"
#include "root.h"

/* ---- the manifest ------------------------------------------------------- */

/* Copy VAL (VLEN bytes) into DST; a value that does not fit is refused
 * rather than cut, so a mangled manifest is not half-believed. */
static int meta_copy(char *dst, size_t dstlen, const char *key,
		     const char *val, size_t vlen, char *err, size_t errlen)
{
	if (vlen >= dstlen) {
		snprintf(err, errlen, "SNAPSHOT: %s is too long (%zu bytes)",
			 key, vlen);
		return -EINVAL;
	}
	memcpy(dst, val, vlen);
	dst[vlen] = 0;
	return 0;
}

static int meta_format(const char *val, size_t vlen, int *format, char *err,
		       size_t errlen)
{
	char num[16], *end;
	unsigned long v;

	if (vlen == 0 || vlen >= sizeof(num))
		goto bad;
	memcpy(num, val, vlen);
	num[vlen] = 0;
	if (num[0] < '0' || num[0] > '9')
		goto bad;
	errno = 0;
	v = strtoul(num, &end, 10);
	if (errno || *end || v == 0 || v > 1000000)
		goto bad;
	*format = (int)v;
	return 0;
bad:
	snprintf(err, errlen, "SNAPSHOT: format is not a positive number");
	return -EINVAL;
}

static int meta_yesno(const char *val, size_t vlen, const char *key,
		      bool *out, char *err, size_t errlen)
{
	if (vlen == 3 && !memcmp(val, "yes", 3))
		*out = true;
	else if (vlen == 2 && !memcmp(val, "no", 2))
		*out = false;
	else {
		snprintf(err, errlen, "SNAPSHOT: %s must be yes or no", key);
		return -EINVAL;
	}
	return 0;
}

static int meta_line(const char *line, size_t len, unsigned lineno,
		     struct snapshot_meta *m, char *err, size_t errlen)
{
	const char *eq = memchr(line, '=', len);
	size_t klen;
	const char *val;
	size_t vlen;

	if (len && line[len - 1] == '\r')
		len--;
	if (len == 0 || line[0] == '#')
		return 0;
	if (!eq) {
		snprintf(err, errlen, "SNAPSHOT line %u is not key=value",
			 lineno);
		return -EINVAL;
	}
	klen = (size_t)(eq - line);
	val = eq + 1;
	vlen = len - klen - 1;

#define KEY_IS(k) (klen == sizeof(k) - 1 && !memcmp(line, k, klen))
	if (KEY_IS("format"))
		return meta_format(val, vlen, &m->format, err, errlen);
	if (KEY_IS("tool_version"))
		return meta_copy(m->tool_version, sizeof(m->tool_version),
				 "tool_version", val, vlen, err, errlen);
	if (KEY_IS("kernel_release"))
		return meta_copy(m->kernel_release, sizeof(m->kernel_release),
				 "kernel_release", val, vlen, err, errlen);
	if (KEY_IS("as_root")) {
		m->as_root_known = true;
		return meta_yesno(val, vlen, "as_root", &m->as_root, err,
				  errlen);
	}
	if (KEY_IS("redacted"))
		return meta_yesno(val, vlen, "redacted", &m->redacted, err,
				  errlen);
#undef KEY_IS
	/* Unknown keys are ignored: a newer writer may add facts an older
	 * reader does not need, and bumps format when it breaks one. */
	return 0;
}

int snapshot_meta_parse(const char *text, size_t len,
			struct snapshot_meta *m, char *err, size_t errlen)
{
	size_t pos = 0;
	unsigned lineno = 0;
	int e;

	memset(m, 0, sizeof(*m));
	if (memchr(text, 0, len)) {
		snprintf(err, errlen, "SNAPSHOT contains a NUL byte: "
			 "not a vfio-ready manifest");
		return -EINVAL;
	}
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		lineno++;
		e = meta_line(line, llen, lineno, m, err, errlen);
		if (e) {
			memset(m, 0, sizeof(*m));
			return e;
		}
		pos += llen + (nl ? 1 : 0);
	}
	if (m->format == 0) {
		snprintf(err, errlen, "SNAPSHOT has no format line");
		goto bad;
	}
	if (m->format > SNAPSHOT_FORMAT) {
		snprintf(err, errlen, "snapshot format %d is newer than this "
			 "vfio-ready understands (%d)", m->format,
			 SNAPSHOT_FORMAT);
		goto bad;
	}
	m->present = true;
	return 0;
bad:
	memset(m, 0, sizeof(*m));
	return -EINVAL;
}

int snapshot_meta_read(const struct root *r, struct snapshot_meta *m,
		       char *err, size_t errlen)
{
	struct blob b;
	int e;

	memset(m, 0, sizeof(*m));
	e = root_read(r, SNAP_MANIFEST, CAP_ATTR, &b);
	if (e) {
		snprintf(err, errlen, "%s: %s", SNAP_MANIFEST, strerror(-e));
		return e;
	}
	if (b.truncated) {
		snprintf(err, errlen, "%s is larger than %zu bytes",
			 SNAP_MANIFEST, (size_t)CAP_ATTR);
		blob_release(&b);
		return -EINVAL;
	}
	e = snapshot_meta_parse(b.data, b.len, m, err, errlen);
	blob_release(&b);
	return e;
}

/* ---- unpacking a capture archive ---------------------------------------- */

#define UNPACK_MAX_MEMBERS     200000
#define UNPACK_MAX_MEMBER_SIZE (64ull * 1024 * 1024)
#define UNPACK_MAX_TOTAL       (512ull * 1024 * 1024)

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* A member name is acceptable when it is relative and no component is "..";
 * libarchive checks the same, this gives the user a clear message first. */
static bool member_name_ok(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/' || strlen(name) >= ROOT_PATH_MAX)
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n;
		while (*p == '/')
			p++;
	}
	return true;
}

/* lstat of member NAME; a trailing slash would follow a symlink. */
static bool member_exists(const char *name, struct stat *st)
{
	char path[ROOT_PATH_MAX];
	size_t n = strlen(name);   /* < ROOT_PATH_MAX: member_name_ok() */

	memcpy(path, name, n + 1);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = 0;
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW) == 0;
}

static const char *member_kind_refused(mode_t type)
{
	switch (type) {
	case AE_IFCHR:
		return "a character device";
	case AE_IFBLK:
		return "a block device";
	case AE_IFIFO:
		return "a FIFO";
	case AE_IFSOCK:
		return "a socket";
	default:
		return "of an unknown type";
	}
}

/* Copy one member's data, counting what is really written (a header's size
 * can lie; the bytes cannot). */
static int unpack_data(struct archive *in, struct archive *out,
		       const char *name, unsigned long long *total,
		       char *err, size_t errlen)
{
	unsigned long long size = 0;
	char buf[64 * 1024];

	for (;;) {
		la_ssize_t n = archive_read_data(in, buf, sizeof(buf));

		if (n == 0)
			return 0;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", name,
				 archive_error_string(in));
			return -EIO;
		}
		size += (unsigned long long)n;
		*total += (unsigned long long)n;
		if (size > UNPACK_MAX_MEMBER_SIZE) {
			snprintf(err, errlen, "member %s is larger than "
				 "64 MiB", name);
			return -EFBIG;
		}
		if (*total > UNPACK_MAX_TOTAL) {
			snprintf(err, errlen, "the archive unpacks to more "
				 "than 512 MiB");
			return -EFBIG;
		}
		if (archive_write_data(out, buf, (size_t)n) != n) {
			snprintf(err, errlen, "%s: %s", name,
				 archive_error_string(out));
			return -EIO;
		}
	}
}

/* Check ENTRY and neuter what we never restore; 0 or -errno with ERR. */
static int unpack_vet(struct archive_entry *entry, const char *name,
		      char *err, size_t errlen)
{
	mode_t type = archive_entry_filetype(entry);
	mode_t perm = archive_entry_perm(entry) & 0777;

	if (!member_name_ok(name)) {
		snprintf(err, errlen, "refusing member \"%.200s\": absolute "
			 "or \"..\" name", name);
		return -EINVAL;
	}
	if (archive_entry_hardlink(entry)) {
		snprintf(err, errlen, "refusing member %.200s: a hard link",
			 name);
		return -EINVAL;
	}
	if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) {
		snprintf(err, errlen, "refusing member %.200s: %s", name,
			 member_kind_refused(type));
		return -EINVAL;
	}
	if (type == AE_IFREG && archive_entry_size_is_set(entry) &&
	    archive_entry_size(entry) > (la_int64_t)UNPACK_MAX_MEMBER_SIZE) {
		snprintf(err, errlen, "member %.200s is larger than 64 MiB",
			 name);
		return -EFBIG;
	}
	/* Plain permission bits only, readable by us so the tree can be read
	 * and removed; never setuid/setgid/sticky, owners, ACLs or xattrs. */
	if (type == AE_IFDIR)
		perm |= 0700;
	else if (type == AE_IFREG)
		perm |= 0600;
	archive_entry_set_perm(entry, perm);
	archive_entry_acl_clear(entry);
	archive_entry_xattr_clear(entry);
	archive_entry_set_fflags(entry, 0, 0);
	return 0;
}

static int unpack_members(struct archive *in, struct archive *out,
			  char *err, size_t errlen)
{
	unsigned long long total = 0;
	unsigned long members = 0;
	struct archive_entry *entry;
	struct stat st;
	int e;

	for (;;) {
		int rc = archive_read_next_header(in, &entry);
		const char *name;

		if (rc == ARCHIVE_EOF)
			return 0;
		if (rc < ARCHIVE_WARN) {
			snprintf(err, errlen, "%s", archive_error_string(in));
			return -EINVAL;
		}
		if (++members > UNPACK_MAX_MEMBERS) {
			snprintf(err, errlen, "the archive has more than %d "
				 "members", UNPACK_MAX_MEMBERS);
			return -E2BIG;
		}
		name = archive_entry_pathname(entry);
		if (!name) {
			snprintf(err, errlen, "member %lu has no usable name",
				 members);
			return -EINVAL;
		}
		/* "./" itself is the root, which already exists. */
		if (!strcmp(name, ".") || !strcmp(name, "./"))
			continue;
		e = unpack_vet(entry, name, err, errlen);
		if (e)
			return e;
		/* libarchive would replace a symlink by a later member of the
		 * same name despite NO_OVERWRITE; a capture never repeats a
		 * name, so refuse outright.  Only a directory may recur. */
		if (member_exists(name, &st) &&
		    !(S_ISDIR(st.st_mode) &&
		      archive_entry_filetype(entry) == AE_IFDIR)) {
			snprintf(err, errlen, "refusing member %.200s: it "
				 "appears twice", name);
			return -EINVAL;
		}
		if (archive_write_header(out, entry) < ARCHIVE_WARN) {
			snprintf(err, errlen, "refusing member %.200s: %s",
				 name, archive_error_string(out));
			return -EINVAL;
		}
		if (archive_entry_filetype(entry) == AE_IFREG) {
			e = unpack_data(in, out, name, &total, err, errlen);
			if (e)
				return e;
		}
		if (archive_write_finish_entry(out) < ARCHIVE_WARN) {
			snprintf(err, errlen, "%.200s: %s", name,
				 archive_error_string(out));
			return -EIO;
		}
	}
}

/*
 * Unpack archive PATH into DIR.  libarchive's secure flags only judge names
 * relative to the working directory, so we work from inside DIR and come
 * back to where we were.
 */
static int unpack_into(const char *path, const char *dir, char *err,
		       size_t errlen)
{
	const int flags = ARCHIVE_EXTRACT_SECURE_SYMLINKS |
			  ARCHIVE_EXTRACT_SECURE_NODOTDOT |
			  ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS |
			  ARCHIVE_EXTRACT_NO_OVERWRITE;
	struct archive *in = NULL, *out = NULL;
	int here, e = 0;

	here = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (here < 0) {
		e = -errno;
		snprintf(err, errlen, "cannot note the working directory: %s",
			 strerror(-e));
		return e;
	}
	in = archive_read_new();
	out = archive_write_disk_new();
	if (!in || !out) {
		snprintf(err, errlen, "out of memory");
		e = -ENOMEM;
		goto done;
	}
	archive_read_support_filter_gzip(in);
	archive_read_support_format_tar(in);
	archive_write_disk_set_options(out, flags);
	if (archive_read_open_filename(in, path, (size_t)64 * 1024) !=
	    ARCHIVE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 archive_error_string(in));
		e = -EINVAL;
		goto done;
	}
	if (chdir(dir) < 0) {
		e = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(-e));
		goto done;
	}
	e = unpack_members(in, out, err, errlen);
	if (archive_write_close(out) < ARCHIVE_WARN && !e) {
		snprintf(err, errlen, "%s", archive_error_string(out));
		e = -EIO;
	}
	if (fchdir(here) < 0 && !e) {
		e = -errno;
		snprintf(err, errlen, "cannot return to the working "
			 "directory: %s", strerror(-e));
	}
done:
	archive_read_free(in);
	archive_write_free(out);
	close(here);
	return e;
}

static char *make_private_dir(const char *prefix, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char *dir;
	int n;

	/* A relative TMPDIR would move with our working directory. */
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	n = snprintf(NULL, 0, "%s/%s.XXXXXX", tmp, prefix);
	dir = n > 0 ? malloc((size_t)n + 1) : NULL;
	if (!dir) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(dir, (size_t)n + 1, "%s/%s.XXXXXX", tmp, prefix);
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "cannot create a directory in %s: %s",
			 tmp, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * `tar czf snap.tar.gz snapdir` puts the snapshot one level down; accept
 * that when the top holds nothing but that one directory with a SNAPSHOT.
 */
static int open_unpacked(const char *dir, struct root **out)
{
	struct root *top;
	char **names, manifest[ROOT_PATH_MAX], sub[ROOT_PATH_MAX];
	size_t count;
	struct stat st;
	bool nested;
	int e;

	e = root_open(dir, &top);
	if (e)
		return e;
	if (root_exists(top, SNAP_MANIFEST) ||
	    root_list(top, ".", 2, &names, &count)) {
		*out = top;
		return 0;
	}
	nested = count == 1 && root_lstat(top, names[0], &st) == 0 &&
		 S_ISDIR(st.st_mode) &&
		 snprintf(manifest, sizeof(manifest), "%s/%s", names[0],
			  SNAP_MANIFEST) < (int)sizeof(manifest) &&
		 root_exists(top, manifest) &&
		 snprintf(sub, sizeof(sub), "%s/%s", dir, names[0]) <
			 (int)sizeof(sub);
	root_names_free(names);
	if (!nested) {
		*out = top;
		return 0;
	}
	root_free(top);
	return root_open(sub, out);
}

int snapshot_open(const char *path, struct root **out, char **unpacked,
		  char *err, size_t errlen)
{
	struct stat st;
	char *dir;
	int e;

	*out = NULL;
	*unpacked = NULL;
	if (stat(path, &st) < 0) {
		e = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-e));
		return e;
	}
	if (S_ISDIR(st.st_mode)) {
		/* A hand-made tree may lack SNAPSHOT: probe_host copes. */
		e = root_open(path, out);
		if (e)
			snprintf(err, errlen, "%s: %s", path, strerror(-e));
		return e;
	}
	if (!S_ISREG(st.st_mode) ||
	    !(has_suffix(path, ".tar.gz") || has_suffix(path, ".tgz"))) {
		snprintf(err, errlen, "%s: neither a snapshot directory nor "
			 "a .tar.gz capture", path);
		return -EINVAL;
	}
	dir = make_private_dir("vfio-ready-snap", err, errlen);
	if (!dir)
		return -EIO;
	e = unpack_into(path, dir, err, errlen);
	if (!e) {
		e = open_unpacked(dir, out);
		if (e)
			snprintf(err, errlen, "%s: %s", dir, strerror(-e));
	}
	if (e) {
		snapshot_cleanup(dir);
		return e;
	}
	*unpacked = dir;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP || type == FTW_DNR)
		rmdir(path);
	else
		unlink(path);
	/* Keep going: remove as much as can be removed. */
	return 0;
}

void snapshot_cleanup(char *unpacked)
{
	if (!unpacked)
		return;
	/* FTW_PHYS: never follow the tree's symlinks out of it; FTW_MOUNT:
	 * never descend into something mounted there meanwhile. */
	nftw(unpacked, remove_one, 32, FTW_PHYS | FTW_DEPTH | FTW_MOUNT);
	free(unpacked);
}
