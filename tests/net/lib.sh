# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - shell functions for the tests of the rtnetlink layer (tests/ts/net).
# Source after tests/functions.sh.

VNL_TOOL="$top_builddir/tests/net/vnl-tool"

# vt NS ARGS...: run the test driver inside namespace NS.
vt() { vt_ns=$1; shift; ip netns exec "$vt_ns" "$VNL_TOOL" "$@"; }

# net_routes NS: every routing table of NS, without the lines that hold
# link-local addresses (random on veth and ifb links) and without the
# seconds an expiring route has left.
net_routes() {
	t_settle "$1"
	ip -n "$1" -4 route show table all
	ip -n "$1" -6 route show table all | grep -v '^local fe80::' |
		sed 's/ expires [0-9]*sec / expires (seconds left) /'
}

# net_addrs NS: the addresses of NS, link-local ones left out.
net_addrs() {
	ip -n "$1" -o addr show | sed 's/^[0-9]*: //; s/\\ */ /g' | grep -v ' fe80::'
}

# The kind of link the kernel gives a VIPA: dummy when it has the driver.
net_vi_kind() {
	if ip -n "$1" link add vkprobe type dummy 2>/dev/null; then
		ip -n "$1" link del vkprobe
		echo dummy
	else
		echo ifb
	fi
}

# vt_k NS ARGS...: vt with the kind in $VI_KIND printed as KIND, so that the
# expected files hold on kernels with and without the dummy driver.
vt_k() {
	vt "$@" >"$T_TMP/vtk.out" 2>"$T_TMP/vtk.err"
	vtk_rc=$?
	sed "s/\<$VI_KIND\>/KIND/g" "$T_TMP/vtk.out"
	sed "s/\<$VI_KIND\>/KIND/g" "$T_TMP/vtk.err" >&2
	return $vtk_rc
}

# net_conn_src HOST PEER ADDR PORT SRC WHAT: a TCP connection from HOST to
# ADDR:PORT in PEER must arrive from SRC (one TAP result; a skip without nc).
net_conn_src() {
	if ! command -v nc >/dev/null 2>&1; then
		T_N=$((T_N + 1))
		echo "ok $T_N - $6 # SKIP needs nc"
		return 0
	fi
	ip netns exec "$2" nc -l -n -v -w 5 "$3" "$4" </dev/null >"$T_TMP/nc.log" 2>&1 &
	nc_pid=$!
	# connect only once the listener is there (5 s at most)
	for _ in $(seq 100); do
		ip netns exec "$2" ss -Hltn "sport = :$4" | grep -q . && break
		sleep 0.05
	done
	echo hello | ip netns exec "$1" nc -n -N -w 3 "$3" "$4" >/dev/null 2>&1
	wait $nc_pid
	grep -q "Connection received on $5 " "$T_TMP/nc.log"
	nc_rc=$?
	t_ok $nc_rc "$6"
	[ $nc_rc -eq 0 ] || t_diag <"$T_TMP/nc.log"
}

# net_own NS...: delete these namespaces at exit.  t_netns registers its
# cleanup in the subshell of $(t_netns ...), where it is lost: register
# it again here, in the test's own shell.
net_own() {
	for own_ns; do t_at_exit "ip netns del $own_ns 2>/dev/null"; done
}
