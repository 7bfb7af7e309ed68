#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A terminal that goes away without a SIGHUP (smitty started by a shell on
# a pty that is no one's controlling terminal, the master then closed):
# smitty ends as on a hangup (the shell reports 128 + SIGHUP) and never
# spins on the dead terminal.
. "$top_srcdir/tests/functions.sh"
t_init smitty/hangup
t_need_cmd python3
t_odmdir
HOME="$T_TMP/home"
mkdir -p "$HOME"
export HOME

# The helper opens a pty, starts smitty on its slave in a new session
# without making it the controlling terminal, waits for the first screen,
# closes the master and waits (60 s at most) for smitty to end.  It prints
# how smitty ended and how much CPU it used after the close (bounded, so a
# spinning smitty shows as a failure, never as a slow pass).
cat >"$T_TMP/hangup.py" <<'PY'
import os, pty, select, signal, sys, time

master, slave = pty.openpty()
env = dict(os.environ, TERM="vt100", LINES="24", COLUMNS="80")
pid = os.fork()
if pid == 0:
    os.setsid()
    os.dup2(slave, 0); os.dup2(slave, 1); os.dup2(slave, 2)
    os.close(master); os.close(slave)
    os.execvpe(sys.argv[1], sys.argv[1:], env)
os.close(slave)
seen, deadline = b"", time.monotonic() + 30
while b"Entry Fields" not in seen and time.monotonic() < deadline:
    r, _, _ = select.select([master], [], [], 0.5)
    if r:
        try:
            seen += os.read(master, 65536)
        except OSError:
            break
print("screen drawn" if b"Entry Fields" in seen else "no screen")
os.close(master)
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    p, status = os.waitpid(pid, os.WNOHANG)
    if p:
        break
    time.sleep(0.05)
else:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    print("still running 60 s after the terminal went away")
    sys.exit(0)
if os.WIFSIGNALED(status):
    print("ended by signal", signal.Signals(os.WTERMSIG(status)).name)
else:
    print("exit", os.WEXITSTATUS(status))
PY
t_cmp hangup python3 "$T_TMP/hangup.py" sh -c 'smitty "$@"; exit $?' sh mkinetvi
t_done
