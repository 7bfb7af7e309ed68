# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - drive the bash completion of the vipa commands as bash does
# (sourced by bash after functions.sh).  The helpers come from the
# bash-completion package, the script from the source tree.
#
#     compl_init              load bash-completion's helpers and our script
#     compl_split LINE        COMP_WORDS and COMP_CWORD for LINE, the cursor
#                             at its end, split as readline and bash split it:
#                             at blanks, and a run of the COMP_WORDBREAKS
#                             characters (but blanks and quotes) is a word of
#                             its own; nothing is split inside quotes
#     compl LINE              call the completion function of LINE's command
#                             and print the candidates, sorted, one a line
#     compl_cmp NAME LINE     t_cmp NAME compl LINE

compl_init() {
	[ -r /usr/share/bash-completion/bash_completion ] ||
		t_skip_all "needs bash-completion"
	. /usr/share/bash-completion/bash_completion
	. "$top_srcdir/completion/vipa.bash"
}

compl_split() {
	local line=$1 i c w= kind= q= brk
	brk=${COMP_WORDBREAKS//[[:space:]\"\']/}
	COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ $q ]]; then
			w+=$c
			[[ $c == "$q" ]] && q=
		elif [[ $c == [[:space:]] ]]; then
			[[ $kind ]] && COMP_WORDS+=("$w")
			w= kind=
		elif [[ $brk == *"$c"* ]]; then
			[[ $kind == word ]] && { COMP_WORDS+=("$w"); w=; }
			w+=$c kind=break
		else
			[[ $kind == break ]] && { COMP_WORDS+=("$w"); w=; }
			[[ $c == [\"\'] ]] && q=$c
			w+=$c kind=word
		fi
	done
	COMP_WORDS+=("$w")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
}

compl() {
	local cur2 spec fn
	COMP_LINE=$1
	COMP_POINT=${#1}
	compl_split "$1"
	cur2=${COMP_WORDS[COMP_CWORD]}
	[[ $COMP_WORDBREAKS == *"${cur2:0:1}"* && $cur2 ]] && cur2=
	spec=$(complete -p "${COMP_WORDS[0]##*/}" 2>/dev/null) || { echo "no completion"; return 1; }
	fn=${spec#*-F }
	fn=${fn%% *}
	COMPREPLY=()
	"$fn" "${COMP_WORDS[0]}" "$cur2" "${COMP_WORDS[COMP_CWORD - 1]}"
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
	return 0
}

compl_cmp() {
	local name=$1
	shift
	t_cmp "$name" compl "$@"
}
