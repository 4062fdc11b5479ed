/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runtime IOMMU and VFIO state (kernel.md §4, §5.6).  Everything is read
 * through the root handle with a cap; the text decoders are pure.
 */
#include "sysstate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "probe.h"
#include "text.h"

#define MAX_MODPROBE_FILES 1024

/* ---- small pure helpers ---- */

/* 1..16 hex digits at [*p, end); advances *p past them. */
static int take_hex(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0, d;

	while (*p < end && (d = text_hex_digit(**p)) >= 0) {
		if (++n > 16)
			return -ERANGE;
		v = v << 4 | (uint64_t)d;
		(*p)++;
	}
	if (!n)
		return -EINVAL;
	*out = v;
	return 0;
}

int sys_parse_hex(const char *text, uint64_t *out)
{
	const char *p = text, *end = text + strlen(text);
	int e;

	while (p < end && text_is_space(*p))
		p++;
	if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	e = take_hex(&p, end, out);
	if (e)
		return e;
	while (p < end && text_is_space(*p))
		p++;
	return p == end ? 0 : -EINVAL;
}

bool intel_ecap_ir(uint64_t ecap)
{
	return (ecap >> 3) & 1;
}

bool intel_ecap_eim(uint64_t ecap)
{
	return (ecap >> 4) & 1;
}

/* At most 9 digits, so the value fits an unsigned int. */
static bool take_dec(const char **p, unsigned int *out)
{
	unsigned int v = 0;
	int n = 0;

	while (**p >= '0' && **p <= '9') {
		if (++n > 9)
			return false;
		v = v * 10 + (unsigned int)(**p - '0');
		(*p)++;
	}
	*out = v;
	return n > 0;
}

bool sys_release_version(const char *release, unsigned int *major,
			  unsigned int *minor)
{
	const char *p = release;

	if (!take_dec(&p, major) || *p != '.')
		return false;
	p++;
	return take_dec(&p, minor);
}

/* The line at *P (before END), without its newline; advances *P. */
static const char *next_line(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nl;

	if (s >= end)
		return NULL;
	nl = memchr(s, '\n', (size_t)(end - s));
	*len = (size_t)((nl ? nl : end) - s);
	*p = nl ? nl + 1 : end;
	return s;
}

static const char *const resv_names[] = {
	[RESV_DIRECT] = "direct",
	[RESV_DIRECT_RELAXABLE] = "direct-relaxable",
	[RESV_RESERVED] = "reserved",
	[RESV_MSI] = "msi",
	[RESV_UNKNOWN] = "unknown",
};

const char *resv_type_name(enum resv_type t)
{
	return t <= RESV_UNKNOWN ? resv_names[t] : "unknown";
}

/* "0x" and 1..16 hex digits. */
static bool take_0x(const char **p, const char *end, uint64_t *v)
{
	if (end - *p < 2 || (*p)[0] != '0' || (*p)[1] != 'x')
		return false;
	*p += 2;
	return take_hex(p, end, v) == 0;
}

/* One "0x%016llx 0x%016llx %s" line of iommu_group_show_resv_regions(). */
static bool parse_resv_line(const char *s, size_t len, struct resv_region *r)
{
	const char *p = s, *end = s + len, *w;
	size_t wl;

	while (end > p && text_is_space(end[-1]))
		end--;
	if (!take_0x(&p, end, &r->start) || p >= end || *p != ' ')
		return false;
	p++;
	if (!take_0x(&p, end, &r->end) || p >= end || *p != ' ')
		return false;
	w = p + 1;
	wl = (size_t)(end - w);
	if (!wl || memchr(w, ' ', wl))
		return false;
	r->type = RESV_UNKNOWN;
	for (int t = RESV_DIRECT; t < RESV_UNKNOWN; t++)
		if (strlen(resv_names[t]) == wl && !memcmp(w, resv_names[t], wl))
			r->type = (enum resv_type)t;
	return true;
}

