/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * facts.firmware: the ACPI table list and the decoded DMAR / IVRS tables,
 * in table order.  Addresses and 64-bit registers are hex strings ("0x..."),
 * which JSON numbers cannot hold exactly.  Keys are a contract (README):
 * later versions add keys, never rename them.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#include "../probe/probe.h"

static void add_hex(cJSON *o, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	cJSON_AddStringToObject(o, key, buf);
}

static cJSON *header_json(const struct acpi_header *hd)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "signature", hd->signature);
	cJSON_AddNumberToObject(o, "length", hd->length);
	cJSON_AddNumberToObject(o, "revision", hd->revision);
	cJSON_AddStringToObject(o, "oem_id", hd->oem_id);
	cJSON_AddStringToObject(o, "oem_table_id", hd->oem_table_id);
	cJSON_AddNumberToObject(o, "oem_revision", hd->oem_revision);
	cJSON_AddStringToObject(o, "creator_id", hd->creator_id);
	cJSON_AddNumberToObject(o, "creator_revision", hd->creator_revision);
	return o;
}

static cJSON *issues_json(const struct acpi_issue *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", v[i].kind);
		cJSON_AddBoolToObject(o, "fatal", v[i].fatal);
		add_hex(o, "offset", v[i].offset);
		cJSON_AddStringToObject(o, "text", v[i].text);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* ---- DMAR ---- */

static cJSON *scope_json(const struct dmar_scope *s, uint16_t segment)
{
	cJSON *o = cJSON_CreateObject(), *path = cJSON_CreateArray();
	const char *name = dmar_scope_type_name(s->type);
	char buf[32];

	if (name)
		cJSON_AddStringToObject(o, "type", name);
	else
		cJSON_AddNumberToObject(o, "type", s->type);
	cJSON_AddNumberToObject(o, "enumeration_id", s->enumeration_id);
	cJSON_AddNumberToObject(o, "bus", s->start_bus);
	for (unsigned int i = 0; i < s->npath; i++) {
		snprintf(buf, sizeof(buf), "%02x.%x", s->path[i][0],
			 s->path[i][1]);
		cJSON_AddItemToArray(path, cJSON_CreateString(buf));
	}
	cJSON_AddItemToObject(o, "path", path);
	/* Only a one-element path on the start bus names a function
	 * without reading bridges' secondary bus numbers. */
	if (dmar_scope_bdf(s, segment, buf, sizeof(buf)))
		cJSON_AddStringToObject(o, "bdf", buf);
	return o;
}

static cJSON *scopes_json(const struct dmar_table *t,
			  const struct dmar_unit *u)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < u->nscopes; i++)
		cJSON_AddItemToArray(a, scope_json(&t->scopes[u->first_scope + i],
						   u->segment));
	return a;
}

static cJSON *dmar_unit_json(const struct dmar_table *t,
			     const struct dmar_unit *u)
{
	cJSON *o = cJSON_CreateObject();

	add_hex(o, "offset", u->offset);
	switch (u->type) {
	case DMAR_TYPE_DRHD:
		cJSON_AddNumberToObject(o, "flags", u->flags);
		cJSON_AddBoolToObject(o, "include_pci_all",
				      u->flags & DMAR_DRHD_INCLUDE_PCI_ALL);
		cJSON_AddNumberToObject(o, "segment", u->segment);
		add_hex(o, "address", u->address);
		cJSON_AddNumberToObject(o, "size", u->size);
		break;
	case DMAR_TYPE_RMRR:
		cJSON_AddNumberToObject(o, "segment", u->segment);
		add_hex(o, "base", u->address);
		add_hex(o, "limit", u->limit);
		break;
	case DMAR_TYPE_ATSR:
		cJSON_AddNumberToObject(o, "flags", u->flags);
		cJSON_AddBoolToObject(o, "all_ports",
				      u->flags & DMAR_ATSR_ALL_PORTS);
		cJSON_AddNumberToObject(o, "segment", u->segment);
		break;
	case DMAR_TYPE_SATC:
		cJSON_AddNumberToObject(o, "flags", u->flags);
		cJSON_AddNumberToObject(o, "segment", u->segment);
		break;
	case DMAR_TYPE_SIDP:
		cJSON_AddNumberToObject(o, "segment", u->segment);
		break;
	case DMAR_TYPE_RHSA:
		add_hex(o, "address", u->address);
		cJSON_AddNumberToObject(o, "proximity_domain",
					u->proximity_domain);
		return o;
	case DMAR_TYPE_ANDD:
		cJSON_AddNumberToObject(o, "device_number", u->device_number);
		cJSON_AddStringToObject(o, "object_name", u->object_name);
		return o;
	default:
		return o;
	}
	cJSON_AddItemToObject(o, "scopes", scopes_json(t, u));
	return o;
}

