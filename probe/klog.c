/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "klog.h"

#include <errno.h>
#include <stdlib.h>

#include "probe.h"

int probe_klog(struct host *h)
{
	fact_src_set(&h->klog.src, SNAP_KLOG, -ENOSYS);
	return 0;
}

void klog_facts_release(struct klog_facts *k)
{
	free(k->text);
	k->text = NULL;
}
