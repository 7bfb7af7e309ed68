/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm-util.c - buffers, error messages and value checks shared by the
 * object store.
 */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"


/* ---- errors ---------------------------------------------------------- */

VIPA_EXPORT const char *odm_strerror(int code)
{
	return vipa_strerror(code);
}

VIPA_EXPORT const char *odm_errmsg(const struct odm *odm)
{
	return odm ? odm->err : "out of memory";
}

int odm_vseterr(struct odm *odm, int code, const char *fmt, va_list ap)
{
	if (odm)
		vsnprintf(odm->err, sizeof(odm->err), fmt, ap);
	return -code;
}

int odm_seterr(struct odm *odm, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	odm_vseterr(odm, code, fmt, ap);
	va_end(ap);
	return -code;
}

/* An sqlite failure: BUSY, read-only and full disk get their own codes. */
int odm_dberr(struct odm *odm, const char *what)
{
	int rc = sqlite3_extended_errcode(odm->db);
	char msg[256];

	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		/* cu.db itself damaged: say so, and how it is put back */
		snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(odm->db));
		if (odm_cu_damaged(odm) < 0)
			return -ODM_E_DB;
		return odm_seterr(odm, ODM_E_DB, "%s: %s", what, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return odm_seterr(odm, ODM_E_BUSY,
				  "%s: the repository '%s' stayed locked by another process",
				  what, odm->dir);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return odm_seterr(odm, ODM_E_PERM,
				  "%s: no permission to write the repository '%s'",
				  what, odm->dir);
	case SQLITE_NOMEM:
		return odm_seterr(odm, ODM_E_NOMEM, "%s: out of memory", what);
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
		return odm_seterr(odm, ODM_E_IO, "%s: %s", what,
				  sqlite3_errmsg(odm->db));
	default:
		return odm_seterr(odm, ODM_E_DB, "%s: %s", what,
				  sqlite3_errmsg(odm->db));
	}
}

/* ---- small parsers --------------------------------------------------- */

