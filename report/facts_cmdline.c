/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * facts.cmdline and facts.kernel.config.
 *
 * facts.cmdline = { "raw", "readable", "params": [{"name","value"}...]
 * (kernel parameters only, in order), "init_args" (after "--", or null),
 * "interpreted": { per-parameter option lists (null when not given) and
 * effective settings (true/false/null) } }.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "../probe/probe.h"

static void add_opt(cJSON *arr, const char *opt, size_t len)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%.*s", (int)len, opt);
	cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
}

/* Every comma option of every parameter NAME, in order; null (or [] when
 * ALWAYS) if none is given.  LAST_ONLY: only the last one counts. */
static void add_options(cJSON *o, const struct cmdline_facts *c,
			const char *key, const char *name, bool always,
			bool last_only)
{
	cJSON *arr = NULL;

	for (size_t i = 0; i < c->nparams; i++) {
		const struct cmdline_param *p = &c->params[i];
		const char *pos = p->value, *opt;
		size_t n;

		if (!cmdline_param_is(p, name) || !pos)
			continue;
		if (last_only && cmdline_find_last(c, name) != p)
			continue;
		if (!arr)
			arr = cJSON_CreateArray();
		while (cmdline_next_opt(&pos, &opt, &n))
			add_opt(arr, opt, n);
	}
	if (!arr && always)
		arr = cJSON_CreateArray();
	if (arr)
		cJSON_AddItemToObject(o, key, arr);
	else
		cJSON_AddNullToObject(o, key);
}

/* Each value of parameter NAME (video=, which accumulates), in order. */
static void add_values(cJSON *o, const struct cmdline_facts *c,
		       const char *key, const char *name)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key);

	for (size_t i = 0; i < c->nparams; i++)
		if (cmdline_param_is(&c->params[i], name) &&
		    c->params[i].value)
			cJSON_AddItemToArray(arr, cJSON_CreateString(
						c->params[i].value));
}

static cJSON *interpreted(const struct cmdline_facts *c)
{
	cJSON *o = cJSON_CreateObject();
	const struct cmdline_param *p;
	struct cmdline_summary s;

	cmdline_summarise(c, &s);
	add_options(o, c, "intel_iommu", "intel_iommu", false, false);
	add_options(o, c, "amd_iommu", "amd_iommu", false, false);
	add_options(o, c, "iommu", "iommu", false, false);
	report_json_tri(o, "iommu_passthrough", s.passthrough);
	report_json_tri(o, "iommu_strict", s.strict);
	add_options(o, c, "intremap", "intremap", false, false);
	report_json_tri(o, "interrupt_remapping", s.intremap);
	add_options(o, c, "vfio_pci_ids", "vfio_pci.ids", true, true);
	report_json_tri(o, "allow_unsafe_interrupts", s.allow_unsafe_interrupts);
	report_json_tri(o, "noiommu_mode", s.noiommu_mode);
	add_options(o, c, "pcie_acs_override", "pcie_acs_override", false,
		    false);
	add_options(o, c, "pci", "pci", true, false);
	add_values(o, c, "video", "video");
	add_options(o, c, "initcall_blacklist", "initcall_blacklist", false,
		    false);
	p = cmdline_find_last(c, "amd_iommu_intr");
	if (p && p->value)
		cJSON_AddStringToObject(o, "amd_iommu_intr", p->value);
	else
		cJSON_AddNullToObject(o, "amd_iommu_intr");
	cJSON_AddBoolToObject(o, "nox2apic",
			      cmdline_find_last(c, "nox2apic") != NULL);
	p = cmdline_find_last(c, "kvm.ignore_msrs");
	report_json_tri(o, "kvm_ignore_msrs", p ? cmdline_module_bool(p) : TRI_UNKNOWN);
	return o;
}

cJSON *report_facts_cmdline(const struct host *h)
{
	const struct cmdline_facts *c = &h->cmdline;
	cJSON *o = cJSON_CreateObject(), *params;
	bool ok = fact_known(&c->src);

	if (ok)
		cJSON_AddStringToObject(o, "raw", c->raw);
	else
		cJSON_AddNullToObject(o, "raw");
	cJSON_AddBoolToObject(o, "readable", ok);
	params = cJSON_AddArrayToObject(o, "params");
	for (size_t i = 0; i < c->nparams; i++) {
		cJSON *p = cJSON_CreateObject();

		cJSON_AddStringToObject(p, "name", c->params[i].name);
		if (c->params[i].value)
			cJSON_AddStringToObject(p, "value", c->params[i].value);
		else
			cJSON_AddNullToObject(p, "value");
		cJSON_AddItemToArray(params, p);
	}
	if (c->init_args)
		cJSON_AddStringToObject(o, "init_args", c->init_args);
	else
		cJSON_AddNullToObject(o, "init_args");
	if (ok)
		cJSON_AddItemToObject(o, "interpreted", interpreted(c));
	else
		cJSON_AddNullToObject(o, "interpreted");
	return o;
}

cJSON *report_facts_kconfig(const struct host *h)
{
	const struct kconfig_facts *k = &h->kconfig;
	cJSON *o, *opts;

	if (!k->loaded)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "source", k->src.path);
	opts = cJSON_AddObjectToObject(o, "options");
	for (int i = 0; i < KCONFIG_NTRACKED; i++) {
		const struct kconfig_option *v = &k->opts[i];
		const char *s;

		switch (v->state) {
		case KCONFIG_YES:
			s = "y";
			break;
		case KCONFIG_MODULE:
			s = "m";
			break;
		case KCONFIG_VALUE:
			s = v->value;
			break;
		default:
			s = "n";
			break;
		}
		cJSON_AddStringToObject(opts, kconfig_tracked[i], s);
	}
	return o;
}
