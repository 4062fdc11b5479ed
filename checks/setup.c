/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generated set-up for one PCI function and its group, exact for this host,
 * and the reverse: a libvirt domain's <hostdev>s checked against this host.
 *
 * It lives with the checks: the set-up is the remedy of the devices check,
 * and the domain check is judgement.  The report and the hostdev/domain
 * commands read it; it reads only the probed facts.  Everything here is
 * text for people to run; nothing is run.  XML is built and parsed with
 * libxml2 only.  The kernel-argument wording comes from remedy_kernel_args().
 *
 * References: kernel.md section 4 (group viability, vfio-pci ids=,
 * driver_override, softdep), section 5.3 (video=efifb:off); libvirt
 * src/conf/device_conf.c virPCIDeviceAddressParseXML() (base-0 numbers) and
 * virPCIDeviceAddressFormat() ('0x%04x' '0x%02x' '0x%02x' '0x%d').
 */
#include "setup.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "remedy.h"
#include "../probe/probe.h"

/* ---- a growing string ---- */

struct dbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

__attribute__((format(printf, 2, 3)))
static void db_add(struct dbuf *b, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	int n;

	if (b->oom)
		return;
	/* into the room left, which is enough most of the time: a remedy is
	 * built for every assignable function, so once per append counts */
	va_start(ap, fmt);
	n = vsnprintf(b->p ? b->p + b->len : NULL, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	need = b->len + (size_t)n + 1;
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* The string (caller frees), "" when nothing was added; NULL on OOM. */
static char *db_take(struct dbuf *b)
{
	char *p = b->p;

	if (b->oom) {
		free(p);
		p = NULL;
	} else if (!p) {
		p = strdup("");
	}
	memset(b, 0, sizeof(*b));
	return p;
}

/* ---- the set of functions that go together ---- */

struct fnset {
	int *fn;              /* bus order (h->pci.v is sorted), no bridges */
	size_t n;
	int *bridges;         /* group members that stay on the host */
	size_t nbridges;
};

static const struct device_assign *assign_of(const struct host *h, int fn)
{
	if (!h->assign.v || fn < 0 || (size_t)fn >= h->assign.count)
		return NULL;
	return &h->assign.v[fn];
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Sort V[0..*N) and drop repeats. */
static void sort_unique(int *v, size_t *n)
{
	size_t k = 0;

	qsort(v, *n, sizeof(*v), cmp_int);
	for (size_t i = 0; i < *n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	*n = k;
}

static bool in_set(const struct fnset *s, int fn)
{
	return bsearch(&fn, s->fn, s->n, sizeof(*s->fn), cmp_int) != NULL;
}

static void fnset_release(struct fnset *s)
{
	free(s->fn);
	free(s->bridges);
	memset(s, 0, sizeof(*s));
}

/* -EINVAL no such function, -EPERM blocked or a bridge, -ENOMEM. */
static int fnset_build(const struct host *h, int fn, struct fnset *s)
{
	const struct device_assign *a;
	size_t max;

	memset(s, 0, sizeof(*s));
	if (fn < 0 || (size_t)fn >= h->pci.count)
		return -EINVAL;
	a = assign_of(h, fn);
	if ((a && a->verdict == ASSIGN_BLOCKED) || h->pci.v[fn].is_bridge)
		return -EPERM;
	max = 1 + (a ? a->nmembers : 0);
	s->fn = calloc(max, sizeof(*s->fn));
	s->bridges = calloc(max, sizeof(*s->bridges));
	if (!s->fn || !s->bridges) {
		fnset_release(s);
		return -ENOMEM;
	}
	s->fn[s->n++] = fn;
	for (size_t i = 0; a && i < a->nmembers; i++) {
		int m = a->members[i];

		if (m < 0 || (size_t)m >= h->pci.count)
			continue;
		if (h->pci.v[m].is_bridge)
			s->bridges[s->nbridges++] = m;
		else
			s->fn[s->n++] = m;
	}
	/* sorted, not searched per member: a group of a thousand VFs
	 * costs n log n here, for each of its members */
	sort_unique(s->fn, &s->n);
	sort_unique(s->bridges, &s->nbridges);
	return 0;
}

/* ---- facts about one function ---- */

/* FN's driver: "" unbound, NULL unknown (no sysfs directory, or the PCI
 * facts come from an lspci dump, whose drivers are another machine's). */
const char *setup_driver(const struct host *h, int fn)
{
	const struct pci_function *f = &h->pci.v[fn];

	return f->sysfs ? f->driver : NULL;
}

/* vfio-pci, or a vfio_pci_core variant driver (mlx5_vfio_pci, ...). */
static bool is_vfio_driver(const char *d)
{
	return d && (strstr(d, "vfio-pci") || strstr(d, "vfio_pci"));
}

/* Drivers that leave a group viable (kernel.md 4.1: driver_managed_dma). */
static bool viable_driver(const char *d)
{
	return is_vfio_driver(d) || !strcmp(d, "pci-stub") ||
	       !strcmp(d, "pcieport");
}

static bool is_boot_vga(const struct host *h, int fn)
{
	if (h->pci.v[fn].boot_vga == TRI_YES)
		return true;
	return h->assign.v && h->assign.boot_vga_fn == fn;
}

static bool is_vga_class(const struct pci_function *f)
{
	return (f->class_code >> 8) == 0x0300;
}

char *setup_short_bdf(const struct host *h, int fn, char *buf, size_t len)
{
	const struct pci_function *f = &h->pci.v[fn];

	if (f->domain)
		snprintf(buf, len, "%04x:%02x:%02x.%x", f->domain, f->bus,
			 f->dev, f->func);
	else
		snprintf(buf, len, "%02x:%02x.%x", f->bus, f->dev, f->func);
	return buf;
}

char *setup_describe(const struct host *h, int fn, char *buf, size_t len)
{
	const struct pci_function *f = &h->pci.v[fn];
	const char *drv = setup_driver(h, fn);
	char bdf[24], cls[112], what[272], dr[96];

	setup_short_bdf(h, fn, bdf, sizeof(bdf));
	if (f->class_name[0])
		snprintf(cls, sizeof(cls), "%s", f->class_name);
	else
		snprintf(cls, sizeof(cls), "Class %04x", f->class_code >> 8);
	if (f->vendor_name[0] || f->device_name[0])
		snprintf(what, sizeof(what), "%s%s%s", f->vendor_name,
			 f->vendor_name[0] && f->device_name[0] ? " " : "",
			 f->device_name);
	else
		snprintf(what, sizeof(what), "Device %04x:%04x", f->vendor_id,
			 f->device_id);
	if (!drv)
		snprintf(dr, sizeof(dr), "driver unknown");
	else if (!drv[0])
		snprintf(dr, sizeof(dr), "no driver");
	else
		snprintf(dr, sizeof(dr), "driver %s", drv);
	snprintf(buf, len, "%s [%04x:%04x] %s: %s (%s)", bdf, f->vendor_id,
		 f->device_id, cls, what, dr);
	return buf;
}

/* ---- vfio-pci.ids= ---- */

static bool same_id(const struct pci_function *a, const struct pci_function *b)
{
	return a->vendor_id == b->vendor_id && a->device_id == b->device_id;
}

static bool id_listed(const struct host *h, const struct fnset *s, size_t upto,
		      const struct pci_function *f)
{
	for (size_t j = 0; j < upto; j++)
		if (same_id(&h->pci.v[s->fn[j]], f))
			return true;
	return false;
}

static void ids_add(const struct host *h, const struct fnset *s,
		    struct dbuf *b)
{
	bool first = true;

	for (size_t i = 0; i < s->n; i++) {
		const struct pci_function *f = &h->pci.v[s->fn[i]];

		if (id_listed(h, s, i, f))
			continue;
		db_add(b, "%s%04x:%04x", first ? "" : ",", f->vendor_id,
		       f->device_id);
		first = false;
	}
}

char *setup_vfio_ids(const struct host *h, int fn)
{
	struct dbuf b = { 0 };
	struct fnset s;

	if (fnset_build(h, fn, &s))
		return NULL;
	ids_add(h, &s, &b);
	fnset_release(&s);
	return db_take(&b);
}

/* Append the comma-separated entries of ADD not already in the comma list
 * of B's string (compared case-insensitively). */
static void ids_merge(struct dbuf *b, const char *add)
{
	for (const char *p = add ? add : ""; *p;) {
		size_t l = strcspn(p, ",");
		bool dup = false;

		for (const char *q = b->p ? b->p : ""; *q && !dup;) {
			size_t ql = strcspn(q, ",");

			dup = ql == l && !strncasecmp(q, p, l);
			q += ql;
			if (*q == ',')
				q++;
		}
		if (l && !dup)
			db_add(b, "%s%.*s", b->len ? "," : "", (int)l, p);
		p += l;
		if (*p == ',')
			p++;
	}
}

/* ---- the set-up text ---- */

#define KARGS_MAX 8192

enum irfs_tool {
	IRFS_UNKNOWN = 0,
	IRFS_DEBIAN,          /* initramfs-tools: update-initramfs */
	IRFS_DRACUT,          /* Fedora, RHEL and rebuilds, openSUSE */
	IRFS_MKINITCPIO,      /* Arch and derivatives */
};

static enum irfs_tool irfs_of_word(const char *w, size_t l)
{
	static const struct {
		const char *id;
		enum irfs_tool t;
	} map[] = {
		{ "debian", IRFS_DEBIAN }, { "ubuntu", IRFS_DEBIAN },
		{ "fedora", IRFS_DRACUT }, { "rhel", IRFS_DRACUT },
		{ "centos", IRFS_DRACUT }, { "suse", IRFS_DRACUT },
		{ "opensuse", IRFS_DRACUT }, { "opensuse-leap", IRFS_DRACUT },
		{ "opensuse-tumbleweed", IRFS_DRACUT },
		{ "arch", IRFS_MKINITCPIO },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].id) == l && !strncmp(map[i].id, w, l))
			return map[i].t;
	return IRFS_UNKNOWN;
}

/* By ID=, then each word of ID_LIKE= (os-release(5)). */
static enum irfs_tool irfs_tool(const struct boot_facts *b)
{
	enum irfs_tool t = irfs_of_word(b->os_id, strlen(b->os_id));

	for (const char *p = b->os_id_like; t == IRFS_UNKNOWN && *p;) {
		size_t l;

		p += strspn(p, " \t");
		l = strcspn(p, " \t");
		if (l)
			t = irfs_of_word(p, l);
		p += l;
	}
	return t;
}

static void initramfs_steps(const struct host *h, struct dbuf *b,
			    bool vfio_builtin)
{
	enum irfs_tool t = irfs_tool(&h->boot);
	bool all = t == IRFS_UNKNOWN;

	if (all)
		db_add(b, "    The distribution is not recognised (%s); use the "
			  "line for its initramfs tool:\n",
		       h->boot.os_id[0] ? h->boot.os_id : "no os-release");
	if (t == IRFS_DEBIAN || all) {
		if (!vfio_builtin)
			db_add(b, "    %sprintf '%%s\\n' vfio vfio_iommu_type1 "
				  "vfio_pci | sudo tee -a "
				  "/etc/initramfs-tools/modules\n",
			       all ? "Debian/Ubuntu: " : "");
		db_add(b, "    %ssudo update-initramfs -u\n",
		       all ? "Debian/Ubuntu: " : "");
	}
	if (t == IRFS_DRACUT || all) {
		if (!vfio_builtin)
			db_add(b, "    %secho 'force_drivers+=\" vfio "
				  "vfio_iommu_type1 vfio_pci \"' | sudo tee "
				  "/etc/dracut.conf.d/vfio.conf\n",
			       all ? "Fedora/RHEL:   " : "");
		db_add(b, "    %ssudo dracut -f\n", all ? "Fedora/RHEL:   " : "");
	}
	if (t == IRFS_MKINITCPIO || all) {
		if (!vfio_builtin)
			db_add(b, "    %sadd vfio_pci vfio vfio_iommu_type1 to "
				  "MODULES=(...) in /etc/mkinitcpio.conf, before "
				  "any GPU driver\n", all ? "Arch:          " : "");
		db_add(b, "    %ssudo mkinitcpio -P\n", all ? "Arch:          " : "");
	}
}

/* The module a softdep line must name for member FN's current driver:
 * the driver/module link; else, unless built in, the driver's name. */
static const char *softdep_module(const struct host *h, int fn,
				  bool *builtin, bool *guessed)
{
	const struct pci_function *f = &h->pci.v[fn];
	const char *drv = setup_driver(h, fn);

	*builtin = *guessed = false;
	if (!drv || !drv[0] || viable_driver(drv))
		return NULL;
	if (f->driver_module[0])
		return f->driver_module;
	if (module_state(&h->modules, drv) == MODULE_BUILTIN) {
		*builtin = true;
		return drv;
	}
	*guessed = true;
	return drv;
}

static void softdep_lines(const struct host *h, const struct fnset *s,
			  struct dbuf *b, bool *any_unknown)
{
	*any_unknown = false;
	for (size_t i = 0; i < s->n; i++) {
		bool builtin, guessed, dup = false;
		const char *mod = softdep_module(h, s->fn[i], &builtin,
						 &guessed);

		if (!setup_driver(h, s->fn[i]))
			*any_unknown = true;
		if (!mod || builtin)
			continue;
		for (size_t j = 0; j < i && !dup; j++) {
			bool b2, g2;
			const char *m2 = softdep_module(h, s->fn[j], &b2, &g2);

			dup = m2 && !b2 && !strcmp(m2, mod);
		}
		if (!dup)
			db_add(b, "softdep %s pre: vfio-pci\n", mod);
	}
}

static void builtin_notes(const struct host *h, const struct fnset *s,
			  struct dbuf *b)
{
	for (size_t i = 0; i < s->n; i++) {
		bool builtin, guessed;
		const char *mod = softdep_module(h, s->fn[i], &builtin,
						 &guessed);

		if (mod && builtin)
			db_add(b, "  Note: %s is built into the kernel, so no "
				  "softdep can order it; vfio-pci wins only "
				  "with driver_override (see the one-off bind "
				  "and driverctl below).\n", mod);
		else if (mod && guessed)
			db_add(b, "  Note: the module of driver %s was not "
				  "read; its name is assumed to be the "
				  "driver's (check: modinfo -n %s).\n", mod,
			       mod);
	}
}

static void runtime_bind(const struct host *h, const struct fnset *s,
			 struct dbuf *b)
{
	db_add(b, "  sudo modprobe vfio-pci\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct pci_function *f = &h->pci.v[s->fn[i]];
		const char *drv = setup_driver(h, s->fn[i]);

		if (is_vfio_driver(drv)) {
			db_add(b, "  # %s is already bound to %s\n", f->bdf,
			       drv);
			continue;
		}
		db_add(b, "  echo vfio-pci | sudo tee "
			  "/sys/bus/pci/devices/%s/driver_override\n", f->bdf);
		if (!drv || drv[0])
			db_add(b, "  echo %s | sudo tee "
				  "/sys/bus/pci/devices/%s/driver/unbind%s\n",
			       f->bdf, f->bdf,
			       drv ? "" : "   # if it is bound");
		db_add(b, "  echo %s | sudo tee /sys/bus/pci/drivers_probe\n",
		       f->bdf);
	}
	db_add(b, "  Check: lspci -nnk -s BDF shows \"Kernel driver in use: "
		  "vfio-pci\".  Undo: echo | sudo tee "
		  "/sys/bus/pci/devices/BDF/driver_override, unbind, "
		  "drivers_probe again (or reboot).\n");
}

/* How many of the other functions vfio-pci.ids= would take are named;
 * the rest are counted (a NIC's VFs share one ID by the thousand). */
#define CONFLICTS_LISTED 8

/* Keep the CONFLICTS_LISTED lowest function indexes (bus order) in V. */
static void keep_lowest(int *v, size_t *n, int fn)
{
	size_t i;

	if (*n == CONFLICTS_LISTED && fn > v[*n - 1])
		return;
	if (*n < CONFLICTS_LISTED)
		(*n)++;
	for (i = *n - 1; i > 0 && v[i - 1] > fn; i--)
		v[i] = v[i - 1];
	v[i] = fn;
}

/*
 * The functions outside S that vfio-pci.ids= with S's IDs binds as well:
 * every function with one of those IDs that is not a bridge.  Returns how
 * many; the first CONFLICTS_LISTED in bus order are described into B.
 * Each ID is one run of the PCI facts' ID index (pci_id_range()), so this
 * costs O(|S| log n) per device, not a scan of the host.
 */
static size_t ids_conflicts(const struct host *h, const struct fnset *s,
			    struct dbuf *b)
{
	int shown[CONFLICTS_LISTED];
	size_t n = 0, nshown = 0;
	char d[400];

	for (size_t i = 0; i < s->n; i++) {
		const struct pci_function *f = &h->pci.v[s->fn[i]];
		size_t first, count, taken = 0;

		if (id_listed(h, s, i, f))
			continue;
		count = pci_id_range(&h->pci, f->vendor_id, f->device_id,
				     &first);
		/* the run holds the members of S with this ID too */
		n += count;
		for (size_t j = i; j < s->n; j++)
			n -= same_id(&h->pci.v[s->fn[j]], f);
		/* in bus order: only its first outsiders can be shown */
		for (size_t k = first; k < first + count &&
		     taken < CONFLICTS_LISTED; k++) {
			if (in_set(s, h->pci.by_id[k]))
				continue;
			keep_lowest(shown, &nshown, h->pci.by_id[k]);
			taken++;
		}
	}
	for (size_t i = 0; i < nshown; i++)
		db_add(b, "  %s\n", setup_describe(h, shown[i], d, sizeof(d)));
	if (n > nshown)
		db_add(b, "  ... and %zu more with these IDs\n", n - nshown);
	return n;
}

char *setup_cmdline(const struct host *h, int fn)
{
	struct dbuf b = { 0 }, ids = { 0 }, conf = { 0 }, other = { 0 };
	const struct cmdline_param *cur;
	bool vfio_builtin, boot_vga = false, drivers_unknown;
	char *kargs = NULL, d[400];
	size_t nconf;
	struct fnset s;
	int e;

	e = fnset_build(h, fn, &s);
	if (e)
		return NULL;
	vfio_builtin = module_state(&h->modules, "vfio_pci") == MODULE_BUILTIN;
	for (size_t i = 0; i < s.n; i++)
		boot_vga |= is_boot_vga(h, s.fn[i]);

	db_add(&b, "Bind %s to vfio-pci (%zu function%s%s):\n",
	       h->pci.v[fn].bdf, s.n, s.n == 1 ? "" : "s",
	       s.n > 1 ? ", its IOMMU group goes together" : "");
	for (size_t i = 0; i < s.n; i++)
		db_add(&b, "  %s\n", setup_describe(h, s.fn[i], d, sizeof(d)));
	for (size_t i = 0; i < s.nbridges; i++)
		db_add(&b, "  (bridge %s stays on the host driver, pcieport: "
			   "vfio-pci does not bind bridges)\n",
		       h->pci.v[s.bridges[i]].bdf);
	if (h->pci.from_dump)
		db_add(&b, "  (PCI devices from an lspci dump: the drivers "
			   "bound there are unknown, and the boot loader and "
			   "distribution below are this machine's)\n");
	if (!assign_of(h, fn))
		db_add(&b, "  (the group was not computed: other functions of "
			   "its IOMMU group may have to go with it)\n");
	else if (assign_of(h, fn)->verdict == ASSIGN_UNKNOWN)
		db_add(&b, "  (its assignability could not be established: "
			   "the group may be larger)\n");

	ids_add(h, &s, &ids);
	nconf = ids_conflicts(h, &s, &other);
	if (ids.oom || other.oom)
		goto oom;

	if (nconf) {
		db_add(&b, "\nWarning: vfio-pci.ids= binds EVERY function with "
			   "these IDs (%s), and these are not part of this "
			   "set:\n%s", ids.p, other.p);
		db_add(&b, "Do not use ids= here: bind by address with "
			   "driver_override.\n");
		db_add(&b, "\n1. Permanent, by address: driverctl (packaged "
			   "by most distributions) applies driver_override "
			   "at every boot:\n");
		for (size_t i = 0; i < s.n; i++)
			db_add(&b, "  sudo driverctl set-override %s vfio-pci\n",
			       h->pci.v[s.fn[i]].bdf);
		if (boot_vga) {
			kargs = malloc(KARGS_MAX);
			if (!kargs)
				goto oom;
			remedy_kernel_args(h, "video=efifb:off", NULL, kargs,
					   KARGS_MAX);
			db_add(&b, "  and, for the boot VGA (see below):\n");
			for (const char *p = kargs; *p;) {
				size_t l = strcspn(p, "\n");

				db_add(&b, "  %.*s\n", (int)l, p);
				p += l + (p[l] == '\n');
			}
		}
		goto runtime;
	}

	/* Route 1: the kernel command line, merged with any vfio-pci.ids=
	 * already there (the last one wins, so never add a second). */
	cur = cmdline_find_last(&h->cmdline, "vfio-pci.ids");
	if (cur && !cur->value)
		cur = NULL;
	{
		struct dbuf merged = { 0 }, addb = { 0 };
		bool have_all;

		if (cur)
			ids_merge(&merged, cur->value);
		ids_merge(&merged, ids.p);
		have_all = cur && merged.p && !strcmp(merged.p, cur->value);
		if (!have_all)
			db_add(&addb, "vfio-pci.ids=%s", merged.p ? merged.p : "");
		if (boot_vga)
			db_add(&addb, "%svideo=efifb:off", addb.len ? " " : "");
		kargs = malloc(KARGS_MAX);
		if (merged.oom || addb.oom || !kargs) {
			free(merged.p);
			free(addb.p);
			goto oom;
		}
		db_add(&b, "\n1. Kernel command line (permanent):\n");
		if (have_all)
			db_add(&b, "  The command line already has %s.\n",
			       cur->token);
		if (addb.len) {
			remedy_kernel_args(h, addb.p,
					   cur && !have_all ? cur->token : NULL,
					   kargs, KARGS_MAX);
			for (const char *p = kargs; *p;) {
				size_t l = strcspn(p, "\n");

				db_add(&b, "  %.*s\n", (int)l, p);
				p += l + (p[l] == '\n');
			}
		}
		if (vfio_builtin)
			db_add(&b, "  vfio-pci is built into this kernel, so it "
				   "claims these devices before any module "
				   "loads.\n");
		else
			db_add(&b, "  vfio-pci is a module here: ids= on the "
				   "command line wins only if vfio-pci loads "
				   "before the native drivers, so also do the "
				   "softdep and initramfs steps of 2.\n");
		free(merged.p);
		free(addb.p);
	}

	/* Route 2: modprobe.d */
	db_add(&b, "\n2. modprobe.d (permanent, no command-line change):\n");
	if (vfio_builtin) {
		db_add(&b, "  vfio-pci is built into this kernel: options in "
			   "modprobe.d do not reach it.  Use 1.\n");
	} else {
		const struct modprobe_ids *old = h->sys.nmodprobe_ids ?
						 &h->sys.modprobe_ids[0] : NULL;
		struct dbuf merged = { 0 };

		if (old) {
			ids_merge(&merged, old->ids);
			ids_merge(&merged, ids.p);
		} else {
			ids_merge(&merged, ids.p);
		}
		db_add(&conf, "options vfio-pci ids=%s\n",
		       merged.p ? merged.p : "");
		free(merged.p);
		softdep_lines(h, &s, &conf, &drivers_unknown);
		if (conf.oom)
			goto oom;
		if (old) {
			db_add(&b, "  /%s already sets ids=%s: replace that "
				   "line, and add the softdep lines, so that "
				   "it reads:\n", old->file, old->ids);
			for (const char *p = conf.p; *p;) {
				size_t l = strcspn(p, "\n");

				db_add(&b, "    %.*s\n", (int)l, p);
				p += l + (p[l] == '\n');
			}
		} else {
			db_add(&b, "  printf '%%s\\n'");
			for (const char *p = conf.p; *p;) {
				size_t l = strcspn(p, "\n");

				db_add(&b, " '%.*s'", (int)l, p);
				p += l + (p[l] == '\n');
			}
			db_add(&b, " | sudo tee /etc/modprobe.d/vfio.conf\n");
		}
		if (drivers_unknown)
			db_add(&b, "  The drivers now bound are unknown (no "
				   "sysfs): add \"softdep DRIVER pre: "
				   "vfio-pci\" for each native driver "
				   "(e.g. nvidia, amdgpu, snd_hda_intel).\n");
		builtin_notes(h, &s, &b);
	}
	db_add(&b, "  Then rebuild the initramfs%s:\n",
	       vfio_builtin ? " (for the command-line change)" :
	       " with vfio-pci in it");
	initramfs_steps(h, &b, vfio_builtin);
	db_add(&b, "  and reboot.\n");

runtime:
	/* Route 3: now, until the next reboot */
	db_add(&b, "\n%s. One-off bind, now, until the next reboot "
		   "(driver_override):\n", nconf ? "2" : "3");
	runtime_bind(h, &s, &b);
	for (size_t i = 0; i < s.n; i++) {
		const char *drv = setup_driver(h, s.fn[i]);

		if (is_vga_class(&h->pci.v[s.fn[i]]) && drv && drv[0] &&
		    !is_vfio_driver(drv)) {
			db_add(&b, "  %s drives a display now: stop the "
				   "display manager (and anything using the "
				   "GPU) before unbinding it.\n",
			       h->pci.v[s.fn[i]].bdf);
			break;
		}
	}

	if (boot_vga) {
		db_add(&b, "\nBoot VGA: ");
		for (size_t i = 0; i < s.n; i++)
			if (is_boot_vga(h, s.fn[i]))
				db_add(&b, "%s ", h->pci.v[s.fn[i]].bdf);
		db_add(&b, "is the GPU the firmware initialised.  Its "
			   "framebuffer (efifb) holds a BAR, and vfio-pci "
			   "then logs \"BAR N: can't reserve\": boot with "
			   "video=efifb:off%s.  On kernels whose framebuffer "
			   "comes from sysfb/simpledrm (5.15 and later) that "
			   "may not be enough: initcall_blacklist=sysfb_init "
			   "or video=simplefb:off (not verified against the "
			   "kernel source).  The host loses its console on "
			   "this GPU.\n",
		       " (route 1 includes it)");
	}
	free(kargs);
	free(ids.p);
	free(conf.p);
	free(other.p);
	fnset_release(&s);
	return db_take(&b);
oom:
	free(kargs);
	free(ids.p);
	free(conf.p);
	free(other.p);
	free(b.p);
	fnset_release(&s);
	return NULL;
}

/* ---- libvirt XML and QEMU arguments ---- */

/*
 * Guest addresses: only for a multifunction device passed through whole.
 * Functions of one physical slot that go together, function 0 among them,
 * get one guest slot (0x10, 0x11, ... on guest bus 0x00) with their own
 * function numbers and multifunction='on' on function 0, so the guest sees
 * the same multifunction device (a GPU and its HDMI audio).  Everything
 * else is left to libvirt / QEMU to place.  Without function 0 a guest
 * never scans the slot, so such a partial set is not paired.  On q35, bus
 * 0x00 is pcie.0: the functions become root-complex integrated endpoints;
 * move the pair behind a pcie-root-port if a guest driver wants a link.
 */
#define GUEST_SLOT_FIRST 0x10
#define GUEST_SLOT_LAST  0x1f

static void guest_slots(const struct host *h, const struct fnset *s,
			int *slot, bool *multi)
{
	int next = GUEST_SLOT_FIRST;

	for (size_t i = 0; i < s->n; i++) {
		slot[i] = -1;
		multi[i] = false;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct pci_function *f = &h->pci.v[s->fn[i]];
		size_t others = 0;

		if (slot[i] != -1 || f->func != 0)
			continue;
		for (size_t j = 0; j < s->n; j++) {
			const struct pci_function *g = &h->pci.v[s->fn[j]];

			if (j != i && g->domain == f->domain &&
			    g->bus == f->bus && g->dev == f->dev)
				others++;
		}
		if (!others || next > GUEST_SLOT_LAST)
			continue;
		multi[i] = true;
		for (size_t j = 0; j < s->n; j++) {
			const struct pci_function *g = &h->pci.v[s->fn[j]];

			if (g->domain == f->domain && g->bus == f->bus &&
			    g->dev == f->dev)
				slot[j] = next;
		}
		next++;
	}
}

static bool set_prop(xmlNodePtr n, const char *name, const char *value)
{
	return xmlNewProp(n, BAD_CAST name, BAD_CAST value) != NULL;
}

static bool set_propf(xmlNodePtr n, const char *name, const char *fmt,
		      unsigned int v)
{
	char s[24];

	snprintf(s, sizeof(s), fmt, v);
	return set_prop(n, name, s);
}

/* <address domain bus slot function/> with libvirt's own widths:
 * virPCIDeviceAddressFormat() prints 0x%04x 0x%02x 0x%02x 0x%d. */
static bool address_props(xmlNodePtr a, unsigned int dom, unsigned int bus,
			  unsigned int slot, unsigned int func)
{
	return set_propf(a, "domain", "0x%04x", dom) &&
	       set_propf(a, "bus", "0x%02x", bus) &&
	       set_propf(a, "slot", "0x%02x", slot) &&
	       set_propf(a, "function", "0x%x", func);
}

/* A new <hostdev> child of PARENT for F; GUEST_SLOT -1: no guest address. */
static xmlNodePtr hostdev_new(xmlNodePtr parent, const struct pci_function *f,
			      int guest_slot, bool multi)
{
	xmlNodePtr hd, src, a;

	hd = xmlNewChild(parent, NULL, BAD_CAST "hostdev", NULL);
	if (!hd || !set_prop(hd, "mode", "subsystem") ||
	    !set_prop(hd, "type", "pci") || !set_prop(hd, "managed", "yes"))
		return NULL;
	src = xmlNewChild(hd, NULL, BAD_CAST "source", NULL);
	a = src ? xmlNewChild(src, NULL, BAD_CAST "address", NULL) : NULL;
	if (!a || !address_props(a, f->domain, f->bus, f->dev, f->func))
		return NULL;
	if (guest_slot < 0)
		return hd;
	a = xmlNewChild(hd, NULL, BAD_CAST "address", NULL);
	if (!a || !set_prop(a, "type", "pci") ||
	    !address_props(a, 0, 0, (unsigned int)guest_slot, f->func))
		return NULL;
	if (multi && !set_prop(a, "multifunction", "on"))
		return NULL;
	return hd;
}

/* Each element child of ROOT, formatted, one after another. */
static char *dump_children(xmlDocPtr doc, xmlNodePtr root)
{
	struct dbuf b = { 0 };

	for (xmlNodePtr n = root->children; n; n = n->next) {
		xmlBufferPtr xb = xmlBufferCreate();

		if (!xb || xmlNodeDump(xb, doc, n, 0, 1) < 0) {
			xmlBufferFree(xb);
			b.oom = true;
			break;
		}
		db_add(&b, "%s\n", (const char *)xmlBufferContent(xb));
		xmlBufferFree(xb);
	}
	return db_take(&b);
}

/* A document with a <devices> root, for building <hostdev>s in. */
static xmlDocPtr devices_doc(xmlNodePtr *root)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");

	*root = doc ? xmlNewDocNode(doc, NULL, BAD_CAST "devices", NULL) : NULL;
	if (!*root) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlDocSetRootElement(doc, *root);
	return doc;
}

char *setup_libvirt_xml(const struct host *h, int fn)
{
	xmlNodePtr root;
	xmlDocPtr doc;
	struct fnset s;
	char *out = NULL;
	bool *multi;
	int *slot;

	if (fnset_build(h, fn, &s))
		return NULL;
	slot = calloc(s.n, sizeof(*slot));
	multi = calloc(s.n, sizeof(*multi));
	doc = devices_doc(&root);
	if (!slot || !multi || !doc)
		goto out;
	guest_slots(h, &s, slot, multi);
	for (size_t i = 0; i < s.n; i++)
		if (!hostdev_new(root, &h->pci.v[s.fn[i]], slot[i], multi[i]))
			goto out;
	out = dump_children(doc, root);
out:
	xmlFreeDoc(doc);
	free(slot);
	free(multi);
	fnset_release(&s);
	return out;
}

/*
 * x-vga=on only for the boot VGA (a display controller, class 0x0300, that
 * the firmware initialised): it routes the legacy VGA ranges to the device,
 * which the guest needs when this GPU is its primary display.  Other GPUs
 * run without it.
 */
char *setup_qemu_args(const struct host *h, int fn)
{
	struct dbuf b = { 0 };
	struct fnset s;
	bool *multi;
	int *slot;

	if (fnset_build(h, fn, &s))
		return NULL;
	slot = calloc(s.n, sizeof(*slot));
	multi = calloc(s.n, sizeof(*multi));
	if (!slot || !multi) {
		b.oom = true;
		goto out;
	}
	guest_slots(h, &s, slot, multi);
	for (size_t i = 0; i < s.n; i++) {
		const struct pci_function *f = &h->pci.v[s.fn[i]];

		db_add(&b, "%s-device vfio-pci,host=%04x:%02x:%02x.%x",
		       i ? " " : "", f->domain, f->bus, f->dev, f->func);
		if (is_vga_class(f) && is_boot_vga(h, s.fn[i]))
			db_add(&b, ",x-vga=on");
		if (multi[i])
			db_add(&b, ",multifunction=on");
		if (slot[i] >= 0)
			db_add(&b, ",addr=0x%02x.%x", slot[i], f->func);
	}
out:
	free(slot);
	free(multi);
	fnset_release(&s);
	return db_take(&b);
}

/* ---- `vfio-ready domain`: a domain's <hostdev>s against this host ---- */

const char *hostdev_state_name(enum hostdev_state s)
{
	switch (s) {
	case HOSTDEV_OK:
		return "ok";
	case HOSTDEV_WARN:
		return "warning";
	default:
		return "would fail";
	}
}

int domain_addr_parse(const char *s, unsigned long *val, enum addr_base *base)
{
	unsigned long long v = 0;
	unsigned int radix = 10;
	const char *p = s;

	if (!s) {
		*val = 0;
		*base = ADDR_ABSENT;
		return 0;
	}
	/* strtoul base 0, but strict: virStrToLong_uip wants the whole text,
	 * no sign */
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		radix = 16;
		p += 2;
		*base = ADDR_HEX;
	} else if (p[0] == '0' && p[1]) {
		radix = 8;
		p++;
		*base = ADDR_OCTAL;
	} else {
		*base = ADDR_DECIMAL;
	}
	if (!*p)
		return -EINVAL;
	for (; *p; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			return -EINVAL;
		if (d >= radix)
			return -EINVAL;
		v = v * radix + d;
		if (v > UINT_MAX)
			return -ERANGE;
	}
	*val = (unsigned long)v;
	return 0;
}

