/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-odm-concurrency.c - several processes at once: twenty first uses
 * of one empty ODMDIR, then ten writers adding and changing objects in
 * parallel.  Nothing may fail ("database is locked") and nothing may be
 * lost.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "odm.h"
#include "odm-test.h"
#include "../tap.h"

#define OPENERS 20
#define WRITERS 10
#define OPS 200

static int count_cb(const struct odm_obj *o, void *arg)
{
	(void)o;
	(*(int *)arg)++;
	return 0;
}

static int count(struct odm *odm, const char *cls, const char *crit)
{
	int n = 0, rc = odm_get_q(odm, cls, crit, count_cb, &n);

	return rc < 0 ? rc : n;
}

/* Fork @n children running @fn(i) once the gate opens; failures seen. */
static int run_all(int n, int (*fn)(int))
{
	int gate[2], failed = 0;
	pid_t pids[64];

	if (pipe(gate) < 0)
		return -1;
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char c;
			close(gate[1]);
			if (read(gate[0], &c, 1) < 0)
				_exit(3);
			fflush(stdout);
			int rc = fn(i);
			fflush(stdout);
			_exit(rc);
		}
	}
	close(gate[0]);
	close(gate[1]); /* all start now */
	for (int i = 0; i < n; i++) {
		int status;
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			failed++;
	}
	return failed;
}

static int opener(int i)
{
	struct odm *odm;
	int rc = odm_open(&odm, t_path("repo"), 0);

	if (rc == 0 && (rc = count(odm, "PdX", NULL)) != 2) {
		printf("# opener %d: %d predefined objects: %s\n", i, rc, odm_errmsg(odm));
		rc = -1;
	} else if (rc < 0) {
		printf("# opener %d: %s\n", i, odm_errmsg(odm));
	}
	odm_close(odm);
	return rc < 0;
}

static int writer(int w)
{
	struct odm *odm;
	const struct odm_class *cls;
	struct odm_obj *o = NULL, *ch = NULL;
	struct odm_crit *crit = NULL;
	char name[16], attr[16], q[64];
	long n;
	int rc = odm_open(&odm, t_path("repo"), 0);

	if (rc == 0)
		rc = odm_get_class(odm, "CuX", &cls);
	if (rc == 0) {
		o = odm_obj_new(cls);
		ch = odm_obj_new(cls);
		rc = odm_obj_set(odm, ch, "value", "changed");
	}
	for (int k = 0; rc == 0 && k < OPS; k++) {
		int txn = k % 20 == 0;
		snprintf(name, sizeof(name), "w%d", w);
		snprintf(attr, sizeof(attr), "a%d", k);
		/* some operations inside a caller's transaction */
		if (txn)
			rc = odm_begin(odm);
		if (rc == 0)
			rc = odm_obj_set(odm, o, "name", name);
		if (rc == 0)
			rc = odm_obj_set(odm, o, "attribute", attr);
		if (rc == 0)
			rc = odm_obj_set(odm, o, "value", "new");
		if (rc == 0)
			rc = odm_add(odm, o);
		snprintf(q, sizeof(q), "name=%s and attribute=%s", name, attr);
		if (rc == 0)
			rc = odm_crit_compile(odm, cls, q, &crit);
		if (rc == 0)
			rc = odm_change(odm, crit, ch, &n);
		if (rc == 0 && n != 1) {
			printf("# writer %d: change hit %ld objects\n", w, n);
			rc = -1;
		}
		odm_crit_free(crit);
		crit = NULL;
		if (rc == 0 && txn)
			rc = odm_commit(odm);
	}
	if (rc < 0)
		printf("# writer %d: %s\n", w, odm_errmsg(odm));
	odm_obj_free(o);
	odm_obj_free(ch);
	odm_close(odm);
	return rc < 0;
}

int main(void)
{
	struct odm *odm;
	char q[64];
	int all, n = 0;
	DIR *d;
	struct dirent *e;

	t_mkroot();
	t_write("data/odm/cu.cre",
		"class CuX { char name[16]; char attribute[16]; char value[256]; };\n");
	t_write("data/odm/pd.cre", "class PdX { char key[16]; };\n");
	t_write("data/odm/x.add", "PdX:\n\tkey = a\n\nPdX:\n\tkey = b\n");
	setenv("VIPA_DATADIR", t_path("data"), 1);

	is_int(run_all(OPENERS, opener), 0, "20 processes open one empty ODMDIR at once");
	d = opendir(t_path("repo"));
	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, "pd.", 3) == 0 && strcmp(e->d_name, "pd.db") != 0)
			n++;
	if (d)
		closedir(d);
	is_int(n, 1, "... one predefined database is left");

	is_int(run_all(WRITERS, writer), 0, "10 writers x 200 adds and changes at once");
	if (odm_open(&odm, t_path("repo"), 0) < 0) {
		printf("Bail out! %s\n", odm_errmsg(odm));
		return 1;
	}
	is_int(count(odm, "CuX", NULL), WRITERS * OPS, "every object was added");
	is_int(count(odm, "CuX", "value=changed"), WRITERS * OPS, "every object was changed");
	all = 1;
	for (int w = 0; w < WRITERS; w++) {
		snprintf(q, sizeof(q), "name=w%d", w);
		if (count(odm, "CuX", q) != OPS)
			all = 0;
	}
	ok(all, "each writer's 200 objects are there");
	odm_close(odm);
	return tap_done();
}
