/* SPDX-License-Identifier: LGPL-2.1-or-later */
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
#include <sys/stat.h>
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
#include "vnl-private.h"

/* How often a dump that the kernel flags as interrupted is tried (waiting
 * 1, 2, ... ms between tries: at most about half a second in all). */
#define VNL_DUMP_TRIES 30
/* How often a read that is not a dump is sent again after EINTR or
 * ENOBUFS on the socket. */
#define VNL_SOCK_TRIES 5
/* How many signals in a row a send or a receive lets interrupt it. */
#define VNL_EINTR_MAX 100
/* IFALIASZ of linux/if.h, which clashes with net/if.h. */
#define VNL_ALIASZ 256

/* ---- errors ---- */

/* Record "WHAT: strerror (extended ack)" and return err (negative). */
__attribute__((format(printf, 3, 4)))
int vnl_fail(struct vnl *nl, int err, const char *fmt, ...)
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

uint32_t vnl_portid(const struct vnl *nl)
{
	return nl->portid;
}

int vnl_unsure(const struct vnl *nl)
{
	return nl->unsure;
}

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

int vnl_netns_id(const struct vnl *nl, uint64_t *out)
{
	socklen_t len = sizeof(*out);
	struct stat st;

	*out = 0;
	if (nl->sock && getsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_NETNS_COOKIE, out,
				   &len) == 0 && len == sizeof(*out))
		return 0;
	/* before Linux 5.14: the namespace's inode (a namespace made after
	 * this one was deleted may get it again) */
	if (stat("/proc/self/ns/net", &st) < 0)
		return -errno;
	*out = (uint64_t)st.st_dev << 32 ^ (uint64_t)st.st_ino;
	return 0;
}

/* Open and bind the handle's socket; 0 or -errno (message kept). */
static int vnl_sock_open(struct vnl *nl)
{
	int one = 1, err;

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
	nl->stale = 0;
	return 0;
}

VIPA_EXPORT int vnl_open(struct vnl **out)
{
	struct vnl *nl;

	*out = nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->rbuf = malloc(VNL_BUFSZ);
	nl->sbuf = calloc(1, VNL_BUFSZ);
	if (!nl->rbuf || !nl->sbuf)
		return vnl_fail(nl, -ENOMEM, "cannot open a netlink socket");
	nl->seq = (uint32_t)getpid() << 16;
	return vnl_sock_open(nl);
}

void vnl_nh_drop(struct vnl *nl)
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

struct nlmsghdr *vnl_put_header(struct vnl *nl, uint16_t type, uint16_t flags)
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
	size_t sz = VNL_ARENA_ENTRY(ar->prefix, nlh->nlmsg_len);

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

/* Before a request: a socket left stale by a request given up on is
 * replaced by a clean one.  0, or -errno (still stale). */
static int vnl_sock_ready(struct vnl *nl)
{
	int err;

	nl->ext[0] = '\0';
	nl->unsure = 0;
	if (nl->stale) {
		/* The old socket may hold the answer of a request given up
		 * on, or a dump the kernel would go on with (a new dump
		 * there gets EBUSY): start on a clean one. */
		if (nl->sock)
			mnl_socket_close(nl->sock);
		nl->sock = NULL;
		if ((err = vnl_sock_open(nl)) < 0) {
			nl->stale = 1;
			return err;
		}
	}
	return nl->sock ? 0 : -EBADF;
}

/* Send @len bytes of requests; an interrupted send sent nothing and is
 * made again (@eintr counts the interruptions of one request).  0, or
 * -errno with nl->unsure set. */
static int vnl_send(struct vnl *nl, const void *buf, size_t len, int *eintr)
{
	while (mnl_socket_sendto(nl->sock, buf, len) < 0) {
		if (errno == EINTR && ++*eintr < VNL_EINTR_MAX)
			continue;
		nl->unsure = nl->stale = 1;
		return -errno;
	}
	return 0;
}

/* Read one datagram of answers into nl->rbuf; an interrupted read took
 * nothing off the socket and is made again.  Its length, or -errno with
 * nl->unsure set: no answer read, so the kernel may have done the
 * request or not, and what it answers later belongs to no request. */
static int vnl_recv(struct vnl *nl, int *eintr)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rbuf, VNL_BUFSZ);

		if (n >= 0)
			return (int)n;
		if (errno == EINTR && ++*eintr < VNL_EINTR_MAX)
			continue;
		nl->unsure = nl->stale = 1;
		return -errno;
	}
}

