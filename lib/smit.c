/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smit.c - the SMIT menu engine: the context, screens read from the SMIT
 * object classes, entry fields, F4 lists, selectors and the commands that
 * dialogs build (see smit.h for the rules).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm.h"
#include "smit-internal.h"

/* ---- context ------------------------------------------------------------ */

static char *home_file(const char *name)
{
	const char *home = getenv("HOME");
	char *p;

	if (!home || !*home)
		return NULL;
	if (asprintf(&p, "%s/%s", home, name) < 0)
		return NULL;
	return p;
}

VIPA_EXPORT int smit_new(struct smit **out, struct odm *odm, unsigned flags)
{
	struct smit *smit;

	*out = NULL;
	smit = calloc(1, sizeof(*smit));
	if (!smit)
		return -SMIT_E_NOMEM;
	*out = smit;
	if (!odm)
		return smit_seterr(smit, SMIT_E_ARG, "no object repository given");
	smit->odm = odm;
	smit->flags = flags;
	smit->log_file = home_file("smit.log");
	smit->script_file = home_file("smit.script");
	return 0;
}

VIPA_EXPORT void smit_free(struct smit *smit)
{
	if (!smit)
		return;
	free(smit->log_file);
	free(smit->script_file);
	free(smit->last_output);
	vipa_strv_free(&smit->env, NULL);
	free(smit);
}

VIPA_EXPORT const char *smit_errmsg(const struct smit *smit)
{
	return smit ? smit->err : "out of memory";
}

VIPA_EXPORT const char *smit_strerror(int code)
{
	return vipa_strerror(code);
}

VIPA_EXPORT const char *smit_last_output(const struct smit *smit)
{
	return smit->last_output ? smit->last_output : "";
}

static int set_path(struct smit *smit, char **slot, const char *path)
{
	char *p = NULL;

	if (path && !(p = strdup(path)))
		return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	free(*slot);
	*slot = p;
	return 0;
}

VIPA_EXPORT int smit_set_log_file(struct smit *smit, const char *path)
{
	return set_path(smit, &smit->log_file, path);
}

VIPA_EXPORT int smit_set_script_file(struct smit *smit, const char *path)
{
	return set_path(smit, &smit->script_file, path);
}

VIPA_EXPORT const char *smit_log_file(const struct smit *smit)
{
	return smit->log_file;
}

VIPA_EXPORT const char *smit_script_file(const struct smit *smit)
{
	return smit->script_file;
}

VIPA_EXPORT void smit_set_output_fn(struct smit *smit, smit_output_fn fn,
				    void *arg)
{
	smit->out_fn = fn;
	smit->out_arg = arg;
}

/* Forget the last failure: called on entry of calls that may run commands. */
static void clear_err(struct smit *smit)
{
	smit->err[0] = '\0';
	free(smit->last_output);
	smit->last_output = NULL;
}

/* ---- reading the SMIT classes ------------------------------------------ */

struct rows {
	const char *const *descs;
	int nd;
	char ***row;
	int n, cap;
	int oom;
};

static int rows_cb(const struct odm_obj *obj, void *arg)
{
	struct rows *r = arg;
	char **row;
	int d;

	if (r->n == r->cap) {
		int cap = r->cap ? r->cap * 2 : 16;
		char ***p = realloc(r->row, (size_t)cap * sizeof(*p));

		if (!p)
			goto oom;
		r->row = p;
		r->cap = cap;
	}
	row = calloc((size_t)r->nd, sizeof(*row));
	if (!row)
		goto oom;
	r->row[r->n++] = row;
	for (d = 0; d < r->nd; d++) {
		row[d] = smit_strdup(odm_obj_get(obj, r->descs[d]));
		if (!row[d])
			goto oom;
	}
	return 0;
oom:
	r->oom = 1;
	return 1;
}

static void rows_free(struct rows *r)
{
	int i, d;

	for (i = 0; i < r->n; i++) {
		if (!r->row[i])
			continue;
		for (d = 0; d < r->nd; d++)
			free(r->row[i][d]);
		free(r->row[i]);
	}
	free(r->row);
	r->row = NULL;
	r->n = r->cap = 0;
}

/* An id names an object: 1 to 64 bytes, no control characters.  (It is
 * bound as a value, so quotes and the like are only bytes of it.) */
static int valid_id(const char *id)
{
	const char *p;

	if (!id || !*id || strlen(id) >= 65)
		return 0;
	for (p = id; *p; p++)
		if ((unsigned char)*p < 0x20)
			return 0;
	return 1;
}

static int load(struct smit *smit, const char *cls, const struct odm_match *m,
		const char *const *descs, int nd, struct rows *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->descs = descs;
	r->nd = nd;
	rc = odm_get_match(smit->odm, cls, m, rows_cb, r);
	if (r->oom) {
		rows_free(r);
		return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	}
	if (rc < 0) {
		rows_free(r);
		return smit_seterr(smit, SMIT_E_ODM, "cannot read '%s': %s",
				   cls, odm_errmsg(smit->odm));
	}
	return 0;
}

/* Stable sort of rows on column @col (the string id_seq_num). */
static void sort_rows(struct rows *r, int col)
{
	int i, j;

	for (i = 1; i < r->n; i++) {
		char **cur = r->row[i];

		for (j = i; j > 0 && strcmp(r->row[j - 1][col], cur[col]) > 0; j--)
			r->row[j] = r->row[j - 1];
		r->row[j] = cur;
	}
}

static char *take(char **row, int col)
{
	char *p = row[col];

	row[col] = NULL;
	return p;
}

/* The help text for @help_id into *out (NULL when none). */
static int load_help(struct smit *smit, const char *help_id, char **out)
{
	static const char *const descs[] = { "text" };
	const struct odm_match m[] = { { "help_msg_id", "=", help_id }, ODM_MATCH_END };
	struct rows r;
	int rc;

	*out = NULL;
	if (!valid_id(help_id))
		return 0;
	rc = load(smit, "sm_help", m, descs, 1, &r);
	if (rc == -SMIT_E_NOMEM)
		return rc;
	if (rc < 0)
		return 0; /* no help class: no help */
	if (r.n > 0 && r.row[0][0][0])
		*out = take(r.row[0], 0);
	rows_free(&r);
	return 0;
}

