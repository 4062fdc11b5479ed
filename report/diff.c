/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The diff of two reports; diff.h says what is compared and why.  Every
 * comparison sorts both sides by a key and walks them together, so two
 * hosts with thousands of functions and findings still diff in
 * O(n log n).  Lists in the result keep report order (bus order for
 * devices), so the output reads like the reports.
 */
#include "diff.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fleet.h"

struct dev {
	struct report1_device d;
	size_t index;
	char cap[32], ctl[32];       /* ACS bits as text (acs_text()) */
	struct dev *peer;            /* the same device on the other side */
	bool moved;                  /* ... found at another address */
};

struct fnd {
	struct report1_finding f;
	char subject[REPORT1_BDF_SIZE];   /* "" when about no one device */
	size_t index;
	struct fnd *peer;
};

struct member {
	const char *bdf;
	int group;
};

struct side {
	const cJSON *root;
	struct report1_verdict v;
	const char *source, *kernel;      /* kernel NULL when unknown */
	/* by_key, fby_key: sort indexes into devs, fnds.  Their element
	 * size is spelled sizeof(struct dev *): clang-tidy reads
	 * sizeof(*by_key) as a struct pointer's size taken by mistake. */
	struct dev *devs, **by_key;
	size_t ndevs;
	struct fnd *fnds, **fby_key;
	size_t nfnds;
	const char *basis;                /* "kernel", "predicted", NULL */
	int ngroups;                      /* -1 unknown */
	struct member *members;           /* sorted by address */
	size_t nmembers;
};

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static const char *str_at(const cJSON *o, const char *key)
{
	const cJSON *x = get(o, key);

	return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* NULL-safe string equality. */
static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* ---- reading one side ---- */

/* The ACS Capability and Control bits in the report's order (PCIe r6.0,
 * 7.7.8.2-3: Source Validation, Translation Blocking, P2P Request and
 * Completion Redirect, Upstream Forwarding, P2P Egress Control, Direct
 * Translated P2P). */
static const char *const acs_bits[][2] = {
	{ "sv", "SV" }, { "tb", "TB" }, { "rr", "RR" }, { "cr", "CR" },
	{ "uf", "UF" }, { "ec", "EC" }, { "dt", "DT" },
};

/*
 * FIELD ("cap" or "ctl") of a device's "acs" as text: the bits set
 * ("SV RR CR UF"), "none", "unknown" when not read, "absent" when the
 * function has no ACS capability.  Returns -1 when it is malformed.
 */
static int acs_text(const cJSON *acs, const char *field, char *out,
		    size_t n)
{
	const cJSON *o;
	size_t used = 0;
	bool known = false;

	if (!acs || cJSON_IsNull(acs)) {
		snprintf(out, n, "absent");
		return 0;
	}
	o = get(acs, field);
	if (!cJSON_IsObject(o))
		return -1;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(acs_bits) / sizeof(*acs_bits); i++) {
		const cJSON *b = get(o, acs_bits[i][0]);

		if (!b || cJSON_IsNull(b))
			continue;
		if (!cJSON_IsBool(b))
			return -1;
		known = true;
		/* seven two-letter names fit N with room to spare */
		if (cJSON_IsTrue(b))
			used += (size_t)snprintf(out + used, n - used, "%s%s",
						 used ? " " : "",
						 acs_bits[i][1]);
	}
	if (!known)
		snprintf(out, n, "unknown");
	else if (!used)
		snprintf(out, n, "none");
	return 0;
}

/*
 * The device a finding is about, into OUT ("" for none): the address its
 * title starts with, as every per-device check writes it ("00:1f.0
 * multifunction device lacks ACS ...").  Not the evidence: a host-level
 * finding cites devices there too ("2 PCI functions are bound to vfio-pci"
 * with each one's driver link), and its subject would change with them.
 */
static void finding_subject(const char *title, char *out)
{
	out[0] = '\0';
	if (title)
		report1_bdf_at(title, out);
}

static int read_findings(struct side *s, char *why, size_t whylen)
{
	const cJSON *arr = report1_array(s->root, "findings", why, whylen), *it;
	size_t n;

	if (!arr)
		return -EINVAL;
	n = (size_t)cJSON_GetArraySize(arr);
	s->fnds = calloc(n ? n : 1, sizeof(*s->fnds));
	s->fby_key = calloc(n ? n : 1, sizeof(struct fnd *));
	if (!s->fnds || !s->fby_key)
		return -ENOMEM;
	cJSON_ArrayForEach(it, arr) {
		struct fnd *f = &s->fnds[s->nfnds];
		int e = report1_finding(it, s->nfnds, &f->f, why, whylen);

		if (e)
			return e;
		finding_subject(f->f.title, f->subject);
		f->index = s->nfnds;
		s->fby_key[s->nfnds++] = f;
	}
	return 0;
}

