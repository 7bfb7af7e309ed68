/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-odm-crit.c - the criteria compiler: accepted forms give the
 * expected SQL and parameters; every error names what and where.
 */
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"
#include "../tap.h"

static struct odm *odm;
static struct odm_class *cls;

static const char def[] =
	"class T {\n"
	"	char name[16];\n"
	"	vchar text[64];\n"
	"	short n;\n"
	"	long l;\n"
	"	ulong u;\n"
	"	long64 big;\n"
	"	double d;\n"
	"	link PdDv PdDv uniquetype PdDvLn;\n"
	"	method Change;\n"
	"};\n";

/* Compile; on success "SQL | p1 | p2 ...", on failure "ERR: message". */
static char *comp(const char *crit)
{
	static char out[2048];
	struct odm_crit *c;
	int rc = odm_crit_compile(odm, cls, crit, &c);

	if (rc < 0) {
		snprintf(out, sizeof(out), "ERR%d: %s", -rc, odm_errmsg(odm));
		return out;
	}
	snprintf(out, sizeof(out), "%s", odm_crit_sql(c));
	for (int i = 0; i < odm_crit_nparams(c); i++) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof(out) - n, " | %s", odm_crit_param(c, i));
	}
	odm_crit_free(c);
	return out;
}

#define OK(crit, want) is_str(comp(crit), want, "accepts: " crit)
#define BAD(crit, want) is_str(comp(crit), "ERR9: " want, "rejects: " crit)

