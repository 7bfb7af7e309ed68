/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-vdev.c - the device model without changing the kernel: splitting
 * -a arguments, validation from the PdAt data, canonical values, CuAt only
 * for non-default values, and the effective values readers get.  Only
 * define-only and database-only changes are made (the kernel is read, to
 * refuse addresses that are local already, and never changed), except at
 * the end: as root, in a network namespace of its own, the kernel-only
 * up and down (vdev_set_kernel_state).
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "odm.h"
#include "../tap.h"
#include "vdev.h"

static struct vdev *v;

static int define(const char *name, const char *a1, const char *a2, char out[16])
{
	char *assign[2] = { (char *)a1, (char *)a2 };
	int n = a2 ? 2 : a1 ? 1 : 0;

	return vdev_define(v, "if/VI/vi", name, assign, n, NULL, VDEV_DEFINE_ONLY, out);
}

static int change(const char *name, const char *a1)
{
	char *assign[1] = { (char *)a1 };

	return vdev_change(v, name, assign, 1, NULL, 0, VDEV_DB_ONLY);
}

static int change2(const char *name, const char *a1, const char *a2)
{
	char *assign[2] = { (char *)a1, (char *)a2 };

	return vdev_change(v, name, assign, 2, NULL, 0, VDEV_DB_ONLY);
}

static const char *get(const char *name, const char *attr)
{
	static char buf[512];

	if (vdev_attr_get(v, name, attr, buf, sizeof(buf)) < 0)
		return vdev_errmsg(v);
	return buf;
}

