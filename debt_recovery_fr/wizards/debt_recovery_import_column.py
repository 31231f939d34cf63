# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

# What a column can hold; KIND_TARGETS says which apply to which import.
IMPORT_TARGETS = [
    ("partner_name", "Name"),
    ("company_registry", "SIREN / SIRET"),
    ("vat", "VAT Number"),
    ("invoice_number", "Invoice Number"),
    ("invoice_date", "Invoice Date"),
    ("due_date", "Due Date"),
    ("amount", "Invoice Amount"),
    ("residual", "Amount Due"),
    ("street", "Street"),
    ("street2", "Street 2"),
    ("zip", "ZIP"),
    ("city", "City"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("departements", "Départements Covered"),
    ("fee_agreement", "Fee Agreement"),
    ("fee_fixed", "Fixed Fee per File (excl. VAT)"),
    ("fee_threshold", "Percentage from"),
    ("fee_percent", "Percentage of Sums Recovered (excl. VAT)"),
]
_CONTACT = ("partner_name", "company_registry", "vat", "street", "street2", "zip", "city")
KIND_TARGETS = {
    "receivable": {
        *_CONTACT,
        "email",
        "phone",
        "invoice_number",
        "invoice_date",
        "due_date",
        "amount",
        "residual",
    },
    "commissaire": {
        *_CONTACT,
        "email",
        "phone",
        "departements",
        "fee_agreement",
        "fee_fixed",
        "fee_threshold",
        "fee_percent",
    },
}
# Column headers as French and English exports name them (accents and punctuation removed).
HEADER_SYNONYMS = {
    "partner_name": (
        "client",
        "nom",
        "nom client",
        "nom du client",
        "raison sociale",
        "debiteur",
        "societe",
        "customer",
        "name",
        "partner",
        "commissaire",
        "commissaire de justice",
        "etude",
    ),
    "company_registry": ("siret", "siren", "siren siret", "siret siren", "company id"),
    "vat": ("tva", "n tva", "numero tva", "tva intracommunautaire", "vat", "vat number"),
    "invoice_number": (
        "facture",
        "n facture",
        "no facture",
        "numero facture",
        "numero de facture",
        "piece",
        "n piece",
        "invoice",
        "invoice number",
    ),
    "invoice_date": ("date", "date facture", "date de facture", "date piece", "invoice date"),
    "due_date": ("echeance", "date echeance", "date d echeance", "due date", "date due"),
    "amount": ("montant", "montant ttc", "total ttc", "montant facture", "amount", "total"),
    "residual": (
        "reste du",
        "restant du",
        "reste a payer",
        "solde",
        "solde du",
        "amount due",
        "residual",
    ),
    "street": ("adresse", "rue", "address", "street"),
    "street2": ("adresse 2", "complement d adresse", "street 2", "address 2"),
    "zip": ("code postal", "cp", "zip", "postcode"),
    "city": ("ville", "commune", "city"),
    "email": ("e mail", "email", "courriel", "mail", "adresse e mail"),
    "phone": ("telephone", "tel", "phone", "n telephone"),
    "departements": (
        "departements",
        "departement",
        "departements couverts",
        "zone",
        "departments",
    ),
    "fee_agreement": (
        "convention d honoraires",
        "honoraires",
        "convention",
        "fee agreement",
        "fees",
    ),
    "fee_fixed": (
        "forfait",
        "forfait par dossier",
        "forfait ht",
        "forfait par dossier ht",
        "honoraires fixes",
        "fixed fee",
        "fixed fee per file",
    ),
    "fee_threshold": ("seuil", "pourcentage a partir de", "a partir de", "threshold"),
    "fee_percent": (
        "pourcentage",
        "pourcentage ht",
        "pourcentage des sommes recouvrees",
        "honoraires de resultat",
        "taux",
        "percentage",
        "fee percent",
    ),
}


class DebtRecoveryImportColumn(models.TransientModel):
    """A column of the file being imported and the field it fills."""

    _name = "debt.recovery.import.column"
    _description = "Spreadsheet Import Column"
    _order = "sequence"

    wizard_id = fields.Many2one(
        "debt.recovery.import.wizard", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(readonly=True)
    header = fields.Char(string="Column", readonly=True)
    sample = fields.Char(string="First Value", readonly=True)
    target = fields.Selection(
        IMPORT_TARGETS,
        string="Imported As",
        help="The field this column fills; leave empty to skip the column.",
    )
