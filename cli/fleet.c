/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `vfio-ready fleet REPORT.json|DIR...`: many JSON reports (from
 * `vfio-ready --format json` on each host) merged into one summary.  The
 * merge is report/fleet.c; this file finds the files, reads each with a
 * size cap, and picks the output format and the exit code.
 *
 * A directory is walked for *.json files, at most FLEET_MAX_DEPTH levels
 * down, in name order (so the output does not depend on the file system's
 * order), without following symbolic links inside it and skipping hidden
 * entries (".git", an editor's ".x.json.swp").  One bad file never stops
 * the merge: it is listed as unreadable with its reason.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../report/fleet.h"

#define FLEET_MAX_DEPTH 8

int cli_read_file(int dirfd, const char *name, int oflags, size_t max,
		  char **out, size_t *len)
{
	struct stat st;
	size_t cap, n = 0;
	char *buf;
	int fd, e = 0;

	*out = NULL;
	*len = 0;
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
		    oflags);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		e = -errno;
		close(fd);
		return e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	/* one more byte than the size: a file growing meanwhile shows */
	cap = (size_t)st.st_size + 1;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *p;

			if (cap > max) {
				e = -EFBIG;
				break;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			p = realloc(buf, cap + 1);
			if (!p) {
				e = -ENOMEM;
				break;
			}
			buf = p;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = -errno;
			break;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (!e && n > max)
		e = -EFBIG;
	if (e) {
		free(buf);
		return e;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

const char *cli_report_read_error(int e)
{
	switch (e) {
	case -EFBIG:
		return "larger than the 64 MiB a report may have";
	case -EINVAL:
		return "not a regular file";
	default:
		return strerror(-e);
	}
}

/* Read one report and fold it in; only running out of memory stops. */
static int add_file(struct fleet *f, int dirfd, const char *name,
		    const char *path, int oflags)
{
	size_t len;
	char *buf;
	int e;

	e = cli_read_file(dirfd, name, oflags, REPORT1_MAX_BYTES, &buf, &len);
	if (e == -ENOMEM)
		return e;
	if (e)
		return fleet_add_unreadable(f, path, cli_report_read_error(e));
	e = fleet_add(f, path, buf, len);
	free(buf);
	return e == -EINVAL ? 0 : e;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_report_name(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".json");
}

/* The entries of directory FD (taken over and closed), sorted, or NULL
 * with *N = 0 when it is empty; -ENOMEM and -errno. */
static int dir_names(int fd, char ***out, size_t *n)
{
	DIR *d = fdopendir(fd);
	size_t alloc = 0;
	struct dirent *de;
	int e = 0;

	*out = NULL;
	*n = 0;
	if (!d) {
		e = -errno;
		close(fd);
		return e;
	}
	while (!e && (errno = 0, de = readdir(d))) {
		char **p;

		if (de->d_name[0] == '.')
			continue;
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			p = realloc(*out, alloc * sizeof(*p));
			if (!p) {
				e = -ENOMEM;
				break;
			}
			*out = p;
		}
		(*out)[*n] = strdup(de->d_name);
		if (!(*out)[*n])
			e = -ENOMEM;
		else
			(*n)++;
	}
	if (!e && errno)
		e = -errno;
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), name_cmp);
	return e;
}

static int walk_dir(struct fleet *f, int fd, const char *path, int depth);

/* One entry NAME of directory DFD (PATH): a report, a directory to walk,
 * or something to pass by (a symbolic link, a device, another file). */
static int walk_entry(struct fleet *f, int dfd, const char *path,
		      const char *name, int depth)
{
	char child[4096];
	struct stat st;
	int cfd;

	if ((size_t)snprintf(child, sizeof(child), "%s/%s", path, name) >=
	    sizeof(child))
		return fleet_add_unreadable(f, name, "path too long");
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return 0;               /* gone since the listing */
	if (S_ISREG(st.st_mode) && is_report_name(name))
		return add_file(f, dfd, name, child, O_NOFOLLOW);
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (depth >= FLEET_MAX_DEPTH) {
		char why[80];

		snprintf(why, sizeof(why), "more than %d directories deep: not "
			 "searched", FLEET_MAX_DEPTH);
		return fleet_add_unreadable(f, child, why);
	}
	cfd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		     O_CLOEXEC);
	if (cfd < 0)
		return fleet_add_unreadable(f, child, strerror(errno));
	return walk_dir(f, cfd, child, depth + 1);
}

