from odoo import models
from odoo.exceptions import UserError


class WmsTask(models.Model):
    """Putaway tasks execute the planned (open) move lines of a receipt or storage transfer.

    The progress of a putaway lives in those lines, never in memory: a line
    placed in a bin is ``picked`` (split from the rest when only part of it
    was placed), the lines not picked yet are what is left to do. Validation
    goes through Odoo's ``button_validate`` on the task's own moves.
    """

    _inherit = "wms.task"

    def _wms_sync_putaway_quantity(self):
        """Quantity and destination follow the task's open lines (they are split and re-planned)."""
        for task in self:
            lines = task.move_line_ids.filtered(lambda line: line.state not in ("done", "cancel"))
            if lines:
                todo = lines.filtered(lambda line: not line.picked) or lines
                task.sudo().write({"quantity": sum(lines.mapped("quantity_product_uom")),
                            "location_dest_id": todo[0].location_dest_id.id,
                            "picking_id": todo[0].picking_id.id})

    def _wms_open_lines(self):
        self.ensure_one()
        return self.move_line_ids.filtered(lambda line: line.state not in ("done", "cancel")).sorted("id")

    def _wms_todo_lines(self):
        """Lines still to put away, in order."""
        return self._wms_open_lines().filtered(lambda line: not line.picked)

    def _wms_placed_quantity(self):
        return sum(self._wms_open_lines().filtered("picked").mapped("quantity_product_uom"))

    def _wms_place(self, line, bin_, quantity, lot=None):
        """Put ``quantity`` (in the product's UoM) of ``line`` in ``bin_``: the placed part becomes a picked line
        of its own, written in the line's UoM where it converts exactly (``stock.move.line._wms_quantity_vals``)."""
        self.ensure_one()
        uom = line.product_id.uom_id
        lot_vals = {"lot_id": lot.id} if lot and not line.lot_id else {}
        if uom.compare(quantity, line.quantity_product_uom) >= 0:
            line.write({"location_dest_id": bin_.id, "picked": True, **lot_vals})
            placed = line
        else:
            rest_vals = line._wms_quantity_vals(line.quantity_product_uom - quantity)
            placed_vals = {"product_uom_id": line.product_uom_id.id, **line._wms_quantity_vals(quantity)}
            line.write(rest_vals)
            placed = line.copy({**placed_vals, "location_dest_id": bin_.id, "move_id": line.move_id.id,
                                **lot_vals})
            placed.picked = True
            line.picked = False
            self._link_move_lines(placed)
            for suggestion in line.wms_putaway_suggestion_ids.sudo().filtered(lambda s: s.state == "open"):
                suggestion.copy({"move_line_id": placed.id, "quantity": quantity})
                suggestion.quantity -= quantity
        self._wms_sync_putaway_quantity()
        return placed

    def _wms_replan(self, line, exclude_bins, reason):
        """Plan ``line`` again with the engine, never into ``exclude_bins``; returns the task's next line."""
        self.ensure_one()
        line.with_context(wms_putaway_exclude_bins=list(exclude_bins), wms_putaway_reason=reason)._apply_putaway_strategy()
        self._wms_sync_putaway_quantity()
        return self._wms_todo_lines()[:1]

    def _wms_validate_putaway(self):
        """Validate the placed lines through Odoo; what was not placed goes to an Odoo backorder.

        The task's moves are first taken apart from the other moves of their
        transfer (those go to a backorder with their lines untouched, so other
        tasks keep theirs), whatever the operation type's backorder policy.
        """
        self.ensure_one()
        lines = self._wms_open_lines()
        placed = lines.filtered("picked")
        if not placed:
            raise UserError(self.env._("Task %(task)s: nothing was put away yet.", task=self.name))
        picking = placed.picking_id
        moves = lines.move_id
        others = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")) - moves
        if others:
            backorder = picking._create_backorder(backorder_moves=others)
            # Every task of those lines, whoever's (the operator's record rules would hide the others').
            self.sudo().search([("move_line_ids", "in", backorder.move_line_ids.ids),
                                ("state", "not in", ("done", "cancel"))]).write({"picking_id": backorder.id})
        # The lot was checked at scan time (not expired, not held); Odoo's
        # backorder wizard is skipped: the rest of a short putaway is kept.
        picking._wms_validate_scanned()
        self._mark_done(sum(placed.mapped("quantity_product_uom")))
        # Odoo moved the rest (and lines planned meanwhile) to a backorder: tasks follow their lines.
        self.sudo().search([("picking_id", "=", picking.id), ("task_type", "=", "putaway"),
                     ("state", "not in", ("done", "cancel"))])._wms_sync_putaway_quantity()
        return picking
