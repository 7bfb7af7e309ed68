/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-vnl.c - the parts of the rtnetlink layer that need no privilege:
 * address text, checks made before anything reaches the kernel, and the
 * messages they leave on the handle.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "tap.h"
#include "vnl-internal.h"

static void test_text(void)
{
	unsigned char a[16];
	char buf[64];
	int family;

	is_int(vnl_parse_addr("10.68.6.1", &family, a), 0, "parse IPv4");
	is_int(family, AF_INET, "IPv4 family");
	is_str(vnl_ntop(family, a, buf, sizeof(buf)), "10.68.6.1", "IPv4 back to text");
	is_int(vnl_parse_addr("2001:db8:6::1", &family, a), 0, "parse IPv6");
	is_int(family, AF_INET6, "IPv6 family");
	is_str(vnl_ntop(family, a, buf, sizeof(buf)), "2001:db8:6::1", "IPv6 back to text");
	is_int(vnl_parse_addr("::ffff:10.0.0.1", &family, a), 0, "parse mapped IPv6");
	is_str(vnl_ntop(family, a, buf, sizeof(buf)), "::ffff:10.0.0.1", "mapped back to text");
	is_int(vnl_parse_addr("10.68.6.256", &family, a), -EINVAL, "IPv4 byte out of range");
	is_int(family, AF_UNSPEC, "no family for bad text");
	is_int(vnl_parse_addr("10.68.6.1/24", &family, a), -EINVAL, "prefix is not an address");
	is_int(vnl_parse_addr("", &family, a), -EINVAL, "empty text");
	is_int(vnl_parse_addr("fe80::1%eth0", &family, a), -EINVAL, "scoped IPv6");
	is_int(vnl_parse_addr(NULL, &family, a), -EINVAL, "NULL text");
	ok(vnl_ntop(AF_UNSPEC, a, buf, sizeof(buf)) == NULL, "ntop: unknown family");
	vnl_parse_addr("2001:db8:6::1", &family, a);
	ok(vnl_ntop(AF_INET6, a, buf, 8) == NULL, "ntop: buffer too short");
}

static void test_checks(void)
{
	struct vnl *nl = NULL;
	struct vnl_link l;
	unsigned char a[16] = { 10, 68, 6, 1 };

	is_str(vnl_errmsg(NULL), "out of memory", "message without a handle");
	if (!ok(vnl_open(&nl) == 0, "open a NETLINK_ROUTE socket")) {
		printf("# %s\n", vnl_errmsg(nl));
		vnl_close(nl);
		return;
	}
	is_str(vnl_errmsg(nl), "", "no message after open");
	is_int(vnl_link_create_vi(nl, "vi0123456789abcdef", "x", NULL), -EINVAL,
	       "name too long for IFNAMSIZ");
	is_str(vnl_errmsg(nl), "invalid interface name 'vi0123456789abcdef': Invalid argument",
	       "its message");
	is_int(vnl_link_get(nl, "", &l), -EINVAL, "empty name");
	is_str(vnl_errmsg(nl), "invalid interface name '': Invalid argument", "its message");
	is_int(vnl_link_delete(nl, NULL), -EINVAL, "no name");
	is_int(vnl_addr_add(nl, 1, AF_INET, a, 33, 0), -EINVAL, "IPv4 prefix length 33");
	is_str(vnl_errmsg(nl), "invalid prefix length 33: Invalid argument", "its message");
	is_int(vnl_addr_add(nl, 1, AF_INET6, a, -1, 0), -EINVAL, "negative prefix length");
	is_int(vnl_addr_del(nl, 1, AF_UNIX, a, 8), -EAFNOSUPPORT, "not an IP family");
	is_str(vnl_errmsg(nl), "unsupported address family 1: Address family not supported by protocol",
	       "its message");
	vnl_close(nl);
	vnl_close(NULL);
}

int main(void)
{
	test_text();
	test_checks();
	return tap_done();
}
