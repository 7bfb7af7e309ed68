/*
 * vnl.c - the rtnetlink layer: one NETLINK_ROUTE socket per handle, libmnl
 * for building and parsing messages, our own receive loop for sequence
 * numbers, dump consistency and extended acks.
 *
 * Requests are built by one function (vnl_*_build or inline in the public
 * function) and sent by vnl_talk(), which waits for the kernel's ack.
 * Dumps are read whole into an arena before the caller's callback runs,
 * so callbacks may issue requests on the same handle.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "vnl.h"
#include "vnl-internal.h"

/* Big enough for any message the kernel sends (dumps use at most 32 KiB). */
#define VNL_BUFSZ 65536
/* How often a dump that the kernel flags as interrupted is tried (waiting
 * 1, 2, ... ms between tries: at most about half a second in all). */
#define VNL_DUMP_TRIES 30
/* IFALIASZ of linux/if.h, which clashes with net/if.h. */
#define VNL_ALIASZ 256

struct vnl_nh {
	uint32_t id;
	int oif;		/* 0 if none */
	int ngrp;
	uint32_t *grp;		/* member ids of a group */
};

struct vnl {
	struct mnl_socket *sock;
	unsigned int portid;
	uint32_t seq;
	char *rbuf;		/* receive buffer */
	char *sbuf;		/* request buffer */
	char ext[256];		/* extended ack text of the last error */
	char msg[1024];		/* last error message */
	/* Nexthop objects, loaded when a route needs them, dropped by each
	 * route dump. */
	struct vnl_nh *nh;
	size_t nnh;
	int nh_loaded;
	unsigned long dump_retries;	/* dumps restarted after NLM_F_DUMP_INTR */
};

/*
 * A route: the kernel's message, its place among the routes the kernel
 * cannot tell apart in an NLM_F_REPLACE request (see vnl_route_rank), and
 * the name of its output interface (one link dump per route dump is much
 * cheaper than asking for the name of each route's link).
 */
struct vnl_route {
	uint32_t rank;
	char oifname[IF_NAMESIZE];	/* RTA_OIF's name at dump time, for messages */
	uint32_t reserved;
	struct nlmsghdr nlh;
};

#define VNL_ROUTE_HDR offsetof(struct vnl_route, nlh)

/*
 * Messages of one dump, copied one after another (NLMSG_ALIGNed), each
 * after PREFIX bytes of room (zeroed) for our own data.
 */
struct vnl_arena {
	char *buf;
	size_t len, cap;
	size_t prefix;
	int intr;		/* a message carried NLM_F_DUMP_INTR */
};

typedef int (*vnl_msg_cb)(const struct nlmsghdr *nlh, void *data);

/* ---- errors ---- */

/* Record "WHAT: strerror (extended ack)" and return err (negative). */
__attribute__((format(printf, 3, 4)))
static int vnl_fail(struct vnl *nl, int err, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (nl->ext[0])
		snprintf(nl->msg, sizeof(nl->msg), "%s: %s (%s)", what, strerror(-err), nl->ext);
	else
		snprintf(nl->msg, sizeof(nl->msg), "%s: %s", what, strerror(-err));
	return err;
}

VIPA_EXPORT const char *vnl_errmsg(const struct vnl *nl)
{
	return nl ? nl->msg : "out of memory";
}

/*
 * Keep the kernel's NLMSGERR_ATTR_MSG text of an NLMSG_ERROR or
 * NLMSG_DONE message.  Its attributes follow the error code (and, in an
 * NLMSG_ERROR without NLM_F_CAPPED, the echoed request).
 */
