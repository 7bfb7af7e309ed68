/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm-store.c - the object store on sqlite: transactions, classes and
 * objects.  Opening the repository and the predefined database are in
 * odm-repo.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "odm-internal.h"


int odm_db_exec(struct odm *odm, const char *sql, const char *what)
{
	if (sqlite3_exec(odm->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return odm_dberr(odm, what);
	return 0;
}

/* ---- transactions ---------------------------------------------------- */

/*
 * Writers queue on an exclusive flock(2) of ODMDIR/.lock before BEGIN
 * IMMEDIATE.  sqlite alone lets waiting writers poll with growing sleeps,
 * and a process that commits and begins again at once nearly always wins
 * the race: under steady contention the others starve past any timeout.
 * The kernel's lock wakes the waiters as soon as it is released instead.
 */
static int open_lockfile(struct odm *odm)
{
	char *lp;

	if (odm->lockfd >= 0)
		return 0;
	if (!(lp = odm_path_join(odm->dir, ".lock")))
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	odm->lockfd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (odm->lockfd < 0) {
		int rc = odm_seterr(odm, ODM_E_IO, "cannot open '%s': %s", lp,
				    strerror(errno));
		free(lp);
		return rc;
	}
	free(lp);
	return 0;
}

/*
 * Two handles of one process on one repository: the second would wait
 * for the first forever, so the locks this process holds are listed.
 */
static struct held {
	dev_t dev;
	ino_t ino;
} held[8];
static int nheld;

/*
 * A writer that finds the lock taken says so while it waits: a read lock
 * on the first byte of the same file (an open file description lock,
 * which flock(2) ignores).  A process that holds the lock over many short
 * stretches (cfgif -w during a storm of routes) looks for it with
 * odm_lock_wanted() and lets the lock go, else it could take it back
 * before the waiter woke, again and again.  Returns 1 if set.
 */
static int byte0_lock(int fd, int cmd, short type, short *found)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_len = 1;
	if (fcntl(fd, cmd, &fl) < 0)
		return 0;
	if (found)
		*found = fl.l_type;
	return 1;
}

static int want_lock(int fd, short type)
{
	return byte0_lock(fd, F_OFD_SETLK, type, NULL);
}

int odm_lock_wanted(int fd)
{
	short type = F_UNLCK;

	return byte0_lock(fd, F_OFD_GETLK, F_WRLCK, &type) && type != F_UNLCK;
}

int odm_lock_repo(struct odm *odm)
{
	struct stat st;
	int rc;

	if ((rc = open_lockfile(odm)) < 0)
		return rc;
	if (fstat(odm->lockfd, &st) < 0)
		return odm_seterr(odm, ODM_E_IO, "cannot lock '%s/.lock': %s",
				  odm->dir, strerror(errno));
	for (int i = 0; i < nheld; i++)
		if (held[i].dev == st.st_dev && held[i].ino == st.st_ino)
			return odm_seterr(odm, ODM_E_BUSY,
					  "the repository '%s' is locked by another handle of this process",
					  odm->dir);
	if (flock(odm->lockfd, LOCK_EX | LOCK_NB) < 0) {
		/* taken: wait, and say so to a holder that looks */
		int want = want_lock(odm->lockfd, F_RDLCK), err = 0;

		while (flock(odm->lockfd, LOCK_EX) < 0)
			if ((err = errno) != EINTR)
				break;
		if (want)
			want_lock(odm->lockfd, F_UNLCK);
		if (err && err != EINTR)
			return odm_seterr(odm, ODM_E_IO, "cannot lock '%s/.lock': %s",
					  odm->dir, strerror(err));
	}
	if (nheld < (int)(sizeof(held) / sizeof(held[0]))) {
		held[nheld].dev = st.st_dev;
		held[nheld].ino = st.st_ino;
		nheld++;
	}
	return 0;
}

void odm_unlock_repo(struct odm *odm)
{
	struct stat st;

	if (odm->lockfd < 0)
		return;
	if (fstat(odm->lockfd, &st) == 0)
		for (int i = 0; i < nheld; i++)
			if (held[i].dev == st.st_dev && held[i].ino == st.st_ino) {
				held[i] = held[--nheld];
				break;
			}
	flock(odm->lockfd, LOCK_UN);
}

void odm_lock_held(struct odm *odm)
{
	odm->use_flock = 0;
}

static int txn_lock(struct odm *odm)
{
	return odm->use_flock ? odm_lock_repo(odm) : 0;
}

static void txn_unlock(struct odm *odm)
{
	if (odm->use_flock)
		odm_unlock_repo(odm);
}
static int perm_err(struct odm *odm)
{
	if (odm->rdonly_flag)
		return odm_seterr(odm, ODM_E_PERM,
				  "the repository '%s' is opened read-only", odm->dir);
	return odm_seterr(odm, ODM_E_PERM,
			  "no permission to write the repository '%s'", odm->dir);
}

VIPA_EXPORT int odm_begin(struct odm *odm)
{
	int rc;

	if (odm->rdonly)
		return perm_err(odm);
	if (odm->reading)
		return odm_seterr(odm, ODM_E_TXN, "cannot write while a read snapshot is open");
	if (odm->depth == 0 && (rc = odm_need_all(odm)) < 0)
		return rc;
	if (odm->depth == 0) {
		if ((rc = txn_lock(odm)) < 0)
			return rc;
		if ((rc = odm_db_exec(odm, "BEGIN IMMEDIATE", "cannot begin a transaction")) < 0) {
			txn_unlock(odm);
			return rc;
		}
		odm->doomed = 0;
	}
	odm->depth++;
	return 0;
}

VIPA_EXPORT int odm_commit(struct odm *odm)
{
	if (odm->depth == 0)
		return odm_seterr(odm, ODM_E_TXN, "commit without a transaction");
	if (odm->depth > 1) {
		odm->depth--;
		return 0;
	}
	odm->depth = 0;
	if (odm->doomed) {
		sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL);
		txn_unlock(odm);
		odm->doomed = 0;
		return odm_seterr(odm, ODM_E_TXN,
				  "transaction rolled back: an inner transaction was rolled back");
	}
	/* the first change a caller commits: cu.db is no longer new */
	if (odm->cu_fresh &&
	    sqlite3_exec(odm->db, "DROP TABLE IF EXISTS main._odm_fresh", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = odm_dberr(odm, "cannot commit");
		sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL);
		txn_unlock(odm);
		return rc;
	}
	if (sqlite3_exec(odm->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = odm_dberr(odm, "cannot commit");
		if (!sqlite3_get_autocommit(odm->db))
			sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL);
		txn_unlock(odm);
		return rc;
	}
	odm->cu_fresh = 0;
	txn_unlock(odm);
	return 0;
}

