/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-show.c - the reports of lsdev, lsattr and ifconfig-vi (see
 * vdev-show.h), over the table engine of vdev-table.c and the attribute
 * layer of vdev-attr.c.
 *
 * Every report is built the same way: the objects are read into a table
 * whose columns are the descriptor names of the classes involved (plus
 * derived ones such as "description"), the rows to show are picked, and a
 * format (the -F text, or the command's default) names the columns to
 * print.  Keeping the whole report in memory first is what AIX does too:
 * the column widths are known only once every row has been seen.
 */
#include <ctype.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fnmatch.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "odm.h"
#include "vdev-internal.h"
#include "vdev-show.h"
#include "vnl-internal.h"
#include "vnl.h"

#define NA_TEXT "N/A"

/* AIX ifconfig flag bits shown for a VIPA. */
#define AIX_IFF_UP      0x1u
#define AIX_IFF_RUNNING 0x40u
#define AIX_IFF_64BIT   0x04000000u
#define AIX_IFF_VIPA    0x80000000u

/* The number of keys of vdev_query_set. */
#define Q_NKEYS (VDEV_Q_PARENT + 1)

struct vdev_query {
	char *v[Q_NKEYS];
	char **attrs;
	int nattrs;
};

/* ---- errors ---------------------------------------------------------- */

int vdev_show_fail(struct vdev_show *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	return -code;
}

int vdev_show_nomem(struct vdev_show *s)
{
	return vdev_show_fail(s, VDEV_SHOW_E_NOMEM, "out of memory");
}

int vdev_json_end(struct vipa_buf *b, int rc, const char *tail, struct odm_buf *out)
{
	if (rc == 0)
		rc = vipa_buf_adds(b, tail);
	if (rc == 0)
		rc = odm_buf_add(out, b->data, b->len);
	vipa_buf_free(b);
	return rc < 0 ? -VDEV_SHOW_E_NOMEM : 0;
}

/* An object store failure: keep its message. */
int vdev_show_odmerr(struct vdev_show *s, int rc)
{
	const char *msg = odm_errmsg(s->odm);

	if (rc == -ODM_E_NOMEM)
		return vdev_show_nomem(s);
	return vdev_show_fail(s, VDEV_SHOW_E_ODM, "%s", msg && *msg ? msg : odm_strerror(rc));
}

VIPA_EXPORT int vdev_show_new(struct vdev_show **out, struct odm *odm)
{
	struct vdev_show *s = calloc(1, sizeof(*s));

	*out = s;
	if (!s)
		return -VDEV_SHOW_E_NOMEM;
	s->odm = odm;
	return 0;
}

VIPA_EXPORT void vdev_show_free(struct vdev_show *s)
{
	if (s)
		vnl_close(s->nl);
	free(s);
}

VIPA_EXPORT const char *vdev_show_errmsg(const struct vdev_show *s)
{
	return s ? s->err : "out of memory";
}

VIPA_EXPORT int vdev_show_set_format(struct vdev_show *s, enum vdev_show_format format)
{
	if (format != VDEV_SHOW_TEXT && format != VDEV_SHOW_JSON)
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "unknown report format %d", (int)format);
	s->json = format == VDEV_SHOW_JSON;
	return 0;
}

/* ---- opening --------------------------------------------------------- */

/*
 * The store's own open checks that the repository is ready (pd.db
 * current, cu.db holding the classes of cu.cre) at the cost of a listing
 * of the data files and a readlink(2): cheaper than any check made here,
 * and exact (names, sizes and mtimes).  Without write access the
 * repository is read as it is.
 */
VIPA_EXPORT int vdev_show_odm_open(struct odm **out)
{
	int rc;

	*out = NULL;
	rc = odm_open(out, NULL, 0);
	if (rc == -ODM_E_PERM) {
		odm_close(*out);
		*out = NULL;
		rc = odm_open(out, NULL, ODM_RDONLY);
	}
	return rc;
}

/* ---- queries --------------------------------------------------------- */

VIPA_EXPORT struct vdev_query *vdev_query_new(void)
{
	return calloc(1, sizeof(struct vdev_query));
}

VIPA_EXPORT void vdev_query_free(struct vdev_query *q)
{
	int i;

	if (!q)
		return;
	for (i = 0; i < Q_NKEYS; i++)
		free(q->v[i]);
	for (i = 0; i < q->nattrs; i++)
		free(q->attrs[i]);
	free(q->attrs);
	free(q);
}

VIPA_EXPORT int vdev_query_set(struct vdev_query *q, enum vdev_query_key key, const char *value)
{
	const char *p = value, *start;
	char **na;

	if ((unsigned)key >= Q_NKEYS)
		return -VDEV_SHOW_E_USAGE;
	if (key != VDEV_Q_ATTR) {
		if (q->v[key])
			return -VDEV_SHOW_E_USAGE;
		q->v[key] = strdup(value ? value : "");
		return q->v[key] ? 0 : -VDEV_SHOW_E_NOMEM;
	}
	/* -a 'netaddr netmask' names two attributes, as on AIX. */
	while (*p) {
		while (*p && !vdev_is_name_char(*p))
			p++;
		start = p;
		while (vdev_is_name_char(*p))
			p++;
		if (p == start)
			break;
		na = realloc(q->attrs, (size_t)(q->nattrs + 1) * sizeof(*na));
		if (!na)
			return -VDEV_SHOW_E_NOMEM;
		q->attrs = na;
		q->attrs[q->nattrs] = strndup(start, (size_t)(p - start));
		if (!q->attrs[q->nattrs])
			return -VDEV_SHOW_E_NOMEM;
		q->nattrs++;
	}
	return 0;
}

VIPA_EXPORT const char *vdev_query_get(const struct vdev_query *q, enum vdev_query_key key)
{
	if ((unsigned)key >= Q_NKEYS)
		return NULL;
	if (key == VDEV_Q_ATTR)
		return q->nattrs ? q->attrs[0] : NULL;
	return q->v[key];
}

/* A decimal integer, as PdCat.setno holds. */
static int is_decimal(const char *value)
{
	const char *p = value;

	if (*p == '-')
		p++;
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

/* ---- catalog texts --------------------------------------------------- */

/* PdCat objects of one catalog and set. */
struct catalog {
	struct table t;
	int msgno_key, text_key;
	int loaded;
};

static int catalog_load(struct vdev_show *s, struct catalog *c, const char *catalog,
			const char *setno)
{
	const struct odm_match m[] = {
		{ "catalog", "=", catalog }, { "setno", "=", setno }, ODM_MATCH_END
	};
	const struct odm_class *cls;
	int rc;

	if (c->loaded)
		return 0;
	memset(c, 0, sizeof(*c));
	c->msgno_key = c->text_key = -1;
	c->loaded = 1;
	/* A repository without message catalogs shows N/A everywhere. */
	if (odm_get_class(s->odm, "PdCat", &cls) < 0)
		return 0;
	if (!is_decimal(setno))
		return 0;
	rc = table_load(s, "PdCat", m, &c->t);
	if (rc < 0)
		return rc;
	c->msgno_key = table_find(&c->t, "msgno");
	c->text_key = table_find(&c->t, "text");
	return 0;
}

static const char *catalog_text(const struct catalog *c, const char *msgno)
{
	const char *text;
	int i;

	if (!msgno || !*msgno || strcmp(msgno, "0") == 0)
		return NA_TEXT;
	for (i = 0; i < c->t.nrows; i++)
		if (strcmp(table_get(&c->t, i, c->msgno_key), msgno) == 0) {
			text = table_get(&c->t, i, c->text_key);
			return *text ? text : NA_TEXT;
		}
	return NA_TEXT;
}

static const char *status_text(const char *status)
{
	if (strcmp(status, "0") == 0)
		return "Defined";
	if (strcmp(status, "1") == 0)
		return "Available";
	if (strcmp(status, "2") == 0)
		return "Stopped";
	return status;
}

/* The -S argument as a CuDv.status, or -1. */
static int parse_state(const char *st)
{
	static const struct {
		const char *word;
		int status;
	} states[] = {
		{ "a", 1 }, { "1", 1 }, { "available", 1 },
		{ "d", 0 }, { "0", 0 }, { "defined", 0 },
		{ "s", 2 }, { "2", 2 }, { "stopped", 2 },
	};
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcasecmp(st, states[i].word) == 0)
			return states[i].status;
	return -1;
}

