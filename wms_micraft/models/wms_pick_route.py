from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import layout as layout_engine
from ..engine import picklist, routing


class WmsPickRouteMixin(models.AbstractModel):
    """The shortest walking route through the bins of a transfer or a batch.

    Odoo lists pick lines by location name; this computes the visiting order
    that minimises the walk along aisles and cross aisles (``engine/routing.py``:
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
        layout = self.env["wms.layout"].search([("warehouse_id", "=", warehouse.id)], limit=1)
        if not layout or not layout.aisle_ids or not layout.cross_aisle_ids:
            raise UserError(self.env._(
                "Warehouse %s has no layout with aisles and cross aisles: the route cannot be computed.",
                warehouse.display_name))
        engine_layout = layout._engine_layout()
        # Lines outside the layout (no bin coordinates, another warehouse) are walked last, by name.
        placed = lines.filtered(lambda ml: ml.location_id.wms_is_bin and ml.location_id.warehouse_id == warehouse)
        others = (lines - placed).sorted(lambda ml: (ml.location_id.complete_name, ml.id))
        placed = placed.sorted(lambda ml: (ml.location_id.complete_name, ml.id))
        points = [layout_engine.locate(engine_layout, ml.location_id.wms_x, ml.location_id.wms_y) for ml in placed]
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
