/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_TEXT_H
#define VFIO_READY_PROBE_TEXT_H

/* Character classes the text parsers of probe/ share, free of the locale
 * (the kernel's own isspace() and hex_to_bin() in lib/). */

#include <stdbool.h>

static inline bool text_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

/* The value of hex digit C, or -1. */
static inline int text_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
