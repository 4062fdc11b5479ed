#!/bin/bash
# The real-kernel tier: boots Debian's linux-image under QEMU (TCG) with an
# emulated IOMMU and several PCI topologies, runs vfio-ready inside each
# guest and checks it against the guest kernel's own truth.
#
#   tests/vm/vmcheck.sh [BIN]          run from the project root
#
# Environment:
#   VMCHECK_DIR      cache and work folder (default build-vm, git-ignored)
#   VMCHECK_GUESTS   guests to boot (default: every tests/vm/guests/*.sh
#                    but topology.sh)
#   VMCHECK_TIMEOUT  seconds one guest may take (default 180)
#   VMCHECK_JOBS     guests booted at once (default 2)
#   VMCHECK_KERNEL   the linux-image ABI to use (default: the pinned one)
#   VMCHECK_KEEP=1   keep the guests' results under VMCHECK_DIR/run
#   VMCHECK_REUSE=1  boot nothing: assert on the results kept by the last
#                    run (for work on the assertions)
#   VMCHECK_UPDATE_FIXTURES=1  copy each guest's capture to
#                    fixtures/real/qemu-GUEST.tar.gz and rewrite its golden
#                    tests/expected/real/qemu-GUEST.json (review the diff!)
#
# Prints "ok - ...", "not ok - ..." or "skip - ... (why)" per assertion and
# ends with "vm: N passed, N failed, N skipped"; exit 1 on any failure.
set -u
BIN=${1:-./vfio-ready}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
VM=${VMCHECK_DIR:-build-vm}
mkdir -p "$VM" && VM=$(cd "$VM" && pwd)
TIMEOUT=${VMCHECK_TIMEOUT:-180}
JOBS=${VMCHECK_JOBS:-2}
if [ -z "${VMCHECK_GUESTS:-}" ]; then
	VMCHECK_GUESTS=$(cd "$HERE/guests" && ls *.sh | sed 's/\.sh$//' | grep -v '^topology$')
fi
# The kernel: Debian 12's linux-image, pinned; when the archive has dropped
# this ABI, the newest 6.1 it has.
KPIN=${VMCHECK_KERNEL:-6.1.0-56-amd64}   # linux-image-6.1.0-56-amd64 6.1.192-2
# Bump when the base initramfs recipe (below) changes.
BASE_REV=3

passed=0; failed=0; skipped=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }
skip() { echo "skip - $1 ($2)"; skipped=$((skipped + 1)); }
note() { echo "# $*"; }
finish() {
	echo "vm: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}
skip_all() {   # the machine cannot run the tier at all
	for g in $VMCHECK_GUESTS; do skip "guest $g" "$1"; done
	finish
}

# ---- tools --------------------------------------------------------------
# Installed with apt-get when root.  busybox must be the static one (it is
# the guest's whole userland, and depmod/cpio here).
is_static() { [ -x "$1" ] && ! ldd "$1" >/dev/null 2>&1; }
have_busybox() { is_static /bin/busybox; }
missing=""
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing="$missing qemu-system-x86"
have_busybox || missing="$missing busybox-static"
command -v iasl >/dev/null 2>&1 || missing="$missing acpica-tools"
command -v lspci >/dev/null 2>&1 || missing="$missing pciutils"
command -v python3 >/dev/null 2>&1 || missing="$missing python3-minimal"
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		note "installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		{ apt-get install -y -qq --no-install-recommends $missing ||
		  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; }
		} > "$VM/apt.log" 2>&1 || { note "apt-get failed:"; tail -n 5 "$VM/apt.log" | sed 's/^/#   /'; }
	else
		note "missing:$missing (as root: apt-get install$missing)"
	fi
fi
command -v qemu-system-x86_64 >/dev/null 2>&1 || skip_all "no qemu-system-x86_64: install qemu-system-x86"
have_busybox || skip_all "no static /bin/busybox for the guest: install busybox-static"
command -v python3 >/dev/null 2>&1 || skip_all "no python3 for the assertions"
[ -x "$BIN" ] || { not_ok "binary $BIN missing (make first)"; finish; }
# One binary for the guests and the host-side replays, even if the tree is
# rebuilt while the guests run.
cp "$BIN" "$VM/vfio-ready" && BIN=$VM/vfio-ready

