#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# -h/--help, -V/--version and usage errors of every ODM command; man pages
# match usage.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init help
t_odmdir

for c in odmcreate odmdrop odmshow odmget odmadd odmchange odmdelete; do
	t_cmp "help-$c" "$c" --help
	# The man page's SYNOPSIS is the usage line, word for word.
	man_synopsis "$top_srcdir/man/$c.1" >"$T_TMP/man"
	"$c" --help | sed -n '1s/^Usage: //p' >"$T_TMP/usage"
	t_same "$c: man page SYNOPSIS is the usage line" "$T_TMP/usage" "$T_TMP/man"
	# Every section the man pages must have.
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT EXAMPLES "SEE ALSO"; do
		grep -q "^\.SH \"*$s\"*\$" "$top_srcdir/man/$c.1"
		t_ok $? "$c.1 has section $s"
	done
	# The version line names the command and the package.
	"$c" --version >"$T_TMP/version"
	grep -q "^$c (vipa) [0-9]" "$T_TMP/version"
	t_ok $? "$c --version"
	t_cmp "version-$c" t_versioned "$c" --version
	t_cmp "version-$c" t_versioned "$c" -V
done

# -h is help too, except for odmcreate (AIX: generate a C header).
for c in odmdrop odmshow odmget odmadd odmchange odmdelete; do
	t_cmp "help-$c" "$c" -h
done

# Usage errors: one message, then the Try line, exit 1.
t_cmp usage-odmcreate-h odmcreate -h x.cre
t_cmp usage-odmcreate-p odmcreate -p x.cre
t_cmp usage-odmcreate-none odmcreate
t_cmp usage-odmcreate-two odmcreate a.cre b.cre
t_cmp usage-odmdrop-none odmdrop
t_cmp usage-odmdrop-operand odmdrop -o CuAt CuDv
t_cmp usage-odmshow-none odmshow
t_cmp usage-odmshow-two odmshow CuAt CuDv
t_cmp usage-odmshow-list-operand odmshow -l CuAt
t_cmp usage-odmget-none odmget
t_cmp usage-odmget-noarg odmget CuAt -q
t_cmp usage-odmget-badopt odmget -x CuAt
t_cmp usage-odmget-badlong odmget --criteria=x CuAt
t_cmp usage-odmadd-badopt odmadd -q x
t_cmp usage-odmchange-none odmchange
t_cmp usage-odmchange-two odmchange -o CuAt a b
t_cmp usage-odmdelete-none odmdelete -q "name=vi0"
t_cmp usage-odmdelete-operand odmdelete -o CuAt vi0

# A usage error touches nothing: no repository is even created.
[ -z "$(ls -A "$ODMDIR")" ]
t_ok $? "usage errors create nothing in ODMDIR"
t_done
