# Intel VT-d in the firmware but off in the kernel (intel_iommu=off): the
# DMAR table is there, the kernel forms no groups; vfio-ready must name the
# kernel layer and still predict the groups.
IOMMU=intel
KERNEL_GROUPS=no
MACHINE=q35,kernel-irqchip=split
QEMU_ARGS="
-device intel-iommu,intremap=on,caching-mode=on
-device pcie-root-port,id=rp1,chassis=1,bus=pcie.0,addr=02.0
-device virtio-net-pci,bus=rp1
-device e1000,bus=pcie.0,addr=03.0
"
APPEND="intel_iommu=off"
BIND=""
EXPECT="not_ready kernel"
