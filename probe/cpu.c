/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CPU facts.  CPUID comes from libcpuid: live through cpuid_get_raw_data(),
 * in a snapshot through cpuid_deserialize_raw_data() on an fd opened inside
 * the root.  The capability bits are taken straight from the raw leaves
 * (Intel SDM Vol. 2A, CPUID: leaf 01h ECX bit 5 VMX, bit 31 "not used"/
 * hypervisor present per the hypervisor CPUID convention; AMD APM Vol. 3,
 * CPUID Fn8000_0001 ECX bit 2 SVM) so the evidence can name the register.
 */
#include "cpu.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"

#define CPUID_LEAF1_ECX_VMX   (1u << 5)
#define CPUID_LEAF1_ECX_HV    (1u << 31)
#define CPUID_EXT1_ECX_SVM    (1u << 2)
#define CPUID_HV_LEAF         0x40000000u
/* A libcpuid text dump is ~4.5 KiB; refuse anything absurd before handing
 * the file to its parser. */
#define CPUID_RAW_CAP         ((size_t)256 * 1024)

enum cpu_vendor_id cpu_vendor_from_string(const char *s)
{
	/* The vendor strings of CPUID leaf 0 (arch/x86/kernel/cpu/intel.c,
	 * amd.c, hygon.c, zhaoxin.c, centaur.c cpu_dev.c_ident). */
	if (!s || !*s)
		return CPU_VENDOR_UNKNOWN;
	if (!strcmp(s, "GenuineIntel"))
		return CPU_VENDOR_INTEL;
	if (!strcmp(s, "AuthenticAMD"))
		return CPU_VENDOR_AMD;
	if (!strcmp(s, "HygonGenuine"))
		return CPU_VENDOR_HYGON;
	if (!strcmp(s, "  Shanghai  ") || !strcmp(s, "CentaurHauls"))
		return CPU_VENDOR_ZHAOXIN;
	return CPU_VENDOR_OTHER;
}

/* Copy N bytes of S into DST (size CAP), NUL-terminated, trailing blanks
 * removed. */
static void copy_trimmed(char *dst, size_t cap, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

static bool has_token(const char *v, size_t n, const char *tok)
{
	size_t tl = strlen(tok);

	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && v[j] != ' ' && v[j] != '\t')
			j++;
		if (j - i == tl && !memcmp(v + i, tok, tl))
			return true;
		i = j + 1;
	}
	return false;
}

int cpuinfo_parse(const char *text, size_t len, struct cpuinfo_facts *out)
{
	bool seen_vendor = false, seen_model = false;
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		const char *colon = memchr(line, ':', ll);
		size_t kl, vl;
		const char *v;

		pos += ll + 1;
		if (!colon)
			continue;
		kl = (size_t)(colon - line);
		while (kl && (line[kl - 1] == ' ' || line[kl - 1] == '\t'))
			kl--;
		v = colon + 1;
		vl = ll - (size_t)(v - line);
		while (vl && (*v == ' ' || *v == '\t')) {
			v++;
			vl--;
		}
		while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t' ||
			      v[vl - 1] == '\r'))
			vl--;