/* ---- screens ------------------------------------------------------------ */

static void field_clear(struct smit_field *f)
{
	free(f->seq);
	free(f->disc);
	free(f->label);
	free(f->prefix);
	free(f->list_cmd);
	free(f->list_postfix);
	vipa_strv_free(&f->disp, NULL);
	vipa_strv_free(&f->sent, NULL);
	free(f->value);
	free(f->initial);
	free(f->help);
}

VIPA_EXPORT void smit_screen_free(struct smit_screen *s)
{
	int i;

	if (!s)
		return;
	free(s->id);
	free(s->title);
	free(s->help);
	for (i = 0; i < s->nitems; i++) {
		free(s->items[i].text);
		free(s->items[i].next_id);
		free(s->items[i].help);
	}
	free(s->items);
	free(s->next_id);
	free(s->classify);
	free(s->classify_postfix);
	free(s->raw_field_name);
	free(s->cooked_field_name);
	free(s->cmd_to_exec);
	for (i = 0; i < s->nfields; i++)
		field_clear(&s->fields[i]);
	free(s->fields);
	smit_kvs_free(&s->vals);
	free(s->cmd);
	free(s);
}

static struct smit_screen *screen_new(struct smit *smit, enum smit_kind kind,
				      const char *id)
{
	struct smit_screen *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->smit = smit;
	s->kind = kind;
	s->id = strdup(id);
	if (!s->id) {
		free(s);
		return NULL;
	}
	return s;
}

static int first_char(const char *s, int dflt)
{
	return s && s[0] ? (unsigned char)s[0] : dflt;
}

/* Menu: the items with this id (aliases excluded), title from the parent item. */
static int open_menu(struct smit *smit, const char *id, struct smit_screen **out)
{
	enum { I_SEQ, I_NEXT, I_TEXT, I_TYPE, I_HELP, I_N };
	static const char *const descs[] = {
		"id_seq_num", "next_id", "text", "next_type", "help_msg_id",
	};
	struct smit_screen *s;
	const struct odm_match items[] = {
		{ "id", "=", id }, { "alias", "!=", "y" }, ODM_MATCH_END
	};
	const struct odm_match title[] = {
		{ "next_id", "=", id }, { "alias", "!=", "y" }, ODM_MATCH_END
	};
	struct rows r, t;
	int rc, i;

	rc = load(smit, "sm_menu_opt", items, descs, I_N, &r);
	if (rc < 0)
		return rc;
	if (r.n == 0) {
		rows_free(&r);
		return -SMIT_E_NOTFOUND;
	}
	sort_rows(&r, I_SEQ);
	s = screen_new(smit, SMIT_MENU, id);
	if (!s || !(s->items = calloc((size_t)r.n, sizeof(*s->items))))
		goto oom;
	for (i = 0; i < r.n; i++) {
		struct smit_item *it = &s->items[s->nitems++];

		it->text = r.row[i][I_TEXT];
		r.row[i][I_TEXT] = NULL;
		it->next_id = r.row[i][I_NEXT];
		r.row[i][I_NEXT] = NULL;
		it->next_type = first_char(r.row[i][I_TYPE], SMIT_MENU);
		rc = load_help(smit, r.row[i][I_HELP], &it->help);
		if (rc < 0)
			goto fail;
	}
	rows_free(&r);

	rc = load(smit, "sm_menu_opt", title, descs, I_N, &t);
	if (rc < 0)
		goto fail_s;
	s->title = smit_strdup(t.n > 0 ? t.row[0][I_TEXT] : id);
	if (t.n > 0 && (rc = load_help(smit, t.row[0][I_HELP], &s->help)) < 0) {
		rows_free(&t);
		goto fail_s;
	}
	rows_free(&t);
	if (!s->title)
		goto oom_s;
	*out = s;
	return 0;
oom:
	rc = smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
fail:
	rows_free(&r);
fail_s:
	smit_screen_free(s);
	return rc;
oom_s:
	rc = smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	smit_screen_free(s);
	return rc;
}

enum {
	F_SEQ, F_DISC, F_NAME, F_OP, F_ENTRY, F_SIZE, F_REQ, F_PREFIX,
	F_LMODE, F_LCMD, F_LPOST, F_MULTI, F_VIDX, F_DISP, F_AIX, F_HELP, F_N
};
static const char *const field_descs[] = {
	"id_seq_num", "disc_field_name", "name", "op_type", "entry_type",
	"entry_size", "required", "prefix", "cmd_to_list_mode", "cmd_to_list",
	"cmd_to_list_postfix", "multi_select", "value_index", "disp_values",
	"aix_values", "help_msg_id",
};

static int set_str(char **slot, const char *v)
{
	char *p = smit_strdup(v);

	if (!p)
		return -SMIT_E_NOMEM;
	free(*slot);
	*slot = p;
	return 0;
}

