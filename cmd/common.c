/* SPDX-License-Identifier: GPL-2.0-or-later */
/* common.c - glue shared by the commands (see common.h). */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <pwd.h>
#include <unistd.h>

#include "common.h"
#include "odm.h"
#include "vipa.h"

const struct option cmd_longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

const char *cmd_name = "vipa";

/* The command line as given (getopt reorders argv), one shell word per
 * argument, for the change log. */
static char cmd_line[1024];

static size_t log_word(char *buf, size_t size, size_t len, const char *s);

void cmd_init(int argc, char **argv)
{
	const char *slash;


	setlocale(LC_ALL, "");
	if (argc > 0 && argv[0] && argv[0][0]) {
		slash = strrchr(argv[0], '/');
		cmd_name = slash ? slash + 1 : argv[0];
		/* Uninstalled, libtool may run us as "lt-NAME". */
		if (strncmp(cmd_name, "lt-", 3) == 0 && cmd_name[3])
			cmd_name += 3;
		/* getopt's messages use argv[0]. */
		argv[0] = (char *)cmd_name;
	}
	/* err(3) and warn(3) use this name. */
	program_invocation_short_name = (char *)cmd_name;
	program_invocation_name = (char *)cmd_name;
	{
		size_t len = (size_t)snprintf(cmd_line, sizeof(cmd_line), "%s", cmd_name);

		for (int i = 1; i < argc && len < sizeof(cmd_line); i++)
			len = log_word(cmd_line, sizeof(cmd_line), len, argv[i]);
	}
}

/* Append @s to @buf (size @size, holding @len) as one shell word. */
static size_t log_word(char *buf, size_t size, size_t len, const char *s)
{
	int plain = *s != '\0';

	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_.,:/=@%+", *p))
			plain = 0;
	if (len + 1 < size)
		buf[len++] = ' ';
	if (!plain && len + 1 < size)
		buf[len++] = '\'';
	for (; *s && len + 5 < size; s++) {
		if (*s == '\'') {
			memcpy(buf + len, "'\\''", 4);
			len += 4;
		} else
			buf[len++] = (unsigned char)*s < 0x20 ? '?' : *s;
	}
	if (!plain && len + 1 < size)
		buf[len++] = '\'';
	buf[len] = '\0';
	return len;
}

