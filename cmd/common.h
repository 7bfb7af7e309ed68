/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common.h - glue shared by the commands: program name, usage and
 * "Try --help" lines, one-line error messages, exit statuses, reading
 * input files, and opening the object repository.
 *
 * Exit statuses every command uses the same way (see the man pages), and
 * the one place that maps the library's error codes to them
 * (cmd_exit_status):
 *   0  success
 *   1  usage error: bad option or operand
 *   2  the request was refused: bad input (an input file that cannot be
 *      read, criteria, stanza, class definition, value), unknown class,
 *      descriptor, device or attribute, ...; cfgif and ifconfig-vi:
 *      stored devices that break the rules were named (and left alone)
 *   3  the repository or the system failed: cannot open or write the
 *      database, lock not obtained in time, I/O error, out of memory
 *   4  the kernel refused a change; what was done was undone
 *   5  no privilege to change the network or the repository
 *   6  the change was made, but routes recorded for a VIPA were found
 *      lost with its address (one line each on stderr; see vdev_nlost)
 *   7  not used
 *   8  a change failed and was not all undone: the kernel and the
 *      database differ (the message says how; cfgif makes them agree)
 *   9  the change was made (committed), but what the command reports on
 *      standard output could not be written (cmd_close_stdout_changed)
 *  10  cfgvi -n: the host differs from the set; the changes a run would
 *      make are on standard output
 */
#ifndef VIPA_CMD_COMMON_H
#define VIPA_CMD_COMMON_H

#include <getopt.h>
#include <stddef.h>

struct odm;
struct odm_class;
struct odm_crit;

enum {
	CMD_EXIT_OK = 0,
	CMD_EXIT_USAGE = 1,
	CMD_EXIT_REFUSED = 2,
	CMD_EXIT_SYSTEM = 3,
	CMD_EXIT_KERNEL = 4,
	CMD_EXIT_PERM = 5,
	CMD_EXIT_LOST = 6,
	CMD_EXIT_UNDO = 8,
	CMD_EXIT_OUTPUT = 9,
	CMD_EXIT_PENDING = 10,
};

/*
 * The exit status for an error code of the library (VIPA_E_*, as any
 * module's name for it; positive or negative; 0 gives 0), as the table
 * above says.
 */
int cmd_exit_status(int code);

/*
 * The options every command has, handled by cmd_common_option: -h and
 * --help, -V and --version.  CMD_COMMON_OPTS ends each command's getopt
 * string, cmd_longopts is its long option table.  Two commands keep a
 * letter for AIX or e2fsprogs: odmcreate -h (generate a C header) and
 * lsattr -V (the e2fsprogs lsattr's version); both still take --help and
 * --version.
 */
#define CMD_COMMON_OPTS "hV"
extern const struct option cmd_longopts[];

/* The name the command was run as (basename of argv[0]). */
extern const char *cmd_name;

/* Set cmd_name from argv[0] and the locale from the environment. */
void cmd_init(int argc, char **argv);

/*
 * Print @usage (the full help text, which starts with the synopsis) to
 * stdout and exit 0.  %s in @usage is not expanded: the text is printed
 * as it is.
 */
__attribute__((noreturn)) void cmd_help(const char *usage);

/*
 * Print "cmd: MESSAGE" (if @fmt is not NULL) and then
 * "Try 'cmd --help' for more information." on stderr, and exit 1.
 */
__attribute__((noreturn, format(printf, 1, 2)))
void cmd_usage_error(const char *fmt, ...);

/*
 * Like cmd_usage_error, but return CMD_EXIT_USAGE instead of exiting, for
 * a command that has something to free first.
 */
__attribute__((format(printf, 1, 2))) int cmd_usage_fail(const char *fmt, ...);

/*
 * The options every command handles alike, for the default branch of its
 * getopt switch: 'h' (-h, --help) prints @usage and exits 0, 'V'
 * (-V, --version) prints the version and exits 0, and anything else is a
 * usage error (exit 1).
 */
__attribute__((noreturn)) void cmd_common_option(int c, const char *usage);

/*
 * Parse the options of a command that works on one object class:
 * -o Class into *@class_name, -q Criteria into *@criteria (with @criteria
 * NULL there is no -q), --help (-h) and --version (-V).  On misuse, or
 * without -o, prints the usage error and exits 1.  Operands are left to
 * the caller, from optind on.
 */
void cmd_class_options(int argc, char **argv, const char *usage,
		       const char **class_name, const char **criteria);

/*
 * The change log: one syslog line (LOG_USER, LOG_NOTICE, tagged with the
 * command's name and PID) for a change made to the kernel or the
 * repository: "user NAME (uid N[, sudo from NAME]): MESSAGE", and with
 * @with_args set ": COMMAND ARGS..." after it (the command line as given).
 * Commands that only read never call it.
 */
