/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_CHECKS_SETUP_H
#define VFIO_READY_CHECKS_SETUP_H

/*
 * Generated set-up for passing function FN (an index into h->pci.v) through,
 * together with every function of its group that must go with it: exact for
 * this host.  Each returns a malloc'd string (caller frees), or NULL when FN
 * cannot be assigned (h->assign says why) or memory ran out.
 *
 * The set is FN plus h->assign.v[FN].members, in bus order, without bridges
 * (they stay on pcieport: vfio-pci binds header type 0 only).  When the
 * assignability is not computed (h->assign.count == 0) the set is FN alone.
 * Everything printed is for the user to run; the tool runs nothing.
 */

#include <stdbool.h>
#include <stddef.h>

struct host;

/* "10de:1b80,10de:10f0": the vfio-pci.ids= value (no duplicates). */
char *setup_vfio_ids(const struct host *h, int fn);
/* Kernel argument, modprobe.d and initramfs lines (softdep for the drivers
 * now bound), and driver_override commands for a one-off bind. */
char *setup_cmdline(const struct host *h, int fn);
/* <hostdev mode='subsystem' type='pci' managed='yes'> for every function of
 * the group, built with libxml2. */
char *setup_libvirt_xml(const struct host *h, int fn);
/* QEMU -device vfio-pci,host=... arguments (multifunction, x-vga). */
char *setup_qemu_args(const struct host *h, int fn);

/* One line for people: "01:00.0 [10de:1b80] VGA compatible controller:
 * NVIDIA Corporation GP104 (driver nvidia)".  Returns BUF. */
char *setup_describe(const struct host *h, int fn, char *buf, size_t len);
/* "01:00.0" on PCI domain 0, else "0001:01:00.0".  Returns BUF. */
char *setup_short_bdf(const struct host *h, int fn, char *buf, size_t len);
/* The driver bound to FN now: "" unbound, NULL unknown (a dump). */
const char *setup_driver(const struct host *h, int fn);

/* ---- `vfio-ready domain VM.xml`: a libvirt domain against this host ---- */

#define DOMAIN_XML_MAX (4u << 20)    /* unsigned: printed with %u */

enum hostdev_state {
	HOSTDEV_OK = 0,       /* would start */
	HOSTDEV_WARN,         /* would start; read the notes */
	HOSTDEV_FAIL,         /* virsh start would fail (or must not be done) */
};

/* How libvirt reads one address attribute: virXMLPropUInt(..., base 0),
 * i.e. strtoul base 0: "0x" hex, a leading "0" octal, else decimal. */
enum addr_base {
	ADDR_ABSENT = 0,      /* attribute missing: libvirt reads 0 */
	ADDR_HEX,
	ADDR_OCTAL,
	ADDR_DECIMAL,
};

/* 0 with *VAL and *BASE, or -EINVAL when libvirt refuses the text (e.g.
 * "09": a leading 0 is octal), -ERANGE past UINT_MAX. */
int domain_addr_parse(const char *s, unsigned long *val, enum addr_base *base);

struct domain_hostdev {
	unsigned long line;   /* of the <hostdev> / <interface> element */
	bool interface;       /* <interface type='hostdev'> (SR-IOV VF) */
	char written[200];    /* the source address as written */
	char bdf[24];         /* "0000:01:00.0"; "" when it does not parse */
	int fn;               /* index into h->pci.v, -1 not on this host */
	bool managed;
	enum hostdev_state state;
	char *notes;          /* why, one "\n"-terminated line each */
	char *fix;            /* <hostdev> elements to add, or NULL */
};

struct domain_check {
	char name[128];       /* <name> */
	struct domain_hostdev *v;
	size_t n;
	char error[256];      /* why the document was refused */
};

/*
 * Check every PCI <hostdev> (and <interface type='hostdev'>) of the domain
 * XML in BUF (LEN bytes, at most DOMAIN_XML_MAX) against H.  Parsed with
 * libxml2 without network, DTD loading or entity substitution; a document
 * with a DOCTYPE is refused.  Returns 0, or -EFBIG, -EPERM (DOCTYPE /
 * entities), -EINVAL (not XML / not a domain; OUT->error says why), -ENOMEM.
 */
int domain_check_xml(const struct host *h, const char *buf, size_t len,
		     struct domain_check *out);
void domain_check_release(struct domain_check *dc);
const char *hostdev_state_name(enum hostdev_state s);  /* "ok", ... */

#endif
