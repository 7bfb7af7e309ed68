/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cfgif - configure every virtual IP address (the Configure method of
 * interfaces and the boot step: Defined ones become Available), make the
 * kernel hold them as the database describes them, and remove links nobody
 * owns. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "odm.h"
#include "vdev.h"

static const char usage[] =
	"Usage: cfgif [-l Name] [-n | -w] [-j]\n"
	"\n"
	"Configure every virtual IP address (a Defined one becomes Available),\n"
	"make the kernel match the database for each (links, addresses, route\n"
	"sources), remove the marked links no device owns, and print one line\n"
	"for each change made.\n"
	"\n"
	"  -l Name        only this device\n"
	"  -n             print what would change, change nothing\n"
	"  -j, --json     print the changes as one JSON document (not with -w)\n"
	"  -w             then keep watching: do it again after each change of\n"
	"                 links, addresses or routes, and after SIGHUP, until\n"
	"                 SIGTERM or SIGINT\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

/* stop: the watch returns; reload (SIGHUP): and starts over, from the
 * repository as it is now; term (SIGTERM, SIGINT): and the command ends. */
static volatile sig_atomic_t stop, reload, term;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		term = 1;
	stop = 1;
}

/* -w: a line of a pass, or NULL at its end. */
static void watch_line(const char *line, void *arg)
{
	if (line) {
		printf("%s\n", line);
		cmd_log(0, "%s", line);
	} else
		fflush(stdout);
}

/* -w: SIGTERM and SIGINT stop the watch (the pass running is finished);
 * SIGHUP starts it over. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * After a successful pass, keep the last good copy of the repository
 * (ODMDIR/cu.db.good): a failure to keep it is a warning only.
 */
static void save_good(struct vdev *v)
{
	struct odm *odm = vdev_odm(v);
	int rc = odm_save_good(odm);

	if (rc < 0 && rc != -ODM_E_PERM) /* read-only: nothing to keep */
		cmd_error("warning: the last good copy of the repository was not kept: %s",
			  odm_errmsg(odm));
}

/* After the first pass of -w: watch until a signal.  Closes @v. */
static int watch(struct vdev *v, const char *name)
{
	int rc;

	dev_warnings(v);
	dev_skipped(v);
	for (int i = 0; i < vdev_nlost(v); i++) {
		cmd_error("%s", vdev_lost(v, i));
		cmd_log(0, "%s", vdev_lost(v, i));
	}
	fflush(stdout);
	rc = vdev_watch(v, name, watch_line, NULL, &stop);
	if (rc < 0)
		return dev_done(v, rc, NULL, NULL);
	vdev_close(v);
	return CMD_EXIT_OK;
}

int main(int argc, char **argv)
{
	const char *name = NULL;
	int dry = 0, watching = 0, skipped, c, rc;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "+l:nwj" CMD_COMMON_OPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'l': dev_name_opt(&name, optarg, "only one -l"); break;
		case 'n': dry = 1; break;
		case 'w': watching = 1; break;
		case 'j': dev_json = 1; break;
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (dry && watching)
		cmd_usage_error("-n and -w cannot be used together");
	if (dev_json && watching)
		cmd_usage_error("--json cannot be used with -w: a watch is no one document");
	if (watching)
		catch_signals();
again:
	if ((rc = dev_open(&v, dry)))
		return rc;
	rc = vdev_cfgif(v, name, VDEV_CONFIGURE | (dry ? VDEV_DRY_RUN : 0), dev_change_line,
			dry ? &dry : NULL);
	skipped = rc >= 0 && vdev_nskipped(v) > 0;
	if (!dry && rc < 0)
		cmd_log(0, "failed, every change above undone: %s", vdev_errmsg(v));
	if (rc >= 0 && !dry)
		save_good(v);
	if (watching && rc >= 0) {
		rc = watch(v, name);
		if (rc == CMD_EXIT_OK && reload && !term) {
			/* SIGHUP: read the repository again and converge */
			reload = stop = 0;
			goto again;
		}
		return cmd_close_stdout_changed(rc);
	}
	rc = dev_done(v, rc, NULL, NULL);
	/* devices that break the rules, left alone (named on stderr) */
	if (rc == CMD_EXIT_OK && skipped)
		rc = CMD_EXIT_REFUSED;
	/* a failed pass reports no change: no document either */
	if (dev_json && (rc == CMD_EXIT_OK || (rc == CMD_EXIT_REFUSED && skipped) || rc == CMD_EXIT_LOST))
		rc = dev_json_print(rc);
	return dry ? cmd_close_stdout(rc) : cmd_close_stdout_changed(rc);
}