/* ---- lsdev ----------------------------------------------------------- */

/* Does PdDv row @r of @pd match the class/subclass/type of @q? */
static int pd_matches(const struct table *pd, int r, const struct vdev_query *q)
{
	static const struct {
		enum vdev_query_key key;
		const char *desc;
	} sel[] = {
		{ VDEV_Q_CLASS, "class" },
		{ VDEV_Q_SUBCLASS, "subclass" },
		{ VDEV_Q_TYPE, "type" },
	};
	size_t i;

	for (i = 0; i < sizeof(sel) / sizeof(sel[0]); i++)
		if (q->v[sel[i].key] && strcmp(q->v[sel[i].key], table_get_s(pd, r, sel[i].desc)))
			return 0;
	return 1;
}

static int pd_find(const struct table *pd, const char *uniquetype)
{
	int r, key = table_find(pd, "uniquetype");

	for (r = 0; r < pd->nrows; r++)
		if (strcmp(table_get(pd, r, key), uniquetype) == 0)
			return r;
	return -1;
}

/* The description of PdDv row @r (PdCat text of its catalog/setno/msgno). */
static int pd_description(struct vdev_show *s, const struct table *pd, int r,
			  struct catalog *cat, const char **desc)
{
	int rc = catalog_load(s, cat, table_get_s(pd, r, "catalog"),
			      table_get_s(pd, r, "setno"));

	*desc = catalog_text(cat, table_get_s(pd, r, "msgno"));
	return rc;
}

/*
 * lsdev -r: the values of one column of the listing's rows, each once, in
 * the order they come.  The column is checked as a -F field would be.
 */
static int column_report(struct vdev_show *s, const struct table *rep, int *rows, int nrows,
			 const struct vdev_query *q, struct odm_buf *out)
{
	const char *col = q->v[VDEV_Q_COLUMN], *p;
	int key = table_find(rep, col), n = 0, i, k;
	struct report r = {
		.format = col, .header = q->v[VDEV_Q_HEADER] != NULL, .json = s->json,
	};

	for (p = col; vdev_is_name_char(*p); p++)
		;
	if (key < 0 || p == col || *p)
		return vdev_show_fail(s, VDEV_SHOW_E_FORMAT, "unknown column '%s'", col);
	/* keep the first row of each value */
	for (i = 0; i < nrows; i++) {
		const char *v = table_get(rep, rows[i], key);

		for (k = 0; k < n && strcmp(table_get(rep, rows[k], key), v); k++)
			;
		if (k == n)
			rows[n++] = rows[i];
	}
	if (s->json) {
		struct vipa_buf b = { 0 };
		int rc = vipa_buf_add(&b, "[", 1);

		for (i = 0; rc == 0 && i < n; i++) {
			if (i)
				rc = vipa_buf_add(&b, ",", 1);
			if (rc == 0)
				rc = vdev_json_value(&b, table_kind(rep, rows[i], key),
						     table_get(rep, rows[i], key));
		}
		if (vdev_json_end(&b, rc, "]\n", out) < 0)
			return vdev_show_nomem(s);
		return 0;
	}
	return table_report(s, rep, rows, n, &r, out);
}

VIPA_EXPORT int vdev_lsdev(struct vdev_show *s, enum vdev_lsdev_mode mode, const struct vdev_query *q,
			   struct odm_buf *out)
{
	struct table pd = { 0 }, cu = { 0 }, rep = { 0 };
	struct catalog *cats = NULL;
	const char *name_pat = q->v[VDEV_Q_NAME], *desc;
	const struct odm_class *cls;
	int *rows = NULL, nrows = 0, state = -1, r, row, p, rc;

	s->err[0] = '\0';
	if (mode == VDEV_LSDEV_PREDEFINED && (name_pat || q->v[VDEV_Q_STATE] || q->v[VDEV_Q_PARENT]))
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "-P cannot be used with %s",
			    name_pat ? "-l" : q->v[VDEV_Q_STATE] ? "-S" : "-p");
	if (q->nattrs || q->v[VDEV_Q_COLON])
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "lsdev takes no attributes");
	if (q->v[VDEV_Q_RECSEP])
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "lsdev takes no record separator");
	if (q->v[VDEV_Q_COLUMN] && q->v[VDEV_Q_FORMAT])
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "-r cannot be used with -F");
	if (q->v[VDEV_Q_STATE] && (state = parse_state(q->v[VDEV_Q_STATE])) < 0)
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE,
			    "unknown state '%s' (use a, d or s: Available, Defined, Stopped)",
			    q->v[VDEV_Q_STATE]);

	/* all the queries in one snapshot: the databases are locked once */
	odm_read_begin(s->odm);
	rc = table_load(s, "PdDv", NULL, &pd);
	if (rc < 0)
		goto out;
	/* The report's columns: CuDv's, then PdDv's, then description. */
	if (mode == VDEV_LSDEV_CUSTOMIZED) {
		rc = odm_get_class(s->odm, "CuDv", &cls);
		if (rc < 0) {
			rc = vdev_show_odmerr(s, rc);
			goto out;
		}
		if (table_class_keys(&rep, cls) < 0)
			goto nomem;
	}
	for (r = 0; r < pd.nkeys; r++) {
		if (table_key(&rep, pd.keys[r]) < 0)
			goto nomem;
		if (pd.num[r])
			rep.num[table_find(&rep, pd.keys[r])] = 1;
	}
	if (table_key(&rep, "description") < 0)
		goto nomem;
	/* One catalog per PdDv row, read when first needed. */
	cats = calloc((size_t)pd.nrows + 1, sizeof(*cats));
	if (!cats)
		goto nomem;

	if (mode == VDEV_LSDEV_PREDEFINED) {
		for (p = 0; p < pd.nrows; p++) {
			if (!pd_matches(&pd, p, q))
				continue;
			row = table_add_row(&rep);
			if (row < 0 || table_copy_row(&rep, row, &pd, p) < 0)
				goto nomem;
			rc = pd_description(s, &pd, p, &cats[p], &desc);
			if (rc < 0)
				goto out;
			if (table_set_s(&rep, row, "description", desc) < 0)
				goto nomem;
		}
	} else {
		rc = table_load(s, "CuDv", NULL, &cu);
		if (rc < 0)
			goto out;
		for (r = 0; r < cu.nrows; r++) {
			const char *name = table_get_s(&cu, r, "name");
			const char *status = table_get_s(&cu, r, "status");

			if (name_pat && fnmatch(name_pat, name, 0) != 0)
				continue;
			if (q->v[VDEV_Q_PARENT] &&
			    strcmp(table_get_s(&cu, r, "parent"), q->v[VDEV_Q_PARENT]) != 0)
				continue;
			if (state >= 0 && atoi(status) != state)
				continue;
			p = pd_find(&pd, table_get_s(&cu, r, "PdDvLn"));
			if (p < 0 ? q->v[VDEV_Q_CLASS] || q->v[VDEV_Q_SUBCLASS] || q->v[VDEV_Q_TYPE]
				  : !pd_matches(&pd, p, q))
				continue;
			row = table_add_row(&rep);
			if (row < 0)
				goto nomem;
			if (p >= 0 && table_copy_row(&rep, row, &pd, p) < 0)
				goto nomem;
			if (table_copy_row(&rep, row, &cu, r) < 0 ||
			    table_set_s(&rep, row, "status", status_text(status)) < 0)
				goto nomem;
			desc = NA_TEXT;
			if (p >= 0) {
				rc = pd_description(s, &pd, p, &cats[p], &desc);
				if (rc < 0)
					goto out;
			}
			if (table_set_s(&rep, row, "description", desc) < 0)
				goto nomem;
		}
	}

	rows = calloc((size_t)rep.nrows + 1, sizeof(*rows));
	if (!rows)
		goto nomem;
	for (nrows = 0; nrows < rep.nrows; nrows++)
		rows[nrows] = nrows;
	if (mode == VDEV_LSDEV_CUSTOMIZED)
		table_sort(&rep, table_find(&rep, "name"), rows, nrows);
	if (q->v[VDEV_Q_COLUMN]) {
		rc = column_report(s, &rep, rows, nrows, q, out);
		goto out;
	}
	{
		const struct report how = {
			.format = q->v[VDEV_Q_FORMAT],
			.deflt = mode == VDEV_LSDEV_CUSTOMIZED ? "name status location description"
							       : "class type subclass description",
			.header = q->v[VDEV_Q_HEADER] != NULL,
			.json = s->json,
		};
		rc = table_report(s, &rep, rows, nrows, &how, out);
	}
	goto out;
