#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a large synthetic snapshot tree for benchmarks and scale tests.

    python3 tests/gen-snapshot.py --functions N OUTDIR

OUTDIR must not exist.  The tree has exactly N PCI functions (N >= 64)
and is the same, byte for byte, for the same N.  It is a multi-socket
Intel server as a `vfio-ready capture` would record it: SNAPSHOT, sysfs
PCI devices with binary 4 KiB config space (256 bytes for conventional
PCI), driver / iommu_group / physfn / virtfnN links, sys/kernel/iommu_groups,
DMAR and the kernel log, modules, cmdline, mounts and the default route.

Topology, on max(2, ceil(N / 1024)) PCI domains (one DMAR unit each):
  domain 0 has the platform: host bridge, PCH functions (multifunction
  slots without ACS: xHCI with an RMRR, MEI, LPC/SMBus/SPI), the SATA
  controller of the root filesystem, two PCH root ports without ACS with
  the default-route NIC and the BMC's PCIe-to-PCI bridge and boot VGA;
  then "pods", each below its own CPU root port, dealt round robin over
  the domains, repeating this cycle:
    nic-mlx   2 PFs (multifunction, no ACS) x 64 VFs, ARI, on one bus
    gpu       switch, 4 ACS downstream ports, GPUs (two with HD audio)
    hgx       two-level switch: A100s, NVMe, and a NIC PF with 8 VFs
              behind a downstream port without ACS (one big group)
    storage   switch, 8 downstream ports (every other one without ACS),
              one NVMe each
    nic-intel 2 PFs with ACS x 64 VFs
    legacy    a root port without ACS, a PCIe-to-PCI bridge, a
              multifunction conventional card and a conventional NIC
  The last pod is cut to land on N exactly (a PF with fewer VFs).

IOMMU groups are formed the way drivers/iommu/iommu.c pci_device_group()
forms them for this topology (the subset of probe/groups.c it needs: DMA
aliases of PCIe-to-PCI bridges, the ACS path test up to the root bus,
multifunction slots without ACS; VFs never join a slot), numbered in bus
order, so the kernel's groups and vfio-ready's prediction must agree.