struct addr_attr {
	const char *name;
	unsigned long max;       /* virPCIDeviceAddressIsValid() */
	const char *range;
};

static const struct addr_attr addr_attrs[4] = {
	{ "domain", UINT_MAX, "" },
	{ "bus", 0xff, "0x00-0xff" },
	{ "slot", 0x1f, "0x00-0x1f" },
	{ "function", 7, "0-7" },
};

struct hd_entry {
	xmlNodePtr el;
	xmlNodePtr addr;             /* source <address>, NULL missing */
	bool interface;
	bool parsed;
	unsigned long v[4];
};

static void state_at_least(struct domain_hostdev *d, enum hostdev_state s)
{
	if (s > d->state)
		d->state = s;
}

/* The function at DOM:BUS:SLOT.FUNC, or -1. */
static int find_fn(const struct host *h, const unsigned long v[4])
{
	char bdf[40];

	if (v[0] > 0xffff || v[1] > 0xff || v[2] > 0x1f || v[3] > 7)
		return -1;
	snprintf(bdf, sizeof(bdf), "%04lx:%02lx:%02lx.%lx", v[0], v[1], v[2],
		 v[3]);
	return pci_find(&h->pci, bdf);
}

/* Decode the source address of E into D, with a note for every attribute
 * libvirt reads differently from what the writer probably meant. */
