/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IOMMU groups: the kernel's (sys/kernel/iommu_groups) and the predicted
 * ones (probe/groups.c, drivers/iommu/iommu.c pci_device_group()),
 * compared as partitions (kernel.md §8 item 7: never by number); the ACS
 * ports that merge groups (isolation profile) or redirect peer-to-peer
 * traffic between devices (p2p profile).  kernel.md §1, §2, §5.4.
 */
#include "check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"
#include "textbuf.h"
#include "remedy.h"

#define TEXT_LEN        8192
#define MAX_LISTED      64      /* groups / pairs spelled out in a detail */
#define MAX_P2P_DEVICES 64

static const char *bdf_of(const struct host *h, int fn)
{
	return pci_short_bdf(&h->pci.v[fn]);
}

static bool predicted_usable(const struct host *h)
{
	return h->predicted.group_of && h->predicted.ngroups &&
	       h->predicted.nfunctions == h->pci.count;
}

static bool kernel_usable(const struct host *h)
{
	return h->sys.ngroups > 0 && !h->pci.from_dump;
}

/* Where a function's config space was read from, for evidence. */
static void config_src(const struct host *h, int fn, char *buf, size_t len)
{
	if (h->pci.from_dump)
		snprintf(buf, len, "%s", h->pci.src.path);
	else
		snprintf(buf, len, "sys/bus/pci/devices/%s/config",
			 h->pci.v[fn].bdf);
}

static void acs_value(const struct pci_function *f, char *buf, size_t len)
{
	const struct pci_acs *a = &f->acs;

	if (a->present == TRI_NO)
		snprintf(buf, len, "no ACS capability");
	else if (a->present == TRI_UNKNOWN || !a->cap_known)
		snprintf(buf, len, "ACS unreadable (config space past 64 "
			 "bytes needs root)");
	else if (!a->ctl_known)
		snprintf(buf, len, "ACS at 0x%03x: cap 0x%04x, ctl unreadable",
			 a->pos, a->cap);
	else
		snprintf(buf, len, "ACS at 0x%03x: cap 0x%04x ctl 0x%04x%s",
			 a->pos, a->cap, a->ctl,
			 a->ctl_at_8 ? " (control at cap+8, Intel PCH)" : "");
}

static void acs_bits(uint16_t bits, char *buf, size_t len)
{
	static const char *const names[] = { "SV", "TB", "RR", "CR", "UF",
					     "EC", "DT" };
	struct textbuf sb = { buf, len, 0 };

	buf[0] = 0;
	for (int i = 0; i < 7; i++)
		if (bits & 1u << i)
			textbuf_add(&sb, "%s%s", sb.used ? " " : "", names[i]);
}

static const char *port_kind(const struct pci_function *f)
{
	switch (f->pcie_type) {
	case PCIE_TYPE_ROOT_PORT:
		return "root port";
	case PCIE_TYPE_DOWNSTREAM:
		return "switch downstream port";
	case PCIE_TYPE_UPSTREAM:
		return "switch upstream port";
	case PCIE_TYPE_PCI_BRIDGE:
		return "PCIe-to-PCI bridge";
	default:
		return pci_is_bridge(f) ? "bridge" : "function";
	}
}

/* ---- listing ---- */

