/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel command line and the kernel's build config, judged per IOMMU
 * vendor (the firmware table decides, host_iommu_vendor()) and per kernel
 * default (CONFIG_INTEL_IOMMU_DEFAULT_ON and friends).
 *
 * Codes: "cmdline.*" for the command line; "kconfig.*" for the build
 * config, which this check owns too (one reading of one config).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "../probe/probe.h"
#include "remedy.h"

#define REMEDY_MAX 4096

struct ctx {
	const struct host *h;
	struct findings *fs;
	enum iommu_vendor vendor;
	struct cmdline_summary s;
	bool have_version;
	unsigned int major, minor;
};

static void ev_param(struct finding *f, const struct cmdline_param *p)
{
	finding_evidence(f, "proc/cmdline", "%s", p->token);
}

static void ev_config(struct finding *f, const struct host *h,
		      const char *name)
{
	char line[160];

	finding_evidence(f, h->kconfig.src.path, "%s",
			 kconfig_line(&h->kconfig, name, line, sizeof(line)));
}

static void remedy_args(struct finding *f, const struct host *h,
			const char *add, const char *remove)
{
	char buf[REMEDY_MAX];

	finding_remedy(f, "%s", remedy_kernel_args(h, add, remove, buf,
						   sizeof(buf)));
}

static enum kconfig_state config(const struct host *h, const char *name)
{
	return kconfig_get(&h->kconfig, name, NULL);
}

static bool built(enum kconfig_state s)
{
	return s == KCONFIG_YES || s == KCONFIG_MODULE;
}

static const char *vendor_word(enum iommu_vendor v)
{
	return v == IOMMU_VENDOR_INTEL ? "Intel VT-d (DMAR)" : "AMD-Vi (IVRS)";
}

/* Kernel config: is the IOMMU driver, interrupt remapping and VFIO built? */
static void judge_kconfig(struct ctx *c)
{
	const struct host *h = c->h;
	const char *drv;
	struct finding *f;

	if (!h->kconfig.loaded) {
		f = finding_add(c->fs, "kconfig.unreadable", LAYER_KERNEL,
				VERDICT_INFO, SEV_INFO,
				"Kernel build config not found");
		finding_detail(f, "The kernel build config was not found at "
			       "boot/config-%s, proc/config.gz or "
			       "lib/modules/%s/build/.config (%s).  Whether "
			       "the IOMMU is on by default and whether VFIO is "
			       "built cannot be read from it; the findings "
			       "that need it say so.",
			       h->kernel_release[0] ? h->kernel_release : "RELEASE",
			       h->kernel_release[0] ? h->kernel_release : "RELEASE",
			       fact_reason(&h->kconfig.src, h->live, h->as_root));
		finding_evidence(f, h->kconfig.src.path, "%s",
				 fact_reason(&h->kconfig.src, h->live,
					     h->as_root));
		return;
	}

	if (c->vendor == IOMMU_VENDOR_INTEL || c->vendor == IOMMU_VENDOR_AMD) {
		drv = c->vendor == IOMMU_VENDOR_INTEL ? "CONFIG_INTEL_IOMMU"
						      : "CONFIG_AMD_IOMMU";
		if (!built(config(h, drv))) {
			f = finding_add(c->fs, "kconfig.iommu_not_built",
					LAYER_KERNEL, VERDICT_FAIL, SEV_CRITICAL,
					"The kernel is built without the %s "
					"IOMMU driver", vendor_word(c->vendor));
			finding_detail(f, "The firmware describes an %s IOMMU, "
				       "but this kernel has %s off, so no "
				       "kernel argument can turn the IOMMU "
				       "on and VFIO has nothing to isolate "
				       "devices with.", vendor_word(c->vendor),
				       drv);
			ev_config(f, h, drv);
			finding_remedy(f, "Boot a kernel built with %s=y (every "
				       "major distribution kernel has it).",
				       drv);
		}
		/* No IRQ_REMAP: MSI is never isolated, so
		 * vfio_iommu_type1_attach_group() refuses with -EPERM unless
		 * allow_unsafe_interrupts (kernel.md 4.3). */
		if (built(config(h, drv)) &&
		    !built(config(h, "CONFIG_IRQ_REMAP"))) {
			bool unsafe = c->s.allow_unsafe_interrupts == TRI_YES;

			f = finding_add(c->fs, "kconfig.irq_remap_not_built",
					LAYER_KERNEL,
					unsafe ? VERDICT_WARN : VERDICT_FAIL,
					unsafe ? SEV_HIGH : SEV_CRITICAL,
					"The kernel is built without interrupt "
					"remapping");
			finding_detail(f, "CONFIG_IRQ_REMAP is off, so device "
				       "interrupts (MSI) are not isolated and "
				       "VFIO refuses to attach a group (\"No "
				       "interrupt remapping support\")%s",
				       unsafe ? "; allow_unsafe_interrupts is "
						"set, so it attaches anyway and a "
						"guest's device can forge host "
						"interrupts." : ".");
			ev_config(f, h, "CONFIG_IRQ_REMAP");
			finding_remedy(f, "Boot a kernel built with "
				       "CONFIG_IRQ_REMAP=y.");
		}
	}

	if (!built(config(h, "CONFIG_VFIO")) ||
	    !built(config(h, "CONFIG_VFIO_PCI"))) {
		f = finding_add(c->fs, "kconfig.vfio_not_built", LAYER_VFIO,
				VERDICT_FAIL, SEV_CRITICAL,
				"The kernel is built without vfio-pci");
		finding_detail(f, "CONFIG_VFIO and CONFIG_VFIO_PCI must be y "
			       "or m for a PCI device to be handed to a VM "
			       "through VFIO; this kernel lacks at least one.");
		ev_config(f, h, "CONFIG_VFIO");
		ev_config(f, h, "CONFIG_VFIO_PCI");
		finding_remedy(f, "Boot a kernel built with CONFIG_VFIO=m and "
			       "CONFIG_VFIO_PCI=m (or =y).");
	} else {
		f = finding_add(c->fs, "kconfig.vfio_built", LAYER_VFIO,
				VERDICT_PASS, SEV_INFO,
				"The kernel is built with VFIO and vfio-pci");
		finding_detail(f, "vfio and vfio-pci are %s.",
			       config(h, "CONFIG_VFIO_PCI") == KCONFIG_YES ?
			       "built into the kernel" :
			       "available (vfio-pci as a module)");
		ev_config(f, h, "CONFIG_VFIO");
		ev_config(f, h, "CONFIG_VFIO_PCI");
	}
}

