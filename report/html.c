/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTML report (--format html): one self-contained page a person can
 * open from a bug tracker or a mail.  Inline CSS only, a Content-Security-
 * Policy that lets it fetch nothing, no script: what needs interaction (the
 * explanations, the per-device set-up, the class filter) is <details> and
 * CSS.  Order: the verdict and the next three steps, the findings layer by
 * layer, the PCI tree as a picture (html_topology.c), the devices, the IOMMU
 * groups.  Deterministic (no timestamps), UTF-8.
 *
 * The page is a libxml2 HTML document: strings from the machine (device
 * names, log lines, firmware IDs) go in through html_text()/html_attr() as
 * text, and libxml2's serialiser escapes them.
 */
#include "html.h"

#include <libxml/HTMLtree.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/explain.h"
#include "../probe/probe.h"
#include "version.h"

static const char *status_words(enum host_status s)
{
	switch (s) {
	case STATUS_READY:
		return "Ready";
	case STATUS_WARNINGS:
		return "Ready with warnings";
	default:
		return "Not ready";
	}
}

static const char *layer_title(enum layer l)
{
	static const char *const titles[LAYER_COUNT] = {
		[LAYER_CPU] = "CPU", [LAYER_FIRMWARE] = "Firmware",
		[LAYER_KERNEL] = "Kernel", [LAYER_GROUPS] = "IOMMU groups",
		[LAYER_VFIO] = "VFIO", [LAYER_DEVICE] = "Devices",
	};
	return (unsigned)l < LAYER_COUNT ? titles[l] : "Other";
}

/* ---- what the page knows about each function ----------------------------- */

/* "vvvv:dddd" with four hex digits each: --device by IDs (else a BDF). */
static bool parse_vendor_device(const char *s, uint16_t *vendor,
				uint16_t *device)
{
	static const char hex[] = "0123456789abcdefABCDEF";

	if (strlen(s) != 9 || strspn(s, hex) != 4 || s[4] != ':' ||
	    strspn(s + 5, hex) != 4)
		return false;
	*vendor = (uint16_t)strtoul(s, NULL, 16);
	*device = (uint16_t)strtoul(s + 5, NULL, 16);
	return true;
}

/* The functions --device names, as checks/devices.c selects them. */
static void mark_focus(struct html_page *pg)
{
	const struct host *h = pg->h;

	for (const char *const *e = h->focus; e && *e; e++) {
		uint16_t vendor, device;
		int i;

		if (!parse_vendor_device(*e, &vendor, &device)) {
			i = pci_find(&h->pci, *e);
			if (i >= 0)
				pg->fn[i].focused = true;
			continue;
		}
		for (i = pci_find_id(&h->pci, vendor, device, 0); i >= 0;
		     i = pci_find_id(&h->pci, vendor, device, i + 1))
			pg->fn[i].focused = true;
	}
	for (size_t i = 0; i < h->pci.count; i++)
		pg->nfocused += pg->fn[i].focused;
}

/*
 * Which functions sit in a kernel group that the prediction forms
 * differently.  A kernel group K matches when all its functions carry one
 * predicted label P and P has as many functions as K (then they are the
 * same set).  Compared under the same conditions as groups.agreement in
 * the JSON report (facts_pci.c): both partitions known, not from a dump.
 */
#define UNSEEN (-2)        /* no function of the kernel group seen yet */

