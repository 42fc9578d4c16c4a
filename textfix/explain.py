"""`textfix rules`: what each rule is, as a table, as JSON, or explained one at a time.

What a rule does comes from its filter (the rule's description, the filter's docstring for
why) and, for boilerplate rules, from its pack: kind, scope, position, confidence, and the
examples it must match and must keep (which the tests check against the rule).
"""

from __future__ import annotations

import inspect
import os

from .errors import UsageError


def rule_infos(packs: tuple = ()) -> list[dict]:
    """Every rule as a dict: id, family, default (`on`, `off`, or `always` for decoding),
    description, why (its filter's reason to exist), and for boilerplate rules their pack's
    fields."""
    import textfix
    from .decode import RULES as DECODE_RULES
    from .filters.boilerplate import Boilerplate

    pipeline = textfix.default_pipeline(("all",), rule_packs=packs)
    decode_ids = {rule.id for rule in DECODE_RULES}
    why = {rule.id: "how the input bytes were decoded; always reported, cannot be turned off" for rule in DECODE_RULES}
    packed = {}
    for step in pipeline.filters:
        reason = _first_paragraph(inspect.getdoc(type(step)) or "")
        for rule in step.rules:
            why.setdefault(rule.id, reason)
        if isinstance(step, Boilerplate):
            packed.update({rule.id: rule for rule in step.all_rules})
    infos = []
    for rule in pipeline.rules:
        info = {"id": rule.id, "family": rule.id.split(".")[0],
                "default": "always" if rule.id in decode_ids else "on" if rule.default else "off",
                "description": rule.description, "why": why.get(rule.id, "")}
        if rule.id in packed:
            info.update(_pack_fields(packed[rule.id]))
        infos.append(info)
    return infos


def _pack_fields(rule) -> dict:
    """A boilerplate rule's fields from its pack."""
    from .filters.boilerplate import KINDS

    return {"kind": rule.kind, "kind_description": KINDS.get(rule.kind, ""), "scope": rule.scope,
            "position": rule.position, "confidence": rule.confidence, "languages": list(rule.languages),
            "patterns": list(rule.patterns), "examples_match": list(rule.examples_match),
            "examples_keep": list(rule.examples_keep),
            "source": f"textfix/rules/{os.path.basename(rule.source)}" if rule.builtin else rule.source}


def _first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n")[0].split())


def explain(rule_id: str, infos: list[dict]) -> str:
    """`textfix rules --explain ID`: one rule, in words."""
    info = next((i for i in infos if i["id"] == rule_id), None)
    if info is None:
        close = [i["id"] for i in infos if i["id"].startswith(rule_id)] or \
                [i["id"] for i in infos if rule_id.split(".")[-1] in i["id"]]
        hint = f"; did you mean {', '.join(close[:5])}?" if close else "; `textfix rules` lists them"
        raise UsageError(f"unknown rule {rule_id!r}{hint}")
    default = {"on": "on by default", "off": "off by default (select it with --select)",
               "always": "always on"}[info["default"]]
    lines = [f"{info['id']} ({default})", "", f"What it does: {info['description']}"]
    if info.get("why"):
        lines.append(f"Why: {info['why']}")
    if "kind" in info:
        lines.append(f"Kind: {info['kind']} ({info['kind_description']}); scope {info['scope']}, "
                     f"position {info['position']}, confidence {info['confidence']}"
                     + (f", languages {', '.join(info['languages'])}" if info["languages"] else ""))
        lines.append(f"Pack: {info['source']}")
        lines += _examples("Must match (each is removed)", info["examples_match"])
        lines += _examples("Must keep (each is left alone)", info["examples_keep"])
    lines += ["", f"Turn it {'off' if info['default'] == 'on' else 'on'}: "
              + (f"--ignore {info['id']}" if info["default"] == "on" else f"--select default,{info['id']}")
              if info["default"] != "always" else "Decoding findings cannot be turned off."]
    return "\n".join(lines) + "\n"


def _examples(title: str, examples: list) -> list[str]:
    return ["", f"{title}:"] + [f"  {example!r}" if not example.isprintable() else f"  {example}"
                                 for example in examples] if examples else []


def table(infos: list[dict]) -> str:
    """The plain listing: id, default, description."""
    width = max(len(i["id"]) for i in infos)
    return "".join(f"{i['id']:<{width}}  {i['default']:<6}  {i['description']}\n" for i in infos)
