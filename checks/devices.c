/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-device assignability (probe/assign.h): one finding per function in
 * focus, every function when no --device was given.
 *
 * Verdicts, so the host verdict stays about the host:
 *  - alone: PASS;
 *  - with its group: WARN when the user asked about the device (--device),
 *    INFO otherwise (the platform's own multi-function groups, such as the
 *    PCH at 00:1f.x, would otherwise mark every host "warnings");
 *  - blocked: FAIL (critical) for an endpoint the user asked about, INFO
 *    for bridges (never assignable, by design) and unasked functions;
 *  - unknown: UNKNOWN per asked function; the unasked ones are summed up
 *    in one finding.
 */
#include "check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"
#include "textbuf.h"
#include "setup.h"

#define TEXT_LEN 8192

static const char *bdf_of(const struct host *h, int fn)
{
	return pci_short_bdf(&h->pci.v[fn]);
}

static bool hex4(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

static unsigned hexval4(const char *s)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];

		v = v << 4 | (unsigned)(c <= '9' ? c - '0' :
					(c | 0x20) - 'a' + 10);
	}
	return v;
}

/* "vvvv:dddd" (no '.'): a vendor:device pair, else a BDF. */
static bool is_id(const char *s)
{
	return strlen(s) == 9 && hex4(s) && s[4] == ':' && hex4(s + 5);
}

/*
 * Which functions are in focus: FOCUS[i] set.  Every --device entry that
 * matches nothing is reported.  Returns the number of entries (0 = all).
 */
static size_t mark_focus(const struct host *h, struct findings *fs,
			 char *focus)
{
	size_t n = 0;

	if (!h->focus)
		return 0;
	for (const char *const *e = h->focus; *e; e++, n++) {
		bool any = false;

		if (is_id(*e)) {
			unsigned v = hexval4(*e), d = hexval4(*e + 5);

			for (int i = pci_find_id(&h->pci, (uint16_t)v,
						 (uint16_t)d, 0); i >= 0;
			     i = pci_find_id(&h->pci, (uint16_t)v, (uint16_t)d,
					     i + 1))
				focus[i] = any = true;
		} else {
			int fn = pci_find(&h->pci, *e);

			if (fn >= 0)
				focus[fn] = any = true;
		}
		if (!any) {
			bool known = fact_known(&h->pci.src);
			struct finding *f;

			f = finding_add(fs, "devices.not_found", LAYER_DEVICE,
					known ? VERDICT_FAIL : VERDICT_UNKNOWN,
					known ? SEV_CRITICAL : SEV_MEDIUM,
					"Device %.40s %s", *e, known ?
					"is not on this host" :
					"could not be looked for");
			finding_detail(f, known ? "No PCI function has this "
				       "address or vendor:device ID.  Addresses "
				       "are bus:device.function in hex, as "
				       "lspci prints them (01:00.0), IDs "
				       "vendor:device (10de:2206)." :
				       "The PCI devices could not be read.");
			finding_evidence(f, h->pci.src.path[0] ?
					 h->pci.src.path : "sys/bus/pci",
					 "%zu functions", h->pci.count);
		}
	}
	return n;
}

static void group_evidence(const struct host *h, struct finding *f, int fn)
{
	const struct device_assign *d = &h->assign.v[fn];
	char list[1024], src[300];
	struct textbuf sb = { list, sizeof(list), 0 };

	list[0] = 0;
	for (size_t m = 0; m < d->nmembers; m++)
		textbuf_add(&sb, "%s%s", m ? " " : "", h->pci.v[d->members[m]].bdf);
	if (h->assign.kernel_groups && d->kernel_index >= 0) {
		snprintf(src, sizeof(src), "sys/kernel/iommu_groups/%lu/devices",
			 h->sys.groups[d->kernel_index].id);
		finding_evidence(f, src, "%s", list);
	} else if (d->predicted_group >= 0) {
		finding_evidence(f, "predicted", "group %d: %s",
				 d->predicted_group, list);
	}
}

