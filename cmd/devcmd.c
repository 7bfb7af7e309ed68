/* devcmd.c - glue shared by the device commands (see devcmd.h). */
#include <stdlib.h>

#include "devcmd.h"
#include "vdev.h"

int dev_fail(struct vdev *v, int rc)
{
	const char *m = v ? vdev_errmsg(v) : "";

	cmd_error("%s", m && *m ? m : vdev_strerror(rc));
	switch (rc < 0 ? -rc : rc) {
	case VDEV_E_INVAL:
	case VDEV_E_NODEV:
	case VDEV_E_EXIST:
		return CMD_EXIT_REFUSED;
	case VDEV_E_KERNEL:
		return CMD_EXIT_KERNEL;
	case VDEV_E_PERM:
		return CMD_EXIT_PERM;
	default:
		return CMD_EXIT_SYSTEM;
	}
}

int dev_open(struct vdev **v, int rdonly)
{
	int rc = vdev_open(v, NULL, 0);

	/* a reader falls back to a read-only open */
	if (rc == -VDEV_E_PERM && rdonly) {
		vdev_close(*v);
		rc = vdev_open(v, NULL, VDEV_RDONLY);
	}
	if (rc < 0) {
		rc = dev_fail(*v, rc);
		vdev_close(*v);
		*v = NULL;
		return rc;
	}
	return 0;
}

void dev_warnings(const struct vdev *v)
{
	for (int i = 0; i < vdev_nwarnings(v); i++)
		cmd_error("warning: %s", vdev_warning(v, i));
}

void dev_add_assign(const char *arg, char ***list, int *n)
{
	if (vdev_split_assign(arg, list, n) < 0) {
		cmd_error("out of memory");
		exit(CMD_EXIT_SYSTEM);
	}
}
