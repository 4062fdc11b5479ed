/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_REPORT_DIFF_H
#define VFIO_READY_REPORT_DIFF_H

/*
 * What changed between two audits of one host (`vfio-ready diff A B`):
 * after a firmware update, a kernel upgrade, a card moved to another slot.
 * Both sides are report/1 trees (fleet.h reads them; the command audits a
 * snapshot into one first).
 *
 * The result is itself a JSON tree, schema "vfio-ready/diff/1", and the
 * text form is printed from that tree, so the two can never disagree:
 *
 *   before, after   source, status, score, first failing layer, kernel
 *   devices         added, removed, moved (the same vendor:device and class
 *                   at another address), assignability changed
 *   groups          the partition of devices into IOMMU groups on each side
 *                   (the kernel's when it formed any, else the predicted
 *                   one), compared by who is with whom: group numbers are
 *                   never compared, the kernel renumbers them at every boot
 *   acs             ACS capability or control bits changed, per function
 *   findings        appeared, resolved, changed verdict or severity
 *
 * Findings are matched by code and subject: the device a per-device
 * finding is about (the address its title starts with), so that
 * "devices.blocked" for 00:1f.2 only ever matches "devices.blocked" for
 * 00:1f.2.  Findings of one code and subject pair by title first, then in
 * report order.  A finding's wording alone changing is not a change.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cJSON;

/*
 * Compare report/1 trees BEFORE and AFTER.  Returns 0 with a new tree in
 * *OUT (the caller cJSON_Delete()s it), -EINVAL with one line in WHY when
 * a side is not a usable report (WHY names the side), or -ENOMEM.
 */
int report_diff(const struct cJSON *before, const struct cJSON *after,
		struct cJSON **out, char *why, size_t whylen);

/* Did anything change ("changed" of a diff tree)? */
bool report_diff_changed(const struct cJSON *diff);

/* The diff tree for people.  Returns 0 or -1 when writing failed. */
int report_diff_write_text(FILE *out, const struct cJSON *diff);

#endif
