/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Generated set-up (vfio-pci.ids=, cmdline, libvirt XML, QEMU args) and the
 * libvirt domain checker, on hand-built hosts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../../probe/probe.h"
#include "../../checks/setup.h"

/*
 * The host:
 *   0 00:01.0 root port (pcieport)          group 1
 *   1 01:00.0 10de:1b80 VGA, nvidia, boot VGA group 1
 *   2 01:00.1 10de:10f0 audio, snd_hda_intel  group 1
 *   3 02:00.0 10de:1b80 VGA, nvidia          group 2 (same IDs as 1)
 *   4 03:00.0 8086:1533 NIC, igb             group 3
 *   5 04:00.0 8086:a0ed USB, RMRR            group 4 (blocked)
 *   6 05:00.0 1022:145c                      group 5
 *   7 05:00.1 1022:145c (same IDs)           group 5
 *   8 05:00.2 1022:1457, vfio-pci            group 5
 *   9 10:00.0 1b21:1242 USB, unbound         group 6
 */
#define NFN 10

static struct pci_function fns[NFN];
static struct device_assign asg[NFN];
static struct assign_reason rmrr = {
	.kind = AREASON_RMRR, .other = -1,
	.text = "an RMRR identity map covers it (0x7b800000-0x7fffffff)" };
static int grp1[] = { 0, 1, 2 }, grp2[] = { 3 }, grp3[] = { 4 },
	   grp4[] = { 5 }, grp5[] = { 6, 7, 8 }, grp6[] = { 9 };
static struct host H;

static void fn_set(int i, unsigned bus, unsigned dev, unsigned func,
		   uint16_t ven, uint16_t did, uint32_t cls, const char *drv,
		   const char *mod, int group, int *members, size_t n)
{
	struct pci_function *f = &fns[i];

	memset(f, 0, sizeof(*f));
	f->bus = (uint8_t)bus;
	f->dev = (uint8_t)dev;
	f->func = (uint8_t)func;
	snprintf(f->bdf, sizeof(f->bdf), "0000:%02x:%02x.%x", bus, dev, func);
	f->vendor_id = ven;
	f->device_id = did;
	f->class_code = cls;
	f->sysfs = true;
	f->iommu_group = group;
	f->boot_vga = TRI_NO;
	snprintf(f->driver, sizeof(f->driver), "%s", drv);
	snprintf(f->class_name, sizeof(f->class_name), "Class %06x", cls);
	snprintf(f->device_name, sizeof(f->device_name), "Device %d", i);

	memset(&asg[i], 0, sizeof(asg[i]));
	asg[i].verdict = n > 1 ? ASSIGN_WITH_GROUP : ASSIGN_ALONE;
	asg[i].kernel_group = group;
	asg[i].predicted_group = -1;
	asg[i].members = members;
	asg[i].nmembers = n;

	snprintf(f->driver_module, sizeof(f->driver_module), "%s", mod);
}

static int setup_host(void **state)
{
	(void)state;
	free(H.pci.by_id);	/* the previous test's pci_index() */
	memset(&H, 0, sizeof(H));
	fn_set(0, 0, 1, 0, 0x8086, 0x1901, 0x060400, "pcieport", "", 1, grp1, 3);
	fns[0].is_bridge = true;
	fn_set(1, 1, 0, 0, 0x10DE, 0x1B80, 0x030000, "nvidia", "nvidia", 1,
	       grp1, 3);
	fns[1].multifunction = true;
	fns[1].boot_vga = TRI_YES;
	fn_set(2, 1, 0, 1, 0x10de, 0x10f0, 0x040300, "snd_hda_intel",
	       "snd_hda_intel", 1, grp1, 3);
	fn_set(3, 2, 0, 0, 0x10de, 0x1b80, 0x030000, "nvidia", "nvidia", 2,
	       grp2, 1);
	fn_set(4, 3, 0, 0, 0x8086, 0x1533, 0x020000, "igb", "igb", 3, grp3, 1);
	fn_set(5, 4, 0, 0, 0x8086, 0xa0ed, 0x0c0330, "xhci_hcd", "xhci_pci", 4,
	       grp4, 1);
	asg[5].verdict = ASSIGN_BLOCKED;
	asg[5].reasons = &rmrr;
	asg[5].nreasons = 1;
	fn_set(6, 5, 0, 0, 0x1022, 0x145c, 0x0c0330, "xhci_hcd", "xhci_pci", 5,
	       grp5, 3);
	fn_set(7, 5, 0, 1, 0x1022, 0x145c, 0x0c0330, "xhci_hcd", "xhci_pci", 5,
	       grp5, 3);
	fn_set(8, 5, 0, 2, 0x1022, 0x1457, 0x040300, "vfio-pci", "vfio_pci", 5,
	       grp5, 3);
	fn_set(9, 0x10, 0, 0, 0x1b21, 0x1242, 0x0c0330, "", "", 6, grp6, 1);

	H.pci.v = fns;
	H.pci.count = NFN;
	if (pci_index(&H.pci))
		return -1;
	H.assign.v = asg;
	H.assign.count = NFN;
	H.assign.rootfs_fn = H.assign.boot_vga_fn = H.assign.route_nic_fn = -1;
	return 0;
}

