/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The IVRS decoder (probe/acpi_ivrs.c), then the firmware check and the
 * writers over what it decoded. */
#include "../../probe/acpi.h"
#include "fuzz-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host *h = fuzz_empty_host();
	struct acpi_facts *a = &h->acpi;
	char buf[32];

	const struct fact_src saved = a->ivrs_src;

	a->ivrs_present = true;
	fact_src_set(&a->ivrs_src, "sys/firmware/acpi/tables/IVRS", 0);
	a->ivrs_decode_err = ivrs_decode(data, size, &a->ivrs);
	for (size_t i = 0; i < a->ivrs.nentries; i++)
		ivrs_devid_str(a->ivrs.entries[i].devid_end, buf, sizeof(buf));
	ivrs_count_ivhd(&a->ivrs);
	fuzz_judge(h);
	ivrs_table_release(&a->ivrs);
	a->ivrs_present = false;
	a->ivrs_src = saved;
	return 0;
}
