/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The findings list: append-only, every string copied. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FINDING_TEXT_MAX ((size_t)64 * 1024)

void findings_init(struct findings *fs)
{
	memset(fs, 0, sizeof(*fs));
}

static void finding_release(struct finding *f)
{
	free(f->code);
	free(f->title);
	free(f->detail);
	free(f->remedy);
	for (size_t i = 0; i < f->nevidence; i++) {
		free(f->evidence[i].source);
		free(f->evidence[i].text);
	}
	free(f->evidence);
}

void findings_release(struct findings *fs)
{
	for (size_t i = 0; i < fs->count; i++)
		finding_release(&fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);

	if (n < 0)
		return NULL;
	if ((size_t)n > FINDING_TEXT_MAX)
		s[FINDING_TEXT_MAX] = 0;
	return s;
}

struct finding *finding_add(struct findings *fs, const char *code,
			    enum layer layer, enum verdict verdict,
			    enum severity sev, const char *title_fmt, ...)
{
	struct finding *f;
	va_list ap;

	if (fs->count == fs->alloc) {
		size_t n = fs->alloc ? fs->alloc * 2 : 32;
		struct finding *nv = realloc(fs->v, n * sizeof(*nv));

		if (!nv) {
			fs->oom = true;
			return NULL;
		}
		fs->v = nv;
		fs->alloc = n;
	}
	f = &fs->v[fs->count];
	memset(f, 0, sizeof(*f));
	f->code = strdup(code);
	f->check = fs->current_check ? fs->current_check : "";
	f->layer = layer;
	f->verdict = verdict;
	f->severity = sev;
	va_start(ap, title_fmt);
	f->title = vformat(title_fmt, ap);
	va_end(ap);
	if (!f->code || !f->title) {
		finding_release(f);
		fs->oom = true;
		return NULL;
	}
	fs->count++;
	return f;
}

void finding_detail(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	free(f->detail);
	va_start(ap, fmt);
	f->detail = vformat(fmt, ap);
	va_end(ap);
}

void finding_remedy(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	free(f->remedy);
	va_start(ap, fmt);
	f->remedy = vformat(fmt, ap);
	va_end(ap);
}

void finding_evidence(struct finding *f, const char *source,
		      const char *fmt, ...)
{
	struct evidence *nv;
	va_list ap;
	char *text, *src;

	if (!f)
		return;
	va_start(ap, fmt);
	text = vformat(fmt, ap);
	va_end(ap);
	src = strdup(source ? source : "");
	nv = realloc(f->evidence, (f->nevidence + 1) * sizeof(*nv));
	if (!text || !src || !nv) {
		free(text);
		free(src);
		if (nv)
			f->evidence = nv;
		return;
	}
	f->evidence = nv;
	nv[f->nevidence].source = src;
	nv[f->nevidence].text = text;
	f->nevidence++;
}

const char *layer_name(enum layer l)
{
	static const char *const names[LAYER_COUNT] = {
		[LAYER_CPU] = "cpu",       [LAYER_FIRMWARE] = "firmware",
		[LAYER_KERNEL] = "kernel", [LAYER_GROUPS] = "groups",
		[LAYER_VFIO] = "vfio",     [LAYER_DEVICE] = "device",
	};
	return (unsigned)l < LAYER_COUNT ? names[l] : "?";
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[VERDICT_COUNT] = {
		[VERDICT_PASS] = "pass",       [VERDICT_INFO] = "info",
		[VERDICT_WARN] = "warn",       [VERDICT_FAIL] = "fail",
		[VERDICT_UNKNOWN] = "unknown", [VERDICT_SKIP] = "skip",
		[VERDICT_ERROR] = "error",
	};
	return (unsigned)v < VERDICT_COUNT ? names[v] : "?";
}

const char *severity_name(enum severity s)
{
	static const char *const names[SEV_COUNT] = {
		[SEV_INFO] = "info",     [SEV_LOW] = "low",
		[SEV_MEDIUM] = "medium", [SEV_HIGH] = "high",
		[SEV_CRITICAL] = "critical",
	};
	return (unsigned)s < SEV_COUNT ? names[s] : "?";
}
