/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kvm check: /dev/kvm and the module behind it, judged on their own.
 * It is never gated on the CPU flags (kvm-ok and virt-host-validate stop at
 * a missing vmx/svm flag and so miss a working paravirtual KVM such as
 * kvm_pvm); the CPU facts only choose the remedy when the node is missing.
 */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "../probe/probe.h"

#define ADD(fs, code, v, sev, ...) \
	finding_add(fs, code, LAYER_CPU, v, sev, __VA_ARGS__)

static bool provided(enum module_state s)
{
	return s == MODULE_LOADED || s == MODULE_BUILTIN;
}

/* The module that drives this CPU's extension: kvm_amd for AMD and Hygon
 * (arch/x86/kvm/svm/svm.c), kvm_intel otherwise. */
static enum kvm_module vendor_module(const struct host *h)
{
	const struct cpu_facts *c = &h->cpu;

	if (c->vendor == CPU_VENDOR_AMD || c->vendor == CPU_VENDOR_HYGON ||
	    c->svm || c->info.flag_svm)
		return KVM_MOD_AMD;
	return KVM_MOD_INTEL;
}

static void evidence_module(struct finding *f, const struct host *h,
			    enum kvm_module m)
{
	enum module_state s = h->kvm.modules[m];
	char path[64];

	if (s == MODULE_BUILTIN) {
		snprintf(path, sizeof(path), "sys/module/%s",
			 kvm_module_name(m));
		finding_evidence(f, path, "built in");
	} else {
		finding_evidence(f, "proc/modules", "%s: %s",
				 kvm_module_name(m),
				 s == MODULE_LOADED ? "loaded" :
				 s == MODULE_ABSENT ? "not loaded, not built in" :
				 "unknown");
	}
}

static void device_missing(const struct host *h, struct findings *fs)
{
	const struct cpu_facts *c = &h->cpu;
	enum kvm_module vm = vendor_module(h);
	const char *mod = kvm_module_name(vm);
	struct finding *f;

	f = ADD(fs, "kvm.device.missing", VERDICT_FAIL, SEV_CRITICAL,
		"/dev/kvm does not exist");
	finding_evidence(f, "dev/kvm", "%s",
			 h->kvm.dev_src.err ?
			 fact_reason(&h->kvm.dev_src, h->live, h->as_root) :
			 "not a character device");
	evidence_module(f, h, KVM_MOD_KVM);
	evidence_module(f, h, vm);
	if (c->klog_no_support.found)
		finding_evidence(f, "kernel log", "line %lu: %s",
				 c->klog_no_support.lineno,
				 c->klog_no_support.line);

	if (cpu_virt_disabled_by_firmware(c) == TRI_YES) {
		finding_detail(f, "Without /dev/kvm no VM can use KVM. The "
			       "cause is the firmware: VT-x/AMD-V is switched "
			       "off, so %s refuses to load.", mod);
		finding_remedy(f, "Enable virtualization in the firmware "
			       "setup as cpu.virt.disabled_by_firmware says; "
			       "%s then loads and creates /dev/kvm.", mod);
	} else if (cpu_virt_capable(c) == TRI_NO) {
		finding_detail(f, "Without /dev/kvm no VM can use KVM. The CPU "
			       "%s VT-x/AMD-V, so neither kvm_intel nor kvm_amd "
			       "can load.",
			       cpu_under_hypervisor(c) == TRI_YES ?
			       "of this VM is not given" : "has no");
		finding_remedy(f, "%s",
			       cpu_under_hypervisor(c) == TRI_YES ?
			       "Enable nested virtualization on the host that "
			       "runs this VM, as cpu.virt.not_exposed says." :
			       "None on this machine: KVM needs a processor "
			       "with VT-x or AMD-V.");
	} else if (!provided(h->kvm.modules[vm]) &&
		   !provided(h->kvm.modules[KVM_MOD_PVM])) {
		finding_detail(f, "Without /dev/kvm no VM can use KVM. The "
			       "module that provides it for this CPU, %s, is "
			       "not loaded.", mod);
		finding_remedy(f, "sudo modprobe %s\n"
			       "To load it at every boot: echo %s | sudo tee "
			       "/etc/modules-load.d/kvm.conf\n"
			       "If modprobe fails, read the kernel log "
			       "(sudo dmesg | grep -i -e kvm -e vmx -e svm): "
			       "\"disabled by BIOS\" means the firmware "
			       "setting is off.", mod, mod);
	} else {
		finding_detail(f, "Without /dev/kvm no VM can use KVM. The "
			       "KVM module is there, but the device node is "
			       "not: devtmpfs creates it as misc device 10:232 "
			       "(virt/kvm/kvm_main.c, KVM_MINOR), so it is "
			       "usually missing only inside a container or a "
			       "chroot.");
		finding_remedy(f, "In a container, pass the device in "
			       "(docker/podman: --device /dev/kvm). Otherwise "
			       "create it: sudo mknod /dev/kvm c 10 232 && "
			       "sudo chgrp kvm /dev/kvm && sudo chmod 0660 "
			       "/dev/kvm");
	}
}

