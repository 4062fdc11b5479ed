/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel log: acquisition (live or snapshot), normalisation and the
 * classification of its IOMMU lines.  The line texts matched here are the
 * kernel's own format strings; each rule cites the file that prints it.
 */
#include "klog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "probe.h"
#include "text.h"

/* include/linux/syslog.h (not exported to user space) */
#define SYSLOG_ACTION_READ_ALL     3
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* The longest message kept, so that a normalised line (timestamp prefix
 * plus message) stays within KLOG_LINE_MAX and normalising it again
 * changes nothing. */
#define KLOG_MSG_MAX (KLOG_LINE_MAX - 32)
/* The largest /dev/kmsg record: devkmsg_read() wants room for
 * CONSOLE_EXT_LOG_MAX (8 KiB) bytes, kernel/printk/printk.c. */
#define KMSG_RECORD_MAX 8192
/* /dev/kmsg returns -EPIPE once per record lost to overwriting; give up
 * after this many in a row rather than spin. */
#define KMSG_EPIPE_MAX 64

/* ---- normalisation ---------------------------------------------------- */

struct obuf {
	char *p;
	size_t len, alloc, cap;
	bool full;
};

/* Append S[0..N) and a newline, growing the buffer up to the cap. */
static int ob_line(struct obuf *o, const char *s, size_t n)
{
	if (o->full || n + 1 > o->cap - o->len) {
		o->full = true;
		return 0;
	}
	if (o->len + n + 2 > o->alloc) {
		size_t want = o->alloc ? o->alloc : 4096;
		char *np;

		while (want < o->len + n + 2)
			want *= 2;
		if (want > o->cap + 1)
			want = o->cap + 1;
		np = realloc(o->p, want);
		if (!np)
			return -ENOMEM;
		o->p = np;
		o->alloc = want;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len++] = '\n';
	o->p[o->len] = 0;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parse up to MAXD decimal digits at S[*i]; false if there are none. */
static bool take_number(const char *s, size_t n, size_t *i, unsigned maxd,
			unsigned long *val)
{
	unsigned long v = 0;
	size_t start = *i;

	while (*i < n && is_digit(s[*i]) && *i - start < maxd)
		v = v * 10 + (unsigned long)(s[(*i)++] - '0');
	if (*i == start || (*i < n && is_digit(s[*i])))
		return false;
	*val = v;
	return true;
}

/*
 * A /dev/kmsg record, "PRI,SEQ,USEC,FLAGS[,...];MESSAGE"
 * (Documentation/ABI/testing/dev-kmsg).  On a match, *USEC is the time
 * and *MSG the offset of the message.
 */
static bool parse_kmsg(const char *s, size_t n, unsigned long *usec,
		       size_t *msg)
{
	unsigned long v;
	size_t i = 0;
	const char *semi;

	if (!take_number(s, n, &i, 10, &v) || i >= n || s[i++] != ',')
		return false;
	if (!take_number(s, n, &i, 19, &v) || i >= n || s[i++] != ',')
		return false;
	if (!take_number(s, n, &i, 19, usec) || i >= n ||
	    (s[i] != ',' && s[i] != ';'))
		return false;
	semi = memchr(s + i, ';', n - i < 64 ? n - i : 64);
	if (!semi)
		return false;
	*msg = (size_t)(semi - s) + 1;
	return true;
}

/*
 * /dev/kmsg escapes bytes below ' ', from 127 up, and '\' itself as
 * "\xNN" (kernel/printk/printk.c msg_add_ext_text()); undo it in place,
 * keeping tabs and dropping the other control bytes as the dmesg path
 * does.  Returns the new length.
 */
static size_t kmsg_unescape(char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		unsigned char c;

		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    (hi = text_hex_digit(s[i + 2])) >= 0 &&
		    (lo = text_hex_digit(s[i + 3])) >= 0) {
			c = (unsigned char)(hi << 4 | lo);
			i += 3;
			if (c < 0x20 && c != '\t' && c != '\n')
				continue;
			if (c == 0x7f)
				continue;
			s[o++] = (char)c;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

/* "[  123.456789]" (any spaces, 1..12 second digits, 1+ fraction digits;
 * only the first 6 count).  *MSG is past "]" and one space. */
static bool parse_stamp(const char *s, size_t n, unsigned long *sec,
			unsigned long *usec, size_t *msg)
{
	size_t i = 1, f;
	unsigned long frac = 0;
	unsigned digits = 0;

	if (n < 4 || s[0] != '[')
		return false;
	while (i < n && s[i] == ' ')
		i++;
	if (!take_number(s, n, &i, 12, sec) || i >= n || s[i++] != '.')
		return false;
	for (f = i; i < n && is_digit(s[i]); i++) {
		if (digits < 6) {
			frac = frac * 10 + (unsigned long)(s[i] - '0');
			digits++;
		}
	}
	if (i == f || i >= n || s[i++] != ']')
		return false;
	while (digits++ < 6)
		frac *= 10;
	*usec = frac;
	if (i < n && s[i] == ' ')
		i++;
	*msg = i;
	return true;
}

/* "<N>" syslog priority, as klogctl and dmesg -r print it. */
static size_t skip_syslog_prio(const char *s, size_t n)
{
	unsigned long v;
	size_t i = 1;

	if (n < 3 || s[0] != '<')
		return 0;
	if (!take_number(s, n, &i, 3, &v) || i >= n || s[i] != '>')
		return 0;
	return i + 1;
}

/*
 * journalctl -k: "Mon DD HH:MM:SS HOST kernel: MSG" (short) or
 * "YYYY-MM-DDTHH:MM:SS+ZZZZ HOST kernel: MSG" (short-iso).  Returns the
 * offset of MSG, or 0.
 */
static size_t skip_journal(const char *s, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const char tag[] = " kernel: ";
	bool dated = false;
	const char *k;
	size_t lim = n < 160 ? n : 160;

	if (n >= 16 && s[3] == ' ' && s[6] == ' ' && s[9] == ':' &&
	    s[12] == ':') {
		for (size_t m = 0; m < 12 && !dated; m++)
			dated = !memcmp(s, months + 3 * m, 3);
	} else if (n >= 11 && is_digit(s[0]) && is_digit(s[3]) &&
		   s[4] == '-' && s[7] == '-' && s[10] == 'T') {
		dated = true;
	}
	if (!dated)
		return 0;
	k = memmem(s, lim, tag, sizeof(tag) - 1);
	return k ? (size_t)(k - s) + sizeof(tag) - 1 : 0;
}

/* Emit "[%5lu.%06lu] MSG" or just MSG, the message cut at KLOG_MSG_MAX. */
static int emit(struct obuf *o, bool stamped, unsigned long sec,
		unsigned long usec, const char *msg, size_t n)
{
	char line[KLOG_LINE_MAX + 64];
	int p = 0;

	if (n > KLOG_MSG_MAX)
		n = KLOG_MSG_MAX;
	if (stamped) {
		p = snprintf(line, sizeof(line), "[%5lu.%06lu] ", sec, usec);
		if (p < 0 || (size_t)p >= sizeof(line) - n)
			return -EOVERFLOW;
	}
	memcpy(line + p, msg, n);
	return ob_line(o, line, (size_t)p + n);
}

int klog_normalise(const char *in, size_t len, size_t cap, struct blob *out)
{
	/* A raw line is sanitised into this much before its prefixes are
	 * recognised: room for a journal prefix plus a whole message. */
	const size_t line_cap = 2 * (size_t)KLOG_LINE_MAX;
	char *line = malloc(line_cap);
	struct obuf o = { .cap = cap };
	bool in_kmsg = false;
	size_t pos = 0;
	int e = 0;

	*out = (struct blob){ 0 };
	if (!line)
		return -ENOMEM;
	while (pos < len && !o.full && !e) {
		const char *nl = memchr(in + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - in) : len, n = 0, m, msg;
		unsigned long sec = 0, usec = 0;

		/* Drop NUL and control bytes (CR of CRLF, escape codes). */
		for (size_t i = pos; i < end && n < line_cap; i++) {
			unsigned char c = (unsigned char)in[i];

			if (c >= 0x20 && c != 0x7f)
				line[n++] = (char)c;
			else if (c == '\t')
				line[n++] = '\t';
		}
		pos = nl ? end + 1 : len;

		if (parse_kmsg(line, n, &usec, &m)) {
			const char *p = line + m, *stop;

			in_kmsg = true;
			stop = p + kmsg_unescape(line + m, n - m);
			do {
				const char *eol = memchr(p, '\n',
							 (size_t)(stop - p));
				size_t pl = eol ? (size_t)(eol - p)
						: (size_t)(stop - p);

				e = emit(&o, true, usec / 1000000,
					 usec % 1000000, p, pl);
				p += pl + 1;
			} while (!e && p < stop);
			continue;
		}
		/* " KEY=value" lines follow a /dev/kmsg record. */
		if (in_kmsg && n && line[0] == ' ')
			continue;
		in_kmsg = false;
		m = skip_syslog_prio(line, n);
		if (!m)
			m = skip_journal(line, n);
		if (parse_stamp(line + m, n - m, &sec, &usec, &msg))
			e = emit(&o, true, sec, usec, line + m + msg,
				 n - m - msg);
		else
			e = emit(&o, false, 0, 0, line + m, n - m);
	}
	free(line);
	if (!e && !o.p) {
		o.p = calloc(1, 1);
		if (!o.p)
			e = -ENOMEM;
	}
	if (e) {
		free(o.p);
		return e;
	}
	out->data = o.p;
	out->len = o.len;
	out->truncated = o.full;
	return 0;
}

/* ---- classification --------------------------------------------------- */

static const char *const cat_names[KLOG_CAT_COUNT] = {
	[KLOG_LINUX_VERSION] = "linux_version",
	[KLOG_COMMAND_LINE] = "command_line",
	[KLOG_HYPERVISOR] = "hypervisor",
	[KLOG_ACPI_DMAR] = "acpi_dmar_table",
	[KLOG_ACPI_IVRS] = "acpi_ivrs_table",
	[KLOG_INTEL_INIT] = "intel_init",
	[KLOG_INTEL_CMDLINE_ON] = "intel_cmdline_on",
	[KLOG_INTEL_CMDLINE_OFF] = "intel_cmdline_off",
	[KLOG_AMD_FOUND] = "amd_found",
	[KLOG_AMD_FEATURES] = "amd_features",
	[KLOG_AMD_DISABLED] = "amd_disabled",
	[KLOG_IR_ENABLED] = "ir_enabled",
	[KLOG_AMD_X2APIC] = "amd_x2apic",
	[KLOG_IR_X2APIC_OPT_OUT] = "ir_x2apic_opt_out",
	[KLOG_IR_DISABLED] = "ir_disabled",
	[KLOG_DEFAULT_DOMAIN] = "default_domain",
	[KLOG_TLB_POLICY] = "tlb_policy",
	[KLOG_FIRMWARE_BUG] = "firmware_bug",
	[KLOG_IDENTITY_MAP] = "identity_map",
	[KLOG_DMA_FAULT] = "dma_fault",
	[KLOG_RMRR_REFUSAL] = "rmrr_refusal",
	[KLOG_VFIO_NO_IR] = "vfio_no_interrupt_remapping",
	[KLOG_VFIO_NOIOMMU] = "vfio_noiommu",
	[KLOG_ACS_OVERRIDE] = "acs_override",
	[KLOG_PCH_ACS_QUIRK] = "pch_acs_quirk",
	[KLOG_PCH_ACS_FAILED] = "pch_acs_quirk_failed",
	[KLOG_UNKNOWN_OPTION] = "unknown_option",
	[KLOG_GROUP_ADD] = "iommu_group_add",
};

const char *klog_cat_name(enum klog_cat c)
{
	return (unsigned)c < KLOG_CAT_COUNT ? cat_names[c] : "unknown";
}

/* Words that tie a firmware-bug or unknown-option line to the IOMMU. */
static const char *const iommu_words[] = {
	"DMAR", "AMD-Vi", "IVRS", "IVHD", "IVMD", "RMRR", "IOMMU", "iommu",
	"Intel-IOMMU", "VT-d", NULL,
};
static const char *const amd_vi[] = { "AMD-Vi", NULL };
static const char *const intel_or_amd[] = {
	"DMAR", "AMD-Vi", "Intel-IOMMU", NULL,
};
static const char *const dmar_or_ir[] = { "DMAR", "INTR-REMAP", NULL };

struct klog_rule {
	enum klog_cat cat;
	bool at_start;            /* NEEDLE at the start of the message */
	const char *needle;       /* occurs in the line, case-sensitive */
	const char *const *with;  /* and one of these occurs too (or NULL) */
};

/*
 * Substrings as the kernel prints them (kernel.md section 6), tolerant of
 * the prefixes that changed over the years: pr_fmt "DMAR: " / "DMAR-IR: "
 * since ~4.1, none before; "AMD-Vi: " with or without a "pci BDF: " device
 * prefix.  The core lines "Default domain type" and "TLB invalidation
 * policy" have categories of their own and never count as an IOMMU.
 */
static const struct klog_rule rules[] = {
	/* init/main.c linux_banner; arch/x86/kernel/setup.c setup_arch() */
	{ KLOG_LINUX_VERSION, true, "Linux version ", NULL },
	{ KLOG_COMMAND_LINE, true, "Command line: ", NULL },
	/* arch/x86/kernel/cpu/hypervisor.c init_hypervisor_platform() */
	{ KLOG_HYPERVISOR, true, "Hypervisor detected: ", NULL },
	/* drivers/acpi/acpica/tbprint.c acpi_tb_print_table_header() */
	{ KLOG_ACPI_DMAR, true, "ACPI: DMAR ", NULL },
	{ KLOG_ACPI_IVRS, true, "ACPI: IVRS ", NULL },
	/* drivers/iommu/intel/iommu.c intel_iommu_init(), last line; 2.6.x
	 * printed it with the "PCI-DMA: " prefix */
	{ KLOG_INTEL_INIT, false,
	  "Intel(R) Virtualization Technology for Directed I/O", NULL },
	/* intel/iommu.c intel_iommu_setup(): the option parse, not proof */
	{ KLOG_INTEL_CMDLINE_ON, false, "DMAR: IOMMU enabled", NULL },
	{ KLOG_INTEL_CMDLINE_ON, false, "Intel-IOMMU: enabled", NULL },
	{ KLOG_INTEL_CMDLINE_OFF, false, "DMAR: IOMMU disabled", NULL },
	{ KLOG_INTEL_CMDLINE_OFF, false, "Intel-IOMMU: disabled", NULL },
	/* amd/init.c print_iommu_info() (5.x "Found IOMMU cap", 4.x "Found
	 * IOMMU at"), 3.x "Enabling IOMMU at" */
	{ KLOG_AMD_FOUND, false, "AMD-Vi: Found IOMMU", NULL },
	{ KLOG_AMD_FOUND, false, "AMD-Vi: Enabling IOMMU at", NULL },
	{ KLOG_AMD_FEATURES, false, "AMD-Vi: Extended features", NULL },
	/* amd/init.c amd_iommu_prepare() / early_amd_iommu_init() /
	 * iommu_init_pci() */
	{ KLOG_AMD_DISABLED, false, "Disable IOMMU on Stoney Ridge", amd_vi },
	{ KLOG_AMD_DISABLED, false,
	  "IOMMU not currently supported when SME is active", amd_vi },
	{ KLOG_AMD_DISABLED, false, "The CMPXCHG16B feature is required",
	  amd_vi },
	{ KLOG_AMD_DISABLED, false, "Failed to initialize IOMMU Hardware",
	  amd_vi },
	/* intel/irq_remapping.c intel_enable_irq_remapping(); 2.6.3x
	 * intr_remapping.c; amd/init.c print_iommu_info() */
	{ KLOG_IR_ENABLED, false, "Enabled IRQ remapping in ", NULL },
	{ KLOG_IR_ENABLED, false, "Enabled Interrupt-remapping", NULL },
	{ KLOG_IR_ENABLED, false, "AMD-Vi: Interrupt remapping enabled", NULL },
	{ KLOG_AMD_X2APIC, false, "AMD-Vi: X2APIC enabled", NULL },
	/* intel/irq_remapping.c intel_prepare_irq_remapping() */
	{ KLOG_IR_X2APIC_OPT_OUT, false,
	  "x2apic is disabled because BIOS sets x2apic opt out bit", NULL },
	/* intel/irq_remapping.c; arch/x86/kernel/apic/apic.c
	 * try_to_enable_x2apic(); amd/init.c check_ioapic_information();
	 * the first line of the irq_remap_broken erratum warning
	 * (intel/irq_remapping.c, a multi-line record) */
	{ KLOG_IR_DISABLED, false, "Not enabling interrupt remapping", NULL },
	{ KLOG_IR_DISABLED, false, "Failed to setup irq remapping", NULL },
	{ KLOG_IR_DISABLED, false, "IRQ remapping doesn't support X2APIC mode",
	  NULL },
	{ KLOG_IR_DISABLED, false, "Disabling interrupt remapping", NULL },
	{ KLOG_IR_DISABLED, false, "No southbridge IOAPIC found", NULL },
	{ KLOG_IR_DISABLED, false, "not in IVRS table", amd_vi },
	{ KLOG_IR_DISABLED, false, "interrupt remapping will be disabled",
	  NULL },
	{ KLOG_IR_DISABLED, false,
	  "This system BIOS has enabled interrupt remapping", NULL },
	/* drivers/iommu/iommu.c iommu_subsys_init(): printed on every
	 * kernel with CONFIG_IOMMU_API, IOMMU or not */
	{ KLOG_DEFAULT_DOMAIN, false, "Default domain type: ", NULL },
	{ KLOG_TLB_POLICY, false, "DMA domain TLB invalidation policy: ",
	  NULL },
	/* include/linux/printk.h FW_BUG "[Firmware Bug]: ", FW_WARN
	 * "[Firmware Warn]: ", FW_INFO "[Firmware Info]: " is not a bug */
	{ KLOG_FIRMWARE_BUG, false, "[Firmware Bug]", iommu_words },
	{ KLOG_FIRMWARE_BUG, false, "[Firmware Warn]", iommu_words },
	{ KLOG_FIRMWARE_BUG, false, "[Firmware]:", iommu_words },
	/* intel/iommu.c iommu_prepare_identity_map() (before ~5.x) */
	{ KLOG_IDENTITY_MAP, false, "Setting identity map for device", NULL },
	{ KLOG_IDENTITY_MAP, false, "Prepare 0-16MiB unity mapping for LPC",
	  NULL },
	/* intel/dmar.c dmar_fault_do_one(); amd/iommu.c iommu_print_event() */
	{ KLOG_DMA_FAULT, false, "Request device [", dmar_or_ir },
	{ KLOG_DMA_FAULT, false, "Event logged [", amd_vi },
	/* intel/iommu.c device_is_rmrr_locked() (3.17-6.4); iommu.c
	 * __iommu_device_set_domain() (6.5+) */
	{ KLOG_RMRR_REFUSAL, false,
	  "ineligible for IOMMU domain attach due to platform RMRR requirement",
	  NULL },
	{ KLOG_RMRR_REFUSAL, false,
	  "Firmware has requested this device have a 1:1 IOMMU mapping", NULL },
	/* drivers/vfio/vfio_iommu_type1.c vfio_iommu_type1_attach_group() */
	{ KLOG_VFIO_NO_IR, false, "No interrupt remapping support", NULL },
	/* drivers/vfio/vfio_main.c (vfio.c before 6.0) noiommu groups */
	{ KLOG_VFIO_NOIOMMU, false, "Adding kernel taint for vfio-noiommu",
	  NULL },
	{ KLOG_VFIO_NOIOMMU, false, "vfio-noiommu device opened by user",
	  NULL },
	/* out-of-tree pcie_acs_override patch, drivers/pci/quirks.c */
	{ KLOG_ACS_OVERRIDE, false, "PCIe ACS overrides enabled", NULL },
	/* drivers/pci/quirks.c pci_quirk_enable_intel_pch_acs() /
	 * pci_quirk_enable_intel_spt_pch_acs() */
	{ KLOG_PCH_ACS_QUIRK, false, "PCH root port ACS workaround enabled",
	  NULL },
	{ KLOG_PCH_ACS_FAILED, false, "Failed to enable Intel PCH ACS quirk",
	  NULL },
	/* intel/iommu.c intel_iommu_setup(), amd/init.c
	 * parse_amd_iommu_options() */
	{ KLOG_UNKNOWN_OPTION, false, "Unknown option", intel_or_amd },
	/* iommu.c iommu_group_add_device() (5.0+, then pre-5.0) */
	{ KLOG_GROUP_ADD, false, "Adding to iommu group ", NULL },
	{ KLOG_GROUP_ADD, false, "iommu: Adding device ", NULL },
};

static bool has(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

static bool has_any(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (has(s, n, *words))
			return true;
	return false;
}

static void record(struct klog_category *c, unsigned long no, size_t off,
		   size_t len)
{
	c->count++;
	if (c->nkept < KLOG_KEEP)
		c->kept[c->nkept++] = (struct klog_line){ no, off, len };
}

/* Offset of the message in a line: past a "[sec.usec] " stamp. */
static size_t message_start(const char *s, size_t n)
{
	unsigned long sec, usec;
	size_t m;

	return parse_stamp(s, n, &sec, &usec, &m) ? m : 0;
}

void klog_classify(const char *text, size_t len, struct klog_class *out)
{
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		size_t m = message_start(s, n);
		bool hit[KLOG_CAT_COUNT] = { false };
		unsigned long no = ++out->lines;

		for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
			const struct klog_rule *r = &rules[i];
			size_t nl_len = strlen(r->needle);

			if (hit[r->cat])
				continue;
			if (r->at_start ? (n - m < nl_len ||
					   memcmp(s + m, r->needle, nl_len))
					: !has(s, n, r->needle))
				continue;
			if (r->with && !has_any(s, n, r->with))
				continue;
			hit[r->cat] = true;
		}
		/* A new boot: what came before describes another kernel. */
		if (hit[KLOG_LINUX_VERSION]) {
			memset(out->cat, 0, sizeof(out->cat));
			out->boots++;
			out->boot_line = no;
		}
		for (int c = 0; c < KLOG_CAT_COUNT; c++)
			if (hit[c])
				record(&out->cat[c], no, pos, n);
		pos += n + (nl ? 1 : 0);
	}
}

/* ---- summaries -------------------------------------------------------- */

static const struct klog_line *first(const struct klog_class *c,
				     enum klog_cat cat)
{
	return c->cat[cat].nkept ? &c->cat[cat].kept[0] : NULL;
}

static void summarise(struct klog_facts *k)
{
	const struct klog_class *c = &k->cls;
	const struct klog_line *l;
	bool iommu = c->cat[KLOG_INTEL_INIT].count || c->cat[KLOG_AMD_FOUND].count;

	k->reaches_boot = c->cat[KLOG_LINUX_VERSION].count ||
			  c->cat[KLOG_COMMAND_LINE].count;
	k->iommu_initialised = iommu ? TRI_YES :
			       k->reaches_boot ? TRI_NO : TRI_UNKNOWN;
	k->ir_mode[0] = 0;
	l = first(c, KLOG_IR_ENABLED);
	if (l) {
		const char *s = k->text + l->off;

		k->ir_enabled = TRI_YES;
		/* DMAR-IR names its mode; AMD-Vi adds "X2APIC enabled" when
		 * amd_iommu_xt_mode is IRQ_REMAP_X2APIC_MODE, else xAPIC. */
		if (has(s, l->len, "x2apic mode"))
			snprintf(k->ir_mode, sizeof(k->ir_mode), "x2apic");
		else if (has(s, l->len, "xapic mode"))
			snprintf(k->ir_mode, sizeof(k->ir_mode), "xapic");
		else if (has(s, l->len, "AMD-Vi"))
			snprintf(k->ir_mode, sizeof(k->ir_mode), "%s",
				 c->cat[KLOG_AMD_X2APIC].count ? "x2apic"
							       : "xapic");
	} else if (c->cat[KLOG_IR_DISABLED].count ||
		   (k->reaches_boot && iommu)) {
		k->ir_enabled = TRI_NO;
	} else {
		k->ir_enabled = TRI_UNKNOWN;
	}
	k->acs_override_warning = c->cat[KLOG_ACS_OVERRIDE].count > 0;

	k->default_domain[0] = 0;
	k->default_domain_cmdline = false;
	l = first(c, KLOG_DEFAULT_DOMAIN);
	if (l) {
		static const char tag[] = "Default domain type: ";
		const char *s = k->text + l->off;
		const char *t = memmem(s, l->len, tag, sizeof(tag) - 1);
		size_t i = 0, rest;

		t += sizeof(tag) - 1;
		rest = l->len - (size_t)(t - s);
		while (i < rest && i + 1 < sizeof(k->default_domain) &&
		       ((t[i] >= 'A' && t[i] <= 'Z') ||
			(t[i] >= 'a' && t[i] <= 'z'))) {
			k->default_domain[i] = t[i];
			i++;
		}
		k->default_domain[i] = 0;
		k->default_domain_cmdline =
			has(s, l->len, "(set via kernel command line)");
	}
}

int klog_load(struct klog_facts *k, const char *raw, size_t len)
{
	struct blob b;
	int e = klog_normalise(raw, len, CAP_KLOG, &b);

	if (e)
		return e;
	free(k->text);
	k->text = b.data;
	k->len = b.len;
	if (b.truncated)
		k->src.truncated = true;
	klog_classify(k->text, k->len, &k->cls);
	summarise(k);
	return 0;
}

/* ---- acquisition ------------------------------------------------------ */

/* klogctl(2): the whole ring buffer, newest bytes kept if capped. */
static int read_klogctl(struct blob *raw)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0), n;
	size_t cap;

	if (size < 0)
		return -errno;
	cap = (size_t)size < CAP_KLOG ? (size_t)size : CAP_KLOG;
	raw->data = malloc(cap + 1);
	if (!raw->data)
		return -ENOMEM;
	n = klogctl(SYSLOG_ACTION_READ_ALL, raw->data, (int)cap);
	if (n < 0) {
		int e = -errno;

		blob_release(raw);
		return e;
	}
	raw->data[n] = 0;
	raw->len = (size_t)n;
	raw->truncated = (size_t)size > CAP_KLOG;
	return 0;
}

