#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every operation of the rtnetlink layer, successful and failing, under
# valgrind: no invalid access, no uninitialised byte sent to the kernel,
# no leak.  Skipped without valgrind and in sanitizer builds.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/net/lib.sh"
t_init net/valgrind
t_need_root
t_need_cmd ip valgrind
if grep -q __asan_init "$VNL_TOOL" 2>/dev/null; then
	t_skip_all "sanitizer build"
fi
# valgrind 3.19 cannot read the DWARF 5 that clang 14 writes by default
# (clang builds for this test use -gdwarf-4).
if valgrind -q "$VNL_TOOL" 2>&1 | grep -q 'debuginfo reader'; then
	t_skip_all "valgrind cannot read the debug information of $VNL_TOOL"
fi
t_sample_env || t_skip_all "cannot build the sample environment"
net_own "$H" "$P"
ip -n "$H" nexthop add id 10 via 10.68.1.2 dev en1
ip -n "$H" nexthop add id 11 via 10.68.5.2 dev en5
ip -n "$H" nexthop add id 12 group 10/11
ip -n "$H" route add 10.73.0.0/16 nhid 12
ip -n "$H" route add 10.70.0.0/16 nexthop via 10.68.1.2 dev en1 nexthop via 10.68.5.2 dev en5
ip -n "$H" route add 10.78.0.0/16 dev en1
ip -n "$H" route append 10.78.0.0/16 dev en5
ip -n "$H" route add unreachable 203.0.113.0/24

# vg WHAT EXPECTED-EXIT ARGS...: run vnl-tool in $H under valgrind.
vg() {
	what=$1 want=$2
	shift 2
	ip netns exec "$H" valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=all --errors-for-leak-kinds=all --track-origins=yes \
		"$VNL_TOOL" "$@" >"$T_TMP/vg.out" 2>"$T_TMP/vg.err"
	rc=$?
	[ "$rc" -eq "$want" ]
	t_ok $? "valgrind: $what (exit $rc)"
	[ "$rc" -eq "$want" ] || t_diag <"$T_TMP/vg.err"
}

vg mklink 0 mklink vi0 vipa:vi0
vg mklink-exists 1 mklink vi0 vipa:vi0
vg up 0 up vi0
vg alias 0 alias vi0 vipa:vi0
vg link 0 link vi0
vg link-none 1 link vi9
vg links 0 links
vg addr-add4 0 addr-add vi0 10.68.6.1/24 noprefixroute
vg addr-add6 0 addr-add vi0 2001:db8:6::1/64 noprefixroute nodad
vg addr-add-exists 1 addr-add vi0 10.68.6.1/24 noprefixroute
vg addrs 0 addrs
vg routes 0 routes
vg set4-bad 1 set-prefsrc-all-via en1,en5 10.9.9.9
vg set4 0 set-prefsrc-all-via en1,en5 10.68.6.1
vg set6 0 set-prefsrc-all-via en1,en5 2001:db8:6::1
vg route-get4 0 route-get "$REMOTE"
vg route-get6 0 route-get 2001:db8:ff::1
vg route-get-none 1 route-get 203.0.113.1
vg clear4 0 set-prefsrc-all-via en1,en5 none 4
vg clear6 0 set-prefsrc-all-via en1,en5 none 6
vg addr-del 0 addr-del vi0 10.68.6.1/24
vg addr-del-none 1 addr-del vi0 10.68.6.1/24
vg rmlink 0 rmlink vi0
vg rmlink-none 1 rmlink vi0
t_done
