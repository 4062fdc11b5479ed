/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_IDENTITY_H
#define VFIO_READY_PROBE_IDENTITY_H

/*
 * Who the machine is: its host names and the serial numbers and UUID its
 * firmware publishes (SMBIOS through the kernel's DMI attributes).  No
 * check judges these; they are read only so that --redact knows, besides
 * its patterns, the exact strings that must not reach a report or a
 * snapshot.  They are read only when asked (probe_opts.identity), so an
 * ordinary capture does not gain files it never needed.
 *
 * Sources (all through the root handle):
 *   proc/sys/kernel/hostname    the running UTS name (kernel/utsname_sysctl.c)
 *   etc/hostname                the static name, hostname(5): the first
 *                               line that is not a "#" comment
 *   proc/sys/kernel/domainname  the NIS domain; "(none)" when unset
 *                               (UTS_DOMAINNAME, include/linux/uts.h)
 *   sys/class/dmi/id/{product_serial,product_uuid,board_serial,
 *                     chassis_serial}
 *                               drivers/firmware/dmi-id.c; mode 0400, so
 *                               unreadable (-EACCES) without root
 */

#include <stdbool.h>
#include <stddef.h>

#include "fact.h"

struct host;

enum identity_kind {
	IDENTITY_HOSTNAME,      /* a host or domain name */
	IDENTITY_SERIAL,        /* a serial number */
	IDENTITY_UUID,          /* a system UUID */
};

enum identity_item {
	IDENTITY_KERNEL_HOSTNAME = 0,
	IDENTITY_STATIC_HOSTNAME,
	IDENTITY_DOMAINNAME,
	IDENTITY_PRODUCT_SERIAL,
	IDENTITY_PRODUCT_UUID,
	IDENTITY_BOARD_SERIAL,
	IDENTITY_CHASSIS_SERIAL,
	IDENTITY_COUNT
};

struct identity_value {
	enum identity_kind kind;
	struct fact_src src;
	char value[256];        /* "" when unread, unset or "(none)" */
};

struct identity_facts {
	bool read;              /* probe_identity() ran */
	struct identity_value v[IDENTITY_COUNT];
};

/* Read every item of enum identity_item into h->identity; unreadable ones
 * stay "" with the reason in their src. */
void probe_identity(struct host *h);

/* Pure: the value a source's TEXT holds, into BUF: the first line that is
 * neither empty nor a "#" comment, blanks around it removed, "(none)"
 * read as nothing.  Returns its length (0: nothing). */
size_t identity_parse(const char *text, size_t len, char *buf, size_t buflen);

#endif
