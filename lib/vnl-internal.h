/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vnl-internal.h - the rtnetlink layer inside libvipa: links, addresses,
 * routes and monitoring, for the device layer and the tests (not exported
 * from libvipa.so; vnl.h has the handle users see).
 *
 * Every function returns 0 (or a count) on success and a negative errno
 * value on failure, with the handle's message as vnl.h says.  List and
 * dump functions read the whole answer from the kernel first and only
 * then call the callback, so a callback may use the same handle (for
 * example vnl_route_oifs or vnl_route_set_prefsrc).  A callback returns 0
 * to go on; any other value stops the walk and is returned.
 */
#ifndef VIPA_VNL_INTERNAL_H
#define VIPA_VNL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "vipa-private.h"
#include "vnl.h"

/* How many dumps on this handle were restarted because the kernel flagged
 * them NLM_F_DUMP_INTR. */
unsigned long vnl_dump_retries(const struct vnl *nl);
/* The netlink port of the handle's socket: the sender (vnl_route_sender)
 * that the events of its own requests name. */
uint32_t vnl_portid(const struct vnl *nl);

/*
 * 1 when the last request failed on the socket (sending it, or reading
 * its answer: EINTR, ENOBUFS, EIO, ...) rather than by the kernel's
 * answer: a change may then have been applied or not, and only reading
 * the kernel back tells.  0 after an answer (an ack or the kernel's own
 * error, such as -ENODEV for a link that does not exist).  Reads (links,
 * addresses, routes, dumps) are retried on EINTR and ENOBUFS a bounded
 * number of times before they fail.
 */
int vnl_unsure(const struct vnl *nl);

/*
 * An identifier of the handle's network namespace, never the same for two
 * namespaces while the system runs: the kernel's namespace cookie, else
 * (before Linux 5.14) the namespace's inode.  Returns 0 or -errno.
 */
int vnl_netns_id(const struct vnl *nl, uint64_t *out);

/* Call fn for every link.  Returns 0, fn's non-zero value, or -errno. */
int vnl_link_list(struct vnl *nl,
		  int (*fn)(const struct vnl_link *l, void *arg), void *arg);
/*
 * Create the link NAME to hold a VIPA: kind dummy or, when the kernel has
 * no dummy driver, ifb.  The link is created down, with IFF_NOARP, and gets
 * ALIAS (may be NULL) as its IFLA_IFALIAS.  If the alias cannot be set the
 * link is deleted again.  kind_out (may be NULL) receives the kind used.
 * The kernel applies no alias in the creating request, so the link is
 * also created with a MAC address of our own prefix (02:76:69, the rest
 * random): that mark (vnl_link.marked) is there from the link's first
 * moment, even if the process dies before the alias is set.
 * Returns 0 or -errno (-EEXIST if a link NAME exists).
 */
int vnl_link_create_vi(struct vnl *nl, const char *name, const char *alias,
		       char kind_out[16]);
/* The index of the link the last successful vnl_link_create_vi made, or
 * 0 when the kernel did not say (before Linux 6.3 it does not echo a new
 * link): then ask with vnl_link_get. */
int vnl_created_index(const struct vnl *nl);
/* Set (or with NULL/"" clear) the alias of link NAME.  Returns 0 or -errno. */
int vnl_link_set_alias(struct vnl *nl, const char *name, const char *alias);
/* Delete link NAME.  Returns 0, -ENODEV if there is none, or -errno. */
int vnl_link_delete(struct vnl *nl, const char *name);
/* Set link NAME up (up != 0) or down.  Returns 0 or -errno. */
int vnl_link_set_up(struct vnl *nl, const char *name, int up);

/* ---- addresses ---- */

struct vnl_addr {
	int family;			/* AF_INET or AF_INET6 */
	int ifindex;
	unsigned char addr[16];		/* IFA_LOCAL (IPv4) or IFA_ADDRESS */
	unsigned char peer[16];		/* IFA_ADDRESS: the peer of a point-to-point
					 * IPv4 address, else the same as addr */
	int prefixlen;
	uint32_t metric;		/* IFA_RT_PRIORITY (the metric of its prefix
					 * route), 0 if none */
	uint32_t flags;			/* IFA_F_*, from IFA_FLAGS when present */
	char label[16];			/* IFA_LABEL, "" if none */
	uint32_t preferred_lft, valid_lft;	/* seconds, 0xffffffff = forever */
};

/*
 * Add ADDR/PREFIXLEN to link IFINDEX with FLAGS (IFA_F_NOPREFIXROUTE,
 * IFA_F_NODAD, ...), sent as the u32 IFA_FLAGS, lifetimes forever, with
 * NLM_F_CREATE|NLM_F_EXCL.  Returns 0, -EEXIST if the link has it already,
 * or -errno.
 */
