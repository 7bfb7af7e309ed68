#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What root trusts: run as root, a repository or data directory that root
# does not own or that other users may write is refused in one line
# naming it and the fix (exit 3); cu.db and the lock are never opened
# through a link; a pd.db another user made is built again.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init trust
t_need_root
id nobody >/dev/null 2>&1 || t_skip_all "needs the user nobody"
t_odmdir
cd "$T_TMP" || exit 99
# messages show the scratch directory as $T
q() {
	"$@" >out 2>err
	rc=$?
	sed "s|$ODMDIR|\$ODMDIR|g; s|$T_TMP|\$T|g" out
	sed "s|$ODMDIR|\$ODMDIR|g; s|$T_TMP|\$T|g" err >&2
	return $rc
}
odmget CuDv >/dev/null
t_ok $? "setup: the repository is made"
pd() { odmget -q 'uniquetype = if/VI/vi' PdDv; }
pd >pd.good

chown nobody "$ODMDIR"
t_cmp odmdir-owner q odmget CuDv
chown root "$ODMDIR"
chmod 777 "$ODMDIR"
t_cmp odmdir-mode q odmget CuDv
chmod 1777 "$ODMDIR"
t_cmp odmdir-sticky q odmadd /dev/null
chmod 755 "$ODMDIR"
t_cmp odmdir-fixed q odmget CuDv

# the data directory, and one of its files
mkdir data
cp -R "$VIPA_DATADIR/odm" "$VIPA_DATADIR/menus" data/
chmod -R go-w data
chown nobody data
t_cmp datadir-owner q env VIPA_DATADIR="$T_TMP/data" odmadd /dev/null
chown root data
chmod 775 data/odm
chgrp nogroup data/odm 2>/dev/null || chgrp nobody data/odm
t_cmp datadir-group q env VIPA_DATADIR="$T_TMP/data" odmadd /dev/null
chmod 755 data/odm
chown nobody data/odm/cu.cre
t_cmp datafile-owner q env VIPA_DATADIR="$T_TMP/data" odmadd /dev/null

# cu.db and the lock are not followed
mv "$ODMDIR/cu.db" cu.real
ln -s "$T_TMP/cu.real" "$ODMDIR/cu.db"
t_cmp cu-link q odmget CuDv
rm "$ODMDIR/cu.db"
mv cu.real "$ODMDIR/cu.db"
rm -f "$ODMDIR/.lock"
: >lock.target
ln -s "$T_TMP/lock.target" "$ODMDIR/.lock"
t_cmp lock-link q odmadd /dev/null
rm "$ODMDIR/.lock"

# a generation of pd.db that another user made is not loaded: built again
g=$(readlink "$ODMDIR/pd.db")
chown nobody "$ODMDIR/$g"
pd >pd.out 2>&1
t_same "a pd.db of another user's: built again" pd.good pd.out
g=$(readlink "$ODMDIR/pd.db")
[ "$(stat -c %u "$ODMDIR/$g")" = 0 ]
t_ok $? "... as a file of root's"
t_done
