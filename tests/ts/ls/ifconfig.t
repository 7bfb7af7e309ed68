#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ifconfig-vi: the kernel's view of each VIPA (flags, inet, inet6, iflist),
# a VIPA the kernel lost, up and down, errors, and reading as any user.
# Everything happens in a network namespace of the test's own.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
t_init ls/ifconfig
t_need_root
t_need_cmd setpriv
t_odmdir
ls_datadir
NS=$(t_netns vi) || t_skip_all "cannot create a network namespace"

# vi_link NAME: the link of a VIPA as the device layer makes it (ifb, since
# kernels without the dummy driver exist; no link-local address).
vi_link() {
	ip -n "$NS" link add "$1" type ifb &&
		ip -n "$NS" link set "$1" addrgenmode none &&
		ip -n "$NS" link set "$1" alias "vipa:$1"
}
kernel_dump() {
	{ ip -n "$NS" -o link show; ip -n "$NS" -o addr show; } |
		sed 's/^[0-9]*: //; s/valid_lft.*//'
}

# vi0: the AIX sample, up.
ls_sample
vi_link vi0
ip -n "$NS" addr add 10.68.6.1/24 dev vi0 noprefixroute
ip -n "$NS" link set vi0 up
ls_wait_running "$NS" vi0
t_ok $? "vi0 comes up RUNNING"
# vi1: Defined, no link (normal).
ls_vipa vi1 0 netaddr=10.68.9.1 netmask=255.255.255.0
# vi2: Available, down, IPv4 and IPv6, no interfaces.
ls_vipa vi2 1 netaddr=10.68.7.1 netmask=255.255.255.255 netaddr6=2001:db8:7::1 prefixlen=64
vi_link vi2
ip -n "$NS" addr add 10.68.7.1/32 dev vi2 noprefixroute
ip -n "$NS" addr add 2001:db8:7::1/64 dev vi2 nodad noprefixroute
# vi3: Available in the database, but the kernel lost it.
ls_vipa vi3 1 netaddr=10.68.8.1 netmask=255.255.255.0 interface_names=en2
# vi10: IPv6 only, two addresses, one interface (not vi0's); up.
ls_vipa vi10 1 netaddr6=2001:db8:10::1 prefixlen=64 alias6=2001:db8:11::1/48 interface_names=en6
vi_link vi10
ip -n "$NS" addr add 2001:db8:10::1/64 dev vi10 nodad noprefixroute
ip -n "$NS" addr add 2001:db8:11::1/48 dev vi10 nodad noprefixroute
ip -n "$NS" link set vi10 up
ls_wait_running "$NS" vi10
# vi4: Defined, but the kernel has a link of that name: shown as it is.
ls_vipa vi4 0 netaddr=10.68.4.1 netmask=255.255.0.0
vi_link vi4
ip -n "$NS" addr add 10.68.4.1/16 dev vi4 noprefixroute
# vi5: Available but detached: no link by design, not listed with -a.
ls_vipa vi5 1 netaddr=10.68.55.1 netmask=255.255.255.0 state=detach
# en1: a device that is no VIPA.
ls_dev en1 1 if/EN/en
vi_link en1

t_cmp ifconfig-vi0 t_in "$NS" ifconfig-vi vi0
t_cmp ifconfig-vi2 t_in "$NS" ifconfig-vi vi2
t_cmp ifconfig-vi10 t_in "$NS" ifconfig-vi vi10
t_cmp ifconfig-vi4 t_in "$NS" ifconfig-vi vi4
t_cmp ifconfig-vi5-detached t_in "$NS" ifconfig-vi vi5
t_cmp ifconfig-all t_in "$NS" ifconfig-vi -a
t_cmp ifconfig-none t_in "$NS" ifconfig-vi
t_cmp ifconfig-lost t_in "$NS" ifconfig-vi vi3
t_cmp ifconfig-defined t_in "$NS" ifconfig-vi vi1

# up and down change the kernel link only.
odmget CuDv CuAt >"$T_TMP/db.before"
t_cmp ifconfig-down t_in "$NS" ifconfig-vi vi0 down
t_cmp ifconfig-vi0-down t_in "$NS" ifconfig-vi vi0
ip -n "$NS" -o link show vi0 | grep -q '[<,]UP[,>]'
t_ok $((! $?)) "vi0 is down in the kernel"
t_cmp ifconfig-up t_in "$NS" ifconfig-vi vi0 up
ls_wait_running "$NS" vi0
t_ok $? "vi0 is RUNNING again"
t_cmp ifconfig-vi0-up t_in "$NS" ifconfig-vi vi0
t_cmp ifconfig-lsattr-state lsattr -El vi0 -a state
odmget CuDv CuAt >"$T_TMP/db.after"
t_same "up and down leave the database alone" "$T_TMP/db.before" "$T_TMP/db.after"

