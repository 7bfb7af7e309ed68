/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mkdev - define and configure a device (AIX mkdev, for virtual IP addresses). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "vdev.h"

static const char usage[] =
	"Usage: mkdev -c Class -s Subclass -t Type [-w Name | -l Name] [-a Attribute=Value]... [-d]\n"
	"       mkdev -l Name\n"
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
	"  -h, --help        show this help and exit\n"
	"  -V, --version     show the version and exit\n";

int main(int argc, char **argv)
{
	const char *cls = NULL, *sub = NULL, *type = NULL, *name = NULL;
	char **assign = NULL, uniquetype[48], out[16];
	int n = 0, define_only = 0, c, rc;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "+c:s:t:w:l:a:d" CMD_COMMON_OPTS, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'c': cls = optarg; break;
		case 's': sub = optarg; break;
		case 't': type = optarg; break;
		case 'w':
		case 'l': dev_name_opt(&name, optarg, "only one of -w and -l, once"); break;
		case 'a': dev_add_assign(optarg, &assign, &n); break;
		case 'd': define_only = 1; break;
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (!cls && !sub && !type) {
		if (!name || n || define_only)
			cmd_usage_error("-c, -s and -t are required to define a device");
		if ((rc = dev_open(&v, 0)))
			return rc;
		rc = vdev_configure(v, name);
		return cmd_close_stdout_changed(dev_done(v, rc, name, "Available"));
	}
	if (!cls || !sub || !type)
		cmd_usage_error("-c, -s and -t go together");
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
