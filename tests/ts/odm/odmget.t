#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# odmget and odmshow: the predefined VIPA data, criteria of every kind, and
# each criteria error.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init odmget
t_odmdir

cd "$T_TMP" || exit 99

# An empty ODMDIR shows the predefined objects at once; so does one that
# does not exist yet.
t_cmp pdat-vipa odmget -q "uniquetype=if/VI/vi" PdAt
t_cmp pdat-vipa env ODMDIR=new/objrepos odmget -q "uniquetype=if/VI/vi" PdAt
[ -f new/objrepos/cu.db ] && [ -f new/objrepos/pd.db ]
t_ok $? "a missing ODMDIR is made, with its databases"
# A repository that cannot be opened: exit 3.
: >plain-file
t_cmp e-odmdir-file env ODMDIR=plain-file odmget CuAt
t_cmp pddv-vipa odmget -q "uniquetype=if/VI/vi" PdDv
t_cmp show-PdAt odmshow PdAt
t_cmp show-PdDv odmshow PdDv
t_cmp show-CuDv odmshow CuDv
t_cmp show-CuAt odmshow CuAt
t_cmp show-CuDep odmshow CuDep
t_cmp cuat-empty odmget CuAt CuDv CuDep

# Criteria: each operator, quoting, numbers, patterns, and.
t_cmp q-eq odmget -q "uniquetype=if/VI/vi and attribute=state" PdAt
t_cmp q-spaces-quoted odmget -q "uniquetype = 'if/VI/vi' AND attribute = 'netmask'" PdAt
t_cmp q-ne odmget -q "uniquetype=if/VI/vi and nls_index != 2 and nls_index!=3 and nls_index != 4 and nls_index!=5 and nls_index!=6" PdAt
t_cmp q-gt odmget -q "uniquetype=if/VI/vi and nls_index>8" PdAt
t_cmp q-ge odmget -q "nls_index >= 8 and uniquetype=if/VI/vi" PdAt
t_cmp q-lt odmget -q "uniquetype=if/VI/vi and nls_index<3" PdAt
t_cmp q-le odmget -q "nls_index<=3 and uniquetype=if/VI/vi" PdAt
t_cmp q-hex odmget -q "uniquetype=if/VI/vi and nls_index=0x4" PdAt
t_cmp q-octal odmget -q "uniquetype=if/VI/vi and nls_index=010" PdAt
t_cmp q-like-star odmget -q "uniquetype=if/VI/vi and attribute like 'net*'" PdAt
t_cmp q-like-qmark odmget -q "uniquetype=if/VI/vi and attribute LIKE ?????" PdAt
t_cmp q-like-set odmget -q "uniquetype=if/VI/vi and attribute like 'alias[46]'" PdAt
t_cmp q-like-notset odmget -q "uniquetype=if/VI/vi and attribute like alias[!4]" PdAt
t_cmp q-like-none odmget -q "uniquetype=if/VI/vi and attribute like 'NET*'" PdAt
t_cmp q-empty-string odmget -q "uniquetype=if/VI/vi and values=''" PdAt
t_cmp q-ne-string odmget -q "uniquetype=if/VI/vi and deflt != ''" PdAt
t_cmp q-space-value odmget -q "text='Subnet Mask'" PdCat
t_cmp q-two-classes odmget -q "uniquetype=if/VI/vi" PdDv PdAt
t_cmp q-no-match odmget -q "uniquetype=if/VI/vi and attribute=colour" PdAt

# --json: one document, numbers as numbers; every byte a string may hold
# comes out valid (a control byte escaped, a byte that is not UTF-8 as
# U+FFFD).  Each document parses, and holds the stanzas' data.
t_cmp json-pdat odmget -j -q "uniquetype=if/VI/vi and attribute=state" PdAt
t_cmp json-long odmget --json -q "uniquetype=if/VI/vi" PdDv
t_cmp json-two-classes odmget -j -q "uniquetype=if/VI/vi and attribute like 'alias*'" PdAt PdAt
t_cmp json-empty odmget -j CuAt CuDep
t_cmp json-none odmget -j -q "attribute=colour" PdAt
odmcreate - <<'END' >/dev/null
class Odd { char s[64]; double d; long l; short h; ulong u; long64 w; };
END
cat >odd.add <<'END'
Odd:
	s = "tab\there \"q\" back\\slash \001\037 caf\351 caf\303\251"
	d = -2.5e-3
	l = -2147483648
	h = 32767
	u = 4294967295
	w = -9223372036854775808
END
odmadd odd.add
t_ok $? "setup: an object of every numeric type and a hostile string"
t_cmp json-odd odmget -j Odd
t_cmp json-error odmget -j PdAt NoSuchClass
# json_check CLASS...: the document parses, and written back as stanzas it
# is what odmget prints (with U+FFFD where a byte is not UTF-8: the Latin-1
# e acute, 0xe9, of the hostile string).
json_check() {
	odmget -j "$@" >"$T_TMP/doc.json" &&
		python3 -m json.tool "$T_TMP/doc.json" >/dev/null &&
		python3 "$top_srcdir/tests/ts/odm/json-stanzas.py" "$T_TMP/doc.json" "$@" \
			>"$T_TMP/from-json" || return 1
	odmget "$@" | LC_ALL=C sed "s/$(printf '\351')/$(printf '\357\277\275')/g" >"$T_TMP/stanzas"
	diff -u "$T_TMP/stanzas" "$T_TMP/from-json" | t_diag
	cmp -s "$T_TMP/stanzas" "$T_TMP/from-json"
}
json_check PdDv PdAt PdCat
t_ok $? "json: the predefined classes parse and hold the stanzas' data"
json_check Odd
t_ok $? "json: every numeric type and a hostile string parse and hold the data"

# Errors: one line, exit 2, nothing printed.
t_cmp e-no-class odmget NoSuchClass
t_cmp e-no-class-among odmget PdAt NoSuchClass PdDv
t_cmp e-first-only odmget -q "name=vi0 or x=1" CuAt PdAt NoSuchClass
t_cmp e-show-no-class odmshow NoSuchClass
t_cmp e-desc odmget -q "colour=red" PdAt
t_cmp e-desc-other-class odmget -q "attribute=state" PdAt PdDv
t_cmp e-or odmget -q "name=vi0 or x=1" CuAt
t_cmp e-OR odmget -q "name=vi0 OR name=vi1" CuAt
t_cmp e-like-number odmget -q "nls_index like 2" PdAt
t_cmp e-lt-string odmget -q "attribute<state" PdAt
t_cmp e-ge-string odmget -q "attribute >= a" PdAt
t_cmp e-not-number odmget -q "nls_index=two" PdAt
t_cmp e-quote odmget -q "attribute='state" PdAt
t_cmp e-no-value odmget -q "attribute=" PdAt
t_cmp e-no-op odmget -q "attribute state" PdAt
t_cmp e-bad-op odmget -q "attribute =~ state" PdAt
t_cmp e-trailing-and odmget -q "attribute=state and" PdAt
t_cmp e-leading-and odmget -q "and attribute=state" PdAt
t_cmp e-no-and odmget -q "attribute=state rep=sl" PdAt
t_cmp e-paren odmget -q "(attribute=state)" PdAt
t_done
