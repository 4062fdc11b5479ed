/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI functions through libpci: identity, topology, the capabilities that
 * decide grouping and reset, and the sysfs attributes the driver core adds.
 *
 * libpci reads config space and the sysfs ID files itself (lib/sysfs.c,
 * lib/dump.c); everything else about a device is read through the root
 * handle.  libpci opens host paths, so before it is pointed at a snapshot
 * every device entry is checked to resolve inside the snapshot, and while
 * the root records (capture) the files libpci will read are read through
 * the root as well, so a snapshot holds them.
 *
 * Offsets and bits are libpci's lib/header.h names, which follow the
 * kernel's include/uapi/linux/pci_regs.h (kernel names in comments where
 * they differ).
 */
#include "pci.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>
#include <pci/pci.h>

#include "probe.h"
#include "text.h"

/* pci_regs.h PCI_PM_CTRL_NO_SOFT_RESET: the function keeps its state
 * across D3hot->D0, so the kernel's "pm" reset method does not apply
 * (drivers/pci/pci.c pci_pm_reset()).  libpci's header lacks the name. */
#define PM_CTRL_NO_SOFT_RESET 0x0008

/* drivers/pci/quirks.c INTEL_SPT_ACS_CTRL: PCI_ACS_CAP + 4. */
#define SPT_ACS_CTRL 0x08

#define VENDOR_INTEL 0x8086

/* Kernel's walk bounds: PCI_FIND_CAP_TTL (48) for the standard list, and
 * (4096 - 256) / 8 for the extended one (drivers/pci/pci.c). */
#define CAP_TTL 48
#define EXT_CAP_TTL ((4096 - 256) / 8)

/* A dump is a text paste: anything larger is not one. */
#define DUMP_MAX_BYTES (64u * 1024 * 1024)

/*
 * libpci's error hook takes no context and must not return (pci.h marks it
 * PCI_NONRET; the default one exits), so this run's state is file-static
 * and the hook longjmps back to the entry point.  One scan at a time.
 */
static struct {
	jmp_buf *jmp;
	struct pci_facts *facts;
	const char *strip;          /* root directory, cut out of messages */
	char msg[256];
	struct pci_dev **devs;      /* sorted, parallel to facts->v */
} hook;

/* Messages name host paths; a snapshot's own directory is noise that would
 * make reports differ between machines, so it is cut out. */
