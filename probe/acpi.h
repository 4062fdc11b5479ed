/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_ACPI_H
#define VFIO_READY_PROBE_ACPI_H

/* ACPI DMAR (Intel VT-d) and IVRS (AMD-Vi) tables, decoded. */

#include <stdbool.h>

#include "fact.h"

struct host;

struct acpi_facts {
	struct fact_src tables_src;    /* sys/firmware/acpi/tables listing */
	bool dmar_present;             /* the firmware publishes DMAR */
	bool ivrs_present;             /* the firmware publishes IVRS */
	struct fact_src dmar_src;      /* content read (needs root) */
	struct fact_src ivrs_src;
};

int probe_acpi(struct host *h);
void acpi_facts_release(struct acpi_facts *a);

#endif
