/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Predicted IOMMU groups: drivers/iommu/iommu.c pci_device_group() over
 * struct pci_facts, as the union-find of kernel.md §1.4.
 *
 * The kernel groups each device at probe time, joining the group of the
 * first already-grouped device it finds.  At boot, bridges are probed
 * before their children and every relation it looks at (alias, sibling,
 * upstream port) is found from either side, so the result equals the
 * union of these relations, computed here in any order:
 *
 *  A. pci_for_each_dma_alias() (drivers/pci/search.c): walking up, a
 *     PCIe-to-PCI bridge, a PCI-to-PCIe bridge or a conventional bridge
 *     takes over the requester ID of everything below it; the topmost one
 *     becomes the device the IOMMU sees.  PCIe root/switch ports do not
 *     alias.  A BRIDGE_XLATE_ROOT bridge ends the walk.
 *  B. while !pci_acs_path_enabled(bus->self, NULL, REQ_ACS_FLAGS), the
 *     group climbs to that bridge (the path test covers the bridge and
 *     every bridge above it, root bus included).
 *  C. get_pci_alias_group(): quirk DMA aliases on the same bus.
 *  D. get_pci_function_alias_group(): functions of one slot that all fail
 *     pci_acs_enabled().
 *
 * Unknown ACS counts as "not isolating" (the larger, safe group) and
 * marks the prediction uncertain.
 */
#include "groups.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What pci_std_enable_acs() turns on where the capability has it. */
#define ACS_STD_ENABLE (ACS_SV | ACS_RR | ACS_CR | ACS_UF)

#define PT_UNKNOWN (-2)	/* PCIe capability not read */

#define AK(x) (1u << (x))

/*
 * The kernel's dev->multifunction: bit 7 of the function's own Header Type
 * (pci_setup_device()), and also every function above 0 that
 * pci_scan_slot() found, which sets "if (fn > 0) dev->multifunction = 1"
 * (drivers/pci/probe.c) whatever its header says.  VFs are added by
 * pci_iov_add_virtfn(), not pci_scan_slot(), so they keep their header bit.
 * QEMU shows the difference: function 1 of a multifunction=on slot has the
 * bit clear, and Linux still groups it with function 0.
 */
static bool kernel_multifunction(const struct pci_function *f)
{
	return f->multifunction || (f->func > 0 && f->physfn < 0);
}

static const struct predict_opts no_opts;

/* ------------------------------------------------------------------ */
/* Effective ACS: drivers/pci/pci.c pci_acs_enabled()                  */
/* ------------------------------------------------------------------ */

/*
 * The PCIe capability sits past the first 64 bytes of config space, so
 * without them "no PCIe capability" means "not read", not "conventional".
 */
static int ptype(const struct pci_function *f)
{
	if (f->pcie_type == PCIE_TYPE_NONE && !f->config_full)
		return PT_UNKNOWN;
	return f->pcie_type;
}

static void verdict_unread(struct acs_verdict *v)
{
	v->enabled = TRI_UNKNOWN;
	v->missing = 0;
	v->basis = ACS_BASIS_UNREAD;
}

/*
 * pci_acs_ctrl_enabled(flags & REQ_MASK, PROVIDED) for a quirk: the quirk
 * claims PROVIDED as enabled or hard-wired.
 */
static void quirk_subset(struct acs_verdict *v, uint16_t req_mask,
			 uint16_t provided, const char *quirk)
{
	v->basis = ACS_BASIS_QUIRK;
	v->quirk = quirk;
	v->missing = (ACS_REQUIRED & req_mask) & ~provided;
	v->enabled = v->missing ? TRI_NO : TRI_YES;
}

/*
 * pci_acs_flags_enabled(): no capability → false; unimplemented features
 * count as enabled except EC.  The control value is the one the kernel
 * will hold once an IOMMU driver has called pci_request_acs():
 * pci_std_enable_acs() ORs in SV/RR/CR/UF wherever the capability has
 * them (kernel.md §2.2, §8 item 1).  That is the state with the IOMMU
 * on, and the state to predict with it off.
 */
static void acs_flags_test(const struct pci_function *f, uint16_t ctl_raw,
			   bool ctl_known, struct acs_verdict *v)
{
	uint16_t flags, eff;

	if (f->acs.present == TRI_UNKNOWN || (f->acs.present == TRI_YES &&
					      !f->acs.cap_known)) {
		verdict_unread(v);
		return;
	}
	if (f->acs.present == TRI_NO) {
		v->enabled = TRI_NO;
		v->missing = ACS_REQUIRED;
		v->basis = ACS_BASIS_NO_CAP;
		return;
	}
	flags = ACS_REQUIRED & (f->acs.cap | ACS_EC);
	eff = (ctl_known ? ctl_raw : 0) | (f->acs.cap & ACS_STD_ENABLE);
	v->missing = flags & ~eff;
	v->enabled = v->missing ? TRI_NO : TRI_YES;
	if (v->basis != ACS_BASIS_QUIRK)
		v->basis = ACS_BASIS_CAP;
}

static bool is_port(int t)
{
	return t == PCIE_TYPE_ROOT_PORT || t == PCIE_TYPE_DOWNSTREAM;
}

/* One pci_dev_acs_enabled[] function: true when it decided (ret >= 0). */
static bool acs_quirk_apply(const struct pci_function *f,
			    enum acs_quirk_fn fn, const struct predict_opts *o,
			    struct acs_verdict *v)
{
	int t = ptype(f);

