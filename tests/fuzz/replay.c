/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Corpus replay without a fuzzer: `replay-NAME FILE|DIR...` feeds every
 * file to the target's LLVMFuzzerTestOneInput() once, in name order, and
 * prints "replay-NAME: N inputs".  A crash or sanitizer report fails the
 * run.  Built with the ordinary compiler for `make test` (and with
 * ASan+UBSan under `make asan`).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* libFuzzer's default -max_len for a seeded run is the largest seed; the
 * targets see at most this much from the replay as well. */
#define REPLAY_MAX (1u << 20)

static unsigned long ninputs;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(REPLAY_MAX);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, REPLAY_MAX, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	ninputs++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	int rc = 0;
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		if (n == alloc) {
			char **v = realloc(names, (alloc = alloc ? 2 * alloc : 64) *
						   sizeof(*names));
			if (!v) {
				rc = -1;
				break;
			}
			names = v;
		}
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) {
			rc = -1;
			break;
		}
		names[n++] = path;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (!rc && !stat(names[i], &st) && S_ISREG(st.st_mode))
			rc = run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
				strerror(errno));
			return 2;
		}
		if ((S_ISDIR(st.st_mode) ? run_dir(argv[i]) :
					   run_file(argv[i])) < 0)
			return 2;
	}
	printf("%s: %lu inputs\n", name ? name + 1 : argv[0], ninputs);
	return 0;
}
