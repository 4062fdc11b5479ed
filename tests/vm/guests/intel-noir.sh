# Intel VT-d without interrupt remapping (QEMU intremap=off: the DMAR has no
# INTR_REMAP flag) and iommu=pt (identity default domain): the kernel's
# dmesg says so, and so must vfio-ready.  Without remapping vfio_iommu_type1
# refuses to attach a group (unless allow_unsafe_interrupts; vfio-attach
# shows it on the multifunction pair bound to vfio-pci), and the DMAR says
# the platform cannot remap: not ready at the firmware layer.
IOMMU=intel
MACHINE=q35,kernel-irqchip=split
QEMU_ARGS="
-device intel-iommu,intremap=off,caching-mode=on
-device pcie-root-port,id=rp1,chassis=1,bus=pcie.0,addr=02.0
-device virtio-net-pci,bus=rp1,addr=00.0,multifunction=on
-device virtio-rng-pci,bus=rp1,addr=00.1
-device e1000e,bus=pcie.0,addr=03.0
"
APPEND="intel_iommu=on iommu=pt"
BIND="1af4:1041,1af4:1044"
EXPECT="not_ready firmware"