static cJSON *dmar_json(const struct acpi_facts *a)
{
	static const struct {
		const char *key;
		enum dmar_type type;
	} lists[] = {
		{ "drhd", DMAR_TYPE_DRHD }, { "rmrr", DMAR_TYPE_RMRR },
		{ "atsr", DMAR_TYPE_ATSR }, { "rhsa", DMAR_TYPE_RHSA },
		{ "andd", DMAR_TYPE_ANDD }, { "satc", DMAR_TYPE_SATC },
		{ "sidp", DMAR_TYPE_SIDP },
	};
	const struct dmar_table *t = &a->dmar;
	cJSON *o = cJSON_CreateObject(), *fl;

	cJSON_AddBoolToObject(o, "checksum_ok", t->hdr.checksum_ok);
	cJSON_AddBoolToObject(o, "decoded", a->dmar_decode_err == 0);
	cJSON_AddItemToObject(o, "header", header_json(&t->hdr));
	cJSON_AddNumberToObject(o, "host_address_width",
				t->host_address_width + 1);
	fl = cJSON_AddObjectToObject(o, "flags");
	cJSON_AddBoolToObject(fl, "intr_remap",
			      t->flags & DMAR_FLAG_INTR_REMAP);
	cJSON_AddBoolToObject(fl, "x2apic_opt_out",
			      t->flags & DMAR_FLAG_X2APIC_OPT_OUT);
	cJSON_AddBoolToObject(fl, "dma_ctrl_platform_opt_in",
			      t->flags & DMAR_FLAG_PLATFORM_OPT_IN);
	cJSON_AddNumberToObject(fl, "raw", t->flags);
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		cJSON *arr = cJSON_AddArrayToObject(o, lists[l].key);

		for (size_t i = 0; i < t->nunits; i++)
			if (t->units[i].type == lists[l].type)
				cJSON_AddItemToArray(arr,
					dmar_unit_json(t, &t->units[i]));
	}
	cJSON_AddBoolToObject(o, "capped", t->capped);
	cJSON_AddItemToObject(o, "issues", issues_json(t->issues, t->nissues));
	return o;
}

/* ---- IVRS ---- */

static void add_devid(cJSON *o, const char *key, uint16_t devid)
{
	char buf[16];

	ivrs_devid_str(devid, buf, sizeof(buf));
	cJSON_AddStringToObject(o, key, buf);
}

static const char *entry_type_name(uint8_t type)
{
	switch (type) {
	case IVHD_DEV_ALL:
		return "all";
	case IVHD_DEV_SELECT:
		return "select";
	case IVHD_DEV_SELECT_RANGE_START:
		return "range";
	case IVHD_DEV_ALIAS:
		return "alias";
	case IVHD_DEV_ALIAS_RANGE:
		return "alias_range";
	case IVHD_DEV_EXT_SELECT:
		return "ext_select";
	case IVHD_DEV_EXT_SELECT_RANGE:
		return "ext_range";
	case IVHD_DEV_SPECIAL:
		return "special";
	case IVHD_DEV_ACPI_HID:
		return "acpi_hid";
	default:
		return "other";
	}
}

