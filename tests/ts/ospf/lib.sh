# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - the network of the routing daemon tests (sourced after
# functions.sh): a host with a VIPA, two routers and a client, OSPFv2 on
# point-to-point links (hello 1, dead 3); the routers and the client run
# BIRD, the host the daemon under test (FRR or BIRD).
#
#        en1 10.68.1.1 ---- r1h 10.68.1.2  R1  r1c 10.68.11.1 ---- c1 10.68.11.2
#   H                                                                            C
#        en5 10.68.5.1 ---- r2h 10.68.5.2  R2  r2c 10.68.12.1 ---- c2 10.68.12.2
#
#   H: vi0 10.68.6.1/24 on en1,en5 (OSPF stub), "cfgif -w" running
#   C: 192.0.2.10/32 on lo (OSPF stub): reaches the VIPA over R1 and R2 (ECMP)
#
# Failures: carrier loss (R1 sets r1h down: en1 loses its carrier), a silent
# cut (R1 drops everything on r1h with nftables, netdev ingress and egress:
# both links stay up, OSPF's dead interval finds it), remote flaps (R2's
# link to C down and up).  Two UDP flows (tests/ts/ospf/probe) run during
# each: host to client with the source the kernel picks (it must be the
# VIPA) and client to VIPA; each case prints its largest stall per flow.

VIPA=10.68.6.1
CLIENT=192.0.2.10
PROBE="$top_srcdir/tests/ts/ospf/probe"

# ospf_need: skip unless the tools are here.
ospf_need() {
	t_need_root
	t_need_cmd ip bird birdc perl nft "$@"
	# the daemons run as their own users: they must reach their files
	chmod 711 "$T_TMP"
}

# ospf_net TAG: the namespaces $H $R1 $R2 $C (named after TAG) and links.
ospf_net() {
	H=$(t_netns "h$1") && R1=$(t_netns "r1$1") && R2=$(t_netns "r2$1") &&
		C=$(t_netns "c$1") || return 1
	ip link add en1 netns "$H" type veth peer name r1h netns "$R1" &&
	ip link add en5 netns "$H" type veth peer name r2h netns "$R2" &&
	ip link add r1c netns "$R1" type veth peer name c1 netns "$C" &&
	ip link add r2c netns "$R2" type veth peer name c2 netns "$C" || return 1
	ip -n "$H" addr add 10.68.1.1/24 dev en1
	ip -n "$H" addr add 10.68.5.1/24 dev en5
	ip -n "$R1" addr add 10.68.1.2/24 dev r1h
	ip -n "$R1" addr add 10.68.11.1/24 dev r1c
	ip -n "$R2" addr add 10.68.5.2/24 dev r2h
	ip -n "$R2" addr add 10.68.12.1/24 dev r2c
	ip -n "$C" addr add 10.68.11.2/24 dev c1
	ip -n "$C" addr add 10.68.12.2/24 dev c2
	ip -n "$C" addr add $CLIENT/32 dev lo
	# A nexthop through a link without carrier is unusable at once ("all"
	# is enough: the kernel takes it or the link's own); ECMP hashes on
	# ports too, so that the probe's flows take both paths.
	for ns in "$H" "$R1" "$R2" "$C"; do
		fwd=0
		[ "$ns" = "$R1" ] || [ "$ns" = "$R2" ] && fwd=1
		ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.ignore_routes_with_linkdown=1 \
			net.ipv4.fib_multipath_hash_policy=1 net.ipv4.ip_forward=$fwd || return 1
	done
	for l in "$H en1" "$H en5" "$R1 r1h" "$R1 r1c" "$R2 r2h" "$R2 r2c" "$C c1" "$C c2"; do
		set -- $l
		ip -n "$1" link set "$2" up || return 1
	done
}

