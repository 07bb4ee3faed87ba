import psycopg2

from odoo import api, models
from odoo.exceptions import ConcurrencyError

from .wms_task import OPEN_STATES


class WmsTask(models.Model):
    """Receive tasks: one receiver counts one receipt."""

    _inherit = "wms.task"

    # Two receivers never count the same receipt: at most one open receive
    # task per transfer, enforced by PostgreSQL (a second insert waits for the
    # first transaction and then fails, whatever the worker).
    _one_open_receive_per_picking = models.UniqueIndex(
        f"(picking_id) WHERE task_type = 'receive' AND picking_id IS NOT NULL AND state IN {OPEN_STATES}")

    @api.model
    def _receive_task_for(self, picking, user):
        """The open receive task of ``picking``, started for ``user`` when nobody else holds it.

        The task of another receiver is returned unchanged (the caller refuses
        the receipt naming them). When two receivers take the receipt at the
        same moment, the second insert waits on the unique index for the first
        transaction and fails once it commits: a ``ConcurrencyError`` then has
        the request retried, which finds the committed task.
        """
        picking.ensure_one()
        domain = [("picking_id", "=", picking.id), ("task_type", "=", "receive"), ("state", "in", OPEN_STATES)]
        task = self.search(domain, limit=1)
        now = self.env.cr.now()
        if task:
            if task.user_id in (user, self.env["res.users"]) and task.state != "in_progress":
                task.write({"state": "in_progress", "user_id": user.id, "date_assigned": task.date_assigned or now,
                            "date_started": task.date_started or now})
            return task
        moves = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        try:
            with self.env.cr.savepoint():
                task = self.create({
                    "task_type": "receive", "warehouse_id": picking.picking_type_id.warehouse_id.id,
                    "picking_id": picking.id, "state": "in_progress", "user_id": user.id,
                    "date_assigned": now, "date_started": now, "quantity": sum(moves.mapped("product_qty")),
                    "product_id": moves.product_id.id if len(moves.product_id) == 1 else False,
                })
                task.flush_recordset()
        except psycopg2.errors.UniqueViolation:
            # Our snapshot (repeatable read) predates the other receiver's commit: retry
            # the request (Odoo's ``retrying`` does) to see their task and name them.
            raise ConcurrencyError(f"receipt {picking.name} taken by another receiver meanwhile") from None
        return task

    def _receive_cancel(self):
        """The receiver gives up counting (nothing was written): the receipt is free for anyone."""
        self.filtered(lambda t: t.task_type == "receive" and t.state in OPEN_STATES).sudo().write(
            {"state": "cancel", "date_finished": self.env.cr.now()})
