/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The explanation of every finding code (explain.h).  One table, sorted by
 * code (tests check the order and that every code has an entry), so a
 * lookup is a binary search.
 *
 * The facts come from the check that emits each code (in checks/) and the
 * kernel sources they cite.  A code emitted with several verdicts (a pass
 * and a fail, say) is explained once, for all of them.  The codes
 * firmware.{dmar,ivrs}.KIND are built from the ACPI decoders' issue kinds
 * (probe/acpi*.c); each kind a decoder can record has its entry here.
 */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

static const struct explanation table[] = {
	{
		.code = "cmdline.acs_override",
		.meaning = "The kernel command line carries pcie_acs_override= "
			   "(downstream, multifunction, id:vvvv:dddd), the "
			   "option of an out-of-tree patch some kernels carry "
			   "(Arch zen, Proxmox, Unraid). It warns when the "
			   "kernel honours it, and is only information when "
			   "the kernel log, which reaches back to boot, lacks "
			   "the patch's \"PCIe ACS overrides enabled\" line: "
			   "that kernel ignores the option.",
		.why = "The override makes the kernel treat PCIe ports and "
		       "multifunction devices as if they isolated peer-to-peer "
		       "traffic when the hardware may not. IOMMU groups then "
		       "come out smaller than the real isolation, and a device "
		       "given to a guest can reach other devices' memory "
		       "without passing the IOMMU.",
		.fix = "Remove pcie_acs_override= from the kernel command line "
		       "and pass each real IOMMU group through whole, or move "
		       "the device to a slot whose port has ACS. Keep the "
		       "override only on a single-user machine whose guests "
		       "you trust.",
	},
	{
		.code = "cmdline.allow_unsafe_interrupts",
		.meaning = "The kernel command line sets "
			   "vfio_iommu_type1.allow_unsafe_interrupts=1 (or "
			   "iommufd.allow_unsafe_interrupts=1), so VFIO "
			   "attaches devices whose interrupts are not "
			   "isolated.",
		.why = "Without interrupt remapping a device owned by a guest "
		       "can write any MSI address and data and so raise "
		       "interrupts in the host. vfio_iommu_type1 refuses such "
		       "devices (\"No interrupt remapping support\") unless "
		       "this parameter overrides the check.",
		.fix = "Get interrupt remapping working (firmware setting, "
		       "firmware update, no intremap=off) and remove the "
		       "parameter from the kernel command line and "
		       "/etc/modprobe.d. Keep it only on hardware that cannot "
		       "remap interrupts, with guests you trust.",
	},
	{
		.code = "cmdline.amd_iommu_on",
		.meaning = "The kernel command line has amd_iommu=on. The AMD "
			   "IOMMU driver has no such option "
			   "(parse_amd_iommu_options(), "
			   "drivers/iommu/amd/init.c): it logs \"AMD-Vi: "
			   "Unknown option - 'on'\" and ignores it.",
		.why = "It is harmless, but it shows the command line was "
		       "copied from advice that is wrong: AMD-Vi is on by "
		       "default whenever the firmware publishes an IVRS table "
		       "and the kernel is built with CONFIG_AMD_IOMMU=y.",
		.fix = "Remove amd_iommu=on from the kernel command line (keep "
		       "any valid amd_iommu= options such as force_isolation).",
	},
	{
		.code = "cmdline.config_acs",
		.meaning = "The kernel command line has pci=config_acs=, which "
			   "sets chosen ACS control bits on the listed devices "
			   "(kernel 6.11 and later; older kernels log \"PCI: "
			   "Unknown option\" and ignore it).",
		.why = "ACS control decides which ports isolate peer-to-peer "
		       "traffic, so the option changes how the kernel forms "
		       "IOMMU groups for those devices.",
		.fix = "Nothing, if you set it on purpose. Read the groups and "
		       "device findings, which already reflect what the kernel "
		       "formed.",
	},
	{
		.code = "cmdline.disable_acs_redir",
		.meaning = "The kernel command line has "
			   "pci=disable_acs_redir=, which clears ACS Request "
			   "Redirect, Completion Redirect and Egress Control "
			   "on the listed devices (kernel 5.1 and later).",
		.why = "It lets peer-to-peer DMA between devices below those "
		       "ports go straight through the switch (wanted for GPU "
		       "or RDMA clusters), but such ports no longer isolate "
		       "the devices below them, which can merge IOMMU groups.",
		.fix = "Nothing for a peer-to-peer setup. For passthrough "
		       "isolation, remove it from the kernel command line.",
	},
	{
		.code = "cmdline.intel_iommu_on_redundant",
		.meaning = "The kernel command line has intel_iommu=on "
			   "although the kernel is built with "
			   "CONFIG_INTEL_IOMMU_DEFAULT_ON=y, which turns Intel "
			   "VT-d on by itself.",
		.why = "Nothing breaks; it only means the argument can go, or "
		       "stays as a safeguard for kernels built otherwise.",
		.fix = "Nothing to do. You may keep intel_iommu=on so the "
		       "command line also works with a kernel that defaults to "
		       "off.",
	},
	{
		.code = "cmdline.intremap_off",
		.meaning = "The kernel command line has intremap=off, which "
			   "sets disable_irq_remap (setup_irqremap(), "
			   "drivers/iommu/irq_remapping.c): the IOMMU does not "
			   "remap interrupts. It fails the host unless "
			   "allow_unsafe_interrupts is also set, which turns "
			   "it into a warning.",
		.why = "Without interrupt remapping MSIs are not isolated, and "
		       "vfio_iommu_type1 refuses to attach any device (\"No "
		       "interrupt remapping support\", -EPERM) unless "
		       "allow_unsafe_interrupts=1 is set, which lets a guest's "
		       "device inject interrupts into the host.",
		.fix = "Remove intremap=off from the kernel command line. If "
		       "it was added to work around a firmware bug, update the "
		       "firmware first.",
	},
	{
		.code = "cmdline.iommu.amd_not_disabled",
		.meaning = "Nothing on the kernel command line turns AMD-Vi "
			   "off (no amd_iommu=off, no iommu=off), but the "
			   "kernel build config could not be read to confirm "
			   "that the kernel has the AMD IOMMU driver.",
		.why = "AMD-Vi is on by default whenever the firmware "
		       "publishes IVRS and the kernel has CONFIG_AMD_IOMMU=y, "
		       "as distribution kernels do; only an unusual custom "
		       "kernel would lack it.",
		.fix = "Nothing to do on a distribution kernel. To confirm: "
		       "grep CONFIG_AMD_IOMMU /boot/config-$(uname -r).",
	},
	{
		.code = "cmdline.iommu.default_on",
		.meaning = "The kernel turns the IOMMU on without any "
			   "argument: for Intel it is built with "
			   "CONFIG_INTEL_IOMMU_DEFAULT_ON=y, for AMD the "
			   "driver is on whenever IVRS exists and "
			   "CONFIG_AMD_IOMMU=y; nothing on the command line "
			   "turns it off.",
		.why = "The kernel layer does not stand in the way of DMA "
		       "remapping, so no intel_iommu=on or amd_iommu= argument "
		       "is needed.",
		.fix = "Nothing to do.",
	},
	{
		.code = "cmdline.iommu.disabled",
		.meaning = "The kernel command line switches the IOMMU off: "
			   "intel_iommu=off (the last of several intel_iommu= "
			   "options wins), amd_iommu=off, or iommu=off, which "
			   "both vendors' drivers honour.",
		.why = "With the IOMMU off there is no DMA remapping and no "
		       "IOMMU group, so VFIO cannot assign any device.",
		.fix = "Remove the option from the kernel command line (for "
		       "Intel with a kernel that defaults to off, add "
		       "intel_iommu=on instead), update the boot loader and "
		       "reboot.",
	},
	{
		.code = "cmdline.iommu.intel_default_unknown",
		.meaning = "There is no intel_iommu= on the command line and "
			   "the kernel build config could not be read, so "
			   "whether this kernel turns Intel VT-d on by default "
			   "(CONFIG_INTEL_IOMMU_DEFAULT_ON) is unknown.",
		.why = "Many distribution kernels leave VT-d off by default; "
		       "then the IOMMU stays off unless intel_iommu=on is "
		       "given, and nothing can be passed through.",
		.fix = "Add intel_iommu=on to the kernel command line; it is "
		       "harmless where the kernel already defaults to on. Or "
		       "check: grep CONFIG_INTEL_IOMMU_DEFAULT_ON "
		       "/boot/config-$(uname -r).",
	},
	{
		.code = "cmdline.iommu.intel_forced_on",
		.meaning = "The kernel is built with "
			   "CONFIG_INTEL_IOMMU_DEFAULT_ON off and the command "
			   "line has no intel_iommu=on, yet the log shows VT-d "
			   "started: the DMAR platform opt-in (external-facing "
			   "Thunderbolt/USB4 ports) or tboot forced it on.",
		.why = "Passthrough works today, but it depends on the "
		       "firmware's opt-in flag and on the machine having such "
		       "ports; a firmware setting or update can take it away.",
		.fix = "Add intel_iommu=on to the kernel command line so VT-d "
		       "does not depend on the firmware's choice.",
	},
	{
		.code = "cmdline.iommu.intel_not_enabled",
		.meaning = "The firmware describes an Intel IOMMU (DMAR), but "
			   "the kernel is built with "
			   "CONFIG_INTEL_IOMMU_DEFAULT_ON off and the command "
			   "line has no intel_iommu=on, so the Intel IOMMU "
			   "driver stays disabled (dmar_disabled = 1).",
		.why = "Without the IOMMU driver there are no IOMMU groups and "
		       "VFIO cannot assign any device.",
		.fix = "Add intel_iommu=on to the kernel command line, update "
		       "the boot loader configuration and reboot.",
	},
	{
		.code = "cmdline.iommu.intel_on",
		.meaning = "The kernel command line has intel_iommu=on, which "
			   "turns the Intel IOMMU driver on (dmar_disabled = "
			   "0, intel_iommu_setup() in "
			   "drivers/iommu/intel/iommu.c).",
		.why = "It is what enables VT-d DMA remapping on kernels built "
		       "with it off by default.",
		.fix = "Nothing to do.",
	},
	{
		.code = "cmdline.iommu.no_firmware_table",
		.meaning = "The firmware publishes neither a DMAR nor an IVRS "
			   "table, so no kernel argument can turn an IOMMU on; "
			   "the command line was not judged for it.",
		.why = "The IOMMU is missing one layer below, in the firmware; "
		       "the firmware findings say what to change.",
		.fix = "Enable the IOMMU in the firmware setup (Intel: VT-d; "
		       "AMD: IOMMU / AMD-Vi); in a virtual machine, give it a "
		       "virtual IOMMU.",
	},
	{
		.code = "cmdline.iommu.vendor_unknown",
		.meaning = "The ACPI table list could not be read, so whether "
			   "the IOMMU is Intel (DMAR) or AMD (IVRS), and so "
			   "which argument enables it, is unknown; the CPU "
			   "vendor is given as a hint.",
		.why = "On Intel the IOMMU needs intel_iommu=on unless the "
		       "kernel defaults to on; on AMD it is on unless "
		       "amd_iommu=off or iommu=off is given.",
		.fix = "Run vfio-ready as root, or capture the snapshot as "
		       "root, so the firmware tables can be read.",
	},
	{
		.code = "cmdline.iommu_gart_size",
		.meaning = "The kernel command line has iommu= with a number, "
			   "e.g. iommu=1. A number there is the size of the "
			   "old AMD GART aperture (gart_parse_options(), "
			   "arch/x86/kernel/amd_gart_64.c), not a switch.",
		.why = "It does nothing for Intel VT-d or AMD-Vi: it was "
		       "probably meant to enable the IOMMU and does not.",
		.fix = "Remove it. Intel: use intel_iommu=on; AMD: nothing is "
		       "needed.",
	},
	{
		.code = "cmdline.iommu_pt",
		.meaning = "The kernel command line has iommu=pt or "
			   "iommu.passthrough=1: devices the host keeps use "
			   "identity (passthrough) DMA domains. It warns on "
			   "Intel when the kernel defaults to VT-d off and "
			   "there is no intel_iommu=on, since iommu=pt does "
			   "not turn the IOMMU on.",
		.why = "VFIO still gives assigned devices their own translated "
		       "domain, so guests stay isolated; but host devices lose "
		       "DMA protection from each other. iommu=pt alone never "
		       "enables an Intel IOMMU that is off.",
		.fix = "Add intel_iommu=on where the warning says the IOMMU is "
		       "off. Otherwise remove iommu=pt unless you need the "
		       "last bit of host I/O speed.",
	},
	{
		.code = "cmdline.noiommu_mode",
		.meaning = "The kernel command line sets "
			   "vfio.enable_unsafe_noiommu_mode=1: VFIO hands out "
			   "devices that have no IOMMU behind them, as "
			   "/dev/vfio/noiommu-N (CONFIG_VFIO_NOIOMMU).",
		.why = "A device used this way can DMA anywhere in host "
		       "memory, and the kernel taints itself. The mode exists "
		       "for user-space drivers (DPDK) on hosts without an "
		       "IOMMU, never for virtual machines.",
		.fix = "Remove vfio.enable_unsafe_noiommu_mode from the kernel "
		       "command line and /etc/modprobe.d, and enable the IOMMU "
		       "instead.",
	},
	{
		.code = "cmdline.unknown_option",
		.meaning = "An intel_iommu= or amd_iommu= argument holds an "
			   "option its driver does not know. Options are "
			   "compared by prefix, and an unknown one is logged "
			   "(\"DMAR: Unknown option\" / \"AMD-Vi: Unknown "
			   "option\") and has no effect.",
		.why = "The setting that was meant is not in effect, e.g. a "
		       "typo in intel_iommu=on leaves the IOMMU off.",
		.fix = "Correct the option. intel_iommu= takes on, off, "
		       "igfx_off, sp_off, sm_on, sm_off, tboot_noforce; "
		       "amd_iommu= takes off, force_enable, force_isolation, "
		       "pgtbl_v1, pgtbl_v2, irtcachedis, nohugepages, "
		       "v2_pgsizes_only.",
	},
	{
		.code = "cmdline.unreadable",
		.meaning = "The kernel command line (proc/cmdline) could not "
			   "be read.",
		.why = "Whether the command line enables or disables the "
		       "IOMMU, interrupt remapping or unsafe VFIO modes is "
		       "unknown, so the kernel layer is judged without it.",
		.fix = "Run vfio-ready on the machine itself, or capture a "
		       "snapshot that includes proc/cmdline.",
	},
	{
		.code = "cmdline.vfio_pci_ids",
		.meaning = "The kernel command line has vfio-pci.ids=: "
			   "vfio-pci adds each vendor:device ID as a dynamic "
			   "ID when it loads (vfio_pci_fill_ids()) and claims "
			   "matching devices.",
		.why = "If vfio-pci is a module (CONFIG_VFIO_PCI=m) it must "
		       "load before the device's own driver, or the native "
		       "driver takes the device first. A repeated "
		       "vfio-pci.ids= replaces the earlier one.",
		.fix = "Nothing, if the devices end up on vfio-pci. Otherwise "
		       "load vfio-pci from the initramfs, or add \"softdep "
		       "DRIVER pre: vfio-pci\" to a file in /etc/modprobe.d "
		       "and rebuild the initramfs.",
	},
	{
		.code = "cmdline.vfio_pci_ids.malformed",
		.meaning = "vfio-pci.ids= has entries that are not "
			   "vendor:device[:subvendor[:subdevice[:class[:class"
			   "_mask]]]] in hex.",
		.why = "vfio-pci warns \"invalid id string\" and skips such an "
		       "entry, so that device stays with its native driver.",
		.fix = "Write each entry as hex vendor:device, e.g. "
		       "vfio-pci.ids=10de:1b80,10de:10f0; lspci -nn shows the "
		       "IDs in brackets.",
	},
	{
		.code = "cmdline.wrong_vendor",
		.meaning = "The kernel command line has intel_iommu= on an AMD "
			   "host or amd_iommu= on an Intel host.",
		.why = "The option configures a driver that does not run on "
		       "this machine, so it has no effect; the IOMMU is "
		       "governed by the other vendor's option.",
		.fix = "Remove it; use the option of this platform's IOMMU "
		       "vendor, if any is needed.",
	},
	{
		.code = "cpu.cpuid_unknown",
		.meaning = "The raw CPUID data could not be read (a snapshot "
			   "without vfio-ready/cpuid.raw).",
		.why = "Without CPUID the tool cannot tell a CPU that lacks "
		       "VT-x/AMD-V from one whose firmware switched it off; it "
		       "relies on the kernel's cpuinfo flags alone.",
		.fix = "Run vfio-ready on the machine, or capture the snapshot "
		       "with vfio-ready capture, which records CPUID.",
	},
	{
		.code = "cpu.cpuinfo_unreadable",
		.meaning = "proc/cpuinfo could not be read or has no flags "
			   "line.",
		.why = "The \"vmx\"/\"svm\" flag there is the kernel's view of "
		       "whether VT-x/AMD-V is usable; without it that is "
		       "unknown.",
		.fix = "Run vfio-ready on the machine, or capture a snapshot "
		       "that includes proc/cpuinfo.",
	},
	{
		.code = "cpu.hypervisor",
		.meaning = "The CPU reports a hypervisor (CPUID leaf 1 ECX bit "
			   "31): this system is itself a virtual machine, and "
			   "its PCI devices are the hypervisor's emulated or "
			   "assigned ones.",
		.why = "Passing a device on from inside a VM to a nested VM "
		       "needs the outer hypervisor to give this VM a virtual "
		       "IOMMU (with interrupt remapping) and nested "
		       "virtualization for KVM.",
		.fix = "On the outer host with QEMU: -machine "
		       "q35,kernel-irqchip=split -device "
		       "intel-iommu,intremap=on,caching-mode=on (or -device "
		       "amd-iommu), plus nested=1 for kvm_intel or kvm_amd and "
		       "-cpu host; with libvirt: <iommu model='intel'> with "
		       "<driver intremap='on' caching_mode='on'/>.",
	},
	{
		.code = "cpu.virt.absent",
		.meaning = "CPUID reports neither VMX (leaf 1 ECX bit 5) nor "
			   "SVM (leaf 0x80000001 ECX bit 2) and this is not a "
			   "virtual machine: the processor has no hardware "
			   "virtualization.",
		.why = "KVM cannot run guests on this CPU, so there is no VM "
		       "to pass a device to.",
		.fix = "None on this machine: passthrough needs a processor "
		       "with Intel VT-x or AMD-V.",
	},
	{
		.code = "cpu.virt.disabled_by_firmware",
		.meaning = "CPUID reports VT-x/AMD-V, but the kernel removed "
			   "its \"vmx\"/\"svm\" flag: the firmware locked "
			   "IA32_FEATURE_CONTROL with VMX off (Intel) or set "
			   "SVMDIS in VM_CR (AMD), or the kernel logged that "
			   "the firmware disabled it.",
		.why = "KVM cannot start a guest until it is enabled, so no "
		       "device can be passed through.",
		.fix = "Enable \"Intel Virtualization Technology\" (VT-x) or "
		       "\"SVM Mode\" (AMD-V) in the firmware setup, then power "
		       "the machine off and on: Intel keeps the setting locked "
		       "until a full power cycle. If Intel TXT is on, it may "
		       "allow VMX only in a measured launch.",
	},
	{
		.code = "cpu.virt.not_exposed",
		.meaning = "This is a virtual machine whose virtual CPU has "
			   "neither VMX nor SVM. It fails, unless /dev/kvm "
			   "exists through kvm_pvm (paravirtual KVM without "
			   "the extensions), which makes it a warning.",
		.why = "KVM cannot run hardware-assisted guests inside this "
		       "VM; PVM runs guests, but passing a real device on "
		       "still needs a virtual IOMMU from the outer hypervisor.",
		.fix = "Enable nested virtualization on the outer host: "
		       "kvm_intel nested=1 or kvm_amd nested=1 and -cpu host "
		       "(libvirt: <cpu mode='host-passthrough'/>); on VMware "
		       "expose hardware-assisted virtualization, on Hyper-V "
		       "Set-VMProcessor -ExposeVirtualizationExtensions $true, "
		       "on VirtualBox --nested-hw-virt on.",
	},
	{
		.code = "cpu.virt.supported",
		.meaning = "The CPU has VT-x or AMD-V and the kernel shows its "
			   "\"vmx\"/\"svm\" flag, so the firmware left it "
			   "enabled.",
		.why = "KVM can run hardware-assisted guests, the VMs a device "
		       "is passed through to.",
		.fix = "Nothing to do.",
	},
	{
		.code = "cpu.virt.unavailable",
		.meaning = "proc/cpuinfo has neither the \"vmx\" nor the "
			   "\"svm\" flag, and CPUID could not be read to tell "
			   "whether the CPU lacks the extension or the "
			   "firmware switched it off.",
		.why = "KVM cannot use hardware virtualization, so no guest "
		       "can run to receive a device.",
		.fix = "Enable VT-x / SVM Mode in the firmware setup if the "
		       "processor has it (the CPU model's data sheet says), "
		       "then power-cycle the machine.",
	},
	{
		.code = "devices.assignable_alone",
		.meaning = "The PCI function is the only device of its IOMMU "
			   "group, bridges aside, and nothing blocks it (no "
			   "firmware 1:1 map, not the host's boot disk, boot "
			   "GPU or default-route NIC, a usable reset).",
		.why = "VFIO can hand it to a VM on its own.",
		.fix = "Follow the remedy: vfio-pci.ids= (or driver_override) "
		       "to bind it to vfio-pci, the libvirt <hostdev> or the "
		       "QEMU -device vfio-pci,host= argument; vfio-ready "
		       "hostdev BDF prints them.",
	},
	{
		.code = "devices.assignable_with_group",
		.meaning = "The PCI function shares its IOMMU group with other "
			   "devices; the detail lists the members and why they "
			   "are grouped (a port without ACS, a multifunction "
			   "device without ACS, a DMA alias, a conventional "
			   "PCI bridge). A warning for a device asked about "
			   "with --device, information otherwise.",
		.why = "VFIO assigns whole groups: every other device of the "
		       "group must go to the same VM or be unbound, on "
		       "vfio-pci or pci-stub, or (bridges) on pcieport, or the "
		       "group is not viable.",
		.fix = "Pass the whole group to the VM (vfio-ready hostdev BDF "
		       "prints every <hostdev>), or move the device to a slot "
		       "whose port has ACS, usually one wired to the CPU.",
	},
	{
		.code = "devices.blocked",
		.meaning = "The PCI function cannot be passed through: a "
			   "firmware 1:1 map (RMRR/IVMD), the host's root "
			   "filesystem controller, boot GPU or default-route "
			   "NIC in its group, no usable reset, no IOMMU group, "
			   "or it is a bridge. It fails for an endpoint asked "
			   "about with --device and is information otherwise.",
		.why = "Assigning it would either be refused by the kernel or "
		       "take a device the host itself needs away from it.",
		.fix = "The remedy names the way out for the first blocking "
		       "reason: move the device to another slot, give the host "
		       "another boot disk, GPU or NIC, update the firmware, or "
		       "assign the devices below a bridge instead of the "
		       "bridge.",
	},
	{
		.code = "devices.not_found",
		.meaning = "A --device argument matches no PCI function of "
			   "this host (or the PCI devices could not be read).",
		.why = "Nothing can be said about a device that is not there; "
		       "the address or ID may have a typo or belong to another "
		       "machine.",
		.fix = "Give the address as bus:device.function in hex as "
		       "lspci prints it (01:00.0) or the ID as vendor:device "
		       "(10de:2206).",
	},
	{
		.code = "devices.unknown",
		.meaning = "Whether the PCI function (or, summed up, how many "
			   "functions) can be passed through is unknown, "
			   "because a fact the verdict depends on could not be "
			   "read, such as the IOMMU groups or config space "
			   "beyond 64 bytes.",
		.why = "An unknown is never a pass: the device may be blocked "
		       "or need its group.",
		.fix = "Run vfio-ready as root, or capture the snapshot as "
		       "root, and switch the IOMMU on so the kernel forms its "
		       "groups.",
	},
	{
		.code = "firmware.both_tables",
		.meaning = "The firmware publishes both a DMAR (Intel VT-d) "
			   "and an IVRS (AMD-Vi) table.",
		.why = "A real platform has one IOMMU vendor; both tables "
		       "usually mean a firmware or hypervisor configuration "
		       "error, and at most one driver matches the hardware.",
		.fix = "In a VM, give it one virtual IOMMU (intel-iommu or "
		       "amd-iommu). On hardware: Update the system firmware "
		       "(BIOS/UEFI) from the board or system vendor; if the "
		       "newest release still has it, report it to the vendor "
		       "with the evidence.",
	},
	{
		.code = "firmware.dmar.bad_scope_length",
		.meaning = "A DMAR device scope has a length below its 6-byte "
			   "minimum or past the end of its structure.",
		.why = "The kernel ignores the malformed scope, so the device "
		       "it names may lose its IOMMU unit, RMRR or ATS setting.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.bad_signature",
		.meaning = "The DMAR file does not start with its \"DMAR\" "
			   "signature.",
		.why = "It is not the table it claims to be, so nothing in it "
		       "was judged.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.dmar.capped",
		.meaning = "The DMAR table has more structures, entries or "
			   "issues than the decoder keeps; the rest was not "
			   "judged.",
		.why = "Real tables hold tens of structures; this many "
		       "suggests a corrupt table, and what lies past the cap "
		       "is unknown.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.checksum_bad",
		.meaning = "The bytes of the DMAR table do not sum to 0 as "
			   "every ACPI table's must.",
		.why = "The Intel IOMMU driver does not check this and uses "
		       "the table anyway (a warning), but the firmware changed "
		       "the table after building it, or it is corrupt, so its "
		       "content deserves less trust.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.decode_failed",
		.meaning = "The DMAR table was read, but decoding it failed "
			   "for a reason that is not in the table (for example "
			   "memory exhausted).",
		.why = "Its content was not judged: interrupt remapping "
		       "support and firmware 1:1 maps are unknown.",
		.fix = "Run vfio-ready again; if it persists, report it with a "
		       "capture (vfio-ready capture OUT.tar.gz).",
	},
	{
		.code = "firmware.dmar.drhd_base_unaligned",
		.meaning = "A DMAR remapping unit's register base address is "
			   "not 4 KiB aligned.",
		.why = "The VT-d specification places the remapping registers "
		       "on a 4 KiB page; an unaligned base points the driver "
		       "at the wrong registers.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.drhd_base_zero",
		.meaning = "A DMAR remapping unit (DRHD) has register base "
			   "address 0.",
		.why = "The kernel rejects the table (\"Your BIOS is broken; "
		       "DMAR reported at address 0!\") and does not enable "
		       "Intel VT-d.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.include_all_duplicate",
		.meaning = "More than one DMAR remapping unit of a PCI segment "
			   "has the INCLUDE_PCI_ALL flag.",
		.why = "The VT-d specification allows one such unit per "
		       "segment; the kernel uses the first it finds for "
		       "devices no other unit lists, so the others translate "
		       "nothing.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.include_all_not_last",
		.meaning = "The INCLUDE_PCI_ALL remapping unit is not the last "
			   "DRHD of its segment, as the VT-d specification "
			   "requires.",
		.why = "Linux copes (dmar_register_drhd_unit() moves it to the "
		       "end of its list); other operating systems and "
		       "hypervisors may not.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.intr_remap",
		.meaning = "The DMAR table's INTR_REMAP flag (bit 0 of Flags) "
			   "is set: the platform supports interrupt remapping.",
		.why = "Interrupt remapping isolates device MSIs, which VFIO "
		       "requires; whether the kernel enabled it is in the "
		       "kernel log (\"Enabled IRQ remapping\").",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.dmar.intr_remap_unsupported",
		.meaning = "The DMAR table's INTR_REMAP flag is clear: the "
			   "platform does not support interrupt remapping "
			   "(dmar_ir_support()).",
		.why = "Without it device interrupts are not isolated, and "
		       "vfio_iommu_type1 refuses to attach devices unless "
		       "allow_unsafe_interrupts=1, which lets a guest's device "
		       "inject interrupts into the host.",
		.fix = "Enable \"Interrupt Remapping\" in the firmware setup "
		       "where it is offered (next to VT-d), or update the "
		       "firmware. Only if you accept the risk: options "
		       "vfio_iommu_type1 allow_unsafe_interrupts=1 in "
		       "/etc/modprobe.d.",
	},
	{
		.code = "firmware.dmar.length_past_buffer",
		.meaning = "The DMAR table's Length field is larger than the "
			   "file: the table is cut short.",
		.why = "Everything past the cut is missing; the table cannot "
		       "be judged from that point on.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.dmar.no_drhd",
		.meaning = "The DMAR table has no remapping unit (DRHD) "
			   "structure.",
		.why = "The kernel finds no Intel IOMMU to drive (\"No DRHD "
		       "structure found\"): no DMA isolation, nothing to pass "
		       "through with.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.odd_scope_length",
		.meaning = "A DMAR device scope has an odd length; a scope is "
			   "6 bytes plus 2 per path element.",
		.why = "The odd byte is ignored; the scope is otherwise used.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.platform_opt_in",
		.meaning = "The DMAR table's DMA_CTRL_PLATFORM_OPT_IN flag is "
			   "set (what Windows calls Kernel DMA Protection).",
		.why = "The kernel force-enables the Intel IOMMU when an "
		       "external-facing port (Thunderbolt/USB4) exists, even "
		       "if it is off by default; intel_iommu=off suppresses "
		       "that.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.dmar.present",
		.meaning = "The firmware publishes an DMAR table, so Intel "
			   "VT-d is enabled in the firmware setup.",
		.why = "It is what the kernel's Intel IOMMU driver starts "
		       "from; without it no IOMMU exists for the kernel.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.dmar.rmrr",
		.meaning = "The DMAR table has RMRR structures: memory ranges "
			   "that the listed devices keep using on their own "
			   "(USB legacy emulation, integrated GPU memory, a "
			   "BMC or NIC).",
		.why = "The kernel gives each listed device a firmware 1:1 "
		       "map. Since Linux 6.5 (3.17-6.4: \"ineligible for IOMMU "
		       "domain attach\") VFIO refuses such a device, unless it "
		       "is a USB controller or a GPU, whose RMRRs are "
		       "relaxable.",
		.fix = "Nothing for devices you keep on the host. For a listed "
		       "device you want to assign, see its device finding: use "
		       "another device or slot, or look for a firmware option "
		       "that stops the firmware using it.",
	},
	{
		.code = "firmware.dmar.rmrr_bad",
		.meaning = "An RMRR range is empty, reversed, or its base or "
			   "limit+1 is not page aligned.",
		.why = "The kernel logs \"[Firmware Bug]: Your BIOS is broken; "
		       "bad RMRR\", taints itself and maps the range anyway; "
		       "the device behind it may misbehave under the IOMMU.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.scope_type_mismatch",
		.meaning = "DMAR device scopes of a type their structure does "
			   "not allow: IOAPIC, HPET and ACPI namespace scopes "
			   "outside a DRHD, or scope types above 5.",
		.why = "The kernel ignores such scopes, so what they describe "
		       "gets no IOMMU or interrupt remapping setting from "
		       "them.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.short_header",
		.meaning = "The DMAR table is shorter than the 36-byte ACPI "
			   "header, or its Length field is.",
		.why = "The table cannot be decoded; what the kernel makes of "
		       "it is not predictable, and nothing in it was judged.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.dmar.structure_past_end",
		.meaning = "A DMAR remapping structure runs past the table's "
			   "end. The kernel's DMAR walk fails on it "
			   "(\"[Firmware Bug]: Record passes table end\") and "
			   "does not use the table.",
		.why = "Without a usable DMAR table the Intel IOMMU stays off: "
		       "no groups, no passthrough.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.dmar.structure_too_short",
		.meaning = "A structure of the DMAR table is shorter than the "
			   "fixed part of its type.",
		.why = "The kernel ignores the malformed part; the devices it "
		       "describes may lose their IOMMU or interrupt remapping "
		       "settings.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.dmar.unknown_type",
		.meaning = "The DMAR table has structures of types this tool "
			   "does not know.",
		.why = "The kernel skips them by their length, as the tool "
		       "does; newer specification revisions add types, so this "
		       "is information only.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.dmar.unreadable",
		.meaning = "The DMAR table is listed, but its bytes could not "
			   "be read (the file is readable by root only).",
		.why = "Its content decides whether interrupt remapping is "
		       "supported, which devices have firmware 1:1 maps (RMRR) "
		       "and whether the kernel accepts the table.",
		.fix = "Run vfio-ready as root (sudo vfio-ready), or capture "
		       "the snapshot as root.",
	},
	{
		.code = "firmware.dmar.valid",
		.meaning = "The DMAR table describes one or more remapping "
			   "units (DRHD) the kernel can use; the title gives "
			   "their number and the host address width.",
		.why = "The firmware's description of the IOMMU is usable, so "
		       "the kernel can start its driver from it.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.dmar.x2apic_opt_out",
		.meaning = "The DMAR table's X2APIC_OPT_OUT flag is set: the "
			   "firmware asks the OS not to use x2APIC interrupt "
			   "remapping.",
		.why = "The kernel keeps interrupt remapping in xAPIC mode, "
		       "which still isolates interrupts for VFIO but limits "
		       "APIC IDs to 255, so very large machines may lose CPUs.",
		.fix = "Nothing for passthrough. With more than 255 CPUs: "
		       "intremap=no_x2apic_optout on the kernel command line, "
		       "or turn off \"X2APIC Opt Out\" in the firmware setup.",
	},
	{
		.code = "firmware.dmar.zero_length",
		.meaning = "A structure of the DMAR table has length 0.",
		.why = "The kernel stops reading the DMAR there (\"[Firmware "
		       "Bug]: Invalid 0-length structure\"): every IOMMU unit "
		       "and RMRR after it is ignored.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.iommu_table.missing",
		.meaning = "Neither a DMAR nor an IVRS table is in "
			   "sys/firmware/acpi/tables: the firmware describes "
			   "no IOMMU.",
		.why = "The kernel finds an IOMMU only through these tables, "
		       "so no IOMMU driver starts, there are no IOMMU groups "
		       "and no device can be passed through.",
		.fix = "Enable the IOMMU in the firmware setup: Intel \"VT-d\" "
		       "(often under System Agent or Chipset), AMD \"IOMMU\" "
		       "or \"AMD-Vi\" (often under AMD CBS > NBIO; Enabled, "
		       "not Auto). In a VM, give it a virtual IOMMU (QEMU "
		       "-device intel-iommu,intremap=on or -device amd-iommu; "
		       "libvirt <iommu model='intel'/>).",
	},
	{
		.code = "firmware.ivrs.bad_entry_type",
		.meaning = "An IVHD device entry has a type of 0x80 or above "
			   "other than 0xF0, for which the specification gives "
			   "the kernel no length (ivhd_entry_length() returns "
			   "0).",
		.why = "The rest of that IVHD cannot be walked; the devices it "
		       "would describe may get no IOMMU settings (\"[Firmware "
		       "Bug]: Invalid IVHD device type\").",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.bad_signature",
		.meaning = "The IVRS file does not start with its \"IVRS\" "
			   "signature.",
		.why = "It is not the table it claims to be, so nothing in it "
		       "was judged.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.ivrs.capped",
		.meaning = "The IVRS table has more structures, entries or "
			   "issues than the decoder keeps; the rest was not "
			   "judged.",
		.why = "Real tables hold tens of structures; this many "
		       "suggests a corrupt table, and what lies past the cap "
		       "is unknown.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.checksum_bad",
		.meaning = "The bytes of the IVRS table do not sum to 0 as "
			   "every ACPI table's must.",
		.why = "The AMD IOMMU driver verifies the checksum and refuses "
		       "the table (\"[Firmware Bug]: IVRS invalid checksum\"): "
		       "AMD-Vi stays off, no groups, no passthrough.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.decode_failed",
		.meaning = "The IVRS table was read, but decoding it failed "
			   "for a reason that is not in the table (for example "
			   "memory exhausted).",
		.why = "Its content was not judged: interrupt remapping "
		       "support and firmware 1:1 maps are unknown.",
		.fix = "Run vfio-ready again; if it persists, report it with a "
		       "capture (vfio-ready capture OUT.tar.gz).",
	},
	{
		.code = "firmware.ivrs.entry_past_end",
		.meaning = "An IVHD device entry runs past the end of its IVHD "
			   "block.",
		.why = "The kernel ignores the malformed part; the devices it "
		       "describes may lose their IOMMU or interrupt remapping "
		       "settings.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.hid_outside_0x40",
		.meaning = "An ACPI_HID device entry (type 0xF0) sits in an "
			   "IVHD of type 0x10 or 0x11; only type 0x40 may hold "
			   "it.",
		.why = "The kernel logs \"[Firmware Bug]: Invalid IVHD device "
		       "type\" and ignores the entry, so that ACPI device (a "
		       "UART, for example) gets no IOMMU mapping.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.ioapic",
		.meaning = "The IVHD blocks the kernel uses map the IOAPICs to "
			   "requester IDs (SPECIAL entries, type 0x48).",
		.why = "The kernel needs every IOAPIC, the southbridge one "
		       "above all, mapped to enable interrupt remapping, which "
		       "VFIO requires; the kernel log shows whether it did "
		       "(\"Interrupt remapping enabled\").",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.ivrs.ivhd_selection",
		.meaning = "Which IVHD type the kernel uses: firmware "
			   "describes each IOMMU once per type it supports "
			   "(0x10, 0x11, 0x40) and "
			   "get_highest_supported_ivhd_type() picks one; "
			   "blocks of the other types are ignored.",
		.why = "The IOMMUs, device entries and IOAPIC maps that count "
		       "are those of the chosen type.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.ivrs.ivmd",
		.meaning = "The IVRS table has IVMD blocks with the unity or "
			   "exclusion flag: memory the listed devices must see "
			   "mapped 1:1.",
		.why = "The kernel gives each listed device a direct reserved "
		       "region; since Linux 6.5 VFIO refuses to claim such a "
		       "device (\"Firmware has requested this device have a "
		       "1:1 IOMMU mapping\"), with no USB/GPU exemption on "
		       "AMD. Some boards list whole bus ranges.",
		.fix = "Nothing for devices you keep on the host. For a listed "
		       "device: update the firmware or look for an option such "
		       "as \"Kernel DMA Protection Indicator\"; otherwise "
		       "assign another device.",
	},
	{
		.code = "firmware.ivrs.length_past_buffer",
		.meaning = "The IVRS table's Length field is larger than the "
			   "file: the table is cut short.",
		.why = "Everything past the cut is missing; the table cannot "
		       "be judged from that point on.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.ivrs.no_ioapic",
		.meaning = "The IVHD blocks the kernel uses map no IOAPIC (no "
			   "SPECIAL entry of variety 1).",
		.why = "The kernel logs \"IOAPIC[N] not in IVRS table\" or "
		       "\"No southbridge IOAPIC found\" and disables interrupt "
		       "remapping; vfio_iommu_type1 then refuses devices "
		       "unless allow_unsafe_interrupts=1.",
		.fix = "Update the firmware. Meanwhile the kernel accepts the "
		       "missing map on its command line: "
		       "ivrs_ioapic=ID@00:14.0, with the ID from the kernel's "
		       "\"IOAPIC[ID] not in IVRS table\" line and the "
		       "southbridge (SMBus) function's address.",
	},
	{
		.code = "firmware.ivrs.no_ivhd",
		.meaning = "The IVRS table describes no IOMMU the kernel would "
			   "use: no IVHD block, or none of the type "
			   "get_highest_supported_ivhd_type() selects.",
		.why = "AMD-Vi has nothing to drive: no DMA isolation, no "
		       "passthrough.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.present",
		.meaning = "The firmware publishes an IVRS table, so AMD-Vi is "
			   "enabled in the firmware setup.",
		.why = "It is what the kernel's AMD IOMMU driver starts from; "
		       "without it no IOMMU exists for the kernel.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.ivrs.range_end_without_start",
		.meaning = "An IVHD has a RANGE_END device entry (type 0x04) "
			   "with no range start before it.",
		.why = "The kernel ignores it; the devices the firmware meant "
		       "to cover may get no IOMMU settings.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.range_not_closed",
		.meaning = "An IVHD device range start (types 0x03, 0x43, "
			   "0x47) is not closed by a RANGE_END before another "
			   "range starts or the IVHD ends.",
		.why = "The range the firmware meant is not applied, so its "
		       "devices may lose their IOMMU or alias settings.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.range_reversed",
		.meaning = "An IVHD device range ends at a lower device ID "
			   "than it starts.",
		.why = "The range covers no device, so the devices the "
		       "firmware meant lose their settings.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.short_header",
		.meaning = "The IVRS table is shorter than the 36-byte ACPI "
			   "header, or its Length field is.",
		.why = "The table cannot be decoded; what the kernel makes of "
		       "it is not predictable, and nothing in it was judged.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.ivrs.structure_past_end",
		.meaning = "An IVRS block (IVHD or IVMD) runs past the table's "
			   "end.",
		.why = "The table cannot be decoded from that block on; what "
		       "the kernel makes of it is not predictable.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.ivrs.structure_too_short",
		.meaning = "A structure of the IVRS table is shorter than the "
			   "fixed part of its type.",
		.why = "The kernel ignores the malformed part; the devices it "
		       "describes may lose their IOMMU or interrupt remapping "
		       "settings.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.uid_past_end",
		.meaning = "An ACPI_HID device entry's UID length runs past "
			   "the end of its IVHD.",
		.why = "The kernel logs \"Invalid UID length.\" (or reads past "
		       "the entry); that ACPI device gets no IOMMU mapping.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence.",
	},
	{
		.code = "firmware.ivrs.unknown_entry_type",
		.meaning = "The IVHD blocks have device entries of types the "
			   "kernel has no case for.",
		.why = "init_iommu_from_acpi() skips them by length, as the "
		       "tool does; information only.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.ivrs.unknown_type",
		.meaning = "The IVRS table has structures of types this tool "
			   "does not know.",
		.why = "The kernel skips them by their length, as the tool "
		       "does; newer specification revisions add types, so this "
		       "is information only.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.ivrs.unreadable",
		.meaning = "The IVRS table is listed, but its bytes could not "
			   "be read (the file is readable by root only).",
		.why = "Its content decides whether interrupt remapping is "
		       "supported, which devices have firmware 1:1 maps (IVMD) "
		       "and whether the kernel accepts the table.",
		.fix = "Run vfio-ready as root (sudo vfio-ready), or capture "
		       "the snapshot as root.",
	},
	{
		.code = "firmware.ivrs.valid",
		.meaning = "The IVRS table describes one or more IOMMUs (IVHD "
			   "blocks of the type the kernel selects) the kernel "
			   "can use.",
		.why = "The firmware's description of the IOMMU is usable, so "
		       "the kernel can start its driver from it.",
		.fix = "Nothing to do.",
	},
	{
		.code = "firmware.ivrs.zero_length",
		.meaning = "A structure of the IVRS table has length 0.",
		.why = "A walk by length cannot advance past it; the table "
		       "cannot be decoded from there on, and what the kernel "
		       "makes of it is not predictable.",
		.fix = "Update the system firmware (BIOS/UEFI) from the board "
		       "or system vendor; if the newest release still has it, "
		       "report it to the vendor with the evidence. If the "
		       "table comes from a snapshot, capture it again as root: "
		       "a cut or edited copy shows the same symptom.",
	},
	{
		.code = "firmware.tables.unreadable",
		.meaning = "The ACPI table list (sys/firmware/acpi/tables) "
			   "could not be read.",
		.why = "Whether the firmware publishes DMAR or IVRS, i.e. "
		       "whether VT-d or AMD-Vi is enabled in the firmware, is "
		       "unknown.",
		.fix = "Run vfio-ready as root, or capture the snapshot as "
		       "root.",
	},
	{
		.code = "groups.acs_override",
		.meaning = "pcie_acs_override is in force (the kernel honours "
			   "it); the detail lists the multi-device groups the "
			   "kernel would form without it.",
		.why = "The override makes the kernel treat ports and "
		       "functions as isolating when the hardware may not: a "
		       "device given to a VM may reach the memory of devices "
		       "left on the host without passing the IOMMU.",
		.fix = "Pass every device of a real group together, or move "
		       "the device to a slot whose port has ACS; to return to "
		       "real isolation, remove pcie_acs_override= from the "
		       "kernel command line.",
	},
	{
		.code = "groups.acs_unknown",
		.meaning = "The ACS capabilities could not be read (config "
			   "space past 64 bytes needs root), so the predicted "
			   "groups treat ports of unknown ACS as not "
			   "isolating.",
		.why = "The predicted groups are the largest possible; the "
		       "real ones may be smaller.",
		.fix = "Run vfio-ready as root (sudo vfio-ready).",
	},
	{
		.code = "groups.listing",
		.meaning = "The IOMMU groups, the kernel's or (with the IOMMU "
			   "off) the predicted ones, each with its functions "
			   "and their verdicts (alone, with_group, blocked, "
			   "unknown); unknown when no PCI devices or groups "
			   "could be read.",
		.why = "VFIO assigns whole groups, so this list is what "
		       "decides which devices can go to a VM and with what.",
		.fix = "Nothing to do; see the device findings for each "
		       "device's set-up.",
	},
	{
		.code = "groups.missing_acs",
		.meaning = "A port (root port, switch downstream port) or a "
			   "multifunction device lacks the ACS controls the "
			   "kernel requires to isolate what is below or beside "
			   "it: Source Validation, Request and Completion "
			   "Redirect, Upstream Forwarding (REQ_ACS_FLAGS, "
			   "pci_device_group()). A warning when that merges "
			   "several devices into one group.",
		.why = "Devices behind it can reach each other without the "
		       "IOMMU, so the kernel puts them in one group, and they "
		       "can only be passed through together. A multifunction "
		       "device (a GPU and its audio) usually goes to one VM "
		       "whole anyway.",
		.fix = "Pass the group through whole, or move the device to a "
		       "slot whose port has ACS (usually one wired to the CPU; "
		       "lspci -tv shows the tree), or look for an ACS option "
		       "in the firmware setup. pcie_acs_override= would split "
		       "the group without isolating it.",
	},
	{
		.code = "groups.p2p_pairs",
		.meaning = "With --profile p2p: for each pair of GPUs, NICs, "
			   "NVMe drives and accelerators, whether peer-to-peer "
			   "traffic goes directly through their common switch, "
			   "is redirected upstream by a port's ACS, crosses "
			   "the root complex, or is unknown.",
		.why = "ACS Request/Completion Redirect sends peer traffic up "
		       "to the root complex, which isolates devices but costs "
		       "the bandwidth GPU and RDMA clusters want.",
		.fix = "For bare-metal peer-to-peer only: "
		       "pci=disable_acs_redir= with the redirecting ports "
		       "(this also merges their IOMMU groups). For "
		       "passthrough, keep redirect on.",
	},
	{
		.code = "groups.predicted_only",
		.meaning = "The kernel has formed no IOMMU groups (the IOMMU "
			   "is off), so the groups shown are predicted from "
			   "the PCI topology, the ACS capabilities and the "
			   "kernel's quirk tables.",
		.why = "It tells what switching the IOMMU on will give before "
		       "you reboot. The kernel only enables ACS once an IOMMU "
		       "driver asks, and newer kernels may group PCIe switches "
		       "more tightly.",
		.fix = "Switch the IOMMU on (see the firmware and kernel "
		       "findings), then run vfio-ready again to see the "
		       "kernel's own groups.",
	},
	{
		.code = "groups.prediction_agrees",
		.meaning = "The kernel's IOMMU groups are the partition the "
			   "prediction gives from the PCI topology, ACS and "
			   "the kernel's quirks.",
		.why = "The verdicts can be trusted, including on a similar "
		       "machine where the IOMMU is not yet on.",
		.fix = "Nothing to do.",
	},
	{
		.code = "groups.prediction_mismatch",
		.meaning = "The kernel grouped some devices otherwise than its "
			   "own rules predict from the PCI topology and ACS; "
			   "the detail lists each pair.",
		.why = "The cause is a quirk this tool does not know, an ACS "
		       "override patch, or a kernel whose grouping rules "
		       "changed. The verdicts use the kernel's groups, which "
		       "are what VFIO enforces.",
		.fix = "Nothing to change on the host; report it with a "
		       "capture (vfio-ready capture OUT.tar.gz) so the "
		       "prediction can learn it.",
	},
	{
		.code = "internal.check_failed",
		.meaning = "A check stopped with an internal error (for "
			   "example out of memory); the findings it emitted "
			   "before stopping are kept.",
		.why = "What that check would have judged is missing from the "
		       "report, so the verdict may be incomplete.",
		.fix = "Run vfio-ready again; if it persists, report it with "
		       "the message and a capture (vfio-ready capture "
		       "OUT.tar.gz).",
	},
	{
		.code = "iommu.default_domain",
		.meaning = "The domain type of each IOMMU group "
			   "(sys/kernel/iommu_groups/N/type): DMA (translated, "
			   "strict), DMA-FQ (translated, lazy invalidation), "
			   "identity (passthrough, iommu=pt), unmanaged (owned "
			   "by VFIO or another user now), blocked.",
		.why = "identity means host-owned devices get no DMA "
		       "protection, though VFIO still installs its own domain "
		       "for assigned devices.",
		.fix = "Nothing for passthrough. To protect host devices too, "
		       "remove iommu=pt or iommu.passthrough=1.",
	},
	{
		.code = "iommu.groups.empty",
		.meaning = "sys/kernel/iommu_groups exists but is empty: no "
			   "device is behind an active IOMMU.",
		.why = "The directory exists whenever the kernel has "
		       "CONFIG_IOMMU_API, even with no IOMMU; only its entries "
		       "prove the IOMMU is on. VFIO has no group to bind a "
		       "device to.",
		.fix = "Turn the IOMMU on: enable it in the firmware setup "
		       "and, for Intel, add intel_iommu=on unless the kernel "
		       "defaults to on; see the firmware and kernel findings.",
	},
	{
		.code = "iommu.groups.missing",
		.meaning = "sys/kernel/iommu_groups does not exist: the kernel "
			   "is built without the IOMMU API (iommu_init() "
			   "creates it whenever CONFIG_IOMMU_API=y).",
		.why = "Without the IOMMU API no driver can isolate devices, "
		       "so VFIO cannot assign any.",
		.fix = "Boot a kernel built with CONFIG_INTEL_IOMMU or "
		       "CONFIG_AMD_IOMMU (which select CONFIG_IOMMU_API), as "
		       "every major distribution's standard kernel is.",
	},
	{
		.code = "iommu.groups.populated",
		.meaning = "The IOMMU driver put the devices it translates "
			   "into IOMMU groups (iommu_group_add_device()); the "
			   "title counts groups and devices.",
		.why = "The IOMMU is active in the running kernel and VFIO can "
		       "assign groups.",
		.fix = "Nothing to do.",
	},
	{
		.code = "iommu.groups.unknown",
		.meaning = "sys/kernel/iommu_groups could not be listed.",
		.why = "Whether the IOMMU is active and how devices are "
		       "grouped is unknown.",
		.fix = "Run vfio-ready as root, or capture the snapshot as "
		       "root.",
	},
	{
		.code = "iommu.interrupt_remapping",
		.meaning = "Whether the IOMMU remaps device interrupts "
			   "(MSI/MSI-X) in the running kernel, judged from "
			   "proc/interrupts (IR-PCI-MSI lines), the kernel log "
			   "and the units' capabilities; skipped while no "
			   "IOMMU is active.",
		.why = "Without remapping a device given to a guest can write "
		       "any MSI address and data and so inject interrupts into "
		       "the host; vfio_iommu_type1 therefore refuses to attach "
		       "its group unless allow_unsafe_interrupts=1 is set.",
		.fix = "Enable interrupt remapping: drop intremap=off from the "
		       "kernel command line, enable it in the firmware setup "
		       "(often tied to VT-d/IOMMU and x2APIC) or update the "
		       "firmware, and read why the kernel left it off: sudo "
		       "dmesg | grep -i -e DMAR-IR -e AMD-Vi -e remapping.",
	},
	{
		.code = "iommu.reserved_direct",
		.meaning = "Some IOMMU groups have a \"direct\" reserved "
			   "region "
			   "(sys/kernel/iommu_groups/N/reserved_regions): "
			   "memory the firmware requires to stay "
			   "identity-mapped, an Intel RMRR other than USB/GPU "
			   "or an AMD IVMD unity map. A warning on kernels 6.5 "
			   "and later, information before.",
		.why = "Since Linux 6.5 the IOMMU core refuses to attach such "
		       "a device to any other domain (\"Firmware has requested "
		       "this device have a 1:1 IOMMU mapping\"), so VFIO "
		       "cannot claim it.",
		.fix = "Pass through a device whose group has no direct "
		       "region, or get a firmware setting or update that drops "
		       "the RMRR/IVMD for that slot.",
	},
	{
		.code = "iommu.units.none",
		.meaning = "No IOMMU unit is registered in sys/class/iommu and "
			   "there are no IOMMU groups: the running kernel uses "
			   "no IOMMU. The detail says which layer keeps it "
			   "off.",
		.why = "Without an active IOMMU there is no DMA isolation and "
		       "VFIO cannot assign any device.",
		.fix = "Intel: add intel_iommu=on (and remove intel_iommu=off "
		       "or iommu=off); AMD: remove amd_iommu=off or iommu=off, "
		       "or read the AMD-Vi lines of the kernel log for why it "
		       "gave up; no table: enable the IOMMU in the firmware "
		       "setup.",
	},
	{
		.code = "iommu.units.present",
		.meaning = "The kernel registered IOMMU units in "
			   "sys/class/iommu (dmarN for Intel VT-d, ivhdN for "
			   "AMD-Vi).",
		.why = "DMA remapping is on in the running kernel.",
		.fix = "Nothing to do.",
	},
	{
		.code = "iommu.units.unknown",
		.meaning = "sys/class/iommu could not be listed.",
		.why = "Whether the kernel registered an IOMMU is unknown from "
		       "sysfs; the groups and the kernel log may still tell.",
		.fix = "Run vfio-ready as root, or capture the snapshot as "
		       "root.",
	},
	{
		.code = "iommu.units.unlisted",
		.meaning = "No IOMMU unit is listed in sys/class/iommu, but "
			   "IOMMU groups exist.",
		.why = "Groups exist only behind a registered IOMMU driver, so "
		       "the IOMMU is on; the units' capabilities just cannot "
		       "be shown.",
		.fix = "Nothing to do.",
	},
	{
		.code = "kconfig.default_passthrough",
		.meaning = "The kernel is built with "
			   "CONFIG_IOMMU_DEFAULT_PASSTHROUGH=y and the command "
			   "line does not choose otherwise: devices the host "
			   "keeps use identity (passthrough) domains.",
		.why = "Host devices are not DMA-isolated from each other. "
		       "VFIO is unaffected: it gives assigned devices their "
		       "own domain.",
		.fix = "Add iommu.passthrough=0 to the kernel command line to "
		       "protect host devices too; nothing is needed for "
		       "passthrough itself.",
	},
	{
		.code = "kconfig.iommu_not_built",
		.meaning = "The firmware describes an Intel (DMAR) or AMD "
			   "(IVRS) IOMMU, but the kernel is built without "
			   "CONFIG_INTEL_IOMMU or CONFIG_AMD_IOMMU.",
		.why = "No kernel argument can turn the IOMMU on, so there are "
		       "no groups and nothing can be passed through.",
		.fix = "Boot a kernel built with CONFIG_INTEL_IOMMU=y or "
		       "CONFIG_AMD_IOMMU=y, as every major distribution kernel "
		       "is.",
	},
	{
		.code = "kconfig.irq_remap_not_built",
		.meaning = "The kernel has the IOMMU driver but is built "
			   "without CONFIG_IRQ_REMAP, so it never remaps "
			   "interrupts. It fails the host unless "
			   "allow_unsafe_interrupts is set, which makes it a "
			   "warning.",
		.why = "Device MSIs are never isolated, and vfio_iommu_type1 "
		       "refuses to attach a group (\"No interrupt remapping "
		       "support\") unless allow_unsafe_interrupts=1.",
		.fix = "Boot a kernel built with CONFIG_IRQ_REMAP=y.",
	},
	{
		.code = "kconfig.unreadable",
		.meaning = "The kernel build config was found neither at "
			   "/boot/config-RELEASE, nor /proc/config.gz, nor "
			   "/lib/modules/RELEASE/build/.config.",
		.why = "Whether the IOMMU is on by default "
		       "(CONFIG_INTEL_IOMMU_DEFAULT_ON) and whether VFIO and "
		       "interrupt remapping are built cannot be read; the "
		       "findings that need it say so.",
		.fix = "Nothing is broken. To let the tool read it, install "
		       "the kernel's config file (distributions ship it in "
		       "/boot) or build the kernel with CONFIG_IKCONFIG_PROC.",
	},
	{
		.code = "kconfig.vfio_built",
		.meaning = "The kernel is built with CONFIG_VFIO and "
			   "CONFIG_VFIO_PCI (built in or as modules).",
		.why = "vfio-pci is the driver that hands PCI devices to VMs.",
		.fix = "Nothing to do.",
	},
	{
		.code = "kconfig.vfio_not_built",
		.meaning = "The kernel is built without CONFIG_VFIO or without "
			   "CONFIG_VFIO_PCI.",
		.why = "Without vfio-pci no PCI device can be handed to a VM "
		       "through VFIO.",
		.fix = "Boot a kernel built with CONFIG_VFIO=m and "
		       "CONFIG_VFIO_PCI=m (or =y); minimal or cloud kernel "
		       "flavours may lack them.",
	},
	{
		.code = "klog.acs_override",
		.meaning = "The kernel log has the ACS override patch's "
			   "warning (\"PCIe ACS overrides enabled; This may "
			   "allow non-IOMMU protected peer-to-peer DMA\"): "
			   "pcie_acs_override is in effect.",
		.why = "Groups look smaller than the real isolation; a guest's "
		       "device may reach other devices without passing the "
		       "IOMMU. Acceptable only when every guest is trusted.",
		.fix = "Remove pcie_acs_override= from the kernel command line "
		       "and pass real groups through whole.",
	},
	{
		.code = "klog.capped",
		.meaning = "The kernel log is larger than the size the tool "
			   "reads (16 MiB); the rest was not classified.",
		.why = "Lines past the cap, such as late IOMMU faults, are not "
		       "judged.",
		.fix = "Nothing to do; to analyse a snapshot fully, trim its "
		       "kernel log to the last boot.",
	},
	{
		.code = "klog.cmdline_unknown_option",
		.meaning = "The kernel log shows intel_iommu= or amd_iommu= "
			   "met an option it does not know (\"Unknown option - "
			   "'...'\"); the option is named in the title.",
		.why = "The setting you meant is not in effect; amd_iommu=on "
		       "in particular does not exist.",
		.fix = "Fix the option on the kernel command line. "
		       "intel_iommu= takes on, off, igfx_off, sp_off, sm_on, "
		       "sm_off, tboot_noforce; amd_iommu= takes off, "
		       "force_enable, force_isolation, pgtbl_v1, pgtbl_v2, "
		       "irtcachedis, nohugepages, v2_pgsizes_only.",
	},
	{
		.code = "klog.default_domain",
		.meaning = "The kernel log's \"iommu: Default domain type\" "
			   "line: Translated or Passthrough, and whether the "
			   "command line chose it.",
		.why = "The IOMMU core prints it on every kernel, with or "
		       "without IOMMU hardware, so it proves nothing about the "
		       "IOMMU being on; Passthrough means host devices are not "
		       "DMA-isolated.",
		.fix = "Nothing for passthrough; VFIO gives assigned devices "
		       "their own domain either way.",
	},
	{
		.code = "klog.dma_faults",
		.meaning = "The kernel log has IOMMU faults: a device accessed "
			   "memory, or sent an interrupt, its IOMMU domain "
			   "does not allow (DMAR fault lines, AMD-Vi "
			   "IO_PAGE_FAULT events).",
		.why = "At boot this is usually firmware DMA to an undeclared "
		       "region; later it is a driver or device bug. The same "
		       "faults in a guest stall the assigned device.",
		.fix = "Identify the device in the line (lspci -nn -s "
		       "BUS:DEV.FN); before passing it through, update its "
		       "firmware and the system firmware.",
	},
	{
		.code = "klog.firmware_bug",
		.meaning = "The kernel log has an IOMMU-related \"[Firmware "
			   "Bug]\" or \"[Firmware Warn]\" line; one finding "
			   "per kind of line.",
		.why = "The firmware's DMAR or IVRS description is wrong in a "
		       "way the kernel noticed; it may work around it, switch "
		       "a feature such as interrupt remapping off, or isolate "
		       "devices less than the table claims.",
		.fix = "Update the system firmware to the vendor's latest "
		       "release, and report the line to the vendor if it "
		       "persists.",
	},
	{
		.code = "klog.iommu.initialised",
		.meaning = "The kernel log shows the IOMMU driver started: "
			   "Intel's \"DMAR: Intel(R) Virtualization Technology "
			   "for Directed I/O\" or AMD's \"AMD-Vi: Found "
			   "IOMMU\".",
		.why = "DMA remapping is on in this boot.",
		.fix = "Nothing to do.",
	},
	{
		.code = "klog.iommu.not_initialised",
		.meaning = "The kernel log does not show an IOMMU driver "
			   "starting: the AMD driver disabled itself (Stoney "
			   "Ridge graphics, SME, no CMPXCHG16B, hardware that "
			   "failed to initialise), intel_iommu=off, or the "
			   "firmware publishes DMAR/IVRS but no driver start "
			   "line follows. Unknown when the log does not reach "
			   "back to boot; information when there is no table.",
		.why = "Without the driver there is no DMA remapping: no "
		       "device can be isolated or assigned.",
		.fix = "Follow the remedy for the cause: add intel_iommu=on, "
		       "remove intel_iommu=off, amd_iommu=off or iommu=off, "
		       "amd_iommu=force_enable on Stoney Ridge, microcode or "
		       "mem_encrypt=off for SME, or update the firmware.",
	},
	{
		.code = "klog.ir.disabled",
		.meaning = "The kernel log shows interrupt remapping off "
			   "(\"Not enabling interrupt remapping\", \"Disabling "
			   "interrupt remapping\", ...), or an IOMMU started "
			   "without a line enabling it. A warning when "
			   "allow_unsafe_interrupts=1 is on the command line.",
		.why = "Without it an assigned device can send arbitrary MSIs "
		       "to the host; vfio_iommu_type1 refuses every group "
		       "(-EPERM) unless allow_unsafe_interrupts=1.",
		.fix = "Remove intremap=off; on AMD with a missing IOAPIC map, "
		       "update the firmware or use ivrs_ioapic=ID@BUS:DEV.FN; "
		       "otherwise update the firmware. Only as a last resort, "
		       "with trusted guests: "
		       "vfio_iommu_type1.allow_unsafe_interrupts=1.",
	},
	{
		.code = "klog.ir.enabled",
		.meaning = "The kernel log shows interrupt remapping enabled "
			   "(\"DMAR-IR: Enabled IRQ remapping in x2apic "
			   "mode\", \"AMD-Vi: Interrupt remapping enabled\").",
		.why = "An assigned device's MSIs go through the remapping "
		       "table, so it cannot forge interrupts into the host; "
		       "VFIO requires this.",
		.fix = "Nothing to do.",
	},
	{
		.code = "klog.ir.unknown",
		.meaning = "The kernel log does not say whether interrupt "
			   "remapping is on: no IOMMU driver started, or the "
			   "log does not reach back to boot.",
		.why = "Other evidence (proc/interrupts, the iommu findings) "
		       "has to decide.",
		.fix = "Nothing here; if the log was cut, enlarge it with "
		       "log_buf_len=16M or read journalctl -k -b.",
	},
	{
		.code = "klog.ir.x2apic_opt_out",
		.meaning = "The kernel log shows x2APIC disabled because the "
			   "firmware set the DMAR x2APIC opt-out flag; "
			   "interrupt remapping runs in xAPIC mode.",
		.why = "Remapping still protects VFIO; only machines with APIC "
		       "IDs above 255 need x2APIC.",
		.fix = "Nothing for passthrough. For x2APIC: disable \"X2APIC "
		       "Opt Out\" in the firmware setup, or add "
		       "intremap=no_x2apic_optout to the kernel command line.",
	},
	{
		.code = "klog.log_truncated",
		.meaning = "The kernel log has no \"Linux version\" or "
			   "\"Command line:\" line: the ring buffer wrapped or "
			   "the log was cut, so it does not start at boot.",
		.why = "The IOMMU drivers print their lines in the first "
		       "seconds of boot, so a line missing from this log "
		       "proves nothing.",
		.fix = "Read the whole boot with journalctl -k -b, or keep it "
		       "in the ring buffer with log_buf_len=16M on the kernel "
		       "command line.",
	},
	{
		.code = "klog.pch_acs_quirk_failed",
		.meaning = "The kernel log has \"Failed to enable Intel PCH "
			   "ACS quirk\": the chipset workaround that gives "
			   "Intel PCH root ports ACS could not be enabled "
			   "(RCBA disabled).",
		.why = "Those root ports then count as not isolating, so "
		       "everything behind them shares one IOMMU group.",
		.fix = "Update the system firmware; pass through devices in "
		       "CPU-attached slots instead.",
	},
	{
		.code = "klog.rmrr_refusal",
		.meaning = "The kernel log shows the kernel refusing a device "
			   "an IOMMU domain because of a firmware 1:1 map "
			   "(\"Device is ineligible for IOMMU domain attach "
			   "due to platform RMRR requirement\" or \"Firmware "
			   "has requested this device have a 1:1 IOMMU "
			   "mapping\").",
		.why = "Linux will not move such a device into a guest's "
		       "domain (Intel since 3.17, every IOMMU since 6.5), so "
		       "it cannot be passed through.",
		.fix = "Pass through another device or slot, or find a "
		       "firmware setting that stops the firmware using the "
		       "device, and update the system firmware.",
	},
	{
		.code = "klog.several_boots",
		.meaning = "The kernel log holds several boots (several "
			   "\"Linux version\" lines); only the last one is "
			   "judged.",
		.why = "Lines from earlier kernels are ignored so they cannot "
		       "mislead the verdict.",
		.fix = "Nothing to do.",
	},
	{
		.code = "klog.unreadable",
		.meaning = "The kernel log could not be read (live: not root, "
			   "or dmesg_restrict; snapshot: no kernel log in it).",
		.why = "It is where the IOMMU drivers say whether they "
		       "started, whether interrupt remapping is on and which "
		       "firmware bugs they hit; without it those facts rest on "
		       "sysfs alone.",
		.fix = "Run vfio-ready as root, or capture the snapshot as "
		       "root; or save the log into the snapshot with sudo "
		       "dmesg > SNAPSHOT/vfio-ready/kernel-log.txt.",
	},
	{
		.code = "klog.vfio.no_interrupt_remapping",
		.meaning = "The kernel log has the line VFIO prints when it "
			   "refuses a group: \"vfio_iommu_type1_attach_group: "
			   "No interrupt remapping support\".",
		.why = "The attach returned -EPERM, so QEMU or libvirt failed "
		       "to start the guest with that device.",
		.fix = "Get interrupt remapping working (see the klog.ir and "
		       "iommu.interrupt_remapping findings). Only with trusted "
		       "guests: vfio_iommu_type1.allow_unsafe_interrupts=1.",
	},
	{
		.code = "klog.vfio_noiommu",
		.meaning = "The kernel log shows VFIO no-IOMMU mode was used "
			   "(\"Adding kernel taint for vfio-noiommu group\"): "
			   "a device was driven from user space without any "
			   "IOMMU.",
		.why = "That device could DMA anywhere in host memory, and the "
		       "kernel is tainted.",
		.fix = "Use it only for trusted user-space drivers (DPDK), "
		       "never for a VM; turn the IOMMU on instead.",
	},
	{
		.code = "kvm.device.access",
		.meaning = "Whether the user running vfio-ready can open "
			   "/dev/kvm read-write, judged from the node's owner, "
			   "group and mode (a POSIX ACL such as logind's seat "
			   "ACL may still grant access).",
		.why = "VMs started as this user (qemu:///session, GNOME "
		       "Boxes) need /dev/kvm; without it they fail or fall "
		       "back to slow emulation. System VMs run by libvirtd are "
		       "not affected.",
		.fix = "Add the user to the node's group (usually kvm: sudo "
		       "usermod -aG kvm $USER, then log in again); if the node "
		       "is not group-accessible, add a udev rule "
		       "KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\".",
	},
	{
		.code = "kvm.device.missing",
		.meaning = "/dev/kvm does not exist; the detail says why: "
			   "virtualization off in the firmware, a CPU without "
			   "it, kvm_intel/kvm_amd not loaded, or (inside a "
			   "container) the node not passed in.",
		.why = "Without /dev/kvm no VM can use KVM, so there is "
		       "nothing to pass a device to.",
		.fix = "Fix the cause the detail names: enable VT-x/AMD-V in "
		       "the firmware, sudo modprobe kvm_intel (or kvm_amd) and "
		       "list it in /etc/modules-load.d, or pass --device "
		       "/dev/kvm to the container.",
	},
	{
		.code = "kvm.device.present",
		.meaning = "/dev/kvm exists (misc device 10:232, "
			   "virt/kvm/kvm_main.c).",
		.why = "The kernel can run hardware-assisted (or paravirtual) "
		       "guests.",
		.fix = "Nothing to do.",
	},
	{
		.code = "kvm.device.unknown",
		.meaning = "Whether /dev/kvm exists could not be determined: "
			   "it could not be examined for a reason other than "
			   "its absence.",
		.why = "Without it, whether KVM is usable here is unknown.",
		.fix = "Run vfio-ready on the machine as root, or capture the "
		       "snapshot as root.",
	},
	{
		.code = "kvm.ignore_msrs",
		.meaning = "The KVM parameter ignore_msrs is on: guest reads "
			   "and writes of model-specific registers KVM does "
			   "not emulate are ignored (reads return 0) instead "
			   "of raising #GP.",
		.why = "Windows guests and some GPU drivers need it; it is not "
		       "a VFIO requirement, and it can fill the log unless "
		       "kvm.report_ignored_msrs=0.",
		.fix = "Nothing to do; set kvm.report_ignored_msrs=0 to quiet "
		       "the log.",
	},
	{
		.code = "kvm.module",
		.meaning = "Which KVM modules provide KVM: kvm_intel (VT-x), "
			   "kvm_amd (AMD-V), kvm_pvm (paravirtual), or only "
			   "the kvm core without a vendor module.",
		.why = "/dev/kvm can run guests only with a vendor module; the "
		       "kvm core alone creates no usable guests.",
		.fix = "Nothing to do if a vendor module is listed; otherwise "
		       "sudo modprobe kvm_intel (or kvm_amd) and read the "
		       "kernel log if it refuses.",
	},
	{
		.code = "kvm.nested",
		.meaning = "Whether nested virtualization is on in kvm_intel "
			   "or kvm_amd (the nested module parameter).",
		.why = "Only needed to run KVM, and pass a device on, inside a "
		       "guest of this host.",
		.fix = "Nothing to do; to enable it: options kvm_intel "
		       "nested=1 (or kvm_amd) in a file in /etc/modprobe.d, "
		       "then reload the module with no VM running.",
	},
	{
		.code = "vfio.allow_unsafe_interrupts",
		.meaning = "The allow_unsafe_interrupts parameter of "
			   "vfio_iommu_type1 (or iommufd) is on "
			   "(sys/module/.../parameters/allow_unsafe_interrupts "
			   "is Y).",
		.why = "VFIO attaches groups even when interrupts are not "
		       "remapped, so a device assigned to a guest can inject "
		       "interrupts into the host.",
		.fix = "If interrupt remapping works here, remove "
		       "allow_unsafe_interrupts from /etc/modprobe.d and the "
		       "kernel command line, and write N to "
		       "/sys/module/vfio_iommu_type1/parameters/allow_unsafe_"
		       "interrupts.",
	},
	{
		.code = "vfio.bound_devices",
		.meaning = "Which PCI functions are bound to vfio-pci (or a "
			   "vfio-pci variant driver) or pci-stub, with their "
			   "IOMMU group and /dev/vfio node; unknown when the "
			   "PCI functions could not be listed.",
		.why = "These functions are held for a VM; a group's "
		       "/dev/vfio/N appears once every device of the group is "
		       "on a VFIO driver, pci-stub or no driver.",
		.fix = "Nothing to do; libvirt managed='yes' binds devices on "
		       "VM start, or bind them at boot with vfio-pci.ids= or "
		       "driver_override.",
	},
	{
		.code = "vfio.container_node",
		.meaning = "Whether /dev/vfio/vfio, the VFIO container device, "
			   "exists.",
		.why = "QEMU and libvirt open it to set up a device's IOMMU "
		       "context. It appears when the vfio module loads; a "
		       "kernel with only iommufd uses /dev/iommu and "
		       "/dev/vfio/devices/vfioN instead.",
		.fix = "Nothing to do; sudo modprobe vfio-pci creates it.",
	},
	{
		.code = "vfio.driver_override",
		.meaning = "Some PCI functions have a driver_override set "
			   "(sys/bus/pci/devices/BDF/driver_override); the "
			   "evidence says whether the bound driver matches it.",
		.why = "driver_override takes priority over ID tables: only "
		       "the named driver may bind the function. Writing it "
		       "does not unbind the current driver.",
		.fix = "Nothing, if it names vfio-pci on purpose. To clear it: "
		       "echo > /sys/bus/pci/devices/BDF/driver_override.",
	},
	{
		.code = "vfio.ids_not_bound",
		.meaning = "vfio-pci ids= (kernel command line or "
			   "/etc/modprobe.d) names devices that another driver "
			   "claimed first.",
		.why = "vfio-pci takes a listed device only if it loads before "
		       "the native driver (vfio_pci_fill_ids() adds the IDs at "
		       "module init); here the device is in use by the host.",
		.fix = "Add \"softdep DRIVER pre: vfio-pci\" for each native "
		       "driver to a file in /etc/modprobe.d, or load vfio-pci "
		       "from the initramfs, then rebuild the initramfs and "
		       "reboot.",
	},
	{
		.code = "vfio.modules",
		.meaning = "Whether the VFIO modules (vfio, vfio_pci, and "
			   "vfio_iommu_type1 or iommufd) are loaded, built in, "
			   "or installed to load on demand.",
		.why = "They are what hands a device to a VM; a kernel without "
		       "them cannot pass anything through.",
		.fix = "Nothing if they are loaded or installed; to have them "
		       "at boot, list vfio, vfio_iommu_type1 and vfio_pci in "
		       "the initramfs. If missing, boot a kernel built with "
		       "CONFIG_VFIO, CONFIG_VFIO_PCI and "
		       "CONFIG_VFIO_IOMMU_TYPE1 (or CONFIG_IOMMUFD).",
	},
	{
		.code = "vfio.no_iommu_groups",
		.meaning = "There is no IOMMU group for VFIO to bind a device "
			   "to (unknown when sys/kernel/iommu_groups could not "
			   "be read).",
		.why = "vfio-pci refuses a device without an IOMMU group "
		       "(-EINVAL, vfio_group_find_or_alloc()), so nothing can "
		       "be assigned.",
		.fix = "Fix the kernel layer first: see the iommu.units and "
		       "iommu.groups findings.",
	},
	{
		.code = "vfio.noiommu_mode",
		.meaning = "The vfio module parameter "
			   "enable_unsafe_noiommu_mode is on: VFIO binds "
			   "devices that have no IOMMU group, as "
			   "/dev/vfio/noiommu-N.",
		.why = "Such a device can DMA to any host memory, and the "
		       "kernel taints itself (\"Adding kernel taint for "
		       "vfio-noiommu group\"); unsuitable for VMs.",
		.fix = "Remove vfio.enable_unsafe_noiommu_mode from the kernel "
		       "command line and /etc/modprobe.d, and enable the IOMMU "
		       "instead.",
	},
};

#define NENTRIES (sizeof(table) / sizeof(table[0]))

static int cmp_code(const void *key, const void *entry)
{
	return strcmp(key, ((const struct explanation *)entry)->code);
}

const struct explanation *explain_find(const char *code)
{
	if (!code)
		return NULL;
	return bsearch(code, table, NENTRIES, sizeof(table[0]), cmp_code);
}

size_t explain_count(void)
{
	return NENTRIES;
}

const struct explanation *explain_at(size_t i)
{
	return i < NENTRIES ? &table[i] : NULL;
}