static void vnl_keep_extack(struct vnl *nl, const struct nlmsghdr *nlh)
{
	const char *p = mnl_nlmsg_get_payload(nlh);
	size_t len = mnl_nlmsg_get_payload_len(nlh), off = sizeof(int);
	const struct nlattr *a;
	int n;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = (const void *)p;

		off = sizeof(*e);
		if (len >= off && !(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(mnl_nlmsg_get_payload_len(&e->msg));
	}
	if (len < off)
		return;
	for (a = (const void *)(p + off), n = (int)(len - off); mnl_attr_ok(a, n);
	     n -= (int)MNL_ALIGN(a->nla_len), a = mnl_attr_next(a)) {
		size_t m;

		if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG ||
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			continue;
		snprintf(nl->ext, sizeof(nl->ext), "%s", mnl_attr_get_str(a));
		/* The kernel's texts have no final period; some end with one. */
		m = strlen(nl->ext);
		while (m > 0 && (nl->ext[m - 1] == '.' || nl->ext[m - 1] == '\n'))
			nl->ext[--m] = '\0';
	}
}

/* ---- the handle ---- */

unsigned long vnl_dump_retries(const struct vnl *nl)
{
	return nl->dump_retries;
}

VIPA_EXPORT int vnl_open(struct vnl **out)
{
	struct vnl *nl;
	int one = 1, err;

	*out = nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->rbuf = malloc(VNL_BUFSZ);
	nl->sbuf = calloc(1, VNL_BUFSZ);
	if (!nl->rbuf || !nl->sbuf)
		return vnl_fail(nl, -ENOMEM, "cannot open a netlink socket");
	nl->sock = mnl_socket_open(NETLINK_ROUTE);
	if (!nl->sock)
		return vnl_fail(nl, -errno, "cannot open a netlink socket");
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		mnl_socket_close(nl->sock);
		nl->sock = NULL;
		return vnl_fail(nl, err, "cannot bind a netlink socket");
	}
	/* Old kernels lack these; errors then just have no extra text. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)getpid() << 16;
	return 0;
}

static void vnl_nh_drop(struct vnl *nl)
{
	for (size_t i = 0; i < nl->nnh; i++)
		free(nl->nh[i].grp);
	free(nl->nh);
	nl->nh = NULL;
	nl->nnh = 0;
	nl->nh_loaded = 0;
}

VIPA_EXPORT void vnl_close(struct vnl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	vnl_nh_drop(nl);
	free(nl->rbuf);
	free(nl->sbuf);
	free(nl);
}

/* ---- talking to the kernel ---- */

static struct nlmsghdr *vnl_put_header(struct vnl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = (void *)nl->sbuf;
	size_t used = MNL_ALIGN(nlh->nlmsg_len);

	/* libmnl leaves attribute padding as it finds it: keep the buffer
	 * zeroed so that no stale byte goes to the kernel. */
	memset(nl->sbuf, 0, used < VNL_BUFSZ ? used : VNL_BUFSZ);
	nlh = mnl_nlmsg_put_header(nl->sbuf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	return nlh;
}

static int vnl_arena_add(struct vnl_arena *ar, const struct nlmsghdr *nlh)
{
	size_t sz = ar->prefix + NLMSG_ALIGN(nlh->nlmsg_len);

	if (ar->len + sz > ar->cap) {
		size_t cap = ar->cap ? ar->cap : 65536;
		char *p;

		while (cap < ar->len + sz)
			cap *= 2;
		p = realloc(ar->buf, cap);
		if (!p)
			return -ENOMEM;
		ar->buf = p;
		ar->cap = cap;
	}
	memset(ar->buf + ar->len, 0, sz);
	memcpy(ar->buf + ar->len + ar->prefix, nlh, nlh->nlmsg_len);
	ar->len += sz;
	return 0;
}

/*
 * Send the request in nl->sbuf and read until its ack (or NLMSG_DONE for
 * a dump).  Every other message with our sequence number goes to cb.
 * Messages of earlier requests are skipped.  Returns 0, the kernel's
 * error (negative, extended ack kept in nl->ext), a negative value from
 * cb, or -errno of the socket.
 */
static int vnl_talk(struct vnl *nl, vnl_msg_cb cb, void *data, int *intr)
{
	struct nlmsghdr *req = (void *)nl->sbuf;
	int dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	int err = 0;
	uint32_t seq;

	nl->ext[0] = '\0';
	if (!nl->sock)
		return -EBADF;
	seq = req->nlmsg_seq = ++nl->seq;
	req->nlmsg_pid = 0;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rbuf, VNL_BUFSZ);
		const struct nlmsghdr *nlh;
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		len = (int)n;
		for (nlh = (const void *)nl->rbuf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq || (nlh->nlmsg_pid && nlh->nlmsg_pid != nl->portid))
				continue;	/* a late answer to an earlier request */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR && intr)
				*intr = 1;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
					return -EBADMSG;
				if (e->error) {
					vnl_keep_extack(nl, nlh);
					return e->error < 0 ? e->error : -e->error;
				}
				return err;	/* the ack */
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
					int e = *(const int *)mnl_nlmsg_get_payload(nlh);

					if (e < 0) {
						vnl_keep_extack(nl, nlh);
						return e;
					}
				}
				if (dump)
					return err;
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_NOOP || nlh->nlmsg_type == NLMSG_OVERRUN)
				continue;
			if (cb && !err)
				err = cb(nlh, data);	/* keep reading to the ack */
		}
	}
}

