#!/bin/sh
# --redact: none of a machine's secrets survives in any report format the
# binary knows (read from its own error message, so a new format is covered
# the day it exists) or in `capture --redact` (directory and .tar.gz, every
# file grepped, binary files as bytes); tokens are stable and keyed; a
# redacted capture audits to the same verdicts; and what only looks like a
# secret (PCI addresses, IDs, versions, finding codes) is kept.
#   tests/run-redact.sh BIN
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME (why)" per test and
# ends with "redact: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-redact.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
FIX=fixtures/synthetic/redact-secrets

# Every secret of $FIX, one per line (its README says where each lives).
# Matched without regard to case, as fixed strings.
SECRETS='zephyr-lab42
corp-example.net
PF3XK9QZ
4c4c4544-0042-3510-8052-b4c04f4e3732
CN1296385D00C6
7XK9QZ2
3c:52:82:4e:9a:17
00-E0-4C-68-12-3F
192.168.44.7
10.20.30.40
10.20.30.1
2001:db8:4a2f::17
fe80::3e52:82ff:fe4e:9a17
4C530001230719117144
9b2f6c1e-4d3a-4b8c-a1e2-7f6d5c4b3a21
5e2d4c1a-03
6f1c3e2a-5b7d-4e8f-9a0b-1c2d3e4f5a6b
alice
011E140A
001E140A'
# The NIC's Device Serial Number 3c-52-82-ff-ff-4e-9a-17 as its config
# space holds it: the low dword, then the high one, little-endian.
DSN_BYTES=$(printf '\027\232\116\377\377\202\122\074')
# What must survive redaction, in the JSON report and in a capture.
KEPT_JSON='0000:00:1f.6
6.8.0-31-generic
vfio-pci.ids=8086:15bb
intel_iommu=on
iommu.interrupt_remapping
GeForce GTX 1080'
KEPT_CAPTURE='pci 0000:00:1f.6: [8086:15bb] type 00 class 0x020000
nvme nvme0: pci function 0000:02:00.0
Serial: 8250/16550 driver, 4 ports
firmware version: 16.35.2000
reg_base_addr fed90000 ver 1:0 cap 1c0000c40660462 ecap 19e2ff0505e
Linux version 6.8.0-45-generic
New USB device strings: Mfr=1, Product=2, SerialNumber=3'
TOKEN_RE='(host|user|mac|ip|uuid|serial)-[0-9a-f]{8}'

. tests/tier.sh

# survivors PATH...: the secrets found in PATH (files or trees, binary
# files read as text), one per line.
survivors() {
	echo "$SECRETS" | while IFS= read -r s; do
		if grep -r -l -i -a -F -e "$s" "$@" > /dev/null 2>&1; then
			echo "$s"
		fi
	done
	if LC_ALL=C grep -r -l -a -F -e "$DSN_BYTES" "$@" > /dev/null 2>&1; then
		echo "the DSN's bytes"
	fi
}
# none_survive PATH...: no secret in PATH; says which did in $T/why.
none_survive() {
	survivors "$@" > "$T/why"
	[ ! -s "$T/why" ]
}
# all_kept LIST PATH...: every line of LIST is in PATH.
all_kept() {
	list=$1; shift
	echo "$list" | while IFS= read -r s; do
		grep -r -q -a -F -e "$s" "$@" || echo "lost: $s"
	done > "$T/why"
	[ ! -s "$T/why" ]
}
tokens() { grep -r -o -h -a -E "$TOKEN_RE" "$@" | sort -u; }
# tokens_within A B: every token of A is also one of B.
tokens_within() {
	tokens "$1" > "$T/ta"
	tokens "$2" > "$T/tb"
	comm -23 "$T/ta" "$T/tb" > "$T/why"
	[ -s "$T/ta" ] && [ ! -s "$T/why" ]
}
verdicts() {
	grep -E '"(code|verdict|severity|status|score|first_failing_layer)":' "$1"
}
same_verdicts() {
	verdicts "$1" > "$T/a.norm"
	verdicts "$2" > "$T/b.norm"
	diff -u "$T/a.norm" "$T/b.norm" > "$T/why"
}
# The JSON report minus where it came from (the source path, a capture's
# evidence naming its own files) and the wording of absent facts.
normalise() {
	grep -v '"source":' "$1" | sed \
		-e 's/not present in the snapshot/not present on this machine/'
}
same_report() {
	normalise "$1" > "$T/a.norm"
	normalise "$2" > "$T/b.norm"
	diff -u "$T/a.norm" "$T/b.norm" > "$T/why"
}

