/*
 * smit-front.h - the two frontends of smit over the engine (lib/smit.h):
 * the curses one (smitty, smit -C) and the dialog(1) one (smit -M).
 */
#ifndef VIPA_SMIT_FRONT_H
#define VIPA_SMIT_FRONT_H

struct smit;
struct smit_screen;

/*
 * Run the session from @first (ownership passes to the frontend, which
 * frees every screen it opens).  Returns the exit status for smitty:
 * 0 after F10 or F3 at the top, 1 on an error the frontend could not show.
 */
int tui_run(struct smit *smit, struct smit_screen *first);
int dlg_run(struct smit *smit, struct smit_screen *first);

/* Exit with @rc, letting curses free what it keeps until exit. */
__attribute__((noreturn)) void tui_exit(int rc);

/* Print "smitty: MESSAGE" (the name the program runs as) on stderr. */
__attribute__((format(printf, 1, 2))) void front_error(const char *fmt, ...);

#endif
