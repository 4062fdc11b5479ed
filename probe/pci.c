/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI functions: identity, topology, the capabilities that decide grouping
 * and reset, and the sysfs attributes the driver core adds.
 *
 * One pass over sys/bus/pci/devices, one function at a time, every file
 * through the root handle: its config space, which libpci decodes from
 * memory (the bytes become the device's cache, pci_setup_cache(), and
 * libpci is asked only for what lies inside them), then the driver core's
 * view from the same directory.  libpci therefore opens no file of the
 * machine or the snapshot; its sysfs path points at a directory that
 * cannot exist, so a read it might still attempt fails instead of leaving
 * the root.  An `lspci -xxxx` dump is libpci's to read (lib/dump.c).
 *
 * Offsets and bits are libpci's lib/header.h names, which follow the
 * kernel's include/uapi/linux/pci_regs.h (kernel names in comments where
 * they differ).
 */
#include "pci.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
#define DUMP_MAX_BYTES (64u << 20)

/*
 * libpci's error hook takes no context and must not return (pci.h marks it
 * PCI_NONRET; the default one exits), so this run's state is file-static
 * and the hook longjmps back to the entry point.  One scan at a time.
 */
static struct {
	jmp_buf *jmp;
	struct pci_facts *facts;
	char msg[256];
	struct pci_dev **devs;      /* sorted, parallel to facts->v */
	size_t ndevs;
	bool own_devs;              /* made by pci_get_dev(): ours to free */
} hook;

/* libpci's sysfs path: "/dev/null/..." cannot resolve (ENOTDIR), so the
 * sysfs method cannot open anything even if asked to read past a cache. */
#define LIBPCI_NO_SYSFS "/dev/null"

