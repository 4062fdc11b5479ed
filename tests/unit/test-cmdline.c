/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command-line tokenizer and interpreters, the kernel-config parser
 * and gunzip, and the cmdline check's judgement on small hosts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../checks/check.h"
#include "../../probe/probe.h"

extern const struct check check_cmdline;

static void parse(struct cmdline_facts *c, const char *s)
{
	assert_int_equal(cmdline_parse(s, strlen(s), c), 0);
}

static void expect_param(const struct cmdline_facts *c, size_t i,
			 const char *name, const char *value)
{
	assert_true(i < c->nparams);
	assert_string_equal(c->params[i].name, name);
	if (value)
		assert_string_equal(c->params[i].value, value);
	else
		assert_null(c->params[i].value);
}

static void test_tokenize_basic(void **state)
{
	struct cmdline_facts c = { 0 };

	(void)state;
	parse(&c, "  BOOT_IMAGE=/vmlinuz ro  quiet\tintel_iommu=on,igfx_off "
		  "x= =y a=b=c\n");
	assert_int_equal(c.nparams, 7);
	expect_param(&c, 0, "BOOT_IMAGE", "/vmlinuz");
	expect_param(&c, 1, "ro", NULL);
	expect_param(&c, 2, "quiet", NULL);
	expect_param(&c, 3, "intel_iommu", "on,igfx_off");
	assert_string_equal(c.params[3].token, "intel_iommu=on,igfx_off");
	expect_param(&c, 4, "x", "");
	/* next_arg(): an '=' at offset 0 does not split */
	expect_param(&c, 5, "=y", NULL);
	expect_param(&c, 6, "a", "b=c");
	assert_null(c.init_args);
	cmdline_facts_release(&c);
}

static void test_tokenize_quotes(void **state)
{
	struct cmdline_facts c = { 0 };

	(void)state;
	parse(&c, "dyndbg=\"file x.c +p\" \"quoted param=v w\" a=\"b\"c");
	assert_int_equal(c.nparams, 3);
	expect_param(&c, 0, "dyndbg", "file x.c +p");
	assert_string_equal(c.params[0].token, "dyndbg=\"file x.c +p\"");
	expect_param(&c, 1, "quoted param", "v w");
	assert_string_equal(c.params[1].token, "\"quoted param=v w\"");
	/* only a closing quote at the very end is dropped */
	expect_param(&c, 2, "a", "b\"c");
	cmdline_facts_release(&c);

	/* an unterminated quote runs to the end of the line */
	parse(&c, "a=\"b c");
	assert_int_equal(c.nparams, 1);
	expect_param(&c, 0, "a", "b c");
	cmdline_facts_release(&c);
}

static void test_tokenize_dashes(void **state)
{
	struct cmdline_facts c = { 0 };

	(void)state;
	parse(&c, "ro intel_iommu=on -- single --x intel_iommu=off\n");
	assert_int_equal(c.nparams, 2);
	assert_string_equal(c.init_args, "single --x intel_iommu=off");
	cmdline_facts_release(&c);

	/* "--=x" has a value: it is a parameter, not the separator */
	parse(&c, "--=x --");
	assert_int_equal(c.nparams, 1);
	expect_param(&c, 0, "--", "x");
	assert_string_equal(c.init_args, "");
	cmdline_facts_release(&c);

	parse(&c, "");
	assert_int_equal(c.nparams, 0);
	parse(&c, "   \n");
	assert_int_equal(c.nparams, 0);
	cmdline_facts_release(&c);
}

static void test_tokenize_long_and_repeated(void **state)
{
	struct cmdline_facts c = { 0 };
	size_t n = 60000;
	char *s = malloc(n + 1);

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < n; i += 2) {
		s[i] = 'a';
		s[i + 1] = ' ';
	}
	s[n] = 0;
	assert_int_equal(cmdline_parse(s, n, &c), 0);
	assert_int_equal(c.nparams, n / 2);
	memset(s, 'x', n);
	assert_int_equal(cmdline_parse(s, n, &c), 0);
	assert_int_equal(c.nparams, 1);
	assert_int_equal(strlen(c.params[0].name), n);
	free(s);

	parse(&c, "vfio-pci.ids=1:2 vfio_pci.ids=3:4");
	assert_string_equal(cmdline_find_last(&c, "vfio_pci.ids")->value,
			    "3:4");
	assert_string_equal(cmdline_find_last(&c, "vfio-pci.ids")->value,
			    "3:4");
	assert_null(cmdline_find_last(&c, "vfio_pci"));
	cmdline_facts_release(&c);
}

