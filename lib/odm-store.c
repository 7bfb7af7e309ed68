/*
 * odm-store.c - the object repository on sqlite: opening ODMDIR, the
 * predefined database, transactions, classes and objects.
 *
 * Why two database files.  AIX keeps customized objects (CuDv, CuAt: what
 * the administrator configured) in /etc/objrepos and predefined ones
 * (PdDv, PdAt, the SMIT menus: what the software ships) in
 * /usr/lib/objrepos.  We do the same with two sqlite files in ODMDIR:
 *
 *   cu.db  the customized classes and every class made with odmcreate.
 *          Only ever changed by transactions; never rebuilt or replaced.
 *   pd.db  the predefined classes, built from the text the package
 *          installs: the .cre files of DATADIR/odm but cu.cre, then the
 *          .add files of DATADIR/odm and DATADIR/menus.
 *
 * An upgrade only replaces the text: on the next open the stamp of the
 * data files (directory, names, sizes, mtimes) differs from the stamp
 * stored in pd.db, and pd.db is built again from scratch.  Customized
 * objects cannot be lost or mixed up by this, because they are in another
 * file that the rebuild never opens.  New classes in cu.cre are added to
 * an existing cu.db; existing ones are left alone.
 *
 * The rebuild writes a complete new database under a new name, then
 * makes ODMDIR/pd.db (a symbolic link) point to it with rename(2), which
 * is atomic: a process sees either the old or the new predefined objects,
 * never a half-built file, and one that still has the old file open keeps
 * reading it.  Each generation has its own file name, so sqlite's
 * rollback journal (named after the real file) can never be applied to
 * the wrong generation.  Rebuilds are serialized with flock(2) on
 * ODMDIR/.lock, so twenty processes that start at once on an empty
 * directory build it once.  Writes into predefined classes (odmadd to
 * PdAt) work, but are lost at the next rebuild: the place for local
 * objects is a customized class.
 *
 * The connection opens cu.db as "main" and attaches pd.db as "pd", so one
 * connection (and one transaction) sees every class.  The journal is the
 * default rollback journal, not WAL: WAL needs write access to the
 * directory even for readers, and users who may only read the repository
 * must be able to.  Writers take BEGIN IMMEDIATE and wait up to the busy
 * timeout for each other.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "odm-internal.h"

#define ODM_EXPORT __attribute__((visibility("default")))

#ifndef VIPA_ODMDIR
#define VIPA_ODMDIR "/var/lib/vipa/objrepos"
#endif
#ifndef VIPA_DATADIR
#define VIPA_DATADIR "/usr/share/vipa"
#endif

#define BUSY_TIMEOUT_MS 10000
#define STAMP_VERSION "vipa-odm-3"

static int db_exec(struct odm *odm, const char *sql, const char *what)
{
	if (sqlite3_exec(odm->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return odm_dberr(odm, what);
	return 0;
}

static int attach_pd(struct odm *odm, const char *pdpath);

/*
 * pd.db is attached when it is first needed: sqlite parses the schema of
 * every attached database before the first statement, and a command that
 * reads or writes only customized classes (odmget CuAt) need not pay for
 * the predefined ones.  ATTACH is refused inside a transaction, so every
 * transaction attaches it first.
 */
static int need_pd(struct odm *odm)
{
	char *path = odm->pd_later;
	int rc;

	if (!path || !sqlite3_get_autocommit(odm->db))
		return 0;
	odm->pd_later = NULL;
	rc = attach_pd(odm, path);
	free(path);
	if (rc < 0)
		odm->pd_failed = rc;
	return rc;
}

struct odm *odm_handle_new(void)
{
	struct odm *odm = calloc(1, sizeof(*odm));

	if (odm)
		odm->lockfd = -1;
	return odm;
}

ODM_EXPORT const char *odm_dir(const struct odm *odm)
{
	return odm->dir ? odm->dir : "";
}

