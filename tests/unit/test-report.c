/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The scorer, the findings list, the JSON report and kernel-argument
 * remedies, on synthetic inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../checks/check.h"
#include "../../checks/remedy.h"
#include "../../probe/probe.h"
#include "../../report/report.h"

static void add(struct findings *fs, enum layer l, enum verdict v,
		enum severity s)
{
	assert_non_null(finding_add(fs, "test.code", l, v, s, "t"));
}

static void affirm_all(struct findings *fs)
{
	add(fs, LAYER_CPU, VERDICT_PASS, SEV_INFO);
	add(fs, LAYER_FIRMWARE, VERDICT_PASS, SEV_INFO);
	add(fs, LAYER_KERNEL, VERDICT_PASS, SEV_INFO);
	add(fs, LAYER_VFIO, VERDICT_PASS, SEV_INFO);
}

static void test_score_empty_is_not_ready_nor_ready(void **state)
{
	struct findings fs;
	struct score sc;

	(void)state;
	findings_init(&fs);
	score_findings(&fs, &sc);
	/* Nothing affirmed: never "ready". */
	assert_int_equal(sc.status, STATUS_WARNINGS);
	assert_int_equal(sc.first_failing_layer, -1);
	assert_true(sc.score <= 89);
	findings_release(&fs);
}

static void test_score_ready(void **state)
{
	struct findings fs;
	struct score sc;

	(void)state;
	findings_init(&fs);
	affirm_all(&fs);
	add(&fs, LAYER_KERNEL, VERDICT_INFO, SEV_INFO);
	score_findings(&fs, &sc);
	assert_int_equal(sc.status, STATUS_READY);
	assert_int_equal(sc.score, 100);
	assert_int_equal(sc.counts[VERDICT_PASS], 4);
	assert_int_equal(sc.counts[VERDICT_INFO], 1);
	findings_release(&fs);
}

static void test_score_unknown_keeps_warnings(void **state)
{
	struct findings fs;
	struct score sc;

	(void)state;
	findings_init(&fs);
	affirm_all(&fs);
	add(&fs, LAYER_FIRMWARE, VERDICT_UNKNOWN, SEV_HIGH);
	score_findings(&fs, &sc);
	assert_int_equal(sc.status, STATUS_WARNINGS);
	assert_int_equal(sc.first_failing_layer, -1);
	assert_in_range(sc.score, 50, 89);
	findings_release(&fs);
}

static void test_score_first_failing_layer(void **state)
{
	struct findings fs;
	struct score sc;

	(void)state;
	findings_init(&fs);
	affirm_all(&fs);
	/* emitted out of layer order: the earliest layer wins */
	add(&fs, LAYER_VFIO, VERDICT_FAIL, SEV_HIGH);
	add(&fs, LAYER_FIRMWARE, VERDICT_FAIL, SEV_CRITICAL);
	add(&fs, LAYER_KERNEL, VERDICT_WARN, SEV_LOW);
	score_findings(&fs, &sc);
	assert_int_equal(sc.status, STATUS_NOT_READY);
	assert_int_equal(sc.first_failing_layer, LAYER_FIRMWARE);
	assert_true(sc.score <= 49);
	assert_true(sc.score >= 0);
	findings_release(&fs);
}

static void test_score_never_negative(void **state)
{
	struct findings fs;
	struct score sc;

	(void)state;
	findings_init(&fs);
	for (int i = 0; i < 50; i++)
		add(&fs, LAYER_CPU, VERDICT_FAIL, SEV_CRITICAL);
	score_findings(&fs, &sc);
	assert_int_equal(sc.score, 0);
	assert_int_equal(sc.counts[VERDICT_FAIL], 50);
	findings_release(&fs);
}