static void test_next_opt(void **state)
{
	const char *pos = ",,on,,igfx_off,", *opt;
	size_t len;

	(void)state;
	assert_true(cmdline_next_opt(&pos, &opt, &len));
	assert_int_equal(len, 2);
	assert_memory_equal(opt, "on", 2);
	assert_true(cmdline_next_opt(&pos, &opt, &len));
	assert_int_equal(len, 8);
	assert_false(cmdline_next_opt(&pos, &opt, &len));
}

static void test_kstrtobool(void **state)
{
	static const char *const yes[] = { "1", "y", "Y", "on", "ON", "yes" };
	static const char *const no[] = { "0", "n", "N", "off", "Off", "no" };
	static const char *const bad[] = { "", "2", "o", "true", "x" };
	bool b;

	(void)state;
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(cmdline_kstrtobool(yes[i], &b), 0);
		assert_true(b);
		assert_int_equal(cmdline_kstrtobool(no[i], &b), 0);
		assert_false(b);
	}
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(cmdline_kstrtobool(bad[i], &b), -EINVAL);
	assert_int_equal(cmdline_kstrtobool(NULL, &b), -EINVAL);
}

#define OPT(s) s, strlen(s)

static void test_intel_amd_opts(void **state)
{
	(void)state;
	assert_int_equal(cmdline_intel_iommu_opt(OPT("on")), INTEL_OPT_ON);
	/* prefix match, as strncmp(str, "on", 2) */
	assert_int_equal(cmdline_intel_iommu_opt(OPT("onfoo")), INTEL_OPT_ON);
	assert_int_equal(cmdline_intel_iommu_opt(OPT("off")), INTEL_OPT_OFF);
	assert_int_equal(cmdline_intel_iommu_opt(OPT("igfx_off")),
			 INTEL_OPT_IGFX_OFF);
	assert_int_equal(cmdline_intel_iommu_opt(OPT("sm_on")), INTEL_OPT_SM_ON);
	assert_int_equal(cmdline_intel_iommu_opt(OPT("sm_off")),
			 INTEL_OPT_SM_OFF);
	assert_int_equal(cmdline_intel_iommu_opt(OPT("tboot_noforce")),
			 INTEL_OPT_TBOOT_NOFORCE);
	assert_int_equal(cmdline_intel_iommu_opt(OPT("pt")), INTEL_OPT_UNKNOWN);
	assert_int_equal(cmdline_intel_iommu_opt("o", 1), INTEL_OPT_UNKNOWN);

	assert_int_equal(cmdline_amd_iommu_opt(OPT("on")), AMD_OPT_UNKNOWN);
	assert_int_equal(cmdline_amd_iommu_opt(OPT("off")), AMD_OPT_OFF);
	assert_int_equal(cmdline_amd_iommu_opt(OPT("fullflush")),
			 AMD_OPT_FULLFLUSH);
	assert_int_equal(cmdline_amd_iommu_opt(OPT("force_isolation")),
			 AMD_OPT_FORCE_ISOLATION);
	assert_int_equal(cmdline_amd_iommu_opt(OPT("pgtbl_v2")),
			 AMD_OPT_PGTBL_V2);
	assert_int_equal(cmdline_amd_iommu_opt(OPT("v2_pgsizes_only")),
			 AMD_OPT_V2_PGSIZES_ONLY);
	/* "force" alone is no AMD option */
	assert_int_equal(cmdline_amd_iommu_opt(OPT("force")), AMD_OPT_UNKNOWN);
}

