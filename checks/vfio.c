/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VFIO: the modules, /dev/vfio, which PCI functions are bound to vfio-pci,
 * vfio-pci ids= that lost the race to a native driver, and the module
 * parameters that weaken isolation (kernel.md §4).
 */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"
#include "remedy.h"

#define REMEDY_LEN 4096

static const char *reason(const struct host *h, const struct fact_src *s)
{
	return fact_reason(s, h->live, h->as_root);
}

static bool state_ok(enum module_state s)
{
	return s == MODULE_LOADED || s == MODULE_BUILTIN;
}

/* Is NAME one of the space-separated words of LIST? */
static bool has_word(const char *list, const char *name)
{
	size_t nl = strlen(name);

	for (const char *p = list; *p;) {
		size_t wl;

		p += strspn(p, " ");
		wl = strcspn(p, " ");
		if (wl == nl && !strncmp(p, name, nl))
			return true;
		p += wl;
	}
	return false;
}

enum initramfs {
	INITRAMFS_UNKNOWN = 0,
	INITRAMFS_TOOLS,        /* Debian, Ubuntu, Proxmox */
	INITRAMFS_DRACUT,       /* Fedora, RHEL and rebuilds, openSUSE */
	INITRAMFS_MKINITCPIO,   /* Arch and derivatives */
};

static enum initramfs host_initramfs(const struct host *h)
{
	static const struct {
		const char *id;
		enum initramfs kind;
	} ids[] = {
		{ "debian", INITRAMFS_TOOLS }, { "ubuntu", INITRAMFS_TOOLS },
		{ "fedora", INITRAMFS_DRACUT }, { "rhel", INITRAMFS_DRACUT },
		{ "centos", INITRAMFS_DRACUT }, { "suse", INITRAMFS_DRACUT },
		{ "opensuse", INITRAMFS_DRACUT }, { "arch", INITRAMFS_MKINITCPIO },
	};
	const struct boot_facts *b = &h->boot;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!strcmp(b->os_id, ids[i].id))
			return ids[i].kind;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (has_word(b->os_id_like, ids[i].id))
			return ids[i].kind;
	return INITRAMFS_UNKNOWN;
}

static const char *const load_cmd[] = {
	[INITRAMFS_TOOLS] = "printf 'vfio\\nvfio_iommu_type1\\nvfio_pci\\n' | "
		"sudo tee -a /etc/initramfs-tools/modules && "
		"sudo update-initramfs -u",
	[INITRAMFS_DRACUT] = "echo 'add_drivers+=\" vfio vfio_iommu_type1 "
		"vfio_pci \"' | sudo tee /etc/dracut.conf.d/vfio.conf && "
		"sudo dracut -f",
	[INITRAMFS_MKINITCPIO] = "sudo sed -i 's/^MODULES=(/MODULES=(vfio_pci "
		"vfio vfio_iommu_type1 /' /etc/mkinitcpio.conf && "
		"sudo mkinitcpio -P",
};

static const char *const rebuild_cmd[] = {
	[INITRAMFS_TOOLS] = "sudo update-initramfs -u",
	[INITRAMFS_DRACUT] = "sudo dracut -f",
	[INITRAMFS_MKINITCPIO] = "sudo mkinitcpio -P",
};

static const char *const initramfs_label[] = {
	[INITRAMFS_TOOLS] = "Debian/Ubuntu (initramfs-tools)",
	[INITRAMFS_DRACUT] = "Fedora/RHEL/openSUSE (dracut)",
	[INITRAMFS_MKINITCPIO] = "Arch (mkinitcpio)",
};

/* Append the command of TABLE for this host, or every one labelled. */
static void add_by_initramfs(const struct host *h, const char *const *table,
			     char *buf, size_t len)
{
	enum initramfs k = host_initramfs(h);
	size_t used = strlen(buf);

	if (k != INITRAMFS_UNKNOWN) {
		snprintf(buf + used, len - used, "  %s\n", table[k]);
		return;
	}
	for (int i = INITRAMFS_TOOLS; i <= INITRAMFS_MKINITCPIO; i++) {
		used = strlen(buf);
		snprintf(buf + used, len - used, "  %s:\n    %s\n",
			 initramfs_label[i], table[i]);
	}
}

