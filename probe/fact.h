/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_FACT_H
#define VFIO_READY_PROBE_FACT_H

/*
 * Where a fact came from and whether it could be read.  A fact that could
 * not be read is *unknown*, never false: err says why (-EACCES: needs root,
 * -ENOENT: not present on this machine or not in the snapshot).
 */

#include <stdbool.h>

/* A yes/no fact that may not be known. */
enum tri {
	TRI_UNKNOWN = 0,
	TRI_NO,
	TRI_YES,
};

const char *tri_name(enum tri t);   /* "unknown", "no", "yes" */

struct fact_src {
	int err;            /* 0: read; else -errno of the read */
	bool truncated;     /* read, but cut at its cap */
	char path[256];     /* path relative to the root, or a pseudo-source */
};

/* Record the outcome of reading PATH. */
void fact_src_set(struct fact_src *s, const char *path, int err);
/* A fact is known when it was read without error. */
bool fact_known(const struct fact_src *s);
/*
 * A person-readable reason for an unknown fact: "needs root",
 * "not present", "not captured in the snapshot", ... AS_ROOT says whether
 * the reader ran as root (EACCES as root is not "needs root").
 */
const char *fact_reason(const struct fact_src *s, bool live, bool as_root);

#endif
