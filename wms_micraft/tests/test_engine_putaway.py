"""Unit tests of the plain-Python putaway engine (no Odoo, no database).

Loaded by ``engine_loader`` like the other engine tests. Speed is measured by bench/bench_putaway.py.
"""

import dataclasses
import random
import unittest

from .engine_loader import engine_module

putaway = engine_module("putaway")

Candidate, Item, Planner, Rules, Weights = (
    putaway.Candidate, putaway.Item, putaway.Planner, putaway.Rules, putaway.Weights)


def bin_(bin_id, distance, z=0.0, units=100.0, used=0.0, **values):
    free = None if units is None else units - used
    return Candidate(bin_id=bin_id, distance=distance, z=z, capacity_units=units, free_units=free, **values)


class TestHardRules(unittest.TestCase):
    item = Item(product_id=1, quantity=10, unit_weight=2.0, unit_volume=0.01)

    def assertRefused(self, bin_, reason, item=None, rules=Rules()):
        self.assertEqual(putaway.refusal(item or self.item, bin_, rules), reason)

    def test_blocked_temperature_quarantine(self):
        self.assertRefused(bin_(1, 5, blocked=True), "blocked")
        self.assertRefused(bin_(1, 5, temperature="frozen"), "temperature")
        self.assertRefused(bin_(1, 5, quarantine=True), "quarantine")
        held = Item(product_id=1, quantity=10, quarantine=True)
        self.assertRefused(bin_(1, 5), "quarantine", held)
        self.assertIsNone(putaway.refusal(held, bin_(1, 5, quarantine=True)))
        self.assertIsNone(putaway.refusal(self.item, bin_(1, 5)))

    def test_capacity_by_weight_volume_units_and_product_line(self):
        self.assertEqual(putaway.max_quantity(self.item, bin_(1, 5, free_weight=9.0)), 4)
        self.assertEqual(putaway.max_quantity(self.item, bin_(1, 5, free_volume=0.035)), 3)
        self.assertEqual(putaway.max_quantity(self.item, bin_(1, 5, used=98)), 2)
        capped = bin_(1, 5, products={1: 45.0}, product_count=1, product_caps={1: 50.0})
        self.assertEqual(putaway.max_quantity(self.item, capped), 5)
        self.assertRefused(bin_(1, 5, free_weight=1.9), "capacity")
        self.assertRefused(bin_(1, 5, used=99.5), "capacity")
        # an over-full bin (negative free room) takes nothing, even weightless goods
        self.assertRefused(bin_(1, 5, free_weight=-1.0), "capacity", Item(product_id=1, quantity=1))
        # no limit at all
        self.assertEqual(putaway.max_quantity(self.item, Candidate(bin_id=1)), float("inf"))

    def test_storage_category_empty_and_same(self):
        self.assertRefused(bin_(1, 5, allow_new_product="empty", products={7: 1.0}, product_count=1), "not_empty")
        self.assertIsNone(putaway.refusal(self.item, bin_(1, 5, allow_new_product="empty")))
        self.assertRefused(bin_(1, 5, allow_new_product="same", products={7: 1.0}, product_count=1), "other_product")
        same = bin_(1, 5, allow_new_product="same", products={1: 3.0}, product_count=1)
        self.assertIsNone(putaway.refusal(self.item, same))
        # the caller loaded only some products: product_count still tells there is another one
        self.assertRefused(bin_(1, 5, allow_new_product="same", products={1: 3.0}, product_count=2), "other_product")
        self.assertRefused(bin_(1, 5, allow_new_product="same"), "other_product",
                           Item(product_id=1, quantity=1, mixed=True))

    def test_lots_of_another_expiry_never_mixed(self):
        item = Item(product_id=1, quantity=5, lot_id=10, expiry=20300101)
        other_expiry = bin_(1, 5, products={1: 5.0}, product_count=1, lots={1: {11: 20291231}})
        self.assertRefused(other_expiry, "expiry_mix", item)
        self.assertIsNone(putaway.refusal(item, other_expiry, Rules(allow_expiry_mix=True)))
        same_expiry = bin_(1, 5, products={1: 5.0}, product_count=1, lots={1: {11: 20300101}})
        self.assertIsNone(putaway.refusal(item, same_expiry))
        same_lot = bin_(1, 5, products={1: 5.0}, product_count=1, lots={1: {10: 20300101}})
        self.assertIsNone(putaway.refusal(item, same_lot))
        # another product's lots do not matter
        self.assertIsNone(putaway.refusal(item, bin_(1, 5, products={2: 1.0}, product_count=1,
                                                      lots={2: {12: 20200101}})))

    def test_bad_inputs_name_the_field(self):
        with self.assertRaisesRegex(ValueError, "quantity"):
            Item(product_id=1, quantity=0)
        with self.assertRaisesRegex(ValueError, "velocity"):
            Item(product_id=1, quantity=1, velocity="X")
        with self.assertRaisesRegex(ValueError, "distance"):
            Weights(distance=-1)
        with self.assertRaisesRegex(ValueError, "golden_zone"):
            Rules(golden_zone=(2.0, 1.0))
        with self.assertRaisesRegex(ValueError, "class_shares"):
            Rules(class_shares=(0.8, 0.5))


