/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fleet merge, the report/1 readers and the diff, on reports built
 * here: counting, atomicity of a bad report, identity, the bounded blocker
 * table, CSV quoting, and each kind of change the diff names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../report/diff.h"
#include "../../report/fleet.h"

/* ---- building reports ---- */

static cJSON *report(const char *status, int score, const char *layer)
{
	cJSON *r = cJSON_CreateObject(), *v, *g;

	cJSON_AddStringToObject(r, "schema", REPORT1_SCHEMA);
	cJSON_AddStringToObject(r, "source", "live");
	v = cJSON_AddObjectToObject(r, "verdict");
	cJSON_AddStringToObject(v, "status", status);
	cJSON_AddNumberToObject(v, "score", score);
	if (layer)
		cJSON_AddStringToObject(v, "first_failing_layer", layer);
	else
		cJSON_AddNullToObject(v, "first_failing_layer");
	cJSON_AddArrayToObject(r, "findings");
	cJSON_AddArrayToObject(r, "devices");
	g = cJSON_AddObjectToObject(r, "groups");
	cJSON_AddNullToObject(g, "kernel");
	cJSON_AddNullToObject(g, "predicted");
	return r;
}

static void finding(cJSON *r, const char *code, const char *verdict,
		    const char *title)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "code", code);
	cJSON_AddStringToObject(f, "verdict", verdict);
	cJSON_AddStringToObject(f, "severity", "high");
	cJSON_AddStringToObject(f, "title", title);
	cJSON_AddItemToArray(cJSON_GetObjectItem(r, "findings"), f);
}

/* ACS: NULL for none, else the set capability and control bit names. */
static cJSON *device(cJSON *r, const char *bdf, const char *ids,
		     const char *cls, const char *assign)
{
	cJSON *d = cJSON_CreateObject();
	char ven[5], dev[5];

	snprintf(ven, sizeof(ven), "%.4s", ids);
	snprintf(dev, sizeof(dev), "%.4s", ids + 5);
	cJSON_AddStringToObject(d, "bdf", bdf);
	cJSON_AddStringToObject(d, "vendor_id", ven);
	cJSON_AddStringToObject(d, "device_id", dev);
	cJSON_AddStringToObject(d, "class", cls);
	cJSON_AddStringToObject(d, "name", "Test device");
	cJSON_AddNullToObject(d, "acs");
	cJSON_AddStringToObject(d, "assignability", assign);
	cJSON_AddItemToArray(cJSON_GetObjectItem(r, "devices"), d);
	return d;
}

static void acs(cJSON *d, const char *cap, const char *ctl)
{
	static const char *const bits[] = { "sv", "tb", "rr", "cr", "uf",
					    "ec", "dt" };
	cJSON *a = cJSON_CreateObject(), *c = cJSON_AddObjectToObject(a, "cap");
	cJSON *t = cJSON_AddObjectToObject(a, "ctl");

	for (int i = 0; i < 7; i++) {
		cJSON_AddBoolToObject(c, bits[i], strstr(cap, bits[i]) != NULL);
		cJSON_AddBoolToObject(t, bits[i], strstr(ctl, bits[i]) != NULL);
	}
	cJSON_ReplaceItemInObject(d, "acs", a);
}

/* Kernel groups from a spec: "a b|c" is two groups, {a, b} and {c}. */
static void kernel_groups(cJSON *r, const char *spec)
{
	cJSON *list = cJSON_CreateArray(), *devs = NULL;

	for (const char *p = spec; *p;) {
		size_t n = strcspn(p, " |");
		char bdf[16];

		if (!devs) {
			cJSON *g = cJSON_CreateObject();

			devs = cJSON_AddArrayToObject(g, "devices");
			cJSON_AddItemToArray(list, g);
		}
		snprintf(bdf, sizeof(bdf), "%.*s", (int)n, p);
		cJSON_AddItemToArray(devs, cJSON_CreateString(bdf));
		p += n;
		if (*p == '|')
			devs = NULL;
		if (*p)
			p++;
	}
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(r, "groups"), "kernel",
				  list);
}

/* Fold R (deleted) into F as FILE; returns fleet_add()'s result. */
static int add(struct fleet *f, const char *file, cJSON *r)
{
	char *s = cJSON_PrintUnformatted(r);
	int e;

	cJSON_Delete(r);
	assert_non_null(s);
	e = fleet_add(f, file, s, strlen(s));
	free(s);
	return e;
}

