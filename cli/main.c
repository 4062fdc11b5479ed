/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vfio-ready: probe -> checks -> report.  The only place that prints to the
 * user, parses options or chooses an exit code.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../checks/check.h"
#include "../probe/probe.h"
#include "../report/report.h"
#include "../report/version.h"
#include "cli.h"

static void usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready [OPTIONS]              audit this machine (or --root)\n"
"       vfio-ready capture OUT [OPTIONS]  write a snapshot of what it reads\n"
"\n"
"Options:\n"
"  -r, --root DIR|FILE.tar.gz  read a snapshot instead of this machine\n"
"  -f, --format text|json      output format (default: text)\n"
"  -o, --output FILE           write the report to FILE\n"
"  -q, --quiet                 text: only the verdict and the blockers\n"
"      --color WHEN            auto (default), always or never; NO_COLOR is\n"
"                              honoured\n"
"  -V, --version               print the version\n"
"  -h, --help                  this help\n"
"\n"
"Exit status: 0 ready (possibly with warnings), 1 not ready,\n"
"2 usage error, unusable input or internal error.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "color", required_argument, NULL, 'C' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rootpath = NULL, *format = "text", *outpath = NULL;
	const char *color = "auto";
	const struct report_writer *w;
	struct report_opts ro = { 0 };
	struct probe_opts po = { 0 };
	struct findings fs;
	struct score sc;
	struct host h;
	struct root *root = NULL;
	char *unpacked = NULL, err[512];
	FILE *out = stdout;
	int c, e, rc;

	if (argc > 1 && !strcmp(argv[1], "capture"))
		return cmd_capture(argc - 1, argv + 1);

	while ((c = getopt_long(argc, argv, "r:f:o:qVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rootpath = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'q':
			ro.quiet = true;
			break;
		case 'C':
			color = optarg;
			break;
		case 'V':
			printf("vfio-ready %s\n", VFIO_READY_VERSION);
			return EXIT_READY;
		case 'h':
			usage(stdout);
			return EXIT_READY;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vfio-ready: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	w = report_writer_find(format);
	if (!w) {
		fprintf(stderr, "vfio-ready: unknown format '%s' "
				"(text or json)\n", format);
		return EXIT_USAGE;
	}
	if (strcmp(color, "auto") && strcmp(color, "always") &&
	    strcmp(color, "never")) {
		fprintf(stderr, "vfio-ready: --color takes auto, always or never\n");
		return EXIT_USAGE;
	}

	if (rootpath)
		e = snapshot_open(rootpath, &root, &unpacked, err, sizeof(err));
	else
		e = root_open("/", &root);
	if (e) {
		if (rootpath)
			fprintf(stderr, "vfio-ready: cannot open %s\n", err);
		else
			fprintf(stderr, "vfio-ready: cannot open /: %s\n",
				strerror(-e));
		return EXIT_USAGE;
	}
	e = probe_host(root, rootpath ? rootpath : "live", &po, &h);
	if (e) {
		struct snapshot_meta m;

		/* the manifest's own message says what is wrong with it */
		if (snapshot_meta_read(root, &m, err, sizeof(err)) == 0)
			snprintf(err, sizeof(err), "%s", strerror(-e));
		fprintf(stderr, "vfio-ready: %s is not a usable snapshot: %s\n",
			rootpath ? rootpath : "/", err);
		host_release(&h);
		root_free(root);
		snapshot_cleanup(unpacked);
		return EXIT_USAGE;
	}

	findings_init(&fs);
	checks_run(&h, &fs);
	score_findings(&fs, &sc);

	if (outpath) {
		out = fopen(outpath, "w");
		if (!out) {
			fprintf(stderr, "vfio-ready: cannot write %s: %s\n",
				outpath, strerror(errno));
			rc = EXIT_USAGE;
			goto done;
		}
	}
	ro.color = !strcmp(color, "always") ||
		   (!strcmp(color, "auto") && !outpath && isatty(STDOUT_FILENO) &&
		    !getenv("NO_COLOR"));
	if (w->write(out, &h, &fs, &sc, &ro) < 0 ||
	    (out != stdout && fclose(out) != 0) ||
	    (out == stdout && fflush(stdout) != 0)) {
		fprintf(stderr, "vfio-ready: writing the report failed\n");
		rc = EXIT_USAGE;
		goto done;
	}
	rc = sc.status == STATUS_NOT_READY ? EXIT_NOT_READY : EXIT_READY;
done:
	findings_release(&fs);
	host_release(&h);
	root_free(root);
	snapshot_cleanup(unpacked);
	return rc;
}
