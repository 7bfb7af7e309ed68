/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mkinetvi, mkinetvi6 - define and configure a virtual IP address (the
 * IPv4 and the IPv6 front end of mkdev -c if -s VI -t vi).  Built twice:
 * with MKINETVI6 defined it is mkinetvi6.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "vdev.h"

#ifdef MKINETVI6
static const char usage[] =
	"Usage: mkinetvi6 [-w Name] -a netaddr6=Address -a prefixlen=Length [-a state=up|down|detach]\n"
	"                 [-a interface_names=If[,If]...] [-a alias6=Address/Length]... [-d]\n"
	"       mkinetvi6 -L\n"
	"\n"
	"Define and configure an IPv6 virtual IP address.\n"
	"\n"
	"  -w Name        device name (default: the next free one, vi0, vi1, ...)\n"
	"  -a Attr=Value  attribute value; repeatable, or several in one: -a 'A=V B=V'\n"
	"  -d             define only: the device stays Defined\n"
	"  -L             list the interfaces interface_names may name, one a line\n"
	"                 (those no IPv6 virtual IP address holds); define nothing\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";
static const char *const required[] = { "netaddr6", "prefixlen", NULL };
#define FAMILY VDEV_FAMILY_INET6
#else
static const char usage[] =
	"Usage: mkinetvi [-w Name] -a netaddr=Address -a netmask=Mask [-a state=up|down|detach]\n"
	"                [-a interface_names=If[,If]...] [-a alias4=Address,Mask]... [-d]\n"
	"       mkinetvi -L\n"
	"\n"
	"Define and configure an IPv4 virtual IP address.\n"
	"\n"
	"  -w Name        device name (default: the next free one, vi0, vi1, ...)\n"
	"  -a Attr=Value  attribute value; repeatable, or several in one: -a 'A=V B=V'\n"
	"  -d             define only: the device stays Defined\n"
	"  -L             list the interfaces interface_names may name, one a line\n"
	"                 (those no IPv4 virtual IP address holds); define nothing\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";
static const char *const required[] = { "netaddr", "netmask", NULL };
#define FAMILY VDEV_FAMILY_INET
#endif

int main(int argc, char **argv)
{
	const char *name = NULL;
	char **assign = NULL, out[16];
	int n = 0, define_only = 0, list = 0, c, rc;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "+w:l:a:dL" CMD_COMMON_OPTS, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
		case 'l': dev_name_opt(&name, optarg, "only one -w"); break;
		case 'a': dev_add_assign(optarg, &assign, &n); break;
		case 'd': define_only = 1; break;
		case 'L': list = 1; break;
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (list) {
		if (name || n || define_only)
			cmd_usage_error("-L takes no other option");
		return dev_list_ifs(NULL, FAMILY, 0);
	}
	if ((rc = dev_open(&v, 0)))
		goto done;
	rc = vdev_define(v, VDEV_VIPA_TYPE, name, assign, n, required,
			 define_only ? VDEV_DEFINE_ONLY : 0, out);
	rc = dev_done(v, rc, out, define_only ? "Defined" : "Available");
done:
	vdev_free_assign(assign, n);
	return cmd_close_stdout_changed(rc);
}
