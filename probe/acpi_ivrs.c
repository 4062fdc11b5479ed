/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IVRS table decoder: a pure function of the table bytes.
 *
 * Layout: AMD I/O Virtualization Technology (IOMMU) spec, "IVRS"; ACPICA
 * actbl2.h (acpi_ivrs_hardware_*, acpi_ivrs_memory); kernel.md §7.2.  The
 * walks follow drivers/iommu/amd/init.c: blocks advance by their Length
 * (init_iommu_all(), init_memory_definitions()), device entries by
 * ivhd_entry_length(), and only IVHDs of the type that
 * get_highest_supported_ivhd_type() picks are used.
 */
#include "acpi.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_ENTRY SIZE_MAX

bool ivrs_is_ivhd(uint8_t type)
{
	return type == IVHD_TYPE_10 || type == IVHD_TYPE_11 ||
	       type == IVHD_TYPE_40;
}

bool ivrs_is_ivmd(uint8_t type)
{
	return type == IVMD_TYPE_ALL || type == IVMD_TYPE_SELECT ||
	       type == IVMD_TYPE_RANGE;
}

/*
 * get_highest_supported_ivhd_type() (amd/init.c): from the first block,
 * while the type is at most 0x40 (ACPI_IVHD_TYPE_MAX_SUPPORTED), remember
 * the type of every block whose DeviceID (offset 4) equals the first one's.
 * The kernel compares raw types, so an IVMD with that DeviceID counts too;
 * we do the same.  Lengths that cannot be walked end the scan here (the
 * main walk reports them).
 */
static uint8_t highest_ivhd_type(const uint8_t *buf, size_t tlen)
{
	size_t p = IVRS_HEADER_LEN;
	uint8_t last;
	uint16_t devid;

	if (tlen < IVRS_HEADER_LEN + 6)
		return 0;
	last = buf[p];
	devid = acpi_le16(buf + p + 4);
	while (p < tlen && tlen - p >= 6 && buf[p] <= IVHD_TYPE_40) {
		uint16_t blen = acpi_le16(buf + p + 2);

		if (acpi_le16(buf + p + 4) == devid)
			last = buf[p];
		if (blen == 0)
			break;
		p += blen;
	}
	return last;
}

/*
 * ivhd_entry_length() (amd/init.c): types below 0x80 are 4 << (type >> 6)
 * bytes; 0xF0 (ACPI_HID) is 22 + its UID length byte; the kernel returns 0
 * for any other type >= 0x80 and would not advance, so we stop there.
 * Returns 0 after recording an issue.
 */
static size_t entry_length(const uint8_t *buf, size_t p, size_t end,
			   struct ivrs_table *t)
{
	uint8_t et = buf[p];
	size_t n;

	if (et < 0x80) {
		n = (size_t)4 << (et >> 6);
	} else if (et == IVHD_DEV_ACPI_HID) {
		if (end - p < 22) {
			acpi_table_issue(t, "entry_past_end", false, p,
			      "ACPI_HID entry needs 22 bytes, %zu left in the "
			      "IVHD", end - p);
			return 0;
		}
		n = 22 + (size_t)buf[p + 21];
		if (n > end - p) {
			acpi_table_issue(t, "uid_past_end", false, p,
			      "ACPI_HID UID length %u runs %zu byte(s) past "
			      "the IVHD", buf[p + 21], n - (end - p));
			return 0;
		}
		return n;
	} else {
		acpi_table_issue(t, "bad_entry_type", false, p,
		      "device entry type 0x%02x: no length rule (the kernel's "
		      "ivhd_entry_length() returns 0)", et);
		return 0;
	}
	if (n > end - p) {
		acpi_table_issue(t, "entry_past_end", false, p,
		      "device entry type 0x%02x needs %zu bytes, %zu left in "
		      "the IVHD", et, n, end - p);
		return 0;
	}
	return n;
}

