/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev.c - the device model: customized devices and attributes in the
 * object store, validated from the predefined data (PdDv, PdAt; see
 * vdev-valid.c), and the changing operations (define, configure, change,
 * remove, cfgif) that run each in one write transaction while
 * vdev-kern.c changes the kernel.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "odm.h"
#include "vdev-internal.h"
#include "vdev-show.h"
#include "vnl.h"


/* ---- handle, messages ------------------------------------------------- */

static void clear_warnings(struct vdev *v)
{
	vipa_strv_free(&v->warn, &v->nwarn);
	vipa_strv_free(&v->lost, &v->nlost);
	vipa_strv_free(&v->lines, &v->nlines);
	vipa_strv_free(&v->prob, &v->nprob);
	v->lines_nomem = 0;
	vdev_bad_free(v->bad, v->nbad);
	v->bad = NULL;
	v->nbad = 0;
	vipa_strv_free(&v->skipped, &v->nskipped);
}

VIPA_EXPORT int vdev_open(struct vdev **out, const char *odmdir, unsigned flags)
{
	struct vdev *v;
	int rc;

	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -VDEV_E_NOMEM;
	*out = v;
	v->flags = flags;
	rc = odm_open(&v->odm, odmdir, (flags & VDEV_RDONLY) ? ODM_RDONLY : 0);
	if (rc < 0) {
		if (v->odm) {
			rc = vdev_odm_err(v, rc);
		} else {
			rc = vdev_seterr(v, VDEV_E_ODM, "%s", odm_strerror(rc));
		}
		return rc;
	}
	return 0;
}

VIPA_EXPORT void vdev_close(struct vdev *v)
{
	if (!v)
		return;
	vdev_kern_forget(v);
	vdev_kern_snapshot_free(v);
	vdev_kern_dry_free(v);
	free(v->j);
	if (v->nl)
		vnl_close(v->nl);
	/* the type's objects are of the store's classes: free them first */
	vattr_type_free(&v->type);
	if (v->odm)
		odm_close(v->odm);
	clear_warnings(v);
	vipa_strv_free(&v->deferred, &v->ndeferred);
	free(v);
}

VIPA_EXPORT const char *vdev_errmsg(const struct vdev *v)
{
	return v ? v->err : "out of memory";
}

VIPA_EXPORT const char *vdev_strerror(int code)
{
	return vipa_strerror(code);
}

VIPA_EXPORT struct odm *vdev_odm(struct vdev *v)
{
	return v->odm;
}

VIPA_EXPORT int vdev_nlost(const struct vdev *v)
{
	return v->nlost;
}

VIPA_EXPORT const char *vdev_lost(const struct vdev *v, int i)
{
	return i >= 0 && i < v->nlost ? v->lost[i] : NULL;
}

VIPA_EXPORT int vdev_nskipped(const struct vdev *v)
{
	return v->nskipped;
}

VIPA_EXPORT int vdev_nproblems(const struct vdev *v)
{
	return v->nprob;
}

VIPA_EXPORT const char *vdev_problem(const struct vdev *v, int i)
{
	return i >= 0 && i < v->nprob ? v->prob[i] : NULL;
}

VIPA_EXPORT const char *vdev_skipped(const struct vdev *v, int i)
{
	return i >= 0 && i < v->nskipped ? v->skipped[i] : NULL;
}

const struct vbad *vdev_bad_of(const struct vdev *v, const char *name)
{
	for (int i = 0; i < v->nbad; i++)
		if (!strcmp(v->bad[i].name, name))
			return &v->bad[i];
	return NULL;
}

VIPA_EXPORT int vdev_nwarnings(const struct vdev *v)
{
	return v->nwarn;
}

VIPA_EXPORT const char *vdev_warning(const struct vdev *v, int i)
{
	return i >= 0 && i < v->nwarn ? v->warn[i] : NULL;
}

/* ---- assignments ------------------------------------------------------ */

VIPA_EXPORT int vdev_split_assign(const char *arg, char ***list, int *n)
{
	const char *p = arg, *e;

	/* 'A=V B=V': words are separated by spaces only, so a newline or a
	 * tab stays inside its value and is refused there. */
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		e = strchr(p, ' ');
		if (!e)
			e = p + strlen(p);
		if (vipa_strv_addn(list, n, p, (size_t)(e - p)) < 0)
			return -VDEV_E_NOMEM;
		p = e;
	}
	return 0;
}

VIPA_EXPORT void vdev_free_assign(char **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---- predefined data -------------------------------------------------- */

/* Load the VIPA type: PdDv prefix and PdAt rows in _id order. */
static int load_type(struct vdev *v)
{
	int rc;

	if (v->type_loaded)
		return 0;
	rc = vattr_type_load(v->odm, VDEV_VIPA_TYPE, &v->type);
	if (rc < 0)
		return vdev_odm_err(v, rc);
	if (!v->type.dv)
		return vdev_seterr(v, VDEV_E_ODM, "predefined device type '%s' not found",
				   VDEV_VIPA_TYPE);
	v->type_loaded = 1;
	return 0;
}

VIPA_EXPORT int vdev_find_type(struct vdev *v, const char *cls, const char *subclass,
			       const char *type, char out[48])
{
	struct odm_match m[4] = { ODM_MATCH_END };
	struct odm_obj *o = NULL;
	const char *fv[3] = { cls, subclass, type };
	const char *fn[3] = { "class", "subclass", "type" };
	int rc, n = 0;

	for (int i = 0; i < 3; i++) {
		if (!fv[i])
			continue;
		for (const char *p = fv[i]; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '_')
				return vdev_seterr(v, VDEV_E_INVAL,
						   "%s '%s': no such predefined device",
						   fn[i], fv[i]);
		m[n++] = (struct odm_match){ fn[i], "=", fv[i] };
	}
	rc = odm_get_first_match(v->odm, "PdDv", m, &o);
	if (rc < 0)
		return vdev_odm_err(v, rc);
	if (!o)
		return vdev_seterr(v, VDEV_E_INVAL,
				   "no predefined device of class '%s', subclass '%s', type '%s'",
				   cls ? cls : "*", subclass ? subclass : "*",
				   type ? type : "*");
	vdev_copy(out, 48, odm_obj_get(o, "uniquetype"));
	odm_obj_free(o);
	return 0;
}

/* ---- attribute sets --------------------------------------------------- */

/* The effective attributes of device @name (NULL: the defaults only). */
static int aset_load(struct vdev *v, const char *name, struct vattrs *s)
{
	int rc = vattr_load(v->odm, &v->type, name, s);

	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

/* ---- the database ----------------------------------------------------- */

static int has_net_admin(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) != 0)
		return geteuid() == 0;
	return (d[CAP_NET_ADMIN / 32].effective >> (CAP_NET_ADMIN % 32)) & 1;
}

