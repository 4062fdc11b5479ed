/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `vfio-ready capture OUT [--root SRC] [--force]`: probe a machine (or a
 * snapshot) with the root handle recording, then replay the record into
 * OUT, a directory or one .tar.gz.  A snapshot therefore holds exactly what
 * the probe read, through the same code paths, and nothing else.
 *
 * What becomes what:
 *   a file read        its bytes as read (up to the cap it was read with),
 *                      mode 0644
 *   a directory        a directory, mode 0755
 *   a symlink crossed  the same symlink, target exactly as stored (the
 *                      reader confines absolute and ".." targets)
 *   a node stat()ed    a regular file with the node's permission bits,
 *                      EMPTY unless its area describes it (dev/kvm holds
 *                      kvm_snapshot_node_text()): device nodes become
 *                      placeholders, which is all the probe asks of them
 *   a listed directory its entries too, unread ones as empty placeholders
 * plus the facts that are not files (SNAP_KLOG, SNAP_CPUID, SNAP_CPUID_HV)
 * and the SNAPSHOT manifest.
 *
 * Output is written without following any symlink inside OUT, and --force
 * lets capture write into a non-empty OUT but never deletes anything.
 *
 * With --redact every file goes through redact_file() on its way into OUT
 * (text filtered, a PCI Device Serial Number hashed in place, other binary
 * files as they are) and the manifest says redacted=yes; the probe then
 * also reads the host's names and DMI serials, so they are known secrets
 * (and are captured, redacted, too).  Names and link targets are kept.
 */
#include "cli.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../probe/probe.h"
#include "../report/redact.h"
#include "../report/version.h"

/* One object to write, copied from the root's record. */
struct entry {
	enum root_rec_kind kind;
	char *path;
	char *target;
	size_t cap;
	mode_t mode;
};

/* More entries than this in one directory is not a machine we know. */
#define CAPTURE_MAX_LIST 100000

struct entries {
	struct entry *v;
	size_t count, alloc;
};

/* Where the snapshot goes: a directory (dirfd) or an archive (ar). */
struct sink {
	const char *out;
	bool force;
	int dirfd;
	struct archive *ar;
	bool created;       /* the archive file is ours to remove on failure */
	const struct redactor *redact;   /* --redact: filter every file */
	time_t now;
	unsigned long files, links, dirs, nodes;
	unsigned long long bytes;
};

