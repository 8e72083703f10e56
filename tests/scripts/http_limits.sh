#!/usr/bin/env bash
# http_limits.sh - "hazreg serve" facing hostile input on loopback: a body
# larger than the limit is refused (413) from its Content-Length before a
# byte of it is sent; a body of unknown length is cut off at the limit; a
# request head past the limit gets 431; a body that is not JSON is refused
# (415); 200 slow connections opened and held do not stop other requests;
# the per-address limit refuses connections past it; SIGTERM stops the
# server cleanly with requests in flight. Raw sockets come from python3.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/http.sh"
cd "$HR_TEST_TMP"
command -v curl >/dev/null && command -v python3 >/dev/null || {
	echo "SKIP: curl or python3 is not installed"
	exit 0
}
gen --profile demo --seed 5 --areas 20 -o d.geojson
db=$(register reg) || fail "no register"
"$HAZREG" --db "$db" import d.geojson >/dev/null || fail "import"

serve_start srv "$db" --max-body-bytes 4096 --max-header-bytes 4096 --per-ip 400 \
	--timeout 30 --access-log access.jsonl || { finish; exit 1; }
URL=$srv_url
SERVE_PID=$srv_pid
hostport=${URL#http://}

# status METHOD PATH [CURL ARGS...]: the HTTP status of one request.
status() {
	local m=$1 p=$2
	shift 2
	curl -s -o body.txt -w '%{http_code}' --max-time 20 -X "$m" "$@" "$URL$p"
}
check() { # WHAT WANT GOT
	[ "$3" = "$2" ] && ok "$1: $3" || fail "$1: got $3, want $2 ($(head -c 300 body.txt))"
}

check "landing page" 200 "$(status GET /)"
check "unknown path" 404 "$(status GET /no/such/thing)"
check "DELETE" 405 "$(status DELETE /)"
check "a form body" 415 "$(status POST /reports -H 'Content-Type: application/x-www-form-urlencoded' --data 'a=b')"
check "a multipart body" 415 "$(status POST /reports -F 'a=b')"

# Malformed JSON and GeoJSON: 400, with the reason and where.
code=$(status POST /risk/route -H 'Content-Type: application/json' --data '{"route": {"type": "LineString", "coordinates": [[36.0, 49.0], [36.1')
check "malformed JSON" 400 "$code"
grep -q '"description":".*[a-z]' body.txt && ok "malformed JSON: $(cat body.txt)" || fail "malformed JSON: no reason: $(cat body.txt)"
code=$(status POST /risk/route -H 'Content-Type: application/json' --data '{"route": {"type": "Polygon", "coordinates": []}, "width_m": 50}')
check "a route that is not a LineString" 400 "$code"
grep -q 'LineString' body.txt && ok "not a LineString: $(cat body.txt)" || fail "not a LineString: $(cat body.txt)"

# 413 from Content-Length alone: the client sends the head, then waits;
# the answer comes before any byte of the body.
python3 - "$hostport" >raw413.txt <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall(b"POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: 100000000\r\n\r\n")
print(s.recv(4096).decode("latin-1").split("\r\n")[0])
PY
grep -q '^HTTP/1.1 413' raw413.txt && ok "413 before the body: $(cat raw413.txt)" ||
	fail "413 before the body: $(cat raw413.txt)"
# A body of unknown length (chunked) past the limit.
head -c 10000 /dev/zero | tr '\0' ' ' >big.json
check "a chunked body past the limit" 413 "$(status POST /reports -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @big.json)"
check "a body with Content-Length past the limit" 413 "$(status POST /reports -H 'Content-Type: application/json' --data-binary @big.json)"

# 431: a request head past --max-header-bytes.
long=$(head -c 6000 /dev/zero | tr '\0' 'a')
code=$(status GET / -H "X-Long: $long")
check "a request head past the limit" 431 "$code"
check "still serving after it" 200 "$(status GET /)"

# 200 slow connections, each sending its head one byte now and then, held
# open while ordinary requests are answered.
python3 - "$hostport" "$URL" >slow.txt <<'PY'
import socket, subprocess, sys, time
host, port = sys.argv[1].rsplit(":", 1)
held = []
for i in range(200):
    s = socket.create_connection((host, int(port)), timeout=10)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    held.append(s)
ok = 0
for i in range(20):
    for s in held[i::20]:
        s.sendall(b"a")  # keep them alive, slowly
    r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                        "--max-time", "20", sys.argv[2] + "/"], capture_output=True, text=True)
    ok += r.stdout == "200"
print(len(held), ok)
for s in held:
    s.close()
PY
read -r nheld nok <slow.txt
[ "$nheld" = 200 ] && [ "$nok" = 20 ] &&
	ok "200 slow connections held, 20 of 20 other requests answered" ||
	fail "slow connections: $(cat slow.txt)"
serve_stop srv

# The per-address limit: past it, connections are refused or closed.
serve_start srv "$db" --per-ip 8 || { finish; exit 1; }
URL=$srv_url
SERVE_PID=$srv_pid
hostport=${URL#http://}
python3 - "$hostport" >perip.txt <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
held, refused = [], 0
for i in range(12):
    s = socket.create_connection((host, int(port)), timeout=5)
    held.append(s)
for s in held:
    s.settimeout(2)
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        refused += s.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        refused += 1
    except socket.timeout:
        pass
print(refused)
PY
[ "$(cat perip.txt)" = 4 ] && ok "--per-ip 8: the 4 connections past it were closed" ||
	fail "--per-ip 8: $(cat perip.txt) connections closed, want 4"
serve_stop srv

# SIGTERM with a request in flight: a client that sent half its body
# when the signal came still gets its whole answer, then the process
# exits 0.
serve_start srv "$db" || { finish; exit 1; }
URL=$srv_url
SERVE_PID=$srv_pid
hostport=${URL#http://}
python3 - "$hostport" "$SERVE_PID" >inflight.txt <<'PY'
import os, signal, socket, sys, time
host, port = sys.argv[1].rsplit(":", 1)
body = b'{"lon": 36.1, "lat": 49.1, "description": "in flight at SIGTERM"}'
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall(b"POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:10])
time.sleep(0.3)
os.kill(int(sys.argv[2]), signal.SIGTERM)
time.sleep(0.5)
s.sendall(body[10:])
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head, _, rest = data.partition(b"\r\n\r\n")
length = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
print(head.split(b"\r\n")[0].decode(), "complete" if length and len(rest) == length[0] else "cut off")
PY
rc=0
wait "$SERVE_PID" || rc=$?
serve_pids=${serve_pids/ $SERVE_PID/}
[ "$rc" -eq 0 ] && ok "SIGTERM with a request in flight: exit 0" || fail "SIGTERM: exit $rc"
grep -q "^HTTP/1.1 201 .* complete$" inflight.txt &&
	ok "the write in flight was acknowledged: $(cat inflight.txt)" ||
	fail "the write in flight: $(cat inflight.txt)"
# ... and what was acknowledged is in the log.
n=$(sql "$db" "SELECT count(*) FROM hr_log WHERE kind = 8")
[ "$n" = 1 ] && ok "the acknowledged report is in the log after the stop" ||
	fail "reports in the log after the stop: $n, want 1"

# The access log: one JSON line per request, with status and role.
python3 - access.jsonl <<'PY' && ok "access log: every line is JSON with status and role" || fail "access log"
import json, sys
n = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert {"time", "method", "path", "status", "bytes", "us", "role"} <= o.keys(), o
    n += 1
assert n >= 20, n
PY
finish