int main(void)
{
	odm = odm_handle_new();
	if (odm_class_parse(odm, def, strlen(def), "t.cre", NULL, &cls) < 0) {
		printf("Bail out! %s\n", odm_errmsg(odm));
		return 1;
	}
	is_int(ODM_E_CRIT, 9, "ODM_E_CRIT is 9 (used below)");

	/* accepted forms */
	OK("", "1");
	OK("   ", "1");
	OK("name=vi0", "\"name\" = ?1 | vi0");
	OK("name = vi0", "\"name\" = ?1 | vi0");
	OK("  name= vi0  ", "\"name\" = ?1 | vi0");
	OK("name!=vi0", "\"name\" != ?1 | vi0");
	OK("name=vi0 and text=abc", "\"name\" = ?1 AND \"text\" = ?2 | vi0 | abc");
	OK("name=vi0 AND text=abc and n=1",
	   "\"name\" = ?1 AND \"text\" = ?2 AND \"n\" = ?3 | vi0 | abc | 1");
	OK("text = 'a b  c'", "\"text\" = ?1 | a b  c");
	OK("text='it''s'", "\"text\" = ?1 | it's");
	OK("text=''", "\"text\" = ?1 | ");
	OK("text=''''", "\"text\" = ?1 | '");
	OK("text=it's", "\"text\" = ?1 | it's");
	OK("name like 'vi*'",
	   "\"name\" >= ?1 AND \"name\" < ?2 AND odm_glob(?3, \"name\") | vi | vj | vi*");
	OK("name LIKE vi?",
	   "\"name\" >= ?1 AND \"name\" < ?2 AND odm_glob(?3, \"name\") | vi | vj | vi?");
	OK("name like 'v\\*'",
	   "\"name\" >= ?1 AND \"name\" < ?2 AND odm_glob(?3, \"name\") | v | w | v\\*");
	OK("name like '\xff\xff*'", "\"name\" >= ?1 AND odm_glob(?2, \"name\") | \xff\xff | \xff\xff*");
	OK("name like 'a\xff*'",
	   "\"name\" >= ?1 AND \"name\" < ?2 AND odm_glob(?3, \"name\") | a\xff | b | a\xff*");
	OK("name like'[!a-c]*'", "odm_glob(?1, \"name\") | [!a-c]*");
	OK("n<1", "\"n\" < ?1 | 1");
	OK("n>1", "\"n\" > ?1 | 1");
	OK("n<=1", "\"n\" <= ?1 | 1");
	OK("n >= -5", "\"n\" >= ?1 | -5");
	OK("n=0x10", "\"n\" = ?1 | 16");
	OK("n=010", "\"n\" = ?1 | 8");
	OK("n='42'", "\"n\" = ?1 | 42");
	OK("l != 2147483647", "\"l\" != ?1 | 2147483647");
	OK("u < 4294967295", "\"u\" < ?1 | 4294967295");
	OK("big = -9223372036854775808", "\"big\" = ?1 | -9223372036854775808");
	OK("d < 1.5", "\"d\" < ?1 | 1.5");
	OK("d >= 1e3", "\"d\" >= ?1 | 1000");
	OK("PdDvLn = if/VI/vi", "\"PdDvLn\" = ?1 | if/VI/vi");
	OK("Change like '*chg*'", "odm_glob(?1, \"Change\") | *chg*");
	OK("text='x;DROP TABLE T;--'", "\"text\" = ?1 | x;DROP TABLE T;--");
	OK("name=a\tand\ttext=b", "\"name\" = ?1 AND \"text\" = ?2 | a | b");
	OK("name=and", "\"name\" = ?1 | and");
	OK("name==x", "\"name\" = ?1 | =x");

	/* errors: what and where */
	BAD("nme=vi0", "criteria \"nme=vi0\", column 1: unknown descriptor 'nme' in class 'T'");
	BAD("name=vi0 and txt=1",
	    "criteria \"name=vi0 and txt=1\", column 14: unknown descriptor 'txt' in class 'T'");
	BAD("_id=1", "criteria \"_id=1\", column 1: unknown descriptor '_id' in class 'T'");
	BAD("NAME=x", "criteria \"NAME=x\", column 1: unknown descriptor 'NAME' in class 'T'");
	BAD("=vi0", "criteria \"=vi0\", column 1: expected a descriptor name, found '=vi0'");
	BAD("'name'=x", "criteria \"'name'=x\", column 1: expected a descriptor name, found ''name'=x'");
	BAD("name vi0",
	    "criteria \"name vi0\", column 6: expected an operator (= != < > <= >= like) after 'name', found 'vi0'");
	BAD("name", "criteria \"name\", column 5: expected an operator (= != < > <= >= like) after 'name', found end of criteria");
	BAD("name ! vi0",
	    "criteria \"name ! vi0\", column 6: expected an operator (= != < > <= >= like) after 'name', found '!'");
	BAD("name likevi0",
	    "criteria \"name likevi0\", column 6: expected an operator (= != < > <= >= like) after 'name', found 'likevi0'");
	BAD("name < vi0",
	    "criteria \"name < vi0\", column 6: type - relation mismatch: '<' needs a numeric descriptor and 'name' is a string");
	BAD("text>=a",
	    "criteria \"text>=a\", column 5: type - relation mismatch: '>=' needs a numeric descriptor and 'text' is a string");
	BAD("n like 1",
	    "criteria \"n like 1\", column 3: type - relation mismatch: 'like' needs a string descriptor and 'n' is numeric");
	BAD("name=vi0 or name=vi1",
	    "criteria \"name=vi0 or name=vi1\", column 10: 'or' is not supported: conditions can only be joined with 'and'");
	BAD("name=vi0 OR name=vi1",
	    "criteria \"name=vi0 OR name=vi1\", column 10: 'OR' is not supported: conditions can only be joined with 'and'");
	BAD("name='vi0", "criteria \"name='vi0\", column 6: unbalanced quote: the value has no closing '");
	BAD("text='it''s", "criteria \"text='it''s\", column 6: unbalanced quote: the value has no closing '");
	BAD("name=", "criteria \"name=\", column 6: missing value after 'name ='");
	BAD("name =   ", "criteria \"name =   \", column 10: missing value after 'name ='");
	BAD("n=abc", "criteria \"n=abc\", column 3: 'abc' is not a number (descriptor 'n' is numeric)");
	BAD("n=1.5", "criteria \"n=1.5\", column 3: '1.5' is not a number (descriptor 'n' is numeric)");
	BAD("n=''", "criteria \"n=''\", column 3: '' is not a number (descriptor 'n' is numeric)");
	BAD("big=99999999999999999999",
	    "criteria \"big=99999999999999999999\", column 5: '99999999999999999999' is not a number (descriptor 'big' is numeric)");
	BAD("d=x1", "criteria \"d=x1\", column 3: 'x1' is not a number (descriptor 'd' is double)");
	BAD("name=vi0 x=1", "criteria \"name=vi0 x=1\", column 10: expected 'and' after a condition, found 'x=1'");
	BAD("name='vi0'x", "criteria \"name='vi0'x\", column 11: expected a blank after the quoted value, found 'x'");
	BAD("name=vi0 and", "criteria \"name=vi0 and\", column 10: missing condition after 'and'");
	BAD("name=vi0 AND   ", "criteria \"name=vi0 AND   \", column 10: missing condition after 'AND'");
	BAD("name=vi0 and and n=1",
	    "criteria \"name=vi0 and and n=1\", column 14: unknown descriptor 'and' in class 'T'");

	/* NULL criteria = everything; a class is required */
	struct odm_crit *c = NULL;
	is_int(odm_crit_compile(odm, cls, NULL, &c), 0, "NULL criteria compile");
	is_str(c ? odm_crit_sql(c) : NULL, "1", "NULL criteria match all");
	is_str(c ? odm_crit_param(c, 0) : "x", NULL, "no parameter 0");
	odm_crit_free(c);
	is_int(odm_crit_compile(odm, NULL, "a=b", &c), -ODM_E_INVAL, "no class: EINVAL");

	/* long criteria are cut in the message */
	char longc[400];
	memset(longc, 'x', sizeof(longc) - 1);
	longc[sizeof(longc) - 1] = '\0';
	comp(longc);
	ok(strstr(odm_errmsg(odm), "...\", column 1: unknown descriptor 'xxxxxxxxxxxxxxxxxxxx...' in class 'T'") != NULL,
	   "a long criteria is shortened in the message");

	{
		/* The number of conditions is bounded, with a criteria error. */
		static char many[201 * 8 + 1];
		size_t n = 0;
		char *r;

		for (int i = 0; i < 201; i++)
			n += (size_t)sprintf(many + n, "%sn=%d", i ? " and " : "", i % 10);
		r = comp(many);
		ok(strncmp(r, "ERR9: criteria \"", 16) == 0 &&
			   strstr(r, "too many conditions (at most 200)") != NULL,
		   "rejects 201 conditions with a criteria error");
		many[n - strlen(" and n=0")] = '\0';
		ok(strncmp(comp(many), "ERR", 3) != 0, "accepts 200 conditions");
	}
	odm_class_free_list(cls);
	free(odm);
	return tap_done();
}
