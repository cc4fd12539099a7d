"""The floor for the realtime benchmark: a bare python-socketio server that broadcasts a
payload to every client when POST /emit is called. No database, no rooms, no auth."""

from __future__ import annotations

import json
import sys

import socketio
from aiohttp import web

sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[])
app = web.Application()
sio.attach(app)


async def emit(request: web.Request) -> web.Response:
    await sio.emit("event", json.loads(await request.text()))
    return web.Response(text="ok")


app.router.add_post("/emit", emit)

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
