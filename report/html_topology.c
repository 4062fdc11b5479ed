/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PCI tree of the HTML report as an inline SVG picture: root complexes
 * on the left, then root ports, switches and bridges, endpoints on the
 * right.  Each function is a box coloured by its IOMMU group, ports carry
 * their ACS state as a marked label (not colour alone), the functions named
 * with --device are framed, and a function whose kernel group differs from
 * the predicted one is flagged.  Hovering a box shows its details (SVG
 * <title>).
 *
 * Layout: a tidy tree with depth as x and leaves stacked one row each in
 * bus order; a parent sits level with its first child, at the top of its
 * subtree as in a directory listing, so no two boxes overlap, a tall
 * picture never hides a parent far below, and the height grows with the
 * number of leaves only.  Linear in the number of functions, but for those
 * whose parent is unknown (each looks through the bridges before it).
 */
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"

#define ROOT_W     150             /* a root complex is only a label */
#define NODE_W     226
#define NODE_H     54
#define GAP        36              /* between columns, for the elbows */
#define ROW_H      62
#define MARGIN     12
#define NAME_CHARS 34              /* what fits a box at 11px */
/* More functions than this are listed in the tables, not drawn: the
 * picture would be taller than a browser can lay out usefully. */
#define TOPO_MAX   2000

/*
 * The tree: nodes 0..nroots-1 are root complexes (one per PCI domain and
 * root bus), node nroots + i is function i.  Every edge points from a
 * lower node index to a higher one -- a parent bridge sits on a lower bus
 * (probe/pci.c link_topology()), so it comes first in bus order -- which
 * makes it a forest whatever the input says.
 */
struct tree {
	size_t nroots, nnodes;
	uint32_t *root_domain;
	unsigned *root_bus;
	int *parent;            /* node index, -1 for a root */
	bool *inferred;         /* parent deduced from bus ranges */
	int *first_child, *last_child, *next_sibling;
	int *depth;
	int *row;               /* the leaf row a node is level with */
	int maxdepth, rows;
};

static void tree_release(struct tree *t)
{
	free(t->root_domain);
	free(t->root_bus);
	free(t->parent);
	free(t->inferred);
	free(t->first_child);
	free(t->last_child);
	free(t->next_sibling);
	free(t->depth);
	free(t->row);
}

/*
 * The bridge a function without a known parent hangs from: the narrowest
 * one in its domain whose bus range holds its bus (the bridge between
 * could not be read), or -1 when its bus is a root bus.
 */
static int enclosing_bridge(const struct pci_facts *p, size_t i)
{
	const struct pci_function *f = &p->v[i];
	int best = -1;
	unsigned span = 256;

	for (size_t k = 0; k < i; k++) {
		const struct pci_function *b = &p->v[k];

		if (!b->is_bridge || b->domain != f->domain ||
		    b->bus >= b->secondary_bus || f->bus <= b->secondary_bus ||
		    f->bus > b->subordinate_bus)
			continue;
		if ((unsigned)(b->subordinate_bus - b->secondary_bus) < span) {
			span = b->subordinate_bus - b->secondary_bus;
			best = (int)k;
		}
	}
	return best;
}

static int root_of(struct tree *t, uint32_t domain, unsigned bus)
{
	size_t r;

	for (r = 0; r < t->nroots; r++)
		if (t->root_domain[r] == domain && t->root_bus[r] == bus)
			return (int)r;
	t->root_domain[r] = domain;
	t->root_bus[r] = bus;
	t->nroots++;
	return (int)r;
}