static int vnl_arena_cb(const struct nlmsghdr *nlh, void *data)
{
	return vnl_arena_add(data, nlh);
}

/*
 * Dump: send the request in nl->sbuf (built by the caller; it is resent
 * unchanged when the kernel says the dump was interrupted) and collect
 * all messages in *ar.
 */
static int vnl_dump(struct vnl *nl, struct vnl_arena *ar)
{
	size_t reqlen = ((const struct nlmsghdr *)(void *)nl->sbuf)->nlmsg_len;
	char *req = malloc(reqlen);
	int err = -EAGAIN;

	if (!req)
		return -ENOMEM;
	memcpy(req, nl->sbuf, reqlen);
	for (int i = 0; i < VNL_DUMP_TRIES; i++) {
		if (i > 0) {
			/* Let the writer that interrupted us finish. */
			struct timespec ts = { 0, 1000000L * i };

			nanosleep(&ts, NULL);
		}
		memcpy(nl->sbuf, req, reqlen);
		ar->len = 0;
		ar->intr = 0;
		err = vnl_talk(nl, vnl_arena_cb, ar, &ar->intr);
		if (err < 0 || !ar->intr)
			break;
		nl->dump_retries++;
		err = -EAGAIN;
	}
	free(req);
	if (err == -EAGAIN)
		snprintf(nl->ext, sizeof(nl->ext), "dump interrupted %d times", VNL_DUMP_TRIES);
	return err;
}

/* Walk the messages of an arena; off is a size_t cursor. */
#define vnl_arena_for_each(nlh, ar, off) \
	for ((off) = 0; (off) < (ar)->len && \
	     ((nlh) = (const void *)((ar)->buf + (off) + (ar)->prefix), 1); \
	     (off) += (ar)->prefix + NLMSG_ALIGN((nlh)->nlmsg_len))

/* RTNH_NEXT, through void *: nexthops are RTNH_ALIGNed (4 bytes) in the
 * attribute, so the cast from char * that clang's -Wcast-align flags in the
 * kernel's macro is safe. */
#define vnl_rtnh_next(nh) ((__typeof__(nh))(void *)((char *)(nh) + RTNH_ALIGN((nh)->rtnh_len)))

/* ---- attribute tables ---- */

struct vnl_tb {
	const struct nlattr **tb;
	int max;
};

static int vnl_tb_cb(const struct nlattr *a, void *data)
{
	struct vnl_tb *t = data;
	int type = mnl_attr_get_type(a);

	if (type <= t->max)
		t->tb[type] = a;
	return MNL_CB_OK;
}

static void vnl_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, int max)
{
	struct vnl_tb t = { tb, max };

	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	if (mnl_nlmsg_get_payload_len(nlh) >= hdrlen)
		mnl_attr_parse(nlh, (unsigned int)hdrlen, vnl_tb_cb, &t);
}

static void vnl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, int max)
{
	struct vnl_tb t = { tb, max };

	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	mnl_attr_parse_nested(nest, vnl_tb_cb, &t);
}

static uint32_t vnl_u32(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 4 ? mnl_attr_get_u32(a) : 0;
}

/* Copy a string attribute into dst (always terminated). */
static void vnl_str(const struct nlattr *a, char *dst, size_t len)
{
	size_t n;

	dst[0] = '\0';
	if (!a)
		return;
	n = mnl_attr_get_payload_len(a);
	if (n >= len)
		n = len - 1;
	memcpy(dst, mnl_attr_get_payload(a), n);
	dst[n] = '\0';
	dst[strnlen(dst, n)] = '\0';
}

