"""The brand admin's forms: rules, voice guidelines, members and brand settings.

Each form also knows how to describe a change in words, for the audit trail.
"""

import functools
import importlib.resources
import json

from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.models import Role
from socialgov.accounts.permissions import unverified
from socialgov.brands import rule_checks, rule_words, strategy
from socialgov.brands.models import (
    BRAND_SETTINGS,
    LANGUAGE_CHOICES,
    LANGUAGE_CODES,
    MIX_WINDOW_MAX_DAYS,
    PACK_CHOICES,
    RETENTION_MAX_DAYS,
    RETENTION_MIN_DAYS,
    STRATEGY_SETTINGS,
    Brand,
    Rule,
    RuleKind,
    SensitiveDate,
    VoiceGuideline,
    WatchWord,
)
from socialgov.checks.base import NETWORKS
from socialgov.checks.networks import display_name as network_name
from socialgov.lib.forms import Form, ModelForm
from socialgov.lib.typography import in_language

# One example of valid parameters per rule kind, shown under the params box.
PARAMS_EXAMPLES = {
    RuleKind.BANNED_TERMS: {"terms": ["cheap", "guaranteed"], "exceptions": ["Cheap Monday"]},
    RuleKind.SUBSTITUTION: {"swap": {"utilize": "use"}},
    RuleKind.MAX_COUNT: {"pattern": "#\\w+", "max": 2},
    RuleKind.MAX_LENGTH: {"limits": {"x": 280}},
    RuleKind.EXISTENCE: {"tokens": ["\\d+ ?%"], "ignorecase": True},
    RuleKind.OCCURRENCE: {"token": "\\?", "max": 1},
    RuleKind.REPETITION: {"tokens": ["[^\\s]+"], "alpha": True, "ignorecase": True},
    RuleKind.CONSISTENCY: {"either": {"e-?mail": "courriel"}, "ignorecase": True},
    RuleKind.CONDITIONAL: {"first": "\\b([A-Z]{3,5})\\b", "second": "\\(([A-Z]{3,5})\\)"},
    RuleKind.CAPITALIZATION: {"match": "$sentence", "exceptions": ["Montréal"]},
}