static int read_devices(struct side *s, char *why, size_t whylen)
{
	const cJSON *arr = report1_array(s->root, "devices", why, whylen), *it;
	size_t n;

	if (!arr)
		return -EINVAL;
	n = (size_t)cJSON_GetArraySize(arr);
	s->devs = calloc(n ? n : 1, sizeof(*s->devs));
	s->by_key = calloc(n ? n : 1, sizeof(struct dev *));
	if (!s->devs || !s->by_key)
		return -ENOMEM;
	cJSON_ArrayForEach(it, arr) {
		struct dev *d = &s->devs[s->ndevs];
		int e = report1_device(it, s->ndevs, &d->d, why, whylen);

		if (e)
			return e;
		if (acs_text(d->d.acs, "cap", d->cap, sizeof(d->cap)) ||
		    acs_text(d->d.acs, "ctl", d->ctl, sizeof(d->ctl)))
			return report1_why(-EINVAL, why, whylen,
					   "devices[%zu].acs is malformed",
					   s->ndevs);
		d->index = s->ndevs;
		s->by_key[s->ndevs++] = d;
	}
	return 0;
}

static int member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	return strcmp(x->bdf, y->bdf);
}

/*
 * The partition of devices into groups: the kernel's when it formed any,
 * else the predicted one (as probe/assign.c judges), else unknown.
 */
static int read_groups(struct side *s, char *why, size_t whylen)
{
	const cJSON *g = get(s->root, "groups"), *kernel, *predicted, *list;
	const cJSON *grp, *dv;
	size_t n = 0;

	s->ngroups = -1;
	if (!cJSON_IsObject(g))
		return report1_why(-EINVAL, why, whylen,
				   "\"groups\" is not an object");
	kernel = get(g, "kernel");
	predicted = get(g, "predicted");
	if ((!cJSON_IsNull(kernel) && !cJSON_IsArray(kernel)) ||
	    (!cJSON_IsNull(predicted) && !cJSON_IsArray(predicted)))
		return report1_why(-EINVAL, why, whylen, "groups.kernel or "
				   "groups.predicted is neither a list nor "
				   "null");
	if (cJSON_GetArraySize(kernel) > 0) {
		list = kernel;
		s->basis = "kernel";
	} else if (cJSON_IsArray(predicted)) {
		list = predicted;
		s->basis = "predicted";
	} else {
		return 0;
	}
	s->ngroups = cJSON_GetArraySize(list);
	cJSON_ArrayForEach(grp, list) {
		dv = get(grp, "devices");
		if (!cJSON_IsArray(dv))
			return report1_why(-EINVAL, why, whylen,
					   "groups.%s[%zu].devices is not a "
					   "list", s->basis, n);
		s->nmembers += (size_t)cJSON_GetArraySize(dv);
		n++;
	}
	s->members = calloc(s->nmembers ? s->nmembers : 1,
			    sizeof(*s->members));
	if (!s->members)
		return -ENOMEM;
	s->nmembers = 0;
	n = 0;
	cJSON_ArrayForEach(grp, list) {
		cJSON_ArrayForEach(dv, get(grp, "devices")) {
			if (!cJSON_IsString(dv) ||
			    !report1_bdf_ok(dv->valuestring))
				return report1_why(-EINVAL, why, whylen,
						   "groups.%s[%zu] lists a "
						   "malformed address",
						   s->basis, n);
			s->members[s->nmembers].bdf = dv->valuestring;
			s->members[s->nmembers++].group = (int)n;
		}
		n++;
	}
	if (s->nmembers)
		qsort(s->members, s->nmembers, sizeof(*s->members), member_cmp);
	for (size_t i = 1; i < s->nmembers; i++)
		if (!strcmp(s->members[i].bdf, s->members[i - 1].bdf))
			return report1_why(-EINVAL, why, whylen, "%s is in two "
					   "groups.%s", s->members[i].bdf,
					   s->basis);
	return 0;
}