/* ---- vfio-pci.ids= ---- */

static void test_ids(void **state)
{
	char *s;

	(void)state;
	/* bridge left out, lower-case, bus order whichever member asks */
	s = setup_vfio_ids(&H, 1);
	assert_non_null(s);
	assert_string_equal(s, "10de:1b80,10de:10f0");
	free(s);
	s = setup_vfio_ids(&H, 2);
	assert_string_equal(s, "10de:1b80,10de:10f0");
	free(s);
	/* two functions with one ID: listed once */
	s = setup_vfio_ids(&H, 7);
	assert_string_equal(s, "1022:145c,1022:1457");
	free(s);
	s = setup_vfio_ids(&H, 4);
	assert_string_equal(s, "8086:1533");
	free(s);
}

static void test_blocked_null(void **state)
{
	(void)state;
	assert_null(setup_vfio_ids(&H, 5));
	assert_null(setup_cmdline(&H, 5));
	assert_null(setup_libvirt_xml(&H, 5));
	assert_null(setup_qemu_args(&H, 5));
	/* a bridge, and no such function */
	assert_null(setup_vfio_ids(&H, 0));
	assert_null(setup_qemu_args(&H, 0));
	assert_null(setup_vfio_ids(&H, NFN));
	assert_null(setup_vfio_ids(&H, -1));
}

static void test_no_assign(void **state)
{
	struct host h = H;
	char *s;

	(void)state;
	h.assign.v = NULL;
	h.assign.count = 0;
	s = setup_vfio_ids(&h, 1);
	assert_string_equal(s, "10de:1b80");
	free(s);
	s = setup_cmdline(&h, 1);
	assert_non_null(strstr(s, "was not computed"));
	free(s);
}

/* ---- libvirt XML ---- */

static xmlDocPtr parse_wrapped(const char *xml)
{
	size_t n = strlen(xml) + 32;
	char *w = malloc(n);
	xmlDocPtr d;

	snprintf(w, n, "<devices>%s</devices>", xml);
	d = xmlReadMemory(w, (int)strlen(w), "t.xml", NULL, XML_PARSE_NONET);
	free(w);
	return d;
}

static void assert_prop(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);

	if (!want) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_string_equal((const char *)v, want);
	xmlFree(v);
}

static xmlNodePtr el(xmlNodePtr n, const char *name, int nth)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)c->name, name) && nth-- == 0)
			return c;
	return NULL;
}

static void test_libvirt_multifunction(void **state)
{
	char *s = setup_libvirt_xml(&H, 2);
	xmlDocPtr d;
	xmlNodePtr root, hd, a;

	(void)state;
	assert_non_null(s);
	assert_null(strstr(s, "<?xml"));
	d = parse_wrapped(s);
	assert_non_null(d);
	root = xmlDocGetRootElement(d);
	assert_non_null(el(root, "hostdev", 1));
	assert_null(el(root, "hostdev", 2));

	hd = el(root, "hostdev", 0);
	assert_prop(hd, "mode", "subsystem");
	assert_prop(hd, "type", "pci");
	assert_prop(hd, "managed", "yes");
	a = el(el(hd, "source", 0), "address", 0);
	assert_non_null(a);
	assert_prop(a, "domain", "0x0000");
	assert_prop(a, "bus", "0x01");
	assert_prop(a, "slot", "0x00");
	assert_prop(a, "function", "0x0");
	a = el(hd, "address", 0);       /* guest side */
	assert_non_null(a);
	assert_prop(a, "type", "pci");
	assert_prop(a, "bus", "0x00");
	assert_prop(a, "slot", "0x10");
	assert_prop(a, "function", "0x0");
	assert_prop(a, "multifunction", "on");

	hd = el(root, "hostdev", 1);
	a = el(el(hd, "source", 0), "address", 0);
	assert_prop(a, "bus", "0x01");
	assert_prop(a, "function", "0x1");
	a = el(hd, "address", 0);
	assert_prop(a, "slot", "0x10");
	assert_prop(a, "function", "0x1");
	assert_prop(a, "multifunction", NULL);
	xmlFreeDoc(d);
	free(s);
}

