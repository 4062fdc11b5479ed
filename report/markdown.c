/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Markdown report, for issue trackers and forums (GitHub, GitLab,
 * Gitea, Discourse): the verdict, the blockers with their remedies and
 * "what to do next" first; then each layer's findings, the PCI devices and
 * the IOMMU groups in <details> blocks, which those sites render collapsed.
 *
 * Everything that comes from the audited machine (titles, details, device
 * names, paths, log lines) is escaped for where it lands:
 *  - prose and table cells: every character Markdown could read as syntax
 *    is backslash-escaped (CommonMark lets any ASCII punctuation be), line
 *    starts that would open a list or heading too, and a table cell's
 *    newlines become spaces;
 *  - fenced code (evidence, remedies): verbatim, inside a fence longer than
 *    any backtick run in the text (CommonMark 4.5), so nothing closes it;
 *  - HTML (<summary>): entities.
 * Control characters become spaces everywhere.  GitHub and GitLab turn
 * "#12" into an issue link and "@name" into a mention after rendering,
 * escape or not (pci.ids names "Root Port #1"), so a zero-width space goes
 * between the sigil and what follows.
 *
 * Size: GitHub refuses a comment over 65,536 characters and GitLab and
 * Gitea are in the same range, so the report must stay under MD_BUDGET
 * bytes.  It is rendered at the first level of detail that fits (levels[]
 * below: fewer evidence lines, then pass/info findings only counted, then
 * the device and group tables cut, ...); the last level is bounded whatever
 * the input, and a closing line says how many findings were summarised.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"
#include "version.h"

#define MD_BUDGET ((size_t)60 * 1024)  /* bytes, under GitHub's 65,536 chars */
#define MD_NEXT_STEPS 5

/* How much of the report one rendering keeps; SIZE_MAX means all. */
struct md_level {
	size_t evidence;          /* evidence lines per finding */
	size_t table_rows;        /* device and group table rows */
	size_t layer_rows;        /* rows of each layer's findings table */
	size_t text;              /* bytes of any one text from the machine */
	size_t blockers_full;     /* blockers in full; the rest as a list */
	size_t blockers;          /* blockers listed at all */
	bool passinfo;            /* pass/info/skip findings shown, not counted */
	bool other_sections;      /* warn/unknown findings in full */
};

#define ALL SIZE_MAX
static const struct md_level levels[] = {
	/* evidence, table rows, layer rows, text, blockers in full, blockers
	 * listed, pass/info shown, warn/unknown in full */
	{ ALL, ALL, ALL, ALL,  ALL, ALL, true,  true },
	{ 3,   ALL, ALL, ALL,  ALL, ALL, true,  true },
	{ 3,   ALL, ALL, ALL,  ALL, ALL, false, true },
	{ 3,   50,  ALL, ALL,  ALL, ALL, false, true },
	{ 3,   50,  ALL, 2000, ALL, ALL, false, false },
	{ 1,   50,  50,  1000, 10,  200, false, false },
	/* bounded for any input: about 60 short lines of 200-byte texts, and
	 * five fixes of at most 4000 bytes */
	{ 0,   0,   0,   200,  0,   40,  false, false },
};
#undef ALL
#define NLEVELS (sizeof(levels) / sizeof(levels[0]))

struct md {
	FILE *out;
	const struct host *h;
	const struct findings *fs;
	const struct score *sc;
	const struct report_opts *o;
	const struct md_level *lv;
	size_t summarised;        /* findings not shown in full */
	bool tables_cut;          /* device or group rows left out */
};

static bool blocker(const struct finding *f)
{
	return f->verdict == VERDICT_FAIL || f->verdict == VERDICT_ERROR;
}

static bool pass_or_info(const struct finding *f)
{
	return f->verdict == VERDICT_PASS || f->verdict == VERDICT_INFO ||
	       f->verdict == VERDICT_SKIP;
}

static const char *verdict_word(enum verdict v)
{
	static const char *const words[VERDICT_COUNT] = {
		[VERDICT_PASS] = "PASS",       [VERDICT_INFO] = "INFO",
		[VERDICT_WARN] = "WARN",       [VERDICT_FAIL] = "FAIL",
		[VERDICT_UNKNOWN] = "UNKNOWN", [VERDICT_SKIP] = "SKIP",
		[VERDICT_ERROR] = "ERROR",
	};
	return (unsigned)v < VERDICT_COUNT ? words[v] : "?";
}

