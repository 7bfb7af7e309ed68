#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A damaged repository: pd.db and the SMIT database are derived data and
# are built again when they cannot be read; a damaged cu.db is named as
# such, with how to restore it.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init damaged
t_odmdir
cd "$T_TMP" || exit 99

pd() { odmget -q 'uniquetype = if/VI/vi' PdDv; }
odmget CuDv >/dev/null
t_ok $? "setup: the repository is made"
pd >pd.good
odmget -q 'id = vipa' sm_menu_opt >sm.good
gen() { readlink "$ODMDIR/pd.db"; }
# each damage, then the predefined objects read as before
t_pd() {
	pd >pd.out 2>&1
	t_same "$1: PdDv read again" pd.good pd.out
}
g=$(gen)
truncate -s 100 "$ODMDIR/$g"
t_pd "truncated generation"
: >"$ODMDIR/$(gen)"
t_pd "zero-length generation"
rm "$ODMDIR/pd.db"
printf 'not a database\n' >"$ODMDIR/pd.db"
t_pd "pd.db not a database"
rm "$ODMDIR/pd.db"
printf 'not a database either\n' >outside
ln -s "$T_TMP/outside" "$ODMDIR/pd.db"
t_pd "pd.db a link out of the repository"
[ "$(cat outside)" = "not a database either" ]
t_ok $? "the link's target is left alone"
rm "$ODMDIR/pd.db"
ln -s pd.0000000000000000.1.1.db "$ODMDIR/pd.db"
t_pd "pd.db a dangling link"
g=$(gen)
: >"$ODMDIR/sm.${g#pd.}"
odmget -q 'id = vipa' sm_menu_opt >sm.out 2>&1
t_same "zero-length SMIT database: read again" sm.good sm.out
# a reader may not rebuild: it says what is wrong and how it is mended
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	g=$(gen)
	truncate -s 100 "$ODMDIR/$g"
	chmod 755 "$T_TMP"
	nobody_pd() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			odmget -q 'uniquetype = if/VI/vi' PdDv 2>err
		rc=$?
		sed "s|$ODMDIR|\$ODMDIR|g" err >&2
		return $rc
	}
	t_cmp pd-reader nobody_pd
	t_pd "after the reader, a writer rebuilds"
fi
t_done
