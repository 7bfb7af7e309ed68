/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifconfig-vi - the AIX ifconfig view of Virtual IP Addresses, read from
 * the kernel; "up", "down", "detach", "alias" and "delete" change the
 * kernel only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devcmd.h"
#include "odm.h"
#include "vdev.h"

/* A VIPA the database holds has no link in the kernel. */
#define EXIT_LOST 4

static const char usage_text[] =
	"Usage: ifconfig-vi [-a | Name] [-j]\n"
	"       ifconfig-vi Name up | down | detach\n"
	"       ifconfig-vi Name [inet | inet6] Address [netmask Mask | prefixlen Length] alias\n"
	"       ifconfig-vi Name [inet | inet6] Address delete\n"
	"\n"
	"Show each Virtual IP Address device (or only Name) as the kernel has it,\n"
	"in the AIX ifconfig format.  The other forms change the kernel only, as\n"
	"AIX ifconfig does; the database keeps its values (chdev changes both)\n"
	"and the next cfgif brings the kernel back to them.\n"
	"\n"
	"  -a             show every VIPA (the default)\n"
	"  -j, --json     show one JSON document (for programs)\n"
	"  up             set the link of Name up, with its addresses\n"
	"  down           take the addresses out and set the link down\n"
	"  detach         remove the link of Name from the network stack\n"
	"  alias          add Address (a host address without netmask/prefixlen)\n"
	"  delete         delete Address; routes using it get their old source\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n";

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

/* Print the lost-VIPA lines of @lost, each as "ifconfig-vi: LINE". */
static void print_lost(const char *lost)
{
	const char *nl;

	while (*lost) {
		nl = strchr(lost, '\n');
		if (!nl)
			nl = lost + strlen(lost);
		fprintf(stderr, "%s: %.*s\n", cmd_name, (int)(nl - lost), lost);
		lost = *nl ? nl + 1 : nl;
	}
}

/*
 * Name the devices cfgif leaves alone (they break the rules a change
 * keeps), as cfgif names them: exit 2 if there is one.
 */
static int check_stored(const char *name)
{
	struct vdev *v = NULL;
	int rc = dev_open(&v, 1), n;

	if (rc)
		return rc;
	n = vdev_check(v, name);
	if (n < 0) {
		rc = dev_fail(v, n);
	} else if (n > 0) {
		dev_skipped(v);
		rc = CMD_EXIT_REFUSED;
	}
	vdev_close(v);
	return rc;
}

static int show_error(struct vdev_show *s, int rc)
{
	cmd_error("%s", vdev_show_errmsg(s));
	return cmd_exit_status(rc);
}

/* What the operands after Name ask for. */
struct action {
	const char *word;	/* up, down, detach, alias, delete; NULL: show */
	const char *family;	/* inet, inet6, or NULL */
	const char *addr, *mask;
};

/* Parse the operands after Name (@n of them at @w) into @a; on misuse
 * print why and return the exit status. */
static int parse_action(char **w, int n, struct action *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	if (n == 0)
		return 0;
	if (!strcmp(w[0], "up") || !strcmp(w[0], "down") || !strcmp(w[0], "detach")) {
		if (n > 1)
			return cmd_usage_fail("unexpected operand '%s'", w[1]);
		a->word = w[0];
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!strcmp(w[i], "alias") || !strcmp(w[i], "delete")) {
			if (a->word)
				return cmd_usage_fail("'%s' and '%s' cannot be used together", a->word, w[i]);
			a->word = w[i];
		} else if (!strcmp(w[i], "inet") || !strcmp(w[i], "inet6")) {
			if (a->family || a->addr)
				return cmd_usage_fail("'%s' must come once, before the address", w[i]);
			a->family = w[i];
		} else if (!strcmp(w[i], "netmask") || !strcmp(w[i], "prefixlen")) {
			if (i + 1 == n)
				return cmd_usage_fail("'%s' needs a value", w[i]);
			if (a->mask)
				return cmd_usage_fail("one netmask or prefixlen only");
			if (!strcmp(w[i], "netmask") && a->family && !strcmp(a->family, "inet6"))
				return cmd_usage_fail("an inet6 address takes prefixlen, not netmask");
			a->mask = w[++i];
		} else if (!strcmp(w[i], "up") || !strcmp(w[i], "down") || !strcmp(w[i], "detach")) {
			return cmd_usage_fail("'%s' takes no address", w[i]);
		} else if (!a->addr) {
			a->addr = w[i];
		} else {
			return cmd_usage_fail("unexpected operand '%s'", w[i]);
		}
	}
	if (!a->word) {
		if (n == 1 && !strpbrk(w[0], ".:"))
			return cmd_usage_fail("unknown action '%s' (use up, down, detach, alias or "
					      "delete)", w[0]);
		return cmd_usage_fail("an address needs 'alias' or 'delete' (the VIPA's own "
				      "address changes with chdev -a netaddr=)");
	}
	if (!a->addr)
		return cmd_usage_fail("'%s' needs an address", a->word);
	if (a->mask && !strcmp(a->word, "delete"))
		return cmd_usage_fail("'delete' takes the address alone");
	if (a->family && (strchr(a->addr, ':') != NULL) != !strcmp(a->family, "inet6"))
		return cmd_usage_fail("'%s' is no %s address", a->addr, a->family);
	return 0;
}