if [ ! -d "$FIX" ]; then
	echo "not ok - $FIX exists"
	echo "redact: 0 passed, 1 failed, 0 skipped"
	exit 1
fi

# The test is only as good as its list: the fixture must hold every secret.
survivors "$FIX" > "$T/found"
echo "$SECRETS" > "$T/listed"
echo "the DSN's bytes" >> "$T/listed"
check "the fixture holds every listed secret" \
	diff -u "$T/listed" "$T/found"

# Read from a path that itself names the user and the host, so that every
# format, showing at least where it read from, has secrets to hide.
SRC=$T/home/alice/zephyr-lab42
mkdir -p "$T/home/alice"
cp -R "$FIX" "$SRC"

# ---- every report format ----------------------------------------------------

run "$BIN" --format vfio-ready-no-such-format
FORMATS=$(sed -n 's/.*unknown format .* (\(.*\))$/\1/p' "$T/err" | tr -d ',')
check "the binary names its formats (exit 2)" \
	test "$rc" -eq 2 -a -n "$FORMATS"

run "$BIN" capture "$T/cap" --root "$FIX" --redact
cap_rc=$rc
check "capture --redact into a directory succeeds" \
	test "$rc" -eq 0 -a -f "$T/cap/SNAPSHOT"

for F in $FORMATS; do
	"$BIN" --root "$SRC" --format "$F" > "$T/plain.$F" 2>&1
	prc=$?
	run "$BIN" --root "$SRC" --format "$F" --redact
	cp "$T/out" "$T/red.$F"
	n=$(survivors "$T/plain.$F" | wc -l)
	check "$F: --redact exits as the plain report does ($prc)" \
		test "$rc" -eq "$prc" -a "$rc" -le 1
	check "$F: no secret survives --redact ($n in the plain report)" \
		none_survive "$T/red.$F"
	"$BIN" --root "$SRC" --format "$F" --redact > "$T/again.$F" 2>&1
	check "$F: tokens are stable from run to run" \
		cmp "$T/red.$F" "$T/again.$F"
	if [ -z "$(tokens "$T/red.$F")" ]; then
		# a format that shows nothing secret must come out unchanged
		check "$F: has nothing to hide, and --redact changes nothing" \
			cmp "$T/plain.$F" "$T/red.$F"
		continue
	fi
	"$BIN" --root "$SRC" --format "$F" --redact-key "k2-$$" \
		> "$T/key.$F" 2>&1
	check "$F: --redact-key gives other tokens, still no secret" \
		test "$(tokens "$T/red.$F")" != "$(tokens "$T/key.$F")" \
		-a -z "$(survivors "$T/key.$F")"
	if [ "$cap_rc" -eq 0 ]; then
		check "$F: each token is the capture's for the same value" \
			tokens_within "$T/red.$F" "$T/cap"
	else
		skip "$F: each token is the capture's for the same value" \
			"capture failed"
	fi
done

# ---- what must survive --------------------------------------------------------

if [ -f "$T/red.json" ]; then
	check "json: PCI addresses, IDs, versions, codes, names are kept" \
		all_kept "$KEPT_JSON" "$T/red.json"
	grep -E '"(code|check|verdict|bdf|vendor_id|device_id|class|release|name)":' \
		"$T/plain.json" > "$T/a.norm"
	grep -E '"(code|check|verdict|bdf|vendor_id|device_id|class|release|name)":' \
		"$T/red.json" > "$T/b.norm"
	check "json: codes, verdicts, device identities are unchanged" \
		diff -u "$T/a.norm" "$T/b.norm"
else
	not_ok "json is one of the formats"
fi

# ---- capture --redact ---------------------------------------------------------

check "capture --redact: no secret survives in any file" \
	none_survive "$T/cap"
check "capture --redact: look-alikes are kept" \
	all_kept "$KEPT_CAPTURE" "$T/cap"
check "capture --redact: the manifest says redacted=yes" \
	grep -qx 'redacted=yes' "$T/cap/SNAPSHOT"
