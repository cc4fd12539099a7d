# Shared by bin/run and bin/test: install what is missing and start the project's own services.
# Sourced, not run. Everything lives under instance/ so a project never touches another's data.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INSTANCE="$ROOT/instance"
VENV="$ROOT/.venv"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
export LOCATE_PG_PORT="${LOCATE_PG_PORT:-55432}"
export LOCATE_REDIS_PORT="${LOCATE_REDIS_PORT:-56379}"
PG_DATA="$INSTANCE/pg/data"
PG_RUN="$INSTANCE/pg/run"
APT_PACKAGES=(postgresql-15 postgresql-15-postgis-3 redis-server chromium fonts-dejavu-core)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

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
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    say "Using DATABASE_URL"
    return 0
  fi
  mkdir -p "$INSTANCE/pg"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$INSTANCE/pg"; fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in instance/pg"
    as_pg mkdir -p "$PG_DATA" "$PG_RUN"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U locate --auth-local=trust --auth-host=reject \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PG_DATA/postgresql.conf" <<CONF
# LOCATE's private cluster: unix socket only, tuned for a small machine.
listen_addresses = ''
unix_socket_directories = '$PG_RUN'
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
  as_pg mkdir -p "$PG_RUN"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    say "Starting PostgreSQL on port $LOCATE_PG_PORT (socket in instance/pg/run)"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$INSTANCE/pg/server.log" -w -t 60 start >/dev/null
  fi
  local db="${LOCATE_DB_NAME:-locate}"
  if ! as_pg psql -h "$PG_RUN" -p "$LOCATE_PG_PORT" -U locate -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    as_pg psql -h "$PG_RUN" -p "$LOCATE_PG_PORT" -U locate -d postgres -qc "CREATE DATABASE \"$db\""
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

prepare() {
  ensure_system_packages
  ensure_python
  ensure_frontend
  start_postgres
  start_redis
}
