/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel log: normalisation of every accepted form (klogctl, kmsg
 * records, dmesg, journalctl), classification, the summaries, then every
 * check and writer over it (the klog, iommu and cpu checks quote lines). */
#include "../../probe/cpu.h"
#include "../../probe/klog.h"
#include "fuzz-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host *h = fuzz_empty_host();
	const struct klog_facts saved = h->klog;
	struct cpu_klog_hit fw, off;

	/* raw bytes, not NUL-terminated: the reader hands over a length */
	if (klog_load(&h->klog, (const char *)data, size) == 0) {
		fact_src_set(&h->klog.src, "dmesg", 0);
		cpu_klog_scan(h->klog.text, h->klog.len, &fw, &off);
		fuzz_judge(h);
	}
	klog_facts_release(&h->klog);
	h->klog = saved;
	return 0;
}
