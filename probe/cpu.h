/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_CPU_H
#define VFIO_READY_PROBE_CPU_H

/* CPU facts: CPUID through libcpuid, and the kernel's view in /proc/cpuinfo. */

#include <stdbool.h>

#include <libcpuid/libcpuid.h>

#include "fact.h"

struct host;

enum cpu_vendor_id {
	CPU_VENDOR_UNKNOWN = 0,
	CPU_VENDOR_INTEL,
	CPU_VENDOR_AMD,
	CPU_VENDOR_HYGON,
	CPU_VENDOR_ZHAOXIN,
	CPU_VENDOR_OTHER,
};

struct cpu_facts {
	struct fact_src cpuid_src;     /* "cpuid" live, SNAP_CPUID in a snapshot */
	struct fact_src cpuinfo_src;   /* proc/cpuinfo */
	enum cpu_vendor_id vendor;     /* from CPUID, else from cpuinfo */
	struct cpu_raw_data_t raw;     /* valid when fact_known(&cpuid_src) */
};

/*
 * For capture: write the raw CPUID dump (libcpuid's serialiser) to the host
 * file PATH, and format the hypervisor leaf (0x40000000) as the text of
 * SNAP_CPUID_HV.  Both return 0 or -errno (-ENODATA when not known).
 */
int cpu_snapshot_write_raw(const struct cpu_facts *c, const char *path);
int cpu_snapshot_hv_text(const struct cpu_facts *c, char *buf,
			 unsigned int len);

int probe_cpu(struct host *h);
void cpu_facts_release(struct cpu_facts *c);

#endif
