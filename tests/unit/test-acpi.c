/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DMAR and IVRS decoders: hand-built tables (good ones and each
 * malformation), every truncation and single-byte corruption of them (no
 * crash, no out-of-bounds read under ASan), and the real tables of the
 * corpus (../shared/corpus/acpi or $VFIO_READY_CORPUS/acpi) against the
 * iasl -d decoding stored beside each.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../checks/check.h"
#include "../../probe/probe.h"

/* ---- a little table builder ---- */

struct tb {
	uint8_t b[1024];
	size_t n;
};

static void put8(struct tb *t, unsigned int v)
{
	assert_true(t->n < sizeof(t->b));
	t->b[t->n++] = (uint8_t)v;
}

static void put16(struct tb *t, unsigned int v)
{
	put8(t, v & 0xff);
	put8(t, v >> 8);
}

static void put32(struct tb *t, uint32_t v)
{
	put16(t, v & 0xffff);
	put16(t, v >> 16);
}

static void put64(struct tb *t, uint64_t v)
{
	put32(t, (uint32_t)v);
	put32(t, (uint32_t)(v >> 32));
}

static void header(struct tb *t, const char *sig)
{
	t->n = 0;
	for (int i = 0; i < 4; i++)
		put8(t, (uint8_t)sig[i]);
	put32(t, 0);                       /* Length, fixed by finish() */
	put8(t, 1);
	put8(t, 0);                        /* Checksum */
	for (int i = 0; i < 6; i++)
		put8(t, (uint8_t)"VFIORD"[i]);
	for (int i = 0; i < 8; i++)
		put8(t, (uint8_t)"UNITTEST"[i]);
	put32(t, 1);
	for (int i = 0; i < 4; i++)
		put8(t, (uint8_t)"VFRT"[i]);
	put32(t, 1);
}

static void set16(struct tb *t, size_t off, unsigned int v)
{
	t->b[off] = v & 0xff;
	t->b[off + 1] = (uint8_t)(v >> 8);
}

/* Set Length to the bytes written and make the checksum right. */
static void finish(struct tb *t)
{
	uint8_t sum = 0;

	t->b[4] = t->n & 0xff;
	t->b[5] = (uint8_t)(t->n >> 8);
	t->b[6] = t->b[7] = 0;
	t->b[9] = 0;
	for (size_t i = 0; i < t->n; i++)
		sum = (uint8_t)(sum + t->b[i]);
	t->b[9] = (uint8_t)-sum;
}

static void scope(struct tb *t, unsigned int type, unsigned int enum_id,
		  unsigned int bus, unsigned int dev, unsigned int fn)
{
	put8(t, type);
	put8(t, 8);
	put16(t, 0);
	put8(t, enum_id);
	put8(t, bus);
	put8(t, dev);
	put8(t, fn);
}

/* HAW 38 (39 bits), INTR_REMAP; DRHD(00:02.0); DRHD INCLUDE_PCI_ALL with
 * IOAPIC and HPET; RMRR(00:14.0 then 00:1c.0/00.0); ATSR; RHSA; ANDD;
 * SATC(00:02.0). */
static void good_dmar(struct tb *t)
{
	header(t, "DMAR");
	put8(t, 38);
	put8(t, DMAR_FLAG_INTR_REMAP);
	for (int i = 0; i < 10; i++)
		put8(t, 0);
	/* DRHD @48 */
	put16(t, 0); put16(t, 24); put8(t, 0); put8(t, 0); put16(t, 0);
	put64(t, 0xfed90000);
	scope(t, 1, 0, 0, 2, 0);
	/* DRHD @72 */
	put16(t, 0); put16(t, 32); put8(t, 1); put8(t, 0); put16(t, 0);
	put64(t, 0xfed91000);
	scope(t, 3, 2, 0, 0x1e, 7);
	scope(t, 4, 0, 0, 0x1e, 6);
	/* RMRR @104: two scopes, the second two levels deep */
	put16(t, 1); put16(t, 24 + 8 + 10); put16(t, 0); put16(t, 0);
	put64(t, 0x7c000000); put64(t, 0x807fffff);
	scope(t, 1, 0, 0, 0x14, 0);
	put8(t, 1); put8(t, 10); put16(t, 0); put8(t, 0); put8(t, 0);
	put8(t, 0x1c); put8(t, 0); put8(t, 0); put8(t, 0);
	/* ATSR @146 */
	put16(t, 2); put16(t, 16); put8(t, 1); put8(t, 0); put16(t, 0);
	scope(t, 2, 0, 0, 0x1c, 0);
	/* RHSA @162 */
	put16(t, 3); put16(t, 20); put32(t, 0); put64(t, 0xfed91000);
	put32(t, 1);
	/* ANDD @182 */
	put16(t, 4); put16(t, 8 + 15); put8(t, 0); put8(t, 0); put8(t, 0);
	put8(t, 1);
	for (const char *p = "\\_SB.PCI0.I2C0"; *p; p++)
		put8(t, (uint8_t)*p);
	put8(t, 0);
	/* SATC @205 */
	put16(t, 5); put16(t, 16); put8(t, 1); put8(t, 0); put16(t, 0);
	scope(t, 1, 0, 0, 2, 0);
	finish(t);
}

