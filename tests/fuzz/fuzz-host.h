/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_TESTS_FUZZ_HOST_H
#define VFIO_READY_TESTS_FUZZ_HOST_H

/*
 * For targets that follow decoded facts all the way through: a host probed
 * once from an empty snapshot directory (every fact unknown, as for a
 * stranger's snapshot that holds nothing), into which a target puts the
 * one area it decoded, then runs every check and every report writer.
 */

#include <cjson/cJSON.h>

#include "../../checks/check.h"
#include "../../probe/probe.h"
#include "../../probe/root.h"
#include "../../report/report.h"
#include "fuzz.h"

static inline struct host *fuzz_empty_host(void)
{
	static struct host h;
	static struct root *r;
	static char dir[64];

	if (r)
		return &h;
	snprintf(dir, sizeof(dir), "/tmp/vfio-fuzz-root.XXXXXX");
	if (!mkdtemp(dir) || root_open(dir, &r) ||
	    probe_host(r, dir, NULL, &h)) {
		fprintf(stderr, "fuzz: cannot set up an empty host\n");
		abort();
	}
	/* empty again at once: nothing is read from it after probing */
	rmdir(dir);
	return &h;
}

/* Every check, the scorer and every writer over H; output discarded. */
static inline void fuzz_judge(const struct host *h)
{
	static const char *const formats[] = { "text", "json", "html",
					       "markdown", "prometheus" };
	static FILE *devnull;
	struct report_opts ro = { 0 };
	struct findings fs;
	struct score sc;

	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	findings_init(&fs);
	checks_run(h, &fs);
	score_findings(&fs, &sc);
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++) {
		const struct report_writer *w = report_writer_find(formats[i]);

		if (w)
			w->write(devnull, h, &fs, &sc, &ro);
	}
	findings_release(&fs);
}

#endif
