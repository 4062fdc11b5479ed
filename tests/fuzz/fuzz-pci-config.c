/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Config space itself: the input is the raw bytes of up to eight
 * functions, 4096 bytes each (the last one may be short), written as a
 * well-formed dump at fixed addresses, so the fuzzer spends its effort on
 * the capability and extended-capability walks (ACS, PCIe, SR-IOV, PM,
 * AF), the bridge bus numbers that make the topology, and the grouping
 * rules that follow from them, rather than on the dump's text syntax.
 */
#include "fuzz-pci.h"

#define CFG_SIZE 4096
#define MAX_FUNCTIONS 8

/* root bus 00, a port at 00:01.0, a multifunction device and a switch
 * below it: the addresses the bridges' bus numbers may or may not match */
static const char *const addr[MAX_FUNCTIONS] = {
	"00:00.0", "00:01.0", "01:00.0", "01:00.1",
	"02:00.0", "03:00.0", "03:01.0", "04:00.0",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	char *text = NULL;
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);

	if (!f)
		return 0;
	for (size_t fn = 0; fn < MAX_FUNCTIONS && fn * CFG_SIZE < size; fn++) {
		const uint8_t *cfg = data + fn * CFG_SIZE;
		size_t n = size - fn * CFG_SIZE;

		if (n > CFG_SIZE)
			n = CFG_SIZE;
		fprintf(f, "%s Fuzzed function\n", addr[fn]);
		/* whole 16-byte lines, as lspci prints them */
		for (size_t off = 0; off + 16 <= n; off += 16) {
			fprintf(f, "%02zx:", off);
			for (size_t j = 0; j < 16; j++)
				fprintf(f, " %02x", cfg[off + j]);
			fputc('\n', f);
		}
		fputc('\n', f);
	}
	if (fclose(f) || !text) {
		free(text);
		return 0;
	}
	if (fuzz_tmpfile((const uint8_t *)text, tlen, ".txt", path) == 0) {
		fuzz_pci_dump(path);
		unlink(path);
	}
	free(text);
	return 0;
}
