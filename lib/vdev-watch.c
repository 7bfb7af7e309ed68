/*
 * vdev-watch.c - cfgif -w: run the reconcile again after each burst of
 * link, address and route changes the kernel announces, and stop patching
 * a route that something keeps rewriting without our source.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/rtnetlink.h>

#include "odm.h"
#include "vdev-internal.h"
#include "vnl.h"

#define W_QUIET_MS 200        /* a burst ends after this long without events */
#define W_BURST_MS 1000       /* ... or after this long in all */
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
	int fights;            /* rewrites without it right after, in a row */
	int next;              /* hash chain */
};

/* One VIPA as the last pass left it: its sources and its group. */
struct wvipa {
	char name[16];
	int has[2];            /* 0: IPv4, 1: IPv6 */
	unsigned char src[2][16];
	int ifidx[VDEV_MAXIF];
	int nifidx;
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
	int relevant;          /* an event of the burst asks for a pass */
	int nomem;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

	if (!name)
		return 0;
	if (!(n = realloc(l->n, (size_t)(l->count + 1) * sizeof(*n))))
		return -VDEV_E_NOMEM;
	l->n = n;
	snprintf(l->n[l->count++], 16, "%s", name);
	return 0;
}

/* Read the VIPAs in service, their sources and interfaces, as the pass
 * just made them.  Returns 0 or -VDEV_E_*. */
static int load_vipas(struct watch *w)
{
	struct names l = { NULL, 0 };
	struct vcfg c;
	int rc;

	w->nvi = 0;
	rc = odm_get_q(vdev_odm(w->v), "CuDv", "PdDvLn = '" VDEV_UNIQUETYPE "' and status = 1",
		       name_cb, &l);
	if (rc < 0) {
		free(l.n);
		return rc == -VDEV_E_NOMEM ? vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory")
					   : vdev_odm_err(w->v, rc);
	}
	free(w->vi);
	w->vi = calloc((size_t)l.count + 1, sizeof(*w->vi));
	if (!w->vi) {
		free(l.n);
		return vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
	}
	for (int i = 0; i < l.count; i++) {
		struct wvipa *p = &w->vi[w->nvi];

		if (w->name && strcmp(w->name, l.n[i]))
			continue;
		if ((rc = vdev_load_cfg(w->v, l.n[i], &c)) < 0)
			break;
		if (!c.want_up || !(c.has4 || c.has6))
			continue;
		memset(p, 0, sizeof(*p));
		snprintf(p->name, sizeof(p->name), "%s", c.name);
		p->has[0] = c.has4;
		p->has[1] = c.has6;
		memcpy(p->src[0], c.src4.a, 16);
		memcpy(p->src[1], c.src6.a, 16);
		for (int k = 0; k < c.nifs; k++) {
			struct vnl_link lk;

			if (vnl_link_get(w->v->nl, c.ifs[k], &lk) == 0)
				p->ifidx[p->nifidx++] = lk.index;
		}
		if (p->nifidx)
			w->nvi++;
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

/* ---- the loop guard ---------------------------------------------------- */

static const char *proto_name(int proto, char *buf, size_t len)
{
	switch (proto) {
	case RTPROT_BOOT: return "boot";
	case RTPROT_STATIC: return "static";
	case RTPROT_RA: return "ra";
	case RTPROT_DHCP: return "dhcp";
	case RTPROT_ZEBRA: return "zebra";
	case RTPROT_BIRD: return "bird";
	case 186: return "bgp";
	case 187: return "isis";
	case 188: return "ospf";
	case 189: return "rip";
	case 192: return "eigrp";
	case 196: return "frr static";
	default: break;
	}
	snprintf(buf, len, "%d", proto);
	return buf;
}

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
	const char *pn = proto_name(proto, pb, sizeof(pb));
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
	else if (proto == RTPROT_ZEBRA || (proto >= 186 && proto <= 196))
		snprintf(how, sizeof(how),
			 "set it in FRR: a route-map with set src %s, which works only wired up with "
			 "ip protocol %s route-map NAME", src, proto >= 186 ? pn : "any");
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
 * more rewrite of a fight.  Returns 1 if the route needs our source.
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
		s->nh = nh;
		s->proto = proto;
		return 0;
	}
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
	int rc = vdev_cfgif(w->v, w->name, 0, pass_line, w);

	if (rc < 0)
		return rc;
	for (int i = 0; i < vdev_nwarnings(w->v) && w->report; i++) {
		snprintf(line, sizeof(line), "warning: %s", vdev_warning(w->v, i));
		w->report(line, w->arg);
	}
	for (int i = 0; i < vdev_nlost(w->v) && w->report; i++)
		w->report(vdev_lost(w->v, i), w->arg);
	rc += vdev_nlost(w->v);
	if (w->nomem)
		return vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
	{
		int n = load_vipas(w);

		if (n < 0)
			return n;
	}
	return rc;
}

