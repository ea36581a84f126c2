"""Rebuild ``words-en.txt.gz`` and ``words-fr.txt.gz`` (hashtag segmentation word lists).

Developer tool, not used at run time:  pip install wordfreq==3.1.1 && \
    python socialgov/checks/data/build_wordlists.py

Each line is ``word zipf`` (Zipf frequency x 10, an integer: 30 = once per million words),
words accent-folded and lower-cased like the engine's normalised text, letters a-z only.
Words of three letters or more with a Zipf frequency of at least 3.0 are kept; one- and
two-letter "words" are taken only from the short lists below (wordfreq's own lists are
full of abbreviations such as "cl" or "ss" that would let anything be segmented).
"""

import gzip
import re
import unicodedata
from pathlib import Path

from wordfreq import iter_wordlist, zipf_frequency

MIN_ZIPF = 3.0
SHORT = {
    "en": "a i s am an as at be by do go he hi if in is it me my no of oh ok on or so to "
    "up us we",
    "fr": "a y au ce ci de du en et eu il je la le ma me mi ne ni nu on ou sa se si ta te "
    "tu un va vu",
}
WORD = re.compile(r"[a-z]+")


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if unicodedata.category(c)[0] != "M")


def build(lang: str) -> dict[str, int]:
    words: dict[str, int] = {}
    for word in SHORT[lang].split():
        words[word] = max(1, round(zipf_frequency(word, lang) * 10))
    for word in iter_wordlist(lang):
        zipf = zipf_frequency(word, lang)
        if zipf < MIN_ZIPF:
            break
        folded = fold(word)
        if len(folded) >= 3 and WORD.fullmatch(folded) and folded not in words:
            words[folded] = round(zipf * 10)
    return words


def main() -> None:
    here = Path(__file__).resolve().parent
    for lang in SHORT:
        words = build(lang)
        lines = "".join(f"{w} {z}\n" for w, z in sorted(words.items(), key=lambda i: -i[1]))
        with gzip.GzipFile(here / f"words-{lang}.txt.gz", "wb", mtime=0) as f:
            f.write(lines.encode())
        print(lang, len(words))


if __name__ == "__main__":
    main()
