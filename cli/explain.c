/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `vfio-ready explain`: what a finding code means, why it matters for
 * passthrough and how to fix it, from the table in checks/explain.c.
 *
 *   vfio-ready explain CODE     one code, wrapped at 80 columns
 *   vfio-ready explain --list   every code with the first sentence of its
 *                               meaning, one line each (for grep)
 *   vfio-ready explain --man    the FINDING CODES section of vfio-ready(8),
 *                               in troff (`make doc` splices it in)
 *
 * An unknown code exits 2 and names the codes closest to it: those that
 * share the longest prefix with it.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../checks/explain.h"
#include "../report/report.h"

#define MIN_PREFIX 3       /* a shorter shared prefix suggests nothing */
#define MAX_SUGGEST 12

static void usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready explain CODE     what a finding code means and how to fix it\n"
"       vfio-ready explain --list   every finding code, one line each\n"
"       vfio-ready explain --man    the FINDING CODES section of vfio-ready(8)\n");
}

static void explain_one(const struct explanation *e)
{
	const char *const parts[][2] = {
		{ "Meaning:", e->meaning },
		{ "Why it matters:", e->why },
		{ "Fix:", e->fix },
	};

	printf("%s\n", e->code);
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		printf("\n%s\n", parts[i][0]);
		report_wrap(stdout, parts[i][1], 2, false);
	}
}

/* Every code with the first sentence of its meaning, one line each (for
 * grep; a line may pass 80 columns, `explain CODE` wraps). */
static void list(void)
{
	int width = 0;

	for (size_t i = 0; i < explain_count(); i++) {
		int n = (int)strlen(explain_at(i)->code);

		width = n > width ? n : width;
	}
	for (size_t i = 0; i < explain_count(); i++) {
		const struct explanation *e = explain_at(i);
		const char *stop = strstr(e->meaning, ". ");
		int n = stop ? (int)(stop - e->meaning) + 1 :
			(int)strlen(e->meaning);

		printf("%-*s  %.*s\n", width, e->code, n, e->meaning);
	}
}

/* TEXT as one troff text line: backslashes and minus signs escaped, and a
 * leading '.' or '\'' kept from reading as a request. */
static void troff(const char *text)
{
	if (*text == '.' || *text == '\'')
		fputs("\\&", stdout);
	for (const char *p = text; *p; p++) {
		if (*p == '\\')
			fputs("\\e", stdout);
		else if (*p == '-')
			fputs("\\-", stdout);
		else
			putchar(*p);
	}
	putchar('\n');
}

static void man(void)
{
	puts(".SH FINDING CODES\n"
	     "Every finding carries a stable code; renaming one is a "
	     "CHANGELOG entry.\n"
	     "This section is generated from the table that\n"
	     ".B vfio\\-ready explain\n"
	     "prints (run\n"
	     ".B make doc\n"
	     "after changing it).\n"
	     "A code emitted with several verdicts is explained once for all "
	     "of them;\n"
	     "the finding's own remedy is the exact command for the host.");
	for (size_t i = 0; i < explain_count(); i++) {
		const struct explanation *e = explain_at(i);

		puts(".TP");
		fputs(".B ", stdout);
		troff(e->code);
		troff(e->meaning);
		puts(".IP");
		fputs("\\fIWhy it matters:\\fR ", stdout);
		troff(e->why);
		puts(".IP");
		fputs("\\fIFix:\\fR ", stdout);
		troff(e->fix);
	}
}

/* The length of the prefix A and B share. */
static size_t shared_prefix(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

static int unknown_code(const char *code)
{
	size_t best = 0, shown = 0, matches = 0;

	for (size_t i = 0; i < explain_count(); i++) {
		size_t n = shared_prefix(code, explain_at(i)->code);

		best = n > best ? n : best;
	}
	fprintf(stderr, "vfio-ready: no finding code '%s'", code);
	if (best < MIN_PREFIX) {
		fputs("; vfio-ready explain --list shows them all\n", stderr);
		return EXIT_USAGE;
	}
	fputs("; closest:\n", stderr);
	for (size_t i = 0; i < explain_count(); i++) {
		const char *c = explain_at(i)->code;

		if (shared_prefix(code, c) != best)
			continue;
		matches++;
		if (shown++ < MAX_SUGGEST)
			fprintf(stderr, "  %s\n", c);
	}
	if (matches > MAX_SUGGEST)
		fprintf(stderr, "  ... and %zu more (vfio-ready explain --list)\n",
			matches - MAX_SUGGEST);
	return EXIT_USAGE;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "man", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool want_list = false, want_man = false;
	const struct explanation *e;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			want_list = true;
			break;
		case 'm':
			want_man = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_READY;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (want_list + want_man + (optind < argc) != 1 ||
	    argc - optind > 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (want_list) {
		list();
	} else if (want_man) {
		man();
	} else {
		e = explain_find(argv[optind]);
		if (!e)
			return unknown_code(argv[optind]);
		explain_one(e);
	}
	return fflush(stdout) ? EXIT_USAGE : EXIT_READY;
}
