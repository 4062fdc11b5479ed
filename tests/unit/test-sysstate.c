/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The runtime-state decoders (reserved_regions, /proc/interrupts, ecap,
 * release version, modprobe.d) and the iommu / vfio judgements on
 * synthetic hosts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../checks/check.h"
#include "../../probe/probe.h"

extern const struct check check_iommu, check_vfio;

/* ---- reserved_regions ---- */

static void test_resv_real(void **state)
{
	static const char text[] =
		"0x00000000fee00000 0x00000000feefffff msi\n"
		"0x000000007b800000 0x000000007fffffff direct-relaxable\n"
		"0x000000003e2e0000 0x000000003e2fffff direct\n"
		"0x0000000000000000 0x0000000000ffffff reserved\n"
		"0x0000000100000000 0x00000001000fffff future-kind\n";
	struct resv_region r[8];
	size_t n, bad;

	(void)state;
	assert_int_equal(resv_regions_parse(text, strlen(text), r, 8, &n,
					    &bad), 0);
	assert_int_equal(n, 5);
	assert_int_equal(bad, 0);
	assert_int_equal(r[0].type, RESV_MSI);
	assert_true(r[0].start == 0xfee00000ull && r[0].end == 0xfeefffffull);
	assert_int_equal(r[1].type, RESV_DIRECT_RELAXABLE);
	assert_int_equal(r[2].type, RESV_DIRECT);
	assert_true(r[2].start == 0x3e2e0000ull);
	assert_int_equal(r[3].type, RESV_RESERVED);
	assert_int_equal(r[4].type, RESV_UNKNOWN);
	assert_string_equal(resv_type_name(RESV_DIRECT), "direct");
}

static void test_resv_garbage(void **state)
{
	static const char text[] =
		"garbage\n"
		"0x 0x1 direct\n"
		"0x1 0x2\n"
		"0x1 0x2 direct extra\n"
		"0x11111111111111111 0x2 direct\n"   /* 17 digits */
		"-0x1 0x2 direct\n"
		"\n   \n"
		"0x1 0x2 direct";                    /* no newline, cut */
	struct resv_region r[2];
	size_t n, bad;

	(void)state;
	assert_int_equal(resv_regions_parse(text, strlen(text), r, 2, &n,
					    &bad), 0);
	assert_int_equal(n, 1);
	assert_int_equal(bad, 6);
	/* LEN cuts the last line to "0x1 ": the parser stops at LEN. */
	assert_int_equal(resv_regions_parse(text, strlen(text) - 10, r, 2, &n,
					    &bad), 0);
	assert_int_equal(n, 0);
	assert_int_equal(bad, 7);
	assert_int_equal(resv_regions_parse("", 0, r, 2, &n, &bad), 0);
	assert_int_equal(n + bad, 0);
}

static void test_resv_long_and_many(void **state)
{
	size_t len = 1 << 20, n, bad;
	char *text = malloc(len);
	struct resv_region r[4];

	(void)state;
	assert_non_null(text);
	memset(text, 'x', len);
	assert_int_equal(resv_regions_parse(text, len, r, 4, &n, &bad), 0);
	assert_int_equal(n, 0);
	assert_int_equal(bad, 1);
	/* Many valid lines: only MAX are stored. */
	for (size_t i = 0; i + 42 <= len; i += 42)
		memcpy(text + i, "0x0000000000000001 0x0000000000000002 msi\n",
		       42);
	assert_int_equal(resv_regions_parse(text, len - len % 42, r, 4, &n,
					    &bad), 0);
	assert_int_equal(n, 4);
	assert_int_equal(bad, 0);
	free(text);
}

/* ---- /proc/interrupts ---- */

