/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifconfig-vi - the AIX ifconfig view of Virtual IP Addresses, read from
 * the kernel; "up" and "down" change the kernel link only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "odm.h"
#include "vdev.h"

/* A VIPA the database holds has no link in the kernel. */
#define EXIT_LOST 4

static const char usage_text[] =
	"Usage: ifconfig-vi [-a | Name] [up | down]\n"
	"\n"
	"Show each Virtual IP Address device (or only Name) as the kernel has it,\n"
	"in the AIX ifconfig format; with up or down, set the link of Name up or\n"
	"down in the kernel only (chdev -a state=... changes the database too).\n"
	"\n"
	"  -a             show every VIPA (the default)\n"
	"  up             set the link of Name up\n"
	"  down           set the link of Name down\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";

/* Print the lost-VIPA lines of @lost, each as "ifconfig-vi: LINE". */
static void print_lost(const char *lost)
{
	const char *nl;

	while (*lost) {
		nl = strchr(lost, '\n');
		if (!nl)
			nl = lost + strlen(lost);
		fprintf(stderr, "%s: %.*s\n", cmd_name, (int)(nl - lost), lost);
		lost = *nl ? nl + 1 : nl;
	}
}

/*
 * Name the devices cfgif leaves alone (they break the rules a change
 * keeps), as cfgif names them: exit 2 if there is one.
 */
static int check_stored(const char *name)
{
	struct vdev *v = NULL;
	int rc = dev_open(&v, 1), n;

	if (rc)
		return rc;
	n = vdev_check(v, name);
	if (n < 0) {
		rc = dev_fail(v, n);
	} else if (n > 0) {
		dev_skipped(v);
		rc = CMD_EXIT_REFUSED;
	}
	vdev_close(v);
	return rc;
}

static int show_error(struct vdev_show *s, int rc)
{
	cmd_error("%s", vdev_show_errmsg(s));
	return cmd_exit_status(rc);
}

int main(int argc, char **argv)
{
	struct vdev_show *s = NULL;
	struct odm *odm = NULL;
	struct odm_buf *out = NULL, *lost = NULL;
	const char *name = NULL, *action = NULL;
	int c, all = 0, rc, up = 0, shown = 0;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "a" CMD_COMMON_OPTS, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = 1;
			break;
		default:
			cmd_common_option(c, usage_text);
		}
	}
	if (optind < argc)
		name = argv[optind++];
	if (optind < argc)
		action = argv[optind++];
	if (optind < argc)
		return cmd_usage_fail("unexpected operand '%s'", argv[optind]);
	if (all && name) {
		if (!strcmp(name, "up") || !strcmp(name, "down"))
			return cmd_usage_fail("'%s' needs a device name, not -a", name);
		return cmd_usage_fail("-a cannot be used with a device name ('%s')", name);
	}
	if (action) {
		if (strcmp(action, "up") && strcmp(action, "down"))
			return cmd_usage_fail("unknown action '%s' (use up or down)", action);
		up = strcmp(action, "up") == 0;
	}

	/*
	 * up and down change the kernel only, as AIX ifconfig does: down
	 * gives the routes their own sources back and takes the addresses
	 * out, up puts them back; the next cfgif restores what the database
	 * says.  A VIPA with no link is refused in the words of the report
	 * (lost, detached ...).
	 */
	if (action) {
		struct vdev *v = NULL;

		rc = dev_open(&v, 0);
		if (rc == 0) {
			int r = vdev_ifconfig_set(v, name, up);

			if (r >= 0)
				cmd_log(1, "%s: link set %s in the kernel", name, up ? "up" : "down");
			rc = dev_done(v, r, NULL, NULL);
		}
		return cmd_close_stdout(rc);
	}

	rc = dev_show_open(&odm, &s, &out);
	if (rc)
		goto done;
	lost = odm_buf_new();
	if (!lost) {
		cmd_error("out of memory");
		rc = CMD_EXIT_SYSTEM;
		goto done;
	}
	rc = vdev_ifconfig(s, NULL, name, out, lost);
	if (rc < 0) {
		rc = show_error(s, rc);
		goto done;
	}
	rc = dev_show_print(out, rc > 0 ? EXIT_LOST : CMD_EXIT_OK);
	print_lost(odm_buf_data(lost));
	shown = 1;
done:
	odm_buf_free(lost);
	dev_show_close(odm, s, out);
	if (shown && (rc == CMD_EXIT_OK || rc == EXIT_LOST)) {
		int st = check_stored(name);

		if (rc == CMD_EXIT_OK)
			rc = st;
	}
	return rc;
}
