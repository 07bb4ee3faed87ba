from odoo import fields, models

SHORT_PICK_POLICIES = [
    ("reserve", "Reserve the rest from another bin"),
    ("backorder", "Leave the rest to a backorder"),
]


class StockPickingType(models.Model):
    """How the scanner picks for this operation type: which scans are mandatory, what a short pick does."""

    _inherit = "stock.picking.type"

    wms_pick_scan_bin = fields.Boolean(
        "Scan the bin", default=True,
        help="The picker proves being at the right bin by scanning its label before the product.")
    wms_pick_scan_product = fields.Boolean(
        "Scan the product", default=True,
        help="The picker scans the product (a GS1 label may carry its lot, expiry and quantity). "
             "Off: the quantity is confirmed on the keypad after the bin.")
    wms_pick_scan_lot = fields.Boolean(
        "Scan the lot", default=True,
        help="Lot-tracked products: the picker scans the lot taken. Off: the reserved lot is taken as is.")
    wms_pick_scan_tote = fields.Boolean(
        "Scan a tote", default=False,
        help="Each transfer is picked into a tote or cart position (a reusable package): the picker "
             "scans it for every line, so orders picked together never mix.")
    wms_pick_zero_check = fields.Boolean(
        "Zero check", default=True,
        help="When a pick should leave the bin empty, the picker confirms it is; if not, a count task is created.")
    wms_short_pick_policy = fields.Selection(
        SHORT_PICK_POLICIES, "Short pick", default="reserve", required=True,
        help="When the picker finds less than reserved: reserve the missing quantity from another bin "
             "(added to the route), or leave it to Odoo's backorder. Either way a count task is created "
             "for the bin that was short.")
