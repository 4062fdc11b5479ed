#!/bin/sh
# Golden-JSON tests: every tests/expected/<F>.json is the report of
# `vfio-ready --root fixtures/<F> --format json`, the tool version line
# removed (so a release does not rewrite every golden file).
#   tests/run-fixtures.sh BIN                 compare all
#   tests/run-fixtures.sh --update BIN [F...] rewrite the golden files of F
#                                            (default: every fixture with one)
set -u
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
BIN=$1; shift
filter() { grep -v '^		"version":	"'; }
passed=0; failed=0; skipped=0
if [ "$update" = 1 ]; then
	if [ $# -eq 0 ]; then
		set -- $(cd tests/expected && find . -name '*.json' | sed 's|^\./||; s|\.json$||' | sort)
	fi
	for f in "$@"; do
		f=${f#fixtures/}; f=${f%/}
		[ -d "fixtures/$f" ] || { echo "no fixture fixtures/$f"; exit 2; }
		mkdir -p "$(dirname "tests/expected/$f.json")"
		"$BIN" --root "fixtures/$f" --format json | filter > "tests/expected/$f.json"
		echo "wrote tests/expected/$f.json"
	done
	exit 0
fi
for g in $(cd tests/expected 2>/dev/null && find . -name '*.json' | sed 's|^\./||' | sort); do
	f=${g%.json}
	if [ ! -d "fixtures/$f" ]; then
		echo "FAIL $f: golden file without a fixture"; failed=$((failed + 1)); continue
	fi
	got=$(mktemp)
	"$BIN" --root "fixtures/$f" --format json > "$got.raw" 2>"$got.err"
	rc=$?
	filter < "$got.raw" > "$got"
	if [ "$rc" -ge 2 ]; then
		echo "FAIL $f: exit $rc: $(cat "$got.err")"; failed=$((failed + 1))
	elif diff -u "tests/expected/$g" "$got" > "$got.diff"; then
		passed=$((passed + 1))
	else
		echo "FAIL $f: report differs from tests/expected/$g"
		head -n 60 "$got.diff"
		failed=$((failed + 1))
	fi
	rm -f "$got" "$got.raw" "$got.err" "$got.diff"
done
echo "fixtures: $passed passed, $failed failed, $skipped skipped"
