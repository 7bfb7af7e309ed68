#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every way out restores the terminal: Ctrl-C (SIGINT), SIGTERM, SIGHUP and
# F10 leave the alternate screen and keypad mode; the status says which.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/signals
s_need
t_odmdir
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME

modes() {
	s_tmux display-message -p -t t \
		'alternate=#{alternate_on} keypad=#{keypad_flag} cursorkeys=#{keypad_cursor_flag}'
}

for how in F10 C-c TERM HUP; do
	s_smitty mkinetvi
	s_wait "[Entry Fields]"
	modes >"$T_TMP/running"
	case $how in
	F*|C-*) s_keys "$how" ;;
	*) kill -s "$how" "$(s_pid)" ;;
	esac
	status=$(s_exit_status)
	modes >"$T_TMP/out"
	echo "exit $status" >>"$T_TMP/out"
	t_cmp "signals-$how" cat "$T_TMP/out"
done
t_cmp signals-running cat "$T_TMP/running"
t_done
