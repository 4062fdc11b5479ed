/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device table and the IOMMU groups of the HTML report: every PCI
 * function in bus order with its group, ACS, driver and passthrough
 * verdict (and the set-up for the ones that can go), filterable by class
 * with CSS alone; then the groups, the kernel's or else the predicted ones,
 * with what the prediction says keeps their members together.
 */
#include "html.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/setup.h"
#include "../probe/probe.h"

/* PCI base classes, short, for the device filter (the PCI Code and ID
 * Assignment Specification; pci.ids lists them as its "C xx" lines). */
static const char *base_class_name(unsigned base)
{
	static const char *const names[] = {
		"Unclassified", "Storage", "Network", "Display", "Multimedia",
		"Memory", "Bridge", "Communication", "System", "Input",
		"Docking", "Processor", "Serial bus", "Wireless",
		"Intelligent I/O", "Satellite", "Encryption",
		"Signal processing", "Accelerator", "Instrumentation",
	};

	if (base < sizeof(names) / sizeof(*names))
		return names[base];
	return base == 0x40 ? "Co-processor" : "Other";
}

static unsigned base_class(const struct pci_function *f)
{
	return f->class_code >> 16 & 0xff;
}

/* The radio buttons of the class filter and the CSS rule each needs: a
 * checked radio hides the rows of every other class (no script). */
static void class_filter(xmlNodePtr sec, xmlNodePtr head,
			 const struct host *h)
{
	size_t count[256] = { 0 }, nclasses = 0;
	char *css = NULL;
	size_t csslen = 0;
	FILE *mem;
	xmlNodePtr in;

	for (size_t i = 0; i < h->pci.count; i++)
		nclasses += !count[base_class(&h->pci.v[i])]++;
	if (nclasses < 2)
		return;
	mem = open_memstream(&css, &csslen);
	if (!mem) {
		html_oom(sec);
		return;
	}
	html_text_el(sec, "span", "muted", "Show: ");
	in = html_el(sec, "input", "cf");
	html_attr(in, "type", "radio");
	html_attr(in, "name", "class");
	html_attr(in, "id", "cls-all");
	html_attr(in, "checked", NULL);
	html_attr(html_textf_el(sec, "label", NULL, "All (%zu)",
				h->pci.count), "for", "cls-all");
	for (unsigned c = 0; c < 256; c++) {
		if (!count[c])
			continue;
		in = html_el(sec, "input", "cf");
		html_attr(in, "type", "radio");
		html_attr(in, "name", "class");
		html_attrf(in, "id", "cls-%02x", c);
		html_attrf(html_textf_el(sec, "label", NULL, "%s (%zu)",
					 base_class_name(c), count[c]),
			   "for", "cls-%02x", c);
		fprintf(mem, "#cls-%02x:checked~.scroll tr.dev:not(.c-%02x)"
			"{display:none}\n", c, c);
	}
	if (fclose(mem) == 0 && css)
		html_text_el(head, "style", NULL, css);
	else
		html_oom(sec);
	free(css);
}

/* A set-up text (malloc'd, may be NULL) under a caption. */
static void setup_block(xmlNodePtr parent, const char *caption, char *text)
{
	if (text) {
		html_text_el(parent, "p", NULL, caption);
		html_text_el(parent, "pre", NULL, text);
	}
	free(text);
}

/* The ACS state where the kernel judges it, and why, as text (a phone
 * has no hover). */
static void acs_cell(xmlNodePtr td, const struct host *h, size_t i)
{
	char why[200];
	enum html_acs acs = html_acs_state(h, i, why, sizeof(why));

	if (acs == HTML_ACS_NONE) {
		html_cell_empty(td);
		return;
	}
	html_text_el(td, "div", NULL, html_acs_label(acs));
	html_text_el(td, "div", "why", why);
}

