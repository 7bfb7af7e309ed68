/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smit-util.c - strings, shell quoting, name/value sets and the parser of
 * cmd_to_discover output for the SMIT engine.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smit-internal.h"

int smit_seterr(struct smit *smit, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(smit->err, sizeof(smit->err), fmt, ap);
	va_end(ap);
	return -code;
}

char *smit_strdup(const char *s)
{
	return strdup(s ? s : "");
}

void smit_sb_add(struct smit_sb *sb, const char *s, size_t len)
{
	if (sb->oom)
		return;
	if (sb->len + len + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;
		char *p;

		while (cap < sb->len + len + 1)
			cap *= 2;
		p = realloc(sb->s, cap);
		if (!p) {
			sb->oom = 1;
			return;
		}
		sb->s = p;
		sb->cap = cap;
	}
	if (len)
		memcpy(sb->s + sb->len, s, len);
	sb->len += len;
	sb->s[sb->len] = '\0';
}

void smit_sb_adds(struct smit_sb *sb, const char *s)
{
	smit_sb_add(sb, s, strlen(s));
}

void smit_sb_addf(struct smit_sb *sb, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->oom = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		smit_sb_add(sb, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);

		if (!big) {
			sb->oom = 1;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		smit_sb_add(sb, big, (size_t)n);
		free(big);
	}
}

void smit_sb_free(struct smit_sb *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
	sb->oom = 0;
}

char *smit_sb_take(struct smit_sb *sb)
{
	char *s;

	if (sb->oom) {
		smit_sb_free(sb);
		return NULL;
	}
	if (!sb->s)
		smit_sb_add(sb, "", 0);
	s = sb->oom ? NULL : sb->s;
	sb->s = NULL;
	sb->len = sb->cap = 0;
	sb->oom = 0;
	return s;
}

/*
 * Inside single quotes the shell gives no character a meaning but the
 * closing quote itself, so a value can hold $( ), `, ;, newlines or
 * anything else and stay one word.  A quote is closed, escaped and
 * reopened.
 */
void smit_sb_quote(struct smit_sb *sb, const char *value)
{
	const char *p = value, *q;

	smit_sb_add(sb, "'", 1);
	while ((q = strchr(p, '\'')) != NULL) {
		smit_sb_add(sb, p, (size_t)(q - p));
		smit_sb_add(sb, "'\\''", 4);
		p = q + 1;
	}
	smit_sb_adds(sb, p);
	smit_sb_add(sb, "'", 1);
}

char *smit_quote(const char *value)
{
	struct smit_sb sb = { 0 };

	smit_sb_quote(&sb, value);
	return smit_sb_take(&sb);
}

/* ---- name/value sets --------------------------------------------------- */

int smit_kvs_set(struct smit_kvs *kvs, const char *name, const char *value)
{
	char *v;
	int i;

	for (i = 0; i < kvs->n; i++) {
		if (strcmp(kvs->v[i].name, name) == 0) {
			v = smit_strdup(value);
			if (!v)
				return -SMIT_E_NOMEM;
			free(kvs->v[i].value);
			kvs->v[i].value = v;
			return 0;
		}
	}
	if (kvs->n == kvs->cap) {
		int cap = kvs->cap ? kvs->cap * 2 : 8;
		struct smit_kv *p = realloc(kvs->v, (size_t)cap * sizeof(*p));

		if (!p)
			return -SMIT_E_NOMEM;
		kvs->v = p;
		kvs->cap = cap;
	}
	kvs->v[kvs->n].name = smit_strdup(name);
	kvs->v[kvs->n].value = smit_strdup(value);
	if (!kvs->v[kvs->n].name || !kvs->v[kvs->n].value) {
		free(kvs->v[kvs->n].name);
		free(kvs->v[kvs->n].value);
		return -SMIT_E_NOMEM;
	}
	kvs->n++;
	return 0;
}

const char *smit_kvs_get(const struct smit_kvs *kvs, const char *name)
{
	int i;

	for (i = 0; i < kvs->n; i++)
		if (strcmp(kvs->v[i].name, name) == 0)
			return kvs->v[i].value;
	return NULL;
}

