/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The klog check: what the kernel itself said about its IOMMU, interrupt
 * remapping, firmware bugs, faults and refusals (probe/klog.c classifies
 * the lines; kernel.md section 6 lists them).  Evidence always quotes the
 * line and its number in the normalised log.
 *
 * A missing line only means something when the log starts at boot
 * (reaches_boot): otherwise the ring buffer has lost the head of the boot
 * and absence proves nothing.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "../probe/probe.h"
#include "remedy.h"

#define REMEDY_MAX 2048

/* Quote line L of the log as evidence: "SOURCE:N" and the exact text. */
static void ev_line(struct finding *f, const struct klog_facts *k,
		    const struct klog_line *l)
{
	char src[300];

	snprintf(src, sizeof(src), "%s:%lu", k->src.path, l->no);
	finding_evidence(f, src, "%.*s", (int)l->len, k->text + l->off);
}

static void ev_all(struct finding *f, const struct klog_facts *k,
		   enum klog_cat c)
{
	const struct klog_category *cat = &k->cls.cat[c];

	for (unsigned i = 0; i < cat->nkept; i++)
		ev_line(f, k, &cat->kept[i]);
}

static const struct klog_line *first(const struct klog_facts *k,
				     enum klog_cat c)
{
	return k->cls.cat[c].nkept ? &k->cls.cat[c].kept[0] : NULL;
}

/*
 * The word of the running kernel's command line that starts with PREFIX
 * (e.g. "pcie_acs_override="); a PREFIX not ending in '=' must be the
 * whole word or the first of a comma list ("intel_iommu=on,igfx_off").
 * From /proc/cmdline when it was read, else the log's "Command line:"
 * echo.  Copies the word into BUF; false when absent.
 */
static bool cmdline_word(const struct host *h, const char *prefix,
			 char *buf, size_t len)
{
	const struct klog_facts *k = &h->klog;
	const struct klog_line *l = first(k, KLOG_COMMAND_LINE);
	const char *s;
	size_t n, pl = strlen(prefix);
	bool whole = prefix[pl - 1] != '=';

	if (fact_known(&h->cmdline.src)) {
		s = h->cmdline.raw;
		n = strlen(s);
	} else if (l) {
		s = k->text + l->off;
		n = l->len;
	} else {
		return false;
	}
	for (size_t i = 0; i < n;) {
		size_t wl = 0;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		while (i + wl < n && s[i + wl] != ' ' && s[i + wl] != '\t' &&
		       s[i + wl] != '\n')
			wl++;
		if (wl >= pl && !memcmp(s + i, prefix, pl) &&
		    (!whole || wl == pl || s[i + pl] == ',')) {
			snprintf(buf, len, "%.*s", (int)wl, s + i);
			return true;
		}
		i += wl;
	}
	return false;
}

static bool cmdline_has(const struct host *h, const char *word)
{
	char w[256];

	return cmdline_word(h, word, w, sizeof(w));
}

static void report_unreadable(const struct host *h, struct findings *fs)
{
	const struct klog_facts *k = &h->klog;
	const char *why = k->reason[0] ? k->reason :
			  fact_reason(&k->src, h->live, h->as_root);
	struct finding *f;

	f = finding_add(fs, "klog.unreadable", LAYER_KERNEL, VERDICT_UNKNOWN,
			SEV_MEDIUM, "The kernel log could not be read (%s)",
			why);
	finding_detail(f, "The kernel log is where the IOMMU drivers say "
		       "whether they started, whether interrupt remapping "
		       "is on and which firmware bugs they hit. Without it "
		       "those facts rest on sysfs alone. Reason: %s.", why);
	finding_evidence(f, k->src.path, "error %d", k->src.err);
	if (h->live)
		finding_remedy(f, "Run as root: sudo vfio-ready");
	else
		finding_remedy(f, "Capture the snapshot as root "
			       "(sudo vfio-ready capture OUT), or save the "
			       "log into it: sudo dmesg > %s/%s",
			       h->source, SNAP_KLOG);
}

