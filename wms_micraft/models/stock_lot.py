from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLot(models.Model):
    """A lot can be put on hold (quality, recall): a held lot is never reserved nor moved by a scan."""

    _inherit = "stock.lot"

    wms_hold = fields.Boolean("On hold", index=True, tracking=True)
    wms_hold_reason = fields.Char("Hold reason")

    @api.constrains("wms_hold", "wms_hold_reason")
    def _check_wms_hold_reason(self):
        for lot in self:
            if lot.wms_hold and not (lot.wms_hold_reason or "").strip():
                raise UserError(self.env._("Lot %(lot)s: say why it is on hold (Hold reason is empty).", lot=lot.name))

    def _wms_is_expired(self, at=None):
        """Past its expiration date (product_expiry), at ``at`` (default now)."""
        self.ensure_one()
        at = at or fields.Datetime.now()
        return bool(self.expiration_date and self.expiration_date <= at)