static void listing(const struct host *h, struct findings *fs)
{
	const struct assign_facts *a = &h->assign;
	bool kernel = a->kernel_groups;
	size_t ngroups = kernel ? h->sys.ngroups : h->predicted.ngroups;
	size_t viable = 0, listed = 0;
	char *text = malloc(TEXT_LEN);
	struct textbuf sb = { text, TEXT_LEN, 0 };
	int *seen;
	struct finding *f;

	if (!text)
		return;
	text[0] = 0;
	seen = calloc(ngroups ? ngroups : 1, sizeof(*seen));
	if (!seen) {
		free(text);
		return;
	}
	/* walk functions in bus order; a group is listed at its first */
	for (size_t i = 0; i < a->count; i++) {
		const struct device_assign *d = &a->v[i];
		int k = kernel ? d->kernel_index : d->predicted_group;
		size_t endpoints = 0;
		int alone = -1;

		if (k < 0 || (size_t)k >= ngroups || seen[k])
			continue;
		seen[k] = 1;
		for (size_t m = 0; m < d->nmembers; m++)
			if (!pci_is_bridge(&h->pci.v[d->members[m]])) {
				endpoints++;
				alone = d->members[m];
			}
		if (endpoints == 1 && a->v[alone].verdict == ASSIGN_ALONE)
			viable++;
		if (listed++ >= MAX_LISTED)
			continue;
		if (kernel)
			textbuf_add(&sb, "group %lu:", h->sys.groups[k].id);
		else
			textbuf_add(&sb, "predicted group %d:", k);
		for (size_t m = 0; m < d->nmembers; m++) {
			int o = d->members[m];

			textbuf_add(&sb, " %s (%s)", bdf_of(h, o),
			       assignability_name(a->v[o].verdict));
		}
		textbuf_add(&sb, "\n");
	}
	if (listed > MAX_LISTED)
		textbuf_add(&sb, "... and %zu more groups\n", listed - MAX_LISTED);
	f = finding_add(fs, "groups.listing", LAYER_GROUPS, VERDICT_INFO,
			SEV_INFO, "%zu IOMMU groups (%s), %zu with one device "
			"assignable alone", ngroups,
			kernel ? "the kernel's" : "predicted", viable);
	finding_detail(f, "Each line is a group with each function's "
		       "verdict (alone, with_group, blocked, unknown); bridges "
		       "stay on pcieport.\n%s", text);
	if (kernel)
		finding_evidence(f, "sys/kernel/iommu_groups", "%zu groups",
				 ngroups);
	else
		finding_evidence(f, h->pci.src.path, "%zu functions, %zu "
				 "predicted groups", h->pci.count, ngroups);
	free(seen);
	free(text);
}

/* ---- kernel vs predicted ---- */

static void compare(const struct host *h, struct findings *fs)
{
	const struct assign_facts *a = &h->assign;
	size_t n = a->count, count = 0;
	int *kl = malloc((n ? n : 1) * sizeof(int));
	int *pl = malloc((n ? n : 1) * sizeof(int));
	struct partition_pair pairs[MAX_LISTED];
	char *text = malloc(TEXT_LEN);
	struct textbuf sb = { text, TEXT_LEN, 0 };
	struct finding *f;

	if (!kl || !pl || !text)
		goto out;
	text[0] = 0;
	for (size_t i = 0; i < n; i++) {
		kl[i] = a->v[i].kernel_index;
		pl[i] = h->predicted.group_of[i];
	}
	if (assign_partition_diff(kl, h->sys.ngroups, pl, h->predicted.ngroups,
				  n, pairs, MAX_LISTED, &count))
		goto out;
	if (!count) {
		f = finding_add(fs, "groups.prediction_agrees", LAYER_GROUPS,
				VERDICT_PASS, SEV_INFO, "The kernel's IOMMU "
				"groups are the predicted ones");
		finding_detail(f, "The kernel formed %zu groups; the prediction "
			       "from PCI topology, ACS and the kernel's quirks "
			       "gives the same partition of devices, so the "
			       "verdicts here can be trusted before the IOMMU "
			       "is switched on elsewhere too.", h->sys.ngroups);
		finding_evidence(f, "sys/kernel/iommu_groups", "%zu groups",
				 h->sys.ngroups);
		goto out;
	}
	for (size_t i = 0; i < count && i < MAX_LISTED; i++) {
		const struct partition_pair *p = &pairs[i];

		if (p->b < 0) {
			textbuf_add(&sb, "%s: in a group in the %s, in none in "
				    "the %s\n", bdf_of(h, p->a),
				    p->together_in_first ? "kernel's groups" :
				    "prediction",
				    p->together_in_first ? "prediction" :
				    "kernel's groups");
			continue;
		}
		textbuf_add(&sb, "%s and %s: together in the %s, apart in the %s "
		       "(kernel group %d vs %d; predicted group %d vs %d)\n",
		       bdf_of(h, p->a), bdf_of(h, p->b),
		       p->together_in_first ? "kernel's groups" : "prediction",
		       p->together_in_first ? "prediction" : "kernel's groups",
		       a->v[p->a].kernel_group, a->v[p->b].kernel_group,
		       pl[p->a], pl[p->b]);
	}
	if (count > MAX_LISTED)
		textbuf_add(&sb, "... and %zu more\n", count - MAX_LISTED);
	f = finding_add(fs, "groups.prediction_mismatch", LAYER_GROUPS,
			VERDICT_WARN, SEV_LOW, "The kernel's IOMMU groups differ "
			"from the prediction (%zu difference%s)", count,
			count == 1 ? "" : "s");
	finding_detail(f, "The kernel grouped these devices otherwise than "
		       "its own rules predict from the PCI topology and ACS: "
		       "a quirk this tool lacks, an ACS override patch, or a "
		       "kernel whose grouping rules changed (kernel.md §1.5).  "
		       "The verdicts use the kernel's groups.\n%s", text);
	finding_evidence(f, "sys/kernel/iommu_groups", "%zu groups",
			 h->sys.ngroups);
	finding_evidence(f, h->pci.src.path, "%zu predicted groups",
			 h->predicted.ngroups);
	finding_remedy(f, "Nothing to change on this host; please report the "
		       "difference with a capture (vfio-ready capture) so the "
		       "prediction can learn it.");
out:
	free(kl);
	free(pl);
	free(text);
}

