/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Redaction (redact.h): one filter over bytes, so it covers every report
 * format by construction -- the CLI renders a report into memory and
 * filters it before it reaches the output -- and every text file of a
 * snapshot as capture writes it.
 *
 * What is replaced, scanning left to right, first rule that fits:
 *
 *  1. a token already there ("ip-1a2b3c4d") is kept, so filtering twice
 *     changes nothing;
 *  2. the machine's literal secrets, longest first, as whole words (no
 *     ASCII letter or digit runs on from a first or last letter or digit:
 *     "SN.7XK9QZ2." holds the serial ".7XK9QZ2.", "xhost" not "host"), in
 *     any ASCII case, also when escaped by a writer: a backslash before
 *     punctuation (JSON \" and \\, Markdown \_), &amp; &lt; &gt; &quot;
 *     &apos; or a numeric character reference (HTML, XML), a JSON \u00XX;
 *  3. values after a keyword, the keyword kept: UUID= and PARTUUID=
 *     (root=, resume=), systemd's "Hostname set to <NAME>", user names
 *     after /home/, /Users/ and /media/ (also /run/media/, /var/home/)
 *     -- and then that name anywhere in the same text, unless it is a
 *     name every system has (learn_users()) --, serials after "SerialNumber", "Serial Number", "Serial No", "Serial#"
 *     and "S/N" (separator optional) or "serial:"/"serial=" -- a serial
 *     being 3 or more of [A-Za-z0-9._-] with a digit, ended by a blank or
 *     punctuation that cannot be part of a path, so "Serial: 8250/16550
 *     driver" (drivers/tty/serial/8250) is left alone;
 *  4. shapes, at the start of a word: a UUID (8-4-4-4-12 hex digits); a
 *     link-layer address, 6 or more 2-digit hex groups with one separator,
 *     ':' or '-' (MAC, EUI-64, lspci's DSN, InfiniBand's 20 bytes); an IPv6
 *     address as inet_pton() accepts it; an IPv4 dotted quad without
 *     leading zeros.  Values that identify nobody (0.0.0.0, a broadcast
 *     MAC, the nil UUID: one digit repeated) are kept.
 *
 * What is deliberately not touched, and why it cannot match: PCI addresses
 * (0000:00:1f.3: groups of 4, 2 and 2 digits, and "1f.3" is no IPv4 tail,
 * so not IPv6 either), vendor:device IDs (8086:a30e: one colon), versions (6.1.0-18: three parts; a fourth
 * part after "version", "ver", "fw", "firmware", "rev", "revision" is a
 * version, not an address), hex register values and timestamps (no
 * separators, or fewer than 6 groups / not valid IPv6), finding codes and
 * CPU code names (words).  A dotted quad with a fifth part or a leading
 * zero is a version too.  Names of files and symlink targets in a
 * snapshot are never changed (sysfs paths hold no secrets, and the probe
 * must find the files again); a network interface named after its MAC
 * (systemd's enx001b21aabbcc) therefore stays.
 *
 * Every pattern match is ASCII and every match is replaced whole, so no
 * UTF-8 sequence is ever cut; a literal secret with bytes outside ASCII is
 * matched byte for byte.
 * Control characters inside a secret, which JSON would escape, are not
 * expected in names or serials and are not looked for in escaped form.
 */
#include "redact.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../probe/probe.h"

/* ---- SHA-256 (FIPS 180-4) ------------------------------------------------ */

struct sha256_ctx {
	uint32_t h[8];
	uint64_t bytes;          /* message length so far */
	uint8_t block[64];
	size_t fill;
};

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror32(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

/* FIPS 180-4 6.2.2: one 512-bit block. */
static void sha256_block(struct sha256_ctx *c, const uint8_t *p)
{
	uint32_t w[64], a, b, d, e, f, g, h, cc, t1, t2;

	for (size_t i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			      w[i - 15] >> 3;
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			      w[i - 2] >> 10;

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
	e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (int i = 0; i < 64; i++) {
		t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
		     ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +
		     ((a & b) ^ (a & cc) ^ (b & cc));
		h = g, g = f, f = e, e = d + t1;
		d = cc, cc = b, b = a, a = t1 + t2;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
	c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

static void sha256_init(struct sha256_ctx *c)
{
	/* FIPS 180-4 5.3.3 */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(c->h, h0, sizeof(h0));
	c->bytes = 0;
	c->fill = 0;
}

static void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->bytes += len;
	while (len) {
		size_t n = 64 - c->fill < len ? 64 - c->fill : len;

		memcpy(c->block + c->fill, p, n);
		c->fill += n;
		p += n;
		len -= n;
		if (c->fill == 64) {
			sha256_block(c, c->block);
			c->fill = 0;
		}
	}
}

/* FIPS 180-4 5.1.1: a 1 bit, zeros, the length in bits (64-bit BE). */
static void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_LEN])
{
	uint64_t bits = c->bytes * 8;
	uint8_t pad[72] = { 0x80 };
	size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;

	for (int i = 0; i < 8; i++)
		pad[padlen + (size_t)i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(c, pad, padlen + 8);
	for (size_t i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}

/* ---- HMAC-SHA256 (RFC 2104) ---------------------------------------------- */

struct msg_part {
	const void *data;
	size_t len;
};

/* H(K ^ opad, H(K ^ ipad, parts...)), the key hashed first when it is
 * longer than the 64-byte block. */
static void hmac_parts(const void *key, size_t keylen,
		       const struct msg_part *parts, size_t nparts,
		       uint8_t out[SHA256_LEN])
{
	uint8_t k[64] = { 0 }, pad[64], inner[SHA256_LEN];
	struct sha256_ctx c;

	if (keylen > sizeof(k))
		sha256(key, keylen, k);
	else if (keylen)
		memcpy(k, key, keylen);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&c);
	sha256_update(&c, pad, sizeof(pad));
	for (size_t i = 0; i < nparts; i++)
		sha256_update(&c, parts[i].data, parts[i].len);
	sha256_final(&c, inner);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&c);
	sha256_update(&c, pad, sizeof(pad));
	sha256_update(&c, inner, sizeof(inner));
	sha256_final(&c, out);
}

void hmac_sha256(const void *key, size_t keylen, const void *msg,
		 size_t msglen, uint8_t out[SHA256_LEN])
{
	struct msg_part p = { msg, msglen };

	hmac_parts(key, keylen, &p, 1, out);
}

/* ---- the redactor -------------------------------------------------------- */

/* A literal secret as it may appear in text. */
struct secret {
	char *text;
	size_t len;
	char token[REDACT_TOKEN_MAX];
};

/* Literal secrets, longest first, so "host.example.org" wins over "host". */
struct literals {
	struct secret *v;
	size_t count, alloc;
	bool first[256];     /* bytes a match can start with */
};

/* A Device Serial Number by function address, for config space files. */
struct dsn_entry {
	uint32_t domain;
	uint8_t bus, dev, func;
	uint16_t pos;
	uint64_t dsn;
};

struct redactor {
	char *key;
	size_t keylen;
	struct literals secrets;
	struct dsn_entry *dsns;
	size_t ndsns, adsns;
};

static const char *const kind_names[REDACT_KIND_COUNT] = {
	[REDACT_HOST] = "host",
	[REDACT_USER] = "user",
	[REDACT_MAC] = "mac",
	[REDACT_IP] = "ip",
	[REDACT_UUID] = "uuid",
	[REDACT_SERIAL] = "serial",
};

const char *redact_kind_name(enum redact_kind k)
{
	return k < REDACT_KIND_COUNT ? kind_names[k] : "?";
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_hex(char c)
{
	return hex_value(c) >= 0;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static bool is_punct(char c)
{
	return c > ' ' && c < 0x7f && !is_alnum(c);
}

/* HMAC(key, KIND NUL CANON): what every token and replacement comes from. */
static void value_mac(const struct redactor *r, enum redact_kind kind,
		      const char *canon, size_t len, uint8_t mac[SHA256_LEN])
{
	const char *name = redact_kind_name(kind);
	struct msg_part parts[3] = {
		{ name, strlen(name) }, { "", 1 }, { canon, len },
	};

	hmac_parts(r->key, r->keylen, parts, 3, mac);
}

void redact_token(const struct redactor *r, enum redact_kind kind,
		  const char *canon, size_t len, char out[REDACT_TOKEN_MAX])
{
	uint8_t mac[SHA256_LEN];

	value_mac(r, kind, canon, len, mac);
	snprintf(out, REDACT_TOKEN_MAX, "%s-%02x%02x%02x%02x",
		 redact_kind_name(kind), mac[0], mac[1], mac[2], mac[3]);
}

/* The length of the token at S (a kind name, '-', 8 lower-case hex digits,
 * then no letter or digit), or 0. */
static size_t token_at(const char *s, size_t n)
{
	for (size_t k = 0; k < REDACT_KIND_COUNT; k++) {
		size_t nl, i;

		if (!n || s[0] != kind_names[k][0])
			continue;
		nl = strlen(kind_names[k]);
		if (n < nl + 9 || memcmp(s, kind_names[k], nl) || s[nl] != '-')
			continue;
		for (i = nl + 1; i < nl + 9; i++)
			if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
				break;
		if (i == nl + 9 && (n == i || !is_alnum(s[i])))
			return i;
	}
	return 0;
}

static bool is_token(const char *s, size_t n)
{
	return token_at(s, n) == n;
}

static void literals_release(struct literals *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int redactor_new(const char *key, struct redactor **out)
{
	struct redactor *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!key)
		key = REDACT_DEFAULT_KEY;
	if (!r || !(r->key = strdup(key))) {
		free(r);
		return -ENOMEM;
	}
	r->keylen = strlen(key);
	*out = r;
	return 0;
}

void redactor_free(struct redactor *r)
{
	if (!r)
		return;
	literals_release(&r->secrets);
	free(r->dsns);
	free(r->key);
	free(r);
}

/* N bytes of A and B are the same but for ASCII case. */
static bool same_icase(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

/* ALEN bytes of A spell the string WORD, ASCII case ignored. */
static bool equal_icase(const char *a, size_t alen, const char *word)
{
	return alen == strlen(word) && same_icase(a, word, alen);
}

/*
 * Values firmware and installers fill in when there is nothing to say
 * (dmidecode shows them on most boards), and names every machine has:
 * replacing them would hide nothing and rewrite ordinary words.
 */
static bool identifies_nobody(const char *v, size_t n)
{
	static const char *const placeholders[] = {
		"to be filled by o.e.m.", "to be filled by oem",
		"default string", "not specified", "not applicable",
		"not available", "system serial number",
		"chassis serial number", "base board serial number",
		"serial number", "system product name", "none", "unknown",
		"empty", "invalid", "oem", "o.e.m.", "0123456789",
		"123456789", "1234567890", "localhost",
		"localhost.localdomain", "localdomain", "local", "lan",
		"home", "home.arpa", "internal",
	};
	char first = 0;
	bool same = true;

	if (n < 3 || is_token(v, n))
		return true;
	for (size_t i = 0; i < n; i++) {
		if (!is_alnum(v[i]))
			continue;
		if (!first)
			first = ascii_lower(v[i]);
		else if (ascii_lower(v[i]) != first)
			same = false;
	}
	if (!first || same)
		return true;
	for (size_t i = 0; i < sizeof(placeholders) / sizeof(*placeholders);
	     i++)
		if (equal_icase(v, n, placeholders[i]))
			return true;
	return false;
}

static bool literals_find(const struct literals *l, const char *text,
			  size_t len)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->v[i].len == len && same_icase(l->v[i].text, text, len))
			return true;
	return false;
}

/* Add TEXT (LEN > 0 bytes) to be replaced by TOKEN; a duplicate is
 * dropped (the first token of a text wins). */
static int literals_add(struct literals *l, const char *text, size_t len,
			const char *token)
{
	struct secret *sc;
	size_t at;

	if (literals_find(l, text, len))
		return 0;
	if (l->count == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 16;
		struct secret *nv = realloc(l->v, n * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		l->v = nv;
		l->alloc = n;
	}
	for (at = 0; at < l->count && l->v[at].len >= len; at++)
		;
	sc = &l->v[at];
	memmove(sc + 1, sc, (l->count - at) * sizeof(*sc));
	sc->text = strndup(text, len);
	if (!sc->text) {
		memmove(sc, sc + 1, (l->count - at) * sizeof(*sc));
		return -ENOMEM;
	}
	sc->len = len;
	snprintf(sc->token, REDACT_TOKEN_MAX, "%s", token);
	l->count++;
	l->first[(unsigned char)ascii_lower(text[0])] = true;
	l->first[(unsigned char)ascii_upper(text[0])] = true;
	if (is_punct(text[0]))
		l->first['\\'] = l->first['&'] = true;
	return 0;
}

/* The canonical form of a value of KIND (redact.h) into BUF. */
static size_t canonical(enum redact_kind kind, const char *v, size_t n,
			char *buf, size_t buflen)
{
	bool lower = kind == REDACT_HOST || kind == REDACT_UUID ||
		     kind == REDACT_MAC;

	if (n >= buflen)
		n = buflen - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = lower ? ascii_lower(v[i]) : v[i];
	buf[n] = 0;
	return n;
}

static int add_value(struct redactor *r, enum redact_kind kind,
		     const char *v, size_t n)
{
	char canon[256], token[REDACT_TOKEN_MAX];
	size_t cn;
	int e;

	if (identifies_nobody(v, n))
		return 0;
	cn = canonical(kind, v, n, canon, sizeof(canon));
	redact_token(r, kind, canon, cn, token);
	e = literals_add(&r->secrets, v, n, token);
	/* lvm2 doubles every '-' of a volume group in its device-mapper
	 * name: the installer's "host-vg" is /dev/mapper/host--vg-root */
	if (!e && kind == REDACT_HOST && memchr(v, '-', n)) {
		char *doubled = malloc(2 * n);
		size_t dn = 0;

		if (!doubled)
			return -ENOMEM;
		for (size_t i = 0; i < n; i++) {
			doubled[dn++] = v[i];
			if (v[i] == '-')
				doubled[dn++] = '-';
		}
		e = literals_add(&r->secrets, doubled, dn, token);
		free(doubled);
	}
	return e;
}

int redactor_add_secret(struct redactor *r, enum redact_kind kind,
			const char *value)
{
	size_t n = strlen(value);
	const char *dot;
	int e;

	if (kind >= REDACT_KIND_COUNT)
		return -EINVAL;
	e = add_value(r, kind, value, n);
	/* A dotted host name: its first label and its domain stand alone
	 * too (a prompt, an LVM volume group "host-vg", a search domain). */
	dot = kind == REDACT_HOST ? memchr(value, '.', n) : NULL;
	if (!e && dot)
		e = add_value(r, kind, value, (size_t)(dot - value));
	if (!e && dot)
		e = add_value(r, kind, dot + 1, n - (size_t)(dot - value) - 1);
	return e;
}

/*
 * A DSN: the binary serial for its config space file, and the ways text
 * spells it -- lspci's "00-1b-21-ff-ff-aa-bb-cc", the same with colons,
 * and 16 plain hex digits -- all with the token of the plain form.
 */
static int add_dsn(struct redactor *r, const struct pci_function *f)
{
	char canon[17], dashed[24], colons[24], token[REDACT_TOKEN_MAX];
	struct dsn_entry *d;
	int e;

	snprintf(canon, sizeof(canon), "%016llx", (unsigned long long)f->dsn);
	if (identifies_nobody(canon, 16))
		return 0;
	/* the bytes of the canonical form, most significant first */
	for (size_t i = 0; i < 8; i++) {
		dashed[3 * i] = colons[3 * i] = canon[2 * i];
		dashed[3 * i + 1] = colons[3 * i + 1] = canon[2 * i + 1];
		dashed[3 * i + 2] = i < 7 ? '-' : 0;
		colons[3 * i + 2] = i < 7 ? ':' : 0;
	}
	redact_token(r, REDACT_SERIAL, canon, 16, token);
	e = literals_add(&r->secrets, canon, 16, token);
	if (!e)
		e = literals_add(&r->secrets, dashed, 23, token);
	if (!e)
		e = literals_add(&r->secrets, colons, 23, token);
	if (e)
		return e;
	if (r->ndsns == r->adsns) {
		size_t n = r->adsns ? r->adsns * 2 : 8;
		struct dsn_entry *nv = realloc(r->dsns, n * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		r->dsns = nv;
		r->adsns = n;
	}
	d = &r->dsns[r->ndsns++];
	d->domain = f->domain;
	d->bus = f->bus;
	d->dev = f->dev;
	d->func = f->func;
	d->pos = f->dsn_pos;
	d->dsn = f->dsn;
	return 0;
}

int redactor_add_host(struct redactor *r, const struct host *h)
{
	static const enum redact_kind kinds[] = {
		[IDENTITY_HOSTNAME] = REDACT_HOST,
		[IDENTITY_SERIAL] = REDACT_SERIAL,
		[IDENTITY_UUID] = REDACT_UUID,
	};
	int e = 0;

	for (size_t i = 0; !e && h->identity.read && i < IDENTITY_COUNT; i++) {
		const struct identity_value *v = &h->identity.v[i];

		if (v->value[0])
			e = redactor_add_secret(r, kinds[v->kind], v->value);
	}
	for (size_t i = 0; !e && i < h->pci.count; i++)
		if (h->pci.v[i].has_dsn)
			e = add_dsn(r, &h->pci.v[i]);
	return e;
}

/* ---- matching ------------------------------------------------------------ */

/* The length of an escaped form of C at S: a numeric character reference
 * (&#60; &#x3c;), one of XML's five named entities, or JSON's \u003c. */
static size_t escaped_char(const char *s, size_t n, char c)
{
	static const struct {
		char c;
		const char *name;
	} named[] = {
		{ '&', "&amp;" }, { '<', "&lt;" }, { '>', "&gt;" },
		{ '"', "&quot;" }, { '\'', "&apos;" },
	};
	unsigned v = 0;
	size_t i;

	if (n >= 6 && s[0] == '\\' && s[1] == 'u') {
		for (i = 2; i < 6 && is_hex(s[i]); i++)
			v = v << 4 | (unsigned)hex_value(s[i]);
		return i == 6 && v == (unsigned char)c ? 6 : 0;
	}
	if (n < 4 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';

		for (i = hex ? 3 : 2; i < n && i < 10 && s[i] != ';'; i++) {
			int d = hex ? hex_value(s[i]) :
				      (is_digit(s[i]) ? s[i] - '0' : -1);

			if (d < 0)
				return 0;
			v = v * (hex ? 16 : 10) + (unsigned)d;
		}
		return i < n && s[i] == ';' && i > (hex ? 3u : 2u) &&
		       v == (unsigned char)c ? i + 1 : 0;
	}
	for (i = 0; i < sizeof(named) / sizeof(*named); i++) {
		size_t nl = strlen(named[i].name);

		if (named[i].c == c && n >= nl && !memcmp(s, named[i].name, nl))
			return nl;
	}
	return 0;
}

/* How many bytes of S spell LIT (ASCII case ignored, escapes allowed), or
 * 0 when S does not start with it. */
static size_t match_literal(const char *s, size_t n, const char *lit,
			    size_t litlen)
{
	size_t i = 0;

	for (size_t k = 0; k < litlen; k++) {
		char c = lit[k];
		size_t el;

		/* Escapes first: "&amp;" starts with the '&' it stands for,
		 * JSON's "\\" with the '\' it stands for. */
		if (is_punct(c) && i + 1 < n && s[i] == '\\' && s[i + 1] == c) {
			i += 2;
			continue;
		}
		el = is_punct(c) ? escaped_char(s + i, n - i, c) : 0;
		if (el) {
			i += el;
			continue;
		}
		if (i >= n || ascii_lower(s[i]) != ascii_lower(c))
			return 0;
		i++;
	}
	return i;
}

/* Can text starting with T be LIT (spelt out or escaped)?  A cheap test
 * before match_literal(), which runs at nearly every byte. */
static bool may_start(char t, char lit)
{
	return ascii_lower(t) == ascii_lower(lit) ||
	       (is_punct(lit) && (t == '\\' || t == '&'));
}

/* What a keyword rule's value may hold. */
enum value_class {
	VALUE_ID,          /* UUID=: [A-Za-z0-9-] */
	VALUE_HOST,        /* a host name: [A-Za-z0-9.-] */
	VALUE_USER,        /* a user name: [A-Za-z0-9._-], not "." or ".." */
	VALUE_SERIAL,      /* see the file comment */
};

struct rule {
	const char *keyword;
	size_t kwlen;
	enum redact_kind kind;
	enum value_class value;
	bool separator;    /* blanks and one of ":=#" may follow the keyword */
	bool need_sep;     /* ... and the ':' or '=' must be there */
};

#define KW(s) s, sizeof(s) - 1
static const struct rule rules[] = {
	{ KW("PARTUUID="), REDACT_UUID, VALUE_ID, false, false },
	{ KW("UUID="), REDACT_UUID, VALUE_ID, false, false },
	/* systemd logs the name it sets at boot: "Hostname set to <NAME>" */
	{ KW("Hostname set to <"), REDACT_HOST, VALUE_HOST, false, false },
	{ KW("/home/"), REDACT_USER, VALUE_USER, false, false },
	{ KW("/Users/"), REDACT_USER, VALUE_USER, false, false },
	{ KW("/media/"), REDACT_USER, VALUE_USER, false, false },
	/* drivers/usb/core/hub.c announce_device(), every USB device:
	 * "SerialNumber: %s" */
	{ KW("SerialNumber"), REDACT_SERIAL, VALUE_SERIAL, true, false },
	{ KW("Serial Number"), REDACT_SERIAL, VALUE_SERIAL, true, false },
	{ KW("Serial No."), REDACT_SERIAL, VALUE_SERIAL, true, false },
	{ KW("Serial No"), REDACT_SERIAL, VALUE_SERIAL, true, false },
	{ KW("Serial#"), REDACT_SERIAL, VALUE_SERIAL, true, false },
	{ KW("S/N"), REDACT_SERIAL, VALUE_SERIAL, true, false },
	{ KW("serial"), REDACT_SERIAL, VALUE_SERIAL, true, true },
};
#undef KW

static bool in_class(char c, enum value_class v)
{
	switch (v) {
	case VALUE_ID:
		return is_alnum(c) || c == '-';
	case VALUE_HOST:
		return is_alnum(c) || c == '-' || c == '.';
	case VALUE_USER:
	case VALUE_SERIAL:
		return is_alnum(c) || c == '-' || c == '.' || c == '_';
	}
	return false;
}

/* Where a serial may end: a blank, the end, or punctuation no serial or
 * path goes on with. */
static bool ends_serial(const char *s, size_t n)
{
	return !n || strchr(" \t\r\n,;)]}\"'\\<>&|", s[0]);
}

/* The value of rule RU at S (after its keyword): *START is where it
 * begins, the return value its length (0: none). */
static size_t rule_value(const struct rule *ru, const char *s, size_t n,
			 size_t *start)
{
	size_t i = 0, v, len;
	bool sep = false;

	if (ru->separator) {
		while (i < n && i < 4 && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && (s[i] == ':' || s[i] == '=' ||
			      (s[i] == '#' && !ru->need_sep))) {
			sep = true;
			i++;
		}
		if (ru->need_sep && !sep)
			return 0;
		while (i < n && i < 8 && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	v = i;
	while (i < n && in_class(s[i], ru->value))
		i++;
	len = i - v;
	if (ru->value == VALUE_SERIAL) {
		bool digit = false;

		if (!ends_serial(s + i, n - i))
			return 0;
		while (len && (s[v + len - 1] == '.' || s[v + len - 1] == '-'))
			len--;
		for (size_t k = v; k < v + len; k++)
			digit |= is_digit(s[k]);
		if (len < 3 || !digit)
			return 0;
	}
	if (ru->value == VALUE_HOST || ru->value == VALUE_USER)
		while (len && s[v + len - 1] == '.')
			len--;
	if (!len || is_token(s + v, len))
		return 0;
	*start = v;
	return len;
}

/* 8-4-4-4-12 hex digits. */
static size_t match_uuid(const char *s, size_t n)
{
	static const unsigned groups[] = { 8, 4, 4, 4, 12 };
	size_t i = 0;

	for (size_t g = 0; g < 5; g++) {
		if (g) {
			if (i >= n || s[i] != '-')
				return 0;
			i++;
		}
		for (unsigned k = 0; k < groups[g]; k++, i++)
			if (i >= n || !is_hex(s[i]))
				return 0;
	}
	return i < n && is_alnum(s[i]) ? 0 : i;
}

/* 6 to 32 groups of two hex digits, one separator (':' or '-'). */
static size_t match_hwaddr(const char *s, size_t n)
{
	size_t i = 2, groups = 1;
	char sep;

	if (n < 17 || !is_hex(s[0]) || !is_hex(s[1]) ||
	    (s[2] != ':' && s[2] != '-'))
		return 0;
	sep = s[2];
	while (i + 3 <= n && s[i] == sep && is_hex(s[i + 1]) &&
	       is_hex(s[i + 2])) {
		groups++;
		i += 3;
	}
	if (groups < 6 || groups > 32)
		return 0;
	if (i < n && (is_alnum(s[i]) ||
		      (s[i] == sep && i + 1 < n && is_alnum(s[i + 1]))))
		return 0;
	return i;
}

/* An IPv6 address; its inet_ntop() form into CANON. */
static size_t match_ipv6(const char *s, size_t n, char *canon, size_t clen)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr a;
	size_t i = 0, k, colons = 0, hex = 0;

	while (i < n && (is_hex(s[i]) || s[i] == ':' || s[i] == '.')) {
		if (++i >= sizeof(buf))
			return 0;
	}
	if (i < n && (is_alnum(s[i]) || s[i] == '_'))
		return 0;
	/* a sentence's full stop, a port's or a list's colon */
	k = i;
	while (k && s[k - 1] == '.')
		k--;
	if (k >= 2 && s[k - 1] == ':' && s[k - 2] != ':')
		k--;
	for (size_t j = 0; j < k; j++) {
		colons += s[j] == ':';
		hex += is_hex(s[j]);
	}
	if (colons < 2 || !hex)
		return 0;
	memcpy(buf, s, k);
	buf[k] = 0;
	if (inet_pton(AF_INET6, buf, &a) != 1 ||
	    !inet_ntop(AF_INET6, &a, canon, (socklen_t)clen))
		return 0;
	return k;
}

/* The word before S[I], past at most two of " :=", is a version word. */
static bool after_version_word(const char *s, size_t i)
{
	static const char *const words[] = {
		"version", "ver", "fw", "firmware", "rev", "revision",
	};
	size_t end = i, start;

	for (int k = 0; k < 2 && end && s[end - 1] &&
			strchr(" :=", s[end - 1]); k++)
		end--;
	start = end;
	while (start && is_alnum(s[start - 1]))
		start--;
	for (size_t k = 0; k < sizeof(words) / sizeof(*words); k++)
		if (equal_icase(s + start, end - start, words[k]))
			return true;
	return false;
}

/* A dotted quad, octets 0-255 without leading zeros, not followed by a
 * fifth part. */
static size_t match_ipv4(const char *s, size_t n)
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		size_t d = 0;
		unsigned v = 0;

		if (part) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		while (i < n && is_digit(s[i]) && d < 4) {
			v = v * 10 + (unsigned)(s[i] - '0');
			i++;
			d++;
		}
		if (!d || d > 3 || v > 255 || (d > 1 && s[i - d] == '0'))
			return 0;
	}
	if (i < n && (is_alnum(s[i]) || s[i] == '_'))
		return 0;
	if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1]))
		return 0;
	return i;
}

/* What matched at a position: KEEP bytes copied, then VALUE bytes
 * replaced by TOKEN (or kept too, when TOKEN is empty). */
struct hit {
	size_t keep, value;
	char token[REDACT_TOKEN_MAX];
};

static bool match_rule(const struct redactor *r, const char *s, size_t n,
		       bool word_start, struct hit *h)
{
	for (size_t k = 0; k < sizeof(rules) / sizeof(*rules); k++) {
		const struct rule *ru = &rules[k];
		size_t kl, m, start, len;
		char canon[256];

		if (!may_start(s[0], ru->keyword[0]) ||
		    (is_alnum(ru->keyword[0]) && !word_start))
			continue;
		kl = ru->kwlen;
		m = match_literal(s, n, ru->keyword, kl);
		if (!m || (is_alnum(ru->keyword[kl - 1]) && m < n &&
			   is_alnum(s[m])))
			continue;
		len = rule_value(ru, s + m, n - m, &start);
		if (!len)
			continue;
		h->keep = m + start;
		h->value = len;
		len = canonical(ru->kind, s + h->keep, len, canon,
				sizeof(canon));
		redact_token(r, ru->kind, canon, len, h->token);
		return true;
	}
	return false;
}

/* A shape at TEXT[I], N bytes from there on (the word before it matters
 * to an IPv4 address). */
static bool match_shape(const struct redactor *r, const char *text, size_t i,
			size_t n, struct hit *h)
{
	const char *s = text + i;
	char canon[INET6_ADDRSTRLEN + 64], prev = i ? text[i - 1] : 0;
	enum redact_kind kind;
	size_t m;

	h->keep = 0;
	if ((m = match_uuid(s, n))) {
		kind = REDACT_UUID;
		canonical(kind, s, m, canon, sizeof(canon));
	} else if (prev != ':' && prev != '.' && (m = match_hwaddr(s, n))) {
		kind = REDACT_MAC;
		canonical(kind, s, m, canon, sizeof(canon));
		for (size_t k = 2; k < m; k += 3)
			canon[k] = ':';
	} else if (prev != ':' && prev != '.' &&
		   (m = match_ipv6(s, n, canon, sizeof(canon)))) {
		kind = REDACT_IP;
	} else if (prev != '.' && prev != '_' && (m = match_ipv4(s, n)) &&
		   !after_version_word(text, i)) {
		kind = REDACT_IP;
		canonical(kind, s, m, canon, sizeof(canon));
	} else {
		return false;
	}
	/* 0.0.0.0, ff:ff:ff:ff:ff:ff, the nil UUID: kept as they are */
	if (identifies_nobody(canon, strlen(canon)))
		return false;
	h->value = m;
	redact_token(r, kind, canon, strlen(canon), h->token);
	return true;
}

/* A literal of L at S, as a whole word: no letter or digit may run on
 * from one that starts (WORD_START false) or ends with either. */
static bool match_literals(const struct literals *l, const char *s, size_t n,
			   bool word_start, struct hit *h)
{
	if (!l->first[(unsigned char)s[0]])
		return false;
	for (size_t k = 0; k < l->count; k++) {
		const struct secret *sc = &l->v[k];
		size_t m;

		if ((!word_start && is_alnum(sc->text[0])) ||
		    !may_start(s[0], sc->text[0]))
			continue;
		m = match_literal(s, n, sc->text, sc->len);
		if (m && !(m < n && is_alnum(s[m]) &&
			   is_alnum(sc->text[sc->len - 1]))) {
			h->keep = 0;
			h->value = m;
			memcpy(h->token, sc->token, sizeof(h->token));
			return true;
		}
	}
	return false;
}

/* The match at TEXT[I] (N bytes from there on), if any; LEARNED are the
 * user names seen in this text's paths. */
static bool match_at(const struct redactor *r, const struct literals *learned,
		     const char *text, size_t i, size_t n, struct hit *h)
{
	const char *s = text + i;
	char prev = i ? text[i - 1] : 0;
	bool word_start = !is_alnum(prev);
	size_t m;

	h->token[0] = 0;
	if (word_start && (m = token_at(s, n))) {
		h->keep = m;
		h->value = 0;
		return true;
	}
	if (match_literals(&r->secrets, s, n, word_start, h) ||
	    match_literals(learned, s, n, word_start, h))
		return true;
	if (match_rule(r, s, n, word_start, h))
		return true;
	if (!word_start || prev == '_' ||
	    !(is_hex(s[0]) || s[0] == ':'))
		return false;
	return match_shape(r, text, i, n, h);
}

/* ---- output -------------------------------------------------------------- */

/* A growing buffer; on failure it frees itself and stays failed. */
struct outbuf {
	char *p;
	size_t len, alloc;
	int err;
};

static void outbuf_put(struct outbuf *o, const char *s, size_t n)
{
	if (o->err)
		return;
	if (n + 1 > o->alloc - o->len) {
		size_t want = o->len + n + 1, a = o->alloc;
		char *np;

		while (a < want) {
			if (a > SIZE_MAX / 2) {
				o->err = -EFBIG;
				break;
			}
			a *= 2;
		}
		np = o->err ? NULL : realloc(o->p, a);
		if (!np) {
			free(o->p);
			o->p = NULL;
			o->err = o->err ? o->err : -ENOMEM;
			return;
		}
		o->p = np;
		o->alloc = a;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

/*
 * A user name seen in a path of this text (/home/alice/...) is a secret
 * wherever else it stands in it ("/export/alice", "alice's files").  Names
 * every installation or CI runner has identify nobody, and replacing such
 * a common word everywhere would garble the text: they are left to the
 * path rule alone.
 */
static int learn_users(const struct redactor *r, const char *in, size_t len,
		       struct literals *learned)
{
	static const char *const generic[] = {
		"user", "users", "admin", "guest", "test", "shared", "public",
		"root", "nobody", "ubuntu", "debian", "fedora", "linuxbrew",
		"runner", "vagrant", "docker", "git", "www",
	};
	const char *p = in, *end = in + len;
	int e = 0;

	/* every user rule's keyword starts with '/' */
	for (; !e && (p = memchr(p, '/', (size_t)(end - p))); p++) {
		for (size_t k = 0; k < sizeof(rules) / sizeof(*rules); k++) {
			const struct rule *ru = &rules[k];
			size_t kl = ru->kwlen, start, n;
			char token[REDACT_TOKEN_MAX];
			const char *v;
			bool common;

			if (ru->kind != REDACT_USER || (size_t)(end - p) < kl ||
			    memcmp(p, ru->keyword, kl))
				continue;
			v = p + kl;
			n = rule_value(ru, v, (size_t)(end - v), &start);
			if (!n)
				break;
			v += start;
			common = identifies_nobody(v, n) ||
				 literals_find(learned, v, n);
			for (size_t g = 0; !common &&
			     g < sizeof(generic) / sizeof(*generic); g++)
				common = equal_icase(v, n, generic[g]);
			if (!common) {
				redact_token(r, REDACT_USER, v, n, token);
				e = literals_add(learned, v, n, token);
			}
			break;
		}
	}
	return e;
}

/* The bytes a match can start with: the rest are copied without a look. */
static void start_bytes(const struct redactor *r,
			const struct literals *learned, bool out[256])
{
	for (int c = 0; c < 256; c++)
		out[c] = r->secrets.first[c] || learned->first[c] ||
			 is_hex((char)c) || c == ':';
	for (size_t k = 0; k < sizeof(rules) / sizeof(*rules); k++) {
		char c = rules[k].keyword[0];

		out[(unsigned char)ascii_lower(c)] = true;
		out[(unsigned char)ascii_upper(c)] = true;
		if (is_punct(c))
			out['\\'] = out['&'] = true;
	}
	for (size_t k = 0; k < REDACT_KIND_COUNT; k++)
		out[(unsigned char)kind_names[k][0]] = true;
}

int redact_text(const struct redactor *r, const char *in, size_t len,
		char **out, size_t *outlen)
{
	struct literals learned = { 0 };
	struct outbuf o = { 0 };
	size_t i = 0, copied = 0;
	bool start[256];
	struct hit h;
	int e;

	*out = NULL;
	*outlen = 0;
	e = learn_users(r, in, len, &learned);
	if (e) {
		literals_release(&learned);
		return e;
	}
	/* Tokens are mostly longer than what they replace. */
	o.alloc = len < SIZE_MAX / 2 ? len + len / 8 + 64 : len;
	o.p = malloc(o.alloc);
	if (!o.p) {
		literals_release(&learned);
		return -ENOMEM;
	}
	start_bytes(r, &learned, start);
	while (i < len && !o.err) {
		if (!start[(unsigned char)in[i]] ||
		    !match_at(r, &learned, in, i, len - i, &h)) {
			i++;
			continue;
		}
		outbuf_put(&o, in + copied, i + h.keep - copied);
		if (h.token[0])
			outbuf_put(&o, h.token, strlen(h.token));
		else
			outbuf_put(&o, in + i + h.keep, h.value);
		i += h.keep + h.value;
		copied = i;
	}
	outbuf_put(&o, in + copied, len - copied);
	literals_release(&learned);
	if (o.err)
		return o.err;
	o.p[o.len] = 0;
	*out = o.p;
	*outlen = o.len;
	return 0;
}

/* ---- snapshot files ------------------------------------------------------ */

/* PATH is "sys/.../DDDD:BB:DD.F/config": the function's address. */
static bool pci_config_path(const char *path, uint32_t *dom, uint8_t *bus,
			    uint8_t *dev, uint8_t *func)
{
	const char *end = strrchr(path, '/'), *start;
	char name[32];

	if (strncmp(path, "sys/", 4) || !end || strcmp(end, "/config"))
		return false;
	start = end;
	while (start > path && start[-1] != '/')
		start--;
	if ((size_t)(end - start) >= sizeof(name))
		return false;
	memcpy(name, start, (size_t)(end - start));
	name[end - start] = 0;
	return pci_parse_bdf(name, dom, bus, dev, func) == 0;
}

/* include/uapi/linux/pci_regs.h PCI_EXT_CAP_ID_DSN */
#define EXT_CAP_ID_DSN 0x0003

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * The DSN of function ADDR in its config space BUF: the serial (low dword
 * at +4, high at +8, PCIe r6 7.9.3) becomes the first 8 bytes of the HMAC
 * behind its token, read as a big-endian number, so lspci then prints the
 * token's hex digits first.  The header (ID 0x0003, version, next) stays.
 */
static int redact_config(const struct redactor *r, uint8_t *buf, size_t len,
			 uint32_t dom, uint8_t bus, uint8_t dev, uint8_t func)
{
	for (size_t i = 0; i < r->ndsns; i++) {
		const struct dsn_entry *d = &r->dsns[i];
		char canon[17];
		uint8_t mac[SHA256_LEN];
		uint64_t v = 0;

		if (d->domain != dom || d->bus != bus || d->dev != dev ||
		    d->func != func)
			continue;
		if ((size_t)d->pos + 12 > len ||
		    (get_le32(buf + d->pos) & 0xffff) != EXT_CAP_ID_DSN ||
		    ((uint64_t)get_le32(buf + d->pos + 8) << 32 |
		     get_le32(buf + d->pos + 4)) != d->dsn)
			return -EBADMSG;
		snprintf(canon, sizeof(canon), "%016llx",
			 (unsigned long long)d->dsn);
		value_mac(r, REDACT_SERIAL, canon, 16, mac);
		for (int k = 0; k < 8; k++)
			v = v << 8 | mac[k];
		put_le32(buf + d->pos + 4, (uint32_t)v);
		put_le32(buf + d->pos + 8, (uint32_t)(v >> 32));
		return 0;
	}
	return 0;
}

/* proc/net/route, fib_route_seq_show() (net/ipv4/fib_trie.c): after the
 * header, "Iface\tDestination\tGateway\t..." with the addresses as 8 hex
 * digits in network byte order read as a host-order number. */
static bool is_route_path(const char *path)
{
	size_t n = strlen(path);

	return !strncmp(path, "proc/", 5) && n > 10 &&
	       !strcmp(path + n - 10, "/net/route");
}

/* FIELD is 8 hex digits of an IPv4 address as the kernel prints a __be32
 * with %08X (so the first octet is the low byte): unless it is 0.0.0.0,
 * put in the hex digits of its token, upper case, never 00000000 (a
 * destination of 0 is the default route the probe looks for). */
static void redact_route_addr(const struct redactor *r, char *field)
{
	char ip[INET_ADDRSTRLEN], token[REDACT_TOKEN_MAX];
	struct in_addr a;
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		if (!is_hex(field[i]))
			return;
		v = v << 4 | (uint32_t)hex_value(field[i]);
	}
	if (!v)
		return;
	for (int b = 0; b < 4; b++)
		((uint8_t *)&a.s_addr)[b] = (uint8_t)(v >> (8 * b));
	inet_ntop(AF_INET, &a, ip, sizeof(ip));
	redact_token(r, REDACT_IP, ip, strlen(ip), token);
	if (!strcmp(token + 3, "00000000"))
		token[10] = '1';
	for (int i = 0; i < 8; i++)
		field[i] = token[3 + i] >= 'a' ? (char)(token[3 + i] - 32) :
						  token[3 + i];
}

/* Fields 1 (Destination) and 2 (Gateway) of every line but the header. */
static void redact_route(const struct redactor *r, char *text, size_t len)
{
	char *p = text, *end = text + len;
	bool header = true;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *le = nl ? nl : end, *f = p;

		for (int field = 0; !header && field < 3 && f < le; field++) {
			char *fe = f;

			while (fe < le && *fe != '\t' && *fe != ' ')
				fe++;
			if (field && fe - f == 8)
				redact_route_addr(r, f);
			f = fe;
			while (f < le && (*f == '\t' || *f == ' '))
				f++;
		}
		header = false;
		p = nl ? nl + 1 : end;
	}
}

int redact_file(const struct redactor *r, const char *path, const char *data,
		size_t len, char **out, size_t *outlen)
{
	uint32_t dom;
	uint8_t bus, dev, func;
	char *copy;
	int e;

	*out = NULL;
	*outlen = 0;
	if (pci_config_path(path, &dom, &bus, &dev, &func) ||
	    memchr(data, 0, len)) {
		copy = malloc(len + 1);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, data, len);
		copy[len] = 0;
		e = pci_config_path(path, &dom, &bus, &dev, &func) ?
		    redact_config(r, (uint8_t *)copy, len, dom, bus, dev,
				  func) : 0;
		if (e) {
			free(copy);
			return e;
		}
		*out = copy;
		*outlen = len;
		return 0;
	}
	if (!is_route_path(path))
		return redact_text(r, data, len, out, outlen);
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, len);
	redact_route(r, copy, len);
	e = redact_text(r, copy, len, out, outlen);
	free(copy);
	return e;
}
