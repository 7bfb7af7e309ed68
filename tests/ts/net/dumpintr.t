#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Dumps the kernel flags as interrupted (NLM_F_DUMP_INTR, set when the
# addresses change while a multi-part dump runs) are restarted: under a
# steady churn of addresses on another link, every one of 40 dumps sees
# exactly the 3000 stable addresses, none fails, and some were restarted
# (the tool dumps on, up to 4000 times, until one was).
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/net/lib.sh"
t_init net/dumpintr
t_need_root
t_need_cmd ip awk
N=$(t_netns intr) || t_skip_all "cannot create a network namespace"
net_own "$N"
ip -n "$N" link add d1 type veth peer name d2
ip -n "$N" link set d1 up && ip -n "$N" link set d2 up
awk 'BEGIN { for (i = 0; i < 3000; i++)
	printf "addr add 11.%d.%d.1/32 dev d1\n", int(i / 256), i % 256 }' >"$T_TMP/stable"
ip -n "$N" -batch "$T_TMP/stable"
awk 'BEGIN { for (i = 0; i < 20; i++) printf "addr add 12.0.%d.1/32 dev d2\n", i;
	for (i = 0; i < 20; i++) printf "addr del 12.0.%d.1/32 dev d2\n", i }' >"$T_TMP/churn"
(while :; do ip -n "$N" -batch "$T_TMP/churn"; done) >/dev/null 2>&1 &
CHURN=$!
t_at_exit "kill $CHURN 2>/dev/null"
t_cmp dumpintr-count vt "$N" count-addrs 40 11.
kill $CHURN
t_done
