/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTML report on synthetic hosts: strings from the machine are escaped
 * (and made valid UTF-8), the page has its parts, the topology picture has
 * one box per function without overlaps, --device is highlighted, groups
 * that differ from the prediction are flagged, and the output parses
 * cleanly with libxml2's HTML parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../checks/check.h"
#include "../../checks/explain.h"
#include "../../probe/probe.h"
#include "../../report/report.h"

#define MAXFN 2100

/* ---- building hosts ---- */

struct test_host {
	struct host h;
	struct findings fs;
	int members[MAXFN];
};

static struct test_host *host_new(void)
{
	struct test_host *t = calloc(1, sizeof(*t));
	struct host *h = &t->h;

	assert_non_null(t);
	h->pci.v = calloc(MAXFN, sizeof(*h->pci.v));
	h->assign.v = calloc(MAXFN, sizeof(*h->assign.v));
	h->sys.groups = calloc(MAXFN, sizeof(*h->sys.groups));
	assert_non_null(h->pci.v);
	assert_non_null(h->assign.v);
	assert_non_null(h->sys.groups);
	fact_src_set(&h->pci.src, "sys/bus/pci", 0);
	snprintf(h->source, sizeof(h->source), "fixtures/test");
	findings_init(&t->fs);
	return t;
}

static void host_free(struct test_host *t)
{
	for (size_t g = 0; g < t->h.sys.ngroups; g++)
		free(t->h.sys.groups[g].devices);
	free(t->h.sys.groups);
	free(t->h.pci.v);
	free(t->h.assign.v);
	free(t->h.predicted.group_of);
	free(t->h.predicted.reasons);
	findings_release(&t->fs);
	free(t);
}

/* Append a function (in bus order) of PCIe TYPE under PARENT (-1: a root
 * bus); bridges get the bus range [SEC, SUB]. */
static int fn_add(struct test_host *t, const char *bdf, uint32_t cls,
		  enum pcie_type type, int parent, uint8_t sec, uint8_t sub)
{
	struct host *h = &t->h;
	int i = (int)h->pci.count++;
	struct pci_function *f = &h->pci.v[i];
	unsigned d, b, s, fn;

	assert_true(i < MAXFN);
	assert_int_equal(sscanf(bdf, "%x:%x:%x.%x", &d, &b, &s, &fn), 4);
	snprintf(f->bdf, sizeof(f->bdf), "%s", bdf);
	f->domain = d;
	f->bus = (uint8_t)b;
	f->dev = (uint8_t)s;
	f->func = (uint8_t)fn;
	f->vendor_id = 0x8086;
	f->device_id = (uint16_t)(0x1000 + i);
	f->class_code = cls;
	snprintf(f->vendor_name, sizeof(f->vendor_name), "Vendor");
	snprintf(f->device_name, sizeof(f->device_name), "Device %d", i);
	snprintf(f->class_name, sizeof(f->class_name), "Class");
	f->is_bridge = (cls >> 8) == 0x0604;
	f->header_type = f->is_bridge ? 1 : 0;
	f->secondary_bus = sec;
	f->subordinate_bus = sub;
	f->pcie_type = type;
	f->parent = parent;
	f->on_root_bus = parent < 0;
	f->config_full = true;
	f->config_size = 4096;
	f->acs.present = TRI_NO;
	f->sysfs = true;
	f->iommu_group = -1;
	f->physfn = -1;
	/* alone in its group unless set_groups() says otherwise */
	h->assign.count = h->pci.count;
	h->assign.v[i] = (struct device_assign){
		.verdict = ASSIGN_BLOCKED, .kernel_group = -1,
		.predicted_group = -1, .kernel_index = -1,
	};
	t->members[i] = i;
	return i;
}

/*
 * Kernel groups KERNEL[i] (ids, -1 none) and predicted groups PRED[i]
 * (0..n-1, -1 none) for every function; NULL leaves that side empty.
 */
