#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile device names: CuDv and CuAt objects put in with odmadd whose
# names hold quotes, %, *, --, a newline or a backslash.  Values are bound,
# never pasted into criteria, so every command keeps working on the good
# devices beside them; cfgif leaves each hostile one alone, names it and
# exits 2, ifconfig-vi names them too, one line each; the changing
# commands refuse them and change nothing.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/hostile
dev_sample_env sqlite3

# The good ones: vi0 Available, vi1 Defined (cfgif configures it).
t_cmp $T_CASE.define h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
t_cmp $T_CASE.define-defined h mkinetvi -d -w vi1 -a netaddr=10.68.7.1 -a netmask=255.255.255.255

# The hostile ones, Available and Defined, each with attributes.
hostile_stanzas() {
	n=0
	for name in "vi5'" 'vi\"6' 'vi%' 'vi*' '--' 'vi\n7' 'vi\\8' "v' or 'a'='a"; do
		printf 'CuDv:\n\tname = "%s"\n\tstatus = %d\n\tchgstatus = 1\n\tPdDvLn = "if/VI/vi"\n\n' \
			"$name" $((n % 2))
		printf 'CuAt:\n\tname = "%s"\n\tattribute = "netaddr"\n\tvalue = "10.68.8.%d"\n\ttype = "R"\n\n' \
			"$name" $((n + 1))
		printf 'CuAt:\n\tname = "%s"\n\tattribute = "interface_names"\n\tvalue = "en1"\n\ttype = "R"\n\n' \
			"$name"
		n=$((n + 1))
	done
}
hostile_stanzas >"$T_TMP/hostile.add"
t_cmp $T_CASE.odmadd h odmadd "$T_TMP/hostile.add"
t_settle $H

# Readers: every device is listed; the good ones read as before.
t_cmp $T_CASE.lsdev h lsdev -Cc if
t_cmp $T_CASE.lsdev-vi h lsdev -C -c if -t vi
t_cmp $T_CASE.lsattr-vi0 h lsattr -El vi0
t_cmp $T_CASE.lsattr-vi1 h lsattr -El vi1 -a netaddr
t_cmp $T_CASE.lsattr-quote h lsattr -El "vi5'" -a netaddr
t_cmp $T_CASE.lsattr-injection h lsattr -El "v' or 'a'='a" -a netaddr
t_cmp $T_CASE.discover-vi0 h lsattr -E -O -l vi0
t_cmp $T_CASE.ifconfig-vi0 h ifconfig-vi vi0
t_cmp $T_CASE.odmget-quote h odmget -q "name='vi5'''" CuDv

# cfgif: the good ones configured, each hostile one named and left alone.
t_cmp $T_CASE.cfgif-n h cfgif -n
t_cmp $T_CASE.cfgif h cfgif
t_cmp $T_CASE.cfgif-again h cfgif
t_cmp $T_CASE.cfgif-l-quote h cfgif -l "vi5'"
t_cmp $T_CASE.ifconfig-all h ifconfig-vi -a
t_cmp $T_CASE.links sh -c "ip -n $H -o link show | sed 's/^[0-9]*: //; s/ mtu.*//; s/@.*//' | sort"
t_cmp $T_CASE.routes dev_routes $H
t_cmp $T_CASE.database sqlite3 "$ODMDIR/cu.db" "SELECT name, status FROM CuDv ORDER BY _id"

# The changing commands refuse the hostile names and change nothing.
t_state $H >"$T_TMP/before"
t_cmp $T_CASE.chdev-quote h chdev -l "vi5'" -a state=down
t_cmp $T_CASE.chdev-dash h chdev -l -- -a state=down
t_cmp $T_CASE.chdev-star h chdev -l "vi*" -a state=down
t_cmp $T_CASE.rmdev-newline h rmdev -l "vi
7" -d
t_cmp $T_CASE.rmdev-percent h rmdev -l "vi%" -d
t_cmp $T_CASE.ifconfig-down-quote h ifconfig-vi "vi5'" down
t_state $H >"$T_TMP/after"
t_same "refusals change neither the database nor the kernel" "$T_TMP/before" "$T_TMP/after"

# ... and keep working on the good ones.
t_cmp $T_CASE.chdev-vi0 h chdev -l vi0 -a netaddr=10.68.6.2
t_cmp $T_CASE.ifconfig-down h ifconfig-vi vi0 down
t_cmp $T_CASE.ifconfig-up h ifconfig-vi vi0 up
t_cmp $T_CASE.rmdev-vi1 h rmdev -l vi1 -d
t_cmp $T_CASE.routes-after dev_routes $H

# The hostile objects go with odmdelete; cfgif is clean again.
t_cmp $T_CASE.odmdelete h odmdelete -o CuDv -q "name != vi0"
t_cmp $T_CASE.cfgif-clean h cfgif
t_cmp $T_CASE.cuat-left sqlite3 "$ODMDIR/cu.db" "SELECT name, attribute, value FROM CuAt ORDER BY _id"
t_cmp $T_CASE.routes-left sqlite3 "$ODMDIR/cu.db" "SELECT name, kind, route, prev FROM CuRoute ORDER BY _id"

t_done
