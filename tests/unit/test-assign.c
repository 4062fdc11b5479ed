/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-function assignability (probe/assign.c) on hosts built by hand, its
 * pure parsers, the partition comparison, and the groups / devices checks
 * over such hosts. */
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

#include "../../checks/check.h"
#include "../../probe/probe.h"

extern const struct check check_groups, check_devices;

#define MAXFN 32

/* ---- building hosts ---- */

static struct host *host_new(void)
{
	struct host *h = calloc(1, sizeof(*h));

	h->pci.v = calloc(MAXFN, sizeof(*h->pci.v));
	fact_src_set(&h->pci.src, "sys/bus/pci", 0);
	fact_src_set(&h->sys.groups_src, "sys/kernel/iommu_groups", 0);
	h->sys.groups = calloc(MAXFN, sizeof(*h->sys.groups));
	snprintf(h->kernel_release, sizeof(h->kernel_release), "6.8.0");
	fact_src_set(&h->kernel_release_src, "proc/sys/kernel/osrelease", 0);
	return h;
}

static void host_free(struct host *h)
{
	for (size_t g = 0; g < h->sys.ngroups; g++)
		free(h->sys.groups[g].devices);
	free(h->sys.groups);
	free(h->pci.v);
	predicted_groups_release(&h->predicted);
	assign_facts_release(&h->assign);
	free(h->acpi.dmar.units);
	free(h->acpi.dmar.scopes);
	free(h->acpi.ivrs.units);
	free(h);
}

/* Append a function (callers add them in bus order). */
static int fn_add(struct host *h, const char *bdf, uint32_t cls, bool bridge,
		  int parent)
{
	int i = (int)h->pci.count++;
	struct pci_function *f = &h->pci.v[i];
	unsigned d, b, s, fn;

	assert_int_equal(sscanf(bdf, "%x:%x:%x.%x", &d, &b, &s, &fn), 4);
	snprintf(f->bdf, sizeof(f->bdf), "%s", bdf);
	f->domain = d;
	f->bus = (uint8_t)b;
	f->dev = (uint8_t)s;
	f->func = (uint8_t)fn;
	f->vendor_id = 0x8086;
	f->device_id = (uint16_t)(0x1000 + i);
	f->class_code = cls;
	f->header_type = bridge ? 1 : 0;
	f->is_bridge = bridge;
	f->pcie_type = bridge ? PCIE_TYPE_ROOT_PORT : PCIE_TYPE_ENDPOINT;
	f->parent = parent;
	f->on_root_bus = parent < 0;
	f->config_full = true;
	f->acs.present = TRI_NO;
	f->flr = TRI_YES;
	f->af_flr = TRI_NO;
	f->pm_cap = TRI_YES;
	f->pm_no_soft_reset = TRI_NO;
	f->sysfs = true;
	f->reset_methods_known = TRI_YES;
	snprintf(f->reset_methods, sizeof(f->reset_methods), "flr");
	f->boot_vga = TRI_NO;
	f->iommu_group = -1;
	f->physfn = -1;
	return i;
}

static void bridge_buses(struct host *h, int i, uint8_t sec, uint8_t sub)
{
	h->pci.v[i].secondary_bus = sec;
	h->pci.v[i].subordinate_bus = sub;
}

static void set_pred(struct host *h, const int *groups)
{
	size_t n = h->pci.count;
	int max = -1;

	h->predicted.group_of = calloc(n, sizeof(int));
	for (size_t i = 0; i < n; i++) {
		h->predicted.group_of[i] = groups[i];
		if (groups[i] > max)
			max = groups[i];
	}
	h->predicted.nfunctions = n;
	h->predicted.ngroups = (size_t)(max + 1);
}

static void pred_reason(struct host *h, enum group_reason_kind k, int fn,
			int port, uint16_t missing, const char *text)
{
	struct predicted_groups *g = &h->predicted;
	struct group_reason *r;

	g->reasons = realloc(g->reasons, (g->nreasons + 1) * sizeof(*r));
	r = &g->reasons[g->nreasons++];
	memset(r, 0, sizeof(*r));
	r->kind = k;
	r->fn = fn;
	r->port = port;
	r->missing = missing;
	snprintf(r->text, sizeof(r->text), "%s", text);
}

/* A kernel group ID with the NULL-terminated BDFs. */
static struct iommu_group_info *kgroup(struct host *h, unsigned long id, ...)
{
	struct iommu_group_info *g = &h->sys.groups[h->sys.ngroups++];
	va_list ap;
	const char *s;

	g->id = id;
	snprintf(g->type, sizeof(g->type), "DMA");
	g->devices = calloc(MAXFN, sizeof(char *));
	va_start(ap, id);
	while ((s = va_arg(ap, const char *)))
		g->devices[g->ndevices++] = (char *)s;
	va_end(ap);
	return g;
}

static bool has_reason(const struct host *h, int fn,
		       enum assign_reason_kind k)
{
	const struct device_assign *d = &h->assign.v[fn];

