"""Scenario name -> class. The session model dispatches every request through it."""

from .bin_inquiry import BinInquiry
from .move_stock import MoveStock
from .next_task import NextTask
from .putaway import Putaway

SCENARIOS = {cls.name: cls for cls in (BinInquiry, MoveStock, NextTask, Putaway)}
