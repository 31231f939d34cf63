# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What an update of the module brings to a database installed by an earlier version, where
the data files' ``noupdate`` records are never rewritten (see ``migrations/``)."""

import io
import logging

from lxml import etree

from odoo.tools import SQL, file_open
from odoo.tools.convert import convert_xml_import
from odoo.tools.translate import TranslationImporter, get_po_paths

from .legal.escalation import STANDARD_VAT_RATE

_logger = logging.getLogger(__name__)

MODULE = "debt_recovery_fr"
# The data files that hold the module's mail templates (in noupdate blocks).
MAIL_TEMPLATE_FILES = ("data/mail_template_data.xml", "data/debt_recovery_instalment_data.xml")


def _module_records(env, model):
    """``{xmlid: record}`` of the module's own records of ``model``."""
    data = env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", model)])
    records = env[model].browse(data.mapped("res_id")).exists()
    return {
        f"{MODULE}.{d.name}": env[model].browse(d.res_id) for d in data if d.res_id in records.ids
    }


def _customised(record):
    """Whether someone changed ``record`` after the module created it: nothing writes the
    module's noupdate records but a person (its translations are loaded without a write)."""
    return record.write_date != record.create_date


def refresh_mail_templates(env):
    """Reload the module's mail templates, and their translations, from the data files, except
    those a user changed (kept as they are, and logged): the fixes of the sender and signature
    (issue 18) reach the databases installed before them. Returns the templates reloaded."""
    templates = _module_records(env, "mail.template")
    kept = {xmlid for xmlid, template in templates.items() if _customised(template)}
    for xmlid in sorted(kept):
        _logger.warning(
            "Debt recovery: the mail template %s was changed by a user; kept as it is. "
            "Compare it with the module's version (Settings > Technical > Email Templates).",
            xmlid,
        )
    refresh = {xmlid for xmlid in templates if xmlid not in kept}
    if not refresh:
        return env["mail.template"]
    for path in MAIL_TEMPLATE_FILES:
        with file_open(f"{MODULE}/{path}", "rb") as file:
            tree = etree.parse(file)
        # Only the templates to refresh; the file's other records are left as they are.
        records = [
            record for record in tree.xpath("//record") if f"{MODULE}.{record.get('id')}" in refresh
        ]
        if not records:
            continue
        root = etree.Element("odoo")
        block = etree.SubElement(root, "data", noupdate="1")
        block.extend(records)
        buffer = io.BytesIO(etree.tostring(root))
        buffer.name = path
        # Mode "init": written again though their block is noupdate.
        convert_xml_import(env, MODULE, buffer, {}, mode="init", noupdate=True)
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    importer = TranslationImporter(env.cr, verbose=False)
    for lang in langs:
        for po_path in get_po_paths(MODULE, lang):
            importer.load_file(po_path, lang, xmlids=refresh)
    # Their translations overwritten too: only these templates' were loaded.
    importer.save(overwrite=True, force_overwrite=True)
    refreshed = env["mail.template"].union(*(templates[xmlid] for xmlid in refresh))
    refreshed.invalidate_recordset()
    # Reloaded by the module, not changed by a user: the next update may reload them again.
    env.cr.execute(
        SQL(
            "UPDATE mail_template SET write_date = create_date WHERE id = ANY(%s)",
            refreshed.ids,
        )
    )
    refreshed.invalidate_recordset(["write_date"])
    _logger.info("Debt recovery: mail templates reloaded: %s", ", ".join(sorted(refresh)))
    return refreshed


def fixed_fees_before_vat(env):
    """The commissaires' fixed fee per file was entered with VAT (« Forfait (TTC) ») and is now
    before VAT, as their fees are agreed: take the VAT out of it, so that what they charge
    stays the same."""
    commissaires = (
        env["res.partner"]
        .with_context(active_test=False)
        .search([("debt_recovery_is_commissaire", "=", True), ("debt_recovery_fee_fixed", ">", 0)])
    )
    with_vat = 1 + float(STANDARD_VAT_RATE) / 100
    for commissaire in commissaires:
        before = commissaire.debt_recovery_fee_fixed
        commissaire.debt_recovery_fee_fixed = round(before / with_vat, 2)
        _logger.info(
            "Debt recovery: fixed fee of %s: %.2f with VAT is now %.2f before VAT.",
            commissaire.display_name,
            before,
            commissaire.debt_recovery_fee_fixed,
        )
    return commissaires


# The invoice's copies of its case's level and state, stored until 19.0.1.2.0 (issue 21): now
# read through the case, their columns are left behind by Odoo, which drops a column only when
# its field is removed, not when it stops being stored.
OBSOLETE_INVOICE_COLUMNS = ("debt_recovery_level_id", "debt_recovery_case_state")


def drop_obsolete_invoice_columns(env):
    """Drop the module's own columns that ``account_move`` no longer uses (schema only: no
    accounting record is read or written)."""
    for column in OBSOLETE_INVOICE_COLUMNS:
        if env["account.move"]._fields[column].store:
            continue
        env.cr.execute(
            SQL(
                "ALTER TABLE account_move DROP COLUMN IF EXISTS %s CASCADE",
                SQL.identifier(column),
            )
        )
        _logger.info("Column account_move.%s dropped: no longer stored", column)