static void device_access(const struct host *h, struct findings *fs)
{
	const struct kvm_facts *k = &h->kvm;
	struct finding *f;
	char group[80];

	if (k->group[0])
		snprintf(group, sizeof(group), "%s", k->group);
	else
		snprintf(group, sizeof(group), "%lu", (unsigned long)k->gid);

	switch (k->usable_by_reader) {
	case TRI_YES:
		f = ADD(fs, "kvm.device.access", VERDICT_PASS, SEV_INFO,
			"/dev/kvm can be opened read-write");
		finding_detail(f, "%s", h->as_root_known && h->as_root ?
			       "The reader runs as root." :
			       "The reader's user or groups have read-write "
			       "permission on /dev/kvm.");
		break;
	case TRI_NO:
		f = ADD(fs, "kvm.device.access", VERDICT_WARN, SEV_MEDIUM,
			"This user cannot open /dev/kvm");
		finding_detail(f, "By its permission bits, /dev/kvm cannot be "
			       "opened read-write by this user, so VMs started "
			       "as this user (qemu:///session, GNOME Boxes) fall "
			       "back to slow emulation or fail. (A POSIX ACL, as "
			       "logind sets for the seat user, can still grant "
			       "access: getfacl /dev/kvm shows it.)");
		if (k->mode_known && (k->mode & (S_IRGRP | S_IWGRP)) ==
				     (S_IRGRP | S_IWGRP) && k->gid != 0)
			finding_remedy(f, "sudo usermod -aG %s $USER\n"
				       "then log out and in again.", group);
		else
			finding_remedy(f, "Let the kvm group use it: echo "
				       "'KERNEL==\"kvm\", GROUP=\"kvm\", "
				       "MODE=\"0660\"' | sudo tee "
				       "/etc/udev/rules.d/65-kvm.rules && "
				       "sudo udevadm trigger --name-match=kvm\n"
				       "sudo usermod -aG kvm $USER\n"
				       "then log out and in again.");
		break;
	default:
		f = ADD(fs, "kvm.device.access", VERDICT_UNKNOWN, SEV_INFO,
			"Whether this user can open /dev/kvm is unknown");
		finding_detail(f, "The snapshot does not record the node's "
			       "permissions and was not captured as root.");
		break;
	}
	if (k->mode_known)
		finding_evidence(f, "dev/kvm", "mode %04o, owner %lu, group %s",
				 (unsigned int)k->mode, (unsigned long)k->uid,
				 group);
}

