"""The project's form renderer (dkfds markup for every field) and the one way an action's refusal reaches a form."""

import re

from django import forms
from django.core.exceptions import ValidationError

from stafet.forms import add_action_error
from stafet.mentorships.forms import MeetingForm
from tests.auth import log_in


class Sample(forms.Form):
    topics = forms.MultipleChoiceField(
        choices=[("cv", "CV"), ("network", "Network")], widget=forms.CheckboxSelectMultiple
    )
    scope = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    venue = forms.ChoiceField(choices=[("site", "Site")])
    note = forms.CharField(required=False, help_text="A line or two.")
    agree = forms.BooleanField(label="I agree")


def test_a_checkbox_list_renders_as_dkfds_checkboxes_not_radio_buttons():
    html = str(Sample()["topics"].as_field_group())
    assert html.count('type="checkbox"') == 2 and html.count('class="form-checkbox"') == 2
    assert html.count('class="form-group-checkbox"') == 2 and "radio" not in html
    assert "<fieldset" in html and '<legend class="form-label">Topics</legend>' in html


def test_radio_buttons_select_text_and_a_single_checkbox_get_their_dkfds_classes():
    form = Sample()
    assert str(form["scope"].as_field_group()).count('class="form-group-radio"') == 2
    assert 'class="form-radio"' in str(form["scope"].as_field_group())
    assert '<select name="venue" class="form-select"' in str(form["venue"].as_field_group())
    note = str(form["note"].as_field_group())
    assert 'class="form-input"' in note and "(optional)" in note and 'id="id_note_helptext"' in note
    agree = str(form["agree"].as_field_group())
    assert 'class="form-group-checkbox"' in agree and 'class="form-checkbox"' in agree


def test_an_error_is_tied_to_its_input_for_screen_readers():
    form = Sample({"scope": "a", "venue": "elsewhere", "agree": "on"})
    html = str(form["venue"].as_field_group())
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1)
    assert 'aria-invalid="true"' in html and f'id="{described}"' in html and "form-error-message" in html


def test_the_error_summary_links_to_each_field_with_an_error_radio_buttons_and_checkboxes_too():
    html = str(Sample({}))
    summary = re.search(r'data-testid="error-summary".*?</ul>', html, re.S).group(0)
    targets = re.findall(r'href="#([^"]*)"', summary)
    assert targets == ["id_topics_0", "id_scope_0", "id_venue", "id_agree"]
    assert all(f'id="{target}"' in html for target in targets)


def test_an_actions_refusal_lands_on_the_field_it_names_else_above_the_form():
    form = Sample({"topics": ["cv"], "scope": "a", "venue": "site", "agree": "on"})
    assert form.is_valid()
    add_action_error(ValidationError({"venue": "Not this programme's setting.", "day": "Not a weekday."}), form)
    assert form.errors["venue"] == ["Not this programme's setting."]
    assert form.non_field_errors() == ["Not a weekday."]
    assert 'data-testid="form-errors"' in str(form.non_field_errors())


def test_a_refusal_on_a_form_shown_fresh_is_shown_too():
    form = Sample()
    add_action_error(ValidationError("Someone took it first."), form)
    assert form.non_field_errors() == ["Someone took it first."]


def test_the_meeting_forms_topics_are_checkboxes(world):
    html = str(MeetingForm.for_mentorship(world.mentorship)["topics"].as_field_group())
    assert 'type="checkbox"' in html and "form-radio" not in html


def test_the_admin_keeps_djangos_markup(world, client):
    log_in(client, world.users["admin"])
    html = client.get(f"/admin/programmes/programme/{world.programme_p.pk}/change/").content.decode()
    assert 'class="vTextField"' in html and "form-input" not in html
