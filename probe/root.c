/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The root handle: bounded, root-confined reads for live machines and
 * snapshots.  See root.h for the contract.
 */
#include "root.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#define RESOLVE_MAX_DEPTH 256

struct recorder {
	struct root_rec *recs;
	size_t count, alloc;
	/* open-addressing set of "kind\0path" hashes -> index+1 */
	size_t *slots;
	size_t nslots;
};

/* Directories the kernel resolved lately (resolve_in_kernel()): an audit
 * reads a dozen attributes of one device directory in a row. */
#define DIR_CACHE_SIZE 4

struct dir_cache {
	char *path[DIR_CACHE_SIZE];   /* as asked ("sys/bus/pci/devices/X/") */
	int fd[DIR_CACHE_SIZE];       /* O_PATH, -1 when the slot is free */
	unsigned next;                /* the slot to reuse next */
};

struct root {
	int dirfd;
	char *dir;
	bool live;
	struct recorder *rec;
	struct dir_cache *dirs;
};

void blob_release(struct blob *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->truncated = false;
}

/* ---- recording ---------------------------------------------------------- */

static uint64_t rec_hash(enum root_rec_kind kind, const char *path)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;

	for (; *path; path++) {
		h ^= (unsigned char)*path;
		h *= 1099511628211ull;
	}
	return h;
}

static int rec_grow_slots(struct recorder *rc)
{
	size_t n = rc->nslots ? rc->nslots * 2 : 256;
	size_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < rc->count; i++) {
		uint64_t h = rec_hash(rc->recs[i].kind, rc->recs[i].path);
		size_t j = h & (n - 1);

		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = i + 1;
	}
	free(rc->slots);
	rc->slots = slots;
	rc->nslots = n;
	return 0;
}

static void rec_add(const struct root *r, enum root_rec_kind kind,
		    const char *path, const char *target, size_t cap,
		    mode_t mode)
{
	struct recorder *rc = r->rec;
	uint64_t h;
	size_t j;

	if (!rc)
		return;
	if ((rc->count + 1) * 2 > rc->nslots && rec_grow_slots(rc))
		return;
	h = rec_hash(kind, path);
	for (j = h & (rc->nslots - 1); rc->slots[j];
	     j = (j + 1) & (rc->nslots - 1)) {
		struct root_rec *old = &rc->recs[rc->slots[j] - 1];

		if (old->kind == kind && !strcmp(old->path, path)) {
			if (cap > old->cap)
				old->cap = cap;
			return;
		}
	}
	if (rc->count == rc->alloc) {
		size_t n = rc->alloc ? rc->alloc * 2 : 64;
		struct root_rec *nr = realloc(rc->recs, n * sizeof(*nr));

		if (!nr)
			return;
		rc->recs = nr;
		rc->alloc = n;
	}
	struct root_rec *e = &rc->recs[rc->count];

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->path = strdup(path);
	e->target = target ? strdup(target) : NULL;
	e->cap = cap;
	e->mode = mode;
	if (!e->path || (target && !e->target)) {
		free(e->path);
		free(e->target);
		return;
	}
	rc->slots[j] = ++rc->count;
}

void root_record_start(struct root *r)
{
	if (!r->rec)
		r->rec = calloc(1, sizeof(*r->rec));
}

bool root_recording(const struct root *r)
{
	return r->rec != NULL;
}

const struct root_rec *root_records(const struct root *r, size_t *count)
{
	*count = r->rec ? r->rec->count : 0;
	return r->rec ? r->rec->recs : NULL;
}

static void recorder_free(struct recorder *rc)
{
	if (!rc)
		return;
	for (size_t i = 0; i < rc->count; i++) {
		free(rc->recs[i].path);
		free(rc->recs[i].target);
	}
	free(rc->recs);
	free(rc->slots);
	free(rc);
}

/* ---- open / close ------------------------------------------------------- */

/* A handle on directory fd DIRFD named DIR, both taken over (freed and
 * closed on failure), with an empty lookup cache and no recorder. */