static void device(const struct host *h, struct findings *fs)
{
	const struct kvm_facts *k = &h->kvm;
	struct finding *f;

	if (k->dev_src.err && k->dev_src.err != -ENOENT) {
		f = ADD(fs, "kvm.device.unknown", VERDICT_UNKNOWN, SEV_INFO,
			"Whether /dev/kvm exists is unknown");
		finding_detail(f, "dev/kvm: %s.",
			       fact_reason(&k->dev_src, h->live, h->as_root));
		return;
	}
	if (k->dev_src.err || (!k->dev_char && !k->dev_placeholder)) {
		device_missing(h, fs);
		return;
	}
	f = ADD(fs, "kvm.device.present", VERDICT_PASS, SEV_INFO,
		"/dev/kvm exists");
	finding_detail(f, "The KVM device node is there, so the kernel can "
		       "run hardware-assisted (or paravirtual) guests, the "
		       "VMs a device is passed through to.");
	finding_evidence(f, "dev/kvm", "%s",
			 k->dev_char ? "character device" :
			 "present (snapshot placeholder)");
	device_access(h, fs);
}

static void module(const struct host *h, struct findings *fs)
{
	static const enum kvm_module providers[] = {
		KVM_MOD_INTEL, KVM_MOD_AMD, KVM_MOD_PVM,
	};
	const struct kvm_facts *k = &h->kvm;
	struct finding *f = NULL;
	char list[160] = "";
	size_t n = 0;

	for (size_t i = 0; i < sizeof(providers) / sizeof(*providers); i++) {
		enum kvm_module m = providers[i];

		if (!provided(k->modules[m]))
			continue;
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s (%s)",
				      n ? ", " : "", kvm_module_name(m),
				      k->modules[m] == MODULE_LOADED ?
				      "loaded" : "built in");
		if (n >= sizeof(list))
			n = sizeof(list) - 1;
	}
	if (n)
		f = ADD(fs, "kvm.module", VERDICT_INFO, SEV_INFO,
			"KVM is provided by %s", list);
	else if (provided(k->modules[KVM_MOD_KVM]))
		f = ADD(fs, "kvm.module", VERDICT_INFO, SEV_INFO,
			"Only the KVM core (kvm) is present, no vendor module");
	if (!f)
		return;
	finding_detail(f, "kvm_intel drives VT-x, kvm_amd drives AMD-V and "
		       "kvm_pvm runs guests paravirtually without either.");
	for (int m = 0; m < KVM_MOD_COUNT; m++)
		if (provided(k->modules[m]))
			evidence_module(f, h, m);
}

static void nested(const struct host *h, struct findings *fs)
{
	static const enum kvm_param_id ids[] = {
		KVM_PARAM_INTEL_NESTED, KVM_PARAM_AMD_NESTED,
	};

	for (size_t i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
		const struct kvm_param *p = &h->kvm.params[ids[i]];
		struct finding *f;

		if (!fact_known(&p->src))
			continue;
		f = ADD(fs, "kvm.nested", VERDICT_INFO, SEV_INFO,
			"Nested virtualization in %s is %s",
			kvm_param_module(ids[i]),
			kvm_param_on(p) ? "on" : "off");
		finding_detail(f, "With nested on, guests of this host can "
			       "run KVM themselves (needed only to pass a "
			       "device on from inside a guest).");
		finding_evidence(f, p->src.path, "%s", p->value);
	}
}

static void ignore_msrs(const struct host *h, struct findings *fs)
{
	const struct kvm_param *p = &h->kvm.params[KVM_PARAM_KVM_IGNORE_MSRS];
	struct finding *f;

	if (!kvm_param_on(p))
		return;
	f = ADD(fs, "kvm.ignore_msrs", VERDICT_INFO, SEV_INFO,
		"kvm.ignore_msrs is set");
	finding_detail(f, "Guest accesses to model-specific registers KVM "
		       "does not emulate are ignored (reads return 0) instead "
		       "of raising #GP (arch/x86/kvm/x86.c). Windows guests "
		       "and some GPU drivers need it; it is not a VFIO "
		       "requirement. kvm.report_ignored_msrs=0 quiets the log.");
	finding_evidence(f, p->src.path, "%s", p->value);
}

static int run(const struct host *h, struct findings *fs)
{
	device(h, fs);
	module(h, fs);
	nested(h, fs);
	ignore_msrs(h, fs);
	return 0;
}

const struct check check_kvm = {
	.id = "kvm",
	.title = "KVM device and modules",
	.run = run,
};