static void check_modules(const struct host *h, struct findings *fs)
{
	static const char *const mods[] = {
		"vfio", "vfio_pci", "vfio_iommu_type1", "iommufd",
	};
	const struct module_facts *m = &h->modules;
	const struct fact_src *dir = &h->sys.vfio_modules_dir_src;
	enum module_state st[4];
	char states[256] = "", remedy[REMEDY_LEN];
	bool loaded, unknown = false;
	struct finding *f;

	for (int i = 0; i < 4; i++) {
		st[i] = module_state(m, mods[i]);
		unknown |= i < 3 && st[i] == MODULE_UNKNOWN;
		snprintf(states + strlen(states), sizeof(states) - strlen(states),
			 "%s%s: %s", i ? ", " : "", mods[i],
			 module_state_name(st[i]));
	}
	/* vfio_iommu_type1 or, since 6.2, iommufd provides the IOMMU
	 * backend (drivers/vfio/Kconfig VFIO_CONTAINER, IOMMUFD_VFIO_CONTAINER). */
	loaded = state_ok(st[0]) && state_ok(st[1]) &&
		 (state_ok(st[2]) || state_ok(st[3]));
	if (loaded) {
		f = finding_add(fs, "vfio.modules", LAYER_VFIO, VERDICT_PASS,
				SEV_INFO, "The VFIO modules are loaded");
		finding_detail(f, "vfio, vfio-pci and an IOMMU backend "
			       "(vfio_iommu_type1 or iommufd) are loaded or "
			       "built in.");
		finding_evidence(f, "proc/modules", "%s", states);
		return;
	}
	if (fact_known(dir)) {
		f = finding_add(fs, "vfio.modules", LAYER_VFIO, VERDICT_PASS,
				SEV_INFO, "The VFIO modules are installed and "
				"load on demand");
		finding_detail(f, "Not all are loaded now, but this kernel ships "
			       "them: libvirt and modprobe load them when a "
			       "device is assigned.  Load them at boot when "
			       "vfio-pci must claim a device before its native "
			       "driver (vfio-pci.ids=).");
		finding_evidence(f, "proc/modules", "%s", states);
		finding_evidence(f, dir->path, "directory present");
		snprintf(remedy, sizeof(remedy), "Optional, to load them at "
			 "boot:\n");
		add_by_initramfs(h, load_cmd, remedy, sizeof(remedy));
		finding_remedy(f, "%s", remedy);
		return;
	}
	if (unknown || (dir->err != -ENOENT)) {
		f = finding_add(fs, "vfio.modules", LAYER_VFIO, VERDICT_UNKNOWN,
				SEV_MEDIUM, "Whether VFIO is available is unknown");
		finding_detail(f, "Module state: %s; proc/modules: %s; "
			       "modules.builtin: %s; installed modules "
			       "(%s): %s.", states, reason(h, &m->proc_src),
			       reason(h, &m->builtin_src),
			       dir->path[0] ? dir->path :
			       "lib/modules/RELEASE/kernel/drivers/vfio",
			       dir->path[0] ? reason(h, dir) :
			       "kernel release unknown");
		return;
	}
	f = finding_add(fs, "vfio.modules", LAYER_VFIO, VERDICT_FAIL,
			SEV_CRITICAL, "This kernel has no VFIO");
	finding_detail(f, "vfio and vfio-pci are neither loaded nor built in, "
		       "and no VFIO module is installed for this kernel, so "
		       "no device can be handed to a VM.");
	finding_evidence(f, "proc/modules", "%s", states);
	finding_evidence(f, dir->path, "absent");
	finding_remedy(f, "Boot a kernel built with CONFIG_VFIO, "
		       "CONFIG_VFIO_PCI and CONFIG_VFIO_IOMMU_TYPE1 (or "
		       "CONFIG_IOMMUFD), as the standard kernels of the major "
		       "distributions are; minimal or cloud kernel flavours "
		       "may lack them.");
}

static bool dev_vfio_has(const struct sys_facts *s, const char *name)
{
	for (size_t i = 0; i < s->ndev_vfio; i++)
		if (!strcmp(s->dev_vfio[i], name))
			return true;
	return false;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}

