/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening the machine (live or a snapshot) and probing it, shared by every
 * command. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cli_host_open(const char *rootpath, const struct probe_opts *po,
		  struct cli_host *ch)
{
	char err[512];
	int e;

	memset(ch, 0, sizeof(*ch));
	if (rootpath)
		e = snapshot_open(rootpath, &ch->root, &ch->unpacked, err,
				  sizeof(err));
	else
		e = root_open("/", &ch->root);
	if (e) {
		if (rootpath)
			fprintf(stderr, "vfio-ready: cannot open %s\n", err);
		else
			fprintf(stderr, "vfio-ready: cannot open /: %s\n",
				strerror(-e));
		return e;
	}
	e = probe_host(ch->root, rootpath ? rootpath : "live", po, &ch->h);
	if (e) {
		struct snapshot_meta m;

		/* the manifest's own message says what is wrong with it */
		if (snapshot_meta_read(ch->root, &m, err, sizeof(err)) == 0)
			snprintf(err, sizeof(err), "%s", strerror(-e));
		fprintf(stderr, "vfio-ready: %s is not a usable snapshot: %s\n",
			rootpath ? rootpath : "/", err);
		cli_host_close(ch);
		return e;
	}
	ch->probed = true;
	/* a dump the user named is their input: one that cannot be read is
	 * unusable, not an unknown fact of the machine */
	if (po && po->lspci_dump && !fact_known(&ch->h.pci.src)) {
		fprintf(stderr, "vfio-ready: cannot use the lspci dump %s\n",
			ch->h.pci.error[0] ? ch->h.pci.error : po->lspci_dump);
		cli_host_close(ch);
		return -EINVAL;
	}
	return 0;
}

void cli_host_close(struct cli_host *ch)
{
	if (ch->probed)
		host_release(&ch->h);
	root_free(ch->root);
	snapshot_cleanup(ch->unpacked);
	memset(ch, 0, sizeof(*ch));
}

int cli_parse_profile(const char *s, enum profile *out)
{
	if (!strcmp(s, "isolation"))
		*out = PROFILE_ISOLATION;
	else if (!strcmp(s, "p2p"))
		*out = PROFILE_P2P;
	else
		return -EINVAL;
	return 0;
}
