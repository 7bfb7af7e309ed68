# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - shell functions shared by the device command tests (sourced after functions.sh).

# Run a command inside the host namespace $H.
h() { ip netns exec "$H" "$@"; }

# Every route of namespace $1 but the local table's, both families.
dev_routes() {
	ip -n "$1" -4 route show table all | grep -v ' table local'
	ip -n "$1" -6 route show table all | grep -v '^local \|^multicast \| table local'
}

# The same without the preferred sources: which routes exist.
dev_routes_nosrc() {
	dev_routes "$1" | sed 's/ src [^ ]*//'
}

# The preferred source of the route the kernel picks for $2 in namespace $1.
dev_src_for() {
	ip -n "$1" route get "$2" | sed -n 's/.* src \([^ ]*\).*/\1/p'
}

# Accept one TCP connection on $2 port $3 in namespace $1, print the
# peer's address; runs in the background, writes to file $4.
dev_listen() {
	ip netns exec "$1" perl -MIO::Socket::IP -e '
		my $s = IO::Socket::IP->new(LocalAddr => $ARGV[0], LocalPort => $ARGV[1],
			Listen => 1, ReuseAddr => 1, Proto => "tcp") or die "listen: $!";
		open(my $r, ">", $ARGV[2] . ".ready"); close $r;
		$SIG{ALRM} = sub { exit 1 }; alarm 10;
		my $c = $s->accept or exit 1;
		print $c->peerhost, "\n";' "$2" "$3" "$4" >"$4" 2>&1 &
	DEV_LISTENER=$!
	i=0; while [ ! -f "$4.ready" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}

# Connect from namespace $1 to $2 port $3 (optionally from address $4).
dev_connect() {
	_ns=$1; shift
	ip netns exec "$_ns" perl -MIO::Socket::IP -e '
		my %o = (PeerAddr => $ARGV[0], PeerPort => $ARGV[1], Proto => "tcp", Timeout => 5);
		$o{LocalAddr} = $ARGV[2] if defined $ARGV[2];
		IO::Socket::IP->new(%o) or die "connect: $@\n";' "$@" 2>&1
}

# The route records (class CuRoute) of device $1 in $H, in full, but the
# network stack and the kernel's message, which change from run to run
# and kernel to kernel: shown as STACK and HEX when they have their form.
dev_records() {
	h odmget -q "name=$1" CuRoute |
		sed 's/^\tstack = "[0-9a-f]\{16\}"$/\tstack = STACK/; s/^\tmsg = "\([0-9a-f][0-9a-f]\)*"$/\tmsg = HEX/'
}

# The start of a test in the sample environment: skip unless root, with
# ip and the commands named ($@); a repository of its own (t_odmdir); the
# namespaces $H and $P (t_sample_env).
dev_sample_env() {
	t_need_root
	t_need_cmd ip "$@"
	t_odmdir
	t_sample_env || t_skip_all "cannot build the sample environment"
}

# Start "cfgif -w" in $H in the background (its pid in $W, killed at
# exit), its output in $T_TMP/watch.out and watch.err; return once it
# catches SIGHUP and SIGTERM (a signal sent before would end it), or 1
# if it does not within 30 s.
dev_watch() {
	ip netns exec "$H" cfgif -w >"$T_TMP/watch.out" 2>"$T_TMP/watch.err" &
	W=$!
	t_at_exit "kill $W 2>/dev/null"
	for _ in $(seq 300); do
		# SigCgt: the caught signals, a hex mask; SIGHUP is bit 0,
		# SIGTERM bit 14 (0x4001 both)
		m=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$W/status" 2>/dev/null)
		[ -n "$m" ] && [ $((0x$m & 0x4001)) -eq $((0x4001)) ] && return 0
		sleep 0.1
	done
	return 1
}

# Poll (10 s at most) until the watch (dev_watch) printed line $1.
dev_watch_line() {
	for _ in $(seq 100); do
		grep -qxF "$1" "$T_TMP/watch.out" && return 0
		sleep 0.1
	done
	return 1
}

# Poll (10 s at most) until route $1 of family $2 (-4, -6) in $H shows
# source $3.
dev_wait_src() {
	for _ in $(seq 100); do
		ip -n "$H" "$2" route show "$1" | grep -q " src $3 " && return 0
		sleep 0.1
	done
	return 1
}

# Poll (10 s at most) until the routes of $H (dev_routes) are file $1;
# the last dump is left in $T_TMP/now.
dev_wait_routes() {
	for _ in $(seq 100); do
		dev_routes "$H" >"$T_TMP/now"
		cmp -s "$1" "$T_TMP/now" && return 0
		sleep 0.1
	done
	return 1
}

# Poll (60 s at most) until at least $1 routes under 198.18.0.0/16 in $H
# show source $2; the last count is left in $n.
dev_wait_batch() {
	for _ in $(seq 600); do
		n=$(ip -n "$H" route show root 198.18.0.0/16 | grep -c " src $2")
		[ "$n" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# Poll (30 s at most) until vi0 has $1 records of routes under
# 198.18.0.0/16 (the watch's writer commits them a little after the
# source); the last count is left in $n.
dev_wait_recs() {
	for _ in $(seq 300); do
		n=$(h odmget -q name=vi0 CuRoute | grep -c '^	route = "254 198\.18\.')
		[ "$n" -eq "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# Stop the watch ($W) with SIGTERM: it exits 0 with nothing on stderr,
# and a cfgif after it finds nothing to change (four results).
dev_watch_end() {
	kill -TERM "$W"
	wait "$W"
	t_ok $? "SIGTERM: exit 0"
	t_same "nothing on stderr" /dev/null "$T_TMP/watch.err"
	h cfgif >"$T_TMP/cfgif" 2>&1
	t_ok $? "cfgif after it"
	t_same "cfgif: nothing to change" /dev/null "$T_TMP/cfgif"
}

# A storm in $H: the ip -batch lines of $T_TMP/add, then those of
# $T_TMP/del, over and over through one "ip -batch -" (no pause between
# the rounds) until dev_storm_end; its pid in $S.
dev_storm() {
	perl -e '
		local $/; open(my $a, "<", $ARGV[0]) or die; my $add = <$a>;
		open(my $d, "<", $ARGV[1]) or die; my $del = <$d>;
		$| = 1; print $add, $del until -e $ARGV[2];' \
		"$T_TMP/add" "$T_TMP/del" "$T_TMP/stop" | ip -n "$H" -batch - &
	S=$!
	t_at_exit "touch '$T_TMP/stop'; kill $S 2>/dev/null"
}

# End the storm after its round: two results (it still ran, no error).
dev_storm_end() {
	kill -0 "$S" 2>/dev/null
	t_ok $? "the storm still ran"
	: >"$T_TMP/stop"
	wait "$S"
	t_ok $? "the storm ended without an error"
}

# $1 routes 198.18.A.B/32 via en1: the ip -batch lines that add them in
# $T_TMP/add, those that delete them in $T_TMP/del.
dev_batch_files() {
	for i in $(seq 0 $(($1 - 1))); do
		echo "route add 198.18.$((i / 250)).$((i % 250))/32 via 10.68.1.2 dev en1"
	done >"$T_TMP/add"
	sed 's/^route add/route del/' "$T_TMP/add" >"$T_TMP/del"
}
