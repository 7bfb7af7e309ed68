#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# odmcreate, odmshow and odmdrop on classes of every descriptor type.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init odmcreate
t_odmdir
cd "$T_TMP" || exit 99

cat >friends.cre <<'END'
/*
 * The AIX example, with one descriptor of every type.
 */
class Friend_Table {
	char Friend_of[20];
	vchar Nickname[64];     /* variable length */
	longchar Story[1024];
	short Age;
	long Points;
	ulong Visits;
	long64 Bytes;
	double Height;
	link Friend_Table Friend_Table Friend_of Best[20];
	method Greet[256];
};

class Note { char text[80]; };
END

odmget CuDv >/dev/null
t_ok $? "setup: the repository is made"
t_cmp create odmcreate -c friends.cre
t_cmp create-show odmshow Friend_Table
t_cmp create-show-note odmshow Note
t_cmp create-list odmshow -l
t_cmp create-empty odmget Friend_Table Note
t_cmp create-add odmadd - <<'END'
Friend_Table:
	Friend_of = "Bob"
	Nickname = "bobby"
	Story = "met in 1999"
	Age = -12
	Points = 2147483647
	Visits = 4294967295
	Bytes = -9223372036854775808
	Height = 1.75
	Best = "Alice"
	Greet = "/bin/echo hello"
END
t_cmp create-add-get odmget -q "Age < 0 and Visits > 4000000000 and Height > 1.5" Friend_Table
# odmshow output is odmcreate input.
odmshow Friend_Table >again.cre
t_cmp drop odmdrop -o Friend_Table
t_cmp drop-get odmget Friend_Table
t_cmp drop-list odmshow -l
t_cmp create-again odmcreate again.cre
t_cmp create-again-show odmshow Friend_Table
t_refused e-stdin-exists odmcreate - <friends.cre

# Errors: nothing is created, nothing changes.
bad() { # name, class text
	printf '%s' "$2" >"$1.cre"
	t_refused "$1" odmcreate "$1.cre"
}
bad e-exists 'class CuAt {
	char name[16];
};
'
bad e-second-bad 'class Good {
	char name[16];
};
class Bad {
	char name[16]
	short n;
};
'
t_cmp e-second-bad-get odmget Good
bad e-type 'class T {
	string name[16];
};
'
bad e-no-size 'class T {
	char name;
};
'
bad e-twice 'class T {
	char name[16];
	short Name;
};
'
bad e-reserved 'class T {
	long _id;
};
'
bad e-comment 'class T { char name[16]; }; /* no end'
bad e-no-class '/* nothing */
'
t_refused e-missing-file odmcreate no-such-file.cre
t_refused e-drop-no-class odmdrop -o NoSuchClass
t_refused e-drop-predefined odmdrop -o PdAt
t_cmp drop-note odmdrop -o Note
t_refused e-drop-dropped odmdrop -o Note
# more descriptors than a class may have: refused input, not a failure
awk 'BEGIN { print "class Wide {"; for (i = 0; i < 3000; i++) print "\tchar f" i "[4];"; print "};" }' >wide.cre
t_refused e-too-wide odmcreate wide.cre
# bounded input (odmcreate(1), LIMITS): no NUL byte, at most 16 MiB
t_refused e-zero odmcreate /dev/zero
printf 'class Nul {\n\tchar name[16];\n};\n\000\n' >nul.cre
t_refused e-nul odmcreate nul.cre
awk 'BEGIN { printf "/*"; for (i = 0; i < 17000; i++) printf "%1000s", ""; print "*/" }' >long.cre
t_refused e-long odmcreate long.cre
t_done
