# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from collections import defaultdict

from odoo import models
from odoo.tools import email_normalize

from ..legal.errors import InvalidIdentifierError, _lt
from ..legal.identifiers import normalize_fr_vat, normalize_siren, normalize_siret
from ..spreadsheet import (
    SpreadsheetError,
    check_length,
    identifier_value,
    looks_like_formula,
    neutralize_formula,
    phone_value,
    text_value,
)
from ..utils import legal_error_message

# The longest text a cell may give each field (a name as long as a page is no name).
MAX_LENGTHS = {
    "partner_name": 256,
    "company_registry": 64,
    "vat": 64,
    "invoice_number": 64,
    "street": 256,
    "street2": 256,
    "zip": 16,
    "city": 128,
    "email": 254,
    "phone": 64,
    "departements": 1024,
    "fee_agreement": 4096,
}
# The fields stored as names or addresses: a text that a spreadsheet would run as a formula
# (``=HYPERLINK(...)``) is refused there, as it would be exported again one day.
NO_FORMULA = ("partner_name", "invoice_number", "street", "street2", "zip", "city")


# One import wizard split by what it imports, so that no class grows past ~400 lines.
class DebtRecoveryImportParty(models.TransientModel):
    """The cells of a row parsed and checked (lengths, formulas), its party (debtor or
    commissaire): name, SIREN/SIRET, VAT number, contact details, and the debtors matched."""

    _inherit = "debt.recovery.import.wizard"  # pylint: disable=consider-merging-classes-inherited

    @staticmethod
    def _cell(cells, column_map, target):
        index = column_map.get(target)
        return None if index is None else cells[index]

    def _parse_party(self, cells, column_map, problems):
        """The name, SIREN/SIRET, VAT number and contact details of a row's party (debtor or
        commissaire), each checked."""
        parse = self._parse
        registry = self._check_identifier(
            parse(cells, column_map, "company_registry", identifier_value, problems), problems
        )
        return {
            "name": parse(cells, column_map, "partner_name", text_value, problems),
            "registry": registry,
            "vat": self._check_vat(
                parse(cells, column_map, "vat", text_value, problems), registry, problems
            ),
            "contact": {
                field_name: parse(cells, column_map, field_name, parser, problems)
                for field_name, parser in (
                    ("street", text_value),
                    ("street2", text_value),
                    ("zip", text_value),
                    ("city", text_value),
                    ("email", text_value),
                    ("phone", phone_value),
                )
            },
        }

    def _parse(self, cells, column_map, target, parser, problems, *args):
        """The value of ``target`` parsed by ``parser``; a failure is added to ``problems``."""
        try:
            value = parser(self._cell(cells, column_map, target), *args)
            if isinstance(value, str):
                check_length(value, MAX_LENGTHS.get(target, 256))
                if target in NO_FORMULA and looks_like_formula(value):
                    raise SpreadsheetError(
                        _lt(
                            "%(value)s starts as a spreadsheet formula (=, +, -, @): "
                            "write it without that first character"
                        ),
                        value=neutralize_formula(value[:40]),
                    )
            return value
        except SpreadsheetError as error:
            header = self.column_ids.sorted("sequence")[column_map[target]].header
            problems.append(
                self.env._(
                    "%(column)s: %(reason)s",
                    column=header,
                    reason=legal_error_message(self.env, error),
                )
            )
            return None

    def _check_identifier(self, value, problems):
        """The SIRET (14 digits) or SIREN (9 digits) of ``value``, else a problem."""
        if not value:
            return None
        digits = re.sub(r"[\s.\-]", "", value)
        try:
            if len(digits) == 14:
                return normalize_siret(digits)
            return normalize_siren(digits)
        except InvalidIdentifierError as error:
            problems.append(legal_error_message(self.env, error))
            return None

    def _check_vat(self, value, registry, problems):
        """The VAT number of ``value`` (spaces removed, upper case) if valid, else a problem.

        A French number is checked by its key (``legal/identifiers.py``) and must carry the
        SIREN of the row's SIREN/SIRET when both are given; any other, as the contact form would
        check it on saving (``base_vat``, when installed).
        """
        vat = re.sub(r"[\s.\-]", "", value or "").upper()
        if not vat:
            return None
        if vat.startswith("FR"):
            try:
                vat = normalize_fr_vat(vat)
            except InvalidIdentifierError as error:
                problems.append(legal_error_message(self.env, error))
                return None
            if registry and registry[:9] != vat[4:]:
                problems.append(
                    self.env._(
                        "the VAT number %(vat)s is not that of the SIREN %(siren)s",
                        vat=vat,
                        siren=registry[:9],
                    )
                )
                return None
            return vat
        Partner = self.env["res.partner"]
        if hasattr(Partner, "_check_vat_number"):
            country = self.company_id.country_id or self.env.ref("base.fr")
            checked, _code = Partner._run_vat_checks(country, vat, validation="setnull")
            if not checked:
                problems.append(self.env._("%(vat)s is not a valid VAT number", vat=vat))
                return None
        return vat

    def _match_debtors(self, rows, errors):
        """Find each row's debtor by SIRET/SIREN, then VAT number, then exact name.

        Unknown debtors are created when asked (one per SIREN, VAT number or name), else the
        row is in error.
        """
        Partner = self.env["res.partner"].with_context(active_test=False)
        base = [
            ("parent_id", "=", False),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        registries = {row["registry"] for row in rows if row["registry"]}
        sirens = {registry[:9] for registry in registries}
        vats = {row["vat"] for row in rows if row["vat"]}
        names = {row["name"] for row in rows if row["name"]}
        by_siret, by_siren, by_vat, by_name = {}, {}, {}, defaultdict(list)
        if sirens:
            partners = Partner.search_fetch(
                [
                    *base,
                    "|",
                    ("debt_recovery_siren", "in", list(sirens)),
                    ("company_registry", "in", list(registries)),
                ],
                ["company_registry", "debt_recovery_siren"],
                order="id",
            )
            for partner in partners:
                by_siret.setdefault(re.sub(r"\s", "", partner.company_registry or ""), partner)
                if partner.debt_recovery_siren:
                    by_siren.setdefault(partner.debt_recovery_siren, partner)
        if vats:
            for partner in Partner.search_fetch(
                [*base, ("vat", "in", list(vats))], ["vat"], order="id"
            ):
                by_vat.setdefault(partner.vat, partner)
        if names:
            for partner in Partner.search_fetch(
                [*base, ("name", "in", list(names))], ["name"], order="id"
            ):
                by_name[partner.name].append(partner)
        to_create = {}
        may_create = Partner.has_access("create")
        for row in rows:
            if row["row"] in errors:
                continue
            registry = row["registry"]
            partner = (registry and (by_siret.get(registry) or by_siren.get(registry[:9]))) or (
                row["vat"] and by_vat.get(row["vat"])
            )
            if not partner and row["name"]:
                named = by_name.get(row["name"], [])
                if len(named) > 1:
                    errors[row["row"]].append(
                        self.env._(
                            "%(count)s partners are named %(name)s: give the SIREN/SIRET",
                            count=len(named),
                            name=row["name"],
                        )
                    )
                    continue
                partner = named[0] if named else None
            if partner:
                row["partner"] = partner
                continue
            if not self.create_partners:
                errors[row["row"]].append(
                    self.env._(
                        "no debtor matches %(debtor)s; tick Create Missing Debtors to create it",
                        debtor=row["name"] or registry or row["vat"],
                    )
                )
                continue
            if not row["name"]:
                errors[row["row"]].append(
                    self.env._("no debtor matches and there is no name to create it")
                )
                continue
            if not may_create:
                errors[row["row"]].append(
                    self.env._(
                        "no debtor matches %(debtor)s and you may not create contacts",
                        debtor=row["name"],
                    )
                )
                continue
            key = (registry and registry[:9]) or row["vat"] or row["name"]
            to_create.setdefault(key, row)
            row["partner_key"] = key
        return to_create

    def _prepare_debtor_vals(self, row):
        contact = {key: value for key, value in row["contact"].items() if value}
        email = contact.pop("email", None)
        return {
            "name": row["name"],
            "is_company": True,
            "company_registry": row["registry"] or False,
            "vat": row["vat"] or False,
            "country_id": self.company_id.country_id.id or self.env.ref("base.fr").id,
            "email": email_normalize(email) or email or False,
            **contact,
        }
