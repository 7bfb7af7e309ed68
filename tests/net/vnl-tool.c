/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnl-tool - drives the rtnetlink layer (lib/vnl.h) for the tests in
 * tests/ts/net.  One subcommand per run; errors print vnl_errmsg() and
 * exit 1, usage errors exit 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "vnl.h"
#include "vnl-internal.h"

static struct vnl *nl;

static int usage(void)
{
	fputs("usage: vnl-tool mklink NAME [ALIAS] | rmlink NAME | link NAME | links\n"
	      "       | up NAME | down NAME | alias NAME [ALIAS]\n"
	      "       | addr-add IFNAME ADDR/LEN [noprefixroute] [nodad] | addr-del IFNAME ADDR/LEN\n"
	      "       | addrs [IFNAME] | routes [4|6] | route-get ADDR\n"
	      "       | set-prefsrc-all-via IFNAME[,IFNAME]... ADDR|none [4|6]\n"
	      "       | set-undo-via IFNAME[,IFNAME]... ADDR | count-addrs N PREFIX\n"
	      "       | readd-via IFNAME[,IFNAME]... 4|6 [ADDR]\n", stderr);
	return 2;
}

static int fail(void)
{
	fprintf(stderr, "vnl-tool: %s\n", vnl_errmsg(nl));
	return 1;
}

static int ifindex(const char *name, int *out)
{
	struct vnl_link l;

	if (vnl_link_get(nl, name, &l) < 0)
		return -1;
	*out = l.index;
	return 0;
}

static int parse_prefix(const char *s, int *family, unsigned char addr[16], int *plen)
{
	char buf[64], *slash, *end;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (!slash)
		return -1;
	*slash++ = '\0';
	*plen = (int)strtol(slash, &end, 10);
	if (*end || end == slash)
		return -1;
	return vnl_parse_addr(buf, family, addr);
}

static int print_link(const struct vnl_link *l, void *arg)
{
	printf("%s kind=%s alias='%s' %s%s%s\n", l->name, l->kind[0] ? l->kind : "-", l->alias,
	       l->up ? "up" : "down", l->flags & 0x80 /* IFF_NOARP */ ? " noarp" : "",
	       l->marked ? " marked" : "");
	return 0;
}

static int print_addr(const struct vnl_addr *a, void *arg)
{
	char buf[64];

	if (a->family == AF_INET6 && a->addr[0] == 0xfe && (a->addr[1] & 0xc0) == 0x80)
		return 0;	/* link-local: random on ifb and veth */
	printf("ifindex-%s %s/%d flags=0x%x label='%s' preferred=%d valid=%d\n",
	       a->ifindex == *(int *)arg ? "match" : "other",
	       vnl_ntop(a->family, a->addr, buf, sizeof(buf)), a->prefixlen, a->flags, a->label,
	       a->preferred_lft == 0xffffffffU ? -1 : (int)a->preferred_lft,
	       a->valid_lft == 0xffffffffU ? -1 : (int)a->valid_lft);
	return 0;
}

static int print_route(const struct vnl_route *r, void *arg)
{
	char buf[128], src[64];
	unsigned char a[16];
	int oifs[8], n, i;

	if (vnl_route_table(r) == RT_TABLE_LOCAL)
		return 0;
	vnl_route_format(r, buf, sizeof(buf));
	printf("%s type %d proto %d", buf, vnl_route_type(r), vnl_route_protocol(r));
	if (vnl_route_prefsrc(r, a))
		printf(" prefsrc %s", vnl_ntop(vnl_route_family(r), a, src, sizeof(src)));
	if (vnl_route_nhid(r))
		printf(" nhid %u", vnl_route_nhid(r));
	n = vnl_route_oifs(nl, r, oifs, 8);
	if (n < 0)
		return n;
	printf(" oifs %d:", n);
	for (i = 0; i < n && i < 8; i++)
		printf(" %d", oifs[i]);
	printf("\n");
	return 0;
}

struct via {
	int ifs[16], nifs;
	const unsigned char *addr;	/* NULL: remove */
	int family;
};

static int all_via(const struct via *v, const struct vnl_route *r);

