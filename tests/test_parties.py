"""Party registry: aliases, exclusions, offsets, user registries, detection evaluation.

Hard cases the rules still get wrong live in ``test_parties_hard_cases.py``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.exceptions import DataFormatError, InputTypeError, RegistryError
from stance.evaluation import detection_rows_from_annotations, evaluate_detection, read_detection_file
from stance.parties import Mention, Registry, find_mentions


def found(text: str, registry: Registry | None = None) -> list[tuple[str, str]]:
    return [(m.party, m.text) for m in (registry or Registry.default()).find(text)]


def parties_in(text: str) -> set[str]:
    return {m.party for m in Registry.default().find(text)}


# -- what counts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiongkok dan Rusia menolak usulan itu.", [("china", "Tiongkok"), ("russia", "Rusia")]),
        ("Pemerintah RRT menyambut baik langkah Cina.", [("china", "RRT"), ("china", "Cina")]),
        ("Negeri Tirai Bambu kembali menguat.", [("china", "Negeri Tirai Bambu")]),
        ("Negeri Beruang Merah membalas.", [("russia", "Negeri Beruang Merah")]),
        ("Paman Sam memperingatkan sekutunya.", [("west", "Paman Sam")]),
        ("Juru bicara Kremlin, Peskov, membantah.", [("russia", "Kremlin"), ("russia", "Peskov")]),
        ("Gedung Putih dan Pentagon diam.", [("west", "Gedung Putih"), ("west", "Pentagon")]),
        ("Menlu Wang Yi bertemu Blinken.", [("china", "Wang Yi"), ("west", "Blinken")]),
        ("Uni Eropa (UE) dan NATO bersiap.", [("west", "Uni Eropa"), ("west", "UE"), ("west", "NATO")]),
        ("The U.S. and the EU condemned Moscow.", [("west", "U.S."), ("west", "EU"), ("russia", "Moscow")]),
        ("Western leaders met in Brussels.", [("west", "Western"), ("west", "Brussels")]),
        ("Media Barat menuding Beijing.", [("west", "Barat"), ("china", "Beijing")]),
    ],
)
def test_aliases_in_indonesian_and_english(text, expected):
    assert found(text) == expected


def test_indonesian_suffixes_keep_the_span_on_the_alias():
    assert found("Rusianya menolak, ASlah yang kalah, Tiongkokpun diam.") == [
        ("russia", "Rusia"),
        ("west", "AS"),
        ("china", "Tiongkok"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hubungan AS-Rusia memburuk.", [("west", "AS"), ("russia", "Rusia")]),
        ("Perang dagang China-Amerika berlanjut.", [("china", "China"), ("west", "Amerika")]),
        ("Sino-US ties are tense.", [("china", "Sino"), ("west", "US")]),
        ("Poros Moskow–Beijing menguat.", [("russia", "Moskow"), ("china", "Beijing")]),
    ],
)
def test_hyphen_compounds_yield_both_parties(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Banjir melanda Jawa Barat dan Kalimantan Barat.",
        "Warga Jakarta Barat dan Nusa Tenggara Barat antre.",
        "Angin bertiup dari arah barat ke sebelah barat kota.",
        "Kantornya di Jalan Medan Merdeka Barat ditutup.",
        "Israel menyerbu Tepi Barat lagi.",
        "Ia fasih berbahasa Inggris dan bahasa Mandarin.",
        "Harganya US$ 100 atau 2 miliar dolar AS.",
        "Kursnya Rp 15.000 per dollar AS.",
        "Jenny, direktur program yang berbasis di Washington, DC, berbicara.",
        "A researcher based in Washington said so.",
        "AS Roma menang atas AS Monaco.",
        "Kisah Nabi Musa AS dan Nabi Ilyasa AS.",
        "Bripka AS (33) ditangkap polisi.",
        "West Ham beat West Brom; the China Open starts today.",
        "Komunitas Tionghoa merayakan Imlek.",
        "Sharapova absen di AS Terbuka tahun ini.",
    ],
)
def test_exclusions_leave_no_mention(text):
    assert found(text) == []


def test_exclusion_only_suppresses_its_own_party():
    # "bahasa Inggris" excludes the West, not the Russia named right after it.
    assert found("Kursus bahasa Inggris Rusia") == [("russia", "Rusia")]


def test_datelines_are_not_actors():
    assert found("Beijing (ANTARA News) - Sebuah perusahaan swasta meluncurkan aplikasi.") == []
    assert found("LONDON, JUARA.net - Chelsea menang.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KAPAL INI AS MILIK NEGARA", [("west", "AS")]),  # uppercase AS is the US even in caps
        ("as roda patah", []),  # lower-case "as" is an axle, not the US
        ("let us go", []),
        ("dari arah barat", []),
        ("negara Barat", [("west", "negara Barat")]),
        ("sanksi Barat", [("west", "Barat")]),
    ],
)
def test_case_sensitive_aliases(text, expected):
    assert found(text) == expected


def test_mentions_are_sorted_and_slice_the_original_text():
    text = "  «Rusia»,\tAS… dan\u00a0Tiongkok!  "
    mentions = Registry.default().find(text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert [m.text for m in mentions] == ["Rusia", "AS", "Tiongkok"]


def test_non_ascii_letters_glued_to_an_alias_break_the_word():
    assert found("éRusia Rusiaé Rusia") == [("russia", "Rusia")]
    assert found("Rusia日本") == []  # CJK letters are word characters (\w) too
    assert found("Rusia 日本") == [("russia", "Rusia")]


def test_mention_is_a_frozen_dataclass():
    m = Mention("china", 0, 5, "China")
    with pytest.raises(AttributeError):
        m.party = "russia"  # type: ignore[misc]


# -- inputs -------------------------------------------------------------------------------


def test_a_lone_str_is_a_type_error_that_says_what_to_call():
    with pytest.raises(InputTypeError, match=r"^The 'texts' parameter of find_mentions: must be a sequence of str, not a single str — call Registry\.find\(text\) for one text, or pass \[text\]$"):
        find_mentions("Rusia")


def test_a_lone_str_to_the_method_is_a_type_error_too():
    with pytest.raises(InputTypeError, match=r"^The 'texts' parameter of Registry\.find_mentions: must be a sequence of str, not a single str — call find\(text\) for one text"):
        Registry.default().find_mentions("Rusia")


def test_a_non_str_item_names_its_position_and_type():
    with pytest.raises(InputTypeError, match=r"^The 'texts' parameter of find_mentions: item 2 is int \(7\), not a str — decode bytes and drop missing values first$"):
        find_mentions(["Rusia", "AS", 7])


def test_find_rejects_a_non_str():
    with pytest.raises(InputTypeError, match=r"^The 'text' parameter of Registry\.find: must be a str, got list — call find_mentions\(texts\) for a list of texts$"):
        Registry.default().find(["Rusia"])  # type: ignore[arg-type]


def test_empty_inputs():
    assert find_mentions([]) == []
    assert find_mentions(["", " ", "\n"]) == [[], [], []]


# -- the registry object --------------------------------------------------------------------


def test_default_registry_is_loaded_once_and_lists_the_three_parties():
    registry = Registry.default()
    assert Registry.default() is registry
    assert registry.parties == ("china", "russia", "west")
    assert re.fullmatch(r"[0-9a-f]{12}", registry.version)


def test_describe_lists_id_name_aliases_and_exclusions():
    rows = Registry.default().describe()
    assert [r["id"] for r in rows] == ["china", "russia", "west"]
    assert set(rows[0]) == {"id", "name", "aliases", "exclusions"}
    assert "Tiongkok" in rows[0]["aliases"] and "AS" in rows[2]["aliases"]
    assert "Jawa Barat" in rows[2]["exclusions"]


def test_version_changes_with_the_content(tmp_path):
    path = tmp_path / "extra.toml"
    path.write_text('[[party]]\nid = "west"\naliases = ["Negeri Paman Sam"]\n', encoding="utf-8")
    extended = Registry.from_file(path)
    assert extended.version != Registry.default().version
    assert Registry.from_file(path).version == extended.version


# -- property tests ---------------------------------------------------------------------------

ALIAS_WORDS = ["Rusia", "AS", "Tiongkok", "Amerika Serikat", "Barat", "Jawa Barat", "Putin", "U.S.", "Kremlin"]
FILLER = ["dan", "yang", "di", "menolak", "as", "barat", "nya", "pun", "dolar", "bahasa", "Inggris"]
SEPARATORS = [" ", "  ", ", ", "-", "\n", "(", ")", '"', "\u00a0", "…", "—", "/"]

texts_from_words = st.lists(
    st.tuples(st.sampled_from(ALIAS_WORDS + FILLER), st.sampled_from(SEPARATORS)), max_size=12
).map(lambda pairs: "".join(w + s for w, s in pairs))


@given(st.text(max_size=200))
def test_any_unicode_never_crashes_and_offsets_slice_back(text):
    for m in Registry.default().find(text):
        assert text[m.start : m.end] == m.text and m.start < m.end


@given(texts_from_words)
def test_offsets_slice_back_on_alias_rich_text(text):
    for m in Registry.default().find(text):
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("text", ["\ud800", "Rusia\ud800AS", "\udfff\ud83d Tiongkok", "🇨🇳 China 🇷🇺", "روسيا Rusia", "\x00Rusia\x00"])
def test_surrogates_emoji_rtl_and_nul(text):
    assert all(text[m.start : m.end] == m.text for m in Registry.default().find(text))


@given(texts_from_words, st.sampled_from(["", " ", "\n", ". ", "“", "(", " — "]), st.sampled_from(["", " ", ".", "!”", ")", " —"]))
def test_surrounding_punctuation_and_whitespace_do_not_change_matches(text, before, after):
    plain = [(m.party, m.text) for m in Registry.default().find(text)]
    wrapped = [(m.party, m.text) for m in Registry.default().find(before + text + after)]
    assert wrapped == plain


@given(st.lists(st.one_of(texts_from_words, st.text(max_size=40)), max_size=8))
def test_batch_equals_one_by_one(texts):
    registry = Registry.default()
    assert registry.find_mentions(texts) == [registry.find(t) for t in texts]


# A slow, obvious reference: one regex per alias and per exclusion, then the overlap rules.
REF_ALIASES = {"russia": ["Rusia", "Putin"], "west": ["Amerika Serikat", "Amerika"], "china": ["Tiongkok"]}
REF_CASED = {"west": ["AS", "Barat"]}
REF_EXCLUSIONS = {"west": ["Jawa Barat", "dolar AS", "bahasa Inggris"], "russia": ["bahasa Rusia"]}
REF_SUFFIX = "(?:nya|lah|pun|kah)?"


def reference_find(text: str) -> list[tuple[int, int, str]]:
    def spans(phrase: str, cased: bool) -> list[tuple[int, int]]:
        body = r"[\s\-\u2010\u2011]+".join(re.escape(w) for w in phrase.split())
        pattern = rf"(?<!\w)(?:{body})(?={REF_SUFFIX}(?!\w))"
        return [(m.start(), m.end()) for m in re.finditer(pattern, text, 0 if cased else re.IGNORECASE)]

    hits = []
    for table, cased in ((REF_ALIASES, False), (REF_CASED, True)):
        for party, phrases in table.items():
            hits += [(s, e, party) for phrase in phrases for s, e in spans(phrase, cased)]
    blocked = {party: [span for phrase in phrases for span in spans(phrase, False)] for party, phrases in REF_EXCLUSIONS.items()}
    hits = [h for h in hits if not any(s < h[1] and h[0] < e for s, e in blocked.get(h[2], []))]
    kept, last_end = [], {}
    for s, e, party in sorted(hits, key=lambda h: (h[0], -h[1])):
        if s >= last_end.get(party, -1):
            kept.append((s, e, party))
            last_end[party] = e
    return kept


@pytest.fixture(scope="module")
def reference_registry(tmp_path_factory) -> Registry:
    lines = []
    for party in ("china", "russia", "west"):
        lines += ["[[party]]", f'id = "{party}"', f"aliases = {json.dumps(REF_ALIASES[party])}"]
        if party in REF_CASED:
            lines.append(f"cased_aliases = {json.dumps(REF_CASED[party])}")
        if party in REF_EXCLUSIONS:
            lines.append(f"exclusions = {json.dumps(REF_EXCLUSIONS[party])}")
    path = tmp_path_factory.mktemp("ref") / "ref.toml"
    path.write_text('suffixes = ["nya", "lah", "pun", "kah"]\n' + "\n".join(lines) + "\n", encoding="utf-8")
    return Registry.from_file(path, base=None)


REF_WORDS = ["Rusia", "Putin", "Amerika", "Serikat", "Amerika Serikat", "AS", "as", "Barat", "barat", "Jawa", "dolar",
             "bahasa", "Inggris", "Tiongkok", "nya", "dan", "Rusianya", "ASpun", "BARAT", "RUSIA"]
REF_SEPARATORS = [" ", ", ", "-", "  ", "\n", ".", "(", ""]


@settings(max_examples=300)
@given(pairs=st.lists(st.tuples(st.sampled_from(REF_WORDS), st.sampled_from(REF_SEPARATORS)), max_size=10))
def test_matches_the_slow_reference(reference_registry, pairs):
    text = "".join(w + s for w, s in pairs)
    got = sorted((m.start, m.end, m.party) for m in reference_registry.find(text))
    assert got == sorted(reference_find(text))


# -- no catastrophic backtracking ---------------------------------------------------------------


def _seconds(text: str) -> float:
    registry = Registry.default()
    start = time.perf_counter()
    registry.find(text)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "unit",
    ["AS", "Barat ", "Amerika " + " " * 30, "x" * 997 + " ", "Jalan Medan Merdeka ", "dolar dollar AS "],
    ids=["AS-glued", "Barat-repeated", "alias-and-long-gaps", "very-long-words", "street-prefix", "exclusion-chain"],
)
def test_adversarial_lines_run_in_linear_time(unit):
    # 0.5 MB and 2 MB of one pathological line: linear growth is ~4x, quadratic would be ~16x.
    small = unit * (500_000 // len(unit))
    large = small * 4
    _seconds(small[: 1 << 17])  # warm up the compiled registry and its prefilter (built on the first large batch)
    # Best of 5, small and large interleaved, so that a slow spell of the machine (CI saw the
    # three large runs in a row take 1.8x their usual time) falls on both sizes. Linear growth
    # measures 4-5x here; quadratic would be ~16x, so 10 still tells them apart.
    t_small, t_large = [], []
    for _ in range(5):
        t_small.append(_seconds(small))
        t_large.append(_seconds(large))
    assert min(t_large) / max(min(t_small), 0.005) < 10, (t_small, t_large)
    assert min(t_large) < 5.0


# -- user registries -----------------------------------------------------------------------------

NORTH_KOREA = """
[[party]]
id = "north_korea"
name = "North Korea (DPRK)"
aliases = ["Korea Utara", "Korut", "Pyongyang", "Kim Jong Un", "Kim Jong-un", "North Korea", "DPRK"]