static void disabled(struct ctx *c, const struct cmdline_param *p,
		     const char *why)
{
	struct finding *f;

	f = finding_add(c->fs, "cmdline.iommu.disabled", LAYER_KERNEL,
			VERDICT_FAIL, SEV_CRITICAL,
			"The kernel command line switches the IOMMU off (%s)",
			p->token);
	finding_detail(f, "%s  Without an IOMMU there are no IOMMU groups "
		       "and VFIO cannot assign any device.", why);
	ev_param(f, p);
	remedy_args(f, c->h, NULL, p->token);
}

static void judge_intel(struct ctx *c)
{
	const struct host *h = c->h;
	const char *def = "CONFIG_INTEL_IOMMU_DEFAULT_ON";
	enum kconfig_state dflt = config(h, def);
	struct finding *f;

	if (h->kconfig.loaded && !built(config(h, "CONFIG_INTEL_IOMMU")))
		return;     /* kconfig.iommu_not_built says it */
	if (c->s.intel_on == TRI_NO) {
		disabled(c, c->s.intel_decider,
			 "intel_iommu=off sets dmar_disabled (intel_iommu_setup"
			 "(), drivers/iommu/intel/iommu.c) and also stops the "
			 "firmware opt-in from forcing it on.  Each "
			 "intel_iommu= is applied in order, so the last on/off "
			 "wins.");
		return;
	}
	if (c->s.intel_on == TRI_YES) {
		f = finding_add(c->fs, "cmdline.iommu.intel_on", LAYER_KERNEL,
				VERDICT_PASS, SEV_INFO,
				"intel_iommu=on enables Intel VT-d");
		finding_detail(f, "The command line turns the Intel IOMMU "
			       "driver on (dmar_disabled = 0).");
		ev_param(f, c->s.intel_decider);
		ev_config(f, h, def);
		if (dflt == KCONFIG_YES) {
			f = finding_add(c->fs, "cmdline.intel_iommu_on_redundant",
					LAYER_KERNEL, VERDICT_INFO, SEV_INFO,
					"intel_iommu=on is not needed on this "
					"kernel");
			finding_detail(f, "This kernel is built with %s=y, so "
				       "the Intel IOMMU is on without any "
				       "argument.  The argument is harmless.",
				       def);
			ev_param(f, c->s.intel_decider);
			ev_config(f, h, def);
		}
		return;
	}
	if (dflt == KCONFIG_YES) {
		f = finding_add(c->fs, "cmdline.iommu.default_on", LAYER_KERNEL,
				VERDICT_PASS, SEV_INFO,
				"The kernel turns Intel VT-d on by default");
		finding_detail(f, "This kernel is built with %s=y and nothing "
			       "on the command line turns it off; no "
			       "intel_iommu=on is needed.", def);
		ev_config(f, h, def);
		finding_evidence(f, "proc/cmdline", "%s", h->cmdline.raw);
		return;
	}
	if (dflt == KCONFIG_UNKNOWN) {
		f = finding_add(c->fs, "cmdline.iommu.intel_default_unknown",
				LAYER_KERNEL, VERDICT_UNKNOWN, SEV_MEDIUM,
				"Unknown whether this kernel turns Intel VT-d "
				"on by default");
		finding_detail(f, "There is no intel_iommu=on on the command "
			       "line and the kernel build config could not be "
			       "read, so whether %s=y (on by default) is not "
			       "known.  Check with: grep %s /boot/config-$(uname "
			       "-r).  Adding intel_iommu=on is harmless either "
			       "way.", def, def);
		finding_evidence(f, "proc/cmdline", "%s", h->cmdline.raw);
		ev_config(f, h, def);
		remedy_args(f, h, "intel_iommu=on", NULL);
		return;
	}
	/* Off by default: the DMAR platform opt-in (or tboot) may still
	 * force it on (intel_iommu_init(), platform_optin_force_iommu()). */
	if (h->klog.iommu_initialised == TRI_YES) {
		f = finding_add(c->fs, "cmdline.iommu.intel_forced_on",
				LAYER_KERNEL, VERDICT_WARN, SEV_LOW,
				"Intel VT-d is on only because the firmware "
				"forces it");
		finding_detail(f, "This kernel is built with %s off and there "
			       "is no intel_iommu=on, yet the kernel log shows "
			       "the IOMMU initialised: the DMAR platform "
			       "opt-in (or tboot) forced it on.  Make it "
			       "explicit so it does not depend on that.", def);
	} else {
		f = finding_add(c->fs, "cmdline.iommu.intel_not_enabled",
				LAYER_KERNEL, VERDICT_FAIL, SEV_CRITICAL,
				"Intel VT-d is off: this kernel needs "
				"intel_iommu=on");
		finding_detail(f, "This kernel is built with %s off, so the "
			       "Intel IOMMU driver stays disabled "
			       "(dmar_disabled = 1) unless the command line "
			       "says intel_iommu=on.  Without it there are no "
			       "IOMMU groups and VFIO cannot assign devices.",
			       def);
	}
	finding_evidence(f, "proc/cmdline", "%s", h->cmdline.raw);
	ev_config(f, h, def);
	remedy_args(f, h, "intel_iommu=on", NULL);
}

