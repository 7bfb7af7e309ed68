#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# F9 starts $SHELL with the variables AIX's SMIT gives the commands it
# runs, which IBM tells administrators to look at there (env | grep _SMIT),
# and SMIT itself; smitty comes back when the shell exits.  SMIT_SHELL=n
# turns F9 off.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/smitty/lib.sh"
t_init smitty/shell
s_need
t_need_cmd odmget
t_odmdir
HOME="$T_TMP/home"
mkdir -p "$HOME"
# The "shell" does what an administrator types there, then waits for Enter
# (a prompt would differ between root and other users).
S_SHELL="$T_TMP/f9shell"
cat >"$S_SHELL" <<'SH'
#!/bin/sh
echo "\$ env | grep SMIT"
env | grep SMIT | sed "s|$HOME|HOME|" | sort
printf 'Press Enter to go back to smitty: '
read -r answer
SH
chmod +x "$S_SHELL"
export HOME
unset ENV SMIT SMIT_SHELL _SMIT_LOG_FILE

s_smitty mkinetvi
s_wait "[Entry Fields]"
s_keys F9
s_wait "Press Enter to go back"
s_screen shell-env
s_keys Enter
s_wait "[Entry Fields]"
s_screen shell-back
s_keys F10
t_ok "$(s_exit_status)" "F10 after the shell leaves smitty, exit status 0"

SMIT_SHELL=n
export SMIT_SHELL
s_smitty mkinetvi
s_wait "[Entry Fields]"
s_keys F9
s_wait "ERROR MESSAGE"
s_screen shell-off
s_keys Enter
s_wait "[Entry Fields]"
s_keys F10
t_ok "$(s_exit_status)" "F9 turned off, F10 leaves smitty, exit status 0"
t_done