/* Parents, children lists, then depth and row by one walk in preorder. */
static int tree_build(struct tree *t, const struct pci_facts *p)
{
	size_t n = p->count, cap = 2 * n + 1;
	int *fparent, *stack = NULL;
	size_t nstack = 0;

	*t = (struct tree){ 0 };
	t->root_domain = calloc(n + 1, sizeof(*t->root_domain));
	t->root_bus = calloc(n + 1, sizeof(*t->root_bus));
	fparent = calloc(n + 1, sizeof(*fparent));
	t->inferred = calloc(n + 1, sizeof(*t->inferred));
	if (!t->root_domain || !t->root_bus || !fparent || !t->inferred)
		goto fail;
	/* first the parent of each function, so the roots can be numbered
	 * before any function node */
	for (size_t i = 0; i < n; i++) {
		const struct pci_function *f = &p->v[i];
		int up = f->parent;

		if (up < 0 || (size_t)up >= i) {
			up = enclosing_bridge(p, i);
			t->inferred[i] = up >= 0;
		}
		fparent[i] = up >= 0 ? up : -1 - root_of(t, f->domain, f->bus);
	}
	t->nnodes = t->nroots + n;
	t->parent = malloc(cap * sizeof(int));
	t->first_child = malloc(cap * sizeof(int));
	t->last_child = malloc(cap * sizeof(int));
	t->next_sibling = malloc(cap * sizeof(int));
	t->depth = calloc(cap, sizeof(int));
	t->row = calloc(cap, sizeof(int));
	stack = malloc(cap * sizeof(int));
	if (!t->parent || !t->first_child || !t->last_child ||
	    !t->next_sibling || !t->depth || !t->row || !stack)
		goto fail;
	for (size_t v = 0; v < t->nnodes; v++)
		t->parent[v] = t->first_child[v] = t->last_child[v] =
			t->next_sibling[v] = -1;
	for (size_t i = 0; i < n; i++) {
		int v = (int)(t->nroots + i);
		int up = fparent[i] >= 0 ? (int)t->nroots + fparent[i] :
			 -1 - fparent[i];

		t->parent[v] = up;
		if (t->last_child[up] < 0)
			t->first_child[up] = v;
		else
			t->next_sibling[t->last_child[up]] = v;
		t->last_child[up] = v;
	}
	/* preorder from each root (pushed last first), leaves take rows */
	for (size_t r = t->nroots; r-- > 0;)
		stack[nstack++] = (int)r;
	while (nstack) {
		int v = stack[--nstack], c;
		size_t mark = nstack;

		if (t->parent[v] >= 0)
			t->depth[v] = t->depth[t->parent[v]] + 1;
		if (t->depth[v] > t->maxdepth)
			t->maxdepth = t->depth[v];
		/* level with the first leaf below it, the next one taken */
		t->row[v] = t->rows;
		if (t->first_child[v] < 0)
			t->rows++;
		for (c = t->first_child[v]; c >= 0; c = t->next_sibling[c])
			stack[nstack++] = c;
		/* children were pushed in order: reverse them to pop them
		 * in order */
		for (size_t a = mark, b = nstack; a + 1 < b; a++, b--) {
			int tmp = stack[a];

			stack[a] = stack[b - 1];
			stack[b - 1] = tmp;
		}
	}
	free(fparent);
	free(stack);
	return 0;
fail:
	free(fparent);
	free(stack);
	tree_release(t);
	return -1;
}

static int node_x(const struct tree *t, int v)
{
	return !t->depth[v] ? MARGIN :
	       MARGIN + ROOT_W + GAP + (t->depth[v] - 1) * (NODE_W + GAP);
}

static int node_w(const struct tree *t, int v)
{
	return t->depth[v] ? NODE_W : ROOT_W;
}

static int node_y(const struct tree *t, int v)
{
	return MARGIN + t->row[v] * ROW_H;
}

/* TEXT cut to MAX characters (UTF-8 aware) with an ellipsis, into BUF. */
static const char *clip(const char *text, size_t max, char *buf, size_t len)
{
	size_t chars = 0, i;

	for (i = 0; text[i]; i++) {
		if (((unsigned char)text[i] & 0xc0) == 0x80)
			continue;
		if (chars++ == max)
			break;
	}
	if (!text[i])
		return text;
	snprintf(buf, len, "%.*s\xe2\x80\xa6", (int)i, text);
	return buf;
}

static xmlNodePtr svg_text(xmlNodePtr parent, int x, int y, const char *cls,
			   const char *text)
{
	xmlNodePtr t = html_text_el(parent, "text", cls, text);

	html_attrf(t, "x", "%d", x);
	html_attrf(t, "y", "%d", y);
	return t;
}

static xmlNodePtr svg_rect(xmlNodePtr parent, int x, int y, int w, int h,
			   const char *cls)
{
	xmlNodePtr r = html_el(parent, "rect", cls);

	html_attrf(r, "x", "%d", x);
	html_attrf(r, "y", "%d", y);
	html_attrf(r, "width", "%d", w);
	html_attrf(r, "height", "%d", h);
	return r;
}

/* An elbow from the right edge of the parent to the left edge of V. */
static void draw_edge(xmlNodePtr g, const struct tree *t, int v)
{
	int up = t->parent[v];
	int x1 = node_x(t, up) + node_w(t, up), y1 = node_y(t, up) + NODE_H / 2;
	int x2 = node_x(t, v), y2 = node_y(t, v) + NODE_H / 2;
	bool guessed = (size_t)v >= t->nroots && t->inferred[v - t->nroots];
	xmlNodePtr path = html_el(g, "path", guessed ? "edge guessed" :
				  "edge");

	html_attrf(path, "d", "M%d %dH%dV%dH%d", x1, y1, x1 + (x2 - x1) / 2,
		   y2, x2);
}

