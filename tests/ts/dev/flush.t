#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Outside changes: something else removes the VIPA's IPv4 address (ip addr
# flush dev vi0), and the kernel deletes every route of the main table
# that had it as source, the default and connected routes too (those of
# other tables keep it).  cfgif puts the address back, then each of those
# routes, one line each, and every table is then as it was before the
# flush (full dumps, sorted).
# A route of a routing daemon is put back only once its daemon has had
# its time (VIPA_DAEMON_WAIT seconds) to do so, with a line that says so;
# one its daemon puts back in time is left to it.  cfgif -w does the same
# on its own, soon after the flush.  A route deleted on purpose (while the
# address is there) does not come back with a flush: cfgif drops its
# record, and cfgif -w drops it as soon as it reads the delete, even when
# the flush comes before it has.
# DEV_FLUSH_ROUTES sets how many routes are flushed: 2000 by default, so that
# the test stays short on a loaded machine (bench/restore-bench flushes
# 10,000 and times it); DEV_FLUSH_ROUTES=10000 passes as well.
# Last, rmdev -d right after a flush: the routes come back with the
# sources they had before (none), their gateways reachable again.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/flush
dev_sample_env
N=${DEV_FLUSH_ROUTES:-2000}

# Every table of $H, both families, sorted, without what changes by itself
# (the seconds an expiring route has left).
dump() {
	t_settle "$H"
	{ ip -n "$H" -4 route show table all; ip -n "$H" -6 route show table all; } |
		sed 's/ expires [0-9]*sec//' | sort
}
# Poll (60 s at most) until file $1 holds a line matching $2.
wait_line() {
	for _ in $(seq 600); do
		grep -q "$2" "$1" && return 0
		sleep 0.1
	done
	return 1
}

# A routing daemon's route: left to the daemon, and put back (with a line
# saying so) only when the daemon has not done it in time.
h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
ip -n "$H" route add 10.99.0.0/16 via 10.68.1.2 dev en1 proto bird
t_cmp $T_CASE.daemon-source h cfgif
dump >"$T_TMP/before"
ip -n "$H" addr flush dev vi0
VIPA_DAEMON_WAIT=1 ip netns exec "$H" cfgif >"$T_TMP/cfgif.out" 2>&1
t_ok $? "cfgif, the daemon not in time: exit 0"
t_cmp $T_CASE.daemon-late grep '10\.99\.0\.0/16' "$T_TMP/cfgif.out"
dump >"$T_TMP/after"
t_same "daemon not in time: every table as before the flush" "$T_TMP/before" "$T_TMP/after"

# The daemon puts its route back (without the source, as bird does) while
# cfgif waits for it: cfgif does not put it back, but gives it the source.
ip -n "$H" addr flush dev vi0
VIPA_DAEMON_WAIT=120 ip netns exec "$H" cfgif >"$T_TMP/cfgif.out" 2>&1 &
C=$!
t_at_exit "kill $C 2>/dev/null"
wait_line "$T_TMP/cfgif.out" 'route 10\.99\.0\.0/16 .*: left to protocol bird for 120 s'
t_ok $? "cfgif leaves the daemon's route to it"
[ -z "$(ip -n "$H" route show 10.99.0.0/16)" ] && [ -n "$(ip -n "$H" route show default)" ]
t_ok $? "the others are back, the daemon's is not"
ip -n "$H" route add 10.99.0.0/16 via 10.68.1.2 dev en1 proto bird
wait $C
t_ok $? "cfgif, the daemon in time: exit 0"
t_cmp $T_CASE.daemon-in-time grep '10\.99\.0\.0/16' "$T_TMP/cfgif.out"
dump >"$T_TMP/after"
t_same "daemon in time: every table as before the flush" "$T_TMP/before" "$T_TMP/after"
ip -n "$H" route del 10.99.0.0/16
t_cmp $T_CASE.daemon-gone h cfgif

