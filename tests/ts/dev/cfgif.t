#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif: the boot step brings every Available VIPA into the kernel, reports
# each change once (a second run changes nothing), -n changes nothing,
# orphaned marked links go, a lost link comes back, -P changes apply,
# interfaces that appear later get the VIPA source, and -n says line by
# line what the real run then does.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/cfgif
dev_sample_env sqlite3

t_cmp $T_CASE.define h mkinetvi -d -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5,en7
t_cmp $T_CASE.define6 h mkinetvi6 -d -w vi1 -a netaddr6=2001:db8:6::1 -a prefixlen=64 -a alias6=2001:db8:6::2/128
t_cmp $T_CASE.define-detached h mkinetvi -w vi2 -a netaddr=10.68.7.1 -a netmask=255.255.255.255 -a state=detach
# boot: mark them Available in the database (as a reboot finds them)
sqlite3 "$ODMDIR/cu.db" "UPDATE CuDv SET status = 1"
t_settle $H
t_state $H >"$T_TMP/before"
t_cmp $T_CASE.dry h cfgif -n
# --json: the same changes as one document; it parses, and holds the lines.
t_cmp $T_CASE.dry-json h cfgif -n -j
h cfgif -n --json >"$T_TMP/dry.json"
python3 -m json.tool "$T_TMP/dry.json" >/dev/null
t_ok $? "cfgif -n --json parses"
python3 -c '
import json, sys
for c in json.load(open(sys.argv[1])):
    print(c["device"] + ": " + c["change"])
' "$T_TMP/dry.json" >"$T_TMP/dry.from-json"
h cfgif -n >"$T_TMP/dry.text"
t_same "cfgif -n --json holds the lines of cfgif -n" "$T_TMP/dry.text" "$T_TMP/dry.from-json"
t_cmp $T_CASE.json-w h cfgif -w --json
t_state $H >"$T_TMP/after"
t_same "cfgif -n changes nothing" "$T_TMP/before" "$T_TMP/after"
t_cmp $T_CASE.boot h cfgif
t_cmp $T_CASE.routes dev_routes $H
t_cmp $T_CASE.again h cfgif
t_cmp $T_CASE.again-dry h cfgif -n
t_cmp $T_CASE.again-json h cfgif -j

# an interface that appears later
ip link add en7 netns $H type veth peer name p7 netns $P
ip -n $H addr add 10.68.7.129/25 dev en7
ip -n $H link set en7 up
ip -n $P link set p7 up
t_cmp $T_CASE.new-interface h cfgif
t_cmp $T_CASE.routes.en7 dev_routes $H

# a link nobody owns, and a lost one
ip -n $H link add vi5 type ifb
ip -n $H link set vi5 alias vipa:vi5
ip -n $H addr add 10.68.9.5/32 dev vi5
ip -n $H route add 198.51.100.0/24 via 10.68.1.2 dev en1 src 10.68.9.5
ip -n $H link add vi6 type ifb
ip -n $H link del vi1
t_cmp $T_CASE.repair h cfgif
ip -n $H -o link show | sed 's/^[0-9]*: //; s/ mtu.*//; s/@.*//' | sort >"$T_TMP/links"
t_cmp $T_CASE.links cat "$T_TMP/links"
t_cmp $T_CASE.routes.repaired dev_routes $H

# -P: the database only, applied by the next cfgif; -l limits it
t_cmp $T_CASE.chdev-P h chdev -l vi0 -a netaddr=10.68.6.9 -P
t_cmp $T_CASE.routes.P dev_routes $H
t_cmp $T_CASE.cfgif-l-other h cfgif -l vi1
t_cmp $T_CASE.cfgif-l h cfgif -l vi0
t_cmp $T_CASE.routes.applied dev_routes $H
# a route that went away leaves no saved source behind
ip -n $H route del 198.51.100.0/24
t_cmp $T_CASE.route-gone h cfgif
t_cmp $T_CASE.saved dev_records vi0
# A repository of an earlier build kept the previous sources as CuAt
# objects (attribute _prefsrc, value "KEY SOURCE"): the next cfgif moves
# them into CuRoute, each with its route's message, and changes nothing.
h odmget -q "name=vi0" CuRoute | sed -n 's/^\troute = "\(.*\)"$/\1/p' >"$T_TMP/keys"
h odmget -q "name=vi0" CuRoute | sed -n 's/^\tprev = "\(.*\)"$/\1/p' | paste -d ' ' "$T_TMP/keys" - |
	while read -r k; do printf 'CuAt:\n\tname = "vi0"\n\tattribute = "_prefsrc"\n\tvalue = "%s"\n\trep = "s"\n\n' "$k"; done >"$T_TMP/legacy.add"
