from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from ..engine import batching
from .common import WmsCase


class WaveCase(WmsCase):
    """Four aisles of ten bays (one level): deliveries whose bins are at the front of aisle 1 or 4.

    Aisles are 3.5 m apart (centre lines x = 1.75, 5.25, 8.75, 12.25) and 5 m
    long; the depot is at the front. Products P1a/P1b are in aisle 1, P4a/P4b
    in aisle 4, 1 kg each; Heavy (3 kg) in aisle 1; Ghost has no stock.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate(aisle_to=4, bay_to=10, level_to=1)
        cls.customer = cls.env.ref("stock.stock_location_customers")
        cls.out_type = cls.warehouse.out_type_id
        cls.partner_a = cls.env["res.partner"].create({"name": "Customer A"})
        cls.partner_b = cls.env["res.partner"].create({"name": "Customer B"})
        cls.p1a = cls.make_product("P1a", weight=1.0, volume=0.001)
        cls.p1b = cls.make_product("P1b", weight=1.0, volume=0.001)
        cls.p4a = cls.make_product("P4a", weight=1.0, volume=0.001)
        cls.p4b = cls.make_product("P4b", weight=1.0, volume=0.001)
        cls.heavy = cls.make_product("Heavy", weight=3.0, volume=0.01)
        cls.ghost = cls.make_product("Ghost", weight=1.0)
        for product, code in ((cls.p1a, "A010101"), (cls.p1b, "A010201"), (cls.p4a, "A040101"),
                              (cls.p4b, "A040201"), (cls.heavy, "A010301")):
            cls.put_stock(product, cls.bin(code), 100)
        cls.template = cls.env["wms.wave.template"].create({
            "name": "Parcels", "warehouse_id": cls.warehouse.id, "picking_type_id": cls.out_type.id,
            "horizon_hours": 0, "cart_max_orders": 2, "time_budget": 1.0,
            "walking_speed": 1.0, "seconds_per_line": 10.0,
        })

    def delivery(self, *lines, partner=None, priority="0"):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.out_type.id, "partner_id": (partner or self.partner_a).id,
            "priority": priority, "location_id": self.stock.id, "location_dest_id": self.customer.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": quantity, "product_uom": product.uom_id.id,
                "location_id": self.stock.id, "location_dest_id": self.customer.id,
            }) for product, quantity in lines],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking

    def preview(self, template=None, user=None):
        wizard = self.env["wms.wave.plan"].with_user(user or self.manager).create(
            {"template_id": (template or self.template).id})
        wizard.action_preview()
        return wizard


class TestWavePlan(WaveCase):
    def test_preview_writes_nothing_and_compares_with_odoo_and_single_orders(self):
        # Customer A orders in aisles 1 and 4, customer B too: Odoo batches by customer and walks
        # all four aisles twice; the engine puts both aisle-1 orders on one cart, both aisle-4 on the other.
        a1 = self.delivery((self.p1a, 1), partner=self.partner_a)
        a4 = self.delivery((self.p4a, 1), partner=self.partner_a)
        b1 = self.delivery((self.p1b, 1), partner=self.partner_b)
        b4 = self.delivery((self.p4b, 1), partner=self.partner_b)
        pickings = a1 | a4 | b1 | b4
        batches_before = self.env["stock.picking.batch"].search_count([])
        tasks_before = self.env["wms.task"].search_count([])
        wizard = self.preview()
        self.env.flush_all()
        self.assertEqual(self.env["stock.picking.batch"].search_count([]), batches_before)
        self.assertEqual(self.env["wms.task"].search_count([]), tasks_before)
        self.assertFalse(pickings.batch_id)
        self.assertFalse(any(pickings.move_line_ids.mapped("wms_route_sequence")))
        self.assertEqual(pickings.mapped("state"), ["assigned"] * 4)

        self.assertEqual((wizard.state, wizard.order_count, wizard.move_line_count, wizard.cart_count),
                         ("preview", 4, 4, 2))
        self.assertEqual({frozenset(cart.picking_ids.ids) for cart in wizard.line_ids},
                         {frozenset((a1 | b1).ids), frozenset((a4 | b4).ids)})
        self.assertAlmostEqual(wizard.route_length, sum(wizard.line_ids.mapped("route_length")), places=6)
        self.assertEqual(wizard.odoo_cart_count, 2)
        # Odoo's grouping walks to aisle 4 with both carts; ours with one.
        self.assertLess(wizard.route_length, wizard.odoo_length - 1.0)
        self.assertLess(wizard.route_length, wizard.single_length - 1.0)
        # Cross-check by the route optimisation of transfers and batches (another code path): each
        # order alone, and Odoo's batches by customer ({a1, a4} and {b1, b4}).
        for picking in pickings:
            picking.action_wms_optimise_route()
        self.assertAlmostEqual(wizard.single_length, sum(pickings.mapped("wms_route_length")), delta=0.1)
        odoo_batches = self.env["stock.picking.batch"].create([
            {"picking_ids": [Command.set((a1 | a4).ids)]}, {"picking_ids": [Command.set((b1 | b4).ids)]}])
        odoo_batches.action_wms_optimise_route()
        self.assertAlmostEqual(wizard.odoo_length, sum(odoo_batches.mapped("wms_route_length")), delta=0.1)
        # Minutes: walking at 1 m/s plus 10 s per line.
        # (minutes are stored to 0.01)
        self.assertAlmostEqual(wizard.minutes, (wizard.route_length + 4 * 10.0) / 60.0, delta=0.006)
        self.assertAlmostEqual(wizard.odoo_minutes, (wizard.odoo_length + 4 * 10.0) / 60.0, delta=0.006)
        self.assertGreater(wizard.saving_odoo, 0.0)
        self.assertFalse(wizard.excluded_ids)

    def test_release_respects_cart_limits_and_writes_routed_batches_with_tasks(self):
        self.template.write({"cart_max_orders": 3, "cart_max_lines": 3, "cart_max_weight": 4.0,
                             "create_as_wave": True})
        pickings = (self.delivery((self.p1a, 1), (self.p1b, 1))   # 2 lines, 2 kg
                    | self.delivery((self.heavy, 1))              # 1 line, 3 kg
                    | self.delivery((self.p4a, 1))                # 1 line, 1 kg
                    | self.delivery((self.p4b, 2))                # 1 line, 2 kg
                    | self.delivery((self.p1a, 1), (self.p4b, 1)))  # 2 lines, 2 kg
        wizard = self.preview()
        planned = {cart.sequence: cart.picking_ids for cart in wizard.line_ids}
        wizard.action_release()
        self.assertEqual(wizard.state, "released")
        self.assertFalse(wizard.skipped_picking_ids)
        batches = wizard.batch_ids
        self.assertEqual(len(batches), wizard.cart_count)
        self.assertEqual(pickings.batch_id, batches)
        for cart in wizard.line_ids:
            batch = batches.filtered(lambda b, cart=cart: b.picking_ids & cart.picking_ids)
            self.assertEqual(len(batch), 1)
            self.assertEqual(batch.picking_ids, planned[cart.sequence])
        for batch in batches:
            lines = batch.move_line_ids
            weight = sum(ml.product_id.weight * ml.quantity for ml in lines)
            self.assertLessEqual(len(batch.picking_ids), 3)
            self.assertLessEqual(len(lines), 3)
            self.assertLessEqual(weight, 4.0)
            self.assertTrue(batch.is_wave)
            self.assertEqual(batch.state, "in_progress")
            self.assertGreater(batch.wms_route_length, 0.0)
            self.assertEqual(sorted(lines.mapped("wms_route_sequence")), list(range(1, len(lines) + 1)))
            task = self.env["wms.task"].search([("batch_id", "=", batch.id), ("task_type", "=", "pick")])
            self.assertEqual(len(task), 1)
            self.assertEqual(task.state, "ready")
            self.assertEqual(task.move_line_ids, lines)
        # 8 units reserved, none moved: the ledger is untouched by planning.
        self.assertEqual(sum(pickings.move_line_ids.mapped("quantity")), 8.0)
        self.assertEqual(pickings.mapped("state"), ["assigned"] * 5)

    def test_urgent_orders_first_when_the_wave_is_full(self):
        self.template.wave_max_orders = 2
        normal = self.delivery((self.p1a, 1)) | self.delivery((self.p1b, 1))
        urgent = self.delivery((self.p4a, 1), priority="1") | self.delivery((self.p4b, 1), priority="1")
        wizard = self.preview()
        self.assertEqual(wizard.line_ids.picking_ids, urgent)
        self.assertEqual(wizard.excluded_ids.picking_id, normal)
        self.assertEqual(set(wizard.excluded_ids.mapped("reason")), {"The wave is full (orders or lines per wave)."})
        wizard.action_release()
        self.assertEqual(urgent.batch_id, wizard.batch_ids)
        self.assertFalse(normal.batch_id)

    def test_unreserved_deliveries_are_left_out_with_the_reason(self):
        ready = self.delivery((self.p1a, 1))
        unreserved = self.delivery((self.ghost, 1))
        partly = self.delivery((self.p4a, 1), (self.ghost, 2))
        self.assertEqual(unreserved.state, "confirmed")
        wizard = self.preview()
        reasons = {line.picking_id: line.reason for line in wizard.excluded_ids}
        self.assertEqual(reasons, {
            unreserved: "Not reserved: check availability first.",
            partly: "Partly reserved: 1 of 2 moves fully reserved.",
        })
        self.assertEqual(wizard.line_ids.picking_ids, ready)
        wizard.action_release()
        self.assertEqual(ready.batch_id, wizard.batch_ids)
        self.assertFalse((unreserved | partly).batch_id)

    def test_template_filters_single_line_and_urgent(self):
        single = self.delivery((self.p1a, 1), priority="1")
        multi = self.delivery((self.p1a, 1), (self.p4a, 1), priority="1")
        normal = self.delivery((self.p4b, 1))
        self.template.write({"size_class": "single", "min_priority": "1"})
        self.assertEqual(self.preview().line_ids.picking_ids, single)
        self.template.write({"size_class": "multi", "min_priority": "0"})
        self.assertEqual(self.preview().line_ids.picking_ids, multi)
        self.template.write({"size_class": "all"})
        self.assertEqual(self.preview().line_ids.picking_ids, single | multi | normal)

    def test_delivery_batched_after_the_preview_is_skipped_and_reported(self):
        first, second = self.delivery((self.p1a, 1)), self.delivery((self.p1b, 1))
        wizard = self.preview()
        other = self.env["stock.picking.batch"].create({"picking_ids": [Command.set(first.ids)]})
        wizard.action_release()
        self.assertEqual(first.batch_id, other)
        self.assertEqual(wizard.skipped_picking_ids, first)
        self.assertIn(first.name, wizard.result)
        self.assertEqual(wizard.batch_ids.picking_ids, second)
        self.assertEqual(second.batch_id, wizard.batch_ids)

    def test_release_twice_is_refused(self):
        self.delivery((self.p1a, 1))
        wizard = self.preview()
        wizard.action_release()
        with self.assertRaisesRegex(UserError, "Preview the wave before releasing it"):
            wizard.action_release()

    def test_no_layout_is_a_clear_error(self):
        self.delivery((self.p1a, 1))
        self.env["wms.layout"].search([("warehouse_id", "=", self.warehouse.id)]).aisle_ids.unlink()
        with self.assertRaisesRegex(UserError, "has no layout with aisles and cross aisles"):
            self.preview()

    def test_operator_reads_templates_but_cannot_create_nor_release(self):
        self.delivery((self.p1a, 1))
        Template = self.env["wms.wave.template"].with_user(self.operator)
        self.assertEqual(Template.search([]).name, "Parcels")
        with self.assertRaisesRegex(AccessError, "wms.wave.template"):
            Template.create({"name": "Mine", "warehouse_id": self.warehouse.id,
                             "picking_type_id": self.out_type.id})
        with self.assertRaisesRegex(AccessError, "wms.wave.template"):
            self.template.with_user(self.operator).write({"cart_max_orders": 20})
        with self.assertRaisesRegex(AccessError, "wms.wave.plan"):
            self.env["wms.wave.plan"].with_user(self.operator).create({"template_id": self.template.id})
        wizard = self.preview()
        with self.assertRaisesRegex(AccessError, "wms.wave.plan"):
            wizard.with_user(self.operator).action_release()
        self.assertFalse(self.env["stock.picking.batch"].search([]))

    def test_scheduled_template_is_released_by_the_cron(self):
        pickings = self.delivery((self.p1a, 1)) | self.delivery((self.p4a, 1))
        self.template.run_mode = "scheduled"
        self.env["wms.wave.template"]._cron_release_scheduled()
        self.assertTrue(pickings.batch_id)
        self.assertTrue(self.template.last_run)
        self.assertEqual(self.env["wms.task"].search_count([("batch_id", "in", pickings.batch_id.ids)]),
                         len(pickings.batch_id))

    def test_split_needs_waves(self):
        with self.assertRaisesRegex(ValidationError, "tick Create waves"):
            self.template.allow_split = True

    def test_large_order_split_into_waves_when_the_template_allows(self):
        self.template.write({"cart_max_lines": 2, "create_as_wave": True})
        big = self.delivery((self.p1a, 1), (self.p1b, 1), (self.p4a, 1))
        self.assertEqual(self.preview().excluded_ids.reason,
                         "Larger than one cart (lines, weight or volume) and splitting is off.")
        self.template.allow_split = True
        wizard = self.preview()
        self.assertFalse(wizard.excluded_ids)
        self.assertEqual((wizard.order_count, wizard.move_line_count, wizard.cart_count), (1, 3, 2))
        wizard.action_release()
        waves = wizard.batch_ids
        self.assertEqual(len(waves), 2)
        self.assertTrue(all(waves.mapped("is_wave")))
        # Odoo split the delivery: one part per wave, every line reserved once, nothing lost.
        parts = waves.picking_ids
        self.assertEqual(len(parts), 2)
        self.assertIn(big, parts)
        self.assertTrue(all(len(wave.move_line_ids) <= 2 for wave in waves))
        self.assertEqual(sorted(parts.move_line_ids.product_id.mapped("name")), ["P1a", "P1b", "P4a"])
        self.assertEqual(sum(parts.move_line_ids.mapped("quantity")), 3.0)
        self.assertEqual(parts.mapped("state"), ["assigned", "assigned"])
        self.assertEqual(self.env["wms.task"].search_count([("batch_id", "in", waves.ids)]), 2)

    def test_preview_queries_do_not_grow_with_lines(self):
        """Bins, products and moves are read per wave, not per line: 1 or 4 lines an order, same queries."""
        def measure():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            wizard = self.preview()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before, wizard

        small = self.delivery((self.p1a, 1)) | self.delivery((self.p4a, 1))
        measure()  # warm the caches (access rules, views of the layout)
        queries_small, wizard = measure()
        self.assertEqual(wizard.move_line_count, 2)
        small.action_cancel()
        self.delivery((self.p1a, 1), (self.p1b, 1), (self.heavy, 1), (self.p4b, 1))
        self.delivery((self.p4a, 1), (self.p4b, 1), (self.p1b, 1), (self.heavy, 1))
        queries_large, wizard = measure()
        self.assertEqual((wizard.move_line_count, wizard.cart_count), (8, 1))
        self.assertEqual(queries_large, queries_small)

    def test_plan_wave_button_on_the_template_opens_the_preview(self):
        self.delivery((self.p1a, 1))
        action = self.template.with_user(self.manager).action_plan_wave()
        wizard = self.env["wms.wave.plan"].browse(action["res_id"])
        self.assertEqual((action["res_model"], wizard.state, wizard.order_count), ("wms.wave.plan", "preview", 1))

    def test_delivery_reserved_again_after_the_preview_is_still_released_whole(self):
        picking = self.delivery((self.p1a, 1), (self.p4a, 1))
        wizard = self.preview()
        old_lines = picking.move_line_ids
        picking.do_unreserve()
        picking.action_assign()
        self.assertFalse(old_lines.exists())
        wizard.action_release()
        self.assertFalse(wizard.skipped_picking_ids)
        self.assertEqual(wizard.batch_ids.picking_ids, picking)
        self.assertEqual(len(wizard.batch_ids.move_line_ids), 2)

    def test_split_delivery_reserved_again_after_the_preview_is_skipped(self):
        self.template.write({"cart_max_lines": 2, "create_as_wave": True, "allow_split": True})
        big = self.delivery((self.p1a, 1), (self.p1b, 1), (self.p4a, 1))
        wizard = self.preview()
        self.assertEqual(wizard.cart_count, 2)
        big.do_unreserve()
        big.action_assign()
        wizard.action_release()
        self.assertEqual(wizard.skipped_picking_ids, big)
        self.assertFalse(wizard.batch_ids)
        self.assertFalse(big.batch_id)
        self.assertEqual(len(big.move_line_ids), 3)

    def test_template_filters_carrier_country_horizon_and_zone(self):
        carrier = self.env["delivery.carrier"].create({
            "name": "Wave Express", "delivery_type": "fixed",
            "product_id": self.env["product.product"].create({"name": "Shipping", "type": "service"}).id})
        belgium = self.env.ref("base.be")
        self.partner_b.country_id = belgium
        by_carrier = self.delivery((self.p1a, 1))
        by_carrier.carrier_id = carrier
        to_belgium = self.delivery((self.p4a, 1), partner=self.partner_b)
        later = self.delivery((self.p1b, 1))
        later.scheduled_date = later.scheduled_date + timedelta(days=3)
        self.template.carrier_ids = carrier
        self.assertEqual(self.preview().line_ids.picking_ids, by_carrier)
        self.template.write({"carrier_ids": [Command.clear()], "country_ids": [Command.set(belgium.ids)]})
        self.assertEqual(self.preview().line_ids.picking_ids, to_belgium)
        self.template.write({"country_ids": [Command.clear()], "horizon_hours": 24})
        self.assertEqual(self.preview().line_ids.picking_ids, by_carrier | to_belgium)
        other_zone = self.env["wms.zone"].create({"name": "Other", "code": "B", "warehouse_id": self.warehouse.id})
        self.template.write({"horizon_hours": 0, "zone_ids": [Command.set(other_zone.ids)]})
        self.assertFalse(self.preview().line_ids)
        self.template.zone_ids = self.zone
        self.assertEqual(self.preview().line_ids.picking_ids, by_carrier | to_belgium | later)

    def test_manager_creates_a_template_through_its_form(self):
        with Form(self.env["wms.wave.template"].with_user(self.manager)) as form:
            form.name = "Singles"
            form.warehouse_id = self.warehouse
            form.picking_type_id = self.out_type
            form.size_class = "single"
            form.cart_max_orders = 12
        template = form.record
        self.assertEqual((template.company_id, template.run_mode, template.cart_max_orders),
                         (self.company, "manual", 12))
        self.assertEqual(template._cart_limits(), batching.CartLimits(max_orders=12))
