#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A multi-valued attribute (alias4 with two values, then three) gives one
# answer everywhere: lsattr -El, lsattr -a alias4, the addresses the
# kernel gets, and ifconfig-vi, whether the values came through a command
# or were written into the database and applied by cfgif.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/alias
t_need_root
t_need_cmd ip
t_odmdir
t_sample_env || t_skip_all "cannot build the sample environment"

# The IPv4 addresses of vi0 in the kernel, in the kernel's order.
kernel_addrs() {
	ip -n "$H" -o -4 addr show dev vi0 | sed 's/^[0-9]*: //; s/ *valid_lft.*//'
}
# Every answer for vi0's alias4, as the commands give them.
answers() {
	t_cmp $T_CASE.$1.lsattr-El h lsattr -El vi0
	t_cmp $T_CASE.$1.lsattr-a h lsattr -El vi0 -a alias4
	t_cmp $T_CASE.$1.lsattr-F h lsattr -El vi0 -a alias4 -F value
	t_cmp $T_CASE.$1.kernel kernel_addrs
	t_cmp $T_CASE.$1.ifconfig h ifconfig-vi vi0
}

t_cmp $T_CASE.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 \
	-a interface_names=en1,en5 -a alias4=10.68.16.1,255.255.255.0 \
	-a alias4=10.68.17.1,0xffff0000
answers two
# The values of lsattr, the kernel's and ifconfig-vi's are the same two.
h lsattr -El vi0 -a alias4 -F value | sed 's/,.*//' >"$T_TMP/db"
kernel_addrs | sed -n 's/.* inet \([0-9.]*\)\/.*/\1/p' | grep -v '^10\.68\.6\.1$' >"$T_TMP/kern"
h ifconfig-vi vi0 | sed -n 's/^ *inet \([0-9.]*\) .*/\1/p' | grep -v '^10\.68\.6\.1$' >"$T_TMP/ifc"
t_same "lsattr and the kernel hold the same aliases" "$T_TMP/db" "$T_TMP/kern"
t_same "lsattr and ifconfig-vi show the same aliases" "$T_TMP/db" "$T_TMP/ifc"
t_ok $(($(wc -l <"$T_TMP/db") != 2)) "two aliases"

# A third value written into the database, then applied by cfgif.
cat >"$T_TMP/third.add" <<'STANZA'
CuAt:
	name = "vi0"
	attribute = "alias4"
	value = "10.68.18.1,255.255.255.128"
	type = "alias4"
	generic = "DU"
	rep = "s"
	nls_index = 0
STANZA
h odmadd "$T_TMP/third.add"
t_ok $? "odmadd a third alias4 value"
t_cmp $T_CASE.cfgif-n h cfgif -n
t_cmp $T_CASE.cfgif h cfgif
answers three
t_cmp $T_CASE.cfgif-again h cfgif -n

# One value set by chdev replaces the list.
t_cmp $T_CASE.chdev h chdev -l vi0 -a alias4=10.68.19.1,255.255.255.0
answers one
t_done