static void judge_amd(struct ctx *c)
{
	const struct host *h = c->h;
	enum kconfig_state amd = config(h, "CONFIG_AMD_IOMMU");
	struct finding *f;

	if (h->kconfig.loaded && !built(amd))
		return;     /* kconfig.iommu_not_built says it */
	if (c->s.amd_off) {
		disabled(c, c->s.amd_off_param,
			 "amd_iommu=off sets amd_iommu_disabled "
			 "(parse_amd_iommu_options(), drivers/iommu/amd/"
			 "init.c): the AMD IOMMU driver does not start.");
		return;
	}
	if (built(amd)) {
		f = finding_add(c->fs, "cmdline.iommu.default_on", LAYER_KERNEL,
				VERDICT_PASS, SEV_INFO,
				"The kernel turns AMD-Vi on by default");
		finding_detail(f, "AMD-Vi is on whenever the firmware "
			       "publishes IVRS and the kernel is built with "
			       "CONFIG_AMD_IOMMU=y; no argument is needed and "
			       "nothing on the command line turns it off.");
		ev_config(f, h, "CONFIG_AMD_IOMMU");
	} else {
		f = finding_add(c->fs, "cmdline.iommu.amd_not_disabled",
				LAYER_KERNEL, VERDICT_INFO, SEV_INFO,
				"Nothing on the command line turns AMD-Vi off");
		finding_detail(f, "AMD-Vi is on by default whenever IVRS "
			       "exists and the kernel has CONFIG_AMD_IOMMU=y "
			       "(distribution kernels do); the build config "
			       "could not be read to confirm it.");
		ev_config(f, h, "CONFIG_AMD_IOMMU");
	}
	finding_evidence(f, "proc/cmdline", "%s", h->cmdline.raw);
}

