/* SPDX-License-Identifier: GPL-2.0-or-later */
/* devcmd.c - glue shared by the device commands (see devcmd.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "odm.h"
#include "vdev.h"

int dev_fail(struct vdev *v, int rc)
{
	const char *m = v ? vdev_errmsg(v) : "";

	cmd_error("%s", m && *m ? m : vdev_strerror(rc));
	return cmd_exit_status(rc);
}

int dev_open(struct vdev **v, int rdonly)
{
	int rc = vdev_open(v, NULL, 0);

	/* a reader falls back to a read-only open */
	if (rc == -VDEV_E_PERM && rdonly) {
		vdev_close(*v);
		rc = vdev_open(v, NULL, VDEV_RDONLY);
	}
	if (rc < 0) {
		rc = dev_fail(*v, rc);
		vdev_close(*v);
		*v = NULL;
		return rc;
	}
	return 0;
}

void dev_warnings(const struct vdev *v)
{
	for (int i = 0; i < vdev_nwarnings(v); i++)
		cmd_error("warning: %s", vdev_warning(v, i));
}

void dev_skipped(const struct vdev *v)
{
	for (int i = 0; i < vdev_nskipped(v); i++) {
		cmd_error("%s", vdev_skipped(v, i));
		cmd_log(0, "%s", vdev_skipped(v, i));
	}
}

void dev_add_assign(const char *arg, char ***list, int *n)
{
	if (vdev_split_assign(arg, list, n) < 0) {
		cmd_error("out of memory");
		exit(CMD_EXIT_SYSTEM);
	}
}

void dev_name_opt(const char **name, const char *arg, const char *msg)
{
	if (*name)
		cmd_usage_error("%s", msg);
	*name = arg;
}

int dev_done(struct vdev *v, int rc, const char *name, const char *state)
{
	if (rc < 0) {
		rc = dev_fail(v, rc);
	} else {
		dev_warnings(v);
		dev_skipped(v);
		for (int i = 0; i < vdev_nlost(v); i++) {
			cmd_error("%s", vdev_lost(v, i));
			cmd_log(0, "%s", vdev_lost(v, i));
		}
		if (name) {
			printf("%s %s\n", name, state);
			cmd_log(1, "%s %s", name, state);
		}
		rc = vdev_nlost(v) ? CMD_EXIT_LOST : CMD_EXIT_OK;
	}
	vdev_close(v);
	return rc;
}

int dev_show_open(struct odm **odm, struct vdev_show **s, struct odm_buf **out)
{
	int rc = vdev_show_odm_open(odm);

	if (rc < 0)
		return cmd_odm_error(*odm, rc);
	*out = odm_buf_new();
	if (!*out || vdev_show_new(s, *odm) < 0) {
		cmd_error("out of memory");
		return CMD_EXIT_SYSTEM;
	}
	return 0;
}

void dev_show_close(struct odm *odm, struct vdev_show *s, struct odm_buf *out)
{
	vdev_show_free(s);
	odm_buf_free(out);
	if (odm)
		odm_close(odm);
}

int dev_show_print(const struct odm_buf *out, int rc)
{
	fwrite(odm_buf_data(out), 1, odm_buf_len(out), stdout);
	return cmd_close_stdout(rc);
}

int dev_show_fail(const struct vdev_show *s, int rc)
{
	if (rc == -VDEV_SHOW_E_USAGE)
		return cmd_usage_fail("%s", vdev_show_errmsg(s));
	cmd_error("%s", vdev_show_errmsg(s));
	return cmd_exit_status(rc);
}

int dev_query_opt(struct vdev_query *q, enum vdev_query_key key, int opt,
		  const char *arg)
{
	int rc = vdev_query_set(q, key, arg ? arg : "");

	/* -H and -O may be repeated */
	if (rc == -VDEV_SHOW_E_USAGE && key != VDEV_Q_HEADER && key != VDEV_Q_COLON)
		return cmd_usage_fail("-%c may be given only once", opt);
	if (rc == -VDEV_SHOW_E_NOMEM) {
		cmd_error("out of memory");
		return CMD_EXIT_SYSTEM;
	}
	return 0;
}

int dev_list_ifs(const char *name, unsigned families, int remove)
{
	struct odm *odm = NULL;
	struct vdev_show *s = NULL;
	struct odm_buf *out = NULL;
	int rc;

	rc = dev_show_open(&odm, &s, &out);
	if (rc == 0) {
		rc = vdev_ifchoices(s, NULL, name, families,
				    remove ? VDEV_IFCHOICE_REMOVE : VDEV_IFCHOICE_ADD, out);
		rc = rc < 0 ? dev_show_fail(s, rc) : dev_show_print(out, CMD_EXIT_OK);
	}
	dev_show_close(odm, s, out);
	return rc;
}

/* ---- --json of the report lines ------------------------------------- */

static char **json_lines;
static int json_n, json_nomem;

void dev_json_line(const char *line)
{
	char **nl = realloc(json_lines, (size_t)(json_n + 1) * sizeof(*nl));

	if (nl && (nl[json_n] = strdup(line)) != NULL)
		json_n++;
	else
		json_nomem = 1;
	if (nl)
		json_lines = nl;
}

int dev_json;

void dev_change_line(const char *line, void *arg)
{
	if (dev_json) {
		dev_json_line(line);
	} else {
		printf("%s\n", line);
		fflush(stdout);
	}
	if (!arg)
		cmd_log(0, "%s", line);
}

int dev_json_print(int rc)
{
	struct odm_buf *out = odm_buf_new();

	if (!out || json_nomem || vdev_report_json(out, (const char *const *)json_lines, json_n) < 0) {
		cmd_error("out of memory");
		rc = rc ? rc : CMD_EXIT_SYSTEM;
	} else {
		fwrite(odm_buf_data(out), 1, odm_buf_len(out), stdout);
	}
	odm_buf_free(out);
	for (int i = 0; i < json_n; i++)
		free(json_lines[i]);
	free(json_lines);
	json_lines = NULL;
	json_n = json_nomem = 0;
	return rc;
}
