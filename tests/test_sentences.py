"""The sentence around a claim, shown in the review queue."""

from __future__ import annotations

from annotations.sentences import sentence_around

BODY = (
    "Harbour city, Monday. Speaking after the vote, the chair of the Damascus League said that 1,200 containers "
    "were moved overnight, a record. The mayor disagreed!\nA second paragraph."
)


def span(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def test_the_context_runs_from_the_start_to_the_end_of_the_sentence():
    ctx = sentence_around(BODY, *span("1,200 containers"))
    assert ctx.before == "Speaking after the vote, the chair of the Damascus League said that "
    assert ctx.after == " were moved overnight, a record."
    assert not ctx.cut_before and not ctx.cut_after


def test_a_line_break_and_an_exclamation_mark_end_sentences_too():
    ctx = sentence_around(BODY, *span("disagreed"))
    assert ctx.before == "The mayor "
    assert ctx.after == "!"
    second = sentence_around(BODY, *span("second"))
    assert (second.before, second.after) == ("A ", " paragraph.")


def test_a_long_sentence_is_cut_at_the_limit_and_says_so():
    body = "Start. " + "word " * 200 + "CLAIM" + " word" * 200 + ". End."
    ctx = sentence_around(body, body.index("CLAIM"), body.index("CLAIM") + 5, limit=50)
    assert len(ctx.before) <= 50 and len(ctx.after) <= 50
    assert ctx.cut_before and ctx.cut_after


def test_arabic_sentences_end_at_the_arabic_question_mark():
    body = "هل انتهى الحريق؟ قال المتحدث إن الحريق دمّر ثلاثة مبانٍ. وأكدت الشرطة."
    start = body.index("الحريق دمّر")
    ctx = sentence_around(body, start, start + len("الحريق دمّر"))
    assert ctx.before == "قال المتحدث إن "
    assert ctx.after == " ثلاثة مبانٍ."
