#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A command that fails: COMMAND STATUS says failed, with the command's error
# text; a value holding quotes, $( ) and ; reaches the command as one
# argument and runs nothing; nothing changes.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/fail
s_need
t_need_root
t_odmdir
t_sample_env || t_skip_all "cannot build the sample network"
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME
s_vipa_state >"$T_TMP/before"

s_smitty mkinetvi
s_wait "[Entry Fields]"
# smitty runs in $T_TMP: a value that ran would make a file there.
s_type "1';touch ran"
s_keys Down
s_type '$(touch ran2)'
s_keys Enter
s_wait "Command: failed"
s_screen fail-status
s_keys F3
s_wait "[Entry Fields]"
s_keys F10
t_ok "$(s_exit_status)" "F10 leaves smitty with status 0"

t_ok "$(ls "$T_TMP" | grep -c '^ran')" "no value runs anything"
s_vipa_state >"$T_TMP/after"
t_same "nothing changed" "$T_TMP/before" "$T_TMP/after"
t_cmp fail-script sed -e '/^#/d' "$HOME/smit.script"
t_done