static void test_irq_intel_remapped(void **state)
{
	static const char text[] =
		"            CPU0       CPU1\n"
		"   0:         36          0   IO-APIC   2-edge      timer\n"
		"   8:          0          0   IR-IO-APIC    8-edge      rtc0\n"
		"  24:          0          0   DMAR-MSI    0-edge      dmar0\n"
		" 122:      12345          7   IR-PCI-MSIX-0000:00:14.0    "
		"0-edge      xhci_hcd\n"
		" 123:          1          0   IR-PCI-MSI 327680-edge  ahci\n"
		" NMI:          0          0   Non-maskable interrupts\n"
		" LOC:     123456     654321   Local timer interrupts\n"
		" ERR:          0\n";
	struct irq_summary s;

	(void)state;
	assert_int_equal(interrupts_parse(text, strlen(text), &s), 0);
	assert_int_equal(s.remapped, 3);
	assert_int_equal(s.non_remapped_msi, 0);
	assert_int_equal(s.iommu_irqs, 1);
	assert_string_equal(s.remapped_line, "8: IR-IO-APIC 8-edge rtc0");
}

static void test_irq_not_remapped(void **state)
{
	static const char text[] =
		"           CPU0\n"
		"  24:     0   PCI-MSI 2048-edge      AMD-Vi\n"
		"  25:     5   PCI-MSI 512000-edge    ahci[0000:00:1f.2]\n"
		"  26:     9   PCI-MSIX-0000:00:03.0  0-edge  virtio0-config\n"
		"  27:     9   PCI-MSI-edge      eth0\n";
	struct irq_summary s;

	(void)state;
	assert_int_equal(interrupts_parse(text, strlen(text), &s), 0);
	assert_int_equal(s.remapped, 0);
	assert_int_equal(s.non_remapped_msi, 3);
	assert_int_equal(s.iommu_irqs, 1);
	assert_string_equal(s.non_remapped_line,
			    "25: PCI-MSI 512000-edge ahci[0000:00:1f.2]");
}

static void test_irq_garbage(void **state)
{
	size_t len = 1 << 20;
	char *text = malloc(len);
	struct irq_summary s;

	(void)state;
	assert_non_null(text);
	/* One enormous line of counts, then a chip past the cut. */
	memcpy(text, "  1:", 4);
	for (size_t i = 4; i < len; i++)
		text[i] = (i % 2) ? ' ' : '7';
	assert_int_equal(interrupts_parse(text, len, &s), 0);
	assert_int_equal(s.remapped + s.non_remapped_msi, 0);
	memcpy(text + len - 8, " IR-X\n\0\0", 8);
	assert_int_equal(interrupts_parse(text, len - 2, &s), 0);
	assert_int_equal(s.remapped, 1);
	assert_int_equal(interrupts_parse(":::\n\n  :\nIR-PCI-MSI\n", 20, &s),
			 0);
	assert_int_equal(s.remapped, 0);
	assert_int_equal(interrupts_parse("", 0, &s), 0);
	free(text);
}

/* ---- ecap, hex, versions, modprobe.d ---- */

static void test_ecap_and_hex(void **state)
{
	uint64_t v;

	(void)state;
	/* A real Skylake dmar1 ecap: IR, EIM present. */
	assert_int_equal(sys_parse_hex("f050da\n", &v), 0);
	assert_true(v == 0xf050daull);
	assert_true(intel_ecap_ir(v));
	assert_true(intel_ecap_eim(v));
	assert_int_equal(sys_parse_hex("0x12008c22260206", &v), 0);
	assert_false(intel_ecap_ir(0xf050d2));
	assert_false(intel_ecap_eim(0xe8));
	assert_true(intel_ecap_ir(0x8));
	assert_int_equal(sys_parse_hex("", &v), -EINVAL);
	assert_int_equal(sys_parse_hex("12 34", &v), -EINVAL);
	assert_int_equal(sys_parse_hex("xyz", &v), -EINVAL);
	assert_int_equal(sys_parse_hex("11111111111111111", &v), -ERANGE);
}

