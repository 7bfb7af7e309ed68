#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Routes through the VIPA's own link (ip route add 10.207.0.0/16 dev vi0):
# the kernel deletes them when the link goes down (state=down), goes away
# (state=detach, rmdev) or loses its last IPv4 address (a flush).  They
# are kept (CuRoute, kind dev) and put back with the device, as they were,
# source and all, one line each; a routing daemon's only once the daemon
# had its time; those of a device deleted (rmdev -d) are named in one
# warning.  Every table is compared whole with what it was.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/devroutes
dev_sample_env
VIPA_DAEMON_WAIT=1
export VIPA_DAEMON_WAIT

# Every table of $H, both families, sorted.
dump() {
	t_settle "$H"
	{ ip -n "$H" -4 route show table all; ip -n "$H" -6 route show table all; } | sort
}
same() {   # $1: what; every table as in $T_TMP/before
	dump >"$T_TMP/now"
	t_same "$1" "$T_TMP/before" "$T_TMP/now"
}
h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 \
	-a netaddr6=2001:db8:6::1 -a prefixlen=64 >/dev/null
ip -n "$H" route add 10.207.0.0/16 dev vi0
ip -n "$H" route add 10.208.0.0/16 dev vi0 src 10.68.6.1 metric 5
ip -n "$H" route add 10.210.0.0/16 dev vi0 table 100
ip -n "$H" -6 route add 2001:db8:207::/64 dev vi0
ip -n "$H" route add 10.209.0.0/16 dev vi0 proto bird
t_cmp $T_CASE.record h cfgif
dump >"$T_TMP/before"
t_cmp $T_CASE.records dev_records vi0

# state=down takes them; state=up puts them back (chdev does not wait for
# the daemon: a cfgif once the daemon's time is up puts its route back)
t_cmp $T_CASE.down h chdev -l vi0 -a state=down
dump | grep ' dev vi0 ' >"$T_TMP/down"
t_same "state=down: none through vi0" /dev/null "$T_TMP/down"
t_cmp $T_CASE.up h chdev -l vi0 -a state=up
VIPA_DAEMON_WAIT=0
t_cmp $T_CASE.up-cfgif h cfgif
VIPA_DAEMON_WAIT=1
same "state=down and up: every table as before"

# state=detach: the link goes; cfgif makes it anew and puts them back
# through it (-n says it would)
t_cmp $T_CASE.detach h chdev -l vi0 -a state=detach
h chdev -l vi0 -a state=up -P >/dev/null
t_cmp $T_CASE.attach-n h cfgif -n
t_cmp $T_CASE.attach h cfgif
same "state=detach and up: every table as before"

# a flush takes the IPv4 ones (the link's last IPv4 address goes)
ip -n "$H" addr flush dev vi0
t_cmp $T_CASE.flush h cfgif
same "flush: every table as before"

# rmdev keeps them for the device's next configure
t_cmp $T_CASE.rmdev h rmdev -l vi0
t_cmp $T_CASE.mkdev h mkdev -l vi0
t_cmp $T_CASE.mkdev-cfgif h cfgif
same "rmdev and mkdev -l: every table as before"

# deleted on purpose while the device is up: its record goes
ip -n "$H" route del 10.210.0.0/16 dev vi0 table 100
t_cmp $T_CASE.deleted h cfgif
t_cmp $T_CASE.deleted-records dev_records vi0

# rmdev -d: they go with the device, named in one warning
t_cmp $T_CASE.rmdev-d h rmdev -l vi0 -d
t_cmp $T_CASE.rmdev-d-records h odmget CuRoute
t_done
