"""Workbook code: template building, headless recalculation, audit, charts.

Sits above :mod:`iiecon_xl.model`, :mod:`iiecon_xl.udfs` and :mod:`iiecon_xl.pipeline`;
nothing below imports it.
"""
