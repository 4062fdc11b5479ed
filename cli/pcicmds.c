/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PCI commands:
 *   vfio-ready groups   the IOMMU groups, with each group's verdict
 *   vfio-ready hostdev  the set-up for one device and its group
 *   vfio-ready domain   a libvirt domain's <hostdev>s against this host
 * The judgement lives in probe/assign.c and checks/setup.c; this file
 * parses options, prints and picks the exit code.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../report/report.h"
#include "../checks/setup.h"

/* Options shared by the three commands. */
struct pci_opts {
	const char *rootpath;
	const char *format;
	struct probe_opts po;
};

enum { OPT_LSPCI_DUMP = 0x100 };

/* Parse ARGV; positional arguments are left at argv[optind..].  Returns
 * -1 to go on, else the exit code. */
static int parse_opts(int argc, char **argv, struct pci_opts *o,
		      void (*usage)(FILE *))
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "lspci-dump", required_argument, NULL, OPT_LSPCI_DUMP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "r:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o->rootpath = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case OPT_LSPCI_DUMP:
			o->po.lspci_dump = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_READY;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return -1;
}

static const char *verdict_of(const struct host *h, int fn)
{
	if (!h->assign.v || fn < 0 || (size_t)fn >= h->assign.count)
		return "unknown";
	return assignability_name(h->assign.v[fn].verdict);
}

static enum assignability assign_verdict(const struct host *h, int fn)
{
	if (!h->assign.v || fn < 0 || (size_t)fn >= h->assign.count)
		return ASSIGN_UNKNOWN;
	return h->assign.v[fn].verdict;
}

/* ---- groups ---- */

static void groups_usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready groups [--root DIR|FILE.tar.gz] [--lspci-dump FILE]\n"
"                         [--format text|json]\n"
"The IOMMU groups (the kernel's, or the predicted ones when the IOMMU is\n"
"off), each with its verdict and its members.\n");
}

/* One group: a header with its verdict, then each member and, for a
 * shared or blocked group, the reasons (each once). */
static void print_group(const struct host *h, const char *title,
			const int *m, size_t n, char *const *extra,
			size_t nextra)
{
	size_t fns = 0, blocked = 0, unknown = 0, alone = 0;
	const char *verdict;
	char line[512];

	for (size_t i = 0; i < n; i++) {
		if (h->pci.v[m[i]].is_bridge)
			continue;
		fns++;
		switch (assign_verdict(h, m[i])) {
		case ASSIGN_BLOCKED:
			blocked++;
			break;
		case ASSIGN_UNKNOWN:
			unknown++;
			break;
		case ASSIGN_ALONE:
			alone++;
			break;
		default:
			break;
		}
	}
	if (!fns && n)
		verdict = "bridges only (they stay on the host)";
	else if (blocked)
		verdict = "blocked";
	else if (unknown || !n)
		verdict = "unknown";
	else if (fns == 1 && alone == 1)
		verdict = "assignable alone";
	else
		verdict = "assignable together (pass every function through)";
	printf("%s: %s\n", title, verdict);
	for (size_t i = 0; i < n; i++) {
		const struct device_assign *a = h->assign.v &&
			(size_t)m[i] < h->assign.count ? &h->assign.v[m[i]] :
			NULL;

		printf("  %s  [%s]\n", setup_describe(h, m[i], line,
						     sizeof(line)),
		       h->pci.v[m[i]].is_bridge ? "bridge" :
		       verdict_of(h, m[i]));
		for (size_t r = 0; a && !h->pci.v[m[i]].is_bridge &&
				   r < a->nreasons; r++) {
			bool seen = false;

			enum assign_reason_kind k = a->reasons[r].kind;

			/* what blocks it, what is unknown, and why the
			 * group is shared; not the notes (reset, bridges) */
			if (!assign_reason_blocks(k) && !a->reasons[r].unknown &&
			    !(fns > 1 && (k <= AREASON_ACS_UNKNOWN ||
					  k == AREASON_KERNEL_ONLY)))
				continue;
			/* the same reason is often given for each member */
			for (size_t j = 0; j < i && !seen; j++) {
				const struct device_assign *b = h->assign.v &&
					(size_t)m[j] < h->assign.count ?
					&h->assign.v[m[j]] : NULL;

				for (size_t q = 0; b && q < b->nreasons; q++)
					if (!strcmp(b->reasons[q].text,
						    a->reasons[r].text))
						seen = true;
			}
			for (size_t q = 0; q < r && !seen; q++)
				seen = !strcmp(a->reasons[q].text,
					       a->reasons[r].text);
			if (!seen)
				printf("      %s\n", a->reasons[r].text);
		}
	}
	for (size_t i = 0; i < nextra; i++)
		printf("  %s  (not a PCI function)\n", extra[i]);
}