static int read_side(struct side *s, const cJSON *root, char *why,
		     size_t whylen)
{
	const cJSON *kernel;
	int e;

	s->root = root;
	e = report1_verdict(root, &s->v, why, whylen);
	if (e)
		return e;
	s->source = str_at(root, "source");
	if (!s->source)
		return report1_why(-EINVAL, why, whylen,
				   "\"source\" is not a string");
	/* context only: a report without it still diffs */
	kernel = get(get(root, "facts"), "kernel");
	s->kernel = str_at(kernel, "release");
	e = read_findings(s, why, whylen);
	if (!e)
		e = read_devices(s, why, whylen);
	if (!e)
		e = read_groups(s, why, whylen);
	return e;
}

static void side_release(struct side *s)
{
	free(s->devs);
	free(s->by_key);
	free(s->fnds);
	free(s->fby_key);
	free(s->members);
}

/* ---- devices ---- */

static int dev_by_bdf(const void *a, const void *b)
{
	const struct dev *x = *(struct dev *const *)a;
	const struct dev *y = *(struct dev *const *)b;

	return strcmp(x->d.bdf, y->d.bdf);
}

/* The same kind of device: vendor, device and class. */
static int dev_kind_cmp(const struct dev *x, const struct dev *y)
{
	int c = strcasecmp(x->d.vendor_id, y->d.vendor_id);

	if (!c)
		c = strcasecmp(x->d.device_id, y->d.device_id);
	if (!c && x->d.class_code != y->d.class_code)
		c = x->d.class_code < y->d.class_code ? -1 : 1;
	return c;
}

static int dev_by_kind(const void *a, const void *b)
{
	const struct dev *x = *(struct dev *const *)a;
	const struct dev *y = *(struct dev *const *)b;
	int c = dev_kind_cmp(x, y);

	return c ? c : strcmp(x->d.bdf, y->d.bdf);
}

/* Pair the devices of A and B: first the same kind at the same address,
 * then, among the rest, the same kind at another address (moved; two
 * identical cards pair in address order). */
static void pair_devices(struct side *a, struct side *b)
{
	size_t i = 0, j = 0, na = 0, nb = 0;

	if (a->ndevs)
		qsort(a->by_key, a->ndevs, sizeof(struct dev *), dev_by_bdf);
	if (b->ndevs)
		qsort(b->by_key, b->ndevs, sizeof(struct dev *), dev_by_bdf);
	while (i < a->ndevs && j < b->ndevs) {
		int c = strcmp(a->by_key[i]->d.bdf, b->by_key[j]->d.bdf);

		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			if (!dev_kind_cmp(a->by_key[i], b->by_key[j])) {
				a->by_key[i]->peer = b->by_key[j];
				b->by_key[j]->peer = a->by_key[i];
			}
			i++;
			j++;
		}
	}
	/* the unpaired to the front of each list, then by kind */
	for (i = 0; i < a->ndevs; i++)
		if (!a->by_key[i]->peer)
			a->by_key[na++] = a->by_key[i];
	for (j = 0; j < b->ndevs; j++)
		if (!b->by_key[j]->peer)
			b->by_key[nb++] = b->by_key[j];
	if (na)
		qsort(a->by_key, na, sizeof(struct dev *), dev_by_kind);
	if (nb)
		qsort(b->by_key, nb, sizeof(struct dev *), dev_by_kind);
	for (i = 0, j = 0; i < na && j < nb;) {
		int c = dev_kind_cmp(a->by_key[i], b->by_key[j]);

		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			a->by_key[i]->peer = b->by_key[j];
			b->by_key[j]->peer = a->by_key[i];
			a->by_key[i]->moved = b->by_key[j]->moved = true;
			i++;
			j++;
		}
	}
}

static cJSON *dev_json(const struct dev *d)
{
	cJSON *o = cJSON_CreateObject();
	char cls[16];

	snprintf(cls, sizeof(cls), "%06lx", d->d.class_code);
	cJSON_AddStringToObject(o, "bdf", d->d.bdf);
	cJSON_AddStringToObject(o, "vendor_id", d->d.vendor_id);
	cJSON_AddStringToObject(o, "device_id", d->d.device_id);
	cJSON_AddStringToObject(o, "class", cls);
	report_json_str(o, "name", d->d.name);
	return o;
}

static void add_before_after(cJSON *o, const char *key, const char *before,
			     const char *after)
{
	cJSON *x = cJSON_AddObjectToObject(o, key);

	cJSON_AddStringToObject(x, "before", before);
	cJSON_AddStringToObject(x, "after", after);
}

