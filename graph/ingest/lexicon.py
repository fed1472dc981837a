"""The name tables the extractor reads actors by: states, their demonyms and capitals, titles,
and the words that tell what kind of actor an unknown name is.

Every table is plain data so that a reviewer can read, and extend, what the extractor knows.
Names are compared case-folded.

Examples
--------
>>> DEMONYMS["iranian"], COUNTRIES["britain"], CAPITALS["ankara"]
('Iran', 'United Kingdom', 'Turkey')
>>> kind_by_words(["Free", "Syrian", "Army"]).value, kind_by_words(["Foreign", "Ministry"]).value
('ARMED_GROUP', 'STATE_BODY')
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.model.vocabulary import ActorKind

__all__ = [
    "CAPITALS",
    "COUNTRIES",
    "DEMONYMS",
    "HEAD_TITLES",
    "NOT_NAMES",
    "ORGANIZATIONS",
    "SPEAKER_NOUNS",
    "TITLES",
    "kind_by_words",
    "word_set",
]


def word_set(text: str) -> frozenset[str]:
    """The words of ``text``, split at white space: how the word lists here are written."""
    return frozenset(text.split())


_COUNTRY_TABLE = """
Afghanistan | Bahrain | China | Egypt | France | Germany | Iran | Iraq | Israel | Jordan
Kazakhstan | Kuwait | Lebanon | Libya | Oman | Pakistan | Qatar | Saudi Arabia | Syria
Ukraine | Yemen | Russia: Russian Federation | Turkey: Türkiye
United Arab Emirates: UAE, U.A.E. | United Kingdom: Britain, Great Britain, UK, U.K.
United States: U.S., US, USA, America, United States of America
"""


def _countries(table: str) -> dict[str, str]:
    out = {}
    for entry in table.replace("\n", " | ").split("|"):
        canonical, _, others = entry.strip().partition(":")
        for name in (canonical, *others.split(",")):
            if name.strip():
                out[name.strip().casefold()] = canonical.strip()
    return out


COUNTRIES: dict[str, str] = _countries(_COUNTRY_TABLE)
"""A state's name, or another name of it, to the name a new candidate is given."""

DEMONYMS: dict[str, str] = {
    "afghan": "Afghanistan",
    "american": "United States",
    "bahraini": "Bahrain",
    "british": "United Kingdom",
    "chinese": "China",
    "egyptian": "Egypt",
    "emirati": "United Arab Emirates",
    "french": "France",
    "german": "Germany",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "jordanian": "Jordan",
    "kazakh": "Kazakhstan",
    "kuwaiti": "Kuwait",
    "lebanese": "Lebanon",
    "libyan": "Libya",
    "omani": "Oman",
    "pakistani": "Pakistan",
    "qatari": "Qatar",
    "russian": "Russia",
    "saudi": "Saudi Arabia",
    "syrian": "Syria",
    "turkish": "Turkey",
    "ukrainian": "Ukraine",
    "yemeni": "Yemen",
}
"""The adjective of a state ("Iranian") to its name ("Iran"): "Iranian officials", "the Syrian
government" and "Russian jets" all name the state. A demonym inside a longer name the graph
holds ("Syrian government forces") is read as that name instead: the longest name wins."""

CAPITALS: dict[str, str] = {
    "abu dhabi": "United Arab Emirates",
    "amman": "Jordan",
    "ankara": "Turkey",
    "baghdad": "Iraq",
    "beijing": "China",
    "beirut": "Lebanon",
    "berlin": "Germany",
    "cairo": "Egypt",
    "damascus": "Syria",
    "doha": "Qatar",
    "kabul": "Afghanistan",
    "london": "United Kingdom",
    "moscow": "Russia",
    "paris": "France",
    "riyadh": "Saudi Arabia",
    "tehran": "Iran",
    "washington": "United States",
}
"""A capital, standing for its government in news style ("Ankara said"), to the state."""

ORGANIZATIONS: dict[str, str] = {
    "united nations": "United Nations",
    "un": "United Nations",
    "u.n.": "United Nations",
    "nato": "NATO",
    "european union": "European Union",
    "eu": "European Union",
    "arab league": "Arab League",
    "red cross": "Red Cross",
    "opcw": "OPCW",
}
"""International organisations, by every name used for them, to the name a candidate gets."""

HEAD_TITLES = word_set(
    "president prime minister king emir crown prince supreme leader leader chief head "
    "chairman commander secretary-general director founder"
)
"""Words of a title that make its holder LEAD what they hold (others make them a MEMBER_OF)."""

TITLES: tuple[str, ...] = (
    "secretary of state",
    "foreign minister",
    "defense minister",
    "defence minister",
    "interior minister",
    "prime minister",
    "crown prince",
    "supreme leader",
    "deputy foreign minister",
    "chief negotiator",
    "president",
    "minister",
    "king",
    "emir",
    "leader",
    "envoy",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "commander",
    "chief",
    "general",
    "gen.",
    "secretary",
    "chairman",
    "secretary-general",
    "negotiator",
    "official",
)
"""Titles and roles a person is named with ("Foreign Minister Sergei Lavrov", "Hezbollah
leader Hassan Nasrallah", "Ali Shamkhani, the secretary of …"), longest first where one
begins another."""

SPEAKER_NOUNS = word_set(
    "officials official sources source activists witnesses residents diplomats spokesman "
    "spokeswoman spokesperson monitors analysts experts commanders"
)
"""Unnamed speakers: "officials said" makes a claim whose claimant cannot be named."""

_KIND_WORDS: dict[ActorKind, frozenset[str]] = {
    ActorKind.ARMED_GROUP: word_set(
        "front brigade brigades army militia militias rebels battalion battalions movement "
        "legion guards mujahideen fighters"
    ),
    ActorKind.STATE_BODY: word_set(
        "ministry council parliament government cabinet assembly agency office command "
        "military navy corps police"
    ),
    ActorKind.ORGANIZATION: word_set(
        "nations organization organisation union league committee observatory coalition "
        "center centre commission fund foundation"
    ),
    ActorKind.MEDIA: word_set("news television tv radio press times post herald"),
}

NOT_NAMES = word_set(
    "the a an it its this that these those he she they we i his her their our one two "
    "monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december middle eastern "
    "western northern southern gulf east west north south sunni shiite shia islamic arab "
    "muslim christian kurdish but and or if when while after before under in on at by for "
    "from with however meanwhile also there here no not rebel rebels opposition "
    "government regime state officials"
)
"""Capitalised words that never make, or begin, the name of a new actor."""


def kind_by_words(words: Sequence[str]) -> ActorKind | None:
    """The kind a name's words suggest, or ``None`` when none of them tells.

    A word of an armed group wins over one of a state body ("Revolutionary Guards Corps" is
    an armed force), a state body over an organisation, an organisation over media.

    >>> kind_by_words(["Hassan", "Nasrallah"]) is None
    True
    """
    folded = {w.casefold().rstrip(".") for w in words}
    for kind in (
        ActorKind.ARMED_GROUP,
        ActorKind.STATE_BODY,
        ActorKind.ORGANIZATION,
        ActorKind.MEDIA,
    ):
        if folded & _KIND_WORDS[kind]:
            return kind
    return None
