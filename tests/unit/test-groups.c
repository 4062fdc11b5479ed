/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Predicted IOMMU groups (probe/groups.c): each grouping rule of
 * pci_device_group() and each quirk family on small hand-built
 * topologies, hostile input, and a 4096-function run. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../probe/groups.h"

/* ------------------------------------------------------------ builder */

struct topo {
	struct pci_facts p;
	size_t cap;
	struct predict_opts o;
	struct predicted_groups g;
};

static void topo_init(struct topo *t)
{
	memset(t, 0, sizeof(*t));
	t->o.iommu_active = true;
}

static void topo_free(struct topo *t)
{
	predicted_groups_release(&t->g);
	free(t->p.v);
	memset(t, 0, sizeof(*t));
}

static bool is_bridge_type(int type)
{
	return type == PCIE_TYPE_ROOT_PORT || type == PCIE_TYPE_UPSTREAM ||
	       type == PCIE_TYPE_DOWNSTREAM || type == PCIE_TYPE_PCI_BRIDGE ||
	       type == PCIE_TYPE_PCIE_BRIDGE;
}

/*
 * A function at DOMAIN:BUS:DEV.FN of TYPE below PARENT (-1: root bus).
 * Default: vendor 0x1234, PCIe config read, no ACS capability.
 */
static int add_dom(struct topo *t, int parent, uint16_t domain, uint8_t bus,
		   uint8_t dev, uint8_t fn, int type)
{
	struct pci_function *f;

	if (t->p.count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->p.v = realloc(t->p.v, t->cap * sizeof(*t->p.v));
		assert_non_null(t->p.v);
	}
	f = &t->p.v[t->p.count];
	memset(f, 0, sizeof(*f));
	f->domain = domain;
	f->bus = bus;
	f->dev = dev;
	f->func = fn;
	snprintf(f->bdf, sizeof(f->bdf), "%04x:%02x:%02x.%x", domain, bus, dev,
		 fn);
	f->vendor_id = 0x1234;
	f->device_id = 0x0001;
	f->pcie_type = (enum pcie_type)type;
	f->is_bridge = is_bridge_type(type);
	f->header_type = f->is_bridge ? 1 : 0;
	f->parent = parent;
	f->on_root_bus = parent < 0;
	f->config_full = true;
	f->acs.present = TRI_NO;
	f->iommu_group = -1;
	f->physfn = -1;
	return (int)t->p.count++;
}

static int add(struct topo *t, int parent, uint8_t bus, uint8_t dev,
	       uint8_t fn, int type)
{
	return add_dom(t, parent, 0, bus, dev, fn, type);
}

static struct pci_function *F(struct topo *t, int i)
{
	return &t->p.v[i];
}

static void ids(struct topo *t, int i, uint16_t vendor, uint16_t device)
{
	F(t, i)->vendor_id = vendor;
	F(t, i)->device_id = device;
}

/* An ACS capability with CAP and control CTL. */
static void acs(struct topo *t, int i, uint16_t cap, uint16_t ctl)
{
	struct pci_acs *a = &F(t, i)->acs;

	a->present = TRI_YES;
	a->pos = 0x140;
	a->cap_known = a->ctl_known = true;
	a->cap = cap;
	a->ctl = ctl;
}

static void mf(struct topo *t, int i)
{
	F(t, i)->multifunction = true;
}

static void predict(struct topo *t)
{
	predicted_groups_release(&t->g);
	assert_int_equal(groups_predict(&t->p, &t->o, &t->g), 0);
	assert_int_equal(t->g.nfunctions, t->p.count);
}

static bool same(struct topo *t, int a, int b)
{
	return t->g.group_of[a] == t->g.group_of[b];
}

static int find_reason(struct topo *t, enum group_reason_kind kind,
		       const char *needle)
{
	size_t i;

	for (i = 0; i < t->g.nreasons; i++)
		if (t->g.reasons[i].kind == kind &&
		    (!needle || strstr(t->g.reasons[i].text, needle)))
			return (int)i;
	return -1;
}

static void print_reasons(struct topo *t)
{
	size_t i;

	for (i = 0; i < t->g.nreasons; i++)
		print_message("  reason %zu: kind %d: %s\n", i,
			      t->g.reasons[i].kind, t->g.reasons[i].text);
}

static void expect_reason(struct topo *t, enum group_reason_kind kind,
			  const char *needle)
{
	if (find_reason(t, kind, needle) < 0) {
		print_reasons(t);
		fail_msg("no reason of kind %d containing \"%s\"", kind,
			 needle ? needle : "");
	}
}

#define ACS_ALL (ACS_SV | ACS_RR | ACS_CR | ACS_UF)

/* ----------------------------------------------------- grouping rules */

static void test_isolated_root_ports(void **state)
{
	struct topo t;
	int host, rp1, ep1, rp2, ep2;

	(void)state;
	topo_init(&t);
	host = add(&t, -1, 0, 0, 0, PCIE_TYPE_NONE);
	rp1 = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp1, ACS_ALL | ACS_TB, 0);
	ep1 = add(&t, rp1, 1, 0, 0, PCIE_TYPE_ENDPOINT);
	rp2 = add(&t, -1, 0, 2, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp2, ACS_ALL, ACS_ALL);
	ep2 = add(&t, rp2, 2, 0, 0, PCIE_TYPE_ENDPOINT);
	predict(&t);
	assert_int_equal(t.g.ngroups, 5);
	/* ids in bus order of the first member */
	assert_int_equal(t.g.group_of[host], 0);
	assert_int_equal(t.g.group_of[rp1], 1);
	assert_int_equal(t.g.group_of[rp2], 2);
	assert_int_equal(t.g.group_of[ep1], 3);
	assert_int_equal(t.g.group_of[ep2], 4);
	assert_int_equal(t.g.nreasons, 0);
	assert_false(t.g.uncertain);
	assert_int_equal(t.g.reason_of[ep1], -1);
	topo_free(&t);
}

static void test_root_port_without_acs(void **state)
{
	struct topo t;
	int rp, ep0, ep1, rp2, ep2, r;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 0x1c, 0, PCIE_TYPE_ROOT_PORT);	/* no ACS */
	ep0 = add(&t, rp, 1, 0, 0, PCIE_TYPE_ENDPOINT);
	mf(&t, ep0);
	acs(&t, ep0, ACS_RR | ACS_CR, 0);
	ep1 = add(&t, rp, 1, 0, 1, PCIE_TYPE_ENDPOINT);
	mf(&t, ep1);
	acs(&t, ep1, ACS_RR | ACS_CR, 0);
	rp2 = add(&t, -1, 0, 0x1d, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp2, ACS_ALL, 0);
	ep2 = add(&t, rp2, 2, 0, 0, PCIE_TYPE_ENDPOINT);
	predict(&t);
	assert_true(same(&t, rp, ep0));
	assert_true(same(&t, rp, ep1));
	assert_false(same(&t, rp, rp2));
	assert_false(same(&t, ep2, rp2));
	assert_int_equal(t.g.ngroups, 3);
	r = find_reason(&t, GROUP_REASON_ACS_PATH, "00:1c.0 (root port)");
	assert_true(r >= 0);
	assert_int_equal(t.g.reasons[r].port, rp);
	assert_int_equal(t.g.reasons[r].missing, ACS_ALL);
	assert_non_null(strstr(t.g.reasons[r].text, "no ACS capability"));
	assert_int_equal(t.g.reason_of[ep0], r);
	assert_int_equal(t.g.reason_of[rp], r);
	assert_false(t.g.uncertain);
	topo_free(&t);
}

