/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vnl-route.c - routes and nexthop objects of the rtnetlink layer: the
 * route dump, a route's fields, the output interfaces of its nexthops,
 * RTA_PREFSRC set with NLM_F_REPLACE, and the kernel's route lookup.
 * The socket, sending and receiving are vnl.c's (vnl-private.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "vnl.h"
#include "vnl-internal.h"
#include "vnl-private.h"

/* RTNH_NEXT, through void *: nexthops are RTNH_ALIGNed (4 bytes) in the
 * attribute, so the cast from char * that clang's -Wcast-align flags in the
 * kernel's macro is safe. */
#define vnl_rtnh_next(nh) ((__typeof__(nh))(void *)((char *)(nh) + RTNH_ALIGN((nh)->rtnh_len)))

/* ---- routes ---- */

static const struct rtmsg *vnl_rtm(const struct vnl_route *r)
{
	return mnl_nlmsg_get_payload(&r->nlh);
}

static void vnl_route_parse(const struct vnl_route *r, const struct nlattr **tb)
{
	vnl_parse(&r->nlh, sizeof(struct rtmsg), tb, RTA_MAX);
}

/* What identifies a route in an NLM_F_REPLACE request. */
struct vnl_rkey {
	uint32_t table, prio;
	uint8_t family, dst_len, src_len, tos;
	int ecmp;		/* IPv6: can join a multipath route */
	unsigned char dst[16], src[16];
};

