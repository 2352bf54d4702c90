"""Constraints on the text the API stores or searches, shared by the schemas."""

from __future__ import annotations

from pydantic import AfterValidator, Field, StringConstraints

# PostgreSQL's text cannot hold the NUL character: the statement would fail (a 500), while
# SQLite would keep it. So no stored or searched text may carry one.
NO_NUL_PATTERN = r"^[^\x00]*$"
NO_NUL = StringConstraints(pattern=NO_NUL_PATTERN)


def _refuse_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("must not contain the NUL character")
    return text


# The same rule where the schema's `format` already excludes NUL (an email address): enforced,
# not repeated as a pattern, which would only make clients and fuzzers work harder.
NUL_FREE = AfterValidator(_refuse_nul)
# Names and titles are stripped of surrounding whitespace, then must keep a character: the
# document says so as one pattern (JSON Schema takes one), no NUL included.
NOT_BLANK = Field(json_schema_extra={"pattern": r"^[^\x00]*[^\s\x00][^\x00]*$"})
