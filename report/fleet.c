/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fleet summary (`vfio-ready fleet`): many JSON reports folded into one
 * view, and the checked readers of report/1 trees that the diff and the
 * metrics share.  The streaming design is described in fleet.h; each
 * output format says why it looks the way it does at its writer.
 */
#include "fleet.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "version.h"

#define FLEET_FILE_MAX   4096     /* bytes of a file name kept */
#define CODE_MAX         96       /* bytes of a finding code */

int report1_why(int e, char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return e;
}

/* (OUT) = the value V in [0, N) whose NAME(V) is S, or -1: reads the JSON
 * spelling of an enum back (layer_name, verdict_name, ...). */
#define NAME_INDEX(out, s, n, name)					\
	do {								\
		(out) = -1;						\
		for (int v_ = 0; v_ < (int)(n); v_++)			\
			if (!strcmp((s), name(v_))) {			\
				(out) = v_;				\
				break;					\
			}						\
	} while (0)

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* *OUT = the string at KEY, or NULL when KEY is absent or null.  Returns
 * -1 when it is something else. */
static int opt_string(const cJSON *o, const char *key, const char **out)
{
	const cJSON *x = get(o, key);

	*out = NULL;
	if (!x || cJSON_IsNull(x))
		return 0;
	if (!cJSON_IsString(x))
		return -1;
	*out = x->valuestring;
	return 0;
}

static bool hex_exact(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return s[n] == '\0';
}

/* Does S start with PATTERN ('x' a hex digit, 'f' a function 0..7)? */
static bool starts_like(const char *s, const char *pattern)
{
	/* stops at the first mismatch, the NUL of a short S included */
	for (; *pattern; pattern++, s++) {
		unsigned char c = (unsigned char)*s;

		if (*pattern == 'x' ? !isxdigit(c) :
		    *pattern == 'f' ? c < '0' || c > '7' :
		    c != (unsigned char)*pattern)
			return false;
	}
	return true;
}

bool report1_bdf_at(const char *s, char *out)
{
	static const char full[] = "xxxx:xx:xx.f";
	const char *bus = full + 5;     /* "xx:xx.f": lspci's short form */
	size_t n;

	if (starts_like(s, full))
		n = sizeof(full) - 1;
	else if (starts_like(s, bus))
		n = sizeof(full) - 1 - 5;
	else
		return false;
	if (isxdigit((unsigned char)s[n]) || s[n] == ':' || s[n] == '.')
		return false;
	snprintf(out, REPORT1_BDF_SIZE, "%s%.*s",
		 n < sizeof(full) - 1 ? "0000:" : "",
		 (int)n, s);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return true;
}

bool report1_bdf_ok(const char *s)
{
	char bdf[REPORT1_BDF_SIZE];

	return strlen(s) == REPORT1_BDF_SIZE - 1 && report1_bdf_at(s, bdf);
}

/* Finding codes are dotted lower-case words (checks/check.h); anything
 * else did not come from vfio-ready. */
static bool code_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-");

	return n && n <= CODE_MAX && s[n] == '\0';
}

/*
 * An upper bound of the JSON values in BUF, counted without parsing: every
 * value but the first follows a '[', '{' or ','.  Stops past CAP.
 */
