#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif -w against rmdev: a VIPA deleted while routes of its group come
# (5,000 via en1) loses none of them.  The kernel deletes the routes with
# the source of an address that goes: rmdev must find every route the
# watch gave the source, which it can only if the watch's record of it is
# committed before rmdev reads the records.  Then chdev to another
# address, with the same check: every route has the new source and a
# record.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/watch-rmdev
dev_sample_env

N=5000
dev_batch_files $N

h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
t_ok $? "mkinetvi"
dev_watch
t_ok $? "the watch runs"

# rmdev -d in the middle of the batch
ip -n "$H" -batch "$T_TMP/add" &
B=$!
dev_wait_batch 1 10.68.6.1
h rmdev -l vi0 -d >/dev/null
t_ok $? "rmdev -l vi0 -d during the batch"
wait $B
t_ok $? "the batch"
n=$(ip -n "$H" route show root 198.18.0.0/16 | wc -l)
t_ok $((n != N)) "no route lost ($n of $N)"
n=$(ip -n "$H" route show root 198.18.0.0/16 | grep -c ' src 10.68.6.1')
t_ok $((n != 0)) "no route keeps the deleted VIPA's source ($n)"
h odmget CuRoute >"$T_TMP/rec"
t_same "no route record left" /dev/null "$T_TMP/rec"

# chdev to another address in the middle of the batch
ip -n "$H" route flush root 198.18.0.0/16
h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
t_ok $? "mkinetvi again"
ip -n "$H" -batch "$T_TMP/add" &
B=$!
dev_wait_batch 1 10.68.6.1
h chdev -l vi0 -a netaddr=10.68.6.9 >/dev/null
t_ok $? "chdev netaddr during the batch"
wait $B
t_ok $? "the batch"
dev_wait_batch $N 10.68.6.9
t_ok $? "all $N routes have the new source"
# the records are committed by the watch's writer, a little after
dev_wait_recs $N
t_ok $? "each has a record ($n)"
dev_watch_end
t_done
