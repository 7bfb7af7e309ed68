/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-watch.c - cfgif -w: give a route of a group the VIPA source as soon
 * as the kernel announces it (patched from the kernel's own message), run
 * the whole reconcile again after link and address changes (and whatever
 * a message cannot settle), and leave a daemon alone for a while when it
 * keeps rewriting its routes without our source.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/rtnetlink.h>

#include "odm-internal.h"
#include "vdev-internal.h"
#include "vnl.h"

#define W_QUIET_MS 10         /* a full pass waits until events stop this long ... */
#define W_BURST_MS 200        /* ... or this long after the first */
#define W_TICK_MS 250         /* how often the stop flag is looked at */
#define W_FIGHT_MS 5000       /* a rewrite this soon after the route had our source ... */
#define W_FIGHT_MAX 3         /* ... this many times in a row is a fight */
#define W_BACKOFF_MIN 1000    /* ms a daemon's routes are left alone after a fight */
#define W_BACKOFF_MAX 64000   /* ... doubling while it goes on, up to this */
#define W_BACKOFF_RESET 600000 /* a fight this long after the last one starts over */

/* What the watch knows of one route (table, destination, metric). */
struct wroute {
	char key[80];          /* "254 10.1.0.0/16 0" */
	uint64_t nh;           /* its nexthops when it last had our source */
	int proto;
	int ok;                /* seen with the VIPA source, not deleted since */
	long long ok_at;
	unsigned ok_epoch;     /* ... in this epoch of links and addresses */
	int tos;               /* its TOS then */
	int fights;            /* rewrites without it right after, in a row */
	int rec;               /* a route record (CuRoute, kind src) of ours for it: */
	char recvi[16];        /* ... of this VIPA */
	char prev[48];         /* ... the source it had before ("-": none) */
	char *msg;             /* ... the message it keeps (vnl_route_hex), NULL: none */
	int next;              /* hash chain */
};

/* A route patched in the running transaction, to undo if it fails. */
struct wundo {
	struct vnl_route *r;   /* as it was */
	int had;
	unsigned char old[16];
	int vi;                /* the VIPA whose source it got */
	int save;              /* its record is to be written: */
	char key[80];
	char prev[48];
	char *msg;             /* vnl_route_hex of the route, NULL for a patch */
};

/* One change of the route records, for the writer. */
struct wjob {
	int add;               /* 1: add the record, 0: delete it */
	char vi[16];
	char key[80];
	char prev[48];
	char *msg;             /* the message the record keeps, NULL: none */
};

/* What one drain changed: its record changes in order, and its patches
 * (wundo), to undo if they cannot be committed. */
struct wbatch {
	struct wjob *j;
	int nj, jcap;
	struct wundo *u;
	int nu;
	struct wbatch *next;
};

/*
 * The writer: a thread with its own handle on the repository commits the
 * record changes of the drains, in order, several in one transaction when
 * they queue up.  The watch reads and patches on meanwhile, never waiting
 * for a commit's fsync while routes go without the source, nor for the
 * writer's lock: a batch it cannot hand over at once waits in its own
 * list (struct watch's lhead) for the next try.  A commit that fails
 * fails every batch after it too, until the watch has undone their
 * patches (writer_sync): commit or roll back both, as before.
 */
struct writer {
	pthread_t th;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t work, idle;
	struct wbatch *head, *tail;    /* to commit */
	struct wbatch *failed, *ftail; /* not committed: their patches to undo */
	int busy;                      /* batches in hand */
	int stop;
	int broken;                    /* a commit failed: fail the rest */
	/* read by the watch without the lock: */
	atomic_int inflight;           /* batches handed over, not yet done */
	atomic_int failing;            /* failed is not empty */
	atomic_int foreign;            /* another command committed meanwhile */
	atomic_uint count;             /* cu.db's change counter, ours last */
	int dbfd;
	struct vdev *v;                /* its own handle */
	char stack[24];                /* the stack of the records (vdev_stack) */
	char err[400];                 /* why the last commit failed */
};

/* One VIPA as the last pass left it: its sources and its group. */
struct wvipa {
	char name[16];
	int has[2];            /* 0: IPv4, 1: IPv6 */
	unsigned char src[2][16];
	int *ifidx;            /* the links of its group */
	int nifidx;
	int vidx;              /* its own link */
};

/* The back-off of one routing protocol (a daemon). */
struct wproto {
	long long until;       /* its routes are left alone until then */
	long long last;        /* when the last fight began */
	int next_ms;           /* the next back-off */
	int held;              /* a route of it was left alone */
};

struct watch {
	struct vdev *v;
	const char *name;
	void (*report)(const char *line, void *arg);
	void *arg;
	struct wroute *r;
	int nr, cap;
	int *heads;
	unsigned nheads;
	struct wvipa *vi;
	int nvi;
	struct wproto proto[256];
	unsigned epoch;        /* counts link and address changes and lost events:
				* the kernel deletes routes then without a word */
	int relevant;          /* an event asks for a full pass */
	long long restore_at;  /* routes were left to their daemons: a pass then */
	int pending;           /* draining right before one: it settles the routes */
	int unsure;            /* a commit failed: until a pass has read the
				* records again, only a pass changes a route */
	int rdonly;            /* the repository may not be written: no record
				* can be saved, so only a pass changes a route */
	long long first, last; /* when the first and last such event came */
	struct wundo *u;       /* the running drain's patches and records */
	int nu, ucap;
	struct wbatch *b;      /* ... and its record changes, NULL: none yet */
	struct wbatch *lhead, *ltail; /* batches not yet handed to the writer */
	int npatched;          /* lines reported by the running drain */
	int dbfd;              /* cu.db, to notice other writers */
	int lockfd;            /* ODMDIR/.lock, held (locked) from the first
				* patch of a drain until the writer committed
				* its records: no other command reads the
				* records meanwhile, nor changes the kernel */
	int locked;
	int yield;             /* another command waits for the lock: no
				* patch until it had its turn (a pass) */
	int yielded;           /* routes wait for that pass: it runs as soon
				* as the command has the lock (after it) */
	struct writer q;
	int nomem;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An event asks for a full pass, once the burst is over. */
static void want_pass(struct watch *w)
{
	if (!w->relevant)
		w->first = now_ms();
	w->relevant = 1;
	w->last = now_ms();
}

static unsigned key_hash(const char *key)
{
	unsigned h = 2166136261u;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

static int rehash(struct watch *w)
{
	unsigned n = 256;
	int *heads;

	while (n < (unsigned)w->nr * 2 + 2)
		n *= 2;
	if (!(heads = malloc(n * sizeof(*heads))))
		return -1;
	for (unsigned i = 0; i < n; i++)
		heads[i] = -1;
	for (int i = 0; i < w->nr; i++) {
		unsigned b = key_hash(w->r[i].key) & (n - 1);

		w->r[i].next = heads[b];
		heads[b] = i;
	}
	free(w->heads);
	w->heads = heads;
	w->nheads = n;
	return 0;
}

/* The state of route @key, made if @add (NULL if none, or no memory). */
static struct wroute *find_route(struct watch *w, const char *key, int add)
{
	struct wroute *r;
	unsigned b;

	if (w->heads)
		for (int i = w->heads[key_hash(key) & (w->nheads - 1)]; i >= 0; i = w->r[i].next)
			if (!strcmp(w->r[i].key, key))
				return &w->r[i];
	if (!add)
		return NULL;
	if (w->nr == w->cap) {
		int cap = w->cap ? 2 * w->cap : 256;

		if (!(r = realloc(w->r, (size_t)cap * sizeof(*r)))) {
			w->nomem = 1;
			return NULL;
		}
		w->r = r;
		w->cap = cap;
	}
	r = &w->r[w->nr++];
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	if (!w->heads || (unsigned)w->nr * 2 > w->nheads) {
		if (rehash(w) < 0) {
			w->nr--;
			w->nomem = 1;
			return NULL;
		}
		return r;
	}
	b = key_hash(key) & (w->nheads - 1);
	r->next = w->heads[b];
	w->heads[b] = w->nr - 1;
	return r;
}

/* "TABLE DST/PLEN METRIC", as the saved sources name a route. */
static void route_key(const struct vnl_route *r, char *buf, size_t len)
{
	unsigned char dst[16] = { 0 };
	char t[INET6_ADDRSTRLEN] = "?";
	int plen = vnl_route_dst(r, dst);

	vnl_ntop(vnl_route_family(r), dst, t, sizeof(t));
	snprintf(buf, len, "%u %s/%d %u", vnl_route_table(r), t, plen, vnl_route_priority(r));
}

/* ---- the VIPAs and their groups ---------------------------------------- */

struct names {
	char (*n)[16];
	int count;
};

static int name_cb(const struct odm_obj *o, void *arg)
{
	struct names *l = arg;
	const char *name = odm_obj_get(o, "name");
	char (*n)[16];

	if (!name || strlen(name) >= sizeof(*n))
		return 0;	/* no VIPA has such a name: never cut one to fit */
	if (!(n = realloc(l->n, (size_t)(l->count + 1) * sizeof(*n))))
		return -VDEV_E_NOMEM;
	l->n = n;
	snprintf(l->n[l->count++], 16, "%s", name);
	return 0;
}

static void free_vipas(struct watch *w)
{
	for (int i = 0; w->vi && i < w->nvi; i++)
		free(w->vi[i].ifidx);
	free(w->vi);
	w->vi = NULL;
	w->nvi = 0;
}

/* Read the VIPAs in service, their sources and interfaces, as the pass
 * just made them.  Returns 0 or -VDEV_E_*. */
static int load_vipas(struct watch *w)
{
	struct names l = { NULL, 0 };
	struct vcfg c = { 0 };
	int rc;

	const struct odm_match m[] = {
		{ "PdDvLn", "=", VDEV_VIPA_TYPE }, { "status", "=", "1" }, ODM_MATCH_END
	};

	rc = odm_get_match(vdev_odm(w->v), "CuDv", m, name_cb, &l);
	if (rc < 0) {
		free(l.n);
		return rc == -VDEV_E_NOMEM ? vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory")
					   : vdev_odm_err(w->v, rc);
	}
	free_vipas(w);
	w->vi = calloc((size_t)l.count + 1, sizeof(*w->vi));
	if (!w->vi) {
		free(l.n);
		return vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
	}
	for (int i = 0; i < l.count; i++) {
		struct wvipa *p = &w->vi[w->nvi];

		/* a device the pass left alone has no group: its routes are
		 * left as they are too */
		if ((w->name && strcmp(w->name, l.n[i])) || vdev_bad_of(w->v, l.n[i]))
			continue;
		if ((rc = vdev_load_cfg(w->v, l.n[i], &c)) < 0)
			break;
		if (!c.want_up || !(c.has4 || c.has6)) {
			vdev_cfg_free(&c);
			continue;
		}
		memset(p, 0, sizeof(*p));
		snprintf(p->name, sizeof(p->name), "%s", c.name);
		p->has[0] = c.has4;
		p->has[1] = c.has6;
		memcpy(p->src[0], c.src4.a, 16);
		memcpy(p->src[1], c.src6.a, 16);
		if (c.nifs && !(p->ifidx = calloc((size_t)c.nifs, sizeof(*p->ifidx)))) {
			rc = vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
			vdev_cfg_free(&c);
			break;
		}
		for (int k = 0; k < c.nifs; k++) {
			struct vnl_link lk;

			if (vnl_link_get(w->v->nl, c.ifs[k], &lk) == 0)
				p->ifidx[p->nifidx++] = lk.index;
		}
		{
			struct vnl_link lk;

			if (vnl_link_get(w->v->nl, c.name, &lk) == 0)
				p->vidx = lk.index;
		}
		vdev_cfg_free(&c);
		if (p->nifidx) {
			w->nvi++;
		} else {
			free(p->ifidx);
			p->ifidx = NULL;
		}
	}
	free(l.n);
	return rc < 0 ? rc : 0;
}

/* The VIPA whose group route @r leaves through (all its nexthops), or NULL. */
static const struct wvipa *group_of(struct watch *w, const struct vnl_route *r, int *fi)
{
	int oifs[VDEV_MAXIF], n, f = vnl_route_family(r) == AF_INET ? 0 : 1;
	unsigned char dst[16] = { 0 };

	if (!w->nvi || vnl_route_table(r) == RT_TABLE_LOCAL || vnl_route_type(r) != RTN_UNICAST)
		return NULL;
	vnl_route_dst(r, dst);
	if (f && dst[0] == 0xfe && (dst[1] & 0xc0) == 0x80)
		return NULL;	/* link-local */
	n = vnl_route_oifs(w->v->nl, r, oifs, VDEV_MAXIF);
	if (n <= 0 || n > VDEV_MAXIF)
		return NULL;
	for (int i = 0; i < w->nvi; i++) {
		const struct wvipa *p = &w->vi[i];
		int all = p->has[f];

		for (int k = 0; k < n && all; k++) {
			int in = 0;

			for (int m = 0; m < p->nifidx; m++)
				in |= oifs[k] == p->ifidx[m];
			all = in;
		}
		if (all) {
			*fi = f;
			return p;
		}
	}
	return NULL;
}

/* Does route @r lead through a VIPA's own link (every nexthop)?  Such a
 * route goes with the link: a pass records it, to put it back. */
static int through_vipa(struct watch *w, const struct vnl_route *r)
{
	int oifs[VDEV_MAXIF], n;

	if (!w->nvi || vnl_route_table(r) == RT_TABLE_LOCAL || vnl_route_type(r) != RTN_UNICAST ||
	    vnl_route_protocol(r) == RTPROT_KERNEL)
		return 0;
	n = vnl_route_oifs(w->v->nl, r, oifs, VDEV_MAXIF);
	if (n <= 0 || n > VDEV_MAXIF)
		return 0;
	for (int i = 0; i < w->nvi; i++) {
		int all = w->vi[i].vidx > 0;

		for (int k = 0; k < n && all; k++)
			all = oifs[k] == w->vi[i].vidx;
		if (all)
			return 1;
	}
	return 0;
}

/* ---- the loop guard ---------------------------------------------------- */

/*
 * A daemon keeps rewriting route @r without our source right after it got
 * it: leave the routes of its protocol alone for a while, longer each time
 * it goes on, and say once how to make the daemon set the source itself.
 */
static void back_off(struct watch *w, const struct wvipa *p, int f,
		     const struct vnl_route *r)
{
	struct wproto *d = &w->proto[vnl_route_protocol(r) & 0xff];
	int proto = vnl_route_protocol(r);
	char rt[160], src[INET6_ADDRSTRLEN] = "?", pb[16], how[400], msg[1000];
	const char *pn = vdaemon_proto_text(proto, pb, sizeof(pb)), *frr;
	long long t = now_ms();

	if (!d->next_ms || t - d->last > W_BACKOFF_RESET)
		d->next_ms = W_BACKOFF_MIN;
	d->last = t;
	d->until = t + d->next_ms;
	vnl_ntop(f ? AF_INET6 : AF_INET, p->src[f], src, sizeof(src));
	route_key(r, rt, sizeof(rt));
	if (proto == RTPROT_BIRD)
		snprintf(how, sizeof(how),
			 "set it in bird: krt_prefsrc = %s in the kernel protocol's export filter",
			 src);
	else if ((frr = vdaemon_frr_name(proto, f ? AF_INET6 : AF_INET)))
		snprintf(how, sizeof(how),
			 "set it in FRR: a route-map with set src %s, which works only wired up with "
			 "%s protocol %s route-map NAME", src, f ? "ipv6" : "ip", frr);
	else
		snprintf(how, sizeof(how),
			 "set it where the route comes from (bird: krt_prefsrc = %s; FRR: set src %s "
			 "in a route-map wired up with ip protocol ospf route-map NAME)", src, src);
	vnl_route_format(r, rt, sizeof(rt));
	snprintf(msg, sizeof(msg),
		 "%s: route %s keeps losing its source: protocol %s rewrites it right after each "
		 "fix; its routes are left alone for %d s; %s", p->name, rt, pn, d->next_ms / 1000,
		 how);
	if (d->next_ms < W_BACKOFF_MAX)
		d->next_ms *= 2;
	if (w->report) {
		w->report(msg, w->arg);
		w->report(NULL, w->arg);
	}
}

/* vdev's hold hook: a daemon in back-off keeps its routes as it made them. */
static int held(const struct vnl_route *r, void *arg)
{
	struct watch *w = arg;
	struct wproto *d = &w->proto[vnl_route_protocol(r) & 0xff];

	if (d->until <= now_ms())
		return 0;
	d->held = 1;
	return 1;
}

/*
 * Follow route @r of VIPA @p's group: with our source it is fine; without
 * it, right after it had it, with the same nexthops and protocol, is one
 * more rewrite of a fight.  Returns 1 if the route needs our source, 2 if
 * it is a twin (vnl_route_same_but_src) of the route that has it and is
 * still there: an IPv4 daemon added its own again beside it (not with
 * NLM_F_REPLACE, which may have replaced ours).
 */
static int track(struct watch *w, const struct wvipa *p, int f, const struct vnl_route *r)
{
	unsigned char a[16] = { 0 };
	char key[80];
	struct wroute *s;
	long long t = now_ms();
	uint64_t nh = vnl_route_nexthops_hash(r);
	int proto = vnl_route_protocol(r);

	route_key(r, key, sizeof(key));
	if (!(s = find_route(w, key, 1)))
		return 1;
	if (vnl_route_prefsrc(r, a) && !memcmp(a, p->src[f], f ? 16 : 4)) {
		s->ok = 1;
		s->ok_at = t;
		s->ok_epoch = w->epoch;
		s->nh = nh;
		s->tos = vnl_route_tos(r);
		s->proto = proto;
		return 0;
	}
	/* not one that replaced a route: maybe ours */
	if (!f && s->ok && s->ok_epoch == w->epoch && s->nh == nh && s->tos == vnl_route_tos(r) &&
	    !(vnl_route_nlflags(r) & NLM_F_REPLACE))
		return 2;
	if (s->ok && t - s->ok_at < W_FIGHT_MS && s->nh == nh && s->proto == proto)
		s->fights++;
	else
		s->fights = 0;
	s->ok = 0;
	if (w->proto[proto & 0xff].until > t) {
		w->proto[proto & 0xff].held = 1;
		return 0;
	}
	if (s->fights >= W_FIGHT_MAX) {
		s->fights = W_FIGHT_MAX - 1;	/* one more after the back-off: longer */
		back_off(w, p, f, r);
		w->proto[proto & 0xff].held = 1;
		return 0;
	}
	return 1;
}

/* ---- the saved sources -------------------------------------------------- */

/* sqlite's file change counter of cu.db (bytes 24-27 of the header,
 * read from @fd): it moves with every committed write, ours and other
 * commands'. */
static uint32_t db_count(int fd)
{
	unsigned char b[4] = { 0 };

	if (fd < 0 || pread(fd, b, 4, 24) != 4)
		return 0;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

struct recload {
	struct watch *w;
	const char *vipa;
};

static int rec_cb(const struct vroute *r, void *arg)
{
	struct recload *l = arg;
	struct wroute *s;

	if (strcmp(r->kind, "src") || strlen(r->route) >= sizeof(s->key))
		return 0;
	if (!(s = find_route(l->w, r->route, 1)))
		return -VDEV_E_NOMEM;
	s->rec = 1;
	snprintf(s->recvi, sizeof(s->recvi), "%s", l->vipa);
	snprintf(s->prev, sizeof(s->prev), "%s", r->prev);
	free(s->msg);
	s->msg = *r->msg ? strdup(r->msg) : NULL;
	if (*r->msg && !s->msg)
		return -VDEV_E_NOMEM;
	return 0;
}

/* Read the route records of the VIPAs in service, as the pass left them. */
static int load_recs(struct watch *w)
{
	int rc = 0;

	for (int i = 0; i < w->nr; i++) {
		w->r[i].rec = 0;
		free(w->r[i].msg);
		w->r[i].msg = NULL;
	}
	for (int i = 0; i < w->nvi && rc >= 0; i++) {
		struct recload l = { w, w->vi[i].name };

		rc = vdev_db_routes(w->v, w->vi[i].name, rec_cb, &l);
	}
	return rc < 0 ? rc : 0;
}

/* A record change of the running drain, in its batch; NULL when out of
 * memory. */
static struct wjob *job(struct watch *w, int add, const char *vi, const char *key)
{
	struct wbatch *b = w->b;
	struct wjob *j;

	if (!b && !(b = w->b = calloc(1, sizeof(*b)))) {
		w->nomem = 1;
		return NULL;
	}
	if (b->nj == b->jcap) {
		int cap = b->jcap ? 2 * b->jcap : 64;

		if (!(j = realloc(b->j, (size_t)cap * sizeof(*j)))) {
			w->nomem = 1;
			return NULL;
		}
		b->j = j;
		b->jcap = cap;
	}
	j = &b->j[b->nj++];
	memset(j, 0, sizeof(*j));
	j->add = add;
	snprintf(j->vi, sizeof(j->vi), "%s", vi);
	snprintf(j->key, sizeof(j->key), "%s", key);
	return j;
}

/* Record route @s of VIPA @p, which had source @prev before we gave it
 * ours, with its message @msg (taken over), unless the record says the
 * same: the writer commits it, the watch takes it as done. */
static void save_prev(struct watch *w, struct wroute *s, const struct wvipa *p, const char *prev,
		      char *msg)
{
	struct wjob *j;

	if (s->rec && !strcmp(s->recvi, p->name) && !strcmp(s->prev, prev) &&
	    (msg && s->msg ? !strcmp(msg, s->msg) : !msg && !s->msg)) {
		free(msg);
		return;
	}
	/* stale (the route lost our source since), or the route changed */
	if ((s->rec && !job(w, 0, s->recvi, s->key)) || !(j = job(w, 1, p->name, s->key))) {
		free(msg);
		return;
	}
	snprintf(j->prev, sizeof(j->prev), "%s", prev);
	if (msg && !(j->msg = strdup(msg)))
		w->nomem = 1;
	s->rec = 1;
	snprintf(s->recvi, sizeof(s->recvi), "%s", p->name);
	snprintf(s->prev, sizeof(s->prev), "%s", prev);
	free(s->msg);
	s->msg = msg;
}

/* 0 for an IPv4 route, 1 for an IPv6 one. */
static int f_of(const struct vnl_route *r)
{
	return vnl_route_family(r) == AF_INET ? 0 : 1;
}

/* Is @a the source of a VIPA in service (then a route had ours)? */
static int is_vipa_src(const struct watch *w, int f, const unsigned char *a)
{
	for (int i = 0; i < w->nvi; i++)
		if (w->vi[i].has[f] && !memcmp(w->vi[i].src[f], a, f ? 16 : 4))
			return 1;
	return 0;
}

/* A slot of the drain's list of patches and records; NULL when out of
 * memory. */
static struct wundo *change_slot(struct watch *w)
{
	struct wundo *u;

	if (w->nu == w->ucap) {
		int cap = w->ucap ? 2 * w->ucap : 64;

		if (!(u = realloc(w->u, (size_t)cap * sizeof(*u)))) {
			w->nomem = 1;
			return NULL;
		}
		w->u = u;
		w->ucap = cap;
	}
	u = &w->u[w->nu];
	memset(u, 0, sizeof(*u));
	return u;
}

/*
 * Give route @r of VIPA @p's group the source now, from the kernel's own
 * message: RTA_PREFSRC patched, sent back with NLM_F_REPLACE.  Its
 * previous source is saved at the end of the drain, by the writer, and
 * the patch undone if that fails.  A failure asks for a full pass, which
 * settles it or says why.
 */
static void patch(struct watch *w, const struct wvipa *p, int f, const struct vnl_route *r)
{
	unsigned char old[16] = { 0 };
	char prev[48] = "-", rt[160], src[48] = "", line[300];
	struct wundo *u;
	int had = vnl_route_prefsrc(r, old), rc;

	if (!(u = change_slot(w)))
		return;
	if (!(u->r = vnl_route_dup(r))) {
		w->nomem = 1;
		return;
	}
	rc = vnl_route_set_prefsrc(w->v->nl, r, p->src[f]);
	if (rc < 0) {
		vnl_route_free(u->r);
		/* gone meanwhile: its delete is on its way */
		if (rc != -ENOENT && rc != -ESRCH)
			w->relevant = 1;
		return;
	}
	u->had = had;
	memcpy(u->old, old, sizeof(old));
	u->vi = (int)(p - w->vi);
	route_key(r, u->key, sizeof(u->key));
	if (had)
		vnl_ntop(f ? AF_INET6 : AF_INET, old, prev, sizeof(prev));
	snprintf(u->prev, sizeof(u->prev), "%s", prev);
	/* a route that had a VIPA's source keeps the source saved before;
	 * the others' are saved once the drain's patches are made */
	u->save = !(had && is_vipa_src(w, f, old));
	u->msg = NULL;
	if (u->save && !(u->msg = vnl_route_hex(r, 0)))
		w->nomem = 1;
	w->nu++;
	vnl_route_format(r, rt, sizeof(rt));
	vnl_ntop(f ? AF_INET6 : AF_INET, p->src[f], src, sizeof(src));
	snprintf(line, sizeof(line), "%s: route %s: source %s", p->name, rt, src);
	if (w->report)
		w->report(line, w->arg);
	w->npatched++;
}

/*
 * Route @r of VIPA @p's group came without the source beside a twin that
 * has it (track): NLM_F_REPLACE would hit the first of the two, maybe
 * ours, so @r goes, deleted exactly by its own source.  One without a
 * source cannot be singled out: the full pass says so.
 */
static void drop_twin(struct watch *w, const struct wvipa *p, int f, const struct vnl_route *r)
{
	unsigned char own[16];
	char rt[160], a[48] = "", src[48] = "", line[400];
	int rc;

	if (!vnl_route_prefsrc(r, own)) {
		w->relevant = 1;
		return;
	}
	rc = vnl_route_delete(w->v->nl, r);
	if (rc < 0) {
		/* gone meanwhile, or a full pass settles it or says why */
		if (rc != -ESRCH)
			w->relevant = 1;
		return;
	}
	vnl_route_format(r, rt, sizeof(rt));
	vnl_ntop(AF_INET, own, a, sizeof(a));
	vnl_ntop(f ? AF_INET6 : AF_INET, p->src[f], src, sizeof(src));
	snprintf(line, sizeof(line), "%s: route %s: duplicate with source %s deleted (%s stays)",
		 p->name, rt, a, src);
	if (w->report)
		w->report(line, w->arg);
	w->npatched++;
}

static void batch_free(struct wbatch *b)
{
	for (int i = 0; i < b->nj; i++)
		free(b->j[i].msg);
	free(b->j);
	for (int i = 0; i < b->nu; i++) {
		vnl_route_free(b->u[i].r);
		free(b->u[i].msg);
	}
	free(b->u);
	free(b);
}

/* Commit batches @b (a list) in one transaction, on the writer's own
 * handle.  Returns 0, or -1 with the reason in q->err. */
static int write_batches(struct writer *q, const struct wbatch *b)
{
	struct odm *odm = vdev_odm(q->v);
	uint32_t c0, c1;
	int rc = odm_begin(odm);

	if (rc < 0) {
		snprintf(q->err, sizeof(q->err), "%s", odm_errmsg(odm));
		return -1;
	}
	/* no one else writes now: a counter moved since our last commit
	 * (or the last pass) is another command's change */
	c0 = db_count(q->dbfd);
	if (c0 != atomic_load(&q->count))
		atomic_store(&q->foreign, 1);
	for (; b && rc >= 0; b = b->next)
		for (int i = 0; i < b->nj && rc >= 0; i++) {
			const struct wjob *j = &b->j[i];
			struct vroute r = { j->vi, "src", j->key, j->prev, q->stack,
					    j->msg ? j->msg : "", 0 };

			rc = j->add ? vdev_db_route_add(q->v, &r)
				    : vdev_db_route_del(q->v, j->vi, "src", j->key);
		}
	if (rc < 0) {
		snprintf(q->err, sizeof(q->err), "%s", vdev_errmsg(q->v));
		odm_rollback(odm);
		return -1;
	}
	if (odm_commit(odm) < 0) {
		snprintf(q->err, sizeof(q->err), "%s", odm_errmsg(odm));
		return -1;
	}
	c1 = db_count(q->dbfd);
	/* one more than before: ours; more, another command came right after */
	if (c1 != c0 && c1 != c0 + 1)
		atomic_store(&q->foreign, 1);
	atomic_store(&q->count, c1);
	return 0;
}

static void *writer_run(void *arg)
{
	struct writer *q = arg;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		struct wbatch *b, *last;
		int ok, nb = 0;

		while (!q->head && !q->stop)
			pthread_cond_wait(&q->work, &q->mu);
		if (!q->head)
			break;
		/* all that queued up, in one transaction */
		b = q->head;
		last = q->tail;
		q->head = q->tail = NULL;
		q->busy = 1;
		ok = !q->broken;
		pthread_mutex_unlock(&q->mu);
		for (struct wbatch *i = b; i; i = i->next)
			nb++;
		if (ok)
			ok = write_batches(q, b) == 0;
		pthread_mutex_lock(&q->mu);
		if (ok) {
			while (b) {
				struct wbatch *n = b->next;

				batch_free(b);
				b = n;
			}
		} else {
			q->broken = 1;
			if (q->ftail)
				q->ftail->next = b;
			else
				q->failed = b;
			q->ftail = last;
			atomic_store(&q->failing, 1);
		}
		q->busy = 0;
		atomic_fetch_sub(&q->inflight, nb);
		pthread_cond_broadcast(&q->idle);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* Start the writer, on a handle of its own.  Returns 0 or -VDEV_E_*. */
static int writer_start(struct watch *w)
{
	struct writer *q = &w->q;
	sigset_t all, old;
	int rc;

	q->dbfd = w->dbfd;
	atomic_init(&q->inflight, 0);
	atomic_init(&q->failing, 0);
	atomic_init(&q->foreign, 0);
	atomic_init(&q->count, db_count(w->dbfd));
	snprintf(q->stack, sizeof(q->stack), "%s", vdev_stack(w->v));
	if ((rc = vdev_open(&q->v, odm_dir(vdev_odm(w->v)), w->v->flags)) < 0) {
		rc = vdev_seterr(w->v, rc, "%s", vdev_errmsg(q->v));
		vdev_close(q->v);
		q->v = NULL;
		return rc;
	}
	/* a read-only repository (a read-only root at boot): the passes set
	 * the kernel from it, and say once what they could not record */
	if ((rc = odm_begin(vdev_odm(q->v))) == -ODM_E_PERM)
		w->rdonly = 1;
	else if (rc == 0)
		odm_rollback(vdev_odm(q->v));
	/* it writes only while the watch holds the lock for it */
	odm_lock_held(vdev_odm(q->v));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->idle, NULL);
	/* signals are the watch's */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&q->th, NULL, writer_run, q);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		pthread_cond_destroy(&q->idle);
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->mu);
		vdev_close(q->v);
		q->v = NULL;
		return vdev_seterr(w->v, VDEV_E_NOMEM, "cannot start the writer thread: %s",
				   strerror(rc));
	}
	q->started = 1;
	return 0;
}

/* Hand the batches waiting in the watch's list to the writer, if its
 * lock is free (or @wait). */
static void writer_give(struct watch *w, int wait)
{
	struct writer *q = &w->q;
	int n = 0;

	if (!w->lhead)
		return;
	if (wait)
		pthread_mutex_lock(&q->mu);
	else if (pthread_mutex_trylock(&q->mu))
		return;
	for (struct wbatch *i = w->lhead; i; i = i->next)
		n++;
	atomic_fetch_add(&q->inflight, n);
	if (q->tail)
		q->tail->next = w->lhead;
	else
		q->head = w->lhead;
	q->tail = w->ltail;
	w->lhead = w->ltail = NULL;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
}

/* The running drain's batch, for the writer. */
static void writer_put(struct watch *w, struct wbatch *b)
{
	if (w->ltail)
		w->ltail->next = b;
	else
		w->lhead = b;
	w->ltail = b;
	writer_give(w, 0);
}

/*
 * Wait until the writer has committed all it was given.  The patches of
 * what it could not commit are undone, newest first, and a full pass
 * asked for (the records as they are).  Returns 1 if there were any.
 */
static int writer_sync(struct watch *w)
{
	struct writer *q = &w->q;
	struct wbatch *f, *rev = NULL;
	char line[500];

	if (!q->started)
		return 0;
	writer_give(w, 1);
	pthread_mutex_lock(&q->mu);
	while (q->head || q->busy)
		pthread_cond_wait(&q->idle, &q->mu);
	f = q->failed;
	q->failed = q->ftail = NULL;
	q->broken = 0;
	atomic_store(&q->failing, 0);
	pthread_mutex_unlock(&q->mu);
	if (!f)
		return 0;
	while (f) {
		struct wbatch *n = f->next;

		f->next = rev;
		rev = f;
		f = n;
	}
	for (struct wbatch *b = rev, *n; b; b = n) {
		for (int i = b->nu - 1; i >= 0; i--)
			if (b->u[i].r)
				vnl_route_set_prefsrc(w->v->nl, b->u[i].r,
						      b->u[i].had ? b->u[i].old : NULL);
		n = b->next;
		batch_free(b);
	}
	/* the records the watch took as saved were not */
	w->unsure = 1;
	snprintf(line, sizeof(line), "warning: sources undone, their records were not saved: %s",
		 q->err);
	if (w->report) {
		w->report(line, w->arg);
		w->report(NULL, w->arg);
	}
	if (!w->relevant)
		w->first = w->last = now_ms() - W_BURST_MS;
	w->relevant = 1;
	return 1;
}

/*
 * Did another command change the database since our last commit (its
 * groups and records may be others now)?  While the writer has batches,
 * it looks when it next begins; idle, the counter tells.
 */
static int db_changed(struct watch *w)
{
	struct writer *q = &w->q;

	if (atomic_exchange(&q->foreign, 0))
		return 1;
	return !w->lhead && !atomic_load(&q->inflight) &&
	       db_count(w->dbfd) != atomic_load(&q->count);
}

/*
 * Hold the repository's lock before a route is patched: another command
 * (rmdev, chdev) that read the records before the writer committed the
 * route's would take the VIPA's address away from under it, and the
 * kernel deletes the routes with that source.  Returns 0 if the lock is
 * another command's now, or another command changed the repository: a
 * pass settles the route.
 */
static int lock_for_patch(struct watch *w)
{
	if (w->yield) {
		w->yielded = 1;
		return 0;
	}
	if (w->locked)
		return 1;
	if (w->lockfd < 0 || flock(w->lockfd, LOCK_EX | LOCK_NB) < 0)
		return 0;
	/* the writer is idle (the lock went only then): a counter moved
	 * since its last commit or the last pass is another command's
	 * change, which may have taken the address or the group away */
	if (db_count(w->dbfd) != atomic_load(&w->q.count)) {
		flock(w->lockfd, LOCK_UN);
		return 0;
	}
	w->locked = 1;
	return 1;
}

/*
 * Before a drain: does another command wait for the lock?  Then no route
 * is patched until it had its turn (the routes wait for a pass), and the
 * lock goes once the writer is idle.  Else a storm of routes, each with
 * its patch and record, would keep the writer busy and the lock taken,
 * and the command waiting as long as the storm lasts.
 */
static void look_for_waiters(struct watch *w)
{
	w->yield = w->lockfd >= 0 && odm_lock_wanted(w->lockfd);
}

/* Let the lock go once the writer committed all the patches' records
 * (or @force: the writer is idle, its failures undone). */
static void unlock_idle(struct watch *w, int force)
{
	if (!w->locked)
		return;
	if (!force && (w->lhead || w->b || atomic_load(&w->q.inflight) ||
		       atomic_load(&w->q.failing)))
		return;
	flock(w->lockfd, LOCK_UN);
	w->locked = 0;
}

/* Stop the writer, once it has committed all it was given. */
static void writer_stop(struct watch *w)
{
	struct writer *q = &w->q;

	if (!q->started)
		return;
	writer_sync(w);
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	pthread_cond_destroy(&q->idle);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->mu);
	vdev_close(q->v);
	q->started = 0;
}