static void vnl_rkey_get(const struct vnl_route *r, struct vnl_rkey *k)
{
	const struct rtmsg *m = mnl_nlmsg_get_payload(&r->nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	int alen = vnl_alen(m->rtm_family);

	memset(k, 0, sizeof(*k));
	vnl_parse(&r->nlh, sizeof(*m), tb, RTA_MAX);
	k->table = tb[RTA_TABLE] ? vnl_u32(tb[RTA_TABLE]) : m->rtm_table;
	k->prio = vnl_u32(tb[RTA_PRIORITY]);
	k->family = m->rtm_family;
	k->dst_len = m->rtm_dst_len;
	k->src_len = m->rtm_src_len;
	k->tos = m->rtm_tos;
	if (tb[RTA_DST] && mnl_attr_get_payload_len(tb[RTA_DST]) == alen)
		memcpy(k->dst, mnl_attr_get_payload(tb[RTA_DST]), (size_t)alen);
	if (tb[RTA_SRC] && mnl_attr_get_payload_len(tb[RTA_SRC]) == alen)
		memcpy(k->src, mnl_attr_get_payload(tb[RTA_SRC]), (size_t)alen);
	/* fib6_qualify_for_ecmp(): a gateway, no nexthop object, not from
	 * a router advertisement. */
	k->ecmp = m->rtm_family == AF_INET6 && !tb[RTA_NH_ID] &&
		  m->rtm_protocol != RTPROT_RA && (tb[RTA_MULTIPATH] || tb[RTA_GATEWAY]);
}

static int vnl_rkey_same(const struct vnl_rkey *a, const struct vnl_rkey *b)
{
	return a->table == b->table && a->family == b->family && a->dst_len == b->dst_len &&
	       a->src_len == b->src_len && !memcmp(a->dst, b->dst, sizeof(a->dst)) &&
	       !memcmp(a->src, b->src, sizeof(a->src));
}

/*
 * With NLM_F_REPLACE the kernel replaces the FIRST route of the same
 * table, prefix and metric (and TOS for IPv4), whatever its device:
 * IPv4 when several were added with NLM_F_APPEND (two connected routes
 * for one subnet), IPv6 when several without gateway share a prefix
 * (fe80::/64 on every link).  IPv6 multipath-capable routes form one
 * group of their own.  A dump lists them in the kernel's order, so a
 * route's rank among them tells whether NLM_F_REPLACE would hit it (0).
 */
static int vnl_route_rank(struct vnl_route **v, struct vnl_rkey *k, size_t n)
{
	/* The routes of one table and prefix are next to each other; each
	 * takes the count of those before it in the group with its metric
	 * (ECMP-ness, IPv4 TOS), kept per kind: a group of thousands (the
	 * ff00::/8 route of every link in the local table) costs no square. */
	struct kind {
		uint32_t prio, count;
		int ecmp;
		uint8_t tos;
	} *c = NULL;
	size_t nc, cap = 0;

	for (size_t i = 0; i < n; i++)
		vnl_rkey_get(v[i], &k[i]);
	for (size_t i = 0, j; i < n; i = j) {
		nc = 0;
		for (j = i; j < n && (j == i || vnl_rkey_same(&k[j], &k[i])); j++) {
			uint8_t tos = k[j].family == AF_INET ? k[j].tos : 0;
			size_t m;

			for (m = 0; m < nc; m++)
				if (c[m].prio == k[j].prio && c[m].ecmp == k[j].ecmp && c[m].tos == tos)
					break;
			if (m == nc) {
				if (nc == cap) {
					struct kind *nk = realloc(c, (cap ? 2 * cap : 8) * sizeof(*c));

					if (!nk) {
						free(c);
						return -ENOMEM;
					}
					c = nk;
					cap = cap ? 2 * cap : 8;
				}
				c[nc++] = (struct kind){ k[j].prio, 0, k[j].ecmp, tos };
			}
			v[j]->rank = k[j].ecmp ? 0 : c[m].count;
			c[m].count++;
		}
	}
	free(c);
	return 0;
}

struct vnl_ifname {
	int index;
	char name[IF_NAMESIZE];
};

static int vnl_ifname_cmp(const void *a, const void *b)
{
	const struct vnl_ifname *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

struct vnl_ifnames {
	struct vnl_ifname *v;
	size_t n, cap;
};

static int vnl_ifname_cb(const struct vnl_link *l, void *arg)
{
	struct vnl_ifnames *t = arg;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		struct vnl_ifname *p = realloc(t->v, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		t->v = p;
		t->cap = cap;
	}
	t->v[t->n].index = l->index;
	memcpy(t->v[t->n].name, l->name, sizeof(t->v[t->n].name));
	t->n++;
	return 0;
}

/* Give each route the name of its RTA_OIF link (none if that fails). */
void vnl_route_names(struct vnl *nl, struct vnl_route **v, size_t n)
{
	struct vnl_ifnames t = { NULL, 0, 0 };
	struct vnl_ifname key, *hit;

	if (vnl_link_list(nl, vnl_ifname_cb, &t) == 0 && t.n > 0) {
		qsort(t.v, t.n, sizeof(*t.v), vnl_ifname_cmp);
		for (size_t i = 0; i < n && t.n; i++) {
			const struct nlattr *tb[RTA_MAX + 1];

			vnl_route_parse(v[i], tb);
			if (!tb[RTA_OIF])
				continue;
			key.index = (int)vnl_u32(tb[RTA_OIF]);
			hit = bsearch(&key, t.v, t.n, sizeof(*t.v), vnl_ifname_cmp);
			if (hit)
				memcpy(v[i]->oifname, hit->name, sizeof(hit->name));
		}
	}
	free(t.v);
}

int vnl_route_dump(struct vnl *nl, int family,
		   int (*fn)(const struct vnl_route *r, void *arg), void *arg)
{
	struct vnl_arena ar = { .prefix = VNL_ROUTE_HDR };
	struct vnl_route **v = NULL;
	struct vnl_rkey *k = NULL;
	const struct nlmsghdr *nlh;
	struct nlmsghdr *req;
	struct rtmsg *rtm;
	size_t off, n = 0;
	int err;

	nl->ext[0] = '\0';
	/* Nexthop objects may have changed since the last dump. */
	vnl_nh_drop(nl);
	req = vnl_put_header(nl, RTM_GETROUTE, NLM_F_DUMP);
	rtm = mnl_nlmsg_put_extra_header(req, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	err = vnl_dump(nl, &ar);
	if (err) {
		free(ar.buf);
		return vnl_fail(nl, err, "listing routes");
	}
	vnl_arena_for_each(nlh, &ar, off)
		n++;
	v = calloc(n + 1, sizeof(*v));
	k = calloc(n + 1, sizeof(*k));
	if (!v || !k) {
		err = vnl_fail(nl, -ENOMEM, "listing routes");
		goto out;
	}
	n = 0;
	vnl_arena_for_each(nlh, &ar, off) {
		const struct rtmsg *m = mnl_nlmsg_get_payload(nlh);

		if (nlh->nlmsg_type != RTM_NEWROUTE ||
		    mnl_nlmsg_get_payload_len(nlh) < sizeof(*m) || m->rtm_flags & RTM_F_CLONED)
			continue;
		if (!vnl_alen(m->rtm_family) || (family != AF_UNSPEC && m->rtm_family != family))
			continue;
		v[n++] = (void *)(ar.buf + off);
	}
	if (vnl_route_rank(v, k, n) < 0) {
		err = vnl_fail(nl, -ENOMEM, "listing routes");
		goto out;
	}
	/* The routes of one table and prefix are next to each other. */
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && vnl_rkey_same(&k[j], &k[i]); j++)
			;
		for (size_t m = i; m < j; m++) {
			v[m]->group = v + i;
			v[m]->ngroup = (uint32_t)(j - i);
		}
	}
	free(k);
	k = NULL;
	vnl_route_names(nl, v, n);
	for (size_t i = 0; i < n; i++) {
		err = fn(v[i], arg);
		if (err)
			break;
	}
out:
	free(k);
	free(v);
	free(ar.buf);
	return err;
}

struct vnl_route *vnl_route_dup(const struct vnl_route *r)
{
	size_t sz = VNL_ROUTE_HDR + r->nlh.nlmsg_len;
	struct vnl_route *c = malloc(sz);

	if (c) {
		memcpy(c, r, sz);
		c->group = NULL;	/* the dump's, gone with it */
		c->ngroup = 0;
	}
	return c;
}

void vnl_route_free(struct vnl_route *r)
{
	free(r);
}

int vnl_route_family(const struct vnl_route *r)
{
	return vnl_rtm(r)->rtm_family;
}

uint32_t vnl_route_table(const struct vnl_route *r)
{
	const struct nlattr *tb[RTA_MAX + 1];

	vnl_route_parse(r, tb);
	return tb[RTA_TABLE] ? vnl_u32(tb[RTA_TABLE]) : vnl_rtm(r)->rtm_table;
}

int vnl_route_type(const struct vnl_route *r)
{
	return vnl_rtm(r)->rtm_type;
}

int vnl_route_protocol(const struct vnl_route *r)
{
	return vnl_rtm(r)->rtm_protocol;
}

int vnl_route_scope(const struct vnl_route *r)
{
	return vnl_rtm(r)->rtm_scope;
}

uint32_t vnl_route_priority(const struct vnl_route *r)
{
	const struct nlattr *tb[RTA_MAX + 1];

	vnl_route_parse(r, tb);
	return vnl_u32(tb[RTA_PRIORITY]);
}

uint32_t vnl_route_nhid(const struct vnl_route *r)
{
	const struct nlattr *tb[RTA_MAX + 1];

	vnl_route_parse(r, tb);
	return vnl_u32(tb[RTA_NH_ID]);
}

/* Copy an address attribute of the route's family; 1 if present. */
static int vnl_route_addr(const struct vnl_route *r, const struct nlattr *a, void *out)
{
	int alen = vnl_alen(vnl_rtm(r)->rtm_family);

	if (out)
		memset(out, 0, (size_t)alen);
	if (!a || mnl_attr_get_payload_len(a) != (uint16_t)alen)
		return 0;
	if (out)
		memcpy(out, mnl_attr_get_payload(a), (size_t)alen);
	return 1;
}

int vnl_route_dst(const struct vnl_route *r, void *addr16_out)
{
	const struct nlattr *tb[RTA_MAX + 1];

	vnl_route_parse(r, tb);
	vnl_route_addr(r, tb[RTA_DST], addr16_out);
	return vnl_rtm(r)->rtm_dst_len;
}

int vnl_route_prefsrc(const struct vnl_route *r, void *addr16_out)
{
	const struct nlattr *tb[RTA_MAX + 1];

	vnl_route_parse(r, tb);
	return vnl_route_addr(r, tb[RTA_PREFSRC], addr16_out);
}

int vnl_route_tos(const struct vnl_route *r)
{
	return vnl_rtm(r)->rtm_tos;
}

int vnl_route_same_but_src(const struct vnl_route *a, const struct vnl_route *b)
{
	struct vnl_rkey x, y;

	vnl_rkey_get(a, &x);
	vnl_rkey_get(b, &y);
	return vnl_rkey_same(&x, &y) && x.prio == y.prio && x.tos == y.tos &&
	       vnl_rtm(a)->rtm_type == vnl_rtm(b)->rtm_type &&
	       vnl_route_nexthops_hash(a) == vnl_route_nexthops_hash(b);
}

const struct vnl_route *vnl_route_twin(const struct vnl_route *r, int i)
{
	for (uint32_t m = 0; m < r->ngroup; m++) {
		const struct vnl_route *t = r->group[m];

		if (t != r && vnl_route_same_but_src(r, t) && i-- == 0)
			return t;
	}
	return NULL;
}

const struct vnl_route *vnl_route_sibling(const struct vnl_route *r, int i)
{
	for (uint32_t m = 0; m < r->ngroup; m++)
		if (r->group[m] != r && i-- == 0)
			return r->group[m];
	return NULL;
}

int vnl_route_format(const struct vnl_route *r, char *buf, size_t len)
{
	const struct nlattr *tb[RTA_MAX + 1];
	char a[INET6_ADDRSTRLEN], dev[IF_NAMESIZE + 8] = "", metric[24] = "";
	unsigned char dst[16];
	uint32_t table;

	vnl_route_parse(r, tb);
	vnl_route_addr(r, tb[RTA_DST], dst);
	table = tb[RTA_TABLE] ? vnl_u32(tb[RTA_TABLE]) : vnl_rtm(r)->rtm_table;
	if (!vnl_ntop(vnl_rtm(r)->rtm_family, dst, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	if (tb[RTA_NH_ID]) {
		snprintf(dev, sizeof(dev), " nhid %u", vnl_u32(tb[RTA_NH_ID]));
	} else if (tb[RTA_OIF]) {
		char name[IF_NAMESIZE];

		if (r->oifname[0])
			snprintf(dev, sizeof(dev), " dev %s", r->oifname);
		else if (if_indextoname(vnl_u32(tb[RTA_OIF]), name))
			snprintf(dev, sizeof(dev), " dev %s", name);
		else
			snprintf(dev, sizeof(dev), " dev #%u", vnl_u32(tb[RTA_OIF]));
	}
	if (tb[RTA_PRIORITY])
		snprintf(metric, sizeof(metric), " metric %u", vnl_u32(tb[RTA_PRIORITY]));
	return snprintf(buf, len, "%s/%d%s table %u%s", a, vnl_rtm(r)->rtm_dst_len, dev, table,
			metric);
}

/* ---- nexthop objects ---- */

static int vnl_nh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vnl *nl = data;
	const struct nlattr *tb[NHA_MAX + 1];
	struct vnl_nh *n;

	if (nlh->nlmsg_type != RTM_NEWNEXTHOP)
		return 0;
	vnl_parse(nlh, sizeof(struct nhmsg), tb, NHA_MAX);
	if (!tb[NHA_ID])
		return 0;
	n = realloc(nl->nh, (nl->nnh + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	nl->nh = n;
	n = &nl->nh[nl->nnh++];
	memset(n, 0, sizeof(*n));
	n->id = vnl_u32(tb[NHA_ID]);
	n->oif = (int)vnl_u32(tb[NHA_OIF]);
	if (tb[NHA_GROUP]) {
		const struct nexthop_grp *g = mnl_attr_get_payload(tb[NHA_GROUP]);
		int cnt = mnl_attr_get_payload_len(tb[NHA_GROUP]) / sizeof(*g);

		n->grp = calloc((size_t)cnt + 1, sizeof(*n->grp));
		if (!n->grp)
			return -ENOMEM;
		for (int i = 0; i < cnt; i++)
			n->grp[i] = g[i].id;
		n->ngrp = cnt;
	}
	return 0;
}

static int vnl_nh_load(struct vnl *nl)
{
	struct vnl_arena ar = { 0 };
	const struct nlmsghdr *nlh;
	struct nlmsghdr *req;
	struct nhmsg *nhm;
	size_t off;
	int err;

	vnl_nh_drop(nl);
	req = vnl_put_header(nl, RTM_GETNEXTHOP, NLM_F_DUMP);
	nhm = mnl_nlmsg_put_extra_header(req, sizeof(*nhm));
	nhm->nh_family = AF_UNSPEC;
	err = vnl_dump(nl, &ar);
	vnl_arena_for_each(nlh, &ar, off) {
		if (err)
			break;
		err = vnl_nh_cb(nlh, nl);
	}
	free(ar.buf);
	if (err)
		return vnl_fail(nl, err, "listing nexthop objects");
	nl->nh_loaded = 1;
	return 0;
}

static const struct vnl_nh *vnl_nh_find(const struct vnl *nl, uint32_t id)
{
	for (size_t i = 0; i < nl->nnh; i++)
		if (nl->nh[i].id == id)
			return &nl->nh[i];
	return NULL;
}

struct vnl_oifs {
	int *v;
	int max, n;
};

static void vnl_oifs_add(struct vnl_oifs *o, int ifindex)
{
	int i;

	if (ifindex <= 0)
		return;
	for (i = 0; i < o->n && i < o->max; i++)
		if (o->v[i] == ifindex)
			return;
	if (o->n < o->max)
		o->v[o->n] = ifindex;
	o->n++;
}

static int vnl_nh_oifs(struct vnl *nl, uint32_t id, struct vnl_oifs *o, int depth)
{
	const struct vnl_nh *n = vnl_nh_find(nl, id);
	int err;

	if (!n && nl->nh_loaded) {
		/* Made after our copy: read them again. */
		err = vnl_nh_load(nl);
		if (err)
			return err;
		n = vnl_nh_find(nl, id);
	}
	if (!n) {
		nl->ext[0] = '\0';
		return vnl_fail(nl, -ENOENT, "reading nexthop object %u", id);
	}
	vnl_oifs_add(o, n->oif);
	if (depth > 4)
		return 0;
	for (int i = 0; i < n->ngrp; i++) {
		/* n may move when the cache is reloaded: read the id first. */
		uint32_t m = n->grp[i];

		err = vnl_nh_oifs(nl, m, o, depth + 1);
		if (err)
			return err;
		n = vnl_nh_find(nl, id);
		if (!n)
			break;
	}
	return 0;
}

int vnl_route_oifs(struct vnl *nl, const struct vnl_route *r, int *ifindexes, int max)
{
	const struct nlattr *tb[RTA_MAX + 1];
	struct vnl_oifs o = { ifindexes, max, 0 };

	switch (vnl_rtm(r)->rtm_type) {
	case RTN_BLACKHOLE:
	case RTN_UNREACHABLE:
	case RTN_PROHIBIT:
	case RTN_THROW:
		return 0;	/* IPv6 reports lo for these */
	default:
		break;
	}
	vnl_route_parse(r, tb);
	if (tb[RTA_NH_ID]) {
		int err = 0;

		if (!nl->nh_loaded)
			err = vnl_nh_load(nl);
		if (!err)
			err = vnl_nh_oifs(nl, vnl_u32(tb[RTA_NH_ID]), &o, 0);
		return err < 0 ? err : o.n;
	}
	vnl_oifs_add(&o, (int)vnl_u32(tb[RTA_OIF]));
	if (tb[RTA_MULTIPATH]) {
		const struct rtnexthop *nh = mnl_attr_get_payload(tb[RTA_MULTIPATH]);
		int left = mnl_attr_get_payload_len(tb[RTA_MULTIPATH]);

		while (left >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) &&
		       nh->rtnh_len <= left) {
			vnl_oifs_add(&o, nh->rtnh_ifindex);
			left -= RTNH_ALIGN(nh->rtnh_len);
			nh = vnl_rtnh_next(nh);
		}
	}
	return o.n;
}

/* Flags the kernel reports but refuses (or ignores) in a request. */
#define VNL_STATE_FLAGS (RTNH_F_DEAD | RTNH_F_LINKDOWN | RTNH_F_OFFLOAD | RTNH_F_TRAP | \
			 RTNH_F_UNRESOLVED)

/*
 * Append to NLH (a header only) the rtmsg and attributes of the kernel's
 * message R as a request takes them back: without what the kernel reports
 * but refuses or ignores in a request (state flags, RTA_CACHEINFO, the
 * nexthops a nexthop object expands to) and, unless keep_src, without
 * RTA_PREFSRC.  The room is the caller's (R's length and the header).
 */
static void vnl_route_put(struct nlmsghdr *nlh, const struct vnl_route *r, int keep_src)
{
	const struct rtmsg *old = vnl_rtm(r);
	const struct nlattr *a, *tb[RTA_MAX + 1];
	struct rtmsg *rtm;
	int nhid;

	vnl_route_parse(r, tb);
	nhid = tb[RTA_NH_ID] != NULL;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	*rtm = *old;
	rtm->rtm_flags &= ~(unsigned)(VNL_STATE_FLAGS | RTM_F_OFFLOAD | RTM_F_TRAP |
				      RTM_F_OFFLOAD_FAILED | RTM_F_NOTIFY | RTM_F_PREFIX);
	mnl_attr_for_each(a, &r->nlh, sizeof(*old)) {
		uint16_t t = mnl_attr_get_type(a);
		struct nlattr *c;

		switch (t) {
		case RTA_PREFSRC:
			if (!keep_src)
				continue;
			break;
		case RTA_CACHEINFO:	/* statistics, not configuration */
			continue;
		case RTA_OIF:
		case RTA_GATEWAY:
		case RTA_VIA:
		case RTA_MULTIPATH:
		case RTA_FLOW:
		case RTA_ENCAP:
		case RTA_ENCAP_TYPE:
			/* With a nexthop object the kernel also reports what
			 * it expands to; it wants only the id back. */
			if (nhid)
				continue;
			break;
		default:
			break;
		}
		c = mnl_nlmsg_get_payload_tail(nlh);
		memcpy(c, a, mnl_attr_get_len(a));
		nlh->nlmsg_len += MNL_ALIGN(mnl_attr_get_len(a));
		if (t == RTA_MULTIPATH) {
			struct rtnexthop *nh = mnl_attr_get_payload(c);
			int left = mnl_attr_get_payload_len(c);

			while (left >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) &&
			       nh->rtnh_len <= left) {
				nh->rtnh_flags &= (unsigned char)~VNL_STATE_FLAGS;
				left -= RTNH_ALIGN(nh->rtnh_len);
				nh = vnl_rtnh_next(nh);
			}
		}
	}
}

/*
 * Build a request of TYPE/FLAGS from the kernel's message R: with
 * keep_src its own RTA_PREFSRC, else ADDR (NULL: none).
 */
static int vnl_route_build(struct vnl *nl, const struct vnl_route *r, uint16_t type,
			   uint16_t flags, int keep_src, const void *addr)
{
	const struct rtmsg *old = vnl_rtm(r);
	int alen = vnl_alen(old->rtm_family);
	const struct nlattr *tb[RTA_MAX + 1];
	struct nlmsghdr *nlh;

	if (r->nlh.nlmsg_len + 64 > VNL_BUFSZ)
		return -EMSGSIZE;
	vnl_route_parse(r, tb);
	nlh = vnl_put_header(nl, type, flags);
	vnl_route_put(nlh, r, keep_src);
	if (type == RTM_NEWROUTE && old->rtm_family == AF_INET6 && tb[RTA_CACHEINFO] &&
	    mnl_attr_get_payload_len(tb[RTA_CACHEINFO]) >= sizeof(struct rta_cacheinfo)) {
		/* Keep an expiring route (router advertisement) expiring. */
		const struct rta_cacheinfo *ci = mnl_attr_get_payload(tb[RTA_CACHEINFO]);
		long hz = sysconf(_SC_CLK_TCK);

		/* Rounded down: patching a route again and again must not
		 * make it live longer. */
		if (ci->rta_expires && hz > 0)
			mnl_attr_put_u32(nlh, RTA_EXPIRES,
					 ci->rta_expires >= hz ? (uint32_t)(ci->rta_expires / hz) : 1);
	}
	if (!keep_src && addr)
		mnl_attr_put(nlh, RTA_PREFSRC, (size_t)alen, addr);
	return 0;
}

/* ---- a route kept as text ---- */

/* A route of PAYLEN bytes of rtmsg and attributes, header and message
 * room made, nothing else filled; NULL without memory. */
static struct vnl_route *vnl_route_alloc(size_t paylen)
{
	struct vnl_route *r = calloc(1, VNL_ROUTE_HDR + NLMSG_HDRLEN + MNL_ALIGN(paylen) + 32);

	if (r) {
		r->nlh.nlmsg_len = NLMSG_HDRLEN;
		r->nlh.nlmsg_type = RTM_NEWROUTE;
	}
	return r;
}

char *vnl_route_hex(const struct vnl_route *r, int keep_src)
{
	static const char digits[] = "0123456789abcdef";
	struct vnl_route *c = vnl_route_alloc(r->nlh.nlmsg_len);
	const unsigned char *p;
	char *hex = NULL;
	size_t n;

	if (!c)
		return NULL;
	vnl_route_put(&c->nlh, r, keep_src);
	p = mnl_nlmsg_get_payload(&c->nlh);
	n = mnl_nlmsg_get_payload_len(&c->nlh);
	if ((hex = malloc(2 * n + 1))) {
		for (size_t i = 0; i < n; i++) {
			hex[2 * i] = digits[p[i] >> 4];
			hex[2 * i + 1] = digits[p[i] & 15];
		}
		hex[2 * n] = '\0';
	}
	free(c);
	return hex;
}

static int vnl_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int vnl_route_from_hex(const char *hex, struct vnl_route **out)
{
	size_t n = hex ? strlen(hex) : 0, len, left;
	const struct nlattr *a;
	struct vnl_route *r;
	struct rtmsg *rtm;
	unsigned char *p;
	int alen;

	*out = NULL;
	len = n / 2;
	/* whole attributes of 4-byte steps after the rtmsg, and room to
	 * send it back with a source and an expiry */
	if (n % 2 || len < sizeof(*rtm) || len % 4 || NLMSG_HDRLEN + len + 64 > VNL_BUFSZ)
		return -EINVAL;
	if (!(r = vnl_route_alloc(len)))
		return -ENOMEM;
	p = mnl_nlmsg_put_extra_header(&r->nlh, len);
	for (size_t i = 0; i < len; i++) {
		int hi = vnl_hexval(hex[2 * i]), lo = vnl_hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			goto bad;
		p[i] = (unsigned char)(hi << 4 | lo);
	}
	rtm = (struct rtmsg *)(void *)p;
	alen = vnl_alen(rtm->rtm_family);
	if (!alen || rtm->rtm_dst_len > alen * 8 || rtm->rtm_src_len > alen * 8)
		goto bad;
	/* every byte in well-formed attributes, addresses of the family's size */
	a = (const struct nlattr *)(void *)(p + sizeof(*rtm));
	left = len - sizeof(*rtm);
	while (left) {
		uint16_t t;

		if (!mnl_attr_ok(a, (int)left))
			goto bad;
		t = mnl_attr_get_type(a);
		if ((t == RTA_DST || t == RTA_SRC || t == RTA_PREFSRC || t == RTA_GATEWAY) &&
		    mnl_attr_get_payload_len(a) != (uint16_t)alen)
			goto bad;
		if ((t == RTA_OIF || t == RTA_TABLE || t == RTA_PRIORITY || t == RTA_NH_ID) &&
		    mnl_attr_get_payload_len(a) != 4)
			goto bad;
		if ((size_t)MNL_ALIGN(a->nla_len) > left)
			goto bad;
		left -= MNL_ALIGN(a->nla_len);
		a = (const struct nlattr *)(const void *)((const char *)a + MNL_ALIGN(a->nla_len));
	}
	*out = r;
	return 0;
bad:
	free(r);
	return -EINVAL;
}

struct vnl_route *vnl_route_with_src(const struct vnl_route *r, const void *addr)
{
	struct vnl_route *c = vnl_route_alloc(r->nlh.nlmsg_len + 32);

	if (!c)
		return NULL;
	vnl_route_put(&c->nlh, r, 0);
	if (addr)
		mnl_attr_put(&c->nlh, RTA_PREFSRC, (size_t)vnl_alen(vnl_route_family(r)), addr);
	return c;
}

void vnl_route_name_oif(struct vnl_route *r, const char *name)
{
	snprintf(r->oifname, sizeof(r->oifname), "%s", name);
}

int vnl_route_move_oif(struct vnl_route *r, int from, int to)
{
	struct nlattr *a;
	int n = 0;

	mnl_attr_for_each(a, &r->nlh, sizeof(struct rtmsg)) {
		if (mnl_attr_get_type(a) == RTA_OIF && mnl_attr_get_payload_len(a) == 4 &&
		    (int)mnl_attr_get_u32(a) == from) {
			uint32_t v = (uint32_t)to;

			memcpy(mnl_attr_get_payload(a), &v, sizeof(v));
			n++;
		} else if (mnl_attr_get_type(a) == RTA_MULTIPATH) {
			struct rtnexthop *nh = mnl_attr_get_payload(a);
			int left = mnl_attr_get_payload_len(a);

			while (left >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) &&
			       nh->rtnh_len <= left) {
				if (nh->rtnh_ifindex == from) {
					nh->rtnh_ifindex = to;
					n++;
				}
				left -= RTNH_ALIGN(nh->rtnh_len);
				nh = vnl_rtnh_next(nh);
			}
		}
	}
	r->oifname[0] = '\0';
	return n;
}

