#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The AIX flags of the changing commands, in the sample environment:
# chdev -T (the running device only; cfgif puts the database back), -U,
# -q, -f; mkdev -R, -q, -f; rmdev -R, -q, -f; the flags refused by name;
# and ifconfig-vi detach, alias and delete on a VIPA whose address routes
# use as source: no route is lost, and cfgif restores the database's state.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/flags
dev_sample_env
cd "$T_TMP" || exit 99

# The database's attributes (lsattr) and the kernel: the links, addresses
# and routes of the host namespace.
attrs() { lsattr -El vi0 -F "attribute value"; }
kernel() {
	t_settle "$H"
	ip -n "$H" -o addr show dev vi0 2>&1 | sed 's/^[0-9]*: //; s/ *\\.*//'
	ip -n "$H" -o link show dev vi0 2>&1 | sed 's/^[0-9]*: //; s/ mtu .*//'
	dev_routes "$H"
}
# same_as_before WHAT: the kernel and the database are as they were
# (kernel.0, attrs.0).
same_as_before() {
	kernel >"$T_TMP/kernel.now"
	attrs >"$T_TMP/attrs.now"
	t_same "$1: the kernel is as it was" "$T_TMP/kernel.0" "$T_TMP/kernel.now"
	t_same "$1: the database is as it was" "$T_TMP/attrs.0" "$T_TMP/attrs.now"
}

t_cmp flags.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
kernel >"$T_TMP/kernel.0"
attrs >"$T_TMP/attrs.0"
t_cmp flags.kernel.0 cat "$T_TMP/kernel.0"
dev_routes_nosrc "$H" >"$T_TMP/routes.0"

# chdev -T: the kernel changes, the database does not; cfgif puts it back.
t_cmp flags.chdev-T-down h chdev -l vi0 -a state=down -T
t_cmp flags.chdev-T-down.kernel kernel
t_cmp flags.chdev-T-down.lsattr attrs
t_cmp flags.chdev-T-down.cfgif h cfgif
same_as_before "chdev -T state=down, then cfgif"
t_cmp flags.chdev-T-netaddr h chdev -T -l vi0 -a "netaddr=10.68.6.2 interface_names=en1"
t_cmp flags.chdev-T-netaddr.kernel kernel
t_cmp flags.chdev-T-netaddr.lsattr attrs
dev_routes_nosrc "$H" >"$T_TMP/routes.now"
t_same "chdev -T netaddr: no route lost" "$T_TMP/routes.0" "$T_TMP/routes.now"
t_cmp flags.chdev-T-netaddr.cfgif h cfgif
same_as_before "chdev -T netaddr, then cfgif"

# chdev -T refused: nothing changes.
t_cmp flags.chdev-T-bad h chdev -T -l vi0 -a netaddr=10.68.6.300
t_cmp flags.chdev-T-P h chdev -T -P -l vi0 -a state=down
t_cmp flags.chdev-U-T h chdev -U -T -l vi0 -a state=down
t_cmp flags.chdev-U-P h chdev -P -U -l vi0 -a state=down
same_as_before "refused chdev -T"

# chdev -U: a change while the device stays Available, as without it.
t_cmp flags.chdev-U h chdev -U -l vi0 -a interface_names=en1
t_cmp flags.chdev-U-back h chdev -l vi0 -a interface_names=en1,en5 -U
same_as_before "chdev -U and back"

# -f File and -q.
printf -- "-l vi0\n-a 'state=down'\n" >down.flags
printf -- "-l vi0 -a state=up\n" >up.flags
t_cmp flags.chdev-f h chdev -f down.flags
t_cmp flags.chdev-f-q h chdev -f up.flags -q
same_as_before "chdev -f down, then -f up"
t_cmp flags.chdev-q-error h chdev -q -l vi0 -a state=sideways
t_cmp flags.chdev-err-f-missing h chdev -f nosuch

# Refused by name, with the reason.
t_cmp flags.chdev-err-p h chdev -l vi0 -p en1 -a state=up
t_cmp flags.chdev-err-w h chdev -l vi0 -w 1 -a state=up
t_cmp flags.chdev-err-g h chdev -g -l vi0 -a state=up

