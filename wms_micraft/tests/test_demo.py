from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase

from odoo.addons.wms_micraft.models.wms_demo import ean13, ean13_is_valid, lot_specs, product_specs, SIZES

SMALL_BINS = 400 + 160 + 40  # A: 4 x 20 x 5, R: 2 x 20 x 4, C: 1 x 20 x 2


class TestWmsDemo(TransactionCase):
    """The small demo, built once for the class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], order="id", limit=1)
        cls.counts = cls.env["wms.demo"]._build_demo(size="small", seed=42)
        cls.bins = cls.env["stock.location"].search(
            [("wms_is_bin", "=", True), ("warehouse_id", "=", cls.warehouse.id)])
        cls.products = cls.env["product.product"].search(
            [("default_code", "=like", "MC%"), ("company_id", "=", cls.company.id)])
        cls.quants = cls.env["stock.quant"].search([("location_id", "in", cls.bins.ids)])
        cls.deliveries = cls.env["stock.picking"].search(
            [("origin", "=like", "DEMO-SO%"), ("company_id", "=", cls.company.id)])
        cls.receipts = cls.env["stock.picking"].search(
            [("origin", "=like", "DEMO-PO%"), ("company_id", "=", cls.company.id)])

    def test_zones_and_bins(self):
        zones = self.env["wms.zone"].search([("warehouse_id", "=", self.warehouse.id)])
        self.assertEqual(sorted(zones.mapped("code")), ["A", "C", "Q", "R", "S"])
        cold = zones.filtered(lambda z: z.code == "C")
        self.assertEqual((cold.zone_type, cold.temperature_class), ("cold", "chilled"))
        self.assertEqual(len(self.bins), SMALL_BINS)
        self.assertEqual(self.counts["bins"], SMALL_BINS)
        self.assertEqual(
            {code: len(self.bins.filtered(lambda b, c=code: b.wms_zone_id.code == c)) for code in "ARC"},
            {"A": 400, "R": 160, "C": 40},
        )
        # capacities set, so occupancy percentages mean something
        self.assertTrue(all(b.wms_max_weight and b.wms_max_volume and b.wms_max_units for b in self.bins))
        # aisles of different zones do not overlap: one layout aisle per rack aisle, 3.5 m apart
        layout = self.env["wms.layout"].search([("warehouse_id", "=", self.warehouse.id)])
        positions = sorted(layout.aisle_ids.mapped("position"))
        self.assertEqual(positions, [i * 3.5 for i in range(7)])
        # 1% blocked, each with a reason
        blocked = self.bins.filtered("wms_blocked")
        self.assertEqual(len(blocked), 6)
        self.assertTrue(all(b.wms_block_reason for b in blocked))

    def test_products_and_lots(self):
        self.assertEqual(len(self.products), 50)
        self.assertTrue(all(p.type == "consu" and p.is_storable for p in self.products))
        self.assertTrue(all(ean13_is_valid(p.barcode) for p in self.products))
        self.assertEqual(len(set(self.products.mapped("barcode"))), 50)
        self.assertTrue(all(p.weight > 0 and p.volume > 0 for p in self.products))
        tracked = self.products.filtered(lambda p: p.tracking == "lot")
        self.assertEqual(len(tracked), 17)  # every third product
        self.assertTrue(all(p.use_expiration_date and p.expiration_time for p in tracked))
        lots = self.env["stock.lot"].search([("product_id", "in", tracked.ids)])
        self.assertEqual(len(lots), self.counts["lots"])
        now = fields.Datetime.now()
        expired = lots.filtered(lambda lot: lot.expiration_date < now)
        self.assertGreaterEqual(len(expired), len(tracked))  # at least one expired lot per product
        self.assertTrue(any(lot.expiration_date > now.replace(year=now.year + 1) for lot in lots))
        self.assertTrue(all(lot.removal_date and lot.alert_date for lot in lots))

    def test_stock_came_through_inventory_moves(self):
        self.assertGreater(len(self.quants), 200)
        self.assertEqual(len(self.quants), self.counts["quants"])
        self.assertTrue(all(q.quantity > 0 for q in self.quants))
        self.assertFalse(self.quants.location_id.filtered("wms_blocked"), "no stock in blocked bins")
        self.assertFalse(self.quants.filtered(lambda q: q.product_id.tracking == "lot" and not q.lot_id))
        # cold room holds only perishables
        cold = self.quants.filtered(lambda q: q.location_id.wms_zone_id.code == "C")
        self.assertTrue(cold and all(q.product_id.tracking == "lot" for q in cold))
        # every unit arrived by a done inventory move line into its bin
        done = self.env["stock.move.line"]._read_group(
            [("state", "=", "done"), ("location_dest_id", "in", self.bins.ids)],
            ["location_dest_id", "product_id", "lot_id", "move_id.is_inventory"], ["quantity:sum"],
        )
        self.assertTrue(done)
        self.assertTrue(all(is_inventory for _loc, _prod, _lot, is_inventory, _qty in done))
        moved = {(loc.id, prod.id, lot.id): qty for loc, prod, lot, _inv, qty in done}
        on_hand = {(q.location_id.id, q.product_id.id, q.lot_id.id): q.quantity for q in self.quants}
        self.assertEqual(moved, on_hand)
        # bins are filled but not overfilled
        fills = self.quants.location_id.mapped("wms_fill")
        self.assertTrue(all(0 < fill <= 100 for fill in fills), fills)

    def test_pickings_and_carriers(self):
        self.assertEqual(len(self.receipts), 10)
        self.assertTrue(all(p.picking_type_id == self.warehouse.in_type_id for p in self.receipts))
        self.assertFalse(self.receipts.filtered(lambda p: p.state in ("draft", "done", "cancel")))
        self.assertEqual(len(self.deliveries), 30)
        self.assertTrue(all(p.picking_type_id == self.warehouse.out_type_id for p in self.deliveries))
        self.assertFalse(self.deliveries.filtered(lambda p: p.state in ("draft", "done", "cancel")))
        self.assertTrue(80 <= len(self.deliveries.move_ids) <= 100)
        reserved = self.deliveries.filtered(lambda p: p.state == "assigned")
        self.assertTrue(reserved)
        self.assertTrue(reserved.move_ids.move_line_ids)
        # reservations come from demo bins, never from blocked ones
        sources = self.deliveries.move_ids.move_line_ids.location_id
        self.assertLessEqual(sources, self.bins - self.bins.filtered("wms_blocked"))
        carriers = self.env["delivery.carrier"].search([("name", "like", "Demo ")])
        self.assertGreaterEqual(len(carriers), 2)
        self.assertTrue(all(c.delivery_type == "fixed" and c.product_id.type == "service" for c in carriers))
        with_carrier = self.deliveries.filtered("carrier_id")
        self.assertTrue(0 < len(with_carrier) < len(self.deliveries))
        self.assertEqual(self.counts["deliveries_with_carrier"], len(with_carrier))

    def test_wave_template_plans_and_releases_the_demo_deliveries(self):
        template = self.env["wms.wave.template"].search([("warehouse_id", "=", self.warehouse.id)])
        self.assertEqual(len(template), 1)
        wizard = self.env["wms.wave.plan"].create({"template_id": template.id})
        wizard.action_preview()
        planned = wizard.line_ids.picking_ids
        self.assertEqual(planned | wizard.excluded_ids.picking_id, self.deliveries)
        self.assertFalse(planned & wizard.excluded_ids.picking_id)
        self.assertTrue(all(p.state == "assigned" for p in planned))
        self.assertTrue(all(cart.order_count <= 8 and cart.weight <= 80.0 for cart in wizard.line_ids))
        self.assertLess(wizard.route_length, wizard.single_length)
        wizard.action_release()
        self.assertEqual(wizard.batch_ids.picking_ids, planned)
        self.assertEqual(len(wizard.batch_ids), wizard.cart_count)

    def test_second_build_is_refused(self):
        with self.assertRaisesRegex(UserError, 'zone with code "A"'):
            self.env["wms.demo"]._build_demo(size="small", seed=42)
        with self.assertRaises(UserError):
            self.env["wms.demo"]._build_demo(size="huge")

    def test_generators_are_deterministic(self):
        specs = product_specs(50, 42)
        self.assertEqual(specs, product_specs(50, 42))
        self.assertNotEqual([s["name"] for s in specs], [s["name"] for s in product_specs(50, 43)])
        self.assertEqual(lot_specs(specs, (2, 4), 42), lot_specs(specs, (2, 4), 42))
        by_code = {p.default_code: p for p in self.products}
        for spec in specs:
            product = by_code[spec["default_code"]]
            self.assertEqual((product.name, product.barcode), (spec["name"], spec["barcode"]))
        self.assertEqual(ean13("400638133393"), "4006381333931")  # a well-known EAN-13
        self.assertEqual(SIZES["large"]["quants"], 200_000)

    def test_same_seed_same_warehouse_in_another_company(self):
        """Building again with the same seed in a second company gives the same warehouse."""
        company2 = self.env["res.company"].create({"name": "WMS demo twin"})
        env2 = self.env(context=dict(self.env.context, allowed_company_ids=[company2.id]))
        counts2 = env2["wms.demo"]._build_demo(size="small", seed=42)
        ignored = {"timings", "warehouse"}
        self.assertEqual({k: v for k, v in counts2.items() if k not in ignored},
                         {k: v for k, v in self.counts.items() if k not in ignored})

        def snapshot(company):
            quants = self.env["stock.quant"].search(
                [("company_id", "=", company.id), ("location_id.wms_is_bin", "=", True)])
            stock = sorted((q.location_id.barcode, q.product_id.default_code, q.lot_id.name or "", q.quantity)
                           for q in quants)
            deliveries = self.env["stock.picking"].search(
                [("company_id", "=", company.id), ("origin", "=like", "DEMO-SO%")])
            orders = sorted((p.origin, p.partner_id.name, p.carrier_id.name or "",
                             tuple(sorted((m.product_id.default_code, m.product_uom_qty) for m in p.move_ids)))
                            for p in deliveries)
            products = sorted(self.env["product.product"].search(
                [("company_id", "=", company.id), ("default_code", "=like", "MC%")]).mapped(
                lambda p: (p.default_code, p.name, p.barcode, p.weight, p.volume)))
            return stock, orders, products

        self.assertEqual(snapshot(company2), snapshot(self.company))

    def test_cli_command_is_discoverable(self):
        from odoo.cli.command import Command, find_command  # noqa: PLC0415

        command = find_command("wms_demo")
        self.assertIsNotNone(command, "odoo-bin wms_demo is not found on the addons path")
        self.assertTrue(issubclass(command, Command))
        self.assertEqual(command.name, "wms_demo")
        options, rest = command().parser.parse_known_args(
            ["-d", "somedb", "--db_host", "localhost", "--size", "large", "--seed", "7", "--if-missing"])
        self.assertEqual((options.size, options.seed, options.no_install, options.if_missing), ("large", 7, False, True))
        self.assertEqual(rest, ["-d", "somedb", "--db_host", "localhost"])
