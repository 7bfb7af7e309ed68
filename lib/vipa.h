/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vipa.h - the umbrella header of libvipa: includes every public header.
 * Each concern has its own header: odm.h (the object store), vnl.h (the
 * rtnetlink handle), vdev.h and vdev-show.h (the device model, its configure
 * methods and its reports) and smit.h (the SMIT menu engine); every one
 * reports errors as vipa-error.h says.
 *
 * Stable: every function these headers declare is part of ABI LIBVIPA_0
 * (the version script lib/libvipa.sym) and nothing else is exported;
 * see each header for what its functions promise.
 */
#ifndef VIPA_VIPA_H
#define VIPA_VIPA_H

#include "vipa-error.h"
#include "odm.h"
#include "vnl.h"
#include "vdev.h"
#include "vdev-show.h"
#include "smit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The package version, e.g. "0.1.0". */
const char *vipa_version(void);

#ifdef __cplusplus
}
#endif
#endif
