#!/usr/bin/env python3
"""sbreq.py - sends one signed PayCools request to paycon-sandbox (tests only).

usage: sbreq.py [options] METHOD PATH [key=value | key:=json ...]

The canonical string is built here (sorted key=value, no null or empty
values, `sign` left out, numbers as written), signed with
`openssl dgst -sha256 -sign KEY`, Base64-encoded, and the request is sent
with curl. Prints the answer body; with -i the first line is "HTTP <status>".
A connection that closes without an answer prints "NO ANSWER (curl exit N)".

Options:
  --key FILE       merchant private key (default $SB_KEY)
  --app ID         appId (default $SB_APP)
  --url URL        base URL (default $SB_URL)
  --hash NAME      sha256 (default) or sha1
  --no-sign        send without a sign field
  --tamper         change the body after signing
  --envelope       checkout style: fields go into `param`, with a timestamp
  --app-name NAME  appName of the envelope (default "Sandbox Shop")
  --raw TEXT       send TEXT as the body, unsigned
  --canonical      print the canonical string instead of sending
  -i               print the HTTP status first
"""
import base64
import json
import subprocess
import sys
import time
import urllib.parse


def fail(msg):
    sys.stderr.write("sbreq.py: %s\n" % msg)
    sys.exit(2)


def parse_args(argv):
    opts = {"key": None, "app": None, "url": None, "hash": "sha256", "sign": True,
            "tamper": False, "envelope": False, "app_name": "Sandbox Shop", "raw": None,
            "canonical": False, "status": False}
    import os
    opts["key"] = os.environ.get("SB_KEY")
    opts["app"] = os.environ.get("SB_APP")
    opts["url"] = os.environ.get("SB_URL")
    rest = []
    i = 0
    while i < len(argv):
        a = argv[i]
        takes = {"--key": "key", "--app": "app", "--url": "url", "--hash": "hash",
                 "--app-name": "app_name", "--raw": "raw"}
        if a in takes:
            i += 1
            opts[takes[a]] = argv[i]
        elif a == "--no-sign":
            opts["sign"] = False
        elif a == "--tamper":
            opts["tamper"] = True
        elif a == "--envelope":
            opts["envelope"] = True
        elif a == "--canonical":
            opts["canonical"] = True
        elif a == "-i":
            opts["status"] = True
        else:
            rest.append(a)
        i += 1
    if len(rest) < 2:
        fail("usage: sbreq.py [options] METHOD PATH [key=value|key:=json ...]")
    return opts, rest[0].upper(), rest[1], rest[2:]


def parse_fields(items):
    """[(key, kind, text)] with kind 'str' or 'raw' (JSON text as written)."""
    fields = []
    for item in items:
        eq = item.find("=")
        if eq > 1 and item[eq - 1] == ":":
            key, raw = item[:eq - 1], item[eq + 1:]
            json.loads(raw)  # must be valid JSON
            fields.append((key, "raw", raw))
        elif "=" in item:
            key, value = item.split("=", 1)
            fields.append((key, "str", value))
        else:
            fail("'%s' is not key=value or key:=json" % item)
    # A repeated key replaces the earlier value in its place.
    merged = []
    for key, kind, text in fields:
        for i, (k, _, _) in enumerate(merged):
            if k == key:
                merged[i] = (key, kind, text)
                break
        else:
            merged.append((key, kind, text))
    return merged


def canonical(fields):
    kept = []
    for key, kind, text in fields:
        if key == "sign":
            continue
        if kind == "str" and text == "":
            continue
        if kind == "raw" and text == "null":
            continue
        if kind == "raw" and text.startswith('"'):
            text = json.loads(text)
        kept.append((key.encode(), key, text))
    kept.sort(key=lambda k: k[0])
    return "&".join("%s=%s" % (k, v) for _, k, v in kept)


def sign(text, key, hashname):
    out = subprocess.run(["openssl", "dgst", "-" + hashname, "-sign", key],
                         input=text.encode(), capture_output=True)
    if out.returncode != 0:
        fail("openssl could not sign: %s" % out.stderr.decode())
    return base64.b64encode(out.stdout).decode()


def body_json(fields):
    parts = []
    for key, kind, text in fields:
        value = text if kind == "raw" else json.dumps(text, ensure_ascii=False)
        parts.append("%s:%s" % (json.dumps(key), value))
    return "{" + ",".join(parts) + "}"


def send(method, url, body):
    cmd = ["curl", "-s", "-S", "-X", method, "-w", "\n%{http_code}", "--max-time", "30"]
    if body is not None:
        cmd += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
    cmd.append(url)
    out = subprocess.run(cmd, input=(body or "").encode(), capture_output=True)
    return out.returncode, out.stdout.decode("utf-8", "replace")


def main():
    opts, method, path, items = parse_args(sys.argv[1:])
    fields = parse_fields(items)
    if opts["raw"] is not None:
        body = opts["raw"]
    else:
        if opts["envelope"]:
            if not any(k == "timestamp" for k, _, _ in fields):
                fields.append(("timestamp", "raw", str(int(time.time() * 1000))))
            inner = body_json(fields)
            fields = [("appId", "str", opts["app"]), ("appName", "str", opts["app_name"]),
                      ("param", "str", inner)]
        elif not any(k == "appId" for k, _, _ in fields):
            fields.insert(0, ("appId", "str", opts["app"]))
        text = canonical(fields)
        if opts["canonical"]:
            print(text)
            return 0
        if opts["sign"]:
            fields.append(("sign", "str", sign(text, opts["key"], opts["hash"])))
        if opts["tamper"]:
            fields.append(("remark", "str", "changed after signing"))
        body = body_json(fields)
    url = opts["url"] + path
    if method == "GET" and opts["raw"] is None:
        query = "&".join("%s=%s" % (urllib.parse.quote(k, safe=""),
                                    urllib.parse.quote(json.loads(t) if kind == "raw" and
                                                       t.startswith('"') else t, safe=""))
                         for k, kind, t in fields)
        url += "?" + query
        body = None
    rc, out = send(method, url, body)
    if rc != 0:
        print("NO ANSWER (curl exit %d)" % rc)
        return 1
    answer, _, status = out.rpartition("\n")
    if opts["status"]:
        print("HTTP " + status)
    print(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