static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);

	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static int read_file(struct odm *odm, const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct odm_buf b = { 0 };
	char chunk[65536];
	size_t n;

	if (!f)
		return odm_seterr(odm, ODM_E_IO, "cannot open '%s': %s", path,
				  strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (odm_buf_add(&b, chunk, n) < 0) {
			fclose(f);
			free(b.data);
			return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		}
	if (ferror(f)) {
		fclose(f);
		free(b.data);
		return odm_seterr(odm, ODM_E_IO, "cannot read '%s': %s", path,
				  strerror(errno));
	}
	fclose(f);
	if (!b.data && odm_buf_grow(&b, 0) < 0)
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	*text = b.data;
	*len = b.len;
	return 0;
}

static int mkdir_p(const char *dir)
{
	char *p = strdup(dir), *s;
	int rc = 0;

	if (!p)
		return -1;
	for (s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
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
	if (!(lp = path_join(odm->dir, ".lock")))
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	odm->lockfd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
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

static int lock_fd(struct odm *odm)
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
	while (flock(odm->lockfd, LOCK_EX) < 0)
		if (errno != EINTR)
			return odm_seterr(odm, ODM_E_IO, "cannot lock '%s/.lock': %s",
					  odm->dir, strerror(errno));
	if (nheld < (int)(sizeof(held) / sizeof(held[0]))) {
		held[nheld].dev = st.st_dev;
		held[nheld].ino = st.st_ino;
		nheld++;
	}
	return 0;
}

static void unlock_fd(struct odm *odm)
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

static int txn_lock(struct odm *odm)
{
	return odm->use_flock ? lock_fd(odm) : 0;
}

static void txn_unlock(struct odm *odm)
{
	if (odm->use_flock)
		unlock_fd(odm);
}

/*
 * The busy handler: poll every millisecond up to the timeout.  sqlite's
 * own handler sleeps up to 100 ms between tries, which lets readers
 * starve behind a steady stream of commits.
 */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int busy_cb(void *arg, int count)
{
	struct odm *odm = arg;
	struct timespec ts = { 0, 1000 * 1000 };

	if (count == 0)
		odm->busy_start = now_ms();
	else if (now_ms() - odm->busy_start >= BUSY_TIMEOUT_MS)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

static int perm_err(struct odm *odm)
{
	if (odm->rdonly_flag)
		return odm_seterr(odm, ODM_E_PERM,
				  "the repository '%s' is opened read-only", odm->dir);
	return odm_seterr(odm, ODM_E_PERM,
			  "no permission to write the repository '%s'", odm->dir);
}

ODM_EXPORT int odm_begin(struct odm *odm)
{
	int rc;

	if (odm->rdonly)
		return perm_err(odm);
	if (odm->reading)
		return odm_seterr(odm, ODM_E_TXN, "cannot write while a read snapshot is open");
	if (odm->depth == 0 && (rc = need_pd(odm)) < 0)
		return rc;
	if (odm->depth == 0) {
		if ((rc = txn_lock(odm)) < 0)
			return rc;
		if ((rc = db_exec(odm, "BEGIN IMMEDIATE", "cannot begin a transaction")) < 0) {
			txn_unlock(odm);
			return rc;
		}
		odm->doomed = 0;
	}
	odm->depth++;
	return 0;
}

ODM_EXPORT int odm_commit(struct odm *odm)
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
	if (sqlite3_exec(odm->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = odm_dberr(odm, "cannot commit");
		if (!sqlite3_get_autocommit(odm->db))
			sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL);
		txn_unlock(odm);
		return rc;
	}
	txn_unlock(odm);
	return 0;
}

ODM_EXPORT int odm_rollback(struct odm *odm)
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

ODM_EXPORT int odm_in_txn(const struct odm *odm)
{
	return odm->depth;
}

ODM_EXPORT int odm_read_begin(struct odm *odm)
{
	int rc;

	if (odm->depth > 0)
		return 0;
	if (odm->reading > 0) {
		odm->reading++;
		return 0;
	}
	if ((rc = need_pd(odm)) < 0)
		return rc;
	odm->reading = 1;
	/* BEGIN (deferred) takes the shared locks at the first read */
	if (sqlite3_exec(odm->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		odm->reading = 0;
		return odm_dberr(odm, "cannot begin reading");
	}
	return 0;
}

ODM_EXPORT int odm_read_end(struct odm *odm)
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
		if ((rc = db_exec(odm, "SAVEPOINT odm_op", "cannot begin")) < 0)
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
		return db_exec(odm, "RELEASE odm_op", "cannot commit");
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
 * pd.db.  It is made once per handle and kept: preparing a statement
 * costs more than running it, and a command looks up several classes.
 */
static sqlite3_stmt *find_stmt(struct odm *odm)
{
	if (odm->find && odm->find_pd == odm->has_pd)
		return odm->find;
	sqlite3_finalize(odm->find);
	odm->find = NULL;
	odm->find_pd = odm->has_pd;
	if (sqlite3_prepare_v3(odm->db, odm->has_pd ?
			       "SELECT definition, 0 FROM main._odm_class WHERE name = ?1"
			       " UNION ALL SELECT definition, 1 FROM pd._odm_class WHERE name = ?1" :
			       "SELECT definition, 0 FROM main._odm_class WHERE name = ?1",
			       -1, SQLITE_PREPARE_PERSISTENT, &odm->find, NULL) != SQLITE_OK) {
		sqlite3_finalize(odm->find);
		odm->find = NULL;
	}
	return odm->find;
}

/* Load class @name from the meta tables; NULL if it is in neither. */
static struct odm_class *load_class(struct odm *odm, const char *name)
{
	sqlite3_stmt *st = find_stmt(odm);
	struct odm_class *cls = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (!cls && sqlite3_step(st) == SQLITE_ROW) {
		const char *def = (const char *)sqlite3_column_text(st, 0);
		const char *schema = sqlite3_column_int(st, 1) ? "pd" : "main";
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
	if (!cls && odm->pd_later && need_pd(odm) == 0 && odm->has_pd)
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

ODM_EXPORT int odm_get_class(struct odm *odm, const char *class_name,
			     const struct odm_class **out)
{
	const struct odm_class *cls;

	*out = NULL;
	if (!class_name || !*class_name)
		return odm_seterr(odm, ODM_E_INVAL, "no class name");
	cls = odm_find_class(odm, class_name);
	if (!cls && odm->pd_failed)
		return odm->pd_failed; /* its message is kept */
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
	rc = db_exec(odm, b.data, "cannot drop the class");
	odm_buf_reset(&b);
	if (rc == 0 && odm_buf_printf(&b, "DELETE FROM \"%s\"._odm_class WHERE name = ?1",
				      cls->schema) < 0)
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	if (rc == 0) {
		if (sqlite3_prepare_v2(odm->db, b.data, -1, &st, NULL) != SQLITE_OK) {
			rc = odm_dberr(odm, "cannot drop the class");
		} else {
			sqlite3_bind_text(st, 1, cls->name, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = odm_dberr(odm, "cannot drop the class");
			sqlite3_finalize(st);
		}
	}
	free(b.data);
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
	if ((rc = db_exec(odm, b.data, "cannot create the class")) < 0)
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
	if ((rc = db_exec(odm, b.data, "cannot create the class")) < 0)
		goto out;
meta:
	odm_buf_reset(&b);
	if (odm_buf_printf(&b, "INSERT INTO \"%s\"._odm_class(name, definition) VALUES(?1, ?2)",
			   schema) < 0 || odm_class_format(cls, &def, 1) < 0)
		goto nomem;
	if (sqlite3_prepare_v2(odm->db, b.data, -1, &st, NULL) != SQLITE_OK) {
		rc = odm_dberr(odm, "cannot create the class");
		goto out;
	}
	sqlite3_bind_text(st, 1, cls->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, def.data, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot create the class");
	goto out;
nomem:
	rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
out:
	sqlite3_finalize(st);
	free(b.data);
	free(def.data);
	return rc;
}

/* Name of an existing class that differs from @name only in case, or NULL. */
static int case_conflict(struct odm *odm, const char *name, char *out, size_t len)
{
	const char *schemas[2] = { "main", "pd" };
	int found = 0;

	need_pd(odm);
	for (int k = 0; k < (odm->has_pd ? 2 : 1) && !found; k++) {
		char sql[160];
		sqlite3_stmt *st;
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

ODM_EXPORT int odm_create_classes(struct odm *odm, const char *text, size_t len,
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

		if (old && strcmp(old->schema, "pd") == 0) {
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
			rc = create_table(odm, cls, "main");
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

ODM_EXPORT int odm_drop_class(struct odm *odm, const char *class_name)
{
	const struct odm_class *cls;
	int rc, own;

	if (odm->rdonly)
		return perm_err(odm);
	if ((rc = odm_get_class(odm, class_name, &cls)) < 0)
		return rc;
	/* A predefined class comes back only when its data changes: dropping
	 * it would break every device of its type until then. */
	if (strcmp(cls->schema, "pd") == 0)
		return odm_seterr(odm, ODM_E_INVAL,
				  "class '%s' is predefined: it cannot be dropped", class_name);
	if ((rc = op_begin(odm, 1, &own)) < 0)
		return rc;
	rc = op_end(odm, own, drop_table(odm, cls));
	if (rc == 0)
		retire_class(odm, cls);
	return rc;
}

ODM_EXPORT int odm_list_classes(struct odm *odm,
				int (*fn)(const char *class_name, void *arg),
				void *arg)
{
	const char *sql;
	sqlite3_stmt *st;
	int rc = need_pd(odm), s;

	if (rc < 0)
		return rc;
	sql = odm->has_pd ?
		"SELECT name FROM main._odm_class UNION SELECT name FROM pd._odm_class ORDER BY 1" :
		"SELECT name FROM main._odm_class ORDER BY 1";
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
	if (sqlite3_prepare_v3(odm->db, b.data, -1, SQLITE_PREPARE_PERSISTENT,
			       &cls->ins, NULL) != SQLITE_OK) {
		*rc = odm_dberr(odm, "cannot add objects");
		cls->ins = NULL;
	}
	free(b.data);
	return cls->ins;
nomem:
	free(b.data);
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

ODM_EXPORT int odm_add(struct odm *odm, struct odm_obj *obj)
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

ODM_EXPORT int odm_get(struct odm *odm, const struct odm_class *cls,
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
	if (sqlite3_prepare_v2(odm->db, b.data, -1, &st, NULL) != SQLITE_OK) {
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
	free(b.data);
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

ODM_EXPORT int odm_get_first(struct odm *odm, const struct odm_class *cls,
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

ODM_EXPORT int odm_get_q(struct odm *odm, const char *class_name,
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

ODM_EXPORT int odm_change(struct odm *odm, const struct odm_crit *crit,
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
	if (sqlite3_prepare_v2(odm->db, b.data, -1, &st, NULL) != SQLITE_OK) {
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
	free(b.data);
	return rc;
}

ODM_EXPORT int odm_delete(struct odm *odm, const struct odm_class *cls,
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
		free(b.data);
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	}
	if (sqlite3_prepare_v2(odm->db, b.data, -1, &st, NULL) != SQLITE_OK ||
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
	free(b.data);
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

ODM_EXPORT int odm_add_stanzas(struct odm *odm, const char *text, size_t len,
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

/* ---- the predefined database ----------------------------------------- */

struct dfile {
	char *path;    /* full path */
	char *rel;     /* odm/x.add */
	int cu;        /* odm/cu.cre */
	int kind;      /* 0 .cre, 1 .add */
	struct stat st;
};

struct dlist {
	struct dfile *f;
	int n;
};

static void dlist_free(struct dlist *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->f[i].path);
		free(l->f[i].rel);
	}
	free(l->f);
	l->f = NULL;
	l->n = 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a > b && strcmp(s + a - b, suf) == 0;
}

/*
 * Add the files of DATADIR/@sub to @l: with @cre, the *.cre files, then
 * the *.add files, each kind in name order.  The directory is read once
 * and its files are looked at through its descriptor: this runs on every
 * open that may write.
 */
static int scan_dir(struct odm *odm, const char *datadir, const char *sub,
		    int cre, struct dlist *l)
{
	char *dir = path_join(datadir, sub);
	char **names = NULL;
	int nn = 0, rc = 0, fd;
	DIR *d;
	struct dirent *e;

	if (!dir)
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	d = opendir(dir);
	if (!d) {
		free(dir);
		return 0; /* no such directory: no data of this kind */
	}
	fd = dirfd(d);
	while ((e = readdir(d))) {
		char **p;
		if (e->d_name[0] == '.' || !(ends_with(e->d_name, ".add") ||
					     (cre && ends_with(e->d_name, ".cre"))))
			continue;
		p = realloc(names, (size_t)(nn + 1) * sizeof(*p));
		if (!p || !(p[nn] = strdup(e->d_name))) {
			names = p ? p : names;
			rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
			break;
		}
		names = p;
		nn++;
	}
	if (rc == 0)
		qsort(names, (size_t)nn, sizeof(*names), name_cmp);
	for (int kind = 0; kind < 2 && rc == 0; kind++)
		for (int i = 0; i < nn && rc == 0; i++) {
			struct dfile *f;
			if (ends_with(names[i], ".add") != kind)
				continue;
			f = realloc(l->f, (size_t)(l->n + 1) * sizeof(*f));
			if (!f) {
				rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
				break;
			}
			l->f = f;
			f = &l->f[l->n];
			memset(f, 0, sizeof(*f));
			f->path = path_join(dir, names[i]);
			f->rel = path_join(sub, names[i]);
			f->kind = kind;
			f->cu = kind == 0 && strcmp(names[i], "cu.cre") == 0;
			l->n++;
			if (!f->path || !f->rel)
				rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
			else if (fstatat(fd, names[i], &f->st, 0) < 0)
				rc = odm_seterr(odm, ODM_E_IO, "cannot read '%s': %s",
						f->path, strerror(errno));
		}
	closedir(d);
	for (int i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	free(dir);
	return rc;
}

static int data_files(struct odm *odm, const char *datadir, struct dlist *l)
{
	int rc;

	if ((rc = scan_dir(odm, datadir, "odm", 1, l)) < 0 ||
	    (rc = scan_dir(odm, datadir, "menus", 0, l)) < 0)
		dlist_free(l);
	return rc;
}

/* The stamp of the predefined data: a hash of names, sizes and mtimes. */
static void data_stamp(const char *datadir, const struct dlist *l, char out[17])
{
	uint64_t h = 1469598103934665603ULL;
	char line[PATH_MAX + 128];

#define FNV(s) for (const char *q_ = (s); *q_; q_++) { \
		h ^= (unsigned char)*q_; h *= 1099511628211ULL; }
	FNV(STAMP_VERSION "\n");
	FNV(datadir);
	for (int i = 0; i < l->n; i++) {
		if (l->f[i].cu)
			continue;
		snprintf(line, sizeof(line), "\n%s %jd %jd.%09ld", l->f[i].rel,
			 (intmax_t)l->f[i].st.st_size,
			 (intmax_t)l->f[i].st.st_mtim.tv_sec,
			 (long)l->f[i].st.st_mtim.tv_nsec);
		FNV(line);
	}
#undef FNV
	snprintf(out, 17, "%016" PRIx64, h);
}

/*
 * The stamp in the name of the generation that the link @pdpath points
 * to: generations are named pd.<stamp>.<pid>.<time>.db and never change
 * once the link points to them, so a readlink(2) tells whether pd.db is
 * current without opening it.  Returns 0 when @pdpath is not such a link.
 */
static int link_stamp(const char *pdpath, char out[17])
{
	char target[128];
	ssize_t n = readlink(pdpath, target, sizeof(target) - 1);

	out[0] = '\0';
	if (n < 20 || strncmp(target, "pd.", 3) != 0 || target[19] != '.' ||
	    memchr(target, '/', (size_t)n))
		return 0;
	memcpy(out, target + 3, 16);
	out[16] = '\0';
	return 1;
}

/* The stamp stored in the database at @path ("" if none). */
static void read_stamp(const char *path, char out[17])
{
	sqlite3 *db;
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
		if (sqlite3_prepare_v2(db, "SELECT value FROM _odm_info WHERE key = 'stamp'",
				       -1, &st, NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
				snprintf(out, 17, "%s", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
	}
	sqlite3_close(db);
}

static int open_db(struct odm *odm, const char *path, int flags)
{
	/*
	 * A handle is used by one thread at a time: its connection needs no
	 * mutex of its own.
	 */
	if (sqlite3_open_v2(path, &odm->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		int rc = odm_seterr(odm, ODM_E_IO, "cannot open the database '%s': %s",
				    path, odm->db ? sqlite3_errmsg(odm->db) : "out of memory");
		return rc;
	}
	sqlite3_extended_result_codes(odm->db, 1);
	sqlite3_busy_handler(odm->db, busy_cb, odm);
	if (sqlite3_create_function(odm->db, "odm_glob", 2,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    odm_glob_func, NULL, NULL) != SQLITE_OK)
		return odm_dberr(odm, "cannot set up the database");
	return 0;
}

static const char meta_sql[] =
	"CREATE TABLE IF NOT EXISTS _odm_class(name TEXT PRIMARY KEY, definition TEXT NOT NULL)";

/* Build a predefined database at @path from the data files. */
static int build_pd(struct odm *odm, const char *path, const struct dlist *l,
		    const char *stamp)
{
	struct odm *b = odm_handle_new();
	sqlite3_stmt *st;
	int rc;

	if (!b)
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	b->dir = odm->dir;
	b->pd_build = 1;
	unlink(path);
	if ((rc = open_db(b, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) < 0)
		goto out;
	/* A scratch file until it is renamed: no journal, one fsync below. */
	if ((rc = db_exec(b, "PRAGMA journal_mode = OFF", "cannot build")) < 0 ||
	    (rc = db_exec(b, "PRAGMA synchronous = OFF", "cannot build")) < 0 ||
	    (rc = odm_begin(b)) < 0 ||
	    (rc = db_exec(b, meta_sql, "cannot build")) < 0 ||
	    (rc = db_exec(b, "CREATE TABLE _odm_info(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
			  "cannot build")) < 0)
		goto out;
	for (int k = 0; k < 2 && rc == 0; k++)
		for (int i = 0; i < l->n && rc == 0; i++) {
			char *text;
			size_t len;
			if (l->f[i].cu || l->f[i].kind != k)
				continue;
			if ((rc = read_file(b, l->f[i].path, &text, &len)) < 0)
				break;
			if (k == 0)
				rc = odm_create_classes(b, text, len, l->f[i].path, 0);
			else
				rc = odm_add_stanzas(b, text, len, l->f[i].path, NULL);
			free(text);
		}
	if (rc < 0)
		goto out;
	if (sqlite3_prepare_v2(b->db, "INSERT INTO _odm_info VALUES('stamp', ?1)", -1,
			       &st, NULL) != SQLITE_OK) {
		rc = odm_dberr(b, "cannot build");
		goto out;
	}
	sqlite3_bind_text(st, 1, stamp, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = odm_dberr(b, "cannot build");
	sqlite3_finalize(st);
	if (rc == 0)
		rc = odm_commit(b);
out:
	if (rc < 0)
		snprintf(odm->err, sizeof(odm->err), "cannot build the predefined database: %.400s",
			 b->err);
	sqlite3_finalize(b->find);
	odm_class_free_list(b->classes);
	odm_class_free_list(b->dead);
	sqlite3_close(b->db);
	free(b);
	if (rc == 0) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) < 0)
			rc = odm_seterr(odm, ODM_E_IO, "cannot write '%s': %s", path,
					strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (rc < 0)
		unlink(path);
	return rc;
}

static int lock_repo(struct odm *odm)
{
	return lock_fd(odm);
}

static void unlock_repo(struct odm *odm)
{
	unlock_fd(odm);
}

/* Remove predefined database generations other than @keep. */
static void remove_old_generations(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t kl = strlen(keep);

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *p;
		if (strncmp(e->d_name, "pd.", 3) != 0 || strcmp(e->d_name, "pd.db") == 0)
			continue;
		if (strncmp(e->d_name, keep, kl) == 0 &&
		    (e->d_name[kl] == '\0' || strcmp(e->d_name + kl, "-journal") == 0))
			continue;
		if (!ends_with(e->d_name, ".db") && !ends_with(e->d_name, ".db-journal"))
			continue;
		if ((p = path_join(dir, e->d_name))) {
			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

/* Make pd.db current: rebuild it (under the lock) if its stamp is stale. */
static int refresh_pd(struct odm *odm, const struct dlist *l, const char *stamp,
		      const char *pdpath)
{
	char have[17], gen[96], tmpl[96], *genpath = NULL, *tmppath = NULL;
	int rc;

	if ((rc = lock_repo(odm)) < 0)
		return rc;
	/* another process may have rebuilt it while we waited */
	if (!link_stamp(pdpath, have))
		read_stamp(pdpath, have);
	if (strcmp(have, stamp) == 0)
		goto out;
	snprintf(gen, sizeof(gen), "pd.%s.%ld.%ld.db", stamp, (long)getpid(),
		 (long)time(NULL));
	snprintf(tmpl, sizeof(tmpl), "pd.db.new.%ld", (long)getpid());
	genpath = path_join(odm->dir, gen);
	tmppath = path_join(odm->dir, tmpl);
	if (!genpath || !tmppath) {
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = build_pd(odm, genpath, l, stamp)) < 0)
		goto out;
	unlink(tmppath);
	if (symlink(gen, tmppath) < 0 || rename(tmppath, pdpath) < 0) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot install '%s': %s", pdpath,
				strerror(errno));
		unlink(tmppath);
		unlink(genpath);
		goto out;
	}
	remove_old_generations(odm->dir, gen);
out:
	free(genpath);
	free(tmppath);
	unlock_repo(odm);
	return rc;
}

static int class_exists(struct odm *odm, const char *name)
{
	sqlite3_stmt *st;
	int found = 0;

	need_pd(odm);
	if (sqlite3_prepare_v2(odm->db, odm->has_pd ?
			       "SELECT 1 FROM main._odm_class WHERE name = ?1"
			       " UNION ALL SELECT 1 FROM pd._odm_class WHERE name = ?1" :
			       "SELECT 1 FROM main._odm_class WHERE name = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static int attach_pd(struct odm *odm, const char *pdpath)
{
	sqlite3_stmt *a;
	int rc = 0;

	if (sqlite3_prepare_v2(odm->db, "ATTACH DATABASE ?1 AS pd", -1, &a,
			       NULL) != SQLITE_OK)
		return odm_dberr(odm, "cannot open the predefined database");
	sqlite3_bind_text(a, 1, pdpath, -1, SQLITE_STATIC);
	if (sqlite3_step(a) != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot open the predefined database");
	sqlite3_finalize(a);
	if (rc == 0)
		odm->has_pd = 1;
	return rc;
}

/* The stamp pd.db was built from, through the attached database. */
static void attached_stamp(struct odm *odm, char out[17])
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(odm->db, "SELECT value FROM pd._odm_info WHERE key = 'stamp'",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, 17, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Create the classes of cu.cre that cu.db does not have yet. */
static int upgrade_cu(struct odm *odm, const struct dfile *f)
{
	struct odm_class *list = NULL;
	struct odm_buf missing = { 0 };
	char *text;
	size_t len;
	int rc;

	if ((rc = read_file(odm, f->path, &text, &len)) < 0)
		return rc;
	/* the usual case, every class there: names only, nothing loaded */
	if ((rc = odm_class_parse(odm, text, len, f->path, NULL, &list)) < 0)
		goto out;
	/*
	 * sqlite's own schema, already in memory, answers without a query;
	 * a table that is missing there is looked up again below.
	 */
	for (struct odm_class *c = list; c; c = c->next)
		if (sqlite3_table_column_metadata(odm->db, NULL, c->name, NULL, NULL, NULL,
						  NULL, NULL, NULL) != SQLITE_OK &&
		    !class_exists(odm, c->name))
			goto need;
	goto out;
need:
	/* again, with the sizes of link descriptors taken from their targets */
	odm_class_free_list(list);
	list = NULL;
	if ((rc = odm_class_parse(odm, text, len, f->path, lookup_cb, &list)) < 0)
		goto out;
	/* Take the write lock, then look again: another process may be here. */
	if ((rc = odm_begin(odm)) < 0)
		goto out;
	for (struct odm_class *c = list; c && rc == 0; c = c->next)
		if (!odm_find_class(odm, c->name)) {
			if (missing.len)
				rc = odm_buf_add(&missing, "\n", 1);
			if (rc == 0)
				rc = odm_class_format(c, &missing, 1);
		}
	if (rc == 0 && missing.len)
		rc = odm_create_classes(odm, missing.data, missing.len, f->path, 0);
	if (rc == 0)
		rc = odm_commit(odm);
	else
		odm_rollback(odm);
out:
	odm_class_free_list(list);
	free(missing.data);
	free(text);
	return rc;
}

/*
 * sqlite counts every allocation it makes under a global mutex, for
 * statistics (sqlite3_memory_used) that nothing here reads: a quarter of
 * what a short command spends in sqlite.  Turn the counting off, once,
 * before sqlite starts.  When the program has started sqlite already,
 * sqlite3_config refuses (SQLITE_MISUSE) and nothing changes.
 */
static void no_memstatus(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void quiet_sqlite(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, no_memstatus);
}

ODM_EXPORT int odm_open(struct odm **out, const char *odmdir, unsigned flags)
{
	struct odm *odm = odm_handle_new();
	struct dlist l = { 0 };
	const char *dir = odmdir, *datadir;
	char *cupath = NULL, *pdpath = NULL, stamp[17], have[17] = "";
	struct stat st;
	int rc = 0, cu_exists;

	*out = odm;
	if (!odm)
		return -ODM_E_NOMEM;
	quiet_sqlite();
	if (!dir || !*dir)
		dir = getenv("ODMDIR");
	if (!dir || !*dir)
		dir = VIPA_ODMDIR;
	datadir = getenv("VIPA_DATADIR");
	if (!datadir || !*datadir)
		datadir = VIPA_DATADIR;
	odm->rdonly_flag = !!(flags & ODM_RDONLY);
	if (!(odm->dir = strdup(dir)) || !(cupath = path_join(dir, "cu.db")) ||
	    !(pdpath = path_join(dir, "pd.db"))) {
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		goto out;
	}
	if (stat(dir, &st) < 0) {
		if (errno != ENOENT || odm->rdonly_flag || mkdir_p(dir) < 0) {
			rc = odm_seterr(odm, ODM_E_IO, "cannot open the repository '%s': %s",
					dir, strerror(errno));
			goto out;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot open the repository '%s': %s",
				dir, strerror(ENOTDIR));
		goto out;
	}
	cu_exists = access(cupath, F_OK) == 0;
	odm->rdonly = odm->rdonly_flag || access(dir, W_OK) != 0 ||
		      (cu_exists && access(cupath, W_OK) != 0);
	odm->use_flock = !odm->rdonly;

	/* the customized database: main */
	if (odm->rdonly) {
		if (cu_exists)
			rc = open_db(odm, cupath, SQLITE_OPEN_READONLY);
		else if ((rc = open_db(odm, ":memory:", SQLITE_OPEN_READWRITE)) == 0)
			rc = db_exec(odm, meta_sql, "cannot open");
		if (rc < 0)
			goto out;
		/*
		 * A reader takes pd.db as it is: it may not rebuild it, so the
		 * data files are not even looked at.
		 */
		if (access(pdpath, F_OK) == 0) {
			odm->pd_later = pdpath;
			pdpath = NULL;
		}
		goto out;
	}
	if ((rc = open_db(odm, cupath, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) < 0)
		goto out;

	/*
	 * The predefined database: pd.  The usual case, nothing changed, costs
	 * a listing of the data files and a readlink(2) of pd.db.
	 */
	if ((rc = data_files(odm, datadir, &l)) < 0)
		goto out;
	data_stamp(datadir, &l, stamp);
	if (link_stamp(pdpath, have) && strcmp(have, stamp) == 0) {
		odm->pd_later = pdpath;
		pdpath = NULL;
	} else {
		if (access(pdpath, F_OK) == 0) {
			if ((rc = attach_pd(odm, pdpath)) < 0)
				goto out;
			attached_stamp(odm, have);
		}
		if (strcmp(have, stamp) != 0) {
			if (odm->has_pd) {
				sqlite3_finalize(odm->find);
				odm->find = NULL;
				if ((rc = db_exec(odm, "DETACH DATABASE pd", "cannot open")) < 0)
					goto out;
				odm->has_pd = 0;
			}
			if ((rc = refresh_pd(odm, &l, stamp, pdpath)) < 0 ||
			    (rc = attach_pd(odm, pdpath)) < 0)
				goto out;
		}
	}

	/* the meta table of cu.db, unless it is there (sqlite's own schema) */
	if (!cu_exists || sqlite3_table_column_metadata(odm->db, "main", "_odm_class", NULL,
							NULL, NULL, NULL, NULL,
							NULL) != SQLITE_OK)
		if ((rc = db_exec(odm, meta_sql, "cannot create the repository")) < 0)
			goto out;

	/* classes added to cu.cre since cu.db was made */
	for (int i = 0; i < l.n && rc == 0; i++)
		if (l.f[i].cu)
			rc = upgrade_cu(odm, &l.f[i]);
out:
	dlist_free(&l);
	free(cupath);
	free(pdpath);
	return rc;
}

ODM_EXPORT void odm_close(struct odm *odm)
{
	if (!odm)
		return;
	if (odm->depth > 0)
		txn_unlock(odm); /* closing rolls the transaction back */
	sqlite3_finalize(odm->find);
	odm_class_free_list(odm->classes);
	odm_class_free_list(odm->dead);
	if (odm->db)
		sqlite3_close_v2(odm->db);
	free(odm->pd_later);
	if (odm->lockfd >= 0)
		close(odm->lockfd);
	free(odm->dir);
	free(odm);
}
