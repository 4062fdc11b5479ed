# (d) Intel VT-d with the shared topology (guests/topology.sh): root ports,
# a switch, a PCIe-to-PCI bridge, multifunction devices, and the
# display+audio pair bound to vfio-pci.
IOMMU=intel
MACHINE=q35,kernel-irqchip=split
QEMU_ARGS="-device intel-iommu,intremap=on,caching-mode=on $TOPOLOGY"
APPEND="intel_iommu=on"
BIND="1af4:1050,8086:293e"
EXPECT="usable"
