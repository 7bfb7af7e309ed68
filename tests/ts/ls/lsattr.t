#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lsattr: the AIX sample, defaults, -O, -F, -H, -R, -a, predefined types,
# list attributes, and every usage and lookup error.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
t_init ls/lsattr
t_odmdir
ls_datadir
ls_sample
# A Defined VIPA with IPv6 values (':' in values) and two aliases.
ls_vipa vi1 0 netaddr6=2001:db8:6::1 prefixlen=64 state=down \
	alias4=10.68.7.1,255.255.255.0 alias4=10.68.8.1,255.255.0.0
# An Ethernet interface, for the attributes the VIPA type does not have.
ls_dev en1 1 if/EN/en mtu=9000

# The AIX sample: lsattr -El vi0, column by column.
t_cmp lsattr-El-sample lsattr -El vi0
t_cmp lsattr-E-l-apart lsattr -E -l vi0
t_cmp lsattr-El-H lsattr -El vi0 -H
t_cmp lsattr-Dl lsattr -Dl vi0
t_cmp lsattr-Dl-H lsattr -D -l vi0 -H
t_cmp lsattr-D-type lsattr -D -c if -s VI -t vi
t_cmp lsattr-D-type-t lsattr -D -t vi
t_cmp lsattr-El-defined lsattr -El vi1
t_cmp lsattr-El-en lsattr -El en1
t_cmp lsattr-D-en lsattr -D -c if -s EN -t en

# -a: only these attributes, in the order given.
t_cmp lsattr-a-one lsattr -El vi0 -a netmask
t_cmp lsattr-a-order lsattr -El vi0 -a interface_names -a netaddr -a state
t_cmp lsattr-a-one-arg lsattr -El vi0 -a 'netaddr netmask' -a prefixlen,state
t_cmp lsattr-a-list lsattr -El vi1 -a alias4
t_cmp lsattr-a-D lsattr -D -c if -s VI -t vi -a state

# -O: the names with '#', then the values; ':' in a value as #!:.
t_cmp lsattr-O-sample lsattr -El vi0 -O
t_cmp lsattr-O-defined lsattr -El vi1 -O
t_cmp lsattr-O-D lsattr -Dl vi0 -O
t_cmp lsattr-O-a lsattr -El vi0 -O -a netaddr -a netmask
t_cmp lsattr-O-en lsattr -O -E -l en1 -a note -a mtu

# -F: fields as columns (white space) or as written (other separators).
t_cmp lsattr-F-columns lsattr -El vi0 -F "attribute value"
t_cmp lsattr-F-columns-H lsattr -El vi0 -F "value attribute" -H
t_cmp lsattr-F-literal lsattr -El vi0 -F "attribute=value" -a netaddr -a netmask
t_cmp lsattr-F-literal-H lsattr -El vi0 -F "[attribute]:value;" -a state -H
t_cmp lsattr-F-pdat lsattr -El vi0 -F "attribute deflt values rep generic nls_index type uniquetype"
t_cmp lsattr-F-name lsattr -El vi0 -F "name attribute value" -a netaddr
t_cmp lsattr-F-only lsattr -F "attribute value user_settable" -l en1
t_cmp lsattr-F-type lsattr -F "attribute value" -c if -s EN
t_cmp lsattr-F-D lsattr -D -F "attribute value" -l en1 -a mtu

# -R: legal values.
t_cmp lsattr-R-list lsattr -R -l vi0 -a state
t_cmp lsattr-R-range lsattr -R -l vi0 -a prefixlen
t_cmp lsattr-R-free lsattr -R -l vi0 -a netaddr
t_cmp lsattr-R-type lsattr -R -c if -s EN -t en -a arp
t_cmp lsattr-R-range-en lsattr -Rl en1 -a mtu

# Errors: one line (usage errors add the Try line), nothing on stdout.
t_cmp lsattr-err-nodev lsattr -El vi9
t_cmp lsattr-err-nodev-R lsattr -R -l vi9 -a state
t_cmp lsattr-err-noattr lsattr -El vi0 -a mtu
t_cmp lsattr-err-noattr-type lsattr -D -c if -s VI -t vi -a nosuch
t_cmp lsattr-err-hidden lsattr -El en1 -a hidden
t_cmp lsattr-err-R-none lsattr -R -l vi0 -E
t_cmp lsattr-err-R-two lsattr -R -l vi0 -a state -a netaddr
t_cmp lsattr-err-l-c lsattr -El vi0 -c if
t_cmp lsattr-err-l-t lsattr -D -l vi0 -t vi
t_cmp lsattr-err-no-mode lsattr -l vi0 -H
t_cmp lsattr-err-E-type lsattr -E -c if -s VI -t vi
t_cmp lsattr-err-no-target lsattr -D -a state
t_cmp lsattr-err-notype lsattr -D -c if -s XX
t_cmp lsattr-err-ambiguous lsattr -D -c if
t_cmp lsattr-err-format lsattr -El vi0 -F "attribute colour"
t_cmp lsattr-err-format-empty lsattr -El vi0 -F ":"
t_cmp lsattr-err-operand lsattr -El vi0 extra
t_cmp lsattr-err-option lsattr -El vi0 -x
t_cmp lsattr-err-twice lsattr -El vi0 -l vi1
t_cmp lsattr-err-bad-name lsattr -El "vi0' or name != 'x"

# The database is only read.
odmget CuDv CuAt >"$T_TMP/before"
lsattr -El vi0 >/dev/null; lsattr -D -c if -s VI -t vi >/dev/null
odmget CuDv CuAt >"$T_TMP/after"
t_same "lsattr changes nothing" "$T_TMP/before" "$T_TMP/after"

t_done