static int groups_text(const struct host *h)
{
	const struct cmdline_param *ovr =
		cmdline_find_last(&h->cmdline, "pcie_acs_override");
	int *m;

	if (!h->sys.ngroups && !h->pci.count) {
		fprintf(stderr, "vfio-ready groups: neither IOMMU groups nor "
				"PCI devices could be read (%s)\n",
			h->pci.src.path[0] ? h->pci.src.path : "sys/bus/pci");
		return EXIT_USAGE;
	}
	m = calloc(h->pci.count ? h->pci.count : 1, sizeof(*m));
	if (!m) {
		fprintf(stderr, "vfio-ready: out of memory\n");
		return EXIT_USAGE;
	}
	if (ovr)
		printf("Note: %s is in force: these groups are what the "
		       "patched kernel reports, not isolation.\n\n",
		       ovr->token);
	/* an lspci dump is another machine: this one's groups do not apply */
	if (h->sys.ngroups && !h->pci.from_dump) {
		for (size_t g = 0; g < h->sys.ngroups; g++) {
			const struct iommu_group_info *gi = &h->sys.groups[g];
			char title[96], **extra;
			size_t n = 0, nextra = 0;

			extra = calloc(gi->ndevices ? gi->ndevices : 1,
				       sizeof(*extra));
			if (!extra) {
				free(m);
				return EXIT_USAGE;
			}
			for (size_t k = 0; k < gi->ndevices; k++) {
				int fn = pci_find(&h->pci, gi->devices[k]);

				if (fn >= 0)
					m[n++] = fn;
				else
					extra[nextra++] = gi->devices[k];
			}
			snprintf(title, sizeof(title), "IOMMU group %lu (%s)",
				 gi->id, gi->type[0] ? gi->type :
				 "type unknown");
			print_group(h, title, m, n, extra, nextra);
			free(extra);
		}
	} else {
		const struct predicted_groups *pg = &h->predicted;

		printf("%s: these are PREDICTED, the groups the kernel "
		       "would form once it is on%s.\n\n",
		       h->pci.from_dump ? "PCI devices from an lspci dump" :
		       "No IOMMU groups on this host (the IOMMU is off or "
		       "was not read)",
		       pg->uncertain ? " (some ACS could not be read: run as "
				       "root for an exact prediction)" : "");
		if (!pg->group_of || pg->nfunctions != h->pci.count) {
			printf("The groups could not be predicted.\n");
			free(m);
			return EXIT_READY;
		}
		for (size_t g = 0; g < pg->ngroups; g++) {
			char title[64];
			size_t n = 0;

			for (size_t i = 0; i < pg->nfunctions; i++)
				if (pg->group_of[i] == (int)g)
					m[n++] = (int)i;
			snprintf(title, sizeof(title), "Predicted group %zu", g);
			print_group(h, title, m, n, NULL, 0);
		}
	}
	free(m);
	return EXIT_READY;
}

int cmd_groups(int argc, char **argv)
{
	struct pci_opts o = { .format = "text" };
	struct cli_host ch;
	int rc;

	rc = parse_opts(argc, argv, &o, groups_usage);
	if (rc >= 0)
		return rc;
	if (optind < argc) {
		fprintf(stderr, "vfio-ready groups: unexpected argument '%s'\n",
			argv[optind]);
		groups_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(o.format, "text") && strcmp(o.format, "json")) {
		fprintf(stderr, "vfio-ready groups: --format takes text or "
				"json\n");
		return EXIT_USAGE;
	}
	if (cli_host_open(o.rootpath, &o.po, &ch))
		return EXIT_USAGE;
	if (!strcmp(o.format, "json")) {
		cJSON *j = cJSON_CreateObject();
		char *s = NULL;

		if (j && cJSON_AddItemToObject(j, "groups", report_groups(&ch.h)) &&
		    cJSON_AddItemToObject(j, "devices", report_devices(&ch.h)))
			s = cJSON_Print(j);
		cJSON_Delete(j);
		if (!s || printf("%s\n", s) < 0) {
			fprintf(stderr, "vfio-ready groups: out of memory\n");
			rc = EXIT_USAGE;
		} else {
			rc = EXIT_READY;
		}
		free(s);
	} else {
		rc = groups_text(&ch.h);
	}
	if (fflush(stdout) != 0)
		rc = EXIT_USAGE;
	cli_host_close(&ch);
	return rc;
}

