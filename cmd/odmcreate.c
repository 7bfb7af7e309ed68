/* SPDX-License-Identifier: GPL-2.0-or-later */
/* odmcreate - create object classes from their definitions. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmcreate [-c|-h] File.cre\n"
	"Create the object classes defined in File.cre (\"-\": standard input) in\n"
	"the customized database, empty.  No C code is generated.\n"
	"\n"
	"Options:\n"
	"  -c             create the classes only (the default and only mode)\n"
	"  -h             generate a C header only: refused, as no C code is made\n"
	"  --help         print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'H' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct odm *odm = NULL;
	const char *path, *name;
	char *text = NULL;
	size_t len;
	int c, rc, status;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "chpV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			break;
		case 'h':
			cmd_usage_error("-h (generate a C header) is not supported: "
					"no C code is generated");
		case 'p':
			cmd_usage_error("-p (run the C preprocessor) is not supported: "
					"comments are allowed as they are");
		case 'H':
			cmd_help(usage);
		default:
			cmd_common_option(c, usage);
		}
	}
	if (argc - optind < 1)
		cmd_usage_error("no class description file given");
	if (argc - optind > 1)
		cmd_usage_error("one class description file only: '%s'",
				argv[optind + 1]);
	path = argv[optind];
	name = strcmp(path, "-") == 0 ? "stdin" : path;

	if (cmd_read_file(path, &text, &len) < 0)
		return CMD_EXIT_REFUSED;
	status = cmd_odm_open(&odm, 0);
	if (status)
		goto out;
	rc = odm_create_classes(odm, text, len, name, 0);
	if (rc < 0)
		status = cmd_odm_error_at(odm, rc, name);
	else
		cmd_log(1, "classes of %s created", name);
out:
	free(text);
	odm_close(odm);
	return status;
}