VIPA_EXPORT int odm_rollback(struct odm *odm)
{
	if (odm->depth == 0)
		return odm_seterr(odm, ODM_E_TXN, "rollback without a transaction");
	if (odm->depth > 1) {
		odm->depth--;
		odm->doomed = 1;
		return 0;
	}
	odm->depth = 0;
	odm->doomed = 0;
	if (!sqlite3_get_autocommit(odm->db) &&
	    sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = odm_dberr(odm, "cannot roll back");
		txn_unlock(odm);
		return rc;
	}
	txn_unlock(odm);
	return 0;
}

VIPA_EXPORT int odm_in_txn(const struct odm *odm)
{
	return odm->depth;
}

VIPA_EXPORT int odm_read_begin(struct odm *odm)
{
	int rc;

	if (odm->depth > 0)
		return 0;
	if (odm->reading > 0) {
		odm->reading++;
		return 0;
	}
	if ((rc = odm_need_pd(odm)) < 0)
		return rc;
	odm->reading = 1;
	/* BEGIN (deferred) takes the shared locks at the first read */
	if (sqlite3_exec(odm->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		odm->reading = 0;
		return odm_dberr(odm, "cannot begin reading");
	}
	return 0;
}

VIPA_EXPORT int odm_read_end(struct odm *odm)
{
	if (odm->reading == 0 || --odm->reading > 0)
		return 0;
	if (!sqlite3_get_autocommit(odm->db) &&
	    sqlite3_exec(odm->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = odm_dberr(odm, "cannot end reading");
		if (!sqlite3_get_autocommit(odm->db))
			sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return 0;
}

/*
 * Every write operation runs between op_begin and op_end: in a transaction
 * of its own when the caller has none, else (@multi: an operation of
 * several statements) in a savepoint, so that a failed operation changes
 * nothing and leaves the caller's transaction usable.
 */
enum { OWN_NONE, OWN_TXN, OWN_SAVEPOINT };

static int op_begin(struct odm *odm, int multi, int *own)
{
	int rc;

	*own = OWN_NONE;
	if (odm->rdonly)
		return perm_err(odm);
	if (odm->depth == 0) {
		if ((rc = odm_begin(odm)) < 0)
			return rc;
		*own = OWN_TXN;
	} else if (multi) {
		if ((rc = odm_db_exec(odm, "SAVEPOINT odm_op", "cannot begin")) < 0)
			return rc;
		*own = OWN_SAVEPOINT;
	}
	return 0;
}

static int op_end(struct odm *odm, int own, int rc)
{
	if (own == OWN_TXN) {
		if (rc < 0) {
			odm->depth = 0;
			odm->doomed = 0;
			if (!sqlite3_get_autocommit(odm->db))
				sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL);
			txn_unlock(odm);
			return rc;
		}
		return odm_commit(odm);
	}
	if (own == OWN_SAVEPOINT) {
		if (rc < 0) {
			sqlite3_exec(odm->db, "ROLLBACK TO odm_op", NULL, NULL, NULL);
			sqlite3_exec(odm->db, "RELEASE odm_op", NULL, NULL, NULL);
			return rc;
		}
		return odm_db_exec(odm, "RELEASE odm_op", "cannot commit");
	}
	return rc;
}

/* ---- classes --------------------------------------------------------- */

static const struct odm_class *lookup_cb(struct odm *odm, const char *name)
{
	return odm_find_class(odm, name);
}

/*
 * The statement that finds a class definition: in cu.db first, then in
 * pd.db, then in sm.db (of those attached).  It is made once per handle
 * and kept: preparing a statement costs more than running it, and a
 * command looks up several classes.
 */
static sqlite3_stmt *find_stmt(struct odm *odm)
{
	int which = (odm->has_pd ? 1 : 0) | (odm->has_sm ? 2 : 0);
	char sql[256];

	if (odm->find && odm->find_pd == which)
		return odm->find;
	sqlite3_finalize(odm->find);
	odm->find = NULL;
	odm->find_pd = which;
	snprintf(sql, sizeof(sql), "SELECT definition, 0 FROM main._odm_class WHERE name = ?1%s%s",
		 odm->has_pd ? " UNION ALL SELECT definition, 1 FROM pd._odm_class WHERE name = ?1" : "",
		 odm->has_sm ? " UNION ALL SELECT definition, 2 FROM sm._odm_class WHERE name = ?1" : "");
	if (sqlite3_prepare_v3(odm->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &odm->find,
			       NULL) != SQLITE_OK) {
		sqlite3_finalize(odm->find);
		odm->find = NULL;
	}
	return odm->find;
}

int odm_class_predefined(const struct odm_class *cls)
{
	return strcmp(cls->schema, "main") != 0;
}

/*
 * A class in none of the attached databases may be in one not attached
 * yet: attach pd.db, else the SMIT database.  Returns 1 if one was
 * attached.  ATTACH is refused inside a transaction: a read snapshot
 * (which has changed nothing) is ended and begun again around it.
 */
static int attach_more(struct odm *odm)
{
	int again = 0;

	if (odm->pd_later)
		return odm_need_pd(odm) == 0 && odm->has_pd;
	if (!odm->sm_later || odm->depth > 0)
		return 0;
	if (odm->reading > 0) {
		if (sqlite3_get_autocommit(odm->db))
			again = 0;
		else if (sqlite3_exec(odm->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
			again = 1;
		else
			return 0;
	}
	odm_need_sm(odm);
	if (again && sqlite3_exec(odm->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		odm->reading = 0;
	return odm->has_sm;
}

/* Load class @name from the meta tables; NULL if it is in neither. */
static struct odm_class *load_class(struct odm *odm, const char *name)
{
	static const char *const schemas[] = { "main", "pd", "sm" };
	sqlite3_stmt *st = find_stmt(odm);
	struct odm_class *cls = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (!cls && sqlite3_step(st) == SQLITE_ROW) {
		const char *def = (const char *)sqlite3_column_text(st, 0);
		int k = sqlite3_column_int(st, 1);
		const char *schema = schemas[k >= 0 && k <= 2 ? k : 0];
		char saved[ODM_ERRLEN];
		memcpy(saved, odm->err, sizeof(saved));
		if (def && odm_class_parse(odm, def, strlen(def), name, NULL, &cls) == 0) {
			odm_class_free_list(cls->next);
			cls->next = NULL;
			cls->schema = schema;
		}
		memcpy(odm->err, saved, sizeof(saved));
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!cls && attach_more(odm))
		return load_class(odm, name);
	return cls;
}

const struct odm_class *odm_find_class(struct odm *odm, const char *name)
{
	struct odm_class *cls;

	for (cls = odm->classes; cls; cls = cls->next)
		if (strcmp(cls->name, name) == 0)
			return cls;
	if (!odm->db)
		return NULL;
	cls = load_class(odm, name);
	if (cls) {
		cls->next = odm->classes;
		odm->classes = cls;
	}
	return cls;
}

VIPA_EXPORT int odm_get_class(struct odm *odm, const char *class_name,
			      const struct odm_class **out)
{
	const struct odm_class *cls;

	*out = NULL;
	if (!class_name || !*class_name)
		return odm_seterr(odm, ODM_E_INVAL, "no class name");
	cls = odm_find_class(odm, class_name);
	if (!cls && odm->pd_failed)
		return odm->pd_failed; /* its message is kept */
	if (!cls && odm_cu_damaged(odm) < 0)
		return -ODM_E_DB; /* not missing: unreadable */
	if (!cls)
		return odm_seterr(odm, ODM_E_NOCLASS,
				  "object class '%s' does not exist", class_name);
	*out = cls;
	return 0;
}

/* Move @cls from the loaded classes to the dead ones. */
static void retire_class(struct odm *odm, const struct odm_class *cls)
{
	for (struct odm_class **pp = &odm->classes; *pp; pp = &(*pp)->next)
		if (*pp == cls) {
			struct odm_class *c = *pp;
			*pp = c->next;
			if (c->ins) {
				sqlite3_finalize(c->ins);
				c->ins = NULL;
			}
			c->next = odm->dead;
			odm->dead = c;
			return;
		}
}

static int drop_table(struct odm *odm, const struct odm_class *cls)
{
	struct odm_buf b = { 0 };
	sqlite3_stmt *st;
	int rc;

	if (cls->ins) {
		sqlite3_finalize(((struct odm_class *)cls)->ins);
		((struct odm_class *)cls)->ins = NULL;
	}
	if (odm_buf_printf(&b, "DROP TABLE \"%s\".\"%s\"", cls->schema, cls->name) < 0)
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	rc = odm_db_exec(odm, b.kit.data, "cannot drop the class");
	odm_buf_reset(&b);
	if (rc == 0 && odm_buf_printf(&b, "DELETE FROM \"%s\"._odm_class WHERE name = ?1",
				      cls->schema) < 0)
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	if (rc == 0) {
		if (sqlite3_prepare_v2(odm->db, b.kit.data, -1, &st, NULL) != SQLITE_OK) {
			rc = odm_dberr(odm, "cannot drop the class");
		} else {
			sqlite3_bind_text(st, 1, cls->name, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = odm_dberr(odm, "cannot drop the class");
			sqlite3_finalize(st);
		}
	}
	free(b.kit.data);
	return rc;
}

static int create_table(struct odm *odm, struct odm_class *cls, const char *schema)
{
	struct odm_buf b = { 0 }, def = { 0 };
	sqlite3_stmt *st = NULL;
	int rc = 0;

	cls->schema = schema;
	if (odm_buf_printf(&b, "CREATE TABLE \"%s\".\"%s\"(_id INTEGER PRIMARY KEY",
			   schema, cls->name) < 0)
		goto nomem;
	for (int i = 0; i < cls->ndesc; i++) {
		enum odm_type t = cls->desc[i].type;
		/*
		 * No DEFAULT: every statement of ours gives every column, and
		 * sqlite parses the whole schema on each open, where a default
		 * costs more than the rest of the column's declaration.
		 */
		const char *sqlt = t == ODM_DOUBLE ? "REAL NOT NULL" :
			odm_type_is_numeric(t) ? "INTEGER NOT NULL" : "TEXT NOT NULL";
		if (odm_buf_printf(&b, ", \"%s\" %s", cls->desc[i].name, sqlt) < 0)
			goto nomem;
	}
	if (odm_buf_add(&b, ")", 1) < 0)
		goto nomem;
	if ((rc = odm_db_exec(odm, b.kit.data, "cannot create the class")) < 0)
		goto out;
	/*
	 * AIX's ODM has no indexes; lookups here mostly select on the first
	 * descriptor (CuAt and CuDv by name, PdAt by uniquetype, the SMIT
	 * classes by id), so that one is indexed.  It costs about a fifth
	 * more time on bulk inserts and saves a full scan on every lookup.
	 * Not in pd.db: its classes hold tens of objects, where a scan costs
	 * less than parsing the index's definition, which sqlite does on
	 * every open.
	 */
	odm_buf_reset(&b);
	if (odm->pd_build)
		goto meta;
	if (odm_buf_printf(&b, "CREATE INDEX \"%s\".\"_odm_idx_%s\" ON \"%s\"(\"%s\")",
			   schema, cls->name, cls->name, cls->desc[0].name) < 0)
		goto nomem;
	if ((rc = odm_db_exec(odm, b.kit.data, "cannot create the class")) < 0)
		goto out;
meta:
	odm_buf_reset(&b);
	if (odm_buf_printf(&b, "INSERT INTO \"%s\"._odm_class(name, definition) VALUES(?1, ?2)",
			   schema) < 0 || odm_class_format(cls, &def, 1) < 0)
		goto nomem;
	if (sqlite3_prepare_v2(odm->db, b.kit.data, -1, &st, NULL) != SQLITE_OK) {
		rc = odm_dberr(odm, "cannot create the class");
		goto out;
	}
	sqlite3_bind_text(st, 1, cls->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, def.kit.data, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot create the class");
	goto out;
nomem:
	rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
out:
	sqlite3_finalize(st);
	free(b.kit.data);
	free(def.kit.data);
	return rc;
}

/* Name of an existing class that differs from @name only in case, or NULL. */
static int case_conflict(struct odm *odm, const char *name, char *out, size_t len)
{
	const char *schemas[3] = { "main", "pd", "sm" };
	int found = 0;

	odm_need_all(odm);
	for (int k = 0; k < 3 && !found; k++) {
		char sql[160];
		sqlite3_stmt *st;
		if ((k == 1 && !odm->has_pd) || (k == 2 && !odm->has_sm))
			continue;
		snprintf(sql, sizeof(sql),
			 "SELECT name FROM \"%s\".sqlite_master WHERE name = ?1 COLLATE NOCASE",
			 schemas[k]);
		if (sqlite3_prepare_v2(odm->db, sql, -1, &st, NULL) != SQLITE_OK)
			continue;
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
			found = 1;
		}
		sqlite3_finalize(st);
	}
	return found;
}

VIPA_EXPORT int odm_create_classes(struct odm *odm, const char *text, size_t len,
				   const char *name, int replace)
{
	struct odm_class *list = NULL, *cls;
	int rc, own;

	if (!text && len)
		return odm_seterr(odm, ODM_E_INVAL, "no class definition text");
	if (odm->rdonly)
		return perm_err(odm);
	if ((rc = odm_class_parse(odm, text ? text : "", len, name, lookup_cb, &list)) < 0)
		return rc;
	if ((rc = op_begin(odm, 1, &own)) < 0) {
		odm_class_free_list(list);
		return rc;
	}
	for (cls = list; cls && rc == 0; cls = cls->next) {
		const struct odm_class *old = odm_find_class(odm, cls->name);
		char other[ODM_NAME_MAX + 64];

		if (old && odm_class_predefined(old)) {
			rc = odm_seterr(odm, ODM_E_CLASSEXISTS,
					"%s:%d: object class '%s' already exists as a predefined class",
					name ? name : "input", cls->line, cls->name);
		} else if (old && !replace) {
			rc = odm_seterr(odm, ODM_E_CLASSEXISTS,
					"%s:%d: object class '%s' already exists",
					name ? name : "input", cls->line, cls->name);
		} else if (old) {
			rc = drop_table(odm, old);
		} else if (case_conflict(odm, cls->name, other, sizeof(other))) {
			rc = odm_seterr(odm, ODM_E_CLASSEXISTS,
					"%s:%d: object class '%s' conflicts with '%s' (names differ only in case)",
					name ? name : "input", cls->line, cls->name, other);
		}
		if (rc == 0)
			rc = create_table(odm, cls, odm->create_schema ?
					  odm->create_schema : "main");
	}
	rc = op_end(odm, own, rc);
	if (rc < 0) {
		odm_class_free_list(list);
		return rc;
	}
	/* Done: the replaced classes die, the new ones are known. */
	for (cls = list; cls; ) {
		struct odm_class *next = cls->next;
		const struct odm_class *old;
		for (old = odm->classes; old; old = old->next)
			if (strcmp(old->name, cls->name) == 0)
				break;
		if (old)
			retire_class(odm, old);
		cls->next = odm->classes;
		odm->classes = cls;
		cls = next;
	}
	return 0;
}

VIPA_EXPORT int odm_drop_class(struct odm *odm, const char *class_name)
{
	const struct odm_class *cls;
	int rc, own;

	if (odm->rdonly)
		return perm_err(odm);
	if ((rc = odm_get_class(odm, class_name, &cls)) < 0)
		return rc;
	/* A predefined class comes back only when its data changes: dropping
	 * it would break every device of its type until then. */
	if (odm_class_predefined(cls))
		return odm_seterr(odm, ODM_E_INVAL,
				  "class '%s' is predefined: it cannot be dropped", class_name);
	if ((rc = op_begin(odm, 1, &own)) < 0)
		return rc;
	rc = op_end(odm, own, drop_table(odm, cls));
	if (rc == 0)
		retire_class(odm, cls);
	return rc;
}

VIPA_EXPORT int odm_list_classes(struct odm *odm,
				 int (*fn)(const char *class_name, void *arg),
				 void *arg)
{
	char sql[256];
	sqlite3_stmt *st;
	int rc = odm_need_all(odm), s;

	if (rc < 0)
		return rc;
	snprintf(sql, sizeof(sql), "SELECT name FROM main._odm_class%s%s ORDER BY 1",
		 odm->has_pd ? " UNION SELECT name FROM pd._odm_class" : "",
		 odm->has_sm ? " UNION SELECT name FROM sm._odm_class" : "");
	if (sqlite3_prepare_v2(odm->db, sql, -1, &st, NULL) != SQLITE_OK)
		return odm_dberr(odm, "cannot list the classes");
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = fn((const char *)sqlite3_column_text(st, 0), arg)) != 0)
			break;
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot list the classes");
	sqlite3_finalize(st);
	return rc;
}

/* ---- objects --------------------------------------------------------- */

static sqlite3_stmt *insert_stmt(struct odm *odm, struct odm_class *cls, int *rc)
{
	struct odm_buf b = { 0 };

	*rc = 0;
	if (cls->ins)
		return cls->ins;
	if (odm_buf_printf(&b, "INSERT INTO \"%s\".\"%s\"(", cls->schema, cls->name) < 0)
		goto nomem;
	for (int i = 0; i < cls->ndesc; i++)
		if (odm_buf_printf(&b, "%s\"%s\"", i ? ", " : "", cls->desc[i].name) < 0)
			goto nomem;
	if (odm_buf_add(&b, ") VALUES(", 9) < 0)
		goto nomem;
	for (int i = 0; i < cls->ndesc; i++)
		if (odm_buf_printf(&b, "%s?%d", i ? ", " : "", i + 1) < 0)
			goto nomem;
	if (odm_buf_add(&b, ")", 1) < 0)
		goto nomem;
	if (sqlite3_prepare_v3(odm->db, b.kit.data, -1, SQLITE_PREPARE_PERSISTENT,
			       &cls->ins, NULL) != SQLITE_OK) {
		*rc = odm_dberr(odm, "cannot add objects");
		cls->ins = NULL;
	}
	free(b.kit.data);
	return cls->ins;
nomem:
	free(b.kit.data);
	*rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	return NULL;
}

/* Bind @value (checked here) for descriptor @i as parameter @param. */
static int bind_value(struct odm *odm, const struct odm_class *cls, int i,
		      sqlite3_stmt *st, int param, const char *value)
{
	enum odm_type t = cls->desc[i].type;
	int64_t iv = 0;
	double dv = 0;
	int rc;

	if (!value) {
		rc = odm_type_is_numeric(t) ? sqlite3_bind_int(st, param, 0) :
			sqlite3_bind_text(st, param, "", 0, SQLITE_STATIC);
		return rc == SQLITE_OK ? 0 : odm_dberr(odm, "cannot bind a value");
	}
	if ((rc = odm_check_value(odm, cls, i, value, &iv, &dv)) < 0)
		return rc;
	if (t == ODM_DOUBLE)
		rc = sqlite3_bind_double(st, param, dv);
	else if (odm_type_is_numeric(t))
		rc = sqlite3_bind_int64(st, param, iv);
	else
		rc = sqlite3_bind_text(st, param, value, -1, SQLITE_STATIC);
	return rc == SQLITE_OK ? 0 : odm_dberr(odm, "cannot bind a value");
}

VIPA_EXPORT int odm_add(struct odm *odm, struct odm_obj *obj)
{
	struct odm_class *cls;
	sqlite3_stmt *st;
	int rc, own;

	if (!obj)
		return odm_seterr(odm, ODM_E_INVAL, "no object");
	if (odm->rdonly)
		return perm_err(odm);
	cls = (struct odm_class *)obj->cls;
	if (!(st = insert_stmt(odm, cls, &rc)))
		return rc;
	for (int i = 0; i < cls->ndesc; i++)
		if ((rc = bind_value(odm, cls, i, st, i + 1, obj->val[i])) < 0)
			goto out;
	if ((rc = op_begin(odm, 0, &own)) < 0)
		goto out;
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot add the object");
	else
		obj->id = sqlite3_last_insert_rowid(odm->db);
	sqlite3_reset(st);
	rc = op_end(odm, own, rc);
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* @v in decimal at the end of @buf (64 bytes); returns where it starts. */
static char *fmt_i64(char *buf, int64_t v, size_t *len)
{
	char *end = buf + 63, *p = end;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	*end = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	*len = (size_t)(end - p);
	return p;
}

static int fill_obj(struct odm *odm, struct odm_obj *o, sqlite3_stmt *st)
{
	const struct odm_class *cls = o->cls;
	char num[64];
	int rc;

	o->id = sqlite3_column_int64(st, 0);
	for (int i = 0; i < cls->ndesc; i++) {
		enum odm_type t = cls->desc[i].type;
		if (t == ODM_DOUBLE) {
			odm_format_double(num, sizeof(num), sqlite3_column_double(st, i + 1));
			rc = odm_obj_setn(odm, o, i, num, strlen(num));
		} else if (odm_type_is_numeric(t)) {
			size_t n;
			const char *p = fmt_i64(num, (int64_t)sqlite3_column_int64(st, i + 1), &n);
			rc = odm_obj_setn(odm, o, i, p, n);
		} else {
			const char *s = (const char *)sqlite3_column_text(st, i + 1);
			rc = odm_obj_setn(odm, o, i, s ? s : "",
					  s ? (size_t)sqlite3_column_bytes(st, i + 1) : 0);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

VIPA_EXPORT int odm_get(struct odm *odm, const struct odm_class *cls,
			const struct odm_crit *crit,
			int (*fn)(const struct odm_obj *obj, void *arg), void *arg)
{
	struct odm_buf b = { 0 };
	struct odm_obj *o = NULL;
	sqlite3_stmt *st = NULL;
	int rc = 0, s;

	if (!cls || !fn)
		return odm_seterr(odm, ODM_E_INVAL, "no class or callback");
	if (crit && crit->cls != cls)
		return odm_seterr(odm, ODM_E_INVAL,
				  "criteria compiled for class '%s', not '%s'",
				  crit->cls->name, cls->name);
	if (odm_buf_grow(&b, 256) < 0 || odm_buf_add(&b, "SELECT _id", 10) < 0)
		goto nomem;
	for (int i = 0; i < cls->ndesc; i++)
		if (odm_buf_add(&b, ", \"", 3) < 0 ||
		    odm_buf_add(&b, cls->desc[i].name, strlen(cls->desc[i].name)) < 0 ||
		    odm_buf_add(&b, "\"", 1) < 0)
			goto nomem;
	if (odm_buf_printf(&b, " FROM \"%s\".\"%s\" WHERE %s ORDER BY _id",
			   cls->schema, cls->name, crit ? crit->sql : "1") < 0)
		goto nomem;
	if (sqlite3_prepare_v2(odm->db, b.kit.data, -1, &st, NULL) != SQLITE_OK) {
		rc = odm_dberr(odm, "cannot read objects");
		goto out;
	}
	if (odm_crit_bind(crit, st, 1) != SQLITE_OK) {
		rc = odm_dberr(odm, "cannot read objects");
		goto out;
	}
	if (!(o = odm_obj_new(cls)))
		goto nomem;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = fill_obj(odm, o, st)) < 0)
			goto out;
		if ((rc = fn(o, arg)) != 0)
			goto out;
	}
	if (s != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot read objects");
	goto out;
nomem:
	rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
out:
	odm_obj_free(o);
	sqlite3_finalize(st);
	free(b.kit.data);
	return rc;
}

struct first_ctx {
	struct odm *odm;
	struct odm_obj *copy;
	int rc;
};

static int first_cb(const struct odm_obj *obj, void *arg)
{
	struct first_ctx *c = arg;
	const struct odm_class *cls = obj->cls;

	if (!(c->copy = odm_obj_new(cls)))
		goto nomem;
	c->copy->id = obj->id;
	for (int i = 0; i < cls->ndesc; i++)
		if (obj->val[i] && odm_obj_setn(c->odm, c->copy, i, obj->val[i],
						strlen(obj->val[i])) < 0)
			goto nomem;
	return 1;
nomem:
	c->rc = odm_seterr(c->odm, ODM_E_NOMEM, "out of memory");
	return c->rc;
}

VIPA_EXPORT int odm_get_first(struct odm *odm, const struct odm_class *cls,
			      const char *criteria, struct odm_obj **out)
{
	struct first_ctx c = { .odm = odm };
	struct odm_crit *crit;
	int rc;

	*out = NULL;
	if ((rc = odm_crit_compile(odm, cls, criteria, &crit)) < 0)
		return rc;
	rc = odm_get(odm, cls, crit, first_cb, &c);
	odm_crit_free(crit);
	if (rc < 0 || c.rc < 0) {
		odm_obj_free(c.copy);
		return rc < 0 ? rc : c.rc;
	}
	*out = c.copy;
	return 0;
}

VIPA_EXPORT int odm_get_q(struct odm *odm, const char *class_name,
			  const char *criteria,
			  int (*fn)(const struct odm_obj *obj, void *arg), void *arg)
{
	const struct odm_class *cls;
	struct odm_crit *crit;
	int rc;

	if ((rc = odm_get_class(odm, class_name, &cls)) < 0)
		return rc;
	if ((rc = odm_crit_compile(odm, cls, criteria, &crit)) < 0)
		return rc;
	rc = odm_get(odm, cls, crit, fn, arg);
	odm_crit_free(crit);
	return rc;
}

VIPA_EXPORT int odm_change(struct odm *odm, const struct odm_crit *crit,
			   const struct odm_obj *changes, long *count)
{
	const struct odm_class *cls;
	struct odm_buf b = { 0 };
	sqlite3_stmt *st = NULL;
	int rc = 0, own = OWN_NONE, n = 0, first;

	if (count)
		*count = 0;
	if (!changes)
		return odm_seterr(odm, ODM_E_INVAL, "no changes");
	cls = changes->cls;
	if (crit && crit->cls != cls)
		return odm_seterr(odm, ODM_E_INVAL,
				  "criteria compiled for class '%s', not '%s'",
				  crit->cls->name, cls->name);
	if (odm->rdonly)
		return perm_err(odm);
	first = crit ? crit->nparams + 1 : 1;
	if (odm_buf_printf(&b, "UPDATE \"%s\".\"%s\" SET ", cls->schema, cls->name) < 0)
		goto nomem;
	for (int i = 0; i < cls->ndesc; i++) {
		if (!changes->val[i])
			continue;
		if (odm_buf_printf(&b, "%s\"%s\" = ?%d", n ? ", " : "",
				   cls->desc[i].name, first + n) < 0)
			goto nomem;
		n++;
	}
	if (n == 0)
		goto out;
	if (odm_buf_printf(&b, " WHERE %s", crit ? crit->sql : "1") < 0)
		goto nomem;
	if (sqlite3_prepare_v2(odm->db, b.kit.data, -1, &st, NULL) != SQLITE_OK) {
		rc = odm_dberr(odm, "cannot change objects");
		goto out;
	}
	if (odm_crit_bind(crit, st, 1) != SQLITE_OK) {
		rc = odm_dberr(odm, "cannot change objects");
		goto out;
	}
	n = 0;
	for (int i = 0; i < cls->ndesc; i++) {
		if (!changes->val[i])
			continue;
		if ((rc = bind_value(odm, cls, i, st, first + n, changes->val[i])) < 0)
			goto out;
		n++;
	}
	if ((rc = op_begin(odm, 0, &own)) < 0)
		goto out;
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot change objects");
	else if (count)
		*count = sqlite3_changes(odm->db);
	sqlite3_reset(st);
	rc = op_end(odm, own, rc);
	goto out;
nomem:
	rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
out:
	sqlite3_finalize(st);
	free(b.kit.data);
	return rc;
}

VIPA_EXPORT int odm_delete(struct odm *odm, const struct odm_class *cls,
			   const struct odm_crit *crit, long *count)
{
	struct odm_buf b = { 0 };
	sqlite3_stmt *st = NULL;
	int rc = 0, own;

	if (count)
		*count = 0;
	if (!cls)
		return odm_seterr(odm, ODM_E_INVAL, "no class");
	if (crit && crit->cls != cls)
		return odm_seterr(odm, ODM_E_INVAL,
				  "criteria compiled for class '%s', not '%s'",
				  crit->cls->name, cls->name);
	if (odm->rdonly)
		return perm_err(odm);
	if (odm_buf_printf(&b, "DELETE FROM \"%s\".\"%s\" WHERE %s", cls->schema,
			   cls->name, crit ? crit->sql : "1") < 0) {
		free(b.kit.data);
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	}
	if (sqlite3_prepare_v2(odm->db, b.kit.data, -1, &st, NULL) != SQLITE_OK ||
	    odm_crit_bind(crit, st, 1) != SQLITE_OK) {
		rc = odm_dberr(odm, "cannot delete objects");
		goto out;
	}
	if ((rc = op_begin(odm, 0, &own)) < 0)
		goto out;
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot delete objects");
	else if (count)
		*count = sqlite3_changes(odm->db);
	sqlite3_reset(st);
	rc = op_end(odm, own, rc);
out:
	sqlite3_finalize(st);
	free(b.kit.data);
	return rc;
}

/* ---- adding stanzas -------------------------------------------------- */

struct add_ctx {
	struct odm *odm;
	const char *name;
	struct odm_class *cls;    /* class of the previous stanza */
	unsigned *seen;           /* generation per descriptor */
	int seen_cap;
	unsigned gen;
	long count;
};

static int add_one(const struct odm_stanza *stz, void *arg)
{
	struct add_ctx *c = arg;
	struct odm *odm = c->odm;
	struct odm_class *cls = c->cls;
	sqlite3_stmt *st;
	int rc = 0;

	if (!cls || strcmp(cls->name, stz->class_name) != 0) {
		cls = (struct odm_class *)odm_find_class(odm, stz->class_name);
		if (!cls)
			return odm_seterr(odm, ODM_E_NOCLASS,
					  "%s:%d: object class '%s' does not exist",
					  c->name, stz->line, stz->class_name);
		c->cls = cls;
		if (cls->ndesc > c->seen_cap) {
			unsigned *p = realloc(c->seen, (size_t)cls->ndesc * sizeof(*p));
			if (!p)
				return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
			c->seen = p;
			c->seen_cap = cls->ndesc;
		}
		memset(c->seen, 0, (size_t)c->seen_cap * sizeof(*c->seen));
		c->gen = 0;
	}
	if (!(st = insert_stmt(odm, cls, &rc)))
		return rc;
	if (++c->gen == 0) {
		memset(c->seen, 0, (size_t)c->seen_cap * sizeof(*c->seen));
		c->gen = 1;
	}
	for (int k = 0; k < stz->npairs; k++) {
		const char *dn = stz->names[k], *v = stz->values[k];
		int i;
		/* stanzas usually list descriptors in class order */
		if (k < cls->ndesc && strcmp(cls->desc[k].name, dn) == 0)
			i = k;
		else if ((i = odm_desc_index(cls, dn)) < 0) {
			rc = odm_seterr(odm, ODM_E_DESC,
					"%s:%d: object class '%s' has no descriptor '%s'",
					c->name, stz->lines[k], cls->name, dn);
			goto out;
		}
		if (c->seen[i] == c->gen) {
			rc = odm_seterr(odm, ODM_E_STANZA,
					"%s:%d: descriptor '%s' given twice in one stanza",
					c->name, stz->lines[k], dn);
			goto out;
		}
		c->seen[i] = c->gen;
		if ((rc = bind_value(odm, cls, i, st, i + 1, v)) < 0) {
			if (rc == -ODM_E_VALUE) {
				char msg[ODM_ERRLEN];
				memcpy(msg, odm->err, sizeof(msg));
				odm_seterr(odm, ODM_E_VALUE, "%s:%d: %s", c->name,
					   stz->lines[k], msg);
			}
			goto out;
		}
	}
	for (int i = 0; i < cls->ndesc; i++)
		if (c->seen[i] != c->gen &&
		    (rc = bind_value(odm, cls, i, st, i + 1, NULL)) < 0)
			goto out;
	if (sqlite3_step(st) != SQLITE_DONE) {
		char msg[ODM_ERRLEN];
		odm_dberr(odm, "cannot add the object");
		memcpy(msg, odm->err, sizeof(msg));
		rc = odm_seterr(odm, ODM_E_DB, "%s:%d: %s", c->name, stz->line, msg);
		goto out;
	}
	c->count++;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

VIPA_EXPORT int odm_add_stanzas(struct odm *odm, const char *text, size_t len,
				const char *name, long *count)
{
	struct add_ctx c = { .odm = odm, .name = name ? name : "input" };
	int rc, own;

	if (count)
		*count = 0;
	if (!text && len)
		return odm_seterr(odm, ODM_E_INVAL, "no stanza text");
	if (odm->rdonly)
		return perm_err(odm);
	if ((rc = op_begin(odm, 1, &own)) < 0)
		return rc;
	rc = odm_stanza_parse(text ? text : "", len, c.name, add_one, &c,
			      odm->err, sizeof(odm->err));
	rc = op_end(odm, own, rc);
	free(c.seen);
	if (rc == 0 && count)
		*count = c.count;
	return rc;
}

