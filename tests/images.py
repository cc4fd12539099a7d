"""Test images: made by Pillow, with a GPS block in their EXIF so that tests can prove it
is removed."""

from __future__ import annotations

import io

from PIL import Image

GPS_TAG = 0x8825


def image_bytes(fmt="JPEG", size=(2400, 1800), with_gps=True) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if with_gps and fmt == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        exif.get_ifd(GPS_TAG).update({1: "N", 2: (53.0, 48.0, 0.0), 3: "W", 4: (1.0, 33.0, 0.0)})
        kwargs["exif"] = exif
    image.save(out, fmt, **kwargs)
    return out.getvalue()


# Uploads that must be refused: what they claim to be is not what their bytes are.
NOT_IMAGES = {
    "text named .jpg": (b"<script>alert(1)</script>", "x.jpg", "image/jpeg"),
    "jpeg magic, then garbage": (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "x.jpg", "image/jpeg"),
    "a PDF": (b"%PDF-1.7\n" + b"0" * 100, "x.pdf", "application/pdf"),
    "an SVG claiming to be PNG": (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.png",
                                  "image/png"),
    "empty": (b"", "x.jpg", "image/jpeg"),
}
