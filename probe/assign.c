/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-function assignability (kernel.md §3.4, §4.1, §7.1, §7.2, §8).
 *
 * Computed once, after the PCI facts and the predicted groups:
 *
 *  - the group is the kernel's (sys/kernel/iommu_groups) when the kernel
 *    formed groups, else the predicted one;
 *  - blocked: a bridge (vfio_pci_probe() refuses hdr_type != normal), a
 *    non-relaxable RMRR or an IVMD unity/exclusion range on it or on a
 *    member of its group (the core sets require_direct for
 *    IOMMU_RESV_DIRECT regions, iommu_create_device_direct_mappings(), and
 *    refuses a blocking domain for the whole group on >= 6.5,
 *    __iommu_device_set_domain()), a "direct" reserved region of its
 *    kernel group on >= 6.5, a host-critical device in its group (the root
 *    filesystem's controller, the boot VGA, the default route's NIC), or
 *    no usable reset;
 *  - else alone (bridges in the group stay on pcieport, which sets
 *    driver_managed_dma: drivers/pci/pcie/portdrv.c) or with its group.
 *
 * Every lookup of a function is O(log n) (the PCI array is sorted); group
 * members are bucketed once into one pool.
 */
#include "assign.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "text.h"

#define MAX_WALK_DEPTH  4       /* dm on md on partitions; vlan on bond */
#define MAX_SLAVES      16

/* The host-critical kinds, as bits. */
#define CRIT_ROOTFS     0x1
#define CRIT_VGA        0x2
#define CRIT_NIC        0x4

bool assign_reason_blocks(enum assign_reason_kind k)
{
	switch (k) {
	case AREASON_RMRR:
	case AREASON_IVMD:
	case AREASON_RESERVED_DIRECT:
	case AREASON_HOST_ROOTFS:
	case AREASON_HOST_BOOT_VGA:
	case AREASON_HOST_ROUTE_NIC:
	case AREASON_NO_RESET:
	case AREASON_BRIDGE:
	case AREASON_NO_GROUP:
		return true;
	default:
		return false;
	}
}

/* ---- pure parsers ---- */

/* The next whitespace-separated field of [*P, END) on the current line. */
static bool next_field(const char **p, const char *end, const char **f,
		       size_t *len)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end || *s == '\n')
		return false;
	*f = s;
	while (s < end && *s != ' ' && *s != '\t' && *s != '\n')
		s++;
	*len = (size_t)(s - *f);
	*p = s;
	return true;
}

static bool field_is(const char *f, size_t len, const char *word)
{
	return len == strlen(word) && !memcmp(f, word, len);
}

/* Parse decimal [F, F+LEN) into *V; false on anything else or overflow. */
static bool field_dec(const char *f, size_t len, unsigned long *v)
{
	unsigned long x = 0;

	if (!len || len > 9)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (f[i] < '0' || f[i] > '9')
			return false;
		x = x * 10 + (unsigned long)(f[i] - '0');
	}
	*v = x;
	return true;
}

