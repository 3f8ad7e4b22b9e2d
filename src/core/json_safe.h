/* json_safe.h — JSON text that is safe to print on a terminal.
 *
 * cJSON escapes C0 controls but passes DEL, C1 controls, bidi overrides and
 * invalid UTF-8 straight through. Machine output (--json) goes to terminals
 * too, so these are rewritten as \uXXXX escapes (invalid bytes as \ufffd):
 * the text stays valid JSON with the same meaning for every valid input. */
#ifndef PAYCON_JSON_SAFE_H
#define PAYCON_JSON_SAFE_H

#include <cjson/cJSON.h>

/* Rewrites JSON text (from cJSON_Print*) in place into a new malloc'd string. */
char *pc_json_terminal_safe(const char *json);

/* cJSON_PrintUnformatted + pc_json_terminal_safe. malloc'd. */
char *pc_json_print_safe(const cJSON *item);

#endif
