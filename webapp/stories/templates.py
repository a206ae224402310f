"""Load webapp/data/stories/*.toml once into frozen, validated dataclasses.

A story template is data: steps with questions, named sentences with patterns in Indonesian and
English (and per tone where the buyer is addressed), and output pieces that list the sentences
they are made of. Files whose name starts with "_" are shared, not templates: `_profil.toml`
holds the first step every template asks, with its sentences and default pieces;
`_pieces.toml` holds the piece limits and the nouns the writer names crafts with.

Pattern syntax: `{question_id}` inserts an answer, `{question_id.attr}` an attribute of the first
chosen option, and `[ ... ]` marks an optional group that is left out when one of its answers is
empty or when the piece must shrink. Everything else is literal text.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from webapp.datafiles import DATA_DIR, DataError, read_toml
from webapp.vocab import VOCAB_TABLES, vocabulary

STORIES_DIR = DATA_DIR / "stories"
PROFILE_FILE = "_profil.toml"
PIECES_FILE = "_pieces.toml"

LANGUAGES = ("id", "en")
TONES = ("anda", "kamu", "kak")
PARAGRAPH = "¶"
KINDS = ("text", "list", "choice", "multi", "number", "money", "year", "confirm")
CHOICE_KINDS = ("choice", "multi")
UNITS = ("chars", "words")
LAYOUTS = ("prose", "lines")

# Values the writer computes from several answers; each maps to the questions it is made from,
# first the one that must exist for the placeholder to make sense.
DERIVED: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "town": ("city",),
    "place": ("city", "province"),
    "craft_noun": ("craft", "techniques"),
    "maker_word": ("craft", "techniques"),
    "team": ("team_size", "craft", "techniques"),
    "founder": ("brand", "owner"),
    "product": ("product_type", "product_technique"),
    "hashtags": ("craft", "techniques", "city"),
})

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SLOT = re.compile(r"\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TemplateError(DataError):
    """A story template file is malformed; the message names the file and the field."""


class UnknownTemplate(KeyError):
    """No story template has the requested id."""

    def __str__(self) -> str:
        """The message, without KeyError's quotes."""
        return f"unknown story template {self.args[0]!r}"


@dataclass(frozen=True)
class Bilingual:
    """The same text in Indonesian and English."""

    id: str
    en: str

    def get(self, language: str) -> str:
        """Return the text for language ("id" or "en")."""
        return self.en if language == "en" else self.id


@dataclass(frozen=True)
class Option:
    """One entry of an inline choice list: a label for the form, phrases for the writer."""

    id: str
    label: Bilingual
    attrs: Mapping[str, Bilingual]

    def phrase(self, language: str, attr: str = "phrase") -> str:
        """Return the option's phrase (or another attribute) in language."""
        value = self.attrs.get(attr)
        return value.get(language) if value else ""


@dataclass(frozen=True)
class Question:
    """One question of a step."""

    id: str
    kind: str
    required: bool
    max_length: int
    label: Bilingual
    hint: Bilingual
    example: Bilingual
    max_items: int = 1
    choices: str | None = None
    options: tuple[Option, ...] = ()
    other: bool = False
    keep_case: bool = False

    @property
    def is_multiple(self) -> bool:
        """True when the answer is a list."""
        return self.kind in ("list", "multi")

    def option(self, option_id: str) -> Option | None:
        """Return the inline option with option_id, if any."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Step:
    """One wizard page: a title and its questions."""

    id: str
    title: Bilingual
    intro: Bilingual
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Text:
    """Literal text of a pattern."""

    text: str


@dataclass(frozen=True)
class Slot:
    """A placeholder of a pattern: an answer, a derived value or an option attribute."""

    name: str
    attr: str | None = None


@dataclass(frozen=True)
class Group:
    """An optional part of a pattern, left out when one of its slots is empty."""

    tokens: tuple[Text | Slot, ...]


@dataclass(frozen=True)
class Pattern:
    """One way to write a sentence, parsed."""

    source: str
    tokens: tuple[Text | Slot | Group, ...]

    @property
    def required_slots(self) -> tuple[Slot, ...]:
        """Slots outside optional groups: all must be filled for the pattern to be used."""
        return tuple(t for t in self.tokens if isinstance(t, Slot))

    @property
    def slots(self) -> tuple[Slot, ...]:
        """Every slot, inside groups or not."""
        found: list[Slot] = []
        for token in self.tokens:
            if isinstance(token, Slot):
                found.append(token)
            elif isinstance(token, Group):
                found.extend(t for t in token.tokens if isinstance(t, Slot))
        return tuple(found)


@dataclass(frozen=True)
class Sentence:
    """A named sentence: its patterns per language, and per tone where a buyer is addressed."""

    name: str
    patterns: Mapping[str, Mapping[str, tuple[Pattern, ...]]]
    needs: tuple[str, ...] = ()
    origin: str = ""

    def patterns_for(self, language: str, tone: str) -> tuple[Pattern, ...]:
        """Return the patterns for language and tone."""
        by_tone = self.patterns[language]
        return by_tone.get(tone) or by_tone.get("*", ())

    @property
    def has_tones(self) -> bool:
        """True when some language has patterns per tone."""
        return any("*" not in by_tone for by_tone in self.patterns.values())


@dataclass(frozen=True)
class PieceKind:
    """An output piece every template yields: its limit and how its parts are laid out."""

    name: str
    label: Bilingual
    limit: int
    unit: str
    layout: str
    minimum: int | None
    max_hashtags: int | None
    contacts: bool
    source: str


@dataclass(frozen=True)
class PieceSpec:
    """How one template builds one piece: sentences in order, which are essential, drop order."""

    name: str
    parts: tuple[str, ...]
    essential: frozenset[str]
    drop: tuple[str, ...]
    origin: str = ""

    @property
    def sentences(self) -> tuple[str, ...]:
        """The sentence names, without paragraph breaks."""
        return tuple(p for p in self.parts if p != PARAGRAPH)


@dataclass(frozen=True)
class Noun:
    """How the writer names a craft or technique, and what the name claims."""

    id: str
    forms: Mapping[str, Any]

    def get(self, key: str, default: str = "") -> str:
        """Return one text form (id, en, maker_id, tag, is, imitates, ...)."""
        value = self.forms.get(key, default)
        return value if isinstance(value, str) else default

    def flag(self, key: str) -> bool:
        """Return a true/false property (protected, textile)."""
        return self.forms.get(key) is True


@dataclass(frozen=True)
class VocabEntry:
    """One entry of a vocab.toml table, with the fields the writer reads."""

    id: str
    label: Bilingual
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Shared:
    """What every template shares: piece kinds, nouns, hashtags, the vocabulary."""

    pieces: Mapping[str, PieceKind]
    crafts: Mapping[str, Noun]
    techniques: Mapping[str, Noun]
    generic: Noun
    hashtags: Mapping[str, tuple[str, ...]]
    vocab: Mapping[str, Mapping[str, VocabEntry]]


@dataclass(frozen=True)
class Template:
    """A story template with the shared profile step, its sentences and pieces resolved."""

    id: str
    title: Bilingual
    description: Bilingual
    good_for: Bilingual
    source: str
    checked: str
    profile: Step
    own_steps: tuple[Step, ...]
    sentences: Mapping[str, Sentence]
    pieces: Mapping[str, PieceSpec]
    shared: Shared = field(repr=False, compare=False)
    absolute_claims: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    claims_need: str | None = None
    order: int = 100
    path: str = ""

    def __repr__(self) -> str:
        """A short repr: the full template is too long to read in test output."""
        return f"Template(id={self.id!r})"

    @property
    def steps(self) -> tuple[Step, ...]:
        """The wizard steps: the shared profile first, then the template's own."""
        return (self.profile, *self.own_steps)

    @cached_property
    def questions(self) -> Mapping[str, Question]:
        """Every question the wizard asks for this template, by id."""
        return {q.id: q for step in self.steps for q in step.questions}

    def summary(self) -> dict[str, Any]:
        """Return a JSON-friendly outline: ids, titles, steps and question ids."""
        return {
            "id": self.id,
            "title": {"id": self.title.id, "en": self.title.en},
            "description": {"id": self.description.id, "en": self.description.en},
            "good_for": {"id": self.good_for.id, "en": self.good_for.en},
            "source": self.source,
            "checked": self.checked,
            "steps": [
                {
                    "id": step.id,
                    "title": {"id": step.title.id, "en": step.title.en},
                    "questions": [q.id for q in step.questions],
                    "required": [q.id for q in step.questions if q.required],
                }
                for step in self.steps
            ],
            "pieces": list(self.shared.pieces),
        }


