#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# smitty mkinetvi: type the values, F4 for the interfaces, F6 for the
# command, Enter; COMMAND STATUS says OK, the VIPA is in the ODM and in the
# kernel, and smit.script replays the session to the same state.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/mkinetvi
s_need
t_need_root
t_odmdir
t_sample_env || t_skip_all "cannot build the sample network"
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME

s_smitty mkinetvi
s_wait "[Entry Fields]"
s_screen mkinetvi-empty

s_type 10.68.6.1
s_keys Down
s_type 255.255.255.0
s_keys Down Down Down F4
s_wait "press F7"
s_screen mkinetvi-list
s_keys F7 Down F7 Enter
s_wait "[en1,en5]"
s_screen mkinetvi-filled

s_keys F6
s_wait "SHOW COMMAND STRING"
s_screen mkinetvi-command
s_keys Enter
s_wait "[Entry Fields]"

s_keys Enter
s_wait "Command: OK"
s_screen mkinetvi-status

# F3 back to the dialog, values kept; F3 again leaves smitty.
s_keys F3
s_wait "[Entry Fields]"
s_screen mkinetvi-filled
s_keys F3
t_ok "$(s_exit_status)" "smitty leaves with status 0 after F3"

s_vipa_state >"$T_TMP/state1"
t_cmp mkinetvi-state cat "$T_TMP/state1"
t_cmp mkinetvi-script sed -n '/^[^#]/p' "$HOME/smit.script"

# Replay smit.script in a fresh repository and network: the same state.
for ns in "$H" "$P"; do ip netns del "$ns"; done
t_sample_env || { t_ok 1 "build the sample network again"; t_done; }
t_odmdir
t_cmp mkinetvi-replay ip netns exec "$H" sh "$HOME/smit.script"
s_vipa_state >"$T_TMP/state2"
t_same "smit.script replays the session" "$T_TMP/state1" "$T_TMP/state2"
t_done