/* Copy an 8-byte ASCII field up to its NUL, non-printables as '?'. */
static void ascii8(char *dst, const uint8_t *src)
{
	size_t i;

	for (i = 0; i < 8 && src[i]; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[i] = '\0';
}

static void decode_hid(const uint8_t *e, struct ivhd_entry *d)
{
	size_t i;

	ascii8(d->hid, e + 4);
	ascii8(d->cid, e + 12);
	d->uid_format = e[20];
	d->uid_length = e[21];
	/* amd/init.c: UID_IS_INTEGER uses the first byte, UID_IS_CHARACTER
	 * copies uid_length bytes. */
	if (d->uid_format == 1 && d->uid_length >= 1) {
		snprintf(d->uid, sizeof(d->uid), "%u", e[22]);
	} else if (d->uid_format == 2) {
		for (i = 0; i < d->uid_length && e[22 + i]; i++)
			d->uid[i] = e[22 + i] >= 0x20 && e[22 + i] < 0x7f ?
				    (char)e[22 + i] : '?';
		d->uid[i] = '\0';
	}
}

/* The device entries of the IVHD U in BUF[start, end) (init_iommu_from_acpi). */
static int decode_entries(const uint8_t *buf, size_t start, size_t end,
			  struct ivrs_unit *u, struct ivrs_table *t)
{
	size_t p = start, open = NO_ENTRY, open_off = 0;
	bool range_open = false;

	while (p < end) {
		const uint8_t *e = buf + p;
		struct ivhd_entry *d;
		void *item;
		size_t n = entry_length(buf, p, end, t);

		if (!n)
			return 0;
		switch (e[0]) {
		case IVHD_DEV_PAD:
			p += n;
			continue;
		case IVHD_DEV_RANGE_END:
			if (!range_open) {
				acpi_table_issue(t, "range_end_without_start", false, p,
				      "RANGE_END devid 0x%04x with no range "
				      "start before it", acpi_le16(e + 1));
			} else if (open != NO_ENTRY) {
				struct ivhd_entry *r = &t->entries[open];

				r->devid_end = acpi_le16(e + 1);
				if (r->devid_end < r->devid_start)
					acpi_table_issue(t, "range_reversed", false, p,
					      "RANGE_END devid 0x%04x is below "
					      "its range start 0x%04x",
					      r->devid_end, r->devid_start);
			}
			range_open = false;
			open = NO_ENTRY;
			p += n;
			continue;
		case IVHD_DEV_ALL:
		case IVHD_DEV_SELECT:
		case IVHD_DEV_SELECT_RANGE_START:
		case IVHD_DEV_ALIAS:
		case IVHD_DEV_ALIAS_RANGE:
		case IVHD_DEV_EXT_SELECT:
		case IVHD_DEV_EXT_SELECT_RANGE:
		case IVHD_DEV_SPECIAL:
			break;
		case IVHD_DEV_ACPI_HID:
			if (u->type != IVHD_TYPE_40) {
				/* The kernel logs and ignores the entry. */
				acpi_table_issue(t, "hid_outside_0x40", false, p,
				      "ACPI_HID entry (type 0xf0) in an IVHD of "
				      "type 0x%02x", u->type);
				p += n;
				continue;
			}
			break;
		default:
			/* init_iommu_from_acpi() has no case for it. */
			acpi_table_issue(t, "unknown_entry_type", false, p,
			      "device entry type 0x%02x (%zu bytes) skipped",
			      e[0], n);
			p += n;
			continue;
		}
		if (range_open && (e[0] == IVHD_DEV_SELECT_RANGE_START ||
				   e[0] == IVHD_DEV_ALIAS_RANGE ||
				   e[0] == IVHD_DEV_EXT_SELECT_RANGE))
			acpi_table_issue(t, "range_not_closed", false, open_off,
			      "a range start at offset 0x%zx is followed by "
			      "another one at 0x%zx", open_off, p);
		if (acpi_push((void **)&t->entries, &t->nentries, sizeof(*d),
			      &t->capped, &item))
			return -ENOMEM;
		d = item;
		if (d) {
			d->offset = (uint32_t)p;
			d->type = e[0];
			d->dte = e[3];
			d->devid_start = acpi_le16(e + 1);
			d->devid_end = d->devid_start;
		}
		switch (e[0]) {
		case IVHD_DEV_ALL:
			/* Every devid of the segment (the kernel sets the
			 * range to 0..last_bdf). */
			if (d) {
				d->range = true;
				d->devid_start = 0;
				d->devid_end = 0xffff;
			}
			break;
		case IVHD_DEV_SELECT_RANGE_START:
		case IVHD_DEV_ALIAS_RANGE:
		case IVHD_DEV_EXT_SELECT_RANGE:
			range_open = true;
			open = d ? t->nentries - 1 : NO_ENTRY;
			open_off = p;
			if (d)
				d->range = true;
			break;
		default:
			break;
		}
		if (d && (e[0] == IVHD_DEV_ALIAS ||
			  e[0] == IVHD_DEV_ALIAS_RANGE))
			d->alias_source = acpi_le16(e + 5);
		if (d && (e[0] == IVHD_DEV_EXT_SELECT ||
			  e[0] == IVHD_DEV_EXT_SELECT_RANGE))
			d->ext = acpi_le32(e + 4);
		if (d && e[0] == IVHD_DEV_SPECIAL) {
			d->handle = e[4];
			d->devid_start = acpi_le16(e + 5);
			d->devid_end = d->devid_start;
			d->variety = e[7];
		}
		if (d && e[0] == IVHD_DEV_ACPI_HID)
			decode_hid(e, d);
		p += n;
	}
	if (range_open)
		acpi_table_issue(t, "range_not_closed", false, open_off,
		      "range start at offset 0x%zx has no RANGE_END before "
		      "the end of its IVHD", open_off);
	return 0;
}

static void decode_ivmd(const uint8_t *b, struct ivrs_unit *u)
{
	u->aux = acpi_le16(b + 6);
	u->segment = acpi_le16(b + 8);
	u->start = acpi_le64(b + 16);
	u->mem_length = acpi_le64(b + 24);
	switch (u->type) {
	case IVMD_TYPE_ALL:
		u->devid = 0;
		u->devid_end = 0xffff;
		break;
	case IVMD_TYPE_RANGE:
		u->devid_end = u->aux;
		break;
	default:
		u->devid_end = u->devid;
		break;
	}
}

static void decode_ivhd(const uint8_t *b, struct ivrs_unit *u)
{
	u->cap_offset = acpi_le16(b + 6);
	u->base = acpi_le64(b + 8);
	u->segment = acpi_le16(b + 16);
	u->info = acpi_le16(b + 18);
	u->attributes = acpi_le32(b + 20);
	if (u->type != IVHD_TYPE_10) {
		u->efr = acpi_le64(b + 24);
		u->efr2 = acpi_le64(b + 32);
	}
}

static int decode(const uint8_t *buf, size_t len, struct ivrs_table *out)
{
	uint32_t tlen;
	size_t off;

	tlen = acpi_header_decode(buf, len, "IVRS", &out->hdr, &out->issues,
				  &out->nissues, &out->capped);
	if (!tlen)
		return -EBADMSG;
	if (tlen < IVRS_HEADER_LEN) {
		acpi_table_issue(out, "short_header", true, 4,
		      "Length %u leaves no room for the %d-byte IVRS header",
		      tlen, IVRS_HEADER_LEN);
		return -EBADMSG;
	}
	out->ivinfo = acpi_le32(buf + 36);
	out->target_ivhd_type = highest_ivhd_type(buf, tlen);

	for (off = IVRS_HEADER_LEN; off < tlen;) {
		const uint8_t *b = buf + off;
		struct ivrs_unit *u;
		void *item;
		size_t fixed = 0;
		uint16_t blen;

		if (tlen - off < 4) {
			acpi_table_issue(out, "structure_past_end", true, off,
			      "%zu trailing byte(s), a block header needs 4",
			      tlen - off);
			return -EBADMSG;
		}
		blen = acpi_le16(b + 2);
		if (blen == 0) {
			acpi_table_issue(out, "zero_length", true, off,
			      "block type 0x%02x with Length 0", b[0]);
			return -EBADMSG;
		}
		if (blen > tlen - off) {
			acpi_table_issue(out, "structure_past_end", true, off,
			      "block type 0x%02x Length %u, only %zu byte(s) "
			      "left in the table", b[0], blen, tlen - off);
			return -EBADMSG;
		}
		if (ivrs_is_ivhd(b[0]))
			fixed = b[0] == IVHD_TYPE_10 ? 24 : 40;
		else if (ivrs_is_ivmd(b[0]))
			fixed = 32;
		if (!fixed) {
			acpi_table_issue(out, "unknown_type", false, off,
			      "block type 0x%02x Length %u skipped", b[0], blen);
			off += blen;
			continue;
		}
		if (blen < fixed) {
			acpi_table_issue(out, "structure_too_short", false, off,
			      "block type 0x%02x Length %u, its fixed part "
			      "alone is %zu", b[0], blen, fixed);
			off += blen;
			continue;
		}
		if (acpi_push((void **)&out->units, &out->nunits, sizeof(*u),
			      &out->capped, &item))
			return -ENOMEM;
		u = item;
		if (!u) {
			off += blen;
			continue;
		}
		u->offset = (uint32_t)off;
		u->type = b[0];
		u->flags = b[1];
		u->length = blen;
		u->devid = acpi_le16(b + 4);
		if (ivrs_is_ivmd(b[0])) {
			decode_ivmd(b, u);
		} else {
			decode_ivhd(b, u);
			u->used_by_kernel = u->type == out->target_ivhd_type;
			u->first_entry = out->nentries;
			if (decode_entries(buf, off + fixed, off + blen, u, out))
				return -ENOMEM;
			u->nentries = out->nentries - u->first_entry;
		}
		off += blen;
	}
	return 0;
}

int ivrs_decode(const uint8_t *buf, size_t len, struct ivrs_table *out)
{
	int e;

	memset(out, 0, sizeof(*out));
	e = decode(buf, len, out);
	acpi_issues_fill_bytes(out->issues, out->nissues, buf, len);
	return e;
}

void ivrs_devid_str(uint16_t devid, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x.%x", devid >> 8, (devid >> 3) & 0x1f,
		 devid & 7);
}

size_t ivrs_count_ivhd(const struct ivrs_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nunits; i++)
		n += ivrs_is_ivhd(t->units[i].type);
	return n;
}

void ivrs_table_release(struct ivrs_table *t)
{
	free(t->units);
	free(t->entries);
	free(t->issues);
	memset(t, 0, sizeof(*t));
}
