/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON report, schema "vfio-ready/report/1".  Deterministic: findings
 * in registry order, object keys in a fixed order, no timestamps.  Later
 * versions add keys; they never rename or remove one.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "../probe/probe.h"
#include "version.h"

void report_json_tri(cJSON *o, const char *key, enum tri t)
{
	if (t == TRI_UNKNOWN)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddBoolToObject(o, key, t == TRI_YES);
}

void report_json_str(cJSON *o, const char *key, const char *s)
{
	if (s && *s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *finding_json(const struct finding *f)
{
	cJSON *o = cJSON_CreateObject(), *ev = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "code", f->code);
	cJSON_AddStringToObject(o, "check", f->check);
	cJSON_AddStringToObject(o, "layer", layer_name(f->layer));
	cJSON_AddStringToObject(o, "verdict", verdict_name(f->verdict));
	cJSON_AddStringToObject(o, "severity", severity_name(f->severity));
	cJSON_AddStringToObject(o, "title", f->title);
	if (f->detail)
		cJSON_AddStringToObject(o, "detail", f->detail);
	else
		cJSON_AddNullToObject(o, "detail");
	for (size_t i = 0; i < f->nevidence; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "source", f->evidence[i].source);
		cJSON_AddStringToObject(e, "text", f->evidence[i].text);
		cJSON_AddItemToArray(ev, e);
	}
	cJSON_AddItemToObject(o, "evidence", ev);
	if (f->remedy)
		cJSON_AddStringToObject(o, "remedy", f->remedy);
	else
		cJSON_AddNullToObject(o, "remedy");
	return o;
}

cJSON *report_facts_kernel(const struct host *h)
{
	cJSON *o = cJSON_CreateObject();

	if (fact_known(&h->kernel_release_src))
		cJSON_AddStringToObject(o, "release", h->kernel_release);
	else
		cJSON_AddNullToObject(o, "release");
	cJSON_AddItemToObject(o, "config", report_facts_kconfig(h));
	cJSON_AddItemToObject(o, "log", report_facts_klog(h));
	return o;
}

cJSON *report_build_json(const struct host *h, const struct findings *fs,
			 const struct score *sc)
{
	cJSON *root = cJSON_CreateObject(), *v, *counts, *arr, *facts, *fw;

	cJSON_AddStringToObject(root, "schema", "vfio-ready/report/1");
	v = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(v, "name", "vfio-ready");
	cJSON_AddStringToObject(v, "version", VFIO_READY_VERSION);
	cJSON_AddStringToObject(root, "source", h->source);
	if (h->as_root_known)
		cJSON_AddBoolToObject(root, "as_root", h->as_root);
	else
		cJSON_AddNullToObject(root, "as_root");

	v = cJSON_AddObjectToObject(root, "verdict");
	cJSON_AddStringToObject(v, "status", status_name(sc->status));
	cJSON_AddNumberToObject(v, "score", sc->score);
	if (sc->first_failing_layer >= 0)
		cJSON_AddStringToObject(v, "first_failing_layer",
					layer_name(sc->first_failing_layer));
	else
		cJSON_AddNullToObject(v, "first_failing_layer");
	counts = cJSON_AddObjectToObject(v, "counts");
	for (int i = 0; i < VERDICT_COUNT; i++)
		cJSON_AddNumberToObject(counts, verdict_name(i), sc->counts[i]);

	arr = cJSON_AddArrayToObject(root, "findings");
	for (size_t i = 0; i < fs->count; i++)
		cJSON_AddItemToArray(arr, finding_json(&fs->v[i]));

	facts = cJSON_AddObjectToObject(root, "facts");
	cJSON_AddItemToObject(facts, "cpu", report_facts_cpu(h));
	cJSON_AddItemToObject(facts, "cmdline", report_facts_cmdline(h));
	cJSON_AddItemToObject(facts, "kernel", report_facts_kernel(h));
	fw = report_facts_firmware(h);
	cJSON_AddItemToObject(facts, "firmware", fw);
	cJSON_AddItemToObject(facts, "modules", report_facts_modules(h));
	cJSON_AddItemToObject(facts, "iommu", report_facts_iommu(h));
	cJSON_AddItemToObject(root, "devices", report_devices(h));
	cJSON_AddItemToObject(root, "groups", report_groups(h));
	return root;
}

static int write_json(FILE *out, const struct host *h,
		      const struct findings *fs, const struct score *sc,
		      const struct report_opts *o)
{
	cJSON *root = report_build_json(h, fs, sc);
	char *s;
	int e = 0;

	(void)o;
	if (!root)
		return -1;
	s = cJSON_Print(root);
	cJSON_Delete(root);
	if (!s)
		return -1;
	if (fputs(s, out) < 0 || fputc('\n', out) < 0)
		e = -1;
	free(s);
	return e;
}

const struct report_writer report_json = {
	.name = "json",
	.write = write_json,
};
