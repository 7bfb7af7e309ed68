/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm-match.c - criteria made from descriptor/value pairs a program holds.
 *
 * The criteria compiler (odm-crit.c) reads text a user typed; a value put
 * into that text has to be quoted, and every caller quoting its own way
 * was a source of bugs (a device named "vi5'" broke every query that
 * named it).  Here no text is read: each condition's value is bound as a
 * parameter exactly as given, and only descriptor names, checked against
 * the class, and operators from a fixed list go into the SQL.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"


/* The operators a condition may use, as SQL; strings take the first two. */
static const char *const ops[] = { "=", "!=", "<", ">", "<=", ">=" };

static int find_op(const char *op)
{
	if (!op)
		return 0;
	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		if (!strcmp(op, ops[k]))
			return (int)k;
	return -1;
}

/* Condition @k of @m into @c: SQL text and its parameter. */
static int match_one(struct odm *odm, struct odm_crit *c, struct odm_buf *sql,
		     const struct odm_match *m, int k)
{
	const struct odm_class *cls = c->cls;
	int i = odm_desc_index(cls, m->desc);
	int op = find_op(m->op);
	char txt[64];
	const char *val = m->value;

	if (i < 0)
		return odm_seterr(odm, ODM_E_DESC, "unknown descriptor '%.64s' in class '%s'",
				  m->desc, cls->name);
	if (!val)
		return odm_seterr(odm, ODM_E_INVAL, "no value for descriptor '%s'",
				  m->desc);
	if (op < 0 || (op > 1 && !odm_type_is_numeric(cls->desc[i].type)))
		return odm_seterr(odm, ODM_E_CRIT, "operator '%.8s' cannot compare descriptor '%s'",
				  m->op, m->desc);
	c->ptype[k] = 0;
	if (cls->desc[i].type == ODM_DOUBLE) {
		char *end;
		errno = 0;
		c->dval[k] = odm_strtod(val, &end);
		if (!*val || *end || errno == ERANGE || isnan(c->dval[k]))
			goto notnum;
		c->ptype[k] = 2;
		odm_format_double(txt, sizeof(txt), c->dval[k]);
		val = txt;
	} else if (odm_type_is_numeric(cls->desc[i].type)) {
		if (odm_parse_i64(val, 0, &c->ival[k]) < 0)
			goto notnum;
		c->ptype[k] = 1;
		snprintf(txt, sizeof(txt), "%" PRId64, c->ival[k]);
		val = txt;
	}
	if (!(c->params[k] = strdup(val)))
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	c->nparams = k + 1;
	if (odm_buf_printf(sql, "%s\"%s\" %s ?%d", k ? " AND " : "",
			   cls->desc[i].name, ops[op], k + 1) < 0)
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	return 0;
notnum:
	return odm_seterr(odm, ODM_E_CRIT, "descriptor '%s' is numeric and the value is not a number",
			  m->desc);
}

VIPA_EXPORT int odm_match_compile(struct odm *odm, const struct odm_class *cls,
				  const struct odm_match *m, struct odm_crit **out)
{
	struct odm_buf sql = { 0 };
	struct odm_crit *c;
	int n = 0, rc = 0;

	if (!out || !cls)
		return odm_seterr(odm, ODM_E_INVAL, "no class for the criteria");
	*out = NULL;
	while (m && m[n].desc)
		n++;
	if (!(c = calloc(1, sizeof(*c))))
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	c->cls = cls;
	if (n && (!(c->params = calloc((size_t)n, sizeof(*c->params))) ||
		  !(c->ptype = calloc((size_t)n, 1)) ||
		  !(c->ival = calloc((size_t)n, sizeof(*c->ival))) ||
		  !(c->dval = calloc((size_t)n, sizeof(*c->dval))))) {
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		goto fail;
	}
	for (int k = 0; k < n && rc >= 0; k++)
		rc = match_one(odm, c, &sql, &m[k], k);
	if (rc >= 0 && !n && odm_buf_add(&sql, "1", 1) < 0)
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	if (rc < 0)
		goto fail;
	c->sql = sql.kit.data;
	*out = c;
	return 0;
fail:
	free(sql.kit.data);
	odm_crit_free(c);
	return rc;
}

static int compile_named(struct odm *odm, const char *class_name,
			 const struct odm_match *m, const struct odm_class **cls,
			 struct odm_crit **crit)
{
	int rc = odm_get_class(odm, class_name, cls);

	return rc < 0 ? rc : odm_match_compile(odm, *cls, m, crit);
}

VIPA_EXPORT int odm_get_match(struct odm *odm, const char *class_name,
			      const struct odm_match *m,
			      int (*fn)(const struct odm_obj *obj, void *arg), void *arg)
{
	const struct odm_class *cls;
	struct odm_crit *crit = NULL;
	int rc = compile_named(odm, class_name, m, &cls, &crit);

	if (rc >= 0)
		rc = odm_get(odm, cls, crit, fn, arg);
	odm_crit_free(crit);
	return rc;
}

struct first {
	struct odm *odm;
	struct odm_obj *copy;
	int rc;
};

static int first_cb(const struct odm_obj *obj, void *arg)
{
	struct first *f = arg;
	const struct odm_class *cls = odm_obj_class(obj);

	if (!(f->copy = odm_obj_new(cls)))
		goto nomem;
	f->copy->id = odm_obj_id(obj);
	for (int i = 0; i < odm_class_ndesc(cls); i++) {
		const char *v = odm_obj_get_i(obj, i);
		if (v && odm_obj_setn(f->odm, f->copy, i, v, strlen(v)) < 0)
			goto nomem;
	}
	return 1;
nomem:
	f->rc = odm_seterr(f->odm, ODM_E_NOMEM, "out of memory");
	return f->rc;
}

VIPA_EXPORT int odm_get_first_match(struct odm *odm, const char *class_name,
				    const struct odm_match *m, struct odm_obj **out)
{
	struct first f = { .odm = odm };
	int rc;

	if (!out)
		return odm_seterr(odm, ODM_E_INVAL, "no place for the object");
	*out = NULL;
	rc = odm_get_match(odm, class_name, m, first_cb, &f);
	if (rc < 0 || f.rc < 0) {
		odm_obj_free(f.copy);
		return rc < 0 ? rc : f.rc;
	}
	*out = f.copy;
	return 0;
}

VIPA_EXPORT int odm_change_match(struct odm *odm, const struct odm_match *m,
				 const struct odm_obj *changes, long *count)
{
	struct odm_crit *crit = NULL;
	int rc;

	if (count)
		*count = 0;
	if (!changes)
		return odm_seterr(odm, ODM_E_INVAL, "no changes");
	rc = odm_match_compile(odm, odm_obj_class(changes), m, &crit);
	if (rc >= 0)
		rc = odm_change(odm, crit, changes, count);
	odm_crit_free(crit);
	return rc;
}

VIPA_EXPORT int odm_delete_match(struct odm *odm, const char *class_name,
				 const struct odm_match *m, long *count)
{
	const struct odm_class *cls;
	struct odm_crit *crit = NULL;
	int rc;

	if (count)
		*count = 0;
	rc = compile_named(odm, class_name, m, &cls, &crit);
	if (rc >= 0)
		rc = odm_delete(odm, cls, crit, count);
	odm_crit_free(crit);
	return rc;
}