static void test_iommu_intremap_opts(void **state)
{
	(void)state;
	assert_int_equal(cmdline_iommu_opt(OPT("off")), IOMMU_OPT_OFF);
	assert_int_equal(cmdline_iommu_opt(OPT("pt")), IOMMU_OPT_PT);
	assert_int_equal(cmdline_iommu_opt(OPT("nopt")), IOMMU_OPT_NOPT);
	assert_int_equal(cmdline_iommu_opt(OPT("1")), IOMMU_OPT_GART_SIZE);
	assert_int_equal(cmdline_iommu_opt(OPT("soft")), IOMMU_OPT_SOFT);
	assert_int_equal(cmdline_iommu_opt(OPT("force")), IOMMU_OPT_FORCE);
	assert_int_equal(cmdline_iommu_opt(OPT("noforce")), IOMMU_OPT_OTHER);
	assert_int_equal(cmdline_iommu_opt(OPT("bogus")), 0);

	assert_int_equal(cmdline_intremap_opt(OPT("off")), INTREMAP_OPT_OFF);
	assert_int_equal(cmdline_intremap_opt(OPT("on")), INTREMAP_OPT_ON);
	assert_int_equal(cmdline_intremap_opt(OPT("nosid")), INTREMAP_OPT_NOSID);
	assert_int_equal(cmdline_intremap_opt(OPT("no_x2apic_optout")),
			 INTREMAP_OPT_NO_X2APIC_OPTOUT);
	assert_int_equal(cmdline_intremap_opt(OPT("nopost")),
			 INTREMAP_OPT_NOPOST);
	assert_int_equal(cmdline_intremap_opt(OPT("x")), INTREMAP_OPT_UNKNOWN);
}

static void test_ids_and_video(void **state)
{
	(void)state;
	assert_true(cmdline_acs_override_opt_valid(OPT("downstream")));
	assert_true(cmdline_acs_override_opt_valid(OPT("multifunction")));
	assert_true(cmdline_acs_override_opt_valid(OPT("id:10de:1b80")));
	assert_false(cmdline_acs_override_opt_valid(OPT("id:10de:1b8")));
	assert_false(cmdline_acs_override_opt_valid(OPT("id:10d:1b80")));
	assert_false(cmdline_acs_override_opt_valid(OPT("id:")));
	assert_false(cmdline_acs_override_opt_valid(OPT("all")));

	assert_true(cmdline_vfio_id_valid(OPT("10de:1b80")));
	assert_true(cmdline_vfio_id_valid(OPT("10DE:1b80:ffff:ffff:030000:ff0000")));
	assert_false(cmdline_vfio_id_valid(OPT("10de")));
	assert_false(cmdline_vfio_id_valid(OPT("10de:")));
	assert_false(cmdline_vfio_id_valid(OPT("10de:1b80:")));
	assert_false(cmdline_vfio_id_valid(OPT("10de-1b80")));
	assert_false(cmdline_vfio_id_valid(OPT("10dee:1b80")));
	assert_false(cmdline_vfio_id_valid(OPT("1:2:3:4:5:6:7")));
	assert_false(cmdline_vfio_id_valid("", 0));

	assert_true(cmdline_video_fb_off("efifb:off", "efifb"));
	assert_true(cmdline_video_fb_off("vesafb:off,efifb:off", "vesafb"));
	/* one video= names one driver: efifb is not switched off here */
	assert_false(cmdline_video_fb_off("vesafb:off,efifb:off", "efifb"));
	assert_false(cmdline_video_fb_off("efifb", "efifb"));
	assert_false(cmdline_video_fb_off(NULL, "efifb"));
}

static void test_summary_last_wins(void **state)
{
	struct cmdline_facts c = { 0 };
	struct cmdline_summary s;

	(void)state;
	parse(&c, "intel_iommu=off intel_iommu=on,igfx_off iommu=pt "
		  "iommu.passthrough=0 intremap=off,on "
		  "vfio_iommu_type1.allow_unsafe_interrupts "
		  "vfio.enable_unsafe_noiommu_mode=0 iommu.strict=1");
	cmdline_summarise(&c, &s);
	assert_int_equal(s.intel_on, TRI_YES);
	assert_string_equal(s.intel_decider->token, "intel_iommu=on,igfx_off");
	assert_int_equal(s.passthrough, TRI_NO);
	assert_int_equal(s.intremap, TRI_YES);
	assert_int_equal(s.allow_unsafe_interrupts, TRI_YES);
	assert_int_equal(s.noiommu_mode, TRI_NO);
	assert_int_equal(s.strict, TRI_YES);
	assert_false(s.iommu_off);
	assert_false(s.amd_off);

	parse(&c, "intel_iommu=on intel_iommu=off amd_iommu=fullflush,off "
		  "iommu=pt,off intel_iommu iommu");
	cmdline_summarise(&c, &s);
	assert_int_equal(s.intel_on, TRI_NO);
	assert_true(s.amd_off);
	assert_true(s.iommu_off);
	assert_int_equal(s.passthrough, TRI_YES);
	assert_int_equal(s.strict, TRI_YES);
	assert_int_equal(s.intremap, TRI_UNKNOWN);
	cmdline_facts_release(&c);
}