/*
 * /dev/kmsg, one record per read(2), until -EAGAIN (O_NONBLOCK: the end).
 * A live-only source, so it is opened directly rather than through the
 * root; it needs the same permission as klogctl (check_syslog_permissions
 * in kernel/printk/printk.c) but survives seccomp filters on syslog(2).
 */
static int read_kmsg(struct blob *raw)
{
	char *rec = malloc(KMSG_RECORD_MAX);
	size_t alloc = 0;
	unsigned epipe = 0;
	int fd, e = 0;

	if (!rec)
		return -ENOMEM;
	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e = -errno;
		free(rec);
		return e;
	}
	for (;;) {
		ssize_t n = read(fd, rec, KMSG_RECORD_MAX);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE && ++epipe < KMSG_EPIPE_MAX)
				continue;
			if (errno != EAGAIN)
				e = -errno;
			break;
		}
		if (n == 0)
			break;
		epipe = 0;
		if (raw->len + (size_t)n > CAP_KLOG) {
			raw->truncated = true;
			break;
		}
		if (raw->len + (size_t)n + 1 > alloc) {
			size_t want = alloc ? alloc * 2 : (size_t)256 * 1024;
			char *np;

			while (want < raw->len + (size_t)n + 1)
				want *= 2;
			if (want > CAP_KLOG + 1)
				want = CAP_KLOG + 1;
			np = realloc(raw->data, want);
			if (!np) {
				e = -ENOMEM;
				break;
			}
			raw->data = np;
			alloc = want;
		}
		memcpy(raw->data + raw->len, rec, (size_t)n);
		raw->len += (size_t)n;
		raw->data[raw->len] = 0;
	}
	close(fd);
	free(rec);
	if (!e && !raw->data) {
		raw->data = calloc(1, 1);
		if (!raw->data)
			e = -ENOMEM;
	}
	if (e)
		blob_release(raw);
	return e;
}

