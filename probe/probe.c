/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe_host(): read every fact once, in dependency order (the kernel
 * config needs the release; the cmdline reading needs nothing else).
 */
#include "probe.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The IOMMU groups are read on a second thread while this one reads the
 * PCI functions: neither reads the other's facts, and on a host with
 * thousands of both they are most of an audit's system calls, which two
 * CPUs make in about half the time.  The worker reads through a handle of
 * its own (root_clone(): a handle's lookup cache is not shared) and
 * writes only h->sys's groups fields until it is joined.  While capturing,
 * or if no thread can be had, the groups are read here, in turn.
 */
struct groups_worker {
	pthread_t thread;
	struct root *root;          /* non-NULL: the thread runs */
	struct sys_facts *sys;
};

static void *groups_main(void *arg)
{
	struct groups_worker *w = arg;

	probe_iommu_groups(w->root, w->sys);
	return NULL;
}

static void groups_start(struct host *h, struct groups_worker *w)
{
	w->sys = &h->sys;
	if (root_clone(h->root, &w->root))
		w->root = NULL;
	else if (pthread_create(&w->thread, NULL, groups_main, w)) {
		root_free(w->root);
		w->root = NULL;
	}
	if (!w->root)
		probe_iommu_groups(h->root, &h->sys);
}

static void groups_join(struct groups_worker *w)
{
	if (!w->root)
		return;
	pthread_join(w->thread, NULL);
	root_free(w->root);
	w->root = NULL;
}

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

/* pcie_acs_override= as the out-of-tree patch reads it (kernel.md §5.4):
 * "downstream", "multifunction", "id:vvvv:dddd" (at most 16 ids). */
static void acs_override_opts(const struct cmdline_facts *c,
			      struct predict_opts *o)
{
	struct cmdline_summary s;
	const char *pos, *opt;
	size_t len;

	cmdline_summarise(c, &s);
	if (!s.acs_override || !s.acs_override->value)
		return;
	pos = s.acs_override->value;
	while (cmdline_next_opt(&pos, &opt, &len)) {
		if (len == 10 && !strncmp(opt, "downstream", len)) {
			o->override_downstream = true;
		} else if (len == 13 && !strncmp(opt, "multifunction", len)) {
			o->override_multifunction = true;
		} else if (!strncmp(opt, "id:", 3) &&
			   cmdline_acs_override_opt_valid(opt, len) &&
			   o->noverride_ids < 16) {
			/* "id:vvvv:dddd", four hex digits each (the finding's
			 * test): each strtoul() stops at the ':' or the ',' */
			o->override_ids[o->noverride_ids++] =
				(uint32_t)(strtoul(opt + 3, NULL, 16) << 16 |
					   strtoul(opt + 8, NULL, 16));
		}
	}
}

/*
 * Predict the groups the kernel forms (or would form).  The kernel asks for
 * ACS (pci_request_acs()) only when an IOMMU driver starts, so with the
 * IOMMU off the control registers say nothing about what it will be: judge
 * by capability then (kernel.md §2.2).
 */
static void predict_groups(struct host *h)
{
	struct predict_opts *o = &h->predict_opts;

	o->iommu_active = h->sys.ngroups > 0;
	o->amd_ivrs = h->acpi.ivrs_present;
	/* The AMD driver takes each IOMMU it uses out of translation: its own
	 * function never joins a group (amd/init.c init_iommu_one()). */
	for (size_t i = 0; i < h->acpi.ivrs.nunits; i++) {
		const struct ivrs_unit *u = &h->acpi.ivrs.units[i];

		if (ivrs_is_ivhd(u->type) && u->used_by_kernel &&
		    o->nuntranslated < sizeof(o->untranslated) /
				       sizeof(o->untranslated[0]))
			o->untranslated[o->nuntranslated++] =
				(uint32_t)u->segment << 16 | u->devid;
	}
	if (!host_acs_override_ignored(h))
		acs_override_opts(&h->cmdline, o);
	groups_predict(&h->pci, o, &h->predicted);
}

int probe_host(struct root *r, const char *source,
	       const struct probe_opts *o, struct host *h)
{
	struct groups_worker groups;
	char err[256];
	int e;

	memset(h, 0, sizeof(*h));
	h->root = r;
	h->live = root_is_live(r);
	h->lspci_dump = o ? o->lspci_dump : NULL;
	h->profile = o ? o->profile : PROFILE_ISOLATION;
	h->focus = o ? o->focus : NULL;
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
	if (o && o->identity)
		probe_identity(h);
	probe_boot(h);
	probe_klog(h);
	probe_cpu(h);
	probe_acpi(h);
	probe_cmdline(h);
	probe_kconfig(h);
	probe_modules(h);
	probe_kvm(h);
	groups_start(h, &groups);
	probe_sys(h);
	probe_pci(h);
	groups_join(&groups);
	predict_groups(h);
	probe_assign(h);
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
	pci_facts_release(&h->pci);
	predicted_groups_release(&h->predicted);
	assign_facts_release(&h->assign);
}

bool host_acs_override_ignored(const struct host *h)
{
	return h->klog.reaches_boot && !h->klog.acs_override_warning;
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

static bool denied(const struct fact_src *s)
{
	return s->err == -EACCES || s->err == -EPERM;
}

size_t host_root_gaps(const struct host *h, struct root_gap *out)
{
	size_t n = 0, short_config = 0;

	if (h->as_root || !h->as_root_known)
		return 0;
	/* the klog area says why when it knows (dmesg_restrict=1) */
	if (denied(&h->klog.src) || h->klog.reason[0]) {
		out[n] = (struct root_gap){ .fact = "kernel_log",
					    .what = "the kernel log",
					    .source = h->klog.src.path };
		snprintf(out[n].reason, sizeof(out[n].reason), "%s",
			 h->klog.reason[0] ? h->klog.reason : "needs root");
		n++;
	}
	/* listed but unread: 0400 root live, absent from a capture made
	 * without root */
	if ((h->acpi.dmar_present && !fact_known(&h->acpi.dmar_src)) ||
	    (h->acpi.ivrs_present && !fact_known(&h->acpi.ivrs_src))) {
		out[n] = (struct root_gap){
			.fact = "acpi_tables", .what = "the ACPI DMAR/IVRS table",
			.source = h->acpi.dmar_present ? h->acpi.dmar_src.path :
							 h->acpi.ivrs_src.path };
		snprintf(out[n].reason, sizeof(out[n].reason),
			 "the table is readable by root only: IOMMU units, "
			 "RMRR/IVMD ranges and device scopes are unknown");
		n++;
	}
	/* 64 bytes is what pci-sysfs gives a reader without CAP_SYS_ADMIN;
	 * a dump or a function that truly ends there is not a gap */
	if (!h->pci.from_dump)
		for (size_t i = 0; i < h->pci.count; i++)
			short_config += h->pci.v[i].config_size == 64;
	if (short_config) {
		out[n] = (struct root_gap){
			.fact = "pci_config_space", .what = "PCI config space",
			.source = "sys/bus/pci/devices/*/config" };
		snprintf(out[n].reason, sizeof(out[n].reason),
			 "%zu of %zu functions show only their first 64 bytes: "
			 "ACS, PCIe port type and reset capabilities are unknown",
			 short_config, h->pci.count);
		n++;
	}
	return n;
}
