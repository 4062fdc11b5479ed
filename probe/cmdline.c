/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/cmdline: split like the kernel, then interpreted parameter by
 * parameter with the kernel's own matching rules.  Everything but
 * probe_cmdline() is a pure function of its arguments.
 */
#include "cmdline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "text.h"

static char *skip_spaces(char *s)
{
	while (text_is_space(*s))
		s++;
	return s;
}

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

static void params_release(struct cmdline_facts *c)
{
	for (size_t i = 0; i < c->nparams; i++) {
		free(c->params[i].name);
		free(c->params[i].value);
		free(c->params[i].token);
	}
	free(c->params);
	free(c->init_args);
	c->params = NULL;
	c->nparams = 0;
	c->init_args = NULL;
}

static int params_add(struct cmdline_facts *c, size_t *alloc,
		      const char *name, const char *value, const char *tok,
		      size_t toklen)
{
	struct cmdline_param *p;

	if (c->nparams == *alloc) {
		size_t n = *alloc ? *alloc * 2 : 16;
		struct cmdline_param *nv = realloc(c->params, n * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		c->params = nv;
		*alloc = n;
	}
	p = &c->params[c->nparams];
	p->name = strdup(name);
	p->value = value ? strdup(value) : NULL;
	p->token = dup_range(tok, toklen);
	if (!p->name || (value && !p->value) || !p->token) {
		free(p->name);
		free(p->value);
		free(p->token);
		return -ENOMEM;
	}
	c->nparams++;
	return 0;
}

/*
 * next_arg() of lib/cmdline.c, step for step: a leading '"' opens a quote
 * around the whole parameter, '"' toggles quoting, whitespace outside
 * quotes ends the parameter, the first '=' (not at offset 0) splits name
 * from value, and one pair of quotes around the value is dropped.  *END
 * gets the offset (from ARGS) where the parameter as written ends.
 */
static char *next_arg(char *args, char **param, char **val, size_t *end)
{
	size_t i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = true;
		quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (text_is_space(args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*end = i + (quoted ? 1 : 0);
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = 0;
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = 0;
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = 0;
	if (args[i]) {
		args[i] = 0;
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

int cmdline_parse(const char *text, size_t len, struct cmdline_facts *c)
{
	char *work, *args;
	size_t alloc = 0;
	int e = 0;

	params_release(c);
	work = dup_range(text, len);
	if (!work)
		return -ENOMEM;
	/* parse_args() in kernel/params.c: skip leading spaces, then one
	 * next_arg() per parameter until the end or a bare "--". */
	args = skip_spaces(work);
	while (*args) {
		char *param, *val;
		size_t start = (size_t)(args - work), end;

		args = next_arg(args, &param, &val, &end);
		if (!val && !strcmp(param, "--")) {
			size_t n = strcspn(args, "\n");

			while (n && text_is_space(args[n - 1]))
				n--;
			c->init_args = dup_range(args, n);
			if (!c->init_args)
				e = -ENOMEM;
			break;
		}
		/* The token is the same range of the untouched input. */
		e = params_add(c, &alloc, param, val, text + start, end);
		if (e)
			break;
	}
	free(work);
	if (e)
		params_release(c);
	return e;
}

/* parameq(): '-' and '_' are the same in parameter names. */
static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

bool cmdline_param_is(const struct cmdline_param *p, const char *name)
{
	return name_eq(p->name, name);
}

const struct cmdline_param *cmdline_find_last(const struct cmdline_facts *c,
					      const char *name)
{
	for (size_t i = c->nparams; i-- > 0;)
		if (cmdline_param_is(&c->params[i], name))
			return &c->params[i];
	return NULL;
}

bool cmdline_next_opt(const char **pos, const char **opt, size_t *len)
{
	const char *s = *pos;

	while (*s == ',')
		s++;
	if (!*s) {
		*pos = s;
		return false;
	}
	*opt = s;
	*len = strcspn(s, ",");
	*pos = s + *len;
	return true;
}

int cmdline_kstrtobool(const char *s, bool *out)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*out = true;
		return 0;
	case 'n': case 'N': case '0':
		*out = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*out = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*out = false;
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

/* strncmp(str, word, strlen(word)) == 0, bounded by the option's LEN:
 * the kernel's prefix match ("onfoo" is "on"). */
static bool prefix(const char *opt, size_t len, const char *word)
{
	size_t wl = strlen(word);

	return len >= wl && !memcmp(opt, word, wl);
}

enum intel_iommu_opt cmdline_intel_iommu_opt(const char *opt, size_t len)
{
	/* Same order as the if/else chain of intel_iommu_setup(). */
	static const char *const words[] = {
		[INTEL_OPT_ON] = "on",
		[INTEL_OPT_OFF] = "off",
		[INTEL_OPT_IGFX_OFF] = "igfx_off",
		[INTEL_OPT_FORCEDAC] = "forcedac",
		[INTEL_OPT_STRICT] = "strict",
		[INTEL_OPT_SP_OFF] = "sp_off",
		[INTEL_OPT_SM_ON] = "sm_on",
		[INTEL_OPT_SM_OFF] = "sm_off",
		[INTEL_OPT_TBOOT_NOFORCE] = "tboot_noforce",
	};

	for (size_t i = 0; i < INTEL_OPT_UNKNOWN; i++)
		if (prefix(opt, len, words[i]))
			return (enum intel_iommu_opt)i;
	return INTEL_OPT_UNKNOWN;
}

enum amd_iommu_opt cmdline_amd_iommu_opt(const char *opt, size_t len)
{
	/* Same order as parse_amd_iommu_options(). */
	static const char *const words[] = {
		[AMD_OPT_FULLFLUSH] = "fullflush",
		[AMD_OPT_FORCE_ENABLE] = "force_enable",
		[AMD_OPT_OFF] = "off",
		[AMD_OPT_FORCE_ISOLATION] = "force_isolation",
		[AMD_OPT_PGTBL_V1] = "pgtbl_v1",
		[AMD_OPT_PGTBL_V2] = "pgtbl_v2",
		[AMD_OPT_IRTCACHEDIS] = "irtcachedis",
		[AMD_OPT_NOHUGEPAGES] = "nohugepages",
		[AMD_OPT_V2_PGSIZES_ONLY] = "v2_pgsizes_only",
	};

	for (size_t i = 0; i < AMD_OPT_UNKNOWN; i++)
		if (prefix(opt, len, words[i]))
			return (enum amd_iommu_opt)i;
	return AMD_OPT_UNKNOWN;
}

unsigned int cmdline_iommu_opt(const char *opt, size_t len)
{
	/* iommu_setup() tests each word with its own if, not else-if. */
	static const char *const other[] = {
		"noforce", "biomerge", "panic", "nopanic", "merge", "nomerge",
		"forcesac", "allowdac", "nodac", "usedac", "fullflush",
		"nofullflush", "noagp", "noaperture", "memaper", "calgary",
	};
	unsigned int f = 0;

	if (prefix(opt, len, "off"))
		f |= IOMMU_OPT_OFF;
	if (prefix(opt, len, "force"))
		f |= IOMMU_OPT_FORCE;
	if (prefix(opt, len, "soft"))
		f |= IOMMU_OPT_SOFT;
	if (prefix(opt, len, "pt"))
		f |= IOMMU_OPT_PT;
	if (prefix(opt, len, "nopt"))
		f |= IOMMU_OPT_NOPT;
	/* gart_parse_options(): a leading digit is the aperture size. */
	if (len && opt[0] >= '0' && opt[0] <= '9')
		f |= IOMMU_OPT_GART_SIZE;
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (prefix(opt, len, other[i]))
			f |= IOMMU_OPT_OTHER;
	return f;
}

enum intremap_opt cmdline_intremap_opt(const char *opt, size_t len)
{
	static const char *const words[] = {
		[INTREMAP_OPT_ON] = "on",
		[INTREMAP_OPT_OFF] = "off",
		[INTREMAP_OPT_NOSID] = "nosid",
		[INTREMAP_OPT_NO_X2APIC_OPTOUT] = "no_x2apic_optout",
		[INTREMAP_OPT_NOPOST] = "nopost",
		[INTREMAP_OPT_POSTED_MSI] = "posted_msi",
	};

	for (size_t i = 0; i < INTREMAP_OPT_UNKNOWN; i++)
		if (prefix(opt, len, words[i]))
			return (enum intremap_opt)i;
	return INTREMAP_OPT_UNKNOWN;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* N hex digits exactly at S (within LEN). */
static bool hex_run(const char *s, size_t len, size_t n)
{
	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_hex(s[i]))
			return false;
	return true;
}

bool cmdline_acs_override_opt_valid(const char *opt, size_t len)
{
	if (prefix(opt, len, "downstream") || prefix(opt, len, "multifunction"))
		return true;
	if (!prefix(opt, len, "id:"))
		return false;
	/* The patch copies four characters for each ID (snprintf(opt, 5))
	 * and kstrtol()s them in base 16, so each must be four hex digits,
	 * the vendor followed by ':'. */
	opt += 3;
	len -= 3;
	return len == 9 && hex_run(opt, 4, 4) && opt[4] == ':' &&
	       hex_run(opt + 5, 4, 4);
}

bool cmdline_vfio_id_valid(const char *entry, size_t len)
{
	/* Widths: vendor, device, subvendor, subdevice: 16 bit; class and
	 * class_mask: 32 bit (sscanf "%x:%x:%x:%x:%x:%x", needs >= 2). */
	static const size_t maxw[] = { 4, 4, 4, 4, 8, 8 };
	size_t field = 0, i = 0;

	while (i <= len) {
		size_t w = 0;

		if (field >= 6)
			return false;
		while (i + w < len && is_hex(entry[i + w]))
			w++;
		if (!w || w > maxw[field])
			return false;
		i += w;
		field++;
		if (i == len)
			break;
		if (entry[i] != ':')
			return false;
		i++;
	}
	return field >= 2;
}

bool cmdline_video_fb_off(const char *value, const char *fb)
{
	size_t n = strlen(fb);

	if (!value || strncmp(value, fb, n) || value[n] != ':')
		return false;
	return !strncmp(value + n + 1, "off", 3);
}

enum tri cmdline_module_bool(const struct cmdline_param *p)
{
	bool b;

	if (!p->value)
		return TRI_YES;
	if (cmdline_kstrtobool(p->value, &b))
		return TRI_UNKNOWN;
	return b ? TRI_YES : TRI_NO;
}

static enum tri early_bool(const struct cmdline_param *p)
{
	bool b;

	if (cmdline_kstrtobool(p->value, &b))
		return TRI_UNKNOWN;
	return b ? TRI_YES : TRI_NO;
}

static void summarise_one(const struct cmdline_param *p,
			  struct cmdline_summary *s)
{
	const char *pos = p->value, *opt;
	size_t len;
	enum tri t;

	/* Setup handlers without a value are not called (__setup("x=")
	 * does not match "x"; early_param handlers return -EINVAL). */
	if (cmdline_param_is(p, "intel_iommu") && pos) {
		while (cmdline_next_opt(&pos, &opt, &len)) {
			switch (cmdline_intel_iommu_opt(opt, len)) {
			case INTEL_OPT_ON:
				s->intel_on = TRI_YES;
				s->intel_decider = p;
				break;
			case INTEL_OPT_OFF:
				s->intel_on = TRI_NO;
				s->intel_decider = p;
				break;
			case INTEL_OPT_STRICT:
				s->strict = TRI_YES;
				break;
			default:
				break;
			}
		}
	} else if (cmdline_param_is(p, "amd_iommu") && pos) {
		while (cmdline_next_opt(&pos, &opt, &len)) {
			enum amd_iommu_opt o = cmdline_amd_iommu_opt(opt, len);

			if (o == AMD_OPT_OFF) {
				s->amd_off = true;
				s->amd_off_param = p;
			} else if (o == AMD_OPT_FULLFLUSH) {
				s->strict = TRI_YES;
			}
		}
	} else if (cmdline_param_is(p, "iommu") && pos) {
		while (cmdline_next_opt(&pos, &opt, &len)) {
			unsigned int f = cmdline_iommu_opt(opt, len);

			if (f & IOMMU_OPT_OFF) {
				s->iommu_off = true;
				s->iommu_off_param = p;
			}
			if (f & (IOMMU_OPT_PT | IOMMU_OPT_NOPT)) {
				s->passthrough = f & IOMMU_OPT_PT ? TRI_YES
								  : TRI_NO;
				s->passthrough_param = p;
			}
		}
	} else if (cmdline_param_is(p, "iommu.passthrough")) {
		t = early_bool(p);
		if (t != TRI_UNKNOWN) {
			s->passthrough = t;
			s->passthrough_param = p;
		}
	} else if (cmdline_param_is(p, "iommu.strict")) {
		t = early_bool(p);
		if (t != TRI_UNKNOWN)
			s->strict = t;
	} else if (cmdline_param_is(p, "intremap") && pos) {
		while (cmdline_next_opt(&pos, &opt, &len)) {
			enum intremap_opt o = cmdline_intremap_opt(opt, len);

			if (o == INTREMAP_OPT_ON || o == INTREMAP_OPT_OFF) {
				s->intremap = o == INTREMAP_OPT_ON ? TRI_YES
								   : TRI_NO;
				s->intremap_param = p;
			}
		}
	} else if (cmdline_param_is(p, "vfio_iommu_type1.allow_unsafe_interrupts") ||
		   cmdline_param_is(p, "iommufd.allow_unsafe_interrupts")) {
		t = cmdline_module_bool(p);
		if (t != TRI_UNKNOWN) {
			s->allow_unsafe_interrupts = t;
			s->unsafe_param = p;
		}
	} else if (cmdline_param_is(p, "vfio.enable_unsafe_noiommu_mode")) {
		t = cmdline_module_bool(p);
		if (t != TRI_UNKNOWN) {
			s->noiommu_mode = t;
			s->noiommu_param = p;
		}
	} else if (cmdline_param_is(p, "vfio_pci.ids")) {
		s->vfio_ids = p;
	} else if (cmdline_param_is(p, "pcie_acs_override") && pos) {
		s->acs_override = p;
	}
}

void cmdline_summarise(const struct cmdline_facts *c,
		       struct cmdline_summary *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < c->nparams; i++)
		summarise_one(&c->params[i], s);
}

int probe_cmdline(struct host *h)
{
	struct blob b;
	int e = root_read(h->root, "proc/cmdline", CAP_ATTR, &b);

	fact_src_set(&h->cmdline.src, "proc/cmdline", e);
	if (e)
		return 0;
	h->cmdline.src.truncated = b.truncated;
	snprintf(h->cmdline.raw, sizeof(h->cmdline.raw), "%.*s",
		 (int)strcspn(b.data, "\n"), b.data);
	e = cmdline_parse(b.data, b.len, &h->cmdline);
	blob_release(&b);
	if (e)
		fact_src_set(&h->cmdline.src, "proc/cmdline", e);
	return 0;
}

void cmdline_facts_release(struct cmdline_facts *c)
{
	params_release(c);
}
