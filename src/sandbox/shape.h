/* shape.h — answers checked against the endpoint table's `response`.
 *
 * The table lists each endpoint's data fields ("a, b, list[].f, [].f").
 * Every successful answer is compared with that list, so a handler cannot
 * drift from the one table; a mismatch is logged as a warning (the tests
 * fail on it). */
#ifndef PAYCON_SB_SHAPE_H
#define PAYCON_SB_SHAPE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "endpoints.h"

/* True when data has exactly the fields of ep->response (lists: every
 * element has exactly the listed element fields). why says what differs. */
bool sb_response_shape_ok(const pc_endpoint *ep, const cJSON *data, char *why, size_t size);

#endif
