/* SPDX-License-Identifier: GPL-2.0-or-later */
/* odmdelete - delete the objects that match criteria. */
#include <getopt.h>
#include <stdio.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmdelete -o Class [-q Criteria]\n"
	"Delete every object of Class that matches Criteria (every object without\n"
	"-q) and print how many were deleted.\n"
	"\n"
	"Options:\n"
	"  -o Class       the object class to delete from\n"
	"  -q Criteria    select objects: \"descriptor op value [and ...]\"\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";

int main(int argc, char **argv)
{
	const struct odm_class *cls;
	struct odm_crit *crit = NULL;
	struct odm *odm = NULL;
	const char *class_name = NULL, *criteria = NULL;
	long count = 0;
	int rc, status;

	cmd_init(argc, argv);
	cmd_class_options(argc, argv, usage, &class_name, &criteria);
	if (optind < argc)
		cmd_usage_error("unexpected operand '%s'", argv[optind]);

	status = cmd_odm_open(&odm, 0);
	if (status)
		return status;
	status = cmd_odm_class(odm, class_name, criteria, &cls, &crit);
	if (status)
		goto out;
	rc = odm_delete(odm, cls, crit, &count);
	if (rc < 0) {
		status = cmd_odm_error_at(odm, rc, class_name);
		goto out;
	}
	printf("%s: %ld objects deleted\n", cmd_name, count);
	cmd_log(1, "%ld objects deleted", count);
	status = cmd_close_stdout_changed(CMD_EXIT_OK);
out:
	odm_crit_free(crit);
	odm_close(odm);
	return status;
}