nomem:
	rc = vdev_show_nomem(s);
out:
	odm_read_end(s->odm);
	if (cats)
		for (p = 0; p < pd.nrows; p++)
			table_free(&cats[p].t);
	free(cats);
	free(rows);
	table_free(&pd);
	table_free(&cu);
	table_free(&rep);
	return rc;
}

/* ---- lsattr ---------------------------------------------------------- */

/* Everything lsattr reads about one device or device type. */
struct attrs {
	char name[64];		/* device name, "" for a type */
	char what[300];		/* "device 'vi0'" or "device type 'if/VI/vi'" */
	struct vtype type;	/* its PdDv and PdAt objects */
	struct vattrs vals;	/* the device's values (a type's: the defaults) */
	struct table at;	/* one row per PdAt object, in PdAt order */
	struct catalog cat;
};

static void attrs_free(struct attrs *a)
{
	vattr_free(&a->vals);
	vattr_type_free(&a->type);
	table_free(&a->at);
	table_free(&a->cat.t);
}

/* The uniquetype of the one PdDv object matching the class, subclass and
 * type of @q, into @out (size @len). */
static int type_of_query(struct vdev_show *s, const struct vdev_query *q, char *out,
			 size_t len)
{
	struct table pd = { 0 };
	char what[256];
	int r, n = 0, rc;

	rc = table_load(s, "PdDv", NULL, &pd);
	for (r = 0; rc >= 0 && r < pd.nrows; r++)
		if (pd_matches(&pd, r, q) && n++ == 0)
			snprintf(out, len, "%s", table_get_s(&pd, r, "uniquetype"));
	table_free(&pd);
	if (rc < 0)
		return rc;
	snprintf(what, sizeof(what), "%s/%s/%s",
		 q->v[VDEV_Q_CLASS] ? q->v[VDEV_Q_CLASS] : "*",
		 q->v[VDEV_Q_SUBCLASS] ? q->v[VDEV_Q_SUBCLASS] : "*",
		 q->v[VDEV_Q_TYPE] ? q->v[VDEV_Q_TYPE] : "*");
	if (n == 0)
		return vdev_show_fail(s, VDEV_SHOW_E_NODEV, "no predefined device type '%s'", what);
	if (n > 1)
		return vdev_show_fail(s, VDEV_SHOW_E_NODEV,
			    "'%s' matches %d predefined device types; give -c, -s and -t", what, n);
	return 0;
}

/* Find the device (or the one matching type) and read its objects. */
static int attrs_load(struct vdev_show *s, const struct vdev_query *q, int with_cuat,
		      struct attrs *a)
{
	char uniquetype[256];
	const struct odm_class *cls;
	const char *name = q->v[VDEV_Q_NAME];
	struct vcudv d;
	int rc, r;

	memset(a, 0, sizeof(*a));
	if (name) {
		snprintf(a->name, sizeof(a->name), "%s", name);
		snprintf(a->what, sizeof(a->what), "device '%s'", name);
		rc = vattr_cudv(s->odm, name, &d);
		if (rc < 0)
			return vdev_show_odmerr(s, rc);
		if (!d.found) {
			char msg[256];

			vdev_msg_nodev(msg, sizeof(msg), name);
			return vdev_show_fail(s, VDEV_SHOW_E_NODEV, "%s", msg);
		}
		snprintf(uniquetype, sizeof(uniquetype), "%s", d.type);
	} else {
		rc = type_of_query(s, q, uniquetype, sizeof(uniquetype));
		if (rc < 0)
			return rc;
		snprintf(a->what, sizeof(a->what), "device type '%s'", uniquetype);
	}
	rc = vattr_type_load(s->odm, uniquetype, &a->type);
	if (rc < 0)
		return vdev_show_odmerr(s, rc);
	if (!a->type.dv)
		return vdev_show_fail(s, VDEV_SHOW_E_NODEV, "device '%s' has the unknown device type '%s'",
			    name, uniquetype);
	rc = vattr_load(s->odm, &a->type, with_cuat ? name : NULL, &a->vals);
	if (rc < 0)
		return vdev_show_odmerr(s, rc);
	/* Columns of the report: PdAt's, then the derived ones. */
	rc = odm_get_class(s->odm, "PdAt", &cls);
	if (rc < 0)
		return vdev_show_odmerr(s, rc);
	if (table_class_keys(&a->at, cls) < 0 || table_key(&a->at, "name") < 0 ||
	    table_key(&a->at, "value") < 0 || table_key(&a->at, "description") < 0 ||
	    table_key(&a->at, "user_settable") < 0)
		return vdev_show_nomem(s);
	for (r = 0; r < a->type.nat; r++)
		if (table_add_row(&a->at) != r || table_set_obj(&a->at, r, a->type.at[r].obj) < 0)
			return vdev_show_nomem(s);
	return catalog_load(s, &a->cat, odm_obj_get(a->type.dv, "catalog"),
			    odm_obj_get(a->type.dv, "setno"));
}

