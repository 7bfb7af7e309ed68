/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vipa-kit.c - the string buffer and the string list of vipa-kit.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vipa-error.h"
#include "vipa-kit.h"

int vipa_buf_grow(struct vipa_buf *b, size_t more)
{
	size_t need = b->len + more + 1, cap;
	char *p;

	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return -VIPA_E_NOMEM;
	}
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0';
	return 0;
}

int vipa_buf_add(struct vipa_buf *b, const char *s, size_t len)
{
	if (vipa_buf_grow(b, len) < 0)
		return -VIPA_E_NOMEM;
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int vipa_buf_adds(struct vipa_buf *b, const char *s)
{
	return vipa_buf_add(b, s, strlen(s));
}

int vipa_buf_vaddf(struct vipa_buf *b, const char *fmt, va_list ap)
{
	size_t room = b->data ? b->cap - b->len : 0;
	va_list again;
	int n;

	/* Format once into the room there is; again only if it did not fit. */
	va_copy(again, ap);
	n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
	if (n < 0) {
		if (room)
			b->data[b->len] = '\0';
		b->oom = 1;
		va_end(again);
		return -VIPA_E_ARG;
	}
	if ((size_t)n >= room) {
		if (vipa_buf_grow(b, (size_t)n) < 0) {
			if (room)
				b->data[b->len] = '\0';
			va_end(again);
			return -VIPA_E_NOMEM;
		}
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	b->len += (size_t)n;
	return 0;
}

int vipa_buf_addf(struct vipa_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vipa_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void vipa_buf_reset(struct vipa_buf *b)
{
	b->len = 0;
	b->oom = 0;
	if (b->data)
		b->data[0] = '\0';
}

void vipa_buf_free(struct vipa_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

char *vipa_buf_take(struct vipa_buf *b)
{
	char *s;

	if (!b->oom && !b->data)
		vipa_buf_add(b, "", 0);
	if (b->oom) {
		vipa_buf_free(b);
		return NULL;
	}
	s = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

/* Append a copy of the @len bytes at @s to the list *@list of *@n strings. */
int vipa_strv_addn(char ***list, int *n, const char *s, size_t len)
{
	char **nl = realloc(*list, (size_t)(*n + 2) * sizeof(*nl));

	if (!nl)
		return -VIPA_E_NOMEM;
	*list = nl;
	nl[*n] = NULL;
	if (!(nl[*n] = strndup(s, len)))
		return -VIPA_E_NOMEM;
	nl[++*n] = NULL;
	return 0;
}

int vipa_strv_add(char ***list, int *n, const char *s)
{
	return vipa_strv_addn(list, n, s, strlen(s));
}

void vipa_strv_free(char ***list, int *n)
{
	char **v = *list;

	/* by the count when there is one, else up to the NULL */
	if (v && n)
		for (int i = 0; i < *n; i++)
			free(v[i]);
	else if (v)
		for (char **p = v; *p; p++)
			free(*p);
	free(v);
	*list = NULL;
	if (n)
		*n = 0;
}
