"""The editor's variants: the text in the post's other language, and texts of
their own for some networks. ``PostForm`` owns one ``VariantFields`` and
validates it with the rest of the post."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import LANGUAGE_CHOICES
from socialgov.lib.forms import Form
from socialgov.posts.models import Network
from socialgov.posts.variants import ALL_NETWORKS, normalized

TEXT_LIMIT = 63206  # Facebook's, the longest of any network
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)
NETWORK_NAMES = dict(Network.choices)
# The label of the other language's text, by the post's language.
OTHER_TEXT_LABELS = {"fr": _("English version"), "en": _("French version")}


def other_language(language):
    return "en" if language == "fr" else "fr"


def _not_posted_in(language):
    return gettext("This brand does not post in this language: %(language)s.") % {
        "language": LANGUAGE_NAMES[language]}


def _text(value):
    # Browsers send CRLF; the engine's offsets count what is stored.
    return (value or "").replace("\r\n", "\n")


class OtherLanguageForm(Form):
    other_text = forms.CharField(
        required=False, strip=False, max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_other_text(self):
        return _text(self.cleaned_data["other_text"])


class NetworkTextForm(Form):
    network = forms.ChoiceField(
        label=_("Applies to"), required=False, choices=[("", "—"), *Network.choices]
    )
    language = forms.ChoiceField(
        label=_("Written in"), required=False,
        choices=[("", _("The post's language")), *LANGUAGE_CHOICES],
    )
    text = forms.CharField(
        label=_("Version for this network"), required=False, strip=False, max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_text(self):
        return _text(self.cleaned_data["text"])


PREFIX = "network_texts"
NetworkTextFormSet = forms.formset_factory(
    NetworkTextForm, extra=1, max_num=len(Network.values) * len(LANGUAGE_CHOICES),
    validate_max=True,
)


class VariantFields:
    """The other language's text and the per-network texts of one editor form."""

    def __init__(self, post_form):
        self.post_form = post_form
        data = post_form.data if post_form.is_bound else None
        specs = post_form.initial.get("variant_specs") or []
        language = post_form.initial.get("language")
        other = next((s["text"] for s in specs
                      if s["language"] != language and s["network"] == ALL_NETWORKS), "")
        self.other = OtherLanguageForm(data, initial={"other_text": other})
        if data is not None and f"{PREFIX}-TOTAL_FORMS" not in data:
            # A post sent without the section (a script, an older page) has
            # no per-network texts, as an empty section would say.
            data = data.copy()
            data.update({f"{PREFIX}-TOTAL_FORMS": "0", f"{PREFIX}-INITIAL_FORMS": "0"})
        self.network_texts = NetworkTextFormSet(
            data, prefix=PREFIX,
            initial=[{"network": s["network"], "language": s["language"], "text": s["text"]}
                     for s in specs if s["network"] != ALL_NETWORKS],
        )

    @property
    def language(self):
        """The post's language as the form stands (typed, else initial)."""
        form = self.post_form
        if form.is_bound and form.data.get("language") in LANGUAGE_NAMES:
            return form.data["language"]
        return form.initial.get("language") or "fr"

    @property
    def other_label(self):
        return OTHER_TEXT_LABELS[self.language]

    def is_valid(self, post_data):
        """Validate against the post's own cleaned fields (``post_data``: what
        of them is valid) and attach errors to the fields at fault."""
        valid = self.other.is_valid() & self.network_texts.is_valid()
        if not valid:
            return False
        brand = post_data.get("brand")
        language = post_data.get("language")
        networks = post_data.get("networks") or []
        languages = brand.languages if brand is not None else list(LANGUAGE_NAMES)
        if language and self.other.cleaned_data["other_text"].strip():
            other = other_language(language)
            if other not in languages:
                self.other.add_error("other_text", _not_posted_in(other))
        seen = set()
        for form in self.network_texts.forms:
            data = form.cleaned_data
            if not data.get("text", "").strip():
                continue  # an empty text is no text: removing one is emptying it
            network = data["network"]
            written_in = data["language"] or language
            if not network:
                form.add_error("network", gettext("Choose the network this text is for."))
            elif network not in networks:
                form.add_error("network", gettext(
                    "%(network)s is not one of the post's networks: tick it above, or empty "
                    "this text.") % {"network": NETWORK_NAMES[network]})
            if written_in and written_in not in languages:
                form.add_error("language", _not_posted_in(written_in))
            if network and written_in:
                if (written_in, network) in seen:
                    form.add_error("network", gettext(
                        "%(language)s: there is already a text for %(network)s.")
                        % {"language": LANGUAGE_NAMES[written_in],
                           "network": NETWORK_NAMES[network]})
                seen.add((written_in, network))
        return not self.other.errors and not any(f.errors for f in self.network_texts.forms)

    def specs(self, language):
        """The variants as a version stores them (see ``variants.normalized``)."""
        specs = [{"language": other_language(language), "network": ALL_NETWORKS,
                  "text": self.other.cleaned_data["other_text"]}]
        for form in self.network_texts.forms:
            data = form.cleaned_data
            if data.get("network") and data.get("text", "").strip():
                specs.append({"language": data["language"] or language,
                              "network": data["network"], "text": data["text"]})
        return normalized(specs)