/* The end of a drain: the previous sources of the routes it patched go
 * to the writer, with the patches to undo if they cannot be saved. */
static void commit(struct watch *w)
{
	for (int i = 0; i < w->nu; i++) {
		struct wroute *s;
		char *msg = w->u[i].msg;

		if (!w->u[i].save)
			continue;
		w->u[i].msg = NULL;
		if (!(s = find_route(w, w->u[i].key, 1))) {
			free(msg);
			break;
		}
		save_prev(w, s, &w->vi[w->u[i].vi], w->u[i].prev, msg);
	}
	if (w->b) {
		w->b->u = w->u;
		w->b->nu = w->nu;
		w->u = NULL;
		w->nu = w->ucap = 0;
		writer_put(w, w->b);
		w->b = NULL;
	} else {
		for (int i = 0; i < w->nu; i++) {
			vnl_route_free(w->u[i].r);
			free(w->u[i].msg);
		}
		w->nu = 0;
	}
	if (w->npatched && w->report)
		w->report(NULL, w->arg);
	w->npatched = 0;
}

/*
 * Route @r of VIPA @p's group came with our source: a record of ours for
 * it keeps its message as the kernel now has it (an administrator or a
 * daemon may have replaced it, with other nexthops, keeping the source),
 * so that what is put back after the kernel deleted it is the route as
 * it last was.
 */
