#!/bin/sh
# `vfio-ready diff`: reports against themselves and against their
# snapshots, real captures of different topologies, and a synthetic host
# whose ACS and IOMMU groups change as after a firmware update.  Run from
# the project root:
#   tests/run-diff.sh BIN
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME (why)" per test and
# ends with "diff: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-diff.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
# the goldens name devices from this pci.ids (tests/run-fixtures.sh)
VFIO_READY_PCI_IDS=tests/pci.ids
export VFIO_READY_PCI_IDS

. tests/tier.sh
finish() {
	echo "diff: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

if ! command -v python3 > /dev/null 2>&1; then
	skip "diff tier" "python3 is not installed"
	finish
fi

# jcheck FILE PYTHON-EXPRESSION...: each expression, over the diff tree
# "d", is true; the failing one is the reason.
jcheck() {
	f=$1; shift
	python3 - "$f" "$@" > "$T/why" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
def bdfs(key):
    return [x["bdf"] for x in d["devices"][key]]
def codes(key):
    return [(x["code"], x["subject"]) for x in d["findings"][key]]
for expr in sys.argv[2:]:
    if not eval(expr):
        print("false:", expr)
        print(json.dumps(d, indent=1)[:3000])
        sys.exit(1)
EOF
}

# ---- nothing changed ------------------------------------------------------

G=tests/expected/real/qemu-intel.json
run "$BIN" diff "$G" "$G"
check "a report against itself: exit 0, no change" \
	test "$rc" -eq 0 -a -n "$(grep '^No change' "$T/out")"

# every golden is the report of its fixture: audited here, nothing differs
n=0; bad=""
for g in $(find tests/expected -name '*.json' | sort); do
	f=${g#tests/expected/}; f=fixtures/${f%.json}
	[ -d "$f" ] || f=$f.tar.gz
	"$BIN" diff "$g" "$f" > "$T/one" 2>&1
	rc=$?
	n=$((n + 1))
	if [ "$rc" -ne 0 ]; then
		bad="$bad $g(exit $rc)"
		cat "$T/one" >> "$T/bad"
	fi
done
: > "$T/why"
[ -z "$bad" ] || { echo "$bad"; head -n 30 "$T/bad"; } > "$T/why"
check "each of $n goldens against its snapshot (report vs snapshot): no change" \
	test -z "$bad"

# ---- real captures --------------------------------------------------------

A=fixtures/real/qemu-intel.tar.gz
B=fixtures/real/qemu-intel-topo.tar.gz
run "$BIN" diff --format json -o "$T/topo.json" "$A" "$B"
check "qemu-intel -> qemu-intel-topo: exit 1" test "$rc" -eq 1
# the 82574L went from 00:02.0 to 00:08.0 (a root port took its slot)
check "the NIC that changed slot is 'moved', the new switch 'added'" \
	jcheck "$T/topo.json" \
	'any(m["bdf"] == "0000:00:02.0" and m["to"] == "0000:00:08.0" and m["device_id"] == "10d3" for m in d["devices"]["moved"])' \
	'"0000:03:00.0" in bdfs("added") and "0000:02:00.0" in bdfs("added")' \
	'not d["devices"]["removed"]' \
	'("groups.missing_acs", "0000:03:00.0") in codes("appeared")' \
	'("devices.assignable_alone", "0000:00:02.0") in codes("resolved")' \
	'd["changed"] is True'
run "$BIN" diff "$A" "$B"
check "text: devices, findings, '>' for the moved NIC" \
	test "$rc" -eq 1 \
	-a -n "$(grep '^  > 0000:00:02.0 \[8086:10d3\].* moved to 0000:00:08.0' "$T/out")" \
	-a -n "$(grep '^Findings: ' "$T/out")"

run "$BIN" diff --format json "$A" fixtures/real/qemu-intel-off.tar.gz
cp "$T/out" "$T/off.json"
check "intel_iommu=off: verdict, group basis kernel -> predicted, findings" \
	jcheck "$T/off.json" \
	'd["before"]["status"] == "warnings" and d["after"]["status"] == "not_ready"' \
	'd["after"]["first_failing_layer"] == "kernel"' \
	'd["groups"]["before"]["basis"] == "kernel" and d["groups"]["after"]["basis"] == "predicted"' \
	'("cmdline.iommu.disabled", None) in codes("appeared")' \
	'any(c["code"] == "iommu.interrupt_remapping" and c["verdict_before"] == "pass" for c in d["findings"]["changed"])'

# ---- a firmware update: ACS off on a switch port, groups merge ------------

S=fixtures/synthetic/pci-switch
U=$T/pci-switch-acs-off
P=sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:08.0
cp -a "$S" "$U"
# clear ACS Control of the downstream port 02:08.0 (PCIe r6.0 7.7.8: the
# extended capability 000dh; Control is the word at +6)
python3 - "$U/$P/config" <<'EOF'
import struct, sys
path = sys.argv[1]
cfg = bytearray(open(path, "rb").read())
pos, seen = 0x100, set()
while pos and pos not in seen and pos + 8 <= len(cfg):
    seen.add(pos)
    hdr = struct.unpack_from("<I", cfg, pos)[0]
    if hdr & 0xffff == 0x000d:
        struct.pack_into("<H", cfg, pos + 6, 0)
        open(path, "wb").write(cfg)
        sys.exit(0)
    pos = hdr >> 20
sys.exit("no ACS capability in " + path)
EOF
# ... and the kernel now groups the port with the GPU and its audio
mv "$U/sys/kernel/iommu_groups/6/devices/"* "$U/sys/kernel/iommu_groups/4/devices/"
rm -r "$U/sys/kernel/iommu_groups/6"
for fn in 0000:03:00.0 0000:03:00.1; do
	rm "$U/$P/$fn/iommu_group"
	ln -s ../../../../../../kernel/iommu_groups/4 "$U/$P/$fn/iommu_group"
done

run "$BIN" diff --format json "$S" "$U"
cp "$T/out" "$T/acs.json"
check "snapshots: ACS control cleared on 02:08.0 is an ACS change" \
	test "$rc" -eq 1
check "snapshots: ACS 'SV RR CR UF' -> 'none', groups merged, GPU now shares" \
	jcheck "$T/acs.json" \
	'[(a["bdf"], a["ctl"]["before"], a["ctl"]["after"]) for a in d["acs"]] == [("0000:02:08.0", "SV RR CR UF", "none")]' \
	'd["acs"][0]["cap"]["before"] == d["acs"][0]["cap"]["after"]' \
	'[m["after"] for m in d["groups"]["merged"]] == [["0000:02:08.0", "0000:03:00.0", "0000:03:00.1"]]' \
	'd["groups"]["merged"][0]["before"] == [["0000:02:08.0"], ["0000:03:00.0", "0000:03:00.1"]]' \
	'not d["groups"]["split"]' \
	'd["groups"]["before"]["count"] == 7 and d["groups"]["after"]["count"] == 6' \
	'not d["devices"]["added"] and not d["devices"]["removed"]'
run "$BIN" diff "$S" "$U"
check "text: the merge and the ACS bits" \
	test -n "$(grep -F 'merged: [0000:02:08.0] [0000:03:00.0 0000:03:00.1] -> 0000:02:08.0 0000:03:00.0 0000:03:00.1' "$T/out")" \
	-a -n "$(grep -F 'control:    SV RR CR UF -> none' "$T/out")"
run "$BIN" diff --format json "$U" "$S"
cp "$T/out" "$T/back.json"
check "the other way round the group splits" \
	jcheck "$T/back.json" \
	'[s["before"] for s in d["groups"]["split"]] == [["0000:02:08.0", "0000:03:00.0", "0000:03:00.1"]]' \
	'not d["groups"]["merged"]'

# report vs snapshot, with a change
"$BIN" --root "$U" --format json > "$T/u.json"
run "$BIN" diff tests/expected/synthetic/pci-switch.json "$T/u.json"
check "report vs report after the change: exit 1, the merge listed" \
	test "$rc" -eq 1 -a -n "$(grep -F 'merged:' "$T/out")"

# a finding whose severity alone changed, and one whose wording did
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
f = r["findings"][0]
f["severity"] = "critical" if f["severity"] != "critical" else "low"
r["findings"][1]["title"] += " (reworded)"
print(f["code"], f["severity"])
json.dump(r, open(sys.argv[2], "w"))' "$G" "$T/sev.json" > "$T/sev.txt"
read -r code sev < "$T/sev.txt"
run "$BIN" diff "$G" "$T/sev.json"
check "a severity change is listed as one; a reworded title is no change" \
	test "$rc" -eq 1 -a -n "$(grep -E "^  ~ [a-z]+ \([a-z]+ -> $sev\)  $code" "$T/out")" \
	-a -n "$(grep '^Findings: 0 appeared, 0 resolved, 1 changed' "$T/out")"

# ---- bad input ------------------------------------------------------------

run "$BIN" diff "$G"
check "one side only: exit 2" test "$rc" -eq 2
run "$BIN" diff "$G" /nonexistent.json
check "a missing file: exit 2 naming it" \
	test "$rc" -eq 2 -a -n "$(grep nonexistent "$T/err")"
printf '{"schema": "vfio-ready/fleet/1"}' > "$T/fleet.json"
run "$BIN" diff "$G" "$T/fleet.json"
check "a JSON that is not a report: exit 2 naming the schema" \
	test "$rc" -eq 2 -a -n "$(grep 'vfio-ready/fleet/1' "$T/err")"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
r["groups"]["kernel"][0]["devices"].append(r["groups"]["kernel"][1]["devices"][0])
json.dump(r, open(sys.argv[2], "w"))' "$G" "$T/twice.json"
run "$BIN" diff "$G" "$T/twice.json"
check "a device in two groups: exit 2 with the reason" \
	test "$rc" -eq 2 -a -n "$(grep 'after: .* is in two groups' "$T/err")"
run "$BIN" diff --root / "$G" "$G"
check "an unknown option: exit 2" test "$rc" -eq 2
run "$BIN" diff /nonexistent-dir/ "$G"
check "a snapshot that cannot be opened: exit 2" test "$rc" -eq 2

finish
