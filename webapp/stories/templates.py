"""Load webapp/data/stories/*.toml once into frozen, validated story templates.

A story template is data: steps with questions, named sentences with patterns in Indonesian and
English (and per tone where the buyer is addressed), and output pieces that list the sentences
they are made of. Files whose name starts with "_" are shared, not templates: `_profil.toml`
holds the first step every template asks, with its sentences and default pieces;
`_pieces.toml` holds the piece limits and the nouns the writer names crafts with.

The data types live in `webapp.stories.model`, the pattern syntax in `webapp.stories.patterns`,
the questions' reader in `webapp.stories.questions`; this module reads the files and checks that
they hold together. Its names stay importable from here.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from webapp.datafiles import DATA_DIR
from webapp.stories.derived import DERIVED
from webapp.stories.model import (
    CHOICE_KINDS,
    CONTACT_QUESTIONS,
    KINDS,
    LANGUAGES,
    LAYOUTS,
    PARAGRAPH,
    TONES,
    UNITS,
    Bilingual,
    Group,
    Noun,
    Option,
    Pattern,
    PieceKind,
    PieceSpec,
    Question,
    Sentence,
    Shared,
    Slot,
    Step,
    Template,
    TemplateError,
    Text,
    UnknownTemplate,
    VocabEntry,
)
from webapp.stories.patterns import parse_pattern
from webapp.stories.questions import read_steps
from webapp.stories.reader import IDENTIFIER, Reader, read_file
from webapp.vocab import VOCAB_TABLES, vocabulary

__all__ = [
    "CHOICE_KINDS", "CONTACT_QUESTIONS", "DERIVED", "KINDS", "LANGUAGES", "LAYOUTS", "PARAGRAPH",
    "PIECES_FILE", "PROFILE_FILE", "STORIES_DIR", "TEMPLATE_KEYS", "TONES", "UNITS", "Bilingual",
    "Group", "Noun", "Option", "Pattern", "PieceKind", "PieceSpec", "Question", "Sentence",
    "Shared", "Slot", "Step", "Template", "TemplateError", "Text", "UnknownTemplate", "VocabEntry",
    "get_template", "load_templates", "parse_pattern", "read_templates",
]

STORIES_DIR = DATA_DIR / "stories"
PROFILE_FILE = "_profil.toml"
PIECES_FILE = "_pieces.toml"
TEMPLATE_KEYS = frozenset({
    "id", "schema", "order", "title_id", "title_en", "description_id", "description_en",
    "good_for_id", "good_for_en", "source", "checked", "claims_need", "absolute_claims",
    "steps", "sentences", "pieces",
})


def read_templates(directory: Path = STORIES_DIR) -> Mapping[str, Template]:
    """Read and validate every template in directory, in display order (`order`, then id).

    Raises TemplateError, naming the file and the field, on the first fault.
    """
    if not directory.is_dir():
        raise TemplateError(f"{directory}: story template folder not found")
    shared = _load_shared(directory)
    profile = _load_profile(directory, shared)
    templates = {}
    for path in sorted(directory.glob("*.toml")):
        if path.name.startswith("_"):
            continue
        template = _load_template(path, profile, shared)
        templates[template.id] = template
    if not templates:
        raise TemplateError(f"{directory}: no story templates")
    ordered = sorted(templates.values(), key=lambda t: (t.order, t.id))
    return MappingProxyType({t.id: t for t in ordered})


@lru_cache(maxsize=1)
def load_templates() -> Mapping[str, Template]:
    """Return every story template by id, read once from webapp/data/stories."""
    return read_templates()


def get_template(template_id: str) -> Template:
    """Return one template by id, or raise UnknownTemplate."""
    try:
        return load_templates()[template_id]
    except KeyError:
        raise UnknownTemplate(template_id) from None


# ---------------------------------------------------------------------------------------------
# Sentences and pieces of one file
# ---------------------------------------------------------------------------------------------


def _sentences(reader: Reader, origin: str) -> dict[str, Sentence]:
    """Read the [sentences.*] tables of one file."""
    table = reader.get(reader.data, "sentences", "", dict, default={})
    sentences = {}
    for name, body in table.items():
        where = f"sentences.{name}"
        if not IDENTIFIER.match(name):
            raise reader.fail(where, "sentence names are lowercase identifiers")
        if not isinstance(body, dict):
            raise reader.fail(where, "must be a table with id and en patterns")
        unknown = set(body) - {"id", "en", "needs"}
        if unknown:
            raise reader.fail(where, f"unknown keys {sorted(unknown)}")
        patterns = {language: _patterns_by_tone(reader, body.get(language), f"{where}.{language}")
                    for language in LANGUAGES}
        needs = reader.get(body, "needs", where, list, default=[])
        if not all(isinstance(n, str) and IDENTIFIER.match(n) for n in needs):
            raise reader.fail(f"{where}.needs", "must list question ids")
        sentences[name] = Sentence(name, MappingProxyType(patterns), tuple(needs), origin)
    return sentences


def _patterns_by_tone(reader: Reader, value: Any,
                      where: str) -> Mapping[str, tuple[Pattern, ...]]:
    """One language's patterns: a list for every tone ("*"), or a list per tone."""
    if value is None:
        raise reader.fail(where, "missing: every sentence needs both languages")
    if not isinstance(value, dict):
        return MappingProxyType({"*": _pattern_list(reader, value, where)})
    if set(value) != set(TONES):
        raise reader.fail(where, f"patterns per tone need exactly {list(TONES)}")
    return MappingProxyType({tone: _pattern_list(reader, value[tone], f"{where}.{tone}")
                             for tone in TONES})


