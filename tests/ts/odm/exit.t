#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Exit statuses as the man pages give them: 5 when the user may not write
# the repository, 9 when the change was made but standard output could
# not be written (3 says nothing was changed).
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init exit
t_odmdir
cd "$T_TMP" || exit 99

cat >note.add <<'END'
CuAt:
	name = "vi9"
	attribute = "note"
	value = "x"
END
odmadd note.add
t_ok $? "setup: an object is added"

# a full standard output after the change: the change stays, exit 9
t_cmp delete-full sh -c 'odmdelete -o CuAt -q "name = vi9" >/dev/full'
odmget -q 'name = vi9' CuAt >left
t_ok $([ ! -s left ]; echo $?) "... the object was deleted"
odmadd note.add
t_cmp get-full sh -c 'odmget -q "name = vi9" CuAt >/dev/full'

# without permission to write the repository: 5, nothing changed
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	chmod 755 "$T_TMP"
	nobody() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@" 2>err
		rc=$?
		sed "s|$ODMDIR|\$ODMDIR|g; s|$T_TMP|\$T|g" err >&2
		return $rc
	}
	printf 'class NewOne { char a[4]; };\n' >new.cre
	t_refused perm-odmadd nobody odmadd note.add
	t_refused perm-odmdelete nobody odmdelete -o CuAt -q "name = vi9"
	t_refused perm-odmchange nobody odmchange -o CuAt -q "name = vi9" note.add
	t_refused perm-odmcreate nobody odmcreate new.cre
	t_refused perm-odmdrop nobody odmdrop -o CuAt
	t_cmp perm-odmget nobody odmget -q "name = vi9" CuAt
	mkdir -m 755 top
	t_cmp perm-newdir nobody env ODMDIR="$T_TMP/top/objrepos" odmadd note.add
fi
t_done
