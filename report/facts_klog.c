/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * facts.kernel.log: where the log came from, the summaries, and for every
 * category seen in the judged boot its count and first lines.  Bounded:
 * at most KLOG_KEEP lines per category, each at most KLOG_LINE_MAX bytes.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"

static void add_text(cJSON *o, const char *key, const char *s, size_t n)
{
	char *t = strndup(s, n);

	if (t)
		cJSON_AddStringToObject(o, key, t);
	else
		cJSON_AddNullToObject(o, key);
	free(t);
}

static cJSON *categories(const struct klog_facts *k)
{
	cJSON *o = cJSON_CreateObject();

	for (int c = 0; c < KLOG_CAT_COUNT; c++) {
		const struct klog_category *cat = &k->cls.cat[c];
		cJSON *co, *arr;

		if (!cat->count)
			continue;
		co = cJSON_AddObjectToObject(o, klog_cat_name(c));
		cJSON_AddNumberToObject(co, "count", (double)cat->count);
		arr = cJSON_AddArrayToObject(co, "first");
		for (unsigned i = 0; i < cat->nkept; i++) {
			cJSON *l = cJSON_CreateObject();

			cJSON_AddNumberToObject(l, "line",
						(double)cat->kept[i].no);
			add_text(l, "text", k->text + cat->kept[i].off,
				 cat->kept[i].len);
			cJSON_AddItemToArray(arr, l);
		}
	}
	return o;
}

cJSON *report_facts_klog(const struct host *h)
{
	const struct klog_facts *k = &h->klog;
	cJSON *o = cJSON_CreateObject();
	bool readable = fact_known(&k->src) && k->text;

	cJSON_AddStringToObject(o, "source", k->src.path[0] ? k->src.path
							     : "none");
	cJSON_AddBoolToObject(o, "readable", readable);
	if (!readable) {
		cJSON_AddStringToObject(o, "reason", k->reason[0] ? k->reason :
					fact_reason(&k->src, h->live,
						    h->as_root));
		return o;
	}
	cJSON_AddBoolToObject(o, "truncated", k->src.truncated);
	cJSON_AddNumberToObject(o, "lines", (double)k->cls.lines);
	cJSON_AddNumberToObject(o, "boots", (double)k->cls.boots);
	cJSON_AddBoolToObject(o, "reaches_boot", k->reaches_boot);
	cJSON_AddStringToObject(o, "iommu_initialised",
				tri_name(k->iommu_initialised));
	cJSON_AddStringToObject(o, "interrupt_remapping",
				tri_name(k->ir_enabled));
	if (k->ir_mode[0])
		cJSON_AddStringToObject(o, "ir_mode", k->ir_mode);
	else
		cJSON_AddNullToObject(o, "ir_mode");
	if (k->default_domain[0])
		cJSON_AddStringToObject(o, "default_domain", k->default_domain);
	else
		cJSON_AddNullToObject(o, "default_domain");
	cJSON_AddBoolToObject(o, "acs_override_warning",
			      k->acs_override_warning);
	cJSON_AddItemToObject(o, "categories", categories(k));
	return o;
}
