# SPDX-License-Identifier: GPL-2.0-or-later
# functions.sh - shared helpers for the shell tests (TAP output).
#
# A test script starts with:
#     . "$top_srcdir/tests/functions.sh"
#     t_init odm/odmget          # area/case: expected files in tests/expected/area/
# and ends with t_done.  Helpers:
#     t_ok COND-EXIT-STATUS WHAT      record one result
#     t_cmp NAME CMD ARGS...          run CMD, compare "stdout, stderr, exit" with
#                                     tests/expected/AREA/NAME
#     t_versioned CMD ARGS...         run CMD, "(vipa) N.N.N" shown as "(vipa) VERSION"
#                                     (for t_cmp: expected files outlive a release)
#     t_skip_all REASON               skip the whole test (exit 77)
#     t_need_root, t_need_cmd CMD     skip unless possible
#     t_odmdir                        a fresh scratch ODMDIR, exported
#     t_netns NAME                    a network namespace removed at exit; prints its name
#     t_sample_env [N]                the AIX sample: host namespace $H (en1, en5) and peer $P
#     t_state NS                      dump of the database and the kernel state of NS

: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." 2>/dev/null && pwd)}"
: "${top_builddir:=$top_srcdir}"
export LC_ALL=C
T_N=0
T_FAILED=0
T_CLEANUP=
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vipa-test.XXXXXX")

t_init() {
	T_AREA=${1%/*}
	T_CASE=${1##*/}
	T_EXPECTED="$top_srcdir/tests/expected/$T_AREA"
	trap t_cleanup EXIT
	trap 'exit 99' INT TERM
}

t_cleanup() {
	set +e
	eval "$T_CLEANUP"
	# Namespaces made by t_netns, even from a $(...) subshell ($$ is the
	# test's own PID there too).
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^vt-$$-"); do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns"
	done
	rm -rf "$T_TMP"
}

t_at_exit() { T_CLEANUP="$*; $T_CLEANUP"; }

t_ok() {
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}

t_diag() { sed 's/^/# /'; }

# t_skip WHY: one test skipped, named with WHY; the file goes on.
t_skip() {
	T_N=$((T_N + 1))
	echo "ok $T_N # SKIP $*"
}

t_skip_all() {
	echo "1..0 # SKIP $*"
	exit 77
}

t_need_root() {
	[ "$(id -u)" -eq 0 ] || t_skip_all "needs root (network namespaces)"
	ip netns add "vt-probe-$$" 2>/dev/null || t_skip_all "cannot create a network namespace"
	ip netns del "vt-probe-$$"
}

t_need_cmd() {
	for c; do command -v "$c" >/dev/null 2>&1 || t_skip_all "needs $c"; done
}

# Run a command; its stdout, then stderr, then the exit status, go to $T_TMP/out.
t_run() {
	"$@" >"$T_TMP/stdout" 2>"$T_TMP/stderr"
	T_RC=$?
	{
		cat "$T_TMP/stdout"
		if [ -s "$T_TMP/stderr" ]; then echo "--- stderr"; cat "$T_TMP/stderr"; fi
		echo "--- exit $T_RC"
	} >"$T_TMP/out"
	return $T_RC
}

# t_cmp NAME CMD...: compare the run's full output with the expected file.
# With T_UPDATE=1 the expected file is (re)written instead.
t_cmp() {
	name=$1; shift
	t_run "$@"
	if [ "${T_UPDATE:-0}" = 1 ]; then
		mkdir -p "$T_EXPECTED"
		cp "$T_TMP/out" "$T_EXPECTED/$name"
	fi
	if diff -u "$T_EXPECTED/$name" "$T_TMP/out" >"$T_TMP/diff" 2>&1; then
		t_ok 0 "$name: $*"
	else
		t_ok 1 "$name: $*"
		t_diag <"$T_TMP/diff"
	fi
}

# t_versioned CMD...: run CMD with its version number replaced by VERSION
# in stdout; keeps CMD's exit status.
t_versioned() {
	"$@" >"$T_TMP/versioned"
	set -- $?
	sed 's/ (vipa) [0-9][^ ]*$/ (vipa) VERSION/' "$T_TMP/versioned"
	return "$1"
}

# t_same WHAT FILE1 FILE2: two files must be identical.
t_same() {
	if diff -u "$2" "$3" >"$T_TMP/diff" 2>&1; then t_ok 0 "$1"; else
		t_ok 1 "$1"; t_diag <"$T_TMP/diff"; fi
}

t_done() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
	exit $?
}

t_odmdir() {
	ODMDIR="$T_TMP/objrepos.$T_N.$$"
	mkdir -p "$ODMDIR"
	export ODMDIR
}

# t_netns NAME: create namespace vt-$$-NAME, print its name; t_cleanup
# removes it at exit (also when called as H=$(t_netns host)).
t_netns() {
	ns="vt-$$-$1"
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up
	echo "$ns"
}

