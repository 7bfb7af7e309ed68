#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# smitty under valgrind: menus, a dialog, popups (F1, F4, F6), Enter with
# -x (COMMAND STATUS), F3 and F10.  No error, nothing lost.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/valgrind
s_need
t_need_cmd valgrind
if [ -n "$(sed -n 's/^SAN_CFLAGS = //p' "$top_builddir/Makefile" 2>/dev/null)" ]; then
	t_skip_all "sanitizer build"
fi
t_odmdir
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME
# Build the repository first, outside valgrind (it is slow enough).
odmget sm_menu_opt >/dev/null

S_PROG="$top_builddir/libtool"
s_smitty --mode=execute valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=all \
	--errors-for-leak-kinds=all \
	--suppressions="$top_srcdir/tests/ts/smitty/valgrind.supp" \
	--log-file="$T_TMP/vg.log" \
	"$top_builddir/cmd/smitty" -x
S_WAIT_MAX=1200
s_wait "Communications Applications and Services"
s_keys Enter
s_wait "TCP/IP"
s_keys Enter
s_wait "Further Configuration"
s_keys Enter
s_wait "Network Interfaces"
s_keys Enter
s_wait "Network Interface Selection"
s_keys Enter
s_wait "Add a Network Interface"
s_keys Down Enter
s_wait "(IPv6)"
s_keys Enter
s_wait "[Entry Fields]"
s_type 10.68.6.1
s_keys F1
s_wait "+-----"
s_keys F3 Down
s_type 255.255.255.0
s_keys Down Down F4
s_wait "detach"
s_keys Down Enter Tab F6
s_wait "SHOW COMMAND STRING"
s_keys Enter Enter
s_wait "Command: OK"
s_keys F3
s_wait "[Entry Fields]"
s_keys F10
t_ok "$(s_exit_status)" "smitty exits 0 under valgrind"
t_cmp valgrind-log cat "$T_TMP/vg.log"
t_cmp valgrind-script sed '/^#/d' "$HOME/smit.script"
t_done
