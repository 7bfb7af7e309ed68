/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smit-internal.h - what the parts of the SMIT engine share: the layout of
 * the context and of screens, and the quoting, discovery and process
 * routines (strings and lists are those of vipa-kit.h).  Nothing here is exported from libvipa.so; the unit
 * tests call them directly.
 */
#ifndef VIPA_SMIT_INTERNAL_H
#define VIPA_SMIT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "smit.h"
#include "vipa-kit.h"
#include "vipa-private.h"

#define SMIT_ERRLEN 512
#define SMIT_TOP_MENU "top_menu"

struct smit {
	struct odm *odm;
	unsigned flags;
	char *log_file;
	char *script_file;
	char *last_output;
	char **env;             /* smit_env's vector */
	smit_output_fn out_fn;
	void *out_arg;
	char err[SMIT_ERRLEN];
};

/* Name/value pairs passed from screen to screen (discovered values). */
struct smit_kv {
	char *name;
	char *value;
};

struct smit_kvs {
	struct smit_kv *v;
	int n, cap;
};

struct smit_item {
	char *text;
	char *next_id;
	char *help;
	int next_type;
};

struct smit_field {
	char *seq;
	char *disc;
	char *label;
	int op_type;      /* 'n', 'l' or 'r' */
	int entry_type;   /* '#', 'f', 'n', 'r', 't', 'x' */
	int required;     /* 'n', 'y', '+', '?' */
	long entry_size;
	char *prefix;
	int list_mode;    /* 'a', '1', '2', 'r' */
	char *list_cmd;
	char *list_postfix;
	int multi;
	char **disp;      /* ring choices shown */
	char **sent;      /* ring values sent (aix_values, else disp) */
	int nring;
	int ring_init;    /* initial index, -1 none */
	int ring_idx;     /* current index, -1 none */
	char *value;      /* shown value (for rings: disp[ring_idx] or "") */
	char *initial;
	char *help;
};

struct smit_screen {
	struct smit *smit;
	enum smit_kind kind;
	char *id;
	char *title;
	char *help;
	/* menu */
	struct smit_item *items;
	int nitems;
	/* selector */
	char *next_id;
	int sel_type;
	int next_type;
	char *classify;
	char *classify_postfix;
	char *raw_field_name;
	char *cooked_field_name;
	/* dialog */
	char *cmd_to_exec;
	int ask;
	int ghost;
	/* selector and dialog */
	struct smit_field *fields;
	int nfields;
	struct smit_kvs vals;   /* values passed in and discovered */
	char *cmd;              /* last built command */
};

struct smit_list {
	int multi;
	int n, cap;
	char **item;
	char **value;
};

struct smit_result {
	char *command;
	int ran;
	int status;
	struct vipa_buf out, err, all;
	char *warning;
};

/* smit-util.c */
int smit_seterr(struct smit *smit, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
char *smit_strdup(const char *s);
/* Append @value single-quoted for /bin/sh: ' becomes '\''. */
void smit_quote_into(struct vipa_buf *b, const char *value);
/* The same as a new string (NULL: out of memory). */
char *smit_quote(const char *value);

int smit_kvs_set(struct smit_kvs *kvs, const char *name, const char *value);
const char *smit_kvs_get(const struct smit_kvs *kvs, const char *name);
int smit_kvs_copy(struct smit_kvs *dst, const struct smit_kvs *src);
void smit_kvs_free(struct smit_kvs *kvs);

/*
 * Parse cmd_to_discover output ("#n1:n2:...\nv1:v2:..."; "#!:" is a ':'
 * inside a name or value) into @kvs.  Empty output discovers nothing.
 * Returns 0, -SMIT_E_DATA (no leading '#', or the counts differ; *why
 * gets a static reason) or -SMIT_E_NOMEM.
 */
int smit_parse_discover(const char *text, struct smit_kvs *kvs,
			const char **why);

/*
 * Split a comma-separated list; *out is NULL-terminated (vipa_strv_free
 * frees it).  Returns count or <0.
 */
int smit_split_commas(const char *s, char ***out);

/* smit-run.c */
/*
 * Run @cmd with /bin/sh -c, stdin from /dev/null, collecting stdout and
 * stderr.  *status gets the exit status (128+N for signal N).  Returns 0
 * when the command ran, or <0 when it could not be started.
 */
int smit_exec(struct smit *smit, const char *cmd, struct vipa_buf *out,
	      struct vipa_buf *err, struct vipa_buf *all, int *status,
	      int stream);
/* "[Mon DD YYYY, HH:MM:SS]" for now, in local time. */
void smit_timestamp(char *buf, size_t len);

#endif
