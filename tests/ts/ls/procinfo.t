#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lsdev hands arguments that are not in the AIX form to procinfo's lsdev
# (the hardware's interrupts, DMA and I/O ports): the same output, errors
# and exit status as running it directly.  lsdev alone stays ours.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
t_init ls/procinfo
PROCINFO=
for p in /usr/bin/lsdev /bin/lsdev; do
	if [ -f "$p" ] && grep -q 'Sander van Malssen' "$p" 2>/dev/null; then PROCINFO=$p; break; fi
done
[ -n "$PROCINFO" ] || t_skip_all "needs procinfo's lsdev"
t_odmdir
ls_datadir
ls_sample

# same NAME ARGS...: ours against procinfo's, stdout, stderr and status.
same() {
	name=$1
	shift
	t_run lsdev "$@"
	mv "$T_TMP/out" "$T_TMP/ours"
	t_run "$PROCINFO" "$@"
	t_same "$name: lsdev $*" "$T_TMP/out" "$T_TMP/ours"
}
same dashdash --
same operand pci
same unknown-option -z

# The AIX forms stay ours.
t_cmp procinfo-default lsdev
t_cmp procinfo-C lsdev -Cc if
t_cmp procinfo-missing-arg lsdev -c
t_done
