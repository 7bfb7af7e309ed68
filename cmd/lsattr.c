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
#include "odm.h"

static const char usage_text[] =
	"Usage: lsattr {-D [-O] | -E [-O] | -P [-O] | -F Format [-Z Character]} -l Name [-a Attribute]... [-H] [-f File] [-j]\n"
	"       lsattr {-D [-O] | -F Format [-Z Character]} {[-c Class] [-s Subclass] [-t Type]} [-a Attribute]... [-H] [-f File] [-j]\n"
	"       lsattr -R {-l Name | [-c Class] [-s Subclass] [-t Type]} -a Attribute [-f File] [-j]\n"
	"       lsattr [-RVadlpv] [File]...\n"
	"\n"
	"Show the attributes of a device from the object repository ($ODMDIR):\n"
	"current values (-E), defaults (-D) or the legal values of one attribute (-R).\n"
	"Arguments not in this form (the last line, e.g. 'lsattr -d /etc') are passed\n"
	"to the e2fsprogs lsattr, which lists file attributes.\n"
	"\n"
	"  -E            current values: attribute value description user_settable\n"
	"  -P            the values of the last configure: here those of the\n"
	"                database, the same as -E (ifconfig-vi shows the kernel's)\n"
	"  -D            default values: attribute deflt description user_settable\n"
	"  -R            legal values of the attribute given with -a, one per line\n"
	"  -F Format     print these fields (PdAt descriptors, name, value,\n"
	"                description, user_settable)\n"
	"  -Z Character  end each record of -F with Character, not a newline\n"
	"  -O            names on one line ('#' first), values on the next, ':' between\n"
	"                (a ':' in a value as '#!:'; scripts rather use --json)\n"
	"  -l Name       the device\n"
	"  -c Class      the device type's class (if)\n"
	"  -s Subclass   the device type's subclass (VI)\n"
	"  -t Type       the device type (vi)\n"
	"  -a Attribute  only this attribute (repeatable)\n"
	"  -H            print a header line first\n"
	"  -f File       read more flags from File\n"
	"  -j, --json    print one JSON document (for programs)\n"
	"  -h, --help    show this help and exit\n"
	"  --version     show the version and exit\n";

/* Where the e2fsprogs lsattr may be.  Ours is installed in sbin, never in
 * these; on a merged /usr both are one file, which is fine. */
static const char *const e2fs_lsattr[] = {
	"/usr/bin/lsattr",
	"/bin/lsattr",
};

/* -h and --help, --version, but no -V: "lsattr -V" is the e2fsprogs
 * lsattr's (print its version), and goes to it.  -o (AIX: the attributes
 * of an operation) is known, to be refused. */
static const char optstring[] = "EPDRF:Z:Ol:c:s:t:a:Hf:o:jh";

/* --version has a value of its own: -V is e2fsprogs'. */
#define OPT_VERSION 0x100

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

/* The letters of the e2fsprogs lsattr that the AIX one does not have. */
static const char e2fs_only[] = "Vdpv";

/* Is @name a device of the repository?  Read-only: deciding creates nothing. */
static int is_device(const char *name)
{
	const struct odm_match m[] = { { "name", "=", name }, ODM_MATCH_END };
	struct odm *odm = NULL;
	struct odm_obj *o = NULL;
	int found = 0;

	if (odm_open(&odm, NULL, ODM_RDONLY) == 0 &&
	    odm_get_first_match(odm, "CuDv", m, &o) == 0 && o)
		found = 1;
	odm_obj_free(o);
	if (odm)
		odm_close(odm);
	return found;
}

/*
 * Are these the AIX arguments?  An option only the AIX lsattr has (-E -P
 * -D -F -Z -O -H -c -s -t -f -o -j -h, --help, --version, --json) says
 * yes, whatever else is there (mistakes then get our usage message).  An
 * option only the e2fsprogs one has (-V -d -p -v), or one neither knows,
 * says no.  With only the letters both programs know (-R -l -a) it is the
 * AIX form when it parses as one (-l Name, no file operand) and -a names
 * an attribute, or Name is a device of the repository, or -R is given and
 * Name is no existing file; so "lsattr -l vi0" is ours, while
 * "lsattr -l file" and "lsattr -Rl dir" stay e2fsprogs'.
 */
static int is_aix_form(int argc, char **argv)
{
	char **copy = calloc((size_t)argc + 1, sizeof(*copy));
	char all[sizeof(optstring) + sizeof(e2fs_only)];
	const char *lname = NULL;
	int c, aix_only = 0, other = 0, r = 0, na = 0, operands;
	struct stat st;

	if (!copy)
		return 1;
	snprintf(all, sizeof(all), "%s%s", optstring, e2fs_only);
	/* getopt reorders argv: keep the real one for e2fsprogs. */
	memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, copy, all, longopts, NULL)) != -1) {
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
		case 'V':
		case 'd':
		case 'p':
		case 'v':
			other = 1;
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
	if (other || operands || !lname)
		return 0;
	return na > 0 || is_device(lname) || (r && stat(lname, &st) != 0);
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
	int c, eflag = 0, dflag = 0, rflag = 0, json = 0, rc;

	cmd_init(argc, argv);
	if (!is_aix_form(argc, argv))
		return exec_e2fsprogs(argv);
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
		case 'E':
		case 'P':	/* the values of the last configure: the database's */
			eflag = 1;
			continue;
		case 'D':
			dflag = 1;
			continue;
		case 'R':
			rflag = 1;
			continue;
		case 'f':
			continue;	/* read by cmd_flags_file */
		case 'j':
			json = 1;
			continue;
		case OPT_VERSION:
			vdev_query_free(q);
			cmd_version();
		case 'o':
			vdev_query_free(q);
			cmd_unsupported('o', "the predefined attributes (PdAt) name no operations");
		case 'F': key = VDEV_Q_FORMAT; break;
		case 'Z': key = VDEV_Q_RECSEP; break;
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
	/* As on AIX: -R, then -F, then -D, then -E (or -P). */
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
		rc = cmd_usage_fail("one of -E, -P, -D, -R or -F is needed");
		goto done;
	}

	rc = dev_show_open(&odm, &s, &out);
	if (rc)
		goto done;
	if (json)
		vdev_show_set_format(s, VDEV_SHOW_JSON);
	rc = vdev_lsattr(s, mode, q, out);
	rc = rc < 0 ? dev_show_fail(s, rc) : dev_show_print(out, CMD_EXIT_OK);
done:
	dev_show_close(odm, s, out);
	vdev_query_free(q);
	return rc;
}