# $N routes through en1 and en5: via a gateway in the main table, in
# table 100 with a metric, of protocol static, multipath; and one through
# a nexthop object.
awk -v n="$N" 'BEGIN {
	for (i = 0; i < n; i++) {
		p = sprintf("10.%d.%d.0/24", 100 + int(i / 250), i % 250)
		m = i % 10
		if (m < 6)
			printf "route add %s via 10.68.1.2 dev en1\n", p
		else if (m < 8)
			printf "route add %s via 10.68.5.2 dev en5 table 100 metric %d\n", p, m
		else if (m == 8)
			printf "route add %s via 10.68.5.2 dev en5 proto static metric 20\n", p
		else
			printf "route add %s nexthop via 10.68.1.2 dev en1 nexthop via 10.68.5.2 dev en5\n", p
	}
}' >"$T_TMP/routes"
ip -n "$H" -batch "$T_TMP/routes"
t_ok $? "$N routes added"
ip -n "$H" nexthop add id 10 via 10.68.1.2 dev en1
ip -n "$H" route add 198.18.0.0/16 nhid 10
h cfgif >/dev/null
t_ok $? "cfgif gives them the VIPA source"
dump >"$T_TMP/before"
# the routes with the VIPA source, but the local table's (the address's own)
grep ' src 10\.68\.6\.1 ' "$T_TMP/before" | grep -v ' table local ' >"$T_TMP/sourced"
[ "$(wc -l <"$T_TMP/sourced")" -eq $((N + 4)) ]
t_ok $? "$((N + 4)) routes have the source: $N, the nexthop object's, default, two connected"
# those of the main table: the kernel deletes them with the address
n=$(grep -vc ' table ' "$T_TMP/sourced")

ip -n "$H" addr flush dev vi0
dump >"$T_TMP/flushed"
[ -z "$(grep -v ' table ' "$T_TMP/flushed" | grep ' src 10\.68\.6\.1 ')" ] &&
	[ "$(grep -c ' src 10\.68\.6\.1 ' "$T_TMP/flushed")" -eq $((N + 4 - n)) ]
t_ok $? "the flush took the $n routes of the main table with the VIPA source"
h cfgif >"$T_TMP/cfgif.out" 2>"$T_TMP/cfgif.err"
t_ok $? "cfgif after the flush: exit 0"
t_same "cfgif after the flush: nothing on stderr" /dev/null "$T_TMP/cfgif.err"
head -n 1 "$T_TMP/cfgif.out" >"$T_TMP/first"
echo "vi0: address 10.68.6.1/24 added" >"$T_TMP/want"
t_same "first the address" "$T_TMP/want" "$T_TMP/first"
back=$(grep -c '^vi0: route .*: put back with source 10\.68\.6\.1 (the kernel deleted it with the VIPA.s address)$' "$T_TMP/cfgif.out")
[ "$back" -eq "$n" ] && [ "$(wc -l <"$T_TMP/cfgif.out")" -eq $((n + 1)) ]
t_ok $? "then one line for each route put back ($back of $n), nothing else"
for l in '10.68.1.0/24 dev en1 table 254' '10.68.5.0/24 dev en5 table 254' \
	'0.0.0.0/0 dev en1 table 254' '10.100.8.0/24 dev en5 table 254 metric 20' \
	'198.18.0.0/16 nhid 10 table 254' '10.100.9.0/24 table 254'; do
	grep -qxF "vi0: route $l: put back with source 10.68.6.1 (the kernel deleted it with the VIPA's address)" \
		"$T_TMP/cfgif.out"
	t_ok $? "the line of $l"
done
dump >"$T_TMP/after"
t_same "every table as before the flush" "$T_TMP/before" "$T_TMP/after"
t_cmp $T_CASE.again h cfgif

# A route of a record deleted on purpose while the address is there: the
# address did not take it, so cfgif drops its record without a word and
# does not add the route again; the flush under cfgif -w below does not
# bring it back either.
rec() {   # the records of route $1 (its key) of vi0
	h odmget -q "name=vi0" CuRoute | grep -F "route = \"$1\""
}
rec '254 10.100.0.0/24 0' >/dev/null
t_ok $? "cfgif: the route 10.100.0.0/24 has its record"
ip -n "$H" route del 10.100.0.0/24
h cfgif >"$T_TMP/cfgif.out" 2>&1
t_ok $? "cfgif, a route deleted on purpose: exit 0"
t_same "cfgif, a route deleted on purpose: nothing said" /dev/null "$T_TMP/cfgif.out"
rec '254 10.100.0.0/24 0' >"$T_TMP/rec"
t_same "cfgif, a route deleted on purpose: its record is gone" /dev/null "$T_TMP/rec"
[ -z "$(ip -n "$H" route show 10.100.0.0/24)" ]
t_ok $? "cfgif, a route deleted on purpose: not added again"
n=$((n - 1))

