# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import Command, models
from odoo.tools import email_normalize

from ..legal.common import check_amount
from ..legal.errors import InvalidAmountError
from ..legal.escalation import FeeAgreement, commissaire_fee
from ..spreadsheet import amount_value, percent_value, text_value
from ..utils import legal_error_message

_DEPARTEMENT_SEPARATORS = re.compile(r"[\s,;/|]+")


# One import wizard split by what it imports, so that no class grows past ~400 lines.
class DebtRecoveryImportCommissaire(models.TransientModel):
    """The import of the directory of commissaires de justice (``import_kind`` commissaire)."""

    _inherit = "debt.recovery.import.wizard"  # pylint: disable=consider-merging-classes-inherited

    def _check_commissaire_rows(self, sheet, column_map, errors):
        departements = {
            departement.code: departement
            for departement in self.env["debt.recovery.departement"].search([])
        }
        rows = []
        first_row_of = {}
        for row_number, cells in sheet.rows:
            problems = errors[row_number]
            parse = self._parse
            row = {"row": row_number, **self._parse_party(cells, column_map, problems)}
            name = row["name"]
            row.update(
                {
                    "codes": parse(cells, column_map, "departements", text_value, problems),
                    "fee_agreement": parse(
                        cells, column_map, "fee_agreement", text_value, problems
                    ),
                    "fees": self._check_fees(cells, column_map, problems),
                }
            )
            if not name:
                problems.append(self.env._("no name"))
            elif name in first_row_of:
                problems.append(
                    self.env._(
                        "%(name)s is already on row %(row)s", name=name, row=first_row_of[name]
                    )
                )
            else:
                first_row_of[name] = row_number
            email = row["contact"]["email"]
            if email and not email_normalize(email):
                problems.append(self.env._("%(email)s is not an e-mail address", email=email))
            found = self.env["debt.recovery.departement"]
            for code in _DEPARTEMENT_SEPARATORS.split(row["codes"] or ""):
                if not code:
                    continue
                code = code.upper().zfill(2) if len(code) < 2 else code.upper()
                if code not in departements:
                    problems.append(self.env._("%(code)s is not a French département", code=code))
                else:
                    found |= departements[code]
            if not found and not problems:
                problems.append(self.env._("no département covered"))
            row["departements"] = found
            if not problems:
                del errors[row_number]
                rows.append(row)
        return rows

    def _check_fees(self, cells, column_map, problems):
        """The fee fields of the commissaire's agreement given on the row, checked as
        ``legal/escalation.py`` applies them (amounts in euros, a percentage from 0 to 100)."""
        headers = self.column_ids.sorted("sequence").mapped("header")
        fees = {}
        for target, parser in (
            ("fee_fixed", amount_value),
            ("fee_threshold", amount_value),
            ("fee_percent", percent_value),
        ):
            value = self._parse(cells, column_map, target, parser, problems)
            if value is None:
                continue
            if target != "fee_percent":
                try:
                    value = check_amount(value, headers[column_map[target]], allow_zero=True)
                except InvalidAmountError as error:
                    problems.append(legal_error_message(self.env, error))
                    continue
            fees[target] = value
        if fees.get("fee_percent") is not None:
            try:
                commissaire_fee(0, FeeAgreement(percent=fees["fee_percent"]))
            except InvalidAmountError as error:
                problems.append(legal_error_message(self.env, error))
                del fees["fee_percent"]
        return {f"debt_recovery_{target}": float(value) for target, value in fees.items()}

    def _import_commissaire_rows(self, rows):
        """Create the commissaires de justice, or update those already known by name or e-mail."""
        Partner = self.env["res.partner"]
        known = Partner.search(
            [
                ("debt_recovery_is_commissaire", "=", True),
                "|",
                ("name", "in", [row["name"] for row in rows]),
                (
                    "email",
                    "in",
                    [row["contact"]["email"] for row in rows if row["contact"]["email"]],
                ),
            ]
        )
        by_name = {partner.name: partner for partner in known}
        by_email = {partner.email: partner for partner in known if partner.email}
        has_fee_field = "debt_recovery_fee_agreement" in Partner._fields
        new_vals, partners = [], Partner
        for row in rows:
            contact = {key: value for key, value in row["contact"].items() if value}
            vals = {
                "name": row["name"],
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_covered_departement_ids": [Command.set(row["departements"].ids)],
                "country_id": self.company_id.country_id.id or self.env.ref("base.fr").id,
                **contact,
            }
            if row["registry"]:
                vals["company_registry"] = row["registry"]
            if row["vat"]:
                vals["vat"] = row["vat"]
            if has_fee_field and row["fee_agreement"]:
                vals["debt_recovery_fee_agreement"] = row["fee_agreement"]
            # The fees given replace the partner's; a column left empty keeps them.
            vals.update(row["fees"])
            partner = by_name.get(row["name"]) or by_email.get(contact.get("email"))
            if partner:
                partner.write(vals)
                partners |= partner
            else:
                new_vals.append(vals)
        created = Partner.create(new_vals)
        self.write(
            {
                "partner_ids": [Command.set((partners | created).ids)],
                "result_summary": self.env._(
                    "%(created)s commissaires de justice created, %(updated)s updated.",
                    created=len(created),
                    updated=len(partners),
                ),
            }
        )
        return partners | created
