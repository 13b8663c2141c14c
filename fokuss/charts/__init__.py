"""Server-side SVG charts, one helper for web pages and PDFs alike.

Every function returns a ``SafeString`` holding one ``<svg>`` element, to be
put inline in a page (``{{ chart }}``) or in a PDF template rendered by
``fokuss.pdf``:

* ``line_chart``: one line per series over shared x labels (e.g. the on-time
  rate per quarter); ``None`` is a gap in the line.
* ``bar_chart``: grouped vertical bars (e.g. grade distribution now and in
  the previous period).
* ``stacked_bar_chart``: one horizontal stacked bar per category (e.g. how
  many secretaries sit at level 1-4 in each competency).
* ``stage_bars``: one horizontal bar per label (e.g. mentoring plans per
  stage).

Why a small package of our own and not pygal (which installs from PyPI, 3.x):

* Content-Security-Policy: pygal writes a ``<style>`` block (and, unless
  told not to, ``<script>`` tags for its tooltips) into every SVG; the site
  forbids both (``style-src 'self'``). This package uses SVG presentation
  attributes only (``fill="..."``, ``font-size="..."``): no ``<style>``, no
  ``style=""``, no script, no external references.
* WeasyPrint: it draws SVG with its own renderer, which ignores pygal's CSS
  classes-and-script styling; presentation attributes, ``<text>``,
  ``<path>``, ``<rect>`` and ``<pattern>`` render the same in the browser and
  in the PDF, and the text stays real, searchable text.
* Accessibility: ``role="img"``, a ``<title>`` (accessible name) and a
  ``<desc>`` that lists every value in words (accessible description),
  referenced with ``aria-labelledby`` / ``aria-describedby``. Colour is never
  the only carrier: lines differ by dash and marker shape, bar series by
  hatching pattern, and every bar and segment carries its value as text. The
  palette has at least 4.5:1 contrast against white, so white value labels on
  a fill and coloured text on the page both pass WCAG AA.
* Deterministic: the same data gives byte-identical SVG (ids are derived from
  the content), so tests can compare output and parse it with
  ``xml.etree``.
* Small: a few modules without dependencies besides Django's ``escape``.

Every piece of text passes through ``svg.el``, which escapes attribute values
and text content; labels coming from users (village names, competency names)
cannot break out of the markup. Values are numbers or ``None``; NaN and
infinities are treated as missing (a gap, never a drawn zero); anything else
that is not a number raises ``TypeError``.

Sizing: the SVG has a ``viewBox`` and ``width="100%"`` and no fixed height,
so it scales to the column it sits in: a 360 px phone or a 17 cm A4 text
column. Give it a narrower container to make it smaller.

Modules: ``values`` (``Series``, value cleaning, value text, descriptions),
``svg`` (escaped elements, palette, hatching patterns, the vertical plot area,
legend, the ``<svg>`` wrapper), ``line`` and ``bars`` (grouped, stacked and
stage bars). Callers import from here.
"""

from .bars import bar_chart, stacked_bar_chart, stage_bars
from .line import line_chart
from .svg import PALETTE
from .values import Series

__all__ = [
    "PALETTE",
    "Series",
    "bar_chart",
    "line_chart",
    "stacked_bar_chart",
    "stage_bars",
]
