/*
 * test-vdev.c - the device model without changing the kernel: splitting
 * -a arguments, validation from the PdAt data, canonical values, CuAt only
 * for non-default values, and the effective values readers get.  Only
 * define-only and database-only changes are made (the kernel is read, to
 * refuse addresses that are local already, and never changed).
 */
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
	is_int(change("vi0", "netmask="), 0, "an empty value");
	is_int(ncuat("vi0"), 1, "an emptied attribute has no CuAt");

	is_int(change("vi0", "prefixlen=129"), -VDEV_E_INVAL, "a number out of the PdAt range");
	is_str(vdev_errmsg(v), "device 'vi0': attribute 'prefixlen' value '129' is out of range (0 to 128)",
	       "the range comes from PdAt.values");
	is_int(change("vi0", "state=maybe"), -VDEV_E_INVAL, "a value not in the PdAt list");
	is_str(vdev_errmsg(v), "device 'vi0': attribute 'state' value 'maybe' is not one of up,down,detach",
	       "the list comes from PdAt.values");
	is_int(change("vi0", "netaddr6=198.18.6.1"), -VDEV_E_INVAL, "syntax by PdAt.type");
	is_int(change("vi1", "netaddr=198.18.6.1"), -VDEV_E_INVAL, "an address of another VIPA");
	is_str(vdev_errmsg(v), "device 'vi1': attribute 'netaddr' value '198.18.6.1' is refused: 198.18.6.1 is already the address of 'vi0'",
	       "names the other VIPA");
	is_int(change("vi0", "interface_names=eth0,eth0"), -VDEV_E_INVAL, "an interface twice");
	is_int(change("vi0", "interface_names=zz-none-1"), 0, "an interface that does not exist");
	is_int(vdev_nwarnings(v), 1, "... is accepted with a warning");
	is_int(change("vi1", "interface_names=zz-none-1"), -VDEV_E_INVAL, "an interface claimed twice");
	is_str(vdev_errmsg(v), "device 'vi1': attribute 'interface_names' value 'zz-none-1' is refused: interface 'zz-none-1' is already used by 'vi0'",
	       "names the VIPA that has it");
	is_int(change("vi9", "state=up"), -VDEV_E_NODEV, "an unknown device");
	is_int(change("vi'0", "state=up"), -VDEV_E_NODEV, "a device name with a quote is unknown");
	is_int(define("vi0", NULL, NULL, out), -VDEV_E_EXIST, "a duplicate name");
	is_int(define("this-name-is-too-long", NULL, NULL, out), -VDEV_E_INVAL, "a name too long for Linux");

	vdev_close(v);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
