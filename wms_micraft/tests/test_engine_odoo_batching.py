"""Unit tests of the emulation of Odoo's automatic batching (no Odoo, no database).

Also runs alone: ``python3 wms_micraft/tests/test_engine_odoo_batching.py``.
"""

import pathlib
import sys
import unittest

try:
    from .engine_loader import engine_module
except ImportError:  # run as a script, outside the addon package
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    from engine_loader import engine_module

layout_module = engine_module("layout")
batching = engine_module("batching")
odoo_batching = engine_module("odoo_batching")

CartLimits, Order = batching.CartLimits, batching.Order
P = layout_module.Point


def order(name, lines=1, weight=1.0):
    return Order(name, tuple((P(0.0, 1.0, 0), weight, 0.0, 1.0) for _i in range(lines)))


def names(carts):
    return [[o.id for o in cart] for cart in carts]


class TestOdooStyleCarts(unittest.TestCase):
    def test_groups_by_customer_in_creation_order(self):
        orders = [order("a1"), order("b1"), order("a2"), order("b2"), order("a3")]
        group = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
        carts = odoo_batching.odoo_style_carts(orders, group, CartLimits(max_orders=2))
        # a3 does not fit A's full cart: it opens a new one; A's first cart is never reopened.
        self.assertEqual(names(carts), [["a1", "a2"], ["b1", "b2"], ["a3"]])

    def test_fills_up_to_every_cart_limit(self):
        orders = [order("x", lines=2, weight=3.0), order("y", lines=1, weight=2.0), order("z", lines=1)]
        group = dict.fromkeys("xyz", "same customer")
        self.assertEqual(names(odoo_batching.odoo_style_carts(orders, group, CartLimits(max_weight=4.0))),
                         [["x"], ["y", "z"]])
        self.assertEqual(names(odoo_batching.odoo_style_carts(orders, group, CartLimits(max_lines=3))),
                         [["x", "y"], ["z"]])

    def test_an_order_no_cart_holds_gets_a_cart_of_its_own(self):
        orders = [order("small"), order("huge", lines=5), order("small2")]
        group = dict.fromkeys(("small", "huge", "small2"), "C")
        carts = odoo_batching.odoo_style_carts(orders, group, CartLimits(max_lines=2))
        self.assertEqual(names(carts), [["small"], ["huge"], ["small2"]])


if __name__ == "__main__":
    unittest.main()
