"""Plain unit tests of engine/bin_pattern.py refusals: each carries the field at fault, a code and its values."""

import unittest

from .engine_loader import engine_module

bin_pattern = engine_module("bin_pattern")
errors = engine_module("errors")


def pattern(**values):
    defaults = dict(zone="A", aisle_from=1, aisle_to=2, bay_from=1, bay_to=2, level_from=1, level_to=1)
    return bin_pattern.RackPattern(**(defaults | values))


class TestBinPatternErrors(unittest.TestCase):
    def assertCoded(self, field, code, params, **values):
        with self.assertRaises(errors.EngineError) as caught:
            bin_pattern.expand(pattern(**values))
        self.assertEqual((caught.exception.field, caught.exception.code), (field, code))
        for key, value in params.items():
            self.assertEqual(caught.exception.params[key], value)

    def test_codes(self):
        self.assertCoded("aisle_to", "empty_range", {"low": 5, "high": 2}, aisle_from=5, aisle_to=2)
        self.assertCoded("bay_from", "negative", {"value": -1}, bay_from=-1)
        self.assertCoded("bin_width", "not_positive", {"value": 0}, bin_width=0)
        self.assertCoded("barcode_pattern", "unknown_placeholders", {"unknown": "row"}, barcode_pattern="{zone}{row}")
        self.assertCoded("name_pattern", "duplicate", {"value": "A-1-1", "first": (1, 1, 1, 1), "second": (1, 2, 1, 1)},
                         name_pattern="{zone}-{aisle}-{level}")
