/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smit.h - the SMIT menu engine: menus, selectors and dialogs kept as ODM
 * objects (classes sm_menu_opt, sm_name_hdr, sm_cmd_hdr, sm_cmd_opt and
 * sm_help, see odm/sm.cre), the values of dialog fields, and the commands
 * they build and run.
 *
 * The engine knows nothing of terminals: a frontend (curses, dialog(1) or a
 * test) opens a screen, shows what the accessors return, feeds the user's
 * input back through the smit_field_* calls and, on Enter, calls smit_run().
 * The library never prints and never exits; errors are reported as
 * vipa-error.h says (SMIT_E_* codes, the message from smit_errmsg()).
 * Strings returned by accessors belong to the screen (or
 * list, or result) and stay valid until the value they describe changes or
 * the object is freed.
 *
 * Screens.  A screen is one of
 *   SMIT_MENU      a list of items (sm_menu_opt objects sharing an id);
 *   SMIT_SELECTOR  one entry field whose value picks the object the next
 *                  screen works on (sm_name_hdr + one sm_cmd_opt);
 *   SMIT_DIALOG    entry fields (sm_cmd_opt) that build one command
 *                  (sm_cmd_hdr).
 * Screens are independent objects: the frontend keeps its own stack of
 * them, so F3 (back) is "free the top screen, show the one below".
 *
 * Commands.  Dialog commands follow AIX's two-pass rule: the fields sent are
 * those whose value differs from the initial one, plus those whose required
 * descriptor is "y" (always), "+" (always; the value must not be blank) or
 * "?" (when the value is not empty).  Pass 1 appends, in field order, the
 * fields whose prefix is "" or starts with "-" (any prefix but "--") as
 * prefix + quoted value; pass 2 appends the fields whose prefix is "--" as
 * the quoted value alone.  Every value is single-quoted (' becomes '\''),
 * so no value can run anything.  Commands run as /bin/sh -c "command" in a
 * child process with ENV unset and the variables of smit_env() set.
 *
 * Logs.  Every command smit_run() runs is appended to the log file (a
 * "[timestamp]" header, the command, its output and its exit status; every
 * timestamp of the log and the script is AIX's "[Oct 17 2026, 14:05:54]") and
 * to the script file (a "#", "# [timestamp]", "#" comment then the command,
 * so that the script replays the commands; a new script file starts with
 * "#!/bin/sh").  Defaults: $HOME/smit.log and $HOME/smit.script.
 *
 * Stable: every function declared here is part of ABI LIBVIPA_0 (the
 * version script lib/libvipa.sym).  From the first release on, functions
 * are only added (in a new version node), structures passed by pointer
 * only stay opaque, and enum values and flags keep their numbers.
 */
#ifndef VIPA_SMIT_H
#define VIPA_SMIT_H

#include <stddef.h>

#include "vipa-error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct odm;

/* Error codes (negative in returns): those of vipa-error.h, which says
 * how every function of the library reports errors. */
enum {
	SMIT_OK = VIPA_OK,
	SMIT_E_NOMEM = VIPA_E_NOMEM,       /* out of memory */
	SMIT_E_ODM = VIPA_E_REPO,          /* the object store failed (message from it) */
	SMIT_E_NOTFOUND = VIPA_E_NOTFOUND, /* no such fast path, screen, or data for it */
	SMIT_E_NODEV = VIPA_E_NODEV,       /* a selector's name names no device */
	SMIT_E_DATA = VIPA_E_DATA,         /* the SMIT objects are inconsistent */
	SMIT_E_INVAL = VIPA_E_INVAL,       /* a value is not valid for its field */
	SMIT_E_REQUIRED = VIPA_E_REQUIRED, /* a required field is empty */
	SMIT_E_NOLIST = VIPA_E_NOLIST,     /* the field has no list (F4) */
	SMIT_E_CMD = VIPA_E_CMD,           /* a discover, list or classify command failed */
	SMIT_E_IO = VIPA_E_IO,             /* log/script file, pipe or process error */
	SMIT_E_ARG = VIPA_E_ARG,           /* bad argument (wrong screen kind, index ...) */
	SMIT_E_MAX = VIPA_E_MAX
};

/* Flags for smit_new(). */
#define SMIT_F_NORUN 0x1 /* -x: write commands to the script, do not run */

/* Screen kinds: the next_type letters of the SMIT classes. */
enum smit_kind {
	SMIT_MENU = 'm',
	SMIT_SELECTOR = 'n',
	SMIT_DIALOG = 'd',
};

struct smit;        /* the engine context */
struct smit_screen; /* one menu, selector or dialog */
struct smit_list;   /* the items of an F4 list */
struct smit_result; /* what a command did */

/* ---- context --------------------------------------------------------- */

/*
 * Make a context over the open repository @odm (not owned: close it after
 * smit_free()).  Log and script files default to $HOME/smit.log and
 * $HOME/smit.script (none when HOME is unset).  Returns 0 or -SMIT_E_*
 * (-SMIT_E_ARG without @odm).
 */
int smit_new(struct smit **out, struct odm *odm, unsigned flags);
void smit_free(struct smit *smit);

/* The message of the last failure on @smit ("" if none). */
const char *smit_errmsg(const struct smit *smit);
/* vipa_strerror, under this module's name. */
const char *smit_strerror(int code);

/*
 * The standard error (else standard output) of the last discover, list or
 * classify command that failed, as it printed it ("" if none): the frontend
 * shows it on an error screen.
 */
const char *smit_last_output(const struct smit *smit);

/* Set the log or script file (NULL: do not write one).  Returns 0 or <0. */
int smit_set_log_file(struct smit *smit, const char *path);
int smit_set_script_file(struct smit *smit, const char *path);
/* The current file names (NULL if none). */
const char *smit_log_file(const struct smit *smit);
const char *smit_script_file(const struct smit *smit);
/*
 * Append the screen image @lines (@n of them, as the frontend shows them)
 * to the log file (F8, Image): a "[timestamp]" line as the command
 * records have, "\tScreen image follows below:", the lines and a blank
 * line.  Returns 0 (also without a log file) or -SMIT_E_* when the file
 * cannot be written (smit_errmsg says why).
 */
int smit_log_image(struct smit *smit, const char *const *lines, int n);

/*
 * The variables AIX's SMIT gives the commands it runs, and that
 * administrators look for in its F9 shell (env | grep _SMIT), as
 * "NAME=value" strings: _SMIT_LOG_FILE and _SMIT_SCRIPT_FILE (the file
 * names, "" for none), _SMIT_VERBOSE_FLAG, _SMIT_TRACE_FLAG and
 * _SMIT_DEBUG_FLAG (1 when smit's -v, -t, -D is on; they never are here,
 * so 0).  The vector is NULL-terminated and belongs to @smit: it stays
 * valid until the next call, which gives the file names set then.  NULL
 * when out of memory.
 */
const char *const *smit_env(struct smit *smit);

/*
 * Optional: called with output as a running command (smit_run) produces
 * it, so that a frontend can show it live.  @fd is 1 (stdout) or 2
 * (stderr).  The result still holds all of the output afterwards.
 */
typedef void (*smit_output_fn)(int fd, const char *data, size_t len,
			       void *arg);
void smit_set_output_fn(struct smit *smit, smit_output_fn fn, void *arg);

/* ---- screens --------------------------------------------------------- */

/*
 * Open the screen a fast path names (NULL or "": the top menu, id
 * "top_menu").  Resolution, first match wins: an sm_menu_opt alias
 * (alias = "y": its next_id and next_type), a menu id (sm_menu_opt.id), a
 * selector id (sm_name_hdr.id), a dialog id (sm_cmd_hdr.id).  A selector
 * or dialog with has_name_select = "y" is no fast path.  Opening a dialog
 * runs its cmd_to_discover; a selector runs nothing until F4.
 * Returns 0 or -SMIT_E_NOTFOUND ("no fast path named 'x'"), -SMIT_E_CMD ...
 */
int smit_open(struct smit *smit, const char *fastpath,
	      struct smit_screen **out);
/* Open @id as the given kind only (smit -m/-n/-d). */
int smit_open_kind(struct smit *smit, const char *id, enum smit_kind kind,
		   struct smit_screen **out);
void smit_screen_free(struct smit_screen *screen);

enum smit_kind smit_screen_kind(const struct smit_screen *screen);
/* The id of the menu, selector or dialog (F8 Image shows it as the fast path). */
const char *smit_screen_id(const struct smit_screen *screen);
/* The title (centred at the top of the screen). */
const char *smit_screen_title(const struct smit_screen *screen);
/* The screen's help text (F1 on a menu/screen), NULL if none. */
const char *smit_screen_help(const struct smit_screen *screen);
/* Dialog only: 1 if Enter must first ask "ARE YOU SURE?" (ask = "y"). */
int smit_screen_ask(const struct smit_screen *screen);
/*
 * Dialog only: 1 if the dialog is not shown (ghost = "y"): the frontend
 * runs it at once (e.g. "List All Network Interfaces").
 */
int smit_screen_ghost(const struct smit_screen *screen);

/* ---- menus ----------------------------------------------------------- */

/* Number of items, and item @i's text, help (NULL if none) and target. */
int smit_menu_count(const struct smit_screen *menu);
const char *smit_menu_text(const struct smit_screen *menu, int i);
const char *smit_menu_help(const struct smit_screen *menu, int i);
const char *smit_menu_next_id(const struct smit_screen *menu, int i);
enum smit_kind smit_menu_next_type(const struct smit_screen *menu, int i);
/* Open the screen item @i opens.  Returns 0 or <0. */
int smit_menu_select(struct smit_screen *menu, int i,
		     struct smit_screen **next);

/* ---- entry fields (dialogs; a selector has exactly one) -------------- */

/* Field flags. */
#define SMIT_FF_REQUIRED 0x001 /* shown with '*' (required "y" or "+") */
#define SMIT_FF_EDITABLE 0x002 /* the user may type a value ([ ] shown) */
#define SMIT_FF_RING     0x004 /* fixed values: Tab/Shift-Tab, F4 */
#define SMIT_FF_LIST     0x008 /* F4 gives a list (ring or cmd_to_list) */
#define SMIT_FF_MULTI    0x010 /* F4 list allows several items */
#define SMIT_FF_NUMERIC  0x020 /* '#': digits only */
#define SMIT_FF_HEX      0x040 /* 'X': hexadecimal digits only */
#define SMIT_FF_FILE     0x080 /* '/': a file name */
#define SMIT_FF_CHANGED  0x100 /* value differs from the initial value */

int smit_field_count(const struct smit_screen *screen);
/* The label (sm_cmd_opt.name). */
const char *smit_field_label(const struct smit_screen *screen, int i);
/* The current value as shown (for a ring: the displayed choice). */
const char *smit_field_value(const struct smit_screen *screen, int i);
/* The initial value (after discovery), what F5 restores. */
const char *smit_field_initial(const struct smit_screen *screen, int i);
unsigned smit_field_flags(const struct smit_screen *screen, int i);
/* The right-margin marker: '+' (list or ring), '#', '/', 'X' or ' '. */
int smit_field_marker(const struct smit_screen *screen, int i);
/* Maximum value length in bytes (entry_size), 0 for no limit. */
int smit_field_size(const struct smit_screen *screen, int i);
/* The field's help text (F1), NULL if none. */
const char *smit_field_help(const struct smit_screen *screen, int i);

/*
 * Set the value the user typed.  Checks: the field is editable, the value
 * fits entry_size, '#' fields hold an optional sign and decimal digits, 'X'
 * fields hexadecimal digits (an optional 0x).  On a ring field the value
 * must be one of the displayed choices.  Empty is always allowed here
 * (required fields are checked when the command is built).
 * Returns 0, or -SMIT_E_INVAL with a message and the value unchanged.
 */
int smit_field_set(struct smit_screen *screen, int i, const char *value);
/* F5: back to the initial value. */
int smit_field_reset(struct smit_screen *screen, int i);

/* Rings: the choices shown, the current index (-1: none yet). */
int smit_field_ring_count(const struct smit_screen *screen, int i);
const char *smit_field_ring_value(const struct smit_screen *screen, int i,
				  int k);
int smit_field_ring_index(const struct smit_screen *screen, int i);
/* Tab (@dir = 1) / Shift-Tab (@dir = -1): the next/previous choice, wrapping. */
int smit_field_ring_step(struct smit_screen *screen, int i, int dir);

/*
 * F4: the choices for field @i.  For a ring, its values (nothing runs);
 * otherwise the output of cmd_to_list (with cmd_to_list_postfix, values
 * quoted), one item per non-empty line not starting with '#'.  Returns 0,
 * -SMIT_E_NOLIST, or -SMIT_E_CMD (smit_last_output() has the error text).
 */
int smit_field_list(struct smit_screen *screen, int i,
		    struct smit_list **out);
/* 1 if several items may be chosen (SMIT_FF_MULTI). */
int smit_list_multi(const struct smit_list *list);
int smit_list_count(const struct smit_list *list);
/* The item as shown (the whole line). */
const char *smit_list_item(const struct smit_list *list, int k);
/* The value it puts into the field (per cmd_to_list_mode: the whole line,
 * or its first or second word). */
const char *smit_list_value(const struct smit_list *list, int k);
void smit_list_free(struct smit_list *list);
/*
 * Put the chosen items into the field: @idx holds @n item indexes (n = 1
 * unless the list is multi-select); several values are joined with ",".
 */
int smit_field_choose(struct smit_screen *screen, int i,
		      const struct smit_list *list, const int *idx, int n);

/* ---- selectors ------------------------------------------------------- */

/*
 * Enter on a selector: take its field's value (the raw name), classify it
 * (cmd_to_classify, if any, gives the cooked name; else cooked = raw), and
 * open the next selector or dialog.  Its id is next_id, with the raw
 * (type "r") or cooked (type "c") name appended; type "j" or "" uses
 * next_id as it is.  The names are passed on as _rawname and _cookedname
 * (and under raw_field_name/cooked_field_name when set), as discovered
 * values of the next screen.  A classify command that prints no name
 * (only blanks, exit status 0) says that the raw name names nothing:
 * -SMIT_E_NODEV, with the message the device commands give for an
 * unknown device ("device 'NAME' was not found in the customized device
 * configuration database").  Returns 0, -SMIT_E_REQUIRED (empty
 * value), -SMIT_E_NODEV, -SMIT_E_CMD, -SMIT_E_NOTFOUND.
 */
int smit_selector_done(struct smit_screen *selector,
		       struct smit_screen **next);

/* ---- dialog commands ------------------------------------------------- */

/*
 * F6: the command Enter would run (cmd_to_exec plus the fields, see the
 * two-pass rule above), in *cmd (owned by the screen, valid until the next
 * call on it).  Returns 0, or -SMIT_E_REQUIRED naming the field ("'LABEL'
 * is required") with *bad_field (if not NULL) set to its index.
 */
int smit_dialog_command(struct smit_screen *dialog, const char **cmd,
			int *bad_field);

/*
 * Enter: build the command, write it to the log and script, run it (unless
 * SMIT_F_NORUN), capture stdout and stderr, append the output and status
 * to the log.  Returns 0 when the command could be started (whatever its
 * exit status: see smit_result_status()), else <0 (required field empty,
 * fork failure ...).  *out must be freed with smit_result_free().
 */
int smit_run(struct smit_screen *dialog, struct smit_result **out,
	     int *bad_field);
/*
 * Send @sig to the process group of the command that smit_run or
 * smit_run_command is running now, if any (each command runs in a process
 * group of its own).  Async-signal-safe: a frontend's handler for SIGTERM
 * or SIGHUP calls it so that no command is left running without it.
 */
void smit_kill_running(int sig);

/* The same for a ready-made command string (logged the same way). */
int smit_run_command(struct smit *smit, const char *cmd,
		     struct smit_result **out);

const char *smit_result_command(const struct smit_result *r);
/* 1 if the command ran, 0 if only recorded (SMIT_F_NORUN). */
int smit_result_ran(const struct smit_result *r);
/* Exit status: 0..255, 128+N when killed by signal N, 0 if not run. */
int smit_result_status(const struct smit_result *r);
/* Captured output (NUL-terminated; the length excludes the NUL). */
const char *smit_result_stdout(const struct smit_result *r, size_t *len);
const char *smit_result_stderr(const struct smit_result *r, size_t *len);
/* Both streams interleaved in the order they were read. */
const char *smit_result_output(const struct smit_result *r, size_t *len);
/*
 * NULL, or why the log or script could not be written ("cannot open
 * 'FILE': REASON"): the command still ran; a frontend may show this.
 */
const char *smit_result_warning(const struct smit_result *r);
void smit_result_free(struct smit_result *r);

#ifdef __cplusplus
}
#endif
#endif
