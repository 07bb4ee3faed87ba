from odoo import fields, models


class StockStorageCategory(models.Model):
    """Odoo checks weight and per-product counts; bins of a category also share a volume and a unit limit."""

    _inherit = "stock.storage.category"

    wms_max_volume = fields.Float("Max volume", digits="Volume",
                                  help="In the volume unit of Inventory settings (m³ or ft³), like product volumes. "
                                       "Checked by WMS putaway; Odoo ignores volume.")
    wms_volume_uom_name = fields.Char("Volume unit", compute="_compute_wms_volume_uom_name")
    wms_max_units = fields.Float(
        "Max units", help="All counted products together; checked by WMS putaway. Counted goods only: products "
                          "whose unit is Units or a multiple of it (Dozens, Packs of 6), converted to Units. Goods "
                          "measured by weight, length, area or volume (kg, m, L...) do not count here: their weight "
                          "and volume limit the bin.")

    _wms_positive_capacity = models.Constraint(
        "CHECK(wms_max_volume >= 0 AND wms_max_units >= 0)", "Category capacities cannot be negative."
    )

    def _compute_wms_volume_uom_name(self):
        self.wms_volume_uom_name = self.env["product.template"]._get_volume_uom_name_from_ir_config_parameter()
