#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Routes of a routing daemon that carry the VIPA's address as source, an
# address a change takes away (rmdev, chdev netaddr, state=down, detach,
# ifconfig-vi down):
# the daemon's installs with that source fail once it is gone, so the
# command warns in one line per daemon and address, naming the daemon (its
# name from iproute2's rt_protos files, else the number) and the setting to
# remove first, and goes on.  Routes of kernel, boot, static, dhcp, ra and
# redirect get no warning.  The routes are added by hand: no daemon runs.
# rt_protos comes from a directory of the test's own, mounted over
# /etc/iproute2 for each command only (a mount namespace of its own).
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/daemon
dev_sample_env mount

# hp DIR CMD...: CMD in the host namespace with DIR as /etc/iproute2.
hp() {
	ip netns exec "$H" sh -c 'mount --bind "$0" /etc/iproute2 && exec "$@"' "$@"
}
PROTOS=$T_TMP/protos
mkdir -p "$PROTOS/rt_protos.d" "$T_TMP/noprotos"
# 188 is renamed by a .d file (the later one wins, as in iproute2); 77
# comes in hex; 250's name holds an escape byte and is not taken.
printf '# test\n2\tkernel\n12\tbird\n188\told-name\n250\tbad\033name\n' >"$PROTOS/rt_protos"
printf '188 ospf # FRR\n0x4d\thexproto\n' >"$PROTOS/rt_protos.d/frr.conf"
printf '188 ignored\n' >"$PROTOS/rt_protos.d/not-a-conf"
ip link add en3 netns "$H" type veth peer name p3 netns "$P"
ip -n "$H" addr add 10.68.3.1/24 dev en3
ip -n "$H" link set en3 up
ip -n "$P" link set p3 up

t_cmp $T_CASE.mkinetvi h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 \
	-a netaddr6=2001:db8:6::1 -a prefixlen=64 -a interface_names=en1,en5
t_settle "$H"

# daemon_routes SRC: the routes a daemon would add (and others), with
# source SRC; via en3 is outside the group.
daemon_routes() {
	{
		echo "route add 198.51.100.0/24 via 10.68.1.2 dev en1 proto ospf src $1"
		echo "route add 198.51.101.0/24 via 10.68.5.2 dev en5 proto ospf src $1"
		echo "route add 198.51.102.0/24 via 10.68.3.2 dev en3 proto ospf src $1"
		echo "route add 198.51.103.0/24 via 10.68.1.2 dev en1 proto bird src $1"
		echo "route add 198.51.104.0/24 via 10.68.1.2 dev en1 proto 77 src $1"
		echo "route add 198.51.105.0/24 via 10.68.1.2 dev en1 proto 250 src $1"
		n=110
		for p in static boot dhcp kernel ra redirect; do
			echo "route add 198.51.$n.0/24 via 10.68.1.2 dev en1 proto $p src $1"
			n=$((n + 1))
		done
	} | ip -n "$H" -batch - || echo "ip -batch failed" >&2
}
daemon_routes 10.68.6.1
ip -n "$H" -6 route add 2001:db8:77::/64 via 2001:db8:1::2 dev en1 proto ospf src 2001:db8:6::1
t_ok $? "routes of daemons and others with the VIPA source added by hand"

# state=down: every address goes; each daemon and address once, the
# routes outside the group too.
t_cmp $T_CASE.down hp "$PROTOS" chdev -l vi0 -a state=down
ip -n "$H" route show 198.51.100.0/24 >"$T_TMP/kept"
t_ok $(($(grep -c 'proto ospf' "$T_TMP/kept") != 1 || $(grep -c ' src ' "$T_TMP/kept") != 0)) \
	"the daemon's route stays, without the source"
# state=up takes nothing away: no warning.
t_cmp $T_CASE.up hp "$PROTOS" chdev -l vi0 -a state=up

# A new netaddr: the old one goes.  The routes of the group carry it
# (given by the last command, whatever a daemon sets); the one outside the
# group is added again.
ip -n "$H" route replace 198.51.102.0/24 via 10.68.3.2 dev en3 proto ospf src 10.68.6.1
t_cmp $T_CASE.netaddr hp "$PROTOS" chdev -l vi0 -a netaddr=10.68.7.1
t_cmp $T_CASE.netaddr-src dev_src_for "$H" 198.51.100.1

# rmdev: both families, the name from rt_protos.
ip -n "$H" route replace 198.51.102.0/24 via 10.68.3.2 dev en3 proto ospf src 10.68.7.1
t_cmp $T_CASE.rmdev hp "$PROTOS" rmdev -dl vi0

# Only routes of kernel, boot, static, dhcp, ra and redirect: no warning.
t_cmp $T_CASE.mkinetvi2 h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 \
	-a interface_names=en1,en5
for n in 100 101 102 103 104 105; do ip -n "$H" route del 198.51.$n.0/24; done
h cfgif >/dev/null
t_cmp $T_CASE.rmdev-others hp "$PROTOS" rmdev -dl vi0

# detach, no rt_protos at all: the number, FRR's own name in its advice.
t_cmp $T_CASE.mkinetvi3 h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 \
	-a interface_names=en1,en5
ip -n "$H" route add 198.51.100.0/24 via 10.68.1.2 dev en1 proto ospf src 10.68.6.1
t_cmp $T_CASE.detach hp "$T_TMP/noprotos" chdev -l vi0 -a state=detach

# ifconfig-vi down takes the addresses away in the kernel only: the same.
h chdev -l vi0 -a state=up >/dev/null
ip -n "$H" route replace 198.51.100.0/24 via 10.68.1.2 dev en1 proto bird src 10.68.6.1
t_cmp $T_CASE.ifconfig-down hp "$PROTOS" ifconfig-vi vi0 down
t_done