void cmd_log(int with_args, const char *fmt, ...)
{
	/* who: worked out once, as a command that logs a line per change
	 * (cfgif, cfgvi) may log thousands */
	static int opened;
	static char who[192];
	char msg[2048];
	size_t len;
	va_list ap;

	if (!opened) {
		const char *sudo = getenv("SUDO_USER");
		struct passwd *pw = getpwuid(getuid());

		openlog(cmd_name, LOG_PID, LOG_USER);
		opened = 1;
		if (pw)
			snprintf(who, sizeof(who), "user %s (uid %u", pw->pw_name, (unsigned)getuid());
		else
			snprintf(who, sizeof(who), "user (uid %u", (unsigned)getuid());
		if (sudo && *sudo)
			snprintf(who + strlen(who), sizeof(who) - strlen(who), ", sudo from %.64s", sudo);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	len = strlen(msg);
	if (with_args && len < sizeof(msg))
		snprintf(msg + len, sizeof(msg) - len, ": %s", cmd_line);
	syslog(LOG_NOTICE, "%s): %s", who, msg);
}

void cmd_help(const char *usage)
{
	fputs(usage, stdout);
	exit(cmd_close_stdout(CMD_EXIT_OK));
}

__attribute__((format(printf, 1, 0)))
static int vusage_fail(const char *fmt, va_list ap)
{
	if (fmt)
		vwarnx(fmt, ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", cmd_name);
	return CMD_EXIT_USAGE;
}

int cmd_usage_fail(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vusage_fail(fmt, ap);
	va_end(ap);
	return rc;
}

void cmd_usage_error(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vusage_fail(fmt, ap);
	va_end(ap);
	exit(rc);
}

void cmd_common_option(int c, const char *usage)
{
	if (c == 'h')
		cmd_help(usage);
	if (c == 'V')
		cmd_version();
	cmd_usage_error(NULL);
}

void cmd_class_options(int argc, char **argv, const char *usage,
		       const char **class_name, const char **criteria)
{
	const char *optstring = criteria ? "o:q:" CMD_COMMON_OPTS : "o:" CMD_COMMON_OPTS;
	int c;

	while ((c = getopt_long(argc, argv, optstring, cmd_longopts, NULL)) != -1) {
		if (c == 'o')
			*class_name = optarg;
		else if (c == 'q' && criteria)
			*criteria = optarg;
		else
			cmd_common_option(c, usage);
	}
	if (!*class_name)
		cmd_usage_error("no object class given (-o Class)");
}

void cmd_version(void)
{
	printf("%s (vipa) %s\n", cmd_name, vipa_version());
	exit(cmd_close_stdout(CMD_EXIT_OK));
}

void cmd_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

/*
 * Read @path whole, at most @max bytes, and no NUL byte: text never holds
 * one, so that /dev/zero or a binary file stops at its first block.  With
 * @stanzas, the text between two blank lines (a stanza, with its comments)
 * may not pass CMD_STANZA_MAX bytes either.
 */
static int read_bounded(const char *path, char **data, size_t *len, int stanzas, size_t max)
{
	FILE *f;
	char *buf = NULL, *nbuf;
	size_t size = 0, used = 0, n, run = 0, line = 1;
	int is_stdin = strcmp(path, "-") == 0, blank = 1;
	const char *shown = is_stdin ? "stdin" : path;

	f = is_stdin ? stdin : fopen(path, "r");
	if (!f) {
		cmd_error("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (size - used < 4096) {
			/* doubling, but never much past @max: the input stops there */
			size = size ? size * 2 : 65536;
			if (size > max + 65536)
				size = max + 65536;
			nbuf = realloc(buf, size);
			if (!nbuf) {
				cmd_error("cannot read '%s': %s", path,
					  strerror(ENOMEM));
				goto fail;
			}
			buf = nbuf;
		}
		n = fread(buf + used, 1, size - used - 1, f);
		for (size_t k = used; k < used + n; k++) {
			char c = buf[k];
			if (c == '\0') {
				cmd_error("%s:%zu: a NUL byte: the input is not text", shown, line);
				goto fail;
			}
			if (c == '\n') {
				if (blank)
					run = 0; /* a blank line ends a stanza */
				blank = 1;
				line++;
			} else if (c != ' ' && c != '\t' && c != '\r') {
				blank = 0;
			}
			if (stanzas && ++run > CMD_STANZA_MAX) {
				cmd_error("%s:%zu: a stanza longer than %d bytes (no blank line)",
					  shown, line, CMD_STANZA_MAX);
				goto fail;
			}
		}
		used += n;
		if (used > max) {
			cmd_error("%s: more than %zu bytes of input", shown, max);
			goto fail;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		cmd_error("cannot read '%s': %s", is_stdin ? "standard input" : path,
			  strerror(errno));
		goto fail;
	}
	buf[used] = '\0';
	if (!is_stdin)
		fclose(f);
	*data = buf;
	*len = used;
	return 0;
fail:
	free(buf);
	if (!is_stdin)
		fclose(f);
	return -1;
}

int cmd_read_file(const char *path, char **data, size_t *len)
{
	return read_bounded(path, data, len, 0, CMD_TEXT_MAX);
}

int cmd_read_stanzas(const char *path, char **data, size_t *len)
{
	return read_bounded(path, data, len, 1, CMD_INPUT_MAX);
}

int cmd_close_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_error("write error on standard output: %s", strerror(errno));
		return CMD_EXIT_SYSTEM;
	}
	return rc;
}

int cmd_close_stdout_changed(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_error("write error on standard output (the change was made): %s",
			  strerror(errno));
		return rc ? rc : CMD_EXIT_OUTPUT;
	}
	return rc;
}

