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

# The AIX forms stay ours: any option of ours, the refused AIX ones too.
t_cmp procinfo-default lsdev
t_cmp procinfo-C lsdev -Cc if
t_cmp procinfo-missing-arg lsdev -c
t_cmp procinfo-r lsdev -r name
t_cmp procinfo-r-missing lsdev -r
t_cmp procinfo-p lsdev -p en1
t_cmp procinfo-f lsdev -f nosuch
t_cmp procinfo-j lsdev -j
t_cmp procinfo-json lsdev --json
t_cmp procinfo-x lsdev -x
t_done