int resv_regions_parse(const char *text, size_t len, struct resv_region *out,
		       size_t max, size_t *count, size_t *bad)
{
	const char *p = text, *end = text + len, *line;
	size_t ll;

	*count = 0;
	*bad = 0;
	while ((line = next_line(&p, end, &ll))) {
		struct resv_region r;
		size_t i = 0;

		while (i < ll && text_is_space(line[i]))
			i++;
		if (i == ll)
			continue;
		if (!parse_resv_line(line, ll, &r)) {
			(*bad)++;
			continue;
		}
		if (*count < max)
			out[(*count)++] = r;
	}
	return 0;
}

static bool starts(const char *w, size_t wl, const char *prefix)
{
	size_t pl = strlen(prefix);

	return wl >= pl && !memcmp(w, prefix, pl);
}

/* The next blank-separated word of [*p, end). */
static bool next_word(const char **p, const char *end, const char **w,
		      size_t *wl)
{
	while (*p < end && text_is_space(**p))
		(*p)++;
	if (*p >= end)
		return false;
	*w = *p;
	while (*p < end && !text_is_space(**p))
		(*p)++;
	*wl = (size_t)(*p - *w);
	return true;
}

static bool all_digits(const char *w, size_t wl)
{
	for (size_t i = 0; i < wl; i++)
		if (w[i] < '0' || w[i] > '9')
			return false;
	return wl > 0;
}

/* "LABEL: CHIP rest..." without the per-CPU counts, for evidence. */
static void irq_evidence(char *buf, size_t len, const char *label,
			 size_t labellen, const char *chip, const char *end)
{
	size_t used, n = (size_t)(end - chip);

	snprintf(buf, len, "%.*s: ", (int)(labellen > 32 ? 32 : labellen),
		 label);
	used = strlen(buf);
	for (size_t i = 0; i < n && used + 1 < len; i++) {
		char c = text_is_space(chip[i]) ? ' ' : chip[i];

		if (c == ' ' && buf[used - 1] == ' ')
			continue;
		buf[used++] = c;
	}
	while (used > 0 && buf[used - 1] == ' ')
		used--;
	buf[used] = 0;
}

/*
 * A line of show_interrupts() (kernel/irq/proc.c) is "IRQ: count... CHIP
 * HWIRQ-TRIGGER ACTION[, ACTION]".  Only numbered IRQs have a chip.  The
 * chip name says whether the interrupt is remapped: the remapping irq
 * domains prefix "IR-" (drivers/iommu/intel/irq_remapping.c,
 * drivers/iommu/amd/iommu.c: "IR-PCI-MSI", "IR-IO-APIC", per-device
 * "IR-PCI-MSIX-<BDF>"); the IOMMUs' own fault interrupts use "DMAR-MSI"
 * (intel/dmar.c) or are named "AMD-Vi" (amd/init.c).
 */
int interrupts_parse(const char *text, size_t len, struct irq_summary *out)
{
	const char *p = text, *end = text + len, *line;
	size_t ll;

	memset(out, 0, sizeof(*out));
	while ((line = next_line(&p, end, &ll))) {
		const char *q = line, *lend = line + ll, *label, *colon;
		const char *w = NULL, *chip = NULL, *a;
		size_t wl = 0, chiplen = 0;
		bool iommu = false;

		while (q < lend && text_is_space(*q))
			q++;
		label = q;
		colon = memchr(q, ':', (size_t)(lend - q));
		if (!colon || !all_digits(label, (size_t)(colon - label)))
			continue;
		q = colon + 1;
		while (next_word(&q, lend, &w, &wl)) {
			if (!all_digits(w, wl)) {
				chip = w;
				chiplen = wl;
				break;
			}
		}
		if (!chip)
			continue;
		if (starts(chip, chiplen, "IR-")) {
			if (!out->remapped)
				irq_evidence(out->remapped_line,
					     sizeof(out->remapped_line), label,
					     (size_t)(colon - label), chip,
					     lend);
			out->remapped++;
			continue;
		}
		if (starts(chip, chiplen, "DMAR-MSI") ||
		    starts(chip, chiplen, "AMD-Vi"))
			iommu = true;
		for (a = q; !iommu && next_word(&a, lend, &w, &wl);)
			if (starts(w, wl, "AMD-Vi"))
				iommu = true;
		if (iommu) {
			out->iommu_irqs++;
		} else if (starts(chip, chiplen, "PCI-MSI")) {
			if (!out->non_remapped_msi)
				irq_evidence(out->non_remapped_line,
					     sizeof(out->non_remapped_line),
					     label, (size_t)(colon - label),
					     chip, lend);
			out->non_remapped_msi++;
		}
	}
	return 0;
}

