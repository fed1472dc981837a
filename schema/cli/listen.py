"""The listening socket ``serve`` binds before the app starts, so a taken port is a clear error.

Binding it here, rather than inside uvicorn, lets start-up say the address it really serves
(with ``--port 0``, the port the system chose) and name the flag to change when the port is
taken, instead of a log line from deep inside the server.

>>> sock = listen("127.0.0.1", 0)
>>> sock.getsockname()[1] > 0
True
>>> try:
...     listen("127.0.0.1", sock.getsockname()[1])
... except PortUnavailable as err:
...     print(str(err).split(":")[0])
cannot listen on 127.0.0.1
>>> sock.close()
"""

from __future__ import annotations

import socket

__all__ = ["PortUnavailable", "listen", "url_of"]


class PortUnavailable(Exception):
    """The address cannot be listened on; the message says which and what to do."""


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` and listening (IPv4 or IPv6, as ``host`` is)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as err:
        raise PortUnavailable(f"cannot listen on {host}: {err.strerror}; check --host") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as err:
        sock.close()
        raise PortUnavailable(
            f"cannot listen on {host}:{port}: {err.strerror}; choose another port with "
            "--port N (or ALLIANCE_GRAPH_PORT=N)"
        ) from None
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    """The ``http://`` base URL of a listening socket, as a browser on this machine would
    write it (an IPv6 address in brackets; the wildcard address as itself)."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"
