#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The device commands' -h/--help and -V/--version, usage errors, and the
# man pages' SYNOPSIS matching the usage text.
. "$top_srcdir/tests/functions.sh"
t_init dev/help
t_odmdir

for c in mkdev chdev chvi rmdev mkinetvi mkinetvi6 cfgif cfgvi; do
	t_cmp "$c.help" "$c" --help
	t_cmp "$c.help" "$c" -h
	t_cmp "$c.version" t_versioned "$c" -V
	t_cmp "$c.version" t_versioned "$c" --version
	# the man page's SYNOPSIS is the usage text without "Usage: "
	"$c" --help | sed -n '1,/^$/p' | sed '/^$/d; s/^Usage: //; s/^ *//' | tr -s ' ' >"$T_TMP/u"
	sed -n '/^\.SH SYNOPSIS/,/^\.SH/p' "$top_srcdir/man/$c.8" | sed '1d;$d' |
		grep -v '^\.\(nf\|fi\|br\|PP\)' | sed 's/\\-/-/g; s/\\fB//g; s/\\fI//g; s/\\fR//g; s/^ *//' | tr -s ' ' >"$T_TMP/m"
	t_same "$c: man page SYNOPSIS matches --help" "$T_TMP/u" "$T_TMP/m"
	# --version as every command of the suite prints it
	{ lsdev --version | sed "s/^lsdev /$c /"; echo "--- exit 0"; } >"$T_TMP/v"
	t_run "$c" --version
	t_same "$c --version" "$T_TMP/v" "$T_TMP/out"
done
t_cmp mkdev.noclass mkdev -s VI -t vi
t_cmp mkdev.extra mkdev -c if -s VI -t vi extra
t_cmp chdev.noname chdev -a state=up
t_cmp chdev.nothing chdev -l vi0
t_cmp chvi.noop chvi -l vi0 -o add
t_cmp chvi.badop chvi -l vi0 -i en1 -o both
t_cmp rmdev.noname rmdev -d
t_cmp cfgif.badopt cfgif -x
t_cmp cfgvi.nofile cfgvi -n
t_cmp cfgvi.extra cfgvi -f set extra
t_cmp cfgvi.twice cfgvi -f a -f b
t_done
