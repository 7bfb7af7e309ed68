#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lsdev: customized devices (-C) and predefined types (-P), the filters,
# -F, -H, -S, and every usage error.
. "$top_srcdir/tests/functions.sh"
. "$top_srcdir/tests/ts/ls/lib.sh"
t_init ls/lsdev
t_odmdir

# Only the shipped type: the sample line of the reference.
VIPA_DATADIR=$top_srcdir; export VIPA_DATADIR
t_cmp lsdev-C-empty lsdev -Cc if
t_cmp lsdev-P-vipa lsdev -P -c if
ls_sample
t_cmp lsdev-Cc-sample lsdev -Cc if
t_cmp lsdev-Cc-H lsdev -Cc if -H

# More devices and types.
t_odmdir
ls_datadir
ls_vipa vi10 1 netaddr=10.68.16.1
ls_sample
ls_vipa vi2 0
ls_vipa vi1 2
ls_dev en1 1 if/EN/en
t_cmp lsdev-C lsdev -C
t_cmp lsdev-default lsdev
t_cmp lsdev-c-if lsdev -Cc if
t_cmp lsdev-t-vi lsdev -C -t vi
t_cmp lsdev-s-EN lsdev -C -s EN
t_cmp lsdev-c-none lsdev -C -c disk
t_cmp lsdev-l lsdev -C -l vi2
t_cmp lsdev-l-pattern lsdev -C -l 'vi1*'
t_cmp lsdev-l-none lsdev -C -l vi9
t_cmp lsdev-S-a lsdev -C -S a
t_cmp lsdev-S-A lsdev -C -S A
t_cmp lsdev-S-1 lsdev -C -S 1
t_cmp lsdev-S-d lsdev -C -S d
t_cmp lsdev-S-D lsdev -Cc if -S D
t_cmp lsdev-S-0 lsdev -C -S 0
t_cmp lsdev-S-s lsdev -C -S s
t_cmp lsdev-S-2 lsdev -C -S 2
t_cmp lsdev-S-word lsdev -C -S Available -t vi
t_cmp lsdev-H lsdev -C -H
t_cmp lsdev-F-columns lsdev -C -F "name class subclass type status"
t_cmp lsdev-F-columns-H lsdev -C -F "name PdDvLn description" -H
t_cmp lsdev-F-literal lsdev -Ct vi -F "name:uniquetype:status"
t_cmp lsdev-F-cudv lsdev -Ct vi -F "name,chgstatus,ddins,location,parent,connwhere,prefix,catalog,setno,msgno"
t_cmp lsdev-P lsdev -P
t_cmp lsdev-P-H lsdev -P -H
t_cmp lsdev-P-c lsdev -P -c if
t_cmp lsdev-P-t lsdev -P -t en
t_cmp lsdev-P-none lsdev -P -c disk
t_cmp lsdev-P-F lsdev -P -F "uniquetype catalog setno msgno description"

# Errors.
t_cmp lsdev-err-C-P lsdev -C -P
t_cmp lsdev-err-P-l lsdev -P -l vi0
t_cmp lsdev-err-P-S lsdev -P -S a
t_cmp lsdev-err-S lsdev -C -S x
t_cmp lsdev-err-format lsdev -C -F "name colour"
t_cmp lsdev-err-P-format lsdev -P -F "name description"
t_cmp lsdev-err-operand lsdev -C vi0
t_cmp lsdev-err-option lsdev -C -a netaddr
t_cmp lsdev-err-twice lsdev -C -c if -c if

t_done
