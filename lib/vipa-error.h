/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vipa-error.h - the one error convention of libvipa, for every public
 * header (odm.h, vnl.h, vdev.h, vdev-show.h, smit.h).
 *
 * Returns: a function that can fail returns 0 (or a count, a number of
 * changes: never negative) on success and a negative code on failure.
 * The codes are the VIPA_E_* below, one set for the whole library: a code
 * means the same thing whichever module returns it, so a result may be
 * passed on from one module to the next unchanged.  The names of each
 * module (ODM_E_*, VDEV_E_*, VDEV_SHOW_E_*, SMIT_E_*) are these codes
 * under the module's name.  The one exception is the rtnetlink handle
 * (vnl.h), which returns the kernel's own -errno values.
 *
 * Messages: the handle of the call keeps a one-line message (no program
 * name, no newline) saying what failed and why, until the next call on
 * it: odm_errmsg, vnl_errmsg, vdev_errmsg, vdev_show_errmsg, smit_errmsg.
 * vipa_strerror gives the general text of a code, for a caller that has
 * no handle.
 *
 * Handles: a function that makes a handle (odm_open, vnl_open, vdev_open,
 * vdev_show_new, smit_new) sets *out to it even when it then fails, so
 * that its message can be read; the caller frees it as after a success.
 * *out is NULL only when there was no memory for the handle, so the
 * message of a NULL handle is the fixed text "out of memory".
 *
 * Out-parameters: every other pointer a function returns through an
 * out-parameter (an object, criteria, a screen, a list, a result) is set
 * to NULL when the function starts, so it is NULL after a failure and
 * freeing it is always safe.  Buffers and structures the caller passes in
 * to be filled hold nothing defined after a failure; a list a function
 * appends to (vdev_split_assign) keeps what it held.
 *
 * Stable: the numbers of the codes are part of ABI LIBVIPA_0 (from the
 * first release on, codes are only added, before VIPA_E_MAX).  The
 * object store's codes come first, with the numbers they always had.
 */
#ifndef VIPA_VIPA_ERROR_H
#define VIPA_VIPA_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum vipa_error {
	VIPA_OK = 0,
	VIPA_E_NOMEM = 1,   /* out of memory */
	VIPA_E_IO,          /* file system, pipe or process error */
	VIPA_E_DB,          /* sqlite reported an error */
	VIPA_E_BUSY,        /* repository lock not obtained in time */
	VIPA_E_ACCESS,      /* no permission to write the repository */
	VIPA_E_NOCLASS,     /* object class does not exist */
	VIPA_E_CLASSEXISTS, /* object class already exists */
	VIPA_E_CLASSDEF,    /* class definition (odmcreate syntax) is bad */
	VIPA_E_CRIT,        /* search criteria are incorrectly formed */
	VIPA_E_STANZA,      /* stanza input is malformed */
	VIPA_E_DESC,        /* unknown descriptor for the class */
	VIPA_E_VALUE,       /* value does not fit its descriptor */
	VIPA_E_TXN,         /* transaction misuse (commit without begin ...) */
	VIPA_E_ARG,         /* bad argument (a program's mistake) */
	VIPA_E_INVAL,       /* bad input: a value, an attribute, a name */
	VIPA_E_USAGE,       /* options that do not go together */
	VIPA_E_NODEV,       /* no such device (or device type) */
	VIPA_E_EXIST,       /* the device (or link) exists already */
	VIPA_E_NOATTR,      /* no such attribute, or not displayable */
	VIPA_E_FORMAT,      /* bad -F format */
	VIPA_E_PERM,        /* no privilege to change the network */
	VIPA_E_REPO,        /* the object store failed (message from it) */
	VIPA_E_KERNEL,      /* the kernel refused a change; all was undone */
	VIPA_E_NETLINK,     /* the kernel could not be read */
	VIPA_E_NOTFOUND,    /* no such fast path, screen, or data for it */
	VIPA_E_DATA,        /* the SMIT objects are inconsistent */
	VIPA_E_REQUIRED,    /* a required field is empty */
	VIPA_E_NOLIST,      /* the field has no list (F4) */
	VIPA_E_CMD,         /* a discover, list or classify command failed */
	VIPA_E_UNDO,        /* a change failed and was not all undone */
	VIPA_E_MAX
};

/* The general text of @code (positive or negative): "out of memory" ... */
const char *vipa_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif
