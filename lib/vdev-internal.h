/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-internal.h - what the parts of the device model share: the handle,
 * the predefined attribute table, the desired kernel state of one device
 * (struct vcfg) and the kernel journal used to undo a failed change.
 * Nothing here is exported from libvipa.so.
 */
#ifndef VIPA_VDEV_INTERNAL_H
#define VIPA_VDEV_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include "vdev.h"
#include "vipa-kit.h"
#include "vipa-private.h"
#include "vnl-internal.h"

#define VDEV_ERRLEN 1024
#define VDEV_MARK "vipa:"            /* interface alias prefix of our links */
#define VDEV_REC_ATTR "_prefsrc"     /* private CuAt of earlier builds: a route's previous source */
#define VDEV_ROUTE_CLASS "CuRoute"   /* route records (see struct vroute) */
#define VDEV_MAXIF 64                /* interfaces in one interface_names */
/* A route of a routing daemon that the kernel deleted with the VIPA's
 * address is the daemon's to put back: it is put back only if the daemon
 * has not within this many seconds (VIPA_DAEMON_WAIT, 0 to 600, sets
 * another: vdev_daemon_wait). */
#define VDEV_DAEMON_WAIT 3

struct odm;
struct odm_buf;
struct vipa_buf;
struct odm_class;
struct odm_match;
struct odm_obj;
struct vnl;
struct vnl_route;

/* One predefined attribute (PdAt): its object and the fields we use,
 * which point into it. */
struct vdev_pdat {
	struct odm_obj *obj;
	const char *attr, *deflt, *values, *width, *type, *generic, *rep, *nls;
};

/* A predefined device type: its PdDv object (NULL if there is none) and
 * its attributes in PdAt order. */
struct vtype {
	char uniquetype[48];
	struct odm_obj *dv;
	const char *prefix;        /* PdDv.prefix, "" without a PdDv */
	struct vdev_pdat *at;
	int nat;
	int valmax;                /* the longest value CuAt holds (char[N]: N - 1) */
};

/* A customized device (CuDv). */
struct vcudv {
	int found;
	int status;                /* 0 Defined, 1 Available, 2 Stopped */
	char type[48];             /* PdDvLn */
};

/* The values of one attribute: its CuAt values in _id order; none means
 * the PdAt default. */
struct vaval {
	char **v;
	int n;
	int touched;               /* set by the running change */
};

/* The effective attributes of one device: one vaval per PdAt attribute
 * of its type @t. */
struct vattrs {
	const struct vtype *t;
	struct vaval *a;
	const char *given_ifs;     /* chvi -i: the interfaces as given */
	int defining;              /* the set of a new device (vdev_define) */
	int fams_before;           /* the address families it held before the
				    * change (vdev_attrs_families) */
};

/* What the "state" attribute asks for. */
enum vstate {
	VSTATE_UP,
	VSTATE_DOWN,               /* a link, down (any value but up, detach) */
	VSTATE_DETACH,             /* no link at all */
};

struct vaddr {
	int family;
	unsigned char a[16];
	int plen;
};

/* The state the kernel should have for one device (vdev_load_cfg; free
 * with vdev_cfg_free).  Its lists are as long as the database's: a device
 * put in with odmadd may hold more than the PdAt data allows, and even so
 * nothing of it is cut off (rmdev must take all of it out). */
struct vcfg {
	char name[16];
	int exists;            /* a CuDv object exists */
	int status;            /* CuDv.status */
	int want_link;         /* Available and state is not detach */
	int want_up;           /* ... and state is up */
	int has4, has6;        /* netaddr / netaddr6 set */
	struct vaddr src4, src6;
	struct vaddr *addr;    /* every address: netaddr, netaddr6, aliases */
	int naddr;
	char (*ifs)[16];       /* interface_names */
	int nifs;
	int fresh;             /* defined by the running change: it has no
				* route source records to read yet */
};

/*
 * One kernel change, kept to undo it.  It is recorded before the request
 * goes out; a request the kernel refused (its own answer) is taken out
 * again, one whose answer was lost stays with @unsure set, and its undo,
 * written to be right whether or not the kernel applied it, settles it.
 */
enum jkind { J_LINK_CREATE, J_LINK_DELETE, J_ADDR_ADD, J_ADDR_DEL, J_LINK_UP, J_ROUTE,
	     J_ROUTE_DEL, J_ROUTE_ADD };

