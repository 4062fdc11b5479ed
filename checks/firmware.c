/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware layer: does the firmware describe an IOMMU (ACPI DMAR for
 * Intel VT-d, IVRS for AMD-Vi), and is that description one the kernel
 * accepts and can use for isolation?  The table is chosen by what the
 * firmware publishes, never by CPU flags (kernel.md §0 step 1).
 *
 * Rules and their sources: kernel.md §7 (layouts; drivers/iommu/dmar.c,
 * drivers/iommu/amd/init.c), §4.3 (interrupt remapping and VFIO), §5.1
 * (platform opt-in), §8 items 10-11 (RMRR / IVMD direct maps).
 */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../probe/probe.h"
#include "remedy.h"

#define DMAR_PATH "sys/firmware/acpi/tables/DMAR"
#define IVRS_PATH "sys/firmware/acpi/tables/IVRS"
#define TABLES_PATH "sys/firmware/acpi/tables"

/* Evidence lines kept per finding; the rest are counted. */
#define MAX_EVIDENCE 16

#define BIOS_INTEL "\"Intel VT for Directed I/O (VT-d)\" (often under " \
		   "Advanced > System Agent (SA) Configuration or Chipset)"
#define BIOS_AMD "\"IOMMU\" / \"AMD-Vi\" (often under Advanced > AMD CBS > " \
		 "NBIO Common Options; set it to Enabled, not Auto)"
#define BIOS_UPDATE "Update the system firmware (BIOS/UEFI) from the " \
		    "board or system vendor; if the newest version still has " \
		    "this, report it to the vendor with this evidence."

static bool cpu_is_amd(const struct host *h)
{
	return h->cpu.vendor == CPU_VENDOR_AMD ||
	       h->cpu.vendor == CPU_VENDOR_HYGON;
}

/* CPUID.1:ECX bit 31 (hypervisor present), when CPUID was read. */
static bool in_vm(const struct host *h)
{
	return fact_known(&h->cpu.cpuid_src) &&
	       (h->cpu.raw.basic_cpuid[1][2] & 0x80000000u);
}

static const char *reason(const struct host *h, const struct fact_src *s)
{
	return fact_reason(s, h->live, h->as_root);
}

static void hex_bytes(const struct acpi_issue *is, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < is->nbytes && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%02x",
				 i ? " " : "", is->bytes[i]);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* ---- table-level findings ---- */

#define VM_IOMMU "QEMU needs -machine q35,kernel-irqchip=split with " \
		 "-device intel-iommu,intremap=on, or -device amd-iommu; " \
		 "libvirt needs <iommu model='intel'> (or 'amd') under " \
		 "<devices>"

static void missing(const struct host *h, struct findings *fs)
{
	struct finding *f;
	bool intel = h->cpu.vendor == CPU_VENDOR_INTEL, amd = cpu_is_amd(h);
	bool vm = in_vm(h);

	f = finding_add(fs, "firmware.iommu_table.missing", LAYER_FIRMWARE,
			VERDICT_FAIL, SEV_CRITICAL,
			"The firmware describes no IOMMU (no DMAR or IVRS "
			"ACPI table)");
	finding_detail(f,
		"The kernel finds an IOMMU only through the ACPI table the "
		"firmware publishes: DMAR for Intel VT-d, IVRS for AMD-Vi. "
		"Neither is in %s, so no IOMMU driver can start, there are no "
		"IOMMU groups, and no PCI device can be passed through. %s",
		TABLES_PATH,
		vm ? "This machine reports a hypervisor in CPUID: it is a "
		     "virtual machine, and its hypervisor gives it no virtual "
		     "IOMMU (" VM_IOMMU ")." :
		     "On a physical machine the IOMMU is switched off in the "
		     "firmware setup or the platform does not support it. If "
		     "this machine is a virtual machine, its hypervisor gives "
		     "it no virtual IOMMU (" VM_IOMMU ").");
	finding_evidence(f, TABLES_PATH, "no DMAR, no IVRS entry");
	if (vm)
		finding_remedy(f, "Give this virtual machine a virtual IOMMU: "
			       VM_IOMMU ". The host itself needs its IOMMU "
			       "enabled too.");
	else if (intel)
		finding_remedy(f, "In the firmware setup (BIOS/UEFI) enable "
			       BIOS_INTEL ", save and reboot.");
	else if (amd)
		finding_remedy(f, "In the firmware setup (BIOS/UEFI) enable "
			       BIOS_AMD ", save and reboot.");
	else
		finding_remedy(f, "In the firmware setup (BIOS/UEFI) enable, "
			       "on Intel, " BIOS_INTEL "; on AMD, " BIOS_AMD
			       ". Save and reboot.");
}

static void present(struct findings *fs, bool dmar)
{
	struct finding *f;

	f = finding_add(fs, dmar ? "firmware.dmar.present" :
			"firmware.ivrs.present", LAYER_FIRMWARE, VERDICT_PASS,
			SEV_INFO, dmar ? "The firmware publishes a DMAR table "
			"(Intel VT-d is enabled in firmware)" :
			"The firmware publishes an IVRS table (AMD-Vi is "
			"enabled in firmware)");
	finding_detail(f, "The firmware only publishes this table when the "
		       "IOMMU is enabled in its setup; it is what the kernel's "
		       "%s driver starts from.",
		       dmar ? "Intel IOMMU (drivers/iommu/intel)" :
		       "AMD IOMMU (drivers/iommu/amd)");
	finding_evidence(f, TABLES_PATH, "%s", dmar ? "DMAR" : "IVRS");
}

