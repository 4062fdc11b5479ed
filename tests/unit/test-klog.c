/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel log: normalisation, classification, summaries, real logs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../probe/klog.h"
#include "../../probe/root.h"

static char *norm(const char *in, size_t len, size_t cap, bool *trunc)
{
	struct blob b;

	assert_int_equal(klog_normalise(in, len, cap, &b), 0);
	assert_non_null(b.data);
	assert_int_equal(strlen(b.data), b.len);
	if (trunc)
		*trunc = b.truncated;
	return b.data;
}

static void expect_norm(const char *in, const char *want)
{
	char *got = norm(in, strlen(in), CAP_KLOG, NULL);
	char *again = norm(got, strlen(got), CAP_KLOG, NULL);

	assert_string_equal(got, want);
	/* The normalised text is a fixed point: snapshots give the same. */
	assert_string_equal(again, got);
	free(got);
	free(again);
}

static void test_norm_klogctl(void **state)
{
	(void)state;
	expect_norm("<6>[    0.000000] Linux version 6.1.0\n"
		    "<4>[ 1.5] DMAR: IOMMU enabled\n"
		    "<12>[123456.123456789]  PPR NX GT\n",
		    "[    0.000000] Linux version 6.1.0\n"
		    "[    1.500000] DMAR: IOMMU enabled\n"
		    "[123456.123456]  PPR NX GT\n");
}

static void test_norm_kmsg(void **state)
{
	(void)state;
	expect_norm("6,1,0,-;Linux version 6.1.0\n"
		    " SUBSYSTEM=pci\n"
		    " DEVICE=+pci:0000:00:02.0\n"
		    "6,2,1500000,-,caller=T1;rcu: \\x09RCU a\\x5cb\n"
		    "4,3,2000001,c;first\\x0asecond\n"
		    "6,4,3000000,-;\\xc3\\xa9t\\x07e\n",
		    "[    0.000000] Linux version 6.1.0\n"
		    "[    1.500000] rcu: \tRCU a\\b\n"
		    "[    2.000001] first\n"
		    "[    2.000001] second\n"
		    "[    3.000000] \xc3\xa9te\n");
}

static void test_norm_plain_and_journal(void **state)
{
	(void)state;
	expect_norm("DMAR: IOMMU enabled\n"
		    "\n"
		    "Jan  5 10:00:00 host kernel: DMAR-IR: Enabled IRQ "
		    "remapping in x2apic mode\n"
		    "2024-01-05T10:00:00+0100 box kernel: AMD-Vi: X2APIC "
		    "enabled\n"
		    "Jan 05 10:00:00 host systemd[1]: Started x.\n"
		    "[Firmware Bug]: not a stamp\n"
		    "no newline at the end",
		    "DMAR: IOMMU enabled\n"
		    "\n"
		    "DMAR-IR: Enabled IRQ remapping in x2apic mode\n"
		    "AMD-Vi: X2APIC enabled\n"
		    "Jan 05 10:00:00 host systemd[1]: Started x.\n"
		    "[Firmware Bug]: not a stamp\n"
		    "no newline at the end\n");
}

static void test_norm_crlf_nul(void **state)
{
	static const char in[] = "[    0.1] a\r\nb\0c\r\n\x1b[0m[ 2.0]d\r\n";
	char *got;

	(void)state;
	got = norm(in, sizeof(in) - 1, CAP_KLOG, NULL);
	assert_string_equal(got, "[    0.100000] a\nbc\n[0m[ 2.0]d\n");
	free(got);
}

