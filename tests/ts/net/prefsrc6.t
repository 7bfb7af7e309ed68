#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# IPv6 route sources in the sample environment: the VIPA 2001:db8:6::1
# becomes the preferred source of every route leaving through en1/en5
# (default, connected, link-local twins, ECMP, metrics with proto static,
# nexthop objects and groups, another table); multipath routes keep all
# their nexthops; the kernel's reason for a source that is not local;
# removal.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/net/lib.sh"
t_init net/prefsrc6
t_need_root
t_need_cmd ip
t_sample_env || t_skip_all "cannot build the sample environment"
net_own "$H" "$P"
R6=2001:db8:ff::1

vt "$H" mklink vi0 vipa:vi0 >/dev/null && vt "$H" up vi0 &&
	vt "$H" addr-add vi0 2001:db8:6::1/64 noprefixroute nodad
t_ok $? "vi0 holds 2001:db8:6::1/64"
ip -n "$P" -6 route add 2001:db8:6::/64 via 2001:db8:1::1 dev p1 2>/dev/null
ip -n "$H" -6 route add 2001:db8:70::/48 nexthop via 2001:db8:1::2 dev en1 \
	nexthop via 2001:db8:5::2 dev en5
ip -n "$H" -6 route add 2001:db8:71::/48 via 2001:db8:1::2 dev en1 proto static metric 50 \
	mtu 1400 advmss 1300
ip -n "$H" -6 nexthop add id 20 via 2001:db8:1::2 dev en1
ip -n "$H" -6 nexthop add id 21 via 2001:db8:5::2 dev en5
ip -n "$H" nexthop add id 22 group 20/21
ip -n "$H" -6 route add 2001:db8:72::/48 nhid 20
ip -n "$H" -6 route add 2001:db8:73::/48 nhid 22
ip -n "$H" -6 route add 2001:db8:74::/48 via 2001:db8:1::2 dev en1 table 100
ip -n "$H" -6 route add 2001:db8:75::/48 via 2001:db8:5::2 dev en5
ip -n "$H" -6 route add blackhole 2001:db8:77::/48
# Expiring routes (as router advertisements make them) keep expiring.
ip -n "$H" -6 route add 2001:db8:79::/48 via 2001:db8:1::2 dev en1 expires 300 metric 7
ip -n "$H" -6 route add 2001:db8:7a::/48 dev en1 proto ra expires 300 metric 8

net_routes "$H" >"$T_TMP/before"
t_cmp p6-routes-before cat "$T_TMP/before"
t_cmp p6-list vt "$H" routes 6
t_cmp p6-get-before vt "$H" route-get $R6

t_cmp p6-bad-src vt "$H" set-prefsrc-all-via en1,en5 2001:db8:9::9
net_routes "$H" >"$T_TMP/after-bad"
t_same "p6: routes unchanged after the refused source" "$T_TMP/before" "$T_TMP/after-bad"
# The same for the third twin fe80::/64 dev vi0: deleted, refused, put back.
t_cmp p6-bad-src-twin vt "$H" set-prefsrc-all-via vi0 2001:db8:9::9
net_routes "$H" >"$T_TMP/after-bad"
t_same "p6: routes unchanged after the refused source on a twin" "$T_TMP/before" "$T_TMP/after-bad"

# Copies kept before a change undo it: each route gets back the source
# it had (none, or the kernel's own), twins included.
t_cmp p6-set-undo vt "$H" set-undo-via en1,en5 2001:db8:6::1
net_routes "$H" | sort >"$T_TMP/after-undo"
sort "$T_TMP/before" >"$T_TMP/before.sorted"
t_same "p6: the routes of the start after the undo" "$T_TMP/before.sorted" "$T_TMP/after-undo"

# Only the routes all of whose nexthops leave through en5; fe80::/64 on
# en5 is the second of three twins NLM_F_REPLACE cannot tell apart.
t_cmp p6-set-en5 vt "$H" set-prefsrc-all-via en5 2001:db8:6::1
t_cmp p6-routes-set-en5 net_routes "$H"
t_cmp p6-set vt "$H" set-prefsrc-all-via en1,en5 2001:db8:6::1
t_cmp p6-routes-set net_routes "$H"
t_cmp p6-list-set vt "$H" routes 6
t_cmp p6-get-set vt "$H" route-get $R6
net_conn_src "$H" "$P" $R6 7002 2001:db8:6::1 "p6: a connection to the peer leaves from the VIPA"

t_cmp p6-clear vt "$H" set-prefsrc-all-via en1,en5 none 6
t_cmp p6-routes-clear net_routes "$H"
# The same routes as at the start; the twin fe80::/64 on en5 went behind
# the one on vi0 when it was deleted and added back.
net_routes "$H" | sort >"$T_TMP/cleared"
sort "$T_TMP/before" >"$T_TMP/before.sorted"
t_same "p6: the routes of the start after the sources are removed" "$T_TMP/before.sorted" "$T_TMP/cleared"
t_cmp p6-get-clear vt "$H" route-get $R6
# No second added to an expiring route by all this.
left=$(ip -n "$H" -6 route show 2001:db8:79::/48 | sed -n 's/.* expires \([0-9]*\)sec.*/\1/p')
[ -n "$left" ] && [ "$left" -le 300 ]
t_ok $? "p6: the expiring route has ${left:-no} seconds left, at most 300"
t_done
