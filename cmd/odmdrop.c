/* SPDX-License-Identifier: GPL-2.0-or-later */
/* odmdrop - remove an object class and all its objects. */
#include <getopt.h>
#include <stdio.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmdrop -o Class\n"
	"Remove the object class Class and every object in it.\n"
	"\n"
	"Options:\n"
	"  -o Class       the object class to remove\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";

int main(int argc, char **argv)
{
	struct odm *odm = NULL;
	const char *name = NULL;
	int rc, status;

	cmd_init(argc, argv);
	cmd_class_options(argc, argv, usage, &name, NULL);
	if (optind < argc)
		cmd_usage_error("unexpected operand '%s'", argv[optind]);

	status = cmd_odm_open(&odm, 0);
	if (status)
		return status;
	rc = odm_drop_class(odm, name);
	if (rc < 0)
		status = cmd_odm_error(odm, rc);
	else
		cmd_log(1, "class %s dropped", name);
	odm_close(odm);
	return status;
}
