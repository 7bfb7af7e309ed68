/*
 * vipa.h - the umbrella header of libvipa: includes every public header.
 * Each concern has its own header: odm.h (the object store), vnl.h (the
 * rtnetlink layer), vdev.h (the device model and its configure methods)
 * and smit.h (the SMIT menu engine).
 */
#ifndef VIPA_VIPA_H
#define VIPA_VIPA_H

/* The package version, e.g. "0.1.0". */
const char *vipa_version(void);

#endif