/* The table is listed but its bytes could not be read (non-root). */
static void unreadable(const struct host *h, struct findings *fs, bool dmar,
		       const struct fact_src *src)
{
	struct finding *f;

	f = finding_add(fs, dmar ? "firmware.dmar.unreadable" :
			"firmware.ivrs.unreadable", LAYER_FIRMWARE,
			VERDICT_UNKNOWN, SEV_MEDIUM,
			"The %s table's content could not be read: %s",
			dmar ? "DMAR" : "IVRS", reason(h, src));
	finding_detail(f, "The table is present (that is already known and "
		       "affirmed above), but its content decides whether "
		       "interrupt remapping is supported, which devices have "
		       "firmware direct maps (%s) and whether the kernel "
		       "accepts it. The file is readable by root only.",
		       dmar ? "RMRR" : "IVMD");
	finding_evidence(f, src->path, "%s", reason(h, src));
	finding_remedy(f, "Run vfio-ready as root (sudo vfio-ready), or "
		       "capture the snapshot as root.");
}

/* The kernel's own words for an issue, where it has any (amd/init.c). */
static const char *issue_kernel_line(const char *kind)
{
	if (!strcmp(kind, "hid_outside_0x40") || !strcmp(kind, "bad_entry_type"))
		return " The kernel logs \"AMD-Vi: [Firmware Bug]: Invalid IVHD "
		       "device type\" for such entries.";
	if (!strcmp(kind, "uid_past_end"))
		return " The kernel logs \"AMD-Vi: [Firmware Bug]: Invalid UID "
		       "length.\" or reads past the entry.";
	return "";
}

static const char *issue_title(const char *kind)
{
	static const struct {
		const char *kind, *title;
	} t[] = {
		{ "short_header", "is shorter than its header" },
		{ "bad_signature", "does not carry its signature" },
		{ "length_past_buffer", "says it is longer than the file" },
		{ "zero_length", "has a structure of length 0" },
		{ "structure_past_end", "has a structure running past its end" },
		{ "structure_too_short",
		  "has a structure shorter than its fixed part" },
		{ "bad_scope_length", "has a device scope with a bad length" },
		{ "odd_scope_length", "has a device scope of odd length" },
		{ "unknown_type", "has structures of types this tool does "
		  "not know" },
		{ "bad_entry_type", "has an IVHD device entry of an "
		  "undefined type" },
		{ "entry_past_end", "has an IVHD device entry running past "
		  "its IVHD" },
		{ "unknown_entry_type", "has IVHD device entries the kernel "
		  "ignores" },
		{ "hid_outside_0x40", "has ACPI_HID device entries outside "
		  "an IVHD of type 0x40" },
		{ "uid_past_end", "has an ACPI_HID entry whose UID runs past "
		  "its IVHD" },
		{ "range_end_without_start", "has a RANGE_END entry without "
		  "a range start" },
		{ "range_not_closed", "has a device range without its "
		  "RANGE_END" },
		{ "range_reversed", "has a device range that ends before it "
		  "starts" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].kind, kind))
			return t[i].title;
	return "is malformed";
}

/*
 * What the kernel does about an issue.  DMAR (dmar.c
 * dmar_walk_remapping_entries()): a 0-length structure ends the walk
 * ("[Firmware Bug]: Invalid 0-length structure"), a structure past the
 * end fails the whole parse ("Record passes table end") and with it
 * VT-d.  IVRS (amd/init.c): device entries of a type it has no case for
 * are skipped, ACPI_HID outside type 0x40 is refused ("[Firmware Bug]:
 * Invalid IVHD device type"), ivhd_entry_length() returns 0 for types
 * >= 0x80 other than 0xF0 (its walk would not advance).
 */
static void issue_verdict(bool dmar, const struct acpi_issue *is,
			  enum verdict *v, enum severity *sev,
			  const char **why)
{
	const char *k = is->kind;

	if (dmar && !strcmp(k, "structure_past_end")) {
		*v = VERDICT_FAIL;
		*sev = SEV_CRITICAL;
		*why = "The kernel's DMAR walk fails on a structure that "
		       "passes the table end (\"[Firmware Bug]: Record passes "
		       "table end\"), so it does not use the table and Intel "
		       "VT-d stays off.";
	} else if (dmar && !strcmp(k, "zero_length")) {
		*v = VERDICT_ERROR;
		*sev = SEV_HIGH;
		*why = "The kernel stops reading the DMAR at a 0-length "
		       "structure (\"[Firmware Bug]: Invalid 0-length "
		       "structure\"): every structure after it (IOMMU units, "
		       "RMRRs) is ignored.";
	} else if (is->fatal) {
		*v = VERDICT_ERROR;
		*sev = SEV_HIGH;
		*why = "The table cannot be decoded from this point on; what "
		       "the kernel makes of it is not predictable, and what "
		       "follows was not judged. If this is a snapshot, it may "
		       "have been cut or edited.";
	} else if (!strcmp(k, "unknown_type") ||
		   !strcmp(k, "unknown_entry_type")) {
		*v = VERDICT_INFO;
		*sev = SEV_INFO;
		*why = "Skipped by their length, as the kernel does; newer "
		       "specification revisions add types.";
	} else if (!strcmp(k, "odd_scope_length")) {
		*v = VERDICT_WARN;
		*sev = SEV_LOW;
		*why = "A device scope is 6 bytes plus 2 per path element; the "
		       "odd byte is ignored.";
	} else {
		*v = VERDICT_WARN;
		*sev = SEV_MEDIUM;
		*why = "The kernel ignores the malformed part (the devices it "
		       "describes may lose their IOMMU or interrupt "
		       "remapping settings); the rest of the table is used.";
	}
}