/*
 * The groups N with a dev/vfio/N node (N as the kernel prints it, no
 * leading zero), sorted: asked once per bound function, and a host can
 * have thousands of both.  NULL when memory ran out.
 */
static unsigned long *group_nodes(const struct sys_facts *s, size_t *n)
{
	unsigned long *v = malloc((s->ndev_vfio ? s->ndev_vfio : 1) *
				  sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->ndev_vfio; i++) {
		const char *name = s->dev_vfio[i];
		char *end;
		unsigned long x;

		if (name[0] < '0' || name[0] > '9' ||
		    (name[0] == '0' && name[1]))
			continue;
		errno = 0;
		x = strtoul(name, &end, 10);
		if (!errno && !*end)
			v[(*n)++] = x;
	}
	qsort(v, *n, sizeof(*v), cmp_ulong);
	return v;
}

static void check_container(const struct host *h, struct findings *fs)
{
	const struct sys_facts *s = &h->sys;
	struct finding *f;

	if (!fact_known(&s->dev_vfio_src) && s->dev_vfio_src.err != -ENOENT) {
		f = finding_add(fs, "vfio.container_node", LAYER_VFIO,
				VERDICT_UNKNOWN, SEV_LOW,
				"Could not list /dev/vfio");
		finding_detail(f, "dev/vfio: %s.", reason(h, &s->dev_vfio_src));
		return;
	}
	if (dev_vfio_has(s, "vfio")) {
		f = finding_add(fs, "vfio.container_node", LAYER_VFIO,
				VERDICT_PASS, SEV_INFO,
				"/dev/vfio/vfio, the VFIO container, exists");
		finding_detail(f, "QEMU and libvirt open it to set up a "
			       "device's IOMMU context (CONFIG_VFIO_CONTAINER "
			       "or iommufd's compatibility container).");
		finding_evidence(f, "dev/vfio/vfio", "present");
	} else {
		f = finding_add(fs, "vfio.container_node", LAYER_VFIO,
				VERDICT_INFO, SEV_INFO,
				"/dev/vfio/vfio does not exist (yet)");
		finding_detail(f, "It appears when the vfio module loads; a "
			       "kernel with only iommufd (no "
			       "CONFIG_VFIO_CONTAINER) uses /dev/iommu and "
			       "/dev/vfio/devices/vfioN instead.");
		finding_evidence(f, "dev/vfio", "%s",
				 fact_known(&s->dev_vfio_src) ? "no vfio entry"
							     : "absent");
	}
	if (s->dev_iommu == TRI_YES)
		finding_evidence(f, "dev/iommu", "present");
}

/* vfio-pci and its variant drivers (mlx5_vfio_pci, hisi_acc_vfio_pci,
 * ...) all carry "vfio" in the name and set driver_managed_dma. */
static bool is_vfio_driver(const char *drv)
{
	return strstr(drv, "vfio") != NULL;
}

static bool is_user_driver(const char *drv)
{
	return is_vfio_driver(drv) || !strcmp(drv, "pci-stub");
}

