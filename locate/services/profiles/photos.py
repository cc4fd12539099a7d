"""Photos of children: checked, cleaned and stored in the database, served only to those who
may see the child, every view audited.

An upload is accepted by its bytes (JPEG, PNG or WebP), decoded to prove it is an image, and
re-encoded as JPEG without its metadata: a carer's phone photo carries the GPS position of
where it was taken, often the child's home, in its EXIF block."""

from __future__ import annotations

import hashlib
import io
import uuid

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from ... import audit
from ...access import children_scope, episodes_scope, get_child, require
from ...domain.errors import Invalid, NotFound
from ...domain.images import fit_within, sniff
from ...models import Child, ChildProfile, Episode, Photo, Sighting, User
from .child_profiles import add_version

LONGEST_SIDE = 1600  # enough to recognise a face on a phone held close; bounded storage
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


def clean_image(data: bytes, *, max_bytes: int) -> tuple[bytes, int, int]:
    """JPEG bytes of the upload without metadata, and their width and height; Invalid when
    the upload is not a usable image."""
    if not data:
        raise Invalid("The photo is empty.")
    if len(data) > max_bytes:
        raise Invalid(f"The photo is {len(data) // 1024} KB; the limit is "
                      f"{max_bytes // 1024} KB. Send a smaller one.")
    if sniff(data) is None:
        raise Invalid("That file is not a JPEG, PNG or WebP image.")
    try:
        # Only the decoders of the formats we accept: a file that merely starts like one
        # cannot reach any other of Pillow's parsers.
        with Image.open(io.BytesIO(data), formats=("JPEG", "PNG", "WEBP")) as image:
            if image.width * image.height > MAX_PIXELS:
                raise Invalid("The photo has too many pixels; send a smaller one.")
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the way up the phone meant
            image = image.convert("RGB")
            image = image.resize(fit_within(image.width, image.height, LONGEST_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)  # no exif= : metadata dropped
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise Invalid("That file could not be read as an image.") from None


def set_child_photo(session, *, actor: User, child_id: int, version: int,
                    data: bytes) -> dict:
    """Store the photo and make it the profile's photo in a new version."""
    require(actor, "child.update")
    child = get_child(session, actor, child_id)
    jpeg, width, height = clean_image(data, max_bytes=current_app.config["PHOTO_MAX_BYTES"])
    photo = Photo(content_type="image/jpeg", data=jpeg, width=width, height=height,
                  sha256=hashlib.sha256(jpeg).hexdigest(), uploaded_by_id=actor.id)
    session.add(photo)
    session.flush()
    add_version(session, actor=actor, child=child, expected_version=version,
                changes={"photo_id": photo.id}, reason="photo")
    session.commit()
    from .children import card

    return card(session, actor=actor, child_id=child.id)


def get_photo(session, *, actor: User, photo_id: uuid.UUID) -> Photo:
    """A photo used by a profile version of a child the actor may see, or by a sighting of an
    episode they may see; audited. Others are not found, whether they exist or not."""
    require(actor, "child.view")
    child_id = session.execute(
        select(Child.id).join(ChildProfile, ChildProfile.child_id == Child.id)
        .where(ChildProfile.photo_id == photo_id, children_scope(actor)).limit(1)).scalar()
    episode_id = None
    if child_id is None:
        # Or a sighting's photo, for those who may see the sighting's episode: a consultation
        # of that episode (its task holders read it back without giving a reason).
        row = session.execute(
            select(Episode.child_id, Episode.id).join(Sighting, Sighting.episode_id == Episode.id)
            .where(Sighting.photo_id == photo_id, episodes_scope(actor)).limit(1)).first()
        child_id, episode_id = row if row else (None, None)
    photo = session.get(Photo, photo_id) if child_id is not None else None
    if photo is None:
        raise NotFound("No photo by that id that you can see.")
    audit.record(session, user=actor, action="view", entity="photo", entity_id=photo.id,
                 child_id=child_id, episode_id=episode_id)
    session.commit()
    return photo
