/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm-stanza.c - the stanza format of odmget and odmadd.
 *
 *   # a comment line
 *   ClassName:
 *   	descriptor = "a string with \" \\ \n \t and \033 escapes"
 *   	number = 42
 *   	bare = a value without quotes, up to the end of the line
 *
 * A stanza starts at a "Name:" line in column 1 and ends at a blank line
 * (or the next "Name:" line, or the end).  Descriptor lines are indented
 * with tabs or spaces.  A quoted value may go on over several lines when
 * a line ends in a backslash inside the quotes (as AIX's .add files do).
 * The writer quotes every string and escapes ", \, newline, tab and every
 * other control byte (as \ooo), so that any byte string without NUL reads
 * back unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"


struct sp {
	const char *name;
	const char *p, *end;
	int line;
	char *errmsg;
	size_t errlen;
	/* the current stanza: strings in the arena, by offset */
	struct odm_buf arena;
	size_t class_off;
	int class_line;
	int in_stanza;
	int n, cap;
	size_t *noff, *voff;
	int *lines;
	unsigned char *quoted;
	const char **names, **values;
};

static int sp_err(struct sp *s, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int sp_err(struct sp *s, int line, const char *fmt, ...)
{
	char msg[ODM_ERRLEN];
	va_list ap;

	if (s->errmsg && s->errlen) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		snprintf(s->errmsg, s->errlen, "%s:%d: %s", s->name, line, msg);
	}
	return -ODM_E_STANZA;
}

static int sp_nomem(struct sp *s)
{
	if (s->errmsg && s->errlen)
		snprintf(s->errmsg, s->errlen, "%s: out of memory", s->name);
	return -ODM_E_NOMEM;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int arena_put(struct sp *s, const char *str, size_t len, size_t *off)
{
	*off = s->arena.kit.len;
	if (odm_buf_add(&s->arena, str, len) < 0 ||
	    odm_buf_add(&s->arena, "", 1) < 0)
		return sp_nomem(s);
	return 0;
}

static int emit(struct sp *s, int (*fn)(const struct odm_stanza *, void *),
		void *arg)
{
	struct odm_stanza st;

	for (int i = 0; i < s->n; i++) {
		s->names[i] = s->arena.kit.data + s->noff[i];
		s->values[i] = s->arena.kit.data + s->voff[i];
	}
	st.class_name = s->arena.kit.data + s->class_off;
	st.line = s->class_line;
	st.npairs = s->n;
	st.names = s->names;
	st.values = s->values;
	st.lines = s->lines;
	st.quoted = s->quoted;
	s->in_stanza = 0;
	return fn(&st, arg);
}

static int grow_pairs(struct sp *s)
{
	int cap = s->cap ? s->cap * 2 : 32;
	void *p;

#define GROW(field) \
	if (!(p = realloc(s->field, (size_t)cap * sizeof(*s->field)))) \
		return sp_nomem(s); \
	s->field = p;
	GROW(noff) GROW(voff) GROW(lines) GROW(quoted) GROW(names) GROW(values)
#undef GROW
	s->cap = cap;
	return 0;
}

/*
 * A quoted value starting after the opening quote at @p; unescaped into
 * the arena.  *pp is left after the closing quote.
 */
static int read_quoted(struct sp *s, const char **pp, size_t *off)
{
	const char *p = *pp, *e = s->end;
	int start = s->line;

	*off = s->arena.kit.len;
	for (;;) {
		const char *q = p;
		/* copy the run of plain bytes in one go */
		while (q < e && *q != '"' && *q != '\\' && *q != '\n' && *q)
			q++;
		if (q > p && odm_buf_add(&s->arena, p, (size_t)(q - p)) < 0)
			return sp_nomem(s);
		if (s->arena.kit.len - *off > ODM_VALUE_MAX)
			return sp_err(s, start, "a value longer than %d bytes", ODM_VALUE_MAX);
		p = q;
		if (p >= e || *p == '\n')
			return sp_err(s, start, "unterminated string: no closing '\"'");
		if (!*p)
			return sp_err(s, s->line, "NUL byte in a value");
		if (*p == '"')
			break;
		/* backslash */
		p++;
		if (p >= e)
			return sp_err(s, start, "unterminated string: no closing '\"'");
		char c;
		switch (*p) {
		case '"': c = '"'; break;
		case '\\': c = '\\'; break;
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case 'r': c = '\r'; break;
		case 'f': c = '\f'; break;
		case 'v': c = '\v'; break;
		case 'b': c = '\b'; break;
		case 'a': c = '\a'; break;
		case '\'': c = '\''; break;
		case '\n':
			/* line continuation */
			s->line++;
			p++;
			continue;
		default:
			if (*p >= '0' && *p <= '7') {
				int v = 0, k = 0;
				while (k < 3 && p < e && *p >= '0' && *p <= '7') {
					v = v * 8 + (*p - '0');
					p++;
					k++;
				}
				if (v == 0)
					return sp_err(s, s->line, "NUL byte (\\0) in a value");
				if (v > 255)
					return sp_err(s, s->line, "octal escape \\%.3s is larger than \\377",
						      p - 3);
				c = (char)v;
				if (odm_buf_add(&s->arena, &c, 1) < 0)
					return sp_nomem(s);
				continue;
			}
			if (odm_isprint((unsigned char)*p))
				return sp_err(s, s->line, "unknown escape '\\%c' in a string", *p);
			return sp_err(s, s->line, "unknown escape '\\' followed by byte 0x%02x",
				      (unsigned char)*p);
		}
		if (odm_buf_add(&s->arena, &c, 1) < 0)
			return sp_nomem(s);
		p++;
	}
	if (odm_buf_add(&s->arena, "", 1) < 0)
		return sp_nomem(s);
	*pp = p + 1;
	return 0;
}

static int parse_pair(struct sp *s, const char *p, const char *le)
{
	const char *ns = p;
	size_t noff, voff;
	int rc, line = s->line, quoted = 0;

	while (p < le && (odm_isalnum((unsigned char)*p) || *p == '_'))
		p++;
	if (p == ns || odm_isdigit((unsigned char)*ns))
		return sp_err(s, line, "expected 'descriptor = value'");
	if (p < le && *p == ':')
		return sp_err(s, line, "a 'ClassName:' line must start in column 1");
	if (p - ns >= ODM_NAME_MAX)
		return sp_err(s, line, "descriptor name '%.20s...' is too long", ns);
	if ((rc = arena_put(s, ns, (size_t)(p - ns), &noff)) < 0)
		return rc;
	while (p < le && is_blank(*p))
		p++;
	if (p >= le || *p != '=')
		return sp_err(s, line, "expected '=' after descriptor '%s'",
			      s->arena.kit.data + noff);
	p++;
	while (p < le && is_blank(*p))
		p++;
	if (p < le && *p == '"') {
		p++;
		if ((rc = read_quoted(s, &p, &voff)) < 0)
			return rc;
		quoted = 1;
		/* the line may have moved on with continuations */
		le = memchr(p, '\n', (size_t)(s->end - p));
		if (!le)
			le = s->end;
		while (p < le && is_blank(*p))
			p++;
		if (p < le)
			return sp_err(s, s->line, "unexpected text after the closing quote of '%s'",
				      s->arena.kit.data + noff);
	} else {
		const char *ve = le;
		while (ve > p && is_blank(ve[-1]))
			ve--;
		if (memchr(p, '\0', (size_t)(ve - p)))
			return sp_err(s, line, "NUL byte in a value");
		if (ve - p > ODM_VALUE_MAX)
			return sp_err(s, line, "a value longer than %d bytes", ODM_VALUE_MAX);
		if ((rc = arena_put(s, p, (size_t)(ve - p), &voff)) < 0)
			return rc;
	}
	if (s->n == s->cap && (rc = grow_pairs(s)) < 0)
		return rc;
	s->noff[s->n] = noff;
	s->voff[s->n] = voff;
	s->lines[s->n] = line;
	s->quoted[s->n] = (unsigned char)quoted;
	s->n++;
	s->p = le;
	if (s->arena.kit.len > ODM_STANZA_MAX)
		return sp_err(s, s->class_line, "a stanza longer than %d bytes", ODM_STANZA_MAX);
	return 0;
}

VIPA_EXPORT int odm_stanza_parse(const char *text, size_t len, const char *name,
				 int (*fn)(const struct odm_stanza *st, void *arg),
				 void *arg, char *errmsg, size_t errlen)
{
	struct sp s = { .name = name ? name : "input", .p = text,
			.end = text + len, .line = 0, .errmsg = errmsg,
			.errlen = errlen };
	int rc = 0;

	if (errmsg && errlen)
		errmsg[0] = '\0';
	if (!text && len)
		return -ODM_E_INVAL;
	while (s.p < s.end) {
		const char *ls = s.p, *le, *p;

		s.line++;
		le = memchr(ls, '\n', (size_t)(s.end - ls));
		if (!le)
			le = s.end;
		s.p = le;
		p = ls;
		while (p < le && is_blank(*p))
			p++;
		if (p == le) {
			/* blank line: the end of a stanza */
			if (s.in_stanza && (rc = emit(&s, fn, arg)) != 0)
				goto out;
		} else if (*p == '#') {
			/* comment */
		} else if (p == ls) {
			/* "ClassName:" */
			const char *q = p;
			size_t off;
			while (q < le && (odm_isalnum((unsigned char)*q) || *q == '_'))
				q++;
			if (q == p || odm_isdigit((unsigned char)*p) || q >= le || *q != ':') {
				rc = sp_err(&s, s.line, "expected 'ClassName:' or an indented 'descriptor = value'");
				goto out;
			}
			if (q - p >= ODM_NAME_MAX) {
				rc = sp_err(&s, s.line, "class name '%.20s...' is too long", p);
				goto out;
			}
			const char *r = q + 1;
			while (r < le && is_blank(*r))
				r++;
			if (r < le) {
				rc = sp_err(&s, s.line, "unexpected text after 'ClassName:'");
				goto out;
			}
			if (s.in_stanza && (rc = emit(&s, fn, arg)) != 0)
				goto out;
			odm_buf_reset(&s.arena);
			s.n = 0;
			if ((rc = arena_put(&s, p, (size_t)(q - p), &off)) < 0)
				goto out;
			s.class_off = off;
			s.class_line = s.line;
			s.in_stanza = 1;
		} else {
			if (!s.in_stanza) {
				rc = sp_err(&s, s.line, "descriptor line outside a stanza (no 'ClassName:' before it)");
				goto out;
			}
			if ((rc = parse_pair(&s, p, le)) < 0)
				goto out;
		}
		if (s.p < s.end)
			s.p++; /* the newline */
	}
	if (s.in_stanza)
		rc = emit(&s, fn, arg);
out:
	free(s.arena.kit.data);
	free(s.noff);
	free(s.voff);
	free(s.lines);
	free(s.quoted);
	free(s.names);
	free(s.values);
	return rc;
}

/* ---- writer ---------------------------------------------------------- */

static int write_quoted(struct odm_buf *buf, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	int rc = odm_buf_add(buf, "\"", 1);

	while (rc == 0 && *p) {
		const unsigned char *q = p;
		while (*q >= 0x20 && *q != 0x7f && *q != '"' && *q != '\\')
			q++;
		if (q > p && (rc = odm_buf_add(buf, (const char *)p, (size_t)(q - p))) < 0)
			break;
		p = q;
		if (!*p)
			break;
		switch (*p) {
		case '"': rc = odm_buf_add(buf, "\\\"", 2); break;
		case '\\': rc = odm_buf_add(buf, "\\\\", 2); break;
		case '\n': rc = odm_buf_add(buf, "\\n", 2); break;
		case '\t': rc = odm_buf_add(buf, "\\t", 2); break;
		default: rc = odm_buf_printf(buf, "\\%03o", *p);
		}
		p++;
	}
	if (rc == 0)
		rc = odm_buf_add(buf, "\"", 1);
	return rc;
}

VIPA_EXPORT int odm_stanza_write(struct odm_buf *buf, const struct odm_obj *obj)
{
	const struct odm_class *cls;
	int rc;

	if (!buf || !obj)
		return -ODM_E_INVAL;
	cls = obj->cls;
	rc = odm_buf_printf(buf, "%s:\n", cls->name);
	for (int i = 0; rc == 0 && i < cls->ndesc; i++) {
		if (!obj->val[i])
			continue;
		rc = odm_buf_printf(buf, "\t%s = ", cls->desc[i].name);
		if (rc == 0) {
			if (odm_type_is_numeric(cls->desc[i].type))
				rc = odm_buf_add(buf, obj->val[i], strlen(obj->val[i]));
			else
				rc = write_quoted(buf, obj->val[i]);
		}
		if (rc == 0)
			rc = odm_buf_add(buf, "\n", 1);
	}
	if (rc == 0)
		rc = odm_buf_add(buf, "\n", 1);
	return rc < 0 ? -ODM_E_NOMEM : 0;
}

VIPA_EXPORT int odm_json_write(struct odm_buf *buf, const struct odm_obj *obj)
{
	const struct odm_class *cls;
	struct vipa_buf *b;
	int first = 1, rc;

	if (!buf || !obj)
		return -ODM_E_INVAL;
	cls = obj->cls;
	b = &buf->kit;
	rc = vipa_buf_add(b, "{", 1);
	for (int i = 0; rc == 0 && i < cls->ndesc; i++) {
		if (!obj->val[i])
			continue;
		rc = vipa_json_key(b, first, cls->desc[i].name);
		first = 0;
		if (rc == 0)
			rc = odm_type_is_numeric(cls->desc[i].type) ? vipa_json_num(b, obj->val[i])
								     : vipa_json_str(b, obj->val[i]);
	}
	if (rc == 0)
		rc = vipa_buf_add(b, "}", 1);
	return rc < 0 ? -ODM_E_NOMEM : 0;
}