static void keep_msg(struct watch *w, const struct wvipa *p, int f, const struct vnl_route *r)
{
	unsigned char a[16];
	struct wroute *s;
	struct wundo *u;
	char key[80], *msg;

	if (w->rdonly || !vnl_route_prefsrc(r, a) || memcmp(a, p->src[f], f ? 16 : 4))
		return;
	route_key(r, key, sizeof(key));
	if (!(s = find_route(w, key, 0)) || !s->rec || strcmp(s->recvi, p->name))
		return;
	if (!(msg = vnl_route_hex(r, 0))) {
		w->nomem = 1;
		return;
	}
	if (s->msg && !strcmp(s->msg, msg)) {
		free(msg);
		return;
	}
	if (!lock_for_patch(w)) {
		/* the repository is another command's now: a pass */
		free(msg);
		want_pass(w);
		return;
	}
	if (!(u = change_slot(w))) {
		free(msg);
		return;
	}
	u->vi = (int)(p - w->vi);
	u->save = 1;
	snprintf(u->key, sizeof(u->key), "%s", key);
	snprintf(u->prev, sizeof(u->prev), "%s", s->prev);
	u->msg = msg;
	w->nu++;
}

/* The VIPA in service named @name, or NULL. */
static const struct wvipa *vipa_named(const struct watch *w, const char *name)
{
	for (int i = 0; i < w->nvi; i++)
		if (!strcmp(w->vi[i].name, name))
			return &w->vi[i];
	return NULL;
}