static void draw_root(xmlNodePtr g, const struct tree *t, int r)
{
	int x = node_x(t, r), y = node_y(t, r);
	char where[64];
	xmlNodePtr node = html_el(g, "g", "rc");

	snprintf(where, sizeof(where), "%04x:%02x", t->root_domain[r],
		 t->root_bus[r]);
	html_textf_el(node, "title", NULL, "Root complex: %s %04x, root bus "
		      "%02x", t->root_domain[r] > 0xffff ? "VMD domain" :
		      "PCI domain", t->root_domain[r], t->root_bus[r]);
	html_attr(svg_rect(node, x, y, ROOT_W, NODE_H, NULL), "rx", "6");
	svg_text(node, x + 10, y + 22, "l1", "Root complex");
	svg_text(node, x + 10, y + 40, "l2", where);
}

/* The hover text of function I: everything the box abbreviates. */
static char *function_title(const struct html_page *pg, size_t i,
			    enum html_acs acs, const char *acs_why,
			    bool guessed)
{
	const struct host *h = pg->h;
	const struct pci_function *f = &h->pci.v[i];
	const struct device_assign *d = i < h->assign.count ?
		&h->assign.v[i] : NULL;
	const struct html_fn *hf = &pg->fn[i];
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	if (!m)
		return NULL;
	fprintf(m, "%s [%04x:%04x] %s\n%s%s%s\n%s", f->bdf, f->vendor_id,
		f->device_id, f->class_name, f->vendor_name,
		f->vendor_name[0] ? " " : "", f->device_name,
		html_port_label(h, i));
	if (f->multifunction)
		fputs(", multifunction", m);
	if (f->sysfs && !h->pci.from_dump)
		fprintf(m, "; driver %s", f->driver[0] ? f->driver : "none");
	if (hf->group >= 0)
		fprintf(m, "\n%sIOMMU group %s%d", pg->by_kernel ? "" :
			"predicted ", pg->by_kernel ? "" : "P", hf->group);
	else
		fputs("\nno IOMMU group", m);
	if (hf->differs && hf->other_group >= 0)
		fprintf(m, ", predicted P%d with other functions",
			hf->other_group);
	else if (hf->differs)
		fputs(", none predicted", m);
	if (acs != HTML_ACS_NONE)
		fprintf(m, "\n%s", acs_why);
	fprintf(m, "\npassthrough: %s", assignability_name(d ? d->verdict :
				ASSIGN_UNKNOWN));
	for (size_t r = 0; d && r < d->nreasons; r++)
		fprintf(m, "\n- %s", d->reasons[r].text);
	if (guessed)
		fputs("\nparent bridge not read: placed by bus numbers", m);
	if (hf->focused)
		fputs("\nselected with --device", m);
	if (fclose(m) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

static void draw_acs(xmlNodePtr g, int x, int y, enum html_acs acs)
{
	static const char *const cls[] = {
		[HTML_ACS_ON] = "acs on", [HTML_ACS_OFF] = "acs off",
		[HTML_ACS_UNKNOWN] = "acs unknown",
	};
	xmlNodePtr pill = html_el(g, "g", cls[acs]);

	html_attr(svg_rect(pill, x, y, 54, 17, NULL), "rx", "8");
	svg_text(pill, x + 27, y + 13, NULL, html_acs_label(acs));
}

static void draw_function(xmlNodePtr g, const struct html_page *pg,
			  const struct tree *t, size_t i)
{
	static const char *const short_verdict[] = {
		[ASSIGN_UNKNOWN] = "unknown", [ASSIGN_ALONE] = "alone",
		[ASSIGN_WITH_GROUP] = "with group",
		[ASSIGN_BLOCKED] = "blocked",
	};
	const struct host *h = pg->h;
	const struct pci_function *f = &h->pci.v[i];
	const struct device_assign *d = i < h->assign.count ?
		&h->assign.v[i] : NULL;
	const struct html_fn *hf = &pg->fn[i];
	int v = (int)(t->nroots + i), x = node_x(t, v), y = node_y(t, v);
	char why[200], name[300], cut[200], *title;
	enum html_acs acs = html_acs_state(h, i, why, sizeof(why));
	xmlNodePtr node, clipbox, l1, r;

	node = html_el(g, "g", hf->focused ? "fn focus" : "fn");
	html_attrf(node, "id", "t-%s", f->bdf);
	title = function_title(pg, i, acs, why, t->inferred[i]);
	html_text_el(node, "title", NULL, title);
	free(title);
	if (hf->focused) {
		r = svg_rect(node, x - 5, y - 5, NODE_W + 10, NODE_H + 10,
			     "halo");
		html_attr(r, "rx", "9");
	}
	r = svg_rect(node, x, y, NODE_W, NODE_H, hf->differs ? "box differs" :
		     "box");
	html_attr(r, "rx", "6");
	html_attrf(r, "style", "fill:%s;stroke:%s", html_group_fill(hf->group),
		   html_group_edge(hf->group));

	/* an inner viewport clips whatever a long name leaves over */
	clipbox = html_el(node, "svg", NULL);
	html_attrf(clipbox, "x", "%d", x);
	html_attrf(clipbox, "y", "%d", y);
	/* the first line leaves room for the ACS label */
	html_attrf(clipbox, "width", "%d", acs != HTML_ACS_NONE ?
		   NODE_W - 60 : NODE_W - 4);
	html_attrf(clipbox, "height", "%d", NODE_H);
	l1 = svg_text(clipbox, 9, 17, "l1", NULL);
	html_textf_el(l1, "tspan", "b", "%s%s", hf->focused ? "\xe2\x98\x85 " :
		      "", pci_short_bdf(f));
	if (hf->group >= 0)
		html_textf_el(l1, "tspan", NULL, "  group %s%d",
			      pg->by_kernel ? "" : "P", hf->group);
	else
		html_text_el(l1, "tspan", NULL, "  no group");
	if (hf->differs && hf->other_group >= 0)
		html_textf_el(l1, "tspan", "ne", " \xe2\x89\xa0 P%d",
			      hf->other_group);
	else if (hf->differs)
		html_text_el(l1, "tspan", "ne", " \xe2\x89\xa0 no P");

	/* the device's own name says most in a narrow box; the vendor is in
	 * the hover text and the device table */
	if (f->device_name[0])
		snprintf(name, sizeof(name), "%s", f->device_name);
	else
		snprintf(name, sizeof(name), "[%04x:%04x] %s", f->vendor_id,
			 f->device_id, f->class_name);
	clipbox = html_el(node, "svg", NULL);
	html_attrf(clipbox, "x", "%d", x);
	html_attrf(clipbox, "y", "%d", y);
	html_attrf(clipbox, "width", "%d", NODE_W - 4);
	html_attrf(clipbox, "height", "%d", NODE_H);
	svg_text(clipbox, 9, 33, "l2", clip(name, NAME_CHARS, cut,
					    sizeof(cut)));
	snprintf(name, sizeof(name), "%s \xc2\xb7 %s", html_port_label(h, i),
		 short_verdict[d ? d->verdict : ASSIGN_UNKNOWN]);
	svg_text(clipbox, 9, 48, "l3", name);
	if (acs != HTML_ACS_NONE)
		draw_acs(node, x + NODE_W - 58, y + 4, acs);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The groups that colour the picture, each once, ascending, into GROUPS
 * (h->pci.count entries).  Returns how many. */
static size_t distinct_groups(const struct html_page *pg, int *groups)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < pg->h->pci.count; i++)
		if (pg->fn[i].group >= 0)
			groups[n++] = pg->fn[i].group;
	qsort(groups, n, sizeof(*groups), cmp_int);
	for (size_t i = 0; i < n; i++)
		if (!k || groups[k - 1] != groups[i])
			groups[k++] = groups[i];
	return k;
}

/* The key to the picture: marks first, then one chip per group. */
static void legend(xmlNodePtr parent, const struct html_page *pg,
		   const struct tree *t)
{
	static const char *const words[] = {
		[HTML_ACS_ON] = "the port isolates what is below it",
		[HTML_ACS_OFF] = "no isolation here: what is below it (or "
				 "beside it, in a multifunction slot) shares "
				 "its group",
		[HTML_ACS_UNKNOWN] = "ACS could not be read",
	};
	const struct host *h = pg->h;
	xmlNodePtr p = html_el(parent, "p", "legend"), s, box;
	bool guessed = false, acs[4] = { false };
	size_t ngroups;
	char why[200];
	int *groups;

	for (size_t i = 0; i < h->pci.count; i++) {
		guessed |= t->inferred[i];
		acs[html_acs_state(h, i, why, sizeof(why))] = true;
	}
	for (int a = HTML_ACS_ON; a <= HTML_ACS_UNKNOWN; a++) {
		if (!acs[a])
			continue;
		s = html_el(p, "span", NULL);
		html_attrf(html_text_el(s, "span", NULL, html_acs_label(a)),
			   "class", "pill %s", a == HTML_ACS_ON ? "on" :
			   a == HTML_ACS_OFF ? "off" : "unknown");
		html_textf_el(s, "span", NULL, " %s", words[a]);
	}
	if (pg->nfocused)
		html_text_el(p, "span", NULL, "\xe2\x98\x85 blue frame: "
			     "selected with --device");
	if (pg->ndiffer) {
		s = html_el(p, "span", NULL);
		html_text_el(s, "span", "differs", "\xe2\x89\xa0 Pn, dashed "
			     "red frame:");
		html_text(s, " the kernel grouped it differently from the "
			  "prediction (Pn: its predicted group)");
	}
	if (guessed)
		html_text_el(p, "span", NULL, "dashed line: the bridge above "
			     "was not read; placed by bus numbers");

	groups = malloc(h->pci.count * sizeof(*groups));
	if (!groups) {
		html_oom(parent);
		return;
	}
	ngroups = distinct_groups(pg, groups);
	if (ngroups) {
		/* a long list of colours is folded away */
		box = html_el(parent, "details", "legend-groups");
		if (ngroups <= 32)
			html_attr(box, "open", NULL);
		html_textf_el(box, "summary", NULL, "%zu %s", ngroups,
			      pg->by_kernel ? "IOMMU groups (the kernel's)" :
			      "predicted IOMMU groups (no IOMMU is active)");
		p = html_el(box, "p", "legend chips");
	}
	for (size_t k = 0; k < ngroups; k++) {
		s = html_el(p, "span", NULL);
		html_swatch(s, groups[k]);
		html_attrf(html_textf_el(s, "a", NULL, "%s%d", pg->by_kernel ?
					 "" : "P", groups[k]), "href",
			   pg->by_kernel ? "#g-%d" : "#p-%d", groups[k]);
	}
	free(groups);
}

void html_topology(xmlNodePtr parent, const struct html_page *pg)
{
	const struct host *h = pg->h;
	struct tree t;
	xmlNodePtr svg, edges, nodes;
	int w, ht;

	if (!h->pci.count) {
		html_text_el(parent, "p", NULL, "No PCI functions to draw.");
		return;
	}
	if (h->pci.count > TOPO_MAX) {
		html_textf_el(parent, "p", NULL, "%zu PCI functions: too many "
			      "to draw (more than %d); the devices and groups "
			      "below list them all.", h->pci.count, TOPO_MAX);
		return;
	}
	if (tree_build(&t, &h->pci)) {
		html_oom(parent);
		return;
	}
	html_textf_el(parent, "p", "muted", "Each box is a PCI function, "
		      "coloured by its %s; hover over one for its details (the "
		      "device table below has them all). On a narrow screen, "
		      "scroll the picture sideways.", pg->by_kernel ?
		      "IOMMU group" : h->predicted.ngroups ?
		      "predicted IOMMU group (no IOMMU is active)" :
		      "IOMMU group (none is known: grey)");
	legend(parent, pg, &t);

	w = 2 * MARGIN + ROOT_W + t.maxdepth * (NODE_W + GAP);
	ht = 2 * MARGIN + (t.rows - 1) * ROW_H + NODE_H;
	svg = html_el(html_el(parent, "div", "scroll"), "svg", "tree");
	html_attrf(svg, "width", "%d", w);
	html_attrf(svg, "height", "%d", ht);
	html_attrf(svg, "viewBox", "0 0 %d %d", w, ht);
	html_attr(svg, "role", "img");
	html_attr(svg, "aria-label", "PCI topology: the tree of PCI functions "
		  "under their root complexes, coloured by IOMMU group");
	html_textf_el(svg, "title", NULL, "PCI topology: %zu functions under "
		      "%zu root %s", h->pci.count, t.nroots,
		      t.nroots == 1 ? "complex" : "complexes");
	edges = html_el(svg, "g", "edges");
	nodes = html_el(svg, "g", "nodes");
	for (size_t v = t.nroots; v < t.nnodes; v++)
		draw_edge(edges, &t, (int)v);
	for (size_t r = 0; r < t.nroots; r++)
		draw_root(nodes, &t, (int)r);
	for (size_t i = 0; i < h->pci.count; i++)
		draw_function(nodes, pg, &t, i);
	tree_release(&t);
}