	switch (fn) {
	case ACSQ_AMD_SB:
		/* -ENODEV unless a multifunction device on the root bus of a
		 * machine with an IVRS table; then only RR/CR matter. */
		if (!kernel_multifunction(f) || !f->on_root_bus || !o->amd_ivrs)
			return false;
		quirk_subset(v, ACS_RR | ACS_CR | ACS_EC | ACS_DT,
			     ACS_RR | ACS_CR, "pci_quirk_amd_sb_acs");
		return true;
	case ACSQ_MF_ENDPOINT:
		quirk_subset(v, 0xffff, ACS_SV | ACS_TB | ACS_RR | ACS_CR |
			     ACS_UF | ACS_DT, "pci_quirk_mf_endpoint_acs");
		return true;
	case ACSQ_RCIEP:
		if (t == PT_UNKNOWN)
			break;
		if (t != PCIE_TYPE_RC_END)
			return false;
		quirk_subset(v, 0xffff, ACS_STD_ENABLE, "pci_quirk_rciep_acs");
		return true;
	case ACSQ_QCOM_RP:
		quirk_subset(v, 0xffff, ACS_STD_ENABLE,
			     "pci_quirk_qcom_rp_acs");
		return true;
	case ACSQ_NXP_RP:
		quirk_subset(v, 0xffff, ACS_STD_ENABLE, "pci_quirk_nxp_rp_acs");
		return true;
	case ACSQ_XGENE:
		quirk_subset(v, 0xffff, ACS_STD_ENABLE, "pci_quirk_xgene_acs");
		return true;
	case ACSQ_BRCM:
		quirk_subset(v, 0xffff, ACS_STD_ENABLE, "pci_quirk_brcm_acs");
		return true;
	case ACSQ_LOONGSON:
		quirk_subset(v, 0xffff, ACS_STD_ENABLE,
			     "pci_quirk_loongson_acs");
		return true;
	case ACSQ_AL:
		if (t == PT_UNKNOWN)
			break;
		if (t != PCIE_TYPE_ROOT_PORT)
			return false;
		quirk_subset(v, 0xffff, ACS_STD_ENABLE, "pci_quirk_al_acs");
		return true;
	case ACSQ_CAVIUM:
		if (t == PT_UNKNOWN)
			break;
		if (t != PCIE_TYPE_ROOT_PORT ||
		    !groups_id_in(&groups_cavium_rp_ids, f->device_id))
			return false;
		quirk_subset(v, 0xffff, ACS_STD_ENABLE, "pci_quirk_cavium_acs");
		return true;
	case ACSQ_ZHAOXIN_PORTS:
		if (t == PT_UNKNOWN)
			break;
		if (!is_port(t))
			return false;
		/* Unlisted Zhaoxin ports return 0, not -ENOTTY: false. */
		quirk_subset(v, 0xffff,
			     groups_id_in(&groups_zhaoxin_port_ids,
					  f->device_id) ? ACS_STD_ENABLE : 0,
			     "pci_quirk_zhaoxin_pcie_ports_acs");
		return true;
	case ACSQ_WANGXUN_NIC:
		/* Unlisted Wangxun devices return false too. */
		quirk_subset(v, 0xffff,
			     groups_id_in(&groups_wangxun_nic_ids,
					  f->device_id) ? ACS_STD_ENABLE : 0,
			     "pci_quirk_wangxun_nic_acs");
		return true;
	case ACSQ_INTEL_PCH:
		if (t == PT_UNKNOWN)
			break;
		if (t != PCIE_TYPE_ROOT_PORT ||
		    !groups_id_in(&groups_pch_acs_ids, f->device_id))
			return false;
		/*
		 * Enabled only if pci_quirk_enable_intel_pch_acs() set
		 * PCI_DEV_FLAGS_ACS_ENABLED_QUIRK, which needs an IOMMU
		 * (pci_acs_enable) and an enabled RCBA in the LPC.
		 */
		if (o->iommu_active) {
			quirk_subset(v, 0xffff, ACS_STD_ENABLE,
				     "pci_quirk_intel_pch_acs");
			v->note = "assumes the Intel PCH ACS enable quirk "
				  "succeeded (pci_quirk_enable_intel_pch_acs)";
		} else {
			quirk_subset(v, 0xffff, 0, "pci_quirk_intel_pch_acs");
			v->note = "the Intel PCH ACS workaround is enabled "
				  "only with an IOMMU active; not assumed";
		}
		return true;
	case ACSQ_INTEL_SPT_PCH:
		if (t == PT_UNKNOWN)
			break;
		if (t != PCIE_TYPE_ROOT_PORT ||
		    !groups_id_in(&groups_spt_acs_ids, f->device_id) ||
		    f->acs.present == TRI_NO)
			return false;
		/*
		 * Erratum: control is the dword at cap+8 (acs.ctl_at_8); the
		 * enable quirk pci_quirk_enable_intel_spt_pch_acs() ORs
		 * SV/RR/CR/UF from the capability into it, like the standard
		 * path does at +6.
		 */
		v->basis = ACS_BASIS_QUIRK;
		v->quirk = "pci_quirk_intel_spt_pch_acs";
		if (!f->acs.ctl_at_8)
			v->note = "control not read at cap+8 (SPT erratum)";
		acs_flags_test(f, f->acs.ctl,
			       f->acs.ctl_known && f->acs.ctl_at_8, v);
		return true;
	}
	/* The quirk's applicability depends on the unread port type. */
	verdict_unread(v);
	return true;
}