static int compare_groups(struct html_page *pg)
{
	const struct host *h = pg->h;
	size_t n = h->pci.count, nk = h->sys.ngroups;
	size_t np = h->predicted.ngroups;
	int *first = NULL;
	size_t *ksize = NULL, *psize = NULL;
	bool *mixed = NULL;

	if (!n || !nk || !np || h->pci.from_dump || h->assign.count != n ||
	    !h->predicted.group_of || h->predicted.nfunctions != n)
		return 0;
	first = malloc(nk * sizeof(*first));
	ksize = calloc(nk, sizeof(*ksize));
	psize = calloc(np, sizeof(*psize));
	mixed = calloc(nk, sizeof(*mixed));
	if (!first || !ksize || !psize || !mixed)
		goto out;
	for (size_t k = 0; k < nk; k++)
		first[k] = UNSEEN;
	for (size_t i = 0; i < n; i++) {
		int k = h->assign.v[i].kernel_index;
		int p = h->assign.v[i].predicted_group;

		if (p >= 0 && (size_t)p < np)
			psize[p]++;
		if (k < 0 || (size_t)k >= nk)
			continue;
		ksize[k]++;
		if (first[k] == UNSEEN)
			first[k] = p;
		else if (first[k] != p)
			mixed[k] = true;
	}
	for (size_t i = 0; i < n; i++) {
		int k = h->assign.v[i].kernel_index;
		int p = h->assign.v[i].predicted_group;
		bool kin = k >= 0 && (size_t)k < nk, pin = p >= 0 &&
			   (size_t)p < np;

		pg->fn[i].differs = kin != pin ||
			(kin && (p < 0 || mixed[k] || ksize[k] != psize[p]));
		pg->ndiffer += pg->fn[i].differs;
	}
	pg->compared = true;
out:
	free(first);
	free(ksize);
	free(psize);
	free(mixed);
	return pg->compared ? 0 : -1;
}

static int page_init(struct html_page *pg, const struct host *h)
{
	size_t n = h->pci.count;

	*pg = (struct html_page){ .h = h };
	pg->fn = calloc(n ? n : 1, sizeof(*pg->fn));
	if (!pg->fn)
		return -1;
	for (size_t i = 0; i < n && i < h->assign.count; i++)
		if (h->assign.v[i].kernel_group >= 0)
			pg->by_kernel = true;
	for (size_t i = 0; i < n; i++) {
		const struct device_assign *d = i < h->assign.count ?
			&h->assign.v[i] : NULL;

		pg->fn[i].group = !d ? -1 : pg->by_kernel ? d->kernel_group :
				  d->predicted_group;
		pg->fn[i].other_group = d && pg->by_kernel ?
					d->predicted_group : -1;
	}
	mark_focus(pg);
	return compare_groups(pg);
}

/* ---- head ---------------------------------------------------------------- */

