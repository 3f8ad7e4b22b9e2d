#!/usr/bin/env python3
"""receiver.py - a callback receiver for the sandbox tests.

usage: receiver.py DIR

Listens on 127.0.0.1 (a free port), prints "listening on http://127.0.0.1:PORT"
and stores each POST body as DIR/<n>.json (n = 1, 2, ...). How it answers is
read from DIR/mode at each request, so a test can change it while running:
  ack (default)  200 {"code":1,"msg":"success","data":{}}
  http500        500 with a text body
  nack           200 {"code":0,"msg":"try later"}
  notjson        200 with "OK" (not JSON)
Every request is also appended to DIR/log as "<n> <mode> <path>".
"""
import http.server
import os
import sys
import threading

DIR = sys.argv[1]
lock = threading.Lock()
count = [0]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        try:
            with open(os.path.join(DIR, "mode")) as f:
                mode = f.read().strip() or "ack"
        except OSError:
            mode = "ack"
        with lock:
            count[0] += 1
            n = count[0]
            tmp = os.path.join(DIR, "%d.tmp" % n)
            with open(tmp, "wb") as f:
                f.write(body)
            os.rename(tmp, os.path.join(DIR, "%d.json" % n))
            with open(os.path.join(DIR, "log"), "a") as f:
                f.write("%d %s %s\n" % (n, mode, self.path))
        if mode == "http500":
            status, answer, ctype = 500, b"server error", "text/plain"
        elif mode == "nack":
            status, answer, ctype = 200, b'{"code":0,"msg":"try later"}', "application/json"
        elif mode == "notjson":
            status, answer, ctype = 200, b"OK", "text/plain"
        else:
            status, answer, ctype = 200, b'{"code":1,"msg":"success","data":{}}', "application/json"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