/* RP → USP → three DSPs, the middle one without ACS. */
static int build_switch(struct topo *t, int *dsp, int *ep, int lacking)
{
	int rp, usp, i;

	rp = add(t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(t, rp, ACS_ALL, 0);
	usp = add(t, rp, 1, 0, 0, PCIE_TYPE_UPSTREAM);
	for (i = 0; i < 3; i++) {
		dsp[i] = add(t, usp, 2, (uint8_t)i, 0, PCIE_TYPE_DOWNSTREAM);
		if (i != lacking)
			acs(t, dsp[i], ACS_ALL | ACS_EC, 0);
		ep[i] = add(t, dsp[i], (uint8_t)(3 + i), 0, 0,
			    PCIE_TYPE_ENDPOINT);
	}
	return usp;
}

static void test_switch_one_dsp_lacks_acs(void **state)
{
	struct topo t;
	int dsp[3], ep[3], usp;

	(void)state;
	topo_init(&t);
	usp = build_switch(&t, dsp, ep, 1);
	predict(&t);
	assert_true(same(&t, dsp[1], ep[1]));
	assert_false(same(&t, usp, dsp[1]));
	assert_false(same(&t, dsp[0], ep[0]));
	assert_false(same(&t, dsp[2], ep[2]));
	/* RP, USP, 3 DSPs, 3 EPs minus the one merge */
	assert_int_equal(t.g.ngroups, 7);
	expect_reason(&t, GROUP_REASON_ACS_PATH,
		      "02:01.0 (downstream port) has no ACS capability");
	topo_free(&t);
}

static void test_asymmetric_dsps(void **state)
{
	struct topo t;
	int dsp[3], ep[3];

	(void)state;
	/* The kernel's known limitation (2025 thread, kernel.md §1.5): the
	 * isolated DSP's endpoint stays alone although its non-isolated
	 * peer could reach it.  We predict what the kernel does. */
	topo_init(&t);
	build_switch(&t, dsp, ep, 0);
	predict(&t);
	assert_true(same(&t, dsp[0], ep[0]));
	assert_false(same(&t, ep[1], ep[0]));
	assert_false(same(&t, ep[1], dsp[1]));
	assert_false(same(&t, ep[2], ep[1]));
	topo_free(&t);

	/* the root port above failing swallows the whole switch */
	topo_init(&t);
	build_switch(&t, dsp, ep, 0);
	t.p.v[0].acs.present = TRI_NO;
	predict(&t);
	assert_int_equal(t.g.ngroups, 1);
	expect_reason(&t, GROUP_REASON_ACS_PATH, "00:01.0 (root port)");
	topo_free(&t);
}

static void test_pcie_to_pci_bridge(void **state)
{
	struct topo t;
	int rp, br, a, b, cb, c, rp2, ep2;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp, ACS_ALL, 0);
	br = add(&t, rp, 1, 0, 0, PCIE_TYPE_PCI_BRIDGE);
	a = add(&t, br, 2, 0, 0, PCIE_TYPE_NONE);
	b = add(&t, br, 2, 1, 0, PCIE_TYPE_NONE);
	cb = add(&t, br, 2, 2, 0, PCIE_TYPE_NONE);	/* PCI-PCI bridge */
	F(&t, cb)->is_bridge = true;
	F(&t, cb)->header_type = 1;
	c = add(&t, cb, 3, 0, 0, PCIE_TYPE_NONE);
	rp2 = add(&t, -1, 0, 2, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp2, ACS_ALL, 0);
	ep2 = add(&t, rp2, 4, 0, 0, PCIE_TYPE_ENDPOINT);
	predict(&t);
	assert_true(same(&t, br, a));
	assert_true(same(&t, br, b));
	assert_true(same(&t, br, cb));
	assert_true(same(&t, br, c));
	assert_false(same(&t, br, rp));
	assert_false(same(&t, ep2, rp2));
	assert_int_equal(t.g.ngroups, 4);
	expect_reason(&t, GROUP_REASON_PCI_BRIDGE,
		      "behind PCIe-to-PCI bridge 01:00.0");
	/* the nested conventional bridge aliases too, but to the top one */
	assert_int_equal(t.g.reasons[t.g.reason_of[c]].kind,
			 GROUP_REASON_PCI_BRIDGE);
	topo_free(&t);
}

static void test_pci_to_pcie_bridge(void **state)
{
	struct topo t;
	int br, ep, other;

	(void)state;
	topo_init(&t);
	br = add(&t, -1, 0, 3, 0, PCIE_TYPE_PCIE_BRIDGE);
	ep = add(&t, br, 1, 0, 0, PCIE_TYPE_ENDPOINT);
	other = add(&t, -1, 0, 4, 0, PCIE_TYPE_RC_END);
	predict(&t);
	assert_true(same(&t, br, ep));
	assert_false(same(&t, br, other));
	expect_reason(&t, GROUP_REASON_PCI_BRIDGE,
		      "behind PCI-to-PCIe bridge 00:03.0");
	topo_free(&t);
}

static void test_multifunction_endpoint(void **state)
{
	struct topo t;
	int f0, f2, f3, single;

	(void)state;
	/* without ACS: one group per slot */
	topo_init(&t);
	f0 = add(&t, -1, 0, 0x1f, 0, PCIE_TYPE_RC_END);
	f2 = add(&t, -1, 0, 0x1f, 2, PCIE_TYPE_RC_END);
	f3 = add(&t, -1, 0, 0x1f, 3, PCIE_TYPE_RC_END);
	mf(&t, f0);
	mf(&t, f2);
	mf(&t, f3);
	ids(&t, f0, 0x1022, 0x790e);
	ids(&t, f2, 0x1022, 0x790b);
	ids(&t, f3, 0x1022, 0x1457);
	single = add(&t, -1, 0, 0x14, 0, PCIE_TYPE_RC_END);
	predict(&t);
	assert_true(same(&t, f0, f2));
	assert_true(same(&t, f0, f3));
	assert_false(same(&t, f0, single));
	assert_int_equal(t.g.ngroups, 2);
	expect_reason(&t, GROUP_REASON_MULTIFUNCTION,
		      "multifunction slot 00:1f without ACS");

	/* with ACS RR/CR implemented: separate functions */
	acs(&t, f0, ACS_RR | ACS_CR, 0);
	acs(&t, f2, ACS_RR | ACS_CR, 0);
	acs(&t, f3, ACS_RR | ACS_CR, 0);
	predict(&t);
	assert_int_equal(t.g.ngroups, 4);

	/* ACS capability with Cap = 0: every flag masked away, passes */
	acs(&t, f0, 0, 0);
	acs(&t, f2, 0, 0);
	acs(&t, f3, 0, 0);
	predict(&t);
	assert_int_equal(t.g.ngroups, 4);

	/* one function with ACS: the two without still share a group */
	F(&t, f2)->acs.present = TRI_NO;
	F(&t, f3)->acs.present = TRI_NO;
	predict(&t);
	assert_false(same(&t, f0, f2));
	assert_true(same(&t, f2, f3));
	topo_free(&t);
}

