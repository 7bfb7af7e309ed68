/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm.h - the object store: AIX ODM object classes kept in sqlite.
 *
 * This is the public interface of the object store used by the ODM
 * commands, the device layer and the SMIT menu engine.  The library never
 * prints and never exits; errors are reported as vipa-error.h says
 * (ODM_E_* codes, the message from odm_errmsg()).
 *
 * Repository layout (ODMDIR):
 *   ODMDIR/cu.db   customized classes (CuDv, CuAt, CuDep and every class a
 *                  user creates with odmcreate).  Never rewritten by us.
 *   ODMDIR/pd.db   predefined classes (PdDv, PdAt, PdCat, PdCn), built from
 *                  the installed text in DATADIR/odm and DATADIR/menus,
 *                  and rebuilt when that text changes.  A symbolic link
 *                  to the current generation pd.<G>.db.  Objects written
 *                  into predefined classes are lost when it is rebuilt.
 *   ODMDIR/sm.<G>.db  the SMIT classes (those of DATADIR/odm/sm.cre), built
 *                  with pd.<G>.db and current with it; attached only when
 *                  a class is in neither cu.db nor pd.db, so that the
 *                  commands that never read a menu never open it.
 *   ODMDIR/.lock   writers and rebuilds queue on an flock(2) of it; one
 *                  that has to wait holds a read lock (fcntl, open file
 *                  description) on its first byte meanwhile, for a
 *                  holder that takes the lock again and again to see.
 * See odm-repo.c for why the split is made this way.
 *
 * Stable: every function declared here is part of ABI LIBVIPA_0 (the
 * version script lib/libvipa.sym).  From the first release on, functions
 * are only added (in a new version node), structures passed by pointer
 * only stay opaque, and enum values and flags keep their numbers.
 */
#ifndef VIPA_ODM_H
#define VIPA_ODM_H

#include <stddef.h>
#include <stdint.h>

#include "vipa-error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes (negative in returns): those of vipa-error.h, which says
 * how every function of the library reports errors. */
enum {
	ODM_OK = VIPA_OK,
	ODM_E_NOMEM = VIPA_E_NOMEM,             /* out of memory */
	ODM_E_IO = VIPA_E_IO,                   /* file system error (open, read, mkdir ...) */
	ODM_E_DB = VIPA_E_DB,                   /* sqlite reported an error */
	ODM_E_BUSY = VIPA_E_BUSY,               /* lock not obtained within the busy timeout */
	ODM_E_PERM = VIPA_E_ACCESS,             /* no permission to write the repository */
	ODM_E_NOCLASS = VIPA_E_NOCLASS,         /* object class does not exist */
	ODM_E_CLASSEXISTS = VIPA_E_CLASSEXISTS, /* object class already exists */
	ODM_E_CLASSDEF = VIPA_E_CLASSDEF,       /* class definition (odmcreate syntax) is bad */
	ODM_E_CRIT = VIPA_E_CRIT,               /* search criteria are incorrectly formed */
	ODM_E_STANZA = VIPA_E_STANZA,           /* stanza input is malformed */
	ODM_E_DESC = VIPA_E_DESC,               /* unknown descriptor for this class */
	ODM_E_VALUE = VIPA_E_VALUE,             /* value does not fit its descriptor */
	ODM_E_TXN = VIPA_E_TXN,                 /* transaction misuse (commit without begin ...) */
	ODM_E_INVAL = VIPA_E_ARG,               /* bad argument */
	ODM_E_MAX = VIPA_E_MAX
};

/* Descriptor types, as in odmcreate. */
enum odm_type {
	ODM_CHAR,     /* char name[N]     : string of at most N-1 bytes */
	ODM_VCHAR,    /* vchar name[N]    : string of at most N-1 bytes */
	ODM_LONGCHAR, /* longchar name[N] : string of at most N-1 bytes */
	ODM_SHORT,    /* short name       : -32768..32767 */
	ODM_LONG,     /* long name        : 32-bit signed */
	ODM_ULONG,    /* ulong name       : 32-bit unsigned */
	ODM_LONG64,   /* long64 name      : 64-bit signed */
	ODM_DOUBLE,   /* double name */
	ODM_LINK,     /* link Class Class Descriptor name[N] : string */
	ODM_METHOD,   /* method name[N]   : string (a command) */
};

/* Open flags. */
#define ODM_RDONLY 0x1   /* never write; fail with ODM_E_PERM on writes */

struct odm;          /* one open repository */
struct odm_class;    /* a class definition, owned by the handle */
struct odm_crit;     /* compiled search criteria */
struct odm_obj;      /* one object: values by descriptor index */
struct odm_buf;      /* growable output buffer */

/* ---- handle ---------------------------------------------------------- */

