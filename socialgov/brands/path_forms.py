"""The brand admin's forms for the approval path: its steps and review groups."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import ApprovalStep, Deciders, ReviewGroup
from socialgov.lib.forms import ModelForm


class ApprovalStepForm(ModelForm):
    class Meta:
        model = ApprovalStep
        fields = ["name", "decided_by", "group", "rule", "advisory", "applies_from_risk"]
        widgets = {"rule": forms.RadioSelect, "decided_by": forms.RadioSelect}
        labels = {"applies_from_risk": _("Applies from risk")}

    def __init__(self, *args, brand, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = brand.review_groups.all()
        self.fields["group"].help_text = _("Only when the step is decided by a review group.")
        self.fields["applies_from_risk"].choices = [
            ("", _("Every post")), *self.fields["applies_from_risk"].choices[1:]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decided_by") == Deciders.GROUP:
            if not cleaned.get("group"):
                self.add_error("group", _("Choose the group that decides this step."))
        else:
            cleaned["group"] = None
        return cleaned


class ReviewGroupForm(ModelForm):
    class Meta:
        model = ReviewGroup
        fields = ["name", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, brand, **kwargs):
        super().__init__(*args, **kwargs)
        self.brand = brand
        self.instance.brand = brand
        # Only the brand's active members can be in its groups: a deactivated
        # member decides nothing, and saving the form takes them out.
        self.fields["members"].queryset = get_user_model().objects.filter(
            is_active=True, memberships__brand=brand, memberships__is_active=True,
        ).order_by("username")
        self.fields["members"].label_from_instance = lambda user: user.get_username()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = self.brand.review_groups.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The brand already has a group of that name."))
        return name


def describe_step(step):
    parts = [step.name, step.deciders_label(), step.get_rule_display()]
    if step.advisory:
        parts.append("advisory")
    if step.applies_from_risk:
        parts.append(f"from risk {step.applies_from_risk}")
    return " · ".join(str(p) for p in parts)


def describe_group(group):
    names = ", ".join(sorted(u.get_username() for u in group.members.all()))
    return f"{group.name}: {names or '—'}"
