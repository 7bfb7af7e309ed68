/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-vnl.c - the parts of the rtnetlink layer that need no privilege:
 * address text, checks made before anything reaches the kernel, and the
 * messages they leave on the handle.
 */
#include <errno.h>
#include <stdlib.h>
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

/*
 * A route as a record keeps it: the text is read back to the same route,
 * and text that is none (read from a repository anyone with odmadd could
 * have written) is refused before it can reach the kernel.
 */
static void test_hex(void)
{
	/* rtmsg AF_INET /24 table main, proto boot, scope universe, unicast;
	 * RTA_TABLE 254, RTA_DST 10.70.0.0, RTA_GATEWAY 10.68.1.2, RTA_OIF 2,
	 * RTA_PREFSRC 10.68.6.1 */
	static const char good[] =
		"02180000fe03000100000000" "08000f00fe000000080001000a460000"
		"0800050" "00a440102" "0800040002000000" "08000700" "0a440601";
	unsigned char src[16] = { 10, 68, 6, 9 };
	struct vnl_route *r = NULL, *c;
	char *hex, bad[sizeof(good)];
	unsigned char a[16];

	is_int(vnl_route_from_hex(good, &r), 0, "hex: a route's text is read");
	if (!r)
		return;
	is_int(vnl_route_family(r), AF_INET, "hex: its family");
	is_int(vnl_route_dst(r, a), 24, "hex: its prefix length");
	is_int(a[0] == 10 && a[1] == 70, 1, "hex: its destination");
	is_int(vnl_route_table(r), 254, "hex: its table");
	ok(vnl_route_prefsrc(r, a) && a[3] == 1, "hex: its source");
	hex = vnl_route_hex(r, 1);
	is_str(hex, good, "hex: written back the same, source kept");
	free(hex);
	hex = vnl_route_hex(r, 0);
	ok(hex && strlen(hex) == strlen(good) - 16, "hex: written back without the source");
	free(hex);
	c = vnl_route_with_src(r, src);
	ok(c && vnl_route_prefsrc(c, a) && a[3] == 9, "hex: another source set");
	ok(c && vnl_route_dst(c, a) == 24 && vnl_route_table(c) == 254, "hex: nothing else changed");
	is_int(c ? vnl_route_move_oif(c, 2, 7) : -1, 1, "hex: its nexthop moved to another link");
	vnl_route_free(c);
	vnl_route_free(r);

	is_int(vnl_route_from_hex("", &r), -EINVAL, "hex: empty");
	ok(r == NULL, "hex: no route for it");
	is_int(vnl_route_from_hex(NULL, &r), -EINVAL, "hex: none");
	memcpy(bad, good, sizeof(good));
	bad[sizeof(good) - 2] = '\0';
	is_int(vnl_route_from_hex(bad, &r), -EINVAL, "hex: odd length");
	memcpy(bad, good, sizeof(good));
	bad[5] = 'g';
	is_int(vnl_route_from_hex(bad, &r), -EINVAL, "hex: not a hex digit");
	memcpy(bad, good, sizeof(good));
	bad[5] = 'A';
	is_int(vnl_route_from_hex(bad, &r), -EINVAL, "hex: upper case is not ours");
	memcpy(bad, good, sizeof(good));
	bad[1] = '1';	/* AF_UNIX */
	is_int(vnl_route_from_hex(bad, &r), -EINVAL, "hex: not an IP family");
	memcpy(bad, good, sizeof(good));
	bad[2] = '2';	/* a /40 in IPv4 */
	bad[3] = '8';
	is_int(vnl_route_from_hex(bad, &r), -EINVAL, "hex: prefix longer than the address");
	memcpy(bad, good, sizeof(good));
	bad[sizeof(good) - 9] = '\0';	/* the last attribute cut short */
	is_int(vnl_route_from_hex(bad, &r), -EINVAL, "hex: an attribute cut short");
	memcpy(bad, good, sizeof(good));
	bad[25] = '6';	/* RTA_TABLE's length 6: not a u32 */
	is_int(vnl_route_from_hex(bad, &r), -EINVAL, "hex: a table of the wrong size");
	memcpy(bad, good, sizeof(good));
	bad[56] = '0';	/* RTA_GATEWAY's length 0x08 to 0x0c: past its room */
	bad[57] = 'c';
	is_int(vnl_route_from_hex(bad, &r), -EINVAL, "hex: a gateway of the wrong size");
	is_int(vnl_route_from_hex("0218000000fe0300010000", &r), -EINVAL, "hex: shorter than an rtmsg");
}

int main(void)
{
	test_text();
	test_checks();
	test_hex();
	return tap_done();
}
