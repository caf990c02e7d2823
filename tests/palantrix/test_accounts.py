"""Logging in and out, resetting a forgotten password by email, and the team pages."""

import re
import time

import pytest
from django.urls import reverse

from palantrix import services
from palantrix.models import AuditEvent, Membership, Role

pytestmark = pytest.mark.django_db


def test_login_with_email_in_any_case_lands_on_the_dashboard(client, recruiter, org):
    response = client.post(
        reverse("login"),
        {"username": "Recruiter@ACME.test", "password": "correct-horse-battery-staple"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard", kwargs={"org": org.slug})
    assert "Acme Robotics" in response.content.decode()


def test_wrong_password_shows_a_clear_message(client, recruiter):
    response = client.post(reverse("login"), {"username": "recruiter@acme.test", "password": "no"})
    assert response.status_code == 200
    assert "didn't match" in response.content.decode()


def test_logout_ends_the_session(client_for, recruiter, org):
    client = client_for(recruiter)
    client.post(reverse("logout"))
    response = client.get(reverse("dashboard", kwargs={"org": org.slug}))
    assert response.status_code == 302


def test_password_reset_email_arrives_over_smtp_and_its_link_sets_a_new_password(
    client, recruiter, mail_sink
):
    client.post(reverse("password_reset"), {"email": "recruiter@acme.test"})

    (message,) = mail_sink.wait_for("recruiter@acme.test")
    assert message["Subject"] == "Reset your Palantrix password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.get_content()).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    client.logout()
    assert client.login(username="recruiter@acme.test", password="a-brand-new-passphrase")


def test_admin_changes_a_role_and_it_is_audited(client_for, admin, recruiter, org):
    membership = Membership.objects.get(user=recruiter)
    client = client_for(admin)
    url = reverse("member_edit", kwargs={"org": org.slug, "membership_id": membership.public_id})
    client.post(url, {"role": Role.HIRING_MANAGER})
    membership.refresh_from_db()
    assert membership.role == Role.HIRING_MANAGER
    event = AuditEvent.objects.get(action="palantrix.member.role_changed")
    assert event.data == {"from": "recruiter", "to": "hiring_manager"}
    assert event.actor_id == str(admin.pk)


def test_the_last_admin_cannot_be_removed(client_for, admin, org):
    membership = Membership.objects.get(user=admin)
    client = client_for(admin)
    url = reverse("member_remove", kwargs={"org": org.slug, "membership_id": membership.public_id})
    response = client.post(url, follow=True)
    assert "needs at least one admin" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_expired_or_unknown_team_invitation_shows_a_clear_page(client):
    response = client.get(reverse("team_invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_branding_is_saved_and_audited_without_personal_data(client_for, admin, org):
    client = client_for(admin)
    client.post(
        reverse("organization_settings", kwargs={"org": org.slug}),
        {"name": "Acme Robotics", "sender_name": "Acme Talent", "brand_color": "#aa3300"},
    )
    org.refresh_from_db()
    assert (org.sender_name, org.brand_color) == ("Acme Talent", "#aa3300")
    event = AuditEvent.objects.get(action="palantrix.organization.updated")
    assert event.data == {"fields": ["brand_color", "sender_name"]}


def test_an_invited_teammate_email_is_refused_when_already_a_member(admin, recruiter, org):
    with pytest.raises(services.InvitationInvalid, match="already a member"):
        services.team_invitation_send(
            organization=org, actor=admin, email="RECRUITER@acme.test", role=Role.RECRUITER
        )


def test_django_admin_works_for_staff_and_shows_the_audit_log_read_only(client, make, admin, org):
    from palantrix import audit

    audit.record(organization=org, actor=admin, action="palantrix.member.invited")
    staff = make.user("staff@palantrix.test")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    assert client.get("/admin/palantrix/organization/").status_code == 200
    events = client.get("/admin/palantrix/auditevent/")
    assert events.status_code == 200
    assert "palantrix.member.invited" in events.content.decode()
    assert client.get("/admin/palantrix/auditevent/add/").status_code == 403


def test_members_without_staff_rights_cannot_open_the_django_admin(client_for, admin):
    response = client_for(admin).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_after_ten_wrong_passwords_even_the_right_one_is_held(client, recruiter, settings):
    url = reverse("login")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        client.post(url, {"username": "recruiter@acme.test", "password": "guess"})

    response = client.post(
        url,
        {"username": "recruiter@acme.test", "password": "correct-horse-battery-staple"},
        REMOTE_ADDR="203.0.113.9",  # another address: the account itself is held
    )

    assert "Too many failed logins for this account or from your network" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_one_client_guessing_many_accounts_is_held(client, make, settings):
    settings.LOGIN_FAILURES_PER_CLIENT = 5
    url = reverse("login")
    for number in range(5):
        client.post(url, {"username": f"nobody{number}@acme.test", "password": "x"})
    person = make.user("fresh@acme.test")

    held = client.post(url, {"username": person.email, "password": "correct-horse-battery-staple"})
    elsewhere = client.post(
        url,
        {"username": person.email, "password": "correct-horse-battery-staple"},
        REMOTE_ADDR="198.51.100.4",
    )

    assert "Too many failed logins" in held.content.decode()
    assert elsewhere.status_code == 302


def test_password_reset_emails_to_one_inbox_are_limited(client, recruiter, mail_sink, settings):
    url = reverse("password_reset")
    for _ in range(settings.PASSWORD_RESETS_PER_ADDRESS):
        assert client.post(url, {"email": "recruiter@acme.test"}).status_code == 302

    refused = client.post(url, {"email": "recruiter@acme.test"})

    assert refused.status_code == 200
    assert "Email: too many reset emails" in refused.content.decode()
    assert len(mail_sink.wait_for("recruiter@acme.test", count=3)) == 3
    time.sleep(1)
    assert len(mail_sink.messages_to("recruiter@acme.test")) == 3


def test_when_redis_is_unreachable_login_still_works(client, recruiter, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    from django.core.cache import caches

    caches._settings = None
    response = client.post(
        reverse("login"),
        {"username": "recruiter@acme.test", "password": "correct-horse-battery-staple"},
    )

    assert response.status_code == 302
    assert "the cache is unreachable" in caplog.text
