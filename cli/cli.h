/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_CLI_H
#define VFIO_READY_CLI_H

#include <stdbool.h>

#include "../probe/probe.h"

/* Exit codes (README, vfio-ready(8)). */
#define EXIT_READY      0   /* ready, or ready with warnings */
#define EXIT_NOT_READY  1   /* at least one finding fails */
#define EXIT_USAGE      2   /* bad usage, unusable input, internal error */

/* A probed machine and what must be released with it (host.c). */
struct cli_host {
	struct root *root;
	char *unpacked;       /* a .tar.gz snapshot's private tree */
	struct host h;
	bool probed;
};

/* Open ROOTPATH (NULL: the live machine) and probe it.  Prints why on
 * failure and returns -errno. */
int cli_host_open(const char *rootpath, const struct probe_opts *po,
		  struct cli_host *ch);
void cli_host_close(struct cli_host *ch);
int cli_parse_profile(const char *s, enum profile *out);

/* `vfio-ready capture OUT [--root SRC] [--force]` (capture.c). */
int cmd_capture(int argc, char **argv);
/* `vfio-ready groups`, `hostdev BDF`, `domain VM.xml` (pcicmds.c).  ARGV[0]
 * is the command name. */
int cmd_groups(int argc, char **argv);
int cmd_hostdev(int argc, char **argv);
int cmd_domain(int argc, char **argv);

#endif
