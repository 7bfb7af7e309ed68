/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * replay.c - run a fuzz target's seed corpus and regression inputs as a
 * plain test (TAP), without libFuzzer: one "ok" per input file.
 * Usage: replay-TARGET [DIR|FILE...]; without arguments the directories
 * $top_srcdir/tests/fuzz/corpus/TARGET and .../regress/TARGET.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int n;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		printf("not ok %d - cannot open %s\n", ++n, path);
		return;
	}
	do {
		if (len + 4096 > cap) {
			cap = (len + 4096) * 2;
			data = realloc(data, cap);
			if (!data)
				abort();
		}
		got = fread(data + len, 1, 4096, f);
		len += got;
	} while (got > 0);
	fclose(f);
	/* a crash aborts the program: the test fails with the input named */
	printf("# %s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	printf("ok %d - %s\n", ++n, path);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0;

	if (stat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	if (!(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (nn + 1) * sizeof(*names));
		if (!names || !(names[nn] = malloc(strlen(path) + strlen(e->d_name) + 2)))
			abort();
		sprintf(names[nn++], "%s/%s", path, e->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof(*names), cmp);
	for (size_t i = 0; i < nn; i++) {
		run_path(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			run_path(argv[i]);
	} else {
		const char *top = getenv("top_srcdir");
		char p[4096];
		if (!top)
			top = ".";
		snprintf(p, sizeof(p), "%s/tests/fuzz/corpus/%s", top, FUZZ_TARGET);
		run_path(p);
		snprintf(p, sizeof(p), "%s/tests/fuzz/regress/%s", top, FUZZ_TARGET);
		run_path(p);
	}
	if (n == 0) {
		printf("1..0 # SKIP no inputs\n");
		return 77;
	}
	printf("1..%d\n", n);
	return 0;
}
