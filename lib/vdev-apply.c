/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-apply.c - a whole set of VIPAs applied at once (vdev_apply): the set
 * and its stanza form, the checks of every device against the others as
 * the set leaves them, and the change in one write transaction: the
 * database first, then the kernel device by device in two passes over a
 * snapshot, as vdev_cfgif does it, and the devices removed last.
 *
 * Why everything is read once: checking each device on its own, as
 * vdev_define does, reads every other VIPA and every kernel address once
 * per device, N squared for a set of N.  Here the store's devices and
 * attributes (two queries), the kernel's links and addresses (two dumps)
 * are read once into hash tables, each device is checked against those,
 * and the kernel's desired state is built from memory, not read back.
 *
 * Values are set through the attribute layer (struct vattrs): a list
 * attribute (alias4, alias6) gets exactly the values the set gives, in
 * whatever way a command adds or removes single aliases.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm.h"
#include "vdev-internal.h"
#include "vnl.h"

/* ---- the set ---------------------------------------------------------- */

struct sdev {
	char *name;
	char **assign;           /* "Attr=Value" */
	int *lines;              /* the line of each assignment, 0 if none */
	int n, cap;
	int line;                /* of its stanza, 0 if none */
	const char *origin;      /* the text it came from (set->origins), or NULL */
};

struct vdev_set {
	struct sdev *d;
	int n, cap;
	char **origins;
	int norigins;
};

VIPA_EXPORT int vdev_set_new(struct vdev_set **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -VDEV_E_NOMEM;
}

VIPA_EXPORT void vdev_set_free(struct vdev_set *set)
{
	if (!set)
		return;
	for (int i = 0; i < set->n; i++) {
		free(set->d[i].name);
		vipa_strv_free(&set->d[i].assign, &set->d[i].n);
		free(set->d[i].lines);
	}
	free(set->d);
	vipa_strv_free(&set->origins, &set->norigins);
	free(set);
}

/* A new device of the set; NULL when out of memory. */
static struct sdev *sdev_new(struct vdev_set *set, const char *name)
{
	struct sdev *d;

	if (set->n == set->cap) {
		int cap = set->cap ? set->cap * 2 : 16;

		d = realloc(set->d, (size_t)cap * sizeof(*d));
		if (!d)
			return NULL;
		set->d = d;
		set->cap = cap;
	}
	d = &set->d[set->n];
	memset(d, 0, sizeof(*d));
	if (!(d->name = strdup(name)))
		return NULL;
	set->n++;
	return d;
}

static int sdev_assign(struct sdev *d, const char *assign, size_t len, int line)
{
	if (d->n + 1 >= d->cap) {
		int cap = d->cap ? d->cap * 2 : 8;
		int *l = realloc(d->lines, (size_t)cap * sizeof(*l));

		if (!l)
			return -VDEV_E_NOMEM;
		d->lines = l;
		d->cap = cap;
	}
	d->lines[d->n] = line;
	return vipa_strv_addn(&d->assign, &d->n, assign, len) < 0 ? -VDEV_E_NOMEM : 0;
}

VIPA_EXPORT int vdev_set_add(struct vdev_set *set, const char *name, char *const *assign, int n)
{
	struct sdev *d = sdev_new(set, name);

	if (!d)
		return -VDEV_E_NOMEM;
	for (int k = 0; k < n; k++)
		if (sdev_assign(d, assign[k], strlen(assign[k]), 0) < 0)
			return -VDEV_E_NOMEM;
	return 0;
}

/* ---- problems --------------------------------------------------------- */

/* One problem, "ORIGIN:LINE: " first when both are known.  0 or
 * -VDEV_E_NOMEM (message set). */
__attribute__((format(printf, 4, 5)))
static int problem(struct vdev *v, const char *origin, int line, const char *fmt, ...)
{
	char buf[VDEV_ERRLEN + 300];
	int n = 0;
	va_list ap;

	if (origin && line > 0)
		n = snprintf(buf, sizeof(buf), "%s:%d: ", origin, line);
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	if (vipa_strv_add(&v->prob, &v->nprob, buf) < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	return 0;
}

/* The call's failure once problems are listed: the first one is the
 * message. */
static int refused(struct vdev *v)
{
	if (v->nprob == 1)
		return vdev_seterr(v, VDEV_E_INVAL, "%s", v->prob[0]);
	return vdev_seterr(v, VDEV_E_INVAL, "%s (and %d more problems)", v->prob[0], v->nprob - 1);
}

/* ---- a hash table of strings ------------------------------------------ */

struct hent {
	char key[48];
	const void *val;
	int next;
};

struct htab {
	struct hent *e;
	int n, cap;
	int *heads;
	unsigned nheads;         /* a power of two */
};

static unsigned hkey(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const void *hget(const struct htab *t, const char *key)
{
	if (!t->heads)
		return NULL;
	for (int i = t->heads[hkey(key) & (t->nheads - 1)]; i >= 0; i = t->e[i].next)
		if (!strcmp(t->e[i].key, key))
			return t->e[i].val;
	return NULL;
}

/* Add @key (a later one of the same key is never found); 0 or -1. */
static int hput(struct htab *t, const char *key, const void *val)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 64;
		struct hent *e = realloc(t->e, (size_t)cap * sizeof(*e));

		if (!e)
			return -1;
		t->e = e;
		t->cap = cap;
	}
	if ((unsigned)t->n * 2 + 2 > t->nheads) {
		unsigned n = t->nheads ? t->nheads * 2 : 128;
		int *h = malloc(n * sizeof(*h));

		if (!h)
			return -1;
		for (unsigned i = 0; i < n; i++)
			h[i] = -1;
		for (int i = 0; i < t->n; i++) {
			unsigned b = hkey(t->e[i].key) & (n - 1);

			t->e[i].next = h[b];
			h[b] = i;
		}
		free(t->heads);
		t->heads = h;
		t->nheads = n;
	}
	struct hent *e = &t->e[t->n];
	unsigned b = hkey(key) & (t->nheads - 1);

	vdev_copy(e->key, sizeof(e->key), key);
	e->val = val;
	e->next = t->heads[b];
	t->heads[b] = t->n++;
	return 0;
}

