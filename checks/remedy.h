/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_CHECKS_REMEDY_H
#define VFIO_READY_CHECKS_REMEDY_H

/*
 * Remedies shared by several checks, worded exactly for this host's boot
 * loader (probe/boot.h).  Pure functions of the facts.
 */

#include <stddef.h>

struct host;

/*
 * The steps that make the kernel command line permanently gain ADD (may be
 * NULL) and lose REMOVE (may be NULL), e.g. ADD="intel_iommu=on".  Written
 * into BUF (always NUL-terminated); returns BUF.
 */
char *remedy_kernel_args(const struct host *h, const char *add,
			 const char *remove, char *buf, size_t len);

#endif