static const char page_css[] =
":root{color-scheme:light;--fg:#1f2937;--muted:#5b6472;--line:#e2e8f0;"
"--soft:#f8fafc;--pass:#15803d;--info:#0369a1;--warn:#b45309;"
"--fail:#b91c1c;--unknown:#7e22ce;--skip:#64748b;--error:#9f1239}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;background:#fff;color:var(--fg);font:15px/1.5 system-ui,"
"-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}\n"
"main{max-width:1280px;margin:0 auto;padding:16px}\n"
"h1{font-size:2rem;line-height:1.2;margin:.1rem 0 .4rem}\n"
"h2{font-size:1.35rem;margin:2.2rem 0 .6rem;padding-bottom:.25rem;"
"border-bottom:2px solid var(--line)}\n"
"h3{font-size:1.1rem;margin:0;display:inline}\n"
"a{color:#1d4ed8}\n"
"code,pre{font:13px/1.45 ui-monospace,'DejaVu Sans Mono',Menlo,monospace}\n"
"code{overflow-wrap:anywhere}\n"
"pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);"
"border:1px solid var(--line);border-radius:6px;padding:8px 10px;"
"margin:.35rem 0}\n"
".muted{color:var(--muted)}\n"
".verdict{border-radius:14px;padding:18px 22px;color:#fff}\n"
".s-ready{background:#166534}.s-warnings{background:#92400e}"
".s-not_ready{background:#991b1b}\n"
".verdict p{margin:.2rem 0}\n"
".eyebrow{opacity:.85;font-size:.9rem}\n"
".scoreline{display:flex;align-items:center;gap:14px;flex-wrap:wrap;"
"margin:.3rem 0}\n"
".score{font-size:2.6rem;font-weight:700;line-height:1}\n"
".bar{flex:1 1 160px;max-width:420px;height:12px;border-radius:6px;"
"background:rgba(255,255,255,.3);overflow:hidden}\n"
".bar span{display:block;height:100%;background:#fff}\n"
".counts .badge{margin:2px 4px 2px 0}\n"
".verdict .badge{background:#fff}.verdict .b-pass{color:var(--pass)}"
".verdict .b-info{color:var(--info)}.verdict .b-warn{color:var(--warn)}"
".verdict .b-fail{color:var(--fail)}.verdict .b-unknown{color:var(--unknown)}"
".verdict .b-skip{color:var(--skip)}.verdict .b-error{color:var(--error)}\n"
"dl.host{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;"
"margin:12px 0 0}\n"
"dl.host dt{color:var(--muted)}dl.host dd{margin:0;overflow-wrap:anywhere}\n"
"nav.toc{display:flex;flex-wrap:wrap;gap:6px 16px;margin:14px 0 0}\n"
".badge{display:inline-block;min-width:4.4em;text-align:center;"
"padding:1px 9px;border-radius:999px;font-size:12px;font-weight:700;"
"color:#fff;text-transform:uppercase;letter-spacing:.03em;"
"white-space:nowrap;vertical-align:1px}\n"
".b-pass,.a-alone{background:var(--pass)}.b-info{background:var(--info)}"
".b-warn,.a-with_group{background:var(--warn)}"
".b-fail,.a-blocked{background:var(--fail)}"
".b-unknown,.a-unknown{background:var(--unknown)}"
".b-skip{background:var(--skip)}.b-error{background:var(--error)}\n"
".badge.sel{background:#1d4ed8}\n"
"ol.steps{padding-left:1.4rem}ol.steps li{margin:0 0 1rem}\n"
"ol.steps .layer{color:var(--muted);font-size:.9rem;margin-left:.4rem}\n"
".scroll{overflow-x:auto;border:1px solid var(--line);border-radius:8px;"
"margin:.4rem 0 1rem}\n"
"table{border-collapse:collapse;width:100%}\n"
"th,td{padding:8px 10px;border-bottom:1px solid var(--line);"
"text-align:left;vertical-align:top}\n"
"tbody tr:last-child td{border-bottom:0}\n"
"th{background:var(--soft);font-size:13px;color:var(--muted);"
"white-space:nowrap}\n"
"td.v{width:6.5em}\n"
"td .code{display:block;color:var(--muted);font-size:12px}\n"
"td p{margin:.3rem 0}\n"
".detail{white-space:pre-line}\n"
"ul.ev,ul.plain{list-style:none;margin:0;padding:0}\n"
"ul.ev li{margin:0 0 .35rem}\n"
".src{display:block;color:var(--muted);font-size:12px}\n"
"tr.v-fail td.v,tr.v-error td.v{box-shadow:inset 4px 0 var(--fail)}\n"
"tr.v-warn td.v{box-shadow:inset 4px 0 var(--warn)}\n"
"tr.v-unknown td.v{box-shadow:inset 4px 0 var(--unknown)}\n"
"table.findings td:nth-child(2){min-width:18em}\n"
"table.findings td:nth-child(3){min-width:14em}\n"
"details.layer{margin:.5rem 0}\n"
"details.layer>summary{cursor:pointer;padding:6px 2px}\n"
"details.layer>summary .badge{margin-left:6px}\n"
"details.explain,details.setup{margin:.35rem 0}\n"
"details.explain>summary,details.setup>summary{cursor:pointer;"
"color:#1d4ed8;font-size:.92rem}\n"
"details.explain p{margin:.3rem 0 .3rem .8rem}\n"
".swatch{display:inline-block;width:.9em;height:.9em;border:1px solid;"
"border-radius:3px;vertical-align:-1px;margin-right:5px}\n"
"table.devices td{white-space:nowrap}\n"
"table.devices td.wrap{white-space:normal;min-width:16em}\n"
"td .why{color:var(--muted);font-size:12px;white-space:normal;"
"max-width:14em}\n"
"tr.focus{background:#eff6ff}\n"
"tr.dev td:first-child code{font-weight:700}\n"
"tr.focus td:first-child{box-shadow:inset 4px 0 #1d4ed8}\n"
".differs{color:#b91c1c;font-weight:600}\n"
"ul.reasons{margin:.3rem 0 0;padding-left:1.1rem;font-size:.92rem}\n"
"input.cf{position:absolute;opacity:0;width:1px;height:1px}\n"
"input.cf+label{display:inline-block;margin:0 6px 6px 0;padding:2px 10px;"
"border:1px solid #94a3b8;border-radius:999px;cursor:pointer;"
"font-size:.9rem}\n"
"input.cf:checked+label{background:#1e293b;border-color:#1e293b;"
"color:#fff}\n"
"input.cf:focus-visible+label{outline:2px solid #1d4ed8;"
"outline-offset:2px}\n"
".legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9rem;"
"margin:.4rem 0}\n"
".legend.chips>span{white-space:nowrap}\n"
"svg.tree{display:block;max-width:none;font-family:system-ui,"
"'DejaVu Sans',sans-serif}\n"
"svg.tree .edge{fill:none;stroke:#94a3b8;stroke-width:1.5}\n"
"svg.tree .edge.guessed{stroke-dasharray:5 4}\n"
"svg.tree text{font-size:11px;fill:#111827}\n"
"svg.tree .l1{font-size:12px}svg.tree .b{font-weight:700}\n"
"svg.tree .l3{fill:#374151}\n"
"svg.tree .ne{fill:#b91c1c;font-weight:700}\n"
"svg.tree .rc rect{fill:#1e293b}svg.tree .rc text{fill:#fff}\n"
"svg.tree .rc .l1{font-weight:700}\n"
"svg.tree .box{stroke-width:1.5}\n"
"svg.tree .box.differs{stroke:#b91c1c!important;stroke-width:2.5;"
"stroke-dasharray:6 3}\n"
"svg.tree .halo{fill:none;stroke:#1d4ed8;stroke-width:3}\n"
"svg.tree .fn:hover .box{stroke-width:3}\n"
"svg.tree .acs text{font-size:11px;font-weight:700;text-anchor:middle}\n"
".acs.on rect{fill:#dcfce7;stroke:#15803d}.acs.on text{fill:#14532d}\n"
".acs.off rect{fill:#fee2e2;stroke:#b91c1c}.acs.off text{fill:#7f1d1d}\n"
".acs.unknown rect{fill:#f3e8ff;stroke:#7e22ce}"
".acs.unknown text{fill:#581c87}\n"
".pill{display:inline-block;padding:0 7px;border:1px solid;"
"border-radius:8px;font-size:12px;font-weight:700}\n"
".pill.on{background:#dcfce7;border-color:#15803d;color:#14532d}\n"
".pill.off{background:#fee2e2;border-color:#b91c1c;color:#7f1d1d}\n"
".pill.unknown{background:#f3e8ff;border-color:#7e22ce;color:#581c87}\n"
"details.legend-groups>summary{cursor:pointer;font-size:.92rem}\n"
"footer{margin:2.5rem 0 1rem;color:var(--muted);font-size:.88rem}\n"
/* a narrow screen shows each row of a table as a card */
"@media (max-width:700px){main{padding:10px}h1{font-size:1.6rem}"
".score{font-size:2.1rem}"
"table.stack thead{display:none}"
"table.stack tr{display:block;border-bottom:1px solid var(--line);"
"padding:6px 0}"
"table.stack td{display:block;border:0;padding:3px 10px;"
"min-width:0!important;width:auto;white-space:normal}"
"table.stack td.none{display:none}"
"table.stack td.short{display:inline-block;vertical-align:top;"
"padding-right:14px}"
"table.stack td[data-label]::before{content:attr(data-label);"
"display:block;font-size:12px;font-weight:700;color:var(--muted)}"
"tr.v-fail td.v,tr.v-error td.v,tr.v-warn td.v,tr.v-unknown td.v"
"{box-shadow:none}"
"tr.v-fail,tr.v-error{box-shadow:inset 4px 0 var(--fail)}"
"tr.v-warn{box-shadow:inset 4px 0 var(--warn)}"
"tr.v-unknown{box-shadow:inset 4px 0 var(--unknown)}}\n";

