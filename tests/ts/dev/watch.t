#!/bin/sh
# cfgif -w: routes added later get the VIPA source within a few seconds, a
# daemon rewriting a route without it makes the watcher give up on that
# route with one line instead of spinning, a quiet kernel causes no pass,
# and SIGTERM ends it with status 0 and nothing left running.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/watch
t_cmp $T_CASE.usage cfgif -n -w
t_need_root
t_need_cmd ip
t_odmdir
t_sample_env || t_skip_all "cannot build the sample environment"

# Poll (10 s at most) until route $1 of family $2 in $H shows source $3.
wait_src() {
	for _ in $(seq 100); do
		ip -n "$H" "$2" route show "$1" | grep -q " src $3 " && return 0
		sleep 0.1
	done
	return 1
}

# CPU time (clock ticks) process $1 has used.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

t_cmp $T_CASE.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
t_cmp $T_CASE.chdev6 h chdev -l vi0 -a netaddr6=2001:db8:6::1 -a prefixlen=64
ip netns exec "$H" cfgif -w >"$T_TMP/watch.out" 2>"$T_TMP/watch.err" &
W=$!
t_at_exit "kill $W 2>/dev/null"

# a route added later (a DHCP client, a static route by hand)
ip -n "$H" route add 198.51.100.0/24 via 10.68.1.2 dev en1
wait_src 198.51.100.0/24 -4 10.68.6.1
t_ok $? "an IPv4 route added later gets the source"
ip -n "$H" -6 route add 2001:db8:77::/64 via 2001:db8:1::2 dev en1
wait_src 2001:db8:77::/64 -6 2001:db8:6::1
t_ok $? "an IPv6 route added later gets the source"

# a routing daemon that rewrites its route without the source, every 0.2 s
# for about 15 s
cpu0=$(cpu_ticks $W)
(
	for _ in $(seq 75); do
		ip -n "$H" route replace 203.0.113.0/24 via 10.68.1.2 dev en1
		sleep 0.2
	done
) &
D=$!
t_at_exit "kill $D 2>/dev/null"
wait $D
sleep 1
cpu1=$(cpu_ticks $W)
patched=$(grep -c '^vi0: route 203.0.113.0/24 dev en1 table 254: source 10.68.6.1$' "$T_TMP/watch.out")
[ "$patched" -ge 6 ] && [ "$patched" -le 10 ]
t_ok $? "the rewritten route was patched 6 to 10 times, not more ($patched)"
guard=$(grep -c '^vi0: route 203.0.113.0/24 table 254 keeps losing its source' "$T_TMP/watch.out")
[ "$guard" -eq 1 ]
t_ok $? "the loop guard says so once ($guard)"
# ticks per second are 100 on Linux: at most 3 s of CPU in about 16 s
[ $((cpu1 - cpu0)) -le 300 ]
t_ok $? "the watcher's CPU stays low ($((cpu1 - cpu0)) ticks)"
ip -n "$H" route show 203.0.113.0/24 | grep -q ' src '
t_ok $((! $?)) "the route left alone keeps the daemon's version"

# a quiet kernel: no pass, no CPU
lines=$(wc -l <"$T_TMP/watch.out")
cpu0=$(cpu_ticks $W)
sleep 2
cpu1=$(cpu_ticks $W)
[ "$(wc -l <"$T_TMP/watch.out")" -eq "$lines" ] && [ $((cpu1 - cpu0)) -le 20 ]
t_ok $? "idle: no new line, no spinning ($((cpu1 - cpu0)) ticks in 2 s)"

# an interface that appears later: its routes get the source
t_cmp $T_CASE.chvi h chvi -l vi0 -i en7 -o add
ip link add en7 netns "$H" type veth peer name p7 netns "$P"
ip -n "$H" addr add 10.68.7.129/25 dev en7
ip -n "$H" link set en7 up
ip -n "$P" link set p7 up
wait_src 10.68.7.128/25 -4 10.68.6.1
t_ok $? "a route of an interface that appeared later gets the source"

kill -TERM $W
wait $W
t_ok $? "SIGTERM: exit 0"
[ -z "$(ip netns pids "$H")" ]
t_ok $? "no process left in the namespace"
t_same "nothing on stderr" /dev/null "$T_TMP/watch.err"
t_cmp $T_CASE.report sort -u "$T_TMP/watch.out"
t_cmp $T_CASE.routes dev_routes $H
t_done
