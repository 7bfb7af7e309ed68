#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The device model: mkdev -d defines without touching the kernel, an
# address required, the next free name, several attributes in one -a,
# CuAt only for values that differ from the defaults (setting one back
# removes it), lists of aliases, mkdev -l configuring a Defined device,
# rmdev and rmdev -d.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/mkdev
dev_sample_env
t_settle $H
t_state $H | sed -n '/^== links/,$p' >"$T_TMP/kernel.before"

t_cmp $T_CASE.define h mkdev -c if -s VI -t vi -a 'netaddr=10.68.6.1 netmask=255.255.255.0' -a state=up -d
t_state $H | sed -n '/^== links/,$p' >"$T_TMP/kernel.after"
t_same "mkdev -d leaves the kernel alone" "$T_TMP/kernel.before" "$T_TMP/kernel.after"
# no address: refused, as mkinetvi refuses a missing netaddr
t_cmp $T_CASE.define-noaddr h mkdev -c if -s VI -t vi -d
t_cmp $T_CASE.define-next h mkdev -c if -s VI -t vi -a netaddr6=2001:db8:9::1 -a prefixlen=64 -d
t_cmp $T_CASE.define-named h mkdev -c if -s VI -t vi -w vi7 -a netaddr6=2001:DB8:6:0::1 -a prefixlen=64 -d
t_cmp $T_CASE.define-after-gap h mkinetvi -d -a netaddr=10.68.8.1 -a netmask=0xffffff00
t_cmp $T_CASE.odmget h odmget CuDv CuAt
t_cmp $T_CASE.aliases h chdev -l vi0 -a alias4=10.68.9.1,255.255.255.255 -a alias4=10.68.9.2,255.255.255.0 -a netmask=255.255.0.0
t_cmp $T_CASE.odmget.aliases h odmget -q "name=vi0 and attribute=alias4" CuAt
# netmask goes with netaddr: emptied alone it is refused
t_cmp $T_CASE.netmask-empty h chdev -l vi0 -a state=up -a netmask= -a 'alias4='
t_cmp $T_CASE.defaults h chdev -l vi0 -a state=up -a 'alias4='
t_cmp $T_CASE.odmget.defaults h odmget -q name=vi0 CuAt
t_cmp $T_CASE.configure h mkdev -l vi7
ip -n $H -o addr show dev vi7 | sed 's/^[0-9]*: //' >"$T_TMP/addr"
t_cmp $T_CASE.configure.addr cat "$T_TMP/addr"
t_cmp $T_CASE.configure-again h mkdev -l vi7
t_cmp $T_CASE.unconfigure h rmdev -l vi7
ip -n $H link show vi7 >/dev/null 2>&1
t_ok $((! $?)) "rmdev: the link is gone"
t_cmp $T_CASE.delete h rmdev -l vi1 -d
t_cmp $T_CASE.delete-defined h rmdev -l vi7 -d
t_cmp $T_CASE.cudv h odmget CuDv
t_done
