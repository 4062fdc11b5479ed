/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "acpi.h"

#include <errno.h>
#include <string.h>

#include "probe.h"

int probe_acpi(struct host *h)
{
	struct acpi_facts *a = &h->acpi;
	char **names;
	size_t n;
	int e = root_list(h->root, "sys/firmware/acpi/tables", 4096, &names, &n);

	fact_src_set(&a->tables_src, "sys/firmware/acpi/tables", e);
	if (e)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], "DMAR"))
			a->dmar_present = true;
		if (!strcmp(names[i], "IVRS"))
			a->ivrs_present = true;
	}
	root_names_free(names);
	return 0;
}

void acpi_facts_release(struct acpi_facts *a)
{
	(void)a;
}
