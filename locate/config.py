"""Configuration: the one place that reads environment variables."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# Risk review intervals are force policy, not law: the APP sets none nationally, so each force
# configures its own. These defaults (minutes) are a starting point a force replaces with
# LOCATE_REVIEW_MINUTES="high=60,medium=240,low=720,no_apparent_risk=1440".
DEFAULT_REVIEW_MINUTES = {"high": 60, "medium": 240, "low": 720, "no_apparent_risk": 1440}


def _review_minutes(raw: str | None) -> dict[str, int]:
    minutes = dict(DEFAULT_REVIEW_MINUTES)
    if raw:
        for part in raw.split(","):
            grade, _, value = part.partition("=")
            grade = grade.strip()
            if grade not in minutes:
                raise ValueError(f"LOCATE_REVIEW_MINUTES: unknown grade {grade!r}")
            minutes[grade] = int(value)
    return minutes


def _secret_key(env: dict[str, str], production: bool) -> str:
    if env.get("SECRET_KEY"):
        return env["SECRET_KEY"]
    if production:
        raise RuntimeError("SECRET_KEY must be set in production")
    # Development: one random key kept under instance/ so sessions survive a restart.
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass
class Settings:
    """Everything the app needs from its environment, as plain Flask config keys."""

    values: dict = field(default_factory=dict)

    @staticmethod
    def root() -> Path:
        return ROOT

    @staticmethod
    def instance_dir() -> Path:
        return INSTANCE

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        production = env.get("LOCATE_ENV", "development") == "production"
        testing = env.get("LOCATE_ENV") == "test"
        databases = database_urls(env)
        redis_url = env.get("REDIS_URL", "")
        values = {
            "ENV_NAME": env.get("LOCATE_ENV", "development"),
            "SECRET_KEY": _secret_key(env, production),
            # The app runs as a role that may only read and write rows (no DDL, no superuser,
            # INSERT and SELECT only on the audit log); migrations run as the tables' owner.
            "SQLALCHEMY_DATABASE_URI": databases.app,
            "MIGRATION_DATABASE_URI": databases.owner,
            # JIT off: PostGIS functions carry high costs, so the planner JIT-compiles
            # ordinary statements and spends seconds compiling what runs in milliseconds
            # (measured: 2.9 s of a 5.2 s hot-spot count; docs/decisions.md).
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": 10,
                                          "connect_args": {"options": "-c jit=off"}},
            "SQLALCHEMY_TRACK_MODIFICATIONS": False,
            "SESSION_COOKIE_SECURE": production or env.get("SESSION_COOKIE_SECURE") == "1",
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "REMEMBER_COOKIE_SECURE": production,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "PERMANENT_SESSION_LIFETIME": int(env.get("SESSION_HOURS", "12")) * 3600,
            "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
            "WTF_CSRF_SSL_STRICT": production,
            "REDIS_URL": redis_url,
            # Socket.IO message queue: several processes share events through it.
            "SOCKETIO_MESSAGE_QUEUE": env.get("SOCKETIO_MESSAGE_QUEUE", redis_url) or None,
            "RATELIMIT_STORAGE_URI": redis_url or "memory://",
            "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1") == "1",
            # --- Sessions and sign-in limits (docs/decisions.md "Sessions") ---
            # Redis away: count in this process's memory (the limiter logs the switch) rather
            # than answer 500; a short timeout so a dead Redis host does not hang sign-in.
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
            "RATELIMIT_SWALLOW_ERRORS": True,
            "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            # Failed sign-ins per network address (successes never count): high enough for a
            # station where a whole shift signs in from one address.
            "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "200 per hour"),
            # Per account: this many failures within the window lock it for the lockout.
            "SIGN_IN_MAX_FAILURES": int(env.get("SIGN_IN_MAX_FAILURES", "10")),
            "SIGN_IN_FAILURE_WINDOW_MINUTES": int(env.get("SIGN_IN_FAILURE_WINDOW_MINUTES", "15")),
            "SIGN_IN_LOCKOUT_MINUTES": int(env.get("SIGN_IN_LOCKOUT_MINUTES", "15")),
            # A session's last-seen time and address are written at most this often.
            "SESSION_TOUCH_SECONDS": int(env.get("SESSION_TOUCH_SECONDS", "300")),
            # Each process closes sockets of ended sessions it missed (Redis away) this often.
            "SESSION_SWEEP_SECONDS": int(env.get("SESSION_SWEEP_SECONDS", "30")),
            "TILE_URL": env.get("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
            "TILE_ATTRIBUTION": env.get(
                "TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors"
            ),
            # Episode references read <prefix>-<year>-<number>, as the force's own system does.
            "FORCE_REFERENCE_PREFIX": env.get("FORCE_REFERENCE_PREFIX", "WY"),
            "DISPLAY_TIMEZONE": env.get("DISPLAY_TIMEZONE", "Europe/London"),
            "REVIEW_MINUTES": _review_minutes(env.get("LOCATE_REVIEW_MINUTES")),
            # A carer's report is graded by police within this many minutes.
            "PARTNER_REPORT_REVIEW_MINUTES": int(env.get("PARTNER_REPORT_REVIEW_MINUTES", "30")),
            "VAPID_PRIVATE_KEY": env.get("VAPID_PRIVATE_KEY") or _instance_file("vapid_private.pem"),
            "VAPID_PUBLIC_KEY": env.get("VAPID_PUBLIC_KEY") or _instance_file("vapid_public.txt"),
            "VAPID_SUBJECT": env.get("VAPID_SUBJECT", "mailto:locate-admin@example.invalid"),
            # Officers working an episode within this distance of a new sighting get a push.
            "SIGHTING_NEAR_METRES": float(env.get("SIGHTING_NEAR_METRES", "2000")),
            # The coordinator's desk (locate/analysis/): distance rings from a force's own
            # cumulative table "km=share,..." with its source (else Grampian 2007), the
            # clustering radius, the ranking's recency and the pattern flags' thresholds.
            "DISTANCE_TABLE": env.get("LOCATE_DISTANCE_TABLE", ""),
            "DISTANCE_TABLE_SOURCE": env.get("LOCATE_DISTANCE_TABLE_SOURCE", ""),
            "CLUSTER_RADIUS_M": float(env.get("LOCATE_CLUSTER_RADIUS_M", "150")),
            # Metres for ST_ClusterDBSCAN: British National Grid for a force in Great Britain.
            "METRIC_SRID": int(env.get("LOCATE_METRIC_SRID", "27700")),
            "RANKING_HALF_LIFE_DAYS": float(env.get("LOCATE_RANKING_HALF_LIFE_DAYS", "180")),
            "RANKING_RECENCY_FLOOR": float(env.get("LOCATE_RANKING_RECENCY_FLOOR", "0.2")),
            "RANKING_LAST_SEEN_RADIUS_M": float(env.get("LOCATE_RANKING_LAST_SEEN_RADIUS_M",
                                                        "250")),
            "RANKING_LAST_SEEN_WEIGHT": float(env.get("LOCATE_RANKING_LAST_SEEN_WEIGHT", "0.5")),
            "FLAG_REPEAT_COUNT": int(env.get("LOCATE_FLAG_REPEAT_COUNT", "3")),
            "FLAG_REPEAT_DAYS": int(env.get("LOCATE_FLAG_REPEAT_DAYS", "90")),
            "FLAG_LENGTHENING_RATIO": float(env.get("LOCATE_FLAG_LENGTHENING_RATIO", "1.5")),
            "FLAG_FURTHER_RATIO": float(env.get("LOCATE_FLAG_FURTHER_RATIO", "2")),
            "FLAG_RISK_WINDOW_DAYS": int(env.get("LOCATE_FLAG_RISK_WINDOW_DAYS", "28")),
            "EVENT_CATCHUP_LIMIT": int(env.get("EVENT_CATCHUP_LIMIT", "500")),
            # A connected client catches up this often even when nothing seems wrong: live
            # delivery is best effort (Redis away, a process killed after commit), catch-up
            # from the snapshot is what guarantees nothing is missed.
            "EVENT_RESYNC_SECONDS": int(env.get("EVENT_RESYNC_SECONDS", "5")),
            "MAX_CONTENT_LENGTH": int(env.get("MAX_UPLOAD_BYTES", str(8 * 1024 * 1024))),
            "PHOTO_MAX_BYTES": int(env.get("PHOTO_MAX_BYTES", str(5 * 1024 * 1024))),
            "UPLOAD_RATE_LIMIT": env.get("UPLOAD_RATE_LIMIT", "30 per minute;300 per hour"),
            "FORCE_HTTPS": production and env.get("FORCE_HTTPS", "1") == "1",
            "TESTING": testing,
            # Threads by default (dev server, tests); gunicorn.conf.py sets gevent. Never let
            # Flask-SocketIO guess: it would pick gevent without the monkey patching it needs.
            "SOCKETIO_ASYNC_MODE": env.get("SOCKETIO_ASYNC_MODE") or "threading",
            "PROPAGATE_EXCEPTIONS": testing or None,
            # Compression for what a phone downloads most: code, styles and map data. Never
            # HTML: pages carry the CSRF token beside text a user typed (BREACH).
            "COMPRESS_MIMETYPES": ["application/javascript", "text/javascript", "text/css",
                                   "application/json", "application/geo+json",
                                   "application/manifest+json", "image/svg+xml"],
            "COMPRESS_ALGORITHM": ["br", "gzip"],
            "COMPRESS_MIN_SIZE": 1024,
            # --- The review clock (locate/clock/, README "The review clock") ---
            # A review overdue this much longer is told to the duty inspector too.
            "REVIEW_ESCALATE_MINUTES": int(env.get("REVIEW_ESCALATE_MINUTES", "30")),
            # A high-risk episode without the duty inspector's acknowledgement is chased this often.
            "HIGH_RISK_CHASE_MINUTES": int(env.get("HIGH_RISK_CHASE_MINUTES", "15")),
            # How often `flask clock` looks for what fell due.
            "CLOCK_TICK_SECONDS": int(env.get("CLOCK_TICK_SECONDS", "30")),
            # --- Escalations and return home interviews (issue 10, c5) ---
            # A carer's escalation not decided by the duty inspector within this many minutes
            # goes up to a senior officer; a referred return home interview is due this many
            # hours after the child was found (72 in the statutory guidance) and chased after.
            "ESCALATION_DECIDE_MINUTES": int(env.get("ESCALATION_DECIDE_MINUTES", "60")),
            "RHI_DUE_HOURS": int(env.get("RHI_DUE_HOURS", "72")),
            # --- Carers keep the Philomena profile (issue 10) ---
            # A profile whose photo is older than this, or that nobody confirmed (or saved) for
            # this long, is flagged on the carer's list: days, force settings.
            "PROFILE_PHOTO_MAX_DAYS": int(env.get("PROFILE_PHOTO_MAX_DAYS", "90")),
            "PROFILE_CONFIRM_MAX_DAYS": int(env.get("PROFILE_CONFIRM_MAX_DAYS", "90")),
            # flask-smorest / OpenAPI
            "API_TITLE": "LOCATE",
            "API_VERSION": "1",
            "OPENAPI_VERSION": "3.0.3",
            "OPENAPI_URL_PREFIX": "/api",
            "OPENAPI_JSON_PATH": "openapi.json",
            # Issue 10, the duty inspector's desk: "new episodes" are those reported within
            # this many hours (a shift).
            "INSPECTOR_DESK_NEW_HOURS": int(env.get("LOCATE_INSPECTOR_DESK_NEW_HOURS", "12")),
            # Issue 10, grading: a place of this child within this many metres of another
            # missing child's place or found point is shown at grading as linked.
            "LINKED_PLACE_METRES": float(env.get("LOCATE_LINKED_PLACE_METRES", "100")),
            # --- why a record was opened (DPA 2018 s.62): a reason a viewer gave for a child
            # holds this long (the photo, the live re-fetches of the same consultation).
            "ACCESS_REASON_MINUTES": int(env.get("ACCESS_REASON_MINUTES", "30")),
        }
        return cls(values)


# Roles of the private cluster bin/run and bin/test start (a real server names its own in the
# URLs): the superuser made by initdb only creates databases and roles.
PRIVATE_ADMIN_ROLE = "locate"
PRIVATE_OWNER_ROLE = "locate_owner"
PRIVATE_APP_ROLE = "locate_app"
# psycopg2 is the driver LOCATE ships (and psycogreen patches for gevent). SQLAlchemy 2.1 maps a
# bare postgresql:// to psycopg 3 and refuses postgres://, the forms hosting services hand out.
DATABASE_DRIVER = "postgresql+psycopg2"
ACCEPTED_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg2")


@dataclass(frozen=True)
class DatabaseUrls:
    """app: what the running app uses; owner: what migrations and bulk loads use; admin: a
    role that may create databases (tests and benchmarks make throw-away ones), or None."""

    app: str
    owner: str
    admin: str | None


def normalise_database_url(url: str, variable: str = "DATABASE_URL") -> str:
    """postgresql://, postgres:// and postgresql+psycopg2:// all mean psycopg2; anything
    else is refused by name rather than failing later on a missing module."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ACCEPTED_SCHEMES:
        raise ValueError(f"{variable} must start with postgresql://, postgres:// or "
                         f"postgresql+psycopg2:// (LOCATE uses the psycopg2 driver), not "
                         f"{scheme + sep if sep else url!r}")
    return f"{DATABASE_DRIVER}://{rest}"