uint64_t vnl_route_nexthops_hash(const struct vnl_route *r)
{
	const struct rtmsg *m = vnl_rtm(r);
	const struct nlattr *a;
	uint64_t h = 14695981039346656037ull;

#define VNL_HASH(p, n) do { \
		const unsigned char *b_ = (const unsigned char *)(p); \
		for (size_t i_ = 0; i_ < (size_t)(n); i_++) \
			h = (h ^ b_[i_]) * 1099511628211ull; \
	} while (0)
	VNL_HASH(&m->rtm_type, 1);
	VNL_HASH(&m->rtm_scope, 1);
	mnl_attr_for_each(a, &r->nlh, sizeof(*m)) {
		uint16_t t = mnl_attr_get_type(a);

		switch (t) {
		case RTA_OIF:
		case RTA_GATEWAY:
		case RTA_VIA:
		case RTA_NH_ID:
		case RTA_ENCAP:
		case RTA_ENCAP_TYPE:
			VNL_HASH(&t, sizeof(t));
			VNL_HASH(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
			break;
		case RTA_MULTIPATH: {
			const struct rtnexthop *nh = mnl_attr_get_payload(a);
			int left = mnl_attr_get_payload_len(a);

			VNL_HASH(&t, sizeof(t));
			while (left >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) &&
			       nh->rtnh_len <= left) {
				/* the nexthop without its state flags (dead, linkdown) */
				unsigned char flags = nh->rtnh_flags & (unsigned char)~VNL_STATE_FLAGS;

				VNL_HASH(&flags, 1);
				VNL_HASH(&nh->rtnh_hops, 1);
				VNL_HASH(&nh->rtnh_ifindex, sizeof(nh->rtnh_ifindex));
				VNL_HASH(nh + 1, nh->rtnh_len - sizeof(*nh));
				left -= RTNH_ALIGN(nh->rtnh_len);
				nh = vnl_rtnh_next(nh);
			}
			break;
		}
		default:
			break;
		}
	}
