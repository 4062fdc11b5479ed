/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's ACS and DMA-alias quirks as data, for groups.c.
 *
 * Verified against kernel source (not from memory):
 *
 *  - drivers/pci/quirks.c of Crazh3/unifreq_linux-6.18.y
 *    (commit 11c8cf7a814e): pci_dev_acs_enabled[] entry by entry and in
 *    order; pci_quirk_amd_sb_acs, pci_quirk_cavium_acs_match,
 *    pci_quirk_xgene_acs, pci_quirk_zhaoxin_pcie_ports_acs,
 *    pci_quirk_intel_pch_acs_ids[], pci_quirk_intel_pch_acs,
 *    pci_quirk_qcom_rp_acs, pci_quirk_nxp_rp_acs, pci_quirk_al_acs,
 *    pci_quirk_intel_spt_pch_acs_match (incl. 0x9d10-0x9d1b),
 *    pci_quirk_intel_spt_pch_acs, pci_quirk_mf_endpoint_acs,
 *    pci_quirk_rciep_acs, pci_quirk_brcm_acs, pci_quirk_loongson_acs,
 *    pci_quirk_wangxun_nic_acs; and the alias fixups quirk_dma_func0_alias,
 *    quirk_dma_func1_alias (Lite-On 0x1c28:0x0122 is a literal there),
 *    fixed_dma_alias_tbl/quirk_fixed_dma_alias,
 *    quirk_use_pcie_bridge_dma_alias (Tundra 0x10e3, ITE 0x1283 and Intel
 *    0x8086 are literals there), quirk_mic_x200_dma_alias,
 *    quirk_pex_vca_alias, quirk_bridge_cavm_thrx2_pcie_root.
 *  - include/linux/pci_ids.h of ColinIanKing/linux-next (commit
 *    0235e10f66f1) for every PCI_VENDOR_ID_* used by those entries:
 *    ATI 0x1002, AMD 0x1022, SOLARFLARE 0x1924, INTEL 0x8086, QCOM 0x17cb,
 *    HXT 0x1dbf, CAVIUM 0x177d, AMCC 0x10e8, AMPERE 0x1def,
 *    BROADCOM 0x14e4, AMAZON_ANNAPURNA_LABS 0x1c36, ZHAOXIN 0x1d17,
 *    NXP 0x1957, WANGXUN 0x8088, RICOH 0x1180, GLENFLY 0x6766,
 *    MARVELL_EXT 0x1b4b, TTI 0x1103, JMICRON 0x197b (and
 *    PCI_DEVICE_ID_JMICRON_JMB388_ESD 0x2392), ADAPTEC2 0x9005,
 *    ASMEDIA 0x1b21.  LOONGSON 0x0014 from the context lines of
 *    include/linux/pci_ids.h patches in the same index (the file's first
 *    page was not re-read), cross-checked with pci.ids.
 *  - The out-of-tree pcie_acs_overrides() as carried in several trees
 *    (ACS-override patch text): -ENOTTY for non-PCIe and for any device
 *    with an ACS capability; ids, then downstream (DSP/RP), then
 *    multifunction (EP/USP/LEG_END/RC_END).
 *
 * Every vendor ID in kernel.md §2.3/§2.5 was right; no corrections.
 * The Emulex entries use literal vendors 0x19a2 and 0x10df in quirks.c.
 */
#include "groups.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ANY GROUPS_PCI_ANY

#define V_ATI		0x1002
#define V_AMD		0x1022
#define V_SOLARFLARE	0x1924
#define V_INTEL		0x8086
#define V_QCOM		0x17cb
#define V_HXT		0x1dbf
#define V_CAVIUM	0x177d
#define V_AMCC		0x10e8
#define V_AMPERE	0x1def
#define V_BROADCOM	0x14e4
#define V_LOONGSON	0x0014
#define V_AMAZON_AL	0x1c36
#define V_ZHAOXIN	0x1d17
#define V_NXP		0x1957
#define V_WANGXUN	0x8088
#define V_RICOH		0x1180
#define V_GLENFLY	0x6766
#define V_MARVELL_EXT	0x1b4b
#define V_TTI		0x1103
#define V_JMICRON	0x197b
#define V_LITEON	0x1c28
#define V_ADAPTEC2	0x9005
#define V_ASMEDIA	0x1b21
#define V_TUNDRA	0x10e3
#define V_ITE		0x1283

