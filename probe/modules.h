/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_MODULES_H
#define VFIO_READY_PROBE_MODULES_H

/*
 * Kernel modules: loaded ones from /proc/modules, built-in ones from
 * /sys/module (a built-in module appears there when it has parameters or a
 * version; modules.builtin under /lib/modules/RELEASE lists them all).
 */

#include <stdbool.h>
#include <stddef.h>

#include "fact.h"

struct host;

enum module_state {
	MODULE_UNKNOWN = 0,   /* nothing could be read */
	MODULE_ABSENT,        /* neither loaded nor built in */
	MODULE_LOADED,        /* in /proc/modules */
	MODULE_BUILTIN,       /* built into the kernel */
};

struct module_facts {
	struct fact_src proc_src;      /* proc/modules */
	struct fact_src sys_src;       /* sys/module listing */
	struct fact_src builtin_src;   /* lib/modules/RELEASE/modules.builtin */
	char **loaded;                 /* names in /proc/modules, sorted */
	size_t nloaded;
	char **sysmod;                 /* entries of /sys/module, sorted */
	size_t nsysmod;
	char **builtin;                /* from modules.builtin, sorted */
	size_t nbuiltin;
};

int probe_modules(struct host *h);
void module_facts_release(struct module_facts *m);

/* NAME with '-' and '_' equivalent, as the kernel treats them. */
enum module_state module_state(const struct module_facts *m, const char *name);
const char *module_state_name(enum module_state s);

/* Pure: the module names of a /proc/modules text (first word of each
 * line), sorted; *names NULL-terminated, caller frees each and the array. */
int modules_parse_proc(const char *text, char ***names, size_t *count);

#endif