static int root_new(int dirfd, char *dir, bool live, struct root **out)
{
	struct root *r = calloc(1, sizeof(*r));

	if (r)
		r->dirs = calloc(1, sizeof(*r->dirs));
	if (!r || !r->dirs) {
		free(r);
		free(dir);
		close(dirfd);
		return -ENOMEM;
	}
	for (size_t i = 0; i < DIR_CACHE_SIZE; i++)
		r->dirs->fd[i] = -1;
	r->dirfd = dirfd;
	r->dir = dir;
	r->live = live;
	*out = r;
	return 0;
}

int root_open(const char *dir, struct root **out)
{
	char *real;
	int fd, e;

	*out = NULL;
	real = realpath(dir, NULL);
	if (!real)
		return -errno;
	fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		e = -errno;
		free(real);
		return e;
	}
	return root_new(fd, real, !strcmp(real, "/"), out);
}

int root_clone(const struct root *r, struct root **out)
{
	char *dir;
	int fd, e;

	*out = NULL;
	if (r->rec)
		return -EBUSY;
	dir = strdup(r->dir);
	if (!dir)
		return -ENOMEM;
	/* the same directory, whatever its name now means */
	fd = fcntl(r->dirfd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0) {
		e = -errno;
		free(dir);
		return e;
	}
	return root_new(fd, dir, r->live, out);
}

void root_free(struct root *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < DIR_CACHE_SIZE; i++) {
		if (r->dirs->fd[i] >= 0)
			close(r->dirs->fd[i]);
		free(r->dirs->path[i]);
	}
	free(r->dirs);
	close(r->dirfd);
	free(r->dir);
	recorder_free(r->rec);
	free(r);
}

bool root_is_live(const struct root *r)
{
	return r->live;
}

const char *root_dir(const struct root *r)
{
	return r->dir;
}

/* ---- resolution --------------------------------------------------------- */

/*
 * A walk in progress: a stack of directory fds from the root down, and the
 * physical path (relative to the root) of the top one.
 */
struct walk {
	const struct root *r;
	int fds[RESOLVE_MAX_DEPTH];
	size_t lens[RESOLVE_MAX_DEPTH];   /* phys length before each push */
	int depth;                        /* fds[0] is r->dirfd or a cached
					     directory, not owned */
	char phys[ROOT_PATH_MAX];
	size_t physlen;
	bool final_known;                 /* the final component was
					     lstat'ed on the way: final_st,
					     or final_err (-errno) */
	int final_err;
	struct stat final_st;
};

static void walk_init(struct walk *w, const struct root *r)
{
	w->r = r;
	w->fds[0] = r->dirfd;
	w->depth = 0;
	w->final_known = false;
	w->phys[0] = 0;
	w->physlen = 0;
}

static int walk_top(const struct walk *w)
{
	return w->fds[w->depth];
}

static void walk_pop(struct walk *w)
{
	if (w->depth == 0)
		return;   /* ".." at the root stays at the root */
	close(w->fds[w->depth]);
	w->physlen = w->lens[w->depth];
	w->phys[w->physlen] = 0;
	w->depth--;
}

static void walk_reset(struct walk *w)
{
	while (w->depth > 0)
		walk_pop(w);
}

static void walk_release(struct walk *w)
{
	walk_reset(w);
}