/* The length of S cut to at most MAX bytes, not inside a UTF-8 sequence. */
static size_t cut_len(const char *s, size_t max, bool *cut)
{
	size_t n = strlen(s);

	*cut = n > max;
	if (!*cut)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

enum md_where {
	MD_PARA,        /* a paragraph: a newline is a hard line break */
	MD_CELL,        /* a table cell: one line */
};

/*
 * S as Markdown text, at most MAX bytes of it.  In a paragraph a newline is
 * a hard break (a backslash at the end of the line), an empty line starts a
 * new paragraph, and what would open a block at a line start (a list item,
 * a heading, a thematic break, "1.") is escaped.
 */
static void md_text(FILE *out, const char *s, size_t max, enum md_where w)
{
	bool cut, bol = true;
	size_t n = cut_len(s, max, &cut);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n') {
			if (w == MD_CELL) {
				fputc(' ', out);
				continue;
			}
			if (i + 1 < n && s[i + 1] == '\n') {
				while (i + 1 < n && s[i + 1] == '\n')
					i++;
				fputs("\n\n", out);
			} else {
				fputs("\\\n", out);
			}
			bol = true;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			c = ' ';
		if (bol && w == MD_PARA) {
			size_t d = i;

			if (c == ' ')
				continue;       /* Markdown drops it anyway */
			while (d < n && s[d] >= '0' && s[d] <= '9')
				d++;
			if (strchr("-+=", c) && c) {
				fputc('\\', out);
			} else if (d > i && d < n && (s[d] == '.' || s[d] == ')')) {
				fwrite(s + i, 1, d - i, out);
				fputc('\\', out);
				i = d;
				c = (unsigned char)s[d];
			}
			bol = false;
		}
		if (strchr("\\`*_[]<>|~#@&", c) && c)
			fputc('\\', out);
		fputc(c, out);
		if ((c == '#' || c == '@') && i + 1 < n &&
		    isalnum((unsigned char)s[i + 1]))
			fputs("\xe2\x80\x8b", out);      /* U+200B */
	}
	if (cut)
		fputs(" \xe2\x80\xa6", out);     /* an ellipsis */
}

/* S for HTML text (<summary>). */
static void md_html(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else
			fputc(c < 0x20 || c == 0x7f ? ' ' : c, out);
	}
}

/* A finding code in a code span; codes are [a-z0-9_.] (checks/check.h),
 * anything else is escaped as text rather than trusted in a span. */
static void md_code(FILE *out, const char *code)
{
	if (*code && strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_.-") ==
		     strlen(code))
		fprintf(out, "`%s`", code);
	else
		md_text(out, code, 200, MD_CELL);
}

/* The longest run of backticks in the first N bytes of S. */
static size_t backtick_run(const char *s, size_t n)
{
	size_t best = 0, run = 0;

	for (size_t i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* A fenced code block opening, for a text whose longest backtick run is
 * RUN; returns the fence length to close it with. */
static size_t fence_open(FILE *out, size_t run)
{
	size_t len = run >= 3 ? run + 1 : 3;

	for (size_t i = 0; i < len; i++)
		fputc('`', out);
	fputc('\n', out);
	return len;
}

static void fence_close(FILE *out, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fputc('`', out);
	fputs("\n\n", out);
}

/* N bytes of S verbatim, control characters but newlines as spaces. */
static void raw(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		fputc(c != '\n' && (c < 0x20 || c == 0x7f) ? ' ' : c, out);
	}
}

/* S in a fenced code block, at most MAX bytes of it, every line of the
 * block after INDENT (under a list item, CommonMark wants the block
 * indented to the item's text). */
static void md_fenced(FILE *out, const char *s, size_t max,
		      const char *indent)
{
	bool cut;
	size_t n = cut_len(s, max, &cut), fence;
	const char *p = s, *end;

	while (n && s[n - 1] == '\n')
		n--;
	end = s + n;
	fputs(indent, out);
	fence = fence_open(out, backtick_run(s, n));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		fputs(indent, out);
		raw(out, p, len);
		fputs(!nl && cut ? " \xe2\x80\xa6\n" : "\n", out);
		p += len + (nl != NULL);
	}
	fputs(indent, out);
	fence_close(out, fence);
}