static int count_cuat(const struct odm_obj *o, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int ncuat(const char *name)
{
	char crit[64];
	int n = 0;

	snprintf(crit, sizeof(crit), "name = '%s'", name);
	odm_get_q(vdev_odm(v), "CuAt", crit, count_cuat, &n);
	return n;
}

static int order_cb(const char *attr, const char *value, int is_default, void *arg)
{
	char *s = arg;

	snprintf(s + strlen(s), 512 - strlen(s), "%s%s=%s%s", *s ? " " : "", attr, value,
		 is_default ? "*" : "");
	return 0;
}

/* The output of shell command @cmd (run in our network namespace). */
static const char *sh(const char *cmd)
{
	static char buf[2048];
	size_t n = 0;
	FILE *f = popen(cmd, "r");

	buf[0] = '\0';
	if (!f)
		return "";
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	pclose(f);
	return buf;
}

/*
 * Kernel-only down and up: down gives the routes their previous source
 * back, removes the VIPA's addresses and sets the link down; up puts them
 * back; the database keeps state=up, and cfgif brings the kernel back to
 * it.  In a network namespace of our own (root only).
 */
static void kernel_state(const char *dir)
{
	char a1[] = "netaddr=10.68.6.1", a2[] = "netmask=255.255.255.0", a3[] = "interface_names=en1";
	char *assign[3] = { a1, a2, a3 };
	char out[16];

	if (geteuid() != 0 || unshare(CLONE_NEWNET) != 0 ||
	    system("ip link set lo up && ip link add en1 type veth peer name p1 && "
		   "ip addr add 10.68.1.1/24 dev en1 && ip link set en1 up && ip link set p1 up && "
		   "ip route add default via 10.68.1.2 dev en1") != 0) {
		printf("# kernel-only up and down skipped: needs root, a network namespace and ip\n");
		return;
	}
	/* a netlink socket of the new namespace */
	vdev_close(v);
	ok(vdev_open(&v, dir, 0) == 0, "open the repository again");
	is_int(vdev_define(v, "if/VI/vi", "vi5", assign, 3, NULL, 0, out), 0, "configure vi5");
	is_str(sh("ip route show default"), "default via 10.68.1.2 dev en1 src 10.68.6.1 \n",
	       "the default route has the VIPA source");
	is_int(vdev_set_kernel_state(v, "vi5", 0), 0, "kernel-only down");
	is_str(sh("ip -o addr show dev vi5"), "", "down: no address in the kernel");
	is_str(sh("ip route show table local 10.68.6.1"), "", "down: the address is not local");
	is_str(sh("ip route show default"), "default via 10.68.1.2 dev en1 \n",
	       "down: the route has its previous source back");
	is_str(sh("ip -br link show dev vi5 | awk '{print $2}'"), "DOWN\n", "down: the link is down");
	is_str(get("vi5", "state"), "up", "down: the database keeps state=up");
	is_str(get("vi5", "netaddr"), "10.68.6.1", "down: the database keeps the address");
	is_int(vdev_set_kernel_state(v, "vi5", 1), 0, "kernel-only up");
	is_str(sh("ip -o addr show dev vi5 | awk '{print $4}'"), "10.68.6.1/24\n", "up: the address is back");
	is_str(sh("ip route show default"), "default via 10.68.1.2 dev en1 src 10.68.6.1 \n",
	       "up: the route has the VIPA source again");
	is_int(vdev_set_kernel_state(v, "vi5", 1), 0, "kernel-only up again");
	is_int(vdev_cfgif(v, "vi5", 0, NULL, NULL), 0, "... leaves nothing for cfgif to do");
	is_int(vdev_set_kernel_state(v, "vi5", 0), 0, "kernel-only down again");
	ok(vdev_cfgif(v, NULL, 0, NULL, NULL) > 0, "cfgif brings back what the database says");
	is_str(sh("ip route show default"), "default via 10.68.1.2 dev en1 src 10.68.6.1 \n",
	       "... the VIPA source too");
	is_int(vdev_set_kernel_state(v, "vi0", 1), -VDEV_E_INVAL, "a Defined device");
	is_str(vdev_errmsg(v), "device 'vi0' is not Available", "... is refused");
	is_int(vdev_set_kernel_state(v, "vi9", 0), -VDEV_E_NODEV, "an unknown device");
	is_int(vdev_remove(v, "vi5", VDEV_DELETE), 0, "remove vi5");
	is_str(sh("ip route show default"), "default via 10.68.1.2 dev en1 \n",
	       "the default route as it was");
}

int main(void)
{
	char dir[] = "/tmp/vipa-vdev-XXXXXX", out[16] = "", order[512] = "", cmd[64];
	char **list = NULL;
	int n = 0;

	if (!getenv("VIPA_DATADIR")) {
		printf("1..0 # SKIP VIPA_DATADIR not set\n");
		return 77;
	}
	ok(vdev_split_assign("netaddr=1.2.3.4  netmask=255.0.0.0 ", &list, &n) == 0 && n == 2,
	   "split: two words");
	ok(vdev_split_assign("state=up\nx", &list, &n) == 0 && n == 3, "split: a newline stays in its word");
	is_str(list[2], "state=up\nx", "split: the third word");
	vdev_free_assign(list, n);

	if (!mkdtemp(dir))
		return 1;
	ok(vdev_open(&v, dir, 0) == 0, "open a scratch repository");

	is_int(define(NULL, "netaddr=198.18.6.1", "netmask=0xffffff00", out), 0, "define vi0");
	is_str(out, "vi0", "the first free name");
	is_str(get("vi0", "netmask"), "255.255.255.0", "a hex netmask is stored dotted");
	is_str(get("vi0", "state"), "up", "an unset attribute reads as its default");
	is_int(ncuat("vi0"), 2, "CuAt only for the values given");
	is_int(define(NULL, "netaddr6=2001:DB8:0:0::0001", "prefixlen=064", out), 0, "define vi1");
	is_str(out, "vi1", "the next free name");
	is_str(get("vi1", "netaddr6"), "2001:db8::1", "an IPv6 address is stored canonical");
	is_str(get("vi1", "prefixlen"), "64", "a number is stored canonical");
	vdev_attr_foreach(v, "vi0", order_cb, order);
	is_str(order, "netaddr=198.18.6.1 state=up* netmask=255.255.255.0 netaddr6=* alias6=* "
		      "prefixlen=* alias4=* interface_names=*", "attributes in PdAt order");

	is_int(change("vi0", "state=down"), 0, "state=down");
	is_int(ncuat("vi0"), 3, "a non-default value gets a CuAt");
	is_int(change("vi0", "state=up"), 0, "state=up");
	is_int(ncuat("vi0"), 2, "back to the default: its CuAt is gone");
	is_int(change("vi0", "interface_names=zz-none-2"), 0, "a value");
	is_int(ncuat("vi0"), 3, "... gets a CuAt");
	is_int(change("vi0", "interface_names="), 0, "an empty value");
	is_int(ncuat("vi0"), 2, "an emptied attribute has no CuAt");
	is_int(change("vi0", "netmask="), -VDEV_E_INVAL, "netmask emptied alone");
	is_str(vdev_errmsg(v), "device 'vi0': attribute 'netmask' cannot be emptied: a virtual IP address keeps an address (netaddr and netmask, or netaddr6 and prefixlen)",
	       "... is refused: the groups of PdAt (type G) say why");
	is_int(change2("vi0", "netaddr=", "netmask="), -VDEV_E_INVAL, "the last address emptied");
	is_int(ncuat("vi0"), 2, "... changes nothing");
	is_int(define(NULL, "state=up", NULL, out), -VDEV_E_INVAL, "a device without an address");
	is_str(vdev_errmsg(v), "device 'vi2': an address is required: give netaddr and netmask, or netaddr6 and prefixlen",
	       "... is refused");
	is_int(define(NULL, "netaddr6=2001:db8:2::1", NULL, out), -VDEV_E_INVAL, "netaddr6 alone");
	is_str(vdev_errmsg(v), "device 'vi2': attribute 'prefixlen' is required with 'netaddr6'",
	       "... is refused: prefixlen goes with it");

	is_int(change("vi0", "prefixlen=129"), -VDEV_E_INVAL, "a number out of the PdAt range");
	is_str(vdev_errmsg(v), "device 'vi0': attribute 'prefixlen' value '129' is out of range (1 to 128)",
	       "the range comes from PdAt.values");
	is_int(change("vi0", "state=maybe"), -VDEV_E_INVAL, "a value not in the PdAt list");
	is_str(vdev_errmsg(v), "device 'vi0': attribute 'state' value 'maybe' is not one of up,down,detach",
	       "the list comes from PdAt.values");
	is_int(change("vi0", "netaddr6=198.18.6.1"), -VDEV_E_INVAL, "syntax by PdAt.type");
	is_int(change2("vi1", "netaddr=198.18.6.1", "netmask=255.255.255.0"), -VDEV_E_INVAL,
	       "an address of another VIPA");
	is_str(vdev_errmsg(v), "device 'vi1': attribute 'netaddr' value '198.18.6.1' is refused: 198.18.6.1 is already the address of 'vi0'",
	       "names the other VIPA");
	is_int(change("vi0", "interface_names=eth0,eth0"), -VDEV_E_INVAL, "an interface twice");
	is_int(change("vi0", "interface_names=zz-none-1"), 0, "an interface that does not exist");
	is_int(vdev_nwarnings(v), 1, "... is accepted with a warning");
	is_int(change("vi1", "interface_names=zz-none-1"), 0,
	       "an interface of an IPv4 VIPA for an IPv6 VIPA");
	{
		char a1[] = "netaddr=198.18.7.1", a2[] = "netmask=255.255.255.0";
		char a3[] = "interface_names=zz-none-1";
		char *three[3] = { a1, a2, a3 };

		is_int(vdev_define(v, "if/VI/vi", NULL, three, 3, NULL, VDEV_DEFINE_ONLY, out),
		       -VDEV_E_INVAL, "an interface claimed twice for IPv4");
	}
	is_str(vdev_errmsg(v), "device 'vi2': attribute 'interface_names' value 'zz-none-1' is refused: interface 'zz-none-1' is already used by 'vi0' for IPv4 (one virtual IP address per interface and address family): take 'zz-none-1' from 'vi0' first (chvi -l vi0 -i zz-none-1 -o remove), or give 'vi0' this address in place of its own (chdev -l vi0 -a netaddr=198.18.7.1 -a netmask=255.255.255.0)",
	       "names the VIPA that has it and what to do instead");
	is_int(change2("vi1", "netaddr=198.18.7.1", "netmask=255.255.255.0"), -VDEV_E_INVAL,
	       "an IPv4 address for the IPv6 VIPA that shares it");
	is_str(vdev_errmsg(v), "device 'vi1': attribute 'netaddr' value '198.18.7.1' is refused: interface 'zz-none-1' is already used by 'vi0' for IPv4 (one virtual IP address per interface and address family): take 'zz-none-1' from 'vi0' first (chvi -l vi0 -i zz-none-1 -o remove)",
	       "... is refused: the VIPA would claim it for IPv4 too");
	is_int(change("vi9", "state=up"), -VDEV_E_NODEV, "an unknown device");
	is_int(change("vi'0", "state=up"), -VDEV_E_NODEV, "a device name with a quote is unknown");
	is_int(define("vi0", NULL, NULL, out), -VDEV_E_EXIST, "a duplicate name");
	is_int(define("this-name-is-too-long", NULL, NULL, out), -VDEV_E_INVAL, "a name too long for Linux");
	is_int(define("en9", NULL, NULL, out), -VDEV_E_INVAL, "a name without the prefix");
	is_str(vdev_errmsg(v), "device name 'en9' is refused: the name of a virtual IP address is 'vi' followed by a number (vi0, vi1, ...)",
	       "... says how a VIPA is named");
	is_int(change("vi0", "alias6=2001:db8:9::1/0"), -VDEV_E_INVAL, "alias6 prefix length 0");
	is_int(change("vi0", "alias6=2001:db8:9::1/129"), -VDEV_E_INVAL, "alias6 prefix length 129");
	is_str(vdev_errmsg(v), "device 'vi0': attribute 'alias6' value '2001:db8:9::1/129' has a prefix length out of range (1 to 128)",
	       "... the range is prefixlen's");
	{
		char a1[] = "alias4=198.18.16.1,255.255.255.0", a2[] = "alias4=198.18.17.1,0xffff0000";
		char *two[2] = { a1, a2 };

		is_int(vdev_change(v, "vi0", two, 2, NULL, 0, VDEV_DB_ONLY), 0, "two alias4 values");
		is_str(get("vi0", "alias4"), "198.18.16.1,255.255.255.0 198.18.17.1,255.255.0.0",
		       "a list reads as every value, in order");
		order[0] = '\0';
		vdev_attr_foreach(v, "vi0", order_cb, order);
		is_str(order, "netaddr=198.18.6.1 state=up* netmask=255.255.255.0 netaddr6=* alias6=* "
			      "prefixlen=* alias4=198.18.16.1,255.255.255.0 alias4=198.18.17.1,255.255.0.0 "
			      "interface_names=zz-none-1", "... and once per value to foreach");
	}
	kernel_state(dir);

	vdev_close(v);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
