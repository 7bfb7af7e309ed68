/* cfgif - configure every virtual IP address (the Configure method of
 * interfaces and the boot step: Defined ones become Available), make the
 * kernel hold them as the database describes them, and remove links nobody
 * owns. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "odm.h"
#include "vdev.h"

static const char usage[] =
	"Usage: cfgif [-l Name] [-n]\n"
	"\n"
	"Configure every virtual IP address (a Defined one becomes Available),\n"
	"make the kernel match the database for each (links, addresses, route\n"
	"sources), remove the marked links no device owns, and print one line\n"
	"for each change made.\n"
	"\n"
	"  -l Name     only this device\n"
	"  -n          print what would change, change nothing\n"
	"  -h, --help  show this help\n"
	"  --version   show the version\n";

static void print_line(const char *line, void *arg)
{
	printf("%s\n", line);
}

struct names {
	char (*v)[16];
	int n, cap;
	const char *only;
};

static int add_defined(const struct odm_obj *obj, void *arg)
{
	struct names *l = arg;
	const char *name = odm_obj_get(obj, "name");

	if (!name || (l->only && strcmp(l->only, name) != 0))
		return 0;
	if (l->n == l->cap) {
		void *nv = realloc(l->v, (size_t)(l->cap = l->cap ? 2 * l->cap : 16) * sizeof(*l->v));

		if (!nv)
			return -ODM_E_NOMEM;
		l->v = nv;
	}
	snprintf(l->v[l->n++], sizeof(l->v[0]), "%s", name);
	return 0;
}

/*
 * AIX's cfgif is the Configure method of interfaces: it brings Defined
 * ones to Available.  Configure each Defined VIPA (all, or @only), one
 * transaction each, printing "NAME: configured" (or what it would do).
 */
static int configure_defined(struct vdev *v, const char *only, int dry)
{
	struct names l = { .only = only };
	int rc = odm_get_q(vdev_odm(v), "CuDv", "PdDvLn='if/VI/vi' and status=0",
			   add_defined, &l);

	if (rc < 0) {
		cmd_error("cannot read the devices: %s", odm_errmsg(vdev_odm(v)));
		free(l.v);
		return CMD_EXIT_SYSTEM;
	}
	for (int i = 0; i < l.n; i++) {
		if (dry) {
			printf("%s: would configure (Defined to Available)\n", l.v[i]);
			continue;
		}
		rc = vdev_configure(v, l.v[i]);
		if (rc < 0) {
			free(l.v);
			return dev_fail(v, rc);
		}
		dev_warnings(v);
		printf("%s: configured (Defined to Available)\n", l.v[i]);
	}
	free(l.v);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL;
	int dry = 0, c, rc;
	struct vdev *v = NULL;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "+l:nh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': dev_name_opt(&name, optarg, "only one -l"); break;
		case 'n': dry = 1; break;
		default: cmd_common_option(c, usage);
		}
	}
	if (optind < argc)
		cmd_usage_error("unexpected argument '%s'", argv[optind]);
	if ((rc = dev_open(&v, dry)))
		return rc;
	if ((rc = configure_defined(v, name, dry))) {
		vdev_close(v);
		return cmd_close_stdout(rc);
	}
	rc = vdev_cfgif(v, name, dry ? VDEV_DRY_RUN : 0, print_line, NULL);
	return cmd_close_stdout(dev_done(v, rc, NULL, NULL));
}
