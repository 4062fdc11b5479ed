/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What keeps an audit of a host with thousands of PCI functions linear,
 * each checked against the plain answer it replaces: the PCI ID index
 * against a scan, the binary searches for a function's binding (in the
 * directory-listing order, which is not strcmp() order) and for a group,
 * the capped vfio-pci.ids= conflict list, the kernel's confined lookup in
 * the root handle against the user-space walk a recording root takes, and
 * the JSON writer printing piece by piece against cJSON_Print() of the
 * whole tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../../probe/probe.h"
#include "../../checks/check.h"
#include "../../checks/setup.h"
#include "../../report/report.h"

/* ---- the PCI ID index ---- */

static void test_id_index(void **state)
{
	struct pci_function v[7];
	struct pci_facts p = { .v = v, .count = 7 };
	static const uint16_t ids[7][2] = {
		{ 0x10b5, 0x8796 }, { 0x8086, 0x154c }, { 0x15b3, 0x1018 },
		{ 0x8086, 0x154c }, { 0x10b5, 0x8796 }, { 0x8086, 0x1572 },
		{ 0x8086, 0x154c },
	};
	size_t first = 99;

	(void)state;
	memset(v, 0, sizeof(v));
	for (int i = 0; i < 7; i++) {
		v[i].vendor_id = ids[i][0];
		v[i].device_id = ids[i][1];
	}
	v[0].is_bridge = true;	/* a switch port: vfio-pci never binds it */

	/* no index yet: nothing, and *FIRST is defined */
	assert_int_equal(pci_id_range(&p, 0x8086, 0x154c, &first), 0);
	assert_int_equal(first, 0);
	assert_int_equal(pci_index(&p), 0);
	assert_int_equal(p.nby_id, 6);

	assert_int_equal(pci_id_range(&p, 0x8086, 0x154c, &first), 3);
	assert_int_equal(p.by_id[first], 1);	/* in bus order */
	assert_int_equal(p.by_id[first + 1], 3);
	assert_int_equal(p.by_id[first + 2], 6);
	/* the endpoint with a switch's ID, not the bridge */
	assert_int_equal(pci_id_range(&p, 0x10b5, 0x8796, &first), 1);
	assert_int_equal(p.by_id[first], 4);
	assert_int_equal(pci_id_range(&p, 0x15b3, 0x1018, &first), 1);
	assert_int_equal(pci_id_range(&p, 0xffff, 0xffff, &first), 0);
	assert_int_equal(pci_id_range(&p, 0x0000, 0x0000, &first), 0);
	assert_int_equal(pci_id_range(&p, 0x8086, 0x154b, &first), 0);
	free(p.by_id);
}

/* Many functions with few IDs: every range equals a count by scan. */
static void test_id_index_matches_scan(void **state)
{
	enum { N = 3000 };
	struct pci_function *v = calloc(N, sizeof(*v));
	struct pci_facts p = { .v = v, .count = N };
	uint32_t x = 12345;

	(void)state;
	assert_non_null(v);
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		v[i].vendor_id = (uint16_t)(0x8086 + (x >> 16) % 3);
		v[i].device_id = (uint16_t)((x >> 8) % 17);
		v[i].is_bridge = (x >> 4) % 9 == 0;
	}
	assert_int_equal(pci_index(&p), 0);
	for (uint16_t ven = 0x8085; ven <= 0x8089; ven++)
		for (uint16_t dev = 0; dev <= 17; dev++) {
			size_t first, n = pci_id_range(&p, ven, dev, &first);
			size_t want = 0;
			int prev = -1;

			for (int i = 0; i < N; i++)
				want += !v[i].is_bridge && v[i].vendor_id == ven &&
					v[i].device_id == dev;
			assert_int_equal(n, want);
			for (size_t k = first; k < first + n; k++) {
				const struct pci_function *f = &v[p.by_id[k]];

				assert_true(p.by_id[k] > prev);
				prev = p.by_id[k];
				assert_int_equal(f->vendor_id, ven);
				assert_int_equal(f->device_id, dev);
				assert_false(f->is_bridge);
			}
		}
	free(p.by_id);
	free(v);
}

/* ---- bindings and groups by binary search ---- */