static void set_groups(struct test_host *t, const int *kernel,
		       const int *pred)
{
	struct host *h = &t->h;
	size_t n = h->pci.count;
	int maxp = -1;

	if (pred) {
		h->predicted.group_of = calloc(n, sizeof(int));
		assert_non_null(h->predicted.group_of);
		for (size_t i = 0; i < n; i++) {
			h->predicted.group_of[i] = pred[i];
			h->assign.v[i].predicted_group = pred[i];
			if (pred[i] > maxp)
				maxp = pred[i];
		}
		h->predicted.nfunctions = n;
		h->predicted.ngroups = (size_t)(maxp + 1);
	}
	for (size_t i = 0; kernel && i < n; i++) {
		struct iommu_group_info *g = NULL;
		size_t k;

		if (kernel[i] < 0)
			continue;
		for (k = 0; k < h->sys.ngroups; k++)
			if (h->sys.groups[k].id == (unsigned long)kernel[i])
				g = &h->sys.groups[k];
		if (!g) {
			g = &h->sys.groups[h->sys.ngroups++];
			g->id = (unsigned long)kernel[i];
			snprintf(g->type, sizeof(g->type), "DMA");
			g->devices = calloc(MAXFN, sizeof(char *));
			assert_non_null(g->devices);
		}
		g->devices[g->ndevices++] = h->pci.v[i].bdf;
		h->assign.v[i].kernel_group = kernel[i];
		h->assign.v[i].kernel_index = (int)(g - h->sys.groups);
	}
	if (kernel)
		fact_src_set(&h->sys.groups_src, "sys/kernel/iommu_groups", 0);
}

/* A small tree: a root port with a switch below it (two downstream ports,
 * a two-function GPU and an NVMe), a NIC on the root bus. */
static struct test_host *small_host(void)
{
	struct test_host *t = host_new();
	int rp, usp, dsp1, dsp2;

	fn_add(t, "0000:00:00.0", 0x060000, PCIE_TYPE_NONE, -1, 0, 0);
	rp = fn_add(t, "0000:00:01.0", 0x060400, PCIE_TYPE_ROOT_PORT, -1, 1,
		    4);
	fn_add(t, "0000:00:19.0", 0x020000, PCIE_TYPE_RC_END, -1, 0, 0);
	usp = fn_add(t, "0000:01:00.0", 0x060400, PCIE_TYPE_UPSTREAM, rp, 2,
		     4);
	dsp1 = fn_add(t, "0000:02:00.0", 0x060400, PCIE_TYPE_DOWNSTREAM, usp,
		      3, 3);
	dsp2 = fn_add(t, "0000:02:01.0", 0x060400, PCIE_TYPE_DOWNSTREAM, usp,
		      4, 4);
	fn_add(t, "0000:03:00.0", 0x030000, PCIE_TYPE_ENDPOINT, dsp1, 0, 0);
	fn_add(t, "0000:03:00.1", 0x040300, PCIE_TYPE_ENDPOINT, dsp1, 0, 0);
	fn_add(t, "0000:04:00.0", 0x010802, PCIE_TYPE_ENDPOINT, dsp2, 0, 0);
	t->h.pci.v[6].multifunction = t->h.pci.v[7].multifunction = true;
	return t;
}

/* ---- rendering and reading back ---- */

struct parse_log {
	int other;               /* errors other than "unknown tag" */
	char first[200];
	bool bad_tag;            /* an unknown tag not in the list below */
};

/* Elements of HTML5 and SVG that libxml2's HTML 4 parser does not know
 * (XML_HTML_UNKNOWN_TAG): the only diagnostics the page may cause. */
static const char *const html5_tags[] = {
	"header", "main", "nav", "section", "footer", "details", "summary",
	"svg", "g", "rect", "path", "text", "tspan",
};