static void predicted_only(const struct host *h, struct findings *fs)
{
	struct finding *f;

	f = finding_add(fs, "groups.predicted_only", LAYER_GROUPS,
			VERDICT_INFO, SEV_INFO, "The IOMMU is off: these are "
			"the %zu groups the kernel will form",
			h->predicted.ngroups);
	finding_detail(f, "No IOMMU groups exist yet, so the groups were "
		       "predicted from the PCI topology, ACS capabilities "
		       "(the kernel enables ACS control only once an IOMMU "
		       "driver asks: kernel.md §2.2) and the kernel's quirk "
		       "tables.  Groups may grow on newer kernels, whose "
		       "grouping of PCIe switches is being tightened "
		       "(kernel.md §1.5).");
	finding_evidence(f, "sys/kernel/iommu_groups", "%s",
			 fact_known(&h->sys.groups_src) ? "empty" : "absent");
}

/* ---- ACS override ---- */

static bool override_set(const struct predict_opts *o)
{
	return o->override_downstream || o->override_multifunction ||
	       o->noverride_ids;
}

static void acs_override(const struct host *h, struct findings *fs)
{
	struct predict_opts o = h->predict_opts;
	struct predicted_groups pg = { 0 };
	struct cmdline_summary s;
	char *text = malloc(TEXT_LEN), remedy[4096];
	struct textbuf sb = { text, TEXT_LEN, 0 };
	struct finding *f;
	size_t listed = 0, merged = 0;
	int *first = NULL;

	if (!text)
		return;
	text[0] = 0;
	o.override_downstream = o.override_multifunction = false;
	o.noverride_ids = 0;
	if (!groups_predict(&h->pci, &o, &pg) &&
	    pg.nfunctions == h->pci.count && pg.ngroups) {
		/* each group of more than one function, members in bus
		 * order: list a group at its first member */
		int *size = calloc(pg.ngroups, sizeof(int));

		first = malloc(pg.ngroups * sizeof(int));
		if (size && first) {
			for (size_t g = 0; g < pg.ngroups; g++)
				first[g] = -1;
			for (size_t i = 0; i < pg.nfunctions; i++)
				if (pg.group_of[i] >= 0 &&
				    (size_t)pg.group_of[i] < pg.ngroups)
					size[pg.group_of[i]]++;
			for (size_t i = 0; i < pg.nfunctions; i++) {
				int g = pg.group_of[i];

				if (g < 0 || (size_t)g >= pg.ngroups ||
				    size[g] < 2)
					continue;
				if (first[g] < 0) {
					first[g] = (int)i;
					merged++;
					if (listed++ < MAX_LISTED)
						textbuf_add(&sb, "%sgroup:",
						       listed > 1 ? "\n" : "");
				}
				if (listed <= MAX_LISTED)
					textbuf_add(&sb, " %s", bdf_of(h, (int)i));
			}
		}
		free(size);
	} else {
		textbuf_add(&sb, "(the groups without the override could not be "
		       "predicted)");
	}
	f = finding_add(fs, "groups.acs_override", LAYER_GROUPS, VERDICT_WARN,
			SEV_MEDIUM, "pcie_acs_override is in force: the IOMMU "
			"groups are not isolation");
	finding_detail(f, "The override makes the kernel treat ports and "
		       "functions as isolating peer-to-peer traffic when the "
		       "hardware may not, so a device given to a VM may reach "
		       "the memory of devices left on the host without passing "
		       "the IOMMU.  Without the override the kernel forms these "
		       "%zu multi-device groups (kernel.md §5.4):\n%s", merged,
		       text);
	cmdline_summarise(&h->cmdline, &s);
	if (s.acs_override) {
		finding_evidence(f, "proc/cmdline", "%s", s.acs_override->token);
		remedy_kernel_args(h, NULL, s.acs_override->token, remedy,
				   sizeof(remedy));
		finding_remedy(f, "Assign every device of a real group together, "
			       "or move the device to a slot whose port has ACS; "
			       "to return to real isolation:\n%s", remedy);
	}
	free(first);
	predicted_groups_release(&pg);
	free(text);
}

