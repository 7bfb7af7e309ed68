#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The Ansible collection vipa.aix for real: ansible-playbook in a controller
# namespace runs site.yml and set.yml over SSH against three hosts, each a
# namespace of its own (the AIX sample: en1, en5 to a peer) with its own
# sshd, reached over its own veth link, and its own ODMDIR set through the
# inventory.  The first run changes every host and the routes get the VIPA
# source; check mode reports a change and changes nothing; a second run
# changes nothing; another list of aliases for vi1 is applied, and back;
# a set with prune removes what it does not name (one cfgvi run per host);
# absent removes the VIPAs and no route is lost.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/dev/lib.sh"
t_init ansible/playbook
t_need_root
t_need_cmd ip ss ssh ssh-keygen timeout sqlite3
[ -x /usr/sbin/sshd ] || t_skip_all "needs /usr/sbin/sshd (openssh-server)"
[ -x /usr/bin/ansible-playbook ] && [ -x /usr/bin/python3 ] ||
	t_skip_all "needs /usr/bin/ansible-playbook (ansible-core)"

HOSTS="1 2 3"
PORT=2222
SRC=$(dirname "$0")
AN_PLAYBOOKS=$(cd "$SRC" && pwd)

# sshd drops privileges into this directory (the service makes it at start).
[ -d /run/sshd ] || mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -C vipa-test -f "$T_TMP/key" || t_skip_all "ssh-keygen failed"
ssh-keygen -q -t ed25519 -N '' -C vipa-test-host -f "$T_TMP/hostkey" || t_skip_all "ssh-keygen failed"
cp "$T_TMP/key.pub" "$T_TMP/authorized_keys"

# The controller: where ansible-playbook runs, one veth link to each host.
C=$(t_netns ctl) || t_skip_all "cannot create a network namespace"
mkdir -p "$T_TMP/home" "$T_TMP/local" "$T_TMP/cp"
{
	echo "vipa_hosts:"
	echo "  hosts:"
} >"$T_TMP/inventory.yml"
for i in $HOSTS; do
	t_sample_env "$i" || t_skip_all "cannot build the sample environment"
	eval "H$i=\$H"
	d="$T_TMP/h$i"
	mkdir -p "$d/objrepos" "$d/tmp"
	{ ip link add "c$i" netns "$C" type veth peer name eth0 netns "$H" &&
	  ip -n "$C" addr add "10.200.$i.1/24" dev "c$i" &&
	  ip -n "$H" addr add "10.200.$i.2/24" dev eth0 &&
	  ip -n "$C" link set "c$i" up &&
	  ip -n "$H" link set eth0 up; } || t_skip_all "cannot link the controller to host $i"
	cat >"$d/sshd_config" <<-EOC
	Port $PORT
	ListenAddress 10.200.$i.2
	HostKey $T_TMP/hostkey
	PidFile $d/sshd.pid
	AuthorizedKeysFile $T_TMP/authorized_keys
	StrictModes no
	UsePAM no
	PermitRootLogin prohibit-password
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	PrintMotd no
	EOC
	if ! ip netns exec "$H" /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log"; then
		cat "$d/sshd.log" | t_diag
		t_skip_all "sshd does not start"
	fi
	cat >>"$T_TMP/inventory.yml" <<-EOC
	    h$i:
	      ansible_host: 10.200.$i.2
	      host_number: $i
	      ansible_remote_tmp: "$d/tmp"
	      vipa_environment:
	        ODMDIR: "$d/objrepos"
	        VIPA_DATADIR: "$VIPA_DATADIR"
	        PATH: "$top_builddir/cmd:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	EOC
done
cat >>"$T_TMP/inventory.yml" <<EOC
  vars:
    ansible_user: root
    ansible_port: $PORT
    ansible_ssh_private_key_file: "$T_TMP/key"
    ansible_ssh_common_args: "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o ConnectTimeout=10"
    ansible_python_interpreter: /usr/bin/python3
EOC
cat >"$T_TMP/ansible.cfg" <<EOC
[defaults]
host_key_checking = False
retry_files_enabled = False
local_tmp = $T_TMP/local
nocolor = True
forks = 3
timeout = 20
[ssh_connection]
pipelining = True
control_path_dir = $T_TMP/cp
EOC

# Every sshd listens before the first run, and the kernel is done with
# the new links' IPv6 addresses.
t_settle "$C"
for i in $HOSTS; do
	eval "H=\$H$i"
	t_settle "$H"
	n=0
	while [ -z "$(ip netns exec "$H" ss -Hltn "sport = :$PORT")" ] && [ $n -lt 200 ]; do
		sleep 0.05; n=$((n + 1))
	done
done