Config space is built on tests/gen-pci-fixture.py's config() (PM, PCI
Express, ACS, ARI at fixed offsets) and extended here with link and
DevCap2 registers, MSI-X, SR-IOV and the ARI next-function chain
(offsets from include/uapi/linux/pci_regs.h).
"""
import argparse
import hashlib
import importlib.util
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "gen_pci_fixture", os.path.join(HERE, "gen-pci-fixture.py"))
pcifix = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pcifix)
put = pcifix.put

KERNEL = "6.1.0-18-amd64"

# PCIe Device/Port Type (PCI_EXP_FLAGS_TYPE)
ENDPOINT, ROOT_PORT, UPSTREAM, DOWNSTREAM = 0x0, 0x4, 0x5, 0x6
PCI_BRIDGE, RC_END = 0x7, 0x9
CONVENTIONAL = None

SV, TB, RR, CR, UF, DT = 1, 2, 4, 8, 16, 64
ISO = SV | RR | CR | UF
# ACS as real switch and root ports implement it: everything but EC
# in the capability, the isolating bits enabled (pci_std_enable_acs()).
ACS_PORT = (SV | TB | RR | CR | UF | DT, ISO, False, False)
ACS_EP = (SV | RR | CR | UF, ISO, False, False)

# pci_regs.h
PCI_CAP_ID_MSIX = 0x11
PCI_EXT_CAP_ID_ARI = 0x000e
PCI_EXT_CAP_ID_SRIOV = 0x0010
EXP = 0x50                      # where gen-pci-fixture puts PCI Express
MSIX = 0xa0                     # after the 0x3c bytes of a v2 PCIe cap


class Fn:
    """One PCI function and everything sysfs says about it."""

    def __init__(self, dom, bus, dev, fn, vendor, device, cls, pcie,
                 **kw):
        self.dom, self.bus, self.dev, self.fn = dom, bus, dev, fn
        self.vendor, self.device, self.cls, self.pcie = (vendor, device,
                                                         cls, pcie)
        self.parent = kw.pop("parent", None)    # bridge above, or None
        self.mf = kw.pop("mf", False)
        self.acs = kw.pop("acs", None)
        self.flr = kw.pop("flr", False)
        self.ari = kw.pop("ari", False)
        self.ari_next = kw.pop("ari_next", 0)
        self.ari_fwd = kw.pop("ari_fwd", False)
        self.msix = kw.pop("msix", 0)           # table size, 0 = none
        self.driver = kw.pop("driver", None)
        self.reset = kw.pop("reset", None)      # "flr bus", None = none
        self.boot_vga = kw.pop("boot_vga", None)
        self.ssvid = kw.pop("ssvid", vendor)
        self.ssid = kw.pop("ssid", 0x0001)
        self.rev = kw.pop("rev", 0x01)
        self.numa = kw.pop("numa", -1)
        self.link = kw.pop("link", (3, 16))     # Gen3 x16
        self.physfn = kw.pop("physfn", None)
        self.sriov = kw.pop("sriov", None)      # dict, PFs only
        self.virtfns = []
        self.secondary = self.subordinate = None
        self.group = None
        if kw:
            raise TypeError("unknown keys %s" % sorted(kw))

    @property
    def bdf(self):
        return "%04x:%02x:%02x.%d" % (self.dom, self.bus, self.dev, self.fn)

    @property
    def devfn(self):
        return self.dev << 3 | self.fn

    @property
    def bridge(self):
        return self.cls >> 8 == 0x0604


# ---- config space -----------------------------------------------------

def ext_caps(cfg):
    """Offsets of the extended capabilities already chained from 0x100."""
    pos, seen = 0x100, []
    while pos and struct.unpack_from("<I", cfg, pos)[0]:
        seen.append(pos)
        pos = struct.unpack_from("<I", cfg, pos)[0] >> 20
    return seen


def append_ext_cap(cfg, cap_id, size):
    """Chain a new extended capability after the last one; its offset."""
    seen = ext_caps(cfg)
    if not seen:
        pos = 0x100
    else:
        last = seen[-1]
        pos = (max(seen) + 0x40 + 0x3f) & ~0x3f
        hdr = struct.unpack_from("<I", cfg, last)[0]
        put(cfg, last, "I", (hdr & 0xfffff) | pos << 20)
    assert pos + size <= 4096
    put(cfg, pos, "I", 1 << 16 | cap_id)
    return pos


def config(f):
    d = {"vendor": f.vendor, "device": f.device, "class": f.cls,
         "rev": f.rev, "pcie": f.pcie, "mf": f.mf, "flr": f.flr,
         "ari": f.ari, "ssvid": f.ssvid, "ssid": f.ssid, "bus": f.bus}
    if f.acs:
        d["acs"] = f.acs
    if f.bridge:
        d["secondary"] = f.secondary
        d["subordinate"] = f.subordinate
    cfg = pcifix.config(d)
    put(cfg, 0x3d, "B", 0x01)                   # PCI_INTERRUPT_PIN: INTA
    if not f.bridge and f.physfn is None:
        # BAR0, 64-bit prefetchable memory, where "resource" says (a VF's
        # BARs read 0: they live in its PF's SR-IOV capability)
        base = bar0_base(f)
        put(cfg, 0x10, "I", (base & 0xfffffff0) | 0x0c)
        put(cfg, 0x14, "I", base >> 32)
    if f.pcie is CONVENTIONAL:
        return bytes(cfg[:256])
    speed, width = f.link
    # Link Capabilities / Status (PCI_EXP_LNKCAP, PCI_EXP_LNKSTA)
    put(cfg, EXP + 0x0c, "I", width << 4 | speed)
    put(cfg, EXP + 0x12, "H", width << 4 | speed)
    # DevCap2 / DevCtl2 ARI Forwarding (PCI_EXP_DEVCAP2_ARI, bit 5)
    if f.pcie in (ROOT_PORT, DOWNSTREAM):
        put(cfg, EXP + 0x24, "I", 0x20)
        put(cfg, EXP + 0x28, "H", 0x20 if f.ari_fwd else 0)
    if f.msix:
        put(cfg, EXP + 1, "B", MSIX)
        put(cfg, MSIX, "B", PCI_CAP_ID_MSIX)
        put(cfg, MSIX + 2, "H", 0x8000 | (f.msix - 1))   # enabled
        put(cfg, MSIX + 4, "I", 0x00000000)             # table in BAR0
        put(cfg, MSIX + 8, "I", 0x00002000)             # PBA in BAR0
    if f.ari:
        # ARI Capability bits 15:8, Next Function Number
        ari = [p for p in ext_caps(cfg)
               if struct.unpack_from("<H", cfg, p)[0] == PCI_EXT_CAP_ID_ARI]
        put(cfg, ari[0] + 4, "H", f.ari_next << 8)
    if f.sriov:
        s = f.sriov
        pos = append_ext_cap(cfg, PCI_EXT_CAP_ID_SRIOV, 0x40)
        put(cfg, pos + 0x08, "H", 0x0019 if s["num"] else 0)  # VFE MSE ARI
        put(cfg, pos + 0x0c, "H", s["total"])                 # InitialVFs
        put(cfg, pos + 0x0e, "H", s["total"])
        put(cfg, pos + 0x10, "H", s["num"])
        put(cfg, pos + 0x14, "H", s["offset"])
        put(cfg, pos + 0x16, "H", s["stride"])
        put(cfg, pos + 0x1a, "H", s["vf_device"])
        put(cfg, pos + 0x1c, "I", 0x553)                      # page sizes
        put(cfg, pos + 0x20, "I", 0x1)                        # 4 KiB
    return bytes(cfg)


# ---- topology -----------------------------------------------------------

class Domain:
    def __init__(self, number):
        self.number = number
        self.next_bus = 1
        self.root_slots = []    # free (dev, fn) for root ports, in order

    def take_bus(self):
        b = self.next_bus
        if b > 0xff:
            raise SystemExit("gen-snapshot: domain %04x ran out of bus "
                             "numbers" % self.number)
        self.next_bus += 1
        return b


class Host:
    def __init__(self, nfunctions):
        self.want = nfunctions
        self.fns = []
        ndom = max(2, -(-nfunctions // 1024))
        self.domains = [Domain(i) for i in range(ndom)]
        for d in self.domains:
            busy = {0x00, 0x14, 0x16, 0x17, 0x1c, 0x1f} if d.number == 0 \
                else {0x00}
            d.root_slots = [(s, f) for s in range(0x20) if s not in busy
                            for f in range(4)]

    def add(self, f):
        self.fns.append(f)
        return f

    def left(self):
        return self.want - len(self.fns)

    @staticmethod
    def open_bridge(f, dom):
        """Give bridge F the next bus number; what is added below it
        until close_bridge() takes the following ones (depth first, as
        pci_scan_bridge_extend() numbers them)."""
        f.secondary = dom.take_bus()

    @staticmethod
    def close_bridge(f, dom):
        f.subordinate = dom.next_bus - 1

    def root_port(self, dom, acs=True, numa=-1):
        if not dom.root_slots:
            raise SystemExit("gen-snapshot: domain %04x has no free root "
                             "port slot" % dom.number)
        dev, fn = dom.root_slots.pop(0)
        # Sky Lake-E root ports A-D (8086:2030-2033): no ACS/alias quirk.
        rp = self.add(Fn(dom.number, 0, dev, fn, 0x8086, 0x2030 + fn,
                         0x060400, ROOT_PORT, mf=True,
                         acs=ACS_PORT if acs else None, driver="pcieport",
                         numa=numa))
        self.open_bridge(rp, dom)
        return rp

    def switch(self, up, dom, numa, ports, vendor, device, fill):
        """A switch below bridge UP: its upstream port, PORTS downstream
        ports, and FILL(i, port) adds what sits below port I (and says
        whether that port has ACS)."""
        usp = self.add(Fn(dom.number, up.secondary, 0, 0, vendor, device,
                          0x060400, UPSTREAM, parent=up, driver="pcieport",
                          numa=numa))
        self.open_bridge(usp, dom)
        for i in range(ports):
            dsp = self.add(Fn(dom.number, usp.secondary, i, 0, vendor,
                              device, 0x060400, DOWNSTREAM, parent=usp,
                              driver="pcieport", numa=numa))
            self.open_bridge(dsp, dom)
            if fill(i, dsp):
                dsp.acs = ACS_PORT
            self.close_bridge(dsp, dom)
        self.close_bridge(usp, dom)

    def sriov_nic(self, up, dom, numa, pfs, vfs, kind):
        """PFS physical functions on UP's secondary bus with VFS virtual
        functions each, Routing IDs packed after the PFs (ARI)."""
        if kind == "mlx":   # ConnectX-5: PFs without ACS
            ven, pf_id, vf_id, acs = 0x15b3, 0x1017, 0x1018, None
            pf_drv, vf_drv = "mlx5_core", "mlx5_core"
        else:               # X710: PFs with ACS
            ven, pf_id, vf_id, acs = 0x8086, 0x1572, 0x154c, ACS_EP
            pf_drv, vf_drv = "i40e", "iavf"
        assert pfs + pfs * vfs <= 0x100
        up.ari_fwd = True
        pflist = []
        for p in range(pfs):
            offset = pfs - p + p * vfs
            pf = self.add(Fn(dom.number, up.secondary, 0, p, ven, pf_id,
                             0x020000, ENDPOINT, parent=up, mf=pfs > 1,
                             acs=acs, flr=True, ari=True,
                             ari_next=p + 1 if p + 1 < pfs else 0,
                             msix=64, driver=pf_drv, reset="flr", numa=numa,
                             sriov=dict(total=max(vfs, 8), num=vfs,
                                        offset=offset, stride=1,
                                        vf_device=vf_id)))
            pflist.append(pf)
        for pf in pflist:
            for v in range(vfs):
                rid = pf.devfn + pf.sriov["offset"] + v
                # every fourth VF is handed to vfio-pci for a guest
                vf = self.add(Fn(dom.number, up.secondary, rid >> 3, rid & 7,
                                 ven, vf_id, 0x020000, ENDPOINT, parent=up,
                                 flr=True, ari=True, msix=8,
                                 driver="vfio-pci" if v % 4 == 0 else vf_drv,
                                 reset="flr", numa=numa, physfn=pf))
                pf.virtfns.append(vf)

    # ---- the pods ----

    def pod_nic(self, dom, numa, kind, vfs=64, pfs=2):
        rp = self.root_port(dom, numa=numa)
        self.sriov_nic(rp, dom, numa, pfs, vfs, kind)
        self.close_bridge(rp, dom)

    def gpu(self, up, dom, numa, model, driver):
        if model == "rtx":  # GA102: VGA + HD audio, no FLR
            self.add(Fn(dom.number, up.secondary, 0, 0, 0x10de, 0x2204,
                        0x030000, ENDPOINT, parent=up, mf=True,
                        driver=driver, reset="bus", boot_vga="0",
                        numa=numa))
            self.add(Fn(dom.number, up.secondary, 0, 1, 0x10de, 0x1aef,
                        0x040300, ENDPOINT, parent=up, mf=True,
                        driver="vfio-pci" if driver == "vfio-pci"
                        else "snd_hda_intel", reset="bus", numa=numa))
            return
        dev = {"t4": 0x1eb8, "a100": 0x20b0}[model]
        self.add(Fn(dom.number, up.secondary, 0, 0, 0x10de, dev, 0x030200,
                    ENDPOINT, parent=up, flr=True, driver=driver,
                    reset="flr bus", numa=numa, link=(4, 16)))

    def nvme(self, up, dom, numa, intel, driver="nvme"):
        ven, dev = (0x8086, 0x0a54) if intel else (0x144d, 0xa808)
        self.add(Fn(dom.number, up.secondary, 0, 0, ven, dev, 0x010802,
                    ENDPOINT, parent=up, flr=True, msix=32, driver=driver,
                    reset="flr bus", numa=numa, link=(3, 4)))

    def pod_gpu(self, dom, numa):
        rp = self.root_port(dom, numa=numa)

        def fill(i, dsp):
            self.gpu(dsp, dom, numa, "rtx" if i < 2 else "t4",
                     "vfio-pci" if i % 2 == 0 else "nvidia")
            return True
        # PLX PEX 8796 (10b5:8796)
        self.switch(rp, dom, numa, 4, 0x10b5, 0x8796, fill)
        self.close_bridge(rp, dom)

    def pod_hgx(self, dom, numa):
        rp = self.root_port(dom, numa=numa)

        def leaf(i, dsp):
            if i < 2:
                self.gpu(dsp, dom, numa, "a100",
                         "vfio-pci" if i == 0 else "nvidia")
            elif i == 2:
                self.nvme(dsp, dom, numa, intel=True)
            else:
                self.sriov_nic(dsp, dom, numa, 1, 8, "mlx")
            return i != 3

        def top(i, dsp):
            self.switch(dsp, dom, numa, 4, 0x1000, 0xc010, leaf)
            return True
        # Broadcom PEX890xx (1000:c010), two levels
        self.switch(rp, dom, numa, 2, 0x1000, 0xc010, top)
        self.close_bridge(rp, dom)

    def pod_storage(self, dom, numa):
        rp = self.root_port(dom, numa=numa)

        def fill(i, dsp):
            self.nvme(dsp, dom, numa, intel=i % 3 == 0,
                      driver="vfio-pci" if i == 5 else "nvme")
            return i % 2 == 0
        # Microchip PM8546 (11f8:8546)
        self.switch(rp, dom, numa, 8, 0x11f8, 0x8546, fill)
        self.close_bridge(rp, dom)

    def pod_legacy(self, dom, numa):
        rp = self.root_port(dom, acs=False, numa=numa)
        # TI XIO2001 PCIe-to-PCI bridge (104c:8240)
        br = self.add(Fn(dom.number, rp.secondary, 0, 0, 0x104c, 0x8240,
                         0x060400, PCI_BRIDGE, parent=rp, numa=numa,
                         link=(1, 1)))
        self.open_bridge(br, dom)
        # NetMos 9865 multi-I/O card: serial + parallel, no reset at all
        for fn, cls in ((0, 0x070002), (1, 0x070103)):
            self.add(Fn(dom.number, br.secondary, 4, fn, 0x9710, 0x9865,
                        cls, CONVENTIONAL, parent=br, mf=True,
                        driver="serial" if fn == 0 else "parport_pc",
                        numa=numa))
        # Intel 82541PI Gigabit NIC, conventional PCI
        self.add(Fn(dom.number, br.secondary, 5, 0, 0x8086, 0x107c,
                    0x020000, CONVENTIONAL, parent=br, driver="e1000",
                    reset="pm", numa=numa))
        self.close_bridge(br, dom)
        self.close_bridge(rp, dom)

    POD_CYCLE = (("nic-mlx", 131), ("gpu", 12), ("hgx", 38),
                 ("storage", 18), ("nic-intel", 131), ("legacy", 5))

    def platform(self):
        d0 = self.domains[0]
        for d in self.domains:
            # Sky Lake-E DMI3 registers: an RCiEP, as on real Xeons
            self.add(Fn(d.number, 0, 0, 0, 0x8086, 0x2020, 0x060000,
                        RC_END, numa=d.number % 2))
        # C620 PCH: xHCI + thermal, MEI x3, SATA, LPC/PMC/SMBus/SPI
        pch = [
            (0x14, 0, 0xa1af, 0x0c0330, "xhci_hcd", "pm"),
            (0x14, 2, 0xa1b1, 0x118000, "intel_pch_thermal", None),
            (0x16, 0, 0xa1ba, 0x078000, "mei_me", "pm"),
            (0x16, 1, 0xa1bb, 0x078000, None, "pm"),
            (0x16, 4, 0xa1be, 0x078000, None, None),
            (0x17, 0, 0xa182, 0x010601, "ahci", "pm"),
            (0x1f, 0, 0xa1c1, 0x060100, None, None),
            (0x1f, 2, 0xa1a1, 0x058000, None, None),
            (0x1f, 4, 0xa1a3, 0x0c0500, "i801_smbus", None),
            (0x1f, 5, 0xa1a4, 0x0c8000, "intel-spi", None),
        ]
        slots = {s for s, f, *_ in pch if f}
        for s, f, dev, cls, drv, reset in pch:
            self.add(Fn(0, 0, s, f, 0x8086, dev, cls, CONVENTIONAL,
                        mf=s in slots, driver=drv, reset=reset, numa=0))
        # two PCH root ports without ACS (C620: 8086:a190, a194)
        rp0 = self.add(Fn(0, 0, 0x1c, 0, 0x8086, 0xa190, 0x060400,
                          ROOT_PORT, mf=True, driver="pcieport", numa=0,
                          link=(2, 1)))
        rp4 = self.add(Fn(0, 0, 0x1c, 4, 0x8086, 0xa194, 0x060400,
                          ROOT_PORT, mf=True, driver="pcieport", numa=0,
                          link=(2, 1)))
        self.open_bridge(rp0, d0)
        # the default route's NIC: Intel I210 (8086:1533)
        self.nic_i210 = self.add(Fn(0, rp0.secondary, 0, 0, 0x8086, 0x1533,
                                    0x020000, ENDPOINT, parent=rp0,
                                    flr=True, msix=5, driver="igb",
                                    reset="flr bus", numa=0, link=(2, 1)))
        self.close_bridge(rp0, d0)
        self.open_bridge(rp4, d0)
        # ASPEED AST2500 BMC: PCIe-to-PCI bridge 1a03:1150, VGA 1a03:2000
        br = self.add(Fn(0, rp4.secondary, 0, 0, 0x1a03, 0x1150, 0x060400,
                         PCI_BRIDGE, parent=rp4, numa=0, link=(2, 1)))
        self.open_bridge(br, d0)
        self.add(Fn(0, br.secondary, 0, 0, 0x1a03, 0x2000, 0x030000,
                    CONVENTIONAL, parent=br, driver="ast", boot_vga="1",
                    numa=0))
        self.close_bridge(br, d0)
        self.close_bridge(rp4, d0)
        self.sata = [f for f in self.fns if f.device == 0xa182][0]
        self.xhci = [f for f in self.fns if f.device == 0xa1af][0]

    def build(self):
        self.platform()
        if self.left() < 0:
            raise SystemExit("gen-snapshot: --functions must be at least "
                             "%d" % len(self.fns))
        i = 0
        while self.left() > 0:
            kind, size = self.POD_CYCLE[i % len(self.POD_CYCLE)]
            dom = self.domains[i % len(self.domains)]
            numa = dom.number % 2
            i += 1
            if size <= self.left():
                {"nic-mlx": lambda: self.pod_nic(dom, numa, "mlx"),
                 "gpu": lambda: self.pod_gpu(dom, numa),
                 "hgx": lambda: self.pod_hgx(dom, numa),
                 "storage": lambda: self.pod_storage(dom, numa),
                 "nic-intel": lambda: self.pod_nic(dom, numa, "intel"),
                 "legacy": lambda: self.pod_legacy(dom, numa)}[kind]()
            elif self.left() >= 3:
                # the remainder: one PF with as many VFs as still fit
                self.pod_nic(dom, numa, "intel", self.left() - 2, 1)
            elif self.left() == 2:
                rp = self.root_port(dom, numa=numa)
                self.nvme(rp, dom, numa, intel=False)
                self.close_bridge(rp, dom)
            else:
                self.close_bridge(self.root_port(dom, numa=numa), dom)
        assert len(self.fns) == self.want
        self.fns.sort(key=lambda f: (f.dom, f.bus, f.devfn))


# ---- IOMMU groups, as pci_device_group() forms them ----------------------

def kernel_mf(f):
    """dev->multifunction: the header bit, or any function > 0 that
    pci_scan_slot() found (VFs are added by the IOV code instead)."""
    return f.mf or (f.fn > 0 and f.physfn is None)


def acs_enabled(f):
    """pci_acs_enabled() for the device kinds generated here."""
    if f.pcie is CONVENTIONAL or f.pcie == PCI_BRIDGE:
        return False
    if f.pcie in (ROOT_PORT, DOWNSTREAM):
        return f.acs is not None
    if kernel_mf(f):
        return f.acs is not None
    return True


def path_enabled(b):
    while b is not None:
        if not acs_enabled(b):
            return False
        b = b.parent
    return True


def form_groups(fns):
    up = {id(f): id(f) for f in fns}

    def find(x):
        while up[x] != x:
            up[x] = up[up[x]]
            x = up[x]
        return x

    def union(a, b):
        ra, rb = find(id(a)), find(id(b))
        if ra != rb:
            up[max(ra, rb)] = min(ra, rb)

    slots = {}
    for f in fns:
        slots.setdefault((f.dom, f.bus, f.dev), []).append(f)
    for d in fns:
        top = d
        b = d.parent
        while b is not None:        # pci_for_each_dma_alias()
            if b.pcie in (PCI_BRIDGE, CONVENTIONAL):
                union(d, b)
                top = b
            b = b.parent
        b = top.parent
        while b is not None and not path_enabled(b):
            union(d, b)
            top = b
            b = b.parent
        # get_pci_function_alias_group(), transitively
        todo, seen = [top], {id(top)}
        while todo:
            x = todo.pop()
            if not kernel_mf(x) or acs_enabled(x):
                continue
            for t in slots[(x.dom, x.bus, x.dev)]:
                if t is x or t.physfn is not None or acs_enabled(t):
                    continue
                union(x, t)
                if id(t) not in seen:
                    seen.add(id(t))
                    todo.append(t)
    number = {}
    for f in fns:                   # in bus order
        r = find(id(f))
        if r not in number:
            number[r] = len(number)
        f.group = number[r]
    return len(number)


# ---- writing ------------------------------------------------------------

_made = set()   # directories created so far: one mkdir each, not per file


def parent_dir(path):
    d = os.path.dirname(path)
    if d not in _made:
        os.makedirs(d, exist_ok=True)
        _made.add(d)
    return d


def write(path, data):
    parent_dir(path)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def link(target, name):
    os.symlink(os.path.relpath(target, parent_dir(name)), name)


def device_dir(out, f):
    parts = []
    x = f.parent
    while x is not None:
        parts.append(x.bdf)
        x = x.parent
    return os.path.join(out, "sys", "devices", "pci%04x:00" % f.dom,
                        *reversed(parts), f.bdf)


# Kernel modules behind the drivers (sys/bus/pci/drivers/D/module).
DRIVER_MODULE = {
    "vfio-pci": "vfio_pci", "nvme": "nvme", "mlx5_core": "mlx5_core",
    "i40e": "i40e", "iavf": "iavf", "igb": "igb", "ahci": "ahci",
    "nvidia": "nvidia", "snd_hda_intel": "snd_hda_intel", "ast": "ast",
    "xhci_hcd": "xhci_pci", "mei_me": "mei_me", "e1000": "e1000",
    "i801_smbus": "i2c_i801", "intel-spi": "spi_intel_pci",
    "intel_pch_thermal": "intel_pch_thermal", "parport_pc": "parport_pc",
}


def bar0_base(f):
    """A 64 KiB window per function, unique over the host."""
    return 0x38000000000 | f.dom << 32 | f.bus << 24 | f.devfn << 16


def resource_text(f):
    # 6 BARs, the ROM, 4 bridge windows, 6 VF BARs (PCI_NUM_RESOURCES)
    zero = "0x%016x 0x%016x 0x%016x\n" % (0, 0, 0)
    if f.bridge:
        return zero * 17
    base = bar0_base(f)
    bar0 = "0x%016x 0x%016x 0x%016x\n" % (base, base + 0xffff, 0x14220c)
    return bar0 + zero * 16


def uevent_text(f):
    """The device's uevent: drivers/base/core.c dev_uevent() adds DRIVER=
    while bound, then drivers/pci/pci-driver.c pci_uevent() the rest."""
    lines = ["DRIVER=%s" % f.driver] if f.driver else []
    lines += ["PCI_CLASS=%04X" % f.cls,
              "PCI_ID=%04X:%04X" % (f.vendor, f.device),
              "PCI_SUBSYS_ID=%04X:%04X" % (f.ssvid, f.ssid),
              "PCI_SLOT_NAME=%s" % f.bdf,
              "MODALIAS=pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X" % (
                  f.vendor, f.device, f.ssvid, f.ssid, f.cls >> 16,
                  f.cls >> 8 & 0xff, f.cls & 0xff)]
    return "".join(line + "\n" for line in lines)


def write_function(out, f):
    dd = device_dir(out, f)
    write(os.path.join(dd, "config"), config(f))
    for name, val in (("vendor", "0x%04x" % f.vendor),
                      ("device", "0x%04x" % f.device),
                      ("class", "0x%06x" % f.cls),
                      ("revision", "0x%02x" % f.rev),
                      ("subsystem_vendor", "0x%04x" % f.ssvid),
                      ("subsystem_device", "0x%04x" % f.ssid),
                      ("numa_node", "%d" % f.numa),
                      ("irq", "%d" % (16 + f.devfn % 8)),
                      ("driver_override", "(null)")):
        write(os.path.join(dd, name), val + "\n")
    write(os.path.join(dd, "resource"), resource_text(f))
    write(os.path.join(dd, "uevent"), uevent_text(f))
    if f.reset:
        write(os.path.join(dd, "reset_method"), f.reset + "\n")
        write(os.path.join(dd, "reset"), b"")
    if f.boot_vga is not None:
        write(os.path.join(dd, "boot_vga"), f.boot_vga + "\n")
    if f.driver:
        drv = os.path.join(out, "sys", "bus", "pci", "drivers", f.driver)
        link(drv, os.path.join(dd, "driver"))
    if f.sriov:
        s = f.sriov
        for name, val in (("sriov_totalvfs", s["total"]),
                          ("sriov_numvfs", s["num"]),
                          ("sriov_offset", s["offset"]),
                          ("sriov_stride", s["stride"])):
            write(os.path.join(dd, name), "%d\n" % val)
        write(os.path.join(dd, "sriov_vf_device"),
              "%04x\n" % s["vf_device"])
        for i, vf in enumerate(f.virtfns):
            link(device_dir(out, vf), os.path.join(dd, "virtfn%d" % i))
    if f.physfn is not None:
        link(device_dir(out, f.physfn), os.path.join(dd, "physfn"))
    grp = os.path.join(out, "sys", "kernel", "iommu_groups", str(f.group))
    link(grp, os.path.join(dd, "iommu_group"))
    link(dd, os.path.join(grp, "devices", f.bdf))
    link(dd, os.path.join(out, "sys", "bus", "pci", "devices", f.bdf))


def dmar_table(ndom, xhci):
    """ACPI DMAR (VT-d spec ch. 8): one DRHD with INCLUDE_PCI_ALL per
    segment, segment 0 with the I/O APIC and HPET scopes interrupt
    remapping needs, and a USB RMRR on the xHCI controller."""
    def scope(kind, enum_id, bus, path):
        body = struct.pack("<BBHBB", kind, 6 + 2 * len(path), 0, enum_id,
                           bus)
        return body + b"".join(struct.pack("<BB", d, f) for d, f in path)

    body = b""
    for seg in range(ndom):
        scopes = b""
        if seg == 0:
            scopes = scope(3, 8, 0xf0, [(0x1f, 0)]) + \
                scope(4, 0, 0x00, [(0x1f, 0)])
        body += struct.pack("<HHBBHQ", 0, 16 + len(scopes), 0x01, 0, seg,
                            0xfbffc000 - seg * 0x100000) + scopes
    rmrr_scope = scope(1, 0, 0, [(xhci.dev, xhci.fn)])
    body += struct.pack("<HHHHQQ", 1, 24 + len(rmrr_scope), 0, 0,
                        0x7c000000, 0x7c7fffff) + rmrr_scope
    hdr = struct.pack("<4sIBB6s8sI4sI", b"DMAR", 48 + len(body), 1, 0,
                      b"VFIORD", b"SCALEGEN", 1, b"VFRT", 1)
    hdr += struct.pack("<BB10s", 45, 0x01, b"")   # HAW 46 bits, INTR_REMAP
    table = bytearray(hdr + body)
    table[9] = (-sum(table)) & 0xff
    return bytes(table)


CPUID_RAW = """version=0.6.2
basic_cpuid[0]=00000016 756e6547 6c65746e 49656e69
basic_cpuid[1]=000906ea 00100800 7ffafbff bfebfbff
ext_cpuid[0]=80000008 00000000 00000000 00000000
ext_cpuid[1]=00000000 00000000 00000121 2c100800
ext_cpuid[2]=65746e49 2952286c 726f4320 4d542865
ext_cpuid[3]=37692029 3037382d 50432030 20402055
ext_cpuid[4]=30322e33 007a4847 00000000 00000000
"""

CPU_FLAGS = (
    "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
    "pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx "
    "pdpe1gb rdtscp lm constant_tsc pni pclmulqdq dtes64 monitor ds_cpl vmx "
    "smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic "
    "movbe popcnt aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch "
    "tpr_shadow flexpriority ept vpid fsgsbase bmi1 avx2 smep bmi2 erms "
    "invpcid rdseed adx smap clflushopt xsaveopt xsavec xgetbv1 xsaves")
VMX_FLAGS = ("vnmi preemption_timer invvpid ept_x_only ept_ad ept_1gb "
             "flexpriority tsc_offset vtpr mtf vapic ept vpid "
             "unrestricted_guest ple pml")

KCONFIG = """#
# Automatically generated file; DO NOT EDIT.
#
CONFIG_MODULES=y
CONFIG_PCI_IOV=y
CONFIG_IOMMU_SUPPORT=y
CONFIG_IOMMU_API=y
CONFIG_IRQ_REMAP=y
CONFIG_VFIO=m
CONFIG_VFIO_PCI=m
CONFIG_VFIO_IOMMU_TYPE1=m
# CONFIG_VFIO_NOIOMMU is not set
CONFIG_KVM=m
CONFIG_INTEL_IOMMU=y
# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set
CONFIG_KVM_INTEL=m
"""

MODULES = [
    ("vfio_pci", 16384, 0, "-"), ("vfio_pci_core", 94208, 1, "vfio_pci,"),
    ("vfio_iommu_type1", 45056, 0, "-"),
    ("vfio", 69632, 3, "vfio_pci_core,vfio_iommu_type1,"),
    ("kvm_intel", 380928, 0, "-"), ("kvm", 1146880, 1, "kvm_intel,"),
    ("irqbypass", 16384, 1, "kvm,"), ("mlx5_core", 2248704, 0, "-"),
    ("i40e", 569344, 0, "-"), ("iavf", 200704, 0, "-"),
    ("igb", 286720, 0, "-"), ("nvme", 57344, 4, "-"),
    ("nvidia", 56823808, 0, "-"), ("ast", 65536, 0, "-"),
]


def write_host(out, host, ngroups):
    fns = host.fns
    ndom = len(host.domains)
    write(os.path.join(out, "SNAPSHOT"),
          "format=1\ntool=vfio-ready\ntool_version=0.1.0\n"
          "kernel_release=%s\nas_root=yes\n" % KERNEL)
    write(os.path.join(out, "README"),
          "Synthetic server with %d PCI functions on %d PCI domains; "
          "written by tests/gen-snapshot.py --functions %d.\n"
          % (len(fns), ndom, len(fns)))
    cmdline = ("BOOT_IMAGE=/boot/vmlinuz-%s root=/dev/sda2 ro quiet "
               "intel_iommu=on iommu=pt" % KERNEL)
    write(os.path.join(out, "proc", "cmdline"), cmdline + "\n")
    write(os.path.join(out, "proc", "sys", "kernel", "osrelease"),
          KERNEL + "\n")
    write(os.path.join(out, "proc", "sys", "kernel", "dmesg_restrict"),
          "0\n")
    write(os.path.join(out, "proc", "modules"), "".join(
        "%s %d %d %s Live 0x0000000000000000\n" % m for m in MODULES))
    cpus = "".join(
        "processor\t: %d\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
        "model\t\t: 158\nmodel name\t: Intel(R) Core(TM) i7-8700 CPU @ "
        "3.20GHz\nstepping\t: 10\nflags\t\t: %s\nvmx flags\t: %s\n\n"
        % (i, CPU_FLAGS, VMX_FLAGS) for i in range(4))
    write(os.path.join(out, "proc", "cpuinfo"), cpus)
    irqs = ["            CPU0       CPU1       CPU2       CPU3"]
    irqs.append("   0:         36          0          0          0   "
                "IO-APIC   2-edge      timer")
    irqs.append("   8:          0          0          0          0  "
                "IR-IO-APIC    8-edge      rtc0")
    for seg in range(ndom):
        irqs.append(" %3d:          0          0          0          0  "
                    "DMAR-MSI    %d-edge      dmar%d" % (24 + seg, seg, seg))
    msi = [f for f in fns if f.msix and f.driver and
           f.driver != "vfio-pci"][:64]
    for i, f in enumerate(msi):
        irqs.append(" %3d:       %4d          0          0          0  "
                    "IR-PCI-MSIX-%s    0-edge      %s" %
                    (40 + i, 100 + i, f.bdf, f.driver))
    write(os.path.join(out, "proc", "interrupts"), "\n".join(irqs) + "\n")
    # the root filesystem on the SATA controller, the default route on
    # the I210: assign.c follows these to the host-critical devices
    os.makedirs(os.path.join(out, "proc", "self"))
    write(os.path.join(out, "proc", "self", "mountinfo"),
          "22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n"
          "23 22 0:21 / /proc rw,nosuid,nodev,noexec shared:12 - proc proc "
          "rw\n")
    os.symlink("self/net", os.path.join(out, "proc", "net"))
    write(os.path.join(out, "proc", "self", "net", "route"),
          "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
          "\t\tMTU\tWindow\tIRTT\n"
          "eno1\t00000000\t0102A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
          "eno1\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n")
    sata = device_dir(out, host.sata)
    link(os.path.join(sata, "ata1", "host0", "target0:0:0", "0:0:0:0",
                      "block", "sda", "sda2"),
         os.path.join(out, "sys", "dev", "block", "8:2"))
    link(os.path.join(device_dir(out, host.nic_i210), "net", "eno1"),
         os.path.join(out, "sys", "class", "net", "eno1"))

    tables = os.path.join(out, "sys", "firmware", "acpi", "tables")
    write(os.path.join(tables, "DMAR"), dmar_table(ndom, host.xhci))
    for t in ("APIC", "DSDT", "FACP", "MCFG"):
        write(os.path.join(tables, t), b"")
    for seg in range(ndom):
        iommu = os.path.join(out, "sys", "class", "iommu", "dmar%d" % seg,
                             "intel-iommu")
        for name, val in (("version", "1:0"),
                          ("address", "%x" % (0xfbffc000 - seg * 0x100000)),
                          ("cap", "d2008c40660462"), ("ecap", "f050da")):
            write(os.path.join(iommu, name), val + "\n")
    for mod, params in (
            ("kvm", {"ignore_msrs": "N"}),
            ("kvm_intel", {"nested": "Y"}),
            ("vfio_iommu_type1", {"allow_unsafe_interrupts": "N",
                                  "dma_entry_limit": "65535"}),
            ("vfio_pci", {"disable_vga": "N", "disable_idle_d3": "N",
                          "nointxmask": "N", "enable_sriov": "N",
                          "disable_denylist": "N"})):
        for name, val in params.items():
            write(os.path.join(out, "sys", "module", mod, "parameters",
                               name), val + "\n")
    drivers = os.path.join(out, "sys", "bus", "pci", "drivers")
    for drv in sorted({f.driver for f in fns if f.driver}):
        os.makedirs(os.path.join(drivers, drv), exist_ok=True)
        if drv in DRIVER_MODULE:
            link(os.path.join(out, "sys", "module", DRIVER_MODULE[drv]),
                 os.path.join(drivers, drv, "module"))

    for f in fns:
        write_function(out, f)
    groups = os.path.join(out, "sys", "kernel", "iommu_groups")
    members = {}
    for f in fns:
        members.setdefault(f.group, []).append(f)
    for g in range(ngroups):
        gd = os.path.join(groups, str(g))
        write(os.path.join(gd, "type"), "DMA-FQ\n")
        resv = "0x00000000fee00000 0x00000000feefffff msi\n"
        if host.xhci in members[g]:
            resv = ("0x000000007c000000 0x000000007c7fffff "
                    "direct-relaxable\n") + resv
        write(os.path.join(gd, "reserved_regions"), resv)

    # /dev/vfio: a node for every group whose endpoints are all on vfio-pci
    vfio = os.path.join(out, "dev", "vfio")
    write(os.path.join(vfio, "vfio"), b"")
    for g in range(ngroups):
        eps = [f for f in members[g] if not f.bridge]
        if eps and all(f.driver == "vfio-pci" for f in eps):
            write(os.path.join(vfio, str(g)), b"")
    write(os.path.join(out, "dev", "kvm"),
          "node=char mode=0660 uid=0 gid=108 reader_rw=yes\n")
    os.makedirs(os.path.join(out, "lib", "modules", KERNEL, "kernel",
                             "drivers", "vfio"))
    write(os.path.join(out, "lib", "modules", KERNEL, "modules.builtin"),
          "kernel/drivers/pci/pcie/portdrv.ko\n")
    write(os.path.join(out, "boot", "config-" + KERNEL), KCONFIG)
    write(os.path.join(out, "etc", "group"), "root:x:0:\nkvm:x:108:\n")
    write(os.path.join(out, "etc", "os-release"),
          'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian '
          'GNU/Linux"\nVERSION_ID="12"\nID=debian\n')
    write(os.path.join(out, "etc", "default", "grub"),
          'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="quiet '
          'intel_iommu=on iommu=pt"\nGRUB_CMDLINE_LINUX=""\n')
    write(os.path.join(out, "usr", "sbin", "update-grub"), "#!/bin/sh\n")
    write(os.path.join(out, "etc", "modprobe.d", "vfio.conf"),
          "options vfio-pci ids=10de:2204,10de:1aef\n")

    log = [
        "[    0.000000] Linux version %s (debian-kernel@lists.debian.org) "
        "(gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC "
        "Debian 6.1.76-1" % KERNEL,
        "[    0.000000] Command line: " + cmdline,
        "[    0.010711] ACPI: DMAR 0x000000006F5F2000 %06X (v01 VFIORD "
        "SCALEGEN 00000001 VFRT 00000001)" % (len(dmar_table(ndom,
                                                             host.xhci))),
        "[    0.075004] DMAR: IOMMU enabled",
        "[    0.180215] DMAR: Host address width 46",
    ]
    for seg in range(ndom):
        base = 0xfbffc000 - seg * 0x100000
        log.append("[    0.1803%02d] DMAR: DRHD base: 0x%012x flags: 0x1"
                   % (seg, base))
        log.append("[    0.1804%02d] DMAR: dmar%d: reg_base_addr %x ver 1:0 "
                   "cap d2008c40660462 ecap f050da" % (seg, seg, base))
    log += [
        "[    0.180229] DMAR-IR: IOAPIC id 8 under DRHD base  0xfbffc000 "
        "IOMMU 0",
        "[    0.180231] DMAR-IR: HPET id 0 under DRHD base 0xfbffc000",
        "[    0.180233] DMAR-IR: Queued invalidation will be enabled to "
        "support x2apic and Intr-remapping.",
        "[    0.181872] DMAR-IR: Enabled IRQ remapping in x2apic mode",
        "[    0.361455] iommu: Default domain type: Passthrough (set via "
        "kernel command line)",
        "[    0.802103] DMAR: RMRR base: 0x0000007c000000 end: "
        "0x0000007c7fffff",
    ]
    for i, f in enumerate(fns):
        log.append("[    0.%06d] pci %s: Adding to iommu group %d"
                   % (802315 + i, f.bdf, f.group))
    log.append("[    0.990000] DMAR: Intel(R) Virtualization Technology for "
               "Directed I/O")
    write(os.path.join(out, "vfio-ready", "kernel-log.txt"),
          "\n".join(log) + "\n")
    write(os.path.join(out, "vfio-ready", "cpuid.raw"), CPUID_RAW)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--functions", type=int, required=True,
                    help="number of PCI functions (>= 64)")
    ap.add_argument("outdir")
    a = ap.parse_args()
    if a.functions < 64:
        ap.error("--functions must be at least 64")
    if os.path.lexists(a.outdir):
        ap.error("%s exists; give a new directory" % a.outdir)
    host = Host(a.functions)
    host.build()
    ngroups = form_groups(host.fns)
    os.makedirs(a.outdir)
    write_host(a.outdir, host, ngroups)
    digest = hashlib.sha256()
    for f in host.fns:
        digest.update(f.bdf.encode() + b"%d" % f.group)
    print("%s: %d functions, %d domains, %d IOMMU groups, %d VFs (%s)" % (
        a.outdir, len(host.fns), len(host.domains), ngroups,
        sum(1 for f in host.fns if f.physfn is not None),
        digest.hexdigest()[:12]))


if __name__ == "__main__":
    sys.exit(main())
