"""Production server: `gunicorn -c gunicorn.conf.py app:app` (what `LOCATE_SERVER=production
bin/run` starts).

One gevent worker per process: Socket.IO keeps per-connection state in the process, so a
client's long-polling requests must all reach the same one. To use more cores, run one
gunicorn per core on its own port (PORT=5001, 5002, ...) behind a proxy with sticky sessions
(nginx `ip_hash` or a cookie), all with the same REDIS_URL so events reach every process.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '5000')}"
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