def _pattern_list(reader: Reader, value: Any, where: str) -> tuple[Pattern, ...]:
    """Parse a non-empty list of sentence patterns."""
    if not isinstance(value, list) or not value:
        raise reader.fail(where, "must be a non-empty list of patterns")
    patterns = []
    for index, item in enumerate(value):
        item_where = f"{where}[{index}]"
        if not isinstance(item, str) or not item.strip():
            raise reader.fail(item_where, "must be non-empty text")
        if item != item.strip() or "  " in item:
            raise reader.fail(item_where, "has leading, trailing or doubled spaces")
        patterns.append(parse_pattern(item, lambda reason, w=item_where: reader.fail(w, reason)))
    return tuple(patterns)


def _piece_specs(reader: Reader, origin: str) -> dict[str, PieceSpec]:
    """Read the [pieces.*] tables of one file."""
    table = reader.get(reader.data, "pieces", "", dict, default={})
    return {name: _piece_spec(reader, name, body, origin) for name, body in table.items()}


def _piece_spec(reader: Reader, name: str, body: Any, origin: str) -> PieceSpec:
    """Read one [pieces.*] table: its parts, the essential ones and the drop order."""
    where = f"pieces.{name}"
    if not isinstance(body, dict):
        raise reader.fail(where, "must be a table")
    unknown = set(body) - {"parts", "essential", "drop"}
    if unknown:
        raise reader.fail(where, f"unknown keys {sorted(unknown)}")
    parts = reader.get(body, "parts", where, list)
    if not parts or not all(isinstance(p, str) for p in parts):
        raise reader.fail(f"{where}.parts", "must be a non-empty list of sentence names")
    names = [p for p in parts if p != PARAGRAPH]
    if len(set(names)) != len(names):
        raise reader.fail(f"{where}.parts", "names a sentence twice")
    essential = reader.get(body, "essential", where, list)
    if not essential:
        raise reader.fail(f"{where}.essential", "must name at least one part")
    drop = reader.get(body, "drop", where, list, default=[])
    for key, listed in (("essential", essential), ("drop", drop)):
        stray = [n for n in listed if n not in names]
        if stray:
            raise reader.fail(f"{where}.{key}", f"{stray} are not among the parts")
    both = set(essential) & set(drop)
    if both:
        raise reader.fail(f"{where}.drop", f"{sorted(both)} are essential and cannot be dropped")
    rest = [n for n in reversed(names) if n not in essential and n not in drop]
    return PieceSpec(name, tuple(parts), frozenset(essential), (*drop, *rest), origin)


