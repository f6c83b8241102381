"""The crisis matcher against the bundled term list.

Each positive case asserts the exact set of categories; the ordinary queries are things
people really search for on a helpline directory and must not raise the crisis panel.
"""

from __future__ import annotations

import json

import pytest

from directory.crisis import CRISIS_TERMS_PATH, CrisisTerms, default_terms, match
from directory.search.textnorm import compact

SUICIDE = frozenset({"suicide"})
SELF_HARM = frozenset({"self_harm"})
EATING = frozenset({"eating_disorder"})
NONE: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def terms() -> CrisisTerms:
    return CrisisTerms.from_file(CRISIS_TERMS_PATH)


SUICIDE_QUERIES = [
    # English
    "suicide",
    "suicidal",
    "suicidal thoughts at night",
    "i want to kill myself tonight",
    "i want to die",
    "i wanna die",
    "thinking about ending my life",
    "how to end my life",
    "no reason to live",
    "better off dead",
    "tired of living",
    "nobody would miss me",
    "painless way to die",
    "how to kill myself",
    "commit suicide",
    "writing a suicide note",
    "hang myself",
    "take my own life",
    "i dont want to live anymore",
    "don't want to live",
    "unalive myself",
    "sewerslide",
    "kms",
    "kms lol",
    "jump from penang bridge",
    # Malay
    "bunuh diri",
    "nak bunuh diri",
    "fikiran bunuh diri",
    "aku nak mati",
    "saya rasa nak mati",
    "tak nak hidup lagi",
    "taknak hidup",
    "xnak hidup dah",
    "penat hidup",
    "hidup tak bermakna",
    "nak gantung diri",
    "terjun jambatan pulau pinang",
    "minum racun",
    "tamatkan nyawa",
    "lebih baik mati",
    "selamat tinggal semua",
    # Manglish and slang
    "i rasa nak mati",
    "i want die already lah",
    "wanna die lah",
    "life no meaning already",
    "nk mati",
    "bundir",
    "i cant go on",
    # no spaces, extra spaces, split words
    "bunuhdiri",
    "nakbunuhdiri",
    "iwanttodie",
    "killmyself",
    "kill my self",
    "carabunuhdiri",
    "suicidalthoughts",
    "nakmati",
    "nak   mati...",
    # typos
    "suicidee",
    "sucidal",
    "suicde",
    "suicdie",
    "commit suicid",
    "bunuh dri",
    "bunuhdri",
    "nak bunuh dri",
    "kill mysef",
    "tired of livng",
    # leetspeak
    "su1cide",
    "k1ll mys3lf",
    "$uicide",
    "5uicide",
    "bunuh d1r1",
    "w4nt t0 d1e",
    # case, accents, punctuation
    "I WANT TO DIE!!!",
    "SuIcIdE",
    "súicide",
    "bunúh díri",
    "Bunuh-diri",
    "BUNUH_DIRI?!",
    "I can't go on",
]

SELF_HARM_QUERIES = [
    # English
    "self harm",
    "self harming",
    "self injury",
    "self-injury support",
    "self mutilation",
    "i want to hurt myself",
    "hurting myself again",
    "cut myself",
    "i keep cutting myself",
    "how to cut yourself",
    "slit my wrists",
    "cut my wrist",
    "burn myself",
    "self harm scars",
    "sh scars",
    "sh tips",
    "barcode wrist",
    "punish myself",
    # Malay
    "cederakan diri",
    "mencederakan diri sendiri",
    "nak cederakan diri",
    "sakitkan diri",
    "menyakiti diri sendiri",
    "kelar tangan",
    "cara kelar tangan",
    "kelar pergelangan tangan",
    "toreh tangan",
    "hiris tangan",
    "parut kelar",
    "lukakan diri",
    "pukul diri sendiri",
    # Manglish and slang
    "nak self harm",
    "nak cut tangan",
    "i nak kelar tangan",
    "kelar je",
    "rasa nak self harm",
    # no spaces, extra spaces, split words
    "selfharm",
    "self   harm",
    "kelartangan",
    "cederakandiri",
    "selfharmtips",
    "cuttingmyself",
    "self harm help",
    # typos
    "self harn",
    "slef harm",
    "selfharmm",
    "self harmm",
    "self hamr",
    "cederakn diri",
    "mencederakan dri",
    "kelar tangn",
    # leetspeak
    "s3lf h4rm",
    "$elf harm",
    "self h@rm",
    "s3lfh4rm",
    "cut mys3lf",
    # case, accents, punctuation
    "SELF HARM",
    "Self_Harm",
    "self-harm",
    "Sélf-hárm",
    "KELAR TANGAN!!",
]

