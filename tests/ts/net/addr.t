#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Addresses on a VIPA link: IPv4 and IPv6 with noprefixroute (no prefix
# route appears), nodad, lifetimes forever; listing; duplicates; deletion.
# A plain address beside them shows the prefix route the flag avoids.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/net/lib.sh"
t_init net/addr
t_need_root
t_need_cmd ip
N=$(t_netns addr) || t_skip_all "cannot create a network namespace"
net_own "$N"

vt "$N" mklink vi0 vipa:vi0 >/dev/null
t_cmp addr-up vt "$N" up vi0
t_cmp addr-add4 vt "$N" addr-add vi0 10.68.6.1/24 noprefixroute
t_cmp addr-add6 vt "$N" addr-add vi0 2001:db8:6::1/64 noprefixroute nodad
t_cmp addr-add4-plain vt "$N" addr-add vi0 10.68.7.1/24
t_cmp addr-add6-plain vt "$N" addr-add vi0 2001:db8:7::1/64 nodad
t_cmp addr-ip net_addrs "$N"
t_cmp addr-routes net_routes "$N"
t_cmp addr-list vt "$N" addrs vi0
t_cmp addr-list-all vt "$N" addrs
t_cmp addr-add4-again vt "$N" addr-add vi0 10.68.6.1/24 noprefixroute
t_cmp addr-add6-again vt "$N" addr-add vi0 2001:db8:6::1/64 noprefixroute nodad
t_cmp addr-add-nolink vt "$N" addr-add vi9 10.68.6.9/24
t_cmp addr-add-badlen vt "$N" addr-add vi0 10.68.6.9/33
t_cmp addr-del4 vt "$N" addr-del vi0 10.68.6.1/24
t_cmp addr-del6 vt "$N" addr-del vi0 2001:db8:6::1/64
t_cmp addr-del4-again vt "$N" addr-del vi0 10.68.6.1/24
t_cmp addr-del6-again vt "$N" addr-del vi0 2001:db8:6::1/64
t_cmp addr-ip-after net_addrs "$N"
t_cmp addr-routes-after net_routes "$N"
t_done