static int add_text(struct fleet *f, const char *file, const char *s)
{
	return fleet_add(f, file, s, strlen(s));
}

/* ---- the readers ---- */

static int parse(const char *s, cJSON **root, char *why)
{
	return report1_parse(s, strlen(s), root, why, 200);
}

static void test_parse_rejects(void **state)
{
	size_t n = 2 * REPORT1_MAX_VALUES + 21;
	char why[200], *big;
	cJSON *root;

	(void)state;
	assert_int_equal(parse("{\"schema\":\"vfio-ready/report/1\"}", &root,
			       why), 0);
	cJSON_Delete(root);
	assert_int_equal(parse("{\"schema\":\"vfio-ready/report/2\"}", &root,
			       why), -EINVAL);
	assert_non_null(strstr(why, "vfio-ready/report/2"));
	assert_null(root);
	assert_int_equal(parse("[1]", &root, why), -EINVAL);
	assert_int_equal(parse("{} {}", &root, why), -EINVAL);
	assert_non_null(strstr(why, "after"));
	assert_int_equal(parse("{\"schema\":\"vfio-ready/report/1\"} \n",
			       &root, why), 0);
	cJSON_Delete(root);
	assert_int_equal(parse("not json", &root, why), -EINVAL);
	assert_int_equal(parse("", &root, why), -EINVAL);
	/* cJSON's own nesting limit, not the stack, stops this */
	big = malloc(100001);
	assert_non_null(big);
	memset(big, '[', 100000);
	big[100000] = '\0';
	assert_int_equal(parse(big, &root, why), -EINVAL);
	free(big);
	/* "[0,0,0,...]": refused before cJSON spends 64 bytes on each */
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, ',', n);
	big[0] = '[';
	for (size_t i = 1; i < n - 1; i += 2)
		big[i] = '0';
	big[n - 1] = ']';
	big[n] = '\0';
	assert_int_equal(report1_parse(big, n, &root, why, sizeof(why)),
			 -EFBIG);
	/* commas inside strings are not values */
	memset(big, 'x', n);
	big[0] = '"';
	memset(big + 1, ',', n - 2);
	big[n - 1] = '"';
	assert_int_equal(report1_parse(big, n, &root, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "not a JSON object"));
	free(big);
}

static void test_verdict_ranges(void **state)
{
#define LAYER ",\"first_failing_layer\":"
	static const char *const bad[] = {
		"{\"status\":\"ready\",\"score\":1e400" LAYER "null}",
		"{\"status\":\"ready\",\"score\":-1" LAYER "null}",
		"{\"status\":\"ready\",\"score\":50.5" LAYER "null}",
		"{\"status\":\"ready\",\"score\":\"9\"" LAYER "null}",
		"{\"status\":\"fine\",\"score\":9" LAYER "null}",
		"{\"status\":\"ready\",\"score\":9" LAYER "\"bios\"}",
		"{\"status\":\"ready\",\"score\":9}",
	};
#undef LAYER
	struct report1_verdict v;
	char why[200];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		cJSON *r = cJSON_CreateObject();

		cJSON_AddItemToObject(r, "verdict", cJSON_Parse(bad[i]));
		assert_int_equal(report1_verdict(r, &v, why, sizeof(why)),
				 -EINVAL);
		cJSON_Delete(r);
	}
	{
		cJSON *r = report("not_ready", 49, "firmware");

		assert_int_equal(report1_verdict(r, &v, why, sizeof(why)), 0);
		assert_int_equal(v.status, STATUS_NOT_READY);
		assert_int_equal(v.score, 49);
		assert_int_equal(v.first_failing_layer, LAYER_FIRMWARE);
		cJSON_Delete(r);
	}
}

static void test_bdf_at(void **state)
{
	char out[REPORT1_BDF_SIZE];

	(void)state;
	assert_true(report1_bdf_at("00:1F.0 multifunction", out));
	assert_string_equal(out, "0000:00:1f.0");
	assert_true(report1_bdf_at("0001:3a:00.7", out));
	assert_string_equal(out, "0001:3a:00.7");
	assert_false(report1_bdf_at("00:1f.8 x", out));     /* function 8 */
	assert_false(report1_bdf_at("00:1f.0a", out));      /* longer word */
	assert_false(report1_bdf_at("18 IOMMU groups", out));
	assert_true(report1_bdf_ok("0000:00:02.0"));
	assert_false(report1_bdf_ok("00:02.0"));
	assert_false(report1_bdf_ok("0000:00:02.0 "));
}

