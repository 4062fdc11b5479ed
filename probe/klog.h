/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_KLOG_H
#define VFIO_READY_PROBE_KLOG_H

/* The kernel log (klogctl or /dev/kmsg live, SNAP_KLOG in a snapshot) and
 * the IOMMU-related lines classified from it. */

#include <stdbool.h>

#include "fact.h"

struct host;

struct klog_facts {
	struct fact_src src;
	char *text;                    /* normalised text, one line per record */
	unsigned long len;
	bool reaches_boot;             /* the log starts at boot ("Linux version"
					  or "Command line:" seen), so a missing
					  line is evidence of absence */
	/* Summaries other checks rely on (the klog area adds detail). */
	enum tri iommu_initialised;    /* Intel or AMD driver finished init */
	enum tri ir_enabled;           /* interrupt remapping switched on */
	char ir_mode[16];              /* "xapic", "x2apic" or "" */
	bool acs_override_warning;     /* "PCIe ACS overrides enabled" seen */
};

/* For capture: the normalised log text as it is written to SNAP_KLOG. */
static inline const char *klog_text(const struct klog_facts *k,
				    unsigned long *len)
{
	*len = k->text ? k->len : 0;
	return k->text;
}

int probe_klog(struct host *h);
void klog_facts_release(struct klog_facts *k);

#endif