static xmlNodePtr build_head(xmlNodePtr html, const struct host *h,
			     const struct score *sc)
{
	xmlNodePtr head = html_el(html, "head", NULL), m;

	/* the http-equiv form is the one libxml2's serialiser reads to write
	 * UTF-8 rather than character references */
	m = html_el(head, "meta", NULL);
	html_attr(m, "http-equiv", "Content-Type");
	html_attr(m, "content", "text/html; charset=utf-8");
	/* nothing to fetch, nothing to run: styles are inline */
	m = html_el(head, "meta", NULL);
	html_attr(m, "http-equiv", "Content-Security-Policy");
	html_attr(m, "content", "default-src 'none'; "
				"style-src 'unsafe-inline'; img-src data:; "
				"base-uri 'none'; form-action 'none'");
	m = html_el(head, "meta", NULL);
	html_attr(m, "name", "viewport");
	html_attr(m, "content", "width=device-width, initial-scale=1");
	m = html_el(head, "meta", NULL);
	html_attr(m, "name", "generator");
	html_attrf(m, "content", "vfio-ready %s", VFIO_READY_VERSION);
	html_textf_el(head, "title", NULL, "vfio-ready: %s \xe2\x80\x94 %s",
		      status_words(sc->status),
		      h->live ? "this machine" : h->source);
	html_text_el(head, "style", NULL, page_css);
	return head;
}

