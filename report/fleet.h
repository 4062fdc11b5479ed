/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_REPORT_FLEET_H
#define VFIO_READY_REPORT_FLEET_H

/*
 * Many hosts at once: reading JSON reports (schema "vfio-ready/report/1")
 * back, and folding any number of them into one fleet summary.
 *
 * Reports are untrusted input (they come back from other machines): every
 * size is capped before parsing, every value used is type- and
 * range-checked, and a report that fails is never half-counted.
 *
 * The merge streams.  fleet_add() parses one report, folds it into
 * fixed-size aggregates (counts by verdict and first failing layer, device
 * counts per class, a table of blocker codes bounded by the number of
 * distinct codes) plus one small row per host, and frees the parsed tree
 * before it returns.  Findings are never kept, so memory grows with the
 * number of hosts (a row of about a hundred bytes each), never with the
 * number of findings in them.
 *
 *	struct fleet f;
 *
 *	fleet_init(&f);
 *	for each file: fleet_add(&f, path, buf, len);
 *	               (or fleet_add_unreadable(&f, path, why))
 *	fleet_finish(&f);
 *	fleet_write_text(stdout, &f);
 *	fleet_release(&f);
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report.h"
#include "../probe/assign.h"

struct cJSON;

/* ---- reading report/1 trees (shared with diff.c and prometheus.c) ---- */

#define REPORT1_SCHEMA     "vfio-ready/report/1"
#define REPORT1_MAX_BYTES  (64u << 20)    /* one report file */
/*
 * At most this many JSON values in one report.  cJSON spends about 64
 * bytes on each value, so a 64 MiB file of "[0,0,0,..." would need 2 GiB;
 * the cap keeps one hostile report near 100 MiB.  A real host with 2,000
 * SR-IOV functions and as many findings has some 200,000.
 */
#define REPORT1_MAX_VALUES 1000000u

/*
 * Parse BUF as a report/1: one JSON object, nothing after it but white
 * space, whose "schema" is REPORT1_SCHEMA.  BUF holds LEN bytes and a NUL
 * at BUF[LEN] (cJSON 1.7.15 may read one byte past the length it is
 * given).  Returns 0 with the tree in *OUT (the caller cJSON_Delete()s
 * it), or -EFBIG or -EINVAL with one line in WHY (cJSON running out of
 * memory reads as "not JSON").
 */
int report1_parse(const char *buf, size_t len, struct cJSON **out,
		  char *why, size_t whylen);

/* Write one line to WHY and return E: how every reader below fails.  The
 * readers clear their output first: on an error it holds no garbage. */
__attribute__((format(printf, 4, 5)))
int report1_why(int e, char *why, size_t whylen, const char *fmt, ...);

/* The host-level verdict of a report, checked. */
struct report1_verdict {
	enum host_status status;
	int score;                   /* 0..100 */
	int first_failing_layer;     /* enum layer, or -1 */
};
int report1_verdict(const struct cJSON *root, struct report1_verdict *v,
		    char *why, size_t whylen);

/* One finding, checked: CODE is a dotted code ([a-z0-9_.-], at most 96
 * bytes), VERDICT a verdict name; TITLE and SEVERITY are NULL when absent.
 * The strings are borrowed from the tree. */
struct report1_finding {
	const char *code, *title, *severity;
	enum verdict verdict;
};
int report1_finding(const struct cJSON *item, size_t index,
		    struct report1_finding *f, char *why, size_t whylen);

/* One entry of devices[], checked: BDF "dddd:bb:dd.f", ids four hex
 * digits, CLASS_CODE from six hex digits.  NAME is NULL when absent; ACS is
 * the "acs" value (an object or null), borrowed. */
struct report1_device {
	const char *bdf, *vendor_id, *device_id, *name;
	unsigned long class_code;
	enum assignability assign;
	const struct cJSON *acs;
};
int report1_device(const struct cJSON *item, size_t index,
		   struct report1_device *d, char *why, size_t whylen);

/*
 * The PCI address S starts with, "dddd:bb:dd.f" or lspci's "bb:dd.f" (the
 * domain is then 0000), when it is not part of a longer word: into OUT
 * (REPORT1_BDF_SIZE bytes) as "dddd:bb:dd.f" in lower case.
 */
#define REPORT1_BDF_SIZE 13
bool report1_bdf_at(const char *s, char *out);
/* Is S exactly "dddd:bb:dd.f", as the report writes every address? */
bool report1_bdf_ok(const char *s);

/* The array at KEY of ROOT, or NULL (with WHY) when it is not one. */
const struct cJSON *report1_array(const struct cJSON *root, const char *key,
				  char *why, size_t whylen);

