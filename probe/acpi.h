/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_ACPI_H
#define VFIO_READY_PROBE_ACPI_H

/*
 * ACPI DMAR (Intel VT-d) and IVRS (AMD-Vi) tables, decoded.
 *
 * probe_acpi() lists sys/firmware/acpi/tables and, when DMAR or IVRS is
 * published, reads and decodes it (the table files are mode 0400: reading
 * them needs root).  The decoders are pure functions over the table bytes:
 * they validate every length before reading, keep structures in table
 * order, and record what they could not accept as issues (structural
 * problems only; what the kernel makes of the content is judged by
 * checks/firmware.c).
 *
 * Layouts: kernel.md §7; ACPICA include/acpi/actbl1.h and actbl2.h; Intel
 * VT-d spec ch. 8; AMD IOMMU spec "IVRS"; kernel drivers/iommu/dmar.c and
 * drivers/iommu/amd/init.c.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fact.h"

struct host;

#define ACPI_HEADER_LEN     36
/* At most this many structures / scopes / entries / issues are kept per
 * table; past it the decoder stops keeping them and sets `capped'. */
#define ACPI_MAX_ITEMS      4096

/* The standard 36-byte ACPI table header (ACPI spec 5.2.6). */
struct acpi_header {
	char signature[5];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[7];
	char oem_table_id[9];
	uint32_t oem_revision;
	char creator_id[5];
	uint32_t creator_revision;
	bool checksum_ok;          /* the bytes of Length sum to 0 (mod 256) */
	uint8_t byte_sum;          /* that sum, for evidence */
};

/*
 * A structural problem found while decoding.  FATAL: the kernel's own walk
 * stops at this point (or refuses the table), so nothing after it is used.
 */
struct acpi_issue {
	const char *kind;          /* static, a finding-code word:
				      "short_header", "bad_signature",
				      "length_past_buffer", "zero_length",
				      "structure_too_short",
				      "structure_past_end", "bad_scope_length",
				      "odd_scope_length", "unknown_type",
				      "bad_entry_type", "entry_past_end",
				      "unknown_entry_type", "hid_outside_0x40",
				      "uid_past_end", "range_end_without_start",
				      "range_not_closed", "range_reversed" */
	bool fatal;
	uint32_t offset;           /* byte offset in the table */
	char text[200];            /* the values found */
	uint8_t bytes[16];         /* the table bytes at offset */
	uint8_t nbytes;
};

/* ---- DMAR (kernel.md §7.1) ---- */

#define DMAR_FLAG_INTR_REMAP            0x01
#define DMAR_FLAG_X2APIC_OPT_OUT        0x02
#define DMAR_FLAG_PLATFORM_OPT_IN       0x04

enum dmar_type {
	DMAR_TYPE_DRHD = 0,
	DMAR_TYPE_RMRR = 1,
	DMAR_TYPE_ATSR = 2,
	DMAR_TYPE_RHSA = 3,
	DMAR_TYPE_ANDD = 4,
	DMAR_TYPE_SATC = 5,
	DMAR_TYPE_SIDP = 6,
};

#define DMAR_DRHD_INCLUDE_PCI_ALL       0x01
#define DMAR_ATSR_ALL_PORTS             0x01

enum dmar_scope_type {
	DMAR_SCOPE_ENDPOINT = 1,
	DMAR_SCOPE_BRIDGE = 2,
	DMAR_SCOPE_IOAPIC = 3,
	DMAR_SCOPE_HPET = 4,
	DMAR_SCOPE_ACPI = 5,
};

/* A scope's path holds at most (255 - 6) / 2 (device, function) pairs:
 * its length is one byte. */
#define DMAR_PATH_MAX 124

struct dmar_scope {
	uint32_t offset;
	uint8_t type;
	uint8_t length;
	uint8_t flags;
	uint8_t enumeration_id;
	uint8_t start_bus;
	uint8_t npath;
	uint8_t path[DMAR_PATH_MAX][2];   /* (device, function) */
};

/* One remapping structure; which fields mean something depends on type. */
struct dmar_unit {
	uint32_t offset;
	uint16_t type;
	uint16_t length;
	uint8_t flags;             /* DRHD, ATSR, SATC */
	uint8_t size;              /* DRHD: register set is 2^size 4 KiB pages */
	uint16_t segment;          /* DRHD, RMRR, ATSR, SATC, SIDP */
	uint64_t address;          /* DRHD, RHSA: register base; RMRR: base */
	uint64_t limit;            /* RMRR: inclusive end */
	uint32_t proximity_domain; /* RHSA */
	uint8_t device_number;     /* ANDD */
	char object_name[256];     /* ANDD, NUL-terminated, cut at 255 */
	size_t first_scope;        /* index in dmar_table.scopes */
	size_t nscopes;
};

