# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The EPC QR code of a SEPA credit transfer (EPC069-12, version 002): what a banking app
scans to prefill a transfer. Plain Python: the portal renders the payload with Odoo's
``/report/barcode`` route."""

import re

# EPC069-12 §5: the payload is at most 331 bytes; each field has its own limit.
MAX_PAYLOAD_BYTES = 331
MAX_NAME = 70
MAX_REMITTANCE = 140
MAX_AMOUNT = 999999999.99


def epc_qr_payload(name, iban, amount, remittance, bic=""):
    """The payload of an EPC QR code for a transfer of ``amount`` euros to ``iban``.

    ``remittance`` is the unstructured remittance information (the file reference), which the
    bank passes to the beneficiary. Returns ``""`` when no valid code can be made (no IBAN, an
    amount out of the scheme's bounds): the page then shows no code rather than a wrong one.
    """
    iban = re.sub(r"\s+", "", iban or "").upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
        return ""
    if not 0.01 <= round(amount, 2) <= MAX_AMOUNT:
        return ""
    bic = re.sub(r"\s+", "", bic or "").upper()
    if bic and not re.fullmatch(r"[A-Z0-9]{8}([A-Z0-9]{3})?", bic):
        bic = ""
    name = " ".join((name or "").split())[:MAX_NAME]
    if not name:
        return ""
    lines = [
        "BCD",  # service tag
        "002",  # version: the BIC is optional inside the EEA
        "1",  # character set: UTF-8
        "SCT",  # SEPA credit transfer
        bic,
        name,
        iban,
        f"EUR{amount:.2f}",
        "",  # purpose
        "",  # structured remittance (RF reference): the unstructured one is used
        " ".join((remittance or "").split())[:MAX_REMITTANCE],
    ]
    payload = "\n".join(lines)
    if len(payload.encode()) > MAX_PAYLOAD_BYTES:
        return ""
    return payload
