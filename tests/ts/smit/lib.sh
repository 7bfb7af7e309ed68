# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - shell functions of the SMIT engine tests (sourced after functions.sh).

DRIVE="$top_builddir/tests/unit/test-smit-drive"
[ -x "$DRIVE" ] || t_skip_all "tests/unit/test-smit-drive is not built"

# A data directory holding the real classes and device data plus the test
# objects of test.add instead of the suite's menus, exported as VIPA_DATADIR.
smit_testdata() {
	VIPA_DATADIR="$T_TMP/data"
	mkdir -p "$VIPA_DATADIR/odm" "$VIPA_DATADIR/menus"
	cp "$top_srcdir"/odm/*.cre "$top_srcdir"/odm/*.add "$VIPA_DATADIR/odm/"
	cp "$top_srcdir/tests/ts/smit/test.add" "$VIPA_DATADIR/menus/"
	export VIPA_DATADIR
}

# Timestamps in smit.log and smit.script vary: replace them.
smit_unstamp() {
	sed -e 's/\[[A-Z][a-z][a-z] [0-9][0-9] [0-9]\{4\}, [0-9:]\{8\}\]/[DATE]/' "$@"
}
