from odoo import Command

from .putaway_common import PutawayCase


class _Rollback(Exception):
    pass


def _group(pairs):
    groups = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


class TestPutawayValuation(PutawayCase):
    """The same two-step receipts, put away by plain Odoo and by directed putaway: the same books.

    Products are valued at average cost, in real time, and the vendor and
    customer locations carry a valuation account so that receipts and
    deliveries post journal entries: the internal putaway step must post none
    and carry no value, and everything else must match plain Odoo exactly.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env["product.category"].create({
            "name": "Average, real time", "property_cost_method": "average", "property_valuation": "real_time"})
        (cls.box | cls.crate).write({"categ_id": category.id})
        account = cls.env["account.account"].search([("account_type", "=", "expense")], limit=1)
        cls.customer = cls.env.ref("stock.stock_location_customers")
        (cls.supplier | cls.customer).write({"valuation_account_id": account.id})

    def receive(self, lines):
        """A receipt; returns the transfer that puts the goods away (the receipt itself in one step)."""
        destination = self.warehouse.in_type_id.default_location_dest_id
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.in_type_id.id, "partner_id": self.vendor.id,
            "location_id": self.supplier.id, "location_dest_id": destination.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": qty, "product_uom": product.uom_id.id,
                "location_id": self.supplier.id, "location_dest_id": destination.id,
            }) for product, qty in lines],
        })
        picking.action_confirm()
        if self.warehouse.reception_steps == "one_step":
            return picking
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking.move_ids.move_dest_ids.picking_id

    def put_away(self, storage, directed):
        if not directed:
            storage.move_ids.picked = True
            storage.button_validate()
            return
        # the scanner's own path: store each planned line in its bin, validate per task
        tasks = self.env["wms.task"].search([("picking_id", "in", storage.ids), ("state", "=", "ready")])
        self.assertTrue(tasks)
        for task in tasks:
            for line in task._wms_todo_lines():
                self.assertIn(line.location_dest_id, self.bins)
                task._wms_place(line, line.location_dest_id, line.quantity)
            task._wms_validate_putaway()

    def deliver(self, product, qty):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id,
            "location_id": self.stock.id, "location_dest_id": self.customer.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": qty, "product_uom": product.uom_id.id,
                "location_id": self.stock.id, "location_dest_id": self.customer.id})],
        })
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def books(self, directed):
        self.warehouse.wms_putaway_strategy = "directed" if directed else "odoo"
        self.put_away(self.receive([(self.box, 30), (self.crate, 12)]), directed)
        self.put_away(self.receive([(self.box, 10)]), directed)
        self.deliver(self.box, 15)
        self.env.flush_all()
        products = self.box | self.crate
        moves = self.env["stock.move"].search([("product_id", "in", products.ids), ("state", "=", "done")])
        internal = moves.filtered(lambda m: m.location_id.usage == m.location_dest_id.usage == "internal")
        for move in internal:
            self.assertEqual((move.value, move.is_in, move.is_out, bool(move.account_move_id)), (0.0, False, False, False))
        quants = self.env["stock.quant"].search([("product_id", "in", products.ids),
                                                  ("location_id.usage", "=", "internal")])
        return {
            "bins": set(quants.filtered("quantity").location_id.mapped("wms_is_bin")),
            "internal_moves": len(internal),
            "per_product": {
                product.name: (sum(quants.filtered(lambda q: q.product_id == product).mapped("quantity")),
                               round(product.total_value, 2), round(product.avg_cost, 4))
                for product in products},
            "moves": sorted(
                (move.product_id.name, move.location_id.usage, move.location_dest_id.usage, move.quantity,
                 round(move.value, 2), move.is_in, move.is_out, bool(move.account_move_id))
                for move in moves - internal),
            # Odoo posts one entry per validation: a receipt put away task by task gets one
            # entry per task, with the same amounts on the same accounts.
            "journal": {code: round(sum(balances), 2) for code, balances in _group(
                (line.account_id.code, line.balance) for line in (moves - internal).account_move_id.line_ids).items()},
            "stock_value": {account.code: round(value, 2) for account, value in self.env.company.stock_value().items()},
        }

    maxDiff = None

    def compare(self):
        try:
            with self.env.cr.savepoint():
                plain = self.books(directed=False)
                raise _Rollback
        except _Rollback:
            self.env.invalidate_all()
        directed = self.books(directed=True)
        self.assertEqual(plain.pop("bins"), {False})  # plain Odoo: everything in WH/Stock
        self.assertEqual(directed.pop("bins"), {True})  # directed: everything in bins
        self.assertEqual(directed, plain)
        # and the books are not empty: receipts and the delivery were valued (no purchase
        # order: at the product cost, 10 and 25) and posted
        self.assertEqual(plain["per_product"], {"Box": (25.0, 250.0, 10.0), "Crate": (12.0, 300.0, 25.0)})
        self.assertTrue(all(entry[-1] for entry in plain["moves"]))
        self.assertTrue(plain["journal"])
        return plain

    def test_one_step_receipt_put_away_by_its_own_lines(self):
        books = self.compare()
        self.assertEqual(books["internal_moves"], 0)

    def test_two_step_receipt_internal_putaway_books_nothing(self):
        self.warehouse.reception_steps = "two_steps"
        books = self.compare()
        self.assertEqual(books["internal_moves"], 3)  # storage moves: valued 0, no journal entry