#undef VNL_HASH
	return h;
}

int vnl_route_has_gateway(const struct vnl_route *r)
{
	const struct nlattr *tb[RTA_MAX + 1];

	vnl_route_parse(r, tb);
	return tb[RTA_GATEWAY] || tb[RTA_VIA] || tb[RTA_MULTIPATH] || tb[RTA_NH_ID];
}

unsigned vnl_route_nlflags(const struct vnl_route *r)
{
	return r->nlh.nlmsg_flags;
}

uint32_t vnl_route_sender(const struct vnl_route *r)
{
	return r->nlh.nlmsg_pid;
}

void vnl_nexthops_forget(struct vnl *nl)
{
	vnl_nh_drop(nl);
}

/* Build and send; 0 or the kernel's error. */
static int vnl_route_send(struct vnl *nl, const struct vnl_route *r, uint16_t type,
			  uint16_t flags, int keep_src, const void *addr)
{
	int err = vnl_route_build(nl, r, type, flags, keep_src, addr);

	return err ? err : vnl_talk(nl, NULL, NULL, NULL);
}

/*
 * Change the source of a route NLM_F_REPLACE cannot single out (rank > 0).
 * R may be an older copy (one kept to undo a change): its own RTA_PREFSRC
 * is not used to find the kernel's route.
 * IPv4 adds the new route behind its twins, then deletes the first twin
 * with the same nexthops and any source: the old one, which comes before
 * the new; the prefix is never without the route.  If the kernel has the
 * wanted route already (-EEXIST), there is nothing to do.
 * IPv6 refuses a second route with the same nexthop, so there the old
 * one goes first (the kernel finds it by device, gateway and metric) and
 * comes back if the new one is refused.
 */
