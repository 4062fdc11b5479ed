/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_ASSIGN_H
#define VFIO_READY_PROBE_ASSIGN_H

/*
 * Per-function assignability, derived once from the PCI facts, the groups
 * (the kernel's when an IOMMU is active, else the predicted ones), the
 * firmware's identity maps and the host-critical devices: can THIS function
 * be passed through alone, only with its group, or not at all, and why.
 * Checks, the JSON report and the hostdev/domain commands all read it.
 */

#include <stdbool.h>
#include <stddef.h>

#include "fact.h"

struct host;

enum assignability {
	ASSIGN_UNKNOWN = 0,   /* a fact it depends on could not be read */
	ASSIGN_ALONE,         /* its group holds only this function */
	ASSIGN_WITH_GROUP,    /* only together with the rest of its group */
	ASSIGN_BLOCKED,       /* cannot be passed through */
};

enum assign_reason_kind {
	/* why it shares its group (see probe/groups.h) */
	AREASON_ACS_PATH,
	AREASON_MULTIFUNCTION,
	AREASON_PCI_BRIDGE,
	AREASON_DMA_ALIAS,
	AREASON_ACS_UNKNOWN,
	/* why it is blocked */
	AREASON_RMRR,            /* non-relaxable RMRR (not USB, not GPU) */
	AREASON_IVMD,            /* AMD IVMD unity/exclusion range */
	AREASON_RESERVED_DIRECT, /* group reserved_regions has "direct" */
	AREASON_HOST_ROOTFS,     /* group holds the root filesystem's controller */
	AREASON_HOST_BOOT_VGA,   /* group holds the boot VGA device */
	AREASON_HOST_ROUTE_NIC,  /* group holds the default route's NIC */
	AREASON_NO_RESET,        /* no function-level reset and no bus reset */
	AREASON_BRIDGE,          /* a bridge: vfio-pci binds header type 0 only */
	AREASON_NO_GROUP,        /* no IOMMU group and none predictable */
	/* notes that do not decide the verdict */
	AREASON_BRIDGE_STAYS,    /* a bridge of its group stays on pcieport */
	AREASON_RESET,           /* how (or whether) it can be reset */
	AREASON_KERNEL_ONLY,     /* together in the kernel's group, apart in
				    the prediction (a quirk we lack, ...) */
};

/* Does a reason of this kind block assignment? */
bool assign_reason_blocks(enum assign_reason_kind k);

struct assign_reason {
	enum assign_reason_kind kind;
	bool unknown;            /* the fact behind it is unknown: it makes
				    the verdict unknown, not blocked */
	int other;               /* the function or port concerned, or -1 */
	char text[240];          /* one line for people */
};

struct device_assign {
	enum assignability verdict;
	int kernel_group;        /* /sys/kernel/iommu_groups id, -1 none */
	int predicted_group;     /* index into h->predicted, -1 none */
	int kernel_index;        /* index into h->sys.groups, -1 none */
	bool host_critical;      /* it is the rootfs controller, the boot VGA
				    or the default route's NIC */
	/* indexes of every function of its group (itself included), in bus
	 * order; points into assign_facts.pool, never freed on its own */
	int *members;
	size_t nmembers;
	struct assign_reason *reasons;
	size_t nreasons;
};

#define ASSIGN_MAX_CRITICAL 8     /* controllers of one root fs / NIC */
#define ASSIGN_MAX_REASONS  32    /* group reasons kept per function */

struct assign_facts {
	struct device_assign *v; /* parallel to h->pci.v */
	size_t count;
	int *pool;               /* storage of every members[] */
	bool kernel_groups;      /* verdicts use the kernel's groups */
	/* host-critical devices, as function indexes (-1 unknown/none) */
	int rootfs_fn, boot_vga_fn, route_nic_fn;
	struct fact_src mounts_src, route_src;
	/* every controller of the root fs (RAID/LVM over several) and NIC
	 * (bond, bridge); rootfs_fn / route_nic_fn is the first */
	int rootfs_fns[ASSIGN_MAX_CRITICAL], route_nic_fns[ASSIGN_MAX_CRITICAL];
	size_t nrootfs, nroute_nics;
	/* evidence: "259:2 /dev/nvme0n1p2 -> ../../devices/pci0000:00/..." */
	char rootfs_evidence[400];
	char route_evidence[300];  /* "enp5s0 -> 0000:05:00.0" */
	struct fact_src rootfs_dev_src;  /* sys/dev/block/MAJ:MIN */
	struct fact_src route_dev_src;   /* sys/class/net/IF/device */
};

int probe_assign(struct host *h);
void assign_facts_release(struct assign_facts *a);

const char *assignability_name(enum assignability a); /* "alone", ... */

/* ---- pure helpers (unit-tested) ---- */

/*
 * The root filesystem in a proc/self/mountinfo text (proc(5)): the last
 * line whose mount point is "/" (a later mount hides an earlier one).
 * *MAJOR, *MINOR from field 3; SOURCE gets the mount source after " - "
 * and the type.  Returns 0 or -ENOENT.
 */
int assign_parse_mountinfo(const char *text, size_t len, unsigned *major,
			   unsigned *minor, char *source, size_t srclen);
/*
 * The interface of the default route in a proc/net/route text
 * (net/ipv4/fib_trie.c fib_route_seq_show): Destination and Mask
 * 00000000, RTF_UP set; the lowest metric wins.  Returns 0 or -ENOENT.
 */
int assign_parse_route(const char *text, size_t len, char *ifname,
		       size_t iflen);
/* The last "dddd:bb:dd.f" component of a sysfs path.  Returns 0 or
 * -ENOENT. */
int assign_path_bdf(const char *path, char *bdf, size_t len);

/* Two functions together in one partition and apart in the other, or (B
 * == -1) one function grouped in one partition and in no group in the
 * other. */
struct partition_pair {
	int a, b;                /* function indexes; b -1: A alone differs */
	bool together_in_first;  /* together (or grouped) in the first */
};

/*
 * Compare two partitions of N functions given as labels (FIRST[i] in
 * [0, NFIRST) or -1 for "not in this partition"; SECOND likewise).  Labels
 * are never compared, only who is with whom.  Each group of one side split
 * by the other yields one pair per extra part, and each function labelled
 * on one side only yields a pair with b == -1.  At most MAX pairs are stored; *COUNT gets how many
 * there are.  O(N).  Returns 0 or -ENOMEM.
 */
int assign_partition_diff(const int *first, size_t nfirst,
			  const int *second, size_t nsecond, size_t n,
			  struct partition_pair *out, size_t max,
			  size_t *count);

#endif
