/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-base.c - what every part of the device model uses: the handle's
 * message, its warnings and its change report.  It calls nothing of the
 * other parts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm.h"
#include "vdev-internal.h"

int vdev_seterr(struct vdev *v, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->err, sizeof(v->err), fmt, ap);
	va_end(ap);
	return -code;
}

int vdev_odm_err(struct vdev *v, int rc)
{
	const char *m = odm_errmsg(v->odm);
	int code;

	switch (-rc) {
	case ODM_E_NOMEM: return vdev_seterr(v, VDEV_E_NOMEM, "out of memory");
	case ODM_E_PERM: code = VDEV_E_PERM; break;
	default: code = VDEV_E_ODM; break;
	}
	return vdev_seterr(v, code, "%s", m && *m ? m : odm_strerror(rc));
}

int vdev_warn(struct vdev *v, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return vipa_strv_addn(&v->warn, &v->nwarn, buf, strlen(buf));
}

/* Copy a string into a fixed field, truncated to fit. */
void vdev_copy(char *dst, size_t len, const char *src)
{
	size_t n = src ? strnlen(src, len - 1) : 0;

	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Copy @s for a one-line message: control bytes become escapes. */
void vdev_quote(char *out, size_t len, const char *s)
{
	size_t o = 0;

	for (; *s && o + 5 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			o += (size_t)snprintf(out + o, len - o, "\\n");
		else if (c == '\t')
			o += (size_t)snprintf(out + o, len - o, "\\t");
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

/*
 * The one wording of every command for a device the repository does not
 * hold: AIX's (0514-519, "The following device was not found in the
 * customized device configuration database"), on one line with the name
 * quoted.
 */
void vdev_msg_nodev(char *out, size_t len, const char *name)
{
	char q[64];

	vdev_quote(q, sizeof(q), name);
	snprintf(out, len, "device '%s' was not found in the customized device configuration database",
		 q);
}

/* ... and for a device that is not a VIPA. */
void vdev_msg_notvipa(char *out, size_t len, const char *name, const char *type)
{
	char q[64], t[64];

	vdev_quote(q, sizeof(q), name);
	vdev_quote(t, sizeof(t), type);
	snprintf(out, len, "device '%s' is not a virtual IP address (its type is '%s')", q, t);
}

/*
 * One line of the change report.  A real run calls it after the kernel
 * took the change (past tense: "vi0: address 10.68.6.1/24 added"); a dry
 * run with what would be done ("vi0: would add address 10.68.6.1/24").
 * Lines are kept until the change is committed (vdev_cfgif hands them to
 * its callback then), so a change that was undone is never reported.
 */
void vdev_report(struct vdev *v, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	v->nchanges++;
	if (!v->report)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (vipa_strv_add(&v->lines, &v->nlines, buf) < 0)
		v->lines_nomem = 1;
}
