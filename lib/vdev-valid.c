/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-valid.c - value validation: the syntax of each attribute value by
 * its PdAt data (type, rep, values) with its canonical form, the
 * assignments of a change (Attribute=Value, chvi -i), the attributes that
 * go together (PdAt groups), and the checks of a whole device against the
 * other VIPAs and the kernel's addresses.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm.h"
#include "vdev-internal.h"
#include "vnl.h"

/* ---- value syntax ----------------------------------------------------- */

/* Linux interface name rules (dev_valid_name) plus our character set. */
const char *vdev_ifname_problem(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return "is an empty interface name";
	if (n > 15)
		return "is longer than 15 characters, the limit of an interface name";
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return "is not a valid interface name";
	for (; *s; s++)
		if (*s == '/' || *s == ':' || *s == ',' || isspace((unsigned char)*s) ||
		    !isgraph((unsigned char)*s))
			return "is not a valid interface name";
	return NULL;
}

/* Every value is one word of safe characters: what an address, a mask, a
 * list of interfaces or a keyword needs, nothing a shell or a stanza file
 * would read differently. */
int vdev_bad_char(const char *s, char *what, size_t len)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '.' || c == ':' || c == ',' || c == '/' ||
		    c == '-' || c == '_')
			continue;
		if (c == ' ')
			snprintf(what, len, "contains a space");
		else if (c == '\n')
			snprintf(what, len, "contains a newline");
		else if (c < 0x20 || c >= 0x7f)
			snprintf(what, len, "contains a control or non-ASCII character");
		else if (c == '\'' || c == '"' || c == '`')
			snprintf(what, len, "contains a quote (%c)", c);
		else
			snprintf(what, len, "contains the character '%c', which is not allowed", c);
		return 1;
	}
	return 0;
}

/* Is @name @prefix followed by an instance number (0, 1, ... no leading
 * zero), as AIX names its devices? */
int vdev_instance_name(const char *prefix, const char *name)
{
	size_t n = strlen(prefix);
	const char *p = name + n;

	if (!n || strncmp(name, prefix, n) || !isdigit((unsigned char)*p) ||
	    (*p == '0' && p[1]))
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

/*
 * A name no VIPA can have (a device put into the database with odmadd: a
 * quote, a blank, a newline, "--" ...): say why into @why and return 1,
 * else 0.  A VIPA is named by its type's prefix and an instance number.
 */
int vdev_bad_vipa_name(const struct vtype *t, const char *name, char *why, size_t len)
{
	const char *p = vdev_ifname_problem(name);

	if (p) {
		snprintf(why, len, "%s", p);
		return 1;
	}
	if (vdev_bad_char(name, why, len))
		return 1;
	if (!vdev_instance_name(t->prefix, name)) {
		snprintf(why, len, "is not '%s' followed by an instance number", t->prefix);
		return 1;
	}
	return 0;
}

int vdev_parse_v4(const char *s, unsigned char a[16])
{
	memset(a, 0, 16);
	return inet_pton(AF_INET, s, a) == 1 ? 0 : -1;
}

int vdev_parse_v6(const char *s, unsigned char a[16])
{
	return inet_pton(AF_INET6, s, a) == 1 ? 0 : -1;
}

static const char *v4_problem(const unsigned char *a)
{
	if (a[0] == 0)
		return "is not a usable host address (0.0.0.0/8)";
	if (a[0] == 127)
		return "is a loopback address";
	if (a[0] >= 224 && a[0] < 240)
		return "is a multicast address";
	if (a[0] >= 240)
		return "is a reserved or broadcast address";
	return NULL;
}

static const char *v6_problem(const unsigned char *a)
{
	static const unsigned char zero[16], loop[16] = { [15] = 1 };

	if (!memcmp(a, zero, 16))
		return "is the unspecified address";
	if (!memcmp(a, loop, 16))
		return "is the loopback address";
	if (a[0] == 0xff)
		return "is a multicast address";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "is a link-local address";
	if (!memcmp(a, zero, 10) && a[10] == 0xff && a[11] == 0xff)
		return "is an IPv4-mapped address";
	if (!memcmp(a, zero, 12))
		return "is an IPv4-compatible address (::a.b.c.d), deprecated by RFC 4291";
	return NULL;
}

/* A netmask, dotted or 0x-hex: its prefix length (1..32) or -1. */
int vdev_mask_plen(const char *s)
{
	unsigned char a[16];
	uint32_t m;
	int n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		/* exactly 8 hex digits: strtoul would take a sign or blanks
		 * ("0x-0000100" read as 0xffffff00) */
		if (strlen(s) != 10)
			return -1;
		m = 0;
		for (const char *p = s + 2; *p; p++) {
			if (!isxdigit((unsigned char)*p))
				return -1;
			m = m << 4 | (uint32_t)(isdigit((unsigned char)*p) ? *p - '0'
						    : tolower((unsigned char)*p) - 'a' + 10);
		}
	} else {
		if (vdev_parse_v4(s, a) < 0)
			return -1;
		m = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
	}
	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	if (n < 32 && (m << n) != 0)
		return -2;  /* not contiguous */
	return n == 0 ? -3 : n;
}

static void plen_mask(int plen, char *buf, size_t len)
{
	uint32_t m = plen ? 0xffffffffu << (32 - plen) : 0;

	snprintf(buf, len, "%u.%u.%u.%u", m >> 24, (m >> 16) & 255, (m >> 8) & 255, m & 255);
}

/*
 * Parse @s as an address of family @af (AF_INET or AF_INET6) into @ad and
 * check that a VIPA may have it.  On failure put the reason in @why: for a
 * value that is only an address ("is not a valid IPv4 address"), or with
 * @part set for the address part of a longer value ("has an invalid IPv4
 * address 'S'").
 */
static int check_addr(int af, const char *s, unsigned char ad[16], int part,
		      char *why, size_t wlen)
{
	const char *fam = af == AF_INET ? "IPv4" : "IPv6";
	const char *p;

	if ((af == AF_INET ? vdev_parse_v4(s, ad) : vdev_parse_v6(s, ad)) < 0) {
		if (part)
			snprintf(why, wlen, "has an invalid %s address '%s'", fam, s);
		else
			snprintf(why, wlen, "is not a valid %s address", fam);
		return -1;
	}
	if ((p = af == AF_INET ? v4_problem(ad) : v6_problem(ad))) {
		snprintf(why, wlen, "%s%s", part ? "has an address that " : "", p);
		return -1;
	}
	return 0;
}

/*
 * The address part of an alias value "ADDRESS@sep..." (alias4: one ','
 * only): copy it to @t1 and check it as check_addr does.  Returns what
 * follows @sep, or NULL with the reason in @why (the form expected is
 * @form).
 */
static const char *alias_addr(int af, int sep, const char *form, const char *val,
			      char *t1, size_t t1len, unsigned char ad[16],
			      char *why, size_t wlen)
{
	const char *p = strchr(val, sep);

	if (!p || (af == AF_INET && strchr(p + 1, sep)) || (size_t)(p - val) >= t1len) {
		snprintf(why, wlen, "is not of the form %s", form);
		return NULL;
	}
	snprintf(t1, t1len, "%.*s", (int)(p - val), val);
	if (check_addr(af, t1, ad, 1, why, wlen) < 0)
		return NULL;
	return p + 1;
}

