/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe/pci.c through libpci: the ACS registers decoded from pciutils' own
 * dumps equal what lspci printed for them; topology of a real X58 board;
 * broken and hostile input (looping capability lists, garbage dumps,
 * snapshots whose links leave the snapshot); the synthetic switch fixture;
 * BDF and ID look-ups.
 *
 * The corpus lives beside the project ($VFIO_READY_CORPUS or
 * ../shared/corpus); its tests skip when it is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../probe/probe.h"

#define FIXTURE "fixtures/synthetic/pci-switch"

static const char *corpus_dir(void)
{
	static char dir[512];
	const char *env = getenv("VFIO_READY_CORPUS");
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/pciutils-tests",
		 env && *env ? env : "../shared/corpus");
	return !stat(dir, &st) && S_ISDIR(st.st_mode) ? dir : NULL;
}

/* probe_pci() alone over ROOTDIR (a snapshot or "/"), or a dump. */
struct probe {
	struct root *root;
	struct host h;
};

static void probe_open(struct probe *pr, const char *rootdir,
		       const char *dump)
{
	memset(pr, 0, sizeof(*pr));
	assert_int_equal(root_open(rootdir, &pr->root), 0);
	pr->h.root = pr->root;
	pr->h.live = root_is_live(pr->root);
	pr->h.lspci_dump = dump;
	assert_int_equal(probe_pci(&pr->h), 0);
}

static void probe_close(struct probe *pr)
{
	pci_facts_release(&pr->h.pci);
	root_free(pr->root);
}

static const struct pci_function *fn(const struct pci_facts *p,
				     const char *bdf)
{
	int i = pci_find(p, bdf);

	if (i < 0)
		fail_msg("%s not found", bdf);
	return &p->v[i];
}

/* ---- ACS against lspci's own decoding ------------------------------------ */

/* lspci's ACSCap/ACSCtl words, in bit order (ls-ecaps.c cap_acs()). */
static const char *const acs_words[] = {
	"SrcValid", "TransBlk", "ReqRedir", "CmpltRedir", "UpstreamFwd",
	"EgressCtrl", "DirectTrans",
};

/* "\tACSCap:\tSrcValid+ TransBlk- ..." -> bits; -1 when malformed. */
static int parse_acs_line(const char *s)
{
	int bits = 0;

	for (size_t i = 0; i < 7; i++) {
		const char *w = strstr(s, acs_words[i]);
		char sign;

		if (!w)
			return -1;
		sign = w[strlen(acs_words[i])];
		if (sign == '+')
			bits |= 1 << i;
		else if (sign != '-')
			return -1;
	}
	return bits;
}

/* A device header line of `lspci -vvv`: "bb:dd.f " or "dddd:bb:dd.f ". */
static bool device_line(const char *line, char *bdf, size_t len)
{
	unsigned d, b, s, f;
	int n = 0;

	if (sscanf(line, "%x:%x:%x.%x %n", &d, &b, &s, &f, &n) == 4 && n) {
		snprintf(bdf, len, "%04x:%02x:%02x.%x", d, b, s, f);
		return true;
	}
	n = 0;
	if (sscanf(line, "%x:%x.%x %n", &b, &s, &f, &n) == 3 && n &&
	    line[2] == ':') {
		snprintf(bdf, len, "0000:%02x:%02x.%x", b, s, f);
		return true;
	}
	return false;
}

struct acs_tally {
	unsigned files, compared, unknown;
};

static void check_dump_acs(const char *path, struct acs_tally *t)
{
	char line[1024], bdf[32] = "", seen[32] = "";
	int cap = -1;
	struct probe pr;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	probe_open(&pr, "/tmp", path);
	if (pr.h.pci.src.err)
		fail_msg("%s: %s", path, pr.h.pci.error);
	t->files++;
	while (fgets(line, sizeof(line), f)) {
		const struct pci_function *fu;
		const char *s;
		int bits;

		if (device_line(line, bdf, sizeof(bdf))) {
			cap = -1;
			continue;
		}
		s = strstr(line, "ACSCap:");
		if (s && bdf[0] && strcmp(seen, bdf)) {
			cap = parse_acs_line(s);
			assert_true(cap >= 0);
			continue;
		}
		s = strstr(line, "ACSCtl:");
		if (!s || cap < 0 || !strcmp(seen, bdf))
			continue;
		/* the first ACS capability of a device is the kernel's */
		snprintf(seen, sizeof(seen), "%s", bdf);
		bits = parse_acs_line(s);
		assert_true(bits >= 0);
		fu = fn(&pr.h.pci, bdf);
		if (fu->acs.present == TRI_UNKNOWN) {
			/* text without the hex of extended space: unknown,
			 * never "clear" */
			assert_true(fu->config_size < 4096);
			t->unknown++;
			continue;
		}
		if (fu->acs.present != TRI_YES)
			fail_msg("%s %s: ACS not found", path, bdf);
		assert_true(fu->acs.cap_known);
		if ((fu->acs.cap & 0x7f) != cap)
			fail_msg("%s %s: cap %#x, lspci %#x", path, bdf,
				 fu->acs.cap & 0x7f, cap);
		if ((fu->acs.ctl_std & 0x7f) != bits)
			fail_msg("%s %s: ctl %#x, lspci %#x", path, bdf,
				 fu->acs.ctl_std & 0x7f, bits);
		if (!fu->acs.ctl_at_8)
			assert_int_equal(fu->acs.ctl, fu->acs.ctl_std);
		for (unsigned b = 0; b < 7; b++) {
			assert_int_equal(pci_acs_bit(fu, 1u << b, false),
					 cap & 1 << b ? TRI_YES : TRI_NO);
		}
		t->compared++;
		cap = -1;
	}
	fclose(f);
	probe_close(&pr);
}