int cmd_exit_status(int code)
{
	switch (code < 0 ? -code : code) {
	case VIPA_OK:
		return CMD_EXIT_OK;
	case VIPA_E_USAGE:
		return CMD_EXIT_USAGE;
	case VIPA_E_ARG:
	case VIPA_E_INVAL:
	case VIPA_E_NOCLASS:
	case VIPA_E_CLASSEXISTS:
	case VIPA_E_CLASSDEF:
	case VIPA_E_CRIT:
	case VIPA_E_STANZA:
	case VIPA_E_DESC:
	case VIPA_E_VALUE:
	case VIPA_E_TXN:
	case VIPA_E_NODEV:
	case VIPA_E_EXIST:
	case VIPA_E_NOATTR:
	case VIPA_E_FORMAT:
	case VIPA_E_NOTFOUND:
	case VIPA_E_REQUIRED:
	case VIPA_E_NOLIST:
		return CMD_EXIT_REFUSED;
	case VIPA_E_KERNEL:
		return CMD_EXIT_KERNEL;
	case VIPA_E_UNDO:
		return CMD_EXIT_UNDO;
	case VIPA_E_PERM:
	case VIPA_E_ACCESS:  /* may not write the repository: no privilege */
		return CMD_EXIT_PERM;
	default:  /* NOMEM, IO, DB, BUSY, REPO, NETLINK, DATA, CMD */
		return CMD_EXIT_SYSTEM;
	}
}

int cmd_odm_error(const struct odm *odm, int rc)
{
	const char *msg = odm ? odm_errmsg(odm) : "";

	cmd_error("%s", msg && *msg ? msg : odm_strerror(rc));
	return cmd_exit_status(rc);
}

int cmd_odm_error_at(const struct odm *odm, int rc, const char *what)
{
	const char *msg = odm ? odm_errmsg(odm) : "";
	size_t n = strlen(what);

	if (!msg || !*msg)
		msg = odm_strerror(rc);
	if (strncmp(msg, what, n) == 0 && msg[n] == ':')
		cmd_error("%s", msg);
	else
		cmd_error("%s: %s", what, msg);
	return cmd_exit_status(rc);
}

int cmd_odm_open(struct odm **odm, int rdonly)
{
	int rc;

	*odm = NULL;
	rc = odm_open(odm, NULL, 0);
	/*
	 * A reader first opens for writing, so that an empty ODMDIR gets its
	 * databases; without write access it still reads what is there.
	 */
	if (rc == -ODM_E_PERM && rdonly) {
		if (*odm)
			odm_close(*odm);
		*odm = NULL;
		rc = odm_open(odm, NULL, ODM_RDONLY);
	}
	if (rc < 0) {
		rc = cmd_odm_error(*odm, rc);
		if (*odm)
			odm_close(*odm);
		*odm = NULL;
		return rc;
	}
	return 0;
}

int cmd_odm_class(struct odm *odm, const char *name, const char *criteria,
		  const struct odm_class **cls, struct odm_crit **crit)
{
	int rc;

	/* The store's messages name the class when it is unknown. */
	rc = odm_get_class(odm, name, cls);
	if (rc < 0)
		return cmd_odm_error(odm, rc);
	if (!crit)
		return 0;
	rc = odm_crit_compile(odm, *cls, criteria, crit);
	if (rc < 0)
		return cmd_odm_error_at(odm, rc, name);
	return 0;
}

/* ---- -f File: flags read from a file --------------------------------- */

#define FLAGS_FILE_MAX 65536

/* Append a copy of @s to the vector *@v (*@n entries, NULL-terminated). */
static int vec_add(char ***v, int *n, const char *s)
{
	char **nv = realloc(*v, (size_t)(*n + 2) * sizeof(*nv));

	if (!nv)
		return -1;
	*v = nv;
	if (!(nv[*n] = strdup(s)))
		return -1;
	nv[++*n] = NULL;
	return 0;
}

/* The words of @text, split as the shell splits them (blanks separate;
 * '...' keeps everything, "..." and a backslash outside quotes keep the
 * next byte), with no expansion; appended to *@v (*@n of them).  Returns
 * 0, -1 for an unclosed quote (printed), -2 when out of memory. */
