import psycopg2

from odoo import Command, api, models
from odoo.exceptions import UserError

from .wms_task import OPEN_STATES


class WmsTask(models.Model):
    """Pick tasks: one task picks one transfer, or one batch (cluster picking)."""

    _inherit = "wms.task"

    # Two pickers never pick the same lines: at most one open pick task per
    # transfer and per batch, enforced by PostgreSQL (a second insert waits
    # for the first transaction and then fails, whatever the worker).
    _one_open_pick_per_picking = models.UniqueIndex(
        f"(picking_id) WHERE task_type = 'pick' AND picking_id IS NOT NULL AND state IN {OPEN_STATES}")
    _one_open_pick_per_batch = models.UniqueIndex(
        f"(batch_id) WHERE task_type = 'pick' AND batch_id IS NOT NULL AND state IN {OPEN_STATES}")

    @api.model
    def _pick_task_for(self, source, user=None):
        """The open pick task of a transfer or batch, created (ready, or assigned to ``user``) if none.

        Raises a UserError naming the reason when the transfer cannot be
        picked by scan (done, nothing reserved, part of a batch, another
        operator on it).
        """
        source.ensure_one()
        _ = self.env._
        is_batch = source._name == "stock.picking.batch"
        if not is_batch and source.batch_id:
            raise UserError(_("Transfer %(picking)s is part of batch %(batch)s: pick the batch.",
                              picking=source.name, batch=source.batch_id.name))
        if source.state in ("done", "cancel", "draft"):
            raise UserError(_("%(name)s is %(state)s: there is nothing to pick.", name=source.name,
                              state=dict(source._fields["state"]._description_selection(self.env))[source.state]))
        key = "batch_id" if is_batch else "picking_id"
        task = self.search([(key, "=", source.id), ("task_type", "=", "pick"), ("state", "in", OPEN_STATES)],
                           limit=1)
        if task:
            if user and task.user_id and task.user_id != user:
                raise UserError(_("%(name)s is being picked by %(user)s.", name=source.name, user=task.user_id.name))
            return task
        lines = source.move_line_ids.filtered(lambda ml: ml.state not in ("done", "cancel") and not ml.picked)
        if not lines:
            raise UserError(_("%(name)s has nothing reserved left to pick: check availability first.",
                              name=source.name))
        if not any(lines.mapped("wms_route_sequence")):
            warehouse = source._wms_route_warehouse()
            layout = warehouse._wms_layout()
            if layout.aisle_ids and layout.cross_aisle_ids:
                source._wms_optimise_route()
        first = lines.sorted(lambda ml: (ml.wms_route_sequence or 10**9, ml.location_id.complete_name, ml.id))[:1]
        vals = {
            "task_type": "pick",
            "warehouse_id": source._wms_route_warehouse().id,
            key: source.id,
            "location_id": first.location_id.id,
            "move_line_ids": [Command.set(lines.ids)],
            "quantity": sum(lines.mapped("quantity_product_uom")),
            "product_id": lines.product_id.id if len(lines.product_id) == 1 else False,
        }
        if user:
            vals.update(state="assigned", user_id=user.id, date_assigned=self.env.cr.now())
        try:
            with self.env.cr.savepoint():
                task = self.create(vals)
                task.flush_recordset()
        except psycopg2.errors.UniqueViolation:
            raise UserError(_("%(name)s is being taken by another operator right now.", name=source.name)) from None
        return task


class WmsPickRelease(models.AbstractModel):
    """"Send to scanners": turn transfers and batches into pick tasks in the queue."""

    _inherit = "wms.pick.route.mixin"

    def action_wms_release_pick(self):
        tasks = self.env["wms.task"]
        for record in self:
            tasks |= self.env["wms.task"]._pick_task_for(record)
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {"type": "success", "sticky": False,
                       "message": self.env._("%(count)s pick task(s) in the queue: %(names)s",
                                             count=len(tasks), names=", ".join(tasks.mapped("name")))},
        }


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _wms_lot_substitution_refusal(self, lot):
        """Why ``lot`` may not be picked instead of the reserved lot of this line (None when it may).

        The lot must be in the same bin with enough unreserved stock, not past
        its removal date, and, where the removal strategy is FEFO, not expire
        later than the reserved lot (Odoo would have reserved it first
        otherwise); a serial already picked from the bin by another line is
        gone. Customer shelf-life rules (minimum remaining shelf life)
        extend this method with ``super()``.
        """
        from ..services import messages

        self.ensure_one()
        env = self.env
        if self.product_id.tracking == "serial":
            # A serial is one unit: once picked from this bin by another line, it is gone.
            taken = env["stock.move.line"].search_fetch(
                [("lot_id", "=", lot.id), ("location_id", "=", self.location_id.id), ("picked", "=", True),
                 ("state", "not in", ("done", "cancel")), ("id", "!=", self.id)], ["picking_id"], limit=1)
            if taken:
                return messages.serial_already_picked(env, lot.name, taken.picking_id.name)
        if lot.removal_date and lot.removal_date <= env.cr.now():
            return messages.lot_past_removal(env, lot.name, lot.removal_date.date().isoformat())
        # Free of that lot in the bin, in the line's package and owner: what the line may take (Odoo's count).
        free = float(env["stock.quant"]._get_available_quantity(
            self.product_id, self.location_id, lot_id=lot, package_id=self.package_id, owner_id=self.owner_id,
            strict=True))
        if self.product_id.uom_id.compare(free, self.quantity_product_uom) < 0:
            return messages.lot_not_enough_in_bin(env, lot.name, self.location_id.display_name, free,
                                                  self.quantity_product_uom, self.product_id.uom_id.name)
        reserved_lot = self.lot_id
        strategy = env["stock.quant"]._get_removal_strategy(self.product_id, self.location_id)
        if strategy == "fefo" and reserved_lot:
            def due(record):
                return record.removal_date or record.expiration_date

            if due(reserved_lot) and (not due(lot) or due(lot) > due(reserved_lot)):
                return messages.lot_breaks_fefo(
                    env, lot.name, due(lot) and due(lot).date().isoformat() or "-",
                    reserved_lot.name, due(reserved_lot).date().isoformat())
        return None
