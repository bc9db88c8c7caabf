from crawler.text import clean_line, clean_multiline, word_count


def test_clean_line_collapses_space_and_removes_controls():
    assert clean_line("  Police\u00a0 department\tstormed\x07 \n again ") == "Police department stormed again"


def test_clean_line_folds_every_line_break_kind():
    assert clean_line("a\u2028b\u2029c\x85d\re") == "a b c d e"


def test_clean_line_applies_nfc():
    assert clean_line("\u0418\u0306") == "\u0419"  # И + combining breve -> Й
    assert clean_line("cafe\u0301") == "caf\u00e9"


def test_empty_after_cleaning_is_none():
    assert clean_line(" \x00\t ") is None
    assert clean_multiline("\n\n \n") is None
    assert clean_line(None) is None


def test_multiline_keeps_paragraphs_and_single_breaks():
    text = "First  para\r\nline two\n\n\n\n  Second para \u2029Third"
    assert clean_multiline(text) == "First para\nline two\n\nSecond para\nThird"


def test_word_count_counts_cyrillic_words():
    assert word_count("Власти объявили комендантский час.") == 4
    assert word_count(None) == 0
