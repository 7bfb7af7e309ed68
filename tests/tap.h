/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tap.h - a minimal TAP producer for the C unit tests.
 * Each check prints "ok N - what" or "not ok N - what" with a diagnostic;
 * tap_done() prints the plan and returns the exit status.
 */
#ifndef VIPA_TAP_H
#define VIPA_TAP_H
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *what, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, what);
	if (!cond) {
		tap_failed++;
		printf("# failed at %s:%d\n", file, line);
	}
	return cond;
}

static inline int tap_is_str(const char *got, const char *want, const char *what,
			     const char *file, int line)
{
	int cond = (got == NULL && want == NULL) ||
		   (got != NULL && want != NULL && strcmp(got, want) == 0);
	if (!tap_ok(cond, what, file, line)) {
		printf("#   got:  '%s'\n", got ? got : "(null)");
		printf("#   want: '%s'\n", want ? want : "(null)");
	}
	return cond;
}

static inline int tap_is_int(long long got, long long want, const char *what,
			     const char *file, int line)
{
	if (!tap_ok(got == want, what, file, line))
		printf("#   got: %lld, want: %lld\n", got, want);
	return got == want;
}

#define ok(c, what) tap_ok(!!(c), what, __FILE__, __LINE__)
#define is_str(g, w, what) tap_is_str(g, w, what, __FILE__, __LINE__)
#define is_int(g, w, what) tap_is_int((long long)(g), (long long)(w), what, __FILE__, __LINE__)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
#endif
