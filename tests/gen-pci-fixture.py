#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write fixtures/synthetic/pci-switch: a small sysfs tree whose 4 KiB
config files are built here, register by register (offsets from
include/uapi/linux/pci_regs.h), not copied from any machine.

    python3 tests/gen-pci-fixture.py [OUT]      (default: the fixture)

Topology (domain 0):
  00:00.0  host bridge, no capabilities
  00:01.0  root port, ACS cap SV|TB|RR|CR|UF|DT, control SV|RR|CR|UF
  00:1c.0  Intel Sunrise Point-H root port (8086:a110): ACS control at
           cap+8 (the SPT erratum), +6 reads 0 as lspci shows it
  01:00.0  switch upstream port
  02:08.0  downstream port, ACS with EC and a 32-bit egress vector
  02:10.0  downstream port WITHOUT ACS
  03:00.0  GPU, multi-function, FLR, boot_vga 0, vfio-pci
  03:00.1  its HD audio function, no FLR, vfio-pci
  04:00.0  NVMe behind the DSP without ACS, FLR, ARI
Not run by make: its output is checked in.
"""
import os
import shutil
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
    "synthetic", "pci-switch")

# PCIe Device/Port Type (PCI_EXP_FLAGS_TYPE)
ENDPOINT, ROOT_PORT, UPSTREAM, DOWNSTREAM = 0x0, 0x4, 0x5, 0x6


def put(cfg, off, fmt, val):
    struct.pack_into("<" + fmt, cfg, off, val)


def config(d):
    cfg = bytearray(4096)
    put(cfg, 0x00, "H", d["vendor"])
    put(cfg, 0x02, "H", d["device"])
    put(cfg, 0x04, "H", 0x0007)                 # PCI_COMMAND io|mem|master
    caps = d.get("pcie") is not None
    put(cfg, 0x06, "H", 0x0010 if caps else 0)  # PCI_STATUS_CAP_LIST
    put(cfg, 0x08, "I", d["class"] << 8 | d.get("rev", 1))
    hdr = 1 if "secondary" in d else 0
    put(cfg, 0x0e, "B", hdr | (0x80 if d.get("mf") else 0))
    if hdr == 1:
        put(cfg, 0x18, "B", d["bus"])             # PCI_PRIMARY_BUS
        put(cfg, 0x19, "B", d["secondary"])
        put(cfg, 0x1a, "B", d["subordinate"])
    else:
        put(cfg, 0x2c, "H", d.get("ssvid", d["vendor"]))
        put(cfg, 0x2e, "H", d.get("ssid", 0x0001))
    if not caps:
        return cfg
    put(cfg, 0x34, "B", 0x40)                   # PCI_CAPABILITY_LIST
    # 0x40 Power Management, v3; PMCSR bit 3 No_Soft_Reset
    put(cfg, 0x40, "B", 0x01)
    put(cfg, 0x41, "B", 0x50)
    put(cfg, 0x42, "H", 0x0003)
    put(cfg, 0x44, "H", 0x0008 if d.get("no_soft_reset") else 0)
    # 0x50 PCI Express v2; DevCap bit 28 FLR
    put(cfg, 0x50, "B", 0x10)
    put(cfg, 0x51, "B", 0x00)
    put(cfg, 0x52, "H", d["pcie"] << 4 | 0x2)
    put(cfg, 0x54, "I", 0x10000000 if d.get("flr") else 0)
    # extended capabilities from 0x100, chained
    ext = []
    if "acs" in d:
        ext.append(("acs", d["acs"]))
    if d.get("ari"):
        ext.append(("ari", None))
    pos = 0x100
    for i, (kind, val) in enumerate(ext):
        nxt = pos + 0x40 if i + 1 < len(ext) else 0
        cid = 0x000d if kind == "acs" else 0x000e
        put(cfg, pos, "I", nxt << 20 | 1 << 16 | cid)
        if kind == "acs":
            cap, ctl, at8, egress = val
            put(cfg, pos + 4, "H", cap)
            if at8:
                put(cfg, pos + 6, "H", 0)       # what lspci decodes
                put(cfg, pos + 8, "I", ctl)     # the real control
            else:
                put(cfg, pos + 6, "H", ctl)
                if egress:
                    put(cfg, pos + 8, "I", 0)   # egress control vector
        pos = nxt
    return cfg


SV, TB, RR, CR, UF, EC, DT = 1, 2, 4, 8, 16, 32, 64
ISO = SV | RR | CR | UF

DEVS = [
    dict(bdf="0000:00:00.0", vendor=0x8086, device=0x3e30, cls=0x060000,
         group=0),
    dict(bdf="0000:00:01.0", vendor=0x8086, device=0x1901, cls=0x060400,
         pcie=ROOT_PORT, secondary=1, subordinate=4, driver="pcieport",
         acs=(SV | TB | RR | CR | UF | DT, ISO, False, False), group=1),
    dict(bdf="0000:00:1c.0", vendor=0x8086, device=0xa110, cls=0x060400,
         pcie=ROOT_PORT, secondary=5, subordinate=5, driver="pcieport",
         acs=(ISO | TB, ISO, True, False), group=2),
    dict(bdf="0000:01:00.0", up="0000:00:01.0", vendor=0x10b5,
         device=0x8747, cls=0x060400, pcie=UPSTREAM, secondary=2,
         subordinate=4, driver="pcieport", group=3),
    dict(bdf="0000:02:08.0", up="0000:01:00.0", vendor=0x10b5,
         device=0x8747, cls=0x060400, pcie=DOWNSTREAM, secondary=3,
         subordinate=3, driver="pcieport",
         acs=(0x2000 | SV | TB | RR | CR | UF | EC | DT, ISO, False, True),
         group=4),
    dict(bdf="0000:02:10.0", up="0000:01:00.0", vendor=0x10b5,
         device=0x8747, cls=0x060400, pcie=DOWNSTREAM, secondary=4,
         subordinate=4, driver="pcieport", group=5),
    dict(bdf="0000:03:00.0", up="0000:02:08.0", vendor=0x10de,
         device=0x1b80, cls=0x030000, pcie=ENDPOINT, mf=True, flr=True,
         no_soft_reset=True, driver="vfio-pci", boot_vga="0",
         reset_method="flr", group=6),
    dict(bdf="0000:03:00.1", up="0000:02:08.0", vendor=0x10de,
         device=0x10f0, cls=0x040300, pcie=ENDPOINT, mf=True,
         driver="vfio-pci", reset_method="pm", group=6),
    dict(bdf="0000:04:00.0", up="0000:02:10.0", vendor=0x144d,
         device=0xa808, cls=0x010802, pcie=ENDPOINT, flr=True, ari=True,
         no_soft_reset=True, driver="nvme", reset_method="flr bus",
         group=5),
]


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    sysd = os.path.join(OUT, "sys")
    by = {d["bdf"]: d for d in DEVS}

    def devdir(d):
        parts = [d["bdf"]]
        while "up" in d:
            d = by[d["up"]]
            parts.append(d["bdf"])
        return os.path.join(sysd, "devices", "pci0000:00", *reversed(parts))

    for d in DEVS:
        bus = int(d["bdf"][5:7], 16)
        d["bus"] = bus
        d["class"] = d["cls"]
        dd = devdir(d)
        os.makedirs(dd)
        write(os.path.join(dd, "config"), bytes(config(d)), "wb")
        write(os.path.join(dd, "vendor"), "0x%04x\n" % d["vendor"])
        write(os.path.join(dd, "device"), "0x%04x\n" % d["device"])
        write(os.path.join(dd, "class"), "0x%06x\n" % d["cls"])
        write(os.path.join(dd, "revision"), "0x01\n")
        write(os.path.join(dd, "subsystem_vendor"), "0x%04x\n" % d["vendor"])
        write(os.path.join(dd, "subsystem_device"), "0x0001\n")
        write(os.path.join(dd, "numa_node"), "-1\n")
        write(os.path.join(dd, "driver_override"), "(null)\n")
        if "reset_method" in d:
            write(os.path.join(dd, "reset_method"), d["reset_method"] + "\n")
            write(os.path.join(dd, "reset"), "")
        if "boot_vga" in d:
            write(os.path.join(dd, "boot_vga"), d["boot_vga"] + "\n")
        if "driver" in d:
            drv = os.path.join(sysd, "bus", "pci", "drivers", d["driver"])
            os.makedirs(drv, exist_ok=True)
            os.symlink(os.path.relpath(drv, dd), os.path.join(dd, "driver"))
        grp = os.path.join(sysd, "kernel", "iommu_groups", str(d["group"]))
        os.makedirs(os.path.join(grp, "devices"), exist_ok=True)
        write(os.path.join(grp, "type"), "DMA\n")
        os.symlink(os.path.relpath(grp, dd), os.path.join(dd, "iommu_group"))
        os.symlink(os.path.relpath(dd, os.path.join(grp, "devices")),
                   os.path.join(grp, "devices", d["bdf"]))
        link = os.path.join(sysd, "bus", "pci", "devices", d["bdf"])
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(os.path.relpath(dd, os.path.dirname(link)), link)

    write(os.path.join(OUT, "SNAPSHOT"),
          "format=1\ntool=vfio-ready\ntool_version=0.1.0\n"
          "kernel_release=6.8.0-31-generic\nas_root=yes\n")
    write(os.path.join(OUT, "proc", "sys", "kernel", "osrelease"),
          "6.8.0-31-generic\n")
    write(os.path.join(OUT, "proc", "cmdline"),
          "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro intel_iommu=on\n")
    write(os.path.join(OUT, "README"),
          "Synthetic: a PCIe switch with one ACS-less downstream port; "
          "written by tests/gen-pci-fixture.py.\n")


if __name__ == "__main__":
    main()