static void check_address(const struct host *h, struct hd_entry *e,
			  struct domain_hostdev *d, struct dbuf *notes)
{
	char *text[4] = { NULL };
	unsigned long alt[4];
	bool bad = false, alt_differs = false;
	struct dbuf w = { 0 };

	if (!e->addr) {
		db_add(notes, "no <source><address .../></source>: libvirt "
			      "cannot tell which host device this is\n");
		state_at_least(d, HOSTDEV_FAIL);
		return;
	}
	for (int i = 0; i < 4; i++) {
		const struct addr_attr *at = &addr_attrs[i];
		enum addr_base base;
		int r;

		text[i] = (char *)xmlGetProp(e->addr, BAD_CAST at->name);
		if (text[i])
			db_add(&w, "%s%s='%s'", w.len ? " " : "", at->name,
			       text[i]);
		r = domain_addr_parse(text[i], &e->v[i], &base);
		alt[i] = e->v[i];
		if (r == -ERANGE) {
			db_add(notes, "%s='%s' is too large a number\n",
			       at->name, text[i]);
			bad = true;
			continue;
		}
		if (r && text[i]) {
			if (text[i][0] == '0' && text[i][1] &&
			    text[i][1] != 'x' && text[i][1] != 'X')
				db_add(notes, "%s='%s': libvirt reads a "
					      "leading 0 as octal, so it "
					      "refuses this; lspci's hex is "
					      "written %s='0x%s'\n", at->name,
				       text[i], at->name, text[i] + 1);
			else
				db_add(notes, "%s='%s' is not a number "
					      "libvirt reads (write hex as "
					      "0x..)\n", at->name, text[i]);
			bad = true;
			continue;
		}
		if (base == ADDR_ABSENT && i > 0)
			db_add(notes, "%s is missing: libvirt reads 0\n",
			       at->name);
		if (base == ADDR_DECIMAL || base == ADDR_OCTAL) {
			unsigned long hx;
			enum addr_base hb;
			char hex[40];

			snprintf(hex, sizeof(hex), "0x%s",
				 text[i] + (base == ADDR_OCTAL));
			if (domain_addr_parse(hex, &hx, &hb) == 0 &&
			    hx != e->v[i]) {
				alt[i] = hx;
				alt_differs = true;
				db_add(notes, "%s='%s' is %s: libvirt reads "
					      "%lu (0x%02lx), but lspci "
					      "prints hex, and %s from lspci "
					      "is 0x%s\n", at->name, text[i],
				       base == ADDR_OCTAL ?
				       "octal (leading 0)" : "decimal",
				       e->v[i], e->v[i], text[i], hex + 2);
			} else if (i > 0 && e->v[i]) {
				db_add(notes, "%s='%s' is %s; the same value "
					      "in hex, so fine (libvirt "
					      "itself writes 0x%02lx)\n",
				       at->name, text[i], base == ADDR_OCTAL ?
				       "octal (leading 0)" : "decimal",
				       e->v[i]);
			}
		}
		if (e->v[i] > at->max) {
			db_add(notes, "%s='%s' is out of range: a PCI %s is "
				      "%s\n", at->name, text[i], at->name,
			       at->range);
			bad = true;
		}
	}
	snprintf(d->written, sizeof(d->written), "%s",
		 w.p && !w.oom ? w.p : "");
	free(w.p);
	for (int i = 0; i < 4; i++)
		xmlFree(text[i]);
	if (bad) {
		state_at_least(d, HOSTDEV_FAIL);
		return;
	}
	e->parsed = true;
	snprintf(d->bdf, sizeof(d->bdf), "%04lx:%02lx:%02lx.%lx", e->v[0],
		 e->v[1], e->v[2], e->v[3]);
	d->fn = find_fn(h, e->v);
	if (d->fn < 0 && h->pci.count) {
		int a = alt_differs ? find_fn(h, alt) : -1;

		db_add(notes, "no PCI device %s on this host\n", d->bdf);
		if (a >= 0) {
			char desc[400];
			const struct pci_function *f = &h->pci.v[a];

			db_add(notes, "did you mean the lspci address, "
				      "written <address domain='0x%04x' "
				      "bus='0x%02x' slot='0x%02x' "
				      "function='0x%x'/>?  %s\n", f->domain,
			       f->bus, f->dev, f->func,
			       setup_describe(h, a, desc, sizeof(desc)));
		}
		state_at_least(d, HOSTDEV_FAIL);
	} else if (d->fn < 0) {
		db_add(notes, "the PCI devices of this host could not be read: "
			      "%s is not checked\n", d->bdf);
		state_at_least(d, HOSTDEV_WARN);
	} else if (alt_differs) {
		int a = find_fn(h, alt);

		if (a >= 0 && a != d->fn) {
			char desc[400];

			db_add(notes, "both readings exist: libvirt takes "
				      "%s, not %s\n", d->bdf,
			       h->pci.v[a].bdf);
			db_add(notes, "  the other is %s\n",
			       setup_describe(h, a, desc, sizeof(desc)));
			state_at_least(d, HOSTDEV_WARN);
		}
	}
}

