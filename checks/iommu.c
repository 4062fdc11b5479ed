/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IOMMU as the running kernel has it: registered units
 * (sys/class/iommu), groups (sys/kernel/iommu_groups), interrupt remapping
 * in force, default domain types and firmware direct maps (kernel.md §4,
 * §5.6, §8 items 9-11).
 */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../probe/probe.h"
#include "remedy.h"

#define REMEDY_LEN 4096

enum iommu_active {
	IOMMU_ACTIVE_UNKNOWN = 0,
	IOMMU_ACTIVE_YES,
	IOMMU_ACTIVE_NO,
};

static const char *reason(const struct host *h, const struct fact_src *s)
{
	return fact_reason(s, h->live, h->as_root);
}

/* sys/class/iommu missing is the same as empty: the class is only
 * registered with CONFIG_IOMMU_API (drivers/iommu/iommu-sysfs.c). */
static bool units_known(const struct sys_facts *s)
{
	return fact_known(&s->units_src) || s->units_src.err == -ENOENT;
}

static bool groups_known(const struct sys_facts *s)
{
	return fact_known(&s->groups_src) || s->groups_src.err == -ENOENT;
}

static enum iommu_active iommu_active(const struct sys_facts *s)
{
	if (s->nunits || s->ngroups)
		return IOMMU_ACTIVE_YES;
	if (units_known(s) && groups_known(s))
		return IOMMU_ACTIVE_NO;
	return IOMMU_ACTIVE_UNKNOWN;
}

static void unit_evidence(struct finding *f, const struct iommu_unit *u)
{
	char path[160];

	if (u->kind == IOMMU_KIND_INTEL) {
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%.64s/intel-iommu/address", u->name);
		finding_evidence(f, path, "%s", u->address[0] ? u->address
							       : "unreadable");
	} else if (u->kind == IOMMU_KIND_AMD) {
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%.64s/amd-iommu/features", u->name);
		finding_evidence(f, path, "%s", u->features[0] ? u->features
								: "unreadable");
	} else {
		snprintf(path, sizeof(path), "sys/class/iommu/%.64s", u->name);
		finding_evidence(f, path, "registered");
	}
}

/* The kernel-argument tokens that switch the IOMMU off, as written. */
static void off_tokens(const struct cmdline_summary *sum, bool intel,
		       char *buf, size_t len)
{
	const struct cmdline_param *p[2] = {
		intel ? (sum->intel_on == TRI_NO ? sum->intel_decider : NULL)
		      : (sum->amd_off ? sum->amd_off_param : NULL),
		sum->iommu_off ? sum->iommu_off_param : NULL,
	};

	buf[0] = 0;
	for (int i = 0; i < 2; i++)
		if (p[i] && p[i]->token)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 buf[0] ? " " : "", p[i]->token);
}

