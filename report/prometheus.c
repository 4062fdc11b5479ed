/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --format prometheus: the verdict and the facts a dashboard or an alert
 * wants, in the Prometheus text exposition format (version 0.0.4) that
 * node_exporter's textfile collector reads.  doc/metrics.md lists every
 * metric; keep the two in step.
 *
 * Choices, and why:
 *  - Every family is a gauge with its own "# HELP" and "# TYPE" line: each
 *    value describes the host as audited, none counts events.
 *  - No timestamps: the textfile collector refuses samples that carry one;
 *    the scrape time (and node_textfile_mtime_seconds) says when.
 *  - A state is one series per possible value, 1 for the current one and 0
 *    for the others (vfio_ready_status), so `== 1` selects and a state
 *    that changes never leaves a stale series behind.
 *  - A fact that could not be read is left out rather than written as NaN:
 *    NaN compares false with everything, so `... == 0` alerts would
 *    silently never fire, while a missing series is caught by absent().
 *  - The facts come from the JSON report tree (report_build_json()), the
 *    contract every format follows, and device classes and "can be passed
 *    through" are counted as the fleet summary counts them (fleet.h), so
 *    metrics, JSON and `vfio-ready fleet` agree.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "fleet.h"
#include "version.h"

#define PREFIX "vfio_ready_"

static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP " PREFIX "%s %s\n# TYPE " PREFIX "%s gauge\n",
		name, help, name);
}

/* A label value, escaped as the exposition format requires (backslash,
 * double quote, line feed), and valid UTF-8, which Prometheus insists on:
 * a byte that is not becomes '?'. */
static void label_value(FILE *out, const char *s)
{
	while (*s) {
		size_t n = fleet_utf8_seq(s);

		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '"')
			fputs("\\\"", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (n)
			fwrite(s, 1, n, out);
		else
			fputc('?', out);
		s += n ? n : 1;
	}
}

/* NAME{LABEL="VALUE"} V, or NAME V when LABEL is NULL. */
static void sample(FILE *out, const char *name, const char *label,
		   const char *value, unsigned long v)
{
	fprintf(out, PREFIX "%s", name);
	if (label && value) {
		fprintf(out, "{%s=\"", label);
		label_value(out, value);
		fputs("\"}", out);
	}
	fprintf(out, " %lu\n", v);
}

/* A family of one sample; nothing at all when V is unknown (< 0). */
static void single(FILE *out, const char *name, const char *help, long v)
{
	if (v < 0)
		return;
	family(out, name, help);
	sample(out, name, NULL, NULL, (unsigned long)v);
}

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static void groups_metrics(FILE *out, const cJSON *root)
{
	const cJSON *g = get(root, "groups");
	const cJSON *kernel = get(g, "kernel");
	const cJSON *predicted = get(g, "predicted");
	const cJSON *agree = get(g, "agreement");

	if (cJSON_IsArray(kernel) || cJSON_IsArray(predicted)) {
		family(out, "iommu_groups", "IOMMU groups: as the kernel "
		       "formed them (source=\"kernel\"), and as it would form "
		       "them from the topology (source=\"predicted\")");
		if (cJSON_IsArray(kernel))
			sample(out, "iommu_groups", "source", "kernel",
			       (unsigned long)cJSON_GetArraySize(kernel));
		if (cJSON_IsArray(predicted))
			sample(out, "iommu_groups", "source", "predicted",
			       (unsigned long)cJSON_GetArraySize(predicted));
	}
	single(out, "groups_agreement", "1 when the kernel's IOMMU groups are "
	       "the predicted ones, 0 when not; absent when either is unknown",
	       cJSON_IsBool(agree) ? (long)cJSON_IsTrue(agree) : -1);
}

static void device_metrics(FILE *out, const cJSON *root,
			   enum host_status status)
{
	unsigned long all[FLEET_CLASS_COUNT] = { 0 };
	unsigned long can[FLEET_CLASS_COUNT] = { 0 };
	const cJSON *it;
	char why[8];
	size_t i = 0;

	cJSON_ArrayForEach(it, get(root, "devices")) {
		struct report1_device d;
		enum fleet_class c;

		if (report1_device(it, i++, &d, why, sizeof(why)))
			continue;
		c = fleet_class_of(d.class_code);
		all[c]++;
		can[c] += fleet_can_pass(status, d.assign);
	}
	family(out, "devices", "PCI functions by class (gpu: display, nic: "
	       "network, nvme: non-volatile memory, usb: USB controller, "
	       "other)");
	for (int c = 0; c < FLEET_CLASS_COUNT; c++)
		sample(out, "devices", "class", fleet_class_name(c), all[c]);
	family(out, "devices_assignable", "PCI functions that can be passed "
	       "through, alone or with their IOMMU group, by class; 0 while "
	       "the host is not_ready");
	for (int c = 0; c < FLEET_CLASS_COUNT; c++)
		sample(out, "devices_assignable", "class", fleet_class_name(c),
		       can[c]);
}

static int write_prometheus(FILE *out, const struct host *h,
			    const struct findings *fs, const struct score *sc,
			    const struct report_opts *o)
{
	cJSON *root = report_build_json(h, fs, sc);
	const cJSON *kernel, *ir;
	const char *release;

	(void)o;
	if (!root)
		return -1;
	kernel = get(get(root, "facts"), "kernel");
	release = cJSON_IsString(get(kernel, "release")) ?
		  get(kernel, "release")->valuestring : "";
	family(out, "info", "The vfio-ready version and the kernel release it "
	       "audited (empty when unknown); always 1");
	fputs(PREFIX "info{version=\"", out);
	label_value(out, VFIO_READY_VERSION);
	fputs("\",kernel=\"", out);
	label_value(out, release);
	fputs("\"} 1\n", out);

	family(out, "status", "1 for the host's verdict (ready, warnings or "
	       "not_ready), 0 for the other two");
	for (int s = STATUS_READY; s <= STATUS_NOT_READY; s++)
		sample(out, "status", "status", status_name(s),
		       sc->status == (enum host_status)s);
	single(out, "score", "Readiness score, 0 (not ready) to 100",
	       sc->score);
	family(out, "first_failing_layer_info", "The lowest layer with a "
	       "failing finding (cpu, firmware, kernel, groups, vfio, device) "
	       "or none; always 1");
	sample(out, "first_failing_layer_info", "layer",
	       sc->first_failing_layer >= 0 ?
	       layer_name((enum layer)sc->first_failing_layer) : "none", 1);
	family(out, "findings", "Findings by verdict");
	for (int v = 0; v < VERDICT_COUNT; v++)
		sample(out, "findings", "verdict", verdict_name(v),
		       sc->counts[v]);

	groups_metrics(out, root);
	device_metrics(out, root, sc->status);
	ir = get(get(get(root, "facts"), "iommu"), "interrupt_remapping");
	single(out, "interrupt_remapping_enabled", "1 when the kernel remaps "
	       "interrupts through the IOMMU, 0 when it does not; absent when "
	       "unknown",
	       !cJSON_IsString(ir) ? -1 : !strcmp(ir->valuestring, "yes") ? 1 :
	       !strcmp(ir->valuestring, "no") ? 0 : -1);
	cJSON_Delete(root);
	return ferror(out) ? -1 : 0;
}

const struct report_writer report_prometheus = {
	.name = "prometheus",
	.write = write_prometheus,
};