static int vnl_alen(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

/* The name of link IFINDEX for messages ("link N" when it has none). */
static const char *vnl_ifname(int ifindex, char buf[IF_NAMESIZE + 16])
{
	char name[IF_NAMESIZE];

	if (if_indextoname((unsigned)ifindex, name))
		snprintf(buf, IF_NAMESIZE + 16, "'%s'", name);
	else
		snprintf(buf, IF_NAMESIZE + 16, "link %d", ifindex);
	return buf;
}

/* ---- links ---- */

static int vnl_check_name(struct vnl *nl, const char *name)
{
	nl->ext[0] = '\0';
	if (!name || !name[0] || strlen(name) >= IFNAMSIZ)
		return vnl_fail(nl, -EINVAL, "invalid interface name '%s'", name ? name : "");
	return 0;
}

/* Locally administered, unicast: 02:76:69 ("vi"). */
static const unsigned char vnl_mac_mark[3] = { 0x02, 0x76, 0x69 };

static void vnl_link_from_msg(const struct nlmsghdr *nlh, struct vnl_link *l)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];

	memset(l, 0, sizeof(*l));
	vnl_parse(nlh, sizeof(*ifi), tb, IFLA_MAX);
	l->index = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	l->up = !!(ifi->ifi_flags & IFF_UP);
	vnl_str(tb[IFLA_IFNAME], l->name, sizeof(l->name));
	vnl_str(tb[IFLA_IFALIAS], l->alias, sizeof(l->alias));
	l->marked = tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6 &&
		    !memcmp(mnl_attr_get_payload(tb[IFLA_ADDRESS]), vnl_mac_mark,
			    sizeof(vnl_mac_mark));
	if (tb[IFLA_LINKINFO]) {
		vnl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
		vnl_str(li[IFLA_INFO_KIND], l->kind, sizeof(l->kind));
	}
}

static struct nlmsghdr *vnl_link_build(struct vnl *nl, uint16_t type, uint16_t flags,
				       const char *name, struct ifinfomsg **ifip)
{
	struct nlmsghdr *nlh = vnl_put_header(nl, type, flags);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (ifip)
		*ifip = ifi;
	return nlh;
}

static int vnl_link_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		vnl_link_from_msg(nlh, data);
	return 0;
}

VIPA_EXPORT int vnl_link_get(struct vnl *nl, const char *name, struct vnl_link *out)
{
	struct nlmsghdr *nlh;
	int err = vnl_check_name(nl, name);

	if (err)
		return err;
	nlh = vnl_link_build(nl, RTM_GETLINK, 0, name, NULL);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	memset(out, 0, sizeof(*out));
	err = vnl_talk(nl, vnl_link_cb, out, NULL);
	if (!err && out->index == 0)
		err = -ENODEV;
	if (err)
		return vnl_fail(nl, err, "reading link '%s'", name);
	return 0;
}

int vnl_link_list(struct vnl *nl, int (*fn)(const struct vnl_link *l, void *arg),
		  void *arg)
{
	struct vnl_arena ar = { 0 };
	const struct nlmsghdr *nlh;
	struct nlmsghdr *req;
	struct vnl_link l;
	size_t off;
	int err;

	req = vnl_link_build(nl, RTM_GETLINK, NLM_F_DUMP, NULL, NULL);
	mnl_attr_put_u32(req, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = vnl_dump(nl, &ar);
	if (err) {
		free(ar.buf);
		return vnl_fail(nl, err, "listing links");
	}
	vnl_arena_for_each(nlh, &ar, off) {
		if (nlh->nlmsg_type != RTM_NEWLINK)
			continue;
		vnl_link_from_msg(nlh, &l);
		err = fn(&l, arg);
		if (err)
			break;
	}
	free(ar.buf);
	return err;
}

static int vnl_link_new(struct vnl *nl, const char *name, const char *kind)
{
	unsigned char mac[6];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = vnl_link_build(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, name, &ifi);
	ifi->ifi_flags = IFF_NOARP;
	ifi->ifi_change = IFF_NOARP;
	/* The kernel takes no alias in the creating request, but it takes
	 * the MAC address: our prefix marks the link from its first moment. */
	memcpy(mac, vnl_mac_mark, sizeof(vnl_mac_mark));
	if (getrandom(mac + sizeof(vnl_mac_mark), sizeof(mac) - sizeof(vnl_mac_mark), 0) !=
	    (ssize_t)(sizeof(mac) - sizeof(vnl_mac_mark))) {
		uint32_t r = (uint32_t)getpid() ^ (uint32_t)time(NULL);

		memcpy(mac + sizeof(vnl_mac_mark), &r, sizeof(mac) - sizeof(vnl_mac_mark));
	}
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac), mac);
	nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	mnl_attr_nest_end(nlh, nest);
	return vnl_talk(nl, NULL, NULL, NULL);
}

