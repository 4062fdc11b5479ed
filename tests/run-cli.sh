#!/bin/sh
# CLI and snapshot round-trip tests.  Run from the project root:
#   tests/run-cli.sh BIN
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME (why)" per test and
# ends with "cli: N passed, N failed, N skipped".
#
# Reports change while the checks grow, so every comparison is between two
# runs of the same binary, never against fixed text.
set -u
BIN=${1:?usage: tests/run-cli.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

. tests/tier.sh

# The report minus what legitimately differs between two sources of the
# same facts: every "source" line (the top-level source, and evidence that
# names the live kernel log "dmesg" but the snapshot's kernel-log file), and
# the wording that says where a fact was looked for.
normalise() {
	grep -v '"source":' "$1" | sed \
		-e 's/not present in the snapshot/not present on this machine/' \
		-e 's/"present (snapshot placeholder)"/"character device"/'
}

# same_report A B: the two JSON reports agree (see normalise).
same_report() {
	normalise "$1" > "$T/a.norm"
	normalise "$2" > "$T/b.norm"
	diff -u "$T/a.norm" "$T/b.norm" > "$T/why"
}

# same_verdicts A B: the same findings with the same verdicts, severities
# and host verdict; the wording may differ.  For a capture made without
# root, where a fact unreadable live ("needs root") is simply absent from
# the snapshot and its finding says so in other words.
verdicts() {
	grep -E '"(code|verdict|severity|status|score|first_failing_layer)":' "$1"
}
same_verdicts() {
	verdicts "$1" > "$T/a.norm"
	verdicts "$2" > "$T/b.norm"
	diff -u "$T/a.norm" "$T/b.norm" > "$T/why"
}

# run CMD...: run CMD with stdout/stderr in $T/out, $T/err; $rc is set.

has_python=false
command -v python3 > /dev/null 2>&1 && has_python=true

valid_json() {
	if $has_python; then
		python3 -m json.tool "$1" > /dev/null 2> "$T/why"
	else
		grep -q '^{' "$1"
	fi
}

# ---- options ----------------------------------------------------------------

run "$BIN" --help
check "--help exits 0 with usage" \
	test "$rc" -eq 0 -a -n "$(grep Usage "$T/out")"

run "$BIN" --no-such-option
check "bad option exits 2" test "$rc" -eq 2

run "$BIN" --format yaml
check "unknown format exits 2" test "$rc" -eq 2

run "$BIN" --root /nonexistent
check "--root /nonexistent exits 2 with a message" \
	test "$rc" -eq 2 -a -n "$(grep /nonexistent "$T/err")"

run "$BIN" capture --help
check "capture --help exits 0" test "$rc" -eq 0

run "$BIN" capture
check "capture without OUT exits 2" test "$rc" -eq 2

run "$BIN" capture "$T/x" --no-such-option
check "capture with a bad option exits 2" test "$rc" -eq 2 -a ! -e "$T/x"

# ---- the live audit ---------------------------------------------------------

run "$BIN" --format json
cp "$T/out" "$T/live.json"
check "live exit code is 0 or 1" test "$rc" -le 1
check "live JSON parses" valid_json "$T/live.json"
check "live JSON has schema vfio-ready/report/1" \
	grep -q '"schema":[[:space:]]*"vfio-ready/report/1"' "$T/live.json"

run "$BIN"
check "live text report exits 0 or 1" test "$rc" -le 1 -a -s "$T/out"

# ---- capture round trips ----------------------------------------------------

# report_of SRC OUT: the JSON report of snapshot SRC into OUT; 0 when usable.
report_of() {
	"$BIN" --root "$1" --format json > "$2" 2> "$T/why"
	[ $? -le 1 ]
}

run "$BIN" capture "$T/snap"
check "capture to a directory succeeds" test "$rc" -eq 0 -a -f "$T/snap/SNAPSHOT"
check "the manifest names the format" grep -qx 'format=1' "$T/snap/SNAPSHOT"
report_of "$T/snap" "$T/snap.json"
check "--root DIR gives the live report" same_report "$T/live.json" "$T/snap.json"

run "$BIN" capture "$T/snap.tar.gz"
check "capture to .tar.gz succeeds" test "$rc" -eq 0 -a -s "$T/snap.tar.gz"
# a private TMPDIR: other runs of the tool may unpack archives meanwhile
mkdir "$T/tmp"
TMPDIR=$T/tmp report_of "$T/snap.tar.gz" "$T/tgz.json"
check "--root FILE.tar.gz gives the live report" \
	same_report "$T/live.json" "$T/tgz.json"

left=$(ls -A "$T/tmp")
check "reading an archive leaves no unpacked tree" test -z "$left"

mkdir "$T/busy"; echo keep > "$T/busy/mine"
run "$BIN" capture "$T/busy"
check "capture refuses a non-empty OUT" \
	test "$rc" -eq 2 -a ! -e "$T/busy/SNAPSHOT" -a "$(cat "$T/busy/mine")" = keep

run "$BIN" capture "$T/busy" --force
check "capture --force writes into it and deletes nothing" \
	test "$rc" -eq 0 -a -f "$T/busy/SNAPSHOT" -a "$(cat "$T/busy/mine")" = keep

cp "$T/snap.tar.gz" "$T/copy.tar.gz"
run "$BIN" capture "$T/snap.tar.gz"
check "capture refuses an existing archive" \
	cmp -s "$T/snap.tar.gz" "$T/copy.tar.gz"
run "$BIN" capture "$T/snap.tar.gz" --force
check "capture --force overwrites an archive" test "$rc" -eq 0

run "$BIN" capture /proc/vfio-ready-test
check "capture refuses OUT under /proc" test "$rc" -eq 2

run "$BIN" capture "$T/snap2" --root "$T/snap"
report_of "$T/snap2" "$T/snap2.json"
check "re-capture of a snapshot reports the same" \
	same_report "$T/snap.json" "$T/snap2.json"

run "$BIN" capture "$T/snap3" --root "$T/snap.tar.gz"
report_of "$T/snap3" "$T/snap3.json"
check "re-capture of an archive reports the same" \
	same_report "$T/snap.json" "$T/snap3.json"

# ---- hostile snapshots ------------------------------------------------------

# A host file the snapshot points at; its marker must never surface.
marker="vfio-ready-host-secret-$$"
echo "$marker" > "$T/host-secret"
cp -R "$T/snap" "$T/hostile"
mkdir -p "$T/hostile/proc/sys/kernel" "$T/hostile/etc"
rm -f "$T/hostile/proc/cmdline" "$T/hostile/proc/sys/kernel/osrelease" \
	"$T/hostile/etc/os-release"
ln -s "$T/host-secret" "$T/hostile/proc/cmdline"
ln -s "../../../../../../../../../../..$T/host-secret" \
	"$T/hostile/proc/sys/kernel/osrelease"
ln -s ../../../../../../../../../etc/passwd "$T/hostile/etc/os-release"
mkfifo "$T/hostile/proc/cpuinfo.fifo" 2>/dev/null
run "$BIN" --root "$T/hostile" --format json
check "a hostile snapshot is read (exit 0 or 1)" test "$rc" -le 1
check "a hostile snapshot never shows host data (json)" \
	test -z "$(grep -e "$marker" -e 'root:x:0:0' "$T/out" "$T/err")"
run "$BIN" --root "$T/hostile"
check "a hostile snapshot never shows host data (text)" \
	test "$rc" -le 1 -a -z "$(grep -e "$marker" -e 'root:x:0:0' "$T/out" "$T/err")"
run "$BIN" capture "$T/hostile2" --root "$T/hostile"
check "re-capturing a hostile snapshot copies no host data" \
	test "$rc" -eq 0 -a -z "$(grep -r -e "$marker" -e 'root:x:0:0' "$T/hostile2")"

if $has_python; then
	python3 - "$T/evil.tar.gz" <<'EOF'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w:gz") as t:
    for name in ("SNAPSHOT", "../vfio-ready-evil"):
        data = b"format=1\n"
        ti = tarfile.TarInfo(name)
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
EOF
	run "$BIN" --root "$T/evil.tar.gz"
	check "an archive with a .. member is refused (exit 2, message)" \
		test "$rc" -eq 2 -a -n "$(grep '\.\.' "$T/err")" \
		-a ! -e "${TMPDIR:-/tmp}/vfio-ready-evil"
else
	skip "an archive with a .. member is refused" "no python3"
fi

mkdir "$T/newer"
echo format=2 > "$T/newer/SNAPSHOT"
run "$BIN" --root "$T/newer"
check "a snapshot of a newer format is refused (exit 2)" test "$rc" -eq 2
run "$BIN" capture "$T/newer2" --root "$T/newer"
check "capture says a snapshot format is too new" \
	test "$rc" -eq 2 -a -n "$(grep newer "$T/err")"

# ---- as an unprivileged user ------------------------------------------------

if [ "$(id -u)" -ne 0 ]; then
	skip "non-root live audit" "not running as root"
	skip "non-root capture round trip" "not running as root"
elif ! command -v setpriv > /dev/null 2>&1; then
	skip "non-root live audit" "no setpriv"
	skip "non-root capture round trip" "no setpriv"
else
	NB=$T/nobody
	mkdir "$NB"
	chmod 0711 "$T"
	chmod 0777 "$NB"
	cp "$BIN" "$NB/vfio-ready"
	chmod 0755 "$NB/vfio-ready"
	as_nobody() {
		(cd "$NB" && TMPDIR=$NB setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$@")
	}
	as_nobody ./vfio-ready --format json > "$T/nobody.json" 2> "$T/err"
	rc=$?
	check "non-root live audit exits 0 or 1" test "$rc" -le 1
	check "non-root live audit says as_root false" \
		grep -q '"as_root":[[:space:]]*false' "$T/nobody.json"
	as_nobody ./vfio-ready capture "$NB/snap" > "$T/out" 2> "$T/err"
	rc=$?
	check "non-root capture succeeds" test "$rc" -eq 0 -a -f "$NB/snap/SNAPSHOT"
	report_of "$NB/snap" "$T/nobody-snap.json"
	check "non-root capture gives the non-root verdicts" \
		same_verdicts "$T/nobody.json" "$T/nobody-snap.json"
	check "non-root capture says as_root false" \
		grep -q '"as_root":[[:space:]]*false' "$T/nobody-snap.json"
fi

# ---- PCI commands: groups, hostdev, domain -----------------------------------

PS=fixtures/synthetic/pci-switch
if [ ! -d "$PS" ]; then
	for n in "groups" "hostdev" "domain"; do
		skip "$n commands" "no $PS yet"
	done
else
	run "$BIN" groups --root "$PS"
	check "groups lists the kernel groups with members and verdicts" \
		test "$rc" -eq 0 \
		-a -n "$(grep '^IOMMU group 6 (DMA): assignable together' "$T/out")" \
		-a -n "$(grep '^  03:00.1 \[10de:10f0\] Audio device' "$T/out")"

	run "$BIN" groups --root "$PS" --format json
	check "groups --format json has groups and devices" \
		test "$rc" -eq 0 -a -n "$(grep '"groups"' "$T/out")" \
		-a -n "$(grep '"devices"' "$T/out")"
	check "groups --format json parses" valid_json "$T/out"

	run "$BIN" hostdev 03:00.0 --root "$PS" --format libvirt
	check "hostdev --format libvirt: both functions, libvirt's hex widths" \
		test "$rc" -eq 0 \
		-a "$(grep -c '<hostdev mode="subsystem" type="pci" managed="yes">' "$T/out")" -eq 2 \
		-a -n "$(grep 'domain="0x0000" bus="0x03" slot="0x00" function="0x1"' "$T/out")" \
		-a -n "$(grep 'slot="0x10" function="0x0" multifunction="on"' "$T/out")"

	run "$BIN" hostdev 10de:10f0 --root "$PS" --format qemu
	check "hostdev VID:DID --format qemu" \
		test "$rc" -eq 0 -a "$(cat "$T/out")" = \
		"-device vfio-pci,host=0000:03:00.0,multifunction=on,addr=0x10.0 -device vfio-pci,host=0000:03:00.1,addr=0x10.1"

	run "$BIN" hostdev 02:08.0 --root "$PS"
	check "hostdev of a bridge exits 1 and says why" \
		test "$rc" -eq 1 -a -n "$(grep 'bridge' "$T/out")"

	run "$BIN" hostdev 0000:09:00.0 --root "$PS"
	check "hostdev of an unknown device exits 2" \
		test "$rc" -eq 2 -a -n "$(grep 'no PCI device' "$T/err")"

	run "$BIN" hostdev 03:00.0 --root "$PS" --format yaml
	check "hostdev with a bad --format exits 2" test "$rc" -eq 2

	# dom FILE ADDRESS...: a domain with one managed <hostdev> per address
	dom() {
		f=$1; shift
		{
			echo "<domain type='kvm'><name>t</name><devices>"
			for a in "$@"; do
				echo "<hostdev mode='subsystem' type='pci' managed='yes'><source><address $a/></source></hostdev>"
			done
			echo "</devices></domain>"
		} > "$f"
	}
	dom "$T/ok.xml" "domain='0x0000' bus='0x03' slot='0x00' function='0x0'" \
		"domain='0x0000' bus='0x03' slot='0x00' function='0x1'"
	run "$BIN" domain "$T/ok.xml" --root "$PS"
	check "domain with the whole group exits 0" \
		test "$rc" -eq 0 -a -n "$(grep 'every hostdev would start' "$T/out")"

	dom "$T/range.xml" "domain='0x0000' bus='0x03' slot='0x20' function='0x0'"
	run "$BIN" domain "$T/range.xml" --root "$PS"
	check "domain with slot 0x20 exits 1: out of range" \
		test "$rc" -eq 1 -a -n "$(grep "slot='0x20' is out of range" "$T/out")"

	echo "vfio-ready-secret-$$" > "$T/secret"
	{
		echo '<?xml version="1.0"?>'
		echo "<!DOCTYPE domain [ <!ENTITY s SYSTEM \"file://$T/secret\"> ]>"
		echo '<domain><name>&s;</name></domain>'
	} > "$T/xxe.xml"
	run "$BIN" domain "$T/xxe.xml" --root "$PS"
	check "domain refuses a DOCTYPE with an external entity, reads nothing" \
		test "$rc" -eq 2 -a -n "$(grep DOCTYPE "$T/err")" \
		-a -z "$(cat "$T/out" "$T/err" | grep "vfio-ready-secret")"

	echo "not xml <" > "$T/bad.xml"
	run "$BIN" domain "$T/bad.xml" --root "$PS"
	check "domain with a file that is not XML exits 2" test "$rc" -eq 2

	# the same host with the GPU's audio function on its host driver
	G=$T/gpu-audio
	D=$G/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:08.0
	cp -a "$PS" "$G" &&
	mkdir -p "$G/sys/bus/pci/drivers/snd_hda_intel" \
		"$G/sys/module/snd_hda_intel" &&
	ln -s ../../../../module/snd_hda_intel \
		"$G/sys/bus/pci/drivers/snd_hda_intel/module" &&
	rm -f "$D/0000:03:00.1/driver" &&
	ln -s ../../../../../../bus/pci/drivers/snd_hda_intel \
		"$D/0000:03:00.1/driver"
	dom "$T/half.xml" "domain='0x0000' bus='0x03' slot='0x00' function='0x0'"
	run "$BIN" domain "$T/half.xml" --root "$G"
	check "domain without the group's audio function exits 1 with the fix" \
		test "$rc" -eq 1 \
		-a -n "$(grep 'group 6 is not viable: 03:00.1 (snd_hda_intel) is not assigned' "$T/out")" \
		-a -n "$(grep 'bus="0x03" slot="0x00" function="0x1"' "$T/out")"

	run "$BIN" hostdev 03:00.0 --root "$G"
	check "hostdev cmdline: ids, softdep for the bound driver, driver_override" \
		test "$rc" -eq 0 \
		-a -n "$(grep "'options vfio-pci ids=10de:1b80,10de:10f0'" "$T/out")" \
		-a -n "$(grep "'softdep snd_hda_intel pre: vfio-pci'" "$T/out")" \
		-a -n "$(grep 'echo 0000:03:00.1 | sudo tee /sys/bus/pci/devices/0000:03:00.1/driver/unbind' "$T/out")"
fi

echo "cli: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