int smit_kvs_copy(struct smit_kvs *dst, const struct smit_kvs *src)
{
	int i, rc;

	for (i = 0; i < src->n; i++) {
		rc = smit_kvs_set(dst, src->v[i].name, src->v[i].value);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void smit_kvs_free(struct smit_kvs *kvs)
{
	int i;

	for (i = 0; i < kvs->n; i++) {
		free(kvs->v[i].name);
		free(kvs->v[i].value);
	}
	free(kvs->v);
	kvs->v = NULL;
	kvs->n = kvs->cap = 0;
}

/* ---- discovery --------------------------------------------------------- */

/*
 * Split one line (up to '\n' or the end) at ':' into @parts, turning the
 * escape "#!:" into a literal ':'.  Returns the number of parts or <0.
 */
static int split_colons(const char *p, const char **endp, char ***parts)
{
	struct smit_sb cur = { 0 };
	char **v = NULL;
	int n = 0, cap = 0;

	for (;;) {
		if (strncmp(p, "#!:", 3) == 0) {
			smit_sb_add(&cur, ":", 1);
			p += 3;
			continue;
		}
		if (*p == ':' || *p == '\n' || *p == '\0') {
			char *s;

			if (n + 2 > cap) {
				char **nv;

				cap = cap ? cap * 2 : 8;
				nv = realloc(v, (size_t)cap * sizeof(*v));
				if (!nv)
					goto oom;
				v = nv;
				v[n] = NULL;
			}
			s = smit_sb_take(&cur);
			if (!s)
				goto oom;
			v[n++] = s;
			v[n] = NULL;
			if (*p != ':')
				break;
			p++;
			continue;
		}
		smit_sb_add(&cur, p, 1);
		p++;
	}
	*endp = *p == '\n' ? p + 1 : p;
	*parts = v;
	return n;
oom:
	smit_sb_free(&cur);
	smit_strv_free(v);
	return -SMIT_E_NOMEM;
}

int smit_parse_discover(const char *text, struct smit_kvs *kvs,
			const char **why)
{
	char **names = NULL, **values = NULL;
	const char *p = text;
	int nn, nv, i, rc = 0;

	*why = NULL;
	/* Commands may print nothing at all: nothing is discovered. */
	while (*p == '\n')
		p++;
	if (*p == '\0')
		return 0;
	if (*p != '#') {
		*why = "output does not start with '#'";
		return -SMIT_E_DATA;
	}
	nn = split_colons(p + 1, &p, &names);
	if (nn < 0)
		return nn;
	if (*p == '\0') {
		/* no values line at all: every name is discovered empty */
		for (i = 0; i < nn && rc == 0; i++)
			if (names[i][0] != '\0')
				rc = smit_kvs_set(kvs, names[i], "");
		smit_strv_free(names);
		return rc;
	}
	nv = split_colons(p, &p, &values);
	if (nv < 0) {
		smit_strv_free(names);
		return nv;
	}
	if (nv != nn) {
		*why = "the numbers of names and values differ";
		rc = -SMIT_E_DATA;
		goto out;
	}
	for (i = 0; i < nn && rc == 0; i++)
		if (names[i][0] != '\0')
			rc = smit_kvs_set(kvs, names[i], values[i]);
out:
	smit_strv_free(names);
	smit_strv_free(values);
	return rc;
}

int smit_split_commas(const char *s, char ***out)
{
	char **v = NULL;
	int n = 0;
	const char *p = s, *q;

	*out = NULL;
	if (!s || !*s) {
		v = calloc(1, sizeof(*v));
		if (!v)
			return -SMIT_E_NOMEM;
		*out = v;
		return 0;
	}
	for (;;) {
		char **nv;

		q = strchr(p, ',');
		nv = realloc(v, (size_t)(n + 2) * sizeof(*v));
		if (!nv)
			goto oom;
		v = nv;
		v[n] = q ? strndup(p, (size_t)(q - p)) : strdup(p);
		if (!v[n])
			goto oom;
		v[++n] = NULL;
		if (!q)
			break;
		p = q + 1;
	}
	*out = v;
	return n;
oom:
	if (v) {
		v[n] = NULL;
		smit_strv_free(v);
	}
	return -SMIT_E_NOMEM;
}

void smit_strv_free(char **v)
{
	char **p;

	if (!v)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}