static void test_corpus_acs(void **state)
{
	const char *dir = corpus_dir();
	char path[1024], line[1024];
	struct acs_tally t = { 0 };
	unsigned with_acs = 0;
	FILE *idx;

	(void)state;
	if (!dir)
		skip();
	snprintf(path, sizeof(path), "%s/index.tsv", dir);
	idx = fopen(path, "r");
	assert_non_null(idx);
	assert_non_null(fgets(line, sizeof(line), idx));   /* header */
	while (fgets(line, sizeof(line), idx)) {
		char name[256];
		unsigned devs, hex, acs;

		if (sscanf(line, "%255s %u %u %u", name, &devs, &hex,
			   &acs) != 4)
			continue;
		with_acs += acs;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		check_dump_acs(path, &t);
	}
	fclose(idx);
	print_message("ACS: %u devices equal to lspci, %u unknown, %u dumps\n",
		      t.compared, t.unknown, t.files);
	assert_true(with_acs >= 10);
	/* every dump with ACS text but one (cap-dpc: 256 bytes) compared */
	assert_true(t.compared >= with_acs - 1);
	assert_true(t.compared + t.unknown >= with_acs);
}

/* The SPT PCH erratum on a real dump: lspci decodes +6, the kernel reads
 * the control dword at +8. */
