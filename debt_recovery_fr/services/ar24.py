"""AR24: qualified electronic registered letters (LRE qualifiée eIDAS, art. L100 CPCE).

REST with form data (developers.ar24.fr/doc); every request carries ``token`` and ``date``
(``YYYY-MM-DD HH:MM:SS``, Paris time) and a ``signature`` header: the date encrypted with
AES-256-CBC, the key the SHA-256 (hex) of the private key, the IV the first 16 characters of the
SHA-256 (hex) of that hash, in base64 (PHP ``openssl_encrypt``: a key longer than 32 bytes is
cut to 32). A successful answer ``{"status": "SUCCESS", "result": ...}`` is encrypted the same
way with the key SHA-256(date + private key) and the same IV (the first 16 characters of
SHA-256(SHA-256(private key))); an error comes in clear JSON ``{"status": "ERROR", "slug",
"message"}``. The HTTP status is always 200.

Routes used: ``POST /attachment/`` (``file``, ``id_user``) → ``file_id``; ``POST /mail/``
(``id_user``, ``eidas=1``, ``otp`` when the sender's OTP secret is entered, ``to_firstname``,
``to_lastname``, ``to_company``, ``to_email``, ``dest_statut``, ``ref_client``,
``attachment[]``) → the mail; ``GET /mail/`` (``id``) → the mail: ``ts_ev_date`` and
``proof_ev_url`` (sent), ``view_date`` and ``proof_ar_url`` (accepted), ``refused_date`` and
``proof_rf_url``, ``negligence_date`` and ``proof_ng_url`` (not accepted within 15 days),
``bounced_date`` and ``proof_bc_url`` (the e-mail bounced), ``price_ht``.

The names and the shape of the answers are those of the AR24 clients published as open source:
see ``tests/fixtures/registered_mail/README.md`` for each source.
"""

import base64
import datetime
import hashlib
import hmac
import json
import struct

from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..legal.errors import _lt
from .common import HttpClient, ServiceError
from .registered_mail import (
    DELIVERED,
    DEPOSITED,
    NEGLIGENCE,
    PARIS,
    REFUSED,
    SUBMITTED,
    UNDELIVERED,
    OutcomeUnknownError,
    Posted,
    Proof,
    RegisteredMailError,
    Tracking,
    paris_date,
)

SERVICE = "AR24"
API_URLS = {
    "sandbox": "https://sandbox.ar24.fr/api",
    "production": "https://app.ar24.fr/api",
}


def _sha256_hex(text):
    return hashlib.sha256(text.encode()).hexdigest()


def _aes(key_text, iv_text):
    # PHP's openssl_* with a text key: its first 32 bytes, the IV its first 16.
    return Cipher(
        algorithms.AES(key_text.encode()[:32]),
        modes.CBC(iv_text.encode()[:16]),
        backend=default_backend(),
    )


def signature(date, private_key):
    """The ``signature`` header of a request dated ``date`` (text)."""
    hashed = _sha256_hex(private_key)
    padder = padding.PKCS7(128).padder()
    data = padder.update(date.encode()) + padder.finalize()
    encryptor = _aes(hashed, _sha256_hex(hashed)).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def _answer_iv(private_key):
    # The IV of the answers: that of the signature, SHA-256 of the hashed private key.
    return _sha256_hex(_sha256_hex(private_key))


def totp(secret, moment):
    """The 6-digit one-time password (RFC 6238: 30 s, HMAC-SHA1) of a base32 ``secret`` at
    ``moment``: what AR24 asks of the sender of an eIDAS letter (``otp``)."""
    text = "".join(str(secret).split()).upper()
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    counter = int(moment.timestamp()) // 30
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{code % 1000000:06d}"


def encrypt_answer(text, date, private_key):
    """An answer as AR24 encrypts it (what ``decrypt_answer`` reads; the tests' replay)."""
    padder = padding.PKCS7(128).padder()
    data = padder.update(text.encode()) + padder.finalize()
    encryptor = _aes(_sha256_hex(date + private_key), _answer_iv(private_key)).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def decrypt_answer(body, date, private_key):
    """The clear text of an encrypted answer to a request dated ``date``."""
    decryptor = _aes(_sha256_hex(date + private_key), _answer_iv(private_key)).decryptor()
    data = decryptor.update(base64.b64decode(body)) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return (unpadder.update(data) + unpadder.finalize()).decode()


