"""The crisis detector layer by layer: normaliser, patterns (with their exclusions), the
classifier and the data set it is trained on."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.crisis import dataset, match, normalise, patterns, train
from directory.crisis.model import MODEL_PATH, Model

SUICIDE, SELF_HARM, EATING = {"suicide"}, {"self_harm"}, {"eating_disorder"}
NONE: set[str] = set()


@pytest.mark.parametrize(("raw", "canonical"), [
    # stretched letters, to a known word
    ("matiiiii", "mati"), ("nak matiii jeee", "nak mati je"), ("killlll myselfff", "kill myself"),
    # chat shorthand from the reviewed lexicon
    ("aq x nk idup dh", "aku tak nak hidup dah"), ("sy tk mkn", "saya tak makan"),
    ("tgn aku", "tangan aku"), ("sgt penat", "sangat penat"), ("knp", "kenapa"),
    # digits and symbols as words and letters
    ("want 2 die", "want to die"), ("k1ll mys3lf", "kill myself"), ("s*icide", "suicide"),
    ("$elf h@rm", "self harm"), ("2 hari", "2 hari"), ("3hari", "3 hari"),
    ("makan3 hari", "makan 3 hari"), ("5 kms", "5 km"), ("kms", "kill myself"),
    # English inflection and Malay affixes, only to a known root
    ("dying", "die"), ("purging", "purge"), ("cuts", "cut"), ("membunuh", "bunuh"),
    ("makanan", "makan"), ("matilah", "mati"), ("hidupku", "hidup"), ("kelarkan", "kelar"),
    ("kematian", "mati"), ("matikan", "matikan"), ("kedah", "kedah"), ("selangor", "selangor"),
    ("terpotong", "accidentally potong"),
    # glued words and one slip on a lexicon word
    ("bunuhdiri", "bunuh diri"), ("todie", "to die"), ("hersefl", "herself"),
    ("kaunseling", "kaunseling"), ("therapist", "therapist"),
])
def test_normaliser(raw, canonical):
    assert normalise.canonical(raw) == canonical


def fired(query):
    return {name.split(":")[0] for name in patterns.fired(f" {normalise.canonical(query)} ")}


@pytest.mark.parametrize(("query", "expected"), [
    # negator x will to live, with words in between and any spelling
    ("aku dah tak sanggup nak hidup", SUICIDE), ("i really dont want to live", SUICIDE),
    ("xde sebab nk idup", SUICIDE), ("penat sgt dgn hidup ni", SUICIDE),
    # method seeking: quantity or lethality x drug, height, means
    ("brp biji panadol utk mati", SUICIDE), ("how many pills would kill me", SUICIDE),
    ("terjun dari tingkat 15", SUICIDE), ("minum racun rumput", SUICIDE),
    # reflexives in every person
    ("my son wants to kill himself", SUICIDE), ("dia nak bunuh diri", SUICIDE),
    ("my daughter is burning herself", SELF_HARM), ("aku toreh lengan", SELF_HARM),
    ("hentak kepala kat dinding", SELF_HARM),
    # eating disorders: durations, calories, purging, laxatives, slang
    ("x mkn 5 hari dah", EATING), ("eating only 400 kcal", EATING),
    ("muntah lepas makan sengaja", EATING), ("julap tiap hari nak kurus", EATING),
    ("ana tips", EATING), ("puasa seminggu nak kurus", EATING),
    # goodbye and indirect ideation
    ("selamat tinggal semua", SUICIDE), ("ni surat terakhir aku", SUICIDE),
    ("aku beban kat family", SUICIDE), ("i want to sleep forever", SUICIDE),
])
def test_patterns_fire(query, expected):
    assert expected <= fired(query)


@pytest.mark.parametrize("query", [
    "mati ketawa", "nak mati malu", "bateri mati", "die my hair", "to die for cake",
    "cant live without coffee", "live chat", "diet plan 1500 calories",
    "puasa 3 hari tak makan", "keracunan makanan muntah", "anak muntah lepas minum susu",
    "terpotong jari masa masak", "cut my hair", "burn fat fast", "racun tikus untuk tikus",
    "berapa biji panadol untuk demam", "jump rope", "terjun air terjun", "goodbye party",
    "final message for the team", "laxative for constipation", "cara matikan telefon",
    "tak boleh bangun pagi", "hilang berat badan", "nak hilangkan jerawat",
])
def test_pattern_exclusions(query):
    assert fired(query) == NONE


@pytest.mark.parametrize("query", [
    "hukum bunuh diri dalam islam", "suicide statistics malaysia", "13 reasons why suicide scene",
    "is suicide illegal in malaysia", "filem seram mati",
])
def test_topic_questions_not_about_the_user_do_not_fire(query):
    assert match(query) == frozenset()


def test_a_topic_question_about_oneself_still_fires():
    assert match("dosa ke kalau aku bunuh diri") == frozenset(SUICIDE)


def test_model_file_matches_the_data():
    model = Model.from_file()
    assert model.data_sha256 == train.data_sha256(), "run `flask crisis train`"
    assert MODEL_PATH.stat().st_size < 5_000_000
    assert all(0.5 <= t <= 0.9 for t in model.thresholds)


def test_training_is_deterministic_and_reproduces_the_committed_model(tmp_path):
    retrained = tmp_path / "model.json"
    train.train(retrained)
    assert json.loads(retrained.read_text()) == json.loads(MODEL_PATH.read_text())


def test_committed_data_set_is_what_the_generator_writes():
    assert dataset.load() == dataset.build(), "run `flask crisis data` then `flask crisis train`"


def test_split_is_by_phrasing_group():
    sides: dict[str, set[str]] = {}
    for row in dataset.load():
        sides.setdefault(row["group"], set()).add(row["split"])
    assert all(len(split) == 1 for split in sides.values())
    assert {"train", "validation"} == set().union(*sides.values())


def test_data_set_shape():
    rows = dataset.load()
    assert len(rows) >= 3000
    assert {r["label"] for r in rows} == set(dataset.LABELS)
    assert {r["language"] for r in rows} == {"ms", "en", "mixed"}
    positives = sum(r["label"] != "none" for r in rows)
    assert sum(r["label"] == "none" for r in rows) >= positives
    assert len({r["group"] for r in rows}) >= 900


def test_model_is_quiet_on_short_queries():
    # A linear model on one or two words leans on one feature; those are left to the rules.
    assert match("makan") == frozenset() and match("goodbye") == frozenset()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abdeiklmstx*#@$!|0123456789 -_.'éß\u0130ｓ")),
               max_size=30) | st.text(max_size=40))
def test_match_never_fails_on_any_text(query):
    assert match(query) <= {"suicide", "self_harm", "eating_disorder"}