#define KEY_IS(k) (kl == sizeof(k) - 1 && !memcmp(line, k, kl))
		if (KEY_IS("processor")) {
			if (out->logical_cpus < UINT_MAX)
				out->logical_cpus++;
		} else if (KEY_IS("vendor_id") && !seen_vendor) {
			seen_vendor = true;
			copy_trimmed(out->vendor_id, sizeof(out->vendor_id),
				     v, vl);
		} else if (KEY_IS("model name") && !seen_model) {
			seen_model = true;
			copy_trimmed(out->model_name, sizeof(out->model_name),
				     v, vl);
		} else if (KEY_IS("flags") && !out->has_flags) {
			/* The flag names of arch/x86/kernel/cpu/proc.c
			 * show_cpuinfo(): x86_cap_flags[] "vmx", "svm",
			 * "hypervisor". */
			out->has_flags = true;
			out->flag_vmx = has_token(v, vl, "vmx");
			out->flag_svm = has_token(v, vl, "svm");
			out->flag_hypervisor = has_token(v, vl, "hypervisor");
		} else if (KEY_IS("vmx flags") && !out->has_vmx_flags) {
			/* show_cpuinfo_misc() prints "vmx flags" since
			 * v5.9 (CONFIG_X86_VMX_FEATURE_NAMES).  Cut at a
			 * token boundary if it does not fit. */
			size_t n = vl;

			out->has_vmx_flags = true;
			if (n >= sizeof(out->vmx_flags)) {
				n = sizeof(out->vmx_flags) - 1;
				while (n && v[n] != ' ')
					n--;
			}
			copy_trimmed(out->vmx_flags, sizeof(out->vmx_flags),
				     v, n);
		}
#undef KEY_IS
	}
	if (!out->logical_cpus && !out->has_flags)
		return -EBADMSG;
	return 0;
}

int cpu_hv_text_parse(const char *text, size_t len, uint32_t regs[4])
{
	static const char key[] = "leaf_40000000=";
	size_t pos = 0;

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		char buf[80], *p, *end;

		pos += ll + 1;
		if (ll < sizeof(key) - 1 || memcmp(line, key, sizeof(key) - 1))
			continue;
		if (ll >= sizeof(buf))
			return -EBADMSG;
		memcpy(buf, line + sizeof(key) - 1, ll - (sizeof(key) - 1));
		buf[ll - (sizeof(key) - 1)] = 0;
		p = buf;
		for (int i = 0; i < 4; i++) {
			unsigned long v;

			while (*p == ' ')
				p++;
			if (!*p)
				return -EBADMSG;
			errno = 0;
			v = strtoul(p, &end, 16);
			if (errno || end == p || v > UINT32_MAX ||
			    (*end && *end != ' ' && *end != '\r'))
				return -EBADMSG;
			regs[i] = (uint32_t)v;
			p = end;
		}
		return 0;
	}
	return -ENODATA;
}

void cpu_hv_signature(const uint32_t regs[4], char out[13])
{
	/* Hypervisor CPUID interface: EBX, ECX, EDX of leaf 0x40000000 hold
	 * the vendor signature, little-endian (Documentation/virt/kvm/x86/
	 * cpuid.rst). */
	for (int r = 0; r < 3; r++)
		for (int b = 0; b < 4; b++)
			out[r * 4 + b] = (char)((regs[r + 1] >> (8 * b)) & 0xff);
	out[12] = 0;
}

const char *cpu_hypervisor_name(const char *sig)
{
	static const struct {
		const char sig[13];
		const char *name;
	} known[] = {
		/* KVM pads with NULs (arch/x86/kvm/cpuid.c
		 * __do_cpuid_func: "KVMKVMKVM\0\0\0"). */
		{ "KVMKVMKVM", "KVM" },
		{ "Microsoft Hv", "Microsoft Hyper-V" },
		{ "VMwareVMware", "VMware" },
		{ "XenVMMXenVMM", "Xen" },
		{ "TCGTCGTCGTCG", "QEMU (TCG, no KVM)" },
		{ "bhyve bhyve ", "bhyve" },
		{ " lrpepyh  vr", "Parallels" },
		{ "VBoxVBoxVBox", "VirtualBox" },
		{ "ACRNACRNACRN", "ACRN" },
		{ "Linux KVM Hv", "KVM (Hyper-V enlightenments)" },
	};

	if (!sig)
		return NULL;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strncmp(sig, known[i].sig, 12))
			return known[i].name;
	return NULL;
}