static bool diff_devices(const struct side *a, const struct side *b,
			 cJSON *out)
{
	cJSON *devs = cJSON_AddObjectToObject(out, "devices");
	cJSON *added = cJSON_AddArrayToObject(devs, "added");
	cJSON *removed = cJSON_AddArrayToObject(devs, "removed");
	cJSON *moved = cJSON_AddArrayToObject(devs, "moved");
	cJSON *assign = cJSON_AddArrayToObject(devs, "assignability");
	cJSON *acs = cJSON_AddArrayToObject(out, "acs");
	bool changed = false;

	for (size_t j = 0; j < b->ndevs; j++)
		if (!b->devs[j].peer) {
			cJSON_AddItemToArray(added, dev_json(&b->devs[j]));
			changed = true;
		}
	for (size_t i = 0; i < a->ndevs; i++) {
		const struct dev *x = &a->devs[i], *y = x->peer;
		cJSON *o;

		changed = changed || !y || y->moved ||
			  x->d.assign != y->d.assign ||
			  strcmp(x->cap, y->cap) || strcmp(x->ctl, y->ctl);
		if (!y) {
			cJSON_AddItemToArray(removed, dev_json(x));
			continue;
		}
		if (y->moved) {
			o = dev_json(x);
			cJSON_AddStringToObject(o, "to", y->d.bdf);
			add_before_after(o, "assignability",
					 assignability_name(x->d.assign),
					 assignability_name(y->d.assign));
			cJSON_AddItemToArray(moved, o);
			continue;
		}
		if (x->d.assign != y->d.assign) {
			o = dev_json(y);
			add_before_after(o, "assignability",
					 assignability_name(x->d.assign),
					 assignability_name(y->d.assign));
			cJSON_AddItemToArray(assign, o);
		}
		if (strcmp(x->cap, y->cap) || strcmp(x->ctl, y->ctl)) {
			o = dev_json(y);
			add_before_after(o, "cap", x->cap, y->cap);
			add_before_after(o, "ctl", x->ctl, y->ctl);
			cJSON_AddItemToArray(acs, o);
		}
	}
	return changed;
}

/* ---- groups ---- */

/* A device on both sides: its address and group on each (the addresses
 * differ when it moved). */
struct regroup {
	const char *abdf, *bbdf;
	int a, b;
};

/* By the group before, then the group after, then the address after: the
 * order in which split groups list their parts. */
static int by_a(const void *p, const void *q)
{
	const struct regroup *x = p, *y = q;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return strcmp(x->bbdf, y->bbdf);
}

/* The mirror of by_a(), for merged groups. */
static int by_b(const void *p, const void *q)
{
	const struct regroup *x = p, *y = q;

	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return strcmp(x->abdf, y->abdf);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Every group of one side whose devices the other side puts in more than
 * one group: SPLIT, the groups before that split (listed by their
 * addresses before; the parts by the addresses after); else the groups
 * after that were merged.  Appends {"before", "after"} objects to ARR.
 */
static int regroups(struct regroup *t, size_t n, bool split, cJSON *arr)
{
	const char **whole = malloc((n ? n : 1) * sizeof(*whole));

	if (!whole)
		return -ENOMEM;
	if (n)
		qsort(t, n, sizeof(*t), split ? by_a : by_b);
	for (size_t i = 0, end; i < n; i = end) {
		int outer = split ? t[i].a : t[i].b;
		size_t nparts = 0, k = 0;
		cJSON *parts, *list = NULL, *o;

		for (end = i; end < n && (split ? t[end].a : t[end].b) == outer;
		     end++)
			if (end == i || (split ? t[end].b != t[end - 1].b :
					 t[end].a != t[end - 1].a))
				nparts++;
		if (nparts < 2)
			continue;
		parts = cJSON_CreateArray();
		for (size_t m = i; m < end; m++) {
			if (m == i || (split ? t[m].b != t[m - 1].b :
				       t[m].a != t[m - 1].a)) {
				list = cJSON_CreateArray();
				cJSON_AddItemToArray(parts, list);
			}
			cJSON_AddItemToArray(list, cJSON_CreateString(
				split ? t[m].bbdf : t[m].abdf));
			whole[k++] = split ? t[m].abdf : t[m].bbdf;
		}
		qsort(whole, k, sizeof(*whole), str_cmp);
		list = cJSON_CreateArray();
		for (size_t m = 0; m < k; m++)
			cJSON_AddItemToArray(list,
					     cJSON_CreateString(whole[m]));
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "before", split ? list : parts);
		cJSON_AddItemToObject(o, "after", split ? parts : list);
		cJSON_AddItemToArray(arr, o);
	}
	free(whole);
	return 0;
}