static bool has_issue(const struct acpi_issue *v, size_t n, const char *kind,
		      bool fatal)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].kind, kind) && v[i].fatal == fatal)
			return true;
	return false;
}

/* ---- DMAR ---- */

static void dmar_good(void **state)
{
	struct tb t;
	struct dmar_table d;
	char buf[64];

	(void)state;
	good_dmar(&t);
	assert_int_equal(dmar_decode(t.b, t.n, &d), 0);
	assert_true(d.hdr.checksum_ok);
	assert_int_equal(d.nissues, 0);
	assert_int_equal(d.host_address_width, 38);
	assert_int_equal(d.flags, DMAR_FLAG_INTR_REMAP);
	assert_int_equal(d.nunits, 7);
	assert_int_equal(dmar_count(&d, DMAR_TYPE_DRHD), 2);
	assert_int_equal(dmar_count(&d, DMAR_TYPE_RMRR), 1);
	assert_int_equal(dmar_count(&d, DMAR_TYPE_SATC), 1);
	assert_int_equal(d.units[0].address, 0xfed90000);
	assert_int_equal(d.units[1].flags, DMAR_DRHD_INCLUDE_PCI_ALL);
	assert_int_equal(d.units[1].nscopes, 2);
	assert_int_equal(d.scopes[d.units[1].first_scope].type,
			 DMAR_SCOPE_IOAPIC);
	assert_int_equal(d.scopes[d.units[1].first_scope].enumeration_id, 2);
	assert_int_equal(d.units[2].type, DMAR_TYPE_RMRR);
	assert_int_equal(d.units[2].limit, 0x807fffff);
	assert_int_equal(d.units[2].nscopes, 2);
	assert_true(dmar_scope_bdf(&d.scopes[d.units[2].first_scope], 0, buf,
				   sizeof(buf)));
	assert_string_equal(buf, "0000:00:14.0");
	assert_false(dmar_scope_bdf(&d.scopes[d.units[2].first_scope + 1], 0,
				    buf, sizeof(buf)));
	dmar_scope_path(&d.scopes[d.units[2].first_scope + 1], buf,
			sizeof(buf));
	assert_string_equal(buf, "1c.0/00.0");
	assert_int_equal(d.units[3].flags, DMAR_ATSR_ALL_PORTS);
	assert_int_equal(d.units[4].proximity_domain, 1);
	assert_string_equal(d.units[5].object_name, "\\_SB.PCI0.I2C0");
	assert_int_equal(d.units[5].device_number, 1);
	dmar_table_release(&d);
}

static void dmar_short_header(void **state)
{
	struct tb t;
	struct dmar_table d;

	(void)state;
	good_dmar(&t);
	assert_int_equal(dmar_decode(t.b, 20, &d), -EBADMSG);
	assert_true(has_issue(d.issues, d.nissues, "short_header", true));
	dmar_table_release(&d);
	assert_int_equal(dmar_decode(NULL, 0, &d), -EBADMSG);
	dmar_table_release(&d);
}

static void dmar_length_past_buffer(void **state)
{
	struct tb t;
	struct dmar_table d;

	(void)state;
	good_dmar(&t);
	assert_int_equal(dmar_decode(t.b, t.n - 1, &d), -EBADMSG);
	assert_true(has_issue(d.issues, d.nissues, "length_past_buffer",
			      true));
	assert_int_equal(d.issues[0].offset, 4);
	dmar_table_release(&d);
}