/*
 * Route @r, of record @s, was deleted.  The kernel names the socket of
 * the request that deleted a route; a route it deletes on its own (with
 * an address that goes, its source, or with a link) comes from none (0).
 * Deleted by a request, not ours (a pass settles the records of its own
 * deletes), and the record's very route (the source of the record's
 * VIPA, and the same TOS, metric and nexthops as the message it keeps):
 * the route was deleted on purpose, and its record goes now.  Left to a
 * pass, an address flushed before the pass ran would take the route for
 * one it took, and bring it back.  Returns 1 if the record went, 0 if a
 * pass is to settle it.
 */
static int drop_deleted(struct watch *w, struct wroute *s, const struct vnl_route *r)
{
	const struct wvipa *p = vipa_named(w, s->recvi);
	struct vnl_route *del = NULL, *rec = NULL;
	uint32_t from = vnl_route_sender(r);
	unsigned char a[16];
	int f = f_of(r), same = 0, rc;
	char *hex;

	if (!from || from == vnl_portid(w->v->nl) || !s->msg || !p || !p->has[f] ||
	    !vnl_route_prefsrc(r, a) || memcmp(a, p->src[f], f ? 16 : 4))
		return 0;
	/* both as a record keeps a route: without what the kernel adds */
	if (!(hex = vnl_route_hex(r, 0))) {
		w->nomem = 1;
		return 0;
	}
	rc = vnl_route_from_hex(hex, &del);
	free(hex);
	if (rc == 0)
		rc = vnl_route_from_hex(s->msg, &rec);
	if (rc == 0)
		same = vnl_route_same_but_src(del, rec);
	else if (rc == -ENOMEM)
		w->nomem = 1;
	vnl_route_free(del);
	vnl_route_free(rec);
	if (!same || !job(w, 0, s->recvi, s->key))
		return 0;
	s->rec = 0;
	free(s->msg);
	s->msg = NULL;
	return 1;
}