class TestRanking(unittest.TestCase):
    """Default weights: consolidation 40, same lot 10, velocity 25, height 10, distance 20, fit 15."""

    def bins(self):
        return [
            bin_(1, 10.0),  # class A (nearest fifth), on the floor
            bin_(2, 20.0, z=1.0),  # class B, waist height
            bin_(3, 30.0, used=50, products={1: 50.0}, product_count=1),  # class B, holds the product
            bin_(4, 40.0, z=1.0),  # class C
            bin_(5, 50.0, blocked=True),  # class C
        ]

    def test_hand_computed_ranking(self):
        item = Item(product_id=1, quantity=10, velocity="A")
        ranked, refused = putaway.rank(item, self.bins())
        # bin 3: consolidation 40 + velocity A/B 12.5 + height 0 + distance 20*(1-30/50)=8 + fit 15*0.6=9
        # bin 1: velocity 25 + distance 16 + fit 15*0.1=1.5;  bin 2: 12.5 + height 10 + 12 + 1.5
        # bin 4: velocity A/C 0 + height 10 + distance 4 + fit 1.5
        self.assertEqual([(s.bin_id, s.score) for s in ranked], [(3, 69.5), (1, 42.5), (2, 36.0), (4, 15.5)])
        self.assertEqual(refused, {5: "blocked"})
        self.assertEqual(ranked[0].breakdown, {
            "consolidation": 40.0, "same_lot": 0.0, "velocity": 12.5, "height": 0.0, "distance": 8.0,
            "fit": 9.0, "total": 69.5, "bin_class": "B", "item_class": "A", "distance_m": 30.0,
            "fill_after": 0.6, "z_m": 0.0})

    def test_slow_movers_go_far_and_consolidation_can_be_weighed_down(self):
        item = Item(product_id=2, quantity=10, velocity="C")
        ranked, _ = putaway.rank(item, self.bins())
        # bin 4: C/C 25 + height 0 + distance 4 + fit 1.5 = 30.5; bin 3: B 12.5 + 8 + fit 15*0.6 = 29.5
        self.assertEqual([(s.bin_id, s.score) for s in ranked][:2], [(4, 30.5), (3, 29.5)])
        no_walk = Weights(distance=0.0, fit=0.0, consolidation=0.0)
        ranked, _ = putaway.rank(Item(product_id=1, quantity=10, velocity="A"), self.bins(), no_walk)
        self.assertEqual(ranked[0].bin_id, 1)

    def test_consolidation_preferred_and_same_lot_more(self):
        bins = [bin_(1, 10.0), bin_(2, 40.0, products={1: 5.0}, product_count=1, lots={1: {7: None}}),
                bin_(3, 40.0, products={1: 5.0}, product_count=1, lots={1: {8: None}})]
        plan = Planner(bins).suggest(Item(product_id=1, quantity=4, lot_id=7))
        self.assertEqual(plan.bin_id, 2)
        self.assertEqual(plan.suggestions[0].breakdown["same_lot"], 10.0)

    def test_whole_bin_beats_a_split_then_split_greedily(self):
        def bins():  # a planner books into its candidates: fresh ones for each plan
            return [bin_(1, 5.0, units=10), bin_(2, 10.0, units=10), bin_(3, 50.0, units=30)]

        plan = Planner(bins()).suggest(Item(product_id=1, quantity=25))
        self.assertEqual([(s.bin_id, s.quantity) for s in plan.suggestions], [(3, 25)])
        # no bin takes 45: the best-scored bin takes what fits (bin 2 is class B like the
        # item, bin 1 is class A), then the next...
        plan = Planner(bins()).suggest(Item(product_id=1, quantity=45))
        self.assertEqual([(s.bin_id, s.quantity) for s in plan.suggestions], [(2, 10), (1, 10), (3, 25)])
        self.assertEqual([s.breakdown["fill_after"] for s in plan.suggestions], [1.0, 1.0, 0.833])
        plan = Planner(bins()).suggest(Item(product_id=1, quantity=60))
        self.assertEqual(plan.unplaced, 10)
        whole_only = Planner(bins()).suggest(Item(product_id=1, quantity=45, splittable=False))
        self.assertEqual((whole_only.suggestions, whole_only.unplaced), ([], 45))

    def test_units_are_not_split_in_fractions(self):
        plan = Planner([bin_(1, 5.0, free_weight=25.0, capacity_weight=25.0, units=None)]).suggest(
            Item(product_id=1, quantity=4, unit_weight=10.0))
        self.assertEqual((plan.suggestions[0].quantity, plan.unplaced), (2, 2))


