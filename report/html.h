/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_REPORT_HTML_H
#define VFIO_READY_REPORT_HTML_H

/*
 * Internals of the HTML writer: html.c builds the page (verdict, next
 * steps, findings), html_devices.c the device and group tables,
 * html_topology.c the SVG picture of the PCI tree, html_node.c the pieces
 * they share.  The page is a libxml2 document tree: every string that comes
 * from the audited machine enters it as a text node or an attribute value
 * through the helpers below, which also replace bytes that are not valid
 * UTF-8, so nothing from the machine is ever parsed as markup.
 */

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "../probe/assign.h"

struct host;

/* What the page shows about one PCI function, worked out once. */
struct html_fn {
	bool focused;       /* named by --device */
	bool differs;       /* its kernel group and its predicted group do not
			       hold the same functions */
	int group;          /* the group that colours it (see by_kernel), -1 */
	int other_group;    /* the predicted group when by_kernel, else -1 */
};

struct html_page {
	const struct host *h;
	struct html_fn *fn;     /* parallel to h->pci.v */
	bool by_kernel;         /* html_fn.group is a kernel group id; else a
				   predicted group (no IOMMU active) */
	bool compared;          /* kernel and predicted groups were compared */
	size_t nfocused, ndiffer;
	bool oom;               /* a node could not be allocated */
};

/*
 * Tree building (html_node.c).  Each takes the parent (NULL after an
 * earlier allocation failure: then they do nothing and return NULL) and
 * records a failure with html_oom().  CLS, TEXT and VALUE may be NULL; TEXT
 * and VALUE are copied as text, never as markup.
 *
 * html_oom() marks the page that owns NEAR's document (doc->_private) as
 * incomplete: the writer then fails rather than print half a report.
 */
void html_oom(xmlNodePtr near);
xmlNodePtr html_el(xmlNodePtr parent, const char *name, const char *cls);
xmlNodePtr html_text_el(xmlNodePtr parent, const char *name, const char *cls,
			const char *text);
__attribute__((format(printf, 4, 5)))
xmlNodePtr html_textf_el(xmlNodePtr parent, const char *name,
			 const char *cls, const char *fmt, ...);
void html_text(xmlNodePtr parent, const char *text);
void html_attr(xmlNodePtr node, const char *name, const char *value);
__attribute__((format(printf, 3, 4)))
void html_attrf(xmlNodePtr node, const char *name, const char *fmt, ...);

/* The group colours, a fixed palette used in turn by group number: a light
 * fill and a darker edge; grey for -1 (no group). */
#define HTML_PALETTE_SIZE 12
const char *html_group_fill(int group);
const char *html_group_edge(int group);

/* A short name for a function's place in the tree ("root port",
 * "endpoint", "PCI" for conventional PCI): the same words in the picture
 * and the device table. */
const char *html_port_label(const struct host *h, size_t fn);

/* ACS where the kernel judges it: at ports (root, switch downstream,
 * bridges) and multifunction devices.  WHY gets one line for people (the
 * bits missing, the quirk that decides, ...). */
enum html_acs {
	HTML_ACS_NONE = 0,      /* not judged here: nothing to show */
	HTML_ACS_ON,
	HTML_ACS_OFF,
	HTML_ACS_UNKNOWN,       /* registers not read */
};
enum html_acs html_acs_state(const struct host *h, size_t fn, char *why,
			     size_t len);
const char *html_acs_label(enum html_acs a);  /* "ACS \u2713", ... */

/* A verdict, an assignability as a labelled badge; a group's colour
 * square (decorative: the number beside it names the group). */
void html_badge(xmlNodePtr parent, enum verdict v);
void html_assign_badge(xmlNodePtr parent, enum assignability a);
void html_swatch(xmlNodePtr parent, int group);
/* <thead> with one <th scope="col"> per name. */
void html_table_head(xmlNodePtr table, const char *const *cols, size_t n);
/* A cell of a "stack" table, which a narrow screen shows as one card per
 * row: LABEL (or NULL) names the column on the card. */
xmlNodePtr html_cell(xmlNodePtr tr, const char *label, const char *cls);
/* The dash of a cell with nothing to say; a card leaves it out. */
void html_cell_empty(xmlNodePtr td);

/* The sections, each appended to PARENT (the <main> element).  The device
 * table's class filter adds its CSS rules to HEAD. */
void html_topology(xmlNodePtr parent, const struct html_page *pg);
void html_devices(xmlNodePtr parent, xmlNodePtr head,
		  const struct html_page *pg);
void html_groups(xmlNodePtr parent, const struct html_page *pg);

#endif
