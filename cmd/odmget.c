/* SPDX-License-Identifier: GPL-2.0-or-later */
/* odmget - print the objects of object classes as stanzas, or as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmget [-j] [-q Criteria] Class...\n"
	"Print the objects of each Class that match Criteria as stanzas, the\n"
	"input format of odmadd, or as one JSON document.\n"
	"\n"
	"Options:\n"
	"  -q Criteria    select objects: \"descriptor op value [and ...]\"\n"
	"  -j, --json     print {\"Class\":[{\"descriptor\":value,...},...],...}\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";


static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

/* The objects of one class: with --json, how many were written so far
 * (-1: writing stanzas). */
static long json_count = -1;

/* Objects are written to this buffer and flushed to stdout in chunks. */
static int print_obj(const struct odm_obj *obj, void *arg)
{
	struct odm_buf *buf = arg;
	int rc;

	if (json_count < 0) {
		rc = odm_stanza_write(buf, obj);
	} else {
		rc = json_count++ ? odm_buf_add(buf, ",", 1) : 0;
		if (rc == 0)
			rc = odm_json_write(buf, obj);
	}
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
	int c, i, k, n, rc, json = 0, status = CMD_EXIT_OK;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "q:j" CMD_COMMON_OPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			criteria = optarg;
			break;
		case 'j':
			json = 1;
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

	/*
	 * JSON: one object, a member per class (a class named twice once),
	 * its objects in an array.  A class name is an identifier (letters,
	 * digits, '_'): it needs no escape.
	 */
	if (json && odm_buf_add(buf, "{", 1) < 0)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (json) {
			for (k = 0; k < i && cls[k] != cls[i]; k++)
				;
			if (k < i)
				continue;
			if (odm_buf_printf(buf, "%s\"%s\":[", i ? "," : "", odm_class_name(cls[i])) < 0)
				goto nomem;
			json_count = 0;
		}
		rc = odm_get(odm, cls[i], crit[i], print_obj, buf);
		if (rc < 0) {
			status = cmd_odm_error_at(odm, rc, argv[optind + i]);
			break;
		}
		if (json && odm_buf_add(buf, "]", 1) < 0)
			goto nomem;
	}
	/* a failure leaves the document unfinished: the exit status says so */
	if (json && status == CMD_EXIT_OK && odm_buf_add(buf, "}\n", 2) < 0)
		goto nomem;
	fwrite(odm_buf_data(buf), 1, odm_buf_len(buf), stdout);
	status = cmd_close_stdout(status);
	goto out;
nomem:
	status = cmd_odm_error(NULL, -ODM_E_NOMEM);
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