static void check_bound(const struct host *h, struct findings *fs)
{
	const struct sys_facts *s = &h->sys;
	const struct pci_facts *pci = &h->pci;
	size_t n = 0, nnodes;
	unsigned long *nodes;
	struct finding *f;

	if (!fact_known(&pci->src) || pci->from_dump) {
		f = finding_add(fs, "vfio.bound_devices", LAYER_VFIO,
				VERDICT_UNKNOWN, SEV_LOW, pci->from_dump ?
				"The lspci dump does not say which drivers "
				"are bound" : "Could not list the PCI "
				"functions");
		if (pci->from_dump)
			finding_detail(f, "The PCI functions come from %s, "
				       "an lspci dump, perhaps of another "
				       "machine: this one's sysfs bindings do "
				       "not apply.", pci->src.path);
		else
			finding_detail(f, "sys/bus/pci/devices: %s.",
				       pci->error[0] ? pci->error :
				       reason(h, &pci->src));
		return;
	}
	for (size_t i = 0; i < pci->count; i++)
		n += pci->v[i].sysfs && is_user_driver(pci->v[i].driver);
	if (!n) {
		f = finding_add(fs, "vfio.bound_devices", LAYER_VFIO,
				VERDICT_INFO, SEV_INFO,
				"No PCI function is bound to vfio-pci");
		finding_detail(f, "A device is bound to vfio-pci when it is "
			       "assigned (libvirt managed='yes' does it on VM "
			       "start) or at boot through vfio-pci.ids= or "
			       "driver_override.");
		finding_evidence(f, "sys/bus/pci/devices", "%zu functions, "
				 "none on vfio-pci or pci-stub", pci->count);
		return;
	}
	f = finding_add(fs, "vfio.bound_devices", LAYER_VFIO, VERDICT_INFO,
			SEV_INFO, "%zu PCI function%s bound to vfio-pci or "
			"pci-stub", n, n == 1 ? " is" : "s are");
	finding_detail(f, "These functions are held for a VM.  A vfio-pci "
		       "function's group appears as /dev/vfio/N (N = its IOMMU "
		       "group) once every device of the group is bound to a "
		       "VFIO driver, pci-stub or no driver.");
	nodes = group_nodes(s, &nnodes);
	for (size_t i = 0; i < pci->count; i++) {
		const struct pci_function *p = &pci->v[i];
		char path[160], node[64], ids[48];
		unsigned long g = (unsigned long)p->iommu_group;
		bool present;

		if (!p->sysfs || !is_user_driver(p->driver))
			continue;
		if (p->ids_known)
			snprintf(ids, sizeof(ids), "%04x:%04x class %06x",
				 p->vendor_id, p->device_id, p->class_code);
		else
			snprintf(ids, sizeof(ids), "ids unreadable");
		if (p->iommu_group >= 0)
			snprintf(node, sizeof(node), "%d", p->iommu_group);
		else
			node[0] = 0;
		snprintf(path, sizeof(path), "sys/bus/pci/devices/%.32s/driver",
			 p->bdf);
		present = nodes ? bsearch(&g, nodes, nnodes, sizeof(g),
					  cmp_ulong) != NULL :
			  dev_vfio_has(s, node);
		if (!is_vfio_driver(p->driver))
			finding_evidence(f, path, "%s (%s)", p->driver, ids);
		else if (p->iommu_group < 0)
			finding_evidence(f, path, "%s (%s, no IOMMU group)",
					 p->driver, ids);
		else
			finding_evidence(f, path, "%s (%s, group %s, "
					 "/dev/vfio/%s %s)", p->driver, ids,
					 node, node, present ? "present" :
					 "absent");
	}
	free(nodes);
}

/* One "vendor:device[:...]" entry of an ids= list; false for wildcards
 * (PCI_ANY_ID) and malformed ones (vfio_pci_fill_ids() skips those). */
static bool parse_id(const char *e, size_t len, unsigned long *ven,
		     unsigned long *dev)
{
	char buf[64], *p, *end;

	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, e, len);
	buf[len] = 0;
	errno = 0;
	*ven = strtoul(buf, &end, 16);
	if (errno || end == buf || *end != ':')
		return false;
	p = end + 1;
	*dev = strtoul(p, &end, 16);
	if (errno || end == p || (*end && *end != ':'))
		return false;
	return *ven <= 0xffff && *dev <= 0xffff;
}

struct ids_source {
	const char *source;     /* evidence source */
	const char *ids;
};

