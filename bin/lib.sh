# Shared by bin/run and bin/test: install what is missing and start the project's own services.
# Sourced, not run. Everything lives under instance/ so a project never touches another's data.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INSTANCE="$ROOT/instance"
# LOCATE_VENV and LOCATE_SKIP_FRONTEND exist for tests/integration/test_checkout_anywhere.py,
# which prepares a second checkout cheaply; bin/run and bin/test use neither.
VENV="${LOCATE_VENV:-$ROOT/.venv}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
export LOCATE_PG_PORT="${LOCATE_PG_PORT:-55432}"
export LOCATE_REDIS_PORT="${LOCATE_REDIS_PORT:-56379}"
# Where root keeps clusters of checkouts the postgres user cannot enter (see pg_home).
PG_OUTSIDE="${LOCATE_PG_OUTSIDE:-/var/lib/locate}"
UNIX_SOCKET_MAX=107  # bytes in a unix socket path (sun_path), terminator excluded
APT_PACKAGES=(postgresql-15 postgresql-15-postgis-3 redis-server chromium fonts-dejavu-core)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
stop_with() { printf '\033[1;31m==> %s\033[0m\n' "$*" >&2; exit 1; }

# What would fail half-way is said first, in one sentence with the fix, before anything runs.
preflight() {
  [ -w "$ROOT" ] || stop_with "LOCATE cannot write to $ROOT (it keeps .venv and instance/ there): clone it into a directory you own, e.g. git clone <url> ~/locate."
  if [ -z "${DATABASE_URL:-}" ] && [ "$(id -u)" -ne 0 ]; then
    local socket="$INSTANCE/pg/run/.s.PGSQL.$LOCATE_PG_PORT"
    [ "${#socket}" -le "$UNIX_SOCKET_MAX" ] || stop_with "The checkout's path is too long for PostgreSQL's socket ($socket is ${#socket} bytes, at most $UNIX_SOCKET_MAX): clone LOCATE into a shorter path, or set DATABASE_URL to a PostgreSQL of your own."
  fi
  return 0
}

need_apt() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v node >/dev/null || missing+=(nodejs npm)
  printf '%s\n' "${missing[@]}"
}

ensure_system_packages() {
  local missing
  missing=$(need_apt | xargs)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "Missing system packages: $missing"
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES[*]}" >&2
    exit 1
  fi
  say "Installing system packages: ${APT_PACKAGES[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
  command -v node >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
}

stamp_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

