#!/bin/sh
# IPv6: mkinetvi6 on en1,en5 gives IPv6 routes the VIPA source (link-local
# destinations aside); chvi moves them; rmdev gives every route back.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/ipv6
t_need_root
t_need_cmd ip perl
t_odmdir
t_sample_env || t_skip_all "cannot build the sample environment"
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
t_cmp $T_CASE.odmget h odmget -q "name=vi0 and attribute!=_prefsrc" CuAt
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
t_cmp $T_CASE.rmdev h rmdev -l vi0 -d
dev_routes $H >"$T_TMP/now"
t_same "rmdev -d: every route as before" "$T_TMP/before" "$T_TMP/now"
t_done