static void test_corpus_spt(void **state)
{
	const char *dir = corpus_dir();
	const struct pci_function *f;
	char path[1024];
	struct probe pr;

	(void)state;
	if (!dir)
		skip();
	snprintf(path, sizeof(path), "%s/cap-exp-lnkcap2", dir);
	probe_open(&pr, "/tmp", path);
	assert_int_equal(pr.h.pci.src.err, 0);
	f = fn(&pr.h.pci, "00:1c.0");
	assert_int_equal(f->device_id, 0x9d10);
	assert_int_equal(f->pcie_type, PCIE_TYPE_ROOT_PORT);
	assert_true(f->acs.ctl_at_8);
	assert_true(f->acs.ctl_known);
	/* the Thunderbolt DSP behind it has no ACS at all */
	f = fn(&pr.h.pci, "08:00.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_DOWNSTREAM);
	assert_int_equal(f->acs.present, TRI_NO);
	assert_int_equal(pci_acs_bit(f, ACS_SV, true), TRI_NO);
	probe_close(&pr);
}

/* ---- topology of a real board --------------------------------------------- */

static void test_asus_p6t6(void **state)
{
	const char *dir = corpus_dir();
	const struct pci_facts *p;
	const struct pci_function *f;
	char path[1024];
	struct probe pr;
	static const char *const acs_ports[] = {
		"00:00.0", "00:01.0", "00:03.0", "00:07.0",
	};

	(void)state;
	if (!dir)
		skip();
	snprintf(path, sizeof(path), "%s/tree-asus-p6t6", dir);
	probe_open(&pr, "/tmp", path);
	p = &pr.h.pci;
	assert_int_equal(p->src.err, 0);
	assert_true(p->from_dump);
	assert_int_equal(p->count, 53);
	for (size_t i = 1; i < p->count; i++)
		assert_true(strcmp(p->v[i - 1].bdf, p->v[i].bdf) < 0);

	/* the X58 root ports: ACS implemented, nothing enabled (the IOMMU
	 * was off when the dump was taken) */
	for (size_t i = 0; i < 4; i++) {
		f = fn(p, acs_ports[i]);
		assert_int_equal(f->pcie_type, PCIE_TYPE_ROOT_PORT);
		assert_int_equal(f->acs.present, TRI_YES);
		assert_int_equal(f->acs.cap & 0x7f, ACS_SV | ACS_TB | ACS_RR |
				 ACS_CR | ACS_UF);
		assert_int_equal(f->acs.ctl, 0);
		assert_int_equal(pci_acs_bit(f, ACS_RR, true), TRI_NO);
	}
	/* ICH10 root ports 00:1c.x: multi-function, no ACS */
	f = fn(p, "00:1c.0");
	assert_true(f->multifunction);
	assert_true(f->is_bridge);
	assert_int_equal(f->acs.present, TRI_NO);
	assert_int_equal(f->secondary_bus, 9);

	/* NF200 switch behind 00:03.0: USP 02:00.0, DSPs 03:00.0 03:02.0 */
	f = fn(p, "02:00.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_UPSTREAM);
	assert_int_equal(f->parent, pci_find(p, "00:03.0"));
	assert_false(f->on_root_bus);
	f = fn(p, "03:02.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_DOWNSTREAM);
	assert_int_equal(f->parent, pci_find(p, "02:00.0"));
	f = fn(p, "06:00.0");                   /* GeForce 210, fn 0 of 2 */
	assert_int_equal(f->class_code >> 8, 0x0300);
	assert_true(f->multifunction);
	assert_int_equal(f->parent, pci_find(p, "00:07.0"));
	assert_int_equal(fn(p, "06:00.1")->parent, f->parent);
	f = fn(p, "04:00.0");
	assert_int_equal(f->parent, pci_find(p, "03:00.0"));

	/* the conventional PCI bridge 00:1e.0: no PCIe capability */
	f = fn(p, "00:1e.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_NONE);
	assert_true(f->is_bridge);
	assert_int_equal(f->acs.present, TRI_NO);
	assert_true(fn(p, "00:00.0")->on_root_bus);
	assert_true(fn(p, "ff:00.0")->on_root_bus);

	/* a dump has no sysfs: those facts are unknown, not "none" */
	assert_false(f->sysfs);
	assert_int_equal(f->reset_methods_known, TRI_UNKNOWN);
	assert_int_equal(f->boot_vga, TRI_UNKNOWN);
	assert_int_equal(f->iommu_group, -1);
	probe_close(&pr);
}

static void test_broken_ecaps(void **state)
{
	const char *dir = corpus_dir();
	char path[1024];
	struct probe pr;

	(void)state;
	if (!dir)
		skip();
	snprintf(path, sizeof(path), "%s/broken-ecaps", dir);
	probe_open(&pr, "/tmp", path);
	assert_int_equal(pr.h.pci.src.err, 0);
	assert_int_equal(pr.h.pci.count, 1);
	probe_close(&pr);
}

/* ---- hand-made dumps ------------------------------------------------------ */

static char tmpdir[64];

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Append CFG[0..LEN) as `lspci -x` hex lines under header line HEAD. */
static void dump_config(FILE *f, const char *head, const uint8_t *cfg,
			size_t len)
{
	fprintf(f, "%s\n", head);
	for (size_t i = 0; i < len; i += 16) {
		fprintf(f, "%02zx:", i);
		for (size_t j = 0; j < 16; j++)
			fprintf(f, " %02x", cfg[i + j]);
		fprintf(f, "\n");
	}
	fprintf(f, "\n");
}

/* A PCIe endpoint whose capability lists loop on themselves. */
static void looping_config(uint8_t *cfg)
{
	memset(cfg, 0, 4096);
	cfg[0] = 0x86; cfg[1] = 0x80; cfg[2] = 0x34; cfg[3] = 0x12;
	cfg[6] = 0x10;                          /* PCI_STATUS_CAP_LIST */
	cfg[0x0b] = 0x02;
	cfg[0x34] = 0x40;
	cfg[0x40] = 0x10; cfg[0x41] = 0x40;     /* PCIe, next = itself */
	cfg[0x42] = 0x02;                       /* endpoint, v2 */
	/* ACS at 0x100 whose next pointer is 0x100 again */
	cfg[0x100] = 0x0d; cfg[0x101] = 0x00; cfg[0x102] = 0x01;
	cfg[0x103] = 0x10;
	cfg[0x104] = 0x1d;
	cfg[0x106] = 0x1d;
}

static void test_dump_looping_caps(void **state)
{
	uint8_t cfg[4096];
	char path[128];
	const struct pci_function *f;
	struct probe pr;
	FILE *o;

	(void)state;
	looping_config(cfg);
	snprintf(path, sizeof(path), "%s/loop", tmpdir);
	o = fopen(path, "w");
	assert_non_null(o);
	dump_config(o, "00:02.0 Looping device", cfg, 4096);
	/* the same function as only 64 bytes (lspci -x as a user) */
	dump_config(o, "00:03.0 Short device", cfg, 64);
	dump_config(o, "00:04.0 256-byte device", cfg, 256);
	fclose(o);

	probe_open(&pr, "/tmp", path);
	assert_int_equal(pr.h.pci.src.err, 0);
	assert_int_equal(pr.h.pci.count, 3);
	f = fn(&pr.h.pci, "00:02.0");
	assert_int_equal(f->config_size, 4096);
	assert_int_equal(f->pcie_type, PCIE_TYPE_ENDPOINT);
	assert_int_equal(f->acs.present, TRI_YES);
	assert_int_equal(f->acs.cap, 0x1d);

	/* 64 bytes: the capability list is out of reach -> unknown */
	f = fn(&pr.h.pci, "00:03.0");
	assert_int_equal(f->config_size, 64);
	assert_false(f->config_full);
	assert_int_equal(f->pcie_type, PCIE_TYPE_UNKNOWN);
	assert_int_equal(f->acs.present, TRI_UNKNOWN);
	assert_int_equal(f->flr, TRI_UNKNOWN);
	assert_int_equal(pci_acs_bit(f, ACS_SV, true), TRI_UNKNOWN);
	assert_int_equal(pci_acs_bit(f, ACS_SV, false), TRI_UNKNOWN);
	assert_string_equal(pcie_type_name(f->pcie_type), "unknown");

	/* 256 bytes of a PCIe function in a dump: ACS unknown */
	f = fn(&pr.h.pci, "00:04.0");
	assert_int_equal(f->config_size, 256);
	assert_int_equal(f->pcie_type, PCIE_TYPE_ENDPOINT);
	assert_int_equal(f->acs.present, TRI_UNKNOWN);
	assert_int_equal(f->ari, TRI_UNKNOWN);
	probe_close(&pr);
}

static void expect_dump_error(const char *name, const char *text,
			      size_t len, int err)
{
	char path[128];
	struct probe pr;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	write_file(path, text, len);
	probe_open(&pr, "/tmp", path);
	if (pr.h.pci.src.err != err)
		fail_msg("%s: err %d (%s), want %d", name, pr.h.pci.src.err,
			 pr.h.pci.error, err);
	assert_true(pr.h.pci.error[0] != 0);
	assert_int_equal(pr.h.pci.count, 0);
	assert_null(pr.h.pci.v);
	assert_int_equal(pci_find(&pr.h.pci, "00:00.0"), -1);
	probe_close(&pr);
}

static void test_dump_garbage(void **state)
{
	static const char malformed[] = "00:00.0 Host bridge\n00: zz 80\n";
	static const char cut[] = "00:1c.0 PCI bridge\n00: 86 80 10 9d";
	static const char far[] = "00:00.0 x\n1000: 00 11\n";
	static const char empty[] = "";
	static const char words[] = "hello\nthis is not lspci\n";
	char bin[4096], path[128];
	struct probe pr;

	(void)state;
	expect_dump_error("malformed", malformed, sizeof(malformed) - 1,
			  -EIO);
	expect_dump_error("cut", cut, sizeof(cut) - 1, -EIO);
	expect_dump_error("far", far, sizeof(far) - 1, -EIO);
	expect_dump_error("empty", empty, 0, -EBADMSG);
	expect_dump_error("words", words, sizeof(words) - 1, -EBADMSG);
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (char)(i * 131 + 7);
	snprintf(path, sizeof(path), "%s/binary", tmpdir);
	write_file(path, bin, sizeof(bin));
	probe_open(&pr, "/tmp", path);
	assert_true(pr.h.pci.src.err < 0);
	probe_close(&pr);

	/* absent and not-a-file */
	probe_open(&pr, "/tmp", "/nonexistent/vfio-ready-dump");
	assert_int_equal(pr.h.pci.src.err, -ENOENT);
	probe_close(&pr);
	probe_open(&pr, "/tmp", tmpdir);
	assert_int_equal(pr.h.pci.src.err, -EINVAL);
	probe_close(&pr);
}

/* ---- snapshots ------------------------------------------------------------ */

static void mkdirs(const char *path)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		mkdir(buf, 0755);
		*s = '/';
	}
	mkdir(buf, 0755);
}

/* SNAP/sys/devices/pci0000:00/BDF with CFG[0..LEN) as config, linked from
 * sys/bus/pci/devices by LINK (NULL: a relative link). */
static void snap_device(const char *snap, const char *bdf, const uint8_t *cfg,
			size_t len, const char *link)
{
	char dir[512], path[600], target[600];

	snprintf(dir, sizeof(dir), "%s/sys/devices/pci0000:00/%s", snap, bdf);
	mkdirs(dir);
	snprintf(path, sizeof(path), "%s/config", dir);
	write_file(path, cfg, len);
	snprintf(path, sizeof(path), "%s/vendor", dir);
	write_file(path, "0x8086\n", 7);
	snprintf(path, sizeof(path), "%s/device", dir);
	write_file(path, "0x1234\n", 7);
	snprintf(path, sizeof(path), "%s/class", dir);
	write_file(path, "0x020000\n", 9);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices", snap);
	mkdirs(path);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s", snap, bdf);
	if (link)
		snprintf(target, sizeof(target), "%s", link);
	else
		snprintf(target, sizeof(target),
			 "../../../devices/pci0000:00/%s", bdf);
	assert_int_equal(symlink(target, path), 0);
}

static void test_snapshot_nonroot(void **state)
{
	uint8_t cfg[4096];
	char snap[128];
	const struct pci_function *f;
	struct probe pr;

	(void)state;
	looping_config(cfg);
	snprintf(snap, sizeof(snap), "%s/nonroot", tmpdir);
	/* what a user reads from sysfs: 64 bytes */
	snap_device(snap, "0000:00:02.0", cfg, 64, NULL);
	/* what root reads from a conventional PCI function: 256 bytes,
	 * so the kernel itself sees no extended space */
	snap_device(snap, "0000:00:03.0", cfg, 256, NULL);
	probe_open(&pr, snap, NULL);
	assert_int_equal(pr.h.pci.src.err, 0);
	assert_int_equal(pr.h.pci.count, 2);
	f = fn(&pr.h.pci, "0000:00:02.0");
	assert_true(f->sysfs);
	assert_int_equal(f->vendor_id, 0x8086);
	assert_int_equal(f->device_id, 0x1234);
	assert_int_equal(f->class_code, 0x020000);
	assert_int_equal(f->config_size, 64);
	assert_int_equal(f->acs.present, TRI_UNKNOWN);
	assert_int_equal(f->pcie_type, PCIE_TYPE_UNKNOWN);
	assert_string_equal(f->driver, "");
	assert_int_equal(f->iommu_group, -1);
	f = fn(&pr.h.pci, "0000:00:03.0");
	assert_int_equal(f->config_size, 256);
	assert_int_equal(f->acs.present, TRI_NO);
	probe_close(&pr);
}

/* Links out of a snapshot resolve inside it, as the kernel resolves them
 * under RESOLVE_IN_ROOT: the snapshot's own files are read, never the
 * machine's (the hostile suite proves it with a canary under strace). */
static void test_snapshot_confined(void **state)
{
	uint8_t cfg[256] = { 0x86, 0x80, 0x34, 0x12 };
	uint8_t own[256] = { 0xcd, 0xab, 0x01, 0x00, [8] = 0x5a };
	char snap[128], path[600];
	struct probe pr;

	(void)state;
	/* an absolute link: /sys/devices/... of the snapshot, not ours */
	snprintf(snap, sizeof(snap), "%s/absolute", tmpdir);
	snap_device(snap, "0000:00:02.0", cfg, sizeof(cfg),
		    "/sys/devices/pci0000:00/0000:00:00.0");
	snprintf(path, sizeof(path),
		 "%s/sys/devices/pci0000:00/0000:00:00.0", snap);
	mkdirs(path);
	snprintf(path, sizeof(path),
		 "%s/sys/devices/pci0000:00/0000:00:00.0/config", snap);
	write_file(path, own, sizeof(own));
	probe_open(&pr, snap, NULL);
	assert_int_equal(pr.h.pci.src.err, 0);
	assert_int_equal(pr.h.pci.count, 1);
	assert_int_equal(pr.h.pci.v[0].vendor_id, 0xabcd);
	assert_int_equal(pr.h.pci.v[0].config_size, 256);
	probe_close(&pr);

	/* a relative link that climbs out stops at the snapshot's top */
	snprintf(snap, sizeof(snap), "%s/climb", tmpdir);
	snap_device(snap, "0000:00:02.0", cfg, sizeof(cfg),
		    "../../../../../../../../../../../../tmp");
	probe_open(&pr, snap, NULL);
	assert_int_equal(pr.h.pci.src.err, 0);
	assert_int_equal(pr.h.pci.count, 1);
	assert_int_equal(pr.h.pci.v[0].config_size, 0);
	assert_false(pr.h.pci.v[0].sysfs);
	probe_close(&pr);

	/* a device file linking out: config -> /etc/passwd of the snapshot */
	snprintf(snap, sizeof(snap), "%s/file", tmpdir);
	snap_device(snap, "0000:00:02.0", cfg, sizeof(cfg), NULL);
	snprintf(path, sizeof(path),
		 "%s/sys/devices/pci0000:00/0000:00:02.0/config", snap);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	probe_open(&pr, snap, NULL);
	assert_int_equal(pr.h.pci.src.err, 0);
	assert_int_equal(pr.h.pci.v[0].config_size, 0);
	probe_close(&pr);
	snprintf(path, sizeof(path), "%s/etc", snap);
	mkdirs(path);
	snprintf(path, sizeof(path), "%s/etc/passwd", snap);
	write_file(path, own, sizeof(own));
	probe_open(&pr, snap, NULL);
	assert_int_equal(pr.h.pci.v[0].config_size, 256);
	assert_int_equal(pr.h.pci.v[0].revision, 0x5a);
	probe_close(&pr);

	/* an entry that is no PCI address */
	snprintf(snap, sizeof(snap), "%s/name", tmpdir);
	snap_device(snap, "0000:00:02.0", cfg, sizeof(cfg), NULL);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/bogus", snap);
	assert_int_equal(symlink("../../../devices", path), 0);
	probe_open(&pr, snap, NULL);
	assert_int_equal(pr.h.pci.src.err, -EINVAL);
	probe_close(&pr);

	/* no sys/bus/pci/devices at all */
	snprintf(snap, sizeof(snap), "%s/none", tmpdir);
	mkdirs(snap);
	probe_open(&pr, snap, NULL);
	assert_int_equal(pr.h.pci.src.err, -ENOENT);
	probe_close(&pr);
}

/* ---- uevent ---------------------------------------------------------------- */

static void test_parse_uevent(void **state)
{
	/* as a bound VF shows it (dev_uevent(), then pci_uevent()) */
	static const char vf[] =
		"DRIVER=vfio-pci\nPCI_CLASS=20000\nPCI_ID=15B3:101E\n"
		"PCI_SUBSYS_ID=15B3:0001\nPCI_SLOT_NAME=0000:04:00.2\n"
		"MODALIAS=pci:v000015B3d0000101Esv000015B3sd00000001bc02sc00i00\n";
	struct pci_uevent u;

	(void)state;
	assert_int_equal(pci_parse_uevent(vf, strlen(vf), &u), 0);
	assert_true(u.have_id && u.have_class);
	assert_int_equal(u.vendor, 0x15b3);
	assert_int_equal(u.device, 0x101e);
	assert_int_equal(u.class_code, 0x020000);
	assert_string_equal(u.driver, "vfio-pci");

	/* unbound: no DRIVER=; no final newline; CRLF is not the kernel's */
	assert_int_equal(pci_parse_uevent("PCI_CLASS=C0330\nPCI_ID=8086:A0ED",
					  32, &u), 0);
	assert_true(u.have_id && u.have_class);
	assert_int_equal(u.class_code, 0x0c0330);
	assert_string_equal(u.driver, "");

	/* malformed values leave the field unknown, not zero */
	assert_int_equal(pci_parse_uevent("PCI_ID=8086\nPCI_CLASS=1234567\n",
					  29, &u), 0);
	assert_false(u.have_id);
	assert_false(u.have_class);
	assert_int_equal(pci_parse_uevent("PCI_ID=80861:1234\nPCI_CLASS=\n",
					  29, &u), 0);
	assert_false(u.have_id);
	assert_false(u.have_class);
	assert_int_equal(pci_parse_uevent("PCI_ID=80g6:1234\n", 17, &u), 0);
	assert_false(u.have_id);

	/* LEN bounds the parse: nothing past it is read */
	assert_int_equal(pci_parse_uevent("PCI_ID=8086:1234", 12, &u), 0);
	assert_false(u.have_id);

	/* a driver name that cannot be one */
	assert_int_equal(pci_parse_uevent("DRIVER=../x\n", 12, &u), -EINVAL);
	{
		char big[200] = "DRIVER=";

		memset(big + 7, 'a', 100);
		assert_int_equal(pci_parse_uevent(big, 107, &u), -EINVAL);
	}
}

static void put_text(const char *dir, const char *name, const char *text)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	write_file(path, text, strlen(text));
}

/* uevent is what the kernel says; the attributes vendor, device, class and
 * the driver link are read only for a snapshot that lacks it. */
static void test_uevent_precedence(void **state)
{
	uint8_t cfg[256] = { 0xff, 0xff, 0xff, 0xff, [8] = 0x01 };
	char snap[128], dir[512], path[700];
	const struct pci_function *f;
	struct probe pr;

	(void)state;
	snprintf(snap, sizeof(snap), "%s/uevent", tmpdir);
	/* a VF: config space reads FFFFh as vendor and device */
	snap_device(snap, "0000:00:02.0", cfg, sizeof(cfg), NULL);
	snap_device(snap, "0000:00:03.0", cfg, sizeof(cfg), NULL);
	snprintf(dir, sizeof(dir), "%s/sys/devices/pci0000:00/0000:00:02.0",
		 snap);
	put_text(dir, "uevent", "DRIVER=mlx5_core\nPCI_CLASS=20000\n"
		 "PCI_ID=15B3:101E\nPCI_SLOT_NAME=0000:00:02.0\n");
	snprintf(path, sizeof(path), "%s/sys/bus/pci/drivers/mlx5_core", snap);
	mkdirs(path);
	snprintf(path, sizeof(path), "%s/sys/module/mlx5_core", snap);
	mkdirs(path);
	snprintf(path, sizeof(path), "%s/driver", dir);
	assert_int_equal(symlink("../../../bus/pci/drivers/mlx5_core", path),
			 0);
	snprintf(path, sizeof(path),
		 "%s/sys/bus/pci/drivers/mlx5_core/module", snap);
	assert_int_equal(symlink("../../../../module/mlx5_core", path), 0);

	probe_open(&pr, snap, NULL);
	assert_int_equal(pr.h.pci.count, 2);
	f = fn(&pr.h.pci, "00:02.0");
	assert_true(f->sysfs);
	assert_true(f->ids_known);
	/* uevent's, not the attributes' 8086:1234 class 020000 */
	assert_int_equal(f->vendor_id, 0x15b3);
	assert_int_equal(f->device_id, 0x101e);
	assert_int_equal(f->class_code, 0x020000);
	assert_int_equal(f->revision, 0x01);	/* config space's */
	assert_string_equal(f->driver, "mlx5_core");
	assert_string_equal(f->driver_module, "mlx5_core");
	/* no uevent: the attributes, and no driver link means unbound */
	f = fn(&pr.h.pci, "00:03.0");
	assert_true(f->sysfs);
	assert_true(f->ids_known);
	assert_int_equal(f->vendor_id, 0x8086);
	assert_int_equal(f->device_id, 0x1234);
	assert_string_equal(f->driver, "");
	assert_string_equal(f->driver_module, "");
	probe_close(&pr);
}

/* ---- the synthetic switch ------------------------------------------------- */

static void test_fixture_switch(void **state)
{
	const struct pci_facts *p;
	const struct pci_function *f;
	struct probe pr;
	char word[16];

	(void)state;
	probe_open(&pr, FIXTURE, NULL);
	p = &pr.h.pci;
	assert_int_equal(p->src.err, 0);
	assert_false(p->from_dump);
	assert_int_equal(p->count, 9);
	assert_int_equal(p->nwarnings, 0);
	assert_int_equal(p->nno_header, 0);

	f = fn(p, "00:01.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_ROOT_PORT);
	assert_true(f->on_root_bus);
	assert_int_equal(f->acs.present, TRI_YES);
	assert_int_equal(f->acs.ctl & ACS_REQUIRED, ACS_REQUIRED);
	assert_int_equal(pci_acs_bit(f, ACS_TB, false), TRI_YES);
	assert_int_equal(pci_acs_bit(f, ACS_TB, true), TRI_NO);
	assert_int_equal(pci_acs_bit(f, ACS_EC, false), TRI_NO);
	assert_string_equal(f->driver, "pcieport");
	assert_int_equal(f->iommu_group, 1);

	/* Sunrise Point-H: the real control is the dword at +8 */
	f = fn(p, "00:1c.0");
	assert_true(f->acs.ctl_at_8);
	assert_int_equal(f->acs.ctl_std, 0);
	assert_int_equal(f->acs.ctl, ACS_REQUIRED);

	f = fn(p, "01:00.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_UPSTREAM);
	assert_int_equal(f->parent, pci_find(p, "00:01.0"));
	assert_int_equal(f->acs.present, TRI_NO);
	assert_int_equal(pci_acs_bit(f, ACS_SV, false), TRI_NO);

	f = fn(p, "02:08.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_DOWNSTREAM);
	assert_int_equal(f->parent, pci_find(p, "01:00.0"));
	assert_int_equal(f->acs.egress_bits, 32);
	assert_int_equal(f->acs.pos, 0x100);
	f = fn(p, "02:10.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_DOWNSTREAM);
	assert_int_equal(f->acs.present, TRI_NO);

	f = fn(p, "03:00.0");
	assert_int_equal(f->pcie_type, PCIE_TYPE_ENDPOINT);
	assert_true(f->multifunction);
	assert_false(f->is_bridge);
	assert_int_equal(f->parent, pci_find(p, "02:08.0"));
	assert_int_equal(f->flr, TRI_YES);
	assert_int_equal(f->pm_no_soft_reset, TRI_YES);
	assert_int_equal(f->boot_vga, TRI_NO);
	assert_string_equal(f->driver, "vfio-pci");
	assert_string_equal(f->driver_override, "");
	assert_int_equal(f->reset_methods_known, TRI_YES);
	assert_string_equal(f->reset_methods, "flr");
	assert_int_equal(f->iommu_group, 6);
	assert_int_equal(f->physfn, -1);
	assert_int_equal(fn(p, "03:00.1")->flr, TRI_NO);
	assert_int_equal(fn(p, "03:00.1")->pm_no_soft_reset, TRI_NO);

	f = fn(p, "04:00.0");
	assert_int_equal(f->parent, pci_find(p, "02:10.0"));
	assert_int_equal(f->ari, TRI_YES);
	assert_int_equal(f->class_code, 0x010802);
	assert_true(pci_reset_method(f, 0, word, sizeof(word)));
	assert_string_equal(word, "flr");
	assert_true(pci_reset_method(f, 1, word, sizeof(word)));
	assert_string_equal(word, "bus");
	assert_false(pci_reset_method(f, 2, word, sizeof(word)));

	/* bridges without a reset_method and no reset file: none at all */
	f = fn(p, "02:10.0");
	assert_int_equal(f->reset_file, TRI_NO);
	assert_int_equal(f->reset_methods_known, TRI_YES);
	assert_false(pci_reset_method(f, 0, word, sizeof(word)));

	/* names come from tests/pci.ids (main() sets it) */
	assert_string_equal(fn(p, "03:00.0")->vendor_name,
			    "Test NVIDIA Vendor");
	assert_string_equal(fn(p, "03:00.0")->device_name, "Test GPU");
	assert_string_equal(fn(p, "03:00.0")->class_name,
			    "VGA-compatible controller");
	probe_close(&pr);
}

/* A capture of the fixture, read back: the same PCI facts. */
static void test_capture_roundtrip(void **state)
{
	struct probe a, b;
	struct root *r;
	struct host h;
	const struct root_rec *recs;
	size_t n;
	bool config = false;

	(void)state;
	assert_int_equal(root_open(FIXTURE, &r), 0);
	root_record_start(r);
	memset(&h, 0, sizeof(h));
	h.root = r;
	assert_int_equal(probe_pci(&h), 0);
	recs = root_records(r, &n);
	for (size_t i = 0; i < n; i++)
		if (recs[i].kind == ROOT_REC_FILE &&
		    strstr(recs[i].path, "0000:04:00.0/config") &&
		    recs[i].cap >= 4096)
			config = true;
	assert_true(config);
	pci_facts_release(&h.pci);
	root_free(r);

	/* the same facts twice from the same tree (deterministic) */
	probe_open(&a, FIXTURE, NULL);
	probe_open(&b, FIXTURE, NULL);
	assert_int_equal(a.h.pci.count, b.h.pci.count);
	assert_memory_equal(a.h.pci.v, b.h.pci.v,
			    a.h.pci.count * sizeof(*a.h.pci.v));
	probe_close(&a);
	probe_close(&b);
}

/* ---- look-ups ------------------------------------------------------------- */

static void test_find(void **state)
{
	const struct pci_facts *p;
	struct probe pr;
	uint32_t dom;
	uint8_t bus, dev, fu;
	int i;

	(void)state;
	probe_open(&pr, FIXTURE, NULL);
	p = &pr.h.pci;
	assert_int_equal(pci_find(p, "0000:03:00.1"), pci_find(p, "03:00.1"));
	assert_true(pci_find(p, "03:00.1") >= 0);
	assert_string_equal(p->v[pci_find(p, "03:00.1")].bdf, "0000:03:00.1");
	assert_int_equal(pci_find(p, "0000:00:00.0"), 0);
	assert_int_equal(pci_find(p, "04:00.0"), (int)p->count - 1);
	assert_int_equal(pci_find(p, "0000:03:00.2"), -1);
	assert_int_equal(pci_find(p, "0001:03:00.0"), -1);
	assert_int_equal(pci_find(p, "3:0.1"), pci_find(p, "03:00.1"));
	assert_int_equal(pci_find(p, "03:00.1 "), -1);
	assert_int_equal(pci_find(p, "03:00"), -1);
	assert_int_equal(pci_find(p, ""), -1);
	assert_int_equal(pci_find(p, NULL), -1);
	assert_int_equal(pci_find(p, "0000:03:20.0"), -1);   /* slot > 31 */
	assert_int_equal(pci_find(p, "03:00.8"), -1);
	assert_int_equal(pci_find(p, "123:00.0"), -1);       /* bus > 2 */

	i = pci_find_id(p, 0x10b5, 0x8747, 0);
	assert_int_equal(i, pci_find(p, "01:00.0"));
	i = pci_find_id(p, 0x10b5, 0x8747, i + 1);
	assert_int_equal(i, pci_find(p, "02:08.0"));
	i = pci_find_id(p, 0x10b5, 0x8747, i + 1);
	assert_int_equal(i, pci_find(p, "02:10.0"));
	assert_int_equal(pci_find_id(p, 0x10b5, 0x8747, i + 1), -1);
	assert_int_equal(pci_find_id(p, 0x1234, 0x5678, 0), -1);
	assert_int_equal(pci_find_id(p, 0x10de, 0x1b80, -5),
			 pci_find(p, "03:00.0"));
	assert_int_equal(pci_find_id(p, 0x10de, 0x1b80, 1000), -1);
	probe_close(&pr);

	assert_int_equal(pci_parse_bdf("10000:e1:1f.7", &dom, &bus, &dev,
				       &fu), 0);
	assert_true(dom == 0x10000 && bus == 0xe1 && dev == 0x1f && fu == 7);
	assert_int_equal(pci_parse_bdf("123456789:00:00.0", &dom, &bus,
				       &dev, &fu), -EINVAL);
	assert_string_equal(pcie_type_name(PCIE_TYPE_DOWNSTREAM),
			    "downstream");
	assert_string_equal(pcie_type_name(PCIE_TYPE_NONE), "none");
}

/* The live machine: whatever it is, no crash and a sorted array. */
static void test_live(void **state)
{
	struct probe pr;
	struct stat st;

	(void)state;
	if (stat("/sys/bus/pci/devices", &st))
		skip();
	probe_open(&pr, "/", NULL);
	for (size_t i = 1; i < pr.h.pci.count; i++)
		assert_true(strcmp(pr.h.pci.v[i - 1].bdf,
				   pr.h.pci.v[i].bdf) < 0);
	for (size_t i = 0; i < pr.h.pci.count; i++) {
		const struct pci_function *f = &pr.h.pci.v[i];

		if (geteuid() != 0 && f->pcie_type != PCIE_TYPE_NONE)
			assert_int_not_equal(f->acs.present, TRI_NO);
		assert_true(f->parent < (int)pr.h.pci.count);
	}
	probe_close(&pr);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vfio-ready-pci-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_acs),
		cmocka_unit_test(test_corpus_spt),
		cmocka_unit_test(test_asus_p6t6),
		cmocka_unit_test(test_broken_ecaps),
		cmocka_unit_test(test_dump_looping_caps),
		cmocka_unit_test(test_dump_garbage),
		cmocka_unit_test(test_snapshot_nonroot),
		cmocka_unit_test(test_snapshot_confined),
		cmocka_unit_test(test_parse_uevent),
		cmocka_unit_test(test_uevent_precedence),
		cmocka_unit_test(test_fixture_switch),
		cmocka_unit_test(test_capture_roundtrip),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_live),
	};

	setenv("VFIO_READY_PCI_IDS", "tests/pci.ids", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
