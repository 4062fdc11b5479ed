/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_CHECKS_EXPLAIN_H
#define VFIO_READY_CHECKS_EXPLAIN_H

/*
 * What each finding code means, why it matters for passthrough and how to
 * fix it, for `vfio-ready explain CODE`, the man page and the HTML report.
 * Codes are API (checks/check.h); every code a check can emit has one entry.
 */

#include <stddef.h>

struct explanation {
	const char *code;       /* the finding code, e.g. "iommu.interrupt_remapping" */
	const char *meaning;    /* what the finding says about the machine */
	const char *why;        /* why it matters for device passthrough */
	const char *fix;        /* how to fix it, in general terms (the finding's
				 * own remedy is the exact command for a host) */
};

/* The entry for CODE, or NULL when there is none. */
const struct explanation *explain_find(const char *code);

/* Every entry, sorted by code: for listing and for the man page. */
size_t explain_count(void);
const struct explanation *explain_at(size_t i);

#endif
