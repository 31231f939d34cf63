# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from lxml import etree

from odoo.tests import TransactionCase, tagged

# Terms a French screen shows as they are in English: the same word in both languages,
# an acronym, a symbol. Anything else left in English in the French UI is a defect.
SAME_IN_FRENCH = {
    "Actions",
    "Action",
    "Adresse",
    "Association",
    "BIC",
    "BODACC",
    "Code",
    "Commissaire",
    "Commissaire de Justice",
    "Commissaires de Justice",
    "Configuration",
    "Corrections",
    "Département",
    "Départements",
    "Date",
    "Description",
    "Documents",
    "Document",
    "DSO",
    "E-mail",
    "Email",
    "IBAN",
    "Journal",
    # French legal terms the English screens keep (a collective proceeding's kinds, a court
    # order).
    "Liquidation judiciaire",
    "Ordonnance",
    "Redressement judiciaire",
    "Sauvegarde",
    "Message",
    "Messages",
    "Notes",
    "Note",
    "Mobile (SMS)",
    "Options",
    "Phase",
    "Portal",
    "RCS",
    "SIREN",
    "SIRET",
    "SIREN / SIRET",
    "SMS",
    "Source",
    "Total",
    "TVA",
    "Type",
    "URL",
    "Validation",
    "Version",
}
LETTER = re.compile(r"[A-Za-zÀ-ÿ]")
TAG = re.compile(r"<[^>]+>")
# An example e-mail address or web address in a placeholder reads the same in any language.
EXAMPLE_ADDRESS = re.compile(r"\S+@\S+|https?://\S+")


def _without_sample_values(arch):
    """``arch`` without the sample contents of its fields (``t-out``, ``t-field``…), which
    the page replaces with the record's values."""
    if not arch:
        return ""
    root = etree.fromstring(arch)
    for node in root.iter():
        if any(attribute in node.attrib for attribute in ("t-out", "t-esc", "t-field")):
            node.text = None
            for child in list(node):
                node.remove(child)
    return etree.tostring(root, encoding="unicode")


def _plain(term):
    """The words of a term, as the user reads them (tags and spacing dropped)."""
    return " ".join(TAG.sub(" ", term).split())


def _shown_in_english(english, french):
    """The terms of ``english`` that ``french`` shows unchanged and that are English."""
    return sorted(
        {
            _plain(term)
            for term in set(english) & set(french)
            if LETTER.search(_plain(term))
            and _plain(term) not in SAME_IN_FRENCH
            and not EXAMPLE_ADDRESS.fullmatch(_plain(term))
        }
    )


@tagged("post_install", "-at_install")
class TestFrenchUserInterface(TransactionCase):
    """Every screen of the module in French: no English term the .po does not translate.

    The test command also fails when a string of the code is missing from the .pot; this
    test reads what a French user sees: the views and the portal pages, the fields' labels,
    help texts and choices, as stored once the French translations are loaded.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["debt_recovery_fr"], ["fr_FR"], True)
        cls.en = cls.env(context={"lang": "en_US"})
        cls.fr = cls.env(context={"lang": "fr_FR"})

    def _module_views(self):
        view_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "debt_recovery_fr"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        # The screens and the portal; the letters (reports/) are French legal documents.
        return (
            self.env["ir.ui.view"]
            .browse(view_ids)
            .filtered(
                lambda view: view.arch_fs
                and not view.arch_fs.startswith("debt_recovery_fr/reports/")
                and not view.arch_fs.startswith("debt_recovery_fr/data/")
            )
        )

    def test_views_and_portal_pages_in_french(self):
        views = self._module_views()
        self.assertGreater(len(views), 30)
        arch_field = self.env["ir.ui.view"]._fields["arch_db"]
        untranslated = {}
        translated = 0
        for view in views:
            english = arch_field.get_trans_terms(
                _without_sample_values(view.with_env(self.en).arch_db)
            )
            french = arch_field.get_trans_terms(
                _without_sample_values(view.with_env(self.fr).arch_db)
            )
            translated += len(set(english) - set(french))
            left = _shown_in_english(english, french)
            if left:
                untranslated[view.xml_id] = left
        self.assertGreater(translated, 150)
        self.assertEqual(untranslated, {}, "views showing English terms in French")

    def test_fields_labels_help_and_choices_in_french(self):
        fields = self.env["ir.model.fields"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "debt_recovery_fr"), ("model", "=", "ir.model.fields")])
            .mapped("res_id")
        )
        # The module's own fields: those of the mixins it inherits are translated by theirs.
        fields = fields.filtered(
            lambda field: field.model in self.env
            and field.name in self.env[field.model]._fields
            and self.env[field.model]._fields[field.name]._module == "debt_recovery_fr"
        )
        self.assertGreater(len(fields), 200)
        untranslated = []
        for field in fields:
            for name in ("field_description", "help"):
                english = field.with_env(self.en)[name]
                french = field.with_env(self.fr)[name]
                if english and english == french and _shown_in_english([english], [french]):
                    untranslated.append(f"{field.model}.{field.name} {name}: {english!r}")
            for choice in field.selection_ids:
                english = choice.with_env(self.en).name
                french = choice.with_env(self.fr).name
                if english == french and _shown_in_english([english], [french]):
                    untranslated.append(f"{field.model}.{field.name} choice: {english!r}")
        self.maxDiff = None
        self.assertEqual(untranslated, [], "fields shown in English in French")

    def test_menus_and_actions_in_french(self):
        untranslated = []
        for model in ("ir.ui.menu", "ir.actions.act_window", "ir.actions.server"):
            ids = (
                self.env["ir.model.data"]
                .search([("module", "=", "debt_recovery_fr"), ("model", "=", model)])
                .mapped("res_id")
            )
            for record in self.env[model].browse(ids):
                english = record.with_env(self.en).name
                french = record.with_env(self.fr).name
                if english == french and _shown_in_english([english], [french]):
                    untranslated.append(f"{model} {english!r}")
        self.maxDiff = None
        self.assertEqual(untranslated, [], "menus and actions shown in English in French")
