from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import dock_slots

DOOR_DIRECTIONS = [("inbound", "Inbound"), ("outbound", "Outbound"), ("both", "Inbound and outbound")]
WEEKDAYS = [("0", "Monday"), ("1", "Tuesday"), ("2", "Wednesday"), ("3", "Thursday"), ("4", "Friday"),
            ("5", "Saturday"), ("6", "Sunday")]
CLOSED_STATES = ("cancelled", "no_show")


class WmsDockTrailerType(models.Model):
    _name = "wms.dock.trailer.type"
    _description = "Trailer type"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code, e.g. TAUT, BOX, CONT20.")
    color = fields.Integer()
    company_id = fields.Many2one("res.company", help="Empty: shared by every company.")

    _code_unique = models.Constraint("unique(code)", "A trailer type code must be unique.")


class WmsDockDoor(models.Model):
    """A dock door of a warehouse: what trucks it takes and when it is open.

    Its appointments never overlap (an exclusion constraint in PostgreSQL, see
    ``wms.dock.appointment``); its opening hours and exceptions are checked on
    booking and by the slot finder (``engine/dock_slots.py``).
    """

    _name = "wms.dock.door"
    _description = "Dock door"
    _order = "warehouse_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    warehouse_id = fields.Many2one("stock.warehouse", required=True, ondelete="cascade", check_company=True,
                                   index=True, default=lambda self: self.env["stock.warehouse"].search(
                                       [("company_id", "=", self.env.company.id)], limit=1))
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True, index=True, precompute=True)
    location_id = fields.Many2one(
        "stock.location", "Dock location", check_company=True, domain="[('usage', '=', 'internal')]",
        help="The staging or dock location this door serves (e.g. WH/Input for receipts, WH/Output for deliveries).")
    direction = fields.Selection(DOOR_DIRECTIONS, required=True, default="both")
    trailer_type_ids = fields.Many2many("wms.dock.trailer.type", string="Trailer types",
                                        help="Trailer types the door takes (empty: any).")
    refrigerated = fields.Boolean(help="The door keeps the cold chain (sealed, chilled dock).")
    side_loading = fields.Boolean("Side loading")
    max_pallets = fields.Integer(help="Most pallets per truck at this door (0: no limit).")
    minutes_per_pallet = fields.Float(help="0: the warehouse's setting.")
    fixed_minutes = fields.Integer(help="0: the warehouse's setting.")
    hour_ids = fields.One2many("wms.dock.door.hour", "door_id", string="Opening hours", copy=True)
    exception_ids = fields.One2many("wms.dock.door.exception", "door_id", string="Exceptions")
    appointment_ids = fields.One2many("wms.dock.appointment", "door_id", string="Appointments")

    _name_warehouse_unique = models.Constraint(
        "unique(warehouse_id, name)", "A door name must be unique per warehouse.")
    _max_pallets_positive = models.Constraint("CHECK (max_pallets >= 0)", "Max pallets cannot be negative.")

    def _wms_proposed_minutes(self, pallets, warehouse):
        per_pallet = self.minutes_per_pallet or warehouse.wms_dock_minutes_per_pallet
        fixed = self.fixed_minutes or warehouse.wms_dock_fixed_minutes
        return round((pallets or 0) * per_pallet + fixed)

    @api.model
    def _wms_capabilities(self, trailer_type, refrigerated, side_loading):
        """The engine's capability words for a truck's needs (the same words as a door's)."""
        words = {f"trailer:{code}" for code in trailer_type.mapped("code")}
        if refrigerated:
            words.add("refrigerated")
        if side_loading:
            words.add("side_loading")
        return frozenset(words)

    def _wms_engine_doors(self, start, end, exclude_ids=(), with_busy=True):
        """These doors as engine rows for ``[start, end)`` (UTC), in their warehouse's local time.

        A door with no trailer type takes any: it gets every trailer word asked of it.
        """
        busy = {door.id: [] for door in self}
        if with_busy and self:
            rows = self.env["wms.dock.appointment"].search_fetch([
                ("door_id", "in", self.ids), ("state", "not in", CLOSED_STATES), ("id", "not in", list(exclude_ids)),
                ("planned_start", "<", end), ("planned_end", ">", start),
            ], ["door_id", "planned_start", "planned_end"])
            for row in rows:
                busy[row.door_id.id].append((row.planned_start, row.planned_end))
        any_trailer = frozenset(f"trailer:{code}" for code in self.env["wms.dock.trailer.type"].search([]).mapped("code"))
        result = []
        for door in self:
            warehouse = door.warehouse_id
            local = warehouse._wms_dock_local
            hours = {}
            for line in door.hour_ids:
                hours.setdefault(int(line.weekday), []).append(
                    (round(line.hour_from * 60), round(line.hour_to * 60)))
            trailers = door._wms_capabilities(door.trailer_type_ids, door.refrigerated, door.side_loading)
            if not door.trailer_type_ids:
                trailers |= any_trailer
            result.append(dock_slots.Door(
                door.id, door.direction, trailers, door.max_pallets,
                {day: tuple(windows) for day, windows in hours.items()},
                tuple((local(e.date_start), local(e.date_end)) for e in door.exception_ids),
                tuple((local(a), local(b)) for a, b in busy[door.id]),
            ))
        return result


class WmsDockDoorHour(models.Model):
    _name = "wms.dock.door.hour"
    _description = "Dock door opening hours"
    _order = "door_id, weekday, hour_from"

    door_id = fields.Many2one("wms.dock.door", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="door_id.company_id", store=True)
    weekday = fields.Selection(WEEKDAYS, required=True, default="0")
    hour_from = fields.Float("From", required=True, default=8.0, help="Local time of the warehouse.")
    hour_to = fields.Float("To", required=True, default=17.0, help="Local time of the warehouse; 24:00 = midnight.")

    @api.constrains("hour_from", "hour_to")
    def _check_hours(self):
        for line in self:
            if not 0 <= line.hour_from < line.hour_to <= 24:
                raise ValidationError(self.env._(
                    "%(door)s, %(day)s: opening hours %(start)s-%(end)s are not valid: expected "
                    "0:00 <= from < to <= 24:00.", door=line.door_id.name,
                    day=dict(WEEKDAYS)[line.weekday], start=_hhmm(line.hour_from), end=_hhmm(line.hour_to)))


class WmsDockDoorException(models.Model):
    _name = "wms.dock.door.exception"
    _description = "Dock door closure"
    _order = "door_id, date_start"

    door_id = fields.Many2one("wms.dock.door", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="door_id.company_id", store=True)
    date_start = fields.Datetime("Closed from", required=True)
    date_end = fields.Datetime("Closed until", required=True)
    reason = fields.Char(required=True, help="Holiday, maintenance, ...")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for line in self:
            if line.date_end <= line.date_start:
                raise ValidationError(self.env._(
                    "%(door)s: the closure '%(reason)s' ends before it starts.",
                    door=line.door_id.name, reason=line.reason))


def _hhmm(hours):
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"
