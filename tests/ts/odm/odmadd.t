#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# odmadd: files, standard input, all-or-nothing, and each stanza error.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init odmadd
t_odmdir
cd "$T_TMP" || exit 99

cat >vi0.add <<'END'
# vi0 as mkdev would define it
CuDv:
	name = "vi0"
	status = 1
	chgstatus = 1
	ddins = ""
	location = ""
	parent = ""
	connwhere = ""
	PdDvLn = "if/VI/vi"

CuAt:
	name = "vi0"
	attribute = "netaddr"
	value = "10.68.6.1"
	type = "R"
	generic = "DU"
	rep = "s"
	nls_index = 2
CuAt:
	name = "vi0"
	attribute = "netmask"
	value = "255.255.255.0"
END
cat >vi1.add <<'END'

# descriptors not given are stored empty or zero; spaces indent too
CuAt:
    name = "vi1"
    attribute = "state"
    value = down

CuDep:
	name = "vi1"
	dependency = "en1"
END

t_cmp add-file odmadd vi0.add
t_cmp add-file-get odmget CuDv CuAt
t_cmp add-stdin odmadd <vi1.add
t_cmp add-stdin-get odmget CuAt CuDep
printf 'CuDep:\n\tname = "vi2"\n\tdependency = "en5"\n' >vi2.add
printf 'CuDep:\n\tname = "vi3"\n\tdependency = "en1"\n' >vi3.add
printf 'CuDep:\n\tname = "vi4"\n\tdependency = "en5"\n' >vi4.add
t_cmp add-several odmadd vi2.add - vi3.add <vi4.add
t_cmp add-several-get odmget -q "name like 'vi[2-4]'" CuDep
t_cmp add-empty odmadd </dev/null
t_cmp add-comments-only odmadd - <<'END'
# nothing but a comment

END

# Each bad input: one line naming the file and line, exit 2, nothing added.
bad() { # name, stanza text
	printf '%s' "$2" >"$1.add"
	t_refused "$1" odmadd vi2.add "$1.add"
}
bad e-no-equal 'CuAt:
	name = "vi5"
	value "x"
'
bad e-unterminated 'CuAt:
	name = "vi5"
	value = "x
'
bad e-after-quote 'CuAt:
	name = "vi5" x
'
bad e-escape 'CuAt:
	name = "vi\q"
'
bad e-no-class-line '	name = "vi5"
'
bad e-indented-class '  CuAt:
	name = "vi5"
'
bad e-unknown-class 'CuAtt:
	name = "vi5"
'
bad e-unknown-desc 'CuAt:
	name = "vi5"
	colour = "red"
'
bad e-too-long 'CuAt:
	name = "abcdefghijklmnop"
'
bad e-short-range 'CuAt:
	name = "vi5"
	nls_index = 32768
'
bad e-not-number 'CuAt:
	name = "vi5"
	nls_index = two
'
bad e-third-stanza 'CuAt:
	name = "vi5"
	attribute = "netaddr"

CuAt:
	name = "vi5"
	attribute = "netmask"

CuDv:
	name = "vi5"
	status = 1x
'
t_refused e-missing-file odmadd vi2.add no-such-file.add
t_refused e-stdin odmadd vi2.add - <e-unknown-desc.add
# bounded input: a stanza, a value (odmadd(1), LIMITS)
t_refused e-zero odmadd /dev/zero
printf 'CuAt:\n\tname = "vi9"\n\tvalue = "a\000b"\n' >nul.add
t_refused e-nul odmadd nul.add
awk 'BEGIN { printf "CuAt:\n\tname = \"vi9\"\n\tvalue = \""
	for (i = 0; i < 1049; i++) printf "%1000s", ""; print "\"" }' >long-value.add
t_refused e-long-value odmadd long-value.add
awk 'BEGIN { print "CuAt:"; for (i = 0; i < 17000; i++) printf "\tvalue = %1000s\n", "x" }' >long-stanza.add
t_refused e-long-stanza odmadd long-stanza.add
t_cmp get-after odmget CuDv CuAt CuDep
t_done