static cJSON *entry_json(const struct ivhd_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	char buf[8];

	snprintf(buf, sizeof(buf), "0x%02x", e->type);
	cJSON_AddStringToObject(o, "type", buf);
	cJSON_AddStringToObject(o, "kind", entry_type_name(e->type));
	add_hex(o, "offset", e->offset);
	cJSON_AddNumberToObject(o, "dte", e->dte);
	if (e->type == IVHD_DEV_SPECIAL) {
		cJSON_AddStringToObject(o, "variety",
			e->variety == IVHD_SPECIAL_IOAPIC ? "ioapic" :
			e->variety == IVHD_SPECIAL_HPET ? "hpet" : "other");
		cJSON_AddNumberToObject(o, "handle", e->handle);
		add_devid(o, "source", e->devid_start);
		return o;
	}
	add_devid(o, "device_start", e->devid_start);
	add_devid(o, "device_end", e->devid_end);
	if (e->type == IVHD_DEV_ALIAS || e->type == IVHD_DEV_ALIAS_RANGE)
		add_devid(o, "alias_source", e->alias_source);
	if (e->type == IVHD_DEV_EXT_SELECT ||
	    e->type == IVHD_DEV_EXT_SELECT_RANGE)
		add_hex(o, "ext", e->ext);
	if (e->type == IVHD_DEV_ACPI_HID) {
		cJSON_AddStringToObject(o, "hid", e->hid);
		cJSON_AddStringToObject(o, "cid", e->cid);
		cJSON_AddNumberToObject(o, "uid_format", e->uid_format);
		cJSON_AddStringToObject(o, "uid", e->uid);
	}
	return o;
}

static cJSON *ivhd_json(const struct ivrs_table *t, const struct ivrs_unit *u)
{
	cJSON *o = cJSON_CreateObject(), *ents;
	char buf[8];

	snprintf(buf, sizeof(buf), "0x%02x", u->type);
	cJSON_AddStringToObject(o, "type", buf);
	add_hex(o, "offset", u->offset);
	cJSON_AddNumberToObject(o, "flags", u->flags);
	add_devid(o, "device_id", u->devid);
	cJSON_AddNumberToObject(o, "device_id_raw", u->devid);
	cJSON_AddNumberToObject(o, "capability_offset", u->cap_offset);
	cJSON_AddNumberToObject(o, "segment", u->segment);
	add_hex(o, "base", u->base);
	cJSON_AddNumberToObject(o, "info", u->info);
	add_hex(o, u->type == IVHD_TYPE_10 ? "feature_reporting" :
		"attributes", u->attributes);
	if (u->type == IVHD_TYPE_10) {
		cJSON_AddNullToObject(o, "efr");
		cJSON_AddNullToObject(o, "efr2");
	} else {
		add_hex(o, "efr", u->efr);
		add_hex(o, "efr2", u->efr2);
	}
	/* The kernel refuses a table with a bad checksum outright. */
	cJSON_AddBoolToObject(o, "used_by_kernel",
			      u->used_by_kernel && t->hdr.checksum_ok);
	ents = cJSON_AddArrayToObject(o, "entries");
	for (size_t i = 0; i < u->nentries; i++)
		cJSON_AddItemToArray(ents,
				     entry_json(&t->entries[u->first_entry + i]));
	return o;
}

static cJSON *ivmd_json(const struct ivrs_unit *u)
{
	cJSON *o = cJSON_CreateObject();
	char buf[8];

	snprintf(buf, sizeof(buf), "0x%02x", u->type);
	cJSON_AddStringToObject(o, "type", buf);
	add_hex(o, "offset", u->offset);
	cJSON_AddNumberToObject(o, "flags", u->flags);
	cJSON_AddBoolToObject(o, "unity", u->flags & IVMD_FLAG_UNITY);
	cJSON_AddBoolToObject(o, "read", u->flags & IVMD_FLAG_READ);
	cJSON_AddBoolToObject(o, "write", u->flags & IVMD_FLAG_WRITE);
	cJSON_AddBoolToObject(o, "exclusion", u->flags & IVMD_FLAG_EXCLUSION);
	add_devid(o, "device_start", u->devid);
	add_devid(o, "device_end", u->devid_end);
	cJSON_AddNumberToObject(o, "segment", u->segment);
	add_hex(o, "start", u->start);
	add_hex(o, "length", u->mem_length);
	return o;
}

