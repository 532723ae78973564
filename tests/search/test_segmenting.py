"""Words in text for the search: Lao, written without spaces, segmented by ICU's dictionary."""

from search.segmenting import END, START, marked, query_words, unmarked


def words_of(marked_text: str) -> list[str]:
    return [piece.split(END)[0] for piece in marked_text.split(START)[1:]]


def test_a_lao_run_is_split_into_its_words():
    assert words_of(marked("ພະແນກຄູ່ຮ່ວມມືພາຍນອກ", "lo")) == ["ພະແນກ", "ຄູ່", "ຮ່ວມມື", "ພາຍນອກ"]


def test_the_nominalisers_are_split_off_a_word_and_left_out_of_a_query():
    # ICU reads ການຝຶກອົບຮົມ as ການຝຶກ | ອົບຮົມ, but ໂຄງການຝຶກອົບຮົມ as ໂຄງການ | ຝຶກ | ອົບຮົມ.
    assert words_of(marked("ໂຄງການການຝຶກອົບຮົມ", "lo")) == ["ໂຄງການ", "ການ", "ຝຶກ", "ອົບຮົມ"]
    assert query_words("ການຝຶກອົບຮົມ", "lo") == ["ຝຶກ", "ອົບຮົມ"]
    assert query_words("ການ", "lo") == ["ການ"]


def test_english_words_are_lower_case_once_each_without_punctuation():
    assert query_words("ASEAN-IPR, the asean  Lao PDR!", "en") == [
        "asean",
        "ipr",
        "the",
        "lao",
        "pdr",
    ]


def test_marking_gives_the_text_back_unchanged_but_for_control_characters():
    text = "Leg 3 – ໄຕມາດທີ 3 ຂອງປີ 2021 😀 (tentative)\nNext line"
    assert unmarked(marked(text, "lo")) == text
    assert words_of(marked("😀 x 😀 ຫົວໜ້າພະແນກ", "lo")) == ["x", "ຫົວໜ້າ", "ພະແນກ"]
    assert unmarked(marked("a\x1eb\x02c\x1f", "en")) == "abc"


def test_a_query_without_words_has_none():
    assert query_words(" -- ,.; ", "en") == []