static const char config_text[] =
	"#\n# Automatically generated file; DO NOT EDIT.\n#\n"
	"CONFIG_MODULES=y\r\n"
	"CONFIG_INTEL_IOMMU=y\n"
	"# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"
	"CONFIG_VFIO=m\n"
	"CONFIG_VFIO_PCI=m\n"
	"CONFIG_KVM=n\n"
	"CONFIG_IOMMU_DEFAULT_DMA_LAZY=\"odd value\"\n"
	"CONFIG_UNTRACKED=y\n"
	"# a comment\nCONFIG_\n=y\n# CONFIG_ is not set";

static void test_kconfig_parse(void **state)
{
	struct kconfig_facts k = { 0 };
	const struct kconfig_option *o;
	char line[128];

	(void)state;
	assert_int_equal(kconfig_get(&k, "CONFIG_VFIO", NULL), KCONFIG_UNKNOWN);
	kconfig_line(&k, "CONFIG_VFIO", line, sizeof(line));
	assert_string_equal(line, "CONFIG_VFIO (no kernel config read)");

	kconfig_parse(config_text, strlen(config_text), &k);
	assert_int_equal(kconfig_get(&k, "CONFIG_MODULES", NULL), KCONFIG_YES);
	assert_int_equal(kconfig_get(&k, "CONFIG_INTEL_IOMMU", NULL),
			 KCONFIG_YES);
	assert_int_equal(kconfig_get(&k, "CONFIG_INTEL_IOMMU_DEFAULT_ON", NULL),
			 KCONFIG_NOT_SET);
	assert_int_equal(kconfig_get(&k, "CONFIG_VFIO_PCI", NULL),
			 KCONFIG_MODULE);
	assert_int_equal(kconfig_get(&k, "CONFIG_KVM", NULL), KCONFIG_NOT_SET);
	assert_int_equal(kconfig_get(&k, "CONFIG_AMD_IOMMU", &o),
			 KCONFIG_NOT_SET);
	assert_false(o->listed);
	assert_int_equal(kconfig_get(&k, "CONFIG_IOMMU_DEFAULT_DMA_LAZY", &o),
			 KCONFIG_VALUE);
	assert_string_equal(o->value, "\"odd value\"");
	assert_int_equal(kconfig_get(&k, "CONFIG_UNTRACKED", NULL),
			 KCONFIG_UNKNOWN);

	kconfig_line(&k, "CONFIG_INTEL_IOMMU_DEFAULT_ON", line, sizeof(line));
	assert_string_equal(line, "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set");
	kconfig_line(&k, "CONFIG_VFIO", line, sizeof(line));
	assert_string_equal(line, "CONFIG_VFIO=m");
	kconfig_line(&k, "CONFIG_KVM", line, sizeof(line));
	assert_string_equal(line, "CONFIG_KVM=n");
	kconfig_line(&k, "CONFIG_AMD_IOMMU", line, sizeof(line));
	assert_string_equal(line,
			    "CONFIG_AMD_IOMMU absent (its dependencies are not met)");

	/* a text without a trailing newline or with nothing at all */
	kconfig_parse("CONFIG_VFIO=y", 13, &k);
	assert_int_equal(kconfig_get(&k, "CONFIG_VFIO", NULL), KCONFIG_YES);
	kconfig_parse("", 0, &k);
	assert_int_equal(kconfig_get(&k, "CONFIG_VFIO", NULL), KCONFIG_NOT_SET);
}

/* TEXT gzipped in memory with libarchive's writer (raw format + gzip). */
static size_t make_gzip(const char *text, size_t len, char *out, size_t cap)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t used = 0;

	assert_non_null(a);
	assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_format_raw(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_bytes_in_last_block(a, 1),
			 ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, out, cap, &used),
			 ARCHIVE_OK);
	archive_entry_set_pathname(e, "config");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_size(e, (la_int64_t)len);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, text, len), (la_ssize_t)len);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_entry_free(e);
	archive_write_free(a);
	return used;
}

