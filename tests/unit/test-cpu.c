/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: cpuinfo parser, hypervisor leaf, kernel log matcher, the
 * /dev/kvm helpers, the cpu and kvm judgements, the cpuinfo corpus and a
 * CPUID snapshot round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../checks/check.h"
#include "../../probe/probe.h"

extern const struct check check_cpu, check_kvm;

static const char intel_cpuinfo[] =
	"processor\t: 0\n"
	"vendor_id\t: GenuineIntel\n"
	"model name\t: Intel(R) Xeon(R) CPU X7550 @ 2.00GHz\n"
	"flags\t\t: fpu vme vmx smx est hypervisorx\n"
	"vmx flags\t: vnmi ept vpid unrestricted_guest\n"
	"\n"
	"processor\t: 1\n"
	"vendor_id\t: GenuineIntel\n"
	"flags\t\t: fpu svm\n";

static void test_cpuinfo_parse(void **state)
{
	struct cpuinfo_facts ci;

	(void)state;
	assert_int_equal(cpuinfo_parse(intel_cpuinfo, strlen(intel_cpuinfo),
				       &ci), 0);
	assert_string_equal(ci.vendor_id, "GenuineIntel");
	assert_string_equal(ci.model_name,
			    "Intel(R) Xeon(R) CPU X7550 @ 2.00GHz");
	assert_int_equal(ci.logical_cpus, 2);
	assert_true(ci.flag_vmx);
	/* Only the first flags line counts; tokens match whole words. */
	assert_false(ci.flag_svm);
	assert_false(ci.flag_hypervisor);
	assert_true(ci.has_vmx_flags);
	assert_string_equal(ci.vmx_flags, "vnmi ept vpid unrestricted_guest");

	assert_int_equal(cpuinfo_parse("", 0, &ci), -EBADMSG);
	assert_int_equal(cpuinfo_parse("garbage\n:\n::", 12, &ci), -EBADMSG);
	/* No trailing newline, CRLF, a length shorter than the string. */
	assert_int_equal(cpuinfo_parse("flags : svm hypervisor\r", 23, &ci), 0);
	assert_true(ci.flag_svm && ci.flag_hypervisor && !ci.has_vmx_flags);
	assert_int_equal(cpuinfo_parse("flags : vmx", 9, &ci), 0);
	assert_false(ci.flag_vmx);
}

static void test_cpuinfo_long_vmx_flags(void **state)
{
	size_t n = 8 + 3000;
	char *t = malloc(n + 1);
	struct cpuinfo_facts ci;

	(void)state;
	assert_non_null(t);
	memcpy(t, "vmx flags:", 10);
	for (size_t i = 10; i < n; i++)
		t[i] = (i % 5) ? 'a' : ' ';
	t[n] = 0;
	memcpy(t + n - 7, "\nflags:", 7);
	assert_int_equal(cpuinfo_parse(t, n, &ci), 0);
	assert_true(strlen(ci.vmx_flags) < sizeof(ci.vmx_flags));
	assert_true(ci.vmx_flags[strlen(ci.vmx_flags) - 1] != ' ');
	free(t);
}

