/* fuzz.h — what every fuzz target shares (tests/fuzz/).
 *
 * Each fuzz_<target>.c defines LLVMFuzzerTestOneInput. Built two ways:
 * with libFuzzer (`./configure --enable-fuzzing`, clang) as
 * tests/fuzz/fuzz_<target>, and in every build as
 * tests/fuzz/regress_<target>, which feeds the files named on its command
 * line (the seed corpus and every crash reproducer) through the same entry
 * point (regress_main.c). A property that does not hold aborts, so both
 * report it as a crash. */
#ifndef PAYCON_FUZZ_H
#define PAYCON_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message when a property fails. */
#define FUZZ_ASSERT(cond, what)                                                         \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz property failed at %s:%d: %s\n", __FILE__, \
			        __LINE__, what);                                        \
			abort();                                                        \
		}                                                                       \
	} while (0)

/* A NUL-terminated copy of the input (malloc'd; never NULL: aborts). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_ASSERT(s != NULL, "out of memory");
	for (size_t i = 0; i < size; i++)
		s[i] = (char)data[i];
	s[size] = '\0';
	return s;
}

#endif
