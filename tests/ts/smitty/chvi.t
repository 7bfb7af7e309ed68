#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# smitty chvi: the selector lists the VIPAs (F4), Enter opens the dialog
# with the VIPA's values discovered; ADD an interface (ADD/REMOVE left at
# its default), then REMOVE it.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/chvi
s_need
t_need_root
t_odmdir
t_sample_env || t_skip_all "cannot build the sample network"
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME
t_cmp chvi-setup ip netns exec "$H" mkinetvi -a netaddr=10.68.6.1 \
	-a netmask=255.255.255.0 -a interface_names=en1

s_smitty chvi
s_wait "[Entry Fields]"
s_screen chvi-selector
# A name that is no VIPA: the selector says so and stays.
s_type vi9
s_keys Enter
s_wait "ERROR MESSAGE"
s_screen chvi-unknown
s_keys Enter
s_wait "[vi9]"
s_keys C-u
s_wait "[]"
s_keys F4
s_wait "press Enter."
s_screen chvi-list
s_keys Enter
s_wait "[vi0]"
s_keys Enter
s_wait "ADD/REMOVE"
s_screen chvi-dialog

# ADD en5: type it over the field's value; ADD/REMOVE shows ADD already.
s_keys Down Down Down Down Down Down Down
s_wait "Interface"
s_keys C-u
s_type en5
s_keys F6
s_wait "SHOW COMMAND STRING"
s_screen chvi-add-command
s_keys F3 Enter
s_wait "Command: OK"
s_screen chvi-add-status
t_cmp chvi-add-state lsattr -El vi0 -a interface_names

# Back to the dialog (values kept), REMOVE en1.
s_keys F3
s_wait "[Entry Fields]"
s_keys C-u
s_type en1
s_keys Down Tab
s_keys F6
s_wait "SHOW COMMAND STRING"
s_screen chvi-remove-command
s_keys Enter Enter
s_wait "Command: OK"
t_cmp chvi-remove-state lsattr -El vi0 -a interface_names
s_vipa_state >"$T_TMP/state"
t_cmp chvi-state cat "$T_TMP/state"

# F3 backs out of every screen: status, dialog, selector, then smitty ends.
s_keys F3
s_wait "ADD/REMOVE"
s_keys F3
s_wait "Type or select a value for the entry field."
s_keys F3
t_ok "$(s_exit_status)" "F3 backs out of every screen, exit status 0"
t_cmp chvi-script sed -n '/^[^#]/p' "$HOME/smit.script"
t_done
