/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SNAPSHOT manifest parser and the capture-archive unpacker.  Hostile
 * archives are built here with libarchive's writer; each must be refused
 * (or neutralised) with nothing left in TMPDIR and nothing written outside.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../../probe/probe.h"

/* ---- the manifest ------------------------------------------------------- */

/* Parse exactly LEN bytes from a heap copy without a terminator, so a
 * sanitizer sees any read past the end. */
static int parse(const char *text, size_t len, struct snapshot_meta *m,
		 char *err, size_t errlen)
{
	char *copy = malloc(len ? len : 1);
	int e;

	assert_non_null(copy);
	memcpy(copy, text, len);
	e = snapshot_meta_parse(copy, len, m, err, errlen);
	free(copy);
	return e;
}

static int parse_str(const char *text, struct snapshot_meta *m, char *err,
		     size_t errlen)
{
	return parse(text, strlen(text), m, err, errlen);
}

static void test_meta_good(void **state)
{
	struct snapshot_meta m;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse_str("format=1\ntool=vfio-ready\n"
				   "tool_version=0.1.0\n"
				   "kernel_release=6.1.0-18-amd64\n"
				   "as_root=yes\n", &m, err, sizeof(err)), 0);
	assert_true(m.present);
	assert_int_equal(m.format, 1);
	assert_string_equal(m.tool_version, "0.1.0");
	assert_string_equal(m.kernel_release, "6.1.0-18-amd64");
	assert_true(m.as_root_known);
	assert_true(m.as_root);

	/* CRLF, comments, blank lines, unknown keys, no final newline. */
	assert_int_equal(parse_str("# made by hand\r\n\r\nformat=1\r\n"
				   "future_key=whatever=x\r\nas_root=no",
				   &m, err, sizeof(err)), 0);
	assert_true(m.present);
	assert_true(m.as_root_known);
	assert_false(m.as_root);
	assert_string_equal(m.kernel_release, "");

	/* No as_root line: not known. */
	assert_int_equal(parse_str("format=1\n", &m, err, sizeof(err)), 0);
	assert_false(m.as_root_known);
}

static void test_meta_missing_format(void **state)
{
	struct snapshot_meta m;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse_str("tool=vfio-ready\nas_root=yes\n", &m, err,
				   sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "format"));
	assert_false(m.present);
	assert_false(m.as_root_known);
	assert_int_equal(parse("", 0, &m, err, sizeof(err)), -EINVAL);
}

static void test_meta_newer_format(void **state)
{
	struct snapshot_meta m;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse_str("format=2\n", &m, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "snapshot format 2 is newer than this "
			    "vfio-ready understands (1)");
	assert_false(m.present);
}

static void test_meta_garbage(void **state)
{
	static const char *const bad[] = {
		"hello world\n",
		"format=1\njunk line\n",
		"format=abc\n",
		"format=-1\n",
		"format=0\n",
		"format=\n",
		"format= 1\n",
		"format=1x\n",
		"format=99999999999999999999999\n",
		"format=1\nas_root=maybe\n",
		"format=1\nas_root=\n",
		"\xff\xfe\x00\x01",
	};
	struct snapshot_meta m;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		assert_int_equal(parse_str(bad[i], &m, err, sizeof(err)),
				 -EINVAL);
		assert_true(err[0] != 0);
		assert_false(m.present);
	}
	/* A tiny error buffer still gets a terminated message. */
	assert_int_equal(parse_str("format=2\n", &m, err, 8), -EINVAL);
	assert_int_equal(strlen(err), 7);
}