static void test_multifunction_below_port(void **state)
{
	struct topo t;
	int rp, e0, e1;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp, ACS_ALL, 0);
	e0 = add(&t, rp, 1, 0, 0, PCIE_TYPE_ENDPOINT);	/* GPU */
	e1 = add(&t, rp, 1, 0, 1, PCIE_TYPE_ENDPOINT);	/* its audio */
	mf(&t, e0);
	mf(&t, e1);
	predict(&t);
	assert_true(same(&t, e0, e1));
	assert_false(same(&t, rp, e0));
	expect_reason(&t, GROUP_REASON_MULTIFUNCTION, "slot 01:00");
	topo_free(&t);
}

/*
 * Function 1 whose own header has no multifunction bit (as QEMU builds a
 * multifunction=on slot, seen in the real-kernel tier): pci_scan_slot()
 * marks every function above 0 multifunction, so the kernel groups it with
 * function 0.  A VF with a function number above 0 is not scanned that way.
 */
static void test_function_above_0_is_multifunction(void **state)
{
	struct topo t;
	int rp, e0, e1, vf;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp, ACS_ALL, 0);
	e0 = add(&t, rp, 1, 0, 0, PCIE_TYPE_ENDPOINT);
	e1 = add(&t, rp, 1, 0, 1, PCIE_TYPE_ENDPOINT);
	mf(&t, e0);                 /* only function 0 has the header bit */
	vf = add(&t, rp, 1, 0, 2, PCIE_TYPE_ENDPOINT);
	F(&t, vf)->physfn = e0;     /* a VF in the slot: keeps its clear bit */
	predict(&t);
	assert_true(same(&t, e0, e1));
	assert_false(same(&t, e0, vf));
	topo_free(&t);
}

/* The AMD IOMMU's own function (IVHD DeviceID) gets no group: amd/init.c
 * takes it out of translation.  Its multifunction siblings keep theirs. */
static void test_untranslated_function(void **state)
{
	struct topo t;
	int hb, iommu, other;

	(void)state;
	topo_init(&t);
	hb = add(&t, -1, 0, 0, 0, PCIE_TYPE_NONE);
	iommu = add(&t, -1, 0, 0, 2, PCIE_TYPE_NONE);
	other = add(&t, -1, 0, 0, 3, PCIE_TYPE_NONE);
	mf(&t, hb);
	t.o.untranslated[t.o.nuntranslated++] = 0x0002;  /* 0000:00:00.2 */
	predict(&t);
	assert_int_equal(t.g.group_of[iommu], -1);
	assert_true(t.g.group_of[hb] >= 0);
	assert_true(same(&t, hb, other));
	assert_int_equal(t.g.ngroups, 1);
	topo_free(&t);
}

/* 00:1c.0 and 00:1c.4 multifunction root ports, one endpoint each. */
static void build_pch(struct topo *t, uint16_t dev0, uint16_t dev4,
		      int *rp, int *ep)
{
	rp[0] = add(t, -1, 0, 0x1c, 0, PCIE_TYPE_ROOT_PORT);
	rp[1] = add(t, -1, 0, 0x1c, 4, PCIE_TYPE_ROOT_PORT);
	ids(t, rp[0], 0x8086, dev0);
	ids(t, rp[1], 0x8086, dev4);
	mf(t, rp[0]);
	mf(t, rp[1]);
	ep[0] = add(t, rp[0], 2, 0, 0, PCIE_TYPE_ENDPOINT);
	ep[1] = add(t, rp[1], 3, 0, 0, PCIE_TYPE_ENDPOINT);
}

static void test_pch_root_ports(void **state)
{
	struct topo t;
	struct acs_verdict v;
	int rp[2], ep[2];

	(void)state;
	/* no ACS, not in the quirk list: one group for all four */
	topo_init(&t);
	build_pch(&t, 0xa33c, 0xa338, rp, ep);
	predict(&t);
	assert_int_equal(t.g.ngroups, 1);
	expect_reason(&t, GROUP_REASON_ACS_PATH, "00:1c.0 (root port)");
	expect_reason(&t, GROUP_REASON_MULTIFUNCTION,
		      "multifunction slot 00:1c without ACS");
	topo_free(&t);

	/* Lynx Point-H ports with the PCH quirk and an active IOMMU */
	topo_init(&t);
	build_pch(&t, 0x8c10, 0x8c18, rp, ep);
	predict(&t);
	assert_int_equal(t.g.ngroups, 4);
	groups_acs_verdict(&t.p, rp[0], &t.o, &v);
	assert_int_equal(v.enabled, TRI_YES);
	assert_int_equal(v.basis, ACS_BASIS_QUIRK);
	assert_string_equal(v.quirk, "pci_quirk_intel_pch_acs");
	assert_non_null(v.note);
	assert_non_null(strstr(v.note, "assumes"));

	/* the enable quirk runs only with an IOMMU: not assumed */
	t.o.iommu_active = false;
	predict(&t);
	assert_int_equal(t.g.ngroups, 1);
	expect_reason(&t, GROUP_REASON_ACS_PATH, "pci_quirk_intel_pch_acs");
	topo_free(&t);

	/* X79 lists even IDs only: 0x1d11 is not a quirk port */
	topo_init(&t);
	build_pch(&t, 0x1d10, 0x1d11, rp, ep);
	predict(&t);
	assert_int_equal(groups_acs_enabled(&t.p, rp[0], &t.o, NULL),
			 TRI_YES);
	assert_int_equal(groups_acs_enabled(&t.p, rp[1], &t.o, NULL), TRI_NO);
	assert_true(same(&t, rp[1], ep[1]));
	assert_false(same(&t, rp[0], ep[0]));
	/* 1c.0 passes, so the slot rule does not join it to 1c.4 */
	assert_false(same(&t, rp[0], rp[1]));
	topo_free(&t);
}

static void test_intel_spt_ctl_at_8(void **state)
{
	struct topo t;
	struct acs_verdict v;
	uint16_t missing = 0xffff;
	int rp[2], ep[2];

	(void)state;
	topo_init(&t);
	build_pch(&t, 0xa110, 0xa114, rp, ep);
	/* lspci shows ctl +6 = 0; the real control is the dword at +8 */
	acs(&t, rp[0], ACS_ALL, 0);
	acs(&t, rp[1], ACS_ALL, ACS_ALL);
	F(&t, rp[0])->acs.ctl_at_8 = true;
	F(&t, rp[1])->acs.ctl_at_8 = true;
	predict(&t);
	assert_int_equal(t.g.ngroups, 4);
	groups_acs_verdict(&t.p, rp[0], &t.o, &v);
	assert_int_equal(v.enabled, TRI_YES);
	assert_string_equal(v.quirk, "pci_quirk_intel_spt_pch_acs");
	assert_null(v.note);

	/* predicted the same with the IOMMU off: the enable quirk will OR
	 * the capability's SV/RR/CR/UF into the +8 dword */
	t.o.iommu_active = false;
	assert_int_equal(groups_acs_enabled(&t.p, rp[0], &t.o, &missing),
			 TRI_YES);
	assert_int_equal(missing, 0);

	/* 7th/8th gen mobile IDs are in the list too */
	ids(&t, rp[0], 0x8086, 0x9d14);
	groups_acs_verdict(&t.p, rp[0], &t.o, &v);
	assert_string_equal(v.quirk, "pci_quirk_intel_spt_pch_acs");

	/* no ACS capability: the quirk says -ENOTTY, the standard test
	 * finds no capability */
	F(&t, rp[0])->acs.present = TRI_NO;
	groups_acs_verdict(&t.p, rp[0], &t.o, &v);
	assert_int_equal(v.enabled, TRI_NO);
	assert_int_equal(v.basis, ACS_BASIS_NO_CAP);

	/* registers unread */
	F(&t, rp[0])->acs.present = TRI_UNKNOWN;
	assert_int_equal(groups_acs_enabled(&t.p, rp[0], &t.o, NULL),
			 TRI_UNKNOWN);
	topo_free(&t);
}

