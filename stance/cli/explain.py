"""``stance explain``: one text, every score with the n-grams that drove it."""

from __future__ import annotations

import argparse
import sys
import textwrap

from stance.cli.common import dump, out, proba_text, select_parties

__all__ = ["run"]


def run(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from stance.explain import format_explanation
    from stance.scoring import Scorer

    text = sys.stdin.read() if args.text == "-" else args.text
    scorer = Scorer(model=args.model, registry=args.registry)
    parties = select_parties(scorer, args.parties, usage_error)
    result = scorer.score(text, parties=parties, explain=args.k)
    if args.json:
        dump(result.to_dict())
        return 0
    for p in result.paragraphs:
        if len(result.paragraphs) > 1:
            out(f"paragraph {p.index + 1}")
        out(textwrap.fill(p.text, 88, initial_indent="  ", subsequent_indent="  "))
        out()
        s = p.sentiment
        out(f"sentiment: {s.label} (score {s.score:+.3f}; {proba_text(s.proba)})")
        out("\n".join("  " + line for line in format_explanation(s.explanation)))
        absent = []
        for party, st in p.stances.items():
            if not st.present:
                absent.append(party)
                continue
            said = ", ".join(dict.fromkeys(m.text for m in st.mentions))
            out()
            out(f"stance toward {party}: {st.label} (score {st.score:+.3f}; {proba_text(st.proba)}; mentions: {said})")
            out("\n".join("  " + line for line in format_explanation(st.explanation)))
        if absent:
            out()
            out(f"not mentioned: {', '.join(absent)}")
        out()
    out(f"model {result.model_id}. Contributions are exact: bias + n-grams = margin, "
        "margin = logit(positive) - logit(negative).")
    return 0


