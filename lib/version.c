/* version.c - the library's version, for the commands' --version. */
#include "vipa.h"

__attribute__((visibility("default")))
const char *vipa_version(void)
{
	return PACKAGE_VERSION;
}
