# (b) AMD-Vi: q35 with QEMU's amd-iommu (interrupt remapping needs the split
# irqchip) and the shared topology, the display+audio pair bound to vfio-pci.
IOMMU=amd
MACHINE=q35,kernel-irqchip=split
QEMU_ARGS="-device amd-iommu,intremap=on $TOPOLOGY"
APPEND=""
BIND="1af4:1050,8086:293e"
EXPECT="usable"