static int vnl_route_swap(struct vnl *nl, const struct vnl_route *r, const void *addr)
{
	char ext[sizeof(nl->ext)];
	int err;

	if (vnl_route_family(r) == AF_INET) {
		err = vnl_route_send(nl, r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, 0, addr);
		if (err == -EEXIST)
			return 0;
		if (err)
			return err;
		err = vnl_route_send(nl, r, RTM_DELROUTE, 0, 0, NULL);
		if (err) {
			memcpy(ext, nl->ext, sizeof(ext));
			vnl_route_send(nl, r, RTM_DELROUTE, 0, 0, addr);
			memcpy(nl->ext, ext, sizeof(ext));
		}
		return err;
	}
	err = vnl_route_send(nl, r, RTM_DELROUTE, 0, 0, NULL);
	if (err)
		return err;
	err = vnl_route_send(nl, r, RTM_NEWROUTE, NLM_F_CREATE, 0, addr);
	if (err) {
		memcpy(ext, nl->ext, sizeof(ext));
		vnl_route_send(nl, r, RTM_NEWROUTE, NLM_F_CREATE, 1, NULL);
		memcpy(nl->ext, ext, sizeof(ext));
	}
	return err;
}

int vnl_route_delete(struct vnl *nl, const struct vnl_route *r)
{
	char rt[128];
	int err;

	nl->ext[0] = '\0';
	vnl_route_format(r, rt, sizeof(rt));
	/* Without RTA_PREFSRC (or for IPv6, which does not match on it)
	 * the kernel deletes the first route that fits, maybe a twin. */
	if (vnl_route_family(r) != AF_INET || !vnl_route_prefsrc(r, NULL))
		return vnl_fail(nl, -EINVAL, "deleting route '%s': no source to single it out", rt);
	err = vnl_route_send(nl, r, RTM_DELROUTE, 0, 1, NULL);
	return err ? vnl_fail(nl, err, "deleting route '%s'", rt) : 0;
}

