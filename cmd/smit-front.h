/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * smit-front.h - the two frontends of smit over the engine (lib/smit.h):
 * the curses one (smitty, smit -C) and the dialog(1) one (smit -M).
 */
#ifndef VIPA_SMIT_FRONT_H
#define VIPA_SMIT_FRONT_H

#include <string.h>

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

/*
 * What a failed discover, list or classify command printed beyond its first
 * line (the engine's message already quotes that one); NULL if nothing.
 */
static inline const char *front_more_output(const char *out)
{
	const char *nl = out ? strchr(out, '\n') : NULL;

	return nl && nl[1] ? nl + 1 : NULL;
}

#endif
