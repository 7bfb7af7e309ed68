/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-odm-match.c - criteria from bound values: the SQL holds only
 * checked descriptor names and placeholders, any bytes of a value match
 * themselves, and get/first/change/delete select what the values say.
 */
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"
#include "odm-test.h"
#include "../tap.h"

static struct odm *odm;
static int last_rc;

static const char cu_cre[] =
	"class T {\n"
	"	char name[32];\n"
	"	vchar text[64];\n"
	"	short n;\n"
	"	double d;\n"
	"};\n";

/* Names a criteria string would read as something else. */
static const char *const hostile[] = {
	"vi5'", "a\"b", "50%", "v*", "--", "x\ny", "back\\slash", "a and n=1",
	"'' or 1", "",
};
#define NHOSTILE (sizeof(hostile) / sizeof(hostile[0]))

/* Compile; on success "SQL | p1 | p2 ...", on failure "ERR: message"
 * (the code in last_rc). */
static char *comp(const struct odm_match *m)
{
	static char out[2048];
	const struct odm_class *cls;
	struct odm_crit *c;
	int rc = odm_get_class(odm, "T", &cls);

	if (rc >= 0)
		rc = odm_match_compile(odm, cls, m, &c);
	last_rc = rc;
	if (rc < 0) {
		snprintf(out, sizeof(out), "ERR: %s", odm_errmsg(odm));
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

static int count_cb(const struct odm_obj *o, void *arg)
{
	(void)o;
	++*(int *)arg;
	return 0;
}

static int count(const struct odm_match *m)
{
	int n = 0;

	if (odm_get_match(odm, "T", m, count_cb, &n) < 0)
		return -1;
	return n;
}

int main(void)
{
	const struct odm_class *cls;
	struct odm_obj *o;
	long cnt;
	char buf[64];

	t_mkroot();
	t_write("data/odm/cu.cre", cu_cre);
	setenv("VIPA_DATADIR", t_path("data"), 1);
	unsetenv("ODMDIR");
	if (odm_open(&odm, t_path("repo"), 0) < 0 || odm_get_class(odm, "T", &cls) < 0) {
		printf("Bail out! %s\n", odm_errmsg(odm));
		return 1;
	}

	/* compiled forms */
	is_str(comp(NULL), "1", "no list matches all");
	is_str(comp((struct odm_match[]){ ODM_MATCH_END }), "1", "an empty list matches all");
	is_str(comp((struct odm_match[]){ { "name", "=", "vi5'" }, ODM_MATCH_END }),
	       "\"name\" = ?1 | vi5'", "a quote is a byte of the value");
	is_str(comp((struct odm_match[]){ { "name", NULL, "a and n=1" },
					  { "text", "!=", "x y" },
					  ODM_MATCH_END }),
	       "\"name\" = ?1 AND \"text\" != ?2 | a and n=1 | x y",
	       "NULL op is =, conditions joined with AND, text not parsed");
	is_str(comp((struct odm_match[]){ { "n", ">=", "0x10" }, { "d", "<", "1.5" },
					  ODM_MATCH_END }),
	       "\"n\" >= ?1 AND \"d\" < ?2 | 16 | 1.5", "numbers read like criteria do");
	is_str(comp((struct odm_match[]){ { "nope", "=", "1" }, ODM_MATCH_END }),
	       "ERR: unknown descriptor 'nope' in class 'T'", "unknown descriptor");
	is_int(last_rc, -ODM_E_DESC, "... ODM_E_DESC");
	is_str(comp((struct odm_match[]){ { "name", "<", "a" }, ODM_MATCH_END }),
	       "ERR: operator '<' cannot compare descriptor 'name'", "< on a string");
	is_int(last_rc, -ODM_E_CRIT, "... ODM_E_CRIT");
	is_str(comp((struct odm_match[]){ { "name", "like", "a*" }, ODM_MATCH_END }),
	       "ERR: operator 'like' cannot compare descriptor 'name'", "like is for typed criteria");
	is_int(last_rc, -ODM_E_CRIT, "... ODM_E_CRIT");
	is_str(comp((struct odm_match[]){ { "n", "=", "1'" }, ODM_MATCH_END }),
	       "ERR: descriptor 'n' is numeric and the value is not a number", "a number that is not");
	is_int(last_rc, -ODM_E_CRIT, "... ODM_E_CRIT");
	is_str(comp((struct odm_match[]){ { "d", "=", "" }, ODM_MATCH_END }),
	       "ERR: descriptor 'd' is numeric and the value is not a number", "an empty double");
	is_int(last_rc, -ODM_E_CRIT, "... ODM_E_CRIT");
	is_str(comp((struct odm_match[]){ { "name", "=", NULL }, ODM_MATCH_END }),
	       "ERR: no value for descriptor 'name'", "a NULL value");
	is_int(last_rc, -ODM_E_INVAL, "... ODM_E_INVAL");

	/* a store with hostile names, and a good one beside each */
	for (size_t k = 0; k < NHOSTILE; k++) {
		for (int good = 0; good < 2; good++) {
			o = odm_obj_new(cls);
			snprintf(buf, sizeof(buf), "%s%s", good ? "good" : "", hostile[k]);
			if (!o || odm_obj_set(odm, o, "name", buf) < 0 ||
			    odm_obj_set(odm, o, "n", good ? "1" : "0") < 0 || odm_add(odm, o) < 0) {
				printf("Bail out! %s\n", odm_errmsg(odm));
				return 1;
			}
			odm_obj_free(o);
		}
	}
	for (size_t k = 0; k < NHOSTILE; k++) {
		struct odm_match m[] = { { "name", "=", hostile[k] }, ODM_MATCH_END };
		char what[128];

		snprintf(what, sizeof(what), "exactly one object named hostile[%zu]", k);
		is_int(count(m), 1, what);
		o = NULL;
		ok(odm_get_first_match(odm, "T", m, &o) == 0 && o &&
		   !strcmp(odm_obj_get(o, "name"), hostile[k]), "first: the same object");
		odm_obj_free(o);
	}
	is_int(count((struct odm_match[]){ { "n", "=", "1" }, ODM_MATCH_END }), (int)NHOSTILE,
	       "numbers compare as numbers");
	is_int(count((struct odm_match[]){ { "name", "!=", "v*" }, { "n", "=", "0" },
					   ODM_MATCH_END }),
	       (int)NHOSTILE - 1, "!= with AND; * is no wildcard");
	o = NULL;
	is_int(odm_get_first_match(odm, "T", (struct odm_match[]){ { "name", "=", "none" },
								  ODM_MATCH_END }, &o),
	       0, "first: no match is no error");
	ok(o == NULL, "first: no match gives NULL");

	/* change and delete select by the same values */
	o = odm_obj_new(cls);
	odm_obj_set(odm, o, "text", "changed");
	is_int(odm_change_match(odm, (struct odm_match[]){ { "name", "=", "x\ny" },
							   ODM_MATCH_END }, o, &cnt),
	       0, "change by a name with a newline");
	is_int(cnt, 1, "... one object changed");
	odm_obj_free(o);
	is_int(count((struct odm_match[]){ { "text", "=", "changed" }, ODM_MATCH_END }), 1,
	       "... and only that one");
	is_int(odm_delete_match(odm, "T", (struct odm_match[]){ { "name", "=", "--" },
								ODM_MATCH_END }, &cnt),
	       0, "delete by name '--'");
	is_int(cnt, 1, "... one object deleted");
	is_int(odm_delete_match(odm, "T", (struct odm_match[]){ { "name", "=", "50%" },
								{ "n", "=", "1" },
								ODM_MATCH_END }, &cnt),
	       0, "delete needs every condition");
	is_int(cnt, 0, "... none deleted");
	is_int(count(NULL), 2 * (int)NHOSTILE - 1, "the others are all there");
	is_int(odm_delete_match(odm, "Nope", NULL, &cnt), -ODM_E_NOCLASS, "unknown class");
	odm_close(odm);
	return tap_done();
}
