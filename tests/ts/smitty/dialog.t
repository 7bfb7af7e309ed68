#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# smit -M: the same dialog through dialog(1) widgets.  Edit the fields,
# Command shows the command, Do runs it: COMMAND STATUS, the VIPA exists.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/dialog
s_need
t_need_cmd dialog
t_need_root
t_odmdir
t_sample_env || t_skip_all "cannot build the sample network"
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME

S_PROG=smit s_smitty -M mkinetvi
s_wait "< Edit  >"
s_screen dialog-fields
s_keys Enter
s_wait "<  OK  >"
s_type 10.68.6.1
s_keys Enter
s_wait "[10.68.6.1]"
s_keys Down Enter
s_wait "<  OK  >"
s_type 255.255.255.0
s_keys Enter
s_wait "[255.255.255.0]"
# The interfaces: a check list of the machine's interfaces.
s_keys Down Down Down Enter
s_wait "ONE OR MORE"
s_screen dialog-list
s_keys Space Down Space Enter
s_wait "[en1,en5]"
s_screen dialog-filled
# Command (the help button) shows the command; Do (extra button) runs it.
s_keys Tab Tab Tab Enter
s_wait "SHOW COMMAND STRING"
s_screen dialog-command
s_keys Enter
s_wait "[en1,en5]"
s_keys Tab Enter
s_wait "Command: OK"
s_screen dialog-status
s_keys Enter
s_wait "[en1,en5]"
s_keys Tab Tab Enter
t_ok "$(s_exit_status)" "Cancel leaves smit with status 0"
s_vipa_state >"$T_TMP/state"
t_cmp dialog-state cat "$T_TMP/state"
t_cmp dialog-script sed '/^#/d' "$HOME/smit.script"
t_done
