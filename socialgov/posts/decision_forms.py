"""The post page's one decision form: choose a decision, then give what it needs.

The choices are the decisions the table of moves (socialgov/posts/moves.py)
offers this person now; what each one reads (the brand's reasons, a note) and
whether it needs one of them comes from its row. The move's function, which
the view calls with ``arguments()``, stays the judge of everything else.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.lib.forms import Form
from socialgov.posts.actions import MAX_NOTE

# The fields of a decision's row that hold the person's text, under the name
# its function takes: the form has one "note" for all of them.
TEXT_FIELDS = ("comment", "reason")


@dataclass(frozen=True)
class Choice:
    """One decision as the form shows it."""

    name: str
    label: str
    checked: bool
    confirm: str  # asked before a destructive decision is sent
    takes_reasons: bool
    takes_note: bool


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision."),
                        "invalid_choice": _("Choose one of the decisions offered.")})
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the reasons from this brand's list.")})
    note = forms.CharField(label=_("Note"), required=False, max_length=MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, moves, reasons, advisory=False):
        """``moves``: the decisions the table offers now, in its order;
        ``reasons``: the brand's active review reasons; ``advisory``: the
        person's approval fills an advisory step."""
        super().__init__(data, auto_id="id_decision_%s")
        self.moves = {move.name: move for move in moves}
        self.advisory = advisory
        self.fields["decision"].choices = [(name, self._label(move))
                                           for name, move in self.moves.items()]
        self.fields["reasons"].choices = [(str(reason.pk), reason.label) for reason in reasons]

    def _label(self, move):
        if move.name == "approve" and self.advisory:
            return _("Approve (advisory)")
        return move.label

    @staticmethod
    def _takes_note(move):
        return any(name in move.fields for name in TEXT_FIELDS)

    @property
    def choices(self):
        chosen = self["decision"].value() if self.is_bound else None
        return [Choice(name, self._label(move), name == chosen, str(move.confirm),
                       "reasons" in move.fields, self._takes_note(move))
                for name, move in self.moves.items()]

    @property
    def reason_choices(self):
        """(value, label, checked) for each of the brand's reasons."""
        picked = set(self["reasons"].value() or ()) if self.is_bound else set()
        return [(value, label, value in picked) for value, label in self.fields["reasons"].choices]

    def shown_for(self, takes):
        """The decisions (space-separated names) that read a field, for the page's
        script, which hides the field from the others."""
        return " ".join(choice.name for choice in self.choices if getattr(choice, takes))

    @property
    def reasons_shown_for(self):
        return self.shown_for("takes_reasons")

    @property
    def note_shown_for(self):
        return self.shown_for("takes_note")

    @property
    def note_needed(self):
        """Some decision offered needs a reason or a note (the help says which)."""
        return any(move.note_needed for move in self.moves.values())

    def clean(self):
        cleaned = super().clean()
        move = self.moves.get(cleaned.get("decision"))
        if move is None:
            return cleaned
        reasons, note = cleaned.get("reasons") or [], cleaned.get("note", "")
        if not self._takes_note(move) and "reasons" not in move.fields and (reasons or note):
            # Nothing typed is dropped without a word (the script disables the
            # fields it hides, so this is said only without it).
            self.add_error("note", _("“%(decision)s” takes no reason and no note: clear them, "
                                     "or choose another decision.")
                           % {"decision": self._label(move)})
        elif move.note_needed and not reasons and not note.strip():
            self.add_error("note", str(move.note_needed))
        return cleaned

    def arguments(self, data):
        """The chosen move's arguments, as its function in actions.py takes them;
        ``version`` and ``step`` are the page's, from ``data``."""
        move = self.moves[self.cleaned_data["decision"]]
        given = {"version": data.get("version", ""), "step": data.get("step", ""),
                 "reasons": self.cleaned_data["reasons"]}
        given.update({name: self.cleaned_data["note"] for name in TEXT_FIELDS})
        return {name: given[name] for name in move.fields}