static void test_kconfig_gunzip(void **state)
{
	static char gz[64 * 1024];
	struct kconfig_facts k = { 0 };
	struct blob b;
	size_t n;
	char *big;

	(void)state;
	n = make_gzip(config_text, strlen(config_text), gz, sizeof(gz));
	assert_true(n > 10);
	assert_int_equal(kconfig_gunzip(gz, n, KCONFIG_GZ_CAP, &b), 0);
	assert_int_equal(b.len, strlen(config_text));
	assert_string_equal(b.data, config_text);
	kconfig_parse(b.data, b.len, &k);
	assert_int_equal(kconfig_get(&k, "CONFIG_VFIO", NULL), KCONFIG_MODULE);
	blob_release(&b);

	/* not gzip; truncated gzip */
	assert_int_equal(kconfig_gunzip(config_text, strlen(config_text),
					KCONFIG_GZ_CAP, &b), -EBADMSG);
	assert_null(b.data);
	assert_int_not_equal(kconfig_gunzip(gz, n / 2, KCONFIG_GZ_CAP, &b), 0);
	assert_int_not_equal(kconfig_gunzip(gz, 0, KCONFIG_GZ_CAP, &b), 0);

	/* larger than the cap once decompressed */
	big = malloc(300 * 1024);
	assert_non_null(big);
	memset(big, '#', 300 * 1024);
	n = make_gzip(big, 300 * 1024, gz, sizeof(gz));
	assert_int_equal(kconfig_gunzip(gz, n, 256 * 1024, &b), -EFBIG);
	assert_int_equal(kconfig_gunzip(gz, n, 1024 * 1024, &b), 0);
	assert_int_equal(b.len, 300 * 1024);
	blob_release(&b);
	free(big);
}

static void test_version(void **state)
{
	unsigned int ma = 0, mi = 0;

	(void)state;
	assert_true(kernel_version_parse("6.1.0-18-amd64", &ma, &mi));
	assert_int_equal(ma, 6);
	assert_int_equal(mi, 1);
	assert_true(kernel_version_parse("5.15", &ma, &mi));
	assert_int_equal(mi, 15);
	assert_true(kernel_version_parse("4.19.0", &ma, &mi));
	assert_false(kernel_version_parse("", &ma, &mi));
	assert_false(kernel_version_parse("6", &ma, &mi));
	assert_false(kernel_version_parse("6.", &ma, &mi));
	assert_false(kernel_version_parse("v6.1", &ma, &mi));
	assert_false(kernel_version_parse("99999999999999999999.1", &ma, &mi));
}

/* Random bytes from a fixed-seed LCG through every pure parser: none may
 * crash, read out of bounds (ASan) or loop forever. */
static void test_random_input(void **state)
{
	static const char alphabet[] = "ab=,\" -:\t\n0fy#CONFIG_is not set";
	struct cmdline_facts c = { 0 };
	struct kconfig_facts k = { 0 };
	struct cmdline_summary s;
	uint32_t x = 12345;
	char buf[257];

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t n = round % 256;

		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = alphabet[(x >> 16) % (sizeof(alphabet) - 1)];
		}
		buf[n] = 0;
		assert_int_equal(cmdline_parse(buf, n, &c), 0);
		cmdline_summarise(&c, &s);
		for (size_t i = 0; i < c.nparams; i++)
			if (c.params[i].value)
				(void)cmdline_vfio_id_valid(c.params[i].value,
						strlen(c.params[i].value));
		kconfig_parse(buf, n, &k);
	}
	cmdline_facts_release(&c);
}

/* The live machine: this one has /proc/config.gz and no /boot. */
static void test_probe_kconfig_live(void **state)
{
	static struct host h;
	struct blob b;

	(void)state;
	memset(&h, 0, sizeof(h));
	assert_int_equal(root_open("/", &h.root), 0);
	if (root_read(h.root, "proc/sys/kernel/osrelease", CAP_ATTR, &b)) {
		root_free(h.root);
		skip();
	}
	snprintf(h.kernel_release, sizeof(h.kernel_release), "%.*s",
		 (int)strcspn(b.data, "\n"), b.data);
	fact_src_set(&h.kernel_release_src, "proc/sys/kernel/osrelease", 0);
	blob_release(&b);
	assert_int_equal(probe_kconfig(&h), 0);
	if (!h.kconfig.loaded) {
		root_free(h.root);
		skip();
	}
	assert_true(fact_known(&h.kconfig.src));
	assert_int_not_equal(kconfig_get(&h.kconfig, "CONFIG_IOMMU_SUPPORT",
					 NULL), KCONFIG_UNKNOWN);
	/* a release with '/' never names a file */
	snprintf(h.kernel_release, sizeof(h.kernel_release), "../../etc");
	assert_int_equal(probe_kconfig(&h), 0);
	assert_string_equal(h.kconfig.src.path, "proc/config.gz");
	root_free(h.root);
}

