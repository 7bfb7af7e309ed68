#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgvi: a set of VIPAs applied at once.  Devices added, changed and (with
# -r) removed, every change a line of a diff, -n prints exactly those
# lines and changes nothing (exit 10), a second run prints nothing and
# exits 0; -p keeps what a stanza does not name; a set with any bad device
# is refused whole with one line per problem and nothing changes; a kernel
# that refuses a change half-way, or whose answers are lost (strace
# injects EIO at each netlink send in turn), leaves the database and the
# kernel as they were (exit 4), or names what differs (exit 8) and one
# cfgif makes them agree; no route is lost.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/apply
dev_sample_env sqlite3
cd "$T_TMP" || exit 99

# The database and the kernel; the links' MAC addresses and indexes
# change when a link is made again.
state() {
	t_state "$H" | sed 's|link/ether [0-9a-f:]*|link/ether MAC|' | sort
}
# What the VIPAs are: devices, attributes, addresses, routes.
view() {
	h lsdev -C -c if
	for d in $(h lsdev -C -c if -F name); do echo "-- $d"; h lsattr -El "$d"; done
	ip -n "$H" -o addr show | sed 's/^[0-9]*: //; s/\\.*//' | grep '^vi' | grep -v ' fe80:'
	dev_routes "$H"
}
# cfgif -n has nothing to do: kernel and database agree.
agree() { out=$(h cfgif -n 2>&1) && [ -z "$out" ]; }

cat >set1 <<'EOF'
* vi0 as AIX's sample, and an IPv6 VIPA on no interface
vi0:
	netaddr = 10.68.6.1
	netmask = 255.255.255.0
	alias4 = 10.68.8.1,255.255.255.255
	alias4 = 10.68.9.1,0xffffff00
	interface_names = en1,en5

# a value may be quoted
vi1:
	netaddr6 = "2001:db8:7::1"
	prefixlen = 128
EOF
# a Defined device the set names becomes Available
h mkinetvi6 -d -w vi3 -a netaddr6=2001:db8:3::1 -a prefixlen=64 >/dev/null
cat set1 - >set1b <<'EOF'
vi3:
	netaddr6 = 2001:db8:3::1
	prefixlen = 64
EOF
routes_before=$(dev_routes_nosrc "$H" | sort)

state >before
t_cmp $T_CASE.dry1 h cfgvi -n -f set1b
state >after
t_same "cfgvi -n changes nothing" before after
t_cmp $T_CASE.run1 h cfgvi -f set1b
t_cmp $T_CASE.view1 view
t_cmp $T_CASE.again1 h cfgvi -f set1b
t_cmp $T_CASE.again1-dry h cfgvi -n -f set1b
agree
t_ok $? "after cfgvi, cfgif -n has nothing to do"

# Changed: vi0's address, one alias kept, one new, an interface less; vi1
# removed (-r), vi2 new on the interface vi0 gives up; vi3 as it is.
cat >set2 <<'EOF'
vi3:
	netaddr6 = 2001:db8:3::1
	prefixlen = 64
vi0:
	netaddr = 10.68.6.2
	netmask = 255.255.255.0
	alias4 = 10.68.9.1,255.255.255.0
	alias4 = 10.68.10.1,255.255.255.255
	interface_names = en1
vi2:
	netaddr = 10.68.7.1
	netmask = 255.255.255.255
	netaddr6 = 2001:db8:6::1
	prefixlen = 64
	interface_names = en5
EOF
state >before
t_cmp $T_CASE.dry2 h cfgvi -n -r -f set2
sed '/^--- exit/d' "$T_TMP/out" >dry2.lines
# --json: the same changes as one document; it parses, and holds the lines
t_cmp $T_CASE.dry2-json h cfgvi -n -r -j -f set2
h cfgvi -n -r --json -f set2 >dry2.json
python3 -m json.tool dry2.json >/dev/null
t_ok $? "cfgvi -n --json parses"
python3 -c '
import json, sys
for c in json.load(open(sys.argv[1])):
    if c["change"] in ("defined", "removed") and ":" not in c["device"]:
        print(("+" if c["change"] == "defined" else "-") + c["device"])
    else:
        print(c["device"] + ": " + c["change"])