static void dmar_zero_length(void **state)
{
	struct tb t;
	struct dmar_table d;

	(void)state;
	good_dmar(&t);
	set16(&t, 72 + 2, 0);              /* the second DRHD */
	finish(&t);
	assert_int_equal(dmar_decode(t.b, t.n, &d), -EBADMSG);
	assert_true(has_issue(d.issues, d.nissues, "zero_length", true));
	assert_int_equal(d.nunits, 1);     /* what precedes it is kept */
	assert_int_equal(d.issues[d.nissues - 1].offset, 72);
	dmar_table_release(&d);
}

static void dmar_past_end(void **state)
{
	struct tb t;
	struct dmar_table d;

	(void)state;
	good_dmar(&t);
	set16(&t, 205 + 2, 0x100);         /* SATC, the last one */
	finish(&t);
	assert_int_equal(dmar_decode(t.b, t.n, &d), -EBADMSG);
	assert_true(has_issue(d.issues, d.nissues, "structure_past_end",
			      true));
	assert_int_equal(d.nunits, 6);
	dmar_table_release(&d);
}

static void dmar_bad_scope_length(void **state)
{
	struct tb t;
	struct dmar_table d;

	(void)state;
	good_dmar(&t);
	t.b[48 + 16 + 1] = 4;              /* first DRHD's scope: < 6 */
	finish(&t);
	assert_int_equal(dmar_decode(t.b, t.n, &d), 0);
	assert_true(has_issue(d.issues, d.nissues, "bad_scope_length",
			      false));
	assert_int_equal(d.units[0].nscopes, 0);
	assert_int_equal(d.nunits, 7);
	dmar_table_release(&d);

	good_dmar(&t);
	t.b[48 + 16 + 1] = 10;             /* runs past its DRHD */
	finish(&t);
	assert_int_equal(dmar_decode(t.b, t.n, &d), 0);
	assert_true(has_issue(d.issues, d.nissues, "bad_scope_length",
			      false));
	dmar_table_release(&d);
}

static void dmar_checksum_mismatch(void **state)
{
	struct tb t;
	struct dmar_table d;

	(void)state;
	good_dmar(&t);
	t.b[9] ^= 0x5a;
	assert_int_equal(dmar_decode(t.b, t.n, &d), 0);
	assert_false(d.hdr.checksum_ok);
	assert_int_equal(d.nunits, 7);
	dmar_table_release(&d);
}

static void dmar_unknown_type(void **state)
{
	struct tb t;
	struct dmar_table d;

	(void)state;
	good_dmar(&t);
	put16(&t, 9); put16(&t, 8); put32(&t, 0);
	finish(&t);
	assert_int_equal(dmar_decode(t.b, t.n, &d), 0);
	assert_true(has_issue(d.issues, d.nissues, "unknown_type", false));
	assert_int_equal(d.nunits, 7);
	dmar_table_release(&d);
}

static void dmar_too_short(void **state)
{
	struct tb t;
	struct dmar_table d;

	(void)state;
	header(&t, "DMAR");
	put8(&t, 38); put8(&t, 1);
	for (int i = 0; i < 10; i++)
		put8(&t, 0);
	put16(&t, 1); put16(&t, 12); put64(&t, 0);   /* RMRR of 12 < 24 */
	finish(&t);
	assert_int_equal(dmar_decode(t.b, t.n, &d), 0);
	assert_true(has_issue(d.issues, d.nissues, "structure_too_short",
			      false));
	assert_int_equal(d.nunits, 0);
	dmar_table_release(&d);
}

/* ---- IVRS ---- */

static void ivhd_fixed(struct tb *t, unsigned int type, unsigned int len)
{
	put8(t, type); put8(t, 0xb0); put16(t, len); put16(t, 0x0002);
	put16(t, 0x40); put64(t, 0xfd500000); put16(t, 0); put16(t, 0);
	put32(t, type == 0x10 ? 0x80048f6e : 0x40200);
	if (type != 0x10) {
		put64(t, 0x246577efa2254afaULL);
		put64(t, 0);
	}
}

static void e4(struct tb *t, unsigned int type, unsigned int devid)
{
	put8(t, type); put16(t, devid); put8(t, 0);
}

