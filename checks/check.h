/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_CHECKS_CHECK_H
#define VFIO_READY_CHECKS_CHECK_H

/*
 * checks/: one file per concern, each defining one const struct check.  A
 * check reads the probed facts (const struct host) and emits findings; it
 * never prints, never exits, never opens a file and never calls another
 * check.  The registry (registry.c) lists them in the order they run.
 *
 * A finding is one verdict about one thing, with the evidence it rests on
 * and the remedy a person can paste:
 *
 *	struct finding *f = finding_add(fs, "iommu.kernel.disabled",
 *					LAYER_KERNEL, VERDICT_FAIL, SEV_CRITICAL,
 *					"The kernel has the IOMMU switched off");
 *	finding_detail(f, "intel_iommu=off is on the command line ...");
 *	finding_evidence(f, "proc/cmdline", "%s", h->cmdline.raw);
 *	finding_remedy(f, "%s", remedy_text);
 *
 * Codes are API (dotted, lower-case, stable; renaming one is a CHANGELOG
 * entry).  The runner fills in the check id.  All strings are copied.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct host;

/* The layers, in the order a failure blocks passthrough. */
enum layer {
	LAYER_CPU = 0,
	LAYER_FIRMWARE,
	LAYER_KERNEL,
	LAYER_GROUPS,
	LAYER_VFIO,
	LAYER_DEVICE,
	LAYER_COUNT
};

enum verdict {
	VERDICT_PASS = 0,   /* the thing is as passthrough needs it */
	VERDICT_INFO,       /* a fact worth knowing, no judgement */
	VERDICT_WARN,       /* works, but weaker or riskier than it should be */
	VERDICT_FAIL,       /* blocks passthrough */
	VERDICT_UNKNOWN,    /* the fact could not be read; detail says why */
	VERDICT_SKIP,       /* does not apply to this host */
	VERDICT_ERROR,      /* the input was malformed or a check broke */
	VERDICT_COUNT
};

enum severity {
	SEV_INFO = 0,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,       /* a FAIL of this severity makes the host not ready */
	SEV_COUNT
};

struct evidence {
	char *source;       /* file (relative to the root), register, "cpuid" */
	char *text;         /* the exact line, bytes or value */
};

struct finding {
	char *code;
	const char *check;  /* id of the check that emitted it (static) */
	enum layer layer;
	enum verdict verdict;
	enum severity severity;
	char *title;
	char *detail;
	char *remedy;
	struct evidence *evidence;
	size_t nevidence;
};

struct findings {
	struct finding *v;
	size_t count, alloc;
	const char *current_check;   /* set by the runner */
	bool oom;                    /* an allocation failed; report it */
};

void findings_init(struct findings *fs);
void findings_release(struct findings *fs);

__attribute__((format(printf, 6, 7)))
struct finding *finding_add(struct findings *fs, const char *code,
			    enum layer layer, enum verdict verdict,
			    enum severity sev, const char *title_fmt, ...);
/* Each of these replaces (detail, remedy) or appends (evidence); F may be
 * NULL (after an allocation failure), then they do nothing. */
__attribute__((format(printf, 2, 3)))
void finding_detail(struct finding *f, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
void finding_remedy(struct finding *f, const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
void finding_evidence(struct finding *f, const char *source,
		      const char *fmt, ...);

const char *layer_name(enum layer l);
const char *verdict_name(enum verdict v);
const char *severity_name(enum severity s);

struct check {
	const char *id;          /* stable: "cpu", "firmware", ... */
	const char *title;       /* one line, for people */
	/* Emit findings.  Returns 0, or -errno for an internal error (the
	 * runner then adds an ERROR finding and goes on). */
	int (*run)(const struct host *h, struct findings *fs);
};

/* The registry, in run order, NULL-terminated. */
extern const struct check *const check_registry[];

/* Run every registered check over H. */
void checks_run(const struct host *h, struct findings *fs);

#endif