/* Fill field @f from an sm_cmd_opt row and the values known so far. */
static int field_init(struct smit_screen *s, struct smit_field *f, char **row)
{
	struct smit *smit = s->smit;
	const char *v;
	int rc, k;

	f->seq = take(row, F_SEQ);
	f->disc = take(row, F_DISC);
	f->label = take(row, F_NAME);
	f->prefix = take(row, F_PREFIX);
	f->list_cmd = take(row, F_LCMD);
	f->list_postfix = take(row, F_LPOST);
	f->op_type = first_char(row[F_OP], 'n');
	f->entry_type = first_char(row[F_ENTRY], 't');
	f->required = first_char(row[F_REQ], 'n');
	f->list_mode = first_char(row[F_LMODE], 'a');
	f->multi = first_char(row[F_MULTI], 'n') == 'y' ||
		   first_char(row[F_MULTI], 'n') == ',';
	f->entry_size = strtol(row[F_SIZE], NULL, 10);
	f->ring_init = f->ring_idx = -1;
	if (f->op_type == 'r') {
		long idx = strtol(row[F_VIDX], NULL, 10);

		rc = smit_split_commas(row[F_DISP], &f->disp);
		if (rc < 0)
			return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
		f->nring = rc;
		rc = smit_split_commas(row[F_AIX][0] ? row[F_AIX] : row[F_DISP],
				       &f->sent);
		if (rc < 0)
			return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
		if (rc != f->nring)
			return smit_seterr(smit, SMIT_E_DATA,
					   "field '%s' of '%s' has %d values to show but %d to send",
					   f->label, s->id, f->nring, rc);
		if (f->nring == 0)
			return smit_seterr(smit, SMIT_E_DATA,
					   "ring field '%s' of '%s' has no values",
					   f->label, s->id);
		if (idx >= 0 && idx < f->nring)
			f->ring_init = (int)idx;
		v = f->disc[0] ? smit_kvs_get(&s->vals, f->disc) : NULL;
		if (v) {
			for (k = 0; k < f->nring; k++)
				if (strcmp(f->sent[k], v) == 0)
					break;
			if (k == f->nring)
				for (k = 0; k < f->nring; k++)
					if (strcmp(f->disp[k], v) == 0)
						break;
			if (k < f->nring)
				f->ring_init = k;
		}
		f->ring_idx = f->ring_init;
		v = f->ring_init >= 0 ? f->disp[f->ring_init] : "";
	} else {
		/* disp_values is the default value of a field that is no ring */
		v = f->disc[0] ? smit_kvs_get(&s->vals, f->disc) : NULL;
		if (!v)
			v = row[F_DISP];
	}
	if (set_str(&f->value, v) < 0 || set_str(&f->initial, v) < 0)
		return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	rc = load_help(smit, row[F_HELP], &f->help);
	return rc;
}

static int load_fields(struct smit_screen *s, const char *option_id,
		       int selector)
{
	struct smit *smit = s->smit;
	const struct odm_match m[] = { { "id", "=", option_id }, ODM_MATCH_END };
	struct rows r;
	int rc, i, pick = -1;

	if (!valid_id(option_id))
		return smit_seterr(smit, SMIT_E_DATA, "'%s' has no valid option_id",
				   s->id);
	rc = load(smit, "sm_cmd_opt", m, field_descs, F_N, &r);
	if (rc < 0)
		return rc;
	sort_rows(&r, F_SEQ);
	if (selector) {
		for (i = 0; i < r.n && pick < 0; i++)
			if (strcmp(r.row[i][F_SEQ], "0") == 0)
				pick = i;
		if (pick < 0 && r.n > 0)
			pick = 0;
		if (pick < 0) {
			rows_free(&r);
			return smit_seterr(smit, SMIT_E_DATA,
					   "selector '%s' has no entry field '%s'",
					   s->id, option_id);
		}
	}
	s->fields = calloc((size_t)(r.n ? r.n : 1), sizeof(*s->fields));
	if (!s->fields) {
		rows_free(&r);
		return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	}
	for (i = 0; i < r.n; i++) {
		if (selector ? i != pick : strcmp(r.row[i][F_SEQ], "0") == 0)
			continue;
		rc = field_init(s, &s->fields[s->nfields++], r.row[i]);
		if (rc < 0)
			break;
	}
	rows_free(&r);
	return rc < 0 ? rc : 0;
}

/* Sent value of a field: the ring's aix value, else what is shown. */
static const char *field_sent(const struct smit_field *f)
{
	if (f->op_type == 'r')
		return f->ring_idx >= 0 ? f->sent[f->ring_idx] : "";
	return f->value;
}

/* A value by name for postfixes: fields first, then the known values. */
static const char *lookup_value(const struct smit_screen *s, const char *name)
{
	int i;

	for (i = 0; i < s->nfields; i++)
		if (s->fields[i].disc[0] && strcmp(s->fields[i].disc, name) == 0)
			return field_sent(&s->fields[i]);
	return smit_kvs_get(&s->vals, name);
}

/* cmd + postfix with named values substituted, quoted. */
static char *with_postfix(const struct smit_screen *s, const char *cmd,
			  const char *postfix)
{
	struct vipa_buf sb = { 0 };
	const char *p = postfix;

	vipa_buf_adds(&sb, cmd);
	while (p && *p) {
		const char *q;
		char *word;
		const char *v;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		for (q = p; *q && !isspace((unsigned char)*q); q++)
			;
		word = strndup(p, (size_t)(q - p));
		if (!word) {
			vipa_buf_free(&sb);
			return NULL;
		}
		vipa_buf_add(&sb, " ", 1);
		v = lookup_value(s, word);
		if (v)
			smit_quote_into(&sb, v);
		else
			vipa_buf_adds(&sb, word);
		free(word);
		p = q;
	}
	return vipa_buf_take(&sb);
}

