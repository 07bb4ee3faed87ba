from odoo import fields, models

from .wms_zone import TEMPERATURE_CLASSES

VELOCITY_CLASSES = [("A", "A: fast mover"), ("B", "B: medium"), ("C", "C: slow mover")]


class ProductTemplate(models.Model):
    """What directed putaway needs to know about a product besides weight and volume."""

    _inherit = "product.template"

    wms_velocity_class = fields.Selection(
        VELOCITY_CLASSES, "Velocity class", default="B", required=True,
        help="How often it is picked: fast movers are put away near the dock and at waist height.")
    wms_temperature_class = fields.Selection(
        TEMPERATURE_CLASSES, "Storage temperature", default="ambient", required=True,
        help="Directed putaway only suggests bins of zones with this temperature class.")
