/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel command line: splitting like the kernel's next_arg(), the
 * per-vendor option parsers, the summary, then every check and writer
 * (the cmdline check quotes parameters and builds boot-loader remedies). */
#include "../../probe/cmdline.h"
#include "fuzz-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host *h = fuzz_empty_host();
	const struct cmdline_facts saved = h->cmdline;
	struct cmdline_summary s;
	size_t n = size < sizeof(h->cmdline.raw) ? size :
						   sizeof(h->cmdline.raw) - 1;

	h->cmdline.params = NULL;
	h->cmdline.nparams = 0;
	h->cmdline.init_args = NULL;
	/* as probe_cmdline() keeps it: the text, cut to the buffer */
	memcpy(h->cmdline.raw, data, n);
	h->cmdline.raw[n] = '\0';
	if (cmdline_parse((const char *)data, size, &h->cmdline) == 0) {
		fact_src_set(&h->cmdline.src, "proc/cmdline", 0);
		cmdline_summarise(&h->cmdline, &s);
		for (size_t i = 0; i < h->cmdline.nparams; i++) {
			const struct cmdline_param *p = &h->cmdline.params[i];
			const char *pos = p->value, *opt;
			size_t len;

			cmdline_module_bool(p);
			while (pos && cmdline_next_opt(&pos, &opt, &len)) {
				cmdline_intel_iommu_opt(opt, len);
				cmdline_amd_iommu_opt(opt, len);
				cmdline_iommu_opt(opt, len);
				cmdline_intremap_opt(opt, len);
				cmdline_acs_override_opt_valid(opt, len);
				cmdline_vfio_id_valid(opt, len);
			}
		}
		fuzz_judge(h);
	}
	cmdline_facts_release(&h->cmdline);
	h->cmdline = saved;
	return 0;
}