static int set_via(const struct vnl_route *r, void *arg)
{
	struct via *v = arg;
	char buf[128];
	int q = all_via(v, r);

	if (q <= 0)
		return q;
	if (vnl_route_set_prefsrc(nl, r, v->addr) < 0)
		return -1;
	vnl_route_format(r, buf, sizeof(buf));
	printf("%s %s\n", v->addr ? "set" : "cleared", buf);
	return 0;
}

struct count {
	const char *prefix;
	long n;
};

static int count_addr(const struct vnl_addr *a, void *arg)
{
	struct count *c = arg;
	char buf[64];

	if (!strncmp(vnl_ntop(a->family, a->addr, buf, sizeof(buf)), c->prefix, strlen(c->prefix)))
		c->n++;
	return 0;
}

/* N address dumps: the range of addresses starting with PREFIX seen, and
 * whether any dump had to be restarted. */
static int count_addrs(int n, const char *prefix)
{
	long min = -1, max = -1;
	int failed = 0, i;

	/* at least n dumps, and on until one was restarted (bounded): how
	 * soon the churn beside it interrupts a dump depends on scheduling */
	for (i = 0; i < n || (!vnl_dump_retries(nl) && i < 100 * n); i++) {
		struct count c = { prefix, 0 };

		if (vnl_addr_list(nl, AF_UNSPEC, 0, count_addr, &c) < 0) {
			failed++;
			fprintf(stderr, "vnl-tool: %s\n", vnl_errmsg(nl));
			continue;
		}
		if (min < 0 || c.n < min)
			min = c.n;
		if (c.n > max)
			max = c.n;
	}
	printf("dumps %d failed %d count %ld..%ld restarted %s\n", n, failed, min, max,
	       vnl_dump_retries(nl) ? "yes" : "no");
	return failed ? 1 : 0;
}

/* Routes kept with vnl_route_dup, as a caller keeps them to undo changes. */
struct kept {
	struct via *v;
	struct vnl_route *r[256];
	int n;
	int with_src;		/* count: routes via the links with the source */
};

/* Whether every nexthop of R leaves through one of v's links. */
static int all_via(const struct via *v, const struct vnl_route *r)
{
	int oifs[16], n, i, j;

	if (vnl_route_family(r) != v->family || vnl_route_table(r) == RT_TABLE_LOCAL ||
	    vnl_route_type(r) != RTN_UNICAST)
		return 0;
	n = vnl_route_oifs(nl, r, oifs, 16);
	if (n <= 0 || n > 16)
		return n < 0 ? n : 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < v->nifs && v->ifs[j] != oifs[i]; j++)
			;
		if (j == v->nifs)
			return 0;
	}
	return 1;
}

static int keep_cb(const struct vnl_route *r, void *arg)
{
	struct kept *k = arg;
	int q = all_via(k->v, r);

	if (q <= 0)
		return q;
	if (k->n == 256 || !(k->r[k->n] = vnl_route_dup(r)))
		return -1;
	k->n++;
	return 0;
}

static int count_cb(const struct vnl_route *r, void *arg)
{
	struct kept *k = arg;
	unsigned char a[16];
	int q = all_via(k->v, r);

	if (q < 0)
		return q;
	if (q && vnl_route_prefsrc(r, a) && !memcmp(a, k->v->addr, vnl_route_family(r) == AF_INET ? 4 : 16))
		k->with_src++;
	return 0;
}

/*
 * Keep copies of the routes via the links, give them the source from the
 * copies, then undo from the same copies (each back to the source it had):
 * how many routes have the source after each step.
 */
static int set_undo(struct via *v)
{
	struct kept k = { .v = v };
	unsigned char old[16];
	int rc = 1, i;

	if (vnl_route_dump(nl, v->family, keep_cb, &k) < 0)
		goto out;
	for (i = 0; i < k.n; i++)
		if (vnl_route_set_prefsrc(nl, k.r[i], v->addr) < 0)
			goto out;
	k.with_src = 0;
	if (vnl_route_dump(nl, v->family, count_cb, &k) < 0)
		goto out;
	printf("kept %d routes, %d with the source after the change\n", k.n, k.with_src);
	for (i = k.n; i-- > 0;)
		if (vnl_route_set_prefsrc(nl, k.r[i], vnl_route_prefsrc(k.r[i], old) ? old : NULL) < 0)
			goto out;
	k.with_src = 0;
	if (vnl_route_dump(nl, v->family, count_cb, &k) < 0)
		goto out;
	printf("%d with the source after the undo\n", k.with_src);
	rc = 0;
out:
	if (rc)
		fail();
	for (i = 0; i < k.n; i++)
		vnl_route_free(k.r[i]);
	return rc;
}

