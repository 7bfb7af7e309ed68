#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# How many addresses a VIPA may hold: alias4 and alias6 each hold at most
# their PdAt width (64) values.  Exactly that many reach the kernel whole;
# one more, 150 or 200, through chdev, mkinetvi -d or objects put in with
# odmadd, is refused with one line naming the device, the attribute and
# the count, exit 2, and nothing changes: the database and the kernel's
# links, addresses and routes are the same before and after; so is a
# 65th alias added to a device that holds 64.  cfgvi
# refuses a set that would leave more the same way.  A value longer than
# a CuAt object holds is refused too, never cut.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/limits
dev_sample_env sqlite3

# "-a alias4=10.100.K.1,255.255.255.0" for K from 1 to $1
alias4_args() {
	k=1
	while [ $k -le "$1" ]; do
		printf ' -a alias4=10.%d.%d.1,255.255.255.0' $((100 + k / 200)) $((k % 200))
		k=$((k + 1))
	done
}
# "-a alias6=2001:db8:a:K::1/64" for K from 1 to $1
alias6_args() {
	k=1
	while [ $k -le "$1" ]; do
		printf ' -a alias6=2001:db8:a:%x::1/64' $k
		k=$((k + 1))
	done
}
# with4 N CMD ARGS...: CMD ARGS followed by N alias4 values (with6: alias6)
with4() { n4=$1; shift; "$@" $(alias4_args $n4); }
with6() { n6=$1; shift; "$@" $(alias6_args $n6); }
# A stanza of device $1 with $2 alias4 and $3 alias6 values, then the
# lines of standard input, for cfgvi
stanza() {
	echo "$1:"
	for a in $(alias4_args "$2") $(alias6_args "$3"); do
		case $a in
		alias*=*) printf '\t%s = %s\n' "${a%%=*}" "${a#*=}" ;;
		esac
	done
	sed 's/^/\t/'
}
# cfgvi ARGS... with the set on standard input
cfgvi_in() { ip netns exec "$H" cfgvi "$@" -f -; }
# longifs PREFIX CMD ARGS...: CMD ARGS PREFIX followed by 51 interface
# names, 356 characters
longifs() {
	p=$1; shift
	"$@" "$p$(k=100; while [ $k -lt 150 ]; do printf 'eth%d,' $k; k=$((k + 1)); done)eth150"
}
# The addresses of link $1 in the kernel, sorted.
kernel_addrs() {
	ip -n "$H" -o addr show dev "$1" scope global | awk '{print $4}' | sort
}

t_cmp $T_CASE.define h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1
t_cmp $T_CASE.define6 h mkinetvi6 -w vi1 -a netaddr6=2001:db8:6::1 -a prefixlen=64 \
	-a interface_names=en5 -a state=down
t_state $H >"$T_TMP/before"

refused() {   # refused NAME CMD ARGS...: one line, exit 2, nothing changed
	name=$1; shift
	t_cmp "$T_CASE.$name" "$@"
	t_state $H >"$T_TMP/after"
	t_same "$name: nothing changed" "$T_TMP/before" "$T_TMP/after"
}
refused chdev-150     with4 150 h chdev -l vi0
refused chdev-65      with4 65 h chdev -l vi0
refused mkinetvi-200  with4 200 h mkinetvi -d -a netaddr=10.68.7.1 -a netmask=255.255.255.0
refused mkinetvi6-65  with6 65 h mkinetvi6 -a netaddr6=2001:db8:7::1 -a prefixlen=64
refused chdev6-150    with6 150 h chdev -l vi1
refused value-long    longifs interface_names= h chdev -l vi0 -a
refused chvi-long     longifs "" h chvi -l vi0 -o add -i

# Exactly the limit: 64 alias4 and 64 alias6 on one VIPA, 130 addresses
# in all, each in the kernel.
t_cmp $T_CASE.chdev-64 with4 64 with6 64 h chdev -l vi0 -a netaddr6=2001:db8:9::1 -a prefixlen=64
kernel_addrs vi0 >"$T_TMP/kernel"
{
	echo 10.68.6.1/24
	echo 2001:db8:9::1/64
	for a in $(alias4_args 64) $(alias6_args 64); do
		case $a in
		alias4=*) a=${a#alias4=}; echo "${a%,*}/24" ;;
		alias6=*) echo "${a#alias6=}" ;;
		esac
	done
} | sort >"$T_TMP/wanted"
t_same "the 130 addresses are in the kernel" "$T_TMP/wanted" "$T_TMP/kernel"
t_ok $(($(wc -l <"$T_TMP/kernel") != 130)) "130 addresses on vi0"
t_cmp $T_CASE.count h sh -c 'lsattr -El vi0 -a alias4 -F value | wc -l; lsattr -El vi0 -a alias6 -F value | wc -l'

# cfgvi applies the same limits: a set that would give vi0 65 alias4 or
# a new vi2 150 alias6, or a value too long, is refused whole.
t_state $H >"$T_TMP/before"
stanza vi0 65 0 </dev/null >"$T_TMP/set-65"
printf 'netaddr6 = 2001:db8:8::1\nprefixlen = 64\n' | stanza vi2 0 150 >"$T_TMP/set-150"
longifs "interface_names = " echo | stanza vi0 0 0 >"$T_TMP/set-long"
refused cfgvi-65      cfgvi_in -p <"$T_TMP/set-65"
refused cfgvi6-150    cfgvi_in -p <"$T_TMP/set-150"
refused cfgvi-long    cfgvi_in -p <"$T_TMP/set-long"
# exactly the limit is taken: the set vi0 already is has nothing to do
stanza vi0 64 64 </dev/null >"$T_TMP/set-64"
t_cmp $T_CASE.cfgvi-64 cfgvi_in -p -n <"$T_TMP/set-64"

# alias4 adds one to what a device holds: a 65th is refused, nothing changed
t_state $H >"$T_TMP/before"
refused chdev-65th    h chdev -l vi0 -a alias4=10.99.1.1,255.255.255.0
refused chdev6-65th   h chdev -l vi0 -a alias6=2001:db8:99::1/64
t_cmp $T_CASE.chdev-del-add h chdev -l vi0 -a delalias4=10.100.1.1,255.255.255.0 \
	-a alias4=10.99.1.1,255.255.255.0
t_cmp $T_CASE.count-del-add h sh -c 'lsattr -El vi0 -a alias4 -F value | wc -l'

# 200 alias4 objects put in with odmadd: vi1 may not be brought up with
# them, and nothing changes.
k=1
while [ $k -le 200 ]; do
	printf 'CuAt:\n\tname = "vi1"\n\tattribute = "alias4"\n\tvalue = "10.%d.%d.1,255.255.255.0"\n\ttype = "alias4"\n\tgeneric = "DU"\n\trep = "s"\n\tnls_index = 8\n\n' \
		$((120 + k / 200)) $((k % 200))
	k=$((k + 1))
done >"$T_TMP/200.add"
t_cmp $T_CASE.odmadd h odmadd "$T_TMP/200.add"
t_state $H >"$T_TMP/before"
refused odmadd-state-up h chdev -l vi1 -a state=up
refused cfgvi-odmadd  sh -c 'printf "vi1:\n\tstate = up\n" | ip netns exec "$H" cfgvi -p -f -'
t_done
