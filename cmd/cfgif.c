/* cfgif - make the kernel hold every Available virtual IP address as the
 * database describes it (the boot step), and remove links nobody owns. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "vdev.h"

static const char usage[] =
	"Usage: cfgif [-l Name] [-n]\n"
	"\n"
	"Make the kernel match the database for every Available virtual IP\n"
	"address (links, addresses, route sources), remove the marked links no\n"
	"device owns, and print one line for each change made.\n"
	"\n"
	"  -l Name     only this device\n"
	"  -n          print what would change, change nothing\n"
	"  -h, --help  show this help\n"
	"  --version   show the version\n";

static void print_line(const char *line, void *arg)
{
	printf("%s\n", line);
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
	rc = vdev_cfgif(v, name, dry ? VDEV_DRY_RUN : 0, print_line, NULL);
	return cmd_close_stdout(dev_done(v, rc, NULL, NULL));
}
