#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# odmget | odmadd into a fresh repository gives the same objects back, for
# strings with quotes, backslashes, newlines, tabs, control and 8-bit bytes.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init roundtrip
cd "$T_TMP" || exit 99

cat >odd.cre <<'END'
class Odd {
	char s[64];
	vchar v[256];
	longchar l[4096];
	method m[256];
	short n;
	long64 b;
	double d;
};
END
# printf turns \\ into \ : the file holds stanza escapes.
printf '%s\n' \
	'Odd:' \
	'	s = "say \"hi\""' \
	'	v = "back\\slash \\\\ two"' \
	'	l = "line1\nline2\n\nline4\n"' \
	'	m = "tab\there\t"' \
	'	n = -32768' \
	'	b = 9223372036854775807' \
	'	d = -0.5' \
	'' \
	'Odd:' \
	'	s = ""' \
	'	v = "\001\002\033[1m\177 bell\007"' \
	'	l = "caf\303\251 \342\202\254 raw: é € \377"' \
	'	m = "ends in a backslash\\"' \
	'	n = 0' \
	'	b = 0' \
	'	d = 0' \
	'' \
	'Odd:' \
	'	s = "# not a comment"' \
	'	v = "Odd:"' \
	'	l = "a = b\n\tc = \"d\"\n\nOdd:\n"' \
	'	m = "  leading and trailing spaces  "' \
	'	n = 32767' \
	'	b = -1' \
	'	d = 1e+300' \
	'' \
	'Odd:' \
	'	s = "continued \' \
	'on the next line"' \
	'	v = unquoted words, to the end' \
	'	n = 16' >odd.add

ODMDIR=$T_TMP/one; export ODMDIR; mkdir "$ODMDIR"
t_cmp create odmcreate odd.cre
t_cmp add odmadd odd.add
t_cmp get odmget Odd
odmget Odd >one.out
# The bytes stored are what the escapes say.
t_cmp stored-hex sqlite3 "$ODMDIR/cu.db" "SELECT hex(s), hex(v), hex(l), hex(m), n, b, d FROM Odd ORDER BY _id"

ODMDIR=$T_TMP/two; export ODMDIR; mkdir "$ODMDIR"
odmcreate odd.cre && odmadd one.out
t_ok $? "odmadd reads what odmget wrote"
odmget Odd >two.out
t_same "odmget | odmadd | odmget gives the same output" one.out two.out
t_cmp stored-hex sqlite3 "$ODMDIR/cu.db" "SELECT hex(s), hex(v), hex(l), hex(m), n, b, d FROM Odd ORDER BY _id"

# The same through a pipe.
ODMDIR=$T_TMP/three; export ODMDIR; mkdir "$ODMDIR"
odmcreate odd.cre && ODMDIR=$T_TMP/one odmget Odd | odmadd
t_ok $? "odmget | odmadd"
odmget Odd >three.out
t_same "piped copy gives the same output" one.out three.out

# The customized device classes need no odmcreate: a fresh repository has them.
ODMDIR=$T_TMP/four; export ODMDIR; mkdir "$ODMDIR"
printf '%s\n' \
	'CuDv:' \
	'	name = "vi0"' \
	'	status = 1' \
	'	PdDvLn = "if/VI/vi"' \
	'' \
	'CuAt:' \
	'	name = "vi0"' \
	'	attribute = "interface_names"' \
	'	value = "en1,en5 \"quoted\"\t\\\n"' >cu.add
odmadd cu.add && odmget CuDv CuAt >four.out
t_ok $? "odmadd and odmget of CuDv and CuAt"
ODMDIR=$T_TMP/five; export ODMDIR; mkdir "$ODMDIR"
ODMDIR=$T_TMP/four odmget CuDv CuAt | odmadd && odmget CuDv CuAt >five.out
t_ok $? "odmget | odmadd of CuDv and CuAt into a fresh ODMDIR"
t_same "CuDv and CuAt copied unchanged" four.out five.out
t_cmp cu-get cat five.out
t_done
