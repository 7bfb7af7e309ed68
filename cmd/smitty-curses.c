/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * smitty-curses.c - the curses frontend of smit: screens drawn as AIX's
 * smitty draws them, keys read through per-screen binding tables that map
 * them to requests, and a loop per screen that dispatches requests.
 *
 * Layout at 80x24 (the columns scale with the terminal width):
 *   row 0        title, centred
 *   rows 2-3     instructions
 *   row 5        [Entry Fields] over the value column, [TOP]/[MORE...n]
 *   rows 6-      fields, items or output; [MORE...n]/[BOTTOM] on the last
 *   last rows    the key bar, four labels per row, 20 columns apart
 * Popups (F1 help, F4 lists, F6 command, errors) are boxed windows over it.
 *
 * The terminal is restored on every way out: normal return, exit() (an
 * atexit handler) and the fatal signals (handlers that call endwin()).
 */
#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "smit-front.h"
#include "smit.h"

/* ---- requests and key bindings ----------------------------------------- */

enum req {
	R_NONE,
	R_HELP,
	R_REFRESH,
	R_CANCEL,
	R_LIST,
	R_RESET,
	R_COMMAND,
	R_EDIT,     /* F7 on a dialog: edit the value in a popup */
	R_SELECT,   /* F7 in a multi-select list */
	R_IMAGE,
	R_SHELL,
	R_EXIT,
	R_DO,
	R_FIND,
	R_FINDNEXT,
	R_UP,
	R_DOWN,
	R_PGUP,
	R_PGDN,
	R_HOME,
	R_END,
	R_LEFT,
	R_RIGHT,
	R_BOL,
	R_EOL,
	R_BKSP,
	R_DEL,
	R_KILL,
	R_RINGNEXT,
	R_RINGPREV,
	R_RESIZE,
	R_CHAR,     /* a printable character typed into a field */
};

struct binding {
	int key;
	enum req req;
	const char *label; /* shown in the key bar, in table order */
};

#define KEY_NL '\n'
#define KEY_CR '\r'
#define CTRL(c) ((c) & 0x1f)

/* Keys every screen answers, not shown in the key bar. */
static const struct binding keys_move[] = {
	{ KEY_UP, R_UP, NULL },
	{ KEY_DOWN, R_DOWN, NULL },
	{ CTRL('p'), R_UP, NULL },
	{ CTRL('n'), R_DOWN, NULL },
	{ KEY_PPAGE, R_PGUP, NULL },
	{ KEY_NPAGE, R_PGDN, NULL },
	{ KEY_HOME, R_HOME, NULL },
	{ KEY_END, R_END, NULL },
	{ KEY_RESIZE, R_RESIZE, NULL },
	{ CTRL('l'), R_REFRESH, NULL },
	{ KEY_CR, R_DO, NULL },
	{ KEY_ENTER, R_DO, NULL },
	{ 0, R_NONE, NULL },
};

/* Line editing in an entry field. */
static const struct binding keys_edit[] = {
	{ KEY_LEFT, R_LEFT, NULL },
	{ KEY_RIGHT, R_RIGHT, NULL },
	{ CTRL('a'), R_BOL, NULL },
	{ CTRL('e'), R_EOL, NULL },
	{ KEY_BACKSPACE, R_BKSP, NULL },
	{ 127, R_BKSP, NULL },
	{ CTRL('h'), R_BKSP, NULL },
	{ KEY_DC, R_DEL, NULL },
	{ CTRL('d'), R_DEL, NULL },
	{ CTRL('u'), R_KILL, NULL },
	{ '\t', R_RINGNEXT, NULL },
	{ KEY_BTAB, R_RINGPREV, NULL },
	{ 0, R_NONE, NULL },
};

static const struct binding keys_menu[] = {
	{ KEY_F(1), R_HELP, "F1=Help" },
	{ KEY_F(2), R_REFRESH, "F2=Refresh" },
	{ KEY_F(3), R_CANCEL, "F3=Cancel" },
	{ KEY_F(8), R_IMAGE, "F8=Image" },
	{ KEY_F(9), R_SHELL, "F9=Shell" },
	{ KEY_F(10), R_EXIT, "F10=Exit" },
	{ KEY_NL, R_DO, "Enter=Do" },
	{ 0, R_NONE, NULL },
};

static const struct binding keys_dialog[] = {
	{ KEY_F(1), R_HELP, "F1=Help" },
	{ KEY_F(2), R_REFRESH, "F2=Refresh" },
	{ KEY_F(3), R_CANCEL, "F3=Cancel" },
	{ KEY_F(4), R_LIST, "F4=List" },
	{ KEY_F(5), R_RESET, "F5=Reset" },
	{ KEY_F(6), R_COMMAND, "F6=Command" },
	{ KEY_F(7), R_EDIT, "F7=Edit" },
	{ KEY_F(8), R_IMAGE, "F8=Image" },
	{ KEY_F(9), R_SHELL, "F9=Shell" },
	{ KEY_F(10), R_EXIT, "F10=Exit" },
	{ KEY_NL, R_DO, "Enter=Do" },
	{ 0, R_NONE, NULL },
};

static const struct binding keys_status[] = {
	{ KEY_F(1), R_HELP, "F1=Help" },
	{ KEY_F(2), R_REFRESH, "F2=Refresh" },
	{ KEY_F(3), R_CANCEL, "F3=Cancel" },
	{ KEY_F(6), R_COMMAND, "F6=Command" },
	{ KEY_F(8), R_IMAGE, "F8=Image" },
	{ KEY_F(9), R_SHELL, "F9=Shell" },
	{ KEY_F(10), R_EXIT, "F10=Exit" },
	{ '/', R_FIND, "/=Find" },
	{ 'n', R_FINDNEXT, "n=Find Next" },
	{ 0, R_NONE, NULL },
};

static const struct binding keys_list[] = {
	{ KEY_F(1), R_HELP, "F1=Help" },
	{ KEY_F(2), R_REFRESH, "F2=Refresh" },
	{ KEY_F(3), R_CANCEL, "F3=Cancel" },
	{ KEY_F(8), R_IMAGE, "F8=Image" },
	{ KEY_F(10), R_EXIT, "F10=Exit" },
	{ KEY_NL, R_DO, "Enter=Do" },
	{ '/', R_FIND, "/=Find" },
	{ 'n', R_FINDNEXT, "n=Find Next" },
	{ 0, R_NONE, NULL },
};