int vdev_parse_int(const char *s, long *out)
{
	char *end;

	if (!*s || (!isdigit((unsigned char)*s) && *s != '-'))
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	return *end || errno ? -1 : 0;
}

/*
 * Check one value of attribute @a; write its canonical form into @canon.
 * On failure put the reason in @why and return -1.
 */
static int check_value(const struct vdev_pdat *a, const char *val, char *canon, size_t clen,
		       char *why, size_t wlen)
{
	unsigned char ad[16];
	char t1[64], t2[64];
	const char *p;
	int plen;

	snprintf(canon, clen, "%s", val);
	if (!*val)
		return 0;  /* back to the default */
	if (vdev_bad_char(val, why, wlen))
		return -1;
	if (strchr(a->rep, 'l')) {
		/* a list of legal values, comma-separated */
		size_t n = strlen(val);

		for (p = a->values; *p;) {
			const char *e = strchr(p, ',');
			size_t l = e ? (size_t)(e - p) : strlen(p);

			if (l == n && !strncmp(p, val, n))
				return 0;
			if (!e)
				break;
			p = e + 1;
		}
		snprintf(why, wlen, "is not one of %s", a->values);
		return -1;
	}
	if (strchr(a->rep, 'r')) {
		/* a range "low-high,increment" */
		long lo, hi, inc = 1, x;
		char fmt[256];

		snprintf(fmt, sizeof(fmt), "%s", a->values);
		char *dash = strchr(fmt + 1, '-'), *comma = strchr(fmt, ',');
		if (comma) {
			*comma = '\0';
			if (vdev_parse_int(comma + 1, &inc) < 0 || inc < 1)
				inc = 1;
		}
		if (!dash || (*dash = '\0', vdev_parse_int(fmt, &lo) < 0) || vdev_parse_int(dash + 1, &hi) < 0) {
			snprintf(why, wlen, "cannot be checked: bad range '%.64s' in the predefined data",
				 a->values);
			return -1;
		}
		if (vdev_parse_int(val, &x) < 0) {
			snprintf(why, wlen, "is not a number");
			return -1;
		}
		if (x < lo || x > hi || (x - lo) % inc) {
			if (inc == 1)
				snprintf(why, wlen, "is out of range (%ld to %ld)", lo, hi);
			else
				snprintf(why, wlen, "is out of range (%ld to %ld, step %ld)", lo, hi, inc);
			return -1;
		}
		snprintf(canon, clen, "%ld", x);
		return 0;
	}
	/* a string: PdAt.type names its syntax */
	if (!strcmp(a->type, "inet") || !strcmp(a->type, "inet6")) {
		int af = !strcmp(a->type, "inet") ? AF_INET : AF_INET6;

		if (check_addr(af, val, ad, 0, why, wlen) < 0)
			return -1;
		inet_ntop(af, ad, canon, (socklen_t)clen);
	} else if (!strcmp(a->type, "mask")) {
		plen = vdev_mask_plen(val);
		if (plen == -2) {
			snprintf(why, wlen, "is not a contiguous netmask");
			return -1;
		}
		if (plen < 0) {
			snprintf(why, wlen, plen == -3 ? "is not a usable netmask (no network bits)"
				 : "is not a valid netmask (dotted decimal or 0x hexadecimal)");
			return -1;
		}
		plen_mask(plen, canon, clen);
	} else if (!strcmp(a->type, "alias4")) {
		p = alias_addr(AF_INET, ',', "address,netmask", val, t1, sizeof(t1), ad,
			       why, wlen);
		if (!p)
			return -1;
		plen = vdev_mask_plen(p);
		if (plen < 0) {
			snprintf(why, wlen, plen == -2 ? "has a netmask that is not contiguous"
				 : "has an invalid netmask");
			return -1;
		}
		inet_ntop(AF_INET, ad, t1, sizeof(t1));
		plen_mask(plen, t2, sizeof(t2));
		snprintf(canon, clen, "%s,%s", t1, t2);
	} else if (!strcmp(a->type, "alias6")) {
		long n;

		p = alias_addr(AF_INET6, '/', "address/prefixlength", val, t1, sizeof(t1),
			       ad, why, wlen);
		if (!p)
			return -1;
		/* as an IPv4 netmask with no network bits, /0 is refused */
		if (vdev_parse_int(p, &n) < 0 || n < 1 || n > 128) {
			snprintf(why, wlen, "has a prefix length out of range (1 to 128)");
			return -1;
		}
		inet_ntop(AF_INET6, ad, t1, sizeof(t1));
		snprintf(canon, clen, "%s/%ld", t1, n);
	} else if (!strcmp(a->type, "iflist")) {
		char names[VDEV_MAXIF][16];
		int k = 0;

		for (p = val;;) {
			const char *e = strchr(p, ',');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			char nm[64];

			snprintf(nm, sizeof(nm), "%.*s", (int)(l < 63 ? l : 63), p);
			if (l > 15) {
				snprintf(why, wlen, "has '%.*s', which is longer than 15 characters, the limit of an interface name",
					 (int)(l < 40 ? l : 40), p);
				return -1;
			}
			const char *pr = vdev_ifname_problem(nm);
			if (pr) {
				if (!*nm)
					snprintf(why, wlen, "has an empty interface name");
				else
					snprintf(why, wlen, "has '%s', which %s", nm, pr);
				return -1;
			}
			for (int i = 0; i < k; i++)
				if (!strcmp(names[i], nm)) {
					snprintf(why, wlen, "names interface '%s' twice", nm);
					return -1;
				}
			if (k == VDEV_MAXIF) {
				snprintf(why, wlen, "has more than %d interfaces", VDEV_MAXIF);
				return -1;
			}
			vdev_copy(names[k++], 16, nm);
			if (!e)
				break;
			p = e + 1;
		}
	}
	return 0;
}

/* A value longer than a CuAt object holds is refused, never cut. */
static int too_long(const struct vtype *t, const char *val, char *why, size_t wlen)
{
	if (strlen(val) <= (size_t)t->valmax)
		return 0;
	snprintf(why, wlen, "is longer than %d characters, the most a value may hold",
		 t->valmax);
	return 1;
}

static int invalid(struct vdev *v, const char *dev, const char *attr, const char *val,
		   const char *why)
{
	char q[300];

	vdev_quote(q, sizeof(q), val);
	return vdev_seterr(v, VDEV_E_INVAL, "device '%s': attribute '%s' value '%s' %s",
			   dev, attr, q, why);
}

