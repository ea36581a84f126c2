"""A text cut into runs at the edges of its findings, each run with the findings that
cover it: what a page marks in place (a post's texts, a rule tried on a sample)."""

from dataclasses import dataclass, field

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Segment:
    text: str
    findings: list = field(default_factory=list)
    start: int = 0

    @property
    def severity(self):
        if not self.findings:
            return ""
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)

    @property
    def finding_numbers(self):
        return " ".join(str(f.number) for f in self.findings)

    @property
    def starts(self):
        """The findings that begin here: the places a card's link goes to."""
        return [f for f in self.findings if f.start == self.start]


def segments(text, findings, number_from=1):
    """Split ``text`` at every finding boundary; overlapping findings share a run.

    Each finding gets a ``number`` (from ``number_from``: a version's texts
    share one list) that the list beside the text uses.
    """
    spans = []
    for number, finding in enumerate(findings, start=number_from):
        finding.number = number
        if finding.end > finding.start:
            spans.append(finding)
    cuts = sorted({0, len(text)} | {f.start for f in spans} | {f.end for f in spans})
    result = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start >= end or start >= len(text):
            continue
        covering = [f for f in spans if f.start <= start and f.end >= end]
        result.append(Segment(text[start:end], covering, start))
    return result


