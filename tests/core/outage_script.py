"""Run by tests/core/test_views.py in a fresh process: the database goes away behind a TCP proxy and comes
back, and the same process answers 200, then 503, then 200 again, without a restart.

DATABASE_URL points at PROXY_PORT; the proxy forwards to the real PostgreSQL at UPSTREAM_PORT.
"""

import contextlib
import os
import socket
import threading
from wsgiref.util import setup_testing_defaults

import django


class Proxy:
    """A TCP forwarder that can be cut (every connection closed, the port refused) and restored."""

    def __init__(self, port: int, upstream: int) -> None:
        self.port, self.upstream, self.sockets, self.listener = port, upstream, [], None

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.close()
        self.sockets = []

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.close()


proxy = Proxy(int(os.environ["PROXY_PORT"]), int(os.environ["UPSTREAM_PORT"]))
proxy.start()
django.setup()
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

handler = WSGIHandler()  # the real request cycle: connections are checked and closed as in production


def status_of(path: str) -> str:
    environ: dict = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    statuses = []
    body = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(body)
    body.close()  # request_finished: an unusable connection is closed here
    return statuses[0].split()[0]


statuses = [status_of("/bodies/")]
proxy.cut()
statuses.append(status_of("/bodies/"))
proxy.start()
statuses.append(status_of("/bodies/"))
print(*statuses)