static void capture_usage(FILE *out)
{
	fprintf(out,
"Usage: vfio-ready capture OUT [--root SRC] [--force] [--redact]\n"
"\n"
"Write a snapshot of what vfio-ready reads on this machine (or in the\n"
"snapshot SRC) to OUT: a new or empty directory, or OUT.tar.gz.\n"
"\n"
"  -r, --root DIR|FILE.tar.gz  capture from a snapshot instead (prunes it\n"
"                              to what the checks read)\n"
"      --force                 write into a non-empty directory or over an\n"
"                              existing archive (nothing is deleted)\n"
"      --redact                replace host names, serials, UUIDs, MAC and\n"
"                              IP addresses and user names by stable tokens\n"
"      --redact-key KEY        key for those tokens (implies --redact)\n"
"  -h, --help                  this help\n"
"\n"
"Device nodes are stored as empty files with the node's permission bits.\n");
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Records hold physical relative paths; still refuse anything that could
 * step outside OUT, should that ever change. */
static bool rel_path_ok(const char *path)
{
	const char *p = path;

	if (!*path || *path == '/' || strlen(path) >= ROOT_PATH_MAX)
		return false;
	for (;;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || n > NAME_MAX ||
		    (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (!*p)
			return true;
		p++;
	}
}

/* ---- the list of entries ------------------------------------------------ */

static int entries_add(struct entries *es, enum root_rec_kind kind,
		       const char *path, size_t plen, const char *target,
		       size_t cap, mode_t mode)
{
	struct entry *e;

	if (es->count == es->alloc) {
		size_t n = es->alloc ? es->alloc * 2 : 256;
		struct entry *nv = realloc(es->v, n * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		es->v = nv;
		es->alloc = n;
	}
	e = &es->v[es->count];
	e->kind = kind;
	e->path = strndup(path, plen);
	e->target = target ? strdup(target) : NULL;
	e->cap = cap;
	e->mode = mode;
	if (!e->path || (target && !e->target)) {
		free(e->path);
		free(e->target);
		return -ENOMEM;
	}
	es->count++;
	return 0;
}

static void entries_release(struct entries *es)
{
	for (size_t i = 0; i < es->count; i++) {
		free(es->v[i].path);
		free(es->v[i].target);
	}
	free(es->v);
	memset(es, 0, sizeof(*es));
}

/* For one path: a directory beats a file beats a link beats a node.  A
 * file read is also listed as a placeholder (a node); otherwise only a
 * machine that changed under us gives one path two kinds, and then a
 * directory keeps every child reachable. */
static int kind_rank(enum root_rec_kind k)
{
	switch (k) {
	case ROOT_REC_DIR:
		return 0;
	case ROOT_REC_FILE:
		return 1;
	case ROOT_REC_LINK:
		return 2;
	default:
		return 3;
	}
}

/* Byte order puts every directory before what it holds ("a" < "a/b"). */
static int cmp_entries(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : kind_rank(x->kind) - kind_rank(y->kind);
}

static bool is_snapshot_own(const char *path)
{
	size_t n = strlen(SNAP_DIR);

	return !strcmp(path, SNAP_MANIFEST) ||
	       (!strncmp(path, SNAP_DIR, n) &&
		(path[n] == 0 || path[n] == '/'));
}

/*
 * The probe may act on the names in a directory it listed (sys/module holds
 * the built-in modules), so every entry of a recorded directory goes in:
 * links exactly, directories empty, anything else as an empty placeholder
 * unless it was read (a read file outranks its placeholder).
 */
static int add_children(const struct root *r, const char *dir,
			struct entries *es)
{
	char path[ROOT_PATH_MAX], target[ROOT_PATH_MAX], **names;
	struct stat st;
	size_t n;
	int e;

	e = root_list(r, dir, CAPTURE_MAX_LIST, &names, &n);
	if (e) {
		fprintf(stderr, "vfio-ready capture: not listing %s: %s\n",
			dir, strerror(-e));
		return 0;
	}
	for (size_t i = 0; !e && i < n; i++) {
		int w = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);

		if (w < 0 || (size_t)w >= sizeof(path) || !rel_path_ok(path) ||
		    is_snapshot_own(path) || root_lstat(r, path, &st))
			continue;
		if (S_ISLNK(st.st_mode)) {
			if (root_readlink(r, path, target, sizeof(target)) < 0)
				continue;
			e = entries_add(es, ROOT_REC_LINK, path, (size_t)w,
					target, 0, st.st_mode);
		} else {
			e = entries_add(es, S_ISDIR(st.st_mode) ? ROOT_REC_DIR :
					ROOT_REC_NODE, path, (size_t)w, NULL, 0,
					st.st_mode);
		}
	}
	root_names_free(names);
	return e;
}

/*
 * Copy R's records into ES with every parent directory and the entries of
 * every recorded directory added, sorted so parents come first, one entry
 * per path.  Copying also keeps us safe from the record growing while the
 * replay reads through the same root.
 */
static int collect(const struct root *r, struct entries *es)
{
	size_t n, kept = 0;
	int e;

	root_records(r, &n);
	for (size_t i = 0; i < n; i++) {
		/* Listing records more: fetch the array afresh each time. */
		size_t now;
		const struct root_rec *recs = root_records(r, &now);
		const char *path = recs[i].path;

		if (!*path || is_snapshot_own(path))
			continue;
		if (!rel_path_ok(path)) {
			fprintf(stderr, "vfio-ready capture: refusing the "
				"recorded path \"%s\"\n", path);
			return -EINVAL;
		}
		e = entries_add(es, recs[i].kind == ROOT_REC_LIST ?
				ROOT_REC_DIR : recs[i].kind, path, strlen(path),
				recs[i].target, recs[i].cap, recs[i].mode);
		if (!e && recs[i].kind == ROOT_REC_LIST)
			e = add_children(r, path, es);
		for (const char *s = strchr(path, '/'); !e && s;
		     s = strchr(s + 1, '/'))
			e = entries_add(es, ROOT_REC_DIR, path,
					(size_t)(s - path), NULL, 0,
					S_IFDIR | 0755);
		if (e)
			return e;
	}
	if (es->count)
		qsort(es->v, es->count, sizeof(*es->v), cmp_entries);
	for (size_t i = 0; i < es->count; i++) {
		if (kept && !strcmp(es->v[kept - 1].path, es->v[i].path)) {
			free(es->v[i].path);
			free(es->v[i].target);
			continue;
		}
		es->v[kept++] = es->v[i];
	}
	es->count = kept;
	return 0;
}

/* ---- the sink ----------------------------------------------------------- */

/*
 * Open the parent directory of PATH inside OUT, never following a symlink
 * (a --force OUT may hold links planted by someone else).  *NAME is the
 * last component.  Returns an fd or -errno.
 */
static int dir_parent(const struct sink *s, const char *path,
		      const char **name)
{
	char comp[NAME_MAX + 1];
	const char *p = path, *slash;
	int e, fd = openat(s->dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((slash = strchr(p, '/'))) {
		size_t n = (size_t)(slash - p);
		int nfd;

		memcpy(comp, p, n);   /* n <= NAME_MAX: rel_path_ok() */
		comp[n] = 0;
		nfd = openat(fd, comp,
			     O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = nfd < 0 ? -errno : 0;
		close(fd);
		if (e)
			return e;
		fd = nfd;
		p = slash + 1;
	}
	*name = p;
	return fd;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int dir_file(const struct sink *s, const char *path, const char *data,
		    size_t len, mode_t perm)
{
	const char *name;
	struct stat st;
	int pfd, fd, e;

	pfd = dir_parent(s, path, &name);
	if (pfd < 0)
		return pfd;
	fd = openat(pfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST && s->force) {
		/* Rewrite a plain file in place; never anything that could
		 * lead elsewhere (a link, a FIFO, a second name). */
		fd = openat(pfd, name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK |
			    O_CLOEXEC);
		if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
				st.st_nlink != 1 || ftruncate(fd, 0) < 0)) {
			close(fd);
			close(pfd);
			return -EEXIST;
		}
	}
	e = fd < 0 ? -errno : 0;
	close(pfd);
	if (e)
		return e;
	e = write_all(fd, data, len);
	if (!e && fchmod(fd, perm) < 0)
		e = -errno;
	if (close(fd) < 0 && !e)
		e = -errno;
	return e;
}

static int dir_mkdir(const struct sink *s, const char *path)
{
	const char *name;
	struct stat st;
	int pfd, e = 0;

	pfd = dir_parent(s, path, &name);
	if (pfd < 0)
		return pfd;
	if (mkdirat(pfd, name, 0755) < 0) {
		e = -errno;
		if (e == -EEXIST && fstatat(pfd, name, &st,
					    AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISDIR(st.st_mode))
			e = 0;
	}
	close(pfd);
	return e;
}

static int dir_symlink(const struct sink *s, const char *path,
		       const char *target)
{
	char old[ROOT_PATH_MAX];
	const char *name;
	ssize_t n;
	int pfd, e = 0;

	pfd = dir_parent(s, path, &name);
	if (pfd < 0)
		return pfd;
	if (symlinkat(target, pfd, name) < 0) {
		e = -errno;
		/* The same link already there is fine. */
		if (e == -EEXIST) {
			n = readlinkat(pfd, name, old, sizeof(old) - 1);
			if (n >= 0) {
				old[n] = 0;
				if (!strcmp(old, target))
					e = 0;
			}
		}
	}
	close(pfd);
	return e;
}

static int tar_add(struct sink *s, const char *path, mode_t type, mode_t perm,
		   const char *target, const char *data, size_t len)
{
	struct archive_entry *ae = archive_entry_new();
	int e = 0;

	if (!ae)
		return -ENOMEM;
	archive_entry_set_pathname(ae, path);
	archive_entry_set_filetype(ae, type);
	archive_entry_set_perm(ae, perm);
	archive_entry_set_mtime(ae, s->now, 0);
	if (target)
		archive_entry_set_symlink(ae, target);
	if (type == AE_IFREG)
		archive_entry_set_size(ae, (la_int64_t)len);
	if (archive_write_header(s->ar, ae) != ARCHIVE_OK ||
	    (len && archive_write_data(s->ar, data, len) != (la_ssize_t)len))
		e = -EIO;
	archive_entry_free(ae);
	if (e)
		fprintf(stderr, "vfio-ready capture: %s: %s\n", path,
			archive_error_string(s->ar));
	return e;
}

static int sink_file(struct sink *s, const char *path, const char *data,
		     size_t len, mode_t perm)
{
	char *clean = NULL;
	size_t clean_len;
	int e = 0;

	if (s->redact) {
		e = redact_file(s->redact, path, data, len, &clean, &clean_len);
		if (e == -EBADMSG)
			fprintf(stderr, "vfio-ready capture: %s changed since "
				"it was read: not writing it unredacted\n",
				path);
		data = clean;
		len = clean_len;
	}
	if (!e)
		e = s->ar ? tar_add(s, path, AE_IFREG, perm, NULL, data, len)
			  : dir_file(s, path, data, len, perm);
	free(clean);
	if (!e)
		s->bytes += len;
	return e;
}

static int sink_dir(struct sink *s, const char *path)
{
	return s->ar ? tar_add(s, path, AE_IFDIR, 0755, NULL, NULL, 0)
		     : dir_mkdir(s, path);
}

static int sink_symlink(struct sink *s, const char *path, const char *target)
{
	return s->ar ? tar_add(s, path, AE_IFLNK, 0777, target, NULL, 0)
		     : dir_symlink(s, path, target);
}

static bool dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	bool empty = true;

	if (!d)
		return false;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

/* Where OUT really is, even before it exists (its parent must). */
static int out_realpath(const char *out, char *buf, size_t len)
{
	char parent[PATH_MAX];
	const char *base;
	char *real;
	size_t n = strlen(out);
	int w;

	while (n > 1 && out[n - 1] == '/')
		n--;
	if (n >= sizeof(parent))
		return -ENAMETOOLONG;
	memcpy(parent, out, n);
	parent[n] = 0;
	real = realpath(parent, NULL);
	if (real) {
		w = snprintf(buf, len, "%s", real);
		free(real);
		return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
	}
	if (errno != ENOENT)
		return -errno;
	char *slash = strrchr(parent, '/');

	if (slash == parent) {
		base = parent + 1;
		real = realpath("/", NULL);
	} else if (slash) {
		*slash = 0;
		base = slash + 1;
		real = realpath(parent, NULL);
	} else {
		base = parent;
		real = realpath(".", NULL);
	}
	if (!real)
		return -errno;
	w = snprintf(buf, len, "%s/%s", strcmp(real, "/") ? real : "", base);
	free(real);
	return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
}

static bool under_kernel_fs(const char *real)
{
	static const char *const fs[] = { "/sys", "/proc", "/dev" };

	for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
		size_t n = strlen(fs[i]);

		/* The analyzer takes out_realpath()'s -errno for a possible
		 * 0, so REAL for unset: it is set whenever that returns 0. */
		if (!strncmp(real, fs[i], n) &&
		    (real[n] == 0 || real[n] == '/')) /* NOLINT(clang-analyzer-core.UndefinedBinaryOperatorResult): see above */
			return true;
	}
	return false;
}

static int sink_open(struct sink *s, const char *out, bool force)
{
	char real[PATH_MAX];
	struct stat st;
	int fd, e;

	memset(s, 0, sizeof(*s));
	s->out = out;
	s->force = force;
	s->dirfd = -1;
	s->now = time(NULL);
	e = out_realpath(out, real, sizeof(real));
	if (e) {
		fprintf(stderr, "vfio-ready capture: %s: %s\n", out,
			strerror(-e));
		return e;
	}
	if (under_kernel_fs(real)) {
		fprintf(stderr, "vfio-ready capture: refusing to write under "
			"/sys, /proc or /dev (%s)\n", real);
		return -EINVAL;
	}

	if (has_suffix(out, ".tar.gz") || has_suffix(out, ".tgz")) {
		fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			  O_CLOEXEC, 0644);
		s->created = fd >= 0;
		if (fd < 0 && errno == EEXIST && !force) {
			fprintf(stderr, "vfio-ready capture: %s exists "
				"(--force overwrites it)\n", out);
			return -EEXIST;
		}
		if (fd < 0 && errno == EEXIST) {
			fd = open(out, O_WRONLY | O_NOFOLLOW | O_NONBLOCK |
				  O_CLOEXEC);
			if (fd >= 0 && (fstat(fd, &st) < 0 ||
					!S_ISREG(st.st_mode) ||
					ftruncate(fd, 0) < 0)) {
				close(fd);
				fprintf(stderr, "vfio-ready capture: %s is "
					"not a plain file\n", out);
				return -EINVAL;
			}
		}
		if (fd < 0) {
			e = -errno;
			fprintf(stderr, "vfio-ready capture: %s: %s\n", out,
				strerror(-e));
			return e;
		}
		s->ar = archive_write_new();
		if (!s->ar || archive_write_add_filter_gzip(s->ar) ||
		    archive_write_set_format_pax_restricted(s->ar) ||
		    archive_write_open_fd(s->ar, fd) != ARCHIVE_OK) {
			fprintf(stderr, "vfio-ready capture: %s: %s\n", out,
				s->ar ? archive_error_string(s->ar) :
					"out of memory");
			archive_write_free(s->ar);
			s->ar = NULL;
			close(fd);
			if (s->created)
				unlink(out);
			return -EIO;
		}
		s->dirfd = fd;   /* closed after the archive is */
		return 0;
	}

	if (mkdir(out, 0755) < 0) {
		e = -errno;
		if (e != -EEXIST) {
			fprintf(stderr, "vfio-ready capture: cannot create "
				"%s: %s\n", out, strerror(-e));
			return e;
		}
		if (stat(out, &st) < 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "vfio-ready capture: %s exists and "
				"is not a directory\n", out);
			return -ENOTDIR;
		}
		if (!force && !dir_is_empty(out)) {
			fprintf(stderr, "vfio-ready capture: %s is not empty "
				"(--force writes into it, deleting nothing)\n",
				out);
			return -ENOTEMPTY;
		}
	}
	s->dirfd = open(out, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0) {
		e = -errno;
		fprintf(stderr, "vfio-ready capture: %s: %s\n", out,
			strerror(-e));
		return e;
	}
	return 0;
}

static int sink_close(struct sink *s)
{
	int e = 0;

	if (s->ar) {
		if (archive_write_close(s->ar) != ARCHIVE_OK) {
			fprintf(stderr, "vfio-ready capture: %s: %s\n",
				s->out, archive_error_string(s->ar));
			e = -EIO;
		}
		archive_write_free(s->ar);
		s->ar = NULL;
	}
	if (s->dirfd >= 0 && close(s->dirfd) < 0 && !e)
		e = -errno;
	s->dirfd = -1;
	return e;
}

/* ---- replay ------------------------------------------------------------- */

/* The text a node's placeholder holds, when its area has one. */
static size_t node_text(const struct host *h, const char *path, char *buf,
			size_t len)
{
	if (!strcmp(path, "dev/kvm") &&
	    kvm_snapshot_node_text(&h->kvm, buf, len) == 0)
		return strnlen(buf, len);
	return 0;
}

static int replay_one(struct sink *s, const struct host *h,
		      const struct entry *en)
{
	char text[256];
	size_t tlen;
	struct blob b;
	int e;

	switch (en->kind) {
	case ROOT_REC_DIR:
	case ROOT_REC_LIST:    /* collect() turns listings into directories */
		e = sink_dir(s, en->path);
		if (!e)
			s->dirs++;
		return e;
	case ROOT_REC_LINK:
		e = sink_symlink(s, en->path, en->target);
		if (!e)
			s->links++;
		return e;
	case ROOT_REC_NODE:
		tlen = node_text(h, en->path, text, sizeof(text));
		e = sink_file(s, en->path, text, tlen, en->mode & 0777);
		if (!e)
			s->nodes++;
		return e;
	case ROOT_REC_FILE:
		break;
	}
	e = root_read(h->root, en->path, en->cap, &b);
	if (e) {
		/* Read a moment ago, gone now (a process exited): the
		 * snapshot just lacks it, as a machine would. */
		fprintf(stderr, "vfio-ready capture: skipping %s: %s\n",
			en->path, strerror(-e));
		return 0;
	}
	e = sink_file(s, en->path, b.data, b.len, 0644);
	blob_release(&b);
	if (!e)
		s->files++;
	return e;
}

/* libcpuid serialises to a file name: give it one in a private directory
 * and copy the result in. */
static int write_cpuid(struct sink *s, const struct host *h)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], file[PATH_MAX + 32];
	struct root *tr;
	struct blob b = { 0 };
	int fd, e;

	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	if (snprintf(dir, sizeof(dir), "%s/vfio-ready-cpuid.XXXXXX", tmp) >=
	    (int)sizeof(dir))
		return -ENAMETOOLONG;
	if (!mkdtemp(dir))
		return -errno;
	snprintf(file, sizeof(file), "%s/cpuid.XXXXXX", dir);
	fd = mkstemp(file);
	if (fd < 0) {
		e = -errno;
		rmdir(dir);
		return e;
	}
	close(fd);
	e = cpu_snapshot_write_raw(&h->cpu, file);
	if (!e)
		e = root_open(dir, &tr);
	if (!e) {
		e = root_read(tr, strrchr(file, '/') + 1, CAP_TEXT, &b);
		root_free(tr);
	}
	if (!e) {
		e = sink_file(s, SNAP_CPUID, b.data, b.len, 0644);
		if (!e)
			s->files++;
		blob_release(&b);
	}
	unlink(file);
	rmdir(dir);
	return e;
}

