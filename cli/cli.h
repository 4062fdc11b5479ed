/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_CLI_H
#define VFIO_READY_CLI_H

/* Exit codes (README, vfio-ready(8)). */
#define EXIT_READY      0   /* ready, or ready with warnings */
#define EXIT_NOT_READY  1   /* at least one finding fails */
#define EXIT_USAGE      2   /* bad usage, unusable input, internal error */

/* `vfio-ready capture OUT [--root SRC] [--force]` (capture.c). */
int cmd_capture(int argc, char **argv);

#endif