/* One finding per issue kind, one evidence line per issue. */
static void issues(struct findings *fs, bool dmar,
		   const struct acpi_issue *v, size_t n)
{
	const char *tname = dmar ? "DMAR" : "IVRS";
	const char *path = dmar ? DMAR_PATH : IVRS_PATH;

	for (size_t i = 0; i < n; i++) {
		struct finding *f;
		enum verdict verdict;
		enum severity sev;
		const char *why;
		char code[96], bytes[64];
		size_t count = 0, shown = 0;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(v[j].kind, v[i].kind);
		if (seen)
			continue;
		issue_verdict(dmar, &v[i], &verdict, &sev, &why);
		snprintf(code, sizeof(code), "firmware.%s.%s",
			 dmar ? "dmar" : "ivrs", v[i].kind);
		f = finding_add(fs, code, LAYER_FIRMWARE, verdict, sev,
				"The %s table %s", tname, issue_title(v[i].kind));
		for (size_t j = i; j < n; j++) {
			if (strcmp(v[j].kind, v[i].kind))
				continue;
			count++;
			if (shown++ >= MAX_EVIDENCE)
				continue;
			hex_bytes(&v[j], bytes, sizeof(bytes));
			finding_evidence(f, path, "offset 0x%x: %s; bytes: %s",
					 v[j].offset, v[j].text, bytes);
		}
		if (count > MAX_EVIDENCE)
			finding_evidence(f, path, "... and %zu more",
					 count - MAX_EVIDENCE);
		finding_detail(f, "%s%s", why, issue_kernel_line(v[i].kind));
		if (verdict != VERDICT_INFO)
			finding_remedy(f, BIOS_UPDATE);
	}
}

static void decode_failed(struct findings *fs, bool dmar, int err)
{
	struct finding *f;

	f = finding_add(fs, dmar ? "firmware.dmar.decode_failed" :
			"firmware.ivrs.decode_failed", LAYER_FIRMWARE,
			VERDICT_ERROR, SEV_HIGH, "The %s table could not be "
			"decoded: %s", dmar ? "DMAR" : "IVRS", strerror(-err));
	finding_detail(f, "The table was read but decoding it failed for a "
		       "reason that is not in the table; its content was not "
		       "judged.");
	finding_evidence(f, dmar ? DMAR_PATH : IVRS_PATH, "%s",
			 strerror(-err));
}

static void capped(struct findings *fs, bool dmar)
{
	struct finding *f;

	f = finding_add(fs, dmar ? "firmware.dmar.capped" :
			"firmware.ivrs.capped", LAYER_FIRMWARE, VERDICT_WARN,
			SEV_LOW, "The %s table has more than %d structures, "
			"entries or issues; the rest were not judged",
			dmar ? "DMAR" : "IVRS", ACPI_MAX_ITEMS);
	finding_detail(f, "Real tables hold tens of structures; this many "
		       "suggests a corrupt table. Only the first %d were kept.",
		       ACPI_MAX_ITEMS);
	finding_evidence(f, dmar ? DMAR_PATH : IVRS_PATH, "more than %d",
			 ACPI_MAX_ITEMS);
}

/* ---- DMAR ---- */

static void dmar_checksum(struct findings *fs, const struct dmar_table *t)
{
	struct finding *f;

	/* dmar.c does not verify the checksum itself; ACPICA only warns
	 * ("Incorrect checksum in table [DMAR]") and the table is used. */
	f = finding_add(fs, "firmware.dmar.checksum_bad", LAYER_FIRMWARE,
			VERDICT_WARN, SEV_LOW,
			"The DMAR table's checksum is wrong");
	finding_detail(f, "The bytes of an ACPI table must sum to 0. The "
		       "Intel IOMMU driver does not check this and uses the "
		       "table anyway, but a wrong checksum means the firmware "
		       "edited the table after building it (or it was "
		       "corrupted), so its content deserves less trust.");
	finding_evidence(f, DMAR_PATH, "Checksum byte 0x%02x, byte sum over "
			 "Length %u is 0x%02x (must be 0x00)",
			 t->hdr.checksum, t->hdr.length, t->hdr.byte_sum);
	finding_remedy(f, BIOS_UPDATE);
}