int vnl_addr_add(struct vnl *nl, int ifindex, int family, const void *addr,
		 int prefixlen, uint32_t flags);
/*
 * Delete ADDR/PREFIXLEN from link IFINDEX.  Mind that the kernel deletes
 * every IPv4 route whose preferred source is that address.  Returns 0,
 * -EADDRNOTAVAIL if the link does not have it, or -errno.
 */
int vnl_addr_del(struct vnl *nl, int ifindex, int family, const void *addr,
		 int prefixlen);
/*
 * Call fn for every address of FAMILY (AF_UNSPEC: both) on link IFINDEX
 * (0: every link).  Returns 0, fn's non-zero value, or -errno.
 */
int vnl_addr_list(struct vnl *nl, int family, int ifindex,
		  int (*fn)(const struct vnl_addr *a, void *arg), void *arg);

/* ---- routes ---- */

/*
 * A route is the kernel's own RTM_NEWROUTE message, kept whole.  The
 * pointers passed to a vnl_route_dump callback are valid during the call
 * only: keep one with vnl_route_dup().
 */
struct vnl_route;

/*
 * Call fn for every route of FAMILY (AF_INET, AF_INET6 or AF_UNSPEC) in
 * every table, the local table included; cached clones are left out.
 * Returns 0, fn's non-zero value, or -errno.
 */
int vnl_route_dump(struct vnl *nl, int family,
		   int (*fn)(const struct vnl_route *r, void *arg), void *arg);
/* A copy of R to keep (NULL when out of memory); free it with vnl_route_free. */
struct vnl_route *vnl_route_dup(const struct vnl_route *r);
void vnl_route_free(struct vnl_route *r);

/* AF_INET or AF_INET6. */
int vnl_route_family(const struct vnl_route *r);
/* The table id (RTA_TABLE, else rtm_table): 254 main, 255 local, ... */
uint32_t vnl_route_table(const struct vnl_route *r);
/* RTN_UNICAST, RTN_LOCAL, RTN_BLACKHOLE, ... */
int vnl_route_type(const struct vnl_route *r);
/* The protocol (RTPROT_KERNEL, RTPROT_BOOT, RTPROT_STATIC, ...). */
int vnl_route_protocol(const struct vnl_route *r);
/* The scope (RT_SCOPE_UNIVERSE, RT_SCOPE_LINK, RT_SCOPE_HOST, ...). */
int vnl_route_scope(const struct vnl_route *r);
/* The metric (RTA_PRIORITY), 0 if none. */
uint32_t vnl_route_priority(const struct vnl_route *r);
/* The destination: copies 4 or 16 bytes into addr16_out (zeros for a default
 * route) and returns the prefix length. */
int vnl_route_dst(const struct vnl_route *r, void *addr16_out);
/* Copies RTA_PREFSRC into addr16_out (4 or 16 bytes, may be NULL) and
 * returns 1 if the route has one, 0 if not. */
int vnl_route_prefsrc(const struct vnl_route *r, void *addr16_out);
/* The TOS (rtm_tos). */
int vnl_route_tos(const struct vnl_route *r);
/* The nexthop object id (RTA_NH_ID) or 0. */
uint32_t vnl_route_nhid(const struct vnl_route *r);

/*
 * A hash of what the route leads to: type, scope, output interface,
 * gateway, nexthop object id, encapsulation and every multipath nexthop
 * (without the kernel's state flags such as dead or linkdown).  Not the
 * source, metrics or protocol: two messages of one route with the same
 * hash have the same nexthops.
 */
uint64_t vnl_route_nexthops_hash(const struct vnl_route *r);
/*
 * 1 if A and B are twins: the same family, table, destination, TOS,
 * metric, type and nexthops (vnl_route_nexthops_hash), so that they may
 * differ only in RTA_PREFSRC, protocol and metrics.  IPv4 keeps such
 * twins side by side when one was added with NLM_F_CREATE (and
 * NLM_F_APPEND) but without NLM_F_REPLACE or NLM_F_EXCL and another
 * source; IPv6 refuses them.
 */
int vnl_route_same_but_src(const struct vnl_route *a, const struct vnl_route *b);
/*
 * During a vnl_route_dump callback: the I-th twin of R (0, 1, ...) among
 * the routes of the same dump, as they were when it was read; NULL when
 * there are no more.  A copy from vnl_route_dup has none.
 */
