"""YHTEISO_EMAIL_URL: each supported form becomes Django's e-mail settings; a bad one is refused with a message."""

import pytest

from yhteiso.config.env import ConfigurationError, email_from_url


def test_smtp_with_starttls_and_credentials():
    backend, options = email_from_url("smtp://mailer:p%40ss@mail.example.fi:587?tls=true")
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert options == {"EMAIL_HOST": "mail.example.fi", "EMAIL_PORT": 587, "EMAIL_HOST_USER": "mailer",
                       "EMAIL_HOST_PASSWORD": "p@ss", "EMAIL_USE_SSL": False, "EMAIL_USE_TLS": True}


def test_smtps_uses_implicit_tls_on_465_by_default():
    _backend, options = email_from_url("smtps://mail.example.fi")
    assert options["EMAIL_PORT"] == 465 and options["EMAIL_USE_SSL"] and not options["EMAIL_USE_TLS"]


@pytest.mark.parametrize(("url", "name"), [("console:", "console"), ("locmem:", "locmem"), ("dummy:", "dummy")])
def test_local_backends(url, name):
    assert email_from_url(url) == (f"django.core.mail.backends.{name}.EmailBackend", {})


def test_file_backend_needs_a_directory():
    assert email_from_url("file:///var/mail/yhteiso")[1] == {"EMAIL_FILE_PATH": "/var/mail/yhteiso"}
    with pytest.raises(ConfigurationError, match="directory"):
        email_from_url("file:///")


@pytest.mark.parametrize("url", ["http://mail.example.fi", "smtp://", "sendmail:"])
def test_unusable_urls_are_refused_with_a_message(url):
    with pytest.raises(ConfigurationError, match="YHTEISO_EMAIL_URL"):
        email_from_url(url)
