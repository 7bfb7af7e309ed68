/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-odm-store.c - the repository against scratch directories: first
 * use of an empty ODMDIR, classes, objects, criteria, transactions,
 * stanza input, read-only use, rebuilding the predefined database, and
 * the upgrade of a repository whose pd.db holds the SMIT classes too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>
#include <time.h>
#include <sqlite3.h>

#include "odm.h"
#include "odm-test.h"
#include "../tap.h"

static const char cu_cre[] =
	"/* customized */\n"
	"#include <nothing.h>\n"
	"class CuX {\n"
	"	char name[16];\n"
	"	char attribute[16];\n"
	"	char value[256];\n"
	"	short nls_index; // a number\n"
	"	link PdX PdX key PdXLn;\n"
	"};\n";

static const char pd_cre[] =
	"class PdX {\n"
	"	char key[32];\n"
	"	vchar text[64];\n"
	"	long64 big;\n"
	"	double d;\n"
	"	method Run;\n"
	"	ulong u;\n"
	"};\n";

static const char x_add[] =
	"PdX:\n\tkey = \"k1\"\n\ttext = \"first\"\n\tbig = 9000000000\n\td = 0.5\n\n"
	"PdX:\n\tkey = \"k2\"\n\ttext = \"second\"\n\tRun = \"/bin/true\"\n\tu = 4294967295\n";

static const char m_add[] = "# a menu file\nPdX:\n\tkey = \"menu\"\n";

static int count_cb(const struct odm_obj *o, void *arg)
{
	(void)o;
	(*(int *)arg)++;
	return 0;
}

/* Number of objects of @cls matching @crit, or a negative error. */
static int count(struct odm *odm, const char *cls, const char *crit)
{
	int n = 0, rc = odm_get_q(odm, cls, crit, count_cb, &n);

	return rc < 0 ? rc : n;
}

/* The values of descriptor @desc of the matches, joined with ','. */
static struct odm_buf *joined;
static const char *join_desc;

static int join_cb(const struct odm_obj *o, void *arg)
{
	(void)arg;
	if (odm_buf_len(joined))
		odm_buf_add(joined, ",", 1);
	odm_buf_printf(joined, "%s", odm_obj_get(o, join_desc));
	return 0;
}

static const char *values(struct odm *odm, const char *cls, const char *crit,
			  const char *desc)
{
	static char out[1024];

	odm_buf_reset(joined);
	join_desc = desc;
	if (odm_get_q(odm, cls, crit, join_cb, NULL) < 0)
		snprintf(out, sizeof(out), "ERR: %s", odm_errmsg(odm));
	else
		snprintf(out, sizeof(out), "%s", odm_buf_data(joined));
	return out;
}

static int list_cb(const char *name, void *arg)
{
	struct odm_buf *b = arg;

	odm_buf_printf(b, "%s%s", odm_buf_len(b) ? "," : "", name);
	return 0;
}

static const char *class_list(struct odm *odm)
{
	static char out[512];
	struct odm_buf *b = odm_buf_new();

	if (odm_list_classes(odm, list_cb, b) < 0)
		snprintf(out, sizeof(out), "ERR: %s", odm_errmsg(odm));
	else
		snprintf(out, sizeof(out), "%s", odm_buf_data(b));
	odm_buf_free(b);
	return out;
}

static const char *show(struct odm *odm, const char *name)
{
	static char out[2048];
	const struct odm_class *cls;
	struct odm_buf *b = odm_buf_new();

	if (odm_get_class(odm, name, &cls) < 0)
		snprintf(out, sizeof(out), "ERR: %s", odm_errmsg(odm));
	else if (odm_class_show(cls, b) < 0)
		snprintf(out, sizeof(out), "ERR");
	else
		snprintf(out, sizeof(out), "%s", odm_buf_data(b));
	odm_buf_free(b);
	return out;
}

static int add_cux(struct odm *odm, const char *name, const char *attr,
		   const char *value)
{
	const struct odm_class *cls;
	struct odm_obj *o;
	int rc;

	if ((rc = odm_get_class(odm, "CuX", &cls)) < 0)
		return rc;
	o = odm_obj_new(cls);
	if ((rc = odm_obj_set(odm, o, "name", name)) == 0 &&
	    (rc = odm_obj_set(odm, o, "attribute", attr)) == 0 &&
	    (rc = odm_obj_set(odm, o, "value", value)) == 0)
		rc = odm_add(odm, o);
	odm_obj_free(o);
	return rc;
}

static int add_text(struct odm *odm, const char *text, long *n)
{
	return odm_add_stanzas(odm, text, strlen(text), "t.add", n);
}

/* Number of pd.*.db generation files in @dir. */
static int generations(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, "pd.", 3) == 0 && strcmp(e->d_name, "pd.db") != 0)
			n++;
	if (d)
		closedir(d);
	return n;
}

static void touch_later(const char *rel)
{
	/* a different mtime even on file systems with coarse timestamps */
	struct timespec ts[2];
	struct stat st;

	stat(t_path(rel), &st);
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	ts[1].tv_sec += 5;
	utimensat(AT_FDCWD, t_path(rel), ts, 0);
}


/* Number of files of @dir whose name starts with @prefix, but pd.db. */
static int files_like(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 &&
		    strcmp(e->d_name, "pd.db") != 0)
			n++;
	if (d)
		closedir(d);
	return n;
}

