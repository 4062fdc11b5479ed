/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cpu check: can this CPU run KVM guests at all (VT-x / AMD-V), is it
 * switched on, and is this machine itself a VM.  CPUID says what the
 * silicon has; the kernel's cpuinfo flag says whether it is usable (the
 * kernel clears it when firmware locked it off: feat_ctl.c
 * init_ia32_feat_ctl(), amd.c init_amd()).
 */
#include "check.h"

#include <string.h>

#include "../probe/probe.h"

/* Every finding here belongs to the cpu layer. */
#define ADD(fs, code, v, sev, ...) \
	finding_add(fs, code, LAYER_CPU, v, sev, __VA_ARGS__)

static bool amd_like(const struct host *h)
{
	const struct cpu_facts *c = &h->cpu;

	if (c->vendor == CPU_VENDOR_AMD || c->vendor == CPU_VENDOR_HYGON)
		return true;
	if (c->vendor == CPU_VENDOR_UNKNOWN || c->vendor == CPU_VENDOR_OTHER)
		return c->svm || c->info.flag_svm;
	return false;
}

static void evidence_cpuid(struct finding *f, const struct host *h)
{
	const struct cpu_facts *c = &h->cpu;

	if (!fact_known(&c->cpuid_src))
		return;
	if (c->leaf1_valid)
		finding_evidence(f, "cpuid",
				 "leaf 0x1 ECX=0x%08x: bit 5 (VMX) %s, "
				 "bit 31 (hypervisor) %s", c->leaf1_ecx,
				 c->vmx ? "set" : "clear",
				 c->hypervisor_bit ? "set" : "clear");
	if (c->ext1_valid)
		finding_evidence(f, "cpuid",
				 "leaf 0x80000001 ECX=0x%08x: bit 2 (SVM) %s",
				 c->ext1_ecx, c->svm ? "set" : "clear");
	finding_evidence(f, "cpuid", "vendor \"%s\", brand \"%s\"",
			 c->vendor_string, c->brand);
}

static void evidence_cpuinfo(struct finding *f, const struct host *h)
{
	const struct cpuinfo_facts *i = &h->cpu.info;

	if (cpu_virt_flag(&h->cpu) == TRI_UNKNOWN)
		return;
	if (i->flag_vmx || i->flag_svm)
		finding_evidence(f, "proc/cpuinfo", "flags: ... %s ...",
				 i->flag_vmx ? "vmx" : "svm");
	else
		finding_evidence(f, "proc/cpuinfo",
				 "flags: neither \"vmx\" nor \"svm\"%s",
				 i->flag_hypervisor ? " (\"hypervisor\" present)"
						    : "");
	if (i->has_vmx_flags)
		finding_evidence(f, "proc/cpuinfo", "vmx flags: %s",
				 i->vmx_flags);
}

static void evidence_klog(struct finding *f, const struct cpu_klog_hit *k)
{
	if (k->found)
		finding_evidence(f, "kernel log", "line %lu: %s", k->lineno,
				 k->line);
}

static void remedy_firmware(struct finding *f, const struct host *h)
{
	if (amd_like(h))
		finding_remedy(f,
			"Enter the firmware setup (UEFI/BIOS) and set \"SVM Mode\" "
			"(also labelled \"SVM\", \"AMD-V\" or \"Secure Virtual "
			"Machine\"; usually under Advanced > CPU Configuration, "
			"or on Gigabyte/MSI boards under the overclocking CPU "
			"settings) to Enabled. Save, then power the machine off "
			"and on again.");
	else
		finding_remedy(f,
			"Enter the firmware setup (UEFI/BIOS) and set \"Intel "
			"Virtualization Technology\" (also labelled \"Intel VT-x\", "
			"\"VT-x\" or \"Virtualization Technology\"; usually under "
			"Advanced > CPU Configuration) to Enabled. Save, then "
			"shut the machine down completely and power it on again: "
			"IA32_FEATURE_CONTROL is locked until the next power "
			"cycle, so a warm reboot may keep VMX off. If \"Intel "
			"TXT\" (Trusted Execution Technology) is enabled, the "
			"firmware may allow VMX only inside a measured launch: "
			"disable TXT, or boot through tboot.");
}

