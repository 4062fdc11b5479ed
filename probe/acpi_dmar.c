/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DMAR table decoder: a pure function of the table bytes.
 *
 * Layout: Intel VT-d spec ch. 8, ACPICA actbl1.h (struct acpi_table_dmar,
 * acpi_dmar_hardware_unit, ...), kernel.md §7.1.  The walk follows the
 * kernel's dmar_walk_remapping_entries() (drivers/iommu/dmar.c): a
 * structure of length 0 stops it ("[Firmware Bug]: Invalid 0-length
 * structure"), one that runs past the table end makes it fail ("Record
 * passes table end"), unknown types are skipped by their length.
 */
#include "acpi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DMAR_HEADER_LEN 48

const char *dmar_type_name(uint16_t type)
{
	static const char *const names[] = {
		[DMAR_TYPE_DRHD] = "DRHD", [DMAR_TYPE_RMRR] = "RMRR",
		[DMAR_TYPE_ATSR] = "ATSR", [DMAR_TYPE_RHSA] = "RHSA",
		[DMAR_TYPE_ANDD] = "ANDD", [DMAR_TYPE_SATC] = "SATC",
		[DMAR_TYPE_SIDP] = "SIDP",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

const char *dmar_scope_type_name(uint8_t type)
{
	switch (type) {
	case DMAR_SCOPE_ENDPOINT:
		return "endpoint";
	case DMAR_SCOPE_BRIDGE:
		return "bridge";
	case DMAR_SCOPE_IOAPIC:
		return "ioapic";
	case DMAR_SCOPE_HPET:
		return "hpet";
	case DMAR_SCOPE_ACPI:
		return "acpi";
	default:
		return NULL;
	}
}

/* The fixed part of each known structure (ACPICA actbl1.h sizes). */
static size_t fixed_len(uint16_t type)
{
	switch (type) {
	case DMAR_TYPE_DRHD:
		return 16;
	case DMAR_TYPE_RMRR:
		return 24;
	case DMAR_TYPE_ATSR:
	case DMAR_TYPE_SATC:
	case DMAR_TYPE_SIDP:
		return 8;
	case DMAR_TYPE_RHSA:
		return 20;
	case DMAR_TYPE_ANDD:
		return 8;
	default:
		return 0;
	}
}

static bool has_scopes(uint16_t type)
{
	return type == DMAR_TYPE_DRHD || type == DMAR_TYPE_RMRR ||
	       type == DMAR_TYPE_ATSR || type == DMAR_TYPE_SATC ||
	       type == DMAR_TYPE_SIDP;
}

/*
 * The device scopes in BUF[start, end) (VT-d spec 8.3.1).  Each is at
 * least 6 bytes, then (device, function) pairs.  A length that cannot be
 * walked ends the list: the kernel's dmar_alloc_dev_scope() would loop on
 * a 0 and read past the parent on a long one.
 */
static int decode_scopes(const uint8_t *buf, size_t start, size_t end,
			 struct dmar_table *t)
{
	size_t p = start;

	while (p < end) {
		struct dmar_scope *s;
		void *item;
		uint8_t sl;

		if (end - p < 2) {
			acpi_table_issue(t, "bad_scope_length", false, p,
			      "%zu byte(s) left in the structure, a device "
			      "scope needs at least 6", end - p);
			return 0;
		}
		sl = buf[p + 1];
		if (sl < 6 || sl > end - p) {
			acpi_table_issue(t, "bad_scope_length", false, p,
			      "device scope type %u length %u, %zu byte(s) "
			      "left in the structure (minimum 6)",
			      buf[p], sl, end - p);
			return 0;
		}
		if (sl & 1)
			acpi_table_issue(t, "odd_scope_length", false, p,
			      "device scope type %u length %u is not 6 + 2 "
			      "per path element", buf[p], sl);
		if (acpi_push((void **)&t->scopes, &t->nscopes, sizeof(*s),
			      &t->capped, &item))
			return -ENOMEM;
		s = item;
		if (s) {
			s->offset = (uint32_t)p;
			s->type = buf[p];
			s->length = sl;
			s->flags = buf[p + 2];
			s->enumeration_id = buf[p + 4];
			s->start_bus = buf[p + 5];
			s->npath = (uint8_t)((sl - 6) / 2);
			memcpy(s->path, buf + p + 6, (size_t)s->npath * 2);
		}
		p += sl;
	}
	return 0;
}

/* Fill U from the structure at BUF[off, off + slen), fixed part checked. */
static void decode_fixed(const uint8_t *buf, size_t off, size_t slen,
			 struct dmar_unit *u)
{
	const uint8_t *s = buf + off;
	size_t i, n;

	switch (u->type) {
	case DMAR_TYPE_DRHD:
		u->flags = s[4];
		u->size = s[5];
		u->segment = acpi_le16(s + 6);
		u->address = acpi_le64(s + 8);
		break;
	case DMAR_TYPE_RMRR:
		u->segment = acpi_le16(s + 6);
		u->address = acpi_le64(s + 8);
		u->limit = acpi_le64(s + 16);
		break;
	case DMAR_TYPE_ATSR:
	case DMAR_TYPE_SATC:
		u->flags = s[4];
		u->segment = acpi_le16(s + 6);
		break;
	case DMAR_TYPE_SIDP:
		u->segment = acpi_le16(s + 6);
		break;
	case DMAR_TYPE_RHSA:
		u->address = acpi_le64(s + 8);
		u->proximity_domain = acpi_le32(s + 16);
		break;
	case DMAR_TYPE_ANDD:
		/* The name runs to its NUL or to the structure's end. */
		u->device_number = s[7];
		n = slen - 8;
		if (n > sizeof(u->object_name) - 1)
			n = sizeof(u->object_name) - 1;
		for (i = 0; i < n && s[8 + i]; i++)
			u->object_name[i] = s[8 + i] >= 0x20 && s[8 + i] < 0x7f ?
					    (char)s[8 + i] : '?';
		u->object_name[i] = '\0';
		break;
	default:
		break;
	}
}

static int decode(const uint8_t *buf, size_t len, struct dmar_table *out)
{
	uint32_t tlen;
	size_t off;

	tlen = acpi_header_decode(buf, len, "DMAR", &out->hdr, &out->issues,
				  &out->nissues, &out->capped);
	if (!tlen)
		return -EBADMSG;
	if (tlen < DMAR_HEADER_LEN) {
		acpi_table_issue(out, "short_header", true, 4,
		      "Length %u leaves no room for the %d-byte DMAR header",
		      tlen, DMAR_HEADER_LEN);
		return -EBADMSG;
	}
	out->host_address_width = buf[36];
	out->flags = buf[37];

	for (off = DMAR_HEADER_LEN; off < tlen;) {
		uint16_t type, slen;
		struct dmar_unit *u;
		void *item;
		size_t fixed;

		if (tlen - off < 4) {
			acpi_table_issue(out, "structure_past_end", true, off,
			      "%zu trailing byte(s), a structure header needs 4",
			      tlen - off);
			return -EBADMSG;
		}
		type = acpi_le16(buf + off);
		slen = acpi_le16(buf + off + 2);
		if (slen == 0) {
			acpi_table_issue(out, "zero_length", true, off,
			      "type %u with Length 0", type);
			return -EBADMSG;
		}
		if (slen > tlen - off) {
			acpi_table_issue(out, "structure_past_end", true, off,
			      "type %u Length %u, only %zu byte(s) left in the "
			      "table", type, slen, tlen - off);
			return -EBADMSG;
		}
		fixed = fixed_len(type);
		if (!fixed) {
			acpi_table_issue(out, "unknown_type", false, off,
			      "type %u Length %u skipped", type, slen);
			off += slen;
			continue;
		}
		if (slen < fixed) {
			acpi_table_issue(out, "structure_too_short", false, off,
			      "%s Length %u, its fixed part alone is %zu",
			      dmar_type_name(type), slen, fixed);
			off += slen;
			continue;
		}
		if (acpi_push((void **)&out->units, &out->nunits, sizeof(*u),
			      &out->capped, &item))
			return -ENOMEM;
		u = item;
		if (u) {
			u->offset = (uint32_t)off;
			u->type = type;
			u->length = slen;
			decode_fixed(buf, off, slen, u);
			u->first_scope = out->nscopes;
		}
		/* Past the cap the structure is not kept, nor its scopes. */
		if (u && has_scopes(type)) {
			if (decode_scopes(buf, off + fixed, off + slen, out))
				return -ENOMEM;
			u->nscopes = out->nscopes - u->first_scope;
		}
		off += slen;
	}
	return 0;
}

int dmar_decode(const uint8_t *buf, size_t len, struct dmar_table *out)
{
	int e;

	memset(out, 0, sizeof(*out));
	e = decode(buf, len, out);
	acpi_issues_fill_bytes(out->issues, out->nissues, buf, len);
	return e;
}

void dmar_scope_path(const struct dmar_scope *s, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < s->npath && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%02x.%x",
				 i ? "/" : "", s->path[i][0], s->path[i][1]);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

bool dmar_scope_bdf(const struct dmar_scope *s, uint16_t segment, char *buf,
		    size_t len)
{
	buf[0] = '\0';
	if (s->npath != 1 || (s->type != DMAR_SCOPE_ENDPOINT &&
			      s->type != DMAR_SCOPE_BRIDGE))
		return false;
	snprintf(buf, len, "%04x:%02x:%02x.%x", segment, s->start_bus,
		 s->path[0][0], s->path[0][1]);
	return true;
}

size_t dmar_count(const struct dmar_table *t, enum dmar_type type)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nunits; i++)
		n += t->units[i].type == type;
	return n;
}

void dmar_table_release(struct dmar_table *t)
{
	free(t->units);
	free(t->scopes);
	free(t->issues);
	memset(t, 0, sizeof(*t));
}