EATING_QUERIES = [
    # English
    "eating disorder",
    "eating disorders support",
    "anorexia",
    "anorexia nervosa treatment",
    "anorexic",
    "bulimia",
    "bulimic",
    "binge eating disorder",
    "binge and purge",
    "how to purge",
    "make myself throw up",
    "make myself vomit",
    "throw up after eating",
    "pro ana",
    "pro mia",
    "thinspo",
    "thinspiration",
    "meanspo",
    "edtwt",
    "ed tips",
    "starve myself",
    "how to starve yourself",
    "how to stop eating",
    "not eating for days",
    "laxatives for weight loss",
    "arfid",
    "orthorexia",
    "osfed",
    "fear of food",
    # Malay
    "anoreksia",
    "gangguan makan",
    "gangguan pemakanan",
    "kecelaruan makan",
    "korek tekak lepas makan",
    "paksa diri muntah",
    "sengaja muntah",
    "makan lepas tu muntah",
    "tak makan berhari-hari",
    "berlapar nak kurus",
    "diet melampau",
    "makan julap nak kurus",
    "pil kurus",
    "takut naik berat",
    "benci badan sendiri",
    "laparkan diri",
    # Manglish and slang
    "makan then muntah",
    "nak thinspo",
    "tips ana",
    "i takut makan sebab takut gemuk",
    # no spaces, extra spaces, split words
    "eatingdisorder",
    "proana",
    "gangguanmakan",
    "anorexiatips",
    "bingeeating",
    "eating   disorder",
    # typos
    "anorexa",
    "bulimiaa",
    "anorxia",
    "anoreksiaa",
    "thinspoo",
    "eating disordr",
    "gangguan makn",
    "laxative for weight loss",
    # leetspeak
    "an0rexia",
    "bul1mia",
    "th1nspo",
    "pr0 ana",
    "4norexia",
    # case, accents, punctuation
    "ANORÉXIA",
    "Bulimía",
    "Pro-Ana",
    "EATING_DISORDER??",
]

TWO_CATEGORY_QUERIES = [
    ("i starve myself and want to die", EATING | SUICIDE),
    ("self harm and anorexia", SELF_HARM | EATING),
    ("bunuh diri kelar tangan", SUICIDE | SELF_HARM),
    ("cutting myself and i want to die", SELF_HARM | SUICIDE),
    ("bulimia and suicidal thoughts", EATING | SUICIDE),
    ("nak mati, dah kelar tangan", SUICIDE | SELF_HARM),
]

