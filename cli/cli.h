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
/* `vfio-ready fleet REPORT.json|DIR...` (fleet.c). */
int cmd_fleet(int argc, char **argv);
/* `vfio-ready diff BEFORE AFTER` (diff.c). */
int cmd_diff(int argc, char **argv);

/*
 * Read the user's file NAME (relative to DIRFD, or AT_FDCWD; OFLAGS adds
 * to O_RDONLY, e.g. O_NOFOLLOW) into a new NUL-terminated buffer of at
 * most MAX bytes.  Only a regular file: a FIFO or a device could block or
 * never end.  Returns 0, -EFBIG, -EISDIR, -EINVAL (not a regular file) or
 * -errno (fleet.c), *OUT NULL and *LEN 0 on error.
 */
int cli_read_file(int dirfd, const char *name, int oflags, size_t max,
		  char **out, size_t *len);
/* Why cli_read_file() failed on a report (the cap is REPORT1_MAX_BYTES). */
const char *cli_report_read_error(int e);
/* `vfio-ready explain CODE | --list | --man` (explain.c). */
int cmd_explain(int argc, char **argv);

#endif
