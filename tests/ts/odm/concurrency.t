#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Several processes add, change and delete objects at once: every command
# succeeds (writers wait for each other) and nothing is lost.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/odm/lib.sh"
odm_init concurrency
t_odmdir
cd "$T_TMP" || exit 99

WORKERS=4
ROUNDS=25

# Worker K: for each round I add object (wK, aI), change its value, and
# every fifth round delete the object of the round before.  A failure is
# written to fail.K.
worker() {
	k=$1 i=1
	while [ $i -le $ROUNDS ]; do
		printf 'CuAt:\n\tname = "w%s"\n\tattribute = "a%s"\n\tvalue = "new"\n' $k $i |
			odmadd || echo "w$k round $i: odmadd exit $?" >>fail.$k
		printf 'CuAt:\n\tvalue = "v%s"\n\tnls_index = %s\n' $i $k |
			odmchange -o CuAt -q "name=w$k and attribute=a$i" ||
			echo "w$k round $i: odmchange exit $?" >>fail.$k
		if [ $((i % 5)) -eq 0 ]; then
			odmdelete -o CuAt -q "name=w$k and attribute=a$((i - 1))" >>deleted.$k ||
				echo "w$k round $i: odmdelete exit $?" >>fail.$k
		fi
		i=$((i + 1))
	done 2>>fail.$k
}

# What each worker must leave behind, in the order it added the objects.
expect() {
	k=$1 i=1
	while [ $i -le $ROUNDS ]; do
		if [ $((i % 5)) -ne 4 ]; then
			printf 'CuAt:\n\tname = "w%s"\n\tattribute = "a%s"\n\tvalue = "v%s"\n\ttype = ""\n\tgeneric = ""\n\trep = ""\n\tnls_index = %s\n\n' \
				$k $i $i $k
		fi
		i=$((i + 1))
	done
}

odmget CuAt >/dev/null
k=1
pids=
while [ $k -le $WORKERS ]; do
	: >fail.$k
	worker $k &
	pids="$pids $!"
	k=$((k + 1))
done
wait $pids

k=1
while [ $k -le $WORKERS ]; do
	t_same "worker $k: no command failed" /dev/null fail.$k
	expect $k >expected.$k
	odmget -q "name=w$k" CuAt >got.$k
	t_same "worker $k: every object there, as changed" expected.$k got.$k
	k=$((k + 1))
done
cat deleted.* | sort | uniq -c | sed 's/^ *//' >deleted
t_cmp deleted cat deleted
t_cmp count odmdelete -o CuAt
t_done
