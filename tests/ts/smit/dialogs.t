#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The commands each of the suite's dialogs builds, with the VIPAs' current
# values discovered through lsattr -O (devices defined in the database
# only: nothing here touches the kernel).
. "$top_srcdir/tests/functions.sh"
t_init smit/dialogs
. "$top_srcdir/tests/ts/smit/lib.sh"
t_need_cmd odmadd lsattr lsdev
t_odmdir
odmadd "$top_srcdir/tests/ts/smit/vipas.odm" || t_skip_all "odmadd failed"

# mkinetvi: the required fields, then every field changed.
t_cmp mkinetvi-min "$DRIVE" mkinetvi cmd set 1 10.68.6.1 cmd \
	set 2 255.255.255.0 cmd
t_cmp mkinetvi-all "$DRIVE" mkinetvi set 1 10.68.6.1 set 2 0xffffff00 \
	set 3 vi7 step 4 1 set 5 en1,en5 step 6 1 show cmd step 4 1 step 6 -1 cmd

# mkinetvi6: the prefix length has a default and must be a number.
t_cmp mkinetvi6 "$DRIVE" mkinetvi6 set 1 2001:db8:6::1 cmd set 2 abc \
	set 2 1289 set 2 48 step 4 -1 set 5 en1 step 6 1 cmd set 2 '' cmd

# smitty chvi: the selector lists the VIPAs, the dialog shows vi0's values.
t_cmp chvi-select "$DRIVE" chvi show list 1 choose 1 1 done show cmd
# ADD, then REMOVE, an interface: ADD is the default, so that an interface
# typed in with the ring left as it is gives a command that adds it (chvi's
# -o defaults to add); other attributes; database only.
t_cmp chvi-add "$DRIVE" chvi set 1 vi0 done show set 8 en2 cmd step 9 1 cmd \
	step 9 1 cmd step 9 -1 cmd reset 9 cmd
t_cmp chvi-attrs "$DRIVE" chvi set 1 vi0 done set 2 10.68.7.1 \
	set 3 255.255.0.0 step 6 1 step 14 1 cmd reset 2 reset 3 cmd
# Aliases: one to add, one to remove (F4 lists those the VIPA has), as
# chdev's -a alias4= and -a delalias4= (alias6, delalias6 the same).
t_cmp chvi-alias4 "$DRIVE" chvi set 1 vi0 done help 10 help 11 \
	set 10 10.68.10.1,255.255.255.0 cmd list 11 choose 11 2 cmd set 10 '' cmd
t_cmp chvi-alias6 "$DRIVE" chvi set 1 vi1 done help 12 help 13 list 13 \
	choose 13 1 set 12 2001:db8:a::1/64 cmd
# "#!:" from lsattr -O: vi1's IPv6 address holds colons.
t_cmp chvi-ipv6 "$DRIVE" chvi set 1 vi1 done show set 4 2001:db8:7::1 cmd
# A name that is no VIPA: the selector says so, as the device commands do,
# before any dialog opens.
t_cmp chvi-unknown "$DRIVE" chvi set 1 vi9 done
t_cmp chinet-unknown "$DRIVE" chinet set 1 vi9 done
t_cmp rminet-unknown "$DRIVE" rminet set 1 vi9 done
t_cmp rmvi-unknown "$DRIVE" rmvi set 1 vi9 done

# From the menu: any interface, classified by its type.
t_cmp chinet "$DRIVE" chinet list 1 set 1 vi0 done show cmd

# Remove: keep or delete the definition; ask first.
t_cmp rminet "$DRIVE" rminet list 1 set 1 vi1 done show cmd step 2 1 cmd
t_cmp rmvi "$DRIVE" rmvi list 1 set 1 vi0 done cmd

# List All Network Interfaces runs at once.
t_cmp lsinet "$DRIVE" lsinet show cmd run
t_done
