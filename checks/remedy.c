/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel-argument remedies, exact for the boot loader this host uses.
 *
 * Where /etc/default/grub was read, the remedy is the whole new
 * GRUB_CMDLINE_LINUX_DEFAULT line (computed from the current one), so the
 * user pastes one command and nothing is appended twice.
 */
#include "remedy.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../probe/probe.h"
#include "textbuf.h"

/* Is TOKEN one of the space-separated words of LIST? */
static bool has_word(const char *list, const char *token)
{
	size_t tl = strlen(token);

	for (const char *p = list; *p;) {
		size_t wl;

		while (*p == ' ')
			p++;
		wl = strcspn(p, " ");
		if (wl == tl && !strncmp(p, token, tl))
			return true;
		p += wl;
	}
	return false;
}

/* NEW := OLD without the words of REMOVE, plus the words of ADD not there. */
static bool edit_words(const char *old, const char *add, const char *remove,
		       char *out, size_t len)
{
	struct textbuf b = { out, len, 0 };
	bool first = true;

	out[0] = 0;
	for (const char *p = old; *p;) {
		char w[512];
		size_t wl;

		while (*p == ' ' || *p == '\t')
			p++;
		wl = strcspn(p, " \t");
		if (!wl)
			break;
		if (wl >= sizeof(w))
			return false;
		memcpy(w, p, wl);
		w[wl] = 0;
		p += wl;
		if (remove && has_word(remove, w))
			continue;
		textbuf_add(&b, "%s%s", first ? "" : " ", w);
		first = false;
	}
	for (const char *p = add ? add : ""; *p;) {
		char w[512];
		size_t wl;

		while (*p == ' ')
			p++;
		wl = strcspn(p, " ");
		if (!wl)
			break;
		if (wl >= sizeof(w))
			return false;
		memcpy(w, p, wl);
		w[wl] = 0;
		p += wl;
		if (has_word(out, w))
			continue;
		textbuf_add(&b, "%s%s", first ? "" : " ", w);
		first = false;
	}
	return b.used + 1 < len;
}

/* Safe inside a single-quoted sed 's|...|...|' program? */
static bool sed_safe(const char *s)
{
	return !strpbrk(s, "'|&\\\n\"");
}

static const char *grub_update_cmd(const struct boot_facts *b)
{
	if (b->has_update_grub)
		return "sudo update-grub";
	if (b->has_grub2_mkconfig)
		return "sudo grub2-mkconfig -o /boot/grub2/grub.cfg";
	if (b->has_grub_mkconfig)
		return "sudo grub-mkconfig -o /boot/grub/grub.cfg";
	return NULL;
}

char *remedy_kernel_args(const struct host *h, const char *add,
			 const char *remove, char *buf, size_t len)
{
	const struct boot_facts *b = &h->boot;
	struct textbuf sb = { buf, len, 0 };
	const char *upd = grub_update_cmd(b);

	if (!len)
		return buf;
	buf[0] = 0;
	if (add && *add)
		textbuf_add(&sb, "Add to the kernel command line: %s\n", add);
	if (remove && *remove)
		textbuf_add(&sb, "Remove from the kernel command line: %s\n", remove);

	if (b->has_kernel_cmdline_file && b->has_proxmox_boot_tool) {
		textbuf_add(&sb, "This host boots with proxmox-boot-tool "
			    "(/etc/kernel/cmdline):\n");
		if (add && *add)
			textbuf_add(&sb, "  sudo sed -i '1s|$| %s|' /etc/kernel/cmdline\n",
			       add);
		if (remove && *remove)
			textbuf_add(&sb, "  edit /etc/kernel/cmdline and delete: %s\n",
			       remove);
		textbuf_add(&sb, "  sudo proxmox-boot-tool refresh\n");
	} else if (b->has_kernelstub) {
		textbuf_add(&sb, "This host boots with kernelstub:\n");
		if (add && *add)
			textbuf_add(&sb, "  sudo kernelstub -a \"%s\"\n", add);
		if (remove && *remove)
			textbuf_add(&sb, "  sudo kernelstub -d \"%s\"\n", remove);
	} else if (b->has_grubby) {
		textbuf_add(&sb, "This host manages boot entries with grubby:\n");
		textbuf_add(&sb, "  sudo grubby --update-kernel=ALL");
		if (add && *add)
			textbuf_add(&sb, " --args=\"%s\"", add);
		if (remove && *remove)
			textbuf_add(&sb, " --remove-args=\"%s\"", remove);
		textbuf_add(&sb, "\n");
	} else if (fact_known(&b->grub_src)) {
		char line[2048];

		if (b->grub_has_default_line &&
		    edit_words(b->grub_cmdline_default, add, remove, line,
			       sizeof(line)) && sed_safe(line)) {
			textbuf_add(&sb, "This host boots with GRUB; set the whole "
				    "line in /etc/default/grub:\n");
			textbuf_add(&sb, "  sudo sed -i 's|^GRUB_CMDLINE_LINUX_DEFAULT=.*|"
				    "GRUB_CMDLINE_LINUX_DEFAULT=\"%s\"|' "
				    "/etc/default/grub\n", line);
		} else {
			textbuf_add(&sb, "This host boots with GRUB: edit "
				    "GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub");
			if (add && *add)
				textbuf_add(&sb, ", add \"%s\"", add);
			if (remove && *remove)
				textbuf_add(&sb, ", remove \"%s\"", remove);
			textbuf_add(&sb, "\n");
		}
		textbuf_add(&sb, "  %s\n", upd ? upd :
		       "sudo grub-mkconfig -o /boot/grub/grub.cfg   "
		       "(grub2-mkconfig -o /boot/grub2/grub.cfg on Fedora/RHEL)");
	} else {
		textbuf_add(&sb, "Boot loader not recognised; on GRUB systems:\n"
			    "  Debian/Ubuntu: edit GRUB_CMDLINE_LINUX_DEFAULT in "
			    "/etc/default/grub, then sudo update-grub\n"
			    "  Fedora/RHEL:   sudo grubby --update-kernel=ALL");
		if (add && *add)
			textbuf_add(&sb, " --args=\"%s\"", add);
		if (remove && *remove)
			textbuf_add(&sb, " --remove-args=\"%s\"", remove);
		textbuf_add(&sb, "\n");
	}
	textbuf_add(&sb, "Then reboot.  To try it once first: at the boot menu "
		    "press e and edit the line starting with \"linux\".");
	return buf;
}
