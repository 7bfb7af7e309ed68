#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Netlink faults: ENOBUFS, EINTR and EIO injected (strace -e inject) at the
# Nth netlink send (sendto, sendmsg) or receive (recvmsg, recvfrom) of each
# changing command, for N from 1 until the command no longer reaches it.
# After each run one of three holds:
#   done:     exit 0, the change is made, and cfgif -n finds nothing to do;
#   undone:   exit 4, database and kernel exactly as before;
#   differs:  exit 8, the message names what differs, and one cfgif makes
#             kernel and database agree.
# Never a route lost: the routes of every table, without their sources,
# are the same after each run (after the cfgif for "differs").
# Each injection point gets one of the three errors, rotating from a seed
# (printed; T_FAULTS_SEED sets it); T_FAULTS_ALL=1 tries all three at each.
# Then faults in the undo too: every send from the Nth on fails, so that
# each step made must be named (exit 8) and put right by one cfgif.
# The counts of each outcome are printed.  T_FAULTS_STRIDE=K (default 1)
# tries every Kth injection point only, from an offset the seed gives: the
# sanitizer and clang builds of tests/run-all use it to bound their time,
# the gcc build tries them all.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/faults
t_need_root
t_need_cmd ip sqlite3 strace
strace -qq -o /dev/null -e inject=getpid:error=EIO:when=1 true 2>/dev/null ||
	t_skip_all "strace cannot inject faults here"
# LeakSanitizer cannot run under ptrace (it aborts): in a sanitizer
# build, the commands run under strace check everything but leaks.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
t_odmdir
t_sample_env || t_skip_all "cannot build the sample environment"
# routes in other tables, through both interfaces, both families
ip -n "$H" route add 10.99.0.0/16 via 10.68.1.2 dev en1 table 100
ip -n "$H" route add 10.98.0.0/16 via 10.68.5.2 dev en5
ip -n "$H" route add 10.97.0.0/16 via 10.68.5.2 dev en5 table 200 metric 7
ip -n "$H" -6 route add 2001:db8:99::/48 via 2001:db8:1::2 dev en1 table 100
MK="mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5"
h $MK >/dev/null
h cfgif >/dev/null

SEED=${T_FAULTS_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "# seed $SEED (T_FAULTS_SEED=$SEED reproduces the choice of errors)"
ERRS="ENOBUFS EINTR EIO"
STRIDE=${T_FAULTS_STRIDE:-1}
case $STRIDE in '' | *[!0-9]* | 0) STRIDE=1 ;; esac
FIRST=$((1 + SEED % STRIDE))
[ "$STRIDE" = 1 ] || echo "# one injection point in $STRIDE, from point $FIRST on"

# The state to compare: database, links (their MAC addresses and indexes
# change when a link is made again), addresses, routes.
state() {
	t_state "$H" | sed 's|link/ether [0-9a-f:]*|link/ether MAC|' | sort
}
routes() {
	t_settle "$H"
	dev_routes_nosrc "$H" | sort
}
attr() { h lsattr -El vi0 -a "$1" -F value 2>/dev/null; }
have_vi0() { [ -n "$(h lsdev -l vi0 2>/dev/null)" ]; }

# The next command of operation $1, from the state the last run left.
next_cmd() {
	case $1 in
	netaddr) if [ "$(attr netaddr)" = 10.68.6.1 ]; then echo "chdev -l vi0 -a netaddr=10.68.6.2"
		 else echo "chdev -l vi0 -a netaddr=10.68.6.1"; fi ;;
	chvi) case $(attr interface_names) in
	      *en5*) echo "chvi -l vi0 -i en5 -o remove" ;;
	      *) echo "chvi -l vi0 -i en5 -o add" ;; esac ;;
	state) if [ "$(attr state)" = up ]; then echo "chdev -l vi0 -a state=down"
	       else echo "chdev -l vi0 -a state=up"; fi ;;
	rmdev) if have_vi0; then echo "rmdev -l vi0 -d"; else echo "$MK"; fi ;;
	esac
}

# Is the change of command $1 in the database?
made() {
	case $1 in
	mkinetvi*) have_vi0 ;;
	rmdev*) ! have_vi0 ;;
	*netaddr=*) [ "$(attr netaddr)" = "${1##*netaddr=}" ] ;;
	*"-o remove") case $(attr interface_names) in *en5*) false ;; *) true ;; esac ;;
	*"-o add") case $(attr interface_names) in *en5*) true ;; *) false ;; esac ;;
	*state=*) [ "$(attr state)" = "${1##*state=}" ] ;;
	esac
}

# cfgif -n has nothing to do: kernel and database agree.
agree() {
	out=$(h cfgif -n 2>&1) && [ -z "$out" ]
}

