/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pci.h"

#include <errno.h>
#include <stdlib.h>

#include "probe.h"

int probe_pci(struct host *h)
{
	fact_src_set(&h->pci.src, "sys/bus/pci", -ENOSYS);
	return 0;
}

void pci_facts_release(struct pci_facts *p)
{
	free(p->v);
	p->v = NULL;
	p->count = 0;
}

int pci_find(const struct pci_facts *p, const char *bdf)
{
	(void)p;
	(void)bdf;
	return -1;
}
