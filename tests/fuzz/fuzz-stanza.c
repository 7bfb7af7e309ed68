/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-stanza.c - libFuzzer target for the stanza reader.
 *
 * Any input is either refused with ODM_E_STANZA and a "name:line: reason"
 * message, or parsed into stanzas whose values, written back by the
 * stanza writer and read again, come back byte for byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct odm *odm;
static struct odm_class *cls;
static struct odm_obj *obj;
static struct odm_buf *buf;

static int again_cb(const struct odm_stanza *st, void *arg)
{
	const char *want = arg;

	if (strcmp(st->class_name, "F") != 0 || st->npairs != 1 ||
	    strcmp(st->names[0], "v") != 0 || strcmp(st->values[0], want) != 0 ||
	    !st->quoted[0])
		abort();
	return 0;
}

static int stanza_cb(const struct odm_stanza *st, void *arg)
{
	(void)arg;
	if (!odm_is_ident(st->class_name) || st->line < 1)
		abort();
	for (int i = 0; i < st->npairs; i++) {
		if (!odm_is_ident(st->names[i]) || st->lines[i] <= st->line)
			abort();
		/* round trip the value through the writer */
		if (odm_obj_set(odm, obj, "v", st->values[i]) < 0)
			abort();
		odm_buf_reset(buf);
		if (odm_stanza_write(buf, obj) < 0 ||
		    odm_stanza_parse(odm_buf_data(buf), odm_buf_len(buf), "again",
				     again_cb, (void *)st->values[i], NULL, 0) != 0)
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	int rc;

	if (!odm) {
		const char *def = "class F { longchar v[1000000]; };";
		odm = odm_handle_new();
		buf = odm_buf_new();
		if (!odm || !buf || odm_class_parse(odm, def, strlen(def), "f", NULL, &cls) < 0 ||
		    !(obj = odm_obj_new(cls)))
			abort();
	}
	rc = odm_stanza_parse((const char *)data, size, "fuzz", stanza_cb, NULL,
			      err, sizeof(err));
	if (rc < 0 && (rc != -ODM_E_STANZA || strncmp(err, "fuzz:", 5) != 0))
		abort();
	return 0;
}
