#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif -w when the records of the sources cannot be saved: the file system
# of the repository is full (a small tmpfs, in a mount namespace of the
# test's own).  The watch gives a new route of the group the source at once;
# its record cannot be committed, and the watch takes the source back, says
# why in one warning line, and runs a full pass, which fails the same way
# (and undoes itself, a change the watch does not patch again: until a pass
# has read the records back, only a pass changes a route); the watch ends
# with the error after a second try.  Nothing lost: the repository (full dump)
# and every route (full dump) as before, the new route there without a
# source.  With room again, cfgif gives it the source and records it.
# Last, the repository read-only (a read-only root at boot): the watch
# runs, gives new routes of the group the source by full passes (which say
# in a warning what they could not record), and writes nothing.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
# a mount namespace of its own: the tmpfs goes with the test
if [ -z "${VT_OWN_MOUNTS:-}" ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	VT_OWN_MOUNTS=1 exec unshare -m "$0" "$@"
fi
t_init dev/watch-full
dev_sample_env unshare
[ -n "${VT_OWN_MOUNTS:-}" ] || t_skip_all "needs a mount namespace of its own (unshare -m)"
mount --make-rprivate / && mount -t tmpfs -o size=2m,mode=0755 vipa-full "$ODMDIR"
t_ok $? "a 2 MB tmpfs for the repository"
t_at_exit "umount $ODMDIR"

# Every record and device of the repository.
repo() { odmget CuDv CuAt CuRoute | sed 's/^\tstack = "[0-9a-f]\{16\}"$/\tstack = STACK/'; }

h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
t_ok $? "mkinetvi"
ip -n "$H" route add 10.99.1.0/24 via 10.68.1.2 dev en1
dev_watch
t_ok $? "the watch runs"
dev_wait_src 10.99.1.0/24 -4 10.68.6.1
t_ok $? "a route added with the watch running gets the source"
# ... and its record, committed by the writer
for _ in $(seq 100); do
	odmget -q "name=vi0 and route='254 10.99.1.0/24 0'" CuRoute | grep -q prev && break
	sleep 0.1
done
t_cmp $T_CASE.record dev_records vi0

repo >"$T_TMP/repo.before"
dev_routes "$H" >"$T_TMP/routes.before"
dd if=/dev/zero of="$ODMDIR/fill" bs=64k 2>/dev/null
[ "$(df -k --output=avail "$ODMDIR" | tail -1)" -eq 0 ]
t_ok $? "the file system is full"

ip -n "$H" route add 10.99.2.0/24 via 10.68.1.2 dev en1
for _ in $(seq 600); do
	kill -0 $W 2>/dev/null || break
	sleep 0.1
done
kill -0 $W 2>/dev/null && kill $W
wait $W
echo "exit $?" >>"$T_TMP/watch.err"
t_cmp $T_CASE.out cat "$T_TMP/watch.out"
t_cmp $T_CASE.err cat "$T_TMP/watch.err"
ip -n "$H" route show 10.99.2.0/24 >"$T_TMP/new"
t_cmp $T_CASE.new cat "$T_TMP/new"
repo >"$T_TMP/repo.after"
t_same "the repository as before" "$T_TMP/repo.before" "$T_TMP/repo.after"
dev_routes "$H" | grep -v '^10\.99\.2\.0/24 ' >"$T_TMP/routes.after"
t_same "every other route as before" "$T_TMP/routes.before" "$T_TMP/routes.after"

rm -f "$ODMDIR/fill"
t_cmp $T_CASE.cfgif h cfgif
dev_wait_src 10.99.2.0/24 -4 10.68.6.1
t_ok $? "with room again, cfgif gives the route the source"
t_cmp $T_CASE.records dev_records vi0

mount -o remount,ro "$ODMDIR"
t_ok $? "the repository read-only"
repo >"$T_TMP/repo.before"
dev_watch
t_ok $? "the watch runs on a read-only repository"
for n in 3 4; do
	ip -n "$H" route add 10.99.$n.0/24 via 10.68.1.2 dev en1
	dev_wait_src 10.99.$n.0/24 -4 10.68.6.1
	t_ok $? "read-only: route 10.99.$n.0/24 gets the source"
done
kill $W
wait $W
t_ok $? "read-only: SIGTERM, exit 0"
# (whether the first pass or a later one gives a route its source depends
# on when the route comes: the lines are checked, not their order)
grep -v -e '^vi0: route 10\.99\.[34]\.0/24 dev en1 table 254: source 10\.68\.6\.1$' \
	-e "^\(cfgif: \)\{0,1\}warning: the repository '$ODMDIR' is read-only: the kernel was set from it, but [0-9]* of its records (Defined devices, route sources) were left unwritten$" \
	"$T_TMP/watch.out" "$T_TMP/watch.err" >"$T_TMP/other"
t_ok $(($? != 1)) "read-only: nothing but the routes' lines and the read-only warning"
t_diag <"$T_TMP/other"
repo >"$T_TMP/repo.after"
t_same "read-only: the repository not written" "$T_TMP/repo.before" "$T_TMP/repo.after"
t_done