# ---------------------------------------------------------------------------------------------
# Reading helpers: each names the file and the dotted field on a bad value.
# ---------------------------------------------------------------------------------------------


class _Reader:
    """Typed access to one parsed TOML file, raising TemplateError with file and field."""

    def __init__(self, path: Path, data: dict[str, Any]):
        """Keep the file path (for messages) and its parsed data."""
        self.path = path
        self.data = data

    def fail(self, where: str, reason: str) -> TemplateError:
        """Build the error for a bad field."""
        return TemplateError(f"{self.path.name}: {where}: {reason}")

    def get(self, table: dict[str, Any], key: str, where: str, kind: type | tuple, *,
            default: Any = ..., ) -> Any:
        """Return table[key] checked against kind; missing and no default is an error."""
        if key not in table:
            if default is ...:
                raise self.fail(_join(where, key), "missing")
            return default
        value = table[key]
        if isinstance(value, bool) and kind is int:
            raise self.fail(_join(where, key), "must be a whole number")
        if not isinstance(value, kind):
            raise self.fail(_join(where, key), f"must be {_kind_name(kind)}")
        return value

    def text(self, table: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str:
        """Return a non-empty string."""
        value = self.get(table, key, where, str, default="" if optional else ...)
        if not optional and not value.strip():
            raise self.fail(_join(where, key), "must not be empty")
        return value

    def bilingual(self, table: dict[str, Any], key: str, where: str, *,
                  optional: bool = False) -> Bilingual:
        """Return key_id and key_en as one Bilingual value."""
        return Bilingual(self.text(table, f"{key}_id", where, optional=optional),
                         self.text(table, f"{key}_en", where, optional=optional))

    def positive(self, table: dict[str, Any], key: str, where: str, *,
                 default: Any = ...) -> int:
        """Return a positive whole number."""
        value = self.get(table, key, where, int, default=default)
        if value is not None and value <= 0:
            raise self.fail(_join(where, key), "must be positive")
        return value

    def ident(self, table: dict[str, Any], key: str, where: str) -> str:
        """Return an identifier: lowercase letters, digits and underscores."""
        value = self.text(table, key, where)
        if not _ID.match(value):
            raise self.fail(_join(where, key), f"{value!r} is not a lowercase identifier")
        return value

    def source_and_checked(self) -> tuple[str, str]:
        """Every data file says where it comes from and when it was checked."""
        source = self.text(self.data, "source", "")
        checked = self.text(self.data, "checked", "")
        if not _DATE.match(checked):
            raise self.fail("checked", "must be a date written YYYY-MM-DD")
        return source, checked


def _join(where: str, key: str) -> str:
    """Dotted path of a field inside a table."""
    return f"{where}.{key}" if where else key


def _kind_name(kind: type | tuple) -> str:
    """Plain words for a TOML type, for error messages."""
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list",
             dict: "a table"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _read_toml(path: Path) -> _Reader:
    """Parse one TOML file, turning syntax and read errors into TemplateError."""
    try:
        return _Reader(path, read_toml(path))
    except DataError as error:
        raise TemplateError(str(error)) from None


# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------


def parse_pattern(source: str, fail: Callable[[str], TemplateError]) -> Pattern:
    """Parse a sentence pattern into text, slots and optional groups."""
    tokens: list[Text | Slot | Group] = []
    group: list[Text | Slot] | None = None
    position = 0
    literal = ""

    def flush() -> None:
        """Move collected literal text into the current token list."""
        nonlocal literal
        if literal:
            (group if group is not None else tokens).append(Text(literal))
            literal = ""

    while position < len(source):
        char = source[position]
        if char == "{":
            match = _SLOT.match(source, position)
            if not match:
                raise fail(f"bad placeholder at {source[position:position + 20]!r}; "
                           "write {question_id} in lowercase")
            flush()
            (group if group is not None else tokens).append(Slot(match.group(1), match.group(2)))
            position = match.end()
            continue
        if char == "}":
            raise fail("a '}' without its '{'")
        if char == "[":
            if group is not None:
                raise fail("optional groups [ ] cannot be nested")
            flush()
            group = []
        elif char == "]":
            if group is None:
                raise fail("a ']' without its '['")
            flush()
            if not any(isinstance(t, Slot) for t in group):
                raise fail("an optional group [ ] must contain a placeholder")
            tokens.append(Group(tuple(group)))
            group = None
        else:
            literal += char
        position += 1
    if group is not None:
        raise fail("a '[' without its ']'")
    flush()
    if not tokens:
        raise fail("empty pattern")
    return Pattern(source, tuple(tokens))


def _pattern_list(reader: _Reader, value: Any, where: str) -> tuple[Pattern, ...]:
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


def _sentences(reader: _Reader, origin: str) -> dict[str, Sentence]:
    """Read the [sentences.*] tables of one file."""
    table = reader.get(reader.data, "sentences", "", dict, default={})
    sentences = {}
    for name, body in table.items():
        where = f"sentences.{name}"
        if not _ID.match(name):
            raise reader.fail(where, "sentence names are lowercase identifiers")
        if not isinstance(body, dict):
            raise reader.fail(where, "must be a table with id and en patterns")
        unknown = set(body) - {"id", "en", "needs"}
        if unknown:
            raise reader.fail(where, f"unknown keys {sorted(unknown)}")
        patterns: dict[str, Mapping[str, tuple[Pattern, ...]]] = {}
        for language in LANGUAGES:
            value = body.get(language)
            lang_where = f"{where}.{language}"
            if value is None:
                raise reader.fail(lang_where, "missing: every sentence needs both languages")
            if isinstance(value, dict):
                if set(value) != set(TONES):
                    raise reader.fail(lang_where, f"patterns per tone need exactly {list(TONES)}")
                patterns[language] = MappingProxyType({
                    tone: _pattern_list(reader, value[tone], f"{lang_where}.{tone}")
                    for tone in TONES})
            else:
                patterns[language] = MappingProxyType(
                    {"*": _pattern_list(reader, value, lang_where)})
        needs = reader.get(body, "needs", where, list, default=[])
        if not all(isinstance(n, str) and _ID.match(n) for n in needs):
            raise reader.fail(f"{where}.needs", "must list question ids")
        sentences[name] = Sentence(name, MappingProxyType(patterns), tuple(needs), origin)
    return sentences


def _piece_specs(reader: _Reader, origin: str) -> dict[str, PieceSpec]:
    """Read the [pieces.*] tables of one file."""
    table = reader.get(reader.data, "pieces", "", dict, default={})
    specs = {}
    for name, body in table.items():
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
            raise reader.fail(f"{where}.drop",
                              f"{sorted(both)} are essential and cannot be dropped")
        rest = [n for n in reversed(names) if n not in essential and n not in drop]
        specs[name] = PieceSpec(name, tuple(parts), frozenset(essential),
                                (*drop, *rest), origin)
    return specs


# ---------------------------------------------------------------------------------------------
# Questions and steps
# ---------------------------------------------------------------------------------------------


def _question(reader: _Reader, body: dict[str, Any], where: str,
              vocab: Mapping[str, Mapping[str, VocabEntry]]) -> Question:
    """Read and check one question of a step."""
    known = {"id", "kind", "required", "max_length", "max_items", "choices", "options", "other",
             "keep_case", "label_id", "label_en", "hint_id", "hint_en", "example_id",
             "example_en"}
    unknown = set(body) - known
    if unknown:
        raise reader.fail(where, f"unknown keys {sorted(unknown)}")
    question_id = reader.ident(body, "id", where)
    where = f"{where}({question_id})"
    kind = reader.text(body, "kind", where)
    if kind not in KINDS:
        raise reader.fail(f"{where}.kind", f"{kind!r} is not one of {list(KINDS)}")
    required = reader.get(body, "required", where, bool)
    max_length = reader.positive(body, "max_length", where)
    max_items = reader.positive(body, "max_items", where, default=None)
    if kind in ("list", "multi") and max_items is None:
        raise reader.fail(f"{where}.max_items", "missing: lists need a maximum number of items")
    if kind not in ("list", "multi") and max_items is not None:
        raise reader.fail(f"{where}.max_items", "only lists take max_items")
    choices = body.get("choices")
    options: tuple[Option, ...] = ()
    if kind in CHOICE_KINDS:
        if isinstance(choices, str):
            if choices not in vocab:
                raise reader.fail(f"{where}.choices",
                                  f"{choices!r} is not a table of vocab.toml "
                                  f"(tables: {', '.join(sorted(vocab))})")
        elif choices is None:
            raw = reader.get(body, "options", where, list)
            options = tuple(_option(reader, item, f"{where}.options[{i}]")
                            for i, item in enumerate(raw))
            if not options:
                raise reader.fail(f"{where}.options", "must not be empty")
            if len({o.id for o in options}) != len(options):
                raise reader.fail(f"{where}.options", "repeats an option id")
        else:
            raise reader.fail(f"{where}.choices", "must name a vocab.toml table")
    elif choices is not None or "options" in body:
        raise reader.fail(f"{where}.choices", f"a {kind!r} question takes no choices")
    example_id = body.get("example_id")
    example_en = body.get("example_en")
    for key, value in (("example_id", example_id), ("example_en", example_en)):
        if isinstance(value, list):
            if kind not in ("list", "multi") or not all(isinstance(v, str) for v in value):
                raise reader.fail(f"{where}.{key}", "a list example needs a list question")
        elif not isinstance(value, str) or not value.strip():
            raise reader.fail(f"{where}.{key}", "missing or empty: every question has an example")
    return Question(
        id=question_id,
        kind=kind,
        required=required,
        max_length=max_length,
        label=reader.bilingual(body, "label", where),
        hint=reader.bilingual(body, "hint", where),
        example=Bilingual(_example_text(example_id), _example_text(example_en)),
        max_items=max_items or 1,
        choices=choices if isinstance(choices, str) else None,
        options=options,
        other=reader.get(body, "other", where, bool, default=False),
        keep_case=reader.get(body, "keep_case", where, bool, default=False),
    )


def _example_text(value: str | list[str]) -> str:
    """An example as one text; list examples one item per line."""
    return "\n".join(value) if isinstance(value, list) else value


def _option(reader: _Reader, body: Any, where: str) -> Option:
    """Read one inline choice option with its phrases."""
    if not isinstance(body, dict):
        raise reader.fail(where, "must be a table")
    option_id = reader.ident(body, "id", where)
    attrs: dict[str, Bilingual] = {}
    for key in body:
        if key in ("id", "label_id", "label_en"):
            continue
        base, _, language = key.rpartition("_")
        if language not in LANGUAGES or not _ID.match(base):
            raise reader.fail(f"{where}.{key}", "option attributes are written name_id / name_en")
        attrs[base] = reader.bilingual(body, base, where)
    if "phrase" not in attrs:
        raise reader.fail(where, "missing phrase_id / phrase_en: the words the writer uses")
    return Option(option_id, reader.bilingual(body, "label", where), MappingProxyType(attrs))


def _steps(reader: _Reader, vocab: Mapping[str, Mapping[str, VocabEntry]]) -> tuple[Step, ...]:
    """Read the [[steps]] of one file."""
    raw_steps = reader.get(reader.data, "steps", "", list)
    if not raw_steps:
        raise reader.fail("steps", "must list at least one step")
    steps = []
    for index, body in enumerate(raw_steps):
        where = f"steps[{index}]"
        if not isinstance(body, dict):
            raise reader.fail(where, "must be a table")
        step_id = reader.ident(body, "id", where)
        where = f"steps[{index}]({step_id})"
        raw_questions = reader.get(body, "questions", where, list)
        if not raw_questions:
            raise reader.fail(f"{where}.questions", "a step needs at least one question")
        questions = tuple(_question(reader, q, f"{where}.questions[{i}]", vocab)
                          for i, q in enumerate(raw_questions))
        steps.append(Step(step_id, reader.bilingual(body, "title", where),
                          reader.bilingual(body, "intro", where, optional=True), questions))
    return tuple(steps)


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
    reader = _read_toml(directory / PIECES_FILE)
    reader.source_and_checked()
    pieces = {}
    for name, body in reader.get(reader.data, "pieces", "", dict).items():
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
        pieces[name] = PieceKind(
            name=name, label=reader.bilingual(body, "label", where), limit=limit, unit=unit,
            layout=layout, minimum=minimum,
            max_hashtags=reader.positive(body, "max_hashtags", where, default=None),
            contacts=reader.get(body, "contacts", where, bool),
            source=reader.text(body, "source", where))
    nouns = reader.get(reader.data, "nouns", "", dict)

    def noun_table(key: str, table: str) -> dict[str, Noun]:
        """Read one nouns table, checking its ids against vocab.toml."""
        found = {}
        for noun_id, forms in reader.get(nouns, key, "nouns", dict).items():
            where = f"nouns.{key}.{noun_id}"
            if noun_id not in vocab.get(table, {}):
                raise reader.fail(where, f"{noun_id!r} is not in vocab.toml [[{table}]]")
            for form in ("id", "en"):
                reader.text(forms, form, where)
            found[noun_id] = Noun(noun_id, MappingProxyType(dict(forms)))
        return found

    generic = reader.get(nouns, "generic", "nouns", dict)
    for form in ("maker_id", "maker_en", "makers_en"):
        reader.text(generic, form, "nouns.generic")
    raw_tags = reader.get(reader.data, "hashtags", "", dict)
    hashtags = {}
    for key, tags in raw_tags.items():
        if not isinstance(tags, list) or not all(isinstance(t, str) and t.isalnum()
                                                 for t in tags):
            raise reader.fail(f"hashtags.{key}", "must list tags without '#' or spaces")
        hashtags[key] = tuple(tags)
    return Shared(
        pieces=MappingProxyType(pieces),
        crafts=MappingProxyType(noun_table("crafts", "crafts")),
        techniques=MappingProxyType(noun_table("techniques", "techniques")),
        generic=Noun("generic", MappingProxyType(dict(generic))),
        hashtags=MappingProxyType(hashtags),
        vocab=MappingProxyType(vocab),
    )


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    step: Step
    sentences: Mapping[str, Sentence]
    pieces: Mapping[str, PieceSpec]


def _load_profile(directory: Path, shared: Shared) -> _Profile:
    """Read _profil.toml: the shared first step, sentences and default pieces."""
    reader = _read_toml(directory / PROFILE_FILE)
    reader.source_and_checked()
    steps = _steps(reader, shared.vocab)
    if len(steps) != 1:
        raise reader.fail("steps", "the shared profile is exactly one step")
    return _Profile(steps[0], _sentences(reader, PROFILE_FILE),
                    _piece_specs(reader, PROFILE_FILE))


TEMPLATE_KEYS = frozenset({
    "id", "schema", "order", "title_id", "title_en", "description_id", "description_en",
    "good_for_id", "good_for_en", "source", "checked", "claims_need", "absolute_claims",
    "steps", "sentences", "pieces",
})


def _load_template(path: Path, profile: _Profile, shared: Shared) -> Template:
    """Read one template file and resolve it against the shared files."""
    reader = _read_toml(path)
    unknown = sorted(set(reader.data) - TEMPLATE_KEYS)
    if unknown:
        raise reader.fail(unknown[0], "unknown key (a typo?)")
    source, checked = reader.source_and_checked()
    template_id = reader.ident(reader.data, "id", "")
    if template_id != path.stem:
        raise reader.fail("id", f"{template_id!r} must match the file name {path.stem!r}")
    steps = _steps(reader, shared.vocab)
    own = _sentences(reader, path.name)
    clash = sorted(set(own) & set(profile.sentences))
    if clash:
        raise reader.fail(f"sentences.{clash[0]}", f"already defined in {PROFILE_FILE}")
    sentences = {**profile.sentences, **own}
    pieces = {**profile.pieces, **_piece_specs(reader, path.name)}
    claims = reader.get(reader.data, "absolute_claims", "", dict, default={})
    absolute: dict[str, tuple[str, ...]] = {}
    for language in claims:
        phrases = claims[language]
        if language not in LANGUAGES or not isinstance(phrases, list):
            raise reader.fail(f"absolute_claims.{language}", "lists phrases per language id/en")
        absolute[language] = tuple(p.casefold() for p in phrases)
    template = Template(
        id=template_id,
        title=reader.bilingual(reader.data, "title", ""),
        description=reader.bilingual(reader.data, "description", ""),
        good_for=reader.bilingual(reader.data, "good_for", ""),
        source=source,
        checked=checked,
        profile=profile.step,
        own_steps=steps,
        sentences=MappingProxyType(sentences),
        pieces=MappingProxyType(pieces),
        shared=shared,
        absolute_claims=MappingProxyType(absolute),
        claims_need=reader.get(reader.data, "claims_need", "", str, default=None),
        order=reader.positive(reader.data, "order", "", default=100),
        path=path.name,
    )
    _check_template(reader, template)
    return template


def _check_template(reader: _Reader, template: Template) -> None:
    """Cross-checks: ids unique, every placeholder known, every piece complete."""
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
    for name, sentence in template.sentences.items():
        file = sentence.origin
        for need in sentence.needs:
            if need not in questions:
                raise _fail_in(file, f"sentences.{name}.needs", f"{need!r} is not a question")
        for language, by_tone in sentence.patterns.items():
            for tone, patterns in by_tone.items():
                for index, pattern in enumerate(patterns):
                    where = f"sentences.{name}.{language}" + ("" if tone == "*" else f".{tone}")
                    for slot in pattern.slots:
                        _check_slot(file, f"{where}[{index}]", slot, questions)
    missing = [p for p in template.shared.pieces if p not in template.pieces]
    if missing:
        raise reader.fail("pieces", f"no definition for {missing} here or in {PROFILE_FILE}")
    for name, spec in template.pieces.items():
        kind = template.shared.pieces.get(name)
        if kind is None:
            raise _fail_in(spec.origin, f"pieces.{name}", f"not a piece of {PIECES_FILE}")
        for part in spec.sentences:
            if part not in template.sentences:
                raise _fail_in(spec.origin, f"pieces.{name}.parts",
                               f"{part!r} is not a sentence")
            sentence = template.sentences[part]
            if not kind.contacts:
                for slot in _all_slots(sentence):
                    if slot.name in CONTACT_QUESTIONS:
                        raise _fail_in(spec.origin, f"pieces.{name}.parts",
                                       f"{part!r} shows a contact ({slot.name}); "
                                       "marketplaces remove listings with contacts")


CONTACT_QUESTIONS = frozenset({"whatsapp", "instagram"})


def _all_slots(sentence: Sentence) -> tuple[Slot, ...]:
    """Every slot of every pattern of a sentence."""
    return tuple(slot for by_tone in sentence.patterns.values() for patterns in by_tone.values()
                 for pattern in patterns for slot in pattern.slots)


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


def _fail_in(file: str, where: str, reason: str) -> TemplateError:
    """Build an error for a field of a named file."""
    return TemplateError(f"{file}: {where}: {reason}")


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