int vdev_assign_check(struct vdev *v, const char *dev, const char *assign, int *idx,
		      char *canon, size_t clen)
{
	const char *eq = strchr(assign, '=');
	char attr[64], why[300], q[300];
	int i;

	if (!eq || eq == assign) {
		vdev_quote(q, sizeof(q), assign);
		return vdev_seterr(v, VDEV_E_INVAL,
				   "device '%s': '%s' is not of the form Attribute=Value", dev, q);
	}
	snprintf(attr, sizeof(attr), "%.*s", (int)(eq - assign < 63 ? eq - assign : 63), assign);
	i = vattr_index(&v->type, attr);
	if (i < 0) {
		vdev_quote(q, sizeof(q), attr);
		vdev_quote(canon, clen, eq + 1);
		return vdev_seterr(v, VDEV_E_INVAL,
				   "device '%s': attribute '%s' value '%s' is not valid: no such attribute",
				   dev, q, canon);
	}
	if (!strchr(v->type.at[i].generic, 'U'))
		return invalid(v, dev, attr, eq + 1, "cannot be set: the attribute is not user-settable");
	if (too_long(&v->type, eq + 1, why, sizeof(why)))
		return invalid(v, dev, attr, eq + 1, why);
	if (check_value(&v->type.at[i], eq + 1, canon, clen, why, sizeof(why)) < 0)
		return invalid(v, dev, attr, eq + 1, why);
	*idx = i;
	return 0;
}

/* Remove value @k of @av. */
static void vattr_drop(struct vaval *av, int k)
{
	free(av->v[k]);
	memmove(&av->v[k], &av->v[k + 1], (size_t)(av->n - k - 1) * sizeof(*av->v));
	av->n--;
}

/* The value of @av with the address of @val (another netmask or prefix
 * length), or -1. */
static int same_address(const struct vdev_pdat *a, const struct vaval *av, const char *val)
{
	struct vaddr x, y;

	if (!vdev_value_addr(a, val, &x))
		return -1;
	for (int m = 0; m < av->n; m++)
		if (vdev_value_addr(a, av->v[m], &y) && x.family == y.family &&
		    !memcmp(x.a, y.a, x.family == AF_INET ? 4 : 16))
			return m;
	return -1;
}

/* The attribute that takes values out of list attribute @i (delalias4
 * for alias4), or NULL. */
static const char *del_name(const struct vtype *t, int i)
{
	for (int j = 0; j < t->nat; j++)
		if (vattr_del_target(t, j) == i)
			return t->at[j].attr;
	return NULL;
}

/* The address part of alias value @val ("10.1.1.1" of "10.1.1.1,255.0.0.0"). */
static void alias_address(const char *val, char *buf, size_t len)
{
	snprintf(buf, len, "%.*s", (int)strcspn(val, ",/"), val);
}

/*
 * One assignment to list attribute @li (alias4, alias6): add @canon, or
 * with @del (delalias4, named @attr) take it out; an empty @canon empties
 * the list.  @val is the value as given (for messages).
 */
static int list_assign(struct vdev *v, const char *dev, struct vattrs *s, int li, int del,
		       const char *attr, const char *val, const char *canon)
{
	const struct vdev_pdat *a = &v->type.at[li];
	struct vaval *av = &s->a[li];
	char why[400], addr[64];
	int m, o;

	av->touched = 1;
	if (!*canon) {
		if (!del) {
			vattr_clear(av);
			return 0;
		}
		snprintf(why, sizeof(why), "is empty: give the %s value to take out of '%s'", a->attr, dev);
		return invalid(v, dev, attr, val, why);
	}
	for (m = 0; m < av->n && strcmp(av->v[m], canon); m++)
		;
	o = same_address(a, av, canon);
	alias_address(canon, addr, sizeof(addr));
	if (del) {
		if (m < av->n) {
			vattr_drop(av, m);
			return 0;
		}
		if (o >= 0)
			snprintf(why, sizeof(why), "cannot be removed: '%s' holds %s as %s", dev, addr,
				 av->v[o]);
		else if (s->defining)
			snprintf(why, sizeof(why), "cannot be removed: a new device holds no %s value",
				 a->attr);
		else
			snprintf(why, sizeof(why),
				 "cannot be removed: it is no %s value of '%s' (lsattr -El %s -a %s lists them)",
				 a->attr, dev, dev, a->attr);
		return invalid(v, dev, attr, val, why);
	}
	if (m < av->n) {
		snprintf(why, sizeof(why), "cannot be added: '%s' holds it already", dev);
		return invalid(v, dev, attr, val, why);
	}
	if (o >= 0) {
		const char *dn = del_name(&v->type, li);

		snprintf(why, sizeof(why), "cannot be added: '%s' holds %s already, as %s", dev, addr,
			 av->v[o]);
		if (dn)
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
				 " (take that out first: -a %s=%s)", dn, av->v[o]);
		return invalid(v, dev, attr, val, why);
	}
	return vattr_add(av, canon) < 0 ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory") : 0;
}

/*
 * Apply "Attr=Value" assignments to @s, checking each value.  A value
 * replaces the attribute's, but for a list (alias4, alias6) it adds one,
 * as AIX chdev does, and del<list> (delalias4) takes one out; an empty
 * value empties the list, and then may come with no other for it.
 */
int vdev_attrs_assign(struct vdev *v, const char *dev, struct vattrs *s, char *const *assign,
		      int n)
{
	char canon[300], key[400];
	unsigned char *emptied = calloc((size_t)v->type.nat + 1, 1);
	unsigned char *listed = calloc((size_t)v->type.nat + 1, 1);
	char **given = NULL;  /* "ATTR=CANON" of this call's list values */
	int ngiven = 0, rc = 0;

	if (!emptied || !listed)
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	for (int k = 0; k < n && !rc; k++) {
		const char *eq = strchr(assign[k], '=');
		const char *attr;
		int i, li, m;

		if ((rc = vdev_assign_check(v, dev, assign[k], &i, canon, sizeof(canon))) < 0)
			break;
		attr = v->type.at[i].attr;
		li = vattr_del_target(&v->type, i);
		if (li < 0 && !vattr_multi_valued(&v->type.at[i])) {
			/* one value replaces the attribute's */
			struct vaval *av = &s->a[i];

			if (av->touched) {
				rc = invalid(v, dev, attr, eq + 1, "is the second value given for a single-valued attribute");
				break;
			}
			vattr_clear(av);
			av->touched = 1;
			if (*canon && strcmp(canon, v->type.at[i].deflt) && vattr_add(av, canon) < 0)
				rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
			continue;
		}
		if (li < 0)
			li = i;
		/* an emptied list takes no other value in the same change */
		if ((!*canon && listed[li]) || (*canon && emptied[li])) {
			rc = invalid(v, dev, v->type.at[li].attr, "", "is empty, but other values were given");
			break;
		}
		*(*canon ? &listed[li] : &emptied[li]) = 1;
		snprintf(key, sizeof(key), "%s=%s", attr, canon);
		for (m = 0; *canon && m < ngiven && strcmp(given[m], key); m++)
			;
		if (*canon && m < ngiven) {
			rc = invalid(v, dev, attr, eq + 1, "is given twice");
			break;
		}
		if (*canon && vipa_strv_add(&given, &ngiven, key) < 0) {
			rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
			break;
		}
		rc = list_assign(v, dev, s, li, li != i, attr, eq + 1, canon);
	}
	vipa_strv_free(&given, &ngiven);
	free(emptied);
	free(listed);
	return rc;
}