static void dmar_flags(const struct host *h, struct findings *fs,
		       const struct dmar_table *t)
{
	struct finding *f;
	char remedy[2048];

	if (t->flags & DMAR_FLAG_INTR_REMAP) {
		f = finding_add(fs, "firmware.dmar.intr_remap", LAYER_FIRMWARE,
				VERDICT_PASS, SEV_INFO,
				"The platform supports interrupt remapping "
				"(DMAR INTR_REMAP flag set)");
		finding_detail(f, "Interrupt remapping lets the IOMMU isolate "
			       "device interrupts (MSI), which VFIO requires "
			       "to assign a device safely. Whether the kernel "
			       "actually enabled it is shown by the kernel "
			       "log (\"Enabled IRQ remapping\").");
		finding_evidence(f, DMAR_PATH, "Flags 0x%02x (bit 0 "
				 "INTR_REMAP = 1)", t->flags);
	} else {
		/* intel/irq_remapping.c dmar_ir_support(): no IR without
		 * the flag; vfio_iommu_type1 then refuses attach (§4.3). */
		f = finding_add(fs, "firmware.dmar.intr_remap_unsupported",
				LAYER_FIRMWARE, VERDICT_FAIL, SEV_HIGH,
				"The platform does not support interrupt "
				"remapping (DMAR INTR_REMAP flag clear)");
		finding_detail(f, "Without interrupt remapping the kernel "
			       "cannot isolate device interrupts (MSI), and "
			       "vfio_iommu_type1 refuses to attach a device "
			       "(\"No interrupt remapping support.  Use the "
			       "module param \"allow_unsafe_interrupts\" "
			       "...\"). Allowing unsafe interrupts works but "
			       "lets a guest that owns a device inject "
			       "interrupts into the host.");
		finding_evidence(f, DMAR_PATH, "Flags 0x%02x (bit 0 "
				 "INTR_REMAP = 0)", t->flags);
		finding_remedy(f, "Enable interrupt remapping in the firmware "
			       "setup if it offers it (\"Interrupt "
			       "Remapping\", next to VT-d) or update the "
			       "firmware. Only if you accept the risk: "
			       "echo 'options vfio_iommu_type1 "
			       "allow_unsafe_interrupts=1' | sudo tee "
			       "/etc/modprobe.d/vfio-unsafe.conf");
	}
	if (t->flags & DMAR_FLAG_X2APIC_OPT_OUT) {
		f = finding_add(fs, "firmware.dmar.x2apic_opt_out",
				LAYER_FIRMWARE, VERDICT_INFO, SEV_INFO,
				"The firmware asks the OS not to use x2APIC "
				"interrupt remapping (X2APIC_OPT_OUT)");
		finding_detail(f, "The kernel then keeps interrupt remapping "
			       "in xAPIC mode (\"x2apic is disabled because "
			       "BIOS sets x2apic opt out bit\"), which still "
			       "isolates interrupts for VFIO but limits APIC "
			       "IDs to 255 (large machines may lose CPUs). "
			       "intremap=no_x2apic_optout overrides it.");
		finding_evidence(f, DMAR_PATH, "Flags 0x%02x (bit 1 "
				 "X2APIC_OPT_OUT = 1)", t->flags);
		if (t->flags & DMAR_FLAG_INTR_REMAP)
			finding_remedy(f, "Only needed with more than 255 CPUs: "
				       "%s", remedy_kernel_args(h,
				       "intremap=no_x2apic_optout", NULL,
				       remedy, sizeof(remedy)));
	}
	if (t->flags & DMAR_FLAG_PLATFORM_OPT_IN) {
		/* intel/iommu.c platform_optin_force_iommu(). */
		f = finding_add(fs, "firmware.dmar.platform_opt_in",
				LAYER_FIRMWARE, VERDICT_INFO, SEV_INFO,
				"The firmware opts in to DMA protection "
				"(DMA_CTRL_PLATFORM_OPT_IN)");
		finding_detail(f, "With this flag the kernel force-enables the "
			       "Intel IOMMU when an external-facing port "
			       "(Thunderbolt/USB4) exists, even if it is off "
			       "by default (\"Intel-IOMMU force enabled due "
			       "to platform opt in\"); intel_iommu=off "
			       "suppresses it. Windows calls this \"Kernel "
			       "DMA Protection\".");
		finding_evidence(f, DMAR_PATH, "Flags 0x%02x (bit 2 "
				 "DMA_CTRL_PLATFORM_OPT_IN = 1)", t->flags);
	}
}

/* DRHD rules: dmar.c dmar_validate_one_drhd() (base 0), VT-d spec 8.3
 * (one INCLUDE_PCI_ALL unit per segment, the last one listed). */
static void dmar_drhd(struct findings *fs, const struct dmar_table *t)
{
	struct finding *f = NULL, *g = NULL, *k = NULL;

	for (size_t i = 0; i < t->nunits; i++) {
		const struct dmar_unit *u = &t->units[i];
		size_t later = 0, same = 0;

		if (u->type != DMAR_TYPE_DRHD)
			continue;
		if (!u->address) {
			f = finding_add(fs, "firmware.dmar.drhd_base_zero",
					LAYER_FIRMWARE, VERDICT_FAIL,
					SEV_CRITICAL, "A DMAR remapping unit "
					"has register base address 0");
			finding_detail(f, "The kernel rejects the table "
				       "(\"Your BIOS is broken; DMAR reported "
				       "at address 0!\") and does not enable "
				       "Intel VT-d.");
			finding_evidence(f, DMAR_PATH, "DRHD at offset 0x%x: "
					 "Register Base 0x0", u->offset);
			finding_remedy(f, BIOS_UPDATE);
		} else if (u->address & 0xfff) {
			f = finding_add(fs, "firmware.dmar.drhd_base_unaligned",
					LAYER_FIRMWARE, VERDICT_WARN,
					SEV_MEDIUM, "A DMAR remapping unit's "
					"register base is not 4 KiB aligned");
			finding_detail(f, "The VT-d specification places "
				       "remapping registers on a 4 KiB page; "
				       "an unaligned base points the driver at "
				       "the wrong registers.");
			finding_evidence(f, DMAR_PATH, "DRHD at offset 0x%x: "
					 "Register Base 0x%llx", u->offset,
					 (unsigned long long)u->address);
			finding_remedy(f, BIOS_UPDATE);
		}
		if (!(u->flags & DMAR_DRHD_INCLUDE_PCI_ALL))
			continue;
		for (size_t j = 0; j < t->nunits; j++) {
			const struct dmar_unit *w = &t->units[j];

			if (w->type != DMAR_TYPE_DRHD ||
			    w->segment != u->segment || j == i)
				continue;
			if (j > i)
				later++;
			if (w->flags & DMAR_DRHD_INCLUDE_PCI_ALL)
				same++;
		}
		if (same) {
			if (!g) {
				g = finding_add(fs,
					"firmware.dmar.include_all_duplicate",
					LAYER_FIRMWARE, VERDICT_WARN,
					SEV_MEDIUM, "More than one DMAR unit "
					"claims every PCI device of a segment "
					"(INCLUDE_PCI_ALL)");
				finding_detail(g, "The VT-d specification "
					       "allows one INCLUDE_PCI_ALL unit "
					       "per segment. The kernel uses "
					       "the first it finds for devices "
					       "no other unit lists, so the "
					       "other one translates nothing.");
				finding_remedy(g, BIOS_UPDATE);
			}
			finding_evidence(g, DMAR_PATH, "DRHD at offset 0x%x: "
					 "segment %u, Flags 0x%02x",
					 u->offset, u->segment, u->flags);
		}
		if (later) {
			if (!k) {
				k = finding_add(fs,
					"firmware.dmar.include_all_not_last",
					LAYER_FIRMWARE, VERDICT_WARN, SEV_LOW,
					"The INCLUDE_PCI_ALL DMAR unit is not "
					"the last one of its segment");
				finding_detail(k, "The VT-d specification "
					       "requires it last. Linux copes "
					       "(dmar_register_drhd_unit() "
					       "moves it to the end of its "
					       "list), other systems may not.");
				finding_remedy(k, BIOS_UPDATE);
			}
			finding_evidence(k, DMAR_PATH, "DRHD at offset 0x%x "
					 "(segment %u) is followed by %zu "
					 "more DRHD(s) of its segment",
					 u->offset, u->segment, later);
		}
	}
}

