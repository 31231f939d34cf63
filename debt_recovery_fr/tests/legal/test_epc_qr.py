# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from debt_recovery_fr.epc_qr import epc_qr_payload


def test_transfer_with_the_file_reference():
    payload = epc_qr_payload(
        "Ma Société SAS", "FR76 3000 4000 0312 3456 7890 143", 6773.47, "DOSSIER 2026/0042"
    )
    assert payload.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "",
        "Ma Société SAS",
        "FR7630004000031234567890143",
        "EUR6773.47",
        "",
        "",
        "DOSSIER 2026/0042",
    ]


def test_no_code_without_a_valid_iban_or_amount():
    assert epc_qr_payload("X", "", 10, "ref") == ""
    assert epc_qr_payload("X", "not an iban", 10, "ref") == ""
    assert epc_qr_payload("X", "FR7630004000031234567890143", 0, "ref") == ""
    assert epc_qr_payload("X", "FR7630004000031234567890143", 1e12, "ref") == ""


def test_the_bic_is_kept_when_valid():
    payload = epc_qr_payload("X", "FR7630004000031234567890143", 1, "r", bic="bnpafrpp")
    assert payload.split("\n")[4] == "BNPAFRPP"