static void md_evidence(struct md *m, const struct finding *f)
{
	size_t shown = f->nevidence < m->lv->evidence ? f->nevidence :
		       m->lv->evidence, run = 0, fence;

	if (!shown) {
		if (f->nevidence)
			fprintf(m->out, "_%zu evidence line%s in the JSON "
				"report._\n\n", f->nevidence,
				f->nevidence == 1 ? "" : "s");
		return;
	}
	for (size_t i = 0; i < shown; i++) {
		size_t a = backtick_run(f->evidence[i].source,
					strlen(f->evidence[i].source));
		size_t b = backtick_run(f->evidence[i].text,
					strlen(f->evidence[i].text));

		run = a > run ? a : run;
		run = b > run ? b : run;
	}
	fputs("Evidence:\n\n", m->out);
	fence = fence_open(m->out, run);
	for (size_t i = 0; i < shown; i++) {
		const struct evidence *e = &f->evidence[i];
		bool src_cut, text_cut;
		size_t sn = cut_len(e->source, m->lv->text, &src_cut);
		size_t tn = cut_len(e->text, m->lv->text, &text_cut);

		raw(m->out, e->source, sn);
		fputs(src_cut ? " \xe2\x80\xa6: " : ": ", m->out);
		raw(m->out, e->text, tn);
		fputs(text_cut ? " \xe2\x80\xa6\n" : "\n", m->out);
	}
	fence_close(m->out, fence);
	if (shown < f->nevidence)
		fprintf(m->out, "_%zu more evidence line%s in the JSON "
			"report._\n\n", f->nevidence - shown,
			f->nevidence - shown == 1 ? "" : "s");
}

/* One finding in full: heading, detail, evidence, fix. */
static void md_finding(struct md *m, const struct finding *f)
{
	fprintf(m->out, "#### %s: ", verdict_word(f->verdict));
	md_text(m->out, f->title, m->lv->text, MD_CELL);
	fputs("\n\n", m->out);
	md_code(m->out, f->code);
	fprintf(m->out, " \xc2\xb7 %s \xc2\xb7 severity %s\n\n",
		layer_name(f->layer), severity_name(f->severity));
	if (f->detail && *f->detail) {
		md_text(m->out, f->detail, m->lv->text, MD_PARA);
		fputs("\n\n", m->out);
	}
	md_evidence(m, f);
	if (f->nevidence > m->lv->evidence || (f->detail &&
	    strlen(f->detail) > m->lv->text))
		m->summarised++;
	if (f->remedy && *f->remedy) {
		fputs("Fix:\n\n", m->out);
		md_fenced(m->out, f->remedy, m->lv->text > 4000 ?
			  m->lv->text : 4000, "");
	}
}

static void md_header(struct md *m)
{
	static const char *const words[] = {
		[STATUS_READY] = "READY",
		[STATUS_WARNINGS] = "READY WITH WARNINGS",
		[STATUS_NOT_READY] = "NOT READY",
	};
	const struct score *sc = m->sc;
	bool first = true;

	fprintf(m->out, "## vfio-ready: %s\n\n", words[sc->status]);
	fputs("| Verdict | Score | First failing layer | Source |\n"
	      "| --- | --- | --- | --- |\n", m->out);
	fprintf(m->out, "| **%s** | %d/100 | %s | ", words[sc->status],
		sc->score, sc->first_failing_layer >= 0 ?
		layer_name(sc->first_failing_layer) : "none");
	if (m->h->live)
		fputs("this machine", m->out);
	else
		md_text(m->out, m->h->source, 300, MD_CELL);
	fputs(" |\n\nFindings:", m->out);
	for (int v = 0; v < VERDICT_COUNT; v++) {
		static const int order[] = {
			VERDICT_FAIL, VERDICT_ERROR, VERDICT_WARN,
			VERDICT_UNKNOWN, VERDICT_PASS, VERDICT_INFO,
			VERDICT_SKIP,
		};
		unsigned n = sc->counts[order[v]];

		if (!n)
			continue;
		fprintf(m->out, "%s %u %s", first ? "" : ",", n,
			verdict_name(order[v]));
		first = false;
	}
	fprintf(m->out, "%s.\n\n", first ? " none" : "");
	if (m->h->as_root_known && !m->h->as_root)
		fputs("_Not run as root: facts that need root are unknown; "
		      "run it again with sudo for the whole picture._\n\n",
		      m->out);
}

static size_t count_blockers(const struct findings *fs)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->count; i++)
		n += blocker(&fs->v[i]);
	return n;
}

