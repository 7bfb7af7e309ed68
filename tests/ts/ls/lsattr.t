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

# -P: the values of the last configure, here the database's: what -E shows.
t_cmp lsattr-P lsattr -Pl vi0
for args in "-l vi0" "-l vi1" "-l vi0 -O" "-l vi1 -a alias4 -a state" "-l en1 -H"; do
	lsattr -E $args >"$T_TMP/E" 2>&1
	lsattr -P $args >"$T_TMP/P" 2>&1
	t_same "lsattr -P $args is lsattr -E $args" "$T_TMP/E" "$T_TMP/P"
done

# -Z: the record separator of a -F listing (the header one record).
t_cmp lsattr-Z lsattr -El vi0 -F "attribute:value" -Z ";"
t_cmp lsattr-Z-H lsattr -El vi1 -F "attribute value" -Z "|" -H -a alias4
t_cmp lsattr-Z-D lsattr -D -c if -s VI -t vi -F "attribute,deflt" -Z "#"
t_cmp lsattr-err-Z-noF lsattr -El vi0 -Z ";"
t_cmp lsattr-err-Z-two lsattr -El vi0 -F value -Z ";;"
t_cmp lsattr-err-Z-empty lsattr -El vi0 -F value -Z ""
t_cmp lsattr-err-Z-R lsattr -R -l vi0 -a state -F value -Z ";"

# -f File: more flags from a file (shell words, no expansion), read before
# those of the command line.
printf -- '-E -l vi0\n' >"$T_TMP/flags.E"
printf -- "-F 'attribute value' -a\t\"netaddr netmask\"\n  -H\n" >"$T_TMP/flags.F"
printf -- '-l vi0 -f other\n' >"$T_TMP/flags.f"
printf -- "-El 'vi0\n" >"$T_TMP/flags.quote"
printf -- '-El vi0 extra\n' >"$T_TMP/flags.operand"
printf 'a\0b' >"$T_TMP/flags.nul"
t_cmp lsattr-f lsattr -f "$T_TMP/flags.E"
t_cmp lsattr-f-more lsattr -f "$T_TMP/flags.E" -a state -O
t_cmp lsattr-f-quoted lsattr -l vi0 -f "$T_TMP/flags.F"
t_cmp lsattr-f-stdin lsattr -f - -a netmask <"$T_TMP/flags.E"
cd "$T_TMP" || exit 99
t_cmp lsattr-err-f-missing lsattr -f nosuch -El vi0
t_cmp lsattr-err-f-twice lsattr -f flags.E -f flags.E
t_cmp lsattr-err-f-nested lsattr -E -f flags.f
t_cmp lsattr-err-f-quote lsattr -f flags.quote
t_cmp lsattr-err-f-operand lsattr -f flags.operand
t_cmp lsattr-err-f-nul lsattr -E -f flags.nul
cd - >/dev/null || exit 99

# -o (the attributes of an operation) is refused, named, with the reason.
t_cmp lsattr-err-o lsattr -l vi0 -o chdev -F attribute

# --json: one document, the listing's fields as keys; numbers for numeric
# attributes (null when empty), booleans for user_settable.
t_cmp lsattr-json lsattr -El vi0 --json
t_cmp lsattr-json-list lsattr -j -El vi1
t_cmp lsattr-json-D lsattr -D -c if -s VI -t vi -j
t_cmp lsattr-json-F lsattr -El en1 -F "attribute value deflt rep nls_index user_settable attribute" -j
t_cmp lsattr-json-H lsattr -El vi0 -a netaddr -H -j
t_cmp lsattr-json-R-list lsattr -R -l vi0 -a state -j
t_cmp lsattr-json-R-range lsattr -R -l vi0 -a prefixlen -j
t_cmp lsattr-json-R-range-en lsattr -R -l en1 -a mtu --json
t_cmp lsattr-json-R-free lsattr -R -l vi0 -a netaddr -j
t_cmp lsattr-err-json-O lsattr -El vi0 -O -j
t_cmp lsattr-err-json-Z lsattr -El vi0 -F value -Z ";" -j
# Each document parses, and holds what the text shows.
for args in "-El vi0" "-El vi1" "-El en1" "-D -c if -s VI -t vi" "-Dl en1"; do
	lsattr $args -j >"$T_TMP/doc.json"
	python3 -m json.tool "$T_TMP/doc.json" >/dev/null
	t_ok $? "lsattr $args --json parses"
	python3 -c '
import json, sys
for row in json.load(open(sys.argv[1])):
    v = row.get("value", row.get("deflt"))
    print(row["attribute"], "" if v is None else v, row["description"],
          "True" if row["user_settable"] else "False", sep="\t")
' "$T_TMP/doc.json" >"$T_TMP/from-json"
	f=value
	case $args in -D*) f=deflt ;; esac
	lsattr $args -F "attribute|$f|description|user_settable" | tr '|' '\t' >"$T_TMP/text"
	t_same "lsattr $args --json holds the text's data" "$T_TMP/text" "$T_TMP/from-json"
done

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
t_cmp lsattr-err-no-mode-l lsattr -l vi0
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