' dry2.json >dry2.from-json
t_same "cfgvi -n --json holds the lines of cfgvi -n" dry2.lines dry2.from-json
state >after
t_same "cfgvi -n -r changes nothing" before after
t_cmp $T_CASE.run2 h cfgvi -r -f set2
sed '/^--- exit/d' "$T_TMP/out" >run2.lines
# the dry run's lines are exactly the real run's
t_same "cfgvi -n -r printed what cfgvi -r then did" dry2.lines run2.lines
t_cmp $T_CASE.view2 view
t_cmp $T_CASE.again2 h cfgvi -r -f set2
agree
t_ok $? "after cfgvi -r, cfgif -n has nothing to do"

# -p from standard input: only what the stanza names changes; without -p
# the same stanza takes every other attribute back to its default (shown,
# not done).
t_cmp $T_CASE.partial sh -c 'printf "vi0:\n\tstate = down\n" | ip netns exec "$H" cfgvi -p -f -'
t_cmp $T_CASE.partial-view h lsattr -El vi0
t_cmp $T_CASE.whole-dry sh -c 'printf "vi0:\n\tstate = up\n" | ip netns exec "$H" cfgvi -n -f -'
t_cmp $T_CASE.partial-up sh -c 'printf "vi0:\n\tstate = up\n" | ip netns exec "$H" cfgvi -p -f -'
agree
t_ok $? "after cfgvi -p, cfgif -n has nothing to do"

# A device the set leaves as it is, but whose link went: its kernel
# lines, as cfgif's.
ip -n "$H" link del vi3
t_cmp $T_CASE.repair-dry h cfgvi -f set2 -n
t_cmp $T_CASE.repair h cfgvi -f set2
t_cmp $T_CASE.repair-again h cfgvi -f set2

# One bad device (or several) refuses the whole set: every problem, one
# line each in the file's order, exit 2, nothing changed.
cat >bad <<'EOF'
vi0:
	netaddr = 10.68.6.2
	netmask = 255.255.255.0
	alias4 = 10.68.9.1,255.255.255.0
	alias4 = 10.68.10.1,255.255.255.255
	interface_names = en1
vi2:
	netaddr = 10.68.7.1
	netmask = 255.255.255.255
	interface_names = en5
vi4:
	netaddr = 10.68.6.2
	netmask = 255.255.255.0
	interface_names = en5
vi5:
	netaddr = 10.68.11.1
	netmask = 255.0.255.0
	color = blue
vi6:
	netaddr = 10.68.1.1
	netmask = 255.255.255.255
en7:
	netaddr = 10.68.12.1
	netmask = 255.255.255.255
vi7:
	netaddr6 = 2001:db8:8::1
vi8:
	netaddr = 10.68.13.1
	netmask = 255.255.255.255
	interface_names = en1,vi2
EOF
state >before
t_cmp $T_CASE.bad h cfgvi -r -f bad
# a refused set prints no document
t_cmp $T_CASE.bad-json h cfgvi -r -j -f bad
state >after
t_same "a refused set changes nothing" before after
# only one bad device among good ones
sed -n '1,10p' bad >bad1
cat >>bad1 <<'EOF'
vi3:
	netaddr6 = 2001:db8:3::1
	prefixlen = 64
vi4:
	netaddr = 10.68.14.1
	netmask = 255.255.255.255
	state = sideways
vi9:
	netaddr = 10.68.15.1
	netmask = 255.255.255.255
EOF
t_cmp $T_CASE.bad1 h cfgvi -f bad1
state >after
t_same "one bad device in a set of five changes nothing" before after
# what the stanza text itself gets wrong
cat >syntax <<'EOF'
vi0:
	netaddr 10.68.6.2
	= 10.68.6.3
  vi4:
vi4 :
	netmask = 255.255.255.0
vi0:
EOF
printf '\tnetaddr = 10.68.6.9\n' >before-stanza
t_cmp $T_CASE.syntax h cfgvi -f syntax
t_cmp $T_CASE.before-stanza h cfgvi -f before-stanza
t_cmp $T_CASE.nofile h cfgvi -f nosuchfile
state >after
t_same "a set that does not parse changes nothing" before after

# The kernel refuses a change half-way (IPv6 is off on new links, and vi5
# comes after vi6 is removed, vi0 changed and vi4 made): everything done
# is undone, exit 4.  (vi6 has IPv4 only: put back, its link is new too.)
cat set2 - >set3 <<'EOF'
vi6:
	netaddr = 10.68.16.1
	netmask = 255.255.255.255