static int split_words(const char *path, const char *text, char ***v, int *n)
{
	struct odm_buf *w = odm_buf_new();
	const char *p = text;
	char q = 0;
	int in_word = 0, rc = -2;

	if (!w)
		return -2;
	for (;; p++) {
		char c = *p;

		if (!c || (!q && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))) {
			if (q) {
				cmd_usage_fail("%s: the quote %c is not closed", path, q);
				rc = -1;
				goto out;
			}
			if (in_word && vec_add(v, n, odm_buf_data(w)) < 0)
				goto out;
			odm_buf_reset(w);
			in_word = 0;
			if (!c)
				break;
			continue;
		}
		in_word = 1;
		if (q == '\'') {
			if (c == '\'')
				q = 0;
			else if (odm_buf_add(w, &c, 1) < 0)
				goto out;
		} else if (c == '\\' && p[1] && (!q || p[1] == '"' || p[1] == '\\')) {
			if (odm_buf_add(w, ++p, 1) < 0)
				goto out;
		} else if (c == '"') {
			q = q ? 0 : '"';
		} else if (c == '\'' && !q) {
			q = '\'';
		} else if (odm_buf_add(w, &c, 1) < 0) {
			goto out;
		}
	}
	rc = 0;
out:
	odm_buf_free(w);
	return rc;
}

int cmd_flags_file(int *argc, char ***argv, const char *optstring,
		   const struct option *longopts)
{
	static char **words;   /* kept to the end: argv points into it */
	static int nwords;
	char **copy, *text = NULL, **nv;
	const char *path = NULL;
	size_t len;
	int c, count = 0, rc, first_file;

	/* Where is -f?  getopt reorders what it scans: scan a copy. */
	copy = calloc((size_t)*argc + 1, sizeof(*copy));
	if (!copy) {
		cmd_error("out of memory");
		return CMD_EXIT_SYSTEM;
	}
	memcpy(copy, *argv, (size_t)*argc * sizeof(*copy));
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(*argc, copy, optstring, longopts, NULL)) != -1)
		if (c == 'f') {
			path = optarg;
			count++;
		}
	opterr = 1;
	optind = 0;
	free(copy);
	if (!path)
		return 0;
	if (count > 1)
		return cmd_usage_fail("-f may be given only once");
	if (cmd_read_file(path, &text, &len) < 0)
		return CMD_EXIT_REFUSED;
	if (len > FLAGS_FILE_MAX || strlen(text) != len) {
		cmd_error("%s: not a file of flags (%s)", path,
			  len > FLAGS_FILE_MAX ? "more than 64 KiB" : "a NUL byte");
		free(text);
		return CMD_EXIT_REFUSED;
	}
	/* argv[0], the file's flags, then the command line's arguments */
	rc = vec_add(&words, &nwords, (*argv)[0]) < 0 ? -2 : 0;
	first_file = nwords;
	if (rc == 0)
		rc = split_words(path, text, &words, &nwords);
	free(text);
	if (rc == -1)
		return CMD_EXIT_USAGE;
	for (int i = 1; rc == 0 && i < *argc; i++)
		if (vec_add(&words, &nwords, (*argv)[i]) < 0)
			rc = -2;
	if (rc < 0) {
		cmd_error("out of memory");
		return CMD_EXIT_SYSTEM;
	}
	/* A file of flags that names another: refused, not followed. */
	nv = calloc((size_t)(nwords - *argc) + 2, sizeof(*nv));
	if (!nv) {
		cmd_error("out of memory");
		return CMD_EXIT_SYSTEM;
	}
	nv[0] = words[0];
	for (int i = first_file; i < first_file + nwords - *argc; i++)
		nv[i - first_file + 1] = words[i];
	opterr = 0;
	optind = 0;
	count = 0;
	while ((c = getopt_long(nwords - *argc + 1, nv, optstring, longopts, NULL)) != -1)
		count += c == 'f';
	opterr = 1;
	optind = 0;
	free(nv);
	if (count)
		return cmd_usage_fail("%s: a file of flags cannot name another (-f)", path);
	*argc = nwords;
	*argv = words;
	return 0;
}

void cmd_unsupported(int opt, const char *why)
{
	cmd_usage_error("-%c is not supported: %s", opt, why);
}

void cmd_quiet(void)
{
	/* The descriptors, not the streams, are replaced: stdout and stderr
	 * stay valid streams (if /dev/null cannot be opened, they print). */
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}