/* Messages on one line: libpci ends some with a newline. */
static void clean_message(char *dst, size_t len, const char *src)
{
	size_t o = 0;

	while (*src && o + 1 < len) {
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

/* Warnings (a dump line libpci skips; none is expected from the sysfs
 * method, which opens nothing): keep the first and a count, never print. */
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

/* Up to MAXD hex digits at *S, before END; false when there are none or
 * too many. */
static bool take_hex(const char **s, const char *end, unsigned maxd,
		     unsigned *n, uint32_t *v)
{
	uint32_t x = 0;
	int d;

	*n = 0;
	while (*s < end && (d = text_hex_digit(**s)) >= 0) {
		if (++*n > maxd)
			return false;
		x = x << 4 | (uint32_t)d;
		(*s)++;
	}
	*v = x;
	return *n > 0;
}

/* All of [S, END) as 1 to MAXD hex digits. */
static bool hex_field(const char *s, const char *end, unsigned maxd,
		      uint32_t *v)
{
	unsigned n;

	return take_hex(&s, end, maxd, &n, v) && s == end;
}

int pci_parse_bdf(const char *s, uint32_t *domain, uint8_t *bus,
		  uint8_t *dev, uint8_t *func)
{
	uint32_t a, b, c, f, dom = 0;
	unsigned na, nb, nc, nf;
	const char *end;

	if (!s)
		return -EINVAL;
	end = s + strlen(s);
	if (!take_hex(&s, end, 8, &na, &a) || *s++ != ':' ||
	    !take_hex(&s, end, 2, &nb, &b))
		return -EINVAL;
	if (*s == ':') {                /* dddd:bb:dd.f */
		s++;
		if (!take_hex(&s, end, 2, &nc, &c) || *s++ != '.' ||
		    !take_hex(&s, end, 1, &nf, &f))
			return -EINVAL;
		dom = a;
		a = b;
		b = c;
	} else {                        /* bb:dd.f */
		if (na > 2 || *s++ != '.' || !take_hex(&s, end, 1, &nf, &f))
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
 * How much of config space a reader gets, as libpci's block reads of 64,
 * 192 and 3840 bytes would find it: 64 bytes to a reader without
 * CAP_SYS_ADMIN (drivers/pci/pci-sysfs.c pci_read_config()), 128 to root
 * for a CardBus bridge (counted as 64), 256 for conventional PCI or an
 * `lspci -xxx` dump, 4096 for PCIe as root or `lspci -xxxx`.
 */
static unsigned config_extent(size_t len)
{
	return len >= 4096 ? 4096 : len >= 256 ? 256 : len >= 64 ? 64 : 0;
}

/* From a dump: libpci's block reads, which fail on a short read. */
static unsigned read_config_dump(struct pci_dev *d, u8 *buf)
{
	if (!pci_read_block(d, 0, buf, 64))
		return 0;
	if (!pci_read_block(d, 64, buf + 64, 256 - 64))
		return 64;
	if (!pci_read_block(d, 256, buf + 256, 4096 - 256))
		return 256;
	return 4096;
}

/* From sysfs: the config attribute, read once through the root. */
static unsigned read_config_sysfs(const struct host *h, const char *bdf,
				  u8 *buf)
{
	char path[ROOT_PATH_MAX];
	struct blob b;
	unsigned n;

	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/config", bdf);
	if (root_read(h->root, path, 4096, &b))
		return 0;
	n = config_extent(b.len);
	memcpy(buf, b.data, n);
	blob_release(&b);
	return n;
}

/*
 * The fills libpci can answer from SIZE bytes of cache without a read of
 * its own: identity and class from the first 64 bytes (and a type 0
 * header's subsystem IDs, at 0x2c); the capability list, and a bridge's
 * subsystem IDs from its SSVID capability, from 256; the extended list
 * only from 4096 (lib/generic.c, lib/caps.c).
 */
static int fill_flags(unsigned size, u8 header_type)
{
	int flags;

	if (size < 64)
		return 0;
	flags = PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT;
	if (size >= 256)
		flags |= PCI_FILL_SUBSYS | PCI_FILL_CAPS;
	else if ((header_type & 0x7f) == PCI_HEADER_TYPE_NORMAL)
		flags |= PCI_FILL_SUBSYS;
	if (size >= 4096)
		flags |= PCI_FILL_EXT_CAPS;
	return flags;
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

/* ---- the driver core's view, from sysfs ---------------------------------- */

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

/* The hex attribute ATTR of the device, when it reads and is at most MAX. */
static bool hex_attr(const struct host *h, const char *bdf, const char *attr,
		     uint64_t max, uint64_t *v)
{
	char buf[32];

	return !read_attr(h, bdf, attr, buf, sizeof(buf)) &&
	       !sys_parse_hex(buf, v) && *v <= max;
}

int pci_parse_uevent(const char *text, size_t len, struct pci_uevent *out)
{
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		uint32_t a, b;

		/* "PCI_ID=%04X:%04X", "PCI_CLASS=%04X" (24 bits), pci_uevent() */
		if (l > 7 && !memcmp(p, "PCI_ID=", 7)) {
			const char *c = memchr(p + 7, ':', l - 7);

			out->have_id = c && hex_field(p + 7, c, 4, &a) &&
				       hex_field(c + 1, p + l, 4, &b);
			if (out->have_id) {
				out->vendor = (uint16_t)a;
				out->device = (uint16_t)b;
			}
		} else if (l > 10 && !memcmp(p, "PCI_CLASS=", 10)) {
			out->have_class = hex_field(p + 10, p + l, 6, &a);
			if (out->have_class)
				out->class_code = a;
		} else if (l > 7 && !memcmp(p, "DRIVER=", 7)) {
			if (l - 7 >= sizeof(out->driver) ||
			    memchr(p + 7, '/', l - 7) || memchr(p + 7, 0, l - 7))
				return -EINVAL;
			memcpy(out->driver, p + 7, l - 7);
			out->driver[l - 7] = 0;
		}
		p += l + 1;
	}
	return 0;
}

/*
 * The kernel's identity of F and its driver.  A VF's config space reads
 * FFFFh as vendor and device (PCIe r6 9.3.4.1.1; the kernel takes them
 * from its PF, drivers/pci/iov.c) and quirks fix up classes
 * (drivers/pci/quirks.c), so the kernel's vendor, device and class, which
 * lspci shows as well, replace what config space says; one that cannot be
 * read leaves it.  Revision and subsystem IDs stay config space's: that is
 * where pci_setup_device() reads them, and what the DMA-alias quirks
 * match.  "uevent" holds the three and the driver: one read where the
 * attributes vendor, device, class and the driver link take four, which
 * is what a snapshot taken before uevent was captured has.
 */
static void read_ids_driver(const struct host *h, struct pci_function *f)
{
	char path[ROOT_PATH_MAX];
	struct pci_uevent u = { 0 };
	struct stat st;
	struct blob b;
	uint64_t v;
	int e, n = 0;

	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/uevent", f->bdf);
	e = root_read(h->root, path, CAP_ATTR, &b);
	if (!e) {
		e = pci_parse_uevent(b.data, b.len, &u);
		blob_release(&b);
	}
	if (!e) {
		f->sysfs = true;
		snprintf(f->driver, sizeof(f->driver), "%s", u.driver);
		if (u.have_id && u.have_class) {
			f->vendor_id = u.vendor;
			f->device_id = u.device;
			f->class_code = u.class_code;
			f->ids_known = true;
			return;
		}
	} else {
		snprintf(path, sizeof(path), "sys/bus/pci/devices/%s",
			 f->bdf);
		if (root_stat(h->root, path, &st) || !S_ISDIR(st.st_mode))
			return;
		f->sysfs = true;
		link_name(h, f->bdf, "driver", f->driver, sizeof(f->driver));
	}
	if (hex_attr(h, f->bdf, "vendor", 0xffff, &v) && ++n)
		f->vendor_id = (uint16_t)v;
	if (hex_attr(h, f->bdf, "device", 0xffff, &v) && ++n)
		f->device_id = (uint16_t)v;
	if (hex_attr(h, f->bdf, "class", 0xffffff, &v) && ++n)
		f->class_code = (uint32_t)v;
	if (n == 3)
		f->ids_known = true;
}

/* Module names by driver: one driver/module link per driver, not per
 * function (a host with a thousand VFs has a handful of drivers).  A
 * driver's name is unique on the bus (driver_register()). */
#define MODULE_CACHE_SIZE 32

struct module_cache {
	size_t n;
	struct {
		char driver[64], module[64];
	} v[MODULE_CACHE_SIZE];
};

static void read_driver_module(const struct host *h, struct pci_function *f,
			       struct module_cache *mc)
{
	char path[ROOT_PATH_MAX];

	if (!f->driver[0])
		return;
	for (size_t i = 0; i < mc->n; i++)
		if (!strcmp(mc->v[i].driver, f->driver)) {
			snprintf(f->driver_module, sizeof(f->driver_module),
				 "%s", mc->v[i].module);
			return;
		}
	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/driver/module",
		 f->bdf);
	if (root_link_basename(h->root, path, f->driver_module,
			       sizeof(f->driver_module)))
		f->driver_module[0] = 0;
	if (mc->n < MODULE_CACHE_SIZE) {
		snprintf(mc->v[mc->n].driver, sizeof(mc->v[0].driver), "%s",
			 f->driver);
		snprintf(mc->v[mc->n].module, sizeof(mc->v[0].module), "%s",
			 f->driver_module);
		mc->n++;
	}
}

/* The rest of the driver core's view.  MAYBE_PF: the function may have an
 * SR-IOV capability (or its extended capabilities are unknown); the kernel
 * adds sriov_* only to those. */
static void read_kernel_view(const struct host *h, struct pci_function *f,
			     bool maybe_pf, struct module_cache *mc)
{
	char path[ROOT_PATH_MAX], buf[160];
	struct stat st;
	long v;
	int e, r;

	read_driver_module(h, f, mc);
	/* driver_override_show() prints "(null)" when unset. */
	if (read_attr(h, f->bdf, "driver_override", f->driver_override,
		      sizeof(f->driver_override)) ||
	    !strcmp(f->driver_override, "(null)"))
		f->driver_override[0] = 0;
	if (!link_name(h, f->bdf, "iommu_group", buf, sizeof(buf)) &&
	    parse_long(buf, &v) && v >= 0 && v <= INT_MAX)
		f->iommu_group = (int)v;

	/* "reset_method" (v5.15+) lists the resets in the order the kernel
	 * tries them; it and "reset" are visible exactly when there is one
	 * (pci_reset_supported() in both is_visible callbacks).  Before
	 * v5.15 only "reset" exists, when a reset does. */
	e = read_attr(h, f->bdf, "reset_method", f->reset_methods,
		      sizeof(f->reset_methods));
	if (!e) {
		f->reset_file = TRI_YES;
		f->reset_methods_known = TRI_YES;
	} else {
		snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/reset",
			 f->bdf);
		r = root_lstat(h->root, path, &st);
		f->reset_file = !r ? TRI_YES : r == -ENOENT ? TRI_NO :
				TRI_UNKNOWN;
		if (e == -ENOENT && f->reset_file == TRI_NO)
			f->reset_methods_known = TRI_YES;   /* none at all */
		else if (e == -ENOENT && f->reset_file == TRI_YES)
			f->reset_methods_known = TRI_NO;    /* pre-5.15 */
	}

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

/* While capturing: the ID attributes lspci's sysfs method reads, so that
 * `lspci -A linux-sysfs -O sysfs.path=SNAP/sys/bus/pci` reads a snapshot
 * (the audit itself takes them from uevent). */
static void record_for_lspci(const struct host *h, const char *bdf)
{
	static const char *const attrs[] = { "vendor", "device", "class" };
	char buf[32];

	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		read_attr(h, bdf, attrs[i], buf, sizeof(buf));
}

/* ---- one function -------------------------------------------------------- */

static void fill_function(const struct host *h, struct pci_dev *d,
			  struct pci_function *f, struct module_cache *mc)
{
	bool sysfs = !h->pci.from_dump;
	u8 hdr, cfg[4096];
	bool maybe_pf;
	int flags;

	f->domain = (uint32_t)d->domain;
	f->bus = d->bus;
	f->dev = d->dev;
	f->func = d->func;
	snprintf(f->bdf, sizeof(f->bdf), "%04x:%02x:%02x.%u", f->domain,
		 f->bus, f->dev, f->func);
	f->parent = -1;
	f->physfn = -1;
	f->iommu_group = -1;
	f->reset_methods_known = f->reset_file = f->boot_vga = TRI_UNKNOWN;

	/* Config space first, as libpci is bus-centric; what it cannot
	 * decode reads as a failed read would (all ones). */
	f->config_size = sysfs ? read_config_sysfs(h, f->bdf, cfg) :
				 read_config_dump(d, cfg);
	pci_setup_cache(d, cfg, (int)f->config_size);
	flags = fill_flags(f->config_size,
			   f->config_size >= 64 ? cfg[PCI_HEADER_TYPE] : 0);
	if (flags)
		pci_fill_info(d, flags);
	f->vendor_id = flags ? d->vendor_id : 0xffff;
	f->device_id = flags ? d->device_id : 0xffff;
	f->class_code = flags ? (uint32_t)d->device_class << 8 | d->prog_if :
				0xffffff;
	f->revision = flags ? d->rev_id : 0xff;
	f->subsys_vendor_id = flags & PCI_FILL_SUBSYS ? d->subsys_vendor_id :
							0xffff;
	f->subsys_id = flags & PCI_FILL_SUBSYS ? d->subsys_id : 0xffff;
	f->ids_known = flags && f->vendor_id != 0xffff;
	/* then the kernel's view of who it is */
	if (sysfs) {
		read_ids_driver(h, f);
		if (root_recording(h->root))
			record_for_lspci(h, f->bdf);
	}

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

	if (f->sysfs)
		read_kernel_view(h, f, maybe_pf, mc);
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

/* hook.devs in bus order, without what is no PCI address or is listed
 * twice, each filled into p->v. */
static int collect(const struct host *h, struct pci_facts *p)
{
	struct module_cache mc = { 0 };
	size_t n = hook.ndevs, k = 0;

	for (size_t i = 0; i < n; i++) {
		struct pci_dev *d = hook.devs[i];

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
	qsort(hook.devs, k, sizeof(struct pci_dev *), cmp_dev);
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
	if (!k)
		return 0;
	p->v = calloc(k, sizeof(*p->v));
	if (!p->v)
		return -ENOMEM;
	for (size_t i = 0; i < k; i++) {
		fill_function(h, hook.devs[i], &p->v[i], &mc);
		p->count = i + 1;
		if (p->v[i].config_size < 64)
			p->nno_header++;
	}
	link_topology(h, p);
	return 0;
}

/* The devices of a dump, as libpci's dump method lists them. */
static int devs_from_dump(struct pci_access *acc)
{
	size_t n = 0;

	pci_scan_bus(acc);
	for (struct pci_dev *d = acc->devices; d; d = d->next)
		n++;
	hook.ndevs = 0;
	hook.devs = calloc(n ? n : 1, sizeof(struct pci_dev *));
	if (!hook.devs)
		return -ENOMEM;
	for (struct pci_dev *d = acc->devices; d; d = d->next)
		hook.devs[hook.ndevs++] = d;
	return 0;
}

/* The devices listed in sys/bus/pci/devices, each a libpci device made by
 * pci_get_dev() that libpci never reads a file for. */
static int devs_from_sysfs(const struct host *h, struct pci_access *acc,
			   struct pci_facts *p)
{
	char **names;
	size_t n;
	int e;

	e = root_list(h->root, "sys/bus/pci/devices",
		      4 * (size_t)PCI_MAX_FUNCTIONS,
		      &names, &n);
	if (e)
		return e;
	hook.ndevs = 0;
	hook.devs = calloc(n ? n : 1, sizeof(struct pci_dev *));
	if (!hook.devs) {
		root_names_free(names);
		return -ENOMEM;
	}
	hook.own_devs = true;
	for (size_t i = 0; i < n; i++) {
		uint32_t dom;
		uint8_t b, d, f;

		/* the kernel names every device "dddd:bb:dd.f", and lspci
		 * errors out on any other name (lib/sysfs.c sysfs_scan()) */
		if (pci_parse_bdf(names[i], &dom, &b, &d, &f) ||
		    !strchr(strchr(names[i], ':') + 1, ':') || dom > INT_MAX) {
			snprintf(p->error, sizeof(p->error),
				 "sys/bus/pci/devices/%.60s: not a PCI address",
				 names[i]);
			root_names_free(names);
			return -EINVAL;
		}
		hook.devs[hook.ndevs++] = pci_get_dev(acc, (int)dom, b, d, f);
	}
	root_names_free(names);
	return 0;
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
		hook.jmp = NULL;
		snprintf(p->error, sizeof(p->error), "libpci: %.240s", hook.msg);
		return -EIO;
	}
	pci_init(acc);
	/* a directory that cannot be listed speaks for itself (src.err) */
	e = p->from_dump ? devs_from_dump(acc) : devs_from_sysfs(h, acc, p);
	if (!e) {
		e = collect(h, p);
		if (!e) {
			lookup_names(acc, p);
			e = pci_index(p);
		}
		if (e && !p->error[0])
			snprintf(p->error, sizeof(p->error), "%s",
				 strerror(-e));
	}
	hook.jmp = NULL;	/* JB dies with this frame */
	return e;
}

static void free_devs(void)
{
	if (hook.own_devs)
		for (size_t i = 0; i < hook.ndevs; i++)
			pci_free_dev(hook.devs[i]);
	free(hook.devs);
}

int probe_pci(struct host *h)
{
	struct pci_facts *p = &h->pci;
	const char *ids = getenv("VFIO_READY_PCI_IDS");
	struct pci_access *acc;
	int e;

	pci_facts_release(p);
	memset(p, 0, sizeof(*p));
	p->from_dump = h->lspci_dump != NULL;
	if (p->from_dump) {
		fact_src_set(&p->src, h->lspci_dump, 0);
		e = check_dump(h->lspci_dump, p);
		if (e) {
			p->src.err = e;
			return 0;
		}
	} else {
		fact_src_set(&p->src, "sys/bus/pci/devices", 0);
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
		/* config space only (bus-centric), and only from the cache
		 * fill_function() gives it */
		acc->method = PCI_ACCESS_SYS_BUS_PCI;
		acc->buscentric = 1;
		e = pci_set_param(acc, "sysfs.path", LIBPCI_NO_SYSFS);
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
	free_devs();
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