int vnl_route_remove(struct vnl *nl, const struct vnl_route *r)
{
	char rt[128];
	int err;

	nl->ext[0] = '\0';
	err = vnl_route_send(nl, r, RTM_DELROUTE, 0, 1, NULL);
	if (!err)
		return 0;
	vnl_route_format(r, rt, sizeof(rt));
	return vnl_fail(nl, err, "deleting route '%s'", rt);
}

int vnl_route_add(struct vnl *nl, const struct vnl_route *r)
{
	char rt[128];
	int err;

	nl->ext[0] = '\0';
	err = vnl_route_send(nl, r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, 1, NULL);
	if (!err)
		return 0;
	vnl_route_format(r, rt, sizeof(rt));
	return vnl_fail(nl, err, "adding route '%s'", rt);
}

/* Requests sent at once by vnl_route_add_many: within the socket's send
 * buffer, and their answers within its receive buffer (each answer is a
 * buffer of its own there, about 1 KiB: 64 of them fit the smallest
 * default). */
#define VNL_MANY_BYTES 32768
#define VNL_MANY_MSGS 64

int vnl_route_add_many(struct vnl *nl, struct vnl_route *const *r, int n, int *errs)
{
	char *buf = malloc(VNL_MANY_BYTES);
	int rc = 0, i = 0;

	if (!buf) {
		for (int k = 0; k < n; k++)
			errs[k] = -ENOMEM;
		return -ENOMEM;
	}
	while (i < n) {
		size_t len = 0;
		int first = i, err;

		for (; i < n; i++) {
			const struct nlmsghdr *nlh = (const void *)nl->sbuf;

			if ((err = vnl_route_build(nl, r[i], RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, 1,
						   NULL)) < 0) {
				if (i == first) {
					errs[i++] = err;
					first = i;
					continue;
				}
				break;	/* sent alone next */
			}
			if (len + NLMSG_ALIGN(nlh->nlmsg_len) > VNL_MANY_BYTES ||
			    i - first == VNL_MANY_MSGS)
				break;
			memcpy(buf + len, nlh, nlh->nlmsg_len);
			len += NLMSG_ALIGN(nlh->nlmsg_len);
		}
		if (i == first)
			continue;
		if ((rc = vnl_talk_many(nl, buf, len, i - first, errs + first)) < 0) {
			for (int k = i; k < n; k++)
				errs[k] = rc;	/* not sent */
			break;
		}
	}
	free(buf);
	if (rc < 0)
		return vnl_fail(nl, rc, "adding %d routes", n);
	return 0;
}