/* Fail and error findings, lower layers first. */
static void md_blockers(struct md *m)
{
	size_t n = count_blockers(m->fs), k = 0;

	if (!n) {
		fputs("### Blockers\n\nNone: no finding fails.\n\n", m->out);
		return;
	}
	fprintf(m->out, "### Blockers (%zu)\n\n", n);
	for (int l = 0; l < LAYER_COUNT; l++) {
		for (size_t i = 0; i < m->fs->count; i++) {
			const struct finding *f = &m->fs->v[i];

			if ((int)f->layer != l || !blocker(f))
				continue;
			if (k < m->lv->blockers_full) {
				md_finding(m, f);
			} else if (k < m->lv->blockers) {
				fputs("- ", m->out);
				md_code(m->out, f->code);
				fputs(": ", m->out);
				md_text(m->out, f->title, m->lv->text, MD_CELL);
				fputc('\n', m->out);
				m->summarised++;
			} else {
				m->summarised++;
			}
			k++;
		}
	}
	if (n > m->lv->blockers_full && n > 0)
		fputc('\n', m->out);
	if (n > m->lv->blockers)
		fprintf(m->out, "_%zu more blockers in the JSON report._\n\n",
			n - m->lv->blockers);
}

/* F's place among the blockers as md_blockers() lists them. */
static size_t blocker_index(const struct findings *fs, const struct finding *f)
{
	size_t k = 0;

	for (int l = 0; l < LAYER_COUNT; l++)
		for (size_t i = 0; i < fs->count; i++) {
			if ((int)fs->v[i].layer != l || !blocker(&fs->v[i]))
				continue;
			if (&fs->v[i] == f)
				return k;
			k++;
		}
	return k;
}

/* report_next_steps(), each with its fix unless the blockers above show
 * it (CommonMark wants the block indented under its list item). */
static void md_next_steps(struct md *m)
{
	const struct finding *steps[MD_NEXT_STEPS];
	size_t n = report_next_steps(m->fs, steps, MD_NEXT_STEPS);
	bool fenced = false;

	fputs("### What to do next\n\n", m->out);
	if (!n) {
		fputs("Nothing: no finding asks for a change.\n\n", m->out);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = steps[i];

		fprintf(m->out, "%zu. ", i + 1);
		md_text(m->out, f->title, m->lv->text, MD_CELL);
		fputs(" (", m->out);
		md_code(m->out, f->code);
		fenced = !blocker(f) ||
			 blocker_index(m->fs, f) >= m->lv->blockers_full;
		if (!fenced) {
			fputs("): its fix is above.\n", m->out);
			continue;
		}
		fputs(")\n\n", m->out);
		md_fenced(m->out, f->remedy, 4000, "   ");
	}
	if (!fenced)
		fputc('\n', m->out);    /* end the list */
}

/* "1 fail, 3 pass" for the findings of layer L. */
static void layer_counts(FILE *out, const struct findings *fs, int l)
{
	unsigned c[VERDICT_COUNT] = { 0 };
	bool first = true;

	for (size_t i = 0; i < fs->count; i++)
		if ((int)fs->v[i].layer == l &&
		    (unsigned)fs->v[i].verdict < VERDICT_COUNT)
			c[fs->v[i].verdict]++;
	for (int v = VERDICT_COUNT - 1; v >= 0; v--) {
		static const int order[VERDICT_COUNT] = {
			VERDICT_SKIP, VERDICT_INFO, VERDICT_PASS,
			VERDICT_UNKNOWN, VERDICT_WARN, VERDICT_ERROR,
			VERDICT_FAIL,
		};

		if (!c[order[v]])
			continue;
		fprintf(out, "%s%u %s", first ? "" : ", ", c[order[v]],
			verdict_name(order[v]));
		first = false;
	}
}

