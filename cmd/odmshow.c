/* SPDX-License-Identifier: GPL-2.0-or-later */
/* odmshow - print an object class definition in odmcreate syntax. */
#include <getopt.h>
#include <stdio.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmshow Class | -l\n"
	"Print the definition of the object class Class in the syntax odmcreate\n"
	"reads; with -l, the names of every object class, one per line.\n"
	"\n"
	"Options:\n"
	"  -l             list the object classes of the repository\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";

static int print_name(const char *class_name, void *arg)
{
	(void)arg;
	puts(class_name); /* a write error is reported by cmd_close_stdout */
	return 0;
}

/* odmshow -l: every class name, customized and predefined, in name order. */
static int list_classes(void)
{
	struct odm *odm = NULL;
	int rc, status;

	status = cmd_odm_open(&odm, 1);
	if (status)
		return status;
	rc = odm_list_classes(odm, print_name, NULL);
	if (rc < 0)
		status = cmd_odm_error(odm, rc);
	else
		status = cmd_close_stdout(CMD_EXIT_OK);
	odm_close(odm);
	return status;
}

int main(int argc, char **argv)
{
	const struct odm_class *cls;
	struct odm_buf *buf = NULL;
	struct odm *odm = NULL;
	const char *name;
	int c, rc, status, list = 0;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "l" CMD_COMMON_OPTS, cmd_longopts, NULL)) != -1) {
		if (c == 'l')
			list = 1;
		else
			cmd_common_option(c, usage);
	}
	if (list) {
		if (argc > optind)
			cmd_usage_error("-l takes no object class: '%s'", argv[optind]);
		return list_classes();
	}
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
