"""What an uploaded photo is, judged by its bytes, never by the name or type the client
claims."""

from __future__ import annotations

# Leading bytes of the formats a phone or a carer's laptop produces and every browser shows.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff(data: bytes) -> str | None:
    """The image type the bytes start with: image/jpeg, image/png or image/webp; else None."""
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def fit_within(width: int, height: int, longest: int) -> tuple[int, int]:
    """The size that keeps the aspect ratio with the longest side at most `longest`."""
    if width <= 0 or height <= 0:
        raise ValueError("An image has a positive width and height.")
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))