static size_t count_values(const char *buf, size_t len, size_t cap)
{
	size_t n = 1;
	bool in_string = false;

	for (size_t i = 0; i < len && n <= cap; i++) {
		char c = buf[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[' || c == ',') {
			n++;
		}
	}
	return n;
}

int report1_parse(const char *buf, size_t len, cJSON **out, char *why,
		  size_t whylen)
{
	const char *end = NULL;
	const cJSON *schema;
	cJSON *root;
	int e = 0;

	*out = NULL;
	if (len > REPORT1_MAX_BYTES)
		return report1_why(-EFBIG, why, whylen, "larger than %u MiB",
				   REPORT1_MAX_BYTES >> 20);
	if (count_values(buf, len, REPORT1_MAX_VALUES) > REPORT1_MAX_VALUES)
		return report1_why(-EFBIG, why, whylen,
				   "more than %u JSON values",
				   REPORT1_MAX_VALUES);
	/* cJSON 1.7.15 may look at BUF[LEN]: the callers NUL-terminate */
	root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
	if (!root)
		return report1_why(-EINVAL, why, whylen,
				   "not JSON (error at byte %zu)",
				   end && end >= buf ? (size_t)(end - buf) : 0);
	while (end < buf + len && isspace((unsigned char)*end))
		end++;
	schema = get(root, "schema");
	if (end != buf + len)
		e = report1_why(-EINVAL, why, whylen,
				"data after the JSON value (byte %zu)",
				(size_t)(end - buf));
	else if (!cJSON_IsObject(root))
		e = report1_why(-EINVAL, why, whylen, "not a JSON object");
	else if (!cJSON_IsString(schema))
		e = report1_why(-EINVAL, why, whylen, "not a vfio-ready "
				"report (no \"schema\" string)");
	else if (strcmp(schema->valuestring, REPORT1_SCHEMA))
		e = report1_why(-EINVAL, why, whylen, "schema \"%.60s\" is "
				"not \"" REPORT1_SCHEMA "\"",
				schema->valuestring);
	if (e) {
		cJSON_Delete(root);
		return e;
	}
	*out = root;
	return 0;
}

int report1_verdict(const cJSON *root, struct report1_verdict *v, char *why,
		    size_t whylen)
{
	const cJSON *o = get(root, "verdict"), *x;
	int i = -1;

	memset(v, 0, sizeof(*v));
	if (!cJSON_IsObject(o))
		return report1_why(-EINVAL, why, whylen,
				   "\"verdict\" is not an object");
	x = get(o, "status");
	if (cJSON_IsString(x))
		NAME_INDEX(i, x->valuestring, STATUS_NOT_READY + 1,
			   status_name);
	if (i < 0)
		return report1_why(-EINVAL, why, whylen, "verdict.status is "
				   "not ready, warnings or not_ready");
	v->status = (enum host_status)i;
	x = get(o, "score");
	/* the comparisons reject NaN and infinities before the cast */
	if (!cJSON_IsNumber(x) || !(x->valuedouble >= 0 &&
				    x->valuedouble <= 100) ||
	    x->valuedouble != (double)(int)x->valuedouble)
		return report1_why(-EINVAL, why, whylen, "verdict.score is "
				   "not a whole number 0..100");
	v->score = (int)x->valuedouble;
	x = get(o, "first_failing_layer");
	i = -1;
	if (cJSON_IsString(x))
		NAME_INDEX(i, x->valuestring, LAYER_COUNT, layer_name);
	if (i < 0 && !cJSON_IsNull(x))
		return report1_why(-EINVAL, why, whylen, "verdict."
				   "first_failing_layer is neither a layer "
				   "nor null");
	v->first_failing_layer = i;
	return 0;
}

int report1_finding(const cJSON *item, size_t index,
		    struct report1_finding *f, char *why, size_t whylen)
{
	const cJSON *x;
	int v = -1;

	memset(f, 0, sizeof(*f));
	if (!cJSON_IsObject(item))
		return report1_why(-EINVAL, why, whylen,
				   "findings[%zu] is not an object", index);
	x = get(item, "code");
	if (!cJSON_IsString(x) || !code_ok(x->valuestring))
		return report1_why(-EINVAL, why, whylen,
				   "findings[%zu].code is not a finding code",
				   index);
	f->code = x->valuestring;
	x = get(item, "verdict");
	if (cJSON_IsString(x))
		NAME_INDEX(v, x->valuestring, VERDICT_COUNT, verdict_name);
	if (v < 0)
		return report1_why(-EINVAL, why, whylen,
				   "findings[%zu].verdict is not a verdict",
				   index);
	f->verdict = (enum verdict)v;
	if (opt_string(item, "title", &f->title) ||
	    opt_string(item, "severity", &f->severity))
		return report1_why(-EINVAL, why, whylen, "findings[%zu]: "
				   "title or severity is not a string", index);
	return 0;
}

int report1_device(const cJSON *item, size_t index,
		   struct report1_device *d, char *why, size_t whylen)
{
	const cJSON *bdf, *ven, *dev, *cls, *as, *acs;
	int a = -1;

	memset(d, 0, sizeof(*d));
	if (!cJSON_IsObject(item))
		return report1_why(-EINVAL, why, whylen,
				   "devices[%zu] is not an object", index);
	bdf = get(item, "bdf");
	ven = get(item, "vendor_id");
	dev = get(item, "device_id");
	cls = get(item, "class");
	if (!cJSON_IsString(bdf) || !report1_bdf_ok(bdf->valuestring) ||
	    !cJSON_IsString(ven) || !hex_exact(ven->valuestring, 4) ||
	    !cJSON_IsString(dev) || !hex_exact(dev->valuestring, 4) ||
	    !cJSON_IsString(cls) || !hex_exact(cls->valuestring, 6))
		return report1_why(-EINVAL, why, whylen, "devices[%zu]: bdf, "
				   "vendor_id, device_id or class is "
				   "malformed", index);
	as = get(item, "assignability");
	if (cJSON_IsString(as))
		NAME_INDEX(a, as->valuestring, ASSIGN_BLOCKED + 1,
			   assignability_name);
	if (a < 0)
		return report1_why(-EINVAL, why, whylen, "devices[%zu]."
				   "assignability is not alone, with_group, "
				   "blocked or unknown", index);
	acs = get(item, "acs");
	if (acs && !cJSON_IsNull(acs) && !cJSON_IsObject(acs))
		return report1_why(-EINVAL, why, whylen, "devices[%zu].acs "
				   "is neither an object nor null", index);
	if (opt_string(item, "name", &d->name))
		return report1_why(-EINVAL, why, whylen,
				   "devices[%zu].name is not a string", index);
	d->bdf = bdf->valuestring;
	d->vendor_id = ven->valuestring;
	d->device_id = dev->valuestring;
	/* six hex digits: strtoul cannot overflow or stop early */
	d->class_code = strtoul(cls->valuestring, NULL, 16);
	d->assign = (enum assignability)a;
	d->acs = acs;
	return 0;
}

const cJSON *report1_array(const cJSON *root, const char *key, char *why,
			   size_t whylen)
{
	const cJSON *a = get(root, key);

	if (!cJSON_IsArray(a)) {
		report1_why(-EINVAL, why, whylen, "\"%s\" is not an array",
			    key);
		return NULL;
	}
	return a;
}

enum fleet_class fleet_class_of(unsigned long class_code)
{
	unsigned base = (class_code >> 16) & 0xff;
	unsigned sub = (class_code >> 8) & 0xff;

	if (base == 0x03)
		return FLEET_GPU;
	if (base == 0x02)
		return FLEET_NIC;
	if (base == 0x01 && sub == 0x08)
		return FLEET_NVME;
	if (base == 0x0c && sub == 0x03)
		return FLEET_USB;
	return FLEET_OTHER;
}

static const char *const class_names[FLEET_CLASS_COUNT][2] = {
	[FLEET_GPU] = { "gpu", "GPU" },   [FLEET_NIC] = { "nic", "NIC" },
	[FLEET_NVME] = { "nvme", "NVMe" }, [FLEET_USB] = { "usb", "USB" },
	[FLEET_OTHER] = { "other", "other" },
};

const char *fleet_class_name(enum fleet_class c)
{
	return (unsigned)c < FLEET_CLASS_COUNT ? class_names[c][0] : "?";
}

const char *fleet_class_label(enum fleet_class c)
{
	return (unsigned)c < FLEET_CLASS_COUNT ? class_names[c][1] : "?";
}

bool fleet_can_pass(enum host_status host, enum assignability a)
{
	return host != STATUS_NOT_READY &&
	       (a == ASSIGN_ALONE || a == ASSIGN_WITH_GROUP);
}

void fleet_fputs_plain(const char *s, FILE *out)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
}