static void judge_iommu_on(struct ctx *c)
{
	const struct host *h = c->h;
	struct finding *f;

	/* iommu=off sets no_iommu (iommu_setup(), arch/x86/kernel/
	 * pci-dma.c); detect_intel_iommu() and amd_iommu_detect() both
	 * give up on it, whatever the vendor. */
	if (c->s.iommu_off) {
		disabled(c, c->s.iommu_off_param,
			 "iommu=off sets no_iommu, and both the Intel and the "
			 "AMD IOMMU drivers skip detection when it is set.");
		return;
	}
	switch (c->vendor) {
	case IOMMU_VENDOR_INTEL:
		judge_intel(c);
		break;
	case IOMMU_VENDOR_AMD:
		judge_amd(c);
		break;
	case IOMMU_VENDOR_NONE:
		f = finding_add(c->fs, "cmdline.iommu.no_firmware_table",
				LAYER_KERNEL, VERDICT_SKIP, SEV_INFO,
				"No DMAR or IVRS table: the command line "
				"cannot enable an IOMMU");
		finding_detail(f, "The firmware publishes no IOMMU table, so "
			       "no kernel argument can turn an IOMMU on; the "
			       "firmware check reports what to change.");
		break;
	default: {
		const char *cpu = host_cpu_vendor_name(h);

		f = finding_add(c->fs, "cmdline.iommu.vendor_unknown",
				LAYER_KERNEL, VERDICT_UNKNOWN, SEV_MEDIUM,
				"Unknown whether the command line enables the "
				"IOMMU (firmware tables unreadable)");
		finding_detail(f, "The ACPI table list could not be read (%s), "
			       "so whether this is an Intel (DMAR) or AMD "
			       "(IVRS) IOMMU is not known.  The CPU is %s: %s",
			       fact_reason(&h->acpi.tables_src, h->live,
					   h->as_root), cpu,
			       !strcmp(cpu, "intel") ?
			       "on Intel, the IOMMU needs intel_iommu=on "
			       "unless the kernel has "
			       "CONFIG_INTEL_IOMMU_DEFAULT_ON=y." :
			       !strcmp(cpu, "amd") ?
			       "on AMD, AMD-Vi is on by default unless "
			       "amd_iommu=off is given." :
			       "see the firmware check.");
		finding_evidence(f, "proc/cmdline", "%s", h->cmdline.raw);
		if (!strcmp(cpu, "intel") && c->s.intel_on != TRI_YES &&
		    config(h, "CONFIG_INTEL_IOMMU_DEFAULT_ON") != KCONFIG_YES)
			remedy_args(f, h, "intel_iommu=on", NULL);
		else if (!strcmp(cpu, "amd") && c->s.amd_off)
			remedy_args(f, h, NULL, c->s.amd_off_param->token);
		break;
	}
	}
}

/* The token P rewritten without the options KNOWN rejects; "" if none
 * is left. */
static void token_known_only(const struct cmdline_param *p,
			     bool (*known)(const char *, size_t),
			     char *buf, size_t len)
{
	const char *pos = p->value, *opt;
	size_t used, n;
	bool any = false;

	used = (size_t)snprintf(buf, len, "%s=", p->name);
	while (used < len && cmdline_next_opt(&pos, &opt, &n)) {
		if (!known(opt, n))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%.*s",
					 any ? "," : "", (int)n, opt);
		any = true;
	}
	if (!any || used >= len)
		buf[0] = 0;
}

static bool intel_known(const char *opt, size_t len)
{
	return cmdline_intel_iommu_opt(opt, len) != INTEL_OPT_UNKNOWN;
}

static bool amd_known(const char *opt, size_t len)
{
	return cmdline_amd_iommu_opt(opt, len) != AMD_OPT_UNKNOWN;
}