static void check_ids(const struct host *h, struct findings *fs,
		      const struct cmdline_summary *sum)
{
	const struct sys_facts *s = &h->sys;
	struct ids_source src[SYS_MAX_MODPROBE_IDS + 1];
	char remedy[REMEDY_LEN] = "", drivers[512] = "";
	size_t nsrc = 0;
	struct finding *f = NULL;

	if (sum->vfio_ids && sum->vfio_ids->value)
		src[nsrc++] = (struct ids_source){ "proc/cmdline",
						   sum->vfio_ids->value };
	for (size_t i = 0; i < s->nmodprobe_ids; i++)
		src[nsrc++] = (struct ids_source){ s->modprobe_ids[i].file,
						   s->modprobe_ids[i].ids };

	for (size_t i = 0; i < h->pci.count; i++) {
		const struct pci_function *p = &h->pci.v[i];
		const char *named = NULL, *mod;
		char path[160];

		if (!p->sysfs || !p->ids_known || !p->driver[0] ||
		    is_user_driver(p->driver))
			continue;
		for (size_t k = 0; k < nsrc && !named; k++) {
			for (const char *q = src[k].ids; *q && !named;) {
				size_t l = strcspn(q, ",");
				unsigned long ven, dev;

				if (parse_id(q, l, &ven, &dev) &&
				    ven == p->vendor_id && dev == p->device_id)
					named = src[k].source;
				q += l;
				q += *q == ',';
			}
		}
		if (!named)
			continue;
		if (!f) {
			f = finding_add(fs, "vfio.ids_not_bound", LAYER_VFIO,
					VERDICT_WARN, SEV_MEDIUM,
					"vfio-pci ids= names devices that "
					"another driver claimed first");
			finding_detail(f, "vfio-pci only takes a device listed "
				       "in ids= if it loads before the native "
				       "driver (drivers/vfio/pci/vfio_pci.c "
				       "vfio_pci_fill_ids() adds dynamic IDs "
				       "at module init); here the native "
				       "driver won, so the device is in use "
				       "by the host.  A softdep makes modprobe "
				       "load vfio-pci first; it names the "
				       "driver's module.");
			snprintf(remedy, sizeof(remedy), "Make modprobe load "
				 "vfio-pci before the native drivers:\n");
		}
		finding_evidence(f, named, "ids include %04x:%04x",
				 p->vendor_id, p->device_id);
		snprintf(path, sizeof(path), "sys/bus/pci/devices/%.32s/driver",
			 p->bdf);
		finding_evidence(f, path, "%s (%04x:%04x)", p->driver,
				 p->vendor_id, p->device_id);
		mod = p->driver_module[0] ? p->driver_module : p->driver;
		if (has_word(drivers, mod))
			continue;
		snprintf(drivers + strlen(drivers),
			 sizeof(drivers) - strlen(drivers), " %s", mod);
		snprintf(remedy + strlen(remedy),
			 sizeof(remedy) - strlen(remedy),
			 "  echo \"softdep %s pre: vfio-pci\" | sudo tee -a "
			 "/etc/modprobe.d/vfio.conf\n", mod);
	}
	if (!f)
		return;
	snprintf(remedy + strlen(remedy), sizeof(remedy) - strlen(remedy),
		 "then rebuild the initramfs and reboot:\n");
	add_by_initramfs(h, rebuild_cmd, remedy, sizeof(remedy));
	finding_remedy(f, "%s", remedy);
}

static void check_override(const struct host *h, struct findings *fs)
{
	struct finding *f = NULL;

	for (size_t i = 0; i < h->pci.count; i++) {
		const struct pci_function *p = &h->pci.v[i];
		char path[160];

		if (!p->sysfs || !p->driver_override[0])
			continue;
		if (!f) {
			f = finding_add(fs, "vfio.driver_override",
					LAYER_VFIO, VERDICT_INFO, SEV_INFO,
					"Some PCI functions have a "
					"driver_override");
			finding_detail(f, "driver_override takes priority over "
				       "ID tables: only the named driver may "
				       "bind the function (kernel.md §4.5).  "
				       "Writing it does not unbind the current "
				       "driver.");
		}
		snprintf(path, sizeof(path),
			 "sys/bus/pci/devices/%.32s/driver_override", p->bdf);
		finding_evidence(f, path, "%s (bound: %s%s)",
				 p->driver_override,
				 p->driver[0] ? p->driver : "none",
				 !strcmp(p->driver, p->driver_override) ?
				 ", matches" : ", does not match");
	}
}

static void param_evidence(struct finding *f, const struct module_param *p)
{
	finding_evidence(f, p->src.path, "%s", p->value);
}