/* ---- the merge ---- */

size_t fleet_utf8_seq(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

/*
 * A copy of S of at most MAX bytes, cut at a character boundary, every
 * byte that is not part of valid UTF-8 replaced by '?': host names and file
 * names go into JSON and HTML, which must be valid UTF-8.
 */
static char *text_dup(const char *s, size_t max)
{
	size_t len = strnlen(s, max + 4), o = 0;
	char *out = malloc((len < max ? len : max) + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = fleet_utf8_seq(s + i);

		if (!n || i + n > len) {
			if (o + 1 > max)
				break;
			out[o++] = '?';
			i++;
			continue;
		}
		if (o + n > max)
			break;
		memcpy(out + o, s + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	return out;
}

void fleet_init(struct fleet *f)
{
	memset(f, 0, sizeof(*f));
	f->score_min = 100;
}

void fleet_release(struct fleet *f)
{
	for (size_t i = 0; i < f->nhosts; i++) {
		free(f->hosts[i].name);
		free(f->hosts[i].file);
	}
	free(f->hosts);
	for (size_t i = 0; i < f->nbad; i++) {
		free(f->bad[i].file);
		free(f->bad[i].reason);
	}
	free(f->bad);
	for (size_t i = 0; i < f->codes_size; i++)
		free(f->codes[i].code);
	free(f->codes);
	fleet_init(f);
}

/* Make room for one more of *N items of SIZE bytes in *V. */
static int grow(void **v, size_t *alloc, size_t n, size_t size)
{
	size_t want = *alloc ? *alloc * 2 : 64;
	void *p;

	if (n < *alloc)
		return 0;
	p = realloc(*v, want * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*alloc = want;
	return 0;
}

static int record_unreadable(struct fleet *f, const char *file,
			     const char *reason)
{
	struct fleet_unreadable *u;

	if (grow((void **)&f->bad, &f->bad_alloc, f->nbad, sizeof(*f->bad)))
		return -ENOMEM;
	u = &f->bad[f->nbad];
	u->file = text_dup(file, FLEET_FILE_MAX);
	u->reason = text_dup(reason, 300);
	if (!u->file || !u->reason) {
		free(u->file);
		free(u->reason);
		return -ENOMEM;
	}
	f->nbad++;
	return 0;
}

int fleet_add_unreadable(struct fleet *f, const char *file,
			 const char *reason)
{
	f->files++;
	return record_unreadable(f, file, reason);
}

static uint32_t code_hash(const char *s)
{
	uint32_t h = 2166136261u;     /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Put B into the first free slot of its probe sequence in T. */
static struct fleet_blocker *code_place(struct fleet_blocker *t, size_t size,
					const struct fleet_blocker *b)
{
	size_t j = code_hash(b->code) & (size - 1);

	while (t[j].code)
		j = (j + 1) & (size - 1);
	t[j] = *b;
	return &t[j];
}

/* The counter of CODE, added when new.  NULL when FLEET_MAX_CODES codes
 * are counted already (*E = 0) or memory ran out (*E = -ENOMEM). */
static struct fleet_blocker *code_counter(struct fleet *f, const char *code,
					  int *e)
{
	size_t mask = f->codes_size - 1, j;
	struct fleet_blocker b = { 0 };

	*e = 0;
	for (j = code_hash(code) & mask; f->codes_size && f->codes[j].code;
	     j = (j + 1) & mask)
		if (!strcmp(f->codes[j].code, code))
			return &f->codes[j];
	if (f->ncodes >= FLEET_MAX_CODES)
		return NULL;
	/* at most half full, so a probe always ends */
	if (2 * (f->ncodes + 1) > f->codes_size) {
		size_t size = f->codes_size ? f->codes_size * 2 : 64;
		struct fleet_blocker *t = calloc(size, sizeof(*t));

		if (!t) {
			*e = -ENOMEM;
			return NULL;
		}
		for (size_t i = 0; i < f->codes_size; i++)
			if (f->codes[i].code)
				code_place(t, size, &f->codes[i]);
		free(f->codes);
		f->codes = t;
		f->codes_size = size;
	}
	b.code = strdup(code);
	if (!b.code) {
		*e = -ENOMEM;
		return NULL;
	}
	f->ncodes++;
	return code_place(f->codes, f->codes_size, &b);
}

/* Who the report is about: its "hostname", else its "source" unless that
 * is "live" (every live audit says so), else the file name less ".json". */
static const char *host_identity(const cJSON *root, const char *file,
				 char *stem, size_t stemlen)
{
	const char *hostname, *source, *base = strrchr(file, '/');
	size_t n;

	opt_string(root, "hostname", &hostname);
	if (hostname && *hostname)
		return hostname;
	opt_string(root, "source", &source);
	if (source && *source && strcmp(source, "live"))
		return source;
	base = base ? base + 1 : file;
	n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".json"))
		n -= 5;
	snprintf(stem, stemlen, "%.*s", (int)n, base);
	return stem;
}

/*
 * Check every part of ROOT the fleet reads and fill ROW (but its strings)
 * and DEVICES: nothing is counted until the whole report proved usable.
 */
static int host_row(const cJSON *root, struct fleet_host *row,
		    unsigned long *devices, char *why, size_t whylen)
{
	const cJSON *findings, *devs, *it;
	struct report1_verdict v;
	const char *s;
	size_t i = 0;
	int e;

	if (opt_string(root, "hostname", &s) || opt_string(root, "source", &s))
		return report1_why(-EINVAL, why, whylen,
				   "\"hostname\" or \"source\" is not a "
				   "string");
	e = report1_verdict(root, &v, why, whylen);
	if (e)
		return e;
	row->status = v.status;
	row->score = v.score;
	row->first_failing_layer = v.first_failing_layer;
	findings = report1_array(root, "findings", why, whylen);
	devs = report1_array(root, "devices", why, whylen);
	if (!findings || !devs)
		return -EINVAL;
	cJSON_ArrayForEach(it, findings) {
		struct report1_finding fd;

		e = report1_finding(it, i++, &fd, why, whylen);
		if (e)
			return e;
		if (fd.verdict == VERDICT_FAIL)
			row->blockers++;
	}
	i = 0;
	cJSON_ArrayForEach(it, devs) {
		struct report1_device d;
		enum fleet_class c;

		e = report1_device(it, i++, &d, why, whylen);
		if (e)
			return e;
		c = fleet_class_of(d.class_code);
		devices[c]++;
		if (fleet_can_pass(v.status, d.assign))
			row->assignable[c]++;
	}
	return 0;
}

/* Count the failing findings of one (checked) report by code. */
static int count_blockers(struct fleet *f, const cJSON *findings)
{
	const cJSON *it;
	char why[8];

	cJSON_ArrayForEach(it, findings) {
		struct report1_finding fd;
		struct fleet_blocker *b;
		int e;

		if (report1_finding(it, 0, &fd, why, sizeof(why)) ||
		    fd.verdict != VERDICT_FAIL)
			continue;
		b = code_counter(f, fd.code, &e);
		if (e)
			return e;
		if (!b) {
			f->codes_dropped++;
			continue;
		}
		b->findings++;
		if (b->last != f->files) {
			b->last = f->files;
			b->hosts++;
		}
	}
	return 0;
}

int fleet_add(struct fleet *f, const char *file, const char *buf,
	      size_t len)
{
	unsigned long devices[FLEET_CLASS_COUNT] = { 0 };
	struct fleet_host row = { 0 };
	char why[300], stem[FLEET_NAME_MAX + 1];
	cJSON *root;
	int e;

	if (f->finished)
		return -EINVAL;
	f->files++;
	e = report1_parse(buf, len, &root, why, sizeof(why));
	if (!e) {
		e = host_row(root, &row, devices, why, sizeof(why));
		if (e)
			cJSON_Delete(root);
	}
	if (e)
		return record_unreadable(f, file, why) ? -ENOMEM : -EINVAL;

	e = grow((void **)&f->hosts, &f->hosts_alloc, f->nhosts,
		 sizeof(*f->hosts));
	if (!e) {
		row.name = text_dup(host_identity(root, file, stem,
						  sizeof(stem)),
				    FLEET_NAME_MAX);
		row.file = text_dup(file, FLEET_FILE_MAX);
		if (!row.name || !row.file)
			e = -ENOMEM;
	}
	if (!e)
		e = count_blockers(f, get(root, "findings"));
	cJSON_Delete(root);
	if (e) {
		free(row.name);
		free(row.file);
		return e;
	}
	f->hosts[f->nhosts++] = row;
	f->by_status[row.status]++;
	if (row.first_failing_layer >= 0)
		f->by_layer[row.first_failing_layer]++;
	f->score_sum += (unsigned long)row.score;
	if (row.score < f->score_min)
		f->score_min = row.score;
	if (row.score > f->score_max)
		f->score_max = row.score;
	for (int c = 0; c < FLEET_CLASS_COUNT; c++) {
		f->devices[c] += devices[c];
		f->assignable[c] += row.assignable[c];
		f->hosts_assignable[c] += row.assignable[c] > 0;
	}
	return 0;
}

static int host_cmp(const void *a, const void *b)
{
	const struct fleet_host *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->file, y->file);
}

static int blocker_cmp(const void *a, const void *b)
{
	const struct fleet_blocker *x = a, *y = b;

	if (x->hosts != y->hosts)
		return x->hosts > y->hosts ? -1 : 1;
	if (x->findings != y->findings)
		return x->findings > y->findings ? -1 : 1;
	return strcmp(x->code, y->code);
}

void fleet_finish(struct fleet *f)
{
	size_t k = 0;

	if (f->finished)
		return;
	f->finished = true;
	if (f->nhosts)
		qsort(f->hosts, f->nhosts, sizeof(*f->hosts), host_cmp);
	for (size_t i = 1; i < f->nhosts; i++)
		if (!strcmp(f->hosts[i].name, f->hosts[i - 1].name))
			f->duplicate_names++;
	/* the hash table becomes a list: the codes to the front */
	for (size_t i = 0; i < f->codes_size; i++)
		if (f->codes[i].code) {
			f->codes[k] = f->codes[i];
			if (k++ != i)
				memset(&f->codes[i], 0, sizeof(f->codes[i]));
		}
	if (k)
		qsort(f->codes, k, sizeof(*f->codes), blocker_cmp);
}

/* ---- writers ---- */

static unsigned long percent(unsigned long part, unsigned long whole)
{
	return whole ? (part * 100 + whole / 2) / whole : 0;
}

/* The mean score in tenths, rounded. */
static unsigned long mean_tenths(const struct fleet *f)
{
	return f->nhosts ? (f->score_sum * 10 + f->nhosts / 2) / f->nhosts : 0;
}

static const char *layer_or_empty(int layer)
{
	return layer >= 0 ? layer_name((enum layer)layer) : "";
}

/* The host name last: it is the one column of any width. */
static void text_hosts(FILE *out, const struct fleet *f)
{
	fprintf(out, "\nHosts (devices that can be passed through, by class)"
		"\n  %-9s  %5s  %-8s  %8s  %4s  %4s  %4s  %4s  %s\n", "VERDICT",
		"SCORE", "FAILS AT", "BLOCKERS", "GPU", "NIC", "NVMe", "USB",
		"HOST");
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];

		fprintf(out, "  %-9s  %5d  %-8s  %8u  %4u  %4u  %4u  %4u  ",
			status_name(h->status), h->score,
			h->first_failing_layer >= 0 ?
			layer_name((enum layer)h->first_failing_layer) : "-",
			h->blockers, h->assignable[FLEET_GPU],
			h->assignable[FLEET_NIC], h->assignable[FLEET_NVME],
			h->assignable[FLEET_USB]);
		fleet_fputs_plain(h->name, out);
		fputc('\n', out);
	}
}

