/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An `lspci -xxxx` dump as users paste it into forums (--lspci-dump):
 * the text itself is the input. */
#include "fuzz-pci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];

	if (fuzz_tmpfile(data, size, ".txt", path))
		return 0;
	fuzz_pci_dump(path);
	unlink(path);
	return 0;
}