static const char *first_line(const char *text, char *buf, size_t len)
{
	size_t n = strcspn(text, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

/*
 * Run a discover/list/classify command: its stdout into *out.  On a
 * non-zero exit its error text is kept for smit_last_output().
 */
static int run_query(struct smit *smit, const char *what, const char *cmd,
		      char **out)
{
	struct vipa_buf o = { 0 }, e = { 0 };
	char line[256];
	int status, rc;

	*out = NULL;
	rc = smit_exec(smit, cmd, &o, &e, NULL, &status, 0);
	if (rc < 0) {
		vipa_buf_free(&o);
		vipa_buf_free(&e);
		return rc;
	}
	if (status != 0) {
		const char *text = e.len ? e.data : (o.len ? o.data : "");

		free(smit->last_output);
		smit->last_output = strdup(text);
		rc = smit_seterr(smit, SMIT_E_CMD, "%s command '%s' failed (exit %d)%s%s",
				 what, cmd, status, text[0] ? ": " : "",
				 first_line(text, line, sizeof(line)));
		vipa_buf_free(&o);
		vipa_buf_free(&e);
		return rc;
	}
	vipa_buf_free(&e);
	*out = vipa_buf_take(&o);
	if (!*out)
		return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	return 0;
}

/*
 * Start a selector or a dialog: load the header object of @id from @cls
 * (its descriptors @descs, @nd of them) into @r and make the screen *@sp of
 * @kind with its title (column @name), the values @in and its help (the
 * help_msg_id in column @help).  NOTFOUND, without a message, when there
 * is no header, or with @fastpath when its has_name_select (column @hns)
 * is set.  On success the caller finishes with end_screen().
 */
static int begin_screen(struct smit *smit, const char *cls, const char *id,
			enum smit_kind kind, const char *const *descs, int nd,
			int hns, int name, int help, const struct smit_kvs *in,
			int fastpath, struct rows *r, struct smit_screen **sp)
{
	const struct odm_match m[] = { { "id", "=", id }, ODM_MATCH_END };
	struct smit_screen *s;
	int rc;

	rc = load(smit, cls, m, descs, nd, r);
	if (rc < 0)
		return rc;
	if (r->n == 0 || (fastpath && r->row[0][hns][0] == 'y')) {
		rows_free(r);
		return -SMIT_E_NOTFOUND;
	}
	s = screen_new(smit, kind, id);
	if (!s || (in && smit_kvs_copy(&s->vals, in) < 0)) {
		smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
		rc = -SMIT_E_NOMEM;	/* visibly negative: callers use *sp */
		goto fail;
	}
	s->title = take(r->row[0], name);
	rc = load_help(smit, r->row[0][help], &s->help);
	if (rc < 0)
		goto fail;
	*sp = s;
	return 0;
fail:
	rows_free(r);
	smit_screen_free(s);
	return rc;
}

/*
 * Finish a screen begun with begin_screen(): unless @rc already failed,
 * load its fields (those of @option_id); then free @r.  Returns @rc with
 * *@out set on success, s freed on failure.
 */
static int end_screen(struct smit_screen *s, struct rows *r, int rc,
		      const char *option_id, int selector, struct smit_screen **out)
{
	if (rc == 0)
		rc = load_fields(s, option_id, selector);
	rows_free(r);
	if (rc < 0) {
		smit_screen_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

static int open_selector(struct smit *smit, const char *id,
			 const struct smit_kvs *in, int fastpath,
			 struct smit_screen **out)
{
	enum { S_NEXT, S_OPT, S_HNS, S_NAME, S_TYPE, S_CLS, S_CLSP, S_RAW,
	       S_COOKED, S_NTYPE, S_HELP, S_N };
	static const char *const descs[] = {
		"next_id", "option_id", "has_name_select", "name", "type",
		"cmd_to_classify", "cmd_to_classify_postfix", "raw_field_name",
		"cooked_field_name", "next_type", "help_msg_id",
	};
	struct smit_screen *s = NULL;
	struct rows r;
	char **row;
	int rc;

	rc = begin_screen(smit, "sm_name_hdr", id, SMIT_SELECTOR, descs, S_N,
			  S_HNS, S_NAME, S_HELP, in, fastpath, &r, &s);
	if (rc < 0)
		return rc;
	row = r.row[0];
	s->next_id = take(row, S_NEXT);
	s->classify = take(row, S_CLS);
	s->classify_postfix = take(row, S_CLSP);
	s->raw_field_name = take(row, S_RAW);
	s->cooked_field_name = take(row, S_COOKED);
	s->sel_type = first_char(row[S_TYPE], 'j');
	s->next_type = first_char(row[S_NTYPE], 0);
	return end_screen(s, &r, 0, row[S_OPT], 1, out);
}

static int open_dialog(struct smit *smit, const char *id,
		       const struct smit_kvs *in, int fastpath,
		       struct smit_screen **out)
{
	enum { D_OPT, D_HNS, D_NAME, D_EXEC, D_ASK, D_GHOST, D_DISC, D_DISCP,
	       D_HELP, D_N };
	static const char *const descs[] = {
		"option_id", "has_name_select", "name", "cmd_to_exec", "ask",
		"ghost", "cmd_to_discover", "cmd_to_discover_postfix",
		"help_msg_id",
	};
	struct smit_screen *s = NULL;
	struct rows r;
	char **row;
	int rc;

	rc = begin_screen(smit, "sm_cmd_hdr", id, SMIT_DIALOG, descs, D_N,
			  D_HNS, D_NAME, D_HELP, in, fastpath, &r, &s);
	if (rc < 0)
		return rc;
	row = r.row[0];
	s->cmd_to_exec = take(row, D_EXEC);
	s->ask = row[D_ASK][0] == 'y';
	s->ghost = row[D_GHOST][0] == 'y';
	if (row[D_DISC][0]) {
		char *cmd = with_postfix(s, row[D_DISC], row[D_DISCP]);
		char *text = NULL;
		const char *why;

		if (!cmd)
			rc = smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
		else
			rc = run_query(smit, "discover", cmd, &text);
		if (rc == 0) {
			rc = smit_parse_discover(text, &s->vals, &why);
			if (rc == -SMIT_E_DATA)
				smit_seterr(smit, SMIT_E_DATA,
					    "cannot use the output of '%s': %s",
					    cmd, why);
			else if (rc < 0)
				smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
		}
		free(text);
		free(cmd);
	}
	return end_screen(s, &r, rc, row[D_OPT], 0, out);
}

/*
 * Open @id as @kind (0: a dialog, else a selector).  NOTFOUND is returned
 * without a message so that callers can try the next kind.
 */
static int open_kind(struct smit *smit, const char *id, int kind,
		     const struct smit_kvs *in, int fastpath,
		     struct smit_screen **out)
{
	int rc;

	switch (kind) {
	case SMIT_MENU:
		return open_menu(smit, id, out);
	case SMIT_SELECTOR:
		return open_selector(smit, id, in, fastpath, out);
	case SMIT_DIALOG:
		return open_dialog(smit, id, in, fastpath, out);
	default:
		rc = open_dialog(smit, id, in, fastpath, out);
		if (rc == -SMIT_E_NOTFOUND)
			rc = open_selector(smit, id, in, fastpath, out);
		return rc;
	}
}

static const char *kind_name(int kind)
{
	switch (kind) {
	case SMIT_MENU:
		return "menu";
	case SMIT_SELECTOR:
		return "selector";
	case SMIT_DIALOG:
		return "dialog";
	default:
		return "screen";
	}
}

VIPA_EXPORT int smit_open(struct smit *smit, const char *fastpath,
			  struct smit_screen **out)
{
	static const char *const descs[] = { "next_id", "next_type" };
	const struct odm_match m[] = {
		{ "id", "=", fastpath && *fastpath ? fastpath : SMIT_TOP_MENU },
		{ "alias", "=", "y" }, ODM_MATCH_END
	};
	struct rows r;
	int rc;

	*out = NULL;
	clear_err(smit);
	if (!fastpath || !*fastpath)
		fastpath = SMIT_TOP_MENU;
	if (!valid_id(fastpath))
		return smit_seterr(smit, SMIT_E_NOTFOUND, "no fast path named '%s'",
				   fastpath);
	rc = load(smit, "sm_menu_opt", m, descs, 2, &r);
	if (rc < 0)
		return rc;
	if (r.n > 0) {
		char *next = take(r.row[0], 0);
		int type = first_char(r.row[0][1], 0);

		rows_free(&r);
		if (!next)
			return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
		if (!valid_id(next))
			rc = -SMIT_E_NOTFOUND;
		else
			rc = open_kind(smit, next, type, NULL, 0, out);
		if (rc == -SMIT_E_NOTFOUND)
			rc = smit_seterr(smit, SMIT_E_DATA,
					 "fast path '%s' points to a missing %s '%s'",
					 fastpath, kind_name(type), next);
		free(next);
		return rc;
	}
	rows_free(&r);
	rc = open_menu(smit, fastpath, out);
	if (rc == -SMIT_E_NOTFOUND)
		rc = open_selector(smit, fastpath, NULL, 1, out);
	if (rc == -SMIT_E_NOTFOUND)
		rc = open_dialog(smit, fastpath, NULL, 1, out);
	if (rc == -SMIT_E_NOTFOUND)
		rc = smit_seterr(smit, SMIT_E_NOTFOUND, "no fast path named '%s'",
				 fastpath);
	return rc;
}

VIPA_EXPORT int smit_open_kind(struct smit *smit, const char *id,
			       enum smit_kind kind, struct smit_screen **out)
{
	int rc;

	*out = NULL;
	clear_err(smit);
	if (kind != SMIT_MENU && kind != SMIT_SELECTOR && kind != SMIT_DIALOG)
		return smit_seterr(smit, SMIT_E_ARG, "bad screen kind");
	if (!valid_id(id))
		rc = -SMIT_E_NOTFOUND;
	else
		rc = open_kind(smit, id, kind, NULL, 1, out);
	if (rc == -SMIT_E_NOTFOUND)
		rc = smit_seterr(smit, SMIT_E_NOTFOUND, "no %s named '%s'",
				 kind_name(kind), id ? id : "");
	return rc;
}

VIPA_EXPORT enum smit_kind smit_screen_kind(const struct smit_screen *s)
{
	return s->kind;
}

VIPA_EXPORT const char *smit_screen_id(const struct smit_screen *s)
{
	return s->id;
}

VIPA_EXPORT const char *smit_screen_title(const struct smit_screen *s)
{
	return s->title ? s->title : "";
}

VIPA_EXPORT const char *smit_screen_help(const struct smit_screen *s)
{
	return s->help;
}

VIPA_EXPORT int smit_screen_ask(const struct smit_screen *s)
{
	return s->kind == SMIT_DIALOG && s->ask;
}

VIPA_EXPORT int smit_screen_ghost(const struct smit_screen *s)
{
	return s->kind == SMIT_DIALOG && s->ghost;
}

/* ---- menus -------------------------------------------------------------- */

static const struct smit_item *item(const struct smit_screen *m, int i)
{
	if (!m || m->kind != SMIT_MENU || i < 0 || i >= m->nitems)
		return NULL;
	return &m->items[i];
}

VIPA_EXPORT int smit_menu_count(const struct smit_screen *m)
{
	return m->kind == SMIT_MENU ? m->nitems : 0;
}

VIPA_EXPORT const char *smit_menu_text(const struct smit_screen *m, int i)
{
	const struct smit_item *it = item(m, i);

	return it ? it->text : NULL;
}

VIPA_EXPORT const char *smit_menu_help(const struct smit_screen *m, int i)
{
	const struct smit_item *it = item(m, i);

	return it ? it->help : NULL;
}

VIPA_EXPORT const char *smit_menu_next_id(const struct smit_screen *m, int i)
{
	const struct smit_item *it = item(m, i);

	return it ? it->next_id : NULL;
}

VIPA_EXPORT enum smit_kind smit_menu_next_type(const struct smit_screen *m,
					       int i)
{
	const struct smit_item *it = item(m, i);

	return it ? (enum smit_kind)it->next_type : SMIT_MENU;
}

VIPA_EXPORT int smit_menu_select(struct smit_screen *m, int i,
				 struct smit_screen **next)
{
	const struct smit_item *it = item(m, i);
	int rc;

	*next = NULL;
	if (!it)
		return smit_seterr(m->smit, SMIT_E_ARG, "no menu item %d", i);
	clear_err(m->smit);
	if (!valid_id(it->next_id))
		rc = -SMIT_E_NOTFOUND;
	else
		rc = open_kind(m->smit, it->next_id, it->next_type, NULL, 0, next);
	if (rc == -SMIT_E_NOTFOUND)
		rc = smit_seterr(m->smit, SMIT_E_DATA,
				 "menu item '%s' points to a missing %s '%s'",
				 it->text, kind_name(it->next_type), it->next_id);
	return rc;
}

/* ---- fields ------------------------------------------------------------- */

static struct smit_field *fld(const struct smit_screen *s, int i)
{
	if (!s || i < 0 || i >= s->nfields)
		return NULL;
	return &s->fields[i];
}

VIPA_EXPORT int smit_field_count(const struct smit_screen *s)
{
	return s->nfields;
}

VIPA_EXPORT const char *smit_field_label(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);

	return f ? f->label : NULL;
}

VIPA_EXPORT const char *smit_field_value(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);

	return f ? f->value : NULL;
}

VIPA_EXPORT const char *smit_field_initial(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);

	return f ? f->initial : NULL;
}

static int field_changed(const struct smit_field *f)
{
	if (f->op_type == 'r')
		return f->ring_idx != f->ring_init;
	return strcmp(f->value, f->initial) != 0;
}

static int field_has_list(const struct smit_field *f)
{
	return f->op_type == 'r' || f->list_cmd[0] != '\0';
}

VIPA_EXPORT unsigned smit_field_flags(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);
	unsigned fl = 0;

	if (!f)
		return 0;
	if (f->required == 'y' || f->required == '+')
		fl |= SMIT_FF_REQUIRED;
	if (f->entry_type != 'n' && f->op_type != 'r')
		fl |= SMIT_FF_EDITABLE;
	if (f->op_type == 'r')
		fl |= SMIT_FF_RING;
	if (field_has_list(f)) {
		fl |= SMIT_FF_LIST;
		if (f->multi && f->op_type != 'r')
			fl |= SMIT_FF_MULTI;
	}
	if (f->entry_type == '#')
		fl |= SMIT_FF_NUMERIC;
	if (f->entry_type == 'x')
		fl |= SMIT_FF_HEX;
	if (f->entry_type == 'f')
		fl |= SMIT_FF_FILE;
	if (field_changed(f))
		fl |= SMIT_FF_CHANGED;
	return fl;
}