static void report_coverage(const struct host *h, struct findings *fs)
{
	const struct klog_facts *k = &h->klog;
	char rem[REMEDY_MAX];
	struct finding *f;

	if (k->cls.boots > 1) {
		f = finding_add(fs, "klog.several_boots", LAYER_KERNEL,
				VERDICT_INFO, SEV_INFO,
				"The log holds %lu boots; only the last one "
				"is judged", k->cls.boots);
		finding_detail(f, "Each \"Linux version\" line starts a boot. "
			       "Lines before line %lu describe earlier "
			       "kernels and are ignored.", k->cls.boot_line);
		ev_line(f, k, first(k, KLOG_LINUX_VERSION));
	}
	if (k->src.truncated) {
		f = finding_add(fs, "klog.capped", LAYER_KERNEL, VERDICT_INFO,
				SEV_INFO, "Only %zu MiB of the kernel log were "
				"read", (size_t)CAP_KLOG >> 20);
		finding_detail(f, "The log is larger than the size cap; the "
			       "rest (the oldest records live, the end of a "
			       "snapshot file) was not classified.");
	}
	if (k->reaches_boot)
		return;
	f = finding_add(fs, "klog.log_truncated", LAYER_KERNEL, VERDICT_INFO,
			SEV_INFO, "The kernel log does not start at boot");
	finding_detail(f, "There is no \"Linux version\" or \"Command line:\" "
		       "line: the ring buffer has wrapped, or the log was "
		       "cut. The IOMMU drivers print their lines in the "
		       "first seconds of boot, so a line missing here proves "
		       "nothing.");
	if (k->cls.lines) {
		struct klog_line l = { 1, 0, strcspn(k->text, "\n") };

		ev_line(f, k, &l);
	}
	remedy_kernel_args(h, "log_buf_len=16M", NULL, rem, sizeof(rem));
	finding_remedy(f, "journalctl -k -b keeps the whole boot; to keep it "
		       "in the kernel's ring buffer too:\n%s", rem);
}

/* AMD-Vi switched itself off: amd/init.c, kernel.md 5.2. */
static void report_amd_disabled(const struct host *h, struct findings *fs)
{
	const struct klog_facts *k = &h->klog;
	const struct klog_line *l = first(k, KLOG_AMD_DISABLED);
	const char *s = k->text + l->off;
	char rem[REMEDY_MAX];
	struct finding *f;

	f = finding_add(fs, "klog.iommu.not_initialised", LAYER_KERNEL,
			VERDICT_FAIL, SEV_CRITICAL,
			"The AMD IOMMU driver disabled itself");
	finding_detail(f, "The AMD-Vi driver found the IOMMU but refused to "
		       "use it; without it there is no DMA isolation and "
		       "VFIO cannot assign devices.");
	ev_all(f, k, KLOG_AMD_DISABLED);
	if (memmem(s, l->len, "Stoney Ridge", 12)) {
		remedy_kernel_args(h, "amd_iommu=force_enable", NULL, rem,
				   sizeof(rem));
		finding_remedy(f, "The kernel turns the IOMMU off on Stoney "
			       "Ridge graphics; amd_iommu=force_enable "
			       "overrides it:\n%s", rem);
	} else if (memmem(s, l->len, "SME", 3)) {
		remedy_kernel_args(h, "mem_encrypt=off", "mem_encrypt=on", rem,
				   sizeof(rem));
		finding_remedy(f, "Update the CPU microcode (system firmware "
			       "update), or run without SME:\n%s", rem);
	} else if (memmem(s, l->len, "CMPXCHG16B", 10)) {
		finding_remedy(f, "The CPU does not report CMPXCHG16B (cx16). "
			       "In a VM, expose it to the guest (QEMU: -cpu "
			       "host, or add +cx16).");
	} else {
		finding_remedy(f, "Update the system firmware (BIOS/UEFI); "
			       "the hardware failed to initialise.");
	}
}

