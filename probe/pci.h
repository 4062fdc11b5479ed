/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_PCI_H
#define VFIO_READY_PROBE_PCI_H

/*
 * PCI functions, their topology and their ACS capability.  Config space is
 * decoded by libpci only: read through the root handle from
 * ROOT/sys/bus/pci/devices/BDF/config and handed to libpci as the device's
 * cache, or read by libpci's dump method from an `lspci -xxxx` paste
 * (--lspci-dump FILE).  Config space past 64 bytes needs root; what could
 * not be read is unknown (TRI_UNKNOWN), never zero.  The driver core's view
 * of each function (IDs, driver, override, group, reset methods, SR-IOV)
 * is read from its sysfs directory in the same pass.
 *
 * Kernel references: include/uapi/linux/pci_regs.h for every offset,
 * drivers/pci/pci.c pci_acs_enabled() for how ACS is judged.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fact.h"

struct host;

/* PCI Express capability, Device/Port Type (PCIe Capabilities[7:4]). */
enum pcie_type {
	PCIE_TYPE_UNKNOWN = -2,     /* the capability list could not be read
				       (config space cut at 64 bytes) */
	PCIE_TYPE_NONE = -1,        /* not a PCI Express function */
	PCIE_TYPE_ENDPOINT = 0x0,
	PCIE_TYPE_LEG_END = 0x1,
	PCIE_TYPE_ROOT_PORT = 0x4,
	PCIE_TYPE_UPSTREAM = 0x5,
	PCIE_TYPE_DOWNSTREAM = 0x6,
	PCIE_TYPE_PCI_BRIDGE = 0x7, /* PCIe to PCI/PCI-X bridge */
	PCIE_TYPE_PCIE_BRIDGE = 0x8,/* PCI/PCI-X to PCIe bridge */
	PCIE_TYPE_RC_END = 0x9,     /* root complex integrated endpoint */
	PCIE_TYPE_RC_EC = 0xa,      /* root complex event collector */
};

/* ACS Capability / Control bits (PCIe spec 7.7.8; pci_regs.h PCI_ACS_*). */
#define ACS_SV 0x0001
#define ACS_TB 0x0002
#define ACS_RR 0x0004
#define ACS_CR 0x0008
#define ACS_UF 0x0010
#define ACS_EC 0x0020
#define ACS_DT 0x0040
/* What pci_device_group() asks of every port on the path (REQ_ACS_FLAGS). */
#define ACS_REQUIRED (ACS_SV | ACS_RR | ACS_CR | ACS_UF)

struct pci_acs {
	enum tri present;           /* ACS extended capability found */
	uint16_t pos;               /* its offset in config space */
	bool cap_known, ctl_known;  /* registers read */
	uint16_t cap;               /* ACS Capability (+4) */
	uint16_t ctl;               /* ACS Control (+6), or the dword at +8
				       for Intel SPT-PCH root ports */
	uint16_t ctl_std;           /* the word at +6 as lspci shows it (the
				       same as ctl unless ctl_at_8) */
	unsigned egress_bits;       /* Egress Control Vector Size (0 = 256) */
	bool ctl_at_8;              /* Intel SPT/UPT PCH erratum: control is the
				       dword at cap+8 (quirks.c) */
};

struct pci_function {
	/* identity */
	uint32_t domain;            /* VMD domains start at 0x10000 */
	uint8_t bus, dev, func;
	char bdf[16];               /* "0000:00:1c.0" */
	uint16_t vendor_id, device_id;
	uint16_t subsys_vendor_id, subsys_id;
	uint8_t revision;
	uint32_t class_code;        /* base<<16 | sub<<8 | prog-if */
	char vendor_name[96], device_name[160], class_name[96];

	/* topology */
	uint8_t header_type;        /* bits 6:0 of config 0x0e */
	bool multifunction;         /* bit 7 of config 0x0e */
	enum pcie_type pcie_type;
	bool is_bridge;             /* header type 1 (or 2) */
	uint8_t secondary_bus, subordinate_bus;
	int parent;                 /* index of the bridge above, -1 on a root bus */
	bool on_root_bus;

	/* config space */
	bool config_full;           /* more than the first 64 bytes readable */
	unsigned config_size;       /* bytes readable: 0, 64, 256 or 4096.
				       < 64: header fields unknown; < 256:
				       capabilities unknown; < 4096: extended
				       capabilities (ACS, ARI) unknown */
	struct pci_acs acs;
	enum tri flr;               /* PCIe DevCap bit 28 */
	enum tri af_flr;            /* Advanced Features cap with TP and FLR */
	enum tri pm_cap;            /* PCI Power Management capability */
	enum tri pm_no_soft_reset;  /* PM cap PMCSR No_Soft_Reset (NO when
				       there is no PM capability) */
	enum tri ari;               /* ARI capability */
	bool has_dsn;               /* Device Serial Number capability read:
				       an identifier, kept for --redact */
	uint16_t dsn_pos;           /* its offset in config space */
	uint64_t dsn;               /* the 64-bit serial (PCIe r6 7.9.3) */

