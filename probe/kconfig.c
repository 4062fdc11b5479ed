/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running kernel's build config.  Tried in this order, all through the
 * root handle:
 *   boot/config-RELEASE              (distro packages install it)
 *   proc/config.gz                   (CONFIG_IKCONFIG_PROC; gunzipped in
 *                                     memory with libarchive)
 *   lib/modules/RELEASE/build/.config (a kernel built from source)
 */
#include "cmdline.h"

#include <archive.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

const char *const kconfig_tracked[KCONFIG_NTRACKED] = {
	"CONFIG_MODULES",
	"CONFIG_IOMMU_SUPPORT",
	"CONFIG_IOMMU_API",
	"CONFIG_INTEL_IOMMU",
	"CONFIG_INTEL_IOMMU_DEFAULT_ON",
	"CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON",
	"CONFIG_INTEL_IOMMU_SVM",
	"CONFIG_INTEL_IOMMU_FLOPPY_WA",
	"CONFIG_AMD_IOMMU",
	"CONFIG_AMD_IOMMU_V2",
	"CONFIG_IRQ_REMAP",
	"CONFIG_IOMMU_DEFAULT_DMA_STRICT",
	"CONFIG_IOMMU_DEFAULT_DMA_LAZY",
	"CONFIG_IOMMU_DEFAULT_PASSTHROUGH",
	"CONFIG_VFIO",
	"CONFIG_VFIO_PCI",
	"CONFIG_VFIO_PCI_CORE",
	"CONFIG_VFIO_IOMMU_TYPE1",
	"CONFIG_VFIO_VIRQFD",
	"CONFIG_VFIO_NOIOMMU",
	"CONFIG_VFIO_PCI_VGA",
	"CONFIG_VFIO_PCI_IGD",
	"CONFIG_VFIO_CONTAINER",
	"CONFIG_VFIO_GROUP",
	"CONFIG_VFIO_DEVICE_CDEV",
	"CONFIG_IOMMUFD",
	"CONFIG_IOMMUFD_VFIO_CONTAINER",
	"CONFIG_PCI_STUB",
	"CONFIG_KVM",
	"CONFIG_KVM_INTEL",
	"CONFIG_KVM_AMD",
};

static int tracked_index(const char *name, size_t len)
{
	for (int i = 0; i < KCONFIG_NTRACKED; i++)
		if (strlen(kconfig_tracked[i]) == len &&
		    !memcmp(kconfig_tracked[i], name, len))
			return i;
	return -1;
}

/* One line of a .config (scripts/kconfig/confdata.c writes only these
 * two shapes besides comments). */
static void parse_line(const char *s, size_t n, struct kconfig_facts *k)
{
	static const char unset_head[] = "# ", unset_tail[] = " is not set";
	size_t hl = sizeof(unset_head) - 1, tl = sizeof(unset_tail) - 1;
	struct kconfig_option *o;
	const char *eq;
	int i;

	if (n > hl + tl && !memcmp(s, unset_head, hl) &&
	    !memcmp(s + n - tl, unset_tail, tl)) {
		i = tracked_index(s + hl, n - hl - tl);
		if (i < 0)
			return;
		o = &k->opts[i];
		o->state = KCONFIG_NOT_SET;
		o->listed = true;
		o->value[0] = 0;
		return;
	}
	if (n < 8 || memcmp(s, "CONFIG_", 7))
		return;
	eq = memchr(s, '=', n);
	if (!eq)
		return;
	i = tracked_index(s, (size_t)(eq - s));
	if (i < 0)
		return;
	o = &k->opts[i];
	o->listed = true;
	eq++;
	n -= (size_t)(eq - s);
	snprintf(o->value, sizeof(o->value), "%.*s",
		 (int)(n < sizeof(o->value) ? n : sizeof(o->value) - 1), eq);
	if (n == 1 && eq[0] == 'y')
		o->state = KCONFIG_YES;
	else if (n == 1 && eq[0] == 'm')
		o->state = KCONFIG_MODULE;
	else if (n == 1 && eq[0] == 'n')
		o->state = KCONFIG_NOT_SET;
	else
		o->state = KCONFIG_VALUE;
}

void kconfig_parse(const char *text, size_t len, struct kconfig_facts *k)
{
	size_t i = 0;

	memset(k->opts, 0, sizeof(k->opts));
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		size_t m = n;

		if (m && text[i + m - 1] == '\r')
			m--;
		parse_line(text + i, m, k);
		i += n + 1;
	}
	/* A tracked option the file does not mention has unmet
	 * dependencies: Kconfig writes no line for it, it is off. */
	for (int j = 0; j < KCONFIG_NTRACKED; j++)
		if (!k->opts[j].listed)
			k->opts[j].state = KCONFIG_NOT_SET;
	k->loaded = true;
}

enum kconfig_state kconfig_get(const struct kconfig_facts *k,
			       const char *name,
			       const struct kconfig_option **value)
{
	int i = tracked_index(name, strlen(name));

	if (value)
		*value = NULL;
	if (!k->loaded || i < 0)
		return KCONFIG_UNKNOWN;
	if (value)
		*value = &k->opts[i];
	return k->opts[i].state;
}