h odmdelete -o CuRoute -q "name=vi0" >/dev/null
h odmadd "$T_TMP/legacy.add"
t_cmp $T_CASE.legacy h cfgif
t_cmp $T_CASE.saved dev_records vi0
t_cmp $T_CASE.legacy-gone h odmget -q "attribute=_prefsrc" CuAt
t_cmp $T_CASE.rmdev h rmdev -l vi0
t_cmp $T_CASE.routes.rmdev dev_routes $H
# cfgif is the Configure method, as on AIX: a Defined VIPA becomes Available.
t_cmp $T_CASE.defined-dry h cfgif -n
t_cmp $T_CASE.last h cfgif
t_cmp $T_CASE.last-again h cfgif

# The kernel loses a VIPA link: it deletes every IPv4 route that had the
# VIPA's address as source.  cfgif brings the VIPA back and puts back each
# route it had a record of, from the kernel's message the record keeps,
# with the VIPA source, one line each (-n says it would); the routes are
# exactly as before, the records stay, and the next run has nothing to do.
t_cmp $T_CASE.lost-start h lsdev -l vi0
dev_routes $H >"$T_TMP/lost.before"
t_cmp $T_CASE.lost-routes.before cat "$T_TMP/lost.before"
dev_records vi0 >"$T_TMP/lost.records"
ip -n $H link del vi0
t_cmp $T_CASE.lost-routes.gone dev_routes $H
t_settle $H
t_state $H >"$T_TMP/before"
t_cmp $T_CASE.lost-dry h cfgif -n
t_state $H >"$T_TMP/after"
t_same "cfgif -n with lost routes changes nothing" "$T_TMP/before" "$T_TMP/after"
t_cmp $T_CASE.lost h cfgif
dev_routes $H >"$T_TMP/lost.after"
t_same "the routes lost with the link are back as they were" "$T_TMP/lost.before" "$T_TMP/lost.after"
dev_records vi0 >"$T_TMP/lost.records.after"
t_same "their records stay" "$T_TMP/lost.records" "$T_TMP/lost.records.after"
t_cmp $T_CASE.lost-again h cfgif
# Records of an earlier build hold no copy of their routes: the routes
# lost with the link are named on stderr (exit 6) and their records go;
# the next run has nothing to report.
h odmdelete -o CuRoute -q "name=vi0" >/dev/null
h odmadd "$T_TMP/legacy.add"
ip -n $H link del vi0
t_cmp $T_CASE.lost-legacy h cfgif
t_cmp $T_CASE.lost-routes dev_routes $H
t_cmp $T_CASE.lost-saved dev_records vi0
t_cmp $T_CASE.lost-legacy-again h cfgif
# restored by hand: the next cfgif gives it the VIPA source
ip -n $H route add 10.68.1.0/24 dev en1 proto kernel scope link src 10.68.1.1
ip -n $H route add default via 10.68.1.2 dev en1
t_cmp $T_CASE.lost-restored h cfgif
t_cmp $T_CASE.lost-restored-again h cfgif