static void check_units(const struct host *h, struct findings *fs,
			const struct cmdline_summary *sum)
{
	const struct sys_facts *s = &h->sys;
	enum iommu_vendor v = host_iommu_vendor(h);
	char remedy[REMEDY_LEN], tokens[512];
	struct finding *f;

	if (!units_known(s)) {
		f = finding_add(fs, "iommu.units.unknown", LAYER_KERNEL,
				VERDICT_UNKNOWN, SEV_MEDIUM,
				"Could not list the IOMMU units the kernel "
				"registered");
		finding_detail(f, "sys/class/iommu: %s.", reason(h, &s->units_src));
		return;
	}
	if (s->nunits) {
		char names[512] = "";

		for (size_t i = 0; i < s->nunits && strlen(names) < 400; i++)
			snprintf(names + strlen(names),
				 sizeof(names) - strlen(names), "%s%s",
				 i ? ", " : "", s->units[i].name);
		f = finding_add(fs, "iommu.units.present", LAYER_KERNEL,
				VERDICT_PASS, SEV_INFO,
				"The kernel registered %zu IOMMU unit%s: %s",
				s->nunits, s->nunits == 1 ? "" : "s", names);
		finding_detail(f, "Each entry of /sys/class/iommu is a "
			       "remapping unit the IOMMU driver initialised "
			       "(dmarN: Intel VT-d, ivhdN: AMD-Vi), so DMA "
			       "remapping is on in this kernel.");
		for (size_t i = 0; i < s->nunits; i++)
			unit_evidence(f, &s->units[i]);
		return;
	}

	if (s->ngroups) {
		/* Groups only exist behind a registered IOMMU driver
		 * (iommu_device_register()), so the IOMMU is on; its units
		 * are just not listed. */
		f = finding_add(fs, "iommu.units.unlisted", LAYER_KERNEL,
				VERDICT_INFO, SEV_INFO,
				"No IOMMU unit is listed, but IOMMU groups "
				"exist");
		finding_detail(f, "An IOMMU driver is active (see "
			       "iommu.groups.populated) without a "
			       "/sys/class/iommu entry; the units' "
			       "capabilities cannot be shown.");
		finding_evidence(f, "sys/class/iommu", "%s",
				 s->units_src.err == -ENOENT ? "absent" :
				 "empty");
		return;
	}
	f = finding_add(fs, "iommu.units.none", LAYER_KERNEL, VERDICT_FAIL,
			SEV_CRITICAL,
			"No IOMMU unit is registered: the kernel is not "
			"using an IOMMU");
	finding_evidence(f, "sys/class/iommu", "%s",
			 s->units_src.err == -ENOENT ? "absent" : "empty");
	/* the command line matters only where a table lets it act */
	if (fact_known(&h->cmdline.src) &&
	    (v == IOMMU_VENDOR_INTEL || v == IOMMU_VENDOR_AMD))
		finding_evidence(f, "proc/cmdline", "%s", h->cmdline.raw);
	switch (v) {
	case IOMMU_VENDOR_INTEL:
		finding_evidence(f, "sys/firmware/acpi/tables/DMAR", "present");
		off_tokens(sum, true, tokens, sizeof(tokens));
		finding_detail(f, "The firmware publishes a DMAR table, so VT-d "
			       "is enabled there, but the kernel registered no "
			       "remapping unit: the Intel IOMMU driver is off. "
			       "It stays off unless intel_iommu=on is given or "
			       "the kernel is built with "
			       "CONFIG_INTEL_IOMMU_DEFAULT_ON=y "
			       "(drivers/iommu/intel/iommu.c "
			       "intel_iommu_setup())%s%s.",
			       tokens[0] ? "; this command line switches it "
					   "off with: " : "",
			       tokens);
		finding_remedy(f, "%s", remedy_kernel_args(h, "intel_iommu=on",
				tokens[0] ? tokens : NULL, remedy,
				sizeof(remedy)));
		break;
	case IOMMU_VENDOR_AMD:
		finding_evidence(f, "sys/firmware/acpi/tables/IVRS", "present");
		off_tokens(sum, false, tokens, sizeof(tokens));
		if (tokens[0]) {
			finding_detail(f, "The firmware publishes an IVRS table, "
				       "and the AMD IOMMU driver is on by "
				       "default, but this command line "
				       "switches it off with: %s "
				       "(drivers/iommu/amd/init.c "
				       "parse_amd_iommu_options(), "
				       "arch/x86/kernel/pci-dma.c "
				       "iommu_setup()).", tokens);
			finding_remedy(f, "%s", remedy_kernel_args(h, NULL,
					tokens, remedy, sizeof(remedy)));
		} else {
			finding_detail(f, "The firmware publishes an IVRS table "
				       "and nothing on the command line turns "
				       "AMD-Vi off, yet no unit registered: the "
				       "driver rejected the table or the "
				       "hardware (see the firmware and kernel "
				       "log findings).  There is no amd_iommu=on "
				       "option; AMD-Vi is on by default.");
			finding_remedy(f, "Read why the driver gave up:\n"
				       "  sudo dmesg | grep -i -e AMD-Vi -e "
				       "IVRS\nthen update the firmware (BIOS) "
				       "if it reports a broken IVRS table.");
		}
		break;
	case IOMMU_VENDOR_NONE:
		finding_detail(f, "The firmware publishes neither a DMAR nor an "
			       "IVRS table, so there is no IOMMU for the kernel "
			       "to use: the blocker is in the firmware layer "
			       "(IOMMU / VT-d / AMD-Vi disabled in the setup, "
			       "or absent; inside a VM, no virtual IOMMU).  "
			       "No kernel argument can change this.");
		finding_remedy(f, "Enable the IOMMU in the firmware setup "
			       "(Intel: \"VT-d\"; AMD: \"IOMMU\" or "
			       "\"AMD-Vi\"), then boot again.  In a VM, give "
			       "it a virtual IOMMU (QEMU: -device "
			       "intel-iommu,intremap=on or -device amd-iommu).");
		break;
	default:
		finding_detail(f, "Whether the firmware publishes a DMAR or "
			       "IVRS table is unknown (%s), so it is not known "
			       "whether the firmware or the kernel keeps the "
			       "IOMMU off.",
			       reason(h, &h->acpi.tables_src));
		finding_remedy(f, "Run again as root to read the firmware "
			       "tables; the firmware findings then say which "
			       "layer to fix.");
		break;
	}
}

