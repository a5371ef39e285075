"""Result types, the article roll-up, and the documented JSON schema (docs/schema.json)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from stance.parties import Mention
from stance.results import (
    ArticleResult,
    Label,
    ParagraphResult,
    PartyStance,
    roll_up,
    summarize,
)

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "schema.json"


# -- a validator for the subset of JSON Schema 2020-12 that docs/schema.json uses ---------

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_KNOWN = {"$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "required",
          "additionalProperties", "properties", "items", "minItems", "maxItems", "minimum", "maximum", "oneOf"}


def validate(value, schema: dict, root: dict, path: str = "$") -> list[str]:
    """Errors of ``value`` against ``schema`` (empty list: valid)."""
    unknown = set(schema) - _KNOWN
    assert not unknown, f"the test validator does not implement {unknown}: extend it"
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return validate(value, target, root, path)
    errors = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](value) for t in types):
            return [f"{path}: {value!r:.40} is not {types}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "oneOf" in schema:
        passing = [s for s in schema["oneOf"] if not validate(value, s, root, path)]
        if len(passing) != 1:
            errors.append(f"{path}: matches {len(passing)} of oneOf")
    if _TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        errors += [f"{path}: missing {k!r}" for k in schema.get("required", []) if k not in value]
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected {key!r}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += validate(item, schema["additionalProperties"], root, f"{path}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", math.inf):
            errors.append(f"{path}: {len(value)} items")
        if "items" in schema:
            for i, item in enumerate(value):
                errors += validate(item, schema["items"], root, f"{path}[{i}]")
    return errors


def check_schema(article_dict: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert validate(article_dict, schema, schema) == []


def test_the_validator_rejects_what_it_should():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    good = make_article().to_dict()
    assert validate(good, schema, schema) == []
    bad = json.loads(json.dumps(good))
    bad["paragraphs"][0]["sentiment"]["label"] = "absent"
    bad["summary"]["parties"]["china"]["counts"]["neutral"] = -1
    del bad["model_id"]
    bad["extra"] = 1
    assert sorted(validate(bad, schema, schema)) == [
        "$.paragraphs[0].sentiment.label: 'absent' not in ['negative', 'neutral', 'positive']",
        "$.summary.parties.china.counts.neutral: -1 < 0",
        "$: missing 'model_id'",
        "$: unexpected 'extra'",
    ]


# -- results -------------------------------------------------------------------------------


def label(p_neg: float, p_neu: float, p_pos: float) -> Label:
    proba = {"negative": p_neg, "neutral": p_neu, "positive": p_pos}
    return Label(max(proba, key=proba.get), proba, round(p_pos - p_neg, 6))


def stance(p_neg, p_neu, p_pos, n_mentions, party="china") -> PartyStance:
    lab = label(p_neg, p_neu, p_pos)
    mentions = tuple(Mention(party, 0, 5, "China") for _ in range(n_mentions))
    return PartyStance(lab.label, lab.proba, lab.score, mentions)


ABSENT = PartyStance("absent", None, None)


def make_article() -> ArticleResult:
    paragraphs = (
        ParagraphResult(0, "China dan China.", 0, 16, label(0.1, 0.2, 0.7), {"china": stance(0.1, 0.2, 0.7, 2)}),
        ParagraphResult(1, "Hujan.", 18, 24, label(0.2, 0.6, 0.2), {"china": ABSENT}),
        ParagraphResult(2, "China kalah.", 26, 38, label(0.8, 0.1, 0.1), {"china": stance(0.8, 0.1, 0.1, 1)}),
    )
    return ArticleResult(paragraphs, summarize(paragraphs, ("china",)), "m1", "doc-1", ("china",))


def test_party_roll_up_is_mention_weighted():
    china = make_article().summary.parties["china"]
    assert china.score == pytest.approx((2 * 0.6 + 1 * -0.7) / 3)
    assert china.counts == {"negative": 1, "neutral": 0, "positive": 1}
    assert (china.paragraphs, china.mentions, china.decisive) == (2, 3, 2)
    mean = china.score
    se = math.sqrt(2 / 1 * ((2 * (0.6 - mean)) ** 2 + (1 * (-0.7 - mean)) ** 2)) / 3
    assert china.stderr == pytest.approx(se)
    assert china.interval == (pytest.approx(max(-1, mean - 1.959964 * se), abs=1e-6), pytest.approx(min(1, mean + 1.959964 * se), abs=1e-6))


def test_sentiment_roll_up_is_the_plain_mean_with_its_standard_error():
    s = make_article().summary.sentiment
    scores = [0.6, 0.0, -0.7]
    mean = sum(scores) / 3
    sd = math.sqrt(sum((x - mean) ** 2 for x in scores) / 2)
    assert s.score == pytest.approx(mean)
    assert s.stderr == pytest.approx(sd / math.sqrt(3))
    assert (s.mentions, s.decisive, s.counts) == (0, 2, {"negative": 1, "neutral": 1, "positive": 1})


def test_roll_up_of_nothing_and_of_one():
    empty = roll_up([], [], [], [])
    assert (empty.score, empty.stderr, empty.interval, empty.decisive, empty.paragraphs) == (None, None, None, None, 0)
    one = roll_up([0.5], ["positive"], [3.0], [4])
    assert (one.score, one.stderr, one.interval, one.decisive, one.mentions) == (0.5, None, None, 4, 3)


def test_decisive_ties_go_to_the_first_paragraph():
    assert roll_up([0.5, -0.5], ["positive", "negative"], [1, 1], [3, 7]).decisive == 3


def test_results_are_frozen():
    article = make_article()
    with pytest.raises(AttributeError, match="cannot assign to field 'model_id'"):
        article.model_id = "x"  # type: ignore[misc]


def test_to_dict_is_json_and_matches_the_schema():
    d = make_article().to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["paragraphs"][1]["stances"]["china"] == {
        "label": "absent", "proba": None, "score": None, "mentions": [], "explanation": None,
    }
    check_schema(d)
    summary_only = make_article().to_dict(summary_only=True)
    assert "paragraphs" not in summary_only
    check_schema(summary_only)


def test_to_frame_needs_pandas():
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"^ArticleResult\.to_frame\(\): needs pandas, which is not installed — install it: pip install pandas$"):
            make_article().to_frame()
    else:
        frame = make_article().to_frame()
        assert list(frame["china"]) == ["positive", "absent", "negative"]
