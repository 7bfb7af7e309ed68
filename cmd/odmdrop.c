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

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct odm *odm = NULL;
	const char *name = NULL;
	int c, rc, status;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			name = optarg;
			break;
		case 'h':
			cmd_help(usage);
		case 'V':
			cmd_version();
		default:
			cmd_usage_error(NULL);
		}
	}
	if (!name)
		cmd_usage_error("no object class given (-o Class)");
	if (optind < argc)
		cmd_usage_error("unexpected operand '%s'", argv[optind]);

	status = cmd_odm_open(&odm, 0);
	if (status)
		return status;
	rc = odm_drop_class(odm, name);
	if (rc < 0)
		status = cmd_odm_error(odm, rc);
	odm_close(odm);
	return status;
}
