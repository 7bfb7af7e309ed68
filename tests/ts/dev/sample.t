#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The AIX sample environment: vi0 = 10.68.6.1/255.255.255.0 for en1,en5.
# No route for vi0 in the main table, remote traffic leaves with the VIPA
# as source, chvi moves the sources, the peer reaches the VIPA.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/sample
dev_sample_env perl
t_at_exit '[ -n "$DEV_LISTENER" ] && kill $DEV_LISTENER 2>/dev/null'

dev_routes $H >"$T_TMP/routes.before"
t_cmp $T_CASE.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
t_cmp $T_CASE.odmget h odmget -q 'name=vi0' CuDv CuAt
t_cmp $T_CASE.records dev_records vi0
t_cmp $T_CASE.routes dev_routes $H
ip -n $H -o addr show dev vi0 | sed 's/^[0-9]*: //' >"$T_TMP/addr"
t_cmp $T_CASE.addresses cat "$T_TMP/addr"
ip -n $H route show table main | grep -q 'dev vi0'
t_ok $((! $?)) "no route through vi0 in the main table"
t_cmp $T_CASE.route-get dev_src_for $H $REMOTE

# an outgoing connection leaves with the VIPA as source
dev_listen $P $REMOTE 7001 "$T_TMP/peer"
t_cmp $T_CASE.connect-out dev_connect $H $REMOTE 7001
wait $DEV_LISTENER; DEV_LISTENER=
t_cmp $T_CASE.outgoing cat "$T_TMP/peer"

# the peer reaches the VIPA (over en1 or en5)
dev_listen $H 10.68.6.1 7002 "$T_TMP/host"
t_cmp $T_CASE.connect-in dev_connect $P 10.68.6.1 7002 10.68.1.2
wait $DEV_LISTENER; DEV_LISTENER=
t_cmp $T_CASE.incoming cat "$T_TMP/host"

# removing en5 gives its routes their own source back; adding it again
t_cmp $T_CASE.chvi-remove h chvi -l vi0 -i en5 -o remove
t_cmp $T_CASE.routes.en5-removed dev_routes $H
t_cmp $T_CASE.route-get.en5-removed dev_src_for $H 10.68.5.2
t_cmp $T_CASE.chvi-add h chvi -l vi0 -i en5 -o add
t_cmp $T_CASE.routes.en5-added dev_routes $H
t_cmp $T_CASE.route-get.en5-added dev_src_for $H 10.68.5.2

# and rmdev -d leaves the routes exactly as they were
t_cmp $T_CASE.rmdev h rmdev -l vi0 -d
dev_routes $H >"$T_TMP/routes.after"
t_same "routes after rmdev -d are the routes before" "$T_TMP/routes.before" "$T_TMP/routes.after"
t_cmp $T_CASE.odmget.after h odmget CuDv CuAt
t_done
