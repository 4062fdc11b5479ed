#!/bin/sh
# The text report, run from the project root:
#   tests/run-text.sh BIN
# For every fixture: no line over 80 columns but a remedy line holding a
# shell command ("sudo " or " | ", printed whole so it can be pasted), no
# trailing blanks; -q prints the verdict line and every blocker (each fail
# and error finding, with its fix when it has one) and nothing else; colour
# only when asked or on a terminal: --color never and a pipe give no escape
# code, --color always does, and so does a terminal (through script(1))
# unless NO_COLOR is set.
# Prints "ok - NAME" / "not ok - NAME" / "skip - NAME (why)" and ends with
# "text: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-text.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
VFIO_READY_PCI_IDS=${VFIO_READY_PCI_IDS:-tests/pci.ids}
export VFIO_READY_PCI_IDS

. tests/tier.sh
ESC=$(printf '\033')

# columns FILE: the width rule (see the top comment); offenders to $T/why
columns() {
	awk '/^            fix:$/ { fix = 1; next }
	     fix && !/^              / && !/^$/ { fix = 0 }
	     / $/ { print "trailing blank: " $0; next }
	     length($0) > 80 && !(fix && (/sudo / || / \| /)) { print }' \
		"$1" > "$T/why"
	[ ! -s "$T/why" ]
}

# quiet_matches TXT JSON: TXT is the verdict line of JSON, then exactly its
# fail and error findings, each with its code and (when it has one) fix
quiet_matches() {
	python3 - "$1" "$2" > "$T/why" 2>&1 <<'EOF'
import json, re, sys
txt = open(sys.argv[1]).read().split("\n")
rep = json.load(open(sys.argv[2]))
bad = []
word = {"ready": "READY", "warnings": "READY WITH WARNINGS",
        "not_ready": "NOT READY"}[rep["verdict"]["status"]]
if not txt[0].startswith("Verdict: %s  score %d/100" %
                         (word, rep["verdict"]["score"])):
    bad.append("first line is not the verdict: " + txt[0])
blockers = [f for f in rep["findings"] if f["verdict"] in ("fail", "error")]
codes = [l.strip()[1:-1] for l in txt if re.match(r"^ {12}\(.*\)$", l)]
if sorted(codes) != sorted(f["code"] for f in blockers):
    bad.append("blockers %s, printed %s" %
               (sorted(f["code"] for f in blockers), sorted(codes)))
tags = [l for l in txt if re.match(r"^  \[", l)]
if any(not re.match(r"^  \[(FAIL|ERROR)\] ", t) for t in tags):
    bad.append("a finding that is no blocker: %s" % tags)
fixes = sum(1 for l in txt if l == "            fix:")
if fixes != sum(1 for f in blockers if f["remedy"]):
    bad.append("%d fixes printed for %d blockers with a remedy" %
               (fixes, sum(1 for f in blockers if f["remedy"])))
for f in blockers:
    for e in f["evidence"]:
        if "evidence: " + e["source"] in "\n".join(txt):
            bad.append("evidence printed in -q")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
}

has_python=false
command -v python3 > /dev/null 2>&1 && has_python=true

nblockers=0
for src in fixtures/synthetic/* fixtures/real/*.tar.gz; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .tar.gz)
	"$BIN" --root "$src" --color never > "$T/$name.txt" 2> "$T/why"
	[ $? -le 1 ] || { not_ok "$name: text report"; continue; }
	check "$name: within 80 columns but pasteable commands" \
		columns "$T/$name.txt"
	"$BIN" --root "$src" -q --color never > "$T/$name.q" 2> "$T/why"
	rc=$?
	if ! $has_python; then
		continue
	fi
	"$BIN" --root "$src" --format json > "$T/$name.json" 2> /dev/null
	check "$name: -q prints the verdict and every blocker, nothing else" \
		quiet_matches "$T/$name.q" "$T/$name.json"
	[ "$rc" -eq 1 ] && nblockers=$((nblockers + 1))
done
$has_python || skip "-q against the JSON report" "no python3"
check "-q was tried on fixtures with blockers" test "$nblockers" -ge 5

# ---- colour -----------------------------------------------------------------

S=fixtures/synthetic/iommu-off
"$BIN" --root "$S" --color never > "$T/never" 2>&1
check "--color never: no escape codes" test -z "$(grep "$ESC" "$T/never")"
"$BIN" --root "$S" > "$T/pipe" 2>&1
check "auto into a pipe: no escape codes" test -z "$(grep "$ESC" "$T/pipe")"
"$BIN" --root "$S" --color always > "$T/always" 2>&1
check "--color always: escape codes on the verdict and the tags" \
	test -n "$(grep "^Verdict: ${ESC}\[1;31mNOT READY${ESC}\[0m" "$T/always")" \
	-a -n "$(grep "^  ${ESC}\[1;31m\[FAIL\]" "$T/always")"
NO_COLOR=1 "$BIN" --root "$S" --color always > "$T/nocolor" 2>&1
check "--color always wins over NO_COLOR" \
	test -n "$(grep "$ESC" "$T/nocolor")"
"$BIN" --root "$S" --color always --format json > "$T/json" 2>&1
check "--color always leaves the JSON report plain" \
	test -z "$(grep "$ESC" "$T/json")"
"$BIN" --root "$S" --color sometimes > /dev/null 2>&1
check "--color with a bad value exits 2" test $? -eq 2

# a terminal: script(1) (util-linux) gives the program a pseudo-terminal
if command -v script > /dev/null 2>&1 &&
   script -qec true /dev/null > /dev/null 2>&1; then
	script -qec "'$BIN' --root '$S'" /dev/null > "$T/tty" 2>&1 < /dev/null
	check "auto on a terminal: colour" test -n "$(grep "$ESC" "$T/tty")"
	NO_COLOR=1 script -qec "'$BIN' --root '$S'" /dev/null > "$T/tty2" \
		2>&1 < /dev/null
	check "auto on a terminal with NO_COLOR: none" \
		test -z "$(grep "$ESC" "$T/tty2")"
else
	skip "auto on a terminal" "no script(1)"
fi

echo "text: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
