/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-attr.c - the one place where the attributes of a device are worked
 * out: a device type's PdDv and PdAt, a customized device's CuDv, and its
 * effective attributes (each PdAt attribute with its CuAt values, else
 * its default), and what the "state" attribute means.
 *
 * The reports (vdev-show.c), the changing operations (vdev.c) and the
 * configure methods (vdev-kern.c, through struct vcfg) all read through
 * here.  Everything takes the store handle only: the same calls work in a
 * reader's snapshot (odm_read_begin) and inside a writer's transaction,
 * where they see what the transaction has written so far.
 *
 * Objects are selected by descriptor/value lists (odm_match): a value is
 * bound, never read as criteria text, whatever characters it holds.
 *
 * Errors: 0 or a negative ODM_E_* code; ODM_E_NOMEM may come from here
 * without a message on the handle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm.h"
#include "vdev-internal.h"

/* A copy of @o (every descriptor), or NULL when out of memory. */
static struct odm_obj *obj_dup(const struct odm_obj *o)
{
	const struct odm_class *cls = odm_obj_class(o);
	struct odm_obj *c = odm_obj_new(cls);

	for (int i = 0; c && i < odm_class_ndesc(cls); i++)
		if (odm_obj_set_i(NULL, c, i, odm_obj_get_i(o, i)) < 0) {
			odm_obj_free(c);
			return NULL;
		}
	return c;
}

static const char *get(const struct odm_obj *o, const char *desc)
{
	const char *s = odm_obj_get(o, desc);

	return s ? s : "";
}

/* ---- device types ----------------------------------------------------- */

static int pdat_cb(const struct odm_obj *o, void *arg)
{
	struct vtype *t = arg;
	struct vdev_pdat *na, *a;

	na = realloc(t->at, (size_t)(t->nat + 1) * sizeof(*na));
	if (!na)
		return -ODM_E_NOMEM;
	t->at = na;
	a = &na[t->nat];
	if (!(a->obj = obj_dup(o)))
		return -ODM_E_NOMEM;
	t->nat++;
	a->attr = get(a->obj, "attribute");
	a->deflt = get(a->obj, "deflt");
	a->values = get(a->obj, "values");
	a->width = get(a->obj, "width");
	a->type = get(a->obj, "type");
	a->generic = get(a->obj, "generic");
	a->rep = get(a->obj, "rep");
	a->nls = get(a->obj, "nls_index");
	return 0;
}

int vattr_type_load(struct odm *odm, const char *uniquetype, struct vtype *t)
{
	const struct odm_match m[] = { { "uniquetype", "=", uniquetype }, ODM_MATCH_END };
	int rc;

	vattr_type_free(t);
	snprintf(t->uniquetype, sizeof(t->uniquetype), "%s", uniquetype);
	rc = odm_get_first_match(odm, "PdDv", m, &t->dv);
	if (rc >= 0)
		rc = odm_get_match(odm, "PdAt", m, pdat_cb, t);
	if (rc < 0) {
		vattr_type_free(t);
		return rc;
	}
	t->prefix = t->dv ? get(t->dv, "prefix") : "";
	/* a value longer than CuAt.value holds is refused, never cut */
	const struct odm_class *cu;
	int i;
	t->valmax = 255;
	if (odm_get_class(odm, "CuAt", &cu) >= 0 && (i = odm_desc_index(cu, "value")) >= 0 &&
	    odm_desc_size(cu, i) > 1)
		t->valmax = odm_desc_size(cu, i) - 1;
	return 0;
}

void vattr_type_free(struct vtype *t)
{
	for (int i = 0; i < t->nat; i++)
		odm_obj_free(t->at[i].obj);
	free(t->at);
	odm_obj_free(t->dv);
	memset(t, 0, sizeof(*t));
}

int vattr_index(const struct vtype *t, const char *attr)
{
	for (int i = 0; i < t->nat; i++)
		if (strcmp(t->at[i].attr, attr) == 0)
			return i;
	return -1;
}

int vattr_multi_valued(const struct vdev_pdat *a)
{
	return !strcmp(a->type, "alias4") || !strcmp(a->type, "alias6");
}

long vattr_max_values(const struct vdev_pdat *a)
{
	const char *p = a->width;
	long n = 0;

	if (!vattr_multi_valued(a))
		return 1;
	/* digits only, no sign or blank: "64" */
	if (!*p || strlen(p) > 6)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		n = n * 10 + (*p - '0');
	}
	return n > 0 ? n : -1;
}