static void test_norm_bounded(void **state)
{
	size_t big = 20u * 1024 * 1024, lines = 0;
	char *in = malloc(big), *got;
	bool trunc = false;

	(void)state;
	assert_non_null(in);
	for (size_t i = 0; i < big; i++)
		in[i] = i % 100 == 99 ? '\n' : 'x';
	got = norm(in, big, CAP_KLOG, &trunc);
	assert_true(trunc);
	assert_true(strlen(got) <= CAP_KLOG);
	for (char *p = got; (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, strlen(got) / 100);
	free(got);

	/* One 1 MB line: cut at KLOG_LINE_MAX, not refused. */
	memset(in, 'y', 1024 * 1024);
	memcpy(in, "[    5.000000] ", 15);
	got = norm(in, 1024 * 1024, CAP_KLOG, &trunc);
	assert_false(trunc);
	assert_true(strlen(got) <= KLOG_LINE_MAX);
	assert_int_equal(got[strlen(got) - 1], '\n');
	assert_ptr_equal(strchr(got, '\n'), got + strlen(got) - 1);
	free(got);

	/* A cap smaller than the first line: nothing, truncated. */
	got = norm("abc\n", 4, 2, &trunc);
	assert_true(trunc);
	assert_string_equal(got, "");
	free(got);
	free(in);
}

/* One line of each category, old and new formats. */
static const struct {
	const char *line;
	enum klog_cat cat;
} samples[] = {
	{ "[    0.000000] Linux version 6.8.0 (b@h) #1 SMP", KLOG_LINUX_VERSION },
	{ "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro",
	  KLOG_COMMAND_LINE },
	{ "[    0.000000] Hypervisor detected: KVM", KLOG_HYPERVISOR },
	{ "[    0.005210] ACPI: DMAR 0x00000000DCED3000 0000B0 (v01 LENOVO)",
	  KLOG_ACPI_DMAR },
	{ "[    0.005210] ACPI: IVRS 0x00000000BDC1F000 0000D0 (v02 AMD)",
	  KLOG_ACPI_IVRS },
	{ "[    1.1] DMAR: Intel(R) Virtualization Technology for Directed I/O",
	  KLOG_INTEL_INIT },
	{ "[    1.1] PCI-DMA: Intel(R) Virtualization Technology for Directed "
	  "I/O", KLOG_INTEL_INIT },
	{ "[    0.0] DMAR: IOMMU enabled", KLOG_INTEL_CMDLINE_ON },
	{ "[    0.0] Intel-IOMMU: enabled", KLOG_INTEL_CMDLINE_ON },
	{ "[    0.0] DMAR: IOMMU disabled", KLOG_INTEL_CMDLINE_OFF },
	{ "[    0.0] Intel-IOMMU: disabled", KLOG_INTEL_CMDLINE_OFF },
	{ "[    0.7] pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40",
	  KLOG_AMD_FOUND },
	{ "[    0.7] AMD-Vi: Found IOMMU at 0000:00:00.2 cap 0x40",
	  KLOG_AMD_FOUND },
	{ "[    0.7] AMD-Vi: Enabling IOMMU at 0000:00:00.2 cap 0x40",
	  KLOG_AMD_FOUND },
	{ "[    0.7] pci 0000:00:00.2: AMD-Vi: Extended features "
	  "(0x4f77ef22294ada):", KLOG_AMD_FEATURES },
	{ "[    0.7] AMD-Vi: Disable IOMMU on Stoney Ridge", KLOG_AMD_DISABLED },
	{ "[    0.7] AMD-Vi: IOMMU not currently supported when SME is active",
	  KLOG_AMD_DISABLED },
	{ "[    0.7] AMD-Vi: Failed to initialize. The CMPXCHG16B feature is "
	  "required.", KLOG_AMD_DISABLED },
	{ "[    0.1] DMAR-IR: Enabled IRQ remapping in x2apic mode",
	  KLOG_IR_ENABLED },
	{ "[    0.1] Enabled IRQ remapping in xapic mode", KLOG_IR_ENABLED },
	{ "[    0.1] Enabled Interrupt-remapping", KLOG_IR_ENABLED },
	{ "[    0.7] AMD-Vi: Interrupt remapping enabled", KLOG_IR_ENABLED },
	{ "[    0.7] AMD-Vi: X2APIC enabled", KLOG_AMD_X2APIC },
	{ "[    0.1] DMAR-IR: x2apic is disabled because BIOS sets x2apic opt "
	  "out bit.", KLOG_IR_X2APIC_OPT_OUT },
	{ "[    0.1] DMAR-IR: Not enabling interrupt remapping",
	  KLOG_IR_DISABLED },
	{ "[    0.1] DMAR-IR: Failed to setup irq remapping for dmar0",
	  KLOG_IR_DISABLED },
	{ "[    0.1] x2apic: IRQ remapping doesn't support X2APIC mode",
	  KLOG_IR_DISABLED },
	{ "[    0.1] AMD-Vi: Disabling interrupt remapping", KLOG_IR_DISABLED },
	{ "[    0.1] AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found",
	  KLOG_IR_DISABLED },
	{ "[    0.1] AMD-Vi: [Firmware Bug]: : IOAPIC[4] not in IVRS table",
	  KLOG_IR_DISABLED },
	{ "[    0.1] DMAR-IR: This system BIOS has enabled interrupt remapping",
	  KLOG_IR_DISABLED },
	{ "[    0.3] iommu: Default domain type: Translated ",
	  KLOG_DEFAULT_DOMAIN },
	{ "[    0.3] iommu: DMA domain TLB invalidation policy: lazy mode ",
	  KLOG_TLB_POLICY },
	{ "[    0.1] DMAR: [Firmware Bug]: No firmware reserved region can "
	  "cover this RMRR [0x1-0x2], contact BIOS vendor for fixes",
	  KLOG_FIRMWARE_BUG },
	{ "[    0.1] AMD-Vi: [Firmware Warn]: EFR mismatch", KLOG_FIRMWARE_BUG },
	{ "[    0.5] DMAR: Setting identity map for device 0000:00:14.0 "
	  "[0xbdea5000 - 0xbdeb3fff]", KLOG_IDENTITY_MAP },
	{ "[    0.5] IOMMU: Setting identity map for device 0000:00:1a.0 "
	  "[0xbf7ec000 - 0xbf7fffff]", KLOG_IDENTITY_MAP },
	{ "[    9.0] dmar: DMAR:[DMA Read] Request device [00:02.0] fault addr "
	  "7f000 DMAR:[fault reason 05] PTE Write access is not set",
	  KLOG_DMA_FAULT },
	{ "[    9.0] DMAR: [DMA Read] Request device [00:02.0] fault addr 7f000 "
	  "[fault reason 06] PTE Read access is not set", KLOG_DMA_FAULT },
	{ "[    9.0] DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault "
	  "addr 0x7f000 [fault reason 0x06] PTE Read access is not set",
	  KLOG_DMA_FAULT },
	{ "[    9.0] INTR-REMAP: Request device [[00:1b.0] fault index 24",
	  KLOG_DMA_FAULT },
	{ "[    9.0] nvme 0000:01:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT "
	  "domain=0x000c address=0xff flags=0x0020]", KLOG_DMA_FAULT },
	{ "[    9.0] AMD-Vi: Event logged [ILLEGAL_DEV_TABLE_ENTRY "
	  "device=00:14.0 address=0x1]", KLOG_DMA_FAULT },
	{ "[   20.0] vfio-pci 0000:00:02.0: Device is ineligible for IOMMU "
	  "domain attach due to platform RMRR requirement.  Contact your "
	  "platform vendor.", KLOG_RMRR_REFUSAL },
	{ "[   20.0] vfio-pci 0000:03:00.0: Firmware has requested this device "
	  "have a 1:1 IOMMU mapping, rejecting configuring the device without "
	  "a 1:1 mapping. Contact your platform vendor.", KLOG_RMRR_REFUSAL },
	{ "[   20.0] vfio_iommu_type1_attach_group: No interrupt remapping "
	  "support.  Use the module param \"allow_unsafe_interrupts\" to "
	  "enable VFIO IOMMU support on this platform", KLOG_VFIO_NO_IR },
	{ "[   20.0] vfio-pci 0000:01:00.0: Adding kernel taint for "
	  "vfio-noiommu group on device", KLOG_VFIO_NOIOMMU },
	{ "[    0.0] Warning: PCIe ACS overrides enabled; This may allow "
	  "non-IOMMU protected peer-to-peer DMA", KLOG_ACS_OVERRIDE },
	{ "[    0.4] pci 0000:00:1c.0: Intel PCH root port ACS workaround "
	  "enabled", KLOG_PCH_ACS_QUIRK },
	{ "[    0.4] pci 0000:00:1c.0: Intel SPT PCH root port ACS workaround "
	  "enabled", KLOG_PCH_ACS_QUIRK },
	{ "[    0.4] pci 0000:00:1c.0: Failed to enable Intel PCH ACS quirk",
	  KLOG_PCH_ACS_FAILED },
	{ "[    0.0] DMAR: Unknown option - 'pt'", KLOG_UNKNOWN_OPTION },
	{ "[    0.0] AMD-Vi: Unknown option - 'on'", KLOG_UNKNOWN_OPTION },
	{ "[    0.7] pci 0000:00:01.0: Adding to iommu group 0", KLOG_GROUP_ADD },
	{ "[    0.7] iommu: Adding device 0000:00:01.0 to group 0",
	  KLOG_GROUP_ADD },
};

static void test_classify_each(void **state)
{
	static struct klog_class c;

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		const char *l = samples[i].line;

		klog_classify(l, strlen(l), &c);
		if (c.cat[samples[i].cat].count != 1)
			fail_msg("not classified as %s: %s",
				 klog_cat_name(samples[i].cat), l);
		assert_int_equal(c.cat[samples[i].cat].kept[0].no, 1);
		assert_int_equal(c.cat[samples[i].cat].kept[0].len, strlen(l));
	}
}