	/* sysfs (unknown in a dump: its drivers are another machine's) */
	bool sysfs;                 /* the directory was read: the following
				       are known, driver "" meaning unbound */
	bool ids_known;             /* vendor, device and class are the
				       kernel's (sysfs) or config space's */
	char driver[64];            /* "" = unbound */
	char driver_module[64];     /* the driver's module (driver/module
				       link): what a softdep names; "" built
				       in or unknown */
	char driver_override[64];   /* "" when unset ("(null)" in sysfs) */
	char reset_methods[128];    /* reset_method contents, "" = none */
	enum tri reset_methods_known; /* YES: reset_methods is the kernel's
				       list (empty when there is no "reset"
				       file: no function reset at all); NO:
				       a reset exists but the kernel predates
				       reset_method (v5.15); UNKNOWN: unread */
	enum tri reset_file;        /* the "reset" attribute exists */
	enum tri boot_vga;
	int iommu_group;            /* -1 = none */
	int physfn;                 /* index of the PF of a VF, else -1 */
	unsigned sriov_totalvfs, sriov_numvfs;
	char physfn_bdf[16];        /* the physfn link's target name, "" */
};

struct pci_facts {
	struct fact_src src;        /* "sys/bus/pci" or the dump file */
	bool from_dump;
	struct pci_function *v;     /* in bus order (domain, bus, devfn) */
	size_t count;
	int *by_id;                 /* the functions that are not bridges
				       (what vfio-pci.ids= binds) by vendor,
				       device, then bus order: pci_index() */
	size_t nby_id;
	bool capped;                /* more functions than PCI_MAX_FUNCTIONS */
	size_t nno_header;          /* functions whose first 64 bytes of config
				       were unreadable: their bus numbers are
				       unknown, so parent/on_root_bus of what
				       sits below them is a guess */
	char error[256];            /* why src.err is set, for people */
	unsigned nwarnings;         /* libpci warnings (unreadable files) */
	char warning[256];          /* the first of them */
};

#define PCI_MAX_FUNCTIONS 65536

int probe_pci(struct host *h);
void pci_facts_release(struct pci_facts *p);

/* "00:1c.0" for domain 0, else the full "0001:00:1c.0". */
const char *pci_short_bdf(const struct pci_function *f);
/* A bridge (header type 1 or 2): vfio-pci binds only type 0 functions. */
bool pci_is_bridge(const struct pci_function *f);

/* Index of the function with BDF "dddd:bb:dd.f" or "bb:dd.f", or -1.
 * O(log n): the array is sorted. */
int pci_find(const struct pci_facts *p, const char *bdf);

/* Index of the next function with VENDOR:DEVICE at or after START, or -1
 * (for --device VID:DID: loop with start = previous + 1). */
int pci_find_id(const struct pci_facts *p, uint16_t vendor, uint16_t device,
		int start);

/* Build p->by_id over p->v (probe_pci() does; facts built by hand call it
 * once they are complete).  Returns 0 or -ENOMEM. */
int pci_index(struct pci_facts *p);
/*
 * The functions with VENDOR:DEVICE that are not bridges, as the run
 * p->by_id[*FIRST ...] in bus order; returns its length, 0 for none or
 * without an index.  O(log n), for per-device questions such as "what
 * else would vfio-pci.ids= bind" on hosts with thousands of VFs.
 */
size_t pci_id_range(const struct pci_facts *p, uint16_t vendor,
		    uint16_t device, size_t *first);

/* Parse "dddd:bb:dd.f" (1 to 8 hex digits of domain, as sysfs prints a
 * VMD domain 10000) or "bb:dd.f" (domain 0); device <= 0x1f, function
 * <= 7.  Returns 0 or -EINVAL. */
int pci_parse_bdf(const char *s, uint32_t *domain, uint8_t *bus,
		  uint8_t *dev, uint8_t *func);

/*
 * The lines of a PCI device's sysfs "uevent" attribute that name it and its
 * driver: PCI_ID=VVVV:DDDD and PCI_CLASS=CCCCCC (drivers/pci/pci-driver.c
 * pci_uevent(), the kernel's vendor, device and class as sysfs shows them)
 * and DRIVER=name (drivers/base/core.c dev_uevent(), only while bound).
 * One read instead of four (vendor, device, class and the driver link).
 */
struct pci_uevent {
	bool have_id, have_class;
	uint16_t vendor, device;
	uint32_t class_code;
	char driver[64];            /* "" when there is no DRIVER= line */
};

/* Parse TEXT (LEN bytes, need not be NUL-terminated); lines it does not
 * know are skipped, malformed PCI_ID/PCI_CLASS values leave have_* false.
 * Returns 0, or -EINVAL when DRIVER= does not fit. */
int pci_parse_uevent(const char *text, size_t len, struct pci_uevent *out);

/* "endpoint", "root_port", "upstream", ... as devices[].port_type spells
 * them ("none", "unknown" for the rest). */
const char *pcie_type_name(enum pcie_type t);

/*
 * One ACS bit (ACS_SV ... ACS_DT) of the Capability (CTL false) or Control
 * (CTL true) register, in three states: YES/NO when the register was read,
 * NO when the function has no ACS capability (known absent), UNKNOWN when
 * config space past 256 bytes could not be read.
 */
enum tri pci_acs_bit(const struct pci_function *f, uint16_t bit, bool ctl);

/* The reset methods the kernel lists, one at a time: the I-th word of
 * reset_methods into BUF.  False past the last one. */
bool pci_reset_method(const struct pci_function *f, size_t i, char *buf,
		      size_t len);

#endif
