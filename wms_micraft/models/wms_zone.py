from odoo import api, fields, models
from odoo.exceptions import ValidationError

ZONE_TYPES = [
    ("pick", "Pick face"),
    ("reserve", "Reserve"),
    ("bulk", "Bulk"),
    ("cold", "Cold"),
    ("quarantine", "Quarantine"),
    ("staging", "Staging"),
    ("dock", "Dock"),
]

TEMPERATURE_CLASSES = [
    ("ambient", "Ambient (15-25 °C)"),
    ("chilled", "Chilled (2-8 °C)"),
    ("frozen", "Frozen (≤ -18 °C)"),
    ("controlled", "Controlled (other)"),
]


class WmsZone(models.Model):
    """A physical area of a warehouse whose bins share a purpose and climate.

    Putaway and picking reason on zones (a quarantine bin never receives
    saleable stock, a frozen product never leaves frozen zones), operators are
    assigned to zones, and labels carry the zone colour so a picker recognises
    the area from afar.
    """

    _name = "wms.zone"
    _description = "Warehouse Zone"
    _order = "warehouse_id, sequence, code"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code printed on labels and used in bin name patterns.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, ondelete="cascade", check_company=True, index=True
    )
    company_id = fields.Many2one(
        related="warehouse_id.company_id", store=True, index=True, precompute=True
    )
    zone_type = fields.Selection(ZONE_TYPES, required=True, default="pick")
    temperature_class = fields.Selection(TEMPERATURE_CLASSES, required=True, default="ambient")
    color = fields.Integer("Colour index", default=0, help="Colour in Odoo kanban and tags.")
    color_hex = fields.Char(
        "Label colour", default="#1F77B4", help="Colour of the zone band on printed bin labels (#RRGGBB)."
    )
    bin_ids = fields.One2many("stock.location", "wms_zone_id", string="Bins")
    bin_count = fields.Integer(compute="_compute_bin_count")

    _code_warehouse_unique = models.Constraint(
        "unique(warehouse_id, code)", "A zone code must be unique per warehouse."
    )

    @api.depends("bin_ids")
    def _compute_bin_count(self):
        counts = dict(
            self.env["stock.location"]._read_group(
                [("wms_zone_id", "in", self.ids)], ["wms_zone_id"], ["__count"]
            )
        )
        for zone in self:
            zone.bin_count = counts.get(zone, 0)

    @api.constrains("color_hex")
    def _check_color_hex(self):
        for zone in self:
            value = zone.color_hex or ""
            if value and not (
                len(value) == 7 and value[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in value[1:])
            ):
                raise ValidationError(
                    self.env._("Zone %(zone)s: label colour %(value)r is not a #RRGGBB colour.",
                               zone=zone.display_name, value=value)
                )

    def action_view_bins(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("wms_micraft.action_wms_bins")
        action["domain"] = [("wms_zone_id", "=", self.id)]
        action["context"] = {"default_wms_zone_id": self.id}
        return action