/* Does this event ask for a pass?  Not a route of a group that has our
 * source, nor one of a daemon in back-off. */
static void on_event(int type, const struct vnl_route *r, void *arg)
{
	struct watch *w = arg;
	const struct wvipa *p;
	char key[80];
	int f = 0;

	if (!r || (type != RTM_NEWROUTE && type != RTM_DELROUTE)) {
		w->relevant = 1;
		return;
	}
	if (type == RTM_DELROUTE) {
		struct wroute *s;

		route_key(r, key, sizeof(key));
		if ((s = find_route(w, key, 0)))
			s->ok = s->fights = 0;
		return;
	}
	if (!(p = group_of(w, r, &f))) {
		unsigned char a[16];

		/* a route outside every group: only one that carries a
		 * source may be one of ours to give back */
		if (vnl_route_prefsrc(r, a))
			w->relevant = 1;
		return;
	}
	if (track(w, p, f, r))
		w->relevant = 1;
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

static int drain(struct watch *w, struct vnl *mon, int keep)
{
	int rc = vnl_monitor_drain(mon, keep ? on_event : NULL, w);

	if (rc < 0)
		return vdev_seterr(w->v, VDEV_E_KERNEL, "%s", vnl_errmsg(mon));
	return rc;
}

/* Read the burst until it is quiet for W_QUIET_MS (at most @max ms). */
static int settle(struct watch *w, struct vnl *mon, int max, volatile sig_atomic_t *stop)
{
	long long start = now_ms();
	int rc;

	while (!*stop && now_ms() - start < max) {
		if ((rc = wait_event(w, vnl_monitor_fd(mon), W_QUIET_MS)) < 0)
			return rc;
		if (!rc)
			break;
		if ((rc = drain(w, mon, 1)) < 0)
			return rc;
	}
	return 0;
}

VDEV_PUBLIC int vdev_watch(struct vdev *v, const char *name,
			    void (*report)(const char *line, void *arg), void *arg,
			    volatile sig_atomic_t *stop)
{
	struct watch w = { .v = v, .name = name, .report = report, .arg = arg };
	struct vnl *mon = NULL;
	unsigned groups = 1u << RTNLGRP_LINK | 1u << RTNLGRP_IPV4_IFADDR |
			  1u << RTNLGRP_IPV6_IFADDR | 1u << RTNLGRP_IPV4_ROUTE |
			  1u << RTNLGRP_IPV6_ROUTE;
	int rc = 0, n, failed = 0;

	rc = vnl_monitor_open(&mon, groups);
	if (rc < 0) {
		rc = vdev_seterr(v, rc == -EPERM ? VDEV_E_PERM : VDEV_E_KERNEL, "%s",
				 vnl_errmsg(mon));
		vnl_close(mon);
		return rc;
	}
	/* Anything that changed before the socket listened. */
	w.relevant = 1;
	v->hold = held;
	v->hold_arg = &w;
	while (!*stop) {
		for (int i = 0; i < 256; i++)
			if (w.proto[i].held && w.proto[i].until <= now_ms()) {
				/* a back-off ended: its routes get the source again */
				w.proto[i].held = 0;
				w.relevant = 1;
			}
		if (!w.relevant) {
			if ((rc = wait_event(&w, vnl_monitor_fd(mon), W_TICK_MS)) < 0)
				break;
			if (!rc || *stop)
				continue;
			if ((rc = drain(&w, mon, 1)) < 0)
				break;
		}
		if ((rc = settle(&w, mon, W_BURST_MS, stop)) < 0)
			break;
		if (!w.relevant || *stop)
			continue;
		w.relevant = 0;
		rc = run_pass(&w);
		if (report)
			report(NULL, arg);	/* the end of a pass */
		/* What came during the pass counts for the next one: a pass
		 * that changed nothing caused no event; the events of one that
		 * did (but its own route sources) start one more, which finds
		 * nothing to do unless something else changed meanwhile. */
		if ((n = drain(&w, mon, 1)) < 0) {
			rc = n;
			break;
		}
		if (rc < 0) {
			if (failed++)
				break;
			w.relevant = 1;	/* try once more */
			continue;
		}
		failed = 0;
	}
	v->hold = NULL;
	v->hold_arg = NULL;
	vnl_close(mon);
	free(w.r);
	free(w.heads);
	free(w.vi);
	return rc < 0 ? rc : 0;
}
