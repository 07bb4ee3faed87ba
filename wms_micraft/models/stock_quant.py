from odoo import models
from odoo.fields import Domain


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _get_gather_domain(self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False):
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id=lot_id, package_id=package_id, owner_id=owner_id, strict=strict
        )
        if strict:
            # Strict gathers move stock that is already chosen (validation of a
            # picked line): blocking a bin afterwards must not break them.
            return domain
        # Reservation never takes stock from a blocked bin nor a held lot.
        domain = (
            domain
            & Domain("location_id.wms_blocked", "=", False)
            & (Domain("lot_id", "=", False) | Domain("lot_id.wms_hold", "=", False))
        )
        excluded = self.env.context.get("wms_exclude_location_ids")
        if excluded:
            # A short pick re-reserves the missing quantity elsewhere than the bin found short.
            domain &= Domain("location_id", "not in", excluded)
        return domain
