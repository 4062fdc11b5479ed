/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The OS and boot loader.  os-release(5) gives the distribution; the boot
 * loader tooling present tells which command makes a kernel argument stick.
 */
#include "boot.h"

#include <errno.h>
#include <string.h>

#include "probe.h"

bool boot_parse_assignment(const char *text, const char *key, char *out,
			   unsigned int outlen)
{
	size_t klen = strlen(key);
	const char *p = text;

	if (!outlen)
		return false;
	out[0] = 0;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t llen = eol ? (size_t)(eol - p) : strlen(p);

		while (llen && (*p == ' ' || *p == '\t')) {
			p++;
			llen--;
		}
		if (llen > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			const char *v = p + klen + 1;
			size_t vlen = llen - klen - 1;
			char q = 0;

			/* trailing blanks and a comment after a quoted value */
			while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t' ||
					v[vlen - 1] == '\r'))
				vlen--;
			if (vlen && (v[0] == '"' || v[0] == '\'')) {
				q = v[0];
				v++;
				vlen--;
				const char *end = memchr(v, q, vlen);

				if (end)
					vlen = (size_t)(end - v);
			}
			if (vlen >= outlen)
				vlen = outlen - 1;
			memcpy(out, v, vlen);
			out[vlen] = 0;
			return true;
		}
		p = eol ? eol + 1 : NULL;
	}
	return false;
}

int probe_boot(struct host *h)
{
	struct boot_facts *b = &h->boot;
	struct blob blob;
	int e;

	e = root_read(h->root, "etc/os-release", CAP_ATTR, &blob);
	if (e == -ENOENT)
		e = root_read(h->root, "usr/lib/os-release", CAP_ATTR, &blob);
	fact_src_set(&b->os_src, "etc/os-release", e);
	if (!e) {
		boot_parse_assignment(blob.data, "ID", b->os_id,
				      sizeof(b->os_id));
		boot_parse_assignment(blob.data, "ID_LIKE", b->os_id_like,
				      sizeof(b->os_id_like));
		boot_parse_assignment(blob.data, "PRETTY_NAME", b->os_pretty,
				      sizeof(b->os_pretty));
		blob_release(&blob);
	}

	e = root_read(h->root, "etc/default/grub", CAP_ATTR, &blob);
	fact_src_set(&b->grub_src, "etc/default/grub", e);
	if (!e) {
		b->grub_has_default_line = boot_parse_assignment(
			blob.data, "GRUB_CMDLINE_LINUX_DEFAULT",
			b->grub_cmdline_default,
			sizeof(b->grub_cmdline_default));
		blob_release(&blob);
	}
	b->has_grubby = root_exists(h->root, "usr/sbin/grubby") ||
			root_exists(h->root, "usr/bin/grubby");
	b->has_update_grub = root_exists(h->root, "usr/sbin/update-grub");
	b->has_grub2_mkconfig = root_exists(h->root, "usr/sbin/grub2-mkconfig");
	b->has_grub_mkconfig = root_exists(h->root, "usr/sbin/grub-mkconfig");
	b->has_kernel_cmdline_file = root_exists(h->root, "etc/kernel/cmdline");
	b->has_proxmox_boot_tool =
		root_exists(h->root, "usr/sbin/proxmox-boot-tool");
	b->has_kernelstub = root_exists(h->root, "usr/bin/kernelstub");
	return 0;
}
