/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * chdev, chvi - change the attributes of a device (AIX chdev) and the
 * interface list of a virtual IP address (the SMIT chvi dialog).  Built
 * twice: with CHVI defined it is chvi.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "vdev.h"

#ifdef CHVI
static const char usage[] =
	"Usage: chvi -l Name [-i If[,If]... [-o add|remove]] [-a Attribute=Value]... [-P]\n"
	"       chvi -L -l Name [-o add|remove]\n"
	"\n"
	"Change a virtual IP address: add interfaces to its interface list or\n"
	"remove them, and change other attributes.\n"
	"\n"
	"  -l Name         the device (vi0, ...)\n"
	"  -i If[,If]...   interface names to add or to remove\n"
	"  -o add|remove   what to do with the -i interfaces (default: add)\n"
	"  -L              list the interfaces -o add may add, or -o remove remove,\n"
	"                  one a line; change nothing\n"
	"  -a Attr=Value   attribute value; repeatable, or several in one: -a 'A=V B=V'\n"
	"  -P              change the database only; the next cfgif applies it\n"
	"  -h, --help      show this help and exit\n"
	"  -V, --version   show the version and exit\n";
#define OPTS "+l:i:o:a:PL" CMD_COMMON_OPTS
#else
static const char usage[] =
	"Usage: chdev -l Name -a Attribute=Value... [-f File] [-P | -T] [-U] [-q]\n"
	"\n"
	"Change attributes of a device.  An attribute set to its default value\n"
	"(or to nothing: -a alias4=) loses its customized value.  alias4=Address,Mask\n"
	"and alias6=Address/Length add one alias; delalias4 and delalias6 take one out.\n"
	"\n"
	"  -l Name         the device (vi0, ...)\n"
	"  -a Attr=Value   attribute value; repeatable, or several in one: -a 'A=V B=V'\n"
	"  -f File         read more flags from File\n"
	"  -P              change the database only; the next cfgif applies it\n"
	"  -T              change the running device only (the kernel); the\n"
	"                  database keeps its values and the next cfgif restores them\n"
	"  -U              change the device while it stays Available (as always)\n"
	"  -q              print no messages (the exit status tells)\n"
	"  -h, --help      show this help and exit\n"
	"  -V, --version   show the version and exit\n";
/* -p, -w and -g (AIX) are known, to be refused. */
#define OPTS "+l:a:f:PTUqp:w:g" CMD_COMMON_OPTS
#endif

int main(int argc, char **argv)
{
	const char *name = NULL, *ifs = NULL, *op = NULL;
	char **assign = NULL;
	int n = 0, db_only = 0, list = 0, temporary = 0, update = 0, quiet = 0, c, rc, remove = 0;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
#ifndef CHVI
	rc = cmd_flags_file(&argc, &argv, OPTS, cmd_longopts);
	if (rc)
		return rc;
#endif
	while ((c = getopt_long(argc, argv, OPTS, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'l': dev_name_opt(&name, optarg, "only one -l"); break;
		case 'i': ifs = optarg; break;
		case 'o': op = optarg; break;
		case 'a': dev_add_assign(optarg, &assign, &n); break;
		case 'P': db_only = 1; break;
		case 'L': list = 1; break;
#ifndef CHVI
		case 'f': break;	/* read by cmd_flags_file */
		case 'T': temporary = 1; break;
		case 'U': update = 1; break;
		case 'q': quiet = 1; break;
		case 'p': cmd_unsupported('p', "a virtual IP address has no parent device");
		case 'w': cmd_unsupported('w', "a virtual IP address has no connection location");
		case 'g': cmd_unsupported('g', "devices are not locked here: commands wait for "
					  "each other on the repository");
#endif
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (!name)
		cmd_usage_error("-l Name is required");
	if (list && (ifs || n || db_only))
		cmd_usage_error("-L goes with -l and -o only");
	/* -i alone adds, as SMIT's dialog sends it with ADD left as it is */
	if (op && !ifs && !list)
		cmd_usage_error("-o %s needs the interfaces (-i If[,If]...)", op);
	if (op) {
		if (!strcmp(op, "add") || !strcmp(op, "ADD"))
			remove = 0;
		else if (!strcmp(op, "remove") || !strcmp(op, "REMOVE"))
			remove = 1;
		else
			cmd_usage_error("-o takes add or remove, not '%s'", op);
	}
	if (list)
		return dev_list_ifs(name, 0, remove);
	if (!n && !ifs)
		cmd_usage_error("nothing to change: give -a Attribute=Value");
	if (db_only && temporary)
		cmd_usage_error("-P and -T cannot be used together");
	if (update && (db_only || temporary))
		cmd_usage_error("-U cannot be used with %s", db_only ? "-P" : "-T");
	if (quiet)
		cmd_quiet();
	if ((rc = dev_open(&v, 0)))
		goto done;
	rc = vdev_change(v, name, assign, n, ifs, remove,
			 (db_only ? VDEV_DB_ONLY : 0) | (temporary ? VDEV_TEMPORARY : 0));
	rc = dev_done(v, rc, name, "changed");
done:
	vdev_free_assign(assign, n);
	return cmd_close_stdout_changed(rc);
}
