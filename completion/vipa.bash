# SPDX-License-Identifier: GPL-2.0-or-later
# vipa.bash - bash completion for every vipa command.          -*- sh -*-
#
# Installed once, and under the name of each command (a symbolic link), in
# the directory where bash-completion looks for a command's completion; it
# needs bash-completion's helpers (_init_completion, _filedir).
#
# The candidates come from the commands themselves, so they follow the
# installed version and the repository named by $ODMDIR:
#   options          each command's --help (an option line names its argument)
#   device names     lsdev -C -F name
#   attributes       lsattr -D -F ... for the device or the device type: the
#                    names, then for Attribute= the values PdAt lists (rep
#                    "l") or ranges (rep "r"), interface names for type iflist
#   object classes   odmshow -l; descriptors: odmshow Class
#   SMIT fast paths  the menus, selectors and dialogs smitty opens by name
#
# The helpers run the vipa commands that sit next to the command being
# completed when it was typed with a directory (./cmd/chdev), else the
# ones on PATH.

# _vipa_cmd NAME ARGS...: run the vipa command NAME, stderr discarded.
_vipa_cmd()
{
	local c=$1
	shift
	if [[ $_vipa_dir && -x $_vipa_dir/$c ]]; then
		c=$_vipa_dir/$c
	fi
	LC_ALL=C "$c" "$@" 2>/dev/null
}