static void test_meta_huge_lines(void **state)
{
	const size_t n = 1024 * 1024;
	char *text = malloc(n + 64), err[256];
	struct snapshot_meta m;
	int len;

	(void)state;
	assert_non_null(text);
	/* A huge unknown key is ignored. */
	len = snprintf(text, 64, "format=1\nx=");
	memset(text + len, 'a', n);
	assert_int_equal(parse(text, (size_t)len + n, &m, err, sizeof(err)),
			 0);
	/* A huge known value is refused, not cut. */
	len = snprintf(text, 64, "format=1\nkernel_release=");
	memset(text + len, 'b', n);
	assert_int_equal(parse(text, (size_t)len + n, &m, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "kernel_release"));
	assert_string_equal(m.kernel_release, "");
	/* The longest value that fits is kept whole. */
	len = snprintf(text, 64, "format=1\ntool_version=");
	memset(text + len, 'c', sizeof(m.tool_version) - 1);
	assert_int_equal(parse(text, (size_t)len + sizeof(m.tool_version) - 1,
			       &m, err, sizeof(err)), 0);
	assert_int_equal(strlen(m.tool_version), sizeof(m.tool_version) - 1);
	/* A huge line without '=' is garbage. */
	memset(text, 'd', n);
	assert_int_equal(parse(text, n, &m, err, sizeof(err)), -EINVAL);
	free(text);
}

static void test_meta_nul_bytes(void **state)
{
	static const char with_nul[] = "format=1\nkernel_release=6.1\0evil\n";
	static const char nul_key[] = "form\0at=1\n";
	struct snapshot_meta m;
	char err[256];

	(void)state;
	assert_int_equal(parse(with_nul, sizeof(with_nul) - 1, &m, err,
			       sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "NUL"));
	assert_false(m.present);
	assert_int_equal(parse(nul_key, sizeof(nul_key) - 1, &m, err,
			       sizeof(err)), -EINVAL);
}

/* ---- trees and archives ------------------------------------------------- */

struct arena {
	char base[64];      /* everything the test makes lives here */
	char tmp[96];       /* TMPDIR for snapshot_open */
	char outside[96];   /* where hostile members aim */
	char tgz[128];
};