static void test_libvirt_single(void **state)
{
	char *s = setup_libvirt_xml(&H, 9);
	xmlDocPtr d;
	xmlNodePtr hd, a;

	(void)state;
	d = parse_wrapped(s);
	assert_non_null(d);
	hd = el(xmlDocGetRootElement(d), "hostdev", 0);
	a = el(el(hd, "source", 0), "address", 0);
	assert_prop(a, "bus", "0x10");       /* hex, two digits */
	assert_prop(a, "slot", "0x00");
	assert_null(el(hd, "address", 0));   /* no guest address */
	xmlFreeDoc(d);
	free(s);
}

/* ---- QEMU ---- */

static void test_qemu(void **state)
{
	char *s;

	(void)state;
	s = setup_qemu_args(&H, 1);
	assert_string_equal(s,
		"-device vfio-pci,host=0000:01:00.0,x-vga=on,multifunction=on,"
		"addr=0x10.0 -device vfio-pci,host=0000:01:00.1,addr=0x10.1");
	free(s);
	/* not the boot VGA: no x-vga */
	s = setup_qemu_args(&H, 3);
	assert_string_equal(s, "-device vfio-pci,host=0000:02:00.0");
	free(s);
	s = setup_qemu_args(&H, 6);
	assert_string_equal(s,
		"-device vfio-pci,host=0000:05:00.0,multifunction=on,addr=0x10.0 "
		"-device vfio-pci,host=0000:05:00.1,addr=0x10.1 "
		"-device vfio-pci,host=0000:05:00.2,addr=0x10.2");
	free(s);
}

/* ---- the command-line set-up ---- */

static char *cmdline_for(const char *id, const char *like, int fn)
{
	struct host h = H;

	snprintf(h.boot.os_id, sizeof(h.boot.os_id), "%s", id);
	snprintf(h.boot.os_id_like, sizeof(h.boot.os_id_like), "%s", like);
	return setup_cmdline(&h, fn);
}

static void test_cmdline_distros(void **state)
{
	char *s;

	(void)state;
	s = cmdline_for("ubuntu", "debian", 4);
	assert_non_null(s);
	assert_non_null(strstr(s, "vfio-pci.ids=8086:1533"));
	assert_non_null(strstr(s, "'options vfio-pci ids=8086:1533'"));
	assert_non_null(strstr(s, "'softdep igb pre: vfio-pci'"));
	assert_non_null(strstr(s, "/etc/modprobe.d/vfio.conf"));
	assert_non_null(strstr(s, "sudo update-initramfs -u"));
	assert_null(strstr(s, "dracut"));
	assert_null(strstr(s, "mkinitcpio"));
	assert_non_null(strstr(s, "echo vfio-pci | sudo tee "
				  "/sys/bus/pci/devices/0000:03:00.0/driver_override"));
	assert_non_null(strstr(s, "echo 0000:03:00.0 | sudo tee "
				  "/sys/bus/pci/devices/0000:03:00.0/driver/unbind"));
	assert_non_null(strstr(s, "echo 0000:03:00.0 | sudo tee "
				  "/sys/bus/pci/drivers_probe"));
	assert_null(strstr(s, "efifb"));
	free(s);

	s = cmdline_for("fedora", "", 4);
	assert_non_null(strstr(s, "sudo dracut -f"));
	assert_null(strstr(s, "update-initramfs"));
	free(s);
	s = cmdline_for("rocky", "rhel centos fedora", 4);
	assert_non_null(strstr(s, "sudo dracut -f"));
	free(s);
	s = cmdline_for("manjaro", "arch", 4);
	assert_non_null(strstr(s, "sudo mkinitcpio -P"));
	assert_null(strstr(s, "dracut"));
	free(s);
	s = cmdline_for("", "", 4);
	assert_non_null(strstr(s, "update-initramfs -u"));
	assert_non_null(strstr(s, "dracut -f"));
	assert_non_null(strstr(s, "mkinitcpio -P"));
	free(s);
}