static void lint_options(struct ctx *c, const struct cmdline_param *p,
			 bool intel)
{
	const char *pos = p->value, *opt;
	char fixed[512];
	size_t n;
	bool on = false, other = false;
	struct finding *f;

	while (cmdline_next_opt(&pos, &opt, &n)) {
		bool known = intel ? intel_known(opt, n) : amd_known(opt, n);

		if (known)
			continue;
		if (!intel && n == 2 && !memcmp(opt, "on", 2))
			on = true;
		else
			other = true;
	}
	if (!on && !other)
		return;
	token_known_only(p, intel ? intel_known : amd_known, fixed,
			 sizeof(fixed));
	if (on) {
		f = finding_add(c->fs, "cmdline.amd_iommu_on", LAYER_KERNEL,
				VERDICT_WARN, SEV_LOW,
				"amd_iommu=on is not an option");
		finding_detail(f, "The AMD IOMMU driver has no \"on\" option "
			       "(parse_amd_iommu_options(), drivers/iommu/amd/"
			       "init.c): it logs \"AMD-Vi: Unknown option - "
			       "'on'\" and ignores it.  AMD-Vi is on by default "
			       "whenever the firmware publishes IVRS.  It is "
			       "harmless; remove it so the advice is not "
			       "copied further.");
		ev_param(f, p);
		remedy_args(f, c->h, fixed[0] ? fixed : NULL, p->token);
	}
	if (other) {
		f = finding_add(c->fs, "cmdline.unknown_option", LAYER_KERNEL,
				VERDICT_WARN, SEV_LOW,
				"%s holds an option the kernel rejects",
				p->token);
		finding_detail(f, "%s compares each comma-separated option by "
			       "prefix and logs \"%s: Unknown option - '...'\" "
			       "for one it does not know, which then has no "
			       "effect.",
			       intel ? "intel_iommu_setup()"
				     : "parse_amd_iommu_options()",
			       intel ? "DMAR" : "AMD-Vi");
		ev_param(f, p);
		remedy_args(f, c->h, fixed[0] ? fixed : NULL, p->token);
	}
}

static void lint_tokens(struct ctx *c)
{
	const struct cmdline_facts *cl = &c->h->cmdline;
	struct finding *f;

	for (size_t i = 0; i < cl->nparams; i++) {
		const struct cmdline_param *p = &cl->params[i];
		bool intel = cmdline_param_is(p, "intel_iommu");
		bool amd = cmdline_param_is(p, "amd_iommu");

		if ((!intel && !amd) || !p->value)
			continue;
		if ((intel && c->vendor == IOMMU_VENDOR_AMD) ||
		    (amd && c->vendor == IOMMU_VENDOR_INTEL)) {
			f = finding_add(c->fs, "cmdline.wrong_vendor",
					LAYER_KERNEL, VERDICT_INFO, SEV_INFO,
					"%s has no effect on an %s host",
					p->token, intel ? "AMD" : "Intel");
			finding_detail(f, "The firmware describes an %s IOMMU; "
				       "%s configures the %s driver, which "
				       "does not run here.",
				       vendor_word(c->vendor), p->token,
				       intel ? "Intel" : "AMD");
			ev_param(f, p);
			remedy_args(f, c->h, NULL, p->token);
		}
		lint_options(c, p, intel);
	}
}