VIPA_EXPORT int smit_field_marker(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);

	if (!f)
		return ' ';
	if (field_has_list(f))
		return '+';
	switch (f->entry_type) {
	case '#':
		return '#';
	case 'f':
		return '/';
	case 'x':
		return 'X';
	default:
		return ' ';
	}
}

VIPA_EXPORT int smit_field_size(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);

	return f && f->entry_size > 0 ? (int)f->entry_size : 0;
}

VIPA_EXPORT const char *smit_field_help(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);

	return f ? f->help : NULL;
}

static int bad_field(const struct smit_screen *s, int i)
{
	return smit_seterr(s->smit, SMIT_E_ARG, "no entry field %d in '%s'",
			   i, s->id);
}

static int ring_set(struct smit_screen *s, struct smit_field *f, int k)
{
	if (set_str(&f->value, k >= 0 ? f->disp[k] : "") < 0)
		return smit_seterr(s->smit, SMIT_E_NOMEM, "out of memory");
	f->ring_idx = k;
	return 0;
}

static int check_value(struct smit_screen *s, const struct smit_field *f,
		       const char *v)
{
	const char *p = v;

	if (f->entry_size > 0 && strlen(v) > (size_t)f->entry_size)
		return smit_seterr(s->smit, SMIT_E_INVAL,
				   "value '%s' of '%s' is longer than %ld characters",
				   v, f->label, f->entry_size);
	if (!*v)
		return 0;
	if (f->entry_type == '#') {
		if (*p == '-' || *p == '+')
			p++;
		if (!*p || strspn(p, "0123456789") != strlen(p))
			return smit_seterr(s->smit, SMIT_E_INVAL,
					   "value '%s' of '%s' is not a number",
					   v, f->label);
	} else if (f->entry_type == 'x') {
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		if (!*p || strspn(p, "0123456789abcdefABCDEF") != strlen(p))
			return smit_seterr(s->smit, SMIT_E_INVAL,
					   "value '%s' of '%s' is not a hexadecimal number",
					   v, f->label);
	}
	return 0;
}