# The same with cfgif -w running: it puts them back on its own, each with
# its line, and a daemon's route once the daemon had its time.  Poll (60 s
# at most) until every table is as before.
same_as_before() {
	for _ in $(seq 300); do
		dump >"$T_TMP/now"
		cmp -s "$T_TMP/before" "$T_TMP/now" && return 0
		sleep 0.2
	done
	return 1
}
ip -n "$H" route add 10.99.0.0/16 via 10.68.1.2 dev en1 proto bird
h cfgif >/dev/null
dump >"$T_TMP/before"
VIPA_DAEMON_WAIT=1 ip netns exec "$H" cfgif -w >"$T_TMP/watch.out" 2>"$T_TMP/watch.err" &
W=$!
t_at_exit "kill $W 2>/dev/null"
# listening: a route added now gets the source
ip -n "$H" route add 198.51.100.0/24 via 10.68.1.2 dev en1
wait_line "$T_TMP/watch.out" '^vi0: route 198\.51\.100\.0/24 dev en1 table 254: source 10\.68\.6\.1$'
t_ok $? "cfgif -w listens"
lines=$(wc -l <"$T_TMP/watch.out")
# A route deleted on purpose, and the address flushed before the watch
# has read the delete (it is stopped meanwhile, as when it is busy): the
# delete's message says the route went on purpose, its record goes, and
# the route does not come back with those the flush took.  It is stopped
# while it waits for events (in poll, x86-64 system call 7, or ppoll,
# 271), not in a pass: a pass reads none of them, and any starts with
# them (2 s at most to catch it there).
for _ in $(seq 40); do
	kill -STOP $W
	case $(cut -d' ' -f1 "/proc/$W/syscall" 2>/dev/null) in 7 | 271) break ;; esac
	kill -CONT $W
	sleep 0.05
done
ip -n "$H" route del 198.51.100.0/24
ip -n "$H" addr flush dev vi0
kill -CONT $W
same_as_before
rc=$?
t_ok $rc "cfgif -w: every table as before the flush"
[ $rc -eq 0 ] || diff "$T_TMP/before" "$T_TMP/now" | head -n 20 | t_diag
kill -TERM $W
wait $W
t_ok $? "cfgif -w: SIGTERM: exit 0"
t_same "cfgif -w: nothing on stderr" /dev/null "$T_TMP/watch.err"
tail -n +$((lines + 1)) "$T_TMP/watch.out" >"$T_TMP/watch.new"
# (ip addr flush deletes again what was added while it ran: a route may
# come back twice, each time with its line)
back=$(grep '^vi0: route .*: put back with source 10\.68\.6\.1 (the kernel deleted it with the VIPA.s address)$' "$T_TMP/watch.new" | sort -u | wc -l)
[ "$back" -eq "$n" ]
t_ok $? "cfgif -w: a line for each route put back ($back of $n)"
t_cmp $T_CASE.watch-daemon grep '10\.99\.0\.0/16' "$T_TMP/watch.new"
grep '198\.51\.100\.0/24' "$T_TMP/watch.new" >"$T_TMP/deleted"
t_same "cfgif -w: the route deleted on purpose is not put back" /dev/null "$T_TMP/deleted"
h odmget -q "name=vi0" CuRoute | grep '198\.51\.100\.0/24' >"$T_TMP/deleted"
t_same "cfgif -w: its record is gone" /dev/null "$T_TMP/deleted"

# rmdev -d after a flush, no cfgif between: each route comes back without
# the VIPA source (the kernel would refuse a gateway that the connected
# route, itself flushed, no longer reaches, were they sent out of order)
main_routes() {   # the main table, without sources
	ip -n "$H" -4 route show | sed 's/ src [0-9.]*//' | sort
}
main_routes >"$T_TMP/main.before"
ip -n "$H" addr flush dev vi0
ip netns exec "$H" rmdev -l vi0 -d >"$T_TMP/rmdev.out" 2>&1
t_ok $? "rmdev -d after a flush: exit 0"
grep -i 'invalid gateway\|unreachable\|refused\|by hand' "$T_TMP/rmdev.out" >"$T_TMP/refused"
t_same "rmdev -d after a flush: nothing refused" /dev/null "$T_TMP/refused"
main_routes >"$T_TMP/main.after"
t_same "rmdev -d after a flush: the main table's routes are back" "$T_TMP/main.before" "$T_TMP/main.after"
[ -z "$(ip -n "$H" -4 route show table all | grep '10\.68\.6\.1')" ]
t_ok $? "rmdev -d after a flush: no route keeps the VIPA's address"

t_done