/*
 * Can NLM_F_REPLACE single out route @r?  Not an IPv4 route added beside
 * a twin (NLM_F_APPEND), nor an IPv6 one without gateway that another
 * link may share its prefix with: those take a full pass.
 */
static int replaceable(const struct vnl_route *r)
{
	if (vnl_route_family(r) == AF_INET)
		return !(vnl_route_nlflags(r) & NLM_F_APPEND);
	return vnl_route_has_gateway(r);
}

static void pass_line(const char *line, void *arg)
{
	struct watch *w = arg;

	if (w->report)
		w->report(line, w->arg);
}

/* One reconcile.  Returns the number of changes or -VDEV_E_*. */
static int run_pass(struct watch *w)
{
	char line[1100];
	int rc = vdev_cfgif_pass(w->v, w->name, 0, pass_line, w);

	/* failed, the pass undid its changes: its undo is not to be
	 * patched again from its messages */
	w->unsure = 1;
	if (rc < 0)
		return rc;
	/* routes left to their daemons: one more pass when their time is up */
	w->restore_at = 0;
	if (w->v->restore_due)
		w->restore_at = now_ms() + (w->v->restore_due - vdev_boot_ms());
	for (int i = 0; i < vdev_nwarnings(w->v) && w->report; i++) {
		snprintf(line, sizeof(line), "warning: %s", vdev_warning(w->v, i));
		w->report(line, w->arg);
	}
	for (int i = 0; i < vdev_nskipped(w->v) && w->report; i++)
		w->report(vdev_skipped(w->v, i), w->arg);
	for (int i = 0; i < vdev_nlost(w->v) && w->report; i++)
		w->report(vdev_lost(w->v, i), w->arg);
	rc += vdev_nlost(w->v);
	if (w->nomem)
		return vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
	{
		int n = load_vipas(w);

		if (n >= 0)
			n = load_recs(w);
		if (n < 0)
			return n;
	}
	w->unsure = 0;
	/* the writer is idle (writer_sync) */
	atomic_store(&w->q.count, db_count(w->dbfd));
	atomic_store(&w->q.foreign, 0);
	return rc;
}

