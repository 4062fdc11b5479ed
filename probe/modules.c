/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Module state.  The kernel treats '-' and '_' in module names alike
 * (kernel/params.c parameqn), and /proc/modules and /sys/module always use
 * '_', so names are compared after folding '-' to '_'.
 */
#include "modules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

#define MAX_MODULES 16384

static void fold(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Collect the first word of each line of TEXT; if BASENAME, keep only the
 * last path component without ".ko" (modules.builtin lines look like
 * "kernel/drivers/vfio/vfio.ko"). */
static int parse_lines(const char *text, bool basename, char ***names,
		       size_t *count)
{
	char **v = NULL;
	size_t n = 0, alloc = 0;

	*names = NULL;
	*count = 0;
	for (const char *p = text; *p;) {
		size_t wl = strcspn(p, " \t\n");
		const char *w = p;

		if (wl && n < MAX_MODULES) {
			if (basename) {
				const char *slash = memrchr(w, '/', wl);

				if (slash) {
					wl -= (size_t)(slash + 1 - w);
					w = slash + 1;
				}
				if (wl > 3 && !memcmp(w + wl - 3, ".ko", 3))
					wl -= 3;
			}
			if (n + 1 >= alloc) {
				size_t na = alloc ? alloc * 2 : 64;
				char **nv = realloc(v, na * sizeof(*nv));

				if (!nv) {
					free_names(v, n);
					return -ENOMEM;
				}
				v = nv;
				alloc = na;
			}
			v[n] = strndup(w, wl);
			if (!v[n]) {
				free_names(v, n);
				return -ENOMEM;
			}
			fold(v[n]);
			n++;
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	if (!v) {
		v = calloc(1, sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	v[n] = NULL;
	qsort(v, n, sizeof(*v), cmp_str);
	*names = v;
	*count = n;
	return 0;
}

int modules_parse_proc(const char *text, char ***names, size_t *count)
{
	return parse_lines(text, false, names, count);
}

int probe_modules(struct host *h)
{
	struct module_facts *m = &h->modules;
	char path[300];
	struct blob b;
	int e;

	e = root_read(h->root, "proc/modules", CAP_TEXT, &b);
	fact_src_set(&m->proc_src, "proc/modules", e);
	if (!e) {
		e = modules_parse_proc(b.data, &m->loaded, &m->nloaded);
		m->proc_src.err = e;
		blob_release(&b);
	}

	e = root_list(h->root, "sys/module", MAX_MODULES, &m->sysmod,
		      &m->nsysmod);
	fact_src_set(&m->sys_src, "sys/module", e);
	if (!e) {
		for (size_t i = 0; i < m->nsysmod; i++)
			fold(m->sysmod[i]);
		qsort(m->sysmod, m->nsysmod, sizeof(char *), cmp_str);
	}

	if (fact_known(&h->kernel_release_src) &&
	    !strchr(h->kernel_release, '/')) {
		snprintf(path, sizeof(path), "lib/modules/%s/modules.builtin",
			 h->kernel_release);
		e = root_read(h->root, path, CAP_TEXT, &b);
		fact_src_set(&m->builtin_src, path, e);
		if (!e) {
			e = parse_lines(b.data, true, &m->builtin,
					&m->nbuiltin);
			m->builtin_src.err = e;
			blob_release(&b);
		}
	}
	return 0;
}

void module_facts_release(struct module_facts *m)
{
	free_names(m->loaded, m->nloaded);
	free_names(m->sysmod, m->nsysmod);
	free_names(m->builtin, m->nbuiltin);
	m->loaded = m->sysmod = m->builtin = NULL;
	m->nloaded = m->nsysmod = m->nbuiltin = 0;
}

static bool in_sorted(char *const *v, size_t n, const char *name)
{
	return v && n && bsearch(&name, v, n, sizeof(*v), cmp_str);
}

enum module_state module_state(const struct module_facts *m, const char *name)
{
	char key[128];
	const char *k = key;

	snprintf(key, sizeof(key), "%s", name);
	fold(key);
	if (fact_known(&m->proc_src) && in_sorted(m->loaded, m->nloaded, k))
		return MODULE_LOADED;
	if (fact_known(&m->builtin_src) &&
	    in_sorted(m->builtin, m->nbuiltin, k))
		return MODULE_BUILTIN;
	/* In /sys/module but not in /proc/modules: built in (a loaded module
	 * is always in /proc/modules).  Without /proc/modules (a kernel with
	 * CONFIG_MODULES=n) every /sys/module entry is built in. */
	if (fact_known(&m->sys_src) && in_sorted(m->sysmod, m->nsysmod, k) &&
	    (fact_known(&m->proc_src) || m->proc_src.err == -ENOENT))
		return MODULE_BUILTIN;
	/* Absent only when the lists that would name it were all read:
	 * loaded ones and modules.builtin, or, on a kernel without module
	 * support, /sys/module.  A built-in module without parameters is
	 * missing from /sys/module, so that alone proves nothing. */
	if (fact_known(&m->proc_src) && fact_known(&m->builtin_src))
		return MODULE_ABSENT;
	if (m->proc_src.err == -ENOENT && fact_known(&m->sys_src))
		return MODULE_ABSENT;
	return MODULE_UNKNOWN;
}

const char *module_state_name(enum module_state s)
{
	switch (s) {
	case MODULE_ABSENT:
		return "absent";
	case MODULE_LOADED:
		return "loaded";
	case MODULE_BUILTIN:
		return "builtin";
	default:
		return "unknown";
	}
}