class TestPlanner(unittest.TestCase):
    def test_two_items_never_overfill_a_bin(self):
        bins = [bin_(1, 5.0, units=10), bin_(2, 30.0, units=10)]
        planner = Planner(bins)
        first = planner.suggest(Item(product_id=1, quantity=8))
        second = planner.suggest(Item(product_id=2, quantity=8))
        self.assertEqual((first.bin_id, second.bin_id), (1, 2))
        # 2 units left in each bin: a third line is split, and a fourth finds no room
        third = planner.suggest(Item(product_id=3, quantity=3))
        self.assertEqual([(s.bin_id, s.quantity) for s in third.suggestions], [(1, 2), (2, 1)])
        fourth = planner.suggest(Item(product_id=4, quantity=5))
        self.assertEqual([(s.bin_id, s.quantity) for s in fourth.suggestions], [(2, 1)])
        self.assertEqual(fourth.unplaced, 4)
        self.assertEqual([b.free_units for b in planner.bins.values()], [0, 0])

    def test_dry_run_and_exclusions(self):
        bins = [bin_(1, 5.0, units=10), bin_(2, 30.0, units=10)]
        planner = Planner(bins)
        dry = planner.suggest(Item(product_id=1, quantity=15, lot_id=3), book=False)
        self.assertEqual(sum(s.quantity for s in dry.suggestions), 15)
        self.assertEqual([(b.free_units, b.products, b.lots) for b in planner.bins.values()],
                         [(10, {}, {}), (10, {}, {})])
        self.assertEqual(planner.suggest(Item(product_id=1, quantity=5), exclude={1}).bin_id, 2)

    def test_planner_agrees_with_exhaustive_ranking(self):
        """Branch and bound finds what scoring every bin finds, on random warehouses."""
        rng = random.Random(5)
        for case in range(150):
            bins = []
            for bin_id in range(1, rng.randint(2, 60)):
                products = {p: float(rng.randint(1, 20)) for p in rng.sample(range(1, 6), rng.randint(0, 2))}
                used = sum(products.values())
                units = rng.choice([None, 40.0, 80.0])
                bins.append(Candidate(
                    bin_id=bin_id, distance=rng.uniform(0, 100), z=rng.choice([0.0, 1.0, 2.5]),
                    products=products, product_count=len(products),
                    lots={p: {rng.randint(1, 3): rng.choice([None, 1, 2])} for p in products},
                    free_units=None if units is None else units - used, capacity_units=units,
                    free_weight=rng.choice([None, rng.uniform(0, 100)]), capacity_weight=100.0,
                    allow_new_product=rng.choice(["mixed", "mixed", "same", "empty"]),
                    temperature=rng.choice(["ambient", "ambient", "chilled"]),
                    blocked=rng.random() < 0.1, quarantine=rng.random() < 0.1,
                ))
            item = Item(product_id=rng.randint(1, 5), quantity=float(rng.randint(1, 60)),
                        unit_weight=rng.choice([0.0, 0.5, 2.0]), velocity=rng.choice("ABC"),
                        lot_id=rng.randint(1, 3), expiry=rng.choice([None, 1, 2]))
            ranked, _ = putaway.rank(item, [dataclasses.replace(b) for b in bins])
            plan = Planner(bins).suggest(item, book=False)
            whole = [s for s in ranked if s.quantity >= item.quantity]
            if whole:
                self.assertEqual(plan.bin_id, whole[0].bin_id, f"case {case}")
                self.assertAlmostEqual(plan.suggestions[0].score, whole[0].score, 6)
            else:
                placed = sum(s.quantity for s in plan.suggestions)
                self.assertAlmostEqual(placed + plan.unplaced, item.quantity)
                if ranked:
                    self.assertEqual(plan.bin_id, ranked[0].bin_id, f"case {case}")
                else:
                    self.assertEqual(plan.suggestions, [])


if __name__ == "__main__":
    unittest.main()
