#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Without privilege a changing command says why and changes nothing:
# as nobody with a repository it may not write, and as nobody with a
# writable repository but no CAP_NET_ADMIN.  Reading still works.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/nonroot
t_need_root
t_need_cmd ip setpriv sqlite3
id nobody >/dev/null 2>&1 || t_skip_all "needs the user nobody"
t_odmdir
t_sample_env || t_skip_all "cannot build the sample environment"
h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1 >/dev/null
chmod 755 "$T_TMP" "$ODMDIR"
chmod 644 "$ODMDIR"/*
setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null ||
	t_skip_all "cannot run as nobody"
# run as nobody in $H; the repository's path is shown as $ODMDIR
su_h() {
	ip netns exec $H setpriv --reuid=nobody --regid=nogroup --clear-groups \
		--inh-caps=-all "$@" 2>"$T_TMP/err"
	_rc=$?
	sed "s|$ODMDIR|\$ODMDIR|g" "$T_TMP/err" >&2
	return $_rc
}
t_settle $H
t_state $H >"$T_TMP/before"
n=0
same() {
	t_state $H >"$T_TMP/after"
	t_same "$1: nothing changed" "$T_TMP/before" "$T_TMP/after"
}
t_cmp $T_CASE.ro-mkinetvi su_h mkinetvi -a netaddr=10.68.9.1 -a netmask=255.255.255.0
same "read-only repository: mkinetvi"
t_cmp $T_CASE.ro-chdev su_h chdev -l vi0 -a state=down
same "read-only repository: chdev"
t_cmp $T_CASE.ro-rmdev su_h rmdev -l vi0
same "read-only repository: rmdev"
t_cmp $T_CASE.ro-odmget su_h odmget -q "name=vi0 and attribute=netaddr" CuAt
t_cmp $T_CASE.ro-cfgif-n su_h cfgif -n
# a repository nobody may write, but no network privilege
chmod 777 "$ODMDIR"
chmod 666 "$ODMDIR"/* "$ODMDIR"/.[!.]*
t_settle $H
t_state $H >"$T_TMP/before"
t_cmp $T_CASE.net-mkinetvi su_h mkinetvi -a netaddr=10.68.9.1 -a netmask=255.255.255.0
same "no CAP_NET_ADMIN: mkinetvi"
t_cmp $T_CASE.net-chdev su_h chdev -l vi0 -a state=down
same "no CAP_NET_ADMIN: chdev"
t_cmp $T_CASE.net-chvi su_h chvi -l vi0 -i en5 -o add
same "no CAP_NET_ADMIN: chvi"
t_cmp $T_CASE.net-rmdev su_h rmdev -l vi0 -d
same "no CAP_NET_ADMIN: rmdev"
t_cmp $T_CASE.net-cfgif su_h cfgif
same "no CAP_NET_ADMIN: cfgif"
t_cmp $T_CASE.net-cfgif-n su_h cfgif -n
t_done
