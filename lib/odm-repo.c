/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * odm-repo.c - opening the repository (ODMDIR) and the generations of the
 * predefined database.
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
 *          .add files of DATADIR/odm and DATADIR/menus.  The SMIT classes
 *          (odm/sm.cre) and their objects go to a file of their own,
 *          sm.<G>.db, beside pd.db's generation pd.<G>.db (see find_sm).
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
 * The connection opens cu.db as "main" and attaches pd.db as "pd" (and
 * the SMIT database as "sm"), so one connection (and one transaction)
 * sees every class.  The journal is the
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "odm-internal.h"


#ifndef VIPA_ODMDIR
#define VIPA_ODMDIR "/var/lib/vipa/objrepos"
#endif
#ifndef VIPA_DATADIR
#define VIPA_DATADIR "/usr/share/vipa"
#endif

#define BUSY_TIMEOUT_MS 10000
#define STAMP_VERSION "vipa-odm-4"  /* 4: the SMIT classes in sm.*.db */

static int attach_pd(struct odm *odm, const char *pdpath);
static int attach_db(struct odm *odm, const char *path, const char *name);
static int repair_pd(struct odm *odm, const char *pdpath);
static int find_sm(struct odm *odm, const char *pdpath);
static int attach_checked(struct odm *odm, const char *path, const char *name);
static char *file_uri(const char *path, int rdonly);

/*
 * pd.db is attached when it is first needed: sqlite parses the schema of
 * every attached database before the first statement, and a command that
 * reads or writes only customized classes (odmget CuAt) need not pay for
 * the predefined ones.  ATTACH is refused inside a transaction, so every
 * transaction attaches it first.
 */
int odm_need_pd(struct odm *odm)
{
	char *path = odm->pd_later;
	int rc;

	if (!path || !sqlite3_get_autocommit(odm->db))
		return 0;
	odm->pd_later = NULL;
	rc = attach_pd(odm, path);
	if (rc < 0 && !odm->rdonly && !odm->pd_repaired)
		rc = repair_pd(odm, path);
	free(path);
	if (rc < 0)
		odm->pd_failed = rc;
	return rc;
}

/* The same for the SMIT database: only the menu engine reads its classes. */
int odm_need_sm(struct odm *odm)
{
	char *uri = odm->sm_later;
	int rc;

	if (!uri || !sqlite3_get_autocommit(odm->db))
		return 0;
	odm->sm_later = NULL;
	rc = attach_checked(odm, uri, "sm");
	free(uri);
	if (rc < 0 && !odm->rdonly && !odm->pd_repaired && odm->has_pd) {
		/* made with pd.db's generation: rebuild both */
		char *pdpath = odm_path_join(odm->dir, "pd.db");
		sqlite3_finalize(odm->find);
		odm->find = NULL;
		if (!pdpath)
			rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		else if ((rc = odm_db_exec(odm, "DETACH DATABASE pd", "cannot open")) == 0) {
			odm->has_pd = 0;
			if ((rc = repair_pd(odm, pdpath)) == 0 && (uri = odm->sm_later)) {
				odm->sm_later = NULL;
				rc = attach_checked(odm, uri, "sm");
				free(uri);
			}
		}
		free(pdpath);
	}
	if (rc < 0)
		odm->pd_failed = rc;
	else
		odm->has_sm = 1;
	return rc;
}

int odm_need_all(struct odm *odm)
{
	int rc = odm_need_pd(odm);

	return rc < 0 ? rc : odm_need_sm(odm);
}

struct odm *odm_handle_new(void)
{
	struct odm *odm = calloc(1, sizeof(*odm));

	if (odm)
		odm->lockfd = -1;
	return odm;
}

VIPA_EXPORT const char *odm_dir(const struct odm *odm)
{
	return odm->dir ? odm->dir : "";
}

char *odm_path_join(const char *a, const char *b)
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
			free(b.kit.data);
			return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		}
	if (ferror(f)) {
		fclose(f);
		free(b.kit.data);
		return odm_seterr(odm, ODM_E_IO, "cannot read '%s': %s", path,
				  strerror(errno));
	}
	fclose(f);
	if (!b.kit.data && odm_buf_grow(&b, 0) < 0)
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	*text = b.kit.data;
	*len = b.kit.len;
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