ORDINARY_QUERIES = [
    "counselling",
    "kaunseling",
    "kaunseling percuma",
    "free counselling johor",
    "student counselling",
    "kaunselor sekolah",
    "marriage counselling",
    "family support",
    "sokongan keluarga",
    "sokongan emosi",
    "befrienders penang",
    "befrienders kuala lumpur",
    "talian kasih",
    "talian kasih 15999",
    "999",
    "women's aid",
    "domestic violence",
    "keganasan rumah tangga",
    "depression",
    "kemurungan",
    "anxiety",
    "overcome anxiety",
    "how to overcome stress",
    "panic attack",
    "serangan panik",
    "stress kerja",
    "exam stress",
    "burnout",
    "sleep problems",
    "tak boleh tidur",
    "grief support",
    "kehilangan orang tersayang",
    "mental health",
    "kesihatan mental",
    "psychiatrist kuala lumpur",
    "hospital selayang",
    "klinik kesihatan",
    "online therapy",
    "how to help a friend",
    "i need someone to talk to",
    "end of life care",
    # food, eating and weight, without a crisis
    "makan",
    "eating",
    "healthy eating",
    "diet",
    "how to diet",
    "i want to diet",
    "cara nak kurus",
    "resepi makan malam",
    "cara masak nasi lemak",
    "tak lalu makan",
    "muntah kuning",
    "laxative for constipation",
    "body image",
    # words that sit near a crisis term
    "purring cat",
    "putting green",
    "subside",
    "inspiration",
    "self help books",
    "self care",
    "self esteem",
    "harga diri",
    "jaga diri",
    "cut hair",
    "potong rambut",
    "sh",
    "kill time",
    "killing it",
    "dead line extension",
    "deadline",
    "die casting",
    "how to dive",
    "edit all",
    "hang out",
    "hanging plants",
    "jump rope",
    "bridge penang traffic",
    "racun serangga",
    "ubat batuk",
    "ubat tahan sakit",
    "pill organiser",
    "sleeping pills side effects",
    "suit",
    "suite",
    "decide",
    "demam",
    "anak demam",
    "bosan",
    "penat",
    "penat kerja",
    "hidup sihat",
    "mati lampu",
    "bateri mati",
    "kereta mati",
    "jalan mati",
    "mati pucuk",
    "meja bundar",
    "final exam stress",
    "goodbye",
    "ed sheeran",
    "hurt feelings",
]

# Terms in the data that also have everyday meanings. They are there on purpose: a
# supportive panel on "cutting board" costs little, a missed "cutting" a great deal.
LOW_PRECISION_BY_DESIGN = [
    ("purging", EATING),
    ("overdose", SUICIDE),
    ("paracetamol overdose", SUICIDE),
    ("bosan hidup", SUICIDE),
    ("putus asa", SUICIDE),
    ("takut gemuk", EATING),
    ("ubat julap", EATING),
    ("pil kurus", EATING),
]

# Look-alikes that the term list alone matched and that context now clears
# (directory.crisis.patterns.LOOKALIKES).
LOOKALIKES_HANDLED_BY_CONTEXT = [
    "cutting board",
    "hair cutting salon",
    "cutting edge",
    "kms to km",
    "paracetamol overdose treatment guideline",
    "die my hair",
    "ubat julap untuk sembelit",
]


@pytest.mark.parametrize("query", LOOKALIKES_HANDLED_BY_CONTEXT)
def test_lookalikes_are_handled_by_context(query: str) -> None:
    assert match(query) == NONE


# Everyday words one slip away from a term, which typo matching lets through. Kept here so
# that a change to the typo rules shows up as a change to this list.
TYPO_NEIGHBOURS_ACCEPTED = [
    ("prana yoga", EATING),  # proana
    ("overdo it", SUICIDE),  # overdos
    ("overdone steak", SUICIDE),  # overdose
    ("fear of flood", EATING),  # fear of food
    ("no reason to lie", SUICIDE),  # no reason to live
    ("where i can go on weekends", SUICIDE),  # cant go on
]


