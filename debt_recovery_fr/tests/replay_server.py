# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A local HTTP server that replays recorded answers of the public services (tests only)."""

import dataclasses
import pathlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from odoo.tests.common import _super_send

FIXTURES = pathlib.Path(__file__).with_name("fixtures")


def fixture(name):
    """The bytes of a recorded answer of ``fixtures/``."""
    return (FIXTURES / name).read_bytes()


@dataclass
class Reply:
    status: int = 200
    # The bytes, or a function of the ``Received`` request giving them.
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    delay: float = 0.0
    headers: dict = field(default_factory=dict)
    # Seconds between two bytes of the body: a server that drips its answer.
    drip: float = 0.0


@dataclass
class Received:
    """A request the server received: its method, path, query, headers and body."""

    method: str
    path: str
    query: dict
    headers: dict
    body: bytes


class ReplayServer:
    """``add(path, replies, q=...)``: what ``GET path`` answers, in turn (the last one repeats);
    ``q`` is the ``q`` parameter of the request, or its ``where`` (the BODACC's query).
    ``requests`` lists the ``(path, query)`` received.

    Other methods: ``add(path, replies, method="POST")``; ``received`` lists every request
    whole (``Received``), to check what a client sent."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.received = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

            def do_DELETE(self):
                self._answer("DELETE")

            def do_PATCH(self):
                self._answer("PATCH")

            def _answer(self, method):
                url = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                received = Received(method, url.path, query, dict(self.headers.items()), body)
                server.received.append(received)
                if method == "GET":
                    server.requests.append((url.path, query))
                    key = query.get("q", query.get("where"))
                else:
                    key = method
                replies = server.routes.get((url.path, key)) or server.routes.get((url.path, None))
                if method != "GET" and (url.path, key) not in server.routes:
                    replies = None
                reply = (replies.pop(0) if len(replies) > 1 else replies[0]) if replies else None
                reply = reply or Reply(404, b'{"error": "no recorded answer"}')
                if reply.delay:
                    time.sleep(reply.delay)
                if callable(reply.body):
                    # An answer that depends on the request (AR24 encrypts with its date).
                    reply = dataclasses.replace(reply, body=reply.body(received))
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if not reply.drip:
                        self.wfile.write(reply.body)
                    for index in range(len(reply.body) if reply.drip else 0):
                        self.wfile.write(reply.body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(reply.drip)
                except (BrokenPipeError, ConnectionResetError):
                    # The client gave up (time-out): nobody to answer to.
                    self.close_connection = True

            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def add(self, path, replies, q=None, method="GET"):
        key = q if method == "GET" else method
        self.routes[(path, key)] = list(replies) if isinstance(replies, list | tuple) else [replies]

    def reset(self):
        self.routes.clear()
        self.requests.clear()
        self.received.clear()


class ReplayServerCase:
    """Mixin of an Odoo test class whose web services answer from a local ``ReplayServer``
    (``cls.server``, emptied of its replies before each test): the requests to it go out,
    any other is refused by Odoo's test harness as usual."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ReplayServer().start()
        cls.addClassCleanup(cls.server.stop)

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # The replay server is local: keep the client's small time-out (Odoo raises it to 10 s).
        if urlsplit(r.url).hostname == "127.0.0.1":
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        self.server.reset()