static int rm_one(const char *path, const struct stat *st, int type,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *s = strchr(path + strlen(dir) + 1, '/'); s;
	     s = strchr(s + 1, '/')) {
		*s = 0;
		mkdir(path, 0755);
		*s = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void put_link(const char *dir, const char *rel, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(symlink(target, path), 0);
}

static void test_group_search(void **state)
{
	struct iommu_group_info g[5] = {
		{ .id = 0 }, { .id = 3 }, { .id = 7 }, { .id = 1000 },
		{ .id = 4000000000ul },
	};
	struct sys_facts s = { .groups = g, .ngroups = 5 };

	(void)state;
	for (size_t i = 0; i < 5; i++)
		assert_ptr_equal(sys_group(&s, g[i].id), &g[i]);
	assert_null(sys_group(&s, 1));
	assert_null(sys_group(&s, 8));
	assert_null(sys_group(&s, 4000000001ul));
	s.ngroups = 0;
	assert_null(sys_group(&s, 0));
}

/* ---- the vfio-pci.ids= conflict list ---- */

#define NFN 32

static struct pci_function fns[NFN];
static struct device_assign asg[NFN];
static int members[NFN][2];
static struct host H;

static int add_fn(unsigned bus, unsigned dev, unsigned func, uint16_t ven,
		  uint16_t did, bool bridge)
{
	int i = (int)H.pci.count++;
	struct pci_function *f = &fns[i];

	memset(f, 0, sizeof(*f));
	f->bus = (uint8_t)bus;
	f->dev = (uint8_t)dev;
	f->func = (uint8_t)func;
	snprintf(f->bdf, sizeof(f->bdf), "0000:%02x:%02x.%x", bus, dev, func);
	f->vendor_id = ven;
	f->device_id = did;
	f->class_code = bridge ? 0x060400 : 0x020000;
	f->is_bridge = bridge;
	f->header_type = bridge ? 1 : 0;
	f->sysfs = true;
	snprintf(f->driver, sizeof(f->driver), "%s", bridge ? "pcieport" :
		 "mlx5_core");
	memset(&asg[i], 0, sizeof(asg[i]));
	asg[i].verdict = bridge ? ASSIGN_BLOCKED : ASSIGN_ALONE;
	asg[i].kernel_group = asg[i].predicted_group = -1;
	members[i][0] = i;
	asg[i].members = members[i];
	asg[i].nmembers = 1;
	return i;
}

/* FN and PARTNER go together (one group). */
static void pair(int fn, int partner)
{
	int lo = fn < partner ? fn : partner, hi = fn ^ partner ^ lo;

	for (int k = 0; k < 2; k++) {
		int i = k ? partner : fn;

		members[i][0] = lo;
		members[i][1] = hi;
		asg[i].nmembers = 2;
		asg[i].verdict = ASSIGN_WITH_GROUP;
	}
}

static int setup_host(void **state)
{
	(void)state;
	free(H.pci.by_id);
	memset(&H, 0, sizeof(H));
	H.pci.v = fns;
	H.assign.v = asg;
	H.assign.rootfs_fn = H.assign.boot_vga_fn = H.assign.route_nic_fn = -1;
	return 0;
}

static int finish_host(void)
{
	H.assign.count = H.pci.count;
	return pci_index(&H.pci);
}

/* The line describing function I starts with its short BDF and IDs. */
static const char *line_of(const char *text, int i)
{
	char key[40];

	snprintf(key, sizeof(key), "  %s [%04x:%04x]", fns[i].bdf + 5,
		 fns[i].vendor_id, fns[i].device_id);
	return strstr(text, key);
}

static void test_conflicts_capped(void **state)
{
	int vf[20], bridge, me;
	const char *list;
	char *s;

	(void)state;
	add_fn(0, 1, 0, 0x8086, 0x2030, true);
	add_fn(1, 0, 0, 0x15b3, 0x1017, false);		/* the PF */
	for (int v = 0; v < 20; v++) {
		int rid = 2 + v;

		vf[v] = add_fn(1, (unsigned)rid >> 3, (unsigned)rid & 7,
			       0x15b3, 0x1018, false);
	}
	/* a bridge with the VFs' ID: ids= would not bind it */
	bridge = add_fn(2, 0, 0, 0x15b3, 0x1018, true);
	assert_int_equal(finish_host(), 0);

	me = vf[5];
	s = setup_cmdline(&H, me);
	assert_non_null(s);
	assert_non_null(strstr(s, "binds EVERY function with these IDs "
				  "(15b3:1018)"));
	list = strstr(s, "not part of this set");
	assert_non_null(list);
	/* the 8 lowest others, in bus order; neither itself nor the 9th */
	for (int v = 0, shown = 0; v < 20; v++) {
		const char *at = line_of(list, vf[v]);

		if (vf[v] == me) {
			assert_null(at);
			continue;
		}
		if (shown++ < 8)
			assert_non_null(at);
		else
			assert_null(at);
	}
	assert_true(line_of(s, vf[0]) < line_of(s, vf[1]));
	assert_non_null(strstr(s, "  ... and 11 more with these IDs\n"));
	assert_null(line_of(s, bridge));
	free(s);
}

static void test_conflicts_bus_order_across_ids(void **state)
{
	int gpu, audio, a1, a2, g1, g2;
	char *s;

	(void)state;
	g1 = add_fn(3, 0, 0, 0x10de, 0x2204, false);
	a1 = add_fn(3, 0, 1, 0x10de, 0x1aef, false);
	gpu = add_fn(4, 0, 0, 0x10de, 0x2204, false);
	audio = add_fn(4, 0, 1, 0x10de, 0x1aef, false);
	a2 = add_fn(5, 0, 1, 0x10de, 0x1aef, false);
	g2 = add_fn(6, 0, 0, 0x10de, 0x2204, false);
	pair(gpu, audio);
	assert_int_equal(finish_host(), 0);

	s = setup_cmdline(&H, audio);
	assert_non_null(s);
	assert_non_null(strstr(s, "(10de:2204,10de:1aef)"));
	assert_non_null(line_of(s, g1));
	/* bus order across both IDs: 03:00.0, 03:00.1, 05:00.1, 06:00.0 */
	assert_true(line_of(s, g1) < line_of(s, a1));
	assert_true(line_of(s, a1) < line_of(s, a2));
	assert_true(line_of(s, a2) < line_of(s, g2));
	assert_null(strstr(s, "more with these IDs"));
	free(s);

	/* a function alone whose ID nothing else has: no warning at all */
	asg[g2].nmembers = 1;
	fns[g2].device_id = 0x2206;
	assert_int_equal(finish_host(), 0);
	s = setup_cmdline(&H, g2);
	assert_non_null(s);
	assert_null(strstr(s, "binds EVERY function"));
	free(s);
}

/* More outsiders than are named, over two IDs: the lowest of both runs. */
static void test_conflicts_capped_across_ids(void **state)
{
	int audio[6], gpu[6], mine, mine_audio;
	char *s;

	(void)state;
	for (int i = 0; i < 6; i++)
		audio[i] = add_fn(0x08 + (unsigned)i, 0, 1, 0x10de, 0x1aef, false);
	for (int i = 0; i < 6; i++)
		gpu[i] = add_fn(0x10 + (unsigned)i, 0, 0, 0x10de, 0x2204, false);
	mine = add_fn(0x20, 0, 0, 0x10de, 0x2204, false);
	mine_audio = add_fn(0x20, 0, 1, 0x10de, 0x1aef, false);
	pair(mine, mine_audio);
	assert_int_equal(finish_host(), 0);

	s = setup_cmdline(&H, mine);
	assert_non_null(s);
	for (int i = 0; i < 6; i++)
		assert_non_null(line_of(s, audio[i]));
	assert_non_null(line_of(s, gpu[0]));
	assert_non_null(line_of(s, gpu[1]));
	for (int i = 2; i < 6; i++)
		assert_null(line_of(s, gpu[i]));
	assert_true(line_of(s, audio[5]) < line_of(s, gpu[0]));
	assert_non_null(strstr(s, "  ... and 4 more with these IDs\n"));
	free(s);
}

/* ---- the root handle: kernel lookup against the walk ---- */

struct answer {
	int rc;
	char text[256];
	mode_t mode;
	ino_t ino;
	size_t n;
};

static void ask(struct root *r, const char *path, struct answer a[5])
{
	struct blob b;
	struct stat st;
	char **names;

	memset(a, 0, 5 * sizeof(*a));
	a[0].rc = root_read(r, path, 4096, &b);
	if (!a[0].rc) {
		snprintf(a[0].text, sizeof(a[0].text), "%s", b.data);
		blob_release(&b);
	}
	a[1].rc = root_stat(r, path, &st);
	if (!a[1].rc) {
		a[1].mode = st.st_mode;
		a[1].ino = st.st_ino;
	}
	a[2].rc = root_lstat(r, path, &st);
	if (!a[2].rc) {
		a[2].mode = st.st_mode;
		a[2].ino = st.st_ino;
	}
	a[3].rc = root_readlink(r, path, a[3].text, sizeof(a[3].text));
	a[4].rc = root_list(r, path, 64, &names, &a[4].n);
	if (!a[4].rc) {
		for (size_t i = 0; i < a[4].n; i++)
			snprintf(a[4].text + strlen(a[4].text),
				 sizeof(a[4].text) - strlen(a[4].text), "%s,",
				 names[i]);
		root_names_free(names);
	}
}

static void test_root_kernel_lookup_matches_walk(void **state)
{
	static const char *const paths[] = {
		"a/b/file", "link_rel/file", "link_abs/file", "up/b/file",
		"link_rel/flink", "a/b/flink", "a/b/dangling", "a/b/missing",
		"missing/x", "a/b/file/x", "link_rel", "link_abs", "a/b", "up",
		"a/b/", "a/./b/file", "a/b/../b/file", "dev/x", "d1/attr",
		"d2/attr", "d3/attr", "d4/attr", "d5/attr", "d6/attr",
		"d1/attr", "a/b/file", "loop/x", "self", "", ".",
	};
	char dir[] = "/tmp/vfio-ready-scale.XXXXXX", rel[32];
	struct root *fast, *walk;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "a/b/file", "x\n");
	put_link(dir, "link_rel", "a/b");
	put_link(dir, "link_abs", "/a/b");
	put_link(dir, "up", "../../../a");
	put_link(dir, "a/b/flink", "file");
	put_link(dir, "a/b/dangling", "nowhere");
	put_link(dir, "loop", "loop");
	put_link(dir, "self", ".");
	put(dir, "dev/x", "");
	for (int i = 1; i <= 6; i++) {	/* more directories than cached */
		snprintf(rel, sizeof(rel), "d%d/attr", i);
		put(dir, rel, rel);
	}
	assert_int_equal(root_open(dir, &fast), 0);
	assert_int_equal(root_open(dir, &walk), 0);
	root_record_start(walk);	/* a recording root always walks */
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct answer a[5], b[5];

		ask(fast, paths[i], a);
		ask(walk, paths[i], b);
		for (int k = 0; k < 5; k++) {
			if (a[k].rc != b[k].rc || strcmp(a[k].text, b[k].text) ||
			    a[k].mode != b[k].mode || a[k].ino != b[k].ino ||
			    a[k].n != b[k].n)
				fail_msg("%s: question %d: kernel %d '%s' vs "
					 "walk %d '%s'", paths[i], k, a[k].rc,
					 a[k].text, b[k].rc, b[k].text);
		}
	}
	/* and they are the right answers */
	{
		struct answer a[5];

		ask(fast, "link_abs/file", a);
		assert_int_equal(a[0].rc, 0);
		assert_string_equal(a[0].text, "x\n");
		ask(fast, "a/b/missing", a);
		assert_int_equal(a[0].rc, -ENOENT);
		ask(fast, "a/b/file/x", a);
		assert_int_equal(a[0].rc, -ENOTDIR);
		ask(fast, "loop/x", a);
		assert_int_equal(a[0].rc, -ELOOP);
	}
	root_free(fast);
	root_free(walk);
	rm_tree(dir);
}

