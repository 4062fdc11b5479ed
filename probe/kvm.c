/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /dev/kvm (the misc device virt/kvm/kvm_main.c registers as "kvm", minor
 * KVM_MINOR 232), the modules that provide it and the parameters that
 * matter for passthrough guests.  Nothing is opened but through the root;
 * a live /dev/kvm is only stat()ed.
 */
#include "kvm.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"

#define KVM_MAX_GROUPS 1024

static const char *const module_names[KVM_MOD_COUNT] = {
	[KVM_MOD_KVM] = "kvm",
	[KVM_MOD_INTEL] = "kvm_intel",
	[KVM_MOD_AMD] = "kvm_amd",
	[KVM_MOD_PVM] = "kvm_pvm",
};

/* module_param()s of arch/x86/kvm/vmx/vmx.c (nested, enable_ept as
 * "ept", enable_apicv), arch/x86/kvm/svm/svm.c (nested, npt_enabled as
 * "npt", avic) and arch/x86/kvm/x86.c (ignore_msrs). */
static const struct {
	enum kvm_module module;
	const char *name;
} params[KVM_PARAM_COUNT] = {
	[KVM_PARAM_INTEL_NESTED] = { KVM_MOD_INTEL, "nested" },
	[KVM_PARAM_INTEL_EPT] = { KVM_MOD_INTEL, "ept" },
	[KVM_PARAM_INTEL_APICV] = { KVM_MOD_INTEL, "enable_apicv" },
	[KVM_PARAM_AMD_NESTED] = { KVM_MOD_AMD, "nested" },
	[KVM_PARAM_AMD_NPT] = { KVM_MOD_AMD, "npt" },
	[KVM_PARAM_AMD_AVIC] = { KVM_MOD_AMD, "avic" },
	[KVM_PARAM_KVM_IGNORE_MSRS] = { KVM_MOD_KVM, "ignore_msrs" },
};

const char *kvm_module_name(enum kvm_module m)
{
	return m < KVM_MOD_COUNT ? module_names[m] : "?";
}

const char *kvm_param_module(enum kvm_param_id p)
{
	return p < KVM_PARAM_COUNT ? module_names[params[p].module] : "?";
}

const char *kvm_param_name(enum kvm_param_id p)
{
	return p < KVM_PARAM_COUNT ? params[p].name : "?";
}

bool kvm_param_on(const struct kvm_param *p)
{
	char *end;
	long v;

	if (!fact_known(&p->src))
		return false;
	/* param_get_bool() prints "Y"/"N"; nested on kvm_amd is an int. */
	if (p->value[0] == 'Y' || p->value[0] == 'y')
		return true;
	errno = 0;
	v = strtol(p->value, &end, 10);
	return !errno && end != p->value && v != 0;
}

static bool parse_ulong(const char *s, size_t n, int base,
			unsigned long *out)
{
	char buf[32], *end;

	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = 0;
	if (buf[0] == '-' || buf[0] == '+')
		return false;
	errno = 0;
	*out = strtoul(buf, &end, base);
	return !errno && *end == 0;
}