struct dmar_table {
	struct acpi_header hdr;
	uint8_t host_address_width;  /* the raw field: width - 1 */
	uint8_t flags;
	struct dmar_unit *units;     /* every remapping structure, table order */
	size_t nunits;
	struct dmar_scope *scopes;
	size_t nscopes;
	struct acpi_issue *issues;
	size_t nissues;
	bool capped;                 /* ACPI_MAX_ITEMS reached somewhere */
};

/*
 * Decode the DMAR table in BUF.  Returns 0 (issues may still be recorded),
 * -EBADMSG when the table is unusable from some point on (a fatal issue
 * says where; what came before is kept), -ENOMEM.  OUT is always
 * initialised and must be released with dmar_table_release().
 */
int dmar_decode(const uint8_t *buf, size_t len, struct dmar_table *out);
void dmar_table_release(struct dmar_table *t);
size_t dmar_count(const struct dmar_table *t, enum dmar_type type);
/* "1c.0/00.0": the (device.function) path from the start bus. */
void dmar_scope_path(const struct dmar_scope *s, char *buf, size_t len);
/*
 * "0000:00:14.0" when the scope names a function exactly without PCI
 * config space: a path of one element on its start bus.  Longer paths
 * cross bridges whose secondary bus is only known at run time.  Returns
 * false (BUF empty) otherwise.
 */
bool dmar_scope_bdf(const struct dmar_scope *s, uint16_t segment, char *buf,
		    size_t len);
const char *dmar_type_name(uint16_t type);       /* "DRHD", ... or NULL */
const char *dmar_scope_type_name(uint8_t type);  /* "endpoint", ... or NULL */

/* ---- IVRS (kernel.md §7.2) ---- */

#define IVRS_HEADER_LEN         48

#define IVINFO_EFR_SUP          0x00000001u
#define IVINFO_DMA_REMAP        0x00000002u
#define IVINFO_HT_ATS_RESV      0x00400000u

enum ivrs_block_type {
	IVHD_TYPE_10 = 0x10,
	IVHD_TYPE_11 = 0x11,
	IVHD_TYPE_40 = 0x40,
	IVMD_TYPE_ALL = 0x20,
	IVMD_TYPE_SELECT = 0x21,
	IVMD_TYPE_RANGE = 0x22,
};

#define IVMD_FLAG_UNITY         0x01
#define IVMD_FLAG_READ          0x02
#define IVMD_FLAG_WRITE         0x04
#define IVMD_FLAG_EXCLUSION     0x08

enum ivhd_entry_type {
	IVHD_DEV_PAD = 0x00,
	IVHD_DEV_ALL = 0x01,
	IVHD_DEV_SELECT = 0x02,
	IVHD_DEV_SELECT_RANGE_START = 0x03,
	IVHD_DEV_RANGE_END = 0x04,
	IVHD_DEV_ALIAS = 0x42,
	IVHD_DEV_ALIAS_RANGE = 0x43,
	IVHD_DEV_EXT_SELECT = 0x46,
	IVHD_DEV_EXT_SELECT_RANGE = 0x47,
	IVHD_DEV_SPECIAL = 0x48,
	IVHD_DEV_ACPI_HID = 0xf0,
};

#define IVHD_SPECIAL_IOAPIC     1
#define IVHD_SPECIAL_HPET       2

/*
 * One device entry, ranges folded: a range start and its RANGE_END become
 * one entry with devid_start..devid_end (never expanded per device).
 */
struct ivhd_entry {
	uint32_t offset;
	uint8_t type;              /* the entry that opened it */
	uint8_t dte;               /* DTE setting byte */
	uint16_t devid_start;
	uint16_t devid_end;        /* == devid_start unless a range / ALL */
	bool range;
	uint16_t alias_source;     /* 0x42/0x43: the source devid */
	uint32_t ext;              /* 0x46/0x47: extended DTE setting */
	uint8_t handle;            /* 0x48: IOAPIC id / HPET number */
	uint8_t variety;           /* 0x48: 1 IOAPIC, 2 HPET */
	char hid[9];               /* 0xF0 */
	char cid[9];
	uint8_t uid_format;        /* 0 none, 1 integer, 2 string */
	uint8_t uid_length;
	char uid[256];             /* 0xF0: string UID, or integer in decimal */
};

