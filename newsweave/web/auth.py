"""The write token: writes need it always, reads only when the server listens beyond loopback."""

from __future__ import annotations

import hmac
import ipaddress
import os
from base64 import b64decode
from pathlib import Path

from fastapi import HTTPException, Request

TOKEN_ENV = "NEWSWEAVE_TOKEN"
TOKEN_FILE = Path.home() / ".config" / "newsweave" / "token"
"""Read when neither NEWSWEAVE_TOKEN nor --token-file is given: the token's first line."""


def load_token(path: Path | None = None) -> str | None:
    """The token from the environment, else from the file (`path`, or the default one when it exists);
    an explicitly given file that cannot be read is an error, since the user meant to enable writes."""
    if os.environ.get(TOKEN_ENV, "").strip():
        return os.environ[TOKEN_ENV].strip()
    if path is None and not TOKEN_FILE.is_file():
        return None
    text = (path or TOKEN_FILE).read_text(encoding="utf-8").strip()
    return text.splitlines()[0].strip() if text else None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_given(request: Request, token: str | None) -> bool:
    """The request carries the token: `Authorization: Bearer TOKEN`, or HTTP Basic with it as the password
    (what a browser asks for when the server answers 401 with a Basic challenge)."""
    if not token:
        return False
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            value = b64decode(value, validate=True).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return False
    elif scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.encode("utf-8"), token.encode("utf-8"))


def require_token(request: Request) -> None:
    """Dependency of every write endpoint."""
    token = request.app.state.config.token
    if not token:
        raise HTTPException(403, f"writes are disabled: start `newsweave serve` with {TOKEN_ENV} set or --token-file")
    if not token_given(request, token):
        raise HTTPException(
            401, "writes need the token: send `Authorization: Bearer TOKEN`", headers={"WWW-Authenticate": "Bearer"}
        )
