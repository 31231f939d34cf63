"""Maileva (Docaposte, La Poste group): paper registered letters with acknowledgment of receipt.

API « Envoi et Suivi de Lettres Recommandées En Ligne » ``registered_mail/v4`` (OpenAPI 4.9):
``POST /sendings`` (a draft) → ``POST /sendings/{id}/documents`` (multipart: ``document`` and
``metadata``) → ``POST /sendings/{id}/recipients`` → ``POST /sendings/{id}/submit``; then
``GET /sendings/{id}/recipients/{recipient_id}`` tells where the letter is, with the URLs of its
deposit proof, acknowledgment of receipt and returned envelope (PDF downloads). A draft is
deleted with ``DELETE /sendings/{id}``; a sending submitted cannot be (``SENDING_STATUS_IS_NOT_
DRAFT``). Errors: ``{"code", "message"}`` (401, 404) or ``{"errors": [{"code", "message"}]}``
(400).

Authentication: OAuth2 password grant on ``/auth/realms/services/protocol/openid-connect/token``
of the connexion server (client id and secret in HTTP Basic, the user's login and password in
the form), answering ``{"access_token", "expires_in", ...}``; the token goes in
``Authorization: Bearer``.
"""

import json
import time

from ..legal.errors import _lt
from .common import HttpClient, ServiceError
from .registered_mail import (
    DELIVERED,
    DEPOSITED,
    FAILED,
    SUBMITTED,
    UNDELIVERED,
    Posted,
    Proof,
    RegisteredMailError,
    Tracking,
    address_lines,
    paris_date,
)

SERVICE = "Maileva"
API_URLS = {
    "sandbox": "https://api.sandbox.maileva.net/registered_mail/v4",
    "production": "https://api.maileva.com/registered_mail/v4",
}
AUTH_URLS = {
    "sandbox": "https://connexion.sandbox.maileva.net",
    "production": "https://connexion.maileva.com",
}
TOKEN_PATH = "/auth/realms/services/protocol/openid-connect/token"
# Address lines: 38 characters at most (error ADDRESS_LINE_n_TOO_LONG).
LINE_WIDTH = 38
# The countries Maileva posts registered letters to (schema ``country_code``).
COUNTRIES = ("FR", "MC", "RE", "YT", "MQ", "GP", "MF", "BL", "GF")
# Archiving of the proofs, in years (3, 6 or 10): past the 5 years of prescription of a claim
# between traders (art. L110-4 C. com.) and the 2 years of a consumer's (art. L218-2 C. conso.).
ARCHIVING_YEARS = 6
# Why a letter came back (``undelivered_mail_reason``).
UNDELIVERED_REASONS = {
    "N02": _lt("Recipient unknown at the address"),
    "N03": _lt("Letter notified and not claimed (the notice of delivery expired)"),
    "N05": _lt("Letter refused by the recipient"),
    "N07": _lt("Access or address defect"),
}
REJECTED_STATUSES = ("REJECTED", "SENDING_REJECTED", "CANCELED", "BLOCKED")