VIPA_EXPORT int smit_field_set(struct smit_screen *s, int i, const char *value)
{
	struct smit_field *f = fld(s, i);
	int rc, k;

	if (!f)
		return bad_field(s, i);
	if (!value)
		value = "";
	if (f->op_type == 'r') {
		if (!*value)
			return ring_set(s, f, -1);
		for (k = 0; k < f->nring; k++)
			if (strcmp(f->disp[k], value) == 0)
				return ring_set(s, f, k);
		for (k = 0; k < f->nring; k++)
			if (strcmp(f->sent[k], value) == 0)
				return ring_set(s, f, k);
		return smit_seterr(s->smit, SMIT_E_INVAL,
				   "value '%s' of '%s' is not one of its choices",
				   value, f->label);
	}
	if (f->entry_type == 'n')
		return smit_seterr(s->smit, SMIT_E_INVAL,
				   "'%s' cannot be typed in", f->label);
	rc = check_value(s, f, value);
	if (rc < 0)
		return rc;
	if (set_str(&f->value, value) < 0)
		return smit_seterr(s->smit, SMIT_E_NOMEM, "out of memory");
	return 0;
}

VIPA_EXPORT int smit_field_reset(struct smit_screen *s, int i)
{
	struct smit_field *f = fld(s, i);

	if (!f)
		return bad_field(s, i);
	if (f->op_type == 'r')
		return ring_set(s, f, f->ring_init);
	if (set_str(&f->value, f->initial) < 0)
		return smit_seterr(s->smit, SMIT_E_NOMEM, "out of memory");
	return 0;
}

VIPA_EXPORT int smit_field_ring_count(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);

	return f && f->op_type == 'r' ? f->nring : 0;
}

VIPA_EXPORT const char *smit_field_ring_value(const struct smit_screen *s,
					      int i, int k)
{
	const struct smit_field *f = fld(s, i);

	if (!f || f->op_type != 'r' || k < 0 || k >= f->nring)
		return NULL;
	return f->disp[k];
}

VIPA_EXPORT int smit_field_ring_index(const struct smit_screen *s, int i)
{
	const struct smit_field *f = fld(s, i);

	return f && f->op_type == 'r' ? f->ring_idx : -1;
}

VIPA_EXPORT int smit_field_ring_step(struct smit_screen *s, int i, int dir)
{
	struct smit_field *f = fld(s, i);
	int k;

	if (!f)
		return bad_field(s, i);
	if (f->op_type != 'r')
		return smit_seterr(s->smit, SMIT_E_NOLIST, "'%s' is not a ring",
				   f->label);
	if (f->ring_idx < 0)
		k = dir >= 0 ? 0 : f->nring - 1;
	else
		k = (f->ring_idx + (dir >= 0 ? 1 : f->nring - 1)) % f->nring;
	return ring_set(s, f, k);
}