/* What an assign reason means for `virsh start`. */
static enum hostdev_state reason_state(enum assign_reason_kind k)
{
	switch (k) {
	case AREASON_RMRR:
	case AREASON_IVMD:
	case AREASON_RESERVED_DIRECT:
	case AREASON_BRIDGE:
	case AREASON_NO_GROUP:
	case AREASON_HOST_ROOTFS:
		return HOSTDEV_FAIL;
	case AREASON_HOST_BOOT_VGA:
	case AREASON_HOST_ROUTE_NIC:
	case AREASON_NO_RESET:
		return HOSTDEV_WARN;
	default:
		return HOSTDEV_OK;
	}
}

/* The kernel's group ID, none when the PCI facts come from an lspci dump
 * (another machine's). */
static const struct iommu_group_info *kgroup(const struct host *h, int id)
{
	if (h->pci.from_dump || id < 0)
		return NULL;
	return sys_group(&h->sys, (unsigned long)id);
}

/* The members of FN's group (assign's, else the kernel's group), into
 * *OUT (malloc'd); *LABEL gets "group N" / "predicted group N". */
static int group_members(const struct host *h, int fn, int **out, size_t *n,
			 char *label, size_t llen)
{
	const struct device_assign *a = assign_of(h, fn);
	const struct pci_function *f = &h->pci.v[fn];
	const struct iommu_group_info *gi;

	*out = NULL;
	*n = 0;
	if (f->iommu_group >= 0)
		snprintf(label, llen, "group %d", f->iommu_group);
	else if (a && a->kernel_group >= 0)
		snprintf(label, llen, "group %d", a->kernel_group);
	else if (a && a->predicted_group >= 0)
		snprintf(label, llen, "predicted group %d", a->predicted_group);
	else
		snprintf(label, llen, "its group");
	if (a && a->nmembers) {
		*out = malloc(a->nmembers * sizeof(**out));
		if (!*out)
			return -ENOMEM;
		memcpy(*out, a->members, a->nmembers * sizeof(**out));
		*n = a->nmembers;
		return 0;
	}
	if (f->iommu_group < 0 || !(gi = kgroup(h, f->iommu_group)))
		return 0;
	*out = malloc((gi->ndevices ? gi->ndevices : 1) * sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t k = 0; k < gi->ndevices; k++) {
		int m = pci_find(&h->pci, gi->devices[k]);

		if (m >= 0)
			(*out)[(*n)++] = m;
	}
	return 0;
}