static void judge_passthrough(struct ctx *c)
{
	const struct host *h = c->h;
	const struct cmdline_param *p = c->s.passthrough_param;
	const struct cmdline_facts *cl = &h->cmdline;
	struct finding *f;

	for (size_t i = 0; i < cl->nparams; i++) {
		const char *pos = cl->params[i].value, *opt;
		size_t n;

		if (!cmdline_param_is(&cl->params[i], "iommu") || !pos)
			continue;
		while (cmdline_next_opt(&pos, &opt, &n)) {
			if (!(cmdline_iommu_opt(opt, n) & IOMMU_OPT_GART_SIZE))
				continue;
			f = finding_add(c->fs, "cmdline.iommu_gart_size",
					LAYER_KERNEL, VERDICT_INFO, SEV_LOW,
					"%s does not enable an IOMMU",
					cl->params[i].token);
			finding_detail(f, "A number in iommu= is the size of the "
				       "old AMD GART aperture "
				       "(gart_parse_options(), arch/x86/"
				       "kernel/amd_gart_64.c), not \"on\"; it "
				       "does nothing for VT-d or AMD-Vi.");
			ev_param(f, &cl->params[i]);
			remedy_args(f, h, NULL, cl->params[i].token);
			break;
		}
	}

	if (c->s.passthrough != TRI_YES) {
		if (c->s.passthrough == TRI_UNKNOWN &&
		    config(h, "CONFIG_IOMMU_DEFAULT_PASSTHROUGH") == KCONFIG_YES) {
			f = finding_add(c->fs, "kconfig.default_passthrough",
					LAYER_KERNEL, VERDICT_INFO, SEV_LOW,
					"Host devices use passthrough (identity) "
					"IOMMU domains by default");
			finding_detail(f, "This kernel is built with "
				       "CONFIG_IOMMU_DEFAULT_PASSTHROUGH=y, so "
				       "devices the host keeps are not "
				       "DMA-isolated (iommu_subsys_init()).  "
				       "VFIO is unaffected: it gives assigned "
				       "devices their own domain.");
			ev_config(f, h, "CONFIG_IOMMU_DEFAULT_PASSTHROUGH");
			remedy_args(f, h, "iommu.passthrough=0", NULL);
		}
		return;
	}
	if (c->vendor == IOMMU_VENDOR_INTEL && c->s.intel_on == TRI_UNKNOWN &&
	    !c->s.iommu_off &&
	    config(h, "CONFIG_INTEL_IOMMU_DEFAULT_ON") == KCONFIG_NOT_SET) {
		f = finding_add(c->fs, "cmdline.iommu_pt", LAYER_KERNEL,
				VERDICT_WARN, SEV_MEDIUM,
				"%s does not turn the IOMMU on", p->token);
		finding_detail(f, "%s only chooses the default domain type "
			       "(identity) for devices the host keeps; it "
			       "does not enable VT-d.  This kernel is built "
			       "with CONFIG_INTEL_IOMMU_DEFAULT_ON off, so "
			       "the IOMMU is still off: add intel_iommu=on.",
			       p->token);
		ev_param(f, p);
		ev_config(f, h, "CONFIG_INTEL_IOMMU_DEFAULT_ON");
		remedy_args(f, h, "intel_iommu=on", NULL);
		return;
	}
	f = finding_add(c->fs, "cmdline.iommu_pt", LAYER_KERNEL, VERDICT_INFO,
			SEV_LOW, "%s: host devices are not DMA-isolated",
			p->token);
	finding_detail(f, "%s does not enable or disable the IOMMU: it makes "
		       "devices the host keeps use identity (passthrough) "
		       "domains (iommu_set_default_passthrough(), "
		       "drivers/iommu/iommu.c).  VFIO still works, since it "
		       "installs its own domain for assigned devices, but host "
		       "devices lose DMA protection.  Remove it unless you "
		       "need the last bit of host I/O speed.", p->token);
	ev_param(f, p);
	remedy_args(f, h, NULL, p->token);
}

static void judge_interrupts(struct ctx *c)
{
	const struct host *h = c->h;
	bool unsafe = c->s.allow_unsafe_interrupts == TRI_YES;
	struct finding *f;

	if (c->s.intremap == TRI_NO) {
		f = finding_add(c->fs, "cmdline.intremap_off", LAYER_KERNEL,
				unsafe ? VERDICT_WARN : VERDICT_FAIL,
				unsafe ? SEV_HIGH : SEV_CRITICAL,
				"%s switches interrupt remapping off",
				c->s.intremap_param->token);
		finding_detail(f, "intremap=off sets disable_irq_remap "
			       "(setup_irqremap(), drivers/iommu/"
			       "irq_remapping.c).  Without interrupt "
			       "remapping MSI is not isolated, and VFIO "
			       "refuses to attach a device (\"No interrupt "
			       "remapping support\", kernel.md 4.3)%s",
			       unsafe ? "; allow_unsafe_interrupts is set, so "
					"it attaches anyway, unsafely." :
					" unless allow_unsafe_interrupts is set.");
		ev_param(f, c->s.intremap_param);
		remedy_args(f, h, NULL, c->s.intremap_param->token);
	}
	if (unsafe) {
		f = finding_add(c->fs, "cmdline.allow_unsafe_interrupts",
				LAYER_VFIO, VERDICT_WARN, SEV_MEDIUM,
				"VFIO accepts devices without interrupt "
				"isolation");
		finding_detail(f, "%s lets VFIO attach devices although MSI "
			       "is not isolated: an assigned device (driven "
			       "by the guest) can forge interrupts to the "
			       "host.  Needed only on hardware without "
			       "interrupt remapping.",
			       c->s.unsafe_param->token);
		ev_param(f, c->s.unsafe_param);
		remedy_args(f, h, NULL, c->s.unsafe_param->token);
	}
	if (c->s.noiommu_mode == TRI_YES) {
		f = finding_add(c->fs, "cmdline.noiommu_mode", LAYER_VFIO,
				VERDICT_WARN, SEV_HIGH,
				"VFIO no-IOMMU mode is enabled");
		finding_detail(f, "%s lets VFIO hand out devices with no IOMMU "
			       "behind them (/dev/vfio/noiommu-N, "
			       "CONFIG_VFIO_NOIOMMU): the user of such a device "
			       "can DMA anywhere in host memory.  It is for "
			       "DPDK-style drivers on hosts without an IOMMU, "
			       "not for VMs.", c->s.noiommu_param->token);
		ev_param(f, c->s.noiommu_param);
		remedy_args(f, h, NULL, c->s.noiommu_param->token);
	}
}

