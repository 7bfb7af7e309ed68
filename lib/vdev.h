/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev.h - the device model of libvipa: customized devices (CuDv) and
 * their attributes (CuAt over PdAt), and the configure methods that make
 * the kernel hold what the database says for a Virtual IP Address (VIPA,
 * uniquetype "if/VI/vi").
 *
 * A VIPA in the kernel, when its device is Available:
 *   - a link named like the device (kind dummy, or ifb where the kernel has
 *     no dummy driver), marked with the interface alias "vipa:NAME" so that
 *     a link nobody owns can always be found and removed (vdev_cfgif);
 *   - with state "up", its addresses (netaddr/netmask, alias4,
 *     netaddr6/prefixlen, alias6) with IFA_F_NOPREFIXROUTE (IPv6 also
 *     IFA_F_NODAD), lifetimes forever, and the link up;
 *   - with state "down", the VIPA out of service: the link down and no
 *     address in the kernel (the database keeps them), so the host no
 *     longer answers on them; going down, the routes get their previous
 *     sources back first, then the addresses go, then the link goes down;
 *     going up, the addresses come back, then the route sources;
 *   - with "detach" the link is removed from the network stack while the
 *     device stays Available (cfgif keeps it that way);
 *   - a new prefix length for an address the kernel holds replaces it: an
 *     IPv4 one is added beside the old one before the old one goes (the
 *     address stays local, no route loses its source); an IPv6 one (the
 *     kernel holds an IPv6 address once only) goes after the routes using
 *     it got their previous source back, and is added with its new length;
 *   - with state "up": every unicast route of every table except local
 *     whose nexthops all leave through interfaces of interface_names gets
 *     netaddr (IPv4 routes) or netaddr6 (IPv6 routes) as preferred source.
 *     IPv6 routes to link-local destinations (fe80::/10) are left alone.
 *     The source a route had before is kept in the database (a CuRoute
 *     object of the device, kind "src": the route "TABLE DST/PLEN METRIC",
 *     the source it had, "-" for none, and the kernel's own message of
 *     the route as it last was) and given back before the VIPA address
 *     goes away, so that no route is ever lost.  (An earlier build kept
 *     CuAt objects with the private attribute "_prefsrc"; the next change
 *     of the device moves them.)  A record whose route is gone is
 *     dropped, unless the route went because the VIPA's address went from
 *     outside (the kernel deletes the IPv4 routes whose source goes: its
 *     link deleted, the address deleted or flushed): then the route is
 *     put back, once the address is back, from the message its record
 *     keeps, with the VIPA source (going out of service: with the source
 *     it had before).  A route of a routing daemon (a protocol other than
 *     kernel, boot, static, dhcp and ra) is the daemon's to put back: it
 *     is put back only if the daemon has not within 3 s (its record says
 *     since when).  Only a record read in the same network stack (boot and
 *     network namespace) puts a route back.  One that cannot be put back
 *     is reported, see vdev_nlost.
 *   - a route through the VIPA's own link (not the kernel's own, not
 *     link-local, not through a nexthop object) is kept the same way (a
 *     CuRoute object of kind "dev", its message with its source): the
 *     kernel deletes it when the link goes down or away (state down or
 *     detach, vdev_remove) or loses its last IPv4 address, and it is put
 *     back as it was when the VIPA is up again (a routing daemon's after
 *     3 s); vdev_remove with VDEV_DELETE names those it drops in one
 *     warning.
 *
 * Every changing function runs in one write transaction of the object
 * store, held while the kernel is changed.  When the kernel refuses a
 * change, what was already done to the kernel is undone, the transaction
 * rolls back, and the error message carries the kernel's reason.  Input is
 * validated completely (from the PdAt data) before anything changes.
 *
 * The library never prints and never exits; errors are reported as
 * vipa-error.h says (VDEV_E_* codes, the message from vdev_errmsg()).
 * Warnings (an interface that does not exist yet, ...) are kept too, see
 * vdev_nwarnings().  A change that takes one of the VIPA's addresses out
 * of the kernel warns, one line per daemon and address, when routes of a
 * routing daemon (a route protocol other than kernel, boot, static, ra,
 * dhcp, redirect; named from iproute2's rt_protos) carry it as source:
 * a daemon that sets that source itself fails to install its routes while
 * the address is gone, so the line names the setting to remove first.
 *
 * Stable: every function declared here is part of ABI LIBVIPA_0 (the
 * version script lib/libvipa.sym).  From the first release on, functions
 * are only added (in a new version node), structures passed by pointer
 * only stay opaque, and enum values and flags keep their numbers.
 */
#ifndef VIPA_VDEV_H
#define VIPA_VDEV_H

#include <signal.h>
#include <stddef.h>

#include "vipa-error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes (negative in returns): those of vipa-error.h, which says
 * how every function of the library reports errors. */
enum {
	VDEV_OK = VIPA_OK,
	VDEV_E_NOMEM = VIPA_E_NOMEM,   /* out of memory */
	VDEV_E_INVAL = VIPA_E_INVAL,   /* bad input: value, attribute, name, usage */
	VDEV_E_NODEV = VIPA_E_NODEV,   /* no such device */
	VDEV_E_EXIST = VIPA_E_EXIST,   /* the device (or link) exists already */
	VDEV_E_PERM = VIPA_E_PERM,     /* no privilege to change the network or the database */
	VDEV_E_ODM = VIPA_E_REPO,      /* the object store failed */
	VDEV_E_KERNEL = VIPA_E_KERNEL, /* the kernel refused a change; all was undone */
	VDEV_E_UNDO = VIPA_E_UNDO,     /* a change failed and the kernel could not be put back
					* as it was: the message names what differs, cfgif
					* makes kernel and database agree */
	VDEV_E_MAX = VIPA_E_MAX
};

/* vdev_open flags */
#define VDEV_RDONLY 0x1     /* only read the database */

/* Flags of the changing functions. */
#define VDEV_DEFINE_ONLY 0x1  /* vdev_define: only define (mkdev -d) */
#define VDEV_DB_ONLY     0x2  /* change the database only (chdev -P) */
#define VDEV_DELETE      0x4  /* vdev_remove: also delete the definition */
#define VDEV_DRY_RUN     0x8  /* vdev_cfgif: report, change nothing */
#define VDEV_CONFIGURE   0x10 /* vdev_cfgif: Defined devices become Available */
#define VDEV_REMOVE_OTHERS 0x20 /* vdev_apply: remove the VIPAs the set does not name */
#define VDEV_PARTIAL     0x40 /* vdev_apply: attributes a device does not name keep their value */
#define VDEV_TEMPORARY   0x80 /* vdev_change: change the running device only (chdev -T) */
#define VDEV_CHILDREN    0x100 /* vdev_remove: and the device's children (rmdev -R) */

/* The uniquetype of a Virtual IP Address device: the only type with
 * configure methods. */
#define VDEV_VIPA_TYPE "if/VI/vi"

struct vdev;
struct odm;

/*
 * Open the object repository @odmdir (NULL: $ODMDIR or the default).
 * The netlink socket is opened when first needed.  *out is set even on
 * failure when memory allows (read vdev_errmsg, then vdev_close).
 * Returns 0 or -VDEV_E_*.
 */
int vdev_open(struct vdev **out, const char *odmdir, unsigned flags);
void vdev_close(struct vdev *v);
/* The message of the last failure ("" if none). */
const char *vdev_errmsg(const struct vdev *v);
/* vipa_strerror, under this module's name. */
const char *vdev_strerror(int code);
/* The object store handle (owned by @v). */
struct odm *vdev_odm(struct vdev *v);
/* Warnings of the last call: how many, and each one (one line). */
int vdev_nwarnings(const struct vdev *v);
const char *vdev_warning(const struct vdev *v, int i);

/*
 * Split one -a argument into "Attr=Value" words: several assignments may
 * come in one argument separated by spaces ('A=V B=V').  Each word is
 * appended to *list (*n entries, grown with realloc; the strings are
 * allocated copies).  Returns 0 or -VDEV_E_NOMEM.
 */
int vdev_split_assign(const char *arg, char ***list, int *n);
/* Free a list made by vdev_split_assign. */
void vdev_free_assign(char **list, int n);

/*
 * The uniquetype of the predefined device class/subclass/type (NULL
 * matches any) into @out (48 bytes).  Returns 0, -VDEV_E_INVAL if there is
 * none, or another -VDEV_E_*.
 */
int vdev_find_type(struct vdev *v, const char *cls, const char *subclass,
		   const char *type, char out[48]);

/*
 * Define a device of @uniquetype with the attribute assignments @assign
 * ("Attr=Value", @n of them; an attribute may repeat when it holds a list,
 * as alias4 and alias6 do), named @name (NULL: the next free PREFIXn), and
 * configure it unless VDEV_DEFINE_ONLY.  @required lists attributes that
 * must be given (NULL-terminated, may be NULL); the groups of the
 * predefined data are required besides (a VIPA needs netaddr and netmask,
 * or netaddr6 and prefixlen).  The name used goes to @name_out (16 bytes,
 * may be NULL).  Returns 0 or -VDEV_E_*.
 */
int vdev_define(struct vdev *v, const char *uniquetype, const char *name,
		char *const *assign, int n, const char *const *required,
		unsigned flags, char name_out[16]);

/*
 * Configure the Defined device @name (mkdev -l Name): status Available and
 * the kernel made to match.  Returns 0 or -VDEV_E_*.
 */
int vdev_configure(struct vdev *v, const char *name);

/*
 * Change attributes of device @name.  An attribute set to its default
 * loses its CuAt object.  A value of a list (alias4, alias6) adds one to
 * the device's, as AIX chdev does; "delalias4=V" ("delalias6=V") takes
 * value V out, and an empty value empties the list.  @ifs (may be NULL)
 * is a comma list of interfaces
 * to add to (@remove 0) or remove from (@remove 1) interface_names.  With
 * VDEV_DB_ONLY only the database changes; the kernel follows at the next
 * vdev_cfgif.  With VDEV_TEMPORARY (chdev -T) only the running device
 * changes: the kernel is made to hold what the database says with these
 * changes applied (checked as any change is), the attributes in the
 * database stay as they are (only the route-source records follow the
 * kernel), and the next vdev_cfgif brings the kernel back to them; the
 * device must be Available.  Returns 0 or -VDEV_E_*.
 */
int vdev_change(struct vdev *v, const char *name, char *const *assign, int n,
		const char *ifs, int remove, unsigned flags);

/*
 * Take the Available device @name out of service (@up 0) or put it back
 * (@up 1) in the kernel only, as `ifconfig-vi Name down|up` does: the
 * database's attributes and status stay as they are (only the route source
 * records change, see above), and the next vdev_cfgif brings the kernel
 * back to what the database says.  The semantics are those of state=down
 * and state=up: down gives the routes their previous sources back, removes
 * the VIPA's addresses from the kernel and sets the link down; up creates
 * the link if needed, adds the addresses, sets the link up and gives the
 * routes the VIPA source.  Returns 0 or -VDEV_E_* (-VDEV_E_INVAL when the
 * device is not Available).
 */
int vdev_set_kernel_state(struct vdev *v, const char *name, int up);

/*
 * ifconfig-vi Name up|down: vdev_set_kernel_state, refused first in the
 * words of ifconfig-vi's report: -VDEV_E_NODEV when @name is not a VIPA
 * ("device 'en1' is not a virtual IP address (its type is 'if/EN/en')"),
 * -VDEV_E_KERNEL, with nothing changed, when the kernel has no link for
 * it ("vi3: Available in the database, but the kernel has no link 'vi3'").
 */
int vdev_ifconfig_set(struct vdev *v, const char *name, int up);

/*
 * ifconfig-vi Name detach: remove the link of the Available VIPA @name from
 * the network stack, in the kernel only, as state=detach does (the routes
 * get their previous sources back first); the database keeps its values and
 * the next vdev_cfgif brings the link back.  Refused as vdev_ifconfig_set
 * refuses.  Returns 0 or -VDEV_E_*.
 */
int vdev_ifconfig_detach(struct vdev *v, const char *name);

/*
 * ifconfig-vi Name Address alias | delete: add the address @addr ("A", or
 * "A/N" with its prefix length) to the link of the VIPA @name, or delete it
 * (@del set), in the kernel only.  @mask (may be NULL) is an IPv4 netmask
 * (dotted, or 0x and 8 hex digits) or a prefix length; without a length
 * the address is a host address (/32, /128).  A deleted address is the
 * kernel's of that address whatever its length; the routes that have it as
 * source first get their previous source back.  The database keeps its
 * values, and the next vdev_cfgif makes the kernel hold what it says again.
 * Returns 0, -VDEV_E_EXIST (the kernel holds that address already),
 * -VDEV_E_INVAL (a bad address, or none to delete), or another -VDEV_E_*
 * as vdev_ifconfig_set.
 */
int vdev_ifconfig_addr(struct vdev *v, const char *name, const char *addr,
		       const char *mask, int del);

/*
 * Unconfigure device @name (status Defined, nothing left in the kernel);
 * with VDEV_DELETE also delete its CuDv and CuAt objects.  With
 * VDEV_CHILDREN its children (CuDv objects whose parent it is) go the same
 * way: a VIPA has none, and one that has (made by hand) is refused,
 * -VDEV_E_INVAL, naming them.  Returns 0 or -VDEV_E_*.
 */
int vdev_remove(struct vdev *v, const char *name, unsigned flags);

/*
 * Make the kernel match the database for device @name (NULL: every
 * Available VIPA, and remove the marked links no device owns).  @report is
 * called with one line for each change made ("vi0: address 10.68.6.1/24
 * added"), once all of them are made and committed: a failed call reports
 * nothing (what it did was undone).  With VDEV_DRY_RUN nothing changes and
 * the lines say what would be done ("vi0: would add address
 * 10.68.6.1/24").  Routes the kernel deleted with a VIPA's address are put
 * back ("vi0: route 0.0.0.0/0 dev en1 table 254: put back with source
 * 10.68.6.1 (the kernel deleted it with the VIPA's address)"); those of
 * routing daemons are left to the daemons for 3 s ("vi0: route ...: left
 * to protocol bird for 3 s (...)"), which the call waits for, in no
 * transaction, before one more pass puts back what the daemons did not.
 * Routes that cannot be put back: vdev_nlost.  Returns the number of
 * changes or -VDEV_E_*.
 *
 * With VDEV_CONFIGURE it is also AIX's Configure method: the Defined
 * VIPAs (every one, or @name) become Available first, in the same
 * transaction, each reported as "vi0: configured (Defined to Available)"
 * ("would configure" in a dry run).
 *
 * A stored device of the VIPA type that breaks the rules the changing
 * functions keep (see vdev_check) is left alone, as it is: neither
 * configured nor changed in the kernel, nor its links removed; the others
 * are configured.  Each is named by vdev_skipped.  Named with @name, such
 * a device fails the call (-VDEV_E_INVAL, "device 'vi0' left alone:
 * ..."), except one whose name no VIPA can have: it does not exist
 * (-VDEV_E_NODEV).
 */
int vdev_cfgif(struct vdev *v, const char *name, unsigned flags,
	       void (*report)(const char *line, void *arg), void *arg);

/*
 * Routes the last changing call found lost: a route whose record (see
 * CuRoute above) says the VIPA gave it its source, that the kernel
 * deleted with the VIPA's address, and that could not be put back (its
 * record, of an earlier build, holds no copy of it; its interfaces are no
 * longer the VIPA's; the kernel refused it).  Each one is reported as one
 * line ("vi0: route 0.0.0.0/0 table 254 was lost with the VIPA's address
 * and cannot be put back (no copy of it was kept); restore it by hand")
 * and its record is dropped.  The call itself succeeds (its change is
 * committed).
 */
int vdev_nlost(const struct vdev *v);
/*
 * Check the stored devices of the VIPA type (every one, or only @name)
 * with the rules the changing functions keep, reading the database and
 * the kernel only: a name that is the type's prefix and an instance
 * number, held by one CuDv object; each value as a change would take it
 * (syntax, PdAt lists and ranges, at most the PdAt width of values in a
 * list, one value for the others); no address twice; an interface that
 * is no VIPA and an address or an interface no device before it (in
 * database order) holds; an address no link but a VIPA's holds in the
 * kernel.  Each device that breaks one is named by vdev_skipped.  This
 * is what vdev_cfgif leaves alone; vdev_configure and bringing a device
 * up refuse such a device.  Returns how many or -VDEV_E_*.
 */
int vdev_check(struct vdev *v, const char *name);
/* The devices the last vdev_cfgif or vdev_check left alone: how many, and
 * each one in a line ("device 'vi0' left alone: attribute 'netaddr' value
 * '999.68.6.1' is not a valid IPv4 address"). */
int vdev_nskipped(const struct vdev *v);
const char *vdev_skipped(const struct vdev *v, int i);
const char *vdev_lost(const struct vdev *v, int i);

/* ---- a whole set at once ---- */

/*
 * A set of VIPAs as they should be: one entry per device, its name and
 * its "Attr=Value" assignments (an attribute may repeat when it holds a
 * list).  Made empty by vdev_set_new, filled by vdev_set_add or
 * vdev_set_parse, applied by vdev_apply, freed by vdev_set_free.
 */
struct vdev_set;

/* A new empty set into *out (NULL on failure).  Returns 0 or -VDEV_E_NOMEM. */
int vdev_set_new(struct vdev_set **out);
void vdev_set_free(struct vdev_set *set);
/* Add device @name with the @n assignments @assign (copied).  Returns 0 or
 * -VDEV_E_NOMEM; names and values are checked by vdev_apply. */
int vdev_set_add(struct vdev_set *set, const char *name, char *const *assign, int n);
/*
 * Add the devices of stanza text @text (@len bytes; @origin names it in
 * messages, "ORIGIN:LINE: ..."), one stanza per device, as AIX writes
 * /etc/filesystems:
 *
 *     * a comment ('*' or '#' first on its line)
 *     vi0:
 *             netaddr = 10.68.6.1
 *             netmask = 255.255.255.0
 *             alias4 = 10.68.8.1,255.255.255.255
 *             alias4 = 10.68.9.1,255.255.255.0
 *             interface_names = en1,en5
 *
 * A stanza name starts its line and ends with ':'; attribute lines are
 * indented, "Attribute = Value", the value maybe in double quotes, empty
 * for the attribute's default.  Every line that is neither is a problem,
 * and so is a second stanza of one device: each is one line of
 * vdev_problem, and the call returns -VDEV_E_INVAL.  Returns 0,
 * -VDEV_E_INVAL or -VDEV_E_NOMEM.
 */
int vdev_set_parse(struct vdev *v, struct vdev_set *set, const char *text, size_t len,
		   const char *origin);
/*
 * Make the VIPAs of @set what it says, in one write transaction held
 * while the kernel is changed: the devices missing are defined, those
 * that differ are changed (an attribute the set does not name goes back
 * to its default; with VDEV_PARTIAL it keeps its value), every device of
 * the set becomes Available and the kernel is made to match it, and with
 * VDEV_REMOVE_OTHERS the VIPAs the set does not name are removed (their
 * routes get their previous sources back).  A list attribute (alias4,
 * alias6) is set to the values given, whatever it held.
 *
 * Every device is checked first, with the rules of vdev_define and
 * vdev_change, against the others as the set leaves them and the
 * kernel's addresses; when anything is wrong nothing changes, the call
 * returns -VDEV_E_INVAL, and vdev_problem has one line per problem (the
 * message is the first of them).  When the kernel refuses a change, what
 * was done is undone, as for every changing function.
 *
 * @report gets one line per change once all are committed, in a diff
 * form: "-vi2" (removed), "+vi1" (defined), "vi0: netaddr 10.68.6.1 ->
 * 10.68.6.2" (an attribute; an empty value is written ""), "vi0: alias4
 * +10.68.8.1,255.255.255.255" and "vi0: alias4 -..." (a value of a list
 * added or removed), "vi0: status Defined -> Available", and for a device
 * the set leaves as it is, the kernel changes vdev_cfgif would report
 * ("vi0: link created").  With VDEV_DRY_RUN nothing changes and the
 * lines are those a real run would report (kernel ones in vdev_cfgif's
 * dry form).  Returns the number of lines, or -VDEV_E_*.
 */
int vdev_apply(struct vdev *v, const struct vdev_set *set, unsigned flags,
	       void (*report)(const char *line, void *arg), void *arg);
/* The problems that made the last vdev_apply or vdev_set_parse refuse:
 * how many, and each one (one line). */
int vdev_nproblems(const struct vdev *v);
const char *vdev_problem(const struct vdev *v, int i);

/* ---- reading ---- */

/*
 * Call @fn for each displayable attribute (a 'D' in PdAt.generic, as
 * lsattr shows them) of device @name in PdAt order with its
 * effective value: the CuAt value, else PdAt.deflt (@is_default 1).  An
 * attribute holding a list (alias4, alias6) calls @fn once per value.
 * Returns 0, @fn's non-zero value, or -VDEV_E_*.
 */
int vdev_attr_foreach(struct vdev *v, const char *name,
		      int (*fn)(const char *attr, const char *value,
		      int is_default, void *arg),
		      void *arg);
/*
 * The effective value of one attribute into @buf (several values joined
 * with a space).  Returns 0, -VDEV_E_INVAL for an unknown attribute,
 * -VDEV_E_NODEV, or another -VDEV_E_*.
 */
int vdev_attr_get(struct vdev *v, const char *name, const char *attr,
		  char *buf, size_t len);

/* ---- watching ---- */

/*
 * cfgif -w: listen to the kernel's link, address and route announcements
 * (rtnetlink groups link, IPv4/IPv6 addresses, IPv4/IPv6 routes) until
 * *@stop is set (checked at least every 250 ms; a signal handler sets it).
 * A route of a group (every nexthop through interface_names) that appears
 * without the VIPA source gets it at once, from the kernel's own message
 * (RTA_PREFSRC patched, NLM_F_REPLACE), its previous source saved as a
 * pass saves it, in one write transaction per batch of messages.  Link
 * and address changes, lost messages, a route NLM_F_REPLACE cannot single
 * out (an IPv4 twin added with NLM_F_APPEND, an IPv6 route without
 * gateway), a failed patch, and a database another command changed run
 * vdev_cfgif(@v, @name, 0, ...) again once they stop for 10 ms (at most
 * 200 ms after the first).  Routes outside every group are left alone.
 * One pass runs first, for what changed before the socket listened.
 * A pass puts back the routes the kernel deleted with a VIPA's address
 * (see vdev_cfgif) but does not wait for routing daemons: the watch runs
 * one more pass when their time is up.  A route of a record of ours
 * deleted with our source by a request (on purpose: the kernel deletes
 * the routes of an address or a link on its own) loses its record at
 * once, so that an address flushed right after does not bring it back;
 * deleted otherwise, it runs a pass, which settles its record.
 *
 * @report gets each patched route's line and each pass's lines as
 * vdev_cfgif gives them, then its warnings ("warning: ...") and lost
 * routes (see vdev_nlost), and NULL at the end of each batch or pass (to
 * flush output).
 *
 * Loop guard: a fight is a route (table, destination, metric) of a group
 * that comes back without the VIPA source right after it had it (within
 * 5 s), with the same nexthops and protocol, three times in a row.  A
 * route deleted and added again, or replaced with other nexthops, is no
 * fight.  After a fight the routes of that protocol (the daemon) are left
 * as the daemon makes them for 1 s, doubling while the fight goes on (up
 * to 64 s), then get the source again; @report gets one line naming the
 * daemon and its setting:
 *   "vi0: route 10.1.0.0/16 dev en1 table 254 keeps losing its source:
 *   protocol bird rewrites it right after each fix; its routes are left
 *   alone for 1 s; set it in bird: krt_prefsrc = 10.68.6.1 in the kernel
 *   protocol's export filter"
 * (one line; for FRR: a route-map with set src, which works only wired up
 * with ip protocol PROTO route-map NAME).
 *
 * Returns 0 once stopped, or -VDEV_E_* (a pass failed twice in a row, or
 * the netlink socket failed; read vdev_errmsg).
 */
int vdev_watch(struct vdev *v, const char *name,
	       void (*report)(const char *line, void *arg), void *arg,
	       volatile sig_atomic_t *stop);

#ifdef __cplusplus
}
#endif
#endif
