#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# odmdelete: counts, criteria, errors.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init odmdelete
t_odmdir
cd "$T_TMP" || exit 99

for n in 0 1 2 3; do
	for a in netaddr netmask state; do
		printf 'CuAt:\n\tname = "vi%s"\n\tattribute = "%s"\n\tvalue = "x"\n\tnls_index = %s\n\n' $n $a $n
	done
	printf 'CuDep:\n\tname = "vi%s"\n\tdependency = "en1"\n\n' $n
done >objs.add
odmadd objs.add
t_ok $? "setup: odmadd"

t_cmp del-one odmdelete -o CuAt -q "name=vi0 and attribute=netaddr"
t_cmp del-one-get odmget -q "name=vi0" CuAt
t_cmp del-like odmdelete -o CuAt -q "attribute like 'net*' and nls_index >= 2"
t_cmp del-none odmdelete -o CuAt -q "name=vi9"
t_cmp del-like-get odmget CuAt
t_cmp del-all odmdelete -o CuDep
t_cmp del-all-get odmget CuDep

t_refused e-no-class odmdelete -o NoSuchClass -q "name=vi0"
t_refused e-desc odmdelete -o CuAt -q "colour=red"
t_refused e-or odmdelete -o CuAt -q "name=vi1 or name=vi2"
t_refused e-mismatch odmdelete -o CuAt -q "nls_index like 1"
t_refused e-quote odmdelete -o CuAt -q "name='vi1"
t_cmp get-after odmget CuAt
t_done
