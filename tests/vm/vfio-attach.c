/*
 * vfio-attach: inside a vmcheck guest, does what QEMU does first with an
 * assigned device: a type1 container, the device's group set to it, the
 * IOMMU model chosen (where vfio_iommu_type1 refuses a platform without
 * interrupt remapping), then the device fd.  The kernel's own answer to
 * "can this device be passed through?", for the tier's assertions.
 *
 *   vfio-attach GROUP BDF    e.g. vfio-attach 11 0000:01:00.0
 *
 * Prints one line "vfio-attach: BDF group GROUP: ok" or
 * "vfio-attach: BDF group GROUP: STEP failed: ERRNO-TEXT"; exit 0 or 1.
 * Not part of vfio-ready (which never opens a device node).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

static int fail(const char *bdf, const char *group, const char *step)
{
	printf("vfio-attach: %s group %s: %s failed: %s\n", bdf, group, step,
	       strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	char path[64];
	int c, g, d;

	if (argc != 3) {
		fprintf(stderr, "usage: vfio-attach GROUP BDF\n");
		return 2;
	}
	c = open("/dev/vfio/vfio", O_RDWR);
	if (c < 0)
		return fail(argv[2], argv[1], "open /dev/vfio/vfio");
	if (ioctl(c, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return fail(argv[2], argv[1], "VFIO_GET_API_VERSION");
	if (ioctl(c, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0)
		return fail(argv[2], argv[1], "VFIO_CHECK_EXTENSION(TYPE1v2)");
	snprintf(path, sizeof(path), "/dev/vfio/%s", argv[1]);
	g = open(path, O_RDWR);
	if (g < 0)
		return fail(argv[2], argv[1], "open group");
	if (ioctl(g, VFIO_GROUP_GET_STATUS, &st) < 0)
		return fail(argv[2], argv[1], "VFIO_GROUP_GET_STATUS");
	if (!(st.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		errno = EBUSY;
		return fail(argv[2], argv[1], "viable (every group member on vfio-pci)");
	}
	if (ioctl(g, VFIO_GROUP_SET_CONTAINER, &c) < 0)
		return fail(argv[2], argv[1], "VFIO_GROUP_SET_CONTAINER");
	if (ioctl(c, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0)
		return fail(argv[2], argv[1], "VFIO_SET_IOMMU(TYPE1v2)");
	d = ioctl(g, VFIO_GROUP_GET_DEVICE_FD, argv[2]);
	if (d < 0)
		return fail(argv[2], argv[1], "VFIO_GROUP_GET_DEVICE_FD");
	printf("vfio-attach: %s group %s: ok\n", argv[2], argv[1]);
	close(d);
	close(g);
	close(c);
	return 0;
}