/* The out-of-tree pcie_acs_overrides(), last in the table (§5.4). */
static bool acs_override_apply(const struct pci_function *f,
			       const struct predict_opts *o,
			       struct acs_verdict *v)
{
	size_t i, nids = o->noverride_ids;
	int t = ptype(f);
	bool match = false;

	if (!o->override_downstream && !o->override_multifunction && !nids)
		return false;
	if (t == PCIE_TYPE_NONE)
		return false;
	if (t == PT_UNKNOWN) {
		verdict_unread(v);
		return true;
	}
	if (nids > sizeof(o->override_ids) / sizeof(o->override_ids[0]))
		nids = sizeof(o->override_ids) / sizeof(o->override_ids[0]);
	for (i = 0; i < nids; i++)
		if (o->override_ids[i] ==
		    ((uint32_t)f->vendor_id << 16 | f->device_id))
			match = true;
	if (o->override_downstream && is_port(t))
		match = true;
	if (o->override_multifunction && kernel_multifunction(f) &&
	    (t == PCIE_TYPE_ENDPOINT || t == PCIE_TYPE_UPSTREAM ||
	     t == PCIE_TYPE_LEG_END || t == PCIE_TYPE_RC_END))
		match = true;
	if (!match)
		return false;
	/* "Never override ACS for ... devices with ACS caps" */
	if (f->acs.present == TRI_YES)
		return false;
	if (f->acs.present == TRI_UNKNOWN) {
		verdict_unread(v);
		return true;
	}
	v->enabled = TRI_YES;
	v->missing = 0;
	v->basis = ACS_BASIS_OVERRIDE;
	v->quirk = "pcie_acs_overrides";
	return true;
}

void groups_acs_verdict(const struct pci_facts *p, int fn,
			const struct predict_opts *o, struct acs_verdict *v)
{
	const struct pci_function *f;
	size_t i;
	int t;

	memset(v, 0, sizeof(*v));
	verdict_unread(v);
	if (!p || fn < 0 || (size_t)fn >= p->count)
		return;
	if (!o)
		o = &no_opts;
	f = &p->v[fn];

	/* pci_dev_specific_acs_enabled(): first quirk returning >= 0 wins */
	for (i = 0; i < groups_nacs_quirks; i++) {
		const struct acs_quirk *q = &groups_acs_quirks[i];

		if ((q->vendor != GROUPS_PCI_ANY &&
		     q->vendor != f->vendor_id) ||
		    (q->device != GROUPS_PCI_ANY &&
		     q->device != f->device_id))
			continue;
		if (acs_quirk_apply(f, q->fn, o, v))
			return;
	}
	if (acs_override_apply(f, o, v))
		return;

	t = ptype(f);
	switch (t) {
	case PT_UNKNOWN:
		verdict_unread(v);
		return;
	case PCIE_TYPE_NONE:
		v->enabled = TRI_NO;
		v->missing = ACS_REQUIRED;
		v->basis = ACS_BASIS_NOT_PCIE;
		return;
	case PCIE_TYPE_PCIE_BRIDGE:
	case PCIE_TYPE_PCI_BRIDGE:
	case PCIE_TYPE_RC_EC:
		v->enabled = TRI_NO;
		v->missing = ACS_REQUIRED;
		v->basis = ACS_BASIS_BRIDGE_TYPE;
		return;
	case PCIE_TYPE_DOWNSTREAM:
	case PCIE_TYPE_ROOT_PORT:
		/* Checked even when single-function: a port routes peer
		 * traffic between its siblings below. */
		acs_flags_test(f, f->acs.ctl,
			       f->acs.ctl_known && !f->acs.ctl_at_8, v);
		return;
	case PCIE_TYPE_ENDPOINT:
	case PCIE_TYPE_UPSTREAM:
	case PCIE_TYPE_LEG_END:
	case PCIE_TYPE_RC_END:
		if (kernel_multifunction(f)) {
			acs_flags_test(f, f->acs.ctl,
				       f->acs.ctl_known && !f->acs.ctl_at_8, v);
			return;
		}
		break;
	default:
		break;
	}
	/* pci_acs_enabled(): "other types ... don't need ACS" */
	v->enabled = TRI_YES;
	v->missing = 0;
	v->basis = ACS_BASIS_SINGLE_FN;
}

enum tri groups_acs_enabled(const struct pci_facts *p, int fn,
			    const struct predict_opts *o, uint16_t *missing)
{
	struct acs_verdict v;

	groups_acs_verdict(p, fn, o, &v);
	if (missing)
		*missing = v.missing;
	return v.enabled;
}

void groups_acs_bits_text(uint16_t bits, char *buf, size_t size)
{
	static const char *const names[] = {
		"SV", "TB", "RR", "CR", "UF", "EC", "DT"
	};
	size_t i, len = 0;

	if (!size)
		return;
	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int w;

		if (!(bits & (1u << i)))
			continue;
		w = snprintf(buf + len, size - len, "%s%s", len ? " " : "",
			     names[i]);
		if (w < 0 || (size_t)w >= size - len)
			return;
		len += (size_t)w;
	}
}