static void clean_message(char *dst, size_t len, const char *src)
{
	size_t sl = hook.strip ? strlen(hook.strip) : 0, o = 0;

	while (*src && o + 1 < len) {
		if (sl && !strncmp(src, hook.strip, sl) && src[sl] == '/') {
			src += sl + 1;
			continue;
		}
		/* one line: libpci ends some messages with a newline */
		dst[o++] = *src == '\n' || *src == '\r' ? ' ' : *src;
		src++;
	}
	while (o > 0 && dst[o - 1] == ' ')
		o--;
	dst[o] = 0;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
pci_error_hook(char *fmt, ...)
{
	char raw[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	clean_message(hook.msg, sizeof(hook.msg), raw);
	longjmp(*hook.jmp, 1);
}

/* Warnings are unreadable optional files ("Cannot open .../config"): keep
 * the first and a count, never print. */
static void __attribute__((format(printf, 1, 2)))
pci_warning_hook(char *fmt, ...)
{
	char raw[512];
	va_list ap;

	if (!hook.facts || hook.facts->nwarnings++)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	clean_message(hook.facts->warning, sizeof(hook.facts->warning), raw);
}

static void __attribute__((format(printf, 1, 2)))
pci_debug_hook(char *fmt, ...)
{
	(void)fmt;
}

/* ---- addresses ---------------------------------------------------------- */

/* Up to MAXD hex digits at *S; false when there are none or too many. */
static bool take_hex(const char **s, unsigned maxd, unsigned *n, uint32_t *v)
{
	uint32_t x = 0;
	int d;

	*n = 0;
	while ((d = text_hex_digit(**s)) >= 0) {
		if (++*n > maxd)
			return false;
		x = x << 4 | (uint32_t)d;
		(*s)++;
	}
	*v = x;
	return *n > 0;
}

int pci_parse_bdf(const char *s, uint32_t *domain, uint8_t *bus,
		  uint8_t *dev, uint8_t *func)
{
	uint32_t a, b, c, f, dom = 0;
	unsigned na, nb, nc, nf;

	if (!s || !take_hex(&s, 8, &na, &a) || *s++ != ':' ||
	    !take_hex(&s, 2, &nb, &b))
		return -EINVAL;
	if (*s == ':') {                /* dddd:bb:dd.f */
		s++;
		if (!take_hex(&s, 2, &nc, &c) || *s++ != '.' ||
		    !take_hex(&s, 1, &nf, &f))
			return -EINVAL;
		dom = a;
		a = b;
		b = c;
	} else {                        /* bb:dd.f */
		if (na > 2 || *s++ != '.' || !take_hex(&s, 1, &nf, &f))
			return -EINVAL;
	}
	/* PCI_SLOT() is 5 bits, PCI_FUNC() 3 (include/uapi/linux/pci.h). */
	if (*s || b > 0x1f || f > 7)
		return -EINVAL;
	*domain = dom;
	*bus = (uint8_t)a;
	*dev = (uint8_t)b;
	*func = (uint8_t)f;
	return 0;
}

static int cmp_addr(uint32_t d1, unsigned b1, unsigned s1, unsigned f1,
		    uint32_t d2, unsigned b2, unsigned s2, unsigned f2)
{
	if (d1 != d2)
		return d1 < d2 ? -1 : 1;
	if (b1 != b2)
		return b1 < b2 ? -1 : 1;
	if (s1 != s2)
		return s1 < s2 ? -1 : 1;
	if (f1 != f2)
		return f1 < f2 ? -1 : 1;
	return 0;
}

static int find_addr(const struct pci_facts *p, uint32_t dom, uint8_t bus,
		     uint8_t dev, uint8_t func)
{
	size_t lo = 0, hi = p->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct pci_function *f = &p->v[mid];
		int c = cmp_addr(f->domain, f->bus, f->dev, f->func,
				 dom, bus, dev, func);

		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int pci_find(const struct pci_facts *p, const char *bdf)
{
	uint32_t dom;
	uint8_t bus, dev, func;

	if (!p || !p->v || pci_parse_bdf(bdf, &dom, &bus, &dev, &func))
		return -1;
	return find_addr(p, dom, bus, dev, func);
}

int pci_find_id(const struct pci_facts *p, uint16_t vendor, uint16_t device,
		int start)
{
	if (!p || !p->v)
		return -1;
	for (size_t i = start > 0 ? (size_t)start : 0; i < p->count; i++)
		if (p->v[i].vendor_id == vendor && p->v[i].device_id == device)
			return (int)i;
	return -1;
}

static uint32_t id_key(const struct pci_function *f)
{
	return (uint32_t)f->vendor_id << 16 | f->device_id;
}

struct id_entry {
	uint32_t key;
	int fn;
};

static int cmp_id_entry(const void *a, const void *b)
{
	const struct id_entry *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->fn > y->fn) - (x->fn < y->fn);
}

int pci_index(struct pci_facts *p)
{
	struct id_entry *e;
	size_t n = 0;

	free(p->by_id);
	p->by_id = NULL;
	p->nby_id = 0;
	e = calloc(p->count ? p->count : 1, sizeof(*e));
	p->by_id = calloc(p->count ? p->count : 1, sizeof(*p->by_id));
	if (!e || !p->by_id) {
		free(e);
		free(p->by_id);
		p->by_id = NULL;
		return -ENOMEM;
	}
	for (size_t i = 0; i < p->count; i++)
		if (!p->v[i].is_bridge)
			e[n++] = (struct id_entry){ id_key(&p->v[i]), (int)i };
	qsort(e, n, sizeof(*e), cmp_id_entry);
	for (size_t i = 0; i < n; i++)
		p->by_id[i] = e[i].fn;
	p->nby_id = n;
	free(e);
	return 0;
}

/* The first position of p->by_id whose ID is KEY or above. */
static size_t id_lower_bound(const struct pci_facts *p, uint64_t key)
{
	size_t lo = 0, hi = p->nby_id;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (id_key(&p->v[p->by_id[mid]]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t pci_id_range(const struct pci_facts *p, uint16_t vendor,
		    uint16_t device, size_t *first)
{
	uint32_t key = (uint32_t)vendor << 16 | device;

	*first = 0;
	if (!p->by_id)
		return 0;
	*first = id_lower_bound(p, key);
	return id_lower_bound(p, (uint64_t)key + 1) - *first;
}

const char *pcie_type_name(enum pcie_type t)
{
	switch (t) {
	case PCIE_TYPE_UNKNOWN:
		return "unknown";
	case PCIE_TYPE_NONE:
		return "none";
	case PCIE_TYPE_ENDPOINT:
		return "endpoint";
	case PCIE_TYPE_LEG_END:
		return "legacy_endpoint";
	case PCIE_TYPE_ROOT_PORT:
		return "root_port";
	case PCIE_TYPE_UPSTREAM:
		return "upstream";
	case PCIE_TYPE_DOWNSTREAM:
		return "downstream";
	case PCIE_TYPE_PCI_BRIDGE:
		return "pci_bridge";
	case PCIE_TYPE_PCIE_BRIDGE:
		return "pcie_bridge";
	case PCIE_TYPE_RC_END:
		return "rc_end";
	case PCIE_TYPE_RC_EC:
		return "rc_ec";
	}
	return "reserved";
}

enum tri pci_acs_bit(const struct pci_function *f, uint16_t bit, bool ctl)
{
	if (f->acs.present == TRI_NO)
		return TRI_NO;
	if (f->acs.present != TRI_YES ||
	    !(ctl ? f->acs.ctl_known : f->acs.cap_known))
		return TRI_UNKNOWN;
	return ((ctl ? f->acs.ctl : f->acs.cap) & bit) ? TRI_YES : TRI_NO;
}

bool pci_reset_method(const struct pci_function *f, size_t i, char *buf,
		      size_t len)
{
	const char *s = f->reset_methods;

	for (;;) {
		size_t n;

		while (*s && text_is_space(*s))
			s++;
		if (!*s)
			return false;
		n = 0;
		while (s[n] && !text_is_space(s[n]))
			n++;
		if (!i--) {
			if (!len)
				return false;
			if (n >= len)
				n = len - 1;
			memcpy(buf, s, n);
			buf[n] = 0;
			return true;
		}
		s += n;
	}
}

/* ---- config space through libpci ----------------------------------------- */

/*
 * Config space into BUF (4096 bytes), which becomes libpci's cache of the
 * device (pci_setup_cache()), so the capability walks that follow read
 * memory rather than one pread() per register.  Returns how much the
 * access method gives: 64 bytes to a reader without CAP_SYS_ADMIN
 * (drivers/pci/pci-sysfs.c pci_read_config()), 256 for conventional PCI
 * or an `lspci -xxx` dump, 4096 for PCIe as root or `lspci -xxxx`.
 * libpci reports a short read as failure.
 */
static unsigned read_config(struct pci_dev *d, u8 *buf)
{
	unsigned size = 0;

	if (pci_read_block(d, 0, buf, 64)) {
		size = 64;
		if (pci_read_block(d, 64, buf + 64, 256 - 64)) {
			size = 256;
			if (pci_read_block(d, 256, buf + 256, 4096 - 256))
				size = 4096;
		}
	}
	pci_setup_cache(d, buf, (int)size);
	return size;
}

/*
 * The first capability ID in chain order, as the kernel finds it
 * (pci_find_capability(), pci_find_ext_capability()).  libpci 3.9 keeps
 * the list in chain order (lib/caps.c appends at last_cap) and guards it
 * against loops (been_there); the kernel also stops at a standard pointer
 * below 0x40 and an extended one below 0x100, so do we.
 */
static struct pci_cap *first_cap(struct pci_dev *d, unsigned id,
				 unsigned type)
{
	unsigned budget = type == PCI_CAP_NORMAL ? CAP_TTL : EXT_CAP_TTL;
	unsigned limit = type == PCI_CAP_NORMAL ? 0x40 : 0x100;

	for (struct pci_cap *c = d->first_cap; c; c = c->next) {
		if (c->type != type)
			continue;
		if (c->addr < limit || !budget--)
			return NULL;
		if (c->id == id)
			return c;
	}
	return NULL;
}

/* drivers/pci/quirks.c pci_quirk_intel_spt_pch_acs_match() (6.18): root
 * ports of Sunrise Point-H, Union Point and 7th/8th gen mobile I/O. */
static bool intel_spt_pch_root_port(const struct pci_function *f)
{
	uint16_t d = f->device_id;

	if (f->vendor_id != VENDOR_INTEL || f->pcie_type != PCIE_TYPE_ROOT_PORT)
		return false;
	return (d >= 0xa110 && d <= 0xa11f) || (d >= 0xa167 && d <= 0xa16a) ||
	       (d >= 0xa290 && d <= 0xa29f) || (d >= 0xa2e7 && d <= 0xa2ee) ||
	       (d >= 0x9d10 && d <= 0x9d1b);
}

static void set_caps_unknown(struct pci_function *f)
{
	f->pcie_type = PCIE_TYPE_UNKNOWN;
	f->flr = f->af_flr = f->pm_cap = f->pm_no_soft_reset = TRI_UNKNOWN;
	f->ari = f->acs.present = TRI_UNKNOWN;
}

static void set_caps_none(struct pci_function *f)
{
	f->pcie_type = PCIE_TYPE_NONE;
	f->flr = f->af_flr = f->pm_cap = f->pm_no_soft_reset = TRI_NO;
	f->ari = f->acs.present = TRI_NO;
}

/* ACS extended capability, PCIe r6 7.7.8 (pci_regs.h PCI_ACS_CAP/CTRL). */
static void read_acs(struct pci_dev *d, struct pci_function *f,
		     struct pci_cap *c)
{
	struct pci_acs *a = &f->acs;

	a->present = TRI_YES;
	a->pos = (uint16_t)c->addr;
	if (c->addr + PCI_ACS_CTRL + 2 > f->config_size)
		return;
	a->cap = pci_read_word(d, (int)c->addr + PCI_ACS_CAP);
	a->ctl_std = pci_read_word(d, (int)c->addr + PCI_ACS_CTRL);
	a->cap_known = true;
	/* Egress Control Vector Size, Capability bits 15:8 (the kernel's
	 * PCI_ACS_EGRESS_BITS byte at +5); 0 means 256. */
	a->egress_bits = a->cap >> 8;
	a->ctl_at_8 = intel_spt_pch_root_port(f);
	if (!a->ctl_at_8) {
		a->ctl = a->ctl_std;
		a->ctl_known = true;
	} else if (c->addr + SPT_ACS_CTRL + 4 <= f->config_size) {
		/* The erratum: control is the dword at +8; the kernel reads
		 * it with pci_read_config_dword() and tests the low bits. */
		a->ctl = (uint16_t)pci_read_long(d, (int)c->addr +
						 SPT_ACS_CTRL);
		a->ctl_known = true;
	}
}

/*
 * Device Serial Number, PCIe r6 7.9.3: the header, then the serial's low
 * dword at +4 and its high dword at +8 (the kernel's pci_get_dsn()).  No
 * check needs it: --redact must know it to hash it out of a snapshot.
 */
static void read_dsn(struct pci_dev *d, struct pci_function *f)
{
	struct pci_cap *c = first_cap(d, PCI_EXT_CAP_ID_DSN, PCI_CAP_EXTENDED);

	if (!c || c->addr + 12 > f->config_size)
		return;
	f->has_dsn = true;
	f->dsn_pos = (uint16_t)c->addr;
	f->dsn = (uint64_t)pci_read_long(d, (int)c->addr + 8) << 32 |
		 pci_read_long(d, (int)c->addr + 4);
}

static void read_caps(struct pci_dev *d, struct pci_function *f,
		      bool ext_known)
{
	struct pci_cap *c;

	if (f->config_size < 64) {
		set_caps_unknown(f);
		return;
	}
	if (!(pci_read_word(d, PCI_STATUS) & PCI_STATUS_CAP_LIST)) {
		/* No list at all: not PCIe (which requires one). */
		set_caps_none(f);
		return;
	}
	if (f->config_size < 256) {
		set_caps_unknown(f);
		return;
	}

	/* PCI Express capability: Device/Port Type, PCI_EXP_FLAGS_TYPE. */
	c = first_cap(d, PCI_CAP_ID_EXP, PCI_CAP_NORMAL);
	if (!c) {
		f->pcie_type = PCIE_TYPE_NONE;
		f->flr = TRI_NO;
	} else if (c->addr + PCI_EXP_DEVCAP + 4 > f->config_size) {
		f->pcie_type = PCIE_TYPE_UNKNOWN;
		f->flr = TRI_UNKNOWN;
	} else {
		f->pcie_type = (enum pcie_type)((pci_read_word(d, (int)c->addr +
				PCI_EXP_FLAGS) & PCI_EXP_FLAGS_TYPE) >> 4);
		/* pci_regs.h PCI_EXP_DEVCAP_FLR (libpci: _FLRESET), bit 28;
		 * drivers/pci/pci.c pcie_reset_flr(). */
		f->flr = pci_read_long(d, (int)c->addr + PCI_EXP_DEVCAP) &
			 PCI_EXP_DEVCAP_FLRESET ? TRI_YES : TRI_NO;
	}

	/* Power Management: PMCSR (PCI_PM_CTRL) No_Soft_Reset. */
	c = first_cap(d, PCI_CAP_ID_PM, PCI_CAP_NORMAL);
	if (!c) {
		f->pm_cap = TRI_NO;
		f->pm_no_soft_reset = TRI_NO;
	} else if (c->addr + PCI_PM_CTRL + 2 > f->config_size) {
		f->pm_cap = TRI_YES;
		f->pm_no_soft_reset = TRI_UNKNOWN;
	} else {
		f->pm_cap = TRI_YES;
		f->pm_no_soft_reset = pci_read_word(d, (int)c->addr +
				PCI_PM_CTRL) & PM_CTRL_NO_SOFT_RESET ?
				TRI_YES : TRI_NO;
	}

	/* Advanced Features: both TP and FLR, as pci_af_flr() asks. */
	c = first_cap(d, PCI_CAP_ID_AF, PCI_CAP_NORMAL);
	if (!c) {
		f->af_flr = TRI_NO;
	} else if (c->addr + PCI_AF_CAP + 1 > f->config_size) {
		f->af_flr = TRI_UNKNOWN;
	} else {
		u8 af = pci_read_byte(d, (int)c->addr + PCI_AF_CAP);

		f->af_flr = (af & PCI_AF_CAP_TP) && (af & PCI_AF_CAP_FLR) ?
			    TRI_YES : TRI_NO;
	}

	/* Extended capabilities exist only past 256 bytes of a PCIe
	 * function (libpci scans them only then, as the kernel does). */
	if (f->pcie_type == PCIE_TYPE_NONE) {
		f->ari = f->acs.present = TRI_NO;
		return;
	}
	if (!ext_known) {
		f->ari = f->acs.present = TRI_UNKNOWN;
		return;
	}
	f->ari = first_cap(d, PCI_EXT_CAP_ID_ARI, PCI_CAP_EXTENDED) ?
		 TRI_YES : TRI_NO;
	read_dsn(d, f);
	c = first_cap(d, PCI_EXT_CAP_ID_ACS, PCI_CAP_EXTENDED);
	if (c)
		read_acs(d, f, c);
	else
		f->acs.present = TRI_NO;
}

/* ---- sysfs attributes through the root ---------------------------------- */

/* First line of sys/bus/pci/devices/BDF/ATTR, trimmed, into BUF. */
static int read_attr(const struct host *h, const char *bdf, const char *attr,
		     char *buf, size_t len)
{
	char path[ROOT_PATH_MAX];

	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/%s", bdf, attr);
	return root_read_line(h->root, path, buf, len);
}

static int link_name(const struct host *h, const char *bdf, const char *attr,
		     char *buf, size_t len)
{
	char path[ROOT_PATH_MAX];
	int e;

	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/%s", bdf, attr);
	e = root_link_basename(h->root, path, buf, len);
	if (e)
		buf[0] = 0;
	return e;
}

static bool parse_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return !errno && end != s && !*end;
}

/* MAYBE_PF: the function may have an SR-IOV capability (or its extended
 * capabilities are unknown); the kernel adds sriov_* only to those. */
static void read_sysfs(const struct host *h, struct pci_function *f,
		       bool maybe_pf)
{
	const struct pci_binding *b = sys_binding(&h->sys, f->bdf);
	char path[ROOT_PATH_MAX], buf[160];
	struct stat st;
	long v;
	int e;

	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s", f->bdf);
	f->numa_node = -1;
	f->iommu_group = -1;
	if (root_stat(h->root, path, &st) || !S_ISDIR(st.st_mode))
		return;
	f->sysfs = true;

	/* probe_sys() has read the driver core's view (the same files, the
	 * same rules); a function it could not list is read here */
	if (b) {
		snprintf(f->driver, sizeof(f->driver), "%s", b->driver);
		snprintf(f->driver_override, sizeof(f->driver_override), "%s",
			 b->driver_override);
		if (b->group >= 0 && b->group <= INT_MAX)
			f->iommu_group = (int)b->group;
	} else {
		link_name(h, f->bdf, "driver", f->driver, sizeof(f->driver));
		/* driver_override_show() prints "(null)" when unset. */
		if (read_attr(h, f->bdf, "driver_override", f->driver_override,
			      sizeof(f->driver_override)) ||
		    !strcmp(f->driver_override, "(null)"))
			f->driver_override[0] = 0;
		if (!link_name(h, f->bdf, "iommu_group", buf, sizeof(buf)) &&
		    parse_long(buf, &v) && v >= 0 && v <= INT_MAX)
			f->iommu_group = (int)v;
	}

	/* "reset" exists only when some function reset is available
	 * (pci_dev_reset_attr_is_visible()); "reset_method" (v5.15+) lists
	 * them in the order the kernel tries them. */
	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/reset", f->bdf);
	e = root_lstat(h->root, path, &st);
	f->reset_file = !e ? TRI_YES : e == -ENOENT ? TRI_NO : TRI_UNKNOWN;
	e = read_attr(h, f->bdf, "reset_method", f->reset_methods,
		      sizeof(f->reset_methods));
	if (!e)
		f->reset_methods_known = TRI_YES;
	else if (e == -ENOENT && f->reset_file == TRI_NO)
		f->reset_methods_known = TRI_YES;   /* no reset at all */
	else if (e == -ENOENT && f->reset_file == TRI_YES)
		f->reset_methods_known = TRI_NO;    /* pre-5.15 kernel */

	/* boot_vga is visible on VGA-class functions only
	 * (pci_dev_attrs_are_visible(), pci_is_vga(): class 0300 or the
	 * pre-2.0 VGA 0001), so absent means "not it". */
	e = f->class_code >> 8 == 0x0300 || f->class_code >> 8 == 0x0001 ?
	    read_attr(h, f->bdf, "boot_vga", buf, sizeof(buf)) : -ENOENT;
	if (!e)
		f->boot_vga = !strcmp(buf, "1") ? TRI_YES :
			      !strcmp(buf, "0") ? TRI_NO : TRI_UNKNOWN;
	else
		f->boot_vga = e == -ENOENT ? TRI_NO : TRI_UNKNOWN;

	if (!read_attr(h, f->bdf, "numa_node", buf, sizeof(buf)) &&
	    parse_long(buf, &v) && v >= 0 && v <= INT_MAX)
		f->numa_node = (int)v;
	link_name(h, f->bdf, "physfn", f->physfn_bdf, sizeof(f->physfn_bdf));
	if (!maybe_pf)
		return;
	if (!read_attr(h, f->bdf, "sriov_totalvfs", buf, sizeof(buf)) &&
	    parse_long(buf, &v) && v >= 0 && v <= 0xffff)
		f->sriov_totalvfs = (unsigned)v;
	if (!read_attr(h, f->bdf, "sriov_numvfs", buf, sizeof(buf)) &&
	    parse_long(buf, &v) && v >= 0 && v <= 0xffff)
		f->sriov_numvfs = (unsigned)v;
}

/* The hex attribute ATTR of the device, when it reads and is at most MAX. */
static bool hex_attr(const struct host *h, const char *bdf, const char *attr,
		     uint64_t max, uint64_t *v)
{
	char buf[32];

	return !read_attr(h, bdf, attr, buf, sizeof(buf)) &&
	       !sys_parse_hex(buf, v) && *v <= max;
}

/*
 * The kernel's view of the identity, which lspci shows as well: a VF's
 * config space reads FFFFh as vendor and device (PCIe r6 9.3.4.1.1; the
 * kernel takes them from its PF, drivers/pci/iov.c) and quirks fix up
 * classes (drivers/pci/quirks.c), so the sysfs attributes vendor, device
 * and class replace what config space says; one that cannot be read
 * leaves it.  Revision and subsystem IDs stay config space's: that is
 * where pci_setup_device() reads them, and what the DMA-alias quirks
 * match.  probe_sys() has read the three through the root handle; libpci
 * no longer opens them (its deep-path opens of six files per function
 * were a third of an audit of a large host).
 */
static void read_kernel_ids(const struct host *h, struct pci_function *f)
{
	const struct pci_binding *b = sys_binding(&h->sys, f->bdf);
	uint64_t v;

	if (b && b->ids_known) {
		f->vendor_id = b->vendor;
		f->device_id = b->device;
		f->class_code = b->class_code;
		return;
	}
	if (hex_attr(h, f->bdf, "vendor", 0xffff, &v))
		f->vendor_id = (uint16_t)v;
	if (hex_attr(h, f->bdf, "device", 0xffff, &v))
		f->device_id = (uint16_t)v;
	if (hex_attr(h, f->bdf, "class", 0xffffff, &v))
		f->class_code = (uint32_t)v;
}

/* ---- one function -------------------------------------------------------- */

static void fill_function(const struct host *h, struct pci_dev *d,
			  struct pci_function *f)
{
	bool sysfs = !h->pci.from_dump;
	u8 hdr, cfg[4096];
	bool maybe_pf;

	f->config_size = read_config(d, cfg);
	/* no PCI_FILL_NUMA_NODE: read_sysfs() reads numa_node itself */
	pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT |
		      PCI_FILL_SUBSYS | PCI_FILL_CAPS | PCI_FILL_EXT_CAPS);
	f->domain = (uint32_t)d->domain;
	f->bus = d->bus;
	f->dev = d->dev;
	f->func = d->func;
	snprintf(f->bdf, sizeof(f->bdf), "%04x:%02x:%02x.%u", f->domain,
		 f->bus, f->dev, f->func);
	/* config space (libpci is bus-centric), then from sysfs the
	 * kernel's view */
	f->vendor_id = d->vendor_id;
	f->device_id = d->device_id;
	f->class_code = (uint32_t)d->device_class << 8 | d->prog_if;
	f->revision = d->rev_id;
	f->subsys_vendor_id = d->subsys_vendor_id;
	f->subsys_id = d->subsys_id;
	if (sysfs)
		read_kernel_ids(h, f);
	f->parent = -1;
	f->physfn = -1;
	f->numa_node = -1;
	f->iommu_group = -1;

	f->config_full = f->config_size > 64;
	if (f->config_size >= 64) {
		/* PCI_HEADER_TYPE: bit 7 multi-function, 6:0 layout. */
		hdr = pci_read_byte(d, PCI_HEADER_TYPE);
		f->header_type = hdr & 0x7f;
		f->multifunction = hdr & 0x80;
		f->is_bridge = f->header_type == PCI_HEADER_TYPE_BRIDGE ||
			       f->header_type == PCI_HEADER_TYPE_CARDBUS;
		if (f->is_bridge) {
			/* PCI_CB_CARD_BUS/_SUBORDINATE_BUS sit at the same
			 * offsets in a CardBus header. */
			f->secondary_bus = pci_read_byte(d, PCI_SECONDARY_BUS);
			f->subordinate_bus = pci_read_byte(d,
							   PCI_SUBORDINATE_BUS);
		}
	}
	/* Extended config space is known when read in full, or when sysfs
	 * gave exactly 256 bytes to a reader that gets more than 64: the
	 * kernel itself then has cfg_size 256 and sees no extended
	 * capability (pci_cfg_space_size()). */
	read_caps(d, f, f->config_size >= 4096 ||
		  (sysfs && f->config_size == 256));
	maybe_pf = f->ari == TRI_UNKNOWN ||
		   first_cap(d, PCI_EXT_CAP_ID_SRIOV, PCI_CAP_EXTENDED);
	pci_setup_cache(d, NULL, 0);	/* CFG goes out of scope */

	if (sysfs)
		read_sysfs(h, f, maybe_pf);
	else
		f->reset_methods_known = f->reset_file = f->boot_vga =
			TRI_UNKNOWN;
}

/*
 * Parents by bus numbers, as the kernel links them: the bridge whose
 * secondary bus is the function's bus (bus->self).  The bridge must sit on
 * a lower bus than its secondary -- the kernel renumbers any that does not
 * (pci_scan_bridge_extend()) -- which also keeps the tree free of cycles.
 * From sysfs, a function whose bridge had no readable config space gets
 * the device directory above its own (the kernel's bus->self) when that
 * one is a bridge too.  (libpci 3.9's PCI_FILL_PARENT would say the same
 * but leaks its realpath() buffers, lib/sysfs.c.)
 */
static int sysfs_parent(const struct host *h, const struct pci_facts *p,
			const struct pci_function *f)
{
	char path[ROOT_PATH_MAX], target[ROOT_PATH_MAX], *s;
	uint32_t dom;
	uint8_t bus, dev, func;

	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s", f->bdf);
	if (root_readlink(h->root, path, target, sizeof(target)) <= 0)
		return -1;
	s = strrchr(target, '/');
	if (!s)
		return -1;
	*s = 0;
	s = strrchr(target, '/');
	if (pci_parse_bdf(s ? s + 1 : target, &dom, &bus, &dev, &func))
		return -1;
	return find_addr(p, dom, bus, dev, func);
}

static void link_topology(const struct host *h, struct pci_facts *p)
{
	size_t start = 0;

	while (start < p->count) {
		uint32_t dom = p->v[start].domain;
		int sec[256];
		size_t end = start;

		while (end < p->count && p->v[end].domain == dom)
			end++;
		for (size_t i = 0; i < 256; i++)
			sec[i] = -1;
		for (size_t i = start; i < end; i++) {
			const struct pci_function *b = &p->v[i];

			if (b->is_bridge && b->bus < b->secondary_bus &&
			    b->secondary_bus <= b->subordinate_bus &&
			    sec[b->secondary_bus] < 0)
				sec[b->secondary_bus] = (int)i;
		}
		for (size_t i = start; i < end; i++) {
			struct pci_function *f = &p->v[i];
			int k;

			f->parent = sec[f->bus];
			if (f->parent < 0 && f->sysfs) {
				k = sysfs_parent(h, p, f);
				if (k >= 0 && p->v[k].bus < f->bus &&
				    (p->v[k].is_bridge ||
				     p->v[k].config_size < 64))
					f->parent = k;
			}
			f->on_root_bus = f->parent < 0;
		}
		start = end;
	}
	for (size_t i = 0; i < p->count; i++)
		if (p->v[i].physfn_bdf[0])
			p->v[i].physfn = pci_find(p, p->v[i].physfn_bdf);
}

/* Names from pci.ids only (no udev hwdb, no network, no cache): "" when
 * the ID is not listed.  A broken pci.ids costs the names, not the facts. */
static void lookup_names(struct pci_access *acc, struct pci_facts *p)
{
	jmp_buf jb, *outer = hook.jmp;
	const int nonum = PCI_LOOKUP_NO_NUMBERS;

	hook.jmp = &jb;
	if (setjmp(jb)) {
		hook.jmp = outer;
		if (!p->nwarnings++)
			snprintf(p->warning, sizeof(p->warning),
				 "pci.ids: %.200s", hook.msg);
		for (size_t i = 0; i < p->count; i++)
			p->v[i].vendor_name[0] = p->v[i].device_name[0] =
				p->v[i].class_name[0] = 0;
		return;
	}
	for (size_t i = 0; i < p->count; i++) {
		struct pci_function *f = &p->v[i];
		char *s;

		s = pci_lookup_name(acc, f->vendor_name, sizeof(f->vendor_name),
				    PCI_LOOKUP_VENDOR | nonum, f->vendor_id);
		if (s != f->vendor_name)
			snprintf(f->vendor_name, sizeof(f->vendor_name), "%s",
				 s ? s : "");
		s = pci_lookup_name(acc, f->device_name, sizeof(f->device_name),
				    PCI_LOOKUP_DEVICE | nonum, f->vendor_id,
				    f->device_id);
		if (s != f->device_name)
			snprintf(f->device_name, sizeof(f->device_name), "%s",
				 s ? s : "");
		s = pci_lookup_name(acc, f->class_name, sizeof(f->class_name),
				    PCI_LOOKUP_CLASS | nonum,
				    (int)(f->class_code >> 8));
		if (s != f->class_name)
			snprintf(f->class_name, sizeof(f->class_name), "%s",
				 s ? s : "");
	}
	hook.jmp = outer;
}

static int cmp_dev(const void *a, const void *b)
{
	const struct pci_dev *x = *(struct pci_dev *const *)a;
	const struct pci_dev *y = *(struct pci_dev *const *)b;

	return cmp_addr((uint32_t)x->domain, x->bus, x->dev, x->func,
			(uint32_t)y->domain, y->bus, y->dev, y->func);
}

static int collect(const struct host *h, struct pci_access *acc,
		   struct pci_facts *p)
{
	size_t n = 0, k = 0;

	for (struct pci_dev *d = acc->devices; d; d = d->next)
		n++;
	if (!n)
		return 0;
	hook.devs = calloc(n, sizeof(*hook.devs));
	if (!hook.devs)
		return -ENOMEM;
	for (struct pci_dev *d = acc->devices; d; d = d->next) {
		/* A dump's "##:##.#" admits slots and functions no PCI
		 * address has; drop them rather than mis-address them. */
		if (d->dev > 0x1f || d->func > 7 || d->domain < 0) {
			if (!p->nwarnings++)
				snprintf(p->warning, sizeof(p->warning),
					 "not a PCI address: %x:%02x:%02x.%x",
					 (unsigned)d->domain, d->bus, d->dev,
					 d->func);
			continue;
		}
		hook.devs[k++] = d;
	}
	qsort(hook.devs, k, sizeof(*hook.devs), cmp_dev);
	n = k;
	k = 0;
	for (size_t i = 0; i < n; i++) {
		/* a dump may list a function twice: keep one */
		if (k && !cmp_dev(&hook.devs[k - 1], &hook.devs[i]))
			continue;
		hook.devs[k++] = hook.devs[i];
	}
	if (k > PCI_MAX_FUNCTIONS) {
		k = PCI_MAX_FUNCTIONS;
		p->capped = true;
	}
	p->v = calloc(k ? k : 1, sizeof(*p->v));
	if (!p->v)
		return -ENOMEM;
	for (size_t i = 0; i < k; i++) {
		fill_function(h, hook.devs[i], &p->v[i]);
		p->count = i + 1;
		if (p->v[i].config_size < 64)
			p->nno_header++;
	}
	link_topology(h, p);
	lookup_names(acc, p);
	return pci_index(p);
}

/* ---- the snapshot, before libpci sees it --------------------------------- */

/* The files libpci 3.9 opens in a device directory for the fills we ask
 * for, bus-centric (lib/sysfs.c sysfs_setup(); the ID attributes are read
 * by read_kernel_ids() through the root). */
static const char *const libpci_files[] = {
	"config",
};

static bool inside(const char *real, const char *dir, size_t dlen)
{
	return !strncmp(real, dir, dlen) && (real[dlen] == '/' || !real[dlen]);
}

/* Does HOST_PATH, resolved by the kernel's rules, stay inside DIR?  A path
 * that does not resolve at all is harmless: libpci cannot open it. */
static bool host_path_confined(const char *host_path, const char *dir)
{
	char *real = realpath(host_path, NULL);
	bool ok;

	if (!real)
		return true;
	ok = inside(real, dir, strlen(dir));
	free(real);
	return ok;
}

/*
 * The files libpci opens in device directory REL (under DIR) stay inside
 * DIR.  The directory is resolved once; of its files only those that are
 * symlinks need resolving, the rest are where the directory is (nine
 * realpath() calls per function were most of the probe on large hosts).
 */
static int device_confined(const char *dir, const char *rel,
			   struct pci_facts *p)
{
	char host_path[PATH_MAX], *real;
	struct stat st;
	int w, e = 0;

	w = snprintf(host_path, sizeof(host_path), "%s/%s", dir, rel);
	if (w < 0 || (size_t)w >= sizeof(host_path)) {
		snprintf(p->error, sizeof(p->error), "%.200s: path too long",
			 rel);
		return -ENAMETOOLONG;
	}
	real = realpath(host_path, NULL);
	if (!real)
		return 0;	/* libpci cannot open it either */
	if (!inside(real, dir, strlen(dir))) {
		snprintf(p->error, sizeof(p->error),
			 "%.160s resolves outside the snapshot", rel);
		e = -EXDEV;
	}
	for (size_t j = 0; !e && j < sizeof(libpci_files) /
					sizeof(libpci_files[0]); j++) {
		w = snprintf(host_path, sizeof(host_path), "%s/%s", real,
			     libpci_files[j]);
		if (w < 0 || (size_t)w >= sizeof(host_path)) {
			snprintf(p->error, sizeof(p->error),
				 "%.200s: path too long", rel);
			e = -ENAMETOOLONG;
		} else if (!lstat(host_path, &st) && S_ISLNK(st.st_mode) &&
			   !host_path_confined(host_path, dir)) {
			snprintf(p->error, sizeof(p->error),
				 "%.160s/%s resolves outside the snapshot",
				 rel, libpci_files[j]);
			e = -EXDEV;
		}
	}
	free(real);
	return e;
}

static int open_beneath(int snap, const char *rel, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH,
	};
	long fd = syscall(SYS_openat2, snap, rel, &how, sizeof(how));

	return fd < 0 ? -errno : (int)fd;
}

/*
 * device_confined() asked of the kernel: openat2() with RESOLVE_BENEATH
 * fails with EXDEV on any lookup that leaves SNAP (the snapshot's
 * directory), the one thing libpci's open() must not do.  One call for
 * the device directory, an lstat of each libpci file in it and one more
 * call for those that are symlinks: a fifth of the realpath() route's
 * system calls.  -EAGAIN: take that route (no openat2 in this kernel,
 * EPERM from a seccomp filter, or an answer that is not "no such file").
 */
static int device_beneath(int snap, const char *rel, struct pci_facts *p)
{
	char path[ROOT_PATH_MAX];
	int fd = open_beneath(snap, rel, O_PATH | O_DIRECTORY), e = 0;
	struct stat st;

	if (fd == -EXDEV) {
		snprintf(p->error, sizeof(p->error),
			 "%.160s resolves outside the snapshot", rel);
		return -EXDEV;
	}
	if (fd == -ENOENT || fd == -ENOTDIR || fd == -ELOOP || fd == -EACCES)
		return 0;	/* libpci cannot open it either */
	if (fd < 0)
		return -EAGAIN;
	for (size_t j = 0; !e && j < sizeof(libpci_files) /
					sizeof(libpci_files[0]); j++) {
		int w, t;

		if (fstatat(fd, libpci_files[j], &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISLNK(st.st_mode))
			continue;
		w = snprintf(path, sizeof(path), "%s/%s", rel, libpci_files[j]);
		t = w < 0 || (size_t)w >= sizeof(path) ? -ENAMETOOLONG :
		    open_beneath(snap, path, O_PATH);
		if (t == -EXDEV || t == -ENAMETOOLONG) {
			snprintf(p->error, sizeof(p->error), "%.160s/%s %s",
				 rel, libpci_files[j], t == -EXDEV ?
				 "resolves outside the snapshot" :
				 "path too long");
			e = t;
		} else if (t >= 0) {
			close(t);
		}
	}
	close(fd);
	return e;
}

/*
 * libpci follows symlinks the kernel's way, from the host's "/": a
 * snapshot whose sys/bus/pci points outside itself would have libpci read
 * this machine's devices (or any file) as the snapshot's.  Refuse those.
 */
static int check_confined(const struct host *h, char **names, size_t n,
			  struct pci_facts *p)
{
	const char *dir = root_dir(h->root);
	char rel[ROOT_PATH_MAX], host_path[PATH_MAX], target[ROOT_PATH_MAX];
	struct stat st;
	int e = 0, snap;

	snprintf(host_path, sizeof(host_path), "%s/sys/bus/pci/devices", dir);
	if (!host_path_confined(host_path, dir)) {
		snprintf(p->error, sizeof(p->error),
			 "sys/bus/pci/devices resolves outside the snapshot");
		return -EXDEV;
	}
	snap = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; i < n && !e; i++) {
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", names[i]);
		if (!root_lstat(h->root, rel, &st) && S_ISLNK(st.st_mode) &&
		    root_readlink(h->root, rel, target, sizeof(target)) > 0 &&
		    target[0] == '/') {
			snprintf(p->error, sizeof(p->error),
				 "%.80s is an absolute symlink (%.60s): libpci "
				 "would follow it outside the snapshot", rel,
				 target);
			e = -EXDEV;
			break;
		}
		e = snap < 0 ? -EAGAIN : device_beneath(snap, rel, p);
		if (e == -EAGAIN)
			e = device_confined(dir, rel, p);
	}
	if (snap >= 0)
		close(snap);
	return e;
}

/* While capturing, read what libpci will read, through the root, so the
 * snapshot holds it (config at its full 4 KiB). */
static void record_libpci_reads(const struct host *h, char **names, size_t n)
{
	char path[ROOT_PATH_MAX];
	struct blob b;

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < sizeof(libpci_files) /
				       sizeof(libpci_files[0]); j++) {
			snprintf(path, sizeof(path),
				 "sys/bus/pci/devices/%s/%s", names[i],
				 libpci_files[j]);
			if (!root_read(h->root, path, 4096, &b))
				blob_release(&b);
		}
}

static int prepare_sysfs(const struct host *h, struct pci_facts *p,
			 char *syspath, size_t len)
{
	const char *dir = root_dir(h->root);
	char **names;
	size_t n;
	int e, w;

	e = root_list(h->root, "sys/bus/pci/devices", 4 * PCI_MAX_FUNCTIONS,
		      &names, &n);
	if (e)
		return e;
	for (size_t i = 0; i < n; i++) {
		uint32_t dom;
		uint8_t b, d, f;

		/* lib/sysfs.c sysfs_scan() errors out on any other name */
		if (pci_parse_bdf(names[i], &dom, &b, &d, &f) ||
		    !strchr(strchr(names[i], ':') + 1, ':')) {
			snprintf(p->error, sizeof(p->error),
				 "sys/bus/pci/devices/%.60s: not a PCI address",
				 names[i]);
			root_names_free(names);
			return -EINVAL;
		}
	}
	e = root_is_live(h->root) ? 0 : check_confined(h, names, n, p);
	if (!e && root_recording(h->root))
		record_libpci_reads(h, names, n);
	root_names_free(names);
	if (e)
		return e;
	w = snprintf(syspath, len, "%s/sys/bus/pci",
		     strcmp(dir, "/") ? dir : "");
	return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
}

static int check_dump(const char *path, struct pci_facts *p)
{
	struct stat st;

	if (stat(path, &st)) {
		snprintf(p->error, sizeof(p->error), "%s: %s", path,
			 strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(p->error, sizeof(p->error),
			 "%s: not a regular file", path);
		return -EINVAL;
	}
	if ((unsigned long long)st.st_size > DUMP_MAX_BYTES) {
		snprintf(p->error, sizeof(p->error),
			 "%s: larger than %u MiB", path, DUMP_MAX_BYTES >> 20);
		return -EFBIG;
	}
	return 0;
}

/* ---- entry ---------------------------------------------------------------- */

/* Everything that may call libpci's error hook runs under this setjmp. */
static int scan(const struct host *h, struct pci_access *acc,
		struct pci_facts *p)
{
	jmp_buf jb;
	int e;

	hook.jmp = &jb;
	if (setjmp(jb)) {
		snprintf(p->error, sizeof(p->error), "libpci: %.240s", hook.msg);
		return -EIO;
	}
	pci_init(acc);
	pci_scan_bus(acc);
	e = collect(h, acc, p);
	if (e)
		snprintf(p->error, sizeof(p->error), "%s", strerror(-e));
	return e;
}

int probe_pci(struct host *h)
{
	struct pci_facts *p = &h->pci;
	char syspath[PATH_MAX];
	const char *ids = getenv("VFIO_READY_PCI_IDS");
	struct pci_access *acc;
	int e;

	pci_facts_release(p);
	memset(p, 0, sizeof(*p));
	p->from_dump = h->lspci_dump != NULL;
	if (p->from_dump) {
		fact_src_set(&p->src, h->lspci_dump, 0);
		e = check_dump(h->lspci_dump, p);
	} else {
		fact_src_set(&p->src, "sys/bus/pci/devices", 0);
		e = prepare_sysfs(h, p, syspath, sizeof(syspath));
	}
	if (e) {
		p->src.err = e;
		return 0;
	}

	acc = pci_alloc();
	if (!acc) {
		p->src.err = -ENOMEM;
		return 0;
	}
	acc->error = pci_error_hook;
	acc->warning = pci_warning_hook;
	acc->debug = pci_debug_hook;
	acc->debugging = 0;
	/* pci.ids only: not udev's hwdb, not DNS, not ~/.pciids-cache. */
	acc->id_lookup_mode = PCI_LOOKUP_NO_HWDB;
	if (ids && *ids)
		pci_set_name_list_path(acc, (char *)ids, 0);
	/* Forced methods, never PCI_ACCESS_AUTO: no quiet fall-back to
	 * /proc/bus/pci or I/O ports of the machine we run on. */
	if (p->from_dump) {
		acc->method = PCI_ACCESS_DUMP;
		e = pci_set_param(acc, "dump.name", (char *)h->lspci_dump);
	} else {
		acc->method = PCI_ACCESS_SYS_BUS_PCI;
		/* config space only: read_kernel_ids() reads the rest */
		acc->buscentric = 1;
		e = pci_set_param(acc, "sysfs.path", syspath);
	}
	if (e) {
		snprintf(p->error, sizeof(p->error),
			 "libpci lacks the %s access method",
			 p->from_dump ? "dump" : "linux-sysfs");
		p->src.err = -ENOTSUP;
		pci_cleanup(acc);
		return 0;
	}

	hook.facts = p;
	hook.strip = p->from_dump || root_is_live(h->root) ? NULL :
		     root_dir(h->root);
	e = scan(h, acc, p);
	if (!e && p->from_dump && !p->count) {
		snprintf(p->error, sizeof(p->error),
			 "no PCI function in the dump (lspci -xxxx output?)");
		e = -EBADMSG;
	}
	if (e) {
		p->src.err = e;
		pci_facts_release(p);
	}
	free(hook.devs);
	memset(&hook, 0, sizeof(hook));
	pci_cleanup(acc);
	return 0;
}

void pci_facts_release(struct pci_facts *p)
{
	free(p->v);
	free(p->by_id);
	p->v = NULL;
	p->by_id = NULL;
	p->count = p->nby_id = 0;
}

const char *pci_short_bdf(const struct pci_function *f)
{
	return f->domain == 0 && strlen(f->bdf) == 12 ? f->bdf + 5 : f->bdf;
}

bool pci_is_bridge(const struct pci_function *f)
{
	return f->is_bridge || (f->header_type & 0x7f) != 0;
}
