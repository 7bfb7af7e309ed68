#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The ABI of libvipa.so: the functions it exports (readelf --dyn-syms of
# the built library) are exactly tests/expected/abi/symbols, each of
# version LIBVIPA_0, and that list, lib/libvipa.sym and the definitions
# marked VIPA_EXPORT name the same functions.
. "$top_srcdir/tests/functions.sh"
t_init abi/symbols
t_need_cmd readelf
so=$top_builddir/lib/.libs/libvipa.so
[ -f "$so" ] || t_skip_all "no shared library $so (static build)"

# Every symbol the library defines, as "name@@VERSION" (a symbol without a
# version shows as its bare name), and its type.
readelf --dyn-syms --wide "$so" >"$T_TMP/dynsym" || t_skip_all "readelf cannot read $so"
awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" && $4 != "SECTION" && $4 != "FILE" {print $4, $8}' \
	"$T_TMP/dynsym" | sort -k2 >"$T_TMP/defined"
t_ok $([ -s "$T_TMP/defined" ]; echo $?) "libvipa.so defines symbols"

# Only functions, each of version LIBVIPA_0 (the version node itself is
# the one OBJECT of type ABS readelf lists as LIBVIPA_0).
awk '!($1 == "OBJECT" && $2 == "LIBVIPA_0") && !($1 == "FUNC" && $2 ~ /@@LIBVIPA_0$/)' \
	"$T_TMP/defined" >"$T_TMP/stray"
t_ok $([ ! -s "$T_TMP/stray" ]; echo $?) "every exported symbol is a function of version LIBVIPA_0"
t_diag <"$T_TMP/stray"

awk '$1 == "FUNC" {print $2}' "$T_TMP/defined" | sort >"$T_TMP/funcs"
[ "${T_UPDATE:-0}" = 1 ] && cp "$T_TMP/funcs" "$T_EXPECTED/symbols"
t_same "the exported functions are tests/expected/abi/symbols" "$T_EXPECTED/symbols" "$T_TMP/funcs"

# The version script names the expected functions ...
sed -n '/^global:/,/^local:/p' "$top_srcdir/lib/libvipa.sym" |
	sed -n 's/^[[:space:]]*\([a-z_0-9]*\);$/\1@@LIBVIPA_0/p' | sort >"$T_TMP/script"
t_same "lib/libvipa.sym names the expected functions" "$T_EXPECTED/symbols" "$T_TMP/script"

# ... and so do the definitions marked VIPA_EXPORT (the marker is on the
# definition's line or the line before it).
awk '/VIPA_EXPORT/ && FILENAME !~ /vipa-private\.h$/ { want = 1 }
     want && match($0, /[a-z_0-9]+\(/) {
	print substr($0, RSTART, RLENGTH - 1) "@@LIBVIPA_0"; want = 0 }' \
	"$top_srcdir"/lib/*.c | sort >"$T_TMP/marked"
t_same "the definitions marked VIPA_EXPORT are the expected functions" \
	"$T_EXPECTED/symbols" "$T_TMP/marked"
t_done
