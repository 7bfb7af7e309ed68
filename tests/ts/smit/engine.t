#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The SMIT engine on test objects: the two passes, required letters, entry
# types, rings, discovery, lists, selectors and fast paths.
. "$top_srcdir/tests/functions.sh"
t_init smit/engine
. "$top_srcdir/tests/ts/smit/lib.sh"
t_odmdir
smit_testdata

# Two passes: flags in field order, then "--" fields; only changed fields,
# required "y" always (even empty), "+" always, "?" when not empty.
t_cmp pass-initial "$DRIVE" t_pass show cmd
t_cmp pass-changed "$DRIVE" t_pass set 2 a1 set 5 q set 6 c set 7 b cmd \
	set 2 a0 cmd set 5 '' cmd
t_cmp pass-required "$DRIVE" t_pass set 4 '' cmd set 4 '   ' cmd set 4 x cmd

# Entry types: '#' numbers, 'X' hexadecimal, sizes, no-entry fields.
t_cmp entry-types "$DRIVE" t_pass set 8 12 set 8 -5 set 8 +7 set 8 1x \
	set 8 '' set 8 12345 set 8 - set 9 0x1F set 9 ff set 9 0x set 9 fg \
	set 11 other set 12 /etc/hosts show cmd

# Rings: Tab and Shift-Tab wrap, F4 lists the choices, F5 resets, the
# value sent is aix_values.
t_cmp ring "$DRIVE" t_pass step 10 1 step 10 1 step 10 1 step 10 -1 \
	step 10 -1 step 10 -1 step 10 -1 cmd list 10 choose 10 3 cmd \
	set 10 Two cmd set 10 1 cmd set 10 Four reset 10 cmd help 10 help 1

# F5 on typed fields; the changed flag follows the value.
t_cmp reset "$DRIVE" t_pass set 2 zz set 6 pos show reset 2 reset 6 show cmd

# Discovery: names, values, "#!:" escapes, rings by aix value, fields
# with no discovered value keep their default.
t_cmp discover "$DRIVE" t_disc show cmd set 1 'x:y' set 2 'B' cmd
t_cmp discover-fail "$DRIVE" t_discfail
t_cmp discover-nohash "$DRIVE" t_discbad
t_cmp discover-count "$DRIVE" t_disccount
t_cmp discover-none "$DRIVE" t_discnone show cmd

# Lists: whole lines, first and second words, multi-select joined with
# commas, postfix with quoted field values, a failing list, no list.
t_cmp lists "$DRIVE" t_list list 1 choose 1 2 list 2 choose 2 1,3 \
	list 3 choose 3 2 choose 3 1,2 set 4 "x'y \$(echo no)" list 5 \
	list 6 list 7 cmd

# Selectors: raw, cooked by classify, classify in discover format,
# junction, failing classify, a name classify does not know, empty value,
# unknown next screen.
t_cmp sel-raw "$DRIVE" t_selr show list 1 done set 1 c1 done show cmd
t_cmp sel-cooked "$DRIVE" t_selc set 1 c1 done show cmd back set 1 c2 done
t_cmp sel-discover "$DRIVE" t_seld set 1 something done show cmd
t_cmp sel-junction "$DRIVE" t_selj set 1 "it's" done show cmd
t_cmp sel-fail "$DRIVE" t_selfail set 1 c1 done
# A classify command that prints no name: no such device.
t_cmp sel-unknown "$DRIVE" t_selknown set 1 c2 done set 1 "c'2" done \
	set 1 c1 done show

# Fast paths: an alias to a dialog, a broken alias, a dialog that needs a
# selector first, unknown names, names that cannot be ids; menus sort on
# id_seq_num; an item that opens nothing.
t_cmp fastpath-alias "$DRIVE" t_alias show
t_cmp fastpath-badalias "$DRIVE" t_badalias
t_cmp fastpath-needsel "$DRIVE" t_sel_c1
t_cmp fastpath-unknown "$DRIVE" no_such_fastpath
t_cmp fastpath-quote "$DRIVE" "it's"
t_cmp menu-order "$DRIVE" t_menu show select 1 select 2 show back show

# The commands get SMIT's variables (smit_env), those of the caller's
# environment replaced, and no ENV.
(
	export _SMIT_DEBUG_FLAG=1 ENV="$T_TMP/env"
	"$DRIVE" -l "$T_TMP/smit.log" -s "$T_TMP/smit.script" t_pass \
		exec "env | grep '^_SMIT_\\|^ENV=' | sort"
	echo "--- exit $?"
) 2>&1 | sed "s|$T_TMP|TMP|" >"$T_TMP/env.out"
t_cmp command-env cat "$T_TMP/env.out"

t_done