static int by_scope(const void *a, const void *b)
{
	const struct vnl_route *x = *(struct vnl_route *const *)a, *y = *(struct vnl_route *const *)b;

	return vnl_route_scope(y) - vnl_route_scope(x);
}

/*
 * Keep the routes via the links as text (vnl_route_hex with their
 * source), delete them, and put each back from its text (with source
 * ADDR when given), narrowest scope first as their gateways need: how
 * many of each step, and whether each text comes back the same.
 */
static int readd(struct via *v, const unsigned char *addr)
{
	struct kept k = { .v = v };
	struct vnl_route *back[256] = { NULL };
	char *hex[256] = { NULL };
	int rc = 1, same = 0, i;

	if (vnl_route_dump(nl, v->family, keep_cb, &k) < 0)
		goto out;
	for (i = 0; i < k.n; i++) {
		char *again;

		if (!(hex[i] = vnl_route_hex(k.r[i], 1)) || vnl_route_from_hex(hex[i], &back[i]) < 0)
			goto out;
		if (!(again = vnl_route_hex(back[i], 1)))
			goto out;
		same += !strcmp(again, hex[i]);
		free(again);
	}
	for (i = 0; i < k.n; i++)
		if (vnl_route_remove(nl, k.r[i]) < 0)
			goto out;
	printf("kept %d routes as text, %d the same read back; deleted them\n", k.n, same);
	if (addr) {
		for (i = 0; i < k.n; i++) {
			struct vnl_route *c = vnl_route_with_src(back[i], addr);

			if (!c)
				goto out;
			vnl_route_free(back[i]);
			back[i] = c;
		}
	}
	qsort(back, (size_t)k.n, sizeof(back[0]), by_scope);
	for (i = 0; i < k.n; i++)
		if (vnl_route_add(nl, back[i]) < 0)
			goto out;
	printf("put back %d\n", k.n);
	rc = 0;
out:
	if (rc)
		fail();
	for (i = 0; i < k.n; i++) {
		vnl_route_free(k.r[i]);
		vnl_route_free(back[i]);
		free(hex[i]);
	}
	return rc;
}

