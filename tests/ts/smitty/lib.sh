# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - drive the real smitty under tmux at 80x24 (sourced by the
# smitty tests after functions.sh).
#
#     s_need                        skip unless tmux is here
#     s_start CMD...                run CMD in a fresh 80x24 tmux pane
#                                   ($S_COLS x $S_ROWS when set)
#     s_keys KEY...                 tmux send-keys (F4, Enter, Down, C-u ...)
#     s_type TEXT                   type TEXT literally
#     s_wait TEXT                   wait (bounded) until TEXT is on the screen
#     s_title TEXT                  wait (bounded) until the title is TEXT
#     s_screen NAME                 wait until the screen equals
#                                   tests/expected/AREA/NAME.screen, record it
#     s_exit_status                 wait for the program to end, print its status
#     s_pid                         the pid of the program
#
# The pane runs CMD through a script written to $T_TMP, so that CMD may be
# any argument vector.  Waits poll the pane (every 50 ms, 10 s at most);
# nothing sleeps and hopes.

S_N=0
S_WAIT_MAX=${S_WAIT_MAX:-200}   # polls of 50 ms

s_need() {
	t_need_cmd tmux
}

s_tmux() { tmux -S "$S_SOCK" "$@"; }

s_start() {
	{
		echo "set -g status off"
		echo "set -g remain-on-exit on"
		echo "set -g default-terminal screen"
		echo "set -s escape-time 0"
		echo "set -g history-limit 0"
		# tmux runs the pane through the shell, never the test's $SHELL
		echo "set -g default-shell /bin/sh"
	} >"$T_TMP/tmux.conf"
	# The pane's shell records the program's pid and exit status itself
	# (tmux does not always learn the status).  Ctrl-C reaches the whole
	# foreground group: the recording shell ignores it.
	rm -f "$T_TMP/pane.pid" "$T_TMP/pane.status"
	{
		echo "#!/bin/sh"
		echo "trap '' INT QUIT"
		printf '%s' "sh -c 'echo \$\$ >\"\$0\"; exec \"\$@\"' '$T_TMP/pane.pid'"
		for a; do printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"; done
		echo
		echo "echo \$? >'$T_TMP/pane.status'"
	} >"$T_TMP/pane.sh"
	[ "$S_N" -gt 0 ] && s_tmux kill-server 2>/dev/null
	S_N=$((S_N + 1))
	S_SOCK="$T_TMP/tmux.$S_N.sock"
	s_tmux -f "$T_TMP/tmux.conf" new-session -d -x "${S_COLS:-80}" -y "${S_ROWS:-24}" -s t -c "$T_TMP" \
		"sh $T_TMP/pane.sh" || return 1
	t_at_exit "tmux -S '$S_SOCK' kill-server 2>/dev/null"
}

s_keys() { s_tmux send-keys -t t "$@" 2>/dev/null; }
s_type() { s_tmux send-keys -t t -l "$1" 2>/dev/null; }

s_capture() { s_tmux capture-pane -p -t t 2>/dev/null; }

s_poll() { sleep 0.05; }

s_wait() {
	i=0
	while [ $i -lt "$S_WAIT_MAX" ]; do
		if s_capture | grep -qF -- "$1"; then
			return 0
		fi
		s_tmux has-session -t t 2>/dev/null || break
		s_poll
		i=$((i + 1))
	done
	echo "# timed out waiting for: $1"
	s_capture | t_diag
	return 1
}

# s_title TEXT: wait until the screen's title is TEXT.
s_title() {
	i=0
	while [ $i -lt "$S_WAIT_MAX" ]; do
		[ "$(s_capture | sed -n '1s/^ *//p')" = "$1" ] && return 0
		s_tmux has-session -t t 2>/dev/null || break
		s_poll
		i=$((i + 1))
	done
	echo "# timed out waiting for the title: $1"
	s_capture | t_diag
	return 1
}

# s_screen NAME: the screen must become tests/expected/AREA/NAME.screen.
# With T_UPDATE=1 the screen is recorded once it stops changing.
s_screen() {
	exp="$T_EXPECTED/$1.screen"
	i=0
	if [ "${T_UPDATE:-0}" = 1 ]; then
		prev=
		while [ $i -lt "$S_WAIT_MAX" ]; do
			s_capture >"$T_TMP/screen"
			cur=$(cat "$T_TMP/screen")
			[ -n "$prev" ] && [ "$cur" = "$prev" ] && break
			prev=$cur
			s_poll
			s_poll
			i=$((i + 1))
		done
		mkdir -p "$T_EXPECTED"
		cp "$T_TMP/screen" "$exp"
	fi
	while [ $i -lt "$S_WAIT_MAX" ]; do
		s_capture >"$T_TMP/screen"
		cmp -s "$exp" "$T_TMP/screen" && break
		s_tmux has-session -t t 2>/dev/null || break
		s_poll
		i=$((i + 1))
	done
	t_same "screen $1" "$exp" "$T_TMP/screen"
}

# The exit status of the program in the pane, once it has ended
# (128 + N when signal N ended it).
s_exit_status() {
	i=0
	while [ $i -lt "$S_WAIT_MAX" ]; do
		if [ -s "$T_TMP/pane.status" ]; then
			cat "$T_TMP/pane.status"
			return 0
		fi
		s_poll
		i=$((i + 1))
	done
	echo "running"
	return 1
}

# The pid of the program in the pane.
s_pid() {
	i=0
	while [ $i -lt "$S_WAIT_MAX" ] && [ ! -s "$T_TMP/pane.pid" ]; do
		s_poll
		i=$((i + 1))
	done
	cat "$T_TMP/pane.pid"
}

# s_smitty ARGS...: smitty (or the program in $S_PROG) in the pane, inside
# namespace $H when it is set, with the test's ODMDIR, PATH and HOME, and
# SHELL (for F9) $S_SHELL, else /bin/sh.
s_smitty() {
	if [ -n "${H:-}" ]; then
		s_start ip netns exec "$H" env ODMDIR="$ODMDIR" \
			VIPA_DATADIR="$VIPA_DATADIR" PATH="$PATH" HOME="$HOME" \
			SHELL="${S_SHELL:-/bin/sh}" "${S_PROG:-smitty}" "$@"
	else
		s_start env ODMDIR="$ODMDIR" VIPA_DATADIR="$VIPA_DATADIR" \
			PATH="$PATH" HOME="$HOME" SHELL="${S_SHELL:-/bin/sh}" \
			"${S_PROG:-smitty}" "$@"
	fi
}

# The VIPA state of $ODMDIR and namespace $H: the VIPA devices, their
# attributes (lsattr), and the kernel's addresses.
s_vipa_state() {
	echo "== CuDv"
	odmget -q "PdDvLn=if/VI/vi" CuDv
	for d in $(odmget -q "PdDvLn=if/VI/vi" CuDv |
		sed -n 's/^[[:space:]]*name = "\(.*\)"$/\1/p'); do
		echo "== lsattr -El $d"
		lsattr -El "$d"
	done
	echo "== addresses"
	ip -n "$H" -o addr show | sed '/scope link/d; s/^[0-9]*: //; s/valid_lft.*//'
}