int kvm_node_parse(const char *text, size_t len, struct kvm_node_record *out)
{
	unsigned long v, mode = 0, uid = 0, gid = 0;
	bool have_mode = false, have_uid = false, have_gid = false;
	size_t ll = len, pos = 0;
	const char *nl = memchr(text, '\n', len);

	memset(out, 0, sizeof(*out));
	if (nl)
		ll = (size_t)(nl - text);
	while (pos < ll) {
		const char *w = text + pos, *eq;
		size_t wl = 0;

		while (pos + wl < ll && w[wl] != ' ' && w[wl] != '\r')
			wl++;
		pos += wl + 1;
		if (!wl)
			continue;
		eq = memchr(w, '=', wl);
		if (!eq)
			return -EBADMSG;
		size_t kl = (size_t)(eq - w), vl = wl - kl - 1;
		const char *val = eq + 1;

		if (kl == 4 && !memcmp(w, "node", 4)) {
			if (vl != 4 || memcmp(val, "char", 4))
				return -EBADMSG;
		} else if (kl == 4 && !memcmp(w, "mode", 4)) {
			if (!parse_ulong(val, vl, 8, &v) || v > 07777)
				return -EBADMSG;
			mode = v;
			have_mode = true;
		} else if (kl == 3 && !memcmp(w, "uid", 3)) {
			if (!parse_ulong(val, vl, 10, &v) || v > UINT32_MAX)
				return -EBADMSG;
			uid = v;
			have_uid = true;
		} else if (kl == 3 && !memcmp(w, "gid", 3)) {
			if (!parse_ulong(val, vl, 10, &v) || v > UINT32_MAX)
				return -EBADMSG;
			gid = v;
			have_gid = true;
		} else if (kl == 9 && !memcmp(w, "reader_rw", 9)) {
			if (vl == 3 && !memcmp(val, "yes", 3))
				out->reader_rw = TRI_YES;
			else if (vl == 2 && !memcmp(val, "no", 2))
				out->reader_rw = TRI_NO;
			else
				return -EBADMSG;
		}
		/* Other keys: a later capture may add some; ignore them. */
	}
	if (!have_mode || !have_uid || !have_gid) {
		memset(out, 0, sizeof(*out));
		return -EBADMSG;
	}
	out->mode_known = true;
	out->mode = (mode_t)mode;
	out->uid = (uid_t)uid;
	out->gid = (gid_t)gid;
	return 0;
}

int kvm_group_lookup(const char *text, size_t len, gid_t gid, char *name,
		     size_t namelen)
{
	size_t pos = 0;

	/* group(5): name:password:GID:members */
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		const char *c1, *c2, *c3;
		unsigned long v;

		pos += ll + 1;
		c1 = memchr(line, ':', ll);
		if (!c1)
			continue;
		c2 = memchr(c1 + 1, ':', ll - (size_t)(c1 + 1 - line));
		if (!c2)
			continue;
		c3 = memchr(c2 + 1, ':', ll - (size_t)(c2 + 1 - line));
		if (!c3)
			continue;
		if (!parse_ulong(c2 + 1, (size_t)(c3 - c2 - 1), 10, &v) ||
		    v != gid)
			continue;
		if ((size_t)(c1 - line) >= namelen || c1 == line)
			return -ENOSPC;
		memcpy(name, line, (size_t)(c1 - line));
		name[c1 - line] = 0;
		return 0;
	}
	return -ENOENT;
}

bool kvm_mode_allows_rw(mode_t mode, uid_t uid, gid_t gid, uid_t euid,
			gid_t egid, const gid_t *groups, size_t ngroups)
{
	bool in_group = egid == gid;

	if (euid == 0)
		return true;
	if (euid == uid)
		return (mode & (S_IRUSR | S_IWUSR)) == (S_IRUSR | S_IWUSR);
	for (size_t i = 0; !in_group && i < ngroups; i++)
		in_group = groups[i] == gid;
	if (in_group)
		return (mode & (S_IRGRP | S_IWGRP)) == (S_IRGRP | S_IWGRP);
	return (mode & (S_IROTH | S_IWOTH)) == (S_IROTH | S_IWOTH);
}

static enum tri live_reader_rw(const struct kvm_facts *k)
{
	gid_t groups[KVM_MAX_GROUPS];
	int n = getgroups(KVM_MAX_GROUPS, groups);

	if (n < 0)
		return TRI_UNKNOWN;
	/* Mode bits only: a POSIX ACL (logind's "uaccess" tag) can grant
	 * more, so a "no" here is worded as a warning, never a failure. */
	return kvm_mode_allows_rw(k->mode, k->uid, k->gid, geteuid(),
				  getegid(), groups, (size_t)n) ?
		       TRI_YES : TRI_NO;
}

