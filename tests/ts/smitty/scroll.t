#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A terminal too small for the fields: [TOP], [MORE...n] and [BOTTOM] say
# where the view is; / and n find in an F4 list; a ghost dialog (List All
# Network Interfaces) runs at once and shows COMMAND STATUS (-x: recorded).
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/scroll
s_need
t_odmdir
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME

s_smitty -x mkinetvi6
s_wait "[Entry Fields]"
s_tmux resize-window -t t -x 80 -y 14
s_wait "[MORE...3]"
s_screen scroll-top
s_keys End
s_wait "[BOTTOM]"
s_screen scroll-bottom
s_keys Up Up Up Up
s_wait "[MORE...1]"
s_screen scroll-middle
s_tmux resize-window -t t -x 80 -y 24
s_wait "Enter=Do"
# / finds in the list, n finds the next match (wrapping).
s_keys Home
s_type 2001:db8:6::1
s_keys Down Down Down F4
s_wait "detach"
s_keys /
s_wait "Search for:"
s_type de
s_keys Enter n
s_screen scroll-find
s_keys Enter F6
s_wait "SHOW COMMAND STRING"
s_screen scroll-find-command
s_keys Enter F3
t_ok "$(s_exit_status)" "F3 leaves smitty with status 0"

s_smitty -x lsinet
s_wait "Command: OK"
s_screen scroll-ghost
s_keys F3
t_ok "$(s_exit_status)" "F3 from a ghost dialog's status leaves smitty"
t_cmp scroll-script sed '/^#/d' "$HOME/smit.script"
t_done