def _number(value):
    """An int from a field's value (posted text or an int), else None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def changed_fields(before, after):
    """The keys of two snapshots (``rule_snapshot``) whose values differ."""
    return [key for key, (_label, old) in before.items() if after[key][1] != old]


def _params_json(params):
    return json.dumps(params or {}, ensure_ascii=False, sort_keys=True)


# -- rules ------------------------------------------------------------------


MATCH = "{match}"  # what a rule's message shows for the matched words (the engine's %s)
# What a count counts, said in words; the pattern is the engine's.
COUNTED = rule_words.COUNTED
SWAP_ROWS_BLANK = 3  # empty rows below a substitution's pairs (and a spelling's)
MAX_ROWS = 500  # rows of a table a page may send


_lines = rule_words.lines

# A sample of the match for each kind, in each language, while the messages are typed
# (see RuleForm.message_samples); the others take the first word of their list.
STAND_INS = {
    RuleKind.REPETITION: {"en": "the", "fr": "le"},
    RuleKind.CONDITIONAL: {"en": "WHO", "fr": "OMS"},
    # A headline in another style than the rule's (its %s is the headline).
    "$title": {"en": "Our new store opens today", "fr": "Notre nouvelle boutique ouvre"},
    "$sentence": {"en": "Our New Store Opens Today", "fr": "Notre Nouvelle Boutique Ouvre"},
    "$lower": {"en": "Our new store opens today", "fr": "Notre nouvelle boutique ouvre"},
    "$upper": {"en": "Our new store opens today", "fr": "Notre nouvelle boutique ouvre"},
    "hashtags": "#promo",
    "mentions": "@name",
    "links": "https://example.com",
    "exclamations": "!",
}

# What {match} stands for in a message of each kind, where it is not the matched words
# (the engine's %s of each kind); a suggestion's may differ.
MATCH_HELP = {
    RuleKind.MAX_LENGTH: _("Write {match} where the network’s name goes."),
    RuleKind.OCCURRENCE: _("Write {match} where the number of occurrences goes."),
    RuleKind.CAPITALIZATION: _("Write {match} where the text in the wrong capitals goes."),
}
SUGGESTION_MATCH_HELP = {
    **MATCH_HELP,
    RuleKind.SUBSTITUTION: _("Write {match} where the word to write instead goes."),
}


def _match_help(special):
    """The help of a message field: what {match} stands for, one sentence per kind,
    shown for the kind chosen (see rule_form.js; without JavaScript, each names its
    kind)."""
    others = " ".join(kind for kind in RuleKind.values if kind not in special)
    return format_html(
        '<span data-kind="{}">{}</span>{}', others,
        _("Write {match} where the matched words go."),
        format_html_join("", ' <span data-kind="{}"><span data-kind="-">{}</span>{}</span>', (
            (kind, gettext("%(name)s:") % {"name": RuleKind(kind).label} + " ", text)
            for kind, text in special.items())))


CAPITALIZATION_STYLES = (
    ("$sentence", _("Sentence case: only the first word and names (“Our new store in "
                    "Montréal”)")),
    ("$title", _("Title case: each main word (“Our New Store in Montréal”)")),
    ("$lower", _("Lower case (“our new store in montréal”)")),
    ("$upper", _("Capitals (“OUR NEW STORE IN MONTRÉAL”)")),
)
CAPITALIZATION_SCOPES = (
    ("heading", _("The first line (the headline)")),
    ("sentence", _("Every sentence")),
    ("paragraph", _("Every line")),
)


class RuleForm(ModelForm):
    """A brand's rule. Every kind is edited in words (a list of words, a table of
    substitutions or of spellings, a number per network, what to count and how many,
    abbreviations, a style of capitals; see ``rule_words``); every kind can also be
    edited as JSON under "Advanced", regular expressions included. Messages show
    ``{match}`` where the matched words go; an empty message says the kind's default.
    What makes a rule valid is ``rule_checks``'s, as for the rules file and restores;
    the name is the rule's own within the brand."""

    PLAIN_KINDS = tuple(RuleKind)

    terms = forms.CharField(
        label=_("Words and phrases"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("One a line. Capitals and accents need not be listed: "
                    "“cheap” also finds “Cheap” and “CHEAP”."),
    )
    exceptions = forms.CharField(
        label=_("Exceptions"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("Phrases in which a word of the list is fine, one a line "
                    "(e.g. “Cheap Monday”)."),
    )
    counted = forms.ChoiceField(
        label=_("What to count"), required=False,
        choices=[(key, label) for key, (label, _pattern) in COUNTED.items()]
        + [(rule_words.COUNT_WORD, _("A word or phrase"))],
    )
    count_word = forms.CharField(
        label=_("Word or phrase to count"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        help_text=_("When you count a word or phrase: capitals do not matter."),
    )
    least = forms.IntegerField(label=_("At least"), required=False, min_value=0,
                               max_value=1000)
    most = forms.IntegerField(label=_("At most"), required=False, min_value=0,
                              max_value=1000)
    any_case = forms.BooleanField(
        label=_("Also when only the capitals differ (“The the”)"), required=False)
    repeat_exceptions = forms.CharField(
        label=_("Words that may be doubled"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=_("One a line: in French, “nous nous” and “vous vous” are correct."),
    )
    abbreviations = forms.CharField(
        label=_("Abbreviations"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("One a line (e.g. WHO). Leave empty to check every word of 3 to 5 "
                    "capital letters."),
    )
    known = forms.CharField(
        label=_("Abbreviations everyone knows"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=_("They need no spelling out. One a line (e.g. NASA)."),
    )
    cap_style = forms.ChoiceField(label=_("Style"), required=False,
                                  choices=CAPITALIZATION_STYLES, widget=forms.RadioSelect)
    cap_scope = forms.ChoiceField(label=_("Where"), required=False,
                                  choices=CAPITALIZATION_SCOPES)
    keep_capitals = forms.CharField(
        label=_("Words that keep their own capitals"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=_("The style does not apply to them. One a line (e.g. Montréal, "
                    "iPhone)."),
    )
    advanced = forms.BooleanField(
        label=_("Use the parameters below (JSON) instead of the fields above"),
        required=False,
    )
    params = forms.CharField(
        label=_("Parameters (JSON)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocapitalize": "off"}),
    )

    class Meta:
        model = Rule
        fields = [
            "name",
            "kind",
            "severity",
            "enabled",
            "message_en",
            "suggestion_en",
            "message_fr",
            "suggestion_fr",
            "guideline",
            "params",
        ]

    def __init__(self, *args, brand, **kwargs):
        super().__init__(*args, **kwargs)
        self.brand = brand
        self.fields["guideline"].queryset = brand.guidelines.all()
        for name in ("message_en", "message_fr"):
            self.fields[name].help_text = format_html(
                "{} {}", _match_help(MATCH_HELP),
                _("Leave it empty for the default message of this kind of rule (the sample "
                  "below shows it)."))
        for name in ("suggestion_en", "suggestion_fr"):
            self.fields[name].help_text = _match_help(SUGGESTION_MATCH_HELP)
        self.fields["params"].help_text = format_html(
            "{}<br>{}",
            gettext("An object whose keys depend on the kind. Examples:"),
            format_html_join(
                mark_safe("<br>"),
                "{} <code>{}</code>",
                (
                    # "Banned terms:", "Termes interdits :": the colon as each language sets it.
                    (gettext("%(name)s:") % {"name": RuleKind(kind).label},
                     json.dumps(example, ensure_ascii=False))
                    for kind, example in PARAMS_EXAMPLES.items()
                ),
            ),
        )
        params = self.instance.params or {}
        self.swap_rows = max(len(params.get("swap") or {}) + SWAP_ROWS_BLANK,
                             self._posted_rows("swap_from_"))
        for i in range(self.swap_rows):
            self.fields[f"swap_from_{i}"] = forms.CharField(
                label=_("Instead of"), required=False, max_length=200)
            self.fields[f"swap_to_{i}"] = forms.CharField(
                label=_("Write"), required=False, max_length=200)
        either = params.get("either")
        self.either_rows = max((len(either) if isinstance(either, dict) else 0)
                               + SWAP_ROWS_BLANK, self._posted_rows("either_"))
        for i in range(self.either_rows):
            self.fields[f"either_{i}"] = forms.CharField(
                label=_("One spelling"), required=False, max_length=200)
            self.fields[f"or_{i}"] = forms.CharField(
                label=_("The other spelling"), required=False, max_length=200)
        for network in NETWORKS:
            self.fields[f"limit_{network}"] = forms.IntegerField(
                label=network_name(network), required=False, min_value=1, max_value=100000)
        if not self.is_bound:
            self._show(params)

    def _posted_rows(self, prefix):
        """How many rows of a table (``prefix``: its first column) the page sent."""
        if not self.is_bound:
            return 0
        numbers = (key.rpartition("_")[2] for key in self.data if key.startswith(prefix))
        rows = [int(number) for number in numbers
                if number.isascii() and number.isdigit() and len(number) <= 4]
        return min(max(rows, default=-1) + 1, MAX_ROWS)

    def _show(self, params):
        """The rule's parameters in the fields that say them in words, and its
        messages with {match}."""
        self.initial["params"] = json.dumps(params, ensure_ascii=False, indent=2)
        for name in ("message_en", "message_fr", "suggestion_en", "suggestion_fr"):
            value = getattr(self.instance, name, "")
            if value:
                self.initial[name] = value.replace("%s", MATCH)
        self.initial["terms"] = "\n".join(map(str, params.get("terms") or []))
        self.initial["exceptions"] = "\n".join(map(str, params.get("exceptions") or []))
        for i, (before, after) in enumerate((params.get("swap") or {}).items()):
            self.initial[f"swap_from_{i}"], self.initial[f"swap_to_{i}"] = before, after
        for network, limit in (params.get("limits") or {}).items():
            self.initial[f"limit_{network}"] = limit
        # A new rule's choices in words.
        self.initial.update(any_case=True, cap_style="$sentence", cap_scope="heading",
                            repeat_exceptions="\n".join(rule_words.REPEAT_EXCEPTIONS))
        kind = self.instance.kind
        if kind in rule_words.KINDS:
            fields = rule_words.read(kind, params)
            # A rule whose parameters say what the words cannot (a regular expression...)
            # is edited as JSON.
            self.initial["advanced"] = fields is None
            for i, (first, second) in enumerate((fields or {}).pop("either_pairs", [])):
                self.initial[f"either_{i}"], self.initial[f"or_{i}"] = first, second
            self.initial.update(fields or {})

    def _stand_in(self, values, code):
        """What stands for the match in a sample of the messages, in language ``code``:
        what the rule of the kind chosen would match (the first word of its list...)."""
        kind = values.get("kind")

        def first(prefix, rows):
            return next((values.get(f"{prefix}{i}") for i in range(rows)
                         if values.get(f"{prefix}{i}")), None)

        if kind == RuleKind.SUBSTITUTION:
            word = first("swap_from_", self.swap_rows)
        elif kind == RuleKind.CONSISTENCY:
            word = first("or_", self.either_rows)
        elif kind == RuleKind.CONDITIONAL:
            word = next(iter(_lines(values.get("abbreviations"))), None)
        elif kind == RuleKind.CAPITALIZATION:
            word = STAND_INS.get(values.get("cap_style") or "$sentence", {}).get(code)
        elif kind == RuleKind.MAX_LENGTH:
            word = network_name(NETWORKS[0])
        elif kind == RuleKind.OCCURRENCE:  # its %s is the number of occurrences
            most, least = _number(values.get("most")), _number(values.get("least"))
            word = str(most + 1 if most else max((least or 1) - 1, 0))
        elif kind == RuleKind.MAX_COUNT:
            counted = values.get("counted")
            word = ((values.get("count_word") or "").strip() if counted == rule_words.COUNT_WORD
                    else STAND_INS.get(counted))
        else:
            word = next(iter(_lines(values.get("terms"))), None)
        if not word and kind in STAND_INS:
            word = STAND_INS[kind][code]
        return word or "…"

    @property
    def message_samples(self):
        """``(language, message)`` as a finding of the rule would read it, what the rule
        would match standing for it (the first word of its list, or "…"): shown while
        the messages are typed. An empty message reads the kind's default."""
        values = self.data if self.is_bound else self.initial
        samples = []
        for code, label in (("en", _("English")), ("fr", _("French"))):
            template = (values.get(f"message_{code}") or "").strip()
            word = self._stand_in(values, code)
            text = (template.replace(MATCH, word).replace("%s", word) if template
                    else gettext("(the default message of this kind of rule)"))
            samples.append((label, in_language(text, code), code))
        return samples

    @property
    def swap_pairs(self):
        """``(instead of, write)`` bound fields, row by row, for the table."""
        return [(self[f"swap_from_{i}"], self[f"swap_to_{i}"]) for i in range(self.swap_rows)]

    @property
    def either_pairs(self):
        """``(one spelling, the other)`` bound fields, row by row, for the table."""
        return [(self[f"either_{i}"], self[f"or_{i}"]) for i in range(self.either_rows)]

    @property
    def network_limits(self):
        return [self[f"limit_{network}"] for network in NETWORKS]

    def _in_words(self):
        """Whether the parameters come from the fields in words: the page sends
        ``editor=words`` with them, unless "Advanced" is ticked."""
        return (self.data.get("editor") == "words" and not self.cleaned_data.get("advanced")
                and self.cleaned_data.get("kind") in self.PLAIN_KINDS)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if rule_checks.character_code(name):
            return name  # refused in clean(), as the other texts are
        rules = self.brand.ruleset.rules.filter(name=name)
        if self.instance.pk:
            rules = rules.exclude(pk=self.instance.pk)
        if rules.exists():
            raise forms.ValidationError(
                _("The brand already has a rule named “%(name)s”: give this one another "
                  "name."), params={"name": name}, code="taken")
        return name

    def clean_params(self):
        raw = self.cleaned_data["params"].strip()
        if not raw:
            return {}
        try:
            params = rule_checks.read_json(raw)
        except rule_checks.Unreadable as error:
            raise forms.ValidationError(str(error), code="invalid_json") from error
        if not isinstance(params, dict):
            raise forms.ValidationError(
                _("The parameters must be a JSON object, between { and }."), code="not_object"
            )
        return params

    def _params_in_words(self, kind):
        """The parameters the fields in words say, on top of the rule's other keys."""
        params = dict(self.instance.params or {}) if self.instance.kind == kind else {}
        data = self.cleaned_data
        if kind == RuleKind.BANNED_TERMS:
            terms = _lines(data.get("terms"))
            if not terms:
                self.add_error("terms", _("List at least one word or phrase."))
            params["terms"] = terms
            params["exceptions"] = _lines(data.get("exceptions"))
        elif kind == RuleKind.SUBSTITUTION:
            swap = {}
            for i in range(self.swap_rows):
                before = (data.get(f"swap_from_{i}") or "").strip()
                after = (data.get(f"swap_to_{i}") or "").strip()
                if before and after == before:
                    self.add_error(f"swap_to_{i}", _(
                        "“%(word)s” would replace itself: write another word, or empty "
                        "the row.") % {"word": before})
                elif before and after:
                    swap[before] = after
                elif before or after:
                    self.add_error(f"swap_from_{i}" if not before else f"swap_to_{i}",
                                   _("Fill in both sides of the row, or neither."))
            if not swap and not self.errors:
                self.add_error("swap_from_0", _("Give at least one pair."))
            params["swap"] = swap
        elif kind == RuleKind.MAX_LENGTH:
            params["limits"] = {network: data[f"limit_{network}"] for network in NETWORKS
                                if data.get(f"limit_{network}") is not None}
        else:
            values = dict(data, either_pairs=[
                (data.get(f"either_{i}") or "", data.get(f"or_{i}") or "")
                for i in range(self.either_rows)])
            for problem in rule_words.write(kind, values, params):
                self.add_error(problem.field, problem.message)
        return params

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        for name in ("name", "message_en", "message_fr", "suggestion_en", "suggestion_fr"):
            code = rule_checks.character_code(cleaned.get(name) or "")
            if code:
                self.add_error(name, forms.ValidationError(
                    _("This text holds an invisible control character (%(character)s), "
                      "which cannot be saved: remove it."),
                    params={"character": code}, code="control_character"))
            elif name != "name" and cleaned.get(name):
                cleaned[name] = cleaned[name].replace(MATCH, "%s")
        if kind and self._in_words():
            cleaned["params"] = self._params_in_words(kind)
            self.instance.params = cleaned["params"]
        params = cleaned.get("params")
        # The engine judges the parameters even while a name or a message is missing:
        # "Try it" runs a rule before those are written.
        if kind and params is not None and set(self.errors) <= self.NOT_NEEDED_TO_TRY:
            problem = rule_checks.params_problem(params)
            if not problem:
                spec = rule_checks.spec_of(kind, params, str(self.instance.pk or "new"))
                _checker, problem = rule_checks.compiled(spec)
                # A rule whose patterns take too long on a long post is refused when
                # saved: each post would otherwise wait for it (or report it unfinished).
                problem = problem or rule_checks.slow_problem(spec)
            if problem:
                self.add_error("params", forms.ValidationError(problem, code="rejected"))
        return cleaned

    # What "Try it" may do without: the matching does not depend on them.
    NOT_NEEDED_TO_TRY = {"name", "message_en", "message_fr", "suggestion_en", "suggestion_fr",
                         "guideline", "enabled"}

    def unsaved_spec(self):
        """The rule as edited, before it is saved, as the engine reads it (for "Try it"):
        None while what it looks for is not valid. A rule without its name or messages
        yet can be tried (its findings then say the kind's default message)."""
        from socialgov.checks.engine import RuleSpec

        if not self.is_valid() and not set(self.errors) <= self.NOT_NEEDED_TO_TRY:
            return None
        data = self.cleaned_data
        if "kind" not in data or "params" not in data:
            return None
        return RuleSpec(
            id=str(self.instance.pk or "new"), kind=data["kind"], params=data["params"],
            severity=data.get("severity") or "warning",
            message={"en": data.get("message_en", ""), "fr": data.get("message_fr", "")},
            suggestion={"en": data.get("suggestion_en", ""), "fr": data.get("suggestion_fr", "")},
            name=data.get("name", ""),
        )

    @property
    def problems(self):
        """What keeps the rule from being tried, one line a problem, each named by its
        field ("Words and phrases: List at least one word or phrase."): "Try it" and
        "Backtest" show them where only their result changes on the page."""
        lines = []
        for name, errors in self.errors.items():
            if name in self.NOT_NEEDED_TO_TRY:
                continue
            field = self.fields.get(name)
            for error in errors:
                lines.append(gettext("%(field)s: %(problem)s") % {
                    "field": field.label, "problem": error} if field is not None else error)
        return lines

    def _post_clean(self):
        # Rule.clean() asks the engine too. When this form has already refused
        # something, the instance is only half updated and the model would
        # answer about stale values; the form's own errors say it better.
        if self.errors:
            return
        super()._post_clean()


def rule_snapshot(rule):
    """The rule as the audit trail names it, field by field."""
    on, off = gettext("on"), gettext("off")
    return {
        "name": (gettext("name"), rule.name),
        "kind": (gettext("kind"), rule.get_kind_display()),
        "severity": (gettext("severity"), rule.get_severity_display()),
        "enabled": (gettext("enabled"), on if rule.enabled else off),
        "message_en": (gettext("message (English)"), rule.message_en),
        "suggestion_en": (gettext("suggestion (English)"), rule.suggestion_en),
        "message_fr": (gettext("message (French)"), rule.message_fr),
        "suggestion_fr": (gettext("suggestion (French)"), rule.suggestion_fr),
        "guideline": (gettext("guideline"), rule.guideline.title if rule.guideline_id else "—"),
        "params": (gettext("parameters"), _params_json(rule.params)),
    }


# -- voice guidelines ---------------------------------------------------------


class GuidelineForm(ModelForm):
    class Meta:
        model = VoiceGuideline
        fields = ["title", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "text": _(
                "In Markdown: a blank line between paragraphs, “# ” before a heading, "
                "**bold**, *italics*, lists with “- ” at the start of each line, tables with "
                "“|” between columns, links as [text](https://…). Scripts and anything else "
                "are removed."
            ),
            "position": _("Guidelines are listed by position, then by title."),
        }


# -- members ------------------------------------------------------------------


class InviteForm(Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.DRAFTER)

    def __init__(self, *args, brand, **kwargs):
        super().__init__(*args, **kwargs)
        self.brand = brand

    def clean_email(self):
        from socialgov.accounts.teams import member_with_email

        email = self.cleaned_data["email"].strip().lower()
        membership = member_with_email(self.brand, email)
        if membership is not None:
            username = membership.user.get_username()
            if membership.is_active:
                message = _("%(username)s (%(email)s) is already a member of this brand; "
                            "change their role below.")
            else:
                message = _("%(username)s (%(email)s) is a deactivated member of this brand; "
                            "reactivate them below.")
            raise forms.ValidationError(message, params={"username": username, "email": email},
                                        code="already_member")
        if self.brand.invitations.open().filter(email=email).exists():
            raise forms.ValidationError(
                _("%(email)s is already invited; resend the invitation from the list below."),
                params={"email": email}, code="already_invited",
            )
        return email


class MemberRoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


# -- brand settings -------------------------------------------------------------


# The zones of Canada first (Montréal and Québec run on America/Toronto), by the names
# people use; then universal time; then the other zones of the tz database's list of
# zones by country (``zone.tab``: no legacy alias such as US/Eastern or
# America/Montreal), by region, by place.
CANADIAN_ZONES = (
    ("America/Toronto", _("Eastern: Montréal, Québec, Toronto, Ottawa")),
    ("America/Halifax", _("Atlantic: Halifax, Moncton")),
    ("America/St_Johns", _("Newfoundland: St. John’s")),
    ("America/Winnipeg", _("Central: Winnipeg")),
    ("America/Regina", _("Saskatchewan: Regina, Saskatoon")),
    ("America/Edmonton", _("Mountain: Edmonton, Calgary")),
    ("America/Vancouver", _("Pacific: Vancouver, Victoria")),
)
ZONE_REGIONS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


@functools.cache
def _zones_by_country():
    """``(country code, zone)`` of each line of the tz database's ``zone.tab``."""
    text = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(
        encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and line[0] != "#")
    return tuple((row[0], row[2]) for row in rows if len(row) >= 3)


def _place(zone):
    """"America/Argentina/Buenos_Aires" → "Argentina / Buenos Aires"."""
    return " / ".join(zone.split("/")[1:]).replace("_", " ")


def time_zone_choices():
    named = {zone for zone, _label in CANADIAN_ZONES}
    zones = _zones_by_country()
    canada = [(zone, f"{label} ({zone})") for zone, label in CANADIAN_ZONES] + sorted(
        ((zone, f"{_place(zone)} ({zone})") for country, zone in zones
         if country == "CA" and zone not in named), key=lambda choice: choice[1])
    regions = {}
    for country, zone in zones:
        if country != "CA":
            regions.setdefault(zone.partition("/")[0], set()).add(zone)
    return [
        (_("Canada"), canada),
        (_("Universal time"), [("UTC", _("UTC (coordinated universal time)"))]),
        *((ZONE_REGIONS.get(region, region),
           sorted(((zone, _place(zone)) for zone in regions[region]),
                  key=lambda choice: choice[1]))
          for region in sorted(regions)),
    ]


def retention_message():
    return gettext("Give a whole number of days between %(least)s and %(most)s, or leave it "
                   "empty to keep the posts.") % {"least": RETENTION_MIN_DAYS,
                                                   "most": RETENTION_MAX_DAYS}


lazy_retention_message = lazy(retention_message, str)


class BrandSettingsForm(ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages this brand posts in."),
    )

    packs = forms.MultipleChoiceField(
        label=_("Rule packs"),
        choices=PACK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ready-made rules that run before the brand's own."),
    )

    reminder_hours = forms.CharField(
        label=_("Remind the approvers after (hours)"), required=False, max_length=100,
        help_text=_("Hours after submission, separated by commas, e.g. 2, 8, 24. Empty: "
                    "no reminder."),
    )

    time_zone = forms.ChoiceField(label=_("Time zone"), choices=lambda: time_zone_choices(),
                                  help_text=_("The brand's clock: planned times, business "
                                              "hours and sensitive dates are read on it."))

    retention_days = forms.IntegerField(
        label=_("Delete rejected, expired and archived posts after (days)"), required=False,
        widget=forms.NumberInput(attrs={"min": RETENTION_MIN_DAYS, "max": RETENTION_MAX_DAYS}),
        help_text=Brand._meta.get_field("retention_days").help_text,
        error_messages={"invalid": lazy_retention_message()},
    )

    class Meta:
        model = Brand
        # The content strategy has its page of its own (ContentStrategyForm).
        fields = [name for name in BRAND_SETTINGS if name not in STRATEGY_SETTINGS]
        widgets = {"voice_summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        zone = self.instance.time_zone
        choices = time_zone_choices()
        if zone and zone not in {value for _group, options in choices for value, _l in options}:
            # A zone saved under an older name (America/Montreal) stays as it is.
            choices.insert(0, (_("Current time zone"), [(zone, zone.replace("_", " "))]))
        self.fields["time_zone"].choices = choices
        if not self.is_bound:
            self.initial["reminder_hours"] = ", ".join(
                str(hours) for hours in self.instance.reminder_hours or [])
        self.fields["escalation_margin_hours"].label = _("Warn before expiry (hours)")
        self.fields["escalation_margin_hours"].max_value = 72
        self.fields["escalation_margin_hours"].widget.attrs["max"] = 72
        self.fields["escalation_margin_hours"].help_text = _(
            "When a post will expire within this many hours without a decision, its author, "
            "its approvers and the brand admins are warned (0 to 72).")

    def clean_require_two_factor(self):
        required = self.cleaned_data["require_two_factor"]
        if (required and not self.instance.require_two_factor and self.user is not None
                and unverified(self.user)):
            # Else the brand admin would lose this page on saving it.
            raise forms.ValidationError(_(
                "Turn on two-factor authentication for yourself first, on your account "
                "page: the brand will then ask you for a code too."))
        return required

    def clean_escalation_margin_hours(self):
        hours = self.cleaned_data["escalation_margin_hours"]
        if hours is not None and hours > 72:
            raise forms.ValidationError(_("Give at most 72 hours."))
        return hours

    def clean_retention_days(self):
        days = self.cleaned_data["retention_days"]
        if days is not None and not RETENTION_MIN_DAYS <= days <= RETENTION_MAX_DAYS:
            raise forms.ValidationError(retention_message())
        return days

    def clean_reminder_hours(self):
        text = self.cleaned_data["reminder_hours"].strip()
        if not text:
            return []
        hours = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            # Digits 0 to 9 only: int() reads other digits ("٣") and refuses some
            # that isdigit() takes ("²"), and very long numbers.
            if not (part.isascii() and part.isdigit() and len(part) <= 3
                    and 1 <= int(part) <= 336):
                raise forms.ValidationError(
                    _("“%(value)s” is not a whole number of hours between 1 and 336.")
                    % {"value": part[:20]})
            hours.append(int(part))
        return sorted(set(hours))

    def clean_languages(self):
        chosen = self.cleaned_data["languages"]
        return [code for code in LANGUAGE_CODES if code in chosen]

    def clean_packs(self):
        chosen = self.cleaned_data["packs"]
        return [name for name, _label in PACK_CHOICES if name in chosen]



class ContentStrategyForm(Form):
    """The brand's content strategy: for each objective an optional largest share (in
    percent) over the window of days, and for each network an optional most posts a
    day. An empty field is no target."""

    mix_window_days = forms.IntegerField(
        label=_("Counted over (days)"), min_value=1, max_value=MIX_WINDOW_MAX_DAYS,
        help_text=_("The shares are counted over any this many days in a row (1 to 90): "
                    "7 counts every week that holds the post, whatever its first day."),
    )

    def __init__(self, *args, brand, **kwargs):
        super().__init__(*args, **kwargs)
        targets = strategy.mix_targets(brand.mix_targets)
        rhythm = strategy.rhythm(brand.rhythm_per_day)
        for value, name in strategy.objectives():
            self.fields[f"mix_{value}"] = forms.IntegerField(
                label=name, required=False, min_value=0, max_value=strategy.PERCENT_MAX,
                widget=forms.NumberInput(attrs={"min": 0, "max": strategy.PERCENT_MAX}))
            self.initial.setdefault(f"mix_{value}", targets.get(value))
        for value, name in strategy.networks():
            self.fields[f"rhythm_{value}"] = forms.IntegerField(
                label=name, required=False, min_value=1, max_value=strategy.RHYTHM_MAX,
                widget=forms.NumberInput(attrs={"min": 1, "max": strategy.RHYTHM_MAX}))
            self.initial.setdefault(f"rhythm_{value}", rhythm.get(value))
        self.initial.setdefault("mix_window_days", brand.mix_window_days)

    def clean(self):
        data = super().clean()
        shares = [data.get(f"mix_{value}") for value, _name in strategy.objectives()]
        if all(share is not None for share in shares) and sum(shares) < strategy.PERCENT_MAX:
            # Every post has one of the objectives: largest shares that add up to less
            # than the whole make every plan go past one of them.
            raise forms.ValidationError(
                _("With a largest share for every objective, the shares must add up to at "
                  "least 100 %%: they add up to %(total)s %%, so every post would go past "
                  "one of them. Raise some, or leave one empty.") % {"total": sum(shares)},
                code="unreachable")
        return data

    def mix_fields(self):
        return [self[f"mix_{value}"] for value, _name in strategy.objectives()]

    def rhythm_fields(self):
        return [self[f"rhythm_{value}"] for value, _name in strategy.networks()]

    def values(self) -> dict:
        """The brand's settings (``STRATEGY_SETTINGS``) the valid form gives."""
        data = self.cleaned_data
        return {
            "mix_targets": {value: data[f"mix_{value}"] for value, _name in
                            strategy.objectives() if data.get(f"mix_{value}") is not None},
            "mix_window_days": data["mix_window_days"],
            "rhythm_per_day": {value: data[f"rhythm_{value}"] for value, _name in
                               strategy.networks() if data.get(f"rhythm_{value}") is not None},
        }


class BrandCreationForm(ModelForm):
    """A new brand in Django's admin (superusers): what it is called, its languages and
    clock, and who runs it. The rest is set on the brand's own settings page."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages this brand posts in."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=lambda: time_zone_choices())
    first_admin = forms.ModelChoiceField(
        label=_("First brand admin"), queryset=None,
        help_text=_("An active account: this person runs the brand and invites its team."),
    )

    class Meta:
        model = Brand
        fields = ["name", "slug", "languages", "default_language", "time_zone"]

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        User = get_user_model()
        self.fields["first_admin"].queryset = User.objects.filter(
            is_active=True).order_by(User.USERNAME_FIELD)
        self.initial.setdefault("time_zone", "America/Toronto")

    def clean_languages(self):
        chosen = self.cleaned_data["languages"]
        return [code for code in LANGUAGE_CODES if code in chosen]


def brand_snapshot(brand):
    languages = dict(LANGUAGE_CHOICES)
    return {
        "name": (gettext("name"), brand.name),
        "languages": (
            gettext("languages"),
            ", ".join(str(languages.get(code, code)) for code in brand.languages),
        ),
        "default_language": (gettext("default language"), brand.get_default_language_display()),
        "time_zone": (gettext("time zone"), brand.time_zone),
        "voice_summary": (gettext("voice summary"), brand.voice_summary),
        "french_address": (gettext("in French, the brand says"),
                           brand.get_french_address_display() or "—"),
        "hashtag_limit": (gettext("hashtags per post, at most"),
                          "—" if brand.hashtag_limit is None else str(brand.hashtag_limit)),
        "emoji_limit": (gettext("emoji per post, at most"),
                        "—" if brand.emoji_limit is None else str(brand.emoji_limit)),
        "alt_text_severity": (gettext("an image without alt text is"),
                              brand.get_alt_text_severity_display()),
        "packs": (gettext("rule packs"), ", ".join(brand.packs or []) or "—"),
        "reminder_hours": (gettext("remind the approvers after (hours)"),
                           ", ".join(str(h) for h in brand.reminder_hours or []) or "—"),
        "escalation_margin_hours": (
            gettext("warn the brand admins this many hours before expiry"),
            str(brand.escalation_margin_hours)),
        "retention_days": (
            gettext("delete rejected, expired and archived posts after (days)"),
            "—" if brand.retention_days is None else str(brand.retention_days)),
        "mix_targets": (gettext("content mix, largest share per objective"),
                        strategy.mix_in_words(brand.mix_targets)),
        "mix_window_days": (gettext("content mix counted over (days)"),
                            str(brand.mix_window_days)),
        "rhythm_per_day": (gettext("posting rhythm, most posts a day per network"),
                           strategy.rhythm_in_words(brand.rhythm_per_day)),
    }


# -- shipped rules -------------------------------------------------------------------


class ShippedRulesFilterForm(Form):
    """Which shipped rules to show (GET): of a pack, of a kind, containing words."""

    pack = forms.ChoiceField(label=_("Pack"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    text = forms.CharField(label=_("Containing"), required=False, max_length=100,
                           widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args, packs, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pack"].choices = [("", _("Every pack")), *packs]
        self.fields["kind"].choices = [("", _("Every kind")), *kinds]

    def chosen(self):
        """``{"pack": ..., "kind": ..., "text": ...}``: empty where nothing (or nothing
        valid) is chosen."""
        if not self.is_valid():
            return {"pack": "", "kind": "", "text": ""}
        return {name: self.cleaned_data.get(name) or "" for name in ("pack", "kind", "text")}


# -- watch words and crisis mode ---------------------------------------------------


class WatchWordForm(ModelForm):
    class Meta:
        model = WatchWord
        fields = ["term", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        if not term:
            raise forms.ValidationError(_("Write the word to watch."))
        return term


class CrisisReasonForm(Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


# A one-off day is this century's or the next (a day of every year has no year).
FIRST_YEAR, LAST_YEAR = 2000, 2199
# Said in the reader's language when the form is shown, not when this module is loaded.
_YEARS = lazy(lambda: gettext("Give a year from %(first)s to %(last)s, or none for every "
                              "year.") % {"first": FIRST_YEAR, "last": LAST_YEAR}, str)()


class SensitiveDateForm(ModelForm):
    FIRST_YEAR, LAST_YEAR = FIRST_YEAR, LAST_YEAR

    month = forms.IntegerField(
        label=_("Month"), min_value=1, max_value=12,
        error_messages={"min_value": _("Give a month from 1 to 12."),
                        "max_value": _("Give a month from 1 to 12.")})
    day = forms.IntegerField(
        label=_("Day"), min_value=1, max_value=31,
        error_messages={"min_value": _("Give a day from 1 to 31."),
                        "max_value": _("Give a day from 1 to 31.")})
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
        help_text=_("Empty: every year."),
        error_messages={"min_value": _YEARS, "max_value": _YEARS})

    class Meta:
        model = SensitiveDate
        fields = ["month", "day", "year", "name_en", "name_fr"]


# -- rules as a file ----------------------------------------------------------------


class RulesImportForm(Form):
    """A rules file (YAML) or a Vale style (zip) to read, and what to do with its rules."""

    MODES = (
        ("add", _("Add them to the brand's rules (a rule of the same name is replaced)")),
        ("replace", _("Replace all the brand's rules with them")),
    )

    file = forms.FileField(
        label=_("Rules file"),
        help_text=_("A YAML file exported from SocialGov, or a Vale style folder as a .zip."),
    )
    mode = forms.ChoiceField(label=_("What to do with them"), choices=MODES,
                             initial="add", widget=forms.RadioSelect)


class RulesConfirmForm(Form):
    """The rules read from the file, as YAML, sent back to be read again and saved."""

    rules_yaml = forms.CharField(widget=forms.HiddenInput, strip=False)
    mode = forms.ChoiceField(choices=RulesImportForm.MODES, widget=forms.HiddenInput)
    source = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)
