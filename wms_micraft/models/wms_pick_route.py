from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import layout as layout_engine
from ..engine import picklist, routing


class WmsPickRouteMixin(models.AbstractModel):
    """The shortest walking route through the bins of a transfer or a batch.

    Odoo lists pick lines by location name; this computes the visiting order
    that minimises the walk along aisles and cross aisles (``engine/routing/``:
    exact where the layout allows it), stores it as ``wms_route_sequence`` on
    the move lines, and keeps the route length beside the length of Odoo's
    order so the supervisor sees the metres saved.
    """

    _name = "wms.pick.route.mixin"
    _description = "Pick route"

    wms_route_length = fields.Float("Route (m)", digits=(12, 1), readonly=True, copy=False,
                                    help="Walking distance of the optimised route, depot to depot.")
    wms_route_length_odoo = fields.Float("Odoo order (m)", digits=(12, 1), readonly=True, copy=False,
                                         help="Walking distance when bins are visited by location name.")
    wms_route_exact = fields.Boolean("Proven shortest", readonly=True, copy=False)
    wms_route_saving = fields.Float("Saved (%)", compute="_compute_wms_route_saving", digits=(5, 1))

    @api.depends("wms_route_length", "wms_route_length_odoo")
    def _compute_wms_route_saving(self):
        for record in self:
            odoo = record.wms_route_length_odoo
            record.wms_route_saving = 100.0 * (odoo - record.wms_route_length) / odoo if odoo else 0.0

    def _wms_route_lines(self):
        raise NotImplementedError

    def _wms_route_warehouse(self):
        raise NotImplementedError

    def action_wms_optimise_route(self):
        """Compute and store the shortest route through the source bins of the open move lines."""
        for record in self:
            record._wms_optimise_route()
        return True

    def _wms_optimise_route(self):
        self.ensure_one()
        lines = self._wms_route_lines().filtered(lambda ml: ml.state not in ("done", "cancel"))
        if not lines:
            raise UserError(self.env._("%s has no line to pick.", self.display_name))
        warehouse = self._wms_route_warehouse()
        layout = warehouse._wms_layout()
        if not layout or not layout.aisle_ids or not layout.cross_aisle_ids:
            raise UserError(self.env._(
                "Warehouse %s has no layout with aisles and cross aisles: the route cannot be computed.",
                warehouse.display_name))
        engine_layout = layout._engine_layout()
        # Lines outside the layout (no bin coordinates, another warehouse) are walked last, by name.
        placed, others, points = layout._line_points(lines, engine_layout)
        names = [ml.location_id.complete_name for ml in placed]
        best = routing.shortest_route(engine_layout, points)
        odoo = routing.odoo_order(engine_layout, points, names)
        ordered = [placed[i] for i in best.order] + list(others)
        for sequence, line in enumerate(ordered, start=1):
            line.wms_route_sequence = sequence
        self.write({
            "wms_route_length": best.length,
            "wms_route_length_odoo": odoo.length,
            "wms_route_exact": best.exact,
        })
        return best


    def action_wms_print_picklist(self):
        """PDF pick list in route order (the route is computed first if needed)."""
        self.ensure_one()
        if not self.wms_route_length:
            self._wms_optimise_route()
        lines = self._wms_route_lines().filtered(lambda ml: ml.state not in ("done", "cancel"))
        _ = self.env._
        rows = [{
            "sequence": ml.wms_route_sequence, "bin": ml.location_id.name, "product": ml.product_id.display_name,
            "lot": ml.lot_id.name or "", "quantity": ml.quantity, "uom": ml.product_uom_id.name,
        } for ml in lines.sorted(lambda ml: (ml.wms_route_sequence, ml.id))]
        subtitle = _("Route %(route).1f m, Odoo's order %(odoo).1f m (%(saved).0f%% shorter)%(exact)s",
                     route=self.wms_route_length, odoo=self.wms_route_length_odoo, saved=self.wms_route_saving,
                     exact=_(", proven shortest") if self.wms_route_exact else "")
        pdf = picklist.render_picklist(
            _("Pick list %s", self.display_name), rows, subtitle=subtitle,
            headers=["#", _("Bin"), _("Product"), _("Lot"), _("Qty"), "✓"])
        attachment = self.env["ir.attachment"].create({
            "name": f"picklist_{self.display_name.replace('/', '_')}.pdf", "raw": pdf,
            "mimetype": "application/pdf", "res_model": self._name, "res_id": self.id,
        })
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    # ------------------------------------------------------------------
    # The route on the warehouse map
    # ------------------------------------------------------------------

    def _wms_route_map_layout(self):
        """The layout the route is walked on, or a UserError saying why there is none."""
        self.ensure_one()
        warehouse = self._wms_route_warehouse()
        layout = warehouse._wms_layout()
        if not layout or not layout.aisle_ids or not layout.cross_aisle_ids:
            raise UserError(self.env._(
                "%(record)s cannot be shown on the map: warehouse %(warehouse)s has no layout with aisles "
                "and cross aisles. Generate its bins or draw its layout first.",
                record=self.display_name, warehouse=warehouse.display_name or self.env._("(none)")))
        return layout

    def _wms_route_map_lines(self, warehouse):
        """Open lines on the map in route order, and the others (no bin on the layout).

        Same split as ``_wms_optimise_route``: only bins of the warehouse with
        coordinates are walked; the rest comes last, by name.
        """
        lines = self._wms_route_lines().filtered(lambda ml: ml.state not in ("done", "cancel"))
        placed = lines.filtered(lambda ml: ml.location_id.wms_is_bin and ml.location_id.warehouse_id == warehouse)
        return placed.sorted(lambda ml: (ml.wms_route_sequence, ml.id)), lines - placed

    def wms_route_map_data(self):
        """The pick route of this transfer or batch, drawn by the warehouse map.

        The map opens on it with the client action params ``{res_model, res_id}``
        (button "Route on map"). The route is computed first when it never was,
        or when the lines changed since (a line without a route position, or
        stored lengths that no longer match the lines' bins), so that the line
        drawn, the numbers and the pick list always agree.

        Returns plain JSON, coordinates in metres on the map::

            {"warehouse_id", "model", "id", "name",
             "stops": [{"sequence": 1.., "bin_id", "name", "x", "y" (the bin),
                        "pick_x", "pick_y" (where the picker stands, on the aisle),
                        "lines": [{"sequence", "product", "lot", "quantity", "uom"}]}],
             "path": [[x, y], ...],       # depot -> stops in route order -> depot, along aisles
             "path_odoo": [[x, y], ...],  # the same bins in Odoo's order (by location name)
             "length", "length_odoo",     # metres, as stored on the record
             "exact",                     # the route is proven shortest
             "saving",                    # % shorter than Odoo's order
             "off_map": [{"sequence", "name", "lines"}]}  # lines in bins without map coordinates

        Raises UserError when there is nothing to pick or the warehouse has no layout.
        """
        self.ensure_one()
        self.check_access("read")
        layout = self._wms_route_map_layout()
        engine_layout = layout._engine_layout()
        warehouse = layout.warehouse_id

        def locate(lines):
            return [layout_engine.locate(engine_layout, ml.location_id.wms_x, ml.location_id.wms_y) for ml in lines]

        def by_name(lines):
            return lines.sorted(lambda ml: (ml.location_id.complete_name, ml.id))

        placed, others = self._wms_route_map_lines(warehouse)
        stale = not (placed | others) or any(not ml.wms_route_sequence for ml in placed | others)
        if not stale:
            # Stored lengths are rounded to 0.1 m: a larger gap means the bins changed since.
            slack = 0.05 + 1e-6
            stale = (abs(layout_engine.tour_length(engine_layout, locate(placed)) - self.wms_route_length) > slack
                     or abs(layout_engine.tour_length(engine_layout, locate(by_name(placed)))
                            - self.wms_route_length_odoo) > slack)
        if stale:
            self._wms_optimise_route()
            placed, others = self._wms_route_map_lines(warehouse)
        points = locate(placed)
        odoo_points = locate(by_name(placed))

        def line_data(ml):
            return {"sequence": ml.wms_route_sequence, "product": ml.product_id.display_name,
                    "lot": ml.lot_id.name or ml.lot_name or "", "quantity": ml.quantity,
                    "uom": ml.product_uom_id.name}

        stops = []
        for ml, point in zip(placed, points):
            # Consecutive lines in one bin are one stop: the picker stops there once.
            if stops and stops[-1]["bin_id"] == ml.location_id.id:
                stops[-1]["lines"].append(line_data(ml))
                continue
            pick_x, pick_y = engine_layout.to_xy(point.u, point.v)
            stops.append({
                "sequence": len(stops) + 1, "bin_id": ml.location_id.id, "name": ml.location_id.name,
                "x": ml.location_id.wms_x, "y": ml.location_id.wms_y, "pick_x": pick_x, "pick_y": pick_y,
                "lines": [line_data(ml)],
            })
        off_map = [{"sequence": ml.wms_route_sequence, "name": ml.location_id.display_name, "lines": [line_data(ml)]}
                   for ml in others.sorted(lambda ml: (ml.wms_route_sequence, ml.id))]
        return {
            "warehouse_id": warehouse.id,
            "model": self._name,
            "id": self.id,
            "name": self.display_name,
            "stops": stops,
            "path": [list(xy) for xy in layout_engine.route_path(engine_layout, points, range(len(points)))],
            "path_odoo": [list(xy) for xy in layout_engine.route_path(engine_layout, odoo_points,
                                                                     range(len(odoo_points)))],
            "length": self.wms_route_length,
            "length_odoo": self.wms_route_length_odoo,
            "exact": self.wms_route_exact,
            "saving": self.wms_route_saving,
            "off_map": off_map,
        }

    def action_wms_route_map(self):
        """Open the warehouse map on the pick route of this transfer or batch."""
        self.ensure_one()
        # Refuse here, on the form, rather than on an empty map.
        self._wms_route_map_layout()
        return {
            "type": "ir.actions.client",
            "tag": "wms_micraft.warehouse_map",
            "name": self.env._("Route of %s", self.display_name),
            "params": {"res_model": self._name, "res_id": self.id},
        }


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "wms.pick.route.mixin"]

    def _wms_route_lines(self):
        return self.move_line_ids

    def _wms_route_warehouse(self):
        return self.picking_type_id.warehouse_id


class StockPickingBatch(models.Model):
    _name = "stock.picking.batch"
    _inherit = ["stock.picking.batch", "wms.pick.route.mixin"]

    def _wms_route_lines(self):
        return self.move_line_ids

    def _wms_route_warehouse(self):
        return self.picking_type_id.warehouse_id or self.picking_ids.picking_type_id.warehouse_id[:1]


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    wms_route_sequence = fields.Integer("Route order", copy=False, index=True,
                                        help="Position of this line on the optimised pick route.")
