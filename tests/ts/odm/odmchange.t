#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# odmchange: one stanza of changed descriptors, criteria, every error.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init odmchange
t_odmdir
cd "$T_TMP" || exit 99

for n in 0 1 2; do
	for a in netaddr netmask state; do
		printf 'CuAt:\n\tname = "vi%s"\n\tattribute = "%s"\n\tvalue = "v%s-%s"\n\trep = "s"\n\tnls_index = %s\n\n' \
			$n $a $n $a $n
	done
done >cuat.add
odmadd cuat.add
t_ok $? "setup: odmadd"

printf 'CuAt:\n\tvalue = "10.68.6.1"\n' >netaddr.chg
t_cmp ch-file odmchange -o CuAt -q "name=vi0 and attribute=netaddr" netaddr.chg
t_cmp ch-file-get odmget -q "name=vi0" CuAt
# (Input comes from files: t_cmp must not run in a pipeline's subshell.)
printf 'CuAt:\n\tvalue = "down"\n\tnls_index = 3\n' >state.chg
t_cmp ch-stdin odmchange -o CuAt -q "attribute=state" <state.chg
t_cmp ch-stdin-get odmget -q "attribute=state" CuAt
printf 'CuAt:\n\trep = "sl"\n' >rep.chg
t_cmp ch-dash odmchange -o CuAt -q "name like 'vi[12]' and attribute != state" - <rep.chg
t_cmp ch-dash-get odmget -q "rep=sl" CuAt
printf 'CuAt:\n\tgeneric = "DU"\n' >generic.chg
t_cmp ch-all odmchange -o CuAt <generic.chg
t_cmp ch-none odmchange -o CuAt -q "name=vi9" netaddr.chg
t_cmp ch-all-get odmget CuAt

# Errors change nothing.
bad() { # name, stanza text, odmchange arguments...
	n=$1; printf '%s' "$2" >"$n.chg"; shift 2
	t_refused "$n" odmchange "$@" "$n.chg"
}
bad e-no-class 'CuAtt:
	value = "x"
' -o CuAtt
bad e-criteria 'CuAt:
	value = "x"
' -o CuAt -q "name=vi0 or name=vi1"
bad e-crit-desc 'CuAt:
	value = "x"
' -o CuAt -q "colour=red"
bad e-unknown-desc 'CuAt:
	value = "x"
	colour = "red"
' -o CuAt -q "name=vi0"
bad e-too-long 'CuAt:
	type = "abcdefgh"
' -o CuAt -q "name=vi0"
bad e-not-number 'CuAt:
	nls_index = 1.5
' -o CuAt -q "name=vi0"
bad e-two-stanzas 'CuAt:
	value = "x"

CuAt:
	value = "y"
' -o CuAt -q "name=vi0"
bad e-other-class 'CuDv:
	status = 1
' -o CuAt -q "name=vi0"
bad e-empty-stanza 'CuAt:
' -o CuAt -q "name=vi0"
bad e-twice 'CuAt:
	value = "x"
	value = "y"
' -o CuAt -q "name=vi0"
bad e-syntax 'CuAt:
	value = "x
' -o CuAt -q "name=vi0"
bad e-no-stanza '# only a comment
' -o CuAt -q "name=vi0"
t_refused e-missing-file odmchange -o CuAt -q "name=vi0" no-such-file
# bounded input, as odmadd's: /dev/zero stops at its first NUL byte
t_refused e-zero odmchange -o CuAt -q "name=vi0" /dev/zero
t_cmp get-after odmget CuAt
t_done
