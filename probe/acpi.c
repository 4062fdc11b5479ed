/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ACPI table list, the DMAR / IVRS reads, and what both decoders share:
 * the 36-byte header (ACPI spec 5.2.6), little-endian loads, bounded
 * growable arrays.
 */
#include "acpi.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

#define TABLES_DIR "sys/firmware/acpi/tables"

uint16_t acpi_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t acpi_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint64_t acpi_le64(const uint8_t *p)
{
	return (uint64_t)acpi_le32(p) | (uint64_t)acpi_le32(p + 4) << 32;
}

int acpi_push(void **v, size_t *n, size_t size, bool *capped, void **item)
{
	void *nv;

	*item = NULL;
	if (*n >= ACPI_MAX_ITEMS) {
		*capped = true;
		return 0;
	}
	/* Grow in powers of two: 1, 2, 4, ... items. */
	if ((*n & (*n - 1)) == 0) {
		nv = realloc(*v, (*n ? *n * 2 : 1) * size);
		if (!nv)
			return -ENOMEM;
		*v = nv;
	}
	*item = (char *)*v + *n * size;
	memset(*item, 0, size);
	(*n)++;
	return 0;
}

void acpi_issue_add(struct acpi_issue **issues, size_t *nissues,
		    bool *capped, const char *kind, bool fatal,
		    uint32_t offset, const char *fmt, ...)
{
	void *item;
	struct acpi_issue *is;
	va_list ap;

	/* Keep the last slot for a fatal issue: it says where decoding
	 * stopped, which matters more than one more warning. */
	if (!fatal && *nissues >= ACPI_MAX_ITEMS - 1) {
		*capped = true;
		return;
	}
	if (acpi_push((void **)issues, nissues, sizeof(*is), capped, &item) ||
	    !item)
		return;
	is = item;
	is->kind = kind;
	is->fatal = fatal;
	is->offset = offset;
	va_start(ap, fmt);
	vsnprintf(is->text, sizeof(is->text), fmt, ap);
	va_end(ap);
}

void acpi_issues_fill_bytes(struct acpi_issue *issues, size_t n,
			    const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		struct acpi_issue *is = &issues[i];
		size_t k = 0;

		if (buf && is->offset < len) {
			k = len - is->offset;
			if (k > sizeof(is->bytes))
				k = sizeof(is->bytes);
			memcpy(is->bytes, buf + is->offset, k);
		}
		is->nbytes = (uint8_t)k;
	}
}

/* Copy N bytes of a fixed-width ASCII field, non-printables as '?'. */
static void ascii_field(char *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[n] = '\0';
}

uint32_t acpi_header_decode(const uint8_t *buf, size_t len, const char *sig,
			    struct acpi_header *h, struct acpi_issue **issues,
			    size_t *nissues, bool *capped)
{
	uint8_t sum = 0;

	memset(h, 0, sizeof(*h));
	if (!buf || len < ACPI_HEADER_LEN) {
		acpi_issue_add(issues, nissues, capped, "short_header", true, 0,
			       "%zu bytes, the ACPI header alone needs %d",
			       len, ACPI_HEADER_LEN);
		return 0;
	}
	ascii_field(h->signature, buf, 4);
	h->length = acpi_le32(buf + 4);
	h->revision = buf[8];
	h->checksum = buf[9];
	ascii_field(h->oem_id, buf + 10, 6);
	ascii_field(h->oem_table_id, buf + 16, 8);
	h->oem_revision = acpi_le32(buf + 24);
	ascii_field(h->creator_id, buf + 28, 4);
	h->creator_revision = acpi_le32(buf + 32);
	if (memcmp(buf, sig, 4)) {
		acpi_issue_add(issues, nissues, capped, "bad_signature", true,
			       0, "signature \"%s\", expected \"%s\"",
			       h->signature, sig);
		return 0;
	}
	if (h->length > len) {
		acpi_issue_add(issues, nissues, capped, "length_past_buffer",
			       true, 4, "Length %u (0x%x) but only %zu bytes",
			       h->length, h->length, len);
		return 0;
	}
	if (h->length < ACPI_HEADER_LEN) {
		acpi_issue_add(issues, nissues, capped, "short_header", true, 4,
			       "Length %u is less than the %d-byte header",
			       h->length, ACPI_HEADER_LEN);
		return 0;
	}
	for (uint32_t i = 0; i < h->length; i++)
		sum = (uint8_t)(sum + buf[i]);
	h->byte_sum = sum;
	h->checksum_ok = sum == 0;
	return h->length;
}

/* Read TABLES_DIR/NAME into *B and record the outcome in *SRC. */
static void read_table(struct host *h, const char *name,
		       struct fact_src *src, struct blob *b)
{
	char path[64];
	int e;

	snprintf(path, sizeof(path), TABLES_DIR "/%s", name);
	e = root_read(h->root, path, CAP_TABLE, b);
	fact_src_set(src, path, e);
	if (!e && b->truncated)
		src->truncated = true;
}

int probe_acpi(struct host *h)
{
	struct acpi_facts *a = &h->acpi;
	struct blob b = { 0 };
	char **names;
	size_t n;
	int e = root_list(h->root, TABLES_DIR, 4096, &names, &n);

	fact_src_set(&a->tables_src, TABLES_DIR, e);
	if (e)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], "DMAR"))
			a->dmar_present = true;
		if (!strcmp(names[i], "IVRS"))
			a->ivrs_present = true;
	}
	root_names_free(names);

	/* The files are 0400 root: a non-root read fails with -EACCES and
	 * the content stays unknown while presence is known. */
	if (a->dmar_present) {
		read_table(h, "DMAR", &a->dmar_src, &b);
		if (fact_known(&a->dmar_src)) {
			a->dmar_decode_err = dmar_decode((const uint8_t *)b.data,
							 b.len, &a->dmar);
		}
		blob_release(&b);
	}
	if (a->ivrs_present) {
		read_table(h, "IVRS", &a->ivrs_src, &b);
		if (fact_known(&a->ivrs_src)) {
			a->ivrs_decode_err = ivrs_decode((const uint8_t *)b.data,
							 b.len, &a->ivrs);
		}
		blob_release(&b);
	}
	return 0;
}

void acpi_facts_release(struct acpi_facts *a)
{
	dmar_table_release(&a->dmar);
	ivrs_table_release(&a->ivrs);
}
