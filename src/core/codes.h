/* codes.h — what PayCools codes mean and what to do about them. */
#ifndef PAYCON_CODES_H
#define PAYCON_CODES_H

typedef struct {
	int code;
	const char *message; /* PayCools' own text */
	const char *advice;  /* one line: what the operator should do */
} pc_code_info;

/* Response codes 1000..1020 and refund codes 1501..1516; NULL if unknown. */
const pc_code_info *pc_api_code(int code);
/* failedCode values (-10000 .. -10009); NULL if unknown. */
const pc_code_info *pc_failed_code(int code);

/* Whole tables, for docs and `paycon codes`-style listings. */
const pc_code_info *pc_api_codes(int *count);
const pc_code_info *pc_failed_codes(int *count);

/* Codes after which the same request may be retried with the same ids
 * (1013 frequency limit, 1018 network failed). */
int pc_api_code_retryable(int code);

#endif
