/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The small text files the probe decodes besides the big ones: the first
 * input byte picks the parser, the rest is the file.  proc/interrupts, an
 * iommu group's reserved_regions, sysfs hex attributes, modprobe.d,
 * /proc/modules, the /dev/kvm placeholder and /etc/group, os-release,
 * mountinfo, proc/net/route, sysfs device paths and a PCI device's uevent.
 */
#include "../../probe/assign.h"
#include "../../probe/boot.h"
#include "../../probe/kvm.h"
#include "../../probe/modules.h"
#include "../../probe/pci.h"
#include "../../probe/sysstate.h"
#include "fuzz.h"

enum parser {
	P_INTERRUPTS, P_RESV_REGIONS, P_HEX, P_MODPROBE, P_MODULES, P_KVM_NODE,
	P_GROUP, P_OS_RELEASE, P_MOUNTINFO, P_ROUTE, P_PATH_BDF, P_UEVENT,
	P_COUNT
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, out[256];
	size_t len;

	if (size < 1)
		return 0;
	text = fuzz_text(data + 1, size - 1);
	if (!text)
		return 0;
	len = size - 1;
	switch (data[0] % P_COUNT) {
	case P_INTERRUPTS: {
		struct irq_summary s;

		interrupts_parse(text, len, &s);
		break;
	}
	case P_RESV_REGIONS: {
		struct resv_region r[8];
		size_t n, bad;

		resv_regions_parse(text, len, r, 8, &n, &bad);
		if (n > 8)
			abort();
		for (size_t i = 0; i < n; i++)
			resv_type_name(r[i].type);
		break;
	}
	case P_HEX: {
		uint64_t v;

		sys_parse_hex(text, &v);
		break;
	}
	case P_MODPROBE:
		modprobe_parse_vfio_ids(text, len, out, sizeof(out));
		break;
	case P_MODULES: {
		char **names = NULL;
		size_t n = 0;

		if (modules_parse_proc(text, &names, &n) == 0 && names) {
			for (size_t i = 0; i < n; i++)
				free(names[i]);
			free(names);
		}
		break;
	}
	case P_KVM_NODE: {
		struct kvm_node_record rec;

		kvm_node_parse(text, len, &rec);
		break;
	}
	case P_GROUP:
		kvm_group_lookup(text, len, (gid_t)(len % 1024), out,
				 sizeof(out));
		break;
	case P_OS_RELEASE:
		boot_parse_assignment(text, "ID", out, sizeof(out));
		boot_parse_assignment(text, "PRETTY_NAME", out, 8);
		break;
	case P_MOUNTINFO: {
		unsigned major, minor;

		assign_parse_mountinfo(text, len, &major, &minor, out,
				       sizeof(out));
		break;
	}
	case P_ROUTE:
		assign_parse_route(text, len, out, 16);
		break;
	case P_PATH_BDF:
		assign_path_bdf(text, out, 13);
		break;
	case P_UEVENT: {
		struct pci_uevent u;

		/* the raw bytes: the parser must not need a terminator */
		if (!pci_parse_uevent((const char *)data + 1, len, &u) &&
		    strnlen(u.driver, sizeof(u.driver)) == sizeof(u.driver))
			abort();
		break;
	}
	}
	free(text);
	return 0;
}
