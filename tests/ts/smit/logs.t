#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# smit.log and smit.script: appended, never overwritten; the script starts
# with #!/bin/sh once and replays the commands; -x records without running;
# an unwritable log does not stop the command; $HOME is the default place.
. "$top_srcdir/tests/functions.sh"
t_init smit/logs
. "$top_srcdir/tests/ts/smit/lib.sh"
t_odmdir
smit_testdata
L="$T_TMP/smit.log"
S="$T_TMP/smit.script"

t_cmp run-ok "$DRIVE" -l "$L" -s "$S" t_out show run
t_cmp run-fail "$DRIVE" -l "$L" -s "$S" t_out set 1 3 run
t_cmp record-only "$DRIVE" -x -l "$L" -s "$S" t_out set 1 5 run
t_cmp log smit_unstamp "$L"
t_cmp script smit_unstamp "$S"
t_cmp log-replay sh "$S"

# An unwritable log: a warning, and the command runs all the same.
t_cmp unwritable "$DRIVE" -l /nonexistent-dir/smit.log -s "$S" t_out run

# Defaults in $HOME.
mkdir "$T_TMP/home"
HOME="$T_TMP/home" "$DRIVE" -d t_out run >/dev/null
ls "$T_TMP/home" >"$T_TMP/homefiles"
printf 'smit.log\nsmit.script\n' >"$T_TMP/want"
t_same "log and script default to \$HOME" "$T_TMP/want" "$T_TMP/homefiles"

# As root, links planted in place of the log and the script are not
# followed: a warning, the targets untouched, the command runs.
if [ "$(id -u)" = 0 ]; then
	mkdir "$T_TMP/home2"
	: >"$T_TMP/target"
	ln -s "$T_TMP/target" "$T_TMP/home2/smit.log"
	ln -s "$T_TMP/target" "$T_TMP/home2/smit.script"
	links() {
		HOME="$T_TMP/home2" "$@" >"$T_TMP/out2" 2>"$T_TMP/err"
		rc=$?
		sed "s|$T_TMP|\$T|g" "$T_TMP/out2"
		sed "s|$T_TMP|\$T|g" "$T_TMP/err" >&2
		return $rc
	}
	t_cmp root-links links "$DRIVE" -d t_out run
	t_ok $([ ! -s "$T_TMP/target" ]; echo $?) "... the links' target is untouched"
fi
t_done