# ---------------------------------------------------------------------------------------------
# Shared files: vocabulary, piece kinds and nouns
# ---------------------------------------------------------------------------------------------


def _vocab_tables() -> dict[str, Mapping[str, VocabEntry]]:
    """vocab.toml's tables (id, labels, other fields) for choices and names, as the one
    vocabulary loader read and checked them."""
    vocab = vocabulary()
    tables: dict[str, Mapping[str, VocabEntry]] = {}
    for name in VOCAB_TABLES:
        entries = {}
        for term in vocab.terms(name):
            row = {"id": term.id, "label_id": term.label_id, "label_en": term.label_en,
                   "source": term.source, "checked": term.checked, **term.extra}
            entries[term.id] = VocabEntry(term.id, Bilingual(term.label_id, term.label_en),
                                          MappingProxyType(row))
        tables[name] = MappingProxyType(entries)
    return tables


def _load_shared(directory: Path) -> Shared:
    """Read _pieces.toml (piece kinds, nouns, hashtags) and the vocabulary."""
    vocab = _vocab_tables()
    reader = read_file(directory / PIECES_FILE)
    reader.source_and_checked()
    pieces = {name: _piece_kind(reader, name, body)
              for name, body in reader.get(reader.data, "pieces", "", dict).items()}
    nouns = reader.get(reader.data, "nouns", "", dict)
    generic = reader.get(nouns, "generic", "nouns", dict)
    for form in ("maker_id", "maker_en", "makers_en"):
        reader.text(generic, form, "nouns.generic")
    hashtags = _hashtags(reader)
    return Shared(
        pieces=MappingProxyType(pieces),
        crafts=MappingProxyType(_noun_table(reader, nouns, "crafts", vocab)),
        techniques=MappingProxyType(_noun_table(reader, nouns, "techniques", vocab)),
        generic=Noun("generic", MappingProxyType(dict(generic))),
        hashtags=MappingProxyType(hashtags),
        vocab=MappingProxyType(vocab),
    )


def _piece_kind(reader: Reader, name: str, body: dict[str, Any]) -> PieceKind:
    """Read one piece kind of _pieces.toml: its limit, unit and layout."""
    where = f"pieces.{name}"
    unit = reader.text(body, "unit", where)
    layout = reader.text(body, "layout", where)
    if unit not in UNITS:
        raise reader.fail(f"{where}.unit", f"must be one of {list(UNITS)}")
    if layout not in LAYOUTS:
        raise reader.fail(f"{where}.layout", f"must be one of {list(LAYOUTS)}")
    limit = reader.positive(body, "limit", where)
    minimum = reader.positive(body, "minimum", where, default=None)
    if minimum is not None and minimum >= limit:
        raise reader.fail(f"{where}.minimum", "must be below the limit")
    return PieceKind(
        name=name, label=reader.bilingual(body, "label", where), limit=limit, unit=unit,
        layout=layout, minimum=minimum,
        max_hashtags=reader.positive(body, "max_hashtags", where, default=None),
        contacts=reader.get(body, "contacts", where, bool),
        source=reader.text(body, "source", where),
        person=person_of(reader, body, where))


def person_of(reader: Reader, body: dict[str, Any], where: str) -> str:
    """Who a piece speaks as: "first" (the brand, "kami") or "third" (a press bio)."""
    person = body.get("person", "first")
    if person not in ("first", "third"):
        raise reader.fail(f"{where}.person", 'must be "first" or "third"')
    return person


def _noun_table(reader: Reader, nouns: dict[str, Any], table: str,
                vocab: Mapping[str, Mapping[str, VocabEntry]]) -> dict[str, Noun]:
    """Read one nouns table, checking its ids against vocab.toml."""
    found = {}
    for noun_id, forms in reader.get(nouns, table, "nouns", dict).items():
        where = f"nouns.{table}.{noun_id}"
        if noun_id not in vocab.get(table, {}):
            raise reader.fail(where, f"{noun_id!r} is not in vocab.toml [[{table}]]")
        for form in ("id", "en"):
            reader.text(forms, form, where)
        found[noun_id] = Noun(noun_id, MappingProxyType(dict(forms)))
    return found