struct jent {
	enum jkind kind;
	char name[16];
	int ifindex;
	int up;
	struct vaddr addr;
	uint32_t aflags;
	struct vnl_route *route;   /* J_ROUTE: the route as it was; J_ROUTE_DEL: deleted;
				    * J_ROUTE_ADD: added (put back) */
	int had_src;
	unsigned char src[16];
	struct vaddr *addrs;       /* J_LINK_DELETE: the addresses it had */
	int naddrs;
	int unsure;                /* no answer: applied or not, unknown */
};

struct vdev {
	struct odm *odm;
	struct vnl *nl;
	unsigned flags;
	/* The watch's back-off: a route it holds (the daemon that installed
	 * it keeps rewriting it) is not given the VIPA source; NULL: none. */
	int (*hold)(const struct vnl_route *r, void *arg);
	void *hold_arg;
	struct vtype type;         /* VDEV_VIPA_TYPE, loaded on first use */
	int type_loaded;
	char err[VDEV_ERRLEN];
	char **warn;
	int nwarn;
	/* the kernel journal of the running change */
	struct jent *j;
	int nj, jcap;
	/* cfgif: a snapshot of links, addresses and route sources, taken
	 * at the start of each pass (see vdev_kern_snapshot) */
	struct kcache *kc;
	/* cfgif reporting */
	int dry;
	/* cfgif on a read-only repository: the kernel is set from it, the
	 * database is not written; counts the writes skipped */
	int db_ro;
	int db_ro_skipped;
	/* a dry run: what it would have changed, consulted by its later
	 * steps in place of the kernel and the database */
	struct kdry *kdry;
	void (*report)(const char *line, void *arg);
	void *report_arg;
	int nchanges;
	/* the report lines of the running change, handed to @report only
	 * when it succeeds (a change undone is never reported) */
	char **lines;
	int nlines;
	int lines_nomem;
	/* routes recorded in _prefsrc that the kernel lost with the VIPA's
	 * address (one line each; see vdev_nlost) */
	char **lost;
	int nlost;
	/* the stored devices that break the rules (vdev_check_stored), and
	 * the lines naming them: vdev_cfgif leaves them alone */
	struct vbad *bad;
	int nbad;
	char **skipped;
	int nskipped;
	/* what made the last vdev_apply refuse its set, one line each */
	char **prob;
	int nprob;
	/* the network stack this handle changes (vdev_stack), "" until known */
	char stack[24];
	/* the last pass left routes to their daemons: when to look again
	 * (vdev_boot_ms), else 0; and their keys ("TABLE DST/PLEN METRIC") */
	long long restore_due;
	char **deferred;
	int ndeferred;
};

/* A stored device that breaks the rules a change keeps: its name and why
 * ("its name contains a quote (')", "attribute 'netaddr' value
 * '999.68.6.1' is not a valid IPv4 address" ...). */
struct vbad {
	char *name;
	char *why;
};

/*
 * The parts depend one way: vdev.c (operations, reading) calls
 * vdev-kern.c (configure methods), both call vdev-db.c (device objects),
 * and all call vdev-base.c (messages, string lists); vdev.c also calls
 * vdev-valid.c (value syntax, assignments, checks).  vdev-attr.c
 * (types, devices and effective attributes) takes the store handle only
 * and calls none of them: every part, and the reports, read through it.
 */

/* vdev-attr.c: types, devices and effective attributes (0 or -ODM_E_*) */
/* Load type @uniquetype into @t (emptied first; t->dv NULL: no PdDv). */
int vattr_type_load(struct odm *odm, const char *uniquetype, struct vtype *t);
void vattr_type_free(struct vtype *t);
/* The index of attribute @attr in t->at, or -1. */
int vattr_index(const struct vtype *t, const char *attr);
/* Does the attribute hold a list, one CuAt object per value? */
int vattr_multi_valued(const struct vdev_pdat *a);
/* The most values the attribute may hold: 1 for a single-valued one, its
 * PdAt width for a list (alias4, alias6), or -1 when the width is no
 * number from 1 to 999999 (predefined data that cannot be used). */
long vattr_max_values(const struct vdev_pdat *a);
/* Attribute @i of @t takes one value out of another (AIX's delalias4 for
 * alias4): named "del" and that attribute, which holds a list, of the
 * same PdAt.type, user-settable and not displayable.  Returns the other
 * attribute's index, or -1. */