/*
 * One event.  A route of a group without our source gets it at once; a
 * link or address change, a lost message, or a route a message cannot
 * settle asks for a full pass.  Routes outside every group are none of
 * ours (a source on them is someone else's choice).
 */
static void on_event(int type, const struct vnl_route *r, void *arg)
{
	struct watch *w = arg;
	const struct wvipa *p;
	char key[80];
	int f = 0, t;

	if (!r || (type != RTM_NEWROUTE && type != RTM_DELROUTE)) {
		w->epoch++;
		want_pass(w);
		return;
	}
	if (type == RTM_DELROUTE) {
		struct wroute *s;
		unsigned char a[16];

		/* a twin with another source going (one we deleted) leaves
		 * the route with ours as it was */
		if (vnl_route_family(r) == AF_INET && vnl_route_prefsrc(r, a) &&
		    !is_vipa_src(w, 0, a))
			return;
		route_key(r, key, sizeof(key));
		if ((s = find_route(w, key, 0)))
			s->ok = s->fights = 0;
		/* a route of a record of ours gone with our source: deleted on
		 * purpose, its record goes now; else a pass settles it (gone
		 * with the address, it puts the route back; deleted while the
		 * address is there, it drops the record) */
		if (s && s->rec && vnl_route_prefsrc(r, a) && is_vipa_src(w, f_of(r), a)) {
			if (!w->unsure && !w->rdonly && lock_for_patch(w) && drop_deleted(w, s, r))
				return;
			want_pass(w);
		}
		return;
	}
	if (!w->pending && !w->unsure && through_vipa(w, r)) {
		want_pass(w);
		return;
	}
	if (!(p = group_of(w, r, &f)))
		return;
	if (w->pending || w->unsure) {
		/* the pass sees the route in its dump; a patch from this
		 * message could come after the pass deleted the route (a
		 * twin) and hit the one left */
		unsigned char a[16];

		if (vnl_route_prefsrc(r, a) && !memcmp(a, p->src[f], f ? 16 : 4))
			track(w, p, f, r);
		return;
	}
	if (!(t = track(w, p, f, r))) {
		keep_msg(w, p, f, r);
		return;
	}
	if (t == 2 && lock_for_patch(w)) {
		drop_twin(w, p, f, r);
		return;
	}
	if (t == 1 && replaceable(r) && !w->rdonly && lock_for_patch(w)) {
		patch(w, p, f, r);
		return;
	}
	want_pass(w);
}