/* The PdAt row of attribute @attr, or -1. */
static int attr_find(const struct attrs *a, const char *attr)
{
	int r, key = table_find(&a->at, "attribute");

	for (r = 0; r < a->at.nrows; r++)
		if (strcmp(table_get(&a->at, r, key), attr) == 0)
			return r;
	return -1;
}

static int displayable(const struct attrs *a, int r)
{
	return strchr(table_get_s(&a->at, r, "generic"), 'D') != NULL;
}

/* Picks the PdAt rows to show: the -a names in order, or all displayable. */
static int attrs_select(struct vdev_show *s, const struct vdev_query *q, struct attrs *a,
			int **rows_out, int *nrows_out)
{
	int *rows = calloc((size_t)(q->nattrs > a->at.nrows ? q->nattrs : a->at.nrows) + 1,
			   sizeof(*rows));
	int i, r, n = 0;

	if (!rows)
		return vdev_show_nomem(s);
	if (q->nattrs) {
		for (i = 0; i < q->nattrs; i++) {
			r = attr_find(a, q->attrs[i]);
			if (r < 0 || !displayable(a, r)) {
				free(rows);
				if (r < 0)
					return vdev_show_fail(s, VDEV_SHOW_E_NOATTR,
						    "%s has no attribute '%s'", a->what,
						    q->attrs[i]);
				return vdev_show_fail(s, VDEV_SHOW_E_NOATTR,
					    "attribute '%s' of %s is not displayable",
					    q->attrs[i], a->what);
			}
			rows[n++] = r;
		}
	} else {
		for (r = 0; r < a->at.nrows; r++)
			if (displayable(a, r))
				rows[n++] = r;
	}
	*rows_out = rows;
	*nrows_out = n;
	return 0;
}

/*
 * Fill the derived columns of the selected rows.  With @current, each
 * attribute takes its effective values; an attribute with several values
 * (a list kept one value per CuAt object) gets one row per value, as on
 * AIX.
 */
static int attrs_fill(struct vdev_show *s, struct attrs *a, int current, int **rows,
		      int *nrows)
{
	int kname = table_find(&a->at, "name"), kvalue = table_find(&a->at, "value");
	int kdesc = table_find(&a->at, "description");
	int kuser = table_find(&a->at, "user_settable");
	int *out = NULL, nout = 0, cap = *nrows + 1, *nr;
	int i, r, k, n, row;

	out = calloc((size_t)cap, sizeof(*out));
	if (!out)
		return vdev_show_nomem(s);
	for (i = 0; i < *nrows; i++) {
		r = (*rows)[i];
		if (table_set(&a->at, r, kname, a->name) < 0 ||
		    table_set(&a->at, r, kdesc,
			      catalog_text(&a->cat, table_get_s(&a->at, r, "nls_index"))) < 0 ||
		    table_set(&a->at, r, kuser,
			      strchr(table_get_s(&a->at, r, "generic"), 'U') ? "True"
									       : "False") < 0)
			goto nomem;
		n = current ? vattr_nvalues(&a->vals, r) : 1;
		for (k = 0; k < n; k++) {
			row = r;
			if (k > 0) {
				/* A second value: a copy of the row. */
				row = table_add_row(&a->at);
				if (row < 0 || table_copy_row(&a->at, row, &a->at, r) < 0)
					goto nomem;
			}
			if (table_set(&a->at, row, kvalue,
				      current ? vattr_nth(&a->vals, r, k) : a->type.at[r].deflt) < 0)
				goto nomem;
			if (nout + 1 >= cap) {
				cap *= 2;
				nr = realloc(out, (size_t)cap * sizeof(*out));
				if (!nr)
					goto nomem;
				out = nr;
			}
			out[nout++] = row;
		}
	}
	free(*rows);
	*rows = out;
	*nrows = nout;
	return 0;
nomem:
	free(out);
	return vdev_show_nomem(s);
}

/* -O: "#a:b:c" and the values "v1:v2:v3" (':' in a value as "#!:"). */
static int colon_report(struct vdev_show *s, const struct attrs *a, const int *rows,
			int nrows, struct odm_buf *out)
{
	const char *v;
	int i;

	if (odm_buf_add(out, "#", 1) < 0)
		return vdev_show_nomem(s);
	for (i = 0; i < nrows; i++)
		if ((i && odm_buf_add(out, ":", 1) < 0) ||
		    vdev_buf_str(out, table_get_s(&a->at, rows[i], "attribute")) < 0)
			return vdev_show_nomem(s);
	if (odm_buf_add(out, "\n", 1) < 0)
		return vdev_show_nomem(s);
	for (i = 0; i < nrows; i++) {
		if (i && odm_buf_add(out, ":", 1) < 0)
			return vdev_show_nomem(s);
		for (v = table_get_s(&a->at, rows[i], "value"); *v; v++)
			if ((*v == ':' ? vdev_buf_str(out, "#!:") : odm_buf_add(out, v, 1)) < 0)
				return vdev_show_nomem(s);
	}
	return odm_buf_add(out, "\n", 1) < 0 ? vdev_show_nomem(s) : 0;
}

/* -R --json: {"attribute":A} and "values":[...] for a list, "range":{...}
 * for a range, "values":"text" for anything else. */
static int range_json(struct vdev_show *s, const struct attrs *a, int r, int is_range,
		      long lo, long hi, long step, struct odm_buf *out)
{
	const char *rep = table_get_s(&a->at, r, "rep");
	const char *values = table_get_s(&a->at, r, "values");
	enum vjson k = strchr(rep, 'n') ? VJ_NUM : VJ_STR;
	struct vipa_buf b = { 0 };
	const char *p, *comma;
	int rc;

	rc = vipa_buf_adds(&b, "{\"attribute\":");
	if (rc == 0)
		rc = vipa_json_str(&b, table_get_s(&a->at, r, "attribute"));
	if (rc == 0 && is_range)
		rc = vipa_buf_addf(&b, ",\"range\":{\"low\":%ld,\"high\":%ld,\"increment\":%ld}",
				   lo, hi, step);
	else if (rc == 0 && *values && strchr(rep, 'l')) {
		rc = vipa_buf_adds(&b, ",\"values\":[");
		for (p = values; rc == 0 && *p; p = *comma ? comma + 1 : comma) {
			char *one;

			comma = strchr(p, ',');
			if (!comma)
				comma = p + strlen(p);
			one = strndup(p, (size_t)(comma - p));
			rc = one ? 0 : -1;
			if (rc == 0 && p != values)
				rc = vipa_buf_add(&b, ",", 1);
			if (rc == 0)
				rc = vdev_json_value(&b, k, one);
			free(one);
		}
		if (rc == 0)
			rc = vipa_buf_add(&b, "]", 1);
	} else if (rc == 0 && *values) {
		rc = vipa_buf_adds(&b, ",\"values\":");
		if (rc == 0)
			rc = vipa_json_str(&b, values);
	}
	if (vdev_json_end(&b, rc, "}\n", out) < 0)
		return vdev_show_nomem(s);
	return 0;
}

