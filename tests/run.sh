#!/bin/sh
# Runs every test tier and ends with one line "N passed, N failed".
#   tests/run.sh BUILD_DIR BINARY
set -u
O=${1:-build}
BIN=${2:-./vfio-ready}
export VFIO_READY_BUILD="$O"   # tiers that run other built programs
passed=0
failed=0
skipped=0
tally() {   # tally "label" passed failed skipped
	echo "== $1: $2 passed, $3 failed, $4 skipped"
	passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + $4))
}

# 1. cmocka unit tests: one binary per tests/unit/test-*.c
p=0; f=0; s=0
for t in "$O"/tests/test-*; do
	[ -x "$t" ] || continue
	log=$(mktemp)
	"$t" >"$log" 2>&1
	rc=$?
	tp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	tf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	ts=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	tp=${tp:-0}; tf=${tf:-0}; ts=${ts:-0}
	if [ "$rc" -ne 0 ] && [ "$tf" -eq 0 ]; then tf=1; fi
	if [ "$tf" -ne 0 ]; then cat "$log"; fi
	echo "   $(basename "$t"): $tp passed, $tf failed, $ts skipped"
	p=$((p + tp)); f=$((f + tf)); s=$((s + ts))
	rm -f "$log"
done
tally unit $p $f $s

# 2. fixture snapshots against golden JSON
out=$(sh tests/run-fixtures.sh "$BIN")
echo "$out" | grep -v '^fixtures:'
set -- $(echo "$out" | sed -n 's/^fixtures: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped/\1 \2 \3/p')
tally fixtures "${1:-0}" "${2:-1}" "${3:-0}"

# 3. shell-level tiers: every tests/run-NAME.sh but the fixtures one; each
#    prints "ok"/"FAIL"/"skip" lines and ends with "NAME: N passed, ..."
for tier in tests/run-*.sh; do
	name=$(basename "$tier" .sh); name=${name#run-}
	[ "$name" = fixtures ] && continue
	out=$(sh "$tier" "$BIN" 2>&1)
	echo "$out" | grep -v "^$name:"
	set -- $(echo "$out" | sed -n "s/^$name: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped/\1 \2 \3/p")
	tally "$name" "${1:-0}" "${2:-1}" "${3:-0}"
done

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
