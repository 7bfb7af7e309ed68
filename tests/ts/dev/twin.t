#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A DHCP client adds its route again beside ours: systemd-networkd, after a
# renewal, sends its default route with the lease's address as source, with
# NLM_F_CREATE|NLM_F_APPEND and without NLM_F_REPLACE (ip route append);
# IPv4 keeps both, as twins that differ only in the source.  cfgif and
# cfgif -w delete the newcomer exactly (by its own source) and keep the
# route with the VIPA source: afterwards there is one route, with the VIPA
# source, and no route is lost.  A twin without a source cannot be singled
# out for a delete: it stays, with a warning.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/twin
dev_sample_env

DHCP="via 10.68.1.2 dev en1 proto dhcp metric 1024"
# What the DHCP client installed before: routes with the lease's address.
ip -n "$H" route add default $DHCP src 10.68.1.1
ip -n "$H" route add 198.51.100.0/24 $DHCP src 10.68.1.1
t_cmp $T_CASE.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
dev_routes "$H" >"$T_TMP/before"

# The renewal: the same routes again, appended behind ours.
ip -n "$H" route append default $DHCP src 10.68.1.1
ip -n "$H" route append 198.51.100.0/24 $DHCP src 10.68.1.1
t_cmp $T_CASE.twins dev_routes "$H"
t_cmp $T_CASE.dry h cfgif -n
t_cmp $T_CASE.cfgif h cfgif
dev_routes "$H" >"$T_TMP/after"
t_same "cfgif: the duplicates are gone, nothing else changed" "$T_TMP/before" "$T_TMP/after"
t_cmp $T_CASE.again h cfgif

# Put in front of ours (NLM_F_CREATE alone: ip route prepend), where
# NLM_F_REPLACE would hit the newcomer and the kernel refuse it.
ip -n "$H" route prepend default $DHCP src 10.68.1.1
t_cmp $T_CASE.prepended h cfgif
dev_routes "$H" >"$T_TMP/after"
t_same "cfgif: the duplicate in front is gone, nothing else changed" "$T_TMP/before" "$T_TMP/after"

# Without a source: a delete would take the first of the two, maybe ours.
ip -n "$H" route append 198.51.100.0/24 $DHCP
t_cmp $T_CASE.nosrc h cfgif
t_cmp $T_CASE.nosrc-routes dev_routes "$H"
ip -n "$H" route del 198.51.100.0/24 $DHCP src 10.68.6.1
ip -n "$H" route replace 198.51.100.0/24 $DHCP src 10.68.6.1
dev_routes "$H" >"$T_TMP/after"
t_same "the duplicate without source removed by hand" "$T_TMP/before" "$T_TMP/after"

# The watch.
dev_watch
# A route the client adds now gets the source from the watch (so it is
# listening), and is known to it with the source.
ip -n "$H" route add 203.0.113.0/24 $DHCP src 10.68.1.1
dev_wait_src 203.0.113.0/24 -4 10.68.6.1
dev_routes "$H" >"$T_TMP/before.w"
grep -v '^203\.0\.113\.0/24 ' "$T_TMP/before.w" >"$T_TMP/after"
grep -q '^203\.0\.113\.0/24 via 10\.68\.1\.2 dev en1 proto dhcp src 10\.68\.6\.1 metric 1024 $' \
	"$T_TMP/before.w" && cmp -s "$T_TMP/before" "$T_TMP/after"
t_ok $? "watch: a route added later gets the source, nothing else changed"
# the renewal, appended and put in front, for a route the watch gave the
# source and one it did not
ip -n "$H" route append default $DHCP src 10.68.1.1
ip -n "$H" route append 203.0.113.0/24 $DHCP src 10.68.1.1
dev_wait_routes "$T_TMP/before.w"
t_ok $? "watch: the appended duplicates are deleted, nothing else changed"
ip -n "$H" route prepend 203.0.113.0/24 $DHCP src 10.68.1.1
ip -n "$H" route prepend default $DHCP src 10.68.1.1
dev_wait_routes "$T_TMP/before.w"
t_ok $? "watch: the duplicates in front are deleted, nothing else changed"
kill -TERM $W
wait $W
t_ok $? "watch: SIGTERM: exit 0"
t_same "watch: nothing on stderr" /dev/null "$T_TMP/watch.err"
# The duplicates deleted, one line each, and the route added later given
# the source.  Other lines are left out: a default route the watch did not
# patch itself may be answered with a full pass or with a patch that finds
# our route first, depending on how the events fall into its reads.
t_cmp $T_CASE.report sh -c "grep -e ' duplicate with source ' -e '^vi0: route 203.0.113.0/24 .*: source 10.68.6.1\$' '$T_TMP/watch.out' | sort"
t_cmp $T_CASE.routes dev_routes "$H"
t_done
