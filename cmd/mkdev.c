/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mkdev - define and configure a device (AIX mkdev, for virtual IP addresses). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "vdev.h"

static const char usage[] =
	"Usage: mkdev -c Class -s Subclass -t Type [-w Name | -l Name] [-a Attribute=Value]... [-d | -R] [-f File] [-q]\n"
	"       mkdev -l Name [-R] [-f File] [-q]\n"
	"\n"
	"Define a device of the predefined Class, Subclass and Type (for a virtual\n"
	"IP address: -c if -s VI -t vi) and configure it; the second form\n"
	"configures a Defined device.\n"
	"\n"
	"  -c Class          device class (if)\n"
	"  -s Subclass       device subclass (VI)\n"
	"  -t Type           device type (vi)\n"
	"  -w Name, -l Name  device name (default: the next free one, vi0, vi1, ...)\n"
	"  -a Attr=Value     attribute value; repeatable, or several in one: -a 'A=V B=V'\n"
	"  -d                define only: the device stays Defined\n"
	"  -R                configure the device's parents first (a VIPA has none)\n"
	"  -f File           read more flags from File\n"
	"  -q                print no messages (the exit status tells)\n"
	"  -h, --help        show this help and exit\n"
	"  -V, --version     show the version and exit\n";

/* -S and -p (AIX) are known, to be refused. */
#define OPTS "+c:s:t:w:l:a:dRf:qSp:" CMD_COMMON_OPTS

int main(int argc, char **argv)
{
	const char *cls = NULL, *sub = NULL, *type = NULL, *name = NULL;
	char **assign = NULL, uniquetype[48], out[16];
	int n = 0, define_only = 0, parents = 0, quiet = 0, c, rc;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
	rc = cmd_flags_file(&argc, &argv, OPTS, cmd_longopts);
	if (rc)
		return rc;
	while ((c = getopt_long(argc, argv, OPTS, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'c': cls = optarg; break;
		case 's': sub = optarg; break;
		case 't': type = optarg; break;
		case 'w':
		case 'l': dev_name_opt(&name, optarg, "only one of -w and -l, once"); break;
		case 'a': dev_add_assign(optarg, &assign, &n); break;
		case 'd': define_only = 1; break;
		/* the parents of a VIPA: none (CuDv.parent stays empty) */
		case 'R': parents = 1; break;
		case 'f': break;	/* read by cmd_flags_file */
		case 'q': quiet = 1; break;
		case 'S': cmd_unsupported('S', "a virtual IP address has no Stopped state (its "
					  "device type has no Start or Stop method); use -d to "
					  "define it only");
		case 'p': cmd_unsupported('p', "a virtual IP address has no parent device");
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (parents && define_only)
		cmd_usage_error("-R cannot be used with -d");
	if (!cls && !sub && !type && (!name || n || define_only))
		cmd_usage_error("-c, -s and -t are required to define a device");
	if ((cls || sub || type) && (!cls || !sub || !type))
		cmd_usage_error("-c, -s and -t go together");
	if (quiet)
		cmd_quiet();
	if (!cls && !sub && !type) {
		if ((rc = dev_open(&v, 0)))
			return rc;
		rc = vdev_configure(v, name);
		return cmd_close_stdout_changed(dev_done(v, rc, name, "Available"));
	}
	if ((rc = dev_open(&v, 0)))
		goto done;
	rc = vdev_find_type(v, cls, sub, type, uniquetype);
	if (rc >= 0)
		rc = vdev_define(v, uniquetype, name, assign, n, NULL,
				 define_only ? VDEV_DEFINE_ONLY : 0, out);
	rc = dev_done(v, rc, out, define_only ? "Defined" : "Available");
done:
	vdev_free_assign(assign, n);
	return cmd_close_stdout_changed(rc);
}