static void virt_supported(const struct host *h, struct findings *fs)
{
	bool amd = h->cpu.info.flag_svm && !h->cpu.info.flag_vmx;
	struct finding *f = ADD(fs, "cpu.virt.supported", VERDICT_PASS,
				SEV_INFO, "%s is available and enabled",
				amd ? "AMD-V (SVM)" : "Intel VT-x (VMX)");

	finding_detail(f, "The CPU has hardware virtualization and the "
		       "kernel shows its \"%s\" flag, so firmware left it "
		       "switched on and KVM can use it.",
		       amd ? "svm" : "vmx");
	evidence_cpuid(f, h);
	evidence_cpuinfo(f, h);
}

static void virt_disabled(const struct host *h, struct findings *fs)
{
	const struct cpu_facts *c = &h->cpu;
	bool amd = amd_like(h);
	struct finding *f = ADD(fs, "cpu.virt.disabled_by_firmware",
				VERDICT_FAIL, SEV_CRITICAL,
				"%s is switched off in the firmware",
				amd ? "AMD-V (SVM)" : "Intel VT-x (VMX)");

	finding_detail(f, "%s KVM cannot start a guest until it is enabled, "
		       "so no device can be passed through. (A kernel booted "
		       "with clearcpuid=%s, or built without %s, also hides "
		       "the flag; check that first if the firmware setting is "
		       "already on.)",
		       c->klog_fw_disabled.found ?
		       "The kernel logged that the firmware disabled it." :
		       amd ? "CPUID reports SVM, but the kernel removed the "
			     "\"svm\" flag: the firmware set SVMDIS in "
			     "MSR_VM_CR." :
			     "CPUID reports VMX, but the kernel removed the "
			     "\"vmx\" flag: the firmware locked "
			     "IA32_FEATURE_CONTROL with VMX off.",
		       amd ? "svm" : "vmx",
		       amd ? "CONFIG_KVM_AMD" : "CONFIG_KVM_INTEL");
	evidence_cpuid(f, h);
	evidence_cpuinfo(f, h);
	evidence_klog(f, &c->klog_fw_disabled);
	remedy_firmware(f, h);
}

static void virt_absent(const struct host *h, struct findings *fs)
{
	struct finding *f = ADD(fs, "cpu.virt.absent", VERDICT_FAIL,
				SEV_CRITICAL,
				"The CPU has no hardware virtualization "
				"(VT-x / AMD-V)");

	finding_detail(f, "CPUID leaf 0x1 ECX bit 5 (VMX) and leaf "
		       "0x80000001 ECX bit 2 (SVM) are both clear and this is "
		       "not a virtual machine: KVM cannot run guests on this "
		       "processor, so there is nothing to pass a device to.");
	evidence_cpuid(f, h);
	evidence_cpuinfo(f, h);
	finding_remedy(f, "No setting can add it: device passthrough needs "
		       "a processor with Intel VT-x or AMD-V.");
}

static void virt_unavailable(const struct host *h, struct findings *fs)
{
	struct finding *f = ADD(fs, "cpu.virt.unavailable", VERDICT_FAIL,
				SEV_CRITICAL,
				"The kernel shows no VT-x / AMD-V");

	finding_detail(f, "/proc/cpuinfo has neither the \"vmx\" nor the "
		       "\"svm\" flag, so KVM cannot use hardware "
		       "virtualization. CPUID could not be read (%s), so it "
		       "cannot be told whether the CPU lacks it or the "
		       "firmware switched it off.",
		       fact_reason(&h->cpu.cpuid_src, h->live, h->as_root));
	evidence_cpuinfo(f, h);
	remedy_firmware(f, h);
}