run "$BIN" capture "$T/plaincap" --root "$FIX"
check "plain capture keeps the DSN and the addresses (the test can fail)" \
	test "$rc" -eq 0 \
	-a -n "$(survivors "$T/plaincap" | grep -x "the DSN's bytes")" \
	-a -n "$(survivors "$T/plaincap" | grep -x '10.20.30.40')" \
	-a -z "$(grep -x 'redacted=yes' "$T/plaincap/SNAPSHOT")"

"$BIN" --root "$FIX" --format json > "$T/fix.json" 2>/dev/null
"$BIN" --root "$T/cap" --format json > "$T/cap.json" 2>/dev/null
check "a redacted capture audits to the same verdicts" \
	same_verdicts "$T/fix.json" "$T/cap.json"
"$BIN" --root "$FIX" --format json --redact > "$T/fixr.json" 2>/dev/null
"$BIN" --root "$T/cap" --format json --redact > "$T/capr.json" 2>/dev/null
check "a redacted capture reports as the redacted original" \
	same_report "$T/fixr.json" "$T/capr.json"

run "$BIN" capture "$T/cap2" --root "$FIX" --redact
check "capture --redact is stable from run to run" \
	diff -r --no-dereference "$T/cap" "$T/cap2"
run "$BIN" capture "$T/capk" --root "$FIX" --redact-key "k2-$$"
check "capture --redact-key gives other tokens, still no secret" \
	test "$rc" -eq 0 -a -z "$(survivors "$T/capk")" \
	-a "$(cat "$T/cap/etc/hostname")" != "$(cat "$T/capk/etc/hostname")"
run "$BIN" capture "$T/recap" --root "$T/cap"
check "re-capturing a redacted snapshot keeps redacted=yes" \
	grep -qx 'redacted=yes' "$T/recap/SNAPSHOT"

run "$BIN" capture "$T/cap.tar.gz" --root "$FIX" --redact
check "capture --redact into a .tar.gz succeeds" \
	test "$rc" -eq 0 -a -s "$T/cap.tar.gz"
if command -v tar > /dev/null 2>&1; then
	mkdir "$T/untar"
	tar -xzf "$T/cap.tar.gz" -C "$T/untar" 2> "$T/why"
	check "capture --redact .tar.gz: no secret survives in any member" \
		none_survive "$T/untar"
else
	skip "capture --redact .tar.gz: no secret survives in any member" \
		"no tar"
fi
"$BIN" --root "$T/cap.tar.gz" --format json > "$T/tgz.json" 2>/dev/null
check "a redacted .tar.gz audits to the same verdicts" \
	same_verdicts "$T/fix.json" "$T/tgz.json"

# A real QEMU guest: its e1000e functions carry Device Serial Numbers.
REAL=fixtures/real/qemu-intel-topo.tar.gz
if [ -f "$REAL" ]; then
	run "$BIN" capture "$T/real" --root "$REAL" --redact
	r1=$rc
	run "$BIN" capture "$T/realplain" --root "$REAL"
	"$BIN" --root "$REAL" --format json > "$T/real0.json" 2>/dev/null
	"$BIN" --root "$T/real" --format json > "$T/real1.json" 2>/dev/null
	check "real capture: redacted, its DSNs change and it audits the same" \
		test "$r1" -eq 0 -a "$rc" -eq 0 \
		-a -n "$(diff -r --no-dereference "$T/real/sys/devices" \
			 "$T/realplain/sys/devices" | grep config)"
	check "real capture: redacted verdicts equal the original's" \
		same_verdicts "$T/real0.json" "$T/real1.json"
	check "real capture: no MAC address survives" \
		test -z "$(grep -r -a -E -i '52:54:00(:[0-9a-f]{2}){3}' "$T/real")"
else
	skip "real capture: redacted, its DSNs change and it audits the same" \
		"no $REAL"
fi

# ---- usage --------------------------------------------------------------------

run "$BIN" --root "$FIX" --redact-key
check "--redact-key without a key exits 2" test "$rc" -eq 2
run "$BIN" capture "$T/nokey" --root "$FIX" --redact-key
check "capture --redact-key without a key exits 2" \
	test "$rc" -eq 2 -a ! -e "$T/nokey"

echo "redact: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
