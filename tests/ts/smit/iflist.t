#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# F4 on Interface Name(s) offers the interfaces the VIPA may take (ADD) or
# holds (REMOVE): mkinetvi -L, mkinetvi6 -L and chvi -L, which the dialogs
# run as their cmd_to_list.  An interface belongs to one VIPA per address
# family: the IPv6 VIPA's en5 is offered to an IPv4 VIPA and the other way
# round; the loopback and the VIPAs' own links never are, a link merely
# named like a VIPA is.
. "$top_srcdir/tests/functions.sh"
t_init smit/iflist
. "$top_srcdir/tests/ts/smit/lib.sh"
t_need_root
t_need_cmd ip mkinetvi mkinetvi6 chvi
t_odmdir
t_sample_env || t_skip_all "cannot build the sample environment"
for l in en2 en7 vi8; do
	ip -n "$H" link add "$l" type veth peer name "p$l" netns "$P" ||
		t_skip_all "cannot add link $l"
done
# vi0: IPv4 on en1; vi1: IPv6 on en5; vi2: IPv4, defined only, on en2.
t_in "$H" mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 \
	-a interface_names=en1 >/dev/null
t_in "$H" mkinetvi6 -a netaddr6=2001:db8:6::1 -a prefixlen=64 \
	-a interface_names=en5 >/dev/null
t_in "$H" mkinetvi -w vi2 -a netaddr=10.68.7.1 -a netmask=255.255.255.0 \
	-a interface_names=en2 -d >/dev/null
t_state "$H" >"$T_TMP/before"

t_cmp iflist-mk4 t_in "$H" mkinetvi -L
t_cmp iflist-mk6 t_in "$H" mkinetvi6 -L
t_cmp iflist-add4 t_in "$H" chvi -L -l vi0
t_cmp iflist-add6 t_in "$H" chvi -L -l vi1 -o add
t_cmp iflist-remove t_in "$H" chvi -L -l vi0 -o remove
t_cmp iflist-remove6 t_in "$H" chvi -L -l vi1 -o remove
t_cmp iflist-unknown t_in "$H" chvi -L -l vi9
t_cmp iflist-notalone t_in "$H" chvi -L -l vi0 -i en7
t_cmp iflist-mk-notalone t_in "$H" mkinetvi -L -d

# The dialogs: F4 follows the ADD/REMOVE ring.
t_cmp iflist-smit-chvi t_in "$H" "$DRIVE" chvi set 1 vi0 done list 8 \
	step 9 1 list 8 choose 8 1 cmd step 9 1 list 8 choose 8 1,2 cmd
t_cmp iflist-smit-mkinetvi t_in "$H" "$DRIVE" mkinetvi list 5
t_cmp iflist-smit-mkinetvi6 t_in "$H" "$DRIVE" mkinetvi6 list 5

t_state "$H" >"$T_TMP/after"
t_same "listing changed nothing" "$T_TMP/before" "$T_TMP/after"
t_done