int vnl_route_set_prefsrc(struct vnl *nl, const struct vnl_route *r, const void *addr)
{
	char rt[128], a[INET6_ADDRSTRLEN];
	int err;

	nl->ext[0] = '\0';
	if (r->rank == 0)
		err = vnl_route_send(nl, r, RTM_NEWROUTE, NLM_F_REPLACE, 0, addr);
	else
		err = vnl_route_swap(nl, r, addr);
	if (!err)
		return 0;
	/* The nexthop object went after the dump, and the kernel deleted
	 * the route with it: said as for a route gone, -ENOENT.  Only the
	 * extended ack tells it as of the change (a later object may have
	 * the id by now); every kernel with nexthop objects gives one. */
	if (err == -EINVAL && vnl_route_nhid(r) && strstr(nl->ext, "Nexthop id does not exist"))
		err = -ENOENT;
	vnl_route_format(r, rt, sizeof(rt));
	if (addr)
		return vnl_fail(nl, err, "setting source %s on route '%s'",
				vnl_ntop(vnl_route_family(r), addr, a, sizeof(a)), rt);
	return vnl_fail(nl, err, "removing the source of route '%s'", rt);
}

struct vnl_get {
	int family;
	int found;
	void *src;
};

static int vnl_get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vnl_get *g = data;
	const struct nlattr *tb[RTA_MAX + 1];
	int alen = vnl_alen(g->family);

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	vnl_parse(nlh, sizeof(struct rtmsg), tb, RTA_MAX);
	if (tb[RTA_PREFSRC] && mnl_attr_get_payload_len(tb[RTA_PREFSRC]) == (uint16_t)alen) {
		memcpy(g->src, mnl_attr_get_payload(tb[RTA_PREFSRC]), (size_t)alen);
		g->found = 1;
	}
	return 0;
}

int vnl_route_get(struct vnl *nl, int family, const void *dst, void *src_out)
{
	struct vnl_get g = { family, 0, src_out };
	char a[INET6_ADDRSTRLEN];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int err = vnl_check_addr(nl, family, 0);

	if (err)
		return err;
	nlh = vnl_put_header(nl, RTM_GETROUTE, 0);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_dst_len = (unsigned char)(vnl_alen(family) * 8);
	mnl_attr_put(nlh, RTA_DST, (size_t)vnl_alen(family), dst);
	err = vnl_talk(nl, vnl_get_cb, &g, NULL);
	if (!err && !g.found)
		err = -ENODATA;
	if (err)
		return vnl_fail(nl, err, "looking up the route to %s",
				vnl_ntop(family, dst, a, sizeof(a)));
	return 0;
}