# ospf_vipa: vi0 on the host and the watch, its lines in $T_TMP/watch.$H.
ospf_vipa() {
	t_odmdir
	t_in "$H" mkinetvi -a netaddr=$VIPA -a netmask=255.255.255.0 -a interface_names=en1,en5 \
		>"$T_TMP/mk" 2>&1 || { cat "$T_TMP/mk" >&2; return 1; }
	ip netns exec "$H" cfgif -w >"$T_TMP/watch.$H" 2>&1 &
	OSPF_WATCH=$!
}

# ospf_bird NS ID IF1 IF2: BIRD on a router or the client.
ospf_bird() {
	cat >"$T_TMP/bird.$1.conf" <<CONF
router id $2;
protocol device { scan time 1; }
protocol kernel { ipv4 { import none; export all; }; }
protocol ospf v2 {
	ecmp yes;
	ipv4 { import all; export none; };
	area 0 {
		interface "$3", "$4" { type ptp; hello 1; dead 3; };
		interface "lo" { stub yes; };
	};
}
CONF
	t_in "$1" bird -c "$T_TMP/bird.$1.conf" -s "$T_TMP/bird.$1.ctl" -P "$T_TMP/bird.$1.pid"
}

ospf_routers() {
	ospf_bird "$R1" 10.68.1.2 r1h r1c && ospf_bird "$R2" 10.68.5.2 r2h r2c &&
		ospf_bird "$C" 10.68.11.2 c1 c2
}

# ospf_host_bird SETTING: BIRD on the host; SETTING src: krt_prefsrc, the
# README's recipe; nosrc: without it (the watch gives the source).  The
# route OSPF learns back for the VIPA's prefix (through vi0) is rejected.
bird_host_conf() {
	set_src=
	[ "$1" = src ] && set_src="krt_prefsrc = $VIPA;"
	cat >"$T_TMP/bird.$H.conf" <<CONF
router id 10.68.1.1;
protocol device { scan time 1; }
protocol kernel {
	ipv4 { import none; export filter {
		if net = 10.68.6.0/24 then reject;
		$set_src
		accept;
	}; };
}
protocol ospf v2 {
	ecmp yes;
	ipv4 { import all; export none; };
	area 0 {
		interface "en1", "en5" { type ptp; hello 1; dead 3; };
		interface "vi0" { stub yes; };
	};
}
CONF
}
ospf_host_bird() {
	bird_host_conf "$1" &&
		t_in "$H" bird -c "$T_TMP/bird.$H.conf" -s "$T_TMP/bird.$H.ctl" -P "$T_TMP/bird.$H.pid"
}

# ospf_host_frr SETTING: zebra and ospfd on the host, with a pathspace of
# their own (-N), pid files, vty sockets and the zebra socket in one
# directory of the test; SETTING src: the README's route-map with set src,
# wired up with ip protocol ospf; nosrc: without it.  Kernel nexthop
# objects are off (the README's workaround: FRR 8.4 loses an ECMP member
# of one after a carrier flap).
ospf_host_frr() {
	FRR_DIR=$T_TMP/frr.$H
	install -d -o frr -g frr -m 750 "$FRR_DIR" || return 1
	{
		echo "frr defaults traditional"
		echo "hostname host"
		echo "no zebra nexthop kernel enable"
		echo "route-map VIPA-SRC permit 10"
		echo " set src $VIPA"
		echo "exit"
		[ "$1" = src ] && echo "ip protocol ospf route-map VIPA-SRC"
		for l in en1 en5; do
			echo "interface $l"
			echo " ip ospf network point-to-point"
			echo " ip ospf hello-interval 1"
			echo " ip ospf dead-interval 3"
			echo "exit"
		done
		echo "router ospf"
		echo " ospf router-id 10.68.1.1"
		echo " passive-interface vi0"
		echo " network 10.68.1.0/24 area 0"
		echo " network 10.68.5.0/24 area 0"
		echo " network 10.68.6.0/24 area 0"
		echo "exit"
	} >"$FRR_DIR/frr.conf"
	chown frr:frr "$FRR_DIR/frr.conf"
	t_at_exit "rmdir /var/run/frr/$H 2>/dev/null"
	for prog in zebra ospfd; do
		t_in "$H" /usr/lib/frr/$prog -d -N "$H" -f "$FRR_DIR/frr.conf" \
			-i "$FRR_DIR/$prog.pid" --vty_socket "$FRR_DIR" -z "$FRR_DIR/zserv.api" -P 0 \
			--log "file:$FRR_DIR/$prog.log" 2>"$FRR_DIR/$prog.err" || {
			cat "$FRR_DIR/$prog.err" >&2
			return 1
		}
	done
}

