#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The change log: every change the commands make to the kernel or the
# repository is one syslog line (LOG_USER, notice, tagged with the command)
# naming the user, the device and the change; reading commands and dry runs
# log nothing.  The commands run in a private mount namespace whose /dev/log
# is a socket this test reads.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init dev/changelog
dev_sample_env unshare python3
unset SUDO_USER

cat >"$T_TMP/listen.py" <<'PY'
import re, socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind("/dev/log")
open(sys.argv[2], "w").close()
with open(sys.argv[1], "w") as out:
    while True:
        m = sock.recv(65536).decode("utf-8", "replace")
        if m == "END":
            break
        # <PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE -> PRI TAG: MESSAGE
        m = re.sub(r"^<(\d+)>\w{3} [ \d]\d \d\d:\d\d:\d\d ([^\[:]+)\[\d+\]: ", r"\1 \2: ", m)
        out.write(m + "\n")
PY

cat >"$T_TMP/run.sh" <<'SH'
set -u
mount --make-rprivate /
mount -t tmpfs -o mode=0755 vipa-dev /dev
for n in null:1:3 zero:1:5 urandom:1:9; do
	mknod -m 666 "/dev/${n%%:*}" c $(echo "${n#*:}" | tr : ' ')
done
python3 "$T_TMP/listen.py" "$T_TMP/log" "$T_TMP/ready" &
for _ in $(seq 100); do [ -e "$T_TMP/ready" ] && break; sleep 0.05; done
h() { ip netns exec "$H" "$@"; }
{
	h mkinetvi -a netaddr=10.68.6.1 -a netmask=255.255.255.0 -a interface_names=en1,en5
	h lsattr -El vi0
	h lsdev -Cc if
	h ifconfig-vi vi0
	h chdev -l vi0 -a netaddr=10.68.6.2
	h chvi -l vi0 -i en5 -o remove
	h ifconfig-vi vi0 down
	h ifconfig-vi vi0 up
	h cfgif -n
	ip -n "$H" link del vi0
	h cfgif
	h mkinetvi -d -w vi1 -a netaddr=10.68.6.9 -a netmask=255.255.255.0 -a "interface_names=en5"
	h cfgif -l vi1
	h rmdev -l vi1 -d
	h rmdev -l vi0
	odmget -q "name=vi0" CuDv
	odmdelete -o CuAt -q "name=vi0 and attribute=state"
	cd "$T_TMP" && odmadd extra.add
	odmchange -o CuAt -q "name=vi0 and attribute=netaddr" change.add
} >/dev/null 2>&1
python3 -c 'import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"END", "/dev/log")'
wait
SH
printf 'CuAt:\n\tname = "vi0"\n\tattribute = "alias4"\n\tvalue = "10.68.7.1,255.255.255.0"\n\ttype = "R"\n\tgeneric = "DU"\n\trep = "s"\n\tnls_index = 0\n' >"$T_TMP/extra.add"
printf 'CuAt:\n\tvalue = "10.68.6.3"\n' >"$T_TMP/change.add"
H=$H T_TMP=$T_TMP unshare -m sh "$T_TMP/run.sh"
t_ok $? "commands ran with a private /dev/log"
t_cmp changelog.syslog cat "$T_TMP/log"
t_done
