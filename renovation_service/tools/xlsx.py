"""The one xlsx writer of the renovation exports (management reports and
schedule analysis, quality analysis, customer satisfaction).

A workbook is a list of tables, one sheet each: optional title lines, a header
row, the rows and optional totals. Columns are declared as ``(header, kind)``
or ``(header, kind, width)``; the kind names the cell format, declared once
here, and gives the column's default width.
"""

import io

import xlsxwriter

# cell format by column kind
KIND_FORMATS = {
    "text": {},
    "date": {"num_format": "yyyy-mm-dd"},
    "int": {"num_format": "0"},
    "float": {"num_format": "0.0"},
    "decimal": {"num_format": "0.00"},
    "money": {"num_format": "#,##0.00"},
    "percent": {"num_format": "0.0%"},
}
# column width by kind, unless the column gives its own
KIND_WIDTHS = {"text": 22}
DEFAULT_WIDTH = 14
TITLE_FORMAT = {"bold": True, "font_size": 14}
HEADER_FORMAT = {"bold": True, "bg_color": "#D9E1F2", "border": 1}
# totals: the column's format, bold under a rule
TOTAL_FORMAT = {"bold": True, "top": 1}
# Excel's limit on sheet names
SHEET_NAME_MAX = 31


class XlsxWorkbook:
    """An in-memory xlsx workbook written table by table::

    book = XlsxWorkbook()
    book.add_table(_("By foreman"), [(_("Foreman"), "text"), (_("Checks"), "int")], rows)
    content = book.close()  # bytes
    """

    def __init__(self):
        self._buffer = io.BytesIO()
        self._workbook = xlsxwriter.Workbook(self._buffer, {"in_memory": True})
        add = self._workbook.add_format
        self._formats = {kind: add(props) for kind, props in KIND_FORMATS.items()}
        self._total_formats = {
            kind: add({**props, **TOTAL_FORMAT}) for kind, props in KIND_FORMATS.items()
        }
        self._title_format = add(TITLE_FORMAT)
        self._header_format = add(HEADER_FORMAT)

    def add_table(self, name, columns, rows, totals=None, titles=()):
        """A sheet ``name``: the ``titles`` lines (the first one as a title)
        and a blank line when there are any, the header row (frozen), one line
        per row of ``rows`` (a value per column; None or "" leave the cell
        empty, dates are written as dates) and the ``totals`` line."""
        sheet = self._workbook.add_worksheet(name[:SHEET_NAME_MAX])
        line = 0
        for index, title in enumerate(titles):
            sheet.write(line, 0, title, self._title_format if index == 0 else None)
            line += 1
        if titles:
            line += 1
        kinds = []
        for col, (header, kind, *width) in enumerate(columns):
            kinds.append(kind)
            sheet.write(line, col, header, self._header_format)
            sheet.set_column(col, col, width[0] if width else KIND_WIDTHS.get(kind, DEFAULT_WIDTH))
        sheet.freeze_panes(line + 1, 0)
        for row in rows:
            line += 1
            self._write_line(sheet, line, row, kinds, self._formats)
        if totals is not None:
            self._write_line(sheet, line + 1, totals, kinds, self._total_formats)
        return sheet

    def _write_line(self, sheet, line, values, kinds, formats):
        for col, value in enumerate(values):
            cell_format = formats[kinds[col]]
            if value is None or value is False or value == "":
                sheet.write_blank(line, col, None, cell_format)
            else:
                # xlsxwriter writes numbers, strings and dates by their type
                sheet.write(line, col, value, cell_format)

    def close(self):
        """The workbook's bytes."""
        self._workbook.close()
        return self._buffer.getvalue()
