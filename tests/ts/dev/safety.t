#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Route safety: after rmdev, rmdev -d, state=down, a netaddr change and an
# interface removal every route that existed before still exists (the
# default route above all), and routes given back have their old source.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/safety
dev_sample_env
# a second table, a multipath route and a metric: all must survive
ip -n $H route add 198.51.100.0/24 table 100 via 10.68.5.2 dev en5
ip -n $H route add 203.0.113.0/24 metric 50 nexthop via 10.68.1.2 dev en1 nexthop via 10.68.5.2 dev en5
dev_routes $H >"$T_TMP/before"
dev_routes_nosrc $H >"$T_TMP/before.nosrc"
# every table, local included: what the host answers on
kroutes() { ip -n $H route show table all; ip -n $H -6 route show table all; }
kroutes >"$T_TMP/k.before"
vi_addrs() { ip -n $H -o addr show dev vi0 | sed 's/^[0-9]*: //; s/valid_lft.*//'; }

same_routes() {   # $1: what; routes exactly as before
	dev_routes $H >"$T_TMP/now"
	t_same "$1: every route as before" "$T_TMP/before" "$T_TMP/now"
}
same_set() {      # $1: what; the same routes, sources aside
	dev_routes_nosrc $H >"$T_TMP/now"
	t_same "$1: every route still there" "$T_TMP/before.nosrc" "$T_TMP/now"
}

t_cmp $T_CASE.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
t_cmp $T_CASE.routes.up dev_routes $H
same_set "mkinetvi"
t_cmp $T_CASE.netaddr h chdev -l vi0 -a netaddr=10.68.6.2
t_cmp $T_CASE.routes.netaddr dev_routes $H
same_set "netaddr change"
t_cmp $T_CASE.netaddr-same-net h chdev -l vi0 -a netaddr=10.68.6.3 -a netmask=255.255.0.0
same_set "netaddr and netmask change"
# the same address with a new netmask: the new one comes beside the old,
# then the old goes (the address stays local throughout)
t_cmp $T_CASE.netmask h chdev -l vi0 -a netmask=255.255.255.0
t_cmp $T_CASE.netmask.addr vi_addrs
t_cmp $T_CASE.routes.netmask dev_routes $H
same_set "netmask change"
t_cmp $T_CASE.remove-en1 h chvi -l vi0 -i en1 -o remove
t_cmp $T_CASE.routes.en1-removed dev_routes $H
same_set "interface removal"
t_cmp $T_CASE.add-en1 h chvi -l vi0 -i en1 -o add
t_cmp $T_CASE.down h chdev -l vi0 -a state=down
same_routes "state=down"
# out of service: no address in the kernel (the database keeps them), so
# the host no longer answers on it; every table as before the VIPA came
t_cmp $T_CASE.down.addr vi_addrs
t_cmp $T_CASE.down.link sh -c "ip -n $H -o link show dev vi0 | sed 's/^[0-9]*: //; s/ mtu.*//'"
kroutes >"$T_TMP/k.now"
t_same "state=down: every table as before the VIPA" "$T_TMP/k.before" "$T_TMP/k.now"
t_cmp $T_CASE.down.odmget h odmget -q "name=vi0" CuAt
t_cmp $T_CASE.down.cfgif h cfgif
t_cmp $T_CASE.up h chdev -l vi0 -a state=up
same_set "state=up"
t_cmp $T_CASE.up.addr vi_addrs
t_cmp $T_CASE.routes.state-up dev_routes $H
t_cmp $T_CASE.up.cfgif h cfgif
t_cmp $T_CASE.detach h chdev -l vi0 -a state=detach
same_routes "state=detach"
ip -n $H link show vi0 >/dev/null 2>&1
t_ok $((! $?)) "state=detach: no link"
t_cmp $T_CASE.attach h chdev -l vi0 -a state=up
t_cmp $T_CASE.rmdev h rmdev -l vi0
same_routes "rmdev"
t_cmp $T_CASE.mkdev h mkdev -l vi0
t_cmp $T_CASE.routes.mkdev dev_routes $H
t_cmp $T_CASE.rmdev-d h rmdev -l vi0 -d
same_routes "rmdev -d"
t_done
