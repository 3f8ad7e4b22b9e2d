/* output.h — data on stdout, for people or for machines.
 *
 * Every string from outside is sanitised before it is printed; JSON output
 * is made terminal-safe too (json_safe.h). */
#ifndef PAYCON_OUTPUT_H
#define PAYCON_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

/* Call once at start: decides ₱ or PHP from the locale. */
void out_init(void);
bool out_utf8(void);

/* data as a readable table (objects as "key  value" lines, arrays of
 * objects as columns). Integer amounts in centavos are shown in pesos
 * unless amounts_in_pesos (statements already answer in pesos). */
void out_human(FILE *f, const cJSON *data, bool amounts_in_pesos);

/* One line of JSON (terminal-safe), newline-terminated. */
void out_json(FILE *f, const cJSON *item);

/* Writes s sanitised, no newline. */
void out_safe(FILE *f, const char *s);

#endif
