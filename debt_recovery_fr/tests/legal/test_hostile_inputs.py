"""Hostile inputs read without Odoo: impossible dates and rates, dripping servers, huge amounts,
formula cells, NUL bytes (issue 20)."""

import datetime
import json
import pathlib
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from debt_recovery_fr.services import bodacc, ecb
from debt_recovery_fr.services.common import HttpClient, ServiceError, UnreadableAnswerError
from debt_recovery_fr.spreadsheet import (
    SpreadsheetError,
    amount_value,
    check_length,
    looks_like_formula,
    neutralize_formula,
    read_sheet,
)

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
ECB_CSV = "FM_B.U2.EUR.4F.KR.MRR_FR.LEV_rows-extracted-from-csvdata.DERIVED.csv"
TODAY = datetime.date(2026, 12, 3)


def _bodacc(**changes):
    body = json.loads(
        (FIXTURES / "bodacc_records_collective_900000019.DOC-BUILT.json").read_text("utf-8")
    )
    for record in body["results"]:
        record.update(changes)
    return body


def test_bodacc_reads_the_recorded_dates():
    notices = bodacc.parse_records(_bodacc(), "900000019", today=TODAY)
    assert notices[0].publication_date == datetime.date(2026, 10, 6)


@pytest.mark.parametrize("day", ["9999-12-01", "1066-10-14", "2027-01-15"])
def test_bodacc_refuses_a_publication_date_it_cannot_have(day):
    with pytest.raises(UnreadableAnswerError, match=f"dateparution {day}"):
        bodacc.parse_records(_bodacc(dateparution=day), "900000019", today=TODAY)


def test_bodacc_refuses_a_judgment_date_out_of_any_calendar():
    judgment = json.dumps({"famille": "Jugement d'ouverture", "date": "9999-11-30"})
    with pytest.raises(UnreadableAnswerError, match=r"jugement\.date 9999-11-30"):
        bodacc.parse_records(_bodacc(jugement=judgment), "900000019", today=TODAY)


@pytest.mark.parametrize("junk", ["-0.50", "1000000", "25.01"])
def test_ecb_refuses_a_rate_out_of_the_plausible_range(junk):
    text = (FIXTURES / ECB_CSV).read_text("utf-8").replace(",2.4,", f",{junk},")
    with pytest.raises(UnreadableAnswerError, match=f"rate of {junk} %"):
        ecb.parse_csv(text)


def test_ecb_zero_rate_is_plausible():
    rows = ecb.parse_csv((FIXTURES / ECB_CSV).read_text("utf-8"))
    # The main refinancing rate was 0 % from March 2016 to July 2022: a plausible figure.
    assert Decimal("0") in {rate for _day, rate in rows}


class _Server:
    """A local server answering every GET with ``reply(handler)``."""

    def __init__(self, reply):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    reply(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_dripping_body_is_cut_at_the_deadline():
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "200")
        handler.end_headers()
        for _ in range(200):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    server = _Server(drip)
    try:
        client = HttpClient(server.url, timeout=0.5, retries=0, backoff=0)
        started = time.monotonic()
        with pytest.raises(ServiceError, match=r"did not answer within 0\.5 seconds"):
            client.get("/slow")
        # The body would take 20 s; the deadline cuts it at 0.5 s (one read of margin).
        assert time.monotonic() - started < 1.0
    finally:
        server.close()


def test_a_long_retry_after_is_not_waited_by_a_user():
    def busy(handler):
        handler.send_response(429)
        handler.send_header("Retry-After", "1000")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server = _Server(busy)
    try:
        client = HttpClient(server.url, timeout=1, retries=2, backoff=1, max_wait=5)
        started = time.monotonic()
        with pytest.raises(ServiceError, match="asks to wait 1000 seconds"):
            client.get("/busy")
        assert time.monotonic() - started < 1.0
    finally:
        server.close()


def test_amounts_too_large_are_said_so():
    with pytest.raises(SpreadsheetError, match="too large an amount"):
        amount_value("99999999999999999999,00")
    with pytest.raises(SpreadsheetError, match="too large an amount"):
        amount_value(1e20)
    assert amount_value("999 999 999 999,99") == Decimal("999999999999.99")


def test_formula_cells_are_neutralised():
    for text in ("=1+2", "+33", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralize_formula(text) == "'" + text
        assert looks_like_formula(text)
    assert neutralize_formula("Dupont") == "Dupont"
    assert neutralize_formula(12) == 12


def test_overlong_texts_and_nul_bytes_are_refused():
    with pytest.raises(SpreadsheetError, match="300 characters, at most 256"):
        check_length("x" * 300, 256)
    with pytest.raises(SpreadsheetError, match="NUL character"):
        read_sheet(b"Client;Montant\r\nDupont\x00;12\r\n", "balance.csv")
