/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/cpuinfo and the snapshot's CPUID hypervisor-leaf text, then every
 * check and writer over the CPU facts they give. */
#include "../../probe/cpu.h"
#include "fuzz-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host *h = fuzz_empty_host();
	const struct cpu_facts saved = h->cpu;
	char *text = fuzz_text(data, size);
	char sig[13];

	if (!text)
		return 0;
	if (cpuinfo_parse(text, size, &h->cpu.info) == 0) {
		fact_src_set(&h->cpu.cpuinfo_src, "proc/cpuinfo", 0);
		h->cpu.vendor = cpu_vendor_from_string(h->cpu.info.vendor_id);
	}
	if (cpu_hv_text_parse(text, size, h->cpu.hv_leaf) == 0) {
		fact_src_set(&h->cpu.hv_src, "cpuid-hypervisor", 0);
		cpu_hv_signature(h->cpu.hv_leaf, sig);
		cpu_hypervisor_name(sig);
	}
	fuzz_judge(h);
	cpu_facts_release(&h->cpu);
	h->cpu = saved;
	free(text);
	return 0;
}
