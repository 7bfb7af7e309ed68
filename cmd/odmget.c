/* SPDX-License-Identifier: GPL-2.0-or-later */
/* odmget - print the objects of object classes as stanzas. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmget [-q Criteria] Class...\n"
	"Print the objects of each Class that match Criteria as stanzas, the\n"
	"input format of odmadd.\n"
	"\n"
	"Options:\n"
	"  -q Criteria    select objects: \"descriptor op value [and ...]\"\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";


/* Stanzas are written to this buffer and flushed to stdout in chunks. */
static int print_obj(const struct odm_obj *obj, void *arg)
{
	struct odm_buf *buf = arg;
	int rc = odm_stanza_write(buf, obj);

	if (rc < 0)
		return rc;
	if (odm_buf_len(buf) >= 65536) {
		fwrite(odm_buf_data(buf), 1, odm_buf_len(buf), stdout);
		odm_buf_reset(buf);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *criteria = NULL;
	const struct odm_class **cls = NULL;
	struct odm_crit **crit = NULL;
	struct odm_buf *buf = NULL;
	struct odm *odm = NULL;
	int c, i, n, rc, status = CMD_EXIT_OK;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "q:" CMD_COMMON_OPTS, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			criteria = optarg;
			break;
		default:
			cmd_common_option(c, usage);
		}
	}
	n = argc - optind;
	if (n < 1)
		cmd_usage_error("no object class given");

	status = cmd_odm_open(&odm, 1);
	if (status)
		return status;
	cls = calloc((size_t)n, sizeof(*cls));
	crit = calloc((size_t)n, sizeof(*crit));
	buf = odm_buf_new();
	if (!cls || !crit || !buf) {
		status = cmd_odm_error(NULL, -ODM_E_NOMEM);
		goto out;
	}

	/*
	 * Check every class and the criteria for each before printing
	 * anything; the first error is the one reported.
	 */
	for (i = 0; i < n; i++) {
		status = cmd_odm_class(odm, argv[optind + i], criteria, &cls[i],
				       &crit[i]);
		if (status)
			goto out;
	}

	for (i = 0; i < n; i++) {
		rc = odm_get(odm, cls[i], crit[i], print_obj, buf);
		if (rc < 0) {
			status = cmd_odm_error_at(odm, rc, argv[optind + i]);
			break;
		}
	}
	fwrite(odm_buf_data(buf), 1, odm_buf_len(buf), stdout);
	status = cmd_close_stdout(status);
out:
	if (crit)
		for (i = 0; i < n; i++)
			odm_crit_free(crit[i]);
	free(crit);
	free(cls);
	odm_buf_free(buf);
	odm_close(odm);
	return status;
}
