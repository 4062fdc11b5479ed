/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_CMDLINE_H
#define VFIO_READY_PROBE_CMDLINE_H

/*
 * The kernel command line (/proc/cmdline) and the running kernel's build
 * configuration (/boot/config-RELEASE, /proc/config.gz or the build tree's
 * .config).
 *
 * The command line is split exactly as the kernel splits it (next_arg() in
 * lib/cmdline.c, parse_args() in kernel/params.c), then each parameter that
 * matters for passthrough is interpreted by a pure function that follows
 * the kernel's own setup handler, prefix matches and all.
 */

#include <stdbool.h>
#include <stddef.h>

#include "fact.h"
#include "root.h"

struct host;

/* One kernel parameter, in command-line order. */
struct cmdline_param {
	char *name;        /* quotes removed */
	char *value;       /* NULL when there is no '=' ("" for "x=") */
	char *token;       /* the parameter as written on the line */
};

struct cmdline_facts {
	struct fact_src src;
	char raw[4096];
	struct cmdline_param *params;   /* kernel parameters only */
	size_t nparams;
	char *init_args;   /* what follows a bare "--": init's, not the
			      kernel's; NULL when there is no "--" */
};

/*
 * Pure: split TEXT (LEN bytes, need not be NUL-terminated) into C->params
 * and C->init_args like parse_args()/next_arg().  C's previous params are
 * released first.  Returns 0 or -ENOMEM.
 */
int cmdline_parse(const char *text, size_t len, struct cmdline_facts *c);

/* NAME equals the parameter's name, '-' and '_' alike (parameq()). */
bool cmdline_param_is(const struct cmdline_param *p, const char *name);
/* The last parameter called NAME, or NULL. */
const struct cmdline_param *cmdline_find_last(const struct cmdline_facts *c,
					      const char *name);

/*
 * Walk a comma list the way the kernel's setup loops do (skip to the next
 * ',' with strcspn(), then past every ','): *POS starts at
 * the value; each call stores the next option in *OPT and *LEN (LEN up to the
 * next ',') and returns false at the end.
 */
bool cmdline_next_opt(const char **pos, const char **opt, size_t *len);

/* kstrtobool() (lib/kstrtox.c): 1/y/Y/on true, 0/n/N/off false.
 * Returns 0 or -EINVAL (S NULL, empty or anything else). */
int cmdline_kstrtobool(const char *s, bool *out);

/* intel_iommu= options, matched by prefix in the order of
 * intel_iommu_setup() (drivers/iommu/intel/iommu.c). */
enum intel_iommu_opt {
	INTEL_OPT_ON,
	INTEL_OPT_OFF,
	INTEL_OPT_IGFX_OFF,
	INTEL_OPT_FORCEDAC,
	INTEL_OPT_STRICT,
	INTEL_OPT_SP_OFF,
	INTEL_OPT_SM_ON,
	INTEL_OPT_SM_OFF,
	INTEL_OPT_TBOOT_NOFORCE,
	INTEL_OPT_UNKNOWN,          /* "DMAR: Unknown option - '...'" */
};
enum intel_iommu_opt cmdline_intel_iommu_opt(const char *opt, size_t len);

/* amd_iommu= options, parse_amd_iommu_options() (amd/init.c).  There is
 * no "on". */
enum amd_iommu_opt {
	AMD_OPT_FULLFLUSH,
	AMD_OPT_FORCE_ENABLE,
	AMD_OPT_OFF,
	AMD_OPT_FORCE_ISOLATION,
	AMD_OPT_PGTBL_V1,
	AMD_OPT_PGTBL_V2,
	AMD_OPT_IRTCACHEDIS,
	AMD_OPT_NOHUGEPAGES,
	AMD_OPT_V2_PGSIZES_ONLY,
	AMD_OPT_UNKNOWN,            /* "AMD-Vi: Unknown option - '...'" */
};
enum amd_iommu_opt cmdline_amd_iommu_opt(const char *opt, size_t len);

/* x86 iommu= (iommu_setup(), arch/x86/kernel/pci-dma.c).  Its tests are
 * independent ifs, so one option may set several of these bits. */
#define IOMMU_OPT_OFF        (1u << 0)   /* no_iommu = 1 */
#define IOMMU_OPT_PT         (1u << 1)   /* identity default domain */
#define IOMMU_OPT_NOPT       (1u << 2)   /* translated default domain */
#define IOMMU_OPT_FORCE      (1u << 3)   /* legacy GART */
#define IOMMU_OPT_SOFT       (1u << 4)   /* swiotlb */
#define IOMMU_OPT_GART_SIZE  (1u << 5)   /* a number: GART aperture size */
#define IOMMU_OPT_OTHER      (1u << 6)   /* merge, panic, *dac ... */
unsigned int cmdline_iommu_opt(const char *opt, size_t len);