static void test_classes(void **state)
{
	(void)state;
	assert_int_equal(fleet_class_of(0x030000), FLEET_GPU);
	assert_int_equal(fleet_class_of(0x030200), FLEET_GPU);
	assert_int_equal(fleet_class_of(0x020000), FLEET_NIC);
	assert_int_equal(fleet_class_of(0x010802), FLEET_NVME);
	assert_int_equal(fleet_class_of(0x010601), FLEET_OTHER);   /* AHCI */
	assert_int_equal(fleet_class_of(0x0c0330), FLEET_USB);
	assert_int_equal(fleet_class_of(0x0c0500), FLEET_OTHER);   /* SMBus */
	assert_true(fleet_can_pass(STATUS_WARNINGS, ASSIGN_WITH_GROUP));
	assert_false(fleet_can_pass(STATUS_NOT_READY, ASSIGN_ALONE));
	assert_false(fleet_can_pass(STATUS_READY, ASSIGN_BLOCKED));
}

/* ---- the merge ---- */

static void test_merge_counts(void **state)
{
	struct fleet f;
	cJSON *r;

	(void)state;
	fleet_init(&f);
	r = report("warnings", 89, NULL);
	device(r, "0000:01:00.0", "10de:1b80", "030000", "with_group");
	device(r, "0000:01:00.1", "10de:10f0", "040300", "with_group");
	device(r, "0000:02:00.0", "144d:a808", "010802", "alone");
	device(r, "0000:00:14.0", "8086:a36d", "0c0330", "blocked");
	finding(r, "iommu.passthrough", "warn", "t");
	assert_int_equal(add(&f, "dir/a.json", r), 0);

	r = report("not_ready", 10, "kernel");
	device(r, "0000:03:00.0", "8086:1533", "020000", "alone");
	finding(r, "iommu.kernel.disabled", "fail", "t");
	finding(r, "vfio.modules", "fail", "t");
	finding(r, "vfio.modules", "fail", "t2");
	assert_int_equal(add(&f, "dir/b.json", r), 0);

	r = report("not_ready", 0, "cpu");
	finding(r, "vfio.modules", "fail", "t");
	assert_int_equal(add(&f, "dir/c.json", r), 0);
	fleet_finish(&f);

	assert_int_equal(f.files, 3);
	assert_int_equal(f.nhosts, 3);
	assert_int_equal(f.by_status[STATUS_WARNINGS], 1);
	assert_int_equal(f.by_status[STATUS_NOT_READY], 2);
	assert_int_equal(f.by_layer[LAYER_KERNEL], 1);
	assert_int_equal(f.by_layer[LAYER_CPU], 1);
	assert_int_equal(f.score_min, 0);
	assert_int_equal(f.score_max, 89);
	assert_int_equal(f.score_sum, 99);
	/* the NIC is assignable, but on a not_ready host */
	assert_int_equal(f.devices[FLEET_NIC], 1);
	assert_int_equal(f.assignable[FLEET_NIC], 0);
	assert_int_equal(f.assignable[FLEET_GPU], 1);
	assert_int_equal(f.assignable[FLEET_NVME], 1);
	assert_int_equal(f.assignable[FLEET_USB], 0);
	assert_int_equal(f.assignable[FLEET_OTHER], 1);   /* the audio */
	assert_int_equal(f.hosts_assignable[FLEET_GPU], 1);
	/* vfio.modules: 2 hosts, 3 findings; sorted most hosts first */
	assert_int_equal(f.ncodes, 2);
	assert_string_equal(f.codes[0].code, "vfio.modules");
	assert_int_equal(f.codes[0].hosts, 2);
	assert_int_equal(f.codes[0].findings, 3);
	assert_int_equal(f.codes[1].hosts, 1);
	/* rows sorted by name: the file names, as every source is "live" */
	assert_string_equal(f.hosts[0].name, "a");
	assert_int_equal(f.hosts[1].blockers, 3);
	assert_int_equal(f.hosts[0].assignable[FLEET_GPU], 1);
	fleet_release(&f);
}