static int exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);

	if (rc != SQLITE_OK)
		printf("# %s: %s\n", sql, err ? err : "?");
	sqlite3_free(err);
	return rc == SQLITE_OK;
}

/*
 * Turn the repository @dir into the layout of the versions before the
 * SMIT database of its own: one generation pd.<stamp>.<pid>.<time>.db
 * holding every predefined class, the SMIT ones included, made under an
 * older stamp, and no sm.*.db.  The tables are made from the very CREATE
 * statements the store wrote, as the older versions wrote them.
 */
static int make_old_layout(const char *dir)
{
	char target[256], gen[1024], sm[1024], old[1024], link[1024], sql[1200];
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	ssize_t len;
	int good;

	snprintf(link, sizeof(link), "%s/pd.db", dir);
	len = readlink(link, target, sizeof(target) - 1);
	if (len < 4)
		return 0;
	target[len] = '\0';
	snprintf(gen, sizeof(gen), "%s/%s", dir, target);
	snprintf(sm, sizeof(sm), "%s/sm.%s", dir, target + 3);
	snprintf(old, sizeof(old), "%s/pd.0123456789abcdef.1.1.db", dir);
	if (sqlite3_open(gen, &db) != SQLITE_OK)
		return 0;
	snprintf(sql, sizeof(sql), "ATTACH '%s' AS sm", sm);
	good = exec_ok(db, sql) && exec_ok(db, "BEGIN");
	if (good && sqlite3_prepare_v2(db, "SELECT name, sql FROM sm.sqlite_master WHERE "
				       "type = 'table' AND name <> '_odm_class'", -1, &st,
				       NULL) == SQLITE_OK) {
		while (good && sqlite3_step(st) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 0);
			good = exec_ok(db, (const char *)sqlite3_column_text(st, 1));
			snprintf(sql, sizeof(sql),
				 "INSERT INTO main.\"%s\" SELECT * FROM sm.\"%s\"", name, name);
			good = good && exec_ok(db, sql);
		}
		sqlite3_finalize(st);
	}
	good = good && exec_ok(db, "INSERT INTO main._odm_class SELECT * FROM sm._odm_class") &&
		exec_ok(db, "UPDATE _odm_info SET value = '0123456789abcdef' WHERE key = 'stamp'") &&
		exec_ok(db, "COMMIT") && exec_ok(db, "DETACH sm");
	sqlite3_close(db);
	return good && rename(gen, old) == 0 && unlink(sm) == 0 && unlink(link) == 0 &&
		symlink("pd.0123456789abcdef.1.1.db", link) == 0;
}

static const char sm_cre[] =
	"class sm_menu_opt {\n"
	"	char id_seq_num[16];\n"
	"	char id[64];\n"
	"	char text[256];\n"
	"};\n";

static const char sm_add[] =
	"sm_menu_opt:\n\tid_seq_num = \"010\"\n\tid = \"top\"\n\ttext = \"First\"\n\n"
	"sm_menu_opt:\n\tid_seq_num = \"020\"\n\tid = \"top\"\n\ttext = \"Second\"\n";

/*
 * The SMIT classes in a database of their own, and the upgrade of a
 * repository made before: its customized objects are kept, every class
 * reads the same before (read-only, as it is) and after (rebuilt).
 */
static void test_smit_database(void)
{
	struct odm *odm = NULL;
	char repo[512];
	int rc;

	snprintf(repo, sizeof(repo), "%s", t_path("up/repo"));
	t_write("up/data/odm/cu.cre", cu_cre);
	t_write("up/data/odm/pd.cre", pd_cre);
	t_write("up/data/odm/sm.cre", sm_cre);
	t_write("up/data/odm/x.add", x_add);
	t_write("up/data/menus/m.add", m_add);
	t_write("up/data/menus/s.add", sm_add);
	setenv("VIPA_DATADIR", t_path("up/data"), 1);

	rc = odm_open(&odm, repo, 0);
	is_int(rc, 0, "smit: a new repository");
	is_int(files_like(repo, "pd."), 1, "smit: one generation of pd.db");
	is_int(files_like(repo, "sm."), 1, "smit: and one SMIT database beside it");
	is_str(class_list(odm), "CuX,PdX,sm_menu_opt", "smit: every class listed");
	is_int(add_cux(odm, "vi0", "netaddr", "10.0.0.1"), 0, "smit: a customized object");
	odm_close(odm);

	/* a report reads cu.db and pd.db; a menu is found in sm.db */
	rc = odm_open(&odm, repo, ODM_RDONLY);
	is_str(values(odm, "PdX", NULL, "key"), "k1,k2,menu", "smit: predefined objects");
	is_str(values(odm, "sm_menu_opt", NULL, "text"), "First,Second", "smit: the menu objects");
	odm_close(odm);
	/* ... also when first asked for inside a read snapshot */
	rc = odm_open(&odm, repo, 0);
	is_int(odm_read_begin(odm), 0, "smit: a read snapshot");
	is_str(values(odm, "CuX", NULL, "value"), "10.0.0.1", "smit: ... reads cu.db");
	is_str(values(odm, "sm_menu_opt", "id_seq_num=020", "text"), "Second",
	       "smit: ... and then the SMIT database");
	is_int(odm_read_end(odm), 0, "smit: ... and ends");
	/* writes reach it too (lost at the next rebuild, as in pd.db) */
	is_int(odm_add_stanzas(odm, sm_add, strlen(sm_add), "s.add", NULL), 0,
	       "smit: odmadd to a SMIT class");
	is_int(count(odm, "sm_menu_opt", NULL), 4, "smit: ... added");
	is_int(odm_create_classes(odm, sm_cre, strlen(sm_cre), "sm.cre", 1), -ODM_E_CLASSEXISTS,
	       "smit: a SMIT class is predefined: odmcreate -c refuses it");
	is_int(odm_drop_class(odm, "sm_menu_opt"), -ODM_E_INVAL, "smit: ... and odmdrop");
	odm_close(odm);

	/* the repository as the versions before made it */
	ok(make_old_layout(repo), "upgrade: the repository made in the old layout");
	is_int(files_like(repo, "sm."), 0, "upgrade: no SMIT database");
	rc = odm_open(&odm, repo, ODM_RDONLY);
	is_int(rc, 0, "upgrade: read-only open of the old layout");
	is_str(class_list(odm), "CuX,PdX,sm_menu_opt", "upgrade: every class, as it is");
	is_str(values(odm, "sm_menu_opt", NULL, "text"), "First,Second,First,Second",
	       "upgrade: the menus read from pd.db");
	is_str(values(odm, "CuX", NULL, "value"), "10.0.0.1", "upgrade: the customized object");
	odm_close(odm);
	ok(access(t_path("up/repo/pd.0123456789abcdef.1.1.db"), F_OK) == 0,
	   "upgrade: a reader rebuilt nothing");

	rc = odm_open(&odm, repo, 0);
	is_int(rc, 0, "upgrade: the first open that may write");
	ok(access(t_path("up/repo/pd.0123456789abcdef.1.1.db"), F_OK) != 0,
	   "upgrade: the old generation removed");
	is_int(files_like(repo, "pd."), 1, "upgrade: one new generation of pd.db");
	is_int(files_like(repo, "sm."), 1, "upgrade: and its SMIT database");
	is_str(class_list(odm), "CuX,PdX,sm_menu_opt", "upgrade: every class");
	is_str(values(odm, "CuX", NULL, "value"), "10.0.0.1", "upgrade: cu.db kept");
	is_str(values(odm, "PdX", NULL, "key"), "k1,k2,menu", "upgrade: predefined objects");
	is_str(values(odm, "sm_menu_opt", NULL, "text"), "First,Second",
	       "upgrade: the menus, from the installed text again");
	odm_close(odm);
}

