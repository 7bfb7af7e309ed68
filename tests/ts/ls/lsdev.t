#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lsdev: customized devices (-C) and predefined types (-P), the filters,
# -F, -H, -S, and every usage error.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
t_init ls/lsdev
t_odmdir

# Only the shipped type: the sample line of the reference.
VIPA_DATADIR=$top_srcdir; export VIPA_DATADIR
t_cmp lsdev-C-empty lsdev -Cc if
t_cmp lsdev-P-vipa lsdev -P -c if
ls_sample
t_cmp lsdev-Cc-sample lsdev -Cc if
t_cmp lsdev-Cc-H lsdev -Cc if -H

# More devices and types.
t_odmdir
ls_datadir
ls_vipa vi10 1 netaddr=10.68.16.1
ls_sample
ls_vipa vi2 0
ls_vipa vi1 2
ls_dev en1 1 if/EN/en
t_cmp lsdev-C lsdev -C
t_cmp lsdev-default lsdev
t_cmp lsdev-c-if lsdev -Cc if
t_cmp lsdev-t-vi lsdev -C -t vi
t_cmp lsdev-s-EN lsdev -C -s EN
t_cmp lsdev-c-none lsdev -C -c disk
t_cmp lsdev-l lsdev -C -l vi2
t_cmp lsdev-l-pattern lsdev -C -l 'vi1*'
t_cmp lsdev-l-none lsdev -C -l vi9
t_cmp lsdev-S-a lsdev -C -S a
t_cmp lsdev-S-A lsdev -C -S A
t_cmp lsdev-S-1 lsdev -C -S 1
t_cmp lsdev-S-d lsdev -C -S d
t_cmp lsdev-S-D lsdev -Cc if -S D
t_cmp lsdev-S-0 lsdev -C -S 0
t_cmp lsdev-S-s lsdev -C -S s
t_cmp lsdev-S-2 lsdev -C -S 2
t_cmp lsdev-S-word lsdev -C -S Available -t vi
t_cmp lsdev-H lsdev -C -H
t_cmp lsdev-F-columns lsdev -C -F "name class subclass type status"
t_cmp lsdev-F-columns-H lsdev -C -F "name PdDvLn description" -H
t_cmp lsdev-F-literal lsdev -Ct vi -F "name:uniquetype:status"
t_cmp lsdev-F-cudv lsdev -Ct vi -F "name,chgstatus,ddins,location,parent,connwhere,prefix,catalog,setno,msgno"
t_cmp lsdev-P lsdev -P
t_cmp lsdev-P-H lsdev -P -H
t_cmp lsdev-P-c lsdev -P -c if
t_cmp lsdev-P-t lsdev -P -t en
t_cmp lsdev-P-none lsdev -P -c disk
t_cmp lsdev-P-F lsdev -P -F "uniquetype catalog setno msgno description"

# -r ColumnName: the values of one field, each once, in the listing's
# order (AIX scripts: lsdev -Cl NAME -r Configure).
t_cmp lsdev-r-name lsdev -C -r name
t_cmp lsdev-r-name-c lsdev -Cc if -r name
t_cmp lsdev-r-status lsdev -r status
t_cmp lsdev-r-class lsdev -C -r class
t_cmp lsdev-r-type lsdev -C -r type
t_cmp lsdev-r-subclass lsdev -r subclass -S a
t_cmp lsdev-r-configure lsdev -Cl vi0 -r Configure
t_cmp lsdev-r-description lsdev -C -r description
t_cmp lsdev-r-H lsdev -C -r PdDvLn -H
t_cmp lsdev-r-P lsdev -P -r class
t_cmp lsdev-r-P-type lsdev -P -c if -r type
t_cmp lsdev-r-none lsdev -C -l vi9 -r name
t_cmp lsdev-err-r-unknown lsdev -C -r colour
t_cmp lsdev-err-r-two lsdev -C -r "name status"
t_cmp lsdev-err-r-F lsdev -C -r name -F name
t_cmp lsdev-err-r-P-cudv lsdev -P -r name

# -p Parent: the customized devices of one parent.
cat >"$T_TMP/child.add" <<'END'
CuDv:
	name = "vi20"
	status = 0
	chgstatus = 1
	parent = "en1"
	PdDvLn = "if/VI/vi"
END
odmadd "$T_TMP/child.add"
t_ok $? "setup: a device whose parent is en1"
t_cmp lsdev-p lsdev -C -p en1
t_cmp lsdev-p-r lsdev -p en1 -r name
t_cmp lsdev-p-none lsdev -C -p vi0
t_cmp lsdev-p-empty lsdev -C -p "" -t en
t_cmp lsdev-err-P-p lsdev -P -p en1
odmdelete -o CuDv -q "name = vi20" >/dev/null

# -f File: more flags from a file.
cd "$T_TMP" || exit 99
printf -- '-C -c if\n-F "name status"\n' >flags
t_cmp lsdev-f lsdev -f flags
t_cmp lsdev-f-more lsdev -f flags -S a
t_cmp lsdev-err-f-missing lsdev -f nosuch
cd - >/dev/null || exit 99

# Refused by name: -x, and -l - (names from standard input).
t_cmp lsdev-err-x lsdev -C -x
t_cmp lsdev-err-l-stdin lsdev -C -l -

# --json: one document; numeric descriptors as numbers, status its name.
t_cmp lsdev-json lsdev -C --json
t_cmp lsdev-json-F lsdev -Ct vi -F "name status chgstatus PdDvLn setno name" -j
t_cmp lsdev-json-H lsdev -C -H -j -S d
t_cmp lsdev-json-P lsdev -P -j
t_cmp lsdev-json-r lsdev -C -r name -j
t_cmp lsdev-json-r-number lsdev -C -r chgstatus -j
t_cmp lsdev-json-none lsdev -C -l vi9 -j
for args in "-C" "-P" "-C -r name"; do
	lsdev $args -j >"$T_TMP/doc.json"
	python3 -m json.tool "$T_TMP/doc.json" >/dev/null
	t_ok $? "lsdev $args --json parses"
done
lsdev -C -j >"$T_TMP/doc.json"
python3 -c '
import json, sys
for d in json.load(open(sys.argv[1])):
    print(d["name"], d["status"], d["location"], d["description"], sep="|")
' "$T_TMP/doc.json" >"$T_TMP/from-json"
lsdev -C -F "name|status|location|description" >"$T_TMP/text"
t_same "lsdev -C --json holds the text's data" "$T_TMP/text" "$T_TMP/from-json"

# Errors.
t_cmp lsdev-err-C-P lsdev -C -P
t_cmp lsdev-err-P-l lsdev -P -l vi0
t_cmp lsdev-err-P-S lsdev -P -S a
t_cmp lsdev-err-S lsdev -C -S x
t_cmp lsdev-err-format lsdev -C -F "name colour"
t_cmp lsdev-err-P-format lsdev -P -F "name description"
t_cmp lsdev-err-operand lsdev -C vi0
t_cmp lsdev-err-option lsdev -C -a netaddr
t_cmp lsdev-err-twice lsdev -C -c if -c if

t_done