/* Physical path of NAME inside the current top directory. */
static int walk_join(const struct walk *w, const char *name, char *buf,
		     size_t len)
{
	int n;

	if (!strcmp(name, "."))
		n = snprintf(buf, len, "%s", w->phys);
	else
		n = snprintf(buf, len, "%s%s%s", w->phys,
			     w->physlen ? "/" : "", name);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

static int walk_push(struct walk *w, const char *name)
{
	int fd;

	if (w->depth + 1 >= RESOLVE_MAX_DEPTH)
		return -ELOOP;
	fd = openat(walk_top(w), name,
		    O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t old = w->physlen;
	int n = snprintf(w->phys + old, sizeof(w->phys) - old, "%s%s",
			 old ? "/" : "", name);

	if (n < 0 || (size_t)n >= sizeof(w->phys) - old) {
		close(fd);
		w->phys[old] = 0;
		return -ENAMETOOLONG;
	}
	w->depth++;
	w->fds[w->depth] = fd;
	w->lens[w->depth] = old;
	w->physlen = old + (size_t)n;
	return 0;
}

/* The O_PATH fd of directory DIR (as asked), from the cache or resolved
 * by the kernel inside the root and cached; -errno. */
static int cached_dir(const struct root *r, const char *dir)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	struct dir_cache *c = r->dirs;
	unsigned k;
	char *copy;
	long fd;

	for (k = 0; k < DIR_CACHE_SIZE; k++)
		if (c->fd[k] >= 0 && !strcmp(c->path[k], dir))
			return c->fd[k];
	fd = syscall(SYS_openat2, r->dirfd, dir, &how, sizeof(how));
	if (fd < 0)
		return -errno;
	copy = strdup(dir);
	if (!copy) {
		close((int)fd);
		return -ENOMEM;
	}
	k = c->next++ % DIR_CACHE_SIZE;
	if (c->fd[k] >= 0)
		close(c->fd[k]);
	free(c->path[k]);
	c->fd[k] = (int)fd;
	c->path[k] = copy;
	return (int)fd;
}

/*
 * The walk's first step done by the kernel: openat2() with RESOLVE_IN_ROOT
 * (Linux 5.6) opens the directory of PATH under the same rules as the walk
 * below -- symlinks, absolute or relative, and ".." stay inside the root,
 * at most 40 links -- in one system call where the walk costs two or three
 * per component, and the last few directories are kept open; that was most
 * of an audit of a host with thousands of PCI functions.  The kernel does
 * not say which links it crossed, so a recording root always walks.
 * -EAGAIN means "walk instead": a kernel without openat2 (ENOSYS, or EPERM
 * from a seccomp filter), a final component that is not a plain name or is
 * a link to follow, or any answer other than "no such file or directory",
 * which the walk then gives in its own terms.
 */
static int resolve_in_kernel(struct walk *w, const char *path,
			     bool follow_last, char *name, size_t namelen)
{
	const char *base = strrchr(path, '/');
	char dir[ROOT_PATH_MAX];
	size_t dirlen, baselen;
	int fd;

	base = base ? base + 1 : path;
	dirlen = (size_t)(base - path);
	baselen = strlen(base);
	if (w->r->rec || w->depth || !*base || !strcmp(base, ".") ||
	    !strcmp(base, "..") || baselen >= namelen || baselen > NAME_MAX ||
	    dirlen + 2 > sizeof(dir))
		return -EAGAIN;
	/* plain copies: this runs for every file an audit reads */
	memcpy(dir, path, dirlen);
	if (dirlen)
		dir[dirlen] = 0;
	else
		memcpy(dir, ".", 2);
	fd = cached_dir(w->r, dir);
	if (fd < 0)
		return fd == -ENOENT || fd == -ENOTDIR ? fd : -EAGAIN;
	memcpy(name, base, baselen + 1);
	if (follow_last) {
		w->final_known = true;
		w->final_err = fstatat(fd, base, &w->final_st,
				       AT_SYMLINK_NOFOLLOW) ? -errno : 0;
		if (!w->final_err && S_ISLNK(w->final_st.st_mode)) {
			/* a link to a directory ("sys/bus/pci/devices/X")
			 * is that directory, as "."; to anything else, walk */
			w->final_known = false;
			if (dirlen + strlen(base) + 2 > sizeof(dir))
				return -EAGAIN;
			snprintf(dir + dirlen, sizeof(dir) - dirlen, "%s/", base);
			fd = cached_dir(w->r, dir);
			if (fd < 0)
				return -EAGAIN;
			snprintf(name, namelen, ".");
		}
	}
	/* the cache owns FD; w->phys stays "": it is only for the recorder */
	w->fds[0] = fd;
	return 0;
}

/*
 * Resolve PATH inside the root.  On success the walk's top directory is the
 * parent of the final object and NAME holds its last component ("." when
 * the path names a directory reached through ".." or ending in "/").  With
 * FOLLOW_LAST a final symlink is followed too.
 */
static int resolve(struct walk *w, const char *path, bool follow_last,
		   char *name, size_t namelen)
{
	char rest[ROOT_PATH_MAX * 2];
	int links = 0;
	int fast = resolve_in_kernel(w, path, follow_last, name, namelen);

	if (fast != -EAGAIN)
		return fast;

	if (strlen(path) >= sizeof(rest))
		return -ENAMETOOLONG;
	snprintf(rest, sizeof(rest), "%s", path);
	snprintf(name, namelen, ".");

	for (;;) {
		char *p = rest, comp[NAME_MAX + 1];
		size_t clen;
		struct stat st;

		while (*p == '/')
			p++;
		if (!*p)
			return 0;          /* the path names the top directory */
		clen = strcspn(p, "/");
		if (clen > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(comp, p, clen);
		comp[clen] = 0;
		p += clen;
		while (*p == '/')
			p++;
		memmove(rest, p, strlen(p) + 1);
		bool last = rest[0] == 0;

		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			walk_pop(w);
			continue;
		}
		if (last && !follow_last) {
			snprintf(name, namelen, "%s", comp);
			return 0;
		}
		if (fstatat(walk_top(w), comp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (last && errno == ENOENT) {
				snprintf(name, namelen, "%s", comp);
				return 0;
			}
			return -errno;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[ROOT_PATH_MAX], phys[ROOT_PATH_MAX];
			ssize_t n;

			if (++links > ROOT_MAX_LINKS)
				return -ELOOP;
			n = readlinkat(walk_top(w), comp, target,
				       sizeof(target) - 1);
			if (n < 0)
				return -errno;
			target[n] = 0;
			if (walk_join(w, comp, phys, sizeof(phys)) == 0)
				rec_add(w->r, ROOT_REC_LINK, phys, target, 0,
					st.st_mode);
			size_t tl = (size_t)n, rl = strlen(rest);

			if (tl + 1 + rl + 1 > sizeof(rest))
				return -ENAMETOOLONG;
			/* rest := target "/" rest */
			memmove(rest + tl + 1, rest, rl + 1);
			memcpy(rest, target, tl);
			rest[tl] = '/';
			if (target[0] == '/')
				walk_reset(w);
			continue;
		}
		if (last) {
			snprintf(name, namelen, "%s", comp);
			return 0;
		}
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
		int e = walk_push(w, comp);

		if (e)
			return e;
	}
}

/* ---- reads -------------------------------------------------------------- */

/*
 * Read FD, at most CAP bytes.  SIZE is the file's st_size: a regular file
 * in a snapshot holds exactly that, so reading stops there instead of
 * asking again for the end of file (a sysfs attribute says 4096 whatever
 * it holds and procfs says 0: both still read to the end).
 */
static int read_fd(int fd, size_t cap, off_t size, struct blob *out)
{
	size_t alloc = size > 0 && (size_t)size < cap ? (size_t)size + 1 : 4096;
	size_t len = 0;
	char *buf = malloc(alloc);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (size > 0 && len >= (size_t)size)
			break;
		if (len == alloc - 1) {
			if (len >= cap + 1)
				break;
			size_t n = alloc * 2;

			if (n > cap + 2)
				n = cap + 2;
			char *nb = realloc(buf, n);

			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			alloc = n;
		}
		ssize_t got = read(fd, buf + len, alloc - 1 - len);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;

			free(buf);
			return e;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > cap)
			break;
	}
	out->truncated = len > cap;
	if (len > cap)
		len = cap;
	buf[len] = 0;
	out->data = buf;
	out->len = len;
	return 0;
}

