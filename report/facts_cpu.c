/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * facts.cpu: CPUID, the kernel's cpuinfo view, the virtualization summary
 * and, under "kvm", /dev/kvm with its modules and parameters.  A part that
 * could not be read is null, with "<part>_reason" (or "reason" inside an
 * object) saying why.  Nothing here depends on whether the source was live
 * or a snapshot, so both give the same facts.
 */
#include "report.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../probe/probe.h"

static const char *vendor_name(enum cpu_vendor_id v)
{
	switch (v) {
	case CPU_VENDOR_INTEL:
		return "intel";
	case CPU_VENDOR_AMD:
		return "amd";
	case CPU_VENDOR_HYGON:
		return "hygon";
	case CPU_VENDOR_ZHAOXIN:
		return "zhaoxin";
	case CPU_VENDOR_OTHER:
		return "other";
	default:
		return "unknown";
	}
}

static void add_unknown(cJSON *o, const char *key, const struct host *h,
			const struct fact_src *s)
{
	char rk[64];

	snprintf(rk, sizeof(rk), "%s_reason", key);
	cJSON_AddNullToObject(o, key);
	cJSON_AddStringToObject(o, rk, fact_reason(s, h->live, h->as_root));
}

static cJSON *cpuid_json(const struct host *h)
{
	const struct cpu_facts *c = &h->cpu;
	cJSON *o = cJSON_CreateObject();
	char sig[13];
	size_t n;

	cJSON_AddStringToObject(o, "vendor", vendor_name(c->vendor));
	cJSON_AddStringToObject(o, "vendor_string", c->vendor_string);
	report_json_str(o, "brand", c->brand);
	if (c->family >= 0) {
		cJSON_AddNumberToObject(o, "family", c->family);
		cJSON_AddNumberToObject(o, "model", c->model);
		cJSON_AddNumberToObject(o, "stepping", c->stepping);
	} else {
		cJSON_AddNullToObject(o, "family");
		cJSON_AddNullToObject(o, "model");
		cJSON_AddNullToObject(o, "stepping");
	}
	cJSON_AddBoolToObject(o, "vmx", c->vmx);
	cJSON_AddBoolToObject(o, "svm", c->svm);
	cJSON_AddBoolToObject(o, "hypervisor_bit", c->hypervisor_bit);
	if (c->hypervisor_bit && fact_known(&c->hv_src)) {
		/* The signature as printable text: KVM pads with NULs. */
		memcpy(sig, c->hv_signature, sizeof(sig));
		for (n = 0; n < 12 && sig[n]; n++)
			if ((unsigned char)sig[n] < 0x20 ||
			    (unsigned char)sig[n] > 0x7e)
				sig[n] = '?';
		sig[n] = 0;
		cJSON_AddStringToObject(o, "hypervisor_vendor", sig);
		report_json_str(o, "hypervisor_name",
				cpu_hypervisor_name(c->hv_signature));
	} else {
		cJSON_AddNullToObject(o, "hypervisor_vendor");
		cJSON_AddNullToObject(o, "hypervisor_name");
		if (c->hypervisor_bit)
			cJSON_AddStringToObject(o, "hypervisor_reason",
						fact_reason(&c->hv_src, h->live,
							    h->as_root));
	}
	return o;
}

static cJSON *cpuinfo_json(const struct host *h)
{
	const struct cpuinfo_facts *i = &h->cpu.info;
	cJSON *o = cJSON_CreateObject(), *v;

	report_json_str(o, "vendor_id", i->vendor_id);
	report_json_str(o, "model_name", i->model_name);
	cJSON_AddNumberToObject(o, "logical_cpus", i->logical_cpus);
	if (i->has_flags) {
		cJSON_AddBoolToObject(o, "flag_vmx", i->flag_vmx);
		cJSON_AddBoolToObject(o, "flag_svm", i->flag_svm);
		cJSON_AddBoolToObject(o, "flag_hypervisor", i->flag_hypervisor);
	} else {
		cJSON_AddNullToObject(o, "flag_vmx");
		cJSON_AddNullToObject(o, "flag_svm");
		cJSON_AddNullToObject(o, "flag_hypervisor");
	}
	if (!i->has_vmx_flags) {
		cJSON_AddNullToObject(o, "vmx_flags");
		return o;
	}
	v = cJSON_AddArrayToObject(o, "vmx_flags");
	for (const char *p = i->vmx_flags; *p;) {
		size_t n = strcspn(p, " \t");
		char tok[64];

		if (n && n < sizeof(tok)) {
			memcpy(tok, p, n);
			tok[n] = 0;
			cJSON_AddItemToArray(v, cJSON_CreateString(tok));
		}
		p += n;
		p += strspn(p, " \t");
	}
	return o;
}

