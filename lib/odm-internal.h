/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm-internal.h - what the parts of the object store share: the layout
 * of the handle, classes and objects, and the functions shared by the class
 * parser, the criteria compiler, the stanza code and the sqlite store.
 * Nothing here is exported from libvipa.so.
 */
#ifndef VIPA_ODM_INTERNAL_H
#define VIPA_ODM_INTERNAL_H

#include <stdarg.h>
#include <sqlite3.h>

#include "odm.h"
#include "vipa-kit.h"
#include "vipa-private.h"

#define ODM_ERRLEN 512
/* descriptors in one class: sqlite's columns are 2,000 at most */
#define ODM_MAX_DESC 1000
#define ODM_CU_DB "cu.db"
#define ODM_CU_GOOD "cu.db.good"    /* the last good copy of cu.db */
#define ODM_NAME_MAX 64          /* longest class or descriptor name + 1 */
#define ODM_STRING_MAX (1 << 20) /* largest N of a char[N] descriptor */
/* stanza input: a value (unescaped) and a stanza's text, at most */
#define ODM_VALUE_MAX ODM_STRING_MAX
#define ODM_STANZA_MAX (16 << 20)
#define ODM_LINK_DEFAULT 48      /* link descriptor size when not given */
#define ODM_METHOD_DEFAULT 256   /* method descriptor size when not given */

/* The public buffer is the library's string buffer (vipa-kit.h). */
struct odm_buf {
	struct vipa_buf kit;
};

struct odm_desc {
	char name[ODM_NAME_MAX];
	enum odm_type type;
	int size;                         /* N of [N]; 0 for numbers */
	char link_class[ODM_NAME_MAX];    /* link: class, collection, key */
	char link_coll[ODM_NAME_MAX];
	char link_desc[ODM_NAME_MAX];
};

struct odm_class {
	char name[ODM_NAME_MAX];
	int ndesc;
	struct odm_desc *desc;
	const char *schema;          /* "main" (cu.db), "pd" (pd.db), "sm" (sm.db) */
	sqlite3_stmt *ins;           /* cached INSERT of every descriptor */
	int line;                    /* where the definition started */
	struct odm_class *next;
};

struct odm_obj {
	const struct odm_class *cls;
	int64_t id;
	char **val;                  /* NULL: unset */
	size_t *cap;                 /* allocated size of val[i] */
};

struct odm {
	sqlite3 *db;
	char *dir;
	char *datadir;               /* where the predefined data files are */
	int rdonly;                  /* 1: opened read-only */
	int rdonly_flag;             /* 1: the caller asked for read-only */
	int has_pd;                  /* pd.db is attached as "pd" */
	char *pd_later;              /* pd.db to attach when first needed */
	int pd_failed;               /* -ODM_E_* of attaching it, or 0 */
	int pd_repaired;             /* a damaged pd.db was rebuilt once */
	int cu_fresh;                /* cu.db is new: _odm_fresh is there */
	int has_sm;                  /* the SMIT database is attached as "sm" */
	char *sm_later;              /* ... its URI, to attach when first needed */
	const char *create_schema;   /* where odm_create_classes puts classes */
	int depth;                   /* transaction depth */
	int doomed;                  /* an inner rollback happened */
	int reading;                 /* depth of odm_read_begin */
	int lockfd;                  /* ODMDIR/.lock, -1 if not open */
	int use_flock;               /* writers queue on lockfd */
	int pd_build;                /* building pd.db: no indexes */
	int64_t busy_start;          /* when the current busy wait began (ms) */
	sqlite3_stmt *find;          /* class definition lookup, kept */
	int find_pd;                 /* ... made with these attached (1 pd, 2 sm) */
	struct odm_class *classes;   /* loaded classes */
	struct odm_class *dead;      /* dropped: kept until odm_close */
	char err[ODM_ERRLEN];
};