/*
 * kernel/printk/printk.c syslog_action_restricted(): with dmesg_restrict
 * set, klogctl and /dev/kmsg both need CAP_SYSLOG.  Say so, live or for a
 * snapshot captured without root (capture then had no log to write).
 */
static bool note_restricted(struct host *h, const char *when)
{
	struct blob b;
	bool restricted = false;

	if (h->as_root || !h->as_root_known ||
	    root_read(h->root, "proc/sys/kernel/dmesg_restrict", CAP_ATTR, &b))
		return false;
	if (b.data[0] == '1') {
		snprintf(h->klog.reason, sizeof(h->klog.reason),
			 "needs root (dmesg_restrict=1)%s", when);
		restricted = true;
	}
	blob_release(&b);
	return restricted;
}

static int read_live(struct host *h, struct blob *raw)
{
	struct klog_facts *k = &h->klog;
	int e = read_klogctl(raw);

	fact_src_set(&k->src, "dmesg", e);
	if (!e)
		return 0;
	e = read_kmsg(raw);
	if (!e) {
		fact_src_set(&k->src, "dev/kmsg", 0);
		return 0;
	}
	if (e == -EPERM || e == -EACCES)
		note_restricted(h, "");
	fact_src_set(&k->src, "dmesg", e);
	return e;
}

int probe_klog(struct host *h)
{
	struct klog_facts *k = &h->klog;
	struct blob raw = { 0 };
	int e;

	if (h->live) {
		e = read_live(h, &raw);
	} else {
		e = root_read(h->root, SNAP_KLOG, CAP_KLOG, &raw);
		if (e == -ENOENT &&
		    note_restricted(h, "; the snapshot was captured without it"))
			e = -EACCES;
		fact_src_set(&k->src, SNAP_KLOG, e);
	}
	if (e)
		return 0;
	k->src.truncated = raw.truncated;
	e = klog_load(k, raw.data, raw.len);
	blob_release(&raw);
	if (e)
		k->src.err = e;
	return 0;
}

void klog_facts_release(struct klog_facts *k)
{
	free(k->text);
	k->text = NULL;
	k->len = 0;
}
