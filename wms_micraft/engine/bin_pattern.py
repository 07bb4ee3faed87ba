"""Expand a rack pattern into bins with names, barcodes and coordinates.

A rack pattern is what a warehouse designer draws on paper: aisles
``aisle_from..aisle_to``, bays along each aisle, levels up each bay, slots
within a level. Aisles are parallel, ``aisle_spacing`` metres apart; bays line
both sides of an aisle (odd bays on the left, even on the right, the usual
"serpentine-friendly" numbering) or only its left side. Coordinates are those
of the pick face, on the aisle's edge, so the layout engine projects every bin
onto its aisle centre line.

Plain Python: no Odoo import. Errors are ``PatternError(field, code,
message, **params)`` (an ``EngineError``) so the caller can name the
offending field and say what is wrong in its own (translated) words.
"""

from dataclasses import dataclass
from string import Formatter

from .errors import EngineError

PLACEHOLDERS = ("zone", "aisle", "bay", "level", "position", "side")


class PatternError(EngineError):
    def __init__(self, field, code, message, **params):
        super().__init__(code, message, field, **params)
        self.message = message


@dataclass(frozen=True)
class RackPattern:
    zone: str
    aisle_from: int
    aisle_to: int
    bay_from: int
    bay_to: int
    level_from: int
    level_to: int
    positions: int = 1
    name_pattern: str = "{zone}-{aisle:02d}-{bay:02d}-{level:02d}"
    barcode_pattern: str = "{zone}{aisle:02d}{bay:02d}{level:02d}"
    both_sides: bool = True
    origin_x: float = 0.0
    origin_y: float = 0.0
    aisle_spacing: float = 3.5
    aisle_width: float = 1.5
    bin_width: float = 1.0
    bin_depth: float = 1.0
    bin_height: float = 0.5
    level_height: float = 0.6

    def validate(self):
        for field_from, field_to in (("aisle_from", "aisle_to"), ("bay_from", "bay_to"), ("level_from", "level_to")):
            low, high = getattr(self, field_from), getattr(self, field_to)
            if low < 0:
                raise PatternError(field_from, "negative", f"must be 0 or more, got {low}", value=low)
            if high < low:
                raise PatternError(field_to, "empty_range", f"range {low}..{high} is empty: it must be at least {low}",
                                   low=low, high=high)
        if self.positions < 1:
            raise PatternError("positions", "too_few", f"must be at least 1, got {self.positions}",
                               value=self.positions, minimum=1)
        for name in ("aisle_spacing", "bin_width", "bin_depth", "bin_height", "level_height"):
            if getattr(self, name) <= 0:
                raise PatternError(name, "not_positive", f"must be greater than 0, got {getattr(self, name)}",
                                   value=getattr(self, name))
        if self.aisle_width < 0:
            raise PatternError("aisle_width", "negative", f"cannot be negative, got {self.aisle_width}",
                               value=self.aisle_width)
        if self.aisle_to > self.aisle_from and self.aisle_spacing < self.aisle_width + 2 * self.bin_depth:
            raise PatternError(
                "aisle_spacing", "racks_overlap",
                f"{self.aisle_spacing} m is less than the aisle width plus two racks "
                f"({self.aisle_width + 2 * self.bin_depth} m): racks would overlap",
                value=self.aisle_spacing, minimum=self.aisle_width + 2 * self.bin_depth,
            )
        for name in ("name_pattern", "barcode_pattern"):
            _check_template(name, getattr(self, name))

    @property
    def bays_per_side(self):
        count = self.bay_to - self.bay_from + 1
        return (count + 1) // 2 if self.both_sides else count

    @property
    def aisle_length(self):
        return self.bays_per_side * self.bin_width

    def aisle_position(self, aisle):
        # Aisle n sits at origin_x + (n - 1) * spacing whatever range is generated, so
        # extending a rack later (aisles 5-8 after 1-4) continues it instead of overlapping.
        return self.origin_x + (aisle - 1) * self.aisle_spacing

    @property
    def bin_count(self):
        return (
            (self.aisle_to - self.aisle_from + 1)
            * (self.bay_to - self.bay_from + 1)
            * (self.level_to - self.level_from + 1)
            * self.positions
        )


def _check_template(field, template):
    if not template or not template.strip():
        raise PatternError(field, "pattern_empty", "is empty")
    try:
        names = [name for _, name, _, _ in Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise PatternError(field, "pattern_invalid", f"{template!r} is not a valid pattern: {exc}",
                           pattern=template) from exc
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        raise PatternError(
            field, "unknown_placeholders",
            f"unknown placeholder(s) {', '.join(unknown)}; allowed: {', '.join(PLACEHOLDERS)}",
            unknown=", ".join(unknown), allowed=", ".join(PLACEHOLDERS),
        )
    try:
        template.format(zone="Z", aisle=1, bay=1, level=1, position=1, side="L")
    except (ValueError, IndexError, KeyError) as exc:
        raise PatternError(field, "pattern_invalid", f"{template!r} cannot be formatted: {exc}",
                           pattern=template) from exc


def expand(pattern):
    """Return the bins of ``pattern`` as dicts, in aisle/bay/level/position order.

    Each dict: name, barcode, aisle, bay, level, position, side, x, y, z,
    pick_sequence (S-shape order of the bay).
    Raises PatternError when the pattern is invalid or when two bins of the
    pattern would share a name or a barcode (the patterns lack a placeholder).
    """
    pattern.validate()
    bins = []
    names, barcodes = {}, {}
    half = pattern.aisle_width / 2 + pattern.bin_depth / 2
    for aisle in range(pattern.aisle_from, pattern.aisle_to + 1):
        aisle_x = pattern.aisle_position(aisle)
        for index, bay in enumerate(range(pattern.bay_from, pattern.bay_to + 1)):
            if pattern.both_sides:
                side, slot = ("L", index // 2) if index % 2 == 0 else ("R", index // 2)
            else:
                side, slot = "L", index
            x = aisle_x - half if side == "L" else aisle_x + half
            y = pattern.origin_y + (slot + 0.5) * pattern.bin_width
            # S-shape walking order: up odd aisles, down even ones.
            k = aisle - 1
            s_slot = slot if k % 2 == 0 else pattern.bays_per_side - 1 - slot
            pick_sequence = k * pattern.bays_per_side + s_slot + 1
            for level in range(pattern.level_from, pattern.level_to + 1):
                z = (level - pattern.level_from) * pattern.level_height
                for position in range(1, pattern.positions + 1):
                    values = dict(zone=pattern.zone, aisle=aisle, bay=bay, level=level, position=position, side=side)
                    name = pattern.name_pattern.format(**values)
                    barcode = pattern.barcode_pattern.format(**values)
                    where = (aisle, bay, level, position)
                    for field, value, seen in (("name_pattern", name, names), ("barcode_pattern", barcode, barcodes)):
                        if value in seen:
                            first = "aisle {} bay {} level {} position {}".format(*seen[value])
                            second = "aisle {} bay {} level {} position {}".format(*where)
                            raise PatternError(
                                field, "duplicate",
                                f"gives {value!r} twice ({first} and {second}): add the missing placeholder",
                                value=value, first=seen[value], second=where,
                            )
                        seen[value] = where
                    bins.append(dict(
                        name=name, barcode=barcode, aisle=aisle, bay=bay, level=level, position=position,
                        side=side, x=round(x, 3), y=round(y, 3), z=round(z, 3), pick_sequence=pick_sequence,
                    ))
    return bins
