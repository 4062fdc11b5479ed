/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_REPORT_VERSION_H
#define VFIO_READY_REPORT_VERSION_H
/* The version lives in one place: the newest release heading of CHANGELOG.
 * The Makefile reads it from there and passes -DVFIO_READY_VERSION. */
#ifndef VFIO_READY_VERSION
#define VFIO_READY_VERSION "unknown"
#endif
#endif
