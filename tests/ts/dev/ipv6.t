#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# IPv6: mkinetvi6 on en1,en5 gives IPv6 routes the VIPA source (link-local
# destinations aside); chvi moves them; rmdev gives every route back.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/ipv6
dev_sample_env perl
t_at_exit '[ -n "$DEV_LISTENER" ] && kill $DEV_LISTENER 2>/dev/null'
dev_routes $H >"$T_TMP/before"

t_cmp $T_CASE.mkinetvi6 h mkinetvi6 -a netaddr6=2001:db8:6::1 -a prefixlen=64 -a interface_names=en1,en5
t_cmp $T_CASE.routes dev_routes $H
ip -n $H -o addr show dev vi0 | sed 's/^[0-9]*: //' >"$T_TMP/addr"
t_cmp $T_CASE.addresses cat "$T_TMP/addr"
ip -n $H -6 route show table main | grep -q 'dev vi0'
t_ok $((! $?)) "no route through vi0 in the main table"
t_cmp $T_CASE.route-get dev_src_for $H 2001:db8:ff::1
t_cmp $T_CASE.chvi-remove h chvi -l vi0 -i en1 -o remove
t_cmp $T_CASE.route-get.en1-removed dev_src_for $H 2001:db8:ff::1
t_cmp $T_CASE.chvi-add h chvi -l vi0 -i en1 -o add
t_cmp $T_CASE.netaddr6 h chdev -l vi0 -a netaddr6=2001:db8:6::2 -a alias6=2001:db8:7::1/128
t_cmp $T_CASE.route-get.netaddr6 dev_src_for $H 2001:db8:ff::1
t_cmp $T_CASE.odmget h odmget -q "name=vi0" CuAt
# both families on one VIPA
t_cmp $T_CASE.both h chdev -l vi0 -a netaddr=10.68.6.1 -a netmask=255.255.255.0
t_cmp $T_CASE.routes.both dev_routes $H
# the peer reaches the IPv6 VIPA; outgoing traffic carries it
ip -n $P -6 route add 2001:db8:7::/64 via 2001:db8:5::1 dev p5
dev_listen $P 2001:db8:ff::1 7003 "$T_TMP/peer"
t_cmp $T_CASE.connect-out dev_connect $H 2001:db8:ff::1 7003
wait $DEV_LISTENER; DEV_LISTENER=
t_cmp $T_CASE.outgoing cat "$T_TMP/peer"
t_cmp $T_CASE.down h chdev -l vi0 -a state=down
dev_routes $H >"$T_TMP/now"
t_same "state=down: every route as before" "$T_TMP/before" "$T_TMP/now"
t_cmp $T_CASE.down-cfgif h cfgif -n
t_cmp $T_CASE.up h chdev -l vi0 -a state=up
t_cmp $T_CASE.routes.up dev_routes $H
# the IPv4 address off again: netaddr and netmask emptied together
t_cmp $T_CASE.v4-off h chdev -l vi0 -a netaddr= -a netmask=
t_cmp $T_CASE.routes.v4-off dev_routes $H
t_cmp $T_CASE.rmdev h rmdev -l vi0 -d
dev_routes $H >"$T_TMP/now"
t_same "rmdev -d: every route as before" "$T_TMP/before" "$T_TMP/now"

