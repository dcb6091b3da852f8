"""Actor mentions in a sentence, normalised to ACLED-style names with ISO3 countries.

A mention is found from the words and the dependency parse, never from NER labels (the small
English model calls "Azerbaijani" a PERSON and "Azerbaijan" an ORG):

1. named groups and organisations from the dictionary in `ontology/actors.yaml` ("JNIM",
   "al-Shabaab", "the OSCE Minsk Group"), grown to a force noun they modify ("Taliban fighters");
2. officials: a title followed by a name ("Defence Minister Zakir Hasanov") gives the state
   ("Government of X") and the person;
3. force nouns ("forces", "police", "gunmen", "civilians", "protesters"...) with their
   modifiers ("Armenian armed forces", "riot police", "Azerbaijan's positions") and an
   "of"/"from" complement ("the group of the Armenian armed forces", "troops from Chad");
4. a country name or demonym left over, used as a party ("Azerbaijan thwarted ...",
   "the Armenian attack") -> kind "country"; the event assembler decides whether it stands for
   the military. A country in a locative phrase ("in Tovuz, Azerbaijan", "Goranboy region of
   Azerbaijan") is a place, not an actor; it still serves as a country cue.

The country of a mention without its own country word comes, in order, from the actor it hangs
off ("12 Azerbaijani servicemen, including an army general"), from a country named as a place in
the sentence (forces in Mali are Mali's unless the report says otherwise), and - for non-state
groups only - from any country word in the sentence (civilians near "Kenyan police" are Kenyan).
State actors do not take a country from another party's mention: "President Ilham Aliyev said
... Armenia's provocations" must not make Aliyev Armenian; the caller passes the document's
country (`default_iso3`, e.g. the top of `country_cues`) or leaves it unknown.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..docarrays import TokenArrays, token_arrays
from ..model import Actor, Span
from ..resources import read_yaml
from . import countries

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
STATE_KINDS = frozenset({"military", "police", "government", "person"})
OVERRIDABLE = frozenset({"military", "police", "armed_group", "rebel", "part", "shipping"})
LEFT_DEPS = frozenset({"det", "predet", "amod", "compound", "poss", "nummod", "quantmod", "nmod",
                       "npadvmod", "nn"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
FOREIGN_KINDS = frozenset({"external force", "org"})


@dataclass(frozen=True)
class Group:
    """A named armed group, party or organisation of the dictionary."""

    name: str  # ACLED's name; "{country}" is filled from the sentence
    iso3: str | None
    kind: str


@dataclass(frozen=True)
class LocalName:
    """ACLED's name for a generic word in one country ("separatists" in Cameroon)."""

    iso3: str
    nouns: frozenset[str]
    modifiers: frozenset[str]  # one must modify the head; empty: none needed
    name: str
    kind: str


@dataclass(frozen=True)
class Lexicon:
    templates: dict[str, tuple[str, str]]  # kind -> (name with {country}, name without)
    noun_kinds: dict[str, str]
    needs_cue: frozenset[str]
    modifier_kinds: dict[str, str]
    phrases: dict[tuple[str, str], str]
    protest_verbs: frozenset[str]
    locative_preps: frozenset[str]
    place_nouns: frozenset[str]
    mass_nouns: frozenset[str]  # nouns that stand without an article ("police fired")
    inherit_preps: frozenset[str]  # "fighters, including Chechens": a mention hangs off the one before
    not_in_office: frozenset[str]
    titles: dict[tuple[str, ...], str]  # lower-case title words -> office
    max_title: int
    aliases: dict[str, Group]  # alias as written (acronyms) or lower-cased (the rest) -> group
    capitalised: frozenset[str]  # lower-cased aliases that must be capitalised in the text
    exact: re.Pattern[str]
    folded: re.Pattern[str]
    counted_people: frozenset[str]
    count_nouns: frozenset[str]
    media_names: frozenset[str]
    speech_verbs: frozenset[str]
    cited_verbs: frozenset[str]
    claim_verbs: frozenset[str]
    blame_verbs: frozenset[str]
    victim_verbs: frozenset[str]
    reciprocal_words: frozenset[str]
    identity: dict[str, Group]  # group word as written ("Kuki") -> its militia
    identity_armed_kinds: frozenset[str]
    identity_acting_nouns: frozenset[str]
    local_names: tuple[LocalName, ...]
    no_army: dict[str, str]  # iso3 without an army -> iso3 of the forces that operate there
    communal_events: frozenset[str]  # trigger lemmas of violence between communities
    affiliation_words: frozenset[str]  # "linked", "tied", "affiliated": a follower, not the group
    property_preps: frozenset[str]  # "fired on houses": prepositions whose dwelling was struck
    leaving_verbs: frozenset[str]  # "fled their homes": verbs whose dwelling object was not struck
    unstruck_modifiers: frozenset[str]  # "the international community": no place that can be struck
    held_lemmas: frozenset[str]  # "government-held neighbourhoods": a force's ground, not its people


