#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# smit -M: a menu of few short items (TCP/IP has one) still holds its
# four buttons inside its frame, at 80 columns and at 50; dialog(1) sizes
# a box by its text, so smit gives the width the buttons need.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/dialog-menu
s_need
t_need_cmd dialog
t_odmdir
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME

for S_COLS in 80 50; do
	S_PROG=smit s_smitty -M tcpip
	s_wait "< Help >"
	s_screen "tcpip-$S_COLS"
	# Select: the next menu, one item again.
	s_keys Enter
	s_wait "Network Interfaces"
	s_screen "configtcp-$S_COLS"
	s_keys Right Enter
	t_ok "$(s_exit_status)" "$S_COLS columns: Exit leaves smit, exit status 0"
done
t_done