/* -R: the legal values of PdAt row @r. */
static int range_report(struct vdev_show *s, const struct attrs *a, int r,
			struct odm_buf *out)
{
	const char *rep = table_get_s(&a->at, r, "rep");
	const char *values = table_get_s(&a->at, r, "values");
	const char *p, *comma;
	char *end;
	long lo, hi, step;

	if (s->json && !(*values && strchr(rep, 'r')))
		return range_json(s, a, r, 0, 0, 0, 0, out);
	if (!*values)
		return 0;
	if (strchr(rep, 'r')) {
		/* "low-high,step"; the low end may be negative. */
		errno = 0;
		lo = strtol(values, &end, 0);
		if (end != values && *end == '-') {
			p = end + 1;
			hi = strtol(p, &end, 0);
			if (end != p && *end == ',') {
				p = end + 1;
				step = strtol(p, &end, 0);
				if (end != p && !*end && !errno) {
					if (s->json)
						return range_json(s, a, r, 1, lo, hi, step, out);
					return odm_buf_printf(out, "%ld...%ld (+%ld)\n", lo, hi,
							      step) < 0
						       ? vdev_show_nomem(s)
						       : 0;
				}
			}
		}
	} else if (strchr(rep, 'l')) {
		for (p = values; *p; p = *comma ? comma + 1 : comma) {
			comma = strchr(p, ',');
			if (!comma)
				comma = p + strlen(p);
			if (odm_buf_add(out, p, (size_t)(comma - p)) < 0 ||
			    odm_buf_add(out, "\n", 1) < 0)
				return vdev_show_nomem(s);
		}
		return 0;
	}
	/* Anything else: the values text as it is. */
	if (s->json)
		return range_json(s, a, r, 0, 0, 0, 0, out);
	return odm_buf_printf(out, "%s\n", values) < 0 ? vdev_show_nomem(s) : 0;
}

/* The JSON kind of a cell of the lsattr table. */
static enum vjson attr_kind(const struct table *t, int row, int key)
{
	const char *col = t->keys[key];

	if (strcmp(col, "value") == 0 || strcmp(col, "deflt") == 0)
		return strchr(table_get_s(t, row, "rep"), 'n') ? VJ_NUM : VJ_STR;
	if (strcmp(col, "user_settable") == 0)
		return VJ_BOOL;
	return table_kind(t, row, key);
}

VIPA_EXPORT int vdev_lsattr(struct vdev_show *s, enum vdev_lsattr_mode mode, const struct vdev_query *q,
			    struct odm_buf *out)
{
	struct attrs a;
	int *rows = NULL, nrows = 0, rc;
	int by_type = q->v[VDEV_Q_CLASS] || q->v[VDEV_Q_SUBCLASS] || q->v[VDEV_Q_TYPE];

	s->err[0] = '\0';
	if (q->v[VDEV_Q_NAME] && by_type)
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "-l cannot be used with -c, -s or -t");
	if (!q->v[VDEV_Q_NAME] && !by_type)
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE,
			    "a device (-l Name) or a device type (-c, -s, -t) is needed");
	if (mode == VDEV_LSATTR_EFFECTIVE && !q->v[VDEV_Q_NAME])
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "current values (-E) need a device (-l Name)");
	if (mode == VDEV_LSATTR_RANGE && q->nattrs != 1)
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "-R needs exactly one attribute (-a Attribute)");
	if (q->v[VDEV_Q_STATE])
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "lsattr takes no state");
	if (q->v[VDEV_Q_COLUMN] || q->v[VDEV_Q_PARENT])
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "lsattr takes no %s",
				      q->v[VDEV_Q_COLUMN] ? "column (-r)" : "parent (-p)");
	if (q->v[VDEV_Q_RECSEP] && (!q->v[VDEV_Q_FORMAT] || mode == VDEV_LSATTR_RANGE))
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE,
				      "-Z goes with -F: it ends each record of a -F listing");
	if (q->v[VDEV_Q_RECSEP] && strlen(q->v[VDEV_Q_RECSEP]) != 1)
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "-Z takes one character, not '%s'",
				      q->v[VDEV_Q_RECSEP]);
	if (s->json && (q->v[VDEV_Q_COLON] || q->v[VDEV_Q_RECSEP]))
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "--json cannot be used with %s",
				      q->v[VDEV_Q_COLON] ? "-O" : "-Z");

	/* all the queries in one snapshot: the databases are locked once */
	odm_read_begin(s->odm);
	rc = attrs_load(s, q, mode == VDEV_LSATTR_EFFECTIVE, &a);
	odm_read_end(s->odm);
	if (rc < 0)
		goto out;
	rc = attrs_select(s, q, &a, &rows, &nrows);
	if (rc < 0)
		goto out;
	if (mode == VDEV_LSATTR_RANGE) {
		rc = range_report(s, &a, rows[0], out);
		goto out;
	}
	rc = attrs_fill(s, &a, mode == VDEV_LSATTR_EFFECTIVE, &rows, &nrows);
	if (rc < 0)
		goto out;
	if (q->v[VDEV_Q_COLON] && !q->v[VDEV_Q_FORMAT]) {
		rc = colon_report(s, &a, rows, nrows, out);
	} else {
		const struct report r = {
			.format = q->v[VDEV_Q_FORMAT],
			.deflt = mode == VDEV_LSATTR_EFFECTIVE
					 ? "attribute value description user_settable"
					 : "attribute deflt description user_settable",
			.header = q->v[VDEV_Q_HEADER] != NULL && !s->json,
			.sep = q->v[VDEV_Q_RECSEP] ? q->v[VDEV_Q_RECSEP][0] : '\n',
			.json = s->json,
			.kind = attr_kind,
		};
		rc = table_report(s, &a.at, rows, nrows, &r, out);
	}
out:
	free(rows);
	attrs_free(&a);
	return rc;
}

VIPA_EXPORT int vdev_show_attr(struct vdev_show *s, const char *name, const char *attr, char *buf,
			       size_t len)
{
	struct vdev_query q = { { 0 }, NULL, 0 };
	struct attrs a;
	size_t used = 0;
	int i, rc;

	s->err[0] = '\0';
	if (len)
		buf[0] = '\0';
	q.v[VDEV_Q_NAME] = (char *)name;
	rc = attrs_load(s, &q, 1, &a);
	if (rc < 0)
		goto out;
	i = vattr_index(&a.type, attr);
	if (i < 0) {
		rc = vdev_show_fail(s, VDEV_SHOW_E_NOATTR, "device '%s' has no attribute '%s'",
				    name, attr);
		goto out;
	}
	for (int k = 0; k < vattr_nvalues(&a.vals, i) && used < len; k++) {
		int n = snprintf(buf + used, len - used, "%s%s", k ? " " : "", vattr_nth(&a.vals, i, k));

		used += n > 0 ? (size_t)n : 0;
	}
out:
	attrs_free(&a);
	return rc;
}

/* ---- ifconfig-vi ----------------------------------------------------- */

VIPA_EXPORT void vdev_show_flags(unsigned iff, char *buf, size_t len)
{
	unsigned f = AIX_IFF_VIPA | AIX_IFF_64BIT;

	if (iff & IFF_UP)
		f |= AIX_IFF_UP;
	if (iff & IFF_RUNNING)
		f |= AIX_IFF_RUNNING;
	snprintf(buf, len, "%x<%s%s64BIT>", f, f & AIX_IFF_UP ? "UP," : "",
		 f & AIX_IFF_RUNNING ? "RUNNING," : "");
}

