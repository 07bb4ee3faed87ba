from odoo.exceptions import UserError

from .common import WmsCase


class TestCapacity(WmsCase):
    """Odoo's _check_can_be_used, extended with volume, total units and blocked bins."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate(aisle_to=1, max_units=10)  # 1 x 1 x 0.5 m bins: 0.5 m3
        cls.box = cls.make_product("Box", weight=1.0, volume=0.1)

    def test_volume_limit(self):
        bin_ = self.bin("A010101")
        self.assertTrue(bin_._check_can_be_used(self.box, quantity=5))   # 0.5 m3 fits exactly
        self.assertFalse(bin_._check_can_be_used(self.box, quantity=6))  # 0.6 m3 does not
        self.put_stock(self.box, bin_, 3)
        bin_.invalidate_recordset()
        self.assertTrue(bin_._check_can_be_used(self.box, quantity=2))
        self.assertFalse(bin_._check_can_be_used(self.box, quantity=3))

    def test_volume_in_cubic_feet_follows_odoo_setting(self):
        """Odoo keeps product volumes in ft³ when so configured: bin dimensions (metres) are converted."""
        self.env["ir.config_parameter"].sudo().set_param("product.volume_in_cubic_feet", "1")
        bin_ = self.bin("A010101")
        crate = self.make_product("Crate", volume=2.0)  # 2 ft³
        self.assertEqual(bin_.wms_volume_uom_name, "ft³")
        self.assertAlmostEqual(bin_.wms_capacity_volume, 17.66, places=2)  # 1 x 1 x 0.5 m = 0.5 m³ = 17.66 ft³
        self.assertTrue(bin_._check_can_be_used(crate, quantity=8))   # 16 ft³ fit
        self.assertFalse(bin_._check_can_be_used(crate, quantity=9))  # 18 ft³ do not
        self.env["ir.config_parameter"].sudo().set_param("product.volume_in_cubic_feet", "0")
        bin_.invalidate_recordset()
        self.assertEqual(bin_.wms_volume_uom_name, "m³")
        self.assertAlmostEqual(bin_.wms_capacity_volume, 0.5)
        self.assertFalse(bin_._check_can_be_used(crate, quantity=1))  # 2 m³ in a 0.5 m³ bin

    def test_units_limit_counts_every_product(self):
        bin_ = self.bin("A010102")
        tiny = self.make_product("Tiny", volume=0.0)
        self.put_stock(tiny, bin_, 8)
        self.assertTrue(bin_._check_can_be_used(self.box, quantity=2, location_qty=0))
        bin_.write({"wms_max_volume": 100})  # lift the volume limit: only units speak
        self.assertFalse(bin_._check_can_be_used(tiny, quantity=3, location_qty=8))

    def test_units_count_pieces_not_kilograms(self):
        """"Units" capacity sums counted goods (converted to Units), never kg of goods sold by weight."""
        bin_ = self.bin("A010302")
        bin_.write({"wms_max_volume": 100})  # only units speak
        tiny = self.make_product("Tiny", volume=0.0)
        flour = self.make_product("Flour", volume=0.0, uom_id=self.env.ref("uom.product_uom_kgm").id)
        self.put_stock(tiny, bin_, 8)
        self.put_stock(flour, bin_, 50)  # 50 kg: no pieces
        bin_.invalidate_recordset()
        self.assertEqual((bin_.wms_units, bin_.wms_fill_units), (8.0, 80.0))
        self.assertTrue(bin_._check_can_be_used(tiny, quantity=2))
        self.assertFalse(bin_._check_can_be_used(tiny, quantity=3))
        self.assertTrue(bin_._check_can_be_used(flour, quantity=500))
        # The engine reads the bin the same way: 2 Units free, kg never refused by the unit limit.
        self.assertEqual(self.stock._wms_check_bin(bin_, tiny, 5), (None, 2.0))
        self.assertEqual(self.stock._wms_check_bin(bin_, flour, 500), (None, 500.0))
        # A product stocked in Dozens counts 12 Units per Dozen.
        dozen = self.env.ref("uom.product_uom_dozen")
        dozen.active = True
        eggs = self.make_product("Eggs by the dozen", volume=0.0, uom_id=dozen.id)
        other = self.bin("A010401")
        other.write({"wms_max_volume": 100})
        self.put_stock(eggs, other, 0.5)
        other.invalidate_recordset()
        self.assertEqual(other.wms_units, 6.0)
        self.assertTrue(other._check_can_be_used(eggs, quantity=0.25))   # 6 + 3 <= 10
        self.assertFalse(other._check_can_be_used(eggs, quantity=0.5))   # 6 + 6 > 10
        # 4 Units left: a third of a Dozen, to the unit's precision.
        self.assertEqual(self.stock._wms_check_bin(other, eggs, 1.0), (None, 0.33))

    def test_open_incoming_lines_count_as_used(self):
        bin_ = self.bin("A010201")
        receipt_type = self.warehouse.in_type_id
        picking = self.env["stock.picking"].create({
            "picking_type_id": receipt_type.id,
            "location_id": self.env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": self.stock.id,
            "move_ids": [(0, 0, {"product_id": self.box.id, "product_uom_qty": 4,
                                 "location_id": self.env.ref("stock.stock_location_suppliers").id,
                                 "location_dest_id": self.stock.id})],
        })
        picking.action_confirm()
        picking.move_ids.move_line_ids.location_dest_id = bin_
        self.assertFalse(bin_._check_can_be_used(self.box, quantity=2))  # 0.4 promised + 0.2 > 0.5
        self.assertTrue(bin_.with_context(exclude_sml_ids=set(picking.move_line_ids.ids))._check_can_be_used(self.box, quantity=2))

    def test_storage_category_weight_still_applies(self):
        bin_ = self.bin("A010202")
        bin_.storage_category_id = self.env["stock.storage.category"].create({"name": "Light", "max_weight": 3})
        self.assertFalse(bin_._check_can_be_used(self.box, quantity=4))  # Odoo's own weight rule
        self.assertTrue(bin_._check_can_be_used(self.box, quantity=3))

    def test_blocked_bin_never_usable_and_needs_reason(self):
        bin_ = self.bin("A010301")
        with self.assertRaises(UserError) as caught:
            bin_.write({"wms_blocked": True})
        self.assertIn("Block reason", str(caught.exception))
        bin_.write({"wms_blocked": True, "wms_block_reason": "Damaged upright"})
        self.assertFalse(bin_._check_can_be_used(self.box, quantity=1))
        bin_.write({"wms_blocked": False})
        self.assertFalse(bin_.wms_block_reason)
        self.assertTrue(bin_._check_can_be_used(self.box, quantity=1))


class TestBlockedBins(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate(aisle_to=1)
        cls.box = cls.make_product("Box", weight=1.0, volume=0.01)
        cls.customer = cls.env.ref("stock.stock_location_customers")

    def _delivery(self, quantity):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id,
            "location_id": self.stock.id, "location_dest_id": self.customer.id,
            "move_ids": [(0, 0, {"product_id": self.box.id, "product_uom_qty": quantity,
                                 "location_id": self.stock.id, "location_dest_id": self.customer.id})],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking

    def test_blocked_bin_not_reserved_for_picking(self):
        blocked, open_bin = self.bin("A010101"), self.bin("A010102")
        self.put_stock(self.box, blocked, 10)
        self.put_stock(self.box, open_bin, 3)
        blocked.write({"wms_blocked": True, "wms_block_reason": "Rack inspection"})
        picking = self._delivery(5)
        self.assertEqual(picking.move_line_ids.location_id, open_bin)
        self.assertEqual(sum(picking.move_line_ids.mapped("quantity")), 3)
        self.assertEqual(picking.state, "assigned" if picking.move_type == "direct" else "confirmed")
        blocked.write({"wms_blocked": False})
        picking.action_assign()
        self.assertEqual(sum(picking.move_line_ids.mapped("quantity")), 5)

    def test_blocked_bin_not_proposed_for_putaway(self):
        blocked, target = self.bin("A010101"), self.bin("A010102")
        self.env["stock.putaway.rule"].create({
            "product_id": self.box.id, "location_in_id": self.stock.id, "location_out_id": blocked.id,
        })
        self.assertEqual(self.stock._get_putaway_strategy(self.box, quantity=1), blocked)
        blocked.write({"wms_blocked": True, "wms_block_reason": "Spill"})
        self.assertEqual(self.stock._get_putaway_strategy(self.box, quantity=1), self.stock)
        rule2 = self.env["stock.putaway.rule"].create({
            "product_id": self.box.id, "location_in_id": self.stock.id, "location_out_id": target.id, "sequence": 99,
        })
        self.assertTrue(rule2)