# chdev -T needs an Available device.
t_cmp flags.mkdev-d h mkdev -d -c if -s VI -t vi -a netaddr=10.68.7.1 -a netmask=255.255.255.0
t_cmp flags.chdev-T-defined h chdev -T -l vi1 -a state=down

# mkdev -R: a VIPA has no parents to configure first.
t_cmp flags.mkdev-R h mkdev -R -l vi1
t_cmp flags.mkdev-R-lsdev lsdev -C -F "name status parent"
t_cmp flags.mkdev-R-define h mkdev -R -c if -s VI -t vi -a netaddr=10.68.8.1 -a netmask=255.255.255.0
t_cmp flags.mkdev-err-R-d h mkdev -R -d -c if -s VI -t vi -a netaddr=10.68.9.1
t_cmp flags.mkdev-err-S h mkdev -S -c if -s VI -t vi -a netaddr=10.68.9.1
t_cmp flags.mkdev-err-p h mkdev -p en1 -c if -s VI -t vi -a netaddr=10.68.9.1
printf -- "-c if -s VI -t vi -a netaddr=10.68.9.1 -a netmask=255.255.255.0\n" >mk.flags
t_cmp flags.mkdev-f-q h mkdev -f mk.flags -q -d
t_cmp flags.mkdev-f-q-lsdev lsdev -C -F "name status"

# rmdev -R: a VIPA has no children; one that has (made by hand) is refused.
t_cmp flags.rmdev-R h rmdev -R -l vi2
t_cmp flags.rmdev-Rd h rmdev -Rdl vi2
printf 'CuDv:\n\tname = "en9"\n\tstatus = 0\n\tparent = "vi1"\n\tPdDvLn = "if/EN/en"\n' >child.add
odmadd child.add
t_ok $? "setup: a device whose parent is vi1"
t_cmp flags.rmdev-R-children h rmdev -R -l vi1
t_cmp flags.rmdev-R-children.lsdev lsdev -C -F "name status parent"
odmdelete -o CuDv -q "name = en9" >/dev/null
t_cmp flags.rmdev-err-S h rmdev -S -l vi1
t_cmp flags.rmdev-err-p h rmdev -p vi1
t_cmp flags.rmdev-err-g h rmdev -g -l vi1
printf -- "-d -l vi1\n" >rm.flags
t_cmp flags.rmdev-f-q h rmdev -q -f rm.flags
t_cmp flags.rmdev-q-error h rmdev -q -l vi9
t_cmp flags.rmdev-f-q-lsdev lsdev -C -F "name status"
t_cmp flags.rmdev-vi3 h rmdev -dl vi3
same_as_before "mkdev and rmdev of other VIPAs"

# ifconfig-vi: alias, delete (the VIPA's own address too: the routes get
# their previous sources back first), detach; cfgif restores each.
t_cmp flags.ifconfig-alias h ifconfig-vi vi0 inet 10.68.6.9 netmask 255.255.255.0 alias
t_cmp flags.ifconfig-alias.kernel kernel
t_cmp flags.ifconfig-alias.cfgif h cfgif
same_as_before "ifconfig-vi alias, then cfgif"
t_cmp flags.ifconfig-delete-own h ifconfig-vi vi0 10.68.6.1 delete
t_cmp flags.ifconfig-delete-own.kernel kernel
dev_routes_nosrc "$H" >"$T_TMP/routes.now"
t_same "ifconfig-vi delete of the VIPA's address: no route lost" "$T_TMP/routes.0" "$T_TMP/routes.now"
t_cmp flags.ifconfig-delete-own.cfgif h cfgif
same_as_before "ifconfig-vi delete, then cfgif"
t_cmp flags.ifconfig-detach h ifconfig-vi vi0 detach
t_cmp flags.ifconfig-detach.kernel kernel
t_cmp flags.ifconfig-detach.cfgif h cfgif
same_as_before "ifconfig-vi detach, then cfgif"

t_done
