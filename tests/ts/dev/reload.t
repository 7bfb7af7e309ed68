#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif -w and SIGHUP: the watch reads the repository again and converges
# (a Defined VIPA is configured, a change made with -P is applied) and goes
# on watching; SIGTERM then ends it with status 0.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/reload
dev_sample_env

# Poll (10 s at most) until "ip -n $H $1" prints a line matching $2.
wait_for() {
	for _ in $(seq 100); do
		ip -n "$H" $1 | grep -q "$2" && return 0
		sleep 0.1
	done
	return 1
}

dev_watch
t_ok $? "cfgif -w catches SIGHUP and SIGTERM"
t_cmp reload.define h mkinetvi -d -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
kill -HUP $W
wait_for "-4 addr show dev vi0" "inet 10.68.6.1/24"
t_ok $? "SIGHUP: the Defined VIPA is configured"
wait_for "route show default" " src 10.68.6.1 "
t_ok $? "SIGHUP: the routes get its source"
t_cmp reload.chdev h chdev -P -l vi0 -a netaddr=10.68.6.2
kill -HUP $W
wait_for "route show default" " src 10.68.6.2 "
t_ok $? "SIGHUP: a change made with -P is applied"
# still watching: a route added now gets the source
ip -n "$H" route add 198.51.100.0/24 via 10.68.1.2 dev en1
wait_for "route show 198.51.100.0/24" " src 10.68.6.2 "
t_ok $? "after SIGHUP the watch goes on"
kill -TERM $W
wait $W
t_ok $? "SIGTERM: exit 0"
t_same "nothing on stderr" /dev/null "$T_TMP/watch.err"
t_cmp reload.report cat "$T_TMP/watch.out"
t_cmp reload.lsdev h lsdev -Cc if
t_done