int fleet_write_text(FILE *out, const struct fleet *f)
{
	unsigned long n = f->nhosts, t = mean_tenths(f);

	fprintf(out, "vfio-ready fleet: %lu report%s, %lu host%s, %zu "
		"unreadable\n", f->files, f->files == 1 ? "" : "s", n,
		n == 1 ? "" : "s", f->nbad);
	if (n) {
		fputs("\nHosts by verdict\n", out);
		for (int s = STATUS_READY; s <= STATUS_NOT_READY; s++)
			fprintf(out, "  %-10s %7lu  %3lu%%\n", status_name(s),
				f->by_status[s], percent(f->by_status[s], n));
		fprintf(out, "Score: mean %lu.%lu, lowest %d, highest %d\n",
			t / 10, t % 10, f->score_min, f->score_max);
	}
	if (f->by_status[STATUS_NOT_READY]) {
		fputs("\nFirst failing layer of the hosts not ready\n", out);
		for (int l = 0; l < LAYER_COUNT; l++)
			if (f->by_layer[l])
				fprintf(out, "  %-10s %7lu\n", layer_name(l),
					f->by_layer[l]);
	}
	if (f->ncodes) {
		fputs("\nMost common blockers (hosts, failing findings, "
		      "code)\n", out);
		for (size_t i = 0; i < f->ncodes && i < FLEET_TOP; i++)
			fprintf(out, "  %7lu %7lu  %s\n", f->codes[i].hosts,
				f->codes[i].findings, f->codes[i].code);
		if (f->ncodes > FLEET_TOP)
			fprintf(out, "  and %zu more codes (--format json "
				"lists them all)\n", f->ncodes - FLEET_TOP);
	}
	if (f->codes_dropped)
		fprintf(out, "  %lu failing findings not counted by code "
			"(more than %d distinct codes)\n", f->codes_dropped,
			FLEET_MAX_CODES);
	if (n) {
		fputs("\nDevices that can be passed through, by class (hosts "
		      "not not_ready)\n", out);
		fprintf(out, "  %-6s %7s %9s %9s\n", "CLASS", "HOSTS",
			"DEVICES", "OF ALL");
		for (int c = 0; c < FLEET_CLASS_COUNT; c++)
			fprintf(out, "  %-6s %7lu %9lu %9lu\n",
				fleet_class_label(c), f->hosts_assignable[c],
				f->assignable[c], f->devices[c]);
		text_hosts(out, f);
	}
	if (f->duplicate_names)
		fprintf(out, "\n%lu host name%s appear%s in more than one "
			"report (see FILE in --format csv)\n",
			f->duplicate_names, f->duplicate_names == 1 ? "" : "s",
			f->duplicate_names == 1 ? "s" : "");
	if (f->nbad) {
		fputs("\nUnreadable reports\n", out);
		for (size_t i = 0; i < f->nbad; i++) {
			fputs("  ", out);
			fleet_fputs_plain(f->bad[i].file, out);
			fputs(": ", out);
			fleet_fputs_plain(f->bad[i].reason, out);
			fputc('\n', out);
		}
	}
	return ferror(out) ? -1 : 0;
}