# The AIX sample environment: host $H with en1 10.68.1.1/24 and en5
# 10.68.5.1/24 (veth to the peer $P: p1 10.68.1.2/24, p5 10.68.5.2/24),
# default route via the peer on en1.  The peer holds the "remote" address
# $REMOTE on lo and routes the VIPA net 10.68.6.0/24 back over both links.
# With an argument N the namespaces are hostN and peerN, so that a test may
# build several.
t_sample_env() {
	H=$(t_netns "host$1") && P=$(t_netns "peer$1") || return 1
	REMOTE=192.0.2.1
	ip link add en1 netns "$H" type veth peer name p1 netns "$P"
	ip link add en5 netns "$H" type veth peer name p5 netns "$P"
	ip -n "$H" addr add 10.68.1.1/24 dev en1
	ip -n "$H" addr add 10.68.5.1/24 dev en5
	ip -n "$P" addr add 10.68.1.2/24 dev p1
	ip -n "$P" addr add 10.68.5.2/24 dev p5
	ip -n "$P" addr add $REMOTE/32 dev lo
	for l in en1 en5; do ip -n "$H" link set $l up; done
	for l in p1 p5; do ip -n "$P" link set $l up; done
	ip -n "$H" route add default via 10.68.1.2 dev en1
	ip -n "$P" route add 10.68.6.0/24 nexthop via 10.68.1.1 dev p1 nexthop via 10.68.5.1 dev p5
	# IPv6 beside it: 2001:db8:1::/64 on en1, 2001:db8:5::/64 on en5.
	ip -n "$H" addr add 2001:db8:1::1/64 dev en1 nodad
	ip -n "$H" addr add 2001:db8:5::1/64 dev en5 nodad
	ip -n "$P" addr add 2001:db8:1::2/64 dev p1 nodad
	ip -n "$P" addr add 2001:db8:5::2/64 dev p5 nodad
	ip -n "$P" addr add 2001:db8:ff::1/128 dev lo
	ip -n "$H" -6 route add default via 2001:db8:1::2 dev en1
	ip -n "$P" -6 route add 2001:db8:6::/64 nexthop via 2001:db8:1::1 dev p1 nexthop via 2001:db8:5::1 dev p5
	t_settle "$H"
	t_settle "$P"
	export H P REMOTE
}

# t_settle NS: wait (bounded, 20 s) until the IPv6 state of NS stops changing
# by itself, so that dumps taken before and after a command differ only by
# what the command did.  The kernel finishes IPv6 on its own time: a veth
# link gets its link-local address only when the link watch reports the
# carrier (up to a second later), duplicate address detection keeps an
# address tentative for another second or two, and the local route of an
# address and the fe80::/64 and ff00::/8 routes of a link come from a work
# queue.  Settled means: no tentative address; every up link with carrier
# that generates a link-local address (not lo, addrgenmode not none) has
# one, with its fe80::/64 and ff00::/8 routes; every address of an up link
# has its local route.  Prints what is still missing when it gives up.
t_settle() {
	for _ in $(seq 400); do
		t_settle_missing "$1" >/dev/null || return 0
		sleep 0.05
	done
	echo "# t_settle $1: still missing: $(t_settle_missing "$1" | tr '\n' ' ')" >&2
	return 1
}

# t_settle_missing NS: print what keeps NS from being settled, one item a
# line; true when something is missing.
t_settle_missing() {
	{
		ip -n "$1" -d -o link show 2>/dev/null | sed 's/^/L /'
		ip -n "$1" -6 -o addr show 2>/dev/null | sed 's/^/A /'
		ip -n "$1" -6 route show table all 2>/dev/null | sed 's/^/R /'
	} | awk '
	function dev(f) { sub(/@.*/, "", f); sub(/:$/, "", f); return f }
	$1 == "L" {
		d = dev($3)
		if (d != "lo" && $4 ~ /[<,]UP[,>]/ && $4 ~ /LOWER_UP/) {
			up[d] = 1
			if ($0 !~ / addrgenmode none /) ll[d] = 1
		}
		next
	}
	$1 == "A" {
		d = $3; a = $5; sub(/\/.*/, "", a)
		if ($0 ~ / tentative /) print "tentative " a " dev " d
		if (a ~ /^fe80:/) have_ll[d] = 1
		addr[a] = d
		next
	}
	$1 == "R" {
		if ($2 == "local") route["local " $3 " dev " $5] = 1
		else if ($2 == "multicast") route["multicast " $3 " dev " $5] = 1
		else if ($2 == "fe80::/64") route["fe80::/64 dev " $4] = 1
		next
	}
	END {
		for (d in ll) {
			if (!(d in have_ll)) print "link-local address dev " d
			if (!(("fe80::/64 dev " d) in route)) print "fe80::/64 dev " d
			if (!(("multicast ff00::/8 dev " d) in route)) print "multicast ff00::/8 dev " d
		}
		for (a in addr)
			if ((addr[a] in up) && !(("local " a " dev " addr[a]) in route))
				print "local " a " dev " addr[a]
	}' | sort | grep .
}

# Run a command inside namespace $1.
t_in() { ns=$1; shift; ip netns exec "$ns" "$@"; }

# t_state NS: the database and the kernel's links, addresses and routes.
t_state() {
	echo "== database"
	for db in "$ODMDIR"/cu.db; do
		[ -f "$db" ] && sqlite3 "$db" .dump
	done
	[ -n "$1" ] || return 0
	t_settle "$1"
	echo "== links"
	ip -n "$1" -o link show | sed 's/^[0-9]*: //'
	echo "== addresses"
	ip -n "$1" -o addr show | sed 's/^[0-9]*: //; s/valid_lft.*//'
	echo "== routes"
	ip -n "$1" route show table all
	ip -n "$1" -6 route show table all
}
