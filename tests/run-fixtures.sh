#!/bin/sh
# Golden-JSON tests: every tests/expected/<F>.json is the report of
# `vfio-ready --root fixtures/<F> --format json`, the tool version
# replaced by "VERSION" (so a release does not rewrite every golden file).
#   tests/run-fixtures.sh BIN                 compare all
#   tests/run-fixtures.sh --update BIN [F...] rewrite the golden files of F
#                                            (default: every fixture with one)
# A fixture is a snapshot directory fixtures/<F>/ or a capture archive
# fixtures/<F>.tar.gz (real captures: an archive keeps the empty directories
# git would drop, and an empty iommu_groups directory is a fact).
set -u
# PCI names from our own small pci.ids, not the machine's (its version would
# change the goldens)
VFIO_READY_PCI_IDS=${VFIO_READY_PCI_IDS:-tests/pci.ids}
export VFIO_READY_PCI_IDS
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
BIN=$1; shift
# the tool's version is the one line that changes with every release
filter() { sed 's/^\(		"version":	\)".*"$/\1"VERSION"/'; }
passed=0; failed=0; skipped=0
fixture() {
	if [ -d "fixtures/$1" ]; then echo "fixtures/$1"
	elif [ -f "fixtures/$1.tar.gz" ]; then echo "fixtures/$1.tar.gz"
	else return 1; fi
}
if [ "$update" = 1 ]; then
	if [ $# -eq 0 ]; then
		set -- $(cd tests/expected && find . -name '*.json' | sed 's|^\./||; s|\.json$||' | sort)
	fi
	for f in "$@"; do
		f=${f#fixtures/}; f=${f%/}; f=${f%.tar.gz}
		src=$(fixture "$f") || { echo "no fixture fixtures/$f"; exit 2; }
		mkdir -p "$(dirname "tests/expected/$f.json")"
		"$BIN" --root "$src" --format json | filter > "tests/expected/$f.json"
		echo "wrote tests/expected/$f.json"
	done
	exit 0
fi
pairs=$(mktemp)
for g in $(cd tests/expected 2>/dev/null && find . -name '*.json' | sed 's|^\./||' | sort); do
	f=${g%.json}
	if ! src=$(fixture "$f"); then
		echo "FAIL $f: golden file without a fixture"; failed=$((failed + 1)); continue
	fi
	got=$(mktemp)
	"$BIN" --root "$src" --format json > "$got.raw" 2>"$got.err"
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
	# every code: dotted lower case, starting with its check's id (the
	# cmdline check also speaks for the kernel config: "kconfig.")
	awk -F'\t' '/^\t\t\t"code":/ { gsub(/[",]/, "", $NF); code = $NF }
		/^\t\t\t"check":/ { gsub(/[",]/, "", $NF); print code "\t" $NF }' \
		"$got.raw" >> "$pairs"
	rm -f "$got" "$got.raw" "$got.err" "$got.diff"
done
bad=$(awk -F'\t' '
	$1 !~ /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/ { print "malformed code " $1; next }
	{ split($1, p, "."); if (p[1] != $2 && !(p[1] == "kconfig" && $2 == "cmdline") &&
	      !(p[1] == "internal")) print "code " $1 " emitted by check " $2 }
	{ if (($1 in owner) && owner[$1] != $2) print "code " $1 " emitted by " owner[$1] " and " $2; owner[$1] = $2 }
	' "$pairs" | sort -u)
if [ -n "$bad" ]; then
	echo "FAIL finding codes:"; echo "$bad"; failed=$((failed + 1))
else
	passed=$((passed + 1))
fi
rm -f "$pairs"
echo "fixtures: $passed passed, $failed failed, $skipped skipped"
