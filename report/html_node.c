/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Building blocks of the HTML report: adding elements, text and attributes
 * to the libxml2 tree (machine strings made valid UTF-8 on the way in),
 * and the words, badges and colours every section of the page shares.
 */
#include "html.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"

void html_oom(xmlNodePtr near)
{
	if (near && near->doc && near->doc->_private)
		((struct html_page *)near->doc->_private)->oom = true;
}

/*
 * TEXT as valid UTF-8 without control characters.  libxml2 copies the
 * bytes of an HTML document's text as they are, so a malformed sequence in
 * a snapshot would reach the page malformed; each byte that does not start
 * a valid character, and each C0/C1 control but tab and newline, becomes
 * U+FFFD.  Returns a new string, or NULL when memory ran out.
 */
static xmlChar *clean_text(const char *text)
{
	static const char replacement[] = "\xef\xbf\xbd";
	size_t len = strlen(text), left = len;
	const unsigned char *p = (const unsigned char *)text;
	xmlChar *out, *o;

	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	o = out;
	while (left) {
		int n = left < 4 ? (int)left : 4;
		int c = xmlGetUTF8Char(p, &n);

		if (c < 0 || (c < 0x20 && c != '\t' && c != '\n') ||
		    (c >= 0x7f && c < 0xa0)) {
			memcpy(o, replacement, 3);
			o += 3;
			n = c < 0 || n < 1 ? 1 : n;
		} else {
			memcpy(o, p, (size_t)n);
			o += n;
		}
		p += n;
		left -= (size_t)n;
	}
	*o = 0;
	return out;
}

xmlNodePtr html_el(xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr n;

	if (!parent)
		return NULL;
	n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
	if (!n) {
		html_oom(parent);
		return NULL;
	}
	if (cls)
		html_attr(n, "class", cls);
	return n;
}

void html_text(xmlNodePtr parent, const char *text)
{
	xmlChar *clean;
	xmlNodePtr t;

	if (!parent || !text || !*text)
		return;
	clean = clean_text(text);
	t = clean ? xmlNewDocText(parent->doc, clean) : NULL;
	free(clean);
	if (!t || !xmlAddChild(parent, t)) {
		xmlFreeNode(t);
		html_oom(parent);
	}
}

xmlNodePtr html_text_el(xmlNodePtr parent, const char *name, const char *cls,
			const char *text)
{
	xmlNodePtr n = html_el(parent, name, cls);

	html_text(n, text);
	return n;
}

xmlNodePtr html_textf_el(xmlNodePtr parent, const char *name,
			 const char *cls, const char *fmt, ...)
{
	xmlNodePtr n = html_el(parent, name, cls);
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (n && vasprintf(&s, fmt, ap) < 0) {
		s = NULL;
		html_oom(n);
	}
	va_end(ap);
	html_text(n, s);
	free(s);
	return n;
}

void html_attr(xmlNodePtr node, const char *name, const char *value)
{
	xmlChar *clean = NULL;

	if (!node)
		return;
	if (value) {
		clean = clean_text(value);
		if (!clean) {
			html_oom(node);
			return;
		}
	}
	if (!xmlSetProp(node, BAD_CAST name, clean))
		html_oom(node);
	free(clean);
}

void html_attrf(xmlNodePtr node, const char *name, const char *fmt, ...)
{
	char *s;
	va_list ap;
	int r;

	if (!node)
		return;
	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0) {
		html_oom(node);
		return;
	}
	html_attr(node, name, s);
	free(s);
}

/* Twelve hues far enough apart to tell neighbours apart; the text on them
 * is dark, so the fills stay light.  No red: red marks a group that
 * differs from the prediction. */
static const char *const palette_fill[HTML_PALETTE_SIZE] = {
	"#bfdbfe", "#fde68a", "#bbf7d0", "#ddd6fe", "#a5f3fc", "#fed7aa",
	"#f5d0fe", "#d9f99d", "#fbcfe8", "#c7d2fe", "#99f6e4", "#fef08a",
};

static const char *const palette_edge[HTML_PALETTE_SIZE] = {
	"#1d4ed8", "#b45309", "#15803d", "#6d28d9", "#0e7490", "#c2410c",
	"#a21caf", "#4d7c0f", "#be185d", "#4338ca", "#0f766e", "#854d0e",
};

const char *html_group_fill(int group)
{
	return group < 0 ? "#e5e7eb" : palette_fill[group % HTML_PALETTE_SIZE];
}

const char *html_group_edge(int group)
{
	return group < 0 ? "#6b7280" : palette_edge[group % HTML_PALETTE_SIZE];
}

const char *html_port_label(const struct host *h, size_t fn)
{
	const struct pci_function *f = &h->pci.v[fn];

	switch (f->pcie_type) {
	case PCIE_TYPE_ROOT_PORT:
		return "root port";
	case PCIE_TYPE_UPSTREAM:
		return "switch upstream";
	case PCIE_TYPE_DOWNSTREAM:
		return "switch downstream";
	case PCIE_TYPE_PCI_BRIDGE:
		return "PCIe-to-PCI bridge";
	case PCIE_TYPE_PCIE_BRIDGE:
		return "PCI-to-PCIe bridge";
	case PCIE_TYPE_ENDPOINT:
		return "endpoint";
	case PCIE_TYPE_LEG_END:
		return "legacy endpoint";
	case PCIE_TYPE_RC_END:
		return "integrated endpoint";
	case PCIE_TYPE_RC_EC:
		return "event collector";
	case PCIE_TYPE_NONE:
		return f->is_bridge ? "PCI bridge" : "PCI";
	case PCIE_TYPE_UNKNOWN:
		return f->is_bridge ? "bridge" : "type unknown";
	default:
		return f->is_bridge ? "bridge" : "function";
	}
}

