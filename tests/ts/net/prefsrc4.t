#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# IPv4 route sources in the sample environment: the VIPA 10.68.6.1 becomes
# the preferred source of every route leaving through en1/en5 (default,
# connected, ECMP, metrics with proto static, nexthop objects and groups,
# another table), everything else about the routes stays; the kernel's
# reason for a source that is not local; removal; what deleting the
# address does.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/net/lib.sh"
t_init net/prefsrc4
t_need_root
t_need_cmd ip
t_sample_env || t_skip_all "cannot build the sample environment"
net_own "$H" "$P"

# vi0 with 10.68.6.1/24 and routes of every kind through en1 and en5.
p4_setup() {
	vt "$H" mklink vi0 vipa:vi0 >/dev/null && vt "$H" up vi0 &&
		vt "$H" addr-add vi0 10.68.6.1/24 noprefixroute || return 1
	ip -n "$H" route add 10.70.0.0/16 nexthop via 10.68.1.2 dev en1 nexthop via 10.68.5.2 dev en5
	ip -n "$H" route add 10.71.0.0/16 via 10.68.1.2 dev en1 proto static metric 50 \
		mtu 1400 advmss 1300 initcwnd 10
	ip -n "$H" nexthop add id 10 via 10.68.1.2 dev en1
	ip -n "$H" nexthop add id 11 via 10.68.5.2 dev en5
	ip -n "$H" nexthop add id 12 group 10/11
	ip -n "$H" route add 10.72.0.0/16 nhid 10
	ip -n "$H" route add 10.73.0.0/16 nhid 12
	ip -n "$H" route add 10.74.0.0/16 via 10.68.1.2 dev en1 table 100
	ip -n "$H" route add 10.75.0.0/16 via 10.68.5.2 dev en5
	ip -n "$H" route add 10.76.0.0/16 via 10.68.1.2 dev en1 src 10.68.1.1
	ip -n "$H" route add blackhole 10.77.0.0/16
	# Twins NLM_F_REPLACE cannot tell apart: same prefix, table and metric.
	ip -n "$H" route add 10.78.0.0/16 dev en1
	ip -n "$H" route append 10.78.0.0/16 dev en5
	ip -n "$H" route add 10.79.0.0/16 dev en1
	ip -n "$H" route append 10.79.0.0/16 dev vi0
	ip -n "$H" route add unreachable 203.0.113.0/24
}
p4_setup
t_ok $? "vi0 holds 10.68.6.1/24"

net_routes "$H" >"$T_TMP/before"
t_cmp p4-routes-before cat "$T_TMP/before"
t_cmp p4-list vt "$H" routes 4
t_cmp p4-get-before vt "$H" route-get "$REMOTE"
t_cmp p4-get-unreachable vt "$H" route-get 203.0.113.1

# A source that is not a local address: the kernel's reason, nothing changed.
t_cmp p4-bad-src vt "$H" set-prefsrc-all-via en1,en5 10.9.9.9
net_routes "$H" >"$T_TMP/after-bad"
t_same "p4: routes unchanged after the refused source" "$T_TMP/before" "$T_TMP/after-bad"
# The same for a second twin (10.79.0.0/16 dev vi0), changed by add and delete.
t_cmp p4-bad-src-twin vt "$H" set-prefsrc-all-via vi0 10.9.9.9
net_routes "$H" >"$T_TMP/after-bad"
t_same "p4: routes unchanged after the refused source on a twin" "$T_TMP/before" "$T_TMP/after-bad"

# Copies kept before a change undo it: each route gets back the source
# it had (none, or the kernel's own), twins included.
t_cmp p4-set-undo vt "$H" set-undo-via en1,en5 10.68.6.1
net_routes "$H" | sort >"$T_TMP/after-undo"
sort "$T_TMP/before" >"$T_TMP/before.sorted"
t_same "p4: the routes of the start after the undo" "$T_TMP/before.sorted" "$T_TMP/after-undo"

# Only the routes all of whose nexthops leave through en5 (the second
# 10.78.0.0/16 twin among them).
t_cmp p4-set-en5 vt "$H" set-prefsrc-all-via en5 10.68.6.1
t_cmp p4-routes-set-en5 net_routes "$H"
t_cmp p4-set vt "$H" set-prefsrc-all-via en1,en5 10.68.6.1
t_cmp p4-routes-set net_routes "$H"
t_cmp p4-list-set vt "$H" routes 4
t_cmp p4-get-set vt "$H" route-get "$REMOTE"
net_conn_src "$H" "$P" "$REMOTE" 7001 10.68.6.1 "p4: a connection to the peer leaves from the VIPA"

t_cmp p4-clear vt "$H" set-prefsrc-all-via en1,en5 none 4
t_cmp p4-routes-clear net_routes "$H"
t_cmp p4-get-clear vt "$H" route-get "$REMOTE"

# The kernel deletes every IPv4 route whose source is a deleted address.
vt "$H" set-prefsrc-all-via en1 10.68.6.1 >/dev/null
t_cmp p4-addr-del vt "$H" addr-del vi0 10.68.6.1/24
t_cmp p4-routes-addr-gone net_routes "$H"

# Routes kept as text (the kernel's message, as a route record keeps it),
# deleted and put back from the text, come back as they were (a twin put
# back goes behind the other: the dumps are compared sorted): multipath,
# metrics, nexthop objects, twins, other tables; and with the VIPA source
# when put back with it.
# (In a second sample environment, set up as the first.)
t_sample_env 2 || t_skip_all "cannot build the sample environment"
net_own "$H" "$P"
p4_setup
net_routes "$H" | sort >"$T_TMP/clear.sorted"
t_cmp p4-readd vt "$H" readd-via en1,en5 4
net_routes "$H" | sort >"$T_TMP/after-readd"
t_same "p4: routes put back from their texts are as they were" "$T_TMP/clear.sorted" "$T_TMP/after-readd"
vt "$H" set-prefsrc-all-via en1,en5 10.68.6.1 >/dev/null
net_routes "$H" | sort >"$T_TMP/set.sorted"
vt "$H" set-prefsrc-all-via en1,en5 none 4 >/dev/null
t_cmp p4-readd-src vt "$H" readd-via en1,en5 4 10.68.6.1
net_routes "$H" | sort >"$T_TMP/after-readd"
t_same "p4: routes put back with the source are as when it is set" "$T_TMP/set.sorted" "$T_TMP/after-readd"
t_done