# cfgif -n says exactly what cfgif then does, line by line in the same
# order (each real line in its "would" wording), and changes nothing:
# its later steps see what its earlier ones would have changed.
cat >"$T_TMP/would.sed" <<'END'
s/: address \(.*\) added$/: would add address \1/
s/: address \(.*\) removed$/: would remove address \1/
s/: route \(.*\): source removed (restored)$/: would restore route \1 without source/
s/: route \(.*\): source \([^ ]*\) (restored)$/: would restore route \1 source \2/
s/: route \(.*\): source \([^ ]*\)$/: would set route \1 source \2/
s/: link set \(up\|down\)$/: would set link \1/
s/: link created$/: would create link/
s/: link marked$/: would mark link/
s/: orphaned link removed$/: would remove orphaned link/
s/: link removed$/: would remove link/
END
dry_vs_real() {   # $1: case
	t_settle $H
	t_state $H >"$T_TMP/dr.before"
	t_cmp $T_CASE.$1-cfgif-n h cfgif -n
	cp "$T_TMP/out" "$T_TMP/dr.dry"
	t_state $H >"$T_TMP/dr.after"
	t_same "$1: cfgif -n changes nothing" "$T_TMP/dr.before" "$T_TMP/dr.after"
	t_cmp $T_CASE.$1-cfgif h cfgif
	sed -f "$T_TMP/would.sed" "$T_TMP/out" >"$T_TMP/dr.real"
	t_same "$1: cfgif -n says what cfgif does" "$T_TMP/dr.real" "$T_TMP/dr.dry"
	t_cmp $T_CASE.$1-again-n h cfgif -n
}
t_cmp $T_CASE.dr-rmdev h rmdev -l vi0 -d
t_cmp $T_CASE.dr-rmdev1 h rmdev -l vi1 -d
t_cmp $T_CASE.dr-mk h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en7
t_cmp $T_CASE.dr-mk-both h chdev -l vi0 -a netaddr6=2001:db8:6::1 -a prefixlen=64
t_cmp $T_CASE.dr-mk6 h mkinetvi6 -w vi1 -a netaddr6=2001:db8:7::1 -a prefixlen=64 -a interface_names=en5
t_settle $H
t_cmp $T_CASE.dr-routes dev_routes $H
# state=down, then up: a VIPA of both families, an IPv6 one, both at once
t_cmp $T_CASE.dr-down h chdev -l vi0 -a state=down -P
dry_vs_real dr-down
t_cmp $T_CASE.dr-down6 h chdev -l vi1 -a state=down -P
dry_vs_real dr-down6
t_cmp $T_CASE.dr-up h chdev -l vi0 -a state=up -P
t_cmp $T_CASE.dr-up6 h chdev -l vi1 -a state=up -P
dry_vs_real dr-up
t_cmp $T_CASE.dr-routes.up dev_routes $H
t_cmp $T_CASE.dr-down-both h chdev -l vi0 -a state=down -P
t_cmp $T_CASE.dr-down-both6 h chdev -l vi1 -a state=down -P
dry_vs_real dr-down-both
t_cmp $T_CASE.dr-up-both h chdev -l vi0 -a state=up -P
t_cmp $T_CASE.dr-up-both6 h chdev -l vi1 -a state=up -P
dry_vs_real dr-up-both
# a new prefix length
t_cmp $T_CASE.dr-plen h chdev -l vi0 -a prefixlen=80 -P
dry_vs_real dr-plen6
t_cmp $T_CASE.dr-netmask h chdev -l vi0 -a netmask=255.255.0.0 -P
dry_vs_real dr-netmask
# a new address
t_cmp $T_CASE.dr-netaddr h chdev -l vi0 -a netaddr=10.68.6.9 -P
dry_vs_real dr-netaddr
t_cmp $T_CASE.dr-netaddr6 h chdev -l vi0 -a netaddr6=2001:db8:6::9 -P
dry_vs_real dr-netaddr6
# an interface taken out of the list, and put back
t_cmp $T_CASE.dr-chvi-remove h chvi -l vi0 -i en1 -o remove -P
t_cmp $T_CASE.dr-chvi-remove6 h chvi -l vi1 -i en5 -o remove -P
dry_vs_real dr-remove
t_cmp $T_CASE.dr-chvi-add h chvi -l vi0 -i en1 -o add -P
t_cmp $T_CASE.dr-chvi-add6 h chvi -l vi1 -i en5 -o add -P
dry_vs_real dr-add
# a saved source the host lost meanwhile: the kernel would refuse it, so
# the route is given back without source, and -n says so
ip -n $H addr add 10.68.1.50/24 dev en1
ip -n $H route add 198.51.100.0/24 via 10.68.1.2 dev en1 src 10.68.1.50
t_cmp $T_CASE.dr-src-take h cfgif
ip -n $H addr del 10.68.1.50/24 dev en1
t_cmp $T_CASE.dr-src-down h chdev -l vi0 -a state=down -P
dry_vs_real dr-src-gone
t_cmp $T_CASE.dr-src-up h chdev -l vi0 -a state=up -P
dry_vs_real dr-src-up
ip -n $H route del 198.51.100.0/24
t_cmp $T_CASE.dr-routes.end dev_routes $H
t_done
