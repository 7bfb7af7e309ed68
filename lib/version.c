/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* version.c - the library's version, for the commands' --version. */
#include "vipa.h"
#include "vipa-private.h"

VIPA_EXPORT
const char *vipa_version(void)
{
	return PACKAGE_VERSION;
}