static void check_groups(const struct host *h, struct findings *fs)
{
	const struct sys_facts *s = &h->sys;
	struct finding *f;
	size_t ndev = 0;

	if (s->groups_src.err == -ENOENT) {
		f = finding_add(fs, "iommu.groups.missing", LAYER_KERNEL,
				VERDICT_FAIL, SEV_CRITICAL,
				"This kernel has no IOMMU groups directory: it "
				"is built without IOMMU support");
		finding_detail(f, "/sys/kernel/iommu_groups is created by "
			       "iommu_init() (drivers/iommu/iommu.c) whenever "
			       "CONFIG_IOMMU_API=y, even with no IOMMU.  Its "
			       "absence means the kernel has no IOMMU API, so "
			       "VFIO cannot isolate any device.");
		finding_evidence(f, "sys/kernel/iommu_groups", "absent");
		finding_remedy(f, "Boot a kernel built with CONFIG_IOMMU_API "
			       "(selected by CONFIG_INTEL_IOMMU or "
			       "CONFIG_AMD_IOMMU), as every major "
			       "distribution's standard kernel is.");
		return;
	}
	if (!fact_known(&s->groups_src)) {
		f = finding_add(fs, "iommu.groups.unknown", LAYER_KERNEL,
				VERDICT_UNKNOWN, SEV_MEDIUM,
				"Could not list the IOMMU groups");
		finding_detail(f, "sys/kernel/iommu_groups: %s.",
			       reason(h, &s->groups_src));
		return;
	}
	if (!s->ngroups) {
		f = finding_add(fs, "iommu.groups.empty", LAYER_KERNEL,
				VERDICT_FAIL, SEV_CRITICAL,
				"There are no IOMMU groups: no device is "
				"behind an active IOMMU");
		finding_detail(f, "/sys/kernel/iommu_groups exists whenever "
			       "the kernel is built with CONFIG_IOMMU_API, "
			       "even with no IOMMU at all, so only its entries "
			       "prove the IOMMU is active.  It is empty: "
			       "VFIO has no group to bind a device to.%s",
			       s->nunits ? "" : "  See iommu.units.none for "
					       "why no IOMMU is in use.");
		finding_evidence(f, "sys/kernel/iommu_groups", "empty");
		return;
	}
	for (size_t i = 0; i < s->ngroups; i++)
		ndev += s->groups[i].ndevices;
	f = finding_add(fs, "iommu.groups.populated", LAYER_KERNEL,
			VERDICT_PASS, SEV_INFO,
			"%zu IOMMU group%s %zu device%s",
			s->ngroups, s->ngroups == 1 ? " holds" : "s hold", ndev,
			ndev == 1 ? "" : "s");
	finding_detail(f, "The IOMMU driver put every device it translates "
		       "into a group (drivers/iommu/iommu.c "
		       "iommu_group_add_device()); VFIO assigns whole "
		       "groups.");
	for (size_t i = 0; i < s->ngroups && i < 8; i++)
		finding_evidence(f, "sys/kernel/iommu_groups", "%lu: %zu "
				 "device%s%s%s", s->groups[i].id,
				 s->groups[i].ndevices,
				 s->groups[i].ndevices == 1 ? "" : "s",
				 s->groups[i].ndevices ? ", first " : "",
				 s->groups[i].ndevices ?
				 s->groups[i].devices[0] : "");
	if (s->ngroups > 8)
		finding_evidence(f, "sys/kernel/iommu_groups",
				 "... and %zu more groups", s->ngroups - 8);
}