static void test_release_version(void **state)
{
	unsigned int ma, mi;

	(void)state;
	assert_true(sys_release_version("6.5.0-14-generic", &ma, &mi));
	assert_int_equal(ma, 6);
	assert_int_equal(mi, 5);
	assert_true(sys_release_version("5.15.0", &ma, &mi));
	assert_int_equal(mi, 15);
	assert_true(sys_release_version("6.18", &ma, &mi));
	assert_false(sys_release_version("", &ma, &mi));
	assert_false(sys_release_version("6", &ma, &mi));
	assert_false(sys_release_version("6.x", &ma, &mi));
	assert_false(sys_release_version("v6.5", &ma, &mi));
	assert_false(sys_release_version("99999999999.1", &ma, &mi));
}

static void test_modprobe_ids(void **state)
{
	static const char text[] =
		"# options vfio-pci ids=dead:beef\n"
		"options kvm ignore_msrs=1\n"
		"options vfio_pci disable_vga=1 ids=10de:1b80,10de:10f0 # gpu\n";
	char out[64];

	(void)state;
	assert_int_equal(modprobe_parse_vfio_ids(text, strlen(text), out,
						 sizeof(out)), 0);
	assert_string_equal(out, "10de:1b80,10de:10f0");
	assert_int_equal(modprobe_parse_vfio_ids(text, 40, out, sizeof(out)),
			 -ENOENT);
	assert_int_equal(modprobe_parse_vfio_ids(text, strlen(text), out, 8),
			 -ENOENT);
}

/* ---- judgement on synthetic hosts ---- */

static const struct finding *find(const struct findings *fs,
				  const char *code)
{
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->v[i].code, code))
			return &fs->v[i];
	return NULL;
}

static struct iommu_group_info group1;
static char *group1_devs[] = { "0000:01:00.0", "0000:01:00.1", NULL };

static void intel_host(struct host *h, struct iommu_unit *u)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->kernel_release, sizeof(h->kernel_release), "6.8.0");
	fact_src_set(&h->kernel_release_src, "proc/sys/kernel/osrelease", 0);
	h->acpi.dmar_present = true;
	fact_src_set(&h->acpi.tables_src, "sys/firmware/acpi/tables", 0);
	fact_src_set(&h->sys.units_src, "sys/class/iommu", 0);
	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "dmar0");
	u->kind = IOMMU_KIND_INTEL;
	snprintf(u->address, sizeof(u->address), "fed90000");
	snprintf(u->ecap, sizeof(u->ecap), "f050da");
	u->ir_supported = TRI_YES;
	h->sys.units = u;
	h->sys.nunits = 1;
	memset(&group1, 0, sizeof(group1));
	group1.id = 1;
	snprintf(group1.type, sizeof(group1.type), "DMA-FQ");
	group1.devices = group1_devs;
	group1.ndevices = 2;
	fact_src_set(&group1.resv_src,
		     "sys/kernel/iommu_groups/1/reserved_regions", 0);
	fact_src_set(&h->sys.groups_src, "sys/kernel/iommu_groups", 0);
	h->sys.groups = &group1;
	h->sys.ngroups = 1;
	fact_src_set(&h->sys.irq_src, "proc/interrupts", 0);
}

static void test_judge_intel_ir_on(void **state)
{
	struct iommu_unit u;
	struct findings fs;
	struct host h;

	(void)state;
	intel_host(&h, &u);
	h.sys.irq.remapped = 4;
	findings_init(&fs);
	assert_int_equal(check_iommu.run(&h, &fs), 0);
	assert_int_equal(find(&fs, "iommu.units.present")->verdict,
			 VERDICT_PASS);
	assert_int_equal(find(&fs, "iommu.groups.populated")->verdict,
			 VERDICT_PASS);
	assert_int_equal(find(&fs, "iommu.interrupt_remapping")->verdict,
			 VERDICT_PASS);
	assert_int_equal(find(&fs, "iommu.default_domain")->verdict,
			 VERDICT_INFO);
	assert_null(find(&fs, "iommu.reserved_direct"));
	findings_release(&fs);
}

