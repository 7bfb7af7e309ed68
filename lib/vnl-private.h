/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vnl-private.h - what the two files of the rtnetlink layer share: vnl.c
 * (the handle, the socket, sending, receiving, dumps, links, addresses,
 * monitoring) and vnl-route.c (routes and nexthop objects).  Nothing here
 * is seen outside lib/vnl*.c.
 */
#ifndef VIPA_VNL_PRIVATE_H
#define VIPA_VNL_PRIVATE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "vnl-internal.h"

/* Big enough for any message the kernel sends (dumps use at most 32 KiB). */
#define VNL_BUFSZ 65536
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
	/* The last request failed on the socket, not by the kernel's answer:
	 * a change may or may not have been applied (see vnl_unsure). */
	int unsure;
	/* The socket may still hold answers or a dump in progress of a
	 * request we gave up on: the next request opens a new one. */
	int stale;
	/* The kernel has no dummy driver: VIPA links are ifb links. */
	int no_dummy;
	/* The index of the link the last vnl_link_create_vi made, from the
	 * kernel's echo; 0 when it sent none. */
	int created_index;
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
	uint32_t ngroup;		/* in a dump: the routes of its table and prefix, */
	struct vnl_route *const *group;	/* R among them (a copy: 0, NULL) */
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

/* The room an entry of PREFIX bytes and a message of LEN bytes takes:
 * a multiple of 8, so that each entry's prefix (struct vnl_route holds a
 * pointer) is aligned as its members need. */
#define VNL_ARENA_ENTRY(prefix, len) \
	(((size_t)(prefix) + NLMSG_ALIGN(len) + 7) & ~(size_t)7)

/* Walk the messages of an arena; off is a size_t cursor. */
#define vnl_arena_for_each(nlh, ar, off) \
	for ((off) = 0; (off) < (ar)->len && \
	     ((nlh) = (const void *)((ar)->buf + (off) + (ar)->prefix), 1); \
	     (off) += VNL_ARENA_ENTRY((ar)->prefix, (nlh)->nlmsg_len))

/* vnl.c: errors */
__attribute__((format(printf, 3, 4)))
int vnl_fail(struct vnl *nl, int err, const char *fmt, ...);

/* vnl.c: the handle's cache of nexthop objects, dropped */
void vnl_nh_drop(struct vnl *nl);

/* vnl.c: talking to the kernel (see there) */
struct nlmsghdr *vnl_put_header(struct vnl *nl, uint16_t type, uint16_t flags);
int vnl_talk(struct vnl *nl, vnl_msg_cb cb, void *data, int *intr);
int vnl_talk_many(struct vnl *nl, char *buf, size_t len, int n, int *errs);
int vnl_dump(struct vnl *nl, struct vnl_arena *ar);

/* vnl.c: attributes */
void vnl_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, int max);
uint32_t vnl_u32(const struct nlattr *a);
/* 4 for AF_INET, 16 for AF_INET6, else 0. */
int vnl_alen(int family);
/* The name of link IFINDEX for messages ("link N" when it has none). */
const char *vnl_ifname(int ifindex, char buf[IF_NAMESIZE + 16]);
/* An address family and prefix length a request may carry, else an error. */
int vnl_check_addr(struct vnl *nl, int family, int prefixlen);

#endif
