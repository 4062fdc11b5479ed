/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_SYSSTATE_H
#define VFIO_READY_PROBE_SYSSTATE_H

/*
 * Runtime state of the running kernel: IOMMU units (sys/class/iommu),
 * IOMMU groups (sys/kernel/iommu_groups), interrupt remapping in use
 * (proc/interrupts), /dev/vfio and /dev/iommu, the vfio module
 * parameters and ids= in modprobe.d (kernel.md §4, §5.6).  Module load
 * state lives in modules.h; each PCI function's driver, override and
 * group in pci.h, read in the PCI pass.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fact.h"

struct root;
struct host;

/* Bounds: a directory with more entries than these is unknown (E2BIG). */
#define SYS_MAX_UNITS        1024
#define SYS_MAX_GROUPS       65536
#define SYS_MAX_GROUP_DEVS   4096
#define SYS_MAX_DEV_VFIO     65536
#define SYS_MAX_RESV         256

enum iommu_kind {
	IOMMU_KIND_OTHER = 0,
	IOMMU_KIND_INTEL,        /* dmarN: drivers/iommu/intel */
	IOMMU_KIND_AMD,          /* ivhdN: drivers/iommu/amd */
};

/* One registered IOMMU (a /sys/class/iommu entry). */
struct iommu_unit {
	char name[64];
	enum iommu_kind kind;
	/* Intel: intel-iommu/{version,address,cap,ecap}; AMD: amd-iommu/
	 * {cap,features} in cap / features.  "" when unreadable. */
	char version[32];
	char address[32];
	char cap[32];
	char ecap[32];
	char features[48];
	enum tri ir_supported;   /* Intel: ecap bit 3; AMD: not in sysfs */
	enum tri x2apic_supported; /* Intel: ecap bit 4 (EIM); AMD: EFR bit 2 */
};

/* The reserved-region types of drivers/iommu/iommu.c
 * iommu_group_resv_type_string[]. */
enum resv_type {
	RESV_DIRECT = 0,
	RESV_DIRECT_RELAXABLE,
	RESV_RESERVED,
	RESV_MSI,                /* IOMMU_RESV_MSI and IOMMU_RESV_SW_MSI */
	RESV_UNKNOWN,            /* a type word this tool does not know */
};

struct resv_region {
	uint64_t start, end;
	enum resv_type type;
};

struct iommu_group_info {
	unsigned long id;
	char type[16];           /* sys/kernel/iommu_groups/N/type, "" unread */
	char **devices;          /* BDF names of devices/, sorted */
	size_t ndevices;
	bool reserved_direct;    /* a "direct" region is listed */
	char direct_line[80];    /* the first such line, for evidence */
	struct fact_src resv_src;
};

/* What proc/interrupts says about interrupt remapping (kernel.md §5.6). */
struct irq_summary {
	unsigned long remapped;          /* chip IR-*: IR-PCI-MSI, IR-IO-APIC */
	unsigned long non_remapped_msi;  /* chip PCI-MSI* without IR */
	unsigned long iommu_irqs;        /* DMAR-MSI, AMD-Vi: the IOMMU's own */
	char remapped_line[160];         /* first remapped line, trimmed */
	char non_remapped_line[160];     /* first non-remapped MSI line */
};

/* A module parameter under sys/module/M/parameters. */
struct module_param {
	const char *module;      /* static */
	const char *name;        /* static */
	char value[256];         /* trimmed; valid when src is known */
	struct fact_src src;
};

/* The parameters read, in this order (indices into sys_facts.params). */
enum sys_param_index {
	PARAM_VFIO_PCI_DISABLE_VGA = 0,
	PARAM_VFIO_PCI_DISABLE_IDLE_D3,
	PARAM_VFIO_PCI_NOINTXMASK,
	PARAM_VFIO_PCI_ENABLE_SRIOV,
	PARAM_VFIO_PCI_DISABLE_DENYLIST,
	PARAM_TYPE1_ALLOW_UNSAFE_INTERRUPTS,
	PARAM_TYPE1_DISABLE_HUGEPAGES,
	PARAM_TYPE1_DMA_ENTRY_LIMIT,
	PARAM_VFIO_NOIOMMU,
	PARAM_IOMMUFD_ALLOW_UNSAFE_INTERRUPTS,
	PARAM_COUNT
};