class MailevaClient(HttpClient):
    service = SERVICE

    def __init__(self, base_url, auth_url, client_id, client_secret, login, password, **kwargs):
        super().__init__(base_url, **kwargs)
        self.auth_url = (auth_url or "").rstrip("/")
        self.credentials = (client_id, client_secret, login, password)
        self._token = None
        self._token_expiry = 0.0

    # -- the calls ------------------------------------------------------------------------
    def _error_reason(self, response):
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("errors"), list):
            return "; ".join(
                f"{error.get('code')}: {error.get('message')}"
                for error in body["errors"]
                if isinstance(error, dict)
            )
        if isinstance(body, dict) and body.get("code"):
            return f"{body.get('code')}: {body.get('message') or ''}".strip(": ")
        return super()._error_reason(response)

    def token(self):
        """A bearer token (OAuth2 password grant), kept until a minute before it expires."""
        if self._token and time.monotonic() < self._token_expiry:
            return self._token
        client_id, client_secret, login, password = self.credentials
        try:
            response = self.request(
                "POST",
                "",
                url=f"{self.auth_url}{TOKEN_PATH}",
                auth=(client_id, client_secret),
                data={"grant_type": "password", "username": login, "password": password},
                headers={"Accept": "application/json"},
            )
        except ServiceError as error:
            if error.params.get("status") in (400, 401):
                raise RegisteredMailError(
                    _lt(
                        "Maileva refused the connection (HTTP %(status)s): check the client id, "
                        "client secret, login and password in the Settings."
                    ),
                    status=error.params["status"],
                ) from None
            raise
        body = self._json(response)
        if not isinstance(body, dict) or not body.get("access_token"):
            raise self.malformed("access_token")
        self._token = body["access_token"]
        self._token_expiry = time.monotonic() + max(int(body.get("expires_in") or 0) - 60, 0)
        return self._token

    def _call(self, method, path, accept="application/json", **kwargs):
        headers = {"Authorization": f"Bearer {self.token()}", "Accept": accept}
        try:
            return self.request(method, path, headers=headers, **kwargs)
        except ServiceError as error:
            status = error.params.get("status")
            if status == 401:
                raise RegisteredMailError(
                    _lt(
                        "Maileva refused the access token (HTTP 401): check the Maileva "
                        "account in the Settings."
                    )
                ) from None
            if status in (400, 404, 422):
                raise RegisteredMailError(
                    _lt("Maileva refused the letter (HTTP %(status)s): %(reason)s"),
                    status=status,
                    reason=error.params.get("reason") or "",
                ) from None
            raise

    def _json(self, response):
        try:
            return response.json()
        except ValueError:
            raise self.malformed() from None

    # -- sending a letter -----------------------------------------------------------------
    def sending_values(self, letter):
        """The body of ``POST /sendings``: a registered letter with acknowledgment of receipt,
        black and white, both sides, the proofs archived ``ARCHIVING_YEARS``."""
        values = {
            "name": letter.name[:256],
            "custom_id": letter.reference[:38],
            "acknowledgement_of_receipt": True,
            "color_printing": False,
            "duplex_printing": True,
            "optional_address_sheet": False,
            "archiving_duration": ARCHIVING_YEARS,
        }
        for number, line in enumerate(letter.sender_lines[:6], start=1):
            if line:
                values[f"sender_address_line_{number}"] = line[:LINE_WIDTH]
        if letter.sender_lines:
            values["sender_country_code"] = letter.sender_country
        return values

    def recipient_values(self, letter):
        """The body of ``POST /sendings/{id}/recipients``; ``InvalidLetterError`` for an address
        Maileva would refuse (nothing is sent)."""
        if letter.recipient_country not in COUNTRIES:
            raise RegisteredMailError(
                _lt(
                    "Maileva posts registered letters to France, Monaco and the overseas "
                    "départements only, not to %(country)s."
                ),
                country=letter.recipient_country or "-",
            )
        lines = address_lines(letter, LINE_WIDTH)
        values = {"custom_id": letter.reference[:36], "country_code": letter.recipient_country}
        values.update({f"address_line_{n}": text for n, text in lines.items() if text})
        return values

    def send(self, letter, on_progress=None):
        """Post ``letter``: a ``Posted``. A failure before the submission deletes the draft
        (nothing is posted); a failure of the submission itself is told apart by trying to
        delete the draft: Maileva keeps a submitted sending.

        ``on_progress(Posted)`` is called with the draft's id once created, then with its
        recipient's, before the submission: what ``resume`` needs after an interruption."""
        sending_values = self.sending_values(letter)
        recipient_values = self.recipient_values(letter)
        sending = self._json(self._call("POST", "sendings", json=sending_values))
        if not isinstance(sending, dict) or not sending.get("id"):
            raise self.malformed("id")
        sending_id = str(sending["id"])
        if on_progress:
            on_progress(Posted(sending_id=sending_id))
        try:
            metadata = {"priority": 1, "name": letter.file_name}
            self._call(
                "POST",
                f"sendings/{sending_id}/documents",
                files={
                    "document": (letter.file_name, letter.pdf, "application/pdf"),
                    "metadata": (None, json.dumps(metadata), "application/json"),
                },
            )
            recipient = self._json(
                self._call("POST", f"sendings/{sending_id}/recipients", json=recipient_values)
            )
            if not isinstance(recipient, dict) or not recipient.get("id"):
                raise self.malformed("id")
        except ServiceError:
            self._delete_draft(sending_id)
            raise
        if on_progress:
            on_progress(Posted(sending_id=sending_id, recipient_id=str(recipient["id"])))
        try:
            self._call("POST", f"sendings/{sending_id}/submit")
        except ServiceError:
            if self._delete_draft(sending_id):
                raise
            # Not deleted: submitted after all (or Maileva unreachable: the next check tells).
        return Posted(sending_id=sending_id, recipient_id=str(recipient["id"]))

    def resume(self, sending_id, recipient_id):
        """After an interruption: the ``Posted`` of the sending if Maileva has it submitted,
        else None (its draft deleted, or none made): nothing is posted, it can be sent."""
        if not sending_id:
            return None
        try:
            sending = self._json(self._call("GET", f"sendings/{sending_id}"))
        except RegisteredMailError as error:
            if error.params.get("status") == 404:
                return None
            raise
        if not isinstance(sending, dict) or not sending.get("status"):
            raise self.malformed("status")
        if sending["status"] == "DRAFT":
            if not self._delete_draft(sending_id):
                raise RegisteredMailError(
                    _lt(
                        "Maileva did not delete the unfinished sending %(ref)s: tried again "
                        "at the next run."
                    ),
                    ref=sending_id,
                )
            return None
        if not recipient_id:
            raise self.malformed("recipient")
        return Posted(sending_id=sending_id, recipient_id=recipient_id)

    def _delete_draft(self, sending_id):
        """Delete a draft sending; whether it was deleted."""
        try:
            self._call("DELETE", f"sendings/{sending_id}")
        except ServiceError:
            return False
        return True

    # -- following it -----------------------------------------------------------------------
    def tracking(self, sending_id, recipient_id):
        """Where the letter is: a ``Tracking``."""
        body = self._json(self._call("GET", f"sendings/{sending_id}/recipients/{recipient_id}"))
        if not isinstance(body, dict) or not body.get("status"):
            raise self.malformed("status")
        return parse_recipient(body)

    def download(self, proof):
        """The PDF of ``proof`` (its URL is a path of the API)."""
        return self._call("GET", proof.url, accept="application/pdf").content


