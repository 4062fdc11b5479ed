/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The scorer: a pure function of the findings.
 *
 *  - any FAIL                          -> not_ready
 *  - else any WARN, UNKNOWN or ERROR   -> warnings (an unread fact is never a
 *                                         pass: we cannot say "ready")
 *  - else, if each of the cpu, firmware, kernel and vfio layers has at
 *    least one PASS                    -> ready
 *  - else                              -> warnings (nothing affirmed them:
 *                                         an empty report is not "ready")
 *
 * The score starts at 100 and loses points per finding by verdict and
 * severity; not_ready caps it at 49, warnings at 89, so the number never
 * contradicts the status.
 */
#include "report.h"

static const int fail_cost[SEV_COUNT] = { 2, 8, 15, 25, 40 };
static const int warn_cost[SEV_COUNT] = { 1, 3, 6, 10, 10 };
#define UNKNOWN_COST 3
#define ERROR_COST 10

void score_findings(const struct findings *fs, struct score *out)
{
	int s = 100;

	*out = (struct score){ .status = STATUS_READY,
			       .first_failing_layer = -1 };
	for (size_t i = 0; i < fs->count; i++) {
		const struct finding *f = &fs->v[i];
		unsigned sev = f->severity < SEV_COUNT ? f->severity : SEV_HIGH;

		if ((unsigned)f->verdict < VERDICT_COUNT)
			out->counts[f->verdict]++;
		switch (f->verdict) {
		case VERDICT_FAIL:
			s -= fail_cost[sev];
			out->status = STATUS_NOT_READY;
			if (out->first_failing_layer < 0 ||
			    (int)f->layer < out->first_failing_layer)
				out->first_failing_layer = (int)f->layer;
			break;
		case VERDICT_WARN:
			s -= warn_cost[sev];
			break;
		case VERDICT_UNKNOWN:
			s -= UNKNOWN_COST;
			break;
		case VERDICT_ERROR:
			s -= ERROR_COST;
			break;
		default:
			break;
		}
		if (out->status == STATUS_READY &&
		    (f->verdict == VERDICT_WARN || f->verdict == VERDICT_UNKNOWN ||
		     f->verdict == VERDICT_ERROR))
			out->status = STATUS_WARNINGS;
	}
	if (out->status == STATUS_READY) {
		static const enum layer must[] = { LAYER_CPU, LAYER_FIRMWARE,
						   LAYER_KERNEL, LAYER_VFIO };
		for (size_t m = 0; m < sizeof(must) / sizeof(must[0]); m++) {
			bool seen = false;

			for (size_t i = 0; i < fs->count && !seen; i++)
				seen = fs->v[i].layer == must[m] &&
				       fs->v[i].verdict == VERDICT_PASS;
			if (!seen)
				out->status = STATUS_WARNINGS;
		}
	}
	if (fs->oom && out->status == STATUS_READY)
		out->status = STATUS_WARNINGS;
	if (out->status == STATUS_NOT_READY && s > 49)
		s = 49;
	if (out->status == STATUS_WARNINGS && s > 89)
		s = 89;
	out->score = s < 0 ? 0 : s;
}

const char *status_name(enum host_status s)
{
	switch (s) {
	case STATUS_READY:
		return "ready";
	case STATUS_WARNINGS:
		return "warnings";
	default:
		return "not_ready";
	}
}

/* How urgent a finding is for "what to do next": failures before errors,
 * warnings and unknowns; nothing else is a step.  Lower ranks first. */
static int step_rank(const struct finding *f)
{
	switch (f->verdict) {
	case VERDICT_FAIL:
		return 0;
	case VERDICT_ERROR:
		return 1;
	case VERDICT_WARN:
		return 2;
	case VERDICT_UNKNOWN:
		return 3;
	default:
		return -1;
	}
}

/* True when A should be done before B: by rank, then by layer (a fix low
 * in the stack can make the ones above it moot), then by severity. */
static bool step_before(const struct finding *a, const struct finding *b)
{
	if (step_rank(a) != step_rank(b))
		return step_rank(a) < step_rank(b);
	if (a->layer != b->layer)
		return a->layer < b->layer;
	return a->severity > b->severity;
}

size_t report_next_steps(const struct findings *fs,
			 const struct finding **out, size_t max)
{
	size_t n = 0;

	/* an insertion into a list of at most MAX: linear in the findings */
	for (size_t i = 0; i < fs->count && max; i++) {
		const struct finding *f = &fs->v[i];
		size_t at;

		if (step_rank(f) < 0 || !f->remedy)
			continue;
		for (at = n; at > 0 && step_before(f, out[at - 1]); at--)
			;
		if (at == max)
			continue;
		if (n < max)
			n++;
		for (size_t j = n - 1; j > at; j--)
			out[j] = out[j - 1];
		out[at] = f;
	}
	return n;
}
