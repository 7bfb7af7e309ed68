/*
 * vnl-internal.h - functions of the rtnetlink layer for the tests only
 * (not exported from libvipa).
 */
#ifndef VIPA_VNL_INTERNAL_H
#define VIPA_VNL_INTERNAL_H

struct vnl;

/* How many dumps on this handle were restarted because the kernel flagged
 * them NLM_F_DUMP_INTR. */
unsigned long vnl_dump_retries(const struct vnl *nl);

#endif