# _vipa_help_options: read the option lines of $_vipa_prog --help into
# _vipa_opts (every option) and _vipa_argopts (those taking an argument,
# as " -x:Name -y:File " so that the argument's name can be looked up).
# An option line is "  -x Arg, --long  text": options, then two spaces.
# A line "  word  text" names a keyword operand (ifconfig-vi's up, down):
# into _vipa_keywords.
_vipa_help_options()
{
	local line spec opt arg keyword='^  ([a-z][a-z0-9]*)  '
	_vipa_opts=() _vipa_argopts=' ' _vipa_keywords=()
	while IFS= read -r line; do
		if [[ $line =~ $keyword ]]; then
			_vipa_keywords+=("${BASH_REMATCH[1]}")
			continue
		fi
		[[ $line =~ ^\ +(-[^\ ].*) ]] || continue
		line=${BASH_REMATCH[1]}
		line=${line%%  *}
		line=${line//, -/$'\n'-}
		while IFS= read -r spec; do
			opt=${spec%% *} arg=
			[[ $spec == *' '* ]] && arg=${spec#* }
			if [[ $opt == --*=* ]]; then
				arg=${opt#*=} opt=${opt%%=*}
			fi
			[[ $opt =~ ^(-[[:alnum:]]|--[[:alnum:]][[:alnum:]-]*)$ ]] || continue
			_vipa_opts+=("$opt")
			[[ $arg ]] && _vipa_argopts+="$opt:${arg%% *} "
		done <<<"$line"
	done < <(_vipa_cmd "$_vipa_prog" --help)
}

# _vipa_argname OPTION: the name of OPTION's argument, or fail.
_vipa_argname()
{
	local rest=${_vipa_argopts#* "$1":}
	[[ $rest != "$_vipa_argopts" ]] || return 1
	_vipa_arg=${rest%% *}
}

# _vipa_takes WORD: when WORD is an option (or a cluster of one-letter
# options, -El) whose last option takes the next word as its argument, set
# _vipa_opt to that option.  An argument attached (-lvi0) takes nothing.
_vipa_takes()
{
	local w=$1 i
	_vipa_opt=
	case $w in
	--) return 1 ;;
	--*=*) return 1 ;;
	--*) _vipa_argname "$w" && _vipa_opt=$w ;;
	-?*)
		for ((i = 1; i < ${#w}; i++)); do
			if _vipa_argname "-${w:i:1}"; then
				((i == ${#w} - 1)) && _vipa_opt=-${w:i:1}
				break
			fi
		done
		;;
	esac
	[[ $_vipa_opt ]]
}

# _vipa_scan: walk words[] (the whole line but the word being completed)
# into _vipa_val (each option seen -> its last argument, empty for an
# option without one), _vipa_operands (the operands before the cursor) and
# _vipa_all_operands (all of them).
_vipa_scan()
{
	local i j w o v end=0
	_vipa_val=() _vipa_operands=() _vipa_all_operands=()
	for ((i = 1; i < ${#words[@]}; i++)); do
		((i == cword)) && continue
		w=${words[i]}
		if ((end)) || [[ $w != -?* ]]; then
			((i < cword)) && _vipa_operands+=("$w")
			_vipa_all_operands+=("$w")
			continue
		fi
		case $w in
		--) end=1 ;;
		--*=*) _vipa_val[${w%%=*}]=${w#*=} ;;
		--*)
			v=
			if _vipa_argname "$w"; then
				((i + 1 != cword)) && v=${words[i + 1]-}
				((i++))
			fi
			_vipa_val[$w]=$v
			;;
		*)
			for ((j = 1; j < ${#w}; j++)); do
				o=-${w:j:1} v=
				if _vipa_argname "$o"; then
					if ((j < ${#w} - 1)); then
						v=${w:j+1}
					else
						((i + 1 != cword)) && v=${words[i + 1]-}
						((i++))
					fi
					_vipa_val[$o]=$v
					break
				fi
				_vipa_val[$o]=
			done
			;;
		esac
	done
}

# _vipa_has OPTION: the line holds OPTION (alone or in a cluster).
_vipa_has()
{
	[[ -v _vipa_val[$1] ]]
}

# _vipa_reply WORD...: the WORDs that start with $cur, less the part of
# $cur that bash keeps as a separate word (after a '=' or ':' of
# COMP_WORDBREAKS).
_vipa_reply()
{
	local IFS=$'\n' i keep=
	COMPREPLY=($(compgen -W "$*" -- "$cur"))
	for ((i = ${#cur} - 1; i >= 0; i--)); do
		if [[ ${cur:i:1} == [=:] && $COMP_WORDBREAKS == *"${cur:i:1}"* ]]; then
			keep=${cur:0:i+1}
			break
		fi
	done
	if [[ $keep ]]; then
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=${COMPREPLY[i]#"$keep"}
		done
	fi
}

# Lists, one word a line.
_vipa_devices() # lsdev arguments
{
	_vipa_cmd lsdev -C "$@" -F name
}

_vipa_vipas()
{
	_vipa_devices -t vi
}

_vipa_classes()
{
	_vipa_cmd odmshow -l
}

# _vipa_descriptors CLASS: the descriptor names of CLASS (from odmshow:
# the last word of each "type name[size];" line).
_vipa_descriptors()
{
	local line
	while IFS= read -r line; do
		[[ $line =~ ([[:alnum:]_]+)(\[[0-9]+\])?\;$ ]] || continue
		[[ $line == class* ]] && continue
		printf '%s\n' "${BASH_REMATCH[1]}"
	done < <(_vipa_cmd odmshow "$1")
}

# _vipa_stanza_values CLASS DESCRIPTOR [CRITERIA]: the values of
# DESCRIPTOR in the objects of CLASS, unquoted.
_vipa_stanza_values()
{
	local line q=()
	[[ $3 ]] && q=(-q "$3")
	while IFS= read -r line; do
		[[ $line =~ ^[[:space:]]+$2\ =\ \"?([^\"]*)\"?$ ]] || continue
		printf '%s\n' "${BASH_REMATCH[1]}"
	done < <(_vipa_cmd odmget "${q[@]}" "$1")
}

# SMIT fast paths: every menu, and the selectors and dialogs that open
# without a name selected first.
_vipa_fastpaths()
{
	{
		_vipa_stanza_values sm_menu_opt id
		_vipa_stanza_values sm_name_hdr id "has_name_select != 'y'"
		_vipa_stanza_values sm_cmd_hdr id "has_name_select != 'y'"
	} | sort -u | grep .
}

# The kernel's interfaces, less loopback ones and the links of the VIPAs
# themselves.
_vipa_interfaces()
{
	local vipas=" $(_vipa_vipas | tr '\n' ' ') " n flags
	for n in /sys/class/net/*; do
		[[ -r $n/flags ]] || continue
		flags=$(<"$n/flags")
		n=${n##*/}
		((flags & 8)) && continue # IFF_LOOPBACK
		[[ $vipas == *" $n "* ]] || printf '%s\n' "$n"
	done
}

# _vipa_type_args: the lsattr/lsdev arguments naming the device type the
# line gives with -c, -s, -t.
_vipa_type_args()
{
	local o
	_vipa_targs=()
	for o in -c -s -t; do
		[[ ${_vipa_val[$o]-} ]] && _vipa_targs+=("$o" "${_vipa_val[$o]}")
	done
}

# _vipa_pdat LSATTR-ARGS...: the attributes of a device (-l Name) or a type
# (-c -s -t) as lines "attribute:generic:rep:type:values".
_vipa_pdat()
{
	_vipa_cmd lsattr -D "$@" -F 'attribute:generic:rep:type:values'
}

# _vipa_complete_list HEAD ITEM...: complete the last element of a comma
# list: HEAD is what precedes the list in the word (Attribute=), the list
# so far is what follows it in $cur; an ITEM already listed is not offered.
_vipa_complete_list()
{
	local head=$1 list done_= item out=()
	shift
	list=${cur#"$head"}
	[[ $list == *,* ]] && done_=${list%,*},
	for item; do
		[[ ,$done_ == *,"$item",* ]] && continue
		out+=("$head$done_$item")
	done
	_vipa_reply "${out[@]}"
	compopt -o nospace 2>/dev/null
}

# _vipa_attr_arg MODE ONLY LSATTR-ARGS...: complete the argument of -a.
# MODE set: a user-settable Attribute=, then its value; MODE show: an
# attribute name.  ONLY, if not empty, is an extended regular expression
# the attribute names must match.
_vipa_attr_arg()
{
	local mode=$1 only=${2:-.*} a g r t v out=() i
	shift 2
	if [[ $mode == show || $cur != *=* ]]; then
		while IFS=: read -r a g r t v; do
			[[ $a =~ ^($only)$ ]] || continue
			if [[ $mode == set ]]; then
				[[ $g == *U* ]] && out+=("$a=")
			else
				out+=("$a")
			fi
		done < <(_vipa_pdat "$@")
		_vipa_reply "${out[@]}"
		[[ $mode == set ]] && compopt -o nospace 2>/dev/null
		return 0
	fi
	local attr=${cur%%=*}
	while IFS=: read -r a g r t v; do
		[[ $a == "$attr" && $g == *U* && $a =~ ^($only)$ ]] || continue
		if [[ $t == iflist ]]; then
			_vipa_complete_list "$attr=" $(_vipa_interfaces)
			return 0
		fi
		if [[ $r == *l* && $v ]]; then
			local IFS=,
			for i in $v; do out+=("$attr=$i"); done
			unset IFS
		elif [[ $r == *r* && $v =~ ^(-?[0-9]+)-(-?[0-9]+)(,([0-9]+))?$ ]]; then
			local lo=${BASH_REMATCH[1]} hi=${BASH_REMATCH[2]} step=${BASH_REMATCH[4]:-1}
			if ((step > 0 && (hi - lo) / step <= 1024)); then
				for ((i = lo; i <= hi; i += step)); do out+=("$attr=$i"); done
			fi
		fi
	done < <(_vipa_pdat "$@")
	_vipa_reply "${out[@]}"
}

# _vipa_fields: field names for -F.
_vipa_fields() # CLASS EXTRA...
{
	local c=$1
	shift
	{
		_vipa_descriptors "$c"
		printf '%s\n' "$@"
	} | sort -u
}

# _vipa_optarg: complete the argument of option $_vipa_opt of $_vipa_prog.
_vipa_optarg()
{
	local p=$_vipa_prog o=$_vipa_opt
	_vipa_argname "$o"
	case $p:$o in
	mkdev:-l)
		_vipa_reply $(_vipa_devices -S d) ;;
	mkdev:-w | mkinetvi:-w | mkinetvi6:-w) ;;
	lsdev:-l | chdev:-l | rmdev:-l | lsattr:-l)
		_vipa_reply $(_vipa_devices) ;;
	chvi:-l | cfgif:-l)
		_vipa_reply $(_vipa_vipas) ;;
	mkdev:-c | lsdev:-c | lsattr:-c | mkdev:-s | lsdev:-s | lsattr:-s | \
		mkdev:-t | lsdev:-t | lsattr:-t)
		local d targs
		case $o in
		-c) d=class ;;
		-s) d=subclass ;;
		*) d=type ;;
		esac
		_vipa_type_args
		targs=("${_vipa_targs[@]}")
		# The other two narrow the choice; the one being typed does not.
		local k
		for k in "${!targs[@]}"; do
			[[ ${targs[k]} == "$o" ]] && unset "targs[k]" "targs[k+1]"
		done
		_vipa_reply $(_vipa_cmd lsdev -P "${targs[@]}" -F "$d" | sort -u) ;;
	lsdev:-S)
		_vipa_reply a d s ;;
	lsdev:-p)
		_vipa_reply $(_vipa_devices) ;;
	lsdev:-F | lsdev:-r)
		if _vipa_has -P; then
			_vipa_reply $(_vipa_fields PdDv description)
		else
			# a customized device's fields: CuDv's, and its type's (PdDv)
			_vipa_reply $(_vipa_fields CuDv description $(_vipa_descriptors PdDv))
		fi ;;
	lsattr:-F)
		_vipa_reply $(_vipa_fields PdAt name value description user_settable) ;;
	chdev:-a | chvi:-a)
		[[ ${_vipa_val[-l]-} ]] && _vipa_attr_arg set '' -l "${_vipa_val[-l]}" ;;
	mkdev:-a)
		_vipa_type_args
		((${#_vipa_targs[@]})) && _vipa_attr_arg set '' "${_vipa_targs[@]}" ;;
	mkinetvi:-a)
		_vipa_attr_arg set 'netaddr|netmask|state|interface_names|alias4' -t vi ;;
	mkinetvi6:-a)
		_vipa_attr_arg set 'netaddr6|prefixlen|state|interface_names|alias6' -t vi ;;
	lsattr:-a)
		if [[ ${_vipa_val[-l]-} ]]; then
			_vipa_attr_arg show '' -l "${_vipa_val[-l]}"
		else
			_vipa_type_args
			((${#_vipa_targs[@]})) && _vipa_attr_arg show '' "${_vipa_targs[@]}"
		fi ;;
	chvi:-i)
		local own=() if_=()
		[[ ${_vipa_val[-l]-} ]] &&
			own=($(_vipa_cmd lsattr -E -l "${_vipa_val[-l]}" -a interface_names -F value | tr , ' '))
		if [[ ${_vipa_val[-o]-} == remove ]]; then
			if_=("${own[@]}")
		else
			local n
			for n in $(_vipa_interfaces); do
				[[ " ${own[*]} " == *" $n "* ]] || if_+=("$n")
			done
		fi
		_vipa_complete_list '' "${if_[@]}" ;;
	chvi:-o)
		_vipa_reply add remove ;;
	odmdrop:-o | odmchange:-o | odmdelete:-o)
		_vipa_reply $(_vipa_classes) ;;
	odmget:-q)
		local c
		_vipa_reply $(for c in "${_vipa_all_operands[@]}"; do _vipa_descriptors "$c"; done | sort -u) ;;
	odmchange:-q | odmdelete:-q)
		[[ ${_vipa_val[-o]-} ]] && _vipa_reply $(_vipa_descriptors "${_vipa_val[-o]}") ;;
	*)
		# Files by the argument's name, nothing for any other.
		case $_vipa_arg in
		File* | Log | Script) _filedir ;;
		esac ;;
	esac
}