__attribute__((format(printf, 2, 3))) void cmd_log(int with_args, const char *fmt, ...);

/* Print "cmd (vipa) VERSION" to stdout and exit 0. */
__attribute__((noreturn)) void cmd_version(void);

/* Print "cmd: MESSAGE" as one line on stderr. */
__attribute__((format(printf, 1, 2))) void cmd_error(const char *fmt, ...);

/*
 * Read the whole of a text file @path ("-" is standard input) into a
 * NUL-terminated buffer the caller frees: at most CMD_TEXT_MAX bytes, and
 * no NUL byte (text never holds one: /dev/zero or a binary file stops at
 * once).  On failure prints the error ("FILE:LINE: ...") and returns -1;
 * the command then exits with CMD_EXIT_REFUSED.  odmcreate reads its class
 * descriptions so.
 */
#define CMD_TEXT_MAX (16 << 20)
int cmd_read_file(const char *path, char **data, size_t *len);

/*
 * The same for a stanza file (odmadd, odmchange), bounded: a stanza (the
 * text between two blank lines) of at most CMD_STANZA_MAX bytes, and at
 * most CMD_INPUT_MAX bytes in all.  Past either it prints "FILE:LINE:
 * ..." and returns -1 (exit CMD_EXIT_REFUSED).  The object store bounds a
 * value and a stanza again as it parses them (odmadd(1) gives the limits).
 */
#define CMD_STANZA_MAX (16 << 20)
#define CMD_INPUT_MAX (256 << 20)
int cmd_read_stanzas(const char *path, char **data, size_t *len);

/*
 * -f File, as the AIX device commands take it: "reads the needed flags
 * from File".  When the command line (as @optstring and @longopts parse
 * it) holds -f File, File's words (split as the shell splits words:
 * blanks, '...', "..." and backslashes, no expansion) are put before the
 * command line's arguments in a new *@argv (*@argc updated; the vector
 * lives to the end of the program), so that one getopt loop reads both;
 * the loop skips 'f'.  Returns 0 (also without -f), or prints why and
 * returns the exit status: 2 when File cannot be read or holds a NUL byte
 * or more than 64 KiB, 1 for an unclosed quote, a second -f, or a -f in
 * File.
 */
int cmd_flags_file(int *argc, char ***argv, const char *optstring,
		   const struct option *longopts);

/*
 * A flag of the AIX command that this one refuses: prints
 * "cmd: -X is not supported: @why" and the "Try" line, and exits 1.
 */
__attribute__((noreturn)) void cmd_unsupported(int opt, const char *why);

/*
 * -q (AIX): from now on the command prints nothing, neither on standard
 * output nor on standard error; its exit status and the change log (a
 * changing command's syslog line) still tell what happened.
 */
void cmd_quiet(void);

/*
 * Flush standard output; on a write error print it and return
 * CMD_EXIT_SYSTEM, else return @rc.  Call it just before exiting when the
 * command wrote to stdout.
 */
int cmd_close_stdout(int rc);

/*
 * The same for a command whose change is committed when @rc is 0: a write
 * error then returns CMD_EXIT_OUTPUT, not CMD_EXIT_SYSTEM (which says
 * nothing was changed).  A non-zero @rc is kept.
 */
int cmd_close_stdout_changed(int rc);


/*
 * Open the repository named by $ODMDIR (the configured default if unset).
 * With @rdonly set the command only reads: it falls back to a read-only
 * open when it may not write the repository.  On failure prints the error, closes what was
 * opened, and returns the exit status to use (non-zero).
 */
int cmd_odm_open(struct odm **odm, int rdonly);

/*
 * Print "cmd: MESSAGE" where MESSAGE is @odm's last error message, or the
 * fixed text of @rc if the handle holds none.  Returns cmd_odm_status(rc).
 */
int cmd_odm_error(const struct odm *odm, int rc);

/*
 * Like cmd_odm_error, but the line reads "cmd: @what: MESSAGE" (@what
 * names the class or file the message is about) unless the message
 * already starts with "@what:".
 */
int cmd_odm_error_at(const struct odm *odm, int rc, const char *what);

/*
 * Look up the object class @name in @odm and, unless @crit is NULL,
 * compile @criteria (NULL: every object) for it.  On failure prints the
 * error (naming the class when the criteria are bad) and returns the exit
 * status; the caller frees *@crit with odm_crit_free().
 */
int cmd_odm_class(struct odm *odm, const char *name, const char *criteria,
		  const struct odm_class **cls, struct odm_crit **crit);

#endif
