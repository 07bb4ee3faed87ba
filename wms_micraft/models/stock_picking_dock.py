from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # The other side of wms.dock.appointment.picking_ids (same default relation table).
    wms_dock_appointment_ids = fields.Many2many(
        "wms.dock.appointment", string="Dock appointments", readonly=True, copy=False,
        groups="wms_micraft.group_wms_operator")