/* A report that turns out bad half-way counts for nothing but its file. */
static void test_bad_report_is_atomic(void **state)
{
	static const char *const bad[] = {
		"{\"schema\":\"vfio-ready/report/1\"",
		"[]",
		"{\"schema\":1}",
		"{\"schema\":\"vfio-ready/report/1\",\"source\":\"x\","
		"\"verdict\":{\"status\":\"ready\",\"score\":1e999,"
		"\"first_failing_layer\":null},\"findings\":[],\"devices\":[]}",
	};
	struct fleet f;
	cJSON *r;

	(void)state;
	fleet_init(&f);
	r = report("not_ready", 0, "cpu");
	finding(r, "cpu.virt.missing", "fail", "t");
	device(r, "0000:01:00.0", "10de:1b80", "030000", "alone");
	device(r, "01:00.1", "10de:10f0", "040300", "alone");   /* bad bdf */
	assert_int_equal(add(&f, "bad-device.json", r), -EINVAL);
	r = report("ready", 100, NULL);
	finding(r, "Not.A.Code", "fail", "t");
	assert_int_equal(add(&f, "bad-code.json", r), -EINVAL);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(add_text(&f, "bad.json", bad[i]), -EINVAL);
	assert_int_equal(fleet_add_unreadable(&f, "gone.json", "No such file"),
			 0);
	fleet_finish(&f);
	assert_int_equal(f.files, 7);
	assert_int_equal(f.nhosts, 0);
	assert_int_equal(f.nbad, 7);
	assert_int_equal(f.ncodes, 0);
	assert_int_equal(f.devices[FLEET_GPU], 0);
	assert_int_equal(f.by_status[STATUS_NOT_READY], 0);
	assert_string_equal(f.bad[0].file, "bad-device.json");
	assert_non_null(strstr(f.bad[0].reason, "devices[1]"));
	assert_non_null(strstr(f.bad[1].reason, "findings[0].code"));
	fleet_release(&f);
}

static void test_identity(void **state)
{
	struct fleet f;
	cJSON *r;

	(void)state;
	fleet_init(&f);
	r = report("ready", 100, NULL);
	cJSON_AddStringToObject(r, "hostname", "db1.example.org");
	assert_int_equal(add(&f, "x/1.json", r), 0);
	r = report("ready", 100, NULL);
	cJSON_ReplaceItemInObject(r, "source", cJSON_CreateString("snap.tgz"));
	assert_int_equal(add(&f, "x/2.json", r), 0);
	r = report("ready", 100, NULL);            /* "live": the file name */
	assert_int_equal(add(&f, "x/web3.json", r), 0);
	r = report("ready", 100, NULL);            /* invalid UTF-8 */
	cJSON_AddStringToObject(r, "hostname", "h\xff\xc3\xa9\xe2\x82");
	assert_int_equal(add(&f, "x/4.json", r), 0);
	r = report("ready", 100, NULL);
	cJSON_AddNumberToObject(r, "hostname", 7);
	assert_int_equal(add(&f, "x/5.json", r), -EINVAL);
	r = report("ready", 100, NULL);
	assert_int_equal(add(&f, "y/web3.json", r), 0);
	fleet_finish(&f);
	assert_int_equal(f.nhosts, 5);
	assert_string_equal(f.hosts[0].name, "db1.example.org");
	/* each byte of a broken sequence is one '?' */
	assert_string_equal(f.hosts[1].name, "h?\xc3\xa9??");
	assert_string_equal(f.hosts[2].name, "snap.tgz");
	assert_string_equal(f.hosts[3].name, "web3");
	assert_string_equal(f.hosts[3].file, "x/web3.json");
	assert_string_equal(f.hosts[4].file, "y/web3.json");
	assert_int_equal(f.duplicate_names, 1);
	fleet_release(&f);
}

/* Distinct codes past FLEET_MAX_CODES are not kept: the table is bounded
 * however hostile the reports. */
