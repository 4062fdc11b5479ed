/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_SYSSTATE_H
#define VFIO_READY_PROBE_SYSSTATE_H

/* Runtime state: kernel modules, /dev/kvm and /dev/vfio, IOMMU units and
 * groups, interrupt remapping in use, PCI driver bindings. */

#include <stdbool.h>

#include "fact.h"

struct host;

struct sys_facts {
	struct fact_src modules_src;   /* proc/modules */
};

int probe_sys(struct host *h);
void sys_facts_release(struct sys_facts *s);

#endif
