#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bash completion of every command, driven as bash drives it, in a scratch
# repository: options, device names, attributes and their values, device
# types, object classes and descriptors, SMIT fast paths; Attribute=Value
# with and without '=' and ':' in COMP_WORDBREAKS; loading by command name.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
. "$top_srcdir/tests/ts/compl/lib.sh"
t_init compl/compl
compl_init
t_odmdir
ls_datadir
mkdir "$VIPA_DATADIR/menus" "$T_TMP/work"
cp "$top_srcdir"/menus/*.add "$VIPA_DATADIR/menus/"
cd "$T_TMP/work" || exit 1

# Two VIPAs, defined only, and an Ethernet device of another type.
mkinetvi -d -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null 2>&1
t_ok $? "setup: mkinetvi -d vi0"
mkinetvi6 -d -w vi3 -a netaddr6=2001:db8:6::1 -a prefixlen=64 >/dev/null
t_ok $? "setup: mkinetvi6 -d vi3"
ls_dev en1 1 if/EN/en mtu=9000

# each LINE...: the candidates for each line, the cursor at its end.
each() {
	local l
	for l; do
		echo "== $l"
		compl "$l"
	done
}

# Options: every command's, as its --help lists them.
for c in mkdev chdev rmdev lsdev lsattr mkinetvi mkinetvi6 chvi cfgif cfgvi ifconfig-vi \
	odmcreate odmdrop odmshow odmget odmadd odmchange odmdelete smit smitty; do
	lines+=("$c -")
done
t_cmp options each "${lines[@]}" "lsdev --" "odmget --v" "lsattr -El vi0 -"

# Device names: every device, the VIPAs only, the Defined ones for mkdev -l.
t_cmp devices each "chdev -l " "rmdev -l " "rmdev -dl " "lsdev -Cl " "lsattr -El " \
	"lsattr -E -l v" "chvi -l " "cfgif -l " "ifconfig-vi " "ifconfig-vi vi0 " \
	"ifconfig-vi -a " "mkdev -l " "mkdev -w " "mkinetvi -w "

# Attribute names: user-settable ones with '=' for the changing commands,
# every displayable one for lsattr; from the device's type or the type the
# line names.
t_cmp attributes each "chdev -l vi0 -a " "chdev -l en1 -a " "chdev -l en1 -a a" \
	"chvi -l vi0 -a " "chdev -a " "lsattr -El vi0 -a " "lsattr -E -l en1 -a " \
	"lsattr -Elvi0 -a net" "lsattr -R -t en -a " "lsattr -D -c if -s EN -t en -a " \
	"mkdev -c if -s VI -t vi -a " "mkdev -t en -a " "mkinetvi -a " "mkinetvi6 -a " \
	"chdev -l nosuch -a "

# Values: a list, a range, a range too long to list, free text (none).
t_cmp values each "chdev -l vi0 -a state=" "chdev -l vi0 -a state=d" \
	"chdev -l vi3 -a prefixlen=" "chdev -l vi3 -a prefixlen=12" \
	"chdev -l en1 -a arp=" "chdev -l en1 -a mtu=" "chdev -l vi0 -a netaddr=" \
	"chdev -l en1 -a remmtu=" "mkinetvi -a state=" "mkinetvi6 -a prefixlen=6" \
	"mkinetvi -a prefixlen=" "chdev -l vi0 -a state=up -a state=" \
	"chdev -l vi0 -P -a state=down -a stat" "chvi -l vi0 -o " "lsdev -S " \
	"lsattr -El vi0 -a state=" "chdev -l vi3 -a netaddr6=2001:db8::1 -a st" \
	"chdev -l vi3 -a alias6=2001:db8::1/64 -P -" "chdev -l vi3 -a alias6=2001:db8::"

# Without '=' and ':' in COMP_WORDBREAKS the whole word is replaced.
saved=$COMP_WORDBREAKS
COMP_WORDBREAKS=${COMP_WORDBREAKS//[=:]/}
t_cmp values-nobreak each "chdev -l vi0 -a state=" "chdev -l vi3 -a prefixlen=12" \
	"chdev -l vi0 -a st" "chdev -l vi3 -a netaddr6=2001:db8::1 -a st"
COMP_WORDBREAKS=$saved

# Device types: each narrows by the others given.
t_cmp types each "mkdev -c " "mkdev -s " "mkdev -c if -s " "mkdev -s EN -t " \
	"lsdev -P -t " "lsattr -D -c if -s " "lsattr -D -t e"

# Fields for -F: the descriptors and the computed columns.
t_cmp fields each "lsdev -F " "lsdev -P -F " "lsdev -C -F st" "lsattr -El vi0 -F "

# The AIX flags: -r takes the fields of -F, -p a device, -f a file; the
# ifconfig-vi forms word by word.
: >flags.txt
t_cmp aixflags each "lsdev -r " "lsdev -P -r c" "lsdev -Cl vi0 -r Con" "lsdev -p " \
	"lsattr -Pl " "lsattr -Pl vi0 " "lsattr -f fl" "chdev -f fl" "rmdev -f fl" "mkdev -f fl" \
	"ifconfig-vi vi0 " "ifconfig-vi vi0 inet " "ifconfig-vi vi0 10.1.1.1 " \
	"ifconfig-vi vi0 inet6 2001:db8::1 " "ifconfig-vi vi0 10.1.1.1 netmask " \
	"ifconfig-vi vi0 10.1.1.1 netmask 255.0.0.0 " "ifconfig-vi vi0 alias " \
	"ifconfig-vi vi0 alias 10.1.1.1 " "ifconfig-vi vi0 delete 10.1.1.1 " \
	"ifconfig-vi vi0 detach " "ifconfig-vi -j " "cfgif -"
rm flags.txt

# ODM: classes, descriptors of the class named anywhere on the line, files.
odmcreate - <<'END'
class Friend_Table { char Friend_of[32]; long Age; };
END
t_ok $? "setup: odmcreate Friend_Table"
: >friends.cre
: >other.add
mkdir sub
t_cmp odm each "odmshow " "odmshow F" "odmshow CuAt " "odmshow -l " "odmget " \
	"odmget CuDv " "odmget -q " "odmget CuDv -q " "odmget CuAt -q n" \
	"odmdrop -o " "odmdelete -o C" "odmdelete -o CuAt -q " "odmchange -o Friend_Table -q " \
	"odmchange -o CuAt " "odmcreate " "odmadd " "odmadd other.add "

# SMIT: the fast paths (menus, and the selectors and dialogs that open
# without a name first); files for -l and -s.
t_cmp smit each "smitty " "smitty mk" "smit " "smit -M " "smitty -x vipa " \
	"smitty -l " "smit -s s"

# lsattr operands are files (the e2fsprogs form); the AIX form has none.
t_cmp e2fsprogs each "lsattr " "lsattr -d s" "lsattr -El vi0 " "lsattr -D -t vi "

# A command typed with its directory runs the commands beside it (here an
# lsdev that knows one device of its own).
mkdir bin
printf '#!/bin/sh\necho vi9\n' >bin/lsdev
chmod +x bin/lsdev
ln -s "$(command -v chdev)" bin/chdev
ln -s "$(command -v lsattr)" bin/lsattr
t_cmp path each "./bin/chdev -l " "./bin/chdev -l vi0 -a state="

# cfgvi -f takes a file of stanzas.
mkdir sets
: >sets/vipas
: >sets/vipas.old
t_cmp files each "cfgvi -f sets/v" "cfgvi -n -f sets/vipas." "cfgvi -r -"

# bash-completion loads the script by the command's name, from the user's
# directory first.  XDG_DATA_DIRS names an empty directory so that a vipa
# package installed on this machine cannot answer in the tree's place.
mkdir -p bc/completions nodata
cp "$top_srcdir/completion/vipa.bash" bc/completions/vipa
for c in mkdev chdev rmdev lsdev lsattr mkinetvi mkinetvi6 chvi cfgif cfgvi ifconfig-vi \
	odmcreate odmdrop odmshow odmget odmadd odmchange odmdelete smit smitty; do
	ln -s vipa "bc/completions/$c"
done
complete -r
unset -f _vipa
loaded() {
	local c src
	for c in chdev smitty odmget cfgvi; do
		BASH_COMPLETION_USER_DIR=$PWD/bc XDG_DATA_DIRS=$PWD/nodata \
			__load_completion "$c" && complete -p "$c" || return
		# The file the function was read from: ours, by the name.
		src=$(shopt -s extdebug; declare -F _vipa)
		echo "${src##* "$PWD"/}"
	done
}
t_cmp loader loaded

# Nothing here changed the repository.
lsdev -C -F "name status" >"$T_TMP/after"
printf 'en1 Available\nvi0 Defined\nvi3 Defined\n' >"$T_TMP/before"
t_same "the repository is as it was" "$T_TMP/before" "$T_TMP/after"
t_done
