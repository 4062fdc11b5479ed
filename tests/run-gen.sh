#!/bin/sh
# The synthetic-host generator (tests/gen-snapshot.py) that `make bench`
# times the audit on: a 256-function tree is deterministic, complete enough
# that the audit runs every check on it without error, forms the groups the
# kernel would (the audit's prediction agrees), and is real enough for
# lspci.  Run from the project root:
#   tests/run-gen.sh BIN
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME (why)" per test and
# ends with "gen: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-gen.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
GEN=tests/gen-snapshot.py
N=256

# two trees of some 6000 files each: on tmpfs when there is one (a busy
# disk makes writing them take seconds)
[ -d /dev/shm ] && TIER_TMP=/dev/shm
. tests/tier.sh

# Every file's bytes and every link's target, in a stable order.
listing() {
	(cd "$1" && find . -type f -exec sha256sum {} + | sort -k 2 &&
	 find . -type l -printf '%p -> %l\n' | sort)
}

# json_ok PY: the Python expression PY holds of the report (R) and of the
# VFs the generator wrote (VFS, a set of BDFs)
json_ok() {
	python3 - "$T/report.json" "$T/vfs" "$1" > "$T/why" 2>&1 <<'EOF'
import json, sys
R = json.load(open(sys.argv[1]))
VFS = set(open(sys.argv[2]).read().split())
if not eval(sys.argv[3]):
    print("false:", sys.argv[3])
    sys.exit(1)
EOF
}

names="generates exactly $N functions|same N gives the same tree|\
refuses an existing directory|audit runs (exit 0 or 1)|\
report lists $N devices|kernel and predicted groups agree|\
SR-IOV VFs are audited|every check ran, none errored|\
lspci sees $N functions|lspci decodes SR-IOV and ACS"
if ! command -v python3 > /dev/null 2>&1; then
	echo "$names" | tr '|' '\n' | while read -r t; do
		echo "skip - $t (no python3)"
	done
	echo "gen: 0 passed, 0 failed, 10 skipped"
	exit 0
fi

gen() { python3 "$GEN" --functions "$N" "$1" > "$T/gen.out" 2> "$T/why"; }
generates() {
	gen "$T/a" || return 1
	n=$(ls "$T/a/sys/bus/pci/devices" | wc -l)
	echo "$n functions" > "$T/why"
	[ "$n" -eq "$N" ]
}
check "generates exactly $N functions" generates

same_tree() {
	gen "$T/b" || return 1
	listing "$T/a" > "$T/a.list"
	listing "$T/b" > "$T/b.list"
	diff "$T/a.list" "$T/b.list" > "$T/why"
}
check "same N gives the same tree" same_tree

refuses() {
	! python3 "$GEN" --functions "$N" "$T/a" > /dev/null 2> "$T/err" &&
		grep -q exists "$T/err"
}
check "refuses an existing directory" refuses

# the VFs, by the physfn links the generator wrote
(cd "$T/a/sys/bus/pci/devices" && ls -d -- */physfn 2> /dev/null |
 sed 's|/physfn$||') > "$T/vfs"
"$BIN" --root "$T/a" --format json -o "$T/report.json" 2> "$T/why"
rc=$?
check "audit runs (exit 0 or 1)" test "$rc" -le 1
if [ "$rc" -le 1 ] && [ -s "$T/report.json" ]; then
	check "report lists $N devices" json_ok "len(R['devices']) == $N"
	check "kernel and predicted groups agree" \
		json_ok "R['groups']['agreement'] is True"
	check "SR-IOV VFs are audited" json_ok "len(VFS) > 50 and \
VFS <= {d['bdf'] for d in R['devices']} and \
all(d['assignability'] in ('alone', 'with_group') \
    for d in R['devices'] if d['bdf'] in VFS)"
	check "every check ran, none errored" json_ok "\
R['verdict']['counts']['error'] == 0 and \
not any(f['code'].startswith('internal.') for f in R['findings']) and \
{f['check'] for f in R['findings']} >= {'cpu', 'firmware', 'klog', \
'cmdline', 'iommu', 'vfio', 'groups', 'devices', 'kvm'}"
else
	for t in "report lists $N devices" "kernel and predicted groups agree" \
		 "SR-IOV VFs are audited" "every check ran, none errored"; do
		skip "$t" "no report"
	done
fi

if command -v lspci > /dev/null 2>&1; then
	lspci -A linux-sysfs -O "sysfs.path=$T/a/sys/bus/pci" > "$T/lspci" \
		2> "$T/why"
	check "lspci sees $N functions" test "$(wc -l < "$T/lspci")" -eq "$N"
	lspci -A linux-sysfs -O "sysfs.path=$T/a/sys/bus/pci" -vvv \
		> "$T/lspci-v" 2> /dev/null
	pfs=$(ls "$T/a/sys/bus/pci/devices"/*/sriov_totalvfs | wc -l)
	decodes() {
		s=$(grep -c 'Single Root I/O Virtualization' "$T/lspci-v")
		a=$(grep -c 'Access Control Services' "$T/lspci-v")
		echo "SR-IOV caps $s (PFs $pfs), ACS caps $a" > "$T/why"
		[ "$s" -eq "$pfs" ] && [ "$pfs" -gt 0 ] && [ "$a" -gt 0 ]
	}
	check "lspci decodes SR-IOV and ACS" decodes
else
	skip "lspci sees $N functions" "no lspci: apt-get install pciutils"
	skip "lspci decodes SR-IOV and ACS" "no lspci: apt-get install pciutils"
fi

echo "gen: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
