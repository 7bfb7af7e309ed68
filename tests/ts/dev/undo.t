#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# When the kernel refuses a change half-way, what was done to the kernel is
# undone, the database is left as it was, and the kernel's reason is shown.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/undo
dev_sample_env sqlite3
h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
# the kernel will refuse IPv6 addresses on vi0
h sh -c 'echo 1 >/proc/sys/net/ipv6/conf/vi0/disable_ipv6'
t_settle $H
t_state $H >"$T_TMP/before"
# the new IPv4 address goes in first, then the IPv6 one is refused
t_cmp $T_CASE.chdev h chdev -l vi0 -a netaddr=10.68.6.2 -a netaddr6=2001:db8:6::1 -a prefixlen=64
t_state $H >"$T_TMP/after"
t_same "chdev refused by the kernel: nothing changed" "$T_TMP/before" "$T_TMP/after"
# a new VIPA: its link is created, then removed again
h sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6'
t_cmp $T_CASE.mkinetvi6 h mkinetvi6 -a netaddr6=2001:db8:7::1 -a prefixlen=64
t_state $H >"$T_TMP/after"
t_same "mkinetvi6 refused by the kernel: nothing changed" "$T_TMP/before" "$T_TMP/after"
t_done