static void device_row(xmlNodePtr tbody, const struct html_page *pg,
		       size_t i)
{
	const struct host *h = pg->h;
	const struct pci_function *f = &h->pci.v[i];
	const struct device_assign *d = i < h->assign.count ?
		&h->assign.v[i] : NULL;
	const struct html_fn *hf = &pg->fn[i];
	xmlNodePtr tr = html_el(tbody, "tr", NULL), td, ul;
	char name[300];

	html_attrf(tr, "class", "dev c-%02x%s", base_class(f),
		   hf->focused ? " focus" : "");
	html_attrf(tr, "id", "d-%s", f->bdf);

	td = html_cell(tr, NULL, NULL);
	html_text_el(td, "code", NULL, f->bdf);
	if (hf->focused) {
		html_text(td, " ");
		html_text_el(td, "span", "badge sel", "selected");
	}

	snprintf(name, sizeof(name), "%s%s%s", f->vendor_name,
		 f->vendor_name[0] && f->device_name[0] ? " " : "",
		 f->device_name);
	td = html_cell(tr, "Device", "wrap");
	html_text_el(td, "div", NULL, name[0] ? name : "(name not in pci.ids)");
	html_textf_el(td, "div", "muted", "[%04x:%04x] %s", f->vendor_id,
		      f->device_id, f->class_name[0] ? f->class_name :
		      base_class_name(base_class(f)));

	td = html_cell(tr, "Type", "short");
	html_text(td, html_port_label(h, i));
	if (f->multifunction)
		html_text(td, ", multifunction");
	html_text(html_cell(tr, "Driver", "short"), h->pci.from_dump ||
		  !f->sysfs ? "unknown" : f->driver[0] ? f->driver : "none");

	td = html_cell(tr, "Group", "short");
	if (hf->group >= 0) {
		html_swatch(td, hf->group);
		html_textf_el(td, "span", NULL, "%s%d", pg->by_kernel ? "" :
			      "P", hf->group);
	} else {
		html_text_el(td, "span", "muted", "none");
	}
	if (hf->differs && hf->other_group >= 0)
		html_textf_el(td, "div", "differs",
			      "\xe2\x89\xa0 predicted P%d", hf->other_group);
	else if (hf->differs)
		html_text_el(td, "div", "differs",
			     "\xe2\x89\xa0 predicted: no group");

	acs_cell(html_cell(tr, "ACS", "short"), h, i);

	td = html_cell(tr, "Passthrough", "wrap");
	html_assign_badge(td, d ? d->verdict : ASSIGN_UNKNOWN);
	ul = d && d->nreasons ? html_el(td, "ul", "reasons") : NULL;
	for (size_t r = 0; d && r < d->nreasons; r++)
		html_text_el(ul, "li", NULL, d->reasons[r].text);
	if (d && (d->verdict == ASSIGN_ALONE ||
		  d->verdict == ASSIGN_WITH_GROUP)) {
		xmlNodePtr det = html_el(td, "details", "setup");

		html_text_el(det, "summary", NULL, "Set-up");
		setup_block(det, "Bind to vfio-pci:", setup_cmdline(h, (int)i));
		setup_block(det, "libvirt:", setup_libvirt_xml(h, (int)i));
		setup_block(det, "QEMU:", setup_qemu_args(h, (int)i));
	}
}

void html_devices(xmlNodePtr content, xmlNodePtr head,
		  const struct html_page *pg)
{
	static const char *const cols[] = { "Function", "Device", "Type",
					    "Driver", "Group", "ACS",
					    "Passthrough" };
	const struct host *h = pg->h;
	xmlNodePtr sec = html_el(content, "section", NULL), table, tbody;

	html_attr(sec, "id", "devices");
	html_text_el(sec, "h2", NULL, "Devices");
	if (!h->pci.count) {
		html_text_el(sec, "p", NULL, fact_known(&h->pci.src) ?
			     "No PCI functions." :
			     "The PCI devices could not be read.");
		return;
	}
	html_textf_el(sec, "p", "muted", "%zu PCI functions in bus order%s.",
		      h->pci.count, pg->nfocused ? "; the ones named with "
		      "--device are marked selected" : "");
	class_filter(sec, head, h);
	table = html_el(html_el(sec, "div", "scroll"), "table",
			"devices stack");
	html_table_head(table, cols, sizeof(cols) / sizeof(*cols));
	tbody = html_el(table, "tbody", NULL);
	for (size_t i = 0; i < h->pci.count; i++)
		device_row(tbody, pg, i);
}

/*
 * Items 0..N-1 by their LABEL[i] (labels outside [0, NLABELS) dropped), in
 * their order: the items of label g are ORDER[START[g]] to
 * ORDER[START[g + 1] - 1].  Returns 0, or -1 when memory ran out.
 */