struct ivrs_unit {
	uint32_t offset;
	uint8_t type;
	uint8_t flags;
	uint16_t length;
	uint16_t devid;            /* IVHD: the IOMMU; IVMD: device / start */
	/* IVHD */
	uint16_t cap_offset;
	uint64_t base;
	uint16_t segment;
	uint16_t info;
	uint32_t attributes;       /* 0x10: feature reporting; else attrs */
	uint64_t efr;              /* 0x11/0x40 */
	uint64_t efr2;
	bool used_by_kernel;       /* type == the kernel's chosen IVHD type */
	size_t first_entry;        /* index in ivrs_table.entries */
	size_t nentries;
	/* IVMD */
	uint16_t aux;              /* 0x22: range end devid */
	uint16_t devid_end;        /* computed: device range end */
	uint64_t start;
	uint64_t mem_length;
};

struct ivrs_table {
	struct acpi_header hdr;
	uint32_t ivinfo;
	/* get_highest_supported_ivhd_type() of amd/init.c, 0 if none. */
	uint8_t target_ivhd_type;
	struct ivrs_unit *units;   /* every IVHD/IVMD/other block, table order */
	size_t nunits;
	struct ivhd_entry *entries;
	size_t nentries;
	struct acpi_issue *issues;
	size_t nissues;
	bool capped;
};

bool ivrs_is_ivhd(uint8_t type);
bool ivrs_is_ivmd(uint8_t type);

/* As dmar_decode().  The checksum is recorded (hdr.checksum_ok), not
 * judged: the kernel refuses an IVRS whose checksum is wrong, and that is
 * the check's verdict to give. */
int ivrs_decode(const uint8_t *buf, size_t len, struct ivrs_table *out);
void ivrs_table_release(struct ivrs_table *t);
size_t ivrs_count_ivhd(const struct ivrs_table *t);
/* A DeviceID (RID, bus << 8 | devfn) as "00:00.2". */
void ivrs_devid_str(uint16_t devid, char *buf, size_t len);

/* ---- shared by both decoders (probe/acpi.c) ---- */

/* Validate and decode the header; SIG is "DMAR" or "IVRS".  Returns the
 * usable table length (Length), or 0 after recording a fatal issue. */
uint32_t acpi_header_decode(const uint8_t *buf, size_t len, const char *sig,
			    struct acpi_header *h, struct acpi_issue **issues,
			    size_t *nissues, bool *capped);
__attribute__((format(printf, 7, 8)))
void acpi_issue_add(struct acpi_issue **issues, size_t *nissues,
		    bool *capped, const char *kind, bool fatal,
		    uint32_t offset, const char *fmt, ...);
/* acpi_issue_add() on a decoded table T (struct dmar_table or ivrs_table,
 * which both carry issues, nissues and capped). */
#define acpi_table_issue(t, kind, fatal, off, ...)			\
	acpi_issue_add(&(t)->issues, &(t)->nissues, &(t)->capped, kind,	\
		       fatal, (uint32_t)(off), __VA_ARGS__)

/* Grow *V (of SIZE-byte items, *N used) by one zeroed item, stored in
 * *ITEM.  Past ACPI_MAX_ITEMS *ITEM is NULL and *capped set; returns 0 or
 * -ENOMEM. */
int acpi_push(void **v, size_t *n, size_t size, bool *capped, void **item);
/* Copy into each issue the table bytes at its offset (BUF, LEN). */
void acpi_issues_fill_bytes(struct acpi_issue *issues, size_t n,
			    const uint8_t *buf, size_t len);
uint16_t acpi_le16(const uint8_t *p);
uint32_t acpi_le32(const uint8_t *p);
uint64_t acpi_le64(const uint8_t *p);

/* ---- facts ---- */

struct acpi_facts {
	struct fact_src tables_src;    /* sys/firmware/acpi/tables listing */
	bool dmar_present;             /* the firmware publishes DMAR */
	bool ivrs_present;             /* the firmware publishes IVRS */
	struct fact_src dmar_src;      /* content read (needs root) */
	struct fact_src ivrs_src;
	/* Valid when the content was read: the decoder's result (0,
	 * -EBADMSG, -ENOMEM) and the table. */
	int dmar_decode_err;
	int ivrs_decode_err;
	struct dmar_table dmar;
	struct ivrs_table ivrs;
};

int probe_acpi(struct host *h);
void acpi_facts_release(struct acpi_facts *a);

#endif