/*
 * pci_dev_acs_enabled[] in table order: pci_dev_specific_acs_enabled()
 * takes the first entry whose function returns >= 0, so order matters
 * (the Intel mf_endpoint NICs come before the Intel ANY entries).
 */
const struct acs_quirk groups_acs_quirks[] = {
	{ V_ATI, 0x4385, ACSQ_AMD_SB },
	{ V_ATI, 0x439c, ACSQ_AMD_SB },
	{ V_ATI, 0x4383, ACSQ_AMD_SB },
	{ V_ATI, 0x439d, ACSQ_AMD_SB },
	{ V_ATI, 0x4384, ACSQ_AMD_SB },
	{ V_ATI, 0x4399, ACSQ_AMD_SB },
	{ V_AMD, 0x780f, ACSQ_AMD_SB },
	{ V_AMD, 0x7809, ACSQ_AMD_SB },
	{ V_SOLARFLARE, 0x0903, ACSQ_MF_ENDPOINT },
	{ V_SOLARFLARE, 0x0923, ACSQ_MF_ENDPOINT },
	{ V_SOLARFLARE, 0x0a03, ACSQ_MF_ENDPOINT },
	/* 82598/82599/X520/X540 */
	{ V_INTEL, 0x10c6, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10db, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10dd, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10e1, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10f1, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10f7, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10f8, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10f9, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10fa, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10fb, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10fc, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1507, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1514, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x151c, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1529, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x152a, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x154d, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x154f, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1551, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1558, ACSQ_MF_ENDPOINT },
	/* 82580 */
	{ V_INTEL, 0x1509, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x150e, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x150f, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1510, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1511, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1516, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1527, ACSQ_MF_ENDPOINT },
	/* 82576 */
	{ V_INTEL, 0x10c9, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10e6, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10e7, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10e8, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x150a, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x150d, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1518, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1526, ACSQ_MF_ENDPOINT },
	/* 82575 */
	{ V_INTEL, 0x10a7, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10a9, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10d6, ACSQ_MF_ENDPOINT },
	/* I350 */
	{ V_INTEL, 0x1521, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1522, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1523, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1524, ACSQ_MF_ENDPOINT },
	/* 82571 (quads omitted upstream: non-ACS switch) */
	{ V_INTEL, 0x105e, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x105f, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x1060, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x10d9, ACSQ_MF_ENDPOINT },
	/* I219 */
	{ V_INTEL, 0x15b7, ACSQ_MF_ENDPOINT },
	{ V_INTEL, 0x15b8, ACSQ_MF_ENDPOINT },
	{ V_INTEL, ANY, ACSQ_RCIEP },
	/* QCOM QDF2xxx root ports, SA8775P root port */
	{ V_QCOM, 0x0400, ACSQ_QCOM_RP },
	{ V_QCOM, 0x0401, ACSQ_QCOM_RP },
	{ V_QCOM, 0x0115, ACSQ_QCOM_RP },
	/* HXT SD4800: same ACS design as QDF2xxx */
	{ V_HXT, 0x0401, ACSQ_QCOM_RP },
	/* Intel PCH root ports */
	{ V_INTEL, ANY, ACSQ_INTEL_PCH },
	{ V_INTEL, ANY, ACSQ_INTEL_SPT_PCH },
	{ 0x19a2, 0x0710, ACSQ_MF_ENDPOINT },	/* Emulex BE3-R */
	{ 0x10df, 0x0720, ACSQ_MF_ENDPOINT },	/* Emulex Skyhawk-R */
	/* Cavium ThunderX root ports, then multi-function devices */
	{ V_CAVIUM, ANY, ACSQ_CAVIUM },
	{ V_CAVIUM, 0xa026, ACSQ_MF_ENDPOINT },
	{ V_CAVIUM, 0xa059, ACSQ_MF_ENDPOINT },
	{ V_CAVIUM, 0xa060, ACSQ_MF_ENDPOINT },
	/* APM X-Gene, Ampere */
	{ V_AMCC, 0xe004, ACSQ_XGENE },
	{ V_AMPERE, 0xe005, ACSQ_XGENE },
	{ V_AMPERE, 0xe006, ACSQ_XGENE },
	{ V_AMPERE, 0xe007, ACSQ_XGENE },
	{ V_AMPERE, 0xe008, ACSQ_XGENE },
	{ V_AMPERE, 0xe009, ACSQ_XGENE },
	{ V_AMPERE, 0xe00a, ACSQ_XGENE },
	{ V_AMPERE, 0xe00b, ACSQ_XGENE },
	{ V_AMPERE, 0xe00c, ACSQ_XGENE },
	/* Broadcom multi-function devices, iProc PAXB root port */
	{ V_BROADCOM, 0x16d7, ACSQ_MF_ENDPOINT },
	{ V_BROADCOM, 0x1750, ACSQ_MF_ENDPOINT },
	{ V_BROADCOM, 0x1751, ACSQ_MF_ENDPOINT },
	{ V_BROADCOM, 0x1752, ACSQ_MF_ENDPOINT },
	{ V_BROADCOM, 0x1760, ACSQ_MF_ENDPOINT },
	{ V_BROADCOM, 0x1761, ACSQ_MF_ENDPOINT },
	{ V_BROADCOM, 0x1762, ACSQ_MF_ENDPOINT },
	{ V_BROADCOM, 0x1763, ACSQ_MF_ENDPOINT },
	{ V_BROADCOM, 0xd714, ACSQ_BRCM },
	/* Loongson root ports */
	{ V_LOONGSON, 0x3c09, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x3c19, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x3c29, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x7a09, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x7a19, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x7a29, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x7a39, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x7a49, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x7a59, ACSQ_LOONGSON },
	{ V_LOONGSON, 0x7a69, ACSQ_LOONGSON },
	/* Amazon Annapurna Labs */
	{ V_AMAZON_AL, 0x0031, ACSQ_AL },
	/* Zhaoxin multi-function devices */
	{ V_ZHAOXIN, 0x3038, ACSQ_MF_ENDPOINT },
	{ V_ZHAOXIN, 0x3104, ACSQ_MF_ENDPOINT },
	{ V_ZHAOXIN, 0x9083, ACSQ_MF_ENDPOINT },
	/* NXP LX2xx0/LX2xx2 root ports */
	{ V_NXP, 0x8d81, ACSQ_NXP_RP },
	{ V_NXP, 0x8da1, ACSQ_NXP_RP },
	{ V_NXP, 0x8d83, ACSQ_NXP_RP },
	{ V_NXP, 0x8d80, ACSQ_NXP_RP },
	{ V_NXP, 0x8da0, ACSQ_NXP_RP },
	{ V_NXP, 0x8d82, ACSQ_NXP_RP },
	{ V_NXP, 0x8d90, ACSQ_NXP_RP },
	{ V_NXP, 0x8db0, ACSQ_NXP_RP },
	{ V_NXP, 0x8d92, ACSQ_NXP_RP },
	{ V_NXP, 0x8d91, ACSQ_NXP_RP },
	{ V_NXP, 0x8db1, ACSQ_NXP_RP },
	{ V_NXP, 0x8d93, ACSQ_NXP_RP },
	{ V_NXP, 0x8d89, ACSQ_NXP_RP },
	{ V_NXP, 0x8da9, ACSQ_NXP_RP },
	{ V_NXP, 0x8d8b, ACSQ_NXP_RP },
	{ V_NXP, 0x8d88, ACSQ_NXP_RP },
	{ V_NXP, 0x8da8, ACSQ_NXP_RP },
	{ V_NXP, 0x8d8a, ACSQ_NXP_RP },
	{ V_NXP, 0x8d98, ACSQ_NXP_RP },
	{ V_NXP, 0x8db8, ACSQ_NXP_RP },
	{ V_NXP, 0x8d9a, ACSQ_NXP_RP },
	{ V_NXP, 0x8d99, ACSQ_NXP_RP },
	{ V_NXP, 0x8db9, ACSQ_NXP_RP },
	{ V_NXP, 0x8d9b, ACSQ_NXP_RP },
	/* Zhaoxin root/downstream ports, Wangxun NICs */
	{ V_ZHAOXIN, ANY, ACSQ_ZHAOXIN_PORTS },
	{ V_WANGXUN, ANY, ACSQ_WANGXUN_NIC },
};
const size_t groups_nacs_quirks = ARRAY_SIZE(groups_acs_quirks);

