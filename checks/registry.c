/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The explicit, ordered list of checks (no constructors: the order is what
 * you read here, and test binaries link only what they name).
 */
#include "check.h"

#include <errno.h>
#include <string.h>

extern const struct check check_cpu, check_kvm, check_firmware, check_klog,
	check_cmdline, check_iommu, check_vfio, check_groups, check_devices;

const struct check *const check_registry[] = {
	&check_cpu,       /* cpu.c      VT-x / AMD-V, hypervisor */
	&check_kvm,       /* kvm.c      /dev/kvm and the kvm modules */
	&check_firmware,  /* firmware.c DMAR / IVRS */
	&check_klog,      /* klog.c     IOMMU lines of the kernel log */
	&check_cmdline,   /* cmdline.c  command line and kernel config */
	&check_iommu,     /* iommu.c    IOMMU units, groups, IR in force */
	&check_vfio,      /* vfio.c     vfio modules, nodes, bindings */
	&check_groups,    /* groups.c   kernel vs predicted groups, ACS */
	&check_devices,   /* devices.c  per-device assignability */
	NULL,
};

void checks_run(const struct host *h, struct findings *fs)
{
	for (const struct check *const *c = check_registry; *c; c++) {
		size_t before = fs->count;
		int e;

		fs->current_check = (*c)->id;
		e = (*c)->run(h, fs);
		if (e) {
			struct finding *f = finding_add(
				fs, "internal.check_failed", LAYER_CPU,
				VERDICT_ERROR, SEV_HIGH,
				"The %s check stopped with an internal error",
				(*c)->id);
			finding_detail(f, "%s (error %d); %zu findings were "
				       "emitted before it stopped.",
				       strerror(-e), e, fs->count - before);
		}
	}
	fs->current_check = NULL;
}
