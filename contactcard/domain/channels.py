"""Emails, phones and messenger handles as a careful agent would type them: checked, then normalised.

- Emails: trimmed; the whole address lower-cased (mailbox names are case-insensitive in practice, and a CRM
  that keeps `Ana@x.es` and `ana@x.es` apart makes duplicates); one `@`, a dotted domain, no spaces, at most
  254 characters with a local part of at most 64 (RFC 5321).
- Phones: read by `phonenumbers` (Google's libphonenumber) in the workspace's default region unless they
  start with `+`; only possible and valid numbers are taken, stored as typed and normalised to E.164.
- Messengers: a known platform and a handle; telegram/instagram/twitter handles lose a leading `@` and
  case in the normalised form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from contactcard.db.enums import ChannelKind

MAX_EMAIL = 254
MAX_LOCAL_PART = 64
MAX_HANDLE = 100
MAX_PHONE_INPUT = 40
PLATFORMS = frozenset(
    {
        "telegram",
        "whatsapp",
        "viber",
        "vk",
        "instagram",
        "facebook",
        "twitter",
        "wechat",
        "line",
        "signal",
        "skype",
    }
)
_CASELESS_HANDLES = frozenset({"telegram", "instagram", "twitter", "vk"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9\u00a1-\uffff-]{1,63}(?<!-)$")


class ChannelRefused(ValueError):
    """Why a value is not a channel of its kind (the message names the problem)."""


@dataclass(frozen=True)
class ChannelValue:
    kind: ChannelKind
    value: str
    """As the caller typed it, trimmed."""
    normalized: str
    """The form duplicates are found by: a lower-cased email, an E.164 phone, a platform-qualified handle."""
    platform: str | None = None


def email(raw: str) -> ChannelValue:
    value = raw.strip()
    if not value:
        raise ChannelRefused("an email address cannot be empty")
    if len(value) > MAX_EMAIL:
        raise ChannelRefused(f"an email address has at most {MAX_EMAIL} characters")
    lowered = value.lower()
    local, _, domain = lowered.rpartition("@")
    if (
        not _EMAIL.match(lowered)
        or len(local) > MAX_LOCAL_PART
        or local.startswith(".")
        or local.endswith(".")
        or ".." in local
        or not all(_DOMAIN_LABEL.match(label) for label in domain.split("."))
    ):
        raise ChannelRefused("not an email address (name@domain.tld)")
    return ChannelValue(ChannelKind.EMAIL, lowered, lowered)


def phone(raw: str, region: str) -> ChannelValue:
    value = raw.strip()
    if len(value) > MAX_PHONE_INPUT:
        raise ChannelRefused(f"a phone number has at most {MAX_PHONE_INPUT} characters")
    try:
        number = phonenumbers.parse(value, None if value.startswith("+") else region)
    except phonenumbers.NumberParseException:
        raise ChannelRefused(
            f"not a phone number (give it with +country code, or as dialled in {region})"
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ChannelRefused(f"{value!r} is not a valid phone number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ChannelValue(ChannelKind.PHONE, value, e164)


def messenger(raw: str, platform: str | None) -> ChannelValue:
    name = (platform or "").strip().lower()
    if name not in PLATFORMS:
        raise ChannelRefused(f"a messenger needs a platform, one of {', '.join(sorted(PLATFORMS))}")
    value = raw.strip()
    if not value or len(value) > MAX_HANDLE or any(c.isspace() for c in value):
        raise ChannelRefused(f"a messenger handle has 1 to {MAX_HANDLE} characters and no spaces")
    handle = value.lstrip("@").lower() if name in _CASELESS_HANDLES else value
    return ChannelValue(ChannelKind.MESSENGER, value, f"{name}:{handle}", name)


def channel(kind: ChannelKind, raw: str, *, region: str, platform: str | None = None) -> ChannelValue:
    """The checked, normalised channel of `kind`; ChannelRefused with the reason when it is not one."""
    if kind is ChannelKind.EMAIL:
        return email(raw)
    if kind is ChannelKind.PHONE:
        return phone(raw, region)
    return messenger(raw, platform)