/* ---- verdict, host ------------------------------------------------------- */

static void host_fact(xmlNodePtr dl, const char *term, const char *value)
{
	if (!value || !*value)
		return;
	html_text_el(dl, "dt", NULL, term);
	html_text_el(dl, "dd", NULL, value);
}

/* The verdict banner, the host it is about and the sections' links. */
static void build_verdict(xmlNodePtr content, const struct host *h,
			  const struct score *sc)
{
	xmlNodePtr hd = html_el(content, "header", NULL), line, bar, p, dl;
	xmlNodePtr nav;

	html_attr(hd, "id", "verdict");
	html_attrf(hd, "class", "verdict s-%s", status_name(sc->status));
	html_textf_el(hd, "p", "eyebrow", "vfio-ready %s \xc2\xb7 PCI "
		      "passthrough readiness", VFIO_READY_VERSION);
	html_text_el(hd, "h1", NULL, status_words(sc->status));
	line = html_el(hd, "div", "scoreline");
	html_textf_el(line, "span", "score", "%d", sc->score);
	html_text_el(line, "span", NULL, "/ 100");
	bar = html_el(line, "div", "bar");
	html_attr(bar, "role", "img");
	html_attrf(bar, "aria-label", "score %d of 100", sc->score);
	html_attrf(html_el(bar, "span", NULL), "style", "width:%d%%",
		   sc->score < 0 ? 0 : sc->score > 100 ? 100 : sc->score);
	p = html_el(hd, "p", NULL);
	if (sc->first_failing_layer >= 0) {
		html_text(p, "First failing layer: ");
		html_text_el(p, "strong", NULL,
			     layer_title(sc->first_failing_layer));
	} else {
		html_text(p, "No layer fails.");
	}
	p = html_el(hd, "p", "counts");
	for (int v = 0; v < VERDICT_COUNT; v++) {
		xmlNodePtr b;

		if (!sc->counts[v])
			continue;
		b = html_textf_el(p, "span", NULL, "%u %s", sc->counts[v],
				  verdict_name(v));
		html_attrf(b, "class", "badge b-%s", verdict_name(v));
	}

	dl = html_el(content, "dl", "host");
	host_fact(dl, "Source", h->live ? "this machine (live)" : h->source);
	host_fact(dl, "System", h->boot.os_pretty);
	host_fact(dl, "Kernel", fact_known(&h->kernel_release_src) ?
		  h->kernel_release : NULL);
	host_fact(dl, "CPU", h->cpu.brand);
	if (h->as_root_known)
		host_fact(dl, "Read as root", h->as_root ? "yes" :
			  "no: facts that need root are unknown; run it "
			  "again with sudo for the whole picture");

	nav = html_el(content, "nav", "toc");
	html_attr(nav, "aria-label", "Sections");
	html_attr(html_text_el(nav, "a", NULL, "What to do next"), "href",
		  "#next");
	html_attr(html_text_el(nav, "a", NULL, "Findings"), "href",
		  "#findings");
	html_attr(html_text_el(nav, "a", NULL, "PCI topology"), "href",
		  "#topology");
	html_attr(html_text_el(nav, "a", NULL, "Devices"), "href", "#devices");
	html_attr(html_text_el(nav, "a", NULL, "IOMMU groups"), "href",
		  "#groups");
}