static void report_iommu(const struct host *h, struct findings *fs)
{
	const struct klog_facts *k = &h->klog;
	const struct klog_line *intel = first(k, KLOG_INTEL_INIT);
	const struct klog_line *amd = first(k, KLOG_AMD_FOUND);
	const struct klog_line *dd = first(k, KLOG_DEFAULT_DOMAIN);
	const struct klog_line *on = first(k, KLOG_INTEL_CMDLINE_ON);
	enum iommu_vendor v = host_iommu_vendor(h);
	char rem[REMEDY_MAX];
	struct finding *f;

	if (k->iommu_initialised == TRI_YES) {
		f = finding_add(fs, "klog.iommu.initialised", LAYER_KERNEL,
				VERDICT_PASS, SEV_INFO,
				"The kernel's %s IOMMU driver started",
				intel ? "Intel VT-d" : "AMD-Vi");
		finding_detail(f, "%s", intel ?
			       "intel_iommu_init() prints this line as its "
			       "last step, only when DMA remapping is on "
			       "(drivers/iommu/intel/iommu.c)." :
			       "The AMD-Vi driver printed the IOMMU it found "
			       "after initialising it (print_iommu_info(), "
			       "drivers/iommu/amd/init.c).");
		ev_line(f, k, intel ? intel : amd);
		if (!intel && first(k, KLOG_AMD_FEATURES))
			ev_line(f, k, first(k, KLOG_AMD_FEATURES));
		return;
	}
	if (first(k, KLOG_AMD_DISABLED)) {
		report_amd_disabled(h, fs);
		return;
	}
	if (first(k, KLOG_INTEL_CMDLINE_OFF)) {
		f = finding_add(fs, "klog.iommu.not_initialised", LAYER_KERNEL,
				VERDICT_FAIL, SEV_CRITICAL,
				"intel_iommu=off switched the Intel IOMMU off");
		finding_detail(f, "intel_iommu_setup() logged the option; "
			       "the driver then never initialises DMA "
			       "remapping.");
		ev_all(f, k, KLOG_INTEL_CMDLINE_OFF);
		remedy_kernel_args(h, "intel_iommu=on", "intel_iommu=off", rem,
				   sizeof(rem));
		finding_remedy(f, "%s", rem);
		return;
	}
	if (!k->reaches_boot) {
		f = finding_add(fs, "klog.iommu.not_initialised", LAYER_KERNEL,
				VERDICT_UNKNOWN, SEV_INFO,
				"The log does not show whether an IOMMU driver "
				"started");
		finding_detail(f, "No IOMMU start line is in the log, but the "
			       "log does not reach back to boot, when it would "
			       "have been printed.");
		return;
	}
	if (v == IOMMU_VENDOR_INTEL || v == IOMMU_VENDOR_AMD) {
		bool intel_fw = v == IOMMU_VENDOR_INTEL;

		f = finding_add(fs, "klog.iommu.not_initialised", LAYER_KERNEL,
				VERDICT_FAIL, SEV_CRITICAL,
				"The firmware publishes %s but the %s IOMMU "
				"driver never started",
				intel_fw ? "DMAR" : "IVRS",
				intel_fw ? "Intel" : "AMD");
		finding_detail(f, "The log starts at boot and has no %s line, "
			       "so DMA remapping is off: no device can be "
			       "isolated or assigned.%s%s Lines such as "
			       "\"iommu: Default domain type: Translated\" "
			       "are printed by the IOMMU core on every kernel, "
			       "with or without an IOMMU, and prove nothing.",
			       intel_fw ? "\"DMAR: Intel(R) Virtualization "
					  "Technology for Directed I/O\"" :
					  "\"AMD-Vi: Found IOMMU\"",
			       on ? " intel_iommu=on was parsed (\"DMAR: "
				    "IOMMU enabled\") but initialisation did "
				    "not finish; see the firmware findings." :
				    "",
			       first(k, KLOG_IR_ENABLED) ?
			       " Interrupt remapping is on: the kernel sets it "
			       "up from the DMAR table early, without the DMA "
			       "remapping driver." : "");
		if (on)
			ev_line(f, k, on);
		if (dd)
			ev_line(f, k, dd);
		if (intel_fw && !cmdline_has(h, "intel_iommu=on")) {
			remedy_kernel_args(h, "intel_iommu=on", NULL, rem,
					   sizeof(rem));
			finding_remedy(f, "%s", rem);
		} else if (!intel_fw && cmdline_has(h, "amd_iommu=off")) {
			remedy_kernel_args(h, NULL, "amd_iommu=off", rem,
					   sizeof(rem));
			finding_remedy(f, "%s", rem);
		} else if (cmdline_has(h, "iommu=off")) {
			remedy_kernel_args(h, NULL, "iommu=off", rem,
					   sizeof(rem));
			finding_remedy(f, "%s", rem);
		} else {
			finding_remedy(f, "The command line does not switch "
				       "it off: use a kernel built with "
				       "CONFIG_%s_IOMMU=y (every distribution "
				       "kernel is), and check the firmware "
				       "findings.",
				       intel_fw ? "INTEL" : "AMD");
		}
		return;
	}
	f = finding_add(fs, "klog.iommu.not_initialised", LAYER_KERNEL,
			VERDICT_INFO, SEV_INFO,
			"No IOMMU driver started");
	finding_detail(f, "The log starts at boot and has no Intel or AMD "
		       "IOMMU start line. %s Lines such as \"iommu: Default "
		       "domain type: Translated\" are printed on every "
		       "kernel and prove nothing.",
		       v == IOMMU_VENDOR_NONE ?
		       "The firmware publishes no DMAR or IVRS table, so "
		       "there was nothing to start (see the firmware "
		       "findings)." :
		       "Whether the firmware publishes a DMAR or IVRS table "
		       "is not known.");
	if (dd)
		ev_line(f, k, dd);
}

