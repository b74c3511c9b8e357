"""Login limits that cannot be walked around: a client's failures keep
counting after it signs in to an account of its own, and guesses sent at
once at one account are counted before any password is checked."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from bot.app import services_of
from bot.staff.throttle import LoginThrottle
from tests.bot.web.staff.conftest import email_of, sign_in


def test_a_successful_login_does_not_reset_the_clients_count(console_app: Flask) -> None:
    client = console_app.test_client()
    for number in range(19):
        assert sign_in(client, f"nobody{number}@oie.example", "guess") == 401
    assert sign_in(client, email_of("viewer")) == 302  # the attacker's own account
    client.post("/staff/logout")
    fresh = console_app.test_client()  # same address, a new browser
    assert sign_in(fresh, "victim@oie.example", "guess") == 401  # the 20th failure from this client
    assert sign_in(fresh, email_of("editor")) == 429  # now refused, right password or not


def test_guesses_sent_at_once_are_counted_before_any_is_checked(console_app: Flask) -> None:
    throttle = LoginThrottle(services_of(console_app).database)
    email = email_of("admin")

    def guess(number: int) -> bool:
        attempt = throttle.begin(email, f"198.51.100.{number}")
        if attempt.wait_seconds:
            return False
        throttle.finish(attempt, succeeded=False)  # a wrong password
        return True

    with ThreadPoolExecutor(max_workers=16) as pool:
        allowed = sum(pool.map(guess, range(40)))
    assert allowed == 5