/* ---- findings and what to do next ---------------------------------------- */

static void explanation(xmlNodePtr parent, const char *code)
{
	const struct explanation *e = explain_find(code);
	xmlNodePtr d, p;

	if (!e)
		return;
	d = html_el(parent, "details", "explain");
	html_text_el(d, "summary", NULL, "What this means");
	if (e->meaning)
		html_text_el(d, "p", NULL, e->meaning);
	if (e->why) {
		p = html_el(d, "p", NULL);
		html_text_el(p, "strong", NULL, "Why it matters: ");
		html_text(p, e->why);
	}
	if (e->fix) {
		p = html_el(d, "p", NULL);
		html_text_el(p, "strong", NULL, "How to fix it: ");
		html_text(p, e->fix);
	}
}

static void finding_row(xmlNodePtr tbody, const struct finding *f,
			size_t index)
{
	xmlNodePtr tr = html_el(tbody, "tr", NULL), td, ul;

	html_attrf(tr, "id", "f-%zu", index);
	html_attrf(tr, "class", "v-%s", verdict_name(f->verdict));
	html_badge(html_cell(tr, NULL, "v"), f->verdict);

	td = html_cell(tr, "Finding", NULL);
	html_text_el(td, "strong", NULL, f->title);
	html_text_el(td, "code", "code", f->code);
	if (f->detail)
		html_text_el(td, "p", "detail", f->detail);
	explanation(td, f->code);

	td = html_cell(tr, "Evidence", NULL);
	if (!f->nevidence)
		html_cell_empty(td);
	ul = f->nevidence ? html_el(td, "ul", "ev") : NULL;
	for (size_t e = 0; e < f->nevidence; e++) {
		xmlNodePtr li = html_el(ul, "li", NULL);

		html_text_el(li, "span", "src", f->evidence[e].source);
		html_text_el(li, "code", NULL, f->evidence[e].text);
	}

	td = html_cell(tr, "Fix", NULL);
	if (f->remedy)
		html_text_el(td, "pre", NULL, f->remedy);
	else
		html_cell_empty(td);
}

static bool is_problem(enum verdict v)
{
	return v == VERDICT_FAIL || v == VERDICT_WARN || v == VERDICT_ERROR ||
	       v == VERDICT_UNKNOWN;
}

static void build_findings(xmlNodePtr content, const struct findings *fs)
{
	static const char *const cols[] = { "Verdict", "Finding", "Evidence",
					    "Fix" };
	xmlNodePtr sec = html_el(content, "section", NULL);

	html_attr(sec, "id", "findings");
	html_text_el(sec, "h2", NULL, "Findings by layer");
	html_text_el(sec, "p", "muted", "Layers in the order a failure blocks "
		     "passthrough. Layers with something to act on are open.");
	if (!fs->count)
		html_text_el(sec, "p", NULL, "No findings.");
	for (int l = 0; l < LAYER_COUNT; l++) {
		unsigned counts[VERDICT_COUNT] = { 0 };
		xmlNodePtr det, sum, tbody, table;
		bool any = false, open = false;

		for (size_t i = 0; i < fs->count; i++) {
			if ((int)fs->v[i].layer != l ||
			    (unsigned)fs->v[i].verdict >= VERDICT_COUNT)
				continue;
			counts[fs->v[i].verdict]++;
			any = true;
			open |= is_problem(fs->v[i].verdict);
		}
		if (!any)
			continue;
		det = html_el(sec, "details", "layer");
		html_attrf(det, "id", "layer-%s", layer_name(l));
		if (open)
			html_attr(det, "open", NULL);
		sum = html_el(det, "summary", NULL);
		html_text_el(sum, "h3", NULL, layer_title(l));
		for (int v = 0; v < VERDICT_COUNT; v++) {
			xmlNodePtr b;

			if (!counts[v])
				continue;
			b = html_textf_el(sum, "span", NULL, "%u %s", counts[v],
					  verdict_name(v));
			html_attrf(b, "class", "badge b-%s", verdict_name(v));
		}
		table = html_el(html_el(det, "div", "scroll"), "table",
				"findings stack");
		html_table_head(table, cols, sizeof(cols) / sizeof(*cols));
		tbody = html_el(table, "tbody", NULL);
		for (size_t i = 0; i < fs->count; i++)
			if ((int)fs->v[i].layer == l)
				finding_row(tbody, &fs->v[i], i);
	}
}