static int open_final(const struct root *r, const char *path, int flags,
		      struct walk *w, char *name, size_t namelen)
{
	struct stat st;
	int e, fd;

	walk_init(w, r);
	e = resolve(w, path, true, name, namelen);
	if (e)
		return e;
	/* Never open anything but a file or a directory: opening a device
	 * node can act (a watchdog arms, a tape rewinds), and a snapshot
	 * unpacked by hand may hold device nodes. */
	if (w->final_known && w->final_err)
		return w->final_err;
	if (w->final_known)
		st = w->final_st;
	else if (fstatat(walk_top(w), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return -EINVAL;
	fd = openat(walk_top(w), name, flags | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int root_read(const struct root *r, const char *path, size_t cap,
	      struct blob *out)
{
	struct walk w;
	char name[NAME_MAX + 1], phys[ROOT_PATH_MAX];
	struct stat st;
	int fd, e;

	memset(out, 0, sizeof(*out));
	/* O_NONBLOCK: a FIFO planted in a snapshot must not hang us. */
	fd = open_final(r, path, O_RDONLY | O_NONBLOCK, &w, name, sizeof(name));
	if (fd < 0) {
		walk_release(&w);
		return fd;
	}
	/* On the kernel's path the final component was lstat'ed just before
	 * its O_NOFOLLOW open: that is this file (one system call less per
	 * attribute, thousands per audit). */
	if (w.final_known) {
		st = w.final_st;
	} else if (fstat(fd, &st) < 0) {
		e = errno ? -errno : -EIO;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		e = -EISDIR;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		e = -EINVAL;
		goto out;
	}
	e = read_fd(fd, cap, st.st_size, out);
	if (!e && r->rec && walk_join(&w, name, phys, sizeof(phys)) == 0)
		rec_add(r, ROOT_REC_FILE, phys, NULL, cap, st.st_mode);
out:
	close(fd);
	walk_release(&w);
	return e;
}

int root_read_line(const struct root *r, const char *path, char *buf,
		   size_t len)
{
	struct blob b;
	size_t n;
	int e;

	if (!len)
		return -EINVAL;
	buf[0] = 0;
	e = root_read(r, path, CAP_ATTR, &b);
	if (e || !b.data)	/* (a read that succeeds always has data) */
		return e ? e : -EIO;
	n = strcspn(b.data, "\n");
	while (n > 0 && (b.data[n - 1] == ' ' || b.data[n - 1] == '\t' ||
			 b.data[n - 1] == '\r'))
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(buf, b.data, n);
	buf[n] = 0;
	blob_release(&b);
	return 0;
}

int root_open_fd(const struct root *r, const char *path)
{
	struct walk w;
	char name[NAME_MAX + 1], phys[ROOT_PATH_MAX];
	struct stat st;
	int fd;

	fd = open_final(r, path, O_RDONLY | O_NONBLOCK, &w, name, sizeof(name));
	if (fd >= 0) {
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			fd = -EINVAL;
		} else if (r->rec &&
			   walk_join(&w, name, phys, sizeof(phys)) == 0) {
			rec_add(r, ROOT_REC_FILE, phys, NULL, CAP_TEXT,
				st.st_mode);
		}
	}
	walk_release(&w);
	return fd;
}

static int stat_common(const struct root *r, const char *path, bool follow,
		       struct stat *st)
{
	struct walk w;
	char name[NAME_MAX + 1], phys[ROOT_PATH_MAX];
	int e;

	walk_init(&w, r);
	e = resolve(&w, path, follow, name, sizeof(name));
	if (!e && w.final_known)
		e = w.final_err;
	if (!e && w.final_known)
		*st = w.final_st;
	else if (!e && fstatat(walk_top(&w), name, st, AT_SYMLINK_NOFOLLOW) < 0)
		e = -errno;
	if (!e && r->rec && walk_join(&w, name, phys, sizeof(phys)) == 0) {
		if (S_ISLNK(st->st_mode)) {
			char target[ROOT_PATH_MAX];
			ssize_t n = readlinkat(walk_top(&w), name, target,
					       sizeof(target) - 1);

			if (n >= 0) {
				target[n] = 0;
				rec_add(r, ROOT_REC_LINK, phys, target, 0,
					st->st_mode);
			}
		} else if (S_ISDIR(st->st_mode)) {
			rec_add(r, ROOT_REC_DIR, phys, NULL, 0, st->st_mode);
		} else {
			rec_add(r, ROOT_REC_NODE, phys, NULL, 0, st->st_mode);
		}
	}
	walk_release(&w);
	return e;
}

int root_stat(const struct root *r, const char *path, struct stat *st)
{
	return stat_common(r, path, true, st);
}

int root_lstat(const struct root *r, const char *path, struct stat *st)
{
	return stat_common(r, path, false, st);
}

bool root_exists(const struct root *r, const char *path)
{
	struct stat st;

	return root_stat(r, path, &st) == 0;
}

int root_readlink(const struct root *r, const char *path, char *buf,
		  size_t len)
{
	struct walk w;
	char name[NAME_MAX + 1], phys[ROOT_PATH_MAX];
	ssize_t n;
	int e;

	if (len == 0)
		return -EINVAL;
	walk_init(&w, r);
	e = resolve(&w, path, false, name, sizeof(name));
	if (e) {
		walk_release(&w);
		return e;
	}
	n = readlinkat(walk_top(&w), name, buf, len - 1);
	if (n < 0) {
		e = -errno;
		walk_release(&w);
		return e;
	}
	buf[n] = 0;
	if (r->rec && walk_join(&w, name, phys, sizeof(phys)) == 0)
		rec_add(r, ROOT_REC_LINK, phys, buf, 0, S_IFLNK | 0777);
	walk_release(&w);
	return (int)n;
}

int root_link_basename(const struct root *r, const char *path, char *buf,
		       size_t len)
{
	char target[ROOT_PATH_MAX];
	int n = root_readlink(r, path, target, sizeof(target));
	const char *base;

	if (n < 0)
		return n;
	while (n > 0 && target[n - 1] == '/')
		target[--n] = 0;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	snprintf(buf, len, "%s", base);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

void root_names_free(char **names)
{
	if (!names)
		return;
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

/* Append a copy of NAME to the list *V of *N names (room for *ALLOC),
 * keeping a slot for the NULL that ends it; -E2BIG past MAX names. */
static int names_push(char ***v, size_t *n, size_t *alloc, size_t max,
		      const char *name)
{
	if (*n == max)
		return -E2BIG;
	if (*n + 1 >= *alloc) {
		size_t na = *alloc ? *alloc * 2 : 32;
		char **nv = realloc(*v, na * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		*v = nv;
		*alloc = na;
	}
	(*v)[*n] = strdup(name);
	if (!(*v)[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

/*
 * The entries of the open directory FD but "." and "..", unsorted, into
 * *V (*N of them, NULL-terminated on success).  getdents64() directly:
 * readdir() over fdopendir() costs two more system calls per directory
 * (an fstat and an fcntl), thousands on a host with thousands of IOMMU
 * groups.
 */
static int list_fd(int fd, size_t max, char ***v, size_t *n)
{
	_Alignas(struct dirent64) char dents[16384];
	size_t alloc = 0;
	ssize_t got;
	int e = 0;

	while (!e && (got = getdents64(fd, dents, sizeof(dents))) != 0) {
		if (got < 0) {
			e = errno == EINTR ? 0 : -errno;
			continue;
		}
		for (size_t off = 0; !e && off < (size_t)got;) {
			const struct dirent64 *de =
				(const struct dirent64 *)(dents + off);

			if (!de->d_reclen)
				e = -EIO;
			else if (strcmp(de->d_name, ".") &&
				 strcmp(de->d_name, ".."))
				e = names_push(v, n, &alloc, max, de->d_name);
			off += de->d_reclen;
		}
	}
	if (!e && !*v && !(*v = calloc(1, sizeof(**v))))
		e = -ENOMEM;
	if (!e)
		(*v)[*n] = NULL;
	return e;
}

int root_list(const struct root *r, const char *path, size_t max,
	      char ***names, size_t *count)
{
	struct walk w;
	char name[NAME_MAX + 1], phys[ROOT_PATH_MAX];
	char **v = NULL;
	size_t n = 0;
	int fd, e;

	*names = NULL;
	*count = 0;
	fd = open_final(r, path, O_RDONLY | O_DIRECTORY, &w, name,
			sizeof(name));
	if (fd < 0) {
		walk_release(&w);
		return fd;
	}
	e = list_fd(fd, max, &v, &n);
	close(fd);
	if (e) {
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
		walk_release(&w);
		return e;
	}
	qsort(v, n, sizeof(*v), cmp_names);
	if (r->rec && walk_join(&w, name, phys, sizeof(phys)) == 0)
		rec_add(r, ROOT_REC_LIST, phys, NULL, 0, S_IFDIR | 0755);
	walk_release(&w);
	*names = v;
	*count = n;
	return 0;
}
