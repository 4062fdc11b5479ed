/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel build config: /boot/config-* text, or /proc/config.gz
 * gunzipped in memory through libarchive; then every check and writer. */
#include "../../probe/cmdline.h"
#include "../../probe/root.h"
#include "fuzz-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host *h = fuzz_empty_host();
	const struct kconfig_facts saved = h->kconfig;
	struct blob gz = { 0 };
	char *text = NULL;
	const char *src;
	size_t len;

	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		/* a small cap, so the fuzzer also meets the cap's edge */
		if (kconfig_gunzip(data, size, 1u << 16, &gz))
			return 0;
		src = gz.data;
		len = gz.len;
	} else {
		text = fuzz_text(data, size);
		if (!text)
			return 0;
		src = text;
		len = size;
	}
	kconfig_parse(src, len, &h->kconfig);
	fact_src_set(&h->kconfig.src, "boot/config", 0);
	for (size_t i = 0; i < KCONFIG_NTRACKED; i++) {
		char line[160];

		kconfig_line(&h->kconfig, kconfig_tracked[i], line, sizeof(line));
	}
	fuzz_judge(h);
	kconfig_facts_release(&h->kconfig);
	h->kconfig = saved;
	blob_release(&gz);
	free(text);
	return 0;
}