/* ---- hostdev ---- */

static void hostdev_usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready hostdev BDF|VID:DID [--root DIR|FILE.tar.gz]\n"
"                          [--lspci-dump FILE]\n"
"                          [--format cmdline|libvirt|qemu]\n"
"The set-up for passing one device (and every function of its IOMMU group\n"
"that must go with it) through: cmdline (default: vfio-pci.ids=,\n"
"modprobe.d, initramfs, a one-off driver_override bind), libvirt\n"
"<hostdev> XML or QEMU -device arguments.  Nothing is run.\n"
"Exit: 0 assignable, 1 blocked or not established, 2 usage/unknown device.\n");
}

static bool is_hex(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* BDF ("01:00.0", "0000:01:00.0") or VID:DID (the first match). */
static int find_device(const struct host *h, const char *arg)
{
	const char *colon = strchr(arg, ':');

	if (strchr(arg, '.'))
		return pci_find(&h->pci, arg);
	if (colon && !strchr(colon + 1, ':') && colon - arg <= 4 &&
	    strlen(colon + 1) <= 4 && is_hex(arg, (size_t)(colon - arg)) &&
	    is_hex(colon + 1, strlen(colon + 1))) {
		unsigned long v = strtoul(arg, NULL, 16);
		unsigned long d = strtoul(colon + 1, NULL, 16);

		for (size_t i = 0; i < h->pci.count; i++)
			if (h->pci.v[i].vendor_id == v &&
			    h->pci.v[i].device_id == d)
				return (int)i;
	}
	return -1;
}

static void print_reasons(const struct host *h, int fn, FILE *out)
{
	const struct device_assign *a = h->assign.v &&
		(size_t)fn < h->assign.count ? &h->assign.v[fn] : NULL;

	size_t shown = 0;

	/* what blocks it or is unknown; the notes only if nothing else */
	for (int pass = 0; pass < 2 && !shown; pass++)
		for (size_t r = 0; a && r < a->nreasons; r++) {
			if (!pass && !assign_reason_blocks(a->reasons[r].kind) &&
			    !a->reasons[r].unknown)
				continue;
			fprintf(out, "  %s\n", a->reasons[r].text);
			shown++;
		}
	if (!shown)
		fprintf(out, "  (no reason recorded)\n");
}

int cmd_hostdev(int argc, char **argv)
{
	struct pci_opts o = { .format = "cmdline" };
	enum assignability v;
	struct cli_host ch;
	char *text, line[512];
	int rc, fn;

	rc = parse_opts(argc, argv, &o, hostdev_usage);
	if (rc >= 0)
		return rc;
	if (argc - optind != 1) {
		fprintf(stderr, "vfio-ready hostdev: give exactly one BDF or "
				"VID:DID\n");
		hostdev_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(o.format, "cmdline") && strcmp(o.format, "libvirt") &&
	    strcmp(o.format, "qemu")) {
		fprintf(stderr, "vfio-ready hostdev: --format takes cmdline, "
				"libvirt or qemu\n");
		return EXIT_USAGE;
	}
	if (cli_host_open(o.rootpath, &o.po, &ch))
		return EXIT_USAGE;
	fn = find_device(&ch.h, argv[optind]);
	if (fn < 0) {
		fprintf(stderr, "vfio-ready hostdev: no PCI device '%s' on this "
				"host%s\n", argv[optind],
			ch.h.pci.count ? "" : " (its PCI devices could not be "
					      "read)");
		cli_host_close(&ch);
		return EXIT_USAGE;
	}
	v = assign_verdict(&ch.h, fn);
	if (v == ASSIGN_BLOCKED || ch.h.pci.v[fn].is_bridge) {
		printf("%s cannot be passed through:\n",
		       setup_describe(&ch.h, fn, line, sizeof(line)));
		if (ch.h.pci.v[fn].is_bridge && v != ASSIGN_BLOCKED)
			printf("  it is a bridge: vfio-pci binds only normal "
			       "(header type 0) functions\n");
		else
			print_reasons(&ch.h, fn, stdout);
		cli_host_close(&ch);
		return EXIT_NOT_READY;
	}
	if (!strcmp(o.format, "libvirt"))
		text = setup_libvirt_xml(&ch.h, fn);
	else if (!strcmp(o.format, "qemu"))
		text = setup_qemu_args(&ch.h, fn);
	else
		text = setup_cmdline(&ch.h, fn);
	if (!text) {
		fprintf(stderr, "vfio-ready hostdev: out of memory\n");
		cli_host_close(&ch);
		return EXIT_USAGE;
	}
	printf("%s", text);
	if (text[0] && text[strlen(text) - 1] != '\n')
		printf("\n");
	free(text);
	rc = EXIT_READY;
	if (v == ASSIGN_UNKNOWN) {
		fprintf(stderr, "vfio-ready hostdev: whether %s can be passed "
				"through is not established:\n",
			ch.h.pci.v[fn].bdf);
		print_reasons(&ch.h, fn, stderr);
		rc = EXIT_NOT_READY;
	} else if (v == ASSIGN_WITH_GROUP && strcmp(o.format, "cmdline")) {
		fprintf(stderr, "vfio-ready hostdev: %s goes with its IOMMU "
				"group: every function above is needed\n",
			ch.h.pci.v[fn].bdf);
	}
	if (fflush(stdout) != 0)
		rc = EXIT_USAGE;
	cli_host_close(&ch);
	return rc;
}

/* ---- domain ---- */

static void domain_usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready domain VM.xml [--root DIR|FILE.tar.gz] [--lspci-dump FILE]\n"
"Checks every PCI <hostdev> of a libvirt domain definition (virsh dumpxml)\n"
"against this host: the address, the device, its IOMMU group's viability,\n"
"firmware identity maps and managed='no' bindings.\n"
"Exit: 0 every hostdev would start, 1 one would fail, 2 usage/parse error.\n");
}