static void test_cmdline_group(void **state)
{
	char *s;

	(void)state;
	/* 05:00.x: one softdep for xhci_pci (module, not driver name), and
	 * 05:00.2 is already on vfio-pci */
	s = cmdline_for("debian", "", 6);
	assert_non_null(strstr(s, "ids=1022:145c,1022:1457"));
	assert_non_null(strstr(s, "'softdep xhci_pci pre: vfio-pci'"));
	assert_null(strstr(s, "softdep xhci_hcd"));
	assert_null(strstr(strstr(s, "softdep xhci_pci") + 1,
			   "softdep xhci_pci"));
	assert_non_null(strstr(s, "0000:05:00.2 is already bound to vfio-pci"));
	free(s);
}

static void test_cmdline_conflict_and_vga(void **state)
{
	char *s;

	(void)state;
	/* 02:00.0 has the IDs of 01:00.0: ids= would take it too */
	s = cmdline_for("debian", "", 1);
	assert_non_null(strstr(s, "Warning"));
	assert_non_null(strstr(s, "02:00.0"));
	assert_non_null(strstr(s, "sudo driverctl set-override 0000:01:00.0 "
				  "vfio-pci"));
	assert_non_null(strstr(s, "sudo driverctl set-override 0000:01:00.1 "
				  "vfio-pci"));
	assert_null(strstr(s, "options vfio-pci"));
	assert_non_null(strstr(s, "video=efifb:off"));
	assert_non_null(strstr(s, "Boot VGA"));
	assert_non_null(strstr(s, "stop the display manager"));
	free(s);
}

static void test_cmdline_merge(void **state)
{
	struct host h = H;
	char *s;

	(void)state;
	h.sys.nmodprobe_ids = 1;
	snprintf(h.sys.modprobe_ids[0].file, sizeof(h.sys.modprobe_ids[0].file),
		 "etc/modprobe.d/vfio.conf");
	snprintf(h.sys.modprobe_ids[0].ids, sizeof(h.sys.modprobe_ids[0].ids),
		 "1002:67df,8086:1533");
	s = setup_cmdline(&h, 4);
	assert_non_null(strstr(s, "/etc/modprobe.d/vfio.conf already sets"));
	assert_non_null(strstr(s, "options vfio-pci ids=1002:67df,8086:1533\n"));
	free(s);
}

static void test_from_dump(void **state)
{
	struct host h = H;
	char d[400], *s;

	(void)state;
	/* an lspci dump: no sysfs, and this machine's bindings do not apply */
	h.pci.from_dump = true;
	fns[4].driver[0] = 0;
	fns[4].sysfs = false;
	assert_non_null(strstr(setup_describe(&h, 4, d, sizeof(d)),
			       "(driver unknown)"));
	s = setup_cmdline(&h, 4);
	assert_non_null(strstr(s, "lspci dump"));
	assert_non_null(strstr(s, "drivers now bound are unknown"));
	assert_null(strstr(s, "softdep igb"));
	assert_non_null(strstr(s, "# if it is bound"));
	free(s);
}

/* ---- domain XML ---- */

#define DOM_HEAD "<domain type='kvm'><name>vm1</name><devices>"
#define DOM_TAIL "</devices></domain>"
#define HOSTDEV(managed, d, b, s, f) \
	"<hostdev mode='subsystem' type='pci'" managed "><source>" \
	"<address domain='" d "' bus='" b "' slot='" s "' function='" f \
	"'/></source></hostdev>"

static int check(const char *xml, struct domain_check *dc)
{
	return domain_check_xml(&H, xml, strlen(xml), dc);
}

static void test_addr_parse(void **state)
{
	unsigned long v;
	enum addr_base b;

	(void)state;
	assert_int_equal(domain_addr_parse("0x1f", &v, &b), 0);
	assert_int_equal(v, 31);
	assert_int_equal(b, ADDR_HEX);
	assert_int_equal(domain_addr_parse("31", &v, &b), 0);
	assert_int_equal(v, 31);
	assert_int_equal(b, ADDR_DECIMAL);
	assert_int_equal(domain_addr_parse("017", &v, &b), 0);
	assert_int_equal(v, 15);
	assert_int_equal(b, ADDR_OCTAL);
	assert_int_equal(domain_addr_parse("0", &v, &b), 0);
	assert_int_equal(v, 0);
	assert_int_equal(domain_addr_parse(NULL, &v, &b), 0);
	assert_int_equal(b, ADDR_ABSENT);
	assert_int_equal(domain_addr_parse("09", &v, &b), -EINVAL);
	assert_int_equal(domain_addr_parse("0x", &v, &b), -EINVAL);
	assert_int_equal(domain_addr_parse("", &v, &b), -EINVAL);
	assert_int_equal(domain_addr_parse("-1", &v, &b), -EINVAL);
	assert_int_equal(domain_addr_parse("1a", &v, &b), -EINVAL);
	assert_int_equal(domain_addr_parse("0x100000000", &v, &b), -ERANGE);
}

