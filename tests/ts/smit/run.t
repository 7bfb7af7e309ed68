#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The engine end to end in a test namespace holding the AIX sample's en1
# and en5: add a VIPA through the mkinetvi dialog (interfaces chosen with
# F4), remove and add an interface through chvi (adding with ADD/REMOVE
# left at its default), then replay smit.script in a fresh namespace and
# database and get the same state; remove it.
. "$top_srcdir/tests/functions.sh"
t_init smit/run
. "$top_srcdir/tests/ts/smit/lib.sh"
t_need_root
t_need_cmd ip lsattr lsdev ifconfig-vi mkinetvi chvi rmdev
t_odmdir
t_sample_env || t_skip_all "cannot build the sample environment"
L="$T_TMP/smit.log"
S="$T_TMP/smit.script"

drive() { t_in "$H" "$DRIVE" -l "$L" -s "$S" "$@"; }
state() {
	lsdev -C -c if
	lsattr -El vi0
	t_in "$1" ifconfig-vi vi0
}

t_cmp run-mkinetvi drive mkinetvi set 1 10.68.6.1 set 2 255.255.255.0 \
	list 5 choose 5 1,2 cmd run
t_cmp run-state-made state "$H"
t_cmp run-chvi-remove drive chvi list 1 choose 1 1 done set 8 en5 step 9 -1 run
t_cmp run-state-removed state "$H"
t_cmp run-chvi-add drive chvi set 1 vi0 done list 8 choose 8 1 run
t_cmp run-state-added state "$H"
t_cmp run-chvi-fail drive chvi set 1 vi0 done set 8 en1 run

# Replay the script in a new namespace and database.
state "$H" >"$T_TMP/state1" 2>&1
ODMDIR="$T_TMP/replay-odm"
mkdir "$ODMDIR"
H2=$(t_netns replay) || exit 99
for l in 1 5; do
	ip -n "$H2" link add "en$l" type veth peer name "p$l" &&
		ip -n "$H2" link set "en$l" up
done
t_in "$H2" sh "$S" >"$T_TMP/replay.out" 2>&1
t_cmp run-replay cat "$T_TMP/replay.out"
state "$H2" >"$T_TMP/state2" 2>&1
t_same "the replayed script gives the same state" "$T_TMP/state1" "$T_TMP/state2"

t_cmp run-rminet drive rminet set 1 vi0 done run
t_cmp run-state-gone lsdev -C -c if
t_done