ensure_python() {
  local stamp
  stamp=$(stamp_of "$ROOT/pyproject.toml" "$ROOT/constraints.txt")
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the Python virtual environment in .venv"
    python3 -m venv "$VENV"
  fi
  if [ "$(cat "$VENV/.locate-stamp" 2>/dev/null)" != "$stamp" ]; then
    say "Installing Python packages (pinned by constraints.txt)"
    "$VENV/bin/pip" install -q --upgrade pip >/dev/null
    "$VENV/bin/pip" install -q -c "$ROOT/constraints.txt" -e "$ROOT[test]"
    echo "$stamp" > "$VENV/.locate-stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

ensure_frontend() {
  [ "${LOCATE_SKIP_FRONTEND:-}" = 1 ] && return 0
  local stamp
  stamp=$(stamp_of "$ROOT/package-lock.json")
  if [ ! -d "$ROOT/node_modules" ] || [ "$(cat "$ROOT/node_modules/.locate-stamp" 2>/dev/null)" != "$stamp" ]; then
    say "Installing front-end packages from package-lock.json"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$stamp" > "$ROOT/node_modules/.locate-stamp"
  fi
  say "Building front-end bundles"
  (cd "$ROOT" && npm run --silent build)
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' system
# user (created by the Debian package); otherwise to whoever runs this.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The cluster's directory (data/, run/ for the socket, server.log), set in PG_HOME. Normally
# instance/pg. As root, the postgres user must reach it: when the checkout is somewhere postgres
# cannot enter (root's home is 0700) or its path is too long for a socket, the cluster lives in
# /var/lib/locate/<hash of the checkout's path>/pg and instance/pg is a link to it (kept if
# the checkout moves). Never opens the user's directories to anyone.
pg_home() {
  if [ "$(id -u)" -ne 0 ]; then PG_HOME="$INSTANCE/pg"; return 0; fi
  if [ -L "$INSTANCE/pg" ]; then PG_HOME="$(readlink -f "$INSTANCE/pg")"; return 0; fi
  local socket="$INSTANCE/pg/run/.s.PGSQL.$LOCATE_PG_PORT"
  if [ -d "$INSTANCE/pg/data" ] || { runuser -u postgres -- test -x "$ROOT" 2>/dev/null \
      && [ "${#socket}" -le "$UNIX_SOCKET_MAX" ]; }; then
    PG_HOME="$INSTANCE/pg"
    return 0
  fi
  PG_HOME="$PG_OUTSIDE/$(printf '%s' "$ROOT" | sha256sum | cut -c1-16)/pg"
  say "postgres cannot use $INSTANCE/pg: the cluster lives in $PG_HOME (instance/pg links to it)"
  mkdir -p "$PG_HOME"
  chmod 0755 "$PG_OUTSIDE" "$(dirname "$PG_HOME")"
  if [ -e "$INSTANCE/pg" ]; then
    rmdir "$INSTANCE/pg" 2>/dev/null || stop_with "instance/pg holds files but no cluster: move it away (mv instance/pg instance/pg.old) and run this again."
  fi
  ln -s "$PG_HOME" "$INSTANCE/pg"
}

start_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    say "Using DATABASE_URL"
    return 0
  fi
  mkdir -p "$INSTANCE"
  pg_home
  local data="$PG_HOME/data" run="$PG_HOME/run"
  mkdir -p "$PG_HOME"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_HOME"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in instance/pg"
    as_pg mkdir -p "$data" "$run"
    # 'locate' is the cluster's superuser: it only creates roles and databases. The app and
    # the migrations get roles of their own (locate/security/database_roles.py).
    as_pg "$PG_BIN/initdb" -D "$data" -U locate --auth-local=trust --auth-host=reject \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$data/postgresql.conf" <<CONF
# LOCATE's private cluster: unix socket only, tuned for a small machine.
listen_addresses = ''
unix_socket_directories = '$run'
unix_socket_permissions = 0770
port = $LOCATE_PG_PORT
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 512MB
max_connections = 200
max_wal_size = 4GB
checkpoint_timeout = 15min
CONF
  fi
  as_pg mkdir -p "$run"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "Starting PostgreSQL on port $LOCATE_PG_PORT (socket in instance/pg/run)"
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$PG_HOME/server.log" -w -t 60 start >/dev/null
  fi
  # Roles locate_owner (owns the tables, runs migrations) and locate_app (what the app connects
  # as: rows only), and the database owned by locate_owner with PostGIS.
  (cd "$ROOT" && "$VENV/bin/python" -m locate.security.database_roles)
}

stop_postgres() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  [ -f "$INSTANCE/pg/data/PG_VERSION" ] || return 0
  local data
  data="$(readlink -f "$INSTANCE/pg")/data"
  if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "Stopping PostgreSQL (instance/pg)"
    as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
}

start_redis() {
  if [ -n "${REDIS_URL:-}" ]; then return 0; fi
  mkdir -p "$INSTANCE/redis"
  export REDIS_URL="redis://127.0.0.1:$LOCATE_REDIS_PORT/0"
  if ! redis-cli -p "$LOCATE_REDIS_PORT" ping >/dev/null 2>&1; then
    say "Starting Redis on 127.0.0.1:$LOCATE_REDIS_PORT"
    redis-server --port "$LOCATE_REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
      --dir "$INSTANCE/redis" --save "" --appendonly no \
      --logfile "$INSTANCE/redis/redis.log" --pidfile "$INSTANCE/redis/redis.pid" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$LOCATE_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
}

stop_redis() {
  [ -n "${REDIS_URL:-}" ] && return 0
  if redis-cli -p "$LOCATE_REDIS_PORT" ping >/dev/null 2>&1; then
    say "Stopping Redis on 127.0.0.1:$LOCATE_REDIS_PORT"
    redis-cli -p "$LOCATE_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
}

# The review clocks bin/run started (one pid file each): only processes that still are a
# `flask --app app clock`, so a pid reused by something else since is never signalled.
stop_clock() {
  local file pid
  for file in "$INSTANCE"/clock-*.pid; do
    [ -f "$file" ] || continue
    pid="$(cat "$file")"
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--app app clock"; then
      say "Stopping the review clock (process $pid)"
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
  done
}

prepare() {
  preflight
  ensure_system_packages
  ensure_python
  ensure_frontend
  start_postgres
  start_redis
}