/*
 * Device classes a fleet is asked about, from the PCI class code (PCI Code
 * and ID Assignment Specification, section 1): base class 0x03 display,
 * 0x02 network, 0x0108 non-volatile memory (NVMe and NVMHCI), 0x0c03 USB.
 */
enum fleet_class {
	FLEET_GPU = 0,
	FLEET_NIC,
	FLEET_NVME,
	FLEET_USB,
	FLEET_OTHER,
	FLEET_CLASS_COUNT
};
enum fleet_class fleet_class_of(unsigned long class_code);
const char *fleet_class_name(enum fleet_class c);    /* "gpu", ... */
const char *fleet_class_label(enum fleet_class c);   /* "GPU", ... */

/*
 * "Can pass through": the device is assignable alone or with its group
 * and its host is not not_ready.  A device on a host that fails is not
 * counted, even when its own group is fine: the host must be fixed first.
 */
bool fleet_can_pass(enum host_status host, enum assignability a);

/* Print S for a terminal: control characters (an escape sequence in a
 * hostile report) become '?'. */
void fleet_fputs_plain(const char *s, FILE *out);
/* The length of the valid UTF-8 sequence at S (RFC 3629: no overlong
 * form, no surrogate, nothing above U+10FFFF), 1 for ASCII (NUL too), or 0
 * when S does not start one. */
size_t fleet_utf8_seq(const char *s);

/* ---- the fleet ---- */

#define FLEET_NAME_MAX   255      /* bytes of a host name kept */
#define FLEET_MAX_CODES  4096     /* distinct blocker codes counted */
#define FLEET_TOP        10       /* blockers shown in text and HTML */

struct fleet_host {
	char *name;              /* who: "hostname", else "source" unless
				    "live", else the file name without
				    ".json"; valid UTF-8 */
	char *file;              /* where it was read */
	enum host_status status;
	int score;
	int first_failing_layer; /* enum layer, or -1 */
	unsigned blockers;       /* its failing findings */
	unsigned assignable[FLEET_CLASS_COUNT];   /* see fleet_can_pass() */
};

struct fleet_blocker {
	char *code;
	unsigned long hosts;     /* hosts with at least one such failure */
	unsigned long findings;  /* failing findings with this code */
	unsigned long last;      /* internal: the report that counted last */
};

struct fleet_unreadable {
	char *file;
	char *reason;
};

struct fleet {
	unsigned long files;                     /* reports offered */
	unsigned long by_status[STATUS_NOT_READY + 1];
	unsigned long by_layer[LAYER_COUNT];     /* first failing layer */
	unsigned long score_sum;
	int score_min, score_max;
	unsigned long devices[FLEET_CLASS_COUNT];
	unsigned long assignable[FLEET_CLASS_COUNT];
	unsigned long hosts_assignable[FLEET_CLASS_COUNT];
	unsigned long duplicate_names;           /* after fleet_finish() */

	struct fleet_host *hosts;                /* sorted by fleet_finish() */
	size_t nhosts, hosts_alloc;
	struct fleet_unreadable *bad;
	size_t nbad, bad_alloc;

	/* open addressing on the code; sorted by fleet_finish(), most
	 * hosts first, into the first NCODES slots */
	struct fleet_blocker *codes;
	size_t ncodes, codes_size;
	unsigned long codes_dropped;             /* past FLEET_MAX_CODES */
	bool finished;
};

void fleet_init(struct fleet *f);
void fleet_release(struct fleet *f);

/*
 * Fold one report, the bytes BUF of the file FILE (NUL-terminated as for
 * report1_parse()), into F.  Returns 0 when it was counted, -EINVAL when
 * it is not a usable report/1 (it is then counted as unreadable with its
 * reason), -ENOMEM.
 */
int fleet_add(struct fleet *f, const char *file, const char *buf,
	      size_t len);
/* Count FILE as unreadable (it could not even be read): REASON. */
int fleet_add_unreadable(struct fleet *f, const char *file,
			 const char *reason);
/* Sort hosts by name and blockers by count; count duplicate names.  Call
 * once, after the last fleet_add(). */
void fleet_finish(struct fleet *f);

/*
 * The summary.  Text and HTML list the FLEET_TOP most common blockers, JSON
 * ("vfio-ready/fleet/1") all of them; CSV is one row per host (RFC 4180).
 * Each returns 0 or -1 when writing failed.
 */
int fleet_write_text(FILE *out, const struct fleet *f);
int fleet_write_json(FILE *out, const struct fleet *f);
int fleet_write_csv(FILE *out, const struct fleet *f);
int fleet_write_html(FILE *out, const struct fleet *f);

#endif
