/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lsattr - list the attributes of a device (AIX), or hand the arguments
 * over to the e2fsprogs lsattr (file attributes on a Linux file system)
 * when they are not in the AIX form.
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
	"Usage: lsattr -E [-O] -l Name [-a Attribute]... [-F Format] [-H]\n"
	"       lsattr -D [-O] {-l Name | [-c Class] [-s Subclass] [-t Type]} [-a Attribute]... [-F Format] [-H]\n"
	"       lsattr -F Format {-l Name | [-c Class] [-s Subclass] [-t Type]} [-a Attribute]... [-H]\n"
	"       lsattr -R {-l Name | [-c Class] [-s Subclass] [-t Type]} -a Attribute\n"
	"       lsattr [-RVadlpv] [File]...\n"
	"\n"
	"Show the attributes of a device from the object repository ($ODMDIR):\n"
	"current values (-E), defaults (-D) or the legal values of one attribute (-R).\n"
	"Arguments not in this form (the last line, e.g. 'lsattr -d /etc') are passed\n"
	"to the e2fsprogs lsattr, which lists file attributes.\n"
	"\n"
	"  -E            current values: attribute value description user_settable\n"
	"  -D            default values: attribute deflt description user_settable\n"
	"  -R            legal values of the attribute given with -a, one per line\n"
	"  -F Format     print these fields (PdAt descriptors, name, value,\n"
	"                description, user_settable)\n"
	"  -O            names on one line ('#' first), values on the next, ':' between\n"
	"  -l Name       the device\n"
	"  -c Class      the device type's class (if)\n"
	"  -s Subclass   the device type's subclass (VI)\n"
	"  -t Type       the device type (vi)\n"
	"  -a Attribute  only this attribute (repeatable)\n"
	"  -H            print a header line first\n"
	"  -h, --help    show this help and exit\n"
	"  --version     show the version and exit\n";

/* Where the e2fsprogs lsattr may be.  Ours is installed in sbin, never in
 * these; on a merged /usr both are one file, which is fine. */
static const char *const e2fs_lsattr[] = {
	"/usr/bin/lsattr",
	"/bin/lsattr",
};

/* -h and --help, --version, but no -V: "lsattr -V" is the e2fsprogs
 * lsattr's (print its version), and goes to it. */
static const char optstring[] = "EDRF:Ol:c:s:t:a:Hh";


/*
 * Are these the AIX arguments?  Options that only the AIX lsattr has
 * (-E -D -F -O -H -c -s -t -h, --help, --version) say yes, whatever else is
 * there (mistakes then get our usage message).  With only the letters both
 * programs know (-R -l -a) it is the AIX form only when it parses as one:
 * -R -l Name -a Attribute with no file operand; a -l argument that names an
 * existing file means the e2fsprogs "lsattr -Rl dir".
 */
static int is_aix_form(int argc, char **argv)
{
	char **copy = calloc((size_t)argc + 1, sizeof(*copy));
	const char *lname = NULL;
	int c, aix_only = 0, bad = 0, r = 0, na = 0, operands, i;
	struct stat st;

	if (!copy)
		return 1;
	/* getopt reorders argv: keep the real one for e2fsprogs. */
	for (i = 0; i < argc; i++)
		copy[i] = argv[i];
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, copy, optstring, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'R':
			r = 1;
			break;
		case 'l':
			lname = optarg;
			break;
		case 'a':
			na++;
			break;
		case '?':
		case ':':
			bad = 1;
			break;
		default:
			aix_only = 1;
			break;
		}
	}
	operands = optind < argc;
	free(copy);
	opterr = 1;
	optind = 0;
	if (aix_only)
		return 1;
	if (bad || operands || !r || !lname)
		return 0;
	return na == 1 || stat(lname, &st) != 0;
}

/* Run the e2fsprogs lsattr with our arguments; returns only on failure. */
static int exec_e2fsprogs(char **argv)
{
	struct stat self, st;
	size_t i;
	int have_self = stat("/proc/self/exe", &self) == 0;

	for (i = 0; i < sizeof(e2fs_lsattr) / sizeof(e2fs_lsattr[0]); i++) {
		if (stat(e2fs_lsattr[i], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		/* Installed over the e2fsprogs one: never run ourselves. */
		if (have_self && st.st_dev == self.st_dev && st.st_ino == self.st_ino)
			continue;
		execv(e2fs_lsattr[i], argv);
		cmd_error("cannot run '%s': %s", e2fs_lsattr[i], strerror(errno));
		return CMD_EXIT_SYSTEM;
	}
	cmd_error("no e2fsprogs lsattr found for file attributes; for a device use "
		  "'lsattr -E -l Name' (see 'lsattr --help')");
	return CMD_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct vdev_query *q = NULL;
	struct vdev_show *s = NULL;
	struct odm *odm = NULL;
	struct odm_buf *out = NULL;
	enum vdev_lsattr_mode mode;
	enum vdev_query_key key;
	int c, eflag = 0, dflag = 0, rflag = 0, rc;

	cmd_init(argc, argv);
	if (!is_aix_form(argc, argv))
		return exec_e2fsprogs(argv);

	q = vdev_query_new();
	if (!q) {
		cmd_error("out of memory");
		return CMD_EXIT_SYSTEM;
	}
	while ((c = getopt_long(argc, argv, optstring, cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'E':
			eflag = 1;
			continue;
		case 'D':
			dflag = 1;
			continue;
		case 'R':
			rflag = 1;
			continue;
		case 'F': key = VDEV_Q_FORMAT; break;
		case 'O': key = VDEV_Q_COLON; break;
		case 'l': key = VDEV_Q_NAME; break;
		case 'c': key = VDEV_Q_CLASS; break;
		case 's': key = VDEV_Q_SUBCLASS; break;
		case 't': key = VDEV_Q_TYPE; break;
		case 'a': key = VDEV_Q_ATTR; break;
		case 'H': key = VDEV_Q_HEADER; break;
		default:
			vdev_query_free(q);
			cmd_common_option(c, usage_text);
		}
		rc = dev_query_opt(q, key, c, optarg);
		if (rc)
			goto done;
	}
	if (optind < argc) {
		rc = cmd_usage_fail("unexpected operand '%.32s'", argv[optind]);
		goto done;
	}
	/* As on AIX: -R, then -F, then -D, then -E. */
	if (rflag)
		mode = VDEV_LSATTR_RANGE;
	else if (dflag)
		mode = VDEV_LSATTR_DEFAULT;
	else if (eflag)
		mode = VDEV_LSATTR_EFFECTIVE;
	else if (vdev_query_get(q, VDEV_Q_FORMAT))
		mode = vdev_query_get(q, VDEV_Q_NAME) ? VDEV_LSATTR_EFFECTIVE
						      : VDEV_LSATTR_DEFAULT;
	else {
		rc = cmd_usage_fail("one of -E, -D, -R or -F is needed");
		goto done;
	}

	rc = dev_show_open(&odm, &s, &out);
	if (rc)
		goto done;
	rc = vdev_lsattr(s, mode, q, out);
	rc = rc < 0 ? dev_show_fail(s, rc) : dev_show_print(out, CMD_EXIT_OK);
done:
	dev_show_close(odm, s, out);
	vdev_query_free(q);
	return rc;
}