/* Wait up to @ms for an event.  Returns 1 if one is there, 0 if not (or
 * stopped), -VDEV_E_KERNEL on failure. */
static int wait_event(struct watch *w, int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int rc = poll(&p, 1, ms);

	if (rc < 0 && errno != EINTR)
		return vdev_seterr(w->v, VDEV_E_KERNEL, "cannot wait for rtnetlink events: %s",
				   strerror(errno));
	return rc > 0;
}

static int drain(struct watch *w, struct vnl *mon)
{
	int rc;

	vnl_nexthops_forget(w->v->nl);
	rc = vnl_monitor_drain(mon, on_event, w);
	commit(w);

	if (rc < 0)
		return vdev_seterr(w->v, VDEV_E_KERNEL, "%s", vnl_errmsg(mon));
	return rc;
}

/* One message read after a pass, kept for drain_after_pass. */
struct wmsg {
	int type;
	struct vnl_route *r;   /* NULL: not a route's */
	unsigned h;            /* the hash of its route (table, destination,
				* metric, TOS, nexthops, family) */
	int skip;
};

struct wmsgs {
	struct watch *w;
	struct wmsg *m;
	int n, cap;
};

/* The route of @r as one string: the same for the announcements of one
 * route, whatever its source. */
static unsigned route_hash(const struct vnl_route *r)
{
	char key[80], id[140];

	route_key(r, key, sizeof(key));
	snprintf(id, sizeof(id), "%s %d %d %llx", key, vnl_route_family(r), vnl_route_tos(r),
		 (unsigned long long)vnl_route_nexthops_hash(r));
	return key_hash(id);
}

static int same_route(const struct vnl_route *a, const struct vnl_route *b)
{
	char ka[80], kb[80];

	route_key(a, ka, sizeof(ka));
	route_key(b, kb, sizeof(kb));
	return !strcmp(ka, kb) && vnl_route_family(a) == vnl_route_family(b) &&
	       vnl_route_tos(a) == vnl_route_tos(b) &&
	       vnl_route_nexthops_hash(a) == vnl_route_nexthops_hash(b);
}

static void keep_msg_cb(int type, const struct vnl_route *r, void *arg)
{
	struct wmsgs *l = arg;
	struct wmsg *m;

	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 256;

		if (!(m = realloc(l->m, (size_t)cap * sizeof(*m)))) {
			l->w->nomem = 1;
			return;
		}
		l->m = m;
		l->cap = cap;
	}
	m = &l->m[l->n];
	memset(m, 0, sizeof(*m));
	m->type = type;
	if (r && (type == RTM_NEWROUTE || type == RTM_DELROUTE)) {
		if (!(m->r = vnl_route_dup(r))) {
			l->w->nomem = 1;
			return;
		}
		m->h = route_hash(r);
	}
	l->n++;
}

/*
 * What came during a pass: its own patches, and changes for the next.
 * An announcement of a route without our source that the pass patched
 * after it (a later announcement of the same route) is not patched
 * again: the pass saw it in its dump.  So every announcement of a route
 * but an added twin (NLM_F_APPEND) is read only if no later one of the
 * same route came in the same drain.
 */