static int vnl_alias_send(struct vnl *nl, const char *name, const char *alias)
{
	struct nlmsghdr *nlh = vnl_link_build(nl, RTM_NEWLINK, 0, name, NULL);

	/* An empty IFLA_IFALIAS removes the alias. */
	mnl_attr_put(nlh, IFLA_IFALIAS, alias ? strlen(alias) : 0, alias ? alias : "");
	return vnl_talk(nl, NULL, NULL, NULL);
}

int vnl_link_create_vi(struct vnl *nl, const char *name, const char *alias,
		       char kind_out[16])
{
	const char *kind = "dummy";
	int err = vnl_check_name(nl, name);

	if (err)
		return err;
	if (alias && strlen(alias) >= VNL_ALIASZ)
		return vnl_fail(nl, -EINVAL, "alias of link '%s' too long", name);
	err = vnl_link_new(nl, name, kind);
	if (err == -EOPNOTSUPP) {
		/* No dummy driver in this kernel: ifb holds addresses as well. */
		kind = "ifb";
		err = vnl_link_new(nl, name, kind);
	}
	if (err)
		return vnl_fail(nl, err, "creating link '%s'", name);
	if (alias && alias[0]) {
		err = vnl_alias_send(nl, name, alias);
		if (err) {
			char ext[sizeof(nl->ext)];

			memcpy(ext, nl->ext, sizeof(ext));
			vnl_link_delete(nl, name);
			memcpy(nl->ext, ext, sizeof(ext));
			return vnl_fail(nl, err, "setting alias of link '%s'", name);
		}
	}
	if (kind_out)
		snprintf(kind_out, 16, "%s", kind);
	return 0;
}

int vnl_link_set_alias(struct vnl *nl, const char *name, const char *alias)
{
	int err = vnl_check_name(nl, name);

	if (err)
		return err;
	if (alias && strlen(alias) >= VNL_ALIASZ)
		return vnl_fail(nl, -EINVAL, "alias of link '%s' too long", name);
	err = vnl_alias_send(nl, name, alias);
	if (err)
		return vnl_fail(nl, err, "setting alias of link '%s'", name);
	return 0;
}

int vnl_link_delete(struct vnl *nl, const char *name)
{
	int err = vnl_check_name(nl, name);

	if (err)
		return err;
	vnl_link_build(nl, RTM_DELLINK, 0, name, NULL);
	err = vnl_talk(nl, NULL, NULL, NULL);
	if (err)
		return vnl_fail(nl, err, "deleting link '%s'", name);
	return 0;
}

int vnl_link_set_up(struct vnl *nl, const char *name, int up)
{
	struct ifinfomsg *ifi;
	int err = vnl_check_name(nl, name);

	if (err)
		return err;
	vnl_link_build(nl, RTM_NEWLINK, 0, name, &ifi);
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	err = vnl_talk(nl, NULL, NULL, NULL);
	if (err)
		return vnl_fail(nl, err, "setting link '%s' %s", name, up ? "up" : "down");
	return 0;
}

/* ---- addresses ---- */

static int vnl_check_addr(struct vnl *nl, int family, int prefixlen)
{
	int alen = vnl_alen(family);

	nl->ext[0] = '\0';
	if (!alen)
		return vnl_fail(nl, -EAFNOSUPPORT, "unsupported address family %d", family);
	if (prefixlen < 0 || prefixlen > alen * 8)
		return vnl_fail(nl, -EINVAL, "invalid prefix length %d", prefixlen);
	return 0;
}

static struct nlmsghdr *vnl_addr_build(struct vnl *nl, uint16_t type, uint16_t flags,
				       int ifindex, int family, const void *addr,
				       int prefixlen, uint32_t ifa_flags)
{
	struct nlmsghdr *nlh = vnl_put_header(nl, type, flags);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	size_t alen = (size_t)vnl_alen(family);

	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefixlen;
	ifa->ifa_flags = (unsigned char)(ifa_flags & 0xff);
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned)ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, alen, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, addr);
	if (type == RTM_NEWADDR) {
		struct ifa_cacheinfo ci = {
			.ifa_prefered = 0xffffffffU,
			.ifa_valid = 0xffffffffU,
		};

		/* The u8 ifa_flags cannot carry IFA_F_NOPREFIXROUTE. */
		mnl_attr_put_u32(nlh, IFA_FLAGS, ifa_flags);
		mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	return nlh;
}

