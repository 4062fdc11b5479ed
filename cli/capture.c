/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli.h"

#include <stdio.h>

int cmd_capture(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "vfio-ready: capture is not built yet\n");
	return EXIT_USAGE;
}