static void report_ir(const struct host *h, struct findings *fs)
{
	const struct klog_facts *k = &h->klog;
	static const char param[] = "vfio_iommu_type1.allow_unsafe_interrupts=";
	char word[128];
	/* The module parameter is a bool: param_set_bool() takes 1/y/Y. */
	bool unsafe = cmdline_word(h, param, word, sizeof(word)) &&
		      word[sizeof(param) - 1] &&
		      strchr("1yY", word[sizeof(param) - 1]);
	char rem[REMEDY_MAX];
	struct finding *f;

	if (k->ir_enabled == TRI_YES) {
		f = finding_add(fs, "klog.ir.enabled", LAYER_KERNEL,
				VERDICT_PASS, SEV_INFO,
				"Interrupt remapping is enabled%s%s%s",
				k->ir_mode[0] ? " (" : "", k->ir_mode,
				k->ir_mode[0] ? " mode)" : "");
		finding_detail(f, "A device's MSIs go through the IOMMU's "
			       "remapping table, so an assigned device cannot "
			       "forge interrupts into the host; VFIO requires "
			       "it (vfio_iommu_type1_attach_group()).");
		ev_line(f, k, first(k, KLOG_IR_ENABLED));
		if (first(k, KLOG_AMD_X2APIC))
			ev_line(f, k, first(k, KLOG_AMD_X2APIC));
	} else if (k->ir_enabled == TRI_NO) {
		f = finding_add(fs, "klog.ir.disabled", LAYER_KERNEL,
				unsafe ? VERDICT_WARN : VERDICT_FAIL,
				unsafe ? SEV_HIGH : SEV_CRITICAL,
				"Interrupt remapping is off");
		finding_detail(f, "Without interrupt remapping an assigned "
			       "device can send arbitrary MSIs to the host. "
			       "vfio_iommu_type1 then refuses every group "
			       "(\"No interrupt remapping support\", -EPERM) "
			       "unless allow_unsafe_interrupts=1%s.",
			       unsafe ? ", which this command line sets: "
					"passthrough works, without that "
					"protection" : "");
		if (first(k, KLOG_IR_DISABLED))
			ev_all(f, k, KLOG_IR_DISABLED);
		else
			finding_evidence(f, k->src.path,
					 "an IOMMU started but no \"Enabled IRQ "
					 "remapping\" / \"Interrupt remapping "
					 "enabled\" line follows");
		if (cmdline_has(h, "intremap=off")) {
			remedy_kernel_args(h, NULL, "intremap=off", rem,
					   sizeof(rem));
			finding_remedy(f, "%s", rem);
		} else if (k->cls.cat[KLOG_IR_DISABLED].count &&
			   host_iommu_vendor(h) == IOMMU_VENDOR_AMD) {
			finding_remedy(f, "The IVRS table does not describe "
				       "the IOAPIC. Update the system firmware; "
				       "until then the kernel accepts the "
				       "mapping on the command line: "
				       "ivrs_ioapic=<id>@<bus>:<dev>.<fn> "
				       "(Documentation/admin-guide/"
				       "kernel-parameters.txt).");
		} else if (host_iommu_vendor(h) == IOMMU_VENDOR_NONE) {
			finding_remedy(f, "The firmware publishes no DMAR/IVRS "
				       "table: enable \"VT-d\" (Intel) or "
				       "\"IOMMU\" / \"AMD-Vi\" (AMD) in the "
				       "firmware setup.");
		} else {
			finding_remedy(f, "Update the system firmware "
				       "(BIOS/UEFI). Only as a last resort, on "
				       "a machine whose guests you trust: "
				       "vfio_iommu_type1."
				       "allow_unsafe_interrupts=1.");
		}
	} else {
		f = finding_add(fs, "klog.ir.unknown", LAYER_KERNEL,
				VERDICT_UNKNOWN, SEV_INFO,
				"The log does not say whether interrupt "
				"remapping is on");
		finding_detail(f, "%s", k->reaches_boot ?
			       "No interrupt remapping line was printed and "
			       "no IOMMU driver started." :
			       "The log does not reach back to boot, when the "
			       "interrupt remapping lines are printed.");
	}

	if (first(k, KLOG_IR_X2APIC_OPT_OUT)) {
		remedy_kernel_args(h, "intremap=no_x2apic_optout", NULL, rem,
				   sizeof(rem));
		f = finding_add(fs, "klog.ir.x2apic_opt_out", LAYER_KERNEL,
				VERDICT_INFO, SEV_LOW,
				"The firmware opted out of x2APIC; interrupt "
				"remapping runs in xAPIC mode");
		finding_detail(f, "The DMAR table sets the x2APIC opt-out "
			       "flag, so the kernel keeps xAPIC "
			       "(intel_prepare_irq_remapping()). Remapping "
			       "still protects VFIO; only machines with APIC "
			       "IDs above 255 need x2APIC.");
		ev_all(f, k, KLOG_IR_X2APIC_OPT_OUT);
		finding_remedy(f, "Not needed for passthrough. To use x2APIC, "
			       "disable \"X2APIC Opt Out\" in the firmware "
			       "setup, or override it:\n%s", rem);
	}
	if (first(k, KLOG_VFIO_NO_IR)) {
		f = finding_add(fs, "klog.vfio.no_interrupt_remapping",
				LAYER_KERNEL, VERDICT_FAIL, SEV_HIGH,
				"VFIO refused a device group: no interrupt "
				"remapping (%lu time(s))",
				k->cls.cat[KLOG_VFIO_NO_IR].count);
		finding_detail(f, "vfio_iommu_type1_attach_group() found the "
			       "group's MSIs not isolated and returned -EPERM; "
			       "QEMU/libvirt fail to start the guest.");
		ev_all(f, k, KLOG_VFIO_NO_IR);
		finding_remedy(f, "Get interrupt remapping working (see the "
			       "klog.ir findings). Only on a machine whose "
			       "guests you trust: "
			       "vfio_iommu_type1.allow_unsafe_interrupts=1.");
	}
}

