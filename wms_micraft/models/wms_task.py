from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..engine import layout as layout_engine

TASK_TYPES = [
    ("putaway", "Putaway"),
    ("pick", "Pick"),
    ("pack", "Pack"),
    ("replenish", "Replenish"),
    ("count", "Count"),
    ("move", "Move"),
    ("receive", "Receive"),
]
TASK_STATES = [
    ("ready", "Ready"),
    ("assigned", "Assigned"),
    ("in_progress", "In progress"),
    ("paused", "Paused"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
    ("exception", "Exception"),
]
PRIORITIES = [("0", "Normal"), ("1", "High"), ("2", "Urgent"), ("3", "Critical")]
OPEN_STATES = ("ready", "assigned", "in_progress", "paused", "exception")
CANDIDATES = 200  # tasks ranked by distance per claim; beyond that, priority and sequence decide
STALE_PARAM = "wms_micraft.stale_claim_minutes"
STALE_DEFAULT = 30
# The state machine's own fields: written only by the task's verbs (action_* methods that
# check, then write as superuser), never by a client, whatever its access rights.
STATE_FIELDS = ("state", "user_id", "quantity_done", "date_assigned", "date_started", "date_finished")


class WmsTask(models.Model):
    """One unit of directed work for one operator.

    Tasks are execution records only: the stock truth stays in the Odoo moves
    and move lines a task executes. The queue hands each operator the best
    ready task (priority, their zones, walking distance from their last bin)
    and claims it with ``FOR UPDATE SKIP LOCKED``, so two operators never get
    the same task even when they ask at the same millisecond.
    """

    _name = "wms.task"
    _description = "Warehouse Task"
    _order = "priority desc, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default=lambda self: self.env._("New"), index=True)
    task_type = fields.Selection(TASK_TYPES, "Type", required=True, default="move", index=True)
    state = fields.Selection(TASK_STATES, required=True, default="ready", index=True, copy=False, readonly=True)
    priority = fields.Selection(PRIORITIES, required=True, default="0", index=True)
    sequence = fields.Integer("Planned sequence", default=10)
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True, index=True,
                                   default=lambda self: self.env["stock.warehouse"].search(
                                       [("company_id", "=", self.env.company.id)], limit=1))
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True, precompute=True, index=True)
    zone_id = fields.Many2one("wms.zone", check_company=True, index=True,
                              compute="_compute_zone_id", store=True, readonly=False, precompute=True)
    location_id = fields.Many2one("stock.location", "From bin", check_company=True, index=True)
    location_dest_id = fields.Many2one("stock.location", "To bin", check_company=True)
    product_id = fields.Many2one("product.product", check_company=True)
    lot_id = fields.Many2one("stock.lot", "Lot", check_company=True)
    quantity = fields.Float("Quantity", digits="Product Unit")
    quantity_done = fields.Float("Done quantity", digits="Product Unit", readonly=True, copy=False)
    product_uom_id = fields.Many2one(related="product_id.uom_id")
    picking_id = fields.Many2one("stock.picking", "Transfer", check_company=True, index=True, copy=False)
    move_line_ids = fields.Many2many("stock.move.line", string="Move lines", copy=False)
    batch_id = fields.Many2one("stock.picking.batch", "Batch", check_company=True, copy=False)
    user_id = fields.Many2one("res.users", "Operator", index=True, copy=False, readonly=True,
                              help="Changed by claiming, releasing or the supervisor's Reassign button.")
    date_assigned = fields.Datetime("Assigned on", readonly=True, copy=False)
    date_started = fields.Datetime("Started on", readonly=True, copy=False)
    date_finished = fields.Datetime("Finished on", readonly=True, copy=False)
    duration = fields.Float("Duration (min)", compute="_compute_duration", store=True,
                            help="From start to finish: labour figures are computed from it.")
    exception_reason = fields.Char(copy=False)
    note = fields.Text(help="Why the task exists, e.g. the short pick that asks for this count.")
    color = fields.Integer(compute="_compute_color")

    _quantity_positive = models.Constraint("CHECK(quantity >= 0)", "A task quantity cannot be negative.")
    _operator_when_claimed = models.Constraint(
        "CHECK(state NOT IN ('assigned', 'in_progress', 'paused') OR user_id IS NOT NULL)",
        "An assigned, started or paused task must have an operator.",
    )
    # Fast path of the queue: ready tasks by priority.
    _ready_queue_idx = models.Index("(company_id, priority DESC, sequence, id) WHERE state = 'ready'")

    @api.depends("location_id")
    def _compute_zone_id(self):
        for task in self:
            if task.location_id.wms_zone_id:
                task.zone_id = task.location_id.wms_zone_id

    @api.depends("date_started", "date_finished")
    def _compute_duration(self):
        for task in self:
            if task.date_started and task.date_finished:
                task.duration = (task.date_finished - task.date_started).total_seconds() / 60.0
            else:
                task.duration = 0.0

    def _compute_color(self):
        colors = {"ready": 0, "assigned": 4, "in_progress": 2, "paused": 3, "done": 10, "cancel": 1, "exception": 9}
        for task in self:
            task.color = colors.get(task.state, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su and (vals.get("state", "ready") != "ready" or any(
                    vals.get(name) for name in STATE_FIELDS if name != "state")):
                self.check_access("create")
                raise AccessError(self.env._(
                    "A new task starts ready, in the queue: claim or reassign it with its buttons."))
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("wms.task") or self.env._("New")
        tasks = super().create(vals_list)
        tasks.filtered(lambda t: t.task_type == "move" and not t.picking_id and t.product_id)._prepare_move_transfer()
        return tasks

    def write(self, vals):
        protected = [name for name in STATE_FIELDS if name in vals]
        if protected and not self.env.su:
            self.check_access("write")
            raise AccessError(self.env._(
                "Tasks %(tasks)s: %(fields)s change only through its buttons (start, pause, release, "
                "Reassign, cancel), which check the operator and the state.",
                tasks=", ".join(self.mapped("name")),
                fields=", ".join(self._fields[name].get_description(self.env)["string"] for name in protected)))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Move tasks: the task executes a reserved internal transfer.
    # ------------------------------------------------------------------
    def _prepare_move_transfer(self):
        """Create and reserve the internal transfer a move task executes."""
        for task in self:
            if not (task.location_id and task.location_dest_id and task.quantity > 0):
                raise ValidationError(self.env._(
                    "Move task %(task)s needs a source bin, a destination bin and a quantity above 0.", task=task.name))
            picking_type = task.warehouse_id.int_type_id
            picking = self.env["stock.picking"].create({
                "picking_type_id": picking_type.id,
                "location_id": task.location_id.id,
                "location_dest_id": task.location_dest_id.id,
                "origin": task.name,
                "move_ids": [Command.create({
                    "product_id": task.product_id.id,
                    "product_uom_qty": task.quantity,
                    "product_uom": task.product_id.uom_id.id,
                    "location_id": task.location_id.id,
                    "location_dest_id": task.location_dest_id.id,
                })],
            })
            picking.action_confirm()
            if task.lot_id:
                task._reserve_lot(picking.move_ids)
            else:
                picking.with_context(avoid_putaway_rules=True).action_assign()
            lines = picking.move_line_ids
            if not lines:
                raise ValidationError(self.env._(
                    "Move task %(task)s: no %(product)s available in %(bin)s.",
                    task=task.name, product=task.product_id.display_name, bin=task.location_id.display_name))
            lines.location_dest_id = task.location_dest_id
            task.write({"picking_id": picking.id, "move_line_ids": [Command.set(lines.ids)],
                        "lot_id": task.lot_id.id or (lines.lot_id[:1].id if len(lines.lot_id) == 1 else False)})

    def _reserve_lot(self, move):
        """Reserve the task's own lot (Odoo's assignment would pick one by removal strategy).

        What is free of that lot in the bin, loose and own (the line carries
        no package nor owner), by Odoo's own count.
        """
        free = self.env["stock.quant"]._get_available_quantity(
            self.product_id, self.location_id, lot_id=self.lot_id, strict=True)
        take = min(self.quantity, free)
        if take > 0:
            self.env["stock.move.line"].create({
                "move_id": move.id, "picking_id": move.picking_id.id, "product_id": self.product_id.id,
                "product_uom_id": self.product_id.uom_id.id, "lot_id": self.lot_id.id, "quantity": take,
                "location_id": self.location_id.id, "location_dest_id": self.location_dest_id.id,
            })

    # ------------------------------------------------------------------
    # The queue
    # ------------------------------------------------------------------
    def _queue_domain_sql(self, user, warehouse=None):
        zone_ids = user.wms_zone_ids.ids
        return SQL(
            "t.state = 'ready' AND t.company_id = ANY(%(companies)s) AND (t.user_id IS NULL OR t.user_id = %(user)s)"
            "%(zones)s%(warehouse)s",
            companies=self.env.companies.ids,
            user=user.id,
            zones=SQL(" AND (t.zone_id IS NULL OR t.zone_id = ANY(%s))", zone_ids) if zone_ids else SQL(),
            warehouse=SQL(" AND t.warehouse_id = %s", warehouse.id) if warehouse else SQL(),
        )

    def _rank_by_distance(self, user, rows):
        """Order candidate rows (id, priority, sequence, location_id) by priority, then walking distance."""
        origin = user.wms_last_bin_id
        locations = self.env["stock.location"].browse({r[3] for r in rows if r[3]})
        distance = {}
        if origin and origin.wms_x is not None:
            layout = origin.warehouse_id._wms_layout()
            if layout and layout.aisle_ids and layout.cross_aisle_ids:
                engine_layout = layout._engine_layout()
                start = layout_engine.locate(engine_layout, origin.wms_x, origin.wms_y)
                for location in locations:
                    if location.warehouse_id == origin.warehouse_id:
                        point = layout_engine.locate(engine_layout, location.wms_x, location.wms_y)
                        distance[location.id] = layout_engine.distance(engine_layout, start, point)
        far = float("inf")
        rows = sorted(rows, key=lambda r: (-int(r[1]), distance.get(r[3], far), r[2], r[0]))
        return [r[0] for r in rows]

    def _claim_next(self, user, warehouse=None):
        """Claim the best ready task for ``user`` (in ``warehouse`` when given) and assign it; return it (empty if none).

        Candidates are ranked in Python (walking distance needs the layout
        engine), then locked in that order with ``FOR UPDATE SKIP LOCKED``:
        PostgreSQL walks the ordered rows and locks the first one no other
        transaction holds, so concurrent claims always get different tasks.
        """
        self.env["wms.task"].flush_model()
        where = self._queue_domain_sql(user, warehouse)
        self.env.cr.execute(SQL(
            "SELECT t.id, t.priority, t.sequence, t.location_id FROM wms_task t WHERE %s "
            "ORDER BY t.priority DESC, t.sequence, t.id LIMIT %s", where, CANDIDATES))
        ordered = self._rank_by_distance(user, self.env.cr.fetchall())
        task_id = None
        if ordered:
            self.env.cr.execute(SQL(
                "SELECT t.id FROM wms_task t WHERE t.id = ANY(%(ids)s) AND t.state = 'ready' "
                "ORDER BY array_position(%(ids)s, t.id) LIMIT 1 FOR UPDATE SKIP LOCKED", ids=ordered))
            row = self.env.cr.fetchone()
            task_id = row and row[0]
            if not task_id:
                # Every ranked candidate is being claimed right now: take any other ready task.
                self.env.cr.execute(SQL(
                    "SELECT t.id FROM wms_task t WHERE %s AND NOT t.id = ANY(%s) "
                    "ORDER BY t.priority DESC, t.sequence, t.id LIMIT 1 FOR UPDATE SKIP LOCKED", where, ordered))
                row = self.env.cr.fetchone()
                task_id = row and row[0]
        if not task_id:
            return self.browse()
        task = self.browse(task_id)
        task._assign_to(user)
        return task

    @api.model
    def action_next_task(self, warehouse_id=None):
        """Claim the next task for the current user; returns its summary dict, or False when the queue is empty.

        A task the user already has open (assigned, in progress or paused) is returned first.
        :param warehouse_id: only tasks of this warehouse (a scanner session works in one)
        """
        user = self.env.user
        warehouse = self.env["stock.warehouse"].browse(warehouse_id or [])
        domain = [("user_id", "=", user.id), ("state", "in", ("assigned", "in_progress", "paused"))]
        if warehouse:
            domain.append(("warehouse_id", "=", warehouse.id))
        task = self.search(domain, order="date_assigned, id", limit=1)
        if not task:
            task = self._claim_next(user, warehouse)
        return task and task._summary()

    def _summary(self):
        self.ensure_one()
        return {
            "id": self.id, "name": self.name, "type": self.task_type, "state": self.state,
            "priority": self.priority,
            "from": self.location_id.display_name or "", "to": self.location_dest_id.display_name or "",
            "product": self.product_id.display_name or "", "lot": self.lot_id.name or "",
            "quantity": self.quantity, "uom": self.product_uom_id.name or "",
        }

    def _check_operator(self):
        """Operators act on their own tasks only; managers on any (record rules hide the others' anyway)."""
        if self.env.su or self.env.user.has_group("wms_micraft.group_wms_manager"):
            return
        for task in self:
            if task.user_id != self.env.user:
                if task.user_id:
                    raise AccessError(self.env._("Task %(task)s belongs to %(user)s, not to you.",
                                                 task=task.name, user=task.user_id.name))
                raise AccessError(self.env._("Task %(task)s is not assigned to you: take it from the queue first.",
                                             task=task.name))

    def _check_state(self, allowed, verb):
        for task in self:
            if task.state not in allowed:
                raise UserError(self.env._("Task %(task)s is %(state)s: it cannot be %(verb)s.",
                                           task=task.name, state=dict(TASK_STATES)[task.state], verb=verb))

    def _check_manager(self, message):
        if not (self.env.su or self.env.user.has_group("wms_micraft.group_wms_manager")):
            raise AccessError(message)

    # The verbs below are the only writers of the state machine (see STATE_FIELDS):
    # public ones check who and when, private ones are called by the scan flows
    # (which run as the operator) once the flow has checked.
    def action_start(self):
        self._check_state(("assigned", "paused", "in_progress"), self.env._("started"))
        self._check_operator()
        now = fields.Datetime.now()
        for task in self:
            task.sudo().write({"state": "in_progress", "date_started": task.date_started or now})
        return True

    def action_pause(self):
        """Pause: the task stays the operator's ("next task" gives it back first) until resumed or released."""
        self._check_state(("assigned", "in_progress"), self.env._("paused"))
        self._check_operator()
        self.sudo().write({"state": "paused"})
        return True

    def action_release(self):
        """Give the task back to the queue (it keeps its history but loses its operator)."""
        tasks = self.filtered(lambda t: t.user_id and t.state in ("assigned", "in_progress", "paused", "exception"))
        tasks._check_operator()
        tasks.sudo().write({"state": "ready", "user_id": False, "date_assigned": False})
        return True

    def action_reassign(self, user_id):
        """Supervisor: hand open tasks to another WMS operator of their company."""
        self._check_manager(self.env._("Only a WMS manager can reassign tasks."))
        # The target's groups and companies are read as superuser: a manager may not read users of other companies.
        is_id = isinstance(user_id, int) and not isinstance(user_id, bool)
        user = self.env["res.users"].sudo().browse(user_id if is_id else []).exists()
        if not user or not user.has_group("wms_micraft.group_wms_operator"):
            raise UserError(self.env._("%(user)s is not a WMS operator: choose an operator.",
                                       user=user.name or user_id))
        for task in self:
            if task.state not in OPEN_STATES:
                raise UserError(self.env._("Task %(task)s is %(state)s: only open tasks can be reassigned.",
                                           task=task.name, state=dict(TASK_STATES)[task.state]))
            if task.company_id not in user.company_ids:
                raise UserError(self.env._("%(user)s does not work for %(company)s, the company of task %(task)s.",
                                           user=user.name, company=task.company_id.name, task=task.name))
        self._assign_to(user)
        return True

    def action_cancel(self):
        """Manager: cancel open tasks; what a move task reserved goes back to its bin."""
        self._check_manager(self.env._("Only a WMS manager can cancel tasks."))
        tasks = self.filtered(lambda t: t.state not in ("done", "cancel"))
        # A move task's moves are its own (``_prepare_move_transfer``): cancelling them
        # unreserves the stock; pick and putaway tasks leave their transfers to Odoo.
        moves = tasks.filtered(lambda t: t.task_type == "move").move_line_ids.move_id
        moves.filtered(lambda m: m.state not in ("done", "cancel"))._action_cancel()
        tasks.sudo().write({"state": "cancel"})
        return True

    def _assign_to(self, user):
        self.sudo().write({"state": "assigned", "user_id": user.id, "date_assigned": fields.Datetime.now()})

    def _mark_done(self, quantity):
        self.sudo().write({"state": "done", "quantity_done": quantity, "date_finished": fields.Datetime.now()})

    def _mark_exception(self, reason):
        self.sudo().write({"state": "exception", "exception_reason": reason})

    def _add_note(self, text):
        for task in self:
            task.sudo().note = "\n".join(filter(None, [task.note, text]))

    def _link_move_lines(self, lines):
        self.sudo().write({"move_line_ids": [Command.link(line.id) for line in lines]})

    @api.model
    def _release_stale_claims(self):
        """Cron: give back tasks claimed but not worked on for longer than the configured minutes."""
        minutes = int(self.env["ir.config_parameter"].sudo().get_param(STALE_PARAM, STALE_DEFAULT))
        limit = fields.Datetime.now() - timedelta(minutes=minutes)
        stale = self.sudo().search([("state", "=", "assigned"), ("date_assigned", "<", limit)])
        stale.write({"state": "ready", "user_id": False, "date_assigned": False})
        return len(stale)
