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

/*
 * Inside single quotes the shell gives no character a meaning but the
 * closing quote itself, so a value can hold $( ), `, ;, newlines or
 * anything else and stay one word.  A quote is closed, escaped and
 * reopened.
 */
void smit_quote_into(struct vipa_buf *b, const char *value)
{
	const char *p = value, *q;

	vipa_buf_add(b, "'", 1);
	while ((q = strchr(p, '\'')) != NULL) {
		vipa_buf_add(b, p, (size_t)(q - p));
		vipa_buf_add(b, "'\\''", 4);
		p = q + 1;
	}
	vipa_buf_adds(b, p);
	vipa_buf_add(b, "'", 1);
}

char *smit_quote(const char *value)
{
	struct vipa_buf b = { 0 };

	smit_quote_into(&b, value);
	return vipa_buf_take(&b);
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
	struct vipa_buf cur = { 0 };
	char **v = NULL;
	int n = 0;

	for (;;) {
		if (strncmp(p, "#!:", 3) == 0) {
			vipa_buf_add(&cur, ":", 1);
			p += 3;
			continue;
		}
		if (*p == ':' || *p == '\n' || *p == '\0') {
			if (cur.oom ||
			    vipa_strv_addn(&v, &n, cur.data ? cur.data : "", cur.len) < 0)
				goto oom;
			vipa_buf_reset(&cur);
			if (*p != ':')
				break;
			p++;
			continue;
		}
		vipa_buf_add(&cur, p, 1);
		p++;
	}
	vipa_buf_free(&cur);
	*endp = *p == '\n' ? p + 1 : p;
	*parts = v;
	return n;
oom:
	vipa_buf_free(&cur);
	vipa_strv_free(&v, NULL);
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
		vipa_strv_free(&names, NULL);
		return rc;
	}
	nv = split_colons(p, &p, &values);
	if (nv < 0) {
		vipa_strv_free(&names, NULL);
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
	vipa_strv_free(&names, NULL);
	vipa_strv_free(&values, NULL);
	return rc;
}

int smit_split_commas(const char *s, char ***out)
{
	char **v = NULL;
	int n = 0;
	const char *p = s, *q;

	*out = NULL;
	if (!s || !*s) {
		/* an empty list, not a missing one */
		v = calloc(1, sizeof(*v));
		if (!v)
			return -SMIT_E_NOMEM;
		*out = v;
		return 0;
	}
	for (;;) {
		q = strchr(p, ',');
		if (vipa_strv_addn(&v, &n, p, q ? (size_t)(q - p) : strlen(p)) < 0) {
			vipa_strv_free(&v, NULL);
			return -SMIT_E_NOMEM;
		}
		if (!q)
			break;
		p = q + 1;
	}
	*out = v;
	return n;
}
