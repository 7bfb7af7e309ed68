#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The suite's SMIT menus: every screen from the top menu down to every
# leaf, every fast path, and the help texts.
. "$top_srcdir/tests/functions.sh"
t_init smit/menus
. "$top_srcdir/tests/ts/smit/lib.sh"
t_odmdir

# From "System Management" down to Network Interface Selection, then each
# of its items (selectors and dialogs are shown, nothing is run).
NI="select 1 show select 1 show select 1 show select 1 show select 1"
t_cmp tree "$DRIVE" "" show $NI show select 1 show back \
	select 2 show select 1 show back select 2 show back back \
	select 3 show back select 4 show
t_cmp tree-help "$DRIVE" "" help help 1 $NI help help 1 help 2 help 3 help 4

# Fast paths: menu ids, aliases, selectors and dialogs; the dialogs that
# need a selector first are none.
for fp in top_menu commo tcpip configtcp inet netinterface mkinet vipa \
	lsinet lsvi mkinetvi mkinetvi6 chvi chinet rminet rminetvi rmvi; do
	t_cmp "fastpath-$fp" "$DRIVE" "$fp" show
done
t_cmp fastpath-chinet_vi "$DRIVE" chinet_vi
t_cmp fastpath-rminet_dlg "$DRIVE" rminet_dlg
t_cmp fastpath-smit "$DRIVE" smit

# Every field of the VIPA dialogs has help.
t_cmp help-mkinetvi "$DRIVE" mkinetvi help help 1 help 2 help 3 help 4 \
	help 5 help 6
t_cmp help-mkinetvi6 "$DRIVE" mkinetvi6 help help 1 help 2 help 3 help 4 \
	help 5 help 6
t_done
