/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_CPU_H
#define VFIO_READY_PROBE_CPU_H

/*
 * CPU facts: CPUID through libcpuid, the kernel's view in /proc/cpuinfo,
 * and the kernel log lines that say firmware switched VMX/SVM off.
 *
 * CPUID says what the silicon can do; the kernel clears X86_FEATURE_VMX /
 * X86_FEATURE_SVM (and so the cpuinfo flag) when firmware locked the
 * feature off (arch/x86/kernel/cpu/feat_ctl.c init_ia32_feat_ctl(),
 * arch/x86/kernel/cpu/amd.c init_amd()).  Comparing the two is how a
 * firmware switch is told from a CPU that lacks the extension.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* The kernel's view, from /proc/cpuinfo (arch/x86/kernel/cpu/proc.c). */
#define CPUINFO_VMX_FLAGS_MAX 1024
struct cpuinfo_facts {
	char vendor_id[32];            /* first "vendor_id" */
	char model_name[128];          /* first "model name" */
	unsigned int logical_cpus;     /* number of "processor" entries */
	bool has_flags;                /* a "flags" line was seen */
	bool flag_vmx, flag_svm, flag_hypervisor;   /* in the first one */
	bool has_vmx_flags;            /* a "vmx flags" line (kernel >= 5.9) */
	char vmx_flags[CPUINFO_VMX_FLAGS_MAX];      /* its value, space
						       separated */
};

/* A kernel log line about VMX/SVM, with its 1-based line number. */
struct cpu_klog_hit {
	bool found;
	unsigned long lineno;
	char line[256];
};

struct cpu_facts {
	struct fact_src cpuid_src;     /* "cpuid" live, SNAP_CPUID in a snapshot */
	struct fact_src cpuinfo_src;   /* proc/cpuinfo */
	enum cpu_vendor_id vendor;     /* from CPUID, else from cpuinfo */
	struct cpu_raw_data_t raw;     /* valid when fact_known(&cpuid_src) */

	/* Decoded from raw (valid when fact_known(&cpuid_src)). */
	char vendor_string[16];        /* CPUID.0: EBX EDX ECX */
	char brand[64];                /* CPUID.80000002h-80000004h */
	int family, model, stepping;   /* displayed (extended) values */
	bool leaf1_valid;              /* CPUID.0:EAX >= 1 */
	uint32_t leaf1_ecx;            /* CPUID.1:ECX */
	bool ext1_valid;               /* CPUID.80000000h:EAX >= 80000001h */
	uint32_t ext1_ecx;             /* CPUID.80000001h:ECX */
	bool vmx;                      /* CPUID.1:ECX bit 5 */
	bool svm;                      /* CPUID.80000001h:ECX bit 2 */
	bool hypervisor_bit;           /* CPUID.1:ECX bit 31 */

	/* Leaf 0x40000000, read only when the hypervisor bit is set:
	 * "cpuid" live, SNAP_CPUID_HV in a snapshot. */
	struct fact_src hv_src;
	uint32_t hv_leaf[4];           /* EAX EBX ECX EDX */
	char hv_signature[13];         /* EBX ECX EDX as text, NUL-padded */

	struct cpuinfo_facts info;     /* valid when fact_known(&cpuinfo_src) */

	/* From the kernel log (h->klog), when it could be read. */
	bool klog_scanned;
	struct cpu_klog_hit klog_fw_disabled;   /* firmware switched it off */
	struct cpu_klog_hit klog_no_support;    /* kvm found no VMX/SVM */
};

/*
 * For capture: write the raw CPUID dump (libcpuid's serialiser) to the host
 * file PATH, and format the hypervisor leaf (0x40000000) as the text of
 * SNAP_CPUID_HV ("leaf_40000000=EAX EBX ECX EDX", 8 hex digits each).
 * Both return 0 or -errno (-ENODATA when not known).
 */
int cpu_snapshot_write_raw(const struct cpu_facts *c, const char *path);
int cpu_snapshot_hv_text(const struct cpu_facts *c, char *buf,
			 unsigned int len);

int probe_cpu(struct host *h);
void cpu_facts_release(struct cpu_facts *c);

/* Pure decoders, for probe_cpu() and the tests. */

/* "GenuineIntel" -> CPU_VENDOR_INTEL, ...; NULL or "" -> UNKNOWN. */
enum cpu_vendor_id cpu_vendor_from_string(const char *s);
/* Parse /proc/cpuinfo TEXT.  0, or -EBADMSG when it holds neither a
 * "processor" nor a "flags" line. */
int cpuinfo_parse(const char *text, size_t len, struct cpuinfo_facts *out);
/* Parse the SNAP_CPUID_HV text.  0, -ENODATA (no leaf line), -EBADMSG. */
int cpu_hv_text_parse(const char *text, size_t len, uint32_t regs[4]);
/* The 12-byte signature of leaf 0x40000000 (EBX, ECX, EDX), NUL-terminated. */
void cpu_hv_signature(const uint32_t regs[4], char out[13]);
/* "KVM", "Microsoft Hyper-V", ... for a signature; NULL when unknown. */
const char *cpu_hypervisor_name(const char *signature);
/* The first kernel log lines that say firmware disabled VMX/SVM (FW) and
 * that KVM found no VMX/SVM (NOSUP), in TEXT of LEN bytes. */
void cpu_klog_scan(const char *text, size_t len, struct cpu_klog_hit *fw,
		   struct cpu_klog_hit *nosup);

/* Judgements over the facts, shared by the check and the report. */

/* The CPU can do VMX or SVM: TRI_UNKNOWN when CPUID was not read and the
 * kernel shows no flag. */
enum tri cpu_virt_capable(const struct cpu_facts *c);
/* The kernel shows the vmx or svm flag: TRI_UNKNOWN without cpuinfo. */
enum tri cpu_virt_flag(const struct cpu_facts *c);
/* Firmware switched virtualization off: a "disabled by BIOS" log line, or
 * CPUID has the extension and the kernel hid its flag. */
enum tri cpu_virt_disabled_by_firmware(const struct cpu_facts *c);
/* Running under a hypervisor (CPUID bit, else the cpuinfo flag). */
enum tri cpu_under_hypervisor(const struct cpu_facts *c);
/* "vt-x", "amd-v", "none" or "unknown": what the CPU offers. */
const char *cpu_virtualization_name(const struct cpu_facts *c);

#endif