/* Directory FD (taken over and closed) at PATH, DEPTH levels down. */
static int walk_dir(struct fleet *f, int fd, const char *path, int depth)
{
	char **names;
	size_t n;
	int dfd, e;

	/* readdir() owns FD; the entries are opened relative to a copy */
	dfd = dup(fd);
	if (dfd < 0) {
		e = -errno;
		close(fd);
		return fleet_add_unreadable(f, path, strerror(-e));
	}
	e = dir_names(fd, &names, &n);
	if (e && e != -ENOMEM)
		e = fleet_add_unreadable(f, path, strerror(-e));
	for (size_t i = 0; i < n; i++) {
		if (!e)
			e = walk_entry(f, dfd, path, names[i], depth);
		free(names[i]);
	}
	free(names);
	close(dfd);
	return e;
}

/* One command-line argument: a directory to walk or a file to read (any
 * name: the user chose it). */
static int add_arg(struct fleet *f, const char *arg)
{
	int fd = open(arg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t n = strlen(arg);

	if (fd >= 0) {
		char path[4096];

		/* "reports/" names its files "reports/x.json" */
		while (n > 1 && arg[n - 1] == '/')
			n--;
		snprintf(path, sizeof(path), "%.*s", (int)n, arg);
		return walk_dir(f, fd, path, 1);
	}
	if (errno != ENOTDIR)
		return fleet_add_unreadable(f, arg, strerror(errno));
	return add_file(f, AT_FDCWD, arg, arg, 0);
}

static void fleet_usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready fleet [--format text|json|csv|html] [-o FILE]\n"
"                        REPORT.json|DIR...\n"
"Merges JSON reports (vfio-ready --format json, one per host; a directory\n"
"is searched for *.json) into one summary: hosts by verdict, the most\n"
"common blockers, which hosts can pass through GPUs, NICs, NVMe and USB\n"
"controllers.  A file that is not a report is listed as unreadable.\n"
"Exit: 0 no host is not_ready, 1 at least one is, 2 usage error, no\n"
"readable report, or the output could not be written.\n");
}

static const struct {
	const char *name;
	int (*write)(FILE *out, const struct fleet *f);
} fleet_formats[] = {
	{ "text", fleet_write_text },
	{ "json", fleet_write_json },
	{ "csv", fleet_write_csv },
	{ "html", fleet_write_html },
};

int cmd_fleet(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int (*write)(FILE *, const struct fleet *) = NULL;
	const char *format = "text", *outpath = NULL;
	struct fleet f;
	FILE *out = stdout;
	int c, e = 0, rc;

	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'h':
			fleet_usage(stdout);
			return EXIT_READY;
		default:
			fleet_usage(stderr);
			return EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < sizeof(fleet_formats) / sizeof(*fleet_formats);
	     i++)
		if (!strcmp(format, fleet_formats[i].name))
			write = fleet_formats[i].write;
	if (!write) {
		fprintf(stderr, "vfio-ready fleet: --format takes text, json, "
				"csv or html\n");
		return EXIT_USAGE;
	}
	if (optind == argc) {
		fprintf(stderr, "vfio-ready fleet: give report files or "
				"directories\n");
		fleet_usage(stderr);
		return EXIT_USAGE;
	}

	fleet_init(&f);
	for (int i = optind; i < argc && !e; i++)
		e = add_arg(&f, argv[i]);
	if (e) {
		fprintf(stderr, "vfio-ready fleet: out of memory\n");
		fleet_release(&f);
		return EXIT_USAGE;
	}
	fleet_finish(&f);
	if (!f.nhosts) {
		fprintf(stderr, "vfio-ready fleet: no readable report among "
			"%lu file%s\n", f.files, f.files == 1 ? "" : "s");
		for (size_t i = 0; i < f.nbad && i < 20; i++) {
			fputs("  ", stderr);
			fleet_fputs_plain(f.bad[i].file, stderr);
			fputs(": ", stderr);
			fleet_fputs_plain(f.bad[i].reason, stderr);
			fputc('\n', stderr);
		}
		fleet_release(&f);
		return EXIT_USAGE;
	}
	if (f.nbad)
		fprintf(stderr, "vfio-ready fleet: %zu of %lu files unreadable "
			"(listed in the summary)\n", f.nbad, f.files);
	if (outpath && !(out = fopen(outpath, "w"))) {
		fprintf(stderr, "vfio-ready fleet: cannot write %s: %s\n",
			outpath, strerror(errno));
		fleet_release(&f);
		return EXIT_USAGE;
	}
	rc = f.by_status[STATUS_NOT_READY] ? EXIT_NOT_READY : EXIT_READY;
	if (write(out, &f) < 0 || (out != stdout && fclose(out) != 0) ||
	    (out == stdout && fflush(stdout) != 0)) {
		fprintf(stderr, "vfio-ready fleet: writing the summary "
				"failed\n");
		rc = EXIT_USAGE;
	}
	fleet_release(&f);
	return rc;
}