static void test_amd_sb_quirk(void **state)
{
	struct topo t;
	int smbus, lpc, hda;
	struct acs_verdict v;

	(void)state;
	topo_init(&t);
	smbus = add(&t, -1, 0, 0x14, 0, PCIE_TYPE_NONE);
	hda = add(&t, -1, 0, 0x14, 2, PCIE_TYPE_NONE);
	lpc = add(&t, -1, 0, 0x14, 3, PCIE_TYPE_NONE);
	ids(&t, smbus, 0x1002, 0x4385);
	ids(&t, hda, 0x1002, 0x4383);
	ids(&t, lpc, 0x1002, 0x439d);
	mf(&t, smbus);
	mf(&t, hda);
	mf(&t, lpc);

	t.o.amd_ivrs = true;
	predict(&t);
	assert_int_equal(t.g.ngroups, 3);
	groups_acs_verdict(&t.p, smbus, &t.o, &v);
	assert_string_equal(v.quirk, "pci_quirk_amd_sb_acs");

	/* no IVRS: -ENODEV, then "not PCI Express" */
	t.o.amd_ivrs = false;
	predict(&t);
	assert_int_equal(t.g.ngroups, 1);
	groups_acs_verdict(&t.p, smbus, &t.o, &v);
	assert_int_equal(v.basis, ACS_BASIS_NOT_PCIE);
	topo_free(&t);
}

static void test_zhaoxin_ports(void **state)
{
	struct topo t;
	struct acs_verdict v;
	int rp, ep, rp2, ep2, ep3;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	ids(&t, rp, 0x1d17, 0x0800);		/* unlisted, has ACS */
	acs(&t, rp, ACS_ALL, ACS_ALL);
	ep = add(&t, rp, 1, 0, 0, PCIE_TYPE_ENDPOINT);
	rp2 = add(&t, -1, 0, 2, 0, PCIE_TYPE_ROOT_PORT);
	ids(&t, rp2, 0x1d17, 0x0715);		/* listed, no ACS */
	ep2 = add(&t, rp2, 2, 0, 0, PCIE_TYPE_ENDPOINT);
	ep3 = add(&t, -1, 0, 3, 0, PCIE_TYPE_ENDPOINT);
	ids(&t, ep3, 0x1d17, 0x9999);		/* not a port: -ENOTTY */
	predict(&t);
	assert_true(same(&t, rp, ep));
	assert_false(same(&t, rp2, ep2));
	groups_acs_verdict(&t.p, rp, &t.o, &v);
	assert_int_equal(v.enabled, TRI_NO);
	assert_int_equal(v.missing, ACS_ALL);
	assert_string_equal(v.quirk, "pci_quirk_zhaoxin_pcie_ports_acs");
	groups_acs_verdict(&t.p, ep3, &t.o, &v);
	assert_int_equal(v.basis, ACS_BASIS_SINGLE_FN);
	expect_reason(&t, GROUP_REASON_ACS_PATH,
		      "pci_quirk_zhaoxin_pcie_ports_acs");
	topo_free(&t);
}

static void test_wangxun_nics(void **state)
{
	struct topo t;
	int rp, a0, a1, b0, b1;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp, ACS_ALL, 0);
	a0 = add(&t, rp, 1, 0, 0, PCIE_TYPE_ENDPOINT);	/* SP 0x1001 */
	a1 = add(&t, rp, 1, 0, 1, PCIE_TYPE_ENDPOINT);
	b0 = add(&t, rp, 1, 1, 0, PCIE_TYPE_ENDPOINT);	/* unlisted */
	b1 = add(&t, rp, 1, 1, 1, PCIE_TYPE_ENDPOINT);
	ids(&t, a0, 0x8088, 0x1001);
	ids(&t, a1, 0x8088, 0x1001);
	ids(&t, b0, 0x8088, 0x7777);
	ids(&t, b1, 0x8088, 0x7777);
	acs(&t, b0, ACS_RR | ACS_CR, ACS_RR | ACS_CR);
	acs(&t, b1, ACS_RR | ACS_CR, ACS_RR | ACS_CR);
	mf(&t, a0);
	mf(&t, a1);
	mf(&t, b0);
	mf(&t, b1);
	predict(&t);
	assert_false(same(&t, a0, a1));
	assert_true(same(&t, b0, b1));	/* quirk false beats the capability */
	assert_int_equal(groups_acs_enabled(&t.p, b0, &t.o, NULL), TRI_NO);
	ids(&t, b0, 0x8088, 0x0105);	/* EM range */
	assert_int_equal(groups_acs_enabled(&t.p, b0, &t.o, NULL), TRI_YES);
	topo_free(&t);
}