static bool has_reason(const struct device_assign *a,
		       enum assign_reason_kind k)
{
	for (size_t i = 0; a && i < a->nreasons; i++)
		if (a->reasons[i].kind == k)
			return true;
	return false;
}


static bool kernel_groups_exist(const struct host *h)
{
	return !h->pci.from_dump && h->sys.ngroups > 0;
}

static void check_device(const struct host *h, struct hd_entry *ents,
			 size_t nents, size_t k, struct domain_check *dc,
			 bool *fixed, struct dbuf *notes)
{
	struct domain_hostdev *d = &dc->v[k];
	const struct pci_function *f = &h->pci.v[d->fn];
	const struct device_assign *a = assign_of(h, d->fn);
	const char *drv = setup_driver(h, d->fn);
	xmlNodePtr fixroot = NULL;
	xmlDocPtr fixdoc = NULL;
	char label[48], desc[400];
	int *mem = NULL;
	size_t nmem = 0;

	db_add(notes, "device: %s\n", setup_describe(h, d->fn, desc,
						      sizeof(desc)));
	for (size_t j = 0; j < k; j++)
		if (dc->v[j].fn == d->fn) {
			db_add(notes, "%s is assigned twice in this domain "
				      "(line %lu too)\n", f->bdf, dc->v[j].line);
			state_at_least(d, HOSTDEV_FAIL);
		}
	if (f->is_bridge) {
		db_add(notes, "%s is a bridge: vfio-pci binds only normal "
			      "(header type 0) functions\n", f->bdf);
		state_at_least(d, HOSTDEV_FAIL);
	}
	for (size_t r = 0; a && r < a->nreasons; r++) {
		enum hostdev_state s = reason_state(a->reasons[r].kind);

		if (s != HOSTDEV_OK && a->reasons[r].unknown) {
			db_add(notes, "not established: %s\n",
			       a->reasons[r].text);
			state_at_least(d, HOSTDEV_WARN);
			continue;
		}
		if (s == HOSTDEV_OK)
			continue;
		db_add(notes, "%s%s\n", s == HOSTDEV_FAIL ? "blocked: " :
		       "warning: ", a->reasons[r].text);
		state_at_least(d, s);
	}
	if (f->iommu_group >= 0 && !has_reason(a, AREASON_RESERVED_DIRECT) &&
	    !has_reason(a, AREASON_RMRR) && !has_reason(a, AREASON_IVMD)) {
		const struct iommu_group_info *gi = kgroup(h, f->iommu_group);

		if (gi && gi->reserved_direct) {
			db_add(notes, "blocked: IOMMU group %d has a "
				      "firmware identity map (reserved_regions: "
				      "%s): the device must keep DMA to it, "
				      "so vfio refuses the group\n",
			       f->iommu_group, gi->direct_line);
			state_at_least(d, HOSTDEV_FAIL);
		}
	}
	if (f->sysfs && f->iommu_group < 0) {
		if (kernel_groups_exist(h))
			db_add(notes, "%s has no IOMMU group: vfio-pci cannot "
				      "take it\n", f->bdf);
		else
			db_add(notes, "the IOMMU is off on this host (no IOMMU "
				      "groups): no <hostdev> starts until it is "
				      "on (see the main report); the group "
				      "below is predicted\n");
		state_at_least(d, HOSTDEV_FAIL);
	}

	/* managed='no' (libvirt's default): libvirt does not detach it */
	if (!d->managed && drv && !is_vfio_driver(drv)) {
		db_add(notes, "managed='no'%s, so libvirt will not detach %s, "
			      "and it is %s%s, not vfio-pci: set managed='yes', "
			      "or bind it to vfio-pci first (vfio-ready hostdev "
			      "%s)\n",
		       xmlHasProp(ents[k].el, BAD_CAST "managed") ? "" :
		       " (the default: the attribute is absent)", f->bdf,
		       drv[0] ? "bound to " : "unbound", drv, f->bdf);
		state_at_least(d, HOSTDEV_FAIL);
	} else if (!d->managed && !drv) {
		db_add(notes, "managed='no': %s must already be bound to "
			      "vfio-pci (its driver is unknown here)\n", f->bdf);
		state_at_least(d, HOSTDEV_WARN);
	}

	/* group viability (kernel.md 4.1) */
	if (group_members(h, d->fn, &mem, &nmem, label, sizeof(label))) {
		notes->oom = true;
		return;
	}
	for (size_t i = 0; i < nmem; i++) {
		int m = mem[i];
		const char *md;
		bool in_dom = false;
		char sb[24];

		if (m == d->fn || m < 0 || (size_t)m >= h->pci.count ||
		    h->pci.v[m].is_bridge)
			continue;
		for (size_t j = 0; j < nents; j++)
			if (dc->v[j].fn == m)
				in_dom = true;
		if (in_dom)
			continue;
		md = setup_driver(h, m);
		setup_short_bdf(h, m, sb, sizeof(sb));
		if (md && (!md[0] || viable_driver(md)))
			continue;
		if (!md) {
			db_add(notes, "%s shares %s and is not in this domain; "
				      "its driver is unknown here: it must be "
				      "unbound or on vfio-pci/pci-stub\n", sb,
			       label);
			state_at_least(d, HOSTDEV_WARN);
			continue;
		}
		db_add(notes, "%s is not viable: %s (%s) is not assigned\n",
		       label, sb, md);
		state_at_least(d, HOSTDEV_FAIL);
		if (fixed[m]) {
			db_add(notes, "  (its <hostdev> is in the fix above)\n");
			continue;
		}
		if (!fixdoc) {
			fixdoc = devices_doc(&fixroot);
			if (!fixdoc) {
				notes->oom = true;
				break;
			}
		}
		if (!hostdev_new(fixroot, &h->pci.v[m], -1, false)) {
			notes->oom = true;
			break;
		}
		fixed[m] = true;
	}
	free(mem);
	if (fixdoc && !notes->oom) {
		d->fix = dump_children(fixdoc, fixroot);
		if (!d->fix)
			notes->oom = true;
	}
	xmlFreeDoc(fixdoc);
}

