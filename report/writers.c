/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The output formats --format can name: one line per writer. */
#include <stdio.h>
#include <string.h>

#include "report.h"

static const struct report_writer *const writers[] = {
	&report_text,
	&report_json,
	&report_prometheus,
	&report_markdown,
	&report_html,
};

const struct report_writer *report_writer_find(const char *name)
{
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (!strcmp(writers[i]->name, name))
			return writers[i];
	return NULL;
}

/* "text, json, ..." for usage and error messages. */
const char *report_writer_names(void)
{
	static char names[128];
	size_t off = 0;

	if (names[0])
		return names;
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]) &&
			   off < sizeof(names); i++)
		off += (size_t)snprintf(names + off, sizeof(names) - off, "%s%s",
					i ? ", " : "", writers[i]->name);
	return names;
}