static void scope_text(const struct dmar_table *t, const struct dmar_unit *u,
		       char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < u->nscopes && used < len; i++) {
		const struct dmar_scope *s = &t->scopes[u->first_scope + i];
		const char *name = dmar_scope_type_name(s->type);
		char bdf[32], path[512];
		int n;

		if (dmar_scope_bdf(s, u->segment, bdf, sizeof(bdf))) {
			n = snprintf(buf + used, len - used, "%s%s %s",
				     i ? ", " : "", name, bdf);
		} else {
			dmar_scope_path(s, path, sizeof(path));
			n = snprintf(buf + used, len - used,
				     "%s%s bus %02x path %s", i ? ", " : "",
				     name ? name : "type?", s->start_bus, path);
		}
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/*
 * RMRRs: dmar.c dmar_parse_one_rmrr() / rmrr_sanity_check() warn
 * "Your BIOS is broken; bad RMRR" when base or limit+1 is not page
 * aligned or the range is empty or reversed; the RMRR is still mapped.
 * Each RMRR makes its devices' direct map (kernel.md §7.1, §8 item 10).
 */
static void dmar_rmrr(struct findings *fs, const struct dmar_table *t)
{
	struct finding *info = NULL, *bad = NULL;
	char scopes[1024];

	for (size_t i = 0; i < t->nunits; i++) {
		const struct dmar_unit *u = &t->units[i];

		if (u->type != DMAR_TYPE_RMRR)
			continue;
		scope_text(t, u, scopes, sizeof(scopes));
		if (!info) {
			info = finding_add(fs, "firmware.dmar.rmrr",
					   LAYER_FIRMWARE, VERDICT_INFO,
					   SEV_INFO, "The firmware reserves "
					   "memory that devices keep using "
					   "(RMRR: %zu range(s))",
					   dmar_count(t, DMAR_TYPE_RMRR));
			finding_detail(info, "Each device in an RMRR's scope "
				       "gets a firmware direct map of that "
				       "range. On Linux >= 6.5 (3.17-6.4: "
				       "\"ineligible for IOMMU domain "
				       "attach\") VFIO refuses such a device "
				       "unless it is a USB controller (class "
				       "0x0c03) or a GPU (class 0x03), whose "
				       "RMRRs the kernel treats as relaxable. "
				       "The per-device verdict is given with "
				       "the devices.");
		}
		finding_evidence(info, DMAR_PATH, "RMRR at offset 0x%x: "
				 "segment %u, 0x%llx-0x%llx, devices: %s",
				 u->offset, u->segment,
				 (unsigned long long)u->address,
				 (unsigned long long)u->limit,
				 scopes[0] ? scopes : "none");
		if (!(u->address & 0xfff) && !((u->limit + 1) & 0xfff) &&
		    u->limit > u->address)
			continue;
		if (!bad) {
			bad = finding_add(fs, "firmware.dmar.rmrr_bad",
					  LAYER_FIRMWARE, VERDICT_WARN,
					  SEV_MEDIUM, "An RMRR range is empty, "
					  "reversed or not page aligned");
			finding_detail(bad, "The kernel logs \"[Firmware Bug]: "
				       "Your BIOS is broken; bad RMRR\", taints "
				       "itself and maps the range anyway; "
				       "the device behind it may misbehave "
				       "under the IOMMU.");
			finding_remedy(bad, BIOS_UPDATE);
		}
		finding_evidence(bad, DMAR_PATH, "RMRR at offset 0x%x: base "
				 "0x%llx, limit 0x%llx", u->offset,
				 (unsigned long long)u->address,
				 (unsigned long long)u->limit);
	}
}

/*
 * Scope types per structure (VT-d spec 8.3.1): IOAPIC, HPET and ACPI
 * namespace scopes belong in DRHDs only; the kernel's
 * dmar_alloc_dev_scope() warns "Unsupported device scope" for a type it
 * does not know.  Whether an endpoint/bridge scope matches the device's
 * header type is decided at run time against config space.
 */
static void dmar_scope_types(struct findings *fs, const struct dmar_table *t)
{
	struct finding *f = NULL;

	for (size_t i = 0; i < t->nunits; i++) {
		const struct dmar_unit *u = &t->units[i];

		for (size_t j = 0; j < u->nscopes; j++) {
			const struct dmar_scope *s =
				&t->scopes[u->first_scope + j];
			bool known = dmar_scope_type_name(s->type);
			bool pci = s->type == DMAR_SCOPE_ENDPOINT ||
				   s->type == DMAR_SCOPE_BRIDGE;

			if (known && (pci || u->type == DMAR_TYPE_DRHD))
				continue;
			if (!f) {
				f = finding_add(fs,
					"firmware.dmar.scope_type_mismatch",
					LAYER_FIRMWARE, VERDICT_WARN, SEV_LOW,
					"DMAR device scopes of a type their "
					"structure does not allow");
				finding_detail(f, "Only remapping units (DRHD) "
					       "may list IOAPIC, HPET and ACPI "
					       "namespace devices, and scope "
					       "types above 5 are undefined; the "
					       "kernel ignores such scopes.");
				finding_remedy(f, BIOS_UPDATE);
			}
			finding_evidence(f, DMAR_PATH, "%s at offset 0x%x: "
					 "scope at 0x%x has type %u",
					 dmar_type_name(u->type), u->offset,
					 s->offset, s->type);
		}
	}
}

static void dmar_summary(struct findings *fs, const struct dmar_table *t)
{
	struct finding *f;
	size_t ndrhd = dmar_count(t, DMAR_TYPE_DRHD);

	if (!ndrhd) {
		/* dmar.c parse_dmar_table(): "No DRHD structure found". */
		f = finding_add(fs, "firmware.dmar.no_drhd", LAYER_FIRMWARE,
				VERDICT_FAIL, SEV_CRITICAL,
				"The DMAR table describes no remapping unit "
				"(DRHD)");
		finding_detail(f, "Without a DRHD structure the kernel finds "
			       "no Intel IOMMU to drive, so there is no DMA "
			       "isolation and nothing to pass through with.");
		finding_evidence(f, DMAR_PATH, "%zu structures, 0 DRHD",
				 t->nunits);
		finding_remedy(f, BIOS_UPDATE);
		return;
	}
	f = finding_add(fs, "firmware.dmar.valid", LAYER_FIRMWARE,
			VERDICT_PASS, SEV_INFO,
			"The DMAR table describes %zu remapping unit(s) the "
			"kernel can use, host address width %u bits", ndrhd,
			t->host_address_width + 1u);
	finding_evidence(f, DMAR_PATH, "Length %u, %zu DRHD, %zu RMRR, %zu "
			 "ATSR, %zu RHSA, %zu ANDD, %zu SATC", t->hdr.length,
			 ndrhd, dmar_count(t, DMAR_TYPE_RMRR),
			 dmar_count(t, DMAR_TYPE_ATSR),
			 dmar_count(t, DMAR_TYPE_RHSA),
			 dmar_count(t, DMAR_TYPE_ANDD),
			 dmar_count(t, DMAR_TYPE_SATC));
}

static void judge_dmar(const struct host *h, struct findings *fs)
{
	const struct acpi_facts *a = &h->acpi;
	const struct dmar_table *t = &a->dmar;
	bool structural = false, rejected = false;

	if (a->dmar_decode_err && a->dmar_decode_err != -EBADMSG) {
		decode_failed(fs, true, a->dmar_decode_err);
		return;
	}
	issues(fs, true, t->issues, t->nissues);
	if (t->capped)
		capped(fs, true);
	/* Only a 0-length structure leaves the kernel a usable table (what
	 * precedes it); any other fatal issue means it is not used. */
	for (size_t i = 0; i < t->nissues; i++) {
		structural |= t->issues[i].fatal;
		rejected |= t->issues[i].fatal &&
			    strcmp(t->issues[i].kind, "zero_length");
	}
	if (!t->hdr.length || rejected)
		return;
	if (!t->hdr.checksum_ok)
		dmar_checksum(fs, t);
	dmar_flags(h, fs, t);
	if (!structural)
		dmar_summary(fs, t);
	dmar_drhd(fs, t);
	dmar_rmrr(fs, t);
	dmar_scope_types(fs, t);
}

/* ---- IVRS ---- */

static void ivrs_checksum(struct findings *fs, const struct ivrs_table *t)
{
	struct finding *f;

	/* amd/init.c check_ivrs_checksum(): -ENODEV, no AMD-Vi. */
	f = finding_add(fs, "firmware.ivrs.checksum_bad", LAYER_FIRMWARE,
			VERDICT_FAIL, SEV_CRITICAL,
			"The IVRS table's checksum is wrong, so the kernel "
			"refuses it and AMD-Vi stays off");
	finding_detail(f, "The AMD IOMMU driver verifies the checksum and "
		       "gives up on a wrong one (\"[Firmware Bug]: IVRS "
		       "invalid checksum\"): no IOMMU, no groups, no "
		       "passthrough.");
	finding_evidence(f, IVRS_PATH, "Checksum byte 0x%02x, byte sum over "
			 "Length %u is 0x%02x (must be 0x00)",
			 t->hdr.checksum, t->hdr.length, t->hdr.byte_sum);
	finding_remedy(f, BIOS_UPDATE);
}

static const char *ivhd_type_list(const struct ivrs_table *t, bool used,
				  char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->nunits; i++) {
		const struct ivrs_unit *u = &t->units[i];
		int k;

		if (!ivrs_is_ivhd(u->type) || u->used_by_kernel != used)
			continue;
		k = snprintf(buf + n, len - n, "%s0x%02x@0x%x", n ? ", " : "",
			     u->type, u->offset);
		if (k < 0 || (size_t)k >= len - n)
			break;
		n += (size_t)k;
	}
	return buf;
}

