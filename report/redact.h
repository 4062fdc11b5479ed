/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_REPORT_REDACT_H
#define VFIO_READY_REPORT_REDACT_H

/*
 * --redact: what must not go into a public report or snapshot is replaced
 * by a token, "KIND-xxxxxxxx", where xxxxxxxx is the first 32 bits of
 * HMAC-SHA256(key, KIND NUL canonical-value).  The same value gives the
 * same token in every format and every run with the same key, so two
 * redacted reports of one machine still compare; a different key gives
 * unrelated tokens.  Tokens are letters, digits and '-', safe unescaped in
 * text, JSON, HTML, Markdown and Prometheus output.
 *
 *   KIND    what                                  canonical form hashed
 *   host    host and domain names                 lower case
 *   user    NAME in /home/NAME, /Users/NAME,      as written
 *           /media/NAME
 *   mac     MAC (and longer link-layer)           lower case, ':' between
 *           addresses, ':' or '-' separated       bytes
 *   ip      IPv4 and IPv6 addresses               inet_ntop() form
 *   uuid    8-4-4-4-12 UUIDs, UUID=/PARTUUID=     lower case
 *           values
 *   serial  DMI and PCI serials, serial numbers   as written (a PCI DSN as
 *           after "SerialNumber:", "S/N" ...      16 lower-case hex digits)
 *
 * The default key (REDACT_DEFAULT_KEY) is public, so a token of a value
 * with little entropy (a MAC of a known vendor, a private IPv4 address)
 * can be found by trying every candidate: a report posted in public should
 * be redacted with a private --redact-key.
 *
 * A redactor knows two things: the literal secrets of one machine
 * (redactor_add_host(): its host names, DMI serials and UUID, PCI Device
 * Serial Numbers) and the patterns above, which also catch what no probe
 * reads (addresses and USB serials in the kernel log).  See redact.c for
 * what is matched exactly and what is deliberately left alone.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct host;
struct redactor;

/* The key when none is given.  Documented in vfio-ready(8); changing it
 * changes every token, so it is versioned. */
#define REDACT_DEFAULT_KEY "vfio-ready redaction key 1"

/* The longest token and its NUL: "serial-" and 8 hex digits. */
#define REDACT_TOKEN_MAX 16

enum redact_kind {
	REDACT_HOST,
	REDACT_USER,
	REDACT_MAC,
	REDACT_IP,
	REDACT_UUID,
	REDACT_SERIAL,
	REDACT_KIND_COUNT
};

/* "host", "user", ... as tokens spell them. */
const char *redact_kind_name(enum redact_kind k);

/*
 * A redactor keyed by KEY (NULL: REDACT_DEFAULT_KEY), with no literal
 * secrets yet.  Returns 0 or -ENOMEM; free with redactor_free().
 */
int redactor_new(const char *key, struct redactor **out);
void redactor_free(struct redactor *r);

/*
 * Add VALUE as a literal secret of KIND: it is then replaced wherever it
 * stands as a whole word, in any letter case, also when a writer escaped
 * it (a backslash before punctuation, an HTML/XML entity, a JSON \u
 * escape).  Values that identify nobody are ignored and return 0: shorter
 * than 3 bytes, one repeated character, a token already, or a firmware
 * placeholder ("To Be Filled By O.E.M.", "Default string", "localhost"...).
 * Returns 0 or -ENOMEM.
 */
int redactor_add_secret(struct redactor *r, enum redact_kind kind,
			const char *value);

/*
 * Add the literal secrets of host H: its host names (and the first label
 * of a dotted one), DMI serials and UUID (identity.h, when read) and the
 * Device Serial Number of every PCI function that has one (also kept by
 * address, for redact_file()).  Returns 0 or -ENOMEM.
 */
int redactor_add_host(struct redactor *r, const struct host *h);

/* The token for a value of KIND already in canonical form (see above). */
void redact_token(const struct redactor *r, enum redact_kind kind,
		  const char *canon, size_t len, char out[REDACT_TOKEN_MAX]);

/*
 * Filter LEN bytes of text: every literal secret and pattern match is
 * replaced by its token, every other byte is copied.  Only whole ASCII
 * matches are replaced, so multi-byte UTF-8 sequences pass intact, and
 * lines are never joined or split (line numbers in evidence stay true).
 * A token in the input is copied as it is, so filtering a filtered text
 * with the same key changes nothing.  *OUT (NUL-terminated,
 * *OUTLEN bytes before the NUL) is the caller's to free.  Returns 0,
 * -ENOMEM or -EFBIG.
 */
int redact_text(const struct redactor *r, const char *in, size_t len,
		char **out, size_t *outlen);

/*
 * Filter one file of a snapshot, PATH being its path relative to the root:
 *   a PCI config space file (sys/.../DDDD:BB:DD.F/config) keeps every byte
 *     but the 64-bit serial of its Device Serial Number capability, which
 *     becomes the first 8 bytes of its token's HMAC (the header stays, so
 *     the capability list still parses); -EBADMSG when the capability is
 *     not where and what the probe read
 *   proc/net/route gets its non-zero destination and gateway addresses
 *     replaced by 8 hex digits of their tokens, keeping the layout the
 *     probe parses, then is filtered as text
 *   any other file holding a NUL byte is binary (ACPI tables: OEM and
 *     table IDs, no personal data) and is copied unchanged
 *   the rest is text, filtered by redact_text()
 * Returns 0, -ENOMEM, -EFBIG or -EBADMSG; *OUT as for redact_text().
 */
int redact_file(const struct redactor *r, const char *path, const char *data,
		size_t len, char **out, size_t *outlen);

/* SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), exposed for tests. */
#define SHA256_LEN 32
void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
void hmac_sha256(const void *key, size_t keylen, const void *msg,
		 size_t msglen, uint8_t out[SHA256_LEN]);

#endif