# an_play NAME PLAYBOOK ARGS...: run ansible-playbook from the controller;
# its output in $T_TMP/NAME.out, the recap lines and exit status in
# $T_TMP/NAME.recap, compared with tests/expected/ansible/playbook.NAME
# (the whole output shown when they differ).
an_play() {
	name=$1 book=$2; shift 2
	ip netns exec "$C" env LC_ALL=C.UTF-8 HOME="$T_TMP/home" ANSIBLE_CONFIG="$T_TMP/ansible.cfg" \
		ANSIBLE_COLLECTIONS_PATH="$top_srcdir/contrib/ansible" \
		timeout 300 /usr/bin/python3 /usr/bin/ansible-playbook -i "$T_TMP/inventory.yml" \
		"$AN_PLAYBOOKS/$book" "$@" >"$T_TMP/$name.out" 2>&1
	rc=$?
	{
		sed -n '/^PLAY RECAP/,$p' "$T_TMP/$name.out" | grep '^h[0-9]' | tr -s ' ' | sed 's/ $//'
		echo "--- exit $rc"
	} >"$T_TMP/$name.recap"
	if [ "${T_UPDATE:-0}" = 1 ]; then
		mkdir -p "$T_EXPECTED"
		cp "$T_TMP/$name.recap" "$T_EXPECTED/$T_CASE.$name"
	fi
	if diff -u "$T_EXPECTED/$T_CASE.$name" "$T_TMP/$name.recap" >"$T_TMP/diff" 2>&1; then
		t_ok 0 "$name: ansible-playbook $book $*"
	else
		t_ok 1 "$name: ansible-playbook $book $*"
		t_diag <"$T_TMP/diff"
		t_diag <"$T_TMP/$name.out"
		for i in $HOSTS; do t_diag <"$T_TMP/h$i/sshd.log"; done
	fi
}

# What a host holds: its VIPAs (lsdev, lsattr), their addresses, the
# source the kernel picks towards the peer's remote addresses, the routes.
an_host() {
	eval "H=\$H$1"
	echo "== h$1"
	export ODMDIR="$T_TMP/h$1/objrepos"
	lsdev -C -c if
	for d in $(lsdev -C -c if -F name); do echo "-- $d"; lsattr -El "$d"; done
	ip -n "$H" -o addr show | sed 's/^[0-9]*: //' | grep '^vi' | grep -v ' fe80:'
	echo "src for 192.0.2.1: $(dev_src_for "$H" 192.0.2.1)"
	echo "src for 2001:db8:ff::1: $(dev_src_for "$H" 2001:db8:ff::1)"
	dev_routes "$H"
}
an_hosts() { for i in $HOSTS; do an_host "$i"; done; }

# The whole state of every host, database rows included: what check mode
# must leave alone.
an_dump() {
	for i in $HOSTS; do
		eval "H=\$H$i"
		echo "== h$i"
		sqlite3 "$T_TMP/h$i/objrepos/cu.db" .dump 2>&1
		ip -n "$H" -o link show | sed 's/^[0-9]*: //'
		ip -n "$H" -o addr show | sed 's/^[0-9]*: //; s/valid_lft.*//'
		ip -n "$H" route show table all
		ip -n "$H" -6 route show table all
	done
}

for i in $HOSTS; do eval "dev_routes \$H$i"; done >"$T_TMP/routes.before"

# The first run changes every host: vi0 and vi1 made, routes sourced.
an_play run1 site.yml
t_cmp $T_CASE.hosts.present an_hosts

# A second run changes nothing.
an_play run2 site.yml

# Another list of aliases for vi1, which exists: the alias no longer wanted
# goes and the new ones come (chdev's -a alias4 adds one alias, as on AIX;
# the module gives the whole list); the facts then hold the list given.
# The run back to the playbook's list converges as well: the check run
# below finds only its own change.
an_play aliases site.yml -e '{"vi1_alias4": ["10.68.9.{{ host_number }},255.255.255.0", "10.68.10.{{ host_number }},255.255.255.255"]}'
an_play aliases-back site.yml

# Check mode on a changed playbook reports the change, with the attribute's
# old and new value, and changes nothing.
an_dump >"$T_TMP/dump.before"
an_play check site.yml --check --diff -e vi0_netaddr=10.68.6.9
n=$(grep -c -x -e '-vi0 netaddr: 10.68.6.1' -e '+vi0 netaddr: 10.68.6.9' "$T_TMP/check.out")
t_ok $((n != 6)) "check mode: the diff names netaddr's old and new value on each host ($n lines of 6)"
an_dump >"$T_TMP/dump.after"
t_same "check mode changed nothing" "$T_TMP/dump.before" "$T_TMP/dump.after"

# A set with prune: vi0 kept as it is, vi1 removed, vi2 made.
an_play set set.yml --diff
n=$(grep -c -x -e '-vi1 netaddr: 10.68.7.[123]' -e '+vi2 netaddr6: 2001:db8:9::[123]' "$T_TMP/set.out")
t_ok $((n != 6)) "the set's diff names vi1 removed and vi2 made on each host ($n lines of 6)"
t_cmp $T_CASE.hosts.set an_hosts

# absent removes vi0 (and vi1, already gone); vi2 stays; no route is lost.
an_play absent site.yml -e vipa_state=absent
t_cmp $T_CASE.hosts.absent an_hosts
for i in $HOSTS; do eval "dev_routes \$H$i"; done >"$T_TMP/routes.after"
t_same "routes after absent are the routes before" "$T_TMP/routes.before" "$T_TMP/routes.after"
t_done
