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
#include <stdint.h>

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
	int partner;                /* DMA_ALIAS: the aliased function;
				       MULTIFUNCTION: a sibling; else -1 */
};

struct predict_opts {
	bool iommu_active;          /* the kernel enables ACS (pci_request_acs):
				       judge by capability; else by control */
	bool amd_ivrs;              /* an IVRS table exists (amd_sb quirk) */
	/* pcie_acs_override= options (out-of-tree patch) */
	bool override_downstream, override_multifunction;
	uint32_t override_ids[16];  /* vendor<<16 | device */
	size_t noverride_ids;
	/* Functions the IOMMU driver never gives a group, as segment<<16 |
	 * bus<<8 | devfn: the AMD IOMMU's own function (amd/init.c
	 * init_iommu_one(): "Make sure IOMMU is not considered to translate
	 * itself").  Predicted group -1. */
	uint32_t untranslated[32];
	size_t nuntranslated;
};

struct predicted_groups {
	int *group_of;              /* per function index: predicted group id */
	size_t nfunctions;
	size_t ngroups;             /* ids are 0..ngroups-1 in bus order */
	struct group_reason *reasons;
	size_t nreasons;
	bool uncertain;             /* some ACS was unknown: groups may be
				       smaller than predicted would be wrong */
	int *reason_of;             /* per function: index into reasons[] of
				       the first cause that put it in a group
				       with others, or -1 (alone, or only
				       joined by others' causes) */
};

int groups_predict(const struct pci_facts *p, const struct predict_opts *o,
		   struct predicted_groups *out);
void predicted_groups_release(struct predicted_groups *g);

/* The kernel's effective-ACS test for one function (pci_acs_enabled()),
 * quirks included: TRI_UNKNOWN when it depends on unread registers.
 * MISSING gets the REQ_ACS_FLAGS bits not satisfied (0 when unknown). */
enum tri groups_acs_enabled(const struct pci_facts *p, int fn,
			    const struct predict_opts *o, uint16_t *missing);

/* What decided groups_acs_enabled(), for explanations. */
enum acs_basis {
	ACS_BASIS_QUIRK,            /* a pci_dev_acs_enabled[] entry */
	ACS_BASIS_OVERRIDE,         /* the pcie_acs_override entry */
	ACS_BASIS_NOT_PCIE,         /* conventional PCI: never isolated */
	ACS_BASIS_BRIDGE_TYPE,      /* PCIe<->PCI bridge, RC event collector */
	ACS_BASIS_SINGLE_FN,        /* single-function EP/USP/RCiEP: isolated */
	ACS_BASIS_NO_CAP,           /* port or mf device without ACS cap */
	ACS_BASIS_CAP,              /* judged by ACS capability/control */
	ACS_BASIS_UNREAD,           /* registers or port type not read */
};

struct acs_verdict {
	enum tri enabled;
	uint16_t missing;           /* REQ bits not satisfied */
	enum acs_basis basis;
	const char *quirk;          /* quirks.c function name, or NULL */
	const char *note;           /* an assumption made, or NULL */
};

void groups_acs_verdict(const struct pci_facts *p, int fn,
			const struct predict_opts *o, struct acs_verdict *v);

/* "SV RR CR" for ACS_* BITS into BUF (empty when none). */
void groups_acs_bits_text(uint16_t bits, char *buf, size_t size);

/*
 * Quirk tables as data (groups_quirks.c), exposed for tests and for the
 * report's explanations.  GROUPS_PCI_ANY matches any ID (PCI_ANY_ID).
 */
#define GROUPS_PCI_ANY 0xffff

/* The functions of drivers/pci/quirks.c pci_dev_acs_enabled[]. */
enum acs_quirk_fn {
	ACSQ_AMD_SB,                /* pci_quirk_amd_sb_acs */
	ACSQ_MF_ENDPOINT,           /* pci_quirk_mf_endpoint_acs */
	ACSQ_RCIEP,                 /* pci_quirk_rciep_acs */
	ACSQ_QCOM_RP,               /* pci_quirk_qcom_rp_acs */
	ACSQ_INTEL_PCH,             /* pci_quirk_intel_pch_acs */
	ACSQ_INTEL_SPT_PCH,         /* pci_quirk_intel_spt_pch_acs */
	ACSQ_CAVIUM,                /* pci_quirk_cavium_acs */
	ACSQ_XGENE,                 /* pci_quirk_xgene_acs */
	ACSQ_BRCM,                  /* pci_quirk_brcm_acs */
	ACSQ_LOONGSON,              /* pci_quirk_loongson_acs */
	ACSQ_AL,                    /* pci_quirk_al_acs */
	ACSQ_NXP_RP,                /* pci_quirk_nxp_rp_acs */
	ACSQ_ZHAOXIN_PORTS,         /* pci_quirk_zhaoxin_pcie_ports_acs */
	ACSQ_WANGXUN_NIC,           /* pci_quirk_wangxun_nic_acs */
};

struct acs_quirk {
	uint16_t vendor, device;    /* GROUPS_PCI_ANY = any */
	enum acs_quirk_fn fn;
};

struct id_range {
	uint16_t lo, hi;            /* inclusive */
};

struct id_ranges {
	const struct id_range *v;
	size_t n;
};

extern const struct acs_quirk groups_acs_quirks[];
extern const size_t groups_nacs_quirks;
extern const struct id_ranges groups_pch_acs_ids, groups_spt_acs_ids,
	groups_cavium_rp_ids, groups_zhaoxin_port_ids, groups_wangxun_nic_ids;
bool groups_id_in(const struct id_ranges *r, uint16_t id);

/* DMA alias fixups of drivers/pci/quirks.c. */
enum dma_alias_fn {
	ALIASQ_FUNC0,               /* quirk_dma_func0_alias */
	ALIASQ_FUNC1,               /* quirk_dma_func1_alias */
	ALIASQ_FIXED,               /* quirk_fixed_dma_alias (devfn) */
	ALIASQ_PCIE_BRIDGE,         /* quirk_use_pcie_bridge_dma_alias */
	ALIASQ_MIC_X200,            /* quirk_mic_x200_dma_alias */
	ALIASQ_PEX_VCA,             /* quirk_pex_vca_alias */
	ALIASQ_XLATE_ROOT,          /* quirk_bridge_cavm_thrx2_pcie_root */
};

struct dma_alias_quirk {
	uint16_t vendor, device;
	uint16_t subvendor, subdevice;  /* GROUPS_PCI_ANY = any */
	enum dma_alias_fn fn;
	uint8_t devfn;              /* ALIASQ_FIXED: the alias devfn */
	const char *name;           /* for reasons: "Marvell" */
};

extern const struct dma_alias_quirk groups_alias_quirks[];
extern const size_t groups_nalias_quirks;

#endif