/* intremap= (setup_irqremap(), drivers/iommu/irq_remapping.c). */
enum intremap_opt {
	INTREMAP_OPT_ON,
	INTREMAP_OPT_OFF,
	INTREMAP_OPT_NOSID,
	INTREMAP_OPT_NO_X2APIC_OPTOUT,
	INTREMAP_OPT_NOPOST,
	INTREMAP_OPT_POSTED_MSI,
	INTREMAP_OPT_UNKNOWN,       /* silently ignored by the kernel */
};
enum intremap_opt cmdline_intremap_opt(const char *opt, size_t len);

/*
 * One pcie_acs_override= option (out-of-tree pcie_acs_override_setup()):
 * "downstream", "multifunction" or "id:vvvv:dddd".  Returns true if the
 * patch would accept it.
 */
bool cmdline_acs_override_opt_valid(const char *opt, size_t len);

/*
 * One vfio-pci.ids= entry: vendor:device[:subvendor[:subdevice[:class
 * [:class_mask]]]] in hex (vfio_pci_fill_ids(), drivers/vfio/pci/
 * vfio_pci.c).  Strict: IDs of 1-4 hex digits, class fields of 1-8.
 */
bool cmdline_vfio_id_valid(const char *entry, size_t len);

/* Does video= VALUE switch framebuffer driver FB off (fb_get_options():
 * the entry must start with "FB:" and its options with "off")? */
bool cmdline_video_fb_off(const char *value, const char *fb);

/*
 * The effect of the whole command line, each setting applied in order as
 * the kernel applies it (so the last of intel_iommu=on/off wins).  The
 * param pointers point into the cmdline_facts and say which token decided.
 */
struct cmdline_summary {
	enum tri intel_on;          /* intel_iommu=on/off; UNKNOWN: neither */
	const struct cmdline_param *intel_decider;
	bool amd_off;
	const struct cmdline_param *amd_off_param;
	bool iommu_off;             /* iommu=off: no_iommu, both drivers skip */
	const struct cmdline_param *iommu_off_param;
	enum tri passthrough;       /* iommu=pt/nopt, iommu.passthrough= */
	const struct cmdline_param *passthrough_param;
	enum tri strict;            /* iommu.strict=, intel_iommu=strict,
				       amd_iommu=fullflush */
	enum tri intremap;          /* intremap=on/off */
	const struct cmdline_param *intremap_param;
	enum tri allow_unsafe_interrupts;
	const struct cmdline_param *unsafe_param;
	enum tri noiommu_mode;      /* vfio.enable_unsafe_noiommu_mode */
	const struct cmdline_param *noiommu_param;
	const struct cmdline_param *vfio_ids;   /* the last one: it wins */
	const struct cmdline_param *acs_override;
};

void cmdline_summarise(const struct cmdline_facts *c,
		       struct cmdline_summary *s);

/* A module bool parameter (param_set_bool(): no value means true). */
enum tri cmdline_module_bool(const struct cmdline_param *p);

/* Kernel build config. */
enum kconfig_state {
	KCONFIG_UNKNOWN = 0,   /* no config was read */
	KCONFIG_NOT_SET,       /* "# CONFIG_X is not set" or not in the file */
	KCONFIG_YES,
	KCONFIG_MODULE,
	KCONFIG_VALUE,         /* a string or number */
};

/* The options kept (kernel.md section 5.5 and the IOMMU/VFIO/KVM ones),
 * in the order facts.kernel.config.options lists them. */
extern const char *const kconfig_tracked[];
#define KCONFIG_NTRACKED 31

struct kconfig_option {
	enum kconfig_state state;
	bool listed;           /* the file mentions it at all */
	char value[64];        /* the text after '=' */
};

struct kconfig_facts {
	struct fact_src src;   /* the file the config came from */
	bool loaded;           /* a config was parsed */
	struct kconfig_option opts[KCONFIG_NTRACKED];
};

/* Pure: parse a .config TEXT into K's tracked options. */
void kconfig_parse(const char *text, size_t len, struct kconfig_facts *k);
/* The state of tracked option NAME (UNKNOWN if none was read or NAME is
 * not tracked); VALUE, if not NULL, gets the option or NULL. */
enum kconfig_state kconfig_get(const struct kconfig_facts *k,
			       const char *name,
			       const struct kconfig_option **value);
/* NAME's line as the config has it, for evidence: "CONFIG_X=y",
 * "# CONFIG_X is not set" or "CONFIG_X absent (its dependencies are not
 * met)". */
char *kconfig_line(const struct kconfig_facts *k, const char *name,
		   char *buf, size_t len);

/* Pure: gunzip GZ (LEN bytes) in memory with libarchive into *OUT,
 * NUL-terminated.  -EFBIG past CAP bytes, -EBADMSG if not gzip. */
int kconfig_gunzip(const void *gz, size_t len, size_t cap, struct blob *out);
#define KCONFIG_GZ_CAP ((size_t)4 * 1024 * 1024)

/* Pure: "6.1.0-18-amd64" -> 6, 1.  False if it does not start with
 * "N.N". */
bool kernel_version_parse(const char *release, unsigned int *major,
			  unsigned int *minor);

int probe_cmdline(struct host *h);
int probe_kconfig(struct host *h);
void cmdline_facts_release(struct cmdline_facts *c);
void kconfig_facts_release(struct kconfig_facts *k);

#endif