static void parse_error(void *ctx, xmlErrorPtr e)
{
	struct parse_log *log = ctx;

	if (e->code == XML_HTML_UNKNOWN_TAG && e->str1) {
		bool known = false;

		for (size_t i = 0; i < sizeof(html5_tags) / sizeof(*html5_tags);
		     i++)
			known |= !strcmp(e->str1, html5_tags[i]);
		if (!known && !log->bad_tag)
			snprintf(log->first, sizeof(log->first), "unknown "
				 "tag %s", e->str1);
		log->bad_tag |= !known;
		return;
	}
	if (!log->other++)
		snprintf(log->first, sizeof(log->first), "line %d: %s",
			 e->line, e->message ? e->message : "?");
}

struct page {
	char *html;
	size_t len;
	htmlDocPtr doc;
	xmlXPathContextPtr xp;
	struct score sc;
};

/* Write T's report, and parse it back: cleanly, or the test fails. */
static void render(struct test_host *t, struct page *p)
{
	struct report_opts ro = { 0 };
	struct parse_log log = { 0 };
	FILE *out;

	memset(p, 0, sizeof(*p));
	score_findings(&t->fs, &p->sc);
	out = open_memstream(&p->html, &p->len);
	assert_non_null(out);
	assert_int_equal(report_html.write(out, &t->h, &t->fs, &p->sc, &ro), 0);
	assert_int_equal(fclose(out), 0);

	xmlSetStructuredErrorFunc(&log, parse_error);
	p->doc = htmlReadMemory(p->html, (int)p->len, "report.html", "UTF-8",
				HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (log.other || log.bad_tag)
		fail_msg("the page does not parse cleanly: %s", log.first);
	assert_non_null(p->doc);
	p->xp = xmlXPathNewContext(p->doc);
	assert_non_null(p->xp);
}

static void page_release(struct page *p)
{
	xmlXPathFreeContext(p->xp);
	xmlFreeDoc(p->doc);
	free(p->html);
}

static double xcount(struct page *p, const char *expr)
{
	char full[400];
	xmlXPathObjectPtr o;
	double v;

	snprintf(full, sizeof(full), "count(%s)", expr);
	o = xmlXPathEvalExpression(BAD_CAST full, p->xp);
	assert_non_null(o);
	v = o->floatval;
	xmlXPathFreeObject(o);
	return v;
}

/* The string value of EXPR (caller frees). */
static char *xstring(struct page *p, const char *expr)
{
	char full[400];
	xmlXPathObjectPtr o;
	char *s;

	snprintf(full, sizeof(full), "string(%s)", expr);
	o = xmlXPathEvalExpression(BAD_CAST full, p->xp);
	assert_non_null(o);
	s = strdup((const char *)o->stringval);
	xmlXPathFreeObject(o);
	assert_non_null(s);
	return s;
}

#define HAS_CLASS(c) "contains(concat(' ', @class, ' '), ' " c " ')"

/* ---- tests ---- */

static void test_machine_strings_are_text(void **state)
{
	static const char hostile_vendor[] = "<script>alert(1)</script>";
	static const char hostile_device[] = "& <b>bold</b> \"q\" 'a' &amp;";
	struct test_host *t = small_host();
	struct pci_function *f = &t->h.pci.v[8];
	struct finding *fi;
	struct page p;
	char *s, want[400];

	(void)state;
	snprintf(f->vendor_name, sizeof(f->vendor_name), "%s", hostile_vendor);
	snprintf(f->device_name, sizeof(f->device_name), "%s", hostile_device);
	fi = finding_add(&t->fs, "test.hostile", LAYER_KERNEL, VERDICT_FAIL,
			 SEV_CRITICAL, "<img src=x onerror=alert(2)>");
	finding_detail(fi, "</td></tr></table><script>alert(3)</script>");
	finding_evidence(fi, "dmesg", "a < b && c > d <!-- x -->");
	finding_remedy(fi, "echo '<iframe src=//evil>' > /dev/null");
	render(t, &p);

	/* nothing from the machine became an element */
	assert_int_equal(xcount(&p, "//script"), 0);
	assert_int_equal(xcount(&p, "//img"), 0);
	assert_int_equal(xcount(&p, "//iframe"), 0);
	assert_int_equal(xcount(&p, "//b"), 0);
	assert_null(strstr(p.html, "<script"));
	assert_non_null(strstr(p.html, "&lt;script&gt;alert(1)"));
	/* ... and each reads back exactly as it was written */
	snprintf(want, sizeof(want), "%s %s", hostile_vendor, hostile_device);
	s = xstring(&p, "//tr[@id='d-0000:04:00.0']/td[2]/div[1]");
	assert_string_equal(s, want);
	free(s);
	s = xstring(&p, "//tr[@id='f-0']//strong");
	assert_string_equal(s, "<img src=x onerror=alert(2)>");
	free(s);
	s = xstring(&p, "//tr[@id='f-0']//p[" HAS_CLASS("detail") "]");
	assert_string_equal(s, "</td></tr></table><script>alert(3)</script>");
	free(s);
	s = xstring(&p, "//tr[@id='f-0']//ul[" HAS_CLASS("ev") "]//code");
	assert_string_equal(s, "a < b && c > d <!-- x -->");
	free(s);
	/* the same remedy is the first thing to do next */
	s = xstring(&p, "//section[@id='next']//pre");
	assert_string_equal(s, "echo '<iframe src=//evil>' > /dev/null");
	free(s);
	/* the hover text of the box carries the full name */
	s = xstring(&p, "//g[@id='t-0000:04:00.0']/title");
	assert_non_null(strstr(s, want));
	free(s);
	page_release(&p);
	host_free(t);
}

static void test_bad_utf8_is_replaced(void **state)
{
	struct test_host *t = small_host();
	struct pci_function *f = &t->h.pci.v[2];
	struct page p;
	char *s;

	(void)state;
	/* a stray continuation byte, a cut sequence, a control character */
	snprintf(f->device_name, sizeof(f->device_name),
		 "caf\xc3\xa9 \x80 \xe2\x82 bell\x07 end");
	render(t, &p);
	assert_true(xmlCheckUTF8(BAD_CAST p.html));
	assert_null(memchr(p.html, '\x07', p.len));
	s = xstring(&p, "//tr[@id='d-0000:00:19.0']/td[2]/div[1]");
	assert_string_equal(s, "Vendor caf\xc3\xa9 \xef\xbf\xbd "
			       "\xef\xbf\xbd\xef\xbf\xbd bell\xef\xbf\xbd end");
	free(s);
	page_release(&p);
	host_free(t);
}

static void test_page_parts(void **state)
{
	struct test_host *t = small_host();
	struct finding *f;
	struct page p;
	char *s;

	(void)state;
	/* four steps with remedies: the page shows the first three, failures
	 * first */
	f = finding_add(&t->fs, "test.warn", LAYER_CPU, VERDICT_WARN,
			SEV_MEDIUM, "warned");
	finding_remedy(f, "fix the warning");
	f = finding_add(&t->fs, "test.fail1", LAYER_KERNEL, VERDICT_FAIL,
			SEV_CRITICAL, "kernel fails");
	finding_remedy(f, "fix the kernel");
	f = finding_add(&t->fs, "test.fail0", LAYER_FIRMWARE, VERDICT_FAIL,
			SEV_CRITICAL, "firmware fails");
	finding_remedy(f, "fix the firmware");
	f = finding_add(&t->fs, "test.unknown", LAYER_VFIO, VERDICT_UNKNOWN,
			SEV_LOW, "not known");
	finding_remedy(f, "run as root");
	finding_add(&t->fs, "test.pass", LAYER_CPU, VERDICT_PASS, SEV_INFO,
		    "fine");
	render(t, &p);

	assert_true(p.len > 15 && !memcmp(p.html, "<!DOCTYPE html>", 15));
	s = xstring(&p, "/html/@lang");
	assert_string_equal(s, "en");
	free(s);
	s = xstring(&p, "//meta[@http-equiv='Content-Security-Policy']/"
			"@content");
	assert_non_null(strstr(s, "default-src 'none'"));
	assert_non_null(strstr(s, "style-src 'unsafe-inline'"));
	free(s);
	assert_int_equal(xcount(&p, "//meta[@name='viewport']"), 1);
	/* fetches nothing: no source attribute, every link inside the page */
	assert_int_equal(xcount(&p, "//*[@src]"), 0);
	assert_int_equal(xcount(&p, "//*[@href and not(starts-with(@href, "
				    "'#'))]"), 0);

	s = xstring(&p, "//header[@id='verdict']/@class");
	assert_string_equal(s, "verdict s-not_ready");
	free(s);
	s = xstring(&p, "//header[@id='verdict']/h1");
	assert_string_equal(s, "Not ready");
	free(s);
	s = xstring(&p, "//header[@id='verdict']//strong");
	assert_string_equal(s, "Firmware");
	free(s);
	assert_int_equal(xcount(&p, "//section[@id='next']/ol/li"), 3);
	s = xstring(&p, "//section[@id='next']/ol/li[1]/pre");
	assert_string_equal(s, "fix the firmware");
	free(s);
	s = xstring(&p, "//section[@id='next']/ol/li[3]/pre");
	assert_string_equal(s, "fix the warning");
	free(s);
	/* the step links to its row */
	s = xstring(&p, "//section[@id='next']/ol/li[1]//a/@href");
	assert_string_equal(s, "#f-2");
	free(s);
	assert_int_equal(xcount(&p, "//tr[@id='f-2']"), 1);

	/* layers with a problem are open, the others folded */
	assert_int_equal(xcount(&p, "//details[@id='layer-cpu' and @open]"), 1);
	assert_int_equal(xcount(&p, "//details[@id='layer-kernel' and @open]"),
			 1);
	assert_int_equal(xcount(&p, "//details[" HAS_CLASS("layer") "]"), 4);
	/* every finding has its row */
	assert_int_equal(xcount(&p, "//table[" HAS_CLASS("findings") "]/tbody/"
				    "tr"), 5);
	/* sections */
	assert_int_equal(xcount(&p, "//section[@id='topology']//svg[" HAS_CLASS(
				    "tree") "]"), 1);
	assert_int_equal(xcount(&p, "//section[@id='devices']//tr[" HAS_CLASS(
				    "dev") "]"), 9);
	assert_int_equal(xcount(&p, "//section[@id='groups']"), 1);
	page_release(&p);
	host_free(t);
}

static void test_explanations(void **state)
{
	const struct explanation *e = explain_at(0);
	struct test_host *t = small_host();
	struct page p;
	char *s;

	(void)state;
	if (!e) {
		host_free(t);
		skip();
	}
	finding_add(&t->fs, e->code, LAYER_KERNEL, VERDICT_INFO, SEV_INFO,
		    "explained");
	finding_add(&t->fs, "test.not.explained", LAYER_KERNEL, VERDICT_INFO,
		    SEV_INFO, "not explained");
	render(t, &p);
	assert_int_equal(xcount(&p, "//tr[@id='f-0']//details[" HAS_CLASS(
				    "explain") "]"), 1);
	s = xstring(&p, "//tr[@id='f-0']//details/summary");
	assert_string_equal(s, "What this means");
	free(s);
	if (e->meaning) {
		s = xstring(&p, "//tr[@id='f-0']//details/p[1]");
		assert_string_equal(s, e->meaning);
		free(s);
	}
	assert_int_equal(xcount(&p, "//tr[@id='f-1']//details"), 0);
	page_release(&p);
	host_free(t);
}

static void test_topology_and_focus(void **state)
{
	static const char *const focus[] = { "04:00.0", "8086:1006", NULL };
	struct test_host *t = small_host();
	struct page p;
	char *s;

	(void)state;
	t->h.focus = focus;
	render(t, &p);
	/* one root complex, one box per function */
	assert_int_equal(xcount(&p, "//svg//g[" HAS_CLASS("rc") "]"), 1);
	assert_int_equal(xcount(&p, "//svg//g[" HAS_CLASS("fn") "]"), 9);
	assert_int_equal(xcount(&p, "//svg//g[" HAS_CLASS("fn") "]/rect["
				    HAS_CLASS("box") "]"), 9);
	/* an edge per function */
	assert_int_equal(xcount(&p, "//svg//path[" HAS_CLASS("edge") "]"), 9);
	/* the two selected functions: by address and by ID (03:00.0 is
	 * 8086:1006) */
	assert_int_equal(xcount(&p, "//svg//g[" HAS_CLASS("focus") "]"), 2);
	assert_int_equal(xcount(&p, "//g[@id='t-0000:04:00.0' and " HAS_CLASS(
				    "focus") "]"), 1);
	assert_int_equal(xcount(&p, "//g[@id='t-0000:03:00.0' and " HAS_CLASS(
				    "focus") "]"), 1);
	assert_int_equal(xcount(&p, "//tr[" HAS_CLASS("focus") "]"), 2);
	assert_int_equal(xcount(&p, "//tr[@id='d-0000:04:00.0' and " HAS_CLASS(
				    "focus") "]"), 1);
	/* the root port, the downstream ports and the two functions of the
	 * GPU carry their ACS state as text: none has the capability here */
	assert_int_equal(xcount(&p, "//svg//g[" HAS_CLASS("acs") "]"), 5);
	s = xstring(&p, "//g[@id='t-0000:00:01.0']/g[" HAS_CLASS("acs") "]");
	assert_string_equal(s, "ACS \xe2\x9c\x97");
	free(s);
	/* the single-function upstream port needs no ACS */
	assert_int_equal(xcount(&p, "//g[@id='t-0000:01:00.0']/g"), 0);
	page_release(&p);
	host_free(t);
}

static void test_groups_differ(void **state)
{
	/* the kernel puts the GPU's two functions apart and the NVMe with
	 * its port; the prediction has the GPU together */
	static const int kernel[] = { 0, 1, 2, 3, 4, 5, 6, 7, 5 };
	static const int pred[] = { 0, 1, 2, 3, 4, 5, 6, 6, 7 };
	struct test_host *t = small_host();
	struct page p;
	char *s;

	(void)state;
	set_groups(t, kernel, pred);
	render(t, &p);
	/* 03:00.0, 03:00.1 (split), 02:01.0, 04:00.0 (joined) */
	assert_int_equal(xcount(&p, "//svg//rect[" HAS_CLASS("differs") "]"),
			 4);
	assert_int_equal(xcount(&p, "//g[@id='t-0000:00:19.0']/rect[" HAS_CLASS(
				    "differs") "]"), 0);
	s = xstring(&p, "//g[@id='t-0000:03:00.1']//tspan[" HAS_CLASS("ne")
			"]");
	assert_string_equal(s, " \xe2\x89\xa0 P6");
	free(s);
	assert_int_equal(xcount(&p, "//section[@id='devices']//div[" HAS_CLASS(
				    "differs") "]"), 4);
	/* groups table: the kernel's groups, two of them flagged */
	assert_int_equal(xcount(&p, "//section[@id='groups']//tbody/tr"), 8);
	assert_int_equal(xcount(&p, "//section[@id='groups']//tbody/tr[td/"
				    "span[" HAS_CLASS("differs") "]]"), 3);
	s = xstring(&p, "//tr[@id='g-5']//span[" HAS_CLASS("differs") "]");
	assert_string_equal(s, "\xe2\x89\xa0 predicted P5, P7");
	free(s);
	page_release(&p);
	host_free(t);
}

static void test_predicted_only(void **state)
{
	static const int pred[] = { 0, 1, 2, 3, 4, 5, 6, 6, 7 };
	struct test_host *t = small_host();
	struct page p;
	char *s;

	(void)state;
	set_groups(t, NULL, pred);
	render(t, &p);
	/* no IOMMU: the prediction colours the picture and fills the table */
	assert_int_equal(xcount(&p, "//svg//rect[" HAS_CLASS("differs") "]"),
			 0);
	s = xstring(&p, "//g[@id='t-0000:03:00.1']//text[1]/tspan[2]");
	assert_string_equal(s, "  group P6");
	free(s);
	assert_int_equal(xcount(&p, "//section[@id='groups']//tbody/tr"), 8);
	assert_int_equal(xcount(&p, "//tr[@id='p-6']//li"), 2);
	page_release(&p);
	host_free(t);
}

struct box {
	long x, y, w, h;
};

static long attr_long(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	long r;

	assert_non_null(v);
	r = strtol((const char *)v, NULL, 10);
	xmlFree(v);
	return r;
}

/* Several hundred functions over three root buses and two domains, some
 * whose parent is unknown: every box drawn, inside the picture, none on
 * another, each right of its parent. */
static void test_layout_large(void **state)
{
	struct test_host *t = host_new();
	xmlXPathObjectPtr o;
	struct box *b;
	struct page p, again;
	long width, height;
	size_t n;
	int rp[6];

	(void)state;
	fn_add(t, "0000:00:00.0", 0x060000, PCIE_TYPE_NONE, -1, 0, 0);
	for (int port = 0; port < 6; port++) {
		char bdf[16];
		uint8_t base = (uint8_t)(1 + port * 20);

		snprintf(bdf, sizeof(bdf), "0000:00:%02x.0", 1 + port);
		rp[port] = fn_add(t, bdf, 0x060400, PCIE_TYPE_ROOT_PORT, -1,
				  base, (uint8_t)(base + 19));
	}
	/* below each root port a switch with eight downstream ports, each
	 * with a four-function endpoint: in bus order */
	for (int port = 0; port < 6; port++) {
		char bdf[16];
		uint8_t base = (uint8_t)(1 + port * 20);
		int usp, dsp[8];

		snprintf(bdf, sizeof(bdf), "0000:%02x:00.0", base);
		usp = fn_add(t, bdf, 0x060400, PCIE_TYPE_UPSTREAM, rp[port],
			     (uint8_t)(base + 1), (uint8_t)(base + 19));
		for (int d = 0; d < 8; d++) {
			uint8_t bus = (uint8_t)(base + 2 + d);

			snprintf(bdf, sizeof(bdf), "0000:%02x:%02x.0", base + 1,
				 d);
			dsp[d] = fn_add(t, bdf, 0x060400, PCIE_TYPE_DOWNSTREAM,
					usp, bus, bus);
		}
		for (int d = 0; d < 8; d++)
			for (int fn = 0; fn < 4; fn++) {
				snprintf(bdf, sizeof(bdf), "0000:%02x:00.%d",
					 base + 2 + d, fn);
				/* the first function behind the third port
				 * has no parent (its bridge "not read") */
				fn_add(t, bdf, 0x020000, PCIE_TYPE_ENDPOINT,
				       d == 2 && !fn ? -1 : dsp[d], 0, 0);
			}
	}
	/* a second root bus in domain 0 and a second domain, where one
	 * parent link points forward and one nowhere (malformed input):
	 * both drawn from their root bus */
	fn_add(t, "0000:80:00.0", 0x060000, PCIE_TYPE_NONE, -1, 0, 0);
	fn_add(t, "0000:80:01.0", 0x010802, PCIE_TYPE_RC_END, -1, 0, 0);
	fn_add(t, "0001:00:00.0", 0x060000, PCIE_TYPE_NONE,
	       (int)t->h.pci.count + 1, 0, 0);
	fn_add(t, "0001:00:02.0", 0x020000, PCIE_TYPE_RC_END, 1000000, 0, 0);
	n = t->h.pci.count;
	assert_true(n > 250);

	render(t, &p);
	assert_int_equal(xcount(&p, "//svg//g[" HAS_CLASS("rc") "]"), 3);
	assert_int_equal(xcount(&p, "//svg//g[" HAS_CLASS("fn") "]"), n);
	/* the six endpoints without a parent hang from their switch, drawn
	 * as guessed */
	assert_int_equal(xcount(&p, "//svg//path[" HAS_CLASS("guessed") "]"),
			 6);

	o = xmlXPathEvalExpression(BAD_CAST "//svg[" HAS_CLASS("tree") "]",
				   p.xp);
	assert_non_null(o);
	assert_int_equal(o->nodesetval->nodeNr, 1);
	width = attr_long(o->nodesetval->nodeTab[0], "width");
	height = attr_long(o->nodesetval->nodeTab[0], "height");
	xmlXPathFreeObject(o);

	o = xmlXPathEvalExpression(BAD_CAST "//svg//g[" HAS_CLASS("fn")
				   "]/rect[" HAS_CLASS("box") "]", p.xp);
	assert_non_null(o);
	assert_int_equal(o->nodesetval->nodeNr, n);
	b = calloc(n, sizeof(*b));
	assert_non_null(b);
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr r = o->nodesetval->nodeTab[i];

		b[i] = (struct box){ attr_long(r, "x"), attr_long(r, "y"),
				     attr_long(r, "width"),
				     attr_long(r, "height") };
		assert_true(b[i].x >= 0 && b[i].y >= 0);
		assert_true(b[i].x + b[i].w <= width);
		assert_true(b[i].y + b[i].h <= height);
	}
	xmlXPathFreeObject(o);
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			if (b[i].x < b[k].x + b[k].w &&
			    b[k].x < b[i].x + b[i].w &&
			    b[i].y < b[k].y + b[k].h &&
			    b[k].y < b[i].y + b[i].h)
				fail_msg("boxes of %s and %s overlap",
					 t->h.pci.v[i].bdf, t->h.pci.v[k].bdf);
	/* boxes are in bus order: a function is right of its parent */
	for (size_t i = 0; i < n; i++) {
		int up = t->h.pci.v[i].parent;

		if (up >= 0 && (size_t)up < i)
			assert_true(b[i].x > b[up].x);
	}
	free(b);

	/* deterministic */
	render(t, &again);
	assert_int_equal(again.len, p.len);
	assert_memory_equal(again.html, p.html, p.len);
	page_release(&again);
	page_release(&p);
	host_free(t);
}