static bool paravirt_kvm(const struct host *h)
{
	enum module_state s = h->kvm.modules[KVM_MOD_PVM];

	return fact_known(&h->kvm.dev_src) &&
	       (s == MODULE_LOADED || s == MODULE_BUILTIN);
}

static const char *hv_name(const struct host *h)
{
	const struct cpu_facts *c = &h->cpu;
	const char *n = NULL;

	if (fact_known(&c->hv_src))
		n = cpu_hypervisor_name(c->hv_signature);
	return n;
}

static void remedy_nested(struct finding *f, const struct host *h)
{
	const char *n = hv_name(h);
	const char *mod = amd_like(h) ? "kvm_amd" : "kvm_intel";

	if (n && !strcmp(n, "VMware"))
		finding_remedy(f, "On the VMware host, power the VM off, then "
			       "tick \"Expose hardware assisted virtualization "
			       "to the guest OS\" in its CPU settings "
			       "(vhv.enable = \"TRUE\" in the .vmx file).");
	else if (n && !strcmp(n, "Microsoft Hyper-V"))
		finding_remedy(f, "On the Hyper-V host, with the VM off, run "
			       "in PowerShell: Set-VMProcessor -VMName <vm> "
			       "-ExposeVirtualizationExtensions $true");
	else if (n && !strcmp(n, "VirtualBox"))
		finding_remedy(f, "On the VirtualBox host, with the VM off: "
			       "VBoxManage modifyvm <vm> --nested-hw-virt on");
	else
		finding_remedy(f, "On the KVM host that runs this VM: enable "
			       "nested virtualization (echo \"options %s "
			       "nested=1\" | sudo tee /etc/modprobe.d/"
			       "kvm-nested.conf, then reload %s with no VM "
			       "running), and give this VM the host CPU model "
			       "(QEMU: -cpu host; libvirt: <cpu "
			       "mode='host-passthrough'/>).", mod, mod);
}

static void virt_not_exposed(const struct host *h, struct findings *fs)
{
	struct finding *f;

	if (paravirt_kvm(h)) {
		f = ADD(fs, "cpu.virt.not_exposed", VERDICT_WARN, SEV_MEDIUM,
			"KVM works here without hardware extensions "
			"(paravirtual)");
		finding_detail(f, "This VM's CPU has no VMX/SVM, but /dev/kvm "
			       "exists and kvm_pvm provides it: PVM runs "
			       "guests with paravirtual, software-assisted "
			       "isolation instead of VT-x/AMD-V. Guests start, "
			       "but nested passthrough of real devices still "
			       "needs a virtual IOMMU from the outer "
			       "hypervisor (see cpu.hypervisor).");
		finding_evidence(f, "dev/kvm", "present");
		finding_evidence(f, "sys/module/kvm_pvm", "%s",
				 module_state_name(
					 h->kvm.modules[KVM_MOD_PVM]));
	} else {
		f = ADD(fs, "cpu.virt.not_exposed", VERDICT_FAIL,
			SEV_CRITICAL,
			"The hypervisor does not give this VM VT-x / AMD-V");
		finding_detail(f, "This is a virtual machine and its virtual "
			       "CPU has neither VMX nor SVM, so KVM cannot run "
			       "guests inside it. Nested virtualization must "
			       "be enabled on the host.");
		remedy_nested(f, h);
	}
	evidence_cpuid(f, h);
	evidence_cpuinfo(f, h);
}