static void ir_evidence(const struct host *h, struct finding *f)
{
	const struct sys_facts *s = &h->sys;

	for (size_t i = 0; i < s->nunits; i++) {
		const struct iommu_unit *u = &s->units[i];
		char path[128];

		if (u->kind != IOMMU_KIND_INTEL || u->ir_supported == TRI_UNKNOWN)
			continue;
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%.64s/intel-iommu/ecap", u->name);
		finding_evidence(f, path, "%s (bit 3, IR: %d)", u->ecap,
				 u->ir_supported == TRI_YES);
	}
	if (fact_known(&s->irq_src)) {
		if (s->irq.remapped)
			finding_evidence(f, "proc/interrupts", "%lu remapped, "
					 "e.g. %s", s->irq.remapped,
					 s->irq.remapped_line);
		if (s->irq.non_remapped_msi)
			finding_evidence(f, "proc/interrupts", "%lu MSI not "
					 "remapped, e.g. %s",
					 s->irq.non_remapped_msi,
					 s->irq.non_remapped_line);
		if (!s->irq.remapped && !s->irq.non_remapped_msi)
			finding_evidence(f, "proc/interrupts",
					 "no MSI or remapped interrupt lines");
	}
	if (h->klog.ir_enabled != TRI_UNKNOWN)
		finding_evidence(f, h->klog.src.path[0] ? h->klog.src.path
							 : "kernel log",
				 "interrupt remapping enabled: %s%s%s",
				 tri_name(h->klog.ir_enabled),
				 h->klog.ir_mode[0] ? ", mode " : "",
				 h->klog.ir_mode);
}

static bool param_yes(const struct module_param *p)
{
	return fact_known(&p->src) &&
	       (!strcmp(p->value, "Y") || !strcmp(p->value, "1"));
}