static int bucket(const int *label, size_t n, size_t nlabels,
		  size_t **start, size_t **order)
{
	size_t *s = calloc(nlabels + 2, sizeof(*s));
	size_t *o = malloc((n ? n : 1) * sizeof(*o));

	if (!s || !o) {
		free(s);
		free(o);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (label[i] >= 0 && (size_t)label[i] < nlabels)
			s[label[i] + 2]++;
	for (size_t g = 2; g < nlabels + 2; g++)
		s[g] += s[g - 1];
	for (size_t i = 0; i < n; i++)
		if (label[i] >= 0 && (size_t)label[i] < nlabels)
			o[s[label[i] + 1]++] = i;
	*start = s;
	*order = o;
	return 0;
}

/* One member of a group: its address and its name. */
static void member_item(xmlNodePtr ul, const struct host *h, int fn,
			const char *bdf)
{
	xmlNodePtr li = html_el(ul, "li", NULL);
	const struct pci_function *f;

	html_text_el(li, "code", NULL, bdf);
	if (fn < 0)
		return;
	f = &h->pci.v[fn];
	html_textf_el(li, "span", NULL, " %s%s%s", f->vendor_name,
		      f->vendor_name[0] && f->device_name[0] ? " " : "",
		      f->device_name);
}

/* The reasons the prediction gives for the functions labelled G. */
static void reasons_cell(xmlNodePtr td, const struct host *h, size_t g,
			 const size_t *rstart, const size_t *rorder)
{
	xmlNodePtr ul;

	if (!rstart || rstart[g] == rstart[g + 1]) {
		html_cell_empty(td);
		return;
	}
	ul = html_el(td, "ul", "reasons");
	for (size_t k = rstart[g]; k < rstart[g + 1]; k++)
		html_text_el(ul, "li", NULL,
			     h->predicted.reasons[rorder[k]].text);
}

/* Kernel group G against the prediction: the same, or which predicted
 * groups its functions fall in. */
static void prediction_cell(xmlNodePtr td, const struct html_page *pg,
			    const struct iommu_group_info *kg)
{
	const struct host *h = pg->h;
	bool differs = false;
	int seen[8];
	size_t nseen = 0, more = 0;
	char list[96] = "";
	size_t used = 0;

	for (size_t k = 0; k < kg->ndevices; k++) {
		int fn = pci_find(&h->pci, kg->devices[k]);
		int p = fn >= 0 ? pg->fn[fn].other_group : -1;
		size_t s;

		if (fn < 0)
			continue;
		differs |= pg->fn[fn].differs;
		for (s = 0; s < nseen && seen[s] != p; s++)
			;
		if (s < nseen)
			continue;
		if (nseen == sizeof(seen) / sizeof(*seen)) {
			more++;
			continue;
		}
		seen[nseen++] = p;
	}
	if (!differs) {
		html_text_el(td, "span", "muted", "as predicted");
		return;
	}
	for (size_t s = 0; s < nseen && used < sizeof(list); s++) {
		int r = seen[s] >= 0 ?
			snprintf(list + used, sizeof(list) - used, "%sP%d",
				 s ? ", " : "", seen[s]) :
			snprintf(list + used, sizeof(list) - used, "%snone",
				 s ? ", " : "");

		used += r > 0 ? (size_t)r : 0;
	}
	html_textf_el(td, "span", "differs", "\xe2\x89\xa0 predicted %s%s",
		      list, more ? ", \xe2\x80\xa6" : "");
}

/* The first cell of a group's row (NAME, coloured as GROUP); the row is
 * the group's anchor ID. */
static void group_label(xmlNodePtr tr, int group, const char *id,
			const char *name)
{
	xmlNodePtr td = html_cell(tr, NULL, NULL);

	html_attr(tr, "id", id);
	html_swatch(td, group);
	html_text_el(td, "strong", NULL, name);
}

static void kernel_groups(xmlNodePtr sec, const struct html_page *pg,
			  const int *rlabel)
{
	static const char *const cols[] = { "Group", "Type", "Functions",
					    "Why together (prediction)",
					    "Prediction" };
	const struct host *h = pg->h;
	size_t *rstart = NULL, *rorder = NULL;
	xmlNodePtr table, tbody;

	if (rlabel && bucket(rlabel, h->predicted.nreasons, h->sys.ngroups,
			     &rstart, &rorder))
		html_oom(sec);
	table = html_el(html_el(sec, "div", "scroll"), "table",
			"groups stack");
	html_table_head(table, cols, pg->compared ? 5 : 4);
	tbody = html_el(table, "tbody", NULL);
	for (size_t g = 0; g < h->sys.ngroups; g++) {
		const struct iommu_group_info *kg = &h->sys.groups[g];
		xmlNodePtr tr = html_el(tbody, "tr", NULL), ul;
		char id[32], name[40];

		/* coloured as its functions are (probe/assign.c) */
		snprintf(id, sizeof(id), "g-%lu", kg->id);
		snprintf(name, sizeof(name), "Group %lu", kg->id);
		group_label(tr, kg->id > INT32_MAX ? -1 : (int)kg->id, id,
			    name);
		html_text(html_cell(tr, "Type", NULL), kg->type[0] ? kg->type :
			  "?");
		ul = html_el(html_cell(tr, "Functions", NULL), "ul", "plain");
		for (size_t k = 0; k < kg->ndevices; k++)
			member_item(ul, h, pci_find(&h->pci, kg->devices[k]),
				    kg->devices[k]);
		reasons_cell(html_cell(tr, "Why together", "wrap"), h, g,
			     rstart, rorder);
		if (pg->compared)
			prediction_cell(html_cell(tr, "Prediction", NULL), pg,
					kg);
	}
	free(rstart);
	free(rorder);
}

static void predicted_groups(xmlNodePtr sec, const struct html_page *pg,
			     const int *rlabel)
{
	static const char *const cols[] = { "Predicted group", "Functions",
					    "Why together" };
	const struct host *h = pg->h;
	size_t ng = h->predicted.ngroups, n = h->pci.count;
	size_t *start = NULL, *order = NULL, *rstart = NULL, *rorder = NULL;
	xmlNodePtr table, tbody;

	if (bucket(h->predicted.group_of, n, ng, &start, &order) ||
	    (rlabel && bucket(rlabel, h->predicted.nreasons, ng, &rstart,
			      &rorder))) {
		html_oom(sec);
		goto out;
	}
	table = html_el(html_el(sec, "div", "scroll"), "table",
			"groups stack");
	html_table_head(table, cols, sizeof(cols) / sizeof(*cols));
	tbody = html_el(table, "tbody", NULL);
	for (size_t g = 0; g < ng; g++) {
		xmlNodePtr tr = html_el(tbody, "tr", NULL), ul;
		char id[32], name[32];

		snprintf(id, sizeof(id), "p-%zu", g);
		snprintf(name, sizeof(name), "P%zu", g);
		group_label(tr, (int)g, id, name);
		ul = html_el(html_cell(tr, "Functions", NULL), "ul", "plain");
		for (size_t k = start[g]; k < start[g + 1]; k++)
			member_item(ul, h, (int)order[k],
				    h->pci.v[order[k]].bdf);
		reasons_cell(html_cell(tr, "Why together", "wrap"), h, g,
			     rstart, rorder);
	}
out:
	free(start);
	free(order);
	free(rstart);
	free(rorder);
}

void html_groups(xmlNodePtr content, const struct html_page *pg)
{
	const struct host *h = pg->h;
	const struct predicted_groups *pr = &h->predicted;
	bool predicted = pr->group_of && pr->ngroups &&
			 pr->nfunctions == h->pci.count;
	xmlNodePtr sec = html_el(content, "section", NULL);
	int *rlabel = NULL;

	html_attr(sec, "id", "groups");
	html_text_el(sec, "h2", NULL, "IOMMU groups");
	/* each reason of the prediction goes with the row (kernel or
	 * predicted group) of the function it is about */
	if (predicted && pr->nreasons) {
		rlabel = malloc(pr->nreasons * sizeof(*rlabel));
		for (size_t r = 0; rlabel && r < pr->nreasons; r++) {
			int fn = pr->reasons[r].fn;

			rlabel[r] = -1;
			if (fn < 0 || (size_t)fn >= h->pci.count)
				continue;
			if (!h->sys.ngroups)
				rlabel[r] = pr->group_of[fn];
			else if ((size_t)fn < h->assign.count)
				rlabel[r] = h->assign.v[fn].kernel_index;
		}
		if (!rlabel)
			html_oom(sec);
	}
	if (h->sys.ngroups) {
		html_textf_el(sec, "p", NULL, "%zu groups, as the running "
			      "kernel formed them (sys/kernel/iommu_groups). "
			      "%s", h->sys.ngroups, !pg->compared ? "" :
			      pg->ndiffer ? "Some differ from what the "
			      "topology predicts: they are marked "
			      "\xe2\x89\xa0." :
			      "The prediction from the topology agrees.");
		kernel_groups(sec, pg, rlabel);
	} else if (predicted) {
		html_textf_el(sec, "p", NULL, "The kernel formed no groups (no "
			      "IOMMU is active). These %zu are the groups it "
			      "would form, predicted from the topology, ACS "
			      "and the kernel's quirks%s.", pr->ngroups,
			      pr->uncertain ? "; some ACS registers could not "
			      "be read, so groups may be smaller in fact" : "");
		predicted_groups(sec, pg, rlabel);
	} else {
		html_text_el(sec, "p", NULL, "Neither the kernel's groups nor "
			     "the PCI topology to predict them could be read.");
	}
	free(rlabel);
}