static xmlNodePtr child_el(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !xmlStrcmp(c->name, BAD_CAST name))
			return c;
	return NULL;
}

static bool prop_is(xmlNodePtr n, const char *name, const char *want,
		    bool absent)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	bool r = v ? !xmlStrcmp(v, BAD_CAST want) : absent;

	xmlFree(v);
	return r;
}

/* Collect the PCI hostdevs below N, in document order. */
static int collect(xmlNodePtr n, struct hd_entry **v, size_t *cnt, size_t *cap)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		bool hd, ifc;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		hd = !xmlStrcmp(c->name, BAD_CAST "hostdev") &&
		     prop_is(c, "mode", "subsystem", true) &&
		     prop_is(c, "type", "pci", false);
		ifc = !xmlStrcmp(c->name, BAD_CAST "interface") &&
		      prop_is(c, "type", "hostdev", false);
		if (hd || ifc) {
			struct hd_entry *e;

			if (*cnt == *cap) {
				size_t nc = *cap ? *cap * 2 : 8;

				e = realloc(*v, nc * sizeof(**v));
				if (!e)
					return -ENOMEM;
				*v = e;
				*cap = nc;
			}
			e = &(*v)[(*cnt)++];
			memset(e, 0, sizeof(*e));
			e->el = c;
			e->interface = ifc;
			e->addr = child_el(child_el(c, "source"), "address");
			continue;
		}
		if (collect(c, v, cnt, cap))
			return -ENOMEM;
	}
	return 0;
}