static void read_placeholder(struct host *h)
{
	struct kvm_facts *k = &h->kvm;
	struct kvm_node_record rec;
	struct blob b;

	if (root_read(h->root, "dev/kvm", CAP_ATTR, &b))
		return;
	if (!kvm_node_parse(b.data, b.len, &rec)) {
		k->mode_known = true;
		k->mode = rec.mode;
		k->uid = rec.uid;
		k->gid = rec.gid;
		k->usable_by_reader = rec.reader_rw;
	}
	blob_release(&b);
}

static void read_group(struct host *h)
{
	struct kvm_facts *k = &h->kvm;
	struct blob b;
	int e = root_read(h->root, "etc/group", CAP_TEXT, &b);

	if (!e) {
		e = kvm_group_lookup(b.data, b.len, k->gid, k->group,
				     sizeof(k->group));
		if (e)
			k->group[0] = 0;
		blob_release(&b);
	}
	fact_src_set(&k->group_src, "etc/group", e);
}

static void read_dev(struct host *h)
{
	struct kvm_facts *k = &h->kvm;
	struct stat st;
	int e = root_stat(h->root, "dev/kvm", &st);

	fact_src_set(&k->dev_src, "dev/kvm", e);
	if (e)
		return;
	if (S_ISCHR(st.st_mode)) {
		k->dev_char = true;
		k->mode_known = true;
		k->mode = st.st_mode & 07777;
		k->uid = st.st_uid;
		k->gid = st.st_gid;
	} else if (!h->live && S_ISREG(st.st_mode)) {
		k->dev_placeholder = true;
		read_placeholder(h);
	}
	if (k->mode_known)
		read_group(h);

	/* Live: the mode against this process's ids.  Else root can open it,
	 * and so can anyone when the mode lets others read and write. */
	if (h->live && k->dev_char)
		k->usable_by_reader = live_reader_rw(k);
	else if (k->usable_by_reader == TRI_UNKNOWN &&
		 ((h->as_root_known && h->as_root &&
		   (k->dev_char || k->dev_placeholder)) ||
		  (k->mode_known &&
		   (k->mode & (S_IROTH | S_IWOTH)) == (S_IROTH | S_IWOTH))))
		k->usable_by_reader = TRI_YES;
}

static void read_param(struct host *h, enum kvm_param_id p)
{
	struct kvm_param *kp = &h->kvm.params[p];
	char path[128];
	struct blob b;
	int e;

	snprintf(path, sizeof(path), "sys/module/%s/parameters/%s",
		 kvm_param_module(p), kvm_param_name(p));
	e = root_read(h->root, path, CAP_ATTR, &b);
	fact_src_set(&kp->src, path, e);
	if (e)
		return;
	size_t n = strcspn(b.data, "\r\n");

	if (n >= sizeof(kp->value))
		n = sizeof(kp->value) - 1;
	memcpy(kp->value, b.data, n);
	kp->value[n] = 0;
	blob_release(&b);
}

int probe_kvm(struct host *h)
{
	read_dev(h);
	/* probe_modules() runs first (probe.c). */
	for (int m = 0; m < KVM_MOD_COUNT; m++)
		h->kvm.modules[m] = module_state(&h->modules, module_names[m]);
	for (int p = 0; p < KVM_PARAM_COUNT; p++)
		read_param(h, p);
	return 0;
}

void kvm_facts_release(struct kvm_facts *k)
{
	(void)k;
}

int kvm_snapshot_node_text(const struct kvm_facts *k, char *buf, size_t len)
{
	int n;

	if (!fact_known(&k->dev_src) || !k->mode_known)
		return -ENODATA;
	n = snprintf(buf, len, "node=char mode=%04o uid=%lu gid=%lu%s\n",
		     (unsigned int)k->mode, (unsigned long)k->uid,
		     (unsigned long)k->gid,
		     k->usable_by_reader == TRI_YES ? " reader_rw=yes" :
		     k->usable_by_reader == TRI_NO ? " reader_rw=no" : "");
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}