static void report_default_domain(const struct host *h, struct findings *fs)
{
	const struct klog_facts *k = &h->klog;
	struct finding *f;

	if (!k->default_domain[0])
		return;
	f = finding_add(fs, "klog.default_domain", LAYER_KERNEL, VERDICT_INFO,
			SEV_INFO, "Default DMA domain type: %s%s",
			k->default_domain,
			k->default_domain_cmdline ? " (set on the command line)"
						  : "");
	finding_detail(f, "%s The IOMMU core prints this line on every kernel, "
		       "with or without IOMMU hardware: it is not proof of an "
		       "IOMMU. Either way VFIO gives an assigned device its "
		       "own domain, so guests stay isolated.",
		       !strcmp(k->default_domain, "Passthrough") ?
		       "Host drivers do DMA untranslated (iommu=pt): faster, "
		       "but host devices are not protected from each other." :
		       "Host drivers' DMA goes through the IOMMU when there "
		       "is one.");
	ev_line(f, k, first(k, KLOG_DEFAULT_DOMAIN));
}

/* The kind of a firmware-bug line: its text after the last "]: " tag,
 * words holding a digit (addresses, ids) replaced by '#'. */
static void bug_kind(const char *s, size_t n, char *out, size_t len)
{
	const char *t = s, *end = s + n, *p;
	size_t o = 0;

	for (p = s; (p = memmem(p, (size_t)(end - p), "]:", 2)); p += 2)
		t = p + 2;
	while (t < end && (*t == ' ' || *t == ':'))
		t++;
	while (t < end && o + 2 < len) {
		size_t wl = 0;
		bool digit = false;

		while (t + wl < end && t[wl] != ' ') {
			digit |= t[wl] >= '0' && t[wl] <= '9';
			wl++;
		}
		if (digit) {
			out[o++] = '#';
		} else {
			for (size_t i = 0; i < wl && o + 2 < len; i++)
				out[o++] = t[i];
		}
		t += wl;
		if (t < end && o + 2 < len)
			out[o++] = *t++;
	}
	out[o] = 0;
}