/* A host with VENDOR's table, command line CMD and config CFG (NULL:
 * unknown); the findings of the cmdline check in FS. */
static struct host host;

static void judge(enum iommu_vendor vendor, const char *cmd, const char *cfg,
		  struct findings *fs)
{
	host_release(&host);
	memset(&host, 0, sizeof(host));
	fact_src_set(&host.acpi.tables_src, "sys/firmware/acpi/tables",
		     vendor == IOMMU_VENDOR_UNKNOWN ? -EACCES : 0);
	host.acpi.dmar_present = vendor == IOMMU_VENDOR_INTEL;
	host.acpi.ivrs_present = vendor == IOMMU_VENDOR_AMD;
	if (cmd) {
		fact_src_set(&host.cmdline.src, "proc/cmdline", 0);
		snprintf(host.cmdline.raw, sizeof(host.cmdline.raw), "%s", cmd);
		assert_int_equal(cmdline_parse(cmd, strlen(cmd), &host.cmdline),
				 0);
	} else {
		fact_src_set(&host.cmdline.src, "proc/cmdline", -EACCES);
	}
	if (cfg) {
		fact_src_set(&host.kconfig.src, "boot/config-6.1.0", 0);
		kconfig_parse(cfg, strlen(cfg), &host.kconfig);
	} else {
		fact_src_set(&host.kconfig.src, "boot/config-6.1.0", -ENOENT);
	}
	snprintf(host.kernel_release, sizeof(host.kernel_release), "6.1.0");
	fact_src_set(&host.kernel_release_src, "proc/sys/kernel/osrelease", 0);
	findings_init(fs);
	fs->current_check = "cmdline";
	assert_int_equal(check_cmdline.run(&host, fs), 0);
}

static const struct finding *find(const struct findings *fs, const char *code)
{
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->v[i].code, code))
			return &fs->v[i];
	return NULL;
}

static void expect(const struct findings *fs, const char *code,
		   enum verdict v)
{
	const struct finding *f = find(fs, code);

	if (!f)
		fail_msg("no finding %s", code);
	assert_int_equal(f->verdict, v);
}

#define CFG_BASE "CONFIG_IRQ_REMAP=y\nCONFIG_VFIO=m\nCONFIG_VFIO_PCI=m\n"
#define CFG_INTEL_OFF CFG_BASE "CONFIG_INTEL_IOMMU=y\n" \
	"# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"
#define CFG_INTEL_ON CFG_BASE "CONFIG_INTEL_IOMMU=y\n" \
	"CONFIG_INTEL_IOMMU_DEFAULT_ON=y\n"
#define CFG_AMD CFG_BASE "CONFIG_AMD_IOMMU=y\n"