/* Is @name one of the names in the comma-separated @list? */
static int in_list(const char *list, const char *name)
{
	char cp[512];

	snprintf(cp, sizeof(cp), "%s", list);
	for (char *sv = NULL, *u = strtok_r(cp, ",", &sv); u; u = strtok_r(NULL, ",", &sv))
		if (!strcmp(u, name))
			return 1;
	return 0;
}

/* chvi -i IFS -o add|remove */
int vdev_attrs_ifs(struct vdev *v, const char *dev, struct vattrs *s, const char *ifs,
		   int remove)
{
	int i = -1;
	char canon[300], why[300], list[512] = "";
	const char *cur;

	for (int k = 0; k < v->type.nat; k++)
		if (!strcmp(v->type.at[k].type, "iflist"))
			i = k;
	if (i < 0)
		return vdev_seterr(v, VDEV_E_INVAL, "device '%s' has no interface list attribute", dev);
	const char *attr = v->type.at[i].attr;
	if (s->a[i].touched)
		return invalid(v, dev, attr, ifs, "is given twice (-i and -a)");
	if (!*ifs)
		return invalid(v, dev, attr, ifs, "has no interface name");
	if (too_long(&v->type, ifs, why, sizeof(why)))
		return invalid(v, dev, attr, ifs, why);
	if (check_value(&v->type.at[i], ifs, canon, sizeof(canon), why, sizeof(why)) < 0)
		return invalid(v, dev, attr, ifs, why);
	cur = s->a[i].n ? s->a[i].v[0] : v->type.at[i].deflt;
	/* the result: current names minus/plus the given ones, in order */
	char cp[512], gp[512];
	snprintf(cp, sizeof(cp), "%s", cur);
	snprintf(gp, sizeof(gp), "%s", canon);
	for (char *sv = NULL, *t = strtok_r(gp, ",", &sv); t; t = strtok_r(NULL, ",", &sv)) {
		int found = in_list(cp, t);

		if (!remove && found) {
			snprintf(why, sizeof(why), "cannot be added: '%s' is already in the list of '%s'", t, dev);
			return invalid(v, dev, attr, ifs, why);
		}
		if (remove && !found) {
			snprintf(why, sizeof(why), "cannot be removed: '%s' is not in the list of '%s'", t, dev);
			return invalid(v, dev, attr, ifs, why);
		}
	}
	if (remove) {
		for (char *sv = NULL, *u = strtok_r(cp, ",", &sv); u; u = strtok_r(NULL, ",", &sv)) {
			if (!in_list(canon, u))
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 *list ? "," : "", u);
		}
	} else {
		if (strlen(cp) + strlen(canon) + 2 > sizeof(list))
			return invalid(v, dev, attr, ifs, "makes the list longer than 255 characters");
		strcpy(list, cp);
		if (*cp)
			strcat(list, ",");
		strcat(list, canon);
	}
	if (strlen(list) >= 256)
		return invalid(v, dev, attr, ifs, "makes the list longer than 255 characters");
	if (check_value(&v->type.at[i], list, canon, sizeof(canon), why, sizeof(why)) < 0)
		return invalid(v, dev, attr, ifs, why);
	vattr_clear(&s->a[i]);
	s->a[i].touched = 1;
	s->given_ifs = ifs;
	if (*list && strcmp(list, v->type.at[i].deflt) && vattr_add(&s->a[i], list) < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	return 0;
}

/* ---- groups: attributes that go together ------------------------------ */

#define MAXGROUP 8

/* "netaddr and netmask, or netaddr6 and prefixlen": the groups of @t. */
static void groups_text(const struct vtype *t, char *buf, size_t len)
{
	int idx[MAXGROUP], n, first = 1;

	buf[0] = '\0';
	for (int g = 0; g < t->nat; g++) {
		if (!vattr_is_group(&t->at[g]) || (n = vattr_group(t, &t->at[g], idx, MAXGROUP)) <= 0)
			continue;
		for (int k = 0; k < n; k++)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 k ? (k == n - 1 ? " and " : ", ") : first ? "" : ", or ",
				 t->at[idx[k]].attr);
		first = 0;
	}
}

int vdev_attrs_required(struct vdev *v, const char *dev, const struct vattrs *s, int define)
{
	const struct vtype *t = s->t;
	int idx[MAXGROUP], n, complete = 0, any = 0, touched = 0, emptied = -1, ngroups = 0;
	char list[256];

	for (int g = 0; g < t->nat; g++) {
		const struct vdev_pdat *a = &t->at[g];
		int held = 0;

		if (!vattr_is_group(a))
			continue;
		if ((n = vattr_group(t, a, idx, MAXGROUP)) <= 0)
			return vdev_seterr(v, VDEV_E_ODM,
					   "device '%s': the group '%s' of the predefined data names '%.64s', which are not attributes of its type",
					   dev, a->attr, a->values);
		ngroups++;
		for (int k = 0; k < n; k++) {
			held += vattr_held(s, idx[k]);
			touched |= s->a[idx[k]].touched;
			if (emptied < 0 && s->a[idx[k]].touched && !vattr_held(s, idx[k]))
				emptied = idx[k];
		}
		complete |= held == n;
		any |= held > 0;
	}
	if (!ngroups || (!define && !touched))
		return 0;
	groups_text(t, list, sizeof(list));
	if (define && !any)
		return vdev_seterr(v, VDEV_E_INVAL, "device '%s': an address is required: give %s",
				   dev, list);
	if (!complete && emptied >= 0)
		return vdev_seterr(v, VDEV_E_INVAL,
				   "device '%s': attribute '%s' cannot be emptied: a virtual IP address keeps an address (%s)",
				   dev, t->at[emptied].attr, list);
	/* a group partly held, which the change touched (or a new device) */
	for (int g = 0; g < t->nat; g++) {
		int heldk = -1, miss = -1, gtouched = 0;

		if (!vattr_is_group(&t->at[g]) || (n = vattr_group(t, &t->at[g], idx, MAXGROUP)) <= 0)
			continue;
		for (int k = 0; k < n; k++) {
			gtouched |= s->a[idx[k]].touched;
			if (!vattr_held(s, idx[k]))
				miss = miss < 0 ? idx[k] : miss;
			else if (heldk < 0)
				heldk = idx[k];
		}
		if (heldk < 0 || miss < 0 || (!define && !gtouched))
			continue;
		if (s->a[miss].touched) {
			char others[128] = "";

			for (int k = 0; k < n; k++)
				snprintf(others + strlen(others), sizeof(others) - strlen(others),
					 " -a %s=", t->at[idx[k]].attr);
			return vdev_seterr(v, VDEV_E_INVAL,
					   "device '%s': attribute '%s' cannot be emptied alone: it goes with '%s' (empty them together:%s)",
					   dev, t->at[miss].attr, t->at[heldk].attr, others);
		}
		return vdev_seterr(v, VDEV_E_INVAL, "device '%s': attribute '%s' is required with '%s'",
				   dev, t->at[miss].attr, t->at[heldk].attr);
	}
	return 0;
}