static int need_priv(struct vdev *v)
{
	if (!has_net_admin())
		return vdev_seterr(v, VDEV_E_PERM,
				   "permission denied: changing the network needs root or the CAP_NET_ADMIN capability");
	return 0;
}

/* A device that must exist and be a VIPA. */
static int find_vipa(struct vdev *v, const char *name, struct vcudv *c)
{
	char why[100], msg[256];
	int rc;

	if (vdev_bad_vipa_name(&v->type, name, why, sizeof(why))) {
		vdev_msg_nodev(msg, sizeof(msg), name);
		return vdev_seterr(v, VDEV_E_NODEV, "%s", msg);
	}
	rc = vdev_db_cudv(v, name, c);
	if (rc < 0)
		return rc;
	if (!c->found) {
		vdev_msg_nodev(msg, sizeof(msg), name);
		return vdev_seterr(v, VDEV_E_NODEV, "%s", msg);
	}
	if (strcmp(c->type, VDEV_VIPA_TYPE)) {
		vdev_msg_notvipa(msg, sizeof(msg), name, c->type);
		return vdev_seterr(v, VDEV_E_INVAL, "%s", msg);
	}
	return 0;
}

/* Write the touched attributes of @s. */
static int aset_store(struct vdev *v, const char *name, const struct vattrs *s)
{
	int rc;

	for (int i = 0; i < s->t->nat; i++) {
		if (!s->a[i].touched)
			continue;
		rc = vdev_db_cuat_del(v, name, v->type.at[i].attr, NULL);
		for (int k = 0; rc >= 0 && k < s->a[i].n; k++)
			rc = vdev_db_cuat_add(v, name, v->type.at[i].attr, s->a[i].v[k], &v->type.at[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Ours: marked with our alias, or with our MAC prefix (a link made by a
 * command killed before it could set the alias). */
static int is_vipa_link(const struct vnl_link *l, const char *name)
{
	return l->marked || (!strncmp(l->alias, VDEV_MARK, strlen(VDEV_MARK)) &&
			     !strcmp(l->alias + strlen(VDEV_MARK), name));
}

/* A kernel link @name that is not ours blocks the name. */
static int link_free(struct vdev *v, const char *name)
{
	struct vnl_link l;
	int rc = vdev_nl(v);

	if (rc < 0)
		return rc;
	rc = vnl_link_get(v->nl, name, &l);
	if (rc < 0 && rc != -ENODEV)
		return vdev_kern_err(v, rc);
	if (rc == 0 && !is_vipa_link(&l, name))
		return 0;
	return 1;
}

struct used {
	char **names;
	int n;
};

static int used_cb(const struct odm_obj *o, void *arg)
{
	struct used *u = arg;
	const char *nm = odm_obj_get(o, "name");

	if (!nm)
		nm = "";
	return vipa_strv_addn(&u->names, &u->n, nm, strlen(nm));
}

static int next_name(struct vdev *v, const char *prefix, char out[16])
{
	struct used u = { NULL, 0 };
	int rc, taken;

	rc = odm_get_match(v->odm, "CuDv", NULL, used_cb, &u);
	if (rc < 0) {
		rc = rc == -VDEV_E_NOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
					 : vdev_odm_err(v, rc);
		goto out;
	}
	for (int n = 0; n < 100000; n++) {
		char t[48];

		snprintf(t, sizeof(t), "%.10s%d", prefix, n);
		vdev_copy(out, 16, t);
		taken = 0;
		for (int k = 0; k < u.n && !taken; k++)
			taken = !strcmp(u.names[k], out);
		if (taken)
			continue;
		rc = link_free(v, out);
		if (rc < 0)
			goto out;
		if (rc) {
			rc = 0;
			goto out;
		}
	}
	rc = vdev_seterr(v, VDEV_E_INVAL, "no free device name with prefix '%s'", prefix);
out:
	for (int k = 0; k < u.n; k++)
		free(u.names[k]);
	free(u.names);
	return rc;
}

/* ---- the desired kernel state ----------------------------------------- */

void vdev_cfg_free(struct vcfg *c)
{
	free(c->addr);
	free(c->ifs);
	c->addr = NULL;
	c->ifs = NULL;
	c->naddr = c->nifs = 0;
}

int vdev_load_cfg(struct vdev *v, const char *name, struct vcfg *c)
{
	struct vcudv d;
	struct vattrs s = { 0 };
	int rc;

	memset(c, 0, sizeof(*c));
	vdev_copy(c->name, sizeof(c->name), name);
	rc = load_type(v);
	if (rc >= 0)
		rc = vdev_db_cudv(v, name, &d);
	if (rc < 0)
		return rc;
	if (!d.found || strcmp(d.type, VDEV_VIPA_TYPE))
		return 0;
	rc = aset_load(v, name, &s);
	if (rc >= 0)
		rc = vdev_cfg_from(v, name, d.status, &s, c);
	vattr_free(&s);
	return rc;
}

int vdev_cfg_from(struct vdev *v, const char *name, int status, const struct vattrs *s,
		  struct vcfg *c)
{
	size_t nvals = 2;
	char *ifs = NULL;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	vdev_copy(c->name, sizeof(c->name), name);
	c->exists = 1;
	c->status = status;
	enum vstate state = vattr_state(s);
	c->want_link = vattr_wants_link(c->status, state);
	c->want_up = c->want_link && state == VSTATE_UP;

	/* room for every address the attributes hold: netaddr, netaddr6 and
	 * each value of a list */
	for (int i = 0; i < s->t->nat; i++)
		if (vattr_multi_valued(&v->type.at[i]))
			nvals += (size_t)s->a[i].n;
	if (!(c->addr = calloc(nvals, sizeof(*c->addr)))) {
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		goto out;
	}
	const char *na = vattr_value(s, "netaddr"), *nm = vattr_value(s, "netmask");
	if (*na && vdev_parse_v4(na, c->src4.a) == 0) {
		int pl = *nm ? vdev_mask_plen(nm) : 32;
		c->src4.family = AF_INET;
		c->src4.plen = pl > 0 ? pl : 32;
		c->has4 = 1;
		c->addr[c->naddr++] = c->src4;
	}
	const char *na6 = vattr_value(s, "netaddr6"), *pl6 = vattr_value(s, "prefixlen");
	if (*na6 && vdev_parse_v6(na6, c->src6.a) == 0) {
		long pl = 128;
		if (*pl6 && (vdev_parse_int(pl6, &pl) < 0 || pl < 0 || pl > 128))
			pl = 128;
		c->src6.family = AF_INET6;
		c->src6.plen = (int)pl;
		c->has6 = 1;
		c->addr[c->naddr++] = c->src6;
	}
	for (int i = 0; i < s->t->nat; i++) {
		const struct vdev_pdat *a = &v->type.at[i];
		if (!vattr_multi_valued(a))
			continue;
		for (int k = 0; k < s->a[i].n; k++) {
			struct vaddr ad;
			if (vdev_value_addr(a, s->a[i].v[k], &ad) && ad.plen > 0)
				c->addr[c->naddr++] = ad;
		}
	}
	/* one name per comma at most */
	const char *iv = vattr_value(s, "interface_names");
	size_t nifs = 1;
	for (const char *p = iv; *p; p++)
		nifs += *p == ',';
	if (!(ifs = strdup(iv)) || !(c->ifs = calloc(nifs, sizeof(*c->ifs)))) {
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		goto out;
	}
	for (char *sv = NULL, *t = strtok_r(ifs, ",", &sv); t && (size_t)c->nifs < nifs;
	     t = strtok_r(NULL, ",", &sv))
		if (strlen(t) < sizeof(c->ifs[0]))  /* longer: no link has that name */
			memcpy(c->ifs[c->nifs++], t, strlen(t) + 1);
out:
	free(ifs);
	if (rc < 0)
		vdev_cfg_free(c);
	return rc;
}

/* ---- stored devices that break the rules ------------------------------ */

/*
 * Check every stored VIPA (vdev_check_stored) into v->bad, and name those
 * that break the rules in v->skipped, one line each ("device 'vi0' left
 * alone: ..."): all of them, or only @only.
 */
static int check_devices(struct vdev *v, const char *only)
{
	int rc;

	vdev_bad_free(v->bad, v->nbad);
	v->bad = NULL;
	v->nbad = 0;
	vipa_strv_free(&v->skipped, &v->nskipped);
	if ((rc = vdev_check_stored(v, &v->bad, &v->nbad)) < 0)
		return rc;
	for (int i = 0; i < v->nbad; i++) {
		char q[64], line[1000];

		if (only && strcmp(only, v->bad[i].name))
			continue;
		vdev_quote(q, sizeof(q), v->bad[i].name);
		snprintf(line, sizeof(line), "device '%s' left alone: %s", q, v->bad[i].why);
		if (vipa_strv_add(&v->skipped, &v->nskipped, line) < 0)
			return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	}
	return 0;
}

/* Refuse to bring @name into the kernel when it breaks the rules, in the
 * words of @what ("cannot be configured"). */
static int refuse_bad(struct vdev *v, const char *name, const char *what)
{
	const struct vbad *b;
	int rc = check_devices(v, name);

	if (rc < 0)
		return rc;
	vipa_strv_free(&v->skipped, &v->nskipped);
	if (!(b = vdev_bad_of(v, name)))
		return 0;
	return vdev_seterr(v, VDEV_E_INVAL, "device '%s' %s: %s", name, what, b->why);
}

/* ---- the changing operations ------------------------------------------ */

/* Start a change; @write 0 for a dry run, which only reads. */
static int begin_txn(struct vdev *v, int write)
{
	int rc;

	clear_warnings(v);
	v->err[0] = '\0';
	vdev_kern_forget(v);
	if (write && (rc = odm_begin(v->odm)) < 0)
		return vdev_odm_err(v, rc);
	rc = load_type(v);
	if (rc < 0 && odm_in_txn(v->odm))
		odm_rollback(v->odm);
	return rc;
}

static int begin(struct vdev *v)
{
	return begin_txn(v, 1);
}

/* Commit, or on failure (@rc < 0) undo the kernel and roll back. */
static int finish(struct vdev *v, int rc)
{
	if (rc >= 0 && odm_in_txn(v->odm)) {
		int c = odm_commit(v->odm);
		if (c < 0)
			rc = vdev_odm_err(v, c);
	}
	if (rc < 0) {
		int u = vdev_kern_undo(v);

		if (u < 0)
			rc = u;
		if (odm_in_txn(v->odm))
			odm_rollback(v->odm);
	}
	vdev_kern_forget(v);
	return rc;
}

int vdev_begin(struct vdev *v, int write)
{
	return begin_txn(v, write);
}

int vdev_finish(struct vdev *v, int rc)
{
	return finish(v, rc);
}

int vdev_need_priv(struct vdev *v)
{
	return need_priv(v);
}

int vdev_aset_store(struct vdev *v, const char *name, const struct vattrs *s)
{
	return aset_store(v, name, s);
}

int vdev_is_vipa_link(const struct vnl_link *l, const char *name)
{
	return is_vipa_link(l, name);
}

static int configure(struct vdev *v, const char *name)
{
	struct vcfg c = { 0 };
	int rc = vdev_load_cfg(v, name, &c);

	if (rc >= 0)
		rc = vdev_kern_reconcile(v, &c, 0);
	vdev_cfg_free(&c);
	return rc;
}

VIPA_EXPORT int vdev_check(struct vdev *v, const char *name)
{
	int rc = begin_txn(v, 0);

	if (rc < 0)
		return rc;
	if ((rc = odm_read_begin(v->odm)) < 0)
		return vdev_odm_err(v, rc);
	rc = check_devices(v, name);
	odm_read_end(v->odm);
	return rc < 0 ? rc : v->nskipped;
}

VIPA_EXPORT int vdev_define(struct vdev *v, const char *uniquetype, const char *name,
			    char *const *assign, int n, const char *const *required,
			    unsigned flags, char name_out[16])
{
	struct vattrs s = { 0 };
	char nm[16], q[64];
	const struct odm_class *cls;
	struct odm_obj *o = NULL;
	int rc;

	rc = begin(v);
	if (rc < 0)
		return rc;
	if (strcmp(uniquetype, VDEV_VIPA_TYPE)) {
		rc = vdev_seterr(v, VDEV_E_INVAL, "devices of type '%s' cannot be defined by this command",
				 uniquetype);
		goto out;
	}
	if (!(flags & VDEV_DEFINE_ONLY) && (rc = need_priv(v)) < 0)
		goto out;
	if (name) {
		const char *pr = vdev_ifname_problem(name);
		char why[100];

		vdev_quote(q, sizeof(q), name);
		if (!pr && vdev_bad_char(name, why, sizeof(why)))
			pr = "is not a valid interface name";
		if (pr) {
			rc = vdev_seterr(v, VDEV_E_INVAL, "device name '%s' %s", q, pr);
			goto out;
		}
		if (!vdev_instance_name(v->type.prefix, name)) {
			rc = vdev_seterr(v, VDEV_E_INVAL,
					 "device name '%s' is refused: the name of a virtual IP address is '%s' followed by a number (%s0, %s1, ...)",
					 q, v->type.prefix, v->type.prefix, v->type.prefix);
			goto out;
		}
		struct vcudv d;
		if ((rc = vdev_db_cudv(v, name, &d)) < 0)
			goto out;
		if (d.found) {
			rc = vdev_seterr(v, VDEV_E_EXIST, "device '%s' already exists", name);
			goto out;
		}
		if ((rc = link_free(v, name)) < 0)
			goto out;
		if (!rc) {
			rc = vdev_seterr(v, VDEV_E_EXIST,
					 "device name '%s' is refused: a network interface of that name exists",
					 name);
			goto out;
		}
		vdev_copy(nm, sizeof(nm), name);
	} else if ((rc = next_name(v, v->type.prefix, nm)) < 0) {
		goto out;
	}
	if ((rc = aset_load(v, NULL, &s)) < 0)
		goto out;
	s.defining = 1;
	if ((rc = vdev_attrs_assign(v, nm, &s, assign, n)) < 0)
		goto out;
	for (int k = 0; required && required[k]; k++) {
		int i = vattr_index(&v->type, required[k]);
		if (i >= 0 && !s.a[i].n && !*v->type.at[i].deflt) {
			rc = vdev_seterr(v, VDEV_E_INVAL, "device '%s': attribute '%s' is required",
					 nm, required[k]);
			goto out;
		}
	}
	if ((rc = vdev_attrs_required(v, nm, &s, 1)) < 0 || (rc = vdev_attrs_check(v, nm, &s)) < 0)
		goto out;
	rc = odm_get_class(v->odm, "CuDv", &cls);
	if (rc >= 0 && !(o = odm_obj_new(cls)))
		rc = -ODM_E_NOMEM;
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "name", nm);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "status", "0");
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "PdDvLn", VDEV_VIPA_TYPE);
	if (rc >= 0)
		rc = odm_add(v->odm, o);
	odm_obj_free(o);
	if (rc < 0) {
		rc = vdev_odm_err(v, rc);
		goto out;
	}
	if ((rc = aset_store(v, nm, &s)) < 0)
		goto out;
	if (!(flags & VDEV_DEFINE_ONLY)) {
		if ((rc = vdev_db_set_status(v, nm, 1)) < 0)
			goto out;
		rc = configure(v, nm);
	}
out:
	vattr_free(&s);
	rc = finish(v, rc);
	if (rc >= 0 && name_out)
		vdev_copy(name_out, 16, nm);
	return rc < 0 ? rc : 0;
}

VIPA_EXPORT int vdev_configure(struct vdev *v, const char *name)
{
	struct vcudv d;
	int rc = begin(v);

	if (rc < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0)
		goto out;
	if (d.status == 1) {
		rc = vdev_seterr(v, VDEV_E_EXIST, "device '%s' is already Available", name);
		goto out;
	}
	if ((rc = need_priv(v)) < 0 || (rc = refuse_bad(v, name, "cannot be configured")) < 0 ||
	    (rc = vdev_db_set_status(v, name, 1)) < 0)
		goto out;
	rc = configure(v, name);
out:
	return finish(v, rc) < 0 ? rc : 0;
}

VIPA_EXPORT int vdev_change(struct vdev *v, const char *name, char *const *assign, int n,
			    const char *ifs, int remove, unsigned flags)
{
	struct vattrs s = { 0 };
	struct vcudv d;
	int rc = begin(v);

	if (rc < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0)
		goto out;
	if ((flags & VDEV_TEMPORARY) && (flags & VDEV_DB_ONLY)) {
		rc = vdev_seterr(v, VDEV_E_INVAL, "a change cannot be for the database only and "
				 "for the running device only at once");
		goto out;
	}
	if ((flags & VDEV_TEMPORARY) && d.status != 1) {
		rc = vdev_seterr(v, VDEV_E_INVAL, "device '%s' is %s: a temporary change is made to the "
				 "running device only, and only an Available one runs", name,
				 d.status == 0 ? "Defined" : "not Available");
		goto out;
	}
	if (d.status == 1 && !(flags & VDEV_DB_ONLY) && (rc = need_priv(v)) < 0)
		goto out;
	if ((rc = aset_load(v, name, &s)) < 0)
		goto out;
	s.fams_before = vdev_attrs_families(&s);
	if ((rc = vdev_attrs_assign(v, name, &s, assign, n)) < 0)
		goto out;
	if (ifs && (rc = vdev_attrs_ifs(v, name, &s, ifs, remove)) < 0)
		goto out;
	if ((rc = vdev_attrs_required(v, name, &s, 0)) < 0 || (rc = vdev_attrs_check(v, name, &s)) < 0)
		goto out;
	if (flags & VDEV_TEMPORARY) {
		/* the kernel as the changed attributes say; the database keeps
		 * its values (the route-source records follow the kernel) */
		struct vcfg c = { 0 };

		rc = vdev_cfg_from(v, name, d.status, &s, &c);
		if (rc >= 0)
			rc = vdev_kern_reconcile(v, &c, 0);
		vdev_cfg_free(&c);
		goto out;
	}
	if ((rc = aset_store(v, name, &s)) < 0)
		goto out;
	if (d.status == 1 && !(flags & VDEV_DB_ONLY))
		rc = configure(v, name);
out:
	vattr_free(&s);
	rc = finish(v, rc);
	return rc < 0 ? rc : 0;
}

/*
 * ifconfig-vi up/down: @name must be a VIPA with a link, checked and
 * worded as ifconfig-vi reports it ("device 'en1' is not a virtual IP
 * address ...",
 * "vi3: Available in the database, but the kernel has no link 'vi3'").
 */
static int ifconfig_check(struct vdev *v, const char *name)
{
	struct vdev_show *s = NULL;
	struct odm_buf *out = odm_buf_new(), *lost = odm_buf_new();
	struct vnl_link l;
	int rc;

	if (!out || !lost || vdev_show_new(&s, v->odm) < 0) {
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		goto out;
	}
	rc = vdev_show_vipa(s, name, NULL);
	if (rc == 0 && (rc = vdev_nl(v)) == 0 && (rc = vnl_link_get(v->nl, name, &l)) < 0 &&
	    rc != -ENODEV) {
		rc = vdev_kern_err(v, rc);
		goto out;
	}
	if (rc == -ENODEV) {
		rc = vdev_ifconfig(s, v->nl, name, out, lost);
		if (rc >= 0) {
			size_t n = odm_buf_len(lost);
			const char *m = odm_buf_data(lost);
			rc = vdev_seterr(v, VDEV_E_KERNEL, "%.*s", (int)(n && m[n - 1] == '\n' ? n - 1 : n),
					 m);
			goto out;
		}
	}
	if (rc < 0 && *vdev_show_errmsg(s))
		rc = vdev_seterr(v, rc == -VDEV_SHOW_E_NODEV ? VDEV_E_NODEV
				 : rc == -VDEV_SHOW_E_NOMEM ? VDEV_E_NOMEM : VDEV_E_ODM,
				 "%s", vdev_show_errmsg(s));
out:
	vdev_show_free(s);
	odm_buf_free(out);
	odm_buf_free(lost);
	return rc;
}

VIPA_EXPORT int vdev_ifconfig_set(struct vdev *v, const char *name, int up)
{
	int rc;

	v->err[0] = '\0';
	if ((rc = ifconfig_check(v, name)) < 0)
		return rc;
	return vdev_set_kernel_state(v, name, up);
}

/*
 * The frame of ifconfig-vi's kernel-only changes: device @name checked,
 * the repository's transaction open (it reads the device as stored and
 * changes nothing in it), then @change on the device as stored.
 */
static int ifconfig_change(struct vdev *v, const char *name,
			   int (*change)(struct vdev *v, struct vcfg *c, void *arg), void *arg)
{
	struct vcudv d;
	struct vcfg c = { 0 };
	int rc;

	if ((rc = ifconfig_check(v, name)) < 0)
		return rc;
	if ((rc = begin(v)) < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0)
		goto out;
	if ((rc = need_priv(v)) < 0 || (rc = vdev_load_cfg(v, name, &c)) < 0)
		goto out;
	rc = change(v, &c, arg);
out:
	vdev_cfg_free(&c);
	rc = finish(v, rc);
	return rc < 0 ? rc : 0;
}

/* the routes get their previous sources back, then the link goes */
static int detach(struct vdev *v, struct vcfg *c, void *arg)
{
	(void)arg;
	c->want_link = c->want_up = 0;
	return vdev_kern_reconcile(v, c, 0);
}

VIPA_EXPORT int vdev_ifconfig_detach(struct vdev *v, const char *name)
{
	v->err[0] = '\0';
	return ifconfig_change(v, name, detach, NULL);
}

/* The address of ifconfig-vi: @addr ("A" or "A/N") with @mask (NULL, a
 * dotted or 0x netmask, or a prefix length) into @a; a host address when
 * no length is given. */
static int ifconfig_parse_addr(struct vdev *v, const char *addr, const char *mask, int del,
			       struct vaddr *a)
{
	char text[64];
	const char *slash = strchr(addr, '/');
	long plen = -1;

	memset(a, 0, sizeof(*a));
	if (strlen(addr) >= sizeof(text))
		return vdev_seterr(v, VDEV_E_INVAL, "'%.64s...' is no IPv4 or IPv6 address", addr);
	snprintf(text, sizeof(text), "%.*s", (int)(slash ? slash - addr : (long)strlen(addr)), addr);
	if (vdev_parse_v4(text, a->a) == 0)
		a->family = AF_INET;
	else if (vdev_parse_v6(text, a->a) == 0)
		a->family = AF_INET6;
	else
		return vdev_seterr(v, VDEV_E_INVAL, "'%s' is no IPv4 or IPv6 address", text);
	if (slash && mask)
		return vdev_seterr(v, VDEV_E_INVAL, "'%s' has a prefix length: no netmask or prefixlen "
				   "besides", addr);
	if (slash && (vdev_parse_int(slash + 1, &plen) < 0 || plen < 0))
		return vdev_seterr(v, VDEV_E_INVAL, "'%s' is no prefix length", slash + 1);
	if (mask && a->family == AF_INET &&
	    (strchr(mask, '.') || (mask[0] == '0' && (mask[1] == 'x' || mask[1] == 'X')))) {
		plen = vdev_mask_plen(mask);
		if (plen < 0)
			return vdev_seterr(v, VDEV_E_INVAL, "'%s' is no contiguous netmask", mask);
	} else if (mask && (vdev_parse_int(mask, &plen) < 0 || plen < 0)) {
		return vdev_seterr(v, VDEV_E_INVAL, "'%s' is no %s", mask,
				   a->family == AF_INET ? "netmask" : "prefix length");
	}
	if (plen > (a->family == AF_INET ? 32 : 128))
		return vdev_seterr(v, VDEV_E_INVAL, "prefix length %ld is more than %d", plen,
				   a->family == AF_INET ? 32 : 128);
	if (del && plen >= 0)
		plen = -1;	/* delete: the address, whatever its length */
	a->plen = plen >= 0 ? (int)plen : a->family == AF_INET ? 32 : 128;
	return 0;
}

struct ifconfig_req {
	struct vaddr a;
	int add;
};

static int ifconfig_addr(struct vdev *v, struct vcfg *c, void *arg)
{
	struct ifconfig_req *x = arg;

	return vdev_kern_addr(v, c, &x->a, x->add);
}

VIPA_EXPORT int vdev_ifconfig_addr(struct vdev *v, const char *name, const char *addr,
				   const char *mask, int del)
{
	struct ifconfig_req x = { .add = !del };
	int rc;

	v->err[0] = '\0';
	if ((rc = ifconfig_parse_addr(v, addr, mask, del, &x.a)) < 0)
		return rc;
	return ifconfig_change(v, name, ifconfig_addr, &x);
}

VIPA_EXPORT int vdev_set_kernel_state(struct vdev *v, const char *name, int up)
{
	struct vcudv d;
	struct vcfg c = { 0 };
	int rc = begin(v);

	if (rc < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0)
		goto out;
	if (d.status != 1) {
		rc = vdev_seterr(v, VDEV_E_INVAL, "device '%s' is not Available", name);
		goto out;
	}
	if ((rc = need_priv(v)) < 0 ||
	    (up && (rc = refuse_bad(v, name, "cannot be brought up")) < 0) ||
	    (rc = vdev_load_cfg(v, name, &c)) < 0)
		goto out;
	c.want_link = 1;
	c.want_up = !!up;
	rc = vdev_kern_reconcile(v, &c, 0);
out:
	vdev_cfg_free(&c);
	rc = finish(v, rc);
	return rc < 0 ? rc : 0;
}

struct dropped {
	char list[400];
	int n, more;
};

static int dropped_cb(const struct vroute *r, void *arg)
{
	struct dropped *d = arg;
	unsigned table = 0, metric = 0;
	char dst[80] = "", one[160];
	size_t len = strlen(d->list);

	if (strcmp(r->kind, "dev") || sscanf(r->route, "%u %79s %u", &table, dst, &metric) != 3)
		return 0;
	if (metric)
		snprintf(one, sizeof(one), "%s table %u metric %u", dst, table, metric);
	else
		snprintf(one, sizeof(one), "%s table %u", dst, table);
	if (d->more || len + strlen(one) + 3 > sizeof(d->list))
		d->more++;
	else
		snprintf(d->list + len, sizeof(d->list) - len, "%s%s", len ? ", " : "", one);
	d->n++;
	return 0;
}

/* The routes through the link of device @name, kept to put back with it
 * (CuRoute, kind dev), go with its definition: one warning names them. */
static int warn_dropped(struct vdev *v, const char *name)
{
	struct dropped d = { "", 0, 0 };
	char more[40] = "";
	int rc = vdev_db_routes(v, name, dropped_cb, &d);

	if (rc < 0 || !d.n)
		return rc < 0 ? rc : 0;
	if (d.more)
		snprintf(more, sizeof(more), " and %d more", d.more);
	if (vdev_warn(v, "%s: the route%s through its link that went with it %s not put back: %s%s",
		      name, d.n > 1 ? "s" : "", d.n > 1 ? "are" : "is", d.list, more) < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	return 0;
}

struct children {
	char names[200];
	int n;
};

static int child_cb(const struct odm_obj *o, void *arg)
{
	struct children *c = arg;
	const char *nm = odm_obj_get(o, "name");
	size_t len = strlen(c->names);

	if (c->n++ < 3)
		snprintf(c->names + len, sizeof(c->names) - len, "%s'%.40s'", len ? ", " : "",
			 nm ? nm : "");
	return 0;
}

/*
 * rmdev -R acts on the device's children too.  The commands here never
 * give a VIPA a parent (CuDv.parent stays empty), so a VIPA has none; one
 * made by hand with a child is refused, naming the children, rather than
 * left with children whose parent is gone.
 */
static int no_children(struct vdev *v, const char *name)
{
	const struct odm_match m[] = { { "parent", "=", name }, ODM_MATCH_END };
	struct children c = { "", 0 };
	int rc = odm_get_match(v->odm, "CuDv", m, child_cb, &c);

	if (rc < 0)
		return vdev_odm_err(v, rc);
	if (c.n)
		return vdev_seterr(v, VDEV_E_INVAL,
				   "device '%s' has child devices (%s%s), which only their own methods "
				   "can remove", name, c.names, c.n > 3 ? ", ..." : "");
	return 0;
}

VIPA_EXPORT int vdev_remove(struct vdev *v, const char *name, unsigned flags)
{
	struct vcudv d;
	struct vcfg c = { 0 };
	struct vnl_link l;
	int rc = begin(v);

	if (rc < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0 || (rc = vdev_nl(v)) < 0)
		goto out;
	if ((flags & VDEV_CHILDREN) && (rc = no_children(v, name)) < 0)
		goto out;
	if (!(flags & VDEV_DELETE) && d.status == 0) {
		rc = vdev_seterr(v, VDEV_E_INVAL, "device '%s' is already Defined", name);
		goto out;
	}
	if (d.status != 1 && (rc = vnl_link_get(v->nl, name, &l)) < 0 && rc != -ENODEV) {
		rc = vdev_kern_err(v, rc);
		goto out;
	}
	if ((d.status == 1 || rc == 0) && (rc = need_priv(v)) < 0)
		goto out;
	if ((rc = vdev_db_set_status(v, name, 0)) < 0 || (rc = vdev_load_cfg(v, name, &c)) < 0 ||
	    (rc = vdev_kern_reconcile(v, &c, 0)) < 0)
		goto out;
	if (flags & VDEV_DELETE) {
		if ((rc = warn_dropped(v, name)) >= 0)
			rc = vdev_db_delete(v, name);
	}
out:
	vdev_cfg_free(&c);
	rc = finish(v, rc);
	return rc < 0 ? rc : 0;
}

/*
 * The Configure method: the Defined VIPAs among @names (or @name) become
 * Available, each reported; a dry run only says which.
 */
static int configure_defined(struct vdev *v, const char *name, const struct used *u)
{
	struct vcudv d;
	int rc;

	for (int k = 0; k < (name ? 1 : u->n); k++) {
		const char *nm = name ? name : u->names[k];

		if ((rc = vdev_db_cudv(v, nm, &d)) < 0)
			return rc;
		if (d.status != 0)
			continue;
		if (v->db_ro) {
			v->db_ro_skipped++; /* stays Defined, as the database says */
			continue;
		}
		vdev_report(v, v->dry ? "%s: would configure (Defined to Available)"
				      : "%s: configured (Defined to Available)", nm);
		if (!v->dry && (rc = vdev_db_set_status(v, nm, 1)) < 0)
			return rc;
	}
	return 0;
}

int vdev_cfgif_pass(struct vdev *v, const char *name, unsigned flags,
		    void (*report)(const char *line, void *arg), void *arg)
{
	struct used u = { NULL, 0 };
	struct vcudv d;
	struct vcfg c = { 0 };
	int snap, rc = begin_txn(v, !(flags & VDEV_DRY_RUN));

	/*
	 * A repository that may not be written (a read-only root at boot) is
	 * still applied to the kernel; only what would be written to it is
	 * skipped, and a warning says so.
	 */
	v->db_ro = v->db_ro_skipped = 0;
	if (rc == -VDEV_E_PERM && !(flags & VDEV_DRY_RUN)) {
		v->db_ro = 1;
		rc = begin_txn(v, 0);
	}
	if (rc < 0)
		return rc;
	v->restore_due = 0;
	vipa_strv_free(&v->deferred, &v->ndeferred);
	/* Without a write transaction (a dry run, a read-only repository),
	 * one read snapshot: each query would lock and check the files again,
	 * several per VIPA. */
	snap = !odm_in_txn(v->odm) && odm_read_begin(v->odm) >= 0;
	v->dry = !!(flags & VDEV_DRY_RUN);
	v->report = report;
	v->report_arg = arg;
	v->nchanges = 0;
	if (!v->dry && (rc = need_priv(v)) < 0)
		goto out;
	if ((rc = vdev_nl(v)) < 0)
		goto out;
	if (name) {
		if ((rc = find_vipa(v, name, &d)) < 0 || (rc = refuse_bad(v, name, "left alone")) < 0)
			goto out;
		if ((flags & VDEV_CONFIGURE) && (rc = configure_defined(v, name, NULL)) < 0)
			goto out;
		if ((rc = vdev_load_cfg(v, name, &c)) < 0)
			goto out;
		rc = vdev_kern_reconcile(v, &c, 0);
		vdev_cfg_free(&c);
		goto out;
	}
	rc = vattr_vipas(v->odm, used_cb, &u);
	if (rc < 0) {
		rc = rc == -VDEV_E_NOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
					 : vdev_odm_err(v, rc);
		goto out;
	}
	/* A device that breaks the rules (put in with odmadd: a name no VIPA
	 * can have, a value a command would refuse, a name held twice) is left
	 * alone, as it is, so that it cannot keep the others from being
	 * configured; each is named (v->skipped). */
	if ((rc = check_devices(v, NULL)) < 0)
		goto out;
	for (int k = 0; k < u.n; k++) {
		if (!vdev_bad_of(v, u.names[k]))
			continue;
		free(u.names[k]);
		memmove(&u.names[k], &u.names[k + 1], (size_t)(u.n - k - 1) * sizeof(*u.names));
		u.n--;
		k--;
	}
	if ((flags & VDEV_CONFIGURE) && (rc = configure_defined(v, NULL, &u)) < 0)
		goto out;
	/* First give back every route source that no longer belongs to its
	 * VIPA, so that a route moving between VIPAs never holds a source
	 * that is about to go; then set up each VIPA. */
	for (int pass = 1; pass >= 0; pass--) {
		if ((rc = vdev_kern_snapshot(v)) < 0)
			goto out;
		for (int k = 0; k < u.n; k++) {
			if ((rc = vdev_load_cfg(v, u.names[k], &c)) >= 0)
				rc = vdev_kern_reconcile(v, &c, pass);
			vdev_cfg_free(&c);
			if (rc < 0)
				goto out;
		}
		if ((rc = vdev_kern_orphans(v, pass)) < 0)
			goto out;
	}
out:
	vdev_kern_snapshot_free(v);
	vdev_kern_dry_free(v);
	for (int k = 0; k < u.n; k++)
		free(u.names[k]);
	free(u.names);
	if (rc >= 0 && v->lines_nomem)
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	if (snap)
		odm_read_end(v->odm);
	rc = finish(v, rc);
	if (rc >= 0 && v->db_ro_skipped > 0 &&
	    vdev_warn(v, "the repository '%s' is read-only: the kernel was set from it, but %d"
		      " of its records (Defined devices, route sources) were left unwritten",
		      odm_dir(v->odm), v->db_ro_skipped) < 0)
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	v->db_ro = 0;
	/* what was done, now that it is committed */
	for (int k = 0; rc >= 0 && report && k < v->nlines; k++)
		report(v->lines[k], arg);
	vipa_strv_free(&v->lines, &v->nlines);
	v->dry = 0;
	v->report = NULL;
	return rc < 0 ? rc : v->nchanges;
}

/* Append to *@to the lines of @from it does not hold yet; frees @from. */
static int merge_lines(char ***to, int *nto, char ***from, int *nfrom)
{
	int rc = 0;

	for (int i = 0; i < *nfrom && rc >= 0; i++) {
		int dup = 0;

		for (int k = 0; k < *nto && !dup; k++)
			dup = !strcmp((*to)[k], (*from)[i]);
		if (!dup)
			rc = vipa_strv_add(to, nto, (*from)[i]);
	}
	vipa_strv_free(from, nfrom);
	return rc;
}

VIPA_EXPORT int vdev_cfgif(struct vdev *v, const char *name, unsigned flags,
			   void (*report)(const char *line, void *arg), void *arg)
{
	int rc = vdev_cfgif_pass(v, name, flags, report, arg);

	/*
	 * Routes of routing daemons that the kernel deleted with a VIPA's
	 * address were left to the daemons: once their time is up, or once
	 * the daemons put them all back (looked at every 100 ms), one more
	 * pass puts back those the daemons did not (their records say since
	 * when), with the first pass's warnings and lost routes kept.
	 */
	for (int n = 0; rc >= 0 && !(flags & VDEV_DRY_RUN) && v->restore_due && n < 2; n++) {
		char **warn = v->warn, **lost = v->lost;
		int nwarn = v->nwarn, nlost = v->nlost, nskipped = v->nskipped, more;

		for (long long wait; (wait = v->restore_due - vdev_boot_ms()) > 0;) {
			struct timespec ts = { 0, (long)(wait < 100 ? wait : 100) * 1000000L };
			int back;

			nanosleep(&ts, NULL);
			if ((back = vdev_kern_deferred_back(v)) < 0)
				return back;
			if (back)
				break;
		}
		v->warn = v->lost = NULL;
		v->nwarn = v->nlost = 0;
		more = vdev_cfgif_pass(v, name, flags & ~VDEV_CONFIGURE, report, arg);
		if (merge_lines(&warn, &nwarn, &v->warn, &v->nwarn) < 0 ||
		    merge_lines(&lost, &nlost, &v->lost, &v->nlost) < 0)
			more = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		v->warn = warn;
		v->nwarn = nwarn;
		v->lost = lost;
		v->nlost = nlost;
		v->nskipped = nskipped;
		if (more < 0)
			return more;
		rc += more;
	}
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

VIPA_EXPORT int vdev_attr_foreach(struct vdev *v, const char *name,
				  int (*fn)(const char *attr, const char *value, int is_default,
				  void *arg),
				  void *arg)
{
	struct vattrs s = { 0 };
	struct vcudv d;
	int rc;

	v->err[0] = '\0';
	if ((rc = load_type(v)) < 0 || (rc = find_vipa(v, name, &d)) < 0 ||
	    (rc = aset_load(v, name, &s)) < 0)
		goto out;
	for (int i = 0; i < s.t->nat && !rc; i++)
		for (int k = 0; strchr(v->type.at[i].generic, 'D') && k < vattr_nvalues(&s, i) && !rc;
		     k++)
			rc = fn(v->type.at[i].attr, vattr_nth(&s, i, k), !s.a[i].n, arg);
out:
	vattr_free(&s);
	return rc;
}

struct getone {
	const char *attr;
	char *buf;
	size_t len;
	int found;
};

static int getone_cb(const char *attr, const char *value, int is_default, void *arg)
{
	struct getone *g = arg;
	size_t l;

	if (strcmp(attr, g->attr))
		return 0;
	l = strlen(g->buf);
	snprintf(g->buf + l, g->len - l, "%s%s", g->found ? " " : "", value);
	g->found = 1;
	return 0;
}

VIPA_EXPORT int vdev_attr_get(struct vdev *v, const char *name, const char *attr, char *buf,
			      size_t len)
{
	struct getone g = { attr, buf, len, 0 };
	int rc;

	if (len)
		buf[0] = '\0';
	rc = vdev_attr_foreach(v, name, getone_cb, &g);
	if (rc < 0)
		return rc;
	if (!g.found)
		return vdev_seterr(v, VDEV_E_INVAL, "device '%s' has no attribute '%s'", name, attr);
	return 0;
}
