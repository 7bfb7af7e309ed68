/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rmdev - unconfigure a device, and with -d delete its definition (AIX rmdev). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "vdev.h"

static const char usage[] =
	"Usage: rmdev -l Name [-d]\n"
	"\n"
	"Unconfigure a device: its status becomes Defined and the kernel no\n"
	"longer holds it.  With -d its definition is deleted too.\n"
	"\n"
	"  -l Name        the device (vi0, ...)\n"
	"  -d             delete the definition\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";

int main(int argc, char **argv)
{
	const char *name = NULL;
	int del = 0, c, rc;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "+l:d" CMD_COMMON_OPTS, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'l': dev_name_opt(&name, optarg, "only one -l"); break;
		case 'd': del = 1; break;
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (!name)
		cmd_usage_error("-l Name is required");
	if ((rc = dev_open(&v, 0)))
		return rc;
	rc = vdev_remove(v, name, del ? VDEV_DELETE : 0);
	return cmd_close_stdout_changed(dev_done(v, rc, name, del ? "deleted" : "Defined"));
}