static void test_code_table_bounded(void **state)
{
	struct fleet f;
	char code[32];
	cJSON *r;

	(void)state;
	fleet_init(&f);
	r = report("not_ready", 0, "cpu");
	for (int i = 0; i < FLEET_MAX_CODES + 10; i++) {
		snprintf(code, sizeof(code), "x.code%d", i);
		finding(r, code, "fail", "t");
	}
	assert_int_equal(add(&f, "many.json", r), 0);
	fleet_finish(&f);
	assert_int_equal(f.ncodes, FLEET_MAX_CODES);
	assert_int_equal(f.codes_dropped, 10);
	assert_int_equal(f.hosts[0].blockers, FLEET_MAX_CODES + 10);
	fleet_release(&f);
}

static void test_csv_quoting(void **state)
{
	struct fleet f;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	cJSON *r;

	(void)state;
	fleet_init(&f);
	r = report("warnings", 80, NULL);
	cJSON_AddStringToObject(r, "hostname", "a,\"b\"\nc");
	device(r, "0000:03:00.0", "8086:1533", "020000", "alone");
	assert_int_equal(add(&f, "r.json", r), 0);
	fleet_finish(&f);
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(fleet_write_csv(out, &f), 0);
	fclose(out);
	assert_string_equal(buf,
		"host,verdict,score,first_failing_layer,blockers,gpu,nic,nvme,"
		"usb,file\r\n"
		"\"a,\"\"b\"\"\nc\",warnings,80,,0,0,1,0,0,r.json\r\n");
	free(buf);
	fleet_release(&f);
}

/* ---- the diff ---- */

static cJSON *diff(cJSON *a, cJSON *b)
{
	char why[300];
	cJSON *d = NULL;

	assert_int_equal(report_diff(a, b, &d, why, sizeof(why)), 0);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return d;
}

/* The value at a dotted PATH of keys ("devices.moved"), or NULL. */
static cJSON *at(const cJSON *o, const char *path)
{
	while (o && *path) {
		size_t n = strcspn(path, ".");
		char key[64];

		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		path += n + (path[n] == '.');
	}
	return (cJSON *)o;
}

static cJSON *host_a(void)
{
	cJSON *r = report("warnings", 89, NULL), *d;

	d = device(r, "0000:00:1c.0", "8086:a110", "060400", "blocked");
	acs(d, "sv rr cr uf", "sv rr cr uf");
	device(r, "0000:01:00.0", "10de:1b80", "030000", "alone");
	device(r, "0000:02:00.0", "8086:1533", "020000", "alone");
	kernel_groups(r, "0000:00:1c.0|0000:01:00.0|0000:02:00.0");
	finding(r, "iommu.passthrough", "warn", "Passthrough domains");
	finding(r, "devices.assignable_alone", "pass",
		"01:00.0 [10de:1b80] can be passed through alone");
	finding(r, "devices.assignable_alone", "pass",
		"02:00.0 [8086:1533] can be passed through alone");
	return r;
}

static void test_diff_nothing(void **state)
{
	cJSON *d;

	(void)state;
	d = diff(host_a(), host_a());
	assert_false(report_diff_changed(d));
	assert_int_equal(cJSON_GetArraySize(at(d, "findings.appeared")), 0);
	assert_int_equal(cJSON_GetArraySize(at(d, "groups.merged")), 0);
	cJSON_Delete(d);
}