int vnl_addr_add(struct vnl *nl, int ifindex, int family, const void *addr,
		 int prefixlen, uint32_t flags)
{
	char a[INET6_ADDRSTRLEN], l[IF_NAMESIZE + 16];
	int err = vnl_check_addr(nl, family, prefixlen);

	if (err)
		return err;
	vnl_addr_build(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, family, addr,
		       prefixlen, flags);
	err = vnl_talk(nl, NULL, NULL, NULL);
	if (err)
		return vnl_fail(nl, err, "adding address %s/%d to %s",
				vnl_ntop(family, addr, a, sizeof(a)), prefixlen,
				vnl_ifname(ifindex, l));
	return 0;
}

int vnl_addr_del(struct vnl *nl, int ifindex, int family, const void *addr,
		 int prefixlen)
{
	char a[INET6_ADDRSTRLEN], l[IF_NAMESIZE + 16];
	int err = vnl_check_addr(nl, family, prefixlen);

	if (err)
		return err;
	vnl_addr_build(nl, RTM_DELADDR, 0, ifindex, family, addr, prefixlen, 0);
	err = vnl_talk(nl, NULL, NULL, NULL);
	if (err)
		return vnl_fail(nl, err, "deleting address %s/%d from %s",
				vnl_ntop(family, addr, a, sizeof(a)), prefixlen,
				vnl_ifname(ifindex, l));
	return 0;
}

static int vnl_addr_from_msg(const struct nlmsghdr *nlh, struct vnl_addr *a)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1], *ad;
	int alen = vnl_alen(ifa->ifa_family);

	memset(a, 0, sizeof(*a));
	if (!alen)
		return -1;
	vnl_parse(nlh, sizeof(*ifa), tb, IFA_MAX);
	ad = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!ad || mnl_attr_get_payload_len(ad) != (uint16_t)alen)
		return -1;
	a->family = ifa->ifa_family;
	a->ifindex = (int)ifa->ifa_index;
	memcpy(a->addr, mnl_attr_get_payload(ad), (size_t)alen);
	a->prefixlen = ifa->ifa_prefixlen;
	a->flags = tb[IFA_FLAGS] ? vnl_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	vnl_str(tb[IFA_LABEL], a->label, sizeof(a->label));
	a->preferred_lft = a->valid_lft = 0xffffffffU;
	if (tb[IFA_CACHEINFO] && mnl_attr_get_payload_len(tb[IFA_CACHEINFO]) >= sizeof(struct ifa_cacheinfo)) {
		const struct ifa_cacheinfo *ci = mnl_attr_get_payload(tb[IFA_CACHEINFO]);

		a->preferred_lft = ci->ifa_prefered;
		a->valid_lft = ci->ifa_valid;
	}
	return 0;
}

