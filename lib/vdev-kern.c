/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-kern.c - the configure methods: make the kernel hold what the
 * database says for one VIPA (struct vcfg), in an order that never loses a
 * route, and keep a journal of every change so that a failed command can
 * put the kernel back as it found it.
 *
 * Why the order matters: when an IPv4 address is deleted, the kernel
 * deletes every route whose preferred source it was (the default route
 * too).  So a route gets its previous source back before its VIPA address
 * goes, and a new address is added before routes move to it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "odm.h"
#include "vdev-internal.h"
#include "vnl.h"

#define MAXOIFS 64

/*
 * A route record (struct vroute, class CuRoute): the route's key "TABLE
 * DST/PLEN METRIC", its kind ('s': we gave it our source, @prev the one
 * it had; 'd': a route through our link), and the kernel's message of it.
 * Records are kept in memory while routes are walked (found by kind and
 * key through a hash table) and written back once at the end
 * (rec_flush), so that moving the source of many routes costs one insert
 * or delete per route.
 */
enum { REC_LIVE, REC_GONE, REC_NEW, REC_NEW_GONE, REC_CHANGED };

struct rec {
	char key[160];
	char prev[64];
	char kind;    /* 's' or 'd' */
	char stack[24];   /* the network stack of @msg */
	long long lost;   /* left to its daemon since (vdev_boot_ms), else 0 */
	char *msg;    /* vnl_route_hex, NULL: none kept */
	int state;
	int seen;     /* its route was met in this walk, with our source or due to get it */
	int exists;   /* a route with its key was met in this walk */
	int done;     /* settled in this walk before its routes were walked */
	int next;     /* hash chain */
};

struct kstate {
	int have_link;
	struct vnl_link link;
	struct vnl_addr *addrs;   /* on our link */
	int naddrs;
	struct vaddr *ours;       /* the link's addresses and the wanted ones */
	int nours, ourscap;
	int *ifidx;               /* the links of interface_names that exist */
	int nifidx;
	struct rec *recs;
	int nrecs, reccap;
	int *heads;
	unsigned nheads;          /* a power of two */
	int dirty;
	int dups;                 /* two records of one kind and key were read */
	int legacy;               /* records were read from CuAt (an earlier build) */
	/* the kernel had lost the VIPA's IPv4 / IPv6 address when we came:
	 * the kernel deleted the IPv4 routes that had it as source */
	int lost4, lost6;
	/* routes of routing daemons that carry one of our addresses, one
	 * that goes in this change, as source: per daemon and address, how
	 * many.  A record of ours does not tell whether the daemon sets it
	 * too: it outlives a daemon's setting added after the fix. */
	struct dsrc {
		int proto, family, n;
		unsigned char a[16];
	} dsrc[8];
	int ndsrc;
	int new_index;            /* the link this change created, if known */
	/* our link was down or missing when we came: the routes through it
	 * went with it */
	int was_down;
};

static unsigned rec_hash(const char *key)
{
	unsigned h = 2166136261u;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

static int rec_rehash(struct kstate *k)
{
	unsigned n = 64;
	int *heads;

	while (n < (unsigned)k->nrecs * 2 + 2)
		n *= 2;
	heads = malloc(n * sizeof(*heads));
	if (!heads)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++)
		heads[i] = -1;
	for (int i = 0; i < k->nrecs; i++) {
		unsigned b = rec_hash(k->recs[i].key) & (n - 1);

		k->recs[i].next = heads[b];
		heads[b] = i;
	}
	free(k->heads);
	k->heads = heads;
	k->nheads = n;
	return 0;
}

/* Append a record of @kind (state @state, no message); returns its index
 * or -ENOMEM. */
