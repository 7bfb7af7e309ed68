#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input: one line naming the command, device, attribute, value and
# reason, a non-zero exit, and nothing changed: the database and the
# kernel's links, addresses and routes are the same before and after.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/badinput
dev_sample_env sqlite3
h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1 >/dev/null
h mkinetvi6 -w vi1 -a netaddr6=2001:db8:6::1 -a prefixlen=64 -a interface_names=en5 >/dev/null
h mkdev -c if -s VI -t vi -w vi2 -a netaddr=10.68.7.1 -a netmask=255.255.255.0 -d >/dev/null
# a link named like a VIPA that is not one
ip -n $H link add vi8 type veth peer name vi8p
t_settle $H
t_state $H >"$T_TMP/before"

n=0
bad() {   # bad NAME CMD ARGS...: refused, and nothing changed
	n=$((n + 1))
	name=$1; shift
	t_cmp "$T_CASE.$name" h "$@"
	t_state $H >"$T_TMP/after"
	t_same "$name: nothing changed" "$T_TMP/before" "$T_TMP/after"
}
NL='
'
bad addr-invalid       mkinetvi -a netaddr=10.68.9.256 -a netmask=255.255.255.0
bad addr-text          mkinetvi -a netaddr=vipa -a netmask=255.255.255.0
bad addr-multicast     mkinetvi -a netaddr=224.0.0.5 -a netmask=255.255.255.0
bad addr-zero          mkinetvi -a netaddr=0.0.0.0 -a netmask=255.255.255.0
bad addr-loopback      mkinetvi -a netaddr=127.0.0.2 -a netmask=255.255.255.0
bad addr-local         mkinetvi -a netaddr=10.68.1.1 -a netmask=255.255.255.0
bad addr-local-chdev   chdev -l vi0 -a netaddr=10.68.5.1
bad addr-other-vipa    mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0
bad addr-defined-vipa  chdev -l vi0 -a netaddr=10.68.7.1
bad addr-twice         chdev -l vi0 -a alias4=10.68.6.1,255.255.255.255
bad mask-noncontig     mkinetvi -a netaddr=10.68.9.1 -a netmask=255.0.255.0
bad mask-zero          mkinetvi -a netaddr=10.68.9.1 -a netmask=0.0.0.0
bad mask-hex-bad       mkinetvi -a netaddr=10.68.9.1 -a netmask=0xffff00ff
# 0x and exactly 8 hexadecimal digits: no sign, no blank, nothing more
bad mask-hex-sign      mkinetvi -a netaddr=10.68.9.1 -a netmask=0x-0000100
bad mask-hex-short     mkinetvi -a netaddr=10.68.9.1 -a netmask=0xffffff0
bad mask-hex-digit     chdev -l vi0 -a netmask=0xffffff0g
bad alias4-hex-sign    chdev -l vi0 -a alias4=10.68.8.1,0x-0000100
bad mask-missing       mkinetvi -a netaddr=10.68.9.1
bad mask-missing-mkdev mkdev -c if -s VI -t vi -a netaddr=10.68.9.1
bad noaddr-mkdev       mkdev -c if -s VI -t vi
bad noaddr-mkdev-d     mkdev -c if -s VI -t vi -d -a interface_names=en5
bad netaddr-empty      chdev -l vi0 -a netaddr=
bad netmask-empty      chdev -l vi0 -a netmask=
bad netaddr-both-empty chdev -l vi0 -a netaddr= -a netmask=
bad netaddr6-alone     chdev -l vi0 -a netaddr6=2001:db8:9::1
bad prefixlen-empty    chdev -l vi1 -P -a prefixlen=
bad alias4-form        chdev -l vi0 -a alias4=10.68.8.1
bad alias4-mask        chdev -l vi0 -a alias4=10.68.8.1,255.255.0.255
bad addr6-invalid      mkinetvi6 -a netaddr6=2001:db8::g -a prefixlen=64
bad addr6-linklocal    mkinetvi6 -a netaddr6=fe80::1 -a prefixlen=64
bad addr6-local        chdev -l vi1 -a netaddr6=2001:db8:1::1
# ::a.b.c.d, IPv4-compatible: deprecated (RFC 4291), as ::ffff:a.b.c.d is refused
bad addr6-compat       mkinetvi6 -a netaddr6=::10.1.1.1 -a prefixlen=64
bad addr6-compat-chdev chdev -l vi1 -a netaddr6=::10.1.1.1
bad alias6-compat      chdev -l vi1 -a alias6=::10.68.9.1/64
bad prefixlen-high     mkinetvi6 -a netaddr6=2001:db8:9::1 -a prefixlen=129
# a prefix length of 0 has no network bits, as an IPv4 netmask 0.0.0.0
bad prefixlen-zero     mkinetvi6 -a netaddr6=2001:db8:9::1 -a prefixlen=0
bad prefixlen-zero-ch  chdev -l vi1 -a prefixlen=0
bad alias6-plen-zero   chdev -l vi1 -a alias6=2001:db8:9::1/0
# cfgvi takes values by the same rules
bad cfgvi-netmask-empty  sh -c 'printf "vi0:\n\tnetmask = \"\"\n" | cfgvi -p -f -'
bad cfgvi-noaddr         sh -c 'printf "vi0:\n\tinterface_names = en1\n" | cfgvi -f -'
bad cfgvi-delalias4      sh -c 'printf "vi0:\n\tdelalias4 = 10.68.8.1,255.255.255.0\n" | cfgvi -p -f -'
bad cfgvi-mask-hex-sign  sh -c 'printf "vi0:\n\tnetmask = 0x-0000100\n" | cfgvi -p -f -'
bad cfgvi-addr6-compat   sh -c 'printf "vi1:\n\tnetaddr6 = ::10.1.1.1\n" | cfgvi -p -f -'
bad cfgvi-prefixlen-zero sh -c 'printf "vi1:\n\tprefixlen = 0\n" | cfgvi -p -f -'
bad cfgvi-alias6-plen-zero sh -c 'printf "vi1:\n\talias6 = 2001:db8:9::1/0\n" | cfgvi -p -f -'
bad prefixlen-text     chdev -l vi1 -a prefixlen=sixty
bad alias6-plen        chdev -l vi1 -a alias6=2001:db8:9::1/200
bad state-value        chdev -l vi0 -a state=sideways
bad unknown-attr       chdev -l vi0 -a mtu=1500
bad unknown-attr-mk    mkinetvi -a netaddr=10.68.9.1 -a netmask=255.255.255.0 -a color=red
bad not-assignment     chdev -l vi0 -a state
bad unknown-device     chdev -l vi9 -a state=down
bad unknown-device-rm  rmdev -l vi9
bad unknown-device-chvi chvi -l vi9 -i en1 -o add
bad unknown-device-cfg cfgif -l vi9
bad device-name-long   mkinetvi -w vipa-name-too-long -a netaddr=10.68.9.1 -a netmask=255.255.255.0
bad device-name-slash  mkinetvi -w vi/9 -a netaddr=10.68.9.1 -a netmask=255.255.255.0
bad device-name-colon  mkinetvi -w vi:9 -a netaddr=10.68.9.1 -a netmask=255.255.255.0
bad device-name-space  mkinetvi -w "vi 9" -a netaddr=10.68.9.1 -a netmask=255.255.255.0
bad device-dup         mkinetvi -w vi0 -a netaddr=10.68.9.1 -a netmask=255.255.255.0
bad device-is-link     mkinetvi -w vi8 -a netaddr=10.68.9.1 -a netmask=255.255.255.0
# a VIPA is named vi followed by an instance number, as AIX names devices
bad device-name-prefix mkinetvi -w en9 -a netaddr=10.68.9.1 -a netmask=255.255.255.0
bad device-name-iflink mkinetvi -w en5 -a netaddr=10.68.9.1 -a netmask=255.255.255.0
bad device-name-noinst mkdev -c if -s VI -t vi -w vi -a netaddr=10.68.9.1 -d
bad device-name-zero   mkinetvi6 -w vi01 -a netaddr6=2001:db8:9::1 -a prefixlen=64
bad device-name-suffix mkinetvi -w vi9x -a netaddr=10.68.9.1 -a netmask=255.255.255.0 -d
bad if-long            chdev -l vi0 -a interface_names=en1,abcdefghijklmnop
bad if-slash           chdev -l vi0 -a interface_names=en1/x
bad if-colon           chdev -l vi0 -a interface_names=en1:1
bad if-empty           chdev -l vi0 -a interface_names=en1,,en5
bad if-dup             chdev -l vi0 -a interface_names=en1,en1
bad if-claimed         chdev -l vi2 -a interface_names=en5,en1
bad if-claimed-chvi    chvi -l vi2 -i en1 -o add
bad if-claimed-chvi2   chvi -l vi2 -i en7,en1 -o add
bad if-claimed-mk      mkinetvi -a netaddr=10.68.9.1 -a netmask=255.255.255.0 -a interface_names=en1
bad if-claimed-mk6     mkinetvi6 -a netaddr6=2001:db8:9::1 -a prefixlen=64 -a interface_names=en5
bad if-is-vipa         chvi -l vi0 -i vi2 -o add
bad chvi-add-present   chvi -l vi0 -i en1 -o add
bad chvi-remove-absent chvi -l vi0 -i en5 -o remove
bad quote-single       chdev -l vi0 -a "netaddr='10.68.6.9'"
bad quote-double       chdev -l vi0 -a 'netaddr="10.68.6.9"'
bad backquote          chdev -l vi0 -a 'interface_names=`reboot`'
bad dollar             chdev -l vi0 -a 'interface_names=$(reboot)'
bad semicolon          chdev -l vi0 -a 'interface_names=en1;reboot'
bad pipe               chdev -l vi0 -a 'interface_names=en1|cat'
bad newline            chdev -l vi0 -a "netaddr=10.68.6.9${NL}state=down"
bad newline-ifs        chvi -l vi0 -i "en7${NL}en8" -o add
bad tab                chdev -l vi0 -a "state=up	x"
bad space-in-one       chdev -l vi0 -a "netaddr=10.68.6.9 state"
bad second-value       chdev -l vi0 -a state=down -a state=up
bad already-defined    rmdev -l vi2
bad already-available  mkdev -l vi0
bad unknown-type       mkdev -c if -s VI -t xx -a netaddr=10.68.9.1
t_done
