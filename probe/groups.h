/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_GROUPS_H
#define VFIO_READY_PROBE_GROUPS_H

/*
 * IOMMU groups as the kernel would form them: drivers/iommu/iommu.c
 * pci_device_group() over the topology in struct pci_facts, with the ACS
 * quirk table and DMA-alias quirks of drivers/pci/quirks.c as data.
 * A pure function of its inputs, computed once per run.
 */

#include <stdbool.h>
#include <stddef.h>

#include "pci.h"

struct host;

/* Why a function is in a group with others. */
enum group_reason_kind {
	GROUP_REASON_ACS_PATH,      /* a port above lacks SV/RR/CR/UF */
	GROUP_REASON_MULTIFUNCTION, /* multifunction sibling without ACS */
	GROUP_REASON_PCI_BRIDGE,    /* behind a PCIe-to-PCI / conventional bridge */
	GROUP_REASON_DMA_ALIAS,     /* a DMA alias quirk or IVRS alias */
	GROUP_REASON_UNKNOWN_ACS,   /* ACS could not be read (needs root) */
};

struct group_reason {
	enum group_reason_kind kind;
	int fn;                     /* the function this reason is about */
	int port;                   /* the bridge/port responsible, or -1 */
	uint16_t missing;           /* ACS_* bits missing at PORT */
	char text[200];             /* one line for people */
};

struct predict_opts {
	bool iommu_active;          /* the kernel enables ACS (pci_request_acs):
				       judge by capability; else by control */
	bool amd_ivrs;              /* an IVRS table exists (amd_sb quirk) */
	/* pcie_acs_override= options (out-of-tree patch) */
	bool override_downstream, override_multifunction;
	uint32_t override_ids[16];  /* vendor<<16 | device */
	size_t noverride_ids;
};

struct predicted_groups {
	int *group_of;              /* per function index: predicted group id */
	size_t nfunctions;
	size_t ngroups;             /* ids are 0..ngroups-1 in bus order */
	struct group_reason *reasons;
	size_t nreasons;
	bool uncertain;             /* some ACS was unknown: groups may be
				       smaller than predicted would be wrong */
};

int groups_predict(const struct pci_facts *p, const struct predict_opts *o,
		   struct predicted_groups *out);
void predicted_groups_release(struct predicted_groups *g);

/* The kernel's effective-ACS test for one function (pci_acs_enabled()),
 * quirks included: TRI_UNKNOWN when it depends on unread registers. */
enum tri groups_acs_enabled(const struct pci_facts *p, int fn,
			    const struct predict_opts *o, uint16_t *missing);

#endif