int vattr_del_target(const struct vtype *t, int i);
/* Is @a a group (PdAt.type "G"): its values name attributes that go
 * together (vdev_attrs_required)? */
int vattr_is_group(const struct vdev_pdat *a);
/* The members of group @g of type @t: their indexes in t->at into @idx
 * (at most @max).  Returns their number, or -1 when a member is no
 * attribute of @t (or there are more than @max). */
int vattr_group(const struct vtype *t, const struct vdev_pdat *g, int *idx, int max);
/* Call @fn for the CuDv of every device of the VIPA type, in _id order
 * (odm_get's return). */
int vattr_vipas(struct odm *odm, int (*fn)(const struct odm_obj *, void *), void *arg);
/* The CuDv of @name (d->found 0: none). */
int vattr_cudv(struct odm *odm, const char *name, struct vcudv *d);
/* The attributes of device @name of type @t (@name NULL: all defaults). */
int vattr_load(struct odm *odm, const struct vtype *t, const char *name, struct vattrs *s);
void vattr_free(struct vattrs *s);
int vattr_add(struct vaval *av, const char *val);
void vattr_clear(struct vaval *av);
/* The effective values of attribute @i: vattr_nvalues of them (at least
 * one: the default when there is no CuAt), each by vattr_nth. */
int vattr_nvalues(const struct vattrs *s, int i);
const char *vattr_nth(const struct vattrs *s, int i, int k);
/* Does attribute @i have a value: a CuAt value, or a default? */
int vattr_held(const struct vattrs *s, int i);
/* The first effective value of @attr ("" for no such attribute). */
const char *vattr_value(const struct vattrs *s, const char *attr);
enum vstate vattr_state(const struct vattrs *s);
/* Does a device of CuDv.status @status in state @st have a kernel link? */
int vattr_wants_link(int status, enum vstate st);

/* vdev.c */
/* Did the last check (vdev_cfgif, vdev_check) find @name breaking the
 * rules?  Its entry, or NULL. */
const struct vbad *vdev_bad_of(const struct vdev *v, const char *name);
/* The state device @name asks for (@c is emptied first; an unknown
 * device gives c->exists 0).  Free it with vdev_cfg_free, also after a
 * failure. */
int vdev_load_cfg(struct vdev *v, const char *name, struct vcfg *c);
void vdev_cfg_free(struct vcfg *c);
/* The desired kernel state of VIPA @name of CuDv.status @status with the
 * attributes @s (no database read); 0 or -VDEV_E_NOMEM.  Free it with
 * vdev_cfg_free, also after a failure. */
int vdev_cfg_from(struct vdev *v, const char *name, int status, const struct vattrs *s,
		  struct vcfg *c);
/* Start a change (@write 0: a dry run, which only reads): warnings,
 * problems and the kernel journal emptied, the write transaction begun,
 * the VIPA type loaded. */
int vdev_begin(struct vdev *v, int write);
/* Commit, or on failure (@rc < 0) undo the kernel and roll back; returns
 * @rc or the failure of the commit or the undo. */
int vdev_finish(struct vdev *v, int rc);
/* -VDEV_E_PERM unless the process may change the network. */
int vdev_need_priv(struct vdev *v);
/* Write the touched attributes of @s as the CuAt objects of @name. */
int vdev_aset_store(struct vdev *v, const char *name, const struct vattrs *s);
/* Is link @l the VIPA link of a device (marked, or aliased "vipa:@name")? */
int vdev_is_vipa_link(const struct vnl_link *l, const char *name);
/* One pass of vdev_cfgif: routes left to their daemons are not waited
 * for (v->restore_due says when to look again). */
int vdev_cfgif_pass(struct vdev *v, const char *name, unsigned flags,
		    void (*report)(const char *line, void *arg), void *arg);

