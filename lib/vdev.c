/*
 * vdev.c - the device model: customized devices and attributes in the
 * object store, validated from the predefined data (PdDv, PdAt), and the
 * changing operations (define, configure, change, remove, cfgif) that run
 * each in one write transaction while vdev-kern.c changes the kernel.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "odm.h"
#include "vdev-internal.h"
#include "vdev-show.h"
#include "vnl.h"


/* ---- handle, messages ------------------------------------------------- */

static void clear_warnings(struct vdev *v)
{
	vdev_strv_free(&v->warn, &v->nwarn);
	vdev_strv_free(&v->lost, &v->nlost);
	vdev_strv_free(&v->lines, &v->nlines);
	v->lines_nomem = 0;
	v->nskipped = 0;
}

VIPA_EXPORT int vdev_open(struct vdev **out, const char *odmdir, unsigned flags)
{
	struct vdev *v;
	int rc;

	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -VDEV_E_NOMEM;
	*out = v;
	v->flags = flags;
	rc = odm_open(&v->odm, odmdir, (flags & VDEV_RDONLY) ? ODM_RDONLY : 0);
	if (rc < 0) {
		if (v->odm) {
			rc = vdev_odm_err(v, rc);
		} else {
			rc = vdev_seterr(v, VDEV_E_ODM, "%s", odm_strerror(rc));
		}
		return rc;
	}
	return 0;
}

VIPA_EXPORT void vdev_close(struct vdev *v)
{
	if (!v)
		return;
	vdev_kern_forget(v);
	vdev_kern_snapshot_free(v);
	vdev_kern_dry_free(v);
	free(v->j);
	if (v->nl)
		vnl_close(v->nl);
	/* the type's objects are of the store's classes: free them first */
	vattr_type_free(&v->type);
	if (v->odm)
		odm_close(v->odm);
	clear_warnings(v);
	free(v);
}

VIPA_EXPORT const char *vdev_errmsg(const struct vdev *v)
{
	return v ? v->err : "";
}

VIPA_EXPORT const char *vdev_strerror(int code)
{
	static const char *const text[VDEV_E_MAX] = {
		[VDEV_OK] = "success",
		[VDEV_E_NOMEM] = "out of memory",
		[VDEV_E_INVAL] = "invalid input",
		[VDEV_E_NODEV] = "no such device",
		[VDEV_E_EXIST] = "device exists already",
		[VDEV_E_PERM] = "permission denied",
		[VDEV_E_ODM] = "object store failure",
		[VDEV_E_KERNEL] = "the kernel refused the change",
		[VDEV_E_UNDO] = "the change failed and was not all undone",
	};
	if (code < 0)
		code = -code;
	return code < VDEV_E_MAX ? text[code] : "unknown error";
}

VIPA_EXPORT struct odm *vdev_odm(struct vdev *v)
{
	return v->odm;
}

VIPA_EXPORT int vdev_nlost(const struct vdev *v)
{
	return v->nlost;
}

VIPA_EXPORT const char *vdev_lost(const struct vdev *v, int i)
{
	return i >= 0 && i < v->nlost ? v->lost[i] : NULL;
}

VIPA_EXPORT int vdev_nskipped(const struct vdev *v)
{
	return v->nskipped;
}

VIPA_EXPORT int vdev_nwarnings(const struct vdev *v)
{
	return v->nwarn;
}

VIPA_EXPORT const char *vdev_warning(const struct vdev *v, int i)
{
	return i >= 0 && i < v->nwarn ? v->warn[i] : NULL;
}

/* ---- assignments ------------------------------------------------------ */

VIPA_EXPORT int vdev_split_assign(const char *arg, char ***list, int *n)
{
	const char *p = arg, *e;

	/* 'A=V B=V': words are separated by spaces only, so a newline or a
	 * tab stays inside its value and is refused there. */
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		e = strchr(p, ' ');
		if (!e)
			e = p + strlen(p);
		if (vdev_strv_addn(list, n, p, (size_t)(e - p)) < 0)
			return -VDEV_E_NOMEM;
		p = e;
	}
	return 0;
}