int main(int argc, char **argv)
{
	struct vdev_show *s = NULL;
	struct odm *odm = NULL;
	struct odm_buf *out = NULL, *lost = NULL;
	const char *name = NULL;
	struct action act;
	int c, all = 0, json = 0, rc, shown = 0;

	cmd_init(argc, argv);
	while ((c = getopt_long(argc, argv, "aj" CMD_COMMON_OPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		default:
			cmd_common_option(c, usage_text);
		}
	}
	if (optind < argc)
		name = argv[optind++];
	if (all && name) {
		if (!strcmp(name, "up") || !strcmp(name, "down") || !strcmp(name, "detach"))
			return cmd_usage_fail("'%s' needs a device name, not -a", name);
		return cmd_usage_fail("-a cannot be used with a device name ('%s')", name);
	}
	rc = parse_action(argv + optind, argc - optind, &act);
	if (rc)
		return rc;
	if (act.word && json)
		return cmd_usage_fail("--json shows; it cannot be used with '%s'", act.word);

	/*
	 * The actions change the kernel only, as AIX ifconfig does: down
	 * gives the routes their own sources back and takes the addresses
	 * out, up puts them back, detach removes the link, alias and delete
	 * one address; the next cfgif restores what the database says.  A
	 * VIPA with no link is refused in the words of the report (lost,
	 * detached ...).
	 */
	if (act.word) {
		struct vdev *v = NULL;

		rc = dev_open(&v, 0);
		if (rc == 0) {
			int r;

			if (!strcmp(act.word, "detach"))
				r = vdev_ifconfig_detach(v, name);
			else if (!strcmp(act.word, "alias") || !strcmp(act.word, "delete"))
				r = vdev_ifconfig_addr(v, name, act.addr, act.mask,
						       !strcmp(act.word, "delete"));
			else
				r = vdev_ifconfig_set(v, name, !strcmp(act.word, "up"));
			if (r >= 0 && act.addr)
				cmd_log(1, "%s: address %s %s in the kernel", name, act.addr,
					!strcmp(act.word, "alias") ? "added" : "deleted");
			else if (r >= 0)
				cmd_log(1, "%s: link %s in the kernel", name,
					!strcmp(act.word, "detach") ? "detached" :
					!strcmp(act.word, "up") ? "set up" : "set down");
			rc = dev_done(v, r, NULL, NULL);
		}
		return cmd_close_stdout(rc);
	}

	rc = dev_show_open(&odm, &s, &out);
	if (rc)
		goto done;
	if (json)
		vdev_show_set_format(s, VDEV_SHOW_JSON);
	lost = odm_buf_new();
	if (!lost) {
		cmd_error("out of memory");
		rc = CMD_EXIT_SYSTEM;
		goto done;
	}
	rc = vdev_ifconfig(s, NULL, name, out, lost);
	if (rc < 0) {
		rc = show_error(s, rc);
		goto done;
	}
	rc = dev_show_print(out, rc > 0 ? EXIT_LOST : CMD_EXIT_OK);
	print_lost(odm_buf_data(lost));
	shown = 1;
done:
	odm_buf_free(lost);
	dev_show_close(odm, s, out);
	if (shown && (rc == CMD_EXIT_OK || rc == EXIT_LOST)) {
		int st = check_stored(name);

		if (rc == CMD_EXIT_OK)
			rc = st;
	}
	return rc;
}
