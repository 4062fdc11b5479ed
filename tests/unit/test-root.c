/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The root handle keeps every read inside its root: symlinks (relative or
 * absolute) and ".." resolve within it, loops end, FIFOs and devices do not
 * hang or get opened, caps hold, and the recorder sees physical paths.
 * Every test builds its own tree under a mkdtemp directory in /tmp.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../../probe/root.h"

struct tree {
	char dir[64];
	struct root *r;
};

static void put(const struct tree *t, const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	for (char *s = strchr(path + strlen(t->dir) + 1, '/'); s;
	     s = strchr(s + 1, '/')) {
		*s = 0;
		mkdir(path, 0755);
		*s = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void put_dir(const struct tree *t, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void put_link(const struct tree *t, const char *rel, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	assert_int_equal(symlink(target, path), 0);
}

static int rm_one(const char *path, const struct stat *st, int type,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/vfio-ready-test-root.XXXXXX");
	if (!mkdtemp(t->dir) || root_open(t->dir, &t->r)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;

	root_free(t->r);
	nftw(t->dir, rm_one, 16, FTW_PHYS | FTW_DEPTH);
	free(t);
	return 0;
}

static void assert_reads(const struct tree *t, const char *path,
			 const char *want)
{
	struct blob b;

	assert_int_equal(root_read(t->r, path, CAP_ATTR, &b), 0);
	assert_string_equal(b.data, want);
	assert_false(b.truncated);
	blob_release(&b);
}

static void assert_read_fails(const struct tree *t, const char *path, int err)
{
	struct blob b;

	assert_int_equal(root_read(t->r, path, CAP_ATTR, &b), err);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void test_open_is_not_live(void **state)
{
	struct tree *t = *state;
	char *real = realpath(t->dir, NULL);

	assert_false(root_is_live(t->r));
	assert_string_equal(root_dir(t->r), real);
	free(real);
}

static void test_relative_links(void **state)
{
	struct tree *t = *state;

	put(t, "sys/a/file", "hello\n");
	put_link(t, "link", "sys/a");
	put_link(t, "sys/b", "../sys/./a/");
	assert_reads(t, "link/file", "hello\n");
	assert_reads(t, "sys/b/file", "hello\n");
	assert_reads(t, "sys//b/../a/file", "hello\n");
	assert_read_fails(t, "sys/a/file/x", -ENOTDIR);
	assert_read_fails(t, "sys/a/missing", -ENOENT);
}

/* "/etc/x" inside a snapshot means SNAP/etc/x, never the host's. */
static void test_absolute_link_stays_inside(void **state)
{
	struct tree *t = *state;

	put(t, "etc/hostname", "snapshot-host\n");
	put_link(t, "a", "/etc/hostname");
	put_link(t, "b", "/etc/passwd");     /* on the host, not in SNAP */
	put_link(t, "c", "/");
	assert_reads(t, "a", "snapshot-host\n");
	assert_read_fails(t, "b", -ENOENT);
	assert_reads(t, "c/etc/hostname", "snapshot-host\n");
	assert_reads(t, "c/../../etc/hostname", "snapshot-host\n");
}

static void test_dotdot_stays_inside(void **state)
{
	struct tree *t = *state;

	put(t, "sys/x/y", "deep\n");
	put_link(t, "sys/x/up", "../../../../../../etc/passwd");
	put_link(t, "sys/x/up2", "../../../../../../etc/shadow");
	assert_read_fails(t, "sys/x/up", -ENOENT);
	assert_read_fails(t, "../../../../etc/passwd", -ENOENT);
	assert_read_fails(t, "/../etc/passwd", -ENOENT);
	put(t, "etc/passwd", "snapshot-passwd\n");
	assert_reads(t, "sys/x/up", "snapshot-passwd\n");
	assert_reads(t, "../../../../etc/passwd", "snapshot-passwd\n");
	assert_reads(t, "sys/x/../../../etc/passwd", "snapshot-passwd\n");
	assert_read_fails(t, "sys/x/up2", -ENOENT);
}

static void test_symlink_loops(void **state)
{
	struct tree *t = *state;
	char name[32], target[32];
	struct stat st;

	put_link(t, "self", "self");
	put_link(t, "a", "b");
	put_link(t, "b", "a");
	put_link(t, "dir", "dir/x");
	assert_read_fails(t, "self", -ELOOP);
	assert_read_fails(t, "a", -ELOOP);
	assert_read_fails(t, "dir", -ELOOP);
	assert_int_equal(root_stat(t->r, "a", &st), -ELOOP);
	/* lstat does not follow the last link. */
	assert_int_equal(root_lstat(t->r, "a", &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	/* A chain of exactly ROOT_MAX_LINKS links resolves; one more does
	 * not. */
	put(t, "end", "end\n");
	for (int i = 0; i <= ROOT_MAX_LINKS; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		if (i == 0)
			snprintf(target, sizeof(target), "end");
		else
			snprintf(target, sizeof(target), "l%d", i - 1);
		put_link(t, name, target);
	}
	snprintf(name, sizeof(name), "l%d", ROOT_MAX_LINKS - 1);
	assert_reads(t, name, "end\n");
	snprintf(name, sizeof(name), "l%d", ROOT_MAX_LINKS);
	assert_read_fails(t, name, -ELOOP);
}

static void on_alarm(int sig)
{
	(void)sig;
	fail_msg("reading a FIFO hung");
}

static void test_fifo_does_not_hang(void **state)
{
	struct tree *t = *state;
	char path[PATH_MAX];
	struct blob b;

	snprintf(path, sizeof(path), "%s/fifo", t->dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	put_link(t, "to-fifo", "/fifo");
	signal(SIGALRM, on_alarm);
	alarm(5);
	assert_true(root_read(t->r, "fifo", CAP_ATTR, &b) < 0);
	assert_true(root_read(t->r, "to-fifo", CAP_ATTR, &b) < 0);
	assert_true(root_open_fd(t->r, "fifo") < 0);
	alarm(0);
	assert_null(b.data);
}

/*
 * A device node in a snapshot (a `sudo tar x` of a stranger's archive makes
 * them) must not even be opened: open() alone runs the driver, and some
 * act on it (a watchdog arms, a tape rewinds).  Watched with inotify.
 */
static void test_device_node_not_opened(void **state)
{
	struct tree *t = *state;
	char path[PATH_MAX], ev[4096];
	struct blob b;
	ssize_t n;
	int in;

	snprintf(path, sizeof(path), "%s/null", t->dir);
	if (mknod(path, S_IFCHR | 0666, makedev(1, 3)) < 0)
		skip();
	in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	assert_true(in >= 0);
	assert_true(inotify_add_watch(in, path, IN_OPEN) >= 0);
	assert_true(root_read(t->r, "null", CAP_ATTR, &b) < 0);
	assert_true(root_open_fd(t->r, "null") < 0);
	n = read(in, ev, sizeof(ev));
	close(in);
	assert_true(n < 0);   /* no IN_OPEN event: never opened */
}

static void test_cap_truncates(void **state)
{
	struct tree *t = *state;
	char big[10001];
	struct blob b;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	put(t, "big", big);
	assert_int_equal(root_read(t->r, "big", 100, &b), 0);
	assert_int_equal(b.len, 100);
	assert_true(b.truncated);
	assert_int_equal(b.data[100], 0);
	blob_release(&b);

	/* Exactly the cap is not truncated; neither is an empty file. */
	assert_int_equal(root_read(t->r, "big", 10000, &b), 0);
	assert_int_equal(b.len, 10000);
	assert_false(b.truncated);
	blob_release(&b);
	put(t, "empty", "");
	assert_int_equal(root_read(t->r, "empty", 0, &b), 0);
	assert_int_equal(b.len, 0);
	assert_false(b.truncated);
	assert_non_null(b.data);
	blob_release(&b);
	assert_int_equal(root_read(t->r, "big", 0, &b), 0);
	assert_int_equal(b.len, 0);
	assert_true(b.truncated);
	blob_release(&b);
}

static void test_directory_is_eisdir(void **state)
{
	struct tree *t = *state;

	put_dir(t, "d");
	put_link(t, "to-d", "d");
	assert_read_fails(t, "d", -EISDIR);
	assert_read_fails(t, "to-d", -EISDIR);
	assert_read_fails(t, "", -EISDIR);
	assert_read_fails(t, "d/..", -EISDIR);
}

static void test_list_sorted(void **state)
{
	struct tree *t = *state;
	static const char *const want[] = { "1", "2", "9", "10", "100", "a" };
	char **names;
	size_t count;

	for (size_t i = 0; i < 6; i++) {
		char rel[32];

		snprintf(rel, sizeof(rel), "list/%s", want[5 - i]);
		put(t, rel, "");
	}
	put_link(t, "to-list", "/list");
	assert_int_equal(root_list(t->r, "to-list", 100, &names, &count), 0);
	assert_int_equal(count, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(names[i], want[i]);
	assert_null(names[6]);
	root_names_free(names);

	assert_int_equal(root_list(t->r, "list", 5, &names, &count), -E2BIG);
	assert_null(names);
	assert_int_equal(count, 0);
	assert_int_equal(root_list(t->r, "list/1", 5, &names, &count),
			 -ENOTDIR);
	assert_int_equal(root_list(t->r, "nope", 5, &names, &count), -ENOENT);

	put_dir(t, "empty");
	assert_int_equal(root_list(t->r, "empty", 5, &names, &count), 0);
	assert_int_equal(count, 0);
	assert_null(names[0]);
	root_names_free(names);
}

static void test_link_basename(void **state)
{
	struct tree *t = *state;
	char buf[64], small[4];

	put_link(t, "driver", "../../../bus/pci/drivers/vfio-pci");
	put_link(t, "slash", "../drivers/nvme/");
	put_link(t, "bare", "ahci");
	put(t, "file", "x");
	assert_int_equal(root_link_basename(t->r, "driver", buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "vfio-pci");
	assert_int_equal(root_link_basename(t->r, "slash", buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "nvme");
	assert_int_equal(root_link_basename(t->r, "bare", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ahci");
	assert_int_equal(root_link_basename(t->r, "driver", small,
					    sizeof(small)), -ENAMETOOLONG);
	assert_int_equal(root_link_basename(t->r, "file", buf, sizeof(buf)),
			 -EINVAL);
	assert_int_equal(root_link_basename(t->r, "none", buf, sizeof(buf)),
			 -ENOENT);
	assert_int_equal(root_readlink(t->r, "driver", buf, sizeof(buf)),
			 (int)strlen("../../../bus/pci/drivers/vfio-pci"));
	assert_string_equal(buf, "../../../bus/pci/drivers/vfio-pci");
}

static void test_open_fd(void **state)
{
	struct tree *t = *state;
	char buf[32] = { 0 };
	int fd;

	put(t, "etc/os-release", "ID=debian\n");
	put_link(t, "os", "/etc/os-release");
	fd = root_open_fd(t->r, "os");
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf) - 1), 10);
	assert_string_equal(buf, "ID=debian\n");
	close(fd);
	assert_true(root_open_fd(t->r, "etc") < 0);
	assert_int_equal(root_open_fd(t->r, "missing"), -ENOENT);
}

static const struct root_rec *find_rec(const struct root *r,
				       enum root_rec_kind kind,
				       const char *path, size_t *times)
{
	const struct root_rec *recs, *found = NULL;
	size_t n;

	*times = 0;
	recs = root_records(r, &n);
	for (size_t i = 0; i < n; i++)
		if (recs[i].kind == kind && !strcmp(recs[i].path, path)) {
			found = &recs[i];
			(*times)++;
		}
	return found;
}

static void test_recorder(void **state)
{
	struct tree *t = *state;
	const struct root_rec *rec;
	char fifo[PATH_MAX], **names;
	struct blob b;
	struct stat st;
	size_t count, times;

	put(t, "sys/devices/pci0/dev0/vendor", "0x8086\n");
	put_dir(t, "sys/bus");
	put_link(t, "sys/bus/dev0", "../devices/pci0/dev0");
	snprintf(fifo, sizeof(fifo), "%s/node", t->dir);
	assert_int_equal(mkfifo(fifo, 0640), 0);

	/* Nothing is recorded before the recorder starts. */
	assert_reads(t, "sys/bus/dev0/vendor", "0x8086\n");
	assert_null(root_records(t->r, &count));
	assert_int_equal(count, 0);

	root_record_start(t->r);
	assert_int_equal(root_read(t->r, "sys/bus/dev0/vendor", 7, &b), 0);
	blob_release(&b);
	assert_int_equal(root_read(t->r, "sys/bus/dev0/vendor", CAP_ATTR, &b),
			 0);
	blob_release(&b);
	assert_int_equal(root_list(t->r, "sys/bus/dev0", 10, &names, &count),
			 0);
	root_names_free(names);
	assert_int_equal(root_stat(t->r, "node", &st), 0);
	assert_int_equal(root_lstat(t->r, "sys/bus/dev0", &st), 0);

	rec = find_rec(t->r, ROOT_REC_FILE, "sys/devices/pci0/dev0/vendor",
		       &times);
	assert_non_null(rec);
	assert_int_equal(times, 1);
	assert_int_equal(rec->cap, CAP_ATTR);   /* the larger cap wins */
	rec = find_rec(t->r, ROOT_REC_LINK, "sys/bus/dev0", &times);
	assert_non_null(rec);
	assert_int_equal(times, 1);
	assert_string_equal(rec->target, "../devices/pci0/dev0");
	rec = find_rec(t->r, ROOT_REC_LIST, "sys/devices/pci0/dev0", &times);
	assert_non_null(rec);
	assert_int_equal(times, 1);
	rec = find_rec(t->r, ROOT_REC_NODE, "node", &times);
	assert_non_null(rec);
	assert_true(S_ISFIFO(rec->mode));
	assert_int_equal(rec->mode & 0777, 0640);
	/* The logical path is never recorded as a file. */
	assert_null(find_rec(t->r, ROOT_REC_FILE, "sys/bus/dev0/vendor",
			     &times));
	/* Every recorded path is relative. */
	for (const struct root_rec *r = root_records(t->r, &count),
				   *end = r + count; r < end; r++)
		assert_true(r->path[0] != '/');
}

/* A clone reads the same root with a cache of its own, keeps confining
 * links, outlives the original, and is refused while recording. */
static void test_clone(void **state)
{
	struct tree *t = *state;
	struct root *c;
	struct blob b;

	put(t, "etc/hostname", "snapshot-host\n");
	put_link(t, "a", "/etc/hostname");
	assert_int_equal(root_clone(t->r, &c), 0);
	assert_false(root_is_live(c));
	assert_string_equal(root_dir(c), root_dir(t->r));
	assert_int_equal(root_read(c, "a", CAP_ATTR, &b), 0);
	assert_string_equal(b.data, "snapshot-host\n");
	blob_release(&b);
	assert_int_equal(root_read(c, "../../etc/passwd", CAP_ATTR, &b),
			 -ENOENT);
	root_free(t->r);
	t->r = NULL;
	assert_int_equal(root_read(c, "etc/hostname", CAP_ATTR, &b), 0);
	blob_release(&b);
	assert_int_equal(root_open(t->dir, &t->r), 0);
	root_free(c);

	root_record_start(t->r);
	assert_int_equal(root_clone(t->r, &c), -EBUSY);
	assert_null(c);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_is_not_live),
		T(test_relative_links),
		T(test_absolute_link_stays_inside),
		T(test_dotdot_stays_inside),
		T(test_symlink_loops),
		T(test_fifo_does_not_hang),
		T(test_device_node_not_opened),
		T(test_cap_truncates),
		T(test_directory_is_eisdir),
		T(test_list_sorted),
		T(test_link_basename),
		T(test_open_fd),
		T(test_recorder),
		T(test_clone),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