VIPA_EXPORT void vdev_free_assign(char **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---- predefined data -------------------------------------------------- */

/* Copy a string into a fixed field, truncated to fit. */
static void copy(char *dst, size_t len, const char *src)
{
	size_t n = src ? strnlen(src, len - 1) : 0;

	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The customized devices of the VIPA type. */
static const struct odm_match vipa_type[] = { { "PdDvLn", "=", VDEV_VIPA_TYPE }, ODM_MATCH_END };

/* Load the VIPA type: PdDv prefix and PdAt rows in _id order. */
static int load_type(struct vdev *v)
{
	int rc;

	if (v->type_loaded)
		return 0;
	rc = vattr_type_load(v->odm, VDEV_VIPA_TYPE, &v->type);
	if (rc < 0)
		return vdev_odm_err(v, rc);
	if (!v->type.dv)
		return vdev_seterr(v, VDEV_E_ODM, "predefined device type '%s' not found",
				   VDEV_VIPA_TYPE);
	v->type_loaded = 1;
	return 0;
}

VIPA_EXPORT int vdev_find_type(struct vdev *v, const char *cls, const char *subclass,
			       const char *type, char out[48])
{
	struct odm_match m[4] = { ODM_MATCH_END };
	struct odm_obj *o = NULL;
	const char *fv[3] = { cls, subclass, type };
	const char *fn[3] = { "class", "subclass", "type" };
	int rc, n = 0;

	for (int i = 0; i < 3; i++) {
		if (!fv[i])
			continue;
		for (const char *p = fv[i]; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '_')
				return vdev_seterr(v, VDEV_E_INVAL,
						   "%s '%s': no such predefined device",
						   fn[i], fv[i]);
		m[n++] = (struct odm_match){ fn[i], "=", fv[i] };
	}
	rc = odm_get_first_match(v->odm, "PdDv", m, &o);
	if (rc < 0)
		return vdev_odm_err(v, rc);
	if (!o)
		return vdev_seterr(v, VDEV_E_INVAL,
				   "no predefined device of class '%s', subclass '%s', type '%s'",
				   cls ? cls : "*", subclass ? subclass : "*",
				   type ? type : "*");
	copy(out, 48, odm_obj_get(o, "uniquetype"));
	odm_obj_free(o);
	return 0;
}

/* ---- value syntax ----------------------------------------------------- */

/* Linux interface name rules (dev_valid_name) plus our character set. */
static const char *ifname_problem(const char *s)
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
static int bad_char(const char *s, char *what, size_t len)
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

static int parse_v4(const char *s, unsigned char a[16])
{
	memset(a, 0, 16);
	return inet_pton(AF_INET, s, a) == 1 ? 0 : -1;
}

static int parse_v6(const char *s, unsigned char a[16])
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
	return NULL;
}

/* A netmask, dotted or 0x-hex: its prefix length (1..32) or -1. */
static int mask_plen(const char *s)
{
	unsigned char a[16];
	uint32_t m;
	int n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		char *end;
		unsigned long x;

		if (strlen(s) != 10)
			return -1;
		errno = 0;
		x = strtoul(s + 2, &end, 16);
		if (*end || errno)
			return -1;
		m = (uint32_t)x;
	} else {
		if (parse_v4(s, a) < 0)
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

	if ((af == AF_INET ? parse_v4(s, ad) : parse_v6(s, ad)) < 0) {
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

static int parse_int(const char *s, long *out)
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
	if (bad_char(val, why, wlen))
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
			if (parse_int(comma + 1, &inc) < 0 || inc < 1)
				inc = 1;
		}
		if (!dash || (*dash = '\0', parse_int(fmt, &lo) < 0) || parse_int(dash + 1, &hi) < 0) {
			snprintf(why, wlen, "cannot be checked: bad range '%.64s' in the predefined data",
				 a->values);
			return -1;
		}
		if (parse_int(val, &x) < 0) {
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
		plen = mask_plen(val);
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
		plen = mask_plen(p);
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
		if (parse_int(p, &n) < 0 || n < 0 || n > 128) {
			snprintf(why, wlen, "has a prefix length out of range (0 to 128)");
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
			const char *pr = ifname_problem(nm);
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
			copy(names[k++], 16, nm);
			if (!e)
				break;
			p = e + 1;
		}
	}
	return 0;
}

/* ---- attribute sets --------------------------------------------------- */

/* The effective attributes of device @name (NULL: the defaults only). */
static int aset_load(struct vdev *v, const char *name, struct vattrs *s)
{
	int rc = vattr_load(v->odm, &v->type, name, s);

	return rc < 0 ? vdev_odm_err(v, rc) : 0;
}

static int invalid(struct vdev *v, const char *dev, const char *attr, const char *val,
		   const char *why)
{
	char q[300];

	vdev_quote(q, sizeof(q), val);
	return vdev_seterr(v, VDEV_E_INVAL, "device '%s': attribute '%s' value '%s' %s",
			   dev, attr, q, why);
}

/* Apply "Attr=Value" assignments to @s, checking each value. */
static int aset_assign(struct vdev *v, const char *dev, struct vattrs *s, char *const *assign,
		       int n)
{
	char canon[300], why[300], q[300];

	for (int k = 0; k < n; k++) {
		const char *eq = strchr(assign[k], '=');
		char attr[64];
		int i;

		if (!eq || eq == assign[k]) {
			vdev_quote(q, sizeof(q), assign[k]);
			return vdev_seterr(v, VDEV_E_INVAL,
					   "device '%s': '%s' is not of the form Attribute=Value",
					   dev, q);
		}
		snprintf(attr, sizeof(attr), "%.*s", (int)(eq - assign[k] < 63 ? eq - assign[k] : 63),
			 assign[k]);
		i = vattr_index(&v->type, attr);
		if (i < 0) {
			vdev_quote(q, sizeof(q), attr);
			vdev_quote(canon, sizeof(canon), eq + 1);
			return vdev_seterr(v, VDEV_E_INVAL,
					   "device '%s': attribute '%s' value '%s' is not valid: no such attribute",
					   dev, q, canon);
		}
		if (!strchr(v->type.at[i].generic, 'U'))
			return invalid(v, dev, attr, eq + 1, "cannot be set: the attribute is not user-settable");
		if (check_value(&v->type.at[i], eq + 1, canon, sizeof(canon), why, sizeof(why)) < 0)
			return invalid(v, dev, attr, eq + 1, why);
		struct vaval *av = &s->a[i];
		if (!av->touched) {
			vattr_clear(av);
			av->touched = 1;
		} else if (!vattr_multi_valued(&v->type.at[i])) {
			return invalid(v, dev, attr, eq + 1, "is the second value given for a single-valued attribute");
		}
		if (!*canon) {
			if (av->n)
				return invalid(v, dev, attr, eq + 1, "is empty, but other values were given");
			continue;
		}
		for (int m = 0; m < av->n; m++)
			if (!strcmp(av->v[m], canon))
				return invalid(v, dev, attr, eq + 1, "is given twice");
		if (!strcmp(canon, v->type.at[i].deflt))
			continue;  /* the default: no CuAt */
		if (vattr_add(av, canon) < 0)
			return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	}
	return 0;
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
static int aset_ifs(struct vdev *v, const char *dev, struct vattrs *s, const char *ifs, int remove)
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

/* ---- cross checks ----------------------------------------------------- */

/* The addresses an attribute value holds (0 or 1). */
static int value_addr(const struct vdev_pdat *a, const char *val, struct vaddr *out)
{
	char t[64];
	const char *p;

	memset(out, 0, sizeof(*out));
	if (!*val)
		return 0;
	if (!strcmp(a->type, "inet")) {
		out->family = AF_INET;
		return parse_v4(val, out->a) == 0;
	}
	if (!strcmp(a->type, "inet6")) {
		out->family = AF_INET6;
		return parse_v6(val, out->a) == 0;
	}
	if (!strcmp(a->type, "alias4") && (p = strchr(val, ','))) {
		snprintf(t, sizeof(t), "%.*s", (int)(p - val), val);
		out->family = AF_INET;
		out->plen = mask_plen(p + 1);
		return parse_v4(t, out->a) == 0;
	}
	if (!strcmp(a->type, "alias6") && (p = strchr(val, '/'))) {
		snprintf(t, sizeof(t), "%.*s", (int)(p - val), val);
		out->family = AF_INET6;
		out->plen = atoi(p + 1);
		return parse_v6(t, out->a) == 0;
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

	if (!nm || vdev_strv_addn(&x->vipas, &x->nvipas, nm, strlen(nm)) < 0) {
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
	copy(no[x->n].name, 16, nm);
	copy(no[x->n].attr, 16, at);
	copy(no[x->n].value, 256, odm_obj_get(o, "value"));
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
	rc = odm_get_match(v->odm, "CuDv", vipa_type, names_cb, x);
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
	copy(f->name, sizeof(f->name), l->name);
	return 1;
}

/*
 * Whole-device checks of the new attribute set: addresses unique among
 * the VIPAs and not local on any other link, interfaces claimed by one
 * VIPA only, not VIPAs themselves, and present (else a warning).
 */
static int aset_check(struct vdev *v, const char *dev, const struct vattrs *s)
{
	struct others x;
	struct kaddrs ka = { NULL, 0, 0 };
	struct vaddr mine[VDEV_MAXADDR * 2];
	int nmine = 0, rc, selfidx = 0;
	char why[400], ntop[64];
	struct vnl_link l;

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
	rc = 0;
	for (int i = 0; i < s->t->nat && !rc; i++) {
		const struct vdev_pdat *a = &v->type.at[i];

		for (int k = 0; k < s->a[i].n && !rc; k++) {
			const char *val = s->a[i].v[k];
			struct vaddr ad;

			if (!strcmp(a->type, "iflist")) {
				/* a refusal names the value the user gave */
				const char *given = s->given_ifs ? s->given_ifs : val;

				if (!s->a[i].touched)
					continue;
				char cp[256];
				snprintf(cp, sizeof(cp), "%s", val);
				for (char *sv = NULL, *t = strtok_r(cp, ",", &sv); t && !rc;
				     t = strtok_r(NULL, ",", &sv)) {
					int isvipa = !strcmp(t, dev);

					for (int m = 0; m < x.nvipas; m++)
						isvipa |= !strcmp(x.vipas[m], t);
					if (isvipa) {
						snprintf(why, sizeof(why), "is refused: '%s' is a virtual IP address device", t);
						rc = invalid(v, dev, a->attr, given, why);
						break;
					}
					for (int m = 0; m < x.n && !rc; m++) {
						int oi = vattr_index(&v->type, x.o[m].attr);
						if (strcmp(v->type.at[oi].type, "iflist") ||
						    !in_list(x.o[m].value, t))
							continue;
						snprintf(why, sizeof(why),
							 "is refused: interface '%s' is already used by '%s'",
							 t, x.o[m].name);
						rc = invalid(v, dev, a->attr, given, why);
					}
					if (!rc) {
						int e = vnl_link_get(v->nl, t, &l);

						if (e == -ENODEV)
							rc = vdev_warn(v, "device '%s': interface '%s' does not exist yet: its routes get the address at the next cfgif", dev, t);
						else if (e < 0)
							rc = vdev_kern_err(v, e);
					}
				}
				continue;
			}
			if (!value_addr(a, val, &ad))
				continue;
			for (int m = 0; m < nmine; m++)
				if (addr_eq(&mine[m], &ad)) {
					rc = invalid(v, dev, a->attr, val, "is refused: the address is given twice");
					break;
				}
			if (rc)
				break;
			mine[nmine++] = ad;
			if (!s->a[i].touched)
				continue;
			vnl_ntop(ad.family, ad.a, ntop, sizeof(ntop));
			for (int m = 0; m < x.n && !rc; m++) {
				struct vaddr oa;
				int oi = vattr_index(&v->type, x.o[m].attr);

				if (value_addr(&v->type.at[oi], x.o[m].value, &oa) && addr_eq(&oa, &ad)) {
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

/* ---- the database ----------------------------------------------------- */

static int has_net_admin(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) != 0)
		return geteuid() == 0;
	return (d[CAP_NET_ADMIN / 32].effective >> (CAP_NET_ADMIN % 32)) & 1;
}

static int need_priv(struct vdev *v)
{
	if (!has_net_admin())
		return vdev_seterr(v, VDEV_E_PERM,
				   "permission denied: changing the network needs root or the CAP_NET_ADMIN capability");
	return 0;
}

/* Is @name @prefix followed by an instance number (0, 1, ... no leading
 * zero), as AIX names its devices? */
static int instance_name(const char *prefix, const char *name)
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
static int bad_vipa_name(const struct vdev *v, const char *name, char *why, size_t len)
{
	const char *p = ifname_problem(name);

	if (p) {
		snprintf(why, len, "%s", p);
		return 1;
	}
	if (bad_char(name, why, len))
		return 1;
	if (!instance_name(v->type.prefix, name)) {
		snprintf(why, len, "is not '%s' followed by an instance number", v->type.prefix);
		return 1;
	}
	return 0;
}

/* A device that must exist and be a VIPA. */
static int find_vipa(struct vdev *v, const char *name, struct vcudv *c)
{
	char q[64];
	int rc;

	char why[100];

	vdev_quote(q, sizeof(q), name);
	if (bad_vipa_name(v, name, why, sizeof(why)))
		return vdev_seterr(v, VDEV_E_NODEV, "device '%s' does not exist", q);
	rc = vdev_db_cudv(v, name, c);
	if (rc < 0)
		return rc;
	if (!c->found)
		return vdev_seterr(v, VDEV_E_NODEV, "device '%s' does not exist", q);
	if (strcmp(c->type, VDEV_VIPA_TYPE))
		return vdev_seterr(v, VDEV_E_INVAL, "device '%s' is not a virtual IP address (type '%s')",
				   q, c->type);
	return 0;
}

/* Write the touched attributes of @s. */
static int aset_store(struct vdev *v, const char *name, const struct vattrs *s)
{
	int rc;

	for (int i = 0; i < s->t->nat; i++) {
		if (!s->a[i].touched)
			continue;
		rc = vdev_db_cuat_del(v, name, v->type.at[i].attr, NULL);
		for (int k = 0; rc >= 0 && k < s->a[i].n; k++)
			rc = vdev_db_cuat_add(v, name, v->type.at[i].attr, s->a[i].v[k], &v->type.at[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Ours: marked with our alias, or with our MAC prefix (a link made by a
 * command killed before it could set the alias). */
static int is_vipa_link(const struct vnl_link *l, const char *name)
{
	return l->marked || (!strncmp(l->alias, VDEV_MARK, strlen(VDEV_MARK)) &&
			     !strcmp(l->alias + strlen(VDEV_MARK), name));
}

/* A kernel link @name that is not ours blocks the name. */
static int link_free(struct vdev *v, const char *name)
{
	struct vnl_link l;
	int rc = vdev_nl(v);

	if (rc < 0)
		return rc;
	rc = vnl_link_get(v->nl, name, &l);
	if (rc < 0 && rc != -ENODEV)
		return vdev_kern_err(v, rc);
	if (rc == 0 && !is_vipa_link(&l, name))
		return 0;
	return 1;
}

struct used {
	char **names;
	int n;
};

static int used_cb(const struct odm_obj *o, void *arg)
{
	struct used *u = arg;
	const char *nm = odm_obj_get(o, "name");

	if (!nm)
		nm = "";
	return vdev_strv_addn(&u->names, &u->n, nm, strlen(nm));
}

static int next_name(struct vdev *v, const char *prefix, char out[16])
{
	struct used u = { NULL, 0 };
	int rc, taken;

	rc = odm_get_match(v->odm, "CuDv", NULL, used_cb, &u);
	if (rc < 0) {
		rc = rc == -VDEV_E_NOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
					 : vdev_odm_err(v, rc);
		goto out;
	}
	for (int n = 0; n < 100000; n++) {
		char t[48];

		snprintf(t, sizeof(t), "%.10s%d", prefix, n);
		copy(out, 16, t);
		taken = 0;
		for (int k = 0; k < u.n && !taken; k++)
			taken = !strcmp(u.names[k], out);
		if (taken)
			continue;
		rc = link_free(v, out);
		if (rc < 0)
			goto out;
		if (rc) {
			rc = 0;
			goto out;
		}
	}
	rc = vdev_seterr(v, VDEV_E_INVAL, "no free device name with prefix '%s'", prefix);
out:
	for (int k = 0; k < u.n; k++)
		free(u.names[k]);
	free(u.names);
	return rc;
}

/* ---- the desired kernel state ----------------------------------------- */

int vdev_load_cfg(struct vdev *v, const char *name, struct vcfg *c)
{
	struct vcudv d;
	struct vattrs s = { 0 };
	int rc;

	memset(c, 0, sizeof(*c));
	copy(c->name, sizeof(c->name), name);
	rc = load_type(v);
	if (rc >= 0)
		rc = vdev_db_cudv(v, name, &d);
	if (rc < 0)
		return rc;
	if (!d.found || strcmp(d.type, VDEV_VIPA_TYPE))
		return 0;
	c->exists = 1;
	c->status = d.status;
	rc = aset_load(v, name, &s);
	if (rc < 0)
		goto out;
	enum vstate state = vattr_state(&s);
	c->want_link = vattr_wants_link(c->status, state);
	c->want_up = c->want_link && state == VSTATE_UP;

	const char *na = vattr_value(&s, "netaddr"), *nm = vattr_value(&s, "netmask");
	if (*na && parse_v4(na, c->src4.a) == 0) {
		int pl = *nm ? mask_plen(nm) : 32;
		c->src4.family = AF_INET;
		c->src4.plen = pl > 0 ? pl : 32;
		c->has4 = 1;
		c->addr[c->naddr++] = c->src4;
	}
	const char *na6 = vattr_value(&s, "netaddr6"), *pl6 = vattr_value(&s, "prefixlen");
	if (*na6 && parse_v6(na6, c->src6.a) == 0) {
		long pl = 128;
		if (*pl6 && (parse_int(pl6, &pl) < 0 || pl < 0 || pl > 128))
			pl = 128;
		c->src6.family = AF_INET6;
		c->src6.plen = (int)pl;
		c->has6 = 1;
		c->addr[c->naddr++] = c->src6;
	}
	for (int i = 0; i < s.t->nat; i++) {
		const struct vdev_pdat *a = &v->type.at[i];
		if (!vattr_multi_valued(a))
			continue;
		for (int k = 0; k < s.a[i].n && c->naddr < VDEV_MAXADDR; k++) {
			struct vaddr ad;
			if (value_addr(a, s.a[i].v[k], &ad) &&
			    (ad.plen > 0 || (ad.family == AF_INET6 && ad.plen == 0)))
				c->addr[c->naddr++] = ad;
		}
	}
	char ifs[256];
	copy(ifs, sizeof(ifs), vattr_value(&s, "interface_names"));
	for (char *sv = NULL, *t = strtok_r(ifs, ",", &sv); t && c->nifs < VDEV_MAXIF;
	     t = strtok_r(NULL, ",", &sv))
		copy(c->ifs[c->nifs++], 16, t);
out:
	vattr_free(&s);
	return rc;
}

/* ---- the changing operations ------------------------------------------ */

/* Start a change; @write 0 for a dry run, which only reads. */
static int begin_txn(struct vdev *v, int write)
{
	int rc;

	clear_warnings(v);
	v->err[0] = '\0';
	vdev_kern_forget(v);
	if (write && (rc = odm_begin(v->odm)) < 0)
		return vdev_odm_err(v, rc);
	rc = load_type(v);
	if (rc < 0 && odm_in_txn(v->odm))
		odm_rollback(v->odm);
	return rc;
}

static int begin(struct vdev *v)
{
	return begin_txn(v, 1);
}

/* Commit, or on failure (@rc < 0) undo the kernel and roll back. */
static int finish(struct vdev *v, int rc)
{
	if (rc >= 0 && odm_in_txn(v->odm)) {
		int c = odm_commit(v->odm);
		if (c < 0)
			rc = vdev_odm_err(v, c);
	}
	if (rc < 0) {
		int u = vdev_kern_undo(v);

		if (u < 0)
			rc = u;
		if (odm_in_txn(v->odm))
			odm_rollback(v->odm);
	}
	vdev_kern_forget(v);
	return rc;
}

static int configure(struct vdev *v, const char *name)
{
	struct vcfg c;
	int rc = vdev_load_cfg(v, name, &c);

	if (rc >= 0)
		rc = vdev_kern_reconcile(v, &c, 0);
	return rc;
}

VIPA_EXPORT int vdev_define(struct vdev *v, const char *uniquetype, const char *name,
			    char *const *assign, int n, const char *const *required,
			    unsigned flags, char name_out[16])
{
	struct vattrs s = { 0 };
	char nm[16], q[64];
	const struct odm_class *cls;
	struct odm_obj *o = NULL;
	int rc;

	rc = begin(v);
	if (rc < 0)
		return rc;
	if (strcmp(uniquetype, VDEV_VIPA_TYPE)) {
		rc = vdev_seterr(v, VDEV_E_INVAL, "devices of type '%s' cannot be defined by this command",
				 uniquetype);
		goto out;
	}
	if (!(flags & VDEV_DEFINE_ONLY) && (rc = need_priv(v)) < 0)
		goto out;
	if (name) {
		const char *pr = ifname_problem(name);
		char why[100];

		vdev_quote(q, sizeof(q), name);
		if (!pr && bad_char(name, why, sizeof(why)))
			pr = "is not a valid interface name";
		if (pr) {
			rc = vdev_seterr(v, VDEV_E_INVAL, "device name '%s' %s", q, pr);
			goto out;
		}
		if (!instance_name(v->type.prefix, name)) {
			rc = vdev_seterr(v, VDEV_E_INVAL,
					 "device name '%s' is refused: the name of a virtual IP address is '%s' followed by a number (%s0, %s1, ...)",
					 q, v->type.prefix, v->type.prefix, v->type.prefix);
			goto out;
		}
		struct vcudv d;
		if ((rc = vdev_db_cudv(v, name, &d)) < 0)
			goto out;
		if (d.found) {
			rc = vdev_seterr(v, VDEV_E_EXIST, "device '%s' already exists", name);
			goto out;
		}
		if ((rc = link_free(v, name)) < 0)
			goto out;
		if (!rc) {
			rc = vdev_seterr(v, VDEV_E_EXIST,
					 "device name '%s' is refused: a network interface of that name exists",
					 name);
			goto out;
		}
		copy(nm, sizeof(nm), name);
	} else if ((rc = next_name(v, v->type.prefix, nm)) < 0) {
		goto out;
	}
	if ((rc = aset_load(v, NULL, &s)) < 0 || (rc = aset_assign(v, nm, &s, assign, n)) < 0)
		goto out;
	for (int k = 0; required && required[k]; k++) {
		int i = vattr_index(&v->type, required[k]);
		if (i >= 0 && !s.a[i].n && !*v->type.at[i].deflt) {
			rc = vdev_seterr(v, VDEV_E_INVAL, "device '%s': attribute '%s' is required",
					 nm, required[k]);
			goto out;
		}
	}
	if ((rc = aset_check(v, nm, &s)) < 0)
		goto out;
	rc = odm_get_class(v->odm, "CuDv", &cls);
	if (rc >= 0 && !(o = odm_obj_new(cls)))
		rc = -ODM_E_NOMEM;
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "name", nm);
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "status", "0");
	if (rc >= 0)
		rc = odm_obj_set(v->odm, o, "PdDvLn", VDEV_VIPA_TYPE);
	if (rc >= 0)
		rc = odm_add(v->odm, o);
	odm_obj_free(o);
	if (rc < 0) {
		rc = vdev_odm_err(v, rc);
		goto out;
	}
	if ((rc = aset_store(v, nm, &s)) < 0)
		goto out;
	if (!(flags & VDEV_DEFINE_ONLY)) {
		if ((rc = vdev_db_set_status(v, nm, 1)) < 0)
			goto out;
		rc = configure(v, nm);
	}
out:
	vattr_free(&s);
	rc = finish(v, rc);
	if (rc >= 0 && name_out)
		copy(name_out, 16, nm);
	return rc < 0 ? rc : 0;
}

VIPA_EXPORT int vdev_configure(struct vdev *v, const char *name)
{
	struct vcudv d;
	int rc = begin(v);

	if (rc < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0)
		goto out;
	if (d.status == 1) {
		rc = vdev_seterr(v, VDEV_E_EXIST, "device '%s' is already Available", name);
		goto out;
	}
	if ((rc = need_priv(v)) < 0 || (rc = vdev_db_set_status(v, name, 1)) < 0)
		goto out;
	rc = configure(v, name);
out:
	return finish(v, rc) < 0 ? rc : 0;
}

VIPA_EXPORT int vdev_change(struct vdev *v, const char *name, char *const *assign, int n,
			    const char *ifs, int remove, unsigned flags)
{
	struct vattrs s = { 0 };
	struct vcudv d;
	int rc = begin(v);

	if (rc < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0)
		goto out;
	if (d.status == 1 && !(flags & VDEV_DB_ONLY) && (rc = need_priv(v)) < 0)
		goto out;
	if ((rc = aset_load(v, name, &s)) < 0 || (rc = aset_assign(v, name, &s, assign, n)) < 0)
		goto out;
	if (ifs && (rc = aset_ifs(v, name, &s, ifs, remove)) < 0)
		goto out;
	if ((rc = aset_check(v, name, &s)) < 0 || (rc = aset_store(v, name, &s)) < 0)
		goto out;
	if (d.status == 1 && !(flags & VDEV_DB_ONLY))
		rc = configure(v, name);
out:
	vattr_free(&s);
	rc = finish(v, rc);
	return rc < 0 ? rc : 0;
}

/*
 * ifconfig-vi up/down: @name must be a VIPA with a link, checked and
 * worded as ifconfig-vi reports it ("device 'en1' is not a VIPA ...",
 * "vi3: Available in the database, but the kernel has no link 'vi3'").
 */
static int ifconfig_check(struct vdev *v, const char *name)
{
	struct vdev_show *s = NULL;
	struct odm_buf *out = odm_buf_new(), *lost = odm_buf_new();
	struct vnl_link l;
	int rc;

	if (!out || !lost || vdev_show_new(&s, v->odm) < 0) {
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
		goto out;
	}
	rc = vdev_show_vipa(s, name, NULL);
	if (rc == 0 && (rc = vdev_nl(v)) == 0 && (rc = vnl_link_get(v->nl, name, &l)) < 0 &&
	    rc != -ENODEV) {
		rc = vdev_kern_err(v, rc);
		goto out;
	}
	if (rc == -ENODEV) {
		rc = vdev_ifconfig(s, v->nl, name, out, lost);
		if (rc >= 0) {
			size_t n = odm_buf_len(lost);
			const char *m = odm_buf_data(lost);
			rc = vdev_seterr(v, VDEV_E_KERNEL, "%.*s", (int)(n && m[n - 1] == '\n' ? n - 1 : n),
					 m);
			goto out;
		}
	}
	if (rc < 0 && *vdev_show_errmsg(s))
		rc = vdev_seterr(v, rc == -VDEV_SHOW_E_NODEV ? VDEV_E_NODEV
				 : rc == -VDEV_SHOW_E_NOMEM ? VDEV_E_NOMEM : VDEV_E_ODM,
				 "%s", vdev_show_errmsg(s));
out:
	vdev_show_free(s);
	odm_buf_free(out);
	odm_buf_free(lost);
	return rc;
}

VIPA_EXPORT int vdev_ifconfig_set(struct vdev *v, const char *name, int up)
{
	int rc;

	v->err[0] = '\0';
	if ((rc = ifconfig_check(v, name)) < 0)
		return rc;
	return vdev_set_kernel_state(v, name, up);
}

VIPA_EXPORT int vdev_set_kernel_state(struct vdev *v, const char *name, int up)
{
	struct vcudv d;
	struct vcfg c;
	int rc = begin(v);

	if (rc < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0)
		goto out;
	if (d.status != 1) {
		rc = vdev_seterr(v, VDEV_E_INVAL, "device '%s' is not Available", name);
		goto out;
	}
	if ((rc = need_priv(v)) < 0 || (rc = vdev_load_cfg(v, name, &c)) < 0)
		goto out;
	c.want_link = 1;
	c.want_up = !!up;
	rc = vdev_kern_reconcile(v, &c, 0);
out:
	rc = finish(v, rc);
	return rc < 0 ? rc : 0;
}

VIPA_EXPORT int vdev_remove(struct vdev *v, const char *name, unsigned flags)
{
	struct vcudv d;
	struct vcfg c;
	struct vnl_link l;
	int rc = begin(v);

	if (rc < 0)
		return rc;
	if ((rc = find_vipa(v, name, &d)) < 0 || (rc = vdev_nl(v)) < 0)
		goto out;
	if (!(flags & VDEV_DELETE) && d.status == 0) {
		rc = vdev_seterr(v, VDEV_E_INVAL, "device '%s' is already Defined", name);
		goto out;
	}
	if (d.status != 1 && (rc = vnl_link_get(v->nl, name, &l)) < 0 && rc != -ENODEV) {
		rc = vdev_kern_err(v, rc);
		goto out;
	}
	if ((d.status == 1 || rc == 0) && (rc = need_priv(v)) < 0)
		goto out;
	if ((rc = vdev_db_set_status(v, name, 0)) < 0 || (rc = vdev_load_cfg(v, name, &c)) < 0 ||
	    (rc = vdev_kern_reconcile(v, &c, 0)) < 0)
		goto out;
	if (flags & VDEV_DELETE) {
		rc = vdev_db_delete(v, name);
	}
out:
	rc = finish(v, rc);
	return rc < 0 ? rc : 0;
}

/*
 * The Configure method: the Defined VIPAs among @names (or @name) become
 * Available, each reported; a dry run only says which.
 */
static int configure_defined(struct vdev *v, const char *name, const struct used *u)
{
	struct vcudv d;
	int rc;

	for (int k = 0; k < (name ? 1 : u->n); k++) {
		const char *nm = name ? name : u->names[k];

		if ((rc = vdev_db_cudv(v, nm, &d)) < 0)
			return rc;
		if (d.status != 0)
			continue;
		vdev_report(v, v->dry ? "%s: would configure (Defined to Available)"
				      : "%s: configured (Defined to Available)", nm);
		if (!v->dry && (rc = vdev_db_set_status(v, nm, 1)) < 0)
			return rc;
	}
	return 0;
}

VIPA_EXPORT int vdev_cfgif(struct vdev *v, const char *name, unsigned flags,
			   void (*report)(const char *line, void *arg), void *arg)
{
	struct used u = { NULL, 0 };
	struct vcudv d;
	struct vcfg c;
	int rc = begin_txn(v, !(flags & VDEV_DRY_RUN));

	if (rc < 0)
		return rc;
	v->dry = !!(flags & VDEV_DRY_RUN);
	v->report = report;
	v->report_arg = arg;
	v->nchanges = 0;
	if (!v->dry && (rc = need_priv(v)) < 0)
		goto out;
	if ((rc = vdev_nl(v)) < 0)
		goto out;
	if (name) {
		if ((rc = find_vipa(v, name, &d)) < 0)
			goto out;
		if ((flags & VDEV_CONFIGURE) && (rc = configure_defined(v, name, NULL)) < 0)
			goto out;
		if ((rc = vdev_load_cfg(v, name, &c)) < 0)
			goto out;
		rc = vdev_kern_reconcile(v, &c, 0);
		goto out;
	}
	rc = odm_get_match(v->odm, "CuDv", vipa_type, used_cb, &u);
	if (rc < 0) {
		rc = rc == -VDEV_E_NOMEM ? vdev_seterr(v, VDEV_E_NOMEM, "out of memory")
					 : vdev_odm_err(v, rc);
		goto out;
	}
	/* A name no VIPA can have (a device added with odmadd) is left
	 * alone, so that it cannot keep the others from being configured. */
	for (int k = 0; k < u.n; k++) {
		char why[100], q[64];

		if (!bad_vipa_name(v, u.names[k], why, sizeof(why)))
			continue;
		vdev_quote(q, sizeof(q), u.names[k]);
		if ((rc = vdev_warn(v, "device '%s' left alone: its name %s", q, why)) < 0) {
			rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
			goto out;
		}
		v->nskipped++;
		free(u.names[k]);
		memmove(&u.names[k], &u.names[k + 1], (size_t)(u.n - k - 1) * sizeof(*u.names));
		u.n--;
		k--;
	}
	if ((flags & VDEV_CONFIGURE) && (rc = configure_defined(v, NULL, &u)) < 0)
		goto out;
	/* First give back every route source that no longer belongs to its
	 * VIPA, so that a route moving between VIPAs never holds a source
	 * that is about to go; then set up each VIPA. */
	for (int pass = 1; pass >= 0; pass--) {
		if ((rc = vdev_kern_snapshot(v)) < 0)
			goto out;
		for (int k = 0; k < u.n; k++) {
			if ((rc = vdev_load_cfg(v, u.names[k], &c)) < 0 ||
			    (rc = vdev_kern_reconcile(v, &c, pass)) < 0)
				goto out;
		}
		if ((rc = vdev_kern_orphans(v, pass)) < 0)
			goto out;
	}
out:
	vdev_kern_snapshot_free(v);
	vdev_kern_dry_free(v);
	for (int k = 0; k < u.n; k++)
		free(u.names[k]);
	free(u.names);
	if (rc >= 0 && v->lines_nomem)
		rc = vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	rc = finish(v, rc);
	/* what was done, now that it is committed */
	for (int k = 0; rc >= 0 && report && k < v->nlines; k++)
		report(v->lines[k], arg);
	vdev_strv_free(&v->lines, &v->nlines);
	v->dry = 0;
	v->report = NULL;
	return rc < 0 ? rc : v->nchanges;
}

/* ---- reading ---------------------------------------------------------- */

VIPA_EXPORT int vdev_attr_foreach(struct vdev *v, const char *name,
				  int (*fn)(const char *attr, const char *value, int is_default,
				  void *arg),
				  void *arg)
{
	struct vattrs s = { 0 };
	struct vcudv d;
	int rc;

	v->err[0] = '\0';
	if ((rc = load_type(v)) < 0 || (rc = find_vipa(v, name, &d)) < 0 ||
	    (rc = aset_load(v, name, &s)) < 0)
		goto out;
	for (int i = 0; i < s.t->nat && !rc; i++)
		for (int k = 0; k < vattr_nvalues(&s, i) && !rc; k++)
			rc = fn(v->type.at[i].attr, vattr_nth(&s, i, k), !s.a[i].n, arg);
out:
	vattr_free(&s);
	return rc;
}

struct getone {
	const char *attr;
	char *buf;
	size_t len;
	int found;
};

static int getone_cb(const char *attr, const char *value, int is_default, void *arg)
{
	struct getone *g = arg;
	size_t l;

	if (strcmp(attr, g->attr))
		return 0;
	l = strlen(g->buf);
	snprintf(g->buf + l, g->len - l, "%s%s", g->found ? " " : "", value);
	g->found = 1;
	return 0;
}

VIPA_EXPORT int vdev_attr_get(struct vdev *v, const char *name, const char *attr, char *buf,
			      size_t len)
{
	struct getone g = { attr, buf, len, 0 };
	int rc;

	if (len)
		buf[0] = '\0';
	rc = vdev_attr_foreach(v, name, getone_cb, &g);
	if (rc < 0)
		return rc;
	if (!g.found)
		return vdev_seterr(v, VDEV_E_INVAL, "device '%s' has no attribute '%s'", name, attr);
	return 0;
}