static void test_judge_intel(void **state)
{
	struct findings fs;
	const struct finding *f;

	(void)state;
	judge(IOMMU_VENDOR_INTEL, "ro quiet", CFG_INTEL_OFF, &fs);
	expect(&fs, "cmdline.iommu.intel_not_enabled", VERDICT_FAIL);
	f = find(&fs, "cmdline.iommu.intel_not_enabled");
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->remedy, "intel_iommu=on"));
	assert_string_equal(f->evidence[1].text,
			    "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set");
	expect(&fs, "kconfig.vfio_built", VERDICT_PASS);
	findings_release(&fs);

	judge(IOMMU_VENDOR_INTEL, "ro intel_iommu=on", CFG_INTEL_OFF, &fs);
	expect(&fs, "cmdline.iommu.intel_on", VERDICT_PASS);
	assert_null(find(&fs, "cmdline.intel_iommu_on_redundant"));
	findings_release(&fs);

	judge(IOMMU_VENDOR_INTEL, "ro", CFG_INTEL_ON, &fs);
	expect(&fs, "cmdline.iommu.default_on", VERDICT_PASS);
	findings_release(&fs);

	judge(IOMMU_VENDOR_INTEL, "ro intel_iommu=on", CFG_INTEL_ON, &fs);
	expect(&fs, "cmdline.iommu.intel_on", VERDICT_PASS);
	expect(&fs, "cmdline.intel_iommu_on_redundant", VERDICT_INFO);
	findings_release(&fs);

	judge(IOMMU_VENDOR_INTEL, "ro", NULL, &fs);
	expect(&fs, "cmdline.iommu.intel_default_unknown", VERDICT_UNKNOWN);
	expect(&fs, "kconfig.unreadable", VERDICT_INFO);
	findings_release(&fs);

	/* the last of intel_iommu=on/off wins */
	judge(IOMMU_VENDOR_INTEL, "intel_iommu=on intel_iommu=off",
	      CFG_INTEL_ON, &fs);
	expect(&fs, "cmdline.iommu.disabled", VERDICT_FAIL);
	f = find(&fs, "cmdline.iommu.disabled");
	assert_string_equal(f->evidence[0].text, "intel_iommu=off");
	assert_non_null(strstr(f->remedy, "Remove from the kernel command "
				      "line: intel_iommu=off"));
	findings_release(&fs);

	/* iommu=pt alone does not turn VT-d on */
	judge(IOMMU_VENDOR_INTEL, "iommu=pt", CFG_INTEL_OFF, &fs);
	expect(&fs, "cmdline.iommu.intel_not_enabled", VERDICT_FAIL);
	expect(&fs, "cmdline.iommu_pt", VERDICT_WARN);
	findings_release(&fs);

	judge(IOMMU_VENDOR_INTEL, "intel_iommu=on,pt amd_iommu=on",
	      CFG_INTEL_OFF "# CONFIG_VFIO_PCI is not set\n", &fs);
	expect(&fs, "cmdline.unknown_option", VERDICT_WARN);
	f = find(&fs, "cmdline.unknown_option");
	assert_non_null(strstr(f->remedy, "Add to the kernel command line: "
				      "intel_iommu=on\n"));
	expect(&fs, "cmdline.wrong_vendor", VERDICT_INFO);
	expect(&fs, "cmdline.amd_iommu_on", VERDICT_WARN);
	expect(&fs, "kconfig.vfio_not_built", VERDICT_FAIL);
	findings_release(&fs);

	judge(IOMMU_VENDOR_INTEL, "ro", "# CONFIG_INTEL_IOMMU is not set\n"
	      CFG_BASE, &fs);
	expect(&fs, "kconfig.iommu_not_built", VERDICT_FAIL);
	assert_null(find(&fs, "cmdline.iommu.intel_not_enabled"));
	findings_release(&fs);
}