static const struct binding keys_multi[] = {
	{ KEY_F(1), R_HELP, "F1=Help" },
	{ KEY_F(2), R_REFRESH, "F2=Refresh" },
	{ KEY_F(3), R_CANCEL, "F3=Cancel" },
	{ KEY_F(7), R_SELECT, "F7=Select" },
	{ KEY_F(8), R_IMAGE, "F8=Image" },
	{ KEY_F(10), R_EXIT, "F10=Exit" },
	{ KEY_NL, R_DO, "Enter=Do" },
	{ '/', R_FIND, "/=Find" },
	{ 'n', R_FINDNEXT, "n=Find Next" },
	{ 0, R_NONE, NULL },
};

/* Help, command and message popups. */
static const struct binding keys_text[] = {
	{ KEY_F(1), R_HELP, "F1=Help" },
	{ KEY_F(2), R_REFRESH, "F2=Refresh" },
	{ KEY_F(3), R_CANCEL, "F3=Cancel" },
	{ KEY_F(8), R_IMAGE, "F8=Image" },
	{ KEY_F(10), R_EXIT, "F10=Exit" },
	{ KEY_NL, R_DO, "Enter=Do" },
	{ 0, R_NONE, NULL },
};

/* The one-line editors (find string, F7 edit). */
static const struct binding keys_prompt[] = {
	{ KEY_F(3), R_CANCEL, "F3=Cancel" },
	{ KEY_F(10), R_EXIT, "F10=Exit" },
	{ KEY_NL, R_DO, "Enter=Do" },
	{ 0, R_NONE, NULL },
};

static enum req lookup(const struct binding *t, int key)
{
	for (; t && t->req != R_NONE; t++)
		if (t->key == key)
			return t->req;
	return R_NONE;
}

/* ---- session state ------------------------------------------------------ */

static struct {
	struct smit *smit;
	SCREEN *sp;
	int on;              /* curses owns the terminal */
	int exit_after_draw; /* SMITTY_EXIT_AFTER_DRAW: leave after 1st paint */
	char *find;          /* last /=Find string */
	int quit;            /* F10 in a popup: leave from every screen */
	/* Redraws the screen under a popup (after a resize or F2). */
	void (*base_draw)(void *arg);
	void *base_arg;
} T;

static void tui_end(void)
{
	if (T.on) {
		T.on = 0;
		endwin();
	}
}

static void on_fatal_signal(int sig)
{
	/* A command still running would be left behind without us. */
	smit_kill_running(SIGTERM);
	/* endwin() is what ncurses' own handler calls here too. */
	if (T.on)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void set_base(void (*fn)(void *), void *arg)
{
	T.base_draw = fn;
	T.base_arg = arg;
}

/*
 * Read one key.  Esc followed by 1..9 or 0 is F1..F10, for terminals
 * that send no function keys; Esc followed by anything else is that key.
 */
static int read_key(WINDOW *w)
{
	int c, errs = 0;

	/* The reads block: one that fails again and again means the
	 * terminal is gone (a closed pty that sent no SIGHUP).  End as a
	 * hangup does instead of spinning on it. */
	while ((c = wgetch(w)) == ERR)
		if (++errs >= 100)
			raise(SIGHUP);

	if (c == 27) {
		int d = wgetch(w);

		if (d >= '1' && d <= '9')
			return KEY_F(d - '0');
		if (d == '0')
			return KEY_F(10);
		if (d == 27)
			return KEY_F(3);
		return d;
	}
	return c;
}

/* Map a key through the screen's table, then the shared ones. */
static enum req key_req(int key, const struct binding *screen,
			const struct binding *edit, int *ch)
{
	enum req r = lookup(screen, key);

	*ch = 0;
	if (r == R_NONE && edit)
		r = lookup(edit, key);
	if (r == R_NONE)
		r = lookup(keys_move, key);
	if (r == R_NONE && edit && key >= 32 && key < 256 && key != 127 &&
	    isprint(key)) {
		*ch = key;
		r = R_CHAR;
	}
	return r;
}

/* ---- drawing primitives ------------------------------------------------- */

static int imax(int a, int b)
{
	return a > b ? a : b;
}

static int imin(int a, int b)
{
	return a < b ? a : b;
}

/* Put at most @w bytes of @s at (@y, @x) of @win, never past the edge. */
static void put(WINDOW *win, int y, int x, const char *s, int w)
{
	int maxx = getmaxx(win), maxy = getmaxy(win);

	if (y < 0 || y >= maxy || x < 0 || x >= maxx || w <= 0)
		return;
	w = imin(w, maxx - x);
	mvwaddnstr(win, y, x, s, imin(w, (int)strlen(s)));
}

static void put_centred(WINDOW *win, int y, int x0, int width, const char *s)
{
	int len = (int)strlen(s);
	/* AIX centres the title over the 78 columns inside the margins. */
	int x = x0 + imax(0, (width - 2 - len) / 2);

	put(win, y, x, s, width - (x - x0));
}

/* Labels of @t with the key bar layout: @per labels a row, @colw apart. */
static int keybar_rows(const struct binding *t, int per)
{
	int n = 0;

	for (; t->req != R_NONE; t++)
		if (t->label)
			n++;
	return (n + per - 1) / per;
}

static void draw_keybar(WINDOW *win, int y, int x, const struct binding *t,
			int per, int colw, int width)
{
	int k = 0;

	for (; t->req != R_NONE; t++) {
		if (!t->label)
			continue;
		put(win, y + k / per, x + (k % per) * colw, t->label,
		    width - (k % per) * colw);
		k++;
	}
}

/* The main screen's key bar, at the bottom.  Returns its first row. */
static int screen_keybar(const struct binding *t)
{
	int rows = keybar_rows(t, 4);
	int y = LINES - rows;

	draw_keybar(stdscr, y, 0, t, 4, 20, COLS);
	return y;
}

/* A growable array of lines. */
struct lines {
	char **v;
	int n, cap;
};

static int lines_add(struct lines *l, const char *s, size_t len)
{
	char *copy;

	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, (size_t)cap * sizeof(*v));

		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	l->v[l->n++] = copy;
	return 0;
}

