/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cmdline.h"

#include <errno.h>
#include <stdio.h>

#include "probe.h"

int probe_cmdline(struct host *h)
{
	struct blob b;
	int e = root_read(h->root, "proc/cmdline", CAP_ATTR, &b);

	fact_src_set(&h->cmdline.src, "proc/cmdline", e);
	if (!e) {
		snprintf(h->cmdline.raw, sizeof(h->cmdline.raw), "%s", b.data);
		blob_release(&b);
	}
	return 0;
}

int probe_kconfig(struct host *h)
{
	fact_src_set(&h->kconfig.src, "proc/config.gz", -ENOSYS);
	return 0;
}

void cmdline_facts_release(struct cmdline_facts *c)
{
	(void)c;
}

void kconfig_facts_release(struct kconfig_facts *k)
{
	(void)k;
}
