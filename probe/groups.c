/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "groups.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int groups_predict(const struct pci_facts *p, const struct predict_opts *o,
		   struct predicted_groups *out)
{
	(void)p;
	(void)o;
	memset(out, 0, sizeof(*out));
	return -ENOSYS;
}

void predicted_groups_release(struct predicted_groups *g)
{
	free(g->group_of);
	free(g->reasons);
	memset(g, 0, sizeof(*g));
}

enum tri groups_acs_enabled(const struct pci_facts *p, int fn,
			    const struct predict_opts *o, uint16_t *missing)
{
	(void)p;
	(void)fn;
	(void)o;
	*missing = 0;
	return TRI_UNKNOWN;
}
