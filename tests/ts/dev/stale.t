#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A prefix route the kernel no longer owns.  The kernel deletes the IPv4
# prefix route of an address by the address as its preferred source: when
# the address is sent again with another metric (systemd-networkd
# restarted sends its DHCP address without the metric it had) it adds a
# new prefix route and deletes the old one so, and when the address goes.
# A prefix route that has the VIPA source is missed and stays behind.
# cfgif and cfgif -w delete it (exactly, by its source) and give the new
# prefix route the VIPA source; no other route is lost.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/stale
dev_sample_env

# The address as a DHCP client sets it: with a metric.
ip -n "$H" addr replace 10.68.1.1/24 dev en1 metric 1024
t_cmp $T_CASE.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
dev_routes "$H" >"$T_TMP/before"

# Sent again without the metric: the old prefix route stays, stale.
ip -n "$H" addr replace 10.68.1.1/24 dev en1
t_cmp $T_CASE.stale dev_routes "$H"
t_cmp $T_CASE.dry h cfgif -n
t_cmp $T_CASE.cfgif h cfgif
dev_routes "$H" >"$T_TMP/after"
sed 's|^\(10\.68\.1\.0/24 dev en1 proto kernel scope link src 10\.68\.6\.1\) metric 1024 $|\1 |' \
	"$T_TMP/before" >"$T_TMP/want"
t_same "cfgif: the stale route is gone, the new one has the source, nothing else changed" \
	"$T_TMP/want" "$T_TMP/after"
t_cmp $T_CASE.again h cfgif

dev_routes "$H" >"$T_TMP/before"

# An address deleted: its prefix route with the VIPA source stays.
ip -n "$H" addr add 10.68.7.1/24 dev en1
t_cmp $T_CASE.added h cfgif
ip -n "$H" addr del 10.68.7.1/24 dev en1
t_cmp $T_CASE.deleted-routes dev_routes "$H"
t_cmp $T_CASE.deleted h cfgif
dev_routes "$H" >"$T_TMP/after"
t_same "cfgif: the deleted address's route is gone, nothing else changed" \
	"$T_TMP/before" "$T_TMP/after"

# A route of the kernel's kind with the VIPA source that we did not set
# (no record) is not ours to judge: it stays.
ip -n "$H" route add 10.68.8.0/24 dev en1 proto kernel scope link src 10.68.6.1
t_cmp $T_CASE.foreign h cfgif
ip -n "$H" route show 10.68.8.0/24 >"$T_TMP/foreign"
echo "10.68.8.0/24 dev en1 proto kernel scope link src 10.68.6.1 " >"$T_TMP/want"
t_same "a route we did not set stays" "$T_TMP/want" "$T_TMP/foreign"
ip -n "$H" route del 10.68.8.0/24 dev en1

# The watch.
dev_watch
# an address added now: its prefix route gets the source from the watch
# (so it is listening)
ip -n "$H" addr add 10.68.7.1/24 dev en1 metric 1024
dev_wait_src 10.68.7.0/24 -4 10.68.6.1
dev_routes "$H" >"$T_TMP/before.w"
ip -n "$H" addr replace 10.68.7.1/24 dev en1
sed 's|^\(10\.68\.7\.0/24 dev en1 proto kernel scope link src 10\.68\.6\.1\) metric 1024 $|\1 |' \
	"$T_TMP/before.w" >"$T_TMP/want"
dev_wait_routes "$T_TMP/want"
t_ok $? "watch: the stale route is deleted, the new one has the source"
ip -n "$H" addr del 10.68.7.1/24 dev en1
dev_wait_routes "$T_TMP/before"
t_ok $? "watch: the deleted address's route is deleted, nothing else changed"
kill -TERM $W
wait $W
t_ok $? "watch: SIGTERM: exit 0"
t_same "watch: nothing on stderr" /dev/null "$T_TMP/watch.err"
t_cmp $T_CASE.report sort "$T_TMP/watch.out"
t_cmp $T_CASE.routes dev_routes "$H"

# Back with the metric: the kernel adds the new prefix route, then deletes
# "the old one" by the address as source and metric 0, which takes any
# metric: the new one.  Ours (metric 0) is the only route left to the
# prefix: it stays.
ip -n "$H" addr replace 10.68.1.1/24 dev en1 metric 1024
t_cmp $T_CASE.back h cfgif
t_cmp $T_CASE.back-routes dev_routes "$H"
t_done