/* vdev-base.c */
int vdev_seterr(struct vdev *v, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vdev_odm_err(struct vdev *v, int rc);
int vdev_warn(struct vdev *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vdev_quote(char *out, size_t len, const char *s);
/* The messages of every command for a device the repository does not
 * hold (AIX's wording), and for one that is no VIPA, into @out. */
void vdev_msg_nodev(char *out, size_t len, const char *name);
void vdev_msg_notvipa(char *out, size_t len, const char *name, const char *type);
/* Copy a string into a fixed field, truncated to fit. */
void vdev_copy(char *dst, size_t len, const char *src);
/* One line of the change report of vdev_cfgif (see vdev-base.c). */
void vdev_report(struct vdev *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A route record (class CuRoute): a route that the VIPA @name gave its
 * source (kind "src", @prev the source it had before, "-" for none), or a
 * route through the VIPA's link (kind "dev"), with the kernel's message
 * of it (vnl_route_hex: without its source for kind src) taken in network
 * stack @stack (vdev_stack), to put it back when the kernel deletes it
 * with the VIPA's address or link.  @lost: when the route was found
 * deleted so and left to the daemon that installed it (ms of the boot
 * clock, vdev_boot_ms), else 0.  Strings: "" when absent.
 */
struct vroute {
	const char *name, *kind, *route, *prev, *stack, *msg;
	long long lost;
};

/* vdev-db.c */
/* The CuDv of @name into @c (c->found 0 when there is none). */
int vdev_db_cudv(struct vdev *v, const char *name, struct vcudv *c);
int vdev_db_set_status(struct vdev *v, const char *name, int status);
/* Add one CuAt object; @a NULL for a private record. */
int vdev_db_cuat_add(struct vdev *v, const char *name, const char *attr, const char *value,
		     const struct vdev_pdat *a);
/* Delete the CuAt objects of @name and @attr (with @value, when not NULL). */
int vdev_db_cuat_del(struct vdev *v, const char *name, const char *attr, const char *value);
/* Add route record @r. */
int vdev_db_route_add(struct vdev *v, const struct vroute *r);
/* Delete the route records of device @name: those of @kind and @route,
 * or with @route NULL every one of @kind, or with @kind NULL every one. */
int vdev_db_route_del(struct vdev *v, const char *name, const char *kind, const char *route);
/* Call @fn for each route record of device @name (NULL: every device),
 * in the order they were written.  Returns 0, @fn's value, or -VDEV_E_*;
 * a repository without the class has none. */
int vdev_db_routes(struct vdev *v, const char *name,
		   int (*fn)(const struct vroute *r, void *arg), void *arg);
/* Delete every CuAt, CuRoute and the CuDv object of @name. */
int vdev_db_delete(struct vdev *v, const char *name);

/* vdev-valid.c: value syntax, assignments and whole-device checks */
/* Why @s is no interface name, or NULL. */
const char *vdev_ifname_problem(const char *s);
/* 1 (with the reason in @what) if @s holds a character no value may. */
int vdev_bad_char(const char *s, char *what, size_t len);
/* Is @name @prefix followed by an instance number (vi0, vi1 ...)? */
int vdev_instance_name(const char *prefix, const char *name);
/* 1 (with the reason in @why) if @name is no name a device of type @t
 * can have, else 0. */
int vdev_bad_vipa_name(const struct vtype *t, const char *name, char *why, size_t len);
int vdev_parse_v4(const char *s, unsigned char a[16]);
int vdev_parse_v6(const char *s, unsigned char a[16]);
/* A netmask's prefix length (1..32), or -1 invalid, -2 not contiguous,
 * -3 no network bits. */
int vdev_mask_plen(const char *s);
int vdev_parse_int(const char *s, long *out);
/* The address an attribute value holds: 1, or 0 for none. */
int vdev_value_addr(const struct vdev_pdat *a, const char *val, struct vaddr *out);
/* The rules device @dev keeps by itself: each attribute of @s holds no
 * more values than it may (one, or for a list its PdAt width), each value
 * the change did not touch is valid, no address is given twice; else
 * -VDEV_E_INVAL with the error set. */
int vdev_rules_check(struct vdev *v, const char *dev, const struct vattrs *s);
/* Check one "Attr=Value" assignment of device @dev: the attribute exists
 * and is user-settable, and the value is valid; its index in v->type.at
 * into *@idx and the value's canonical form ("" for the default) into
 * @canon.  0, or -VDEV_E_INVAL with the message set. */
int vdev_assign_check(struct vdev *v, const char *dev, const char *assign, int *idx,
		      char *canon, size_t clen);
/* Apply "Attr=Value" assignments to @s, checking each value. */
int vdev_attrs_assign(struct vdev *v, const char *dev, struct vattrs *s,
		      char *const *assign, int n);
/* chvi -i IFS -o add|remove */
int vdev_attrs_ifs(struct vdev *v, const char *dev, struct vattrs *s, const char *ifs,
		   int remove);
/* The groups (PdAt.type "G") of the type of the new attribute set @s of
 * @dev: of each group every member has a value or none does, and one
 * group at least has them all (a VIPA keeps an address).  @define: a new
 * device, every group is checked; else only when the change touched a
 * member, and then the groups it touched. */
int vdev_attrs_required(struct vdev *v, const char *dev, const struct vattrs *s, int define);
/* The address families whose routes @s gives a source (bit 0 IPv4: an
 * address of PdAt type inet; bit 1 IPv6: type inet6). */
int vdev_attrs_families(const struct vattrs *s);
/* The checks of the whole device @dev: the values the change did not
 * touch too, then the new ones against the other VIPAs and the kernel's
 * addresses. */
int vdev_attrs_check(struct vdev *v, const char *dev, const struct vattrs *s);
/*
 * Every stored device of the VIPA type, in database order, checked with
 * the rules a change keeps: its name, one CuDv object of that name, its
 * values (vdev_attrs_check), and against the devices before it (an
 * address or an interface claimed twice) and the kernel (an address local
 * on a link that is no VIPA's).  Those that break one go to *@out (*@nout
 * of them, one per name; free with vdev_bad_free).  Returns 0 or
 * -VDEV_E_*.
 */
int vdev_check_stored(struct vdev *v, struct vbad **out, int *nout);
void vdev_bad_free(struct vbad *b, int n);

/* vdev-daemon.c: routing daemons */
/* Is route protocol @proto a routing daemon's (not unspec, redirect,
 * kernel, boot, static, ra or dhcp)? */
int vdaemon_is_daemon(int proto);
/* The name cfgif's lines give route protocol @proto ("bird", "ospf",
 * "static", ...), the same on every host (not read from rt_protos), or
 * its number, written into @buf (16 bytes are enough). */
const char *vdaemon_proto_text(int proto, char *buf, size_t len);
/* The name of route protocol @proto in iproute2's rt_protos files into
 * @buf: 1; 0 with the number there when no file names it. */
int vdaemon_proto_name(int proto, char *buf, size_t len);
/* FRR's name of route protocol @proto for routes of @family, as its "ip
 * protocol NAME route-map" (IPv6: "ipv6 protocol") takes it ("any" for
 * zebra's own number), or NULL when the number is none of FRR's. */
const char *vdaemon_frr_name(int proto, int family);
/* What to do about a daemon of @proto whose routes of @family carry the
 * source @src (text) that goes: "remove that setting first (FRR: ...) and
 * give it again once ..." into @buf, FRR's and BIRD's setting by name. */
void vdaemon_advice(int proto, int family, const char *src, char *buf, size_t len);

/* vdev-kern.c */
int vdev_nl(struct vdev *v);
/* The network stack the handle changes, as route records name it: a
 * hash of the boot (its boot id) and of the network namespace, so that a
 * record taken before a reboot, or in another namespace, never passes
 * for one of this stack. */
const char *vdev_stack(struct vdev *v);
/* Milliseconds of the boot clock (CLOCK_BOOTTIME). */
long long vdev_boot_ms(void);
/* How long a routing daemon is given to put back its routes, in ms. */
long long vdev_daemon_wait(void);
/* 1 when every route the last pass left to its daemon (v->deferred) is in
 * the kernel again, 0 if not, or -VDEV_E_*. */
int vdev_kern_deferred_back(struct vdev *v);
int vdev_kern_reconcile(struct vdev *v, const struct vcfg *c, int release_only);
/* Add (@add) or delete the address @a of the link of @c, kernel only. */
int vdev_kern_addr(struct vdev *v, const struct vcfg *c, const struct vaddr *a, int add);
/* Lost-route lines (v->lost) are collected by vdev_kern_reconcile. */
int vdev_kern_orphans(struct vdev *v, int release_only);
int vdev_kern_snapshot(struct vdev *v);
void vdev_kern_snapshot_free(struct vdev *v);
void vdev_kern_dry_free(struct vdev *v);
/* Undo the journal, last change first, checking every step; 0 when the
 * kernel is as before, else -VDEV_E_UNDO with the error message extended
 * by what differs. */
int vdev_kern_undo(struct vdev *v);
void vdev_kern_forget(struct vdev *v);
int vdev_kern_err(struct vdev *v, int rc);

/* ---- the reports (vdev-show.c) and their table engine (vdev-table.c) */

struct vdev_show {
	struct odm *odm;
	struct vnl *nl;        /* vdev_ifconfig's own socket, if it opened one */
	int json;              /* vdev_show_set_format(VDEV_SHOW_JSON) */
	char err[512];
};

/* vdev-show.c: a one-line message on @s, and -@code (-VDEV_SHOW_E_*). */
int vdev_show_fail(struct vdev_show *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vdev_show_nomem(struct vdev_show *s);
/* The end of a JSON document built in @b (@rc: 0, or <0 when building it
 * failed): @tail appended, @b copied to @out and freed.  0, or
 * -VDEV_SHOW_E_NOMEM. */
int vdev_json_end(struct vipa_buf *b, int rc, const char *tail, struct odm_buf *out);
/* An object store failure, with its message. */
int vdev_show_odmerr(struct vdev_show *s, int rc);

/* vdev-table.c: a table of strings; columns are named (descriptor names
 * and derived ones), a NULL cell reads as "". */
struct table {
	int nkeys;
	char **keys;
	unsigned char *num;	/* per column: a numeric descriptor's */
	int nrows, cap;
	char **cells;	/* nrows * nkeys; NULL reads as "" */
};

/* What a cell is in a JSON report. */
enum vjson {
	VJ_STR,		/* a string */
	VJ_NUM,		/* a number when it reads as one, null when empty */
	VJ_BOOL,	/* "True": true, else false */
};

/* How a report is printed (table_report). */
struct report {
	const char *format;	/* the -F text, or NULL */
	const char *deflt;	/* else this format */
	int header;		/* -H: the field names, and an empty line, first */
	char sep;		/* the end of a record: '\n', or the -Z byte (and
				 * then the header is one record, without the
				 * empty one) */
	int json;		/* a JSON array of objects, keys the field names */
	/* the JSON kind of a cell; NULL: VJ_NUM for the columns of numeric
	 * descriptors, VJ_STR for the others */
	enum vjson (*kind)(const struct table *t, int row, int key);
};

/* Attribute names are the AIX name characters; anything else separates. */
int vdev_is_name_char(int c);
void table_free(struct table *t);
/* The column named @key, or -1. */
int table_find(const struct table *t, const char *key);
/* Add column @key unless it is there; only before the first row. */
int table_key(struct table *t, const char *key);
/* Add every descriptor of class @cls as a column. */
int table_class_keys(struct table *t, const struct odm_class *cls);
/* A new empty row; returns its index or -1. */
int table_add_row(struct table *t);
const char *table_get(const struct table *t, int row, int key);
const char *table_get_s(const struct table *t, int row, const char *key);
int table_set(struct table *t, int row, int key, const char *value);
int table_set_s(struct table *t, int row, const char *key, const char *value);
/* Copy the set descriptors of @obj into the columns of the same name. */
int table_set_obj(struct table *t, int row, const struct odm_obj *obj);
/* Copy row @srow of @src into the columns of @dst of the same name. */
int table_copy_row(struct table *dst, int drow, const struct table *src, int srow);
/* Read the objects of @class_name matching @m (NULL: all) into @t
 * (columns from the class when it has none).  0 or -VDEV_SHOW_E_*. */
int table_load(struct vdev_show *s, const char *class_name, const struct odm_match *m,
	       struct table *t);
/* Print rows @rows of @t as @r says: in columns when the format separates
 * its fields by white space only, else with the format's text around the
 * fields; or as JSON. */
int table_report(struct vdev_show *s, const struct table *t, const int *rows, int nrows,
		 const struct report *r, struct odm_buf *out);
/* The JSON kind of column @key of @t by its descriptor type. */
enum vjson table_kind(const struct table *t, int row, int key);
/* Append @v as JSON of kind @k. */
int vdev_json_value(struct vipa_buf *b, enum vjson k, const char *v);
/* Order device names as people count: vi2 before vi10. */
int vdev_natural_cmp(const char *a, const char *b);
/* Sort @rows of @t by column @key in that order (stable). */
void table_sort(const struct table *t, int key, int *rows, int n);
int vdev_buf_str(struct odm_buf *out, const char *str);

#endif