static void ivrs_ivhds(struct findings *fs,
		       const struct ivrs_table *t, bool structural)
{
	struct finding *f;
	size_t nivhd = ivrs_count_ivhd(t), nused = 0, nioapic = 0;
	char used[512], unused[512];

	for (size_t i = 0; i < t->nunits; i++)
		nused += t->units[i].used_by_kernel;
	/* A table cut short says nothing about what is missing. */
	if (structural && !nused)
		return;
	if (!nivhd || !nused) {
		f = finding_add(fs, "firmware.ivrs.no_ivhd", LAYER_FIRMWARE,
				VERDICT_FAIL, SEV_CRITICAL,
				"The IVRS table describes no IOMMU the kernel "
				"would use (IVHD)");
		finding_detail(f, "The kernel initialises one IOMMU per IVHD "
			       "block of the type get_highest_supported_ivhd_"
			       "type() picks (the last type listed for the "
			       "first IVHD's device, up to 0x40). None "
			       "qualifies, so AMD-Vi has nothing to drive.");
		finding_evidence(f, IVRS_PATH, "%zu IVHD block(s), chosen "
				 "type 0x%02x", nivhd, t->target_ivhd_type);
		finding_remedy(f, BIOS_UPDATE);
		return;
	}
	f = finding_add(fs, "firmware.ivrs.ivhd_selection", LAYER_FIRMWARE,
			VERDICT_INFO, SEV_INFO,
			"The kernel uses the IVHD blocks of type 0x%02x "
			"(%zu of %zu)", t->target_ivhd_type, nused, nivhd);
	finding_detail(f, "Firmware describes each IOMMU once per IVHD type "
		       "it supports (0x10, 0x11, 0x40); the kernel picks one "
		       "type (get_highest_supported_ivhd_type() in "
		       "amd/init.c) and ignores the other blocks.");
	finding_evidence(f, IVRS_PATH, "used: %s",
			 ivhd_type_list(t, true, used, sizeof(used)));
	if (nused < nivhd)
		finding_evidence(f, IVRS_PATH, "ignored: %s",
				 ivhd_type_list(t, false, unused,
						sizeof(unused)));
	if (!structural) {
		f = finding_add(fs, "firmware.ivrs.valid", LAYER_FIRMWARE,
				VERDICT_PASS, SEV_INFO,
				"The IVRS table describes %zu IOMMU(s) the "
				"kernel can use", nused);
		finding_evidence(f, IVRS_PATH, "Length %u, IVinfo 0x%08x, %zu "
				 "IVHD, %zu IVMD", t->hdr.length, t->ivinfo,
				 nivhd, t->nunits - nivhd);
	}

	/*
	 * amd/init.c check_ioapic_information(): without a SPECIAL entry
	 * for the IOAPICs (in the IVHDs the kernel uses) it logs "IOAPIC[%d]
	 * not in IVRS table" / "No southbridge IOAPIC found" and disables
	 * interrupt remapping, which VFIO then lacks (§4.3).
	 */
	for (size_t i = 0; i < t->nunits; i++) {
		const struct ivrs_unit *u = &t->units[i];

		if (!u->used_by_kernel)
			continue;
		for (size_t j = 0; j < u->nentries; j++) {
			const struct ivhd_entry *e =
				&t->entries[u->first_entry + j];

			nioapic += e->type == IVHD_DEV_SPECIAL &&
				   e->variety == IVHD_SPECIAL_IOAPIC;
		}
	}
	if (nioapic) {
		f = finding_add(fs, "firmware.ivrs.ioapic", LAYER_FIRMWARE,
				VERDICT_PASS, SEV_INFO,
				"The IVRS maps %zu IOAPIC(s) for interrupt "
				"remapping", nioapic);
		finding_detail(f, "The kernel needs every IOAPIC (the "
			       "southbridge one above all) mapped to a "
			       "requester ID to enable interrupt remapping, "
			       "which VFIO requires. Whether it did is in the "
			       "kernel log (\"Interrupt remapping enabled\").");
		for (size_t i = 0; i < t->nunits; i++) {
			const struct ivrs_unit *u = &t->units[i];

			for (size_t j = 0; u->used_by_kernel &&
			     j < u->nentries; j++) {
				const struct ivhd_entry *e =
					&t->entries[u->first_entry + j];
				char bdf[16];

				if (e->type != IVHD_DEV_SPECIAL ||
				    e->variety != IVHD_SPECIAL_IOAPIC)
					continue;
				ivrs_devid_str(e->devid_start, bdf,
					       sizeof(bdf));
				finding_evidence(f, IVRS_PATH, "offset 0x%x: "
						 "SPECIAL IOAPIC id %u -> %s",
						 e->offset, e->handle, bdf);
			}
		}
		return;
	}
	f = finding_add(fs, "firmware.ivrs.no_ioapic", LAYER_FIRMWARE,
			VERDICT_FAIL, SEV_HIGH,
			"The IVRS maps no IOAPIC, so the kernel disables "
			"interrupt remapping");
	finding_detail(f, "Without SPECIAL (type 0x48) IOAPIC entries the "
		       "kernel logs \"IOAPIC[N] not in IVRS table\" or \"No "
		       "southbridge IOAPIC found\" and turns interrupt "
		       "remapping off; vfio_iommu_type1 then refuses to attach "
		       "devices unless allow_unsafe_interrupts is set, which "
		       "is unsafe.");
	finding_evidence(f, IVRS_PATH, "no entry of type 0x48 with variety 1 "
			 "in the IVHD(s) of type 0x%02x",
			 t->target_ivhd_type);
	finding_remedy(f, "Update the firmware. As a workaround the kernel "
		       "accepts the missing map on its command line: "
		       "ivrs_ioapic[ID]=00:14.0, where ID is the number in "
		       "the kernel's \"IOAPIC[ID] not in IVRS table\" line "
		       "and 00:14.0 the southbridge (SMBus) function on most "
		       "AMD chipsets; add it as a kernel argument the way "
		       "you add any other.");
}