/*
 * Send the request in nl->sbuf and read until its ack (or NLMSG_DONE for
 * a dump).  Every other message with our sequence number goes to cb.
 * Messages of earlier requests are skipped.  Returns 0, the kernel's
 * error (negative, extended ack kept in nl->ext), a negative value from
 * cb, or -errno of the socket (nl->unsure set: whether the kernel got and
 * applied the request is not known).
 */
static int vnl_talk_once(struct vnl *nl, vnl_msg_cb cb, void *data, int *intr)
{
	struct nlmsghdr *req = (void *)nl->sbuf;
	int dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	int err, eintr = 0;
	uint32_t seq;

	if ((err = vnl_sock_ready(nl)) < 0)
		return err;
	seq = req->nlmsg_seq = ++nl->seq;
	req->nlmsg_pid = 0;
	if ((err = vnl_send(nl, req, req->nlmsg_len, &eintr)) < 0)
		return err;
	for (;;) {
		const struct nlmsghdr *nlh;
		int len = vnl_recv(nl, &eintr);

		if (len < 0)
			return len;
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

/*
 * Send the LEN bytes of requests in BUF (N messages, each with NLM_F_ACK,
 * built one after another) in one go, and read the answer of each: 0 or
 * the kernel's error into ERRS[i].  Returns 0 when every one was answered,
 * or -errno of the socket (nl->unsure set): the requests without an
 * answer then have that error in ERRS, and whether the kernel applied
 * them is not known.
 */
int vnl_talk_many(struct vnl *nl, char *buf, size_t len, int n, int *errs)
{
	struct nlmsghdr *req;
	uint32_t first;
	int left = n, i = 0, err, eintr = 0;
	size_t off;

	if ((err = vnl_sock_ready(nl)) < 0)
		goto fail;
	first = nl->seq + 1;
	for (off = 0; off < len && i < n; off += NLMSG_ALIGN(req->nlmsg_len), i++) {
		req = (void *)(buf + off);
		req->nlmsg_seq = ++nl->seq;
		req->nlmsg_pid = 0;
		errs[i] = 1;	/* no answer yet */
	}
	if ((err = vnl_send(nl, buf, len, &eintr)) < 0)
		goto fail;
	while (left > 0) {
		const struct nlmsghdr *nlh;
		int l = vnl_recv(nl, &eintr);

		if (l < 0) {
			err = l;
			goto fail;
		}
		for (nlh = (const void *)nl->rbuf; mnl_nlmsg_ok(nlh, l); nlh = mnl_nlmsg_next(nlh, &l)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
			uint32_t k = nlh->nlmsg_seq - first;

			if (nlh->nlmsg_type != NLMSG_ERROR || k >= (uint32_t)n || errs[k] != 1 ||
			    (nlh->nlmsg_pid && nlh->nlmsg_pid != nl->portid) ||
			    mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
				continue;	/* not an answer of ours */
			if (e->error)
				vnl_keep_extack(nl, nlh);
			errs[k] = e->error > 0 ? -e->error : e->error;
			left--;
		}
	}
	return 0;
fail:
	for (int k = 0; k < n; k++)
		if (k >= i || errs[k] == 1)
			errs[k] = err;
	return err;
}

/* A failure worth trying again for a read: interrupted, or the socket's
 * buffer overran (the kernel dropped messages; iproute2 retries too). */
static int vnl_retry_read(const struct vnl *nl, int err)
{
	return nl->unsure && (err == -EINTR || err == -ENOBUFS || err == -EAGAIN);
}

/* A request of type RTM_GET*: it changes nothing, so it may be resent. */
static int vnl_is_read(const struct nlmsghdr *req)
{
	return req->nlmsg_type >= RTM_BASE && req->nlmsg_type < RTM_MAX &&
	       (req->nlmsg_type & 3) == 2;
}

/*
 * vnl_talk_once; a read that is not a dump (vnl_dump resends those) is
 * sent again when the socket was interrupted or overran, up to
 * VNL_SOCK_TRIES times.  The callback then sees the answers of each try.
 */
int vnl_talk(struct vnl *nl, vnl_msg_cb cb, void *data, int *intr)
{
	const struct nlmsghdr *req = (const void *)nl->sbuf;
	int err, tries = vnl_is_read(req) && !(req->nlmsg_flags & NLM_F_DUMP) ? VNL_SOCK_TRIES : 1;

	for (int i = 0;; i++) {
		err = vnl_talk_once(nl, cb, data, intr);
		if (i + 1 >= tries || !vnl_retry_read(nl, err))
			return err;
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
int vnl_dump(struct vnl *nl, struct vnl_arena *ar)
{
	size_t reqlen = ((const struct nlmsghdr *)(void *)nl->sbuf)->nlmsg_len;
	char *req = malloc(reqlen);
	int err = -EAGAIN, i;

	if (!req)
		return -ENOMEM;
	memcpy(req, nl->sbuf, reqlen);
	for (i = 0; i < VNL_DUMP_TRIES; i++) {
		if (i > 0) {
			/* Let the writer that interrupted us finish. */
			struct timespec ts = { 0, 1000000L * i };

			nanosleep(&ts, NULL);
		}
		memcpy(nl->sbuf, req, reqlen);
		ar->len = 0;
		ar->intr = 0;
		err = vnl_talk_once(nl, vnl_arena_cb, ar, &ar->intr);
		if (err < 0 && !vnl_retry_read(nl, err))
			break;
		if (err == 0 && !ar->intr)
			break;
		/* flagged inconsistent, or the socket was interrupted or
		 * overran: the arena lacks messages, read it all again */
		nl->dump_retries++;
		if (err == 0)
			err = -EAGAIN;
	}
	free(req);
	if (i == VNL_DUMP_TRIES)
		snprintf(nl->ext, sizeof(nl->ext), "dump %s %d times",
			 nl->unsure ? "tried" : "interrupted", VNL_DUMP_TRIES);
	return err;
}

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

void vnl_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, int max)
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

uint32_t vnl_u32(const struct nlattr *a)
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

int vnl_alen(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

/* The name of link IFINDEX for messages ("link N" when it has none). */
const char *vnl_ifname(int ifindex, char buf[IF_NAMESIZE + 16])
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

/* The echo of a link the kernel made (NLM_F_ECHO): its index. */
static int vnl_created_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == RTM_NEWLINK && mnl_nlmsg_get_payload_len(nlh) >= sizeof(*ifi))
		*(int *)data = ifi->ifi_index;
	return 0;
}

static int vnl_link_new(struct vnl *nl, const char *name, const char *kind)
{
	unsigned char mac[6];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	/* NLM_F_ECHO: a kernel that honours it (6.3 on) sends the new link
	 * back, so that its index needs no query of its own. */
	nlh = vnl_link_build(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, name, &ifi);
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
	nl->created_index = 0;
	return vnl_talk(nl, vnl_created_cb, &nl->created_index, NULL);
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
	if (nl->no_dummy)
		kind = "ifb";
	err = vnl_link_new(nl, name, kind);
	if (err == -EOPNOTSUPP && !nl->no_dummy) {
		/* No dummy driver in this kernel: ifb holds addresses as well
		 * (and the handle need not ask again). */
		kind = "ifb";
		nl->no_dummy = 1;
		err = vnl_link_new(nl, name, kind);
	}
	if (err)
		return vnl_fail(nl, err, "creating link '%s'", name);
	if (alias && alias[0]) {
		err = vnl_alias_send(nl, name, alias);
		if (err) {
			char ext[sizeof(nl->ext)];
			int gone;

			memcpy(ext, nl->ext, sizeof(ext));
			gone = vnl_link_delete(nl, name);
			memcpy(nl->ext, ext, sizeof(ext));
			/* known only if the link is known to be gone again */
			nl->unsure = gone != 0 && gone != -ENODEV;
			return vnl_fail(nl, err, "setting alias of link '%s'", name);
		}
	}
	if (kind_out)
		snprintf(kind_out, 16, "%s", kind);
	return 0;
}

int vnl_created_index(const struct vnl *nl)
{
	return nl->created_index;
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

int vnl_check_addr(struct vnl *nl, int family, int prefixlen)
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
	ad = tb[IFA_ADDRESS] && mnl_attr_get_payload_len(tb[IFA_ADDRESS]) == (uint16_t)alen
		     ? tb[IFA_ADDRESS] : ad;
	memcpy(a->peer, mnl_attr_get_payload(ad), (size_t)alen);
	a->prefixlen = ifa->ifa_prefixlen;
	a->metric = tb[IFA_RT_PRIORITY] ? vnl_u32(tb[IFA_RT_PRIORITY]) : 0;
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