static void test_domain_ok(void **state)
{
	struct domain_check dc;

	(void)state;
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "0x03", "0x00", "0x0")
		HOSTDEV(" managed='yes'", "0x0000", "0x01", "0x00", "0x0")
		HOSTDEV(" managed='yes'", "0x0000", "0x01", "0x00", "0x1")
		DOM_TAIL, &dc), 0);
	assert_string_equal(dc.name, "vm1");
	assert_int_equal(dc.n, 3);
	for (size_t i = 0; i < dc.n; i++)
		assert_int_equal(dc.v[i].state, HOSTDEV_OK);
	assert_string_equal(dc.v[0].bdf, "0000:03:00.0");
	assert_int_equal(dc.v[0].fn, 4);
	assert_null(dc.v[1].fix);
	domain_check_release(&dc);
}

static void test_domain_decimal_hex(void **state)
{
	struct domain_check dc;

	(void)state;
	/* decimal below 10 reads the same as hex: fine */
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0", "3", "0", "0") DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_OK);
	assert_string_equal(dc.v[0].bdf, "0000:03:00.0");
	domain_check_release(&dc);

	/* lspci's "10" (hex) written without 0x: libvirt reads decimal 10 */
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "10", "0x00", "0x0")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_string_equal(dc.v[0].bdf, "0000:0a:00.0");
	assert_non_null(strstr(dc.v[0].notes, "decimal"));
	assert_non_null(strstr(dc.v[0].notes, "bus='0x10'"));
	domain_check_release(&dc);

	/* a leading 0 is octal: 010 is 8 */
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "010", "0x00", "0x0")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_string_equal(dc.v[0].bdf, "0000:08:00.0");
	assert_non_null(strstr(dc.v[0].notes, "octal"));
	domain_check_release(&dc);

	/* 09 is no number to libvirt */
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "09", "0x00", "0x0")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_string_equal(dc.v[0].bdf, "");
	assert_non_null(strstr(dc.v[0].notes, "bus='0x9'"));
	domain_check_release(&dc);
}

static void test_domain_range(void **state)
{
	struct domain_check dc;

	(void)state;
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "0x03", "0x20", "0x0")
		HOSTDEV(" managed='yes'", "0x0000", "0x03", "0x00", "0x8")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_non_null(strstr(dc.v[0].notes, "slot='0x20' is out of range"));
	assert_int_equal(dc.v[1].state, HOSTDEV_FAIL);
	assert_non_null(strstr(dc.v[1].notes, "function='0x8' is out of range"));
	domain_check_release(&dc);

	/* no such device */
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "0x07", "0x00", "0x0")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_non_null(strstr(dc.v[0].notes, "no PCI device 0000:07:00.0"));
	domain_check_release(&dc);
}

static void test_domain_group_member(void **state)
{
	struct domain_check dc;
	xmlDocPtr d;
	xmlNodePtr hd, a;

	(void)state;
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "0x01", "0x00", "0x0")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.n, 1);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_non_null(strstr(dc.v[0].notes, "group 1 is not viable: 01:00.1 "
					      "(snd_hda_intel) is not assigned"));
	/* the bridge of the group is no problem */
	assert_null(strstr(dc.v[0].notes, "00:01.0"));
	assert_non_null(dc.v[0].fix);
	d = parse_wrapped(dc.v[0].fix);
	assert_non_null(d);
	hd = el(xmlDocGetRootElement(d), "hostdev", 0);
	assert_prop(hd, "managed", "yes");
	a = el(el(hd, "source", 0), "address", 0);
	assert_prop(a, "bus", "0x01");
	assert_prop(a, "function", "0x1");
	assert_null(el(xmlDocGetRootElement(d), "hostdev", 1));
	xmlFreeDoc(d);
	domain_check_release(&dc);

	/* 05:00.0 without 05:00.1 (xhci) but 05:00.2 is on vfio-pci: only
	 * 05:00.1 is missing */
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "0x05", "0x00", "0x0")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_non_null(strstr(dc.v[0].notes, "05:00.1 (xhci_hcd)"));
	assert_null(strstr(dc.v[0].notes, "05:00.2"));
	domain_check_release(&dc);
}