/* "options vfio-pci ids=..." found in etc/modprobe.d/<file>. */
struct modprobe_ids {
	char file[300];          /* path relative to the root */
	char ids[1024];
};

#define SYS_MAX_MODPROBE_IDS 16

struct sys_facts {
	struct fact_src units_src;       /* sys/class/iommu */
	struct iommu_unit *units;
	size_t nunits;

	struct fact_src groups_src;      /* sys/kernel/iommu_groups */
	struct iommu_group_info *groups; /* sorted by id */
	size_t ngroups;

	struct fact_src irq_src;         /* proc/interrupts */
	struct irq_summary irq;

	struct fact_src dev_vfio_src;    /* dev/vfio */
	char **dev_vfio;                 /* entries, "devices/vfioN" for cdevs */
	size_t ndev_vfio;
	enum tri dev_iommu;              /* dev/iommu (iommufd) */

	struct module_param params[PARAM_COUNT];

	/* lib/modules/RELEASE/kernel/drivers/vfio: the modules are installed */
	struct fact_src vfio_modules_dir_src;

	/* vfio-pci ids= in etc/modprobe.d: the parameter has permission 0 in
	 * drivers/vfio/pci/vfio_pci.c (module_param_string(ids, ..., 0)), so
	 * it never appears under sys/module/vfio_pci/parameters. */
	struct fact_src modprobe_src;    /* etc/modprobe.d */
	struct modprobe_ids modprobe_ids[SYS_MAX_MODPROBE_IDS];
	size_t nmodprobe_ids;
};

/* Everything above but the IOMMU groups, which probe_iommu_groups() reads. */
int probe_sys(struct host *h);
/*
 * The IOMMU groups (sys/kernel/iommu_groups: groups, groups_src) through
 * ROOT into S, and nothing else of S, so that another thread can read them
 * while probe_sys() and probe_pci() run (probe_host() does).
 */
void probe_iommu_groups(const struct root *root, struct sys_facts *s);
void sys_facts_release(struct sys_facts *s);

/* The IOMMU group with this id, or NULL.  O(log n): groups[] is sorted. */
const struct iommu_group_info *sys_group(const struct sys_facts *s,
					 unsigned long id);

/*
 * Is interrupt remapping in force?  YES when proc/interrupts shows IR-*
 * chips or the kernel log says it was enabled; NO when MSIs are delivered
 * without remapping, the log says it is off, or every Intel unit lacks it
 * (ecap bit 3 clear); else UNKNOWN.  kernel.md §8 item 11: hardware
 * support alone never proves it is on.
 */
enum tri sys_interrupt_remapping(const struct host *h);

/* ---- pure decoders ---- */

/*
 * Parse a group's reserved_regions text: lines "0x%016llx 0x%016llx %s"
 * (drivers/iommu/iommu.c iommu_group_show_resv_regions).  Up to MAX
 * regions are stored in OUT; *COUNT gets how many, *BAD how many lines
 * were not of that form.  Returns 0.
 */
int resv_regions_parse(const char *text, size_t len, struct resv_region *out,
		       size_t max, size_t *count, size_t *bad);
const char *resv_type_name(enum resv_type t);

/* Count remapped / non-remapped interrupt lines of a proc/interrupts text. */
int interrupts_parse(const char *text, size_t len, struct irq_summary *out);

/* Intel VT-d Extended Capability Register bits (VT-d spec §11.4.3;
 * drivers/iommu/intel/iommu.h ecap_ir_support(), ecap_eim_support()). */
bool intel_ecap_ir(uint64_t ecap);
bool intel_ecap_eim(uint64_t ecap);

/* A sysfs hex attribute ("0x..." or bare hex, one value, trailing space
 * allowed).  Returns 0 or -EINVAL / -ERANGE. */
int sys_parse_hex(const char *text, uint64_t *out);

/* "6.5.0-14-generic" -> 6, 5.  False when it does not start N.N. */
bool sys_release_version(const char *release, unsigned int *major,
			  unsigned int *minor);

/*
 * The ids= value of an "options vfio-pci ... ids=..." (or vfio_pci) line of
 * a modprobe.d text (modprobe.d(5)); comments and other modules are
 * skipped.  Returns 0 with OUT set, or -ENOENT.
 */
int modprobe_parse_vfio_ids(const char *text, size_t len, char *out,
			    size_t outlen);

#endif