	for (size_t r = 0; r < d->nreasons; r++)
		if (d->reasons[r].kind == k)
			return true;
	return false;
}

static const struct assign_reason *reason_of(const struct host *h, int fn,
					     enum assign_reason_kind k)
{
	const struct device_assign *d = &h->assign.v[fn];

	for (size_t r = 0; r < d->nreasons; r++)
		if (d->reasons[r].kind == k)
			return &d->reasons[r];
	return NULL;
}

#define VERDICT(h, fn) ((h)->assign.v[fn].verdict)

/* ---- verdicts ---- */

static void test_alone(void **state)
{
	struct host *h = host_new();
	int rp, gpu;

	(void)state;
	rp = fn_add(h, "0000:00:01.0", 0x060400, true, -1);
	bridge_buses(h, rp, 1, 1);
	gpu = fn_add(h, "0000:01:00.0", 0x030000, false, rp);
	set_pred(h, (int[]){ 0, 1 });
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(VERDICT(h, gpu), ASSIGN_ALONE);
	assert_int_equal(h->assign.v[gpu].nmembers, 1);
	assert_int_equal(h->assign.v[gpu].predicted_group, 1);
	assert_int_equal(h->assign.v[gpu].kernel_group, -1);
	assert_false(h->assign.kernel_groups);
	/* a bridge is never assignable */
	assert_int_equal(VERDICT(h, rp), ASSIGN_BLOCKED);
	assert_true(has_reason(h, rp, AREASON_BRIDGE));
	assert_string_equal(assignability_name(VERDICT(h, gpu)), "alone");
	host_free(h);
}

static void test_alone_with_own_bridge(void **state)
{
	struct host *h = host_new();
	int dsp, nvme;

	(void)state;
	dsp = fn_add(h, "0000:02:10.0", 0x060400, true, -1);
	h->pci.v[dsp].pcie_type = PCIE_TYPE_DOWNSTREAM;
	bridge_buses(h, dsp, 4, 4);
	nvme = fn_add(h, "0000:04:00.0", 0x010802, false, dsp);
	set_pred(h, (int[]){ 0, 0 });
	pred_reason(h, GROUP_REASON_ACS_PATH, nvme, dsp, ACS_REQUIRED,
		    "02:10.0 (downstream port) has no ACS capability");
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(VERDICT(h, nvme), ASSIGN_ALONE);
	assert_int_equal(h->assign.v[nvme].nmembers, 2);
	assert_true(has_reason(h, nvme, AREASON_BRIDGE_STAYS));
	assert_non_null(strstr(reason_of(h, nvme, AREASON_BRIDGE_STAYS)->text,
			       "pcieport"));
	host_free(h);
}

static void test_with_group(void **state)
{
	struct host *h = host_new();
	int rp0, rp1, nic, ssd;
	const struct device_assign *d;

	(void)state;
	/* 00:1c.0 and 00:1c.1 lack ACS: one group with everything below */
	rp0 = fn_add(h, "0000:00:1c.0", 0x060400, true, -1);
	bridge_buses(h, rp0, 1, 1);
	rp1 = fn_add(h, "0000:00:1c.1", 0x060400, true, -1);
	bridge_buses(h, rp1, 2, 2);
	nic = fn_add(h, "0000:01:00.0", 0x020000, false, rp0);
	ssd = fn_add(h, "0000:02:00.0", 0x010802, false, rp1);
	set_pred(h, (int[]){ 0, 0, 0, 0 });
	pred_reason(h, GROUP_REASON_ACS_PATH, nic, rp0, ACS_RR | ACS_CR,
		    "00:1c.0 root port lacks ACS RR CR");
	pred_reason(h, GROUP_REASON_ACS_PATH, ssd, rp1, ACS_RR | ACS_CR,
		    "00:1c.1 root port lacks ACS RR CR");
	assert_int_equal(probe_assign(h), 0);
	d = &h->assign.v[nic];
	assert_int_equal(d->verdict, ASSIGN_WITH_GROUP);
	assert_int_equal(d->nmembers, 4);
	/* members in bus order */
	assert_int_equal(d->members[0], rp0);
	assert_int_equal(d->members[3], ssd);
	assert_true(has_reason(h, nic, AREASON_ACS_PATH));
	assert_int_equal(reason_of(h, nic, AREASON_ACS_PATH)->other, rp0);
	assert_true(has_reason(h, nic, AREASON_BRIDGE_STAYS));
	assert_int_equal(VERDICT(h, ssd), ASSIGN_WITH_GROUP);
	host_free(h);
}

