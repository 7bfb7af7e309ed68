#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# OSPF with the real bird2 between the VIPA host and a router: the router
# learns the VIPA over both links, the host's outgoing connection carries the
# VIPA as source, and it survives one adapter going down.
. "$top_srcdir/tests/functions.sh"
t_init ospf/failover
t_need_root
t_need_cmd bird birdc nc ss
t_odmdir

H=$(t_netns host) && R=$(t_netns router) || t_skip_all "no namespaces"
ip link add en1 netns "$H" type veth peer name r1 netns "$R"
ip link add en5 netns "$H" type veth peer name r5 netns "$R"
ip -n "$H" addr add 10.68.1.1/24 dev en1
ip -n "$H" addr add 10.68.5.1/24 dev en5
ip -n "$R" addr add 10.68.1.2/24 dev r1
ip -n "$R" addr add 10.68.5.2/24 dev r5
ip -n "$R" addr add 192.0.2.1/32 dev lo
for l in en1 en5; do ip -n "$H" link set $l up; done
for l in r1 r5; do ip -n "$R" link set $l up; done
for ns in "$H" "$R"; do
	ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.ignore_routes_with_linkdown=1
	for l in $(ip -n "$ns" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do
		ip netns exec "$ns" sysctl -qw "net.ipv4.conf.$l.ignore_routes_with_linkdown=1" 2>/dev/null
	done
done

t_in "$H" mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >"$T_TMP/mk" 2>&1
t_ok $? "mkinetvi vi0 on en1,en5"
t_diag <"$T_TMP/mk"

cat >"$T_TMP/host.conf" <<CONF
router id 10.68.1.1;
protocol device { scan time 1; }
protocol kernel {
	scan time 2;
	ipv4 { import none; export filter { krt_prefsrc = 10.68.6.1; accept; }; };
}
protocol ospf v2 {
	ipv4 { import all; export none; };
	area 0 {
		interface "en1", "en5" { type ptp; hello 1; dead 3; };
		interface "vi0" { stub yes; };
	};
}
CONF
cat >"$T_TMP/router.conf" <<CONF
router id 10.68.1.2;
protocol device { scan time 1; }
protocol kernel { scan time 2; ipv4 { import none; export all; }; }
protocol ospf v2 {
	ipv4 { import all; export none; };
	area 0 {
		interface "r1", "r5" { type ptp; hello 1; dead 3; };
		interface "lo" { stub yes; };
	};
}
CONF
t_in "$H" bird -c "$T_TMP/host.conf" -s "$T_TMP/host.ctl" -P "$T_TMP/host.pid"
t_in "$R" bird -c "$T_TMP/router.conf" -s "$T_TMP/router.ctl" -P "$T_TMP/router.pid"
t_at_exit 'kill $(cat "$T_TMP"/host.pid "$T_TMP"/router.pid 2>/dev/null) 2>/dev/null'

# Wait (bounded) for OSPF: the router reaches the VIPA net over both links.
ok=1
for _ in $(seq 60); do
	if ip -n "$R" route show 10.68.6.0/24 | grep -q 'nexthop.*r1' &&
	   ip -n "$R" route show 10.68.6.0/24 | grep -q 'nexthop.*r5' &&
	   ip -n "$H" route show 192.0.2.1 | grep -q .; then ok=0; break; fi
	sleep 0.5
done
t_ok $ok "the router learns the VIPA over en1 and en5"
ip -n "$R" route show 10.68.6.0/24 | t_diag

src=$(t_in "$H" ip -o route get 192.0.2.1 | sed -n 's/.* src \([^ ]*\).*/\1/p')
[ "$src" = 10.68.6.1 ]
t_ok $? "outgoing traffic to the router's address leaves with the VIPA as source (got $src)"

# A TCP stream from the host to the router, one line every 50 ms; en1 goes
# down in the middle; every line must arrive on the one connection.
t_in "$R" nc -l 192.0.2.1 9000 >"$T_TMP/received" &
for _ in $(seq 50); do t_in "$R" ss -Hltn 'sport = :9000' | grep -q . && break; sleep 0.1; done
( for i in $(seq 1 100); do echo "$i"; sleep 0.05; done ) | t_in "$H" nc -N 192.0.2.1 9000 &
sender=$!
sleep 1
peer=$(t_in "$R" ss -Htn state established 'sport = :9000' | awk '{print $4}')
case "$peer" in 10.68.6.1:*) t_ok 0 "the router sees the connection from the VIPA";;
	*) t_ok 1 "the router sees the connection from the VIPA (saw '$peer')";; esac
ip -n "$H" link set en1 down
wait $sender
for _ in $(seq 100); do [ "$(wc -l <"$T_TMP/received")" -ge 100 ] && break; sleep 0.1; done
seq 1 100 >"$T_TMP/sent"
t_same "the connection survives en1 going down: all 100 lines arrived in order" "$T_TMP/sent" "$T_TMP/received"
ip -n "$R" route show 10.68.6.0/24 | t_diag
t_done
