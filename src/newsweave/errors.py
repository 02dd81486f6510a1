"""The exception tree of newsweave; each error has a stable ``code``.

NewsweaveError
 ├── ConfigError          bad configuration or an unmet stage need (stops a run)
 ├── InputError           an input item cannot be read (per item: logged and skipped)
 │    └── UnsafeInputError  refused on purpose: too large, hostile, private address
 ├── StoreError           the database cannot be opened or migrated
 └── NotFoundError        an id or name that is not in the store
"""

from __future__ import annotations


class NewsweaveError(Exception):
    code = "newsweave_error"


class ConfigError(NewsweaveError):
    code = "config_error"


class InputError(NewsweaveError):
    code = "input_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class UnsafeInputError(InputError):
    code = "unsafe_input"


class StoreError(NewsweaveError):
    code = "store_error"


class NotFoundError(NewsweaveError):
    code = "not_found"
