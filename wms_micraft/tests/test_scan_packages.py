from .scan_common import ScanCase


class PackageCase(ScanCase):
    """Bin A-02-01-01 (empty in ScanCase) gets Box in packages, loose, and owned by a supplier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pack1 = cls.env["stock.package"].create({"name": "PACK-1"})
        cls.pack2 = cls.env["stock.package"].create({"name": "PACK-2"})
        cls.consignor = cls.env["res.partner"].create({"name": "Consignor"})
        cls.warehouse.wms_count_apply = "auto"

    @classmethod
    def stock_in(cls, location, quantity, package=None, owner=None):
        """Stock through Odoo's inventory mode, in a package or owned by a partner."""
        quant = cls.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": cls.box.id, "location_id": location.id, "inventory_quantity": quantity,
            "package_id": package and package.id, "owner_id": owner and owner.id,
        })
        quant.action_apply_inventory()

    def quants(self, location):
        """(package, owner, quantity) of every Box quant in ``location`` (emptied ones left aside), sorted."""
        quants = self.env["stock.quant"].search([("product_id", "=", self.box.id), ("location_id", "=", location.id),
                                                 ("quantity", "!=", 0)])
        return sorted((q.package_id.name or "", q.owner_id.name or "", q.quantity) for q in quants)


class TestCountPackagesAndOwners(PackageCase):
    """A bin holding several quants of one product: the count keeps each one's package and owner."""

    def count(self, quantity):
        session, _ = self.open("count")
        session.scan("A020101")
        session.scan("5901234123457")
        session.act("quantity", quantity)
        return session.act("done")

    def test_a_matching_count_over_two_packages_changes_nothing(self):
        self.stock_in(self.bin_c, 5, self.pack1)
        self.stock_in(self.bin_c, 3, self.pack2)
        screen = self.count(8)
        self.assertIn("matches", screen["message"]["body"])
        self.assertEqual(self.quants(self.bin_c), [("PACK-1", "", 5), ("PACK-2", "", 3)])

    def test_a_matching_count_over_own_and_consigned_stock_changes_no_owner(self):
        self.stock_in(self.bin_c, 4)
        self.stock_in(self.bin_c, 3, owner=self.consignor)
        screen = self.count(7)
        self.assertIn("matches", screen["message"]["body"])
        self.assertEqual(self.quants(self.bin_c), [("", "", 4), ("", "Consignor", 3)])

    def test_a_difference_falls_on_the_loose_own_stock(self):
        self.stock_in(self.bin_c, 2)
        self.stock_in(self.bin_c, 5, self.pack1)
        screen = self.count(6)
        self.assertIn("Odoo 7.0, counted 6.0", screen["message"]["body"])
        self.assertEqual(self.quants(self.bin_c), [("", "", 1), ("PACK-1", "", 5)])
        screen = self.count(9)
        self.assertIn("Odoo 6.0, counted 9.0", screen["message"]["body"])
        self.assertEqual(self.quants(self.bin_c), [("", "", 4), ("PACK-1", "", 5)])

    def test_found_more_than_the_packages_hold_is_new_loose_stock(self):
        self.stock_in(self.bin_c, 5, self.pack1)
        self.count(7)
        self.assertEqual(self.quants(self.bin_c), [("", "", 2), ("PACK-1", "", 5)])


class TestMovePackageContent(PackageCase):
    """A free move of a product stored in a package takes it out of that package."""

    def move(self, source, quantity, destination):
        session, _ = self.open("move_stock")
        session.scan(source)
        session.scan("5901234123457")
        session.act("quantity", quantity)
        return session.scan(destination)

    def test_units_taken_out_of_a_package(self):
        self.stock_in(self.bin_c, 6, self.pack1)
        screen = self.move("A020101", 4, "A010102")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertEqual(self.quants(self.bin_c), [("PACK-1", "", 2)])
        self.assertEqual(self.quants(self.bin_b), [("", "", 4)])

    def test_loose_stock_first_then_packages_then_consigned(self):
        self.stock_in(self.bin_c, 2)
        self.stock_in(self.bin_c, 3, self.pack1)
        self.stock_in(self.bin_c, 4, owner=self.consignor)
        screen = self.move("A020101", 6, "A010102")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertEqual(self.quants(self.bin_c), [("", "Consignor", 3)])
        # What belongs to the consignor stays theirs in the new bin.
        self.assertEqual(self.quants(self.bin_b), [("", "", 5), ("", "Consignor", 1)])
        picking = self.env["stock.picking"].search([("location_id", "=", self.bin_c.id)])
        self.assertEqual(picking.state, "done")
        self.assertEqual(sorted(picking.move_line_ids.mapped("quantity")), [1, 2, 3])


class TestMoveTaskPackagedLot(PackageCase):
    """A directed move task of a lot stored in a package reserves that package's quant, as Odoo would."""

    def test_move_task_of_a_packaged_lot(self):
        lot = self.env["stock.lot"].create({"name": "LOT-PACKED", "product_id": self.drug.id,
                                            "expiration_date": self.lot_ok.expiration_date})
        quant = self.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": self.drug.id, "location_id": self.bin_c.id, "inventory_quantity": 6,
            "lot_id": lot.id, "package_id": self.pack1.id})
        quant.action_apply_inventory()
        task = self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_c.id,
            "location_dest_id": self.bin_b.id, "product_id": self.drug.id, "lot_id": lot.id, "quantity": 4})
        self.assertEqual(task.move_line_ids.package_id, self.pack1)
        session, _ = self.open("next_task")
        session.act("next")
        session.scan("A020101")
        session.scan("LOT-PACKED")
        session.act("quantity", 4)
        screen = session.scan("A010102")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        quants = self.env["stock.quant"].search([("lot_id", "=", lot.id), ("quantity", "!=", 0),
                                                 ("location_id.usage", "=", "internal")])
        self.assertEqual(sorted((q.location_id.barcode, q.package_id.name or "", q.quantity) for q in quants),
                         [("A010102", "", 4), ("A020101", "PACK-1", 2)])


class TestCountSerials(PackageCase):
    """A count of serial-tracked units: each serial is one unit, counted once."""

    def test_each_serial_counts_one_unit_once(self):
        phone = self.make_product("Phone", tracking="serial", barcode="4006381333948")
        Lot = self.env["stock.lot"]
        for name in ("SN-A", "SN-B"):
            self.put_stock(phone, self.bin_c, 1, Lot.create({"name": name, "product_id": phone.id}))
        last_move = self.env["stock.move"].search([], order="id desc", limit=1)
        session, _ = self.open("count")
        session.scan("A020101")
        screen = session.scan("SN-A")
        self.assertEqual((screen["state"], screen["message"]["type"]), ("scan_product", "success"), screen["message"])
        self.assertRefused(session, lambda: session.scan("SN-A"), "SN-A", "already counted")
        session.scan("4006381333948")
        screen = session.scan("SN-B")
        self.assertEqual(screen["state"], "scan_product", screen["message"])
        screen = session.act("done")
        self.assertIn("matches", screen["message"]["body"])
        quants = self.env["stock.quant"].search([("product_id", "=", phone.id), ("location_id", "=", self.bin_c.id)])
        self.assertEqual(sorted((q.lot_id.name, q.quantity) for q in quants), [("SN-A", 1), ("SN-B", 1)])
        # Confirmed counts are logged as inventory moves of 0: nothing moved.
        moves = self.env["stock.move"].search([("id", ">", last_move.id)])
        self.assertEqual((len(moves), set(moves.mapped("quantity"))), (2, {0.0}))