static void test_domain_managed_no(void **state)
{
	struct domain_check dc;

	(void)state;
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='no'", "0x0000", "0x03", "0x00", "0x0")
		HOSTDEV("", "0x0000", "0x03", "0x00", "0x0")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_false(dc.v[0].managed);
	assert_non_null(strstr(dc.v[0].notes, "managed='no'"));
	assert_non_null(strstr(dc.v[0].notes, "bound to igb"));
	assert_non_null(strstr(dc.v[1].notes, "the attribute is absent"));
	assert_non_null(strstr(dc.v[1].notes, "assigned twice"));
	domain_check_release(&dc);

	/* unmanaged, but already on vfio-pci: fine */
	assert_int_equal(check(DOM_HEAD
		HOSTDEV("", "0x0000", "0x05", "0x00", "0x2")
		HOSTDEV(" managed='yes'", "0x0000", "0x05", "0x00", "0x0")
		HOSTDEV(" managed='yes'", "0x0000", "0x05", "0x00", "0x1")
		DOM_TAIL, &dc), 0);
	for (size_t i = 0; i < dc.n; i++)
		assert_int_equal(dc.v[i].state, HOSTDEV_OK);
	domain_check_release(&dc);
}

static void test_domain_blocked(void **state)
{
	struct domain_check dc;

	(void)state;
	assert_int_equal(check(DOM_HEAD
		HOSTDEV(" managed='yes'", "0x0000", "0x04", "0x00", "0x0")
		DOM_TAIL, &dc), 0);
	assert_int_equal(dc.v[0].state, HOSTDEV_FAIL);
	assert_non_null(strstr(dc.v[0].notes, "RMRR"));
	domain_check_release(&dc);
}

static void test_domain_refused(void **state)
{
	static const char xxe[] =
		"<?xml version='1.0'?>\n"
		"<!DOCTYPE domain [ <!ENTITY x SYSTEM 'file:///etc/passwd'> ]>\n"
		"<domain><name>&x;</name></domain>\n";
	static const char ent[] = "<domain><name>&x;</name></domain>";
	struct domain_check dc;
	char *big;

	(void)state;
	assert_int_equal(check(xxe, &dc), -EPERM);
	assert_non_null(strstr(dc.error, "DOCTYPE"));
	assert_int_equal(check(ent, &dc), -EINVAL);
	assert_int_equal(check("<domain><name>x</name>", &dc), -EINVAL);
	assert_non_null(strstr(dc.error, "not well-formed"));
	assert_int_equal(check("<network/>", &dc), -EINVAL);
	assert_non_null(strstr(dc.error, "<network>"));
	assert_int_equal(domain_check_xml(&H, "<domain>\0</domain>", 18, &dc),
			 -EINVAL);
	big = calloc(1, DOMAIN_XML_MAX + 2);
	assert_non_null(big);
	memset(big, ' ', DOMAIN_XML_MAX + 1);
	assert_int_equal(domain_check_xml(&H, big, DOMAIN_XML_MAX + 1, &dc),
			 -EFBIG);
	free(big);
	/* no hostdevs at all */
	assert_int_equal(check(DOM_HEAD DOM_TAIL, &dc), 0);
	assert_int_equal(dc.n, 0);
	domain_check_release(&dc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ids, setup_host),
		cmocka_unit_test_setup(test_blocked_null, setup_host),
		cmocka_unit_test_setup(test_no_assign, setup_host),
		cmocka_unit_test_setup(test_libvirt_multifunction, setup_host),
		cmocka_unit_test_setup(test_libvirt_single, setup_host),
		cmocka_unit_test_setup(test_qemu, setup_host),
		cmocka_unit_test_setup(test_cmdline_distros, setup_host),
		cmocka_unit_test_setup(test_cmdline_group, setup_host),
		cmocka_unit_test_setup(test_cmdline_conflict_and_vga, setup_host),
		cmocka_unit_test_setup(test_cmdline_merge, setup_host),
		cmocka_unit_test_setup(test_from_dump, setup_host),
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test_setup(test_domain_ok, setup_host),
		cmocka_unit_test_setup(test_domain_decimal_hex, setup_host),
		cmocka_unit_test_setup(test_domain_range, setup_host),
		cmocka_unit_test_setup(test_domain_group_member, setup_host),
		cmocka_unit_test_setup(test_domain_managed_no, setup_host),
		cmocka_unit_test_setup(test_domain_blocked, setup_host),
		cmocka_unit_test_setup(test_domain_refused, setup_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
