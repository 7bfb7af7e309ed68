/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * smitty-dialog.c - smit -M: the same engine, menus and commands shown with
 * dialog(1) widgets.  Each screen is one dialog(1) run:
 *   menu      --menu of the items; Select opens one, Help shows its help
 *   selector  --menu of the fields with their values: Edit changes the
 *   dialog    field chosen (--inputbox, --radiolist for rings, --menu or
 *             --checklist for F4 lists), Do runs the command (or opens the
 *             next screen), Command shows the command Enter would run
 *   status    --textbox of COMMAND STATUS: state, stdout/stderr, output
 * dialog(1) writes its answer to a pipe on file descriptor 3.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "smit-front.h"
#include "smit.h"

/* dialog(1) exit codes. */
enum {
	D_OK = 0,
	D_CANCEL = 1,
	D_HELP = 2,
	D_EXTRA = 3,
	D_ESC = 255,
};

enum go {
	GO_STAY,
	GO_BACK,
	GO_EXIT,
};

static struct smit *S;

/* A NULL-terminated argument vector that owns its strings. */
struct argv {
	char **v;
	int n, cap;
};

static void av_add(struct argv *a, const char *s)
{
	if (a->n + 2 > a->cap) {
		int cap = a->cap ? a->cap * 2 : 32;
		char **v = realloc(a->v, (size_t)cap * sizeof(*v));

		if (!v)
			return;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n] = strdup(s ? s : "");
	if (a->v[a->n])
		a->v[++a->n] = NULL;
}

__attribute__((format(printf, 2, 3)))
static void av_addf(struct argv *a, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	av_add(a, s ? s : "");
	free(s);
}

