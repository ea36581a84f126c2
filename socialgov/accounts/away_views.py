"""A person's own absences: while away, no approval step waits on them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from socialgov.accounts import teams
from socialgov.accounts.models import Absence
from socialgov.lib.forms import Form


class AbsenceForm(Form):
    starts_on = forms.DateField(label=gettext_lazy("Away from"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("Away until"),
                              help_text=gettext_lazy("The last day away."),
                              widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day away cannot come before the first."))
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def away(request):
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            teams.set_absence(request.user, form.cleaned_data["starts_on"],
                                 form.cleaned_data["ends_on"])
        except teams.TeamError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Noted: no approval waits on you while you are away."))
            return redirect("away")
    today = timezone.localdate()
    return render(request, "accounts/away.html", {
        "form": form,
        "absences": Absence.objects.filter(user=request.user, ends_on__gte=today),
    })


@login_required
@require_POST
def away_remove(request, pk):
    absence = get_object_or_404(Absence, pk=pk, user=request.user)
    teams.remove_absence(request.user, absence)
    messages.success(request, _("Absence removed."))
    return redirect("away")
