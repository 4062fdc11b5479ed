#!/bin/sh
# /init of a vmcheck guest (tests/vm): busybox userland, the vfio-ready
# binary and Debian's lspci.  Loads the drivers, binds the devices named by
# vmcheck.bind= (vendor:device,...) to vfio-pci, runs the tool and the
# kernel's own views (lspci, /sys/kernel/iommu_groups, dmesg, the ACPI
# tables), writes them as one tar stream to the virtio disk whose serial is
# "vmcheck-out" and powers off.  Every line it prints starts "vmcheck:".
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /run
mount -t tmpfs tmpfs /tmp
say() { echo "vmcheck: $*"; }
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^vmcheck\.$1=//p" | tr , ' '; }
say "init on $(uname -r)"

# the drivers (kvm_amd: TCG emulates SVM, so the guest has /dev/kvm)
for m in $(cat /vmcheck/modules); do
	modprobe "$m" 2>/dev/null || say "modprobe $m failed"
done

# The devices of vmcheck.bind= go to vfio-pci the way a user does it:
# driver_override, unbind from the current driver, drivers_probe.
for id in $(arg bind); do
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x${id%:*}:0x${id#*:}" ] || continue
		b=${d##*/}
		echo vfio-pci > "$d/driver_override"
		if [ -e "$d/driver" ]; then echo "$b" > "$d/driver/unbind"; fi
		echo "$b" > /sys/bus/pci/drivers_probe
		drv=$(readlink "$d/driver" 2>/dev/null); drv=${drv##*/}
		say "bind $b ($id) -> ${drv:-none}"
	done
done

out=/tmp/out
mkdir -p "$out"
# names from the project's small pci.ids, as in the fixture tests
export VFIO_READY_PCI_IDS=/vmcheck/pci.ids
run() {	# run NAME CMD...: stdout to NAME, stderr to NAME.err, status to NAME.rc
	n=$1; shift
	"$@" > "$out/$n" 2> "$out/$n.err"
	echo $? > "$out/$n.rc"
}
run report.json vfio-ready --format json
run groups.json vfio-ready groups --format json
run report.txt vfio-ready --color never
run capture.log vfio-ready capture "$out/snap.tar.gz"
run lspci-vvv.txt lspci -vvv -nn -D
run lspci-xxxx.txt lspci -xxxx
for d in /sys/kernel/iommu_groups/*/devices/*; do
	[ -e "$d" ] || continue
	g=${d%/devices/*}; echo "${g##*/} ${d##*/}"
done > "$out/iommu_groups.txt"
for d in /sys/bus/pci/devices/*; do
	drv=$(readlink "$d/driver" 2>/dev/null)
	echo "${d##*/} ${drv##*/}"
done > "$out/drivers.txt"
for t in DMAR IVRS; do
	if [ -r "/sys/firmware/acpi/tables/$t" ]; then
		cat "/sys/firmware/acpi/tables/$t" > "$out/$t.bin"
	fi
done
# Last (it opens device nodes): attach each vfio-pci function's group to a
# type1 container the way QEMU does, the kernel's verdict on passthrough.
for d in /sys/bus/pci/devices/*; do
	drv=$(readlink "$d/driver" 2>/dev/null)
	[ "${drv##*/}" = vfio-pci ] || continue
	g=$(readlink "$d/iommu_group"); g=${g##*/}
	vfio-attach "${g:-none}" "${d##*/}"
done > "$out/vfio-attach.txt" 2>&1
cat /proc/cmdline > "$out/cmdline.txt"
uname -r > "$out/uname.txt"
dmesg > "$out/dmesg.txt"

dev=
for b in /sys/block/vd*; do
	[ "$(cat "$b/serial" 2>/dev/null)" = vmcheck-out ] && dev=/dev/${b##*/}
done
if [ -n "$dev" ]; then
	tar -c -C "$out" . | dd of="$dev" bs=64k conv=fsync 2>/dev/null
	sync
	say "results written to $dev ($(du -sk "$out" | cut -f1) KiB)"
else
	say "no results disk (serial vmcheck-out)"
fi
say "done"
poweroff -f
