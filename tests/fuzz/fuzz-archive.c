/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture-archive reader: a .tar.gz from a bug report is unpacked with
 * libarchive under the member rules of snapshot_open(), then audited like
 * any snapshot.  Whatever it accepts must stay inside its private
 * directory, and whatever it refuses must leave nothing behind.
 */
#include <sys/stat.h>

#include "../../probe/snapshot.h"
#include "fuzz-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct root *r = NULL;
	char path[64], err[256], *unpacked = NULL;
	struct host h;

	if (fuzz_tmpfile(data, size, ".tar.gz", path))
		return 0;
	if (snapshot_open(path, &r, &unpacked, err, sizeof(err)) == 0) {
		if (probe_host(r, path, NULL, &h) == 0) {
			fuzz_judge(&h);
			host_release(&h);
		}
		root_free(r);
		snapshot_cleanup(unpacked);
	} else if (unpacked) {
		abort();     /* a refusal hands back no directory */
	}
	unlink(path);
	return 0;
}
