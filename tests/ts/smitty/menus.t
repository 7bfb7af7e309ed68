#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The menu tree from the top to the VIPA dialogs, F1 help, F3 back out of
# every screen; the command line: --help, misuse, unknown fast path.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/menus
s_need
t_odmdir
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME

t_cmp help smitty --help
t_cmp help-smit smit --help
t_cmp help smitty -h
t_cmp help-smit smit -h
t_cmp version t_versioned smitty -V
t_cmp version t_versioned smitty --version
t_cmp version-smit t_versioned smit -V
t_cmp version-smit t_versioned smit --version
t_cmp bad-option smitty -Z
t_cmp bad-option-M smitty -M mkinetvi
t_cmp too-many smitty mkinetvi chvi
t_cmp no-fastpath smitty nosuchpath
t_cmp not-a-tty smitty mkinetvi

s_smitty
s_wait "Communications Applications and Services"
s_screen menus-top
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
s_screen menus-netinterface
s_keys F1
s_wait "Lists every network interface"
s_screen menus-help
s_keys Enter
s_keys Down Enter
s_wait "(IPv6)"
s_screen menus-mkinet
s_keys Down Enter
s_wait "IPv6 INTERNET ADDRESS"
s_screen menus-mkinetvi6
s_keys F1
s_wait "+-----"
s_screen menus-field-help
s_keys F3
s_title "Add a Virtual IP Address Interface (IPv6)"
# F3 back through every menu to the top; Esc 3 is F3 too.
for m in "Add a Network Interface" "Network Interface Selection" \
	"Network Interfaces" "Further Configuration" "TCP/IP" \
	"Communications Applications and Services" "System Management"; do
	s_keys F3
	s_title "$m"
done
s_keys Escape 3
t_ok "$(s_exit_status)" "F3 backs out of every menu, exit status 0"

# F10 in a popup leaves smitty too.
s_smitty mkinetvi
s_wait "[Entry Fields]"
s_keys F1
s_wait "+-----"
s_keys F10
t_ok "$(s_exit_status)" "F10 in a popup leaves smitty, exit status 0"
t_done
