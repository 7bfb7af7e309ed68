/* SPDX-License-Identifier: GPL-2.0-or-later */
/* odmadd - add objects from stanza files, all or nothing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmadd [File...]\n"
	"Add the objects described by the stanzas in each File (standard input\n"
	"when none is given or File is \"-\"), all in one transaction: if any\n"
	"stanza is bad, nothing is added.\n"
	"\n"
	"Options:\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";


struct input {
	const char *name;
	char *text;
	size_t len;
};

int main(int argc, char **argv)
{
	static char dash[] = "-";
	static char *stdin_only[] = { dash };
	struct odm *odm = NULL;
	struct input *in = NULL;
	char **files;
	long count, total = 0;
	int c, i, n, rc, status = CMD_EXIT_OK;

	cmd_init(argc, argv);
	/* No options of its own: only --help and --version. */
	while ((c = getopt_long(argc, argv, CMD_COMMON_OPTS, cmd_longopts, NULL)) != -1)
		cmd_common_option(c, usage);
	n = argc - optind;
	files = argv + optind;
	if (n == 0) {
		n = 1;
		files = stdin_only;
	}

	/* Read everything before taking the write lock. */
	in = calloc((size_t)n, sizeof(*in));
	if (!in) {
		status = cmd_odm_error(NULL, -ODM_E_NOMEM);
		goto out;
	}
	for (i = 0; i < n; i++) {
		in[i].name = strcmp(files[i], "-") == 0 ? "stdin" : files[i];
		if (cmd_read_stanzas(files[i], &in[i].text, &in[i].len) < 0) {
			status = CMD_EXIT_REFUSED;
			goto out;
		}
	}

	status = cmd_odm_open(&odm, 0);
	if (status)
		goto out;
	rc = odm_begin(odm);
	for (i = 0; rc == 0 && i < n; i++) {
		rc = odm_add_stanzas(odm, in[i].text, in[i].len, in[i].name,
				     &count);
		total += rc == 0 ? count : 0;
	}
	if (rc < 0) {
		status = i > 0 ? cmd_odm_error_at(odm, rc, in[i - 1].name)
			       : cmd_odm_error(odm, rc);
		if (odm_in_txn(odm))
			odm_rollback(odm);
		goto out;
	}
	rc = odm_commit(odm);
	if (rc < 0)
		status = cmd_odm_error(odm, rc);
	else
		cmd_log(1, "%ld objects added", total);
out:
	if (in)
		for (i = 0; i < n; i++)
			free(in[i].text);
	free(in);
	odm_close(odm);
	return status;
}
