# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSecurityAudit(TransactionCase):
    """Every model of the module, wizards included, read from the registry: its access lines,
    its company rule, nothing for the portal (the debtor's pages read with sudo())."""

    def _module_models(self):
        return sorted(
            name
            for name, model in self.registry.items()
            if model._original_module == "debt_recovery_fr" and not model._abstract
        )

    def test_every_model_has_access_lines(self):
        models_ = self._module_models()
        self.assertIn("debt.recovery.case", models_)
        self.assertIn("debt.recovery.instalment.plan.cancel.wizard", models_)
        Access = self.env["ir.model.access"]
        missing = [
            name for name in models_ if not Access.search_count([("model_id.model", "=", name)])
        ]
        self.assertEqual(missing, [], "models without an access line")

    def test_every_model_of_a_company_has_its_company_rule(self):
        Rule = self.env["ir.rule"]
        missing = []
        for name in self._module_models():
            if "company_id" not in self.env[name]._fields:
                continue
            rules = Rule.search([("model_id.model", "=", name), ("global", "=", True)])
            if not rules.filtered(
                lambda rule: "company_id" in rule.domain_force
                and "company_ids" in rule.domain_force
            ):
                missing.append(name)
        self.assertEqual(missing, [], "models of a company without a multi-company rule")

    def test_the_portal_reads_nothing_over_rpc(self):
        """The debtor's pages read his case with sudo() after their checks: no access right,
        no record rule gives the portal (or the public) a model of the module."""
        outsiders = self.env.ref("base.group_portal") | self.env.ref("base.group_public")
        models_ = self._module_models()
        accesses = self.env["ir.model.access"].search(
            [("model_id.model", "in", models_), ("group_id", "in", outsiders.ids)]
        )
        self.assertFalse(accesses.mapped("name"))
        rules = self.env["ir.rule"].search(
            [("model_id.model", "in", models_), ("groups", "in", outsiders.ids)]
        )
        self.assertFalse(rules.mapped("name"))