/* pci_quirk_intel_pch_acs_ids[] (root ports only; even IDs on X79/9-series) */
static const struct id_range pch_ids[] = {
	{ 0x3b42, 0x3b51 },	/* Ibex Peak */
	{ 0x1c10, 0x1c1f },	/* Cougar Point */
	{ 0x1e10, 0x1e1f },	/* Panther Point */
	{ 0x8c10, 0x8c1f },	/* Lynx Point-H */
	{ 0x9c10, 0x9c1b },	/* Lynx Point-LP */
	{ 0x9c90, 0x9c9b },	/* Wildcat Point */
	{ 0x1d10, 0x1d10 }, { 0x1d12, 0x1d12 }, { 0x1d14, 0x1d14 },
	{ 0x1d16, 0x1d16 }, { 0x1d18, 0x1d18 }, { 0x1d1a, 0x1d1a },
	{ 0x1d1c, 0x1d1c }, { 0x1d1e, 0x1d1e },	/* Patsburg (X79) */
	{ 0x8d10, 0x8d1e },	/* Wellsburg (X99) */
	{ 0x8c90, 0x8c90 }, { 0x8c92, 0x8c92 }, { 0x8c94, 0x8c94 },
	{ 0x8c96, 0x8c96 }, { 0x8c98, 0x8c98 }, { 0x8c9a, 0x8c9a },
	{ 0x8c9c, 0x8c9c }, { 0x8c9e, 0x8c9e },	/* 9 series */
};