/* Kernel messages that mean firmware left VMX/SVM switched off. */
static const char *const fw_disabled_msgs[] = {
	/* arch/x86/kernel/cpu/feat_ctl.c init_ia32_feat_ctl() (v5.6+):
	 * "VMX (%s TXT) disabled by BIOS" */
	"VMX (outside TXT) disabled by BIOS",
	"VMX (inside TXT) disabled by BIOS",
	/* arch/x86/kvm/vmx/vmx.c __kvm_is_vmx_supported() (v6.3+) */
	"VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL",
	/* vmx.c vmx_check_processor_compat() (v5.6-v6.2) */
	"VMX is disabled on CPU",
	/* arch/x86/kernel/cpu/amd.c init_amd() and arch/x86/kvm/svm/svm.c
	 * kvm_is_svm_supported(): SVMDIS set in MSR_VM_CR */
	"SVM disabled (by BIOS) in MSR_VM_CR",
	/* arch/x86/kvm/x86.c kvm_arch_init() (before v6.3) */
	"kvm: disabled by bios",
	/* vmx.c vmx_disabled_by_bios() (before v5.6): locked with VMX
	 * enabled only inside SMX */
	"disable TXT in the BIOS or activate TXT before enabling KVM",
	NULL,
};

/* Messages of a KVM module that found no VMX/SVM at all. */
static const char *const no_support_msgs[] = {
	/* arch/x86/kvm/x86.c kvm_arch_init() (before v6.3) */
	"kvm: no hardware support",
	/* vmx.c __kvm_is_vmx_supported() (v6.4+) / kvm_is_vmx_supported()
	 * (v6.3) */
	"VMX not supported by CPU",
	"CPU doesn't support VMX",
	/* svm.c kvm_is_svm_supported(): "SVM not supported by CPU %d, %s"
	 * (v6.4+), "SVM not supported, %s" (v6.3) */
	"SVM not supported",
	NULL,
};

static bool line_matches(const char *line, size_t ll,
			 const char *const *msgs)
{
	for (const char *const *m = msgs; *m; m++)
		if (memmem(line, ll, *m, strlen(*m)))
			return true;
	return false;
}

static void hit_set(struct cpu_klog_hit *h, unsigned long lineno,
		    const char *line, size_t ll)
{
	h->found = true;
	h->lineno = lineno;
	copy_trimmed(h->line, sizeof(h->line), line, ll);
}

void cpu_klog_scan(const char *text, size_t len, struct cpu_klog_hit *fw,
		   struct cpu_klog_hit *nosup)
{
	unsigned long lineno = 0;
	size_t pos = 0;

	memset(fw, 0, sizeof(*fw));
	memset(nosup, 0, sizeof(*nosup));
	while (pos < len && !(fw->found && nosup->found)) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;

		pos += ll + 1;
		lineno++;
		if (!fw->found && line_matches(line, ll, fw_disabled_msgs))
			hit_set(fw, lineno, line, ll);
		else if (!nosup->found &&
			 line_matches(line, ll, no_support_msgs))
			hit_set(nosup, lineno, line, ll);
	}
}