enum html_acs html_acs_state(const struct host *h, size_t fn, char *why,
			     size_t len)
{
	const struct pci_function *f = &h->pci.v[fn];
	struct acs_verdict v;
	const char *quirk;
	char bits[64];
	int n;

	groups_acs_verdict(&h->pci, (int)fn, &h->predict_opts, &v);
	if ((!f->is_bridge && !f->multifunction) ||
	    v.basis == ACS_BASIS_SINGLE_FN)
		return HTML_ACS_NONE;
	quirk = v.quirk ? v.quirk : "?";
	groups_acs_bits_text(v.missing, bits, sizeof(bits));
	switch (v.basis) {
	case ACS_BASIS_QUIRK:
		n = v.enabled == TRI_YES ?
			snprintf(why, len, "ACS taken as enabled by the kernel "
				 "quirk %s", quirk) :
		    v.enabled == TRI_NO ?
			snprintf(why, len, "ACS lacks %s (kernel quirk %s)",
				 bits, quirk) :
			snprintf(why, len, "the kernel quirk %s reads ACS "
				 "registers that were not read", quirk);
		break;
	case ACS_BASIS_OVERRIDE:
		n = snprintf(why, len, "ACS assumed by pcie_acs_override=: the "
			     "groups below are not real isolation");
		break;
	case ACS_BASIS_NOT_PCIE:
		n = snprintf(why, len, "conventional PCI: no ACS, never "
			     "isolated from its neighbours");
		break;
	case ACS_BASIS_BRIDGE_TYPE:
		n = snprintf(why, len, "a bridge to conventional PCI: what is "
			     "below it shares one group");
		break;
	case ACS_BASIS_NO_CAP:
		n = snprintf(why, len, "no ACS capability");
		break;
	default:
		n = v.enabled == TRI_YES ?
			snprintf(why, len, "ACS enabled (SV RR CR UF)") :
		    v.enabled == TRI_NO ?
			snprintf(why, len, "ACS lacks %s", bits) :
			snprintf(why, len, "ACS registers not read (config "
				 "space past 256 bytes needs root)");
		break;
	}
	if (v.note && n >= 0 && (size_t)n < len)
		snprintf(why + n, len - (size_t)n, "; %s", v.note);
	return v.enabled == TRI_YES ? HTML_ACS_ON : v.enabled == TRI_NO ?
	       HTML_ACS_OFF : HTML_ACS_UNKNOWN;
}

const char *html_acs_label(enum html_acs a)
{
	switch (a) {
	case HTML_ACS_ON:
		return "ACS \xe2\x9c\x93";
	case HTML_ACS_OFF:
		return "ACS \xe2\x9c\x97";
	case HTML_ACS_UNKNOWN:
		return "ACS ?";
	default:
		return "";
	}
}

void html_badge(xmlNodePtr parent, enum verdict v)
{
	xmlNodePtr b = html_text_el(parent, "span", NULL, verdict_name(v));

	html_attrf(b, "class", "badge b-%s", verdict_name(v));
}

void html_assign_badge(xmlNodePtr parent, enum assignability a)
{
	static const char *const words[] = {
		[ASSIGN_UNKNOWN] = "unknown", [ASSIGN_ALONE] = "alone",
		[ASSIGN_WITH_GROUP] = "with its group",
		[ASSIGN_BLOCKED] = "blocked",
	};
	xmlNodePtr b = html_text_el(parent, "span", NULL,
				    (unsigned)a < 4 ? words[a] : "unknown");

	html_attrf(b, "class", "badge a-%s", assignability_name(a));
}

/* A group's colour square (decorative: the number beside it says it). */
void html_swatch(xmlNodePtr parent, int group)
{
	xmlNodePtr s = html_el(parent, "span", "swatch");

	html_attrf(s, "style", "background:%s;border-color:%s",
		   html_group_fill(group), html_group_edge(group));
	html_attr(s, "aria-hidden", "true");
}

xmlNodePtr html_cell(xmlNodePtr tr, const char *label, const char *cls)
{
	xmlNodePtr td = html_el(tr, "td", cls);

	if (label)
		html_attr(td, "data-label", label);
	return td;
}

void html_cell_empty(xmlNodePtr td)
{
	html_attr(td, "class", "none");
	html_text(td, "\xe2\x80\x94");
}

void html_table_head(xmlNodePtr table, const char *const *cols, size_t n)
{
	xmlNodePtr tr = html_el(html_el(table, "thead", NULL), "tr", NULL);

	for (size_t i = 0; i < n; i++)
		html_attr(html_text_el(tr, "th", NULL, cols[i]), "scope",
			  "col");
}
