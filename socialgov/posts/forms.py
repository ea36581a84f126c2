from django import forms
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.models import Role
from socialgov.brands.models import LANGUAGE_CHOICES, Brand
from socialgov.lib.forms import Form
from socialgov.posts import attachments, lists
from socialgov.posts.models import Network, Objective, State
from socialgov.posts.reply_forms import ReplyFields
from socialgov.posts.reply_forms import initial_of as reply_initial
from socialgov.posts.variant_forms import VariantFields


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadedImages(forms.Field):
    """Files chosen in the editor's file input, as they came: socialgov.images
    judges each (the view hands them to intake.accept)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def to_python(self, data):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class PostForm(Form):
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
    images = UploadedImages(
        label=_("Images"), required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to 20 MB each. Write an alt text for each: "
                    "it is read to people who cannot see the image."),
    )
    crisis_response = forms.BooleanField(
        label=_("Crisis response"), required=False,
        help_text=_("During crisis mode, a crisis response can still be approved: by an "
                    "approver, then signed off by a brand admin."),
    )

    def __init__(self, *args, user, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        brands = Brand.objects.where(user, Role.DRAFTER)
        self.fields["brand"].queryset = brands
        if post is not None:
            # A post never changes brand; its brand is shown, not chosen.
            self.fields["brand"].queryset = brands.filter(pk=post.brand_id)
            self.fields["brand"].disabled = True
            self.fields["brand"].initial = post.brand
        elif brands.count() == 1:
            self.fields["brand"].initial = brands.first()
        self.variants = VariantFields(self)
        self.reply = ReplyFields(self, self.fields["brand"].queryset)
        # The images: each an accepted image with its alt text (attachments.Row).
        self.image_rows = attachments.rows_of(post.current_version) if post is not None else []
        self.image_specs = [{"image": r.image.pk, "alt": r.alt} for r in self.image_rows]

    def visible_fields(self):
        # The editor shows the images field with the images, below the texts.
        return [field for field in super().visible_fields() if field.name != "images"]

    def add_images(self, images):
        """Images accepted from this form's upload, added after its others."""
        for image in images:
            self.image_rows.append(attachments.Row(image, ""))
            self.image_specs.append({"image": image.pk, "alt": ""})

    def is_valid(self):
        if not super().is_valid():
            if self.is_bound:  # every error at once, the variants' and the reply's included
                self.variants.is_valid(self.cleaned_data)
                self.reply.is_valid(self.cleaned_data)
            return False
        variants_valid = self.variants.is_valid(self.cleaned_data)
        return self.reply.is_valid(self.cleaned_data) and variants_valid

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
            if cleaned["planned_at"] <= timezone.now():
                # It would expire at once, unseen: say so while nothing is lost.
                self.add_error("planned_at", _("The planned time is in the past: choose a "
                                               "time to come."))
        self.image_specs, self.image_rows, errors = attachments.from_data(self.data, brand)
        for error in errors:
            self.add_error("images", error)
        return cleaned

    def version_fields(self):
        data = self.cleaned_data
        return {
            "text": data["text"],
            "networks": [n for n in Network.values if n in data["networks"]],
            "objective": data["objective"],
            "planned_at": data["planned_at"],
            "language": data["language"],
            "replying_to": self.reply.message,
            "variant_specs": self.variants.specs(data["language"]),
            "image_specs": self.image_specs,
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
            "image_specs": version.image_specs,
            "crisis_response": post.crisis_response,
            "reply": reply_initial(post),
        }


class ReasonForm(Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class WaiverRequestForm(Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


DATE_FIELDS = {"planned": "current_version__planned_at", "created": "created_at"}


class PostFilterForm(Form):
    """The filters of a post list, read from the query string.

    A value that does not validate is reported on the form and left out of
    the filtering; the other filters still apply.
    """

    ME, ANYONE = "", "any"

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states")), *State.choices])
    network = forms.ChoiceField(label=_("Network"), required=False,
                                choices=[("", _("All networks")), *Network.choices])
    objective = forms.ChoiceField(label=_("Objective"), required=False,
                                  choices=[("", _("All objectives")), *Objective.choices])
    situation = forms.ChoiceField(
        label=_("Situation"), required=False,
        choices=[("", _("Any situation")),
                 *((name, label) for name, (label, _query) in lists.SITUATIONS.items())])
    author = forms.ChoiceField(label=_("Author"), required=False)
    date_field = forms.ChoiceField(
        label=_("Date"), required=False,
        choices=[("planned", _("Planned time")), ("created", _("Created"))],
    )
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    archived = forms.BooleanField(label=_("Archived"), required=False)

    def __init__(self, data, *, user, authors, mine_by_default=False, queue=False, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.mine_by_default = mine_by_default
        people = [(str(author.pk), author.get_username()) for author in authors]
        if mine_by_default:
            self.fields["author"].choices = [(self.ME, _("Me")), (self.ANYONE, _("Anyone")),
                                             *people]
        else:
            self.fields["author"].choices = [("", _("Anyone")), *people]
        if queue:
            # The queue holds posts in review only, and none of them archived.
            del self.fields["state"]
            del self.fields["archived"]
        # Validated now, so the view can read ``cleaned_data`` straight away.
        self.is_valid()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
            cleaned.pop("date_to", None)
        return cleaned

    def value(self, name):
        return (self.cleaned_data or {}).get(name) or ""

    @property
    def is_filtered(self):
        """Does anything narrow the list beyond its default?"""
        return any(self.value(name) for name in self.fields if name != "date_field") or (
            self.mine_by_default and self.value("author") != self.ME
        )

    @property
    def mine_only(self):
        return self.mine_by_default and self.value("author") == self.ME

    def apply(self, posts):
        """``posts`` narrowed to what the filters ask for."""
        if self.value("archived"):
            posts = posts.archived()
        else:
            posts = posts.current()
        author = self.value("author")
        if self.mine_only:
            posts = posts.filter(author=self.user)
        elif author and author != self.ANYONE:
            posts = posts.filter(author_id=int(author))
        if self.value("state"):
            posts = posts.filter(state=self.value("state"))
        if self.value("situation"):
            posts = lists.in_situation(posts, self.value("situation"))
        if self.value("objective"):
            posts = posts.filter(current_version__objective=self.value("objective"))
        if self.value("network"):
            # The networks are a JSON list; its text holds each one in quotes.
            # Portable: SQLite has no JSON containment lookup.
            posts = posts.annotate(
                networks_text=Cast("current_version__networks", TextField())
            ).filter(networks_text__contains=f'"{self.value("network")}"')
        field = DATE_FIELDS[self.value("date_field") or "planned"]
        if self.value("date_from"):
            posts = posts.filter(**{f"{field}__date__gte": self.value("date_from")})
        if self.value("date_to"):
            posts = posts.filter(**{f"{field}__date__lte": self.value("date_to")})
        query = self.value("q").strip()
        if query:
            # The other language's text and the per-network texts count too.
            posts = posts.filter(
                Q(current_version__text__icontains=query)
                | Q(current_version__variants__text__icontains=query)
            ).distinct()
        return posts
