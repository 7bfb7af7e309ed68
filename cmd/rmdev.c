/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rmdev - unconfigure a device, and with -d delete its definition (AIX rmdev). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "vdev.h"

static const char usage[] =
	"Usage: rmdev -l Name [-d] [-R] [-f File] [-q]\n"
	"\n"
	"Unconfigure a device: its status becomes Defined and the kernel no\n"
	"longer holds it.  With -d its definition is deleted too.\n"
	"\n"
	"  -l Name        the device (vi0, ...)\n"
	"  -d             delete the definition\n"
	"  -R             and the device's children (a VIPA has none)\n"
	"  -f File        read more flags from File\n"
	"  -q             print no messages (the exit status tells)\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";

/* -S, -p and -g (AIX) are known, to be refused. */
#define OPTS "+l:dRf:qSp:g" CMD_COMMON_OPTS

int main(int argc, char **argv)
{
	const char *name = NULL;
	int del = 0, children = 0, quiet = 0, c, rc;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
	rc = cmd_flags_file(&argc, &argv, OPTS, cmd_longopts);
	if (rc)
		return rc;
	while ((c = getopt_long(argc, argv, OPTS, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'l': dev_name_opt(&name, optarg, "only one -l"); break;
		case 'd': del = 1; break;
		case 'R': children = 1; break;
		case 'f': break;	/* read by cmd_flags_file */
		case 'q': quiet = 1; break;
		case 'S': cmd_unsupported('S', "a virtual IP address has no Stopped state (its "
					  "device type has no Start or Stop method); rmdev -l Name "
					  "unconfigures it");
		case 'p': cmd_unsupported('p', "no virtual IP address is the child of another "
					  "device; rmdev -l Name removes one");
		case 'g': cmd_unsupported('g', "devices are not locked here: commands wait for "
					  "each other on the repository");
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (!name)
		cmd_usage_error("-l Name is required");
	if (quiet)
		cmd_quiet();
	if ((rc = dev_open(&v, 0)))
		return rc;
	rc = vdev_remove(v, name, (del ? VDEV_DELETE : 0) | (children ? VDEV_CHILDREN : 0));
	return cmd_close_stdout_changed(dev_done(v, rc, name, del ? "deleted" : "Defined"));
}
