#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif -w under churn: routes deleted and added again (six rounds of 1,000
# routes via en1, as a failover does) are no fight: after a seventh add all
# 1,000 have the VIPA source and the watcher never said "keeps losing".
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/watch-churn
dev_sample_env

h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
t_ok $? "mkinetvi"
dev_watch
# the watcher listens: a route added now gets the source
ip -n "$H" route add 198.51.100.0/24 via 10.68.1.2 dev en1
dev_wait_src 198.51.100.0/24 -4 10.68.6.1
t_ok $? "the watcher runs"

dev_batch_files 1000

for round in 1 2 3 4 5 6; do
	ip -n "$H" -batch "$T_TMP/add" || t_ok 1 "round $round: add"
	ip -n "$H" -batch "$T_TMP/del" || t_ok 1 "round $round: delete"
done
ip -n "$H" -batch "$T_TMP/add"
t_ok $? "the seventh add"
dev_wait_batch 1000 10.68.6.1
t_ok $? "all 1,000 routes have the VIPA source ($n)"
n=$(grep -c 'keeps losing' "$T_TMP/watch.out")
t_ok $((n != 0)) "no \"keeps losing\" line ($n)"

kill -TERM $W
wait $W
t_ok $? "SIGTERM: exit 0"
t_same "nothing on stderr" /dev/null "$T_TMP/watch.err"
t_done
