/* SPDX-License-Identifier: GPL-2.0-or-later */
/* odmchange - change descriptors of the objects that match criteria. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "odm.h"

static const char usage[] =
	"Usage: odmchange -o Class [-q Criteria] [File]\n"
	"Read one stanza from File (standard input when none is given or File is\n"
	"\"-\") and set the descriptors it gives on every object of Class that\n"
	"matches Criteria (every object without -q).\n"
	"\n"
	"Options:\n"
	"  -o Class       the object class to change\n"
	"  -q Criteria    select objects: \"descriptor op value [and ...]\"\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"The repository is the directory named by $ODMDIR.\n";

struct change {
	struct odm *odm;
	const struct odm_class *cls;
	struct odm_obj *obj;
	const char *name;        /* input name, for messages */
	int nstanza;
	char msg[1024];
};

static int take_stanza(const struct odm_stanza *st, void *arg)
{
	struct change *ch = arg;
	const char *cname = odm_class_name(ch->cls);
	int i, idx, rc;

	if (++ch->nstanza > 1) {
		snprintf(ch->msg, sizeof(ch->msg),
			 "%s:%d: a second stanza: odmchange takes one",
			 ch->name, st->line);
		return -ODM_E_STANZA;
	}
	if (strcmp(st->class_name, cname) != 0) {
		snprintf(ch->msg, sizeof(ch->msg),
			 "%s:%d: stanza of class '%s', not '%s'",
			 ch->name, st->line, st->class_name, cname);
		return -ODM_E_STANZA;
	}
	if (st->npairs == 0) {
		snprintf(ch->msg, sizeof(ch->msg),
			 "%s:%d: stanza gives no descriptor to change",
			 ch->name, st->line);
		return -ODM_E_STANZA;
	}
	for (i = 0; i < st->npairs; i++) {
		idx = odm_desc_index(ch->cls, st->names[i]);
		if (idx >= 0 && odm_obj_get_i(ch->obj, idx)) {
			snprintf(ch->msg, sizeof(ch->msg),
				 "%s:%d: descriptor '%s' given twice",
				 ch->name, st->lines[i], st->names[i]);
			return -ODM_E_STANZA;
		}
		rc = odm_obj_set(ch->odm, ch->obj, st->names[i], st->values[i]);
		if (rc < 0) {
			snprintf(ch->msg, sizeof(ch->msg), "%s:%d: %s",
				 ch->name, st->lines[i], odm_errmsg(ch->odm));
			return rc;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct change ch = { 0 };
	struct odm *odm = NULL;
	struct odm_crit *crit = NULL;
	const char *class_name = NULL, *criteria = NULL, *path = "-";
	char *text = NULL;
	size_t len;
	long count = 0;
	int rc, status;

	cmd_init(argc, argv);
	cmd_class_options(argc, argv, usage, &class_name, &criteria);
	if (argc - optind > 1)
		cmd_usage_error("one input file only: '%s'", argv[optind + 1]);
	if (optind < argc)
		path = argv[optind];
	ch.name = strcmp(path, "-") == 0 ? "stdin" : path;

	if (cmd_read_stanzas(path, &text, &len) < 0)
		return CMD_EXIT_REFUSED;
	status = cmd_odm_open(&odm, 0);
	if (status)
		goto out;
	ch.odm = odm;
	status = cmd_odm_class(odm, class_name, criteria, &ch.cls, &crit);
	if (status)
		goto out;
	ch.obj = odm_obj_new(ch.cls);
	if (!ch.obj) {
		status = cmd_odm_error(NULL, -ODM_E_NOMEM);
		goto out;
	}
	rc = odm_stanza_parse(text, len, ch.name, take_stanza, &ch,
			      ch.msg, sizeof(ch.msg));
	if (rc == 0 && ch.nstanza == 0) {
		snprintf(ch.msg, sizeof(ch.msg), "%s: no stanza found", ch.name);
		rc = -ODM_E_STANZA;
	}
	if (rc < 0) {
		cmd_error("%s", ch.msg[0] ? ch.msg : odm_strerror(rc));
		status = cmd_exit_status(rc);
		goto out;
	}
	rc = odm_change(odm, crit, ch.obj, &count);
	if (rc < 0)
		status = cmd_odm_error_at(odm, rc, class_name);
	else
		cmd_log(1, "%ld objects changed", count);
out:
	odm_obj_free(ch.obj);
	odm_crit_free(crit);
	free(text);
	odm_close(odm);
	return status;
}