static cJSON *classes_json(const unsigned *v)
{
	cJSON *o = cJSON_CreateObject();

	for (int c = 0; c < FLEET_CLASS_COUNT; c++)
		cJSON_AddNumberToObject(o, fleet_class_name(c), v[c]);
	return o;
}

static cJSON *fleet_json(const struct fleet *f)
{
	cJSON *root = cJSON_CreateObject(), *o, *arr;
	unsigned long t = mean_tenths(f);

	cJSON_AddStringToObject(root, "schema", "vfio-ready/fleet/1");
	o = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(o, "name", "vfio-ready");
	cJSON_AddStringToObject(o, "version", VFIO_READY_VERSION);
	o = cJSON_AddObjectToObject(root, "reports");
	cJSON_AddNumberToObject(o, "files", (double)f->files);
	cJSON_AddNumberToObject(o, "hosts", (double)f->nhosts);
	cJSON_AddNumberToObject(o, "unreadable", (double)f->nbad);
	cJSON_AddNumberToObject(o, "duplicate_names",
				(double)f->duplicate_names);
	o = cJSON_AddObjectToObject(root, "status");
	for (int s = STATUS_READY; s <= STATUS_NOT_READY; s++)
		cJSON_AddNumberToObject(o, status_name(s),
					(double)f->by_status[s]);
	o = cJSON_AddObjectToObject(root, "score");
	if (f->nhosts) {
		cJSON_AddNumberToObject(o, "mean", (double)t / 10);
		cJSON_AddNumberToObject(o, "min", f->score_min);
		cJSON_AddNumberToObject(o, "max", f->score_max);
	} else {
		cJSON_AddNullToObject(o, "mean");
		cJSON_AddNullToObject(o, "min");
		cJSON_AddNullToObject(o, "max");
	}
	o = cJSON_AddObjectToObject(root, "first_failing_layer");
	for (int l = 0; l < LAYER_COUNT; l++)
		cJSON_AddNumberToObject(o, layer_name(l),
					(double)f->by_layer[l]);
	arr = cJSON_AddArrayToObject(root, "blockers");
	for (size_t i = 0; i < f->ncodes; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "code", f->codes[i].code);
		cJSON_AddNumberToObject(o, "hosts", (double)f->codes[i].hosts);
		cJSON_AddNumberToObject(o, "findings",
					(double)f->codes[i].findings);
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_AddNumberToObject(root, "blockers_not_counted",
				(double)f->codes_dropped);
	o = cJSON_AddObjectToObject(root, "classes");
	for (int c = 0; c < FLEET_CLASS_COUNT; c++) {
		cJSON *k = cJSON_AddObjectToObject(o, fleet_class_name(c));

		cJSON_AddNumberToObject(k, "devices", (double)f->devices[c]);
		cJSON_AddNumberToObject(k, "assignable",
					(double)f->assignable[c]);
		cJSON_AddNumberToObject(k, "hosts",
					(double)f->hosts_assignable[c]);
	}
	arr = cJSON_AddArrayToObject(root, "hosts");
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];

		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "host", h->name);
		cJSON_AddStringToObject(o, "file", h->file);
		cJSON_AddStringToObject(o, "status", status_name(h->status));
		cJSON_AddNumberToObject(o, "score", h->score);
		if (h->first_failing_layer >= 0)
			cJSON_AddStringToObject(o, "first_failing_layer",
				layer_name((enum layer)h->first_failing_layer));
		else
			cJSON_AddNullToObject(o, "first_failing_layer");
		cJSON_AddNumberToObject(o, "blockers", h->blockers);
		cJSON_AddItemToObject(o, "assignable",
				      classes_json(h->assignable));
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(root, "unreadable");
	for (size_t i = 0; i < f->nbad; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", f->bad[i].file);
		cJSON_AddStringToObject(o, "reason", f->bad[i].reason);
		cJSON_AddItemToArray(arr, o);
	}
	return root;
}

