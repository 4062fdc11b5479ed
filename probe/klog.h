/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_KLOG_H
#define VFIO_READY_PROBE_KLOG_H

/*
 * The kernel log (klogctl or /dev/kmsg live, SNAP_KLOG in a snapshot) and
 * the IOMMU-related lines classified from it.
 *
 * Every source is normalised to one line per record, "[%5lu.%06lu] msg"
 * (the format of dmesg(1)), or just "msg" for input without timestamps.
 * That text is what capture writes to SNAP_KLOG, and normalising it again
 * gives it back unchanged, so a snapshot yields the same facts as the live
 * machine.  Line numbers in evidence are line numbers of that text.
 *
 * When the text holds several boots (a pasted journal), the categories and
 * the summaries describe the last boot only: that is the running kernel.
 */

#include <stdbool.h>
#include <stddef.h>

#include "fact.h"
#include "root.h"

struct host;

/* Lines kept per category (all are counted). */
#define KLOG_KEEP 5
/* The longest line kept by the normaliser: twice the kernel's own record
 * limit (PRINTKRB_RECORD_MAX = 1024, kernel/printk/printk.c), leaving room
 * for syslog and journal prefixes. */
#define KLOG_LINE_MAX 2048

/* The classes of lines; klog_cat_name() gives the JSON names. */
enum klog_cat {
	KLOG_LINUX_VERSION,     /* "Linux version ": a boot starts */
	KLOG_COMMAND_LINE,      /* "Command line: ", the kernel's echo */
	KLOG_HYPERVISOR,        /* "Hypervisor detected: X" */
	KLOG_ACPI_DMAR,         /* "ACPI: DMAR 0x...": the table exists */
	KLOG_ACPI_IVRS,         /* "ACPI: IVRS 0x..." */
	KLOG_INTEL_INIT,        /* intel_iommu_init() finished */
	KLOG_INTEL_CMDLINE_ON,  /* "DMAR: IOMMU enabled": parse only */
	KLOG_INTEL_CMDLINE_OFF, /* "DMAR: IOMMU disabled" */
	KLOG_AMD_FOUND,         /* "AMD-Vi: Found IOMMU ..." */
	KLOG_AMD_FEATURES,      /* "AMD-Vi: Extended features ..." */
	KLOG_AMD_DISABLED,      /* Stoney Ridge, SME, CMPXCHG16B, hw init */
	KLOG_IR_ENABLED,        /* interrupt remapping switched on */
	KLOG_AMD_X2APIC,        /* "AMD-Vi: X2APIC enabled" */
	KLOG_IR_X2APIC_OPT_OUT, /* the BIOS opted out of x2apic */
	KLOG_IR_DISABLED,       /* interrupt remapping off or broken */
	KLOG_DEFAULT_DOMAIN,    /* "iommu: Default domain type: ..." */
	KLOG_TLB_POLICY,        /* "iommu: DMA domain TLB invalidation ..." */
	KLOG_FIRMWARE_BUG,      /* [Firmware Bug]/[Firmware Warn] on IOMMU */
	KLOG_IDENTITY_MAP,      /* RMRR identity / LPC unity maps set up */
	KLOG_DMA_FAULT,         /* DMAR / INTR-REMAP / AMD-Vi event faults */
	KLOG_RMRR_REFUSAL,      /* a device refused for a DMA domain */
	KLOG_VFIO_NO_IR,        /* vfio refused a group: no IR */
	KLOG_VFIO_NOIOMMU,      /* vfio-noiommu taint */
	KLOG_ACS_OVERRIDE,      /* "PCIe ACS overrides enabled" */
	KLOG_PCH_ACS_QUIRK,     /* Intel PCH root port ACS workaround on */
	KLOG_PCH_ACS_FAILED,    /* "Failed to enable Intel PCH ACS quirk" */
	KLOG_UNKNOWN_OPTION,    /* "DMAR: Unknown option - '...'" */
	KLOG_GROUP_ADD,         /* "Adding to iommu group N" */
	KLOG_CAT_COUNT
};

/* A line of the text: its 1-based number and where it lies in the text. */
struct klog_line {
	unsigned long no;
	size_t off, len;
};

struct klog_category {
	unsigned long count;            /* every matching line of the boot */
	unsigned nkept;
	struct klog_line kept[KLOG_KEEP];   /* the first ones */
};

struct klog_class {
	unsigned long lines;            /* lines in the whole text */
	unsigned long boots;            /* "Linux version" lines seen */
	unsigned long boot_line;        /* first line of the judged boot */
	struct klog_category cat[KLOG_CAT_COUNT];
};

struct klog_facts {
	struct fact_src src;           /* SNAP_KLOG, "dmesg" or "dev/kmsg" */
	char reason[96];               /* why unreadable, when more exact than
					  fact_reason(): "needs root
					  (dmesg_restrict=1)" */
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
	char default_domain[16];       /* "Translated", "Passthrough" ... or "" */
	bool default_domain_cmdline;   /* "(set via kernel command line)" */
	struct klog_class cls;
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

/*
 * Pure: normalise IN (klogctl output with "<N>" prefixes, /dev/kmsg
 * records, dmesg with or without timestamps, journalctl -k lines, CRLF)
 * into OUT, at most CAP bytes (OUT->truncated says it stopped early).
 * One output line per input line, except /dev/kmsg continuation lines,
 * which are dropped; NUL and control bytes are dropped, lines are cut at
 * KLOG_LINE_MAX.  Returns 0 or -ENOMEM.
 */
int klog_normalise(const char *in, size_t len, size_t cap, struct blob *out);

/* Pure: classify normalised TEXT into OUT. */
void klog_classify(const char *text, size_t len, struct klog_class *out);

/*
 * Normalise RAW into K->text, classify it and fill the summaries.  K->src
 * is left alone.  Returns 0 or -ENOMEM.
 */
int klog_load(struct klog_facts *k, const char *raw, size_t len);

const char *klog_cat_name(enum klog_cat c);

#endif