int main(void)
{
	struct odm *odm = NULL, *ro = NULL;
	const struct odm_class *cux, *pdx;
	struct odm_obj *o;
	struct odm_crit *crit;
	struct stat st;
	long n;
	int rc;

	joined = odm_buf_new();
	t_mkroot();
	t_write("data/odm/cu.cre", cu_cre);
	t_write("data/odm/pd.cre", pd_cre);
	t_write("data/odm/x.add", x_add);
	t_write("data/menus/m.add", m_add);
	t_write("data/odm/README", "not data\n");
	setenv("VIPA_DATADIR", t_path("data"), 1);
	unsetenv("ODMDIR");

	/* ---- first use of a directory that does not exist yet */
	rc = odm_open(&odm, t_path("repo/sub"), 0);
	is_int(rc, 0, "open creates the repository");
	if (rc < 0) {
		printf("Bail out! %s\n", odm_errmsg(odm));
		return 1;
	}
	is_str(odm_dir(odm), t_path("repo/sub"), "odm_dir");
	ok(stat(t_path("repo/sub/cu.db"), &st) == 0 && S_ISREG(st.st_mode), "cu.db made");
	ok(lstat(t_path("repo/sub/pd.db"), &st) == 0 && S_ISLNK(st.st_mode), "pd.db made (a link)");
	ok(stat(t_path("repo/sub/pd.db"), &st) == 0 && S_ISREG(st.st_mode), "pd.db points to a file");
	is_int(generations(t_path("repo/sub")), 1, "one generation of pd.db");
	is_str(class_list(odm), "CuX,PdX", "classes of cu.cre and pd.cre");
	is_str(show(odm, "CuX"),
	       "class CuX {\n\tchar name[16];\n\tchar attribute[16];\n\tchar value[256];\n"
	       "\tshort nls_index;\n\tlink PdX PdX key PdXLn[32];\n};\n",
	       "odmshow CuX (link size from PdX.key)");
	is_str(show(odm, "PdX"),
	       "class PdX {\n\tchar key[32];\n\tvchar text[64];\n\tlong64 big;\n\tdouble d;\n"
	       "\tmethod Run[256];\n\tulong u;\n};\n", "odmshow PdX");
	is_str(show(odm, "Nope"), "ERR: object class 'Nope' does not exist", "unknown class");
	is_str(values(odm, "PdX", NULL, "key"), "k1,k2,menu", "predefined objects of odm/ and menus/");
	is_str(values(odm, "PdX", "key=k1", "big"), "9000000000", "long64 value");
	is_str(values(odm, "PdX", "key=k1", "d"), "0.5", "double value");
	is_str(values(odm, "PdX", "key=k2", "u"), "4294967295", "ulong value");
	is_str(values(odm, "PdX", "key=menu", "text"), "", "unset string is empty");
	is_str(values(odm, "PdX", "key=menu", "big"), "0", "unset number is 0");
	is_str(values(odm, "PdX", "d > 0.25", "key"), "k1", "double criteria");
	is_str(values(odm, "PdX", "big >= 0x100000000", "key"), "k1", "hex criteria");

	/* ---- objects */
	is_int(add_cux(odm, "vi0", "netaddr", "10.0.0.1"), 0, "add an object");
	is_int(add_cux(odm, "vi0", "netmask", "255.255.255.0"), 0, "add another");
	is_int(add_cux(odm, "vi1", "netaddr", "10.0.0.2"), 0, "add a third");
	is_int(add_cux(odm, "en0", "state", "up"), 0, "add a fourth");
	is_int(count(odm, "CuX", NULL), 4, "four objects");
	is_str(values(odm, "CuX", "name=vi0 and attribute=netmask", "value"), "255.255.255.0",
	       "get by two criteria");
	is_str(values(odm, "CuX", "name like 'vi*'", "attribute"), "netaddr,netmask,netaddr",
	       "like with *");
	is_str(values(odm, "CuX", "name like v?1", "value"), "10.0.0.2", "like with ?");
	is_str(values(odm, "CuX", "name like '[!v]*'", "name"), "en0", "like with [!..]");
	is_str(values(odm, "CuX", "name like 'V*'", "name"), "", "like is case-sensitive");
	is_str(values(odm, "CuX", "name like 'vi'", "name"), "", "like matches the whole value");
	is_str(values(odm, "CuX", "name != vi0", "name"), "vi1,en0", "!=");
	is_str(values(odm, "CuX", "name = 'vi0'' or 1=1 --'", "name"), "", "values are bound, not pasted");
	is_str(values(odm, "CuX", "nme = x", "name"),
	       "ERR: criteria \"nme = x\", column 1: unknown descriptor 'nme' in class 'CuX'",
	       "bad criteria through odm_get_q");

	odm_get_class(odm, "CuX", &cux);
	is_int(odm_get_first(odm, cux, "name=vi1", &o), 0, "get_first");
	is_str(o ? odm_obj_get(o, "value") : NULL, "10.0.0.2", "get_first value");
	is_int(o ? odm_obj_id(o) : 0, 3, "hidden _id");
	is_str(o ? odm_obj_get(o, "nls_index") : NULL, "0", "unset short is 0");
	odm_obj_free(o);
	is_int(odm_get_first(odm, cux, "name=none", &o), 0, "get_first, no match");
	ok(o == NULL, "no match: NULL");

	/* value checks */
	o = odm_obj_new(cux);
	is_int(odm_obj_set(odm, o, "name", "0123456789abcdef"), -ODM_E_VALUE, "char[16] holds 15 bytes");
	is_str(odm_errmsg(odm),
	       "value of 'CuX.name' is too long: 16 bytes, char[16] holds at most 15",
	       "too long: message");
	is_int(odm_obj_set(odm, o, "name", "0123456789abcde"), 0, "15 bytes fit");
	is_int(odm_obj_set(odm, o, "nls_index", "32768"), -ODM_E_VALUE, "short range");
	is_str(odm_errmsg(odm),
	       "value '32768' of 'CuX.nls_index' is out of range for short (-32768..32767)",
	       "short range: message");
	is_int(odm_obj_set(odm, o, "nls_index", "-32768"), 0, "short minimum");
	is_int(odm_obj_set(odm, o, "nls_index", "1x"), -ODM_E_VALUE, "not a number");
	is_str(odm_errmsg(odm), "value '1x' of 'CuX.nls_index' is not a number (short)",
	       "not a number: message");
	is_int(odm_obj_set(odm, o, "nls_index", ""), -ODM_E_VALUE, "empty number");
	is_int(odm_obj_set(odm, o, "nls_index", " 1"), -ODM_E_VALUE, "number with a blank");
	is_int(odm_obj_set(odm, o, "nls_index", "99999999999999999999"), -ODM_E_VALUE, "huge number");
	is_str(odm_errmsg(odm),
	       "value '99999999999999999999' of 'CuX.nls_index' is out of range for short (-32768..32767)",
	       "huge number: message");
	is_int(odm_obj_set(odm, o, "nope", "1"), -ODM_E_DESC, "unknown descriptor");
	is_str(odm_errmsg(odm), "class 'CuX' has no descriptor 'nope'", "unknown descriptor: message");
	is_str(odm_obj_get(o, "name"), "0123456789abcde", "value kept");
	is_int(odm_obj_set(odm, o, "name", NULL), 0, "unset");
	ok(odm_obj_get(o, "name") == NULL, "unset reads NULL");
	odm_obj_free(o);
	odm_get_class(odm, "PdX", &pdx);
	o = odm_obj_new(pdx);
	is_int(odm_obj_set(odm, o, "u", "-1"), -ODM_E_VALUE, "ulong is not negative");
	is_int(odm_obj_set(odm, o, "u", "4294967296"), -ODM_E_VALUE, "ulong is 32 bits");
	is_int(odm_obj_set(odm, o, "big", "-9223372036854775808"), 0, "long64 minimum");
	is_int(odm_obj_set(odm, o, "d", "1e400"), -ODM_E_VALUE, "double overflow");
	is_int(odm_obj_set(odm, o, "d", "nan"), -ODM_E_VALUE, "double nan");
	is_int(odm_obj_set(odm, o, "Run", "/usr/bin/x"), 0, "method value");
	odm_obj_free(o);

	/* change and delete */
	o = odm_obj_new(cux);
	odm_obj_set(odm, o, "value", "10.9.9.9");
	odm_obj_set(odm, o, "nls_index", "7");
	odm_crit_compile(odm, cux, "attribute=netaddr", &crit);
	is_int(odm_change(odm, crit, o, &n), 0, "change");
	is_int(n, 2, "change: two objects");
	odm_crit_free(crit);
	is_str(values(odm, "CuX", "nls_index=7", "value"), "10.9.9.9,10.9.9.9", "changed");
	is_str(values(odm, "CuX", "name=vi0 and attribute=netmask", "value"), "255.255.255.0",
	       "others unchanged");
	odm_obj_clear(o);
	odm_obj_set(odm, o, "attribute", "state");
	is_int(odm_change(odm, NULL, o, &n), 0, "change all");
	is_int(n, 4, "change all: four");
	odm_obj_free(o);
	odm_crit_compile(odm, cux, "name like 'vi*'", &crit);
	is_int(odm_delete(odm, cux, crit, &n), 0, "delete");
	is_int(n, 3, "delete: three");
	odm_crit_free(crit);
	is_str(values(odm, "CuX", NULL, "name"), "en0", "one left");
	odm_crit_compile(odm, pdx, NULL, &crit);
	is_int(odm_delete(odm, cux, crit, &n), -ODM_E_INVAL, "criteria of another class");
	odm_crit_free(crit);

	/* ---- transactions */
	is_int(odm_in_txn(odm), 0, "no transaction");
	is_int(odm_commit(odm), -ODM_E_TXN, "commit without begin");
	is_str(odm_errmsg(odm), "commit without a transaction", "commit without begin: message");
	is_int(odm_rollback(odm), -ODM_E_TXN, "rollback without begin");
	is_int(odm_begin(odm), 0, "begin");
	is_int(odm_begin(odm), 0, "begin nested");
	is_int(odm_in_txn(odm), 2, "depth 2");
	add_cux(odm, "t1", "a", "1");
	is_int(odm_commit(odm), 0, "inner commit");
	is_int(count(odm, "CuX", "name=t1"), 1, "visible inside");
	is_int(odm_commit(odm), 0, "outer commit");
	is_int(count(odm, "CuX", "name=t1"), 1, "committed");
	odm_begin(odm);
	add_cux(odm, "t2", "a", "1");
	is_int(odm_rollback(odm), 0, "rollback");
	is_int(count(odm, "CuX", "name=t2"), 0, "rolled back");
	odm_begin(odm);
	add_cux(odm, "t3", "a", "1");
	odm_begin(odm);
	add_cux(odm, "t4", "a", "1");
	is_int(odm_rollback(odm), 0, "inner rollback");
	is_int(odm_in_txn(odm), 1, "depth 1 after inner rollback");
	is_int(odm_commit(odm), -ODM_E_TXN, "outer commit after inner rollback fails");
	is_str(odm_errmsg(odm), "transaction rolled back: an inner transaction was rolled back",
	       "... with a message");
	is_int(count(odm, "CuX", "name=t3 or name=t4") < 0, 1, "or is refused");
	is_int(count(odm, "CuX", "name like 't[34]'"), 0, "whole transaction rolled back");
	is_int(odm_in_txn(odm), 0, "no transaction left");
	/* a failing operation inside a transaction changes nothing and
	 * leaves the transaction usable */
	odm_begin(odm);
	add_cux(odm, "t5", "a", "1");
	is_int(add_text(odm, "CuX:\n\tname = \"t6\"\n\nCuX:\n\tname = \"t7\"\n\tbad = 1\n", &n),
	       -ODM_E_DESC, "bad stanzas inside a transaction");
	is_int(count(odm, "CuX", "name like 't[67]'"), 0, "none of them added");
	add_cux(odm, "t8", "a", "1");
	is_int(odm_commit(odm), 0, "the transaction still commits");
	is_str(values(odm, "CuX", "name like 't*'", "name"), "t1,t5,t8", "with its other work");

	/* two handles of one process: the second does not wait forever */
	{
		struct odm *h2;
		char m[600];
		is_int(odm_open(&h2, t_path("repo/sub"), 0), 0, "a second handle");
		is_int(odm_begin(odm), 0, "first handle begins");
		is_int(odm_begin(h2), -ODM_E_BUSY, "second handle cannot begin meanwhile");
		snprintf(m, sizeof(m), "the repository '%s' is locked by another handle of this process",
			 t_path("repo/sub"));
		is_str(odm_errmsg(h2), m, "... message");
		is_int(odm_rollback(odm), 0, "first handle ends");
		is_int(odm_begin(h2), 0, "then the second begins");
		odm_close(h2);
		is_int(odm_begin(odm), 0, "closing a handle ends its transaction");
		is_int(odm_commit(odm), 0, "... commit");
	}

	/* ---- stanzas */
	is_int(add_text(odm, "# two objects\nCuX:\n\tname = \"s1\"\n\tnls_index = 3\n\n"
			"CuX:\n\tattribute = a\n\tname = s2\n", &n), 0, "add stanzas");
	is_int(n, 2, "two added");
	is_str(values(odm, "CuX", "name like 's*'", "nls_index"), "3,0", "their values");
	is_str(values(odm, "CuX", "name=s2", "attribute"), "a", "bare value, any order");
	struct { const char *text; int rc; const char *msg; } bad[] = {
		{ "CuX:\n\tname = \"s3\"\n\nNoSuch:\n\tname = \"x\"\n", -ODM_E_NOCLASS,
		  "t.add:4: object class 'NoSuch' does not exist" },
		{ "CuX:\n\tname = \"s3\"\n\nCuX:\n\tname = \"x\"\n\tnope = 1\n", -ODM_E_DESC,
		  "t.add:6: object class 'CuX' has no descriptor 'nope'" },
		{ "CuX:\n\tname = \"s3\"\n\nCuX:\n\tname = \"0123456789abcdef\"\n", -ODM_E_VALUE,
		  "t.add:5: value of 'CuX.name' is too long: 16 bytes, char[16] holds at most 15" },
		{ "CuX:\n\tname = \"s3\"\n\nCuX:\n\tnls_index = \"x\"\n", -ODM_E_VALUE,
		  "t.add:5: value 'x' of 'CuX.nls_index' is not a number (short)" },
		{ "CuX:\n\tname = \"s3\"\n\nCuX:\n\tnls_index = 70000\n", -ODM_E_VALUE,
		  "t.add:5: value '70000' of 'CuX.nls_index' is out of range for short (-32768..32767)" },
		{ "CuX:\n\tname = \"s3\"\n\tname = \"s4\"\n", -ODM_E_STANZA,
		  "t.add:3: descriptor 'name' given twice in one stanza" },
		{ "CuX:\n\tname = \"s3\"\n\nCuX:\n\tname = \"s4\n", -ODM_E_STANZA,
		  "t.add:5: unterminated string: no closing '\"'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		is_int(add_text(odm, bad[i].text, &n), bad[i].rc, bad[i].msg);
		is_str(odm_errmsg(odm), bad[i].msg, "... message");
		is_int(n, 0, "... count 0");
	}
	is_int(count(odm, "CuX", "name like 's[34]'"), 0, "a bad stanza anywhere adds nothing");

	/* ---- classes */
	const char *cre = "class Mine { char id[8]; short n; };\nclass Other { vchar v[4]; };";
	is_int(odm_create_classes(odm, cre, strlen(cre), "m.cre", 0), 0, "create two classes");
	is_str(class_list(odm), "CuX,Mine,Other,PdX", "listed in name order");
	is_int(add_text(odm, "Mine:\n\tid = a\n\tn = 1\n\nOther:\n\tv = abc\n", &n), 0, "add to them");
	is_int(odm_create_classes(odm, cre, strlen(cre), "m.cre", 0), -ODM_E_CLASSEXISTS,
	       "create again: exists");
	is_str(odm_errmsg(odm), "m.cre:1: object class 'Mine' already exists", "exists: message");
	is_int(count(odm, "Mine", NULL), 1, "... and nothing changed");
	is_int(odm_create_classes(odm, "class Other { short z; };", 25, "o.cre", 1), 0,
	       "create with replace");
	is_str(show(odm, "Other"), "class Other {\n\tshort z;\n};\n", "replaced definition");
	is_int(count(odm, "Other", NULL), 0, "replaced class is empty");
	is_int(odm_create_classes(odm, "class MINE { short z; };", 24, "o.cre", 0),
	       -ODM_E_CLASSEXISTS, "names that differ only in case");
	is_str(odm_errmsg(odm), "o.cre:1: object class 'MINE' conflicts with 'Mine' (names differ only in case)",
	       "case conflict: message");
	is_int(odm_create_classes(odm, "class PdX { short z; };", 23, "o.cre", 1),
	       -ODM_E_CLASSEXISTS, "a predefined class is not replaced");
	is_str(odm_errmsg(odm), "o.cre:1: object class 'PdX' already exists as a predefined class",
	       "predefined: message");
	is_int(odm_create_classes(odm, "class A { short z; }; class B { short z }; ", 43, "b.cre", 0),
	       -ODM_E_CLASSDEF, "syntax error");
	is_str(odm_errmsg(odm), "b.cre:1: expected ';' after a descriptor, found '}'", "syntax error: message");
	is_int(count(odm, "A", NULL), -ODM_E_NOCLASS, "nothing created on error");
	is_int(odm_drop_class(odm, "Other"), 0, "drop");
	is_int(count(odm, "Other", NULL), -ODM_E_NOCLASS, "dropped");
	is_str(odm_errmsg(odm), "object class 'Other' does not exist", "dropped: message");
	is_int(odm_drop_class(odm, "Other"), -ODM_E_NOCLASS, "drop again");

	/* more class definition errors */
	struct { const char *text; const char *msg; } cdef[] = {
		{ "class X { char a; };", "c:1: descriptor 'a' needs a size: char a[N]" },
		{ "class X { short a[2]; };", "c:1: numeric descriptor 'a' takes no size" },
		{ "class X { int a; };", "c:1: unknown descriptor type 'int' in class 'X'" },
		{ "class X { char a[0]; };", "c:1: bad size '0' of 'a' (1..1048576)" },
		{ "class X { char a[1x]; };", "c:1: bad size '1x' of 'a' (1..1048576)" },
		{ "class X { char a[]; };", "c:1: expected a size after 'a[', found ']'" },
		{ "class X {\n short a;\n short A;\n};",
		  "c:3: descriptor 'A' defined twice in class 'X' (names differ only in case)" },
		{ "class X { short _id; };", "c:1: descriptor name '_id' is reserved" },
		{ "class X { };", "c:1: class 'X' has no descriptors" },
		{ "class X { short a;", "c:1: missing '}' at the end of class 'X'" },
		{ "class X { short a; };\nclass X { short b; };", "c:2: class 'X' defined twice" },
		{ "klass X", "c:1: expected 'class', found 'klass'" },
		{ "class { }", "c:1: expected a class name, found '{'" },
		{ "class sqlite_x { short a; };", "c:1: class name 'sqlite_x' is reserved" },
		{ "class X { short a; }; /* open", "c:1: unterminated comment" },
		{ "class X { short a; @ };", "c:1: unknown descriptor type '@' in class 'X'" },
		{ "", "c: no class definition" },
		{ "class X { link A B c; };", "c:1: expected a descriptor name, found ';'" },
	};
	for (size_t i = 0; i < sizeof(cdef) / sizeof(cdef[0]); i++) {
		is_int(odm_create_classes(odm, cdef[i].text, strlen(cdef[i].text), "c", 0),
		       -ODM_E_CLASSDEF, cdef[i].msg);
		is_str(odm_errmsg(odm), cdef[i].msg, "... message");
	}

	/* ---- read-only */
	rc = odm_open(&ro, t_path("repo/sub"), ODM_RDONLY);
	is_int(rc, 0, "open read-only");
	is_int(count(ro, "CuX", "name=t1"), 1, "read-only: reads");
	is_int(count(ro, "PdX", NULL), 3, "read-only: reads predefined");
	is_int(add_cux(ro, "r1", "a", "1"), -ODM_E_PERM, "read-only: add refused");
	{
		char m[600];
		snprintf(m, sizeof(m), "the repository '%s' is opened read-only", t_path("repo/sub"));
		is_str(odm_errmsg(ro), m, "read-only: message");
	}
	is_int(add_text(ro, "CuX:\n\tname = r\n", &n), -ODM_E_PERM, "read-only: odmadd refused");
	is_int(odm_begin(ro), -ODM_E_PERM, "read-only: begin refused");
	is_int(odm_drop_class(ro, "Mine"), -ODM_E_PERM, "read-only: drop refused");
	odm_close(ro);
	rc = odm_open(&ro, t_path("nonexistent"), ODM_RDONLY);
	is_int(rc, -ODM_E_IO, "read-only open of a missing directory");
	odm_close(ro);
	/* a repository this user may not write: as root, try as nobody */
	{
		pid_t pid;
		int status = -1;

		chmod(t_root, 0755);
		chmod(t_path("repo"), 0755);
		if (geteuid() != 0)
			chmod(t_path("repo/sub"), 0555);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			int fails = 0;
			char m[600];
			if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
				_exit(100);
			rc = odm_open(&ro, t_path("repo/sub"), 0);
			if (rc != 0)
				fails |= 1;
			if (count(ro, "CuX", "name=t1") != 1)
				fails |= 2;
			if (add_cux(ro, "r1", "a", "1") != -ODM_E_PERM)
				fails |= 4;
			snprintf(m, sizeof(m), "no permission to write the repository '%s'",
				 t_path("repo/sub"));
			if (strcmp(odm_errmsg(ro), m) != 0) {
				printf("# got: %s\n", odm_errmsg(ro));
				fails |= 8;
			}
			odm_close(ro);
			fflush(stdout);
			_exit(fails);
		}
		waitpid(pid, &status, 0);
		chmod(t_path("repo/sub"), 0755);
		is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
		       "an unwritable ODMDIR opens read-only: reads work, writes fail with a message");
	}

	/* ---- writes into predefined classes work until the next rebuild */
	is_int(add_text(odm, "PdX:\n\tkey = local\n", &n), 0, "add to a predefined class");
	is_int(count(odm, "PdX", NULL), 4, "visible");
	odm_close(odm);

	/* ---- the data changes: pd.db is rebuilt, cu.db is kept */
	t_write("data/odm/x.add", "PdX:\n\tkey = \"k9\"\n");
	touch_later("data/odm/x.add");
	rc = odm_open(&odm, t_path("repo/sub"), 0);
	is_int(rc, 0, "open after the data changed");
	is_str(values(odm, "PdX", NULL, "key"), "k9,menu", "predefined objects rebuilt");
	is_str(values(odm, "CuX", "name like 't*'", "name"), "t1,t5,t8", "customized objects kept");
	is_int(count(odm, "Mine", NULL), 1, "customized classes kept");
	is_int(generations(t_path("repo/sub")), 1, "the old generation is removed");
	odm_close(odm);

	/* an upgrade adds classes to cu.cre */
	t_write("data/odm/cu.cre", "class CuX { char name[16]; };\nclass CuNew { char n[4]; };\n");
	rc = odm_open(&odm, t_path("repo/sub"), 0);
	is_int(rc, 0, "open after cu.cre gained a class");
	is_str(class_list(odm), "CuNew,CuX,Mine,PdX", "the new class is there");
	is_str(show(odm, "CuX"),
	       "class CuX {\n\tchar name[16];\n\tchar attribute[16];\n\tchar value[256];\n"
	       "\tshort nls_index;\n\tlink PdX PdX key PdXLn[32];\n};\n",
	       "an existing class is not changed");
	odm_close(odm);

	/* a class dropped from cu.db is made again from cu.cre on the next open */
	rc = odm_open(&odm, t_path("repo/sub"), 0);
	is_int(odm_drop_class(odm, "CuNew"), 0, "drop a class of cu.cre");
	odm_close(odm);
	rc = odm_open(&odm, t_path("repo/sub"), 0);
	is_str(class_list(odm), "CuNew,CuX,Mine,PdX", "... it is back after the next open");
	odm_close(odm);

	/* ---- a read snapshot: one state for all its reads; writers wait */
	{
		int go[2], status = -1, before;
		pid_t pid;
		char c = 0;

		if (pipe(go) < 0)
			return 1;
		pid = fork();
		if (pid == 0) {
			struct odm *w;
			close(go[1]);
			/* only after the parent's snapshot has read */
			if (read(go[0], &c, 1) != 1)
				_exit(2);
			if (odm_open(&w, t_path("repo/sub"), 0) != 0 ||
			    add_cux(w, "snap", "a", "1") != 0)
				_exit(1);
			odm_close(w);
			_exit(0);
		}
		close(go[0]);
		rc = odm_open(&odm, t_path("repo/sub"), 0);
		is_int(odm_read_begin(odm), 0, "begin a read snapshot");
		is_int(odm_read_begin(odm), 0, "... nested");
		before = count(odm, "CuX", NULL);
		is_str(values(odm, "PdX", NULL, "key"), "k9,menu", "predefined objects in the snapshot");
		if (write(go[1], "x", 1) != 1)
			return 1;
		usleep(300 * 1000);
		is_int(count(odm, "CuX", NULL), before,
		       "the snapshot does not see a write made meanwhile");
		is_int(odm_begin(odm), -ODM_E_TXN, "no write transaction inside a snapshot");
		is_str(odm_errmsg(odm), "cannot write while a read snapshot is open", "... message");
		is_int(add_cux(odm, "no", "a", "1"), -ODM_E_TXN, "no write inside a snapshot");
		is_int(odm_read_end(odm), 0, "end the nested snapshot");
		is_int(count(odm, "CuX", NULL), before, "... still the snapshot");
		is_int(odm_read_end(odm), 0, "end the snapshot");
		waitpid(pid, &status, 0);
		close(go[1]);
		is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
		       "the writer waited for the snapshot, then wrote");
		is_int(count(odm, "CuX", NULL), before + 1, "its object is seen after the snapshot");
		is_int(odm_read_end(odm), 0, "an unmatched end does nothing");
		is_int(odm_begin(odm), 0, "a write transaction after the snapshot");
		is_int(odm_read_begin(odm), 0, "a snapshot inside it does nothing");
		is_int(add_cux(odm, "in", "a", "1"), 0, "... and writes still work");
		is_int(odm_read_end(odm), 0, "... its end does nothing either");
		is_int(odm_rollback(odm), 0, "roll back");
		is_int(count(odm, "CuX", "name = in"), 0, "rolled back");
		odm_close(odm);
	}

	/* pd.db as a plain file, not a link: read, checked and not rebuilt */
	{
		char target[256], gen[300];
		ssize_t len = readlink(t_path("repo/sub/pd.db"), target, sizeof(target) - 1);
		target[len > 0 ? len : 0] = '\0';
		snprintf(gen, sizeof(gen), "%s/%s", t_path("repo/sub"), target);
		ok(len > 0 && rename(gen, t_path("repo/sub/pd.db")) == 0, "pd.db made a plain file");
		rc = odm_open(&odm, t_path("repo/sub"), 0);
		is_int(rc, 0, "open with a plain pd.db");
		is_str(values(odm, "PdX", NULL, "key"), "k9,menu", "... its objects");
		is_int(generations(t_path("repo/sub")), 0, "... and it was not rebuilt");
		odm_close(odm);
		/* a read-only open reads it too */
		rc = odm_open(&odm, t_path("repo/sub"), ODM_RDONLY);
		is_str(values(odm, "PdX", NULL, "key"), "k9,menu", "read-only: its objects");
		odm_close(odm);
	}

	/* a broken data file: the open fails and says where */
	t_write("data/menus/bad.add", "PdX:\n\tkey = \"x\n");
	rc = odm_open(&odm, t_path("repo/sub"), 0);
	is_int(rc, -ODM_E_STANZA, "a bad predefined file fails the open");
	char want[600];
	snprintf(want, sizeof(want), "cannot build the predefined database: %s:2: unterminated string: no closing '\"'",
		 t_path("data/menus/bad.add"));
	is_str(odm_errmsg(odm), want, "... naming the file and line");
	odm_close(odm);
	unlink(t_path("data/menus/bad.add"));

	/* no data directory: no predefined classes */
	setenv("VIPA_DATADIR", t_path("nodata"), 1);
	rc = odm_open(&odm, t_path("repo2"), 0);
	is_int(rc, 0, "open without data");
	is_str(class_list(odm), "", "no classes");
	is_int(count(odm, "PdX", NULL), -ODM_E_NOCLASS, "no PdX");
	odm_close(odm);

	/* ODMDIR from the environment */
	setenv("ODMDIR", t_path("repo3"), 1);
	rc = odm_open(&odm, NULL, 0);
	is_int(rc, 0, "open $ODMDIR");
	is_str(odm_dir(odm), t_path("repo3"), "ODMDIR used");
	odm_close(odm);
	unsetenv("ODMDIR");

	/* a file where the directory should be */
	t_write("plainfile", "x");
	rc = odm_open(&odm, t_path("plainfile"), 0);
	is_int(rc, -ODM_E_IO, "ODMDIR is a file");
	snprintf(want, sizeof(want), "cannot open the repository '%s': Not a directory",
		 t_path("plainfile"));
	is_str(odm_errmsg(odm), want, "... message");
	odm_close(odm);

	test_smit_database();

	is_str(odm_strerror(-ODM_E_CRIT), "the search criteria are incorrectly formed", "strerror");
	is_str(odm_strerror(999), "unknown error", "strerror of an unknown code");
	odm_buf_free(joined);
	return tap_done();
}