/*
 * Character classes of the stanza, class and criteria syntax: ASCII only,
 * whatever the locale (<ctype.h> takes bytes above 0x7f for letters or
 * blanks in some locales, which would change what a stanza means).
 */
static inline int odm_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int odm_isalpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline int odm_isalnum(int c) { return odm_isalpha(c) || odm_isdigit(c); }
static inline int odm_isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline int odm_isprint(int c) { return c >= 0x20 && c < 0x7f; }

/* odm-util.c */
int odm_seterr(struct odm *odm, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int odm_vseterr(struct odm *odm, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int odm_dberr(struct odm *odm, const char *what);
/* -ODM_E_DB naming cu.db as damaged and how to restore it, or 0 if sound. */
int odm_cu_damaged(struct odm *odm);
int odm_is_ident(const char *s);
int odm_parse_i64(const char *s, int base, int64_t *out);
int odm_check_value(struct odm *odm, const struct odm_class *cls, int i,
		    const char *value, int64_t *ival, double *dval);
/* A double as text, and text as a double (strtod), with '.' as the
 * decimal point whatever the locale. */
void odm_format_double(char *out, size_t len, double d);
double odm_strtod(const char *s, char **end);
int odm_buf_grow(struct odm_buf *buf, size_t more);

/* odm-class.c */
/*
 * Parse class definitions (odmcreate syntax) into a list of new classes
 * (*out, in text order).  @lookup (may be NULL) resolves the size of a
 * link descriptor's target from classes that already exist.
 */
int odm_class_parse(struct odm *odm, const char *text, size_t len,
		    const char *name,
		    const struct odm_class *(*lookup)(struct odm *, const char *),
		    struct odm_class **out);
void odm_class_free(struct odm_class *cls);
void odm_class_free_list(struct odm_class *cls);
/* The class in odmcreate syntax; @explicit writes every [N]. */
int odm_class_format(const struct odm_class *cls, struct odm_buf *buf,
		     int explicit_sizes);
int odm_obj_setn(struct odm *odm, struct odm_obj *obj, int i,
		 const char *value, size_t len);

/* odm-crit.c */
struct odm_crit {
	const struct odm_class *cls;
	char *sql;                   /* WHERE text, "1" if empty */
	int nparams;
	char **params;               /* text of each parameter */
	unsigned char *ptype;        /* 0 text, 1 integer, 2 double */
	int64_t *ival;
	double *dval;
};
int odm_crit_bind(const struct odm_crit *crit, sqlite3_stmt *st, int first);
/* The compiled form, for tests: the SQL WHERE text with ?N placeholders. */
const char *odm_crit_sql(const struct odm_crit *crit);
int odm_crit_nparams(const struct odm_crit *crit);
const char *odm_crit_param(const struct odm_crit *crit, int i);
/* The sqlite function behind "like": odm_glob(pattern, value). */
void odm_glob_func(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* odm-store.c */
const struct odm_class *odm_find_class(struct odm *odm, const char *name);
int odm_db_exec(struct odm *odm, const char *sql, const char *what);
/* Take (wait for) and release the flock(2) of ODMDIR/.lock. */
int odm_lock_repo(struct odm *odm);
void odm_unlock_repo(struct odm *odm);
/* Writers on @odm no longer queue on ODMDIR/.lock: the caller holds it
 * for them, on a descriptor of its own. */
void odm_lock_held(struct odm *odm);
/* Does another process wait for the lock of ODMDIR/.lock open on @fd? */
int odm_lock_wanted(int fd);

/* odm-repo.c */
struct odm *odm_handle_new(void);
char *odm_path_join(const char *a, const char *b);
/* Attach pd.db if it is waiting to be attached and no transaction is open. */
int odm_need_pd(struct odm *odm);
/* The same for the SMIT database. */
int odm_need_sm(struct odm *odm);
/* Attach every database waiting to be attached. */
int odm_need_all(struct odm *odm);
/* 1 if @cls is predefined (in pd.db or sm.db), not customized. */
int odm_class_predefined(const struct odm_class *cls);

#endif
