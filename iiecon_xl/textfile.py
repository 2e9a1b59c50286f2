"""Text files from strangers: the one decoder (UTF-8 with or without BOM, UTF-16 with BOM, GBK)
and the one CSV splitter (comma, tab or semicolon, detected from the first lines), shared by the
inputs-folder reader and the NBS importers. A file larger than :data:`MAX_CSV_BYTES` is refused
before it is read."""

from __future__ import annotations

import csv
import io

from .errors import IIEInputError

#: The largest CSV file read (an NBS table or export is well under 10 MB).
MAX_CSV_BYTES = 200 * (1 << 20)


def decode(raw: bytes, argument: str = "FILE") -> tuple[str, str]:
    """(text, encoding): UTF-8 with/without BOM, UTF-16 with BOM, else GBK (read as GB18030)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gbk"
    except UnicodeDecodeError as e:
        raise IIEInputError(argument, f"cannot decode the file as UTF-8 or GBK (byte {e.start}); "
                                 "save it as UTF-8 or GBK CSV") from None


def csv_grid(content: str) -> list[list[str]]:
    """The rows of CSV text; tab- or semicolon-separated when the first lines have more tabs (or
    semicolons) than commas."""
    head = "\n".join(content.split("\n", 20)[:20])
    counts = {d: head.count(d) for d in (",", "\t", ";")}
    delim = max(counts, key=lambda d: (counts[d], d == ","))
    return [row for row in csv.reader(io.StringIO(content), delimiter=delim)]
