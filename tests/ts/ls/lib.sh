# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - helpers for the tests of lsdev, lsattr and ifconfig-vi (sourced
# after functions.sh).
#
#     ls_datadir              predefined data: the shipped odm/ files plus
#                             tests/ts/ls/extra-types.add (more device types)
#     ls_dev NAME STATUS UNIQUETYPE [ATTR=VALUE]...
#                             add a CuDv object and one CuAt object per
#                             ATTR=VALUE (an attribute may repeat)
#     ls_vipa NAME STATUS [ATTR=VALUE]...   ls_dev for type if/VI/vi
#     ls_sample               vi0 of the AIX sample, Available
#     usage_synopsis CMD      the synopsis lines of CMD --help, plain
#     man_synopsis_lines PAGE the SYNOPSIS lines of a man page, plain

ls_datadir() {
	VIPA_DATADIR="$T_TMP/data"
	mkdir -p "$VIPA_DATADIR/odm"
	cp "$top_srcdir"/odm/*.cre "$top_srcdir/odm/vipa.add" "$VIPA_DATADIR/odm/"
	cp "$top_srcdir/tests/ts/ls/extra-types.add" "$VIPA_DATADIR/odm/"
	export VIPA_DATADIR
}

ls_dev() {
	name=$1 status=$2 utype=$3
	shift 3
	{
		printf 'CuDv:\n\tname = "%s"\n\tstatus = %s\n\tchgstatus = 1\n' "$name" "$status"
		printf '\tddins = ""\n\tlocation = ""\n\tparent = ""\n\tconnwhere = ""\n'
		printf '\tPdDvLn = "%s"\n\n' "$utype"
		for av; do
			printf 'CuAt:\n\tname = "%s"\n\tattribute = "%s"\n\tvalue = "%s"\n' \
				"$name" "${av%%=*}" "${av#*=}"
			printf '\ttype = ""\n\tgeneric = "DU"\n\trep = "s"\n\tnls_index = 0\n\n'
		done
	} >"$T_TMP/fixture.add"
	odmadd "$T_TMP/fixture.add" || t_ok 1 "fixture $name"
}

ls_vipa() {
	name=$1 status=$2
	shift 2
	ls_dev "$name" "$status" if/VI/vi "$@"
}

ls_sample() {
	ls_vipa vi0 1 netaddr=10.68.6.1 netmask=255.255.255.0 interface_names=en1,en5
}

usage_synopsis() {
	"$1" --help | sed -n '/^$/q; s/^Usage: //; s/^       //; p'
}

man_synopsis_lines() {
	sed -n '/^\.SH SYNOPSIS/,/^\.SH/{/^\.SH/d;/^\.[a-z][a-z]$/d;p}' "$1" |
		sed 's/\\f[BIRP]//g; s/\\-/-/g'
}

# ls_wait_running NS NAME: the kernel sets RUNNING shortly after UP; wait
# for it (2 s at most) so that the flags shown do not depend on timing.
ls_wait_running() {
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		t_in "$1" ifconfig-vi "$2" 2>/dev/null | grep -q RUNNING && return 0
		sleep 0.1
	done
	return 1
}
