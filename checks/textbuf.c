/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "textbuf.h"

#include <stdarg.h>
#include <stdio.h>

void textbuf_add(struct textbuf *tb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!tb->len || tb->used + 1 >= tb->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tb->buf + tb->used, tb->len - tb->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	tb->used += (size_t)n;
	if (tb->used >= tb->len)
		tb->used = tb->len - 1;
}