/* Lines that look related but prove nothing. */
static void test_classify_not(void **state)
{
	static const char text[] =
		"[    0.2] Kernel command line: BOOT_IMAGE=x\n"
		"[    0.3] AMD-Vi: AMD IOMMUv2 functionality not available on "
		"this system - This is not a bug.\n"
		"[    0.3] ACPI: [Firmware Bug]: BIOS _OSI(Linux) query ignored\n"
		"[    0.3] acpi PNP0A08:00: [Firmware Info]: MMCONFIG for domain "
		"0000 only partially covers this bridge\n"
		"[    0.3] vboxpci: IOMMU not found (not registered)\n"
		"[    0.3] DMAR: DRHD: handling fault status reg 2\n"
		"[    0.3] ACPI: Reserving DMAR table memory at [mem 0x1-0x2]\n";
	static struct klog_class c;

	(void)state;
	klog_classify(text, sizeof(text) - 1, &c);
	assert_int_equal(c.lines, 7);
	for (int i = 0; i < KLOG_CAT_COUNT; i++)
		if (c.cat[i].count)
			fail_msg("unexpected %s", klog_cat_name(i));
}

static void load(struct klog_facts *k, const char *text)
{
	memset(k, 0, sizeof(*k));
	assert_int_equal(klog_load(k, text, strlen(text)), 0);
}