static void test_next_steps_order(void **state)
{
	const struct finding *steps[3];
	struct findings fs;
	struct finding *f;

	(void)state;
	findings_init(&fs);
	/* in the order a check run might give them */
	f = finding_add(&fs, "w.vfio", LAYER_VFIO, VERDICT_WARN, SEV_HIGH, "w");
	finding_remedy(f, "fix w");
	f = finding_add(&fs, "f.groups", LAYER_GROUPS, VERDICT_FAIL, SEV_LOW, "f");
	finding_remedy(f, "fix g");
	f = finding_add(&fs, "p.cpu", LAYER_CPU, VERDICT_PASS, SEV_INFO, "p");
	finding_remedy(f, "not a step");
	add(&fs, LAYER_CPU, VERDICT_FAIL, SEV_CRITICAL);   /* no remedy */
	f = finding_add(&fs, "f.kernel.low", LAYER_KERNEL, VERDICT_FAIL, SEV_LOW, "k");
	finding_remedy(f, "fix k low");
	f = finding_add(&fs, "f.kernel.high", LAYER_KERNEL, VERDICT_FAIL, SEV_HIGH, "k");
	finding_remedy(f, "fix k high");

	assert_int_equal(report_next_steps(&fs, steps, 3), 3);
	assert_string_equal(steps[0]->code, "f.kernel.high");
	assert_string_equal(steps[1]->code, "f.kernel.low");
	assert_string_equal(steps[2]->code, "f.groups");
	assert_int_equal(report_next_steps(&fs, steps, 1), 1);
	assert_string_equal(steps[0]->code, "f.kernel.high");
	assert_int_equal(report_next_steps(&fs, steps, 0), 0);
	findings_release(&fs);
}

/* What a run without root could not read, area by area. */
static void test_root_gaps(void **state)
{
	static struct host h;
	struct pci_function fns[3] = { { .config_size = 64 },
				       { .config_size = 4096 },
				       { .config_size = 64 } };
	struct root_gap gaps[ROOT_GAPS_MAX];

	(void)state;
	memset(&h, 0, sizeof(h));
	h.as_root_known = true;
	h.as_root = false;
	fact_src_set(&h.klog.src, "dmesg", -EPERM);
	h.acpi.dmar_present = true;
	fact_src_set(&h.acpi.dmar_src, "sys/firmware/acpi/tables/DMAR", -EACCES);
	h.pci.v = fns;
	h.pci.count = 3;
	assert_int_equal(host_root_gaps(&h, gaps), 3);
	assert_string_equal(gaps[0].fact, "kernel_log");
	assert_string_equal(gaps[1].fact, "acpi_tables");
	assert_string_equal(gaps[2].fact, "pci_config_space");
	assert_non_null(strstr(gaps[2].reason, "2 of 3 functions"));

	/* a dump's 256 bytes are the dump's, not a permission */
	h.pci.from_dump = true;
	fact_src_set(&h.klog.src, "dmesg", 0);
	fact_src_set(&h.acpi.dmar_src, "sys/firmware/acpi/tables/DMAR", 0);
	assert_int_equal(host_root_gaps(&h, gaps), 0);

	/* as root nothing is a gap, whatever failed */
	h.pci.from_dump = false;
	fact_src_set(&h.klog.src, "dmesg", -EPERM);
	h.as_root = true;
	assert_int_equal(host_root_gaps(&h, gaps), 0);
}