#define NEXT_STEPS 3

static void build_next(xmlNodePtr content, const struct findings *fs,
		       const struct score *sc)
{
	const struct finding *steps[NEXT_STEPS];
	size_t n = report_next_steps(fs, steps, NEXT_STEPS);
	xmlNodePtr sec = html_el(content, "section", NULL), ol;

	html_attr(sec, "id", "next");
	html_text_el(sec, "h2", NULL, "What to do next");
	if (!n) {
		html_text_el(sec, "p", NULL, sc->status == STATUS_READY ?
			     "Nothing: every layer passed." :
			     "No finding comes with a fix to apply; the "
			     "findings below say what could not be decided.");
		return;
	}
	ol = html_el(sec, "ol", "steps");
	for (size_t k = 0; k < n; k++) {
		const struct finding *f = steps[k];
		xmlNodePtr li = html_el(ol, "li", NULL), head, a;

		head = html_el(li, "div", NULL);
		html_badge(head, f->verdict);
		html_text(head, " ");
		html_text_el(head, "strong", NULL, f->title);
		html_textf_el(head, "span", "layer", "%s \xc2\xb7 ",
			      layer_title(f->layer));
		a = html_text_el(head, "a", NULL, "details");
		html_attrf(a, "href", "#f-%zu", (size_t)(f - fs->v));
		html_text_el(li, "pre", NULL, f->remedy);
	}
}

/* ---- the page ------------------------------------------------------------ */

static void build_footer(xmlNodePtr content, const struct host *h)
{
	xmlNodePtr ft = html_el(content, "footer", NULL), p;

	p = html_textf_el(ft, "p", NULL, "vfio-ready %s, from %s. The same "
			  "report for programs: ", VFIO_READY_VERSION,
			  h->live ? "this machine" : h->source);
	html_text_el(p, "code", NULL, "--format json");
	html_text(p, ". This page loads nothing and runs no script.");
}

static int write_html(FILE *out, const struct host *h,
		      const struct findings *fs, const struct score *sc,
		      const struct report_opts *o)
{
	struct html_page pg;
	htmlDocPtr doc = NULL;
	xmlNodePtr html, head, content, sec;
	xmlChar *mem = NULL;
	int len = 0, e = -1;

	(void)o;
	if (page_init(&pg, h))
		goto out;
	doc = htmlNewDocNoDtD(NULL, NULL);
	/* <!DOCTYPE html> */
	if (!doc || !xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL))
		goto out;
	doc->_private = &pg;
	html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
	if (!html)
		goto out;
	xmlDocSetRootElement(doc, html);
	html_attr(html, "lang", "en");
	head = build_head(html, h, sc);
	content = html_el(html_el(html, "body", NULL), "main", NULL);
	build_verdict(content, h, sc);
	build_next(content, fs, sc);
	build_findings(content, fs);
	sec = html_el(content, "section", NULL);
	html_attr(sec, "id", "topology");
	html_text_el(sec, "h2", NULL, "PCI topology");
	html_topology(sec, &pg);
	html_devices(content, head, &pg);
	html_groups(content, &pg);
	build_footer(content, h);
	if (pg.oom)
		goto out;
	htmlDocDumpMemoryFormat(doc, &mem, &len, 1);
	if (mem && len > 0 && fwrite(mem, 1, (size_t)len, out) == (size_t)len)
		e = 0;
out:
	xmlFree(mem);
	xmlFreeDoc(doc);
	free(pg.fn);
	return e;
}

const struct report_writer report_html = {
	.name = "html",
	.write = write_html,
};
