#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The repository under damage: cfgif keeps a last good copy of cu.db; a
# damaged cu.db is named as such with how to put the copy back; a lost or
# emptied cu.db is never taken for one whose devices were all removed
# while marked links exist; after the restore cfgif configures as before.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/repo
dev_sample_env sqlite3
# messages show the repository as $ODMDIR
hq() {
	ip netns exec "$H" "$@" 2>"$T_TMP/err"
	_rc=$?
	sed "s|$ODMDIR|\$ODMDIR|g" "$T_TMP/err" >&2
	return $_rc
}

h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
t_ok $? "setup: vi0 made"
[ ! -e "$ODMDIR/cu.db.good" ]
t_ok $? "no good copy before the first cfgif"
t_cmp $T_CASE.cfgif hq cfgif
sqlite3 "$ODMDIR/cu.db.good" "PRAGMA quick_check" >"$T_TMP/check"
echo ok >"$T_TMP/ok"
t_same "cfgif keeps a good copy" "$T_TMP/ok" "$T_TMP/check"
sqlite3 "$ODMDIR/cu.db" .dump >"$T_TMP/dump.cu"
sqlite3 "$ODMDIR/cu.db.good" .dump >"$T_TMP/dump.good"
t_same "the good copy holds what cu.db holds" "$T_TMP/dump.cu" "$T_TMP/dump.good"
cp "$ODMDIR/cu.db" "$T_TMP/cu.saved"
t_settle $H
t_state $H | sed '1,/^== links/d' >"$T_TMP/kernel.before"
kernel_same() {
	t_settle $H
	t_state $H | sed '1,/^== links/d' >"$T_TMP/kernel.after"
	t_same "$1: the kernel is as it was" "$T_TMP/kernel.before" "$T_TMP/kernel.after"
}

# the page of the class definitions overwritten
dd if=/dev/zero of="$ODMDIR/cu.db" bs=4096 seek=1 count=1 conv=notrunc 2>/dev/null
t_cmp $T_CASE.damaged-lsdev hq lsdev -C -c if -s VI
t_cmp $T_CASE.damaged-cfgif hq cfgif
t_cmp $T_CASE.damaged-odmget hq odmget CuDv
kernel_same "damaged cu.db"
# the header overwritten
cp "$T_TMP/cu.saved" "$ODMDIR/cu.db"
dd if=/dev/urandom of="$ODMDIR/cu.db" bs=100 count=1 conv=notrunc 2>/dev/null
t_cmp $T_CASE.notadb-cfgif hq cfgif
kernel_same "cu.db not a database"

# emptied, then lost: twice, as a second boot would run it
for how in empty missing; do
	if [ $how = empty ]; then : >"$ODMDIR/cu.db"; else rm -f "$ODMDIR/cu.db"; fi
	t_cmp $T_CASE.$how-cfgif hq cfgif
	t_cmp $T_CASE.$how-cfgif-again hq cfgif
	t_cmp $T_CASE.$how-cfgif-n hq cfgif -n
	kernel_same "cu.db $how"
done
# a good copy is not replaced by a new repository's
sqlite3 "$ODMDIR/cu.db.good" .dump >"$T_TMP/dump.good"
t_same "the good copy is kept as it was" "$T_TMP/dump.cu" "$T_TMP/dump.good"

# the restore the man page gives
cp "$ODMDIR/cu.db.good" "$ODMDIR/cu.db"
t_cmp $T_CASE.restored hq cfgif
t_cmp $T_CASE.restored-lsdev hq lsdev -C -c if -s VI
kernel_same "restored"
# removing every device is not a lost repository: the link goes
h rmdev -l vi0 -d >/dev/null
ip -n $H link add vi0 type ifb
ip -n $H link set vi0 alias vipa:vi0
t_cmp $T_CASE.all-removed hq cfgif
t_done
