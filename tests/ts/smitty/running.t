#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# COMMAND STATUS while the command runs: "running" with the output so far,
# then OK (or failed) with stdout and stderr as the command printed them.
# The menus here are a test dialog of our own, beside the real classes.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/running
s_need
t_odmdir
HOME="$T_TMP/home"
mkdir -p "$HOME" "$T_TMP/data/menus"
export HOME
ln -s "$top_srcdir/odm" "$T_TMP/data/odm"
VIPA_DATADIR="$T_TMP/data"
cat >"$T_TMP/data/menus/test.add" <<'STANZAS'
sm_cmd_hdr:
	id = "slow"
	option_id = "slow_opt"
	name = "A Command That Waits"
	cmd_to_exec = "echo started; echo to stderr >&2; while [ ! -e go ]; do sleep 0.05; done; echo finished; exit"

sm_cmd_opt:
	id_seq_num = "010"
	id = "slow_opt"
	name = "Exit status"
	op_type = "n"
	entry_type = "#"
	required = "y"
	prefix = "--"
STANZAS

# smitty runs in $T_TMP: the command goes on when the file "go" is there.
for st in 0 3; do
	rm -f "$T_TMP/go"
	s_smitty slow
	s_wait "[Entry Fields]"
	s_type $st
	s_keys Enter
	s_wait "Command: running"
	s_wait "to stderr"
	s_screen "running-$st"
	touch "$T_TMP/go"
	s_wait "finished"
	s_screen "done-$st"
	s_keys F10
	t_ok "$(s_exit_status)" "F10 leaves smitty with status 0"
done
t_done