/* Refuse every external entity / DTD: nothing outside the buffer is read. */
static xmlParserInputPtr no_entities(const char *url, const char *id,
				     xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void domain_check_release(struct domain_check *dc)
{
	for (size_t i = 0; i < dc->n; i++) {
		free(dc->v[i].notes);
		free(dc->v[i].fix);
	}
	free(dc->v);
	dc->v = NULL;
	dc->n = 0;
}

int domain_check_xml(const struct host *h, const char *buf, size_t len,
		     struct domain_check *out)
{
	xmlExternalEntityLoader old;
	struct hd_entry *ents = NULL;
	size_t nents = 0, cap = 0;
	xmlNodePtr root, name;
	bool *fixed = NULL;
	xmlDocPtr doc;
	int e = 0;

	memset(out, 0, sizeof(*out));
	if (len > DOMAIN_XML_MAX) {
		snprintf(out->error, sizeof(out->error),
			 "larger than %u bytes: not a domain definition",
			 DOMAIN_XML_MAX);
		return -EFBIG;
	}
	/* Parsed as UTF-8 (forced below), so these byte searches see every
	 * declaration the parser would. */
	if (memchr(buf, 0, len)) {
		snprintf(out->error, sizeof(out->error),
			 "contains NUL bytes: not a UTF-8 XML document");
		return -EINVAL;
	}
	if (memmem(buf, len, "<!DOCTYPE", 9) || memmem(buf, len, "<!ENTITY", 8)) {
		snprintf(out->error, sizeof(out->error),
			 "has a DOCTYPE or entity declaration: refused (a "
			 "libvirt domain never needs one; nothing it names is "
			 "read)");
		return -EPERM;
	}
	old = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(no_entities);
	/* no XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_DTDVALID:
	 * entities are never substituted nor DTDs loaded */
	doc = xmlReadMemory(buf, (int)len, "domain.xml", "UTF-8",
			    XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);
	xmlSetExternalEntityLoader(old);
	if (!doc) {
		const xmlError *err = xmlGetLastError();

		snprintf(out->error, sizeof(out->error),
			 "not well-formed XML: line %d: %s",
			 err ? err->line : 0,
			 err && err->message ? err->message : "parse error");
		/* libxml2 messages end in a newline */
		out->error[strcspn(out->error, "\n")] = 0;
		return -EINVAL;
	}
	if (doc->intSubset || doc->extSubset) {
		snprintf(out->error, sizeof(out->error),
			 "has a DOCTYPE: refused");
		e = -EPERM;
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || xmlStrcmp(root->name, BAD_CAST "domain")) {
		snprintf(out->error, sizeof(out->error),
			 "not a libvirt domain: the root element is <%s>",
			 root ? (const char *)root->name : "");
		e = -EINVAL;
		goto out;
	}
	name = child_el(root, "name");
	if (name) {
		xmlChar *t = xmlNodeGetContent(name);

		snprintf(out->name, sizeof(out->name), "%s",
			 t ? (const char *)t : "");
		xmlFree(t);
	}
	if (collect(root, &ents, &nents, &cap))
		goto oom;
	out->v = calloc(nents ? nents : 1, sizeof(*out->v));
	fixed = calloc(h->pci.count ? h->pci.count : 1, sizeof(*fixed));
	if (!out->v || !fixed)
		goto oom;
	out->n = nents;
	/* first every address, so group checks see the whole domain */
	for (size_t k = 0; k < nents; k++) {
		struct domain_hostdev *d = &out->v[k];
		struct dbuf notes = { 0 };

		d->fn = -1;
		d->line = (unsigned long)xmlGetLineNo(ents[k].el);
		d->interface = ents[k].interface;
		d->managed = prop_is(ents[k].el, "managed", "yes", false);
		check_address(h, &ents[k], d, &notes);
		if (notes.oom) {
			free(notes.p);
			goto oom;
		}
		d->notes = notes.p;
	}
	for (size_t k = 0; k < nents; k++) {
		struct domain_hostdev *d = &out->v[k];
		struct dbuf notes = { d->notes, d->notes ? strlen(d->notes) : 0,
				      d->notes ? strlen(d->notes) + 1 : 0,
				      false };

		if (d->fn >= 0)
			check_device(h, ents, nents, k, out, fixed, &notes);
		d->notes = db_take(&notes);
		if (!d->notes)
			goto oom;
	}
	goto out;
oom:
	snprintf(out->error, sizeof(out->error), "out of memory");
	domain_check_release(out);
	e = -ENOMEM;
out:
	free(ents);
	free(fixed);
	xmlFreeDoc(doc);
	return e;
}
