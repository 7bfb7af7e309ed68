/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-table.c - the table and column engine under the reports of lsdev,
 * lsattr and ifconfig-vi (vdev-show.c): objects read into a table whose
 * columns are descriptor names, rows put in name order, and a format
 * (the -F text, or a report's default) printed in aligned columns.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm.h"
#include "vdev-internal.h"
#include "vdev-show.h"
#include "vipa-kit.h"

/* Attribute names are the AIX name characters; anything else separates. */
int vdev_is_name_char(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* ---- tables ---------------------------------------------------------- */

void table_free(struct table *t)
{
	int i;

	for (i = 0; i < t->nkeys; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->num);
	for (i = 0; i < t->nrows * t->nkeys; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

int table_find(const struct table *t, const char *key)
{
	int i;

	for (i = 0; i < t->nkeys; i++)
		if (strcmp(t->keys[i], key) == 0)
			return i;
	return -1;
}

/* Add column @key unless it is there; only before the first row. */
int table_key(struct table *t, const char *key)
{
	unsigned char *nn;
	char **nk;

	if (table_find(t, key) >= 0)
		return 0;
	if (t->nrows > 0)
		return -1;	/* the rows are laid out for the old columns */
	nk = realloc(t->keys, (size_t)(t->nkeys + 1) * sizeof(*nk));
	if (!nk)
		return -1;
	t->keys = nk;
	nn = realloc(t->num, (size_t)(t->nkeys + 1));
	if (!nn)
		return -1;
	t->num = nn;
	t->num[t->nkeys] = 0;
	if (!(t->keys[t->nkeys] = strdup(key)))
		return -1;
	t->nkeys++;
	return 0;
}

/* Add every descriptor of class @cls as a column. */
int table_class_keys(struct table *t, const struct odm_class *cls)
{
	int i, k, n = odm_class_ndesc(cls);

	for (i = 0; i < n; i++) {
		if (table_key(t, odm_desc_name(cls, i)) < 0)
			return -1;
		k = table_find(t, odm_desc_name(cls, i));
		if (odm_type_is_numeric(odm_desc_type(cls, i)))
			t->num[k] = 1;
	}
	return 0;
}

/* A new empty row; returns its index or -1. */
int table_add_row(struct table *t)
{
	char **nc;
	int ncap;

	if (t->nrows == t->cap) {
		ncap = t->cap ? t->cap * 2 : 16;
		nc = realloc(t->cells, (size_t)ncap * (size_t)t->nkeys * sizeof(*nc));
		if (!nc)
			return -1;
		t->cells = nc;
		t->cap = ncap;
	}
	memset(t->cells + (size_t)t->nrows * (size_t)t->nkeys, 0,
	       (size_t)t->nkeys * sizeof(*t->cells));
	return t->nrows++;
}

const char *table_get(const struct table *t, int row, int key)
{
	const char *v;

	if (key < 0)
		return "";
	v = t->cells[(size_t)row * (size_t)t->nkeys + (size_t)key];
	return v ? v : "";
}

const char *table_get_s(const struct table *t, int row, const char *key)
{
	return table_get(t, row, table_find(t, key));
}

int table_set(struct table *t, int row, int key, const char *value)
{
	char **cell;

	if (key < 0)
		return 0;
	cell = &t->cells[(size_t)row * (size_t)t->nkeys + (size_t)key];
	free(*cell);
	*cell = strdup(value ? value : "");
	return *cell ? 0 : -1;
}

int table_set_s(struct table *t, int row, const char *key, const char *value)
{
	return table_set(t, row, table_find(t, key), value);
}

/* Copy the set descriptors of @obj into the columns of the same name. */
int table_set_obj(struct table *t, int row, const struct odm_obj *obj)
{
	const struct odm_class *cls = odm_obj_class(obj);
	int i, n = odm_class_ndesc(cls);
	const char *v;

	for (i = 0; i < n; i++) {
		v = odm_obj_get_i(obj, i);
		if (v && table_set_s(t, row, odm_desc_name(cls, i), v) < 0)
			return -1;
	}
	return 0;
}

/* Copy row @srow of @src into the columns of @dst of the same name. */
int table_copy_row(struct table *dst, int drow, const struct table *src, int srow)
{
	int i;

	for (i = 0; i < src->nkeys; i++)
		if (table_set_s(dst, drow, src->keys[i], table_get(src, srow, i)) < 0)
			return -1;
	return 0;
}

/* odm_get callback: one row per object. */
static int load_obj(const struct odm_obj *obj, void *arg)
{
	struct table *t = arg;
	int row = table_add_row(t);

	if (row < 0 || table_set_obj(t, row, obj) < 0)
		return -ODM_E_NOMEM;
	return 0;
}

/*
 * Read the objects of @class_name matching @m (NULL: all) into @t, whose
 * columns are made from the class descriptors first when it has none yet.
 * Returns 0 or -VDEV_SHOW_E_*.
 */
int table_load(struct vdev_show *s, const char *class_name, const struct odm_match *m,
	       struct table *t)
{
	const struct odm_class *cls;
	int rc;

	rc = odm_get_class(s->odm, class_name, &cls);
	if (rc < 0)
		return vdev_show_odmerr(s, rc);
	if (t->nkeys == 0 && table_class_keys(t, cls) < 0)
		return vdev_show_nomem(s);
	rc = odm_get_match(s->odm, class_name, m, load_obj, t);
	if (rc < 0)
		return vdev_show_odmerr(s, rc);
	return 0;
}

/* ---- formats --------------------------------------------------------- */

/* A parsed -F format: fields and the text between them. */
struct fmt {
	int n;
	int *key;	/* column of each field */
	char **name;	/* each field as written */
	char **sep;	/* n + 1 separators: before, between and after */
	int columnize;	/* separators are only white space: align columns */
};

static void fmt_free(struct fmt *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		free(f->name[i]);
	for (i = 0; i <= f->n && f->sep; i++)
		free(f->sep[i]);
	free(f->key);
	free(f->name);
	free(f->sep);
	memset(f, 0, sizeof(*f));
}

static int fmt_parse(struct vdev_show *s, const char *text, const struct table *t,
		     struct fmt *f)
{
	const char *p = text, *start;
	size_t cap;
	int i;

	memset(f, 0, sizeof(*f));
	f->columnize = 1;
	cap = strlen(text) / 2 + 2;
	f->key = calloc(cap, sizeof(*f->key));
	f->name = calloc(cap, sizeof(*f->name));
	f->sep = calloc(cap + 1, sizeof(*f->sep));
	if (!f->key || !f->name || !f->sep)
		goto nomem;
	for (;;) {
		start = p;
		while (*p && !vdev_is_name_char(*p))
			p++;
		if (!(f->sep[f->n] = strndup(start, (size_t)(p - start))))
			goto nomem;
		for (; start < p; start++)
			if (!isspace((unsigned char)*start))
				f->columnize = 0;
		if (!*p)
			break;
		start = p;
		while (vdev_is_name_char(*p))
			p++;
		if (!(f->name[f->n] = strndup(start, (size_t)(p - start))))
			goto nomem;
		f->key[f->n] = table_find(t, f->name[f->n]);
		if (f->key[f->n] < 0) {
			i = vdev_show_fail(s, VDEV_SHOW_E_FORMAT, "unknown field '%s' in format '%s'",
				 f->name[f->n], text);
			f->n++;
			fmt_free(f);
			return i;
		}
		f->n++;
	}
	if (f->n == 0) {
		fmt_free(f);
		return vdev_show_fail(s, VDEV_SHOW_E_FORMAT, "format '%s' names no field", text);
	}
	return 0;
nomem:
	fmt_free(f);
	return vdev_show_nomem(s);
}

static int buf_pad(struct odm_buf *out, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		if (odm_buf_add(out, spaces, k) < 0)
			return -1;
		n -= k;
	}
	return 0;
}

int vdev_buf_str(struct odm_buf *out, const char *str)
{
	return odm_buf_add(out, str, strlen(str));
}

/* One record: @cells[i] for field i (the header: the field names), ended
 * by @sep. */
static int render_line(const struct fmt *f, const size_t *width, const char *const *cells,
		       char sep, struct odm_buf *out)
{
	int i;

	for (i = 0; i < f->n; i++) {
		if (!f->columnize && vdev_buf_str(out, f->sep[i]) < 0)
			return -1;
		if (vdev_buf_str(out, cells[i]) < 0)
			return -1;
		if (f->columnize && i < f->n - 1 &&
		    buf_pad(out, width[i] + 1 - strlen(cells[i])) < 0)
			return -1;
	}
	if (!f->columnize && vdev_buf_str(out, f->sep[f->n]) < 0)
		return -1;
	return odm_buf_add(out, &sep, 1);
}

/* Print rows @rows (@nrows of them) of @t in format @f. */
static int render(struct vdev_show *s, const struct table *t, const int *rows, int nrows,
		  const struct fmt *f, const struct report *r, struct odm_buf *out)
{
	size_t *width = calloc((size_t)f->n, sizeof(*width));
	const char **cells = calloc((size_t)f->n, sizeof(*cells));
	char sep = r->sep ? r->sep : '\n';
	size_t len;
	int i, row, rc = -1;

	if (!width || !cells)
		goto out;
	for (i = 0; i < f->n; i++) {
		width[i] = r->header ? strlen(f->name[i]) : 0;
		for (row = 0; row < nrows; row++) {
			len = strlen(table_get(t, rows[row], f->key[i]));
			if (len > width[i])
				width[i] = len;
		}
	}
	if (r->header) {
		if (render_line(f, width, (const char *const *)f->name, sep, out) < 0 ||
		    (sep == '\n' && odm_buf_add(out, "\n", 1) < 0))
			goto out;
	}
	for (row = 0; row < nrows; row++) {
		for (i = 0; i < f->n; i++)
			cells[i] = table_get(t, rows[row], f->key[i]);
		if (render_line(f, width, cells, sep, out) < 0)
			goto out;
	}
	rc = 0;
out:
	free(width);
	free(cells);
	return rc < 0 ? vdev_show_nomem(s) : 0;
}

enum vjson table_kind(const struct table *t, int row, int key)
{
	(void)row;
	return key >= 0 && t->num && t->num[key] ? VJ_NUM : VJ_STR;
}

int vdev_json_value(struct vipa_buf *b, enum vjson k, const char *v)
{
	switch (k) {
	case VJ_NUM:
		return vipa_json_num(b, v);
	case VJ_BOOL:
		return vipa_buf_adds(b, strcmp(v, "True") == 0 ? "true" : "false");
	default:
		return vipa_json_str(b, v);
	}
}

/* The rows as a JSON array of objects whose keys are the fields of @f (a
 * field named twice once). */
static int render_json(struct vdev_show *s, const struct table *t, const int *rows,
		       int nrows, const struct fmt *f, const struct report *r,
		       struct odm_buf *out)
{
	struct vipa_buf b = { 0 };
	int i, k, row, rc;

	rc = vipa_buf_add(&b, "[", 1);
	for (row = 0; rc == 0 && row < nrows; row++) {
		rc = vipa_buf_adds(&b, row ? ",{" : "{");
		for (i = 0; rc == 0 && i < f->n; i++) {
			for (k = 0; k < i && strcmp(f->name[k], f->name[i]); k++)
				;
			if (k < i)
				continue;
			rc = vipa_json_key(&b, i == 0, f->name[i]);
			if (rc == 0)
				rc = vdev_json_value(&b, (r->kind ? r->kind : table_kind)(t, rows[row],
											    f->key[i]),
						     table_get(t, rows[row], f->key[i]));
		}
		if (rc == 0)
			rc = vipa_buf_add(&b, "}", 1);
	}
	if (vdev_json_end(&b, rc, "]\n", out) < 0)
		return vdev_show_nomem(s);
	return 0;
}

int table_report(struct vdev_show *s, const struct table *t, const int *rows, int nrows,
		 const struct report *r, struct odm_buf *out)
{
	struct fmt f;
	int rc;

	rc = fmt_parse(s, r->format ? r->format : r->deflt, t, &f);
	if (rc < 0)
		return rc;
	rc = r->json ? render_json(s, t, rows, nrows, &f, r, out)
		     : render(s, t, rows, nrows, &f, r, out);
	fmt_free(&f);
	return rc;
}

/* ---- names ----------------------------------------------------------- */

/* Order device names as people count: vi2 before vi10. */
int vdev_natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea = a, *eb = b;
			size_t la, lb;
			int c;

			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			c = strncmp(a, b, la);
			if (c)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

struct sort_ctx {
	const struct table *t;
	int key;
};

static int row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *by = arg;
	int a = *(const int *)pa, b = *(const int *)pb;
	int c = vdev_natural_cmp(table_get(by->t, a, by->key), table_get(by->t, b, by->key));

	return c ? c : (a > b) - (a < b);
}

void table_sort(const struct table *t, int key, int *rows, int n)
{
	struct sort_ctx by = { t, key };

	if (n > 1)
		qsort_r(rows, (size_t)n, sizeof(*rows), row_cmp, &by);
}
