"""HTTP GET with a timeout, retries with backoff on 429 / 5xx, and clear errors."""

import logging
import time

import requests

from ..legal.errors import TemplatedError, _lt

_logger = logging.getLogger(__name__)

# Statuses worth a retry: rate limit and server-side failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Never wait longer than this between two attempts, whatever Retry-After says.
MAX_BACKOFF = 30.0


class ServiceError(TemplatedError):
    """A public service could not give a usable answer (message: see ``TemplatedError``)."""

    template = _lt("The public service did not answer.")


class HttpClient:
    """Base of the clients: one configured GET, retried on 429 and 5xx."""

    #: Name shown in the messages.
    service = "public service"

    def __init__(self, base_url, timeout=10.0, retries=2, backoff=1.0, session=None):
        self.base_url = (base_url or "").rstrip("/")
        self.timeout = float(timeout)
        self.retries = max(int(retries), 0)
        self.backoff = max(float(backoff), 0.0)
        self.session = session or requests.Session()

    def _wait(self, attempt, response=None):
        delay = self.backoff * (2**attempt)
        retry_after = response is not None and response.headers.get("Retry-After")
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after)) if self.backoff else 0.0
        if delay:
            time.sleep(min(delay, MAX_BACKOFF))

    def get(self, path, params=None, headers=None):
        """GET ``base_url + path``; the response when it is a 2xx, else ``ServiceError``."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        last_error = response = None
        for attempt in range(self.retries + 1):
            if attempt:
                self._wait(attempt - 1, response)
            response = None
            try:
                response = self.session.get(
                    url, params=params, headers=headers, timeout=self.timeout
                )
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
    return ServiceError(
        _lt("%(service)s sent an answer that cannot be read%(detail)s."),
        service=service,
        detail=f" ({detail})" if detail else "",
    )