static void test_hv_signature(void **state)
{
	static const struct {
		uint32_t regs[4];
		const char *name;
	} cases[] = {
		{ { 0x40000001, 0x4b4d564b, 0x564b4d56, 0x0000004d }, "KVM" },
		{ { 0x40000006, 0x7263694d, 0x666f736f, 0x76482074 },
		  "Microsoft Hyper-V" },
		{ { 0x40000010, 0x61774d56, 0x4d566572, 0x65726177 },
		  "VMware" },
		{ { 0x40000002, 0x566e6558, 0x65584d4d, 0x4d4d566e }, "Xen" },
		{ { 0, 0x01020304, 0, 0 }, NULL },
	};
	char sig[13];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		cpu_hv_signature(cases[i].regs, sig);
		if (cases[i].name)
			assert_string_equal(cpu_hypervisor_name(sig),
					    cases[i].name);
		else
			assert_null(cpu_hypervisor_name(sig));
	}
	cpu_hv_signature(cases[0].regs, sig);
	assert_memory_equal(sig, "KVMKVMKVM\0\0\0", 12);
	assert_string_equal(cpu_hypervisor_name("TCGTCGTCGTCG"),
			    "QEMU (TCG, no KVM)");
	assert_string_equal(cpu_hypervisor_name(" lrpepyh  vr"), "Parallels");
	assert_string_equal(cpu_hypervisor_name("bhyve bhyve "), "bhyve");
	assert_string_equal(cpu_hypervisor_name("VBoxVBoxVBox"), "VirtualBox");
	assert_null(cpu_hypervisor_name(""));
}

static void test_hv_text(void **state)
{
	const char ok[] = "# x\nleaf_40000000=40000001 4b4d564b 564b4d56 "
			  "0000004d\n";
	uint32_t r[4];

	(void)state;
	assert_int_equal(cpu_hv_text_parse(ok, strlen(ok), r), 0);
	assert_int_equal(r[0], 0x40000001);
	assert_int_equal(r[3], 0x4d);
	assert_int_equal(cpu_hv_text_parse("", 0, r), -ENODATA);
	assert_int_equal(cpu_hv_text_parse("leaf_40000000=1 2 3", 19, r),
			 -EBADMSG);
	assert_int_equal(cpu_hv_text_parse("leaf_40000000=1 2 3 x", 21, r),
			 -EBADMSG);
	assert_int_equal(cpu_hv_text_parse("leaf_40000000=1 2 3 1ffffffff",
					   29, r), -EBADMSG);
}

static void test_klog_scan(void **state)
{
	const char log[] =
		"Linux version 6.1.0\n"
		"kvm_intel: VMX not supported by CPU 0\n"
		"x86/cpu: VMX (outside TXT) disabled by BIOS\n"
		"kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR on CPU 3\n";
	struct cpu_klog_hit fw, ns;

	(void)state;
	cpu_klog_scan(log, strlen(log), &fw, &ns);
	assert_true(fw.found);
	assert_int_equal(fw.lineno, 3);
	assert_string_equal(fw.line,
			    "x86/cpu: VMX (outside TXT) disabled by BIOS");
	assert_true(ns.found);
	assert_int_equal(ns.lineno, 2);

	cpu_klog_scan("kvm: disabled by bios", 21, &fw, &ns);
	assert_true(fw.found && !ns.found);
	cpu_klog_scan("SVM disabled (by BIOS) in MSR_VM_CR", 35, &fw, &ns);
	assert_true(fw.found);
	/* Cut short: the message must be whole. */
	cpu_klog_scan("SVM disabled (by BIOS) in MSR_VM_CR", 30, &fw, &ns);
	assert_false(fw.found);
	cpu_klog_scan("", 0, &fw, &ns);
	assert_false(fw.found || ns.found);
}

