/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fact.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void fact_src_set(struct fact_src *s, const char *path, int err)
{
	snprintf(s->path, sizeof(s->path), "%s", path ? path : "");
	s->err = err;
}

bool fact_known(const struct fact_src *s)
{
	return s->path[0] && s->err == 0;
}

const char *tri_name(enum tri t)
{
	return t == TRI_YES ? "yes" : t == TRI_NO ? "no" : "unknown";
}

const char *fact_reason(const struct fact_src *s, bool live, bool as_root)
{
	if (!s->path[0])
		return "not read";
	switch (-s->err) {
	case 0:
		return s->truncated ? "read, but larger than its cap" : "read";
	case EACCES:
	case EPERM:
		return as_root ? "permission denied even as root"
			       : "needs root";
	case ENOENT:
		return live ? "not present on this machine"
			    : "not present in the snapshot";
	case ENOTDIR:
	case EISDIR:
	case EINVAL:
		return "not a regular file where one was expected";
	case ELOOP:
		return "too many symbolic links";
	case ENOMEM:
		return "out of memory";
	case EBADMSG:
		return "malformed";
	default:
		return "unreadable";
	}
}