static void test_summary_core_only(void **state)
{
	static struct klog_facts k;

	(void)state;
	load(&k, "[    0.0] Linux version 6.1\n"
		 "[    0.3] iommu: Default domain type: Translated \n"
		 "[    0.3] iommu: DMA domain TLB invalidation policy: lazy "
		 "mode \n");
	assert_true(k.reaches_boot);
	assert_int_equal(k.iommu_initialised, TRI_NO);
	assert_int_equal(k.ir_enabled, TRI_UNKNOWN);
	assert_string_equal(k.default_domain, "Translated");
	assert_false(k.default_domain_cmdline);
	klog_facts_release(&k);

	/* Without the boot head, the same lines say nothing. */
	load(&k, "[    0.3] iommu: Default domain type: Passthrough (set via "
		 "kernel command line)\n");
	assert_false(k.reaches_boot);
	assert_int_equal(k.iommu_initialised, TRI_UNKNOWN);
	assert_string_equal(k.default_domain, "Passthrough");
	assert_true(k.default_domain_cmdline);
	klog_facts_release(&k);
}

static void test_summary_modes(void **state)
{
	static struct klog_facts k;

	(void)state;
	load(&k, "Linux version 6.1\n"
		 "DMAR-IR: Enabled IRQ remapping in xapic mode\n"
		 "DMAR: Intel(R) Virtualization Technology for Directed I/O\n"
		 "Warning: PCIe ACS overrides enabled; This may allow "
		 "non-IOMMU protected peer-to-peer DMA\n");
	assert_int_equal(k.iommu_initialised, TRI_YES);
	assert_int_equal(k.ir_enabled, TRI_YES);
	assert_string_equal(k.ir_mode, "xapic");
	assert_true(k.acs_override_warning);
	klog_facts_release(&k);

	load(&k, "AMD-Vi: Found IOMMU cap 0x40\n"
		 "AMD-Vi: Interrupt remapping enabled\n"
		 "AMD-Vi: X2APIC enabled\n");
	assert_false(k.reaches_boot);
	assert_int_equal(k.iommu_initialised, TRI_YES);
	assert_string_equal(k.ir_mode, "x2apic");
	klog_facts_release(&k);

	/* An IOMMU started at boot and no enable line: IR is off. */
	load(&k, "Command line: ro\n"
		 "DMAR: Intel(R) Virtualization Technology for Directed I/O\n");
	assert_int_equal(k.ir_enabled, TRI_NO);
	klog_facts_release(&k);
}

