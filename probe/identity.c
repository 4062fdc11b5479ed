/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The machine's names and firmware serials, for --redact (identity.h).
 * Each is one small attribute read through the root handle; nothing here
 * judges a value (whether "To Be Filled By O.E.M." is a secret is the
 * redactor's business).
 */
#include "identity.h"

#include <string.h>

#include "probe.h"
#include "text.h"

static const struct {
	const char *path;
	enum identity_kind kind;
} sources[IDENTITY_COUNT] = {
	[IDENTITY_KERNEL_HOSTNAME] = { "proc/sys/kernel/hostname",
				       IDENTITY_HOSTNAME },
	[IDENTITY_STATIC_HOSTNAME] = { "etc/hostname", IDENTITY_HOSTNAME },
	[IDENTITY_DOMAINNAME] = { "proc/sys/kernel/domainname",
				  IDENTITY_HOSTNAME },
	[IDENTITY_PRODUCT_SERIAL] = { "sys/class/dmi/id/product_serial",
				      IDENTITY_SERIAL },
	[IDENTITY_PRODUCT_UUID] = { "sys/class/dmi/id/product_uuid",
				    IDENTITY_UUID },
	[IDENTITY_BOARD_SERIAL] = { "sys/class/dmi/id/board_serial",
				    IDENTITY_SERIAL },
	[IDENTITY_CHASSIS_SERIAL] = { "sys/class/dmi/id/chassis_serial",
				      IDENTITY_SERIAL },
};

size_t identity_parse(const char *text, size_t len, char *buf, size_t buflen)
{
	const char *p = text, *end = text + len;

	if (!buflen)
		return 0;
	buf[0] = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = p, *e = le;
		size_t n;

		p = nl ? nl + 1 : end;
		while (s < e && text_is_space(*s))
			s++;
		while (e > s && text_is_space(e[-1]))
			e--;
		if (s == e || *s == '#')
			continue;
		n = (size_t)(e - s);
		/* The kernel's placeholder for an unset name. */
		if (n == 6 && !memcmp(s, "(none)", 6))
			return 0;
		if (n >= buflen)
			n = buflen - 1;
		memcpy(buf, s, n);
		buf[n] = 0;
		return n;
	}
	return 0;
}

void probe_identity(struct host *h)
{
	struct identity_facts *id = &h->identity;

	id->read = true;
	for (size_t i = 0; i < IDENTITY_COUNT; i++) {
		struct identity_value *v = &id->v[i];
		struct blob b;
		int e = root_read(h->root, sources[i].path, CAP_ATTR, &b);

		v->kind = sources[i].kind;
		fact_src_set(&v->src, sources[i].path, e);
		v->value[0] = 0;
		if (e)
			continue;
		identity_parse(b.data, b.len, v->value, sizeof(v->value));
		blob_release(&b);
	}
}