int odm_is_ident(const char *s)
{
	size_t n = 0;

	if (!s || !(odm_isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (; *s; s++, n++)
		if (!(odm_isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return n < ODM_NAME_MAX;
}

/* A whole string as a 64-bit integer (no blanks); 0 or -1. */
int odm_parse_i64(const char *s, int base, int64_t *out)
{
	char *end;
	long long v;

	if (!*s || odm_isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/*
 * Numbers in stanzas and criteria are written and read the same in every
 * locale (1.5, never 1,5): a program that set its locale from the
 * environment (every command does) must not change the format, nor the
 * values odmadd accepts.  Formatting and parsing run under a "C" locale
 * object of their own, on this thread only (uselocale), so that the
 * caller's locale stays as it is.
 */
static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void c_numeric_init(void)
{
	c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* The "C" locale for numbers; (locale_t)0 if it could not be made (glibc
 * hands out its static C locale for "C", so that does not happen there),
 * and then the caller's locale is used. */
static locale_t numeric_locale(void)
{
	pthread_once(&c_numeric_once, c_numeric_init);
	return c_numeric;
}

double odm_strtod(const char *s, char **end)
{
	locale_t c = numeric_locale(), old = (locale_t)0;
	double d;
	int err;

	if (c)
		old = uselocale(c);
	d = strtod(s, end);
	err = errno;
	if (c)
		uselocale(old);
	errno = err;
	return d;
}

void odm_format_double(char *out, size_t len, double d)
{
	locale_t c = numeric_locale(), old = (locale_t)0;

	if (c)
		old = uselocale(c);
	/* The shortest of %.15g and %.17g that reads back as the same value. */
	snprintf(out, len, "%.15g", d);
	if (strtod(out, NULL) != d)
		snprintf(out, len, "%.17g", d);
	if (c)
		uselocale(old);
}

static const char *type_word(enum odm_type t)
{
	switch (t) {
	case ODM_CHAR: return "char";
	case ODM_VCHAR: return "vchar";
	case ODM_LONGCHAR: return "longchar";
	case ODM_SHORT: return "short";
	case ODM_LONG: return "long";
	case ODM_ULONG: return "ulong";
	case ODM_LONG64: return "long64";
	case ODM_DOUBLE: return "double";
	case ODM_LINK: return "link";
	case ODM_METHOD: return "method";
	}
	return "?";
}

/*
 * Check @value for descriptor @i of @cls.  Numbers are decimal (an
 * optional sign, then digits); their value goes to *ival or *dval.
 */
int odm_check_value(struct odm *odm, const struct odm_class *cls, int i,
		    const char *value, int64_t *ival, double *dval)
{
	const struct odm_desc *d = &cls->desc[i];
	int64_t v = 0, lo = 0, hi = 0;

	switch (d->type) {
	case ODM_CHAR:
	case ODM_VCHAR:
	case ODM_LONGCHAR:
	case ODM_LINK:
	case ODM_METHOD: {
		size_t n = strlen(value);
		if (n > (size_t)d->size - 1)
			return odm_seterr(odm, ODM_E_VALUE,
					  "value of '%s.%s' is too long: %zu bytes, %s[%d] holds at most %d",
					  cls->name, d->name, n, type_word(d->type),
					  d->size, d->size - 1);
		return 0;
	}
	case ODM_DOUBLE: {
		char *end;
		double x;
		if (!*value || odm_isspace((unsigned char)*value))
			goto notnum;
		errno = 0;
		x = odm_strtod(value, &end);
		if (*end || errno == ERANGE || !isfinite(x))
			goto notnum;
		if (dval)
			*dval = x;
		return 0;
	}
	case ODM_SHORT: lo = INT16_MIN; hi = INT16_MAX; break;
	case ODM_LONG: lo = INT32_MIN; hi = INT32_MAX; break;
	case ODM_ULONG: lo = 0; hi = UINT32_MAX; break;
	case ODM_LONG64: lo = INT64_MIN; hi = INT64_MAX; break;
	}
	if (odm_parse_i64(value, 10, &v) < 0) {
		/* out of range for 64 bits, or not a number at all */
		const char *p = value + (*value == '-' || *value == '+');
		if (*p && strspn(p, "0123456789") == strlen(p))
			goto range;
		goto notnum;
	}
	if (v < lo || v > hi)
		goto range;
	if (ival)
		*ival = v;
	return 0;
notnum:
	return odm_seterr(odm, ODM_E_VALUE,
			  "value '%.64s' of '%s.%s' is not a number (%s)", value,
			  cls->name, d->name, type_word(d->type));
range:
	return odm_seterr(odm, ODM_E_VALUE,
			  "value '%.64s' of '%s.%s' is out of range for %s (%" PRId64 "..%" PRId64 ")",
			  value, cls->name, d->name, type_word(d->type), lo, hi);
}

/* ---- buffers --------------------------------------------------------- */

VIPA_EXPORT struct odm_buf *odm_buf_new(void)
{
	struct odm_buf *b = calloc(1, sizeof(*b));

	if (b && vipa_buf_grow(&b->kit, 64) < 0) {
		free(b);
		return NULL;
	}
	return b;
}

VIPA_EXPORT void odm_buf_free(struct odm_buf *buf)
{
	if (!buf)
		return;
	vipa_buf_free(&buf->kit);
	free(buf);
}

int odm_buf_grow(struct odm_buf *buf, size_t more)
{
	return vipa_buf_grow(&buf->kit, more);
}

VIPA_EXPORT const char *odm_buf_data(const struct odm_buf *buf)
{
	return buf->kit.data ? buf->kit.data : "";
}

VIPA_EXPORT size_t odm_buf_len(const struct odm_buf *buf)
{
	return buf->kit.len;
}

VIPA_EXPORT void odm_buf_reset(struct odm_buf *buf)
{
	vipa_buf_reset(&buf->kit);
}

VIPA_EXPORT int odm_buf_add(struct odm_buf *buf, const char *s, size_t len)
{
	return vipa_buf_add(&buf->kit, s, len);
}

VIPA_EXPORT int odm_buf_printf(struct odm_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vipa_buf_vaddf(&buf->kit, fmt, ap);
	va_end(ap);
	return rc;
}

VIPA_EXPORT int odm_type_is_numeric(enum odm_type t)
{
	return t == ODM_SHORT || t == ODM_LONG || t == ODM_ULONG ||
	       t == ODM_LONG64 || t == ODM_DOUBLE;
}