static void add_side_groups(cJSON *o, const char *key, const struct side *s)
{
	cJSON *x = cJSON_AddObjectToObject(o, key);

	report_json_str(x, "basis", s->basis);
	if (s->basis)
		cJSON_AddNumberToObject(x, "count", s->ngroups);
	else
		cJSON_AddNullToObject(x, "count");
}

static int regroup_by_b(const void *p, const void *q)
{
	return strcmp(((const struct regroup *)p)->bbdf,
		      ((const struct regroup *)q)->bbdf);
}

/* Where A's device at BDF is after: its own address, unless it moved. */
static const char *address_after(const struct side *a, const char *bdf)
{
	const struct dev key = { .d.bdf = bdf }, *kp = &key;
	struct dev **hit = bsearch(&kp, a->by_key, a->ndevs,
				   sizeof(struct dev *), dev_by_bdf);

	return hit && (*hit)->moved ? (*hit)->peer->d.bdf : bdf;
}

static int diff_groups(struct side *a, const struct side *b, cJSON *out,
		       bool *changed)
{
	cJSON *g = cJSON_AddObjectToObject(out, "groups"), *split, *merged;
	struct regroup *t;
	size_t n = 0, i, j;
	int e;

	add_side_groups(g, "before", a);
	add_side_groups(g, "after", b);
	split = cJSON_AddArrayToObject(g, "split");
	merged = cJSON_AddArrayToObject(g, "merged");
	if (!same_str(a->basis, b->basis))
		*changed = true;
	if (!a->basis || !b->basis)
		return 0;
	t = malloc((a->nmembers ? a->nmembers : 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	/* A's devices by address, to follow the ones that moved */
	for (i = 0; i < a->ndevs; i++)
		a->by_key[i] = &a->devs[i];
	if (a->ndevs)
		qsort(a->by_key, a->ndevs, sizeof(struct dev *), dev_by_bdf);
	for (i = 0; i < a->nmembers; i++)
		t[i] = (struct regroup){ a->members[i].bdf,
			address_after(a, a->members[i].bdf),
			a->members[i].group, -1 };
	if (a->nmembers)
		qsort(t, a->nmembers, sizeof(*t), regroup_by_b);
	/* keep the devices in a group on both sides, with their group after */
	for (i = 0, j = 0; i < a->nmembers && j < b->nmembers;) {
		int c = strcmp(t[i].bbdf, b->members[j].bdf);

		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			t[n] = t[i++];
			t[n++].b = b->members[j++].group;
		}
	}
	e = regroups(t, n, true, split);
	if (!e)
		e = regroups(t, n, false, merged);
	free(t);
	if (cJSON_GetArraySize(split) || cJSON_GetArraySize(merged))
		*changed = true;
	return e;
}

/* ---- findings ---- */

static int fnd_key2(const struct fnd *x, const struct fnd *y)
{
	int c = strcmp(x->f.code, y->f.code);

	return c ? c : strcmp(x->subject, y->subject);
}

static int fnd_key3(const struct fnd *x, const struct fnd *y)
{
	int c = fnd_key2(x, y);

	return c ? c : strcmp(x->f.title ? x->f.title : "",
			      y->f.title ? y->f.title : "");
}

static int fnd_order(const struct fnd *x, const struct fnd *y, int c)
{
	return c ? c : x->index < y->index ? -1 : x->index > y->index;
}

static int fnd_sort2(const void *a, const void *b)
{
	const struct fnd *x = *(struct fnd *const *)a;
	const struct fnd *y = *(struct fnd *const *)b;

	return fnd_order(x, y, fnd_key2(x, y));
}

static int fnd_sort3(const void *a, const void *b)
{
	const struct fnd *x = *(struct fnd *const *)a;
	const struct fnd *y = *(struct fnd *const *)b;

	return fnd_order(x, y, fnd_key3(x, y));
}

/* Pair the unpaired findings of A and B (both sorted consistently with
 * KEY) whose KEY is equal, in order. */
static void pair_findings(struct side *a, struct side *b,
			  int (*key)(const struct fnd *, const struct fnd *))
{
	size_t i = 0, j = 0;

	for (;;) {
		int c;

		while (i < a->nfnds && a->fby_key[i]->peer)
			i++;
		while (j < b->nfnds && b->fby_key[j]->peer)
			j++;
		if (i == a->nfnds || j == b->nfnds)
			break;
		c = key(a->fby_key[i], b->fby_key[j]);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			a->fby_key[i]->peer = b->fby_key[j];
			b->fby_key[j]->peer = a->fby_key[i];
			i++;
			j++;
		}
	}
}