static void special(struct tb *t, unsigned int handle, unsigned int src,
		    unsigned int variety)
{
	put8(t, 0x48); put16(t, 0); put8(t, 0xd7); put8(t, handle);
	put16(t, src); put8(t, variety);
}

/* IVHD 0x10 @48 and 0x11 @88 (same IOMMU), IVHD 0x40 @144 with an
 * ACPI_HID entry, IVMD 0x22 unity @231. */
static void good_ivrs(struct tb *t)
{
	header(t, "IVRS");
	put32(t, 0x00203043);
	put64(t, 0);
	/* 0x10: 24 + 16 */
	ivhd_fixed(t, 0x10, 40);
	e4(t, 3, 0x0008); e4(t, 4, 0xfffe);
	special(t, 0x21, 0x00a0, 1);
	/* 0x11: 40 + 16 */
	ivhd_fixed(t, 0x11, 56);
	e4(t, 3, 0x0008); e4(t, 4, 0xfffe);
	special(t, 0x21, 0x00a0, 1);
	/* 0x40: 40 + alias 8 + special 8 + ACPI_HID 22 + 9-byte UID */
	ivhd_fixed(t, 0x40, 40 + 8 + 8 + 31);
	put8(t, 0x42); put16(t, 0x0100); put8(t, 0); put8(t, 0);
	put16(t, 0x00a5); put8(t, 0);
	special(t, 0x21, 0x00a0, 1);
	put8(t, 0xf0); put16(t, 0x00a5); put8(t, 0x40);
	for (const char *p = "AMDI0020"; *p; p++)
		put8(t, (uint8_t)*p);
	for (int i = 0; i < 8; i++)
		put8(t, 0);
	put8(t, 2); put8(t, 9);
	for (const char *p = "\\_SB.FUR0"; *p; p++)
		put8(t, (uint8_t)*p);
	/* IVMD 0x22 */
	put8(t, 0x22); put8(t, 0x07); put16(t, 32); put16(t, 0x0000);
	put16(t, 0x0fff); put16(t, 0); put16(t, 0); put32(t, 0);
	put64(t, 0xa0000000); put64(t, 0x100000);
	finish(t);
}

static void ivrs_good(void **state)
{
	struct tb t;
	struct ivrs_table v;
	const struct ivrs_unit *u;
	const struct ivhd_entry *e;
	char buf[16];

	(void)state;
	good_ivrs(&t);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), 0);
	assert_true(v.hdr.checksum_ok);
	assert_int_equal(v.nissues, 0);
	assert_int_equal(v.ivinfo, 0x00203043);
	assert_int_equal(v.target_ivhd_type, 0x40);
	assert_int_equal(v.nunits, 4);
	assert_int_equal(ivrs_count_ivhd(&v), 3);
	assert_false(v.units[0].used_by_kernel);
	assert_false(v.units[1].used_by_kernel);
	assert_true(v.units[2].used_by_kernel);
	assert_int_equal(v.units[1].efr, 0x246577efa2254afaULL);
	ivrs_devid_str(v.units[0].devid, buf, sizeof(buf));
	assert_string_equal(buf, "00:00.2");
	/* The range folds into one entry: 00:01.0-ff:1f.6. */
	u = &v.units[0];
	assert_int_equal(u->nentries, 2);
	e = &v.entries[u->first_entry];
	assert_true(e->range);
	assert_int_equal(e->devid_start, 0x0008);
	assert_int_equal(e->devid_end, 0xfffe);
	e = &v.entries[u->first_entry + 1];
	assert_int_equal(e->type, IVHD_DEV_SPECIAL);
	assert_int_equal(e->variety, IVHD_SPECIAL_IOAPIC);
	assert_int_equal(e->handle, 0x21);
	assert_int_equal(e->devid_start, 0x00a0);
	u = &v.units[2];
	assert_int_equal(u->nentries, 3);
	e = &v.entries[u->first_entry];
	assert_int_equal(e->alias_source, 0x00a5);
	e = &v.entries[u->first_entry + 2];
	assert_string_equal(e->hid, "AMDI0020");
	assert_string_equal(e->uid, "\\_SB.FUR0");
	u = &v.units[3];
	assert_int_equal(u->type, IVMD_TYPE_RANGE);
	assert_int_equal(u->devid, 0);
	assert_int_equal(u->devid_end, 0x0fff);
	assert_int_equal(u->start, 0xa0000000);
	assert_int_equal(u->mem_length, 0x100000);
	ivrs_table_release(&v);
}

