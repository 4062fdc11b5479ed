/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_CMDLINE_H
#define VFIO_READY_PROBE_CMDLINE_H

/* The kernel command line (/proc/cmdline) and the running kernel's build
 * configuration (/boot/config-RELEASE or /proc/config.gz). */

#include <stdbool.h>

#include "fact.h"

struct host;

struct cmdline_facts {
	struct fact_src src;
	char raw[4096];
};

struct kconfig_facts {
	struct fact_src src;
};

int probe_cmdline(struct host *h);
int probe_kconfig(struct host *h);
void cmdline_facts_release(struct cmdline_facts *c);
void kconfig_facts_release(struct kconfig_facts *k);

#endif