/* ---- cross checks ----------------------------------------------------- */

/* The addresses an attribute value holds (0 or 1). */
int vdev_value_addr(const struct vdev_pdat *a, const char *val, struct vaddr *out)
{
	char t[64];
	const char *p;

	memset(out, 0, sizeof(*out));
	if (!*val)
		return 0;
	if (!strcmp(a->type, "inet")) {
		out->family = AF_INET;
		return vdev_parse_v4(val, out->a) == 0;
	}
	if (!strcmp(a->type, "inet6")) {
		out->family = AF_INET6;
		return vdev_parse_v6(val, out->a) == 0;
	}
	if (!strcmp(a->type, "alias4") && (p = strchr(val, ','))) {
		snprintf(t, sizeof(t), "%.*s", (int)(p - val), val);
		out->family = AF_INET;
		out->plen = vdev_mask_plen(p + 1);
		return vdev_parse_v4(t, out->a) == 0;
	}
	if (!strcmp(a->type, "alias6") && (p = strchr(val, '/'))) {
		snprintf(t, sizeof(t), "%.*s", (int)(p - val), val);
		out->family = AF_INET6;
		out->plen = atoi(p + 1);
		return vdev_parse_v6(t, out->a) == 0;
	}
	return 0;
}

static int addr_eq(const struct vaddr *a, const struct vaddr *b)
{
	return a->family == b->family &&
	       !memcmp(a->a, b->a, a->family == AF_INET ? 4 : 16);
}

struct other {
	char name[16];
	char attr[16];
	char value[256];
};

struct others {
	struct vdev *v;
	struct other *o;
	int n, cap;
	int rc;
	const char *self;
	char **vipas;
	int nvipas;
};

