/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-criteria.c - libFuzzer target for the criteria compiler.
 *
 * Any input either fails with ODM_E_CRIT and a message, or compiles to SQL
 * whose placeholders match the parameters and which sqlite accepts and
 * runs against a table of the class.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char def[] =
	"class T { char name[16]; vchar text[64]; short n; long l; ulong u;"
	" long64 big; double d; link PdDv PdDv uniquetype PdDvLn; method Change; };";

static struct odm *odm;
static struct odm_class *cls;
static sqlite3 *db;

static void setup(void)
{
	odm = odm_handle_new();
	if (!odm || odm_class_parse(odm, def, strlen(def), "fuzz", NULL, &cls) < 0)
		abort();
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE TABLE T(_id INTEGER PRIMARY KEY, name TEXT, text TEXT,"
			 " n INTEGER, l INTEGER, u INTEGER, big INTEGER, d REAL,"
			 " PdDvLn TEXT, Change TEXT);"
			 "INSERT INTO T VALUES(1,'vi0','a b',1,2,3,4,5.5,'if/VI/vi','x');",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "odm_glob", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				    NULL, odm_glob_func, NULL, NULL) != SQLITE_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *sql;
	struct odm_crit *crit;
	sqlite3_stmt *st;
	int rc, marks = 0;

	if (!odm)
		setup();
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rc = odm_crit_compile(odm, cls, text, &crit);
	if (rc < 0) {
		/* a refusal: the right code and a message with a column */
		if ((rc != -ODM_E_CRIT && rc != -ODM_E_NOMEM) || crit ||
		    (rc == -ODM_E_CRIT && !strstr(odm_errmsg(odm), ", column ")))
			abort();
		free(text);
		return 0;
	}
	for (const char *p = odm_crit_sql(crit); *p; p++)
		marks += *p == '?';
	if (marks != odm_crit_nparams(crit))
		abort();
	for (int i = 0; i < odm_crit_nparams(crit); i++)
		if (!odm_crit_param(crit, i))
			abort();
	sql = sqlite3_mprintf("SELECT count(*) FROM T WHERE %s", odm_crit_sql(crit));
	if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		abort(); /* the compiler made SQL that sqlite does not accept */
	if (odm_crit_bind(crit, st, 1) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		abort();
	sqlite3_finalize(st);
	sqlite3_free(sql);
	odm_crit_free(crit);
	free(text);
	return 0;
}
