/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-db.c - the device objects the operations (vdev.c) and the configure
 * methods (vdev-kern.c) both read and write: a device's CuDv (its status)
 * and single CuAt objects (attribute values, and the private route-source
 * records).  Each call runs in the caller's transaction.  Values are
 * bound (odm_match), never put into criteria text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm.h"
#include "vdev-internal.h"

/* The CuDv of @name, read through the attribute layer (vdev-attr.c). */
int vdev_db_cudv(struct vdev *v, const char *name, struct vcudv *c)
{
	int rc = vattr_cudv(v->odm, name, c);

	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

int vdev_db_set_status(struct vdev *v, const char *name, int status)
{
	const struct odm_match m[] = { { "name", "=", name }, ODM_MATCH_END };
	const struct odm_class *cls;
	struct odm_obj *o;
	char st[8];
	long count;
	int rc;

	rc = odm_get_class(v->odm, "CuDv", &cls);
	if (rc < 0)
		return vdev_odm_err(v, rc);
	o = odm_obj_new(cls);
	if (!o)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	snprintf(st, sizeof(st), "%d", status);
	rc = odm_obj_set(v->odm, o, "status", st);
	if (rc >= 0)
		rc = odm_change_match(v->odm, m, o, &count);
	odm_obj_free(o);
	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

static int delete_where(struct vdev *v, const char *class_name, const struct odm_match *m)
{
	long count;
	int rc = odm_delete_match(v->odm, class_name, m, &count);

	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

int vdev_db_cuat_add(struct vdev *v, const char *name, const char *attr, const char *value,
		     const struct vdev_pdat *a)
{
	const struct odm_class *cls;
	struct odm_obj *o;
	int rc;

	rc = odm_get_class(v->odm, "CuAt", &cls);
	if (rc < 0)
		return vdev_odm_err(v, rc);
	o = odm_obj_new(cls);
	if (!o)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	rc = odm_obj_set(v->odm, o, "name", name);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "attribute", attr);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "value", value);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "type", a ? a->type : "");
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "generic", a ? a->generic : "");
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "rep", a ? a->rep : "s");
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "nls_index", a && *a->nls ? a->nls : "0");
	if (rc >= 0)
		rc = odm_add(v->odm, o);
	odm_obj_free(o);
	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

/* Delete the objects of device @name: CuAt, its route records, then CuDv. */
int vdev_db_delete(struct vdev *v, const char *name)
{
	const struct odm_match m[] = { { "name", "=", name }, ODM_MATCH_END };
	int rc = delete_where(v, "CuAt", m);

	if (rc >= 0)
		rc = vdev_db_route_del(v, name, NULL, NULL);
	return rc < 0 ? rc : delete_where(v, "CuDv", m);
}

int vdev_db_route_add(struct vdev *v, const struct vroute *r)
{
	const struct odm_class *cls;
	struct odm_obj *o;
	char lost[24];
	int rc;

	rc = odm_get_class(v->odm, VDEV_ROUTE_CLASS, &cls);
	if (rc < 0)
		return vdev_odm_err(v, rc);
	o = odm_obj_new(cls);
	if (!o)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	snprintf(lost, sizeof(lost), "%lld", r->lost);
	rc = odm_obj_set(v->odm, o, "name", r->name);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "kind", r->kind);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "route", r->route);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "prev", r->prev);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "stack", r->stack);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "lost", lost);
	/* a message too long to keep: the route is recorded without it */
	if (rc >= 0 && strlen(r->msg) < (size_t)odm_desc_size(cls, odm_desc_index(cls, "msg")))
		rc = odm_obj_set(v->odm, o, "msg", r->msg);
	if (rc >= 0)
		rc = odm_add(v->odm, o);
	odm_obj_free(o);
	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

int vdev_db_route_del(struct vdev *v, const char *name, const char *kind, const char *route)
{
	const struct odm_match m[] = {
		{ "name", "=", name }, { "kind", "=", kind }, { "route", "=", route }, ODM_MATCH_END
	};
	const struct odm_match *mm = route ? m
		: kind ? (const struct odm_match[]){ m[0], m[1], ODM_MATCH_END }
		       : (const struct odm_match[]){ m[0], ODM_MATCH_END };
	const struct odm_class *cls;
	long count;
	int rc = odm_get_class(v->odm, VDEV_ROUTE_CLASS, &cls);

	if (rc == -ODM_E_NOCLASS)
		return 0;	/* a read-only repository of an earlier build */
	if (rc >= 0)
		rc = odm_delete_match(v->odm, VDEV_ROUTE_CLASS, mm, &count);
	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

struct routes_load {
	int (*fn)(const struct vroute *r, void *arg);
	void *arg;
};

static int routes_cb(const struct odm_obj *o, void *arg)
{
	struct routes_load *l = arg;
	const char *lost = odm_obj_get(o, "lost");
	struct vroute r = {
		odm_obj_get(o, "name"), odm_obj_get(o, "kind"), odm_obj_get(o, "route"),
		odm_obj_get(o, "prev"), odm_obj_get(o, "stack"), odm_obj_get(o, "msg"), 0
	};

	if (!r.name || !r.kind || !r.route)
		return 0;
	r.prev = r.prev ? r.prev : "";
	r.stack = r.stack ? r.stack : "";
	r.msg = r.msg ? r.msg : "";
	r.lost = lost ? strtoll(lost, NULL, 10) : 0;
	return l->fn(&r, l->arg);
}

int vdev_db_routes(struct vdev *v, const char *name,
		   int (*fn)(const struct vroute *r, void *arg), void *arg)
{
	const struct odm_match m[] = { { "name", "=", name }, ODM_MATCH_END };
	struct routes_load l = { fn, arg };
	const struct odm_class *cls;
	int rc = odm_get_class(v->odm, VDEV_ROUTE_CLASS, &cls);

	if (rc == -ODM_E_NOCLASS)
		return 0;
	if (rc >= 0)
		rc = odm_get_match(v->odm, VDEV_ROUTE_CLASS, name ? m : NULL, routes_cb, &l);
	if (rc == -VDEV_E_NOMEM)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	return rc < 0 ? vdev_odm_err(v, rc) : rc;
}

int vdev_db_cuat_del(struct vdev *v, const char *name, const char *attr, const char *value)
{
	const struct odm_match m[] = {
		{ "name", "=", name }, { "attribute", "=", attr }, { "value", "=", value }, ODM_MATCH_END
	};

	/* without a value, the list ends before it */
	return delete_where(v, "CuAt", value ? m : (const struct odm_match[]){ m[0], m[1], ODM_MATCH_END });
}