static void judge_vfio_ids(struct ctx *c)
{
	const struct host *h = c->h;
	const struct cmdline_param *p = c->s.vfio_ids;
	const char *pos, *opt;
	char good[1024] = "", bad[1024] = "";
	size_t n, gl = 0, bl = 0, count = 0;
	bool repeated = false;
	struct finding *f;

	if (!p)
		return;
	for (size_t i = 0; i < h->cmdline.nparams; i++)
		if (&h->cmdline.params[i] != p &&
		    cmdline_param_is(&h->cmdline.params[i], "vfio_pci.ids"))
			repeated = true;
	pos = p->value ? p->value : "";
	while (cmdline_next_opt(&pos, &opt, &n)) {
		bool ok = cmdline_vfio_id_valid(opt, n);
		char *buf = ok ? good : bad;
		size_t *used = ok ? &gl : &bl;

		if (*used < sizeof(good))
			*used += (size_t)snprintf(buf + *used,
						  sizeof(good) - *used, "%s%.*s",
						  *used ? " " : "", (int)n, opt);
		count += ok;
	}
	f = finding_add(c->fs, "cmdline.vfio_pci_ids", LAYER_VFIO,
			VERDICT_INFO, SEV_INFO,
			"vfio-pci claims %zu device ID%s from the command line",
			count, count == 1 ? "" : "s");
	finding_detail(f, "IDs: %s.  vfio-pci adds each as a dynamic ID when "
		       "it loads (vfio_pci_fill_ids()).%s%s",
		       good[0] ? good : "none",
		       config(h, "CONFIG_VFIO_PCI") == KCONFIG_MODULE ?
		       "  vfio-pci is a module here (CONFIG_VFIO_PCI=m), so "
		       "this takes effect only if it loads before the "
		       "device's own driver: put it in the initramfs or add "
		       "\"softdep <driver> pre: vfio-pci\" to a modprobe.d "
		       "file." : "",
		       repeated ? "  vfio-pci.ids is given more than once; "
		       "a module string parameter is overwritten, so only "
		       "this last one counts." : "");
	ev_param(f, p);
	if (config(h, "CONFIG_VFIO_PCI") != KCONFIG_UNKNOWN)
		ev_config(f, h, "CONFIG_VFIO_PCI");
	if (bad[0]) {
		f = finding_add(c->fs, "cmdline.vfio_pci_ids.malformed",
				LAYER_VFIO, VERDICT_WARN, SEV_MEDIUM,
				"vfio-pci.ids has entries that are not device "
				"IDs: %s", bad);
		finding_detail(f, "Each entry must be vendor:device[:subvendor"
			       "[:subdevice[:class[:class_mask]]]] in hex, "
			       "e.g. 10de:1b80.  vfio-pci warns \"invalid id "
			       "string\" and skips an entry it cannot read, "
			       "so that device stays with its own driver.");
		ev_param(f, p);
	}
}

