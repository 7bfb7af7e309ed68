#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Keys and options: Tab/Shift-Tab rings, F5 reset, F7 edit, Esc+digit,
# F8 image to the log, F9 shell, a resize redraws at the new size; -x
# records without running, -l and -s choose the files.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/keys
s_need
t_need_root
t_odmdir
t_sample_env || t_skip_all "cannot build the sample network"
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME
s_vipa_state >"$T_TMP/before"

s_smitty -x -l "$T_TMP/my.log" -s "$T_TMP/my.script" mkinetvi
s_wait "[Entry Fields]"
s_type 10.68.6.9
s_keys Down
s_type 255.255.0.0
# Rings: Tab twice and Shift-Tab once on STATE (up -> down -> up -> down).
s_keys Down Down Tab Tab BTab
# F5 resets the mask; F7 edits it in a popup instead.
s_keys Up Up F5
s_keys F7
s_wait "Value:"
s_screen keys-edit
s_type 255.255.255.0
s_keys Enter
s_wait "[255.255.255.0]"
# Esc 6 is F6.
s_keys Escape 6
s_wait "SHOW COMMAND STRING"
s_screen keys-command
s_keys Escape 3
s_wait "[Entry Fields]"

# A bigger terminal: the layout follows it.
s_tmux resize-window -t t -x 100 -y 30
s_wait "$(printf '%76s' '[Entry Fields]')"
s_screen keys-resized
s_tmux resize-window -t t -x 80 -y 24
s_wait "$(printf '%70s' '[Entry Fields]')"
s_screen keys-restored

# F8: the screen image goes to the log.
s_keys F8
# F9: a shell, then back to the same screen.
SHELL=/bin/sh
s_keys F9
s_wait "#"
s_type "echo in-the-shell; exit"
s_keys Enter
s_screen keys-restored

# -x: Enter records the command; nothing runs.
s_keys Enter
s_wait "Command: OK"
s_screen keys-norun
s_keys F10
t_ok "$(s_exit_status)" "F10 leaves smitty with status 0"
s_vipa_state >"$T_TMP/after"
t_same "-x changes nothing" "$T_TMP/before" "$T_TMP/after"
t_cmp keys-script sed '/^#/d' "$T_TMP/my.script"
# every time in the log (the F8 image's too) in the one form AIX writes
t_cmp keys-log sed -e 's/^\[[A-Z][a-z][a-z] [0-9][0-9] [0-9]\{4\}, [0-9:]\{8\}\]$/[DATE]/' "$T_TMP/my.log"
t_ok "$([ ! -e "$HOME/smit.log" ] && [ ! -e "$HOME/smit.script" ]; echo $?)" \
	"-l and -s replace the files in HOME"
t_done
