"""Errors the rules raise; the web layer turns each into one HTTP answer."""

from __future__ import annotations


class DomainError(Exception):
    """A rule said no. `message` is written for the person who made the request."""

    status = 400

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    """Missing, or not visible to the caller: the two are deliberately indistinguishable."""

    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    """The request contradicts the current state (illegal transition, stale version)."""

    status = 409


class Invalid(DomainError):
    status = 422