static void test_judge_amd_and_others(void **state)
{
	struct findings fs;
	const struct finding *f;

	(void)state;
	judge(IOMMU_VENDOR_AMD, "ro amd_iommu=on iommu=pt", CFG_AMD, &fs);
	expect(&fs, "cmdline.iommu.default_on", VERDICT_PASS);
	expect(&fs, "cmdline.amd_iommu_on", VERDICT_WARN);
	expect(&fs, "cmdline.iommu_pt", VERDICT_INFO);
	f = find(&fs, "cmdline.amd_iommu_on");
	assert_int_equal(f->severity, SEV_LOW);
	findings_release(&fs);

	judge(IOMMU_VENDOR_AMD, "amd_iommu=off intel_iommu=on", CFG_AMD, &fs);
	expect(&fs, "cmdline.iommu.disabled", VERDICT_FAIL);
	expect(&fs, "cmdline.wrong_vendor", VERDICT_INFO);
	findings_release(&fs);

	judge(IOMMU_VENDOR_AMD, "iommu=off", CFG_AMD, &fs);
	expect(&fs, "cmdline.iommu.disabled", VERDICT_FAIL);
	findings_release(&fs);

	judge(IOMMU_VENDOR_AMD, "ro", NULL, &fs);
	expect(&fs, "cmdline.iommu.amd_not_disabled", VERDICT_INFO);
	findings_release(&fs);

	/* no firmware table: the firmware check owns the failure */
	judge(IOMMU_VENDOR_NONE, "ro", CFG_INTEL_OFF, &fs);
	expect(&fs, "cmdline.iommu.no_firmware_table", VERDICT_SKIP);
	for (size_t i = 0; i < fs.count; i++)
		assert_int_not_equal(fs.v[i].verdict, VERDICT_FAIL);
	findings_release(&fs);

	judge(IOMMU_VENDOR_UNKNOWN, "ro", CFG_INTEL_OFF, &fs);
	expect(&fs, "cmdline.iommu.vendor_unknown", VERDICT_UNKNOWN);
	findings_release(&fs);

	judge(IOMMU_VENDOR_AMD, NULL, CFG_AMD, &fs);
	expect(&fs, "cmdline.unreadable", VERDICT_UNKNOWN);
	findings_release(&fs);

	judge(IOMMU_VENDOR_AMD, "intremap=off", CFG_AMD, &fs);
	expect(&fs, "cmdline.intremap_off", VERDICT_FAIL);
	findings_release(&fs);

	judge(IOMMU_VENDOR_AMD, "intremap=off vfio_iommu_type1."
	      "allow_unsafe_interrupts=1 vfio.enable_unsafe_noiommu_mode=1",
	      CFG_AMD, &fs);
	expect(&fs, "cmdline.intremap_off", VERDICT_WARN);
	expect(&fs, "cmdline.allow_unsafe_interrupts", VERDICT_WARN);
	expect(&fs, "cmdline.noiommu_mode", VERDICT_WARN);
	findings_release(&fs);

	judge(IOMMU_VENDOR_AMD, "vfio-pci.ids=10de:1b80,zz pcie_acs_override="
	      "downstream pci=noats,disable_acs_redir=0000:01:00.0,"
	      "config_acs=xx@0000:02:00.0", CFG_AMD, &fs);
	expect(&fs, "cmdline.vfio_pci_ids", VERDICT_INFO);
	f = find(&fs, "cmdline.vfio_pci_ids");
	assert_non_null(strstr(f->detail, "CONFIG_VFIO_PCI=m"));
	expect(&fs, "cmdline.vfio_pci_ids.malformed", VERDICT_WARN);
	expect(&fs, "cmdline.acs_override", VERDICT_WARN);
	assert_int_equal(find(&fs, "cmdline.acs_override")->layer,
			 LAYER_GROUPS);
	expect(&fs, "cmdline.disable_acs_redir", VERDICT_INFO);
	expect(&fs, "cmdline.config_acs", VERDICT_INFO);
	/* 6.1 predates config_acs */
	assert_non_null(strstr(find(&fs, "cmdline.config_acs")->detail,
			       "predates"));
	findings_release(&fs);

	/* the kernel log reaches boot without the override warning */
	judge(IOMMU_VENDOR_AMD, "pcie_acs_override=downstream", CFG_AMD, &fs);
	findings_release(&fs);
	host.klog.reaches_boot = true;
	findings_init(&fs);
	assert_int_equal(check_cmdline.run(&host, &fs), 0);
	expect(&fs, "cmdline.acs_override", VERDICT_INFO);
	findings_release(&fs);

	judge(IOMMU_VENDOR_AMD, "ro", CFG_AMD "# CONFIG_IRQ_REMAP is not set\n",
	      &fs);
	expect(&fs, "kconfig.irq_remap_not_built", VERDICT_FAIL);
	findings_release(&fs);
	host_release(&host);
}

/* The check itself over random command lines, every vendor. */
static void test_random_judge(void **state)
{
	static const char alphabet[] = "=,\" intel_iommu=amd_iommu=off,on,pt "
				       "vfio-pci.ids=10de:1 pci=config_acs=";
	struct findings fs;
	uint32_t x = 777;
	char buf[129];

	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t n = round % 128;

		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = alphabet[(x >> 16) % (sizeof(alphabet) - 1)];
		}
		buf[n] = 0;
		judge((enum iommu_vendor)(round % 4), buf,
		      round % 3 ? CFG_INTEL_OFF : NULL, &fs);
		findings_release(&fs);
	}
	host_release(&host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenize_basic),
		cmocka_unit_test(test_tokenize_quotes),
		cmocka_unit_test(test_tokenize_dashes),
		cmocka_unit_test(test_tokenize_long_and_repeated),
		cmocka_unit_test(test_next_opt),
		cmocka_unit_test(test_kstrtobool),
		cmocka_unit_test(test_intel_amd_opts),
		cmocka_unit_test(test_iommu_intremap_opts),
		cmocka_unit_test(test_ids_and_video),
		cmocka_unit_test(test_summary_last_wins),
		cmocka_unit_test(test_kconfig_parse),
		cmocka_unit_test(test_kconfig_gunzip),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_random_input),
		cmocka_unit_test(test_probe_kconfig_live),
		cmocka_unit_test(test_judge_intel),
		cmocka_unit_test(test_judge_amd_and_others),
		cmocka_unit_test(test_random_judge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
