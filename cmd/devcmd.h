/*
 * devcmd.h - what the device commands (mkdev, chdev, rmdev, mkinetvi,
 * mkinetvi6, chvi, cfgif) share: opening the device model, printing its
 * errors and warnings, and their exit statuses.
 *
 * Exit statuses (beyond common.h's 0 success, 1 usage, 2 refused input,
 * 3 repository or system failure):
 *   4  the kernel refused a change; what was done was undone
 *   5  no privilege to change the network or the repository
 */
#ifndef VIPA_CMD_DEVCMD_H
#define VIPA_CMD_DEVCMD_H

#include "common.h"

struct vdev;

enum {
	CMD_EXIT_KERNEL = 4,
	CMD_EXIT_PERM = 5,
};

/* Open the repository named by $ODMDIR for changing (with @rdonly set, for
 * reading when it may not be written); on failure print why and return the
 * exit status (non-zero). */
int dev_open(struct vdev **v, int rdonly);
/* Print the last error of @v (code @rc) and return the exit status. */
int dev_fail(struct vdev *v, int rc);
/* Print the warnings of the last call, one line each. */
void dev_warnings(const struct vdev *v);
/* Add one -a argument ('A=V' or 'A=V B=V') to the list; exits on no memory. */
void dev_add_assign(const char *arg, char ***list, int *n);

#endif