N_DONE=0 N_UNDONE=0 N_DIFFERS=0 N_BAD=0 N_RUNS=0

# fault CALLS ERR WHEN CMD: run CMD with ERR injected into the calls CALLS
# at the invocations WHEN (strace's syntax: N, or N+ for N and all later
# ones), and count the outcome.  Returns 1 when no call was reached (the
# command then ran untouched, and must have made its change).
fault() {
	# Without -f: only the command's own process (the build tree's
	# wrapper script execs it), so that no other process's calls count.
	h strace -qq -o "$T_TMP/st" -e trace=$1 -e inject=$1:error=$2:when=$3 \
		$4 >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	if ! grep -q INJECTED "$T_TMP/st"; then
		if [ $rc != 0 ] || ! made "$4" || ! agree; then
			N_BAD=$((N_BAD + 1))
			t_ok 1 "$4, no fault: exit $rc"
			t_diag <"$T_TMP/err"
		fi
		state >"$T_TMP/before"
		return 1
	fi
	N_RUNS=$((N_RUNS + 1))
	bad=
	case $rc in
	0) if made "$4" && agree; then N_DONE=$((N_DONE + 1))
	   else bad="exit 0 but the change is not complete"; fi
	   state >"$T_TMP/before" ;;
	4) state >"$T_TMP/after"
	   if cmp -s "$T_TMP/before" "$T_TMP/after"; then N_UNDONE=$((N_UNDONE + 1))
	   else bad="exit 4 but the state differs"
		diff -u "$T_TMP/before" "$T_TMP/after" | t_diag
		cp "$T_TMP/after" "$T_TMP/before"; fi ;;
	8) if grep -q 'not undone, the kernel differs from the database: .* (run cfgif)' \
		"$T_TMP/err" && h cfgif >/dev/null 2>&1 && agree
	   then N_DIFFERS=$((N_DIFFERS + 1))
	   else bad="exit 8 and cfgif does not make them agree"; fi
	   state >"$T_TMP/before" ;;
	*) bad="exit $rc"; h cfgif >/dev/null 2>&1; state >"$T_TMP/before" ;;
	esac
	routes >"$T_TMP/routes.after"
	if ! cmp -s "$T_TMP/routes.before" "$T_TMP/routes.after"; then
		bad="${bad:+$bad; }routes lost"
		diff -u "$T_TMP/routes.before" "$T_TMP/routes.after" | t_diag
		cp "$T_TMP/routes.after" "$T_TMP/routes.before"
	fi
	if [ -n "$bad" ]; then
		N_BAD=$((N_BAD + 1))
		t_ok 1 "$4, $2 at $1 #$3: $bad"
		t_diag <"$T_TMP/err"
	fi
	return 0
}

state >"$T_TMP/before"
routes >"$T_TMP/routes.before"
i=0
for op in netaddr chvi state rmdev; do
	for pass in 1 2; do   # both directions of each operation
		for calls in sendto,sendmsg recvmsg,recvfrom; do
			when=$FIRST
			while :; do
				i=$((i + 1))
				if [ "${T_FAULTS_ALL:-0}" = 1 ]; then errs=$ERRS; else
					set -- $ERRS; shift $(((SEED + i) % 3)); errs=$1; fi
				reached=0
				for err in $errs; do
					fault $calls $err $when "$(next_cmd $op)" && reached=1
				done
				[ $reached = 1 ] || break
				when=$((when + STRIDE))
			done
		done
		# the other direction next: one plain run turns it
		h $(next_cmd $op) >/dev/null 2>&1
		state >"$T_TMP/before"
	done
done
N1=$N_DIFFERS

# Faults in the undo too: every send from the Nth on fails, so that the
# change fails and so does each step of its undo.  Every change made by
# then must be named, and one cfgif must put it right.  From a vi0 that
# exists, whichever way the runs above left it.
have_vi0 || h $MK >/dev/null
state >"$T_TMP/before"
for op in netaddr chvi state rmdev; do
	when=$FIRST
	while :; do
		i=$((i + 1))
		set -- $ERRS; shift $(((SEED + i) % 3))
		fault sendto,sendmsg $1 $when+ "$(next_cmd $op)" || break
		when=$((when + STRIDE))
	done
done
echo "# $N_RUNS runs: $N_DONE done, $N_UNDONE undone (exit 4), $N_DIFFERS differ (exit 8, one cfgif made them agree), $N_BAD wrong"
t_ok $((N_RUNS < 50)) "faults were injected ($N_RUNS runs)"
t_ok $((N_DIFFERS > N1 ? 0 : 1)) "faults in the undo were named, and one cfgif made them agree ($((N_DIFFERS - N1)) runs)"
t_ok $N_BAD "every run done, undone, or named what differs ($N_DONE/$N_UNDONE/$N_DIFFERS), no route lost"
t_done