/* The table-only families: each decides for its IDs whatever the ACS. */
static void test_vendor_rp_quirks(void **state)
{
	static const struct {
		uint16_t vendor, device;
		int type;
		const char *quirk;
		enum tri expect;
	} cases[] = {
		{ 0x17cb, 0x0400, PCIE_TYPE_ROOT_PORT, "pci_quirk_qcom_rp_acs",
		  TRI_YES },
		{ 0x17cb, 0x0115, PCIE_TYPE_ROOT_PORT, "pci_quirk_qcom_rp_acs",
		  TRI_YES },
		{ 0x1dbf, 0x0401, PCIE_TYPE_ROOT_PORT, "pci_quirk_qcom_rp_acs",
		  TRI_YES },
		{ 0x1957, 0x8d81, PCIE_TYPE_ROOT_PORT, "pci_quirk_nxp_rp_acs",
		  TRI_YES },
		{ 0x1957, 0x8d9b, PCIE_TYPE_ROOT_PORT, "pci_quirk_nxp_rp_acs",
		  TRI_YES },
		{ 0x14e4, 0xd714, PCIE_TYPE_ROOT_PORT, "pci_quirk_brcm_acs",
		  TRI_YES },
		{ 0x0014, 0x7a19, PCIE_TYPE_ROOT_PORT, "pci_quirk_loongson_acs",
		  TRI_YES },
		{ 0x10e8, 0xe004, PCIE_TYPE_ROOT_PORT, "pci_quirk_xgene_acs",
		  TRI_YES },
		{ 0x1def, 0xe00c, PCIE_TYPE_ROOT_PORT, "pci_quirk_xgene_acs",
		  TRI_YES },
		{ 0x1c36, 0x0031, PCIE_TYPE_ROOT_PORT, "pci_quirk_al_acs",
		  TRI_YES },
		/* AL only for root ports: a DSP falls through, no ACS */
		{ 0x1c36, 0x0031, PCIE_TYPE_DOWNSTREAM, NULL, TRI_NO },
		{ 0x177d, 0xa000, PCIE_TYPE_ROOT_PORT, "pci_quirk_cavium_acs",
		  TRI_YES },
		{ 0x177d, 0xa7ff, PCIE_TYPE_ROOT_PORT, "pci_quirk_cavium_acs",
		  TRI_YES },
		{ 0x177d, 0xaf84, PCIE_TYPE_ROOT_PORT, "pci_quirk_cavium_acs",
		  TRI_YES },
		{ 0x177d, 0xb884, PCIE_TYPE_ROOT_PORT, "pci_quirk_cavium_acs",
		  TRI_YES },
		{ 0x177d, 0xa800, PCIE_TYPE_ROOT_PORT, NULL, TRI_NO },
		{ 0x177d, 0xa000, PCIE_TYPE_DOWNSTREAM, NULL, TRI_NO },
		/* mf endpoints, found even on a bare port type */
		{ 0x177d, 0xa026, PCIE_TYPE_ENDPOINT,
		  "pci_quirk_mf_endpoint_acs", TRI_YES },
		{ 0x1924, 0x0a03, PCIE_TYPE_ENDPOINT,
		  "pci_quirk_mf_endpoint_acs", TRI_YES },
		{ 0x8086, 0x10fb, PCIE_TYPE_ENDPOINT,
		  "pci_quirk_mf_endpoint_acs", TRI_YES },
		{ 0x8086, 0x15b8, PCIE_TYPE_ENDPOINT,
		  "pci_quirk_mf_endpoint_acs", TRI_YES },
		{ 0x19a2, 0x0710, PCIE_TYPE_ENDPOINT,
		  "pci_quirk_mf_endpoint_acs", TRI_YES },
		{ 0x10df, 0x0720, PCIE_TYPE_ENDPOINT,
		  "pci_quirk_mf_endpoint_acs", TRI_YES },
		{ 0x14e4, 0x16d7, PCIE_TYPE_ENDPOINT,
		  "pci_quirk_mf_endpoint_acs", TRI_YES },
		{ 0x1d17, 0x3038, PCIE_TYPE_ENDPOINT,
		  "pci_quirk_mf_endpoint_acs", TRI_YES },
		/* Intel RCiEPs (and only those) */
		{ 0x8086, 0x3e92, PCIE_TYPE_RC_END, "pci_quirk_rciep_acs",
		  TRI_YES },
		{ 0x8086, 0x3e92, PCIE_TYPE_ENDPOINT, NULL, TRI_NO },
		{ 0x1022, 0x3e92, PCIE_TYPE_RC_END, NULL, TRI_NO },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct topo t;
		struct acs_verdict v;
		int fn;

		topo_init(&t);
		fn = add(&t, -1, 0, 1, 0, cases[i].type);
		ids(&t, fn, cases[i].vendor, cases[i].device);
		mf(&t, fn);	/* make endpoints depend on ACS */
		groups_acs_verdict(&t.p, fn, &t.o, &v);
		if (v.enabled != cases[i].expect ||
		    (cases[i].quirk && (!v.quirk ||
					strcmp(v.quirk, cases[i].quirk))) ||
		    (!cases[i].quirk && v.basis == ACS_BASIS_QUIRK))
			fail_msg("case %zu %04x:%04x: enabled %d quirk %s", i,
				 cases[i].vendor, cases[i].device, v.enabled,
				 v.quirk ? v.quirk : "-");
		topo_free(&t);
	}
}

static void test_quirk_table_order(void **state)
{
	size_t i, rciep = 0, pch = 0, spt = 0, last_nic = 0;

	(void)state;
	for (i = 0; i < groups_nacs_quirks; i++) {
		const struct acs_quirk *q = &groups_acs_quirks[i];

		if (q->fn == ACSQ_RCIEP)
			rciep = i;
		if (q->fn == ACSQ_INTEL_PCH)
			pch = i;
		if (q->fn == ACSQ_INTEL_SPT_PCH)
			spt = i;
		if (q->vendor == 0x8086 && q->fn == ACSQ_MF_ENDPOINT)
			last_nic = i;
	}
	/* as in pci_dev_acs_enabled[]: Intel NICs, RCiEP, QCOM, PCH, SPT */
	assert_true(last_nic < rciep);
	assert_true(rciep < pch);
	assert_true(pch + 1 == spt);
	assert_int_equal(groups_acs_quirks[0].vendor, 0x1002);
	assert_int_equal(groups_acs_quirks[groups_nacs_quirks - 1].vendor,
			 0x8088);
	assert_int_equal(groups_acs_quirks[groups_nacs_quirks - 2].vendor,
			 0x1d17);
	assert_int_equal(groups_acs_quirks[groups_nacs_quirks - 2].device,
			 GROUPS_PCI_ANY);
}

/* ------------------------------------------------------- DMA aliases */

/* Two functions of slot 05:00 below an isolating port, each with ACS so
 * that only an alias can join them. */
static void build_pair(struct topo *t, int *a, int *b, uint8_t fa,
		       uint8_t fb)
{
	int rp = add(t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);

	acs(t, rp, ACS_ALL, 0);
	*a = add(t, rp, 5, 0, fa, PCIE_TYPE_ENDPOINT);
	*b = add(t, rp, 5, 0, fb, PCIE_TYPE_ENDPOINT);
	mf(t, *a);
	mf(t, *b);
	acs(t, *a, ACS_RR | ACS_CR, 0);
	acs(t, *b, ACS_RR | ACS_CR, 0);
}

