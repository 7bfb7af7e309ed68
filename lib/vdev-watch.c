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

#include "vdev-internal.h"
#include "vnl.h"

#define W_QUIET_MS 200        /* a burst ends after this long without events */
#define W_BURST_MS 1000       /* ... or after this long in all */
#define W_TICK_MS 250         /* how often the stop flag is looked at */
#define W_GUARD_MAX 5         /* patches of one route allowed ... */
#define W_GUARD_WINDOW 60000  /* ... within this many ms */
#define W_BACKOFF 600000      /* ms a route is left alone after that */
#define W_MAXSRC 64           /* sources we set, to know our own events */

/* One route we patched: table, destination and metric. */
struct wroute {
	uint32_t table, metric;
	char dst[64];          /* "10.1.0.0/16" */
	char vipa[16];
	char src[64];          /* the source we set */
	long long hits[W_GUARD_MAX + 1];
	int nhits;
	long long until;       /* left alone until then (0: not) */
};

struct watch {
	struct vdev *v;
	const char *name;
	void (*report)(const char *line, void *arg);
	void *arg;
	struct wroute *r;
	int nr, cap;
	char src[W_MAXSRC][64];
	int nsrc;
	int relevant;          /* an event of the burst asks for a pass */
	int nomem;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct wroute *find_route(struct watch *w, const char *dst, uint32_t table,
				 uint32_t metric)
{
	for (int i = 0; i < w->nr; i++)
		if (w->r[i].table == table && w->r[i].metric == metric &&
		    strcmp(w->r[i].dst, dst) == 0)
			return &w->r[i];
	return NULL;
}

static void add_src(struct watch *w, const char *src)
{
	for (int i = 0; i < w->nsrc; i++)
		if (strcmp(w->src[i], src) == 0)
			return;
	if (w->nsrc < W_MAXSRC)
		snprintf(w->src[w->nsrc++], sizeof(w->src[0]), "%s", src);
}

/*
 * Count a patch reported as "NAME: route DST[ dev X] table T[ metric M]:
 * source S"; the one that goes over the limit puts the route in back-off
 * and says so.
 */
static void count_patch(struct watch *w, const char *line)
{
	char vipa[16], dst[64], src[64], met[32] = "", msg[512];
	const char *p, *end;
	unsigned long table, metric = 0;
	struct wroute *r;
	long long t = now_ms();
	int n = 0;

	if (sscanf(line, "%15[^:]: route %63s", vipa, dst) != 2 ||
	    !(end = strstr(line, ": source ")) || strstr(end, "(restored)") ||
	    sscanf(end, ": source %63s", src) != 1)
		return;
	if (!(p = strstr(line, " table ")) || p > end || sscanf(p, " table %lu", &table) != 1)
		return;
	if ((p = strstr(line, " metric ")) && p < end)
		sscanf(p, " metric %lu", &metric);
	add_src(w, src);
	r = find_route(w, dst, (uint32_t)table, (uint32_t)metric);
	if (!r) {
		if (w->nr == w->cap) {
			int cap = w->cap ? 2 * w->cap : 16;
			struct wroute *nr = realloc(w->r, (size_t)cap * sizeof(*nr));

			if (!nr) {
				w->nomem = 1;
				return;
			}
			w->r = nr;
			w->cap = cap;
		}
		r = &w->r[w->nr++];
		memset(r, 0, sizeof(*r));
		r->table = (uint32_t)table;
		r->metric = (uint32_t)metric;
		snprintf(r->dst, sizeof(r->dst), "%s", dst);
	}
	snprintf(r->vipa, sizeof(r->vipa), "%s", vipa);
	snprintf(r->src, sizeof(r->src), "%s", src);
	if (r->until > t)
		return;		/* patched by a pass other events asked for */
	r->until = 0;
	/* the window: keep the patches of the last W_GUARD_WINDOW ms */
	for (int i = 0; i < r->nhits; i++)
		if (t - r->hits[i] < W_GUARD_WINDOW)
			r->hits[n++] = r->hits[i];
	r->nhits = n;
	if (r->nhits == W_GUARD_MAX + 1)
		memmove(r->hits, r->hits + 1, W_GUARD_MAX * sizeof(r->hits[0])), r->nhits--;
	r->hits[r->nhits++] = t;
	if (r->nhits <= W_GUARD_MAX)
		return;
	r->until = t + W_BACKOFF;
	r->nhits = 0;
	if (r->metric)
		snprintf(met, sizeof(met), " metric %u", r->metric);
	snprintf(msg, sizeof(msg),
		 "%s: route %s table %u%s keeps losing its source (a routing daemon "
		 "rewrites it); set the source in the daemon (bird: krt_prefsrc = %s; FRR: "
		 "set src %s)", r->vipa, r->dst, r->table, met, r->src, r->src);
	if (w->report)
		w->report(msg, w->arg);
}

/* vdev's hold hook: a route in back-off does not get the VIPA source. */
static int held(const char *dst, uint32_t table, uint32_t metric, void *arg)
{
	struct wroute *r = find_route(arg, dst, table, metric);

	return r && r->until > now_ms();
}

static void pass_line(const char *line, void *arg)
{
	struct watch *w = arg;

	if (w->report)
		w->report(line, w->arg);
	count_patch(w, line);
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
	if (w->nomem)
		return vdev_seterr(w->v, VDEV_E_NOMEM, "out of memory");
	return rc + vdev_nlost(w->v);
}

/* Does this event ask for a pass?  Not our own patch (a route carrying a
 * source we set), and not a route left alone. */
static void on_event(int type, const struct vnl_route *r, void *arg)
{
	struct watch *w = arg;
	unsigned char a[16];
	char dst[64], buf[INET6_ADDRSTRLEN];
	int plen;

	if (w->relevant)
		return;
	if (!r || (type != RTM_NEWROUTE && type != RTM_DELROUTE)) {
		w->relevant = 1;
		return;
	}
	if (type == RTM_NEWROUTE && vnl_route_prefsrc(r, a) &&
	    vnl_ntop(vnl_route_family(r), a, buf, sizeof(buf))) {
		for (int i = 0; i < w->nsrc; i++)
			if (strcmp(w->src[i], buf) == 0)
				return;
	}
	plen = vnl_route_dst(r, a);
	if (vnl_ntop(vnl_route_family(r), a, buf, sizeof(buf))) {
		struct wroute *wr;

		snprintf(dst, sizeof(dst), "%s/%d", buf, plen);
		wr = find_route(w, dst, vnl_route_table(r), vnl_route_priority(r));
		if (wr && wr->until > now_ms())
			return;
	}
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
	return rc < 0 ? rc : 0;
}