/* The evidence of each blocking reason, by kind. */
static void block_evidence(const struct host *h, struct finding *f, int fn)
{
	const struct device_assign *d = &h->assign.v[fn];
	const struct pci_function *pf = &h->pci.v[fn];
	const struct assign_facts *a = &h->assign;
	unsigned seen = 0;
	char src[300];

	for (size_t r = 0; r < d->nreasons; r++) {
		const struct assign_reason *ar = &d->reasons[r];
		int o = ar->other >= 0 ? ar->other : fn;

		if (!assign_reason_blocks(ar->kind) || (seen & 1u << ar->kind))
			continue;
		seen |= 1u << ar->kind;
		switch (ar->kind) {
		case AREASON_RMRR:
			finding_evidence(f, h->acpi.dmar_src.path, "%s", ar->text);
			break;
		case AREASON_IVMD:
			finding_evidence(f, h->acpi.ivrs_src.path, "%s", ar->text);
			break;
		case AREASON_RESERVED_DIRECT:
			if (d->kernel_index >= 0) {
				const struct iommu_group_info *g =
					&h->sys.groups[d->kernel_index];

				finding_evidence(f, g->resv_src.path, "%s",
						 g->direct_line);
			}
			if (fact_known(&h->kernel_release_src))
				finding_evidence(f, "proc/sys/kernel/osrelease",
						 "%s", h->kernel_release);
			break;
		case AREASON_HOST_ROOTFS:
			finding_evidence(f, a->mounts_src.path, "%s",
					 a->rootfs_evidence);
			break;
		case AREASON_HOST_ROUTE_NIC:
			finding_evidence(f, a->route_src.path, "default route "
					 "via %s", a->route_evidence);
			break;
		case AREASON_HOST_BOOT_VGA:
			snprintf(src, sizeof(src),
				 "sys/bus/pci/devices/%s/boot_vga",
				 h->pci.v[o].bdf);
			finding_evidence(f, src, "1");
			break;
		case AREASON_NO_RESET:
			if (pf->reset_methods_known == TRI_YES) {
				snprintf(src, sizeof(src),
					 "sys/bus/pci/devices/%s/reset_method",
					 pf->bdf);
				finding_evidence(f, src, "(empty)");
			} else {
				snprintf(src, sizeof(src),
					 "sys/bus/pci/devices/%s/config",
					 pf->bdf);
				finding_evidence(f, src, "DevCap FLR %s, AF FLR "
						 "%s, PM capability %s, PM "
						 "No_Soft_Reset %s",
						 tri_name(pf->flr),
						 tri_name(pf->af_flr),
						 tri_name(pf->pm_cap),
						 tri_name(pf->pm_no_soft_reset));
			}
			break;
		case AREASON_BRIDGE:
			snprintf(src, sizeof(src), "sys/bus/pci/devices/%s/config",
				 pf->bdf);
			finding_evidence(f, src, "header type 0x%02x",
					 pf->header_type |
					 (pf->multifunction ? 0x80 : 0));
			break;
		default:
			break;
		}
	}
}

static const char *block_remedy(enum assign_reason_kind k)
{
	switch (k) {
	case AREASON_RMRR:
	case AREASON_IVMD:
	case AREASON_RESERVED_DIRECT:
		return "No kernel setting lifts a firmware 1:1 map.  Update the "
		       "firmware (on AMD AM5 boards look for a \"Kernel DMA "
		       "Protection\" option), or move the device to a slot "
		       "whose group holds no such device.";
	case AREASON_HOST_ROOTFS:
		return "Give the host its root filesystem on another controller, "
		       "or put the device in a slot whose IOMMU group does not "
		       "hold the host's disk controller.";
	case AREASON_HOST_BOOT_VGA:
		return "Let the host boot on another GPU (select the primary "
		       "display in the firmware setup) or move the device to a "
		       "slot whose group does not hold the boot GPU; "
		       "single-GPU passthrough needs a hand-written hook "
		       "script.";
	case AREASON_HOST_ROUTE_NIC:
		return "Route the host's traffic through another NIC, or move "
		       "the device to a slot whose group does not hold it.";
	case AREASON_NO_RESET:
		return "Assign the device with every other function on its bus "
		       "so VFIO can reset the bus, or pick a device that "
		       "supports Function Level Reset.";
	case AREASON_BRIDGE:
		return "Bridges stay on the host (pcieport); assign the devices "
		       "below it.";
	case AREASON_NO_GROUP:
		return "Switch the IOMMU on (see the kernel layer) so the kernel "
		       "puts the device in an IOMMU group.";
	default:
		return NULL;
	}
}

static void reasons_text(const struct device_assign *d, struct textbuf *sb)
{
	for (size_t r = 0; r < d->nreasons; r++)
		textbuf_add(sb, "\n  - %s", d->reasons[r].text);
}

