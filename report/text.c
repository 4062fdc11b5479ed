/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text report: verdict first, then findings grouped by layer, in
 * aligned columns within 80, coloured only when asked (the CLI asks on a
 * terminal without NO_COLOR).
 *
 *   Verdict: NOT READY  score 12/100  first failing layer: kernel
 *
 *   kernel
 *     [FAIL]    Title, wrapped under itself
 *               (finding.code)
 *               Detail, wrapped at column 12.
 *               evidence: source: the exact line, continued under
 *                         itself
 *               fix:
 *                 Remedy prose, wrapped at column 14.
 *                   sudo a-command --that-is pasted whole
 *
 * Every line fits in 80 columns but one kind: a remedy line that holds a
 * shell command ("sudo " or a pipe " | ") is printed whole, so it can be
 * pasted; breaking it would break the command.  Other remedy lines wrap,
 * keeping their indentation (the set-up steps of checks/setup.c indent
 * prose and device lists as well as commands).
 *
 * -q (quiet) prints the verdict line and every blocker (fail and error
 * findings) with its code and fix, nothing else.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"
#include "version.h"

#define WIDTH 80
#define TEXT_COL 12             /* titles, codes, details, evidence */
#define FIX_COL 14              /* remedy text, under "fix:" */
#define MIN_AVAIL 20            /* columns a wrapped line always gets */

struct style {
	const char *on, *off;
};

static struct style verdict_style(enum verdict v, bool color)
{
	static const char *const col[VERDICT_COUNT] = {
		[VERDICT_PASS] = "\033[32m",    [VERDICT_INFO] = "\033[36m",
		[VERDICT_WARN] = "\033[33m",    [VERDICT_FAIL] = "\033[1;31m",
		[VERDICT_UNKNOWN] = "\033[35m", [VERDICT_SKIP] = "\033[2m",
		[VERDICT_ERROR] = "\033[1;31m",
	};
	if (!color || (unsigned)v >= VERDICT_COUNT)
		return (struct style){ "", "" };
	return (struct style){ col[v], "\033[0m" };
}

/*
 * The N bytes at P as lines of at most WIDTH columns: the first continues
 * a line already COL columns wide, the others start with INDENT spaces.
 * Breaks at spaces; a word longer than a whole line is cut.
 */
static void wrap_span(FILE *out, const char *p, size_t n, int col, int indent)
{
	const char *end = p + n;

	if (!n) {
		fputc('\n', out);
		return;
	}
	while (p < end) {
		int avail = WIDTH - col;
		size_t len = (size_t)(end - p), seg;

		if (avail < MIN_AVAIL)
			avail = MIN_AVAIL;
		if (len > (size_t)avail) {
			size_t cut = (size_t)avail;

			while (cut > 0 && p[cut] != ' ')
				cut--;
			len = cut ? cut : (size_t)avail;
		}
		seg = len;
		while (seg > 0 && p[seg - 1] == ' ')
			seg--;          /* no blanks at the end of a line */
		fprintf(out, "%.*s\n", (int)seg, p);
		p += len;
		while (p < end && *p == ' ')
			p++;
		if (p < end)
			fprintf(out, "%*s", indent, "");
		col = indent;
	}
}

/* Is this remedy line a command to paste whole (see the top comment)? */
static bool command_line(const char *p, size_t n)
{
	return memmem(p, n, "sudo ", 5) || memmem(p, n, " | ", 3);
}

void report_wrap(FILE *out, const char *text, int indent, bool commands)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t lead = strspn(p, " ");
		int hang;

		if (lead > len)
			lead = len;
		if (lead == len) {
			fputc('\n', out);      /* an empty line, no trailing blanks */
		} else if (commands && command_line(p, len)) {
			fprintf(out, "%*s%.*s\n", indent, "", (int)len, p);
		} else {
			/* "  - item" lines continue under the item's text */
			hang = indent + (int)lead;
			if (len - lead > 2 && p[lead] == '-' && p[lead + 1] == ' ')
				hang += 2;
			fprintf(out, "%*s", indent + (int)lead, "");
			wrap_span(out, p + lead, len - lead, indent + (int)lead,
				  hang);
		}
		p += len;
		if (*p == '\n')
			p++;
	}
}

