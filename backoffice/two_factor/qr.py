"""The enrolment QR code, drawn on the server as inline SVG: no script, no style attribute, so
the strict Content-Security-Policy holds. The code carries the app's secret key, so it is drawn
for the one page that shows it and never stored or served as a file."""

import xml.etree.ElementTree as ET

import qrcode
from django.utils.safestring import SafeString, mark_safe
from qrcode.image.svg import SvgPathFillImage

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def qr_svg(data: str, *, label: str) -> SafeString:
    """``data`` as an SVG QR code: black on white whatever the page's colours (a scanner needs
    the contrast and the quiet zone), sized by the stylesheet, named ``label`` for screen
    readers."""
    image = qrcode.make(
        data,
        image_factory=SvgPathFillImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    svg = image.get_image()
    for size in ("width", "height"):
        svg.attrib.pop(size, None)
    svg.set("class", "two-factor-qr")
    svg.set("role", "img")
    svg.set("aria-label", label)
    ET.register_namespace("", SVG_NAMESPACE)
    # The markup is built by ElementTree from the QR code's geometry and ``label``, which
    # ElementTree escapes: nothing in it comes unescaped from a request or the database.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308
