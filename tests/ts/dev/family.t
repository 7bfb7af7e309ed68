#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# One adapter, one VIPA per address family: an IPv4 VIPA and an IPv6 VIPA
# share en1 and en5, each the source of its own family's routes, in a
# command, in cfgif and in the watch (cfgif -w); a second claim in the
# same family is refused, naming the VIPA that holds the interface and
# what to do instead, and changes nothing; cfgvi claims the same way.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/family
dev_sample_env sqlite3
dev_routes $H >"$T_TMP/before"


t_cmp $T_CASE.mk4 h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
t_cmp $T_CASE.mk6 h mkinetvi6 -a netaddr6=2001:db8:6::1 -a prefixlen=64 -a interface_names=en1,en5
t_cmp $T_CASE.routes dev_routes $H
t_cmp $T_CASE.src4 dev_src_for $H 192.0.2.1
t_cmp $T_CASE.src6 dev_src_for $H 2001:db8:ff::1
# both stay as they are: neither takes the other's routes
t_cmp $T_CASE.cfgif-n h cfgif -n
t_cmp $T_CASE.cfgif h cfgif

# A second claim in the same family: refused, nothing changed.
t_state $H >"$T_TMP/s.before"
refused() {   # refused NAME CMD ARGS...
	name=$1; shift
	t_cmp "$T_CASE.$name" h "$@"
	t_state $H >"$T_TMP/s.after"
	t_same "$name: nothing changed" "$T_TMP/s.before" "$T_TMP/s.after"
}
refused claim4-mk mkinetvi -a netaddr=10.68.7.1 -a netmask=255.255.255.0 -a interface_names=en5
refused claim6-mk mkinetvi6 -a netaddr6=2001:db8:7::1 -a prefixlen=64 -a interface_names=en9,en1
refused claim-dual-mk mkdev -c if -s VI -t vi -a 'netaddr=10.68.7.1 netmask=255.255.255.0' \
	-a 'netaddr6=2001:db8:7::1 prefixlen=64' -a interface_names=en1
refused claim-gain4 chdev -l vi1 -a netaddr=10.68.7.1 -a netmask=255.255.255.0
refused claim-gain6 chdev -l vi0 -P -a netaddr6=2001:db8:7::1 -a prefixlen=64
h mkinetvi -d -w vi2 -a netaddr=10.68.7.1 -a netmask=255.255.255.0 >/dev/null
t_ok $? "setup: vi2 defined, on no interface"
t_state $H >"$T_TMP/s.before"
refused claim-chvi chvi -l vi2 -i en7,en5 -o add
refused claim-chdev chdev -l vi2 -a interface_names=en1
# cfgvi claims the same way
refused cfgvi-claim4 sh -c 'printf "vi2:\n\tinterface_names = en1\n" | cfgvi -p -f -'
refused cfgvi-gain6 sh -c 'printf "vi0:\n\tnetaddr6 = 2001:db8:7::1\n\tprefixlen = 64\n" | cfgvi -p -f -'
h rmdev -l vi2 -d >/dev/null
t_ok $? "setup: vi2 deleted"

# The watch gives each family's new route its own VIPA's source.
dev_watch
ip -n "$H" route add 198.51.100.0/24 via 10.68.5.2 dev en5
dev_wait_src 198.51.100.0/24 -4 10.68.6.1 &&
	dev_watch_line 'vi0: route 198.51.100.0/24 dev en5 table 254: source 10.68.6.1'
t_ok $? "watch: an IPv4 route added later gets the IPv4 VIPA's source"
ip -n "$H" -6 route add 2001:db8:77::/64 via 2001:db8:5::2 dev en5
dev_wait_src 2001:db8:77::/64 -6 2001:db8:6::1 &&
	dev_watch_line 'vi1: route 2001:db8:77::/64 dev en5 table 254 metric 1024: source 2001:db8:6::1'
t_ok $? "watch: an IPv6 route added later gets the IPv6 VIPA's source"
kill $W
wait $W
t_ok $? "watch: ends with status 0"
sort "$T_TMP/watch.out" >"$T_TMP/watch.sorted"
t_cmp $T_CASE.watch cat "$T_TMP/watch.sorted" "$T_TMP/watch.err"
ip -n "$H" route del 198.51.100.0/24
ip -n "$H" -6 route del 2001:db8:77::/64

# en5 leaves the IPv4 VIPA: its IPv4 routes get their own source back,
# its IPv6 routes keep the IPv6 VIPA's.
t_cmp $T_CASE.chvi4 h chvi -l vi0 -i en5 -o remove
t_cmp $T_CASE.routes.chvi4 dev_routes $H
# and now a second IPv4 VIPA may have en5
t_cmp $T_CASE.mk4-en5 h mkinetvi -a netaddr=10.68.7.1 -a netmask=255.255.255.0 -a interface_names=en5
t_cmp $T_CASE.routes.mk4-en5 dev_routes $H
t_cmp $T_CASE.cfgif-n.three h cfgif -n

t_cmp $T_CASE.rmdev0 h rmdev -l vi0 -d
t_cmp $T_CASE.rmdev1 h rmdev -l vi1 -d
t_cmp $T_CASE.rmdev2 h rmdev -l vi2 -d
dev_routes $H >"$T_TMP/now"
t_same "rmdev -d: every route as before" "$T_TMP/before" "$T_TMP/now"

# cfgvi makes an IPv4 and an IPv6 VIPA on the same interface in one set
printf 'vi0:\n\tnetaddr = 10.68.6.1\n\tnetmask = 255.255.255.0\n\tinterface_names = en1\n' >"$T_TMP/set"
printf 'vi1:\n\tnetaddr6 = 2001:db8:6::1\n\tprefixlen = 64\n\tinterface_names = en1\n' >>"$T_TMP/set"
t_cmp $T_CASE.cfgvi-share h cfgvi -f "$T_TMP/set"
t_cmp $T_CASE.cfgvi-share.src dev_src_for $H 192.0.2.1
t_cmp $T_CASE.cfgvi-share.cfgif h cfgif -n
h rmdev -l vi0 -d >/dev/null && h rmdev -l vi1 -d >/dev/null
t_ok $? "setup: vi0 and vi1 deleted"
t_done