[[party]]
id = "west"
aliases = ["Negeri Paman Sam"]
exclusions = ["Washington, DC"]
"""


@pytest.fixture
def north_korea_registry(tmp_path) -> Registry:
    path = tmp_path / "north_korea.toml"
    path.write_text(NORTH_KOREA, encoding="utf-8")
    return Registry.from_file(path)


def test_user_registry_adds_a_party_after_the_default_ones(north_korea_registry):
    assert north_korea_registry.parties == ("china", "russia", "west", "north_korea")
    text = "Pemimpin Korut Kim Jong Un tiba di Rusia; Pyongyang dekat dengan Tiongkok."
    assert found(text, north_korea_registry) == [
        ("north_korea", "Korut"),
        ("north_korea", "Kim Jong Un"),
        ("russia", "Rusia"),
        ("north_korea", "Pyongyang"),
        ("china", "Tiongkok"),
    ]


def test_user_registry_extends_aliases_and_exclusions_of_a_default_party(north_korea_registry):
    assert found("Negeri Paman Sam bereaksi.", north_korea_registry) == [("west", "Negeri Paman Sam")]
    assert found("Kantor di Washington, DC, tutup.", north_korea_registry) == []
    assert found("Kantor di Washington, DC, tutup.") == [("west", "Washington")]


def test_user_registry_finds_north_korea_in_the_seed_articles(seeds_dir, north_korea_registry):
    paragraphs = [line for path in sorted(seeds_dir.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    mentions = north_korea_registry.find_mentions(paragraphs)
    with_nk = sum(any(m.party == "north_korea" for m in ms) for ms in mentions)
    assert with_nk >= len(paragraphs) // 2
    assert any(m.text == "Kim Jong Un" for ms in mentions for m in ms)
    assert any(m.party == "russia" for ms in mentions for m in ms)


def test_standalone_user_registry_has_only_its_parties(tmp_path):
    path = tmp_path / "only.toml"
    path.write_text('[[party]]\nid = "north_korea"\naliases = ["Korut"]\n', encoding="utf-8")
    registry = Registry.from_file(path, base=None)
    assert registry.parties == ("north_korea",)
    assert found("Korut dan Rusia", registry) == [("north_korea", "Korut")]


def test_replace_and_remove_override_a_default_party(tmp_path):
    path = tmp_path / "override.toml"
    path.write_text(
        '[[party]]\nid = "china"\nreplace = true\naliases = ["RRT"]\n'
        '[[party]]\nid = "west"\nremove = ["Australia"]\n',
        encoding="utf-8",
    )
    registry = Registry.from_file(path)
    assert found("Tiongkok dan RRT", registry) == [("china", "RRT")]
    assert found("Australia dan Kanada", registry) == [("west", "Kanada")]


def test_regex_patterns_and_non_ascii_aliases_take_the_slow_path(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(
        '[[party]]\nid = "turkey"\naliases = ["Türkiye"]\npatterns = [\'Erdo(?:g|ğ)an\']\n', encoding="utf-8"
    )
    registry = Registry.from_file(path)
    assert found("Türkiye dan Erdoğan, juga Erdogan.", registry) == [
        ("turkey", "Türkiye"),
        ("turkey", "Erdoğan"),
        ("turkey", "Erdogan"),
    ]


# -- invalid registry files: one test per kind of error -------------------------------------------


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_unknown_party_key(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\naliasses = ["Korut"]\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: party #1 \('nk'\): unknown key 'aliasses' — fix the spelling, or remove it; the keys are aliases, "):
        Registry.from_file(path)


def test_unknown_top_level_key(tmp_path):
    path = write(tmp_path, 'version = 2\n[[party]]\nid = "nk"\naliases = ["Korut"]\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: unknown top-level key 'version' — fix the spelling, or remove it; the keys are cased_exclusions, "):
        Registry.from_file(path)


def test_empty_alias_list(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\naliases = []\n')
    with pytest.raises(RegistryError, match=r"party #1 \('nk'\): 'aliases' must not be an empty list — give at least one entry, or remove the key$"):
        Registry.from_file(path)


def test_new_party_without_aliases(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\nexclusions = ["Korea Selatan"]\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: party #1 \('nk'\): party 'nk' has no aliases — add 'aliases', 'cased_aliases' or 'patterns'$"):
        Registry.from_file(path)


def test_empty_alias_string(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\naliases = ["Korut", "  "]\n')
    with pytest.raises(RegistryError, match=r"\('nk'\): 'aliases' item 1 must not be an empty string — remove it, or write the alias$"):
        Registry.from_file(path)


def test_alias_without_letters(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\naliases = ["--"]\n')
    with pytest.raises(RegistryError, match=r"\('nk'\): 'aliases' item 0 must contain a letter or digit, got '--' — remove it, or write the alias$"):
        Registry.from_file(path)


def test_bad_regex(tmp_path):
    path = write(tmp_path, "[[party]]\nid = \"nk\"\npatterns = ['Kim (Jong']\n")
    with pytest.raises(RegistryError, match=r"\('nk'\): 'patterns' item 0 is not a valid regular expression \(missing \), unterminated .*\), got 'Kim \(Jong' — fix the pattern"):
        Registry.from_file(path)


def test_duplicate_party_id(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\naliases = ["Korut"]\n[[party]]\nid = "nk"\naliases = ["DPRK"]\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: party id 'nk' is defined twice — merge the two \[\[party\]\] tables$"):
        Registry.from_file(path)


def test_bad_party_id(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "North Korea"\naliases = ["Korut"]\n')
    with pytest.raises(RegistryError, match=r"party #1: 'id' must be a lower-case identifier, got 'North Korea' — write one such as 'north_korea'"):
        Registry.from_file(path)


def test_wrong_type_of_alias_list(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\naliases = "Korut"\n')
    with pytest.raises(RegistryError, match=r"\('nk'\): 'aliases' must be a list of strings, got str 'Korut' — write aliases = \[\"\.\.\.\", \.\.\.\]$"):
        Registry.from_file(path)


def test_wrong_type_of_alias_item(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\naliases = ["Korut", 7]\n')
    with pytest.raises(RegistryError, match=r"\('nk'\): 'aliases' item 1 must be a string, got int 7 — quote it$"):
        Registry.from_file(path)


def test_wrong_type_of_replace(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "west"\nreplace = "yes"\naliases = ["AS"]\n')
    with pytest.raises(RegistryError, match=r"\('west'\): 'replace' must be true or false, got 'yes' — write replace = true or replace = false$"):
        Registry.from_file(path)


def test_remove_of_an_unknown_alias(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "west"\nremove = ["Narnia"]\n')
    with pytest.raises(RegistryError, match=r"\('west'\): 'remove' entry 'Narnia' is not an alias or exclusion of party 'west' — check the spelling$"):
        Registry.from_file(path)


def test_bad_suffixes(tmp_path):
    path = write(tmp_path, 'suffixes = ["-nya"]\n[[party]]\nid = "nk"\naliases = ["Korut"]\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: 'suffixes' must be a list of lower-case ASCII words, got \['-nya'\] — write e\.g\. suffixes = \['nya'\]$"):
        Registry.from_file(path)


def test_unsupported_format(tmp_path):
    path = write(tmp_path, 'format = 2\n[[party]]\nid = "nk"\naliases = ["Korut"]\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: 'format' must be 1, got 2 — write a registry in format 1"):
        Registry.from_file(path)


def test_standalone_file_without_parties(tmp_path):
    path = write(tmp_path, 'suffixes = ["nya"]\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: the registry defines no parties — add at least one \[\[party\]\] table"):
        Registry.from_file(path, base=None)


def test_invalid_toml(tmp_path):
    path = write(tmp_path, '[[party]\nid = "nk"\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: not valid UTF-8 TOML \(.+\) — fix the syntax"):
        Registry.from_file(path)


def test_file_that_is_not_utf8(tmp_path):
    path = write(tmp_path, b'[[party]]\nid = "nk"\naliases = ["Kor\xff"]\n')
    with pytest.raises(RegistryError, match=r"bad\.toml: not valid UTF-8 TOML \('utf-8' codec can't decode byte 0xff.*\) — fix the syntax"):
        Registry.from_file(path)


def test_unreadable_file(tmp_path):
    path = tmp_path / "missing.toml"
    with pytest.raises(RegistryError, match=r"missing\.toml: cannot read the registry file \(No such file or directory\) — check the path$"):
        Registry.from_file(path)


def test_base_of_the_wrong_type(tmp_path):
    path = write(tmp_path, '[[party]]\nid = "nk"\naliases = ["Korut"]\n')
    with pytest.raises(InputTypeError, match=r"^The 'base' parameter of Registry\.from_file: must be a Registry or None, got str — pass Registry\.default\(\)"):
        Registry.from_file(path, base="default")  # type: ignore[arg-type]


# -- detection evaluation --------------------------------------------------------------------------


def test_evaluate_detection_counts_per_party_and_micro():
    texts = ["Rusia dan AS berunding.", "Banjir di Jawa Barat.", "Xi Jinping menyambut Putin.", "Pelajaran hari ini."]
    gold = [
        {"china": False, "russia": True, "west": True},
        {"china": False, "russia": False, "west": False},
        {"china": True, "russia": True, "west": True},  # west is a miss (not named)
        {"china": True, "russia": False, "west": False},  # china is a miss (not named)
    ]
    result = evaluate_detection(texts, gold)
    assert result["task"] == "detect" and result["n"] == 4
    assert result["per_party"]["russia"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2, "tp": 2, "fp": 0, "fn": 0}
    assert result["per_party"]["west"]["recall"] == 0.5 and result["per_party"]["west"]["fn"] == 1
    assert result["per_party"]["china"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2, "tp": 1, "fp": 0, "fn": 1}
    assert result["micro_precision"] == 1.0 and result["micro_recall"] == pytest.approx(4 / 6)
    assert result["micro_f1"] == pytest.approx(0.8)


def test_evaluate_detection_needs_one_gold_row_per_text():
    with pytest.raises(InputTypeError, match=r"^The 'gold' parameter of evaluate_detection: must be a list of 2 dicts \(one per text\), got list of length 1 — pass one dict of party flags per text$"):
        evaluate_detection(["Rusia", "AS"], [{"russia": True}])


def test_read_detection_file(tmp_path):
    path = tmp_path / "detect.jsonl"
    path.write_text('{"text": "Rusia", "china": false, "russia": true, "west": false}\n\n', encoding="utf-8")
    assert read_detection_file(path) == [{"text": "Rusia", "china": False, "russia": True, "west": False}]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "Rusia", "russia": "yes"}', r"detect\.jsonl:2: party 'russia' must be true or false, got 'yes' — "
         r"write true or false \(or an annotation label: absent, negative, neutral, positive\)$"),
        ('{"text": "Rusia", "russia": 1}', r"detect\.jsonl:2: party 'russia' must be true or false, got 1 — write true or false"),
        ('{"text": "Rusia", "russia": null}', r"detect\.jsonl:2: party 'russia' must be true or false, got None — write true or false"),
        ('{"text": "Rusia", "rusia": true}', r"detect\.jsonl:2: the true/false field 'rusia' must name a party of the registry "
         r"\(china, russia, west\) — fix the name, or add the party with a registry file \(--registry FILE\)$"),
        ('{"russia": true}', r"detect\.jsonl:2: 'text' must be a non-empty string, got None — add the paragraph's text$"),
        ('{"text": "Rusia"}', r'detect\.jsonl:2: no party flags — add one per party, e\.g\. "china": true$'),
        ('{"text": "Rusia", "russia": tru}', r"detect\.jsonl:2: not valid JSON \(Expecting value\) — write one JSON object a line$"),
        ('["Rusia", true]', r"detect\.jsonl:2: each line must be a JSON object, got list — write one JSON object a line$"),
    ],
)
def test_read_detection_file_names_the_bad_line(tmp_path, line, message):
    path = tmp_path / "detect.jsonl"
    path.write_text('{"text": "AS", "west": true}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=message):
        read_detection_file(path)


def test_read_detection_file_takes_true_false_strings_and_ignores_other_fields(tmp_path):
    path = tmp_path / "detect.jsonl"
    row = {"id": 7, "lang": "id", "text": "Rusia", "china": "false", "russia": "TRUE", "west": " False ", "note": "x"}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert read_detection_file(path) == [{"text": "Rusia", "china": False, "russia": True, "west": False}]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("detect.csv", 'id,text,china,russia,west\n1,"Rusia, lalu AS",false,true,true\n2,Hujan.,False,FALSE,false\n'),
        ("detect.tsv", "id\ttext\tChina\tRussia\tWest\n1\tRusia, lalu AS\tfalse\ttrue\ttrue\n2\tHujan.\tFalse\tFALSE\tfalse\n"),
    ],
)
def test_read_detection_file_reads_csv_and_tsv_columns(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_detection_file(path) == [
        {"text": "Rusia, lalu AS", "china": False, "russia": True, "west": True},
        {"text": "Hujan.", "china": False, "russia": False, "west": False},
    ]


def test_read_detection_file_reads_annotation_labels(tmp_path):
    path = tmp_path / "ann.jsonl"
    row = {"item": "x:1:0", "lang": "id", "text": "Rusia", "sentiment": "neutral", "china": "absent", "russia": "negative", "west": "neutral"}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert read_detection_file(path) == [{"text": "Rusia", "china": False, "russia": True, "west": True}]


def test_read_detection_file_with_a_user_party(tmp_path, north_korea_registry):
    path = tmp_path / "detect.jsonl"
    path.write_text('{"text": "Korut menembakkan rudal.", "north_korea": true, "china": false}\n', encoding="utf-8")
    assert read_detection_file(path, north_korea_registry) == [{"text": "Korut menembakkan rudal.", "north_korea": True, "china": False}]
    with pytest.raises(DataFormatError, match=r"detect\.jsonl:1: the true/false field 'north_korea' must name a party of the registry \(china, russia, west\) — "):
        read_detection_file(path)


def test_read_detection_file_bad_csv_cell(tmp_path):
    path = tmp_path / "detect.csv"
    path.write_text("text,china,russia,west\nRusia,false,yes,false\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"detect\.csv:2: party 'russia' must be true or false, got 'yes' — write true or false"):
        read_detection_file(path)


def test_read_detection_file_without_rows(tmp_path):
    path = tmp_path / "detect.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r'detect\.jsonl: no rows found — write one row per paragraph with a true/false field per party, e\.g\. \{"text": "\.\.\.", "china": true, "russia": false, "west": false\}$'):
        read_detection_file(path)


def test_detection_rows_from_annotations(tmp_path):
    path = tmp_path / "ann.jsonl"
    row = {"item": "x:1:0", "lang": "id", "text": "Rusia", "sentiment": "neutral", "china": "absent", "russia": "negative", "west": "neutral"}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert detection_rows_from_annotations(path) == [{"text": "Rusia", "china": False, "russia": True, "west": True}]


def test_detection_rows_read_labels_as_every_labelled_file_does(tmp_path):
    path = tmp_path / "ann.jsonl"
    path.write_text(json.dumps({"text": "Rusia", "china": " Absent", "russia": "NEG", "west": "absent"}) + "\n",
                    encoding="utf-8")
    assert detection_rows_from_annotations(path) == [{"text": "Rusia", "china": False, "russia": True, "west": False}]


def test_detection_rows_reject_unknown_labels(tmp_path):
    path = tmp_path / "ann.jsonl"
    path.write_text(json.dumps({"text": "Rusia", "china": "absent", "russia": "hostile", "west": "absent"}) + "\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"ann\.jsonl:1: 'russia' must be one of absent, negative, neutral, positive, got 'hostile' — fix the label"):
        detection_rows_from_annotations(path)


# -- the annotated data (skips without ../shared/data) ------------------------------------------


def test_micro_f1_on_the_annotations_is_at_least_097(data_dir):
    texts, gold = [], []
    for name in ("paragraphs_id.jsonl", "paragraphs_en.jsonl"):
        for row in detection_rows_from_annotations(data_dir / "annotations" / name):
            texts.append(row.pop("text"))
            gold.append(row)
    result = evaluate_detection(texts, gold)
    assert result["micro_f1"] >= 0.97, result
    assert all(p["f1"] >= 0.94 for p in result["per_party"].values()), result["per_party"]