static void test_findings_copy_strings(void **state)
{
	struct findings fs;
	struct finding *f;
	char buf[32];

	(void)state;
	findings_init(&fs);
	fs.current_check = "demo";
	snprintf(buf, sizeof(buf), "title %d", 7);
	f = finding_add(&fs, "demo.thing", LAYER_KERNEL, VERDICT_WARN,
			SEV_MEDIUM, "%s", buf);
	finding_detail(f, "detail %s", "x");
	finding_evidence(f, "proc/cmdline", "%s", "quiet");
	finding_evidence(f, "proc/cpuinfo", "flags: %s", "vmx");
	finding_remedy(f, "do %s", "this");
	memset(buf, 0, sizeof(buf));
	assert_string_equal(f->title, "title 7");
	assert_string_equal(f->check, "demo");
	assert_string_equal(f->detail, "detail x");
	assert_int_equal(f->nevidence, 2);
	assert_string_equal(f->evidence[1].source, "proc/cpuinfo");
	assert_string_equal(f->evidence[1].text, "flags: vmx");
	assert_string_equal(f->remedy, "do this");
	/* NULL finding is tolerated (after an allocation failure) */
	finding_detail(NULL, "x");
	finding_evidence(NULL, "a", "b");
	findings_release(&fs);
	assert_int_equal(fs.count, 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(layer_name(LAYER_CPU), "cpu");
	assert_string_equal(layer_name(LAYER_VFIO), "vfio");
	assert_string_equal(verdict_name(VERDICT_UNKNOWN), "unknown");
	assert_string_equal(severity_name(SEV_CRITICAL), "critical");
	assert_string_equal(status_name(STATUS_NOT_READY), "not_ready");
	assert_string_equal(layer_name((enum layer)99), "?");
}

static void test_registry_ids_unique(void **state)
{
	(void)state;
	for (const struct check *const *a = check_registry; *a; a++) {
		assert_non_null((*a)->run);
		assert_true(strlen((*a)->id) > 0);
		for (const struct check *const *b = a + 1; *b; b++)
			assert_string_not_equal((*a)->id, (*b)->id);
	}
}

static void test_json_contract(void **state)
{
	struct findings fs;
	struct score sc;
	struct host h;
	cJSON *j, *v, *f;

	(void)state;
	memset(&h, 0, sizeof(h));
	snprintf(h.source, sizeof(h.source), "fixtures/x");
	findings_init(&fs);
	fs.current_check = "demo";
	finding_evidence(finding_add(&fs, "demo.a", LAYER_KERNEL, VERDICT_FAIL,
				     SEV_CRITICAL, "A"), "proc/cmdline", "x");
	score_findings(&fs, &sc);
	j = report_build_json(&h, &fs, &sc);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(j, "schema")->valuestring,
			    "vfio-ready/report/1");
	assert_string_equal(cJSON_GetObjectItem(j, "source")->valuestring,
			    "fixtures/x");
	v = cJSON_GetObjectItem(j, "verdict");
	assert_string_equal(cJSON_GetObjectItem(v, "status")->valuestring,
			    "not_ready");
	assert_string_equal(
		cJSON_GetObjectItem(v, "first_failing_layer")->valuestring,
		"kernel");
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "findings"), 0);
	assert_string_equal(cJSON_GetObjectItem(f, "code")->valuestring,
			    "demo.a");
	assert_string_equal(cJSON_GetObjectItem(f, "check")->valuestring,
			    "demo");
	assert_string_equal(cJSON_GetObjectItem(f, "layer")->valuestring,
			    "kernel");
	assert_string_equal(cJSON_GetObjectItem(f, "verdict")->valuestring,
			    "fail");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(f, "remedy")));
	assert_int_equal(
		cJSON_GetArraySize(cJSON_GetObjectItem(f, "evidence")), 1);
	v = cJSON_GetObjectItem(j, "facts");
	for (const char *const *k = (const char *const[]){ "cpu", "cmdline",
		"kernel", "firmware", "modules", "iommu", NULL }; *k; k++)
		assert_non_null(cJSON_GetObjectItem(v, *k));
	cJSON_Delete(j);
	findings_release(&fs);
}

static void test_remedy_grub_whole_line(void **state)
{
	struct host h;
	char buf[2048];

	(void)state;
	memset(&h, 0, sizeof(h));
	fact_src_set(&h.boot.grub_src, "etc/default/grub", 0);
	h.boot.grub_has_default_line = true;
	h.boot.has_update_grub = true;
	snprintf(h.boot.grub_cmdline_default,
		 sizeof(h.boot.grub_cmdline_default), "quiet amd_iommu=on");
	remedy_kernel_args(&h, "iommu=pt", "amd_iommu=on", buf, sizeof(buf));
	assert_non_null(strstr(buf,
		"GRUB_CMDLINE_LINUX_DEFAULT=\"quiet iommu=pt\"|' /etc/default/grub"));
	assert_non_null(strstr(buf, "sudo update-grub"));

	/* adding what is already there does not duplicate it */
	remedy_kernel_args(&h, "quiet", NULL, buf, sizeof(buf));
	assert_non_null(strstr(buf,
		"GRUB_CMDLINE_LINUX_DEFAULT=\"quiet amd_iommu=on\"|"));
}

