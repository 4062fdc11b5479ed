/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_CHECKS_TEXTBUF_H
#define VFIO_READY_CHECKS_TEXTBUF_H

/*
 * Appending to a caller's fixed buffer, for the texts checks compose
 * (details, remedies): never past LEN-1 bytes, always NUL-terminated, and
 * silently cut when full (the caller sized it for the worst case it cares
 * about).
 */

#include <stddef.h>

struct textbuf {
	char *buf;
	size_t len;      /* size of buf */
	size_t used;     /* bytes written, < len */
};

__attribute__((format(printf, 2, 3)))
void textbuf_add(struct textbuf *tb, const char *fmt, ...);

#endif