static void hfree(struct htab *t)
{
	free(t->e);
	free(t->heads);
	memset(t, 0, sizeof(*t));
}

/* The key of an address: family and bytes. */
static void addr_key(const struct vaddr *a, char key[48])
{
	int n = a->family == AF_INET ? 4 : 16;
	int o = snprintf(key, 48, "%d/", a->family);

	for (int i = 0; i < n; i++)
		o += snprintf(key + o, (size_t)(48 - o), "%02x", a->a[i]);
}

/* ---- stanza text ------------------------------------------------------ */

/* Trim blanks at both ends of [*s, *e). */
static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

/* A stretch of input for a message: quoted, at most 60 bytes. */
static void shown(char *out, size_t len, const char *s, const char *e)
{
	char t[64];

	snprintf(t, sizeof(t), "%.*s%s", (int)(e - s > 60 ? 60 : e - s), s, e - s > 60 ? "..." : "");
	vdev_quote(out, len, t);
}

VIPA_EXPORT int vdev_set_parse(struct vdev *v, struct vdev_set *set, const char *text,
			       size_t len, const char *origin)
{
	const char *p = text, *end = text + len;
	struct htab names = { 0 };
	struct sdev *cur = NULL;
	int line = 0, skip = 0, rc = 0;
	char q[300], *buf = NULL;
	size_t bufcap = 0;

	vipa_strv_free(&v->prob, &v->nprob);
	v->err[0] = '\0';
	if (!origin)
		origin = "-";
	if (vipa_strv_add(&set->origins, &set->norigins, origin) < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	origin = set->origins[set->norigins - 1];
	/* the devices already in the set count as named (the table holds
	 * their index + 1: set->d moves as it grows) */
	for (int i = 0; i < set->n; i++)
		if (hput(&names, set->d[i].name, (const void *)(intptr_t)(i + 1)) < 0)
			goto nomem;
	while (p < end && rc >= 0) {
		const char *e = memchr(p, '\n', (size_t)(end - p)), *s, *le;
		int indented = *p == ' ' || *p == '\t';

		if (!e)
			e = end;
		line++;
		s = p;
		le = e;
		p = e + 1;
		trim(&s, &le);
		if (s == le || *s == '*' || *s == '#')
			continue;   /* blank, or a comment */
		shown(q, sizeof(q), s, le);
		if (memchr(s, '\0', (size_t)(le - s))) {
			rc = problem(v, origin, line, "'%s' holds a NUL byte", q);
			continue;
		}
		if (!indented) {
			/* not indented: a stanza name */
			const char *c = memchr(s, ':', (size_t)(le - s));

			skip = 1;
			cur = NULL;
			if (!c || c + 1 != le || c == s || memchr(s, ' ', (size_t)(c - s)) ||
			    memchr(s, '\t', (size_t)(c - s))) {
				rc = problem(v, origin, line,
					     "'%s' is not a stanza name (Name: at the start of a line)", q);
				continue;
			}
			if ((size_t)(c - s) + 1 > bufcap) {
				char *nb = realloc(buf, (size_t)(c - s) + 1);

				if (!nb)
					goto nomem;
				buf = nb;
				bufcap = (size_t)(c - s) + 1;
			}
			memcpy(buf, s, (size_t)(c - s));
			buf[c - s] = '\0';
			/* a name too long for the table is refused by vdev_apply */
			intptr_t si = strlen(buf) < sizeof(names.e->key) ? (intptr_t)hget(&names, buf) : 0;
			if (si) {
				const struct sdev *seen = &set->d[si - 1];

				vdev_quote(q, sizeof(q), buf);
				if (seen->line && seen->origin == origin)
					rc = problem(v, origin, line, "device '%s' has a second stanza (the first is at line %d)",
						     q, seen->line);
				else
					rc = problem(v, origin, line, "device '%s' has a second stanza", q);
				continue;
			}
			if (!(cur = sdev_new(set, buf)))
				goto nomem;
			cur->line = line;
			cur->origin = origin;
			skip = 0;
			if (strlen(buf) < sizeof(names.e->key) &&
			    hput(&names, cur->name, (const void *)(intptr_t)set->n) < 0)
				goto nomem;
			continue;
		}
		if (!cur) {
			if (!skip)
				rc = problem(v, origin, line,
					     "'%s' comes before the first stanza name (Name:)", q);
			continue;
		}
		const char *eq = memchr(s, '=', (size_t)(le - s)), *as = s, *ae = eq, *vs, *ve = le;
		if (eq)
			trim(&as, &ae);
		if (!eq || as == ae || memchr(as, ' ', (size_t)(ae - as)) ||
		    memchr(as, '\t', (size_t)(ae - as))) {
			rc = problem(v, origin, line, "'%s' is not of the form Attribute = Value", q);
			continue;
		}
		vs = eq + 1;
		trim(&vs, &ve);
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		size_t need = (size_t)(ae - as) + (size_t)(ve - vs) + 2;
		if (need > bufcap) {
			char *nb = realloc(buf, need);

			if (!nb)
				goto nomem;
			buf = nb;
			bufcap = need;
		}
		snprintf(buf, need, "%.*s=%.*s", (int)(ae - as), as, (int)(ve - vs), vs);
		if (sdev_assign(cur, buf, need - 1, line) < 0)
			goto nomem;
	}
	free(buf);
	hfree(&names);
	if (rc < 0)
		return rc;
	return v->nprob ? refused(v) : 0;
nomem:
	free(buf);
	hfree(&names);
	return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
}

/* ---- what the store and the kernel hold, read once -------------------- */

/* A customized device as the store has it. */
struct cdev {
	char *name;
	int status;
	char type[48];
	int vipa;                /* of the VIPA type, with a name a VIPA can have */
	int odd;                 /* of the VIPA type, with a name no VIPA can have */
	struct vattrs at;        /* a VIPA's attributes */
	int in_set;              /* the set names it */
	int objects;             /* CuDv objects of its name (the first one's) */
};

/* A device the apply changes or checks. */
struct adev {
	const struct sdev *sd;   /* its entry in the set; NULL: a device removed */
	struct cdev *cur;        /* the device as it is; NULL: a new one */
	struct vattrs want;      /* the set's devices: the attributes wanted
				  * (touched: differs from what it is) */
	int bad;                 /* it has a problem of its own */
	int changed;             /* the database changes for it */
	char **lines;            /* what it reports */
	int nlines;
};

struct apply {
	struct vdev *v;
	unsigned flags;
	struct cdev *cur;
	int ncur, curcap;
	struct htab curnames;    /* name -> index + 1 in cur */
	struct vattrs deflt;     /* every attribute at its default */
	struct adev *d;          /* the set's devices in its order, then those removed */
	int nd, nset;
	struct htab setnames;    /* name -> index + 1 in d */
	struct vnl_link *links;
	int nlinks, linkcap;
	struct htab linknames;   /* name, and "/" ifindex -> index + 1 in links */
	struct htab kaddrs;      /* address -> the link (not a VIPA's) holding it */
	int rc;
};

static int nomem(struct vdev *v)
{
	return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
}

static const char *oget(const struct odm_obj *o, const char *desc)
{
	const char *s = odm_obj_get(o, desc);

	return s ? s : "";
}

static int cudv_cb(const struct odm_obj *o, void *arg)
{
	struct apply *a = arg;
	struct cdev *c;
	char why[100];

	if (a->ncur == a->curcap) {
		int cap = a->curcap ? a->curcap * 2 : 64;

		if (!(c = realloc(a->cur, (size_t)cap * sizeof(*c))))
			return a->rc = -VDEV_E_NOMEM;
		a->cur = c;
		a->curcap = cap;
	}
	c = &a->cur[a->ncur];
	memset(c, 0, sizeof(*c));
	if (!(c->name = strdup(oget(o, "name"))))
		return a->rc = -VDEV_E_NOMEM;
	a->ncur++;
	c->status = atoi(oget(o, "status"));
	vdev_copy(c->type, sizeof(c->type), oget(o, "PdDvLn"));
	if (!strcmp(c->type, VDEV_VIPA_TYPE)) {
		c->odd = vdev_bad_vipa_name(&a->v->type, c->name, why, sizeof(why));
		c->vipa = !c->odd;
	}
	return 0;
}

static int cuat_cb(const struct odm_obj *o, void *arg)
{
	struct apply *a = arg;
	const char *nm = oget(o, "name");
	intptr_t ci = strlen(nm) < sizeof(a->curnames.e->key) ? (intptr_t)hget(&a->curnames, nm) : 0;
	int i;

	if (!ci || !a->cur[ci - 1].vipa)
		return 0;
	if ((i = vattr_index(&a->v->type, oget(o, "attribute"))) < 0)
		return 0;   /* a route source record, or an attribute the type lost */
	if (vattr_add(&a->cur[ci - 1].at.a[i], oget(o, "value")) < 0)
		return a->rc = -VDEV_E_NOMEM;
	return 0;
}

/* Every customized device and every VIPA's attributes: two queries. */
static int load_store(struct apply *a)
{
	struct vdev *v = a->v;
	int rc = odm_get_match(v->odm, "CuDv", NULL, cudv_cb, a);

	if (rc >= 0 && !a->rc) {
		for (int i = 0; i < a->ncur && !a->rc; i++) {
			struct cdev *c = &a->cur[i];

			intptr_t f = strlen(c->name) < sizeof(a->curnames.e->key)
					     ? (intptr_t)hget(&a->curnames, c->name) : -1;

			if (f > 0)
				a->cur[f - 1].objects++;   /* a name held twice */
			else if (!f && hput(&a->curnames, c->name, (const void *)(intptr_t)(i + 1)) < 0)
				a->rc = -VDEV_E_NOMEM;
			c->objects = 1;
			if (c->vipa && vattr_load(v->odm, &v->type, NULL, &c->at) < 0)
				a->rc = -VDEV_E_NOMEM;
		}
		if (!a->rc)
			rc = odm_get_match(v->odm, "CuAt", NULL, cuat_cb, a);
	}
	if (a->rc < 0)
		return nomem(v);
	if (rc < 0)
		return vdev_odm_err(v, rc);
	if (vattr_load(v->odm, &v->type, NULL, &a->deflt) < 0)
		return nomem(v);
	return 0;
}

static int link_cb(const struct vnl_link *l, void *arg)
{
	struct apply *a = arg;

	if (a->nlinks == a->linkcap) {
		int cap = a->linkcap ? 2 * a->linkcap : 64;
		struct vnl_link *n = realloc(a->links, (size_t)cap * sizeof(*n));

		if (!n)
			return a->rc = -VDEV_E_NOMEM;
		a->links = n;
		a->linkcap = cap;
	}
	a->links[a->nlinks++] = *l;
	return 0;
}

/* A link the VIPA machinery made (marked, or with our alias). */
static int ours(const struct vnl_link *l)
{
	return l->marked || !strncmp(l->alias, VDEV_MARK, strlen(VDEV_MARK));
}

static int kaddr_cb(const struct vnl_addr *ad, void *arg)
{
	struct apply *a = arg;
	struct vaddr x = { .family = ad->family };
	char key[48], ik[24];
	intptr_t li;

	snprintf(ik, sizeof(ik), "/%d", ad->ifindex);
	li = (intptr_t)hget(&a->linknames, ik);
	if (li && ours(&a->links[li - 1]))
		return 0;   /* a VIPA's: the store says whose it is */
	memcpy(x.a, ad->addr, 16);
	addr_key(&x, key);
	if (!hget(&a->kaddrs, key) &&
	    hput(&a->kaddrs, key, li ? a->links[li - 1].name : "?") < 0)
		return a->rc = -VDEV_E_NOMEM;
	return 0;
}

/* The kernel's links and their addresses: two dumps. */
static int load_kernel(struct apply *a)
{
	struct vdev *v = a->v;
	int rc = vnl_link_list(v->nl, link_cb, a);
	char ik[24];

	for (int i = 0; rc >= 0 && !a->rc && i < a->nlinks; i++) {
		snprintf(ik, sizeof(ik), "/%d", a->links[i].index);
		if (hput(&a->linknames, a->links[i].name, (const void *)(intptr_t)(i + 1)) < 0 ||
		    hput(&a->linknames, ik, (const void *)(intptr_t)(i + 1)) < 0)
			a->rc = -VDEV_E_NOMEM;
	}
	if (rc >= 0 && !a->rc)
		rc = vnl_addr_list(v->nl, AF_UNSPEC, 0, kaddr_cb, a);
	if (a->rc < 0 || rc == -ENOMEM)
		return nomem(v);
	if (rc < 0)
		return vdev_kern_err(v, rc);
	return 0;
}

/* ---- checking the set ------------------------------------------------- */

/* The effective values of attribute @i of @s: its values, else its
 * default (none when the default is empty). */
struct evals {
	char *const *v;
	int n;
	char *one[1];
};

static void eff(const struct vattrs *s, int i, struct evals *e)
{
	if (s->a[i].n) {
		e->v = s->a[i].v;
		e->n = s->a[i].n;
	} else if (*s->t->at[i].deflt) {
		e->one[0] = (char *)s->t->at[i].deflt;
		e->v = e->one;
		e->n = 1;
	} else {
		e->v = NULL;
		e->n = 0;
	}
}

static int in_evals(const struct evals *e, const char *x)
{
	for (int k = 0; k < e->n; k++)
		if (!strcmp(e->v[k], x))
			return 1;
	return 0;
}

/* The same values, in any order (a list holds each value once). */
static int same_evals(const struct evals *x, const struct evals *y)
{
	if (x->n != y->n)
		return 0;
	for (int k = 0; k < x->n; k++)
		if (!in_evals(y, x->v[k]))
			return 0;
	return 1;
}

/* The line of the assignment of @attr in @sd (the last one), else of its
 * stanza. */
static int attr_line(const struct sdev *sd, const char *attr)
{
	size_t n = strlen(attr);
	int line = sd->line;

	for (int k = 0; k < sd->n; k++)
		if (!strncmp(sd->assign[k], attr, n) && sd->assign[k][n] == '=' && sd->lines[k])
			line = sd->lines[k];
	return line;
}

static int bad_value(struct adev *d, struct vdev *v, int line, const char *attr, const char *val,
		     const char *why)
{
	char q[300];

	d->bad = 1;
	vdev_quote(q, sizeof(q), val);
	return problem(v, d->sd->origin, line, "device '%s': attribute '%s' value '%s' %s",
		       d->sd->name, attr, q, why);
}

/* One value of attribute @i, as vdev_attrs_assign takes it: the first
 * value of an attribute replaces what it held, a list takes more. */
static int set_value(struct apply *a, struct adev *d, int i, const char *canon, const char *given,
		     int line)
{
	const struct vdev_pdat *p = &a->v->type.at[i];
	struct vaval *av = &d->want.a[i];
	const char *why = NULL;

	if (!av->touched) {
		vattr_clear(av);
		av->touched = 1;
	} else if (!vattr_multi_valued(p)) {
		why = "is the second value given for a single-valued attribute";
	}
	if (!why && !*canon) {
		if (!av->n)
			return 0;
		why = "is empty, but other values were given";
	}
	for (int m = 0; !why && m < av->n; m++)
		if (!strcmp(av->v[m], canon))
			why = "is given twice";
	if (why)
		return bad_value(d, a->v, line, p->attr, given, why);
	if (!strcmp(canon, p->deflt))
		return 0;   /* the default: no CuAt */
	return vattr_add(av, canon) < 0 ? nomem(a->v) : 0;
}

/* The checks of one device of the set on its own: its name, and each
 * value by the PdAt rules. */
static int check_dev(struct apply *a, int idx)
{
	struct vdev *v = a->v;
	struct adev *d = &a->d[idx];
	const struct sdev *sd = d->sd;
	const char *nm = sd->name, *pr, *pfx = v->type.prefix;
	char q[64], why[100], canon[300];
	int rc, i, di;

	vdev_quote(q, sizeof(q), nm);
	pr = vdev_ifname_problem(nm);
	if (!pr && vdev_bad_char(nm, why, sizeof(why)))
		pr = "is not a valid interface name";
	d->bad = 1;
	if (pr)
		return problem(v, sd->origin, sd->line, "device name '%s' %s", q, pr);
	if (!vdev_instance_name(pfx, nm))
		return problem(v, sd->origin, sd->line,
			       "device name '%s' is refused: the name of a virtual IP address is '%s' followed by a number (%s0, %s1, ...)",
			       q, pfx, pfx, pfx);
	intptr_t si = (intptr_t)hget(&a->setnames, nm);
	if (si) {
		const struct sdev *f = a->d[si - 1].sd;

		if (f->line && f->origin == sd->origin)
			return problem(v, sd->origin, sd->line,
				       "device '%s' is named twice in the set (first at line %d)", q, f->line);
		return problem(v, sd->origin, sd->line, "device '%s' is named twice in the set", q);
	}
	if (hput(&a->setnames, nm, (const void *)(intptr_t)(idx + 1)) < 0)
		return nomem(v);
	intptr_t ci = (intptr_t)hget(&a->curnames, nm);
	d->cur = ci ? &a->cur[ci - 1] : NULL;
	if (d->cur && !d->cur->vipa)
		return problem(v, sd->origin, sd->line,
			       "device '%s' is not a virtual IP address (type '%s')", q, d->cur->type);
	if (d->cur && d->cur->objects > 1)
		return problem(v, sd->origin, sd->line,
			       "device '%s' is refused: CuDv holds %d objects of that name, where a device name is unique",
			       q, d->cur->objects);
	d->bad = 0;
	if (d->cur) {
		d->cur->in_set = 1;
	} else {
		intptr_t li = (intptr_t)hget(&a->linknames, nm);

		if (li && !vdev_is_vipa_link(&a->links[li - 1], nm)) {
			d->bad = 1;
			if ((rc = problem(v, sd->origin, sd->line,
					  "device name '%s' is refused: a network interface of that name exists",
					  q)) < 0)
				return rc;
		}
	}
	if (vattr_load(v->odm, &v->type, NULL, &d->want) < 0)
		return nomem(v);
	for (int k = 0; k < sd->n; k++) {
		if (vdev_assign_check(v, nm, sd->assign[k], &i, canon, sizeof(canon)) < 0) {
			d->bad = 1;
			rc = problem(v, sd->origin, sd->lines[k], "%s", v->err);
		} else if ((di = vattr_del_target(&v->type, i)) >= 0) {
			/* chdev's delalias4: a stanza gives the whole list */
			d->bad = 1;
			rc = problem(v, sd->origin, sd->lines[k],
				     "device '%s': attribute '%s' is not taken in a stanza: its '%s' lines give the whole list",
				     q, v->type.at[i].attr, v->type.at[di].attr);
		} else {
			rc = set_value(a, d, i, canon, strchr(sd->assign[k], '=') + 1, sd->lines[k]);
		}
		if (rc < 0)
			return rc;
	}
	if ((a->flags & VDEV_PARTIAL) && d->cur) {
		/* what the stanza does not name stays as it is */
		for (i = 0; i < v->type.nat; i++)
			for (int k = 0; !d->want.a[i].touched && k < d->cur->at.a[i].n; k++)
				if (vattr_add(&d->want.a[i], d->cur->at.a[i].v[k]) < 0)
					return nomem(v);
	}
	/* no list longer than its PdAt width, no value kept (-p) that a
	 * command would refuse, no address twice: as the commands refuse */
	if (!d->bad && vdev_rules_check(v, nm, &d->want) < 0) {
		d->bad = 1;
		return problem(v, sd->origin, sd->line, "%s", v->err);
	}
	if (d->bad)
		return 0;
	if (!d->cur) {
		/* a new device has an address, and its mask or prefix length,
		 * as mkinetvi and mkinetvi6 require */
		const char *na = vattr_value(&d->want, "netaddr");
		const char *na6 = vattr_value(&d->want, "netaddr6");

		if (!*na && !*na6)
			return problem(v, sd->origin, sd->line,
				       "device '%s': attribute 'netaddr' or 'netaddr6' is required", q);
		if (*na && !*vattr_value(&d->want, "netmask"))
			return problem(v, sd->origin, sd->line,
				       "device '%s': attribute 'netmask' is required", q);
		if (*na6 && !*vattr_value(&d->want, "prefixlen"))
			return problem(v, sd->origin, sd->line,
				       "device '%s': attribute 'prefixlen' is required", q);
	}
	/* the attributes that go together (the groups of the predefined
	 * data), as chdev and mkdev keep them: a whole stanza is checked as
	 * a new device is, a partial one where it touches a group */
	if (vdev_attrs_required(v, nm, &d->want, !d->cur || !(a->flags & VDEV_PARTIAL)) < 0) {
		d->bad = 1;
		return problem(v, sd->origin, sd->line, "%s", v->err);
	}
	return 0;
}

static int add_line(struct adev *d, struct vdev *v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add_line(struct adev *d, struct vdev *v, const char *fmt, ...)
{
	char buf[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return vipa_strv_add(&d->lines, &d->nlines, buf) < 0 ? nomem(v) : 0;
}

static const char *status_name(int status)
{
	switch (status) {
	case 0: return "Defined";
	case 1: return "Available";
	case 2: return "Stopped";
	default: return "unknown";
	}
}

/* A value in a line: itself, or "" for none. */
static const char *shownv(const struct evals *e)
{
	return e->n ? e->v[0] : "\"\"";
}

/* What changes for one device of the set, as lines; marks the attributes
 * that change (touched). */
static int plan_dev(struct apply *a, struct adev *d)
{
	struct vdev *v = a->v;
	const struct vattrs *cur = d->cur ? &d->cur->at : &a->deflt;
	const char *nm = d->sd->name;
	struct evals o, n;
	int rc = 0;

	if (!d->cur) {
		d->changed = 1;
		rc = add_line(d, v, "+%s", nm);
	}
	for (int i = 0; rc >= 0 && i < v->type.nat; i++) {
		const struct vdev_pdat *p = &v->type.at[i];

		eff(cur, i, &o);
		eff(&d->want, i, &n);
		d->want.a[i].touched = !same_evals(&o, &n);
		if (!d->want.a[i].touched)
			continue;
		d->changed = 1;
		if (!vattr_multi_valued(p)) {
			rc = add_line(d, v, "%s: %s %s -> %s", nm, p->attr, shownv(&o), shownv(&n));
			continue;
		}
		for (int k = 0; rc >= 0 && k < o.n; k++)
			if (!in_evals(&n, o.v[k]))
				rc = add_line(d, v, "%s: %s -%s", nm, p->attr, o.v[k]);
		for (int k = 0; rc >= 0 && k < n.n; k++)
			if (!in_evals(&o, n.v[k]))
				rc = add_line(d, v, "%s: %s +%s", nm, p->attr, n.v[k]);
	}
	if (rc >= 0 && d->cur && d->cur->status != 1) {
		d->changed = 1;
		rc = add_line(d, v, "%s: status %s -> Available", nm, status_name(d->cur->status));
	}
	return rc;
}

/* Call @fn for each interface of the list @val. */
static int each_if(const char *val, int (*fn)(const char *ifname, void *arg), void *arg)
{
	char cp[300];
	int rc = 0;

	vdev_copy(cp, sizeof(cp), val);
	for (char *sv = NULL, *t = strtok_r(cp, ",", &sv); t && !rc; t = strtok_r(NULL, ",", &sv))
		rc = fn(t, arg);
	return rc;
}

/* The key of interface @ifname claimed for address family @f (1 IPv4,
 * 2 IPv6): an interface belongs to one VIPA per family. */
static void if_key(int f, const char *ifname, char key[48])
{
	snprintf(key, 48, "%d/%s", f, ifname);
}

static const char *family_name(int f)
{
	return f == 1 ? "IPv4" : "IPv6";
}

struct ifput {
	struct htab *t;
	const char *owner;
	int fams;                /* the families the owner claims */
};

static int ifput_cb(const char *ifname, void *arg)
{
	struct ifput *p = arg;
	char key[48];

	for (int f = 1; f <= 2; f++) {
		if (!(p->fams & f))
			continue;
		if_key(f, ifname, key);
		if (!hget(p->t, key) && hput(p->t, key, p->owner) < 0)
			return -VDEV_E_NOMEM;
	}
	return 0;
}

/* Claim the addresses of @s for @owner (with @cur: only the values @cur
 * holds too), and with @with_ifs its interfaces. */
static int claim(struct apply *a, struct htab *own, struct htab *ifown, const struct vattrs *s,
		 const struct vattrs *cur, const char *owner, int with_ifs)
{
	struct vdev *v = a->v;
	struct evals e, c;
	char key[48];

	for (int i = 0; i < v->type.nat; i++) {
		const struct vdev_pdat *p = &v->type.at[i];

		eff(s, i, &e);
		if (cur)
			eff(cur, i, &c);
		if (!strcmp(p->type, "iflist")) {
			struct ifput ip = { ifown, owner, vdev_attrs_families(s) };

			if (with_ifs && e.n && each_if(e.v[0], ifput_cb, &ip) < 0)
				return nomem(v);
			continue;
		}
		for (int k = 0; k < e.n; k++) {
			struct vaddr ad;

			if ((cur && !in_evals(&c, e.v[k])) || !vdev_value_addr(p, e.v[k], &ad))
				continue;
			addr_key(&ad, key);
			if (!hget(own, key) && hput(own, key, owner) < 0)
				return nomem(v);
		}
	}
	return 0;
}

struct ifcheck {
	struct apply *a;
	struct adev *d;
	struct htab *ifown, *vipas;
	const char *attr, *val;
	int line;
	int fams;                /* the families the device claims */
	int warn;                /* warn of an interface that does not exist */
};

static int ifcheck_cb(const char *t, void *arg)
{
	struct ifcheck *x = arg;
	struct vdev *v = x->a->v;
	const char *nm = x->d->sd->name, *owner;
	char why[400];

	/* returns -1 out of memory, 1 to stop (as vdev_attrs_check: one
	 * refusal for a VIPA named), 0 to go on */
	if (!strcmp(t, nm) || hget(x->vipas, t)) {
		snprintf(why, sizeof(why), "is refused: '%s' is a virtual IP address device", t);
		return bad_value(x->d, v, x->line, x->attr, x->val, why) < 0 ? -1 : 1;
	}
	for (int f = 1; f <= 2; f++) {
		char key[48];

		if (!(x->fams & f))
			continue;
		if_key(f, t, key);
		owner = hget(x->ifown, key);
		if (owner && strcmp(owner, nm)) {
			snprintf(why, sizeof(why),
				 "is refused: interface '%s' is already used by '%s' for %s (one virtual IP address per interface and address family)",
				 t, owner, family_name(f));
			return bad_value(x->d, v, x->line, x->attr, x->val, why) < 0 ? -1 : 0;
		}
		if (!owner && hput(x->ifown, key, nm) < 0)
			return -1;
	}
	if (x->warn && !hget(&x->a->linknames, t) &&
	    vdev_warn(v, "device '%s': interface '%s' does not exist yet: its routes get the address at the next cfgif",
		      nm, t) < 0)
		return -1;
	return 0;
}

/* The address families device @d of the set gains (an IPv4 VIPA given
 * an IPv6 address): its interfaces are claimed for those too. */
static int new_families(const struct adev *d)
{
	return d->cur ? vdev_attrs_families(&d->want) & ~vdev_attrs_families(&d->cur->at) : 0;
}

/* Will @c be removed? */
static int removed(const struct apply *a, const struct cdev *c)
{
	return (a->flags & VDEV_REMOVE_OTHERS) && c->vipa && !c->in_set;
}

/*
 * The checks of the devices that change against the others, as the set
 * leaves them: an address belongs to one VIPA and is not local on a link
 * that is not a VIPA's; an interface belongs to one VIPA per address
 * family, is no VIPA, and should exist (else a warning).  What stays as it is claims first, then
 * each device that changes, in the set's order.
 */
static int cross_check(struct apply *a)
{
	struct vdev *v = a->v;
	struct htab own = { 0 }, ifown = { 0 }, vipas = { 0 };
	char key[48], ntop[64], why[400];
	int rc = 0;

	for (int i = 0; rc >= 0 && i < a->ncur; i++) {
		const struct cdev *c = &a->cur[i];

		if (c->vipa && hput(&vipas, c->name, c->name) < 0)
			rc = nomem(v);
		if (rc >= 0 && c->vipa && !c->in_set && !removed(a, c))
			rc = claim(a, &own, &ifown, &c->at, NULL, c->name, 1);
	}
	for (int k = 0; rc >= 0 && k < a->nset; k++) {
		const struct adev *d = &a->d[k];
		int ifi = -1;

		if (d->bad) {
			/* refused already: it counts as it is */
			if (d->cur && d->cur->vipa)
				rc = claim(a, &own, &ifown, &d->cur->at, NULL, d->cur->name, 1);
			continue;
		}
		if (hput(&vipas, d->sd->name, d->sd->name) < 0)
			rc = nomem(v);
		for (int i = 0; i < v->type.nat; i++)
			if (!strcmp(v->type.at[i].type, "iflist"))
				ifi = i;
		/* its interfaces as they are, unless they change or the device
		 * gains an address family (then they are checked below) */
		if (rc >= 0 && d->cur)
			rc = claim(a, &own, &ifown, &d->want, &d->cur->at, d->sd->name,
				   ifi >= 0 && !d->want.a[ifi].touched && !new_families(d));
	}
	for (int k = 0; rc >= 0 && k < a->nset; k++) {
		struct adev *d = &a->d[k];
		struct vaddr *mine;
		size_t nvals = 1;
		int nmine = 0;

		if (d->bad || !d->changed)
			continue;
		/* one slot per value: each holds one address at most */
		for (int i = 0; i < v->type.nat; i++)
			nvals += (size_t)d->want.a[i].n + 1;
		if (!(mine = calloc(nvals, sizeof(*mine)))) {
			rc = nomem(v);
			break;
		}
		for (int i = 0; rc >= 0 && i < v->type.nat; i++) {
			const struct vdev_pdat *p = &v->type.at[i];
			int line = attr_line(d->sd, p->attr);
			struct evals e, c;

			eff(&d->want, i, &e);
			if (d->cur)
				eff(&d->cur->at, i, &c);
			if (!strcmp(p->type, "iflist")) {
				struct ifcheck x = { a, d, &ifown, &vipas, p->attr, e.n ? e.v[0] : "", line,
						     vdev_attrs_families(&d->want), d->want.a[i].touched };

				if ((d->want.a[i].touched || new_families(d)) && e.n &&
				    each_if(e.v[0], ifcheck_cb, &x) < 0)
					rc = nomem(v);
				continue;
			}
			for (int k2 = 0; rc >= 0 && k2 < e.n; k2++) {
				struct vaddr ad;
				const char *owner, *kl;
				int twice = 0;

				if (!vdev_value_addr(p, e.v[k2], &ad))
					continue;
				for (int m = 0; m < nmine; m++)
					twice |= mine[m].family == ad.family &&
						 !memcmp(mine[m].a, ad.a, ad.family == AF_INET ? 4 : 16);
				if (twice) {
					rc = bad_value(d, v, line, p->attr, e.v[k2],
						       "is refused: the address is given twice");
					continue;
				}
				mine[nmine++] = ad;
				if (d->cur && in_evals(&c, e.v[k2]))
					continue;   /* kept: claimed above */
				addr_key(&ad, key);
				vnl_ntop(ad.family, ad.a, ntop, sizeof(ntop));
				owner = hget(&own, key);
				if (owner && strcmp(owner, d->sd->name)) {
					snprintf(why, sizeof(why), "is refused: %s is already the address of '%s'",
						 ntop, owner);
					rc = bad_value(d, v, line, p->attr, e.v[k2], why);
				} else if ((kl = hget(&a->kaddrs, key))) {
					snprintf(why, sizeof(why), "is refused: %s is already a local address of '%s'",
						 ntop, kl);
					rc = bad_value(d, v, line, p->attr, e.v[k2], why);
				} else if (!owner && hput(&own, key, d->sd->name) < 0) {
					rc = nomem(v);
				}
			}
		}
		free(mine);
	}
	hfree(&own);
	hfree(&ifown);
	hfree(&vipas);
	return rc < 0 ? rc : 0;
}

/* The problems in the order of the text they come from: by origin and
 * line; those without either last, in the order they were found. */
struct pkey {
	int origin, line, idx;
	char *text;
};

static int cmp_pkey(const void *x, const void *y)
{
	const struct pkey *p = x, *q = y;

	if (p->origin != q->origin)
		return p->origin < q->origin ? -1 : 1;
	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

static void sort_problems(struct vdev *v, const struct vdev_set *set)
{
	struct pkey *k = calloc((size_t)v->nprob + 1, sizeof(*k));

	if (!k)
		return;   /* found order */
	for (int i = 0; i < v->nprob; i++) {
		k[i] = (struct pkey){ set->norigins, 0, i, v->prob[i] };
		for (int o = 0; o < set->norigins; o++) {
			size_t n = strlen(set->origins[o]);

			if (!strncmp(v->prob[i], set->origins[o], n) && v->prob[i][n] == ':') {
				k[i].origin = o;
				k[i].line = atoi(v->prob[i] + n + 1);
				break;
			}
		}
	}
	if (v->nprob > 1)
		qsort(k, (size_t)v->nprob, sizeof(*k), cmp_pkey);
	for (int i = 0; i < v->nprob; i++)
		v->prob[i] = k[i].text;
	free(k);
}

/* ---- the change ------------------------------------------------------- */

/* Lines of the kernel's configure methods are collected on the handle. */
static void collect(const char *line, void *arg)
{
	(void)line;
	(void)arg;
}

/* Reconcile the kernel of @d (pass @pass as vdev_cfgif's); its lines are
 * kept only when the database does not change for it (else its diff says
 * what changes). */
static int kern_dev(struct apply *a, struct adev *d, int pass)
{
	struct vdev *v = a->v;
	struct vcfg c = { 0 };
	int n0 = v->nlines, rc;

	if (d->sd) {
		rc = vdev_cfg_from(v, d->sd->name, 1, &d->want, &c);
		c.fresh = !d->cur;
	} else {
		rc = vdev_cfg_from(v, d->cur->name, 0, &d->cur->at, &c);
	}
	if (rc >= 0)
		rc = vdev_kern_reconcile(v, &c, pass);
	vdev_cfg_free(&c);
	for (int k = n0; k < v->nlines; k++) {
		if (rc >= 0 && !d->changed && vipa_strv_add(&d->lines, &d->nlines, v->lines[k]) < 0)
			rc = nomem(v);
		free(v->lines[k]);
		v->lines[k] = NULL;
	}
	v->nlines = n0;
	return rc;
}

/* Both passes over the devices: those removed first, then the set's (a
 * dry run: only those the database keeps as they are). */
static int kern_all(struct apply *a, int dry)
{
	int rc;

	for (int pass = 1; pass >= 0; pass--) {
		if ((rc = vdev_kern_snapshot(a->v)) < 0)
			return rc;
		for (int k = a->nset; k < a->nd; k++)
			if (!dry && (rc = kern_dev(a, &a->d[k], pass)) < 0)
				return rc;
		for (int k = 0; k < a->nset; k++)
			if ((!dry || !a->d[k].changed) && (rc = kern_dev(a, &a->d[k], pass)) < 0)
				return rc;
	}
	return 0;
}

static int add_cudv(struct vdev *v, struct odm_obj **o, const char *name)
{
	const struct odm_class *cls;
	int rc = 0;

	if (!*o) {
		rc = odm_get_class(v->odm, "CuDv", &cls);
		if (rc >= 0 && !(*o = odm_obj_new(cls)))
			rc = -ODM_E_NOMEM;
		if (rc >= 0)
			rc = odm_obj_set(v->odm, *o, "status", "1");
		if (rc >= 0)
			rc = odm_obj_set(v->odm, *o, "PdDvLn", VDEV_VIPA_TYPE);
	}
	if (rc >= 0)
		rc = odm_obj_set(v->odm, *o, "name", name);
	if (rc >= 0)
		rc = odm_add(v->odm, *o);
	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

/* The database as the set wants it; the devices removed are Defined
 * until their links are gone. */
static int write_db(struct apply *a)
{
	struct vdev *v = a->v;
	struct odm_obj *o = NULL;
	int rc = 0;

	for (int k = 0; rc >= 0 && k < a->nset; k++) {
		const struct adev *d = &a->d[k];
		const char *nm = d->sd->name;

		if (!d->changed)
			continue;
		if (d->cur) {
			rc = vdev_aset_store(v, nm, &d->want);
			if (rc >= 0 && d->cur->status != 1)
				rc = vdev_db_set_status(v, nm, 1);
			continue;
		}
		rc = add_cudv(v, &o, nm);
		for (int i = 0; rc >= 0 && i < v->type.nat; i++)
			for (int m = 0; rc >= 0 && m < d->want.a[i].n; m++)
				rc = vdev_db_cuat_add(v, nm, v->type.at[i].attr, d->want.a[i].v[m],
						      &v->type.at[i]);
	}
	odm_obj_free(o);
	for (int k = a->nset; rc >= 0 && k < a->nd; k++)
		if (a->d[k].cur->status != 0)
			rc = vdev_db_set_status(v, a->d[k].cur->name, 0);
	return rc;
}

static int cmp_removed(const void *x, const void *y)
{
	const struct adev *p = x, *q = y;

	return vdev_natural_cmp(p->cur->name, q->cur->name);
}

static void apply_free(struct apply *a)
{
	for (int i = 0; i < a->ncur; i++) {
		free(a->cur[i].name);
		if (a->cur[i].at.a)
			vattr_free(&a->cur[i].at);
	}
	free(a->cur);
	for (int k = 0; k < a->nd; k++) {
		if (a->d[k].want.a)
			vattr_free(&a->d[k].want);
		vipa_strv_free(&a->d[k].lines, &a->d[k].nlines);
	}
	free(a->d);
	if (a->deflt.a)
		vattr_free(&a->deflt);
	free(a->links);
	hfree(&a->curnames);
	hfree(&a->setnames);
	hfree(&a->linknames);
	hfree(&a->kaddrs);
}

VIPA_EXPORT int vdev_apply(struct vdev *v, const struct vdev_set *set, unsigned flags,
			   void (*report)(const char *line, void *arg), void *arg)
{
	struct apply a = { .v = v, .flags = flags };
	int dry = !!(flags & VDEV_DRY_RUN), snap = 0, rc, count = 0;
	char why[100], q[64];

	rc = vdev_begin(v, !dry);
	if (rc < 0)
		return rc;
	/* a dry run reads one snapshot of the store */
	if (dry) {
		if ((rc = odm_read_begin(v->odm)) < 0) {
			rc = vdev_odm_err(v, rc);
			goto out;
		}
		snap = 1;
	}
	if ((!dry && (rc = vdev_need_priv(v)) < 0) || (rc = vdev_nl(v)) < 0 ||
	    (rc = load_store(&a)) < 0 || (rc = load_kernel(&a)) < 0)
		goto out;
	if (!(a.d = calloc((size_t)set->n + (size_t)a.ncur + 1, sizeof(*a.d)))) {
		rc = nomem(v);
		goto out;
	}
	a.nset = a.nd = set->n;
	for (int k = 0; k < set->n; k++) {
		a.d[k].sd = &set->d[k];
		if ((rc = check_dev(&a, k)) < 0)
			goto out;
	}
	for (int k = 0; k < a.nset; k++)
		if (!a.d[k].bad && (rc = plan_dev(&a, &a.d[k])) < 0)
			goto out;
	if ((rc = cross_check(&a)) < 0)
		goto out;
	if (v->nprob) {
		sort_problems(v, set);
		rc = refused(v);
		goto out;
	}
	for (int i = 0; (flags & VDEV_REMOVE_OTHERS) && i < a.ncur; i++) {
		struct cdev *c = &a.cur[i];

		if (c->odd && vdev_bad_vipa_name(&v->type, c->name, why, sizeof(why))) {
			/* as vdev_cfgif: a name no VIPA can have is left alone */
			vdev_quote(q, sizeof(q), c->name);
			if (vdev_warn(v, "device '%s' left alone: its name %s", q, why) < 0) {
				rc = nomem(v);
				goto out;
			}
			continue;
		}
		if (!removed(&a, c))
			continue;
		a.d[a.nd].cur = c;
		a.d[a.nd].changed = 1;
		if ((rc = add_line(&a.d[a.nd++], v, "-%s", c->name)) < 0)
			goto out;
	}
	if (a.nd - a.nset > 1)
		qsort(a.d + a.nset, (size_t)(a.nd - a.nset), sizeof(*a.d), cmp_removed);
	v->dry = dry;
	v->report = collect;
	v->report_arg = NULL;
	if (!dry)
		rc = write_db(&a);
	if (rc >= 0)
		rc = kern_all(&a, dry);
	for (int k = a.nset; !dry && rc >= 0 && k < a.nd; k++)
		rc = vdev_db_delete(v, a.d[k].cur->name);
	if (rc >= 0 && v->lines_nomem)
		rc = nomem(v);
out:
	vdev_kern_snapshot_free(v);
	vdev_kern_dry_free(v);
	v->dry = 0;
	v->report = NULL;
	if (snap)
		odm_read_end(v->odm);
	rc = vdev_finish(v, rc);
	/* what was done (or would be), now that it is committed: the devices
	 * removed, then the set's in its order */
	for (int k = a.nset; rc >= 0 && k < a.nd; k++)
		for (int m = 0; m < a.d[k].nlines; m++, count++)
			if (report)
				report(a.d[k].lines[m], arg);
	for (int k = 0; rc >= 0 && k < a.nset; k++)
		for (int m = 0; m < a.d[k].nlines; m++, count++)
			if (report)
				report(a.d[k].lines[m], arg);
	apply_free(&a);
	return rc < 0 ? rc : count;
}
