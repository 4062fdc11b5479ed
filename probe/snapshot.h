/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_SNAPSHOT_H
#define VFIO_READY_PROBE_SNAPSHOT_H

/*
 * The SNAPSHOT manifest at the top of a captured tree: "key=value" lines.
 *   format=1                    SNAPSHOT_FORMAT of the writer
 *   tool=vfio-ready
 *   tool_version=0.1.0
 *   kernel_release=6.1.0-18-amd64
 *   as_root=yes|no
 *   redacted=yes|no             written by `capture --redact` (absent: no)
 */

#include <stdbool.h>
#include <stddef.h>

#define SNAPSHOT_FORMAT 1

struct root;

struct snapshot_meta {
	bool present;               /* a SNAPSHOT file was found and parsed */
	int format;
	char tool_version[64];
	char kernel_release[128];
	bool as_root;
	bool as_root_known;
	bool redacted;              /* host names, serials and addresses were
				       replaced by tokens (report/redact.h) */
};

/* Pure: parse manifest TEXT.  Returns 0 or -EINVAL with a message in ERR. */
int snapshot_meta_parse(const char *text, size_t len,
			struct snapshot_meta *m, char *err, size_t errlen);
/* Read and parse SNAPSHOT from R.  -ENOENT when absent. */
int snapshot_meta_read(const struct root *r, struct snapshot_meta *m,
		       char *err, size_t errlen);

/*
 * Open PATH as a root for reading: a snapshot directory (a SNAPSHOT file is
 * not required: hand-made trees have none), or a capture archive (PATH
 * ends in .tar.gz or .tgz) unpacked with libarchive into a private
 * directory $TMPDIR/vfio-ready-snap.XXXXXX (mode 0700).  Archives are
 * untrusted: a member with an absolute name or a ".." component, a device,
 * FIFO, socket or hard link, a member written through a symlink or given
 * twice, more than 200000 members, a member over 64 MiB or more than
 * 512 MiB in all refuses the whole archive and removes what was unpacked.
 * Symlinks are kept as they are (the root handle confines them); files
 * keep plain permission bits only.  An archive whose top holds one
 * directory with a SNAPSHOT in it (`tar czf x.tar.gz snapdir`) opens at
 * that directory.  *UNPACKED is the temporary directory (NULL for a plain
 * directory); pass it to snapshot_cleanup() when done.  Returns 0 or
 * -errno with a message in ERR.
 */
int snapshot_open(const char *path, struct root **out, char **unpacked,
		  char *err, size_t errlen);
/* Remove an unpacked archive tree and free UNPACKED (NULL is a no-op). */
void snapshot_cleanup(char *unpacked);

#endif
