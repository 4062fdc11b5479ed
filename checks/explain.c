/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The explanation of every finding code (explain.h).  One table, sorted by
 * code (tests check the order and that every code has an entry), so a
 * lookup is a binary search.
 */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

static const struct explanation table[] = {
	{
		.code = "iommu.interrupt_remapping",
		.meaning = "Whether the IOMMU remaps device interrupts (MSI/MSI-X) "
			   "through its interrupt remapping table.",
		.why = "Without remapping a device given to a guest can write any "
		       "MSI address and data and so inject interrupts into the host; "
		       "vfio_iommu_type1 therefore refuses to attach its group "
		       "unless allow_unsafe_interrupts=1 is set.",
		.fix = "Enable interrupt remapping: drop intremap=off / "
		       "intremap=nosid / amd_iommu=... options that disable it, and "
		       "turn on the firmware's interrupt remapping (x2APIC) setting.",
	},
};

#define NENTRIES (sizeof(table) / sizeof(table[0]))

static int cmp_code(const void *key, const void *entry)
{
	return strcmp(key, ((const struct explanation *)entry)->code);
}

const struct explanation *explain_find(const char *code)
{
	if (!code)
		return NULL;
	return bsearch(code, table, NENTRIES, sizeof(table[0]), cmp_code);
}

size_t explain_count(void)
{
	return NENTRIES;
}

const struct explanation *explain_at(size_t i)
{
	return i < NENTRIES ? &table[i] : NULL;
}