static void judge_acs(struct ctx *c)
{
	const struct host *h = c->h;
	const struct cmdline_facts *cl = &h->cmdline;
	struct finding *f;

	if (c->s.acs_override) {
		const struct cmdline_param *p = c->s.acs_override;
		bool ignored = host_acs_override_ignored(h);
		char bad[256] = "";
		size_t bl = 0;

		for (size_t i = 0; i < cl->nparams; i++) {
			const char *pos = cl->params[i].value, *opt;
			size_t n;

			if (!cmdline_param_is(&cl->params[i],
					      "pcie_acs_override") || !pos)
				continue;
			while (cmdline_next_opt(&pos, &opt, &n))
				if (!cmdline_acs_override_opt_valid(opt, n) &&
				    bl < sizeof(bad))
					bl += (size_t)snprintf(bad + bl,
						sizeof(bad) - bl, "%s%.*s",
						bl ? " " : "", (int)n, opt);
		}
		if (ignored) {
			f = finding_add(c->fs, "cmdline.acs_override",
					LAYER_GROUPS, VERDICT_INFO, SEV_LOW,
					"pcie_acs_override is ignored by this "
					"kernel");
			finding_detail(f, "The kernel log reaches back to boot "
				       "and has no \"PCIe ACS overrides "
				       "enabled\" warning: this kernel lacks "
				       "the out-of-tree ACS override patch, so "
				       "%s is passed to init and the IOMMU "
				       "groups are the real ones.%s%s",
				       p->token, bad[0] ? "  Options the patch "
				       "would reject anyway: " : "", bad);
		} else {
			f = finding_add(c->fs, "cmdline.acs_override",
					LAYER_GROUPS, VERDICT_WARN, SEV_MEDIUM,
					"pcie_acs_override makes IOMMU groups "
					"smaller than the real isolation");
			finding_detail(f, "%s tells the kernel that PCIe ports "
				       "or functions isolate peer-to-peer "
				       "traffic when the hardware may not: "
				       "a device given to a guest could reach "
				       "other devices' memory without passing "
				       "the IOMMU, and the groups no longer "
				       "show the real isolation.  Acceptable "
				       "only on a single-user machine with "
				       "trusted guests.%s%s", p->token,
				       bad[0] ? "  Options the patch rejects: "
					      : "", bad);
		}
		ev_param(f, p);
		remedy_args(f, h, NULL, p->token);
	}

	for (size_t i = 0; i < cl->nparams; i++) {
		const struct cmdline_param *p = &cl->params[i];
		const char *pos = p->value, *opt;
		size_t n;

		if (!cmdline_param_is(p, "pci") || !pos)
			continue;
		while (cmdline_next_opt(&pos, &opt, &n)) {
			bool redir = n >= 18 &&
				     !memcmp(opt, "disable_acs_redir=", 18);
			bool cfg = n >= 11 && !memcmp(opt, "config_acs=", 11);
			/* pci_setup(), drivers/pci/pci.c: disable_acs_redir
			 * arrived in 5.1, config_acs around 6.11. */
			unsigned int since = redir ? 501 : 611;
			bool old = c->have_version &&
				   c->major * 100 + c->minor < since;

			if (!redir && !cfg)
				continue;
			f = finding_add(c->fs, redir ? "cmdline.disable_acs_redir"
						     : "cmdline.config_acs",
					LAYER_GROUPS, VERDICT_INFO, SEV_INFO,
					"pci=%.*s changes ACS on listed devices",
					(int)n, opt);
			finding_detail(f, "%s%s", redir ?
				       "disable_acs_redir clears the ACS "
				       "Request/Completion Redirect and Egress "
				       "Control bits on the listed devices, "
				       "which helps peer-to-peer DMA but can "
				       "merge their IOMMU groups." :
				       "config_acs sets the ACS control bits of "
				       "the listed devices as the mask says, "
				       "which changes how the kernel groups "
				       "them.", old ? "  This kernel predates "
				       "the option, so pci_setup() logs \"PCI: "
				       "Unknown option\" and ignores it." : "");
			ev_param(f, p);
		}
	}
}

static int run(const struct host *h, struct findings *fs)
{
	struct ctx c = { .h = h, .fs = fs, .vendor = host_iommu_vendor(h) };
	struct finding *f;

	cmdline_summarise(&h->cmdline, &c.s);
	c.have_version = fact_known(&h->kernel_release_src) &&
			 kernel_version_parse(h->kernel_release, &c.major,
					      &c.minor);
	if (!fact_known(&h->cmdline.src)) {
		f = finding_add(fs, "cmdline.unreadable", LAYER_KERNEL,
				VERDICT_UNKNOWN, SEV_MEDIUM,
				"The kernel command line could not be read");
		finding_detail(f, "proc/cmdline: %s.  Whether the command line "
			       "enables or disables the IOMMU is not known.",
			       fact_reason(&h->cmdline.src, h->live,
					   h->as_root));
		finding_evidence(f, "proc/cmdline", "%s",
				 fact_reason(&h->cmdline.src, h->live,
					     h->as_root));
		judge_kconfig(&c);
		return 0;
	}
	judge_iommu_on(&c);
	lint_tokens(&c);
	judge_passthrough(&c);
	judge_interrupts(&c);
	judge_vfio_ids(&c);
	judge_acs(&c);
	judge_kconfig(&c);
	return 0;
}

const struct check check_cmdline = {
	.id = "cmdline",
	.title = "Kernel command line and build config",
	.run = run,
};
