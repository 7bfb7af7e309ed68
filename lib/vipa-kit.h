/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vipa-kit.h - the growable string and the list of strings every part of
 * libvipa builds text with.  Nothing here is exported from libvipa.so: the
 * store's public odm_buf is this buffer under its own name.
 *
 * Failures return -VIPA_E_NOMEM (or -VIPA_E_ARG for a format vsnprintf
 * refuses) and leave what was there before.  A buffer also remembers a
 * failure in ->oom, so a caller may append many pieces and check once:
 * vipa_buf_take() then refuses the incomplete string.
 */
#ifndef VIPA_VIPA_KIT_H
#define VIPA_VIPA_KIT_H

#include <stdarg.h>
#include <stddef.h>

/* A growable NUL-terminated string; { 0 } is an empty one. */
struct vipa_buf {
	char *data;   /* NULL until something is added */
	size_t len, cap;
	int oom;      /* an append failed: the string is incomplete */
};

/* Make room for @more bytes beyond the end (and the NUL). */
int vipa_buf_grow(struct vipa_buf *b, size_t more);
int vipa_buf_add(struct vipa_buf *b, const char *s, size_t len);
int vipa_buf_adds(struct vipa_buf *b, const char *s);
int vipa_buf_addf(struct vipa_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vipa_buf_vaddf(struct vipa_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Empty the string and forget a failure; the memory is kept. */
void vipa_buf_reset(struct vipa_buf *b);
void vipa_buf_free(struct vipa_buf *b);
/* Take the string out ("" when empty, NULL after a failed append); b is emptied. */
char *vipa_buf_take(struct vipa_buf *b);

/*
 * A list of strings: *list holds *n copies and is NULL-terminated (a list
 * that never got an entry is NULL itself).
 */
int vipa_strv_addn(char ***list, int *n, const char *s, size_t len);
int vipa_strv_add(char ***list, int *n, const char *s);
/*
 * Free the strings (the first *n, or up to the NULL when @n is NULL) and
 * the list; *list becomes NULL and *n 0.
 */
void vipa_strv_free(char ***list, int *n);

/*
 * JSON (vipa-json.c).  vipa_json_str appends @s as a JSON string: quotes,
 * \" \\ and the short escapes, \u00XX for the other control bytes, and
 * U+FFFD (\ufffd) for each byte that is not part of valid UTF-8, so that
 * the document always parses.  vipa_json_num appends @s bare when it is a
 * JSON number, null when it is empty, else as a string.
 * vipa_json_is_number says whether @s is a JSON number (no sign '+', no
 * leading zeros, no "inf"), as a parser reads it.  vipa_json_key appends
 * ',' (unless @first), the key and ':'.
 */
int vipa_json_str(struct vipa_buf *b, const char *s);
int vipa_json_num(struct vipa_buf *b, const char *s);
int vipa_json_is_number(const char *s);
int vipa_json_key(struct vipa_buf *b, int first, const char *key);

#endif