static int run(int argc, char **argv)
{
	const char *cmd = argv[1];
	unsigned char a[16];
	int family, plen, idx, err;

	if (!strcmp(cmd, "mklink") && (argc == 3 || argc == 4)) {
		char kind[16];

		if (vnl_link_create_vi(nl, argv[2], argc == 4 ? argv[3] : NULL, kind) < 0)
			return fail();
		printf("%s %s\n", argv[2], kind);
		return 0;
	}
	if (!strcmp(cmd, "rmlink") && argc == 3)
		return vnl_link_delete(nl, argv[2]) < 0 ? fail() : 0;
	if ((!strcmp(cmd, "up") || !strcmp(cmd, "down")) && argc == 3)
		return vnl_link_set_up(nl, argv[2], cmd[0] == 'u') < 0 ? fail() : 0;
	if (!strcmp(cmd, "alias") && (argc == 3 || argc == 4))
		return vnl_link_set_alias(nl, argv[2], argc == 4 ? argv[3] : NULL) < 0 ? fail() : 0;
	if (!strcmp(cmd, "link") && argc == 3) {
		struct vnl_link l;

		if (vnl_link_get(nl, argv[2], &l) < 0)
			return fail();
		return print_link(&l, NULL);
	}
	if (!strcmp(cmd, "links") && argc == 2)
		return vnl_link_list(nl, print_link, NULL) < 0 ? fail() : 0;
	if (!strcmp(cmd, "addr-add") && argc >= 4) {
		uint32_t flags = 0;

		if (parse_prefix(argv[3], &family, a, &plen) < 0)
			return usage();
		for (int i = 4; i < argc; i++) {
			if (!strcmp(argv[i], "noprefixroute"))
				flags |= IFA_F_NOPREFIXROUTE;
			else if (!strcmp(argv[i], "nodad"))
				flags |= IFA_F_NODAD;
			else
				return usage();
		}
		if (ifindex(argv[2], &idx) < 0 || vnl_addr_add(nl, idx, family, a, plen, flags) < 0)
			return fail();
		return 0;
	}
	if (!strcmp(cmd, "addr-del") && argc == 4) {
		if (parse_prefix(argv[3], &family, a, &plen) < 0)
			return usage();
		if (ifindex(argv[2], &idx) < 0 || vnl_addr_del(nl, idx, family, a, plen) < 0)
			return fail();
		return 0;
	}
	if (!strcmp(cmd, "addrs") && argc <= 3) {
		idx = 0;
		if (argc == 3 && ifindex(argv[2], &idx) < 0)
			return fail();
		return vnl_addr_list(nl, AF_UNSPEC, idx, print_addr, &idx) < 0 ? fail() : 0;
	}
	if (!strcmp(cmd, "routes") && argc <= 3) {
		family = argc == 3 ? (argv[2][0] == '4' ? AF_INET : AF_INET6) : AF_UNSPEC;
		err = vnl_route_dump(nl, family, print_route, NULL);
		return err < 0 ? fail() : 0;
	}
	if (!strcmp(cmd, "route-get") && argc == 3) {
		unsigned char src[16];
		char buf[64];

		if (vnl_parse_addr(argv[2], &family, a) < 0)
			return usage();
		if (vnl_route_get(nl, family, a, src) < 0)
			return fail();
		printf("%s\n", vnl_ntop(family, src, buf, sizeof(buf)));
		return 0;
	}
	if (!strcmp(cmd, "set-prefsrc-all-via") && (argc == 4 || argc == 5)) {
		struct via v = { .nifs = 0 };
		char *list = argv[2], *tok;

		while ((tok = strsep(&list, ",")) != NULL) {
			if (v.nifs == 16 || ifindex(tok, &v.ifs[v.nifs++]) < 0)
				return fail();
		}
		if (strcmp(argv[3], "none")) {
			if (vnl_parse_addr(argv[3], &v.family, a) < 0)
				return usage();
			v.addr = a;
		} else if (argc == 5) {
			v.family = argv[4][0] == '4' ? AF_INET : AF_INET6;
		} else {
			return usage();
		}
		return vnl_route_dump(nl, v.family, set_via, &v) < 0 ? fail() : 0;
	}
	if (!strcmp(cmd, "set-undo-via") && argc == 4) {
		struct via v = { .nifs = 0 };
		char *list = argv[2], *tok;

		while ((tok = strsep(&list, ",")) != NULL) {
			if (v.nifs == 16 || ifindex(tok, &v.ifs[v.nifs++]) < 0)
				return fail();
		}
		if (vnl_parse_addr(argv[3], &v.family, a) < 0)
			return usage();
		v.addr = a;
		return set_undo(&v);
	}
	if (!strcmp(cmd, "readd-via") && (argc == 4 || argc == 5)) {
		struct via v = { .nifs = 0 };
		char *list = argv[2], *tok;
		int f;

		while ((tok = strsep(&list, ",")) != NULL) {
			if (v.nifs == 16 || ifindex(tok, &v.ifs[v.nifs++]) < 0)
				return fail();
		}
		v.family = argv[3][0] == '4' ? AF_INET : AF_INET6;
		if (argc == 5 && (vnl_parse_addr(argv[4], &f, a) < 0 || f != v.family))
			return usage();
		return readd(&v, argc == 5 ? a : NULL);
	}
	if (!strcmp(cmd, "count-addrs") && argc == 4)
		return count_addrs(atoi(argv[2]), argv[3]);
	return usage();
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2)
		return usage();
	if (vnl_open(&nl) < 0) {
		rc = fail();
		vnl_close(nl);
		return rc;
	}
	rc = run(argc, argv);
	vnl_close(nl);
	return rc;
}
