"""The layout version: which arrangement of sheets, cells and names a book was built in.

Raise :data:`LAYOUT_VERSION` whenever a change to :mod:`iiecon_xl.workbook.layout` moves,
adds or removes a cell, a sheet or a defined name, so that a book built before the change is
recognised (the audit says so in one line and names ``iiecon-xl upgrade BOOK -o OUT``) instead
of being reported cell by cell. The builder writes it, with the package version and the book's
edition, as custom document properties (:data:`PROPERTY_LAYOUT`, :data:`PROPERTY_VERSION`,
:data:`PROPERTY_EDITION`).
"""

from __future__ import annotations

#: the layout of the books this version of iiecon-xl builds
LAYOUT_VERSION = 6
#: 6: the GDP fill sheet (blank GDP filled and flagged), the cities' GDP flag column, the report figures
#:    (section figures, sorted province parts, heat map, tier counts by region and province)
#: 5: the three industries' rates in the Section allocation rule's year blocks (PSC_BLOCKS)
#: 4: P_INDUSTRY_RULE, the sector industry columns, the section industry shares, a check row
#: 3: P_CITY_MEAN on the parameter sheet, the cities' "in X̄" column (issue 13)

#: custom document properties a book carries
PROPERTY_VERSION = "iiecon_xl_version"
PROPERTY_LAYOUT = "iiecon_xl_layout"
PROPERTY_EDITION = "iiecon_xl_edition"