static void report_firmware_bugs(const struct host *h, struct findings *fs)
{
	const struct klog_facts *k = &h->klog;
	const struct klog_category *c = &k->cls.cat[KLOG_FIRMWARE_BUG];
	char kinds[KLOG_KEEP][160];

	for (unsigned i = 0; i < c->nkept; i++)
		bug_kind(k->text + c->kept[i].off, c->kept[i].len, kinds[i],
			 sizeof(kinds[i]));
	for (unsigned i = 0; i < c->nkept; i++) {
		struct finding *f;
		bool seen = false;

		for (unsigned j = 0; j < i && !seen; j++)
			seen = !strcmp(kinds[i], kinds[j]);
		if (seen)
			continue;
		f = finding_add(fs, "klog.firmware_bug", LAYER_FIRMWARE,
				VERDICT_WARN, SEV_MEDIUM,
				"The kernel reports an IOMMU firmware bug: %s",
				kinds[i]);
		finding_detail(f, "The firmware's IOMMU description (DMAR or "
			       "IVRS) is wrong in a way the kernel noticed "
			       "(FW_BUG/FW_WARN, include/linux/printk.h). It "
			       "may work around it, switch a feature such as "
			       "interrupt remapping off, or isolate devices "
			       "less than the table claims. %lu such line(s) "
			       "in this boot.", c->count);
		for (unsigned j = i; j < c->nkept; j++)
			if (!strcmp(kinds[i], kinds[j]))
				ev_line(f, k, &c->kept[j]);
		finding_remedy(f, "Update the system firmware (BIOS/UEFI) to "
			       "the vendor's latest release, and report this "
			       "line to the vendor if it persists.");
	}
}