def database_urls(env: dict[str, str] | None = None) -> DatabaseUrls:
    """DATABASE_URL (the app), MIGRATION_DATABASE_URL (the owner; DATABASE_URL when unset) and
    DATABASE_ADMIN_URL; without DATABASE_URL, the private cluster's three roles."""
    env = dict(os.environ if env is None else env)
    if env.get("DATABASE_URL"):
        app = normalise_database_url(env["DATABASE_URL"])
        owner = env.get("MIGRATION_DATABASE_URL")
        admin = env.get("DATABASE_ADMIN_URL")
        return DatabaseUrls(
            app=app,
            owner=normalise_database_url(owner, "MIGRATION_DATABASE_URL") if owner else app,
            admin=normalise_database_url(admin, "DATABASE_ADMIN_URL") if admin else None)
    return DatabaseUrls(app=_local_database_url(env, PRIVATE_APP_ROLE),
                        owner=_local_database_url(env, PRIVATE_OWNER_ROLE),
                        admin=_local_database_url(env, PRIVATE_ADMIN_ROLE))


def _local_database_url(env: dict[str, str], role: str) -> str:
    """The private cluster started by bin/run lives on a unix socket under instance/ (as root,
    instance/pg is a link to where the postgres user can reach it: see bin/lib.sh)."""
    port = env.get("LOCATE_PG_PORT", "55432")
    name = env.get("LOCATE_DB_NAME", "locate")
    socket_dir = (INSTANCE / "pg").resolve() / "run"  # the short path, when it is a link
    return f"{DATABASE_DRIVER}://{role}@/{name}?host={socket_dir}&port={port}"


def _instance_file(name: str) -> str:
    path = INSTANCE / name
    return path.read_text().strip() if path.exists() else ""