@dataclass
class _Mention:
    kind: str
    iso3: str | None
    tokens: tuple[int, int]  # doc token range [start, end)
    head: Token
    group: Group | None = None
    person: bool = False
    parent: int | None = None  # index of the mention it hangs off (conj, appos, "including")
    others: tuple[Group, ...] = ()  # further identity militias of one phrase ("Kuki and Meitei groups")


def find_actors(sent: SpacySpan, *, default_iso3: str | None = None) -> list[Actor]:
    """Actor mentions of one sentence, in text order, with ACLED-style names."""
    lex = lexicon()
    doc = sent.doc
    cms = _countries(sent, lex)
    country_at = {i: cm for cm in cms for i in range(cm.start, cm.end)}
    used: set[int] = set()
    mentions: list[_Mention] = []

    for start, end, group in find_groups(sent):
        follower = _follower(doc[start:end].root, lex)
        if follower is not None:  # "militants linked to al-Qaeda": not al-Qaeda itself
            if not any(m.head.i == follower.i for m in mentions):
                mentions.append(_Mention("armed_group", None, (_left_edge(follower), end), follower))
            continue
        mentions.append(_group_mention(doc, start, end, group, lex, country_at))
    for m in mentions:
        used.update(range(*m.tokens))
    for m in _titled_people(sent, lex, country_at, used):
        mentions.append(m)
        used.update(range(*m.tokens))
    arrays = token_arrays(doc)
    for i in range(sent.start, sent.end):
        if i in used or i in country_at or _noun_kind_at(arrays, i, lex) is None:
            continue  # (a token that is no force noun is no force mention: no Token made for it)
        tok = doc[i]
        found = _force_mention(tok, lex, country_at, used)
        if found is not None:
            mentions += _split_conjoined(found, doc, country_at)
            mentions += [replace(found, group=g, others=()) for g in found.others]
            used.update(range(*found.tokens))
    mentions += _country_mentions(doc, cms, lex, used)
    mentions.sort(key=lambda m: m.tokens)
    _link_parents(mentions)
    places = [cm for cm in cms if _is_place(doc[cm.end - 1], lex) and cm.start not in _owned(mentions)]
    # A local group's home country places the people it acts on ("The RSF shelled El Fasher,
    # killing 15 civilians"); a foreign force's or an organisation's does not.
    homes = [countries.CountryMention(*m.tokens, m.group.iso3, "name") for m in mentions
             if m.group is not None and m.group.iso3 and m.group.kind not in FOREIGN_KINDS]
    return [_to_actor(doc, m, mentions, places, cms or homes, default_iso3, lex) for m in mentions]


def country_cues(doc: Doc) -> Counter[str]:
    """ISO3 counts of every country name, demonym and people-plural in the document."""
    # Per sentence, so that find_actors' own per-sentence calls hit the per-doc memo.
    lex = lexicon()
    return Counter(cm.iso3 for sent in doc.sents for cm in _countries(sent, lex))


def _countries(sent: SpacySpan, lex: Lexicon) -> list[countries.CountryMention]:
    """The sentence's country words, less those inside the name of a news outlet."""
    return [cm for cm in countries.find_countries(sent) if not _in_media_name(sent.doc[cm.start:cm.end].root, lex)]


def _in_media_name(tok: Token, lex: Lexicon) -> bool:
    """'Agence France-Presse', 'The New Indian Express', 'the Times of India': a country word
    in a proper name headed by a media word names an outlet."""
    node = tok
    for _ in range(4):
        if node.dep_ in ("compound", "amod", "nmod") or (node.dep_ == "pobj" and node.head.lower_ == "of"):
            node = node.head.head if node.dep_ == "pobj" else node.head
        else:
            return False
        if node.text in lex.media_names:
            return True
        if node.pos_ != "PROPN":
            return False
    return False


def actor_of(kind: str, iso3: str | None, span: Span, head: int | None = None) -> Actor:
    """The ACLED name of an unnamed actor of a kind and a country, from actors.yaml's templates
    ("Military Forces of Mali", "Unidentified Armed Group (Niger)", "Civilians")."""
    known, unknown = lexicon().templates[kind]
    name = known.format(country=countries.country_name(iso3)) if iso3 else unknown
    return Actor(name, iso3, kind, span, head)


UNNAMED_KINDS = ("rebel", "armed_group")


def is_unidentified(actor: Actor | None) -> bool:
    """Whether the actor is ACLED's placeholder for armed men the text does not name
    ("gunmen" -> "Unidentified Armed Group (Nigeria)")."""
    if actor is None or actor.kind not in UNNAMED_KINDS:
        return False
    known, unknown = lexicon().templates[actor.kind]
    return actor.name == unknown or (actor.iso3 is not None
                                     and actor.name == known.format(country=countries.country_name(actor.iso3)))


def with_country(actor: Actor, iso3: str) -> Actor:
    """The actor given a country it lacked ("Military Forces" -> "Military Forces of Mali"); a
    force in a country without an army is the one that operates there."""
    if actor.iso3 is not None or actor.name == lexicon().templates["shipping"][0]:
        return actor
    if actor.kind == "military":
        iso3 = lexicon().no_army.get(iso3, iso3)
    template = lexicon().templates.get(actor.kind)
    name = template[0].format(country=countries.country_name(iso3)) if template else actor.name
    return replace(actor, name=name, iso3=iso3)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """ontology/actors.yaml, parsed once."""
    data = read_yaml("ontology/actors.yaml", ("force_nouns", "titles", "groups"))
    noun_kinds = {str(w): kind for kind, words in data["force_nouns"].items() for w in words}
    titles = {tuple(str(t).lower().split()): office for office, ts in data["titles"].items() for t in ts}
    aliases: dict[str, Group] = {}
    exact: list[str] = []
    folded: list[str] = []
    for g in data["groups"]:
        group = Group(str(g["name"]), g.get("iso3"), str(g["kind"]))
        for alias in map(str, g["aliases"]):
            if _acronym(alias):
                aliases[alias] = group
                exact.append(alias)
            else:
                aliases.setdefault(alias.lower(), group)
                folded.append(alias)
    return Lexicon(
        templates={k: (str(v["known"]), str(v["unknown"])) for k, v in data["templates"].items()},
        noun_kinds=noun_kinds,
        needs_cue=frozenset(map(str, data["needs_cue"])),
        modifier_kinds={str(k): str(v) for k, v in data["modifier_kinds"].items()},
        phrases={_pair(k): str(v) for k, v in data["phrases"].items()},
        protest_verbs=frozenset(map(str, data["protest_verbs"])),
        locative_preps=frozenset(map(str, data["locative_preps"])),
        place_nouns=frozenset(map(str, data["place_nouns"])),
        mass_nouns=frozenset(map(str, data["mass_nouns"])),
        inherit_preps=frozenset(map(str, data["inherit_preps"])),
        not_in_office=frozenset(map(str, data["not_in_office"])),
        titles=titles,
        max_title=max(len(t) for t in titles),
        aliases=aliases,
        capitalised=frozenset(a.lower() for a in folded if a[:1].isupper()),
        exact=_alternation(exact, 0),
        folded=_alternation(folded, re.IGNORECASE),
        counted_people=frozenset(map(str, data["counted_people"])),
        count_nouns=frozenset(map(str, data["count_nouns"])),
        media_names=frozenset(map(str, data["media_names"])),
        speech_verbs=_words(data["roles"]["speech_verbs"]),
        cited_verbs=_words(data["roles"]["cited_verbs"]),
        claim_verbs=_words(data["roles"]["claim_verbs"]),
        blame_verbs=_words(data["roles"]["blame_verbs"]),
        victim_verbs=_words(data["roles"]["victim_verbs"]),
        reciprocal_words=_words(data["roles"]["reciprocal_words"]),
        identity={str(w): Group(str(m["name"]), str(m["home"]), "identity militia")
                  for m in data["identity_militias"] for w in m["words"]},
        identity_armed_kinds=_words(data["identity_armed_kinds"]),
        identity_acting_nouns=_words(data["identity_acting_nouns"]),
        local_names=tuple(LocalName(str(n["iso3"]), _words(n["nouns"]), _words(n["modifiers"]), str(n["name"]),
                                    str(n["kind"])) for n in data["local_names"]),
        no_army={str(k): str(v) for k, v in data["no_army"].items()},
        communal_events=_words(data["communal_events"]),
        affiliation_words=_words(data["affiliation_words"]),
        property_preps=_words(data["property_preps"]),
        leaving_verbs=_words(data["leaving_verbs"]),
        unstruck_modifiers=_words(data["unstruck_modifiers"]),
        held_lemmas=_words(data["held_lemmas"]),
    )


def _words(items: Iterable[Any]) -> frozenset[str]:
    return frozenset(map(str, items))


def _pair(words: str) -> tuple[str, str]:
    first, second = words.split()
    return first, second


