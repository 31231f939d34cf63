"""HTTP GET with a total deadline, retries with backoff on 429 / 5xx, and clear errors.

The timeout is a deadline for the whole answer, not for each read of the socket: the body is
read as it comes and the request is cut when the deadline passes, however slowly the server
sends it. A rate limit (429) is waited out only within the client's waiting budget: a few
seconds for a user's button (``USER_MAX_WAIT``), longer but bounded for the scheduled action
(``CRON_MAX_WAIT``); a ``Retry-After`` beyond the budget ends the attempt at once.
"""

import http.client
import logging
import time

import requests

from ..legal.errors import TemplatedError, _lt

_logger = logging.getLogger(__name__)

# Statuses worth a retry: rate limit and server-side failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Never wait longer than this between two attempts, whatever Retry-After says.
MAX_BACKOFF = 30.0
# What a user's action may wait in all for a busy service, and the scheduled action.
USER_MAX_WAIT = 5.0
CRON_MAX_WAIT = 60.0
# The largest answer read (the registers answer a few kB, the ECB series some 100 kB).
MAX_BODY = 5 * 1024 * 1024
_CHUNK = 64 * 1024


class ServiceError(TemplatedError):
    """A public service could not give a usable answer (message: see ``TemplatedError``)."""

    template = _lt("The public service did not answer.")


class UnreadableAnswerError(ServiceError):
    """The service answered, but with something that cannot be used (malformed, implausible):
    the answer about one request, not the service down."""


class HttpClient:
    """Base of the clients: one configured GET, retried on 429 and 5xx."""

    #: Name shown in the messages.
    service = "public service"

    def __init__(
        self,
        base_url,
        timeout=10.0,
        retries=2,
        backoff=1.0,
        session=None,
        max_wait=USER_MAX_WAIT,
    ):
        self.base_url = (base_url or "").rstrip("/")
        self.timeout = float(timeout)
        self.retries = max(int(retries), 0)
        self.backoff = max(float(backoff), 0.0)
        self.session = session or requests.Session()
        # The seconds this client may still sleep between attempts, all attempts counted.
        self.max_wait = max(float(max_wait), 0.0)

    def _wait(self, attempt, response=None):
        """Sleep before the next attempt, within the waiting budget; ``ServiceError`` when the
        service asks to wait beyond it (it is busy: try later, not now)."""
        delay = self.backoff * (2**attempt)
        retry_after = response is not None and response.headers.get("Retry-After")
        if retry_after and retry_after.strip().isdigit():
            asked = float(retry_after)
            if self.backoff and asked > self.max_wait:
                raise ServiceError(
                    _lt(
                        "%(service)s is busy (too many requests) and asks to wait %(seconds)s "
                        "seconds: try again later."
                    ),
                    service=self.service,
                    seconds=int(asked),
                )
            delay = max(delay, asked) if self.backoff else 0.0
        delay = min(delay, MAX_BACKOFF, self.max_wait)
        if delay:
            self.max_wait -= delay
            time.sleep(delay)

    def _send(self, url, params, headers, method="GET", **body):
        """One request (a GET unless ``method`` says otherwise, ``body``: the ``data``,
        ``files`` or ``json`` of ``requests``), its body read whole before ``self.timeout``
        seconds have passed in all; ``requests.Timeout`` past the deadline."""
        deadline = time.monotonic() + self.timeout
        # No compression: the body is read as it comes, by the reads of the connection.
        headers = {**(headers or {}), "Accept-Encoding": "identity"}
        response = self.session.request(
            method,
            url,
            params=params,
            headers=headers,
            timeout=self.timeout,
            stream=True,
            **body,
        )
        try:
            # http.client's read1 returns what one read of the socket gives (at most a
            # chunk), so the deadline is checked as the bytes come, even one at a time.
            reader = getattr(response.raw, "_fp", None)
            read = getattr(reader, "read1", None) or response.raw.read
            sock = getattr(getattr(response.raw, "_connection", None), "sock", None)
            body, size = [], 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise requests.Timeout(f"no whole answer within {self.timeout} s")
                if sock is not None:
                    # No read of the socket waits past the deadline either.
                    sock.settimeout(remaining)
                try:
                    chunk = read(_CHUNK)
                except TimeoutError as error:
                    raise requests.Timeout(str(error)) from error
                except (OSError, http.client.HTTPException) as error:
                    raise requests.ConnectionError(str(error)) from error
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BODY:
                    raise malformed(self.service, "too large")
                body.append(chunk)
        finally:
            response.close()
        # The body read: ``response.content``, ``text`` and ``json()`` use it.
        response._content = b"".join(body)  # pylint: disable=protected-access
        return response

    def get(self, path, params=None, headers=None):
        """GET ``base_url + path``; the response when it is a 2xx, else ``ServiceError``."""
        return self.request("GET", path, params=params, headers=headers)

    def request(self, method, path, params=None, headers=None, url=None, **body):
        """``method`` on ``base_url + path`` (or on ``url``); the response when it is a 2xx,
        else ``ServiceError``.

        Only a GET is tried again: a request that creates or sends something is made once (a
        time-out leaves it unknown whether the service did it; trying again could do it twice).
        """
        url = url or f"{self.base_url}/{path.lstrip('/')}"
        last_error = response = None
        for attempt in range(self.retries + 1 if method == "GET" else 1):
            if attempt:
                self._wait(attempt - 1, response)
            response = None
            try:
                response = self._send(url, params, headers, method=method, **body)
            except requests.Timeout:
                last_error = ServiceError(
                    _lt("%(service)s did not answer within %(timeout)s seconds."),
                    service=self.service,
                    timeout=self.timeout,
                )
                continue
            except requests.RequestException as error:
                last_error = ServiceError(
                    _lt("%(service)s cannot be reached: %(reason)s"),
                    service=self.service,
                    reason=type(error).__name__,
                )
                continue
            if response.status_code in RETRY_STATUSES:
                if response.status_code == 429:
                    last_error = ServiceError(
                        _lt("%(service)s refuses more requests for now (too many requests)."),
                        service=self.service,
                    )
                else:
                    last_error = ServiceError(
                        _lt("%(service)s failed (HTTP %(status)s)."),
                        service=self.service,
                        status=response.status_code,
                    )
                continue
            if not response.ok:
                raise ServiceError(
                    _lt("%(service)s refused the request (HTTP %(status)s): %(reason)s"),
                    service=self.service,
                    status=response.status_code,
                    reason=self._error_reason(response),
                )
            return response
        _logger.info("%s: giving up after %s attempts: %s", url, self.retries + 1, last_error)
        raise last_error

    @staticmethod
    def _error_reason(response):
        """The message of an error body (``erreur``, ``message`` or ``error``), else its start."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            for key in ("erreur", "message", "error"):
                if isinstance(body.get(key), str):
                    return body[key]
        return (response.text or "").strip()[:200]

    def get_json(self, path, params=None):
        """The decoded JSON body of a GET, else ``ServiceError``."""
        response = self.get(path, params=params, headers={"Accept": "application/json"})
        try:
            return response.json()
        except ValueError:
            raise self.malformed() from None

    def malformed(self, detail=""):
        return malformed(self.service, detail)


def malformed(service, detail=""):
    """The error for an answer of ``service`` that cannot be read (``detail``: what is wrong)."""
    return UnreadableAnswerError(
        _lt("%(service)s sent an answer that cannot be read%(detail)s."),
        service=service,
        detail=f" ({detail})" if detail else "",
    )