static void test_remedy_grubby_and_others(void **state)
{
	struct host h;
	char buf[2048];

	(void)state;
	memset(&h, 0, sizeof(h));
	h.boot.has_grubby = true;
	remedy_kernel_args(&h, "intel_iommu=on", NULL, buf, sizeof(buf));
	assert_non_null(strstr(buf,
		"sudo grubby --update-kernel=ALL --args=\"intel_iommu=on\""));

	memset(&h, 0, sizeof(h));
	h.boot.has_kernel_cmdline_file = true;
	h.boot.has_proxmox_boot_tool = true;
	remedy_kernel_args(&h, "intel_iommu=on", NULL, buf, sizeof(buf));
	assert_non_null(strstr(buf, "proxmox-boot-tool refresh"));

	memset(&h, 0, sizeof(h));
	remedy_kernel_args(&h, NULL, "iommu=off", buf, sizeof(buf));
	assert_non_null(strstr(buf, "--remove-args=\"iommu=off\""));
	assert_non_null(strstr(buf, "update-grub"));

	/* a tiny buffer stays NUL-terminated */
	remedy_kernel_args(&h, "intel_iommu=on", NULL, buf, 8);
	assert_true(strlen(buf) < 8);
}

static void test_boot_assignment(void **state)
{
	char v[64];

	(void)state;
	assert_true(boot_parse_assignment("ID=debian\nPRETTY_NAME=\"Debian 12\"\n",
					  "PRETTY_NAME", v, sizeof(v)));
	assert_string_equal(v, "Debian 12");
	assert_true(boot_parse_assignment("  ID='fedora' \n", "ID", v,
					  sizeof(v)));
	assert_string_equal(v, "fedora");
	assert_false(boot_parse_assignment("IDX=1\n", "ID", v, sizeof(v)));
	assert_true(boot_parse_assignment("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet",
					  "GRUB_CMDLINE_LINUX_DEFAULT", v,
					  sizeof(v)));
	assert_string_equal(v, "quiet");
}

static void test_fact_reason(void **state)
{
	struct fact_src s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_string_equal(fact_reason(&s, true, false), "not read");
	fact_src_set(&s, "sys/firmware/acpi/tables/DMAR", -13);
	assert_false(fact_known(&s));
	assert_string_equal(fact_reason(&s, true, false), "needs root");
	assert_string_equal(fact_reason(&s, true, true),
			    "permission denied even as root");
	fact_src_set(&s, "proc/cmdline", -2);
	assert_string_equal(fact_reason(&s, false, true),
			    "not present in the snapshot");
	fact_src_set(&s, "proc/cmdline", 0);
	assert_true(fact_known(&s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_empty_is_not_ready_nor_ready),
		cmocka_unit_test(test_score_ready),
		cmocka_unit_test(test_score_unknown_keeps_warnings),
		cmocka_unit_test(test_score_first_failing_layer),
		cmocka_unit_test(test_score_never_negative),
		cmocka_unit_test(test_next_steps_order),
		cmocka_unit_test(test_root_gaps),
		cmocka_unit_test(test_findings_copy_strings),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_registry_ids_unique),
		cmocka_unit_test(test_json_contract),
		cmocka_unit_test(test_remedy_grub_whole_line),
		cmocka_unit_test(test_remedy_grubby_and_others),
		cmocka_unit_test(test_boot_assignment),
		cmocka_unit_test(test_fact_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
