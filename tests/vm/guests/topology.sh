# The PCI topology shared by intel-topo, amd and noiommu (sourced by
# tests/vm/vmcheck.sh before the guest's own file).  Bus numbers are the
# firmware's (SeaBIOS numbers depth-first, so rp1's bus is 01, the switch
# 02-05, rp3's 06, the bridge 07-08, rp5's 09), which is why tests/vm binds
# by vendor:device (vmcheck.bind=) and compares groups as partitions.
#
#   00:02.0 rp1  root port (QEMU's ports have ACS)
#     01:00.0    virtio-vga, multifunction=on       } display + audio in one
#     01:00.1    ich9-intel-hda (conventional PCI)  } slot, no ACS: one group
#   00:03.0 rp2  root port
#     02:00.0    x3130-upstream switch port (no ACS)
#       03:00.0  xio3130-downstream (no ACS)  } each downstream port and
#         04:00.0  e1000e                     } the device below it: one
#       03:01.0  xio3130-downstream (no ACS)  } group (the kernel does not
#         05:00.0  virtio-net                 } join the two ports)
#   00:04.0 rp3  root port
#     06:00.0    virtio-net, multifunction=on       } functions 0 and 1, no
#     06:00.1    virtio-rng (header without the     } ACS: the kernel makes
#                multi-function bit)                } one group of them
#   00:05.0 rp4  root port
#     07:00.0    pcie-pci-bridge
#       08:01.0  e1000 (conventional)               } behind a PCIe-to-PCI
#       08:02.0  virtio-rng (conventional, legacy)  } bridge: one group with it
#   00:06.0 rp5  root port, multifunction=on  } two ports in one slot, each
#   00:06.1 rp6  root port                    } with ACS: separate groups
#     09:00.0    virtio-net behind rp5; rp6 empty
#   00:07.0 rp7  root port, empty
#   00:08.0      e1000e on the root bus (root complex integrated endpoint)
#   (00:01.0     in the amd guest: the AMD IOMMU itself, class 0806;
#    00:1e.0     the results disk, added by vmcheck.sh to every guest;
#    00:1f.0/2/3 q35's ICH9 LPC, SATA, SMBus: multifunction, no ACS)
TOPOLOGY="
-device pcie-root-port,id=rp1,chassis=1,bus=pcie.0,addr=02.0
-device virtio-vga,bus=rp1,addr=00.0,multifunction=on
-device ich9-intel-hda,bus=rp1,addr=00.1
-device pcie-root-port,id=rp2,chassis=2,bus=pcie.0,addr=03.0
-device x3130-upstream,id=up1,bus=rp2
-device xio3130-downstream,id=dn1,bus=up1,chassis=3,slot=0
-device e1000e,bus=dn1
-device xio3130-downstream,id=dn2,bus=up1,chassis=4,slot=0
-device virtio-net-pci,bus=dn2
-device pcie-root-port,id=rp3,chassis=5,bus=pcie.0,addr=04.0
-device virtio-net-pci,bus=rp3,addr=00.0,multifunction=on
-device virtio-rng-pci,bus=rp3,addr=00.1
-device pcie-root-port,id=rp4,chassis=6,bus=pcie.0,addr=05.0
-device pcie-pci-bridge,id=pb1,bus=rp4
-device e1000,bus=pb1,addr=01.0
-device virtio-rng-pci,bus=pb1,addr=02.0
-device pcie-root-port,id=rp5,chassis=7,bus=pcie.0,addr=06.0,multifunction=on
-device pcie-root-port,id=rp6,chassis=8,bus=pcie.0,addr=06.1
-device virtio-net-pci,bus=rp5
-device pcie-root-port,id=rp7,chassis=9,bus=pcie.0,addr=07.0
-device e1000e,bus=pcie.0,addr=08.0
"