/* ---- what root trusts ------------------------------------------------- */

/*
 * Run as root, a directory or file of the repository or of the data is
 * trusted only when root owns it and no other user may write it (as sshd
 * with StrictModes and sudo judge theirs): else another user could put
 * files there, cu.db or the lock as a link to a file of root's, or a
 * pd.db whose SMIT commands root then runs.  Other users are trusted by
 * the permissions the kernel enforces for them.
 */
static int check_trusted(struct odm *odm, const char *what, const char *path,
			 const struct stat *st)
{
	if (geteuid() != 0)
		return 0;
	if (st->st_uid != 0)
		return odm_seterr(odm, ODM_E_IO,
				  "refusing %s '%s': it is owned by uid %ju, not by root"
				  " (fix: chown root '%s')", what, path, (uintmax_t)st->st_uid, path);
	if ((st->st_mode & S_IWOTH) || ((st->st_mode & S_IWGRP) && st->st_gid != 0))
		return odm_seterr(odm, ODM_E_IO,
				  "refusing %s '%s': other users may write it (fix: chmod go-w '%s')",
				  what, path, path);
	return 0;
}

/*
 * Run as root, pd.db must be what the rebuild makes: a link, inside the
 * repository, to a generation pd.<G>.db that is a plain file of root's
 * (or, made by an older version, a plain file of root's itself).
 */
static int pd_trusted(struct odm *odm, const char *pdpath)
{
	char target[128], *gen = NULL;
	struct stat st;
	ssize_t n;
	int rc;

	if (geteuid() != 0)
		return 0;
	if (lstat(pdpath, &st) < 0)
		return odm_seterr(odm, ODM_E_IO, "cannot open '%s': %s", pdpath, strerror(errno));
	if (S_ISLNK(st.st_mode)) {
		n = readlink(pdpath, target, sizeof(target) - 1);
		if (n < 4 || strncmp(target, "pd.", 3) != 0 || memchr(target, '/', (size_t)n))
			return odm_seterr(odm, ODM_E_IO,
					  "refusing '%s': a link out of the repository", pdpath);
		target[n] = '\0';
		if (!(gen = odm_path_join(odm->dir, target)))
			return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		if (lstat(gen, &st) < 0) {
			rc = odm_seterr(odm, ODM_E_IO, "cannot open '%s': %s", gen, strerror(errno));
			free(gen);
			return rc;
		}
	}
	if (!S_ISREG(st.st_mode))
		rc = odm_seterr(odm, ODM_E_IO, "refusing '%s': not a plain file", gen ? gen : pdpath);
	else
		rc = check_trusted(odm, "the predefined database", gen ? gen : pdpath, &st);
	free(gen);
	return rc;
}

/* ---- the predefined database ----------------------------------------- */

struct dfile {
	char *path;    /* full path */
	char *rel;     /* odm/x.add */
	int cu;        /* odm/cu.cre */
	int sm;        /* odm/sm.cre: the SMIT classes, in sm.db */
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
	char *dir = odm_path_join(datadir, sub);
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
	{
		struct stat dst;
		if (fstat(fd, &dst) < 0)
			rc = odm_seterr(odm, ODM_E_IO, "cannot read '%s': %s", dir, strerror(errno));
		else
			rc = check_trusted(odm, "the data directory (VIPA_DATADIR)", dir, &dst);
		if (rc < 0) {
			closedir(d);
			free(dir);
			return rc;
		}
	}
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
	if (rc == 0 && nn > 1)
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
			f->path = odm_path_join(dir, names[i]);
			f->rel = odm_path_join(sub, names[i]);
			f->kind = kind;
			f->cu = kind == 0 && strcmp(names[i], "cu.cre") == 0;
			f->sm = kind == 0 && strcmp(sub, "odm") == 0 &&
				strcmp(names[i], "sm.cre") == 0;
			l->n++;
			if (!f->path || !f->rel)
				rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
			else if (fstatat(fd, names[i], &f->st, 0) < 0)
				rc = odm_seterr(odm, ODM_E_IO, "cannot read '%s': %s",
						f->path, strerror(errno));
			else
				rc = check_trusted(odm, "the data file", f->path, &f->st);
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
	struct stat st;
	int rc;

