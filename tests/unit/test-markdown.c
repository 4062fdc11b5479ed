/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Markdown and text writers on synthetic findings: escaping of what
 * came from the machine, the size budget, quiet mode and wrapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../checks/check.h"
#include "../../probe/probe.h"
#include "../../report/report.h"

#define BUDGET (60 * 1024)

/* The output of writer W over FS for an empty host; the caller frees it. */
static char *render(const struct report_writer *w, struct findings *fs,
		    bool quiet, bool color)
{
	static struct host h;
	struct report_opts o = { .quiet = quiet, .color = color };
	struct score sc;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	memset(&h, 0, sizeof(h));
	snprintf(h.source, sizeof(h.source), "fixtures/x");
	score_findings(fs, &sc);
	assert_int_equal(w->write(out, &h, fs, &sc, &o), 0);
	assert_int_equal(fclose(out), 0);
	return buf;
}

/* Does NEEDLE occur in HAY not preceded by a backslash (Markdown's
 * escape)? */
static bool unescaped(const char *hay, const char *needle)
{
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		if (p == hay || p[-1] != '\\')
			return true;
	return false;
}

/* The lines of TEXT outside fenced code blocks, newline-separated. */
static char *outside_fences(const char *text)
{
	char *res = calloc(1, strlen(text) + 1), *r = res;
	bool in = false;

	assert_non_null(res);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		const char *t = p + strspn(p, " ");

		if (!strncmp(t, "```", 3))
			in = !in;
		else if (!in) {
			memcpy(r, p, n);
			r += n;
			*r++ = '\n';
		}
		p += n + (p[n] == '\n');
	}
	return res;
}

static void test_markdown_escapes_machine_text(void **state)
{
	struct findings fs;
	struct finding *f;
	char *md, *prose;

	(void)state;
	findings_init(&fs);
	fs.current_check = "demo";
	f = finding_add(&fs, "demo.hostile", LAYER_KERNEL, VERDICT_WARN,
			SEV_LOW, "a|b <img src=x> `t` *e* _u_ [l](u) @who #1 &amp;");
	finding_detail(f, "- not a list\n1. not a list\n# not a heading\n"
		       "> not a quote\nplain");
	finding_evidence(f, "proc/cmdline", "x ``` y");
	finding_remedy(f, "echo '```' && echo done");
	md = render(&report_markdown, &fs, false, false);
	prose = outside_fences(md);

	/* the table row: four unescaped pipes, everything else escaped */
	assert_non_null(strstr(md, "| WARN | `demo.hostile` | a\\|b \\<img "
				   "src=x\\> \\`t\\` \\*e\\* \\_u\\_ "
				   "\\[l\\](u) \\@\u200bwho \\#\u200b1 "
				   "\\&amp; |\n"));
	assert_false(unescaped(prose, "<img"));
	assert_false(unescaped(prose, "`t`"));
	/* block starts are escaped, line breaks kept as hard breaks */
	assert_non_null(strstr(md, "\\- not a list\\\n1\\. not a list\\\n"
				   "\\# not a heading\\\n\\> not a quote\\\n"
				   "plain\n"));
	/* a fence longer than any backtick run in the text */
	assert_non_null(strstr(md, "````\nproc/cmdline: x ``` y\n````\n"));
	assert_non_null(strstr(md, "````\necho '```' && echo done\n````\n"));
	free(prose);
	free(md);
	findings_release(&fs);
}

/* Thousands of findings with long texts: the report shrinks to the budget,
 * keeps every blocker and says that it summarised. */
static void test_markdown_budget(void **state)
{
	struct findings fs;
	char *md, code[32], *long_text = malloc(2000);

	(void)state;
	assert_non_null(long_text);
	memset(long_text, 'x', 1999);
	long_text[1999] = 0;
	findings_init(&fs);
	fs.current_check = "demo";
	for (int i = 0; i < 4000; i++) {
		struct finding *f;
		enum verdict v = i % 200 == 7 ? VERDICT_FAIL :
				 i % 3 ? VERDICT_INFO : VERDICT_WARN;

		snprintf(code, sizeof(code), "demo.f%04d", i);
		f = finding_add(&fs, code, (enum layer)(i % LAYER_COUNT), v,
				v == VERDICT_FAIL ? SEV_CRITICAL : SEV_LOW,
				"finding %d", i);
		finding_detail(f, "%s", long_text);
		for (int e = 0; e < 6; e++)
			finding_evidence(f, "sys/x", "line %d %s", e, long_text);
		finding_remedy(f, "sudo fix %d", i);
	}
	md = render(&report_markdown, &fs, false, false);
	assert_true(strlen(md) <= BUDGET);
	assert_non_null(strstr(md, "findings summarised"));
	assert_non_null(strstr(md, "attach the JSON report"));
	assert_non_null(strstr(md, "### Blockers (20)"));
	for (int i = 7; i < 4000; i += 200) {
		snprintf(code, sizeof(code), "`demo.f%04d`", i);
		if (!strstr(md, code))
			fail_msg("blocker %s missing", code);
	}
	free(md);
	findings_release(&fs);
	free(long_text);
}

