/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vipa-private.h - what every part of libvipa shares and no user sees.
 *
 * The library is compiled with -fvisibility=hidden: a function is part of
 * libvipa.so only when its definition carries VIPA_EXPORT and
 * lib/libvipa.sym names it (version LIBVIPA_0).  Everything else, the
 * functions of the *-internal.h headers included, stays inside the
 * library (the unit tests link the internal convenience library).
 * tests/ts/abi/symbols.t checks the two agree with
 * tests/expected/abi/symbols.
 */
#ifndef VIPA_VIPA_PRIVATE_H
#define VIPA_VIPA_PRIVATE_H

#define VIPA_EXPORT __attribute__((visibility("default")))

#endif
