#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# FRR (zebra and ospfd) on the VIPA host, BIRD on two routers and a client
# (tests/ts/ospf/lib.sh has the network and the cases).  With the README's
# route-map (set src, wired up with ip protocol ospf): the client reaches
# the VIPA over both routers, a carrier loss and a silent cut each leave
# the flows delivering again with the VIPA source, the watch never has to
# fix a route of zebra's; rmdev warns in one line naming the route-map,
# mkdev and the ip protocol line again bring it all back.  Then without
# the setting, where "cfgif -w" gives the source: the same failures and
# five remote flaps, the source checked after each, and no fight.  Each
# case prints its largest stall per flow (never checked).
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ospf/lib.sh"
t_init ospf/frr
ospf_frr_need
ospf_need vtysh
ospf_run frr
t_done
