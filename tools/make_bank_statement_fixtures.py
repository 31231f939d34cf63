"""Write the bank statement fixtures of the OCA integration tests.

In debt_recovery_fr_reconcile_oca/tests/fixtures/bank_statements/: a CFONB 120 statement and a
CAMT.053 statement of the company's account at a French bank, whose lines pay the instalments
of a plan (see the folder's README for the formats' sources).
The references are those of plan number 4200 (instalments 001 to 003): the tests put their
own plan's references in their place, same width. Run from the repository:

    python tools/make_bank_statement_fixtures.py
"""

import pathlib

from stdnum.iso7064 import mod_97_10

HERE = pathlib.Path(__file__).resolve().parent.parent
OUT = HERE / "debt_recovery_fr_reconcile_oca" / "tests" / "fixtures" / "bank_statements"

BANK, BRANCH, ACCOUNT = "30003", "01234", "00020012345"
COMPANY_IBAN = "FR7630003012340002001234514"
DEBTOR_IBAN = "FR7610278060000001234560112"


def reference(sequence, spaced=True, stem="0004200"):
    """The ISO 11649 reference of instalment ``sequence`` of plan 4200 (or of ``stem``)."""
    number = f"{stem}{sequence:03d}"
    check = mod_97_10.calc_check_digits(f"{number}RF")
    if not spaced:
        return f"RF{check}{number}"
    return f"RF{check} " + " ".join(number[i : i + 4] for i in range(0, len(number), 4))


# CFONB 120: an amount is 14 characters, the last digit replaced by its sign's letter.
CREDIT = "{ABCDEFGHI"
DEBIT = "}JKLMNOPQR"


def cfonb_amount(cents):
    digits = f"{abs(cents):014d}"
    return digits[:-1] + (DEBIT if cents < 0 else CREDIT)[int(digits[-1])]


def cfonb_record(
    kind, date, amount=None, interbank="  ", label="", entry="", qualifier="", account=None
):
    """One 120-character record: 01 old balance, 04 movement, 05 complement, 07 new balance.

    ``account``: (bank, branch, account number), the tests' company account by default.
    """
    bank, branch, number = account or (BANK, BRANCH, ACCOUNT)
    internal = "    " if kind in ("01", "07") else "0005"
    head = f"{kind}{bank}{internal}{branch}EUR2 {number}{interbank}{date}"
    if kind == "05":
        record = head + " " * 5 + qualifier + f"{label:<70.70}" + "  "
    elif kind == "04":
        record = (
            (head + "  " + date + f"{label:<31.31}" + "  " + f"{entry:>7}" + "  ")
            + cfonb_amount(amount)
            + " " * 16
        )
    else:
        record = head + " " * 50 + cfonb_amount(amount) + " " * 16
    assert len(record) == 120, (kind, len(record))
    return record


def write_cfonb():
    day = "301126"
    records = [
        cfonb_record("01", day, 1_000_000),
        cfonb_record("04", day, 50_000, "18", "VIR SEPA ATELIER ECHEANCE SARL", "0000101"),
        cfonb_record("05", day, interbank="18", qualifier="NPY", label="ATELIER ECHEANCE SARL"),
        cfonb_record(
            "05", day, interbank="18", qualifier="LCC", label=f"{reference(1)} ECHEANCES 1 ET 2"
        ),
        cfonb_record("05", day, interbank="18", qualifier="RCN", label="E2E-AE-20261130-1"),
        cfonb_record("04", day, 10_000, "18", "VIR SEPA ATELIER ECHEANCE SARL", "0000102"),
        cfonb_record("05", day, interbank="18", qualifier="NPY", label="ATELIER ECHEANCE SARL"),
        cfonb_record("05", day, interbank="18", qualifier="LCC", label=f"{reference(2)} ACOMPTE"),
        cfonb_record("04", day, -4_560, "01", "PRLV SEPA FOURNISSEUR ENERGIE", "0000103"),
        cfonb_record("07", day, 1_055_440),
    ]
    (OUT / "releve_cfonb120.cfo").write_bytes(("\r\n".join(records) + "\r\n").encode("latin-1"))


CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>DRF-CAMT053-20261201</MsgId>
      <CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>DRF-STMT-20261201</Id>
      <ElctrncSeqNb>335</ElctrncSeqNb>
      <CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm>
      <FrToDt>
        <FrDtTm>2026-12-01T00:00:00+01:00</FrDtTm>
        <ToDtTm>2026-12-01T23:59:59+01:00</ToDtTm>
      </FrToDt>
      <Acct>
        <Id><IBAN>{company_iban}</IBAN></Id>
        <Ccy>EUR</Ccy>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">10554.40</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-12-01</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">12004.40</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-12-01</Dt></Dt>
      </Bal>
{entries}    </Stmt>
  </BkToCstmrStmt>
</Document>
"""

ENTRY = """      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt>
        <CdtDbtInd>{side}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-01</Dt></BookgDt>
        <ValDt><Dt>2026-12-01</Dt></ValDt>
        <AcctSvcrRef>{bank_ref}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>{e2e}</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>
{details}          </TxDtls>
        </NtryDtls>
      </Ntry>
