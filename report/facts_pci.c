/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The top-level "devices" and "groups" of the JSON report (issue 3):
 * every PCI function in bus order, with its ACS bits, reset methods,
 * assignability and generated set-up; the kernel's and the predicted
 * groups and whether they agree.  Deterministic: bus order, groups by id.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"
#include "../checks/setup.h"

/* Take a malloc'd string S (may be NULL) into O as KEY. */
static void add_owned(cJSON *o, const char *key, char *s)
{
	report_json_str(o, key, s);
	free(s);
}

static cJSON *acs_bits_json(uint16_t v, bool known)
{
	static const char *const names[] = { "sv", "tb", "rr", "cr", "uf",
					     "ec", "dt" };
	cJSON *o = cJSON_CreateObject();

	for (int i = 0; i < 7; i++) {
		if (known)
			cJSON_AddBoolToObject(o, names[i], v & 1u << i);
		else
			cJSON_AddNullToObject(o, names[i]);
	}
	return o;
}

static cJSON *acs_json(const struct pci_acs *a)
{
	cJSON *o;

	if (a->present == TRI_NO)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "cap", acs_bits_json(a->cap, a->present ==
						     TRI_YES && a->cap_known));
	cJSON_AddItemToObject(o, "ctl", acs_bits_json(a->ctl, a->present ==
						     TRI_YES && a->ctl_known));
	return o;
}

static cJSON *reset_json(const struct pci_function *f)
{
	cJSON *arr;

	if (f->reset_methods_known != TRI_YES)
		return cJSON_CreateNull();
	arr = cJSON_CreateArray();
	for (const char *p = f->reset_methods; *p;) {
		size_t n;
		char word[64];

		p += strspn(p, " \t\n");
		n = strcspn(p, " \t\n");
		if (!n)
			break;
		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		cJSON_AddItemToArray(arr, cJSON_CreateString(word));
		p += n;
	}
	return arr;
}

cJSON *report_device(const struct host *h, size_t i)
{
	const struct pci_function *f = &h->pci.v[i];
	const struct device_assign *d = i < h->assign.count ?
		&h->assign.v[i] : NULL;
	cJSON *o = cJSON_CreateObject(), *arr, *rem;
	char buf[300];

	cJSON_AddStringToObject(o, "bdf", f->bdf);
	snprintf(buf, sizeof(buf), "%04x", f->vendor_id);
	cJSON_AddStringToObject(o, "vendor_id", buf);
	snprintf(buf, sizeof(buf), "%04x", f->device_id);
	cJSON_AddStringToObject(o, "device_id", buf);
	snprintf(buf, sizeof(buf), "%06x", f->class_code & 0xffffff);
	cJSON_AddStringToObject(o, "class", buf);
	snprintf(buf, sizeof(buf), "%s%s%s", f->vendor_name,
		 f->vendor_name[0] && f->device_name[0] ? " " : "",
		 f->device_name);
	report_json_str(o, "name", buf);
	report_json_str(o, "driver", f->sysfs ? f->driver : NULL);
	/* conventional PCI and unread types have no port type */
	report_json_str(o, "port_type", f->pcie_type == PCIE_TYPE_NONE ||
			f->pcie_type == PCIE_TYPE_UNKNOWN ? NULL :
			pcie_type_name(f->pcie_type));
	cJSON_AddBoolToObject(o, "multifunction", f->multifunction);
	if (d && d->kernel_group >= 0)
		cJSON_AddNumberToObject(o, "group", d->kernel_group);
	else
		cJSON_AddNullToObject(o, "group");
	if (d && d->predicted_group >= 0)
		cJSON_AddNumberToObject(o, "predicted_group",
					d->predicted_group);
	else
		cJSON_AddNullToObject(o, "predicted_group");
	cJSON_AddItemToObject(o, "acs", acs_json(&f->acs));
	cJSON_AddItemToObject(o, "reset_methods", reset_json(f));
	cJSON_AddStringToObject(o, "assignability",
				assignability_name(d ? d->verdict :
						   ASSIGN_UNKNOWN));
	arr = cJSON_AddArrayToObject(o, "reasons");
	for (size_t r = 0; d && r < d->nreasons; r++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(d->reasons[r].text));
	rem = cJSON_AddObjectToObject(o, "remedy");
	if (d && (d->verdict == ASSIGN_ALONE ||
		  d->verdict == ASSIGN_WITH_GROUP)) {
		add_owned(rem, "vfio_pci_ids", setup_vfio_ids(h, (int)i));
		add_owned(rem, "libvirt_xml", setup_libvirt_xml(h, (int)i));
		add_owned(rem, "qemu_args", setup_qemu_args(h, (int)i));
	} else {
		cJSON_AddNullToObject(rem, "vfio_pci_ids");
		cJSON_AddNullToObject(rem, "libvirt_xml");
		cJSON_AddNullToObject(rem, "qemu_args");
	}
	return o;
}