class Ar24Client(HttpClient):
    service = SERVICE

    def __init__(self, base_url, token, private_key, user_id, otp_secret="", now=None, **kwargs):
        super().__init__(base_url, **kwargs)
        self.token = token
        self.private_key = private_key
        self.user_id = user_id
        self.otp_secret = otp_secret
        self._now = now or (lambda: datetime.datetime.now(PARIS))

    def _call(self, method, path, params=None, data=None, files=None):
        date = self._now().strftime("%Y-%m-%d %H:%M:%S")
        values = {"token": self.token, "date": date, **(params or data or {})}
        headers = {"signature": signature(date, self.private_key)}
        if method == "GET":
            response = self.request(method, path, params=values, headers=headers)
        else:
            response = self.request(method, path, data=values, files=files, headers=headers)
        text = response.text.strip()
        try:
            body = json.loads(text)
        except ValueError:
            try:
                body = json.loads(decrypt_answer(text, date, self.private_key))
            except (ValueError, TypeError):
                raise self.malformed() from None
        if not isinstance(body, dict):
            raise self.malformed()
        status = str(body.get("status") or "").upper()
        if status == "MAINTENANCE":
            raise RegisteredMailError(_lt("AR24 is under maintenance: try again later."))
        if status != "SUCCESS":
            raise RegisteredMailError(
                _lt("AR24 refused the request: %(reason)s (%(slug)s)"),
                reason=str(body.get("message") or status or "-"),
                slug=str(body.get("slug") or "-"),
            )
        return body.get("result")

    def user(self, email):
        """The AR24 account of ``email`` (``GET /user/``): ``{"id", "name", ...}``."""
        user = self._call("GET", "user/", params={"email": email})
        if not isinstance(user, dict) or not user.get("id"):
            raise self.malformed("id")
        return user

    def send(self, letter, on_progress=None):
        """Send ``letter`` as a qualified LRE (``eidas=1``): a ``Posted``. No answer to the
        ``POST /mail/`` is an ``OutcomeUnknownError``: AR24 may have sent it."""
        if not letter.recipient_email:
            raise RegisteredMailError(_lt("An electronic registered letter needs an e-mail."))
        attachment = self._call(
            "POST",
            "attachment/",
            data={"id_user": self.user_id},
            files={"file": (letter.file_name, letter.pdf, "application/pdf")},
        )
        file_id = isinstance(attachment, dict) and attachment.get("file_id")
        if not file_id:
            raise self.malformed("file_id")
        fields = {"otp": totp(self.otp_secret, self._now())} if self.otp_secret else {}
        try:
            mail = self._post_mail(
                {
                    **fields,
                    "id_user": self.user_id,
                    "eidas": 1,
                    "to_firstname": letter.recipient_firstname,
                    "to_lastname": letter.recipient_lastname or letter.recipient_name,
                    "to_company": letter.recipient_company,
                    "to_email": letter.recipient_email,
                    "dest_statut": "professionnel"
                    if letter.recipient_is_professional
                    else "particulier",
                    "ref_client": letter.reference,
                    "attachment[]": file_id,
                }
            )
        except RegisteredMailError:
            raise  # AR24 answered: it refused, nothing was sent.
        except ServiceError as error:
            raise OutcomeUnknownError(
                _lt(
                    "AR24 did not answer the sending of the letter: it may have sent it. Check "
                    "among the letters sent in AR24 (reference %(ref)s): if it is not there, "
                    "Send Now; if it is, it was sent: do not send it again."
                ),
                ref=letter.reference,
            ) from error
        return Posted(sending_id=str(mail["id"]))

    def _post_mail(self, data):
        mail = self._call("POST", "mail/", data=data)
        if not isinstance(mail, dict) or not mail.get("id"):
            raise self.malformed("id")
        return mail

    def resume(self, sending_id, recipient_id):
        """After an interruption of ``POST /mail/``: no search of a letter by its reference
        is published with its answer (an open-source client reads ``GET /user/mail``, a
        user's letters, without an example), so whether it was sent stays unknown
        (``OutcomeUnknownError``): a person checks in AR24."""
        raise OutcomeUnknownError(
            _lt(
                "The sending to AR24 was interrupted: AR24 may have sent the letter. Check "
                "among the letters sent in AR24: if it is not there, Send Now; if it is, it "
                "was sent: do not send it again."
            )
        )

    def mail(self, mail_id):
        """The AR24 mail ``mail_id`` as AR24 gives it (``GET /mail/``): ``{"id", "to_email",
        "to_company", "to_firstname", "to_lastname", "date", ...}``."""
        mail = self._call("GET", "mail/", params={"id": mail_id})
        if not isinstance(mail, dict) or not mail.get("id"):
            raise self.malformed("id")
        return mail

    def tracking(self, sending_id, recipient_id=None):
        mail = self._call("GET", "mail/", params={"id": sending_id})
        if not isinstance(mail, dict):
            raise self.malformed()
        return parse_mail(mail)

    def download(self, proof):
        return self.request("GET", "", url=proof.url).content


def parse_mail(mail):
    """A ``Tracking`` from an AR24 mail."""
    proofs = []
    for kind, url_key, date_key in (
        ("deposit", "proof_ev_url", "ts_ev_date"),
        ("acknowledgment", "proof_ar_url", "view_date"),
        ("refusal", "proof_rf_url", "refused_date"),
        ("negligence", "proof_ng_url", "negligence_date"),
        ("undelivered", "proof_bc_url", "bounced_date"),
    ):
        if mail.get(url_key) and mail.get(date_key):
            proofs.append(Proof(kind=kind, url=str(mail[url_key]), date=mail.get(date_key)))
    price = mail.get("price_ht")
    common = {
        "cost": float(price) if isinstance(price, int | float) and price else None,
        "deposit_date": paris_date(mail.get("ts_ev_date")),
        "proofs": tuple(proofs),
    }
    if mail.get("bounced_date"):
        return Tracking(
            state=UNDELIVERED,
            failure_code="bounced",
            failure_label=_lt("the debtor's e-mail address rejected the letter"),
            **common,
        )
    if mail.get("refused_date"):
        return Tracking(state=REFUSED, failure_code="refused", **common)
    if mail.get("negligence_date"):
        return Tracking(state=NEGLIGENCE, failure_code="negligence", **common)
    if mail.get("view_date"):
        return Tracking(state=DELIVERED, received_date=paris_date(mail["view_date"]), **common)
    if common["deposit_date"]:
        return Tracking(state=DEPOSITED, **common)
    return Tracking(state=SUBMITTED, **common)