	if (stat(datadir, &st) == 0 &&
	    (rc = check_trusted(odm, "the data directory (VIPA_DATADIR)", datadir, &st)) < 0)
		return rc;
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

/*
 * Connections accept URI file names (the SMIT database is attached as
 * one, see find_sm): a plain path that would read as a URI is given as
 * "./file:...".  Returns @path or *@tmp (to free).
 */
static const char *plain_path(const char *path, char **tmp)
{
	*tmp = NULL;
	if (strncmp(path, "file:", 5) != 0)
		return path;
	*tmp = odm_path_join(".", path);
	return *tmp ? *tmp : path;
}

/* "file:PATH?mode=rw" (ro with @rdonly), with % ? # and controls escaped. */
static char *file_uri(const char *path, int rdonly)
{
	struct odm_buf b = { 0 };

	if (odm_buf_add(&b, path[0] == '/' ? "file://" : "file:", path[0] == '/' ? 7 : 5) < 0)
		goto nomem;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20 || *p == 0x7f) {
			if (odm_buf_printf(&b, "%%%02X", *p) < 0)
				goto nomem;
		} else if (odm_buf_add(&b, (const char *)p, 1) < 0) {
			goto nomem;
		}
	}
	if (odm_buf_printf(&b, "?mode=%s", rdonly ? "ro" : "rw") < 0)
		goto nomem;
	return b.kit.data;
nomem:
	free(b.kit.data);
	return NULL;
}

