from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    wms_zone_ids = fields.One2many("wms.zone", "warehouse_id", string="Zones")
    wms_layout_ids = fields.One2many("wms.layout", "warehouse_id", string="Layout")

    def _wms_get_or_create_layout(self):
        self.ensure_one()
        layout = self.env["wms.layout"].search([("warehouse_id", "=", self.id)], limit=1)
        return layout or self.env["wms.layout"].create({"warehouse_id": self.id})

    def wms_map_data(self, fill_by="fill"):
        """Everything the warehouse map draws, in a few grouped queries.

        Returns ``{"layout": {...aisles, cross aisles, depot, bounds}, "bins": [...], "zones": [...]}``
        with each bin's coordinates, fill % and fill state.
        """
        self.ensure_one()
        layout = self.env["wms.layout"].search([("warehouse_id", "=", self.id)], limit=1)
        Occupancy = self.env["wms.bin.occupancy"]
        rows = Occupancy.search_read(
            [("warehouse_id", "=", self.id), ("is_bin", "=", True)],
            ["bin_id", "name", "x", "y", "z", "level", "zone_id", "blocked", "fill", "fill_state", "units"],
        )
        bins = [
            {
                "id": r["bin_id"][0],
                "name": r["name"],
                "x": r["x"],
                "y": r["y"],
                "level": r["level"],
                "zone_id": r["zone_id"] and r["zone_id"][0],
                "blocked": r["blocked"],
                "fill": r["fill"],
                "fill_state": r["fill_state"],
                "units": r["units"],
            }
            for r in rows
        ]
        xs = [b["x"] for b in bins] + [a.position for a in layout.aisle_ids] + [layout.depot_x or 0.0]
        ys = [b["y"] for b in bins] + [a.end for a in layout.aisle_ids] + [a.start for a in layout.aisle_ids] + [layout.depot_y or 0.0]
        return {
            "warehouse": {"id": self.id, "name": self.name},
            "layout": {
                "orientation": layout.orientation or "y",
                "depot": {"x": layout.depot_x, "y": layout.depot_y},
                "aisles": [{"name": a.name, "position": a.position, "start": a.start, "end": a.end} for a in layout.aisle_ids],
                "cross_aisles": [{"name": c.name, "position": c.position} for c in layout.cross_aisle_ids],
                "bounds": {"min_x": min(xs), "max_x": max(xs), "min_y": min(ys), "max_y": max(ys)},
            },
            "zones": [{"id": z.id, "name": z.name, "code": z.code, "color": z.color_hex} for z in self.wms_zone_ids],
            "bins": bins,
        }