static void md_layer(struct md *m, int l)
{
	const struct findings *fs = m->fs;
	size_t rows = 0, hidden = 0, cut = 0;

	fputs("<details>\n<summary>", m->out);
	md_html(m->out, layer_name(l));
	fputs(": ", m->out);
	layer_counts(m->out, fs, l);
	fputs("</summary>\n\n", m->out);
	for (size_t i = 0; i < fs->count; i++) {
		const struct finding *f = &fs->v[i];

		if ((int)f->layer != l)
			continue;
		if (!m->lv->passinfo && pass_or_info(f)) {
			hidden++;
			continue;
		}
		if (rows >= m->lv->layer_rows) {
			cut++;
			continue;
		}
		if (!rows++)
			fputs("| Verdict | Code | Title |\n| --- | --- | --- |\n",
			      m->out);
		fprintf(m->out, "| %s | ", verdict_word(f->verdict));
		md_code(m->out, f->code);
		fputs(" | ", m->out);
		md_text(m->out, f->title, m->lv->text, MD_CELL);
		fputs(" |\n", m->out);
	}
	if (rows)
		fputc('\n', m->out);
	if (hidden)
		fprintf(m->out, "_%zu pass, info and skip finding%s not "
			"shown._\n\n", hidden, hidden == 1 ? "" : "s");
	if (cut)
		fprintf(m->out, "_%zu more finding%s in the JSON report._\n\n",
			cut, cut == 1 ? "" : "s");
	/* blockers are in full above; every other finding here, or counted */
	for (size_t i = 0; i < fs->count; i++) {
		const struct finding *f = &fs->v[i];

		if ((int)f->layer != l || blocker(f))
			continue;
		if (m->lv->other_sections &&
		    (m->lv->passinfo || !pass_or_info(f)))
			md_finding(m, f);
		else
			m->summarised++;
	}
	fputs("</details>\n\n", m->out);
}

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A table cell after the row's opening "|": S escaped, or a dash. */
static void cell(struct md *m, const char *s)
{
	fputc(' ', m->out);
	if (s && *s)
		md_text(m->out, s, m->lv->text < 300 ? m->lv->text : 300,
			MD_CELL);
	else
		fputs("\xe2\x80\x94", m->out);         /* an em dash */
	fputs(" |", m->out);
}

/* The devices[] of the JSON report as a table, so the two agree. */
static void md_devices(struct md *m, const cJSON *devices)
{
	static const char *const verdicts[] = {
		"alone", "with_group", "blocked", "unknown",
	};
	size_t n = (size_t)cJSON_GetArraySize(devices), rows = 0;
	const cJSON *d;

	fprintf(m->out, "<details>\n<summary>PCI devices (%zu):", n);
	for (size_t v = 0; v < sizeof(verdicts) / sizeof(*verdicts); v++) {
		size_t c = 0;

		cJSON_ArrayForEach(d, devices) {
			const char *a = json_str(d, "assignability");

			c += a && !strcmp(a, verdicts[v]);
		}
		fprintf(m->out, "%s %zu %s", v ? "," : "", c, verdicts[v]);
	}
	fputs("</summary>\n\n", m->out);
	cJSON_ArrayForEach(d, devices) {
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(d, "group");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(
			d, "predicted_group");
		char id[16], grp[32];

		if (rows >= m->lv->table_rows) {
			m->tables_cut = true;
			break;
		}
		if (!rows++)
			fputs("| Device | ID | Name | Driver | Group | "
			      "Assignable |\n| --- | --- | --- | --- | --- | "
			      "--- |\n", m->out);
		snprintf(id, sizeof(id), "%.4s:%.4s",
			 json_str(d, "vendor_id") ? json_str(d, "vendor_id") :
			 "?", json_str(d, "device_id") ?
			 json_str(d, "device_id") : "?");
		if (cJSON_IsNumber(g))
			snprintf(grp, sizeof(grp), "%d", g->valueint);
		else if (cJSON_IsNumber(p))
			snprintf(grp, sizeof(grp), "predicted %d", p->valueint);
		else
			grp[0] = 0;
		fputc('|', m->out);
		cell(m, json_str(d, "bdf"));
		cell(m, id);
		cell(m, json_str(d, "name"));
		cell(m, json_str(d, "driver"));
		cell(m, grp);
		cell(m, json_str(d, "assignability"));
		fputc('\n', m->out);
	}
	if (rows < n)
		fprintf(m->out, "\n_%zu more devices in the JSON report._\n",
			n - rows);
	fputs("\n</details>\n\n", m->out);
}

/* The members (or reasons) of a group as one cell. */
static void joined_cell(struct md *m, const cJSON *arr, const char *sep)
{
	const cJSON *s;
	char buf[1024];
	size_t used = 0;

	buf[0] = 0;
	cJSON_ArrayForEach(s, arr) {
		int k;

		if (!cJSON_IsString(s))
			continue;
		k = snprintf(buf + used, sizeof(buf) - used, "%s%s",
			     used ? sep : "", s->valuestring);
		if (k < 0 || (size_t)k >= sizeof(buf) - used)
			break;          /* cut: snprintf() ended it */
		used += (size_t)k;
	}
	cell(m, buf);
}