/* A DMAR with one RMRR whose scopes are the given (bus, dev, fn) paths. */
static void dmar_rmrr(struct host *h, const uint8_t (*paths)[3], size_t n,
		      uint8_t path_len)
{
	struct dmar_table *t = &h->acpi.dmar;

	fact_src_set(&h->acpi.dmar_src, "sys/firmware/acpi/tables/DMAR", 0);
	t->units = calloc(1, sizeof(*t->units));
	t->scopes = calloc(n, sizeof(*t->scopes));
	t->nunits = 1;
	t->units[0].type = DMAR_TYPE_RMRR;
	t->units[0].address = 0x3e2e0000;
	t->units[0].limit = 0x3e2fffff;
	t->units[0].first_scope = 0;
	t->units[0].nscopes = n;
	t->nscopes = n;
	for (size_t i = 0; i < n; i++) {
		t->scopes[i].type = DMAR_SCOPE_ENDPOINT;
		t->scopes[i].start_bus = paths[i][0];
		t->scopes[i].npath = 1;
		t->scopes[i].path[0][0] = paths[i][1];
		t->scopes[i].path[0][1] = paths[i][2];
	}
	(void)path_len;
}

static void test_rmrr(void **state)
{
	static const uint8_t scopes[][3] = {
		{ 0, 0x02, 0 },   /* iGPU: relaxable */
		{ 0, 0x14, 0 },   /* xHCI: relaxable */
		{ 0, 0x1f, 6 },   /* NIC: blocks */
		{ 0, 0x1c, 0 },   /* path 1c.0 -> 00.0, fixed below */
	};
	struct host *h = host_new();
	int igpu, xhci, rp, aud, nic, behind;

	(void)state;
	igpu = fn_add(h, "0000:00:02.0", 0x030000, false, -1);
	xhci = fn_add(h, "0000:00:14.0", 0x0c0330, false, -1);
	rp = fn_add(h, "0000:00:1c.0", 0x060400, true, -1);
	bridge_buses(h, rp, 3, 3);
	aud = fn_add(h, "0000:00:1f.3", 0x040300, false, -1);
	nic = fn_add(h, "0000:00:1f.6", 0x020000, false, -1);
	behind = fn_add(h, "0000:03:00.0", 0x010802, false, rp);
	dmar_rmrr(h, scopes, 4, 1);
	/* the 4th scope walks through the root port: (1c.0)(00.0) */
	h->acpi.dmar.scopes[3].npath = 2;
	h->acpi.dmar.scopes[3].path[1][0] = 0;
	h->acpi.dmar.scopes[3].path[1][1] = 0;
	/* 00:1f.3 and 00:1f.6 share a group (PCH multifunction) */
	set_pred(h, (int[]){ 0, 1, 2, 3, 3, 4 });
	pred_reason(h, GROUP_REASON_MULTIFUNCTION, aud, -1, ACS_REQUIRED,
		    "multifunction slot 00:1f without ACS");
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(VERDICT(h, igpu), ASSIGN_ALONE);
	assert_int_equal(VERDICT(h, xhci), ASSIGN_ALONE);
	assert_int_equal(VERDICT(h, nic), ASSIGN_BLOCKED);
	assert_true(has_reason(h, nic, AREASON_RMRR));
	assert_non_null(strstr(reason_of(h, nic, AREASON_RMRR)->text,
			       "0x3e2e0000"));
	/* its group-mate cannot be claimed either */
	assert_int_equal(VERDICT(h, aud), ASSIGN_BLOCKED);
	assert_int_equal(reason_of(h, aud, AREASON_RMRR)->other, nic);
	/* resolved through the bridge's secondary bus */
	assert_int_equal(VERDICT(h, behind), ASSIGN_BLOCKED);
	assert_true(has_reason(h, behind, AREASON_RMRR));
	host_free(h);
}

static void test_rmrr_unresolvable(void **state)
{
	static const uint8_t scopes[][3] = { { 0, 0x1c, 0 } };
	struct host *h = host_new();
	int ep;

	(void)state;
	ep = fn_add(h, "0000:00:1c.0", 0x020000, false, -1);
	dmar_rmrr(h, scopes, 1, 2);
	/* a 2-element path through a non-bridge: ignored, as the kernel */
	h->acpi.dmar.scopes[0].npath = 2;
	set_pred(h, (int[]){ 0 });
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(VERDICT(h, ep), ASSIGN_ALONE);
	host_free(h);
}

static void test_ivmd(void **state)
{
	struct host *h = host_new();
	struct ivrs_unit *u;
	int a, b, c;

	(void)state;
	a = fn_add(h, "0000:00:08.1", 0x060400, true, -1);
	bridge_buses(h, a, 1, 2);
	b = fn_add(h, "0000:01:00.0", 0x030000, false, a);
	c = fn_add(h, "0000:02:00.0", 0x030000, false, a);
	fact_src_set(&h->acpi.ivrs_src, "sys/firmware/acpi/tables/IVRS", 0);
	h->acpi.ivrs.units = u = calloc(1, sizeof(*u));
	h->acpi.ivrs.nunits = 1;
	u->type = IVMD_TYPE_RANGE;
	u->flags = IVMD_FLAG_UNITY | IVMD_FLAG_READ | IVMD_FLAG_WRITE;
	u->devid = 0x0100;
	u->devid_end = 0x01ff;
	set_pred(h, (int[]){ 0, 1, 2 });
	assert_int_equal(probe_assign(h), 0);
	/* a display device has no exemption on AMD */
	assert_int_equal(VERDICT(h, b), ASSIGN_BLOCKED);
	assert_true(has_reason(h, b, AREASON_IVMD));
	assert_int_equal(VERDICT(h, c), ASSIGN_ALONE);
	host_free(h);
}

