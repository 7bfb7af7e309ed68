#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DHCP beside the VIPA: dnsmasq on a router, ISC dhclient (its own
# dhclient-script) on the host's en1, vi0 on en1 and "cfgif -w" running.
# The default route dhclient adds gets the VIPA as source; it keeps it
# through renewals (every 2 s: the client supersedes T1) and a restart of
# dhclient (a REBOOT, which adds the route again); a UDP flow each way
# delivers throughout, and the case prints its largest stall (never
# checked).  dhclient runs with /etc/resolv.conf bound to a file of the
# test (a mount namespace of its own): the host's is never written.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ospf/lib.sh"
t_init ospf/dhcp
t_need_root
t_need_cmd ip perl dnsmasq dhclient mount
[ -x /sbin/dhclient-script ] || t_skip_all "needs /sbin/dhclient-script"
t_odmdir

# The router is the far end of the probe's flows: $C, $CLIENT.
H=$(t_netns host) && C=$(t_netns router) || t_skip_all "cannot create namespaces"
CLIENT=192.0.2.1
ip link add en1 netns "$H" type veth peer name r1 netns "$C"
ip -n "$C" addr add 10.68.1.2/24 dev r1
ip -n "$C" addr add $CLIENT/32 dev lo
ip -n "$C" link set r1 up
ip -n "$H" link set en1 up
# the one address dnsmasq gives; the router's way back to the VIPA
ip -n "$C" route add 10.68.6.0/24 via 10.68.1.50 dev r1
ip netns exec "$C" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --user=root \
	--interface=r1 --bind-interfaces --dhcp-range=10.68.1.50,10.68.1.50,255.255.255.0,2m \
	--dhcp-option=option:router,10.68.1.2 --dhcp-leasefile="$T_TMP/leases" \
	--pid-file="$T_TMP/dnsmasq.pid" >"$T_TMP/dnsmasq.log" 2>&1 &

t_in "$H" mkinetvi -a netaddr=$VIPA -a netmask=255.255.255.0 -a interface_names=en1 >"$T_TMP/mk" 2>&1
t_ok $? "mkinetvi vi0 on en1"
ip netns exec "$H" cfgif -w >"$T_TMP/watch" 2>&1 &
WATCH=$!

cat >"$T_TMP/dhclient.conf" <<'CONF'
supersede dhcp-renewal-time 2;
supersede dhcp-rebinding-time 100;
request subnet-mask, broadcast-address, routers, dhcp-lease-time, dhcp-renewal-time, dhcp-rebinding-time;
CONF
: >"$T_TMP/resolv.conf"
dhclient_start() {
	ip netns exec "$H" sh -c 'mount --bind "$0/resolv.conf" /etc/resolv.conf &&
		exec dhclient -d -v -4 -cf "$0/dhclient.conf" -lf "$0/lease" -pf "$0/dhclient.pid" en1' \
		"$T_TMP" >>"$T_TMP/dhclient.log" 2>&1 &
	DHCLIENT=$!
}
acks() { grep -c '^DHCPACK' "$T_TMP/dhclient.log"; }
default_ok() {
	ip -n "$H" route show default | grep -q "^default via 10.68.1.2 dev en1 .*src $VIPA" &&
		[ "$(src_of "$H" $CLIENT)" = $VIPA ]
}
# acked N: dhclient got its Nth DHCPACK
acked() { [ "$(acks)" -ge "$1" ]; }

dhclient_start
wait_for 30 acked 1 && wait_for 10 default_ok
t_ok $? "dhclient's default route gets the VIPA source"
ip -n "$H" route show | t_diag

probe_start dhcp
sleep 0.5
bad=
for n in 2 3 4; do
	wait_for 20 acked $n && wait_for 10 default_ok || bad="$bad $n"
done
[ -z "$bad" ]
t_ok $? "after each of three renewals the default route has the VIPA source${bad:+ (not after:$bad)}"

# A restart: dhclient sends a REQUEST for its lease (REBOOT) and its
# script adds the default route again.
n=$(($(acks) + 1))
kill "$DHCLIENT"
wait "$DHCLIENT" 2>/dev/null
dhclient_start
wait_for 30 acked $n && wait_for 10 default_ok
t_ok $? "after a restart of dhclient the default route has the VIPA source"
[ "$(ip -n "$H" route show default | wc -l)" -eq 1 ]
t_ok $? "one default route"
probe_stop "dhcp renewals"
kill "$DHCLIENT"
watch_end "$WATCH" "$T_TMP/watch"
t_done
