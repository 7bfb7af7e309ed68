#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The AIX sample environment made with mkinetvi, as lsattr, lsdev and
# ifconfig-vi show it, through the life of vi0: changes, IPv6, a link the
# kernel lost, rmdev.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
t_init ls/sample
t_need_root
t_need_cmd mkinetvi chdev chvi rmdev cfgif
t_odmdir
t_sample_env || t_skip_all "cannot create the sample namespaces"
on_host() { t_in "$H" "$@"; }

on_host mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 \
	-a interface_names=en1,en5 >"$T_TMP/mk" 2>&1
t_ok $? "mkinetvi vi0"
ls_wait_running "$H" vi0
t_cmp sample-lsattr on_host lsattr -El vi0
t_cmp sample-lsdev on_host lsdev -Cc if
t_cmp sample-ifconfig on_host ifconfig-vi vi0

# chdev changes both the database and the kernel.
on_host chdev -l vi0 -a state=down >/dev/null
t_cmp sample-down-ifconfig on_host ifconfig-vi vi0
t_cmp sample-down-lsattr on_host lsattr -El vi0 -a state
on_host chdev -l vi0 -a state=up >/dev/null
ls_wait_running "$H" vi0
on_host chvi -l vi0 -i en5 -o remove >/dev/null
t_cmp sample-en1-ifconfig on_host ifconfig-vi vi0
on_host chdev -l vi0 -a netaddr6=2001:db8:6::1 -a prefixlen=64 >/dev/null
t_cmp sample-ipv6-ifconfig on_host ifconfig-vi vi0
t_cmp sample-ipv6-lsattr on_host lsattr -El vi0

# The kernel loses the link: ifconfig-vi says so, cfgif brings it back.
ip -n "$H" link del vi0
t_cmp sample-lost on_host ifconfig-vi -a
t_cmp sample-lost-lsdev on_host lsdev -Cc if
on_host cfgif >/dev/null
ls_wait_running "$H" vi0
t_cmp sample-back on_host ifconfig-vi -a

# rmdev: Defined, then gone.
on_host rmdev -l vi0 >/dev/null
t_cmp sample-rmdev-all on_host ifconfig-vi -a
t_cmp sample-rmdev-vi0 on_host ifconfig-vi vi0
t_cmp sample-rmdev-lsdev on_host lsdev -Cc if
on_host rmdev -l vi0 -d >/dev/null
t_cmp sample-deleted on_host ifconfig-vi vi0
t_cmp sample-deleted-lsattr on_host lsattr -El vi0
t_cmp sample-deleted-lsdev on_host lsdev -Cc if

t_done
