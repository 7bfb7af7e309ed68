/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm-crit.c - the search criteria compiler.
 *
 * Grammar (AIX ODM):
 *   criteria  := [ condition { ("and" | "AND") condition } ]
 *   condition := descriptor op value        blanks around op optional
 *   op        := "=" | "!=" | "<" | ">" | "<=" | ">=" | "like" | "LIKE"
 *   value     := bare | quoted
 *   bare      := any bytes up to the next blank (space, tab, newline)
 *   quoted    := "'" { any byte but "'" | "''" } "'"
 * A quote inside a quoted value is written twice ('it''s'); a bare value
 * takes quotes literally.  Strings (char, vchar, longchar, link, method)
 * take = != like; numbers (short, long, ulong, long64, double) take
 * = != < > <= >=.  Numbers are read like strtol(3) with base 0, so 0x1f
 * and 017 work; doubles like strtod(3).  "like" is shell globbing
 * (fnmatch(3) without flags: * ? [..] [!..], \ quotes), case-sensitive.
 *
 * The result is an SQL expression with ?N placeholders: values are only
 * ever bound as parameters, and descriptor names are checked against the
 * class before they are put (quoted) into the text.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"

/* Conditions in one criteria string, at most. */
#define ODM_CRIT_MAX 200


struct cc {
	struct odm *odm;
	const char *text;
	struct odm_crit *crit;
	struct odm_buf sql;
	int cap;
};