static void test_summary_last_boot(void **state)
{
	static struct klog_facts k;

	(void)state;
	load(&k, "[    0.0] Linux version 5.4\n"
		 "[    1.0] DMAR: Intel(R) Virtualization Technology for "
		 "Directed I/O\n"
		 "[    0.0] Linux version 6.1\n"
		 "[    0.1] DMAR: IOMMU disabled\n");
	assert_int_equal(k.cls.boots, 2);
	assert_int_equal(k.cls.boot_line, 3);
	assert_int_equal(k.cls.lines, 4);
	assert_int_equal(k.iommu_initialised, TRI_NO);
	assert_int_equal(k.cls.cat[KLOG_INTEL_INIT].count, 0);
	assert_int_equal(k.cls.cat[KLOG_INTEL_CMDLINE_OFF].kept[0].no, 4);
	klog_facts_release(&k);
}

/* ---- the real-machine corpus ------------------------------------------ */

static char *corpus_read(const char *rel, size_t *len)
{
	const char *dir = getenv("VFIO_READY_CORPUS");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared/corpus",
		 rel);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[n] = 0;
	*len = (size_t)n;
	return buf;
}

static bool corpus_load(struct klog_facts *k, const char *rel)
{
	size_t len;
	char *raw = corpus_read(rel, &len);

	if (!raw)
		return false;
	memset(k, 0, sizeof(*k));
	assert_int_equal(klog_load(k, raw, len), 0);
	free(raw);
	return true;
}

static void test_corpus_machines(void **state)
{
	static const struct {
		const char *id;
		bool reaches_boot;
		enum tri iommu, ir;
		const char *mode;
		unsigned long groups;
	} want[] = {
		/* ThinkPad T440s: DMAR-IR x2apic, no intel_iommu=on */
		{ "0D08FB1C6071", true, TRI_NO, TRI_YES, "x2apic", 0 },
		/* HP Z220: ring buffer head lost */
		{ "9D0DFEFB9E7C", false, TRI_UNKNOWN, TRI_UNKNOWN, "", 0 },
		/* X99: no DMAR this boot, x2apic without IR */
		{ "9CCEADC5569A", true, TRI_NO, TRI_NO, "", 0 },
		/* ThinkPad E495: AMD-Vi, IR, vAPIC */
		{ "5D25BEE9F5FA", true, TRI_YES, TRI_YES, "xapic", 28 },
		/* PRIME X370-PRO */
		{ "22F59A67504C", true, TRI_YES, TRI_YES, "xapic", 39 },
	};
	static struct klog_facts k;
	char rel[128];

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(rel, sizeof(rel), "machines/%s/dmesg.txt", want[i].id);
		if (!corpus_load(&k, rel))
			skip();
		assert_int_equal(k.reaches_boot, want[i].reaches_boot);
		assert_int_equal(k.iommu_initialised, want[i].iommu);
		assert_int_equal(k.ir_enabled, want[i].ir);
		assert_string_equal(k.ir_mode, want[i].mode);
		assert_int_equal(k.cls.cat[KLOG_GROUP_ADD].count,
				 want[i].groups);
		/* The core lines are there on every one of them. */
		assert_int_equal(k.cls.cat[KLOG_DEFAULT_DOMAIN].count, 1);
		assert_string_equal(k.default_domain, "Translated");
		assert_false(k.acs_override_warning);
		klog_facts_release(&k);
	}

	/* T440s: the DMAR table and its RMRRs are there, the marker not;
	 * its [Firmware Bug] lines are about _OSI and a PNP resource. */
	assert_true(corpus_load(&k, "machines/0D08FB1C6071/dmesg.txt"));
	assert_int_equal(k.cls.cat[KLOG_ACPI_DMAR].count, 1);
	assert_int_equal(k.cls.cat[KLOG_INTEL_INIT].count, 0);
	assert_int_equal(k.cls.cat[KLOG_FIRMWARE_BUG].count, 0);
	assert_int_equal(k.cls.cat[KLOG_AMD_FOUND].count, 0);
	klog_facts_release(&k);

	/* X99: the x2apic line is the evidence. */
	assert_true(corpus_load(&k, "machines/9CCEADC5569A/dmesg.txt"));
	assert_int_equal(k.cls.cat[KLOG_IR_DISABLED].kept[0].no, 234);
	assert_int_equal(k.cls.cat[KLOG_ACPI_DMAR].count, 0);
	klog_facts_release(&k);

	/* E495: the AMD marker line and its features. */
	assert_true(corpus_load(&k, "machines/5D25BEE9F5FA/dmesg.txt"));
	assert_int_equal(k.cls.cat[KLOG_AMD_FOUND].kept[0].no, 616);
	assert_int_equal(k.cls.cat[KLOG_AMD_FEATURES].count, 1);
	assert_int_equal(k.cls.cat[KLOG_IR_ENABLED].kept[0].no, 619);
	klog_facts_release(&k);
}