static void test_reserved_direct(void **state)
{
	static const char *const rel[] = { "6.5.0-14-generic", "6.4.12", "" };
	static const enum assignability want[] = {
		ASSIGN_BLOCKED, ASSIGN_ALONE, ASSIGN_UNKNOWN,
	};

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		struct host *h = host_new();
		struct iommu_group_info *g;
		int ep;

		ep = fn_add(h, "0000:00:1f.6", 0x020000, false, -1);
		g = kgroup(h, 7, "0000:00:1f.6", NULL);
		g->reserved_direct = true;
		snprintf(g->direct_line, sizeof(g->direct_line),
			 "0x3e2e0000 0x3e2fffff direct");
		snprintf(h->kernel_release, sizeof(h->kernel_release), "%s",
			 rel[k]);
		if (!rel[k][0])
			fact_src_set(&h->kernel_release_src,
				     "proc/sys/kernel/osrelease", -ENOENT);
		set_pred(h, (int[]){ 0 });
		assert_int_equal(probe_assign(h), 0);
		assert_true(h->assign.kernel_groups);
		assert_int_equal(h->assign.v[ep].kernel_group, 7);
		assert_int_equal(VERDICT(h, ep), want[k]);
		host_free(h);
	}
}

static void test_boot_vga_group(void **state)
{
	struct host *h = host_new();
	int rp, gpu, aud;

	(void)state;
	rp = fn_add(h, "0000:00:01.0", 0x060400, true, -1);
	bridge_buses(h, rp, 1, 1);
	gpu = fn_add(h, "0000:01:00.0", 0x030000, false, rp);
	aud = fn_add(h, "0000:01:00.1", 0x040300, false, rp);
	h->pci.v[gpu].multifunction = h->pci.v[aud].multifunction = true;
	h->pci.v[gpu].boot_vga = TRI_YES;
	set_pred(h, (int[]){ 0, 1, 1 });
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(h->assign.boot_vga_fn, gpu);
	assert_int_equal(VERDICT(h, gpu), ASSIGN_BLOCKED);
	assert_true(h->assign.v[gpu].host_critical);
	assert_non_null(strstr(reason_of(h, gpu, AREASON_HOST_BOOT_VGA)->text,
			       "it is the host's boot VGA"));
	assert_int_equal(VERDICT(h, aud), ASSIGN_BLOCKED);
	assert_int_equal(reason_of(h, aud, AREASON_HOST_BOOT_VGA)->other, gpu);
	host_free(h);
}

/* ---- a root with host-critical files ---- */

static char tmpdir[64];

