/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cpu.h"

#include <errno.h>

#include "probe.h"

int probe_cpu(struct host *h)
{
	fact_src_set(&h->cpu.cpuid_src, "cpuid", -ENOSYS);
	fact_src_set(&h->cpu.cpuinfo_src, "proc/cpuinfo", -ENOSYS);
	return 0;
}

void cpu_facts_release(struct cpu_facts *c)
{
	(void)c;
}