struct addr_list {
	struct vnl_addr *v;
	int n, cap;
};

static int collect_addr(const struct vnl_addr *a, void *arg)
{
	struct addr_list *l = arg;
	struct vnl_addr *nv;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		nv = realloc(l->v, (size_t)l->cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		l->v = nv;
	}
	l->v[l->n++] = *a;
	return 0;
}

static int fail_kernel(struct vdev_show *s, struct vnl *nl, int rc, const char *name)
{
	const char *msg = vnl_errmsg(nl);

	if (rc == -ENOMEM)
		return vdev_show_nomem(s);
	return vdev_show_fail(s, VDEV_SHOW_E_KERNEL, "cannot read link '%s' from the kernel: %s", name,
		    msg && *msg ? msg : strerror(-rc));
}

/* The ifconfig lines of the kernel link of VIPA @name. */
/* 1 if @a is the address the text @primary names. */
static int is_primary(const struct vnl_addr *a, const char *primary)
{
	unsigned char bin[16];

	if (!primary || !*primary || inet_pton(a->family, primary, bin) != 1)
		return 0;
	return memcmp(bin, a->addr, a->family == AF_INET ? 4 : 16) == 0;
}

/*
 * The ifconfig lines of the kernel link of VIPA @name.  The continuation
 * lines are indented by 7 spaces, as in IBM's sample of "ifconfig vi0".
 */
static int ifconfig_one(struct vdev_show *s, struct vnl *nl, const char *name,
			const struct vnl_link *l, const char *interfaces,
			const char *primary4, const char *primary6, struct odm_buf *out)
{
	struct addr_list al = { 0 };
	char flags[64], text[64];
	const char *p;
	uint32_t mask;
	int i, pass, rc;

	vdev_show_flags(l->flags, flags, sizeof(flags));
	if (odm_buf_printf(out, "%s: flags=%s\n", name, flags) < 0)
		return vdev_show_nomem(s);
	rc = vnl_addr_list(nl, AF_UNSPEC, l->index, collect_addr, &al);
	if (rc < 0) {
		free(al.v);
		return fail_kernel(s, nl, rc, name);
	}
	/*
	 * IPv4 first, then IPv6; in each family the VIPA's own address
	 * (netaddr, netaddr6) first, then its aliases in the kernel's order.
	 */
	for (pass = 0; pass < 4; pass++)
		for (i = 0; i < al.n; i++) {
			const struct vnl_addr *a = &al.v[i];
			int v6 = pass >= 2;

			if (a->family != (v6 ? AF_INET6 : AF_INET) ||
			    is_primary(a, v6 ? primary6 : primary4) != !(pass & 1) ||
			    !vnl_ntop(a->family, a->addr, text, sizeof(text)))
				continue;
			if (a->family == AF_INET) {
				mask = a->prefixlen <= 0 ? 0
							 : 0xffffffffu << (32 - a->prefixlen);
				rc = odm_buf_printf(out, "       inet %s netmask 0x%08x\n", text, mask);
			} else {
				rc = odm_buf_printf(out, "       inet6 %s/%d\n", text, a->prefixlen);
			}
			if (rc < 0) {
				free(al.v);
				return vdev_show_nomem(s);
			}
		}
	free(al.v);
	/* interface_names is comma-separated; AIX shows the list with spaces. */
	if (!*interfaces)
		return 0;
	if (vdev_buf_str(out, "       iflist : ") < 0)
		return vdev_show_nomem(s);
	for (p = interfaces; *p; p++)
		if (odm_buf_add(out, *p == ',' ? " " : p, 1) < 0)
			return vdev_show_nomem(s);
	return odm_buf_add(out, "\n", 1) < 0 ? vdev_show_nomem(s) : 0;
}

/*
 * The same as one JSON object (vdev_ifconfig with VDEV_SHOW_JSON):
 * {"name":..,"flags":"84000041","flag_names":[..],"inet":[{"address":..,
 * "netmask":"0x.."}],"inet6":[{"address":..,"prefixlen":N}],"iflist":[..]}.
 */
static int ifconfig_one_json(struct vdev_show *s, struct vnl *nl, const char *name,
			     const struct vnl_link *l, const char *interfaces,
			     const char *primary4, const char *primary6, int first,
			     struct odm_buf *out)
{
	struct addr_list al = { 0 };
	struct vipa_buf b = { 0 };
	char flags[64], text[64], *lt;
	const char *p, *comma;
	uint32_t mask;
	int i, pass, rc, n;

	vdev_show_flags(l->flags, flags, sizeof(flags));
	rc = vnl_addr_list(nl, AF_UNSPEC, l->index, collect_addr, &al);
	if (rc < 0) {
		free(al.v);
		return fail_kernel(s, nl, rc, name);
	}
	lt = strchr(flags, '<');
	rc = vipa_buf_adds(&b, first ? "[{\"name\":" : ",{\"name\":");
	if (rc == 0)
		rc = vipa_json_str(&b, name);
	if (rc == 0)
		rc = vipa_buf_addf(&b, ",\"flags\":\"%.*s\",\"flag_names\":[",
				   (int)(lt ? lt - flags : (long)strlen(flags)), flags);
	/* the names between < and >, comma-separated */
	for (p = lt ? lt + 1 : "", n = 0; rc == 0 && *p && *p != '>'; p = *comma == ',' ? comma + 1 : comma) {
		comma = p + strcspn(p, ",>");
		rc = vipa_buf_addf(&b, "%s\"%.*s\"", n++ ? "," : "", (int)(comma - p), p);
	}
	/* the addresses in the text's order: IPv4 then IPv6, each VIPA's
	 * own address first */
	for (pass = 0; rc == 0 && pass < 4; pass++) {
		int v6 = pass >= 2;

		if (pass == 0 || pass == 2)
			rc = vipa_buf_adds(&b, v6 ? "],\"inet6\":[" : "],\"inet\":[");
		for (i = 0; rc == 0 && i < al.n; i++) {
			const struct vnl_addr *a = &al.v[i];

			if (a->family != (v6 ? AF_INET6 : AF_INET) ||
			    is_primary(a, v6 ? primary6 : primary4) != !(pass & 1) ||
			    !vnl_ntop(a->family, a->addr, text, sizeof(text)))
				continue;
			if (b.len && b.data[b.len - 1] == '}')
				rc = vipa_buf_add(&b, ",", 1);
			if (rc == 0 && !v6) {
				mask = a->prefixlen <= 0 ? 0 : 0xffffffffu << (32 - a->prefixlen);
				rc = vipa_buf_addf(&b, "{\"address\":\"%s\",\"netmask\":\"0x%08x\"}",
						   text, mask);
			} else if (rc == 0) {
				rc = vipa_buf_addf(&b, "{\"address\":\"%s\",\"prefixlen\":%d}", text,
						   a->prefixlen);
			}
		}
	}
	free(al.v);
	if (rc == 0)
		rc = vipa_buf_adds(&b, "],\"iflist\":[");
	for (p = interfaces, n = 0; rc == 0 && *p; p = *comma ? comma + 1 : comma) {
		char *one;

		comma = p + strcspn(p, ",");
		if (comma == p)
			continue;
		one = strndup(p, (size_t)(comma - p));
		rc = one ? (n++ ? vipa_buf_add(&b, ",", 1) : 0) : -1;
		if (rc == 0)
			rc = vipa_json_str(&b, one);
		free(one);
	}
	if (vdev_json_end(&b, rc, "]}", out) < 0)
		return vdev_show_nomem(s);
	return 0;
}

