"""Plain-Python warehouse engines: no Odoo import here.

Each module takes plain inputs (numbers, tuples, dicts) and returns plain
outputs, so it can be unit-tested and benchmarked without a database.
"""