int fleet_write_json(FILE *out, const struct fleet *f)
{
	cJSON *root = fleet_json(f);
	char *s = root ? cJSON_Print(root) : NULL;
	int e = 0;

	cJSON_Delete(root);
	if (!s)
		return -1;
	if (fputs(s, out) < 0 || fputc('\n', out) < 0)
		e = -1;
	free(s);
	return e;
}

/* One CSV field (RFC 4180 section 2): quoted when it holds a comma, a
 * double quote or a line break, with its double quotes doubled. */
static void csv_field(FILE *out, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* One row per host, CRLF line ends (RFC 4180), a header row first. */
int fleet_write_csv(FILE *out, const struct fleet *f)
{
	fputs("host,verdict,score,first_failing_layer,blockers,gpu,nic,nvme,"
	      "usb,file\r\n", out);
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];

		csv_field(out, h->name);
		fprintf(out, ",%s,%d,%s,%u,%u,%u,%u,%u,",
			status_name(h->status), h->score,
			layer_or_empty(h->first_failing_layer), h->blockers,
			h->assignable[FLEET_GPU],
			h->assignable[FLEET_NIC], h->assignable[FLEET_NVME],
			h->assignable[FLEET_USB]);
		csv_field(out, h->file);
		fputs("\r\n", out);
	}
	return ferror(out) ? -1 : 0;
}