static void test_kvm_helpers(void **state)
{
	const char grp[] = "root:x:0:\nbroken\nkvm:x:108:alice\n";
	struct kvm_node_record rec;
	gid_t groups[] = { 5, 108 };
	char name[16];

	(void)state;
	assert_int_equal(kvm_node_parse("node=char mode=0660 uid=0 gid=108 "
					"reader_rw=no\n", 47, &rec), 0);
	assert_true(rec.mode_known);
	assert_int_equal(rec.mode, 0660);
	assert_int_equal(rec.gid, 108);
	assert_int_equal(rec.reader_rw, TRI_NO);
	assert_int_equal(kvm_node_parse("", 0, &rec), -EBADMSG);
	assert_int_equal(kvm_node_parse("mode=0999 uid=0 gid=0", 21, &rec),
			 -EBADMSG);
	assert_int_equal(kvm_node_parse("mode=0600 uid=-1 gid=0", 22, &rec),
			 -EBADMSG);
	assert_false(rec.mode_known);

	assert_int_equal(kvm_group_lookup(grp, strlen(grp), 108, name,
					  sizeof(name)), 0);
	assert_string_equal(name, "kvm");
	assert_int_equal(kvm_group_lookup(grp, strlen(grp), 7, name,
					  sizeof(name)), -ENOENT);

	assert_true(kvm_mode_allows_rw(0600, 0, 0, 0, 0, NULL, 0));
	assert_false(kvm_mode_allows_rw(0660, 0, 108, 1000, 1000, NULL, 0));
	assert_true(kvm_mode_allows_rw(0660, 0, 108, 1000, 1000, groups, 2));
	assert_true(kvm_mode_allows_rw(0666, 0, 108, 1000, 1000, NULL, 0));
	/* The owner class decides for the owner, even if others may. */
	assert_false(kvm_mode_allows_rw(0066, 1000, 108, 1000, 1000, NULL, 0));
}

/* Judgement over synthetic hosts. */

static struct host *new_host(void)
{
	struct host *h = calloc(1, sizeof(*h));

	assert_non_null(h);
	h->as_root = h->as_root_known = true;
	snprintf(h->source, sizeof(h->source), "test");
	return h;
}

static void set_cpuid(struct host *h, bool vmx, bool svm, bool hv)
{
	struct cpu_facts *c = &h->cpu;

	fact_src_set(&c->cpuid_src, "cpuid", 0);
	c->vendor = svm ? CPU_VENDOR_AMD : CPU_VENDOR_INTEL;
	snprintf(c->vendor_string, sizeof(c->vendor_string), "%s",
		 svm ? "AuthenticAMD" : "GenuineIntel");
	c->leaf1_valid = c->ext1_valid = true;
	c->vmx = vmx;
	c->svm = svm;
	c->hypervisor_bit = hv;
}

static void set_cpuinfo(struct host *h, bool vmx, bool svm, bool hv)
{
	fact_src_set(&h->cpu.cpuinfo_src, "proc/cpuinfo", 0);
	h->cpu.info.has_flags = true;
	h->cpu.info.flag_vmx = vmx;
	h->cpu.info.flag_svm = svm;
	h->cpu.info.flag_hypervisor = hv;
}

static const struct finding *run_find(const struct host *h,
				      struct findings *fs, const char *code)
{
	findings_release(fs);
	findings_init(fs);
	fs->current_check = "test";
	assert_int_equal(check_cpu.run(h, fs), 0);
	assert_int_equal(check_kvm.run(h, fs), 0);
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->v[i].code, code))
			return &fs->v[i];
	return NULL;
}

static bool any_fail(const struct findings *fs, const char *prefix)
{
	for (size_t i = 0; i < fs->count; i++)
		if (!strncmp(fs->v[i].code, prefix, strlen(prefix)) &&
		    fs->v[i].verdict == VERDICT_FAIL)
			return true;
	return false;
}