def _acronym(alias: str) -> bool:
    """'ISIS', 'M23', 'U.N.', 'ISIS-K': matched exactly, so "is" and "un-" are not groups."""
    return not any(ch.islower() for ch in alias)


def _alternation(aliases: list[str], flags: int) -> re.Pattern[str]:
    body = "|".join(re.escape(a) for a in sorted(set(aliases), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def find_groups(sent: SpacySpan) -> list[tuple[int, int, Group]]:
    """Named groups in a sentence: (start token, end token, group), longest match first.

    An alias written capitalised must be capitalised in the text ("Amnesty" the group, not "an
    amnesty"); one written in lower case ("al-Shabaab") matches in any case. Kept per document:
    the actor finder and the locality finder both ask for a sentence's groups.
    """
    memo = sent.doc.user_data.setdefault("frontwire.groups", {})
    key = (sent.start, sent.end)
    if key not in memo:
        memo[key] = _find_groups(sent)
    return list(memo[key])


def _find_groups(sent: SpacySpan) -> list[tuple[int, int, Group]]:
    lex = lexicon()
    found: list[tuple[int, int, Group]] = []
    sentence = token_arrays(sent.doc).text[sent.start_char:sent.end_char]  # sent.text, from the cached document text
    straight = sentence.translate(_APOSTROPHES)  # "People’s" as "People's": same offsets
    for pattern in (lex.exact, lex.folded):
        for match in pattern.finditer(straight):
            text = match.group()
            group = lex.aliases.get(text) if pattern is lex.exact else lex.aliases.get(text.lower())
            if group is None or (pattern is lex.folded and not text[:1].isupper()
                                 and text.lower() in lex.capitalised):
                continue
            span = sent.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                found.append((span.start, span.end, group))
    hits: list[tuple[int, int, Group]] = []
    for start, end, group in sorted(found, key=lambda h: h[0] - h[1]):  # longest first
        if not any(s < end and start < e for s, e, _ in hits):
            hits.append((start, end, group))
    return sorted(hits, key=lambda h: h[0])


# -- mentions -------------------------------------------------------------------------------

def _group_mention(doc: Doc, start: int, end: int, group: Group, lex: Lexicon,
                   country_at: dict[int, countries.CountryMention]) -> _Mention:
    """A named group, grown to the force noun it modifies ("Taliban fighters") or that owns it
    ("members of the Islamic State")."""
    root = doc[start:end].root
    head, lo, hi = root, start, end
    if root.dep_ in MODIFIER_DEPS | {"poss"} and _noun_kind(root.head, lex) is not None:
        head = root.head
    elif root.dep_ == "pobj" and root.head.lower_ in ("of", "from") and \
            _noun_kind(root.head.head, lex) in ("part", "armed_group", "rebel"):
        head = root.head.head
    owner = head.head.head if head.dep_ == "pobj" and head.head.lower_ in ("of", "from") else None
    if head is not root and owner is not None and _noun_kind(owner, lex) in ("part", "armed_group", "rebel"):
        head = owner  # "fighters of the KIA's 3rd Brigade": the brigade's fighters are the KIA
    if head is not root:
        lo, hi = min(lo, _left_edge(head)), max(hi, head.i + 1)
    iso3 = group.iso3
    if "{country}" in group.name:
        own = [country_at[i].iso3 for i in range(lo, hi) if i in country_at]
        iso3 = own[-1] if own else None
    return _Mention(group.kind, iso3, (lo, hi), head, group=group)


def _follower(root: Token, lex: Lexicon) -> Token | None:
    """'jihadists linked to al-Qaeda', 'groups affiliated with the Islamic State and al-Qaeda':
    the armed noun a named group is tied to by an affiliation participle. Such followers are
    unnamed groups of their own (ACLED: an unidentified armed group of the country), not the
    named organisation."""
    node = root
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ != "pobj" or node.head.lower_ not in ("to", "with"):
        return None
    verb = node.head.head
    if verb.lower_ not in lex.affiliation_words and verb.lemma_.lower() not in lex.affiliation_words:
        return None
    noun = verb.head if verb.dep_ in ("acl", "amod", "relcl") else next(
        (c for c in verb.children if c.dep_ == "nsubj"), None)  # a parse that made "linked" the verb
    if noun is None or _noun_kind(noun, lex) not in ("part", "armed_group", "rebel"):
        return None
    return noun


def _titled_people(sent: SpacySpan, lex: Lexicon, country_at: dict[int, countries.CountryMention],
                   used: set[int]) -> Iterable[_Mention]:
    """'Defence Minister Zakir Hasanov' -> the government (for a civil office) and the person."""
    doc = sent.doc
    arrays = token_arrays(doc)
    toks = [k for k in range(sent.start, sent.end) if k not in used]
    lowers = [arrays.lower[k] for k in toks]
    openers = _title_openers(lex)
    i = 0
    while i < len(toks):
        found = None
        if lowers[i] in openers:  # (a title's first word: else no title starts here)
            for n in range(min(lex.max_title, len(toks) - i), 0, -1):
                key = tuple(lowers[i:i + n])
                if key in lex.titles and toks[i + n - 1] == toks[i] + n - 1:
                    found = (n, lex.titles[key])
                    break
        if found is None:
            i += 1
            continue
        n, office = found
        first, last = doc[toks[i]], doc[toks[i + n - 1]]
        name = _name_after(last, lex, country_at)
        i += n
        if not name:
            continue
        lo = first.i
        iso3 = None
        prev = doc[lo - 1] if lo > 0 and doc[lo - 1].lower_ not in ("'s", "\u2019s") else \
            doc[lo - 2] if lo > 1 else None
        if prev is not None and prev.i in country_at:
            lo, iso3 = country_at[prev.i].start, country_at[prev.i].iso3
        name_head = doc[name[0]:name[1]].root
        before = doc[lo - 1] if lo > 0 else None
        if office == "government" and (before is None or before.lower_ not in lex.not_in_office):
            yield _Mention("government", iso3, (lo, last.i + 1), name_head)
        yield _Mention("person", iso3, name, name_head, person=True)


def _title_openers(lex: Lexicon) -> frozenset[str]:
    """The first words of the titles."""
    return _packaged_title_openers() if lex is lexicon() else frozenset(t[0] for t in lex.titles)


@functools.lru_cache(maxsize=1)
def _packaged_title_openers() -> frozenset[str]:
    return frozenset(t[0] for t in lexicon().titles)


def _name_after(title: Token, lex: Lexicon,
                country_at: dict[int, countries.CountryMention]) -> tuple[int, int] | None:
    """Token range of the capitalised name right after a title, or None."""
    doc = title.doc
    j = title.i + 1
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in country_at \
            and (doc[j].lower_,) not in lex.titles:
        j += 1
    return (title.i + 1, j) if j > title.i + 1 else None


def _force_mention(tok: Token, lex: Lexicon, country_at: dict[int, countries.CountryMention],
                   used: set[int]) -> _Mention | None:
    own = _noun_kind(tok, lex)
    if own is None or not tok.tag_.startswith("NN"):
        return None
    if own == "property" and not _hit(tok, lex):
        return None  # "fled their homes": a place people left, not what was struck
    if tok.dep_ in MODIFIER_DEPS and tok.head.i != tok.i:
        return None  # "police station", "army corps": a modifier, part of another phrase
    if tok.dep_ == "poss" and _noun_kind(tok.head, lex) is not None:
        return None  # "the Army's units": one mention, headed by "units"
    gov = tok.head.head if tok.dep_ == "pobj" else None
    if gov is not None and tok.head.lower_ in ("of", "from") and (
            _noun_kind(gov, lex) is not None or gov.pos_ == "PROPN"):
        return None  # "the group of the Armenian armed forces"; "Center of the Armed Forces"
    if tok.tag_ == "NN" and _lemma(tok) not in lexicon().mass_nouns and not any(
            c.dep_ in LEFT_DEPS for c in tok.lefts):
        return None  # a role, not a party: "from soldier to general"
    lo = _left_edge(tok)
    chain = _of_chain(tok, lex, country_at)
    hi = max([tok.i + 1] + [t.i + 1 for t in chain])
    for t in chain:
        for c in [t] + [c for c in t.children if c.dep_ == "conj"]:  # "from Chad and Niger"
            if c.i in country_at:
                hi = max(hi, country_at[c.i].end)
    if any(i in used for i in range(lo, hi)):
        lo = tok.i if all(i not in used for i in range(tok.i, hi)) else lo
        if any(i in used for i in range(lo, hi)):
            return None
    own_cues = [country_at[i].iso3 for i in range(lo, hi) if i in country_at]
    militias = _identity_militias(tok, own, lex)
    if militias:
        return _Mention(militias[0].kind, own_cues[-1] if own_cues else None, (lo, hi), tok, group=militias[0],
                        others=tuple(militias[1:]))
    kind, by_modifier = _kind(tok, own, chain, lex, country_at)
    if kind is None:
        return None
    if _lemma(tok) in lex.needs_cue and not own_cues and not by_modifier and not _counted(tok, lex):
        return None
    if kind == "government" and any(doc_tok.lower_ in lex.not_in_office for doc_tok in tok.lefts):
        return None  # "the former president"
    if kind == "civilians" and _protesting(tok, lex):
        kind = "protesters"
    return _Mention(kind, own_cues[-1] if own_cues else None, (lo, hi), tok)


def _hit(tok: Token, lex: Lexicon) -> bool:
    """'shelling damaged 23 houses', 'missiles struck homes', 'fired on a house': a dwelling
    that is the object or the passive subject of a verb, or the object of "on"/"at"/"against",
    is what was struck - and ACLED codes the people of struck homes as civilians. Homes people
    flee, leave or return to were not struck, nor is "the international community"; a place a
    force holds ("government-held neighbourhoods", "villages controlled by X") is its ground."""
    if any(c.lower_ in lex.unstruck_modifiers for c in tok.lefts):
        return False
    if any(c.lemma_.lower() in lex.held_lemmas for c in tok.children if c.dep_ in ("amod", "acl", "compound")):
        return False
    if tok.dep_ in ("dobj", "nsubjpass", "obj"):
        return tok.head.lemma_.lower() not in lex.leaving_verbs
    return tok.dep_ == "pobj" and tok.head.lower_ in lex.property_preps


def _identity_militias(tok: Token, own: str, lex: Lexicon) -> list[Group]:
    """'Kuki militants', 'armed Fulani herders attacked', 'armed groups from the Kuki and Meitei
    communities': ethnic or communal group words before an armed noun or in its "from"/"of"
    complement, or before a civilian noun that is the active subject of its clause."""
    if own not in lex.identity_armed_kinds and not (
            _lemma(tok) in lex.identity_acting_nouns and tok.dep_ == "nsubj"):
        return []
    words = [w for mod in tok.lefts if mod.dep_ in LEFT_DEPS for w in mod.subtree]
    words += [w for prep in tok.rights if prep.dep_ == "prep" and prep.lower_ in ("from", "of")
              for w in prep.subtree]
    groups = [lex.identity[w.text] for w in words if w.text in lex.identity]
    return list(dict.fromkeys(groups))


def _split_conjoined(m: _Mention, doc: Doc, country_at: dict[int, countries.CountryMention]) -> list[_Mention]:
    """'Armenian and Azerbaijani forces' -> one mention per country."""
    cues = [country_at[t.i] for t in doc[m.tokens[0]:m.tokens[1]] if t.i in country_at and t.dep_ == "conj"]
    if not cues:
        return [m]
    first = [country_at[c.head.i] for c in (doc[cue.start] for cue in cues) if c.head.i in country_at]
    isos = list(dict.fromkeys(cm.iso3 for cm in first + cues))
    return [replace(m, iso3=iso3) for iso3 in isos]


def _kind(tok: Token, own: str, chain: Sequence[Token], lex: Lexicon,
          country_at: dict[int, countries.CountryMention]) -> tuple[str | None, bool]:
    """The kind of a force mention and whether a modifier or complement decided it."""
    doc = tok.doc
    mods = [doc[k] for k in sorted((k for k in token_arrays(doc).subtree(tok.i) if k < tok.i and k not in country_at),
                                   reverse=True)]
    words = [_lemma(t) for t in list(reversed(mods)) + [tok]]
    for a, b in itertools.pairwise(words):
        if (a, b) in lex.phrases:
            return lex.phrases[(a, b)], True
    if own in OVERRIDABLE:
        for t in mods:
            lemma = _lemma(t)
            if lemma in lex.modifier_kinds:
                return lex.modifier_kinds[lemma], True
            noun = _noun_kind(t, lex)
            if noun is not None and noun not in ("part", "civilians", "government"):
                return noun, True
    if own != "part":
        return own, False
    for t in chain:
        noun = _noun_kind(t, lex)
        if noun is not None and noun != "part":
            inner, _ = _kind(t, noun, (), lex, country_at)
            return inner, True
    return None, False


def _of_chain(tok: Token, lex: Lexicon, country_at: dict[int, countries.CountryMention]) -> list[Token]:
    """Force nouns and country names after "of"/"from": "group of [the Armenian armed forces]"."""
    out: list[Token] = []
    cur = tok
    while len(out) < 4:
        nxt = None
        for prep in cur.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs and (objs[0].i in country_at or prep.lower_ == "of" and _noun_kind(objs[0], lex)):
                    nxt = objs[0]
        if nxt is None:
            return out
        out.append(nxt)
        cur = nxt
    return out


def _country_mentions(doc: Doc, cms: Sequence[countries.CountryMention], lex: Lexicon,
                      used: set[int]) -> list[_Mention]:
    """Country words left over that stand for a party: a name as subject or object, a
    demonym modifying an event ("the Armenian attack"), a people-plural ("20,000 Azerbaijanis")."""
    out: list[_Mention] = []
    for cm in cms:
        if any(i in used for i in range(cm.start, cm.end)):
            continue
        root = doc[cm.start:cm.end].root
        if _is_place(root, lex):
            continue
        if cm.kind == "people":
            out.append(_Mention("civilians", cm.iso3, (_left_edge(root), cm.end), root))
        elif _party_word(cm, root, cms, lex):
            out.append(_Mention("country", cm.iso3, (cm.start, cm.end), root))
    return out


def _party_word(cm: countries.CountryMention, root: Token, cms: Sequence[countries.CountryMention],
                lex: Lexicon) -> bool:
    """A country name not used as a modifier ("Azerbaijan thwarted"), a demonym modifying
    something other than a place or another country word ("the Armenian attack"), or one the
    parse made the agent of a passive ("hit by Azerbaijani shelling")."""
    starts = {c.start for c in cms}
    if root.dep_ == "conj" and root.head.i in starts:  # "U.S. and Russian negotiators"
        root = root.head
    if cm.kind == "name" and root.dep_ not in MODIFIER_DEPS:
        return True
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return True  # "hit by Azerbaijani shelling" parsed with the demonym as the agent
    return root.dep_ in MODIFIER_DEPS and _lemma(root.head) not in lex.place_nouns \
        and root.head.i not in starts


# -- countries of mentions -----------------------------------------------------------------

def _link_parents(mentions: list[_Mention]) -> None:
    """Point each mention at the mention it hangs off by conj, appos or "including"."""
    by_head = {m.head.i: k for k, m in enumerate(mentions)}
    for m in mentions:
        node = m.head
        for _ in range(3):
            if node.dep_ in ("conj", "appos"):
                node = node.head
            elif node.dep_ == "pobj" and node.head.lower_ in lexicon().inherit_preps:
                node = node.head.head
            else:
                break
            if node.i in by_head and mentions[by_head[node.i]] is not m:
                m.parent = by_head[node.i]
                break


def _to_actor(doc: Doc, m: _Mention, mentions: Sequence[_Mention],
              places: Sequence[countries.CountryMention], cms: Sequence[countries.CountryMention],
              default_iso3: str | None, lex: Lexicon) -> Actor:
    iso3 = m.iso3
    if iso3 is None and (m.group is None or "{country}" in m.group.name) and m.kind not in ("org",):
        iso3 = _inherited(m, mentions)
        if iso3 is None and places:
            iso3 = _nearest(m.head.i, places)
        # Civilians and unnamed armed men belong to where the event is (the caller's default),
        # not to the country of the force named beside them ("killed by Russian troops").
        if iso3 is None and m.kind not in STATE_KINDS and cms and default_iso3 is None:
            iso3 = _nearest(m.head.i, cms)
        if iso3 is None:
            iso3 = default_iso3
    start, end = m.tokens
    text = doc[start:end]
    span = Span(text.text, text.start_char, text.end_char)
    if m.group is not None:
        name = m.group.name
        if "{country}" in name:
            iso3 = iso3 or m.group.iso3  # an identity militia's home
            name = name.format(country=countries.country_name(iso3)) if iso3 else \
                name.replace(" ({country})", "")
        return Actor(name, iso3, m.group.kind, span, m.head.idx)
    if m.person:
        return Actor(text.text, iso3, "person", span, m.head.idx)
    if m.kind == "country":
        return Actor(countries.country_name(m.iso3 or ""), m.iso3, "country", span, m.head.idx)
    if m.kind == "property":  # struck homes: the civilians who live there
        name = lex.templates["civilians"][0].format(country=countries.country_name(iso3)) if iso3 \
            else lex.templates["civilians"][1]
        return Actor(name, iso3, "civilians", span, m.head.idx)
    if m.kind == "shipping":  # a merchant ship at sea: no country (ACLED)
        return Actor(lex.templates["shipping"][0], None, "civilians", span, m.head.idx)
    local = _local_name(m, iso3, text, lex)
    if local is not None:
        return Actor(local.name, local.iso3, local.kind, span, m.head.idx)
    kind = m.kind
    if kind == "military" and iso3 in lex.no_army:
        # ACLED has no army of a country without one: a force placed there is the one that
        # operates there; one the report calls the country's own is an armed group or its police.
        if m.iso3 is None:
            iso3 = lex.no_army[iso3]
        else:
            kind = "police" if any(_lemma(t) == "security" for t in text) else "armed_group"
    return actor_of(kind, iso3, span, m.head.idx)


def _local_name(m: _Mention, iso3: str | None, text: SpacySpan, lex: Lexicon) -> LocalName | None:
    """ACLED's name for an unnamed rebel or armed group in a country where one group is meant
    ("separatists" in Cameroon, "communist rebels" in the Philippines)."""
    if iso3 is None or m.kind not in ("rebel", "armed_group"):
        return None
    head = _lemma(m.head)
    mods = {_lemma(t) for t in text if t.i != m.head.i}
    for entry in lex.local_names:
        if entry.iso3 == iso3 and head in entry.nouns and (not entry.modifiers or mods & entry.modifiers):
            return entry
    return None


def _inherited(m: _Mention, mentions: Sequence[_Mention]) -> str | None:
    seen = 0
    while m.parent is not None and seen < 4:
        m = mentions[m.parent]
        if m.iso3 is not None:
            return m.iso3
        seen += 1
    return None


def _nearest(i: int, cms: Sequence[countries.CountryMention]) -> str:
    return min(cms, key=lambda cm: min(abs(cm.start - i), abs(cm.end - 1 - i))).iso3


def _owned(mentions: Sequence[_Mention]) -> set[int]:
    return {i for m in mentions for i in range(*m.tokens)}


# -- small parse helpers ---------------------------------------------------------------------

def _noun_kind_at(arrays: TokenArrays, i: int, lex: Lexicon) -> str | None:
    """`_noun_kind` of token i, from the per-document lists."""
    tag = arrays.tag[i]
    if not tag.startswith("NN"):
        return None
    lemma, lower = arrays.lemma[i], arrays.lower[i]
    if tag == "NNPS" and lemma == lower and lemma.endswith("s"):
        lemma = lemma[:-1]
    return lex.noun_kinds.get(lemma) or lex.noun_kinds.get(lower)


def _noun_kind(tok: Token, lex: Lexicon) -> str | None:
    if not tok.tag_.startswith("NN"):
        return None
    return lex.noun_kinds.get(_lemma(tok)) or lex.noun_kinds.get(tok.lower_)


def _lemma(tok: Token) -> str:
    """Lower-case lemma; the lemmatiser leaves capitalised plurals alone ("Armed Forces")."""
    lemma = tok.lemma_.lower()
    if tok.tag_ == "NNPS" and lemma == tok.lower_ and lemma.endswith("s"):
        return lemma[:-1]
    return lemma


def _left_edge(tok: Token) -> int:
    """First token of the noun phrase headed by `tok`, never across a line break or a
    punctuation mark (a headline run-on parse can hang "Home / Politics /" on a noun)."""
    lefts = [c.left_edge.i for c in tok.lefts if c.dep_ in LEFT_DEPS]
    lo = min(lefts + [tok.i])
    for t in tok.doc[lo:tok.i]:
        if (t.is_space and "\n" in t.text) or (t.is_punct and t.tag_ not in ("HYPH", "POS")):
            lo = t.i + 1
    while lo < tok.i and tok.doc[lo].is_space:
        lo += 1
    return lo


def _counted(tok: Token, lex: Lexicon) -> bool:
    """'12 people', 'nine men', 'dozens of people': counted people are civilians."""
    if _lemma(tok) not in lex.counted_people and tok.lower_ not in lex.counted_people:
        return False
    if any(c.dep_ == "nummod" for c in tok.children):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and _lemma(tok.head.head) in lex.count_nouns


def _protesting(tok: Token, lex: Lexicon) -> bool:
    """'students protesting', 'farmers who marched', 'protesting farmers', 'students protested',
    'hundreds of people protested'."""
    verbs = [c for c in tok.children if c.dep_ in ("acl", "relcl", "amod")]
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and _lemma(tok.head.head) in lex.count_nouns:
        tok = tok.head.head  # "hundreds of people protested"
    if tok.dep_ == "nsubj":
        verbs.append(tok.head)
    return any(v.lemma_.lower() in lex.protest_verbs for v in verbs)


def _is_place(tok: Token, lex: Lexicon) -> bool:
    """A country word in a locative phrase: "in Tovuz, Azerbaijan", "region of Azerbaijan",
    "Azerbaijan's Nagorno-Karabakh region"."""
    node = tok
    for _ in range(6):
        if node.dep_ == "poss":
            return node.head.lemma_.lower() in lex.place_nouns
        if node.dep_ == "pobj":
            prep = node.head
            if prep.lower_ in lex.locative_preps:
                return True
            return prep.lower_ == "of" and prep.head.lemma_.lower() in lex.place_nouns
        if node.dep_ in ("appos", "conj", "compound", "nmod") and node.head is not node:
            node = node.head
            continue
        return False
    return False