int vattr_del_target(const struct vtype *t, int i)
{
	const struct vdev_pdat *a = &t->at[i];
	int k;

	if (strncmp(a->attr, "del", 3) || strchr(a->generic, 'D') || !strchr(a->generic, 'U'))
		return -1;
	k = vattr_index(t, a->attr + 3);
	if (k < 0 || !vattr_multi_valued(&t->at[k]) || strcmp(t->at[k].type, a->type))
		return -1;
	return k;
}

int vattr_is_group(const struct vdev_pdat *a)
{
	return !strcmp(a->type, "G");
}

int vattr_group(const struct vtype *t, const struct vdev_pdat *g, int *idx, int max)
{
	const char *p = g->values;
	int n = 0;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		char name[64];
		int i;

		snprintf(name, sizeof(name), "%.*s", (int)(l < 63 ? l : 63), p);
		if (l > 63 || (i = vattr_index(t, name)) < 0 || vattr_is_group(&t->at[i]) || n == max)
			return -1;
		idx[n++] = i;
		if (!e)
			break;
		p = e + 1;
	}
	return n;
}

/* ---- customized devices ----------------------------------------------- */

int vattr_vipas(struct odm *odm, int (*fn)(const struct odm_obj *, void *), void *arg)
{
	static const struct odm_match m[] = {
		{ "PdDvLn", "=", VDEV_VIPA_TYPE }, ODM_MATCH_END
	};

	return odm_get_match(odm, "CuDv", m, fn, arg);
}

static int cudv_cb(const struct odm_obj *o, void *arg)
{
	struct vcudv *d = arg;

	d->found = 1;
	d->status = atoi(get(o, "status"));
	snprintf(d->type, sizeof(d->type), "%s", get(o, "PdDvLn"));
	return 1;
}

int vattr_cudv(struct odm *odm, const char *name, struct vcudv *d)
{
	const struct odm_match m[] = { { "name", "=", name }, ODM_MATCH_END };
	int rc;

	memset(d, 0, sizeof(*d));
	rc = odm_get_match(odm, "CuDv", m, cudv_cb, d);
	return rc < 0 ? rc : 0;
}

/* ---- effective attributes --------------------------------------------- */

static int cuat_cb(const struct odm_obj *o, void *arg)
{
	struct vattrs *s = arg;
	int i = vattr_index(s->t, get(o, "attribute"));

	if (i < 0)
		return 0;  /* a private record, or an attribute the type lost */
	return vattr_add(&s->a[i], get(o, "value"));
}

int vattr_load(struct odm *odm, const struct vtype *t, const char *name, struct vattrs *s)
{
	const struct odm_match m[] = { { "name", "=", name }, ODM_MATCH_END };
	int rc;

	memset(s, 0, sizeof(*s));
	s->t = t;
	s->a = calloc((size_t)t->nat + 1, sizeof(*s->a));
	if (!s->a)
		return -ODM_E_NOMEM;
	if (!name)
		return 0;
	rc = odm_get_match(odm, "CuAt", m, cuat_cb, s);
	if (rc < 0) {
		vattr_free(s);
		return rc;
	}
	return 0;
}

void vattr_free(struct vattrs *s)
{
	for (int i = 0; s->a && i < s->t->nat; i++)
		vattr_clear(&s->a[i]);
	free(s->a);
	s->a = NULL;
}

int vattr_add(struct vaval *av, const char *val)
{
	char **nv = realloc(av->v, (size_t)(av->n + 1) * sizeof(*nv));

	if (!nv)
		return -ODM_E_NOMEM;
	av->v = nv;
	if (!(nv[av->n] = strdup(val)))
		return -ODM_E_NOMEM;
	av->n++;
	return 0;
}

void vattr_clear(struct vaval *av)
{
	for (int k = 0; k < av->n; k++)
		free(av->v[k]);
	free(av->v);
	av->v = NULL;
	av->n = 0;
}

int vattr_nvalues(const struct vattrs *s, int i)
{
	return s->a[i].n ? s->a[i].n : 1;
}

const char *vattr_nth(const struct vattrs *s, int i, int k)
{
	return s->a[i].n ? s->a[i].v[k] : s->t->at[i].deflt;
}

int vattr_held(const struct vattrs *s, int i)
{
	return s->a[i].n > 0 || *s->t->at[i].deflt;
}

const char *vattr_value(const struct vattrs *s, const char *attr)
{
	int i = vattr_index(s->t, attr);

	return i < 0 ? "" : vattr_nth(s, i, 0);
}

enum vstate vattr_state(const struct vattrs *s)
{
	const char *st = vattr_value(s, "state");

	if (!strcmp(st, "detach"))
		return VSTATE_DETACH;
	return !strcmp(st, "up") ? VSTATE_UP : VSTATE_DOWN;
}

int vattr_wants_link(int status, enum vstate st)
{
	return status == 1 && st != VSTATE_DETACH;
}