static void report_events(const struct host *h, struct findings *fs)
{
	const struct klog_facts *k = &h->klog;
	const struct klog_class *c = &k->cls;
	char rem[REMEDY_MAX], word[512];
	struct finding *f;

	if (c->cat[KLOG_DMA_FAULT].count) {
		f = finding_add(fs, "klog.dma_faults", LAYER_KERNEL,
				VERDICT_WARN, SEV_MEDIUM,
				"%lu IOMMU fault(s) were logged",
				c->cat[KLOG_DMA_FAULT].count);
		finding_detail(f, "A device accessed memory (or sent an "
			       "interrupt) its IOMMU domain does not allow "
			       "(dmar_fault_do_one(), iommu_print_event()). "
			       "At boot this is usually firmware DMA to an "
			       "undeclared region; later it is a driver or "
			       "device bug. The same faults in a guest stall "
			       "the assigned device.");
		ev_all(f, k, KLOG_DMA_FAULT);
		finding_remedy(f, "Look up the device in the line "
			       "(lspci -nn -s <bus:dev.fn>); if you mean to "
			       "pass it through, update its firmware and the "
			       "system firmware first.");
	}
	if (c->cat[KLOG_RMRR_REFUSAL].count) {
		f = finding_add(fs, "klog.rmrr_refusal", LAYER_KERNEL,
				VERDICT_FAIL, SEV_HIGH,
				"The kernel refused a device an IOMMU domain "
				"because of a firmware 1:1 mapping");
		finding_detail(f, "The firmware declares memory the device "
			       "uses on its own (an RMRR in DMAR, a unity map "
			       "in IVRS). Linux will not move such a device "
			       "into a guest's domain (Intel since 3.17, every "
			       "IOMMU since 6.5), so it cannot be passed "
			       "through. %lu refusal(s) logged.",
			       c->cat[KLOG_RMRR_REFUSAL].count);
		ev_all(f, k, KLOG_RMRR_REFUSAL);
		finding_remedy(f, "Pass through a different device (another "
			       "slot or controller), or look for a firmware "
			       "setting that stops the firmware using the "
			       "device, then update the system firmware.");
	}
	if (c->cat[KLOG_VFIO_NOIOMMU].count) {
		f = finding_add(fs, "klog.vfio_noiommu", LAYER_KERNEL,
				VERDICT_WARN, SEV_HIGH,
				"VFIO no-IOMMU mode was used: no isolation at "
				"all, kernel tainted");
		finding_detail(f, "enable_unsafe_noiommu_mode lets user space "
			       "drive a device without any IOMMU; the device "
			       "can DMA anywhere in host memory.");
		ev_all(f, k, KLOG_VFIO_NOIOMMU);
		finding_remedy(f, "Use it only for trusted user-space drivers "
			       "(DPDK), never for a VM; turn on the IOMMU "
			       "instead.");
	}
	if (c->cat[KLOG_ACS_OVERRIDE].count) {
		bool w = cmdline_word(h, "pcie_acs_override=", word,
				      sizeof(word));

		f = finding_add(fs, "klog.acs_override", LAYER_GROUPS,
				VERDICT_WARN, SEV_HIGH,
				"The PCIe ACS override is on: IOMMU groups "
				"are not isolation");
		finding_detail(f, "The out-of-tree pcie_acs_override patch "
			       "tells the kernel ports isolate devices that "
			       "the hardware may let talk peer-to-peer, "
			       "bypassing the IOMMU. Groups look smaller than "
			       "the real isolation; a guest's device can reach "
			       "other devices. Acceptable only when every "
			       "guest is trusted.");
		ev_all(f, k, KLOG_ACS_OVERRIDE);
		remedy_kernel_args(h, NULL, w ? word : "pcie_acs_override",
				   rem, sizeof(rem));
		finding_remedy(f, "%s", rem);
	}
	if (c->cat[KLOG_PCH_ACS_FAILED].count) {
		f = finding_add(fs, "klog.pch_acs_quirk_failed", LAYER_GROUPS,
				VERDICT_WARN, SEV_MEDIUM,
				"The Intel PCH root-port ACS workaround could "
				"not be enabled");
		finding_detail(f, "Intel PCH root ports lack a standard ACS "
			       "capability; the kernel enables it through the "
			       "chipset (pci_quirk_enable_intel_pch_acs()). "
			       "That failed, so devices behind these ports "
			       "share one IOMMU group.");
		ev_all(f, k, KLOG_PCH_ACS_FAILED);
		finding_remedy(f, "Update the system firmware; pass through "
			       "devices in CPU-attached slots instead.");
	}
	for (unsigned i = 0; i < c->cat[KLOG_UNKNOWN_OPTION].nkept; i++) {
		const struct klog_line *l = &c->cat[KLOG_UNKNOWN_OPTION].kept[i];
		const char *s = k->text + l->off;
		const char *q = memchr(s, '\'', l->len), *q2 = NULL;
		bool amd = memmem(s, l->len, "AMD-Vi", 6) != NULL;
		char opt[128] = "";

		if (q)
			q2 = memchr(q + 1, '\'', l->len - (size_t)(q + 1 - s));
		if (q2)
			snprintf(opt, sizeof(opt), "%.*s", (int)(q2 - q - 1),
				 q + 1);
		f = finding_add(fs, "klog.cmdline_unknown_option", LAYER_KERNEL,
				VERDICT_WARN, SEV_MEDIUM,
				"%s= has an option the kernel ignores: '%s'",
				amd ? "amd_iommu" : "intel_iommu", opt);
		ev_line(f, k, l);
		if (amd && !strcmp(opt, "on")) {
			finding_detail(f, "amd_iommu=on does not exist "
				       "(parse_amd_iommu_options()): the AMD "
				       "IOMMU is on by default whenever the "
				       "firmware publishes IVRS.");
			remedy_kernel_args(h, NULL, "amd_iommu=on", rem,
					   sizeof(rem));
			finding_remedy(f, "%s", rem);
		} else {
			finding_detail(f, "The option parser skips what it "
				       "does not know, so the setting you meant "
				       "is not in effect.");
			finding_remedy(f, "%s", amd ?
				       "Fix amd_iommu= on the command line; it "
				       "takes off, force_enable, "
				       "force_isolation, pgtbl_v1, pgtbl_v2, "
				       "irtcachedis, nohugepages, "
				       "v2_pgsizes_only." :
				       "Fix intel_iommu= on the command line; it "
				       "takes on, off, igfx_off, sp_off, sm_on, "
				       "sm_off, tboot_noforce (iommu=pt is a "
				       "separate option).");
		}
	}
}

static int run(const struct host *h, struct findings *fs)
{
	if (!fact_known(&h->klog.src) || !h->klog.text) {
		report_unreadable(h, fs);
		return 0;
	}
	report_coverage(h, fs);
	report_iommu(h, fs);
	report_ir(h, fs);
	report_default_domain(h, fs);
	report_firmware_bugs(h, fs);
	report_events(h, fs);
	return 0;
}

const struct check check_klog = {
	.id = "klog",
	.title = "IOMMU lines of the kernel log",
	.run = run,
};