const struct vnl_route *vnl_route_twin(const struct vnl_route *r, int i);
/*
 * During a vnl_route_dump callback: the I-th other route of R's table and
 * prefix (any TOS, metric, device) in the same dump; NULL when there are
 * no more.  A copy from vnl_route_dup has none.
 */
const struct vnl_route *vnl_route_sibling(const struct vnl_route *r, int i);
/* 1 if the route leads through a gateway (RTA_GATEWAY, RTA_VIA), has
 * multipath nexthops or a nexthop object, 0 if it is on-link only. */
int vnl_route_has_gateway(const struct vnl_route *r);
/* The netlink header flags of the message (an event's NLM_F_REPLACE,
 * NLM_F_APPEND, ...). */
unsigned vnl_route_nlflags(const struct vnl_route *r);
/* The netlink port of the socket whose request an event reports (its
 * nlmsg_pid): 0 when the kernel changed the route on its own, with an
 * address, a link or a nexthop object that went. */
uint32_t vnl_route_sender(const struct vnl_route *r);

/*
 * The output interfaces of all the route's nexthops: RTA_OIF, every
 * RTA_MULTIPATH nexthop, and RTA_NH_ID nexthop objects (groups included)
 * resolved with RTM_GETNEXTHOP.  Each ifindex appears once; at most MAX
 * are stored.  Returns how many there are (may exceed MAX; 0 for a route
 * without any: blackhole, unreachable, prohibit, throw) or -errno.
 */
int vnl_route_oifs(struct vnl *nl, const struct vnl_route *r,
		   int *ifindexes, int max);
/*
 * vnl_route_oifs keeps the nexthop objects it read until the next route
 * dump on the handle; forget them now (the kernel may have changed them).
 */
void vnl_nexthops_forget(struct vnl *nl);
/*
 * The route in one line for messages: "10.68.1.0/24 dev en1 table 254",
 * with " nhid N" instead of the device for a nexthop object, no device for
 * a multipath route, and " metric N" when it has one.  Returns what
 * snprintf returns.
 */
int vnl_route_format(const struct vnl_route *r, char *buf, size_t len);
/*
 * Send R back with its RTA_PREFSRC set to ADDR (NULL: removed) as
 * RTM_NEWROUTE with NLM_F_REPLACE: every other attribute (metrics,
 * protocol, multipath nexthops, nexthop object id, expiry, ...) stays as
 * in R.  The kernel refuses a source that is not local (-EINVAL,
 * "Invalid prefsrc address").  Returns 0 or -errno.
 *
 * R may be an older copy from vnl_route_dup (to undo a change): its own
 * RTA_PREFSRC is not used to find the route, and the request is sent even
 * if R already carries ADDR.  Check vnl_route_prefsrc() first to skip
 * routes that need no change.
 *
 * NLM_F_REPLACE hits the FIRST route of the same table, prefix and metric
 * (IPv4: and TOS) whatever its device; for the others (IPv4 twins added
 * with NLM_F_APPEND such as two connected routes for one subnet, IPv6
 * routes without gateway such as fe80::/64 on each link) the route is
 * added anew and the old one deleted: IPv4 adds first, so the prefix is
 * never without it; IPv6 must delete first (it refuses a duplicate
 * nexthop), so that route is missing for the moment in between, and is
 * put back as it was if the kernel refuses the new one.
 */
int vnl_route_set_prefsrc(struct vnl *nl, const struct vnl_route *r,
			  const void *addr);
/*
 * Delete exactly route R, an IPv4 route with RTA_PREFSRC: RTM_DELROUTE
 * built from the kernel's message with its own RTA_PREFSRC, protocol,
 * type, scope, TOS, metric and nexthops, so that the kernel deletes R and
 * not a twin (vnl_route_same_but_src) with another source.  A route
 * without RTA_PREFSRC (or an IPv6 one: the kernel does not match on it)
 * cannot be singled out so: -EINVAL, nothing sent.  Returns 0, -ESRCH if
 * the kernel has no such route, or -errno.
 */
int vnl_route_delete(struct vnl *nl, const struct vnl_route *r);
/*
 * Add R as it is (its RTA_PREFSRC too) behind its twins: RTM_NEWROUTE
 * with NLM_F_CREATE|NLM_F_APPEND, to undo vnl_route_delete.  Returns 0,
 * -EEXIST if the kernel has that route, or -errno.
 */
int vnl_route_add(struct vnl *nl, const struct vnl_route *r);
/*
 * The route as text to keep (a record in the object store): the hex of
 * its rtmsg and attributes as a request takes them back, that is without
 * what the kernel reports but does not take, or changes by itself: the
 * route's and its nexthops' state flags (dead, linkdown, offload),
 * RTA_CACHEINFO (statistics, expiry), the nexthops a nexthop object
 * expands to; and, unless KEEP_SRC, without RTA_PREFSRC.  Two messages
 * of one route that differ in nothing else give the same text.  Returns
 * a string to free, or NULL without memory.
 */
