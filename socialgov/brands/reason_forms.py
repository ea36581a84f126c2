from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import ReviewReason
from socialgov.lib.forms import ModelForm


class ReviewReasonForm(ModelForm):
    """A reason in each of the brand's languages."""

    class Meta:
        model = ReviewReason
        fields = ["label_en", "label_fr", "position", "active"]

    def __init__(self, *args, brand, **kwargs):
        super().__init__(*args, **kwargs)
        self.brand = brand
        for code in ("en", "fr"):
            self.fields[f"label_{code}"].required = code in brand.languages
        if self.instance.pk is None:
            last = brand.review_reasons.order_by("-position").values_list("position", flat=True)
            self.initial.setdefault("position", (last.first() or 0) + 1)

    def clean(self):
        cleaned = super().clean()
        for code in ("en", "fr"):
            cleaned[f"label_{code}"] = " ".join((cleaned.get(f"label_{code}") or "").split())
        if not (cleaned["label_en"] or cleaned["label_fr"]):
            raise forms.ValidationError(_("Name the reason."))
        return cleaned