static void device_finding(const struct host *h, struct findings *fs,
			   int fn, bool focused, char *text)
{
	const struct device_assign *d = &h->assign.v[fn];
	const struct pci_function *pf = &h->pci.v[fn];
	struct textbuf sb = { text, TEXT_LEN, 0 };
	char name[300];
	struct finding *f = NULL;
	char *remedy;

	text[0] = 0;
	snprintf(name, sizeof(name), "%s [%04x:%04x]%s%.160s", bdf_of(h, fn),
		 pf->vendor_id, pf->device_id, pf->device_name[0] ? " " : "",
		 pf->device_name);
	switch (d->verdict) {
	case ASSIGN_ALONE:
		f = finding_add(fs, "devices.assignable_alone", LAYER_DEVICE,
				VERDICT_PASS, SEV_INFO, "%s can be passed "
				"through alone", name);
		textbuf_add(&sb, "It is the only device of its IOMMU group%s.",
		       d->nmembers > 1 ? " but for bridges, which stay on "
		       "pcieport" : "");
		break;
	case ASSIGN_WITH_GROUP:
		f = finding_add(fs, "devices.assignable_with_group",
				LAYER_DEVICE, focused ? VERDICT_WARN :
				VERDICT_INFO, focused ? SEV_MEDIUM : SEV_INFO,
				"%s can be passed through only with its group "
				"(%zu functions)", name, d->nmembers);
		textbuf_add(&sb, "Every other device of its IOMMU group must go to "
		       "the same VM, or be left unbound or on vfio-pci, "
		       "pci-stub or (bridges) pcieport (kernel.md §4.1).  "
		       "Members:");
		for (size_t m = 0; m < d->nmembers; m++) {
			int o = d->members[m];

			textbuf_add(&sb, " %s", bdf_of(h, o));
			if (h->pci.v[o].driver[0])
				textbuf_add(&sb, " (%s)", h->pci.v[o].driver);
		}
		textbuf_add(&sb, ".  Why:");
		break;
	case ASSIGN_BLOCKED:
		f = finding_add(fs, "devices.blocked", LAYER_DEVICE,
				focused && !pci_is_bridge(pf) ? VERDICT_FAIL :
				VERDICT_INFO, focused && !pci_is_bridge(pf) ?
				SEV_CRITICAL : SEV_INFO, "%s cannot be passed "
				"through", name);
		textbuf_add(&sb, "Why:");
		break;
	default:
		f = finding_add(fs, "devices.unknown", LAYER_DEVICE,
				VERDICT_UNKNOWN, SEV_MEDIUM, "Whether %s can be "
				"passed through is unknown", name);
		textbuf_add(&sb, "Why:");
		break;
	}
	if (!f)
		return;
	reasons_text(d, &sb);
	finding_detail(f, "%s", text);
	group_evidence(h, f, fn);
	if (d->verdict == ASSIGN_BLOCKED) {
		block_evidence(h, f, fn);
		for (size_t r = 0; r < d->nreasons; r++) {
			const char *t = assign_reason_blocks(d->reasons[r].kind) ?
				block_remedy(d->reasons[r].kind) : NULL;

			if (t) {
				finding_remedy(f, "%s", t);
				break;
			}
		}
		return;
	}
	if (d->verdict != ASSIGN_ALONE && d->verdict != ASSIGN_WITH_GROUP)
		return;
	remedy = setup_cmdline(h, fn);
	if (remedy)
		finding_remedy(f, "%s", remedy);
	free(remedy);
}

static int run(const struct host *h, struct findings *fs)
{
	const struct assign_facts *a = &h->assign;
	char *focus = calloc(h->pci.count ? h->pci.count : 1, 1);
	char *text = malloc(TEXT_LEN), *list = malloc(TEXT_LEN);
	struct textbuf lb = { list, TEXT_LEN, 0 };
	size_t nfocus, unknown = 0;
	int first_unknown = -1;
	struct finding *f;

	if (!focus || !text || !list) {
		free(focus);
		free(text);
		free(list);
		return -ENOMEM;
	}
	list[0] = 0;
	nfocus = mark_focus(h, fs, focus);
	for (size_t i = 0; i < a->count && i < h->pci.count; i++) {
		bool focused = nfocus && focus[i];

		if (nfocus && !focused)
			continue;
		if (!focused && a->v[i].verdict == ASSIGN_UNKNOWN) {
			if (first_unknown < 0)
				first_unknown = (int)i;
			textbuf_add(&lb, "%s%s", unknown++ ? " " : "",
			       bdf_of(h, (int)i));
			continue;
		}
		device_finding(h, fs, (int)i, focused, text);
	}
	if (unknown) {
		const struct device_assign *d = &a->v[first_unknown];
		const char *why = "a fact it depends on could not be read";

		for (size_t r = 0; r < d->nreasons; r++)
			if (d->reasons[r].unknown &&
			    assign_reason_blocks(d->reasons[r].kind)) {
				why = d->reasons[r].text;
				break;
			}

		f = finding_add(fs, "devices.unknown", LAYER_DEVICE,
				VERDICT_UNKNOWN, SEV_LOW, "Whether %zu devices "
				"can be passed through is unknown", unknown);
		finding_detail(f, "For %s (and likely the others): %s.  "
			       "Devices: %s", bdf_of(h, first_unknown), why,
			       list);
		finding_evidence(f, "sys/kernel/iommu_groups", "%s",
				 fact_known(&h->sys.groups_src) ?
				 (h->sys.ngroups ? "present" : "empty") :
				 fact_reason(&h->sys.groups_src, h->live,
					     h->as_root));
	}
	free(focus);
	free(text);
	free(list);
	return 0;
}

const struct check check_devices = {
	.id = "devices",
	.title = "Per-device assignability",
	.run = run,
};