/*
 * HTML: one self-contained file (inline CSS, no script, a Content Security
 * Policy that lets it load nothing), every text from a report put into
 * libxml2 nodes, so the serialiser escapes it, never a hand-written
 * routine.  The page streams like the merge: the summary is one small tree,
 * and the tables of hosts and of unreadable files are written a row at a
 * time, each row a tree built, serialised and freed (only the fixed tags
 * that open and close the page and the tables are literal text).
 */
static const char fleet_css[] =
	"body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
	"table{border-collapse:collapse;margin:.5em 0 1.5em}"
	"th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
	"td.n,th.n{text-align:right}th{background:#f3f3f3}"
	".ready{color:#176b2c}.warnings{color:#8a5a00}"
	".not_ready{color:#b00020;font-weight:bold}";

static xmlNodePtr el(xmlNodePtr parent, const char *tag, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST tag, BAD_CAST text);
}

static xmlNodePtr el_class(xmlNodePtr parent, const char *tag,
			   const char *text, const char *cls)
{
	xmlNodePtr n = el(parent, tag, text);

	if (n && cls)
		xmlNewProp(n, BAD_CAST "class", BAD_CAST cls);
	return n;
}

static void td_num(xmlNodePtr tr, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lu", v);
	el_class(tr, "td", buf, "n");
}

/* The header cells HEADS (NULL-terminated; a leading '#' marks a numeric
 * column) into the row TR. */
static void header_cells(xmlNodePtr tr, const char *const *heads)
{
	for (; *heads; heads++)
		el_class(tr, "th", **heads == '#' ? *heads + 1 : *heads,
			 **heads == '#' ? "n" : NULL);
}

static xmlNodePtr html_table(xmlNodePtr parent, const char *const *heads)
{
	xmlNodePtr t = el(parent, "table", NULL);

	header_cells(el(t, "tr", NULL), heads);
	return t;
}

static void html_summary(xmlNodePtr body, const struct fleet *f)
{
	static const char *const verdict_heads[] = { "verdict", "#hosts",
						     "#share", NULL };
	static const char *const layer_heads[] = { "first failing layer",
						   "#hosts", NULL };
	static const char *const class_heads[] = { "class", "#hosts",
		"#devices that can be passed through", "#devices", NULL };
	xmlNodePtr t, tr;
	char buf[64];

	el(body, "h2", "Hosts by verdict");
	t = html_table(body, verdict_heads);
	for (int s = STATUS_READY; s <= STATUS_NOT_READY; s++) {
		tr = el(t, "tr", NULL);
		el_class(tr, "td", status_name(s), status_name(s));
		td_num(tr, f->by_status[s]);
		snprintf(buf, sizeof(buf), "%lu%%",
			 percent(f->by_status[s], f->nhosts));
		el_class(tr, "td", buf, "n");
	}
	snprintf(buf, sizeof(buf), "Score: mean %lu.%lu, lowest %d, highest %d",
		 mean_tenths(f) / 10, mean_tenths(f) % 10, f->score_min,
		 f->score_max);
	el(body, "p", buf);
	if (f->by_status[STATUS_NOT_READY]) {
		t = html_table(body, layer_heads);
		for (int l = 0; l < LAYER_COUNT; l++) {
			if (!f->by_layer[l])
				continue;
			tr = el(t, "tr", NULL);
			el(tr, "td", layer_name(l));
			td_num(tr, f->by_layer[l]);
		}
	}
	el(body, "h2", "Devices that can be passed through");
	el(body, "p", "Devices assignable alone or with their IOMMU group, on "
	   "hosts that are not not_ready.");
	t = html_table(body, class_heads);
	for (int c = 0; c < FLEET_CLASS_COUNT; c++) {
		tr = el(t, "tr", NULL);
		el(tr, "td", fleet_class_label(c));
		td_num(tr, f->hosts_assignable[c]);
		td_num(tr, f->assignable[c]);
		td_num(tr, f->devices[c]);
	}
}

static void html_blockers(xmlNodePtr body, const struct fleet *f)
{
	static const char *const heads[] = {
		"code", "#hosts", "#failing findings", NULL };
	xmlNodePtr t, tr;

	el(body, "h2", "Most common blockers");
	t = html_table(body, heads);
	for (size_t i = 0; i < f->ncodes && i < FLEET_TOP; i++) {
		tr = el(t, "tr", NULL);
		el(el(tr, "td", NULL), "code", f->codes[i].code);
		td_num(tr, f->codes[i].hosts);
		td_num(tr, f->codes[i].findings);
	}
}

