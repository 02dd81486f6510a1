from __future__ import annotations

import pytest

from newsweave.ingest.boilerplate import is_boilerplate, strip_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Source link",
        "Comments are closed.",
        "Read more in our Telegram-channel",
        "Подписывайтесь на наш Telegram-канал",
        "Photo: Reuters",
        "Фото: пресс-служба",
        "© 2025 Example News. All rights reserved.",
        "Читайте также: другие новости дня",
    ],
)
def test_furniture_lines_are_dropped(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The secretaries discussed terrorism and cybercrime in Moscow.",
        "Секретарь Совбеза заявил, что встреча прошла успешно.",
        "Delegations from 105 countries took part (Photo: VNA) in the plenary session, "
        "which was chaired by the secretary of the Security Council of the host country.",
    ],
)
def test_reporting_is_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_strip_counts_dropped_lines() -> None:
    text, dropped = strip_boilerplate("Real news here.\nSource link\nComments are closed.")
    assert text == "Real news here." and dropped == 2
