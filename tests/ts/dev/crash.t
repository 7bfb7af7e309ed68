#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Crash safety: changing commands killed with SIGKILL at random points, many
# times.  After cfgif the database and the kernel agree (a second cfgif
# finds nothing to do), no marked link is left without its device, and
# every route that existed before is still there.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/crash
dev_sample_env
dev_routes_nosrc $H >"$T_TMP/before"
h odmget CuDv >/dev/null
ROUNDS=${DEV_CRASH_ROUNDS:-40}
# The kill delays derive from a seed: printed, and taken from
# DEV_CRASH_SEED to replay a run.
SEED=${DEV_CRASH_SEED:-$$}
echo "# seed $SEED (DEV_CRASH_SEED=$SEED replays this run)"

r=0
while [ $r -lt $ROUNDS ]; do
	case $((r % 5)) in
	0) set -- mkinetvi -w vi0 -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 ;;
	1) set -- chdev -l vi0 -a netaddr=10.68.6.$((r % 200 + 2)) ;;
	2) set -- chvi -l vi0 -i en5 -o remove ;;
	3) set -- chvi -l vi0 -i en5 -o add ;;
	4) set -- rmdev -l vi0 -d ;;
	esac
	ip netns exec $H "$@" >/dev/null 2>&1 &
	pid=$!
	# somewhere between at once and after the command is done
	sleep "0.0$(( (r * 7919 + SEED) % 30 ))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	r=$((r + 1))
done

h cfgif >"$T_TMP/cfgif.out" 2>&1
t_ok $? "cfgif after the crashes"
t_cmp $T_CASE.cfgif-again h cfgif -n
# no orphan: every marked link has an Available device of its name
orphans=0
# (marked: alias vipa:NAME, or our MAC prefix 02:76:69 before the alias is set)
for l in $(ip -n $H -o link show | grep 'alias vipa:\|link/ether 02:76:69:' |
	   sed 's/^[0-9]*: \([^:@]*\).*/\1/'); do
	h odmget -q "name=$l and status=1" CuDv | grep -q "name = \"$l\"" || orphans=$((orphans + 1))
done
t_ok $orphans "no marked link without its Available device"
# an Available vi0 has its link; a Defined or missing one has none
if h odmget -q "name=vi0 and status=1" CuDv | grep -q vi0; then
	ip -n $H link show vi0 >/dev/null 2>&1
else
	! ip -n $H link show vi0 >/dev/null 2>&1
fi
t_ok $? "vi0 in the kernel if and only if Available"
dev_routes_nosrc $H >"$T_TMP/after"
# A kill can leave routes with the VIPA source and no record of the one
# they had (see killed.t): they get it back before the address goes.
diff -u "$T_TMP/before" "$T_TMP/after" >"$T_TMP/diff" 2>&1
t_ok $? "every route still there (seed $SEED)"
t_diag <"$T_TMP/diff"
# cleaning up restores every route exactly
h rmdev -l vi0 -d >/dev/null 2>&1
h cfgif >/dev/null
ip -n $H route get 192.0.2.1 | grep -q 'src 10.68.1.1'
t_ok $? "after rmdev the default route has its own source again"
t_done