static void test_corpus_klog(void **state)
{
	static struct klog_facts k;

	(void)state;
	/* 3.0 boot without any IOMMU line. */
	if (!corpus_load(&k, "klog/arg-klog-0001__klog.txt"))
		skip();
	assert_true(k.reaches_boot);
	assert_int_equal(k.cls.boots, 1);
	assert_int_equal(k.iommu_initialised, TRI_NO);
	assert_int_equal(k.ir_enabled, TRI_UNKNOWN);
	klog_facts_release(&k);

	/* ACPI errors only, no boot head. */
	assert_true(corpus_load(&k, "klog/klog-0001__klog.txt"));
	assert_false(k.reaches_boot);
	assert_int_equal(k.iommu_initialised, TRI_UNKNOWN);
	klog_facts_release(&k);

	/* Many 2.6.3x boots; the last has no DMAR lines. */
	assert_true(corpus_load(&k, "klog/oops-0001__oops.txt"));
	assert_int_equal(k.cls.boots, 30);
	assert_int_equal(k.cls.boot_line, 26731);
	assert_true(k.reaches_boot);
	assert_int_equal(k.iommu_initialised, TRI_NO);
	assert_int_equal(k.cls.cat[KLOG_ACPI_DMAR].count, 0);
	klog_facts_release(&k);
}

/* The old boot in oops-0001 with "Enabled Interrupt-remapping" and an
 * INTR-REMAP fault (lines 6715-7760), classified alone. */
static void test_corpus_old_ir(void **state)
{
	static struct klog_facts k;
	size_t len, start = 0, end = 0;
	unsigned long no = 1;
	char *raw = corpus_read("klog/oops-0001__oops.txt", &len);

	(void)state;
	if (!raw)
		skip();
	for (size_t i = 0; i < len; i++) {
		if (raw[i] != '\n')
			continue;
		no++;
		if (no == 6715)
			start = i + 1;
		if (no == 7761)
			end = i + 1;
	}
	assert_true(end > start);
	memset(&k, 0, sizeof(k));
	assert_int_equal(klog_load(&k, raw + start, end - start), 0);
	assert_int_equal(k.cls.boots, 1);
	assert_int_equal(k.ir_enabled, TRI_YES);
	assert_string_equal(k.ir_mode, "");
	assert_int_equal(k.cls.cat[KLOG_ACPI_DMAR].count, 1);
	assert_int_equal(k.cls.cat[KLOG_DMA_FAULT].count, 1);
	assert_int_equal(k.iommu_initialised, TRI_NO);
	klog_facts_release(&k);
	free(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm_klogctl),
		cmocka_unit_test(test_norm_kmsg),
		cmocka_unit_test(test_norm_plain_and_journal),
		cmocka_unit_test(test_norm_crlf_nul),
		cmocka_unit_test(test_norm_bounded),
		cmocka_unit_test(test_classify_each),
		cmocka_unit_test(test_classify_not),
		cmocka_unit_test(test_summary_core_only),
		cmocka_unit_test(test_summary_modes),
		cmocka_unit_test(test_summary_last_boot),
		cmocka_unit_test(test_corpus_machines),
		cmocka_unit_test(test_corpus_klog),
		cmocka_unit_test(test_corpus_old_ir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
