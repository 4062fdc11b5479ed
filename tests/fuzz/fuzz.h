/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_TESTS_FUZZ_H
#define VFIO_READY_TESTS_FUZZ_H

/*
 * Shared by the fuzz targets (tests/fuzz/fuzz-*.c).  Each target defines
 * LLVMFuzzerTestOneInput(); it is linked either with libFuzzer (clang,
 * `make fuzz`) or with replay.c, which feeds it every file of a corpus
 * (`make test`), so a target that stops building or starts crashing on a
 * known input fails the ordinary test suite.
 *
 * A target must not leak, must not keep state between inputs, and must
 * exercise what a real run does with the decoded facts (accessors,
 * printers), not only the decoder: a bad length often bites only when the
 * result is used.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* DATA as a NUL-terminated string (what a root read hands a parser), or
 * NULL when out of memory. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* DATA in a new temporary file; its path goes to PATH (at least 64
 * bytes).  Returns 0 or -1.  The caller unlinks it. */
static inline int fuzz_tmpfile(const uint8_t *data, size_t size,
			       const char *suffix, char *path)
{
	const char *dir = getenv("TMPDIR");
	int fd, slen = (int)strlen(suffix);
	FILE *f;

	snprintf(path, 64, "%s/vfio-fuzz.XXXXXX%s",
		 dir && *dir && strlen(dir) < 32 ? dir : "/tmp", suffix);
	fd = mkstemps(path, slen);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(path);
		return -1;
	}
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		unlink(path);
		return -1;
	}
	if (fclose(f)) {
		unlink(path);
		return -1;
	}
	return 0;
}

#endif