static void test_judge_cpu(void **state)
{
	struct findings fs;
	const struct finding *f;
	struct host *h = new_host();

	(void)state;
	findings_init(&fs);

	/* Intel with VMX enabled. */
	set_cpuid(h, true, false, false);
	set_cpuinfo(h, true, false, false);
	f = run_find(h, &fs, "cpu.virt.supported");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_PASS);
	assert_null(run_find(h, &fs, "cpu.hypervisor"));

	/* The kernel hid the flag: firmware. */
	set_cpuinfo(h, false, false, false);
	f = run_find(h, &fs, "cpu.virt.disabled_by_firmware");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->remedy, "Intel Virtualization Technology"));
	assert_non_null(strstr(f->remedy, "TXT"));

	/* AMD with the flag but a "disabled by BIOS" line (old kernel). */
	set_cpuid(h, false, true, false);
	set_cpuinfo(h, false, true, false);
	h->cpu.klog_fw_disabled.found = true;
	f = run_find(h, &fs, "cpu.virt.disabled_by_firmware");
	assert_non_null(f);
	assert_non_null(strstr(f->remedy, "SVM Mode"));
	h->cpu.klog_fw_disabled.found = false;

	/* Bare metal without the extension. */
	set_cpuid(h, false, false, false);
	set_cpuinfo(h, false, false, false);
	assert_non_null(run_find(h, &fs, "cpu.virt.absent"));

	/* A VM without VMX/SVM and without KVM: FAIL with nested remedy. */
	set_cpuid(h, false, false, true);
	set_cpuinfo(h, false, false, true);
	fact_src_set(&h->kvm.dev_src, "dev/kvm", -ENOENT);
	f = run_find(h, &fs, "cpu.virt.not_exposed");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_FAIL);
	assert_non_null(strstr(f->remedy, "nested=1"));
	assert_non_null(run_find(h, &fs, "cpu.hypervisor"));

	/* This machine: a KVM guest with kvm_pvm and /dev/kvm: WARN. */
	fact_src_set(&h->kvm.dev_src, "dev/kvm", 0);
	h->kvm.dev_placeholder = true;
	h->kvm.modules[KVM_MOD_PVM] = MODULE_BUILTIN;
	fact_src_set(&h->cpu.hv_src, "cpuid", 0);
	memcpy(h->cpu.hv_signature, "KVMKVMKVM\0\0\0", 13);
	f = run_find(h, &fs, "cpu.virt.not_exposed");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_WARN);
	f = run_find(h, &fs, "cpu.hypervisor");
	assert_non_null(strstr(f->title, "KVM"));
	assert_non_null(strstr(f->remedy, "intel-iommu,intremap=on"));
	assert_false(any_fail(&fs, "cpu."));
	assert_false(any_fail(&fs, "kvm."));

	/* Nothing readable: UNKNOWN, never a guess. */
	memset(&h->cpu, 0, sizeof(h->cpu));
	fact_src_set(&h->cpu.cpuid_src, "vfio-ready/cpuid.raw", -ENOENT);
	fact_src_set(&h->cpu.cpuinfo_src, "proc/cpuinfo", -EACCES);
	assert_non_null(run_find(h, &fs, "cpu.cpuid_unknown"));
	f = run_find(h, &fs, "cpu.cpuinfo_unreadable");
	assert_int_equal(f->verdict, VERDICT_UNKNOWN);
	assert_false(any_fail(&fs, "cpu."));

	findings_release(&fs);
	free(h);
}

