# (a) Intel VT-d: q35 with QEMU's intel-iommu (interrupt remapping, caching
# mode for vfio in the guest), a few devices, the e1000e bound to vfio-pci.
IOMMU=intel
MACHINE=q35,kernel-irqchip=split
QEMU_ARGS="
-device intel-iommu,intremap=on,caching-mode=on
-device e1000e,bus=pcie.0,addr=02.0
-device pcie-root-port,id=rp1,chassis=1,bus=pcie.0,addr=03.0
-device virtio-net-pci,bus=rp1
"
APPEND="intel_iommu=on"
BIND="8086:10d3"
EXPECT="usable"