static void put(const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	for (slash = strchr(path + strlen(tmpdir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = 0;
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void link_at(const char *rel, const char *target)
{
	char path[512], *slash;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	for (slash = strchr(path + strlen(tmpdir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = 0;
		mkdir(path, 0755);
		*slash = '/';
	}
	assert_int_equal(symlink(target, path), 0);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove the test's own temporary directory. */
static void rm_tmp(void)
{
	if (strncmp(tmpdir, "/tmp/vr-assign-", 15) == 0)
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static struct host *critical_host(struct root **r)
{
	struct host *h = host_new();
	int rp0, rp1, rp2, nvme, nvme2, nic, gpu;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vr-assign-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	rp0 = fn_add(h, "0000:00:1c.0", 0x060400, true, -1);
	bridge_buses(h, rp0, 5, 5);
	rp1 = fn_add(h, "0000:00:1d.0", 0x060400, true, -1);
	bridge_buses(h, rp1, 0x3d, 0x3d);
	rp2 = fn_add(h, "0000:00:1d.4", 0x060400, true, -1);
	bridge_buses(h, rp2, 0x3e, 0x3e);
	nic = fn_add(h, "0000:05:00.0", 0x020000, false, rp0);
	gpu = fn_add(h, "0000:05:00.1", 0x030200, false, rp0);
	nvme = fn_add(h, "0000:3d:00.0", 0x010802, false, rp1);
	nvme2 = fn_add(h, "0000:3e:00.0", 0x010802, false, rp2);
	(void)nic;
	(void)gpu;
	(void)nvme;
	(void)nvme2;
	set_pred(h, (int[]){ 0, 1, 2, 3, 3, 4, 5 });
	assert_int_equal(root_open(tmpdir, r), 0);
	h->root = *r;
	return h;
}

static void test_rootfs_nvme(void **state)
{
	struct root *r;
	struct host *h;

	(void)state;
	h = critical_host(&r);
	put("proc/self/mountinfo",
	    "22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
	    "1 0 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme1n1p1 rw\n"
	    "29 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
	    "30 29 259:3 / /home rw - ext4 /dev/nvme0n1p3 rw\n");
	link_at("sys/dev/block/259:2", "../../devices/pci0000:00/0000:00:1d.0/"
		"0000:3d:00.0/nvme/nvme0/nvme0n1/nvme0n1p2");
	assert_int_equal(probe_assign(h), 0);
	assert_true(fact_known(&h->assign.mounts_src));
	assert_int_equal(h->assign.rootfs_fn, 5);
	assert_int_equal(VERDICT(h, 5), ASSIGN_BLOCKED);
	assert_true(has_reason(h, 5, AREASON_HOST_ROOTFS));
	assert_int_equal(VERDICT(h, 6), ASSIGN_ALONE);
	assert_non_null(strstr(h->assign.rootfs_evidence, "259:2"));
	/* no route file: unknown, not a block */
	assert_false(fact_known(&h->assign.route_src));
	assert_int_equal(h->assign.route_nic_fn, -1);
	host_free(h);
	root_free(r);
	rm_tmp();
}

static void test_rootfs_dm_and_route_bridge(void **state)
{
	struct root *r;
	struct host *h;

	(void)state;
	h = critical_host(&r);
	/* / on dm-0 over nvme partitions on two controllers */
	put("proc/self/mountinfo",
	    "29 1 253:0 / / rw - xfs /dev/mapper/vg-root rw\n");
	link_at("sys/dev/block/253:0", "../../devices/virtual/block/dm-0");
	put("sys/devices/virtual/block/dm-0/slaves/nvme0n1p3", "");
	put("sys/devices/virtual/block/dm-0/slaves/nvme1n1p1", "");
	link_at("sys/class/block/nvme0n1p3", "../../devices/pci0000:00/"
		"0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1/nvme0n1p3");
	link_at("sys/class/block/nvme1n1p1", "../../devices/pci0000:00/"
		"0000:00:1d.4/0000:3e:00.0/nvme/nvme1/nvme1n1/nvme1n1p1");
	/* default route via a bridge over the NIC */
	put("proc/net/route",
	    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
	    "\t\tMTU\tWindow\tIRTT\n"
	    "br0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
	    "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
	    "br0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n");
	link_at("sys/class/net/br0", "../../devices/virtual/net/br0");
	link_at("sys/devices/virtual/net/br0/lower_enp5s0",
		"../../../pci0000:00/0000:00:1c.0/0000:05:00.0/net/enp5s0");
	link_at("sys/class/net/enp5s0",
		"../../devices/pci0000:00/0000:00:1c.0/0000:05:00.0/net/enp5s0");
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(h->assign.nrootfs, 2);
	assert_int_equal(VERDICT(h, 5), ASSIGN_BLOCKED);
	assert_int_equal(VERDICT(h, 6), ASSIGN_BLOCKED);
	assert_int_equal(h->assign.route_nic_fn, 3);
	assert_int_equal(VERDICT(h, 3), ASSIGN_BLOCKED);
	assert_true(has_reason(h, 3, AREASON_HOST_ROUTE_NIC));
	/* the NIC's group-mate goes with it */
	assert_int_equal(VERDICT(h, 4), ASSIGN_BLOCKED);
	assert_int_equal(reason_of(h, 4, AREASON_HOST_ROUTE_NIC)->other, 3);
	assert_non_null(strstr(h->assign.route_evidence, "br0"));
	host_free(h);
	root_free(r);
	rm_tmp();
}

static void test_no_reset(void **state)
{
	struct host *h = host_new();
	int rp, a, b, c;

	(void)state;
	rp = fn_add(h, "0000:00:01.0", 0x060400, true, -1);
	bridge_buses(h, rp, 1, 1);
	a = fn_add(h, "0000:00:1f.0", 0x0c8000, false, -1);
	b = fn_add(h, "0000:01:00.0", 0x020000, false, rp);
	c = fn_add(h, "0000:01:00.1", 0x020000, false, rp);
	/* kernel list empty, root bus: nothing resets it */
	h->pci.v[a].reset_methods[0] = 0;
	/* no FLR, no PM reset, siblings in another group: no bus reset */
	h->pci.v[b].reset_methods_known = TRI_UNKNOWN;
	h->pci.v[b].flr = TRI_NO;
	h->pci.v[b].pm_no_soft_reset = TRI_YES;
	/* unknown capabilities: not a block */
	h->pci.v[c].reset_methods_known = TRI_UNKNOWN;
	h->pci.v[c].flr = TRI_UNKNOWN;
	h->pci.v[c].pm_cap = TRI_UNKNOWN;
	set_pred(h, (int[]){ 0, 1, 2, 3 });
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(VERDICT(h, a), ASSIGN_BLOCKED);
	assert_true(has_reason(h, a, AREASON_NO_RESET));
	assert_int_equal(VERDICT(h, b), ASSIGN_BLOCKED);
	assert_true(has_reason(h, b, AREASON_NO_RESET));
	assert_int_equal(VERDICT(h, c), ASSIGN_ALONE);
	assert_true(reason_of(h, c, AREASON_RESET)->unknown);
	host_free(h);
}

static void test_bus_reset_with_group(void **state)
{
	struct host *h = host_new();
	int rp, a, b;

	(void)state;
	rp = fn_add(h, "0000:00:01.0", 0x060400, true, -1);
	bridge_buses(h, rp, 1, 1);
	a = fn_add(h, "0000:01:00.0", 0x030000, false, rp);
	b = fn_add(h, "0000:01:00.1", 0x040300, false, rp);
	for (int i = a; i <= b; i++) {
		h->pci.v[i].reset_methods_known = TRI_UNKNOWN;
		h->pci.v[i].flr = TRI_NO;
		h->pci.v[i].pm_cap = TRI_NO;
	}
	/* the whole bus in one group: VFIO can reset the bus */
	set_pred(h, (int[]){ 0, 1, 1 });
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(VERDICT(h, a), ASSIGN_WITH_GROUP);
	assert_true(has_reason(h, a, AREASON_RESET));
	assert_false(has_reason(h, a, AREASON_NO_RESET));
	host_free(h);
}

static void test_unknown(void **state)
{
	struct host *h = host_new();
	int ep;

	(void)state;
	ep = fn_add(h, "0000:00:02.0", 0x030000, false, -1);
	/* no kernel groups, no prediction */
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(VERDICT(h, ep), ASSIGN_UNKNOWN);
	assert_true(reason_of(h, ep, AREASON_NO_GROUP)->unknown);
	host_free(h);
}

static void test_kernel_groups_and_missing(void **state)
{
	struct host *h = host_new();
	int a, b, c;

	(void)state;
	a = fn_add(h, "0000:00:1f.0", 0x060100, false, -1);
	b = fn_add(h, "0000:00:1f.3", 0x040300, false, -1);
	c = fn_add(h, "0000:00:1f.4", 0x0c0500, false, -1);
	/* the kernel merges 1f.0 and 1f.3 (ids differ from the prediction)
	 * and leaves 1f.4 in no group */
	kgroup(h, 11, "0000:00:1f.0", "0000:00:1f.3", NULL);
	set_pred(h, (int[]){ 0, 1, 2 });
	assert_int_equal(probe_assign(h), 0);
	assert_int_equal(VERDICT(h, a), ASSIGN_WITH_GROUP);
	assert_true(has_reason(h, a, AREASON_KERNEL_ONLY));
	assert_int_equal(reason_of(h, a, AREASON_KERNEL_ONLY)->other, b);
	assert_int_equal(VERDICT(h, c), ASSIGN_BLOCKED);
	assert_false(reason_of(h, c, AREASON_NO_GROUP)->unknown);
	host_free(h);
}

/* ---- parsers ---- */

static void test_mountinfo(void **state)
{
	static const char text[] =
		"garbage\n"
		"\n"
		"1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
		"2 1 9:9 / /boot rw - ext4 /dev/sda2 rw\n"
		"3 1 x:1 / / rw - ext4 /dev/sdx rw\n"          /* bad dev */
		"4 1 0:31 / / rw shared:1 master:2 - btrfs /dev/nvme0n1p2 "
		"rw,subvol=/@\n"
		"5 1 7:0 / / rw no-separator here\n";
	char src[64], *big;
	unsigned ma = 1, mi = 1;
	size_t n = 1 << 20;

	(void)state;
	assert_int_equal(assign_parse_mountinfo(text, strlen(text), &ma, &mi,
						src, sizeof(src)), 0);
	assert_int_equal(ma, 0);
	assert_int_equal(mi, 31);
	assert_string_equal(src, "/dev/nvme0n1p2");
	assert_int_equal(assign_parse_mountinfo("", 0, &ma, &mi, src,
						sizeof(src)), -ENOENT);
	assert_int_equal(assign_parse_mountinfo("1 0 8:1 / /x rw - a b c\n",
						24, &ma, &mi, src,
						sizeof(src)), -ENOENT);
	/* a source longer than the buffer is dropped, not cut */
	assert_int_equal(assign_parse_mountinfo(text, strlen(text), &ma, &mi,
						src, 8), 0);
	assert_string_equal(src, "");
	/* a long line without a newline, then a real one */
	big = malloc(n + 64);
	memset(big, 'a', n);
	memcpy(big + n, "\n1 0 8:3 / / rw - ext4 /dev/sda3 rw", 36);
	assert_int_equal(assign_parse_mountinfo(big, n + 35, &ma, &mi, src,
						sizeof(src)), 0);
	assert_int_equal(ma, 8);
	assert_int_equal(mi, 3);
	assert_string_equal(src, "/dev/sda3");
	/* cut: LEN ends inside the mount point of the only line */
	assert_int_equal(assign_parse_mountinfo(big + n + 1, 11, &ma, &mi,
						src, sizeof(src)), -ENOENT);
	free(big);
}

static void test_route(void **state)
{
	static const char text[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
		"\t\tMTU\tWindow\tIRTT\n"
		"eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
		"down0\t00000000\t0101A8C0\t0002\t0\t0\t1\t00000000\t0\t0\t0\n"
		"wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
		"eno1\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
		"bad\tzz\n"
		"averyveryverylonginterfacename\t00000000\t0\t0003\t0\t0\t0\t"
		"00000000\t0\t0\t0\n";
	char ifn[16];

	(void)state;
	assert_int_equal(assign_parse_route(text, strlen(text), ifn,
					    sizeof(ifn)), 0);
	assert_string_equal(ifn, "eno1");
	assert_int_equal(assign_parse_route(text, 200, ifn, sizeof(ifn)),
			 -ENOENT);
	assert_int_equal(assign_parse_route("", 0, ifn, sizeof(ifn)), -ENOENT);
	assert_int_equal(assign_parse_route("garbage\nmore garbage", 20, ifn,
					    sizeof(ifn)), -ENOENT);
}

static void test_path_bdf(void **state)
{
	char bdf[16];

	(void)state;
	assert_int_equal(assign_path_bdf("../../devices/pci0000:00/0000:00:1d.0"
					 "/0000:3d:00.0/nvme/nvme0/nvme0n1",
					 bdf, sizeof(bdf)), 0);
	assert_string_equal(bdf, "0000:3d:00.0");
	assert_int_equal(assign_path_bdf("../../devices/pci0000:00/0000:00:14.0"
					 "/usb2/2-1/2-1:1.0/host6/target6:0:0/"
					 "6:0:0:0/block/sdb", bdf,
					 sizeof(bdf)), 0);
	assert_string_equal(bdf, "0000:00:14.0");
	assert_int_equal(assign_path_bdf("../../devices/virtual/block/dm-0",
					 bdf, sizeof(bdf)), -ENOENT);
	assert_int_equal(assign_path_bdf("0000:00:1g.0/0000:00:01.8", bdf,
					 sizeof(bdf)), -ENOENT);
	assert_int_equal(assign_path_bdf("0000:00:01.0", bdf, 12), -ENOENT);
}

/* ---- partitions ---- */

static void test_partition_same(void **state)
{
	/* same partition, other labels */
	static const int k[] = { 4, 4, 0, 2, -1 }, p[] = { 1, 1, 2, 0, -1 };
	struct partition_pair out[4];
	size_t count = 9;

	(void)state;
	assert_int_equal(assign_partition_diff(k, 5, p, 4, 5, out, 4, &count),
			 0);
	assert_int_equal(count, 0);
}

static void test_partition_split(void **state)
{
	/* the kernel has {0,1,2} {3}; the prediction {0,1} {2,3} */
	static const int k[] = { 0, 0, 0, 1 }, p[] = { 0, 0, 1, 1 };
	struct partition_pair out[4];
	size_t count;

	(void)state;
	assert_int_equal(assign_partition_diff(k, 2, p, 2, 4, out, 4, &count),
			 0);
	assert_int_equal(count, 2);
	assert_int_equal(out[0].a, 0);
	assert_int_equal(out[0].b, 2);
	assert_true(out[0].together_in_first);
	assert_int_equal(out[1].a, 2);
	assert_int_equal(out[1].b, 3);
	assert_false(out[1].together_in_first);
	/* counted past MAX, nothing stored */
	assert_int_equal(assign_partition_diff(k, 2, p, 2, 4, NULL, 0, &count),
			 0);
	assert_int_equal(count, 2);
}

/* A function grouped on one side and in no group on the other (the AMD
 * IOMMU's own function, which the kernel never groups) is a difference. */
static void test_partition_one_sided(void **state)
{
	static const int k[] = { 0, -1, 1 }, p[] = { 0, 1, 2 };
	struct partition_pair out[4];
	size_t count;

	(void)state;
	assert_int_equal(assign_partition_diff(k, 2, p, 3, 3, out, 4, &count),
			 0);
	assert_int_equal(count, 1);
	assert_int_equal(out[0].a, 1);
	assert_int_equal(out[0].b, -1);
	assert_false(out[0].together_in_first);
}

/* ---- the checks ---- */

static const struct finding *find(const struct findings *fs,
				  const char *code)
{
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->v[i].code, code))
			return &fs->v[i];
	return NULL;
}

static void test_check_mismatch(void **state)
{
	struct host *h = host_new();
	struct findings fs;
	const struct finding *f;

	(void)state;
	fn_add(h, "0000:00:1f.0", 0x060100, false, -1);
	fn_add(h, "0000:00:1f.3", 0x040300, false, -1);
	fn_add(h, "0000:00:1f.4", 0x0c0500, false, -1);
	kgroup(h, 11, "0000:00:1f.0", "0000:00:1f.3", NULL);
	kgroup(h, 12, "0000:00:1f.4", NULL);
	set_pred(h, (int[]){ 0, 1, 1 });
	assert_int_equal(probe_assign(h), 0);
	findings_init(&fs);
	fs.current_check = "groups";
	assert_int_equal(check_groups.run(h, &fs), 0);
	f = find(&fs, "groups.prediction_mismatch");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_WARN);
	assert_non_null(strstr(f->detail, "00:1f.0 and 00:1f.3: together in "
			       "the kernel's groups"));
	assert_non_null(strstr(f->detail, "00:1f.3 and 00:1f.4: together in "
			       "the prediction"));
	assert_null(find(&fs, "groups.prediction_agrees"));
	assert_non_null(find(&fs, "groups.listing"));
	findings_release(&fs);
	host_free(h);
}

static void test_check_devices_focus(void **state)
{
	static const char *const focus[] = { "01:00.0", "8086:1002",
					     "99:00.0", NULL };
	struct host *h = host_new();
	struct findings fs;
	const struct finding *f;
	int rp;

	(void)state;
	rp = fn_add(h, "0000:00:01.0", 0x060400, true, -1);
	bridge_buses(h, rp, 1, 1);
	fn_add(h, "0000:01:00.0", 0x030000, false, rp);
	fn_add(h, "0000:01:00.1", 0x040300, false, rp);   /* 8086:1002 */
	h->pci.v[1].boot_vga = TRI_YES;
	set_pred(h, (int[]){ 0, 1, 1 });
	h->focus = focus;
	assert_int_equal(probe_assign(h), 0);
	findings_init(&fs);
	fs.current_check = "devices";
	assert_int_equal(check_devices.run(h, &fs), 0);
	/* two focused functions, both blocked by the boot VGA: FAIL */
	assert_int_equal(fs.count, 3);
	f = find(&fs, "devices.blocked");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_FAIL);
	assert_non_null(f->remedy);
	f = find(&fs, "devices.not_found");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "99:00.0"));
	findings_release(&fs);

	/* unfocused: the bridge and blocked functions are INFO */
	h->focus = NULL;
	findings_init(&fs);
	fs.current_check = "devices";
	assert_int_equal(check_devices.run(h, &fs), 0);
	assert_int_equal(fs.count, 3);
	for (size_t i = 0; i < fs.count; i++)
		assert_int_equal(fs.v[i].verdict, VERDICT_INFO);
	findings_release(&fs);
	host_free(h);
}

static void test_check_p2p(void **state)
{
	struct host *h = host_new();
	struct findings fs;
	const struct finding *f;
	int rp, usp, d1, d2;

	(void)state;
	rp = fn_add(h, "0000:00:01.0", 0x060400, true, -1);
	bridge_buses(h, rp, 1, 4);
	usp = fn_add(h, "0000:01:00.0", 0x060400, true, rp);
	bridge_buses(h, usp, 2, 4);
	h->pci.v[usp].pcie_type = PCIE_TYPE_UPSTREAM;
	d1 = fn_add(h, "0000:02:00.0", 0x060400, true, usp);
	bridge_buses(h, d1, 3, 3);
	d2 = fn_add(h, "0000:02:01.0", 0x060400, true, usp);
	bridge_buses(h, d2, 4, 4);
	h->pci.v[d1].pcie_type = h->pci.v[d2].pcie_type = PCIE_TYPE_DOWNSTREAM;
	h->pci.v[d2].acs = (struct pci_acs){ .present = TRI_YES, .pos = 0x100,
		.cap_known = true, .ctl_known = true, .cap = 0x1f,
		.ctl = ACS_SV | ACS_RR | ACS_CR | ACS_UF };
	fn_add(h, "0000:03:00.0", 0x030200, false, d1);
	fn_add(h, "0000:04:00.0", 0x020700, false, d2);
	set_pred(h, (int[]){ 0, 1, 2, 3, 4, 5 });
	h->profile = PROFILE_P2P;
	assert_int_equal(probe_assign(h), 0);
	findings_init(&fs);
	fs.current_check = "groups";
	assert_int_equal(check_groups.run(h, &fs), 0);
	f = find(&fs, "groups.p2p_pairs");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_WARN);
	assert_non_null(strstr(f->detail, "03:00.0 <-> 04:00.0: redirected "
			       "upstream at 02:01.0"));
	assert_non_null(strstr(f->remedy, "pci=disable_acs_redir=0000:02:01.0"));
	assert_null(find(&fs, "groups.missing_acs"));
	findings_release(&fs);
	host_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alone),
		cmocka_unit_test(test_alone_with_own_bridge),
		cmocka_unit_test(test_with_group),
		cmocka_unit_test(test_rmrr),
		cmocka_unit_test(test_rmrr_unresolvable),
		cmocka_unit_test(test_ivmd),
		cmocka_unit_test(test_reserved_direct),
		cmocka_unit_test(test_boot_vga_group),
		cmocka_unit_test(test_rootfs_nvme),
		cmocka_unit_test(test_rootfs_dm_and_route_bridge),
		cmocka_unit_test(test_no_reset),
		cmocka_unit_test(test_bus_reset_with_group),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_kernel_groups_and_missing),
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_path_bdf),
		cmocka_unit_test(test_partition_same),
		cmocka_unit_test(test_partition_split),
		cmocka_unit_test(test_partition_one_sided),
		cmocka_unit_test(test_check_mismatch),
		cmocka_unit_test(test_check_devices_focus),
		cmocka_unit_test(test_check_p2p),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