static void test_judge_kvm(void **state)
{
	struct findings fs;
	const struct finding *f;
	struct host *h = new_host();

	(void)state;
	findings_init(&fs);
	set_cpuid(h, true, false, false);
	set_cpuinfo(h, true, false, false);

	/* Module not loaded: modprobe. */
	fact_src_set(&h->kvm.dev_src, "dev/kvm", -ENOENT);
	h->kvm.modules[KVM_MOD_INTEL] = MODULE_ABSENT;
	f = run_find(h, &fs, "kvm.device.missing");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_FAIL);
	assert_non_null(strstr(f->remedy, "sudo modprobe kvm_intel"));

	/* Firmware off: the remedy points there. */
	set_cpuinfo(h, false, false, false);
	f = run_find(h, &fs, "kvm.device.missing");
	assert_non_null(strstr(f->remedy, "firmware"));

	/* Present, group kvm rw, reader not in it: WARN usermod. */
	set_cpuinfo(h, true, false, false);
	fact_src_set(&h->kvm.dev_src, "dev/kvm", 0);
	h->kvm.dev_char = true;
	h->kvm.mode_known = true;
	h->kvm.mode = 0660;
	h->kvm.gid = 108;
	snprintf(h->kvm.group, sizeof(h->kvm.group), "kvm");
	h->kvm.usable_by_reader = TRI_NO;
	h->as_root = false;
	f = run_find(h, &fs, "kvm.device.access");
	assert_int_equal(f->verdict, VERDICT_WARN);
	assert_non_null(strstr(f->remedy, "sudo usermod -aG kvm $USER"));
	assert_non_null(run_find(h, &fs, "kvm.device.present"));

	/* Parameters. */
	fact_src_set(&h->kvm.params[KVM_PARAM_INTEL_NESTED].src,
		     "sys/module/kvm_intel/parameters/nested", 0);
	snprintf(h->kvm.params[KVM_PARAM_INTEL_NESTED].value, 32, "Y");
	fact_src_set(&h->kvm.params[KVM_PARAM_KVM_IGNORE_MSRS].src,
		     "sys/module/kvm/parameters/ignore_msrs", 0);
	snprintf(h->kvm.params[KVM_PARAM_KVM_IGNORE_MSRS].value, 32, "Y");
	h->kvm.modules[KVM_MOD_INTEL] = MODULE_LOADED;
	f = run_find(h, &fs, "kvm.nested");
	assert_non_null(strstr(f->title, "on"));
	assert_non_null(run_find(h, &fs, "kvm.ignore_msrs"));
	f = run_find(h, &fs, "kvm.module");
	assert_non_null(strstr(f->title, "kvm_intel (loaded)"));

	findings_release(&fs);
	free(h);
}

/* The real-machine cpuinfo corpus, classified as its index says. */

static const char *corpus_dir(void)
{
	const char *d = getenv("VFIO_READY_CORPUS");

	return d && *d ? d : "../shared/corpus";
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else if (buf) {
			buf[n] = 0;
			*len = (size_t)n;
		}
	}
	fclose(fp);
	return buf;
}

static void test_corpus_cpuinfo(void **state)
{
	char path[1024], line[1024];
	unsigned int rows = 0;
	FILE *idx;

	(void)state;
	snprintf(path, sizeof(path), "%s/cpuinfo/index.tsv", corpus_dir());
	idx = fopen(path, "r");
	if (!idx)
		skip();
	while (fgets(line, sizeof(line), idx)) {
		char dump[256], vendor[64];
		unsigned int ncpu, vmx, svm, hv;
		struct cpuinfo_facts ci;
		size_t len = 0;
		char *text;

		if (!strncmp(line, "dump\t", 5))
			continue;
		if (sscanf(line, "%255[^\t]\t%63[^\t]\t%*[^\t]\t%u\t%u\t%u\t%u",
			   dump, vendor, &ncpu, &vmx, &svm, &hv) != 6)
			fail_msg("bad index row: %s", line);
		snprintf(path, sizeof(path), "%s/cpuinfo/%s.cpuinfo",
			 corpus_dir(), dump);
		text = slurp(path, &len);
		assert_non_null(text);
		assert_int_equal(cpuinfo_parse(text, len, &ci), 0);
		assert_string_equal(ci.vendor_id, vendor);
		assert_int_equal(ci.logical_cpus, ncpu);
		assert_int_equal(ci.flag_vmx, vmx);
		assert_int_equal(ci.flag_svm, svm);
		assert_int_equal(ci.flag_hypervisor, hv);
		assert_int_equal(cpu_vendor_from_string(ci.vendor_id),
				 !strcmp(vendor, "GenuineIntel") ?
				 CPU_VENDOR_INTEL : CPU_VENDOR_AMD);
		free(text);
		rows++;
	}
	fclose(idx);
	assert_true(rows >= 6);
}