static void test_diff_changes(void **state)
{
	cJSON *b = report("warnings", 80, NULL), *d, *x;

	(void)state;
	/* a firmware update: ACS control off on the root port, so the GPU
	 * and the NIC merge into one group; the NIC moved to bus 3 */
	x = device(b, "0000:00:1c.0", "8086:a110", "060400", "blocked");
	acs(x, "sv rr cr uf", "");
	device(b, "0000:01:00.0", "10de:1b80", "030000", "with_group");
	device(b, "0000:03:00.0", "8086:1533", "020000", "with_group");
	kernel_groups(b, "0000:00:1c.0|0000:01:00.0 0000:03:00.0");
	finding(b, "iommu.passthrough", "fail", "Passthrough domains");
	finding(b, "devices.assignable_with_group", "info",
		"01:00.0 [10de:1b80] can be passed through only with its "
		"group");
	finding(b, "devices.assignable_alone", "pass",
		"03:00.0 [8086:1533] can be passed through alone");
	d = diff(host_a(), b);

	assert_true(report_diff_changed(d));
	assert_int_equal(at(d, "after.score")->valuedouble, 80);
	/* moved, not added and removed */
	assert_int_equal(cJSON_GetArraySize(at(d, "devices.added")), 0);
	assert_int_equal(cJSON_GetArraySize(at(d, "devices.removed")), 0);
	x = cJSON_GetArrayItem(at(d, "devices.moved"), 0);
	assert_string_equal(at(x, "bdf")->valuestring, "0000:02:00.0");
	assert_string_equal(at(x, "to")->valuestring, "0000:03:00.0");
	assert_string_equal(at(x, "assignability.after")->valuestring,
			    "with_group");
	x = cJSON_GetArrayItem(at(d, "devices.assignability"), 0);
	assert_string_equal(at(x, "bdf")->valuestring, "0000:01:00.0");
	/* ACS control bits */
	x = cJSON_GetArrayItem(at(d, "acs"), 0);
	assert_string_equal(at(x, "bdf")->valuestring, "0000:00:1c.0");
	assert_string_equal(at(x, "ctl.before")->valuestring, "SV RR CR UF");
	assert_string_equal(at(x, "ctl.after")->valuestring, "none");
	assert_string_equal(at(x, "cap.after")->valuestring, "SV RR CR UF");
	/* the groups of the GPU and the NIC merged; nothing split */
	assert_int_equal(cJSON_GetArraySize(at(d, "groups.split")), 0);
	x = cJSON_GetArrayItem(at(d, "groups.merged"), 0);
	assert_non_null(x);
	/* the parts by their addresses before, the group by those after */
	assert_int_equal(cJSON_GetArraySize(at(x, "before")), 2);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(
		at(x, "before"), 1), 0)->valuestring, "0000:02:00.0");
	assert_string_equal(cJSON_GetArrayItem(at(x, "after"), 1)->valuestring,
			    "0000:03:00.0");
	/* findings keyed by code and device */
	x = cJSON_GetArrayItem(at(d, "findings.changed"), 0);
	assert_string_equal(at(x, "code")->valuestring, "iommu.passthrough");
	assert_string_equal(at(x, "verdict_before")->valuestring, "warn");
	assert_int_equal(cJSON_GetArraySize(at(d, "findings.appeared")), 2);
	assert_int_equal(cJSON_GetArraySize(at(d, "findings.resolved")), 2);
	x = cJSON_GetArrayItem(at(d, "findings.resolved"), 1);
	assert_string_equal(at(x, "subject")->valuestring, "0000:02:00.0");
	cJSON_Delete(d);
}

static void test_diff_split(void **state)
{
	cJSON *a = host_a(), *b = host_a(), *d, *x;

	(void)state;
	kernel_groups(a, "0000:00:1c.0 0000:01:00.0 0000:02:00.0");
	d = diff(a, b);
	assert_true(report_diff_changed(d));
	x = cJSON_GetArrayItem(at(d, "groups.split"), 0);
	assert_non_null(x);
	assert_int_equal(cJSON_GetArraySize(at(x, "before")), 3);
	assert_int_equal(cJSON_GetArraySize(at(x, "after")), 3);
	assert_int_equal(cJSON_GetArraySize(at(d, "groups.merged")), 0);
	cJSON_Delete(d);
}

static void test_diff_rejects(void **state)
{
	cJSON *a = host_a(), *b = host_a(), *d = NULL;
	char why[300];

	(void)state;
	kernel_groups(b, "0000:00:1c.0|0000:00:1c.0");
	assert_int_equal(report_diff(a, b, &d, why, sizeof(why)), -EINVAL);
	assert_null(d);
	assert_non_null(strstr(why, "after:"));
	assert_non_null(strstr(why, "two groups"));
	cJSON_Delete(b);
	b = host_a();
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(
		cJSON_GetObjectItem(b, "devices"), 0), "acs",
		cJSON_CreateString("on"));
	assert_int_equal(report_diff(a, b, &d, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "acs"));
	cJSON_Delete(a);
	cJSON_Delete(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_verdict_ranges),
		cmocka_unit_test(test_bdf_at),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_merge_counts),
		cmocka_unit_test(test_bad_report_is_atomic),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_code_table_bounded),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_diff_nothing),
		cmocka_unit_test(test_diff_changes),
		cmocka_unit_test(test_diff_split),
		cmocka_unit_test(test_diff_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
