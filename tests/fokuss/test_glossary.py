"""The words of docs/glossary.md on the sign-in page (allauth's own Indonesian catalog writes
"e-mail" and "Ingat Saya")."""

import re

import pytest


@pytest.mark.django_db
def test_login_form_uses_the_glossary(client):
    html = client.get("/accounts/login/").content.decode()
    labels = [re.sub(r"<[^>]+>|\*", "", label).strip() for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)]
    assert "Alamat email" in labels
    assert "Kata sandi" in labels
    assert "Ingat saya" in labels
    assert "e-mail" not in html.lower()
    assert "Ingat Saya" not in html
