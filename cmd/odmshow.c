/* odmshow - print an object class definition in odmcreate syntax. */
#include <getopt.h>
#include <stdio.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmshow Class\n"
	"Print the definition of the object class Class in the syntax odmcreate\n"
	"reads.\n"
	"\n"
	"Options:\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";


int main(int argc, char **argv)
{
	const struct odm_class *cls;
	struct odm_buf *buf = NULL;
	struct odm *odm = NULL;
	const char *name;
	int c, rc, status;

	cmd_init(argc, argv);
	/* No options of its own: only --help and --version. */
	while ((c = getopt_long(argc, argv, "hV", cmd_longopts, NULL)) != -1)
		cmd_common_option(c, usage);
	if (argc - optind < 1)
		cmd_usage_error("no object class given");
	if (argc - optind > 1)
		cmd_usage_error("one object class only: '%s'", argv[optind + 1]);
	name = argv[optind];

	status = cmd_odm_open(&odm, 1);
	if (status)
		return status;
	buf = odm_buf_new();
	if (!buf) {
		status = cmd_odm_error(NULL, -ODM_E_NOMEM);
		goto out;
	}
	status = cmd_odm_class(odm, name, NULL, &cls, NULL);
	if (status)
		goto out;
	rc = odm_class_show(cls, buf);
	if (rc < 0) {
		status = cmd_odm_error_at(odm, rc, name);
		goto out;
	}
	fwrite(odm_buf_data(buf), 1, odm_buf_len(buf), stdout);
	status = cmd_close_stdout(CMD_EXIT_OK);
out:
	odm_buf_free(buf);
	odm_close(odm);
	return status;
}
