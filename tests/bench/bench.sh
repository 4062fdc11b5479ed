#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench: the audit against lspci on large synthetic snapshots.
#   tests/bench/bench.sh BIN [CACHE_DIR]
# A benchmark, not a test: it prints wall time and peak RSS, the median of
# RUNS runs (after one unmeasured run that warms the page cache) of
#   BIN --root TREE --format json -o /dev/null
#   lspci -A linux-sysfs -O sysfs.path=TREE/sys/bus/pci -nnvvv
# on trees of 256, 1024 and 4096 functions written by tests/gen-snapshot.py
# (cached in CACHE_DIR, default build-bench/, regenerated when the
# generator changes), then whether the targets of the "Scale" issue are
# met: at the largest size the audit in at most half of lspci's time and
# at most 32 MiB, and time growing linearly between the two largest sizes
# (t(4096)/t(1024) <= 4.5).  A missed target never fails it; a tree that
# cannot be generated or an audit that exits 2 does.  Peak RSS needs GNU
# time (/usr/bin/time, Debian package "time"); lspci is pciutils.
# Environment: RUNS (default 5), SIZES (default "256 1024 4096").
set -u
BIN=${1:?usage: tests/bench/bench.sh BIN [CACHE_DIR]}
CACHE=${2:-build-bench}
RUNS=${RUNS:-5}
SIZES=${SIZES:-256 1024 4096}
GEN=tests/gen-snapshot.py
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

die() { echo "bench: $*" >&2; exit 2; }
command -v python3 > /dev/null 2>&1 ||
	die "python3 is needed to generate the trees"
have_lspci=false
command -v lspci > /dev/null 2>&1 && have_lspci=true
have_time=false
[ -x /usr/bin/time ] && have_time=true
mkdir -p "$CACHE" || exit 2
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 2' INT TERM

# The trees depend on the generator and the config-space code it reuses.
stamp=$(cat "$GEN" tests/gen-pci-fixture.py | sha256sum | cut -c1-16)

# tree_for N: echo the tree's path, generating it first when it is missing,
# half written or from another version of the generator (the stamp beside
# it is written last)
tree_for() {
	dir=$CACHE/snap-$1
	if [ "$(cat "$dir.stamp" 2> /dev/null)" != "$stamp" ]; then
		rm -rf "$dir" "$dir.stamp"
		python3 "$GEN" --functions "$1" "$dir" >&2 || return 1
		echo "$stamp" > "$dir.stamp" || return 1
	fi
	echo "$dir"
}

# measure FILE CMD...: one run of CMD; appends "wall_us peak_rss_kib" to
# FILE (RSS 0: unknown) and leaves CMD's exit status in $rc.
measure() {
	file=$1; shift
	echo 0 > "$T/rss"
	t0=$(date +%s%N)
	if $have_time; then
		/usr/bin/time -f '%M' -o "$T/rss" "$@" > /dev/null 2> "$T/err"
	else
		"$@" > /dev/null 2> "$T/err"
	fi
	rc=$?
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000)) $(tail -n 1 "$T/rss")" >> "$file"
}

# median FILE COLUMN
median() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

audit() {
	measure "$1" "$BIN" --root "$tree" --format json -o /dev/null
	[ "$rc" -le 1 ] || { cat "$T/err" >&2; die "the audit of $tree exited $rc"; }
}

run_lspci() {
	$have_lspci || return 0
	measure "$1" lspci -A linux-sysfs -O "sysfs.path=$tree/sys/bus/pci" -nnvvv
}

# one line per size into $T/table: N audit_us audit_kib lspci_us lspci_kib
for n in $SIZES; do
	tree=$(tree_for "$n") || die "cannot generate the $n-function tree"
	audit "$T/warm"
	run_lspci "$T/warm"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		audit "$T/audit-$n"
		run_lspci "$T/lspci-$n"
		i=$((i + 1))
	done
	if $have_lspci; then
		echo "$n $(median "$T/audit-$n" 1) $(median "$T/audit-$n" 2)" \
		     "$(median "$T/lspci-$n" 1) $(median "$T/lspci-$n" 2)"
	else
		echo "$n $(median "$T/audit-$n" 1) $(median "$T/audit-$n" 2) 0 0"
	fi >> "$T/table"
done

awk '
function ms(us) { return us > 0 ? sprintf("%.1f", us / 1000) : "-" }
function mib(kib) { return kib > 0 ? sprintf("%.1f", kib / 1024) : "-" }
function verdict(ok) { return ok ? "met" : "NOT met" }
BEGIN {
	printf "%9s %10s %10s %10s %10s %12s\n", "functions", "audit ms",
	       "audit MiB", "lspci ms", "lspci MiB", "audit/lspci"
}
{
	n[NR] = $1; at[NR] = $2; ar[NR] = $3; lt[NR] = $4; lr[NR] = $5
	printf "%9d %10s %10s %10s %10s %12s\n", $1, ms($2), mib($3), ms($4),
	       mib($5), ($4 > 0 ? sprintf("%.2f", $2 / $4) : "-")
}
END {
	k = NR
	printf "\ntargets at %d functions:\n", n[k]
	if (lt[k] > 0)
		printf "  audit time <= 1/2 of lspci'"'"'s   %-8s (%.2f)\n",
		       verdict(at[k] / lt[k] <= 0.5), at[k] / lt[k]
	else
		printf "  audit time <= 1/2 of lspci'"'"'s   unknown  (no lspci: apt-get install pciutils)\n"
	if (ar[k] > 0)
		printf "  audit peak RSS <= 32 MiB       %-8s (%.1f MiB)\n",
		       verdict(ar[k] <= 32 * 1024), ar[k] / 1024
	else
		printf "  audit peak RSS <= 32 MiB       unknown  (no GNU time: apt-get install time)\n"
	if (k > 1) {
		# linear: the time ratio at most 1.125 times the size ratio
		lim = 1.125 * n[k] / n[k - 1]
		printf "  t(%d)/t(%d) <= %.1f        %-8s (%.2f)\n", n[k],
		       n[k - 1], lim, verdict(at[k] / at[k - 1] <= lim),
		       at[k] / at[k - 1]
	}
}' "$T/table"
exit 0
