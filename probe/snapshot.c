/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "root.h"

int snapshot_meta_parse(const char *text, size_t len,
			struct snapshot_meta *m, char *err, size_t errlen)
{
	(void)text;
	(void)len;
	memset(m, 0, sizeof(*m));
	snprintf(err, errlen, "not implemented");
	return -EINVAL;
}

int snapshot_meta_read(const struct root *r, struct snapshot_meta *m,
		       char *err, size_t errlen)
{
	(void)r;
	memset(m, 0, sizeof(*m));
	snprintf(err, errlen, "absent");
	return -ENOENT;
}

int snapshot_open(const char *path, struct root **out, char **unpacked,
		  char *err, size_t errlen)
{
	int e;

	*unpacked = NULL;
	e = root_open(path, out);
	if (e)
		snprintf(err, errlen, "%s: %s", path, strerror(-e));
	return e;
}

void snapshot_cleanup(char *unpacked)
{
	free(unpacked);
}