int vnl_addr_list(struct vnl *nl, int family, int ifindex,
		  int (*fn)(const struct vnl_addr *a, void *arg), void *arg)
{
	struct vnl_arena ar = { 0 };
	const struct nlmsghdr *nlh;
	struct nlmsghdr *req;
	struct ifaddrmsg *ifa;
	struct vnl_addr a;
	size_t off;
	int err;

	nl->ext[0] = '\0';
	req = vnl_put_header(nl, RTM_GETADDR, NLM_F_DUMP);
	ifa = mnl_nlmsg_put_extra_header(req, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	err = vnl_dump(nl, &ar);
	if (err) {
		free(ar.buf);
		return vnl_fail(nl, err, "listing addresses");
	}
	vnl_arena_for_each(nlh, &ar, off) {
		if (nlh->nlmsg_type != RTM_NEWADDR || vnl_addr_from_msg(nlh, &a) < 0)
			continue;
		if ((family != AF_UNSPEC && a.family != family) || (ifindex && a.ifindex != ifindex))
			continue;
		err = fn(&a, arg);
		if (err)
			break;
	}
	free(ar.buf);
	return err;
}

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
static void vnl_route_rank(struct vnl_route **v, struct vnl_rkey *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t rank = 0;

		vnl_rkey_get(v[i], &k[i]);
		for (size_t j = i; j-- > 0 && vnl_rkey_same(&k[j], &k[i]);) {
			if (k[j].prio != k[i].prio || k[j].ecmp != k[i].ecmp)
				continue;
			if (k[i].family == AF_INET && k[j].tos != k[i].tos)
				continue;
			rank++;
		}
		v[i]->rank = k[i].ecmp ? 0 : rank;
	}
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
static void vnl_route_names(struct vnl *nl, struct vnl_route **v, size_t n)
{
	struct vnl_ifnames t = { NULL, 0, 0 };
	struct vnl_ifname key, *hit;

	if (vnl_link_list(nl, vnl_ifname_cb, &t) == 0) {
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
	vnl_route_rank(v, k, n);
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

	if (c)
		memcpy(c, r, sz);
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
 * Build a request of TYPE/FLAGS from the kernel's message R: with
 * keep_src its own RTA_PREFSRC, else ADDR (NULL: none).
 */
static int vnl_route_build(struct vnl *nl, const struct vnl_route *r, uint16_t type,
			   uint16_t flags, int keep_src, const void *addr)
{
	const struct rtmsg *old = vnl_rtm(r);
	int alen = vnl_alen(old->rtm_family);
	const struct nlattr *a, *tb[RTA_MAX + 1];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int nhid;

	if (r->nlh.nlmsg_len + 64 > VNL_BUFSZ)
		return -EMSGSIZE;
	vnl_route_parse(r, tb);
	nhid = tb[RTA_NH_ID] != NULL;
	nlh = vnl_put_header(nl, type, flags);
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
				nh = RTNH_NEXT(nh);
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

/* ---- address text ---- */

int vnl_parse_addr(const char *s, int *family, unsigned char addr[16])
{
	memset(addr, 0, 16);
	if (s && inet_pton(AF_INET, s, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (s && inet_pton(AF_INET6, s, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
	*family = AF_UNSPEC;
	return -EINVAL;
}

const char *vnl_ntop(int family, const void *addr, char *buf, size_t len)
{
	if (!vnl_alen(family) || len > INT_MAX)
		return NULL;
	return inet_ntop(family, addr, buf, (socklen_t)len);
}

/* ---- monitoring ---- */

int vnl_monitor_open(struct vnl **out, unsigned groups_mask)
{
	struct vnl *nl;
	int err, size = 4 << 20, fd;

	if ((err = vnl_open(out)) < 0)
		return err;
	nl = *out;
	fd = mnl_socket_get_fd(nl->sock);
	/* A burst of route changes must not overflow it (the kernel caps it
	 * at rmem_max unless we may force it). */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		return vnl_fail(nl, -errno, "cannot make the netlink socket non-blocking");
	for (unsigned g = 1; g < 32; g++) {
		if (!(groups_mask & (1u << g)))
			continue;
		if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0)
			return vnl_fail(nl, -errno, "cannot join rtnetlink group %u", g);
	}
	return 0;
}

int vnl_monitor_fd(const struct vnl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

int vnl_monitor_drain(struct vnl *nl,
		      void (*fn)(int type, const struct vnl_route *r, void *arg),
		      void *arg)
{
	int count = 0;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rbuf, VNL_BUFSZ);
		const struct nlmsghdr *nlh = (const void *)nl->rbuf;
		int left;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return count;
			if (errno == ENOBUFS) {
				count++;
				if (fn)
					fn(0, NULL, arg);
				continue;
			}
			return vnl_fail(nl, -errno, "cannot read rtnetlink events");
		}
		for (left = (int)n; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			struct vnl_route *r = NULL;

			count++;
			if (!fn)
				continue;
			if ((nlh->nlmsg_type == RTM_NEWROUTE || nlh->nlmsg_type == RTM_DELROUTE) &&
			    nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct rtmsg))) {
				r = calloc(1, VNL_ROUTE_HDR + nlh->nlmsg_len);
				if (r)
					memcpy(&r->nlh, nlh, nlh->nlmsg_len);
			}
			if (r || (nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE))
				fn(nlh->nlmsg_type, r, arg);
			else
				fn(0, NULL, arg);	/* no memory: anything may have changed */
			free(r);
		}
	}
}
