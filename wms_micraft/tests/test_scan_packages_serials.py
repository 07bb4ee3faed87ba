from .pick_common import PickCase
from .putaway_common import PutawayMixin
from .scan_common import ScanCase

PHONE = "4006381000024"  # EAN-13 of a serial-tracked product; GTIN-14 "0" + PHONE


class TestPickSerialsAndPackages(PickCase):
    """Pick with serial numbers (one per scan) and from bins holding packages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bin_f, cls.bin_g = cls.bin("A010201"), cls.bin("A010202")
        cls.phone = cls.make_product("Phone", weight=0.2, volume=0.0005, tracking="serial", barcode=PHONE)
        Lot = cls.env["stock.lot"]
        cls.serials = {name: Lot.create({"name": name, "product_id": cls.phone.id})
                       for name in ("SN-1", "SN-2", "SN-3", "SN-9")}
        for name in ("SN-1", "SN-2", "SN-3"):
            cls.put_stock(cls.phone, cls.bin_f, 1, cls.serials[name])
        cls.put_stock(cls.phone, cls.bin_g, 1, cls.serials["SN-9"])

    def head(self, session):
        return self.env["stock.move.line"].browse(session.data["queue"][0])

    def test_serials_one_per_scan_wrong_and_replayed_refused(self):
        picking = self.delivery((self.phone, 2))
        lines = picking.move_line_ids
        self.assertEqual(sorted(lines.lot_id.mapped("name")), ["SN-1", "SN-2"])
        self.assertEqual(lines.mapped("quantity"), [1.0, 1.0])
        session, _screen = self.start_pick(picking)
        first = self.head(session)
        session.scan("A010201")
        # A GS1 label with the serial and a count of 2: one serial is one Unit.
        gs1 = f"01{'0' + PHONE}21{first.lot_id.name}\x1d302"
        self.assertRefused(session, lambda: session.scan(gs1), "more than expected", "at most 1.0 Units")
        screen = session.scan(PHONE)
        self.assertEqual(screen["state"], "scan_lot", screen["message"])
        # A serial stored elsewhere, a lot of another product: refused, nothing changes.
        self.assertRefused(session, lambda: session.scan("SN-9"), "SN-9", self.bin_f.display_name)
        self.assertRefused(session, lambda: session.scan("LOT-OK"), "Wrong product", "Drug", "Phone")
        screen = session.scan(first.lot_id.name)
        self.assertTrue(first.picked)
        self.assertEqual((first.quantity, first.product_uom_id), (1.0, self.uom_unit))
        second = self.head(session)
        self.assertNotEqual(second, first)
        session.scan("A010201")
        session.scan(PHONE)
        # The serial just picked cannot be picked a second time.
        self.assertRefused(session, lambda: session.scan(first.lot_id.name), first.lot_id.name, "already picked")
        # Another serial of this bin may replace the reserved one (it is free).
        screen = session.scan("SN-3")
        self.assertEqual(picking.state, "done", screen["message"])
        shipped = picking.move_line_ids.lot_id.mapped("name")
        self.assertEqual(sorted(shipped), sorted([first.lot_id.name, "SN-3"]))
        left = ({"SN-1", "SN-2"} - set(shipped)).pop()
        self.assertEqual([self.qty(self.phone, self.bin_f, self.serials[n]) for n in ("SN-1", "SN-2", "SN-3")],
                         [1 if n == left else 0 for n in ("SN-1", "SN-2", "SN-3")])
        self.assertEqual(self.qty(self.phone, self.bin_g, self.serials["SN-9"]), 1)

    def test_pick_from_a_bin_holding_packages(self):
        carton = self.make_product("Carton", weight=1.0, volume=0.01, barcode="4006381000048")
        Package = self.env["stock.package"]
        pack_1, pack_2 = Package.create({"name": "PK-1"}), Package.create({"name": "PK-2"})
        for package in (pack_1, pack_2):  # FIFO: PK-1 first
            self.env["stock.quant"]._update_available_quantity(carton, self.bin_g, 5, package_id=package)
        picking = self.delivery((carton, 7))
        self.assertEqual(sorted((ml.location_id.barcode, ml.package_id.name, ml.quantity)
                                for ml in picking.move_line_ids),
                         [("A010202", "PK-1", 5.0), ("A010202", "PK-2", 2.0)])
        session, _screen = self.start_pick(picking)
        # Two lines in the same bin, one per package: each counted on its own.
        for _step in range(2):
            line = self.head(session)
            session.scan("A010202")
            session.scan("4006381000048")
            self.assertRefused(session, lambda line=line: session.act("quantity", line.quantity + 1),
                               "more than expected", f"at most {line.quantity} Units")
            screen = session.act("quantity", line.quantity)
            if screen["state"] == "zero_check":
                screen = session.act("confirm")
        self.assertEqual(picking.state, "done", screen["message"])
        quants = self.env["stock.quant"].search([("product_id", "=", carton.id), ("location_id", "=", self.bin_g.id),
                                                 ("quantity", "!=", 0)])
        self.assertEqual([(q.package_id.name, q.quantity) for q in quants], [("PK-2", 3.0)])
        self.assertEqual(pack_2.location_id, self.bin_g)
        self.assertFalse(pack_1.quant_ids.filtered(lambda q: q.location_id.usage == "internal"))


class TestPutawayPackage(ScanCase, PutawayMixin):
    """Putaway "one task per package" with a package received in a two-step reception."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_putaway()
        cls.bins.write({"wms_max_units": 20})
        cls.warehouse.write({"reception_steps": "two_steps", "wms_putaway_task_mode": "package"})
        cls.crate = cls.make_product("Crate", weight=2.0, volume=0.002, barcode="4006381000031")

    def receive_package(self, name):
        """Box 4 and Crate 6 received in one package at Input: the storage transfer moves the package."""
        receipt = self.receipt((self.box, 4), (self.crate, 6))
        package = self.env["stock.package"].create({"name": name})
        receipt.move_ids.picked = True
        receipt.action_put_in_pack(package_id=package.id)
        self.assertEqual(receipt.button_validate(), True)
        self.assertEqual(package.location_id, self.warehouse.wh_input_stock_loc_id)
        return package, receipt.move_ids.move_dest_ids.picking_id

    def test_package_planned_whole_whatever_its_products_prefer(self):
        # Alone, a fast mover (A) and a slow mover (C) would go to different bins; Odoo then sends
        # the package to Stock and no bin, no task was planned. A package is planned as one item.
        self.box.wms_velocity_class = "A"
        self.crate.wms_velocity_class = "C"
        package, storage = self.receive_package("PKG-IN-2")
        lines = storage.move_line_ids
        self.assertEqual(len(lines.location_dest_id), 1)
        self.assertIn(lines.location_dest_id, self.bins)
        self.assertEqual(sorted(lines.wms_putaway_suggestion_ids.mapped("quantity")), [4.0, 6.0])
        self.assertEqual(lines.wms_putaway_suggestion_ids.bin_id, lines.location_dest_id)
        tasks = self.env["wms.task"].search([("task_type", "=", "putaway"), ("picking_id", "=", storage.id)])
        self.assertEqual((len(tasks), tasks.move_line_ids, tasks.quantity), (1, lines, 10.0))

    def test_one_task_per_received_package(self):
        package, storage = self.receive_package("PKG-IN-1")
        self.assertEqual(storage.state, "assigned")
        lines = storage.move_line_ids
        self.assertEqual((lines.package_id, lines.result_package_id), (package, package))
        tasks = self.env["wms.task"].search([("task_type", "=", "putaway"), ("picking_id", "=", storage.id)])
        # One task for the package, its two lines going to the same bin (a package is never split).
        self.assertEqual(len(tasks), 1)
        self.assertEqual(tasks.move_line_ids, lines)
        target = lines.location_dest_id
        self.assertEqual(len(target), 1)
        self.assertIn(target, self.bins)
        self.assertEqual(tasks.quantity, 10.0)
        session, screen = self.open("next_task")
        screen = session.act("next")
        self.assertEqual((screen["scenario"], screen["task"]["id"]), ("putaway", tasks.id), screen["message"])
        for _step in range(2):
            line = tasks._wms_todo_lines()[:1]
            session.scan(target.barcode)
            session.scan(line.product_id.barcode)
            self.assertRefused(session, lambda line=line: session.act("quantity", line.quantity + 1),
                               "more than expected", f"at most {line.quantity} Units")
            screen = session.act("quantity", line.quantity)
        self.assertEqual(storage.state, "done", screen["message"])
        self.assertEqual(package.location_id, target)
        quants = package.quant_ids
        self.assertEqual(sorted((q.product_id.name, q.quantity, q.location_id.id) for q in quants),
                         [("Box", 4.0, target.id), ("Crate", 6.0, target.id)])
        self.assertEqual(tasks.state, "done")
