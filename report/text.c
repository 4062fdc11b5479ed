/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text report: verdict first, then findings grouped by layer, wrapped
 * at 80 columns, coloured only when asked (a terminal without NO_COLOR).
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"
#include "version.h"

#define WIDTH 80

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

/* Print TEXT wrapped to WIDTH, every line starting with INDENT spaces. */
static void wrap(FILE *out, const char *text, int indent)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t linelen = nl ? (size_t)(nl - p) : strlen(p);
		int avail = WIDTH - indent;

		if (avail < 20)
			avail = 20;
		/* a pasteable command keeps its line whole */
		if (linelen > 2 && p[0] == ' ' && p[1] == ' ') {
			fprintf(out, "%*s%.*s\n", indent, "", (int)linelen, p);
		} else {
			const char *q = p, *end = p + linelen;

			while (q < end) {
				size_t n = (size_t)(end - q);

				if (n > (size_t)avail) {
					size_t cut = (size_t)avail;

					while (cut > 0 && q[cut] != ' ')
						cut--;
					n = cut ? cut : (size_t)avail;
				}
				fprintf(out, "%*s%.*s\n", indent, "", (int)n, q);
				q += n;
				while (q < end && *q == ' ')
					q++;
			}
			if (linelen == 0)
				fputc('\n', out);
		}
		p += linelen;
		if (*p == '\n')
			p++;
	}
}

static void print_finding(FILE *out, const struct finding *f, bool color)
{
	struct style st = verdict_style(f->verdict, color);
	char tag[16];

	snprintf(tag, sizeof(tag), "[%s]", verdict_name(f->verdict));
	for (char *c = tag; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c -= 32;
	fprintf(out, "  %s%-9s%s %s\n", st.on, tag, st.off, f->title);
	fprintf(out, "            (%s)\n", f->code);
	if (f->detail)
		wrap(out, f->detail, 12);
	for (size_t i = 0; i < f->nevidence; i++) {
		char *line = NULL;

		if (asprintf(&line, "evidence: %s: %s", f->evidence[i].source,
			     f->evidence[i].text) < 0)
			continue;
		wrap(out, line, 12);
		free(line);
	}
	if (f->remedy) {
		fprintf(out, "%12sfix:\n", "");
		wrap(out, f->remedy, 14);
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
	fprintf(out, "vfio-ready %s  %s\n", VFIO_READY_VERSION,
		h->live ? "(this machine)" : h->source);
	fprintf(out, "Verdict: %s%s%s  score %d/100", on, words[sc->status],
		off, sc->score);
	if (sc->first_failing_layer >= 0)
		fprintf(out, "  first failing layer: %s",
			layer_name(sc->first_failing_layer));
	fputc('\n', out);
	if (h->as_root_known && !h->as_root)
		fprintf(out, "Not run as root: facts that need root are "
			     "unknown; run it again with sudo for the whole "
			     "picture.\n");

	for (int l = 0; l < LAYER_COUNT; l++) {
		bool header = false;

		for (size_t i = 0; i < fs->count; i++) {
			const struct finding *f = &fs->v[i];

			if ((int)f->layer != l)
				continue;
			if (o->quiet && f->verdict != VERDICT_FAIL &&
			    f->verdict != VERDICT_ERROR)
				continue;
			if (!header) {
				fprintf(out, "\n%s%s%s\n", o->color ? "\033[1m" : "",
					layer_name(l), o->color ? "\033[0m" : "");
				header = true;
			}
			print_finding(out, f, o->color);
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
