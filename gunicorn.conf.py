"""Production server: `gunicorn -c gunicorn.conf.py app:app` (what `LOCATE_SERVER=production
bin/run` starts).

One gevent worker per process: Socket.IO keeps per-connection state in the process, so a
client's long-polling requests must all reach the same one. To use more cores, run one
gunicorn per core on its own port (PORT=5001, 5002, ...) behind a proxy with sticky sessions
(nginx `ip_hash` or a cookie), all with the same REDIS_URL so events reach every process.
"""

import os
from pathlib import Path

PORT = os.environ.get("PORT", "5000")
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{PORT}"  # noqa: S104 (behind the proxy: the README)
# gunicorn >= 25.1 opens a control socket for gunicornc, by default one path per user
# ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl): a second gunicorn on the machine
# would take it over. One per checkout and port instead:
#   gunicornc -s instance/gunicorn-5000.ctl -c "show workers"
control_socket = str(Path(__file__).resolve().parent / "instance" / f"gunicorn-{PORT}.ctl")
worker_class = "gevent"
workers = 1
worker_connections = 2000  # websockets are long-lived: one per officer's phone or map
timeout = 60
graceful_timeout = 20
accesslog = "-"
raw_env = ["SOCKETIO_ASYNC_MODE=gevent"]


def post_fork(server, worker):
    # psycopg2 blocks the whole gevent loop unless it yields on I/O.
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()