# Errors: nothing changes in the kernel or the database.
kernel_dump >"$T_TMP/k.before"
t_cmp ifconfig-err-nodev t_in "$NS" ifconfig-vi vi9
t_cmp ifconfig-err-notvipa t_in "$NS" ifconfig-vi en1
t_cmp ifconfig-err-notvipa-down t_in "$NS" ifconfig-vi en1 down
t_cmp ifconfig-err-lost-up t_in "$NS" ifconfig-vi vi3 up
t_cmp ifconfig-err-defined-down t_in "$NS" ifconfig-vi vi1 down
t_cmp ifconfig-err-detached-up t_in "$NS" ifconfig-vi vi5 up
t_cmp ifconfig-err-a-name t_in "$NS" ifconfig-vi -a vi0
t_cmp ifconfig-err-a-up t_in "$NS" ifconfig-vi -a up
t_cmp ifconfig-err-action t_in "$NS" ifconfig-vi vi0 sideways
t_cmp ifconfig-err-extra t_in "$NS" ifconfig-vi vi0 up now
t_cmp ifconfig-err-option t_in "$NS" ifconfig-vi -u
kernel_dump >"$T_TMP/k.after"
t_same "errors leave the kernel alone" "$T_TMP/k.before" "$T_TMP/k.after"
odmget CuDv CuAt >"$T_TMP/db.after"
t_same "errors leave the database alone" "$T_TMP/db.before" "$T_TMP/db.after"