/* The kernel's rule: the last type listed for the first IVHD's device. */
static void ivrs_highest_type(void **state)
{
	struct tb t;
	struct ivrs_table v;

	(void)state;
	good_ivrs(&t);
	t.b[144] = 0x41;                   /* an unsupported type ends the scan */
	finish(&t);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), 0);
	assert_int_equal(v.target_ivhd_type, 0x11);
	assert_true(v.units[1].used_by_kernel);
	assert_int_equal(ivrs_count_ivhd(&v), 2);
	assert_true(has_issue(v.issues, v.nissues, "unknown_type", false));
	ivrs_table_release(&v);
}

static void ivrs_bad_entry_type(void **state)
{
	struct tb t;
	struct ivrs_table v;

	(void)state;
	good_ivrs(&t);
	t.b[48 + 24] = 0x81;               /* first entry of IVHD 0x10 */
	finish(&t);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), 0);
	assert_true(has_issue(v.issues, v.nissues, "bad_entry_type", false));
	assert_int_equal(v.units[0].nentries, 0);
	assert_int_equal(v.nunits, 4);
	ivrs_table_release(&v);
}

static void ivrs_uid_past_end(void **state)
{
	struct tb t;
	struct ivrs_table v;

	(void)state;
	good_ivrs(&t);
	/* The 0xF0 entry's UID length byte: @144 + 40 + 8 + 8 + 21. */
	t.b[144 + 40 + 16 + 21] = 200;
	finish(&t);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), 0);
	assert_true(has_issue(v.issues, v.nissues, "uid_past_end", false));
	assert_int_equal(v.units[2].nentries, 2);
	ivrs_table_release(&v);
}

static void ivrs_hid_outside_40(void **state)
{
	struct tb t;
	struct ivrs_table v;

	(void)state;
	good_ivrs(&t);
	t.b[144] = 0x11;                   /* the 0x40 block becomes 0x11 */
	finish(&t);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), 0);
	assert_true(has_issue(v.issues, v.nissues, "hid_outside_0x40",
			      false));
	ivrs_table_release(&v);
}

static void ivrs_zero_and_past_end(void **state)
{
	struct tb t;
	struct ivrs_table v;

	(void)state;
	good_ivrs(&t);
	set16(&t, 88 + 2, 0);
	finish(&t);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), -EBADMSG);
	assert_true(has_issue(v.issues, v.nissues, "zero_length", true));
	assert_int_equal(v.nunits, 1);
	ivrs_table_release(&v);

	good_ivrs(&t);
	set16(&t, 231 + 2, 64);
	finish(&t);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), -EBADMSG);
	assert_true(has_issue(v.issues, v.nissues, "structure_past_end",
			      true));
	assert_int_equal(v.nunits, 3);
	ivrs_table_release(&v);
}

static void ivrs_checksum_and_header(void **state)
{
	struct tb t;
	struct ivrs_table v;

	(void)state;
	good_ivrs(&t);
	t.b[20] ^= 1;
	assert_int_equal(ivrs_decode(t.b, t.n, &v), 0);
	assert_false(v.hdr.checksum_ok);
	ivrs_table_release(&v);
	assert_int_equal(ivrs_decode(t.b, 35, &v), -EBADMSG);
	assert_true(has_issue(v.issues, v.nissues, "short_header", true));
	ivrs_table_release(&v);
	good_ivrs(&t);
	memcpy(t.b, "DMAR", 4);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), -EBADMSG);
	assert_true(has_issue(v.issues, v.nissues, "bad_signature", true));
	ivrs_table_release(&v);
}

static void ivrs_range_errors(void **state)
{
	struct tb t;
	struct ivrs_table v;

	(void)state;
	header(&t, "IVRS");
	put32(&t, 0);
	put64(&t, 0);
	ivhd_fixed(&t, 0x10, 24 + 16);
	e4(&t, 4, 0x10);                   /* end without start */
	e4(&t, 3, 0x20);
	e4(&t, 3, 0x30);                   /* start, start */
	e4(&t, 4, 0x28);                   /* ends below its start */
	finish(&t);
	assert_int_equal(ivrs_decode(t.b, t.n, &v), 0);
	assert_true(has_issue(v.issues, v.nissues, "range_end_without_start",
			      false));
	assert_true(has_issue(v.issues, v.nissues, "range_not_closed",
			      false));
	assert_true(has_issue(v.issues, v.nissues, "range_reversed", false));
	ivrs_table_release(&v);
}