static void av_free(struct argv *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

static void av_begin(struct argv *a, const char *title)
{
	av_add(a, "dialog");
	/* ASCII borders: the same on every terminal and locale. */
	av_add(a, "--ascii-lines");
	av_add(a, "--output-fd");
	av_add(a, "3");
	av_add(a, "--backtitle");
	av_add(a, "System Management Interface Tool");
	av_add(a, "--title");
	av_add(a, title);
}

/*
 * Run dialog(1) with @a; its answer (malloc'd, maybe "") goes to *answer.
 * Returns its exit status, or -1 if it could not be run.
 */
static int run_dialog(struct argv *a, char **answer)
{
	int fd[2], st = 0;
	size_t len = 0, cap = 256;
	char *buf = malloc(cap);
	pid_t pid;
	ssize_t k;

	*answer = NULL;
	if (!buf || !a->v || pipe(fd) < 0) {
		free(buf);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		free(buf);
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		if (fd[1] != 3) {
			dup2(fd[1], 3);
			close(fd[1]);
		}
		execvp(a->v[0], a->v);
		_exit(127);
	}
	close(fd[1]);
	for (;;) {
		if (len + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		k = read(fd[0], buf + len, cap - len - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	close(fd[0]);
	buf[len] = '\0';
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*answer = buf;
	if (!WIFEXITED(st))
		return -1;
	if (WEXITSTATUS(st) == 127) {
		cmd_error("cannot run 'dialog'");
		return -1;
	}
	return WEXITSTATUS(st);
}

/* The terminal's columns (80 when it does not say). */
static int term_cols(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/*
 * The width of a menu box (--menu, --checklist) with items up to @item
 * columns wide and the buttons @labels (NULL-terminated).  dialog(1)
 * sizes a box by its text and items only, so a row of buttons wider than
 * they are ran past the frame (the TCP/IP menu, with one short item and
 * four buttons).  A button is as wide as the longest label and its "< >";
 * dialog wants two columns between buttons and three inside each border.
 * The box is never wider than the terminal.
 */
static int menu_width(int item, const char *const *labels)
{
	int n = 0, longest = 0, w;

	for (; labels[n]; n++)
		if ((int)strlen(labels[n]) > longest)
			longest = (int)strlen(labels[n]);
	w = n * (longest + 2) + (n - 1) * 2 + 6;
	/* an item: the borders, margins and the list's own frame */
	if (item + 12 > w)
		w = item + 12;
	if (w > term_cols())
		w = term_cols();
	return w;
}

static void msgbox(const char *title, const char *text)
{
	struct argv a = { 0 };
	char *ans = NULL;
	int rows = 6;

	av_begin(&a, title);
	/* 64 columns wide, and high enough for the text at that width. */
	for (const char *p = text; *p; p++)
		if (*p == '\n')
			rows++;
	rows += (int)(strlen(text) / 56);
	av_add(&a, "--msgbox");
	av_add(&a, text);
	av_addf(&a, "%d", rows);
	av_add(&a, "64");
	run_dialog(&a, &ans);
	free(ans);
	av_free(&a);
}

static void engine_error(void)
{
	const char *detail = front_more_output(smit_last_output(S));
	char *text = NULL;

	if (asprintf(&text, "%s%s%s", smit_errmsg(S),
		     detail && *detail ? "\n" : "", detail ? detail : "") < 0)
		return;
	msgbox("ERROR MESSAGE", text);
	free(text);
}

static enum go run_screen(struct smit_screen *s);

/* ---- menus ------------------------------------------------------------ */

static enum go run_menu(struct smit_screen *s)
{
	static const char *const labels[] = { "Select", "Exit", "Cancel", "Help", NULL };
	int cur = 0;

	for (;;) {
		int n = smit_menu_count(s), rc, pick, item = 0;
		struct argv a = { 0 };
		char *ans = NULL;

		for (int i = 0; i < n; i++)
			if ((int)strlen(smit_menu_text(s, i)) > item)
				item = (int)strlen(smit_menu_text(s, i));

		av_begin(&a, smit_screen_title(s));
		av_add(&a, "--ok-label");
		av_add(&a, "Select");
		av_add(&a, "--cancel-label");
		av_add(&a, "Cancel");
		av_add(&a, "--extra-button");
		av_add(&a, "--extra-label");
		av_add(&a, "Exit");
		av_add(&a, "--help-button");
		av_add(&a, "--no-tags");
		av_add(&a, "--default-item");
		av_addf(&a, "%d", cur + 1);
		av_add(&a, "--menu");
		av_add(&a, "Move cursor to desired item and press Enter.");
		av_add(&a, "0");
		av_addf(&a, "%d", menu_width(item, labels));
		av_add(&a, "0");
		for (int i = 0; i < n; i++) {
			av_addf(&a, "%d", i + 1);
			av_add(&a, smit_menu_text(s, i));
		}
		rc = run_dialog(&a, &ans);
		av_free(&a);
		pick = ans ? atoi(strncmp(ans, "HELP ", 5) == 0 ? ans + 5 : ans) : 0;
		free(ans);
		if (pick >= 1 && pick <= n)
			cur = pick - 1;
		switch (rc) {
		case D_OK: {
			struct smit_screen *next = NULL;

			if (n == 0)
				break;
			if (smit_menu_select(s, cur, &next) < 0) {
				engine_error();
				break;
			}
			if (run_screen(next) == GO_EXIT)
				return GO_EXIT;
			break;
		}
		case D_HELP: {
			const char *h = n ? smit_menu_help(s, cur) : NULL;

			if (!h)
				h = smit_screen_help(s);
			msgbox(n ? smit_menu_text(s, cur) : smit_screen_title(s),
			       h ? h : "No help is available for this item.");
			break;
		}
		case D_EXTRA:
			return GO_EXIT;
		case -1:
			return GO_EXIT;
		default:
			return GO_BACK;
		}
	}
}

/* ---- COMMAND STATUS ----------------------------------------------------- */

static enum go show_status(struct smit_screen *s)
{
	struct smit_result *res = NULL;
	struct argv a = { 0 };
	const char *tmp = getenv("TMPDIR");
	char *path = NULL;
	char *ans = NULL;
	const char *state;
	size_t olen = 0, elen = 0, alen = 0;
	const char *all = "";
	int bad = -1, fd, rc;
	FILE *f;

	rc = smit_run(s, &res, &bad);
	if (rc < 0) {
		state = "failed";
		all = smit_errmsg(S);
		alen = strlen(all);
		elen = alen;
	} else {
		smit_result_stdout(res, &olen);
		smit_result_stderr(res, &elen);
		all = smit_result_output(res, &alen);
		state = smit_result_status(res) == 0 ? "OK" : "failed";
	}
	if (asprintf(&path, "%s/smit-status.XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0)
		path = NULL;
	fd = path ? mkstemp(path) : -1;
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		free(path);
		smit_result_free(res);
		msgbox("COMMAND STATUS", state);
		return GO_STAY;
	}
	fprintf(f, "Command: %-14sstdout: %-14sstderr: %s\n\n", state,
		olen ? "yes" : "no", elen ? "yes" : "no");
	fprintf(f, "Before command completion, additional instructions may "
		   "appear below.\n\n");
	fwrite(all, 1, alen, f);
	fclose(f);
	smit_result_free(res);

	av_begin(&a, "COMMAND STATUS");
	av_add(&a, "--exit-label");
	av_add(&a, "Back");
	av_add(&a, "--textbox");
	av_add(&a, path);
	av_add(&a, "0");
	av_add(&a, "0");
	rc = run_dialog(&a, &ans);
	free(ans);
	av_free(&a);
	unlink(path);
	free(path);
	return rc < 0 ? GO_EXIT : GO_STAY;
}

/* ---- selectors and dialogs --------------------------------------------------- */

static char *field_line(struct smit_screen *s, int i)
{
	unsigned fl = smit_field_flags(s, i);
	int mark = smit_field_marker(s, i);
	char *line = NULL;

	if (asprintf(&line, "%c %-46.46s %s%s%s %c",
		     (fl & SMIT_FF_REQUIRED) ? '*' : ' ', smit_field_label(s, i),
		     (fl & SMIT_FF_EDITABLE) ? "[" : "", smit_field_value(s, i),
		     (fl & SMIT_FF_EDITABLE) ? "]" : "",
		     mark ? (char)mark : ' ') < 0)
		return NULL;
	return line;
}

/* Ask for a typed value. */
static void edit_input(struct smit_screen *s, int i)
{
	struct argv a = { 0 };
	char *ans = NULL;

	av_begin(&a, smit_field_label(s, i));
	av_add(&a, "--inputbox");
	av_add(&a, smit_field_label(s, i));
	av_add(&a, "0");
	av_add(&a, "70");
	av_add(&a, smit_field_value(s, i));
	if (run_dialog(&a, &ans) == D_OK && ans) {
		size_t len = strlen(ans);

		if (len && ans[len - 1] == '\n')
			ans[len - 1] = '\0';
		if (smit_field_set(s, i, ans) < 0)
			engine_error();
	}
	free(ans);
	av_free(&a);
}

/* Offer the field's list (F4): a menu, or a checklist when multi-select. */
static void edit_list(struct smit_screen *s, int i)
{
	unsigned fl = smit_field_flags(s, i);
	struct smit_list *l = NULL;
	struct argv a = { 0 };
	char *ans = NULL, *tok, *save = NULL;
	int n, multi, rc, *idx, nidx = 0;

	if (smit_field_list(s, i, &l) < 0) {
		engine_error();
		return;
	}
	n = smit_list_count(l);
	multi = smit_list_multi(l);
	av_begin(&a, smit_field_label(s, i));
	av_add(&a, "--no-tags");
	if (fl & SMIT_FF_EDITABLE) {
		av_add(&a, "--extra-button");
		av_add(&a, "--extra-label");
		av_add(&a, "Type");
	}
	av_add(&a, multi ? "--checklist" : "--menu");
	av_add(&a, multi ? "Move cursor to desired item and press Space.\n"
			   "ONE OR MORE items can be selected.\n"
			   "Press Enter AFTER making all selections." :
			   "Move cursor to desired item and press Enter.");
	av_add(&a, "0");
	av_add(&a, "0");
	av_add(&a, "0");
	for (int k = 0; k < n; k++) {
		av_addf(&a, "%d", k + 1);
		av_add(&a, smit_list_item(l, k));
		if (multi)
			av_add(&a, "off");
	}
	rc = run_dialog(&a, &ans);
	av_free(&a);
	idx = calloc((size_t)n + 1, sizeof(*idx));
	if (rc == D_OK && ans && idx) {
		for (tok = strtok_r(ans, " \n\"", &save); tok;
		     tok = strtok_r(NULL, " \n\"", &save)) {
			int k = atoi(tok);

			if (k >= 1 && k <= n && nidx < n)
				idx[nidx++] = k - 1;
		}
		if (nidx && smit_field_choose(s, i, l, idx, nidx) < 0)
			engine_error();
	}
	free(idx);
	free(ans);
	smit_list_free(l);
	if (rc == D_EXTRA)
		edit_input(s, i);
}

static void edit_field(struct smit_screen *s, int i)
{
	unsigned fl = smit_field_flags(s, i);

	if (fl & (SMIT_FF_RING | SMIT_FF_LIST))
		edit_list(s, i);
	else if (fl & SMIT_FF_EDITABLE)
		edit_input(s, i);
	else
		msgbox(smit_field_label(s, i), "This value cannot be changed.");
}

static enum go dialog_do(struct smit_screen *s)
{
	struct smit_screen *next = NULL;
	const char *cmd;
	int bad = -1;

	if (smit_screen_kind(s) == SMIT_SELECTOR) {
		if (smit_selector_done(s, &next) < 0) {
			engine_error();
			return GO_STAY;
		}
		return run_screen(next) == GO_EXIT ? GO_EXIT : GO_STAY;
	}
	if (smit_dialog_command(s, &cmd, &bad) < 0) {
		engine_error();
		return GO_STAY;
	}
	if (smit_screen_ask(s)) {
		struct argv a = { 0 };
		char *ans = NULL;
		int rc;

		av_begin(&a, "ARE YOU SURE?");
		av_add(&a, "--yesno");
		av_add(&a, "Continuing may delete information you may want to keep.  "
			   "This is your last chance to stop before continuing.");
		av_add(&a, "0");
		av_add(&a, "0");
		rc = run_dialog(&a, &ans);
		free(ans);
		av_free(&a);
		if (rc != D_OK)
			return GO_STAY;
	}
	return show_status(s);
}

static enum go run_fields(struct smit_screen *s)
{
	int cur = 0, sel = smit_screen_kind(s) == SMIT_SELECTOR;

	for (;;) {
		int n = smit_field_count(s), rc, pick;
		struct argv a = { 0 };
		char *ans = NULL;
		const char *cmd = NULL;

		av_begin(&a, smit_screen_title(s));
		av_add(&a, "--ok-label");
		av_add(&a, "Edit");
		av_add(&a, "--extra-button");
		av_add(&a, "--extra-label");
		av_add(&a, "Do");
		av_add(&a, "--cancel-label");
		av_add(&a, "Cancel");
		if (!sel) {
			av_add(&a, "--help-button");
			av_add(&a, "--help-label");
			av_add(&a, "Command");
		}
		av_add(&a, "--no-tags");
		av_add(&a, "--default-item");
		av_addf(&a, "%d", cur + 1);
		av_add(&a, "--menu");
		av_add(&a, sel ? "Type or select a value for the entry field.\n"
				 "Press Enter AFTER making all desired changes." :
				 "Type or select values in entry fields.\n"
				 "Press Enter AFTER making all desired changes.");
		av_add(&a, "0");
		av_add(&a, "0");
		av_add(&a, "0");
		for (int i = 0; i < n; i++) {
			char *line = field_line(s, i);

			av_addf(&a, "%d", i + 1);
			av_add(&a, line ? line : "");
			free(line);
		}
		rc = run_dialog(&a, &ans);
		av_free(&a);
		pick = ans ? atoi(strncmp(ans, "HELP ", 5) == 0 ? ans + 5 : ans) : 0;
		free(ans);
		if (pick >= 1 && pick <= n)
			cur = pick - 1;
		switch (rc) {
		case D_OK:
			if (n > 0)
				edit_field(s, cur);
			break;
		case D_EXTRA:
			if (dialog_do(s) == GO_EXIT)
				return GO_EXIT;
			break;
		case D_HELP:
			if (smit_dialog_command(s, &cmd, NULL) < 0)
				engine_error();
			else
				msgbox("SHOW COMMAND STRING", cmd);
			break;
		case -1:
			return GO_EXIT;
		default:
			return GO_BACK;
		}
	}
}

static enum go run_screen(struct smit_screen *s)
{
	enum go g;

	if (smit_screen_kind(s) == SMIT_MENU)
		g = run_menu(s);
	else if (smit_screen_kind(s) == SMIT_DIALOG && smit_screen_ghost(s))
		g = show_status(s);
	else
		g = run_fields(s);
	smit_screen_free(s);
	return g;
}

int dlg_run(struct smit *smit, struct smit_screen *first)
{
	S = smit;
	run_screen(first);
	return 0;
}
