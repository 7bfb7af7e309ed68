#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif -w against a command that waits for the repository: while routes
# of the group come and go without a pause (one ip -batch adding and
# deleting 1,000 routes over and over), the watch holds the lock from
# each patch until its writer has committed the record.  A command that
# waits (chdev) says so, and the watch lets the lock go until it had its
# turn.  chdev walks the routes while the storm deletes some: a route gone
# between its dump and its change is no error.  Then every route still
# gets the source and a record.  How long chdev waited is printed, not
# checked: bench/watch-bench measures it.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/watch-wait
dev_sample_env timeout

N=1000
dev_batch_files $N

h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
t_ok $? "mkinetvi"
dev_watch
t_ok $? "the watch runs"

# the storm: the routes added and deleted until told to stop
# (one "ip -batch -": no pause between the rounds)
dev_storm
dev_wait_batch 1 10.68.6.1
t_ok $? "the storm's routes get the source"

for a in en1 en1,en5; do
	s=$(date +%s%N)
	timeout 120 ip netns exec "$H" chdev -l vi0 -a interface_names=$a >/dev/null
	t_ok $? "chdev interface_names=$a during the storm"
	echo "# chdev took $((($(date +%s%N) - s) / 1000000)) ms"
done
dev_storm_end

# after it: the routes once more, each with the source and a record
ip -n "$H" route flush root 198.18.0.0/16
ip -n "$H" -batch "$T_TMP/add"
dev_wait_batch $N 10.68.6.1
t_ok $? "all $N routes have the source"
dev_wait_recs $N
t_ok $? "each has a record ($n)"
dev_watch_end
t_done