static cJSON *ivrs_json(const struct acpi_facts *a)
{
	const struct ivrs_table *t = &a->ivrs;
	cJSON *o = cJSON_CreateObject(), *info, *ivhd, *ivmd;
	char buf[8];

	cJSON_AddBoolToObject(o, "checksum_ok", t->hdr.checksum_ok);
	cJSON_AddBoolToObject(o, "decoded", a->ivrs_decode_err == 0);
	cJSON_AddItemToObject(o, "header", header_json(&t->hdr));
	/* IVinfo bits: kernel.md §7.2 (amd/init.c IOMMU_IVINFO_*). */
	info = cJSON_AddObjectToObject(o, "ivinfo");
	add_hex(info, "raw", t->ivinfo);
	cJSON_AddBoolToObject(info, "efr_sup", t->ivinfo & IVINFO_EFR_SUP);
	cJSON_AddBoolToObject(info, "dma_remap",
			      t->ivinfo & IVINFO_DMA_REMAP);
	cJSON_AddNumberToObject(info, "gva_size", (t->ivinfo >> 5) & 0x7);
	cJSON_AddNumberToObject(info, "pa_size", (t->ivinfo >> 8) & 0x7f);
	cJSON_AddNumberToObject(info, "va_size", (t->ivinfo >> 15) & 0x7f);
	cJSON_AddBoolToObject(info, "ht_ats_resv",
			      t->ivinfo & IVINFO_HT_ATS_RESV);
	if (t->target_ivhd_type) {
		snprintf(buf, sizeof(buf), "0x%02x", t->target_ivhd_type);
		cJSON_AddStringToObject(o, "kernel_ivhd_type", buf);
	} else {
		cJSON_AddNullToObject(o, "kernel_ivhd_type");
	}
	ivhd = cJSON_AddArrayToObject(o, "ivhd");
	ivmd = cJSON_AddArrayToObject(o, "ivmd");
	for (size_t i = 0; i < t->nunits; i++) {
		const struct ivrs_unit *u = &t->units[i];

		if (ivrs_is_ivhd(u->type))
			cJSON_AddItemToArray(ivhd, ivhd_json(t, u));
		else if (ivrs_is_ivmd(u->type))
			cJSON_AddItemToArray(ivmd, ivmd_json(u));
	}
	cJSON_AddBoolToObject(o, "capped", t->capped);
	cJSON_AddItemToObject(o, "issues", issues_json(t->issues, t->nissues));
	return o;
}

cJSON *report_facts_firmware(const struct host *h)
{
	const struct acpi_facts *a = &h->acpi;
	cJSON *o = cJSON_CreateObject();
	bool listed = fact_known(&a->tables_src);

	cJSON_AddBoolToObject(o, "tables_listed", listed);
	if (listed) {
		cJSON_AddBoolToObject(o, "dmar_present", a->dmar_present);
		cJSON_AddBoolToObject(o, "ivrs_present", a->ivrs_present);
	} else {
		cJSON_AddNullToObject(o, "dmar_present");
		cJSON_AddNullToObject(o, "ivrs_present");
	}
	if (a->dmar_present && fact_known(&a->dmar_src))
		cJSON_AddItemToObject(o, "dmar", dmar_json(a));
	else
		cJSON_AddNullToObject(o, "dmar");
	if (a->ivrs_present && fact_known(&a->ivrs_src))
		cJSON_AddItemToObject(o, "ivrs", ivrs_json(a));
	else
		cJSON_AddNullToObject(o, "ivrs");
	return o;
}
