#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif -w: routes added later get the VIPA source, a daemon rewriting a
# route without it right after each fix makes the watcher leave that
# daemon's routes alone for a while with one line instead of spinning, an unrelated event changes nothing, and SIGTERM ends
# it with status 0 and nothing left running.  Every step waits for the
# state it needs; the watcher's CPU use is measured in bench/, not here.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/watch
t_cmp $T_CASE.usage cfgif -n -w
dev_sample_env


t_cmp $T_CASE.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
t_cmp $T_CASE.chdev6 h chdev -l vi0 -a netaddr6=2001:db8:6::1 -a prefixlen=64
dev_watch

# a route added later (a DHCP client, a static route by hand)
ip -n "$H" route add 198.51.100.0/24 via 10.68.1.2 dev en1
dev_wait_src 198.51.100.0/24 -4 10.68.6.1
t_ok $? "an IPv4 route added later gets the source"
ip -n "$H" -6 route add 2001:db8:77::/64 via 2001:db8:1::2 dev en1
dev_wait_src 2001:db8:77::/64 -6 2001:db8:6::1
t_ok $? "an IPv6 route added later gets the source"

# a routing daemon that rewrites its route without the source as soon as
# the watcher has set it: the first rewrite and two more right after each
# fix are patched, the third in a row is a fight: the watcher leaves the
# routes of that protocol (boot, as ip adds them) alone for 1 s and says
# so in one line; then the route gets its source again
guard_line='vi0: route 203.0.113.0/24 dev en1 table 254 keeps losing its source: protocol boot rewrites it right after each fix; its routes are left alone for 1 s; set it where the route comes from (bird: krt_prefsrc = 10.68.6.1; FRR: set src 10.68.6.1 in a route-map wired up with ip protocol ospf route-map NAME)'
rewrites=0
while [ $rewrites -lt 6 ]; do
	ip -n "$H" route replace 203.0.113.0/24 via 10.68.1.2 dev en1
	rewrites=$((rewrites + 1))
	# the source, or the guard line (10 s at most)
	for _ in $(seq 100); do
		grep -qxF "$guard_line" "$T_TMP/watch.out" && break 2
		ip -n "$H" route show 203.0.113.0/24 | grep -q " src 10.68.6.1 " && break
		sleep 0.1
	done
done
t_ok $((rewrites != 4)) "the 4th rewrite in a row is a fight ($rewrites)"
dev_wait_src 203.0.113.0/24 -4 10.68.6.1
t_ok $? "after the back-off the route gets its source again"
ip -n "$H" route add 198.51.101.0/24 via 10.68.1.2 dev en1
dev_wait_src 198.51.101.0/24 -4 10.68.6.1 &&
	dev_watch_line 'vi0: route 198.51.101.0/24 dev en1 table 254: source 10.68.6.1'
t_ok $? "a route of the same protocol added later gets the source"
patched=$(grep -c '^vi0: route 203.0.113.0/24 dev en1 table 254: source 10.68.6.1$' "$T_TMP/watch.out")
t_ok $((patched != 4)) "patched 3 times, then once after the back-off ($patched)"
guard=$(grep -c 'keeps losing' "$T_TMP/watch.out")
t_ok $((guard != 1)) "the guard line once ($guard)"

# the same fight by an FRR daemon over an IPv6 route (protocol 196, FRR's
# static routes): the line names FRR's own setting for that protocol
fight6_line='vi0: route 2001:db8:88::/64 dev en1 table 254 metric 1024 keeps losing its source: protocol frr static rewrites it right after each fix; its routes are left alone for 1 s; set it in FRR: a route-map with set src 2001:db8:6::1, which works only wired up with ipv6 protocol static route-map NAME'
rewrites=0
while [ $rewrites -lt 6 ]; do
	ip -n "$H" -6 route replace 2001:db8:88::/64 via 2001:db8:1::2 dev en1 proto 196
	rewrites=$((rewrites + 1))
	for _ in $(seq 100); do
		grep -qxF "$fight6_line" "$T_TMP/watch.out" && break 2
		ip -n "$H" -6 route show 2001:db8:88::/64 | grep -q " src 2001:db8:6::1 " && break
		sleep 0.1
	done
done
t_ok $((rewrites != 4)) "an FRR daemon's IPv6 fight: named with ipv6 protocol static ($rewrites)"
[ $rewrites -eq 4 ] || grep 'keeps losing' "$T_TMP/watch.out" | t_diag
dev_wait_src 2001:db8:88::/64 -6 2001:db8:6::1
t_ok $? "after the back-off the IPv6 route gets its source again"
# (how ip names protocol 196 depends on FRR's rt_protos file: not dumped)
ip -n "$H" -6 route del 2001:db8:88::/64

# an event that is none of ours (a route through an interface outside the
# group) asks for no change: the next line printed is the next route's
lines=$(wc -l <"$T_TMP/watch.out")
ip -n "$H" route add 192.0.2.99/32 dev lo
ip -n "$H" route add 198.51.102.0/24 via 10.68.1.2 dev en1
dev_wait_src 198.51.102.0/24 -4 10.68.6.1 &&
	dev_watch_line 'vi0: route 198.51.102.0/24 dev en1 table 254: source 10.68.6.1'
t_ok $? "a route added after an unrelated one gets the source"
tail -n +$((lines + 1)) "$T_TMP/watch.out" >"$T_TMP/watch.new"
echo 'vi0: route 198.51.102.0/24 dev en1 table 254: source 10.68.6.1' >"$T_TMP/watch.want"
t_same "the unrelated route made no change" "$T_TMP/watch.want" "$T_TMP/watch.new"

# someone else's routes with the VIPA as source outside the group (one by
# hand via lo, and the VIPA's own prefix on vi0 as bird installs it with
# krt_prefsrc): no record of ours, so never taken back, by the passes the
# watcher runs below nor by cfgif after it
ip -n "$H" route add 198.51.103.0/24 dev lo src 10.68.6.1
ip -n "$H" route add 10.68.6.0/24 dev vi0 proto bird src 10.68.6.1

# an interface that appears later: its routes get the source
t_cmp $T_CASE.chvi h chvi -l vi0 -i en7 -o add
ip link add en7 netns "$H" type veth peer name p7 netns "$P"
ip -n "$H" addr add 10.68.7.129/25 dev en7
ip -n "$H" link set en7 up
ip -n "$P" link set p7 up
dev_wait_src 10.68.7.128/25 -4 10.68.6.1
t_ok $? "a route of an interface that appeared later gets the source"

kill -TERM $W
wait $W
t_ok $? "SIGTERM: exit 0"
[ -z "$(ip netns pids "$H")" ]
t_ok $? "no process left in the namespace"
t_same "nothing on stderr" /dev/null "$T_TMP/watch.err"
t_cmp $T_CASE.report sort -u "$T_TMP/watch.out"
t_cmp $T_CASE.cfgif h cfgif
t_cmp $T_CASE.routes dev_routes $H
t_done