"""

DEBTOR = """            <RltdPties>
              <Dbtr><Nm>{name}</Nm></Dbtr>
{account}            </RltdPties>
"""


def camt_entry(amount, side, bank_ref, family, sub, e2e, name, account=None, remittance="", ret=""):
    account_xml = ""
    if account:
        account_xml = f"              <DbtrAcct><Id><IBAN>{account}</IBAN></Id></DbtrAcct>\n"
    details = DEBTOR.format(name=name, account=account_xml) + remittance + ret
    return ENTRY.format(
        amount=amount,
        side=side,
        bank_ref=bank_ref,
        family=family,
        sub=sub,
        e2e=e2e,
        details=details,
    )


def structured(ref):
    return (
        "            <RmtInf><Strd><CdtrRefInf>"
        "<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>"
        f"<Ref>{ref}</Ref></CdtrRefInf></Strd></RmtInf>\n"
    )


def camt_statement(iban, message_id, day, opening, closing, entries):
    """A camt.053.001.02 statement of one day, from the fixture's template."""
    text = CAMT.format(company_iban=iban, entries="".join(entries))
    text = text.replace("DRF-CAMT053-20261201", message_id)
    text = text.replace("DRF-STMT-20261201", message_id.replace("CAMT053", "STMT"))
    text = text.replace("10554.40", opening).replace("12004.40", closing)
    return text.replace("2026-12-01", day).replace("2026-12-02", day)


def write_camt():
    entries = [
        # An overpayment: the whole plan and 200.00 more, with the first reference.
        camt_entry(
            "1200.00",
            "CRDT",
            "2026120100001",
            "RCDT",
            "ESCT",
            "E2E-AE-20261201-1",
            "ATELIER ECHEANCE SARL",
            remittance=structured(reference(1, spaced=False)),
        ),
        # No reference: the debtor's own account and the amount of an instalment.
        camt_entry(
            "250.00",
            "CRDT",
            "2026120100002",
            "RCDT",
            "ESCT",
            "E2E-AE-20261201-2",
            "Atelier Échéance SARL",
            DEBTOR_IBAN,
            "            <RmtInf><Ustrd>FACTURES ATELIER DECEMBRE</Ustrd></RmtInf>\n",
        ),
        # A direct debit collected with the third reference, then returned unpaid (AM04).
        camt_entry(
            "250.00",
            "CRDT",
            "2026120100003",
            "IDDT",
            "ESDD",
            "E2E-AE-20261201-3",
            "ATELIER ECHEANCE SARL",
            DEBTOR_IBAN,
            structured(reference(3, spaced=False)),
        ),
        camt_entry(
            "250.00",
            "DBIT",
            "2026120100004",
            "IDDT",
            "UPDD",
            "E2E-AE-20261201-3",
            "ATELIER ECHEANCE SARL",
            DEBTOR_IBAN,
            structured(reference(3, spaced=False)),
            "            <RtrInf><Rsn><Cd>AM04</Cd></Rsn>"
            "<AddtlInf>RETOUR PRLV IMPAYE</AddtlInf></RtrInf>\n",
        ),
    ]
    text = CAMT.format(company_iban=COMPANY_IBAN, entries="".join(entries))
    (OUT / "releve_camt053.xml").write_text(text, encoding="utf-8")


# The demo (debt_recovery_fr/demo/): the demo company's account, the active demo plan's debtor.
DEMO_OUT = HERE / "debt_recovery_fr" / "demo"
DEMO_ACCOUNT = ("30004", "00003", "12345678901")
DEMO_COMPANY_IBAN = "FR7630004000031234567890143"
DEMO_DEBTOR_IBAN = "FR7617515900000812345678938"
# models/debt_recovery_instalment_plan_demo.py: DEMO_ACTIVE_STEM.
DEMO_STEM = "0900001"


def write_demo():
    """The demo's statements: 500.00 paying the third instalment of the active demo plan by
    its reference (CFONB), then 500.00 from the debtor's account without reference (CAMT),
    the amount of his next instalment; and one bank charge in each, unrelated."""
    day = "021226"
    records = [
        cfonb_record("01", day, 2_500_000, account=DEMO_ACCOUNT),
        cfonb_record(
            "04", day, 50_000, "18", "VIR SEPA BOISERIES LAMBERT", "0004101", account=DEMO_ACCOUNT
        ),
        cfonb_record(
            "05",
            day,
            interbank="18",
            qualifier="NPY",
            label="BOISERIES LAMBERT SARL",
            account=DEMO_ACCOUNT,
        ),
        cfonb_record(
            "05",
            day,
            interbank="18",
            qualifier="LCC",
            label=f"{reference(3, stem=DEMO_STEM)} ECHEANCE 3",
            account=DEMO_ACCOUNT,
        ),
        cfonb_record(
            "04", day, -1_250, "01", "FRAIS TENUE DE COMPTE", "0004102", account=DEMO_ACCOUNT
        ),
        cfonb_record("07", day, 2_548_750, account=DEMO_ACCOUNT),
    ]
    (DEMO_OUT / "releve_demo_cfonb120.cfo").write_bytes(
        ("\r\n".join(records) + "\r\n").encode("latin-1")
    )
    entries = [
        camt_entry(
            "500.00",
            "CRDT",
            "2026120300001",
            "RCDT",
            "ESCT",
            "E2E-BL-20261203-1",
            "BOISERIES LAMBERT SARL",
            DEMO_DEBTOR_IBAN,
            "            <RmtInf><Ustrd>ECHEANCIER AGENCEMENT</Ustrd></RmtInf>\n",
        ),
        camt_entry(
            "12.50",
            "DBIT",
            "2026120300002",
            "CCRD",
            "OTHR",
            "E2E-BQ-20261203-2",
            "BANQUE",
            remittance="            <RmtInf><Ustrd>COTISATION CARTE AFFAIRES</Ustrd></RmtInf>\n",
        ),
    ]
    text = camt_statement(
        DEMO_COMPANY_IBAN,
        "DRF-CAMT053-DEMO-20261203",
        "2026-12-03",
        "25487.50",
        "25975.00",
        entries,
    )
    (DEMO_OUT / "releve_demo_camt053.xml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write_cfonb()
    write_camt()
    write_demo()