/* IVMDs with Unity or ExclusionRange (amd/init.c init_unity_map_range():
 * exclusion ranges become r/w unity maps), kernel.md §7.2, §8 item 10. */
static void ivrs_ivmd(struct findings *fs, const struct ivrs_table *t)
{
	struct finding *f = NULL;

	for (size_t i = 0; i < t->nunits; i++) {
		const struct ivrs_unit *u = &t->units[i];
		char from[16], to[16];

		if (!ivrs_is_ivmd(u->type) ||
		    !(u->flags & (IVMD_FLAG_UNITY | IVMD_FLAG_EXCLUSION)))
			continue;
		if (!f) {
			f = finding_add(fs, "firmware.ivrs.ivmd",
					LAYER_FIRMWARE, VERDICT_INFO, SEV_INFO,
					"The firmware asks for 1:1 memory maps "
					"for some devices (IVMD unity or "
					"exclusion ranges)");
			finding_detail(f, "The kernel gives every device in "
				       "these ranges a direct (1:1) reserved "
				       "region. On Linux >= 6.5 VFIO refuses "
				       "to claim such a device (\"Firmware "
				       "has requested this device have a 1:1 "
				       "IOMMU mapping\"); AMD has no USB/GPU "
				       "exemption. Some boards list whole bus "
				       "ranges (e.g. 00:00.0-0f:1f.7); a "
				       "firmware option such as \"Kernel DMA "
				       "Protection Indicator\" may remove "
				       "them. The per-device verdict is given "
				       "with the devices.");
		}
		ivrs_devid_str(u->devid, from, sizeof(from));
		ivrs_devid_str(u->devid_end, to, sizeof(to));
		finding_evidence(f, IVRS_PATH, "IVMD type 0x%02x at offset "
				 "0x%x: flags 0x%02x (%s%s), devices %s-%s, "
				 "memory 0x%llx length 0x%llx", u->type,
				 u->offset, u->flags,
				 u->flags & IVMD_FLAG_UNITY ? "unity" : "",
				 u->flags & IVMD_FLAG_EXCLUSION ?
				 (u->flags & IVMD_FLAG_UNITY ? ", exclusion" :
				  "exclusion") : "", from, to,
				 (unsigned long long)u->start,
				 (unsigned long long)u->mem_length);
	}
}

