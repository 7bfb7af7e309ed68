#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What a command killed before it committed leaves: routes with the VIPA
# source and no record of the source they had (the records went with the
# transaction).  mkinetvi killed so leaves a marked link, its address, and
# the routes of its group with its source; the next mkinetvi takes the
# link over.  When that address goes later (a new netaddr, by chdev or by
# cfgif), the kernel would delete every route it is the source of: each
# gets its own source back first, and no route is lost.  (crash.t kills
# at random moments; this is the state one of its kills leaves, built
# by hand so that it is the same in every run.)
# The records the killed command did not commit are made by the one that
# takes over (the source the routes had before unknown, taken as none), so
# that an outside flush of the address right after loses no route either.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/killed
t_need_root
t_need_cmd ip
t_odmdir
t_sample_env || t_skip_all "cannot build the sample environment"
dev_routes_nosrc $H >"$T_TMP/before"

# The kernel as mkinetvi -w vi0 ... -a interface_names=en1,en5 leaves it
# when killed after giving the routes its source.
orphan() {
	# (ifb where the kernel has no dummy driver, as the commands do)
	{ ip -n $H link add vi0 type dummy 2>/dev/null ||
	  ip -n $H link add vi0 type ifb; } &&
	ip -n $H link set vi0 alias vipa:vi0 &&
	ip -n $H addr add 10.68.6.1/24 dev vi0 &&
	ip -n $H link set vi0 up &&
	ip -n $H route replace 10.68.1.0/24 dev en1 proto kernel scope link src 10.68.6.1 &&
	ip -n $H route replace 10.68.5.0/24 dev en5 proto kernel scope link src 10.68.6.1 &&
	ip -n $H route replace default via 10.68.1.2 dev en1 src 10.68.6.1
}
MK="mkinetvi -w vi0 -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5"

# every route there, each with the source it had: $1 names the step
all_there() {
	dev_routes_nosrc $H >"$T_TMP/now"
	diff -u "$T_TMP/before" "$T_TMP/now" | t_diag
	cmp -s "$T_TMP/before" "$T_TMP/now"
	t_ok $? "$1: every route still there"
}

orphan
t_ok $? "the state of a killed mkinetvi"
h $MK >/dev/null
t_ok $? "mkinetvi takes the link over"
h chvi -l vi0 -i en5 -o remove >/dev/null
t_ok $? "en5 leaves the group"
h chdev -l vi0 -a netaddr=10.68.6.9 >/dev/null
t_ok $? "chdev: a new netaddr"
all_there "after chdev"
[ "$(dev_src_for $H 10.68.5.2)" = 10.68.5.1 ]
t_ok $? "the route outside the group has its own source again"
[ "$(dev_src_for $H 192.0.2.1)" = 10.68.6.9 ]
t_ok $? "the default route has the new VIPA source"
t_cmp $T_CASE.chdev-again h cfgif -n
h rmdev -l vi0 -d >/dev/null
all_there "after rmdev"
[ "$(dev_src_for $H 192.0.2.1)" = 10.68.1.1 ]
t_ok $? "after rmdev the default route has its own source again"

# The same, the new netaddr put in the database only (chdev -P) and
# applied by cfgif (the connected route put back first, should the part
# above have lost it).
ip -n $H route replace 10.68.5.0/24 dev en5 proto kernel scope link src 10.68.5.1
orphan
h $MK >/dev/null && h chvi -l vi0 -i en5 -o remove >/dev/null &&
	h chdev -l vi0 -a netaddr=10.68.6.9 -P >/dev/null
t_ok $? "mkinetvi, chvi, chdev -P"
h cfgif >/dev/null
t_ok $? "cfgif applies the new netaddr"
all_there "after cfgif"
[ "$(dev_src_for $H 10.68.5.2)" = 10.68.5.1 ]
t_ok $? "the route outside the group has its own source again"
t_cmp $T_CASE.cfgif-again h cfgif -n
h rmdev -l vi0 -d >/dev/null
all_there "after rmdev"
# The records the killed command did not commit: made by the takeover.
ip -n $H route replace 10.68.5.0/24 dev en5 proto kernel scope link src 10.68.5.1
orphan
h $MK >/dev/null
t_ok $? "mkinetvi takes the link over again"
t_cmp $T_CASE.takeover-records dev_records vi0
ip -n $H addr flush dev vi0
h cfgif >"$T_TMP/cfgif.out" 2>&1
t_ok $? "cfgif after a flush of the address"
all_there "after the flush"
[ "$(dev_src_for $H 192.0.2.1)" = 10.68.6.1 ]
t_ok $? "after the flush the default route has the VIPA source again"
h rmdev -l vi0 -d >/dev/null
all_there "after rmdev"
t_done
