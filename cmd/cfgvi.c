/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfgvi - configure a whole set of virtual IP addresses from a file of
 * stanzas, one per device: define what is missing, change what differs,
 * configure them all, and with -r remove the VIPAs the set does not name;
 * one transaction (vdev_apply).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "vdev.h"

static const char usage[] =
	"Usage: cfgvi -f File [-r] [-p] [-n] [-j]\n"
	"\n"
	"Apply a set of virtual IP addresses, one stanza per device, as a whole:\n"
	"define the devices that are missing, change those that differ, make\n"
	"every one Available and the kernel hold it, and with -r remove the\n"
	"VIPAs the set does not name; in one transaction, undone when the\n"
	"kernel refuses a change.  Print one line for each change made.\n"
	"\n"
	"  -f File        the set ('-' for standard input): stanzas 'vi0:' with\n"
	"                 indented lines 'Attribute = Value'\n"
	"  -r             remove the VIPAs the set does not name\n"
	"  -p             partial: an attribute a stanza does not name keeps its\n"
	"                 value (default: it goes back to its default)\n"
	"  -n             print the changes it would make, change nothing\n"
	"                 (exit 10 when there are some)\n"
	"  -j, --json     print the changes as one JSON document (for programs)\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	const char *file = NULL;
	unsigned flags = 0;
	int dry = 0, c, rc;
	struct vdev *v = NULL;
	struct vdev_set *set = NULL;
	char *text = NULL;
	size_t len = 0;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "+f:rpnj" CMD_COMMON_OPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'f': dev_name_opt(&file, optarg, "only one -f"); break;
		case 'r': flags |= VDEV_REMOVE_OTHERS; break;
		case 'p': flags |= VDEV_PARTIAL; break;
		case 'n': dry = 1; flags |= VDEV_DRY_RUN; break;
		case 'j': dev_json = 1; break;
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (!file)
		cmd_usage_error("-f File is required");
	if (cmd_read_stanzas(file, &text, &len) < 0)
		return CMD_EXIT_REFUSED;
	if ((rc = dev_open(&v, dry)))
		goto done;
	if (vdev_set_new(&set) < 0) {
		cmd_error("out of memory");
		vdev_close(v);
		rc = CMD_EXIT_SYSTEM;
		goto done;
	}
	rc = vdev_set_parse(v, set, text, len, strcmp(file, "-") ? file : "stdin");
	if (rc >= 0)
		rc = vdev_apply(v, set, flags, dev_change_line, dry ? &dry : NULL);
	if (rc < 0 && vdev_nproblems(v)) {
		/* the set is refused: every problem, one line each */
		for (int i = 0; i < vdev_nproblems(v); i++)
			cmd_error("%s", vdev_problem(v, i));
		vdev_close(v);
		v = NULL;
		rc = CMD_EXIT_REFUSED;
		goto done;
	}
	if (!dry && rc < 0)
		cmd_log(0, "failed, every change undone: %s", vdev_errmsg(v));
	if (rc > 0 && dry) {
		rc = dev_done(v, 0, NULL, NULL);
		v = NULL;
		if (rc == CMD_EXIT_OK)
			rc = CMD_EXIT_PENDING;
		goto done;
	}
	rc = dev_done(v, rc < 0 ? rc : 0, NULL, NULL);
	v = NULL;
done:
	/* a refused or failed run reports no change: no document either */
	if (dev_json && (rc == CMD_EXIT_OK || rc == CMD_EXIT_PENDING || rc == CMD_EXIT_LOST))
		rc = dev_json_print(rc);
	vdev_set_free(set);
	free(text);
	return dry ? cmd_close_stdout(rc) : cmd_close_stdout_changed(rc);
}