/* The CuDv of VIPA @name into @d. */
static int load_vipa(struct vdev_show *s, const char *name, struct vcudv *d)
{
	char msg[256];
	int rc = vattr_cudv(s->odm, name, d);

	if (rc < 0)
		return vdev_show_odmerr(s, rc);
	if (!d->found) {
		vdev_msg_nodev(msg, sizeof(msg), name);
		return vdev_show_fail(s, VDEV_SHOW_E_NODEV, "%s", msg);
	}
	if (strcmp(d->type, VDEV_VIPA_TYPE) != 0) {
		vdev_msg_notvipa(msg, sizeof(msg), name, d->type);
		return vdev_show_fail(s, VDEV_SHOW_E_NODEV, "%s", msg);
	}
	return 0;
}

VIPA_EXPORT int vdev_show_vipa(struct vdev_show *s, const char *name, int *status)
{
	struct vcudv d;
	int rc;

	s->err[0] = '\0';
	rc = load_vipa(s, name, &d);
	if (rc == 0 && status)
		*status = d.status;
	return rc;
}

/* One VIPA to show, with its attributes. */
struct ifvipa {
	char name[16];
	int status;
	int ord;	/* database order, for equal names */
	struct vattrs at;
};

struct ifvipas {
	struct ifvipa *v;
	int n;
	const struct vtype *t;
};

static int ifvipa_cb(const struct odm_obj *o, void *arg)
{
	struct ifvipas *l = arg;
	struct ifvipa *nv = realloc(l->v, (size_t)(l->n + 1) * sizeof(*nv));
	const char *nm = odm_obj_get(o, "name"), *st = odm_obj_get(o, "status");

	if (!nv)
		return -ODM_E_NOMEM;
	l->v = nv;
	memset(&nv[l->n], 0, sizeof(nv[0]));
	snprintf(nv[l->n].name, sizeof(nv[0].name), "%s", nm ? nm : "");
	nv[l->n].status = st ? atoi(st) : 0;
	nv[l->n].ord = l->n;
	l->n++;
	return 0;
}

static int ifvipa_cmp(const void *a, const void *b)
{
	const struct ifvipa *x = a, *y = b;
	int c = vdev_natural_cmp(x->name, y->name);

	return c ? c : (x->ord > y->ord) - (x->ord < y->ord);
}

/* The VIPA @name (NULL: every VIPA, in name order) and their attributes,
 * read in one snapshot. */
static int ifconfig_load(struct vdev_show *s, const char *name, struct vtype *t,
			 struct ifvipas *l)
{
	struct vcudv d;
	int rc;

	odm_read_begin(s->odm);
	if (name) {
		rc = load_vipa(s, name, &d);
		if (rc < 0)
			goto out;
		l->v = calloc(1, sizeof(*l->v));
		if (!l->v) {
			rc = vdev_show_nomem(s);
			goto out;
		}
		snprintf(l->v[0].name, sizeof(l->v[0].name), "%s", name);
		l->v[0].status = d.status;
		l->n = 1;
	} else {
		rc = vattr_vipas(s->odm, ifvipa_cb, l);
		if (rc < 0) {
			rc = vdev_show_odmerr(s, rc);
			goto out;
		}
		if (l->n > 1)
			qsort(l->v, (size_t)l->n, sizeof(*l->v), ifvipa_cmp);
	}
	rc = vattr_type_load(s->odm, VDEV_VIPA_TYPE, t);
	for (int i = 0; rc >= 0 && i < l->n; i++)
		rc = vattr_load(s->odm, t, l->v[i].name, &l->v[i].at);
	if (rc < 0)
		rc = vdev_show_odmerr(s, rc);
out:
	odm_read_end(s->odm);
	return rc;
}

VIPA_EXPORT int vdev_ifconfig(struct vdev_show *s, struct vnl *nl, const char *name, struct odm_buf *out,
			      struct odm_buf *lost)
{
	struct vtype t = { 0 };
	struct ifvipas l = { 0 };
	struct vnl_link lk;
	int i, rc, nlost = 0, nshown = 0;

	s->err[0] = '\0';
	rc = ifconfig_load(s, name, &t, &l);
	if (rc < 0)
		goto out;
	/* The kernel, once the database said which devices to look at. */
	if (!nl) {
		if (!s->nl && (rc = vnl_open(&s->nl)) < 0) {
			rc = vdev_show_fail(s, VDEV_SHOW_E_KERNEL, "cannot talk to the kernel: %s",
					    s->nl && *vnl_errmsg(s->nl) ? vnl_errmsg(s->nl) : strerror(-rc));
			vnl_close(s->nl);
			s->nl = NULL;
			goto out;
		}
		nl = s->nl;
	}
	for (i = 0; i < l.n; i++) {
		const char *dev = l.v[i].name;
		int detached = vattr_state(&l.v[i].at) == VSTATE_DETACH;
		char status[16], q[64];

		rc = vnl_link_get(nl, dev, &lk);
		if (rc == -ENODEV) {
			/* A Defined or detached VIPA has no link: only worth a
			 * word when asked for by name. */
			if (!name && !vattr_wants_link(l.v[i].status, vattr_state(&l.v[i].at)))
				continue;
			nlost++;
			snprintf(status, sizeof(status), "%d", l.v[i].status);
			/* one line each, whatever the name holds (odmadd) */
			vdev_quote(q, sizeof(q), dev);
			if (l.v[i].status == 1 && detached)
				rc = odm_buf_printf(lost, "%s: detached (state detach): the kernel has no link '%s'\n",
						    q, q);
			else
				rc = odm_buf_printf(lost, "%s: %s in the database, but the kernel has no link '%s'\n",
						    q, status_text(status), q);
			if (rc < 0) {
				rc = vdev_show_nomem(s);
				goto out;
			}
			continue;
		}
		if (rc < 0) {
			rc = fail_kernel(s, nl, rc, dev);
			goto out;
		}
		if (s->json)
			rc = ifconfig_one_json(s, nl, dev, &lk,
					       vattr_value(&l.v[i].at, "interface_names"),
					       vattr_value(&l.v[i].at, "netaddr"),
					       vattr_value(&l.v[i].at, "netaddr6"), nshown == 0, out);
		else
			rc = ifconfig_one(s, nl, dev, &lk, vattr_value(&l.v[i].at, "interface_names"),
					  vattr_value(&l.v[i].at, "netaddr"),
					  vattr_value(&l.v[i].at, "netaddr6"), out);
		if (rc < 0)
			goto out;
		nshown++;
	}
	if (s->json && odm_buf_printf(out, "%s]\n", nshown ? "" : "[") < 0) {
		rc = vdev_show_nomem(s);
		goto out;
	}
	rc = nlost;
out:
	for (i = 0; i < l.n; i++)
		vattr_free(&l.v[i].at);
	free(l.v);
	vattr_type_free(&t);
	return rc;
}

