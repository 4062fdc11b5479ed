/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_TESTS_FUZZ_PCI_H
#define VFIO_READY_TESTS_FUZZ_PCI_H

/*
 * PCI targets: an lspci dump file is read through libpci's dump method
 * (probe_pci()), then the group predictor, the per-device verdicts, every
 * check and every writer run over the functions it gave.
 */

#include "../../probe/assign.h"
#include "../../probe/groups.h"
#include "../../probe/pci.h"
#include "fuzz-host.h"

static inline void fuzz_pci_dump(const char *path)
{
	struct host *h = fuzz_empty_host();
	const struct pci_facts saved_pci = h->pci;
	const struct predicted_groups saved_groups = h->predicted;
	const struct assign_facts saved_assign = h->assign;
	struct predict_opts o;

	memset(&h->pci, 0, sizeof(h->pci));
	memset(&h->predicted, 0, sizeof(h->predicted));
	memset(&h->assign, 0, sizeof(h->assign));
	h->lspci_dump = path;
	if (probe_pci(h) == 0) {
		/* once as with the IOMMU on (capabilities decide), once as
		 * with it off (the control registers decide) */
		for (int active = 0; active < 2; active++) {
			memset(&o, 0, sizeof(o));
			o.iommu_active = active;
			predicted_groups_release(&h->predicted);
			groups_predict(&h->pci, &o, &h->predicted);
		}
		probe_assign(h);
		fuzz_judge(h);
	}
	assign_facts_release(&h->assign);
	predicted_groups_release(&h->predicted);
	pci_facts_release(&h->pci);
	h->lspci_dump = NULL;
	h->pci = saved_pci;
	h->predicted = saved_groups;
	h->assign = saved_assign;
}

#endif
