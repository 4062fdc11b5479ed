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
#include "../report/redact.h"
#include "../report/report.h"
#include "../report/version.h"
#include "cli.h"

static void usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready [OPTIONS]              audit this machine (or --root)\n"
"       vfio-ready capture OUT [OPTIONS]  write a snapshot of what it reads\n"
"       vfio-ready groups [OPTIONS]       the IOMMU groups and their verdicts\n"
"       vfio-ready hostdev BDF [OPTIONS]  set-up for one device and its group\n"
"       vfio-ready domain VM.xml          check a libvirt domain's <hostdev>s\n"
"       vfio-ready fleet REPORT|DIR...    merge many hosts' JSON reports\n"
"       vfio-ready diff BEFORE AFTER      what changed between two audits\n"
"       vfio-ready explain CODE|--list    what a finding code means, how to fix it\n"
"\n"
"Options:\n"
"  -r, --root DIR|FILE.tar.gz  read a snapshot instead of this machine\n"
"  -f, --format text|json|markdown|html\n"
"                              output format (default: text)\n"
"  -o, --output FILE           write the report to FILE\n"
"  -q, --quiet                 only the verdict and the blockers (text,\n"
"                              markdown)\n"
"  -d, --device BDF|VID:DID    focus on these devices (repeatable)\n"
"      --profile isolation|p2p passthrough isolation (default) or GPU/RDMA\n"
"                              peer-to-peer\n"
"      --lspci-dump FILE       read PCI devices from an `lspci -xxxx` dump\n"
"      --color WHEN            auto (default), always or never; NO_COLOR is\n"
"                              honoured\n"
"      --redact                replace host names, serials, UUIDs, MAC and\n"
"                              IP addresses and user names by stable tokens\n"
"      --redact-key KEY        key for those tokens (implies --redact)\n"
"  -V, --version               print the version\n"
"  -h, --help                  this help\n"
"\n"
"Exit status: 0 ready (possibly with warnings), 1 not ready,\n"
"2 usage error, unusable input or internal error.\n");
}

#define MAX_FOCUS 64

/*
 * Write the report.  Redacted, it is rendered into memory and filtered on
 * its way out (report/redact.h), so every writer, present or future, is
 * covered without knowing about redaction.  Returns < 0 on failure.
 */
static int write_report(const struct report_writer *w, FILE *out,
			const struct host *h, const struct findings *fs,
			const struct score *sc, const struct report_opts *ro,
			const struct redactor *rd)
{
	char *raw = NULL, *clean;
	size_t rawlen = 0, len;
	FILE *mem;
	int e;

	if (!rd)
		return w->write(out, h, fs, sc, ro);
	mem = open_memstream(&raw, &rawlen);
	if (!mem)
		return -1;
	e = w->write(mem, h, fs, sc, ro) < 0 ? -1 : 0;
	if (fclose(mem) != 0)
		e = -1;
	if (!e && redact_text(rd, raw, rawlen, &clean, &len))
		e = -1;
	free(raw);
	if (e)
		return e;
	if (fwrite(clean, 1, len, out) != len)
		e = -1;
	free(clean);
	return e;
}

/* Subcommands: ARGV[1] names one, which gets ARGV from its own name on. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "capture", cmd_capture },
	{ "groups", cmd_groups },
	{ "hostdev", cmd_hostdev },
	{ "domain", cmd_domain },
	{ "explain", cmd_explain },
	{ "fleet", cmd_fleet },
	{ "diff", cmd_diff },
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "color", required_argument, NULL, 'C' },
		{ "lspci-dump", required_argument, NULL, 'L' },
		{ "device", required_argument, NULL, 'd' },
		{ "profile", required_argument, NULL, 'P' },
		{ "redact", no_argument, NULL, 'R' },
		{ "redact-key", required_argument, NULL, 'K' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rootpath = NULL, *format = "text", *outpath = NULL;
	const char *color = "auto", *focus[MAX_FOCUS + 1] = { NULL };
	const char *redact_key = NULL;
	const struct report_writer *w;
	struct redactor *rd = NULL;
	bool redact = false;
	struct report_opts ro = { 0 };
	struct probe_opts po = { 0 };
	struct cli_host ch;
	struct findings fs;
	struct score sc;
	size_t nfocus = 0;
	FILE *out = stdout;
	int c, rc;

	for (size_t i = 0; argc > 1 && i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);

	while ((c = getopt_long(argc, argv, "r:f:o:qd:Vh", longopts,
				NULL)) != -1) {
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
		case 'L':
			po.lspci_dump = optarg;
			break;
		case 'd':
			if (nfocus == MAX_FOCUS) {
				fprintf(stderr, "vfio-ready: at most %d --device\n",
					MAX_FOCUS);
				return EXIT_USAGE;
			}
			focus[nfocus++] = optarg;
			break;
		case 'P':
			if (cli_parse_profile(optarg, &po.profile)) {
				fprintf(stderr, "vfio-ready: --profile takes "
						"isolation or p2p\n");
				return EXIT_USAGE;
			}
			break;
		case 'K':
			redact_key = optarg;
			/* fall through */
		case 'R':
			redact = true;
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
		fprintf(stderr, "vfio-ready: unknown format '%s' (%s)\n",
			format, report_writer_names());
		return EXIT_USAGE;
	}
	if (strcmp(color, "auto") && strcmp(color, "always") &&
	    strcmp(color, "never")) {
		fprintf(stderr, "vfio-ready: --color takes auto, always or never\n");
		return EXIT_USAGE;
	}
	po.focus = nfocus ? focus : NULL;
	po.identity = redact;
	if (cli_host_open(rootpath, &po, &ch))
		return EXIT_USAGE;
	if (redact && (redactor_new(redact_key, &rd) ||
		       redactor_add_host(rd, &ch.h))) {
		fprintf(stderr, "vfio-ready: out of memory\n");
		rc = EXIT_USAGE;
		goto out_host;
	}

	findings_init(&fs);
	checks_run(&ch.h, &fs);
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
	if (write_report(w, out, &ch.h, &fs, &sc, &ro, rd) < 0 ||
	    (out != stdout && fclose(out) != 0) ||
	    (out == stdout && fflush(stdout) != 0)) {
		fprintf(stderr, "vfio-ready: writing the report failed\n");
		rc = EXIT_USAGE;
		goto done;
	}
	rc = sc.status == STATUS_NOT_READY ? EXIT_NOT_READY : EXIT_READY;
done:
	findings_release(&fs);
out_host:
	redactor_free(rd);
	cli_host_close(&ch);
	return rc;
}