static void test_judge_ir_off_and_direct(void **state)
{
	struct iommu_unit u;
	struct findings fs;
	struct host h;
	const struct finding *f;

	(void)state;
	intel_host(&h, &u);
	u.ir_supported = TRI_NO;
	h.sys.irq.non_remapped_msi = 3;
	group1.reserved_direct = true;
	findings_init(&fs);
	assert_int_equal(check_iommu.run(&h, &fs), 0);
	f = find(&fs, "iommu.interrupt_remapping");
	assert_int_equal(f->verdict, VERDICT_FAIL);
	assert_int_equal(f->severity, SEV_CRITICAL);
	f = find(&fs, "iommu.reserved_direct");
	assert_int_equal(f->verdict, VERDICT_WARN);
	findings_release(&fs);

	/* Before 6.5 a direct region does not block VFIO. */
	snprintf(h.kernel_release, sizeof(h.kernel_release), "6.1.0-18-amd64");
	findings_init(&fs);
	assert_int_equal(check_iommu.run(&h, &fs), 0);
	assert_int_equal(find(&fs, "iommu.reserved_direct")->verdict,
			 VERDICT_INFO);
	findings_release(&fs);
}

static void test_judge_ir_unknown(void **state)
{
	struct iommu_unit u;
	struct findings fs;
	struct host h;

	(void)state;
	intel_host(&h, &u);
	h.sys.irq_src.err = -EACCES;
	findings_init(&fs);
	assert_int_equal(check_iommu.run(&h, &fs), 0);
	assert_int_equal(find(&fs, "iommu.interrupt_remapping")->verdict,
			 VERDICT_UNKNOWN);
	findings_release(&fs);
}

static void test_judge_iommu_off(void **state)
{
	struct iommu_unit u;
	struct findings fs;
	struct host h;
	const struct finding *f;

	(void)state;
	intel_host(&h, &u);
	h.sys.nunits = 0;
	h.sys.ngroups = 0;
	findings_init(&fs);
	assert_int_equal(check_iommu.run(&h, &fs), 0);
	f = find(&fs, "iommu.units.none");
	assert_int_equal(f->verdict, VERDICT_FAIL);
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->remedy, "intel_iommu=on"));
	assert_int_equal(find(&fs, "iommu.groups.empty")->verdict,
			 VERDICT_FAIL);
	assert_int_equal(find(&fs, "iommu.interrupt_remapping")->verdict,
			 VERDICT_SKIP);
	findings_release(&fs);

	/* No firmware table: FAIL, pointing at the firmware. */
	h.acpi.dmar_present = false;
	findings_init(&fs);
	assert_int_equal(check_iommu.run(&h, &fs), 0);
	f = find(&fs, "iommu.units.none");
	assert_int_equal(f->verdict, VERDICT_FAIL);
	assert_null(strstr(f->remedy, "intel_iommu=on"));
	findings_release(&fs);

	/* Groups directory missing: no IOMMU API. */
	h.sys.groups_src.err = -ENOENT;
	findings_init(&fs);
	assert_int_equal(check_iommu.run(&h, &fs), 0);
	assert_int_equal(find(&fs, "iommu.groups.missing")->verdict,
			 VERDICT_FAIL);
	findings_release(&fs);
}

