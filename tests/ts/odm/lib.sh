# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - functions for the ODM command tests (sourced after functions.sh).
#
#     odm_init CASE              t_init odm/CASE, with the expected files in
#                                tests/expected/odm/CASE/
#     odm_dump FILE              the customized database as SQL text
#     t_refused NAME CMD...      t_cmp NAME CMD..., then check that the
#                                customized database did not change
#     man_synopsis PAGE          the SYNOPSIS of a man page as plain text

t_need_cmd sqlite3

odm_init() {
	t_init "odm/$1"
	T_EXPECTED="$T_EXPECTED/$1"
}

odm_dump() {
	sqlite3 "$ODMDIR/cu.db" .dump </dev/null >"$1"
}

t_refused() {
	odm_dump "$T_TMP/dump.before"
	t_cmp "$@"
	odm_dump "$T_TMP/dump.after"
	t_same "$1: repository unchanged" "$T_TMP/dump.before" "$T_TMP/dump.after"
}

# The SYNOPSIS section with the roff markup taken out: what man shows.
man_synopsis() {
	sed -n '/^\.SH SYNOPSIS/,/^\.SH/{/^\.SH/d;p}' "$1" |
		sed 's/^\.[A-Z]* //; s/\\f[BIRP]//g; s/\\-/-/g' |
		tr '\n' ' ' | sed 's/ *$//'
	echo
}