# _vipa_operand: complete an operand of $_vipa_prog.
_vipa_operand()
{
	local n=${#_vipa_operands[@]}
	case $_vipa_prog in
	odmshow)
		((n == 0)) && ! _vipa_has -l && _vipa_reply $(_vipa_classes) ;;
	odmget)
		_vipa_reply $(_vipa_classes) ;;
	odmcreate)
		((n == 0)) && _filedir cre ;;
	odmadd)
		_filedir ;;
	odmchange)
		((n == 0)) && _filedir ;;
	smit | smitty)
		((n == 0)) && _vipa_reply $(_vipa_fastpaths) ;;
	ifconfig-vi)
		# Name, then up, down, detach, or [inet | inet6] Address
		# [netmask Mask | prefixlen Length] alias | delete.
		_vipa_has -a && return 0
		if ((n == 0)); then
			_vipa_reply $(_vipa_vipas)
		elif ((n == 1)); then
			_vipa_reply "${_vipa_keywords[@]}" inet inet6
		else
			# what the line holds after Name
			local i w addr= action= fam= len= after=
			for ((i = 1; i < n; i++)); do
				w=${_vipa_operands[i]}
				if [[ $after ]]; then
					after=
					continue
				fi
				case $w in
				up | down | detach) return 0 ;;
				alias | delete) action=$w ;;
				inet | inet6) fam=$w ;;
				netmask | prefixlen) len=$w after=1 ;;
				*) addr=$w ;;
				esac
			done
			# the value of netmask or prefixlen, or the address: typed
			[[ $after || ($fam && ! $addr) || ($action && ! $addr) ]] && return 0
			local out=()
			[[ $action ]] || out+=(alias delete)
			if [[ ! $len && $action != delete && $addr ]]; then
				[[ $fam == inet6 || $addr == *:* ]] || out+=(netmask)
				out+=(prefixlen)
			fi
			_vipa_reply "${out[@]}"
		fi ;;
	lsattr)
		# Operands are files of the e2fsprogs form (lsattr(1)); the AIX
		# form has none.
		local o
		for o in -E -P -D -F -Z -O -H -l -c -s -t -f -o -j --json; do
			_vipa_has $o && return 0
		done
		_filedir ;;
	esac
}

# The completion function of every command.
_vipa()
{
	local cur prev words cword
	_init_completion -n =: || return

	local _vipa_prog=${1##*/} _vipa_dir= _vipa_opt= _vipa_arg=
	local -a _vipa_opts _vipa_keywords _vipa_operands _vipa_all_operands _vipa_targs
	local -A _vipa_val
	local _vipa_argopts
	[[ $1 == */* ]] && _vipa_dir=${1%/*}
	_vipa_help_options
	_vipa_scan

	local i end=0
	for ((i = 1; i < cword; i++)); do
		[[ ${words[i]} == -- ]] && end=1
	done
	if ((!end)) && _vipa_takes "$prev"; then
		_vipa_optarg
	elif ((!end)) && [[ $cur == -* ]]; then
		_vipa_reply "${_vipa_opts[@]}"
	else
		_vipa_operand
	fi
}

complete -F _vipa mkdev chdev rmdev lsdev lsattr mkinetvi mkinetvi6 chvi \
	cfgif cfgvi ifconfig-vi odmcreate odmdrop odmshow odmget odmadd odmchange \
	odmdelete smit smitty
