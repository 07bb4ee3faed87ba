import datetime
import re
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from psycopg2.errors import ExclusionViolation

from ..engine import dock_slots
from .wms_dock_door import CLOSED_STATES

APPOINTMENT_STATES = [
    ("requested", "Requested"),
    ("confirmed", "Confirmed"),
    ("arrived", "Arrived"),
    ("at_door", "At door"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("no_show", "No-show"),
    ("cancelled", "Cancelled"),
]
# Fields only the action_* verbs write (operators have no write access; the verbs write as superuser).
STATE_FIELDS = ("state", "date_arrived", "date_at_door", "date_started", "date_done", "date_checked_out")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the gate


def _driver_code():
    return "DA" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class WmsDockAppointment(models.Model):
    """A truck's time at a dock door.

    States: requested -> confirmed -> arrived -> at door -> in progress -> done
    (then checked out), or no-show / cancelled before arrival. The state and
    its timestamps change only through the ``action_*`` verbs, which check the
    current state.

    No door is ever double-booked: PostgreSQL refuses two live appointments
    (not cancelled, not no-show) of one door whose ``[planned_start,
    planned_end)`` ranges overlap (an exclusion constraint over ``btree_gist``).
    Touching appointments (one ends at 10:00, the next starts at 10:00) are
    fine. ``create``/``write`` catch the violation at a savepoint and name the
    appointment in the way, so two supervisors booking the same slot at the
    same instant get one booking and one clear refusal.
    """

    _name = "wms.dock.appointment"
    _description = "Dock appointment"
    _inherit = "mail.thread"
    _order = "planned_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/", index="trigram")
    code = fields.Char("Driver code", required=True, readonly=True, copy=False, default=lambda self: _driver_code(),
                       help="Printed as Code 128 or QR for the driver; scanned at the gate.")
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True, index=True,
                                   default=lambda self: self.env["stock.warehouse"].search(
                                       [("company_id", "=", self.env.company.id)], limit=1))
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True, index=True, precompute=True)
    door_id = fields.Many2one("wms.dock.door", check_company=True, index=True, tracking=True,
                              domain="[('warehouse_id', '=', warehouse_id)]")
    carrier_id = fields.Many2one("delivery.carrier", check_company=True)
    partner_id = fields.Many2one("res.partner", "Partner", help="Supplier, customer or haulier the truck comes for.")
    direction = fields.Selection([("inbound", "Inbound"), ("outbound", "Outbound")], required=True,
                                 default="inbound")
    picking_ids = fields.Many2many("stock.picking", string="Transfers", check_company=True,
                                   domain="[('picking_type_code', 'in', ('incoming', 'outgoing'))]")
    batch_ids = fields.Many2many("stock.picking.batch", string="Batches", check_company=True)
    pallets = fields.Integer("Expected pallets")
    weight = fields.Float("Expected weight (kg)")
    trailer_type_id = fields.Many2one("wms.dock.trailer.type")
    refrigerated = fields.Boolean(help="Needs a refrigerated door.")
    side_loading = fields.Boolean("Side loading", help="Needs a side-loading door.")
    planned_start = fields.Datetime(required=True, tracking=True, index=True)
    proposed_minutes = fields.Integer(compute="_compute_proposed_minutes",
                                      help="Pallets x minutes per pallet + fixed minutes (door or warehouse setting).")
    planned_end = fields.Datetime(compute="_compute_planned_end", store=True, readonly=False, required=True,
                                  precompute=True, tracking=True,
                                  help="Proposed from the load when the start, pallets or door change.")
    state = fields.Selection(APPOINTMENT_STATES, required=True, default="requested", readonly=True, tracking=True,
                             index=True)
    vehicle_plate = fields.Char(tracking=True)
    date_arrived = fields.Datetime("Arrived", readonly=True, copy=False)
    date_at_door = fields.Datetime("At door", readonly=True, copy=False)
    date_started = fields.Datetime("(Un)loading started", readonly=True, copy=False)
    date_done = fields.Datetime("(Un)loading ended", readonly=True, copy=False)
    date_checked_out = fields.Datetime("Checked out", readonly=True, copy=False)
    note = fields.Text()
    color = fields.Integer(related="door_id.color")

    _code_unique = models.Constraint("unique(code)", "The driver code must be unique.")
    _end_after_start = models.Constraint(
        "CHECK (planned_end > planned_start)", "An appointment must end after it starts.")
    # Declared here, created by Odoo after _auto_init has made sure btree_gist exists.
    _door_no_overlap = models.Constraint(
        "EXCLUDE USING gist (door_id WITH =, tsrange(planned_start, planned_end, '[)') WITH &&) "
        "WHERE (state NOT IN ('cancelled', 'no_show'))",
        "A dock door cannot have two appointments at the same time.")

    def _auto_init(self):
        # btree_gist gives "=" on integers inside a GiST index; it is a trusted extension (PostgreSQL 13+).
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    @api.depends("pallets", "door_id", "warehouse_id")
    def _compute_proposed_minutes(self):
        for appointment in self:
            appointment.proposed_minutes = appointment.door_id._wms_proposed_minutes(
                appointment.pallets, appointment.warehouse_id)

    @api.depends("planned_start", "pallets", "door_id")
    def _compute_planned_end(self):
        for appointment in self:
            if appointment.planned_start:
                appointment.planned_end = appointment.planned_start + datetime.timedelta(
                    minutes=appointment.proposed_minutes)
            else:
                appointment.planned_end = appointment.planned_end or False

    # ------------------------------------------------------------------
    # Booking: checks, and the database's refusal of overlaps
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("wms.dock.appointment") or "/"
            if vals.get("planned_start") and vals.get("planned_end"):
                self._wms_check_times(vals.get("name"), vals["planned_start"], vals["planned_end"],
                                      vals.get("warehouse_id"))
            if vals.get("state", "requested") not in CLOSED_STATES:
                self._wms_check_free(vals.get("door_id"), vals.get("planned_start"), vals.get("planned_end"))
        return self._wms_guard_overlap(lambda: super(WmsDockAppointment, self).create(vals_list))

    def write(self, vals):
        if not self.env.su and set(vals) & set(STATE_FIELDS):
            raise AccessError(self.env._("The state of a dock appointment changes only through its buttons."))
        if vals.get("planned_end"):
            for appointment in self:
                appointment._wms_check_times(appointment.name, vals.get("planned_start") or appointment.planned_start,
                                             vals["planned_end"], appointment.warehouse_id.id)
        if {"door_id", "planned_start", "planned_end"} & set(vals):
            for appointment in self.filtered(lambda a: a.state not in CLOSED_STATES):
                start = fields.Datetime.to_datetime(vals.get("planned_start")) or appointment.planned_start
                end = fields.Datetime.to_datetime(vals.get("planned_end")) or (
                    start + datetime.timedelta(minutes=appointment.proposed_minutes)
                    if "planned_start" in vals else appointment.planned_end)
                self._wms_check_free(vals.get("door_id", appointment.door_id.id), start, end, appointment.ids)
        return self._wms_guard_overlap(lambda: super(WmsDockAppointment, self).write(vals))

    @api.model
    def _wms_check_times(self, name, start, end, warehouse_id):
        # Checked before the row is written: PostgreSQL would refuse it first, with a generic message.
        start, end = fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(end)
        if end <= start:
            warehouse = self.env["stock.warehouse"].browse(warehouse_id)
            raise ValidationError(self.env._(
                "Appointment %(name)s ends (%(end)s) before it starts (%(start)s): the end must be after the "
                "start.", name=name or self.env._("(new)"), start=warehouse._wms_dock_format(start),
                end=warehouse._wms_dock_format(end)))

    def _wms_guard_overlap(self, operation):
        """Run ``operation`` at a savepoint; an overlap refused by PostgreSQL becomes a ValidationError naming
        the appointment in the way, and nothing is written."""
        try:
            with self.env.cr.savepoint():
                result = operation()
                self.env.flush_all()
        except ExclusionViolation as error:
            raise ValidationError(self._wms_overlap_message(error)) from None
        return result

    def _wms_overlap_message(self, error):
        # PostgreSQL names the two ranges: "Key (door_id, tsrange(...))=(7, ["2026-12-07 10:00:00",...))
        # conflicts with existing key (door_id, tsrange(...))=(7, ["2026-12-07 09:30:00",...))".
        detail = error.diag.message_detail or ""
        found = re.findall(r'=\((\d+), \["?([^",]+)"?,"?([^",)]+)"?\)\)', detail)
        if len(found) < 2:
            return self.env._("This dock door is already booked at that time by another appointment.")
        door_id, start, end = int(found[1][0]), found[1][1], found[1][2]
        query = SQL(
            """SELECT name FROM wms_dock_appointment
                WHERE door_id = %s AND state NOT IN %s AND planned_start < %s AND planned_end > %s
                ORDER BY planned_start LIMIT 1""", door_id, CLOSED_STATES, end, start)
        # The appointment in the way may have been committed after this transaction's snapshot
        # (two bookings at the same instant): read it through a fresh connection.
        self.env.cr.execute(query)
        row = self.env.cr.fetchone()
        if not row:
            with self.env.registry.cursor() as cr:
                cr.execute(query)
                row = cr.fetchone()
        door = self.env["wms.dock.door"].sudo().browse(door_id)
        warehouse = door.warehouse_id
        return self.env._(
            "%(door)s is already booked from %(start)s to %(end)s by appointment %(other)s: "
            "choose another time or door.",
            door=door.display_name, other=row[0] if row else "?",
            start=warehouse._wms_dock_format(fields.Datetime.to_datetime(start)),
            end=warehouse._wms_dock_format(fields.Datetime.to_datetime(end)))

    @api.constrains("door_id", "warehouse_id", "planned_start", "planned_end", "direction", "pallets",
                    "trailer_type_id", "refrigerated", "side_loading")
    def _check_booking(self):
        for appointment in self:
            appointment._wms_check_times(appointment.name, appointment.planned_start, appointment.planned_end,
                                         appointment.warehouse_id.id)
            if appointment.state in CLOSED_STATES or not appointment.door_id:
                continue
            appointment._check_door()

    def _check_door(self):
        door, warehouse = self.door_id, self.warehouse_id
        fmt = warehouse._wms_dock_format
        if door.warehouse_id != warehouse:
            raise ValidationError(self.env._(
                "%(door)s belongs to warehouse %(door_wh)s, not to %(wh)s of appointment %(name)s.",
                door=door.name, door_wh=door.warehouse_id.name, wh=warehouse.name, name=self.name))
        engine_door = door._wms_engine_doors(self.planned_start, self.planned_end, with_busy=False)[0]
        request = dock_slots.Request(
            duration=1, start=self.planned_start, end=self.planned_end, direction=self.direction,
            capabilities=door._wms_capabilities(self.trailer_type_id, self.refrigerated, self.side_loading),
            pallets=self.pallets)
        reason = dock_slots.refusal(engine_door, request)
        if reason == "direction":
            raise ValidationError(self.env._(
                "%(door)s is for %(door_direction)s trucks only; appointment %(name)s is %(direction)s.",
                door=door.name, name=self.name, door_direction=dict(door._fields["direction"].selection)[door.direction],
                direction=dict(self._fields["direction"].selection)[self.direction]))
        if reason == "capability":
            needs = [self.trailer_type_id.name] if self.trailer_type_id else []
            needs += [self.env._("refrigerated")] if self.refrigerated else []
            needs += [self.env._("side loading")] if self.side_loading else []
            raise ValidationError(self.env._(
                "%(door)s does not fit appointment %(name)s, which needs: %(needs)s.",
                door=door.name, name=self.name, needs=", ".join(needs)))
        if reason == "pallets":
            raise ValidationError(self.env._(
                "%(door)s takes at most %(max)s pallets; appointment %(name)s brings %(pallets)s.",
                door=door.name, max=door.max_pallets, pallets=self.pallets, name=self.name))
        start, end = warehouse._wms_dock_local(self.planned_start), warehouse._wms_dock_local(self.planned_end)
        refused = dock_slots.time_refusal(engine_door, start, end,
                                          warehouse._wms_dock_yard(self.planned_start, self.planned_end, self.ids))
        if not refused:
            return
        code, detail = refused
        if code == "closed":
            raise ValidationError(self.env._(
                "%(door)s is not open for all of %(start)s - %(end)s (appointment %(name)s): book within its "
                "opening hours.", door=door.name, name=self.name, start=fmt(self.planned_start),
                end=fmt(self.planned_end)))
        if code == "exception":
            closure = door.exception_ids.filtered(
                lambda e: warehouse._wms_dock_local(e.date_start) == detail[0])[:1]
            raise ValidationError(self.env._(
                "%(door)s is closed from %(start)s to %(end)s (%(reason)s): appointment %(name)s cannot be "
                "booked then.", door=door.name, name=self.name, reason=closure.reason,
                start=fmt(closure.date_start), end=fmt(closure.date_end)))
        if code == "yard":
            raise ValidationError(self.env._(
                "The yard of %(wh)s already takes %(max)s trucks arriving in the %(window)s minutes around "
                "%(start)s: choose another time for appointment %(name)s.", wh=warehouse.name, name=self.name,
                max=warehouse.wms_dock_yard_max_trucks, window=warehouse.wms_dock_yard_window_minutes,
                start=fmt(self.planned_start)))
        return

    @api.model
    def _wms_check_free(self, door_id, start, end, exclude_ids=()):
        """Refuse ``[start, end)`` on the door when a live appointment overlaps it, before anything is written.

        The common case, with a plain message and no failed query; the exclusion constraint
        still decides between two transactions that both passed this check.
        """
        if not (door_id and start and end):
            return
        other = self.search([
            ("door_id", "=", door_id), ("id", "not in", list(exclude_ids)), ("state", "not in", CLOSED_STATES),
            ("planned_start", "<", end), ("planned_end", ">", start),
        ], limit=1)
        if other:
            fmt = other.warehouse_id._wms_dock_format
            raise ValidationError(self.env._(
                "%(door)s is already booked from %(start)s to %(end)s by appointment %(other)s: "
                "choose another time or door.", door=other.door_id.display_name, other=other.name,
                start=fmt(other.planned_start), end=fmt(other.planned_end)))

    # ------------------------------------------------------------------
    # State machine: the only writers of STATE_FIELDS
    # ------------------------------------------------------------------
    def _check_state(self, allowed, verb):
        for appointment in self:
            if appointment.state not in allowed:
                raise UserError(self.env._(
                    "Appointment %(name)s is %(state)s: it cannot be %(verb)s.", name=appointment.name,
                    state=dict(APPOINTMENT_STATES)[appointment.state], verb=verb))

    def _check_manager(self, message):
        if not (self.env.su or self.env.user.has_group("wms_micraft.group_wms_manager")):
            raise AccessError(message)

    def _set_state(self, vals):
        self.check_access("read")
        self.sudo().write(vals)
        return True

    def action_confirm(self):
        self._check_manager(self.env._("Only a WMS manager can confirm dock appointments."))
        self._check_state(("requested",), self.env._("confirmed"))
        for appointment in self:
            if not appointment.door_id:
                raise UserError(self.env._("Appointment %(name)s has no door: choose a door before confirming.",
                                           name=appointment.name))
        return self._set_state({"state": "confirmed"})

    def action_arrive(self):
        """Gate check-in: the truck is in the yard."""
        self._check_state(("requested", "confirmed"), self.env._("checked in"))
        return self._set_state({"state": "arrived", "date_arrived": fields.Datetime.now()})

    def action_at_door(self):
        self._check_state(("arrived",), self.env._("sent to the door"))
        for appointment in self:
            if not appointment.door_id:
                raise UserError(self.env._("Appointment %(name)s has no door: assign one first.",
                                           name=appointment.name))
        return self._set_state({"state": "at_door", "date_at_door": fields.Datetime.now()})

    def action_start(self):
        self._check_state(("at_door",), self.env._("started"))
        return self._set_state({"state": "in_progress", "date_started": fields.Datetime.now()})

    def action_end(self):
        self._check_state(("in_progress",), self.env._("ended"))
        return self._set_state({"state": "done", "date_done": fields.Datetime.now()})

    def action_check_out(self):
        """Gate check-out: the truck leaves the yard (after its (un)loading ended)."""
        self._check_state(("done",), self.env._("checked out"))
        for appointment in self:
            if appointment.date_checked_out:
                raise UserError(self.env._("Appointment %(name)s was already checked out at %(date)s.",
                                           name=appointment.name,
                                           date=appointment.warehouse_id._wms_dock_format(appointment.date_checked_out)))
        return self._set_state({"date_checked_out": fields.Datetime.now()})

    def action_no_show(self):
        self._check_manager(self.env._("Only a WMS manager can mark a dock appointment as no-show."))
        self._check_state(("requested", "confirmed"), self.env._("marked as no-show"))
        return self._set_state({"state": "no_show"})

    def action_cancel(self):
        self._check_manager(self.env._("Only a WMS manager can cancel dock appointments."))
        self._check_state(("requested", "confirmed"), self.env._("cancelled"))
        return self._set_state({"state": "cancelled"})
