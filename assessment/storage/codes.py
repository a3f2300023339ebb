"""Codes and secrets: join and resume codes people type, PINs and how they are kept (hashed)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud and type
JOIN_CODE_LENGTH = 6
RESUME_CODE_LENGTH = 10
PIN_LENGTH = 8

HASHER = PasswordHasher()


def hash_pin(pin: str) -> str:
    """An argon2id hash of a facilitator PIN (slow on purpose)."""
    return HASHER.hash(pin)


def verify_secret(secret_hash: str, secret: str) -> bool:
    """True when the secret matches an argon2 hash made by hash_pin (False for a damaged hash)."""
    try:
        return HASHER.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def new_pin() -> str:
    """A random facilitator PIN of PIN_LENGTH unambiguous characters, for rounds opened without one."""
    return new_code(PIN_LENGTH)


def new_code(length: int) -> str:
    """Return a random code of unambiguous capital letters and digits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """Upper-case a typed code and drop spaces and dashes, so 'abc-def' matches 'ABCDEF'."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


def resume_hash(code: str) -> str:
    """A resume code as it is kept: resume codes are long random tokens, so a fast hash is enough to keep
    them unreadable at rest."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()
