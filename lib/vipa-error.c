/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* vipa-error.c - the texts of the library's error codes (vipa-error.h). */
#include "vipa-error.h"
#include "vipa-private.h"

VIPA_EXPORT const char *vipa_strerror(int code)
{
	static const char *const text[VIPA_E_MAX] = {
		[VIPA_OK] = "success",
		[VIPA_E_NOMEM] = "out of memory",
		[VIPA_E_ARG] = "bad argument",
		[VIPA_E_INVAL] = "invalid value",
		[VIPA_E_USAGE] = "options that do not go together",
		[VIPA_E_IO] = "input/output error",
		[VIPA_E_DB] = "database error",
		[VIPA_E_BUSY] = "the repository is locked by another process",
		[VIPA_E_ACCESS] = "no permission to write the repository",
		[VIPA_E_NOCLASS] = "object class does not exist",
		[VIPA_E_CLASSEXISTS] = "object class already exists",
		[VIPA_E_CLASSDEF] = "bad class definition",
		[VIPA_E_CRIT] = "the search criteria are incorrectly formed",
		[VIPA_E_STANZA] = "bad stanza input",
		[VIPA_E_DESC] = "unknown descriptor",
		[VIPA_E_VALUE] = "value does not fit its descriptor",
		[VIPA_E_TXN] = "transaction misuse",
		[VIPA_E_NODEV] = "no such device",
		[VIPA_E_EXIST] = "device exists already",
		[VIPA_E_NOATTR] = "no such attribute",
		[VIPA_E_FORMAT] = "bad format",
		[VIPA_E_PERM] = "permission denied",
		[VIPA_E_REPO] = "object store failure",
		[VIPA_E_KERNEL] = "the kernel refused the change",
		[VIPA_E_NETLINK] = "the kernel could not be read",
		[VIPA_E_NOTFOUND] = "not found",
		[VIPA_E_DATA] = "inconsistent SMIT data",
		[VIPA_E_REQUIRED] = "required field is empty",
		[VIPA_E_NOLIST] = "no list for this field",
		[VIPA_E_CMD] = "command failed",
		[VIPA_E_UNDO] = "the change failed and was not all undone",
	};

	if (code < 0)
		code = -code;
	return code < VIPA_E_MAX ? text[code] : "unknown error";
}
