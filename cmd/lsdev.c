/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lsdev - list devices: customized (-C) or predefined (-P); arguments that
 * are not in the AIX form go to procinfo's lsdev where it is installed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devcmd.h"

static const char usage_text[] =
	"Usage: lsdev [-C] [-c Class] [-s Subclass] [-t Type] [-f File] [-F Format | -r ColumnName] [-H] [-l Name] [-p Parent] [-S State] [-j]\n"
	"       lsdev -P [-c Class] [-s Subclass] [-t Type] [-f File] [-F Format | -r ColumnName] [-H] [-j]\n"
	"\n"
	"List the customized devices (-C, the default: name, status, location,\n"
	"description) or the predefined device types (-P: class, type, subclass,\n"
	"description) of the object repository ($ODMDIR).\n"
	"\n"
	"  -C             list customized devices (CuDv)\n"
	"  -P             list predefined device types (PdDv)\n"
	"  -c Class       only devices of this class (if)\n"
	"  -s Subclass    only devices of this subclass (VI)\n"
	"  -t Type        only devices of this type (vi)\n"
	"  -l Name        only the device Name (shell patterns allowed)\n"
	"  -p Parent      only the devices whose parent is Parent\n"
	"  -S State       only devices in this state: a (Available), d (Defined),\n"
	"                 s (Stopped); also A/1, D/0, S/2\n"
	"  -F Format      print these fields (CuDv and PdDv descriptors, description)\n"
	"  -r ColumnName  print the values of this field, each once\n"
	"  -H             print a header line first\n"
	"  -f File        read more flags from File\n"
	"  -j, --json     print one JSON document (for programs)\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";

/* -x (AIX) is known, to be refused. */
static const char optstring[] = "CPc:s:t:l:p:S:F:r:Hf:xj" CMD_COMMON_OPTS;

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

/* Where procinfo's lsdev (a list of the hardware's interrupts, DMA channels
 * and I/O ports) may be.  Ours is installed in sbin, never in these. */
static const char *const procinfo_lsdev[] = {
	"/usr/bin/lsdev",
	"/bin/lsdev",
};

/*
 * Are these the AIX arguments?  No arguments at all is (lsdev -C), and so is
 * any call with one of our options in it (mistakes then get our usage
 * message); only operands and options we do not know are not.
 */
static int is_aix_form(int argc, char **argv)
{
	char **copy = calloc((size_t)argc + 1, sizeof(*copy));
	int c, ours = 0;

	if (!copy || argc < 2) {
		free(copy);
		return 1;
	}
	/* getopt reorders argv: keep the real one for procinfo. */
	memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, copy, optstring, longopts, NULL)) != -1)
		/* '?' with one of our letters: its argument is missing */
		if (c != '?' || (optopt > 0 && strchr(optstring, optopt)))
			ours = 1;
	free(copy);
	opterr = 1;
	optind = 0;
	return ours;
}

/* Run procinfo's lsdev with our arguments if it is there (returns only if
 * not, or on failure). */
static void exec_procinfo(char **argv)
{
	struct stat self, st;
	int have_self = stat("/proc/self/exe", &self) == 0;

	for (size_t i = 0; i < sizeof(procinfo_lsdev) / sizeof(procinfo_lsdev[0]); i++) {
		if (stat(procinfo_lsdev[i], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (have_self && st.st_dev == self.st_dev && st.st_ino == self.st_ino)
			continue;
		execv(procinfo_lsdev[i], argv);
		cmd_error("cannot run '%s': %s", procinfo_lsdev[i], strerror(errno));
		exit(CMD_EXIT_SYSTEM);
	}
}

int main(int argc, char **argv)
{
	static const struct {
		int opt;
		enum vdev_query_key key;
	} keys[] = {
		{ 'c', VDEV_Q_CLASS }, { 's', VDEV_Q_SUBCLASS }, { 't', VDEV_Q_TYPE },
		{ 'l', VDEV_Q_NAME },  { 'S', VDEV_Q_STATE },    { 'F', VDEV_Q_FORMAT },
		{ 'H', VDEV_Q_HEADER }, { 'r', VDEV_Q_COLUMN },  { 'p', VDEV_Q_PARENT },
	};
	struct vdev_query *q;
	struct vdev_show *s = NULL;
	struct odm *odm = NULL;
	struct odm_buf *out = NULL;
	int c, cflag = 0, pflag = 0, json = 0, rc;
	size_t i;

	cmd_init(argc, argv);
	if (!is_aix_form(argc, argv))
		exec_procinfo(argv);
	rc = cmd_flags_file(&argc, &argv, optstring, longopts);
	if (rc)
		return rc;
	q = vdev_query_new();
	if (!q) {
		cmd_error("out of memory");
		return CMD_EXIT_SYSTEM;
	}
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			cflag = 1;
			continue;
		case 'P':
			pflag = 1;
			continue;
		case 'f':
			continue;	/* read by cmd_flags_file */
		case 'j':
			json = 1;
			continue;
		case 'x':
			vdev_query_free(q);
			cmd_unsupported('x', "this lsdev shows what the CuDv and PdDv objects hold, "
					"which -F names");
		case 'l':
			if (strcmp(optarg, "-") == 0) {
				vdev_query_free(q);
				cmd_usage_error("-l - is not supported: give a device name or a shell pattern");
			}
			break;
		case 'h':
		case 'V':
		case '?':
			vdev_query_free(q);
			cmd_common_option(c, usage_text);
		default:
			break;
		}
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (keys[i].opt == c)
				break;
		if (i == sizeof(keys) / sizeof(keys[0]))
			continue;
		rc = dev_query_opt(q, keys[i].key, c, optarg);
		if (rc) {
			vdev_query_free(q);
			return rc;
		}
	}
	if (optind < argc) {
		vdev_query_free(q);
		cmd_usage_error("unexpected operand '%s'", argv[optind]);
	}
	if (cflag && pflag) {
		vdev_query_free(q);
		cmd_usage_error("-C and -P cannot be used together");
	}

	rc = dev_show_open(&odm, &s, &out);
	if (rc)
		goto done;
	if (json)
		vdev_show_set_format(s, VDEV_SHOW_JSON);
	rc = vdev_lsdev(s, pflag ? VDEV_LSDEV_PREDEFINED : VDEV_LSDEV_CUSTOMIZED, q, out);
	rc = rc < 0 ? dev_show_fail(s, rc) : dev_show_print(out, CMD_EXIT_OK);
done:
	dev_show_close(odm, s, out);
	vdev_query_free(q);
	return rc;
}
