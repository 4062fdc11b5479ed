#!/bin/sh
# valgrind memcheck over the fixture audits (make valgrind): every fixture
# in every output format, and the PCI commands on the topology fixtures.
# Any invalid read or write, use of uninitialised memory, or a definite,
# indirect or possible leak fails.  Prints one line a run and a total.
#   tests/valgrind.sh BIN
set -u
BIN=${1:?usage: tests/valgrind.sh BIN}
VFIO_READY_PCI_IDS=tests/pci.ids; export VFIO_READY_PCI_IDS
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: not installed (apt-get install valgrind)"; exit 1
fi
formats=$("$BIN" --format '?' 2>&1 | sed -n "s/.*(\(.*\)).*/\1/p" | tr -d ,)
[ -n "$formats" ] || formats="text json"
passed=0; failed=0
log=$(mktemp); trap 'rm -f "$log"' EXIT
vg() {   # vg NAME ARGS...
	name=$1; shift
	valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--track-origins=yes "$BIN" "$@" > /dev/null 2> "$log"
	if [ $? -eq 99 ]; then
		echo "not ok - $name"; sed 's/^/#   /' "$log" | head -n 60
		failed=$((failed + 1))
	else
		echo "ok - $name"; passed=$((passed + 1))
	fi
}
for f in fixtures/synthetic/* fixtures/real/*.tar.gz; do
	for fmt in $formats; do
		vg "$f ($fmt)" --root "$f" --format "$fmt"
	done
done
for f in fixtures/real/qemu-intel-topo.tar.gz fixtures/synthetic/devices-gpu-audio; do
	vg "$f groups" groups --root "$f"
	vg "$f hostdev" hostdev 03:00.0 --root "$f"
done
cap=$(mktemp -d)
vg "capture of a snapshot" capture "$cap/snap" --root fixtures/synthetic/host-intel-ready
rm -rf "$cap"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
