#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Concurrency: 20 processes changing VIPAs at once.  None fails for
# contention, and the final database and kernel are what they asked for
# (cfgif -n finds nothing to do).
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/concurrency
dev_sample_env
N=20
i=0
while [ $i -lt $N ]; do
	ip -n $H link add x$i type veth peer name y$i
	ip -n $H addr add 10.80.$i.1/24 dev x$i
	ip -n $H link set x$i up
	ip -n $H link set y$i up
	i=$((i + 1))
done
# the database exists before the race starts
h odmget CuDv >/dev/null

worker() {   # each: define, move to a new address, change its interfaces
	# (new$1 does not exist: accepted with a warning)
	{
		h mkinetvi -w vi$1 -a netaddr=10.70.$1.1 -a netmask=255.255.255.0 -a interface_names=x$1
		h chdev -l vi$1 -a netaddr=10.70.$1.2
		if [ $(($1 % 2)) -eq 1 ]; then
			h chvi -l vi$1 -i x$1 -o remove
			h chdev -l vi$1 -a state=down
		else
			h chvi -l vi$1 -i new$1 -o add
		fi
	} >"$T_TMP/w$1" 2>&1
	echo "exit $?" >>"$T_TMP/w$1"
}
i=0
while [ $i -lt $N ]; do worker $i & i=$((i + 1)); done
wait
i=0
while [ $i -lt $N ]; do cat "$T_TMP/w$i"; i=$((i + 1)); done >"$T_TMP/all"
t_cmp $T_CASE.outputs cat "$T_TMP/all"
i=0
while [ $i -lt $N ]; do
	h odmget -q "name=vi$i" CuAt
	ip -n $H -o addr show dev vi$i | sed 's/^[0-9]*: //; s/\\.*//'
	i=$((i + 1))
done >"$T_TMP/final"
t_cmp $T_CASE.final cat "$T_TMP/final"
dev_routes $H | sort >"$T_TMP/routes"
t_cmp $T_CASE.routes cat "$T_TMP/routes"
t_cmp $T_CASE.cfgif h cfgif -n
t_done
