# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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