# Any user reads; only a privileged one sets links up or down.
chmod 755 "$T_TMP" "$T_TMP/data" "$T_TMP/data/odm" "$ODMDIR"
chmod -R a+r "$ODMDIR" "$T_TMP/data"
as_nobody() { t_in "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
t_cmp ifconfig-vi0-up as_nobody ifconfig-vi vi0
t_cmp ifconfig-all as_nobody ifconfig-vi -a
# The repository's path is the test's own: shown as $ODMDIR.
as_nobody_masked() {
	as_nobody "$@" 2>"$T_TMP/nobody.err"
	set -- $?
	sed "s|$ODMDIR|\$ODMDIR|g" "$T_TMP/nobody.err" >&2
	return "$1"
}
t_cmp ifconfig-nobody-down as_nobody_masked ifconfig-vi vi0 down
t_cmp lsattr-El-sample as_nobody lsattr -El vi0
t_cmp lsdev-nobody as_nobody lsdev -Cc if
kernel_dump >"$T_TMP/k.after"
t_same "an unprivileged user changes nothing" "$T_TMP/k.before" "$T_TMP/k.after"

# alias, delete and detach change the kernel only, in AIX's words.
t_cmp ifconfig-alias t_in "$NS" ifconfig-vi vi0 inet 10.68.6.9 netmask 255.255.255.0 alias
t_cmp ifconfig-alias-hex t_in "$NS" ifconfig-vi vi0 alias 10.68.16.1 netmask 0xffff0000
t_cmp ifconfig-alias-host t_in "$NS" ifconfig-vi vi0 10.68.6.11 alias
t_cmp ifconfig-alias6 t_in "$NS" ifconfig-vi vi0 inet6 2001:db8:6::9 prefixlen 64 alias
t_cmp ifconfig-alias6-cidr t_in "$NS" ifconfig-vi vi0 inet6 2001:db8:6::a/80 alias
t_cmp ifconfig-vi0-aliases t_in "$NS" ifconfig-vi vi0
t_cmp ifconfig-delete t_in "$NS" ifconfig-vi vi0 inet 10.68.6.9 delete
t_cmp ifconfig-delete-any-length t_in "$NS" ifconfig-vi vi0 10.68.16.1/24 delete
t_cmp ifconfig-delete6 t_in "$NS" ifconfig-vi vi0 delete 2001:db8:6::a
t_cmp ifconfig-vi0-deleted t_in "$NS" ifconfig-vi vi0
t_cmp ifconfig-json-vi0 t_in "$NS" ifconfig-vi vi0 -j
# ... and their errors change nothing.
kernel_dump >"$T_TMP/k.before"
t_cmp ifconfig-err-alias-held t_in "$NS" ifconfig-vi vi0 10.68.6.1 alias
t_cmp ifconfig-err-delete-none t_in "$NS" ifconfig-vi vi0 10.68.99.1 delete
t_cmp ifconfig-err-alias-bad t_in "$NS" ifconfig-vi vi0 10.68.6.300 alias
t_cmp ifconfig-err-alias-mask t_in "$NS" ifconfig-vi vi0 10.68.6.12 netmask 255.0.255.0 alias
t_cmp ifconfig-err-alias-plen t_in "$NS" ifconfig-vi vi0 10.68.6.12/33 alias
t_cmp ifconfig-err-alias-both t_in "$NS" ifconfig-vi vi0 10.68.6.12/24 netmask 255.255.255.0 alias
t_cmp ifconfig-err-alias-family t_in "$NS" ifconfig-vi vi0 inet 2001:db8::1 alias
t_cmp ifconfig-err-alias6-netmask t_in "$NS" ifconfig-vi vi0 inet6 2001:db8::1 netmask 64 alias
t_cmp ifconfig-err-alias-noaddr t_in "$NS" ifconfig-vi vi0 alias
t_cmp ifconfig-err-alias-delete t_in "$NS" ifconfig-vi vi0 10.68.6.12 alias delete
t_cmp ifconfig-err-delete-mask t_in "$NS" ifconfig-vi vi0 10.68.6.11 netmask 255.255.255.0 delete
t_cmp ifconfig-err-addr-only t_in "$NS" ifconfig-vi vi0 10.68.6.12
t_cmp ifconfig-err-alias-lost t_in "$NS" ifconfig-vi vi3 10.68.8.9 alias
t_cmp ifconfig-err-alias-defined t_in "$NS" ifconfig-vi vi1 10.68.9.9 alias
t_cmp ifconfig-err-alias-notvipa t_in "$NS" ifconfig-vi en1 10.68.1.9 alias
t_cmp ifconfig-err-detach-lost t_in "$NS" ifconfig-vi vi3 detach
t_cmp ifconfig-err-json-action t_in "$NS" ifconfig-vi -j vi0 down
kernel_dump >"$T_TMP/k.after"
t_same "alias and delete errors leave the kernel alone" "$T_TMP/k.before" "$T_TMP/k.after"
t_cmp ifconfig-detach t_in "$NS" ifconfig-vi vi2 detach
ip -n "$NS" link show vi2 >/dev/null 2>&1
t_ok $((! $?)) "vi2 has no link after detach"
t_cmp ifconfig-vi2-detached t_in "$NS" ifconfig-vi vi2
odmget CuDv CuAt >"$T_TMP/db.after"
t_same "alias, delete and detach leave the database alone" "$T_TMP/db.before" "$T_TMP/db.after"

# --json: one document, the words of the text as keys; a lost VIPA is
# still reported on standard error.
t_cmp ifconfig-json t_in "$NS" ifconfig-vi --json
t_cmp ifconfig-json-vi10 t_in "$NS" ifconfig-vi -j vi10
t_cmp ifconfig-json-lost t_in "$NS" ifconfig-vi vi3 -j
t_in "$NS" ifconfig-vi -a -j >"$T_TMP/doc.json" 2>/dev/null
python3 -m json.tool "$T_TMP/doc.json" >/dev/null
t_ok $? "ifconfig-vi --json parses"
# Written back as text, the document is what ifconfig-vi prints.
python3 -c '
import json, sys
for d in json.load(open(sys.argv[1])):
    print("%s: flags=%s<%s>" % (d["name"], d["flags"], ",".join(d["flag_names"])))
    for a in d["inet"]:
        print("       inet %s netmask %s" % (a["address"], a["netmask"]))
    for a in d["inet6"]:
        print("       inet6 %s/%d" % (a["address"], a["prefixlen"]))
    if d["iflist"]:
        print("       iflist : " + " ".join(d["iflist"]))
' "$T_TMP/doc.json" >"$T_TMP/from-json"
t_in "$NS" ifconfig-vi -a >"$T_TMP/text" 2>/dev/null
t_same "ifconfig-vi --json holds the text's data" "$T_TMP/text" "$T_TMP/from-json"

t_done