static void test_alias_func0(void **state)
{
	static const uint16_t devs[][2] = {
		{ 0x1180, 0xe832 }, { 0x1180, 0xe476 },
		{ 0x6766, 0x3d40 }, { 0x6766, 0x3d41 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct topo t;
		int a, b;

		topo_init(&t);
		build_pair(&t, &a, &b, 0, 3);
		ids(&t, b, devs[i][0], devs[i][1]);
		predict(&t);
		assert_true(same(&t, a, b));
		expect_reason(&t, GROUP_REASON_DMA_ALIAS,
			      "DMA alias of 05:00.0");
		assert_int_equal(t.g.reasons[t.g.reason_of[b]].partner, a);
		topo_free(&t);
	}

	/* the quirk on function 0 itself adds nothing */
	{
		struct topo t;
		int a, b;

		topo_init(&t);
		build_pair(&t, &a, &b, 0, 3);
		ids(&t, a, 0x1180, 0xe832);
		predict(&t);
		assert_false(same(&t, a, b));
		topo_free(&t);
	}
}

static void test_alias_func1(void **state)
{
	static const uint16_t devs[][2] = {
		{ 0x1b4b, 0x9120 }, { 0x1b4b, 0x9123 }, { 0x1b4b, 0x9230 },
		{ 0x1b4b, 0x9235 }, { 0x1103, 0x0642 }, { 0x1103, 0x0645 },
		{ 0x197b, 0x2392 }, { 0x1c28, 0x0122 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		struct topo t;
		int a, b;

		topo_init(&t);
		build_pair(&t, &a, &b, 0, 1);
		ids(&t, a, devs[i][0], devs[i][1]);
		predict(&t);
		if (!same(&t, a, b))
			fail_msg("%04x:%04x does not alias fn 1", devs[i][0],
				 devs[i][1]);
		topo_free(&t);
	}

	/* ghost function 1: nothing to join, alone */
	{
		struct topo t;
		int rp, a;

		topo_init(&t);
		rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
		acs(&t, rp, ACS_ALL, 0);
		a = add(&t, rp, 5, 0, 0, PCIE_TYPE_ENDPOINT);
		ids(&t, a, 0x1b4b, 0x9172);
		predict(&t);
		assert_int_equal(t.g.ngroups, 2);
		assert_int_equal(t.g.nreasons, 0);
		topo_free(&t);
	}
}

static void test_alias_fixed_adaptec(void **state)
{
	struct topo t;
	int rp, atu, dma;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp, ACS_ALL, 0);
	atu = add(&t, rp, 4, 0x0e, 0, PCIE_TYPE_ENDPOINT);
	dma = add(&t, rp, 4, 0x01, 0, PCIE_TYPE_ENDPOINT);
	ids(&t, atu, 0x9005, 0x0285);
	F(&t, atu)->subsys_vendor_id = 0x9005;
	F(&t, atu)->subsys_id = 0x02bb;
	predict(&t);
	assert_true(same(&t, atu, dma));
	expect_reason(&t, GROUP_REASON_DMA_ALIAS,
		      "DMA alias of 04:01.0 (Adaptec quirk on 04:0e.0)");

	/* other subsystem: PCI_DEVICE_SUB does not match */
	F(&t, atu)->subsys_id = 0x0200;
	predict(&t);
	assert_false(same(&t, atu, dma));
	topo_free(&t);
}

static void test_alias_mic_and_vca(void **state)
{
	struct topo t;
	int rp, mic, a, b, c, d, vca, v1, v2, v3;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp, ACS_ALL, 0);
	mic = add(&t, rp, 6, 0, 0, PCIE_TYPE_ENDPOINT);
	ids(&t, mic, 0x8086, 0x2264);
	a = add(&t, rp, 6, 0x10, 0, PCIE_TYPE_ENDPOINT);
	b = add(&t, rp, 6, 0x11, 0, PCIE_TYPE_ENDPOINT);
	c = add(&t, rp, 6, 0x12, 3, PCIE_TYPE_ENDPOINT);
	d = add(&t, rp, 6, 0x12, 0, PCIE_TYPE_ENDPOINT);
	mf(&t, c);
	mf(&t, d);
	acs(&t, c, 0, 0);
	acs(&t, d, 0, 0);
	vca = add(&t, -1, 0, 2, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, vca, ACS_ALL, 0);
	v1 = add(&t, vca, 7, 0, 0, PCIE_TYPE_ENDPOINT);
	ids(&t, v1, 0x8086, 0x2958);
	v2 = add(&t, vca, 7, 0x1f, 4, PCIE_TYPE_ENDPOINT);
	v3 = add(&t, vca, 7, 0x02, 5, PCIE_TYPE_ENDPOINT);
	predict(&t);
	assert_true(same(&t, mic, a));
	assert_true(same(&t, mic, b));
	assert_true(same(&t, mic, c));
	assert_false(same(&t, mic, d));
	assert_true(same(&t, v1, v2));
	assert_false(same(&t, v1, v3));	/* function 5 is not aliased */
	assert_false(same(&t, v1, vca));
	expect_reason(&t, GROUP_REASON_DMA_ALIAS, "Intel MIC x200 quirk");
	expect_reason(&t, GROUP_REASON_DMA_ALIAS, "Intel VCA quirk");
	topo_free(&t);
}

/* Aliases only count on the same bus. */
static void test_alias_same_bus_only(void **state)
{
	struct topo t;
	int rp1, rp2, ric, other;

	(void)state;
	topo_init(&t);
	rp1 = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp1, ACS_ALL, 0);
	rp2 = add(&t, -1, 0, 2, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp2, ACS_ALL, 0);
	ric = add(&t, rp1, 5, 0, 3, PCIE_TYPE_ENDPOINT);
	ids(&t, ric, 0x1180, 0xe832);
	other = add(&t, rp2, 6, 0, 0, PCIE_TYPE_ENDPOINT);
	predict(&t);
	assert_false(same(&t, ric, other));
	topo_free(&t);
}

static void test_pcie_bridge_alias_flag(void **state)
{
	struct topo t;
	int rp, asm_br, a, b, ich;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp, ACS_ALL, 0);
	/* ASM1083: a PCIe-to-PCI bridge without a PCIe capability */
	asm_br = add(&t, rp, 1, 0, 0, PCIE_TYPE_NONE);
	F(&t, asm_br)->is_bridge = true;
	F(&t, asm_br)->header_type = 1;
	ids(&t, asm_br, 0x1b21, 0x1080);
	a = add(&t, asm_br, 2, 0, 0, PCIE_TYPE_NONE);
	b = add(&t, asm_br, 2, 1, 0, PCIE_TYPE_NONE);
	/* Intel 82801 on the root bus: the flag's conditions fail */
	ich = add(&t, -1, 0, 0x1e, 0, PCIE_TYPE_NONE);
	F(&t, ich)->is_bridge = true;
	F(&t, ich)->header_type = 1;
	ids(&t, ich, 0x8086, 0x244e);
	predict(&t);
	assert_true(same(&t, asm_br, a));
	assert_true(same(&t, asm_br, b));
	assert_false(same(&t, asm_br, rp));
	expect_reason(&t, GROUP_REASON_PCI_BRIDGE,
		      "behind conventional PCI bridge 01:00.0 (ASMedia quirk");
	topo_free(&t);

	/* Tundra below a PCIe-to-PCI bridge: parent is type 7, no flag */
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_PCI_BRIDGE);
	asm_br = add(&t, rp, 1, 0, 0, PCIE_TYPE_NONE);
	F(&t, asm_br)->is_bridge = true;
	F(&t, asm_br)->header_type = 1;
	ids(&t, asm_br, 0x10e3, 0x8113);
	a = add(&t, asm_br, 2, 0, 0, PCIE_TYPE_NONE);
	predict(&t);
	assert_int_equal(t.g.ngroups, 1);
	assert_int_equal(find_reason(&t, GROUP_REASON_PCI_BRIDGE, "quirk"), -1);
	topo_free(&t);
}

static void test_xlate_root(void **state)
{
	struct topo t;
	int top, x, ep;

	(void)state;
	/* ThunderX2: the alias walk stops at the 0x9000 bridge, so the
	 * PCIe-to-PCI bridge above is not an alias; the path test above
	 * still fails, so the partition is the same, for another reason. */
	topo_init(&t);
	top = add(&t, -1, 0, 1, 0, PCIE_TYPE_PCI_BRIDGE);
	x = add(&t, top, 1, 0, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, x, ACS_ALL, 0);
	ids(&t, x, 0x14e4, 0x9000);
	ep = add(&t, x, 2, 0, 0, PCIE_TYPE_ENDPOINT);
	predict(&t);
	assert_true(same(&t, ep, top));
	assert_int_equal(t.g.reasons[t.g.reason_of[ep]].kind,
			 GROUP_REASON_ACS_PATH);

	ids(&t, x, 0x14e4, 0x1234);	/* not XLATE_ROOT: an alias */
	predict(&t);
	assert_true(same(&t, ep, top));
	assert_int_equal(t.g.reasons[t.g.reason_of[ep]].kind,
			 GROUP_REASON_PCI_BRIDGE);
	topo_free(&t);
}

/* ---------------------------------------------------- pcie_acs_override */

