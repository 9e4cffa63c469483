"""The trip book: the travelogue as a printed book (PDF) and as one HTML page.

`model` arranges the trip into chapters once; `journal` reads the journal's Markdown into
plain blocks; `images` prepares the photos; the `pdf*` modules lay out the PDF and `html*`
the HTML. Maps come from `cityplanner.maps.static_map`, drawn without a browser.
"""
