/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "kvm.h"

#include <errno.h>

#include "probe.h"

int probe_kvm(struct host *h)
{
	fact_src_set(&h->kvm.dev_src, "dev/kvm", -ENOSYS);
	return 0;
}

void kvm_facts_release(struct kvm_facts *k)
{
	(void)k;
}
