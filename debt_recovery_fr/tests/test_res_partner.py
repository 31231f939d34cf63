# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestResPartner(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Departement = cls.env["debt.recovery.departement"]
        cls.dep_75, cls.dep_92, cls.dep_69 = (
            Departement.search([("code", "=", code)]) for code in ("75", "92", "69")
        )
        cls.fr = cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]
        cls.cj_paris = Partner.create(
            {
                "name": "SCP Roussel, Commissaires de Justice",
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_covered_departement_ids": [(6, 0, (cls.dep_75 | cls.dep_92).ids)],
            }
        )
        cls.cj_lyon = Partner.create(
            {
                "name": "Maître Vidal, Commissaire de Justice",
                "is_company": True,
                "debt_recovery_is_commissaire": True,
                "debt_recovery_covered_departement_ids": [(6, 0, cls.dep_69.ids)],
            }
        )

    def _debtor(self, zip_code, country=None, **vals):
        return self.env["res.partner"].create(
            {"name": "Débiteur", "zip": zip_code, "country_id": (country or self.fr).id, **vals}
        )

    def test_departement_from_postcode(self):
        cases = [
            ("92100", None, "92"),
            ("20000", None, "2A"),
            ("20200", None, "2B"),
            ("97110", self.env.ref("base.gp"), "971"),
            ("97600", self.env.ref("base.yt"), "976"),
        ]
        for zip_code, country, code in cases:
            with self.subTest(zip=zip_code):
                debtor = self._debtor(zip_code, country)
                self.assertEqual(debtor.debt_recovery_departement_id.code, code)
        # A Belgian postcode is not a French département.
        belgian = self._debtor("1000", self.env.ref("base.be"))
        self.assertFalse(belgian.debt_recovery_departement_id)

    def test_departement_follows_address_change(self):
        debtor = self._debtor("75011")
        self.assertEqual(debtor.debt_recovery_departement_id, self.dep_75)
        debtor.zip = "69003"
        self.assertEqual(debtor.debt_recovery_departement_id, self.dep_69)

    def test_commissaire_chosen_by_departement(self):
        self.assertEqual(self._debtor("92100")._debt_recovery_find_commissaire(), self.cj_paris)
        self.assertEqual(self._debtor("69003")._debt_recovery_find_commissaire(), self.cj_lyon)
        # Bordeaux is covered by no partner commissaire.
        self.assertFalse(self._debtor("33000")._debt_recovery_find_commissaire())

    def test_commissaire_of_a_contact_is_the_company_one(self):
        company = self._debtor("69007", is_company=True)
        contact = self.env["res.partner"].create(
            {"name": "Service comptable", "parent_id": company.id, "type": "invoice"}
        )
        self.assertEqual(contact._debt_recovery_find_commissaire(), self.cj_lyon)

    def test_debtor_type(self):
        company = self._debtor("75011", is_company=True)
        self.assertEqual(company.debt_recovery_debtor_type, "b2b")
        person = self._debtor("75020")
        self.assertEqual(person.debt_recovery_debtor_type, "b2c")
        contact = self.env["res.partner"].create({"name": "Achats", "parent_id": company.id})
        self.assertEqual(contact.debt_recovery_debtor_type, "b2b")
        # A sole trader without a company flag is a business once identified by its SIRET.
        person.company_registry = "73282932000074"
        self.assertEqual(person.debt_recovery_debtor_type, "b2b")
        # The accountant can override the derived type.
        person.debt_recovery_debtor_type = "b2c"
        self.assertEqual(person.debt_recovery_debtor_type, "b2c")

    def test_siret_checked_on_french_companies(self):
        company = self._debtor("75011", is_company=True, company_registry="732 829 320 00074")
        self.assertEqual(company.debt_recovery_siren, "732829320")
        with self.assertRaises(ValidationError):
            company.write({"company_registry": "73282932000075"})
        self.assertEqual(company.company_registry, "732 829 320 00074")
        self.assertEqual(company.debt_recovery_siren, "732829320")
        with self.assertRaises(ValidationError):
            self._debtor("97110", self.env.ref("base.gp"), company_registry="12345")
        # A SIREN alone is accepted.
        company.company_registry = "732829320"
        self.assertEqual(company.debt_recovery_siren, "732829320")
        # Moving a company with a wrong number to France is checked too.
        belgian = self._debtor(
            "1000", self.env.ref("base.be"), is_company=True, company_registry="0403.170.701"
        )
        with self.assertRaises(ValidationError):
            belgian.country_id = self.fr

    def test_la_poste_siret(self):
        # La Poste's head office; its establishments follow the sum-of-digits rule.
        head_office = self._debtor("75015", is_company=True, company_registry="35600000000048")
        self.assertEqual(head_office.debt_recovery_siren, "356000000")
        office = self._debtor("75001", is_company=True, company_registry="35600000049837")
        self.assertEqual(office.debt_recovery_siren, "356000000")

    def test_foreign_company_registry_not_checked(self):
        belgian = self._debtor(
            "1000", self.env.ref("base.be"), is_company=True, company_registry="0403.170.701"
        )
        self.assertEqual(belgian.company_registry, "0403.170.701")
        self.assertFalse(belgian.debt_recovery_siren)

    def test_mobile_from_phone(self):
        debtor = self._debtor("75011", phone="06 12 34 56 78")
        self.assertEqual(debtor.debt_recovery_mobile, "+33612345678")
        debtor.phone = "01 44 68 20 20"
        self.assertFalse(debtor.debt_recovery_mobile)
        guadeloupe = self._debtor("97110", self.env.ref("base.gp"), phone="0690 12 34 56")
        self.assertEqual(guadeloupe.debt_recovery_mobile, "+590690123456")
        # A Guadeloupe mobile typed for a partner in metropolitan France.
        debtor.phone = "0690 12 34 56"
        self.assertEqual(debtor.debt_recovery_mobile, "+590690123456")

    def test_typed_mobile(self):
        debtor = self._debtor("75011", phone="01 44 68 20 20")
        self.assertFalse(debtor.debt_recovery_mobile)
        with self.assertRaises(ValidationError):
            debtor.write({"debt_recovery_mobile": "01 44 68 20 20"})
        self.assertFalse(debtor.debt_recovery_mobile)
        debtor.write({"debt_recovery_mobile": "0612345678"})
        self.assertEqual(debtor.debt_recovery_mobile, "+33612345678")
        # The landline is kept as the phone.
        self.assertEqual(debtor.phone, "01 44 68 20 20")
        other = self._debtor("69003", debt_recovery_mobile="06 98 76 54 32")
        self.assertEqual(other.debt_recovery_mobile, "+33698765432")
        with self.assertRaises(ValidationError):
            self._debtor("69003", debt_recovery_mobile="not a number")

    def test_commissaires_directory_and_form(self):
        """The commissaires' list says where they are and what they cover; their form shows
        no debtor or solvency block."""
        action = self.env.ref("debt_recovery_fr.res_partner_action_commissaire")
        list_view = action.view_ids.filtered(lambda view: view.view_mode == "list").view_id
        arch = self.env["res.partner"].get_views([(list_view.id, "list")])["views"]["list"]["arch"]
        for field in ("city", "zip", "debt_recovery_covered_departement_ids"):
            self.assertIn(f'name="{field}"', arch)
        form = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        for group in ("debt_recovery_debtor", "debt_recovery_solvency"):
            self.assertRegex(form, rf'name="{group}"[^>]*invisible="debt_recovery_is_commissaire"')
