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
        database_url = env.get("DATABASE_URL") or _local_database_url(env)
        redis_url = env.get("REDIS_URL", "")
        values = {
            "ENV_NAME": env.get("LOCATE_ENV", "development"),
            "SECRET_KEY": _secret_key(env, production),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": 10},
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
            "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
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
            "FLAG_REPEAT_COUNT": int(env.get("LOCATE_FLAG_REPEAT_COUNT", "3")),
            "FLAG_REPEAT_DAYS": int(env.get("LOCATE_FLAG_REPEAT_DAYS", "90")),
            "FLAG_LENGTHENING_RATIO": float(env.get("LOCATE_FLAG_LENGTHENING_RATIO", "1.5")),
            "FLAG_FURTHER_RATIO": float(env.get("LOCATE_FLAG_FURTHER_RATIO", "2")),
            "FLAG_RISK_WINDOW_DAYS": int(env.get("LOCATE_FLAG_RISK_WINDOW_DAYS", "28")),
            "EVENT_CATCHUP_LIMIT": int(env.get("EVENT_CATCHUP_LIMIT", "500")),
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
            # flask-smorest / OpenAPI
            "API_TITLE": "LOCATE",
            "API_VERSION": "1",
            "OPENAPI_VERSION": "3.0.3",
            "OPENAPI_URL_PREFIX": "/api",
            "OPENAPI_JSON_PATH": "openapi.json",
        }
        return cls(values)


def _local_database_url(env: dict[str, str]) -> str:
    """The private cluster started by bin/run lives on a unix socket under instance/."""
    port = env.get("LOCATE_PG_PORT", "55432")
    name = env.get("LOCATE_DB_NAME", "locate")
    socket_dir = INSTANCE / "pg" / "run"
    return f"postgresql+psycopg2://locate@/{name}?host={socket_dir}&port={port}"


def _instance_file(name: str) -> str:
    path = INSTANCE / name
    return path.read_text().strip() if path.exists() else ""
