/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * smitty, smit - System Management Interface Tool: menus and dialogs kept
 * in the object repository, drawn with curses (smitty, smit -C) or with
 * dialog(1) (smit -M).  Both programs are built from this file; SMIT_PROG
 * tells which one this is.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "odm.h"
#include "smit-front.h"
#include "smit.h"

#ifndef SMIT_PROG
#define SMIT_PROG "smitty"
#endif

static const char usage_smitty[] =
	"Usage: smitty [-l Log] [-s Script] [-x] [FastPath]\n"
	"System Management Interface Tool: menus and dialogs that build and run\n"
	"system commands, drawn on the terminal with curses.\n"
	"\n"
	"Options:\n"
	"  -l Log         append the log to Log instead of $HOME/smit.log\n"
	"  -s Script      append the commands to Script instead of\n"
	"                 $HOME/smit.script\n"
	"  -x             record the commands in the script, do not run them\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"FastPath opens that menu, selector or dialog directly (for example\n"
	"mkinetvi, mkinetvi6, chvi, inet, tcpip); without it smitty starts at\n"
	"the top menu.  The repository is the directory named by $ODMDIR.\n";

static const char usage_smit[] =
	"Usage: smit [-C | -M] [-l Log] [-s Script] [-x] [FastPath]\n"
	"System Management Interface Tool: menus and dialogs that build and run\n"
	"system commands.\n"
	"\n"
	"Options:\n"
	"  -C             the curses interface (the default; the same as smitty)\n"
	"  -M             the dialog(1) interface\n"
	"  -l Log         append the log to Log instead of $HOME/smit.log\n"
	"  -s Script      append the commands to Script instead of\n"
	"                 $HOME/smit.script\n"
	"  -x             record the commands in the script, do not run them\n"
	"  -h, --help     print this help and exit\n"
	"  -V, --version  print the version and exit\n"
	"\n"
	"FastPath opens that menu, selector or dialog directly (for example\n"
	"mkinetvi, mkinetvi6, chvi, inet, tcpip); without it smit starts at\n"
	"the top menu.  The repository is the directory named by $ODMDIR.\n";

int main(int argc, char **argv)
{
	int is_smit = strcmp(SMIT_PROG, "smit") == 0;
	const char *log = NULL, *script = NULL, *fastpath = NULL;
	struct smit_screen *first = NULL;
	struct smit *smit = NULL;
	struct odm *odm = NULL;
	unsigned flags = 0;
	int c, rc, use_dialog = 0;

	cmd_init(argc, argv);
	/* "+": options stop at the fast path, as smit's do. */
	while ((c = getopt_long(argc, argv, is_smit ? "+CMl:s:x" CMD_COMMON_OPTS : "+l:s:x" CMD_COMMON_OPTS,
				cmd_longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			use_dialog = 0;
			break;
		case 'M':
			use_dialog = 1;
			break;
		case 'l':
			log = optarg;
			break;
		case 's':
			script = optarg;
			break;
		case 'x':
			flags |= SMIT_F_NORUN;
			break;
		case 'h':
			cmd_help(is_smit ? usage_smit : usage_smitty);
		case 'V':
			cmd_version();
		default:
			cmd_usage_error(NULL);
		}
	}
	if (argc - optind > 1)
		cmd_usage_error("too many operands: '%s'", argv[optind + 1]);
	if (optind < argc)
		fastpath = argv[optind];
	rc = cmd_odm_open(&odm, 1);
	if (rc)
		return rc;
	rc = smit_new(&smit, odm, flags);
	if (rc < 0) {
		cmd_error("%s", smit_strerror(rc));
		rc = CMD_EXIT_SYSTEM;
		goto out;
	}
	if ((log && smit_set_log_file(smit, log) < 0) ||
	    (script && smit_set_script_file(smit, script) < 0)) {
		cmd_error("%s", smit_errmsg(smit));
		rc = CMD_EXIT_SYSTEM;
		goto out;
	}
	rc = smit_open(smit, fastpath, &first);
	if (rc < 0) {
		const char *detail = front_more_output(smit_last_output(smit));

		cmd_error("%s", smit_errmsg(smit));
		if (detail && *detail)
			fputs(detail, stderr);
		rc = cmd_exit_status(rc);
		goto out;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cmd_error("standard input and output must be a terminal");
		smit_screen_free(first);
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	/* The interface that runs the commands, as AIX's SMIT tells them:
	 * "a" the ASCII (curses) one, "m" the one AIX draws with Motif. */
	setenv("SMIT", use_dialog ? "m" : "a", 1);
	rc = use_dialog ? dlg_run(smit, first) : tui_run(smit, first);
out:
	smit_free(smit);
	odm_close(odm);
	if (!use_dialog)
		tui_exit(rc);
	return rc;
}
