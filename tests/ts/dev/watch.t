#!/bin/sh
# cfgif -w: routes added later get the VIPA source, a daemon rewriting a
# route without it makes the watcher give up on that route with one line
# instead of spinning, an unrelated event changes nothing, and SIGTERM ends
# it with status 0 and nothing left running.  Every step waits for the
# state it needs; the watcher's CPU use is measured in bench/, not here.
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

# a routing daemon that rewrites its route without the source as soon as
# the watcher has set it: the watcher patches it 6 times (the guard allows
# 5 within a minute, the 6th puts it in back-off) and says so once
wait_line() {   # wait (10 s at most) until the watcher printed line $1
	for _ in $(seq 100); do
		grep -qxF "$1" "$T_TMP/watch.out" && return 0
		sleep 0.1
	done
	return 1
}
guard_line='vi0: route 203.0.113.0/24 table 254 keeps losing its source (a routing daemon rewrites it); set the source in the daemon (bird: krt_prefsrc = 10.68.6.1; FRR: set src 10.68.6.1)'
rewrites=0
for _ in 1 2 3 4 5 6; do
	ip -n "$H" route replace 203.0.113.0/24 via 10.68.1.2 dev en1
	rewrites=$((rewrites + 1))
	wait_src 203.0.113.0/24 -4 10.68.6.1 || break
done
t_ok $((rewrites != 6)) "the route rewritten 6 times was patched each time"
wait_line "$guard_line"
t_ok $? "the loop guard says so"
# a 7th rewrite is left alone: a route added after it gets its source from
# a later pass, and the rewritten route still has none
ip -n "$H" route replace 203.0.113.0/24 via 10.68.1.2 dev en1
ip -n "$H" route add 198.51.101.0/24 via 10.68.1.2 dev en1
wait_src 198.51.101.0/24 -4 10.68.6.1 &&
	wait_line 'vi0: route 198.51.101.0/24 dev en1 table 254: source 10.68.6.1'
t_ok $? "a pass after the 7th rewrite"
ip -n "$H" route show 203.0.113.0/24 | grep -q ' src '
t_ok $((! $?)) "the route left alone keeps the daemon's version"
patched=$(grep -c '^vi0: route 203.0.113.0/24 dev en1 table 254: source 10.68.6.1$' "$T_TMP/watch.out")
t_ok $((patched != 6)) "patched 6 times, not more ($patched)"
guard=$(grep -cxF "$guard_line" "$T_TMP/watch.out")
t_ok $((guard != 1)) "the guard line once ($guard)"

# an event that is none of ours (a route through an interface outside the
# group) asks for no change: the next line printed is the next route's
lines=$(wc -l <"$T_TMP/watch.out")
ip -n "$H" route add 192.0.2.99/32 dev lo
ip -n "$H" route add 198.51.102.0/24 via 10.68.1.2 dev en1
wait_src 198.51.102.0/24 -4 10.68.6.1 &&
	wait_line 'vi0: route 198.51.102.0/24 dev en1 table 254: source 10.68.6.1'
t_ok $? "a route added after an unrelated one gets the source"
tail -n +$((lines + 1)) "$T_TMP/watch.out" >"$T_TMP/watch.new"
echo 'vi0: route 198.51.102.0/24 dev en1 table 254: source 10.68.6.1' >"$T_TMP/watch.want"
t_same "the unrelated route made no change" "$T_TMP/watch.want" "$T_TMP/watch.new"

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