/* ------------------------------------------------------------------ */
/* Group prediction                                                    */
/* ------------------------------------------------------------------ */

struct sort_key {
	uint32_t key;	/* domain << 16 | bus << 8 | devfn */
	int idx;
};

struct ctx {
	const struct pci_facts *p;
	const struct predict_opts *o;
	int n;
	int err;

	struct sort_key *keys;	/* sorted: position -> function */
	int *pos;		/* function -> position */
	int *bus_lo, *bus_hi;	/* function -> its bus as [lo, hi) positions */
	int *uf;		/* union-find parent */

	struct acs_verdict *acs;
	unsigned char *acs_done;
	unsigned char *path_state;	/* 0 new, 1 walking, 2 done */
	enum tri *path;
	int *culprit;		/* first port failing the path, or -1 */
	int *stack;

	unsigned *alias_kinds;	/* AK(enum dma_alias_fn) bits */
	const char **alias_name;
	unsigned char *alias_devfn;
	unsigned char *bus_alias;	/* by bus_lo: some function aliases */

	unsigned *stamp;
	unsigned gen;
	unsigned char *closed;
	int *queue;

	struct group_reason *reasons;
	size_t nreasons, reasons_cap;
	int *cause_port, *cause_bridge, *cause_slot, *cause_alias;
	int *reason_of;
	bool uncertain;
};

static void *ctx_alloc(struct ctx *c, size_t nmemb, size_t size)
{
	void *m;

	if (c->err)
		return NULL;
	m = calloc(nmemb ? nmemb : 1, size);
	if (!m)
		c->err = -ENOMEM;
	return m;
}

static void ctx_free(struct ctx *c)
{
	free(c->keys);
	free(c->pos);
	free(c->bus_lo);
	free(c->bus_hi);
	free(c->uf);
	free(c->acs);
	free(c->acs_done);
	free(c->path_state);
	free(c->path);
	free(c->culprit);
	free(c->stack);
	free(c->alias_kinds);
	free(c->alias_name);
	free(c->alias_devfn);
	free(c->bus_alias);
	free(c->stamp);
	free(c->closed);
	free(c->queue);
	free(c->reasons);
	free(c->cause_port);
	free(c->cause_bridge);
	free(c->cause_slot);
	free(c->cause_alias);
	free(c->reason_of);
}

static unsigned devfn_of(const struct pci_function *f)
{
	return (unsigned)(f->dev & 0x1f) << 3 | (f->func & 7);
}

static uint32_t key_of(const struct pci_function *f)
{
	return (uint32_t)f->domain << 16 | (uint32_t)f->bus << 8 | devfn_of(f);
}

