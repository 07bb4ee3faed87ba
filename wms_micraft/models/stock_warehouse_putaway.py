from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import putaway as putaway_engine

_DEFAULT_WEIGHTS = putaway_engine.Weights()
WEIGHT_FIELDS = {name: f"wms_putaway_weight_{name}" for name in putaway_engine.SCORES}


class StockWarehouse(models.Model):
    """Directed putaway settings, per warehouse (managers only: operators cannot write warehouses)."""

    _inherit = "stock.warehouse"

    wms_putaway_strategy = fields.Selection(
        [("odoo", "Odoo standard"), ("directed", "Directed (WMS)")], "Putaway strategy",
        default="odoo", required=True,
        help="Directed: when Odoo's putaway rules do not name a specific bin, the WMS engine chooses one "
             "among the bins below the destination (capacity, consolidation, velocity, distance, mixing "
             "rules) and records why. Odoo standard: Odoo's putaway rules only.")
    wms_putaway_task_mode = fields.Selection(
        [("none", "No tasks"), ("line", "One task per receipt line"), ("package", "One task per package")],
        "Putaway tasks", default="line", required=True,
        help="Directed putaways become tasks in the WMS queue: one per line (all its bins), or one per "
             "package (pallet); lines without a package get one task per line.")
    wms_putaway_origin_id = fields.Many2one(
        "stock.location", "Receiving dock", check_company=True,
        help="Walking distances for putaway are measured from this location's coordinates; "
             "when empty, from the depot of the warehouse layout.")
    wms_putaway_allow_expiry_mix = fields.Boolean(
        "Mix expiry dates in a bin",
        help="Allow lots of the same product with different expiry dates in one bin (FEFO picking "
             "then relies on the lot scan). Off: such bins are never suggested.")
    wms_putaway_weight_consolidation = fields.Float(
        "Consolidation", default=_DEFAULT_WEIGHTS.consolidation, help="Points when the product is already in the bin.")
    wms_putaway_weight_same_lot = fields.Float(
        "Same lot", default=_DEFAULT_WEIGHTS.same_lot, help="Extra points when the same lot is already in the bin.")
    wms_putaway_weight_velocity = fields.Float(
        "Velocity", default=_DEFAULT_WEIGHTS.velocity,
        help="Points when the product's velocity class matches the bin's (half one class apart); bins nearest "
             "the dock are class A.")
    wms_putaway_weight_height = fields.Float(
        "Waist height", default=_DEFAULT_WEIGHTS.height, help="Points for fast movers stored at waist height.")
    wms_putaway_weight_distance = fields.Float(
        "Short walk", default=_DEFAULT_WEIGHTS.distance, help="Points for the nearest bin, falling to 0 at the farthest.")
    wms_putaway_weight_fit = fields.Float(
        "Fill bins", default=_DEFAULT_WEIGHTS.fit, help="Points for a bin left full after the putaway (best fit).")

    @api.constrains(*WEIGHT_FIELDS.values())
    def _check_wms_putaway_weights(self):
        for warehouse in self:
            try:
                warehouse._wms_putaway_weights()
            except ValueError as exc:
                raise ValidationError(self.env._(
                    "Warehouse %(wh)s: putaway weights must be numbers of 0 or more (%(error)s).",
                    wh=warehouse.name, error=exc)) from exc

    def _wms_putaway_weights(self):
        self.ensure_one()
        return putaway_engine.Weights(**{name: self[field] for name, field in WEIGHT_FIELDS.items()})

    def _wms_putaway_rules(self):
        self.ensure_one()
        return putaway_engine.Rules(allow_expiry_mix=self.wms_putaway_allow_expiry_mix)
