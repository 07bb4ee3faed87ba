import datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

MONDAY = datetime.datetime(2027, 1, 4)  # a Monday; the warehouse's dock time zone is UTC in these tests


def at(day, hour, minute=0):
    return MONDAY + datetime.timedelta(days=day, hours=hour, minutes=minute)


class DockCase(TransactionCase):
    """A warehouse (dock time zone UTC) with three doors open Monday to Friday 08:00-17:00.

    * Door 1: inbound, curtain-sider or box trailers, 26 pallets at most, closed Wednesday for maintenance.
    * Door 2: outbound, any trailer, refrigerated.
    * Door 3: both directions, any trailer, side loading.
    Durations: 2 minutes per pallet + 20 minutes.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.warehouse.write({"wms_dock_tz": "UTC", "wms_dock_minutes_per_pallet": 2.0, "wms_dock_fixed_minutes": 20,
                             "wms_dock_slot_step": 15, "wms_dock_yard_max_trucks": 0})
        Trailer = cls.env["wms.dock.trailer.type"]
        cls.tautliner = Trailer.create({"name": "Curtain-sider", "code": "TAUT"})
        cls.box = Trailer.create({"name": "Box trailer", "code": "BOX"})
        cls.container = Trailer.create({"name": "Container 40'", "code": "CONT40"})
        hours = [Command.create({"weekday": str(day), "hour_from": 8.0, "hour_to": 17.0}) for day in range(5)]
        Door = cls.env["wms.dock.door"]
        cls.door1 = Door.create({
            "name": "Door 1", "warehouse_id": cls.warehouse.id, "direction": "inbound", "max_pallets": 26,
            "trailer_type_ids": [Command.set((cls.tautliner | cls.box).ids)], "hour_ids": hours,
            "location_id": cls.warehouse.wh_input_stock_loc_id.id,
            "exception_ids": [Command.create({"date_start": at(2, 0), "date_end": at(3, 0), "reason": "Leveller repair"})],
        })
        cls.door2 = Door.create({"name": "Door 2", "warehouse_id": cls.warehouse.id, "direction": "outbound",
                                 "refrigerated": True, "hour_ids": hours})
        cls.door3 = Door.create({"name": "Door 3", "warehouse_id": cls.warehouse.id, "direction": "both",
                                 "side_loading": True, "hour_ids": hours})
        cls.manager = new_test_user(cls.env, "wms_dock_manager", groups="wms_micraft.group_wms_manager")
        cls.operator = new_test_user(cls.env, "wms_dock_operator", groups="wms_micraft.group_wms_operator")
        cls.carrier_partner = cls.env["res.partner"].create({"name": "Fast Freight"})

    @classmethod
    def book(cls, door, start, end=None, **values):
        vals = {"warehouse_id": cls.warehouse.id, "door_id": door.id, "planned_start": start,
                "direction": "inbound" if door.direction == "inbound" else "outbound",
                "partner_id": cls.carrier_partner.id, **values}
        if end:
            vals["planned_end"] = end
        return cls.env["wms.dock.appointment"].create(vals)