static void test_markdown_small_is_whole(void **state)
{
	struct findings fs;
	struct finding *f;
	char *md;

	(void)state;
	findings_init(&fs);
	fs.current_check = "demo";
	f = finding_add(&fs, "demo.ok", LAYER_CPU, VERDICT_PASS, SEV_INFO,
			"fine");
	finding_evidence(f, "a", "b");
	finding_add(&fs, "demo.bad", LAYER_VFIO, VERDICT_FAIL, SEV_CRITICAL,
		    "broken");
	md = render(&report_markdown, &fs, false, false);
	assert_null(strstr(md, "summarised"));
	assert_non_null(strstr(md, "## vfio-ready: NOT READY\n"));
	assert_non_null(strstr(md, "#### PASS: fine"));
	assert_non_null(strstr(md, "<details>\n<summary>cpu: 1 pass"
				   "</summary>\n\n"));
	free(md);
	md = render(&report_markdown, &fs, true, false);
	assert_non_null(strstr(md, "#### FAIL: broken"));
	assert_null(strstr(md, "fine"));
	assert_null(strstr(md, "<details>"));
	free(md);
	findings_release(&fs);
}

/* -q: the verdict line and every blocker with its code and fix. */
static void test_text_quiet(void **state)
{
	struct findings fs;
	struct finding *f;
	char *txt;

	(void)state;
	findings_init(&fs);
	fs.current_check = "demo";
	f = finding_add(&fs, "demo.ok", LAYER_CPU, VERDICT_PASS, SEV_INFO,
			"fine");
	finding_remedy(f, "nothing");
	f = finding_add(&fs, "demo.bad", LAYER_KERNEL, VERDICT_FAIL,
			SEV_CRITICAL, "broken");
	finding_detail(f, "the detail");
	finding_evidence(f, "proc/cmdline", "the evidence");
	finding_remedy(f, "Add to the kernel command line: intel_iommu=on");
	finding_add(&fs, "demo.err", LAYER_FIRMWARE, VERDICT_ERROR, SEV_HIGH,
		    "unreadable table");
	txt = render(&report_text, &fs, true, false);
	assert_string_equal(txt,
		"Verdict: NOT READY  score 49/100  first failing layer: "
		"kernel\n"
		"  [ERROR]   unreadable table\n"
		"            (demo.err)\n"
		"  [FAIL]    broken\n"
		"            (demo.bad)\n"
		"            fix:\n"
		"              Add to the kernel command line: intel_iommu=on\n");
	free(txt);
	findings_release(&fs);
}

static void test_text_columns_and_colour(void **state)
{
	struct findings fs;
	struct finding *f;
	char *txt, *line;
	bool in_fix = false;

	(void)state;
	findings_init(&fs);
	fs.current_check = "demo";
	f = finding_add(&fs, "demo.long", LAYER_GROUPS, VERDICT_WARN, SEV_LOW,
			"A title long enough that it has to be wrapped under "
			"itself so that it stays within eighty columns");
	finding_detail(f, "Why:\n  - an item so long that it wraps and goes "
		       "on under its own text rather than under the dash\n"
		       "word%s", "0123456789012345678901234567890123456789"
		       "0123456789012345678901234567890123456789");
	finding_evidence(f, "sys/bus/pci/devices/0000:00:01.0/config",
			 "a very long evidence text that does not fit on the "
			 "rest of the line after the label");
	finding_remedy(f, "Plain prose that is long enough to be wrapped at "
		       "the fix column like any other prose line here.\n"
		       "  echo 1 | sudo tee /sys/bus/pci/devices/0000:00:01.0/"
		       "remove_this_very_long_path_to_keep_it_whole");
	txt = render(&report_text, &fs, false, false);
	assert_null(strchr(txt, '\033'));
	for (line = strtok(txt, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strcmp(line, "            fix:"))
			in_fix = true;
		if (strlen(line) > 80 &&
		    !(in_fix && strstr(line, "sudo ")))
			fail_msg("line over 80 columns: %s", line);
		if (line[0] && line[strlen(line) - 1] == ' ')
			fail_msg("trailing blank: '%s'", line);
	}
	free(txt);
	txt = render(&report_text, &fs, false, false);
	assert_non_null(strstr(txt, "  [WARN]    A title long enough that it "
				    "has to be wrapped under itself so that"
				    "\n            it stays within eighty columns"
				    "\n"));
	assert_non_null(strstr(txt, "              - an item so long that it "
				    "wraps and goes on under its own text\n"
				    "                rather than under the dash\n"));
	assert_non_null(strstr(txt, "            evidence: sys/bus/pci/devices/"
				    "0000:00:01.0/config: a very long\n"
				    "                      evidence text"));
	assert_non_null(strstr(txt, "\n                echo 1 | sudo tee "
				    "/sys/bus/pci/devices/0000:00:01.0/"
				    "remove_this_very_long_path_to_keep_it_"
				    "whole\n"));
	free(txt);
	txt = render(&report_text, &fs, false, true);
	assert_non_null(strstr(txt, "\033[33m[WARN]"));
	free(txt);
	findings_release(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown_escapes_machine_text),
		cmocka_unit_test(test_markdown_budget),
		cmocka_unit_test(test_markdown_small_is_whole),
		cmocka_unit_test(test_text_quiet),
		cmocka_unit_test(test_text_columns_and_colour),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