def _hashtags(reader: Reader) -> dict[str, tuple[str, ...]]:
    """Read the [hashtags] lists: tags without '#' or spaces."""
    hashtags = {}
    for key, tags in reader.get(reader.data, "hashtags", "", dict).items():
        if not isinstance(tags, list) or not all(isinstance(t, str) and t.isalnum()
                                                 for t in tags):
            raise reader.fail(f"hashtags.{key}", "must list tags without '#' or spaces")
        hashtags[key] = tuple(tags)
    return hashtags


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    """The shared first step, with its sentences and the default pieces."""

    step: Step
    sentences: Mapping[str, Sentence]
    pieces: Mapping[str, PieceSpec]


def _load_profile(directory: Path, shared: Shared) -> _Profile:
    """Read _profil.toml: the shared first step, sentences and default pieces."""
    reader = read_file(directory / PROFILE_FILE)
    reader.source_and_checked()
    steps = read_steps(reader, shared.vocab)
    if len(steps) != 1:
        raise reader.fail("steps", "the shared profile is exactly one step")
    return _Profile(steps[0], _sentences(reader, PROFILE_FILE),
                    _piece_specs(reader, PROFILE_FILE))


def _load_template(path: Path, profile: _Profile, shared: Shared) -> Template:
    """Read one template file and resolve it against the shared files."""
    reader = read_file(path)
    unknown = sorted(set(reader.data) - TEMPLATE_KEYS)
    if unknown:
        raise reader.fail(unknown[0], "unknown key (a typo?)")
    source, checked = reader.source_and_checked()
    template_id = reader.ident(reader.data, "id", "")
    if template_id != path.stem:
        raise reader.fail("id", f"{template_id!r} must match the file name {path.stem!r}")
    steps = read_steps(reader, shared.vocab)
    own = _sentences(reader, path.name)
    clash = sorted(set(own) & set(profile.sentences))
    if clash:
        raise reader.fail(f"sentences.{clash[0]}", f"already defined in {PROFILE_FILE}")
    pieces = {**profile.pieces, **_piece_specs(reader, path.name)}
    absolute = _absolute_claims(reader)
    template = Template(
        id=template_id,
        title=reader.bilingual(reader.data, "title", ""),
        description=reader.bilingual(reader.data, "description", ""),
        good_for=reader.bilingual(reader.data, "good_for", ""),
        source=source,
        checked=checked,
        profile=profile.step,
        own_steps=steps,
        sentences=MappingProxyType({**profile.sentences, **own}),
        pieces=MappingProxyType(pieces),
        shared=shared,
        absolute_claims=MappingProxyType(absolute),
        claims_need=reader.get(reader.data, "claims_need", "", str, default=None),
        order=reader.positive(reader.data, "order", "", default=100),
        path=path.name,
    )
    _check_template(reader, template)
    return template


def _absolute_claims(reader: Reader) -> dict[str, tuple[str, ...]]:
    """Read [absolute_claims]: per language, the phrases that need the evidence answer."""
    claims = reader.get(reader.data, "absolute_claims", "", dict, default={})
    absolute: dict[str, tuple[str, ...]] = {}
    for language, phrases in claims.items():
        if language not in LANGUAGES or not isinstance(phrases, list):
            raise reader.fail(f"absolute_claims.{language}", "lists phrases per language id/en")
        absolute[language] = tuple(p.casefold() for p in phrases)
    return absolute


# ---------------------------------------------------------------------------------------------
# Cross-checks: a template holds together
# ---------------------------------------------------------------------------------------------


