from odoo import api, fields, models


class WmsLotHoldWizard(models.TransientModel):
    """WMS manager: put lots on hold or release them, with the reason (``stock.lot._wms_set_hold``)."""

    _name = "wms.lot.hold.wizard"
    _description = "Hold or Release Lots"

    @api.model
    def _default_lot_ids(self):
        context = self.env.context
        return context.get("active_ids", []) if context.get("active_model") == "stock.lot" else []

    lot_ids = fields.Many2many("stock.lot", string="Lots", required=True, default=_default_lot_ids)
    action = fields.Selection([("hold", "Put on hold"), ("release", "Release")], required=True, default="hold")
    reason = fields.Char(help="Why: a recall, a quality finding, a lab result. Recorded on each lot.")

    def action_confirm(self):
        self.ensure_one()
        if self.action == "hold":
            self.lot_ids.action_wms_hold(self.reason)
        else:
            self.lot_ids.action_wms_release(self.reason)
        return {"type": "ir.actions.act_window_close"}