def _main_status_date(body, category):
    statuses = [
        status
        for status in (body.get("main_delivery_statuses") or [])
        if isinstance(status, dict) and status.get("category") == category
    ]
    last = body.get("last_main_delivery_status")
    if isinstance(last, dict) and last.get("category") == category:
        statuses.append(last)
    dates = [paris_date(status.get("date")) for status in statuses]
    dates = [day for day in dates if day]
    return min(dates) if dates else None


def parse_recipient(body):
    """A ``Tracking`` from a ``recipient_response``."""
    proofs = []
    for kind, url_key, date_key in (
        ("deposit", "deposit_proof_url", "deposit_proof_date"),
        ("acknowledgment", "acknowledgement_of_receipt_url", "acknowledgement_of_receipt_date"),
        ("undelivered", "undelivered_mail_url", "undelivered_mail_date"),
    ):
        if body.get(url_key):
            proofs.append(Proof(kind=kind, url=str(body[url_key]), date=body.get(date_key)))
    cost = body.get("postage_price")
    common = {
        "registered_number": str(body.get("registered_number") or ""),
        "cost": float(cost) if isinstance(cost, int | float) else None,
        "deposit_date": paris_date(body.get("deposit_proof_date")),
        "proofs": tuple(proofs),
    }
    status = body.get("status")
    if status in REJECTED_STATUSES:
        return Tracking(
            state=FAILED,
            failure_code=str(status),
            failure_label=str(body.get("status_detail") or status),
            **common,
        )
    undelivered = body.get("undelivered_mail_date") or _main_status_date(body, "UNDELIVERED")
    if undelivered:
        reason = str(body.get("undelivered_mail_reason") or "")
        return Tracking(
            state=UNDELIVERED,
            failure_code=reason,
            failure_label=UNDELIVERED_REASONS.get(reason, reason),
            **common,
        )
    received = _main_status_date(body, "DELIVERED") or paris_date(
        body.get("acknowledgement_of_receipt_date")
    )
    if received:
        return Tracking(state=DELIVERED, received_date=received, **common)
    if common["deposit_date"]:
        return Tracking(state=DEPOSITED, **common)
    return Tracking(state=SUBMITTED, **common)
