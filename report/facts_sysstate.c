/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * facts.iommu: IOMMU units and groups, interrupt remapping, /dev/vfio and
 * (facts.iommu.vfio) the vfio parameters and bindings.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../probe/probe.h"

static const char *kind_name(enum iommu_kind k)
{
	return k == IOMMU_KIND_INTEL ? "intel" :
	       k == IOMMU_KIND_AMD ? "amd" : "other";
}

static cJSON *units_json(const struct sys_facts *s)
{
	cJSON *a;

	if (!fact_known(&s->units_src) && s->units_src.err != -ENOENT)
		return cJSON_CreateNull();
	a = cJSON_CreateArray();
	for (size_t i = 0; i < s->nunits; i++) {
		const struct iommu_unit *u = &s->units[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "name", u->name);
		cJSON_AddStringToObject(o, "kind", kind_name(u->kind));
		report_json_str(o, "version", u->version);
		report_json_str(o, "address", u->address);
		report_json_str(o, "cap", u->cap);
		report_json_str(o, "ecap", u->ecap);
		report_json_str(o, "features", u->features);
		report_json_tri(o, "ir_supported", u->ir_supported);
		report_json_tri(o, "x2apic_supported", u->x2apic_supported);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *groups_json(const struct sys_facts *s)
{
	cJSON *o, *types, *list;
	size_t ndev = 0;

	if (!fact_known(&s->groups_src) && s->groups_src.err != -ENOENT)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "present", fact_known(&s->groups_src));
	cJSON_AddNumberToObject(o, "count", (double)s->ngroups);
	for (size_t i = 0; i < s->ngroups; i++)
		ndev += s->groups[i].ndevices;
	cJSON_AddNumberToObject(o, "devices", (double)ndev);
	types = cJSON_AddObjectToObject(o, "types");
	list = cJSON_AddArrayToObject(o, "list");
	for (size_t i = 0; i < s->ngroups; i++) {
		const struct iommu_group_info *g = &s->groups[i];
		const char *t = g->type[0] ? g->type : "unread";
		cJSON *n = cJSON_GetObjectItemCaseSensitive(types, t);
		cJSON *e = cJSON_CreateObject(), *d;

		if (n)
			cJSON_SetNumberValue(n, n->valuedouble + 1);
		else
			cJSON_AddNumberToObject(types, t, 1);
		cJSON_AddNumberToObject(e, "id", (double)g->id);
		report_json_str(e, "type", g->type);
		d = cJSON_AddArrayToObject(e, "devices");
		for (size_t k = 0; k < g->ndevices; k++)
			cJSON_AddItemToArray(d, cJSON_CreateString(g->devices[k]));
		cJSON_AddBoolToObject(e, "reserved_direct", g->reserved_direct);
		cJSON_AddItemToArray(list, e);
	}
	return o;
}

static cJSON *interrupts_json(const struct sys_facts *s)
{
	cJSON *o;

	if (!fact_known(&s->irq_src))
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "remapped", (double)s->irq.remapped);
	cJSON_AddNumberToObject(o, "non_remapped_msi",
				(double)s->irq.non_remapped_msi);
	cJSON_AddNumberToObject(o, "iommu_irqs", (double)s->irq.iommu_irqs);
	return o;
}

static cJSON *vfio_json(const struct sys_facts *s,
			const struct pci_facts *pci)
{
	cJSON *o = cJSON_CreateObject(), *p, *b, *d;

	p = cJSON_AddObjectToObject(o, "parameters");
	for (int i = 0; i < PARAM_COUNT; i++) {
		const struct module_param *m = &s->params[i];
		char key[96];

		snprintf(key, sizeof(key), "%s.%s", m->module, m->name);
		if (fact_known(&m->src))
			cJSON_AddStringToObject(p, key, m->value);
		else
			cJSON_AddNullToObject(p, key);
	}
	b = cJSON_AddArrayToObject(o, "bound");
	d = cJSON_AddArrayToObject(o, "driver_override");
	for (size_t i = 0; i < pci->count; i++) {
		const struct pci_function *f = &pci->v[i];
		char id[16];
		cJSON *e;

		if (!f->sysfs)
			continue;
		if (f->driver_override[0]) {
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "bdf", f->bdf);
			cJSON_AddStringToObject(e, "override",
						f->driver_override);
			report_json_str(e, "driver", f->driver);
			cJSON_AddItemToArray(d, e);
		}
		if (!strstr(f->driver, "vfio") && strcmp(f->driver, "pci-stub"))
			continue;
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "bdf", f->bdf);
		if (f->ids_known) {
			snprintf(id, sizeof(id), "%04x", f->vendor_id);
			cJSON_AddStringToObject(e, "vendor_id", id);
			snprintf(id, sizeof(id), "%04x", f->device_id);
			cJSON_AddStringToObject(e, "device_id", id);
			snprintf(id, sizeof(id), "%06x", f->class_code);
			cJSON_AddStringToObject(e, "class", id);
		} else {
			cJSON_AddNullToObject(e, "vendor_id");
			cJSON_AddNullToObject(e, "device_id");
			cJSON_AddNullToObject(e, "class");
		}
		cJSON_AddStringToObject(e, "driver", f->driver);
		if (f->iommu_group >= 0)
			cJSON_AddNumberToObject(e, "group",
						(double)f->iommu_group);
		else
			cJSON_AddNullToObject(e, "group");
		cJSON_AddItemToArray(b, e);
	}
	return o;
}

cJSON *report_facts_iommu(const struct host *h)
{
	const struct sys_facts *s = &h->sys;
	cJSON *o = cJSON_CreateObject(), *dv;

	cJSON_AddItemToObject(o, "units", units_json(s));
	cJSON_AddItemToObject(o, "groups", groups_json(s));
	cJSON_AddItemToObject(o, "interrupts", interrupts_json(s));
	cJSON_AddStringToObject(o, "interrupt_remapping",
				tri_name(sys_interrupt_remapping(h)));
	if (fact_known(&s->dev_vfio_src)) {
		dv = cJSON_AddArrayToObject(o, "dev_vfio");
		for (size_t i = 0; i < s->ndev_vfio; i++)
			cJSON_AddItemToArray(dv,
					     cJSON_CreateString(s->dev_vfio[i]));
	} else {
		cJSON_AddNullToObject(o, "dev_vfio");
	}
	report_json_tri(o, "dev_iommu", s->dev_iommu);
	cJSON_AddItemToObject(o, "vfio", vfio_json(s, &h->pci));
	return o;
}
