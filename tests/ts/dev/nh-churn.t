#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Commands while a daemon's routes come and go with their nexthop objects
# (as FRR installs them): 500 objects and a route on each, added, then
# the objects deleted (the kernel deletes the routes with them), over and
# over.  cfgif and chdev walk the routes meanwhile: a route whose object
# went between their dump and their change ("Nexthop id does not exist")
# or whose route went ("No such file or directory") is gone, no error,
# nothing to undo.  After the storm every route has the source.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/nh-churn
dev_sample_env
ip -n "$H" nexthop show >/dev/null 2>&1 || t_skip_all "needs nexthop objects (Linux 5.3)"

N=500
for i in $(seq 0 $((N - 1))); do
	echo "nexthop add id $((1000 + i)) via 10.68.1.2 dev en1"
	echo "route add 198.18.$((i / 250)).$((i % 250))/32 nhid $((1000 + i))"
done >"$T_TMP/add"
for i in $(seq 0 $((N - 1))); do
	echo "nexthop del id $((1000 + i))"
done >"$T_TMP/del"

h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
t_ok $? "mkinetvi"
dev_storm
dev_wait_nh() {
	for _ in $(seq 300); do
		ip -n "$H" nexthop show id 1000 >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
dev_wait_nh
t_ok $? "the storm runs"

fails=0
for k in $(seq 20); do
	h cfgif >/dev/null 2>"$T_TMP/err" || { fails=$((fails + 1)); head -n 1 "$T_TMP/err"; }
done
t_ok $fails "cfgif 20 times during the storm: $fails failed"
fails=0
for a in en1 en1,en5 en1 en1,en5; do
	h chdev -l vi0 -a interface_names=$a >/dev/null 2>"$T_TMP/err" ||
		{ fails=$((fails + 1)); head -n 1 "$T_TMP/err"; }
done
t_ok $fails "chdev interface_names 4 times during the storm: $fails failed"
dev_storm_end

# after it: the routes once more; cfgif gives each the source
ip -n "$H" -batch "$T_TMP/del" 2>/dev/null
ip -n "$H" -batch "$T_TMP/add"
h cfgif >/dev/null
t_ok $? "cfgif after the storm"
n=$(ip -n "$H" route show root 198.18.0.0/16 | grep -c ' src 10.68.6.1')
t_ok $((n != N)) "all $N routes have the source ($n)"
h cfgif >"$T_TMP/cfgif" 2>&1
t_ok $? "cfgif again"
t_same "cfgif: nothing to change" /dev/null "$T_TMP/cfgif"
t_done
