"""Records of the data model."""

from newsweave.model import Article


def test_document_appends_a_title_the_text_lacks() -> None:
    a = Article(id="a", text="The conference opened.", title="Ninth Moscow Conference held")
    assert a.document == "The conference opened.\n\nNinth Moscow Conference held"
    assert a.document.startswith(a.text)  # offsets into the text stay valid


def test_document_is_the_text_when_it_holds_the_title() -> None:
    a = Article(
        id="a",
        text="Ninth Moscow Conference held\nThe conference opened.",
        title="Ninth Moscow Conference held",
    )
    assert a.document == a.text
    assert Article(id="b", text="Body.").document == "Body."
