/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SNAPSHOT manifest of a captured tree: key=value lines. */
#include "../../probe/snapshot.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot_meta m;
	char err[256];
	char *text = fuzz_text(data, size);

	if (!text)
		return 0;
	memset(&m, 0, sizeof(m));
	if (snapshot_meta_parse(text, size, &m, err, sizeof(err)) == 0 &&
	    (strlen(m.tool_version) >= sizeof(m.tool_version) ||
	     strlen(m.kernel_release) >= sizeof(m.kernel_release)))
		abort();
	free(text);
	return 0;
}