def _cases(queries: list[str], expected: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
    return [(query, expected) for query in queries]


@pytest.mark.parametrize(
    ("query", "expected"),
    _cases(SUICIDE_QUERIES, SUICIDE)
    + _cases(SELF_HARM_QUERIES, SELF_HARM)
    + _cases(EATING_QUERIES, EATING)
    + TWO_CATEGORY_QUERIES,
)
def test_crisis_queries_match(query: str, expected: frozenset[str], terms: CrisisTerms) -> None:
    assert match(query) == expected


@pytest.mark.parametrize("query", ORDINARY_QUERIES)
def test_ordinary_queries_do_not_match(query: str, terms: CrisisTerms) -> None:
    assert match(query) == NONE


@pytest.mark.parametrize(("query", "expected"), LOW_PRECISION_BY_DESIGN)
def test_low_precision_terms_trigger_the_panel_by_design(
    query: str, expected: frozenset[str], terms: CrisisTerms
) -> None:
    assert match(query) == expected


@pytest.mark.parametrize(("query", "expected"), TYPO_NEIGHBOURS_ACCEPTED)
def test_known_typo_neighbours(query: str, expected: frozenset[str], terms: CrisisTerms) -> None:
    assert match(query) == expected


def test_there_are_enough_cases_per_category() -> None:
    assert len(SUICIDE_QUERIES) >= 40
    assert len(SELF_HARM_QUERIES) >= 40
    assert len(EATING_QUERIES) >= 40
    assert len(ORDINARY_QUERIES) >= 60


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # whole words only: "kms" is a token, not a substring
        ("kms", SUICIDE),
        ("kmsp", NONE),
        ("akms", NONE),
        ("sh tips", SELF_HARM),
        ("fish tips", NONE),
        ("shtips", SELF_HARM),
        # terms of 8+ letters also match inside a word, shorter ones never do
        ("carabunuhdiri", SUICIDE),
        ("xxbunuhdirixx", SUICIDE),
        ("nakmatije", SUICIDE),
        ("xxnakmatixx", NONE),
        ("xxkmsxx", NONE),
        # short words never match with a typo
        ("kmz", NONE),
        ("osfad", NONE),  # one wrong letter in 5 letters
        # the first letter must be right
        ("uicide", NONE),
        ("thinspiration", EATING),
        ("inspiration", NONE),
        # one wrong letter is enough from 8 letters, not below
        ("suicidol", SUICIDE),
        ("bulimoa", NONE),
        ("purring", NONE),
        # a short word inside a phrase must be exact
        ("want to dye", NONE),
        ("nak mat", NONE),
    ],
)
def test_matching_rules(query: str, expected: frozenset[str], terms: CrisisTerms) -> None:
    assert match(query) == expected


def _data_terms() -> list[tuple[str, str]]:
    data = json.loads(CRISIS_TERMS_PATH.read_text(encoding="utf-8"))
    return [
        (category, term)
        for category, entry in data["categories"].items()
        for terms in entry["terms"].values()
        for term in terms
    ]


@pytest.mark.parametrize(("category", "term"), _data_terms())
def test_every_term_matches_itself(category: str, term: str, terms: CrisisTerms) -> None:
    """Catches terms that the normaliser would break."""
    assert category in match(term)
    assert category in match(compact(term))
    assert category in match(term.upper())


def test_data_file_shape() -> None:
    data = json.loads(CRISIS_TERMS_PATH.read_text(encoding="utf-8"))
    assert set(data["categories"]) == {"suicide", "self_harm", "eating_disorder"}
    for entry in data["categories"].values():
        assert entry["service_types"]
        assert set(entry["terms"]) == {"en", "ms"}
        for terms in entry["terms"].values():
            assert all(term == term.strip().lower() for term in terms)


def test_from_mapping() -> None:
    terms = CrisisTerms.from_mapping(
        {
            "categories": {
                "a": {"service_types": [], "terms": {"en": ["red fox", "lantern"]}},
                "b": {"service_types": [], "terms": {"ms": ["Red Fox"]}},
            }
        }
    )
    assert match("a quick red fox", terms) == {"a", "b"}
    assert match("redfox", terms) == {"a", "b"}
    assert match("lantrn", terms) == {"a"}
    assert match("red box", terms) == NONE


def test_from_mapping_rejects_a_term_without_letters() -> None:
    with pytest.raises(ValueError, match="no letters or digits"):
        CrisisTerms.from_mapping(
            {"categories": {"a": {"service_types": [], "terms": {"en": ["--"]}}}}
        )


def test_empty_query() -> None:
    assert match("", default_terms()) == NONE
    assert match("   ?! ", default_terms()) == NONE


def test_default_terms_are_built_once() -> None:
    assert default_terms() is default_terms()
