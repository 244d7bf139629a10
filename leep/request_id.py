"""The id of the request (or task) being served, for log lines and for the work it queues."""

from __future__ import annotations

from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str):
    """Set the id; returns a token for reset_request_id."""
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)
