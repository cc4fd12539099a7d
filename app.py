"""Entry point: `app` for WSGI servers and `flask --app app`; `python app.py` serves on $PORT."""

import os

from locate import create_app
from locate.extensions import socketio
from locate.process import freeze_start_up_objects

app = create_app()
freeze_start_up_objects()

if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    host = os.environ.get("HOST", "127.0.0.1")
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)