static bool field_hex(const char *f, size_t len, unsigned long *v)
{
	unsigned long x = 0;

	if (!len || len > 8)
		return false;
	for (size_t i = 0; i < len; i++) {
		int d = text_hex_digit(f[i]);

		if (d < 0)
			return false;
		x = x << 4 | (unsigned long)d;
	}
	*v = x;
	return true;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

/* fs/proc_namespace.c show_mountinfo(): "ID PARENT MAJ:MIN ROOT MOUNTPOINT
 * OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS". */
int assign_parse_mountinfo(const char *text, size_t len, unsigned *major,
			   unsigned *minor, char *source, size_t srclen)
{
	const char *p = text, *end = text + len;
	bool found = false;

	if (srclen)
		source[0] = 0;
	while (p < end) {
		const char *le = line_end(p, end), *f, *dev = NULL, *src = NULL;
		size_t fl, devlen = 0, srcl = 0;
		unsigned long ma, mi;
		const char *colon;
		int n = 0;
		bool sep = false, root = false;

		while (next_field(&p, le, &f, &fl)) {
			if (n == 2) {
				dev = f;
				devlen = fl;
			} else if (n == 4) {
				root = field_is(f, fl, "/");
			} else if (n > 5 && !sep && field_is(f, fl, "-")) {
				sep = true;
				n = 100;    /* 100: fstype, 101: source */
			} else if (n == 102) {
				src = f;
				srcl = fl;
			}
			n++;
		}
		p = le < end ? le + 1 : end;
		if (!root || !sep || !dev)
			continue;
		colon = memchr(dev, ':', devlen);
		if (!colon ||
		    !field_dec(dev, (size_t)(colon - dev), &ma) ||
		    !field_dec(colon + 1, devlen - (size_t)(colon - dev) - 1,
			       &mi))
			continue;
		*major = (unsigned)ma;
		*minor = (unsigned)mi;
		if (srclen) {
			if (!src || srcl >= srclen)
				srcl = 0;
			if (srcl)
				memcpy(source, src, srcl);
			source[srcl] = 0;
		}
		found = true;
	}
	return found ? 0 : -ENOENT;
}

/* net/ipv4/fib_trie.c fib_route_seq_show(): "Iface\tDestination\tGateway
 * \tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT", hex in network
 * byte order. */
int assign_parse_route(const char *text, size_t len, char *ifname,
		       size_t iflen)
{
	const char *p = text, *end = text + len;
	unsigned long best = (unsigned long)-1;
	bool found = false, first = true;

	while (p < end) {
		const char *le = line_end(p, end), *f[8];
		size_t fl[8];
		unsigned long dst, flags, metric, mask;
		int n = 0;

		while (n < 8 && next_field(&p, le, &f[n], &fl[n]))
			n++;
		p = le < end ? le + 1 : end;
		if (first) {
			first = false;
			if (n && field_is(f[0], fl[0], "Iface"))
				continue;
		}
		if (n < 8 || fl[0] >= iflen || fl[0] >= 16)
			continue;
		if (!field_hex(f[1], fl[1], &dst) ||
		    !field_hex(f[3], fl[3], &flags) ||
		    !field_dec(f[6], fl[6], &metric) ||
		    !field_hex(f[7], fl[7], &mask))
			continue;
		/* RTF_UP = 0x0001 (include/uapi/linux/route.h) */
		if (dst || mask || !(flags & 0x1))
			continue;
		if (found && metric >= best)
			continue;
		best = metric;
		memcpy(ifname, f[0], fl[0]);
		ifname[fl[0]] = 0;
		found = true;
	}
	return found ? 0 : -ENOENT;
}

static bool is_hex_run(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (text_hex_digit(s[i]) < 0)
			return false;
	return true;
}

/* "dddd:bb:dd.f" exactly (12 characters). */
static bool is_bdf(const char *s, size_t n)
{
	return n == 12 && is_hex_run(s, 4) && s[4] == ':' &&
	       is_hex_run(s + 5, 2) && s[7] == ':' && is_hex_run(s + 8, 2) &&
	       s[10] == '.' && s[11] >= '0' && s[11] <= '7';
}

int assign_path_bdf(const char *path, char *bdf, size_t len)
{
	const char *p = path, *best = NULL;

	while (*p) {
		size_t n = strcspn(p, "/");

		if (is_bdf(p, n))
			best = p;
		p += n;
		if (*p == '/')
			p++;
	}
	if (!best || len < 13)
		return -ENOENT;
	memcpy(bdf, best, 12);
	bdf[12] = 0;
	return 0;
}

int assign_partition_diff(const int *first, size_t nfirst,
			  const int *second, size_t nsecond, size_t n,
			  struct partition_pair *out, size_t max,
			  size_t *count)
{
	/* For each group G of side A: the first member seen of each group
	 * of side B within G.  A stamp array indexed by B's labels says
	 * whether that B group was already seen within the current G. */
	const int *side[2] = { first, second };
	size_t nside[2] = { nfirst, nsecond };
	int *rep = NULL, *stamp = NULL, *grep = NULL;

	*count = 0;
	for (int s = 0; s < 2; s++) {
		const int *a = side[s], *b = side[!s];
		size_t na = nside[s], nb = nside[!s];

		free(rep);
		free(stamp);
		free(grep);
		rep = calloc(nb ? nb : 1, sizeof(*rep));
		stamp = malloc((nb ? nb : 1) * sizeof(*stamp));
		grep = malloc((na ? na : 1) * sizeof(*grep));
		if (!rep || !stamp || !grep) {
			free(rep);
			free(stamp);
			free(grep);
			return -ENOMEM;
		}
		for (size_t k = 0; k < nb; k++)
			stamp[k] = -1;
		for (size_t k = 0; k < na; k++)
			grep[k] = -1;
		for (size_t i = 0; i < n; i++) {
			int ga = a[i], gb = b[i];

			if (ga < 0 || gb < 0 || (size_t)ga >= na ||
			    (size_t)gb >= nb)
				continue;
			if (grep[ga] < 0)
				grep[ga] = (int)i;
			if (stamp[gb] == ga)
				continue;
			stamp[gb] = ga;
			rep[gb] = (int)i;
			/* A new B group inside G: apart in B from G's first
			 * member, together in A. */
			if (grep[ga] == (int)i)
				continue;
			if (*count < max)
				out[*count] = (struct partition_pair){
					.a = grep[ga], .b = (int)i,
					.together_in_first = s == 0,
				};
			(*count)++;
		}
	}
	/* grouped on one side, in no group on the other */
	for (size_t i = 0; i < n; i++) {
		bool in_first = first[i] >= 0 && (size_t)first[i] < nfirst;
		bool in_second = second[i] >= 0 && (size_t)second[i] < nsecond;

		if (in_first == in_second)
			continue;
		if (*count < max)
			out[*count] = (struct partition_pair){
				.a = (int)i, .b = -1,
				.together_in_first = in_first,
			};
		(*count)++;
	}
	free(rep);
	free(stamp);
	free(grep);
	return 0;
}

/* ---- lookups ---- */

/* domain, then RID: the order of h->pci.v (VMD domains exceed 16 bits) */
static uint64_t fn_key(uint32_t domain, uint8_t bus, uint8_t devfn)
{
	return (uint64_t)domain << 16 | (uint64_t)bus << 8 | devfn;
}

static uint64_t fn_key_of(const struct pci_function *f)
{
	return fn_key(f->domain, f->bus, (uint8_t)(f->dev << 3 | f->func));
}

/* The first function whose key is >= KEY (the array is in bus order). */
static size_t lower_bound(const struct pci_facts *p, uint64_t key)
{
	size_t lo = 0, hi = p->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fn_key_of(&p->v[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int find_fn(const struct pci_facts *p, uint32_t domain, uint8_t bus,
		   uint8_t devfn)
{
	uint64_t key = fn_key(domain, bus, devfn);
	size_t i = lower_bound(p, key);

	return i < p->count && fn_key_of(&p->v[i]) == key ? (int)i : -1;
}

static const char *short_bdf(const struct pci_function *f)
{
	/* "0000:00:1c.0" -> "00:1c.0" on domain 0, as lspci prints it */
	return f->domain == 0 && strlen(f->bdf) == 12 ? f->bdf + 5 : f->bdf;
}

/* ---- reasons ---- */

__attribute__((format(printf, 5, 6)))
static int add_reason(struct device_assign *d, enum assign_reason_kind kind,
		      int other, bool unknown, const char *fmt, ...)
{
	struct assign_reason *r, *v;
	size_t n = d->nreasons;
	va_list ap;

	/* capacities 4, 8, 16, ...: full when N is one of them */
	if (n == 0 || (n >= 4 && !(n & (n - 1)))) {
		v = realloc(d->reasons, (n ? n * 2 : 4) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		d->reasons = v;
	}
	r = &d->reasons[d->nreasons++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->other = other;
	r->unknown = unknown;
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
	return 0;
}

static enum assign_reason_kind group_kind(enum group_reason_kind k)
{
	switch (k) {
	case GROUP_REASON_ACS_PATH:
		return AREASON_ACS_PATH;
	case GROUP_REASON_MULTIFUNCTION:
		return AREASON_MULTIFUNCTION;
	case GROUP_REASON_PCI_BRIDGE:
		return AREASON_PCI_BRIDGE;
	case GROUP_REASON_DMA_ALIAS:
		return AREASON_DMA_ALIAS;
	default:
		return AREASON_ACS_UNKNOWN;
	}
}

/* ---- host-critical devices ---- */

static void add_critical(int *v, size_t *n, int fn)
{
	if (fn < 0)
		return;
	for (size_t i = 0; i < *n; i++)
		if (v[i] == fn)
			return;
	if (*n < ASSIGN_MAX_CRITICAL)
		v[(*n)++] = fn;
}

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/*
 * The PCI controller(s) of block device PATH (a link under sys/dev/block
 * or sys/class/block): the last BDF of the link target (a partition's
 * path holds its disk's), else the slaves of a dm/md device.
 */
static void walk_block(struct host *h, const char *path, int depth)
{
	struct assign_facts *a = &h->assign;
	char target[ROOT_PATH_MAX], bdf[16], sub[ROOT_PATH_MAX];
	char **names = NULL;
	size_t n = 0;
	int e;

	if (depth > MAX_WALK_DEPTH)
		return;
	e = root_readlink(h->root, path, target, sizeof(target));
	if (depth == 0)
		fact_src_set(&a->rootfs_dev_src, path, e < 0 ? e : 0);
	if (e < 0)
		return;
	if (depth == 0)
		append(a->rootfs_evidence, sizeof(a->rootfs_evidence),
		       " -> %s", target);
	if (!assign_path_bdf(target, bdf, sizeof(bdf))) {
		add_critical(a->rootfs_fns, &a->nrootfs,
			     pci_find(&h->pci, bdf));
		return;
	}
	snprintf(sub, sizeof(sub), "%s/slaves", path);
	if (root_list(h->root, sub, MAX_SLAVES, &names, &n))
		return;
	for (size_t i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "sys/class/block/%s", names[i]);
		if (depth == 0)
			append(a->rootfs_evidence, sizeof(a->rootfs_evidence),
			       "; slave %s", names[i]);
		walk_block(h, sub, depth + 1);
	}
	root_names_free(names);
}

static void find_rootfs(struct host *h)
{
	struct assign_facts *a = &h->assign;
	const char *path = "proc/self/mountinfo";
	char source[256], dev[ROOT_PATH_MAX], name[128];
	unsigned major = 0, minor = 0;
	struct blob b;
	int e;

	e = root_read(h->root, path, CAP_TEXT, &b);
	fact_src_set(&a->mounts_src, path, e);
	if (e)
		return;
	a->mounts_src.truncated = b.truncated;
	e = assign_parse_mountinfo(b.data, b.len, &major, &minor, source,
				   sizeof(source));
	blob_release(&b);
	if (e) {
		fact_src_set(&a->rootfs_dev_src, path, e);
		return;
	}
	snprintf(a->rootfs_evidence, sizeof(a->rootfs_evidence), "/ on %u:%u %s",
		 major, minor, source);
	/* A btrfs or other anonymous-device root (major 0) has no block
	 * device node: fall back to its source, "/dev/NAME" or a link to it
	 * ("/dev/mapper/root" -> "../dm-0"). */
	if (major != 0) {
		struct stat st;

		snprintf(dev, sizeof(dev), "sys/dev/block/%u:%u", major, minor);
		/* the link itself: its target need not be in a snapshot */
		if (!root_lstat(h->root, dev, &st)) {
			walk_block(h, dev, 0);
			goto out;
		}
	}
	if (strncmp(source, "/dev/", 5) || strstr(source, "..")) {
		fact_src_set(&a->rootfs_dev_src, "sys/dev/block", -ENOENT);
		goto out;
	}
	if (root_link_basename(h->root, source + 1, name, sizeof(name)) < 0)
		snprintf(name, sizeof(name), "%s", strrchr(source, '/') + 1);
	snprintf(dev, sizeof(dev), "sys/class/block/%s", name);
	walk_block(h, dev, 0);
out:
	a->rootfs_fn = a->nrootfs ? a->rootfs_fns[0] : -1;
}

/* The PCI function(s) behind interface IF: the last BDF of its
 * sys/class/net link, else the devices below it (lower_* links of a
 * bridge, bond or VLAN: net/core/dev.c netdev_upper_dev_link()). */
static void walk_net(struct host *h, const char *ifname, int depth)
{
	struct assign_facts *a = &h->assign;
	char path[ROOT_PATH_MAX], target[ROOT_PATH_MAX], bdf[16];
	char **names = NULL;
	size_t n = 0;
	int e;

	if (depth > MAX_WALK_DEPTH || strchr(ifname, '/') ||
	    !strcmp(ifname, "..") || !strcmp(ifname, "."))
		return;
	snprintf(path, sizeof(path), "sys/class/net/%s", ifname);
	e = root_readlink(h->root, path, target, sizeof(target));
	if (depth == 0)
		fact_src_set(&a->route_dev_src, path, e < 0 ? e : 0);
	if (e < 0)
		return;
	append(a->route_evidence, sizeof(a->route_evidence), "%s%s -> %s",
	       depth ? "; " : "", ifname, target);
	if (!assign_path_bdf(target, bdf, sizeof(bdf))) {
		add_critical(a->route_nic_fns, &a->nroute_nics,
			     pci_find(&h->pci, bdf));
		return;
	}
	if (root_list(h->root, path, 4096, &names, &n))
		return;
	for (size_t i = 0; i < n; i++)
		if (!strncmp(names[i], "lower_", 6) && names[i][6])
			walk_net(h, names[i] + 6, depth + 1);
	root_names_free(names);
}

static void find_route_nic(struct host *h)
{
	struct assign_facts *a = &h->assign;
	const char *path = "proc/net/route";
	char ifname[32];
	struct blob b;
	int e;

	e = root_read(h->root, path, CAP_TEXT, &b);
	fact_src_set(&a->route_src, path, e);
	if (e)
		return;
	a->route_src.truncated = b.truncated;
	e = assign_parse_route(b.data, b.len, ifname, sizeof(ifname));
	blob_release(&b);
	if (e) {
		fact_src_set(&a->route_dev_src, path, e);
		return;
	}
	walk_net(h, ifname, 0);
	a->route_nic_fn = a->nroute_nics ? a->route_nic_fns[0] : -1;
}

/* ---- firmware identity maps ---- */

/* Mark FN (and, for a bridge scope, everything below it) with U. */
static void mark_below(const struct pci_facts *p, int fn, bool subtree,
		       int *mark, int u)
{
	const struct pci_function *f = &p->v[fn];
	size_t i;

	if (mark[fn] < 0)
		mark[fn] = u;
	if (!subtree || !pci_is_bridge(f) || f->secondary_bus == 0 ||
	    f->subordinate_bus < f->secondary_bus)
		return;
	for (i = lower_bound(p, fn_key(f->domain, f->secondary_bus, 0));
	     i < p->count && p->v[i].domain == f->domain &&
	     p->v[i].bus <= f->subordinate_bus; i++)
		if (mark[i] < 0)
			mark[i] = u;
}

/*
 * Resolve a DMAR device scope: start at the start bus; every element but
 * the last must be a bridge, whose secondary bus the next element is on
 * (drivers/iommu/dmar.c dmar_match_pci_path()).  Returns the function
 * index or -1.
 */
static int resolve_scope(const struct pci_facts *p, uint16_t segment,
			 const struct dmar_scope *s)
{
	unsigned bus = s->start_bus;
	int fn = -1;

	for (unsigned k = 0; k < s->npath; k++) {
		uint8_t devfn = (uint8_t)((s->path[k][0] & 0x1f) << 3 |
					  (s->path[k][1] & 0x7));

		fn = find_fn(p, segment, (uint8_t)bus, devfn);
		if (fn < 0)
			return -1;
		if (k + 1 < s->npath) {
			if (!pci_is_bridge(&p->v[fn]))
				return -1;
			bus = p->v[fn].secondary_bus;
		}
	}
	return fn;
}

/* kernel.md §7.1: device_rmrr_is_relaxable() (intel/iommu.c): display
 * (class base 0x03) and USB (0x0c03) RMRRs are relaxable. */
static bool rmrr_relaxable(const struct pci_function *f)
{
	return (f->class_code >> 16) == 0x03 || (f->class_code >> 8) == 0x0c03;
}

static void mark_rmrr(const struct host *h, int *rmrr)
{
	const struct dmar_table *t = &h->acpi.dmar;

	for (size_t u = 0; u < t->nunits; u++) {
		const struct dmar_unit *un = &t->units[u];

		if (un->type != DMAR_TYPE_RMRR)
			continue;
		for (size_t k = 0; k < un->nscopes; k++) {
			const struct dmar_scope *s;
			int fn;

			if (un->first_scope + k >= t->nscopes)
				break;
			s = &t->scopes[un->first_scope + k];
			if ((s->type != DMAR_SCOPE_ENDPOINT &&
			     s->type != DMAR_SCOPE_BRIDGE) || !s->npath)
				continue;
			fn = resolve_scope(&h->pci, un->segment, s);
			if (fn >= 0)
				mark_below(&h->pci, fn,
					   s->type == DMAR_SCOPE_BRIDGE, rmrr,
					   (int)u);
		}
	}
	/* relaxable RMRRs do not count */
	for (size_t i = 0; i < h->pci.count; i++)
		if (rmrr[i] >= 0 && rmrr_relaxable(&h->pci.v[i]))
			rmrr[i] = -1;
}

/* kernel.md §7.2: amd/init.c init_unity_map_range(): Unity or
 * ExclusionRange IVMDs become direct maps for devid..devid_end. */
static void mark_ivmd(const struct host *h, int *ivmd)
{
	const struct ivrs_table *t = &h->acpi.ivrs;
	const struct pci_facts *p = &h->pci;

	for (size_t u = 0; u < t->nunits; u++) {
		const struct ivrs_unit *un = &t->units[u];

		if (!ivrs_is_ivmd(un->type) ||
		    !(un->flags & (IVMD_FLAG_UNITY | IVMD_FLAG_EXCLUSION)))
			continue;
		for (size_t i = lower_bound(p, fn_key(un->segment,
						      (uint8_t)(un->devid >> 8),
						      (uint8_t)un->devid));
		     i < p->count; i++) {
			const struct pci_function *f = &p->v[i];

			if (f->domain != un->segment ||
			    (fn_key_of(f) & 0xffff) > un->devid_end)
				break;
			if (ivmd[i] < 0)
				ivmd[i] = (int)u;
		}
	}
}

/* ---- groups ---- */

/* The kernel release as major*1000+minor, or -1. */
static int kernel_version(const struct host *h)
{
	unsigned ma, mi;

	if (!fact_known(&h->kernel_release_src) ||
	    !sys_release_version(h->kernel_release, &ma, &mi) || ma > 1000 ||
	    mi > 999)
		return -1;
	return (int)(ma * 1000 + mi);
}

static bool predicted_usable(const struct host *h)
{
	const struct predicted_groups *g = &h->predicted;

	return g->group_of && g->nfunctions == h->pci.count && g->ngroups;
}

struct work {
	int *key;          /* group key per function, -1 none */
	size_t nkeys;
	int *start;        /* per key: first index in pool */
	int *size;
	int *crit;         /* per key: CRIT_* bits of its members */
	int *crit_fn;      /* per key, per kind: a member, [key*3+kind] */
	int *rmrr, *ivmd;  /* per function: unit index, -1 */
	int *fw_fn;        /* per key: a member covered by RMRR, IVMD */
	int *reason_start; /* predicted reasons bucketed by fn: n+1 */
	int *reason_idx;
	int *busrun;       /* per function: functions on its bus */
};

static void work_release(struct work *w)
{
	free(w->key);
	free(w->start);
	free(w->size);
	free(w->crit);
	free(w->crit_fn);
	free(w->rmrr);
	free(w->ivmd);
	free(w->fw_fn);
	free(w->reason_start);
	free(w->reason_idx);
	free(w->busrun);
}

static int build_keys(struct host *h, struct work *w)
{
	struct assign_facts *a = &h->assign;
	const struct pci_facts *p = &h->pci;
	size_t n = p->count;

	w->key = malloc(n * sizeof(int));
	if (!w->key)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		a->v[i].kernel_group = -1;
		a->v[i].kernel_index = -1;
		a->v[i].predicted_group = predicted_usable(h) ?
			h->predicted.group_of[i] : -1;
		w->key[i] = -1;
	}
	/* The kernel's groups are about the root's machine: not about a
	 * pasted lspci dump. */
	a->kernel_groups = h->sys.ngroups > 0 && !p->from_dump;
	if (a->kernel_groups) {
		for (size_t g = 0; g < h->sys.ngroups; g++) {
			const struct iommu_group_info *gi = &h->sys.groups[g];

			for (size_t k = 0; k < gi->ndevices; k++) {
				int fn = pci_find(p, gi->devices[k]);

				if (fn < 0 || a->v[fn].kernel_index >= 0)
					continue;
				a->v[fn].kernel_index = (int)g;
				a->v[fn].kernel_group = gi->id > INT32_MAX ?
					-1 : (int)gi->id;
				w->key[fn] = (int)g;
			}
		}
		w->nkeys = h->sys.ngroups;
	} else if (predicted_usable(h)) {
		for (size_t i = 0; i < n; i++) {
			int g = h->predicted.group_of[i];

			w->key[i] = g >= 0 && (size_t)g < h->predicted.ngroups ?
				g : -1;
		}
		w->nkeys = h->predicted.ngroups;
	}
	return 0;
}

static int build_members(struct host *h, struct work *w)
{
	struct assign_facts *a = &h->assign;
	size_t n = h->pci.count, nk = w->nkeys ? w->nkeys : 1, used = 0;
	int *fill;

	w->start = calloc(nk, sizeof(int));
	w->size = calloc(nk, sizeof(int));
	a->pool = malloc((n ? n : 1) * sizeof(int));
	fill = calloc(nk, sizeof(int));
	if (!w->start || !w->size || !a->pool || !fill) {
		free(fill);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (w->key[i] >= 0)
			w->size[w->key[i]]++;
	for (size_t k = 0; k < w->nkeys; k++) {
		w->start[k] = (int)used;
		used += (size_t)w->size[k];
	}
	/* in bus order within each group: i ascends */
	for (size_t i = 0; i < n; i++) {
		int k = w->key[i];

		if (k >= 0)
			a->pool[w->start[k] + fill[k]++] = (int)i;
	}
	free(fill);
	for (size_t i = 0; i < n; i++) {
		int k = w->key[i];

		if (k < 0)
			continue;
		a->v[i].members = a->pool + w->start[k];
		a->v[i].nmembers = (size_t)w->size[k];
	}
	return 0;
}

static int build_reason_index(const struct host *h, struct work *w)
{
	const struct predicted_groups *g = &h->predicted;
	size_t n = h->pci.count;
	int *fill;

	w->reason_start = calloc(n + 1, sizeof(int));
	w->reason_idx = malloc((g->nreasons ? g->nreasons : 1) * sizeof(int));
	fill = calloc(n + 1, sizeof(int));
	if (!w->reason_start || !w->reason_idx || !fill) {
		free(fill);
		return -ENOMEM;
	}
	if (!predicted_usable(h)) {
		free(fill);
		return 0;
	}
	for (size_t r = 0; r < g->nreasons; r++)
		if (g->reasons[r].fn >= 0 && (size_t)g->reasons[r].fn < n)
			w->reason_start[g->reasons[r].fn + 1]++;
	for (size_t i = 0; i < n; i++)
		w->reason_start[i + 1] += w->reason_start[i];
	for (size_t r = 0; r < g->nreasons; r++) {
		int fn = g->reasons[r].fn;

		if (fn >= 0 && (size_t)fn < n)
			w->reason_idx[w->reason_start[fn] + fill[fn]++] =
				(int)r;
	}
	free(fill);
	return 0;
}

static int build_marks(struct host *h, struct work *w)
{
	struct assign_facts *a = &h->assign;
	const struct pci_facts *p = &h->pci;
	size_t n = p->count, nk = w->nkeys ? w->nkeys : 1;

	w->rmrr = malloc(n * sizeof(int));
	w->ivmd = malloc(n * sizeof(int));
	w->busrun = malloc(n * sizeof(int));
	w->crit = calloc(nk, sizeof(int));
	w->crit_fn = malloc(nk * 3 * sizeof(int));
	w->fw_fn = malloc(nk * sizeof(int));
	if (!w->rmrr || !w->ivmd || !w->busrun || !w->crit || !w->crit_fn ||
	    !w->fw_fn)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		w->rmrr[i] = w->ivmd[i] = -1;
	for (size_t k = 0; k < nk * 3; k++)
		w->crit_fn[k] = -1;
	for (size_t k = 0; k < nk; k++)
		w->fw_fn[k] = -1;
	if (fact_known(&h->acpi.dmar_src))
		mark_rmrr(h, w->rmrr);
	if (fact_known(&h->acpi.ivrs_src))
		mark_ivmd(h, w->ivmd);

	/* functions per bus: the array is in bus order, so runs */
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && p->v[j].domain == p->v[i].domain &&
				p->v[j].bus == p->v[i].bus; j++)
			;
		for (size_t k = i; k < j; k++)
			w->busrun[k] = (int)(j - i);
	}

	for (size_t i = 0; i < n; i++) {
		int k = w->key[i], bits = 0, fn = (int)i;

		for (size_t r = 0; r < a->nrootfs; r++)
			bits |= a->rootfs_fns[r] == fn ? CRIT_ROOTFS : 0;
		for (size_t r = 0; r < a->nroute_nics; r++)
			bits |= a->route_nic_fns[r] == fn ? CRIT_NIC : 0;
		bits |= p->v[i].boot_vga == TRI_YES ? CRIT_VGA : 0;
		a->v[i].host_critical = bits != 0;
		if (bits && a->boot_vga_fn < 0 && (bits & CRIT_VGA))
			a->boot_vga_fn = fn;
		if (k < 0)
			continue;
		w->crit[k] |= bits;
		for (int b = 0; b < 3; b++)
			if ((bits & 1 << b) && w->crit_fn[k * 3 + b] < 0)
				w->crit_fn[k * 3 + b] = fn;
		if ((w->rmrr[i] >= 0 || w->ivmd[i] >= 0) && w->fw_fn[k] < 0)
			w->fw_fn[k] = fn;
	}
	return 0;
}

/* ---- per-function judgement ---- */

static void judge_firmware(const struct host *h, const struct work *w,
			   struct device_assign *d, int fn)
{
	const struct pci_function *f = &h->pci.v[fn];
	int k = w->key[fn], other;

	if (w->rmrr[fn] >= 0) {
		const struct dmar_unit *u = &h->acpi.dmar.units[w->rmrr[fn]];

		add_reason(d, AREASON_RMRR, -1, false,
			   "an RMRR (0x%llx-0x%llx) covers it and its class "
			   "%06x is neither display nor USB: the kernel keeps "
			   "a firmware 1:1 map and refuses it to VFIO "
			   "(intel/iommu.c device_rmrr_is_relaxable())",
			   (unsigned long long)u->address,
			   (unsigned long long)u->limit, f->class_code);
	}
	if (w->ivmd[fn] >= 0) {
		const struct ivrs_unit *u = &h->acpi.ivrs.units[w->ivmd[fn]];

		add_reason(d, AREASON_IVMD, -1, false,
			   "an IVMD %s range (devid %04x-%04x, 0x%llx + 0x%llx) "
			   "covers it: the firmware requires a 1:1 map, which "
			   "VFIO cannot keep (amd/init.c; no exemption on AMD)",
			   (u->flags & IVMD_FLAG_EXCLUSION) ? "exclusion" :
			   "unity", u->devid, u->devid_end,
			   (unsigned long long)u->start,
			   (unsigned long long)u->mem_length);
	}
	if (k < 0)
		return;
	other = w->fw_fn[k];
	if (other >= 0 && other != fn)
		add_reason(d, w->rmrr[other] >= 0 ? AREASON_RMRR : AREASON_IVMD,
			   other, false,
			   "%s in its group has a firmware 1:1 map (%s): the "
			   "group cannot be given to VFIO "
			   "(iommu.c __iommu_device_set_domain() require_direct)",
			   short_bdf(&h->pci.v[other]),
			   w->rmrr[other] >= 0 ? "RMRR" : "IVMD");
}

static void judge_reserved(const struct host *h, struct device_assign *d,
			   int kver)
{
	const struct iommu_group_info *g;

	if (d->kernel_index < 0)
		return;
	g = &h->sys.groups[d->kernel_index];
	if (!g->reserved_direct)
		return;
	if (kver < 0)
		add_reason(d, AREASON_RESERVED_DIRECT, -1, true,
			   "group %lu has a \"direct\" reserved region (%s); "
			   "whether it blocks VFIO depends on the kernel "
			   "version (>= 6.5), which is unknown",
			   g->id, g->direct_line);
	else if (kver >= 6005)
		add_reason(d, AREASON_RESERVED_DIRECT, -1, false,
			   "group %lu has a \"direct\" reserved region (%s): "
			   "kernels >= 6.5 refuse a group with a firmware 1:1 "
			   "map to VFIO (\"Firmware has requested this device "
			   "have a 1:1 IOMMU mapping\")", g->id, g->direct_line);
}

static void judge_critical(const struct host *h, const struct work *w,
			   struct device_assign *d, int fn)
{
	static const struct {
		int bit;
		enum assign_reason_kind kind;
		const char *what;
	} kinds[] = {
		{ CRIT_ROOTFS, AREASON_HOST_ROOTFS,
		  "the controller of the host's root filesystem" },
		{ CRIT_VGA, AREASON_HOST_BOOT_VGA,
		  "the host's boot VGA device (its console)" },
		{ CRIT_NIC, AREASON_HOST_ROUTE_NIC,
		  "the NIC of the host's default route" },
	};
	int k = w->key[fn];

	if (k < 0)
		return;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		int other = w->crit_fn[k * 3 + (int)i];

		if (!(w->crit[k] & kinds[i].bit) || other < 0)
			continue;
		if (other == fn)
			add_reason(d, kinds[i].kind, fn, false,
				   "it is %s: passing it through takes it "
				   "from the host", kinds[i].what);
		else
			add_reason(d, kinds[i].kind, other, false,
				   "its group holds %s, %s: the whole group "
				   "goes to the VM or none of it",
				   short_bdf(&h->pci.v[other]), kinds[i].what);
	}
}

/* Is every function on FN's bus in FN's group (so VFIO can reset the bus
 * with VFIO_DEVICE_PCI_HOT_RESET, which needs them all owned)? */
static bool bus_in_group(const struct host *h, const struct work *w, int fn)
{
	const struct pci_function *f = &h->pci.v[fn];
	size_t i = lower_bound(&h->pci, fn_key(f->domain, f->bus, 0));

	for (; i < h->pci.count && h->pci.v[i].domain == f->domain &&
	       h->pci.v[i].bus == f->bus; i++)
		if (w->key[i] < 0 || w->key[i] != w->key[fn])
			return false;
	return true;
}

/* kernel.md §3.4: pci_reset_fn_methods[]; "bus" needs the function alone
 * on its bus below a bridge (pci.c pci_parent_bus_reset()). */
static void judge_reset(const struct host *h, const struct work *w,
			struct device_assign *d, int fn)
{
	const struct pci_function *f = &h->pci.v[fn];
	bool can_bus = !f->on_root_bus && f->parent >= 0;
	bool alone_on_bus = w->busrun[fn] == 1;

	bool pm = f->pm_cap == TRI_YES && f->pm_no_soft_reset == TRI_NO;
	bool pm_unknown = f->pm_cap == TRI_UNKNOWN ||
			  (f->pm_cap == TRI_YES &&
			   f->pm_no_soft_reset == TRI_UNKNOWN);

	/* NO: a "reset" file without reset_method (before v5.15): some
	 * method exists */
	if (f->reset_methods_known == TRI_NO)
		return;
	if (f->reset_methods_known == TRI_YES) {
		if (f->reset_methods[0])
			return;
		if (can_bus && bus_in_group(h, w, fn)) {
			add_reason(d, AREASON_RESET, -1, false,
				   "reset_method is empty; VFIO can still reset "
				   "its bus when the VM owns every function on "
				   "it (VFIO_DEVICE_PCI_HOT_RESET)");
			return;
		}
		add_reason(d, AREASON_NO_RESET, -1, false,
			   "reset_method is empty: the kernel knows no way to "
			   "reset it, so a VM would inherit (and leave) its "
			   "state");
		return;
	}
	if (f->flr == TRI_YES || f->af_flr == TRI_YES || pm)
		return;
	if (f->flr == TRI_UNKNOWN || f->af_flr == TRI_UNKNOWN || pm_unknown) {
		add_reason(d, AREASON_RESET, -1, true,
			   "reset: unknown (reset_method and the FLR/PM "
			   "capabilities could not be read)");
		return;
	}
	if (can_bus && alone_on_bus) {
		add_reason(d, AREASON_RESET, -1, false,
			   "reset: no FLR and no PM reset; only a secondary "
			   "bus reset through %s",
			   short_bdf(&h->pci.v[f->parent]));
		return;
	}
	if (can_bus && bus_in_group(h, w, fn)) {
		add_reason(d, AREASON_RESET, -1, false,
			   "reset: no FLR and no PM reset; a bus reset works "
			   "only when the VM owns every function on bus %02x "
			   "(VFIO_DEVICE_PCI_HOT_RESET)", f->bus);
		return;
	}
	add_reason(d, AREASON_NO_RESET, -1, false,
		   "no usable reset: no FLR, no AF FLR, no PM reset "
		   "(No_Soft_Reset set or no PM capability), and %s",
		   can_bus ? "a bus reset would hit other devices on its bus"
			   : "it sits on a root bus, where no bus reset exists");
}

/* Keep one more group reason, or count it as dropped. */
static bool keep(size_t *kept, size_t *dropped)
{
	if (*kept < ASSIGN_MAX_REASONS) {
		(*kept)++;
		return true;
	}
	(*dropped)++;
	return false;
}

/*
 * Why it is with the others: the predicted reasons about each member; a
 * member the kernel groups with it against the prediction says so.  A
 * function alone keeps only the "ACS unknown" caveat.
 */
static void judge_members(const struct host *h, const struct work *w,
			  struct device_assign *d, int fn, size_t *others)
{
	const struct predicted_groups *g = &h->predicted;
	const struct assign_facts *a = &h->assign;
	size_t kept = 0, dropped = 0, predicted = 0;
	int mypred = d->predicted_group;

	*others = 0;
	for (size_t m = 0; m < d->nmembers; m++)
		if (d->members[m] != fn && !pci_is_bridge(&h->pci.v[d->members[m]]))
			(*others)++;
	for (size_t m = 0; m < d->nmembers; m++) {
		int o = d->members[m];
		const struct pci_function *of = &h->pci.v[o];

		if (o != fn && a->kernel_groups && mypred >= 0 &&
		    a->v[o].predicted_group != mypred) {
			if (keep(&kept, &dropped))
				add_reason(d, AREASON_KERNEL_ONLY, o, false,
					   "the kernel groups %s with it; the "
					   "prediction separates them (a quirk "
					   "this tool lacks, an ACS override "
					   "or a kernel change)",
					   short_bdf(of));
			continue;
		}
		for (int r = w->reason_start[o]; r < w->reason_start[o + 1];
		     r++) {
			const struct group_reason *gr =
				&g->reasons[w->reason_idx[r]];

			if (!*others && gr->kind != GROUP_REASON_UNKNOWN_ACS)
				continue;
			predicted++;
			if (keep(&kept, &dropped))
				add_reason(d, group_kind(gr->kind),
					   gr->port >= 0 ? gr->port : o, false,
					   "%s", gr->text);
		}
		if (o != fn && pci_is_bridge(of) && keep(&kept, &dropped))
			add_reason(d, AREASON_BRIDGE_STAYS, o, false,
				   "%s (bridge) is in its group and stays on "
				   "pcieport, which VFIO allows (kernel.md "
				   "§4.1)", short_bdf(of));
	}
	/* a group the prediction gives no reason for: say who is in it */
	for (size_t m = 0; !predicted && *others && m < d->nmembers; m++) {
		int o = d->members[m];

		if (o == fn || pci_is_bridge(&h->pci.v[o]) ||
		    (a->kernel_groups && mypred >= 0 &&
		     a->v[o].predicted_group != mypred))
			continue;
		if (keep(&kept, &dropped))
			add_reason(d, AREASON_KERNEL_ONLY, o, false,
				   "%s shares its %s group (no reason "
				   "predicted)", short_bdf(&h->pci.v[o]),
				   a->kernel_groups ? "kernel" : "predicted");
	}
	if (dropped)
		add_reason(d, AREASON_KERNEL_ONLY, -1, false,
			   "... and %zu more reasons", dropped);
}

static void judge(struct host *h, const struct work *w, int fn, int kver)
{
	struct device_assign *d = &h->assign.v[fn];
	const struct pci_function *f = &h->pci.v[fn];
	bool blocked = false, unknown = false;
	size_t others = 0;

	if (pci_is_bridge(f)) {
		add_reason(d, AREASON_BRIDGE, -1, false,
			   "it is a bridge (header type %u): vfio-pci binds "
			   "only normal (type 0) functions (vfio_pci_core.c "
			   "vfio_pci_probe()); it stays on pcieport",
			   f->header_type & 0x7f);
		d->verdict = ASSIGN_BLOCKED;
		return;
	}
	judge_firmware(h, w, d, fn);
	judge_reserved(h, d, kver);
	judge_critical(h, w, d, fn);
	judge_reset(h, w, d, fn);
	if (w->key[fn] < 0) {
		if (h->assign.kernel_groups && fact_known(&h->sys.groups_src))
			add_reason(d, AREASON_NO_GROUP, -1, false,
				   "the kernel put it in no IOMMU group: "
				   "vfio-pci refuses a device without one "
				   "(kernel.md §4.1)");
		else
			add_reason(d, AREASON_NO_GROUP, -1, true,
				   "no IOMMU group: the kernel formed none and "
				   "none could be predicted (%s)",
				   fact_known(&h->pci.src) ?
				   "the prediction is unavailable" :
				   "PCI facts unreadable");
	} else {
		judge_members(h, w, d, fn, &others);
	}
	for (size_t r = 0; r < d->nreasons; r++) {
		if (!assign_reason_blocks(d->reasons[r].kind))
			continue;
		if (d->reasons[r].unknown)
			unknown = true;
		else
			blocked = true;
	}
	if (blocked)
		d->verdict = ASSIGN_BLOCKED;
	else if (unknown)
		d->verdict = ASSIGN_UNKNOWN;
	else
		d->verdict = others ? ASSIGN_WITH_GROUP : ASSIGN_ALONE;
}

int probe_assign(struct host *h)
{
	struct assign_facts *a = &h->assign;
	struct work w = { 0 };
	int kver = kernel_version(h), e;

	assign_facts_release(a);
	a->rootfs_fn = a->boot_vga_fn = a->route_nic_fn = -1;
	if (!h->pci.count)
		return 0;
	a->v = calloc(h->pci.count, sizeof(*a->v));
	if (!a->v)
		return -ENOMEM;
	a->count = h->pci.count;
	if (h->root && !h->pci.from_dump) {
		find_rootfs(h);
		find_route_nic(h);
	} else {
		/* a pasted dump is another machine: its host-critical
		 * devices are unknown */
		fact_src_set(&a->mounts_src, "proc/self/mountinfo", -ENODEV);
		fact_src_set(&a->route_src, "proc/net/route", -ENODEV);
	}
	e = build_keys(h, &w);
	if (!e)
		e = build_members(h, &w);
	if (!e)
		e = build_reason_index(h, &w);
	if (!e)
		e = build_marks(h, &w);
	/* bounded by what sized w's per-function arrays (= a->count) */
	if (!e)
		for (size_t i = 0; i < h->pci.count; i++)
			judge(h, &w, (int)i, kver);
	work_release(&w);
	return e;
}

void assign_facts_release(struct assign_facts *a)
{
	for (size_t i = 0; i < a->count; i++)
		free(a->v[i].reasons);
	free(a->v);
	free(a->pool);
	memset(a, 0, sizeof(*a));
	a->rootfs_fn = a->boot_vga_fn = a->route_nic_fn = -1;
}

const char *assignability_name(enum assignability a)
{
	switch (a) {
	case ASSIGN_ALONE:
		return "alone";
	case ASSIGN_WITH_GROUP:
		return "with_group";
	case ASSIGN_BLOCKED:
		return "blocked";
	default:
		return "unknown";
	}
}
