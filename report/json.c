/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON report, schema "vfio-ready/report/1".  Deterministic: findings
 * in registry order, object keys in a fixed order, no timestamps.  Later
 * versions add keys; they never rename or remove one.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static cJSON *facts_json(const struct host *h)
{
	cJSON *facts = cJSON_CreateObject();

	cJSON_AddItemToObject(facts, "cpu", report_facts_cpu(h));
	cJSON_AddItemToObject(facts, "cmdline", report_facts_cmdline(h));
	cJSON_AddItemToObject(facts, "kernel", report_facts_kernel(h));
	cJSON_AddItemToObject(facts, "firmware", report_facts_firmware(h));
	cJSON_AddItemToObject(facts, "modules", report_facts_modules(h));
	cJSON_AddItemToObject(facts, "iommu", report_facts_iommu(h));
	return facts;
}

/* The report; with WHOLE false, the frame write_json() fills as it
 * prints: findings[] and devices[] empty, facts and groups null. */
static cJSON *build_json(const struct host *h, const struct findings *fs,
			 const struct score *sc, bool whole)
{
	cJSON *root = cJSON_CreateObject(), *v, *counts, *arr;

	cJSON_AddStringToObject(root, "schema", "vfio-ready/report/1");
	v = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(v, "name", "vfio-ready");
	cJSON_AddStringToObject(v, "version", VFIO_READY_VERSION);
	cJSON_AddStringToObject(root, "source", h->source);
	if (h->as_root_known)
		cJSON_AddBoolToObject(root, "as_root", h->as_root);
	else
		cJSON_AddNullToObject(root, "as_root");
	/* what a run as root would add, so a reader knows the report is
	 * partial and why */
	arr = cJSON_AddArrayToObject(root, "needs_root");
	{
		struct root_gap gaps[ROOT_GAPS_MAX];
		size_t n = host_root_gaps(h, gaps);

		for (size_t i = 0; i < n; i++) {
			cJSON *g = cJSON_CreateObject();

			cJSON_AddStringToObject(g, "fact", gaps[i].fact);
			cJSON_AddStringToObject(g, "source", gaps[i].source);
			cJSON_AddStringToObject(g, "reason", gaps[i].reason);
			cJSON_AddItemToArray(arr, g);
		}
	}

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
	for (size_t i = 0; whole && i < fs->count; i++)
		cJSON_AddItemToArray(arr, finding_json(&fs->v[i]));

	cJSON_AddItemToObject(root, "facts", whole ? facts_json(h) :
			      cJSON_CreateNull());
	cJSON_AddItemToObject(root, "devices", whole ? report_devices(h) :
			      cJSON_CreateArray());
	cJSON_AddItemToObject(root, "groups", whole ? report_groups(h) :
			      cJSON_CreateNull());
	return root;
}

cJSON *report_build_json(const struct host *h, const struct findings *fs,
			 const struct score *sc)
{
	return build_json(h, fs, sc, true);
}

/* ITEM as cJSON_Print() prints it DEPTH (1 or 2) containers down: the
 * same text with DEPTH more tabs after each newline (a string holds none:
 * cJSON escapes them). */
static int print_at(FILE *out, const cJSON *item, int depth)
{
	char *s = cJSON_Print(item);

	if (!s)
		return -1;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");

		fwrite(p, 1, n, out);
		p += n;
		if (*p) {
			fwrite("\n\t\t", 1, 1 + (size_t)depth, out);
			p++;
		}
	}
	free(s);
	return 0;
}

/* One of the report's lists, element by element: ITEM(CTX, I) for I below
 * N, each printed and freed before the next is built. */
static int print_list(FILE *out, size_t n,
		      cJSON *(*item)(const void *ctx, size_t i),
		      const void *ctx)
{
	int e = 0;

	fputc('[', out);
	for (size_t i = 0; i < n && !e; i++) {
		cJSON *o = item(ctx, i);

		if (i)
			fputs(", ", out);
		e = o ? print_at(out, o, 2) : -1;
		cJSON_Delete(o);
	}
	fputc(']', out);
	return e;
}

static cJSON *finding_item(const void *ctx, size_t i)
{
	return finding_json(&((const struct findings *)ctx)->v[i]);
}

static cJSON *device_item(const void *ctx, size_t i)
{
	return report_device(ctx, i);
}

/* A member built when its turn comes and freed once printed. */
static int print_built(FILE *out, cJSON *o)
{
	int e = o ? print_at(out, o, 1) : -1;

	cJSON_Delete(o);
	return e;
}

/*
 * Printed as cJSON_Print(report_build_json()) would, byte for byte, but a
 * piece at a time: findings[] and devices[] element by element, facts and
 * groups (each with a list of every IOMMU group) one after the other.
 * Holding the report of a host with 4096 functions as one tree and one
 * string took 75 MiB.
 */
static int write_json(FILE *out, const struct host *h,
		      const struct findings *fs, const struct score *sc,
		      const struct report_opts *o)
{
	cJSON *root = build_json(h, fs, sc, false);
	int e = 0;

	(void)o;
	if (!root)
		return -1;
	fputs("{\n", out);
	for (const cJSON *c = root->child; c && !e; c = c->next) {
		fprintf(out, "\t\"%s\":\t", c->string);
		if (!strcmp(c->string, "findings"))
			e = print_list(out, fs->count, finding_item, fs);
		else if (!strcmp(c->string, "devices"))
			e = print_list(out, h->pci.count, device_item, h);
		else if (!strcmp(c->string, "facts"))
			e = print_built(out, facts_json(h));
		else if (!strcmp(c->string, "groups"))
			e = print_built(out, report_groups(h));
		else
			e = print_at(out, c, 1);
		fputs(c->next ? ",\n" : "\n", out);
	}
	fputs("}\n", out);
	cJSON_Delete(root);
	return e || ferror(out) ? -1 : 0;
}

const struct report_writer report_json = {
	.name = "json",
	.write = write_json,
};