/* ---- lists -------------------------------------------------------------- */

static int list_add(struct smit_list *l, const char *item, size_t ilen,
		    const char *value, size_t vlen)
{
	if (l->n + 1 >= l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		char **a = realloc(l->item, (size_t)cap * sizeof(*a));

		if (!a)
			return -SMIT_E_NOMEM;
		l->item = a;
		a = realloc(l->value, (size_t)cap * sizeof(*a));
		if (!a)
			return -SMIT_E_NOMEM;
		l->value = a;
		l->cap = cap;
	}
	l->item[l->n] = strndup(item, ilen);
	l->value[l->n] = strndup(value, vlen);
	if (!l->item[l->n] || !l->value[l->n]) {
		free(l->item[l->n]);
		free(l->value[l->n]);
		return -SMIT_E_NOMEM;
	}
	l->n++;
	return 0;
}

VIPA_EXPORT void smit_list_free(struct smit_list *l)
{
	int k;

	if (!l)
		return;
	for (k = 0; k < l->n; k++) {
		free(l->item[k]);
		free(l->value[k]);
	}
	free(l->item);
	free(l->value);
	free(l);
}

/* The value of a list line per cmd_to_list_mode: whole, 1st or 2nd word. */
static void line_value(const char *line, size_t len, int mode,
		       const char **v, size_t *vlen)
{
	const char *p = line, *end = line + len, *q;
	int word = mode == '1' ? 1 : mode == '2' ? 2 : 0;

	if (!word) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		*v = p;
		*vlen = (size_t)(end - p);
		return;
	}
	for (;;) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		for (q = p; q < end && !isspace((unsigned char)*q); q++)
			;
		if (--word == 0 || q == end) {
			if (word != 0)
				p = q;
			*v = p;
			*vlen = (size_t)(q - p);
			return;
		}
		p = q;
	}
}

VIPA_EXPORT int smit_field_list(struct smit_screen *s, int i,
				struct smit_list **out)
{
	struct smit_field *f = fld(s, i);
	struct smit_list *l;
	char *cmd = NULL, *text = NULL;
	const char *p;
	int rc = 0, k;

