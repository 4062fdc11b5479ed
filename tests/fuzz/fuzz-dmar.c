/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The DMAR decoder (probe/acpi_dmar.c), then the firmware check and the
 * writers over what it decoded: a DMAR table comes from the firmware or
 * from a stranger's snapshot. */
#include "../../probe/acpi.h"
#include "fuzz-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host *h = fuzz_empty_host();
	struct acpi_facts *a = &h->acpi;
	char buf[128];

	const struct fact_src saved = a->dmar_src;

	a->dmar_present = true;
	fact_src_set(&a->dmar_src, "sys/firmware/acpi/tables/DMAR", 0);
	a->dmar_decode_err = dmar_decode(data, size, &a->dmar);
	for (size_t i = 0; i < a->dmar.nscopes; i++) {
		dmar_scope_path(&a->dmar.scopes[i], buf, sizeof(buf));
		dmar_scope_bdf(&a->dmar.scopes[i], 0, buf, sizeof(buf));
		dmar_scope_type_name(a->dmar.scopes[i].type);
	}
	for (size_t i = 0; i < a->dmar.nunits; i++)
		dmar_type_name(a->dmar.units[i].type);
	dmar_count(&a->dmar, DMAR_TYPE_RMRR);
	fuzz_judge(h);
	dmar_table_release(&a->dmar);
	a->dmar_present = false;
	a->dmar_src = saved;
	return 0;
}
