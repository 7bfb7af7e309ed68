/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vnl.h - the rtnetlink handle of libvipa, as the device reports take it
 * (vdev_ifconfig in vdev-show.h): open, close, the message of the last
 * failure, and a link by name.  The links, addresses, routes and monitor
 * of the layer are internal (vnl-internal.h).
 *
 * Stable: everything declared here is part of ABI LIBVIPA_0, as vipa.h
 * says.
 *
 * One handle owns one NETLINK_ROUTE socket with extended acks turned on.
 * Errors are reported as vipa-error.h says, except that the codes are the
 * kernel's own: a negative errno value.  The message, for example
 *   setting source 10.9.9.9 on route '0.0.0.0/0 dev en1 table 254': Invalid
 *   argument (Invalid prefsrc address)
 * (one line) where the text in parentheses is the kernel's extended ack,
 * when it sent one.
 * Nothing here prints or exits.
 */
#ifndef VIPA_VNL_H
#define VIPA_VNL_H

#ifdef __cplusplus
extern "C" {
#endif

struct vnl;

/*
 * Open a NETLINK_ROUTE socket in the caller's network namespace.
 * Returns 0 or -errno.  *out is set even on failure when memory allows, so
 * that vnl_errmsg() can tell why; the caller closes it in both cases.
 */
int vnl_open(struct vnl **out);
/* Close the socket and free the handle (NULL is fine). */
void vnl_close(struct vnl *nl);
/* The message of the last failure on this handle ("" if none). */
const char *vnl_errmsg(const struct vnl *nl);

/* ---- links ---- */

struct vnl_link {
	int index;
	char name[16];		/* IFNAMSIZ */
	char kind[16];		/* IFLA_INFO_KIND, "" if none (lo, ...) */
	char alias[256];	/* IFLA_IFALIAS, "" if none */
	unsigned flags;		/* IFF_* */
	int up;			/* IFF_UP set */
	int marked;		/* made by vnl_link_create_vi: MAC 02:76:69:... */
};

/* Fill *out for the link NAME.  Returns 0, -ENODEV if there is none. */
int vnl_link_get(struct vnl *nl, const char *name, struct vnl_link *out);

#ifdef __cplusplus
}
#endif

#endif