# ---- the kernel ---------------------------------------------------------
# Cached .deb: the pinned one, else the newest 6.1 fetched before.
newest() { sed -n 's/^.*linux-image-\(6\.1\.0-[0-9]*-amd64\).*$/\1/p' | sort -V | tail -n 1; }
kdeb() { ls "$VM"/linux-image-"$1"_*_amd64.deb 2>/dev/null | head -n 1; }
KVER=$KPIN
if [ -z "$(kdeb "$KVER")" ]; then
	KVER=$(ls "$VM" | grep '^linux-image-6\.1\.0-[0-9]*-amd64_.*\.deb$' | newest)
	if [ -z "$KVER" ]; then
		fetch() { (cd "$VM" && apt-get download -q "linux-image-$1") > "$VM/fetch.log" 2>&1; }
		KVER=$KPIN
		if ! fetch "$KVER"; then
			if ! apt-cache show "linux-image-$KPIN" >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
				apt-get update -qq > /dev/null 2>&1
			fi
			fetch "$KVER" || {
				KVER=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | newest)
				note "linux-image-$KPIN is gone; using linux-image-${KVER:-?}"
				[ -n "$KVER" ] && fetch "$KVER"
			}
		fi
	fi
fi
DEB=$(kdeb "$KVER")
if [ -z "$DEB" ]; then
	not_ok "fetch linux-image-$KVER with apt-get download"
	sed 's/^/#   /' "$VM/fetch.log" 2>/dev/null | tail -n 5
	finish
fi