static void check_ir(const struct host *h, struct findings *fs,
		     const struct cmdline_summary *sum)
{
	const struct sys_facts *s = &h->sys;
	enum tri ir = sys_interrupt_remapping(h);
	bool unsafe = param_yes(&s->params[PARAM_TYPE1_ALLOW_UNSAFE_INTERRUPTS]);
	char remedy[REMEDY_LEN];
	struct finding *f;

	if (iommu_active(s) == IOMMU_ACTIVE_NO) {
		f = finding_add(fs, "iommu.interrupt_remapping", LAYER_KERNEL,
				VERDICT_SKIP, SEV_INFO,
				"Interrupt remapping: no IOMMU is active");
		finding_detail(f, "Interrupt remapping is a function of the "
			       "IOMMU; it is judged once the IOMMU is on.");
		return;
	}
	if (ir == TRI_YES) {
		f = finding_add(fs, "iommu.interrupt_remapping", LAYER_KERNEL,
				VERDICT_PASS, SEV_INFO,
				"Interrupt remapping is in force");
		finding_detail(f, "Device interrupts go through the IOMMU's "
			       "remapping table, so a device given to a guest "
			       "cannot forge interrupts into the host, and "
			       "vfio_iommu_type1 attaches groups without "
			       "allow_unsafe_interrupts "
			       "(drivers/vfio/vfio_iommu_type1.c "
			       "vfio_iommu_type1_attach_group()).");
		ir_evidence(h, f);
		return;
	}
	if (ir == TRI_UNKNOWN) {
		f = finding_add(fs, "iommu.interrupt_remapping", LAYER_KERNEL,
				VERDICT_UNKNOWN, SEV_MEDIUM,
				"Whether interrupt remapping is in force is "
				"unknown");
		finding_detail(f, "Hardware support (ecap bit 3) does not prove "
			       "remapping is on (kernel.md §8 item 11); "
			       "proc/interrupts (%s) showed no MSI lines either "
			       "way and the kernel log (%s) has no remapping "
			       "line.", reason(h, &s->irq_src),
			       reason(h, &h->klog.src));
		ir_evidence(h, f);
		return;
	}
	f = finding_add(fs, "iommu.interrupt_remapping", LAYER_KERNEL,
			VERDICT_FAIL, unsafe ? SEV_HIGH : SEV_CRITICAL,
			"The IOMMU is on but interrupt remapping is not in "
			"force");
	finding_detail(f, "Without interrupt remapping MSIs are not "
		       "isolated: vfio_iommu_type1 refuses to attach a group "
		       "(\"No interrupt remapping support.  Use the module "
		       "param \"allow_unsafe_interrupts\" ...\", -EPERM, "
		       "drivers/vfio/vfio_iommu_type1.c) unless "
		       "allow_unsafe_interrupts=1, which lets a guest's "
		       "device inject interrupts into the host.%s",
		       unsafe ? "  allow_unsafe_interrupts is set here, so "
				"passthrough works without that protection." :
				"");
	ir_evidence(h, f);
	if (sum->intremap == TRI_NO && sum->intremap_param) {
		finding_evidence(f, "proc/cmdline", "%s",
				 sum->intremap_param->token);
		finding_remedy(f, "%s", remedy_kernel_args(h, NULL,
				sum->intremap_param->token, remedy,
				sizeof(remedy)));
	} else {
		finding_remedy(f, "Enable interrupt remapping in the firmware "
			       "setup (often tied to VT-d / IOMMU and x2APIC), "
			       "update the firmware, and read why the kernel "
			       "left it off:\n"
			       "  sudo dmesg | grep -i -e DMAR-IR -e AMD-Vi -e "
			       "remapping\n"
			       "Only if the platform cannot remap interrupts, "
			       "accept the risk explicitly:\n"
			       "  echo 'options vfio_iommu_type1 "
			       "allow_unsafe_interrupts=1' | sudo tee "
			       "/etc/modprobe.d/vfio-unsafe.conf");
	}
}

static const char *const domain_types[] = {
	"DMA", "DMA-FQ", "identity", "unmanaged", "blocked", "unknown", NULL,
};

static void check_default_domain(const struct host *h, struct findings *fs)
{
	const struct sys_facts *s = &h->sys;
	size_t counts[7] = { 0 };
	char title[256] = "";
	struct finding *f;
	int other = 6;

	if (!s->ngroups)
		return;
	for (size_t i = 0; i < s->ngroups; i++) {
		int t = other;

		for (int k = 0; domain_types[k]; k++)
			if (!strcmp(s->groups[i].type, domain_types[k]))
				t = k;
		counts[t]++;
	}
	for (int k = 0; k <= other; k++)
		if (counts[k])
			snprintf(title + strlen(title),
				 sizeof(title) - strlen(title), "%s%zu %s",
				 title[0] ? ", " : "", counts[k],
				 k < other ? domain_types[k] : "other/unread");
	f = finding_add(fs, "iommu.default_domain", LAYER_GROUPS,
			VERDICT_INFO, SEV_INFO, "IOMMU group domain types: %s",
			title);
	finding_detail(f, "A group's type is its domain (drivers/iommu/"
		       "iommu.c iommu_group_show_type()).  DMA: translated, "
		       "strict invalidation.  DMA-FQ: translated, lazy "
		       "(batched) invalidation.  identity: passthrough "
		       "(iommu=pt or iommu.passthrough=1): host-owned devices "
		       "get no DMA protection, though VFIO still installs its "
		       "own domain for assigned devices.  unmanaged: owned by "
		       "VFIO or another user right now.  blocked: DMA "
		       "blocked.");
	for (int k = 0; domain_types[k]; k++) {
		for (size_t i = 0; i < s->ngroups; i++) {
			char path[96];

			if (strcmp(s->groups[i].type, domain_types[k]))
				continue;
			snprintf(path, sizeof(path),
				 "sys/kernel/iommu_groups/%lu/type",
				 s->groups[i].id);
			finding_evidence(f, path, "%s", s->groups[i].type);
			break;
		}
	}
}