# A new prefix length replaces the address in place: the routes get their
# previous source back, the old address goes, the new one comes, the
# routes get the VIPA source again; none is lost.
vi_addrs() { ip -n $H -o addr show dev "$1" | sed 's/^[0-9]*: //; s/valid_lft.*//'; }
same_set() {   # $1: what; the routes of the start, sources aside
	dev_routes_nosrc $H >"$T_TMP/now"
	t_same "$1: every route still there" "$T_TMP/before.nosrc" "$T_TMP/now"
}
dev_routes_nosrc $H >"$T_TMP/before.nosrc"
t_cmp $T_CASE.plen-mk h mkinetvi6 -a netaddr6=2001:db8:6::1 -a prefixlen=64 -a interface_names=en1
t_cmp $T_CASE.plen-chdev h chdev -l vi0 -a prefixlen=80
t_cmp $T_CASE.plen-addr vi_addrs vi0
t_cmp $T_CASE.plen-routes dev_routes $H
same_set "prefixlen change"
# with -P the next cfgif does it, and says only what it did; then nothing
t_cmp $T_CASE.plen-P h chdev -l vi0 -a prefixlen=96 -P
t_state $H >"$T_TMP/s.before"
t_cmp $T_CASE.plen-cfgif-n h cfgif -n
cp "$T_TMP/out" "$T_TMP/dry"
t_state $H >"$T_TMP/s.after"
t_same "cfgif -n: nothing changed" "$T_TMP/s.before" "$T_TMP/s.after"
t_cmp $T_CASE.plen-cfgif h cfgif
# the same lines, in the same order, as cfgif -n said it would
sed -e 's/: address \(.*\) added$/: would add address \1/' \
    -e 's/: address \(.*\) removed$/: would remove address \1/' \
    -e 's/: route \(.*\): source removed (restored)$/: would restore route \1 without source/' \
    -e 's/: route \(.*\): source \([^ ]*\)$/: would set route \1 source \2/' \
    "$T_TMP/out" >"$T_TMP/real"
t_same "cfgif -n said what cfgif did" "$T_TMP/real" "$T_TMP/dry"
t_cmp $T_CASE.plen-cfgif-again h cfgif
t_cmp $T_CASE.plen-addr.P vi_addrs vi0
t_cmp $T_CASE.plen-routes.P dev_routes $H
same_set "prefixlen change by cfgif"
# prefixlen=0 is refused (the PdAt range is 1 to 128): no network bits, as
# an IPv4 netmask 0.0.0.0; the address keeps its prefix length
t_cmp $T_CASE.plen-zero h chdev -l vi0 -a prefixlen=0
t_cmp $T_CASE.plen-addr.zero vi_addrs vi0
# alias6: a new prefix length for an address it has (taken out with
# delalias6 and added again in one change), longer and shorter
t_cmp $T_CASE.alias6 h chdev -l vi0 -a alias6=2001:db8:7::1/128 -a alias6=2001:db8:8::1/64
t_cmp $T_CASE.alias6-plen h chdev -l vi0 -a delalias6=2001:db8:7::1/128 -a alias6=2001:db8:7::1/64 \
	-a delalias6=2001:db8:8::1/64 -a alias6=2001:db8:8::1/48
t_cmp $T_CASE.alias6-addr vi_addrs vi0
t_cmp $T_CASE.alias6-odmget h odmget -q "name=vi0 and attribute=alias6" CuAt
same_set "alias6 prefix change"
# netaddr6 on an IPv4 VIPA comes with its prefix length: alone it is
# refused (no silent /128), together they make the VIPA dual-stack
t_cmp $T_CASE.v4-mk h mkinetvi -w vi1 -a netaddr=10.68.8.1 -a netmask=255.255.255.0
t_cmp $T_CASE.v4-netaddr6 h chdev -l vi1 -a netaddr6=2001:db8:9::1
t_cmp $T_CASE.v4-addr vi_addrs vi1
t_cmp $T_CASE.v4-prefixlen h chdev -l vi1 -a netaddr6=2001:db8:9::1 -a prefixlen=64
t_cmp $T_CASE.v4-addr.prefixlen vi_addrs vi1
t_cmp $T_CASE.v4-cfgif h cfgif
t_cmp $T_CASE.plen-rmdev h rmdev -l vi0 -d
t_cmp $T_CASE.v4-rmdev h rmdev -l vi1 -d
dev_routes $H >"$T_TMP/now"
t_same "prefix changes, rmdev -d: every route as before" "$T_TMP/before" "$T_TMP/now"
t_done
