from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.models import Role
from socialgov.accounts.permissions import brands_where
from socialgov.brands.models import LANGUAGE_CHOICES
from socialgov.posts.models import Network, Objective, State
from socialgov.posts.variant_forms import VariantFields


class PostForm(forms.Form):
    """The editor. Its fields are exactly the fields a version snapshots."""

    brand = forms.ModelChoiceField(queryset=None, label=_("Brand"), empty_label=None)
    networks = forms.MultipleChoiceField(
        label=_("Networks"), choices=Network.choices, widget=forms.CheckboxSelectMultiple
    )
    objective = forms.ChoiceField(label=_("Objective"), choices=Objective.choices)
    planned_at = forms.DateTimeField(
        label=_("Planned time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("In the brand's time zone."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=63206, strip=False
    )
    crisis_response = forms.BooleanField(
        label=_("Crisis response"), required=False,
        help_text=_("During crisis mode, a crisis response can still be approved: by an "
                    "approver, then signed off by a brand admin."),
    )

    def __init__(self, *args, user, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        brands = brands_where(user, Role.DRAFTER)
        self.fields["brand"].queryset = brands
        if post is not None:
            # A post never changes brand; its brand is shown, not chosen.
            self.fields["brand"].queryset = brands.filter(pk=post.brand_id)
            self.fields["brand"].disabled = True
            self.fields["brand"].initial = post.brand
        elif brands.count() == 1:
            self.fields["brand"].initial = brands.first()
        self.variants = VariantFields(self)

    def is_valid(self):
        if not super().is_valid():
            if self.is_bound:  # every error at once, the variants' included
                self.variants.is_valid(self.cleaned_data)
            return False
        return self.variants.is_valid(self.cleaned_data)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(_("Write the post's text."))
        # Browsers send CRLF; the engine's offsets count what is stored.
        return text.replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        brand = cleaned.get("brand")
        if brand is None:
            return cleaned
        language = cleaned.get("language")
        if language and language not in brand.languages:
            self.add_error("language", _("This brand does not post in that language."))
        planned = cleaned.get("planned_at")
        if planned is not None:
            # The browser sends a wall-clock time; it means the brand's clock.
            # Django read it in the current time zone; take back the wall clock.
            naive = timezone.make_naive(planned) if timezone.is_aware(planned) else planned
            cleaned["planned_at"] = timezone.make_aware(naive.replace(second=0), brand.tz)
        return cleaned

    def version_fields(self):
        data = self.cleaned_data
        return {
            "text": data["text"],
            "networks": [n for n in Network.values if n in data["networks"]],
            "objective": data["objective"],
            "planned_at": data["planned_at"],
            "language": data["language"],
            "variant_specs": self.variants.specs(data["language"]),
        }

    @staticmethod
    def initial_from(post):
        version = post.current_version
        planned = version.planned_at
        return {
            "brand": post.brand,
            "networks": version.networks,
            "objective": version.objective,
            "planned_at": (
                planned.astimezone(post.brand.tz).replace(tzinfo=None) if planned else None
            ),
            "language": version.language,
            "text": version.text,
            "variant_specs": version.variant_specs,
            "crisis_response": post.crisis_response,
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class WaiverRequestForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states")), *State.choices])