static cJSON *fnd_json(const struct fnd *f)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "code", f->f.code);
	report_json_str(o, "subject", f->subject);
	cJSON_AddStringToObject(o, "verdict", verdict_name(f->f.verdict));
	report_json_str(o, "severity", f->f.severity);
	report_json_str(o, "title", f->f.title);
	return o;
}

static bool diff_findings(struct side *a, struct side *b, cJSON *out)
{
	cJSON *fo = cJSON_AddObjectToObject(out, "findings");
	cJSON *appeared = cJSON_AddArrayToObject(fo, "appeared");
	cJSON *resolved = cJSON_AddArrayToObject(fo, "resolved");
	cJSON *changed = cJSON_AddArrayToObject(fo, "changed");
	bool any = false;

	if (a->nfnds)
		qsort(a->fby_key, a->nfnds, sizeof(struct fnd *), fnd_sort3);
	if (b->nfnds)
		qsort(b->fby_key, b->nfnds, sizeof(struct fnd *), fnd_sort3);
	pair_findings(a, b, fnd_key3);
	if (a->nfnds)
		qsort(a->fby_key, a->nfnds, sizeof(struct fnd *), fnd_sort2);
	if (b->nfnds)
		qsort(b->fby_key, b->nfnds, sizeof(struct fnd *), fnd_sort2);
	pair_findings(a, b, fnd_key2);

	for (size_t j = 0; j < b->nfnds; j++) {
		const struct fnd *y = &b->fnds[j], *x = y->peer;
		cJSON *o;

		if (!x) {
			cJSON_AddItemToArray(appeared, fnd_json(y));
			any = true;
		} else if (x->f.verdict != y->f.verdict ||
			   !same_str(x->f.severity, y->f.severity)) {
			o = fnd_json(y);
			cJSON_AddStringToObject(o, "verdict_before",
						verdict_name(x->f.verdict));
			report_json_str(o, "severity_before", x->f.severity);
			cJSON_AddItemToArray(changed, o);
			any = true;
		}
	}
	for (size_t i = 0; i < a->nfnds; i++)
		if (!a->fnds[i].peer) {
			cJSON_AddItemToArray(resolved, fnd_json(&a->fnds[i]));
			any = true;
		}
	return any;
}

/* ---- the whole diff ---- */

static cJSON *side_json(const struct side *s)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "source", s->source);
	cJSON_AddStringToObject(o, "status", status_name(s->v.status));
	cJSON_AddNumberToObject(o, "score", s->v.score);
	report_json_str(o, "first_failing_layer",
			s->v.first_failing_layer >= 0 ?
			layer_name((enum layer)s->v.first_failing_layer) :
			NULL);
	report_json_str(o, "kernel", s->kernel);
	return o;
}

int report_diff(const cJSON *before, const cJSON *after, cJSON **out,
		char *why, size_t whylen)
{
	struct side a = { 0 }, b = { 0 };
	bool changed;
	char msg[256];
	cJSON *d;
	int e;

	*out = NULL;
	e = read_side(&a, before, msg, sizeof(msg));
	if (e) {
		report1_why(e, why, whylen, "before: %s", msg);
		goto done;
	}
	e = read_side(&b, after, msg, sizeof(msg));
	if (e) {
		report1_why(e, why, whylen, "after: %s", msg);
		goto done;
	}
	d = cJSON_CreateObject();
	if (!d) {
		e = -ENOMEM;
		goto done;
	}
	cJSON_AddStringToObject(d, "schema", "vfio-ready/diff/1");
	cJSON_AddItemToObject(d, "before", side_json(&a));
	cJSON_AddItemToObject(d, "after", side_json(&b));
	changed = a.v.status != b.v.status || a.v.score != b.v.score ||
		  a.v.first_failing_layer != b.v.first_failing_layer ||
		  !same_str(a.kernel, b.kernel);
	pair_devices(&a, &b);
	changed |= diff_devices(&a, &b, d);
	e = diff_groups(&a, &b, d, &changed);
	changed |= diff_findings(&a, &b, d);
	cJSON_AddBoolToObject(d, "changed", changed);
	if (e) {
		cJSON_Delete(d);
		goto done;
	}
	*out = d;
done:
	side_release(&a);
	side_release(&b);
	return e;
}

