/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm-class.c - object class definitions: the odmcreate syntax reader,
 * the odmshow writer, descriptor accessors and objects.
 *
 * Syntax read (as odmcreate reads it, without generating C):
 *   class Name {
 *       char f[N]; vchar f[N]; longchar f[N];
 *       short n; long n; ulong n; long64 n; double d;
 *       link Class Collection Descriptor name[N];   [N] optional
 *       method name[N];                              [N] optional
 *   };
 * Comments are C ones and // lines; lines starting with # (cpp
 * directives such as #include) are skipped.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "odm-internal.h"


enum tok { T_EOF, T_IDENT, T_NUM, T_PUNCT, T_BAD };

struct lex {
	struct odm *odm;
	const char *name;
	const char *p, *end;
	int line;
	int bol;              /* only blanks since the last newline */
	enum tok tok;         /* current token */
	const char *ts;       /* its text */
	size_t tl;
	int tline;
};

static int lex_err(struct lex *lx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int lex_err(struct lex *lx, const char *fmt, ...)
{
	char msg[ODM_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return odm_seterr(lx->odm, ODM_E_CLASSDEF, "%s:%d: %s", lx->name,
			  lx->tline, msg);
}

/* Advance to the next token; comments and # lines are skipped. */
static int lex_next(struct lex *lx)
{
	const char *p = lx->p, *e = lx->end;

	for (;;) {
		if (p >= e)
			break;
		if (*p == '\n') {
			lx->line++;
			lx->bol = 1;
			p++;
		} else if (odm_isspace((unsigned char)*p)) {
			p++;
		} else if (*p == '#' && lx->bol) {
			while (p < e && *p != '\n')
				p++;
		} else if (*p == '/' && p + 1 < e && p[1] == '/') {
			while (p < e && *p != '\n')
				p++;
		} else if (*p == '/' && p + 1 < e && p[1] == '*') {
			int start = lx->line;
			p += 2;
			while (p + 1 < e && !(p[0] == '*' && p[1] == '/')) {
				if (*p == '\n')
					lx->line++;
				p++;
			}
			if (p + 1 >= e) {
				lx->tline = start;
				lx->p = e;
				return lex_err(lx, "unterminated comment");
			}
			p += 2;
			lx->bol = 0;
		} else {
			break;
		}
	}
	lx->tline = lx->line;
	lx->ts = p;
	if (p >= e) {
		lx->tok = T_EOF;
		lx->tl = 0;
	} else if (odm_isalpha((unsigned char)*p) || *p == '_') {
		while (p < e && (odm_isalnum((unsigned char)*p) || *p == '_'))
			p++;
		lx->tok = T_IDENT;
	} else if (odm_isdigit((unsigned char)*p)) {
		while (p < e && odm_isalnum((unsigned char)*p))
			p++;
		lx->tok = T_NUM;
	} else if (strchr("{}[];", *p)) {
		p++;
		lx->tok = T_PUNCT;
	} else {
		p++;
		lx->tok = T_BAD;
	}
	lx->tl = (size_t)(p - lx->ts);
	lx->p = p;
	lx->bol = 0;
	return 0;
}

static int is_punct(const struct lex *lx, char c)
{
	return lx->tok == T_PUNCT && lx->ts[0] == c;
}

static int is_word(const struct lex *lx, const char *w)
{
	return lx->tok == T_IDENT && lx->tl == strlen(w) &&
	       memcmp(lx->ts, w, lx->tl) == 0;
}

/* What the current token is, for messages. */
static const char *tok_text(const struct lex *lx, char *buf, size_t len)
{
	if (lx->tok == T_EOF)
		return "end of input";
	if (lx->tok == T_BAD && !odm_isprint((unsigned char)lx->ts[0]))
		snprintf(buf, len, "byte 0x%02x", (unsigned char)lx->ts[0]);
	else
		snprintf(buf, len, "'%.*s'", (int)(lx->tl > 40 ? 40 : lx->tl),
			 lx->ts);
	return buf;
}

static int expect_punct(struct lex *lx, char c, const char *what)
{
	char t[64];

	if (!is_punct(lx, c))
		return lex_err(lx, "expected '%c' %s, found %s", c, what,
			       tok_text(lx, t, sizeof(t)));
	return lex_next(lx);
}

/* An identifier into @out (size ODM_NAME_MAX). */
static int take_ident(struct lex *lx, char *out, const char *what)
{
	char t[64];

	if (lx->tok != T_IDENT)
		return lex_err(lx, "expected %s, found %s", what,
			       tok_text(lx, t, sizeof(t)));
	if (lx->tl >= ODM_NAME_MAX)
		return lex_err(lx, "%s '%.*s...' is too long (at most %d characters)",
			       what, 20, lx->ts, ODM_NAME_MAX - 1);
	memcpy(out, lx->ts, lx->tl);
	out[lx->tl] = '\0';
	return lex_next(lx);
}

/* "[N]" if present; *size stays as it is otherwise. */
static int take_size(struct lex *lx, const char *dname, int *size, int *given)
{
	char t[64];
	long n;
	char *end;
	char num[32];
	int rc;

	*given = 0;
	if (!is_punct(lx, '['))
		return 0;
	if ((rc = lex_next(lx)) < 0)
		return rc;
	if (lx->tok != T_NUM || lx->tl >= sizeof(num))
		return lex_err(lx, "expected a size after '%s[', found %s", dname,
			       tok_text(lx, t, sizeof(t)));
	memcpy(num, lx->ts, lx->tl);
	num[lx->tl] = '\0';
	errno = 0;
	n = strtol(num, &end, 10);
	if (*end || errno || n < 1 || n > ODM_STRING_MAX)
		return lex_err(lx, "bad size '%s' of '%s' (1..%d)", num, dname,
			       ODM_STRING_MAX);
	*size = (int)n;
	*given = 1;
	if ((rc = lex_next(lx)) < 0)
		return rc;
	return expect_punct(lx, ']', "after the size");
}

static const struct {
	const char *word;
	enum odm_type type;
} type_words[] = {
	{ "char", ODM_CHAR }, { "vchar", ODM_VCHAR },
	{ "longchar", ODM_LONGCHAR }, { "short", ODM_SHORT },
	{ "long", ODM_LONG }, { "ulong", ODM_ULONG },
	{ "long64", ODM_LONG64 }, { "double", ODM_DOUBLE },
	{ "link", ODM_LINK }, { "method", ODM_METHOD },
};

static const char *type_name(enum odm_type t)
{
	for (size_t i = 0; i < sizeof(type_words) / sizeof(type_words[0]); i++)
		if (type_words[i].type == t)
			return type_words[i].word;
	return "?";
}

static int find_desc_ci(const struct odm_class *cls, const char *name)
{
	int c = tolower((unsigned char)name[0]);

	/* the first letter rules out nearly all: a class is parsed on each open */
	for (int i = 0; i < cls->ndesc; i++)
		if (tolower((unsigned char)cls->desc[i].name[0]) == c &&
		    strcasecmp(cls->desc[i].name, name) == 0)
			return i;
	return -1;
}

/* Size of a link to @lclass.@ldesc: the target's size, or the default. */
static int link_size(struct odm *odm, struct odm_class *defined,
		     const struct odm_class *(*lookup)(struct odm *, const char *),
		     const char *lclass, const char *ldesc)
{
	const struct odm_class *c = NULL;
	int i;

	for (struct odm_class *d = defined; d; d = d->next)
		if (strcmp(d->name, lclass) == 0)
			c = d;
	if (!c && lookup)
		c = lookup(odm, lclass);
	if (c && (i = odm_desc_index(c, ldesc)) >= 0 && c->desc[i].size > 0 &&
	    !odm_type_is_numeric(c->desc[i].type))
		return c->desc[i].size;
	return ODM_LINK_DEFAULT;
}

static int parse_desc(struct lex *lx, struct odm_class *cls,
		      struct odm_class *defined,
		      const struct odm_class *(*lookup)(struct odm *, const char *))
{
	struct odm_desc d;
	char t[64];
	size_t k;
	int rc, given, line = lx->tline;

	memset(&d, 0, sizeof(d));
	for (k = 0; k < sizeof(type_words) / sizeof(type_words[0]); k++)
		if (is_word(lx, type_words[k].word))
			break;
	if (k == sizeof(type_words) / sizeof(type_words[0]))
		return lex_err(lx, "unknown descriptor type %s in class '%s'",
			       tok_text(lx, t, sizeof(t)), cls->name);
	d.type = type_words[k].type;
	if ((rc = lex_next(lx)) < 0)
		return rc;
	if (d.type == ODM_LINK) {
		if ((rc = take_ident(lx, d.link_class, "a class name after 'link'")) < 0 ||
		    (rc = take_ident(lx, d.link_coll, "a collection name in 'link'")) < 0 ||
		    (rc = take_ident(lx, d.link_desc, "a descriptor name in 'link'")) < 0)
			return rc;
	}
	if ((rc = take_ident(lx, d.name, "a descriptor name")) < 0)
		return rc;
	if ((rc = take_size(lx, d.name, &d.size, &given)) < 0)
		return rc;
	switch (d.type) {
	case ODM_CHAR:
	case ODM_VCHAR:
	case ODM_LONGCHAR:
		if (!given) {
			lx->tline = line;
			return lex_err(lx, "descriptor '%s' needs a size: %s %s[N]",
				       d.name, type_name(d.type), d.name);
		}
		break;
	case ODM_LINK:
		if (!given)
			d.size = link_size(lx->odm, defined, lookup, d.link_class,
					   d.link_desc);
		break;
	case ODM_METHOD:
		if (!given)
			d.size = ODM_METHOD_DEFAULT;
		break;
	default:
		if (given) {
			lx->tline = line;
			return lex_err(lx, "numeric descriptor '%s' takes no size",
				       d.name);
		}
	}
	if ((rc = expect_punct(lx, ';', "after a descriptor")) < 0)
		return rc;
	if (d.name[0] == '_' && (strcasecmp(d.name, "_id") == 0 ||
				 strcasecmp(d.name, "_reserved") == 0 ||
				 strcasecmp(d.name, "_scratch") == 0)) {
		lx->tline = line;
		return lex_err(lx, "descriptor name '%s' is reserved", d.name);
	}
	if ((k = (size_t)find_desc_ci(cls, d.name)) != (size_t)-1) {
		lx->tline = line;
		return lex_err(lx, "descriptor '%s' defined twice in class '%s'%s",
			       d.name, cls->name,
			       strcmp(cls->desc[k].name, d.name) ?
			       " (names differ only in case)" : "");
	}
	if (cls->ndesc >= ODM_MAX_DESC) {
		lx->tline = line;
		return lex_err(lx, "class '%s' has more than %d descriptors", cls->name,
			       ODM_MAX_DESC);
	}
	if (cls->ndesc % 16 == 0) {
		struct odm_desc *nd = realloc(cls->desc,
			(size_t)(cls->ndesc + 16) * sizeof(*nd));
		if (!nd)
			return odm_seterr(lx->odm, ODM_E_NOMEM, "out of memory");
		cls->desc = nd;
	}
	cls->desc[cls->ndesc++] = d;
	return 0;
}

void odm_class_free(struct odm_class *cls)
{
	if (!cls)
		return;
	if (cls->ins)
		sqlite3_finalize(cls->ins);
	free(cls->desc);
	free(cls);
}

void odm_class_free_list(struct odm_class *cls)
{
	while (cls) {
		struct odm_class *n = cls->next;
		odm_class_free(cls);
		cls = n;
	}
}

int odm_class_parse(struct odm *odm, const char *text, size_t len,
		    const char *name,
		    const struct odm_class *(*lookup)(struct odm *, const char *),
		    struct odm_class **out)
{
	struct lex lx = { .odm = odm, .name = name ? name : "input",
			  .p = text, .end = text + len, .line = 1, .bol = 1 };
	struct odm_class *head = NULL, **tail = &head;
	char t[64];
	int rc;

	*out = NULL;
	if ((rc = lex_next(&lx)) < 0)
		return rc;
	while (lx.tok != T_EOF) {
		struct odm_class *cls;

		if (!is_word(&lx, "class")) {
			rc = lex_err(&lx, "expected 'class', found %s",
				     tok_text(&lx, t, sizeof(t)));
			goto fail;
		}
		cls = calloc(1, sizeof(*cls));
		if (!cls) {
			rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
			goto fail;
		}
		cls->schema = "main";
		cls->line = lx.tline;
		*tail = cls;
		tail = &cls->next;
		if ((rc = lex_next(&lx)) < 0 ||
		    (rc = take_ident(&lx, cls->name, "a class name")) < 0)
			goto fail;
		if (strncasecmp(cls->name, "sqlite_", 7) == 0 ||
		    strncasecmp(cls->name, "_odm", 4) == 0) {
			lx.tline = cls->line;
			rc = lex_err(&lx, "class name '%s' is reserved", cls->name);
			goto fail;
		}
		for (struct odm_class *c = head; c != cls; c = c->next)
			if (strcasecmp(c->name, cls->name) == 0) {
				lx.tline = cls->line;
				rc = lex_err(&lx, "class '%s' defined twice", cls->name);
				goto fail;
			}
		if ((rc = expect_punct(&lx, '{', "after the class name")) < 0)
			goto fail;
		while (!is_punct(&lx, '}')) {
			if (lx.tok == T_EOF) {
				rc = lex_err(&lx, "missing '}' at the end of class '%s'",
					     cls->name);
				goto fail;
			}
			if ((rc = parse_desc(&lx, cls, head, lookup)) < 0)
				goto fail;
		}
		if ((rc = lex_next(&lx)) < 0)
			goto fail;
		if (cls->ndesc == 0) {
			lx.tline = cls->line;
			rc = lex_err(&lx, "class '%s' has no descriptors", cls->name);
			goto fail;
		}
		if (is_punct(&lx, ';') && (rc = lex_next(&lx)) < 0)
			goto fail;
	}
	if (!head)
		return odm_seterr(odm, ODM_E_CLASSDEF, "%s: no class definition",
				  lx.name);
	*out = head;
	return 0;
fail:
	odm_class_free_list(head);
	return rc;
}

int odm_class_format(const struct odm_class *cls, struct odm_buf *buf,
		     int explicit_sizes)
{
	int rc = odm_buf_printf(buf, "class %s {\n", cls->name);

	for (int i = 0; rc == 0 && i < cls->ndesc; i++) {
		const struct odm_desc *d = &cls->desc[i];

		switch (d->type) {
		case ODM_LINK:
			rc = odm_buf_printf(buf, "\tlink %s %s %s %s", d->link_class,
					    d->link_coll, d->link_desc, d->name);
			if (rc == 0 && (explicit_sizes || d->size != ODM_LINK_DEFAULT))
				rc = odm_buf_printf(buf, "[%d]", d->size);
			break;
		case ODM_METHOD:
			rc = odm_buf_printf(buf, "\tmethod %s", d->name);
			if (rc == 0 && (explicit_sizes || d->size != ODM_METHOD_DEFAULT))
				rc = odm_buf_printf(buf, "[%d]", d->size);
			break;
		default:
			rc = odm_buf_printf(buf, "\t%s %s", type_name(d->type), d->name);
			if (rc == 0 && d->size)
				rc = odm_buf_printf(buf, "[%d]", d->size);
		}
		if (rc == 0)
			rc = odm_buf_add(buf, ";\n", 2);
	}
	if (rc == 0)
		rc = odm_buf_add(buf, "};\n", 3);
	return rc;
}

VIPA_EXPORT int odm_class_show(const struct odm_class *cls, struct odm_buf *buf)
{
	if (!cls || !buf)
		return -ODM_E_INVAL;
	return odm_class_format(cls, buf, 1);
}

VIPA_EXPORT const char *odm_class_name(const struct odm_class *cls)
{
	return cls->name;
}

VIPA_EXPORT int odm_class_ndesc(const struct odm_class *cls)
{
	return cls->ndesc;
}

VIPA_EXPORT const char *odm_desc_name(const struct odm_class *cls, int i)
{
	return i >= 0 && i < cls->ndesc ? cls->desc[i].name : NULL;
}

VIPA_EXPORT enum odm_type odm_desc_type(const struct odm_class *cls, int i)
{
	return i >= 0 && i < cls->ndesc ? cls->desc[i].type : ODM_CHAR;
}

VIPA_EXPORT int odm_desc_size(const struct odm_class *cls, int i)
{
	return i >= 0 && i < cls->ndesc ? cls->desc[i].size : 0;
}

VIPA_EXPORT int odm_desc_index(const struct odm_class *cls, const char *name)
{
	for (int i = 0; i < cls->ndesc; i++)
		if (strcmp(cls->desc[i].name, name) == 0)
			return i;
	return -1;
}

/* ---- objects --------------------------------------------------------- */

VIPA_EXPORT struct odm_obj *odm_obj_new(const struct odm_class *cls)
{
	struct odm_obj *o;

	if (!cls)
		return NULL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->cls = cls;
	o->val = calloc((size_t)cls->ndesc, sizeof(*o->val));
	o->cap = calloc((size_t)cls->ndesc, sizeof(*o->cap));
	if (!o->val || !o->cap) {
		free(o->val);
		free(o->cap);
		free(o);
		return NULL;
	}
	return o;
}

VIPA_EXPORT void odm_obj_free(struct odm_obj *obj)
{
	if (!obj)
		return;
	for (int i = 0; i < obj->cls->ndesc; i++)
		free(obj->val[i]);
	free(obj->val);
	free(obj->cap);
	free(obj);
}

VIPA_EXPORT const struct odm_class *odm_obj_class(const struct odm_obj *obj)
{
	return obj->cls;
}

/*
 * Store @len bytes as the value of descriptor @i, unchecked.  The slot's
 * buffer is kept across values so that reading many objects into one
 * object does not allocate per value.
 */
int odm_obj_setn(struct odm *odm, struct odm_obj *obj, int i,
		 const char *value, size_t len)
{
	if (len + 1 > obj->cap[i]) {
		size_t cap = obj->cap[i] ? obj->cap[i] : 16;
		char *p;
		while (cap < len + 1)
			cap *= 2;
		p = realloc(obj->val[i], cap);
		if (!p)
			return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		obj->val[i] = p;
		obj->cap[i] = cap;
	}
	memcpy(obj->val[i], value, len);
	obj->val[i][len] = '\0';
	return 0;
}

VIPA_EXPORT int odm_obj_set_i(struct odm *odm, struct odm_obj *obj, int i,
			      const char *value)
{
	int rc;

	if (!obj || i < 0 || i >= obj->cls->ndesc)
		return odm_seterr(odm, ODM_E_INVAL, "descriptor index %d out of range", i);
	if (!value) {
		free(obj->val[i]);
		obj->val[i] = NULL;
		obj->cap[i] = 0;
		return 0;
	}
	if ((rc = odm_check_value(odm, obj->cls, i, value, NULL, NULL)) < 0)
		return rc;
	return odm_obj_setn(odm, obj, i, value, strlen(value));
}

VIPA_EXPORT int odm_obj_set(struct odm *odm, struct odm_obj *obj,
			    const char *desc, const char *value)
{
	int i;

	if (!obj || !desc)
		return odm_seterr(odm, ODM_E_INVAL, "no object or descriptor");
	i = odm_desc_index(obj->cls, desc);
	if (i < 0)
		return odm_seterr(odm, ODM_E_DESC,
				  "class '%s' has no descriptor '%s'",
				  obj->cls->name, desc);
	return odm_obj_set_i(odm, obj, i, value);
}

VIPA_EXPORT const char *odm_obj_get_i(const struct odm_obj *obj, int i)
{
	if (!obj || i < 0 || i >= obj->cls->ndesc)
		return NULL;
	return obj->val[i];
}

VIPA_EXPORT const char *odm_obj_get(const struct odm_obj *obj, const char *desc)
{
	return obj ? odm_obj_get_i(obj, odm_desc_index(obj->cls, desc)) : NULL;
}

VIPA_EXPORT int64_t odm_obj_id(const struct odm_obj *obj)
{
	return obj->id;
}

VIPA_EXPORT void odm_obj_clear(struct odm_obj *obj)
{
	for (int i = 0; i < obj->cls->ndesc; i++) {
		free(obj->val[i]);
		obj->val[i] = NULL;
		obj->cap[i] = 0;
	}
}