/* ---- ports that merge groups (isolation profile) ---- */

static void missing_acs(const struct host *h, struct findings *fs)
{
	const struct predicted_groups *g = &h->predicted;
	size_t n = h->pci.count;
	int *start = calloc(n + 1, sizeof(int)), *idx, *fill, *gstart, *gfns;

	idx = malloc((g->nreasons ? g->nreasons : 1) * sizeof(int));
	/* FILL serves both buckets: ports (n) and groups (ngroups <= n) */
	fill = calloc((n > g->ngroups ? n : g->ngroups) + 1, sizeof(int));
	gstart = calloc(g->ngroups + 1, sizeof(int));
	gfns = malloc((n ? n : 1) * sizeof(int));
	if (!start || !idx || !fill || !gstart || !gfns)
		goto out;
	/* the predicted groups' members, bucketed once (bus order) */
	for (size_t i = 0; i < n; i++)
		if (g->group_of[i] >= 0 && (size_t)g->group_of[i] < g->ngroups)
			gstart[g->group_of[i] + 1]++;
	for (size_t k = 0; k < g->ngroups; k++)
		gstart[k + 1] += gstart[k];
	for (size_t i = 0; i < n; i++) {
		int k = g->group_of[i];

		if (k >= 0 && (size_t)k < g->ngroups)
			gfns[gstart[k] + fill[k]++] = (int)i;
	}
	memset(fill, 0, ((n > g->ngroups ? n : g->ngroups) + 1) * sizeof(int));
	/* bucket the ACS reasons by the port (or function) responsible */
	for (size_t r = 0; r < g->nreasons; r++) {
		const struct group_reason *gr = &g->reasons[r];
		int port = gr->port >= 0 ? gr->port : gr->fn;

		if ((gr->kind != GROUP_REASON_ACS_PATH &&
		     gr->kind != GROUP_REASON_MULTIFUNCTION) ||
		    port < 0 || (size_t)port >= n)
			continue;
		start[port + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	for (size_t r = 0; r < g->nreasons; r++) {
		const struct group_reason *gr = &g->reasons[r];
		int port = gr->port >= 0 ? gr->port : gr->fn;

		if ((gr->kind != GROUP_REASON_ACS_PATH &&
		     gr->kind != GROUP_REASON_MULTIFUNCTION) ||
		    port < 0 || (size_t)port >= n)
			continue;
		idx[start[port] + fill[port]++] = (int)r;
	}
	for (size_t p = 0; p < n; p++) {
		const struct pci_function *pf = &h->pci.v[p];
		char devs[1024], bits[64], src[300], val[160];
		struct textbuf sb = { devs, sizeof(devs), 0 };
		int gk;
		uint16_t missing = 0;
		bool port = false, merges;
		size_t nend = 0;
		struct finding *f;

		if (start[p] == start[p + 1])
			continue;
		devs[0] = 0;
		for (int r = start[p]; r < start[p + 1]; r++) {
			const struct group_reason *gr = &g->reasons[idx[r]];

			missing |= gr->missing;
			port |= gr->kind == GROUP_REASON_ACS_PATH;
		}
		/* the functions of the predicted group it merges, bridges
		 * aside */
		gk = g->group_of[g->reasons[idx[start[p]]].fn];
		for (int m = gk >= 0 && (size_t)gk < g->ngroups ? gstart[gk] : 0;
		     gk >= 0 && (size_t)gk < g->ngroups && m < gstart[gk + 1];
		     m++)
			if (!pci_is_bridge(&h->pci.v[gfns[m]])) {
				textbuf_add(&sb, "%s%s", sb.used ? ", " : "",
				       bdf_of(h, gfns[m]));
				nend++;
			}
		merges = port && nend > 1;
		acs_bits(missing, bits, sizeof(bits));
		config_src(h, (int)p, src, sizeof(src));
		acs_value(pf, val, sizeof(val));
		/* a port that merges what is below it is a warning; a
		 * multifunction device whose functions share a group (a GPU
		 * and its audio) is common and goes to a VM whole */
		f = finding_add(fs, "groups.missing_acs", LAYER_GROUPS,
				merges ? VERDICT_WARN : VERDICT_INFO,
				merges ? SEV_LOW : SEV_INFO, "%s %s lacks ACS%s%s; "
				"%s %s %s", bdf_of(h, (int)p),
				port ? port_kind(pf) : "multifunction device",
				bits[0] ? " " : "", bits,
				nend > 1 ? "devices" : "device", devs,
				nend > 1 ? "share a group" :
				"shares its group only with bridges");
		finding_detail(f, "The kernel isolates devices below a port "
			       "only when the port and every port above it "
			       "enable ACS Source Validation, Request and "
			       "Completion Redirect and Upstream Forwarding, "
			       "and the functions of a multifunction device "
			       "only when they have ACS (drivers/iommu/iommu.c "
			       "pci_device_group(), REQ_ACS_FLAGS).  %s does "
			       "not, %s", bdf_of(h, (int)p), nend > 1 ?
			       "so these devices can reach each other "
			       "without the IOMMU and form one group." :
			       "so the port joins the group of the one device "
			       "below it; a bridge stays on the host "
			       "(pcieport), so that device can still be "
			       "assigned on its own.");
		finding_evidence(f, src, "%s", val);
		finding_remedy(f, "Assign every device of the group together%s"
			       "  pcie_acs_override= would split the group "
			       "without isolating it.", port ? ", or move the "
			       "device to a slot whose port has ACS (usually "
			       "one wired to the CPU: see `lspci -tv`), or look "
			       "for an ACS option in the firmware setup." : ".");
	}
out:
	free(start);
	free(idx);
	free(fill);
	free(gstart);
	free(gfns);
}

/* ---- peer-to-peer (p2p profile) ---- */

static bool p2p_class(uint32_t cls)
{
	return (cls >> 16) == 0x03 || (cls >> 16) == 0x02 ||
	       (cls >> 8) == 0x0108 || (cls >> 16) == 0x12;
}

static int depth_of(const struct host *h, int fn)
{
	int d = 0;

	/* bounded: a PCI hierarchy is at most 256 buses deep */
	while (fn >= 0 && d < 256) {
		fn = h->pci.v[fn].parent;
		d++;
	}
	return d;
}

enum redirect {
	REDIR_NONE = 0,
	REDIR_YES,
	REDIR_UNKNOWN,
};

/* Does port P redirect peer requests or completions upstream? */
static enum redirect port_redirects(const struct pci_function *p)
{
	if (p->acs.present == TRI_NO)
		return REDIR_NONE;
	if (p->acs.present == TRI_UNKNOWN || !p->acs.ctl_known)
		return REDIR_UNKNOWN;
	return p->acs.ctl & (ACS_RR | ACS_CR) ? REDIR_YES : REDIR_NONE;
}

/*
 * The path between A and B below their lowest common bridge: the first
 * redirecting port (*PORT), REDIR_UNKNOWN, or none.  *COMMON is that
 * bridge, -1 when they share none (traffic crosses the root complex).
 */
static enum redirect p2p_path(const struct host *h, int a, int b,
			      int *common, int *port)
{
	int da = depth_of(h, a), db = depth_of(h, b);
	enum redirect res = REDIR_NONE;
	int x = a, y = b;

	*port = -1;
	/* climb the deeper side to the same depth, then both */
	while (da > db) {
		x = h->pci.v[x].parent;
		da--;
	}
	while (db > da) {
		y = h->pci.v[y].parent;
		db--;
	}
	while (x != y && x >= 0 && y >= 0) {
		x = h->pci.v[x].parent;
		y = h->pci.v[y].parent;
	}
	*common = x == y ? x : -1;
	if (*common < 0)
		return REDIR_NONE;
	for (int s = 0; s < 2; s++) {
		for (int p = h->pci.v[s ? b : a].parent; p >= 0 && p != *common;
		     p = h->pci.v[p].parent) {
			enum redirect r = port_redirects(&h->pci.v[p]);

			if (r == REDIR_YES) {
				*port = p;
				return REDIR_YES;
			}
			if (r == REDIR_UNKNOWN && res == REDIR_NONE) {
				res = REDIR_UNKNOWN;
				*port = p;
			}
		}
	}
	return res;
}

static void p2p_pairs(const struct host *h, struct findings *fs)
{
	int dev[MAX_P2P_DEVICES], nd = 0, direct = 0, redirected = 0;
	int unknown = 0, rc = 0;
	size_t skipped = 0, listed = 0;
	char *text = malloc(TEXT_LEN), *ports = malloc(TEXT_LEN);
	struct textbuf sb = { text, TEXT_LEN, 0 }, pb = { ports, TEXT_LEN, 0 };
	char *mark = calloc(h->pci.count ? h->pci.count : 1, 1);
	struct finding *f;
	enum verdict v;

	if (!text || !ports || !mark)
		goto out;
	text[0] = ports[0] = 0;
	for (size_t i = 0; i < h->pci.count; i++) {
		const struct pci_function *pf = &h->pci.v[i];

		if (pci_is_bridge(pf) || !p2p_class(pf->class_code))
			continue;
		if (nd < MAX_P2P_DEVICES)
			dev[nd++] = (int)i;
		else
			skipped++;
	}
	for (int i = 0; i < nd; i++) {
		for (int j = i + 1; j < nd; j++) {
			int common, port;
			enum redirect r = p2p_path(h, dev[i], dev[j], &common,
						   &port);
			bool show = listed < MAX_LISTED;

			if (common < 0) {
				rc++;
				if (show)
					textbuf_add(&sb, "%s <-> %s: through the root "
					       "complex (no common bridge)\n",
					       bdf_of(h, dev[i]),
					       bdf_of(h, dev[j]));
			} else if (r == REDIR_YES) {
				redirected++;
				if (show)
					textbuf_add(&sb, "%s <-> %s: redirected "
					       "upstream at %s (ACS RR/CR "
					       "enabled)\n", bdf_of(h, dev[i]),
					       bdf_of(h, dev[j]),
					       bdf_of(h, port));
				if (!mark[port]) {
					mark[port] = 1;
					textbuf_add(&pb, "%s%s", pb.used ? ";" : "",
					       h->pci.v[port].bdf);
				}
			} else if (r == REDIR_UNKNOWN) {
				unknown++;
				if (show)
					textbuf_add(&sb, "%s <-> %s: unknown (ACS "
					       "control of %s unreadable)\n",
					       bdf_of(h, dev[i]),
					       bdf_of(h, dev[j]),
					       bdf_of(h, port));
			} else {
				direct++;
				if (show)
					textbuf_add(&sb, "%s <-> %s: direct, below "
					       "%s\n", bdf_of(h, dev[i]),
					       bdf_of(h, dev[j]),
					       bdf_of(h, common));
			}
			listed++;
		}
	}
	if (listed > MAX_LISTED)
		textbuf_add(&sb, "... and %zu more pairs\n", listed - MAX_LISTED);
	if (skipped)
		textbuf_add(&sb, "(%zu more devices not paired)\n", skipped);
	v = redirected ? VERDICT_WARN : unknown ? VERDICT_UNKNOWN :
	    VERDICT_INFO;
	f = finding_add(fs, "groups.p2p_pairs", LAYER_GROUPS, v,
			redirected ? SEV_LOW : SEV_INFO, "Peer-to-peer: %d "
			"pair%s direct, %d redirected by ACS, %d through the "
			"root complex, %d unknown", direct,
			direct == 1 ? "" : "s", redirected, rc, unknown);
	finding_detail(f, "Between GPUs, NICs, NVMe drives and accelerators, "
		       "traffic goes straight through the switch below their "
		       "common bridge unless a port on the way enables ACS "
		       "Request or Completion Redirect, which sends it up to "
		       "the root complex (kernel.md §2.2).  Pairs with no "
		       "common bridge always cross the root complex, whose "
		       "peer-to-peer support depends on the platform.\n%s",
		       nd < 2 ? "Fewer than two such devices.\n" : text);
	finding_evidence(f, h->pci.src.path, "%d P2P-capable endpoints", nd);
	if (redirected)
		finding_remedy(f, "Clear ACS redirect on the ports in the way "
			       "(this also merges their IOMMU groups; for "
			       "bare-metal peer-to-peer only): add to the "
			       "kernel command line\n  pci=disable_acs_redir=%s",
			       ports);
out:
	free(text);
	free(ports);
	free(mark);
}

static int run(const struct host *h, struct findings *fs)
{
	bool kernel = kernel_usable(h), pred = predicted_usable(h);
	struct finding *f;

	if (!h->pci.count) {
		f = finding_add(fs, "groups.listing", LAYER_GROUPS,
				fact_known(&h->pci.src) ? VERDICT_INFO :
				VERDICT_UNKNOWN, SEV_LOW, "No PCI functions %s",
				fact_known(&h->pci.src) ? "found" : "readable");
		finding_detail(f, "Without the PCI facts the groups cannot be "
			       "listed or predicted: %s.", fact_reason(
			       &h->pci.src, h->live, h->as_root));
		finding_evidence(f, h->pci.src.path[0] ? h->pci.src.path :
				 "sys/bus/pci", "%s", fact_known(&h->pci.src) ?
				 "no functions" : "unreadable");
		return 0;
	}
	if (kernel || pred)
		listing(h, fs);
	else {
		f = finding_add(fs, "groups.listing", LAYER_GROUPS,
				VERDICT_UNKNOWN, SEV_LOW, "The IOMMU groups are "
				"unknown");
		finding_detail(f, "The kernel formed no groups and none could "
			       "be predicted from the PCI facts.");
		finding_evidence(f, "sys/kernel/iommu_groups", "%s",
				 fact_known(&h->sys.groups_src) ? "empty" :
				 fact_reason(&h->sys.groups_src, h->live,
					     h->as_root));
	}
	if (kernel && pred)
		compare(h, fs);
	else if (!kernel && pred && !h->pci.from_dump)
		predicted_only(h, fs);

	/* set only when the kernel honours it (host_acs_override_ignored()) */
	if (override_set(&h->predict_opts))
		acs_override(h, fs);

	if (pred && h->predicted.uncertain) {
		size_t partial = 0;

		for (size_t i = 0; i < h->pci.count; i++)
			partial += !h->pci.v[i].config_full;
		f = finding_add(fs, "groups.acs_unknown", LAYER_GROUPS,
				VERDICT_UNKNOWN, SEV_LOW, "ACS could not be read: "
				"the predicted groups are the conservative ones");
		finding_detail(f, "Config space past the first 64 bytes, where "
			       "the ACS capability lives, needs root.  Ports "
			       "whose ACS is unknown were taken as not "
			       "isolating, so real groups may be smaller.");
		finding_evidence(f, h->pci.src.path, "config space of %zu of "
				 "%zu functions readable only to 64 bytes",
				 partial, h->pci.count);
		finding_remedy(f, "Run vfio-ready as root (sudo vfio-ready).");
	}
	if (h->profile == PROFILE_P2P)
		p2p_pairs(h, fs);
	else if (pred)
		missing_acs(h, fs);
	return 0;
}

const struct check check_groups = {
	.id = "groups",
	.title = "IOMMU groups, kernel and predicted",
	.run = run,
};
