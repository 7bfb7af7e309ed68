#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A multi-valued attribute (alias4 with two values, then three) gives one
# answer everywhere: lsattr -El, lsattr -a alias4, the addresses the
# kernel gets, and ifconfig-vi, whether the values came through a command
# or were written into the database and applied by cfgif.  As on AIX,
# chdev -a alias4 adds one alias and keeps the others, -a delalias4 takes
# one out (alias6 and delalias6 alike), and a mistake is refused with one
# line, nothing changed.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/alias
dev_sample_env

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

# chdev -a alias4 adds one alias and keeps the others, as on AIX.
t_cmp $T_CASE.chdev h chdev -l vi0 -a alias4=10.68.19.1,255.255.255.0
answers four
# -a delalias4 takes one out (its netmask in any accepted form).
t_cmp $T_CASE.delalias4 h chdev -l vi0 -a delalias4=10.68.17.1,0xffff0000
answers del

# Refused with one line, nothing changed: an alias not held, one held
# already, the address of one held with another netmask, delalias4 with
# an emptied list; lsattr does not show delalias4 (write-only, as on AIX).
t_state $H >"$T_TMP/s.before"
refused() {   # refused NAME CMD ARGS...
	name=$1; shift
	t_cmp "$T_CASE.$name" h "$@"
	t_state $H >"$T_TMP/s.after"
	t_same "$name: nothing changed" "$T_TMP/s.before" "$T_TMP/s.after"
}
refused del-absent chdev -l vi0 -a delalias4=10.68.17.1,255.255.0.0
refused del-other-mask chdev -l vi0 -a delalias4=10.68.18.1,255.255.255.0
refused add-held chdev -l vi0 -a alias4=10.68.16.1,255.255.255.0
refused add-other-mask chdev -l vi0 -a alias4=10.68.16.1,255.255.0.0
refused add-twice chdev -l vi0 -a alias4=10.68.20.1,255.255.255.0 -a alias4=10.68.20.1,255.255.255.0
refused del-emptied chdev -l vi0 -a alias4= -a delalias4=10.68.16.1,255.255.255.0
refused del-empty chdev -l vi0 -a delalias4=
refused lsattr-delalias4 lsattr -El vi0 -a delalias4

# A new netmask for an alias: out and in again in one change.
t_cmp $T_CASE.new-mask h chdev -l vi0 -a delalias4=10.68.16.1,255.255.255.0 \
	-a alias4=10.68.16.1,255.255.255.128
answers new-mask

# alias6 and delalias6 the same, with Address/PrefixLength.
kernel_addrs6() {
	ip -n "$H" -o -6 addr show dev vi0 scope global | sed 's/^[0-9]*: //; s/ *valid_lft.*//'
}
t_cmp $T_CASE.alias6 h chdev -l vi0 -a alias6=2001:db8:16::1/64 -a alias6=2001:db8:17::1/64
t_cmp $T_CASE.alias6.lsattr h lsattr -El vi0 -a alias6
t_cmp $T_CASE.alias6.kernel kernel_addrs6
t_cmp $T_CASE.delalias6 h chdev -l vi0 -a delalias6=2001:db8:16:0::1/64
t_cmp $T_CASE.delalias6.lsattr h lsattr -El vi0 -a alias6
t_cmp $T_CASE.delalias6.kernel kernel_addrs6
t_state $H >"$T_TMP/s.before"
refused del6-other-plen chdev -l vi0 -a delalias6=2001:db8:17::1/80

# alias4= (nothing) takes every alias4 out.
t_cmp $T_CASE.empty h chdev -l vi0 -a alias4=
answers none
t_cmp $T_CASE.cfgif-end h cfgif -n
t_done