int modprobe_parse_vfio_ids(const char *text, size_t len, char *out,
			    size_t outlen)
{
	const char *p = text, *end = text + len, *line;
	size_t ll;

	while ((line = next_line(&p, end, &ll))) {
		const char *q = line, *lend = line + ll, *w;
		size_t wl;

		if (!next_word(&q, lend, &w, &wl) || wl != 7 ||
		    memcmp(w, "options", 7))
			continue;
		if (!next_word(&q, lend, &w, &wl) || wl != 8 ||
		    (memcmp(w, "vfio-pci", 8) && memcmp(w, "vfio_pci", 8)))
			continue;
		while (next_word(&q, lend, &w, &wl)) {
			if (*w == '#')
				break;
			if (wl > 4 && !memcmp(w, "ids=", 4) &&
			    wl - 4 < outlen) {
				memcpy(out, w + 4, wl - 4);
				out[wl - 4] = 0;
				return 0;
			}
		}
	}
	return -ENOENT;
}

/* ---- reading ---- */

/* Read PATH (an attribute) into BUF, first line only, trimmed. */
static int read_attr(const struct host *h, const char *path, char *buf,
		     size_t len, struct fact_src *src)
{
	int e = root_read_line(h->root, path, buf, len);

	if (src)
		fact_src_set(src, path, e);
	return e;
}

static void probe_unit(const struct host *h, struct iommu_unit *u)
{
	char path[ROOT_PATH_MAX], first[48];
	uint64_t v;

	if (!strncmp(u->name, "dmar", 4)) {
		u->kind = IOMMU_KIND_INTEL;
		/* drivers/iommu/intel/iommu.c intel_iommu_groups[] */
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%s/intel-iommu/version", u->name);
		read_attr(h, path, u->version, sizeof(u->version), NULL);
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%s/intel-iommu/address", u->name);
		read_attr(h, path, u->address, sizeof(u->address), NULL);
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%s/intel-iommu/cap", u->name);
		read_attr(h, path, u->cap, sizeof(u->cap), NULL);
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%s/intel-iommu/ecap", u->name);
		read_attr(h, path, u->ecap, sizeof(u->ecap), NULL);
		if (u->ecap[0] && !sys_parse_hex(u->ecap, &v)) {
			u->ir_supported = intel_ecap_ir(v) ? TRI_YES : TRI_NO;
			u->x2apic_supported = intel_ecap_eim(v) ? TRI_YES
								: TRI_NO;
		}
	} else if (!strncmp(u->name, "ivhd", 4)) {
		u->kind = IOMMU_KIND_AMD;
		/* drivers/iommu/amd/init.c amd_iommu_groups[]: cap is the
		 * PCI capability header, features "EFR" or "EFR:EFR2". */
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%s/amd-iommu/cap", u->name);
		read_attr(h, path, u->cap, sizeof(u->cap), NULL);
		snprintf(path, sizeof(path),
			 "sys/class/iommu/%s/amd-iommu/features", u->name);
		read_attr(h, path, u->features, sizeof(u->features), NULL);
		snprintf(first, sizeof(first), "%.*s",
			 (int)strcspn(u->features, ":"), u->features);
		/* EFR bit 2 XTSup: amd_iommu_types.h FEATURE_X2APIC */
		if (first[0] && !sys_parse_hex(first, &v))
			u->x2apic_supported = (v >> 2) & 1 ? TRI_YES : TRI_NO;
	}
}