/* Every prefix and every single-byte corruption: no crash, and the
 * result is 0 or -EBADMSG (ASan checks the bounds). */
static void fuzz_one(const struct tb *good, bool dmar)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x05, 0x7f, 0x80, 0xf0,
					0xff };
	uint8_t *b = malloc(good->n);

	assert_non_null(b);
	for (size_t n = 0; n <= good->n; n++) {
		struct dmar_table d;
		struct ivrs_table v;
		int e;

		memcpy(b, good->b, n);
		e = dmar ? dmar_decode(b, n, &d) : ivrs_decode(b, n, &v);
		assert_true(e == 0 || e == -EBADMSG);
		if (dmar)
			dmar_table_release(&d);
		else
			ivrs_table_release(&v);
	}
	for (size_t i = 0; i < good->n; i++) {
		for (size_t k = 0; k < sizeof(vals); k++) {
			struct dmar_table d;
			struct ivrs_table v;
			int e;

			memcpy(b, good->b, good->n);
			b[i] = vals[k];
			e = dmar ? dmar_decode(b, good->n, &d) :
				   ivrs_decode(b, good->n, &v);
			assert_true(e == 0 || e == -EBADMSG);
			if (dmar)
				dmar_table_release(&d);
			else
				ivrs_table_release(&v);
		}
	}
	free(b);
}

static void fuzz_tables(void **state)
{
	struct tb t;

	(void)state;
	good_dmar(&t);
	fuzz_one(&t, true);
	good_ivrs(&t);
	fuzz_one(&t, false);
}

/* ---- the corpus ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = n + 65536);

			assert_non_null(nb);
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		if (!r)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

struct dsl_sub {
	unsigned long off;
	unsigned long type;
	bool unknown;
};

/* The "[XXXh DDDD  L]  Subtable Type : TT [Name]" lines of an iasl -d
 * listing, in order. */
static size_t dsl_subtables(const char *text, struct dsl_sub *v, size_t max)
{
	size_t n = 0;

	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		const char *st = strstr(line, "Subtable Type : ");

		if (st && (!nl || st < nl) && line[0] == '[' && n < max) {
			char *end;

			errno = 0;
			v[n].off = strtoul(line + 1, &end, 16);
			assert_int_equal(errno, 0);
			assert_int_equal(*end, 'h');
			v[n].type = strtoul(st + 16, &end, 16);
			v[n].unknown = strstr(st, "[Unknown Subtable Type]") &&
				       (!nl || strstr(st, "[Unknown") < nl);
			n++;
		}
		line = nl ? nl + 1 : NULL;
	}
	return n;
}

static const char *corpus_dir(char *buf, size_t len)
{
	const char *env = getenv("VFIO_READY_CORPUS");

	snprintf(buf, len, "%s/acpi", env ? env : "../shared/corpus");
	return buf;
}

/*
 * DMAR: iasl 20200925 does not know SATC (type 5) and stops at the first
 * structure it does not know, so DRHD and RMRR are compared only before
 * that point.  IVRS: it prints the type of every block, known or not
 * ("Subtable Type : 40 [Unknown Subtable Type]"), and walks on by Length,
 * so IVHDs of all three types are compared over the whole table.
 */