char *kconfig_line(const struct kconfig_facts *k, const char *name,
		   char *buf, size_t len)
{
	const struct kconfig_option *o;
	enum kconfig_state s = kconfig_get(k, name, &o);

	if (s == KCONFIG_UNKNOWN)
		snprintf(buf, len, "%s (no kernel config read)", name);
	else if (!o->listed)
		snprintf(buf, len, "%s absent (its dependencies are not met)",
			 name);
	else if (s == KCONFIG_NOT_SET && strcmp(o->value, "n"))
		snprintf(buf, len, "# %s is not set", name);
	else
		snprintf(buf, len, "%s=%s", name, o->value);
	return buf;
}

int kconfig_gunzip(const void *gz, size_t len, size_t cap, struct blob *out)
{
	struct archive *a;
	struct archive_entry *ent;
	size_t alloc = (size_t)64 * 1024, used = 0;
	char *buf;
	int e = 0;

	*out = (struct blob){ 0 };
	a = archive_read_new();
	if (!a)
		return -ENOMEM;
	buf = malloc(alloc + 1);
	if (!buf) {
		archive_read_free(a);
		return -ENOMEM;
	}
	/* Only the gzip filter: "raw" must not accept an uncompressed
	 * file, which is what the filter check below rejects. */
	if (archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
	    archive_read_support_format_raw(a) != ARCHIVE_OK ||
	    archive_read_open_memory(a, gz, len) != ARCHIVE_OK ||
	    archive_read_next_header(a, &ent) != ARCHIVE_OK ||
	    archive_filter_code(a, 0) != ARCHIVE_FILTER_GZIP) {
		e = -EBADMSG;
		goto out;
	}
	for (;;) {
		la_ssize_t n;

		if (used == alloc) {
			char *nb;

			if (alloc >= cap) {
				e = -EFBIG;
				goto out;
			}
			alloc = alloc * 2 > cap ? cap : alloc * 2;
			nb = realloc(buf, alloc + 1);
			if (!nb) {
				e = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		n = archive_read_data(a, buf + used, alloc - used);
		if (n < 0) {
			e = -EBADMSG;
			goto out;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = 0;
	out->data = buf;
	out->len = used;
	buf = NULL;
out:
	free(buf);
	archive_read_free(a);
	return e;
}

bool kernel_version_parse(const char *release, unsigned int *major,
			  unsigned int *minor)
{
	unsigned long v[2];
	const char *p = release;

	for (int i = 0; i < 2; i++) {
		char *end;

		if (*p < '0' || *p > '9')
			return false;
		errno = 0;
		v[i] = strtoul(p, &end, 10);
		if (errno || v[i] > 1000)
			return false;
		p = end;
		if (i == 0 && *p++ != '.')
			return false;
	}
	*major = (unsigned int)v[0];
	*minor = (unsigned int)v[1];
	return true;
}

/* Read PATH as plain text; 0 or -errno. */
static int try_plain(struct host *h, const char *path)
{
	struct blob b;
	int e = root_read(h->root, path, CAP_TEXT, &b);

	if (e)
		return e;
	if (b.truncated) {
		blob_release(&b);
		return -EFBIG;
	}
	kconfig_parse(b.data, b.len, &h->kconfig);
	blob_release(&b);
	return 0;
}

static int try_gz(struct host *h, const char *path)
{
	struct blob z, b;
	int e = root_read(h->root, path, CAP_TEXT, &z);

	if (e)
		return e;
	e = z.truncated ? -EFBIG : kconfig_gunzip(z.data, z.len,
						  KCONFIG_GZ_CAP, &b);
	blob_release(&z);
	if (e)
		return e;
	kconfig_parse(b.data, b.len, &h->kconfig);
	blob_release(&b);
	return 0;
}

int probe_kconfig(struct host *h)
{
	char boot[256], build[256];
	const char *rel = h->kernel_release;
	int e, worst = -ENOENT;

	memset(&h->kconfig, 0, sizeof(h->kconfig));
	/* The release names files: one with a '/' could leave the
	 * directory it is meant for. */
	if (!fact_known(&h->kernel_release_src) || !rel[0] || strchr(rel, '/')) {
		e = try_gz(h, "proc/config.gz");
		fact_src_set(&h->kconfig.src, "proc/config.gz", e);
		return 0;
	}
	snprintf(boot, sizeof(boot), "boot/config-%s", rel);
	snprintf(build, sizeof(build), "lib/modules/%s/build/.config", rel);

	e = try_plain(h, boot);
	if (!e) {
		fact_src_set(&h->kconfig.src, boot, 0);
		return 0;
	}
	if (e != -ENOENT)
		worst = e;
	e = try_gz(h, "proc/config.gz");
	if (!e) {
		fact_src_set(&h->kconfig.src, "proc/config.gz", 0);
		return 0;
	}
	if (e != -ENOENT)
		worst = e;
	e = try_plain(h, build);
	if (!e) {
		fact_src_set(&h->kconfig.src, build, 0);
		return 0;
	}
	if (e != -ENOENT)
		worst = e;
	/* Unknown: name the first place looked, with the most telling
	 * error (EACCES says "needs root", ENOENT "not present"). */
	fact_src_set(&h->kconfig.src, boot, worst);
	return 0;
}

void kconfig_facts_release(struct kconfig_facts *k)
{
	(void)k;
}
