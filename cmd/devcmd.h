/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * devcmd.h - what the device commands share.  The changing ones (mkdev,
 * chdev, rmdev, mkinetvi, mkinetvi6, chvi, cfgif): opening the device
 * model, printing its errors and warnings, and their exit statuses.  The
 * reading ones (lsdev, lsattr, ifconfig-vi): opening the repository for a
 * report, and printing the report or its error.
 *
 * Exit statuses: common.h.
 */
#ifndef VIPA_CMD_DEVCMD_H
#define VIPA_CMD_DEVCMD_H

#include "common.h"
#include "vdev-show.h"

struct vdev;

/* Open the repository named by $ODMDIR for changing (with @rdonly set, for
 * reading when it may not be written); on failure print why and return the
 * exit status (non-zero). */
int dev_open(struct vdev **v, int rdonly);
/* Print the last error of @v (code @rc) and return the exit status. */
int dev_fail(struct vdev *v, int rc);
/* Print the warnings of the last call, one line each. */
void dev_warnings(const struct vdev *v);
/* Print (and log) the devices the last call left alone, one line each. */
void dev_skipped(const struct vdev *v);
/* Add one -a argument ('A=V' or 'A=V B=V') to the list; exits on no memory. */
void dev_add_assign(const char *arg, char ***list, int *n);
/* Take the device name @arg of an option that may be given once: a usage
 * error with @msg when *@name is set already. */
void dev_name_opt(const char **name, const char *arg, const char *msg);
/*
 * Finish the change @rc (a vdev_* result) made with @v: print its error,
 * or its warnings, the routes it found lost (exit status 6) and, with
 * @name set, the line "@name @state".  Closes @v; returns the exit status.
 */
int dev_done(struct vdev *v, int rc, const char *name, const char *state);

/*
 * The reports.  dev_show_open opens the repository for reading, a report
 * handle on it and an empty output buffer; on failure it prints why and
 * returns the exit status.  dev_show_close frees what it opened (any of it
 * may be NULL).
 */
int dev_show_open(struct odm **odm, struct vdev_show **s, struct odm_buf **out);
void dev_show_close(struct odm *odm, struct vdev_show *s, struct odm_buf *out);
/* Write the report @out to stdout; returns @rc, or the status of a write error. */
int dev_show_print(const struct odm_buf *out, int rc);
/* Print the error @rc of a listing (a usage error for -VDEV_SHOW_E_USAGE);
 * returns the exit status. */
int dev_show_fail(const struct vdev_show *s, int rc);
/*
 * -L of chvi and mkinetvi: print the interfaces the VIPA @name (NULL: a
 * new one of @families) may take (@remove 0) or holds (@remove 1), one a
 * line (vdev_ifchoices).  Returns the exit status.
 */
int dev_list_ifs(const char *name, unsigned families, int remove);
/* Set @key of @q from the argument of option -@opt; on failure print why
 * ("-@opt may be given only once" for a key taken once) and return the
 * exit status. */
int dev_query_opt(struct vdev_query *q, enum vdev_query_key key, int opt,
		  const char *arg);

/*
 * --json of cfgif and cfgvi: dev_json_line keeps a report line (it
 * remembers a failure to keep one); dev_json_print prints the lines kept
 * as one JSON document (vdev_report_json) and forgets them.  Returns @rc,
 * or the exit status of a failure.
 */
void dev_json_line(const char *line);
int dev_json_print(int rc);

/*
 * The report callback of cfgif and cfgvi: a change made (logged), or with
 * -n one that would be (@arg set), kept for --json when dev_json is set,
 * else printed at once (a pass may be followed by a wait for routing
 * daemons).
 */
extern int dev_json;
void dev_change_line(const char *line, void *arg);

#endif