/* Fill the decoded fields from c->raw; -EBADMSG when leaf 0 is empty. */
static int decode_raw(struct cpu_facts *c)
{
	const struct cpu_raw_data_t *r = &c->raw;
	struct cpu_id_t id;

	/* Leaf 0: EBX, EDX, ECX spell the vendor. */
	memcpy(c->vendor_string, &r->basic_cpuid[0][EBX], 4);
	memcpy(c->vendor_string + 4, &r->basic_cpuid[0][EDX], 4);
	memcpy(c->vendor_string + 8, &r->basic_cpuid[0][ECX], 4);
	c->vendor_string[12] = 0;
	if (!c->vendor_string[0] || r->basic_cpuid[0][EAX] < 1)
		return -EBADMSG;
	c->vendor = cpu_vendor_from_string(c->vendor_string);

	c->leaf1_valid = true;
	c->leaf1_ecx = r->basic_cpuid[1][ECX];
	c->vmx = c->leaf1_ecx & CPUID_LEAF1_ECX_VMX;
	c->hypervisor_bit = c->leaf1_ecx & CPUID_LEAF1_ECX_HV;
	/* The extended range is valid up to its own max leaf. */
	if (r->ext_cpuid[0][EAX] >= 0x80000001u &&
	    r->ext_cpuid[0][EAX] <= 0x8000ffffu) {
		c->ext1_valid = true;
		c->ext1_ecx = r->ext_cpuid[1][ECX];
		c->svm = c->ext1_ecx & CPUID_EXT1_ECX_SVM;
	}

	/* Brand and the displayed family/model (Intel SDM Vol. 2A, CPUID
	 * 01h "DisplayFamily"/"DisplayModel") from libcpuid; it works on
	 * the raw copy only.  If it cannot identify the CPU, those stay
	 * empty and the bits above still stand. */
	c->family = c->model = c->stepping = -1;
	if (cpu_identify(&c->raw, &id) == 0) {
		snprintf(c->brand, sizeof(c->brand), "%s", id.brand_str);
		c->family = id.ext_family;
		c->model = id.ext_model;
		c->stepping = id.stepping;
	}
	return 0;
}

static int read_raw_snapshot(struct host *h)
{
	struct cpu_facts *c = &h->cpu;
	char fdpath[64];
	struct stat st;
	int fd, e = 0;

	fd = root_open_fd(h->root, SNAP_CPUID);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		e = -errno;
	else if (!S_ISREG(st.st_mode))
		e = -EINVAL;
	else if ((unsigned long long)st.st_size > CPUID_RAW_CAP)
		e = -EFBIG;
	if (!e) {
		/* libcpuid wants a file name; /proc/self/fd/N keeps the
		 * read on the file the root resolved. */
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
		memset(&c->raw, 0, sizeof(c->raw));
		if (cpuid_deserialize_raw_data(&c->raw, fdpath) != 0)
			e = -EBADMSG;
	}
	close(fd);
	return e;
}

static void read_hv_leaf(struct host *h)
{
	struct cpu_facts *c = &h->cpu;
	struct blob b;
	int e;

	if (h->live) {
		cpu_exec_cpuid(CPUID_HV_LEAF, c->hv_leaf);
		fact_src_set(&c->hv_src, "cpuid", 0);
	} else {
		e = root_read(h->root, SNAP_CPUID_HV, CAP_ATTR, &b);
		if (!e) {
			e = cpu_hv_text_parse(b.data, b.len, c->hv_leaf);
			blob_release(&b);
		}
		fact_src_set(&c->hv_src, SNAP_CPUID_HV, e);
		if (e)
			return;
	}
	cpu_hv_signature(c->hv_leaf, c->hv_signature);
}

static void read_cpuid(struct host *h)
{
	struct cpu_facts *c = &h->cpu;
	int e;

	if (h->live)
		e = cpuid_get_raw_data(&c->raw) == 0 ? 0 : -ENOTSUP;
	else
		e = read_raw_snapshot(h);
	if (!e)
		e = decode_raw(c);
	fact_src_set(&c->cpuid_src, h->live ? "cpuid" : SNAP_CPUID, e);
	if (e) {
		memset(&c->raw, 0, sizeof(c->raw));
		return;
	}
	/* Leaf 0x40000000 means something only under a hypervisor; on bare
	 * metal it returns whatever the highest basic leaf holds. */
	if (c->hypervisor_bit)
		read_hv_leaf(h);
}

static void read_cpuinfo(struct host *h)
{
	struct cpu_facts *c = &h->cpu;
	struct blob b;
	int e = root_read(h->root, "proc/cpuinfo", CAP_TEXT, &b);

	if (!e) {
		e = cpuinfo_parse(b.data, b.len, &c->info);
		c->cpuinfo_src.truncated = b.truncated;
		blob_release(&b);
	}
	fact_src_set(&c->cpuinfo_src, "proc/cpuinfo", e);
}

