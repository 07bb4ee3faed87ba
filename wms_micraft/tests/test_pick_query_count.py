from odoo.tests import users, warmup

from .pick_common import PickCase

# Every pick step that does not validate the transfer stays within this many
# queries, with 24 bins as with 2,000 more.
STEP_BUDGET = 20
# The step that marks a line picked (Odoo re-computes the move) and shows the next line.
PICKED_BUDGET = 27
# Taking a transfer (creates and starts its pick task): once per transfer.
TAKE_BUDGET = 37


class TestPickQueryCount(PickCase):
    def _steps(self):
        """Pick a two-line delivery; return the queries of each step that does not validate it."""
        picking = self.delivery((self.widget, 3), (self.box, 1)).with_user(self.env.user)
        picking.sudo()._wms_optimise_route()
        Session = self.env["wms.scan.session"]
        counts = {}
        self.run_no = getattr(self, "run_no", 0) + 1
        rid = f"pick{self.run_no}-"

        def measure(name, call, budget=STEP_BUDGET):
            return self.measure_step(counts, name, call, budget)

        session = Session.browse(measure("open", lambda: Session.open_session("pick"))["session_id"])
        # Taking the transfer creates the task and starts it (inserts, route check): once per transfer.
        measure("scan_transfer", lambda: session.scan(picking.name, request_id=rid + "1"), budget=TAKE_BUDGET)
        first = self.env["stock.move.line"].browse(session.data["queue"][0])
        bin_code, product_code, quantity = first.location_id.barcode, first.product_id.barcode, first.quantity
        measure("scan_bin", lambda: session.scan(bin_code, request_id=rid + "2"))
        measure("scan_wrong_bin_refused", lambda: session.scan("A010102", request_id=rid + "3"))
        measure("scan_product", lambda: session.scan(product_code, request_id=rid + "4"))
        if session.state == "quantity":
            # Confirming the count marks the Odoo move line picked: Odoo's own write is part of it.
            measure("quantity", lambda: session.act("quantity", quantity, request_id=rid + "5"), budget=PICKED_BUDGET)
        else:
            counts["quantity"] = 0
        measure("replay", lambda: session.act("quantity", quantity, request_id=rid + "5"))
        measure("skip_refused", lambda: session.act("skip", request_id=rid + "6"))
        session.act("cancel")
        return counts

    @users("wms_operator")
    @warmup
    def test_pick_steps_within_budget_and_flat(self):
        self.assertFlatSteps(self._steps)