static cJSON *klog_hit_json(const struct cpu_klog_hit *k)
{
	cJSON *o;

	if (!k->found)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "line", (double)k->lineno);
	cJSON_AddStringToObject(o, "text", k->line);
	return o;
}

static cJSON *dev_kvm_json(const struct host *h)
{
	const struct kvm_facts *k = &h->kvm;
	cJSON *o = cJSON_CreateObject();
	char mode[8];

	if (k->dev_src.err && k->dev_src.err != -ENOENT) {
		cJSON_AddNullToObject(o, "present");
		cJSON_AddStringToObject(o, "reason",
					fact_reason(&k->dev_src, h->live,
						    h->as_root));
	} else {
		cJSON_AddBoolToObject(o, "present", !k->dev_src.err &&
				      (k->dev_char || k->dev_placeholder));
	}
	if (k->mode_known) {
		snprintf(mode, sizeof(mode), "%04o", (unsigned int)k->mode);
		cJSON_AddStringToObject(o, "mode", mode);
		cJSON_AddNumberToObject(o, "uid", k->uid);
		cJSON_AddNumberToObject(o, "gid", k->gid);
	} else {
		cJSON_AddNullToObject(o, "mode");
		cJSON_AddNullToObject(o, "uid");
		cJSON_AddNullToObject(o, "gid");
	}
	report_json_str(o, "group", k->group);
	report_json_tri(o, "usable_by_reader", k->usable_by_reader);
	return o;
}

static cJSON *kvm_json(const struct host *h)
{
	const struct kvm_facts *k = &h->kvm;
	cJSON *o = cJSON_CreateObject(), *mods, *params, *pm;

	cJSON_AddItemToObject(o, "dev_kvm", dev_kvm_json(h));
	mods = cJSON_AddObjectToObject(o, "modules");
	for (int m = 0; m < KVM_MOD_COUNT; m++)
		cJSON_AddStringToObject(mods, kvm_module_name(m),
					module_state_name(k->modules[m]));
	params = cJSON_AddObjectToObject(o, "parameters");
	for (int p = 0; p < KVM_PARAM_COUNT; p++) {
		const char *mod = kvm_param_module(p);

		pm = cJSON_GetObjectItemCaseSensitive(params, mod);
		if (!pm)
			pm = cJSON_AddObjectToObject(params, mod);
		if (fact_known(&k->params[p].src))
			cJSON_AddStringToObject(pm, kvm_param_name(p),
						k->params[p].value);
		else
			cJSON_AddNullToObject(pm, kvm_param_name(p));
	}
	return o;
}

cJSON *report_facts_cpu(const struct host *h)
{
	const struct cpu_facts *c = &h->cpu;
	cJSON *o = cJSON_CreateObject(), *kl;

	if (fact_known(&c->cpuid_src))
		cJSON_AddItemToObject(o, "cpuid", cpuid_json(h));
	else
		add_unknown(o, "cpuid", h, &c->cpuid_src);
	if (fact_known(&c->cpuinfo_src))
		cJSON_AddItemToObject(o, "cpuinfo", cpuinfo_json(h));
	else
		add_unknown(o, "cpuinfo", h, &c->cpuinfo_src);
	cJSON_AddStringToObject(o, "virtualization",
				cpu_virtualization_name(c));
	report_json_tri(o, "disabled_by_firmware", cpu_virt_disabled_by_firmware(c));
	if (c->klog_scanned) {
		kl = cJSON_AddObjectToObject(o, "kernel_log");
		cJSON_AddItemToObject(kl, "disabled_by_firmware",
				      klog_hit_json(&c->klog_fw_disabled));
		cJSON_AddItemToObject(kl, "no_hardware_support",
				      klog_hit_json(&c->klog_no_support));
	} else {
		cJSON_AddNullToObject(o, "kernel_log");
	}
	cJSON_AddItemToObject(o, "kvm", kvm_json(h));
	return o;
}