static void test_override(void **state)
{
	struct topo t;
	struct acs_verdict v;
	int rp, ep0, ep1, rp2, ep2, rp3;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);	/* no ACS */
	ep0 = add(&t, rp, 1, 0, 0, PCIE_TYPE_ENDPOINT);
	ep1 = add(&t, rp, 1, 0, 1, PCIE_TYPE_ENDPOINT);
	mf(&t, ep0);
	mf(&t, ep1);
	rp2 = add(&t, -1, 0, 2, 0, PCIE_TYPE_ROOT_PORT);
	ids(&t, rp2, 0x1022, 0x1483);
	ep2 = add(&t, rp2, 2, 0, 0, PCIE_TYPE_ENDPOINT);
	rp3 = add(&t, -1, 0, 3, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp3, ACS_ALL, 0);
	predict(&t);
	/* {rp, ep0, ep1} {rp2, ep2} {rp3} */
	assert_int_equal(t.g.ngroups, 3);

	t.o.override_downstream = true;
	predict(&t);
	assert_false(same(&t, rp, ep0));
	assert_true(same(&t, ep0, ep1));
	assert_false(same(&t, rp2, ep2));
	groups_acs_verdict(&t.p, rp, &t.o, &v);
	assert_int_equal(v.basis, ACS_BASIS_OVERRIDE);
	assert_string_equal(v.quirk, "pcie_acs_overrides");
	/* a port with an ACS capability is never overridden */
	groups_acs_verdict(&t.p, rp3, &t.o, &v);
	assert_int_equal(v.basis, ACS_BASIS_CAP);
	/* nor is a conventional PCI device */
	F(&t, rp3)->pcie_type = PCIE_TYPE_NONE;
	F(&t, rp3)->acs.present = TRI_NO;
	groups_acs_verdict(&t.p, rp3, &t.o, &v);
	assert_int_equal(v.basis, ACS_BASIS_NOT_PCIE);
	F(&t, rp3)->pcie_type = PCIE_TYPE_ROOT_PORT;

	t.o.override_multifunction = true;
	predict(&t);
	assert_false(same(&t, ep0, ep1));

	/* id: only the listed device */
	t.o.override_downstream = false;
	t.o.override_multifunction = false;
	t.o.override_ids[0] = 0x1022u << 16 | 0x1483;
	t.o.noverride_ids = 1;
	predict(&t);
	assert_false(same(&t, rp2, ep2));
	assert_true(same(&t, rp, ep0));

	/* in-tree quirks come first: an unlisted Zhaoxin port stays false */
	ids(&t, rp2, 0x1d17, 0x0800);
	t.o.override_ids[0] = 0x1d17u << 16 | 0x0800;
	assert_int_equal(groups_acs_enabled(&t.p, rp2, &t.o, NULL), TRI_NO);
	topo_free(&t);
}

/* ----------------------------------------------- unknown, capability */

static void test_unknown_acs(void **state)
{
	struct topo t;
	int rp, ep, rp2, ep2, r;

	(void)state;
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	F(&t, rp)->acs.present = TRI_UNKNOWN;
	ep = add(&t, rp, 1, 0, 0, PCIE_TYPE_ENDPOINT);
	rp2 = add(&t, -1, 0, 2, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp2, ACS_ALL, 0);
	ep2 = add(&t, rp2, 2, 0, 0, PCIE_TYPE_ENDPOINT);
	predict(&t);
	assert_true(t.g.uncertain);
	assert_true(same(&t, rp, ep));		/* conservative */
	assert_false(same(&t, rp2, ep2));
	r = find_reason(&t, GROUP_REASON_UNKNOWN_ACS, "needs root");
	assert_true(r >= 0);
	assert_int_equal(t.g.reasons[r].port, rp);
	topo_free(&t);

	/* only 64 bytes of config space: the port type is unknown too */
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_NONE);
	F(&t, rp)->is_bridge = true;
	F(&t, rp)->header_type = 1;
	F(&t, rp)->config_full = false;
	F(&t, rp)->acs.present = TRI_UNKNOWN;
	ep = add(&t, rp, 1, 0, 0, PCIE_TYPE_NONE);
	F(&t, ep)->config_full = false;
	predict(&t);
	assert_true(t.g.uncertain);
	assert_true(same(&t, rp, ep));
	assert_int_equal(groups_acs_enabled(&t.p, rp, &t.o, NULL),
			 TRI_UNKNOWN);
	topo_free(&t);

	/* a certain failure above makes an unknown port below irrelevant */
	topo_init(&t);
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);	/* no ACS */
	rp2 = add(&t, rp, 1, 0, 0, PCIE_TYPE_UPSTREAM);
	ep = add(&t, rp2, 2, 0, 0, PCIE_TYPE_DOWNSTREAM);
	F(&t, ep)->acs.present = TRI_UNKNOWN;
	ep2 = add(&t, ep, 3, 0, 0, PCIE_TYPE_ENDPOINT);
	predict(&t);
	assert_int_equal(t.g.ngroups, 1);
	assert_false(t.g.uncertain);
	topo_free(&t);

	/* unknown multifunction siblings: merged, uncertain */
	topo_init(&t);
	rp = add(&t, -1, 0, 0x1f, 0, PCIE_TYPE_RC_END);
	ep = add(&t, -1, 0, 0x1f, 1, PCIE_TYPE_RC_END);
	mf(&t, rp);
	mf(&t, ep);
	F(&t, rp)->acs.present = TRI_UNKNOWN;
	F(&t, ep)->acs.present = TRI_UNKNOWN;
	predict(&t);
	assert_true(same(&t, rp, ep));
	assert_true(t.g.uncertain);
	expect_reason(&t, GROUP_REASON_UNKNOWN_ACS, "multifunction slot 00:1f");
	topo_free(&t);
}

