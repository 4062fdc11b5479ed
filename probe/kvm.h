/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VFIO_READY_PROBE_KVM_H
#define VFIO_READY_PROBE_KVM_H

/* KVM: /dev/kvm and the kvm modules, read on their own (never gated on CPU
 * flags: a paravirtual KVM such as kvm_pvm works without vmx/svm).
 *
 * /dev/kvm in a snapshot.  An archive or a git tree cannot keep a device
 * node or its permission bits, so capture writes dev/kvm as a regular
 * file holding one line (kvm_snapshot_node_text()):
 *
 *	node=char mode=0660 uid=0 gid=104 reader_rw=no
 *
 * An empty (or unparsable) placeholder says only that the node existed: its
 * mode, owner and whether the reader could open it are then unknown, except
 * that a snapshot captured as root could open it (root bypasses the mode,
 * CAP_DAC_OVERRIDE).  A real character device in a snapshot tree is read
 * by its stat like on a live machine.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "fact.h"
#include "modules.h"

struct host;

/* The modules that can provide /dev/kvm, and the core. */
enum kvm_module {
	KVM_MOD_KVM = 0,      /* virt/kvm core, arch/x86/kvm/x86.c */
	KVM_MOD_INTEL,        /* kvm_intel: needs VMX */
	KVM_MOD_AMD,          /* kvm_amd: needs SVM */
	KVM_MOD_PVM,          /* kvm_pvm: paravirtual, needs neither */
	KVM_MOD_COUNT
};

/* The module parameters read, in this order. */
enum kvm_param_id {
	KVM_PARAM_INTEL_NESTED = 0,
	KVM_PARAM_INTEL_EPT,
	KVM_PARAM_INTEL_APICV,
	KVM_PARAM_AMD_NESTED,
	KVM_PARAM_AMD_NPT,
	KVM_PARAM_AMD_AVIC,
	KVM_PARAM_KVM_IGNORE_MSRS,
	KVM_PARAM_COUNT
};

struct kvm_param {
	struct fact_src src;     /* sys/module/M/parameters/P */
	char value[32];          /* first line, e.g. "Y", "1" */
};

struct kvm_facts {
	struct fact_src dev_src;       /* dev/kvm */
	bool dev_char;                 /* a character device node */
	bool dev_placeholder;          /* a snapshot's regular-file stand-in */
	bool mode_known;               /* the next three are known */
	mode_t mode;                   /* permission bits (07777) */
	uid_t uid;
	gid_t gid;
	struct fact_src group_src;     /* etc/group, for the gid's name */
	char group[64];                /* "" when not found */
	enum tri usable_by_reader;     /* the reader can open it read-write */

	enum module_state modules[KVM_MOD_COUNT];
	struct kvm_param params[KVM_PARAM_COUNT];
};

int probe_kvm(struct host *h);
void kvm_facts_release(struct kvm_facts *k);

const char *kvm_module_name(enum kvm_module m);
/* "kvm_intel", "nested" for a parameter. */
const char *kvm_param_module(enum kvm_param_id p);
const char *kvm_param_name(enum kvm_param_id p);
/* A boolean or numeric parameter is on: "Y", "y", "1" or another non-zero
 * number. */
bool kvm_param_on(const struct kvm_param *p);

/* For capture: the placeholder line for dev/kvm (see above).  0, -ENODATA
 * when /dev/kvm was not found, -ENOSPC. */
int kvm_snapshot_node_text(const struct kvm_facts *k, char *buf, size_t len);

/* Pure helpers. */

/* A parsed placeholder line. */
struct kvm_node_record {
	bool mode_known;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	enum tri reader_rw;
};

/* Parse a placeholder's TEXT.  0, or -EBADMSG (then *OUT says nothing). */
int kvm_node_parse(const char *text, size_t len, struct kvm_node_record *out);
/* The name of group GID in an /etc/group TEXT.  0, -ENOENT, -ENOSPC. */
int kvm_group_lookup(const char *text, size_t len, gid_t gid, char *name,
		     size_t namelen);
/* Whether a process with EUID, EGID and supplementary GROUPS may open a
 * node of MODE/UID/GID for read and write, by the permission bits
 * (fs/namei.c acl_permission_check(): owner class, else group class, else
 * other; root passes by CAP_DAC_OVERRIDE). */
bool kvm_mode_allows_rw(mode_t mode, uid_t uid, gid_t gid, uid_t euid,
			gid_t egid, const gid_t *groups, size_t ngroups);

#endif