int probe_cpu(struct host *h)
{
	struct cpu_facts *c = &h->cpu;
	unsigned long klen;
	const char *ktext = klog_text(&h->klog, &klen);

	read_cpuid(h);
	read_cpuinfo(h);
	if (c->vendor == CPU_VENDOR_UNKNOWN && fact_known(&c->cpuinfo_src))
		c->vendor = cpu_vendor_from_string(c->info.vendor_id);
	/* probe_klog() runs first (probe.c); its text may be absent. */
	if (ktext && fact_known(&h->klog.src)) {
		c->klog_scanned = true;
		cpu_klog_scan(ktext, klen, &c->klog_fw_disabled,
			      &c->klog_no_support);
	}
	return 0;
}

void cpu_facts_release(struct cpu_facts *c)
{
	(void)c;
}

int cpu_snapshot_write_raw(const struct cpu_facts *c, const char *path)
{
	struct cpu_raw_data_t raw;

	if (!fact_known(&c->cpuid_src))
		return -ENODATA;
	/* libcpuid's prototype takes a non-const pointer. */
	raw = c->raw;
	return cpuid_serialize_raw_data(&raw, path) == 0 ? 0 : -EIO;
}

int cpu_snapshot_hv_text(const struct cpu_facts *c, char *buf,
			 unsigned int len)
{
	int n;

	if (!fact_known(&c->cpuid_src) || !c->hypervisor_bit ||
	    !fact_known(&c->hv_src))
		return -ENODATA;
	n = snprintf(buf, len, "leaf_40000000=%08x %08x %08x %08x\n",
		     c->hv_leaf[0], c->hv_leaf[1], c->hv_leaf[2],
		     c->hv_leaf[3]);
	return n < 0 || (unsigned int)n >= len ? -ENOSPC : 0;
}

enum tri cpu_virt_capable(const struct cpu_facts *c)
{
	if (fact_known(&c->cpuid_src))
		return c->vmx || c->svm ? TRI_YES : TRI_NO;
	if (cpu_virt_flag(c) == TRI_YES)
		return TRI_YES;
	return TRI_UNKNOWN;
}

enum tri cpu_virt_flag(const struct cpu_facts *c)
{
	if (!fact_known(&c->cpuinfo_src) || !c->info.has_flags)
		return TRI_UNKNOWN;
	return c->info.flag_vmx || c->info.flag_svm ? TRI_YES : TRI_NO;
}

enum tri cpu_virt_disabled_by_firmware(const struct cpu_facts *c)
{
	enum tri flag = cpu_virt_flag(c);

	if (c->klog_fw_disabled.found)
		return TRI_YES;
	if (fact_known(&c->cpuid_src) && (c->vmx || c->svm) &&
	    flag == TRI_NO)
		return TRI_YES;
	if (flag == TRI_YES)
		return TRI_NO;
	if (fact_known(&c->cpuid_src) && !c->vmx && !c->svm)
		return TRI_NO;
	return TRI_UNKNOWN;
}

enum tri cpu_under_hypervisor(const struct cpu_facts *c)
{
	if (fact_known(&c->cpuid_src))
		return c->hypervisor_bit ? TRI_YES : TRI_NO;
	if (fact_known(&c->cpuinfo_src) && c->info.has_flags)
		return c->info.flag_hypervisor ? TRI_YES : TRI_NO;
	return TRI_UNKNOWN;
}

const char *cpu_virtualization_name(const struct cpu_facts *c)
{
	switch (cpu_virt_capable(c)) {
	case TRI_YES:
		if (fact_known(&c->cpuid_src))
			return c->vmx ? "vt-x" : "amd-v";
		return c->info.flag_vmx ? "vt-x" : "amd-v";
	case TRI_NO:
		return "none";
	default:
		return "unknown";
	}
}