/* ---- the JSON writer ---- */

static void streamed_equals_tree(const char *fixture)
{
	struct probe_opts po = { 0 };
	struct report_opts ro = { 0 };
	static struct host h;
	struct findings fs;
	struct score sc;
	struct root *r;
	char *streamed = NULL, *tree;
	size_t len = 0;
	cJSON *j;
	FILE *m;

	memset(&h, 0, sizeof(h));
	assert_int_equal(root_open(fixture, &r), 0);
	assert_int_equal(probe_host(r, fixture, &po, &h), 0);
	assert_true(h.pci.count >= 2);
	findings_init(&fs);
	checks_run(&h, &fs);
	score_findings(&fs, &sc);

	m = open_memstream(&streamed, &len);
	assert_non_null(m);
	assert_int_equal(report_json.write(m, &h, &fs, &sc, &ro), 0);
	assert_int_equal(fclose(m), 0);
	j = report_build_json(&h, &fs, &sc);
	tree = cJSON_Print(j);
	assert_non_null(tree);
	assert_int_equal(len, strlen(tree) + 1);
	assert_memory_equal(streamed, tree, strlen(tree));
	assert_int_equal(streamed[len - 1], '\n');

	free(tree);
	free(streamed);
	cJSON_Delete(j);
	findings_release(&fs);
	host_release(&h);
	root_free(r);
}

static void test_json_streamed_equals_tree(void **state)
{
	(void)state;
	streamed_equals_tree("fixtures/synthetic/pci-switch");
	streamed_equals_tree("fixtures/synthetic/host-intel-ready");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_index),
		cmocka_unit_test(test_id_index_matches_scan),
		cmocka_unit_test(test_group_search),
		cmocka_unit_test_setup(test_conflicts_capped, setup_host),
		cmocka_unit_test_setup(test_conflicts_bus_order_across_ids,
				       setup_host),
		cmocka_unit_test_setup(test_conflicts_capped_across_ids,
				       setup_host),
		cmocka_unit_test(test_root_kernel_lookup_matches_walk),
		cmocka_unit_test(test_json_streamed_equals_tree),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	free(H.pci.by_id);
	return rc;
}
