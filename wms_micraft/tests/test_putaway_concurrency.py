import threading

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPutawayConcurrency(TransactionCase):
    """Two receipts planned at the same time in two transactions never overfill a bin.

    Data are committed through real connections (and removed afterwards): the
    test transaction holds nothing, so it blocks nobody. Three bins of 10
    units below a "Race" location; each receipt brings 8 units, so two
    receipts in one bin would overfill it.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            self.old_settings = warehouse.read(["wms_putaway_strategy", "wms_putaway_task_mode"])[0]
            warehouse.write({"wms_putaway_strategy": "directed", "wms_putaway_task_mode": "none"})
            race = env["stock.location"].create({"name": "Race", "location_id": warehouse.lot_stock_id.id,
                                                 "usage": "internal"})
            bins = env["stock.location"].create([{
                "name": f"RACE-{i}", "barcode": f"RACE{i}", "location_id": race.id, "usage": "internal",
                "wms_is_bin": True, "wms_max_units": 10, "wms_x": 0.0, "wms_y": float(i),
            } for i in range(3)])
            product = env["product.product"].create({"name": "Race product", "is_storable": True})
            supplier = env.ref("stock.stock_location_suppliers")
            self.receipts = env["stock.picking"].create([{
                "picking_type_id": warehouse.in_type_id.id, "location_id": supplier.id, "location_dest_id": race.id,
                "move_ids": [Command.create({
                    "product_id": product.id, "product_uom_qty": 8, "product_uom": product.uom_id.id,
                    "location_id": supplier.id, "location_dest_id": race.id})],
            } for _ in range(4)]).ids
            self.warehouse_id, self.race_id, self.bin_ids, self.product_id = (
                warehouse.id, race.id, bins.ids, product.id)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pickings = env["stock.picking"].browse(self.receipts)
            env["wms.putaway.suggestion"].search([("picking_id", "in", pickings.ids)]).unlink()
            env["wms.task"].search([("picking_id", "in", pickings.ids)]).unlink()
            pickings.action_cancel()
            pickings.unlink()
            env["stock.location"].browse(self.bin_ids + [self.race_id]).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["stock.warehouse"].browse(self.warehouse_id).write(
                {key: value for key, value in self.old_settings.items() if key != "id"})

    def _loads(self):
        """{bin id: units planned into it} on committed data."""
        with self.registry.cursor() as cr:
            cr.execute("""SELECT location_dest_id, SUM(quantity_product_uom) FROM stock_move_line
                           WHERE picking_id = ANY(%s) GROUP BY location_dest_id""", [self.receipts])
            return dict(cr.fetchall())

    def test_second_transaction_cannot_commit_a_stale_choice(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, SUPERUSER_ID, {})
        env2 = api.Environment(cr2, SUPERUSER_ID, {})
        cr2.execute("SELECT 1")  # the second transaction's snapshot: before the first one commits
        env1["stock.picking"].browse(self.receipts[0]).action_confirm()
        env1.flush_all()
        cr1.commit()
        first_bin = env1["stock.picking"].browse(self.receipts[0]).move_line_ids.location_dest_id
        self.assertIn(first_bin.id, self.bin_ids)
        # Seen from its old snapshot the bin is empty: the second receipt picks it as well,
        # and PostgreSQL refuses to book it.
        with self.assertRaises(psycopg2.errors.SerializationFailure):
            env2["stock.picking"].browse(self.receipts[1]).action_confirm()
            env2.flush_all()
        cr2.rollback()
        # Odoo's request loop (retrying) runs it again on fresh data: another bin.
        attempts = []

        def confirm():
            attempts.append(1)
            env2["stock.picking"].browse(self.receipts[1]).action_confirm()

        retrying(confirm, env2)
        cr2.commit()
        self.assertEqual(len(attempts), 1)
        loads = self._loads()
        self.assertEqual(sorted(loads.values()), [8.0, 8.0])
        self.assertLessEqual(set(loads), set(self.bin_ids))

    def test_racing_threads_never_overfill(self):
        barrier = threading.Barrier(2)
        errors, attempts = [], []

        def worker(receipt_ids):
            try:
                barrier.wait(timeout=10)
                for receipt_id in receipt_ids:
                    with self.registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, {})

                        def confirm(env=env, receipt_id=receipt_id):
                            attempts.append(receipt_id)
                            env["stock.picking"].browse(receipt_id).action_confirm()

                        retrying(confirm, env)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(self.receipts[i::2],)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors)
        loads = self._loads()
        # 4 receipts of 8 units, 3 bins of 10: the bins are filled to 10 (the last receipt
        # is split over the room left) and the 2 units left stay planned to Race
        self.assertEqual(loads, {**dict.fromkeys(self.bin_ids, 10.0), self.race_id: 2.0})
