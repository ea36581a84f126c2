"""``calendar``, ``language`` and the built-in language detector."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from socialgov.checks.engine import PostInput, RuleError, RuleSpec, compile
from socialgov.checks.language import detect_language
from socialgov.checks.rules.sensitive_dates import default_dates

MONTREAL = ZoneInfo("America/Montreal")


def run(rule, text, **post):
    result = compile([rule]).check(PostInput(text=text, **post)).findings
    return [f for f in result if f.rule_id == rule.id]


def calendar(**params):
    return RuleSpec(id="cal", kind="calendar", params=params, severity="error")


def test_sale_on_remembrance_day_in_french_and_english():
    when = datetime(2025, 11, 11, 10, 0, tzinfo=MONTREAL)
    (finding,) = run(calendar(), "Nos soldes continuent!", planned_at=when)
    assert (finding.start, finding.end, finding.matched) == (0, 0, "")
    assert finding.message == {
        "en": "Promotional post planned on a day of remembrance: Remembrance Day.",
        "fr": "Publication promotionnelle prévue un jour de commémoration : Jour du Souvenir.",
    }
    (finding,) = run(calendar(), "New arrivals", planned_at=when, objective="sell")
    assert finding.severity == "error"


def test_non_promotional_post_on_a_sensitive_day_is_only_a_reminder():
    when = datetime(2025, 11, 11, 11, 0, tzinfo=MONTREAL)
    found = run(calendar(), "Nous nous souvenons.", planned_at=when, objective="inform")
    assert [f.severity for f in found] == ["info"]
    assert run(calendar(by_content=False), "Nous nous souvenons.", planned_at=when) == []
    assert run(calendar(), "Shop now!", planned_at=None) == []


def test_the_date_is_read_on_the_brands_clock():
    # 2025-12-06 03:00 UTC is still December 5 in Montréal, but December 6 in Paris.
    when = datetime(2025, 12, 6, 3, 0, tzinfo=UTC)
    text = "Promo -20 % sur tout"
    assert run(calendar(), text, planned_at=when, time_zone="America/Toronto") == []
    (finding,) = run(calendar(), text, planned_at=when, time_zone="Europe/Paris")
    assert "Polytechnique" in finding.message["en"]
    # A naive datetime is taken as already on the brand's clock.
    assert run(calendar(), text, planned_at=datetime(2025, 12, 6, 23, 0))


def test_custom_dates_and_promo_terms():
    rule = calendar(
        dates=[
            {"date": "2026-03-15", "name_en": "Our founder's funeral", "name_fr": "Funérailles"},
            {"date": "07-01", "name_en": "Canada Day"},
        ],
        promo_terms=["concours"],
    )
    when = datetime(2026, 3, 15, 9, tzinfo=MONTREAL)
    (finding,) = run(rule, "Participez à notre concours", planned_at=when)
    assert finding.message["fr"].endswith(": Funérailles.")
    assert run(rule, "Participez à notre concours", planned_at=when.replace(year=2027)) == []
    (finding,) = run(rule, "x", planned_at=datetime(2030, 7, 1, tzinfo=MONTREAL), objective="sell")
    assert finding.message["fr"].endswith(": Canada Day.")


@pytest.mark.parametrize(
    "dates", ["11-11", [{"date": "13-01"}], [{"date": "02-30"}], [{"name_en": "x"}], ["11-11"]]
)
def test_invalid_dates_are_rule_errors(dates):
    with pytest.raises(RuleError):
        compile([calendar(dates=dates)])


def test_default_dates_ship_with_the_package():
    dates = {d["date"]: d for d in default_dates()}
    for day in ("01-27", "01-29", "04-28", "06-23", "09-11", "09-30", "11-11", "12-06"):
        assert dates[day]["name_en"] and dates[day]["name_fr"]


def test_no_moving_date_runs_out_within_a_year():
    """A day whose date moves (Yom HaShoah) is listed year by year: the list must reach
    at least a year past today, or brands stop being warned without a word."""
    last_year_of = {}
    for day in default_dates():
        year, _, rest = str(day["date"]).partition("-")
        if rest.count("-") == 1:  # "YYYY-MM-DD": that day only
            name = day["name_en"]
            last_year_of[name] = max(last_year_of.get(name, 0), int(year))
    assert last_year_of, "no moving date listed"
    next_year = datetime.now(UTC).year + 1
    running_out = {name: year for name, year in last_year_of.items() if year <= next_year}
    assert not running_out, f"add the next dates of {running_out}"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Découvrez notre nouvelle collection d’automne, conçue à Montréal!", "fr"),
        ("Merci pour votre message, nous vous revenons rapidement.", "fr"),
        ("L’été est là", "fr"),
        ("Discover our new fall collection, designed in Montréal!", "en"),
        ("Thanks for reaching out, we'll get back to you shortly.", "en"),
        ("🎉🎉🎉", None),
        ("", None),
        ("OK", None),
        ("مرحبا بكم في متجرنا", None),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def lang_rule(allowed=None):
    params = {} if allowed is None else {"allowed": allowed}
    return RuleSpec(id="lang", kind="language", params=params)


def test_language_rule_uses_the_given_or_detected_language():
    (finding,) = run(lang_rule(["fr"]), "Shop our new collection today", language=None)
    assert (finding.start, finding.end) == (0, 0)
    assert finding.message == {
        "en": "This post is in English, which is not one of the brand's languages.",
        "fr": "Cette publication est en anglais, qui n’est pas une langue de la marque.",
    }
    assert run(lang_rule(["fr"]), "Découvrez notre collection", language=None) == []
    assert run(lang_rule(["fr"]), "whatever", language="fr") == []
    assert run(lang_rule(), "Shop our new collection today", language=None) == []
    assert run(lang_rule(["en"]), "🎉🎉", language=None) == []  # undecided: not reported
