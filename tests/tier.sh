# Shared by the tier scripts (tests/run-NAME.sh), sourced after BIN is set:
#   . tests/tier.sh
# Gives the counters, a private directory $T (removed at exit; under
# $TIER_TMP when set), and
#   ok NAME / not_ok NAME / skip NAME WHY   one result line each
#   check NAME CMD...   ok when CMD succeeds; CMD may explain itself in $T/why
#   run CMD...          CMD's output in $T/out and $T/err, its status in $rc
# The tier prints its own "NAME: N passed, N failed, N skipped" line.
passed=0; failed=0; skipped=0
T=$(mktemp -d -p "${TIER_TMP:-${TMPDIR:-/tmp}}" 2> /dev/null || mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 2' INT TERM

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() {
	echo "not ok - $1"; failed=$((failed + 1))
	if [ -s "$T/why" ]; then sed 's/^/#   /' "$T/why" | head -n 40; fi
}
skip() { echo "skip - $1 ($2)"; skipped=$((skipped + 1)); }
check() {
	_tier_check=$1; shift
	: > "$T/why"
	if "$@"; then ok "$_tier_check"; else not_ok "$_tier_check"; fi
}
run() { "$@" > "$T/out" 2> "$T/err"; rc=$?; }
