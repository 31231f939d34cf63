# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.res_partner_registers import REGISTER_FIELDS


class DebtRecoveryRegisterUpdateWizard(models.TransientModel):
    """The differences between a debtor and the public register, applied by the user."""

    _name = "debt.recovery.register.update.wizard"
    _description = "Apply the Public Register"

    partner_id = fields.Many2one("res.partner", required=True, readonly=True)
    line_ids = fields.One2many(
        "debt.recovery.register.update.line", "wizard_id", string="Differences"
    )

    @api.model
    def _open_for(self, partner, differences):
        """The wizard of ``partner`` listing ``differences`` (``[(field, here, register)]``)."""
        wizard = self.create(
            {
                "partner_id": partner.id,
                "line_ids": [
                    Command.create(
                        {
                            "field_name": name,
                            "label": partner._fields[name].get_description(self.env)["string"],
                            "current_value": _text(current),
                            "register_value": _text(value),
                            "register_country_id": value.id
                            if isinstance(value, models.BaseModel)
                            else False,
                        }
                    )
                    for name, current, value in differences
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply the Public Register"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_apply(self):
        """Write on the debtor the register's values of the lines ticked (with the user's own
        rights on the partner)."""
        self.ensure_one()
        vals = {}
        for line in self.line_ids.filtered("apply"):
            if line.field_name not in REGISTER_FIELDS:
                raise UserError(
                    self.env._(
                        "%(field)s is not a field the public register fills.",
                        field=line.field_name,
                    )
                )
            if line.field_name == "country_id":
                vals["country_id"] = line.register_country_id.id
            else:
                vals[line.field_name] = line.register_value or False
        if vals:
            self.partner_id.write(vals)
        return {"type": "ir.actions.act_window_close"}


class DebtRecoveryRegisterUpdateLine(models.TransientModel):
    _name = "debt.recovery.register.update.line"
    _description = "Public Register Difference"

    wizard_id = fields.Many2one(
        "debt.recovery.register.update.wizard", required=True, ondelete="cascade", index=True
    )
    apply = fields.Boolean(default=True)
    field_name = fields.Char(required=True, readonly=True)
    label = fields.Char(string="Field", readonly=True)
    current_value = fields.Char(string="Here", readonly=True)
    register_value = fields.Char(string="Public Register", readonly=True)
    register_country_id = fields.Many2one("res.country", readonly=True)


def _text(value):
    if isinstance(value, models.BaseModel):
        return value.display_name or False
    return value or False