static void lines_free(struct lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/*
 * Break @text into display lines of at most @width columns: at newlines,
 * then at the last blank that fits (or hard when a word is longer).  Tabs
 * become spaces to the next multiple of 8, other control characters '?'.
 */
static void wrap_text(struct lines *out, const char *text, int width)
{
	char *buf;
	size_t cap = 256, len = 0;
	const char *p;

	width = imax(width, 8);
	buf = malloc(cap);
	if (!buf)
		return;
	for (p = text;; p++) {
		if (*p == '\0' || *p == '\n') {
			lines_add(out, buf, len);
			len = 0;
			if (*p == '\0')
				break;
			continue;
		}
		if (len + 9 >= cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		if (*p == '\t') {
			do
				buf[len++] = ' ';
			while (len % 8);
		} else if (*p == '\r') {
			continue;
		} else {
			buf[len++] = ((unsigned char)*p < 32 || *p == 127) ? '?' : *p;
		}
		while ((int)len > width) {
			size_t cut = (size_t)width, skip = 0;

			for (size_t k = (size_t)width; k > 0; k--) {
				if (buf[k] == ' ') {
					cut = k;
					skip = 1;
					break;
				}
			}
			lines_add(out, buf, cut);
			memmove(buf, buf + cut + skip, len - cut - skip);
			len -= cut + skip;
		}
	}
	/* A text ending in a newline has no empty line after it. */
	if (out->n > 0 && text[0] && text[strlen(text) - 1] == '\n') {
		free(out->v[--out->n]);
	}
	free(buf);
}

/*
 * Scroll indicators of a region showing items @top.. of @n, @vis at a
 * time: "[TOP]" or "[MORE...k]" above, "[MORE...k]" or "[BOTTOM]" below.
 */
static void draw_more(WINDOW *win, int ytop, int ybot, int x, int top,
		      int vis, int n)
{
	char buf[32];

	if (n <= vis)
		return;
	if (top == 0)
		snprintf(buf, sizeof(buf), "[TOP]");
	else
		snprintf(buf, sizeof(buf), "[MORE...%d]", top);
	put(win, ytop, x, buf, 16);
	if (top + vis >= n)
		snprintf(buf, sizeof(buf), "[BOTTOM]");
	else
		snprintf(buf, sizeof(buf), "[MORE...%d]", n - top - vis);
	put(win, ybot, x, buf, 16);
}

/* Keep @cur visible in a window of @vis rows starting at *top. */
static void keep_visible(int *top, int cur, int vis, int n)
{
	if (vis < 1)
		vis = 1;
	if (cur < *top)
		*top = cur;
	if (cur >= *top + vis)
		*top = cur - vis + 1;
	if (*top > n - vis)
		*top = imax(0, n - vis);
	if (*top < 0)
		*top = 0;
}

/* Move @cur by a request; returns 1 if the request was a movement. */
static int move_req(enum req r, int *cur, int n, int page)
{
	if (n <= 0)
		return r == R_UP || r == R_DOWN || r == R_PGUP || r == R_PGDN ||
		       r == R_HOME || r == R_END;
	switch (r) {
	case R_UP:
		*cur = imax(0, *cur - 1);
		return 1;
	case R_DOWN:
		*cur = imin(n - 1, *cur + 1);
		return 1;
	case R_PGUP:
		*cur = imax(0, *cur - imax(1, page));
		return 1;
	case R_PGDN:
		*cur = imin(n - 1, *cur + imax(1, page));
		return 1;
	case R_HOME:
		*cur = 0;
		return 1;
	case R_END:
		*cur = n - 1;
		return 1;
	default:
		return 0;
	}
}

/* Case-insensitive substring search. */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return 1;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* The next line after @from (wrapping) holding the find string, or -1. */
static int find_next(char **v, int n, int from)
{
	if (!T.find || n <= 0)
		return -1;
	for (int k = 1; k <= n; k++) {
		int i = (from + k) % n;

		if (contains(v[i], T.find))
			return i;
	}
	return -1;
}

/* ---- F8 Image, F9 Shell --------------------------------------------------- */

/* Append the screen as it is now to the log file. */
static void save_image(void)
{
	char **lines = calloc((size_t)LINES + 1, sizeof(*lines));
	int n = 0;

	for (int y = 0; lines && y < LINES; y++) {
		char *line = malloc((size_t)COLS + 1);
		int len;

		if (!line)
			break;
		if (mvwinnstr(curscr, y, 0, line, COLS) == ERR)
			line[0] = '\0';
		len = (int)strlen(line);
		while (len > 0 && line[len - 1] == ' ')
			line[--len] = '\0';
		lines[n++] = line;
	}
	if (!lines || n < LINES || smit_log_image(T.smit, (const char *const *)lines, n) < 0)
		beep();
	for (int i = 0; lines && i < n; i++)
		free(lines[i]);
	free(lines);
}

static void redraw_all(void);

static void text_popup(const char *title, const char *intro,
		       const char *text);

/*
 * F9: $SHELL with SMIT's variables (smit_env) besides SMIT, as AIX gives
 * them; SMIT_SHELL=n turns it off, as on AIX.
 */
static void run_shell(void)
{
	const char *sh = getenv("SHELL"), *off = getenv("SMIT_SHELL");
	const char *const *vars;
	struct sigaction ign, oint, oquit;
	pid_t pid;
	int st;

	if (off && strcmp(off, "n") == 0) {
		text_popup("ERROR MESSAGE",
			   "Press Enter or Cancel to return to the application.",
			   "The shell (F9) is turned off for this session: SMIT_SHELL is n.");
		return;
	}
	if (!sh || !*sh)
		sh = "/bin/sh";
	vars = smit_env(T.smit);
	if (!vars) {
		beep();
		return;
	}
	def_prog_mode();
	endwin();
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		for (; *vars; vars++)
			putenv((char *)*vars);
		execl(sh, sh, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	redraw_all();
}

/* Requests every screen answers the same way.  Returns 1 if handled. */
static int common_req(enum req r)
{
	switch (r) {
	case R_REFRESH:
	case R_RESIZE:
		if (r == R_REFRESH)
			clearok(curscr, TRUE);
		redraw_all();
		return 1;
	case R_IMAGE:
		save_image();
		return 1;
	case R_SHELL:
		run_shell();
		return 1;
	default:
		return 0;
	}
}

static void redraw_all(void)
{
	if (T.base_draw)
		T.base_draw(T.base_arg);
	doupdate();
}

/* ---- popups ----------------------------------------------------------- */

/*
 * A boxed popup: title, instructions, a body of lines (text, or items to
 * pick), its key bar.  Text popups scroll; list popups move a cursor.
 */
struct popup {
	const char *title;
	const char *intro;    /* instructions, wrapped */
	const char *text;     /* a text popup's body, wrapped to the width */
	int text_cols;        /* the width body was wrapped for */
	struct lines body;
	int pick;             /* 1: items to choose from */
	char *marks;          /* multi-select: marked items */
	const struct binding *keys;
	int cur, top;
	WINDOW *win;
};

/* ASCII borders: the same on every terminal, and in screen dumps. */
static void popup_box(WINDOW *w)
{
	wborder(w, '|', '|', '-', '-', '+', '+', '+', '+');
}

static void popup_draw(struct popup *p)
{
	struct lines intro = { 0 };
	int pw = imax(20, COLS - 4), inner = pw - 4;
	int kr = keybar_rows(p->keys, 3), ph, vis, y, rows_fixed;

	if (p->win) {
		delwin(p->win);
		p->win = NULL;
	}
	if (p->intro)
		wrap_text(&intro, p->intro, inner);
	if (p->text && p->text_cols != COLS) {
		lines_free(&p->body);
		wrap_text(&p->body, p->text, inner - 2);
		p->text_cols = COLS;
	}
	/* border, title, blank, intro, blank, body, blank, keys, border */
	rows_fixed = 2 + 2 + (intro.n ? intro.n + 1 : 0) + 1 + kr;
	vis = imax(1, imin(p->body.n, LINES - 2 - rows_fixed));
	if (p->body.n > vis)
		vis = imax(1, vis - 1); /* a row for [MORE...n] */
	ph = rows_fixed + vis + (p->body.n > vis ? 1 : 0);
	ph = imin(ph, LINES);
	if (p->pick)
		keep_visible(&p->top, p->cur, vis, p->body.n);
	else
		p->top = imax(0, imin(p->top, p->body.n - vis));
	p->win = newwin(ph, pw, imax(0, (LINES - ph) / 2), (COLS - pw) / 2);
	if (!p->win) {
		lines_free(&intro);
		return;
	}
	keypad(p->win, TRUE);
	werase(p->win);
	popup_box(p->win);
	put_centred(p->win, 1, 1, pw, p->title);
	y = 3;
	for (int i = 0; i < intro.n; i++)
		put(p->win, y++, 2, intro.v[i], inner);
	if (intro.n)
		y++;
	for (int i = 0; i < vis && p->top + i < p->body.n; i++) {
		int k = p->top + i;

		if (p->marks && p->marks[k])
			put(p->win, y + i, 2, ">", 1);
		if (p->pick && k == p->cur)
			wattron(p->win, A_REVERSE);
		put(p->win, y + i, p->pick ? 4 : 2, p->body.v[k],
		    p->pick ? inner - 2 : inner);
		if (p->pick && k == p->cur)
			wattroff(p->win, A_REVERSE);
	}
	if (p->body.n > vis)
		draw_more(p->win, y - 1, y + vis, 2, p->top, vis, p->body.n);
	draw_keybar(p->win, ph - 1 - kr, 2, p->keys, 3, inner / 3, inner);
	lines_free(&intro);
	if (p->pick && p->body.n)
		wmove(p->win, y + p->cur - p->top, 4);
	else
		wmove(p->win, ph - 1 - kr, 2);
	wnoutrefresh(p->win);
}

static void popup_redraw(struct popup *p)
{
	if (T.base_draw)
		T.base_draw(T.base_arg);
	popup_draw(p);
	doupdate();
}

static enum req prompt_line(const char *title, const char *label,
			    char **value);

/*
 * Run a popup until Enter, F3 or F10.  Returns R_DO, R_CANCEL or R_EXIT;
 * for a pick list p->cur is the chosen item.
 */
static enum req popup_run(struct popup *p)
{
	enum req r = R_NONE;
	int ch;

	curs_set(0);
	popup_redraw(p);
	while (p->win) {
		int vis = imax(1, getmaxy(p->win) - 8);

		if (T.quit) {
			r = R_EXIT;
			break;
		}
		r = key_req(read_key(p->win), p->keys, NULL, &ch);
		if (r == R_DO || r == R_CANCEL || r == R_EXIT)
			break;
		if (p->pick && move_req(r, &p->cur, p->body.n, vis)) {
			popup_redraw(p);
			continue;
		}
		if (!p->pick) {
			int top = p->top;

			if (move_req(r, &top, p->body.n, vis)) {
				p->top = top;
				popup_redraw(p);
				continue;
			}
		}
		switch (r) {
		case R_SELECT:
			if (p->marks && p->body.n)
				p->marks[p->cur] = !p->marks[p->cur];
			popup_redraw(p);
			break;
		case R_FIND: {
			char *s = NULL;   /* a new search; n repeats the last one */

			if (prompt_line("Find", "Search for:", &s) == R_DO) {
				free(T.find);
				T.find = s;
				s = NULL;
			}
			free(s);
		}
			VIPA_FALLTHROUGH;
		case R_FINDNEXT: {
			int k = find_next(p->body.v, p->body.n, p->cur);

			if (k >= 0)
				p->cur = k;
			else
				beep();
			popup_redraw(p);
			break;
		}
		case R_HELP:
			text_popup("Help",
				   "Use the arrow keys to move, Enter to take the "
				   "item, F3 to return without a change.", "");
			popup_redraw(p);
			break;
		case R_REFRESH:
			clearok(curscr, TRUE);
			popup_redraw(p);
			break;
		case R_RESIZE:
			popup_redraw(p);
			break;
		case R_IMAGE:
			save_image();
			break;
		default:
			break;
		}
	}
	if (p->win)
		delwin(p->win);
	p->win = NULL;
	if (r == R_EXIT)
		T.quit = 1;
	return r;
}

/* A text popup stacked over whatever is on the screen now. */
static void text_popup(const char *title, const char *intro, const char *text)
{
	void (*saved)(void *) = T.base_draw;
	void *saved_arg = T.base_arg;
	struct popup p = { .title = title, .intro = intro, .text = text,
			   .keys = keys_text };

	popup_run(&p);
	lines_free(&p.body);
	set_base(saved, saved_arg);
	redraw_all();
}

static void error_popup(const char *msg, const char *detail)
{
	char *text = NULL;
	size_t len = strlen(msg) + (detail ? strlen(detail) : 0) + 2;

	text = malloc(len);
	if (!text)
		return;
	snprintf(text, len, "%s%s%s", msg, detail && *detail ? "\n" : "",
		 detail && *detail ? detail : "");
	text_popup("ERROR MESSAGE",
		   "Press Enter or Cancel to return to the application.", text);
	free(text);
}

/* The engine's last message, with the failed command's output if any. */
static void engine_error(void)
{
	error_popup(smit_errmsg(T.smit), front_more_output(smit_last_output(T.smit)));
}

/*
 * A one-line editor in a small popup.  *value (malloc'd or NULL) is the
 * initial text and receives the result.  Returns R_DO, R_CANCEL or R_EXIT.
 */
static enum req prompt_line(const char *title, const char *label,
			    char **value)
{
	int pw = imax(20, COLS - 4), ph = 7;
	int fx, fw, ch;
	size_t len = *value ? strlen(*value) : 0, cap = len + 64, pos = len;
	char *buf = malloc(cap);
	WINDOW *w = NULL;
	enum req r = R_NONE;

	if (!buf)
		return R_CANCEL;
	memcpy(buf, *value ? *value : "", len + 1);
	curs_set(1);
	for (;;) {
		size_t off;

		if (T.base_draw)
			T.base_draw(T.base_arg);
		if (w)
			delwin(w);
		pw = imax(20, COLS - 4);
		w = newwin(ph, pw, imax(0, (LINES - ph) / 2), (COLS - pw) / 2);
		if (!w)
			break;
		keypad(w, TRUE);
		popup_box(w);
		put_centred(w, 1, 1, pw, title);
		put(w, 3, 2, label, pw - 4);
		fx = 2 + (int)strlen(label) + 1;
		fw = imax(4, pw - fx - 3);
		off = pos >= (size_t)fw ? pos - (size_t)fw + 1 : 0;
		put(w, 3, fx, "[", 1);
		put(w, 3, fx + 1, buf + off, fw);
		put(w, 3, fx + 1 + imin(fw, (int)(len - off)), "]", 1);
		draw_keybar(w, ph - 2, 2, keys_prompt, 3, (pw - 4) / 3, pw - 4);
		wmove(w, 3, fx + 1 + (int)(pos - off));
		wnoutrefresh(w);
		doupdate();
		r = key_req(read_key(w), keys_prompt, keys_edit, &ch);
		if (r == R_DO || r == R_CANCEL || r == R_EXIT)
			break;
		switch (r) {
		case R_CHAR:
			if (len + 2 > cap) {
				char *nb = realloc(buf, cap * 2);

				if (!nb)
					break;
				buf = nb;
				cap *= 2;
			}
			memmove(buf + pos + 1, buf + pos, len - pos + 1);
			buf[pos++] = (char)ch;
			len++;
			break;
		case R_BKSP:
			if (pos > 0) {
				memmove(buf + pos - 1, buf + pos, len - pos + 1);
				pos--;
				len--;
			}
			break;
		case R_DEL:
			if (pos < len) {
				memmove(buf + pos, buf + pos + 1, len - pos);
				len--;
			}
			break;
		case R_LEFT:
			if (pos > 0)
				pos--;
			break;
		case R_RIGHT:
			if (pos < len)
				pos++;
			break;
		case R_BOL:
		case R_HOME:
			pos = 0;
			break;
		case R_EOL:
		case R_END:
			pos = len;
			break;
		case R_KILL:
			buf[0] = '\0';
			len = pos = 0;
			break;
		case R_REFRESH:
			clearok(curscr, TRUE);
			break;
		default:
			break;
		}
	}
	if (w)
		delwin(w);
	if (r == R_EXIT)
		T.quit = 1;
	if (r == R_DO) {
		free(*value);
		*value = buf;
	} else {
		free(buf);
	}
	return r;
}

/* ---- screens ------------------------------------------------------------ */

enum go {
	GO_STAY,
	GO_BACK,  /* F3: back one screen */
	GO_EXIT,  /* F10: leave smit */
};

static enum go run_screen(struct smit_screen *s);

/* After the first full paint, leave if asked to (the start-up bench). */
static int painted(void)
{
	if (T.exit_after_draw) {
		doupdate();
		return 1;
	}
	return 0;
}

/* -- menus -- */

struct menu_st {
	struct smit_screen *s;
	int cur, top;
};

static void menu_layout(int *r0, int *r1)
{
	int ky = LINES - keybar_rows(keys_menu, 4);

	*r0 = 4;
	*r1 = imax(*r0, ky - 2);
}

static void menu_draw(void *arg)
{
	struct menu_st *m = arg;
	int n = smit_menu_count(m->s), r0, r1, vis;

	menu_layout(&r0, &r1);
	vis = r1 - r0 + 1;
	if (n > vis)
		vis--;
	keep_visible(&m->top, m->cur, vis, n);
	werase(stdscr);
	put_centred(stdscr, 0, 0, COLS, smit_screen_title(m->s));
	put(stdscr, 2, 0, "Move cursor to desired item and press Enter.", COLS);
	for (int i = 0; i < vis && m->top + i < n; i++) {
		int k = m->top + i;

		if (k == m->cur)
			attron(A_REVERSE);
		put(stdscr, r0 + i, 2, smit_menu_text(m->s, k), COLS - 3);
		if (k == m->cur)
			attroff(A_REVERSE);
	}
	draw_more(stdscr, r0 - 1, r0 + vis, 0, m->top, vis, n);
	screen_keybar(keys_menu);
	move(r0 + m->cur - m->top, 2);
	curs_set(0);
	wnoutrefresh(stdscr);
}

static enum go menu_open(struct menu_st *m)
{
	struct smit_screen *next = NULL;
	enum go g;

	if (smit_menu_select(m->s, m->cur, &next) < 0) {
		engine_error();
		return GO_STAY;
	}
	g = run_screen(next);
	set_base(menu_draw, m);
	return g == GO_EXIT ? GO_EXIT : GO_STAY;
}

static enum go run_menu(struct smit_screen *s)
{
	struct menu_st m = { .s = s };
	int ch, r0, r1;

	set_base(menu_draw, &m);
	redraw_all();
	if (painted())
		return GO_EXIT;
	for (;;) {
		int n = smit_menu_count(s);
		enum req r;

		if (T.quit)
			return GO_EXIT;
		menu_layout(&r0, &r1);
		r = key_req(read_key(stdscr), keys_menu, NULL, &ch);
		if (move_req(r, &m.cur, n, r1 - r0)) {
			redraw_all();
			continue;
		}
		switch (r) {
		case R_CANCEL:
			return GO_BACK;
		case R_EXIT:
			return GO_EXIT;
		case R_DO:
			if (n > 0 && menu_open(&m) == GO_EXIT)
				return GO_EXIT;
			redraw_all();
			break;
		case R_HELP: {
			const char *h = n > 0 ? smit_menu_help(s, m.cur) : NULL;

			if (!h)
				h = smit_screen_help(s);
			text_popup(n > 0 ? smit_menu_text(s, m.cur) :
					   smit_screen_title(s),
				   NULL, h ? h : "No help is available for this item.");
			break;
		}
		default:
			common_req(r);
			break;
		}
	}
}

/* -- COMMAND STATUS -- */

struct status_st {
	struct smit_screen *s;
	char *cmd;
	const char *state;   /* "running", "OK", "failed" */
	int out, err;        /* stdout / stderr produced */
	char *text;          /* both streams, as printed */
	size_t len, cap;
	int top;             /* first display line shown */
	int follow;          /* keep the last line in view while running */
	struct lines disp;   /* text wrapped to the screen width */
	int disp_cols;
};

static void status_layout(int *r0, int *r1)
{
	int ky = LINES - keybar_rows(keys_status, 4);

	*r0 = 6;
	*r1 = imax(*r0, ky - 2);
}

static void status_wrap(struct status_st *st)
{
	lines_free(&st->disp);
	wrap_text(&st->disp, st->text ? st->text : "", COLS);
	st->disp_cols = COLS;
}

static void status_draw(void *arg)
{
	struct status_st *st = arg;
	char line[128];
	int r0, r1, vis, n;

	status_layout(&r0, &r1);
	status_wrap(st);
	n = st->disp.n;
	vis = r1 - r0 + 1;
	if (n > vis)
		vis--;
	if (st->follow)
		st->top = imax(0, n - vis);
	st->top = imax(0, imin(st->top, n - vis));
	werase(stdscr);
	put_centred(stdscr, 0, 0, COLS, "COMMAND STATUS");
	snprintf(line, sizeof(line), "Command: %-14sstdout: %-14sstderr: %s",
		 st->state, st->out ? "yes" : "no", st->err ? "yes" : "no");
	put(stdscr, 2, 0, line, COLS);
	put(stdscr, 4, 0,
	    "Before command completion, additional instructions may appear below.",
	    COLS);
	for (int i = 0; i < vis && st->top + i < n; i++)
		put(stdscr, r0 + i, 0, st->disp.v[st->top + i], COLS);
	draw_more(stdscr, r0 - 1, r0 + vis, 0, st->top, vis, n);
	screen_keybar(keys_status);
	move(2, 9);
	curs_set(0);
	wnoutrefresh(stdscr);
}

static void status_output(int fd, const char *data, size_t len, void *arg)
{
	struct status_st *st = arg;

	if (fd == 2)
		st->err = 1;
	else
		st->out = 1;
	if (st->len + len + 1 > st->cap) {
		size_t cap = (st->len + len + 1) * 2;
		char *t = realloc(st->text, cap);

		if (!t)
			return;
		st->text = t;
		st->cap = cap;
	}
	memcpy(st->text + st->len, data, len);
	st->len += len;
	st->text[st->len] = '\0';
	status_draw(st);
	doupdate();
}

/* Run the dialog's command and show COMMAND STATUS until F3 or F10. */
static enum go run_status(struct smit_screen *s)
{
	struct status_st st = { .s = s, .state = "running", .follow = 1 };
	struct smit_result *res = NULL;
	const char *cmd = NULL;
	int bad = -1, ch, rc, r0, r1;
	enum go g = GO_STAY;

	if (smit_dialog_command(s, &cmd, &bad) == 0 && cmd)
		st.cmd = strdup(cmd);
	set_base(status_draw, &st);
	redraw_all();
	smit_set_output_fn(T.smit, status_output, &st);
	rc = smit_run(s, &res, &bad);
	smit_set_output_fn(T.smit, NULL, NULL);
	if (rc < 0) {
		const char *msg = smit_errmsg(T.smit);

		st.state = "failed";
		status_output(2, msg, strlen(msg), &st);
		status_output(2, "\n", 1, &st);
	} else {
		size_t olen = 0, elen = 0, alen = 0;
		const char *all = smit_result_output(res, &alen);

		smit_result_stdout(res, &olen);
		smit_result_stderr(res, &elen);
		st.state = smit_result_status(res) == 0 ? "OK" : "failed";
		st.out = olen > 0;
		st.err = elen > 0;
		/* The result holds everything, whatever the live feed saw. */
		free(st.text);
		st.text = NULL;
		st.len = st.cap = 0;
		if (alen) {
			st.text = malloc(alen + 1);
			if (st.text) {
				memcpy(st.text, all, alen);
				st.text[alen] = '\0';
				st.len = alen;
				st.cap = alen + 1;
			}
		}
		if (!st.cmd && smit_result_command(res))
			st.cmd = strdup(smit_result_command(res));
	}
	smit_result_free(res);
	st.follow = 0;
	st.top = 0;
	redraw_all();
	if (painted())
		g = GO_EXIT;
	while (g == GO_STAY) {
		enum req r;
		int top = st.top;

		if (T.quit) {
			g = GO_EXIT;
			break;
		}
		status_layout(&r0, &r1);
		r = key_req(read_key(stdscr), keys_status, NULL, &ch);
		if (move_req(r, &top, st.disp.n, r1 - r0)) {
			/* Arrows scroll the output a line at a time. */
			if (r == R_DOWN)
				top = st.top + 1;
			st.top = top;
			redraw_all();
			continue;
		}
		switch (r) {
		case R_CANCEL:
		case R_DO:
			g = GO_BACK;
			break;
		case R_EXIT:
			g = GO_EXIT;
			break;
		case R_COMMAND:
			text_popup("SHOW COMMAND STRING",
				   "Press Enter or Cancel to return to the application.",
				   st.cmd ? st.cmd : "");
			break;
		case R_HELP:
			text_popup("COMMAND STATUS", NULL,
				   "The command has finished.  Its standard output and "
				   "standard error are shown as it printed them.  "
				   "F3 returns to the dialog.");
			break;
		case R_FIND: {
			char *f = NULL;   /* a new search; n repeats the last one */

			if (prompt_line("Find", "Search for:", &f) == R_DO) {
				free(T.find);
				T.find = f;
				f = NULL;
			}
			free(f);
		}
			VIPA_FALLTHROUGH;
		case R_FINDNEXT: {
			int k = find_next(st.disp.v, st.disp.n, st.top);

			if (k >= 0)
				st.top = k;
			else
				beep();
			redraw_all();
			break;
		}
		default:
			common_req(r);
			break;
		}
	}
	lines_free(&st.disp);
	free(st.text);
	free(st.cmd);
	return g;
}

/* -- selectors and dialogs -- */

struct dlg_st {
	struct smit_screen *s;
	int cur, top;
	size_t pos;   /* cursor in the current value */
	int vis;      /* field rows shown */
};

/* Column of '[' (the value column) and of the right-margin marker. */
static int value_col(void)
{
	return imax(20, COLS - 27);
}

static int marker_col(void)
{
	return COLS - 3;
}

static void dlg_layout(int *r0, int *r1)
{
	int ky = LINES - keybar_rows(keys_dialog, 4);

	*r0 = 6;
	*r1 = imax(*r0, ky - 2);
}

static void field_draw(struct dlg_st *d, int i, int y)
{
	unsigned fl = smit_field_flags(d->s, i);
	const char *v = smit_field_value(d->s, i);
	int vc = value_col(), mc = marker_col(), mark = smit_field_marker(d->s, i);
	int len = (int)strlen(v);

	if (fl & SMIT_FF_REQUIRED)
		put(stdscr, y, 0, "*", 1);
	/* The marker first: the value is drawn last, leaving the cursor in it. */
	if (mark && mark != ' ') {
		char m[2] = { (char)mark, '\0' };

		put(stdscr, y, mc, m, 1);
	}
	if (i == d->cur)
		attron(A_REVERSE);
	put(stdscr, y, 2, smit_field_label(d->s, i), vc - 3);
	if (i == d->cur)
		attroff(A_REVERSE);
	if (fl & SMIT_FF_EDITABLE) {
		int w = imax(1, mc - vc - 3), off = 0, shown;

		if (i == d->cur && (int)d->pos >= w)
			off = (int)d->pos - w + 1;
		shown = imin(w, len - off);
		put(stdscr, y, vc, off > 0 ? "<" : "[", 1);
		put(stdscr, y, vc + 1, v + off, shown);
		put(stdscr, y, vc + 1 + shown, off + shown < len ? ">" : "]", 1);
		if (i == d->cur)
			move(y, vc + 1 + (int)d->pos - off);
	} else {
		put(stdscr, y, vc + 1, v, mc - vc - 2);
		if (i == d->cur)
			move(y, vc + 1);
	}
}

static void dlg_draw(void *arg)
{
	struct dlg_st *d = arg;
	int n = smit_field_count(d->s), r0, r1, vis, cy = 0, cx = 0;
	int sel = smit_screen_kind(d->s) == SMIT_SELECTOR;

	dlg_layout(&r0, &r1);
	vis = r1 - r0 + 1;
	if (n > vis)
		vis--;
	d->vis = vis;
	keep_visible(&d->top, d->cur, vis, n);
	werase(stdscr);
	put_centred(stdscr, 0, 0, COLS, smit_screen_title(d->s));
	put(stdscr, 2, 0,
	    sel ? "Type or select a value for the entry field." :
		  "Type or select values in entry fields.", COLS);
	put(stdscr, 3, 0, "Press Enter AFTER making all desired changes.", COLS);
	put(stdscr, r0 - 1, value_col() + 3, "[Entry Fields]", COLS);
	draw_more(stdscr, r0 - 1, r0 + vis, 0, d->top, vis, n);
	screen_keybar(keys_dialog);
	for (int i = 0; i < vis && d->top + i < n; i++) {
		field_draw(d, d->top + i, r0 + i);
		if (d->top + i == d->cur)
			getyx(stdscr, cy, cx);
	}
	if (n > 0) {
		move(cy, cx);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
}

static void dlg_enter_field(struct dlg_st *d)
{
	d->pos = smit_field_count(d->s) > 0 ?
			 strlen(smit_field_value(d->s, d->cur)) : 0;
}

/* Apply an edit to the current value; a refused value beeps. */
static void dlg_edit(struct dlg_st *d, enum req r, int ch)
{
	const char *v = smit_field_value(d->s, d->cur);
	size_t len = strlen(v), pos = imin((int)d->pos, (int)len);
	char *buf;

	if (r == R_LEFT) {
		d->pos = pos > 0 ? pos - 1 : 0;
		return;
	}
	if (r == R_RIGHT) {
		d->pos = pos < len ? pos + 1 : len;
		return;
	}
	if (r == R_BOL) {
		d->pos = 0;
		return;
	}
	if (r == R_EOL) {
		d->pos = len;
		return;
	}
	if (!(smit_field_flags(d->s, d->cur) & SMIT_FF_EDITABLE)) {
		beep();
		return;
	}
	buf = malloc(len + 2);
	if (!buf)
		return;
	memcpy(buf, v, len + 1);
	switch (r) {
	case R_CHAR:
		memmove(buf + pos + 1, buf + pos, len - pos + 1);
		buf[pos++] = (char)ch;
		break;
	case R_BKSP:
		if (pos == 0)
			goto out;
		memmove(buf + pos - 1, buf + pos, len - pos + 1);
		pos--;
		break;
	case R_DEL:
		if (pos >= len)
			goto out;
		memmove(buf + pos, buf + pos + 1, len - pos);
		break;
	case R_KILL:
		buf[0] = '\0';
		pos = 0;
		break;
	default:
		goto out;
	}
	if (smit_field_set(d->s, d->cur, buf) < 0)
		beep();
	else
		d->pos = pos;
out:
	free(buf);
}

/* F4: the field's list in a popup; the choice goes into the field. */
static void dlg_list(struct dlg_st *d)
{
	struct smit_list *l = NULL;
	struct popup p = { 0 };
	int n, multi, *idx = NULL, nidx = 0;
	enum req r;

	if (smit_field_list(d->s, d->cur, &l) < 0) {
		if (!(smit_field_flags(d->s, d->cur) & SMIT_FF_LIST))
			beep();
		else
			engine_error();
		return;
	}
	n = smit_list_count(l);
	multi = smit_list_multi(l);
	p.title = smit_field_label(d->s, d->cur);
	p.pick = 1;
	p.keys = multi ? keys_multi : keys_list;
	p.intro = multi ? "Move cursor to desired item and press F7.\n"
			  "    ONE OR MORE items can be selected.\n"
			  "Press Enter AFTER making all selections." :
			  "Move cursor to desired item and press Enter.";
	for (int k = 0; k < n; k++) {
		const char *it = smit_list_item(l, k);

		lines_add(&p.body, it, strlen(it));
	}
	if (multi)
		p.marks = calloc((size_t)n + 1, 1);
	/* Start on the item the field holds now. */
	for (int k = 0; k < n; k++)
		if (strcmp(smit_list_value(l, k), smit_field_value(d->s, d->cur)) == 0)
			p.cur = k;
	r = popup_run(&p);
	if (r == R_DO && n > 0) {
		idx = calloc((size_t)n, sizeof(*idx));
		for (int k = 0; idx && multi && k < n; k++)
			if (p.marks && p.marks[k])
				idx[nidx++] = k;
		if (idx && nidx == 0)
			idx[nidx++] = p.cur;
		if (idx && smit_field_choose(d->s, d->cur, l, idx, nidx) < 0)
			engine_error();
		dlg_enter_field(d);
	}
	free(idx);
	free(p.marks);
	lines_free(&p.body);
	smit_list_free(l);
	redraw_all();
}

/* F7 on a dialog: edit the whole value in a popup. */
static void dlg_popup_edit(struct dlg_st *d)
{
	char *v;

	if (!(smit_field_flags(d->s, d->cur) & SMIT_FF_EDITABLE)) {
		beep();
		return;
	}
	v = strdup(smit_field_value(d->s, d->cur));
	if (v && prompt_line(smit_field_label(d->s, d->cur), "Value:", &v) == R_DO) {
		if (smit_field_set(d->s, d->cur, v) < 0)
			engine_error();
		dlg_enter_field(d);
	}
	free(v);
	curs_set(1);
	redraw_all();
}

static int dlg_confirm(void)
{
	void (*saved)(void *) = T.base_draw;
	void *saved_arg = T.base_arg;
	struct popup p = {
		.title = "ARE YOU SURE?",
		.intro = "Continuing may delete information you may want to keep.  "
			 "This is your last chance to stop before continuing.\n"
			 "Press Enter to continue.\n"
			 "Press Cancel to return to the application.",
		.keys = keys_text,
	};
	enum req r = popup_run(&p);

	set_base(saved, saved_arg);
	return r == R_DO ? 1 : (r == R_EXIT ? -1 : 0);
}

/* Enter on a dialog: COMMAND STATUS.  On a selector: the next screen. */
static enum go dlg_do(struct dlg_st *d)
{
	struct smit_screen *next = NULL;
	const char *cmd;
	enum go g;
	int bad = -1;

	if (smit_screen_kind(d->s) == SMIT_SELECTOR) {
		if (smit_selector_done(d->s, &next) < 0) {
			engine_error();
			return GO_STAY;
		}
		g = run_screen(next);
	} else {
		if (smit_dialog_command(d->s, &cmd, &bad) < 0) {
			if (bad >= 0) {
				d->cur = bad;
				dlg_enter_field(d);
			}
			engine_error();
			return GO_STAY;
		}
		if (smit_screen_ask(d->s)) {
			int c = dlg_confirm();

			if (c < 0)
				return GO_EXIT;
			if (c == 0) {
				set_base(dlg_draw, d);
				return GO_STAY;
			}
		}
		g = run_status(d->s);
	}
	set_base(dlg_draw, d);
	curs_set(1);
	return g == GO_EXIT ? GO_EXIT : GO_STAY;
}

static enum go run_dialog(struct smit_screen *s)
{
	struct dlg_st d = { .s = s };
	const char *cmd;
	int ch;

	dlg_enter_field(&d);
	set_base(dlg_draw, &d);
	redraw_all();
	if (painted())
		return GO_EXIT;
	for (;;) {
		int n = smit_field_count(s), old = d.cur;
		enum req r;

		if (T.quit)
			return GO_EXIT;
		r = key_req(read_key(stdscr), keys_dialog, keys_edit, &ch);

		if (move_req(r, &d.cur, n, d.vis)) {
			if (d.cur != old)
				dlg_enter_field(&d);
			redraw_all();
			continue;
		}
		switch (r) {
		case R_CANCEL:
			return GO_BACK;
		case R_EXIT:
			return GO_EXIT;
		case R_DO:
			if (dlg_do(&d) == GO_EXIT)
				return GO_EXIT;
			redraw_all();
			break;
		case R_LIST:
			if (n > 0)
				dlg_list(&d);
			break;
		case R_RESET:
			if (n > 0) {
				smit_field_reset(s, d.cur);
				dlg_enter_field(&d);
			}
			redraw_all();
			break;
		case R_COMMAND:
			if (smit_screen_kind(s) != SMIT_DIALOG) {
				beep();
				break;
			}
			if (smit_dialog_command(s, &cmd, NULL) < 0)
				engine_error();
			else
				text_popup("SHOW COMMAND STRING",
					   "Press Enter or Cancel to return to the application.",
					   cmd);
			break;
		case R_EDIT:
			if (n > 0)
				dlg_popup_edit(&d);
			break;
		case R_HELP: {
			const char *h = n > 0 ? smit_field_help(s, d.cur) : NULL;

			if (!h)
				h = smit_screen_help(s);
			text_popup(n > 0 ? smit_field_label(s, d.cur) :
					   smit_screen_title(s),
				   NULL, h ? h : "No help is available for this item.");
			break;
		}
		case R_RINGNEXT:
		case R_RINGPREV:
			if (n > 0 && (smit_field_flags(s, d.cur) & SMIT_FF_RING)) {
				smit_field_ring_step(s, d.cur, r == R_RINGNEXT ? 1 : -1);
				dlg_enter_field(&d);
			} else {
				/* Tab off a ring moves to the next field. */
				move_req(r == R_RINGNEXT ? R_DOWN : R_UP, &d.cur, n, 1);
				dlg_enter_field(&d);
			}
			redraw_all();
			break;
		case R_CHAR:
		case R_BKSP:
		case R_DEL:
		case R_KILL:
		case R_LEFT:
		case R_RIGHT:
		case R_BOL:
		case R_EOL:
			if (n > 0)
				dlg_edit(&d, r, ch);
			redraw_all();
			break;
		default:
			common_req(r);
			break;
		}
	}
}

/* A ghost dialog runs at once: its COMMAND STATUS is the screen. */
static enum go run_screen(struct smit_screen *s)
{
	enum go g;

	switch (smit_screen_kind(s)) {
	case SMIT_MENU:
		g = run_menu(s);
		break;
	case SMIT_DIALOG:
		g = smit_screen_ghost(s) ? run_status(s) : run_dialog(s);
		break;
	default:
		g = run_dialog(s);
		break;
	}
	smit_screen_free(s);
	return g;
}

/* ---- entry ---------------------------------------------------------------- */

int tui_run(struct smit *smit, struct smit_screen *first)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	const char *e = getenv("SMITTY_EXIT_AFTER_DRAW");
	struct sigaction sa;

	T.smit = smit;
	T.exit_after_draw = e && *e && strcmp(e, "0") != 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	atexit(tui_end);

	T.sp = newterm(NULL, stdout, stdin);
	if (!T.sp) {
		cmd_error("cannot initialize the terminal '%s'",
			    getenv("TERM") ? getenv("TERM") : "");
		smit_screen_free(first);
		return 1;
	}
	T.on = 1;
	set_escdelay(100);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	run_screen(first);
	tui_end();
	delscreen(T.sp);
	T.sp = NULL;
	free(T.find);
	T.find = NULL;
	return 0;
}

void tui_exit(int rc)
{
#if defined(NCURSES_VERSION_PATCH) && NCURSES_VERSION_PATCH >= 20200212
	/* ncurses keeps terminal data until exit: free it (valgrind). */
	exit_curses(rc);
#endif
	exit(rc);
}
