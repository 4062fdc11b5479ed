/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_PROBE_H
#define VFIO_READY_PROBE_PROBE_H

/*
 * probe/: everything the tool knows about a machine, read once through one
 * root handle and decoded into struct host.  Checks get a const struct host
 * and judge it; nothing outside probe/ opens a file about the machine.
 *
 * Each area has its own header with its facts and its pure decoders:
 *   cpu.h      CPUID (libcpuid) and /proc/cpuinfo
 *   acpi.h     DMAR / IVRS firmware tables
 *   klog.h     the kernel log and its IOMMU lines
 *   cmdline.h  /proc/cmdline and the kernel's build config
 *   sysstate.h modules, device nodes, IOMMU units and groups, PCI drivers
 *   boot.h     the OS and boot loader, for exact remedies
 *   snapshot.h the SNAPSHOT manifest of a captured tree
 *   identity.h host names and firmware serials (only for --redact)
 */

#include <stdbool.h>

#include "fact.h"
#include "root.h"
#include "snapshot.h"
#include "boot.h"
#include "cpu.h"
#include "acpi.h"
#include "klog.h"
#include "cmdline.h"
#include "kvm.h"
#include "modules.h"
#include "sysstate.h"
#include "pci.h"
#include "groups.h"
#include "assign.h"
#include "identity.h"

/* Pseudo-files a snapshot holds for facts that are not files on a live
 * machine.  Capture writes them; probe reads them in snapshot mode. */
#define SNAP_DIR            "vfio-ready"
#define SNAP_KLOG           "vfio-ready/kernel-log.txt"
#define SNAP_CPUID          "vfio-ready/cpuid.raw"
#define SNAP_CPUID_HV       "vfio-ready/cpuid-hypervisor.txt"
#define SNAP_MANIFEST       "SNAPSHOT"

/* Whose judgement: VFIO isolation (ACS on is good) or GPU/RDMA peer-to-peer
 * (ACS redirect between two devices forces traffic through the root). */
enum profile {
	PROFILE_ISOLATION = 0,
	PROFILE_P2P,
};

enum iommu_vendor {
	IOMMU_VENDOR_UNKNOWN = 0,
	IOMMU_VENDOR_INTEL,      /* firmware publishes DMAR */
	IOMMU_VENDOR_AMD,        /* firmware publishes IVRS */
	IOMMU_VENDOR_NONE,       /* the firmware table list was read: neither */
};

struct host {
	struct root *root;          /* borrowed */
	bool live;
	char source[1100];          /* "live" or the snapshot path given */
	bool as_root;               /* the reader had root (live: euid 0;
				       snapshot: captured as root) */
	bool as_root_known;
	struct snapshot_meta snap;  /* snapshot only */

	char kernel_release[128];   /* proc/sys/kernel/osrelease */
	struct fact_src kernel_release_src;

	struct boot_facts boot;
	struct cpu_facts cpu;
	struct acpi_facts acpi;
	struct klog_facts klog;
	struct cmdline_facts cmdline;
	struct kconfig_facts kconfig;
	struct kvm_facts kvm;
	struct module_facts modules;
	struct sys_facts sys;
	struct pci_facts pci;
	struct predict_opts predict_opts;   /* how the groups were predicted */
	struct predicted_groups predicted;  /* groups_predict() over pci */
	struct assign_facts assign;         /* per-function assignability */
	struct identity_facts identity;     /* names and serials, read only
					       for --redact */

	/* what the user asked for (probe_opts) */
	const char *lspci_dump;     /* --lspci-dump FILE: PCI from a paste */
	enum profile profile;
	const char *const *focus;   /* --device BDF|VID:DID, NULL-terminated;
				       NULL = every device */
};

struct probe_opts {
	const char *lspci_dump;     /* read PCI from this `lspci -xxxx` dump
				       (a host path, not under the root) */
	enum profile profile;
	const char *const *focus;
	bool identity;              /* read identity.h's facts (--redact) */
};

/*
 * Read every fact of the machine behind R into H (which the caller zeroes
 * or which this function initialises).  Returns 0, or -errno only for an
 * unusable root (a snapshot without its manifest, out of memory); facts
 * that cannot be read are recorded as unknown and do not fail the probe.
 */
int probe_host(struct root *r, const char *source,
	       const struct probe_opts *o, struct host *h);
void host_release(struct host *h);

/* Which IOMMU the firmware describes: by the ACPI tables it publishes,
 * never by CPU flags. */
enum iommu_vendor host_iommu_vendor(const struct host *h);
/*
 * Does the running kernel ignore pcie_acs_override=?  It is an out-of-tree
 * patch: a kernel without it passes the option on to init, and then prints
 * no "PCIe ACS overrides enabled" warning in a log that reaches back to boot
 * (kernel.md §5.4).  False when the log cannot tell.
 */
bool host_acs_override_ignored(const struct host *h);

/* The CPU vendor as "intel"/"amd"/"other"/"unknown", for wording remedies. */
const char *host_cpu_vendor_name(const struct host *h);

/*
 * A fact this run could not read for want of root, for the "run it again
 * as root" notice of every report: the kernel log (dmesg_restrict), the
 * ACPI tables (0400 root) and PCI config space past the first 64 bytes
 * (pci-sysfs.c pci_read_config() without CAP_SYS_ADMIN).
 */
struct root_gap {
	const char *fact;        /* "kernel_log", "acpi_tables", "pci_config_space" */
	const char *what;        /* for people: "the kernel log" */
	const char *source;      /* where it was looked for */
	char reason[160];        /* what is unknown because of it */
};
#define ROOT_GAPS_MAX 3
/* Fills OUT (ROOT_GAPS_MAX entries) and returns how many. */
size_t host_root_gaps(const struct host *h, struct root_gap *out);

#endif