EOF
h cfgvi -f set3 >/dev/null
sed -n '1,3p; /^vi2:/,$p' set2 >refused
cat >>refused <<'EOF'
vi0:
	netaddr = 10.68.6.3
	netmask = 255.255.255.0
	alias4 = 10.68.9.1,255.255.255.0
vi4:
	netaddr = 10.68.14.1
	netmask = 255.255.255.255
vi5:
	netaddr6 = 2001:db8:15::1
	prefixlen = 128
EOF
h sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6'
t_settle "$H"
state >before
dev_routes "$H" >routes.before
t_cmp $T_CASE.refused h cfgvi -r -f refused
# vi6's link was made again while new links get no IPv6 (and so no
# ff00::/8 route): IPv6 on again, as the old link had it
h sh -c 'echo 0 >/proc/sys/net/ipv6/conf/default/disable_ipv6; echo 0 >/proc/sys/net/ipv6/conf/vi6/disable_ipv6'
t_settle "$H"
state >after
t_same "refused by the kernel: database and kernel as before" before after
dev_routes "$H" >routes.after
t_same "refused by the kernel: every route as before, sources too" routes.before routes.after

# Lost answers: EIO at the Nth netlink send of a run of the same set, N
# from 1 until the run no longer reaches it.  Each run ends done (exit 0,
# cfgif agrees), undone (exit 4, state as before) or differs (exit 8, one
# cfgif makes them agree); then the database goes back for the next N.
if strace -qq -o /dev/null -e inject=getpid:error=EIO:when=1 true 2>/dev/null; then
	# LeakSanitizer cannot run under ptrace
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
	h cfgvi -r -f set3 >/dev/null
	n=0 bad=0 done_=0 undone=0 differs=0 end=0
	while [ $n -lt 60 ]; do
		n=$((n + 1))
		state >before
		h strace -qq -o st -e trace=sendto -e inject=sendto:error=EIO:when=$n \
			cfgvi -r -f refused >out 2>err
		rc=$?
		if ! grep -q INJECTED st; then
			[ $rc -eq 0 ] && agree || { bad=$((bad + 1)); t_diag <err; }
			end=1
			break
		fi
		case $rc in
		0) if agree; then done_=$((done_ + 1)); else bad=$((bad + 1)); echo "# #$n: exit 0, not applied"; fi ;;
		4) state >after
		   if cmp -s before after; then undone=$((undone + 1)); else
			bad=$((bad + 1)); echo "# #$n: exit 4, state differs"; diff before after | t_diag; fi ;;
		8) if grep -q 'not undone, the kernel differs from the database: .* (run cfgif)' err &&
			h cfgif >/dev/null 2>&1 && agree; then differs=$((differs + 1)); else
			bad=$((bad + 1)); echo "# #$n: exit 8, cfgif does not make them agree"; fi ;;
		*) bad=$((bad + 1)); echo "# #$n: exit $rc"; t_diag <err ;;
		esac
		# back to set3 for the next run
		h cfgvi -r -f set3 >/dev/null 2>err.back || {
			bad=$((bad + 1)); echo "# #$n: set3 again failed"; t_diag <err.back; }
	done
	echo "# EIO at sendto 1..$n: $done_ done, $undone undone, $differs named (exit 8), $bad wrong"
	t_ok $((bad != 0 || undone == 0)) "lost answers: every run done, undone or named ($n sends)"
	t_ok $((!end)) "the runs stopped reaching a send before 60"
else
	echo "# strace cannot inject faults here: lost answers not tried"
fi

# -r alone takes every VIPA away, every route as it was before the first
# set; a device whose name no VIPA can have (put in with odmadd) is left
# alone with a warning.
printf 'CuDv:\n\tname = "vi-x"\n\tstatus = 0\n\tPdDvLn = "if/VI/vi"\n' | odmadd -
t_cmp $T_CASE.empty h cfgvi -r -f /dev/null
odmdelete -o CuDv -q name=vi-x >/dev/null
t_cmp $T_CASE.empty-view view
t_settle "$H"
routes_after=$(dev_routes_nosrc "$H" | sort)
[ "$routes_before" = "$routes_after" ]
t_ok $? "after the VIPAs are removed, the routes are those before the first set"
t_done