static void test_judge_vfio(void **state)
{
	static char *loaded[] = { "vfio", "vfio_iommu_type1", "vfio_pci",
				  NULL };
	static char *devnodes[] = { "1", "vfio", NULL };
	struct pci_function fn[2];
	struct iommu_unit u;
	struct findings fs;
	struct host h;
	const struct finding *f;

	(void)state;
	intel_host(&h, &u);
	fact_src_set(&h.modules.proc_src, "proc/modules", 0);
	h.modules.loaded = loaded;
	h.modules.nloaded = 3;
	fact_src_set(&h.sys.dev_vfio_src, "dev/vfio", 0);
	h.sys.dev_vfio = devnodes;
	h.sys.ndev_vfio = 2;
	memset(fn, 0, sizeof(fn));
	snprintf(fn[0].bdf, sizeof(fn[0].bdf), "0000:01:00.0");
	fn[0].sysfs = true;
	fn[0].ids_known = true;
	fn[0].vendor_id = 0x10de;
	fn[0].device_id = 0x1b80;
	fn[0].class_code = 0x030000;
	snprintf(fn[0].driver, sizeof(fn[0].driver), "vfio-pci");
	fn[0].iommu_group = 1;
	snprintf(fn[1].bdf, sizeof(fn[1].bdf), "0000:01:00.1");
	fn[1].sysfs = true;
	fn[1].ids_known = true;
	fn[1].vendor_id = 0x10de;
	fn[1].device_id = 0x10f0;
	fn[1].class_code = 0x040300;
	snprintf(fn[1].driver, sizeof(fn[1].driver), "snd_hda_intel");
	snprintf(fn[1].driver_module, sizeof(fn[1].driver_module),
		 "snd_hda_intel");
	fn[1].iommu_group = 1;
	fact_src_set(&h.pci.src, "sys/bus/pci/devices", 0);
	h.pci.v = fn;
	h.pci.count = 2;
	h.sys.nmodprobe_ids = 1;
	snprintf(h.sys.modprobe_ids[0].file, sizeof(h.sys.modprobe_ids[0].file),
		 "etc/modprobe.d/vfio.conf");
	snprintf(h.sys.modprobe_ids[0].ids, sizeof(h.sys.modprobe_ids[0].ids),
		 "10de:1b80,10de:10f0");
	fact_src_set(&h.sys.params[PARAM_TYPE1_ALLOW_UNSAFE_INTERRUPTS].src,
		     "sys/module/vfio_iommu_type1/parameters/"
		     "allow_unsafe_interrupts", 0);
	snprintf(h.sys.params[PARAM_TYPE1_ALLOW_UNSAFE_INTERRUPTS].value,
		 sizeof(h.sys.params[0].value), "Y");

	findings_init(&fs);
	assert_int_equal(check_vfio.run(&h, &fs), 0);
	assert_int_equal(find(&fs, "vfio.modules")->verdict, VERDICT_PASS);
	assert_int_equal(find(&fs, "vfio.container_node")->verdict,
			 VERDICT_PASS);
	f = find(&fs, "vfio.bound_devices");
	assert_int_equal(f->verdict, VERDICT_INFO);
	assert_int_equal(f->nevidence, 1);
	assert_non_null(strstr(f->evidence[0].text, "/dev/vfio/1 present"));
	f = find(&fs, "vfio.ids_not_bound");
	assert_int_equal(f->verdict, VERDICT_WARN);
	assert_non_null(strstr(f->remedy,
			       "softdep snd_hda_intel pre: vfio-pci"));
	assert_int_equal(find(&fs, "vfio.allow_unsafe_interrupts")->verdict,
			 VERDICT_WARN);
	assert_null(find(&fs, "vfio.no_iommu_groups"));
	assert_null(find(&fs, "vfio.noiommu_mode"));
	findings_release(&fs);

	/* Module state unknown and nothing known installed: UNKNOWN. */
	h.modules.proc_src.err = -EACCES;
	h.sys.ngroups = 0;
	findings_init(&fs);
	assert_int_equal(check_vfio.run(&h, &fs), 0);
	assert_int_equal(find(&fs, "vfio.modules")->verdict, VERDICT_UNKNOWN);
	assert_int_equal(find(&fs, "vfio.no_iommu_groups")->verdict,
			 VERDICT_FAIL);
	findings_release(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resv_real),
		cmocka_unit_test(test_resv_garbage),
		cmocka_unit_test(test_resv_long_and_many),
		cmocka_unit_test(test_irq_intel_remapped),
		cmocka_unit_test(test_irq_not_remapped),
		cmocka_unit_test(test_irq_garbage),
		cmocka_unit_test(test_ecap_and_hex),
		cmocka_unit_test(test_release_version),
		cmocka_unit_test(test_modprobe_ids),
		cmocka_unit_test(test_judge_intel_ir_on),
		cmocka_unit_test(test_judge_ir_off_and_direct),
		cmocka_unit_test(test_judge_ir_unknown),
		cmocka_unit_test(test_judge_iommu_off),
		cmocka_unit_test(test_judge_vfio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
