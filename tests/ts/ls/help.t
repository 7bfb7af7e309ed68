#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# -h/--help and -V/--version of lsdev, lsattr and ifconfig-vi (lsattr -V
# is e2fsprogs'); each man page's
# SYNOPSIS is the usage text, line for line, and has every section.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
t_init ls/help

for c in lsdev lsattr ifconfig-vi; do
	# section 8 (lsdev: 8vipa, as procinfo has an lsdev.8)
	page=$c.8
	[ "$c" = lsdev ] && page=lsdev.8vipa
	t_cmp "help-$c" "$c" --help
	usage_synopsis "$c" >"$T_TMP/usage"
	man_synopsis_lines "$top_srcdir/man/$page" >"$T_TMP/man"
	t_same "$c: man page SYNOPSIS is the usage text" "$T_TMP/usage" "$T_TMP/man"
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT EXAMPLES "SEE ALSO"; do
		grep -q "^\.SH \"*$s\"*\$" "$top_srcdir/man/$page"
		t_ok $? "$page has section $s"
	done
	"$c" --version >"$T_TMP/version"
	grep -q "^$c (vipa) [0-9]" "$T_TMP/version"
	t_ok $? "$c --version"
done
t_cmp help-lsdev-h lsdev -h
t_cmp help-lsattr-h lsattr -h
t_cmp help-ifconfig-vi-h ifconfig-vi -h
for c in lsdev lsattr ifconfig-vi; do
	t_cmp "version-$c" t_versioned "$c" --version
done
t_cmp version-lsdev t_versioned lsdev -V
t_cmp version-ifconfig-vi t_versioned ifconfig-vi -V
# lsattr -V is the e2fsprogs lsattr's (or, without it, an error): not ours.
lsattr -V >"$T_TMP/v" 2>&1
! grep -q '(vipa)' "$T_TMP/v"
t_ok $? "lsattr -V is handed to the e2fsprogs lsattr"

t_done