static int cerr(struct cc *c, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int cerr(struct cc *c, const char *at, const char *fmt, ...)
{
	char msg[ODM_ERRLEN];
	size_t tl = strlen(c->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return odm_seterr(c->odm, ODM_E_CRIT, "criteria \"%.*s%s\", column %d: %s",
			  tl > 120 ? 120 : (int)tl, c->text, tl > 120 ? "..." : "",
			  (int)(at - c->text) + 1, msg);
}

/* A token, for messages: the word at @p (up to the next blank). */
static const char *word_at(const char *p, char *buf, size_t len)
{
	size_t n = 0;

	if (!*p)
		return "end of criteria";
	while (p[n] && !odm_isspace((unsigned char)p[n]) && n < 40)
		n++;
	snprintf(buf, len, "'%.*s'", (int)n, p);
	return buf;
}

static int add_param(struct cc *c, const char *v, size_t len, int type,
		     int64_t iv, double dv)
{
	struct odm_crit *k = c->crit;

	if (k->nparams == c->cap) {
		int cap = c->cap ? c->cap * 2 : 4;
		char **p = realloc(k->params, (size_t)cap * sizeof(*p));
		if (!p)
			return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
		k->params = p;
		unsigned char *t = realloc(k->ptype, (size_t)cap);
		if (!t)
			return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
		k->ptype = t;
		int64_t *iv2 = realloc(k->ival, (size_t)cap * sizeof(*iv2));
		if (!iv2)
			return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
		k->ival = iv2;
		double *dv2 = realloc(k->dval, (size_t)cap * sizeof(*dv2));
		if (!dv2)
			return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
		k->dval = dv2;
		c->cap = cap;
	}
	char *s = malloc(len + 1);
	if (!s)
		return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
	memcpy(s, v, len);
	s[len] = '\0';
	k->params[k->nparams] = s;
	k->ptype[k->nparams] = (unsigned char)type;
	k->ival[k->nparams] = iv;
	k->dval[k->nparams] = dv;
	k->nparams++;
	return 0;
}

/*
 * A pattern that starts with literal characters can only match values
 * that start with them: add "name >= prefix AND name < prefix+1 AND " in
 * front of the odm_glob() call, so that sqlite searches the index range
 * instead of calling the function on every row.  The glob still decides.
 * Returns 1 when the range was added, 0 when the pattern has no literal
 * prefix, or a negative error.
 */
static int glob_range(struct cc *c, const char *name, const char *pat)
{
	size_t n = strcspn(pat, "*?[\\");
	char *lo, *hi;
	size_t hn;
	int rc;

	if (n == 0)
		return 0;
	lo = strndup(pat, n);
	hi = strndup(pat, n);
	if (!lo || !hi) {
		free(lo);
		free(hi);
		return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
	}
	/* The least string above every string that starts with the prefix:
	 * drop trailing 0xff bytes, then add one to the last. */
	hn = n;
	while (hn > 0 && (unsigned char)hi[hn - 1] == 0xff)
		hn--;
	if (hn > 0) {
		hi[hn - 1] = (char)((unsigned char)hi[hn - 1] + 1);
		hi[hn] = '\0';
		rc = odm_buf_printf(&c->sql, "\"%s\" >= ?%d AND \"%s\" < ?%d AND ",
				    name, c->crit->nparams + 1, name,
				    c->crit->nparams + 2);
		if (rc >= 0)
			rc = add_param(c, lo, n, 0, 0, 0);
		if (rc >= 0)
			rc = add_param(c, hi, hn, 0, 0, 0);
	} else {
		rc = odm_buf_printf(&c->sql, "\"%s\" >= ?%d AND ", name,
				    c->crit->nparams + 1);
		if (rc >= 0)
			rc = add_param(c, lo, n, 0, 0, 0);
	}
	free(lo);
	free(hi);
	return rc < 0 ? rc : 1;
}

static const char *skip_blanks(const char *p)
{
	while (odm_isspace((unsigned char)*p))
		p++;
	return p;
}

static int is_keyword(const char *p, const char *lower, const char *upper)
{
	size_t n = strlen(lower);

	return (strncmp(p, lower, n) == 0 || strncmp(p, upper, n) == 0) &&
	       (!p[n] || odm_isspace((unsigned char)p[n]) || p[n] == '\'');
}

static int compile_one(struct cc *c, const char **pp)
{
	const struct odm_class *cls = c->crit->cls;
	const char *p = *pp, *start, *op_at, *val_at;
	char name[ODM_NAME_MAX], w[64], *val = NULL;
	const char *op, *sqlop;
	size_t vlen = 0;
	int i, rc, numeric;

	/* descriptor */
	start = p;
	while (odm_isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (p == start || odm_isdigit((unsigned char)*start))
		return cerr(c, start, "expected a descriptor name, found %s",
			    word_at(start, w, sizeof(w)));
	if ((size_t)(p - start) >= sizeof(name))
		return cerr(c, start, "unknown descriptor '%.*s...' in class '%s'",
			    20, start, cls->name);
	memcpy(name, start, (size_t)(p - start));
	name[p - start] = '\0';
	i = odm_desc_index(cls, name);
	if (i < 0)
		return cerr(c, start, "unknown descriptor '%s' in class '%s'", name,
			    cls->name);
	numeric = odm_type_is_numeric(cls->desc[i].type);

	/* operator */
	p = skip_blanks(p);
	op_at = p;
	if (p[0] == '!' && p[1] == '=') {
		op = "!="; sqlop = "!="; p += 2;
	} else if (p[0] == '<' && p[1] == '=') {
		op = "<="; sqlop = "<="; p += 2;
	} else if (p[0] == '>' && p[1] == '=') {
		op = ">="; sqlop = ">="; p += 2;
	} else if (p[0] == '=') {
		op = "="; sqlop = "="; p++;
	} else if (p[0] == '<') {
		op = "<"; sqlop = "<"; p++;
	} else if (p[0] == '>') {
		op = ">"; sqlop = ">"; p++;
	} else if (is_keyword(p, "like", "LIKE")) {
		op = "like"; sqlop = NULL; p += 4;
	} else {
		return cerr(c, p, "expected an operator (= != < > <= >= like) after '%s', found %s",
			    name, word_at(p, w, sizeof(w)));
	}
	if (numeric && !sqlop)
		return cerr(c, op_at, "type - relation mismatch: 'like' needs a string descriptor and '%s' is numeric",
			    name);
	if (!numeric && op[0] != '=' && op[0] != '!' && sqlop)
		return cerr(c, op_at, "type - relation mismatch: '%s' needs a numeric descriptor and '%s' is a string",
			    op, name);

	/* value */
	p = skip_blanks(p);
	val_at = p;
	if (!*p)
		return cerr(c, p, "missing value after '%s %s'", name, op);
	if (*p == '\'') {
		size_t n = 0;
		const char *q = p + 1;
		/* first pass: length and closing quote */
		for (;;) {
			if (!*q)
				return cerr(c, p, "unbalanced quote: the value has no closing '");
			if (*q == '\'') {
				if (q[1] == '\'') {
					q += 2;
					n++;
					continue;
				}
				break;
			}
			q++;
			n++;
		}
		val = malloc(n + 1);
		if (!val)
			return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
		for (const char *s = p + 1; s < q; s++) {
			val[vlen++] = *s;
			if (*s == '\'')
				s++;
		}
		val[vlen] = '\0';
		p = q + 1;
		if (*p && !odm_isspace((unsigned char)*p)) {
			rc = cerr(c, p, "expected a blank after the quoted value, found %s",
				  word_at(p, w, sizeof(w)));
			goto out;
		}
	} else {
		while (*p && !odm_isspace((unsigned char)*p))
			p++;
		vlen = (size_t)(p - val_at);
		val = malloc(vlen + 1);
		if (!val)
			return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
		memcpy(val, val_at, vlen);
		val[vlen] = '\0';
	}

	/* SQL and the parameter */
	if (c->crit->nparams && (rc = odm_buf_add(&c->sql, " AND ", 5)) < 0)
		goto nomem;
	if (!numeric) {
		if (sqlop)
			rc = odm_buf_printf(&c->sql, "\"%s\" %s ?%d", name, sqlop,
					    c->crit->nparams + 1);
		else if ((rc = glob_range(c, name, val)) >= 0)
			rc = odm_buf_printf(&c->sql, "odm_glob(?%d, \"%s\")",
					    c->crit->nparams + 1, name);
		if (rc < 0)
			goto nomem;
		rc = add_param(c, val, vlen, 0, 0, 0);
	} else if (cls->desc[i].type == ODM_DOUBLE) {
		char *end, txt[64];
		double d;
		errno = 0;
		d = odm_strtod(val, &end);
		if (!*val || odm_isspace((unsigned char)*val) || *end || errno == ERANGE ||
		    isnan(d)) {
			rc = cerr(c, val_at, "'%.40s' is not a number (descriptor '%s' is double)",
				  val, name);
			goto out;
		}
		if ((rc = odm_buf_printf(&c->sql, "\"%s\" %s ?%d", name, sqlop,
					 c->crit->nparams + 1)) < 0)
			goto nomem;
		odm_format_double(txt, sizeof(txt), d);
		rc = add_param(c, txt, strlen(txt), 2, 0, d);
	} else {
		int64_t v;
		char txt[32];
		if (odm_parse_i64(val, 0, &v) < 0) {
			rc = cerr(c, val_at, "'%.40s' is not a number (descriptor '%s' is numeric)",
				  val, name);
			goto out;
		}
		if ((rc = odm_buf_printf(&c->sql, "\"%s\" %s ?%d", name, sqlop,
					 c->crit->nparams + 1)) < 0)
			goto nomem;
		snprintf(txt, sizeof(txt), "%" PRId64, v);
		rc = add_param(c, txt, strlen(txt), 1, v, 0);
	}
	*pp = p;
out:
	free(val);
	return rc;
nomem:
	free(val);
	return odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
}

VIPA_EXPORT void odm_crit_free(struct odm_crit *crit)
{
	if (!crit)
		return;
	for (int i = 0; i < crit->nparams; i++)
		free(crit->params[i]);
	free(crit->params);
	free(crit->ptype);
	free(crit->ival);
	free(crit->dval);
	free(crit->sql);
	free(crit);
}

VIPA_EXPORT int odm_crit_compile(struct odm *odm, const struct odm_class *cls,
				 const char *criteria, struct odm_crit **out)
{
	struct cc c = { .odm = odm, .text = criteria ? criteria : "" };
	const char *p;
	int rc;

	if (!out || !cls)
		return odm_seterr(odm, ODM_E_INVAL, "no class for the criteria");
	*out = NULL;
	c.crit = calloc(1, sizeof(*c.crit));
	if (!c.crit)
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	c.crit->cls = cls;
	p = skip_blanks(c.text);
	if (*p) {
		for (int n = 1;; n++) {
			/* sqlite's expression depth is bounded; say so in our words. */
			if (n > ODM_CRIT_MAX) {
				rc = cerr(&c, p, "too many conditions (at most %d)", ODM_CRIT_MAX);
				goto fail;
			}
			if ((rc = compile_one(&c, &p)) < 0)
				goto fail;
			p = skip_blanks(p);
			if (!*p)
				break;
			if (is_keyword(p, "and", "AND") && !(p[3] == '\'')) {
				const char *and_at = p;
				p = skip_blanks(p + 3);
				if (!*p) {
					rc = cerr(&c, and_at, "missing condition after '%.3s'",
						  and_at);
					goto fail;
				}
				continue;
			}
			if (is_keyword(p, "or", "OR")) {
				rc = cerr(&c, p, "'%.2s' is not supported: conditions can only be joined with 'and'",
					  p);
				goto fail;
			}
			char w[64];
			rc = cerr(&c, p, "expected 'and' after a condition, found %s",
				  word_at(p, w, sizeof(w)));
			goto fail;
		}
	}
	if (c.crit->nparams == 0 && (rc = odm_buf_add(&c.sql, "1", 1)) < 0) {
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		goto fail;
	}
	c.crit->sql = c.sql.kit.data;
	*out = c.crit;
	return 0;
fail:
	free(c.sql.kit.data);
	odm_crit_free(c.crit);
	return rc;
}

const char *odm_crit_sql(const struct odm_crit *crit)
{
	return crit->sql;
}

int odm_crit_nparams(const struct odm_crit *crit)
{
	return crit->nparams;
}

const char *odm_crit_param(const struct odm_crit *crit, int i)
{
	return i >= 0 && i < crit->nparams ? crit->params[i] : NULL;
}

/* Bind the criteria's parameters as ?first .. ?first+n-1. */
int odm_crit_bind(const struct odm_crit *crit, sqlite3_stmt *st, int first)
{
	for (int i = 0; crit && i < crit->nparams; i++) {
		int rc;
		switch (crit->ptype[i]) {
		case 1:
			rc = sqlite3_bind_int64(st, first + i, crit->ival[i]);
			break;
		case 2:
			rc = sqlite3_bind_double(st, first + i, crit->dval[i]);
			break;
		default:
			rc = sqlite3_bind_text(st, first + i, crit->params[i], -1,
					       SQLITE_STATIC);
		}
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

void odm_glob_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *pat = sqlite3_value_text(argv[0]);
	const unsigned char *val = sqlite3_value_text(argv[1]);

	(void)argc;
	if (!pat || !val) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	sqlite3_result_int(ctx, fnmatch((const char *)pat, (const char *)val, 0) == 0);
}