static void check_corpus_table(const char *dir, const char *name, bool dmar,
			       size_t *checked)
{
	char path[1024];
	struct dsl_sub subs[256];
	size_t blen, tlen, nsub;
	unsigned long cutoff = ULONG_MAX;
	size_t dsl_a = 0, dsl_b = 0, ours_a = 0, ours_b = 0;
	char *bin, *dsl;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	bin = slurp(path, &blen);
	assert_non_null(bin);
	snprintf(path + strlen(path) - 4, 5, ".dsl");
	dsl = slurp(path, &tlen);
	if (!dsl) {
		free(bin);
		return;
	}
	nsub = dsl_subtables(dsl, subs, sizeof(subs) / sizeof(subs[0]));
	if (dmar) {
		struct dmar_table d;
		int e = dmar_decode((const uint8_t *)bin, blen, &d);

		if (e)
			fail_msg("%s: dmar_decode %d (%s)", name, e,
				 d.nissues ? d.issues[d.nissues - 1].text : "");
		for (size_t i = 0; i < d.nissues; i++)
			if (d.issues[i].fatal)
				fail_msg("%s: %s", name, d.issues[i].text);
		for (size_t i = 0; i < nsub; i++) {
			if (subs[i].unknown && cutoff == ULONG_MAX)
				cutoff = subs[i].off;
			dsl_a += subs[i].type == DMAR_TYPE_DRHD;
			dsl_b += subs[i].type == DMAR_TYPE_RMRR;
		}
		for (size_t i = 0; i < d.nunits; i++) {
			if (d.units[i].offset >= cutoff)
				continue;
			ours_a += d.units[i].type == DMAR_TYPE_DRHD;
			ours_b += d.units[i].type == DMAR_TYPE_RMRR;
		}
		dmar_table_release(&d);
	} else {
		struct ivrs_table v;
		int e = ivrs_decode((const uint8_t *)bin, blen, &v);

		if (e)
			fail_msg("%s: ivrs_decode %d", name, e);
		for (size_t i = 0; i < v.nissues; i++)
			if (v.issues[i].fatal)
				fail_msg("%s: %s", name, v.issues[i].text);
		for (size_t i = 0; i < nsub; i++)
			dsl_a += ivrs_is_ivhd((uint8_t)subs[i].type);
		ours_a = ivrs_count_ivhd(&v);
		if (ours_a && !v.target_ivhd_type)
			fail_msg("%s: IVHDs but no kernel type", name);
		ivrs_table_release(&v);
	}
	if (dsl_a != ours_a || dsl_b != ours_b)
		fail_msg("%s: iasl %zu/%zu, decoded %zu/%zu", name, dsl_a,
			 dsl_b, ours_a, ours_b);
	free(bin);
	free(dsl);
	(*checked)++;
}

static void corpus_tables(void **state)
{
	static const char *const tables[] = { "DMAR", "IVRS" };
	char base[512], dir[600];
	size_t counts[2] = { 0, 0 };

	(void)state;
	corpus_dir(base, sizeof(base));
	for (size_t k = 0; k < 2; k++) {
		struct dirent **ents;
		int n;

		snprintf(dir, sizeof(dir), "%s/%s", base, tables[k]);
		n = scandir(dir, &ents, NULL, alphasort);
		if (n < 0) {
			print_message("corpus %s absent, skipped\n", dir);
			skip();
		}
		for (int i = 0; i < n; i++) {
			size_t l = strlen(ents[i]->d_name);

			if (l > 4 && !strcmp(ents[i]->d_name + l - 4, ".dat"))
				check_corpus_table(dir, ents[i]->d_name,
						   k == 0, &counts[k]);
			free(ents[i]);
		}
		free(ents);
	}
	print_message("corpus: %zu DMAR and %zu IVRS tables decoded and "
		      "matched against iasl\n", counts[0], counts[1]);
	assert_true(counts[0] + counts[1] > 0);
}

/* ---- the firmware check on hand-set facts ---- */

extern const struct check check_firmware;

static const struct finding *find(const struct findings *fs, const char *code)
{
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->v[i].code, code))
			return &fs->v[i];
	return NULL;
}

static void run_check(struct host *h, struct findings *fs)
{
	findings_init(fs);
	fs->current_check = check_firmware.id;
	assert_int_equal(check_firmware.run(h, fs), 0);
}