cJSON *report_devices(const struct host *h)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < h->pci.count; i++)
		cJSON_AddItemToArray(arr, report_device(h, i));
	return arr;
}

static bool predicted_usable(const struct host *h)
{
	return h->predicted.group_of && h->predicted.ngroups &&
	       h->predicted.nfunctions == h->pci.count;
}

static cJSON *kernel_groups_json(const struct host *h)
{
	const struct sys_facts *s = &h->sys;
	cJSON *arr;

	if (!fact_known(&s->groups_src) && s->groups_src.err != -ENOENT &&
	    !s->ngroups)
		return cJSON_CreateNull();
	arr = cJSON_CreateArray();
	for (size_t g = 0; g < s->ngroups; g++) {
		cJSON *o = cJSON_CreateObject(), *devs;

		cJSON_AddNumberToObject(o, "id", (double)s->groups[g].id);
		report_json_str(o, "type", s->groups[g].type);
		devs = cJSON_AddArrayToObject(o, "devices");
		for (size_t k = 0; k < s->groups[g].ndevices; k++)
			cJSON_AddItemToArray(devs, cJSON_CreateString(
					     s->groups[g].devices[k]));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* Predicted groups 0..n-1 with their members (bus order) and the reasons
 * about those members, bucketed once. */
static cJSON *predicted_groups_json(const struct host *h)
{
	const struct predicted_groups *g = &h->predicted;
	size_t n = h->pci.count, ng = g->ngroups;
	cJSON *arr, **devs = NULL, **reasons = NULL;

	if (!predicted_usable(h))
		return fact_known(&h->pci.src) && !n ? cJSON_CreateArray() :
		       cJSON_CreateNull();
	arr = cJSON_CreateArray();
	devs = calloc(ng, sizeof(cJSON *));
	reasons = calloc(ng, sizeof(cJSON *));
	if (!devs || !reasons)
		goto out;
	for (size_t k = 0; k < ng; k++) {
		cJSON *o = cJSON_CreateObject();

		devs[k] = cJSON_AddArrayToObject(o, "devices");
		reasons[k] = cJSON_AddArrayToObject(o, "reasons");
		cJSON_AddItemToArray(arr, o);
	}
	for (size_t i = 0; i < n; i++) {
		int k = g->group_of[i];

		if (k >= 0 && (size_t)k < ng && devs[k])
			cJSON_AddItemToArray(devs[k], cJSON_CreateString(
					     h->pci.v[i].bdf));
	}
	for (size_t r = 0; r < g->nreasons; r++) {
		int fn = g->reasons[r].fn, k;

		if (fn < 0 || (size_t)fn >= n)
			continue;
		k = g->group_of[fn];
		if (k >= 0 && (size_t)k < ng && reasons[k])
			cJSON_AddItemToArray(reasons[k], cJSON_CreateString(
					     g->reasons[r].text));
	}
out:
	free(devs);
	free(reasons);
	return arr;
}

cJSON *report_groups(const struct host *h)
{
	cJSON *o = cJSON_CreateObject();
	size_t n = h->pci.count, count = 0;

	cJSON_AddItemToObject(o, "kernel", kernel_groups_json(h));
	cJSON_AddItemToObject(o, "predicted", predicted_groups_json(h));
	if (h->sys.ngroups && predicted_usable(h) && !h->pci.from_dump &&
	    h->assign.count == n) {
		int *kl = malloc((n ? n : 1) * sizeof(int));
		bool ok = kl != NULL;

		for (size_t i = 0; ok && i < n; i++)
			kl[i] = h->assign.v[i].kernel_index;
		ok = ok && !assign_partition_diff(kl, h->sys.ngroups,
						  h->predicted.group_of,
						  h->predicted.ngroups, n,
						  NULL, 0, &count);
		free(kl);
		if (ok)
			cJSON_AddBoolToObject(o, "agreement", count == 0);
		else
			cJSON_AddNullToObject(o, "agreement");
	} else {
		cJSON_AddNullToObject(o, "agreement");
	}
	return o;
}
