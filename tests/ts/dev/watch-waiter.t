#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cfgif -w and a command that waits for the repository a long time (here
# a process that holds the waiter's mark, the read lock on the first byte
# of ODMDIR/.lock, and stays): a route that comes meanwhile still gets
# the source (from a pass), and then the watch sleeps as when idle: it
# does not wake every millisecond to look whether the command had its
# turn.  Its wakeups are counted over 5 s: about 20 idle (a tick each
# 250 ms), thousands when it polls; the bound is far from both.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/watch-waiter
dev_sample_env perl
perl -MConfig -e 'exit($Config{longsize} == 8 ? 0 : 1)' ||
	t_skip_all "struct flock laid out for a 64-bit long only"

# the wakeups of the watch's threads so far
wakeups() {
	cat /proc/"$W"/task/*/status | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s }'
}

h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5 >/dev/null
t_ok $? "mkinetvi"
dev_watch
t_ok $? "the watch runs"

# F_OFD_SETLK (37), a read lock on byte 0: what a waiting writer holds
perl -e 'open(my $f, "<", $ARGV[0]) or die "$ARGV[0]: $!\n";
	my $fl = pack("ssx4qqix4", 0, 0, 0, 1, 0);
	fcntl($f, 37, $fl) or die "F_OFD_SETLK: $!\n";
	open(my $r, ">", $ARGV[1]) or die; close $r;
	sleep 1 until -e $ARGV[2];' "$ODMDIR/.lock" "$T_TMP/ready" "$T_TMP/stop" &
L=$!
t_at_exit "touch '$T_TMP/stop'; kill $L 2>/dev/null"
for _ in $(seq 100); do [ -e "$T_TMP/ready" ] && break; sleep 0.1; done
[ -e "$T_TMP/ready" ]
t_ok $? "a waiter's mark is held"

ip -n "$H" route add 198.18.9.1/32 via 10.68.1.2 dev en1
dev_wait_src 198.18.9.1/32 -4 10.68.6.1
t_ok $? "a route that comes meanwhile gets the source"
sleep 1	# the pass that gave it ends
a=$(wakeups)
sleep 5
n=$(($(wakeups) - a))
echo "# wakeups of the watch in 5 s with the waiter there: $n"
t_ok $((n >= 500)) "the watch does not poll while the waiter stays ($n wakeups)"

: >"$T_TMP/stop"
wait $L
t_ok $? "the waiter ends"
ip -n "$H" route add 198.18.9.2/32 via 10.68.1.2 dev en1
dev_wait_src 198.18.9.2/32 -4 10.68.6.1
t_ok $? "after it, a route gets the source"
dev_watch_end
t_done