static int rec_append(struct kstate *k, const char *key, const char *prev, char kind, int state)
{
	struct rec *r;

	if (k->nrecs == k->reccap) {
		int cap = k->reccap ? k->reccap * 2 : 64;

		r = realloc(k->recs, (size_t)cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		k->recs = r;
		k->reccap = cap;
	}
	r = &k->recs[k->nrecs];
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	snprintf(r->prev, sizeof(r->prev), "%s", prev);
	r->kind = kind;
	r->state = state;
	r->next = -1;
	k->nrecs++;
	if (k->heads && (unsigned)k->nrecs * 2 <= k->nheads) {
		unsigned b = rec_hash(key) & (k->nheads - 1);

		r->next = k->heads[b];
		k->heads[b] = k->nrecs - 1;
		return k->nrecs - 1;
	}
	return rec_rehash(k) < 0 ? -ENOMEM : k->nrecs - 1;
}

static int rec_live(const struct rec *r)
{
	return r->state == REC_LIVE || r->state == REC_NEW || r->state == REC_CHANGED;
}

/* The live record of @kind and @key, or -1. */
static int rec_find(const struct kstate *k, const char *key, char kind)
{
	if (!k->heads)
		return -1;
	for (int i = k->heads[rec_hash(key) & (k->nheads - 1)]; i >= 0; i = k->recs[i].next)
		if (rec_live(&k->recs[i]) && k->recs[i].kind == kind && !strcmp(k->recs[i].key, key))
			return i;
	return -1;
}

/* Record @i keeps message @msg (taken over, may be NULL) of network stack
 * @stack, not left to a daemon: written back if that changes it. */
static void rec_update(struct kstate *k, int i, char *msg, const char *stack)
{
	struct rec *r = &k->recs[i];

	if (r->lost == 0 && !strcmp(r->stack, stack) &&
	    (msg && r->msg ? !strcmp(msg, r->msg) : msg == r->msg)) {
		free(msg);
		return;
	}
	free(r->msg);
	r->msg = msg;
	snprintf(r->stack, sizeof(r->stack), "%s", stack);
	r->lost = 0;
	if (r->state == REC_LIVE)
		r->state = REC_CHANGED;
	k->dirty = 1;
}

/*
 * A dry run changes nothing, yet each of its steps must see what the steps
 * before it would have done, as the real run does (a route given back its
 * source in the first pass holds it no longer in the second).  So it keeps
 * what it would have changed: the source of each route it would have set
 * (a record whose key is the route's text, which names its device, and
 * whose prev is the source, "-" for none), per VIPA the saved sources it
 * would have written, and the addresses it would have added (+1) or
 * removed (-1), to know which sources the kernel would still take.
 */
struct drecs {
	char name[16];
	struct rec *recs;    /* the live ones */
	int n;
};

struct daddr {
	struct vaddr a;
	int delta;
};

struct kdry {
	struct kstate srcs;  /* only its records are used */
	struct drecs *sets;
	int nsets;
	struct daddr *addrs;
	int naddrs;
};

static void kstate_free(struct kstate *k);
struct kcache;
static int kc_link(const struct kcache *kc, const char *name, struct vnl_link *out);

void vdev_kern_dry_free(struct vdev *v)
{
	if (!v->kdry)
		return;
	kstate_free(&v->kdry->srcs);
	for (int i = 0; i < v->kdry->nsets; i++) {
		for (int r = 0; r < v->kdry->sets[i].n; r++)
			free(v->kdry->sets[i].recs[r].msg);
		free(v->kdry->sets[i].recs);
	}
	free(v->kdry->sets);
	free(v->kdry->addrs);
	free(v->kdry);
	v->kdry = NULL;
}

static struct kdry *dry_state(struct vdev *v)
{
	if (!v->kdry)
		v->kdry = calloc(1, sizeof(*v->kdry));
	return v->kdry;
}

/* The saved sources a dry run would have left for @name, or NULL. */
static struct drecs *dry_recs(const struct vdev *v, const char *name)
{
	for (int i = 0; v->kdry && i < v->kdry->nsets; i++)
		if (!strcmp(v->kdry->sets[i].name, name))
			return &v->kdry->sets[i];
	return NULL;
}

/* Keep the live records of @k as those a dry run would have left. */
static int dry_save_recs(struct vdev *v, const char *name, const struct kstate *k)
{
	struct kdry *d = dry_state(v);
	struct drecs *s;
	struct rec *recs;
	int n = 0;

	if (!d)
		return -ENOMEM;
	if (!(s = dry_recs(v, name))) {
		s = realloc(d->sets, (size_t)(d->nsets + 1) * sizeof(*s));
		if (!s)
			return -ENOMEM;
		d->sets = s;
		s = &d->sets[d->nsets++];
		memset(s, 0, sizeof(*s));
		snprintf(s->name, sizeof(s->name), "%s", name);
	}
	recs = calloc((size_t)k->nrecs + 1, sizeof(*recs));
	if (!recs)
		return -ENOMEM;
	for (int i = 0; i < k->nrecs; i++) {
		if (!rec_live(&k->recs[i]))
			continue;
		recs[n] = k->recs[i];
		if (recs[n].msg && !(recs[n].msg = strdup(recs[n].msg))) {
			for (int m = 0; m < n; m++)
				free(recs[m].msg);
			free(recs);
			return -ENOMEM;
		}
		n++;
	}
	for (int i = 0; i < s->n; i++)
		free(s->recs[i].msg);
	free(s->recs);
	s->recs = recs;
	s->n = n;
	return 0;
}

/* Route @r's preferred source, as a dry run would have left it. */
static int route_src(const struct vdev *v, const struct vnl_route *r, unsigned char *out)
{
	if (v->dry && v->kdry && v->kdry->srcs.nrecs) {
		char key[160];
		int i, f;

		vnl_route_format(r, key, sizeof(key));
		if ((i = rec_find(&v->kdry->srcs, key, 's')) >= 0) {
			memset(out, 0, 16);
			return strcmp(v->kdry->srcs.recs[i].prev, "-") &&
			       vnl_parse_addr(v->kdry->srcs.recs[i].prev, &f, out) == 0;
		}
	}
	return vnl_route_prefsrc(r, out);
}

/* A dry run would have given route @r the source @src (text, "-": none). */
static int dry_set_src(struct vdev *v, const struct vnl_route *r, const char *src)
{
	struct kdry *d = dry_state(v);
	char key[160];
	int i;

	if (!d)
		return -ENOMEM;
	vnl_route_format(r, key, sizeof(key));
	if ((i = rec_find(&d->srcs, key, 's')) >= 0) {
		snprintf(d->srcs.recs[i].prev, sizeof(d->srcs.recs[i].prev), "%s", src);
		return 0;
	}
	return rec_append(&d->srcs, key, src, 's', REC_LIVE) < 0 ? -ENOMEM : 0;
}

/* A dry run would have added (@delta 1) or removed (-1) an address. */
static int dry_addr(struct vdev *v, int family, const void *a, int plen, int delta)
{
	struct kdry *d = dry_state(v);
	struct daddr *n;

	if (!d || !(n = realloc(d->addrs, (size_t)(d->naddrs + 1) * sizeof(*n))))
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	d->addrs = n;
	n = &n[d->naddrs++];
	memset(n, 0, sizeof(*n));
	n->a.family = family;
	memcpy(n->a.a, a, family == AF_INET ? 4 : 16);
	n->a.plen = plen;
	n->delta = delta;
	return 0;
}

struct local_find {
	int family;
	const unsigned char *a;
	int n;
};

static int local_cb(const struct vnl_addr *a, void *arg)
{
	struct local_find *f = arg;

	if (a->family == f->family && !memcmp(a->addr, f->a, f->family == AF_INET ? 4 : 16))
		f->n++;
	return 0;
}

/* Would @a still be a local address (one the kernel takes as a route's
 * source) at this point of a dry run? */
static int dry_local(struct vdev *v, int family, const unsigned char *a)
{
	struct local_find f = { family, a, 0 };

	if (vnl_addr_list(v->nl, family, 0, local_cb, &f) < 0)
		return 1;   /* cannot tell: as the real run would try */
	for (int i = 0; v->kdry && i < v->kdry->naddrs; i++)
		if (v->kdry->addrs[i].a.family == family &&
		    !memcmp(v->kdry->addrs[i].a.a, a, family == AF_INET ? 4 : 16))
			f.n += v->kdry->addrs[i].delta;
	return f.n > 0;
}

static void rec_drop(struct kstate *k, int i)
{
	k->recs[i].state = k->recs[i].state == REC_NEW ? REC_NEW_GONE : REC_GONE;
	k->dirty = 1;
}

static int rec_write(struct vdev *v, const char *name, const struct rec *r)
{
	const struct vroute vr = {
		name, r->kind == 'd' ? "dev" : "src", r->key, r->prev, r->stack,
		r->msg ? r->msg : "", r->lost
	};

	return vdev_db_route_add(v, &vr);
}

/* Write the changed records back: a few one by one, many by rewriting
 * the device's records. */
static int rec_flush(struct vdev *v, const char *name, struct kstate *k)
{
	int ops = 0, rc = 0;

	if (!k->dirty)
		return 0;
	if (v->dry)
		return dry_save_recs(v, name, k) < 0
			       ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory") : 0;
	if (v->db_ro) {
		v->db_ro_skipped++;
		return 0;
	}
	/* records of an earlier build: kept in CuRoute from now on */
	if (k->legacy && (rc = vdev_db_cuat_del(v, name, VDEV_REC_ATTR, NULL)) < 0)
		return rc;
	for (int i = 0; i < k->nrecs; i++)
		ops += k->recs[i].state == REC_GONE || k->recs[i].state == REC_CHANGED;
	/* one delete by key takes every record of that key */
	if (ops > 16 || (ops && k->dups)) {
		rc = vdev_db_route_del(v, name, NULL, NULL);
		for (int i = 0; i < k->nrecs && rc >= 0; i++)
			if (rec_live(&k->recs[i]))
				rc = rec_write(v, name, &k->recs[i]);
		return rc;
	}
	for (int i = 0; i < k->nrecs && rc >= 0; i++) {
		struct rec *r = &k->recs[i];

		if (r->state == REC_GONE || r->state == REC_CHANGED)
			rc = vdev_db_route_del(v, name, r->kind == 'd' ? "dev" : "src", r->key);
		if (rc >= 0 && (r->state == REC_NEW || r->state == REC_CHANGED))
			rc = rec_write(v, name, r);
	}
	return rc;
}

int vdev_kern_err(struct vdev *v, int rc)
{
	return vdev_seterr(v, rc == -EPERM ? VDEV_E_PERM : VDEV_E_KERNEL, "%s",
			   vnl_errmsg(v->nl));
}

/* The netlink socket, opened on first use. */
int vdev_nl(struct vdev *v)
{
	int rc;

	if (v->nl)
		return 0;
	rc = vnl_open(&v->nl);
	if (rc < 0) {
		vdev_seterr(v, VDEV_E_KERNEL, "cannot open the netlink socket: %s",
			    v->nl ? vnl_errmsg(v->nl) : strerror(-rc));
		if (v->nl)
			vnl_close(v->nl);
		v->nl = NULL;
		return -VDEV_E_KERNEL;
	}
	return 0;
}

long long vdev_daemon_wait(void)
{
	const char *e = getenv("VIPA_DAEMON_WAIT");
	char *end;
	long n;

	if (!e || !*e)
		return VDEV_DAEMON_WAIT * 1000LL;
	n = strtol(e, &end, 10);
	if (*end || n < 0 || n > 600)
		return VDEV_DAEMON_WAIT * 1000LL;
	return n * 1000LL;
}

long long vdev_boot_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *vdev_stack(struct vdev *v)
{
	char boot[64] = "";
	uint64_t ns = 0, h = 14695981039346656037ull;
	ssize_t n = -1;
	int fd;

	if (v->stack[0] || vdev_nl(v) < 0)
		return v->stack;
	if ((fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, boot, sizeof(boot) - 1);
		close(fd);
	}
	/* without both, no record can be told to be of this stack */
	if (n <= 0 || vnl_netns_id(v->nl, &ns) < 0)
		return v->stack;
	boot[n] = '\0';
	for (const char *p = boot; *p && *p != '\n'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (int i = 0; i < 8; i++)
		h = (h ^ ((ns >> (8 * i)) & 0xff)) * 1099511628211ull;
	snprintf(v->stack, sizeof(v->stack), "%016llx", (unsigned long long)h);
	return v->stack;
}

static struct jent *journal(struct vdev *v, enum jkind kind)
{
	struct jent *n;

	if (v->nj == v->jcap) {
		n = realloc(v->j, (size_t)(v->jcap ? v->jcap * 2 : 16) * sizeof(*n));
		if (!n)
			return NULL;
		v->j = n;
		v->jcap = v->jcap ? v->jcap * 2 : 16;
	}
	n = &v->j[v->nj++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

/*
 * After the request of the journal's last entry: kept when it was done
 * (@rc 0) or its outcome is unknown (no answer read: marked unsure, the
 * undo settles it); taken out when the kernel refused it, which then
 * changed nothing.  Returns @rc.
 */
static int journal_settle(struct vdev *v, int rc)
{
	struct jent *j = &v->j[v->nj - 1];

	if (rc >= 0)
		return rc;
	if (vnl_unsure(v->nl)) {
		j->unsure = 1;
		return rc;
	}
	vnl_route_free(j->route);
	free(j->addrs);
	v->nj--;
	return rc;
}

void vdev_kern_forget(struct vdev *v)
{
	for (int i = 0; i < v->nj; i++) {
		vnl_route_free(v->j[i].route);
		free(v->j[i].addrs);
	}
	v->nj = 0;
}

static void set_sysctl(const char *family, const char *name, const char *key, const char *val)
{
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", family, name, key);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, val, strlen(val)) < 0) {
		/* IPv6 may be disabled: nothing to do then */
	}
	close(fd);
}

static uint32_t addr_flags(int family)
{
	return family == AF_INET6 ? IFA_F_NOPREFIXROUTE | IFA_F_NODAD : IFA_F_NOPREFIXROUTE;
}

/* Create link @name; its index into *@index (0: unknown, ask). */
static int create_link(struct vdev *v, const char *name, int *index)
{
	char mark[64], kind[16] = "";
	int rc;

	*index = 0;

	snprintf(mark, sizeof(mark), VDEV_MARK "%s", name);
	struct jent *j = journal(v, J_LINK_CREATE);
	if (!j)
		return -ENOMEM;
	snprintf(j->name, sizeof(j->name), "%s", name);
	rc = journal_settle(v, vnl_link_create_vi(v->nl, name, mark, kind));
	if (rc < 0)
		return rc;
	*index = vnl_created_index(v->nl);
	/* No IPv6 link-local address (and so no fe80::/64 route through the
	 * VIPA); keep the other addresses when the primary one goes. */
	set_sysctl("ipv6", name, "addr_gen_mode", "1");
	set_sysctl("ipv4", name, "promote_secondaries", "1");
	return 0;
}

/* The index of link @name: > 0, 0 when the kernel says there is none, or
 * a negative error of the query (a failed read is not "none"). */
static int link_index(struct vdev *v, const char *name)
{
	struct vnl_link l;
	int rc = vnl_link_get(v->nl, name, &l);

	if (rc == -ENODEV)
		return 0;
	return rc < 0 ? rc : l.index;
}

/* A link @name read from the snapshot or the kernel: 0, -ENODEV when
 * there is none, or a failure of the query (its error set on @v). */
static int get_link(struct vdev *v, const char *name, struct vnl_link *out)
{
	int rc = v->kc ? kc_link(v->kc, name, out) : vnl_link_get(v->nl, name, out);

	if (rc < 0 && rc != -ENODEV)
		return rc == -ENOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
				     : vdev_kern_err(v, rc);
	return rc;
}

struct prefix_find {
	int family, plen;
	unsigned char dst[16];
	unsigned char out[16];
	int found;
};

static int prefix_cb(const struct vnl_addr *a, void *arg)
{
	struct prefix_find *p = arg;
	int bytes = p->plen / 8, bits = p->plen % 8;

	if (a->prefixlen != p->plen || a->family != p->family)
		return 0;
	if (memcmp(a->addr, p->dst, (size_t)bytes))
		return 0;
	if (bits && ((a->addr[bytes] ^ p->dst[bytes]) & (0xff << (8 - bits))))
		return 0;
	memcpy(p->out, a->addr, 16);
	p->found = 1;
	return 1;
}

/*
 * The source the kernel gives a route of its own: the address of its
 * interface whose prefix it is (1, in @out); 0 for any other route (its
 * choice is then no source at all), or -errno.
 */
static int kernel_src(struct vnl *nl, const struct vnl_route *r, unsigned char *out)
{
	struct prefix_find p = { .family = vnl_route_family(r) };
	int oifs[2], rc;

	if (vnl_route_protocol(r) != RTPROT_KERNEL)
		return 0;
	if ((rc = vnl_route_oifs(nl, r, oifs, 2)) != 1)
		return rc < 0 ? rc : 0;
	p.plen = vnl_route_dst(r, p.dst);
	if ((rc = vnl_addr_list(nl, p.family, oifs[0], prefix_cb, &p)) < 0)
		return rc;
	if (!p.found)
		return 0;
	memcpy(out, p.out, 16);
	return 1;
}

/*
 * The undo.  Each step is written to be right whatever the kernel holds:
 * the change it undoes may have been applied or not (its answer was
 * lost), so "already so" answers (an address not there to delete, or
 * there already to add back, a link already gone) count as done, and the
 * kernel's answer to the step is the reading back of what it holds.  A
 * step whose own answer is lost is tried again (it is idempotent).  What
 * cannot be put back is named, one item each, in @diff.
 */
#define UNDO_TRIES 4

/* What the undo could not put back: whole entries while they fit in half
 * the error message (the other half keeps the failure itself and the
 * advice to run cfgif), then only counted. */
struct undo {
	struct vdev *v;
	char diff[VDEV_ERRLEN / 2];
	int more;
};

static void undo_differs(struct undo *u, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void undo_differs(struct undo *u, const char *fmt, ...)
{
	char one[VDEV_ERRLEN];
	size_t n = strlen(u->diff), l;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(one, sizeof(one), fmt, ap);
	va_end(ap);
	l = strlen(one);
	if (u->more || n + 2 + l >= sizeof(u->diff)) {
		u->more++;
		return;
	}
	/* it fits (above): appended as it is */
	if (n) {
		memcpy(u->diff + n, "; ", 2);
		n += 2;
	}
	memcpy(u->diff + n, one, l + 1);
}

/* The index of link @name, asked until answered: > 0, 0 none, < 0 failed. */
static int undo_index(struct undo *u, const char *name)
{
	int idx = -EIO;

	for (int t = 0; t < UNDO_TRIES; t++)
		if ((idx = link_index(u->v, name)) >= 0)
			break;
	return idx;
}

static void undo_route(struct undo *u, const struct jent *j)
{
	char rt[160], s[64] = "";
	int rc = -EIO;

	for (int t = 0; t < UNDO_TRIES; t++) {
		rc = vnl_route_set_prefsrc(u->v->nl, j->route, j->had_src ? j->src : NULL);
		if (rc >= 0 || !vnl_unsure(u->v->nl))
			break;
	}
	if (rc >= 0)
		return;
	vnl_route_format(j->route, rt, sizeof(rt));
	if (j->had_src)
		vnl_ntop(vnl_route_family(j->route), j->src, s, sizeof(s));
	if (rc == -ENOENT || rc == -ESRCH)
		undo_differs(u, "route %s is gone", rt);
	else
		undo_differs(u, "route %s did not get its source %s back (%s)", rt,
			     j->had_src ? s : "(none)", vnl_errmsg(u->v->nl));
}

/* Put a deleted twin back; there already (an unsure delete): fine. */
static void undo_route_del(struct undo *u, const struct jent *j)
{
	char rt[160];
	int rc = -EIO;

	for (int t = 0; t < UNDO_TRIES; t++) {
		rc = vnl_route_add(u->v->nl, j->route);
		if (rc >= 0 || rc == -EEXIST || !vnl_unsure(u->v->nl))
			break;
	}
	if (rc >= 0 || rc == -EEXIST)
		return;
	vnl_route_format(j->route, rt, sizeof(rt));
	undo_differs(u, "route %s did not come back (%s)", rt, vnl_errmsg(u->v->nl));
}

/* Delete a route put back again; gone already (an unsure add): fine. */
static void undo_route_add(struct undo *u, const struct jent *j)
{
	char rt[160];
	int rc = -EIO;

	for (int t = 0; t < UNDO_TRIES; t++) {
		rc = vnl_route_remove(u->v->nl, j->route);
		if (rc >= 0 || rc == -ESRCH || !vnl_unsure(u->v->nl))
			break;
	}
	if (rc >= 0 || rc == -ESRCH)
		return;
	vnl_route_format(j->route, rt, sizeof(rt));
	undo_differs(u, "route %s is there again (%s)", rt, vnl_errmsg(u->v->nl));
}

struct release {
	struct undo *u;
	const unsigned char *a;
};

static int release_cb(const struct vnl_route *r, void *arg)
{
	struct release *x = arg;
	unsigned char src[16], own[16];
	char rt[160];
	int has, rc = -EIO;

	if (vnl_route_table(r) == RT_TABLE_LOCAL || vnl_route_type(r) != RTN_UNICAST ||
	    !vnl_route_prefsrc(r, src) || memcmp(src, x->a, 4))
		return 0;
	has = kernel_src(x->u->v->nl, r, own) > 0;
	for (int t = 0; t < UNDO_TRIES; t++) {
		rc = vnl_route_set_prefsrc(x->u->v->nl, r, has ? own : NULL);
		if (rc >= 0 || !vnl_unsure(x->u->v->nl))
			break;
	}
	if (rc < 0 && rc != -ENOENT && rc != -ESRCH) {
		vnl_route_format(r, rt, sizeof(rt));
		undo_differs(x->u, "route %s still has a source that goes (%s)", rt,
			     vnl_errmsg(x->u->v->nl));
	}
	return 0;
}

/* Add (@add) or delete address @a of link @name back.  Routes that still
 * have an IPv4 address that goes as their source (the undo of their own
 * change failed, or never was: a route someone else gave it meanwhile)
 * get the kernel's own choice first, else the kernel would delete them
 * with it. */
static void undo_addr(struct undo *u, const char *name, const struct vaddr *a, int add,
		      uint32_t flags)
{
	char t[64];
	int idx = undo_index(u, name), rc = -EIO;

	vnl_ntop(a->family, a->a, t, sizeof(t));
	if (idx == 0 && !add)
		return;   /* no link: no address */
	if (idx > 0 && !add && a->family == AF_INET) {
		struct release x = { u, a->a };

		vnl_route_dump(u->v->nl, AF_INET, release_cb, &x);
	}
	for (int i = 0; idx > 0 && i < UNDO_TRIES; i++) {
		rc = add ? vnl_addr_add(u->v->nl, idx, a->family, a->a, a->plen, flags)
			 : vnl_addr_del(u->v->nl, idx, a->family, a->a, a->plen);
		if (rc >= 0 || !vnl_unsure(u->v->nl))
			break;
	}
	if (idx > 0 && (rc >= 0 || (add ? rc == -EEXIST : rc == -EADDRNOTAVAIL)))
		return;
	if (add)
		undo_differs(u, "address %s/%d is missing on %s", t, a->plen, name);
	else
		undo_differs(u, "address %s/%d is still on %s", t, a->plen, name);
}

static void undo_up(struct undo *u, const char *name, int up)
{
	int rc = -EIO;

	for (int t = 0; t < UNDO_TRIES; t++) {
		rc = vnl_link_set_up(u->v->nl, name, up);
		if (rc >= 0 || !vnl_unsure(u->v->nl))
			break;
	}
	if (rc < 0)
		undo_differs(u, "link %s is %s", name, up ? "down" : "up");
}

static void undo_link_delete(struct undo *u, const char *name)
{
	int rc = -EIO;

	for (int t = 0; t < UNDO_TRIES; t++) {
		rc = vnl_link_delete(u->v->nl, name);
		if (rc >= 0 || !vnl_unsure(u->v->nl))
			break;
	}
	if (rc < 0 && rc != -ENODEV)
		undo_differs(u, "link %s is still there", name);
}

static void undo_link_create(struct undo *u, const struct jent *j)
{
	char mark[64];
	int rc = -EIO, idx;

	snprintf(mark, sizeof(mark), VDEV_MARK "%s", j->name);
	idx = undo_index(u, j->name);
	if (idx == 0) {
		for (int t = 0; t < UNDO_TRIES; t++) {
			rc = vnl_link_create_vi(u->v->nl, j->name, mark, NULL);
			if (rc >= 0 || !vnl_unsure(u->v->nl))
				break;
			/* made or not: ask */
			if ((idx = undo_index(u, j->name)) != 0)
				break;
		}
		if (rc < 0 && rc != -EEXIST && idx <= 0) {
			undo_differs(u, "link %s is missing", j->name);
			return;
		}
	} else if (idx < 0) {
		undo_differs(u, "link %s: %s", j->name, vnl_errmsg(u->v->nl));
		return;
	}
	set_sysctl("ipv6", j->name, "addr_gen_mode", "1");
	set_sysctl("ipv4", j->name, "promote_secondaries", "1");
	for (int k = 0; k < j->naddrs; k++)
		undo_addr(u, j->name, &j->addrs[k], 1, addr_flags(j->addrs[k].family));
	if (j->up)
		undo_up(u, j->name, 1);
}

int vdev_kern_undo(struct vdev *v)
{
	struct undo u = { v, "", 0 };

	if (!v->nl || !v->nj) {
		vdev_kern_forget(v);
		return 0;
	}
	for (int i = v->nj - 1; i >= 0; i--) {
		struct jent *j = &v->j[i];

		switch (j->kind) {
		case J_ROUTE:
			undo_route(&u, j);
			break;
		case J_ROUTE_DEL:
			undo_route_del(&u, j);
			break;
		case J_ROUTE_ADD:
			undo_route_add(&u, j);
			break;
		case J_ADDR_ADD:
			undo_addr(&u, j->name, &j->addr, 0, 0);
			break;
		case J_ADDR_DEL:
			undo_addr(&u, j->name, &j->addr, 1, j->aflags);
			break;
		case J_LINK_UP:
			undo_up(&u, j->name, !j->up);
			break;
		case J_LINK_CREATE:
			undo_link_delete(&u, j->name);
			break;
		case J_LINK_DELETE:
			undo_link_create(&u, j);
			break;
		}
	}
	vdev_kern_forget(v);
	if (!u.diff[0])
		return 0;
	{
		static const char said[] = "; not undone, the kernel differs from the database: ";
		static const char advice[] = " (run cfgif)";
		char first[VDEV_ERRLEN], more[32] = "";
		int room;

		if (u.more)
			snprintf(more, sizeof(more), "; and %d more", u.more);
		/* The failure gives way first: what differs and the advice
		 * always end the line. */
		room = VDEV_ERRLEN - 1 - (int)(strlen(said) + strlen(u.diff) + strlen(more) +
					       strlen(advice));
		snprintf(first, sizeof(first), "%.*s", room > 0 ? room : 0, vdev_errmsg(v));
		return vdev_seterr(v, VDEV_E_UNDO, "%s%s%s%s%s", first, said, u.diff, more,
				   advice);
	}
}

/* ---- the cfgif snapshot ----------------------------------------------- */

/*
 * cfgif walks every VIPA twice; asking the kernel for every link, address
 * and route once per VIPA would make it quadratic.  Each VIPA changes only
 * its own link, its addresses, and routes that use its addresses or leave
 * through its interfaces, so a snapshot taken at the start of a pass stays
 * true for the VIPAs not yet handled.  The route sources in use tell which
 * VIPAs have routes to give back at all.
 */
struct kcache {
	struct vnl_link *links;   /* sorted by name */
	int nlinks;
	struct vnl_addr *addrs;   /* in the dump's order */
	int naddrs;
	struct kc_ai {
		int ifindex, pos;
	} *byidx;                 /* where each link's addresses are */
	struct vaddr *srcs;       /* distinct preferred sources of routes, sorted */
	int nsrcs;
	int *oifs;                /* distinct output links of routes (RTA_OIF) */
	int noifs;
	int rc;
	const struct vdev *v;
};

/* Room for one more entry in an array of @n entries of @size bytes that
 * grows to powers of two: the lists of a dump of 10,000 links would
 * otherwise be copied once per entry.  0 or -ENOMEM. */
static int grow(void *list, int n, size_t size)
{
	void **p = list;
	void *q;

	if (n & (n - 1))
		return 0;   /* not a power of two: there is room */
	q = realloc(*p, (size_t)(n ? 2 * n : 1) * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	return 0;
}

static int kc_link_cb(const struct vnl_link *l, void *arg)
{
	struct kcache *kc = arg;

	if (grow(&kc->links, kc->nlinks, sizeof(*kc->links)) < 0)
		return -ENOMEM;
	kc->links[kc->nlinks++] = *l;
	return 0;
}

/* Append @a to the list *@list of *@n addresses; 0 or -ENOMEM. */
static int addr_add(struct vnl_addr **list, int *n, const struct vnl_addr *a)
{
	if (grow(list, *n, sizeof(**list)) < 0)
		return -ENOMEM;
	(*list)[(*n)++] = *a;
	return 0;
}

static int kc_addr_cb(const struct vnl_addr *a, void *arg)
{
	struct kcache *kc = arg;

	return addr_add(&kc->addrs, &kc->naddrs, a);
}

static int kc_route_cb(const struct vnl_route *r, void *arg)
{
	struct kcache *kc = arg;
	unsigned char p[16] = { 0 };
	int fam = vnl_route_family(r), oif[1];

	if (vnl_route_table(r) == RT_TABLE_LOCAL)
		return 0;
	/* (the first nexthop's link is enough: a route through ours has
	 * every nexthop through it) */
	if (!vnl_route_nhid(r) && vnl_route_oifs(kc->v->nl, r, oif, 1) >= 1) {
		int seen = 0, *o;

		for (int i = 0; i < kc->noifs && !seen; i++)
			seen = kc->oifs[i] == oif[0];
		if (!seen) {
			if (!(o = realloc(kc->oifs, (size_t)(kc->noifs + 1) * sizeof(*o))))
				return -ENOMEM;
			kc->oifs = o;
			kc->oifs[kc->noifs++] = oif[0];
		}
	}
	if (!route_src(kc->v, r, p))
		return 0;
	/* the same source as the route before it: the common case */
	if (kc->nsrcs && kc->srcs[kc->nsrcs - 1].family == fam &&
	    !memcmp(kc->srcs[kc->nsrcs - 1].a, p, 16))
		return 0;
	if (grow(&kc->srcs, kc->nsrcs, sizeof(*kc->srcs)) < 0)
		return -ENOMEM;
	memset(&kc->srcs[kc->nsrcs], 0, sizeof(*kc->srcs));
	kc->srcs[kc->nsrcs].family = fam;
	memcpy(kc->srcs[kc->nsrcs].a, p, 16);
	kc->nsrcs++;
	return 0;
}

void vdev_kern_snapshot_free(struct vdev *v)
{
	if (!v->kc)
		return;
	free(v->kc->links);
	free(v->kc->addrs);
	free(v->kc->byidx);
	free(v->kc->srcs);
	free(v->kc->oifs);
	free(v->kc);
	v->kc = NULL;
}

static int cmp_link_name(const void *x, const void *y)
{
	return strcmp(((const struct vnl_link *)x)->name, ((const struct vnl_link *)y)->name);
}

static int cmp_src(const void *x, const void *y)
{
	const struct vaddr *a = x, *b = y;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->a, b->a, 16);
}

/* kc->byidx: by ifindex, the addresses of one link in the dump's order. */
static int cmp_addr_idx(const void *x, const void *y)
{
	const struct kc_ai *a = x, *b = y;

	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Look-ups by name, ifindex and source in log time, so that a pass over
 * N VIPAs costs N log N, not N squared. */
static int kc_index(struct kcache *kc)
{
	int n = 0;

	if (kc->nlinks > 1)
		qsort(kc->links, (size_t)kc->nlinks, sizeof(*kc->links), cmp_link_name);
	if (kc->nsrcs > 1) {
		qsort(kc->srcs, (size_t)kc->nsrcs, sizeof(*kc->srcs), cmp_src);
		for (int i = 0; i < kc->nsrcs; i++)
			if (!n || cmp_src(&kc->srcs[n - 1], &kc->srcs[i]))
				kc->srcs[n++] = kc->srcs[i];
		kc->nsrcs = n;
	}
	if (!(kc->byidx = malloc(((size_t)kc->naddrs + 1) * sizeof(*kc->byidx))))
		return -ENOMEM;
	for (int i = 0; i < kc->naddrs; i++)
		kc->byidx[i] = (struct kc_ai){ kc->addrs[i].ifindex, i };
	if (kc->naddrs > 1)
		qsort(kc->byidx, (size_t)kc->naddrs, sizeof(*kc->byidx), cmp_addr_idx);
	return 0;
}

int vdev_kern_snapshot(struct vdev *v)
{
	struct kcache *kc;
	int rc;

	vdev_kern_snapshot_free(v);
	if ((rc = vdev_nl(v)) < 0)
		return rc;
	kc = calloc(1, sizeof(*kc));
	if (!kc)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	v->kc = kc;
	kc->v = v;
	rc = vnl_link_list(v->nl, kc_link_cb, kc);
	if (rc >= 0)
		rc = vnl_addr_list(v->nl, AF_UNSPEC, 0, kc_addr_cb, kc);
	if (rc >= 0)
		rc = vnl_route_dump(v->nl, AF_UNSPEC, kc_route_cb, kc);
	if (rc >= 0)
		rc = kc_index(kc);
	if (rc < 0) {
		vdev_kern_snapshot_free(v);
		return rc == -ENOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
				     : vdev_kern_err(v, rc);
	}
	return 0;
}

static int kc_link(const struct kcache *kc, const char *name, struct vnl_link *out)
{
	struct vnl_link key;
	const struct vnl_link *l;

	if (kc->nlinks == 0)
		return -ENODEV;
	snprintf(key.name, sizeof(key.name), "%s", name);
	l = bsearch(&key, kc->links, (size_t)kc->nlinks, sizeof(*kc->links), cmp_link_name);
	if (!l)
		return -ENODEV;
	*out = *l;
	return 0;
}

/* The first of the snapshot's addresses of link @ifindex in kc->byidx (as
 * many follow as have it), or kc->naddrs when it has none. */
static int kc_addrs_of(const struct kcache *kc, int ifindex)
{
	int lo = 0, hi = kc->naddrs;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (kc->byidx[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether a route leads through link @ifindex. */
static int kc_through(const struct kcache *kc, int ifindex)
{
	for (int i = 0; i < kc->noifs; i++)
		if (kc->oifs[i] == ifindex)
			return 1;
	return 0;
}

/* Whether a route may use one of @k's addresses as source. */
static int kc_uses(const struct kcache *kc, const struct vaddr *ours, int nours)
{
	if (kc->nsrcs == 0)
		return 0;
	for (int k = 0; k < nours; k++) {
		struct vaddr key;

		memset(&key, 0, sizeof(key));
		key.family = ours[k].family;
		memcpy(key.a, ours[k].a, 16);
		if (bsearch(&key, kc->srcs, (size_t)kc->nsrcs, sizeof(*kc->srcs), cmp_src))
			return 1;
	}
	return 0;
}

/* ---- reading the kernel ----------------------------------------------- */

static int addrs_cb(const struct vnl_addr *a, void *arg)
{
	struct kstate *k = arg;

	return addr_add(&k->addrs, &k->naddrs, a);
}

static int same(int family, const void *a, const void *b)
{
	return !memcmp(a, b, family == AF_INET ? 4 : 16);
}

/* Add an address to k->ours once; 0 or -ENOMEM. */
static int add_ours(struct kstate *k, int family, const void *a)
{
	for (int i = 0; i < k->nours; i++)
		if (k->ours[i].family == family && same(family, k->ours[i].a, a))
			return 0;
	if (k->nours == k->ourscap) {
		int cap = k->ourscap ? 2 * k->ourscap : 16;
		struct vaddr *n = realloc(k->ours, (size_t)cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		k->ours = n;
		k->ourscap = cap;
	}
	memset(&k->ours[k->nours], 0, sizeof(k->ours[0]));
	k->ours[k->nours].family = family;
	memcpy(k->ours[k->nours].a, a, family == AF_INET ? 4 : 16);
	k->nours++;
	return 0;
}

static int is_ours(const struct kstate *k, int family, const void *a)
{
	for (int i = 0; i < k->nours; i++)
		if (k->ours[i].family == family && same(family, k->ours[i].a, a))
			return 1;
	return 0;
}

struct recload {
	struct kstate *k;
	int rc;
};

/* One record as read: an object of CuRoute, or a CuAt value "KEY PREV"
 * of an earlier build (then @r->kind is NULL). */
static int rec_load(struct recload *l, const struct vroute *r)
{
	char kind = r->kind && !strcmp(r->kind, "dev") ? 'd' : 's';
	int i;

	if (r->kind && strcmp(r->kind, "dev") && strcmp(r->kind, "src"))
		return 0;	/* not one of ours */
	l->k->dups |= rec_find(l->k, r->route, kind) >= 0;
	if ((i = rec_append(l->k, r->route, r->prev, kind, r->kind ? REC_LIVE : REC_CHANGED)) < 0)
		goto nomem;
	snprintf(l->k->recs[i].stack, sizeof(l->k->recs[i].stack), "%s", r->stack);
	l->k->recs[i].lost = r->lost;
	if (*r->msg && !(l->k->recs[i].msg = strdup(r->msg)))
		goto nomem;
	return 0;
nomem:
	l->rc = -ENOMEM;
	return 1;
}

static int route_rec_cb(const struct vroute *r, void *arg)
{
	return rec_load(arg, r);
}

static int rec_cb(const struct odm_obj *o, void *arg)
{
	struct recload *l = arg;
	const char *val = odm_obj_get(o, "value");
	const char *sp;
	char key[160];
	struct vroute r = { NULL, NULL, key, NULL, "", "", 0 };

	if (!val || !(sp = strrchr(val, ' ')))
		return 0;
	snprintf(key, sizeof(key), "%.*s", (int)(sp - val), val);
	r.prev = sp + 1;
	l->k->legacy = l->k->dirty = 1;
	return rec_load(l, &r);
}

/*
 * Does our link hold the address routes of @family had as source: netaddr
 * (netaddr6), or an address the database no longer wants (an old netaddr
 * that a change with -P left for the next cfgif)?
 */
static int holds_src(const struct vcfg *c, const struct kstate *k, int family)
{
	const struct vaddr *src = family == AF_INET ? (c->has4 ? &c->src4 : NULL)
						    : (c->has6 ? &c->src6 : NULL);

	for (int i = 0; k->have_link && i < k->naddrs; i++) {
		const struct vnl_addr *a = &k->addrs[i];
		int wanted = 0;

		if (a->family != family)
			continue;
		if (src && same(family, a->addr, src->a))
			return 1;
		for (int m = 0; m < c->naddr; m++)
			wanted |= c->addr[m].family == family && same(family, a->addr, c->addr[m].a);
		if (!wanted)
			return 1;
	}
	return 0;
}

static void kstate_free(struct kstate *k)
{
	free(k->ours);
	free(k->ifidx);
	free(k->addrs);
	for (int i = 0; i < k->nrecs; i++)
		free(k->recs[i].msg);
	free(k->recs);
	free(k->heads);
	memset(k, 0, sizeof(*k));
}

static int kstate_load(struct vdev *v, const struct vcfg *c, struct kstate *k)
{
	struct recload rl = { k, 0 };
	const struct drecs *saved;
	const struct odm_match recs[] = {
		{ "name", "=", c->name }, { "attribute", "=", VDEV_REC_ATTR }, ODM_MATCH_END
	};
	int rc;

	memset(k, 0, sizeof(*k));
	if ((rc = get_link(v, c->name, &k->link)) < 0 && rc != -ENODEV)
		return rc;
	if (rc == 0) {
		k->have_link = 1;
		if (v->kc) {
			const struct kcache *kc = v->kc;

			for (int i = kc_addrs_of(kc, k->link.index);
			     i < kc->naddrs && kc->byidx[i].ifindex == k->link.index; i++)
				if ((rc = addrs_cb(&kc->addrs[kc->byidx[i].pos], k)) < 0)
					return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		} else {
			rc = vnl_addr_list(v->nl, AF_UNSPEC, k->link.index, addrs_cb, k);
			if (rc < 0)
				return rc == -ENOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
						     : vdev_kern_err(v, rc);
		}
		for (int i = 0; i < k->naddrs; i++)
			if (add_ours(k, k->addrs[i].family, k->addrs[i].addr) < 0)
				return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	}
	for (int i = 0; i < c->naddr; i++)
		if (add_ours(k, c->addr[i].family, c->addr[i].a) < 0)
			return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	k->lost4 = !holds_src(c, k, AF_INET);
	k->lost6 = !holds_src(c, k, AF_INET6);
	if (c->nifs && !(k->ifidx = calloc((size_t)c->nifs, sizeof(*k->ifidx))))
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	k->was_down = !k->have_link || !k->link.up;
	for (int i = 0; i < c->nifs; i++) {
		struct vnl_link l;

		if ((rc = get_link(v, c->ifs[i], &l)) < 0 && rc != -ENODEV)
			return rc;
		if (rc == 0)
			k->ifidx[k->nifidx++] = l.index;
	}
	if (v->dry && (saved = dry_recs(v, c->name))) {
		for (int i = 0; i < saved->n; i++) {
			const struct rec *o = &saved->recs[i];
			const struct vroute r = { c->name, o->kind == 'd' ? "dev" : "src", o->key,
						  o->prev, o->stack, o->msg ? o->msg : "", o->lost };

			if (rec_load(&rl, &r) || rl.rc < 0)
				return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		}
		return 0;
	}
	if (c->fresh)
		return 0;   /* defined by this change: no records yet */
	rc = vdev_db_routes(v, c->name, route_rec_cb, &rl);
	if (rl.rc < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	if (rc < 0)
		return rc;
	rc = odm_get_match(v->odm, "CuAt", recs, rec_cb, &rl);
	if (rl.rc < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	if (rc < 0)
		return vdev_odm_err(v, rc);
	return 0;
}

/* ---- routes ----------------------------------------------------------- */

enum walk_mode {
	W_RESTORE_ALL,     /* every route using one of our addresses gets its source back */
	W_RESTORE_OTHERS,  /* only those that no longer qualify */
	W_FULL,            /* and the qualifying ones get the VIPA source */
};

struct walk {
	struct vdev *v;
	const struct vcfg *c;
	struct kstate *k;
	enum walk_mode mode;
	const struct vaddr *only;   /* restore only the routes with this source */
	int rc;
	const struct vnl_route *given;  /* the last route of the dump given the source */
	/* after the dump: does our link still hold the VIPA's IPv4 (0) /
	 * IPv6 (1) source, is it up with an IPv4 address (2), is it up (3):
	 * -1 not asked yet, 0, 1 */
	int still[4];
};

static void route_key(const struct vnl_route *r, char *buf, size_t len)
{
	unsigned char dst[16] = { 0 };
	char t[64];
	int fam = vnl_route_family(r), plen = vnl_route_dst(r, dst);

	vnl_ntop(fam, dst, t, sizeof(t));
	snprintf(buf, len, "%u %s/%d %u", vnl_route_table(r), t, plen, vnl_route_priority(r));
}

/* Give route @r the source @src (NULL: none); @restored: its previous one.
 * Returns 0, 1 if the route was gone meanwhile (deleted between the dump
 * and the request: a daemon's churn), or -errno. */
static int set_src(struct walk *w, const struct vnl_route *r, const void *src, int restored)
{
	struct vdev *v = w->v;
	char rt[160], s[64] = "";
	unsigned char old[16];
	int rc, had = route_src(v, r, old);

	vnl_route_format(r, rt, sizeof(rt));
	if (!restored && src && v->hold && v->hold(r, v->hold_arg))
		return 0;
	if (src)
		vnl_ntop(vnl_route_family(r), src, s, sizeof(s));
	if (v->dry && dry_set_src(v, r, src ? s : "-") < 0)
		return -ENOMEM;
	if (!v->dry) {
		struct jent *j = journal(v, J_ROUTE);

		if (!j)
			return -ENOMEM;
		if (!(j->route = vnl_route_dup(r))) {
			v->nj--;
			return -ENOMEM;
		}
		j->had_src = had;
		memcpy(j->src, old, 16);
		rc = journal_settle(v, vnl_route_set_prefsrc(v->nl, r, src));
		if (rc == -ENOENT || rc == -ESRCH)
			return 1;	/* refused: nothing changed, nothing to say */
		if (rc < 0)
			return rc;
	}
	if (!restored && src)
		w->given = r;
	if (!restored)
		vdev_report(v, v->dry ? "%s: would set route %s source %s" : "%s: route %s: source %s",
		       w->c->name, rt, s);
	else if (src)
		vdev_report(v, v->dry ? "%s: would restore route %s source %s"
				 : "%s: route %s: source %s (restored)", w->c->name, rt, s);
	else
		vdev_report(v, v->dry ? "%s: would restore route %s without source"
				 : "%s: route %s: source removed (restored)", w->c->name, rt);
	return 0;
}

static int all_in_group(struct walk *w, const struct vnl_route *r)
{
	int oifs[MAXOIFS], n;

	if (!w->k->nifidx)
		return 0;
	n = vnl_route_oifs(w->v->nl, r, oifs, MAXOIFS);
	/* -ENOENT: its nexthop object is gone, and the route with it */
	if (n <= 0 || n > MAXOIFS)
		return n < 0 && n != -ENOENT ? n : 0;
	for (int i = 0; i < n; i++) {
		int in = 0;

		for (int k = 0; k < w->k->nifidx; k++)
			in |= oifs[i] == w->k->ifidx[k];
		if (!in)
			return 0;
	}
	return 1;
}

/*
 * The source a route had before: the saved record, else what the kernel
 * gives a route of its own (the interface address whose prefix it is),
 * else none.
 */
static int previous_src(struct walk *w, const struct vnl_route *r, unsigned char *out,
			int *recp)
{
	char key[160];
	int fam = vnl_route_family(r), i;

	route_key(r, key, sizeof(key));
	*recp = i = rec_find(w->k, key, 's');
	if (i >= 0) {
		int f;

		if (strcmp(w->k->recs[i].prev, "-") &&
		    vnl_parse_addr(w->k->recs[i].prev, &f, out) == 0 && f == fam)
			return 1;
		return 0;
	}
	return kernel_src(w->v->nl, r, out);
}

static int restore(struct walk *w, const struct vnl_route *r)
{
	unsigned char prev[16] = { 0 };
	int rec, has = previous_src(w, r, prev, &rec), rc;

	if (has < 0)
		return has;
	/* a dry run: the kernel would refuse a source no longer local */
	if (has && w->v->dry && !dry_local(w->v, vnl_route_family(r), prev))
		has = 0;
	rc = set_src(w, r, has ? prev : NULL, 1);
	if (rc == -EINVAL && has) {
		/* the old source is not local any more: leave the choice to the kernel */
		rc = set_src(w, r, NULL, 1);
	}
	if (rc < 0)
		return rc;
	if (rec >= 0)
		rec_drop(w->k, rec);
	return 0;
}

/* Record route @r, about to get our source, with the source it has
 * (@had: @old) and its message, to give the one back and put the other
 * back if the kernel deletes it. */
static int save_prev(struct walk *w, const struct vnl_route *r, int had, const unsigned char *old)
{
	char key[160], s[64] = "-", *msg;
	int i;

	route_key(r, key, sizeof(key));
	if ((i = rec_find(w->k, key, 's')) >= 0)
		rec_drop(w->k, i);   /* stale: the route lost our source meanwhile */
	if (had)
		vnl_ntop(vnl_route_family(r), old, s, sizeof(s));
	if (!(msg = vnl_route_hex(r, 0)) || (i = rec_append(w->k, key, s, 's', REC_NEW)) < 0) {
		free(msg);
		return -ENOMEM;
	}
	w->k->recs[i].msg = msg;
	snprintf(w->k->recs[i].stack, sizeof(w->k->recs[i].stack), "%s", vdev_stack(w->v));
	w->k->dirty = 1;
	return 0;
}

/* Route @r has our source and record @ri: the record keeps its message
 * as it is now (the route may have been replaced with other nexthops). */
static int refresh(struct walk *w, const struct vnl_route *r, int ri)
{
	char *msg = vnl_route_hex(r, 0);

	if (!msg)
		return -ENOMEM;
	rec_update(w->k, ri, msg, vdev_stack(w->v));
	return 0;
}

/* Delete route R exactly (from its own message), journalled first so that
 * an undo can add it back.  Returns journal_settle's result (-ESRCH: the
 * route was gone already), or -ENOMEM. */
static int journal_route_delete(struct vdev *v, const struct vnl_route *r)
{
	struct jent *j = journal(v, J_ROUTE_DEL);

	if (!j)
		return -ENOMEM;
	if (!(j->route = vnl_route_dup(r))) {
		v->nj--;
		return -ENOMEM;
	}
	return journal_settle(v, vnl_route_delete(v->nl, r));
}

/*
 * Route @r of the group is without the VIPA source @src, but a twin of it
 * (vnl_route_same_but_src: the same destination, metric and nexthops)
 * has it, or was given it in this walk: a daemon added its route again
 * with its own source (systemd-networkd after a DHCP renewal), and IPv4
 * keeps both.  NLM_F_REPLACE would hit the first of the two, maybe ours,
 * so @r goes instead: deleted exactly, by its own source.  Without a
 * source it cannot be singled out (the kernel would delete the first
 * twin): a warning says so and it stays.  Returns 1 if @r was a twin
 * (dealt with), 0 if not, or -errno.
 */
static int collapse(struct walk *w, const struct vnl_route *r, const struct vaddr *src)
{
	struct vdev *v = w->v;
	const struct vnl_route *t;
	unsigned char a[16];
	char rt[160], s[64] = "", own[64] = "";
	int rc, i = 0;

	if (vnl_route_family(r) != AF_INET)
		return 0;	/* IPv6 refuses such twins */
	while ((t = vnl_route_twin(r, i++)))
		if (t == w->given || (route_src(v, t, a) && same(AF_INET, a, src->a)))
			break;
	if (!t)
		return 0;
	vnl_route_format(r, rt, sizeof(rt));
	vnl_ntop(AF_INET, src->a, s, sizeof(s));
	if (!vnl_route_prefsrc(r, a)) {
		rc = vdev_warn(v, "%s: route %s without source is a duplicate of the one with "
			       "source %s; a delete could hit either, so it stays: delete it "
			       "where it comes from", w->c->name, rt, s);
		return rc < 0 ? -ENOMEM : 1;
	}
	vnl_ntop(AF_INET, a, own, sizeof(own));
	if (!v->dry) {
		rc = journal_route_delete(v, r);
		if (rc == -ESRCH)
			return 1;	/* gone meanwhile */
		if (rc < 0)
			return rc;
	}
	vdev_report(v, v->dry ? "%s: would delete the duplicate of route %s with source %s (%s stays)"
			      : "%s: route %s: duplicate with source %s deleted (%s stays)",
		    w->c->name, rt, own, s);
	return 1;
}

/* Is IPv4 address @a (4 bytes) inside @dst/@plen? */
static int in_prefix4(const unsigned char *a, const unsigned char *dst, int plen)
{
	uint32_t x, d, m = plen <= 0 ? 0 : plen >= 32 ? 0xffffffffu : ~(0xffffffffu >> plen);

	memcpy(&x, a, 4);
	memcpy(&d, dst, 4);
	return ((ntohl(x) ^ ntohl(d)) & m) == 0;
}

struct prefix_owner {
	unsigned char dst[16];
	int plen;
	uint32_t metric;
	int found;
	uint32_t others[8];	/* metrics of the addresses with the prefix */
	int nothers;
};

/* An IPv4 address whose prefix route the route of @arg would be: the
 * same prefix (of its local or peer address) and metric. */
static int owner_cb(const struct vnl_addr *a, void *arg)
{
	struct prefix_owner *o = arg;

	if (a->family != AF_INET || a->prefixlen != o->plen ||
	    (a->flags & (IFA_F_SECONDARY | IFA_F_NOPREFIXROUTE)))
		return 0;
	if (!in_prefix4(a->addr, o->dst, o->plen) && !in_prefix4(a->peer, o->dst, o->plen))
		return 0;
	if (a->metric == o->metric || o->nothers == (int)(sizeof(o->others) / sizeof(o->others[0]))) {
		o->found = 1;	/* its own (or too many to tell: keep it) */
		return 1;
	}
	o->others[o->nothers++] = a->metric;
	return 0;
}

/* Has the dump of @r a prefix route of the kernel through link @oif with
 * metric @metric beside it? */
static int has_prefix_route(struct vdev *v, const struct vnl_route *r, int oif, uint32_t metric)
{
	const struct vnl_route *t;
	int oifs[2];

	for (int i = 0; (t = vnl_route_sibling(r, i)); i++)
		if (vnl_route_protocol(t) == RTPROT_KERNEL && vnl_route_type(t) == RTN_UNICAST &&
		    vnl_route_priority(t) == metric && !vnl_route_tos(t) &&
		    vnl_route_oifs(v->nl, t, oifs, 2) == 1 && oifs[0] == oif)
			return 1;
	return 0;
}

/*
 * Route @r (with our source, record @ri) may be a prefix route the kernel
 * no longer owns.  The kernel deletes the IPv4 prefix route of an address
 * by the address as its preferred source: when the address goes, and
 * when it is sent again with another metric (systemd-networkd restarted
 * sends its DHCP address without the metric it had; the kernel adds a
 * new prefix route and deletes the old one).  A prefix route we gave the
 * VIPA source is missed so and stays behind, stale.  It is one when it is
 * the kernel's (protocol kernel, scope link, unicast, main table, no
 * gateway), we set its source (the record's previous source is an address
 * inside its prefix), and no IPv4 address of its device has its prefix
 * and metric any more.  It is deleted exactly (by its own source) and its
 * record goes.  IPv6 needs none of this: the kernel deletes an IPv6
 * prefix route by its prefix, device and metric, whatever the source.
 * Returns 1 if @r was stale (dealt with), 0 if not, or -errno.
 */
static int stale_prefix_route(struct walk *w, const struct vnl_route *r, int ri)
{
	struct vdev *v = w->v;
	struct prefix_owner o = { .found = 0 };
	unsigned char prev[16] = { 0 };
	char rt[160];
	int oifs[2], f, rc;

	if (vnl_route_family(r) != AF_INET || vnl_route_table(r) != RT_TABLE_MAIN ||
	    vnl_route_protocol(r) != RTPROT_KERNEL || vnl_route_scope(r) != RT_SCOPE_LINK ||
	    vnl_route_type(r) != RTN_UNICAST || vnl_route_has_gateway(r) || vnl_route_tos(r))
		return 0;
	o.plen = vnl_route_dst(r, o.dst);
	o.metric = vnl_route_priority(r);
	if (vnl_parse_addr(w->k->recs[ri].prev, &f, prev) < 0 || f != AF_INET ||
	    !in_prefix4(prev, o.dst, o.plen))
		return 0;
	if ((rc = vnl_route_oifs(v->nl, r, oifs, 2)) != 1)
		return rc < 0 ? rc : 0;
	if ((rc = vnl_addr_list(v->nl, AF_INET, oifs[0], owner_cb, &o)) < 0)
		return rc;
	if (o.found)
		return 0;
	/* An address of the prefix with another metric whose own route is
	 * missing: the kernel, replacing that route, deleted the new one
	 * (a delete with metric 0 takes any metric) and left ours, the only
	 * route to the prefix now: it stays. */
	for (int i = 0; i < o.nothers; i++)
		if (!has_prefix_route(v, r, oifs[0], o.others[i]))
			return 0;
	rc = 0;
	vnl_route_format(r, rt, sizeof(rt));
	if (!v->dry) {
		rc = journal_route_delete(v, r);
		if (rc < 0 && rc != -ESRCH)
			return rc;
	}
	rec_drop(w->k, ri);
	if (rc != -ESRCH)	/* else gone meanwhile */
		vdev_report(v, v->dry ? "%s: would delete stale kernel route %s (its address is gone)"
				      : "%s: route %s: stale kernel route deleted (its address is gone)",
			    w->c->name, rt);
	return 1;
}

/*
 * Does our address @a leave the kernel in this change?  Every one does
 * when the link goes or the device goes down (W_RESTORE_ALL); else one on
 * our link that the database no longer wants (a new netaddr, an alias
 * taken out), whatever its prefix length.
 */
static int src_goes(const struct walk *w, int fam, const unsigned char *a)
{
	if (w->mode == W_RESTORE_ALL)
		return 1;
	if (w->mode != W_FULL)
		return 0;
	for (int i = 0; i < w->c->naddr; i++)
		if (w->c->addr[i].family == fam && same(fam, w->c->addr[i].a, a))
			return 0;
	for (int i = 0; w->k->have_link && i < w->k->naddrs; i++)
		if (w->k->addrs[i].family == fam && same(fam, w->k->addrs[i].addr, a))
			return 1;
	return 0;
}

/* Count a daemon's route with our source @a (the first 8 daemon and
 * address pairs are told apart; more are rare enough to go untold). */
static void note_daemon(struct kstate *k, int proto, int fam, const unsigned char *a)
{
	for (int i = 0; i < k->ndsrc; i++) {
		struct dsrc *d = &k->dsrc[i];

		if (d->proto == proto && d->family == fam && same(fam, d->a, a)) {
			d->n++;
			return;
		}
	}
	if (k->ndsrc == (int)(sizeof(k->dsrc) / sizeof(k->dsrc[0])))
		return;
	k->dsrc[k->ndsrc].proto = proto;
	k->dsrc[k->ndsrc].family = fam;
	k->dsrc[k->ndsrc].n = 1;
	memcpy(k->dsrc[k->ndsrc].a, a, 16);
	k->ndsrc++;
}

/*
 * One warning per daemon and address counted by note_daemon: the kernel
 * refuses a source that is not local, so while a daemon's setting still
 * names the address that went, its installs fail (FRR does not retry
 * them, BIRD tries again at every scan).  The same line twice (cfgif's
 * two passes) is said once.
 */
static int warn_daemons(struct vdev *v, const struct vcfg *c, const struct kstate *k)
{
	for (int i = 0; i < k->ndsrc; i++) {
		const struct dsrc *d = &k->dsrc[i];
		char name[64], who[96], src[INET6_ADDRSTRLEN], what[400], line[1024];
		int dup = 0;

		vnl_ntop(d->family, d->a, src, sizeof(src));
		if (vdaemon_proto_name(d->proto, name, sizeof(name)))
			snprintf(who, sizeof(who), "the routing daemon %s (protocol %d)", name,
				 d->proto);
		else
			snprintf(who, sizeof(who), "the routing daemon of protocol %d", d->proto);
		vdaemon_advice(d->proto, d->family, src, what, sizeof(what));
		snprintf(line, sizeof(line),
			 "%s: %d route%s of %s carr%s the source %s, which goes with this change: "
			 "if the daemon sets that source itself, its installs with it fail until "
			 "the address is back; %s",
			 c->name, d->n, d->n == 1 ? "" : "s", who, d->n == 1 ? "ies" : "y", src, what);
		for (int w = 0; w < v->nwarn && !dup; w++)
			dup = !strcmp(v->warn[w], line);
		if (!dup && vipa_strv_add(&v->warn, &v->nwarn, line) < 0)
			return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	}
	return 0;
}

/*
 * Is @r a route through our own link (every nexthop), of the kind that
 * goes with the link: not the kernel's own (it makes those again), not
 * link-local, not through a nexthop object (one on our link goes with it
 * too)?  Returns 1, 0, or -errno.
 */
static int through_link(struct walk *w, const struct vnl_route *r)
{
	unsigned char dst[16] = { 0 };
	int oifs[MAXOIFS], n;

	if (vnl_route_protocol(r) == RTPROT_KERNEL || vnl_route_nhid(r))
		return 0;
	vnl_route_dst(r, dst);
	if (vnl_route_family(r) == AF_INET6 && dst[0] == 0xfe && (dst[1] & 0xc0) == 0x80)
		return 0;
	if ((n = vnl_route_oifs(w->v->nl, r, oifs, MAXOIFS)) <= 0 || n > MAXOIFS)
		return n < 0 ? n : 0;
	for (int i = 0; i < n; i++)
		if (oifs[i] != w->k->link.index)
			return 0;
	return 1;
}

/*
 * A route through our own link: the kernel deletes it when the link goes
 * down or away (state down, detach, rmdev), and an IPv4 one when the
 * link's last IPv4 address goes (a flush).  Its record (kind dev) keeps
 * its message, source and all, to put it back with the link.
 */
static int dev_route(struct walk *w, const struct vnl_route *r)
{
	struct kstate *k = w->k;
	char key[160], *msg;
	int rc = through_link(w, r), i;

	if (rc <= 0)
		return rc;
	if (!(msg = vnl_route_hex(r, 1)))
		return -ENOMEM;
	route_key(r, key, sizeof(key));
	if ((i = rec_find(k, key, 'd')) < 0) {
		if ((i = rec_append(k, key, "-", 'd', REC_NEW)) < 0) {
			free(msg);
			return -ENOMEM;
		}
		k->dirty = 1;
	}
	k->recs[i].seen = k->recs[i].exists = 1;
	if (k->recs[i].state == REC_NEW) {
		free(k->recs[i].msg);
		k->recs[i].msg = msg;
		snprintf(k->recs[i].stack, sizeof(k->recs[i].stack), "%s", vdev_stack(w->v));
		k->recs[i].lost = 0;
		return 0;
	}
	rec_update(k, i, msg, vdev_stack(w->v));
	return 0;
}

static int route_cb(const struct vnl_route *r, void *arg)
{
	struct walk *w = arg;
	const struct vcfg *c = w->c;
	unsigned char dst[16] = { 0 }, p[16] = { 0 };
	int fam = vnl_route_family(r), hasp, mine, q = 0, rc, ri = -1;
	const struct vaddr *src;

	if (vnl_route_table(r) == RT_TABLE_LOCAL || vnl_route_type(r) != RTN_UNICAST)
		return 0;
	vnl_route_dst(r, dst);
	hasp = route_src(w->v, r, p);
	if (w->only) {
		if (hasp && fam == w->only->family && same(fam, p, w->only->a))
			return restore(w, r);
		return 0;
	}
	if (w->k->nrecs) {
		char key[160];

		route_key(r, key, sizeof(key));
		if ((ri = rec_find(w->k, key, 's')) >= 0)
			w->k->recs[ri].exists = 1;
	}
	if (w->k->have_link && (rc = dev_route(w, r)) < 0)
		return rc;
	mine = hasp && is_ours(w->k, fam, p);
	if (mine && vdaemon_is_daemon(vnl_route_protocol(r)) && src_goes(w, fam, p))
		note_daemon(w->k, vnl_route_protocol(r), fam, p);
	if (mine && ri >= 0 && (rc = stale_prefix_route(w, r, ri)) != 0)
		return rc < 0 ? rc : 0;
	src = fam == AF_INET ? (c->has4 ? &c->src4 : NULL) : (c->has6 ? &c->src6 : NULL);
	if (w->mode != W_RESTORE_ALL && c->want_up && src &&
	    !(fam == AF_INET6 && dst[0] == 0xfe && (dst[1] & 0xc0) == 0x80)) {
		q = all_in_group(w, r);
		if (q < 0)
			return q;
	}
	if (w->mode == W_FULL && (q || mine) && ri >= 0)
		w->k->recs[ri].seen = 1;
	if (q) {
		if (w->mode == W_FULL && hasp && same(fam, p, src->a) && ri >= 0 && !w->v->dry)
			return refresh(w, r, ri);
		/* Our source and no record: set by a command or a watch killed
		 * before it committed the record, whose link this one took
		 * over.  Recorded now, the source it had before unknown (as
		 * none), so that the route comes back after a flush and gives
		 * the source back when the VIPA goes.  A routing daemon's is
		 * its own setting (krt_prefsrc, set src): it stays the
		 * daemon's. */
		if (w->mode == W_FULL && hasp && same(fam, p, src->a) && !w->v->dry &&
		    !vdaemon_is_daemon(vnl_route_protocol(r)))
			return save_prev(w, r, 0, NULL);
		if (w->mode != W_FULL || (hasp && same(fam, p, src->a)))
			return 0;
		if ((rc = collapse(w, r, src)) != 0)
			return rc < 0 ? rc : 0;
		if (!mine && (rc = save_prev(w, r, hasp, p)) < 0)
			return rc;
		rc = set_src(w, r, src->a, 0);
		if (rc == 1 && !mine) {
			/* gone meanwhile: no record for it */
			char key[160];
			int i;

			route_key(r, key, sizeof(key));
			if ((i = rec_find(w->k, key, 's')) >= 0)
				rec_drop(w->k, i);
		}
		return rc < 0 ? rc : 0;
	}
	/* A route outside the group with our address as source: ours to
	 * take back only if we set it (a record says so); else someone
	 * else chose it (a daemon's krt_prefsrc, a route by hand, or a
	 * command of ours killed before it committed its record) and it
	 * stays, unless the address goes (the kernel would delete it). */
	if (mine && (ri >= 0 || w->mode == W_RESTORE_ALL || src_goes(w, fam, p)))
		return restore(w, r);
	return 0;
}

/* ---- routes the kernel deleted with the VIPA's address --------------- */

/* One line of v->lost: route @rt (text; NULL: from the record's key) of
 * record @r cannot be had back. */
static int lost_line(struct vdev *v, const struct vcfg *c, const struct rec *r, const char *rt,
		     const char *why)
{
	unsigned table = 0, metric = 0;
	char dst[80] = "", line[600], text[200];

	if (!rt && sscanf(r->key, "%u %79s %u", &table, dst, &metric) == 3) {
		if (metric)
			snprintf(text, sizeof(text), "%s table %u metric %u", dst, table, metric);
		else
			snprintf(text, sizeof(text), "%s table %u", dst, table);
		rt = text;
	}
	snprintf(line, sizeof(line),
		 "%s: route %s was lost with the VIPA's %s and cannot be put back (%s); "
		 "restore it by hand", c->name, rt ? rt : r->key,
		 r->kind == 'd' ? "link" : "address", why);
	if (vipa_strv_add(&v->lost, &v->nlost, line) < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	return 0;
}

/*
 * Record @i, kind src, whose route is not in the kernel as it was (gone,
 * or no longer with our source).  A route still there has nothing left to
 * give back to: its record goes.  One that is gone went with the VIPA's
 * address when the kernel had lost the address of the route's family (its
 * link or the address was deleted from outside: the kernel deletes every
 * IPv4 route whose source goes), or was left to its daemon by an earlier
 * pass (r->lost): it is put back (1 is returned, put_back does it) when
 * its record holds its message, read in this network stack.  A record of
 * another stack (before a reboot, or another namespace) names a route of
 * that stack and goes.  Otherwise the route is said lost (v->lost) and
 * its record goes; a route deleted while the address was there was
 * deleted on purpose, and its record goes without a word.
 */
struct still_find {
	const struct vaddr *src;
	int family, src_found, any4;
};

static int still_cb(const struct vnl_addr *a, void *arg)
{
	struct still_find *f = arg;

	f->any4 |= a->family == AF_INET;
	if (f->src && a->family == f->src->family && same(a->family, a->addr, f->src->a))
		f->src_found = 1;
	return 0;
}

/*
 * Is it still so, now that the routes were read (@what 0: our link holds
 * the VIPA's IPv4 source; 1: its IPv6 source; 2: it is up with an IPv4
 * address; 3: it is up)?  An address removed from outside while a pass runs took
 * routes the pass then finds missing: those were not deleted on purpose,
 * and their records must stay for the next pass (which sees the address
 * gone) to put them back.  Returns 1, 0, or -VDEV_E_*.
 */
static int still_so(struct walk *w, int what)
{
	struct still_find f = { NULL, 0, 0, 0 };
	struct vnl_link l;
	int rc;

	if (w->still[what] >= 0)
		return w->still[what];
	if ((rc = vnl_link_get(w->v->nl, w->c->name, &l)) < 0 && rc != -ENODEV)
		return vdev_kern_err(w->v, rc);
	if (rc == 0 && (what < 2 || l.up)) {
		f.src = what == 0 ? (w->c->has4 ? &w->c->src4 : NULL)
				  : what == 1 ? (w->c->has6 ? &w->c->src6 : NULL) : NULL;
		if ((rc = vnl_addr_list(w->v->nl, AF_UNSPEC, l.index, still_cb, &f)) < 0)
			return rc == -ENOMEM ? vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory")
					     : vdev_kern_err(w->v, rc);
	}
	return w->still[what] = what == 3 ? rc == 0 && l.up : what == 2 ? f.any4 : f.src_found;
}

static int rec_gone(struct walk *w, int i)
{
	struct vdev *v = w->v;
	struct kstate *k = w->k;
	struct rec *r = &k->recs[i];
	int v6 = strchr(r->key, ':') != NULL, lost = v6 ? k->lost6 : k->lost4, rc = 0;

	if (!r->exists && (lost || r->lost)) {
		if (r->msg && r->stack[0] && !strcmp(r->stack, vdev_stack(v)))
			return 1;
		if (lost && (!r->msg || !r->stack[0]))
			rc = lost_line(v, w->c, r, NULL, "no copy of it was kept");
	} else if (!r->exists && w->mode == W_FULL && w->c->want_up) {
		/* gone while the address was there when we came: on
		 * purpose, unless the address went since */
		if ((rc = still_so(w, v6)) <= 0)
			return rc;
		rc = 0;
	}
	rec_drop(k, i);
	return rc;
}

/*
 * Record @i, kind dev, whose route was not met through our link.  In
 * service (W_FULL, the link up now) the route went with the link (down or
 * missing when we came), an IPv4 one with the link's last IPv4 address
 * (lost4), or it was left to its daemon: it is put back (1 is returned)
 * when its record holds its message of this network stack; else it was
 * deleted on purpose, or is of another stack, and its record goes.  Out
 * of service the record stays, to put the route back when the device is
 * up again (a link no device owns has none to keep).
 */
static int dev_gone(struct walk *w, int i)
{
	struct kstate *k = w->k;
	struct rec *r = &k->recs[i];
	int went = k->was_down || (!strchr(r->key, ':') && k->lost4) || r->lost;

	if (w->mode != W_FULL || !w->c->want_up) {
		if (!w->c->exists)
			rec_drop(k, i);
		return 0;
	}
	if (!r->exists && went && r->msg && r->stack[0] && !strcmp(r->stack, vdev_stack(w->v)))
		return 1;
	if (!r->exists && !went) {
		/* gone while the link was up: on purpose, unless the link
		 * went down (or lost its IPv4 addresses, for an IPv4 route)
		 * since */
		int rc = still_so(w, strchr(r->key, ':') ? 3 : 2);

		if (rc <= 0)
			return rc;
	}
	rec_drop(k, i);
	return 0;
}

/* A route to put back: record @ri, its route @r read from the record. */
struct back {
	int ri;
	struct vnl_route *r;
	int done;
	int nosrc;                /* its old source is not local any more */
	/* the round's request: */
	struct vnl_route *x;      /* @r with the source it gets */
	const char *how;          /* "with source", "with its source", "without source" */
	char src[64];
	char note[200];
};

static int back_scope(const void *a, const void *b)
{
	const struct back *x = a, *y = b;

	/* link and host routes first: a gateway must be reachable when its
	 * route comes back; then the order of the records */
	if (vnl_route_scope(x->r) != vnl_route_scope(y->r))
		return vnl_route_scope(y->r) - vnl_route_scope(x->r);
	return x->ri - y->ri;
}

/* Are all the nexthops of @r through interfaces of the VIPA's group? */
static int back_in_group(struct vdev *v, const struct kstate *k, const struct vnl_route *r)
{
	int oifs[MAXOIFS], n = vnl_route_oifs(v->nl, r, oifs, MAXOIFS);

	if (n <= 0 || n > MAXOIFS)
		return 0;
	for (int i = 0; i < n; i++) {
		int in = 0;

		for (int m = 0; m < k->nifidx; m++)
			in |= oifs[i] == k->ifidx[m];
		if (!in)
			return 0;
	}
	return 1;
}

/*
 * What to do with route @b of record @b->ri, deleted by the kernel with
 * the VIPA's address.  In service (W_FULL) it comes back with the VIPA's
 * source and its record stays; a route of a routing daemon is left to
 * the daemon for vdev_daemon_wait() first (its record marked with the
 * time, v->restore_due set), and put back only if the daemon has not by
 * then.  Going out of service (W_RESTORE_ALL) it comes back with the
 * source it had before, and its record goes.  Returns 1 when settled
 * (left to its daemon, or said lost), 0 with @b->x the request to send,
 * or -VDEV_E_*.
 */
static int back_plan(struct walk *w, struct back *b)
{
	struct vdev *v = w->v;
	struct kstate *k = w->k;
	struct rec *r = &k->recs[b->ri];
	int fam = vnl_route_family(b->r), proto = vnl_route_protocol(b->r), f, rc, had = 0;
	const struct vaddr *vipa = fam == AF_INET ? (w->c->has4 ? &w->c->src4 : NULL)
						  : (w->c->has6 ? &w->c->src6 : NULL);
	const char *why = "the kernel deleted it with the VIPA's address";
	unsigned char prev[16] = { 0 };
	char rt[160], pb[16];
	long long now = vdev_boot_ms(), wait = vdev_daemon_wait();

	if (r->kind == 'd') {
		/* through our link, which may have been made anew since (a
		 * dry run has none yet) */
		int oifs[MAXOIFS], no = vnl_route_oifs(v->nl, b->r, oifs, MAXOIFS);

		for (int i = 0; i < no && i < MAXOIFS && k->have_link; i++)
			vnl_route_move_oif(b->r, oifs[i], k->link.index);
		if (!k->have_link)
			vnl_route_name_oif(b->r, w->c->name);
		vnl_route_format(b->r, rt, sizeof(rt));
		if (no <= 0 || no > MAXOIFS || (!k->have_link && !v->dry)) {
			rc = lost_line(v, w->c, r, rt, "its nexthops cannot be read");
			rec_drop(k, b->ri);
			return rc < 0 ? rc : 1;
		}
		had = vnl_route_prefsrc(b->r, prev);
		why = k->was_down ? "it went with the link"
			: k->lost4 ? "the kernel deleted it with the link's last IPv4 address"
				   : "it went with the link or its last IPv4 address";
		vipa = NULL;
	} else {
		vnl_route_format(b->r, rt, sizeof(rt));
		if (!back_in_group(v, k, b->r)) {
			rc = lost_line(v, w->c, r, rt, "its interfaces are no longer the VIPA's");
			rec_drop(k, b->ri);
			return rc < 0 ? rc : 1;
		}
	}
	if (r->kind == 's' && (w->mode != W_FULL || !w->c->want_up || !vipa)) {
		had = !b->nosrc && strcmp(r->prev, "-") && vnl_parse_addr(r->prev, &f, prev) == 0 &&
		      f == fam;
		vipa = NULL;
	}
	snprintf(b->note, sizeof(b->note), "%s", why);
	if ((vipa || r->kind == 'd') && vdaemon_is_daemon(proto)) {
		const char *pn = vdaemon_proto_text(proto, pb, sizeof(pb));
		long long since = r->lost && r->lost <= now ? r->lost : now;

		if (since == now) {
			/* first found gone: the daemon's to put back */
			if (!v->dry) {
				r->lost = now;
				if (r->state == REC_LIVE)
					r->state = REC_CHANGED;
				k->dirty = 1;
			}
			vdev_report(v, v->dry ? "%s: would leave route %s to protocol %s for %lld s (%s)"
					      : "%s: route %s: left to protocol %s for %lld s (%s)",
				    w->c->name, rt, pn, wait / 1000, why);
		}
		if (now < since + wait) {
			if (!v->restore_due || since + wait < v->restore_due)
				v->restore_due = since + wait;
			if (vipa_strv_add(&v->deferred, &v->ndeferred, r->key) < 0)
				return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
			return 1;
		}
		snprintf(b->note, sizeof(b->note), "%s; protocol %s did not add it again within %lld s",
			 why, pn, wait / 1000);
	}
	b->src[0] = '\0';
	if ((vipa || had) && r->kind == 's')
		vnl_ntop(fam, vipa ? vipa->a : prev, b->src, sizeof(b->src));
	b->how = r->kind == 'd' ? "as it was" : vipa ? "with source" : had ? "with its source"
					       : "without source";
	if (!(b->x = vnl_route_with_src(b->r, vipa ? vipa->a : had ? prev : NULL)))
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	return 0;
}

/* Route @b is back (or was there again, @there): say so; its record stays
 * when it has the VIPA's source, else it goes. */
static void back_done(struct walk *w, struct back *b, int there)
{
	struct vdev *v = w->v;
	struct rec *r = &w->k->recs[b->ri];
	char rt[160];

	b->done = 1;
	if (strcmp(b->how, "with source") && r->kind == 's') {
		rec_drop(w->k, b->ri);
	} else if (r->lost && !v->dry) {
		r->lost = 0;
		if (r->state == REC_LIVE)
			r->state = REC_CHANGED;
		w->k->dirty = 1;
	}
	if (there)
		return;	/* made by someone else meanwhile */
	vnl_route_format(b->r, rt, sizeof(rt));
	vdev_report(v, v->dry ? "%s: would put back route %s %s%s%s (%s)"
			      : "%s: route %s: put back %s%s%s (%s)",
		    w->c->name, rt, b->how, b->src[0] ? " " : "", b->src, b->note);
}

/*
 * Send the requests of the round (@b[i].x of @n) at once, each
 * journalled first so that an undo deletes it again, and settle each by
 * its answer: back (reported), refused (tried again next round, or on
 * the @last one said lost, with the kernel's reason).  Returns how many
 * came back, or -VDEV_E_*.
 */
static int back_send(struct walk *w, struct back **b, int n, int last)
{
	struct vdev *v = w->v;
	struct vnl_route **x = calloc((size_t)n + 1, sizeof(*x));
	int *errs = calloc((size_t)n + 1, sizeof(*errs)), base = v->nj, rc = 0, got = 0, keep;

	if (!x || !errs) {
		free(x);
		free(errs);
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		struct jent *j = journal(v, J_ROUTE_ADD);

		if (!j) {
			v->nj = base;	/* nothing sent yet */
			rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
			goto out;
		}
		x[i] = b[i]->x;
	}
	rc = vnl_route_add_many(v->nl, x, n, errs);
	/* the journal keeps the routes added, and those of unknown outcome */
	keep = base;
	for (int i = 0; i < n; i++) {
		if (errs[i] == 0 || (rc < 0 && errs[i] == rc)) {
			v->j[keep].route = b[i]->x;
			v->j[keep].unsure = errs[i] != 0;
			b[i]->x = NULL;
			keep++;
		}
	}
	v->nj = keep;
	if (rc < 0) {
		rc = rc == -ENOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
				   : vdev_kern_err(v, rc);
		goto out;
	}
	for (int i = 0; i < n && rc >= 0; i++) {
		struct back *p = b[i];
		char rt[160], why[300];

		if (errs[i] == 0 || errs[i] == -EEXIST) {
			back_done(w, p, errs[i] != 0);
			got++;
			continue;
		}
		if (errs[i] == -EINVAL && !strcmp(p->how, "with its source")) {
			p->nosrc = 1;	/* its old source is not local any more */
			continue;
		}
		if (!last)
			continue;	/* maybe once another is back */
		if (w->mode == W_FULL && w->c->want_up) {
			/* the address (the link) went again while we put
			 * them back (ip addr flush deletes until none is
			 * left): the record stays for the pass that sees it
			 * gone */
			const struct rec *r = &w->k->recs[p->ri];
			int what = (strchr(r->key, ':') != NULL) + (r->kind == 'd' ? 2 : 0), st;

			w->still[what] = -1;
			if ((st = still_so(w, what)) < 0) {
				rc = st;
				break;
			}
			if (!st) {
				p->done = 1;
				continue;
			}
		}
		vnl_route_format(p->r, rt, sizeof(rt));
		snprintf(why, sizeof(why), "the kernel refused it: %s", strerror(-errs[i]));
		rc = lost_line(v, w->c, &w->k->recs[p->ri], rt, why);
		rec_drop(w->k, p->ri);
		p->done = 1;
	}
out:
	for (int i = 0; i < n; i++) {
		vnl_route_free(b[i]->x);
		b[i]->x = NULL;
	}
	free(x);
	free(errs);
	return rc < 0 ? rc : got;
}

/*
 * Put back the routes of records @idx (@n of them) that the kernel
 * deleted with the VIPA's address, from the messages the records keep:
 * link routes first, all sent at once; then those the kernel refused,
 * while others came back (a gateway may need one of them), at most a few
 * rounds; what is still refused is said lost.
 */
static int put_back(struct walk *w, const int *idx, int n)
{
	struct back *b = calloc((size_t)n + 1, sizeof(*b));
	struct back **send = calloc((size_t)n + 1, sizeof(*send));
	int nb = 0, rc = 0;

	if (!b || !send) {
		free(b);
		free(send);
		return vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
	}
	for (int i = 0; i < n && rc >= 0; i++) {
		struct rec *r = &w->k->recs[idx[i]];
		int e = vnl_route_from_hex(r->msg, &b[nb].r);

		if (e == -ENOMEM) {
			rc = vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
			break;
		}
		if (e < 0) {
			rc = lost_line(w->v, w->c, r, NULL, "its record cannot be read");
			rec_drop(w->k, idx[i]);
			continue;
		}
		b[nb++].ri = idx[i];
	}
	if (rc >= 0) {
		struct vnl_route **rv = calloc((size_t)nb + 1, sizeof(*rv));

		/* their links' names for the lines, from one dump */
		if (!rv) {
			rc = vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
		} else {
			for (int i = 0; i < nb; i++)
				rv[i] = b[i].r;
			vnl_route_names(w->v->nl, rv, (size_t)nb);
			free(rv);
			qsort(b, (size_t)nb, sizeof(*b), back_scope);
		}
	}
	for (int round = 0, last = 0; rc >= 0; round++) {
		int ns = 0;

		for (int i = 0; i < nb && rc >= 0; i++) {
			if (b[i].done || (rc = back_plan(w, &b[i])) != 0) {
				b[i].done |= rc > 0;
				continue;
			}
			if (w->v->dry) {
				vnl_route_free(b[i].x);
				b[i].x = NULL;
				back_done(w, &b[i], 0);
				continue;
			}
			send[ns++] = &b[i];
		}
		if (rc < 0 || !ns)
			break;
		if ((rc = back_send(w, send, ns, last)) < 0 || last)
			break;
		/* the last round says what is still refused */
		last = !rc || round >= 3;
		rc = 0;
	}
	for (int i = 0; i < nb; i++) {
		vnl_route_free(b[i].r);
		vnl_route_free(b[i].x);
	}
	free(b);
	free(send);
	return rc < 0 ? rc : 0;
}

struct keys_back {
	char **keys;
	int n, found;
};

static int keys_cb(const struct vnl_route *r, void *arg)
{
	struct keys_back *b = arg;
	char key[160];

	if (vnl_route_table(r) == RT_TABLE_LOCAL || vnl_route_type(r) != RTN_UNICAST)
		return 0;
	route_key(r, key, sizeof(key));
	for (int i = 0; i < b->n; i++)
		if (b->keys[i] && !strcmp(b->keys[i], key)) {
			b->keys[i] = NULL;
			b->found++;
		}
	return 0;
}

int vdev_kern_deferred_back(struct vdev *v)
{
	struct keys_back b = { NULL, v->ndeferred, 0 };
	int rc;

	if (!v->ndeferred)
		return 1;
	if ((rc = vdev_nl(v)) < 0)
		return rc;
	if (!(b.keys = calloc((size_t)v->ndeferred, sizeof(*b.keys))))
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	memcpy(b.keys, v->deferred, (size_t)v->ndeferred * sizeof(*b.keys));
	rc = vnl_route_dump(v->nl, AF_UNSPEC, keys_cb, &b);
	free(b.keys);
	if (rc < 0)
		return rc == -ENOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
				     : vdev_kern_err(v, rc);
	return b.found >= v->ndeferred;
}

/* Mark the records whose key a route of the dump has. */
static int exists_cb(const struct vnl_route *r, void *arg)
{
	struct walk *w = arg;
	char key[160];
	int ri;

	if (vnl_route_table(r) == RT_TABLE_LOCAL || vnl_route_type(r) != RTN_UNICAST)
		return 0;
	route_key(r, key, sizeof(key));
	if ((ri = rec_find(w->k, key, 's')) >= 0)
		w->k->recs[ri].exists = 1;
	if ((ri = rec_find(w->k, key, 'd')) >= 0)
		w->k->recs[ri].exists = 1;
	return 0;
}

/*
 * The records (kind src) whose route is gone, of a walk that settles them
 * (@w->k's routes were met: exists): each goes, said lost, or is put back
 * (rec_gone), done.  Returns 0 or -VDEV_E_*.
 */
static int settle_gone(struct walk *w)
{
	struct kstate *k = w->k;
	int *back = calloc((size_t)k->nrecs + 1, sizeof(*back)), nback = 0, rc = 0;

	if (!back)
		return vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
	for (int i = 0; i < k->nrecs && rc >= 0; i++) {
		struct rec *r = &k->recs[i];

		if ((r->state != REC_LIVE && r->state != REC_CHANGED) || r->done ||
		    ((w->mode == W_FULL || r->kind == 'd') && r->seen))
			continue;
		r->done = 1;
		if ((rc = r->kind == 'd' ? dev_gone(w, i) : rec_gone(w, i)) > 0) {
			back[nback++] = i;
			rc = 0;
		}
	}
	if (rc >= 0 && nback)
		rc = put_back(w, back, nback);
	free(back);
	return rc;
}

static int walk_routes(struct vdev *v, const struct vcfg *c, struct kstate *k, enum walk_mode m,
		       int final)
{
	struct walk w = { v, c, k, m, NULL, 0, NULL, { -1, -1, -1, -1 } };
	int rc, gone = k->lost4 || k->lost6;

	/* nothing to give back and nothing to take: no need to look */
	if (v->kc && !kc_uses(v->kc, k->ours, k->nours) && !(final && k->nrecs) &&
	    !(m == W_FULL && c->want_up && k->nifidx && (c->has4 || c->has6)) &&
	    !(k->have_link && kc_through(v->kc, k->link.index)))
		return 0;
	for (int i = 0; i < k->nrecs; i++) {
		k->recs[i].seen = k->recs[i].exists = k->recs[i].done = 0;
		gone |= k->recs[i].lost != 0 || (k->recs[i].kind == 'd' && k->was_down);
	}
	if (final && gone && k->nrecs) {
		/*
		 * Routes the kernel deleted with the VIPA's address come back
		 * first: the routes walked next may lead through a gateway
		 * that only one of them (a connected route) makes reachable,
		 * and the kernel refuses a change of such a route without it.
		 */
		rc = vnl_route_dump(v->nl, AF_UNSPEC, exists_cb, &w);
		if (rc < 0)
			return rc == -ENOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
					     : vdev_kern_err(v, rc);
		for (int i = 0; i < k->nrecs; i++)
			if (k->recs[i].exists)
				k->recs[i].done = 1;	/* not for settle_gone now */
		if ((rc = settle_gone(&w)) < 0)
			return rc;
		/* those whose route is there are walked below */
		for (int i = 0; i < k->nrecs; i++)
			if (k->recs[i].exists)
				k->recs[i].exists = k->recs[i].done = 0;
	}
	rc = vnl_route_dump(v->nl, AF_UNSPEC, route_cb, &w);
	if (rc == -ENOMEM)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	if (rc < 0)
		return vdev_kern_err(v, rc);
	/* a saved source whose route is gone, or no longer has our source,
	 * has nothing left to give back to; one the kernel deleted with the
	 * address comes back */
	return final ? settle_gone(&w) : 0;
}

static int walk_routes_only(struct vdev *v, const struct vcfg *c, struct kstate *k,
			    const struct vaddr *only)
{
	struct walk w = { v, c, k, W_RESTORE_ALL, only, 0, NULL, { -1, -1, -1, -1 } };
	int rc = vnl_route_dump(v->nl, AF_UNSPEC, route_cb, &w);

	if (rc == -ENOMEM)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	if (rc < 0)
		return vdev_kern_err(v, rc);
	return 0;
}

/* ---- links and addresses ---------------------------------------------- */

static int delete_link(struct vdev *v, const struct vcfg *c, struct kstate *k)
{
	int rc;

	if (v->dry) {
		for (int i = 0; i < k->naddrs; i++)
			if ((rc = dry_addr(v, k->addrs[i].family, k->addrs[i].addr,
					   k->addrs[i].prefixlen, -1)) < 0)
				return rc;
		vdev_report(v, c->exists ? "%s: would remove link" : "%s: would remove orphaned link",
		       c->name);
		return 0;
	}
	struct jent *j = journal(v, J_LINK_DELETE);
	if (!j)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	snprintf(j->name, sizeof(j->name), "%s", c->name);
	j->up = k->link.up;
	j->addrs = calloc((size_t)k->naddrs + 1, sizeof(*j->addrs));
	if (!j->addrs)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	for (int i = 0; i < k->naddrs; i++) {
		j->addrs[i].family = k->addrs[i].family;
		memcpy(j->addrs[i].a, k->addrs[i].addr, 16);
		j->addrs[i].plen = k->addrs[i].prefixlen;
	}
	j->naddrs = k->naddrs;
	rc = journal_settle(v, vnl_link_delete(v->nl, c->name));
	if (rc < 0 && rc != -ENODEV)
		return vdev_kern_err(v, rc);
	vdev_report(v, c->exists ? "%s: link removed" : "%s: orphaned link removed", c->name);
	return 0;
}

static int set_up(struct vdev *v, const struct vcfg *c, int up)
{
	int rc;

	if (v->dry) {
		vdev_report(v, "%s: would set link %s", c->name, up ? "up" : "down");
		return 0;
	}
	struct jent *j = journal(v, J_LINK_UP);
	if (!j)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	snprintf(j->name, sizeof(j->name), "%s", c->name);
	j->up = up;
	rc = journal_settle(v, vnl_link_set_up(v->nl, c->name, up));
	if (rc < 0)
		return vdev_kern_err(v, rc);
	vdev_report(v, "%s: link set %s", c->name, up ? "up" : "down");
	return 0;
}

/* Is the kernel's address @ka the address @a, prefix length included? */
static int addr_is(const struct vnl_addr *ka, const struct vaddr *a)
{
	return ka->family == a->family && ka->prefixlen == a->plen &&
	       same(a->family, ka->addr, a->a);
}

static int has_addr(const struct kstate *k, const struct vaddr *a)
{
	for (int i = 0; i < k->naddrs; i++)
		if (addr_is(&k->addrs[i], a))
			return 1;
	return 0;
}

static int wanted_addr(const struct vcfg *c, const struct vnl_addr *a)
{
	for (int i = 0; i < c->naddr; i++)
		if (addr_is(a, &c->addr[i]))
			return 1;
	return 0;
}

static int add_addrs(struct vdev *v, const struct vcfg *c, struct kstate *k)
{
	char t[64];
	int idx = k->have_link ? k->link.index : k->new_index, rc;

	if (!v->dry && !idx && (idx = link_index(v, c->name)) < 0)
		return vdev_kern_err(v, idx);
	for (int i = 0; i < c->naddr; i++) {
		const struct vaddr *a = &c->addr[i];

		if (has_addr(k, a))
			continue;
		vnl_ntop(a->family, a->a, t, sizeof(t));
		if (v->dry) {
			if ((rc = dry_addr(v, a->family, a->a, a->plen, 1)) < 0)
				return rc;
			vdev_report(v, "%s: would add address %s/%d", c->name, t, a->plen);
			continue;
		}
		struct jent *j = journal(v, J_ADDR_ADD);
		if (!j)
			return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		snprintf(j->name, sizeof(j->name), "%s", c->name);
		j->addr = *a;
		rc = journal_settle(v, vnl_addr_add(v->nl, idx, a->family, a->a, a->plen,
						     addr_flags(a->family)));
		if (rc < 0)
			return vdev_kern_err(v, rc);
		vdev_report(v, "%s: address %s/%d added", c->name, t, a->plen);
	}
	return 0;
}

/*
 * Delete the kernel's address @a of our link.  An IPv4 one takes every
 * route that has it as preferred source along, so those routes get their
 * source back first (restore: the recorded one, else the kernel's own
 * choice), whether or not a record says we gave them ours: a command
 * killed before it committed leaves routes with our source and no record
 * of it, and the walks before this one only take back what they know of.
 * @stays: the address stays with another prefix length (the kernel
 * deletes no route then).
 */
static int del_addr(struct vdev *v, const struct vcfg *c, struct kstate *k,
		    const struct vnl_addr *a, int stays)
{
	char t[64];
	int rc;

	if (a->family == AF_INET && !stays) {
		struct vaddr only = { .family = AF_INET, .plen = a->prefixlen };

		memcpy(only.a, a->addr, 4);
		if ((rc = walk_routes_only(v, c, k, &only)) < 0)
			return rc;
	}
	vnl_ntop(a->family, a->addr, t, sizeof(t));
	if (v->dry) {
		if ((rc = dry_addr(v, a->family, a->addr, a->prefixlen, -1)) < 0)
			return rc;
		vdev_report(v, "%s: would remove address %s/%d", c->name, t, a->prefixlen);
		return 0;
	}
	struct jent *j = journal(v, J_ADDR_DEL);
	if (!j)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	snprintf(j->name, sizeof(j->name), "%s", c->name);
	j->addr.family = a->family;
	memcpy(j->addr.a, a->addr, 16);
	j->addr.plen = a->prefixlen;
	j->aflags = a->flags & (IFA_F_NOPREFIXROUTE | IFA_F_NODAD);
	rc = journal_settle(v, vnl_addr_del(v->nl, k->link.index, a->family, a->addr,
					     a->prefixlen));
	if (rc == -EADDRNOTAVAIL)
		return 0;   /* went with a primary address it belonged to */
	if (rc < 0)
		return vdev_kern_err(v, rc);
	vdev_report(v, "%s: address %s/%d removed", c->name, t, a->prefixlen);
	return 0;
}

/* Delete the addresses of our link that are not wanted (@all: every one). */
static int del_addrs(struct vdev *v, const struct vcfg *c, struct kstate *k, int all)
{
	int rc;

	if (!k->have_link)
		return 0;
	for (int i = 0; i < k->naddrs; i++) {
		int stays = 0;

		if (!all && wanted_addr(c, &k->addrs[i]))
			continue;
		for (int m = 0; !all && m < c->naddr; m++)
			stays |= c->addr[m].family == k->addrs[i].family &&
				 same(c->addr[m].family, c->addr[m].a, k->addrs[i].addr);
		if ((rc = del_addr(v, c, k, &k->addrs[i], stays)) < 0)
			return rc;
	}
	return 0;
}

/*
 * An address wanted with another prefix length than the kernel's.  IPv4
 * takes the new one beside the old (the address stays local while the old
 * one goes, so no route loses its source): add_addrs and del_addrs do it.
 * IPv6 refuses the same address twice, so: the routes using it get their
 * previous source back, the old one goes, and add_addrs adds the new one;
 * the route walk then gives the routes the VIPA source again.
 */
static int replace_addrs(struct vdev *v, const struct vcfg *c, struct kstate *k)
{
	int rc;

	for (int i = 0; i < c->naddr; i++) {
		const struct vaddr *a = &c->addr[i];

		if (a->family != AF_INET6 || has_addr(k, a))
			continue;
		for (int m = 0; m < k->naddrs; m++) {
			struct vnl_addr old = k->addrs[m];

			if (old.family != AF_INET6 || !same(AF_INET6, old.addr, a->a))
				continue;
			if ((rc = walk_routes_only(v, c, k, a)) < 0 ||
			    (rc = del_addr(v, c, k, &old, 0)) < 0)
				return rc;
			/* gone: add_addrs adds the new one, del_addrs skips it */
			k->addrs[m] = k->addrs[--k->naddrs];
			break;
		}
	}
	return 0;
}

/* ---- the configure method --------------------------------------------- */

int vdev_kern_reconcile(struct vdev *v, const struct vcfg *c, int release_only)
{
	struct kstate k;
	int rc = vdev_nl(v);

	if (rc < 0)
		return rc;
	rc = kstate_load(v, c, &k);
	if (rc < 0)
		goto out;
	if (k.have_link && !k.link.marked && strncmp(k.link.alias, VDEV_MARK, strlen(VDEV_MARK))) {
		/* somebody else's link of that name: never touch it */
		if (c->want_link)
			rc = vdev_seterr(v, VDEV_E_EXIST,
					 "device '%s': a network interface of that name exists and is not a virtual IP address link",
					 c->name);
		goto out;
	}
	if (release_only) {
		rc = walk_routes(v, c, &k, c->want_up ? W_RESTORE_OTHERS : W_RESTORE_ALL, 0);
		goto out;
	}
	if (!c->want_link) {
		if ((rc = walk_routes(v, c, &k, W_RESTORE_ALL, 1)) < 0 || !k.have_link)
			goto out;
		rc = delete_link(v, c, &k);
		goto out;
	}
	if (k.have_link && !v->dry) {
		/* a command killed right after creating the link did not get
		 * to these: without promote_secondaries, deleting an old
		 * primary address would take a new one of the same subnet,
		 * and the routes using it, along */
		set_sysctl("ipv6", c->name, "addr_gen_mode", "1");
		set_sysctl("ipv4", c->name, "promote_secondaries", "1");
	}
	if (k.have_link && strcmp(k.link.alias + (strncmp(k.link.alias, VDEV_MARK, strlen(VDEV_MARK)) ? 0 : strlen(VDEV_MARK)), c->name)) {
		/* made by a command that died before it set the alias */
		char mark[64];

		snprintf(mark, sizeof(mark), VDEV_MARK "%s", c->name);
		if (!v->dry && (rc = vnl_link_set_alias(v->nl, c->name, mark)) < 0) {
			rc = vdev_kern_err(v, rc);
			goto out;
		}
		vdev_report(v, v->dry ? "%s: would mark link" : "%s: link marked", c->name);
	}
	if (!k.have_link) {
		if (!v->dry && (rc = create_link(v, c->name, &k.new_index)) < 0) {
			rc = rc == -ENOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
					   : vdev_kern_err(v, rc);
			goto out;
		}
		vdev_report(v, v->dry ? "%s: would create link" : "%s: link created", c->name);
		/* the routes that went with the old one come through it (the
		 * kernel's echo gave its index: no need to ask) */
		if (!v->dry && k.new_index > 0) {
			memset(&k.link, 0, sizeof(k.link));
			k.link.index = k.new_index;
			k.link.marked = 1;
			snprintf(k.link.name, sizeof(k.link.name), "%s", c->name);
			snprintf(k.link.alias, sizeof(k.link.alias), VDEV_MARK "%s", c->name);
		} else if (!v->dry && (rc = vnl_link_get(v->nl, c->name, &k.link)) < 0) {
			rc = vdev_kern_err(v, rc);
			goto out;
		}
		k.have_link = !v->dry;
	}
	if (!c->want_up) {
		/* out of service: the routes get their previous sources
		 * back, then the addresses go (they stay in the database),
		 * then the link goes down */
		if ((rc = walk_routes(v, c, &k, W_RESTORE_ALL, 1)) < 0 ||
		    (rc = del_addrs(v, c, &k, 1)) < 0)
			goto out;
		if (k.have_link && k.link.up)
			rc = set_up(v, c, 0);
		goto out;
	}
	/* in service: the addresses (a new prefix length replacing the old
	 * one), the link up, the route sources, then what is not wanted goes */
	if ((rc = replace_addrs(v, c, &k)) < 0 || (rc = add_addrs(v, c, &k)) < 0)
		goto out;
	if (!(k.have_link && k.link.up) && (rc = set_up(v, c, 1)) < 0)
		goto out;
	if ((rc = walk_routes(v, c, &k, W_FULL, 1)) < 0)
		goto out;
	rc = del_addrs(v, c, &k, 0);
out:
	if (rc >= 0)
		rc = rec_flush(v, c->name, &k);
	if (rc >= 0)
		rc = warn_daemons(v, c, &k);
	kstate_free(&k);
	return rc;
}

/*
 * ifconfig-vi Name [inet|inet6] Address alias | delete: one address of the
 * VIPA's link, in the kernel only.  An alias is added as the configure
 * method adds addresses; a deleted address first gives the routes that
 * have it as source their previous source back (the kernel would delete an
 * IPv4 route whose source goes), then goes.
 */
int vdev_kern_addr(struct vdev *v, const struct vcfg *c, const struct vaddr *a, int add)
{
	struct kstate k;
	char t[64];
	int rc = vdev_nl(v), m = -1;

	if (rc < 0)
		return rc;
	rc = kstate_load(v, c, &k);
	if (rc < 0)
		goto out;
	vnl_ntop(a->family, a->a, t, sizeof(t));
	if (!k.have_link) {
		rc = vdev_seterr(v, VDEV_E_KERNEL, "%s: the kernel has no link '%s'", c->name, c->name);
		goto out;
	}
	if (!k.link.marked && strncmp(k.link.alias, VDEV_MARK, strlen(VDEV_MARK))) {
		rc = vdev_seterr(v, VDEV_E_EXIST,
				 "device '%s': a network interface of that name exists and is not a virtual IP address link",
				 c->name);
		goto out;
	}
	for (int i = 0; i < k.naddrs; i++)
		if (k.addrs[i].family == a->family && same(a->family, k.addrs[i].addr, a->a))
			m = i;
	if (add) {
		struct vcfg one;
		struct vaddr only = *a;

		if (m >= 0) {
			rc = vdev_seterr(v, VDEV_E_EXIST, "%s: the kernel holds %s/%d already",
					 c->name, t, k.addrs[m].prefixlen);
			goto out;
		}
		memset(&one, 0, sizeof(one));
		snprintf(one.name, sizeof(one.name), "%s", c->name);
		one.addr = &only;
		one.naddr = 1;
		rc = add_addrs(v, &one, &k);
	} else {
		struct vaddr held = { a->family, { 0 }, 0 };

		if (m < 0) {
			rc = vdev_seterr(v, VDEV_E_INVAL, "%s: the kernel holds no address %s", c->name, t);
			goto out;
		}
		memcpy(held.a, k.addrs[m].addr, sizeof(held.a));
		held.plen = k.addrs[m].prefixlen;
		if ((rc = walk_routes_only(v, c, &k, &held)) >= 0)
			rc = del_addr(v, c, &k, &k.addrs[m], 0);
	}
out:
	if (rc >= 0)
		rc = rec_flush(v, c->name, &k);
	kstate_free(&k);
	return rc;
}

struct orphan_list {
	char (*names)[16];
	int n;
	struct vdev *v;
	int rc;
};

static int orphan_cb(const struct vnl_link *l, void *arg)
{
	struct orphan_list *o = arg;
	char (*n)[16];

	if (!l->marked && strncmp(l->alias, VDEV_MARK, strlen(VDEV_MARK)))
		return 0;
	n = realloc(o->names, (size_t)(o->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	o->names = n;
	snprintf(o->names[o->n++], 16, "%s", l->name);
	return 0;
}

/* Marked links whose device does not exist: give their routes back and
 * remove them. */
int vdev_kern_orphans(struct vdev *v, int release_only)
{
	struct orphan_list o = { NULL, 0, v, 0 };
	int rc = vnl_link_list(v->nl, orphan_cb, &o);

	if (rc < 0) {
		rc = rc == -ENOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory") : vdev_kern_err(v, rc);
		goto out;
	}
	/* a lost or emptied cu.db is not one whose devices were all removed */
	if (o.n > 0 && odm_cu_lost(v->odm)) {
		rc = vdev_seterr(v, VDEV_E_ODM,
				 "the repository '%s' lost cu.db (it was missing or empty) but links"
				 " marked as virtual IP addresses exist (%s%s): put back cu.db from its"
				 " last good copy '%s/cu.db.good' (see cfgif(8), RESTORING);"
				 " nothing was changed", odm_dir(v->odm), o.names[0],
				 o.n > 1 ? " ..." : "", odm_dir(v->odm));
		goto out;
	}
	for (int i = 0; i < o.n; i++) {
		struct vcudv d;
		struct vcfg c = { 0 };

		if ((rc = vdev_db_cudv(v, o.names[i], &d)) < 0)
			goto out;
		if (d.found)
			continue;
		memset(&c, 0, sizeof(c));
		snprintf(c.name, sizeof(c.name), "%s", o.names[i]);
		rc = vdev_kern_reconcile(v, &c, release_only);
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	free(o.names);
	return rc;
}