static void print_finding(FILE *out, const struct finding *f, bool color,
			  bool quiet)
{
	struct style st = verdict_style(f->verdict, color);
	char tag[16];

	snprintf(tag, sizeof(tag), "[%s]", verdict_name(f->verdict));
	for (char *c = tag; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c -= 32;
	/* the tag column is TEXT_COL wide: "  [UNKNOWN] " */
	fprintf(out, "  %s%-*s%s ", st.on, TEXT_COL - 3, tag, st.off);
	wrap_span(out, f->title, strlen(f->title), TEXT_COL, TEXT_COL);
	fprintf(out, "%*s(%s)\n", TEXT_COL, "", f->code);
	if (f->detail && !quiet)
		report_wrap(out, f->detail, TEXT_COL, false);
	for (size_t i = 0; i < f->nevidence && !quiet; i++) {
		static const char label[] = "evidence: ";
		const struct evidence *e = &f->evidence[i];
		int col = TEXT_COL + (int)sizeof(label) - 1;
		char *line = NULL;
		int n = asprintf(&line, "%s: %s", e->source, e->text);

		if (n < 0)
			continue;
		fprintf(out, "%*s%s", TEXT_COL, "", label);
		wrap_span(out, line, (size_t)n, col, col);
		free(line);
	}
	if (f->remedy) {
		fprintf(out, "%*sfix:\n", TEXT_COL, "");
		report_wrap(out, f->remedy, FIX_COL, true);
	}
}

static bool blocker(const struct finding *f)
{
	return f->verdict == VERDICT_FAIL || f->verdict == VERDICT_ERROR;
}

/* What this run could not read for want of root, and that sudo would
 * add (host_root_gaps()). */
static void print_root_gaps(FILE *out, const struct host *h)
{
	struct root_gap gaps[ROOT_GAPS_MAX];
	size_t n = host_root_gaps(h, gaps);

	if (n)
		fprintf(out, "Not run as root, so these are unknown; run it "
			     "again with sudo for them:\n");
	for (size_t i = 0; i < n; i++) {
		char *line = NULL;

		if (asprintf(&line, "- %s (%s): %s", gaps[i].what,
			     gaps[i].source, gaps[i].reason) < 0)
			continue;
		report_wrap(out, line, 2, false);
		free(line);
	}
}

static int write_text(FILE *out, const struct host *h,
		      const struct findings *fs, const struct score *sc,
		      const struct report_opts *o)
{
	static const char *const words[] = {
		[STATUS_READY] = "READY",
		[STATUS_WARNINGS] = "READY WITH WARNINGS",
		[STATUS_NOT_READY] = "NOT READY",
	};
	const char *on = "", *off = "";

	if (o->color) {
		on = sc->status == STATUS_READY ? "\033[1;32m" :
		     sc->status == STATUS_WARNINGS ? "\033[1;33m" : "\033[1;31m";
		off = "\033[0m";
	}
	if (!o->quiet)
		fprintf(out, "vfio-ready %s  %s\n", VFIO_READY_VERSION,
			h->live ? "(this machine)" : h->source);
	fprintf(out, "Verdict: %s%s%s  score %d/100", on, words[sc->status],
		off, sc->score);
	if (sc->first_failing_layer >= 0)
		fprintf(out, "  first failing layer: %s",
			layer_name(sc->first_failing_layer));
	fputc('\n', out);
	if (!o->quiet)
		print_root_gaps(out, h);

	for (int l = 0; l < LAYER_COUNT; l++) {
		bool header = false;

		for (size_t i = 0; i < fs->count; i++) {
			const struct finding *f = &fs->v[i];

			if ((int)f->layer != l || (o->quiet && !blocker(f)))
				continue;
			if (!header && !o->quiet)
				fprintf(out, "\n%s%s%s\n", o->color ? "\033[1m" : "",
					layer_name(l), o->color ? "\033[0m" : "");
			header = true;
			print_finding(out, f, o->color, o->quiet);
		}
	}
	if (!o->quiet)
		fprintf(out, "\n%u pass, %u info, %u warn, %u fail, %u unknown, "
			     "%u skip, %u error\n",
			sc->counts[VERDICT_PASS], sc->counts[VERDICT_INFO],
			sc->counts[VERDICT_WARN], sc->counts[VERDICT_FAIL],
			sc->counts[VERDICT_UNKNOWN], sc->counts[VERDICT_SKIP],
			sc->counts[VERDICT_ERROR]);
	return ferror(out) ? -1 : 0;
}

const struct report_writer report_text = {
	.name = "text",
	.write = write_text,
};