bool report_diff_changed(const cJSON *diff)
{
	return cJSON_IsTrue(get(diff, "changed"));
}

/* ---- text ---- */

static void put(FILE *out, const char *s)
{
	fleet_fputs_plain(s ? s : "?", out);
}

/* "0000:00:02.0 [8086:10d3] name" */
static void put_dev(FILE *out, const cJSON *d)
{
	const char *name = str_at(d, "name");

	put(out, str_at(d, "bdf"));
	fputs(" [", out);
	put(out, str_at(d, "vendor_id"));
	fputc(':', out);
	put(out, str_at(d, "device_id"));
	fputc(']', out);
	if (name) {
		fputc(' ', out);
		put(out, name);
	}
}

/* The number at KEY (written by report_diff(), so a whole one). */
static int int_at(const cJSON *o, const char *key)
{
	const cJSON *x = get(o, key);

	return cJSON_IsNumber(x) ? (int)x->valuedouble : 0;
}

static void put_verdict(FILE *out, const cJSON *s)
{
	const char *layer = str_at(s, "first_failing_layer");

	put(out, str_at(s, "status"));
	fprintf(out, ", score %d", int_at(s, "score"));
	if (layer) {
		fputs(" (fails at ", out);
		put(out, layer);
		fputc(')', out);
	}
}

static void put_before_after(FILE *out, const cJSON *o, const char *key)
{
	const cJSON *x = get(o, key);

	put(out, str_at(x, "before"));
	fputs(" -> ", out);
	put(out, str_at(x, "after"));
}

static int count(const cJSON *o, const char *key)
{
	return cJSON_GetArraySize(get(o, key));
}

static void text_devices(FILE *out, const cJSON *d)
{
	const cJSON *devs = get(d, "devices"), *it;

	if (!count(devs, "added") && !count(devs, "removed") &&
	    !count(devs, "moved") && !count(devs, "assignability"))
		return;
	fprintf(out, "\nDevices: %d added, %d removed, %d moved, %d changed "
		"assignability\n", count(devs, "added"), count(devs, "removed"),
		count(devs, "moved"), count(devs, "assignability"));
	cJSON_ArrayForEach(it, get(devs, "added")) {
		fputs("  + ", out);
		put_dev(out, it);
		fputc('\n', out);
	}
	cJSON_ArrayForEach(it, get(devs, "removed")) {
		fputs("  - ", out);
		put_dev(out, it);
		fputc('\n', out);
	}
	cJSON_ArrayForEach(it, get(devs, "moved")) {
		fputs("  > ", out);
		put_dev(out, it);
		fputs(" moved to ", out);
		put(out, str_at(it, "to"));
		fputs(" (", out);
		put_before_after(out, it, "assignability");
		fputs(")\n", out);
	}
	cJSON_ArrayForEach(it, get(devs, "assignability")) {
		fputs("  ~ ", out);
		put_dev(out, it);
		fputs(": ", out);
		put_before_after(out, it, "assignability");
		fputc('\n', out);
	}
}

static void put_list(FILE *out, const cJSON *list)
{
	const cJSON *it;
	bool first = true;

	cJSON_ArrayForEach(it, list) {
		if (!first)
			fputc(' ', out);
		first = false;
		put(out, cJSON_IsString(it) ? it->valuestring : NULL);
	}
}

static void put_parts(FILE *out, const cJSON *parts)
{
	const cJSON *it;
	bool first = true;

	cJSON_ArrayForEach(it, parts) {
		fputs(first ? "[" : " [", out);
		first = false;
		put_list(out, it);
		fputc(']', out);
	}
}

static void text_groups(FILE *out, const cJSON *d)
{
	const cJSON *g = get(d, "groups"), *a = get(g, "before");
	const cJSON *b = get(g, "after"), *it;
	const char *ba = str_at(a, "basis"), *bb = str_at(b, "basis");

	if (same_str(ba, bb) && !count(g, "split") && !count(g, "merged"))
		return;
	fputs("\nIOMMU groups: ", out);
	if (ba)
		fprintf(out, "%d %s", int_at(a, "count"), ba);
	else
		fputs("unknown", out);
	fputs(" -> ", out);
	if (bb)
		fprintf(out, "%d %s", int_at(b, "count"), bb);
	else
		fputs("unknown", out);
	fprintf(out, "; %d split, %d merged\n", count(g, "split"),
		count(g, "merged"));
	cJSON_ArrayForEach(it, get(g, "split")) {
		fputs("  split:  ", out);
		put_list(out, get(it, "before"));
		fputs(" -> ", out);
		put_parts(out, get(it, "after"));
		fputc('\n', out);
	}
	cJSON_ArrayForEach(it, get(g, "merged")) {
		fputs("  merged: ", out);
		put_parts(out, get(it, "before"));
		fputs(" -> ", out);
		put_list(out, get(it, "after"));
		fputc('\n', out);
	}
}

