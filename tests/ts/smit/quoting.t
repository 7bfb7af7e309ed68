#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Values typed into fields, chosen from lists, discovered or selected go
# into commands single-quoted: run with hostile values, the command gets
# them back byte for byte and nothing else runs.
. "$top_srcdir/tests/functions.sh"
t_init smit/quoting
. "$top_srcdir/tests/ts/smit/lib.sh"
t_odmdir
smit_testdata
W="$T_TMP/work"
mkdir "$W" && cd "$W" || exit 99

V1="a'b\"c'' \\"
V2='$(touch pwned1)'
V3='`touch pwned2`; touch pwned3 && echo oops'
V4='x
y; touch pwned4 | cat > pwned5 &'

# printf '[%s]' with the four values: pass 1 ("x=" and ""), then pass 2.
t_cmp hostile-run "$DRIVE" t_hostile set 1 "$V1" set 2 "$V2" set 3 "$V3" \
	set 4 "$V4" cmd run

# The same command through sh by hand (what smit.script replays).
"$DRIVE" -x -s "$T_TMP/script" t_hostile set 1 "$V1" set 2 "$V2" \
	set 3 "$V3" set 4 "$V4" run >/dev/null
sh "$T_TMP/script" >"$T_TMP/replay" 2>&1
printf '[x=%s][%s][%s][%s]' "$V3" "$V4" "$V1" "$V2" >"$T_TMP/want"
t_same "the script replays the values exactly" "$T_TMP/want" "$T_TMP/replay"

# A hostile selection reaches the classify command and the next dialog.
t_cmp hostile-selector "$DRIVE" t_selc set 1 "$V2" done
t_cmp hostile-junction "$DRIVE" t_selj set 1 "$V3" done cmd

# A hostile field value in a list command's postfix.
t_cmp hostile-postfix "$DRIVE" t_list set 4 "$V4" list 5

ls -A >"$T_TMP/files"
t_same "no value ran a command" /dev/null "$T_TMP/files"
t_done
