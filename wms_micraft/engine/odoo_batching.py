"""Odoo 19's own automatic batching, emulated for comparison (no Odoo import).

Odoo groups a delivery into a batch by attributes only (here: the customer,
``batch_group_by_partner``), in the order the deliveries are confirmed,
never looking at where the bins are: each new delivery joins the open
batch of its customer when it fits, otherwise it opens a new batch. Odoo
itself checks only "maximum transfers" and "maximum lines" (and counts
moves); to compare like with like, this emulation fills carts up to the
same :class:`~.batching.CartLimits` as the batching engine (orders, lines,
weight, volume). An order no cart can hold gets a cart of its own.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from .batching import CartLimits, Order

_EPS = 1e-9


def _fits(orders, limits):
    lines = [line for order in orders for line in order.lines]
    return not (
        (limits.max_orders is not None and len(orders) > limits.max_orders)
        or (limits.max_lines is not None and len(lines) > limits.max_lines)
        or (limits.max_weight is not None and sum(line.weight for line in lines) > limits.max_weight + _EPS)
        or (limits.max_volume is not None and sum(line.volume for line in lines) > limits.max_volume + _EPS)
    )


def odoo_style_carts(orders: Sequence[Order], group_of: dict[Hashable, Hashable], limits: CartLimits) -> list:
    """Carts (lists of orders) as Odoo's automatic batching by ``group_of[order.id]`` makes them.

    ``orders`` in creation order (Odoo batches them as they are confirmed).
    """
    carts, open_cart = [], {}
    for order in orders:
        key = group_of.get(order.id)
        index = open_cart.get(key)
        if index is not None and _fits([*carts[index], order], limits):
            carts[index].append(order)
        else:
            carts.append([order])
            open_cart[key] = len(carts) - 1
    return carts
