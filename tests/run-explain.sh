#!/bin/sh
# `vfio-ready explain` and the explanation table, run from the project root:
#   tests/run-explain.sh BIN
# Every finding code has an entry: each code of every golden report, each
# code literal in checks/*.c, and each firmware.{dmar,ivrs}.KIND built from
# an issue kind the ACPI decoders record.  `explain CODE` prints the entry
# (its meaning among it), an unknown code exits 2 naming the closest ones,
# and the FINDING CODES section of doc/vfio-ready.8 is what
# `explain --man` prints (make doc regenerates it).
# Prints "ok - NAME" / "not ok - NAME" / "skip - NAME (why)" and ends with
# "explain: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-explain.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

. tests/tier.sh

"$BIN" explain --list > "$T/list" 2> "$T/why"
cut -d ' ' -f 1 "$T/list" > "$T/known"

# covered LIST [MIN]: LIST (one code a line) has at least MIN codes (1),
# and each has an entry; the codes without one go to $T/why
covered() {
	if [ "$(sort -u "$1" | wc -l)" -lt "${2:-1}" ]; then
		echo "only $(sort -u "$1" | wc -l) codes found" > "$T/why"
		return 1
	fi
	sort -u "$1" | LC_ALL=C comm -23 - "$T/known" > "$T/why"
	[ ! -s "$T/why" ]
}

# ---- the list ------------------------------------------------------------------

check "--list: one line per code, sorted, unique" \
	test -s "$T/list" -a "$(LC_ALL=C sort -u "$T/known")" = "$(cat "$T/known")"

sed -n 's/^[[:space:]]*"code":[[:space:]]*"\([^"]*\)".*/\1/p' \
	$(find tests/expected -name '*.json') > "$T/golden"
check "every code in the golden reports has an entry" covered "$T/golden"

# literals shaped like a code whose first word is a check's (or internal),
# in the checks' sources (the table itself aside)
sources=$(ls checks/*.c | grep -v '^checks/explain\.c$')
prefixes=$(sed -n 's/^[[:space:]]*\.id = "\([a-z0-9_]*\)",.*/\1/p' $sources |
	tr '\n' '|')
grep -ohE "\"(${prefixes}kconfig|internal)\\.[a-z0-9_.]+\"" $sources |
	tr -d '"' > "$T/literal"
check "every code literal in checks/*.c has an entry" covered "$T/literal" 100

# firmware.TABLE.KIND: checks/firmware.c issues() builds them from the
# decoders' issue kinds; the header decoder (acpi.c) serves both tables
kinds() {
	grep -ohE '(acpi_table_issue|acpi_issue_add)\([^"]*"[a-z0-9_]+"' "$@" |
		sed 's/.*"\([a-z0-9_]*\)"$/\1/'
}
{
	kinds probe/acpi.c probe/acpi_dmar.c | sed 's/^/firmware.dmar./'
	kinds probe/acpi.c probe/acpi_ivrs.c | sed 's/^/firmware.ivrs./'
} > "$T/issues"
check "every ACPI issue kind has its firmware.* entry" \
	covered "$T/issues" 20

# ---- one code ------------------------------------------------------------------

# shows CODE: `explain CODE` exits 0 and holds the first sentence of the
# meaning (as --list prints it), its line breaks aside
shows() {
	code=$1
	want=$(sed -n "s/^$code  *//p" "$T/list")
	"$BIN" explain "$code" > "$T/one" 2> "$T/why" || return 1
	got=$(tr '\n' ' ' < "$T/one" | tr -s ' ')
	case $got in
	"$code Meaning: $want"*) ;;
	*) echo "explain $code: $got" > "$T/why"; return 1 ;;
	esac
	awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$T/one" ||
		{ echo "explain $code: a line over 80 columns" > "$T/why"; return 1; }
	grep -qx 'Why it matters:' "$T/one" && grep -qx 'Fix:' "$T/one"
}
every_code_shows() {
	while read -r c; do
		shows "$c" || return 1
	done < "$T/known"
}
check "explain CODE prints its meaning, why and fix within 80 columns" \
	every_code_shows

run "$BIN" explain klog.ir
check "an unknown code exits 2 and names the closest codes" \
	test "$rc" -eq 2 -a -s "$T/err" -a ! -s "$T/out" \
	-a -n "$(grep -x '  klog.ir.enabled' "$T/err")" \
	-a -n "$(grep -x '  klog.ir.disabled' "$T/err")" \
	-a -z "$(grep 'klog.iommu' "$T/err")"

run "$BIN" explain no.such.thing
check "a code like none exits 2 and points at --list" \
	test "$rc" -eq 2 -a -n "$(grep -e '--list' "$T/err")"

run "$BIN" explain
check "explain without a code exits 2 with usage" \
	test "$rc" -eq 2 -a -n "$(grep Usage "$T/err")"

run "$BIN" explain iommu.interrupt_remapping vfio.modules
check "explain with two codes exits 2" test "$rc" -eq 2

# ---- the man page ----------------------------------------------------------------

awk '/^\.\\" END FINDING CODES$/ { f = 0 } f { print }
     /^\.\\" BEGIN FINDING CODES$/ { f = 1 }' doc/vfio-ready.8 > "$T/man.committed"
"$BIN" explain --man > "$T/man.now"
diff_man() {
	diff -u "$T/man.committed" "$T/man.now" > "$T/why" && return 0
	echo "doc/vfio-ready.8 is out of date: run make doc" >> "$T/why"
	return 1
}
check "doc/vfio-ready.8's FINDING CODES section is up to date" diff_man
check "the man page section has every code" \
	test "$(grep -c '^\.TP$' "$T/man.now")" -eq "$(wc -l < "$T/known")"
if command -v groff > /dev/null 2>&1; then
	check "the man page formats without warnings" \
		test -z "$(groff -man -ww -z doc/vfio-ready.8 2>&1)"
else
	echo "skip - the man page formats without warnings (no groff)"
	skipped=$((skipped + 1))
fi

echo "explain: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
