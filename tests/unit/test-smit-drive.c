/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-smit-drive - drive the SMIT engine from the command line, for the
 * shell tests: open a fast path, then apply actions one by one and print
 * what the engine answers.
 *
 *   test-smit-drive [-d] [-x] [-l Log] [-s Script] FastPath [Action]...
 *
 * Actions (N = field or item number from 1, as shown):
 *   show              print the screen
 *   select N          menu: open item N
 *   done              selector: Enter
 *   back              return to the previous screen
 *   set N VALUE       type VALUE into field N
 *   step N +1|-1      ring: Tab / Shift-Tab
 *   reset N           F5
 *   list N            F4: print the list
 *   choose N K[,K..]  F4 then pick items K (from 1)
 *   help [N]          F1: the screen's help, or item/field N's
 *   cmd               F6: print the command
 *   run               Enter: run the command, print its status and output
 *   exec CMD          run CMD as a ready-made command (smit_run_command)
 * Errors print "error: MESSAGE" and the run goes on; the exit status is 1
 * if any action failed.  Without -l/-s no log or script is written, unless
 * -d keeps the engine's defaults ($HOME/smit.log, $HOME/smit.script).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "odm.h"
#include "smit.h"

#define MAXDEPTH 32

static struct smit_screen *stack[MAXDEPTH];
static int depth;
static int failed;

static void err(struct smit *smit, int rc)
{
	printf("error: %s [%s]\n", smit_errmsg(smit), smit_strerror(rc));
	failed = 1;
}

static void print_value(const char *label, const char *v)
{
	printf("%s", label);
	for (; *v; v++) {
		if (*v == '\n')
			printf("\\n");
		else
			putchar(*v);
	}
}

static void show(struct smit_screen *s)
{
	int i, n, k;

	switch (smit_screen_kind(s)) {
	case SMIT_MENU:
		printf("menu %s \"%s\"\n", smit_screen_id(s), smit_screen_title(s));
		n = smit_menu_count(s);
		for (i = 0; i < n; i++)
			printf("  %d %s -> %c %s\n", i + 1, smit_menu_text(s, i),
			       smit_menu_next_type(s, i), smit_menu_next_id(s, i));
		return;
	case SMIT_SELECTOR:
		printf("selector %s \"%s\"\n", smit_screen_id(s),
		       smit_screen_title(s));
		break;
	case SMIT_DIALOG:
		printf("dialog %s \"%s\"%s%s\n", smit_screen_id(s),
		       smit_screen_title(s), smit_screen_ask(s) ? " ask" : "",
		       smit_screen_ghost(s) ? " ghost" : "");
		break;
	}
	n = smit_field_count(s);
	for (i = 0; i < n; i++) {
		unsigned fl = smit_field_flags(s, i);

		printf("%c %d %s ", fl & SMIT_FF_REQUIRED ? '*' : ' ', i + 1,
		       smit_field_label(s, i));
		print_value(fl & SMIT_FF_EDITABLE ? "[" : "<", smit_field_value(s, i));
		printf("%s %c", fl & SMIT_FF_EDITABLE ? "]" : ">",
		       smit_field_marker(s, i));
		if (fl & SMIT_FF_RING) {
			printf(" ring(");
			for (k = 0; k < smit_field_ring_count(s, i); k++)
				printf("%s%s", k ? "|" : "", smit_field_ring_value(s, i, k));
			printf(")@%d", smit_field_ring_index(s, i));
		}
		printf("%s%s%s%s%s%s\n",
		       fl & SMIT_FF_LIST ? " list" : "",
		       fl & SMIT_FF_MULTI ? " multi" : "",
		       fl & SMIT_FF_NUMERIC ? " numeric" : "",
		       fl & SMIT_FF_HEX ? " hex" : "",
		       fl & SMIT_FF_FILE ? " file" : "",
		       fl & SMIT_FF_CHANGED ? " changed" : "");
	}
}

static void print_result(const struct smit_result *r)
{
	const char *w = smit_result_warning(r);

	printf("command: %s\n", smit_result_command(r));
	printf("ran: %d status: %d\n", smit_result_ran(r), smit_result_status(r));
	printf("stdout:\n%s", smit_result_stdout(r, NULL));
	printf("stderr:\n%s", smit_result_stderr(r, NULL));
	if (w)
		printf("warning: %s\n", w);
}

static int push(struct smit_screen *s)
{
	if (depth == MAXDEPTH) {
		smit_screen_free(s);
		printf("error: too deep\n");
		return -1;
	}
	stack[depth++] = s;
	return 0;
}

