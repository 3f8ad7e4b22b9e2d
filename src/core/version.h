/* version.h — one place for the version string (PACKAGE_VERSION comes from
 * configure's DEFS; there is no generated header). */
#ifndef PAYCON_VERSION_H
#define PAYCON_VERSION_H

#ifdef PACKAGE_VERSION
#define PAYCON_VERSION PACKAGE_VERSION
#else
#define PAYCON_VERSION "0.1.0"
#endif

#endif
