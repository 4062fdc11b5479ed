/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_KVM_H
#define VFIO_READY_PROBE_KVM_H

/* KVM: /dev/kvm and the kvm modules, read on their own (never gated on CPU
 * flags: a paravirtual KVM such as kvm_pvm works without vmx/svm). */

#include <stdbool.h>
#include <sys/types.h>

#include "fact.h"

struct host;

struct kvm_facts {
	struct fact_src dev_src;       /* dev/kvm */
};

int probe_kvm(struct host *h);
void kvm_facts_release(struct kvm_facts *k);

#endif
