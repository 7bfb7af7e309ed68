#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The links that hold VIPAs: created (dummy, or ifb where the kernel has no
# dummy driver) down, NOARP, with the alias that marks them as ours; found,
# listed, set up and down, re-marked and deleted; the errors.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/net/lib.sh"
t_init net/link
t_need_root
t_need_cmd ip
N=$(t_netns link) || t_skip_all "cannot create a network namespace"
net_own "$N"
VI_KIND=$(net_vi_kind "$N")

t_cmp link-mk vt_k "$N" mklink vi0 vipa:vi0
t_cmp link-show-new vt_k "$N" link vi0
# The kind is the one the kernel can make (ifb where dummy is missing).
ip -n "$N" -d link show vi0 | grep -q "^ *$VI_KIND "
t_ok $? "vi0 has kind $VI_KIND"
# What the kernel reports: name, state, MAC prefix (our mark), flags; the alias.
t_cmp link-ip-new sh -c "ip -n $N -br link show vi0 | awk '{print \$1, \$2, substr(\$3, 1, 8), \$4}'; ip -n $N -d link show vi0 | grep -o 'alias .*'"
t_cmp link-mk-again vt_k "$N" mklink vi0 vipa:vi0
t_cmp link-mk-noalias vt_k "$N" mklink vi1
# A link of the same kind made by someone else carries no mark.
ip -n "$N" link add vi2 type "$VI_KIND"
t_cmp link-list vt_k "$N" links
ip -n "$N" link del vi2
t_cmp link-up vt "$N" up vi0
t_cmp link-show-up vt_k "$N" link vi0
t_cmp link-ip-up sh -c "ip -n $N -br link show vi0 | awk '{print \$1, \$4}'"
t_cmp link-down vt "$N" down vi0
t_cmp link-show-down vt_k "$N" link vi0
t_cmp link-alias-clear vt "$N" alias vi0
t_cmp link-show-noalias vt_k "$N" link vi0
t_cmp link-alias-set vt "$N" alias vi0 vipa:vi0
t_cmp link-show-alias vt_k "$N" link vi0
t_cmp link-bad-name vt "$N" mklink vi0123456789abcdef
t_cmp link-bad-char vt "$N" mklink 'vi/0'
t_cmp link-get-none vt "$N" link vi9
t_cmp link-up-none vt "$N" up vi9
# Without privilege: refused by the kernel, nothing changed; reading works.
if command -v setpriv >/dev/null 2>&1 &&
	ip netns exec "$N" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$VNL_TOOL" link lo >/dev/null 2>&1; then
	nobody() { ip netns exec "$N" setpriv --reuid=65534 --regid=65534 --clear-groups "$VNL_TOOL" "$@"; }
	t_cmp link-user-mk nobody mklink vi3 vipa:vi3
	t_cmp link-user-rm nobody rmlink vi0
	t_cmp link-user-up nobody up vi0
	t_cmp link-user-show vt_k "$N" link vi0
else
	for c in link-user-mk link-user-rm link-user-up link-user-show; do
		T_N=$((T_N + 1)); echo "ok $T_N - $c # SKIP cannot run as an unprivileged user"
	done
fi
t_cmp link-rm vt "$N" rmlink vi0
t_cmp link-rm-again vt "$N" rmlink vi0
t_cmp link-rm-1 vt "$N" rmlink vi1
t_cmp link-list-after vt_k "$N" links
t_done