/*
 * Open the repository in directory @odmdir (NULL or "": $ODMDIR, else the
 * configure-time default).  The directory is created if missing (unless
 * ODM_RDONLY); the customized and predefined databases are created on first
 * use, and the predefined one is (re)built from the data directory
 * ($VIPA_DATADIR, else the configure-time pkgdatadir) when the data files
 * (names, sizes, mtimes) differ from what pd.db was built from.  Classes
 * of DATADIR/odm/cu.cre missing from cu.db are created; existing ones are
 * not touched.  Without data files there are no predefined classes.
 * When the directory or cu.db is not writable (or with ODM_RDONLY) the
 * repository is opened read-only: reading works (with pd.db as it is),
 * every write fails with ODM_E_PERM.
 * On failure *out is still set when a handle could be made, so that the
 * caller can read odm_errmsg(); it must then be freed with odm_close().
 * Returns 0 or -ODM_E*: ODM_E_IO (directory, data files), ODM_E_DB,
 * ODM_E_BUSY, or the error of a bad data file ("file:line: reason").
 */
int odm_open(struct odm **out, const char *odmdir, unsigned flags);
void odm_close(struct odm *odm);

/* The message of the last failure on @odm ("" if none). */
const char *odm_errmsg(const struct odm *odm);
/* vipa_strerror, under this module's name. */
const char *odm_strerror(int code);
/* The directory actually opened. */
const char *odm_dir(const struct odm *odm);

/*
 * 1 when the customized database (cu.db) was lost: it was made new (absent
 * or a zero-length file when first opened, and no caller has committed a
 * change to it since) while the repository holds the last good copy of an
 * earlier one (see odm_save_good).  Such a repository must not be taken
 * for one whose objects were all deleted.
 */
int odm_cu_lost(const struct odm *odm);

/*
 * Keep the last good copy of cu.db: when it passes sqlite's quick_check,
 * copy it (sqlite's online backup) to ODMDIR/cu.db.good, replaced
 * atomically.  To restore, with no command running, copy cu.db.good over
 * cu.db.  Returns 0 or -ODM_E*: ODM_E_PERM (read-only), ODM_E_DB (cu.db
 * is damaged: the copy is kept as it was), ODM_E_IO.
 */
int odm_save_good(struct odm *odm);

/* ---- transactions ---------------------------------------------------- */

/*
 * Begin a write transaction (BEGIN IMMEDIATE: other writers wait, up to
 * the busy timeout, and readers keep reading the last committed state).
 * Transactions nest: only the outermost commit writes; a rollback at any
 * depth makes the whole transaction roll back at the outermost level (the
 * outermost odm_commit then rolls back and returns -ODM_E_TXN).
 * Every odm_add/change/delete/create/drop call outside a transaction runs
 * in a transaction of its own.  An operation that fails inside the
 * caller's transaction changes nothing and leaves that transaction usable.
 * Writers from other processes wait in turn (an flock queue, then the
 * sqlite busy timeout of 10 s for readers); ODM_E_BUSY means the wait
 * timed out.  odm_commit/odm_rollback without odm_begin: -ODM_E_TXN.
 */
int odm_begin(struct odm *odm);
int odm_commit(struct odm *odm);
int odm_rollback(struct odm *odm);
/* Depth of the open transaction, 0 if none. */
int odm_in_txn(const struct odm *odm);

/*
 * Read in one snapshot: every read between odm_read_begin and odm_read_end
 * sees the same committed state, and the databases are locked once for
 * all of them instead of once per query (a report made of several
 * queries runs faster).  Writers of other processes wait for
 * odm_read_end, up to their busy timeout: keep the snapshot short.  The
 * SMIT database is not opened for a snapshot: a SMIT class looked up for
 * the first time inside one ends the snapshot and begins a new one.  The
 * calls nest; inside a write transaction they do nothing.  odm_begin and
 * every write fail with ODM_E_TXN while a snapshot is open.
 */
int odm_read_begin(struct odm *odm);
int odm_read_end(struct odm *odm);

/* ---- classes --------------------------------------------------------- */

/*
 * Create every class defined in @text (odmcreate syntax, @name is used in
 * messages as "name:line").  Classes go to the customized database.
 * A class that already exists is an error (ODM_E_CLASSEXISTS) unless
 * @replace is set, in which case it is dropped and created again empty.
 */
int odm_create_classes(struct odm *odm, const char *text, size_t len,
		       const char *name, int replace);
/* Drop a class and all its objects (ODM_E_NOCLASS if there is none). */
int odm_drop_class(struct odm *odm, const char *class_name);
/* Look up a class; *out stays valid until odm_close(). */
int odm_get_class(struct odm *odm, const char *class_name,
		  const struct odm_class **out);