# ---- the initramfs --------------------------------------------------------
# kernel-KVER/base.cpio: busybox, the modules (with their dependencies,
# loaded in the order of /vmcheck/modules), the kernel's config, lspci with
# its libraries and pci.ids.  Cached; rebuilt when the recipe, the kernel,
# busybox or lspci change.
KDIR=$VM/kernel-$KVER
MODULES="kvm kvm_amd virtio_pci virtio_blk virtio_net virtio-rng e1000e e1000 snd-hda-intel vfio vfio-pci vfio_iommu_type1"
stamp="$BASE_REV $(basename "$DEB") $MODULES $(md5sum < /bin/busybox | cut -c1-32) $(md5sum < "$(command -v lspci 2>/dev/null || echo /dev/null)" | cut -c1-32)"
copy_elf() {   # copy_elf ROOT FILE: FILE and every library ldd names, same paths
	local root=$1 f=$2 l
	mkdir -p "$root$(dirname "$f")" && cp -L "$f" "$root$f"
	for l in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$root$l" ] && continue
		mkdir -p "$root$(dirname "$l")" && cp -L "$l" "$root$l"
	done
}
mkcpio() {     # mkcpio DIR OUT
	(cd "$1" && find . | LC_ALL=C sort | busybox cpio -o -H newc 2>/dev/null) > "$2.tmp" && mv "$2.tmp" "$2"
}
build_base() {
	local x=$VM/extract s=$VM/base m
	rm -rf "$x" "$s" "$KDIR"
	dpkg -x "$DEB" "$x" || return 1
	busybox depmod -b "$x" "$KVER" || return 1
	mkdir -p "$KDIR" "$s"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,boot,etc,vmcheck}
	cp "$x/boot/vmlinuz-$KVER" "$KDIR/vmlinuz"
	cp "$x/boot/config-$KVER" "$s/boot/"
	cp /bin/busybox "$s/bin/busybox"
	for a in $(busybox --list); do [ -e "$s/bin/$a" ] || ln -s busybox "$s/bin/$a"; done
	local md=lib/modules/$KVER
	mkdir -p "$s/$md"
	cp "$x/$md"/modules.builtin "$x/$md"/modules.builtin.modinfo "$x/$md"/modules.order "$s/$md/"
	# each module and its dependencies, from the package's modules.dep
	for m in $MODULES; do
		awk -v m="$m" '{ f = $1; sub(/:$/, "", f); n = f; sub(/.*\//, "", n); sub(/\.ko$/, "", n)
			gsub(/-/, "_", n); w = m; gsub(/-/, "_", w)
			if (n == w) { print f; for (i = 2; i <= NF; i++) print $i } }' "$x/$md/modules.dep"
	done | sort -u > "$VM/modules.list"
	[ -s "$VM/modules.list" ] || return 1
	while read -r m; do
		mkdir -p "$s/$md/$(dirname "$m")" && cp "$x/$md/$m" "$s/$md/$m"
	done < "$VM/modules.list"
	busybox depmod -b "$s" "$KVER" || return 1
	echo "$MODULES" > "$s/vmcheck/modules"
	if command -v lspci >/dev/null 2>&1; then
		copy_elf "$s" "$(command -v lspci)"
		for p in /usr/share/misc/pci.ids /usr/share/hwdata/pci.ids; do
			[ -f "$p" ] && { mkdir -p "$s$(dirname "$p")"; cp -L "$p" "$s$p"; }
		done
	fi
	mkcpio "$s" "$KDIR/base.cpio" || return 1
	rm -rf "$x" "$s"
	echo "$stamp" > "$KDIR/stamp"
}
if [ "$(cat "$KDIR/stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$KDIR/base.cpio" ]; then
	note "building the base initramfs for $KVER"
	build_base || { not_ok "build the initramfs for $KVER"; finish; }
fi
# The overlay, every run: /init, vfio-ready and its libraries, our pci.ids.
ov=$VM/overlay
rm -rf "$ov" && mkdir -p "$ov/usr/bin" "$ov/vmcheck"
cp "$HERE/init.sh" "$ov/init" && chmod 755 "$ov/init"
copy_elf "$ov" "$BIN"
[ "$BIN" = "$ov/usr/bin/vfio-ready" ] || mv "$ov$BIN" "$ov/usr/bin/vfio-ready"
# the kernel's own answer to "can it be passed through": vfio-attach.c
if ! ${CC:-cc} -O2 -Wall -o "$VM/vfio-attach" "$HERE/vfio-attach.c" 2> "$VM/cc.log"; then
	not_ok "build tests/vm/vfio-attach.c"; sed 's/^/#   /' "$VM/cc.log"; finish
fi
copy_elf "$ov" "$VM/vfio-attach"
mv "$ov$VM/vfio-attach" "$ov/usr/bin/vfio-attach"
cp tests/pci.ids "$ov/vmcheck/pci.ids"
mkcpio "$ov" "$VM/overlay.cpio" || { not_ok "build the initramfs overlay"; finish; }
cat "$KDIR/base.cpio" "$VM/overlay.cpio" > "$VM/initrd.cpio"
rm -rf "$ov"

# ---- the guests -----------------------------------------------------------
# Each guests/NAME.sh (shell, sourced after guests/topology.sh) sets
#   MACHINE    QEMU's -machine (q35; kernel-irqchip=split with an IOMMU)
#   QEMU_ARGS  the IOMMU and the devices ($TOPOLOGY for the shared one)
#   APPEND     kernel arguments
#   BIND       vendor:device,... that /init binds to vfio-pci
#   CPU        optional -cpu (default qemu64: under TCG it has SVM, so
#              kvm_amd loads and the guest has /dev/kvm like a host)
# and, for assert.py, IOMMU=intel|amd|none (what the firmware publishes),
# KERNEL_GROUPS=no (the kernel forms none), EXPECT="usable" (ready or
# warnings) or EXPECT="STATUS LAYER", SAME_TOPOLOGY_AS=GUEST.
RUN=$VM/run
REUSE=${VMCHECK_REUSE:-0}
[ "$REUSE" = 1 ] || { rm -rf "$RUN" && mkdir -p "$RUN"; }
boot() {       # boot NAME: runs in the background, leaves $RUN/NAME/
	local g=$1 d=$RUN/$1 t0 MACHINE QEMU_ARGS APPEND BIND TOPOLOGY
	mkdir -p "$d/out"
	. "$HERE/guests/topology.sh"
	. "$HERE/guests/$g.sh"
	truncate -s 64M "$d/out.img"
	t0=$(date +%s)
	# shellcheck disable=SC2086
	timeout -k 10 "$TIMEOUT" qemu-system-x86_64 \
		-machine "$MACHINE" -accel tcg -cpu "${CPU:-qemu64}" -m 1024 -smp 1 \
		-nodefaults -display none -no-reboot -monitor none \
		-serial "file:$d/console.log" \
		-kernel "$KDIR/vmlinuz" -initrd "$VM/initrd.cpio" \
		-append "console=ttyS0 panic=-1 $APPEND${BIND:+ vmcheck.bind=$BIND}" \
		$QEMU_ARGS \
		-drive "file=$d/out.img,format=raw,if=none,id=vmcheck-out" \
		-device virtio-blk-pci,drive=vmcheck-out,serial=vmcheck-out,bus=pcie.0,addr=1e.0 \
		> "$d/qemu.log" 2>&1
	echo $? > "$d/qemu.rc"
	echo $(( $(date +%s) - t0 )) > "$d/seconds"
	tar -x -f "$d/out.img" -C "$d/out" 2>/dev/null
	rm -f "$d/out.img"
}
note "kernel $KVER, TCG, $JOBS at a time, ${TIMEOUT}s each: $(echo $VMCHECK_GUESTS)"
running=0
for g in $VMCHECK_GUESTS; do
	if [ ! -f "$HERE/guests/$g.sh" ]; then not_ok "guest $g: no tests/vm/guests/$g.sh"; continue; fi
	[ "$REUSE" = 1 ] && continue
	if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
	boot "$g" &
	running=$((running + 1))
done
wait

# ---- the assertions -------------------------------------------------------
for g in $VMCHECK_GUESTS; do
	d=$RUN/$g
	[ -f "$HERE/guests/$g.sh" ] || continue
	rc=$(cat "$d/qemu.rc" 2>/dev/null || echo '?')
	secs=$(cat "$d/seconds" 2>/dev/null || echo '?')
	if ! grep -q '^vmcheck: done' "$d/console.log" 2>/dev/null || [ ! -s "$d/out/report.json" ]; then
		why="did not finish"
		[ "$rc" = 124 ] || [ "$rc" = 137 ] && why="timed out after ${TIMEOUT}s"
		not_ok "guest $g boots and runs vfio-ready ($why, qemu exit $rc)"
		grep -v 'has no peer$' "$d/qemu.log" 2>/dev/null | tail -n 5 | sed 's/^/#   /'
		echo "#   console (tail):"
		tr -d '\r' < "$d/console.log" 2>/dev/null | tail -n 25 | sed 's/^/#   /'
		continue
	fi
	ok "guest $g boots and runs vfio-ready (${secs}s)"
	out=$(python3 "$HERE/assert.py" "$g" "$HERE/guests/$g.sh" "$d/out" "$BIN" "$RUN" 2>&1)
	echo "$out" | grep -v '^assert: '
	set -- $(echo "$out" | sed -n 's/^assert: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
	if [ $# -ne 3 ]; then not_ok "guest $g: assertions did not complete"; continue; fi
	passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3))
done
if [ "${VMCHECK_UPDATE_FIXTURES:-0}" = 1 ]; then
	for g in $VMCHECK_GUESTS; do
		[ -s "$RUN/$g/out/snap.tar.gz" ] || continue
		cp "$RUN/$g/out/snap.tar.gz" "fixtures/real/qemu-$g.tar.gz"
		note "wrote fixtures/real/qemu-$g.tar.gz"
		sh tests/run-fixtures.sh --update "$BIN" "real/qemu-$g" | sed 's/^/# /'
	done
fi
[ "${VMCHECK_KEEP:-0}" = 1 ] || [ "$REUSE" = 1 ] || [ "$failed" -gt 0 ] || rm -rf "$RUN"
finish
