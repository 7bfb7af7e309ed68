#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lsattr hands arguments that are not in the AIX form to the e2fsprogs
# lsattr: the same output, errors and exit status as running it directly.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
t_init ls/e2fsprogs
E2FS=
for p in /usr/bin/lsattr /bin/lsattr /usr/sbin/lsattr /sbin/lsattr; do
	if [ -x "$p" ] && "$p" -V 2>&1 | grep -q '^lsattr [0-9]'; then E2FS=$p; break; fi
done
[ -n "$E2FS" ] || t_skip_all "needs the e2fsprogs lsattr"
t_odmdir
ls_datadir
ls_sample

# Both programs run under the name "lsattr" (e2fsprogs prints its argv[0]).
mkdir -p "$T_TMP/e2fs" "$T_TMP/files/sub"
ln -s "$E2FS" "$T_TMP/e2fs/lsattr"
echo x >"$T_TMP/files/a"
echo y >"$T_TMP/files/sub/b"
cd "$T_TMP/files" || exit 99

# same NAME ARGS...: ours against e2fsprogs, stdout, stderr and status.
same() {
	name=$1
	shift
	t_run lsattr "$@"
	mv "$T_TMP/out" "$T_TMP/ours"
	PATH="$T_TMP/e2fs:$PATH" t_run lsattr "$@"
	t_same "$name: lsattr $*" "$T_TMP/out" "$T_TMP/ours"
}
same file a
same files a sub/b
same dir-d -d sub
same none
same all -a
same recursive -R sub
same recursive-long -Rl sub
same long -l a
same long-R -lR sub
same missing nosuch
same missing-long -l nosuch
same version -V
same unknown-option -z a
same only-a -a sub

# The AIX forms stay ours: any option only the AIX command has, and -l
# naming a device, even beside a file of the device's name.
t_cmp e2fs-l-device lsattr -l vi0
t_cmp e2fs-P-aix lsattr -Pl vi0 -a state
t_cmp e2fs-l-a-aix lsattr -l vi9 -a state
t_cmp e2fs-Z-aix lsattr -Z x a
t_cmp e2fs-f-aix lsattr -f nosuch a
t_cmp e2fs-j-aix lsattr -j -l vi0
t_cmp e2fs-o-aix lsattr -o chdev a
echo z >"$T_TMP/files/vi0"
t_cmp e2fs-R-aix lsattr -R -l vi0 -a state
t_cmp e2fs-El-aix lsattr -El vi0 -a netaddr
t_cmp e2fs-R-noattr lsattr -R -l vi9
t_cmp e2fs-l-device-file lsattr -l vi0
# ... and a file of the device's name is still e2fsprogs' by its forms.
same file-of-device-name vi0
same long-file-of-device-name -l vi0 a

t_done
