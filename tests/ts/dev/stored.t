#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif checks what it reads: each stored device is held to the rules
# mkinetvi and chdev keep.  One that breaks them (put in with odmadd: a
# value a command refuses, too many aliases, a name held by two CuDv
# objects, an address or interface another device has) is left as it is,
# no kernel change for it, and named in one line with the attribute, the
# value and the reason; every other device is still configured; the exit
# status is 2.  cfgif -n and ifconfig-vi name them the same way; cfgif -l,
# mkdev -l, ifconfig-vi up and cfgvi refuse them; chdev takes a value that
# mends one.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/stored
dev_sample_env sqlite3

# stanzas NAME STATUS ATTR=VALUE...: a CuDv object and its CuAt objects
stanzas() {
	printf 'CuDv:\n\tname = "%s"\n\tstatus = %d\n\tPdDvLn = "if/VI/vi"\n\n' "$1" "$2"
	dev=$1; shift 2
	for av; do
		printf 'CuAt:\n\tname = "%s"\n\tattribute = "%s"\n\tvalue = "%s"\n\n' \
			"$dev" "${av%%=*}" "${av#*=}"
	done
}
# The kernel as the test looks at it: links, addresses, routes.
kernel() { t_state $H | sed '1,/^== links/d; s/02:76:69:[0-9a-f:]*/02:76:69:(random)/'; }

# vi0, good and configured, with the routes of en1; vi1 ... vi8 put in
# with odmadd, each breaking one rule; vi9 good and Defined.
t_cmp $T_CASE.define h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1
{
	stanzas vi1 1 netaddr=999.68.6.1 netmask=255.255.255.0 "interface_names=en1;rm -rf /"
	stanzas vi2 1 netaddr=10.68.12.1 netmask=255.255.255.0
	stanzas vi2 1
	stanzas vi3 1 netaddr=10.68.13.1 netmask=255.255.255.0 interface_names=en1
	stanzas vi4 1 netaddr=10.68.1.1 netmask=255.255.255.0
	stanzas vi5 1 netaddr6=::10.1.1.1 prefixlen=64
	stanzas vi6 1 netaddr6=2001:db8:16::1 prefixlen=0
	stanzas vi7 1 netaddr=10.68.17.1 netaddr=10.68.18.1 netmask=255.255.255.0
	stanzas vi8 0 netaddr=10.68.6.1 netmask=255.255.255.255
	stanzas vi9 0 netaddr=10.68.19.1 netmask=255.255.255.0 interface_names=en5
	k=1
	while [ $k -le 65 ]; do
		printf 'CuAt:\n\tname = "vi3"\n\tattribute = "alias4"\n\tvalue = "10.69.%d.1,255.255.255.0"\n\n' $k
		k=$((k + 1))
	done
} >"$T_TMP/stored.add"
t_cmp $T_CASE.odmadd h odmadd "$T_TMP/stored.add"
kernel >"$T_TMP/kernel.before"
t_state $H >"$T_TMP/before"

# cfgif -n names them and changes nothing.
t_cmp $T_CASE.cfgif-n h cfgif -n
t_state $H >"$T_TMP/after"
t_same "cfgif -n changed nothing" "$T_TMP/before" "$T_TMP/after"

# cfgif configures vi9 only and names the others.
t_cmp $T_CASE.cfgif h cfgif
t_cmp $T_CASE.links sh -c "ip -n $H -o link show | sed 's/^[0-9]*: //; s/ mtu.*//; s/@.*//' | sort"
t_cmp $T_CASE.addrs sh -c "ip -n $H -o -4 addr show | awk '{print \$2, \$4}' | sort"
t_cmp $T_CASE.routes dev_routes $H
t_cmp $T_CASE.status sqlite3 "$ODMDIR/cu.db" "SELECT name, status FROM CuDv ORDER BY _id"
t_state $H >"$T_TMP/before"
t_cmp $T_CASE.cfgif-again h cfgif
t_state $H >"$T_TMP/after"
t_same "the second cfgif changed nothing" "$T_TMP/before" "$T_TMP/after"

# The others name them too, and refuse to bring them in.
t_cmp $T_CASE.ifconfig-vi h ifconfig-vi
t_cmp $T_CASE.ifconfig-vi1 h ifconfig-vi vi1
t_cmp $T_CASE.cfgif-l h cfgif -l vi1
t_cmp $T_CASE.cfgif-l-dup h cfgif -l vi2
t_cmp $T_CASE.mkdev-l h mkdev -l vi8
t_cmp $T_CASE.chdev-up h chdev -l vi3 -a state=up
# cfgvi -p keeps what a stanza does not name: it may not keep a value
# that breaks a rule, nor take a name held twice
t_cmp $T_CASE.cfgvi-keep sh -c 'printf "vi1:\n\tstate = up\n" | ip netns exec "$H" cfgvi -p -f -'
t_cmp $T_CASE.cfgvi-dup sh -c 'printf "vi2:\n\tnetaddr = 10.68.12.1\n\tnetmask = 255.255.255.0\n" | ip netns exec "$H" cfgvi -f -'
t_state $H >"$T_TMP/after"
t_same "refusals changed nothing" "$T_TMP/before" "$T_TMP/after"

# A device the kernel holds that came to break a rule is left as it is:
# its link, addresses and route sources stay.
printf 'CuAt:\n\tname = "vi0"\n\tattribute = "alias4"\n\tvalue = "10.68.6.1,255.255.255.0,x"\n\n' \
	>"$T_TMP/vi0.add"
t_cmp $T_CASE.odmadd-vi0 h odmadd "$T_TMP/vi0.add"
t_state $H >"$T_TMP/before"
t_cmp $T_CASE.cfgif-vi0 h cfgif
t_state $H >"$T_TMP/after"
t_same "vi0 left as it is" "$T_TMP/before" "$T_TMP/after"
t_cmp $T_CASE.odmdelete-vi0 h odmdelete -o CuAt -q "name=vi0 and attribute=alias4"

# chdev takes what mends a device; then cfgif configures it.
t_cmp $T_CASE.chdev-half h chdev -l vi1 -a netaddr=10.68.11.1
t_cmp $T_CASE.chdev-mend h chdev -l vi1 -a netaddr=10.68.11.1 -a interface_names=
t_cmp $T_CASE.cfgif-mended h cfgif
t_cmp $T_CASE.addrs-mended sh -c "ip -n $H -o -4 addr show dev vi1 | awk '{print \$2, \$4}'"
t_done
