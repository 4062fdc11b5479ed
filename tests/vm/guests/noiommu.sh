# (c) No IOMMU: plain q35 with the shared topology.  The firmware publishes
# no DMAR/IVRS, the kernel forms no groups; vfio-ready must say not ready at
# the firmware layer and still predict the groups: the ones the kernel
# forms with the IOMMU on for the same topology (intel-topo).
IOMMU=none
SAME_TOPOLOGY_AS=intel-topo
MACHINE=q35
QEMU_ARGS="$TOPOLOGY"
APPEND=""
BIND=""
EXPECT="not_ready firmware"