/* cpu_snapshot_write_raw + cpu_snapshot_hv_text, read back by probe_cpu
 * through a temporary snapshot root. */

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static void test_snapshot_round_trip(void **state)
{
	char dir[] = "/tmp/vfio-ready-test-cpu-XXXXXX";
	char path[512], hv[128];
	struct host *a = new_host(), *b = new_host();
	struct root *r;

	(void)state;
	assert_non_null(mkdtemp(dir));

	/* A known CPU: Intel with VMX and a KVM hypervisor leaf. */
	fact_src_set(&a->cpu.cpuid_src, "cpuid", 0);
	a->cpu.raw.basic_cpuid[0][EAX] = 0x16;
	a->cpu.raw.basic_cpuid[0][EBX] = 0x756e6547;
	a->cpu.raw.basic_cpuid[0][ECX] = 0x6c65746e;
	a->cpu.raw.basic_cpuid[0][EDX] = 0x49656e69;
	a->cpu.raw.basic_cpuid[1][EAX] = 0x000906ea;
	a->cpu.raw.basic_cpuid[1][ECX] = 0xfffafbff;
	a->cpu.raw.ext_cpuid[0][EAX] = 0x80000008;
	a->cpu.hypervisor_bit = true;
	fact_src_set(&a->cpu.hv_src, "cpuid", 0);
	a->cpu.hv_leaf[0] = 0x40000001;
	a->cpu.hv_leaf[1] = 0x4b4d564b;
	a->cpu.hv_leaf[2] = 0x564b4d56;
	a->cpu.hv_leaf[3] = 0x4d;

	snprintf(path, sizeof(path), "%s/vfio-ready", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, SNAP_CPUID);
	assert_int_equal(cpu_snapshot_write_raw(&a->cpu, path), 0);
	assert_int_equal(cpu_snapshot_hv_text(&a->cpu, path, 8), -ENOSPC);
	assert_int_equal(cpu_snapshot_hv_text(&a->cpu, hv, sizeof(hv)), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, SNAP_CPUID_HV);
	write_file(path, hv);

	assert_int_equal(root_open(dir, &r), 0);
	b->root = r;
	b->live = false;
	assert_int_equal(probe_cpu(b), 0);
	assert_true(fact_known(&b->cpu.cpuid_src));
	assert_memory_equal(&a->cpu.raw.basic_cpuid, &b->cpu.raw.basic_cpuid,
			    sizeof(a->cpu.raw.basic_cpuid));
	assert_string_equal(b->cpu.vendor_string, "GenuineIntel");
	assert_int_equal(b->cpu.vendor, CPU_VENDOR_INTEL);
	assert_true(b->cpu.vmx);
	assert_false(b->cpu.svm);
	assert_true(b->cpu.hypervisor_bit);
	assert_int_equal(b->cpu.family, 6);
	assert_int_equal(b->cpu.model, 158);
	assert_int_equal(b->cpu.hv_src.err, 0);
	assert_string_equal(cpu_hypervisor_name(b->cpu.hv_signature), "KVM");
	/* No proc/cpuinfo in this root: unknown, not "no flag". */
	assert_int_equal(b->cpu.cpuinfo_src.err, -ENOENT);
	assert_int_equal(cpu_virt_flag(&b->cpu), TRI_UNKNOWN);
	root_free(r);

	snprintf(path, sizeof(path), "%s/%s", dir, SNAP_CPUID);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", dir, SNAP_CPUID_HV);
	unlink(path);
	snprintf(path, sizeof(path), "%s/vfio-ready", dir);
	rmdir(path);
	rmdir(dir);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpuinfo_parse),
		cmocka_unit_test(test_cpuinfo_long_vmx_flags),
		cmocka_unit_test(test_hv_signature),
		cmocka_unit_test(test_hv_text),
		cmocka_unit_test(test_klog_scan),
		cmocka_unit_test(test_kvm_helpers),
		cmocka_unit_test(test_judge_cpu),
		cmocka_unit_test(test_judge_kvm),
		cmocka_unit_test(test_corpus_cpuinfo),
		cmocka_unit_test(test_snapshot_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