static void hypervisor(const struct host *h, struct findings *fs)
{
	const struct cpu_facts *c = &h->cpu;
	const char *n = hv_name(h);
	struct finding *f;

	if (n)
		f = ADD(fs, "cpu.hypervisor", VERDICT_WARN, SEV_MEDIUM,
			"Running inside a virtual machine (%s)", n);
	else
		f = ADD(fs, "cpu.hypervisor", VERDICT_WARN, SEV_MEDIUM,
			"Running inside a virtual machine");
	finding_detail(f, "The CPU reports a hypervisor, so this system is "
		       "itself a guest and its PCI devices are the "
		       "hypervisor's virtual or assigned ones. Passing a "
		       "device through from inside a VM to a nested VM needs "
		       "the hypervisor to give this VM a virtual IOMMU, and "
		       "nested virtualization for KVM.");
	if (fact_known(&c->cpuid_src) && c->leaf1_valid)
		finding_evidence(f, "cpuid",
				 "leaf 0x1 ECX=0x%08x: bit 31 (hypervisor) set",
				 c->leaf1_ecx);
	else
		finding_evidence(f, "proc/cpuinfo", "flags: ... hypervisor ...");
	if (fact_known(&c->hv_src))
		finding_evidence(f, "cpuid",
				 "leaf 0x40000000 EBX ECX EDX = \"%.12s\" "
				 "(%08x %08x %08x)", c->hv_signature,
				 c->hv_leaf[1], c->hv_leaf[2], c->hv_leaf[3]);
	finding_remedy(f, "On the host that runs this VM, with QEMU q35: "
		       "-machine q35,kernel-irqchip=split -device "
		       "intel-iommu,intremap=on,caching-mode=on (Intel) or "
		       "-device amd-iommu (AMD); with libvirt: <iommu "
		       "model='intel'><driver intremap='on' "
		       "caching_mode='on'/></iommu>. For KVM inside the VM "
		       "also enable nested virtualization (kvm_intel "
		       "nested=1 / kvm_amd nested=1) and use -cpu host.");
}

static void unknown_facts(const struct host *h, struct findings *fs)
{
	const struct cpu_facts *c = &h->cpu;
	struct finding *f;

	if (!fact_known(&c->cpuid_src)) {
		f = ADD(fs, "cpu.cpuid_unknown", VERDICT_UNKNOWN, SEV_INFO,
			"CPUID could not be read");
		finding_detail(f, "%s: %s. Without it the CPU's own "
			       "capability cannot be told from what the "
			       "kernel enabled.", c->cpuid_src.path,
			       fact_reason(&c->cpuid_src, h->live,
					   h->as_root));
	}
	if (cpu_virt_flag(c) == TRI_UNKNOWN) {
		f = ADD(fs, "cpu.cpuinfo_unreadable", VERDICT_UNKNOWN,
			SEV_INFO, "/proc/cpuinfo could not be read");
		finding_detail(f, "proc/cpuinfo: %s. The kernel's view of "
			       "VT-x / AMD-V is unknown.",
			       fact_known(&c->cpuinfo_src) ?
			       "it has no \"flags\" line" :
			       fact_reason(&c->cpuinfo_src, h->live,
					   h->as_root));
	}
}

static int run(const struct host *h, struct findings *fs)
{
	const struct cpu_facts *c = &h->cpu;
	enum tri flag = cpu_virt_flag(c);
	enum tri hv = cpu_under_hypervisor(c);
	bool lacking = fact_known(&c->cpuid_src) ? !c->vmx && !c->svm :
						   flag == TRI_NO;

	unknown_facts(h, fs);
	/* A CPU that has the extension but lacks the flag is "disabled";
	 * what remains without the flag is a CPU (or a VM's virtual CPU)
	 * without it, or one whose CPUID could not be read. */
	if (cpu_virt_disabled_by_firmware(c) == TRI_YES)
		virt_disabled(h, fs);
	else if (flag == TRI_YES)
		virt_supported(h, fs);
	else if (lacking && hv == TRI_YES)
		virt_not_exposed(h, fs);
	else if (lacking && fact_known(&c->cpuid_src))
		virt_absent(h, fs);
	else if (lacking)
		virt_unavailable(h, fs);
	if (hv == TRI_YES)
		hypervisor(h, fs);
	return 0;
}

const struct check check_cpu = {
	.id = "cpu",
	.title = "CPU virtualization extensions",
	.run = run,
};
