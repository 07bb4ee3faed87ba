from collections import defaultdict
from datetime import timedelta

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import batching, routing
from ..engine import layout as layout_engine
from ..engine.odoo_batching import odoo_style_carts

# Seed of the batching engine: the same deliveries give the same carts.
PLAN_SEED = 0


class WmsWavePlan(models.TransientModel):
    """"Plan wave": the carts of a wave template's deliveries, previewed, then released.

    The preview writes nothing but its own rows: orders, lines, carts with
    their route and minutes, beside picking one order at a time and Odoo's
    own automatic batching of the same orders. "Release" locks the
    deliveries, skips those another supervisor took meanwhile, and writes
    one Odoo batch (or wave) per cart, route-optimised, with its pick task.
    """

    _name = "wms.wave.plan"
    _description = "Plan wave"

    template_id = fields.Many2one("wms.wave.template", "Wave template", required=True, ondelete="cascade")
    warehouse_id = fields.Many2one(related="template_id.warehouse_id")
    state = fields.Selection([("draft", "Draft"), ("preview", "Preview"), ("released", "Released")],
                             default="draft", required=True, readonly=True)
    line_ids = fields.One2many("wms.wave.plan.cart", "plan_id", string="Planned carts", readonly=True)
    excluded_ids = fields.One2many("wms.wave.plan.excluded", "plan_id", string="Left out", readonly=True)
    order_count = fields.Integer("Orders", readonly=True)
    move_line_count = fields.Integer("Lines", readonly=True)
    cart_count = fields.Integer("Carts", readonly=True)
    route_length = fields.Float("Route (m)", digits=(12, 1), readonly=True,
                                help="Total walk of the planned carts, each by the shortest route.")
    minutes = fields.Float("Minutes", digits=(12, 2), readonly=True,
                           help="Walking (at the template's speed) plus the template's seconds per line.")
    single_length = fields.Float("One order at a time (m)", digits=(12, 1), readonly=True,
                                 help="Total walk when each order is picked alone, by its shortest route.")
    single_minutes = fields.Float("One order at a time (min)", digits=(12, 2), readonly=True)
    odoo_cart_count = fields.Integer("Odoo's batches", readonly=True)
    odoo_length = fields.Float(
        "Odoo's batching (m)", digits=(12, 1), readonly=True,
        help="Odoo's own automatic batching of the same orders, emulated: grouped by customer in creation order, "
             "each cart filled up to the same limits (Odoo does not look at the bins), each walked by the "
             "shortest route.")
    odoo_minutes = fields.Float("Odoo's batching (min)", digits=(12, 2), readonly=True)
    saving_single = fields.Float("Saved vs one order at a time (%)", digits=(5, 1), readonly=True)
    saving_odoo = fields.Float("Saved vs Odoo's batching (%)", digits=(5, 1), readonly=True)
    batch_ids = fields.Many2many("stock.picking.batch", string="Released batches", readonly=True)
    skipped_picking_ids = fields.Many2many(
        "stock.picking", "wms_wave_plan_skipped_rel", string="Skipped at release", readonly=True,
        help="Planned deliveries another user batched, validated or changed between the preview and the release.")
    result = fields.Text(readonly=True)

    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "new", "name": self.env._("Plan wave"),
        }

    # ------------------------------------------------------------------
    # Preview
    # ------------------------------------------------------------------

    def action_preview(self):
        """Plan the template's deliveries into carts; nothing but this preview is written."""
        self.ensure_one()
        self.check_access("write")
        if self.state == "released":
            raise UserError(self.env._("This wave is already released: open Plan wave again for a new one."))
        template = self.template_id
        candidates = template._candidate_pickings()
        ready, excluded = self._split_by_reservation(candidates)
        preview = self._plan(template, ready)
        for order_id, reason in preview["left_out"].items():
            excluded.append((order_id, self._reason_label(reason)))
        # The same orders and lines in all three: only the walking differs.
        lines = preview["lines"]
        self.write({
            "state": "preview",
            "line_ids": [Command.clear()] + [Command.create(vals) for vals in preview["carts"]],
            "excluded_ids": [Command.clear()] + [Command.create({"picking_id": picking_id, "reason": reason})
                                                 for picking_id, reason in excluded],
            "order_count": preview["orders"],
            "move_line_count": preview["lines"],
            "cart_count": len(preview["carts"]),
            "route_length": preview["length"],
            "minutes": template._minutes(preview["length"], lines),
            "single_length": preview["single_length"],
            "single_minutes": template._minutes(preview["single_length"], lines),
            "odoo_cart_count": preview["odoo_carts"],
            "odoo_length": preview["odoo_length"],
            "odoo_minutes": template._minutes(preview["odoo_length"], lines),
            "saving_single": self._saving(preview["length"], preview["single_length"]),
            "saving_odoo": self._saving(preview["length"], preview["odoo_length"]),
        })
        return self._reopen()

    @staticmethod
    def _saving(ours, theirs):
        return 100.0 * (theirs - ours) / theirs if theirs else 0.0

    def _reason_label(self, code):
        _ = self.env._
        return {
            "wave_full": _("The wave is full (orders or lines per wave)."),
            "too_big_for_a_cart": _("Larger than one cart (lines, weight or volume) and splitting is off."),
            "empty": _("Nothing reserved to pick."),
        }.get(code, code)

    def _split_by_reservation(self, pickings):
        """Fully reserved deliveries, and the others with the reason (one query for every move state)."""
        _ = self.env._
        groups = self.env["stock.move"]._read_group(
            [("picking_id", "in", pickings.ids), ("state", "not in", ("done", "cancel"))],
            ["picking_id", "state"], ["__count"])
        states = defaultdict(dict)
        for picking, state, count in groups:
            states[picking.id][state] = count
        ready, excluded = [], []
        for picking in pickings:
            counts = states.get(picking.id, {})
            total = sum(counts.values())
            reserved = counts.get("assigned", 0)
            if total and reserved == total:
                ready.append(picking.id)
            elif reserved or counts.get("partially_available"):
                excluded.append((picking.id, _("Partly reserved: %(reserved)s of %(total)s moves fully reserved.",
                                               reserved=reserved, total=total)))
            else:
                excluded.append((picking.id, _("Not reserved: check availability first.")))
        return self.env["stock.picking"].browse(ready), excluded

    def _engine_orders(self, template, pickings):
        """The deliveries as engine orders, their move lines in engine line order, and the layout.

        Lines are read in one search and their bins and products by prefetch
        (no query per line). A line whose source is not a bin of the layout
        counts from the depot: it still weighs on the cart, and is picked
        last, by name, as in the route optimisation.
        """
        layout = template.warehouse_id._wms_layout()
        if not layout or not layout.aisle_ids or not layout.cross_aisle_ids:
            raise UserError(self.env._(
                "Warehouse %s has no layout with aisles and cross aisles: waves cannot be planned. "
                "Generate its bins or draw its layout first.", template.warehouse_id.display_name))
        engine_layout = layout._engine_layout()
        lines = self.env["stock.move.line"].search_fetch(
            [("picking_id", "in", pickings.ids), ("state", "not in", ("done", "cancel"))],
            ["picking_id", "location_id", "product_id", "quantity_product_uom"], order="picking_id, id")
        placed, _others, points = layout._line_points(lines, engine_layout)
        depot = layout_engine.depot_point(engine_layout)
        point_of = dict(zip(placed.ids, points))
        lines_of = defaultdict(list)
        for line in lines:
            lines_of[line.picking_id.id].append(line)
        orders = []
        cutoff = timedelta(hours=template.cutoff_hours)
        for picking in pickings:
            engine_lines = tuple(
                batching.Line(point_of.get(ml.id, depot), ml.product_id.weight * ml.quantity_product_uom,
                              ml.product_id.volume * ml.quantity_product_uom, ml.quantity_product_uom)
                for ml in lines_of[picking.id])
            orders.append(batching.Order(picking.id, engine_lines, int(picking.priority or 0),
                                         picking.scheduled_date - cutoff if picking.scheduled_date else None))
        return orders, lines_of, engine_layout

    def _plan(self, template, pickings):
        """Carts of the batching engine and both baselines for ``pickings`` (fully reserved)."""
        result = {"carts": [], "left_out": {}, "orders": 0, "lines": 0, "length": 0.0, "single_length": 0.0,
                  "odoo_carts": 0, "odoo_length": 0.0}
        if not pickings:
            return result
        orders, lines_of, engine_layout = self._engine_orders(template, pickings)
        limits = template._cart_limits()
        plan = batching.plan_carts(orders, limits, engine_layout, template._wave_limits(), seed=PLAN_SEED,
                                   time_budget=template.time_budget, allow_split=template.allow_split)
        by_id = {order.id: order for order in orders}
        for number, cart in enumerate(plan.carts, start=1):
            move_lines = [lines_of[order_id][k] for order_id, k in cart.route]
            engine_lines = [by_id[order_id].lines[k] for order_id, k in cart.route]
            picking_ids = list(dict.fromkeys(cart.order_ids))
            result["carts"].append({
                "sequence": number,
                "picking_ids": [Command.set(picking_ids)],
                "move_line_ids": [Command.set([ml.id for ml in move_lines])],
                "order_count": len(picking_ids),
                "move_line_count": len(move_lines),
                "weight": sum(line.weight for line in engine_lines),
                "volume": sum(line.volume for line in engine_lines),
                "route_length": cart.length,
                "minutes": template._minutes(cart.length, len(move_lines)),
            })
        planned = [order for order in orders if order.id not in plan.left_out]
        result.update(
            left_out=plan.left_out, orders=len(planned), lines=sum(len(order.lines) for order in planned),
            length=plan.length, single_length=batching.single_order_length(engine_layout, planned))
        partner_of = {picking.id: picking.partner_id.id for picking in pickings}
        odoo_carts = odoo_style_carts(planned, partner_of, limits)
        result["odoo_carts"] = len(odoo_carts)
        result["odoo_length"] = sum(
            routing.shortest_route(engine_layout, [line.point for order in cart for line in order.lines]).length
            for cart in odoo_carts)
        return result

    # ------------------------------------------------------------------
    # Release
    # ------------------------------------------------------------------

    def action_release(self):
        """Write one batch (or wave) per cart, with its route and pick task; skip deliveries taken meanwhile.

        The planned deliveries are locked (``FOR UPDATE SKIP LOCKED``) and
        checked again under the lock: a delivery another supervisor is
        releasing right now (locked), or batched, validated or unreserved
        since the preview, is skipped and reported, never put in two batches.
        """
        self.ensure_one()
        _ = self.env._
        # Supervisors only: the wizard's rights, not the batches' (every stock user may create those).
        self.check_access("write")
        if self.state != "preview":
            raise UserError(_("Preview the wave before releasing it."))
        template = self.template_id
        planned = self.line_ids.picking_ids
        free = self._lock_free_pickings(planned)
        split = self._split_pickings(free)
        free -= self._split_changed(split)
        skipped = planned - free
        batches = self.env["stock.picking.batch"]
        tasks = self.env["wms.task"]
        for cart in self.line_ids.sorted("sequence"):
            pickings = cart.picking_ids & free
            if not pickings:
                continue
            batch = self.env["stock.picking.batch"].create({
                "picking_type_id": template.picking_type_id.id,
                "company_id": template.company_id.id,
                "is_wave": template.create_as_wave,
                "description": _("%(template)s, cart %(cart)s", template=template.name, cart=cart.sequence),
            })
            # A part of a split order (waves only): Odoo splits the delivery and waves the part
            # (the last part takes the delivery itself).
            parts = cart.move_line_ids.filtered(lambda ml, split=pickings & split: ml.picking_id in split)
            if parts:
                parts._add_to_wave(batch)
            if pickings - split:
                (pickings - split).write({"batch_id": batch.id})
            batch.action_confirm()
            batch.action_wms_optimise_route()
            tasks |= self.env["wms.task"]._pick_task_for(batch)
            batches |= batch
        message = _("%(count)s batch(es) released: %(names)s.", count=len(batches),
                    names=", ".join(batches.mapped("name")) or "-")
        if skipped:
            message += "\n" + _("Skipped, taken or changed by someone else since the preview: %s.",
                                ", ".join(skipped.mapped("name")))
        self.write({"state": "released", "batch_ids": [Command.set(batches.ids)],
                    "skipped_picking_ids": [Command.set(skipped.ids)], "result": message})
        return self._reopen()

    def _split_pickings(self, pickings):
        """The deliveries of ``pickings`` the plan cuts into parts on several carts."""
        return pickings.filtered(lambda p: len(self.line_ids.filtered(lambda cart: p in cart.picking_ids)) > 1)

    def _split_changed(self, split):
        """Split deliveries whose open lines are no longer those planned (re-reserved since the preview)."""
        planned = self.line_ids.move_line_ids
        return split.filtered(lambda p: p.move_line_ids.filtered(lambda ml: ml.state not in ("done", "cancel"))
                              != planned.filtered(lambda ml, p=p: ml.picking_id == p))

    def _lock_free_pickings(self, pickings):
        """The deliveries of ``pickings`` this transaction has locked and that are still free to batch.

        Free: reserved and in no open batch, read again under the lock (the
        cache may predate another supervisor's commit).
        """
        if not pickings:
            return pickings
        self.env.flush_all()
        # NO KEY UPDATE, as Odoo's own writes lock: two releases exclude each other, while the
        # deliveries' moves and lines may still be written by others meanwhile.
        self.env.cr.execute(SQL(
            """SELECT id FROM stock_picking WHERE id IN %s ORDER BY id FOR NO KEY UPDATE SKIP LOCKED""",
            tuple(pickings.ids)))
        locked = [row[0] for row in self.env.cr.fetchall()]
        if not locked:
            return pickings.browse()
        self.env.cr.execute(SQL(
            """SELECT p.id FROM stock_picking p LEFT JOIN stock_picking_batch b ON b.id = p.batch_id
                WHERE p.id IN %s AND p.state = 'assigned' AND (p.batch_id IS NULL OR b.state IN ('done', 'cancel'))""",
            tuple(locked)))
        free = pickings.browse([row[0] for row in self.env.cr.fetchall()])
        pickings.invalidate_recordset(["batch_id", "state"])
        return free


class WmsWavePlanCart(models.TransientModel):
    _name = "wms.wave.plan.cart"
    _description = "Planned cart"
    _order = "plan_id, sequence"

    plan_id = fields.Many2one("wms.wave.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer("Cart", readonly=True)
    picking_ids = fields.Many2many("stock.picking", string="Deliveries", readonly=True)
    move_line_ids = fields.Many2many("stock.move.line", string="Move lines", readonly=True)
    order_count = fields.Integer("Orders", readonly=True)
    move_line_count = fields.Integer("Lines", readonly=True)
    weight = fields.Float("Weight (kg)", digits=(12, 2), readonly=True)
    volume = fields.Float("Volume (m³)", digits=(12, 4), readonly=True)
    route_length = fields.Float("Route (m)", digits=(12, 1), readonly=True)
    minutes = fields.Float("Minutes", digits=(12, 2), readonly=True)


class WmsWavePlanExcluded(models.TransientModel):
    _name = "wms.wave.plan.excluded"
    _description = "Delivery left out of a wave"

    plan_id = fields.Many2one("wms.wave.plan", required=True, ondelete="cascade", index=True)
    picking_id = fields.Many2one("stock.picking", "Delivery", readonly=True)
    reason = fields.Char(readonly=True)

