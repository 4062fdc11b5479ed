/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_BOOT_H
#define VFIO_READY_PROBE_BOOT_H

/*
 * The operating system and its boot loader, read so that every remedy that
 * changes the kernel command line names the exact command for this host:
 * grubby (Fedora/RHEL), /etc/default/grub + update-grub (Debian/Ubuntu) or
 * grub2-mkconfig (others), /etc/kernel/cmdline + proxmox-boot-tool or
 * kernelstub (systemd-boot setups).
 */

#include <stdbool.h>

#include "fact.h"

struct host;

struct boot_facts {
	struct fact_src os_src;        /* etc/os-release (or usr/lib/os-release) */
	char os_id[64];                /* ID= */
	char os_id_like[128];          /* ID_LIKE= */
	char os_pretty[128];           /* PRETTY_NAME= */

	struct fact_src grub_src;      /* etc/default/grub */
	char grub_cmdline_default[2048]; /* GRUB_CMDLINE_LINUX_DEFAULT value */
	bool grub_has_default_line;

	bool has_grubby;               /* usr/sbin/grubby or usr/bin/grubby */
	bool has_update_grub;          /* usr/sbin/update-grub */
	bool has_grub2_mkconfig;       /* usr/sbin/grub2-mkconfig */
	bool has_grub_mkconfig;        /* usr/sbin/grub-mkconfig */
	bool has_kernel_cmdline_file;  /* etc/kernel/cmdline */
	bool has_proxmox_boot_tool;    /* usr/sbin/proxmox-boot-tool */
	bool has_kernelstub;           /* usr/bin/kernelstub (Pop!_OS) */
};

int probe_boot(struct host *h);

/* Pure: value of KEY in an os-release / shell-assignment text, unquoted. */
bool boot_parse_assignment(const char *text, const char *key, char *out,
			   unsigned int outlen);

#endif
