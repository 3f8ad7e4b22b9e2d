#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "paths.h"
#include "strbuf.h"
#include "version.h"

struct pc_http {
	CURL *curl;
	struct curl_slist *headers;
	char *base_url;
	double last_latency;
};

typedef struct {
	pc_strbuf text;
	int too_large;
} answer_buffer;

static size_t collect_answer(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	answer_buffer *buf = userdata;
	size_t n = size * nmemb;

	if (buf->text.len + n > PC_HTTP_MAX_ANSWER) {
		buf->too_large = 1;
		return 0; /* makes curl fail with CURLE_WRITE_ERROR */
	}
	pc_sb_put(&buf->text, ptr, n);
	return buf->text.oom ? 0 : n;
}

/* Keeps the server's Date header: `paycon doctor` compares clocks, since
 * statement requests are refused outside a two-minute window. */
static size_t collect_header(char *line, size_t size, size_t nmemb, void *userdata)
{
	size_t n = size * nmemb;
	long long *server_time = userdata;

	if (n > 5 && strncasecmp(line, "Date:", 5) == 0 && n < 128) {
		char value[128];
		time_t t;

		memcpy(value, line + 5, n - 5);
		value[n - 5] = '\0';
		t = curl_getdate(value, NULL);
		if (t > 0)
			*server_time = (long long)t;
	}
	return n;
}

/* curl calls this many times a second during a transfer; non-zero aborts it. */
static int check_cancel(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                        curl_off_t ulnow)
{
	volatile sig_atomic_t *flag = userdata;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return flag && *flag ? 1 : 0;
}

void pc_http_set_cancel(pc_http *h, volatile sig_atomic_t *flag)
{
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, check_cancel);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, (void *)flag);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, flag ? 0L : 1L);
}

static int global_init_once(pc_err *err)
{
	static int done;

	if (done)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return pc_err_set(err, PC_ETRANSPORT, "libcurl could not be initialised");
	done = 1;
	return 0;
}

static int configure_handle(pc_http *h, const pc_profile *profile)
{
	CURL *c = h->curl;
	int rc = 0;

	rc |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	rc |= curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	rc |= curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	rc |= curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	rc |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	rc |= curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	rc |= curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, profile->connect_timeout_ms);
	rc |= curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, profile->timeout_ms);
	rc |= curl_easy_setopt(c, CURLOPT_USERAGENT, "paycon/" PAYCON_VERSION);
	rc |= curl_easy_setopt(c, CURLOPT_HTTPHEADER, h->headers);
	rc |= curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_answer);
	rc |= curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_header);
	return rc ? -1 : 0;
}

pc_http *pc_http_new(const pc_profile *profile, pc_err *err)
{
	pc_http *h;

	if (pc_base_url_check(profile->base_url, profile->environment, err) < 0)
		return NULL;
	if (global_init_once(err) < 0)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		goto oom;
	h->last_latency = -1;
	h->base_url = strdup(profile->base_url);
	h->curl = curl_easy_init();
	h->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (h->headers)
		h->headers = curl_slist_append(h->headers, "Accept: application/json");
	/* No "Expect: 100-continue" round trip for large bodies. */
	if (h->headers)
		h->headers = curl_slist_append(h->headers, "Expect:");
	if (!h->base_url || !h->curl || !h->headers)
		goto oom;
	if (configure_handle(h, profile) < 0) {
		pc_http_free(h);
		pc_err_set(err, PC_ETRANSPORT, "libcurl refused an option: it may be too old (7.85 or newer is needed)");
		return NULL;
	}
	return h;
oom:
	pc_http_free(h);
	pc_err_set(err, PC_ETRANSPORT, "out of memory setting up the HTTP client");
	return NULL;
}

void pc_http_free(pc_http *h)
{
	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->headers);
	free(h->base_url);
	free(h);
}

/* Failures that happen before any request byte can reach the server. */
static int failed_before_sending(CURLcode rc, CURL *c)
{
	curl_off_t pretransfer = 0;

	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return 1;
	default:
		break;
	}
	/* A timeout during connect: the request phase never started. */
	if (curl_easy_getinfo(c, CURLINFO_PRETRANSFER_TIME_T, &pretransfer) == CURLE_OK
	    && pretransfer == 0)
		return 1;
	return 0;
}

static const char *transport_advice(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return "check base_url in the profile and this machine's DNS";
	case CURLE_COULDNT_CONNECT:
		return "nothing is listening there: check base_url, firewall, or start the sandbox (paycon sandbox up)";
	case CURLE_OPERATION_TIMEDOUT:
		return "the server did not answer in time (timeout_ms in the profile)";
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
		return "the server's TLS certificate could not be verified; paycon never turns verification off";
	case CURLE_GOT_NOTHING:
		return "the server closed the connection without answering";
	default:
		return "check the network and the server";
	}
}

int pc_http_send(pc_http *h, pc_method method, const char *path_and_query,
                 const char *body, pc_http_answer *answer, pc_sent *sent, pc_err *err)
{
	answer_buffer buf = {0};
	char *url;
	CURLcode rc;

	memset(answer, 0, sizeof(*answer));
	*sent = PC_SENT_NO;
	url = pc_strdupf("%s%s", h->base_url, path_and_query);
	if (!url)
		return pc_err_set(err, PC_ETRANSPORT, "out of memory building the URL");
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &buf);
	curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, &answer->server_time);
	if (method == PC_POST) {
		curl_easy_setopt(h->curl, CURLOPT_POST, 1L);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? strlen(body) : 0));
	} else {
		curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
	}
	rc = curl_easy_perform(h->curl);
	if (rc != CURLE_OK) {
		*sent = failed_before_sending(rc, h->curl) ? PC_SENT_NO : PC_SENT_MAYBE;
		if (buf.too_large)
			pc_err_set(err, PC_ETRANSPORT, "%s %s: the answer is larger than %u bytes; refusing it",
			           pc_method_name(method), url, PC_HTTP_MAX_ANSWER);
		else if (rc == CURLE_ABORTED_BY_CALLBACK)
			pc_err_set(err, PC_ETRANSPORT, "%s %s: cancelled with Ctrl-C%s", pc_method_name(method), url,
			           *sent == PC_SENT_MAYBE ? " after it was sent" : " before it was sent");
		else
			pc_err_set(err, PC_ETRANSPORT, "%s %s: %s: %s", pc_method_name(method), url,
			           curl_easy_strerror(rc), transport_advice(rc));
		free(buf.text.data);
		free(url);
		return -1;
	}
	free(url);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &answer->status);
	curl_easy_getinfo(h->curl, CURLINFO_TOTAL_TIME, &answer->seconds);
	answer->body = buf.text.data ? buf.text.data : strdup("");
	answer->len = buf.text.len;
	h->last_latency = answer->seconds;
	if (!answer->body)
		return pc_err_set(err, PC_ETRANSPORT, "out of memory reading the answer");
	return 0;
}

void pc_http_answer_free(pc_http_answer *a)
{
	if (!a)
		return;
	free(a->body);
	a->body = NULL;
	a->len = 0;
}

double pc_http_last_latency(const pc_http *h)
{
	return h->last_latency;
}