static void check_reserved_direct(const struct host *h, struct findings *fs)
{
	const struct sys_facts *s = &h->sys;
	unsigned int major = 0, minor = 0;
	bool ver = fact_known(&h->kernel_release_src) &&
		   sys_release_version(h->kernel_release, &major, &minor);
	bool blocks = !ver || major > 6 || (major == 6 && minor >= 5);
	size_t n = 0;
	struct finding *f;

	for (size_t i = 0; i < s->ngroups; i++)
		n += s->groups[i].reserved_direct;
	if (!n)
		return;
	f = finding_add(fs, "iommu.reserved_direct", LAYER_GROUPS,
			blocks ? VERDICT_WARN : VERDICT_INFO,
			blocks ? SEV_HIGH : SEV_INFO,
			"%zu IOMMU group%s a firmware direct map: %s "
			"devices cannot be assigned%s",
			n, n == 1 ? " has" : "s have", n == 1 ? "its" : "their",
			!ver ? " on kernels 6.5 and later" :
			blocks ? "" : " after an upgrade to 6.5 or later");
	finding_detail(f, "A \"direct\" reserved region is memory the "
		       "firmware requires to stay identity-mapped (an Intel "
		       "RMRR other than USB/GPU, an AMD IVMD unity map).  Since "
		       "Linux 6.5 the IOMMU core refuses to attach such a "
		       "device to any other domain (drivers/iommu/iommu.c "
		       "__iommu_device_set_domain(): \"Firmware has requested "
		       "this device have a 1:1 IOMMU mapping, rejecting "
		       "configuring the device without a 1:1 mapping\"), so "
		       "VFIO cannot claim it.  This kernel: %s.",
		       ver ? h->kernel_release : "version unknown");
	for (size_t i = 0; i < s->ngroups; i++) {
		const struct iommu_group_info *g = &s->groups[i];
		char devs[256] = "";

		if (!g->reserved_direct)
			continue;
		for (size_t d = 0; d < g->ndevices && strlen(devs) < 200; d++)
			snprintf(devs + strlen(devs),
				 sizeof(devs) - strlen(devs), "%s%s",
				 d ? " " : "", g->devices[d]);
		finding_evidence(f, g->resv_src.path, "%s (devices: %s)",
				 g->direct_line, devs[0] ? devs : "none");
	}
	finding_remedy(f, "Pass through a device whose group has no \"direct\" "
		       "region, or ask the platform vendor for a firmware "
		       "setting or update that drops the RMRR/IVMD for that "
		       "slot.");
}

static int run(const struct host *h, struct findings *fs)
{
	struct cmdline_summary sum;

	cmdline_summarise(&h->cmdline, &sum);
	check_units(h, fs, &sum);
	check_groups(h, fs);
	check_ir(h, fs, &sum);
	check_default_domain(h, fs);
	check_reserved_direct(h, fs);
	return 0;
}

const struct check check_iommu = {
	.id = "iommu",
	.title = "IOMMU in the running kernel",
	.run = run,
};
