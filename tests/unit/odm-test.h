/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * odm-test.h - scratch directories and data files for the store tests.
 */
#ifndef VIPA_ODM_TEST_H
#define VIPA_ODM_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char t_root[256];

/* A scratch directory, removed at exit unless ODM_TEST_KEEP is set. */
static void t_cleanup_root(void)
{
	char cmd[300];

	if (t_root[0] && !getenv("ODM_TEST_KEEP")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t_root);
		if (system(cmd) != 0)
			printf("# cannot remove %s\n", t_root);
	}
}

static const char *t_mkroot(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(t_root, sizeof(t_root), "%s/odm-test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t_root)) {
		printf("Bail out! cannot make a scratch directory\n");
		exit(1);
	}
	atexit(t_cleanup_root);
	return t_root;
}

/* t_path("a/b") -> "<root>/a/b" (a static buffer per call slot). */
static const char *t_path(const char *rel)
{
	static char bufs[8][512];
	static int k;
	char *b = bufs[k++ % 8];

	snprintf(b, 512, "%s/%s", t_root, rel);
	return b;
}

static void t_write(const char *rel, const char *text)
{
	char dir[512], *slash;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s", t_path(rel));
	for (slash = strchr(dir + strlen(t_root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	f = fopen(t_path(rel), "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", t_path(rel));
		exit(1);
	}
}

#endif
