#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Exit statuses of the device commands: a read-only repository (a
# read-only root at boot) is still applied by cfgif, with one warning for
# what it could not record; a change whose report cannot be written to
# standard output exits 9, not 3 (which says nothing was changed).
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/exit
dev_sample_env sqlite3 unshare mount
hq() {
	ip netns exec "$H" "$@" 2>"$T_TMP/err"
	_rc=$?
	sed "s|$ODMDIR|\$ODMDIR|g" "$T_TMP/err" >&2
	return $_rc
}

# a change made, its line not written
t_cmp $T_CASE.mkinetvi-full sh -c 'ip netns exec "$H" mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1 >/dev/full'
t_cmp $T_CASE.after-full hq lsdev -C -c if -s VI
t_cmp $T_CASE.chdev-full sh -c 'ip netns exec "$H" chdev -l vi0 -a interface_names=en1,en5 >/dev/full'
t_cmp $T_CASE.define hq mkinetvi -d -w vi1 -a netaddr=10.68.7.1 -a netmask=255.255.255.255
kernel() {
	t_settle $H
	t_state $H | sed '1,/^== links/d; s/02:76:69:[0-9a-f:]*/02:76:69:(random)/'
}
kernel >"$T_TMP/kernel.before"
sqlite3 "$ODMDIR/cu.db" .dump >"$T_TMP/db.before"

# as at boot from a read-only root: no VIPA link, the interfaces' own
# addresses and routes, and a repository that cannot be written
ip -n $H link del vi0
for i in 1 5; do
	ip -n $H -4 addr flush dev en$i
	ip -n $H addr add 10.68.$i.1/24 dev en$i
done
ip -n $H route replace default via 10.68.1.2 dev en1
ro_cfgif() {
	unshare -m sh -c 'mount --bind "$ODMDIR" "$ODMDIR" &&
		mount -o remount,bind,ro "$ODMDIR" && touch "$ODMDIR/x" 2>/dev/null && exit 99
		ip netns exec "$H" cfgif "$@"' cfgif "$@" 2>"$T_TMP/err"
	_rc=$?
	sed "s|$ODMDIR|\$ODMDIR|g" "$T_TMP/err" >&2
	return $_rc
}
t_cmp $T_CASE.ro-cfgif ro_cfgif
kernel >"$T_TMP/kernel.after"
t_same "read-only repository: the kernel is set from it" "$T_TMP/kernel.before" "$T_TMP/kernel.after"
sqlite3 "$ODMDIR/cu.db" .dump >"$T_TMP/db.after"
t_same "read-only repository: not written" "$T_TMP/db.before" "$T_TMP/db.after"
t_cmp $T_CASE.ro-cfgif-again ro_cfgif
t_cmp $T_CASE.ro-cfgif-n ro_cfgif -n
t_done