static int drain_after_pass(struct watch *w, struct vnl *mon)
{
	struct wmsgs l = { w, NULL, 0, 0 };
	unsigned nb = 256;
	int *heads = NULL, *next = NULL, rc;

	vnl_nexthops_forget(w->v->nl);
	rc = vnl_monitor_drain(mon, keep_msg_cb, &l);
	while (nb < (unsigned)l.n * 2)
		nb *= 2;
	if (l.n && (!(heads = malloc(nb * sizeof(*heads))) ||
		    !(next = malloc((size_t)l.n * sizeof(*next)))))
		w->nomem = 1;
	if (heads && next) {
		for (unsigned i = 0; i < nb; i++)
			heads[i] = -1;
		/* newest first: a route seen already has a later announcement */
		for (int i = l.n - 1; i >= 0; i--) {
			struct wmsg *m = &l.m[i];
			unsigned b = m->h & (nb - 1);
			int seen = 0;

			if (!m->r)
				continue;
			for (int k = heads[b]; k >= 0 && !seen; k = next[k])
				seen = same_route(l.m[k].r, m->r);
			if (seen) {
				m->skip = m->type == RTM_NEWROUTE &&
					  !(vnl_route_nlflags(m->r) & NLM_F_APPEND);
				continue;
			}
			next[i] = heads[b];
			heads[b] = i;
		}
	}
	for (int i = 0; i < l.n; i++) {
		if (!l.m[i].skip)
			on_event(l.m[i].type, l.m[i].r, w);
		vnl_route_free(l.m[i].r);
	}
	free(l.m);
	free(heads);
	free(next);
	commit(w);
	if (rc < 0)
		return vdev_seterr(w->v, VDEV_E_KERNEL, "%s", vnl_errmsg(mon));
	return rc;
}

VIPA_EXPORT int vdev_watch(struct vdev *v, const char *name,
			   void (*report)(const char *line, void *arg), void *arg,
			   volatile sig_atomic_t *stop)
{
	struct watch w = { .v = v, .name = name, .report = report, .arg = arg };
	struct vnl *mon = NULL;
	unsigned groups = 1u << RTNLGRP_LINK | 1u << RTNLGRP_IPV4_IFADDR |
			  1u << RTNLGRP_IPV6_IFADDR | 1u << RTNLGRP_IPV4_ROUTE |
			  1u << RTNLGRP_IPV6_ROUTE;
	char db[4200];
	int rc = 0, n, failed = 0;

	w.dbfd = -1;
	w.lockfd = -1;
	rc = vnl_monitor_open(&mon, groups);
	if (rc < 0) {
		rc = vdev_seterr(v, rc == -EPERM ? VDEV_E_PERM : VDEV_E_KERNEL, "%s",
				 vnl_errmsg(mon));
		vnl_close(mon);
		return rc;
	}
	if ((rc = vdev_nl(v)) < 0) {
		vnl_close(mon);
		return rc;
	}
	snprintf(db, sizeof(db), "%s/cu.db", odm_dir(vdev_odm(v)));
	w.dbfd = open(db, O_RDONLY | O_CLOEXEC);
	snprintf(db, sizeof(db), "%s/.lock", odm_dir(vdev_odm(v)));
	w.lockfd = open(db, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if ((rc = writer_start(&w)) < 0) {
		vnl_close(mon);
		if (w.dbfd >= 0)
			close(w.dbfd);
		if (w.lockfd >= 0)
			close(w.lockfd);
		return rc;
	}
	/* Anything that changed before the socket listened. */
	w.relevant = 1;
	w.first = w.last = now_ms() - W_BURST_MS;
	v->hold = held;
	v->hold_arg = &w;
	while (!*stop) {
		long long t = now_ms(), due;
		int wait = W_TICK_MS;

		if (atomic_load(&w.q.failing))
			writer_sync(&w);
		writer_give(&w, 0);
		unlock_idle(&w, 0);
		if (w.lhead)
			wait = 1;	/* the writer's lock was taken: soon again */
		else if (w.locked)
			wait = 5;	/* the lock goes as soon as the writer is done */
		else if (w.yielded) {
			look_for_waiters(&w);
			if (w.yield) {
				wait = 5;	/* soon the command has it */
			} else {
				/* the command that waited has the lock (or is
				 * done): the pass for the routes it held up, at
				 * once (it waits for the command), not after a
				 * storm's burst */
				w.yielded = 0;
				w.relevant = 1;
				w.first = w.last = t - W_BURST_MS;
			}
		}

		if (w.restore_at) {
			if (w.restore_at <= t) {
				/* the daemons' time is up: the pass puts back
				 * what they did not */
				w.restore_at = 0;
				if (!w.relevant)
					w.first = w.last = t - W_BURST_MS;
				w.relevant = 1;
			} else if (w.restore_at - t < wait) {
				wait = (int)(w.restore_at - t);
			}
		}

		for (int i = 0; i < 256; i++) {
			if (!w.proto[i].held)
				continue;
			if (w.proto[i].until <= t) {
				/* a back-off ended: its routes get the source again */
				w.proto[i].held = 0;
				if (!w.relevant)
					w.first = w.last = t - W_BURST_MS;
				w.relevant = 1;
			} else if (w.proto[i].until - t < wait) {
				wait = (int)(w.proto[i].until - t);
			}
		}
		if (w.relevant) {
			due = w.last + W_QUIET_MS < w.first + W_BURST_MS ? w.last + W_QUIET_MS
									 : w.first + W_BURST_MS;
			if (due <= t) {
				/* What came before it: the pass sees it. */
				w.pending = 1;
				n = drain(&w, mon);
				w.pending = 0;
				if (n < 0) {
					rc = n;
					break;
				}
				/* the pass reads and writes the records itself */
				writer_sync(&w);
				unlock_idle(&w, 1);
				w.relevant = 0;
				/* it settles the routes held up for a waiting
				 * command too: no more looking out for its turn
				 * (a waiter that stays would have the loop wake
				 * every millisecond) */
				w.yielded = 0;
				rc = run_pass(&w);
				if (report)
					report(NULL, arg);	/* the end of a pass */
				/* What came during the pass: its own patches
				 * (nothing to do), or changes for the next. */
				look_for_waiters(&w);
				if ((n = drain_after_pass(&w, mon)) < 0) {
					rc = n;
					break;
				}
				if (rc < 0) {
					if (failed++)
						break;
					w.relevant = 1;	/* try once more */
					w.first = w.last = now_ms() - W_BURST_MS;
				} else {
					failed = 0;
				}
				continue;
			}
			if (due - t < wait)
				wait = (int)(due - t);
		}
		if ((rc = wait_event(&w, vnl_monitor_fd(mon), wait)) < 0)
			break;
		if (!rc || *stop)
			continue;
		if (db_changed(&w)) {
			/* a command changed the database: the groups and the
			 * saved sources may be others now */
			w.relevant = 1;
			w.first = w.last = now_ms() - W_BURST_MS;
			continue;
		}
		look_for_waiters(&w);
		if ((rc = drain(&w, mon)) < 0)
			break;
		if (w.nomem) {
			rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
			break;
		}
	}
	writer_stop(&w);
	unlock_idle(&w, 1);
	if (w.lockfd >= 0)
		close(w.lockfd);
	v->hold = NULL;
	v->hold_arg = NULL;
	vnl_close(mon);
	for (int i = 0; i < w.nr; i++)
		free(w.r[i].msg);
	free(w.r);
	free(w.heads);
	free_vipas(&w);
	free(w.u);
	if (w.dbfd >= 0)
		close(w.dbfd);
	return rc < 0 ? rc : 0;
}
