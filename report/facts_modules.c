/* SPDX-License-Identifier: GPL-2.0-or-later */
/* facts.modules: the state of every module the checks care about. */
#include "report.h"

#include <cjson/cJSON.h>

#include "../probe/probe.h"

/* The modules the report names, in a fixed order. */
static const char *const watched[] = {
	"kvm", "kvm_intel", "kvm_amd", "vfio", "vfio_pci", "vfio_pci_core",
	"vfio_iommu_type1", "vfio_virqfd", "iommufd", "pci_stub",
	NULL,
};

cJSON *report_facts_modules(const struct host *h)
{
	const struct module_facts *m = &h->modules;
	cJSON *o = cJSON_CreateObject(), *st;

	if (fact_known(&m->proc_src))
		cJSON_AddStringToObject(o, "proc_modules", "read");
	else
		cJSON_AddStringToObject(o, "proc_modules",
					fact_reason(&m->proc_src, h->live,
						    h->as_root));
	cJSON_AddBoolToObject(o, "builtin_list", fact_known(&m->builtin_src));
	st = cJSON_AddObjectToObject(o, "state");
	for (const char *const *n = watched; *n; n++)
		cJSON_AddStringToObject(st, *n,
					module_state_name(module_state(m, *n)));
	return o;
}