static void print_indented(const char *text, const char *indent)
{
	for (const char *p = text; p && *p;) {
		size_t l = strcspn(p, "\n");

		printf("%s%.*s\n", indent, (int)l, p);
		p += l + (p[l] == '\n');
	}
}

int cmd_domain(int argc, char **argv)
{
	struct pci_opts o = { .format = "text" };
	struct domain_check dc;
	struct cli_host ch;
	size_t len = 0, fails = 0, warns = 0;
	char *buf = NULL;
	int rc, e;

	rc = parse_opts(argc, argv, &o, domain_usage);
	if (rc >= 0)
		return rc;
	if (argc - optind != 1) {
		fprintf(stderr, "vfio-ready domain: give exactly one VM.xml\n");
		domain_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(o.format, "text")) {
		fprintf(stderr, "vfio-ready domain: --format takes text\n");
		return EXIT_USAGE;
	}
	e = cli_read_file(AT_FDCWD, argv[optind], 0, DOMAIN_XML_MAX, &buf,
			  &len);
	if (e) {
		fprintf(stderr, "vfio-ready domain: cannot read %s: %s\n",
			argv[optind], e == -EFBIG ? "larger than 4 MiB" :
			strerror(-e));
		return EXIT_USAGE;
	}
	if (cli_host_open(o.rootpath, &o.po, &ch)) {
		free(buf);
		return EXIT_USAGE;
	}
	e = domain_check_xml(&ch.h, buf, len, &dc);
	free(buf);
	if (e) {
		fprintf(stderr, "vfio-ready domain: %s: %s\n", argv[optind],
			dc.error);
		cli_host_close(&ch);
		return EXIT_USAGE;
	}
	printf("Domain '%s' (%s): %zu PCI hostdev%s\n", dc.name, argv[optind],
	       dc.n, dc.n == 1 ? "" : "s");
	for (size_t i = 0; i < dc.n; i++) {
		const struct domain_hostdev *d = &dc.v[i];

		printf("\n%s %s (line %lu: %s%s): %s\n",
		       d->interface ? "interface" : "hostdev",
		       d->bdf[0] ? d->bdf : "?", d->line,
		       d->written[0] ? d->written : "no address",
		       d->managed ? ", managed" : ", not managed",
		       hostdev_state_name(d->state));
		print_indented(d->notes, "  ");
		if (d->fix) {
			printf("  Fix: add inside <devices>:\n");
			print_indented(d->fix, "    ");
		}
		if (d->state == HOSTDEV_FAIL)
			fails++;
		else if (d->state == HOSTDEV_WARN)
			warns++;
	}
	if (!dc.n)
		printf("No PCI <hostdev> in this domain: nothing to check.\n");
	else if (fails)
		printf("\nVerdict: %zu of %zu would fail: virsh start would "
		       "refuse this domain.\n", fails, dc.n);
	else
		printf("\nVerdict: every hostdev would start%s.\n",
		       warns ? " (read the warnings)" : "");
	domain_check_release(&dc);
	rc = fails ? EXIT_NOT_READY : EXIT_READY;
	if (fflush(stdout) != 0)
		rc = EXIT_USAGE;
	cli_host_close(&ch);
	return rc;
}
