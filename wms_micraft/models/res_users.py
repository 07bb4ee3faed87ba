from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    wms_zone_ids = fields.Many2many(
        "wms.zone", "wms_zone_res_users_rel", "user_id", "zone_id", string="WMS zones",
        help="Zones this operator works in; empty means every zone.",
    )
    wms_last_bin_id = fields.Many2one(
        "stock.location", "Last bin", readonly=True,
        help="Where the operator last scanned a bin: next tasks are ranked by walking distance from it.",
    )