/* ---- interface choices ------------------------------------------------ */

/* The address families VIPA attributes @at hold (VDEV_FAMILY_*; both
 * when it holds no address at all). */
static unsigned vipa_families(const struct vattrs *at)
{
	unsigned f = 0;

	if (*vattr_value(at, "netaddr") || *vattr_value(at, "alias4"))
		f |= VDEV_FAMILY_INET;
	if (*vattr_value(at, "netaddr6") || *vattr_value(at, "alias6"))
		f |= VDEV_FAMILY_INET6;
	return f ? f : VDEV_FAMILY_INET | VDEV_FAMILY_INET6;
}

/* Is @name one of the comma-separated names of @list? */
static int in_iflist(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (*p) {
		size_t k = strcspn(p, ",");

		if (k == n && strncmp(p, name, n) == 0)
			return 1;
		p += k;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* The kernel's links that may be offered, collected by name. */
struct iflinks {
	char (*name)[16];
	int n;
	int nomem;
	const struct ifvipas *vipas;
};

static int iflink_cb(const struct vnl_link *l, void *arg)
{
	struct iflinks *k = arg;
	char (*nv)[16];

	if ((l->flags & IFF_LOOPBACK) || l->marked ||
	    strncmp(l->alias, VDEV_MARK, strlen(VDEV_MARK)) == 0)
		return 0;
	for (int i = 0; i < k->vipas->n; i++)
		if (strcmp(k->vipas->v[i].name, l->name) == 0)
			return 0;
	nv = realloc(k->name, (size_t)(k->n + 1) * sizeof(*nv));
	if (!nv) {
		k->nomem = 1;
		return 1;
	}
	k->name = nv;
	snprintf(k->name[k->n++], sizeof(k->name[0]), "%s", l->name);
	return 0;
}

static int ifname_cmp(const void *a, const void *b)
{
	return vdev_natural_cmp(a, b);
}

VIPA_EXPORT int vdev_ifchoices(struct vdev_show *s, struct vnl *nl, const char *name,
			       unsigned families, enum vdev_ifchoice what, struct odm_buf *out)
{
	struct vtype t = { 0 };
	struct ifvipas l = { 0 };
	struct iflinks k = { 0 };
	const char *mine = "";
	int i, rc, self = -1;

	s->err[0] = '\0';
	if (what == VDEV_IFCHOICE_REMOVE && !name)
		return vdev_show_fail(s, VDEV_SHOW_E_USAGE, "a new device holds no interfaces to remove");
	if (name) {
		/* the device exists, and is a VIPA */
		rc = vdev_show_vipa(s, name, NULL);
		if (rc < 0)
			return rc;
	}
	rc = ifconfig_load(s, NULL, &t, &l);
	if (rc < 0)
		goto out;
	for (i = 0; name && i < l.n; i++)
		if (strcmp(l.v[i].name, name) == 0)
			self = i;
	if (name && self < 0) {
		/* removed since it was checked */
		char msg[300];

		vdev_msg_nodev(msg, sizeof(msg), name);
		rc = vdev_show_fail(s, VDEV_SHOW_E_NODEV, "%s", msg);
		goto out;
	}
	if (self >= 0) {
		mine = vattr_value(&l.v[self].at, "interface_names");
		families = vipa_families(&l.v[self].at);
	} else if (!(families & (VDEV_FAMILY_INET | VDEV_FAMILY_INET6))) {
		families = VDEV_FAMILY_INET | VDEV_FAMILY_INET6;
	}
	if (what == VDEV_IFCHOICE_REMOVE) {
		for (const char *p = mine; *p;) {
			size_t n = strcspn(p, ",");

			if (n && (odm_buf_add(out, p, n) < 0 || odm_buf_add(out, "\n", 1) < 0)) {
				rc = vdev_show_nomem(s);
				goto out;
			}
			p += n;
			if (*p == ',')
				p++;
		}
		rc = 0;
		goto out;
	}
	if (!nl) {
		if (!s->nl && (rc = vnl_open(&s->nl)) < 0) {
			rc = vdev_show_fail(s, VDEV_SHOW_E_KERNEL, "cannot talk to the kernel: %s",
					    s->nl && *vnl_errmsg(s->nl) ? vnl_errmsg(s->nl) : strerror(-rc));
			vnl_close(s->nl);
			s->nl = NULL;
			goto out;
		}
		nl = s->nl;
	}
	k.vipas = &l;
	rc = vnl_link_list(nl, iflink_cb, &k);
	if (k.nomem) {
		rc = vdev_show_nomem(s);
		goto out;
	}
	if (rc < 0) {
		const char *msg = vnl_errmsg(nl);

		rc = vdev_show_fail(s, VDEV_SHOW_E_KERNEL, "cannot list the links of the kernel: %s",
				    msg && *msg ? msg : strerror(-rc));
		goto out;
	}
	if (k.n > 1)
		qsort(k.name, (size_t)k.n, sizeof(k.name[0]), ifname_cmp);
	for (int j = 0; j < k.n; j++) {
		int taken = in_iflist(mine, k.name[j]);

		for (i = 0; i < l.n && !taken; i++)
			taken = i != self && (vipa_families(&l.v[i].at) & families) &&
				in_iflist(vattr_value(&l.v[i].at, "interface_names"), k.name[j]);
		if (!taken && odm_buf_printf(out, "%s\n", k.name[j]) < 0) {
			rc = vdev_show_nomem(s);
			goto out;
		}
	}
	rc = 0;
out:
	free(k.name);
	for (i = 0; i < l.n; i++)
		vattr_free(&l.v[i].at);
	free(l.v);
	vattr_type_free(&t);
	return rc;
}

/* ---- cfgif and cfgvi ------------------------------------------------ */

/* A line "+vi1" or "-vi1" of cfgvi: the device defined or removed (@name
 * and @change set), else 0. */
static int whole_device_line(const char *line, char **name, const char **change)
{
	if ((line[0] != '+' && line[0] != '-') || !line[1] || strpbrk(line + 1, " :"))
		return 0;
	*name = strdup(line + 1);
	*change = line[0] == '+' ? "defined" : "removed";
	return 1;
}

VIPA_EXPORT int vdev_report_json(struct odm_buf *out, const char *const *lines, int n)
{
	struct vipa_buf b = { 0 };
	int rc = vipa_buf_add(&b, "[", 1);

	for (int i = 0; rc == 0 && i < n; i++) {
		const char *sep = strstr(lines[i], ": "), *change;
		char *dev;

		if (!whole_device_line(lines[i], &dev, &change)) {
			dev = strndup(lines[i], sep ? (size_t)(sep - lines[i]) : 0);
			change = sep ? sep + 2 : lines[i];
		}
		rc = dev ? vipa_buf_adds(&b, i ? ",{\"device\":" : "{\"device\":") : -1;
		if (rc == 0)
			rc = vipa_json_str(&b, dev);
		if (rc == 0)
			rc = vipa_buf_adds(&b, ",\"change\":");
		if (rc == 0)
			rc = vipa_json_str(&b, change);
		if (rc == 0)
			rc = vipa_buf_add(&b, "}", 1);
		free(dev);
	}
	return vdev_json_end(&b, rc, "]\n", out);
}