static void check_unknowns(void **state)
{
	struct host *h = calloc(1, sizeof(*h));
	struct findings fs;
	const struct finding *f;

	(void)state;
	assert_non_null(h);
	h->live = true;
	fact_src_set(&h->acpi.tables_src, "sys/firmware/acpi/tables", -EACCES);
	run_check(h, &fs);
	f = find(&fs, "firmware.tables.unreadable");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_UNKNOWN);
	assert_int_equal(fs.count, 1);
	findings_release(&fs);

	/* Listed, content unreadable as non-root: presence still passes. */
	fact_src_set(&h->acpi.tables_src, "sys/firmware/acpi/tables", 0);
	h->acpi.dmar_present = true;
	fact_src_set(&h->acpi.dmar_src, "sys/firmware/acpi/tables/DMAR",
		     -EACCES);
	run_check(h, &fs);
	assert_int_equal(find(&fs, "firmware.dmar.present")->verdict,
			 VERDICT_PASS);
	f = find(&fs, "firmware.dmar.unreadable");
	assert_non_null(f);
	assert_int_equal(f->verdict, VERDICT_UNKNOWN);
	assert_non_null(strstr(f->title, "needs root"));
	findings_release(&fs);

	/* Both tables published. */
	h->acpi.ivrs_present = true;
	fact_src_set(&h->acpi.ivrs_src, "sys/firmware/acpi/tables/IVRS",
		     -EACCES);
	run_check(h, &fs);
	assert_int_equal(find(&fs, "firmware.both_tables")->verdict,
			 VERDICT_WARN);
	assert_non_null(find(&fs, "firmware.ivrs.unreadable"));
	findings_release(&fs);
	free(h);
}

/* A DMAR with two INCLUDE_PCI_ALL units, a bad RMRR and a base of 0. */
static void check_dmar_rules(void **state)
{
	struct host *h = calloc(1, sizeof(*h));
	struct findings fs;
	struct tb t;

	(void)state;
	assert_non_null(h);
	header(&t, "DMAR");
	put8(&t, 38); put8(&t, 0x06);
	for (int i = 0; i < 10; i++)
		put8(&t, 0);
	put16(&t, 0); put16(&t, 16); put8(&t, 1); put8(&t, 0); put16(&t, 0);
	put64(&t, 0);
	put16(&t, 0); put16(&t, 16); put8(&t, 1); put8(&t, 0); put16(&t, 0);
	put64(&t, 0xfed91800);
	put16(&t, 1); put16(&t, 32); put16(&t, 0); put16(&t, 0);
	put64(&t, 0x2000); put64(&t, 0x1000);
	scope(&t, 3, 2, 0, 0x1e, 7);
	finish(&t);
	fact_src_set(&h->acpi.tables_src, "sys/firmware/acpi/tables", 0);
	h->acpi.dmar_present = true;
	fact_src_set(&h->acpi.dmar_src, "sys/firmware/acpi/tables/DMAR", 0);
	assert_int_equal(dmar_decode(t.b, t.n, &h->acpi.dmar), 0);
	run_check(h, &fs);
	assert_int_equal(find(&fs, "firmware.dmar.intr_remap_unsupported")->
			 verdict, VERDICT_FAIL);
	assert_int_equal(find(&fs, "firmware.dmar.drhd_base_zero")->severity,
			 SEV_CRITICAL);
	assert_non_null(find(&fs, "firmware.dmar.drhd_base_unaligned"));
	assert_non_null(find(&fs, "firmware.dmar.include_all_duplicate"));
	assert_non_null(find(&fs, "firmware.dmar.include_all_not_last"));
	assert_non_null(find(&fs, "firmware.dmar.rmrr_bad"));
	assert_non_null(find(&fs, "firmware.dmar.scope_type_mismatch"));
	assert_non_null(find(&fs, "firmware.dmar.x2apic_opt_out"));
	assert_non_null(find(&fs, "firmware.dmar.platform_opt_in"));
	findings_release(&fs);
	acpi_facts_release(&h->acpi);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dmar_good),
		cmocka_unit_test(dmar_short_header),
		cmocka_unit_test(dmar_length_past_buffer),
		cmocka_unit_test(dmar_zero_length),
		cmocka_unit_test(dmar_past_end),
		cmocka_unit_test(dmar_bad_scope_length),
		cmocka_unit_test(dmar_checksum_mismatch),
		cmocka_unit_test(dmar_unknown_type),
		cmocka_unit_test(dmar_too_short),
		cmocka_unit_test(ivrs_good),
		cmocka_unit_test(ivrs_highest_type),
		cmocka_unit_test(ivrs_bad_entry_type),
		cmocka_unit_test(ivrs_uid_past_end),
		cmocka_unit_test(ivrs_hid_outside_40),
		cmocka_unit_test(ivrs_zero_and_past_end),
		cmocka_unit_test(ivrs_checksum_and_header),
		cmocka_unit_test(ivrs_range_errors),
		cmocka_unit_test(fuzz_tables),
		cmocka_unit_test(corpus_tables),
		cmocka_unit_test(check_unknowns),
		cmocka_unit_test(check_dmar_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
