/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-show.h - the read side of the device layer: the reports of lsdev,
 * lsattr and ifconfig-vi, built from the object store (and, for
 * ifconfig-vi, from the kernel) into an odm_buf, so that the commands only
 * parse their options and print.
 *
 * The database readers follow AIX: a device's current attribute value is
 * its CuAt object's value, else the PdAt default; descriptions come from
 * the PdCat catalog (PdDv.catalog, PdDv.setno, and PdDv.msgno for a
 * device or PdAt.nls_index for an attribute), "N/A" when there is none.
 *
 * Column layout (lsdev, lsattr): each column is as wide as its widest
 * entry (the header's included when there is one) plus one space; the
 * last column is not padded.  A header line is followed by an empty line.
 *
 * Errors are reported as vipa-error.h says (VDEV_SHOW_E_* codes, the
 * message from vdev_show_errmsg()).  Nothing here prints or exits.
 *
 * Stable: every function declared here is part of ABI LIBVIPA_0 (the
 * version script lib/libvipa.sym).  From the first release on, functions
 * are only added (in a new version node), structures passed by pointer
 * only stay opaque, and enum values and flags keep their numbers.
 */
#ifndef VIPA_VDEV_SHOW_H
#define VIPA_VDEV_SHOW_H

#include <stddef.h>

#include "vipa-error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct odm;
struct odm_buf;
struct vnl;

/* Error codes (negative in returns): those of vipa-error.h, which says
 * how every function of the library reports errors. */
enum {
	VDEV_SHOW_OK = VIPA_OK,
	VDEV_SHOW_E_NOMEM = VIPA_E_NOMEM,    /* out of memory */
	VDEV_SHOW_E_USAGE = VIPA_E_USAGE,    /* options that do not go together */
	VDEV_SHOW_E_NODEV = VIPA_E_NODEV,    /* no such device (or device type) */
	VDEV_SHOW_E_NOATTR = VIPA_E_NOATTR,  /* no such attribute, or not displayable */
	VDEV_SHOW_E_FORMAT = VIPA_E_FORMAT,  /* bad -F format */
	VDEV_SHOW_E_ODM = VIPA_E_REPO,       /* the object store failed */
	VDEV_SHOW_E_KERNEL = VIPA_E_NETLINK, /* the kernel could not be read or changed */
	VDEV_SHOW_E_MAX = VIPA_E_MAX
};

struct vdev_show;

/*
 * A reader over the open repository @odm (still owned by the caller, who
 * closes it after vdev_show_close).  Returns 0 or -VDEV_SHOW_E_NOMEM.
 */
int vdev_show_new(struct vdev_show **out, struct odm *odm);
void vdev_show_free(struct vdev_show *s);
/* The message of the last failure ("" if none). */
const char *vdev_show_errmsg(const struct vdev_show *s);

/*
 * Open the repository ($ODMDIR, else the configured default) for reading.
 * When it is ready (cu.db and pd.db exist, and pd.db is newer than the
 * predefined data in $VIPA_DATADIR/odm and /menus) it is opened read-only:
 * a read-write open also checks pd.db's stamp and cu.db's classes, which
 * costs more than a whole lsattr report.  Otherwise it is opened to be
 * built, or read-only without write access.  Returns what odm_open returns
 * (*out set as odm_open sets it).
 */
int vdev_show_odm_open(struct odm **out);

/* What the reports print. */
enum vdev_show_format {
	VDEV_SHOW_TEXT,   /* as the AIX commands print them (the default) */
	VDEV_SHOW_JSON,   /* one JSON document (see each report) */
};

/*
 * Print the reports of @s (lsdev, lsattr, ifconfig) as @format says.
 * Returns 0, or -VDEV_SHOW_E_USAGE for an unknown format.
 */
int vdev_show_set_format(struct vdev_show *s, enum vdev_show_format format);

/* ---- queries: what lsdev and lsattr were asked ---------------------- */

/* Keys of vdev_query_set. */
enum vdev_query_key {
	VDEV_Q_NAME,      /* -l: device name */
	VDEV_Q_CLASS,     /* -c */
	VDEV_Q_SUBCLASS,  /* -s */
	VDEV_Q_TYPE,      /* -t */
	VDEV_Q_STATE,     /* -S: a/A/1, d/D/0, s/S/2 or the word */
	VDEV_Q_FORMAT,    /* -F */
	VDEV_Q_ATTR,      /* -a: repeatable; one argument may name several
			     attributes separated by spaces or commas */
	VDEV_Q_HEADER,    /* -H: any value */
	VDEV_Q_COLON,     /* -O: any value */
	VDEV_Q_RECSEP,    /* lsattr -Z: the byte that ends each record of a
			     -F listing, instead of a newline */
	VDEV_Q_COLUMN,    /* lsdev -r: the values of this column, each once */
	VDEV_Q_PARENT,    /* lsdev -p: only devices whose CuDv.parent is this */
};

struct vdev_query;

/* A new empty query (NULL when out of memory). */
struct vdev_query *vdev_query_new(void);
void vdev_query_free(struct vdev_query *q);
/*
 * Set @key to a copy of @value (VDEV_Q_ATTR appends).  Returns 0,
 * -VDEV_SHOW_E_USAGE if a key that may be given once is given again, or
 * -VDEV_SHOW_E_NOMEM.
 */
int vdev_query_set(struct vdev_query *q, enum vdev_query_key key,
		   const char *value);
/* The value of @key (the first for VDEV_Q_ATTR), NULL if not set. */
const char *vdev_query_get(const struct vdev_query *q,
			   enum vdev_query_key key);

/* ---- lsdev ---------------------------------------------------------- */

/* What lsdev lists. */
enum vdev_lsdev_mode {
	VDEV_LSDEV_CUSTOMIZED,  /* -C: name status location description */
	VDEV_LSDEV_PREDEFINED,  /* -P: class type subclass description */
};

/*
 * Append the lsdev report for @q to @out.  Customized devices are listed
 * in name order (vi2 before vi10), predefined ones in database order.
 * -F field names: the CuDv and PdDv descriptors (for -P the PdDv ones
 * only) and "description"; "status" gives the state's name (Defined,
 * Available, Stopped).  VDEV_Q_COLUMN (-r, not with -F) prints the
 * values of that one column, one per line, each once, in the order of
 * the listing.  VDEV_Q_PARENT keeps the customized devices of that
 * parent (not with VDEV_LSDEV_PREDEFINED).  Nothing matching is not an
 * error.
 *
 * JSON: an array with one object per device, the fields as keys (numeric
 * descriptors as numbers; "status" is the state's name), e.g.
 * [{"name":"vi0","status":"Available","location":"","description":"..."}];
 * with VDEV_Q_COLUMN an array of the values.
 * Returns 0 or -VDEV_SHOW_E_*.
 */
int vdev_lsdev(struct vdev_show *s, enum vdev_lsdev_mode mode,
	       const struct vdev_query *q, struct odm_buf *out);

/* ---- lsattr --------------------------------------------------------- */

/* What lsattr shows (-P shows what -E shows: the database's values). */
enum vdev_lsattr_mode {
	VDEV_LSATTR_EFFECTIVE,  /* -E: attribute value description user_settable */
	VDEV_LSATTR_DEFAULT,    /* -D: attribute deflt description user_settable */
	VDEV_LSATTR_RANGE,      /* -R: the legal values of one attribute */
};

/*
 * Append the lsattr report for @q to @out.  The device is VDEV_Q_NAME, or
 * the one predefined type that VDEV_Q_CLASS/SUBCLASS/TYPE select (not with
 * VDEV_LSATTR_EFFECTIVE).  Rows follow the PdAt order, or the order of the
 * VDEV_Q_ATTR names when given; attributes not displayable (no 'D' in
 * PdAt.generic) are left out.  -F field names: the PdAt descriptors, "name"
 * and "value" (the current value, or the default without a device or with
 * VDEV_LSATTR_DEFAULT), "description" and "user_settable" (True when
 * PdAt.generic holds 'U').  VDEV_Q_COLON gives "#attr:attr..." and the
 * values joined by ':' on the next line (a ':' in a value written "#!:").
 * VDEV_LSATTR_RANGE needs exactly one attribute: a list (rep 'l') prints
 * one value per line, a range (rep 'r', values "low-high,step") prints
 * "low...high (+step)", a free string prints nothing.  VDEV_Q_RECSEP (one
 * byte, only with VDEV_Q_FORMAT) ends each record instead of a newline;
 * a header is then one record, without the empty one after it.
 *
 * JSON (not with VDEV_Q_COLON or VDEV_Q_RECSEP; VDEV_Q_HEADER has no
 * effect): an array with one object per line of the listing, the fields as
 * keys: "value" and "deflt" are numbers for a numeric attribute (rep 'n';
 * null when empty), "user_settable" true or false, the numeric PdAt
 * descriptors numbers, the rest strings, e.g.
 * [{"attribute":"netaddr","value":"10.68.6.1","description":
 * "Internet Address","user_settable":true},...].  VDEV_LSATTR_RANGE gives
 * one object: {"attribute":"state","values":["up","down","detach"]} for a
 * list, {"attribute":"prefixlen","range":{"low":0,"high":128,
 * "increment":1}} for a range, {"attribute":"netaddr"} for a free value.
 * Returns 0 or -VDEV_SHOW_E_*.
 */
int vdev_lsattr(struct vdev_show *s, enum vdev_lsattr_mode mode,
		const struct vdev_query *q, struct odm_buf *out);

/*
 * The effective value of attribute @attr of device @name (its CuAt values,
 * else the PdAt default; several values joined with a space, as
 * vdev_attr_get gives them) copied into @buf (size @len).  Returns 0,
 * -VDEV_SHOW_E_NODEV, -VDEV_SHOW_E_NOATTR or -VDEV_SHOW_E_ODM.
 */
int vdev_show_attr(struct vdev_show *s, const char *name,
		   const char *attr, char *buf, size_t len);

/* ---- ifconfig-vi ---------------------------------------------------- */

/*
 * The AIX flags word ifconfig-vi prints for a link with Linux IFF_* flags
 * @iff: 0x80000000 (VIPA) | 0x04000000 (64BIT), plus 0x1 (UP) and 0x40
 * (RUNNING) when the kernel has IFF_UP and IFF_RUNNING.  Writes
 * "84000041<UP,RUNNING,64BIT>" into @buf (size @len).
 */
void vdev_show_flags(unsigned iff, char *buf, size_t len);

/*
 * Is @name a VIPA device (a CuDv of type VDEV_VIPA_TYPE, vdev.h)?  Its
 * CuDv.status goes to *status (may be NULL).  Returns 0, or
 * -VDEV_SHOW_E_NODEV (not defined, or of another type), or -VDEV_SHOW_E_*.
 */
int vdev_show_vipa(struct vdev_show *s, const char *name, int *status);

/*
 * Append the ifconfig view of the VIPA @name (NULL: every VIPA, in name
 * order) as the kernel has it, read through @nl (NULL: a socket of the
 * handle's own, opened once the database named a VIPA): the flags line, one
 * "\tinet A netmask 0xMMMMMMMM" line per IPv4 address, one "\tinet6 A/N"
 * line per IPv6 address, and "\tiflist : If If" from interface_names when
 * it is not empty.  A VIPA the kernel has no link for is not shown: a line
 * "NAME: STATUS in the database, but the kernel has no link 'NAME'" goes to
 * @lost instead (when listing all, only Available VIPAs are reported).
 * Returns the number of VIPAs reported in @lost (0 when all were shown),
 * or -VDEV_SHOW_E_NODEV when @name is not a VIPA, or -VDEV_SHOW_E_*.
 *
 * JSON: an array with one object per VIPA shown (the lost ones still go
 * to @lost as text), the words of the text as keys:
 * [{"name":"vi0","flags":"84000041","flag_names":["UP","RUNNING","64BIT"],
 * "inet":[{"address":"10.68.6.1","netmask":"0xffffff00"}],"inet6":
 * [{"address":"2001:db8:6::1","prefixlen":64}],"iflist":["en1","en5"]}],
 * every key there even when its array is empty.
 */
int vdev_ifconfig(struct vdev_show *s, struct vnl *nl, const char *name,
		  struct odm_buf *out, struct odm_buf *lost);

/* ---- interface choices (SMIT's F4 lists) ---------------------------- */

/* Address families of vdev_ifchoices. */
#define VDEV_FAMILY_INET  0x1u /* IPv4: netaddr, alias4 */
#define VDEV_FAMILY_INET6 0x2u /* IPv6: netaddr6, alias6 */

/* What vdev_ifchoices lists. */
enum vdev_ifchoice {
	VDEV_IFCHOICE_ADD,    /* the interfaces the VIPA may take */
	VDEV_IFCHOICE_REMOVE, /* the interfaces it holds */
};

/*
 * Append, one a line, the interfaces that may go into the interface_names
 * of the VIPA @name (VDEV_IFCHOICE_ADD) or leave it (VDEV_IFCHOICE_REMOVE):
 * what chvi -L and mkinetvi -L print for the F4 lists of SMIT's dialogs.
 *
 * ADD lists the kernel's links (read through @nl, or NULL: a socket of
 * the handle's own) in name order, leaving out the loopback, the links of
 * VIPAs (a VIPA device's name, or a link marked as one), the interfaces
 * @name holds, and those held by another VIPA of an address family that
 * @name has: an interface belongs to one VIPA per family.  A VIPA has the
 * IPv4 family when netaddr or alias4 holds an address and IPv6 with
 * netaddr6 or alias6; one with no address counts as having both.  With
 * @name NULL the list is for a new VIPA of @families (VDEV_FAMILY_*;
 * 0: both), which is ignored otherwise.
 * REMOVE lists the interface_names of @name, in their order.
 *
 * Returns 0, -VDEV_SHOW_E_NODEV when @name is not a VIPA,
 * -VDEV_SHOW_E_KERNEL when the links cannot be read, or -VDEV_SHOW_E_*.
 */
int vdev_ifchoices(struct vdev_show *s, struct vnl *nl, const char *name,
		   unsigned families, enum vdev_ifchoice what,
		   struct odm_buf *out);

/* ---- cfgif and cfgvi ------------------------------------------------ */

/*
 * Append the report lines of vdev_cfgif or vdev_apply (@n of them, "vi0:
 * address 10.68.6.1/24 added") as one JSON document: an array with one
 * object per line, {"device":"vi0","change":"address 10.68.6.1/24 added"},
 * the device being what comes before the first ": " ("" when there is
 * none).  The lines "+vi1" and "-vi2" of vdev_apply (a device defined, a
 * device removed) give {"device":"vi1","change":"defined"} and
 * {"device":"vi2","change":"removed"}.
 * Returns 0 or -VDEV_SHOW_E_NOMEM.
 */
int vdev_report_json(struct odm_buf *out, const char *const *lines, int n);

#ifdef __cplusplus
}
#endif
#endif