/* pci_quirk_intel_spt_pch_acs_match(): control dword at cap+8 */
static const struct id_range spt_ids[] = {
	{ 0xa110, 0xa11f }, { 0xa167, 0xa16a },	/* Sunrise Point-H */
	{ 0xa290, 0xa29f }, { 0xa2e7, 0xa2ee },	/* Union Point */
	{ 0x9d10, 0x9d1b },			/* 7th/8th gen mobile */
};

/* pci_quirk_cavium_acs_match() (root ports only) */
static const struct id_range cavium_ids[] = {
	{ 0xa000, 0xa7ff },	/* ThunderX1 */
	{ 0xaf84, 0xaf84 },	/* ThunderX2 */
	{ 0xb884, 0xb884 },	/* ThunderX3 */
};

/* pci_quirk_zhaoxin_pcie_ports_acs(): listed ports isolate, others do not */
static const struct id_range zhaoxin_ids[] = {
	{ 0x0710, 0x071e }, { 0x0721, 0x0721 }, { 0x0723, 0x0752 },
};

/* pci_quirk_wangxun_nic_acs(): listed NICs isolate, others do not */
static const struct id_range wangxun_ids[] = {
	{ 0x0100, 0x010f },			/* EM */
	{ 0x1001, 0x1001 }, { 0x2001, 0x2001 },	/* SP */
	{ 0x5010, 0x5010 }, { 0x5025, 0x5025 }, { 0x5040, 0x5040 },
	{ 0x5110, 0x5110 }, { 0x5125, 0x5125 }, { 0x5140, 0x5140 }, /* AML */
};

const struct id_ranges groups_pch_acs_ids = { pch_ids, ARRAY_SIZE(pch_ids) };
const struct id_ranges groups_spt_acs_ids = { spt_ids, ARRAY_SIZE(spt_ids) };
const struct id_ranges groups_cavium_rp_ids = {
	cavium_ids, ARRAY_SIZE(cavium_ids)
};
const struct id_ranges groups_zhaoxin_port_ids = {
	zhaoxin_ids, ARRAY_SIZE(zhaoxin_ids)
};
const struct id_ranges groups_wangxun_nic_ids = {
	wangxun_ids, ARRAY_SIZE(wangxun_ids)
};

bool groups_id_in(const struct id_ranges *r, uint16_t id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (id >= r->v[i].lo && id <= r->v[i].hi)
			return true;
	return false;
}

#define NOSUB ANY, ANY

/*
 * DECLARE_PCI_FIXUP_HEADER entries that add DMA aliases or set the
 * PCIE_BRIDGE_ALIAS / BRIDGE_XLATE_ROOT flags.  Header fixups match any
 * class; only the Adaptec entry also matches the subsystem IDs
 * (fixed_dma_alias_tbl uses PCI_DEVICE_SUB).
 */
const struct dma_alias_quirk groups_alias_quirks[] = {
	/* quirk_dma_func0_alias */
	{ V_RICOH, 0xe832, NOSUB, ALIASQ_FUNC0, 0, "Ricoh" },
	{ V_RICOH, 0xe476, NOSUB, ALIASQ_FUNC0, 0, "Ricoh" },
	{ V_GLENFLY, 0x3d40, NOSUB, ALIASQ_FUNC0, 0, "Glenfly" },
	{ V_GLENFLY, 0x3d41, NOSUB, ALIASQ_FUNC0, 0, "Glenfly" },
	/* quirk_dma_func1_alias: function 1 may be a ghost */
	{ V_MARVELL_EXT, 0x9120, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9123, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9125, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9128, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9130, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9170, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9172, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x917a, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9182, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9183, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x91a0, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9215, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9220, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9230, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_MARVELL_EXT, 0x9235, NOSUB, ALIASQ_FUNC1, 0, "Marvell" },
	{ V_TTI, 0x0642, NOSUB, ALIASQ_FUNC1, 0, "HighPoint" },
	{ V_TTI, 0x0645, NOSUB, ALIASQ_FUNC1, 0, "HighPoint" },
	{ V_JMICRON, 0x2392, NOSUB, ALIASQ_FUNC1, 0, "JMicron" },
	{ V_LITEON, 0x0122, NOSUB, ALIASQ_FUNC1, 0, "Lite-On/Plextor" },
	/* quirk_fixed_dma_alias: Adaptec 3405 / 3805, alias 01.0 */
	{ V_ADAPTEC2, 0x0285, V_ADAPTEC2, 0x02bb, ALIASQ_FIXED, 0x08,
	  "Adaptec" },
	{ V_ADAPTEC2, 0x0285, V_ADAPTEC2, 0x02bc, ALIASQ_FIXED, 0x08,
	  "Adaptec" },
	/* quirk_use_pcie_bridge_dma_alias */
	{ V_ASMEDIA, 0x1080, NOSUB, ALIASQ_PCIE_BRIDGE, 0, "ASMedia" },
	{ V_TUNDRA, 0x8113, NOSUB, ALIASQ_PCIE_BRIDGE, 0, "Tundra" },
	{ V_ITE, 0x8892, NOSUB, ALIASQ_PCIE_BRIDGE, 0, "ITE" },
	{ V_ITE, 0x8893, NOSUB, ALIASQ_PCIE_BRIDGE, 0, "ITE" },
	{ V_INTEL, 0x244e, NOSUB, ALIASQ_PCIE_BRIDGE, 0, "Intel 82801" },
	/* quirk_mic_x200_dma_alias: 10.0, 11.0, 12.3 */
	{ V_INTEL, 0x2260, NOSUB, ALIASQ_MIC_X200, 0, "Intel MIC x200" },
	{ V_INTEL, 0x2264, NOSUB, ALIASQ_MIC_X200, 0, "Intel MIC x200" },
	/* quirk_pex_vca_alias: functions 0-4 of all 32 slots */
	{ V_INTEL, 0x2954, NOSUB, ALIASQ_PEX_VCA, 0, "Intel VCA" },
	{ V_INTEL, 0x2955, NOSUB, ALIASQ_PEX_VCA, 0, "Intel VCA" },
	{ V_INTEL, 0x2956, NOSUB, ALIASQ_PEX_VCA, 0, "Intel VCA" },
	{ V_INTEL, 0x2958, NOSUB, ALIASQ_PEX_VCA, 0, "Intel VCA" },
	{ V_INTEL, 0x2959, NOSUB, ALIASQ_PEX_VCA, 0, "Intel VCA" },
	{ V_INTEL, 0x295a, NOSUB, ALIASQ_PEX_VCA, 0, "Intel VCA" },
	/* quirk_bridge_cavm_thrx2_pcie_root */
	{ V_BROADCOM, 0x9000, NOSUB, ALIASQ_XLATE_ROOT, 0, "ThunderX2" },
	{ V_BROADCOM, 0x9084, NOSUB, ALIASQ_XLATE_ROOT, 0, "ThunderX2" },
};
const size_t groups_nalias_quirks = ARRAY_SIZE(groups_alias_quirks);
