/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_REPORT_REPORT_H
#define VFIO_READY_REPORT_REPORT_H

/*
 * report/: the scorer (a pure function of the findings) and the writers.
 * Writers sit behind one small interface; JSON is the contract
 * (schema "vfio-ready/report/1"), text is for people at a terminal.
 */

#include <stdbool.h>
#include <stdio.h>

#include "../checks/check.h"
#include "../probe/fact.h"

struct host;

enum host_status {
	STATUS_READY = 0,
	STATUS_WARNINGS,
	STATUS_NOT_READY,
};

struct score {
	enum host_status status;
	int score;                   /* 0..100 */
	int first_failing_layer;     /* enum layer, or -1 */
	unsigned counts[VERDICT_COUNT];
};

void score_findings(const struct findings *fs, struct score *out);
const char *status_name(enum host_status s);

/* Up to MAX findings that carry a remedy, most urgent first (failures,
 * then errors, warnings, unknowns; lower layers first, then severity): the
 * "what to do next" of every report format.  Returns how many. */
size_t report_next_steps(const struct findings *fs,
			 const struct finding **out, size_t max);

struct report_opts {
	bool color;                  /* text: ANSI colours */
	bool quiet;                  /* text: verdict and blockers only */
};

struct report_writer {
	const char *name;            /* "text", "json" */
	int (*write)(FILE *out, const struct host *h,
		     const struct findings *fs, const struct score *sc,
		     const struct report_opts *o);
};

extern const struct report_writer report_text, report_json;
/* Metrics for node_exporter's textfile collector (prometheus.c; the list
 * is doc/metrics.md). */
extern const struct report_writer report_prometheus;
/* Markdown for issue trackers and forums, under 60 KiB (markdown.c). */
extern const struct report_writer report_markdown;

/* TEXT wrapped at 80 columns, each line indented by INDENT spaces; a line's
 * own leading spaces are kept and a "- " item continues under its text.
 * With COMMANDS, a line holding a shell command ("sudo " or " | ") is
 * printed whole so it can be pasted (text.c). */
void report_wrap(FILE *out, const char *text, int indent, bool commands);
/* One self-contained HTML page with the PCI tree drawn (html.c). */
extern const struct report_writer report_html;
const struct report_writer *report_writer_find(const char *name);
const char *report_writer_names(void);   /* "text, json, ..." */

/* Facts serialisers (JSON), one per area; each returns a new cJSON
 * object, or cJSON null when the area is unknown. */
struct cJSON;
struct cJSON *report_facts_cpu(const struct host *h);
struct cJSON *report_facts_cmdline(const struct host *h);
struct cJSON *report_facts_kernel(const struct host *h);   /* composes the two below */
struct cJSON *report_facts_kconfig(const struct host *h);
struct cJSON *report_facts_klog(const struct host *h);
struct cJSON *report_facts_firmware(const struct host *h);
struct cJSON *report_facts_modules(const struct host *h);
struct cJSON *report_facts_iommu(const struct host *h);

/* JSON helpers the facts writers share (json.c): a tri-state as
 * true/false/null; a string, or null when NULL or empty. */
void report_json_tri(struct cJSON *o, const char *key, enum tri t);
void report_json_str(struct cJSON *o, const char *key, const char *s);

/* devices[] and groups{} (facts_pci.c); report_device() is the I-th
 * element of devices[]. */
struct cJSON *report_devices(const struct host *h);
struct cJSON *report_device(const struct host *h, size_t i);
struct cJSON *report_groups(const struct host *h);

/* The whole report as a cJSON tree (the JSON writer prints it). */
struct cJSON *report_build_json(const struct host *h,
				const struct findings *fs,
				const struct score *sc);

#endif
