/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report/redact.c: the hash (FIPS 180-2 and RFC 4231 test vectors), the
 * tokens, every pattern that must be replaced and the look-alikes that
 * must not, literal secrets in escaped forms, and the snapshot files that
 * get special treatment (PCI config space, proc/net/route).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../probe/probe.h"
#include "../../report/redact.h"

static void hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static void assert_sha256(const void *data, size_t len, const char *want)
{
	uint8_t d[SHA256_LEN];
	char got[2 * SHA256_LEN + 1];

	sha256(data, len, d);
	hex(d, sizeof(d), got);
	assert_string_equal(got, want);
}

/* FIPS 180-2 appendix B and the NIST examples. */
static void test_sha256_vectors(void **state)
{
	char *million = malloc(1000000);

	(void)state;
	assert_sha256("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
			     "27ae41e4649b934ca495991b7852b855");
	assert_sha256("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
				"b00361a396177a9cb410ff61f20015ad");
	/* 448 bits: the padding spills into a second block */
	assert_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		      56, "248d6a61d20638b8e5c026930c3e6039"
			  "a33ce45964ff2167f6ecedd419db06c1");
	assert_sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		      "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		      112, "cf5b16a778af8380036ce59e7b049237"
			   "0b249b11e8f07a51afac45037afee9d1");
	assert_non_null(million);
	memset(million, 'a', 1000000);
	assert_sha256(million, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
					"f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

static void assert_hmac(const void *key, size_t klen, const char *msg,
			const char *want)
{
	uint8_t d[SHA256_LEN];
	char got[2 * SHA256_LEN + 1];

	hmac_sha256(key, klen, msg, strlen(msg), d);
	hex(d, sizeof(d), got);
	assert_string_equal(got, want);
}

/* RFC 4231 test cases 1, 2, 6 (a key longer than the block) and 7. */
static void test_hmac_vectors(void **state)
{
	uint8_t k1[20], k6[131];

	(void)state;
	memset(k1, 0x0b, sizeof(k1));
	memset(k6, 0xaa, sizeof(k6));
	assert_hmac(k1, sizeof(k1), "Hi There",
		    "b0344c61d8db38535ca8afceaf0bf12b"
		    "881dc200c9833da726e9376c2e32cff7");
	assert_hmac("Jefe", 4, "what do ya want for nothing?",
		    "5bdcc146bf60754e6a042426089575c7"
		    "5a003f089d2739839dec58b964ec3843");
	assert_hmac(k6, sizeof(k6),
		    "Test Using Larger Than Block-Size Key - Hash Key First",
		    "60e431591ee0b67f0d8a26aacbf5b77f"
		    "8e0bc6213728c5140546040f0ee37f54");
	assert_hmac(k6, sizeof(k6),
		    "This is a test using a larger than block-size key and a "
		    "larger than block-size data. The key needs to be hashed "
		    "before being used by the HMAC algorithm.",
		    "9b09ffa71b942fcb27635fbcd5b0e944"
		    "bfdc63644f0713938a7f51535c3a35e2");
}

/* ---- tokens --------------------------------------------------------------- */

static struct redactor *new_redactor(const char *key)
{
	struct redactor *r;

	assert_int_equal(redactor_new(key, &r), 0);
	return r;
}

static void token(const struct redactor *r, enum redact_kind k,
		  const char *canon, char *out)
{
	redact_token(r, k, canon, strlen(canon), out);
}

static void test_token_shape_and_key(void **state)
{
	struct redactor *r = new_redactor(NULL);
	struct redactor *same = new_redactor(REDACT_DEFAULT_KEY);
	struct redactor *other = new_redactor("my private key");
	char a[REDACT_TOKEN_MAX], b[REDACT_TOKEN_MAX], c[REDACT_TOKEN_MAX];

	(void)state;
	token(r, REDACT_HOST, "zephyr", a);
	assert_int_equal(strlen(a), 13);
	assert_memory_equal(a, "host-", 5);
	for (size_t i = 5; i < 13; i++)
		assert_true((a[i] >= '0' && a[i] <= '9') ||
			    (a[i] >= 'a' && a[i] <= 'f'));
	token(same, REDACT_HOST, "zephyr", b);
	assert_string_equal(a, b);          /* NULL is the default key */
	token(other, REDACT_HOST, "zephyr", c);
	assert_string_not_equal(a, c);      /* the key matters */
	token(r, REDACT_USER, "zephyr", c);
	assert_memory_not_equal(a + 5, c + 5, 8);   /* so does the kind */
	token(r, REDACT_SERIAL, "x", c);
	assert_int_equal(strlen(c), REDACT_TOKEN_MAX - 1);
	redactor_free(r);
	redactor_free(same);
	redactor_free(other);
}

/* ---- patterns ------------------------------------------------------------- */

static char *filter(const struct redactor *r, const char *in)
{
	char *out;
	size_t len;

	assert_int_equal(redact_text(r, in, strlen(in), &out, &len), 0);
	assert_int_equal(strlen(out), len);
	return out;
}

/* IN with its first occurrence of MATCH replaced by the token of CANON. */
static char *expect(const struct redactor *r, const char *in,
		    const char *match, enum redact_kind kind, const char *canon)
{
	const char *at = strstr(in, match);
	char tok[REDACT_TOKEN_MAX], *want;
	size_t n;

	assert_non_null(at);
	token(r, kind, canon, tok);
	n = strlen(in) - strlen(match) + strlen(tok) + 1;
	want = malloc(n);
	assert_non_null(want);
	snprintf(want, n, "%.*s%s%s", (int)(at - in), in, tok,
		 at + strlen(match));
	return want;
}

static const struct {
	const char *in, *match;
	enum redact_kind kind;
	const char *canon;
} replaced[] = {
	{ "e1000e 0000:00:1f.6 eth0: (PCI Express:2.5GT/s:Width x1) "
	  "3c:52:82:4e:9a:17", "3c:52:82:4e:9a:17", REDACT_MAC,
	  "3c:52:82:4e:9a:17" },
	/* the dash form and upper case hash like the colon form */
	{ "hw-address 00-E0-4C-68-12-3F", "00-E0-4C-68-12-3F", REDACT_MAC,
	  "00:e0:4c:68:12:3f" },
	{ "EUI-64 3c-52-82-ff-ff-4e-9a-17.", "3c-52-82-ff-ff-4e-9a-17",
	  REDACT_MAC, "3c:52:82:ff:ff:4e:9a:17" },
	{ "IPv4: martian source 192.168.44.7 from", "192.168.44.7",
	  REDACT_IP, "192.168.44.7" },
	{ "addr:10.0.0.1/24", "10.0.0.1", REDACT_IP, "10.0.0.1" },
	{ "nfs: server 2001:db8:4a2f::17 not responding", "2001:db8:4a2f::17",
	  REDACT_IP, "2001:db8:4a2f::17" },
	/* the long form hashes like the short one; a full stop stays */
	{ "addr 2001:0db8:4a2f:0000:0000:0000:0000:0017.",
	  "2001:0db8:4a2f:0000:0000:0000:0000:0017", REDACT_IP,
	  "2001:db8:4a2f::17" },
	{ "ssh [fe80::3e52:82ff:fe4e:9a17]:22", "fe80::3e52:82ff:fe4e:9a17",
	  REDACT_IP, "fe80::3e52:82ff:fe4e:9a17" },
	{ "mapped ::ffff:192.0.2.1 here", "::ffff:192.0.2.1", REDACT_IP,
	  "::ffff:192.0.2.1" },
	{ "EXT4-fs (sda1): mounted filesystem "
	  "6F1C3E2A-5B7D-4E8F-9A0B-1C2D3E4F5A6B ro",
	  "6F1C3E2A-5B7D-4E8F-9A0B-1C2D3E4F5A6B", REDACT_UUID,
	  "6f1c3e2a-5b7d-4e8f-9a0b-1c2d3e4f5a6b" },
	{ "root=UUID=1234-ABCD ro", "1234-ABCD", REDACT_UUID, "1234-abcd" },
	{ "resume=PARTUUID=5e2d4c1a-03 quiet", "5e2d4c1a-03", REDACT_UUID,
	  "5e2d4c1a-03" },
	{ "name=\"/home/alice/.ssh/id_ed25519\"", "alice", REDACT_USER,
	  "alice" },
	{ "/Users/bob/Library", "bob", REDACT_USER, "bob" },
	{ "mounted /run/media/carol/USB", "carol", REDACT_USER, "carol" },
	{ "usb 1-4: SerialNumber: 4C530001230719117144",
	  "4C530001230719117144", REDACT_SERIAL, "4C530001230719117144" },
	{ "disk S/N: WD-WX12D80ABCDE, fw 1", "WD-WX12D80ABCDE",
	  REDACT_SERIAL, "WD-WX12D80ABCDE" },
	{ "Serial Number: PF3XK9QZ.", "PF3XK9QZ", REDACT_SERIAL,
	  "PF3XK9QZ" },
	{ "serial=ABC123 ok", "ABC123", REDACT_SERIAL, "ABC123" },
	{ "Serial# 99AA77", "99AA77", REDACT_SERIAL, "99AA77" },
	{ "systemd[1]: Hostname set to <Zephyr-Lab42>.", "Zephyr-Lab42",
	  REDACT_HOST, "zephyr-lab42" },
	/* the same in HTML */
	{ "Hostname set to &lt;zephyr-lab42&gt;.", "zephyr-lab42",
	  REDACT_HOST, "zephyr-lab42" },
};

static void test_patterns_replaced(void **state)
{
	struct redactor *r = new_redactor(NULL);

	(void)state;
	for (size_t i = 0; i < sizeof(replaced) / sizeof(*replaced); i++) {
		char *got = filter(r, replaced[i].in);
		char *want = expect(r, replaced[i].in, replaced[i].match,
				    replaced[i].kind, replaced[i].canon);

		if (strcmp(got, want))
			fail_msg("\"%s\"\n  got  \"%s\"\n  want \"%s\"",
				 replaced[i].in, got, want);
		free(got);
		free(want);
	}
	redactor_free(r);
}

static void test_several_in_a_row(void **state)
{
	struct redactor *r = new_redactor(NULL);
	char a[REDACT_TOKEN_MAX], b[REDACT_TOKEN_MAX], m[REDACT_TOKEN_MAX];
	char want[128], *got;

	(void)state;
	/* ip= of the kernel's nfsroot: client::gateway:netmask */
	got = filter(r, "ip=10.20.30.40::10.20.30.1:255.255.255.0:x");
	token(r, REDACT_IP, "10.20.30.40", a);
	token(r, REDACT_IP, "10.20.30.1", b);
	token(r, REDACT_IP, "255.255.255.0", m);
	snprintf(want, sizeof(want), "ip=%s::%s:%s:x", a, b, m);
	assert_string_equal(got, want);
	free(got);
	redactor_free(r);
}

/* What looks a little like a secret and is not. */
static const char *const kept[] = {
	"pci 0000:00:1f.3: [8086:a348] type 00 class 0x040300",
	"0000:00:1c.0 00:1f.3 10000:00:01.0 0003:046D:C52B.0003",
	"Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)",
	"Debian 6.1.76-1 (2024-02-01) gcc 12.2.0, ld 2.40",
	"DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap 1c0000c40660462 "
	"ecap 19e2ff0505e",
	"mlx5_core 0000:05:00.0: firmware version: 16.35.2000",
	"driver version 5.6.0.1-k, fw 1.2.3.4, firmware=2.0.0.1",
	"qla2xxx 10.02.07.900-k 1.2.3.4.5 v1.2.3.4",
	"Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled",
	"serial8250: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200)",
	"usbserial: USB Serial support registered for generic",
	"New USB device strings: Mfr=1, Product=2, SerialNumber=3",
	"Serial Number: Not Specified",
	"[   12:34:56] time 10:20:30 ratio 1:2:3",
	"iommu.interrupt_remapping.off klog.ir.enabled Alder Lake Zen 4",
	"std::string a::b::c",
	"listen 0.0.0.0:2024 bcast ff:ff:ff:ff:ff:ff nil "
	"00000000-0000-0000-0000-000000000000",
	"audit(1700000000.123:42) 3.20GHz 0x000000fed90000",
	"/home/ /Users/. /media/..",
	"ata1.00: ATA-11: WDC WD40EFAX-68JH4N1, 83.00A83, max UDMA/133",
	"PBA No: FFFFFF-0FF",
};

static void test_lookalikes_kept(void **state)
{
	struct redactor *r = new_redactor(NULL);

	(void)state;
	for (size_t i = 0; i < sizeof(kept) / sizeof(*kept); i++) {
		char *got = filter(r, kept[i]);

		if (strcmp(got, kept[i]))
			fail_msg("changed: \"%s\"\n       to \"%s\"", kept[i],
				 got);
		free(got);
	}
	redactor_free(r);
}

/* ---- literal secrets ----------------------------------------------------- */

static void assert_filtered(const struct redactor *r, const char *in,
			    const char *want)
{
	char *got = filter(r, in);

	if (strcmp(got, want))
		fail_msg("\"%s\"\n  got  \"%s\"\n  want \"%s\"", in, got, want);
	free(got);
}

static void test_literal_host(void **state)
{
	struct redactor *r = new_redactor(NULL);
	char full[REDACT_TOKEN_MAX], label[REDACT_TOKEN_MAX];
	char domain[REDACT_TOKEN_MAX], want[160];

	(void)state;
	assert_int_equal(redactor_add_secret(r, REDACT_HOST,
					     "Zephyr-Lab42.corp-example.net"),
			 0);
	token(r, REDACT_HOST, "zephyr-lab42.corp-example.net", full);
	token(r, REDACT_HOST, "zephyr-lab42", label);
	token(r, REDACT_HOST, "corp-example.net", domain);
	snprintf(want, sizeof(want), "%s says hi", full);
	assert_filtered(r, "zephyr-lab42.corp-example.net says hi", want);
	/* any case, and the label alone: a prompt, or the installer's LVM
	 * volume group as device-mapper spells it (each '-' doubled) */
	snprintf(want, sizeof(want), "/dev/mapper/%s--vg-root on %s:",
		 label, label);
	assert_filtered(r, "/dev/mapper/zephyr--lab42--vg-root on "
			   "ZEPHYR-LAB42:", want);
	snprintf(want, sizeof(want), "search %s", domain);
	assert_filtered(r, "search corp-example.net", want);
	/* inside a longer word it is another name */
	assert_filtered(r, "xzephyr-lab42 zephyr-lab42x",
			"xzephyr-lab42 zephyr-lab42x");
	redactor_free(r);
}

/* A secret that starts or ends with punctuation needs no blank there. */
static void test_literal_edges(void **state)
{
	struct redactor *r = new_redactor(NULL);
	char tok[REDACT_TOKEN_MAX], want[64];

	(void)state;
	assert_int_equal(redactor_add_secret(r, REDACT_SERIAL,
					     ".7XK9QZ2.CN1296385D00C6."), 0);
	token(r, REDACT_SERIAL, ".7XK9QZ2.CN1296385D00C6.", tok);
	snprintf(want, sizeof(want), "SN%sx", tok);
	assert_filtered(r, "SN.7XK9QZ2.CN1296385D00C6.x", want);
	redactor_free(r);
}

static void test_literal_escaped(void **state)
{
	struct redactor *r = new_redactor(NULL);
	char tok[REDACT_TOKEN_MAX], want[64];
	static const char *const forms[] = {
		"a&b\"q<7>",                    /* as it is */
		"a&b\\\"q<7>",                  /* JSON */
		"a&amp;b&quot;q&lt;7&gt;",      /* HTML */
		"a&#38;b&#x22;q&#60;7&#x3E;",   /* numeric references */
		"a\\&b\\\"q\\<7\\>",            /* Markdown */
		"a\\u0026b\\u0022q\\u003c7\\u003e",   /* JSON \u */
	};

	(void)state;
	assert_int_equal(redactor_add_secret(r, REDACT_SERIAL, "a&b\"q<7>"),
			 0);
	token(r, REDACT_SERIAL, "a&b\"q<7>", tok);
	for (size_t i = 0; i < sizeof(forms) / sizeof(*forms); i++) {
		char in[64];

		snprintf(in, sizeof(in), "[%s]", forms[i]);
		snprintf(want, sizeof(want), "[%s]", tok);
		assert_filtered(r, in, want);
	}
	redactor_free(r);
}

static void test_literal_placeholders(void **state)
{
	struct redactor *r = new_redactor(NULL);
	static const char *const none[] = {
		"To Be Filled By O.E.M.", "Default string", "0000000000",
		"FFFFFFFF", "ab", "localhost", "System Serial Number", "None",
		"host-1a2b3c4d",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(none) / sizeof(*none); i++) {
		assert_int_equal(redactor_add_secret(r, REDACT_SERIAL,
						     none[i]), 0);
		assert_filtered(r, none[i], none[i]);
	}
	assert_int_equal(redactor_add_secret(r, REDACT_KIND_COUNT, "abcdef"),
			 -EINVAL);
	redactor_free(r);
}

/* ---- properties ---------------------------------------------------------- */

static const char mixed[] =
	"[ 1.0] e1000e eth0: 3c:52:82:4e:9a:17 host zephyr-lab42\n"
	"[ 2.0] IPv6 fe80::1 and 192.168.1.20 root=UUID=9b2f6c1e-4d3a-"
	"4b8c-a1e2-7f6d5c4b3a21\n"
	"[ 3.0] usb 1-4: SerialNumber: 4C530001230719117144\n"
	"[ 4.0] name=\"/home/alice/x\" and /export/alice\n";

static void test_idempotent_and_lines(void **state)
{
	struct redactor *r = new_redactor(NULL);
	char *once, *twice;
	size_t lines = 0;

	(void)state;
	assert_int_equal(redactor_add_secret(r, REDACT_HOST, "zephyr-lab42"),
			 0);
	once = filter(r, mixed);
	twice = filter(r, once);
	assert_string_equal(once, twice);
	for (const char *p = once; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 4);
	assert_null(strstr(once, "zephyr"));
	assert_null(strstr(once, "alice"));   /* learned from its path */
	assert_null(strstr(once, "192.168"));
	free(once);
	free(twice);
	redactor_free(r);
}

static void test_generic_user_not_learned(void **state)
{
	struct redactor *r = new_redactor(NULL);
	char tok[REDACT_TOKEN_MAX], want[96];

	(void)state;
	token(r, REDACT_USER, "user", tok);
	snprintf(want, sizeof(want), "/home/%s/x in user space", tok);
	assert_filtered(r, "/home/user/x in user space", want);
	redactor_free(r);
}

static void test_utf8_intact(void **state)
{
	struct redactor *r = new_redactor(NULL);
	char ip[REDACT_TOKEN_MAX], host[REDACT_TOKEN_MAX], want[96];

	(void)state;
	assert_int_equal(redactor_add_secret(r, REDACT_HOST, "J\xc3\xbcrgen-PC"),
			 0);
	token(r, REDACT_IP, "192.168.1.1", ip);
	token(r, REDACT_HOST, "j\xc3\xbcrgen-pc", host);
	snprintf(want, sizeof(want), "na\xc3\xafve %s caf\xc3\xa9 %s \xe2\x9c\x93",
		 ip, host);
	assert_filtered(r, "na\xc3\xafve 192.168.1.1 caf\xc3\xa9 "
			   "J\xc3\xbcrgen-PC \xe2\x9c\x93", want);
	redactor_free(r);
}

/* A value of 1 byte becomes a 13-byte token: the output must grow. */
static void test_growth(void **state)
{
	struct redactor *r = new_redactor(NULL);
	size_t n = 20000, len;
	char *in = malloc(n * 8 + 1), *out, tok[REDACT_TOKEN_MAX];

	(void)state;
	assert_non_null(in);
	for (size_t i = 0; i < n; i++)
		memcpy(in + 8 * i, "/home/q ", 8);
	in[n * 8] = 0;
	assert_int_equal(redact_text(r, in, n * 8, &out, &len), 0);
	token(r, REDACT_USER, "q", tok);
	assert_int_equal(len, n * (6 + strlen(tok) + 1));
	assert_memory_equal(out + 6, tok, strlen(tok));
	free(out);
	free(in);
	redactor_free(r);
}

/* ---- from a host ----------------------------------------------------------- */

#define DSN 0x3c5282ffff4e9a17ull

static void fake_host(struct host *h, struct pci_function *f)
{
	memset(h, 0, sizeof(*h));
	memset(f, 0, sizeof(*f));
	f->domain = 0;
	f->bus = 0;
	f->dev = 0x1f;
	f->func = 6;
	snprintf(f->bdf, sizeof(f->bdf), "0000:00:1f.6");
	f->has_dsn = true;
	f->dsn_pos = 0x100;
	f->dsn = DSN;
	h->pci.v = f;
	h->pci.count = 1;
	h->identity.read = true;
	h->identity.v[IDENTITY_KERNEL_HOSTNAME].kind = IDENTITY_HOSTNAME;
	snprintf(h->identity.v[IDENTITY_KERNEL_HOSTNAME].value, 256,
		 "zephyr-lab42");
	h->identity.v[IDENTITY_PRODUCT_SERIAL].kind = IDENTITY_SERIAL;
	snprintf(h->identity.v[IDENTITY_PRODUCT_SERIAL].value, 256,
		 "PF3XK9QZ");
	h->identity.v[IDENTITY_PRODUCT_UUID].kind = IDENTITY_UUID;
	snprintf(h->identity.v[IDENTITY_PRODUCT_UUID].value, 256,
		 "To Be Filled By O.E.M.");
}

static void test_host_secrets(void **state)
{
	struct redactor *r = new_redactor(NULL);
	struct pci_function f;
	struct host h;
	char host[REDACT_TOKEN_MAX], ser[REDACT_TOKEN_MAX], dsn[REDACT_TOKEN_MAX];
	char want[256];

	(void)state;
	fake_host(&h, &f);
	assert_int_equal(redactor_add_host(r, &h), 0);
	token(r, REDACT_HOST, "zephyr-lab42", host);
	token(r, REDACT_SERIAL, "PF3XK9QZ", ser);
	token(r, REDACT_SERIAL, "3c5282ffff4e9a17", dsn);
	snprintf(want, sizeof(want), "%s %s DSN %s, %s, %s; To Be Filled By "
		 "O.E.M.", host, ser, dsn, dsn, dsn);
	assert_filtered(r, "zephyr-lab42 PF3XK9QZ DSN 3c-52-82-ff-ff-4e-9a-17, "
			   "3C:52:82:FF:FF:4E:9A:17, 3c5282ffff4e9a17; To Be "
			   "Filled By O.E.M.", want);
	redactor_free(r);

	/* identity not read: only the DSN is known */
	r = new_redactor(NULL);
	h.identity.read = false;
	assert_int_equal(redactor_add_host(r, &h), 0);
	assert_filtered(r, "zephyr-lab42 PF3XK9QZ", "zephyr-lab42 PF3XK9QZ");
	redactor_free(r);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void test_config_dsn(void **state)
{
	struct redactor *r = new_redactor("k");
	const char *path = "sys/devices/pci0000:00/0000:00:1f.6/config";
	struct pci_function f;
	struct host h;
	uint8_t cfg[4096], mac[SHA256_LEN];
	uint64_t v = 0;
	char msg[] = "serial\0" "3c5282ffff4e9a17", *out;
	size_t len;

	(void)state;
	fake_host(&h, &f);
	assert_int_equal(redactor_add_host(r, &h), 0);
	for (size_t i = 0; i < sizeof(cfg); i++)
		cfg[i] = (uint8_t)(i * 7);
	put_le32(cfg + 0x100, 1u << 16 | 0x0003);
	put_le32(cfg + 0x104, (uint32_t)DSN);
	put_le32(cfg + 0x108, (uint32_t)(DSN >> 32));

	assert_int_equal(redact_file(r, path, (char *)cfg, sizeof(cfg), &out,
				     &len), 0);
	assert_int_equal(len, sizeof(cfg));
	/* everything but the 8 serial bytes is as it was */
	assert_memory_equal(out, cfg, 0x104);
	assert_memory_equal(out + 0x10c, cfg + 0x10c, sizeof(cfg) - 0x10c);
	hmac_sha256("k", 1, msg, sizeof(msg) - 1, mac);
	for (int i = 0; i < 8; i++)
		v = v << 8 | mac[i];
	assert_memory_equal(out + 0x104, &(uint32_t){ (uint32_t)v }, 4);
	assert_memory_equal(out + 0x108, &(uint32_t){ (uint32_t)(v >> 32) },
			    4);
	free(out);

	/* another function's config: untouched */
	assert_int_equal(redact_file(r, "sys/devices/pci0000:00/0000:00:1f.3/"
				     "config", (char *)cfg, sizeof(cfg), &out,
				     &len), 0);
	assert_memory_equal(out, cfg, sizeof(cfg));
	free(out);

	/* not what the probe read: refuse rather than leak */
	put_le32(cfg + 0x104, 0x12345678);
	assert_int_equal(redact_file(r, path, (char *)cfg, sizeof(cfg), &out,
				     &len), -EBADMSG);
	assert_null(out);
	assert_int_equal(redact_file(r, path, (char *)cfg, 0x100, &out, &len),
			 -EBADMSG);
	redactor_free(r);
}

static void test_binary_and_text_files(void **state)
{
	struct redactor *r = new_redactor(NULL);
	static const char acpi[] = "DMAR\0\0\0 192.168.1.1 zephyr";
	static const char text[] = "root=UUID=1234-ABCD\n";
	char *out, tok[REDACT_TOKEN_MAX], want[64];
	size_t len;

	(void)state;
	assert_int_equal(redact_file(r, "sys/firmware/acpi/tables/DMAR", acpi,
				     sizeof(acpi) - 1, &out, &len), 0);
	assert_int_equal(len, sizeof(acpi) - 1);
	assert_memory_equal(out, acpi, len);
	free(out);
	assert_int_equal(redact_file(r, "proc/cmdline", text, strlen(text),
				     &out, &len), 0);
	token(r, REDACT_UUID, "1234-abcd", tok);
	snprintf(want, sizeof(want), "root=UUID=%s\n", tok);
	assert_string_equal(out, want);
	free(out);
	redactor_free(r);
}

static void test_route(void **state)
{
	struct redactor *r = new_redactor(NULL);
	static const char route[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
		"\t\tMTU\tWindow\tIRTT\n"
		"eth0\t00000000\t011E140A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
		"eth0\t001E140A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";
	char *out, gw[REDACT_TOKEN_MAX], net[REDACT_TOKEN_MAX], want[256];
	size_t len;

	(void)state;
	assert_int_equal(redact_file(r, "proc/4242/net/route", route,
				     strlen(route), &out, &len), 0);
	token(r, REDACT_IP, "10.20.30.1", gw);
	token(r, REDACT_IP, "10.20.30.0", net);
	for (char *p = gw + 3; *p; p++)
		*p = *p >= 'a' ? (char)(*p - 32) : *p;
	for (char *p = net + 3; *p; p++)
		*p = *p >= 'a' ? (char)(*p - 32) : *p;
	snprintf(want, sizeof(want),
		 "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
		 "\t\tMTU\tWindow\tIRTT\n"
		 "eth0\t00000000\t%s\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
		 "eth0\t%s\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n",
		 gw + 3, net + 3);
	assert_string_equal(out, want);
	free(out);
	redactor_free(r);
}

static void test_identity_parse(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(identity_parse("# a comment\n\n  zephyr  \nnext\n",
					31, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "zephyr");
	assert_int_equal(identity_parse("(none)\n", 7, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(identity_parse("", 0, buf, sizeof(buf)), 0);
	/* cut to the buffer, never past it */
	assert_int_equal(identity_parse("0123456789abcdefXYZ", 19, buf,
					sizeof(buf)), 15);
	assert_string_equal(buf, "0123456789abcde");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_hmac_vectors),
		cmocka_unit_test(test_token_shape_and_key),
		cmocka_unit_test(test_patterns_replaced),
		cmocka_unit_test(test_several_in_a_row),
		cmocka_unit_test(test_lookalikes_kept),
		cmocka_unit_test(test_literal_host),
		cmocka_unit_test(test_literal_edges),
		cmocka_unit_test(test_literal_escaped),
		cmocka_unit_test(test_literal_placeholders),
		cmocka_unit_test(test_idempotent_and_lines),
		cmocka_unit_test(test_generic_user_not_learned),
		cmocka_unit_test(test_utf8_intact),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_host_secrets),
		cmocka_unit_test(test_config_dsn),
		cmocka_unit_test(test_binary_and_text_files),
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_identity_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