def _check_template(reader: Reader, template: Template) -> None:
    """Cross-checks: ids unique, every placeholder known, every piece complete."""
    questions = _unique_questions(reader, template)
    for sentence in template.sentences.values():
        _check_sentence(sentence, questions)
    missing = [p for p in template.shared.pieces if p not in template.pieces]
    if missing:
        raise reader.fail("pieces", f"no definition for {missing} here or in {PROFILE_FILE}")
    for spec in template.pieces.values():
        _check_piece(template, spec)


def _unique_questions(reader: Reader, template: Template) -> dict[str, Question]:
    """Every question of the template by id; ids of questions and steps are unique."""
    questions: dict[str, Question] = {}
    for step in template.steps:
        for question in step.questions:
            if question.id in questions:
                raise reader.fail(f"steps({step.id}).{question.id}",
                                  "question id used twice (the profile step asks it already?)")
            questions[question.id] = question
    if len({s.id for s in template.steps}) != len(template.steps):
        raise reader.fail("steps", "two steps share an id")
    if template.claims_need and template.claims_need not in questions:
        raise reader.fail("claims_need", f"{template.claims_need!r} is not a question")
    return questions


def _check_sentence(sentence: Sentence, questions: Mapping[str, Question]) -> None:
    """Check that a sentence needs questions and fills placeholders the template has."""
    file, name = sentence.origin, sentence.name
    for need in sentence.needs:
        if need not in questions:
            raise _fail_in(file, f"sentences.{name}.needs", f"{need!r} is not a question")
    for language, by_tone in sentence.patterns.items():
        for tone, patterns in by_tone.items():
            where = f"sentences.{name}.{language}" + ("" if tone == "*" else f".{tone}")
            for index, pattern in enumerate(patterns):
                for slot in pattern.slots:
                    _check_slot(file, f"{where}[{index}]", slot, questions)


def _check_slot(file: str, where: str, slot: Slot, questions: Mapping[str, Question]) -> None:
    """Check that a placeholder names a question, an option attribute or a derived value."""
    if slot.name in DERIVED:
        if slot.attr:
            raise _fail_in(file, where, f"{{{slot.name}}} takes no attribute")
        if DERIVED[slot.name][0] not in questions:
            raise _fail_in(file, where, f"{{{slot.name}}} needs the question "
                                        f"{DERIVED[slot.name][0]!r}")
        return
    question = questions.get(slot.name)
    if question is None:
        raise _fail_in(file, where, f"{{{slot.name}}} is neither a question nor one of "
                                    f"{sorted(DERIVED)}")
    if slot.attr and question.kind not in CHOICE_KINDS:
        raise _fail_in(file, where, f"{{{slot.name}.{slot.attr}}}: only choices have attributes")
    if slot.attr and question.options and not all(slot.attr in o.attrs
                                                  for o in question.options):
        raise _fail_in(file, where, f"not every option of {slot.name!r} has {slot.attr}_id/_en")


def _check_piece(template: Template, spec: PieceSpec) -> None:
    """Check that a piece is one of _pieces.toml and names sentences the template has; a piece
    that may not show contacts shows none."""
    kind = template.shared.pieces.get(spec.name)
    if kind is None:
        raise _fail_in(spec.origin, f"pieces.{spec.name}", f"not a piece of {PIECES_FILE}")
    for part in spec.sentences:
        if part not in template.sentences:
            raise _fail_in(spec.origin, f"pieces.{spec.name}.parts",
                           f"{part!r} is not a sentence")
        if kind.contacts:
            continue
        for slot in _all_slots(template.sentences[part]):
            if slot.name in CONTACT_QUESTIONS:
                raise _fail_in(spec.origin, f"pieces.{spec.name}.parts",
                               f"{part!r} shows a contact ({slot.name}); "
                               "marketplaces remove listings with contacts")


def _all_slots(sentence: Sentence) -> tuple[Slot, ...]:
    """Every slot of every pattern of a sentence."""
    return tuple(slot for by_tone in sentence.patterns.values() for patterns in by_tone.values()
                 for pattern in patterns for slot in pattern.slots)


def _fail_in(file: str, where: str, reason: str) -> TemplateError:
    """Build an error for a field of a named file."""
    return TemplateError(f"{file}: {where}: {reason}")
