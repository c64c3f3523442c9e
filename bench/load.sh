#!/usr/bin/env bash
# Load test through gunicorn, as production serves: the dashboard, the member
# list and the report preview, each hit by wrk with 50 connections using the
# session of the demo user xiang (清水乡, 546 members); prints requests per
# second, p50, p99 and errors (socket errors and any answer other than 200: an
# expired session's redirect to the login page counts as an error).
#
#   bench/load.sh                 15 s per page on a throwaway PostgreSQL 15 cluster
#   DURATION=60s bench/load.sh    the issue's figure
#   BENCH_DB=sqlite bench/load.sh on SQLite
#   DATABASE_URL=postgres://… bench/load.sh   on an existing, empty or demo database
#
# Other knobs: CONNECTIONS (50), WEB_CONCURRENCY (3 workers), GUNICORN_THREADS (4),
# PORT (8132), PG_PORT (54339). Starting a cluster needs root (it runs as postgres),
# like .ci/run; wrk is the Debian package of that name.
set -euo pipefail
# APP_DIR: serve another checkout of the project (a "before" copy) with this script.
cd "${APP_DIR:-$(dirname "$0")/..}"
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-8132}
PG_PORT=${PG_PORT:-54339}
PY=.venv/bin/python
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

WORK=$(mktemp -d /tmp/dangjian-load.XXXXXX)
chmod 755 "$WORK"  # the postgres user reaches its cluster inside
PGBIN=/usr/lib/postgresql/15/bin
GUNICORN_PID=
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
  [ -d "$WORK/pg" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "${BENCH_DB:-}" = sqlite ]; then
  export DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
elif [ -z "${DATABASE_URL:-}" ]; then
  # A cluster of its own, as .ci/run starts one (fsync off: a throwaway database).
  mkdir "$WORK/pg" && chown postgres:postgres "$WORK/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres dangjian
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/dangjian"
fi

export DJANGO_SECRET_KEY="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_STATIC_ROOT="$WORK/static" DJANGO_MEDIA_ROOT="$WORK/media"
unset DJANGO_DEBUG DJANGO_HTTPS
$PY manage.py migrate --noinput -v 0
$PY manage.py seed_demo --with-report >/dev/null
$PY manage.py collectstatic --noinput -v 0

GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_ACCESSLOG=/dev/null \
  .venv/bin/gunicorn -c dangjian/gunicorn.conf.py dangjian.wsgi >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 60); do
  $PY -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/accounts/login/', timeout=2)" 2>/dev/null && break
  sleep 0.5
done
BASE="http://127.0.0.1:$PORT"
mapfile -t SESSION < <($PY .ci/smoke.py "$BASE" --session)
COOKIE=${SESSION[0]} REPORT=${SESSION[1]}

# Count every answer that is not a 200 (wrk itself only counts 4xx/5xx).
cat >"$WORK/count.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("not_ok") end
  local e = summary.errors
  io.write(string.format("BENCH %.1f %.1f %.1f %d %d\n", summary.requests / summary.duration * 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    n + e.connect + e.read + e.write + e.timeout, summary.requests))
end
LUA

# CPU seconds used by a process tree so far: live processes, plus what exited
# children (restarted workers, closed database backends) left to their parents.
cat >"$WORK/cpu.py" <<'PY'
import os, sys
hz = os.sysconf("SC_CLK_TCK")
def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[1]), [int(x) for x in fields[11:15]]  # ppid, utime stime cutime cstime
procs = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        procs[int(pid)] = stat(pid)
    except (OSError, IndexError):
        pass
total = 0
for root in map(int, sys.argv[1:]):
    tree, grew = {root}, True
    while grew:
        new = {pid for pid, (ppid, _) in procs.items() if ppid in tree} - tree
        tree |= new
        grew = bool(new)
    total += sum(sum(procs[pid][1][:2]) for pid in tree if pid in procs)
    total += sum(procs[root][1][2:]) if root in procs else 0
print(total / hz)
PY
PIDS="$GUNICORN_PID"
[ -f "$WORK/pg/data/postmaster.pid" ] && PIDS="$PIDS $(head -1 "$WORK/pg/data/postmaster.pid")"
cpu() { $PY "$WORK/cpu.py" $PIDS; }

database=$($PY -c "import os; u=os.environ['DATABASE_URL']; print(u.split(':')[0])")
echo "gunicorn: ${WEB_CONCURRENCY:-3} workers × ${GUNICORN_THREADS:-4} threads; database: $database; wrk -c$CONNECTIONS -d$DURATION"
echo "cpu ms/req: CPU time of gunicorn (and of this PostgreSQL cluster) per request, steady"
echo "  on a machine shared with other work; 2 cores ÷ that = requests/s this machine could serve alone"
printf '%-14s %8s %8s %8s %7s %9s %10s %12s\n' page "req/s" "p50 ms" "p99 ms" errors requests "cpu ms/req" "2 cores ÷ cpu"
for page in "dashboard /" "member-list /members/" "report-preview $REPORT"; do
  set -- $page
  before=$(cpu)
  result=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$WORK/count.lua" \
    -H "Cookie: $COOKIE" "$BASE$2" | grep '^BENCH')
  after=$(cpu)
  read -r _ rps p50 p99 errors requests <<<"$result"
  read -r cpu_ms capacity < <($PY -c "c = ($after - $before) * 1000 / $requests; print(f'{c:.1f} {2000 / c:.0f}')")
  printf '%-14s %8s %8s %8s %7s %9s %10s %12s\n' "$1" "$rps" "$p50" "$p99" "$errors" "$requests" "$cpu_ms" "$capacity"
done
