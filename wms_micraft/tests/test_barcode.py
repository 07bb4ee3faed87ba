from datetime import date
from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user
from odoo.tools.barcode import get_barcode_check_digit

from odoo.addons.wms_micraft.services import barcode


def with_check_digit(digits):
    """``digits`` plus its GS1 check digit."""
    return digits + str(get_barcode_check_digit(digits + "0"))


FNC1 = "\x1d"


class TestBarcodeResolve(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.nomenclature_id = cls.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        cls.bins = cls.env["stock.location"].create([
            {"name": f"T-{i:02d}", "location_id": cls.stock.id, "barcode": f"TBIN-{i:02d}"} for i in range(10)
        ])
        cls.bin = cls.bins[0]
        # A bin whose barcode is a bare command word: records win over bare words.
        cls.bin_full = cls.env["stock.location"].create(
            {"name": "Full", "location_id": cls.stock.id, "barcode": "FULL"})

        cls.gtin = "09521141123454"  # GTIN-14 of EAN-13 9521141123454 (also Odoo's SGTIN test value)
        cls.ean = cls.gtin[1:]
        cls.product = cls.env["product.product"].create({
            "name": "Barcode test yoghurt", "is_storable": True, "tracking": "lot",
            "use_expiration_date": True, "barcode": cls.ean,
        })
        cls.other_product = cls.env["product.product"].create({
            "name": "Barcode test cheese", "is_storable": True, "tracking": "lot",
            "barcode": with_check_digit("400638133393"),
        })
        cls.lot = cls.env["stock.lot"].create({"name": "LOT-A1", "product_id": cls.product.id})
        cls.shared_lot = cls.env["stock.lot"].create({"name": "SHARED-1", "product_id": cls.product.id})
        cls.other_shared_lot = cls.env["stock.lot"].create(
            {"name": "SHARED-1", "product_id": cls.other_product.id})
        cls.other_only_lot = cls.env["stock.lot"].create({"name": "CHEESE-7", "product_id": cls.other_product.id})

        cls.sscc = with_check_digit("39521141" + "000000001")
        cls.package = cls.env["stock.package"].create({"name": cls.sscc})
        cls.named_package = cls.env["stock.package"].create({"name": "PACK-TEST-1"})

        cls.user = new_test_user(cls.env, "barcode_operator", groups="wms_micraft.group_wms_operator",
                                 company_id=cls.company.id, company_ids=[cls.company.id])
        cls.uenv = cls.env(user=cls.user)

    def resolve(self, code, **kwargs):
        return barcode.resolve(self.uenv, code, **kwargs)

    # -- plain strings ------------------------------------------------------
    def test_bin(self):
        scan = self.resolve("  TBIN-03\r\n")
        self.assertEqual((scan.kind, scan.record, scan.raw), ("bin", self.bins[3], "TBIN-03"))
        self.assertFalse(scan.gs1)
        # Only internal bins: a view location with a barcode is not a bin.
        view = self.env["stock.location"].create(
            {"name": "View", "usage": "view", "location_id": self.stock.id, "barcode": "TVIEW"})
        self.assertEqual(self.resolve(view.barcode).kind, "unknown")

    def test_product_ean13(self):
        scan = self.resolve(self.ean)
        self.assertEqual((scan.kind, scan.record, scan.product), ("product", self.product, self.product))
        self.assertIsNone(scan.lot_name)
        self.assertIsNone(scan.quantity)

    def test_archived_product_not_found(self):
        self.other_product.action_archive()
        self.assertEqual(self.resolve(self.other_product.barcode).kind, "unknown")

    def test_package_and_task_by_name(self):
        scan = self.resolve("PACK-TEST-1")
        self.assertEqual((scan.kind, scan.record), ("package", self.named_package))
        task = self.env["wms.task"].create({
            "name": "TASK-BC-1", "task_type": "count", "warehouse_id": self.warehouse.id,
            "location_id": self.bin.id,
        })
        scan = self.resolve("TASK-BC-1")
        self.assertEqual((scan.kind, scan.record), ("task", task))

    def test_transfer_and_batch_by_name_when_asked(self):
        picking = self.env["stock.picking"].create({
            "name": "OUT-BC-1", "picking_type_id": self.warehouse.out_type_id.id,
            "location_id": self.stock.id, "location_dest_id": self.env.ref("stock.stock_location_customers").id,
        })
        batch = self.env["stock.picking.batch"].create({"name": "BATCH-BC-1", "company_id": self.company.id})
        self.assertEqual(self.resolve("OUT-BC-1").kind, "unknown")  # scenarios that take no transfer
        scan = self.resolve("OUT-BC-1", transfers=True)
        self.assertEqual((scan.kind, scan.record), ("transfer", picking))
        scan = self.resolve("BATCH-BC-1", transfers=True)
        self.assertEqual((scan.kind, scan.record), ("transfer", batch))
        # Another company's transfer of the same name is not found.
        company_b = self.env["res.company"].create({"name": "Barcode Co C"})
        self.env["stock.picking.batch"].create({"name": "BATCH-BC-2", "company_id": company_b.id})
        self.assertEqual(self.resolve("BATCH-BC-2", transfers=True).kind, "unknown")

    def test_unknown(self):
        scan = self.resolve("NOTHING-HAS-THIS")
        self.assertEqual(scan.kind, "unknown")
        self.assertIsNone(scan.record)
        self.assertEqual(scan.raw, "NOTHING-HAS-THIS")

    # -- lots -------------------------------------------------------------
    def test_lot_plain(self):
        scan = self.resolve("LOT-A1")
        self.assertEqual((scan.kind, scan.record, scan.product), ("lot", self.lot, self.product))
        self.assertEqual(scan.lot_name, "LOT-A1")

    def test_ambiguous_lot_name(self):
        scan = self.resolve("SHARED-1")
        self.assertEqual(scan.kind, "unknown")
        self.assertIsNone(scan.record)
        self.assertIn("SHARED-1", scan.error)
        self.assertIn("scan the product first", scan.error)

    def test_lot_restricted_by_product(self):
        scan = self.resolve("SHARED-1", product=self.other_product)
        self.assertEqual((scan.kind, scan.record), ("lot", self.other_shared_lot))
        scan = self.resolve("SHARED-1", product=self.product)
        self.assertEqual((scan.kind, scan.record), ("lot", self.shared_lot))
        # A lot of another product is not found while working on this product.
        self.assertEqual(self.resolve("CHEESE-7", product=self.product).kind, "unknown")
        self.assertEqual(self.resolve("CHEESE-7").record, self.other_only_lot)

    # -- GS1 --------------------------------------------------------------
    def test_gs1_gtin_existing_lot_expiry_quantity(self):
        # FNC1 after the variable-length lot; ]C1 symbology identifier in front.
        code = f"]C101{self.gtin}10LOT-A1{FNC1}172706303012"
        scan = self.resolve(code)
        self.assertEqual((scan.kind, scan.record, scan.product), ("lot", self.lot, self.product))
        self.assertTrue(scan.gs1)
        self.assertEqual(scan.lot_name, "LOT-A1")
        self.assertEqual(scan.expiration_date, date(2027, 6, 30))
        self.assertEqual(scan.quantity, 12.0)
        # Same content in the printed (human readable) notation.
        scan = self.resolve(f"(01){self.gtin}(10)LOT-A1(17)270630(30)12")
        self.assertEqual((scan.kind, scan.record, scan.quantity), ("lot", self.lot, 12.0))

    def test_gs1_gtin_new_lot(self):
        scan = self.resolve(f"01{self.gtin}10NEW-LOT-9{FNC1}17270600")
        self.assertEqual((scan.kind, scan.record, scan.product), ("product", self.product, self.product))
        self.assertEqual(scan.lot_name, "NEW-LOT-9")
        self.assertEqual(scan.expiration_date, date(2027, 6, 30))  # day 00: last day of the month
        self.assertIsNone(scan.quantity)

    def test_gs1_implicit_with_non_gs1_company_nomenclature(self):
        """A string starting with (01)+GTIN is read as GS1 even when the company nomenclature is not GS1."""
        self.company.nomenclature_id = self.env.ref("barcodes.default_barcode_nomenclature")
        scan = self.resolve(f"01{self.gtin}3001")
        self.assertEqual((scan.kind, scan.record), ("product", self.product))
        self.assertEqual(scan.quantity, 1.0)
        self.assertTrue(scan.gs1)
        # ... but a lot-only GS1 string without marker is only read as GS1 with a GS1 nomenclature.
        self.assertEqual(self.resolve("10NEW-LOT-9").kind, "unknown")

    def test_gs1_lot_only_fallback(self):
        scan = self.resolve("10CHEESE-7")
        self.assertEqual((scan.kind, scan.record, scan.product), ("lot", self.other_only_lot, self.other_product))
        self.assertTrue(scan.gs1)

    def test_gs1_weight_measure(self):
        """A GS1 quantity carries its AI's unit: converted to the product's UoM, or the scan is refused."""
        kg, gram = self.env.ref("uom.product_uom_kgm"), self.env.ref("uom.product_uom_gram")
        cheese_gtin = with_check_digit("0400638100003")
        cheese = self.env["product.product"].create({
            "name": "Cheese by weight", "is_storable": True, "uom_id": kg.id, "barcode": cheese_gtin[1:]})
        flour = self.env["product.product"].create({
            "name": "Flour by gram", "is_storable": True, "uom_id": gram.id,
            "barcode": with_check_digit("400638100004")})
        # (3103) 1.5 kg on a product stocked in kg: 1.5; in g: 1500 g.
        scan = self.resolve(f"(01){cheese_gtin}(3103)001500")
        self.assertEqual((scan.kind, scan.record, scan.quantity), ("product", cheese, 1.5))
        scan = self.resolve(f"(01)0{flour.barcode}(3103)001500")
        self.assertEqual((scan.kind, scan.record, scan.quantity), ("product", flour, 1500.0))
        # (3202) 3 lb = 1.360776 kg, rounded to the unit's precision.
        scan = self.resolve(f"(01){cheese_gtin}(3202)000300")
        self.assertEqual((scan.kind, scan.record, scan.quantity), ("product", cheese, 1.36))
        # (30) a count on a product weighed in kg: refused, naming both units.
        scan = self.resolve(f"(01){cheese_gtin}(30)5")
        self.assertEqual((scan.kind, scan.quantity), ("refused", None))
        self.assertIn("a count (5.0 Units)", scan.message["body"])
        self.assertIn("counted in kg", scan.message["body"])

        # The yoghurt is counted in Units: a weight is no count of Units.
        scan = self.resolve(f"(01){self.gtin}(3103)001500")
        self.assertEqual((scan.kind, scan.record, scan.quantity, scan.product), ("refused", None, None, self.product))
        self.assertEqual(scan.message["type"], "error")
        self.assertIn("This label gives a weight (1.5 kg)", scan.message["body"])
        self.assertIn("Barcode test yoghurt is counted in Units", scan.message["body"])
        scan = self.resolve(f"(01){self.gtin}(3202)000300")
        self.assertEqual((scan.kind, scan.quantity), ("refused", None))
        self.assertIn("a weight (3.0 lb)", scan.message["body"])
        # Lot-only labels too (the lot names the product).
        scan = self.resolve("(10)LOT-A1(3103)001500")
        self.assertEqual((scan.kind, scan.product), ("refused", self.product))
        # A pallet label (SSCC) with its net weight is still the package; the weight is dropped.
        scan = self.resolve(f"(00){self.sscc}(02){self.gtin}(3103)450000")
        self.assertEqual((scan.kind, scan.record, scan.quantity), ("package", self.package, None))
        # A count (30/37) wins over a measure, and Units convert within their family (24 Units = 2 Dozens).
        scan = self.resolve(f"(01){self.gtin}(3102)000250(37)4")
        self.assertEqual((scan.kind, scan.quantity), ("product", 4.0))
        self.product.uom_id = self.env.ref("uom.product_uom_dozen")
        scan = self.resolve(f"(01){self.gtin}(30)24")
        self.assertEqual((scan.kind, scan.quantity), ("product", 2.0))

    def test_gs1_unknown_gtin(self):
        gtin = with_check_digit("0400000000001")
        scan = self.resolve(f"(01){gtin}(10)X1")
        self.assertEqual(scan.kind, "unknown")
        self.assertIn(gtin, scan.error)
        self.assertEqual(scan.lot_name, "X1")

    def test_gs1_sscc_package(self):
        scan = self.resolve(f"00{self.sscc}")
        self.assertEqual((scan.kind, scan.record), ("package", self.package))
        self.assertTrue(scan.gs1)
        # A pallet label: SSCC + content + count: kind decided by the SSCC, content filled in.
        scan = self.resolve(f"(00){self.sscc}(02){self.gtin}(37)40")
        self.assertEqual((scan.kind, scan.record, scan.product, scan.quantity),
                         ("package", self.package, self.product, 40.0))
        # An SSCC no package has: unknown, naming it.
        other = with_check_digit("39521141" + "000000002")
        scan = self.resolve(f"00{other}")
        self.assertEqual(scan.kind, "unknown")
        self.assertIn(other, scan.error)

    def test_gs1_gln_bin(self):
        gln = with_check_digit("952114100001")
        self.bins[5].barcode = gln
        scan = self.resolve(f"414{gln}")
        self.assertEqual((scan.kind, scan.record), ("bin", self.bins[5]))
        # The bare GLN is a plain bin barcode.
        self.assertEqual(self.resolve(gln).record, self.bins[5])

    # -- RFID -------------------------------------------------------------
    def test_rfid_sgtin(self):
        scan = self.resolve("urn:epc:id:sgtin:9521141.012345.4711")
        self.assertEqual((scan.kind, scan.record, scan.product), ("product", self.product, self.product))
        self.assertEqual(scan.lot_name, "4711")
        self.assertTrue(scan.gs1)
        self.env["stock.lot"].create({"name": "4711", "product_id": self.product.id})
        scan = self.resolve("urn:epc:tag:sgtin-96:1.9521141.012345.4711")
        self.assertEqual(scan.kind, "lot")
        self.assertEqual(scan.record.name, "4711")

    def test_rfid_sscc_and_unsupported(self):
        package = self.env["stock.package"].create({"name": "095265678901234568"})
        scan = self.resolve("urn:epc:id:sscc:952656789012.03456")
        self.assertEqual((scan.kind, scan.record), ("package", package))
        for uri in ("urn:epc:id:giai:952656789012.1", "urn:epc:id:sgtin:95211.x", "urn:"):
            self.assertEqual(self.resolve(uri).kind, "malformed", uri)

    # -- commands -------------------------------------------------------------
    def test_commands(self):
        for code, command in [("WMS:DONE", "done"), ("wms:skip", "skip"), ("WMS:Back", "back"),
                              ("WMS:CANCEL", "cancel"), ("WMS:FULL", "full"), ("WMS:CONFIRM", "confirm"),
                              ("done", "done"), ("Confirm", "confirm"), (" cancel ", "cancel")]:
            scan = self.resolve(code)
            self.assertEqual((scan.kind, scan.command), ("command", command), code)
        self.assertEqual(barcode.command_barcode("done"), "WMS:DONE")

    def test_bare_command_word_loses_to_record(self):
        scan = self.resolve("full")  # barcodes compare exactly: "full" is not the bin "FULL"
        self.assertEqual((scan.kind, scan.command), ("command", "full"))
        scan = self.resolve("FULL")
        self.assertEqual((scan.kind, scan.record), ("bin", self.bin_full))
        # The prefixed form is always the command.
        self.assertEqual(self.resolve("WMS:FULL").kind, "command")

    # -- malformed ------------------------------------------------------------
    def test_malformed(self):
        cases = {
            "": "empty",
            "   ": "empty",
            None: "empty",
            "BIN\x07-1": "0x07",
            "A\x00B": "0x00",
            "X" * 129: "129",
            f"(01){self.gtin[:-1]}5": "check digit",
            f"01{self.gtin[:-1]}5": "check digit",  # implicit GS1, no record has it
            f"00{self.sscc[:-1]}{(int(self.sscc[-1]) + 1) % 10}": "check digit",
            "WMS:JUMP": "WMS:DONE",
            f"(01){self.gtin}(17)271340": "date",
            "]C1ZZZ": "ZZZ",
        }
        for code, fragment in cases.items():
            scan = self.resolve(code)
            self.assertEqual(scan.kind, "malformed", repr(code))
            self.assertIn(fragment, scan.error, repr(code))
            self.assertIsNone(scan.record)
        self.assertEqual(self.resolve("X" * 128).kind, "unknown")
        # FNC1 is not a forbidden control character.
        self.assertEqual(self.resolve(f"01{self.gtin}{FNC1}").kind, "product")

    def test_errors_are_translatable(self):
        """Every error text goes through env._ (patched here to mark what it returns)."""
        real = type(self.uenv)._

        def marked(env, source, *args, **kwargs):
            return "<T>" + real(env, source, *args, **kwargs)

        with patch.object(type(self.uenv), "_", marked):
            for code in ["", "A\x00B", "X" * 129, "WMS:JUMP", f"(01){self.gtin[:-1]}5",
                         "urn:epc:id:giai:1.2", "SHARED-1", f"00{with_check_digit('3952114100000000' + '9')}"]:
                scan = self.resolve(code)
                self.assertTrue(scan.error.startswith("<T>"), (code, scan.error))

    # -- multi-company --------------------------------------------------------
    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Barcode Co B"})
        warehouse_b = self.env["stock.warehouse"].search([("company_id", "=", company_b.id)], limit=1)
        bin_b = self.env["stock.location"].create({
            "name": "B-01", "location_id": warehouse_b.lot_stock_id.id, "barcode": "BIN-B-01",
            "company_id": company_b.id,
        })
        # The same barcode in both companies: each finds its own.
        bin_b_dup = self.env["stock.location"].create({
            "name": "B-dup", "location_id": warehouse_b.lot_stock_id.id, "barcode": "TBIN-01",
            "company_id": company_b.id,
        })
        self.assertEqual(self.resolve("BIN-B-01").kind, "unknown")
        self.assertEqual(self.resolve("TBIN-01").record, self.bins[1])
        # Even the admin, allowed in both companies, only sees the company asked for.
        admin_env = self.env(context=dict(self.env.context, allowed_company_ids=[self.company.id, company_b.id]))
        self.assertEqual(barcode.resolve(admin_env, "BIN-B-01", company=self.company).kind, "unknown")
        self.assertEqual(barcode.resolve(admin_env, "BIN-B-01", company=company_b).record, bin_b)
        self.assertEqual(barcode.resolve(admin_env, "TBIN-01", company=company_b).record, bin_b_dup)
        # Products and lots of the other company are invisible too.
        product_b = self.env["product.product"].create(
            {"name": "B only", "barcode": with_check_digit("400000000009"), "company_id": company_b.id})
        self.assertEqual(self.resolve(product_b.barcode).kind, "unknown")

    # -- query budget ---------------------------------------------------------
    def test_query_count_independent_of_bin_count(self):
        """Each lookup is one indexed equality search: the count does not grow with 2,000 more bins.

        Measured with a cold record cache (as at the start of a request) and warm
        ormcaches (access rules, xmlids). Fixed costs: reading the company (1,
        shared with whatever the request already did); GS1 also reads the
        nomenclature, its rule ids and its rules (3).
        """
        cases = [
            ("TBIN-07", "bin", 1),                                    # bin
            (self.ean, "product", 3),                                # bin miss + company + product
            (f"01{self.gtin}10LOT-A1{FNC1}17270630", "lot", 6),       # company + nomenclature 3 + product + lot
            (f"00{self.sscc}", "package", 5),                         # company + nomenclature 3 + package
            ("NOTHING-HAS-THIS", "unknown", 6),                       # 5 misses + company
            ("WMS:DONE", "command", 0),
            ("done", "command", 6),                                   # records first: 5 misses + company
            # GS1 fallback (company nomenclature is GS1): 5 misses + company + nomenclature 3 + lot
            ("10CHEESE-7", "lot", 10),
        ]

        def measure(counts):
            for code, kind, expected in cases:
                self.uenv.invalidate_all()
                self.assertEqual(self.resolve(code).kind, kind, code)  # warm the ormcaches
                self.env.flush_all()
                self.uenv.invalidate_all()
                with self.assertQueryCount(expected):
                    before = self.cr.sql_log_count
                    scan = self.resolve(code)
                    counts[code] = self.cr.sql_log_count - before
                self.assertEqual(scan.kind, kind, code)
            return counts

        expected = {code: n for code, _kind, n in cases}
        self.assertEqual(measure({}), expected)
        self.env["stock.location"].create([
            {"name": f"Q-{i:04d}", "location_id": self.stock.id, "barcode": f"QBIN-{i:04d}"} for i in range(2000)
        ])
        self.assertEqual(self.env["stock.location"].search_count([("barcode", "=like", "QBIN-%")]), 2000)
        self.assertEqual(measure({}), expected)
        self.assertEqual(self.resolve("QBIN-1999").kind, "bin")