# ospf_frr_need: skip unless FRR is installed.
ospf_frr_need() {
	[ -x /usr/lib/frr/zebra ] && [ -x /usr/lib/frr/ospfd ] || t_skip_all "needs FRR (zebra, ospfd)"
	id frr >/dev/null 2>&1 || t_skip_all "needs FRR's user frr"
}

# paths NS DST: the devices of the nexthops of NS's route to DST that are
# alive (not dead or linkdown), sorted, one line; nexthops NS DST: all of
# them, dead ones too (the daemon has not taken them out yet).
paths() {
	ip -n "$1" route show "$2" | awk '
		/ dead| linkdown/ { next }
		{ for (i = 1; i < NF; i++) if ($i == "dev") print $(i + 1) }' | sort | tr '\n' ' '
}
nexthops() {
	ip -n "$1" route show "$2" | awk '
		{ for (i = 1; i < NF; i++) if ($i == "dev") print $(i + 1) }' | sort | tr '\n' ' '
}

# src_of NS DST: the source the kernel picks for DST.
src_of() {
	ip -n "$1" route get "$2" 2>/dev/null | sed -n 's/.* src \([^ ]*\).*/\1/p'
}

# wait_for SECONDS COMMAND...: poll (every 0.1 s) until COMMAND succeeds.
wait_for() {
	n=$(($1 * 10)); shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# The whole network as it should be: both paths both ways, the host's
# route to the client with the VIPA as source.
ospf_ecmp() {
	[ "$(paths "$H" $CLIENT)" = "en1 en5 " ] && [ "$(paths "$C" 10.68.6.0/24)" = "c1 c2 " ] &&
		[ "$(src_of "$H" $CLIENT)" = $VIPA ]
}
# One path left each way after a failure, the daemons' routes changed
# (the kernel alone makes a nexthop without carrier unusable at once):
# $1 the host's device to the client, $2 the client's to the VIPA.
ospf_one_path() {
	[ "$(nexthops "$H" $CLIENT)" = "$1 " ] && [ "$(nexthops "$C" 10.68.6.0/24)" = "$2 " ] &&
		[ "$(src_of "$H" $CLIENT)" = $VIPA ]
}

# probe_start CASE: both flows, into $T_TMP/CASE.{hc,cv}.
probe_start() {
	PROBE_CASE=$1
	# (ip netns exec itself, not t_in: $! is then the probe's pid)
	ip netns exec "$C" perl "$PROBE" recv 0.0.0.0 7000 >"$T_TMP/$1.hc" &
	PROBE_PIDS=$!
	ip netns exec "$H" perl "$PROBE" recv $VIPA 7001 >"$T_TMP/$1.cv" &
	PROBE_PIDS="$PROBE_PIDS $!"
	sleep 0.2
	ip netns exec "$H" perl "$PROBE" send $CLIENT 7000 4 &
	PROBE_PIDS="$PROBE_PIDS $!"
	ip netns exec "$C" perl "$PROBE" send $VIPA 7001 4 $CLIENT &
	PROBE_PIDS="$PROBE_PIDS $!"
}

# flowing: both flows deliver again, the host's with the VIPA source.
flowing() {
	tail -n 1 "$T_TMP/$PROBE_CASE.hc" | awk -v m="$mark" -v s=$VIPA '$1 > m && $2 == s { f = 1 } END { exit !f }' &&
	tail -n 1 "$T_TMP/$PROBE_CASE.cv" | awk -v m="$mark" '$1 > m { f = 1 } END { exit !f }'
}

# probe_stop NAME: once both flows deliver again (30 s at most: not ok
# otherwise), stop them and report the stalls: one diagnostic line, and
# with $OSPF_STALLS set one line there for bench/ospf-bench: NAME, client to
# VIPA ms, host to client ms, datagrams with another source (tabs between).
# The stalls are figures, never checked.
probe_stop() {
	mark=$(date +%s.%N)
	wait_for 30 flowing
	t_ok $? "$1: both flows deliver again, the host's with the VIPA source"
	sleep 0.3
	kill $PROBE_PIDS 2>/dev/null
	wait $PROBE_PIDS 2>/dev/null
	set -- "$1" $(perl "$PROBE" stall "$T_TMP/$PROBE_CASE.cv") \
		$(perl "$PROBE" stall "$T_TMP/$PROBE_CASE.hc" $VIPA)
	echo "# stall $1: client to VIPA $2 ms; host to client with the VIPA source $5 ms" \
		"($6 packets, $7 with another source)"
	[ -n "${OSPF_STALLS:-}" ] && printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$5" "$7" >>"$OSPF_STALLS"
	return 0
}

# ospf_cut UP|DOWN: the silent cut on R1's link to the host.
ospf_cut() {
	if [ "$1" = down ]; then
		t_in "$R1" nft -f - <<NFT
table netdev cut {
	chain in { type filter hook ingress device "r1h" priority 0; policy drop; }
	chain out { type filter hook egress device "r1h" priority 0; policy drop; }
}
NFT
	else
		t_in "$R1" nft delete table netdev cut
	fi
}

# ospf_failures NAME: carrier loss and the silent cut, each with its
# stall; NAME is the daemon and setting ("frr src").
ospf_failures() {
	probe_start carrier
	sleep 1
	ip -n "$R1" link set r1h down
	wait_for 20 ospf_one_path en5 c2
	t_ok $? "$1, carrier loss on en1: the routes go over en5 and R2 both ways, from the VIPA"
	ip -n "$R1" link set r1h up
	wait_for 40 ospf_ecmp
	t_ok $? "$1, carrier back: both paths again, both ways, from the VIPA"
	probe_stop "$1 carrier"

	probe_start cut
	sleep 1
	ospf_cut down
	wait_for 30 ospf_one_path en5 c2
	t_ok $? "$1, silent cut of en1's link at R1: the routes go over en5 and R2 both ways, from the VIPA"
	ospf_cut up
	wait_for 40 ospf_ecmp
	t_ok $? "$1, cut mended: both paths again, both ways, from the VIPA"
	probe_stop "$1 cut"
}

# ospf_flaps NAME: five remote flaps (R2's link to the client): the host's
# route to the client moves to en1 only and back, its source checked after
# each move.  OSPF originates a router's LSA at most every 5 s, so a flap
# takes about 10 s.
ospf_flaps() {
	probe_start flaps
	sleep 1
	bad=
	for i in 1 2 3 4 5; do
		ip -n "$R2" link set r2c down
		wait_for 30 ospf_one_path en1 c1 ||
			bad="$bad down$i:$(paths "$H" $CLIENT)src $(src_of "$H" $CLIENT)"
		ip -n "$R2" link set r2c up
		wait_for 40 ospf_ecmp || bad="$bad up$i:$(paths "$H" $CLIENT)src $(src_of "$H" $CLIENT)"
	done
	[ -z "$bad" ]
	t_ok $? "$1, five remote flaps: after each the route and its source are right${bad:+ (not:$bad)}"
	probe_stop "$1 flaps"
}

# with_protos CMD...: CMD in the host namespace with rt_protos naming
# only bird (12) and ospf (188), as Debian's does: for output that does
# not depend on the machine's files.
with_protos() {
	mkdir -p "$T_TMP/iproute2"
	printf '2\tkernel\n12\tbird\n188\tospf\n' >"$T_TMP/iproute2/rt_protos"
	ip netns exec "$H" sh -c 'mount --bind "$0" /etc/iproute2 && exec "$@"' "$T_TMP/iproute2" "$@"
}

# daemon_set DAEMON src|nosrc: give the host's daemon its source setting
# or take it away, while it runs (FRR: vtysh; BIRD: birdc configure).
daemon_set() {
	if [ "$1" = frr ]; then
		if [ "$2" = src ]; then
			vtysh --vty_socket "$FRR_DIR" -c 'configure terminal' \
				-c 'ip protocol ospf route-map VIPA-SRC'
		else
			vtysh --vty_socket "$FRR_DIR" -c 'configure terminal' \
				-c 'no ip protocol ospf route-map VIPA-SRC'
		fi
	else
		bird_host_conf "$2" && birdc -s "$T_TMP/bird.$H.ctl" configure >/dev/null
	fi
}

# ospf_run DAEMON: the whole test of one daemon on the host, first with
# its source setting (the README's recipe), then without it.
ospf_run() {
	dm=$1
	ospf_net "$dm"
	t_ok $? "$dm: the namespaces of the host, two routers and the client"
	ospf_vipa
	t_ok $? "$dm: vi0 on en1,en5 and cfgif -w on the host"
	ospf_routers && ospf_host_$dm src
	t_ok $? "$dm: BIRD on the routers and the client, $dm with its source setting on the host"
	wait_for 60 ospf_ecmp
	t_ok $? "$dm src: the client reaches the VIPA over R1 and R2, the host the client over en1 and en5, from the VIPA"
	# no failure: what the probe sees of the machine's own load
	probe_start idle
	sleep 3
	probe_stop "$dm idle"
	ospf_failures "$dm src"
	! grep -q " $CLIENT/32 " "$T_TMP/watch.$H"
	t_ok $? "$dm src: the daemon gives its routes the source itself, the watch fixed none of them"

	# rmdev with the setting in place warns (the daemon's routes carry
	# the source); the VIPA comes back with mkdev; FRR needs its
	# ip protocol line again (the README's order).
	wait_for 20 ospf_ecmp
	t_cmp "$dm.rmdev" with_protos rmdev -l vi0
	t_cmp "$dm.mkdev" t_in "$H" mkdev -l vi0
	[ $dm = frr ] && daemon_set frr src
	wait_for 40 ospf_ecmp
	t_ok $? "$dm src: after mkdev both paths again, from the VIPA"

	fixed=$(grep -c " $CLIENT/32 " "$T_TMP/watch.$H")
	daemon_set $dm nosrc
	wait_for 40 ospf_ecmp
	t_ok $? "$dm nosrc: the setting taken out, both paths, from the VIPA"
	ospf_failures "$dm nosrc"
	[ "$(grep -c " $CLIENT/32 " "$T_TMP/watch.$H")" -gt "$fixed" ]
	t_ok $? "$dm nosrc: the watch gave the daemon's new routes to the client the source"
	ospf_flaps "$dm nosrc"
	! grep -q 'keeps losing' "$T_TMP/watch.$H"
	t_ok $? "$dm: the watch found no fight"
	grep 'keeps losing' "$T_TMP/watch.$H" | t_diag
	ospf_down
}

# watch_end PID LOG: SIGTERM ends the watch with status 0 (a sanitizer's
# report at exit would not).
watch_end() {
	kill "$1" 2>/dev/null
	wait "$1"
	rc=$?
	t_ok $rc "the watch ends on SIGTERM with status 0 (got $rc)"
	[ $rc -eq 0 ] || tail -n 20 "$2" | t_diag
}

# ospf_down: stop the watch and the daemons, remove the namespaces.
ospf_down() {
	watch_end "$OSPF_WATCH" "$T_TMP/watch.$H"
	for ns in "$H" "$R1" "$R2" "$C"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
	done
	for ns in "$H" "$R1" "$R2" "$C"; do
		for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break; sleep 0.1; done
		ip netns del "$ns" 2>/dev/null
	done
}
