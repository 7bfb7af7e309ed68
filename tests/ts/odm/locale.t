#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Stanzas and criteria are the same in every locale: numbers keep '.' as
# the decimal point (odmget never prints "1,5", odmadd and -q take "1.5"
# and refuse "1,5"), and names are ASCII letters and digits whatever the
# locale calls a letter.  The German locales are built into the test's
# own directory (LOCPATH) from the locales package's sources; where they
# cannot be, the commands run in C and C.UTF-8 only, and the German runs
# are skipped with the reason.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init locale

LOCPATH=$T_TMP/locale
export LOCPATH
mkdir -p "$LOCPATH"
locales="C C.UTF-8"
skipped=
if ! command -v localedef >/dev/null 2>&1; then
	skipped="needs localedef"
elif ! [ -f /usr/share/i18n/locales/de_DE ]; then
	skipped="needs the locale sources (package locales)"
else
	localedef -i de_DE -f UTF-8 "$LOCPATH/de_DE.UTF-8" >/dev/null 2>&1
	localedef -i de_DE -f ISO-8859-1 "$LOCPATH/de_DE.ISO-8859-1" >/dev/null 2>&1
	# A locale must be in force, or its run could not fail.
	for l in de_DE.UTF-8 de_DE.ISO-8859-1; do
		if [ "$(LC_ALL=$l /usr/bin/printf '%.1f' 1.5 2>/dev/null)" = "1,5" ]; then
			locales="$locales $l"
		else
			skipped="${skipped:+$skipped; }cannot build the locale $l here"
		fi
	done
fi
[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] ||
	t_skip_all "the locale C.UTF-8 is missing${skipped:+, and $skipped}"

t_odmdir
cd "$T_TMP" || exit 99
odmcreate - <<'END'
class Cost { char name[16]; double cost; long count; short level; };
END
t_ok $? "setup: odmcreate Cost"
cat >cost.add <<'END'
Cost:
	name = "a"
	cost = 1.5
	count = 100000
	level = -3

Cost:
	name = "b"
	cost = -2.25e3
	count = 0
	level = 7

Cost:
	name = "c"
	cost = 0.1
	count = 1
	level = 0
END
printf 'Cost:\n\tname = "comma"\n\tcost = 1,5\n\n' >comma.add
# A descriptor name with a Latin-1 letter (e acute): a letter for
# isalnum(3) in a Latin-1 locale, never in a name.
printf 'Cost:\n\tcaf\351 = 1\n\n' >latin1.add

# A repository filled in the C locale, read in each.
SHARED=$T_TMP/shared
mkdir -p "$SHARED"
ODMDIR=$SHARED odmcreate - <<'END' >/dev/null
class Cost { char name[16]; double cost; long count; short level; };
END
ODMDIR=$SHARED odmadd cost.add
t_ok $? "setup: the shared repository"

# run LOCALE: the same commands, whose output must not depend on LOCALE.
run() {
	LC_ALL=$1
	export LC_ALL
	t_cmp get env ODMDIR="$SHARED" odmget Cost
	t_odmdir
	odmcreate - <<'END' >/dev/null
class Cost { char name[16]; double cost; long count; short level; };
END
	t_cmp add odmadd cost.add
	t_cmp get odmget Cost
	t_cmp q-eq odmget -q "cost = 1.5" Cost
	t_cmp q-gt odmget -q "cost > 0.15 and cost < 2" Cost
	t_cmp q-exp odmget -q "cost = -2250" Cost
	t_cmp q-comma odmget -q "cost > 1,4" Cost
	t_cmp add-comma odmadd comma.add
	t_cmp add-latin1 odmadd latin1.add
	t_cmp change odmchange -o Cost -q "cost = 0.1" - <<'END'
Cost:
	cost = 0.25
END
	t_cmp get-changed odmget -q "name = c" Cost
	t_cmp delete odmdelete -o Cost -q "cost < -1e3"
	t_cmp get-left odmget Cost
	LC_ALL=C
	export LC_ALL
}
for l in $locales; do
	run "$l"
done
[ -z "$skipped" ] || t_skip "the runs in a German locale (a decimal comma): $skipped"

t_done