static void check_unsafe(const struct host *h, struct findings *fs,
			 const struct cmdline_summary *sum)
{
	const struct module_param *t1 =
		&h->sys.params[PARAM_TYPE1_ALLOW_UNSAFE_INTERRUPTS];
	const struct module_param *fd =
		&h->sys.params[PARAM_IOMMUFD_ALLOW_UNSAFE_INTERRUPTS];
	const struct module_param *noi = &h->sys.params[PARAM_VFIO_NOIOMMU];
	struct finding *f;

	if ((fact_known(&t1->src) && (!strcmp(t1->value, "Y") ||
				      !strcmp(t1->value, "1"))) ||
	    (fact_known(&fd->src) && (!strcmp(fd->value, "Y") ||
				      !strcmp(fd->value, "1")))) {
		f = finding_add(fs, "vfio.allow_unsafe_interrupts",
				LAYER_VFIO, VERDICT_WARN, SEV_HIGH,
				"allow_unsafe_interrupts is on: MSI isolation "
				"is disabled");
		finding_detail(f, "VFIO attaches groups even when interrupts "
			       "are not remapped, so a device assigned to a "
			       "guest can inject interrupts into the host "
			       "(drivers/vfio/vfio_iommu_type1.c).  Needed only "
			       "on platforms without interrupt remapping.");
		if (fact_known(&t1->src))
			param_evidence(f, t1);
		if (fact_known(&fd->src))
			param_evidence(f, fd);
		if (sum->unsafe_param)
			finding_evidence(f, "proc/cmdline", "%s",
					 sum->unsafe_param->token);
		finding_remedy(f, "If interrupt remapping works here (see "
			       "iommu.interrupt_remapping), remove "
			       "allow_unsafe_interrupts from /etc/modprobe.d "
			       "and the kernel command line, and turn it off "
			       "now:\n  echo N | sudo tee "
			       "/sys/module/vfio_iommu_type1/parameters/"
			       "allow_unsafe_interrupts");
	}
	if (fact_known(&noi->src) && (!strcmp(noi->value, "Y") ||
				      !strcmp(noi->value, "1"))) {
		f = finding_add(fs, "vfio.noiommu_mode", LAYER_VFIO,
				VERDICT_WARN, SEV_HIGH,
				"VFIO no-IOMMU mode is enabled: no isolation "
				"at all");
		finding_detail(f, "enable_unsafe_noiommu_mode lets vfio bind "
			       "devices that have no IOMMU group (as "
			       "/dev/vfio/noiommu-N).  The device can DMA to "
			       "any host memory and the kernel taints itself "
			       "(\"Adding kernel taint for vfio-noiommu "
			       "group\", drivers/vfio/group.c).  Unsuitable "
			       "for VMs.");
		param_evidence(f, noi);
		if (sum->noiommu_param)
			finding_evidence(f, "proc/cmdline", "%s",
					 sum->noiommu_param->token);
		finding_remedy(f, "Remove vfio.enable_unsafe_noiommu_mode from "
			       "the kernel command line and /etc/modprobe.d, "
			       "and enable the IOMMU instead.");
	}
}

static void check_groups(const struct host *h, struct findings *fs)
{
	const struct sys_facts *s = &h->sys;
	struct finding *f;

	if (s->ngroups)
		return;
	if (!fact_known(&s->groups_src) && s->groups_src.err != -ENOENT) {
		f = finding_add(fs, "vfio.no_iommu_groups", LAYER_VFIO,
				VERDICT_UNKNOWN, SEV_MEDIUM,
				"Whether VFIO has IOMMU groups to bind is "
				"unknown");
		finding_detail(f, "sys/kernel/iommu_groups: %s.",
			       reason(h, &s->groups_src));
		return;
	}
	f = finding_add(fs, "vfio.no_iommu_groups", LAYER_VFIO, VERDICT_FAIL,
			SEV_CRITICAL, "VFIO has no IOMMU group to bind a "
			"device to");
	finding_detail(f, "vfio-pci refuses a device without an IOMMU group "
		       "(-EINVAL, drivers/vfio/group.c "
		       "vfio_group_find_or_alloc()).  Fix the kernel layer "
		       "first: see the iommu.units and iommu.groups "
		       "findings.");
	finding_evidence(f, "sys/kernel/iommu_groups", "%s",
			 s->groups_src.err == -ENOENT ? "absent" : "empty");
}

static int run(const struct host *h, struct findings *fs)
{
	struct cmdline_summary sum;

	cmdline_summarise(&h->cmdline, &sum);
	check_modules(h, fs);
	check_container(h, fs);
	check_bound(h, fs);
	check_ids(h, fs, &sum);
	check_override(h, fs);
	check_unsafe(h, fs, &sum);
	check_groups(h, fs);
	return 0;
}

const struct check check_vfio = {
	.id = "vfio",
	.title = "VFIO modules, nodes and bindings",
	.run = run,
};
