/* endpoints.h — the one table of PayCools endpoints.
 *
 * Every endpoint of the PH v1 API with a known path, its method, path
 * (with {placeholders}) and request fields. The same table drives
 * client-side validation, the CLI's help, the sandbox's routing and the
 * docs; adding an endpoint is adding one row in endpoints.c.
 *
 * `appId` and `sign` are implicit in every request and not listed. For
 * PC_EP_PARAM_ENVELOPE endpoints (checkout) the listed fields live inside
 * the `param` JSON string and the outer body is {appId, appName, param, sign}. */
#ifndef PAYCON_ENDPOINTS_H
#define PAYCON_ENDPOINTS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "params.h"

typedef enum { PC_GET = 0, PC_POST } pc_method;

typedef enum {
	PC_FT_STRING = 0,
	PC_FT_INT,      /* JSON integer; for amounts, centavos */
	PC_FT_OBJECT,
	PC_FT_ARRAY,
} pc_ftype;

typedef enum { PC_MANDATORY = 0, PC_OPTIONAL, PC_CONDITIONAL } pc_presence;

typedef enum {
	PC_FMT_NONE = 0,
	PC_FMT_DATE,        /* yyyy-MM-dd */
	PC_FMT_DATETIME,    /* yyyy-MM-dd HH:mm:ss */
	PC_FMT_ALNUM,       /* letters and digits only */
	PC_FMT_PERSON_NAME, /* letters, spaces and ' . - */
	PC_FMT_APP_NAME,    /* letters, digits and spaces */
	PC_FMT_MOBILE_PH,   /* 09 followed by 9 digits */
	PC_FMT_EMAIL,
	PC_FMT_URL,         /* http:// or https:// */
	PC_FMT_MS_EPOCH,    /* digits: milliseconds since the epoch */
	PC_FMT_CODE_LIST,   /* comma-separated codes, each from `allowed` when set */
	PC_FMT_DIGITS,
} pc_format;

/* Field flags. */
#define PC_FF_PATH_ONLY 0x01 /* fills a {placeholder}; not sent in query/body, not signed */
#define PC_FF_MONEY     0x02 /* an amount in centavos (typed in pesos in the UI) */
#define PC_FF_SECRET    0x04 /* account numbers etc.: masked outside detail views */

typedef struct {
	const char *name;
	pc_ftype type;
	pc_presence presence;
	long long min, max;      /* string: length in characters; int: value range; 0,0 = none;
	                          * max 0 with min set = no upper bound */
	const char *allowed;     /* "A|B|C", or NULL for any */
	pc_format format;
	unsigned flags;
	/* PC_CONDITIONAL: mandatory when `when_field` has one of `when_values`
	 * ("A|B"), or — when `one_of` is set — at least one field of the same
	 * one_of group must be present. */
	const char *when_field;
	const char *when_values;
	const char *one_of;
	const char *help;        /* one line for --help and the docs */
} pc_field;

/* Endpoint flags. */
#define PC_EP_WRITES          0x01 /* creates or changes an object */
#define PC_EP_MOVES_MONEY     0x02 /* money leaves the merchant: journaled, confirmed */
#define PC_EP_PARAM_ENVELOPE  0x04 /* fields travel in a `param` JSON string */
#define PC_EP_TIMESTAMP       0x08 /* carries `timestamp` (ms), filled by the client */
#define PC_EP_PATH_GUESSED    0x10 /* path not in the public docs: see doc/decisions.md */
#define PC_EP_VARIANT_JT      0x20 /* J&T variant (jtdoc) endpoint */

typedef struct {
	const char *id;          /* "payout.create": stable, used by CLI, journal, sandbox */
	const char *title;       /* "Create Payout" */
	const char *section;     /* "3.1", numbering of docs.paycools.com.ph */
	pc_method method;
	const char *path;        /* "/api/v1/qrcode/{mchOrderId}/payments" */
	unsigned flags;
	const pc_field *fields;
	size_t nfields;
	const char *response;    /* data fields, "a, b, c" (docs, sandbox); fields of a list
	                          * inside data as "list[].f", of data itself a list as "[].f" */
} pc_endpoint;

const pc_endpoint *pc_endpoints(size_t *count);
const pc_endpoint *pc_endpoint_by_id(const char *id);
const pc_field *pc_endpoint_field(const pc_endpoint *ep, const char *name);
const char *pc_method_name(pc_method m); /* "GET" / "POST" */

/* Matches a request line to a row: method and path with placeholders
 * ("/api/v1/qrcode/ORD1/payments"). Placeholder values (URL-decoded) are
 * added to path_params when it is not NULL. The caller strips the query
 * string first: a path still carrying "?..." matches nothing. Literal
 * segments match exactly (case-sensitive); empty segments, malformed %XX
 * escapes and %00 match nothing. When two rows fit, the one with more
 * literal segments wins. */
const pc_endpoint *pc_endpoint_match(pc_method m, const char *path, pc_params *path_params);

/* Expands {placeholders} from p (values percent-encoded). Error when a
 * placeholder's value is missing or empty. malloc'd. */
char *pc_endpoint_expand_path(const pc_endpoint *ep, const pc_params *p, pc_err *err);

/* Checks p against the row before anything is sent: every mandatory and
 * triggered conditional field present and non-empty, types, lengths,
 * ranges, allowed values, formats, unknown fields. All problems are
 * reported in one message, one per line:
 *   "payout.create: 2 bad fields:\n  amount: missing (mandatory) ...\n  ..."
 * Class PC_EINPUT. appId/sign/timestamp are not checked here. */
int pc_endpoint_validate(const pc_endpoint *ep, const pc_params *p, pc_err *err);

#endif