static int names_cb(const struct odm_obj *o, void *arg)
{
	struct others *x = arg;
	const char *nm = odm_obj_get(o, "name");

	if (!nm || vipa_strv_add(&x->vipas, &x->nvipas, nm) < 0) {
		x->rc = -VDEV_E_NOMEM;
		return 1;
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int others_cb(const struct odm_obj *o, void *arg)
{
	struct others *x = arg;
	const char *nm = odm_obj_get(o, "name"), *at = odm_obj_get(o, "attribute");
	int i, vipa = 0;

	if (!nm || !at || !strcmp(nm, x->self) || (i = vattr_index(&x->v->type, at)) < 0)
		return 0;
	/* x->vipas is sorted (others_load): one search per object keeps a
	 * define among thousands of VIPAs from costing N squared. */
	vipa = x->nvipas > 0 &&
	       bsearch(&nm, x->vipas, (size_t)x->nvipas, sizeof(*x->vipas), cmp_name) != NULL;
	if (!vipa)
		return 0;
	if (x->n == x->cap) {
		int cap = x->cap ? 2 * x->cap : 16;
		struct other *no = realloc(x->o, (size_t)cap * sizeof(*no));

		if (!no) {
			x->rc = -VDEV_E_NOMEM;
			return 1;
		}
		x->o = no;
		x->cap = cap;
	}
	struct other *no = x->o;
	vdev_copy(no[x->n].name, 16, nm);
	vdev_copy(no[x->n].attr, 16, at);
	vdev_copy(no[x->n].value, 256, odm_obj_get(o, "value"));
	x->n++;
	return 0;
}

static void others_free(struct others *x)
{
	free(x->o);
	for (int k = 0; k < x->nvipas; k++)
		free(x->vipas[k]);
	free(x->vipas);
}

/* The names of every VIPA device (CuDv), and the CuAt of all but @self. */
static int others_load(struct vdev *v, const char *self, struct others *x)
{
	int rc;

	memset(x, 0, sizeof(*x));
	x->v = v;
	x->self = self;
	rc = vattr_vipas(v->odm, names_cb, x);
	if (rc >= 0 && !x->rc) {
		if (x->nvipas > 1)
			qsort(x->vipas, (size_t)x->nvipas, sizeof(*x->vipas), cmp_name);
		rc = odm_get_match(v->odm, "CuAt", NULL, others_cb, x);
	}
	if (x->rc < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	if (rc < 0)
		return vdev_odm_err(v, rc);
	return 0;
}

struct kaddrs {
	struct vnl_addr *a;
	int n;
	int rc;
};

static int kaddr_cb(const struct vnl_addr *a, void *arg)
{
	struct kaddrs *k = arg;
	struct vnl_addr *n = realloc(k->a, (size_t)(k->n + 1) * sizeof(*n));

	if (!n) {
		k->rc = -VDEV_E_NOMEM;
		return 1;
	}
	k->a = n;
	k->a[k->n++] = *a;
	return 0;
}

struct ifname_of {
	int index;
	char name[16];
};

static int ifname_cb(const struct vnl_link *l, void *arg)
{
	struct ifname_of *f = arg;

	if (l->index != f->index)
		return 0;
	vdev_copy(f->name, sizeof(f->name), l->name);
	return 1;
}

/*
 * The rules one device keeps by itself.  Each attribute holds no more
 * values than it may: one, or for a list (alias4, alias6) its PdAt width;
 * the whole list counts, whatever the change gave.  Each value the change
 * did not touch (every value with @all: a device as stored, put in with
 * odmadd maybe) fits a CuAt object and reads as check_value reads a new
 * one.  No address is given twice.  Returns 0, 1 with the reason in @why
 * ("attribute 'netaddr' value '999.68.6.1' is not a valid IPv4 address"),
 * or -VDEV_E_NOMEM.
 */
static int device_rules(const struct vattrs *s, int all, char *why, size_t wlen)
{
	const struct vtype *t = s->t;
	char canon[300], r[300], q[300];
	struct vaddr *mine;
	size_t nvals = 0;
	int nmine = 0;

	for (int i = 0; i < t->nat; i++) {
		const struct vdev_pdat *a = &t->at[i];
		long max = vattr_max_values(a);
		int n = s->a[i].n;

		nvals += (size_t)n;
		if (n <= 1)
			continue;
		if (max < 0) {
			snprintf(why, wlen, "attribute '%s' cannot be checked: bad width '%.32s' in the predefined data (PdAt), not a number of values",
				 a->attr, a->width);
			return 1;
		}
		if (n <= max)
			continue;
		if (max == 1)
			snprintf(why, wlen, "attribute '%s' holds %d values, but takes one only",
				 a->attr, n);
		else
			snprintf(why, wlen, "attribute '%s' %s %d values, more than the %ld it may hold",
				 a->attr, s->a[i].touched && !all ? "would hold" : "holds", n, max);
		return 1;
	}
	for (int i = 0; i < t->nat; i++) {
		for (int k = 0; k < s->a[i].n && (all || !s->a[i].touched); k++) {
			const char *val = s->a[i].v[k];

			if (!too_long(t, val, r, sizeof(r)) &&
			    check_value(&t->at[i], val, canon, sizeof(canon), r, sizeof(r)) == 0)
				continue;
			vdev_quote(q, sizeof(q), val);
			snprintf(why, wlen, "attribute '%s' value '%s' %s", t->at[i].attr, q, r);
			return 1;
		}
	}
	/* one slot per value: each holds one address at most */
	if (!(mine = calloc(nvals + 1, sizeof(*mine))))
		return -VDEV_E_NOMEM;
	for (int i = 0; i < t->nat; i++) {
		for (int k = 0; k < s->a[i].n; k++) {
			struct vaddr ad;

			if (!vdev_value_addr(&t->at[i], s->a[i].v[k], &ad))
				continue;
			for (int m = 0; m < nmine; m++) {
				if (!addr_eq(&mine[m], &ad))
					continue;
				vdev_quote(q, sizeof(q), s->a[i].v[k]);
				snprintf(why, wlen, "attribute '%s' value '%s' is refused: the address is given twice",
					 t->at[i].attr, q);
				free(mine);
				return 1;
			}
			mine[nmine++] = ad;
		}
	}
	free(mine);
	return 0;
}

int vdev_rules_check(struct vdev *v, const char *dev, const struct vattrs *s)
{
	char why[800];
	int rc = device_rules(s, 0, why, sizeof(why));

	if (rc < 0)
		return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	return rc ? vdev_seterr(v, VDEV_E_INVAL, "device '%s': %s", dev, why) : 0;
}

/*
 * The address family whose routes an attribute's value is the source of:
 * 1 (IPv4) for an address (type inet), 2 (IPv6) for an IPv6 address (type
 * inet6), else 0.  A VIPA claims its interfaces for the families it holds
 * such an address of: routes of one family through an interface take
 * their source from one VIPA.
 */
static int source_family(const struct vdev_pdat *a)
{
	return !strcmp(a->type, "inet") ? 1 : !strcmp(a->type, "inet6") ? 2 : 0;
}

static const char *family_name(int f)
{
	return f == 1 ? "IPv4" : f == 2 ? "IPv6" : "IPv4 and IPv6";
}

int vdev_attrs_families(const struct vattrs *s)
{
	int f = 0;

	for (int i = 0; i < s->t->nat; i++)
		if (s->a[i].n)
			f |= source_family(&s->t->at[i]);
	return f;
}

/* The families (bits of source_family) other VIPA @name holds a source
 * address of. */
static int other_families(const struct vdev *v, const struct others *x, const char *name)
{
	int f = 0;

	for (int m = 0; m < x->n; m++) {
		int oi = vattr_index(&v->type, x->o[m].attr);

		if (oi >= 0 && !strcmp(x->o[m].name, name) && *x->o[m].value)
			f |= source_family(&v->type.at[oi]);
	}
	return f;
}

/*
 * " -a netaddr=A -a netmask=M": the assignments of @s that give another
 * VIPA the source address of the families @fams (the address's group
 * with it), appended to @buf.
 */
static void family_assign(const struct vattrs *s, int fams, char *buf, size_t len)
{
	const struct vtype *t = s->t;
	int idx[MAXGROUP], n;

	for (int g = 0; g < t->nat; g++) {
		int f = 0;

		if (!vattr_is_group(&t->at[g]) || (n = vattr_group(t, &t->at[g], idx, MAXGROUP)) <= 0)
			continue;
		for (int k = 0; k < n; k++)
			f |= source_family(&t->at[idx[k]]);
		if (!(f & fams))
			continue;
		for (int k = 0; k < n; k++)
			snprintf(buf + strlen(buf), len - strlen(buf), " -a %s=%s", t->at[idx[k]].attr,
				 vattr_nth(s, idx[k], 0));
	}
}

/*
 * The interfaces of @s (the value @val of iflist attribute @i) against
 * the other VIPAs: none a VIPA itself, each claimed for a family by one
 * VIPA only (@fams: the families @s holds an address of), present (else
 * a warning).  The list is checked when the change touched it, its
 * claims also when it gave the device a family.
 */
static int check_claims(struct vdev *v, const char *dev, const struct vattrs *s,
			const struct others *x, int i, const char *val, int fams, int newfams)
{
	const struct vdev_pdat *a = &v->type.at[i];
	/* a refusal names the value the user gave */
	const char *attr = a->attr, *given = s->given_ifs ? s->given_ifs : val;
	char cp[256], why[900], todo[300];
	struct vnl_link l;
	int rc = 0;

	if (!s->a[i].touched) {
		/* the list as it was: the refusal names the address given */
		for (int k = 0; k < s->t->nat; k++)
			if ((source_family(&s->t->at[k]) & newfams) && s->a[k].n) {
				attr = s->t->at[k].attr;
				given = s->a[k].v[0];
				break;
			}
	}
	snprintf(cp, sizeof(cp), "%s", val);
	for (char *sv = NULL, *t = strtok_r(cp, ",", &sv); t && !rc; t = strtok_r(NULL, ",", &sv)) {
		int isvipa = !strcmp(t, dev);

		for (int m = 0; m < x->nvipas; m++)
			isvipa |= !strcmp(x->vipas[m], t);
		if (isvipa && s->a[i].touched) {
			snprintf(why, sizeof(why), "is refused: '%s' is a virtual IP address device", t);
			return invalid(v, dev, attr, given, why);
		}
		for (int m = 0; m < x->n && !rc; m++) {
			int oi = vattr_index(&v->type, x->o[m].attr), both;

			if (strcmp(v->type.at[oi].type, "iflist") || !in_list(x->o[m].value, t))
				continue;
			both = fams & other_families(v, x, x->o[m].name);
			if (!both)
				continue;  /* another family's VIPA: its routes are not ours */
			todo[0] = '\0';
			if (s->defining)
				family_assign(s, both, todo, sizeof(todo));
			snprintf(why, sizeof(why),
				 "is refused: interface '%s' is already used by '%s' for %s (one virtual IP address per interface and address family): take '%s' from '%s' first (chvi -l %s -i %s -o remove)%s%s%s%s",
				 t, x->o[m].name, family_name(both), t, x->o[m].name, x->o[m].name, t,
				 *todo ? ", or give '" : "", *todo ? x->o[m].name : "",
				 *todo ? "' this address in place of its own (chdev -l " : "",
				 *todo ? x->o[m].name : "");
			if (*todo)
				snprintf(why + strlen(why), sizeof(why) - strlen(why), "%s)", todo);
			rc = invalid(v, dev, attr, given, why);
		}
		if (!rc && s->a[i].touched) {
			int e = vnl_link_get(v->nl, t, &l);

			if (e == -ENODEV)
				rc = vdev_warn(v, "device '%s': interface '%s' does not exist yet: its routes get the address at the next cfgif", dev, t);
			else if (e < 0)
				rc = vdev_kern_err(v, e);
		}
	}
	return rc;
}

/*
 * Whole-device checks of the new attribute set: addresses unique among
 * the VIPAs and not local on any other link, interfaces claimed by one
 * VIPA per address family, not VIPAs themselves, and present (else a warning).
 */
int vdev_attrs_check(struct vdev *v, const char *dev, const struct vattrs *s)
{
	struct others x;
	struct kaddrs ka = { NULL, 0, 0 };
	int rc, selfidx = 0, fams = 0, newfams = 0;
	char why[800], ntop[64];
	struct vnl_link l;

	if ((rc = vdev_rules_check(v, dev, s)) < 0)
		return rc;
	rc = others_load(v, dev, &x);
	if (rc < 0)
		return rc;
	rc = vdev_nl(v);
	if (rc < 0)
		goto out;
	rc = vnl_link_get(v->nl, dev, &l);
	if (rc == 0)
		selfidx = l.index;
	else if (rc != -ENODEV) {
		rc = vdev_kern_err(v, rc);
		goto out;
	}
	rc = vnl_addr_list(v->nl, AF_UNSPEC, 0, kaddr_cb, &ka);
	if (ka.rc < 0 || rc < 0) {
		rc = ka.rc < 0 ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
			       : vdev_seterr(v, VDEV_E_KERNEL, "cannot list addresses: %s",
					     vnl_errmsg(v->nl));
		goto out;
	}
	/* the families the device holds an address of, and those it gains */
	fams = vdev_attrs_families(s);
	newfams = fams & ~s->fams_before;
	rc = 0;
	for (int i = 0; i < s->t->nat && !rc; i++) {
		const struct vdev_pdat *a = &v->type.at[i];

		for (int k = 0; k < s->a[i].n && !rc; k++) {
			const char *val = s->a[i].v[k];
			struct vaddr ad;

			if (!strcmp(a->type, "iflist")) {
				if (s->a[i].touched || newfams)
					rc = check_claims(v, dev, s, &x, i, val, fams, newfams);
				continue;
			}
			if (!s->a[i].touched || !vdev_value_addr(a, val, &ad))
				continue;
			vnl_ntop(ad.family, ad.a, ntop, sizeof(ntop));
			for (int m = 0; m < x.n && !rc; m++) {
				struct vaddr oa;
				int oi = vattr_index(&v->type, x.o[m].attr);

				if (vdev_value_addr(&v->type.at[oi], x.o[m].value, &oa) && addr_eq(&oa, &ad)) {
					snprintf(why, sizeof(why), "is refused: %s is already the address of '%s'",
						 ntop, x.o[m].name);
					rc = invalid(v, dev, a->attr, val, why);
				}
			}
			for (int m = 0; m < ka.n && !rc; m++) {
				struct vaddr oa = { ka.a[m].family, {0}, 0 };

				memcpy(oa.a, ka.a[m].addr, 16);
				if (ka.a[m].ifindex != selfidx && addr_eq(&oa, &ad)) {
					struct ifname_of f = { ka.a[m].ifindex, "" };

					if ((rc = vnl_link_list(v->nl, ifname_cb, &f)) < 0) {
						rc = vdev_kern_err(v, rc);
						break;
					}
					snprintf(why, sizeof(why), "is refused: %s is already a local address of '%s'",
						 ntop, f.name);
					rc = invalid(v, dev, a->attr, val, why);
				}
			}
		}
	}
out:
	free(ka.a);
	others_free(&x);
	return rc;
}

/* ---- stored devices (cfgif) ------------------------------------------- */

/* What a device checked before claims: an address or an interface. */
struct claim {
	struct vaddr a;          /* a.family 0: an interface */
	char ifname[16];
	int fams;                /* an interface's: the families claimed */
	const char *owner;
};

struct stored {
	struct vdev *v;
	char **cudv;             /* every CuDv name, sorted: duplicates */
	int ncudv;
	char **vipas;            /* the VIPA ones, in database order */
	int nvipas;
	char **sorted;           /* the same, sorted: is a name a VIPA's? */
	struct vnl_link *links;
	int nlinks;
	struct kaddrs ka;
	struct claim *c;
	int nc, capc;
	struct vbad *bad;
	int nbad;
	int rc;
};

static int stored_cudv_cb(const struct odm_obj *o, void *arg)
{
	struct stored *st = arg;
	const char *nm = odm_obj_get(o, "name");

	return vipa_strv_add(&st->cudv, &st->ncudv, nm ? nm : "") < 0 ? -VDEV_E_NOMEM : 0;
}

static int stored_vipa_cb(const struct odm_obj *o, void *arg)
{
	struct stored *st = arg;
	const char *nm = odm_obj_get(o, "name");

	return vipa_strv_add(&st->vipas, &st->nvipas, nm ? nm : "") < 0 ? -VDEV_E_NOMEM : 0;
}

static int stored_link_cb(const struct vnl_link *l, void *arg)
{
	struct stored *st = arg;
	struct vnl_link *n = realloc(st->links, (size_t)(st->nlinks + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	st->links = n;
	st->links[st->nlinks++] = *l;
	return 0;
}

static int is_sorted_name(char *const *v, int n, const char *name)
{
	return n > 0 && bsearch(&name, v, (size_t)n, sizeof(*v), cmp_name) != NULL;
}

static int sorted_count(char *const *v, int n, const char *name)
{
	char *const *p = n > 0 ? bsearch(&name, v, (size_t)n, sizeof(*v), cmp_name) : NULL;
	int c = 0;

	if (!p)
		return 0;
	while (p > v && !strcmp(p[-1], name))
		p--;
	for (; p < v + n && !strcmp(*p, name); p++)
		c++;
	return c;
}

static int claim(struct stored *st, const struct vaddr *a, const char *ifname, int fams,
		 const char *owner)
{
	if (st->nc == st->capc) {
		int cap = st->capc ? 2 * st->capc : 64;
		struct claim *n = realloc(st->c, (size_t)cap * sizeof(*n));

		if (!n)
			return -VDEV_E_NOMEM;
		st->c = n;
		st->capc = cap;
	}
	memset(&st->c[st->nc], 0, sizeof(st->c[0]));
	if (a)
		st->c[st->nc].a = *a;
	else
		vdev_copy(st->c[st->nc].ifname, sizeof(st->c[0].ifname), ifname);
	st->c[st->nc].fams = fams;
	st->c[st->nc++].owner = owner;
	return 0;
}

/* The kernel's link of @index, or NULL. */
static const struct vnl_link *stored_link(const struct stored *st, int index)
{
	for (int i = 0; i < st->nlinks; i++)
		if (st->links[i].index == index)
			return &st->links[i];
	return NULL;
}

/*
 * Device @dev (attributes @s) against the devices before it and the
 * kernel: an interface that is a VIPA or claimed already, an address
 * claimed already or local on a link that is no VIPA's.  Returns 0, 1
 * with the reason in @why, or -VDEV_E_NOMEM.  The device's claims are
 * added either way: what it holds stays where it is.
 */
static int stored_claims(struct stored *st, const char *dev, const struct vattrs *s,
			 char *why, size_t wlen)
{
	const struct vtype *t = s->t;
	char r[200], q[300], ntop[64];
	int bad = 0, fams = vdev_attrs_families(s);

	for (int i = 0; i < t->nat; i++) {
		const struct vdev_pdat *a = &t->at[i];

		for (int k = 0; k < s->a[i].n; k++) {
			const char *val = s->a[i].v[k];
			struct vaddr ad;

			r[0] = '\0';
			if (!strcmp(a->type, "iflist")) {
				char cp[256];

				vdev_copy(cp, sizeof(cp), val);
				for (char *sv = NULL, *n = strtok_r(cp, ",", &sv); n;
				     n = strtok_r(NULL, ",", &sv)) {
					if (!*r && (!strcmp(n, dev) ||
						    is_sorted_name(st->sorted, st->nvipas, n)))
						snprintf(r, sizeof(r), "'%s' is a virtual IP address device", n);
					/* one VIPA per interface and address family */
					for (int m = 0; m < st->nc && !*r; m++)
						if (!st->c[m].a.family && (st->c[m].fams & fams) &&
						    !strcmp(st->c[m].ifname, n))
							snprintf(r, sizeof(r), "interface '%s' is already used by '%s' for %s",
								 n, st->c[m].owner,
								 family_name(st->c[m].fams & fams));
					if (claim(st, NULL, n, fams, dev) < 0)
						return -VDEV_E_NOMEM;
				}
			} else if (vdev_value_addr(a, val, &ad)) {
				vnl_ntop(ad.family, ad.a, ntop, sizeof(ntop));
				for (int m = 0; m < st->nc && !*r; m++)
					if (st->c[m].a.family && addr_eq(&st->c[m].a, &ad))
						snprintf(r, sizeof(r), "%s is already the address of '%s'",
							 ntop, st->c[m].owner);
				for (int m = 0; m < st->ka.n && !*r; m++) {
					const struct vnl_addr *ka = &st->ka.a[m];
					const struct vnl_link *l;
					struct vaddr oa = { ka->family, { 0 }, 0 };

					memcpy(oa.a, ka->addr, 16);
					if (!addr_eq(&oa, &ad))
						continue;
					/* its own link, and every VIPA's: a change made
					 * with -P moves an address between VIPAs at the
					 * next cfgif */
					l = stored_link(st, ka->ifindex);
					if (!l || !strcmp(l->name, dev) || l->marked ||
					    !strncmp(l->alias, VDEV_MARK, strlen(VDEV_MARK)))
						continue;
					snprintf(r, sizeof(r), "%s is already a local address of '%s'",
						 ntop, l->name);
				}
				if (claim(st, &ad, NULL, 0, dev) < 0)
					return -VDEV_E_NOMEM;
			}
			if (*r && !bad) {
				vdev_quote(q, sizeof(q), val);
				snprintf(why, wlen, "attribute '%s' value '%s' is refused: %s", a->attr, q, r);
				bad = 1;
			}
		}
	}
	return bad;
}

static int add_bad(struct stored *st, const char *name, const char *why)
{
	struct vbad *n = realloc(st->bad, (size_t)(st->nbad + 1) * sizeof(*n));

	if (!n)
		return -VDEV_E_NOMEM;
	st->bad = n;
	n[st->nbad].name = strdup(name);
	n[st->nbad].why = strdup(why);
	if (!n[st->nbad].name || !n[st->nbad].why) {
		free(n[st->nbad].name);
		free(n[st->nbad].why);
		return -VDEV_E_NOMEM;
	}
	st->nbad++;
	return 0;
}

void vdev_bad_free(struct vbad *b, int n)
{
	for (int i = 0; i < n; i++) {
		free(b[i].name);
		free(b[i].why);
	}
	free(b);
}

int vdev_check_stored(struct vdev *v, struct vbad **out, int *nout)
{
	struct stored st;
	char why[800];
	int rc;

	memset(&st, 0, sizeof(st));
	st.v = v;
	*out = NULL;
	*nout = 0;
	rc = odm_get_match(v->odm, "CuDv", NULL, stored_cudv_cb, &st);
	if (rc >= 0)
		rc = vattr_vipas(v->odm, stored_vipa_cb, &st);
	if (rc < 0) {
		rc = rc == -VDEV_E_NOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
					 : vdev_odm_err(v, rc);
		goto out;
	}
	if (st.ncudv > 1)
		qsort(st.cudv, (size_t)st.ncudv, sizeof(*st.cudv), cmp_name);
	if (st.nvipas && !(st.sorted = calloc((size_t)st.nvipas, sizeof(*st.sorted)))) {
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		goto out;
	}
	if (st.nvipas)
		memcpy(st.sorted, st.vipas, (size_t)st.nvipas * sizeof(*st.sorted));
	if (st.nvipas > 1)
		qsort(st.sorted, (size_t)st.nvipas, sizeof(*st.sorted), cmp_name);
	/* the kernel once: its links and addresses */
	if ((rc = vdev_nl(v)) < 0)
		goto out;
	rc = vnl_link_list(v->nl, stored_link_cb, &st);
	if (rc >= 0)
		rc = vnl_addr_list(v->nl, AF_UNSPEC, 0, kaddr_cb, &st.ka);
	if (rc < 0 || st.ka.rc < 0) {
		rc = rc == -ENOMEM || st.ka.rc < 0 ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
						   : vdev_kern_err(v, rc);
		goto out;
	}
	for (int k = 0; k < st.nvipas; k++) {
		const char *dev = st.vipas[k];
		struct vattrs s = { 0 };
		int seen = 0, n;

		/* a name held twice is named once, at its first object */
		for (int m = 0; m < k && !seen; m++)
			seen = !strcmp(st.vipas[m], dev);
		if (seen)
			continue;
		rc = 0;
		if (vdev_bad_vipa_name(&v->type, dev, why, 200)) {
			char w[sizeof(why)];

			snprintf(w, sizeof(w), "its name %.200s", why);
			rc = add_bad(&st, dev, w);
		} else if ((n = sorted_count(st.cudv, st.ncudv, dev)) > 1) {
			snprintf(why, sizeof(why),
				 "CuDv holds %d objects of that name, where a device name is unique", n);
			rc = add_bad(&st, dev, why);
		} else if ((rc = vattr_load(v->odm, &v->type, dev, &s)) < 0) {
			rc = rc == -VDEV_E_NOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
						 : vdev_odm_err(v, rc);
		} else {
			int r = device_rules(&s, 1, why, sizeof(why));
			char w[sizeof(why)];
			int c = stored_claims(&st, dev, &s, w, sizeof(w));

			if (r < 0 || c < 0)
				rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
			else if (r || c)
				rc = add_bad(&st, dev, r ? why : w);
		}
		vattr_free(&s);
		if (rc == -VDEV_E_NOMEM)
			rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		if (rc < 0)
			goto out;
	}
	*out = st.bad;
	*nout = st.nbad;
	st.bad = NULL;
	st.nbad = 0;
	rc = 0;
out:
	vdev_bad_free(st.bad, st.nbad);
	vipa_strv_free(&st.cudv, &st.ncudv);
	free(st.sorted);
	vipa_strv_free(&st.vipas, &st.nvipas);
	free(st.links);
	free(st.ka.a);
	free(st.c);
	return rc;
}
