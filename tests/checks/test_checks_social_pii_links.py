"""``pii`` and ``links``."""

import pytest

from socialgov.checks.engine import PostInput, RuleError, RuleSpec, compile


def run(rule, text, **post):
    result = compile([rule]).check(PostInput(text=text, **post)).findings
    result = [f for f in result if f.rule_id == rule.id]
    for f in result:
        assert text[f.start : f.end] == f.matched
    return result


def pii(types=None, **kwargs):
    params = {} if types is None else {"types": types}
    return RuleSpec(id="pii", kind="pii", params=params, severity="error", **kwargs)


@pytest.mark.parametrize(
    "phone",
    [
        "+1 (514) 555-0123",
        "(514) 555-0123",
        "514-555-0123",
        "514.555.0123",
        "514 555 0123",
        "1-800-555-0199",
        "+33 1 23 45 67 89",
        "+44 20 7946 0958",
    ],
)
def test_phone_numbers_in_french_and_english(phone):
    for text in (f"Appelez-nous au {phone}!", f"Call us at {phone}."):
        (finding,) = run(pii(), text)
        assert finding.matched == phone
        assert "phone number" in finding.message["en"]
        assert "numéro de téléphone" in finding.message["fr"]
        assert finding.severity == "error"


@pytest.mark.parametrize(
    "text",
    [
        "Depuis 1998, en 2024-2025 et le 2024-05-12.",
        "Seulement 1 299,99 $ ou $1,299.99 — 15 % de rabais.",
        "Order #123456 ships on 12/05/2024 at 10:30.",
        "Version 2.3.4, code 4111 1111 1111 1112.",  # not Luhn-valid
        "Appelez le 555-0123.",  # 7 digits: not enough
    ],
)
def test_years_prices_dates_and_invalid_numbers_are_not_pii(text):
    assert run(pii(), text) == []


def test_email_card_and_sin_with_masked_messages():
    text = (
        "Écrivez à marie.tremblay@exemple.ca. Carte 4111 1111 1111 1111, "
        "NAS 130-692-544, Amex 378282246310005."
    )
    found = run(pii(), text)
    assert [f.matched for f in found] == [
        "marie.tremblay@exemple.ca",
        "4111 1111 1111 1111",
        "130-692-544",
        "378282246310005",
    ]
    assert found[0].message["fr"] == (
        "Renseignement personnel (adresse courriel) dans une publication publique : "
        "« marie.tremblay@exemple.ca »."
    )
    assert found[1].message["en"] == (
        "Personal information (credit card number) in a public post: “••••••••••••1111”."
    )
    assert "4111 1111" not in found[1].message["fr"]
    assert "numéro d’assurance sociale" in found[2].message["fr"]
    assert "social insurance number" in found[2].message["en"]


def test_pii_types_select_what_is_checked():
    text = "Email me: joe@example.com or call 514-555-0123"
    assert [f.matched for f in run(pii(["email"]), text)] == ["joe@example.com"]
    assert [f.matched for f in run(pii(["phone"]), text)] == ["514-555-0123"]
    with pytest.raises(RuleError):
        compile([pii(["passport"])])
    with pytest.raises(RuleError):
        compile([pii("email")])


def test_pii_message_template_of_the_rule_wins():
    rule = pii(message={"en": "No PII: %s", "fr": "Pas de RP : %s"})
    (finding,) = run(rule, "joe@example.com")
    assert finding.message == {"en": "No PII: joe@example.com", "fr": "Pas de RP : joe@example.com"}


def links(**params):
    return RuleSpec(id="links", kind="links", params=params)


def test_shorteners_are_flagged_in_both_languages():
    text = "Détails : bit.ly/3abc et https://tinyurl.com/xyz, or lnkd.in/e9Z."
    found = run(links(), text)
    assert [f.matched for f in found] == ["bit.ly/3abc", "https://tinyurl.com/xyz", "lnkd.in/e9Z"]
    assert found[0].message == {
        "en": "Shortened link (bit.ly): readers cannot see where it leads.",
        "fr": "Lien raccourci (bit.ly) : on ne voit pas où il mène.",
    }
    assert run(links(shorteners=False), text) == []


def test_allow_and_deny_lists_include_subdomains():
    text = "Voir https://boutique.exemple.ca/promo, www.concurrent.com et https://exemple.ca."
    rule = links(allow=["exemple.ca"], deny=["concurrent.com"])
    found = run(rule, text)
    assert [f.matched for f in found] == ["www.concurrent.com"]
    assert found[0].message["fr"] == "Lien vers un domaine interdit : www.concurrent.com."
    found = run(links(allow=["exemple.ca"]), "Shop at https://amazon.com/dp/1 or exemple.ca/x")
    assert [f.matched for f in found] == ["https://amazon.com/dp/1"]
    assert found[0].message["en"] == (
        "Link to a domain that is not on the approved list: amazon.com."
    )
    # "notexemple.ca" is not a subdomain of "exemple.ca".
    assert [f.matched for f in run(links(allow=["exemple.ca"]), "notexemple.ca/a")] == [
        "notexemple.ca/a"
    ]


def test_link_trailing_punctuation_and_brackets():
    text = "(voir https://fr.wikipedia.org/wiki/Québec_(ville)), ok."
    found = run(links(allow=["exemple.ca"]), text)
    assert [f.matched for f in found] == ["https://fr.wikipedia.org/wiki/Québec_(ville)"]


def test_links_params_are_validated():
    with pytest.raises(RuleError):
        compile([links(allow="exemple.ca")])
    with pytest.raises(RuleError):
        compile([links(deny=["not a domain"])])


def test_links_x_does_not_link_are_still_judged_by_where_they_lead():
    # X's own finder links none of these; a browser opens every one.
    from socialgov.checks import urls

    text = ("Log in at https://paypal.com@evil.com/login, or http://192.168.0.1/admin, "
            "or https://user:pw@bank.com.evil.co/x.")
    assert [(text[u.start:u.end], u.host) for u in urls.find_links(text)] == [
        ("https://paypal.com@evil.com/login", "evil.com"),
        ("http://192.168.0.1/admin", "192.168.0.1"),
        ("https://user:pw@bank.com.evil.co/x", "bank.com.evil.co"),
    ]
    # X's links are kept as X finds them.
    assert urls.find_links("Voir exemple.com/page et https://exemple.quebec/promo.") == \
        urls.find_urls("Voir exemple.com/page et https://exemple.quebec/promo.")


def test_a_deny_list_catches_a_host_hidden_behind_a_user_name():
    rule = RuleSpec(id="r", kind="links", params={"deny": ["evil.com"]}, severity="error")
    [finding] = run(rule, "Log in at https://paypal.com@evil.com/login now")
    assert finding.matched == "https://paypal.com@evil.com/login"
