from odoo import fields, models
from odoo.tools import SQL


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    wms_zone_ids = fields.One2many("wms.zone", "warehouse_id", string="Zones")
    wms_layout_ids = fields.One2many("wms.layout", "warehouse_id", string="Layout")
    wms_count_apply = fields.Selection(
        [("manager", "A manager applies them"), ("auto", "Applied at once")], "Scanner counts",
        default="manager", required=True,
        help="Counts that differ from Odoo's quantity wait in Odoo's Physical Inventory for a manager to "
             "apply (default), or are applied at once. Counts equal to Odoo's quantity are always applied.")

    def _wms_layout(self):
        """The warehouse's layout (one at most: ``wms.layout`` is unique per warehouse), or an empty recordset.

        ``self`` is one warehouse, or none (a location or operation type
        outside any warehouse): no layout then.
        """
        if self:
            self.ensure_one()
        return self.wms_layout_ids[:1]

    def _wms_get_or_create_layout(self):
        self.ensure_one()
        return self._wms_layout() or self.env["wms.layout"].create({"warehouse_id": self.id})

    def wms_map_data(self):
        """Everything the warehouse map draws, in a few queries whatever the number of bins.

        Returns ``{"warehouse", "layout": {has_layout, orientation, depot, aisles, cross_aisles,
        bounds}, "zones": [...], "bins": [{id, name, x, y, width, depth, level, zone_id, blocked,
        fill, fill_state, units}]}``.
        """
        self.ensure_one()
        self.check_access("read")
        layout = self._wms_layout()
        Occupancy = self.env["wms.bin.occupancy"]
        for model, fnames in Occupancy._depends.items():
            self.env[model].flush_model(fnames)
        # One query on the occupancy definition; the warehouse read check above covers its bins.
        self.env.cr.execute(SQL(
            """SELECT occ.id, occ.name, occ.x, occ.y, occ.level, occ.zone_id, occ.blocked, occ.fill,
                      occ.fill_state, occ.units, l.wms_width, l.wms_depth
                 FROM (%s) AS occ JOIN stock_location l ON l.id = occ.id
                WHERE occ.warehouse_id = %s AND occ.is_bin""",
            Occupancy._query(), self.id))
        keys = ("id", "name", "x", "y", "level", "zone_id", "blocked", "fill", "fill_state", "units", "width", "depth")
        bins = [dict(zip(keys, row)) for row in self.env.cr.fetchall()]
        xs = [b["x"] for b in bins] + [a.position for a in layout.aisle_ids]
        ys = [b["y"] for b in bins] + [v for a in layout.aisle_ids for v in (a.start, a.end)]
        if layout:
            xs.append(layout.depot_x)
            ys.append(layout.depot_y)
        return {
            "warehouse": {"id": self.id, "name": self.name},
            "layout": {
                "has_layout": bool(layout),
                "orientation": layout.orientation or "y",
                "depot": {"x": layout.depot_x, "y": layout.depot_y} if layout else None,
                "aisles": [{"name": a.name, "position": a.position, "start": a.start, "end": a.end}
                           for a in layout.aisle_ids],
                "cross_aisles": [{"name": c.name, "position": c.position} for c in layout.cross_aisle_ids],
                "bounds": {"min_x": min(xs, default=0.0), "max_x": max(xs, default=0.0),
                           "min_y": min(ys, default=0.0), "max_y": max(ys, default=0.0)},
            },
            "zones": [{"id": z.id, "name": z.name, "code": z.code, "color": z.color_hex} for z in self.wms_zone_ids],
            "bins": bins,
        }
