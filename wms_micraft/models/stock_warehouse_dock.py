import datetime

import pytz
from odoo import fields, models
from odoo.addons.base.models.res_partner import _tz_get

from ..engine import dock_slots
from .wms_dock_door import CLOSED_STATES


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    wms_dock_door_ids = fields.One2many("wms.dock.door", "warehouse_id", string="Dock doors")
    wms_dock_tz = fields.Selection(
        _tz_get, "Dock time zone", default=lambda self: self.env.company.partner_id.tz or "UTC", required=True,
        help="Opening hours and exceptions of the doors are in this time zone.")
    wms_dock_minutes_per_pallet = fields.Float(
        "Minutes per pallet", default=2.0,
        help="An appointment's duration is proposed as pallets x minutes per pallet + fixed minutes "
             "(a door may set its own).")
    wms_dock_fixed_minutes = fields.Integer(
        "Fixed minutes per truck", default=20, help="Docking, paperwork and undocking, whatever the load.")
    wms_dock_slot_step = fields.Integer(
        "Slot step (minutes)", default=15, help="Proposed appointment start times are multiples of this.")
    wms_dock_yard_max_trucks = fields.Integer(
        "Yard: max trucks per window", default=0, help="How many trucks may arrive per window (0: no limit).")
    wms_dock_yard_window_minutes = fields.Integer("Yard window (minutes)", default=60)

    _wms_dock_step_positive = models.Constraint(
        "CHECK (wms_dock_slot_step > 0 AND wms_dock_yard_window_minutes > 0)",
        "The dock slot step and the yard window must be at least one minute.")

    # Times: Odoo stores UTC; doors open in the warehouse's local time. The engine works in local time.
    def _wms_dock_local(self, moment):
        tz = pytz.timezone(self.wms_dock_tz or "UTC")
        return pytz.utc.localize(moment).astimezone(tz).replace(tzinfo=None)

    def _wms_dock_utc(self, moment):
        tz = pytz.timezone(self.wms_dock_tz or "UTC")
        return tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)

    def _wms_dock_format(self, moment):
        return self._wms_dock_local(moment).strftime("%Y-%m-%d %H:%M") if moment else "?"

    def _wms_dock_yard(self, start, end, exclude_ids=()):
        """The engine's yard (arrivals in local time between ``start`` and ``end``, UTC), or None."""
        self.ensure_one()
        if self.wms_dock_yard_max_trucks <= 0:
            return None
        window = datetime.timedelta(minutes=self.wms_dock_yard_window_minutes)
        arrivals = self.env["wms.dock.appointment"].search_fetch([
            ("warehouse_id", "=", self.id), ("state", "not in", CLOSED_STATES), ("id", "not in", list(exclude_ids)),
            ("planned_start", ">=", start - window - datetime.timedelta(days=1)),
            ("planned_start", "<", end + window + datetime.timedelta(days=1)),
        ], ["planned_start"])
        return dock_slots.Yard(self.wms_dock_yard_max_trucks, self.wms_dock_yard_window_minutes,
                               tuple(self._wms_dock_local(a.planned_start) for a in arrivals))

    def wms_dock_free_slots(self, duration, start, end, direction="both", trailer_type_id=False,
                            refrigerated=False, side_loading=False, pallets=0, count=5, spread=False):
        """The next free dock slots of this warehouse, earliest first.

        ``duration`` in minutes, ``start``/``end`` (UTC datetimes or Odoo strings) bound the search.
        Returns ``[{"door_id", "door", "start", "end"}]`` with UTC datetimes.
        """
        self.ensure_one()
        self.check_access("read")
        start, end = fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(end)
        doors = self.env["wms.dock.door"].search([("warehouse_id", "=", self.id)])
        request = dock_slots.Request(
            duration=int(duration), start=self._wms_dock_local(start), end=self._wms_dock_local(end),
            direction=direction, capabilities=self.env["wms.dock.door"]._wms_capabilities(
                self.env["wms.dock.trailer.type"].browse(trailer_type_id), refrigerated, side_loading),
            pallets=pallets, count=count, step=self.wms_dock_slot_step, spread=spread)
        slots = dock_slots.free_slots(doors._wms_engine_doors(start, end), request, self._wms_dock_yard(start, end))
        return [{"door_id": slot.door_id, "door": doors.browse(slot.door_id).display_name,
                 "start": self._wms_dock_utc(slot.start), "end": self._wms_dock_utc(slot.end)} for slot in slots]