/* The kernel's groups, or the predicted ones while the IOMMU is off. */
static void md_groups(struct md *m, const cJSON *groups)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(groups, "kernel");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(groups, "predicted");
	bool kernel = cJSON_GetArraySize(k) > 0;
	const cJSON *list = kernel ? k : p, *g;
	size_t n = (size_t)cJSON_GetArraySize(list), rows = 0, idx = 0;

	if (!n)
		return;
	fprintf(m->out, "<details>\n<summary>IOMMU groups (%zu, %s)</summary>"
		"\n\n", n, kernel ? "the kernel's" :
		"predicted: the kernel has formed none");
	cJSON_ArrayForEach(g, list) {
		char id[32];

		if (rows >= m->lv->table_rows) {
			m->tables_cut = true;
			break;
		}
		if (!rows++)
			fputs(kernel ? "| Group | Type | Devices |\n"
				       "| --- | --- | --- |\n" :
				       "| Group | Devices | Why together |\n"
				       "| --- | --- | --- |\n", m->out);
		if (kernel)
			snprintf(id, sizeof(id), "%.0f", cJSON_GetNumberValue(
				 cJSON_GetObjectItemCaseSensitive(g, "id")));
		else
			snprintf(id, sizeof(id), "%zu", idx);
		idx++;
		fputc('|', m->out);
		cell(m, id);
		if (kernel)
			cell(m, json_str(g, "type"));
		joined_cell(m, cJSON_GetObjectItemCaseSensitive(g, "devices"),
			    " ");
		if (!kernel)
			joined_cell(m, cJSON_GetObjectItemCaseSensitive(
				    g, "reasons"), "; ");
		fputc('\n', m->out);
	}
	if (rows < n)
		fprintf(m->out, "\n_%zu more groups in the JSON report._\n",
			n - rows);
	fputs("\n</details>\n\n", m->out);
}

/* The whole report at level M->lv; the caller checks its size. */
static void render(struct md *m, const cJSON *devices, const cJSON *groups)
{
	md_header(m);
	md_blockers(m);
	if (!m->o->quiet) {
		md_next_steps(m);
		fputs("### Details\n\n", m->out);
		for (int l = 0; l < LAYER_COUNT; l++) {
			bool any = false;

			for (size_t i = 0; i < m->fs->count && !any; i++)
				any = (int)m->fs->v[i].layer == l;
			if (any)
				md_layer(m, l);
		}
		if (cJSON_GetArraySize(devices))
			md_devices(m, devices);
		md_groups(m, groups);
	}
	if (m->summarised || m->tables_cut) {
		fputs("---\n_Summarised to stay under the size limit of issue "
		      "trackers: ", m->out);
		if (m->summarised)
			fprintf(m->out, "%zu finding%s summarised", m->summarised,
				m->summarised == 1 ? "" : "s");
		if (m->tables_cut)
			fprintf(m->out, "%sthe device and group tables cut",
				m->summarised ? ", " : "");
		fputs("; attach the JSON report (`vfio-ready --format json`) "
		      "for everything._\n", m->out);
	} else {
		fprintf(m->out, "---\n_vfio-ready %s; the JSON report "
			"(`vfio-ready --format json`) has every fact._\n",
			VFIO_READY_VERSION);
	}
}

static int write_markdown(FILE *out, const struct host *h,
			  const struct findings *fs, const struct score *sc,
			  const struct report_opts *o)
{
	cJSON *devices = report_devices(h), *groups = report_groups(h);
	char *buf = NULL;
	size_t len = 0;
	int e = -1;

	if (!devices || !groups)
		goto out;
	for (size_t l = 0; l < NLEVELS; l++) {
		struct md m = { .h = h, .fs = fs, .sc = sc, .o = o,
				.lv = &levels[l] };

		free(buf);
		buf = NULL;
		m.out = open_memstream(&buf, &len);
		if (!m.out)
			goto out;
		render(&m, devices, groups);
		if (ferror(m.out)) {
			fclose(m.out);
			goto out;
		}
		if (fclose(m.out))
			goto out;
		if (len <= MD_BUDGET)
			break;
	}
	e = fwrite(buf, 1, len, out) == len ? 0 : -1;
out:
	free(buf);
	cJSON_Delete(devices);
	cJSON_Delete(groups);
	return e;
}

const struct report_writer report_markdown = {
	.name = "markdown",
	.write = write_markdown,
};