static void text_acs(FILE *out, const cJSON *d)
{
	const cJSON *it;

	if (!count(d, "acs"))
		return;
	fprintf(out, "\nACS: %d function%s changed\n", count(d, "acs"),
		count(d, "acs") == 1 ? "" : "s");
	cJSON_ArrayForEach(it, get(d, "acs")) {
		fputs("  ", out);
		put_dev(out, it);
		fputs("\n      capability: ", out);
		put_before_after(out, it, "cap");
		fputs("\n      control:    ", out);
		put_before_after(out, it, "ctl");
		fputc('\n', out);
	}
}

/* "+ fail  code (subject): title"; a changed one shows what it was:
 * "~ warn -> fail ..." or, for a severity alone, "~ warn (low -> high)". */
static void put_finding(FILE *out, const cJSON *f, const char *mark)
{
	const char *subject = str_at(f, "subject");
	const char *verdict = str_at(f, "verdict");
	const char *before = str_at(f, "verdict_before");

	fprintf(out, "  %s ", mark);
	if (before && !same_str(before, verdict)) {
		put(out, before);
		fputs(" -> ", out);
	}
	put(out, verdict);
	if (before && same_str(before, verdict)) {
		fputs(" (", out);
		put(out, str_at(f, "severity_before"));
		fputs(" -> ", out);
		put(out, str_at(f, "severity"));
		fputc(')', out);
	}
	fputs("  ", out);
	put(out, str_at(f, "code"));
	if (subject) {
		fputs(" (", out);
		put(out, subject);
		fputc(')', out);
	}
	if (str_at(f, "title")) {
		fputs(": ", out);
		put(out, str_at(f, "title"));
	}
	fputc('\n', out);
}

static void text_findings(FILE *out, const cJSON *d)
{
	const cJSON *fo = get(d, "findings"), *it;

	if (!count(fo, "appeared") && !count(fo, "resolved") &&
	    !count(fo, "changed"))
		return;
	fprintf(out, "\nFindings: %d appeared, %d resolved, %d changed\n",
		count(fo, "appeared"), count(fo, "resolved"),
		count(fo, "changed"));
	cJSON_ArrayForEach(it, get(fo, "appeared"))
		put_finding(out, it, "+");
	cJSON_ArrayForEach(it, get(fo, "resolved"))
		put_finding(out, it, "-");
	cJSON_ArrayForEach(it, get(fo, "changed"))
		put_finding(out, it, "~");
}

int report_diff_write_text(FILE *out, const cJSON *d)
{
	const cJSON *a = get(d, "before"), *b = get(d, "after");
	const char *ka = str_at(a, "kernel"), *kb = str_at(b, "kernel");

	fputs("Before: ", out);
	put(out, str_at(a, "source"));
	fputs("\nAfter:  ", out);
	put(out, str_at(b, "source"));
	fputs("\nVerdict: ", out);
	put_verdict(out, a);
	if (!same_str(str_at(a, "status"), str_at(b, "status")) ||
	    int_at(a, "score") != int_at(b, "score") ||
	    !same_str(str_at(a, "first_failing_layer"),
		      str_at(b, "first_failing_layer"))) {
		fputs(" -> ", out);
		put_verdict(out, b);
	}
	fputc('\n', out);
	if (!same_str(ka, kb)) {
		fputs("Kernel: ", out);
		put(out, ka ? ka : "unknown");
		fputs(" -> ", out);
		put(out, kb ? kb : "unknown");
		fputc('\n', out);
	}
	if (!report_diff_changed(d)) {
		fputs("\nNo change: the same verdict, devices, IOMMU groups, "
		      "ACS and findings.\n", out);
		return ferror(out) ? -1 : 0;
	}
	text_devices(out, d);
	text_groups(out, d);
	text_acs(out, d);
	text_findings(out, d);
	return ferror(out) ? -1 : 0;
}