/* Call @fn for every class name, in name order.  Stops on non-zero. */
int odm_list_classes(struct odm *odm,
		     int (*fn)(const char *class_name, void *arg), void *arg);
/* Append the class in odmcreate syntax to @buf (what odmshow prints). */
int odm_class_show(const struct odm_class *cls, struct odm_buf *buf);

const char *odm_class_name(const struct odm_class *cls);
int odm_class_ndesc(const struct odm_class *cls);
/* Descriptor @i: name, type, size (N of [N], 0 for numbers). */
const char *odm_desc_name(const struct odm_class *cls, int i);
enum odm_type odm_desc_type(const struct odm_class *cls, int i);
int odm_desc_size(const struct odm_class *cls, int i);
/* Index of descriptor @name, or -1. */
int odm_desc_index(const struct odm_class *cls, const char *name);
/* 1 if the type is numeric (short, long, ulong, long64, double). */
int odm_type_is_numeric(enum odm_type t);

/* ---- objects --------------------------------------------------------- */

/*
 * An object holds one value (a NUL-terminated string, numbers in decimal)
 * or "unset" per descriptor.  Unset descriptors are stored as "" or 0 by
 * odm_add and left alone by odm_change.
 */
struct odm_obj *odm_obj_new(const struct odm_class *cls);
void odm_obj_free(struct odm_obj *obj);
const struct odm_class *odm_obj_class(const struct odm_obj *obj);
/*
 * Set by descriptor name; validates the value against the descriptor:
 * strings of char[N] etc. at most N-1 bytes, numbers decimal and in range
 * (ODM_E_VALUE), unknown descriptor ODM_E_DESC.  A NULL value unsets.
 * @odm may be NULL (no message is kept then).
 */
int odm_obj_set(struct odm *odm, struct odm_obj *obj, const char *desc,
		const char *value);
int odm_obj_set_i(struct odm *odm, struct odm_obj *obj, int i,
		  const char *value);
/* Value of descriptor @i or @desc, NULL if unset/unknown. */
const char *odm_obj_get_i(const struct odm_obj *obj, int i);
const char *odm_obj_get(const struct odm_obj *obj, const char *desc);
/* The hidden _id (0 before odm_add). */
int64_t odm_obj_id(const struct odm_obj *obj);
/* Mark every descriptor unset. */
void odm_obj_clear(struct odm_obj *obj);

/* Add one object.  Its _id is stored back into @obj. */
int odm_add(struct odm *odm, struct odm_obj *obj);

/*
 * Compile criteria (AIX grammar: "desc op value [and desc op value]...")
 * for class @cls.  NULL or "" matches every object.  Ops: = != like on
 * strings; = != < > <= >= on numbers (read like strtol base 0).  Values
 * are bare (up to a blank) or single-quoted; a quote inside quotes is
 * written twice ('it''s').  like is fnmatch(3) globbing (* ? [..] [!..]),
 * case-sensitive, on the whole value.  Errors (ODM_E_CRIT) name what is
 * wrong and the column where it is (1-based):
 *   criteria "name=vi0 or x=1", column 10: 'or' is not supported: ...
 * Values are bound as SQL parameters, never pasted into the SQL text.
 */
int odm_crit_compile(struct odm *odm, const struct odm_class *cls,
		     const char *criteria, struct odm_crit **out);
void odm_crit_free(struct odm_crit *crit);

/*
 * Call @fn for each object of @cls matching @crit (NULL: all), in _id
 * order.  The object passed is reused between calls; every descriptor is
 * set (numbers in decimal).  Stops and returns @fn's value when it is
 * non-zero; else returns 0 or -ODM_E*.
 */
int odm_get(struct odm *odm, const struct odm_class *cls,
	    const struct odm_crit *crit,
	    int (*fn)(const struct odm_obj *obj, void *arg), void *arg);
/* Convenience: first match copied into a new object (*out NULL if none). */
int odm_get_first(struct odm *odm, const struct odm_class *cls,
		  const char *criteria, struct odm_obj **out);
/* Convenience with text criteria; compiles, runs, frees. */
int odm_get_q(struct odm *odm, const char *class_name, const char *criteria,
	      int (*fn)(const struct odm_obj *obj, void *arg), void *arg);

/* Set the descriptors set in @changes on every matching object of
 * @changes' class (@crit NULL: all); *count gets how many matched. */
int odm_change(struct odm *odm, const struct odm_crit *crit,
	       const struct odm_obj *changes, long *count);
/* Delete every matching object (@crit NULL: all); *count: how many. */
int odm_delete(struct odm *odm, const struct odm_class *cls,
	       const struct odm_crit *crit, long *count);

/* ---- matching by bound values ---------------------------------------- */