	*out = NULL;
	clear_err(s->smit);
	if (!f)
		return bad_field(s, i);
	if (!field_has_list(f))
		return smit_seterr(s->smit, SMIT_E_NOLIST, "'%s' has no list",
				   f->label);
	l = calloc(1, sizeof(*l));
	if (!l)
		return smit_seterr(s->smit, SMIT_E_NOMEM, "out of memory");
	if (f->op_type == 'r') {
		for (k = 0; k < f->nring && rc == 0; k++)
			rc = list_add(l, f->disp[k], strlen(f->disp[k]),
				      f->disp[k], strlen(f->disp[k]));
		goto done;
	}
	l->multi = f->multi;
	cmd = with_postfix(s, f->list_cmd, f->list_postfix);
	if (!cmd) {
		rc = -SMIT_E_NOMEM;
		goto done;
	}
	rc = run_query(s->smit, "list", cmd, &text);
	if (rc < 0)
		goto fail;
	for (p = text; *p && rc == 0;) {
		size_t len = strcspn(p, "\n");
		size_t tlen = len;
		const char *v;
		size_t vlen;

		while (tlen > 0 && isspace((unsigned char)p[tlen - 1]))
			tlen--;
		if (tlen > 0 && p[0] != '#') {
			line_value(p, tlen, f->list_mode, &v, &vlen);
			rc = list_add(l, p, tlen, v, vlen);
		}
		p += len;
		if (*p == '\n')
			p++;
	}
done:
	if (rc == -SMIT_E_NOMEM)
		rc = smit_seterr(s->smit, SMIT_E_NOMEM, "out of memory");
fail:
	free(cmd);
	free(text);
	if (rc < 0) {
		smit_list_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

VIPA_EXPORT int smit_list_multi(const struct smit_list *l)
{
	return l->multi;
}

VIPA_EXPORT int smit_list_count(const struct smit_list *l)
{
	return l->n;
}

VIPA_EXPORT const char *smit_list_item(const struct smit_list *l, int k)
{
	return k >= 0 && k < l->n ? l->item[k] : NULL;
}

VIPA_EXPORT const char *smit_list_value(const struct smit_list *l, int k)
{
	return k >= 0 && k < l->n ? l->value[k] : NULL;
}

VIPA_EXPORT int smit_field_choose(struct smit_screen *s, int i,
				  const struct smit_list *l, const int *idx,
				  int n)
{
	struct smit_field *f = fld(s, i);
	struct vipa_buf sb = { 0 };
	char *v;
	int k;

	if (!f)
		return bad_field(s, i);
	if (n < 1 || (n > 1 && !l->multi))
		return smit_seterr(s->smit, SMIT_E_ARG,
				   "choose one item for '%s'", f->label);
	for (k = 0; k < n; k++)
		if (idx[k] < 0 || idx[k] >= l->n)
			return smit_seterr(s->smit, SMIT_E_ARG,
					   "no list item %d", idx[k]);
	if (f->op_type == 'r')
		return smit_field_set(s, i, l->value[idx[0]]);
	for (k = 0; k < n; k++) {
		if (k)
			vipa_buf_add(&sb, ",", 1);
		vipa_buf_adds(&sb, l->value[idx[k]]);
	}
	v = vipa_buf_take(&sb);
	if (!v)
		return smit_seterr(s->smit, SMIT_E_NOMEM, "out of memory");
	free(f->value);
	f->value = v;
	return 0;
}

/* ---- selectors ---------------------------------------------------------- */

static int is_blank(const char *v)
{
	for (; *v; v++)
		if (!isspace((unsigned char)*v))
			return 0;
	return 1;
}

VIPA_EXPORT int smit_selector_done(struct smit_screen *s,
				   struct smit_screen **next)
{
	struct smit *smit = s->smit;
	struct smit_kvs pass = { 0 };
	char *raw = NULL, *cooked = NULL, *nid = NULL;
	int rc;

	*next = NULL;
	clear_err(smit);
	if (s->kind != SMIT_SELECTOR || s->nfields < 1)
		return smit_seterr(smit, SMIT_E_ARG, "'%s' is not a selector", s->id);
	if (is_blank(field_sent(&s->fields[0])))
		return smit_seterr(smit, SMIT_E_REQUIRED, "'%s' is required",
				   s->fields[0].label);
	raw = strdup(field_sent(&s->fields[0]));
	if (!raw)
		goto oom;
	if (smit_kvs_copy(&pass, &s->vals) < 0 ||
	    smit_kvs_set(&pass, "_rawname", raw) < 0)
		goto oom;
	if (s->classify[0]) {
		char *cmd, *text = NULL;
		struct smit_screen tmp = *s;

		/* the classify postfix may name _rawname */
		tmp.vals = pass;
		cmd = with_postfix(&tmp, s->classify, s->classify_postfix);
		if (!cmd)
			goto oom;
		rc = run_query(smit, "classify", cmd, &text);
		free(cmd);
		if (rc < 0)
			goto fail;
		if (text[0] == '#') {
			struct smit_kvs found = { 0 };
			const char *why, *v = NULL;

			rc = smit_parse_discover(text, &found, &why);
			if (rc == 0) {
				if (s->cooked_field_name[0])
					v = smit_kvs_get(&found, s->cooked_field_name);
				if (!v && found.n > 0)
					v = found.v[0].value;
				cooked = strdup(v ? v : "");
				if (!cooked || smit_kvs_copy(&pass, &found) < 0)
					rc = -SMIT_E_NOMEM;
			} else if (rc == -SMIT_E_DATA) {
				smit_seterr(smit, SMIT_E_DATA,
					    "cannot use the classify output for '%s': %s",
					    raw, why);
			}
			smit_kvs_free(&found);
		} else {
			cooked = strndup(text, strcspn(text, "\n"));
			if (!cooked)
				rc = -SMIT_E_NOMEM;
		}
		free(text);
		if (rc == -SMIT_E_NOMEM)
			goto oom;
		if (rc < 0)
			goto fail;
	} else {
		cooked = strdup(raw);
		if (!cooked)
			goto oom;
	}
	if (s->classify[0] && is_blank(cooked)) {
		/* the classify command knows no such name: in the words every
		 * command uses (AIX's) */
		rc = smit_seterr(smit, SMIT_E_NODEV,
				 "device '%s' was not found in the customized device configuration database",
				 raw);
		goto fail;
	}
	if (smit_kvs_set(&pass, "_cookedname", cooked) < 0)
		goto oom;
	if (s->raw_field_name[0] && smit_kvs_set(&pass, s->raw_field_name, raw) < 0)
		goto oom;
	if (s->cooked_field_name[0] &&
	    smit_kvs_set(&pass, s->cooked_field_name, cooked) < 0)
		goto oom;
	if (s->fields[0].disc[0] && s->fields[0].disc[0] != '_' &&
	    smit_kvs_set(&pass, s->fields[0].disc, raw) < 0)
		goto oom;
	if (asprintf(&nid, "%s%s", s->next_id,
		     s->sel_type == 'r' ? raw :
		     s->sel_type == 'c' ? cooked : "") < 0) {
		nid = NULL;
		goto oom;
	}
	if (!valid_id(nid))
		rc = -SMIT_E_NOTFOUND;
	else
		rc = open_kind(smit, nid, s->next_type, &pass, 0, next);
	if (rc == -SMIT_E_NOTFOUND)
		rc = smit_seterr(smit, SMIT_E_NOTFOUND,
				 "'%s' cannot be changed here: no %s '%s'",
				 raw, kind_name(s->next_type), nid);
	goto fail;
oom:
	rc = smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
fail:
	smit_kvs_free(&pass);
	free(raw);
	free(cooked);
	free(nid);
	return rc;
}

/* ---- dialog commands ---------------------------------------------------- */

static int field_sent_now(const struct smit_field *f)
{
	switch (f->required) {
	case 'y':
	case '+':
		return 1;
	case '?':
		return field_sent(f)[0] != '\0';
	default:
		return field_changed(f);
	}
}

VIPA_EXPORT int smit_dialog_command(struct smit_screen *s, const char **cmd,
				    int *bad)
{
	struct vipa_buf sb = { 0 };
	int pass, i;

	*cmd = NULL;
	if (bad)
		*bad = -1;
	if (s->kind != SMIT_DIALOG)
		return smit_seterr(s->smit, SMIT_E_ARG, "'%s' is not a dialog", s->id);
	for (i = 0; i < s->nfields; i++) {
		const struct smit_field *f = &s->fields[i];

		if (f->required == '+' && is_blank(field_sent(f))) {
			if (bad)
				*bad = i;
			return smit_seterr(s->smit, SMIT_E_REQUIRED,
					   "'%s' is required", f->label);
		}
	}
	vipa_buf_adds(&sb, s->cmd_to_exec);
	/* pass 1: flags right after the command; pass 2: positional ("--") */
	for (pass = 1; pass <= 2; pass++) {
		for (i = 0; i < s->nfields; i++) {
			const struct smit_field *f = &s->fields[i];
			int positional = strcmp(f->prefix, "--") == 0;

			if (positional != (pass == 2) || !field_sent_now(f))
				continue;
			vipa_buf_add(&sb, " ", 1);
			if (!positional)
				vipa_buf_adds(&sb, f->prefix);
			smit_quote_into(&sb, field_sent(f));
		}
	}
	free(s->cmd);
	s->cmd = vipa_buf_take(&sb);
	if (!s->cmd)
		return smit_seterr(s->smit, SMIT_E_NOMEM, "out of memory");
	*cmd = s->cmd;
	return 0;
}

VIPA_EXPORT int smit_run(struct smit_screen *s, struct smit_result **out,
			 int *bad)
{
	const char *cmd;
	int rc;

	*out = NULL;
	rc = smit_dialog_command(s, &cmd, bad);
	if (rc < 0)
		return rc;
	return smit_run_command(s->smit, cmd, out);
}