static xmlNodePtr html_head(xmlDocPtr doc, const char *title)
{
	xmlNodePtr head = xmlNewDocNode(doc, NULL, BAD_CAST "head", NULL);
	xmlNodePtr meta = el(head, "meta", NULL);

	xmlNewProp(meta, BAD_CAST "charset", BAD_CAST "utf-8");
	meta = el(head, "meta", NULL);
	xmlNewProp(meta, BAD_CAST "http-equiv",
		   BAD_CAST "Content-Security-Policy");
	xmlNewProp(meta, BAD_CAST "content",
		   BAD_CAST "default-src 'none'; style-src 'unsafe-inline'");
	el(head, "title", title);
	el(head, "style", fleet_css);
	return head;
}

/* Serialise NODE, a tree of its own, then free it. */
static void emit(xmlOutputBufferPtr ob, xmlDocPtr doc, xmlNodePtr node)
{
	if (!node)
		return;
	htmlNodeDumpFormatOutput(ob, doc, node, "UTF-8", 1);
	xmlOutputBufferWriteString(ob, "\n");
	xmlFreeNode(node);
}

static xmlNodePtr row(xmlDocPtr doc)
{
	return xmlNewDocNode(doc, NULL, BAD_CAST "tr", NULL);
}

/* A table written a row at a time: the heading H2 and the header row. */
static void stream_table(xmlOutputBufferPtr ob, xmlDocPtr doc,
			 const char *h2, const char *const *heads)
{
	xmlNodePtr heading = xmlNewDocNode(doc, NULL, BAD_CAST "h2", NULL);
	xmlNodePtr tr = row(doc);

	if (heading)
		xmlNodeAddContent(heading, BAD_CAST h2);
	emit(ob, doc, heading);
	xmlOutputBufferWriteString(ob, "<table>\n");
	if (tr)
		header_cells(tr, heads);
	emit(ob, doc, tr);
}

static void stream_hosts(xmlOutputBufferPtr ob, xmlDocPtr doc,
			 const struct fleet *f)
{
	static const char *const heads[] = { "host", "verdict", "#score",
		"first failing layer", "#blockers", "#GPU", "#NIC", "#NVMe",
		"#USB", "file", NULL };

	stream_table(ob, doc, "Hosts", heads);
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];
		xmlNodePtr tr = row(doc);

		if (!tr)
			break;
		el(tr, "td", h->name);
		el_class(tr, "td", status_name(h->status),
			 status_name(h->status));
		td_num(tr, (unsigned long)h->score);
		el(tr, "td", layer_or_empty(h->first_failing_layer));
		td_num(tr, h->blockers);
		for (int c = FLEET_GPU; c <= FLEET_USB; c++)
			td_num(tr, h->assignable[c]);
		el(tr, "td", h->file);
		emit(ob, doc, tr);
	}
	xmlOutputBufferWriteString(ob, "</table>\n");
}

static void stream_unreadable(xmlOutputBufferPtr ob, xmlDocPtr doc,
			      const struct fleet *f)
{
	static const char *const heads[] = { "file", "reason", NULL };

	stream_table(ob, doc, "Unreadable reports", heads);
	for (size_t i = 0; i < f->nbad; i++) {
		xmlNodePtr tr = row(doc);

		if (!tr)
			break;
		el(tr, "td", f->bad[i].file);
		el(tr, "td", f->bad[i].reason);
		emit(ob, doc, tr);
	}
	xmlOutputBufferWriteString(ob, "</table>\n");
}

int fleet_write_html(FILE *out, const struct fleet *f)
{
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlOutputBufferPtr ob;
	xmlNodePtr top;
	char title[128], line[160];
	int e = 0;

	if (!doc)
		return -1;
	ob = xmlOutputBufferCreateFile(out, NULL);
	if (!ob) {
		xmlFreeDoc(doc);
		return -1;
	}
	snprintf(title, sizeof(title), "vfio-ready fleet: %zu host%s",
		 f->nhosts, f->nhosts == 1 ? "" : "s");
	snprintf(line, sizeof(line), "%lu report%s read, %zu unreadable; "
		 "vfio-ready %s.", f->files, f->files == 1 ? "" : "s", f->nbad,
		 VFIO_READY_VERSION);
	xmlOutputBufferWriteString(ob, "<!DOCTYPE html>\n<html lang=\"en\">\n");
	emit(ob, doc, html_head(doc, title));
	xmlOutputBufferWriteString(ob, "<body>\n");
	top = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
	if (top) {
		el(top, "h1", title);
		el(top, "p", line);
		if (f->nhosts)
			html_summary(top, f);
		if (f->ncodes)
			html_blockers(top, f);
	}
	emit(ob, doc, top);
	if (f->nhosts)
		stream_hosts(ob, doc, f);
	if (f->nbad)
		stream_unreadable(ob, doc, f);
	xmlOutputBufferWriteString(ob, "</body>\n</html>\n");
	if (xmlOutputBufferClose(ob) < 0 || ferror(out))
		e = -1;
	xmlFreeDoc(doc);
	return e;
}