static int key_cmp(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The bridge above FN (bus->self), or -1 on a root bus.  Hostile input
 * may point anywhere: out-of-range or self parents end the walk. */
static int parent_of(const struct ctx *c, int fn)
{
	const struct pci_function *f = &c->p->v[fn];

	if (f->on_root_bus || f->parent < 0 || f->parent >= c->n ||
	    f->parent == fn)
		return -1;
	return f->parent;
}

static int uf_find(struct ctx *c, int x)
{
	int r = x, next;

	while (c->uf[r] != r)
		r = c->uf[r];
	while (c->uf[x] != r) {	/* path compression */
		next = c->uf[x];
		c->uf[x] = r;
		x = next;
	}
	return r;
}

static const struct acs_verdict *acs_of(struct ctx *c, int fn)
{
	if (!c->acs_done[fn]) {
		groups_acs_verdict(c->p, fn, c->o, &c->acs[fn]);
		c->acs_done[fn] = 1;
	}
	return &c->acs[fn];
}

/*
 * pci_acs_path_enabled(start, NULL, REQ_ACS_FLAGS), memoised per bridge:
 * the bridge and every bridge above it up to and including the one on
 * the root bus.  NO if any port fails (CULPRIT = the lowest), else
 * UNKNOWN if any is unknown, else YES.  A parent cycle counts as the top.
 */
static enum tri path_enabled(struct ctx *c, int b, int *culprit)
{
	int sp = 0, x = b, up;

	while (x >= 0 && c->path_state[x] == 0 && sp < c->n) {
		c->path_state[x] = 1;
		c->stack[sp++] = x;
		x = parent_of(c, x);
	}
	while (sp > 0) {
		enum tri self, above = TRI_YES;
		int cul_above = -1;

		x = c->stack[--sp];
		up = parent_of(c, x);
		if (up >= 0 && c->path_state[up] == 2) {
			above = c->path[up];
			cul_above = c->culprit[up];
		}
		self = acs_of(c, x)->enabled;
		if (self == TRI_NO) {
			c->path[x] = TRI_NO;
			c->culprit[x] = x;
		} else if (above == TRI_NO) {
			c->path[x] = TRI_NO;
			c->culprit[x] = cul_above;
		} else if (self == TRI_UNKNOWN) {
			c->path[x] = TRI_UNKNOWN;
			c->culprit[x] = x;
		} else {
			c->path[x] = above;
			c->culprit[x] = cul_above;
		}
		c->path_state[x] = 2;
	}
	if (c->path_state[b] != 2) {	/* cannot happen; stay safe */
		*culprit = b;
		return TRI_UNKNOWN;
	}
	*culprit = c->culprit[b];
	return c->path[b];
}

/* -------------------------------- reasons ------------------------- */

static void bdf_text(const struct pci_function *f, char *buf, size_t size)
{
	if (f->domain)
		snprintf(buf, size, "%04x:%02x:%02x.%x", f->domain, f->bus,
			 f->dev & 0x1f, f->func & 7);
	else
		snprintf(buf, size, "%02x:%02x.%x", f->bus, f->dev & 0x1f,
			 f->func & 7);
}

static const char *type_text(const struct pci_function *f)
{
	switch (ptype(f)) {
	case PCIE_TYPE_ROOT_PORT:
		return "root port";
	case PCIE_TYPE_DOWNSTREAM:
		return "downstream port";
	case PCIE_TYPE_UPSTREAM:
		return "upstream port";
	case PCIE_TYPE_PCI_BRIDGE:
		return "PCIe-to-PCI bridge";
	case PCIE_TYPE_PCIE_BRIDGE:
		return "PCI-to-PCIe bridge";
	case PCIE_TYPE_ENDPOINT:
		return "endpoint";
	case PCIE_TYPE_LEG_END:
		return "legacy endpoint";
	case PCIE_TYPE_RC_END:
		return "RCiEP";
	case PCIE_TYPE_RC_EC:
		return "RC event collector";
	case PCIE_TYPE_NONE:
		return f->is_bridge ? "conventional PCI bridge"
				    : "conventional PCI device";
	default:
		return f->is_bridge ? "bridge" : "device";
	}
}

/* Adds a reason and returns its index, or -1 (out of memory). */
static int reason_add(struct ctx *c, enum group_reason_kind kind, int fn,
		      int port, int partner, uint16_t missing)
{
	struct group_reason *r;

	if (c->err)
		return -1;
	if (c->nreasons == c->reasons_cap) {
		size_t cap = c->reasons_cap ? c->reasons_cap * 2 : 16;
		struct group_reason *m = realloc(c->reasons, cap * sizeof(*m));

		if (!m) {
			c->err = -ENOMEM;
			return -1;
		}
		c->reasons = m;
		c->reasons_cap = cap;
	}
	r = &c->reasons[c->nreasons];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->fn = fn;
	r->port = port;
	r->partner = partner;
	r->missing = missing;
	return (int)c->nreasons++;
}

static void acs_cause_text(struct ctx *c, int port, char *buf, size_t size)
{
	const struct pci_function *f = &c->p->v[port];
	const struct acs_verdict *v = acs_of(c, port);
	char bdf[24], bits[32];

	bdf_text(f, bdf, sizeof(bdf));
	groups_acs_bits_text(v->missing, bits, sizeof(bits));
	switch (v->basis) {
	case ACS_BASIS_UNREAD:
		snprintf(buf, size, "%s (%s): ACS not readable (needs root); "
			 "assumed not isolating", bdf, type_text(f));
		break;
	case ACS_BASIS_NOT_PCIE:
		snprintf(buf, size, "%s (%s) is not PCI Express: no ACS", bdf,
			 type_text(f));
		break;
	case ACS_BASIS_BRIDGE_TYPE:
		snprintf(buf, size, "%s (%s) cannot isolate: no ACS on this "
			 "bridge type", bdf, type_text(f));
		break;
	case ACS_BASIS_NO_CAP:
		snprintf(buf, size, "%s (%s) has no ACS capability (lacks ACS "
			 "%s)", bdf, type_text(f), bits);
		break;
	case ACS_BASIS_QUIRK:
		snprintf(buf, size, "%s (%s) lacks ACS %s (%s%s%s)", bdf,
			 type_text(f), bits, v->quirk,
			 v->note ? ": " : "", v->note ? v->note : "");
		break;
	default:
		snprintf(buf, size, "%s (%s) lacks ACS %s", bdf, type_text(f),
			 bits);
		break;
	}
}

/* The first cause that put FN in a group with others. */
static void note_member(struct ctx *c, int fn, int r)
{
	if (r >= 0 && c->reason_of[fn] < 0)
		c->reason_of[fn] = r;
}

static bool merge(struct ctx *c, int a, int b)
{
	int ra = uf_find(c, a), rb = uf_find(c, b);

	if (ra == rb)
		return false;
	/* keep the lower index as root: deterministic, order-free */
	if (ra < rb)
		c->uf[rb] = ra;
	else
		c->uf[ra] = rb;
	return true;
}

static int acs_cause(struct ctx *c, int fn, int port, enum tri pe)
{
	int r = c->cause_port[port];

	if (r >= 0)
		return r;
	r = reason_add(c, pe == TRI_UNKNOWN ? GROUP_REASON_UNKNOWN_ACS :
		       GROUP_REASON_ACS_PATH, fn, port, -1,
		       acs_of(c, port)->missing);
	if (r < 0)
		return r;
	acs_cause_text(c, port, c->reasons[r].text,
		       sizeof(c->reasons[r].text));
	c->cause_port[port] = r;
	return r;
}

static int bridge_cause(struct ctx *c, int fn, int bridge)
{
	const struct pci_function *b = &c->p->v[bridge];
	char bdf[24];
	int r = c->cause_bridge[bridge];

	if (r >= 0)
		return r;
	r = reason_add(c, GROUP_REASON_PCI_BRIDGE, fn, bridge, -1,
		       ACS_REQUIRED);
	if (r < 0)
		return r;
	bdf_text(b, bdf, sizeof(bdf));
	if (c->alias_kinds[bridge] & AK(ALIASQ_PCIE_BRIDGE))
		snprintf(c->reasons[r].text, sizeof(c->reasons[r].text),
			 "behind %s %s (%s quirk: a PCIe-to-PCI bridge "
			 "without a PCIe capability)", type_text(b), bdf,
			 c->alias_name[bridge]);
	else
		snprintf(c->reasons[r].text, sizeof(c->reasons[r].text),
			 "behind %s %s", type_text(b), bdf);
	c->cause_bridge[bridge] = r;
	return r;
}

static int slot_cause(struct ctx *c, int x, int t, bool unknown)
{
	const struct pci_function *f = &c->p->v[x];
	int key = c->bus_lo[x], r;
	char bdf[24];
	unsigned slot = devfn_of(f) >> 3;

	/* key: first position of the slot within the bus */
	while (key < c->bus_hi[x] &&
	       devfn_of(&c->p->v[c->keys[key].idx]) >> 3 != slot)
		key++;
	r = c->cause_slot[key];
	if (r >= 0)
		return r;
	r = reason_add(c, unknown ? GROUP_REASON_UNKNOWN_ACS :
		       GROUP_REASON_MULTIFUNCTION, x, -1, t,
		       acs_of(c, x)->missing);
	if (r < 0)
		return r;
	if (f->domain)
		snprintf(bdf, sizeof(bdf), "%04x:%02x:%02x", f->domain, f->bus,
			 slot);
	else
		snprintf(bdf, sizeof(bdf), "%02x:%02x", f->bus, slot);
	if (unknown)
		snprintf(c->reasons[r].text, sizeof(c->reasons[r].text),
			 "multifunction slot %s: ACS not readable (needs "
			 "root); assumed without ACS", bdf);
	else
		snprintf(c->reasons[r].text, sizeof(c->reasons[r].text),
			 "multifunction slot %s without ACS", bdf);
	c->cause_slot[key] = r;
	return r;
}

static int alias_cause(struct ctx *c, int owner, int target)
{
	char a[24], b[24];
	int r = c->cause_alias[owner];

	if (r >= 0)
		return r;
	r = reason_add(c, GROUP_REASON_DMA_ALIAS, owner, -1, target, 0);
	if (r < 0)
		return r;
	bdf_text(&c->p->v[target], a, sizeof(a));
	bdf_text(&c->p->v[owner], b, sizeof(b));
	snprintf(c->reasons[r].text, sizeof(c->reasons[r].text),
		 "DMA alias of %s (%s quirk on %s)", a, c->alias_name[owner],
		 b);
	c->cause_alias[owner] = r;
	return r;
}

/* -------------------------------- aliases ------------------------- */

static void alias_init(struct ctx *c, int fn)
{
	const struct pci_function *f = &c->p->v[fn];
	size_t i;

	for (i = 0; i < groups_nalias_quirks; i++) {
		const struct dma_alias_quirk *q = &groups_alias_quirks[i];

		if (q->vendor != f->vendor_id || q->device != f->device_id)
			continue;
		if (q->subvendor != GROUPS_PCI_ANY &&
		    (q->subvendor != f->subsys_vendor_id ||
		     q->subdevice != f->subsys_id))
			continue;
		if (q->fn == ALIASQ_PCIE_BRIDGE) {
			/* quirk_use_pcie_bridge_dma_alias(): a non-root,
			 * non-PCIe type-1 header below a PCIe port that is
			 * not itself a PCIe-to-PCI bridge */
			int up = parent_of(c, fn);
			const struct pci_function *u;

			if (up < 0 || (f->header_type & 0x7f) != 1 ||
			    ptype(f) != PCIE_TYPE_NONE)
				continue;
			u = &c->p->v[up];
			if (ptype(u) < 0 || ptype(u) == PCIE_TYPE_PCI_BRIDGE)
				continue;
		}
		if (q->fn == ALIASQ_FIXED)
			c->alias_devfn[fn] = q->devfn;
		if (!c->alias_kinds[fn])
			c->alias_name[fn] = q->name;
		c->alias_kinds[fn] |= AK(q->fn);
	}
	if (c->alias_kinds[fn] & (AK(ALIASQ_FUNC0) | AK(ALIASQ_FUNC1) |
				  AK(ALIASQ_FIXED) | AK(ALIASQ_MIC_X200) |
				  AK(ALIASQ_PEX_VCA)))
		c->bus_alias[c->bus_lo[fn]] = 1;
}

/* pci_add_dma_alias() results of X: does X's mask hold DEVFN? */
static bool alias_covers(const struct ctx *c, int x, unsigned devfn)
{
	unsigned k = c->alias_kinds[x], own = devfn_of(&c->p->v[x]);
	unsigned slot = own >> 3;

	if ((k & AK(ALIASQ_FUNC0)) && (own & 7) != 0 && devfn == slot << 3)
		return true;
	if ((k & AK(ALIASQ_FUNC1)) && (own & 7) != 1 &&
	    devfn == (slot << 3 | 1))
		return true;
	if ((k & AK(ALIASQ_FIXED)) && devfn == c->alias_devfn[x])
		return true;
	/* quirk_mic_x200_dma_alias: 10.0, 11.0, 12.3 */
	if ((k & AK(ALIASQ_MIC_X200)) &&
	    (devfn == 0x80 || devfn == 0x88 || devfn == 0x93))
		return true;
	/* quirk_pex_vca_alias: functions 0-4 of every slot */
	if ((k & AK(ALIASQ_PEX_VCA)) && (devfn & 7) <= 4)
		return true;
	return false;
}

/* ----------------------------- steps C and D ---------------------- */

static void visit(struct ctx *c, int *tail, int t)
{
	if (c->stamp[t] == c->gen)
		return;
	c->stamp[t] = c->gen;
	c->queue[(*tail)++] = t;
}

static bool same_set(struct ctx *c, int a, int b)
{
	return uf_find(c, a) == uf_find(c, b);
}

/* Union A and B for cause R (made by the caller only when !same_set()). */
static void join(struct ctx *c, int a, int b, int r)
{
	if (merge(c, a, b)) {
		note_member(c, a, r);
		note_member(c, b, r);
	}
}

/* C: get_pci_alias_group() — pci_devs_are_dma_aliases() on X's bus */
static void close_aliases(struct ctx *c, int x, int *tail)
{
	unsigned dx = devfn_of(&c->p->v[x]);
	int q;

	for (q = c->bus_lo[x]; q < c->bus_hi[x]; q++) {
		int t = c->keys[q].idx, owner, target;

		if (t == x)
			continue;
		/* either one's dma_alias_mask holds the other's devfn */
		if (alias_covers(c, x, devfn_of(&c->p->v[t]))) {
			owner = x;
			target = t;
		} else if (alias_covers(c, t, dx)) {
			owner = t;
			target = x;
		} else {
			continue;
		}
		if (!same_set(c, x, t))
			join(c, x, t, alias_cause(c, owner, target));
		visit(c, tail, t);
	}
}

/* D: get_pci_function_alias_group() — a multifunction X without ACS
 * joins the functions of its slot that lack ACS as well. */
static void close_slot(struct ctx *c, int x, int *tail)
{
	unsigned slot = devfn_of(&c->p->v[x]) >> 3;
	enum tri ax = acs_of(c, x)->enabled, at;
	int q;

	if (!kernel_multifunction(&c->p->v[x]) || ax == TRI_YES)
		return;
	for (q = c->bus_lo[x]; q < c->bus_hi[x]; q++) {
		int t = c->keys[q].idx;
		bool unknown;

		if (t == x || devfn_of(&c->p->v[t]) >> 3 != slot)
			continue;
		at = acs_of(c, t)->enabled;
		if (at == TRI_YES)
			continue;
		unknown = ax == TRI_UNKNOWN || at == TRI_UNKNOWN;
		if (unknown)
			c->uncertain = true;
		if (!same_set(c, x, t))
			join(c, x, t, slot_cause(c, x, t, unknown));
		visit(c, tail, t);
	}
}

/*
 * Steps C and D from P, transitively (alias partners of siblings,
 * siblings of alias partners).  Each distinct P is closed once.
 */
static void close_from(struct ctx *c, int p)
{
	int head = 0, tail = 0;

	if (c->closed[p])
		return;
	c->closed[p] = 1;
	if (++c->gen == 0) {	/* wrapped: reset the stamps */
		memset(c->stamp, 0, (size_t)c->n * sizeof(*c->stamp));
		c->gen = 1;
	}
	visit(c, &tail, p);
	while (head < tail && !c->err) {
		int x = c->queue[head++];

		if (c->bus_alias[c->bus_lo[x]])
			close_aliases(c, x, &tail);
		close_slot(c, x, &tail);
	}
}

/* ------------------------------- steps A and B -------------------- */

static void group_one(struct ctx *c, int d)
{
	int p = d, b, steps;

	/* A: pci_for_each_dma_alias() — the topmost aliasing bridge */
	for (b = parent_of(c, d), steps = 0; b >= 0 && steps < c->n;
	     b = parent_of(c, b), steps++) {
		const struct pci_function *fb = &c->p->v[b];
		int t = ptype(fb);

		if (c->alias_kinds[b] & AK(ALIASQ_XLATE_ROOT))
			break;
		/* RP/USP/DSP do not alias; an unread type is left to step B,
		 * which treats its unknown ACS as failing (same group). */
		if (t != PCIE_TYPE_PCI_BRIDGE && t != PCIE_TYPE_PCIE_BRIDGE &&
		    t != PCIE_TYPE_NONE)
			continue;
		if (!same_set(c, d, b))
			join(c, d, b, bridge_cause(c, d, b));
		p = b;
	}

	/* B: climb while the upstream path is not ACS-isolated */
	for (b = parent_of(c, p), steps = 0; b >= 0 && steps < c->n;
	     b = parent_of(c, b), steps++) {
		int culprit = b;
		enum tri pe = path_enabled(c, b, &culprit);

		if (pe == TRI_YES)
			break;
		if (pe == TRI_UNKNOWN)
			c->uncertain = true;
		if (culprit < 0)
			culprit = b;
		if (!same_set(c, d, b))
			join(c, d, b, acs_cause(c, d, culprit, pe));
		p = b;
	}

	close_from(c, p);
}

static int ctx_init(struct ctx *c, const struct pci_facts *p,
		    const struct predict_opts *o)
{
	int n = (int)p->count, i, q;

	memset(c, 0, sizeof(*c));
	c->p = p;
	c->o = o;
	c->n = n;
	c->keys = ctx_alloc(c, (size_t)n, sizeof(*c->keys));
	c->pos = ctx_alloc(c, (size_t)n, sizeof(int));
	c->bus_lo = ctx_alloc(c, (size_t)n, sizeof(int));
	c->bus_hi = ctx_alloc(c, (size_t)n, sizeof(int));
	c->uf = ctx_alloc(c, (size_t)n, sizeof(int));
	c->acs = ctx_alloc(c, (size_t)n, sizeof(*c->acs));
	c->acs_done = ctx_alloc(c, (size_t)n, 1);
	c->path_state = ctx_alloc(c, (size_t)n, 1);
	c->path = ctx_alloc(c, (size_t)n, sizeof(*c->path));
	c->culprit = ctx_alloc(c, (size_t)n, sizeof(int));
	c->stack = ctx_alloc(c, (size_t)n, sizeof(int));
	c->alias_kinds = ctx_alloc(c, (size_t)n, sizeof(unsigned));
	c->alias_name = ctx_alloc(c, (size_t)n, sizeof(char *));
	c->alias_devfn = ctx_alloc(c, (size_t)n, 1);
	c->bus_alias = ctx_alloc(c, (size_t)n, 1);
	c->stamp = ctx_alloc(c, (size_t)n, sizeof(unsigned));
	c->closed = ctx_alloc(c, (size_t)n, 1);
	c->queue = ctx_alloc(c, (size_t)n, sizeof(int));
	c->cause_port = ctx_alloc(c, (size_t)n, sizeof(int));
	c->cause_bridge = ctx_alloc(c, (size_t)n, sizeof(int));
	c->cause_slot = ctx_alloc(c, (size_t)n, sizeof(int));
	c->cause_alias = ctx_alloc(c, (size_t)n, sizeof(int));
	c->reason_of = ctx_alloc(c, (size_t)n, sizeof(int));
	if (c->err)
		return c->err;

	for (i = 0; i < n; i++) {
		c->keys[i].key = key_of(&p->v[i]);
		c->keys[i].idx = i;
		c->uf[i] = i;
		c->cause_port[i] = c->cause_bridge[i] = -1;
		c->cause_slot[i] = c->cause_alias[i] = -1;
		c->reason_of[i] = -1;
	}
	/* Own sorted index: device by BDF and bus runs without trusting the
	 * input order (pci.c keeps it sorted, hostile dumps need not). */
	qsort(c->keys, (size_t)n, sizeof(*c->keys), key_cmp);
	for (q = 0; q < n; ) {
		int end = q + 1;

		while (end < n && c->keys[end].key >> 8 == c->keys[q].key >> 8)
			end++;
		for (i = q; i < end; i++) {
			c->pos[c->keys[i].idx] = i;
			c->bus_lo[c->keys[i].idx] = q;
			c->bus_hi[c->keys[i].idx] = end;
		}
		q = end;
	}
	for (i = 0; i < n; i++)
		alias_init(c, i);
	return 0;
}

/* Is FN one the IOMMU driver never groups (predict_opts.untranslated)? */
static bool untranslated(const struct pci_facts *p, const struct predict_opts *o,
			 int fn)
{
	const struct pci_function *f = &p->v[fn];
	uint32_t key = (uint32_t)(f->domain & 0xffff) << 16 |
		       (uint32_t)f->bus << 8 | (uint32_t)(f->dev << 3 | f->func);

	for (size_t i = 0; i < o->nuntranslated; i++)
		if (o->untranslated[i] == key)
			return true;
	return false;
}

int groups_predict(const struct pci_facts *p, const struct predict_opts *o,
		   struct predicted_groups *out)
{
	struct ctx c;
	int i, q, *gid;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!p)
		return -EINVAL;
	if (!o)
		o = &no_opts;
	if (!p->count)
		return 0;
	if (!p->v || p->count > PCI_MAX_FUNCTIONS)
		return -EINVAL;

	if (ctx_init(&c, p, o))
		goto fail;
	for (i = 0; i < c.n && !c.err; i++)
		group_one(&c, i);
	if (c.err)
		goto fail;

	out->group_of = malloc((size_t)c.n * sizeof(int));
	gid = malloc((size_t)c.n * sizeof(int));
	if (!out->group_of || !gid) {
		free(gid);
		c.err = -ENOMEM;
		goto fail;
	}
	/* ids in bus order of each group's first member */
	for (i = 0; i < c.n; i++)
		gid[i] = -1;
	for (q = 0; q < c.n; q++) {
		int fn = c.keys[q].idx, r = uf_find(&c, fn);

		if (untranslated(p, o, fn)) {
			out->group_of[fn] = -1;
			continue;
		}
		if (gid[r] < 0)
			gid[r] = (int)out->ngroups++;
		out->group_of[fn] = gid[r];
	}
	free(gid);

	out->nfunctions = (size_t)c.n;
	out->reasons = c.reasons;
	out->nreasons = c.nreasons;
	out->uncertain = c.uncertain;
	out->reason_of = c.reason_of;
	c.reasons = NULL;
	c.reason_of = NULL;
	ctx_free(&c);
	return 0;

fail:
	i = c.err ? c.err : -ENOMEM;
	ctx_free(&c);
	predicted_groups_release(out);
	return i;
}

void predicted_groups_release(struct predicted_groups *g)
{
	free(g->group_of);
	free(g->reasons);
	free(g->reason_of);
	memset(g, 0, sizeof(*g));
}
