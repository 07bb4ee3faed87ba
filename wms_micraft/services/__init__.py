"""Scan scenarios and the services they share (barcode resolution, message catalogue)."""