/*
 * Criteria made by a program from values it holds (a device name, an
 * id), never written as text: each condition is a descriptor, an operator
 * and a value that is bound as an SQL parameter as it is.  The value is
 * never parsed, so any bytes are themselves (quotes, blanks, %, *,
 * newlines, a leading "--").  Keep odm_crit_compile for what users type.
 *
 * A list of conditions ends with an entry whose desc is NULL; conditions
 * are joined with AND; an empty list (or a NULL one) matches every
 * object.  op is "=" or "!=" (NULL means "="); numeric descriptors also
 * take "<" ">" "<=" ">=", and their value must be a number (read like
 * strtol base 0, doubles like strtod).  Errors: an unknown descriptor
 * (ODM_E_DESC), an operator the descriptor does not take or a value that
 * is not a number (ODM_E_CRIT), a NULL value (ODM_E_INVAL).
 *
 *   struct odm_match m[] = { { "name", "=", name }, ODM_MATCH_END };
 *   odm_delete_match(odm, "CuAt", m, &count);
 */
struct odm_match {
	const char *desc;
	const char *op;
	const char *value;
};
/* The entry that ends a list. */
#define ODM_MATCH_END { NULL, NULL, NULL }

/* Compile @m for class @cls into criteria usable with odm_get,
 * odm_change and odm_delete (free with odm_crit_free). */
int odm_match_compile(struct odm *odm, const struct odm_class *cls,
		      const struct odm_match *m, struct odm_crit **out);
/* odm_get on the objects of class @class_name matching @m. */
int odm_get_match(struct odm *odm, const char *class_name,
		  const struct odm_match *m,
		  int (*fn)(const struct odm_obj *obj, void *arg), void *arg);
/* The first match (in _id order) copied into a new object; *out NULL if
 * none. */
int odm_get_first_match(struct odm *odm, const char *class_name,
			const struct odm_match *m, struct odm_obj **out);
/* odm_change of the objects of @changes' class matching @m. */
int odm_change_match(struct odm *odm, const struct odm_match *m,
		     const struct odm_obj *changes, long *count);
/* odm_delete of the objects of class @class_name matching @m. */
int odm_delete_match(struct odm *odm, const char *class_name,
		     const struct odm_match *m, long *count);

/* ---- stanzas --------------------------------------------------------- */

/*
 * Append @obj as a stanza ("Class:\n\tdesc = value\n...\n\n").  Only set
 * descriptors are written.  Strings are double-quoted with \" \\ \n \t
 * and \ooo (octal) escapes for other control bytes; numbers are bare.
 */
int odm_stanza_write(struct odm_buf *buf, const struct odm_obj *obj);

/*
 * Append @obj as one JSON object, {"descriptor":value,...}, the set
 * descriptors in class order: numeric ones as JSON numbers (a value that is
 * not one, which the store never holds, as a string), the others as
 * strings (control bytes escaped, bytes that are not UTF-8 as U+FFFD).
 * Returns 0, -ODM_E_INVAL or -ODM_E_NOMEM.
 */
int odm_json_write(struct odm_buf *buf, const struct odm_obj *obj);

/* One parsed stanza, as text: class name and (descriptor, value) pairs. */
struct odm_stanza {
	const char *class_name;
	int line;              /* line of "Class:" */
	int npairs;
	const char *const *names;
	const char *const *values;  /* unescaped; quoted or not */
	const int *lines;           /* line of each pair */
	const unsigned char *quoted; /* 1 if the value was quoted */
};

/*
 * Parse stanza text, calling @fn for each stanza.  @name is used in error
 * messages ("name:line: reason").  Errors from @fn stop the parse and are
 * returned as they are.  The parser holds no state between calls: the
 * strings passed to @fn are valid only during the call.  When @errmsg is
 * not NULL a syntax error's message is copied there (size @errlen).
 */
int odm_stanza_parse(const char *text, size_t len, const char *name,
		     int (*fn)(const struct odm_stanza *st, void *arg),
		     void *arg, char *errmsg, size_t errlen);

/*
 * Read stanzas and add them as objects, all in one transaction: any error
 * (syntax, unknown class or descriptor, a descriptor twice, a value that
 * does not fit) adds nothing, and the message is "name:line: reason".
 * Descriptors a stanza does not give are "" or 0.  *count gets the number
 * added.
 */
int odm_add_stanzas(struct odm *odm, const char *text, size_t len,
		    const char *name, long *count);

/* ---- buffers --------------------------------------------------------- */

struct odm_buf *odm_buf_new(void);
void odm_buf_free(struct odm_buf *buf);
const char *odm_buf_data(const struct odm_buf *buf); /* NUL-terminated */
size_t odm_buf_len(const struct odm_buf *buf);
void odm_buf_reset(struct odm_buf *buf);
int odm_buf_add(struct odm_buf *buf, const char *s, size_t len);
int odm_buf_printf(struct odm_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif
#endif
