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
	"Usage: cfgif [-l Name] [-n | -w]\n"
	"\n"
	"Configure every virtual IP address (a Defined one becomes Available),\n"
	"make the kernel match the database for each (links, addresses, route\n"
	"sources), remove the marked links no device owns, and print one line\n"
	"for each change made.\n"
	"\n"
	"  -l Name     only this device\n"
	"  -n          print what would change, change nothing\n"
	"  -w          then keep watching: do it again after each change of\n"
	"              links, addresses or routes, until SIGTERM or SIGINT\n"
	"  -h, --help  show this help\n"
	"  --version   show the version\n";

static void print_line(const char *line, void *arg)
{
	printf("%s\n", line);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* -w: a line of a pass, or NULL at its end. */
static void watch_line(const char *line, void *arg)
{
	if (line)
		printf("%s\n", line);
	else
		fflush(stdout);
}

/* -w: SIGTERM and SIGINT stop the watch (the first pass is finished). */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* After the first pass of -w: watch until a signal.  Closes @v. */
static int watch(struct vdev *v, const char *name)
{
	int rc;

	dev_warnings(v);
	for (int i = 0; i < vdev_nlost(v); i++)
		cmd_error("%s", vdev_lost(v, i));
	fflush(stdout);
	rc = vdev_watch(v, name, watch_line, NULL, &stop);
	if (rc < 0)
		return dev_done(v, rc, NULL, NULL);
	vdev_close(v);
	return CMD_EXIT_OK;
}

/* Print "NAME: configured ..." (or "would configure") for each Defined VIPA. */
static int say_configured(const struct odm_obj *obj, void *arg)
{
	const char *name = odm_obj_get(obj, "name");
	const char *only = ((const char **)arg)[0], *dry = ((const char **)arg)[1];

	if (name && (!only || strcmp(only, name) == 0))
		printf(dry ? "%s: would configure (Defined to Available)\n"
			   : "%s: configured (Defined to Available)\n", name);
	return 0;
}

/*
 * AIX's cfgif is the Configure method of interfaces: it brings Defined ones
 * to Available.  Mark the Defined VIPAs (all, or @only) Available inside the
 * transaction @v's cfgif will run in, so that one pass configures them all;
 * with @dry only say which.  Returns 0 or an exit status (error printed).
 */
static int configure_defined(struct vdev *v, const char *only, int dry)
{
	static const char crit_all[] = "PdDvLn='" VDEV_SHOW_VIPA_TYPE "' and status=0";
	struct odm *odm = vdev_odm(v);
	const struct odm_class *cls;
	struct odm_crit *crit = NULL;
	struct odm_obj *avail = NULL;
	const char *arg[2] = { only, dry ? "" : NULL };
	char *q = NULL;
	long n = 0;
	int rc;

	if (only) {
		/* The name as a quoted criteria value: a quote doubled. */
		size_t k = 0;

		q = malloc(sizeof(crit_all) + 2 * strlen(only) + 16);
		if (!q) {
			cmd_error("out of memory");
			return CMD_EXIT_SYSTEM;
		}
		k = (size_t)sprintf(q, "%s and name='", crit_all);
		for (const char *p = only; *p; p++) {
			if (*p == '\'')
				q[k++] = '\'';
			q[k++] = *p;
		}
		strcpy(q + k, "'");
	}
	rc = odm_get_q(odm, "CuDv", q ? q : crit_all, say_configured, (void *)arg);
	if (rc >= 0 && !dry && (rc = odm_get_class(odm, "CuDv", &cls)) >= 0 &&
	    (rc = odm_crit_compile(odm, cls, q ? q : crit_all, &crit)) >= 0) {
		avail = odm_obj_new(cls);
		rc = avail ? odm_obj_set(odm, avail, "status", "1") : -ODM_E_NOMEM;
		if (rc >= 0)
			rc = odm_change(odm, crit, avail, &n);
	}
	odm_obj_free(avail);
	odm_crit_free(crit);
	free(q);
	if (rc < 0) {
		cmd_error("cannot configure the Defined devices: %s", odm_errmsg(odm));
		return CMD_EXIT_SYSTEM;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = NULL;
	int dry = 0, watching = 0, c, rc;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "+l:nwh", cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'l': dev_name_opt(&name, optarg, "only one -l"); break;
		case 'n': dry = 1; break;
		case 'w': watching = 1; break;
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if (dry && watching)
		cmd_usage_error("-n and -w cannot be used together");
	if (watching)
		catch_signals();
	if ((rc = dev_open(&v, dry)))
		return rc;
	/* One transaction: the Defined VIPAs become Available, and cfgif
	 * (its own transaction nests in this one) configures them. */
	if (!dry && odm_begin(vdev_odm(v)) < 0) {
		cmd_error("%s", odm_errmsg(vdev_odm(v)));
		vdev_close(v);
		return CMD_EXIT_SYSTEM;
	}
	if ((rc = configure_defined(v, name, dry))) {
		if (!dry)
			odm_rollback(vdev_odm(v));
		vdev_close(v);
		return cmd_close_stdout(rc);
	}
	rc = vdev_cfgif(v, name, dry ? VDEV_DRY_RUN : 0, print_line, NULL);
	if (!dry) {
		if (rc < 0)
			odm_rollback(vdev_odm(v));
		else if (odm_commit(vdev_odm(v)) < 0) {
			cmd_error("cannot commit: %s", odm_errmsg(vdev_odm(v)));
			vdev_close(v);
			return cmd_close_stdout(CMD_EXIT_SYSTEM);
		}
	}
	if (watching && rc >= 0)
		return cmd_close_stdout(watch(v, name));
	return cmd_close_stdout(dev_done(v, rc, NULL, NULL));
}
