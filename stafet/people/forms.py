"""The participant's profile as a caseworker enters it (the person, their occupations and their languages), and the
mentor's profile as the mentor gives it."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput, WarnsAboutCPR
from stafet.i18n import in_page_language
from stafet.organisations.models import Organisation, Site
from stafet.people.models import CVEntry, Mentor, Participant
from stafet.reference.models import CEFR, Country, Industry, Language, Occupation, Postcode

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ParticipantProfileForm(WarnsAboutCPR, forms.ModelForm):
    """The profile fields of the backbone. The home postcode is typed (four digits) rather than picked
    from 1,100 options; a postcode outside the chosen municipality is allowed but flagged by
    :meth:`postcode_warning`, since citizens do move before the register catches up."""

    home_postcode = forms.CharField(
        label=_("home postcode"), max_length=4, widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4})
    )
    industries = forms.ModelMultipleChoiceField(
        label=_("industries"),
        queryset=Industry.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Participant
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "birth_year",
            "gender",
            "country_of_origin",
            "arrival_date",
            "residence_permit_date",
            "municipality",
            "home_postcode",
            "education_level",
            "education_field",
            "industries",
            "job_readiness",
            "goal",
            "competences",
        ]
        widgets = {
            "arrival_date": DateInput(),
            "residence_permit_date": DateInput(),
            "competences": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Alphabetical in the language shown, so "Østrig" is not listed after "Australien".
        name = in_page_language({"da": "name_da", "en": "name_en"})
        cast(forms.ModelChoiceField, self.fields["country_of_origin"]).queryset = Country.objects.order_by(name)

    def clean_gender(self) -> str:
        return self.cleaned_data.get("gender") or Participant.Gender.NOT_STATED

    def clean_home_postcode(self) -> Postcode:
        code = self.cleaned_data["home_postcode"].strip()
        postcode = Postcode.objects.select_related("municipality").filter(pk=code).first()
        if postcode is None:
            raise forms.ValidationError(_("“%(code)s” is not a Danish postcode."), params={"code": code})
        return postcode

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        arrival, permit = data.get("arrival_date"), data.get("residence_permit_date")
        if arrival and permit and permit < arrival:
            self.add_error("residence_permit_date", _("The residence permit cannot be granted before arrival."))
        return data

    def postcode_warning(self) -> str:
        """A sentence when the home postcode lies in another municipality than the one chosen; else ''."""
        postcode, municipality = self.cleaned_data.get("home_postcode"), self.cleaned_data.get("municipality")
        if postcode and municipality and postcode.municipality_id != municipality.pk:
            # One postcode, one (main) municipality in the reference data; the real border can split a postcode.
            return _(
                "Postcode %(postcode)s lies mainly in %(actual)s, not in %(chosen)s. Check the municipality: "
                "a postcode can cross a municipal border."
            ) % {
                "postcode": postcode,
                "actual": postcode.municipality,
                "chosen": municipality,
            }
        return ""


class OccupationRowForm(forms.Form):
    """One occupation with its ISCO-08 unit group (4 digits, as in DISCO-08) and years of experience."""

    code = forms.CharField(
        label=_("ISCO-08 code"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"list": "isco-unit-groups", "inputmode": "numeric", "size": 6}),
    )
    years = forms.DecimalField(
        label=_("years"), max_digits=4, decimal_places=1, min_value=Decimal(0), max_value=Decimal(60), required=False
    )

    def occupation_label(self) -> str:
        """The label of a valid code already typed, shown beside it when the page comes back with errors."""
        occupation = self.cleaned_data.get("occupation") if hasattr(self, "cleaned_data") else None
        return occupation.label if occupation else ""

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        code, years = (data.get("code") or "").strip(), data.get("years")
        if not code and years is None:
            return data
        if not code:
            self.add_error("code", _("Give the ISCO-08 code for these years."))
            return data
        occupation = Occupation.objects.filter(pk=code).first()
        if occupation is None or occupation.level != Occupation.Level.UNIT:
            hint = _(" (%(label)s is a broader group)") % {"label": occupation.label} if occupation else ""
            self.add_error(
                "code",
                _("“%(code)s” is not an ISCO-08 unit group: give 4 digits, e.g. 2512 for software developers%(hint)s.")
                % {"code": code, "hint": hint},
            )
            return data
        if years is None:
            self.add_error("years", _("Give the years of experience as %(label)s.") % {"label": occupation.label})
        data["occupation"] = occupation
        return data


class LanguageRowForm(forms.Form):
    language = forms.ModelChoiceField(label=_("language"), queryset=Language.objects.all(), required=False)
    level = forms.ChoiceField(label=_("level (CEFR)"), choices=[("", "–"), *CEFR.choices], required=False)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        language, level = data.get("language"), data.get("level")
        if language and not level:
            self.add_error("level", _("Give the level in %(language)s.") % {"language": language})
        elif level and not language:
            self.add_error("language", _("Choose the language for level %(level)s.") % {"level": level})
        return data


class _UniqueRowsFormSet(forms.BaseFormSet):
    key: str
    message: "StrOrPromise"

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            value = form.cleaned_data.get(self.key)
            if value and value in seen:
                raise forms.ValidationError(self.message % {"value": value})
            seen.add(value)


class _OccupationFormSet(_UniqueRowsFormSet):
    key = "occupation"
    message = _("%(value)s is given twice; add the years together in one row.")

    def rows(self) -> list[tuple[Occupation, Decimal]]:
        return [
            (f.cleaned_data["occupation"], f.cleaned_data["years"])
            for f in self.forms
            if "occupation" in f.cleaned_data
        ]


class _LanguageFormSet(_UniqueRowsFormSet):
    key = "language"
    message = _("%(value)s is given twice.")

    def rows(self) -> list[tuple[Language, str]]:
        return [
            (f.cleaned_data["language"], f.cleaned_data["level"]) for f in self.forms if f.cleaned_data.get("language")
        ]


# Fixed rows rather than rows added by script: the form works without JavaScript, and few citizens
# bring more than three occupations or five languages. ``absolute_max``: a crafted row count builds at most
# ten rows (Django's own limit is a thousand more than max_num).
# (formset_factory makes a subclass of ``formset``; django-stubs type it as the plain BaseFormSet.)
OccupationFormSet = cast(
    type[_OccupationFormSet],
    forms.formset_factory(OccupationRowForm, formset=_OccupationFormSet, extra=3, max_num=10, absolute_max=10),
)
LanguageFormSet = cast(
    type[_LanguageFormSet],
    forms.formset_factory(LanguageRowForm, formset=_LanguageFormSet, extra=5, max_num=10, absolute_max=10),
)


class MentorProfileForm(forms.ModelForm):
    """The mentor's profile: the one form of the public sign-up page and of the mentor's own profile. The employer
    is one of ``organisations`` (the programme's partner companies, or its NGO for a volunteer); a company's mentor
    names the site they work at, a volunteer their home postcode. The occupation is an ISCO-08 code."""

    home_postcode = forms.CharField(
        label=_("home postcode"),
        max_length=4,
        required=False,
        help_text=_("Volunteers meet near home: give your postcode. Company mentors may leave it empty."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    occupation = forms.CharField(
        label=_("occupation (ISCO-08 code)"),
        max_length=4,
        required=False,
        help_text=_("Four digits, e.g. 2512 for software developers, 2421 for management analysts."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    capacity = forms.IntegerField(
        label=_("capacity (mentees)"), min_value=1, max_value=10, initial=1,
        help_text=_("How many mentees you can take at the same time (1–10)."),
    )  # fmt: skip

    class Meta:
        model = Mentor
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation",
            "site",
            "home_postcode",
            "job_title",
            "occupation",
            "industry",
            "years_experience",
            "leadership_experience",
            "capacity",
            "availability",
        ]
        labels = {"organisation": _("employer"), "site": _("where you work")}

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], email_required: bool = True, **kwargs: Any
    ) -> None:
        # ``email_required=False``: a coordinator may enter a mentor who has no email address yet (no login then).
        super().__init__(*args, **kwargs)
        self.fields["email"].required = email_required
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = Site.objects.filter(
            organisation__in=organisations
        ).select_related("organisation")
        self.fields["years_experience"].help_text = _("Years of work experience in all, in whole years.")
        if self.instance.pk:
            self.initial["home_postcode"] = self.instance.home_postcode_id or ""
            self.initial["occupation"] = self.instance.occupation_id or ""

    def clean_home_postcode(self) -> Postcode | None:
        code = self.cleaned_data["home_postcode"].strip()
        if not code:
            return None
        postcode = Postcode.objects.filter(pk=code).first()
        if postcode is None:
            raise forms.ValidationError(_("“%(code)s” is not a Danish postcode."), params={"code": code})
        return postcode

    def clean_occupation(self) -> Occupation | None:
        code = self.cleaned_data["occupation"].strip()
        if not code:
            return None
        occupation = Occupation.objects.filter(pk=code, level=Occupation.Level.UNIT).first()
        if occupation is None:
            raise forms.ValidationError(
                _("“%(code)s” is not an ISCO-08 unit group: give 4 digits, e.g. 2512 for software developers."),
                params={"code": code},
            )
        return occupation

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        organisation, site = data.get("organisation"), data.get("site")
        if organisation and site and site.organisation_id != organisation.pk:
            self.add_error(
                "site", _("%(site)s is not one of %(org)s's sites.") % {"site": site.name, "org": organisation}
            )
        elif organisation and organisation.kind == Organisation.Kind.COMPANY and not site:
            self.add_error("site", _("Choose the site of %(org)s where you work.") % {"org": organisation})
        # Without an employer chosen too (the model's "a site or a postcode" rule would otherwise say it in its own
        # words: "Constraint … is violated").
        company = organisation and organisation.kind == Organisation.Kind.COMPANY
        if not company and not site and not data.get("home_postcode"):
            self.add_error("home_postcode", _("Give your home postcode: volunteers meet near home."))
        return data


class ParticipantOwnProfileForm(forms.ModelForm):
    """What a participant edits of their own profile: how to reach them, their goal and their competences."""

    class Meta:
        model = Participant
        fields = ["email", "phone", "goal", "competences", "education_field"]
        widgets = {"competences": forms.Textarea(attrs={"rows": 4})}


class CVRowForm(forms.Form):
    """One line of the CV; an empty row is skipped."""

    kind = forms.ChoiceField(label=_("kind"), choices=[("", "–"), *CVEntry.Kind.choices], required=False)
    title = forms.CharField(label=_("what"), max_length=200, required=False)
    place = forms.CharField(label=_("where"), max_length=200, required=False)
    started_on = forms.DateField(label=_("from"), required=False, widget=DateInput())
    ended_on = forms.DateField(label=_("to"), required=False, widget=DateInput())

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not any(data.get(k) for k in ("kind", "title", "place", "started_on", "ended_on")):
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Choose whether this is an education, a job or a skill."))
        if not data.get("title"):
            self.add_error("title", _("Write the education, the job or the skill."))
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The end cannot be before the start."))
        return data


class _CVFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        keys = ("kind", "title", "place", "started_on", "ended_on")
        return [{k: f.cleaned_data.get(k) or ("" if k in ("place",) else None) for k in keys}
                for f in self.forms if f.cleaned_data.get("title")]  # fmt: skip


CVFormSet = forms.formset_factory(CVRowForm, formset=_CVFormSet, extra=3, max_num=40, absolute_max=40)


class CVUploadForm(forms.Form):
    """The CV as a PDF: checked for its type (the file's own first bytes, not only its name) and its size."""

    pdf = forms.FileField(label=_("CV as a PDF"), required=False, help_text=_("A PDF file of at most 5 MB."))
    remove = forms.BooleanField(label=_("Remove the uploaded CV"), required=False)

    def clean_pdf(self) -> Any:
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        if upload.size > settings.CV_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(mb).1f MB; a CV may be at most %(max)d MB."),
                params={"mb": upload.size / 1024 / 1024, "max": settings.CV_MAX_BYTES // 1024 // 1024},
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-" or not upload.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("“%(name)s” is not a PDF file."), params={"name": upload.name[:100]})
        return upload