static int write_manifest(struct sink *s, const struct host *h)
{
	char text[512];
	int n;

	n = snprintf(text, sizeof(text),
		     "format=%d\n"
		     "tool=vfio-ready\n"
		     "tool_version=%s\n"
		     "kernel_release=%s\n"
		     "%s%s",
		     SNAPSHOT_FORMAT, VFIO_READY_VERSION, h->kernel_release,
		     !h->as_root_known ? "" :
		     h->as_root ? "as_root=yes\n" : "as_root=no\n",
		     s->redact || h->snap.redacted ? "redacted=yes\n" : "");
	if (n < 0 || (size_t)n >= sizeof(text))
		return -ENAMETOOLONG;
	return sink_file(s, SNAP_MANIFEST, text, (size_t)n, 0644);
}

static int write_own(struct sink *s, const struct host *h)
{
	unsigned long klen;
	const char *klog = klog_text(&h->klog, &klen);
	char hv[4096];
	int e;

	e = sink_dir(s, SNAP_DIR);
	if (e)
		return e;
	s->dirs++;
	if (klog) {
		e = sink_file(s, SNAP_KLOG, klog, klen, 0644);
		if (e)
			return e;
		s->files++;
	}
	e = write_cpuid(s, h);
	if (e && e != -ENODATA)
		fprintf(stderr, "vfio-ready capture: CPUID not saved: %s\n",
			strerror(-e));
	if (cpu_snapshot_hv_text(&h->cpu, hv, sizeof(hv)) == 0) {
		e = sink_file(s, SNAP_CPUID_HV, hv, strnlen(hv, sizeof(hv)),
			      0644);
		if (e)
			return e;
		s->files++;
	}
	e = write_manifest(s, h);
	if (!e)
		s->files++;
	return e;
}