static int open_db(struct odm *odm, const char *path, int flags)
{
	char *tmp;
	const char *name = plain_path(path, &tmp);
	int rc;

	/*
	 * A handle is used by one thread at a time: its connection needs no
	 * mutex of its own.
	 */
	rc = sqlite3_open_v2(name, &odm->db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
	free(tmp);
	if (rc != SQLITE_OK) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot open the database '%s': %s",
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
static const char fresh_sql[] = "CREATE TABLE main._odm_fresh(made TEXT)";
static const char meta_sql_sm[] =
	"CREATE TABLE sm._odm_class(name TEXT PRIMARY KEY, definition TEXT NOT NULL)";

static int fsync_path(struct odm *odm, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0 || fsync(fd) < 0)
		rc = odm_seterr(odm, ODM_E_IO, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/*
 * Build a predefined database at @path, and the SMIT database (the
 * classes of odm/sm.cre and their objects) at @smpath, from the data
 * files.
 */
static int build_pd(struct odm *odm, const char *path, const char *smpath,
		    const struct dlist *l, const char *stamp)
{
	struct odm *b = odm_handle_new();
	sqlite3_stmt *st;
	int rc;

	if (!b)
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	b->dir = odm->dir;
	b->pd_build = 1;
	unlink(path);
	unlink(smpath);
	if ((rc = open_db(b, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) < 0)
		goto out;
	if ((rc = attach_db(b, smpath, "sm")) < 0)
		goto out;
	b->has_sm = 1;
	/* Scratch files until they are renamed: no journal, one fsync below. */
	if ((rc = odm_db_exec(b, "PRAGMA journal_mode = OFF", "cannot build")) < 0 ||
	    (rc = odm_db_exec(b, "PRAGMA synchronous = OFF", "cannot build")) < 0 ||
	    (rc = odm_db_exec(b, "PRAGMA sm.journal_mode = OFF", "cannot build")) < 0 ||
	    (rc = odm_db_exec(b, "PRAGMA sm.synchronous = OFF", "cannot build")) < 0 ||
	    (rc = odm_begin(b)) < 0 ||
	    (rc = odm_db_exec(b, meta_sql, "cannot build")) < 0 ||
	    (rc = odm_db_exec(b, meta_sql_sm, "cannot build")) < 0 ||
	    (rc = odm_db_exec(b, "CREATE TABLE _odm_info(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
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
			b->create_schema = l->f[i].sm ? "sm" : NULL;
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
	if (rc == 0 && (rc = fsync_path(odm, path)) == 0)
		rc = fsync_path(odm, smpath);
	if (rc < 0) {
		unlink(path);
		unlink(smpath);
	}
	return rc;
}

/*
 * Remove the generations (pd.<G>.db and sm.<G>.db, with their journals)
 * other than @keep's (pd.<G>.db).
 */
static void remove_old_generations(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	const char *g = keep + 3;
	size_t gl = strlen(g);

	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		char *p;
		if ((strncmp(n, "pd.", 3) != 0 && strncmp(n, "sm.", 3) != 0) ||
		    strcmp(n, "pd.db") == 0 || strcmp(n, "sm.db") == 0)
			continue;
		if (strncmp(n + 3, g, gl) == 0 &&
		    (n[3 + gl] == '\0' || strcmp(n + 3 + gl, "-journal") == 0))
			continue;
		if (!ends_with(n, ".db") && !ends_with(n, ".db-journal"))
			continue;
		if ((p = odm_path_join(dir, n))) {
			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

/*
 * Make pd.db current: rebuild it (under the lock) if its stamp is stale,
 * or with @bad when it cannot be read.
 */
static int refresh_pd(struct odm *odm, const struct dlist *l, const char *stamp,
		      const char *pdpath, const char *bad)
{
	char have[17], gen[96], smgen[96], tmpl[96];
	char *genpath = NULL, *smpath = NULL, *tmppath = NULL;
	int rc;

	if ((rc = odm_lock_repo(odm)) < 0)
		return rc;
	/*
	 * Another process may have rebuilt it while we waited.  With @bad
	 * (what pd.db pointed to when it could not be read, "" if it was no
	 * link) it is rebuilt unless it changed since.
	 */
	if (bad) {
		char now[128];
		ssize_t n = readlink(pdpath, now, sizeof(now) - 1);
		now[n > 0 ? n : 0] = '\0';
		if (strcmp(now, bad) != 0)
			goto out;
	} else {
		if (!link_stamp(pdpath, have))
			read_stamp(pdpath, have);
		if (strcmp(have, stamp) == 0)
			goto out;
	}
	snprintf(gen, sizeof(gen), "pd.%s.%ld.%ld.db", stamp, (long)getpid(),
		 (long)time(NULL));
	snprintf(smgen, sizeof(smgen), "sm.%s", gen + 3);
	snprintf(tmpl, sizeof(tmpl), "pd.db.new.%ld", (long)getpid());
	genpath = odm_path_join(odm->dir, gen);
	smpath = odm_path_join(odm->dir, smgen);
	tmppath = odm_path_join(odm->dir, tmpl);
	if (!genpath || !smpath || !tmppath) {
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = build_pd(odm, genpath, smpath, l, stamp)) < 0)
		goto out;
	unlink(tmppath);
	if (symlink(gen, tmppath) < 0 || rename(tmppath, pdpath) < 0) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot install '%s': %s", pdpath,
				strerror(errno));
		unlink(tmppath);
		unlink(genpath);
		unlink(smpath);
		goto out;
	}
	remove_old_generations(odm->dir, gen);
out:
	free(genpath);
	free(smpath);
	free(tmppath);
	odm_unlock_repo(odm);
	return rc;
}

/*
 * Build pd.db again because it cannot be read (see attach_checked), and
 * attach it.  Done once per handle; a reader, which may not write the
 * repository, gets the error instead.
 */
static int repair_pd(struct odm *odm, const char *pdpath)
{
	struct dlist l = { 0 };
	char stamp[17], bad[128];
	ssize_t n = readlink(pdpath, bad, sizeof(bad) - 1);
	int rc;

	bad[n > 0 ? n : 0] = '\0';
	odm->pd_repaired = 1;
	sqlite3_finalize(odm->find);
	odm->find = NULL;
	free(odm->sm_later);
	odm->sm_later = NULL;
	if ((rc = data_files(odm, odm->datadir, &l)) < 0)
		return rc;
	data_stamp(odm->datadir, &l, stamp);
	rc = refresh_pd(odm, &l, stamp, pdpath, bad);
	dlist_free(&l);
	if (rc == 0 && (rc = attach_pd(odm, pdpath)) == 0)
		rc = find_sm(odm, pdpath);
	return rc;
}

static int class_exists(struct odm *odm, const char *name)
{
	sqlite3_stmt *st;
	int found = 0;

	odm_need_pd(odm);
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

static int attach_db(struct odm *odm, const char *path, const char *name)
{
	char sql[64];
	sqlite3_stmt *a;
	int rc = 0;

	snprintf(sql, sizeof(sql), "ATTACH DATABASE ?1 AS %s", name);
	if (sqlite3_prepare_v2(odm->db, sql, -1, &a, NULL) != SQLITE_OK)
		return odm_dberr(odm, "cannot open the predefined database");
	sqlite3_bind_text(a, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(a) != SQLITE_DONE)
		rc = odm_dberr(odm, "cannot open the predefined database");
	sqlite3_finalize(a);
	return rc;
}

/*
 * pd.db and the SMIT database are derived data: one that cannot be read
 * (a truncated or overwritten file, not a database, a link to elsewhere)
 * is built again by a writer (repair_pd).  An attached database without
 * its meta table is such a one: a zero-length file attaches as empty.
 */
static int attach_checked(struct odm *odm, const char *path, const char *name)
{
	char what[64], why[ODM_ERRLEN];
	int rc = attach_db(odm, path, name);

	if (rc == 0 && sqlite3_table_column_metadata(odm->db, name, "_odm_class", "name", NULL,
						     NULL, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(what, sizeof(what), "DETACH DATABASE %s", name);
		sqlite3_exec(odm->db, what, NULL, NULL, NULL);
		rc = odm_seterr(odm, ODM_E_DB, "it holds no object classes");
	}
	if (rc < 0) {
		memcpy(why, odm->err, sizeof(why));
		rc = odm_seterr(odm, -rc,
				"the predefined database '%s/%s' is damaged (%.200s); a command run by a"
				" user who may write the repository builds it again",
				odm->dir, strcmp(name, "pd") == 0 ? "pd.db" : "sm.*.db", why);
	}
	return rc;
}

static int attach_pd(struct odm *odm, const char *pdpath)
{
	char *tmp, why[ODM_ERRLEN];
	int rc;

	if ((rc = pd_trusted(odm, pdpath)) < 0) {
		memcpy(why, odm->err, sizeof(why));
		return odm_seterr(odm, -rc,
				  "%.300s; a command run by root that may write the repository builds"
				  " the predefined database again", why);
	}
	/*
	 * The connection does not follow links (SQLITE_OPEN_NOFOLLOW, for
	 * cu.db), and ATTACH inherits that: the generation pd.db points to is
	 * attached by its own name, by a URI that does not create it.  A
	 * rebuild in another process may remove it in between: then pd.db
	 * points to a new one, which is tried in turn.
	 */
	for (int tries = 0; ; tries++) {
		char target[128], *gen, *uri;
		ssize_t n = readlink(pdpath, target, sizeof(target) - 1);

		if (n < 4 || strncmp(target, "pd.", 3) != 0 || memchr(target, '/', (size_t)n)) {
			rc = attach_checked(odm, plain_path(pdpath, &tmp), "pd");
			free(tmp);
			break;
		}
		target[n] = '\0';
		gen = odm_path_join(odm->dir, target);
		uri = gen ? file_uri(gen, odm->rdonly) : NULL;
		free(gen);
		if (!uri)
			return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		rc = attach_checked(odm, uri, "pd");
		free(uri);
		if (rc == 0 || tries == 2)
			break;
		n = readlink(pdpath, why, sizeof(why) - 1);
		if (n < 0 || (size_t)n != strlen(target) || memcmp(why, target, (size_t)n) != 0)
			continue;
		break;
	}
	if (rc == 0)
		odm->has_pd = 1;
	return rc;
}

/*
 * The SMIT classes (sm_menu_opt ...) are in a database of their own,
 * sm.<G>.db beside the generation pd.<G>.db that pd.db points to: made in
 * the same build and installed by the same rename of the link, so the two
 * always match.  Most commands never read a menu and never attach it (its
 * schema is more than half of the predefined classes').  It is attached
 * by a URI that forbids creating the file: a generation that a rebuild
 * in another process has just removed fails to attach (the lookup of a
 * SMIT class then fails) instead of coming back as an empty file.  A
 * pd.db that is not such a link, or a generation made before this split,
 * has no sm file: its SMIT classes are in pd.db itself.
 */
static int find_sm(struct odm *odm, const char *pdpath)
{
	char target[128], name[136], *path;
	ssize_t n = readlink(pdpath, target, sizeof(target) - 1);

	if (n < 4 || strncmp(target, "pd.", 3) != 0 || memchr(target, '/', (size_t)n))
		return 0;
	target[n] = '\0';
	snprintf(name, sizeof(name), "sm.%s", target + 3);
	if (!(path = odm_path_join(odm->dir, name)))
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	if (access(path, F_OK) == 0 && !(odm->sm_later = file_uri(path, odm->rdonly))) {
		free(path);
		return odm_seterr(odm, ODM_E_NOMEM, "out of memory");
	}
	free(path);
	return 0;
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
	if ((rc = odm_class_parse(odm, text, len, f->path, odm_find_class, &list)) < 0)
		goto out;
	/* Take the write lock, then look again: another process may be here. */
	if ((rc = odm_begin(odm)) < 0)
		goto out;
	for (struct odm_class *c = list; c && rc == 0; c = c->next)
		if (!odm_find_class(odm, c->name)) {
			if (missing.kit.len)
				rc = odm_buf_add(&missing, "\n", 1);
			if (rc == 0)
				rc = odm_class_format(c, &missing, 1);
		}
	if (rc == 0 && missing.kit.len)
		rc = odm_create_classes(odm, missing.kit.data, missing.kit.len, f->path, 0);
	if (rc == 0)
		rc = odm_commit(odm);
	else
		odm_rollback(odm);
out:
	odm_class_free_list(list);
	free(missing.kit.data);
	free(text);
	return rc;
}

/* Whether cu.db has its meta table, read from the file. */
static int has_meta(struct odm *odm)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(odm->db, "SELECT 1 FROM main.sqlite_master WHERE name = '_odm_class'",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
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

VIPA_EXPORT int odm_open(struct odm **out, const char *odmdir, unsigned flags)
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
	if (!(odm->dir = strdup(dir)) || !(odm->datadir = strdup(datadir)) || !(cupath = odm_path_join(dir, "cu.db")) ||
	    !(pdpath = odm_path_join(dir, "pd.db"))) {
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		goto out;
	}
	if (stat(dir, &st) < 0) {
		if (errno != ENOENT || odm->rdonly_flag || mkdir_p(dir) < 0) {
			rc = odm_seterr(odm, errno == EACCES || errno == EPERM || errno == EROFS
					? ODM_E_PERM : ODM_E_IO,
					"cannot open the repository '%s': %s", dir, strerror(errno));
			goto out;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot open the repository '%s': %s",
				dir, strerror(ENOTDIR));
		goto out;
	}
	if ((stat(dir, &st) < 0 &&
	     (rc = odm_seterr(odm, ODM_E_IO, "cannot open the repository '%s': %s", dir,
			      strerror(errno))) < 0) ||
	    (rc = check_trusted(odm, "the repository (ODMDIR)", dir, &st)) < 0)
		goto out;
	/* cu.db is never a link: one is not followed (as root, nor the lock) */
	if (lstat(cupath, &st) == 0 && S_ISLNK(st.st_mode)) {
		rc = odm_seterr(odm, ODM_E_IO, "refusing '%s': a symbolic link, which the"
				" customized database never is", cupath);
		goto out;
	}
	cu_exists = access(cupath, F_OK) == 0;
	odm->rdonly = odm->rdonly_flag || access(dir, W_OK) != 0 ||
		      (cu_exists && access(cupath, W_OK) != 0);
	odm->use_flock = !odm->rdonly;

	/* the customized database: main */
	if (odm->rdonly) {
		if (cu_exists)
			rc = open_db(odm, cupath, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW);
		else if ((rc = open_db(odm, ":memory:", SQLITE_OPEN_READWRITE)) == 0)
			rc = odm_db_exec(odm, meta_sql, "cannot open");
		if (rc < 0)
			goto out;
		odm->cu_fresh = !cu_exists ||
			sqlite3_table_column_metadata(odm->db, "main", "_odm_class", NULL, NULL,
						      NULL, NULL, NULL, NULL) != SQLITE_OK ||
			sqlite3_table_column_metadata(odm->db, "main", "_odm_fresh", NULL, NULL,
						      NULL, NULL, NULL, NULL) == SQLITE_OK;
		/*
		 * A reader takes pd.db as it is: it may not rebuild it, so the
		 * data files are not even looked at.
		 */
		if (access(pdpath, F_OK) == 0) {
			rc = find_sm(odm, pdpath);
			odm->pd_later = pdpath;
			pdpath = NULL;
		}
		goto out;
	}
	if ((rc = open_db(odm, cupath, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			  SQLITE_OPEN_NOFOLLOW)) < 0)
		goto out;

	/*
	 * The predefined database: pd.  The usual case, nothing changed, costs
	 * a listing of the data files and a readlink(2) of pd.db.
	 */
	if ((rc = data_files(odm, datadir, &l)) < 0)
		goto out;
	data_stamp(datadir, &l, stamp);
	if (link_stamp(pdpath, have) && strcmp(have, stamp) == 0) {
		if ((rc = find_sm(odm, pdpath)) < 0)
			goto out;
		odm->pd_later = pdpath;
		pdpath = NULL;
	} else {
		/* one that cannot be read is built again, as a stale one */
		if (access(pdpath, F_OK) == 0 && attach_pd(odm, pdpath) == 0)
			attached_stamp(odm, have);
		if (strcmp(have, stamp) != 0) {
			if (odm->has_pd) {
				sqlite3_finalize(odm->find);
				odm->find = NULL;
				if ((rc = odm_db_exec(odm, "DETACH DATABASE pd", "cannot open")) < 0)
					goto out;
				odm->has_pd = 0;
			}
			if ((rc = refresh_pd(odm, &l, stamp, pdpath, NULL)) < 0 ||
			    (rc = attach_pd(odm, pdpath)) < 0 ||
			    (rc = find_sm(odm, pdpath)) < 0)
				goto out;
		}
	}

	/*
	 * The meta table of cu.db, unless it is there (sqlite's own schema).
	 * A cu.db made now (absent, or a zero-length file) is marked new
	 * (odm_cu_lost): in the transaction that creates its meta table, so
	 * that of two processes that start on it at once only one makes it.
	 */
	if (!cu_exists || sqlite3_table_column_metadata(odm->db, "main", "_odm_class", NULL,
							NULL, NULL, NULL, NULL,
							NULL) != SQLITE_OK) {
		if ((rc = odm_db_exec(odm, "BEGIN IMMEDIATE", "cannot create the repository")) < 0)
			goto out;
		/* read under the lock: the schema in memory may predate another's */
		if (!has_meta(odm) &&
		    ((rc = odm_db_exec(odm, meta_sql, "cannot create the repository")) < 0 ||
		     (rc = odm_db_exec(odm, fresh_sql, "cannot create the repository")) < 0)) {
			sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL);
			goto out;
		}
		if ((rc = odm_db_exec(odm, "COMMIT", "cannot create the repository")) < 0) {
			sqlite3_exec(odm->db, "ROLLBACK", NULL, NULL, NULL);
			goto out;
		}
	}

	/* classes added to cu.cre since cu.db was made */
	for (int i = 0; i < l.n && rc == 0; i++)
		if (l.f[i].cu)
			rc = upgrade_cu(odm, &l.f[i]);
	odm->cu_fresh = sqlite3_table_column_metadata(odm->db, "main", "_odm_fresh", NULL, NULL,
						      NULL, NULL, NULL, NULL) == SQLITE_OK;
out:
	dlist_free(&l);
	free(cupath);
	free(pdpath);
	return rc;
}

/* ---- damage, a new cu.db and its last good copy ---------------------- */

/*
 * cu.db is the one copy of what the administrator configured.  When a
 * statement finds it corrupt, or a class it must hold is missing,
 * sqlite's quick_check tells damage from an ordinary error: the message
 * then says where the database is and how its last good copy (kept by
 * odm_save_good) is put back.  Returns -ODM_E_DB with that message, or 0
 * when cu.db is sound.
 */
int odm_cu_damaged(struct odm *odm)
{
	sqlite3_stmt *st;
	char why[160] = "";
	int bad = 1;

	if (!odm->db)
		return 0;
	if (sqlite3_prepare_v2(odm->db, "PRAGMA main.quick_check(1)", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *r = (const char *)sqlite3_column_text(st, 0);
			bad = !r || strcmp(r, "ok") != 0;
			snprintf(why, sizeof(why), "%s", r ? r : "");
		} else {
			snprintf(why, sizeof(why), "%s", sqlite3_errmsg(odm->db));
		}
		sqlite3_finalize(st);
	} else {
		snprintf(why, sizeof(why), "%s", sqlite3_errmsg(odm->db));
	}
	if (!bad)
		return 0;
	for (char *p = why; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return odm_seterr(odm, ODM_E_DB,
			  "the repository database '%s/" ODM_CU_DB "' is damaged (%s): put back its"
			  " last good copy '%s/" ODM_CU_GOOD "' (see cfgif(8), RESTORING)",
			  odm->dir, strncmp(why, "*** in database main *** ", 25) == 0 ? why + 25 : why,
			  odm->dir);
}

/*
 * A customized database made by an open (absent, or a zero-length file)
 * carries the table _odm_fresh until the first transaction a caller
 * commits.  A new cu.db beside a last good copy (which only a repository
 * in use has) was lost or emptied.  Without the copy it is taken as new:
 * a first command killed before its commit leaves only new ones.
 */
VIPA_EXPORT int odm_cu_lost(const struct odm *odm)
{
	char *good;
	int lost;

	if (!odm->cu_fresh || !(good = odm_path_join(odm->dir, ODM_CU_GOOD)))
		return 0;
	lost = access(good, F_OK) == 0;
	free(good);
	return lost;
}

/*
 * Keep a copy of cu.db as it is now, when it passes quick_check, in
 * ODMDIR/cu.db.good: sqlite's online backup into a new file, synced,
 * then renamed over the old copy, so that the copy is always whole.
 */
VIPA_EXPORT int odm_save_good(struct odm *odm)
{
	char *good = NULL, *tmp = NULL, tname[64];
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc, fd;

	if (odm->rdonly)
		return odm_seterr(odm, ODM_E_PERM, "no permission to write the repository '%s'",
				  odm->dir);
	if ((rc = odm_cu_damaged(odm)) < 0)
		return rc;
	snprintf(tname, sizeof(tname), ODM_CU_GOOD ".new.%ld", (long)getpid());
	if (!(good = odm_path_join(odm->dir, ODM_CU_GOOD)) ||
	    !(tmp = odm_path_join(odm->dir, tname))) {
		rc = odm_seterr(odm, ODM_E_NOMEM, "out of memory");
		goto out;
	}
	unlink(tmp);
	/* a new file of our own: never a link planted in its place */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot write '%s': %s", tmp,
				dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", odm->db, "main");
	if (!b) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot copy the repository to '%s': %s", tmp,
				sqlite3_errmsg(dst));
		goto out;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot copy the repository to '%s': %s", tmp,
				sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_close(dst);
	dst = NULL;
	if ((rc = fsync_path(odm, tmp)) < 0)
		goto out;
	if (rename(tmp, good) < 0) {
		rc = odm_seterr(odm, ODM_E_IO, "cannot write '%s': %s", good, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (dst)
		sqlite3_close(dst);
	if (rc < 0 && tmp)
		unlink(tmp);
	free(good);
	free(tmp);
	return rc;
}

VIPA_EXPORT void odm_close(struct odm *odm)
{
	if (!odm)
		return;
	if (odm->depth > 0 && odm->use_flock)
		odm_unlock_repo(odm); /* closing rolls the transaction back */
	sqlite3_finalize(odm->find);
	odm_class_free_list(odm->classes);
	odm_class_free_list(odm->dead);
	if (odm->db)
		sqlite3_close_v2(odm->db);
	free(odm->pd_later);
	free(odm->sm_later);
	if (odm->lockfd >= 0)
		close(odm->lockfd);
	free(odm->dir);
	free(odm->datadir);
	free(odm);
}