static void judge_ivrs(const struct host *h, struct findings *fs)
{
	const struct ivrs_table *t = &h->acpi.ivrs;
	bool structural = false;

	if (h->acpi.ivrs_decode_err && h->acpi.ivrs_decode_err != -EBADMSG) {
		decode_failed(fs, false, h->acpi.ivrs_decode_err);
		return;
	}
	issues(fs, false, t->issues, t->nissues);
	if (t->capped)
		capped(fs, false);
	for (size_t i = 0; i < t->nissues; i++)
		structural |= t->issues[i].fatal;
	if (!t->hdr.length)
		return;
	/* The kernel refuses the whole table: nothing else applies. */
	if (!t->hdr.checksum_ok) {
		ivrs_checksum(fs, t);
		return;
	}
	ivrs_ivhds(fs, t, structural);
	ivrs_ivmd(fs, t);
}

static void both(struct findings *fs)
{
	struct finding *f;

	f = finding_add(fs, "firmware.both_tables", LAYER_FIRMWARE,
			VERDICT_WARN, SEV_MEDIUM,
			"The firmware publishes both DMAR (Intel) and IVRS "
			"(AMD) tables");
	finding_detail(f, "A real platform has one IOMMU vendor. Both tables "
		       "usually mean a firmware or hypervisor configuration "
		       "error; the kernel will try both drivers and at most "
		       "one matches the hardware.");
	finding_evidence(f, TABLES_PATH, "DMAR and IVRS");
	finding_remedy(f, "Check the firmware/hypervisor configuration (a VM "
		       "should be given one virtual IOMMU: intel-iommu or "
		       "amd-iommu); otherwise: " BIOS_UPDATE);
}

static int run(const struct host *h, struct findings *fs)
{
	const struct acpi_facts *a = &h->acpi;
	struct finding *f;

	if (!fact_known(&a->tables_src)) {
		f = finding_add(fs, "firmware.tables.unreadable",
				LAYER_FIRMWARE, VERDICT_UNKNOWN, SEV_HIGH,
				"The ACPI table list could not be read: %s",
				reason(h, &a->tables_src));
		finding_detail(f, "Whether the firmware publishes a DMAR or "
			       "IVRS table (i.e. whether VT-d / AMD-Vi is "
			       "enabled in firmware) is read from %s.",
			       TABLES_PATH);
		finding_evidence(f, a->tables_src.path, "%s",
				 reason(h, &a->tables_src));
		return 0;
	}
	if (!a->dmar_present && !a->ivrs_present) {
		missing(h, fs);
		return 0;
	}
	if (a->dmar_present && a->ivrs_present)
		both(fs);
	if (a->dmar_present) {
		present(fs, true);
		if (!fact_known(&a->dmar_src))
			unreadable(h, fs, true, &a->dmar_src);
		else
			judge_dmar(h, fs);
	}
	if (a->ivrs_present) {
		present(fs, false);
		if (!fact_known(&a->ivrs_src))
			unreadable(h, fs, false, &a->ivrs_src);
		else
			judge_ivrs(h, fs);
	}
	return 0;
}

const struct check check_firmware = {
	.id = "firmware",
	.title = "Firmware IOMMU tables (DMAR/IVRS)",
	.run = run,
};