char *vnl_route_hex(const struct vnl_route *r, int keep_src);
/*
 * The route of a text made by vnl_route_hex, checked (hex digits, an
 * rtmsg of AF_INET or AF_INET6, whole attributes, addresses of the
 * family's size, no more than a request can carry), into *out (free it
 * with vnl_route_free).  Returns 0, -EINVAL for a text that is none, or
 * -ENOMEM.
 */
int vnl_route_from_hex(const char *hex, struct vnl_route **out);
/* Give each of the N routes V (copies, or read from text) the name of its
 * output link for vnl_route_format, from one link dump: cheaper than
 * asking the kernel for each route's.  A route whose link is unknown
 * keeps none. */
void vnl_route_names(struct vnl *nl, struct vnl_route **v, size_t n);
/* A copy of R with RTA_PREFSRC set to ADDR (NULL: none), as
 * vnl_route_hex leaves it otherwise; NULL without memory. */
struct vnl_route *vnl_route_with_src(const struct vnl_route *r, const void *addr);
/* The name vnl_route_format gives R's output link (a link that is not
 * there yet: a dry run's). */
void vnl_route_name_oif(struct vnl_route *r, const char *name);
/* In R, every nexthop through link FROM (RTA_OIF, multipath nexthops)
 * now leads through link TO.  Returns how many were moved. */
int vnl_route_move_oif(struct vnl_route *r, int from, int to);
/*
 * vnl_route_add of the N routes R at once: the requests go out together
 * (64 in one send) and each answer is read, 0 or the
 * kernel's error into ERRS[i] (-EEXIST: the kernel has that route).
 * Returns 0, or -errno when the socket failed (vnl_unsure() is then 1, and
 * the routes without an answer have that error: whether the kernel added
 * them is not known).  The handle's message is that of the last refusal
 * (its extended ack) or of the socket's failure.
 */
int vnl_route_add_many(struct vnl *nl, struct vnl_route *const *r, int n, int *errs);
/*
 * Delete route R as R describes it, its RTA_PREFSRC included when it has
 * one (the undo of a vnl_route_add of R): RTM_DELROUTE.  Returns 0,
 * -ESRCH if the kernel has no such route, or -errno.
 */
int vnl_route_remove(struct vnl *nl, const struct vnl_route *r);
/*
 * Ask the kernel which source it would use to reach DST (like `ip route
 * get`): copies it into src_out (4 or 16 bytes).  Returns 0, -ENODATA if
 * the answer has no source, or -errno (-ENETUNREACH, ...).
 */
int vnl_route_get(struct vnl *nl, int family, const void *dst, void *src_out);

/* ---- address text ---- */

/*
 * Parse an IPv4 or IPv6 address (inet_pton, no prefix).  Sets *family and
 * addr (4 or 16 bytes used).  Returns 0 or -EINVAL.
 */
int vnl_parse_addr(const char *s, int *family, unsigned char addr[16]);
/* inet_ntop: returns buf, or NULL if the family is unknown or buf too short. */
const char *vnl_ntop(int family, const void *addr, char *buf, size_t len);

/* ---- monitoring ---- */

/*
 * Open a NETLINK_ROUTE socket that listens to the multicast groups in
 * GROUPS_MASK: bit N set for rtnetlink group N (1u << RTNLGRP_LINK, ...;
 * groups 1 to 31).  The socket does not block; its receive buffer is made
 * large.  Returns 0 or -errno; *out is set as vnl_open sets it.  A
 * monitor handle is only for vnl_monitor_fd and vnl_monitor_drain.
 */
int vnl_monitor_open(struct vnl **out, unsigned groups_mask);
/* The socket to poll for POLLIN. */
int vnl_monitor_fd(const struct vnl *nl);
/*
 * Read every message waiting on a monitor handle without blocking and
 * call fn (may be NULL) for each: TYPE is its nlmsg_type (RTM_NEWLINK,
 * RTM_NEWROUTE, ...) and R the route for RTM_NEWROUTE and RTM_DELROUTE
 * (NULL otherwise; valid during the call only).  When the kernel dropped
 * messages (the socket overflowed) fn is called once with TYPE 0 and R
 * NULL: the caller must assume anything changed.  Returns how many
 * messages were read (an overflow counts as one), or -errno.
 */
int vnl_monitor_drain(struct vnl *nl,
		      void (*fn)(int type, const struct vnl_route *r, void *arg),
		      void *arg);

#endif