static void test_capability_when_iommu_off(void **state)
{
	struct topo t;
	int rp, ep, e0, e1;
	uint16_t missing = 0xffff;

	(void)state;
	/* firmware left ACS Control at 0: the kernel will enable the
	 * capability's SV/RR/CR/UF once an IOMMU asks */
	topo_init(&t);
	t.o.iommu_active = false;
	rp = add(&t, -1, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
	acs(&t, rp, ACS_ALL | ACS_TB | ACS_EC | ACS_DT, 0);
	ep = add(&t, rp, 1, 0, 0, PCIE_TYPE_ENDPOINT);
	e0 = add(&t, -1, 0, 2, 0, PCIE_TYPE_ENDPOINT);
	e1 = add(&t, -1, 0, 2, 1, PCIE_TYPE_ENDPOINT);
	mf(&t, e0);
	mf(&t, e1);
	acs(&t, e0, ACS_RR | ACS_CR, 0);
	acs(&t, e1, ACS_RR | ACS_CR, 0);
	predict(&t);
	assert_false(same(&t, rp, ep));
	assert_false(same(&t, e0, e1));
	assert_int_equal(groups_acs_enabled(&t.p, rp, &t.o, &missing),
			 TRI_YES);
	assert_int_equal(missing, 0);

	/* a capability that lacks RR: RR counts as hard-wired */
	acs(&t, rp, ACS_SV | ACS_CR | ACS_UF, 0);
	assert_int_equal(groups_acs_enabled(&t.p, rp, &t.o, NULL), TRI_YES);

	/* capability unread */
	F(&t, rp)->acs.cap_known = false;
	assert_int_equal(groups_acs_enabled(&t.p, rp, &t.o, NULL),
			 TRI_UNKNOWN);
	topo_free(&t);
}

static void test_bits_text(void **state)
{
	char buf[32];

	(void)state;
	groups_acs_bits_text(ACS_RR | ACS_CR, buf, sizeof(buf));
	assert_string_equal(buf, "RR CR");
	groups_acs_bits_text(ACS_REQUIRED, buf, sizeof(buf));
	assert_string_equal(buf, "SV RR CR UF");
	groups_acs_bits_text(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	groups_acs_bits_text(0x7f, buf, 6);
	assert_string_equal(buf, "SV TB");
}

/* ------------------------------------------------------ hostile input */

static void test_hostile_parents(void **state)
{
	struct topo t;
	int a, b, c, d, e;

	(void)state;
	topo_init(&t);
	a = add(&t, -1, 0, 1, 0, PCIE_TYPE_DOWNSTREAM);
	b = add(&t, -1, 1, 0, 0, PCIE_TYPE_DOWNSTREAM);
	c = add(&t, b, 2, 0, 0, PCIE_TYPE_ENDPOINT);
	d = add(&t, -1, 3, 0, 0, PCIE_TYPE_PCI_BRIDGE);
	e = add(&t, d, 4, 0, 0, PCIE_TYPE_ENDPOINT);
	/* a <-> b cycle, d its own parent, an out-of-range parent */
	F(&t, a)->parent = b;
	F(&t, a)->on_root_bus = false;
	F(&t, b)->parent = a;
	F(&t, b)->on_root_bus = false;
	F(&t, d)->parent = d;
	F(&t, d)->on_root_bus = false;
	F(&t, e)->parent = 9999;
	predict(&t);
	assert_true(same(&t, b, c));
	assert_int_equal(t.g.group_of[e] >= 0, 1);
	topo_free(&t);

	/* a 4096-deep chain of conventional bridges and a long cycle */
	topo_init(&t);
	a = add(&t, -1, 0, 0, 0, PCIE_TYPE_NONE);
	for (b = 1; b < 4096; b++)
		add(&t, b - 1, (uint8_t)b, 0, 0, PCIE_TYPE_DOWNSTREAM);
	predict(&t);
	assert_int_equal(t.g.ngroups, 1);
	F(&t, a)->parent = 4095;
	F(&t, a)->on_root_bus = false;
	predict(&t);
	assert_int_equal(t.g.ngroups, 1);
	topo_free(&t);

	/* NULL and empty */
	{
		struct pci_facts empty = { 0 };
		struct predicted_groups g;

		assert_int_equal(groups_predict(&empty, NULL, &g), 0);
		assert_int_equal(g.ngroups, 0);
		assert_null(g.group_of);
		predicted_groups_release(&g);
		assert_int_equal(groups_predict(NULL, NULL, &g), -EINVAL);
		assert_int_equal(groups_acs_enabled(NULL, 0, NULL, NULL),
				 TRI_UNKNOWN);
		assert_int_equal(groups_acs_enabled(&empty, 3, NULL, NULL),
				 TRI_UNKNOWN);
	}
}

/* --------------------------------------------------------------- scale */

/*
 * 16 domains, each: RP → USP → 15 DSPs → two 8-function slots without
 * ACS per DSP.  4112 functions; 47 groups per domain.
 */
static void build_big(struct topo *t)
{
	uint16_t dom;
	int rp, usp, dsp, k, s, f;

	for (dom = 0; dom < 16; dom++) {
		rp = add_dom(t, -1, dom, 0, 1, 0, PCIE_TYPE_ROOT_PORT);
		acs(t, rp, ACS_ALL, 0);
		usp = add_dom(t, rp, dom, 1, 0, 0, PCIE_TYPE_UPSTREAM);
		for (k = 0; k < 15; k++) {
			dsp = add_dom(t, usp, dom, 2, (uint8_t)k, 0,
				      PCIE_TYPE_DOWNSTREAM);
			acs(t, dsp, ACS_ALL, 0);
			for (s = 0; s < 2; s++)
				for (f = 0; f < 8; f++) {
					int e = add_dom(t, dsp, dom,
							(uint8_t)(3 + k),
							(uint8_t)s, (uint8_t)f,
							PCIE_TYPE_ENDPOINT);
					mf(t, e);
				}
		}
	}
}

static void test_scale_4096(void **state)
{
	struct topo t, s;
	size_t i, n;
	int *perm, *inv;

	(void)state;
	topo_init(&t);
	build_big(&t);
	n = t.p.count;
	assert_true(n >= 4096);
	predict(&t);
	assert_int_equal(t.g.ngroups, 16 * 47);
	assert_false(t.g.uncertain);

	/* the same facts in a shuffled order give the same partition */
	topo_init(&s);
	s.p.v = calloc(n, sizeof(*s.p.v));
	perm = calloc(n, sizeof(int));
	inv = calloc(n, sizeof(int));
	assert_non_null(s.p.v);
	assert_non_null(perm);
	assert_non_null(inv);
	for (i = 0; i < n; i++)
		perm[i] = (int)i;
	srand(7);
	for (i = n - 1; i > 0; i--) {
		size_t j = (size_t)rand() % (i + 1);
		int x = perm[i];

		perm[i] = perm[j];
		perm[j] = x;
	}
	for (i = 0; i < n; i++)
		inv[perm[i]] = (int)i;	/* old index -> new index */
	for (i = 0; i < n; i++) {
		s.p.v[inv[i]] = t.p.v[i];
		if (t.p.v[i].parent >= 0)
			s.p.v[inv[i]].parent = inv[t.p.v[i].parent];
	}
	s.p.count = s.cap = n;
	predict(&s);
	assert_int_equal(s.g.ngroups, t.g.ngroups);
	for (i = 0; i < n; i++)
		assert_int_equal(s.g.group_of[inv[i]], t.g.group_of[i]);
	free(perm);
	free(inv);
	topo_free(&s);
	topo_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_isolated_root_ports),
		cmocka_unit_test(test_root_port_without_acs),
		cmocka_unit_test(test_switch_one_dsp_lacks_acs),
		cmocka_unit_test(test_asymmetric_dsps),
		cmocka_unit_test(test_pcie_to_pci_bridge),
		cmocka_unit_test(test_pci_to_pcie_bridge),
		cmocka_unit_test(test_multifunction_endpoint),
		cmocka_unit_test(test_multifunction_below_port),
		cmocka_unit_test(test_function_above_0_is_multifunction),
		cmocka_unit_test(test_untranslated_function),
		cmocka_unit_test(test_pch_root_ports),
		cmocka_unit_test(test_intel_spt_ctl_at_8),
		cmocka_unit_test(test_amd_sb_quirk),
		cmocka_unit_test(test_zhaoxin_ports),
		cmocka_unit_test(test_wangxun_nics),
		cmocka_unit_test(test_vendor_rp_quirks),
		cmocka_unit_test(test_quirk_table_order),
		cmocka_unit_test(test_alias_func0),
		cmocka_unit_test(test_alias_func1),
		cmocka_unit_test(test_alias_fixed_adaptec),
		cmocka_unit_test(test_alias_mic_and_vca),
		cmocka_unit_test(test_alias_same_bus_only),
		cmocka_unit_test(test_pcie_bridge_alias_flag),
		cmocka_unit_test(test_xlate_root),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_unknown_acs),
		cmocka_unit_test(test_capability_when_iommu_off),
		cmocka_unit_test(test_bits_text),
		cmocka_unit_test(test_hostile_parents),
		cmocka_unit_test(test_scale_4096),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
