#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bash completion of interface names: the kernel's interfaces (of a
# network namespace the test makes), less loopback and the VIPAs' own
# links; those already listed are not offered again, and chvi -o remove
# offers the VIPA's own.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/compl/lib.sh"
t_init compl/kernel

if [ "${1-}" != --in-ns ]; then
	t_need_root
	compl_init
	NS=$(t_netns host) && PEER=$(t_netns peer) ||
		t_skip_all "cannot create a network namespace"
	for i in 1 5 7; do
		ip link add "en$i" netns "$NS" type veth peer name "p$i" netns "$PEER" ||
			t_skip_all "cannot create veth links"
	done
	# The rest runs inside the namespace, with its own /sys.
	ip netns exec "$NS" "$BASH" "$0" --in-ns
	exit $?
fi

compl_init
t_odmdir
mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1 >/dev/null
t_ok $? "setup: mkinetvi vi0 on en1"
mkinetvi -w vi1 -a netaddr=10.68.7.1 -a netmask=255.255.255.0 >/dev/null
t_ok $? "setup: mkinetvi vi1"
ip -o link show | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | sort >"$T_TMP/links"
printf 'en1\nen5\nen7\nlo\nvi0\nvi1\n' >"$T_TMP/want"
t_same "setup: the namespace's links" "$T_TMP/want" "$T_TMP/links"

each() {
	local l
	for l; do
		echo "== $l"
		compl "$l"
	done
}
t_cmp interfaces each "chdev -l vi0 -a interface_names=" \
	"chdev -l vi0 -a interface_names=en1," "chdev -l vi0 -a interface_names=en1,en" \
	"chdev -l vi1 -a interface_names=en7,en1," "mkinetvi -a interface_names=" \
	"mkinetvi6 -a interface_names=en5," "mkdev -c if -s VI -t vi -a interface_names=e" \
	"chvi -l vi0 -i " "chvi -l vi0 -i en5," "chvi -l vi0 -o add -i " \
	"chvi -l vi0 -o remove -i " "chvi -l vi1 -o remove -i " "ifconfig-vi " \
	"ifconfig-vi vi1 "
t_done