static void test_too_many_to_draw(void **state)
{
	struct test_host *t = host_new();
	struct page p;

	(void)state;
	for (int i = 0; i < 2001; i++) {
		char bdf[16];

		snprintf(bdf, sizeof(bdf), "%04x:00:%02x.%d", i / 256,
			 i % 256 / 8, i % 8);
		fn_add(t, bdf, 0x020000, PCIE_TYPE_RC_END, -1, 0, 0);
	}
	render(t, &p);
	/* listed, not drawn */
	assert_int_equal(xcount(&p, "//svg"), 0);
	assert_int_equal(xcount(&p, "//section[@id='topology']/p"), 1);
	assert_int_equal(xcount(&p, "//tr[" HAS_CLASS("dev") "]"), 2001);
	page_release(&p);
	host_free(t);
}

static void test_empty_host(void **state)
{
	struct test_host *t = host_new();
	struct page p;

	(void)state;
	fact_src_set(&t->h.pci.src, "sys/bus/pci", -2);
	render(t, &p);
	assert_int_equal(xcount(&p, "//svg"), 0);
	assert_int_equal(xcount(&p, "//header[@id='verdict']"), 1);
	assert_int_equal(xcount(&p, "//section[@id='next']"), 1);
	page_release(&p);
	host_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_machine_strings_are_text),
		cmocka_unit_test(test_bad_utf8_is_replaced),
		cmocka_unit_test(test_page_parts),
		cmocka_unit_test(test_explanations),
		cmocka_unit_test(test_topology_and_focus),
		cmocka_unit_test(test_groups_differ),
		cmocka_unit_test(test_predicted_only),
		cmocka_unit_test(test_layout_large),
		cmocka_unit_test(test_too_many_to_draw),
		cmocka_unit_test(test_empty_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