static int rm_one(const char *path, const struct stat *st, int type,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup(void **state)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (!a)
		return -1;
	snprintf(a->base, sizeof(a->base), "/tmp/vfio-ready-test-snap.XXXXXX");
	if (!mkdtemp(a->base))
		return -1;
	snprintf(a->tmp, sizeof(a->tmp), "%s/tmp", a->base);
	snprintf(a->outside, sizeof(a->outside), "%s/outside", a->base);
	snprintf(a->tgz, sizeof(a->tgz), "%s/snap.tar.gz", a->base);
	if (mkdir(a->tmp, 0700) || mkdir(a->outside, 0700) ||
	    setenv("TMPDIR", a->tmp, 1))
		return -1;
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	struct arena *a = *state;

	nftw(a->base, rm_one, 16, FTW_PHYS | FTW_DEPTH);
	unsetenv("TMPDIR");
	free(a);
	return 0;
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

struct member {
	const char *name;
	mode_t type;           /* AE_IF* */
	const char *data;      /* file content or symlink / hardlink target */
	mode_t perm;           /* 0: 0644 (0755 for dirs) */
};

/* Not a file type: a regular member that is a hard link to data. */
#define MEMBER_HARDLINK 1

static void write_tgz(const char *path, const struct member *m, size_t n)
{
	struct archive *ar = archive_write_new();

	assert_non_null(ar);
	assert_int_equal(archive_write_add_filter_gzip(ar), ARCHIVE_OK);
	assert_int_equal(archive_write_set_format_pax_restricted(ar),
			 ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(ar, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t len = 0;

		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_filetype(e, m[i].type == MEMBER_HARDLINK ?
					   AE_IFREG : m[i].type);
		archive_entry_set_perm(e, m[i].perm ? m[i].perm :
				       m[i].type == AE_IFDIR ? 0755 : 0644);
		if (m[i].type == AE_IFLNK && m[i].data)
			archive_entry_set_symlink(e, m[i].data);
		else if (m[i].type == MEMBER_HARDLINK)
			archive_entry_set_hardlink(e, m[i].data);
		else if (m[i].type == AE_IFREG && m[i].data)
			len = strlen(m[i].data);
		if (m[i].type == AE_IFCHR)
			archive_entry_set_rdev(e, makedev(1, 3));
		archive_entry_set_size(e, (la_int64_t)len);
		assert_int_equal(archive_write_header(ar, e), ARCHIVE_OK);
		if (len)
			assert_int_equal(archive_write_data(ar, m[i].data, len),
					 (la_ssize_t)len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(ar), ARCHIVE_OK);
	archive_write_free(ar);
}

static void read_is(const struct root *r, const char *path, const char *want)
{
	struct blob b;

	assert_int_equal(root_read(r, path, CAP_ATTR, &b), 0);
	assert_string_equal(b.data, want);
	blob_release(&b);
}

static const struct member good[] = {
	{ "SNAPSHOT", AE_IFREG, "format=1\ntool=vfio-ready\n"
	  "kernel_release=6.1.0\nas_root=yes\n", 0 },
	{ "proc", AE_IFDIR, NULL, 0 },
	{ "proc/cmdline", AE_IFREG, "BOOT_IMAGE=/vmlinuz intel_iommu=on\n", 0 },
	{ "./sys/kernel/iommu_groups/1/type", AE_IFREG, "DMA\n", 0 },
	{ "sys/bus", AE_IFDIR, NULL, 0 },
	{ "sys/bus/g1", AE_IFLNK, "../kernel/iommu_groups/1", 0 },
	{ "etc/passwd-link", AE_IFLNK, "/etc/passwd", 0 },
	{ "usr/sbin/tool", AE_IFREG, "#!/bin/sh\n", 06755 },
	{ "locked", AE_IFDIR, NULL, 0 },
	{ "locked/secret", AE_IFREG, "x", 0 },
	{ "locked2", AE_IFDIR, NULL, 0000 },
};

static void test_tgz_round_trip(void **state)
{
	struct arena *a = *state;
	struct snapshot_meta m;
	struct root *r;
	struct stat st;
	char *unpacked, err[512], path[PATH_MAX];
	struct blob b;

	write_tgz(a->tgz, good, sizeof(good) / sizeof(good[0]));
	assert_int_equal(snapshot_open(a->tgz, &r, &unpacked, err,
				       sizeof(err)), 0);
	assert_non_null(unpacked);
	assert_int_equal(strncmp(unpacked, a->tmp, strlen(a->tmp)), 0);
	assert_non_null(strstr(unpacked, "/vfio-ready-snap."));
	assert_int_equal(lstat(unpacked, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_false(root_is_live(r));

	read_is(r, "proc/cmdline", "BOOT_IMAGE=/vmlinuz intel_iommu=on\n");
	read_is(r, "sys/bus/g1/type", "DMA\n");
	/* An absolute link stays in the snapshot. */
	assert_int_equal(root_read(r, "etc/passwd-link", CAP_ATTR, &b),
			 -ENOENT);
	assert_int_equal(snapshot_meta_read(r, &m, err, sizeof(err)), 0);
	assert_true(m.present);
	assert_string_equal(m.kernel_release, "6.1.0");
	assert_true(m.as_root);

	/* Plain permission bits only. */
	snprintf(path, sizeof(path), "%s/usr/sbin/tool", unpacked);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07000, 0);
	snprintf(path, sizeof(path), "%s/locked2", unpacked);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0700, 0700);

	root_free(r);
	snapshot_cleanup(unpacked);
	assert_int_equal(count_entries(a->tmp), 0);
}

static void test_tgz_nested_directory(void **state)
{
	static const struct member nested[] = {
		{ "snap-host1", AE_IFDIR, NULL, 0 },
		{ "snap-host1/SNAPSHOT", AE_IFREG, "format=1\n", 0 },
		{ "snap-host1/proc/cmdline", AE_IFREG, "quiet\n", 0 },
	};
	struct arena *a = *state;
	struct snapshot_meta m;
	struct root *r;
	char *unpacked, err[512];

	write_tgz(a->tgz, nested, 3);
	assert_int_equal(snapshot_open(a->tgz, &r, &unpacked, err,
				       sizeof(err)), 0);
	read_is(r, "proc/cmdline", "quiet\n");
	assert_int_equal(snapshot_meta_read(r, &m, err, sizeof(err)), 0);
	root_free(r);
	snapshot_cleanup(unpacked);
	assert_int_equal(count_entries(a->tmp), 0);
}

/* Open a hostile archive: refused, nothing left behind, nothing outside. */
static void assert_refused(struct arena *a, const struct member *m, size_t n,
			   const char *why)
{
	struct root *r = (struct root *)1;
	char *unpacked = (char *)1, err[512] = "";

	write_tgz(a->tgz, m, n);
	if (snapshot_open(a->tgz, &r, &unpacked, err, sizeof(err)) == 0)
		fail_msg("an archive with \"%s\" was accepted", m[n - 1].name);
	assert_null(r);
	assert_null(unpacked);
	if (!strstr(err, why))
		fail_msg("error \"%s\" does not mention \"%s\"", err, why);
	assert_int_equal(count_entries(a->tmp), 0);
	assert_int_equal(count_entries(a->outside), 0);
	assert_int_equal(access("/evil-vfio-ready-test", F_OK), -1);
}

static void test_tgz_dotdot(void **state)
{
	const struct member m[] = {
		{ "SNAPSHOT", AE_IFREG, "format=1\n", 0 },
		{ "../evil", AE_IFREG, "pwned\n", 0 },
	};
	const struct member m2[] = {
		{ "proc/../../outside/evil", AE_IFREG, "pwned\n", 0 },
	};

	assert_refused(*state, m, 2, "..");
	assert_refused(*state, m2, 1, "..");
}

static void test_tgz_absolute(void **state)
{
	struct arena *a = *state;
	char name[PATH_MAX];
	const struct member m[] = {
		{ "SNAPSHOT", AE_IFREG, "format=1\n", 0 },
		{ name, AE_IFREG, "pwned\n", 0 },
	};
	const struct member m2[] = {
		{ "/evil-vfio-ready-test", AE_IFREG, "pwned\n", 0 },
	};

	snprintf(name, sizeof(name), "%s/evil", a->outside);
	assert_refused(a, m, 2, "absolute");
	assert_refused(a, m2, 1, "absolute");
}

static void test_tgz_write_through_symlink(void **state)
{
	struct arena *a = *state;
	char link_up[PATH_MAX];
	const struct member abs[] = {
		{ "SNAPSHOT", AE_IFREG, "format=1\n", 0 },
		{ "sys", AE_IFLNK, a->outside, 0 },
		{ "sys/evil", AE_IFREG, "pwned\n", 0 },
	};
	const struct member rel[] = {
		{ "sys", AE_IFLNK, link_up, 0 },
		{ "sys/evil", AE_IFREG, "pwned\n", 0 },
	};
	/* A link then a file of the same name: never replaced. */
	const struct member replace[] = {
		{ "proc", AE_IFLNK, a->outside, 0 },
		{ "proc", AE_IFDIR, NULL, 0 },
		{ "proc/evil", AE_IFREG, "pwned\n", 0 },
	};

	/* From TMPDIR/vfio-ready-snap.X: ../../outside */
	snprintf(link_up, sizeof(link_up), "../../outside");
	assert_refused(a, abs, 3, "sys/evil");
	assert_refused(a, rel, 2, "sys/evil");
	assert_refused(a, replace, 3, "appears twice");
}

static void test_tgz_special_members(void **state)
{
	const struct member chr[] = {
		{ "SNAPSHOT", AE_IFREG, "format=1\n", 0 },
		{ "dev/null", AE_IFCHR, NULL, 0 },
	};
	const struct member blk[] = { { "dev/sda", AE_IFBLK, NULL, 0 } };
	const struct member fifo[] = { { "proc/cmdline", AE_IFIFO, NULL, 0 } };
	const struct member hard[] = {
		{ "SNAPSHOT", AE_IFREG, "format=1\n", 0 },
		{ "proc/cmdline", MEMBER_HARDLINK, "SNAPSHOT", 0 },
	};

	assert_refused(*state, chr, 2, "character device");
	assert_refused(*state, blk, 1, "block device");
	assert_refused(*state, fifo, 1, "FIFO");
	assert_refused(*state, hard, 2, "hard link");
}

static void test_tgz_oversized_member(void **state)
{
	struct arena *a = *state;
	struct archive *ar = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	struct root *r;
	char *unpacked, err[512];
	static char zeros[1 << 20];

	/* 65 MiB of zeros: compresses to little. */
	archive_write_add_filter_gzip(ar);
	archive_write_set_format_pax_restricted(ar);
	assert_int_equal(archive_write_open_filename(ar, a->tgz), ARCHIVE_OK);
	archive_entry_set_pathname(e, "sys/huge");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, 65ll << 20);
	assert_int_equal(archive_write_header(ar, e), ARCHIVE_OK);
	for (int i = 0; i < 65; i++)
		assert_int_equal(archive_write_data(ar, zeros, sizeof(zeros)),
				 (la_ssize_t)sizeof(zeros));
	archive_entry_free(e);
	archive_write_close(ar);
	archive_write_free(ar);
	assert_true(snapshot_open(a->tgz, &r, &unpacked, err,
				  sizeof(err)) < 0);
	assert_non_null(strstr(err, "64 MiB"));
	assert_int_equal(count_entries(a->tmp), 0);
}

static void test_open_not_an_archive(void **state)
{
	struct arena *a = *state;
	struct root *r;
	char *unpacked, err[512], path[PATH_MAX];
	FILE *f;

	f = fopen(a->tgz, "w");
	assert_non_null(f);
	fputs("this is not gzip\n", f);
	fclose(f);
	assert_true(snapshot_open(a->tgz, &r, &unpacked, err,
				  sizeof(err)) < 0);
	assert_true(err[0] != 0);
	assert_int_equal(count_entries(a->tmp), 0);

	snprintf(path, sizeof(path), "%s/notes.txt", a->base);
	rename(a->tgz, path);
	assert_int_equal(snapshot_open(path, &r, &unpacked, err, sizeof(err)),
			 -EINVAL);
	snprintf(path, sizeof(path), "%s/missing", a->base);
	assert_int_equal(snapshot_open(path, &r, &unpacked, err, sizeof(err)),
			 -ENOENT);
	assert_non_null(strstr(err, "missing"));
}

/* An archive cut short (a partial download) fails and leaves nothing. */
static void test_tgz_truncated(void **state)
{
	struct arena *a = *state;
	struct member big[] = {
		{ "SNAPSHOT", AE_IFREG, "format=1\n", 0 },
		{ "proc/cpuinfo", AE_IFREG, NULL, 0 },
	};
	char *text = malloc(256 * 1024), *unpacked, err[512];
	struct root *r;
	struct stat st;

	assert_non_null(text);
	/* Text that does not compress away, so the cut lands in it. */
	for (size_t i = 0; i < 256 * 1024 - 1; i++)
		text[i] = (char)('a' + (i * 7919 % 26));
	text[256 * 1024 - 1] = 0;
	big[1].data = text;
	write_tgz(a->tgz, big, 2);
	free(text);
	assert_int_equal(stat(a->tgz, &st), 0);
	assert_int_equal(truncate(a->tgz, st.st_size / 2), 0);
	assert_true(snapshot_open(a->tgz, &r, &unpacked, err,
				  sizeof(err)) < 0);
	assert_null(unpacked);
	assert_true(err[0] != 0);
	assert_int_equal(count_entries(a->tmp), 0);
}

/* A directory is opened in place, with or without SNAPSHOT. */
static void test_open_directory(void **state)
{
	struct arena *a = *state;
	struct snapshot_meta m;
	struct root *r;
	char *unpacked, err[512];

	assert_int_equal(snapshot_open(a->outside, &r, &unpacked, err,
				       sizeof(err)), 0);
	assert_null(unpacked);
	assert_int_equal(snapshot_meta_read(r, &m, err, sizeof(err)), -ENOENT);
	assert_false(m.present);
	root_free(r);
	snapshot_cleanup(unpacked);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meta_good),
		cmocka_unit_test(test_meta_missing_format),
		cmocka_unit_test(test_meta_newer_format),
		cmocka_unit_test(test_meta_garbage),
		cmocka_unit_test(test_meta_huge_lines),
		cmocka_unit_test(test_meta_nul_bytes),
		T(test_tgz_round_trip),
		T(test_tgz_nested_directory),
		T(test_tgz_dotdot),
		T(test_tgz_absolute),
		T(test_tgz_write_through_symlink),
		T(test_tgz_special_members),
		T(test_tgz_oversized_member),
		T(test_tgz_truncated),
		T(test_open_not_an_archive),
		T(test_open_directory),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