static int need(int argc, int i, int n)
{
	if (i + n >= argc) {
		fprintf(stderr, "test-smit-drive: missing argument\n");
		exit(2);
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct odm *odm = NULL;
	struct smit *smit = NULL;
	struct smit_screen *s, *next;
	const char *log = NULL, *script = NULL;
	unsigned flags = 0;
	int opt, rc, i, defaults = 0;

	while ((opt = getopt(argc, argv, "+dxl:s:")) != -1) {
		switch (opt) {
		case 'd':
			defaults = 1;
			break;
		case 'x':
			flags |= SMIT_F_NORUN;
			break;
		case 'l':
			log = optarg;
			break;
		case 's':
			script = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: test-smit-drive [-d] [-x] [-l Log] [-s Script] FastPath [Action]...\n");
		return 2;
	}
	rc = odm_open(&odm, NULL, 0);
	if (rc < 0) {
		fprintf(stderr, "test-smit-drive: %s\n", odm ? odm_errmsg(odm) : "cannot open");
		odm_close(odm);
		return 2;
	}
	rc = smit_new(&smit, odm, flags);
	if (rc < 0) {
		odm_close(odm);
		return 2;
	}
	if (!defaults || log)
		smit_set_log_file(smit, log);
	if (!defaults || script)
		smit_set_script_file(smit, script);
	rc = smit_open(smit, argv[optind], &s);
	if (rc < 0) {
		err(smit, rc);
		if (smit_last_output(smit)[0])
			printf("output:\n%s", smit_last_output(smit));
		goto out;
	}
	push(s);
	for (i = optind + 1; i < argc; i++) {
		const char *a = argv[i];
		int n = 0;

		s = stack[depth - 1];
		if (strcmp(a, "show") == 0) {
			show(s);
		} else if (strcmp(a, "select") == 0 && need(argc, i, 1)) {
			n = atoi(argv[++i]);
			printf("> select %d\n", n);
			rc = smit_menu_select(s, n - 1, &next);
			if (rc < 0)
				err(smit, rc);
			else
				push(next);
		} else if (strcmp(a, "done") == 0) {
			printf("> done\n");
			rc = smit_selector_done(s, &next);
			if (rc < 0) {
				err(smit, rc);
				if (smit_last_output(smit)[0])
					printf("output:\n%s", smit_last_output(smit));
			} else {
				push(next);
			}
		} else if (strcmp(a, "back") == 0) {
			printf("> back\n");
			if (depth > 1)
				smit_screen_free(stack[--depth]);
		} else if (strcmp(a, "set") == 0 && need(argc, i, 2)) {
			n = atoi(argv[++i]);
			a = argv[++i];
			printf("> set %d ", n);
			print_value("", a);
			printf("\n");
			rc = smit_field_set(s, n - 1, a);
			if (rc < 0)
				err(smit, rc);
		} else if (strcmp(a, "step") == 0 && need(argc, i, 2)) {
			n = atoi(argv[++i]);
			rc = smit_field_ring_step(s, n - 1, atoi(argv[++i]));
			printf("> step %d %s\n", n, argv[i]);
			if (rc < 0)
				err(smit, rc);
			else
				printf("value: %s\n", smit_field_value(s, n - 1));
		} else if (strcmp(a, "reset") == 0 && need(argc, i, 1)) {
			n = atoi(argv[++i]);
			printf("> reset %d\n", n);
			rc = smit_field_reset(s, n - 1);
			if (rc < 0)
				err(smit, rc);
		} else if ((strcmp(a, "list") == 0 || strcmp(a, "choose") == 0) &&
			   need(argc, i, strcmp(a, "choose") == 0 ? 2 : 1)) {
			struct smit_list *l;
			int k;

			n = atoi(argv[++i]);
			printf("> %s %d\n", a, n);
			rc = smit_field_list(s, n - 1, &l);
			if (rc < 0) {
				err(smit, rc);
				if (smit_last_output(smit)[0])
					printf("output:\n%s", smit_last_output(smit));
				if (strcmp(a, "choose") == 0)
					i++;
				continue;
			}
			if (strcmp(a, "list") == 0) {
				printf("list%s:\n", smit_list_multi(l) ? " (multi)" : "");
				for (k = 0; k < smit_list_count(l); k++)
					printf("  %d %s => %s\n", k + 1, smit_list_item(l, k),
					       smit_list_value(l, k));
			} else {
				int idx[64], m = 0;
				char *p = argv[++i];

				while (*p && m < 64) {
					idx[m++] = (int)strtol(p, &p, 10) - 1;
					if (*p == ',')
						p++;
				}
				rc = smit_field_choose(s, n - 1, l, idx, m);
				if (rc < 0)
					err(smit, rc);
				else
					printf("value: %s\n", smit_field_value(s, n - 1));
			}
			smit_list_free(l);
		} else if (strcmp(a, "help") == 0) {
			const char *h;

			if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9') {
				n = atoi(argv[++i]);
				h = smit_screen_kind(s) == SMIT_MENU ?
					smit_menu_help(s, n - 1) : smit_field_help(s, n - 1);
			} else {
				h = smit_screen_help(s);
			}
			printf("> help %d\n%s\n", n, h ? h : "(no help)");
		} else if (strcmp(a, "cmd") == 0) {
			const char *cmd;
			int bad;

			printf("> cmd\n");
			rc = smit_dialog_command(s, &cmd, &bad);
			if (rc < 0) {
				err(smit, rc);
				printf("field: %d\n", bad + 1);
			} else {
				print_value("command: ", cmd);
				printf("\n");
			}
		} else if (strcmp(a, "run") == 0) {
			struct smit_result *r;
			int bad;

			printf("> run\n");
			fflush(stdout);
			rc = smit_run(s, &r, &bad);
			if (rc < 0) {
				err(smit, rc);
			} else {
				print_result(r);
				smit_result_free(r);
			}
		} else if (strcmp(a, "exec") == 0 && need(argc, i, 1)) {
			struct smit_result *r;

			printf("> exec\n");
			fflush(stdout);
			rc = smit_run_command(smit, argv[++i], &r);
			if (rc < 0) {
				err(smit, rc);
			} else {
				print_result(r);
				smit_result_free(r);
			}
		} else {
			fprintf(stderr, "test-smit-drive: unknown action '%s'\n", a);
			failed = 2;
			break;
		}
	}
out:
	while (depth > 0)
		smit_screen_free(stack[--depth]);
	smit_free(smit);
	odm_close(odm);
	return failed;
}
