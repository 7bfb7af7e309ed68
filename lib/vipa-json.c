/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vipa-json.c - the JSON pieces of vipa-kit.h: strings with their escapes
 * and numbers checked against the JSON grammar (RFC 8259).  The reports
 * (vdev-show.c) and the object store (odm_json_write) write their documents
 * with these, so that every byte a value may hold comes out as valid JSON.
 */
#include <string.h>

#include "vipa-error.h"
#include "vipa-kit.h"

/* The length of the UTF-8 sequence at @p (1 to 4 bytes), or 0 when the
 * bytes there are not one (a stray byte, an overlong form, a surrogate,
 * beyond U+10FFFF, or cut short). */
static size_t utf8_len(const unsigned char *p)
{
	unsigned c = p[0];
	size_t n, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int vipa_json_str(struct vipa_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = vipa_buf_add(b, "\"", 1);

	while (rc == 0 && *p) {
		const unsigned char *q = p;
		size_t n;

		/* a run of bytes that need no escape */
		while (*q >= 0x20 && *q != '"' && *q != '\\' && (n = utf8_len(q)) > 0)
			q += n;
		if (q > p && (rc = vipa_buf_add(b, (const char *)p, (size_t)(q - p))) < 0)
			break;
		p = q;
		if (!*p)
			break;
		switch (*p) {
		case '"': rc = vipa_buf_add(b, "\\\"", 2); break;
		case '\\': rc = vipa_buf_add(b, "\\\\", 2); break;
		case '\n': rc = vipa_buf_add(b, "\\n", 2); break;
		case '\t': rc = vipa_buf_add(b, "\\t", 2); break;
		case '\r': rc = vipa_buf_add(b, "\\r", 2); break;
		case '\b': rc = vipa_buf_add(b, "\\b", 2); break;
		case '\f': rc = vipa_buf_add(b, "\\f", 2); break;
		default:
			if (*p < 0x20)
				rc = vipa_buf_addf(b, "\\u%04x", *p);
			else	/* not UTF-8: the replacement character */
				rc = vipa_buf_add(b, "\\ufffd", 6);
		}
		p++;
	}
	if (rc == 0)
		rc = vipa_buf_add(b, "\"", 1);
	return rc;
}

int vipa_json_is_number(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		if (!(*++p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

int vipa_json_num(struct vipa_buf *b, const char *s)
{
	if (!*s)
		return vipa_buf_add(b, "null", 4);
	if (vipa_json_is_number(s))
		return vipa_buf_adds(b, s);
	return vipa_json_str(b, s);
}

int vipa_json_key(struct vipa_buf *b, int first, const char *key)
{
	int rc = first ? 0 : vipa_buf_add(b, ",", 1);

	if (rc == 0)
		rc = vipa_json_str(b, key);
	if (rc == 0)
		rc = vipa_buf_add(b, ":", 1);
	return rc;
}
