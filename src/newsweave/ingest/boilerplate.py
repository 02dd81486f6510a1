"""Rule-based boilerplate filter: drops lines that are page furniture, not reporting.

Rules are line patterns in many languages (share/subscribe prompts, "Source link", photo
credits, cookie notices). A line is dropped only when a rule matches and the line is short:
a long paragraph that happens to mention Telegram is reporting, not furniture.
"""

from __future__ import annotations

import re

# Each pattern matches the whole (short) line, case-insensitively.
_RULES: tuple[str, ...] = (
    r"(source|original)\s+link\.?",
    r"comments?\s+(are|is)\s+closed\.?",
    r"(read|subscribe|follow|join)\b.{0,40}\b(telegram|whatsapp|twitter|facebook|channel|newsletter|x\.com)\b.*",
    r"(подписывайтесь|подпишитесь|читайте|следите)\b.{0,60}\b(telegram|телеграм|канал|дзен|vk|вконтакте)\b.*",
    r".{0,40}(telegram|телеграм)[-\s]?(channel|канал).{0,40}",
    r"(photo|foto|фото|عکس|صورة|图|圖|ảnh|fotó|photograph)\s*[:：(©].{0,120}",
    r"\(?(photo|foto|фото|ảnh)\s*:.{0,100}\)?",
    r"©.{0,100}",
    r"(all rights reserved|все права защищены|tous droits réservés|todos los derechos reservados).{0,80}",
    r"(share|поделиться|compartir|partager|اشتراک|مشاركة)\s*(this|on|:)?.{0,40}",
    r"(advertisement|реклама|publicidad|تبلیغات|إعلان)\.?",
    r"(we use cookies|this site uses cookies|cookie policy|мы используем cookie).{0,160}",
    r"(related|read also|see also|читайте также|смотрите также|leer también|lire aussi|بیشتر بخوانید|اقرأ أيضا|اقرأ أيضًا)\s*:?.{0,160}",
    r"(tags?|теги|برچسب‌?ها|الوسوم)\s*:.{0,200}",
    r"(sursă|source|источник|fuente|منبع|المصدر)\s*:\s*https?://\S+",
    r"(яндекс\.метрика|scorecardresearch|google analytics).{0,40}",
)
_PATTERN = re.compile("|".join(f"(?:{rule})" for rule in _RULES), re.IGNORECASE)
MAX_BOILERPLATE_LINE = 200


def is_boilerplate(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= MAX_BOILERPLATE_LINE and bool(_PATTERN.fullmatch(line))


def strip_boilerplate(text: str) -> tuple[str, int]:
    """Return the text without boilerplate lines, and how many lines were dropped."""
    kept, dropped = [], 0
    for line in text.split("\n"):
        if is_boilerplate(line):
            dropped += 1
        else:
            kept.append(line)
    return "\n".join(kept).strip(), dropped