static void probe_units(struct host *h)
{
	struct sys_facts *s = &h->sys;
	char **names;
	size_t n;
	int e = root_list(h->root, "sys/class/iommu", SYS_MAX_UNITS, &names,
			  &n);

	fact_src_set(&s->units_src, "sys/class/iommu", e);
	if (e)
		return;
	s->units = calloc(n ? n : 1, sizeof(*s->units));
	if (!s->units) {
		s->units_src.err = -ENOMEM;
		root_names_free(names);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct iommu_unit *u = &s->units[s->nunits++];

		snprintf(u->name, sizeof(u->name), "%s", names[i]);
		probe_unit(h, u);
	}
	root_names_free(names);
}

static int cmp_group(const void *a, const void *b)
{
	const struct iommu_group_info *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void probe_group(const struct root *root, struct iommu_group_info *g)
{
	struct resv_region r[SYS_MAX_RESV];
	char path[ROOT_PATH_MAX];
	size_t nr, bad;
	struct blob b;
	int e;

	snprintf(path, sizeof(path), "sys/kernel/iommu_groups/%lu/type", g->id);
	root_read_line(root, path, g->type, sizeof(g->type));

	snprintf(path, sizeof(path), "sys/kernel/iommu_groups/%lu/devices",
		 g->id);
	e = root_list(root, path, SYS_MAX_GROUP_DEVS, &g->devices,
		      &g->ndevices);
	if (e) {
		g->devices = NULL;
		g->ndevices = 0;
	}

	snprintf(path, sizeof(path),
		 "sys/kernel/iommu_groups/%lu/reserved_regions", g->id);
	e = root_read(root, path, CAP_ATTR, &b);
	fact_src_set(&g->resv_src, path, e);
	if (e)
		return;
	g->resv_src.truncated = b.truncated;
	resv_regions_parse(b.data, b.len, r, SYS_MAX_RESV, &nr, &bad);
	for (size_t i = 0; i < nr; i++) {
		if (r[i].type != RESV_DIRECT)
			continue;
		if (!g->reserved_direct)
			snprintf(g->direct_line, sizeof(g->direct_line),
				 "0x%016llx 0x%016llx direct",
				 (unsigned long long)r[i].start,
				 (unsigned long long)r[i].end);
		g->reserved_direct = true;
	}
	blob_release(&b);
}

void probe_iommu_groups(const struct root *root, struct sys_facts *s)
{
	char **names;
	size_t n;
	int e = root_list(root, "sys/kernel/iommu_groups", SYS_MAX_GROUPS,
			  &names, &n);

	fact_src_set(&s->groups_src, "sys/kernel/iommu_groups", e);
	if (e)
		return;
	s->groups = calloc(n ? n : 1, sizeof(*s->groups));
	if (!s->groups) {
		s->groups_src.err = -ENOMEM;
		root_names_free(names);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct iommu_group_info *g = &s->groups[s->ngroups];
		char *endp;

		errno = 0;
		g->id = strtoul(names[i], &endp, 10);
		/* Group directories are named by an IDA number
		 * (iommu_group_alloc: "%d"); skip anything else. */
		if (errno || endp == names[i] || *endp || names[i][0] == '-')
			continue;
		probe_group(root, g);
		s->ngroups++;
	}
	root_names_free(names);
	qsort(s->groups, s->ngroups, sizeof(*s->groups), cmp_group);
}

static void probe_interrupts(struct host *h)
{
	struct blob b;
	int e = root_read(h->root, "proc/interrupts", CAP_TEXT, &b);

	fact_src_set(&h->sys.irq_src, "proc/interrupts", e);
	if (e)
		return;
	h->sys.irq_src.truncated = b.truncated;
	interrupts_parse(b.data, b.len, &h->sys.irq);
	blob_release(&b);
}

static int add_name(struct sys_facts *s, size_t *alloc, const char *name)
{
	if (s->ndev_vfio + 1 >= *alloc) {
		size_t na = *alloc ? *alloc * 2 : 16;
		char **nv = realloc(s->dev_vfio, na * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		s->dev_vfio = nv;
		*alloc = na;
	}
	s->dev_vfio[s->ndev_vfio] = strdup(name);
	if (!s->dev_vfio[s->ndev_vfio])
		return -ENOMEM;
	s->dev_vfio[++s->ndev_vfio] = NULL;
	return 0;
}

/* Entries of dev/vfio into s->dev_vfio (NULL-terminated). */
static int list_dev_vfio(const struct host *h, struct sys_facts *s)
{
	char **names, **devs, path[ROOT_PATH_MAX];
	size_t n, nd, alloc = 0;
	int e = root_list(h->root, "dev/vfio", SYS_MAX_DEV_VFIO, &names, &n);

	if (e)
		return e;
	e = add_name(s, &alloc, "");   /* allocate the array */
	if (!e) {
		free(s->dev_vfio[0]);
		s->dev_vfio[0] = NULL;
		s->ndev_vfio = 0;
	}
	for (size_t i = 0; i < n && !e; i++) {
		if (strcmp(names[i], "devices")) {
			e = add_name(s, &alloc, names[i]);
			continue;
		}
		if (root_list(h->root, "dev/vfio/devices", SYS_MAX_DEV_VFIO,
			      &devs, &nd))
			continue;
		for (size_t j = 0; j < nd && !e; j++) {
			snprintf(path, sizeof(path), "devices/%s", devs[j]);
			e = add_name(s, &alloc, path);
		}
		root_names_free(devs);
	}
	root_names_free(names);
	return e;
}

/* dev/vfio: "vfio", group nodes "N" / "noiommu-N", and the per-device
 * cdevs of dev/vfio/devices (kernel.md §4.2); dev/iommu (iommufd). */
static void probe_dev_vfio(struct host *h)
{
	struct sys_facts *s = &h->sys;
	struct stat st;
	int e = list_dev_vfio(h, s);

	fact_src_set(&s->dev_vfio_src, "dev/vfio", e);
	if (e) {
		root_names_free(s->dev_vfio);
		s->dev_vfio = NULL;
		s->ndev_vfio = 0;
	}
	e = root_stat(h->root, "dev/iommu", &st);
	s->dev_iommu = !e ? TRI_YES : e == -ENOENT ? TRI_NO : TRI_UNKNOWN;
}

static const struct {
	const char *module, *name;
} param_paths[PARAM_COUNT] = {
	[PARAM_VFIO_PCI_DISABLE_VGA] = { "vfio_pci", "disable_vga" },
	[PARAM_VFIO_PCI_DISABLE_IDLE_D3] = { "vfio_pci", "disable_idle_d3" },
	[PARAM_VFIO_PCI_NOINTXMASK] = { "vfio_pci", "nointxmask" },
	[PARAM_VFIO_PCI_ENABLE_SRIOV] = { "vfio_pci", "enable_sriov" },
	[PARAM_VFIO_PCI_DISABLE_DENYLIST] = { "vfio_pci", "disable_denylist" },
	[PARAM_TYPE1_ALLOW_UNSAFE_INTERRUPTS] = { "vfio_iommu_type1",
						  "allow_unsafe_interrupts" },
	[PARAM_TYPE1_DISABLE_HUGEPAGES] = { "vfio_iommu_type1",
					    "disable_hugepages" },
	[PARAM_TYPE1_DMA_ENTRY_LIMIT] = { "vfio_iommu_type1",
					  "dma_entry_limit" },
	[PARAM_VFIO_NOIOMMU] = { "vfio", "enable_unsafe_noiommu_mode" },
	[PARAM_IOMMUFD_ALLOW_UNSAFE_INTERRUPTS] = { "iommufd",
						    "allow_unsafe_interrupts" },
};

static void probe_params(struct host *h)
{
	char path[ROOT_PATH_MAX];

	for (int i = 0; i < PARAM_COUNT; i++) {
		struct module_param *p = &h->sys.params[i];

		p->module = param_paths[i].module;
		p->name = param_paths[i].name;
		snprintf(path, sizeof(path), "sys/module/%s/parameters/%s",
			 p->module, p->name);
		read_attr(h, path, p->value, sizeof(p->value), &p->src);
	}
}

const struct iommu_group_info *sys_group(const struct sys_facts *s,
					 unsigned long id)
{
	struct iommu_group_info key = { .id = id };

	if (!s->ngroups)
		return NULL;
	return bsearch(&key, s->groups, s->ngroups, sizeof(*s->groups),
		       cmp_group);
}

static void probe_vfio_install(struct host *h)
{
	char path[ROOT_PATH_MAX];
	struct stat st;
	int e;

	if (!fact_known(&h->kernel_release_src) ||
	    strchr(h->kernel_release, '/') || !h->kernel_release[0])
		return;
	snprintf(path, sizeof(path), "lib/modules/%s/kernel/drivers/vfio",
		 h->kernel_release);
	e = root_stat(h->root, path, &st);
	if (!e && !S_ISDIR(st.st_mode))
		e = -ENOTDIR;
	fact_src_set(&h->sys.vfio_modules_dir_src, path, e);
}

static void probe_modprobe(struct host *h)
{
	struct sys_facts *s = &h->sys;
	char **names;
	size_t n;
	int e = root_list(h->root, "etc/modprobe.d", MAX_MODPROBE_FILES,
			  &names, &n);

	fact_src_set(&s->modprobe_src, "etc/modprobe.d", e);
	if (e)
		return;
	for (size_t i = 0; i < n && s->nmodprobe_ids < SYS_MAX_MODPROBE_IDS;
	     i++) {
		struct modprobe_ids *m = &s->modprobe_ids[s->nmodprobe_ids];
		size_t l = strlen(names[i]);
		struct blob b;

		/* modprobe reads only *.conf files (modprobe.d(5)). */
		if (l < 6 || strcmp(names[i] + l - 5, ".conf"))
			continue;
		snprintf(m->file, sizeof(m->file), "etc/modprobe.d/%s",
			 names[i]);
		if (root_read(h->root, m->file, CAP_ATTR, &b))
			continue;
		if (!modprobe_parse_vfio_ids(b.data, b.len, m->ids,
					     sizeof(m->ids)))
			s->nmodprobe_ids++;
		blob_release(&b);
	}
	root_names_free(names);
}

int probe_sys(struct host *h)
{
	probe_units(h);
	probe_interrupts(h);
	probe_dev_vfio(h);
	probe_params(h);
	probe_vfio_install(h);
	probe_modprobe(h);
	return 0;
}

void sys_facts_release(struct sys_facts *s)
{
	free(s->units);
	for (size_t i = 0; i < s->ngroups; i++)
		root_names_free(s->groups[i].devices);
	free(s->groups);
	root_names_free(s->dev_vfio);
	s->units = NULL;
	s->groups = NULL;
	s->dev_vfio = NULL;
	s->nunits = s->ngroups = s->ndev_vfio = 0;
}

enum tri sys_interrupt_remapping(const struct host *h)
{
	const struct sys_facts *s = &h->sys;
	bool irq_known = fact_known(&s->irq_src);
	size_t intel = 0, intel_no = 0;

	if ((irq_known && s->irq.remapped) || h->klog.ir_enabled == TRI_YES)
		return TRI_YES;
	for (size_t i = 0; i < s->nunits; i++) {
		if (s->units[i].kind != IOMMU_KIND_INTEL)
			continue;
		intel++;
		if (s->units[i].ir_supported == TRI_NO)
			intel_no++;
	}
	if ((irq_known && s->irq.non_remapped_msi) ||
	    h->klog.ir_enabled == TRI_NO || (intel && intel_no == intel))
		return TRI_NO;
	return TRI_UNKNOWN;
}