static int replay(struct sink *s, const struct host *h)
{
	struct entries es = { 0 };
	int e;

	e = collect(h->root, &es);
	for (size_t i = 0; !e && i < es.count; i++) {
		e = replay_one(s, h, &es.v[i]);
		if (e)
			fprintf(stderr, "vfio-ready capture: %s: %s\n",
				es.v[i].path, strerror(-e));
	}
	entries_release(&es);
	if (!e)
		e = write_own(s, h);
	return e;
}

int cmd_capture(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'F' },
		{ "redact", no_argument, NULL, 'R' },
		{ "redact-key", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *src = NULL, *out, *redact_key = NULL;
	char *unpacked = NULL, err[512];
	struct probe_opts po = { 0 };
	struct redactor *rd = NULL;
	struct root *root = NULL;
	struct sink s;
	struct host h;
	bool force = false;
	int c, e;

	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			src = optarg;
			break;
		case 'F':
			force = true;
			break;
		case 'K':
			redact_key = optarg;
			/* fall through */
		case 'R':
			po.identity = true;
			break;
		case 'h':
			capture_usage(stdout);
			return EXIT_READY;
		default:
			capture_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !argv[optind][0]) {
		fprintf(stderr, "vfio-ready capture: give exactly one OUT\n");
		capture_usage(stderr);
		return EXIT_USAGE;
	}
	out = argv[optind];

	if (src)
		e = snapshot_open(src, &root, &unpacked, err, sizeof(err));
	else
		e = root_open("/", &root);
	if (e) {
		fprintf(stderr, "vfio-ready capture: cannot open %s\n",
			src ? err : strerror(-e));
		return EXIT_USAGE;
	}
	root_record_start(root);
	e = probe_host(root, src ? src : "live", &po, &h);
	if (e) {
		struct snapshot_meta m;

		/* probe_host() keeps the manifest's complaint to itself. */
		if (!src || snapshot_meta_read(root, &m, err, sizeof(err)) == 0)
			snprintf(err, sizeof(err), "%s", strerror(-e));
		fprintf(stderr, "vfio-ready capture: %s is not a usable "
			"snapshot: %s\n", src ? src : "/", err);
		goto out_host;
	}
	if (po.identity && (redactor_new(redact_key, &rd) ||
			    redactor_add_host(rd, &h))) {
		fprintf(stderr, "vfio-ready capture: out of memory\n");
		e = -ENOMEM;
		goto out_host;
	}
	e = sink_open(&s, out, force);
	if (e)
		goto out_host;
	s.redact = rd;
	e = replay(&s, &h);
	if (sink_close(&s) && !e)
		e = -EIO;
	if (e && s.created) {
		unlink(out);
		goto out_host;
	}
	if (e) {
		fprintf(stderr, "vfio-ready capture: %s is incomplete\n", out);
		goto out_host;
	}
	fprintf(stderr, "vfio-ready: captured %lu files, %lu links, %lu dirs, "
		"%lu nodes (%llu bytes) into %s\n", s.files, s.links, s.dirs,
		s.nodes, s.bytes, out);
out_host:
	redactor_free(rd);
	host_release(&h);
	root_free(root);
	snapshot_cleanup(unpacked);
	return e ? EXIT_USAGE : EXIT_READY;
}
