#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's short tour, exactly as written: the indented lines between
# its markers <!-- tour --> and <!-- /tour -->, in order, in one shell,
# in the AIX sample's host namespace.  The repository its first line names
# (/var/lib/vipa/objrepos) is on a scratch file system mounted over
# /var/lib in a mount namespace of the test's own, so that the host's is
# never touched.  The whole output (each line, then what it printed) is
# compared, so the README cannot drift from what the commands do; after
# the tour every route is as before.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/tour
t_need_root
t_need_cmd ip unshare mount
t_sample_env || t_skip_all "cannot build the sample environment"
dev_routes $H >"$T_TMP/routes.before"

sed -n '/^<!-- tour -->$/,/^<!-- \/tour -->$/s/^    //p' "$top_srcdir/README.md" >"$T_TMP/tour"
t_ok $(($(wc -l <"$T_TMP/tour") < 5)) "the README has a tour between its markers"

# Each line is shown, then run as the shell reads it (an export holds for
# the lines after it), with its output and a non-zero exit status.
cat >"$T_TMP/run.sh" <<'EOF'
while IFS= read -r line; do
	printf '$ %s\n' "$line"
	eval "$line" </dev/null 2>&1
	rc=$?
	[ $rc -eq 0 ] || echo "(exit $rc)"
done <"$1"
EOF
tour() {
	ip netns exec "$H" unshare --mount --propagation private sh -c '
		mount -t tmpfs -o mode=0755 tour /var/lib &&
		mkdir -p /var/lib/vipa/objrepos &&
		sh "$1" "$2"' sh "$T_TMP/run.sh" "$T_TMP/tour"
}
t_cmp $T_CASE.out tour
dev_routes $H >"$T_TMP/routes.after"
t_same "after the tour every route is as before" "$T_TMP/routes.before" "$T_TMP/routes.after"
t_done
