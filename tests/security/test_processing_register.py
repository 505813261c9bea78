"""The processing register: every personal-data handler tells the privacy page what it
holds, why, on which legal basis and for how long, and the periods match the code."""

import inspect
import re
import string

from django.conf import settings
from django.utils import translation

import pytest

from motesplats.accounts import gdpr
from motesplats.accounts.gdpr import LegalBasis

# Settings each handler's retention works with, where the code reads them somewhere
# the source of its purge hook does not show (the accounts purge lives in
# accounts.services; messages read theirs through a helper).
USES = {
    "account": {"RETENTION_UNCONFIRMED_ACCOUNT_DAYS"},
    "audit_log": {"RETENTION_AUDIT_LOG_DAYS"},
    "actors_profiles": {"RETENTION_MESSAGE_DAYS"},
}
# Purge hooks driven by a date the member chose, not by a setting.
DATE_DRIVEN = {"actors_needs_offers"}


def _placeholders(text) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def _settings_in_purge(handler) -> set[str]:
    purge = handler.extra.get("purge")
    if purge is None:
        return set()
    return set(re.findall(r"settings\.([A-Z][A-Z0-9_]+)", inspect.getsource(purge)))


def test_there_is_a_register():
    assert len(gdpr.handlers()) >= 15


@pytest.mark.parametrize("handler", gdpr.handlers(), ids=lambda h: h.name)
def test_every_handler_fills_the_register(handler, en):
    for field in ("title", "purpose", "data", "period"):
        assert str(getattr(handler, field)).strip(), f"{handler.name}.{field}"
    assert handler.legal_basis in LegalBasis.values, handler.name
    assert handler.legal_basis_label()
    # One short sentence or a few: a register, not a policy.
    assert len(str(handler.title)) <= 60
    assert str(handler.period).strip().endswith(".")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("handler", gdpr.handlers(), ids=lambda h: h.name)
def test_periods_are_filled_from_the_settings(handler, language):
    with translation.override(language):
        text = handler.period_text()
        names = _placeholders(handler.period)
    assert "{" not in text, text
    for name in names:
        assert str(getattr(settings, name)) in text, (handler.name, name)


def test_a_changed_setting_changes_the_period(settings, en):
    settings.RETENTION_MESSAGE_DAYS = 123
    settings.COMMENTS_GUEST_CONFIRM_HOURS = 7
    by_name = {h.name: h for h in gdpr.handlers()}
    assert "123 days" in by_name["actors_profiles"].period_text()
    assert "7 hours" in by_name["comments"].period_text()


@pytest.mark.parametrize("handler", gdpr.handlers(), ids=lambda h: h.name)
def test_each_period_names_the_settings_its_retention_uses(handler):
    used = USES.get(handler.name, set()) | _settings_in_purge(handler)
    if "purge" in handler.extra and handler.name not in DATE_DRIVEN:
        assert used, f"{handler.name} purges but names no setting"
    missing = used - _placeholders(handler.period)
    assert missing == set(), f"{handler.name}'s period does not name {missing}"
    for name in used:
        assert isinstance(getattr(settings, name), int), name


def test_what_stays_is_said_where_erasure_keeps_rows():
    """Handlers whose eraser keeps anonymised rows say so on the delete-account page."""
    keeps = {
        "audit_log",
        "actors_coalitions",
        "actors_needs_offers",
        "actors_organisations",
        "comments",
        "event_meetings",
        "event_registrations",
        "impact_models",
        "innovation_submissions",
        "survey_answers",
    }
    by_name = {h.name: h for h in gdpr.handlers()}
    for name in keeps:
        assert str(by_name[name].kept_after_erasure).strip(), name
    for name in ("actors_profiles", "follows", "two_factor", "email_addresses"):
        assert not str(by_name[name].kept_after_erasure).strip(), name
