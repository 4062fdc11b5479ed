/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `vfio-ready diff A B`: what changed between two audits of one host.
 * Each side is a JSON report, or a snapshot (a directory, or a file ending
 * in .tar.gz or .tgz) that is audited here first, exactly as
 * `vfio-ready --root` would.  The comparison is report/diff.c; exit codes
 * follow diff(1): 0 nothing changed, 1 something did, 2 trouble.
 */
#include "cli.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../checks/check.h"
#include "../report/diff.h"
#include "../report/fleet.h"

static bool is_snapshot(const char *path)
{
	size_t n = strlen(path);
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return true;
	return (n > 7 && !strcmp(path + n - 7, ".tar.gz")) ||
	       (n > 4 && !strcmp(path + n - 4, ".tgz"));
}

/* The report of PATH as a tree: read, or audited from a snapshot.  Prints
 * why not and returns -errno. */
static int load_side(const char *path, cJSON **out)
{
	struct probe_opts po = { 0 };
	struct cli_host ch;
	struct findings fs;
	struct score sc;
	char why[300];
	size_t len;
	char *buf;
	int e;

	*out = NULL;
	if (is_snapshot(path)) {
		if (cli_host_open(path, &po, &ch))
			return -EINVAL;
		findings_init(&fs);
		checks_run(&ch.h, &fs);
		score_findings(&fs, &sc);
		*out = report_build_json(&ch.h, &fs, &sc);
		findings_release(&fs);
		cli_host_close(&ch);
		if (!*out) {
			fprintf(stderr, "vfio-ready diff: out of memory\n");
			return -ENOMEM;
		}
		return 0;
	}
	e = cli_read_file(AT_FDCWD, path, 0, REPORT1_MAX_BYTES, &buf, &len);
	if (e) {
		fprintf(stderr, "vfio-ready diff: cannot read %s: %s\n", path,
			cli_report_read_error(e));
		return e;
	}
	e = report1_parse(buf, len, out, why, sizeof(why));
	free(buf);
	if (e) {
		fprintf(stderr, "vfio-ready diff: %s: ", path);
		fleet_fputs_plain(why, stderr);
		fputc('\n', stderr);
	}
	return e;
}

static void diff_usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready diff [--format text|json] [-o FILE] BEFORE AFTER\n"
"What changed between two audits of one host: the verdict, devices added,\n"
"removed or moved, IOMMU groups split or merged, ACS bits, findings that\n"
"appeared, were resolved or changed verdict.  BEFORE and AFTER are JSON\n"
"reports (vfio-ready --format json) or snapshots (a directory, .tar.gz).\n"
"Exit: 0 nothing changed, 1 something changed, 2 trouble.\n");
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *outpath = NULL;
	cJSON *before = NULL, *after = NULL, *d = NULL;
	char why[300];
	FILE *out = stdout;
	int c, e, rc = EXIT_USAGE;

	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'h':
			diff_usage(stdout);
			return EXIT_READY;
		default:
			diff_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		fprintf(stderr, "vfio-ready diff: --format takes text or "
				"json\n");
		return EXIT_USAGE;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "vfio-ready diff: give two reports or "
				"snapshots\n");
		diff_usage(stderr);
		return EXIT_USAGE;
	}
	if (load_side(argv[optind], &before) ||
	    load_side(argv[optind + 1], &after))
		goto done;
	e = report_diff(before, after, &d, why, sizeof(why));
	if (e) {
		fputs("vfio-ready diff: ", stderr);
		fleet_fputs_plain(e == -ENOMEM ? "out of memory" : why, stderr);
		fputc('\n', stderr);
		goto done;
	}
	if (outpath && !(out = fopen(outpath, "w"))) {
		fprintf(stderr, "vfio-ready diff: cannot write %s: %s\n",
			outpath, strerror(errno));
		goto done;
	}
	if (!strcmp(format, "json")) {
		char *s = cJSON_Print(d);

		e = !s || fputs(s, out) < 0 || fputc('\n', out) < 0 ? -1 : 0;
		free(s);
	} else {
		e = report_diff_write_text(out, d);
	}
	if (e < 0 || (out != stdout && fclose(out) != 0) ||
	    (out == stdout && fflush(stdout) != 0))
		fprintf(stderr, "vfio-ready diff: writing the diff failed\n");
	else
		rc = report_diff_changed(d) ? 1 : 0;
done:
	cJSON_Delete(before);
	cJSON_Delete(after);
	cJSON_Delete(d);
	return rc;
}
