"""Scenario name -> class. The session model dispatches every request through it."""

from .bin_inquiry import BinInquiry
from .count import Count
from .move_stock import MoveStock
from .next_task import NextTask
from .pick import Pick
from .putaway import Putaway
from .receive import Receive

SCENARIOS = {cls.name: cls for cls in (BinInquiry, Count, MoveStock, NextTask, Pick, Putaway, Receive)}
