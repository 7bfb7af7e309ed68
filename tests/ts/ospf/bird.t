#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# BIRD on the VIPA host, as on two routers and a client (tests/ts/ospf/lib.sh
# has the network and the cases).  With the README's export filter
# (krt_prefsrc, the VIPA's own prefix rejected): the client reaches the
# VIPA over both routers, a carrier loss and a silent cut each leave the
# flows delivering again with the VIPA source, the watch never has to fix
# a route of BIRD's; rmdev warns in one line naming krt_prefsrc, mkdev
# brings it all back.  Then without krt_prefsrc, where "cfgif -w" gives
# the source: the same failures and five remote flaps, the source checked
# after each, and no fight.  Each case prints its largest stall per flow
# (never checked).
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ospf/lib.sh"
t_init ospf/bird
ospf_need
ospf_run bird
t_done
