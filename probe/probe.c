/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe_host(): read every fact once, in dependency order (the kernel
 * config needs the release; the cmdline reading needs nothing else).
 */
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void read_release(struct host *h)
{
	struct blob b;
	int e = root_read(h->root, "proc/sys/kernel/osrelease", CAP_ATTR, &b);

	fact_src_set(&h->kernel_release_src, "proc/sys/kernel/osrelease", e);
	if (e)
		return;
	size_t n = strcspn(b.data, "\r\n");

	if (n >= sizeof(h->kernel_release))
		n = sizeof(h->kernel_release) - 1;
	memcpy(h->kernel_release, b.data, n);
	h->kernel_release[n] = 0;
	blob_release(&b);
}

int probe_host(struct root *r, const char *source, struct host *h)
{
	char err[256];
	int e;

	memset(h, 0, sizeof(*h));
	h->root = r;
	h->live = root_is_live(r);
	snprintf(h->source, sizeof(h->source), "%s",
		 h->live ? "live" : source);

	if (h->live) {
		h->as_root = geteuid() == 0;
		h->as_root_known = true;
	} else {
		e = snapshot_meta_read(r, &h->snap, err, sizeof(err));
		if (e && e != -ENOENT)
			return e;
		h->as_root = h->snap.as_root;
		h->as_root_known = h->snap.as_root_known;
	}

	/* Order matters only where an area reads another's facts: the kernel
	 * log first (the CPU area looks for "disabled by BIOS" lines in it),
	 * the release before the config and the module lists. */
	read_release(h);
	probe_boot(h);
	probe_klog(h);
	probe_cpu(h);
	probe_acpi(h);
	probe_cmdline(h);
	probe_kconfig(h);
	probe_modules(h);
	probe_kvm(h);
	probe_sys(h);
	return 0;
}

void host_release(struct host *h)
{
	cpu_facts_release(&h->cpu);
	acpi_facts_release(&h->acpi);
	klog_facts_release(&h->klog);
	cmdline_facts_release(&h->cmdline);
	kconfig_facts_release(&h->kconfig);
	kvm_facts_release(&h->kvm);
	module_facts_release(&h->modules);
	sys_facts_release(&h->sys);
}

enum iommu_vendor host_iommu_vendor(const struct host *h)
{
	if (h->acpi.dmar_present)
		return IOMMU_VENDOR_INTEL;
	if (h->acpi.ivrs_present)
		return IOMMU_VENDOR_AMD;
	if (fact_known(&h->acpi.tables_src))
		return IOMMU_VENDOR_NONE;
	return IOMMU_VENDOR_UNKNOWN;
}

const char *host_cpu_vendor_name(const struct host *h)
{
	switch (h->cpu.vendor) {
	case CPU_VENDOR_INTEL:
		return "intel";
	case CPU_VENDOR_AMD:
	case CPU_VENDOR_HYGON:
		return "amd";
	case CPU_VENDOR_ZHAOXIN:
	case CPU_VENDOR_OTHER:
		return "other";
	default:
		return "unknown";
	}
}
